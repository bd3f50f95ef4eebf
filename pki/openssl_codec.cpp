// Internal to pki/: the shared strict-decoding and conversion helpers (see openssl_codec.hpp).
#include "pki/openssl_codec.hpp"

#include <openssl/bn.h>
#include <openssl/objects.h>

#include <algorithm>
#include <cctype>
#include <climits>
#include <ctime>

namespace ifa026::pki::ossl {

void require_same_encoding(const Bytes& reencoded, ByteView der, std::string_view what) {
  if (reencoded.size() != der.size() ||
      !std::equal(reencoded.begin(), reencoded.end(), der.begin())) {
    throw DecodeError(std::string(what) + ": not in distinguished encoding (re-encoding differs)");
  }
}

BioPtr memory_bio(std::string_view text) {
  if (text.size() > static_cast<std::size_t>(INT_MAX)) throw DecodeError("PEM: input too large");
  BioPtr bio(BIO_new_mem_buf(text.empty() ? "" : text.data(), static_cast<int>(text.size())));
  if (!bio) throw_pki_error("PEM: BIO_new_mem_buf");
  return bio;
}

std::string memory_bio_text(BIO* bio) {
  char* data = nullptr;
  long length = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<std::size_t>(length));
}

const char* attribute_short_name(int nid) {
  switch (nid) {
    case NID_commonName:
      return "CN";
    case NID_organizationName:
      return "O";
    case NID_organizationalUnitName:
      return "OU";
    case NID_countryName:
      return "C";
    case NID_stateOrProvinceName:
      return "ST";
    case NID_localityName:
      return "L";
    default:
      return nullptr;
  }
}

std::string attribute_name(const ASN1_OBJECT* object) {
  if (const char* name = attribute_short_name(OBJ_obj2nid(object))) return name;
  // Any other attribute type is kept under its dotted OID so that names still compare.
  char buffer[128] = {};
  int length = OBJ_obj2txt(buffer, sizeof buffer, object, 1);
  if (length <= 0 || static_cast<std::size_t>(length) >= sizeof buffer) {
    throw_decode_error("name: unreadable attribute type");
  }
  return std::string(buffer, static_cast<std::size_t>(length));
}

DistinguishedName to_distinguished_name(const X509_NAME* name) {
  DistinguishedName dn;
  if (name == nullptr) return dn;
  int count = X509_NAME_entry_count(name);
  for (int i = 0; i < count; ++i) {
    const X509_NAME_ENTRY* entry = X509_NAME_get_entry(name, i);
    if (entry == nullptr) throw_decode_error("name: missing entry");
    std::string type = attribute_name(X509_NAME_ENTRY_get_object(entry));
    unsigned char* utf8 = nullptr;
    int length = ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(entry));
    if (length < 0) throw_decode_error("name: attribute value is not a string");
    OpenSslBytes owned(utf8);
    dn.attributes.emplace_back(std::move(type), std::string(reinterpret_cast<const char*>(utf8),
                                                            static_cast<std::size_t>(length)));
  }
  return dn;
}

Instant saturated_instant(std::tm tm) {
  std::int64_t seconds = static_cast<std::int64_t>(timegm(&tm));
  constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max() / 1'000'000'000;
  constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min() / 1'000'000'000;
  if (seconds > kMax) return Instant{std::numeric_limits<std::int64_t>::max()};
  if (seconds < kMin) return Instant{std::numeric_limits<std::int64_t>::min()};
  return Instant::from_seconds(seconds);
}

Instant to_instant(const ASN1_TIME* time) {
  if (time == nullptr) throw DecodeError("time: absent");
  std::tm tm{};
  if (ASN1_TIME_to_tm(time, &tm) != 1) throw_decode_error("time: not a valid ASN.1 time");
  return saturated_instant(tm);
}

std::string trimmed_hex(std::string text) {
  std::size_t sign = (!text.empty() && text[0] == '-') ? 1 : 0;
  std::size_t first = text.find_first_not_of('0', sign);
  if (first == std::string::npos) return "0";
  return text.substr(0, sign) + text.substr(first);
}

std::optional<std::string> normalized_serial(std::string_view text) {
  std::string hex;
  for (char c : text) {
    if (std::isxdigit(static_cast<unsigned char>(c)) == 0) return std::nullopt;
    if (hex.empty() && c == '0') continue;
    hex += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  if (text.empty()) return std::nullopt;
  if (hex.empty()) hex = "0";
  return hex;
}

std::string serial_hex(const ASN1_INTEGER* serial, std::string_view what) {
  BignumPtr bn(ASN1_INTEGER_to_BN(serial, nullptr));
  if (!bn) throw_decode_error(std::string(what) + ": serial number");
  OpenSslChars hex(BN_bn2hex(bn.get()));
  if (!hex) throw_pki_error(std::string(what) + ": serial number to hex");
  return trimmed_hex(hex.get());
}

std::optional<RevocationReason> modelled_reason(long code) {
  switch (code) {
    case 0:
    case 1:
    case 2:
    case 3:
    case 4:
    case 5:
    case 6:
    case 9:
      return static_cast<RevocationReason>(code);
    default:
      // removeFromCRL (8) and aACompromise (10) are not modelled; nor are out-of-range values.
      return std::nullopt;
  }
}

std::vector<ExtendedKeyUsage> extended_key_usages(const EXTENDED_KEY_USAGE* eku) {
  std::vector<ExtendedKeyUsage> usages;
  for (int i = 0; i < sk_ASN1_OBJECT_num(eku); ++i) {
    int nid = OBJ_obj2nid(sk_ASN1_OBJECT_value(eku, i));
    if (nid == NID_client_auth) usages.push_back(ExtendedKeyUsage::client_auth);
    if (nid == NID_server_auth) usages.push_back(ExtendedKeyUsage::server_auth);
    if (nid == NID_code_sign) usages.push_back(ExtendedKeyUsage::code_signing);
  }
  return usages;
}

int extended_key_usage_nid(ExtendedKeyUsage usage) {
  switch (usage) {
    case ExtendedKeyUsage::client_auth:
      return NID_client_auth;
    case ExtendedKeyUsage::server_auth:
      return NID_server_auth;
    case ExtendedKeyUsage::code_signing:
      return NID_code_sign;
  }
  return NID_undef;
}

std::string format_instant(Instant instant) {
  std::time_t seconds = static_cast<std::time_t>(instant.seconds());
  std::tm tm{};
  if (gmtime_r(&seconds, &tm) == nullptr) return std::to_string(instant.seconds()) + "s";
  char text[32];
  std::size_t n = std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return std::string(text, n);
}

Bytes subject_name_der(const Certificate& certificate) {
  X509Ptr x509 = certificate_x509(certificate);
  return encode_der(X509_get_subject_name(x509.get()), i2d_X509_NAME, "certificate subject");
}

Bytes oid_content(int nid) {
  const ASN1_OBJECT* object = OBJ_nid2obj(nid);
  if (object == nullptr) throw_pki_error("OBJ_nid2obj");
  const unsigned char* data = OBJ_get0_data(object);
  return Bytes(data, data + OBJ_length(object));
}

Bytes oid_content(const char* dotted) {
  Owned<ASN1_OBJECT, ASN1_OBJECT_free> object(OBJ_txt2obj(dotted, 1));
  if (!object) throw_pki_error(std::string("OBJ_txt2obj ") + dotted);
  const unsigned char* data = OBJ_get0_data(object.get());
  return Bytes(data, data + OBJ_length(object.get()));
}

const EVP_MD* digest_for(KeyType type) {
  switch (type) {
    case KeyType::ec_p384:
      return EVP_sha384();
    case KeyType::ed25519:
      return nullptr;
    case KeyType::ec_p256:
    case KeyType::rsa2048:
    case KeyType::rsa3072:
      break;
  }
  return EVP_sha256();
}

}  // namespace ifa026::pki::ossl
