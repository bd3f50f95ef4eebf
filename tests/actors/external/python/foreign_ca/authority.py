"""The CA's keys and certificates (python3-cryptography): a self-signed root and an issuing CA
under it, end-entity certificates with the C.6 profile the C++ CA issues (pki/certificate_authority
.cpp: keyUsage digitalSignature, extendedKeyUsage clientAuth+serverAuth, key identifiers,
cRLDistributionPoints, a critical subjectAltName, authorityInfoAccess), revocation and CRLs."""

import datetime
import os

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, AuthorityInformationAccessOID

from . import cmp

DAY = 86400


def utc(unix_seconds):
    return datetime.datetime.fromtimestamp(unix_seconds, tz=datetime.timezone.utc).replace(
        tzinfo=None)


def generate_key(key_type):
    if key_type == "ec-p384":
        return ec.generate_private_key(ec.SECP384R1())
    if key_type == "rsa-2048":
        return rsa.generate_private_key(public_exponent=65537, key_size=2048)
    if key_type == "rsa-3072":
        return rsa.generate_private_key(public_exponent=65537, key_size=3072)
    if key_type == "ed25519":
        return ed25519.Ed25519PrivateKey.generate()
    return ec.generate_private_key(ec.SECP256R1())


def signing_hash(key):
    if isinstance(key, ed25519.Ed25519PrivateKey):
        return None
    if isinstance(key, ec.EllipticCurvePrivateKey) and isinstance(key.curve, ec.SECP384R1):
        return hashes.SHA384()
    return hashes.SHA256()


def random_serial():
    """A positive 127-bit serial, never 0 (the C++ CA draws 16 random bytes)."""
    while True:
        serial = int.from_bytes(os.urandom(16), "big") >> 1
        if serial:
            return serial


def serial_hex(serial):
    """As pki::Certificate::serial_hex: upper-case hex without leading zeros."""
    return "%X" % serial


def der_of(certificate):
    return certificate.public_bytes(serialization.Encoding.DER)


class Authority:
    """Root and issuing CA of one `ca` actor."""

    def __init__(self, settings, start_unix_seconds):
        self.settings = settings
        not_before = start_unix_seconds - DAY
        not_after = not_before + settings.ca_validity
        self.root_key = generate_key(settings.key_type)
        root_name = cmp.x509_name(settings.root_name)
        self.root = self._ca_certificate(root_name, self.root_key.public_key(), root_name,
                                         self.root_key, None, not_before, not_after, None)
        self.issuing_key = generate_key(settings.key_type)
        self.issuing = self._ca_certificate(
            cmp.x509_name(settings.issuing_name), self.issuing_key.public_key(), root_name,
            self.root_key, self.root, not_before, not_after, 0)
        self.revoked = {}  # serial -> (unix seconds, reason flag or None)
        self.crl_number = 0
        base = "http://%s.ca.invalid" % settings.name
        self.crl_url = base + "/crl/issuing.crl"
        self.ocsp_url = base + "/ocsp"
        self.ca_issuers_url = base + "/issuing.crt"

    @staticmethod
    def _ca_certificate(subject, public_key, issuer, issuer_key, issuer_cert, not_before,
                        not_after, path_length):
        ski = x509.SubjectKeyIdentifier.from_public_key(public_key)
        aki = (x509.AuthorityKeyIdentifier(ski.digest, None, None) if issuer_cert is None else
               x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(
                   issuer_cert.extensions.get_extension_for_class(
                       x509.SubjectKeyIdentifier).value))
        builder = (x509.CertificateBuilder()
                   .serial_number(random_serial())
                   .subject_name(subject)
                   .issuer_name(issuer)
                   .not_valid_before(utc(not_before))
                   .not_valid_after(utc(not_after))
                   .public_key(public_key)
                   .add_extension(x509.BasicConstraints(ca=True, path_length=path_length), True)
                   .add_extension(x509.KeyUsage(True, False, False, False, False, True, True,
                                                False, False), True)
                   .add_extension(ski, False)
                   .add_extension(aki, False))
        return builder.sign(issuer_key, signing_hash(issuer_key))

    def issue(self, public_key, subject_pairs, san, now_seconds):
        """An end-entity certificate for `public_key`, valid from `now_seconds` for the
        configured validity."""
        if not san["dns"] and not san["ip"] and not san["uri"]:
            raise cmp.CmpError("badRequest",
                               "CA: subjectAltName is mandatory (table C.6-1) and empty")
        names = [x509.DNSName(d) for d in san["dns"]]
        names += [x509.UniformResourceIdentifier(u) for u in san["uri"]]
        issuing_ski = self.issuing.extensions.get_extension_for_class(
            x509.SubjectKeyIdentifier).value
        builder = (x509.CertificateBuilder()
                   .serial_number(random_serial())
                   .subject_name(cmp.x509_name(subject_pairs))
                   .issuer_name(self.issuing.subject)
                   .not_valid_before(utc(now_seconds))
                   .not_valid_after(utc(now_seconds + self.settings.validity))
                   .public_key(public_key)
                   # Extensions in the order of table C.6-1, as the C++ CA adds them.
                   .add_extension(x509.KeyUsage(True, False, False, False, False, False, False,
                                                False, False), True)
                   .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH,
                                                         ExtendedKeyUsageOID.SERVER_AUTH]), False)
                   .add_extension(x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(
                       issuing_ski), False)
                   .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), False)
                   .add_extension(x509.CRLDistributionPoints([x509.DistributionPoint(
                       [x509.UniformResourceIdentifier(self.crl_url)], None, None, None)]), False)
                   .add_extension(x509.SubjectAlternativeName(names), True)
                   .add_extension(x509.AuthorityInformationAccess([
                       x509.AccessDescription(AuthorityInformationAccessOID.OCSP,
                                              x509.UniformResourceIdentifier(self.ocsp_url)),
                       x509.AccessDescription(AuthorityInformationAccessOID.CA_ISSUERS,
                                              x509.UniformResourceIdentifier(
                                                  self.ca_issuers_url))]), False))
        return builder.sign(self.issuing_key, signing_hash(self.issuing_key))

    def issued_here(self, certificate):
        """Whether `certificate` was signed by the issuing CA."""
        if certificate.issuer != self.issuing.subject:
            return False
        return cmp.verify_signature(self.issuing.public_key(),
                                    certificate.signature_algorithm_oid.dotted_string,
                                    certificate.signature, certificate.tbs_certificate_bytes)

    def revoke(self, serial, now_seconds, reason=x509.ReasonFlags.cessation_of_operation):
        self.revoked.setdefault(serial, (now_seconds, reason))

    def is_revoked(self, serial):
        return serial in self.revoked

    def crl(self, now_seconds):
        """The next CRL of the issuing CA: number, entries, nextUpdate after crl_next_update."""
        self.crl_number += 1
        builder = (x509.CertificateRevocationListBuilder()
                   .issuer_name(self.issuing.subject)
                   .last_update(utc(now_seconds))
                   .next_update(utc(now_seconds + self.settings.crl_next_update))
                   .add_extension(x509.CRLNumber(self.crl_number), False)
                   .add_extension(x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(
                       self.issuing.extensions.get_extension_for_class(
                           x509.SubjectKeyIdentifier).value), False))
        for serial, (when, reason) in sorted(self.revoked.items()):
            entry = (x509.RevokedCertificateBuilder().serial_number(serial)
                     .revocation_date(utc(when)))
            if reason is not None and reason != x509.ReasonFlags.unspecified:
                entry = entry.add_extension(x509.CRLReason(reason), False)
            builder = builder.add_revoked_certificate(entry.build())
        crl = builder.sign(self.issuing_key, signing_hash(self.issuing_key))
        return crl, self.crl_number, len(self.revoked), now_seconds + self.settings.crl_next_update
