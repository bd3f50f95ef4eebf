"""CMP (RFC 4210) for the CA's side: reading a request PKIMessage (pyasn1_modules.rfc4210, CRMF
templates rfc2511, PKCS#10 through cryptography), checking its protection (password-based MAC with
an initial credential, or a signature by a certificate in extraCerts), and building the answers
the OpenSSL CMP client of our CMF and VNFCIs accepts: ip/cp/kup, pkiConf and error, with the
header it checks (sender a directoryName, transactionID and recipNonce echoed, a fresh
senderNonce) and protected by the request's secret (PBM) or by the CA's key."""

import hashlib
import hmac
import os

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa
from pyasn1.codec.der import decoder, encoder
from pyasn1_modules import rfc2459, rfc4210

from . import der

# PKIBody choice numbers (RFC 4210 5.1.2).
BODY_NUMBERS = {
    "ir": 0, "ip": 1, "cr": 2, "cp": 3, "p10cr": 4, "kur": 7, "kup": 8, "rr": 11, "rp": 12,
    "pkiconf": 19, "genm": 21, "genp": 22, "error": 23, "certConf": 24,
}
# The names envelopes carry (pki::cmp_body_name): pyasn1 spells pkiConf "pkiconf".
ENVELOPE_NAMES = {"pkiconf": "pkiConf"}

# PKIFailureInfo bits (RFC 4210 5.2.3).
FAILURES = [
    "badAlg", "badMessageCheck", "badRequest", "badTime", "badCertId", "badDataFormat",
    "wrongAuthority", "incorrectData", "missingTimeStamp", "badPOP", "certRevoked",
    "certConfirmed", "wrongIntegrity", "badRecipientNonce", "timeNotAvailable",
    "unacceptedPolicy", "unacceptedExtension", "addInfoNotAvailable", "badSenderNonce",
    "badCertTemplate", "signerNotTrusted", "transactionIdInUse", "unsupportedVersion",
    "notAuthorized", "systemUnavail", "systemFailure", "duplicateCertReq",
]

PBM_OID = "1.2.840.113533.7.66.13"
OWF = {  # one-way functions of PBM
    "1.3.14.3.2.26": hashlib.sha1, "2.16.840.1.101.3.4.2.1": hashlib.sha256,
    "2.16.840.1.101.3.4.2.2": hashlib.sha384, "2.16.840.1.101.3.4.2.3": hashlib.sha512,
}
MACS = {  # HMACs of PBM (RFC 4210 hmac-sha1 and the PKCS#5 hmacWithSHA* names)
    "1.3.6.1.5.5.8.1.2": hashlib.sha1, "1.2.840.113549.2.7": hashlib.sha1,
    "1.2.840.113549.2.9": hashlib.sha256, "1.2.840.113549.2.10": hashlib.sha384,
    "1.2.840.113549.2.11": hashlib.sha512,
}
MAX_PBM_ITERATIONS = 100000
SIGNATURES = {  # protection / POP signature algorithms: (hash or None, kind)
    "1.2.840.10045.4.3.2": (hashes.SHA256, "ec"), "1.2.840.10045.4.3.3": (hashes.SHA384, "ec"),
    "1.2.840.10045.4.3.4": (hashes.SHA512, "ec"), "1.2.840.113549.1.1.11": (hashes.SHA256, "rsa"),
    "1.2.840.113549.1.1.12": (hashes.SHA384, "rsa"), "1.3.101.112": (None, "ed25519"),
}

NAME_TYPES = {"2.5.4.3": "CN", "2.5.4.10": "O", "2.5.4.11": "OU", "2.5.4.6": "C", "2.5.4.8": "ST",
              "2.5.4.7": "L"}


class CmpError(Exception):
    """A refusal: the PKIFailureInfo name and the text the answer carries."""

    def __init__(self, failure, text):
        super().__init__(text)
        self.failure = failure
        self.text = text


def failure_text(failure, text):
    """As the C++ CA's IssueCertificate reason: "notAuthorized: <text>"."""
    return failure + ": " + text if text else failure


# ---------------------------------------------------------------------------------------------
# Names


def _string_value(value_der):
    """The text of a DirectoryString (or IA5/Printable) attribute value."""
    tag, start, end = der.read(value_der)
    raw = value_der[start:end]
    if tag == 0x1E:  # BMPString
        return raw.decode("utf-16-be")
    if tag == 0x1C:  # UniversalString
        return raw.decode("utf-32-be")
    return raw.decode("utf-8")


def name_pairs_from_asn1(name):
    """[(type, value)] of a pyasn1 rfc2459 Name, types as the C++ DistinguishedName spells them
    (CN, O, OU, C, ST, L; other types by dotted OID)."""
    pairs = []
    for rdn in name[0]:
        for atv in rdn:
            oid = str(atv["type"])
            pairs.append((NAME_TYPES.get(oid, oid), _string_value(bytes(atv["value"]))))
    return pairs


def name_pairs_from_x509(name):
    out = []
    for attribute in name:
        oid = attribute.oid.dotted_string
        out.append((NAME_TYPES.get(oid, oid), attribute.value))
    return out


def name_text(pairs):
    """pki::DistinguishedName::to_string: "CN=a,O=b" with ',' and '\\' (and edge spaces)
    escaped."""
    parts = []
    for kind, value in pairs:
        escaped = ""
        for i, c in enumerate(value):
            edge = c == " " and (i == 0 or i + 1 == len(value))
            escaped += ("\\" if c in ",\\" or edge else "") + c
        parts.append(kind + "=" + escaped)
    return ",".join(parts)


def parse_name_text(text):
    """pki::DistinguishedName::parse: [(type, value)]; ValueError when not a name of CN, O, OU,
    C, ST, L attributes."""
    components, current, escaped_flags, flags = [], "", [], []
    i = 0
    while i < len(text):
        c = text[i]
        if c == "\\":
            if i + 1 >= len(text):
                raise ValueError("dangling '\\' at the end")
            current += text[i + 1]
            flags.append(True)
            i += 2
            continue
        if c == ",":
            components.append(current)
            escaped_flags.append(flags)
            current, flags = "", []
        else:
            current += c
            flags.append(False)
        i += 1
    components.append(current)
    escaped_flags.append(flags)
    if len(components) == 1 and not components[0].strip():
        return []
    pairs = []
    for n, (chunk, flags) in enumerate(zip(components, escaped_flags)):
        split = next((k for k, ch in enumerate(chunk) if ch == "=" and not flags[k]), None)
        if not chunk.strip():
            raise ValueError("empty component #%d" % (n + 1))
        if split is None:
            raise ValueError("component '%s' has no '='" % chunk)
        kind, value = chunk[:split].strip().upper(), chunk[split + 1:].strip()
        if kind not in ("CN", "O", "OU", "C", "ST", "L"):
            raise ValueError("unknown attribute type '%s' (allowed: CN, O, OU, C, ST, L)"
                             % chunk[:split].strip())
        if not value:
            raise ValueError("empty value for attribute '%s'" % kind)
        if kind == "C" and len(value) != 2:
            raise ValueError("country 'C=%s' must be a two-letter code" % value)
        pairs.append((kind, value))
    return pairs


def x509_name(pairs):
    oids = {v: k for k, v in NAME_TYPES.items()}
    return x509.Name([x509.NameAttribute(x509.ObjectIdentifier(oids.get(kind, kind)), value)
                      for kind, value in pairs])


def general_names_dns(general_names_der):
    """The dNSNames of a GeneralNames (the value of a subjectAltName extension)."""
    names, _ = decoder.decode(general_names_der, asn1Spec=rfc2459.SubjectAltName())
    out = {"dns": [], "ip": [], "uri": []}
    for gn in names:
        kind = gn.getName()
        if kind == "dNSName":
            out["dns"].append(str(gn[kind]))
        elif kind == "uniformResourceIdentifier":
            out["uri"].append(str(gn[kind]))
        elif kind == "iPAddress":
            out["ip"].append(bytes(gn[kind]).hex())
    return out


# ---------------------------------------------------------------------------------------------
# Keys and signatures


def verify_signature(public_key, algorithm_oid, signature, data):
    """True when `signature` (algorithm `algorithm_oid`) over `data` verifies under
    `public_key`."""
    algorithm = SIGNATURES.get(algorithm_oid)
    if algorithm is None:
        return False
    digest, kind = algorithm
    try:
        if kind == "ec" and isinstance(public_key, ec.EllipticCurvePublicKey):
            public_key.verify(signature, data, ec.ECDSA(digest()))
        elif kind == "rsa" and isinstance(public_key, rsa.RSAPublicKey):
            public_key.verify(signature, data, padding.PKCS1v15(), digest())
        elif kind == "ed25519" and isinstance(public_key, ed25519.Ed25519PublicKey):
            public_key.verify(signature, data)
        else:
            return False
    except InvalidSignature:
        return False
    return True


def signature_algorithm(private_key):
    """(AlgorithmIdentifier DER, sign(data) -> signature) for the CA's key, as the C++ CA signs
    its CMP messages: SHA-256 with ECDSA or RSA (SHA-384 with P-384), pure Ed25519."""
    if isinstance(private_key, ed25519.Ed25519PrivateKey):
        return der.seq(der.oid("1.3.101.112")), private_key.sign
    if isinstance(private_key, rsa.RSAPrivateKey):
        return (der.seq(der.oid("1.2.840.113549.1.1.11"), der.null()),
                lambda data: private_key.sign(data, padding.PKCS1v15(), hashes.SHA256()))
    if isinstance(private_key.curve, ec.SECP384R1):
        return (der.seq(der.oid("1.2.840.10045.4.3.3")),
                lambda data: private_key.sign(data, ec.ECDSA(hashes.SHA384())))
    return (der.seq(der.oid("1.2.840.10045.4.3.2")),
            lambda data: private_key.sign(data, ec.ECDSA(hashes.SHA256())))


def subject_key_id(certificate):
    try:
        return certificate.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value.digest
    except x509.ExtensionNotFound:
        return None


# ---------------------------------------------------------------------------------------------
# Password-based MAC (RFC 4210 5.1.3.1)


def pbm_mac(secret, parameters_der, protected_part):
    """The MAC of `protected_part` under `secret` with the PBMParameter `parameters_der`."""
    params, _ = decoder.decode(parameters_der, asn1Spec=rfc4210.PBMParameter())
    owf = OWF.get(str(params["owf"]["algorithm"]))
    mac = MACS.get(str(params["mac"]["algorithm"]))
    iterations = int(params["iterationCount"])
    if owf is None or mac is None:
        raise CmpError("badAlg", "unsupported PBM algorithm")
    if not 1 <= iterations <= MAX_PBM_ITERATIONS:
        raise CmpError("badAlg", "PBM iteration count out of range")
    key = owf(bytes(secret) + bytes(params["salt"])).digest()
    for _ in range(iterations - 1):
        key = owf(key).digest()
    return hmac.new(key, protected_part, mac).digest()


def fresh_pbm_parameters(request_parameters_der):
    """PBMParameter for an answer: the request's one-way function, iteration count and MAC, a
    fresh salt."""
    params, _ = decoder.decode(request_parameters_der, asn1Spec=rfc4210.PBMParameter())
    return der.seq(der.octets(os.urandom(16)), encoder.encode(params["owf"]),
                   der.integer(int(params["iterationCount"])), encoder.encode(params["mac"]))


# ---------------------------------------------------------------------------------------------
# Requests


class Request:
    """A request PKIMessage as received: its raw parts (for the MAC and signature checks) and
    what the CA reads of it. Raises CmpError("badDataFormat", ...) when it is not one."""

    def __init__(self, data):
        self.der = bytes(data)
        try:
            message, rest = decoder.decode(self.der, asn1Spec=rfc4210.PKIMessage())
            if rest:
                raise ValueError("trailing bytes after the PKIMessage")
            parts = der.children(self.der)
            header_parts = der.children(parts[0])
        except Exception as e:  # pyasn1 raises its own error types, with the whole schema
            why = str(e).split(" not in asn1Spec")[0]
            raise CmpError("badDataFormat", "undecodable CMP message: %s" % why[:160]) from None
        self.message = message
        self.header_raw, self.body_raw = parts[0], parts[1]
        self.extra_certs_raw = []
        for part in parts[2:]:
            if part[0] == 0xA1:  # extraCerts [1]
                self.extra_certs_raw = der.children(der.content(part))
        header = message["header"]
        self.pvno = int(header["pvno"])
        self.sender_raw = header_parts[1]  # the GeneralName, echoed as the answer's recipient
        self.sender_name_der = (der.content(self.sender_raw)
                                if header["sender"].getName() == "directoryName" else None)

        def optional_octets(field):
            return bytes(header[field]) if header[field].isValue else None

        self.sender_kid = optional_octets("senderKID")
        self.transaction_id = optional_octets("transactionID")
        self.sender_nonce = optional_octets("senderNonce")
        self.protection_oid = None
        self.protection_params = None
        if header["protectionAlg"].isValue:
            self.protection_oid = str(header["protectionAlg"]["algorithm"])
            if header["protectionAlg"]["parameters"].isValue:
                self.protection_params = bytes(header["protectionAlg"]["parameters"])
        self.protection = (bytes(message["protection"].asOctets())
                           if message["protection"].isValue else None)
        body = message["body"]
        self.body_name = ENVELOPE_NAMES.get(body.getName(), body.getName())
        self.body = body[body.getName()]

    @property
    def reference(self):
        """The senderKID as an initial-credential reference (text), for PBM requests."""
        if self.sender_kid is None:
            return None
        return self.sender_kid.decode("utf-8", errors="replace")

    @property
    def protected_part(self):
        """ProtectedPart ::= SEQUENCE { header, body }, as received."""
        return der.seq(self.header_raw, self.body_raw)

    def is_pbm(self):
        return self.protection_oid == PBM_OID

    def check_pbm(self, secret):
        """Raises CmpError badMessageCheck unless the MAC verifies under `secret`."""
        if self.protection is None or self.protection_params is None:
            raise CmpError("badMessageCheck", "request is not protected")
        expected = pbm_mac(secret, self.protection_params, self.protected_part)
        if not hmac.compare_digest(expected, self.protection):
            raise CmpError("badMessageCheck", "PBM protection check failed: wrong PBM value")

    def extra_certificates(self):
        out = []
        for raw in self.extra_certs_raw:
            try:
                out.append(x509.load_der_x509_certificate(raw))
            except ValueError:
                continue
        return out

    def signer(self):
        """The protecting certificate among extraCerts: the sender's name and, when given,
        senderKID as its subject key identifier."""
        for cert in self.extra_certificates():
            if cert.subject.public_bytes() != self.sender_name_der:
                continue
            if self.sender_kid is not None and subject_key_id(cert) != self.sender_kid:
                continue
            return cert
        return None

    def check_signature(self):
        """The signer certificate when the signature protection verifies; raises CmpError
        otherwise."""
        if self.protection is None:
            raise CmpError("badMessageCheck", "request is not protected")
        signer = self.signer()
        if signer is None:
            raise CmpError("signerNotTrusted", "protecting certificate not in extraCerts")
        if not verify_signature(signer.public_key(), self.protection_oid, self.protection,
                                self.protected_part):
            raise CmpError("badMessageCheck", "signature protection check failed")
        return signer


class CertificateAsk:
    """What a certificate request asks for: the public key, subject pairs and SAN, read from a
    CRMF template (ir, cr, kur: proof of possession checked) or a PKCS#10 (p10cr: its signature
    checked)."""

    def __init__(self, public_key, subject, san, cert_req_id=0, old_serial=None):
        self.public_key = public_key
        self.subject = subject  # [(type, value)], empty when the request names none
        self.san = san  # {"dns": [...], "ip": [...], "uri": [...]}
        self.cert_req_id = cert_req_id
        self.old_serial = old_serial  # kur: the oldCertID control's serial


def read_crmf(request):
    """The first CertReqMsg of an ir/cr/kur."""
    messages = request.body
    if len(messages) != 1:
        raise CmpError("badRequest", "exactly one certificate request per message")
    msg = messages[0]
    cert_req = msg["certReq"]
    template = cert_req["certTemplate"]
    if not template["publicKey"].isValue:
        raise CmpError("badCertTemplate", "certificate template: no public key")
    try:
        public_key = serialization.load_der_public_key(encoder.encode(
            template["publicKey"], asn1Spec=rfc2459.SubjectPublicKeyInfo()))
    except ValueError as e:
        raise CmpError("badCertTemplate", "certificate template: public key: %s" % e) from None
    subject = name_pairs_from_asn1(template["subject"]) if template["subject"].isValue else []
    san = {"dns": [], "ip": [], "uri": []}
    if template["extensions"].isValue:
        for extension in template["extensions"]:
            if str(extension["extnID"]) == "2.5.29.17":
                san = general_names_dns(bytes(extension["extnValue"]))
    # Proof of possession: a signature over the CertRequest (no poposkInput), as OpenSSL sends.
    popo = msg["pop"]
    if not popo.isValue or popo.getName() != "signature":
        raise CmpError("badPOP", "proof of possession: a signature is required")
    signing_key = popo["signature"]
    if signing_key["poposkInput"].isValue:
        raise CmpError("badPOP", "proof of possession: poposkInput is not supported")
    signed = encoder.encode(cert_req)
    if not verify_signature(public_key, str(signing_key["algorithmIdentifier"]["algorithm"]),
                            signing_key["signature"].asOctets(), signed):
        raise CmpError("badPOP", "proof of possession does not verify")
    old_serial = None
    if cert_req["controls"].isValue:
        for control in cert_req["controls"]:
            if str(control["type"]) == "1.3.6.1.5.5.7.5.1.5":  # id-regCtrl-oldCertID
                # CertId ::= SEQUENCE { issuer GeneralName, serialNumber INTEGER } (read raw:
                # pyasn1-modules 0.2.8 tags the GeneralName of rfc2511.CertId wrongly).
                fields = der.children(bytes(control["value"]))
                old_serial = int.from_bytes(der.content(fields[1]), "big", signed=True)
    return CertificateAsk(public_key, subject, san, int(cert_req["certReqId"]), old_serial)


def read_p10cr(request):
    csr_der = der.content(request.body_raw)
    try:
        csr = x509.load_der_x509_csr(csr_der)
    except ValueError as e:
        raise CmpError("badDataFormat", "p10cr: %s" % e) from None
    if not csr.is_signature_valid:
        raise CmpError("badPOP", "CA: bad proof of possession (the CSR is not signed by its key)")
    san = {"dns": [], "ip": [], "uri": []}
    try:
        names = csr.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        san["dns"] = names.get_values_for_type(x509.DNSName)
        san["uri"] = names.get_values_for_type(x509.UniformResourceIdentifier)
        san["ip"] = [a.packed.hex() for a in names.get_values_for_type(x509.IPAddress)]
    except x509.ExtensionNotFound:
        pass
    # p10cr has no certReqId: the answer uses 0, as OpenSSL's server does.
    return CertificateAsk(csr.public_key(), name_pairs_from_x509(csr.subject), san, 0)


REASONS = {0: "unspecified", 1: "key_compromise", 2: "ca_compromise", 3: "affiliation_changed",
           4: "superseded", 5: "cessation_of_operation", 6: "certificate_hold",
           8: "remove_from_crl", 9: "privilege_withdrawn", 10: "aa_compromise"}


def read_rr(request):
    """(issuer pairs or None, serial or None, reason name) of the first RevDetails of an rr."""
    details = request.body
    if len(details) != 1:
        raise CmpError("badRequest", "exactly one revocation request per message")
    template = details[0]["certDetails"]
    issuer = name_pairs_from_asn1(template["issuer"]) if template["issuer"].isValue else None
    serial = int(template["serialNumber"]) if template["serialNumber"].isValue else None
    reason = "unspecified"
    if details[0]["crlEntryDetails"].isValue:
        for extension in details[0]["crlEntryDetails"]:
            if str(extension["extnID"]) == "2.5.29.21":  # reasonCode ::= ENUMERATED
                code = int.from_bytes(der.content(bytes(extension["extnValue"])), "big")
                reason = REASONS.get(code, "unspecified")
    return issuer, serial, reason


def rp_body(status, failure=None, text=None, issuer_name_der=None, serial=None):
    """RevRepContent: the status and, when revoked, the CertId of the revoked certificate."""
    parts = [der.seq(status_info(status, failure, text))]
    if issuer_name_der is not None and serial is not None:
        parts.append(der.explicit(0, der.seq(der.seq(der.explicit(4, issuer_name_der),
                                                     der.integer(serial)))))
    return der.explicit(BODY_NUMBERS["rp"], der.seq(*parts))


def read_cert_conf(request):
    """[(certHash, certReqId, status or None)] of a certConf."""
    out = []
    for status in request.body:
        pki_status = None
        if status["statusInfo"].isValue:
            pki_status = int(status["statusInfo"]["status"])
        out.append((bytes(status["certHash"]), int(status["certReqId"]), pki_status))
    return out


# ---------------------------------------------------------------------------------------------
# Answers


class Protection:
    """How an answer is protected: PBM under the request's secret, or the CA's signature."""

    def __init__(self, secret=None, reference=None, pbm_params=None, key=None, certificate=None,
                 extra=()):
        self.secret = secret
        self.reference = reference
        self.pbm_params = pbm_params
        self.key = key
        self.certificate = certificate
        self.extra = list(extra)  # signature: certificates after the signer in extraCerts

    @staticmethod
    def pbm(secret, reference_bytes, request):
        return Protection(secret=secret, reference=reference_bytes,
                          pbm_params=fresh_pbm_parameters(request.protection_params))

    @staticmethod
    def signature(key, certificate, chain=()):
        return Protection(key=key, certificate=certificate, extra=chain)

    def is_pbm(self):
        return self.secret is not None


def build_message(request, sender_name_der, body, protection, now_seconds, extra_certs=()):
    """A PKIMessage answering `request` (whose transactionID and senderNonce it echoes), from the
    CA named `sender_name_der`, with `body` (a tagged PKIBody choice) and `extra_certs` (DER), and
    protected as `protection` says. A signed answer carries the signer certificate (and its
    chain) first in extraCerts."""
    if protection.is_pbm():
        algorithm = der.seq(der.oid(PBM_OID), protection.pbm_params)
        kid = protection.reference
        sign = None
    else:
        algorithm, sign = signature_algorithm(protection.key)
        kid = subject_key_id(protection.certificate)
    fields = [der.integer(2), der.explicit(4, sender_name_der),
              request.sender_raw if request is not None else der.explicit(4, der.seq()),
              der.explicit(0, der.generalized_time(now_seconds)), der.explicit(1, algorithm)]
    if kid is not None:
        fields.append(der.explicit(2, der.octets(kid)))
    if request is not None and request.transaction_id is not None:
        fields.append(der.explicit(4, der.octets(request.transaction_id)))
    fields.append(der.explicit(5, der.octets(os.urandom(16))))
    if request is not None and request.sender_nonce is not None:
        fields.append(der.explicit(6, der.octets(request.sender_nonce)))
    header = der.seq(*fields)
    protected_part = der.seq(header, body)
    if protection.is_pbm():
        value = pbm_mac(protection.secret, protection.pbm_params, protected_part)
        certs = list(extra_certs)
    else:
        value = sign(protected_part)
        signer = [protection.certificate.public_bytes(serialization.Encoding.DER)]
        signer += [c.public_bytes(serialization.Encoding.DER) for c in protection.extra]
        certs = signer + [c for c in extra_certs if c not in signer]
    parts = [header, body, der.explicit(0, der.bits(value))]
    if certs:
        parts.append(der.explicit(1, der.seq(*certs)))
    return der.seq(*parts)


def status_info(status, failure=None, text=None):
    """PKIStatusInfo: status (0 accepted, 2 rejection), statusString, failInfo."""
    parts = [der.integer(status)]
    if text:
        parts.append(der.seq(der.utf8(text[:512])))
    if failure is not None:
        parts.append(der.named_bit(FAILURES.index(failure)))
    return der.seq(*parts)


def cert_rep_body(body_name, cert_req_id, certificate_der=None, ca_pubs=(), failure=None,
                  text=None):
    """ip/cp/kup: one CertResponse, with the certificate (accepted) or the refusal."""
    if certificate_der is not None:
        response = der.seq(der.integer(cert_req_id), status_info(0),
                           der.seq(der.explicit(0, certificate_der)))
    else:
        response = der.seq(der.integer(cert_req_id), status_info(2, failure, text))
    parts = []
    if ca_pubs:
        parts.append(der.explicit(1, der.seq(*ca_pubs)))
    parts.append(der.seq(response))
    return der.explicit(BODY_NUMBERS[body_name], der.seq(*parts))


def pki_conf_body():
    return der.explicit(BODY_NUMBERS["pkiconf"], der.null())


def error_body(failure, text):
    """ErrorMsgContent with PKIStatus rejection."""
    return der.explicit(BODY_NUMBERS["error"], der.seq(status_info(2, failure, text)))


def certificate_hash(certificate):
    """certHash as the client computes it: the digest of the certificate's signature
    algorithm."""
    algorithm = certificate.signature_hash_algorithm or hashes.SHA256()
    digest = hashes.Hash(type(algorithm)())
    digest.update(certificate.public_bytes(serialization.Encoding.DER))
    return digest.finalize()
