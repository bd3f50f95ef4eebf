"""The `ca` actor of direct mode (Annex C.2.1.1), re-implemented outside the simulator: what the
C++ CA (actors/ca/) does on CA-1 and CRL-DP, with the trace records the conformance checks read.

- RA enrolment: ir protected by PBM under one of `ra_credentials` (reusable); the certificate is
  an RA certificate (IssueCertificate ... ra=true), caPubs carry the root.
- RegisterEndEntityRequest from an RA (C.2.1.1 #2): signed with a current RA certificate of this
  CA over the CBOR of the body without `signature`; registers a one-use (or reusable) initial
  credential with the identity's subject and dNSNames; an identical repeat is registered again
  (repeat=true), a conflicting one refused.
- ir (or p10cr) of an end entity protected by PBM under a registered credential: the requested
  subject and dNSNames must be the registered ones, the credential unused and unexpired; the
  certificate carries the registered identity.
- p10cr signed by an RA certificate (the CMF relaying a MANO entity's CSR, C.4.x.2.6 #3), kur
  signed by the certificate it renews (C.2.1.4), rr signed by the certificate it revokes or by an
  RA (a CRL follows).
- certConf -> pkiConf (a rejected certificate is revoked and a CRL follows), error -> pkiConf.
- Refusals: a CMP error message (protection or credential failures) or ip/cp/kup with status
  rejection and the PKIFailureInfo, traced as the C++ CA traces them.
- CRLs of the issuing CA on CRL-DP at start and every `crl_interval`; workload `replay_crl`.

Requests take the simulated processing time of `processing` on a work queue of `concurrency`
places, as the C++ CA's do (timers of the adapter protocol)."""

import calendar
import hashlib
import re

import cbor2
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

from . import authority as ca_keys
from . import cmp

CA_1 = "CA-1"
CRL_DP = "CRL-DP"
IDLE_TRANSACTION_SECONDS = 300
KEPT_CRLS = 32
CERTIFICATE_REQUESTS = ("ir", "cr", "p10cr", "kur")
OPENING_BODIES = ("ir", "cr", "p10cr", "kur", "rr", "genm")  # the bodies that open a transaction
MAX_END_ENTITY_SECONDS = 1096 * 86400

FAULTS = {
    "skip-registration-check":
        "issue for an ir/p10cr under any initial-credential reference (unknown, spent, expired) "
        "without looking it up or checking the MAC; the template is not compared with a "
        "registration",
    "accept-other-fqdn":
        "issue for the subject and dNSNames the request asks for, even when they are not the "
        "registered ones",
}


# ---------------------------------------------------------------------------------------------
# Parameters (actors/ca/ca_settings.cpp)

_UNITS = [("ms", 10**6), ("us", 10**3), ("ns", 1), ("d", 86400 * 10**9), ("h", 3600 * 10**9),
          ("m", 60 * 10**9), ("s", 10**9)]


def parse_duration_ns(text):
    """sim::parse_duration's compact form ("90d", "1h30m", "10ms", "0"); None otherwise."""
    if not isinstance(text, str):
        return None
    if text.startswith("-"):
        rest = parse_duration_ns(text[1:])
        return None if rest is None else -rest
    if text == "0":
        return 0
    total, pos, matched = 0, 0, False
    pattern = re.compile(r"(\d+(?:\.\d+)?)(ms|us|ns|d|h|m|s)")
    while pos < len(text):
        m = pattern.match(text, pos)
        if m is None:
            return None
        scale = dict(_UNITS)[m.group(2)]
        total += int(float(m.group(1)) * scale)
        pos = m.end()
        matched = True
    return total if matched else None


class Settings:
    def __init__(self, name, params):
        def duration(key, default_ns, within=None):
            source = params.get(within, {}) if within else params
            value = parse_duration_ns(source.get(key)) if isinstance(source, dict) else None
            return default_ns if value is None else value

        self.name = name
        self.root_name = self._name(params.get("root_name"), [("CN", name + " Root CA"),
                                                             ("O", "ifa026")])
        self.issuing_name = self._name(params.get("issuing_name"),
                                       [("CN", name + " Issuing CA"), ("O", "ifa026")])
        self.key_type = params.get("key_type", "ec-p256")
        validity = duration("validity", 365 * 86400 * 10**9) // 10**9
        self.validity = validity if 0 < validity <= MAX_END_ENTITY_SECONDS else 365 * 86400
        ca_validity = duration("ca_validity", 3650 * 86400 * 10**9) // 10**9
        self.ca_validity = ca_validity if ca_validity > 0 else 3650 * 86400
        self.issue_ns = duration("issue", 5 * 10**6, "processing")
        self.revoke_ns = duration("revoke", 1 * 10**6, "processing")
        self.crl_ns = duration("crl", 10 * 10**6, "processing")
        self.register_ns = duration("register", 1 * 10**6, "processing")
        concurrency = params.get("concurrency", 1)
        self.concurrency = max(1, concurrency if isinstance(concurrency, int) else 1)
        self.ra_credentials = {}
        for entry in params.get("ra_credentials", []) or []:
            if isinstance(entry, dict) and entry.get("reference") and entry.get("secret"):
                self.ra_credentials[entry["reference"]] = entry["secret"].encode("utf-8")
        self.ra_subjects = [s for s in params.get("ra_subjects", []) or [] if isinstance(s, str)]
        self.crl_interval_ns = max(0, duration("crl_interval", 86400 * 10**9))
        default_next = max(1, 2 * (self.crl_interval_ns // 10**9))
        next_update = duration("crl_next_update", default_next * 10**9) // 10**9
        self.crl_next_update = next_update if next_update > 0 else default_next
        self.crl_subscribers = [s for s in params.get("crl_subscribers", []) or []
                                if isinstance(s, str)]

    @staticmethod
    def _name(text, default):
        if isinstance(text, str):
            try:
                pairs = cmp.parse_name_text(text)
                if pairs:
                    return pairs
            except ValueError:
                pass
        return default


# ---------------------------------------------------------------------------------------------
# Helpers


def format_utc(unix_ns):
    """sim::format_utc: "2026-04-01T00:00:00Z", fractions without trailing zeros."""
    seconds, fraction = divmod(unix_ns, 10**9)
    text = ca_keys.utc(seconds).strftime("%Y-%m-%dT%H:%M:%S")
    if fraction:
        text += "." + ("%09d" % fraction).rstrip("0")
    return text + "Z"


class Detail:
    """TraceDetail: "key=value; key=value" (';' in values becomes ',')."""

    def __init__(self):
        self.pairs = []

    def add(self, key, value):
        self.pairs.append((key, str(value).replace(";", ",")))
        return self

    def text(self):
        return "; ".join(k + "=" + v for k, v in self.pairs)


def step_after(step, offset):
    """A request at F#N is worked on at F#N+1 and answered at F#N+2 (the flow tables of every
    flow that reaches a CA have these rows); a step that is no table row stays as it is."""
    m = re.fullmatch(r"(.+)#(\d+)", step or "")
    return "%s#%d" % (m.group(1), int(m.group(2)) + offset) if m else (step or "")


def encode_envelope(operation, step, body):
    document = {"body": body, "operation": operation}
    if step:
        document["step"] = step
    return cbor2.dumps(document)


class Malformed(Exception):
    """A body that does not decode as its typed message: "/pointer: reason"."""


def _field(body, key, kind, required=True):
    """actors/messages/codec.hpp's reading rules for one field."""
    if key not in body or body[key] is None:
        if required:
            raise Malformed("/%s: missing" % key)
        return None
    value = body[key]
    if kind == "uint":
        if isinstance(value, bool) or not isinstance(value, int):
            raise Malformed("/%s: expected an integer" % key)
        if value < 0:
            raise Malformed("/%s: expected a non-negative integer" % key)
    elif kind == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            raise Malformed("/%s: expected an integer" % key)
    elif kind == "str" and not isinstance(value, str):
        raise Malformed("/%s: expected a string" % key)
    elif kind == "bool" and not isinstance(value, bool):
        raise Malformed("/%s: expected a boolean" % key)
    elif kind == "bytes" and not isinstance(value, bytes):
        raise Malformed("/%s: expected a byte string" % key)
    elif kind == "strings":
        if not isinstance(value, list):
            raise Malformed("/%s: expected a list" % key)
        for i, item in enumerate(value):
            if not isinstance(item, str):
                raise Malformed("/%s/%d: expected a string" % (key, i))
    return value


def decode_registration(body):
    """RegisterEndEntityRequest (actors/messages/ca1.hpp), fields in their declared order."""
    if not isinstance(body, dict):
        raise Malformed("expected a map")
    return {
        "exchange": _field(body, "exchange", "uint"),
        "identity": _field(body, "identity", "str"),
        "subject": _field(body, "subject", "str"),
        "dns": _field(body, "dns", "strings"),
        "reference": _field(body, "reference", "str"),
        "secret": _field(body, "secret", "bytes"),
        "one_use": _field(body, "one_use", "bool"),
        "expires": _field(body, "expires", "int", False),
        "signer": _field(body, "signer", "bytes", False),
        "signature": _field(body, "signature", "bytes", False),
    }


def registration_signed_bytes(request):
    """The CBOR the RA signed: the decoded body without `signature`, keys in nlohmann's order
    (sorted), absent optionals left out (actors/common/end_entity_registration.hpp)."""
    body = {k: v for k, v in request.items() if k != "signature" and v is not None}
    return cbor2.dumps({k: body[k] for k in sorted(body)})


def verify_with_key(public_key, signature, data):
    """pki::PublicKey::verify: the digest pki::digest_for picks for the key type."""
    if isinstance(public_key, ec.EllipticCurvePublicKey):
        oid = "1.2.840.10045.4.3.3" if isinstance(public_key.curve, ec.SECP384R1) \
            else "1.2.840.10045.4.3.2"
    elif isinstance(public_key, rsa.RSAPublicKey):
        oid = "1.2.840.113549.1.1.11"
    elif isinstance(public_key, ed25519.Ed25519PublicKey):
        oid = "1.3.101.112"
    else:
        return False
    return cmp.verify_signature(public_key, oid, signature, data)


def describe_san(san):
    out = ["DNS:" + d for d in san["dns"]] + ["IP:" + i for i in san["ip"]] + \
        ["URI:" + u for u in san["uri"]]
    return ", ".join(out) if out else "none"


def same_san(a, b):
    def norm(names, lower=True):
        return sorted(set(n.lower() if lower else n for n in names))
    return (norm(a["dns"]) == norm(b["dns"]) and norm(a["ip"]) == norm(b["ip"])
            and norm(a["uri"], False) == norm(b["uri"], False))


# ---------------------------------------------------------------------------------------------
# State


class Credential:
    """An initial credential the CMP service accepts (pki/cmp_credentials.hpp)."""

    def __init__(self, secret, one_use, expires_ns=None, subject=None):
        self.secret = secret
        self.one_use = one_use
        self.expires_ns = expires_ns
        self.subject = subject  # imposed on the certificate (registered end entities)
        self.used = False

    def refusal(self, now_ns):
        if self.used:
            return "one-use initial credential already used"
        if self.expires_ns is not None and now_ns >= self.expires_ns:
            return "initial credential expired"
        return None

    def spend(self):
        if self.one_use:
            self.used = True


class Registration:
    def __init__(self, identity, fingerprint, one_use, subject, dns):
        self.identity = identity
        self.fingerprint = fingerprint
        self.one_use = one_use
        self.subject = subject  # None once the one-use credential is spent (after certConf)
        self.dns = dns


class Served:
    """What the server answers: the response DER, its body name, the certificate issued, the
    refusal ("failure: text") and whether a certificate was revoked (a CRL follows)."""

    def __init__(self, response, body, issued=None, refusal=None, revoked=False, serial=None):
        self.response = response
        self.body = body
        self.issued = issued
        self.refusal = refusal
        self.revoked = revoked
        self.serial = serial  # rr: the serial it names (hex)


class Transaction:
    def __init__(self, tid, kind):
        self.tid = tid
        self.kind = kind
        self.reference = None  # PBM
        self.signer = None  # signature protection
        self.issued = None  # the certificate awaiting confirmation
        self.cert_req_id = 0
        self.reply_step = ""
        self.last_activity_ns = 0


# ---------------------------------------------------------------------------------------------
# The actor


class CaActor:
    def __init__(self, name, params, epoch_unix_ns, faults=()):
        self.name = name
        self.settings = Settings(name, params)
        self.epoch_unix_ns = epoch_unix_ns
        self.faults = set(faults)
        self.keys = ca_keys.Authority(self.settings, epoch_unix_ns // 10**9)
        self.credentials = {ref: Credential(secret, one_use=False)
                            for ref, secret in self.settings.ra_credentials.items()}
        self.ra_references = set(self.settings.ra_credentials)
        self.ra_serials = set()
        self.registrations = {}  # by credential reference
        self.transactions = {}  # open ones, by transactionID (hex)
        self.ended = {}  # ended transactionIDs (hex) -> unix ns, refused as replays
        self.published = {}  # CRL number -> DER
        # The work queue (actors/common/work_queue.hpp).
        self.running = 0
        self.waiting = []

    # ---- time ----

    def unix_ns(self, ctx):
        return self.epoch_unix_ns + ctx.now_ns

    def now_seconds(self, ctx):
        return self.unix_ns(ctx) // 10**9

    # ---- work queue ----

    def _occupancy(self, ctx):
        ctx.trace("log", "WorkQueue", detail=Detail().add("queue", "ca").add(
            "running", self.running).add("waiting", len(self.waiting)).text())

    def submit(self, ctx, service_ns, label, site, job):
        if self.running < self.settings.concurrency:
            self._start(ctx, (service_ns, label, site, job))
        else:
            self.waiting.append((service_ns, label, site, job))
        self._occupancy(ctx)

    def _start(self, ctx, item):
        service_ns, label, site, job = item
        self.running += 1

        def finish(ctx):
            self.running -= 1
            if self.waiting:
                self._start(ctx, self.waiting.pop(0))
            self._occupancy(ctx)
            ctx.guarded(site, job)

        ctx.schedule(service_ns, label, finish)

    # ---- events ----

    def start(self, ctx):
        self._crl_tick(ctx)

    def _crl_tick(self, ctx):
        self._expire_idle(ctx)
        self.publish_crl(ctx)
        if self.settings.crl_interval_ns > 0:
            ctx.schedule(self.settings.crl_interval_ns, "CrlTick", self._crl_tick)

    def command(self, ctx, command):
        if command.get("name") != "replay_crl":
            return
        args = command.get("args") or {}
        number = args.get("number", 0)
        to = [t for t in args.get("to", []) if isinstance(t, str)] or self.settings.crl_subscribers
        crl = self.published.get(number)
        detail = Detail().add("number", number).add("to", ",".join(to))
        if crl is None:
            detail.add("reason", "no CRL with this number kept")
        ctx.trace("decision", "ReplayCrl", "rejected" if crl is None else "sent",
                  reference_point=CRL_DP, detail=detail.text())
        if crl is not None:
            self._send_crl(ctx, crl, to)

    def receive(self, ctx, message):
        operation = message.get("operation") or "CmpMessage"
        peer = message.get("from", "")
        site = {"operation": operation, "peer": peer, "reference_point": CA_1,
                "step": message.get("step", "")}
        try:
            envelope = cbor2.loads(message["payload_bytes"])
        except Exception as e:  # cbor2 raises several types
            return ctx.malformed(site, "not an envelope: not a CBOR document (%s)" % e)
        if not isinstance(envelope, dict):
            return ctx.malformed(site, "not an envelope: envelope is not a map")
        op = envelope.get("operation")
        if not isinstance(op, str) or not op:
            return ctx.malformed(site, "not an envelope: envelope has no operation")
        step = envelope.get("step", "")
        if not isinstance(step, str):
            return ctx.malformed(site, "not an envelope: envelope step is not a string")
        body = envelope.get("body")
        if not isinstance(body, dict):
            return ctx.malformed(site, "not an envelope: envelope body is not a map")
        if op == "RegisterEndEntityRequest":
            try:
                request = decode_registration(body)
            except Malformed as e:
                reason = "body does not decode: %s" % e
                ctx.malformed(site, reason)
                reply = {"identity": "", "reason": reason, "reference": "",
                         "status": "rejected"}
                ctx.send(peer, CA_1, "RegisterEndEntityResponse", step, reply)
                return
            site = dict(site, operation=op, step=step)
            self.submit(ctx, self.settings.register_ns, "RegisterEndEntity", site,
                        lambda ctx: self.register_end_entity(ctx, peer, step, request))
            return
        # Any other operation carries a CMP message; the DER says which (the name is not
        # trusted).
        try:
            der_bytes = _field(body, "der", "bytes")
            exchange = _field(body, "exchange", "uint", False)
            end_entity = _field(body, "end_entity", "str", False)
        except Malformed as e:
            return ctx.malformed(site, "body does not decode: %s" % e)
        kind = None
        try:
            kind = cmp.Request(der_bytes).body_name
        except cmp.CmpError:
            pass
        if kind in CERTIFICATE_REQUESTS:
            service = self.settings.issue_ns
        elif kind == "rr":
            service = self.settings.revoke_ns
        else:
            service = 0
        site = dict(site, operation=op, step=step)
        self.submit(ctx, service, "ProcessCmp", site,
                    lambda ctx: self.process_cmp(ctx, peer, op, step, exchange, der_bytes,
                                                 end_entity))

    # ---- RegisterEndEntity (actors/ca/ca_end_entity_registration.cpp) ----

    def register_end_entity(self, ctx, peer, step, request):
        detail = Detail().add("identity", request["identity"]).add("reference",
                                                                  request["reference"])

        def answer(status, reason=""):
            if reason:
                detail.add("reason", reason)
            ctx.trace("decision", "RegisterEndEntity", status, peer=peer, reference_point=CA_1,
                      step=step, detail=detail.text())
            reply = {"exchange": request["exchange"], "identity": request["identity"],
                     "reference": request["reference"], "status": status}
            if reason:
                reply["reason"] = reason
            ctx.send(peer, CA_1, "RegisterEndEntityResponse", step, reply)

        # Who asks: a valid signature by a current RA certificate of this CA.
        if request["signer"] is None:
            return answer("rejected", "authentication: no signer certificate")
        if not request["signature"]:
            return answer("rejected", "authentication: no signature")
        try:
            signer = x509.load_der_x509_certificate(request["signer"])
        except ValueError as e:
            return answer("rejected", "authentication: malformed signer certificate: %s" % e)
        if not verify_with_key(signer.public_key(), request["signature"],
                               registration_signed_bytes(request)):
            return answer("rejected", "authentication: signature does not verify")
        detail.add("signer", ca_keys.serial_hex(signer.serial_number))
        problem = self._ra_signer_problem(ctx, signer)
        if problem:
            return answer("rejected", problem)

        # What it registers (actors/common/end_entity_registration.cpp parse_registration).
        if not request["identity"]:
            return answer("rejected", "no identity")
        if not request["subject"]:
            return answer("rejected", "no subject")
        try:
            subject = cmp.parse_name_text(request["subject"])
        except ValueError as e:
            return answer("rejected", "subject: %s" % e)
        if not subject:
            return answer("rejected", "subject is not a distinguished name")
        if any(not name for name in request["dns"]):
            return answer("rejected", "dns holds an empty entry")
        reference = request["reference"]
        if not reference:
            return answer("rejected", "no reference")
        if not request["secret"]:
            return answer("rejected", "no secret")
        dns = sorted(set(request["dns"]))
        expires = request["expires"]
        fingerprint = (request["identity"], tuple(subject), tuple(dns),
                       hashlib.sha256(request["secret"]).hexdigest(), request["one_use"], expires)
        detail.add("subject", cmp.name_text(subject)).add(
            "one_use", "true" if request["one_use"] else "false")
        if expires is not None:
            detail.add("expires", format_utc(expires))
        if reference in self.ra_references:
            return answer("rejected", "reference is an RA credential")
        known = self.registrations.get(reference)
        if known is not None:
            # The same request again (a retry, or a replay) changes nothing, so it may succeed
            # again.
            if known.fingerprint == fingerprint:
                detail.add("repeat", "true")
                return answer("registered")
            return answer("rejected", "reference already registered for " + known.identity)
        if expires is not None and expires <= self.unix_ns(ctx):
            return answer("rejected", "expires in the past")
        self.credentials[reference] = Credential(request["secret"], request["one_use"], expires,
                                                 subject)
        self.registrations[reference] = Registration(request["identity"], fingerprint,
                                                     request["one_use"], subject, dns)
        answer("registered")

    def is_ra(self, certificate):
        if certificate.issuer != self.keys.issuing.subject:
            return False
        if ca_keys.serial_hex(certificate.serial_number) in self.ra_serials:
            return True
        subject = cmp.name_pairs_from_x509(certificate.subject)
        cn = next((v for k, v in subject if k == "CN"), "")
        for entry in self.settings.ra_subjects:
            if cn and entry == cn:
                return True
            try:
                if cmp.parse_name_text(entry) == subject:
                    return True
            except ValueError:
                pass
        return False

    def _validity_problem(self, ctx, certificate):
        """pki::verify_certificate against this CA's root and issuing CA, at now."""
        now_dt = ca_keys.utc(self.now_seconds(ctx))
        for cert in (certificate, self.keys.issuing, self.keys.root):
            if now_dt < cert.not_valid_before:
                return "not-yet-valid"
            if now_dt >= cert.not_valid_after:
                return "expired"
        if not self.keys.issued_here(certificate):
            return "bad-signature"
        return None

    def _ra_signer_problem(self, ctx, signer):
        if not self.is_ra(signer):
            return "signer is not a registration authority of this CA"
        problem = self._validity_problem(ctx, signer)
        if problem:
            return "signer certificate: " + problem
        if self.keys.is_revoked(signer.serial_number):
            return "signer certificate revoked"
        return None

    # ---- CMP (actors/ca/ca_cmp_service.cpp, pki/cmp_server.cpp) ----

    def _protection_for(self, transaction, request):
        """Answers within a transaction are protected as its request was: PBM under the
        credential's secret, or the CA's signature."""
        credential = self.credentials.get(transaction.reference) if transaction.reference else None
        if credential is not None and request is not None and request.is_pbm():
            return cmp.Protection.pbm(credential.secret, transaction.reference.encode("utf-8"),
                                      request)
        return cmp.Protection.signature(self.keys.issuing_key, self.keys.issuing)

    def _message(self, ctx, request, body, protection, extra=()):
        return cmp.build_message(request, self.keys.issuing.subject.public_bytes(), body,
                                 protection, self.now_seconds(ctx), extra)

    def _error(self, ctx, request, failure, text):
        """The CA's own error message: signed, extraCerts the issuing CA (pki/cmp_error_message
        .cpp)."""
        return self._message(ctx, request, cmp.error_body(failure, text),
                             cmp.Protection.signature(self.keys.issuing_key, self.keys.issuing))

    def _close(self, ctx, tid, withdraw):
        transaction = self.transactions.pop(tid, None)
        if transaction is not None and withdraw and transaction.issued is not None:
            # An issued but never confirmed certificate is withdrawn (RFC 4210 5.3.18).
            self.keys.revoke(transaction.issued.serial_number, self.now_seconds(ctx))
            transaction.issued = None
        self.ended[tid] = self.unix_ns(ctx)

    def _expire_idle(self, ctx):
        now = self.unix_ns(ctx)
        for tid, t in list(self.transactions.items()):
            if now - t.last_activity_ns >= IDLE_TRANSACTION_SECONDS * 10**9:
                self._close(ctx, tid, withdraw=True)
        for tid, when in list(self.ended.items()):
            if now - when >= 86400 * 10**9:
                del self.ended[tid]

    def process_cmp(self, ctx, peer, operation, step, exchange, der_bytes, end_entity):
        """Serves one CMP request: answers it and traces as the C++ CA (IssueCertificate at
        F#N+1 for certificate requests, a rejection record for a refused other request)."""
        try:
            request = cmp.Request(der_bytes)
        except cmp.CmpError as e:
            response = self._error(ctx, None, e.failure, e.text)
            self._record_refusal(ctx, peer, operation, step, operation,
                                 cmp.failure_text(e.failure, e.text))
            self._reply(ctx, peer, "error", self._reply_step(operation, step, None), exchange,
                        response)
            return
        kind = request.body_name
        reply_step = self._reply_step(kind, step, request)
        served = self._serve(ctx, peer, request, reply_step)
        if kind == "rr":
            self._record_revocation(ctx, peer, step, served, end_entity)
        elif served.issued is not None:
            self._record_issue(ctx, peer, step, kind, request, served.issued, end_entity)
        elif served.refusal is not None and (kind in CERTIFICATE_REQUESTS
                                             or served.body == "error"):
            self._record_refusal(ctx, peer, operation, step, kind, served.refusal)
        self._reply(ctx, peer, served.body, reply_step, exchange, served.response)
        if served.revoked:
            self.publish_crl(ctx)

    def _reply_step(self, kind, step, request):
        if kind in CERTIFICATE_REQUESTS or kind == "rr":
            return step_after(step, 2)
        if kind == "certConf" and request is not None and request.transaction_id is not None:
            t = self.transactions.get(request.transaction_id.hex())
            if t is not None:
                return t.reply_step
        return step

    def _reply(self, ctx, peer, operation, step, exchange, response):
        body = {"der": response}
        if exchange is not None:
            body["exchange"] = exchange
        ctx.send(peer, CA_1, operation, step, {k: body[k] for k in sorted(body)})

    def _reject(self, ctx, operation, peer, step, reason):
        ctx.trace("decision", operation, "rejected", peer=peer, reference_point=CA_1, step=step,
                  detail=Detail().add("reason", reason).text())

    def _record_refusal(self, ctx, peer, operation, step, kind, reason):
        if kind in CERTIFICATE_REQUESTS:
            ctx.trace("decision", "IssueCertificate", "rejected", peer=peer, reference_point=CA_1,
                      step=step_after(step, 1),
                      detail=Detail().add("request", kind).add("reason", reason).text())
        else:
            self._reject(ctx, operation, peer, step, reason)

    def _record_issue(self, ctx, peer, step, kind, request, certificate, end_entity):
        serial = ca_keys.serial_hex(certificate.serial_number)
        detail = Detail().add("request", kind).add("serial", serial).add(
            "subject", cmp.name_text(cmp.name_pairs_from_x509(certificate.subject)))
        san = certificate.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        dns = san.get_values_for_type(x509.DNSName)
        if dns:
            detail.add("fqdn", dns[0])
        detail.add("not_after",
                   format_utc(calendar.timegm(certificate.not_valid_after.utctimetuple()) * 10**9))
        # A certificate enrolled with a day-0 RA credential is an RA certificate.
        reference = request.reference if request.is_pbm() else None
        if kind == "ir" and reference in self.ra_references:
            self.ra_serials.add(serial)
            detail.add("ra", "true")
        registration = self.registrations.get(reference) if reference else None
        if registration is not None:
            detail.add("identity", registration.identity)
        elif end_entity:
            detail.add("identity", end_entity)
        ctx.trace("decision", "IssueCertificate", "ok", peer=peer, reference_point=CA_1,
                  step=step_after(step, 1), detail=detail.text())

    def _record_revocation(self, ctx, peer, step, served, end_entity):
        """RevokeCertificate at F#N+1: the serial the rr names, and why it was refused."""
        detail = Detail().add("serial", served.serial or "unknown")
        if end_entity:
            detail.add("identity", end_entity)
        if not served.revoked:
            detail.add("reason", served.refusal or "rejected")
        ctx.trace("decision", "RevokeCertificate", "ok" if served.revoked else "rejected",
                  peer=peer, reference_point=CA_1, step=step_after(step, 1), detail=detail.text())

    # -- the server --

    def _check_protection(self, ctx, request, transaction, opens):
        """pki/cmp_protection.cpp: PBM under a known credential, or a signature by a
        certificate in extraCerts (for a new transaction: issued here and not revoked)."""
        if request.protection_oid is None or request.protection is None:
            raise cmp.CmpError("badMessageCheck", "request is not protected")
        if request.is_pbm():
            reference = request.reference
            if "skip-registration-check" in self.faults:
                # The fault: the reference is not looked up and the MAC not checked.
                if opens:
                    transaction.reference = reference
                return
            credential = self.credentials.get(reference)
            if credential is None:
                raise cmp.CmpError("notAuthorized", "unknown initial credential reference")
            if opens:
                if transaction.kind not in ("ir", "cr", "p10cr", "genm"):
                    raise cmp.CmpError("notAuthorized", "kur/rr need signature protection")
                transaction.reference = reference
            elif transaction.reference != reference:
                raise cmp.CmpError("badMessageCheck", "senderKID differs within the transaction")
            request.check_pbm(credential.secret)
            # Credential limits are checked once the MAC proves the sender knows the secret.
            if opens:
                why = credential.refusal(self.unix_ns(ctx))
                if why:
                    raise cmp.CmpError("notAuthorized", why)
            return
        if transaction.reference is not None:
            raise cmp.CmpError("badMessageCheck", "PBM transaction continued with a signature")
        signer = request.check_signature()
        problem = self._validity_problem(ctx, signer)
        if problem:
            raise cmp.CmpError("badMessageCheck",
                               "signature protection check failed: signer certificate " + problem)
        if opens:
            if self.keys.is_revoked(signer.serial_number):
                raise cmp.CmpError("certRevoked", "protecting certificate is revoked")
            transaction.signer = signer

    def _serve(self, ctx, peer, request, reply_step):
        """pki/cmp_server.cpp: the transaction, its protection, then the body. A refusal before
        the body is processed is the CA's error message and ends the transaction."""
        kind = request.body_name
        opens = kind in OPENING_BODIES
        tid = request.transaction_id.hex() if request.transaction_id else None
        try:
            if request.pvno != 2:
                raise cmp.CmpError("unsupportedVersion", "unsupported pvno")
            if tid is None:
                raise cmp.CmpError("badRequest", "missing transactionID")
            if request.sender_name_der is None:
                raise cmp.CmpError("badRequest", "sender is not a directoryName")
            if opens:
                if tid in self.transactions or tid in self.ended:
                    raise cmp.CmpError("transactionIdInUse", "transactionID in use or replayed")
                transaction = Transaction(tid, kind)
            else:
                transaction = self.transactions.get(tid)
                if transaction is None:
                    raise cmp.CmpError("badRequest",
                                       "no open transaction with this transactionID")
            transaction.last_activity_ns = self.unix_ns(ctx)
            self._check_protection(ctx, request, transaction, opens)
            if kind in CERTIFICATE_REQUESTS:
                return self._serve_certificate_request(ctx, request, transaction, reply_step)
            if kind == "rr":
                return self._serve_revocation(ctx, request, transaction)
            if kind == "certConf":
                return self._serve_cert_conf(ctx, peer, request, transaction)
            if kind == "error":
                # The client refused the answer: an unconfirmed certificate is withdrawn.
                self._close(ctx, tid, withdraw=True)
                return Served(self._message(ctx, request, cmp.pki_conf_body(),
                                            self._protection_for(transaction, request)),
                              "pkiConf")
            raise cmp.CmpError("badRequest", "%s is not served by this CA" % kind)
        except cmp.CmpError as e:
            if tid is not None:
                if opens:
                    self.ended[tid] = self.unix_ns(ctx)
                elif tid in self.transactions:
                    self._close(ctx, tid, withdraw=True)
            return Served(self._error(ctx, request, e.failure, e.text), "error",
                          refusal=cmp.failure_text(e.failure, e.text))

    def _policy_problem(self, transaction, ask):
        """actors/ca/ca_ra_policy.cpp: who may ask for what."""
        kind = transaction.kind
        if kind in ("ir", "p10cr") and transaction.reference is not None:
            if "skip-registration-check" in self.faults:
                return None  # the fault: no registration is consulted
            registration = self.registrations.get(transaction.reference)
            if registration is None:
                if kind == "p10cr":
                    return ("p10cr with an initial credential: only for end entities an RA "
                            "registered")
                return None  # RA credential
            if registration.subject is None:
                return "one-use initial credential already used"
            if "accept-other-fqdn" in self.faults:
                return None  # the fault: the template is not compared with the registration
            return self._template_problem(registration, ask)
        signer = transaction.signer
        if signer is not None and self.is_ra(signer):
            return None
        if kind == "kur" and signer is not None and signer.issuer == self.keys.issuing.subject:
            return None
        return "%s: only a registration authority may request certificates" % kind

    @staticmethod
    def _template_problem(registration, ask):
        """pki::identity_mismatch: the requested subject (when named) and subjectAltName must be
        the registered ones."""
        who = registration.identity
        if ask.subject and ask.subject != registration.subject:
            return "requested subject %s is not the registered %s of %s" % (
                cmp.name_text(ask.subject), cmp.name_text(registration.subject), who)
        registered = {"dns": registration.dns, "ip": [], "uri": []}
        if not same_san(ask.san, registered):
            return "requested subjectAltName %s is not the one registered for %s (%s)" % (
                describe_san(ask.san), who, describe_san(registered))
        return None

    def _serve_certificate_request(self, ctx, request, transaction, reply_step):
        kind = transaction.kind
        answer = {"ir": "ip", "cr": "cp", "p10cr": "cp", "kur": "kup"}[kind]
        protection = self._protection_for(transaction, request)

        def refuse(failure, text):
            self.ended[transaction.tid] = self.unix_ns(ctx)
            body = cmp.cert_rep_body(answer, 0, failure=failure, text=text)
            return Served(self._message(ctx, request, body, protection), answer,
                          refusal=cmp.failure_text(failure, text))

        try:
            ask = cmp.read_p10cr(request) if kind == "p10cr" else cmp.read_crmf(request)
        except cmp.CmpError as e:
            return refuse(e.failure, e.text)
        subject, san = ask.subject, ask.san
        if kind == "kur":
            signer = transaction.signer
            if signer is None:
                return refuse("notAuthorized", "kur: no signer certificate")
            if ask.old_serial is not None and ask.old_serial != signer.serial_number:
                return refuse("badCertId", "kur: oldCertID is not the signing cert")
            subject = cmp.name_pairs_from_x509(signer.subject)
            names = signer.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
            san = {"dns": names.get_values_for_type(x509.DNSName), "ip": [],
                   "uri": names.get_values_for_type(x509.UniformResourceIdentifier)}
        credential = (self.credentials.get(transaction.reference)
                      if transaction.reference is not None else None)
        if (credential is not None and credential.subject is not None
                and "accept-other-fqdn" not in self.faults):
            subject = credential.subject  # the registered subject is imposed
        if kind != "p10cr" and not subject:
            return refuse("badCertTemplate", "certificate template: no subject")
        problem = self._policy_problem(transaction, ask)
        if problem:
            return refuse("notAuthorized", problem)
        try:
            certificate = self.keys.issue(ask.public_key, subject, san, self.now_seconds(ctx))
        except cmp.CmpError as e:
            return refuse(e.failure, e.text)
        if credential is not None:
            credential.spend()
        transaction.issued = certificate
        transaction.cert_req_id = ask.cert_req_id
        transaction.reply_step = reply_step
        self.transactions[transaction.tid] = transaction
        chain = [ca_keys.der_of(self.keys.issuing), ca_keys.der_of(self.keys.root)]
        ca_pubs = [ca_keys.der_of(self.keys.root)] if kind == "ir" else []
        body = cmp.cert_rep_body(answer, ask.cert_req_id, ca_keys.der_of(certificate), ca_pubs)
        return Served(self._message(ctx, request, body, protection, chain), answer,
                      issued=certificate)

    def _serve_revocation(self, ctx, request, transaction):
        """pki/cmp_revocation.cpp: a certificate of this CA, not revoked yet, revoked by its
        holder (the rr is signed with it) or by an RA."""
        protection = self._protection_for(transaction, request)
        self.ended[transaction.tid] = self.unix_ns(ctx)
        issuer, serial, reason = cmp.read_rr(request)
        shown = ca_keys.serial_hex(serial) if serial is not None else None

        def answer(failure=None, text=None):
            revoked = failure is None
            body = cmp.rp_body(0 if revoked else 2, failure, text,
                               self.keys.issuing.subject.public_bytes() if revoked else None,
                               serial)
            return Served(self._message(ctx, request, body, protection), "rp", revoked=revoked,
                          refusal=None if revoked else cmp.failure_text(failure, text),
                          serial=shown)

        if issuer != cmp.name_pairs_from_x509(self.keys.issuing.subject) or serial is None:
            return answer("badCertId", "rr: issuer/serial not of this CA")
        if self.keys.is_revoked(serial):
            return answer("certRevoked", "already revoked")
        signer = transaction.signer
        if signer is None or signer.serial_number != serial:
            if signer is None or not self.is_ra(signer):
                return answer("notAuthorized",
                              "only a registration authority may revoke another entity's "
                              "certificate")
        self.keys.revoke(serial, self.now_seconds(ctx), getattr(x509.ReasonFlags, reason))
        return answer()

    def _serve_cert_conf(self, ctx, peer, request, transaction):
        protection = self._protection_for(transaction, request)
        issued = transaction.issued
        entries = cmp.read_cert_conf(request)
        if issued is None or len(entries) != 1 or entries[0][1] != transaction.cert_req_id:
            self._close(ctx, transaction.tid, withdraw=True)
            raise cmp.CmpError("badRequest", "certConf does not confirm the certificate issued")
        cert_hash, _, status = entries[0]
        if cert_hash != cmp.certificate_hash(issued):
            self._close(ctx, transaction.tid, withdraw=True)
            raise cmp.CmpError("badCertId", "certConf hash mismatch")
        revoked = status is not None and status != 0
        if revoked:
            # A holder that refuses its new certificate withdraws it: revoked, a CRL follows.
            serial = issued.serial_number
            self.keys.revoke(serial, self.now_seconds(ctx))
            ctx.trace("decision", "RevokeCertificate", "ok", peer=peer,
                      reference_point=CA_1, step=transaction.reply_step,
                      detail=Detail().add("serial", ca_keys.serial_hex(serial)).add(
                          "reason", "not confirmed by the holder").text())
        transaction.issued = None
        self._close(ctx, transaction.tid, withdraw=False)
        # A spent one-use credential keeps no template.
        registration = self.registrations.get(transaction.reference or "")
        credential = self.credentials.get(transaction.reference or "")
        if registration is not None and registration.one_use and credential is not None \
                and credential.used:
            registration.subject = None
        return Served(self._message(ctx, request, cmp.pki_conf_body(), protection), "pkiConf",
                      revoked=revoked)

    # ---- CRLs (actors/ca/ca_crl_publisher.cpp) ----

    def publish_crl(self, ctx):
        def build(ctx):
            crl, number, entries, next_update = self.keys.crl(self.now_seconds(ctx))
            crl_der = crl.public_bytes(serialization.Encoding.DER)
            ctx.trace("decision", "PublishCrl", "ok", reference_point=CRL_DP,
                      detail=Detail().add("number", number).add("entries", entries).add(
                          "next_update", format_utc(next_update * 10**9)).text())
            self.published[number] = crl_der
            while len(self.published) > KEPT_CRLS:
                del self.published[min(self.published)]
            self._send_crl(ctx, crl_der, self.settings.crl_subscribers)

        self.submit(ctx, self.settings.crl_ns, "BuildCrl",
                    {"operation": "PublishCrl", "reference_point": CRL_DP}, build)

    def _send_crl(self, ctx, crl_der, to):
        for subscriber in to:
            ctx.send(subscriber, CRL_DP, "CrlPublication", "", {"crl": crl_der})

