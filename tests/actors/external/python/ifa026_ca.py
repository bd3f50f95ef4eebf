#!/usr/bin/python3
"""A CA of direct mode (ETSI GS NFV-IFA 026 Annex C.2.1.1) written outside the simulator, played
through the adapter protocol (docs/adapter-protocol.md, "A foreign implementation: the Python
CA"):

    ifa026 conform --external ca-1="/usr/bin/python3 tests/actors/external/python/ifa026_ca.py" \\
        scenarios/annex-c/C.2.1.1.json

Debian packages only: python3-cryptography (keys, certificates, CRLs), python3-pyasn1-modules
(CMP, CRMF), python3-cbor2 (the envelopes). With --fault it is wrong in a named way, for the
tests that show the conformance checks catch it:

    --fault skip-registration-check   issue under any initial-credential reference (unknown,
                                      spent, wrong secret) without checking the registration
    --fault accept-other-fqdn         issue for a subject / dNSName other than the registered one
"""

import argparse
import sys

sys.dont_write_bytecode = True  # run from the source tree (tests, CI): leave no __pycache__ there

from foreign_ca import actor, adapter  # noqa: E402 (after the line above)


def main(argv):
    parser = argparse.ArgumentParser(
        description="The ca actor of direct mode over the ifa026 adapter protocol (stdin/stdout).")
    parser.add_argument("--fault", action="append", default=[], choices=sorted(actor.FAULTS),
                        help="be wrong in this named way (may be repeated)")
    options = parser.parse_args(argv)
    for fault in options.fault:
        print("ifa026_ca.py: fault %s: %s" % (fault, actor.FAULTS[fault]), file=sys.stderr)
    return adapter.Adapter(options.fault).run(sys.stdin)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
