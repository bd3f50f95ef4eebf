#!/usr/bin/env bash
# Installs the Debian packages ifa026-sim needs to build and test, or says which are missing.
# Run as root it uses apt-get (non-interactively); otherwise it prints the one command to run
# and exits 2. The package list below is the single place the project's system needs live.
set -euo pipefail

packages=(
  build-essential cmake ninja-build git pkg-config
  nlohmann-json3-dev
  libgtest-dev libgmock-dev googletest
  libbenchmark-dev
  libssl-dev openssl gnutls-bin
  libboost-dev libboost-context-dev
  parallel libgraphviz-dev
  python3
  # The foreign CA of the adapter-protocol tests (tests/actors/external/python/ifa026_ca.py,
  # docs/adapter-protocol.md): CMP/CRMF in pyasn1, CBOR envelopes, keys and certificates.
  python3-cryptography python3-pyasn1 python3-pyasn1-modules python3-cbor2
  zlib1g-dev
  # Compressed traces (--compress-trace; sim/trace_lines).
  libzstd-dev zstd
  # The libFuzzer targets (fuzz/, docs/fuzzing.md; `make fuzz`, CI's short pass): clang 14 and
  # compiler-rt, which holds libclang_rt.fuzzer and the sanitizer runtimes (only recommended by
  # clang's packages, so named here for --no-install-recommends).
  clang libclang-rt-14-dev
  # The report page (reports/web, docs/reports.md): Node.js and npm build it (`npm ci`, then
  # build.mjs; Debian 12's nodejs 18 and npm 9 are enough), Chromium runs its browser test.
  nodejs npm chromium
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    # A nodejs package from another Debian archive may bundle npm (it then conflicts with
    # Debian's npm package): a working npm command is enough.
    if [ "$p" = npm ] && command -v npm >/dev/null 2>&1; then
      continue
    fi
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "ifa026-sim: missing Debian packages. Install them with:" >&2
  echo "  sudo apt-get install -y ${missing[*]}" >&2
  exit 2
fi

echo "ifa026-sim: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
if ! apt-get install -y --no-install-recommends "${missing[@]}" </dev/null; then
  apt-get update </dev/null
  apt-get install -y --no-install-recommends "${missing[@]}" </dev/null
fi
