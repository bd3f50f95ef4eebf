// Certification authority: roots, subordinates, clause C.6 issuance, revocation and v2 CRLs.
#include "pki/certificate_authority.hpp"
#include "pki/openssl_codec.hpp"
#include "pki/openssl_ownership.hpp"

#include <openssl/asn1.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <ctime>
#include <limits>
#include <memory>
#include <optional>

namespace ifa026::pki {

namespace {

using namespace ossl;  // NOLINT(google-build-using-namespace): internal helpers

using RevokedPtr = Owned<X509_REVOKED, X509_REVOKED_free>;
using BitStringPtr = Owned<ASN1_BIT_STRING, ASN1_BIT_STRING_free>;
using Ia5StringPtr = Owned<ASN1_IA5STRING, ASN1_IA5STRING_free>;
using AsnTypePtr = Owned<ASN1_TYPE, ASN1_TYPE_free>;
using DistPointPtr = Owned<DIST_POINT, DIST_POINT_free>;
using DistPointsPtr = Owned<CRL_DIST_POINTS, CRL_DIST_POINTS_free>;
using AccessDescriptionPtr = Owned<ACCESS_DESCRIPTION, ACCESS_DESCRIPTION_free>;
using InfoAccessPtr = Owned<AUTHORITY_INFO_ACCESS, AUTHORITY_INFO_ACCESS_free>;
using TlsFeaturePtr = Owned<TLS_FEATURE, TLS_FEATURE_free>;

// Table C.6-1: "Validity Period: 3 years or less" (three years hold at most one leap day).
constexpr std::int64_t kMaxEndEntityValiditySeconds = 1096LL * 86400;
// RFC 7633 TLS feature value status_request (RFC 6066 extension type 5).
constexpr long kTlsFeatureStatusRequest = 5;
constexpr std::size_t kSerialOctets = 16;

X509Ptr parse_certificate(const Certificate& certificate) {
  const unsigned char* p = certificate.der().data();
  X509Ptr x509(d2i_X509(nullptr, &p, static_cast<long>(certificate.der().size())));
  if (!x509) throw_pki_error("CA: decoding its certificate");
  return x509;
}

Bytes encode_certificate(X509* x509) {
  int length = i2d_X509(x509, nullptr);
  if (length <= 0) throw_pki_error("CA: encoding a certificate");
  Bytes der(static_cast<std::size_t>(length));
  unsigned char* out = der.data();
  if (i2d_X509(x509, &out) != length) throw_pki_error("CA: encoding a certificate");
  return der;
}

std::int64_t add_seconds(Instant start, std::int64_t seconds) {
  std::int64_t end = 0;
  if (__builtin_add_overflow(start.seconds(), seconds, &end)) {
    throw PkiError("CA: validity end out of range");
  }
  return end;
}

void set_time(ASN1_TIME* target, std::int64_t seconds, const char* what) {
  if (seconds < std::numeric_limits<time_t>::min() ||
      seconds > std::numeric_limits<time_t>::max() ||
      ASN1_TIME_set(target, static_cast<time_t>(seconds)) == nullptr) {
    throw_pki_error(std::string("CA: setting ") + what);
  }
}

TimePtr make_time(std::int64_t seconds, const char* what) {
  TimePtr time(ASN1_TIME_new());
  if (!time) throw_pki_error(std::string("CA: allocating ") + what);
  set_time(time.get(), seconds, what);
  return time;
}

IntegerPtr integer_from_bytes(const Bytes& magnitude) {
  BignumPtr bn(BN_bin2bn(nonnull_data(magnitude), static_cast<int>(magnitude.size()), nullptr));
  if (!bn) throw_pki_error("CA: serial number");
  IntegerPtr integer(BN_to_ASN1_INTEGER(bn.get(), nullptr));
  if (!integer) throw_pki_error("CA: serial number");
  return integer;
}

IntegerPtr integer_from_hex(const std::string& hex) {
  BIGNUM* raw = nullptr;
  if (BN_hex2bn(&raw, hex.c_str()) == 0) throw_pki_error("CA: serial number from hex");
  BignumPtr bn(raw);
  IntegerPtr integer(BN_to_ASN1_INTEGER(bn.get(), nullptr));
  if (!integer) throw_pki_error("CA: serial number from hex");
  return integer;
}

NamePtr ca_x509_name(const DistinguishedName& dn) {
  NamePtr name(X509_NAME_new());
  if (!name) throw_pki_error("CA: allocating a name");
  for (const auto& [type, value] : dn.attributes) {
    if (value.size() > static_cast<std::size_t>(std::numeric_limits<int>::max()) ||
        X509_NAME_add_entry_by_txt(name.get(), type.c_str(), MBSTRING_UTF8,
                                   reinterpret_cast<const unsigned char*>(value.data()),
                                   static_cast<int>(value.size()), -1, 0) != 1) {
      throw_pki_error("CA: name attribute " + type + "=" + value);
    }
  }
  return name;
}

OctetStringPtr make_octets(ByteView bytes) {
  OctetStringPtr octets(ASN1_OCTET_STRING_new());
  if (!octets || ASN1_OCTET_STRING_set(octets.get(), nonnull_data(bytes),
                                       static_cast<int>(bytes.size())) != 1) {
    throw_pki_error("CA: octet string");
  }
  return octets;
}

Ia5StringPtr make_ia5(const std::string& text, const char* what) {
  for (char c : text) {
    if (static_cast<unsigned char>(c) > 0x7f) {
      throw PkiError(std::string("CA: ") + what + " is not IA5 (ASCII): " + text);
    }
  }
  Ia5StringPtr ia5(ASN1_IA5STRING_new());
  if (!ia5 || ASN1_STRING_set(ia5.get(), text.data(), static_cast<int>(text.size())) != 1) {
    throw_pki_error(std::string("CA: ") + what);
  }
  return ia5;
}

GeneralNamePtr make_general_name(int type, const std::string& text) {
  GeneralNamePtr name(GENERAL_NAME_new());
  if (!name) throw_pki_error("CA: allocating a general name");
  if (type == GEN_IPADD) {
    ASN1_OCTET_STRING* address = a2i_IPADDRESS(text.c_str());
    if (address == nullptr) {
      ERR_clear_error();
      throw PkiError("CA: not an IP address: " + text);
    }
    GENERAL_NAME_set0_value(name.get(), GEN_IPADD, address);
  } else {
    Ia5StringPtr ia5 = make_ia5(text, type == GEN_DNS ? "dNSName" : "URI");
    GENERAL_NAME_set0_value(name.get(), type, ia5.release());
  }
  return name;
}

void push_name(GENERAL_NAMES* names, GeneralNamePtr name) {
  if (sk_GENERAL_NAME_push(names, name.get()) <= 0) throw_pki_error("CA: general names");
  name.release();
}

GeneralNamesPtr to_general_names(const SubjectAltName& san) {
  GeneralNamesPtr names(GENERAL_NAMES_new());
  if (!names) throw_pki_error("CA: allocating general names");
  for (const std::string& dns : san.dns) push_name(names.get(), make_general_name(GEN_DNS, dns));
  for (const std::string& ip : san.ip) push_name(names.get(), make_general_name(GEN_IPADD, ip));
  for (const std::string& uri : san.uri) push_name(names.get(), make_general_name(GEN_URI, uri));
  return names;
}

void add_extension(X509* x509, int nid, void* value, bool critical, const char* what) {
  if (X509_add1_ext_i2d(x509, nid, value, critical ? 1 : 0, X509V3_ADD_DEFAULT) != 1) {
    throw_pki_error(std::string("CA: adding ") + what);
  }
}

void add_basic_constraints(X509* x509, bool ca, std::optional<int> path_length) {
  BasicConstraintsPtr constraints(BASIC_CONSTRAINTS_new());
  if (!constraints) throw_pki_error("CA: basicConstraints");
  constraints->ca = ca ? 0xff : 0;
  if (path_length) {
    constraints->pathlen = ASN1_INTEGER_new();
    if (constraints->pathlen == nullptr ||
        ASN1_INTEGER_set(constraints->pathlen, *path_length) != 1) {
      throw_pki_error("CA: pathLenConstraint");
    }
  }
  add_extension(x509, NID_basic_constraints, constraints.get(), true, "basicConstraints");
}

// keyUsage bits (RFC 5280 §4.2.1.3): 0 digitalSignature, 5 keyCertSign, 6 cRLSign.
void add_key_usage(X509* x509, std::initializer_list<int> bits) {
  BitStringPtr usage(ASN1_BIT_STRING_new());
  if (!usage) throw_pki_error("CA: keyUsage");
  for (int bit : bits) {
    if (ASN1_BIT_STRING_set_bit(usage.get(), bit, 1) != 1) throw_pki_error("CA: keyUsage");
  }
  add_extension(x509, NID_key_usage, usage.get(), true, "keyUsage");
}

void add_subject_key_id(X509* x509, const Bytes& id) {
  OctetStringPtr octets = make_octets(id);
  add_extension(x509, NID_subject_key_identifier, octets.get(), false, "subjectKeyIdentifier");
}

AuthorityKeyIdPtr make_authority_key_id(const Bytes& id) {
  AuthorityKeyIdPtr aki(AUTHORITY_KEYID_new());
  if (!aki) throw_pki_error("CA: authorityKeyIdentifier");
  aki->keyid = make_octets(id).release();
  return aki;
}

void add_authority_key_id(X509* x509, const Bytes& id) {
  AuthorityKeyIdPtr aki = make_authority_key_id(id);
  add_extension(x509, NID_authority_key_identifier, aki.get(), false, "authorityKeyIdentifier");
}

void add_extended_key_usage(X509* x509, const std::vector<ExtendedKeyUsage>& usages) {
  ExtKeyUsagePtr eku(sk_ASN1_OBJECT_new_null());
  if (!eku) throw_pki_error("CA: extendedKeyUsage");
  for (ExtendedKeyUsage usage : usages) {
    int nid = extended_key_usage_nid(usage);
    ObjectPtr object(OBJ_nid2obj(nid));
    if (!object || sk_ASN1_OBJECT_push(eku.get(), object.get()) <= 0) {
      throw_pki_error("CA: extendedKeyUsage");
    }
    object.release();
  }
  add_extension(x509, NID_ext_key_usage, eku.get(), false, "extendedKeyUsage");
}

void add_crl_distribution_point(X509* x509, const std::string& url) {
  DistPointsPtr points(sk_DIST_POINT_new_null());
  DistPointPtr point(DIST_POINT_new());
  if (!points || !point) throw_pki_error("CA: cRLDistributionPoints");
  point->distpoint = DIST_POINT_NAME_new();
  if (point->distpoint == nullptr) throw_pki_error("CA: cRLDistributionPoints");
  GeneralNamesPtr full_name(GENERAL_NAMES_new());
  if (!full_name) throw_pki_error("CA: cRLDistributionPoints");
  push_name(full_name.get(), make_general_name(GEN_URI, url));
  point->distpoint->type = 0;  // fullName
  point->distpoint->name.fullname = full_name.release();
  if (sk_DIST_POINT_push(points.get(), point.get()) <= 0) {
    throw_pki_error("CA: cRLDistributionPoints");
  }
  point.release();
  add_extension(x509, NID_crl_distribution_points, points.get(), false, "cRLDistributionPoints");
}

void push_access(AUTHORITY_INFO_ACCESS* info, int method_nid, const std::string& url) {
  AccessDescriptionPtr access(ACCESS_DESCRIPTION_new());
  if (!access) throw_pki_error("CA: authorityInfoAccess");
  ASN1_OBJECT_free(access->method);
  access->method = OBJ_nid2obj(method_nid);
  GENERAL_NAME_free(access->location);
  access->location = make_general_name(GEN_URI, url).release();
  if (sk_ACCESS_DESCRIPTION_push(info, access.get()) <= 0) {
    throw_pki_error("CA: authorityInfoAccess");
  }
  access.release();
}

void add_authority_info_access(X509* x509, const std::string& ocsp_url,
                               const std::string& ca_issuers_url) {
  if (ocsp_url.empty() && ca_issuers_url.empty()) return;
  InfoAccessPtr info(AUTHORITY_INFO_ACCESS_new());
  if (!info) throw_pki_error("CA: authorityInfoAccess");
  if (!ocsp_url.empty()) push_access(info.get(), NID_ad_OCSP, ocsp_url);
  if (!ca_issuers_url.empty()) push_access(info.get(), NID_ad_ca_issuers, ca_issuers_url);
  add_extension(x509, NID_info_access, info.get(), false, "authorityInfoAccess");
}

void add_tls_feature_status_request(X509* x509) {
  TlsFeaturePtr features(TLS_FEATURE_new());
  IntegerPtr status_request(ASN1_INTEGER_new());
  if (!features || !status_request ||
      ASN1_INTEGER_set(status_request.get(), kTlsFeatureStatusRequest) != 1 ||
      sk_ASN1_INTEGER_push(features.get(), status_request.get()) <= 0) {
    throw_pki_error("CA: TLS feature");
  }
  status_request.release();
  add_extension(x509, NID_tlsfeature, features.get(), false, "TLS feature");
}

// RFC 9310 id-pe-nftypes: NFTypes ::= SEQUENCE SIZE (1..MAX) OF IA5String (SIZE (1..32)).
void add_nf_types(X509* x509, const std::vector<std::string>& types) {
  AnySequencePtr sequence(sk_ASN1_TYPE_new_null());
  if (!sequence) throw_pki_error("CA: nfTypes");
  for (const std::string& type : types) {
    if (type.empty() || type.size() > kMaxNfTypeLength) {
      throw PkiError("CA: nfType must be 1..32 characters (RFC 9310): \"" + type + "\"");
    }
    Ia5StringPtr ia5 = make_ia5(type, "nfType");
    AsnTypePtr item(ASN1_TYPE_new());
    if (!item) throw_pki_error("CA: nfTypes");
    ASN1_TYPE_set(item.get(), V_ASN1_IA5STRING, ia5.release());
    if (sk_ASN1_TYPE_push(sequence.get(), item.get()) <= 0) throw_pki_error("CA: nfTypes");
    item.release();
  }
  unsigned char* der = nullptr;
  int length = i2d_ASN1_SEQUENCE_ANY(sequence.get(), &der);
  if (length <= 0) throw_pki_error("CA: encoding nfTypes");
  OpenSslBytes owned(der);
  OctetStringPtr value = make_octets(ByteView(der, static_cast<std::size_t>(length)));
  ObjectPtr oid(OBJ_txt2obj(kNfTypesOid, 1));
  if (!oid) throw_pki_error("CA: nfTypes OID");
  ExtensionPtr extension(X509_EXTENSION_create_by_OBJ(nullptr, oid.get(), 0, value.get()));
  if (!extension || X509_add_ext(x509, extension.get(), -1) != 1) {
    throw_pki_error("CA: adding nfTypes");
  }
}

Bytes random_serial() {
  Bytes serial(kSerialOctets);
  do {
    if (RAND_bytes(serial.data(), static_cast<int>(serial.size())) != 1) {
      throw_pki_error("CA: random serial number");
    }
    serial[0] &= 0x7f;  // positive, and exactly 16 content octets once encoded
  } while (serial[0] == 0);
  return serial;
}

// A v3 certificate skeleton: version, serial, names, validity and public key.
X509Ptr new_certificate(const Bytes& serial, const X509_NAME* subject, const X509_NAME* issuer,
                        std::int64_t not_before, std::int64_t not_after, EVP_PKEY* public_key) {
  X509Ptr x509(X509_new());
  if (!x509) throw_pki_error("CA: allocating a certificate");
  IntegerPtr serial_number = integer_from_bytes(serial);
  if (X509_set_version(x509.get(), X509_VERSION_3) != 1 ||
      X509_set_serialNumber(x509.get(), serial_number.get()) != 1 ||
      X509_set_subject_name(x509.get(), subject) != 1 ||
      X509_set_issuer_name(x509.get(), issuer) != 1 ||
      X509_set_pubkey(x509.get(), public_key) != 1) {
    throw_pki_error("CA: building a certificate");
  }
  set_time(X509_getm_notBefore(x509.get()), not_before, "notBefore");
  set_time(X509_getm_notAfter(x509.get()), not_after, "notAfter");
  return x509;
}

Certificate sign_certificate(X509* x509, const PrivateKey& key) {
  if (X509_sign(x509, key.native(), digest_for(key.type())) <= 0) throw_pki_error("CA: signing");
  return Certificate::from_der(encode_certificate(x509));
}

Bytes key_id_of(const Certificate& certificate, const PrivateKey& key) {
  if (auto id = certificate.subject_key_id()) return *id;
  return key.public_key().key_identifier();
}

}  // namespace

CertificateAuthority::CertificateAuthority(PrivateKey key, Certificate certificate)
    : key_(std::move(key)), certificate_(std::move(certificate)) {
  if (!(key_.public_key() == certificate_.public_key())) {
    throw PkiError("CA: the private key does not match the certificate's public key");
  }
  if (!certificate_.is_ca()) {
    throw PkiError("CA: the certificate is not a CA certificate (basicConstraints CA:FALSE)");
  }
}

CertificateAuthority CertificateAuthority::create_root(const DistinguishedName& subject,
                                                       PrivateKey key, Instant not_before,
                                                       std::int64_t validity_seconds) {
  if (validity_seconds <= 0) throw PkiError("CA: root validity must be positive");
  NamePtr name = ca_x509_name(subject);
  X509Ptr x509 = new_certificate(random_serial(), name.get(), name.get(), not_before.seconds(),
                                 add_seconds(not_before, validity_seconds), key.native());
  Bytes key_id = key.public_key().key_identifier();
  add_basic_constraints(x509.get(), true, std::nullopt);
  // digitalSignature too: the CA key itself signs its CMP and OCSP responses (no delegated
  // responder), and peers such as the openssl cmp client check for it.
  add_key_usage(x509.get(), {0, 5, 6});
  add_subject_key_id(x509.get(), key_id);
  add_authority_key_id(x509.get(), key_id);
  Certificate certificate = sign_certificate(x509.get(), key);
  return CertificateAuthority(std::move(key), std::move(certificate));
}

CertificateAuthority CertificateAuthority::create_subordinate(CertificateAuthority& parent,
                                                              const DistinguishedName& subject,
                                                              PrivateKey key, Instant not_before,
                                                              std::int64_t validity_seconds,
                                                              int path_length) {
  if (validity_seconds <= 0) throw PkiError("CA: subordinate validity must be positive");
  NamePtr name = ca_x509_name(subject);
  X509Ptr parent_x509 = parse_certificate(parent.certificate_);
  X509Ptr x509 = new_certificate(parent.next_serial(), name.get(),
                                 X509_get_subject_name(parent_x509.get()), not_before.seconds(),
                                 add_seconds(not_before, validity_seconds), key.native());
  add_basic_constraints(x509.get(), true,
                        path_length >= 0 ? std::optional<int>(path_length) : std::nullopt);
  // digitalSignature too: the CA key itself signs its CMP and OCSP responses (no delegated
  // responder), and peers such as the openssl cmp client check for it.
  add_key_usage(x509.get(), {0, 5, 6});
  add_subject_key_id(x509.get(), key.public_key().key_identifier());
  add_authority_key_id(x509.get(), key_id_of(parent.certificate_, parent.key_));
  Certificate certificate = sign_certificate(x509.get(), parent.key_);
  ++parent.issued_;
  return CertificateAuthority(std::move(key), std::move(certificate));
}

Certificate CertificateAuthority::issue(const IssueRequest& request,
                                        const CertificateProfile& profile) {
  if (!request.csr.signature_valid()) {
    ERR_clear_error();
    throw PkiError("CA: bad proof of possession (the CSR is not signed by its key)");
  }
  return issue_end_entity(request.csr.public_key(), request.csr.content(), request.not_before,
                          request.subject, request.san, request.nf_types, profile);
}

Certificate CertificateAuthority::issue_for_key(const ProvenKeyIssueRequest& request,
                                                const CertificateProfile& profile) {
  if (request.key.native() == nullptr) throw PkiError("CA: no public key to certify");
  return issue_end_entity(request.key, request.requested, request.not_before, request.subject,
                          request.san, request.nf_types, profile);
}

Certificate CertificateAuthority::issue_end_entity(
    const PublicKey& subject_key, const CsrContent& content, Instant not_before,
    const std::optional<DistinguishedName>& subject_override,
    const std::optional<SubjectAltName>& san_override,
    const std::optional<std::vector<std::string>>& nf_types_override,
    const CertificateProfile& profile) {
  if (profile.validity_seconds <= 0 || profile.validity_seconds > kMaxEndEntityValiditySeconds) {
    throw PkiError("CA: profile validity must be positive and at most 3 years (table C.6-1)");
  }
  const SubjectAltName& san = san_override ? *san_override : content.san;
  if (san.empty()) throw PkiError("CA: subjectAltName is mandatory (table C.6-1) and empty");
  const std::vector<ExtendedKeyUsage>& usages =
      profile.extended_key_usage.empty() ? content.extended_key_usage : profile.extended_key_usage;
  if (usages.empty()) throw PkiError("CA: extendedKeyUsage is mandatory (table C.6-1) and empty");
  if (profile.crl_url.empty()) {
    throw PkiError("CA: cRLDistributionPoints is mandatory (table C.6-1): no CRL URL");
  }
  const std::vector<std::string>& nf_types =
      nf_types_override ? *nf_types_override : content.nf_types;

  NamePtr subject = ca_x509_name(subject_override ? *subject_override : content.subject);
  X509Ptr ca_x509 = parse_certificate(certificate_);
  X509Ptr x509 = new_certificate(
      next_serial(), subject.get(), X509_get_subject_name(ca_x509.get()), not_before.seconds(),
      add_seconds(not_before, profile.validity_seconds), subject_key.native());
  // Extensions in the order of table C.6-1.
  add_key_usage(x509.get(), {0});
  add_extended_key_usage(x509.get(), usages);
  add_authority_key_id(x509.get(), key_id_of(certificate_, key_));
  add_subject_key_id(x509.get(), subject_key.key_identifier());
  add_crl_distribution_point(x509.get(), profile.crl_url);
  GeneralNamesPtr names = to_general_names(san);
  add_extension(x509.get(), NID_subject_alt_name, names.get(), true, "subjectAltName");
  add_authority_info_access(x509.get(), profile.ocsp_url, profile.ca_issuers_url);
  if (profile.tls_feature_status_request) add_tls_feature_status_request(x509.get());
  if (!nf_types.empty()) add_nf_types(x509.get(), nf_types);

  Certificate certificate = sign_certificate(x509.get(), key_);
  ++issued_;
  return certificate;
}

void CertificateAuthority::revoke(const std::string& serial_hex, Instant when,
                                  RevocationReason reason) {
  std::optional<std::string> serial = normalized_serial(serial_hex);
  if (!serial) throw PkiError("CA: revoke: not a hex serial number: \"" + serial_hex + "\"");
  revoked_.insert_or_assign(*serial, std::make_pair(when, reason));
}

bool CertificateAuthority::is_revoked(const std::string& serial_hex) const {
  std::optional<std::string> serial = normalized_serial(serial_hex);
  return serial && revoked_.contains(*serial);
}

Crl CertificateAuthority::crl(Instant this_update, std::int64_t next_update_seconds) {
  if (next_update_seconds <= 0) throw PkiError("CA: CRL nextUpdate must follow thisUpdate");
  X509Ptr ca_x509 = parse_certificate(certificate_);
  CrlPtr crl(X509_CRL_new());
  if (!crl) throw_pki_error("CA: allocating a CRL");
  TimePtr last_update = make_time(this_update.seconds(), "CRL thisUpdate");
  TimePtr next_update = make_time(add_seconds(this_update, next_update_seconds), "CRL nextUpdate");
  if (X509_CRL_set_version(crl.get(), X509_CRL_VERSION_2) != 1 ||
      X509_CRL_set_issuer_name(crl.get(), X509_get_subject_name(ca_x509.get())) != 1 ||
      X509_CRL_set1_lastUpdate(crl.get(), last_update.get()) != 1 ||
      X509_CRL_set1_nextUpdate(crl.get(), next_update.get()) != 1) {
    throw_pki_error("CA: building a CRL");
  }
  for (const auto& [serial, revocation] : revoked_) {
    const auto& [when, reason] = revocation;
    RevokedPtr entry(X509_REVOKED_new());
    if (!entry) throw_pki_error("CA: allocating a CRL entry");
    IntegerPtr number = integer_from_hex(serial);
    TimePtr date = make_time(when.seconds(), "revocationDate");
    if (X509_REVOKED_set_serialNumber(entry.get(), number.get()) != 1 ||
        X509_REVOKED_set_revocationDate(entry.get(), date.get()) != 1) {
      throw_pki_error("CA: building a CRL entry");
    }
    // RFC 5280 §5.3.1: the reasonCode SHOULD be absent rather than unspecified (0).
    if (reason != RevocationReason::unspecified) {
      EnumeratedPtr code(ASN1_ENUMERATED_new());
      if (!code || ASN1_ENUMERATED_set(code.get(), static_cast<long>(reason)) != 1 ||
          X509_REVOKED_add1_ext_i2d(entry.get(), NID_crl_reason, code.get(), 0,
                                    X509V3_ADD_DEFAULT) != 1) {
        throw_pki_error("CA: CRL entry reasonCode");
      }
    }
    if (X509_CRL_add0_revoked(crl.get(), entry.get()) != 1) throw_pki_error("CA: CRL entry");
    entry.release();
  }
  if (X509_CRL_sort(crl.get()) != 1) throw_pki_error("CA: sorting CRL entries");

  std::uint64_t number = crl_number_ + 1;
  IntegerPtr crl_number(ASN1_INTEGER_new());
  if (!crl_number || ASN1_INTEGER_set_uint64(crl_number.get(), number) != 1 ||
      X509_CRL_add1_ext_i2d(crl.get(), NID_crl_number, crl_number.get(), 0, X509V3_ADD_DEFAULT) !=
          1) {
    throw_pki_error("CA: CRL number");
  }
  AuthorityKeyIdPtr aki = make_authority_key_id(key_id_of(certificate_, key_));
  if (X509_CRL_add1_ext_i2d(crl.get(), NID_authority_key_identifier, aki.get(), 0,
                            X509V3_ADD_DEFAULT) != 1) {
    throw_pki_error("CA: CRL authorityKeyIdentifier");
  }
  if (X509_CRL_sign(crl.get(), key_.native(), digest_for(key_.type())) <= 0) {
    throw_pki_error("CA: signing a CRL");
  }
  int length = i2d_X509_CRL(crl.get(), nullptr);
  if (length <= 0) throw_pki_error("CA: encoding a CRL");
  Bytes der(static_cast<std::size_t>(length));
  unsigned char* out = der.data();
  if (i2d_X509_CRL(crl.get(), &out) != length) throw_pki_error("CA: encoding a CRL");
  Crl result = Crl::from_der(der);
  crl_number_ = number;
  return result;
}

Bytes CertificateAuthority::next_serial() {
  return random_serial();
}

}  // namespace ifa026::pki
