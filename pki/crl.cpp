// Certificate revocation list decoding (strict DER, PEM) and the getters checks rely on.
#include "pki/crl.hpp"
#include "pki/openssl_ownership.hpp"

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <climits>
#include <ctime>
#include <limits>
#include <memory>

namespace ifa026::pki {

namespace {

using namespace ossl;  // NOLINT(google-build-using-namespace): internal helpers

using IntegerPtr = Owned<ASN1_INTEGER, ASN1_INTEGER_free>;
using EnumeratedPtr = Owned<ASN1_ENUMERATED, ASN1_ENUMERATED_free>;

const std::uint8_t kEmptyInput = 0;

CrlPtr parse(ByteView der) {
  if (der.size() > static_cast<std::size_t>(std::numeric_limits<long>::max())) {
    throw DecodeError("CRL: input too large");
  }
  const unsigned char* p = der.empty() ? &kEmptyInput : der.data();
  const unsigned char* const start = p;
  CrlPtr crl(d2i_X509_CRL(nullptr, &p, static_cast<long>(der.size())));
  if (!crl) throw_decode_error("CRL: not a DER certificate revocation list");
  if (static_cast<std::size_t>(p - start) != der.size()) {
    ERR_clear_error();
    throw DecodeError("CRL: trailing bytes after the DER CRL");
  }
  return crl;
}

Bytes encode(X509_CRL* crl) {
  int length = i2d_X509_CRL(crl, nullptr);
  if (length <= 0) throw_pki_error("CRL: DER encoding");
  Bytes der(static_cast<std::size_t>(length));
  unsigned char* out = der.data();
  if (i2d_X509_CRL(crl, &out) != length) throw_pki_error("CRL: DER encoding");
  return der;
}

std::string attribute_name(const ASN1_OBJECT* object) {
  switch (OBJ_obj2nid(object)) {
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
      break;
  }
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

// Saturates outside the years an Instant can hold (1678..2262).
Instant to_instant(const ASN1_TIME* time) {
  if (time == nullptr) throw DecodeError("time: absent");
  std::tm tm{};
  if (ASN1_TIME_to_tm(time, &tm) != 1) throw_decode_error("time: not a valid ASN.1 time");
  std::int64_t seconds = static_cast<std::int64_t>(timegm(&tm));
  constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max() / 1'000'000'000;
  constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min() / 1'000'000'000;
  if (seconds > kMax) return Instant{std::numeric_limits<std::int64_t>::max()};
  if (seconds < kMin) return Instant{std::numeric_limits<std::int64_t>::min()};
  return Instant::from_seconds(seconds);
}

std::string serial_text(const ASN1_INTEGER* serial) {
  BignumPtr bn(ASN1_INTEGER_to_BN(serial, nullptr));
  if (!bn) throw_decode_error("CRL: serial number");
  OpenSslChars hex(BN_bn2hex(bn.get()));
  if (!hex) throw_pki_error("CRL: serial number to hex");
  std::string text(hex.get());
  std::size_t sign = (!text.empty() && text[0] == '-') ? 1 : 0;
  std::size_t first = text.find_first_not_of('0', sign);
  if (first == std::string::npos) return "0";
  return text.substr(0, sign) + text.substr(first);
}

RevocationReason to_reason(long code) {
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
      return RevocationReason::unspecified;
  }
}

BioPtr memory_bio(std::string_view text) {
  if (text.size() > static_cast<std::size_t>(INT_MAX)) throw DecodeError("PEM: input too large");
  BioPtr bio(BIO_new_mem_buf(text.empty() ? "" : text.data(), static_cast<int>(text.size())));
  if (!bio) throw_pki_error("PEM: BIO_new_mem_buf");
  return bio;
}

}  // namespace

Crl Crl::from_der(ByteView der) {
  CrlPtr crl = parse(der);
  // Re-encode from the decoded fields, not from the encoding OpenSSL cached while decoding, so
  // that BER inside the to-be-signed part is caught too.
  if (i2d_re_X509_CRL_tbs(crl.get(), nullptr) <= 0) throw_decode_error("CRL: re-encoding");
  Bytes reencoded = encode(crl.get());
  if (reencoded.size() != der.size() ||
      !std::equal(reencoded.begin(), reencoded.end(), der.begin())) {
    throw DecodeError("CRL: not in distinguished encoding (re-encoding differs)");
  }
  return Crl(std::move(reencoded));
}

Crl Crl::from_pem(std::string_view pem) {
  BioPtr bio = memory_bio(pem);
  CrlPtr crl(PEM_read_bio_X509_CRL(bio.get(), nullptr, nullptr, nullptr));
  if (!crl) throw_decode_error("CRL: no PEM CRL");
  Bytes der = encode(crl.get());
  return from_der(der);
}

std::string Crl::to_pem() const {
  CrlPtr crl = parse(der_);
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_X509_CRL(bio.get(), crl.get()) != 1) {
    throw_pki_error("CRL: PEM encoding");
  }
  char* data = nullptr;
  long length = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(length));
}

DistinguishedName Crl::issuer() const {
  CrlPtr crl = parse(der_);
  return to_distinguished_name(X509_CRL_get_issuer(crl.get()));
}

std::uint64_t Crl::number() const {
  CrlPtr crl = parse(der_);
  int critical = -1;
  IntegerPtr number(static_cast<ASN1_INTEGER*>(
      X509_CRL_get_ext_d2i(crl.get(), NID_crl_number, &critical, nullptr)));
  if (!number) {
    if (critical == -1) {
      ERR_clear_error();
      return 0;  // no CRL Number extension (a v1 CRL)
    }
    throw_decode_error("CRL: malformed or repeated CRL Number");
  }
  std::uint64_t value = 0;
  if (ASN1_INTEGER_get_uint64(&value, number.get()) != 1) {
    throw_decode_error("CRL: CRL Number out of range");
  }
  return value;
}

Instant Crl::this_update() const {
  CrlPtr crl = parse(der_);
  return to_instant(X509_CRL_get0_lastUpdate(crl.get()));
}

Instant Crl::next_update() const {
  CrlPtr crl = parse(der_);
  const ASN1_TIME* next = X509_CRL_get0_nextUpdate(crl.get());
  if (next == nullptr) throw PkiError("CRL: no nextUpdate");
  return to_instant(next);
}

std::vector<RevokedEntry> Crl::revoked() const {
  CrlPtr crl = parse(der_);
  std::vector<RevokedEntry> entries;
  STACK_OF(X509_REVOKED)* list = X509_CRL_get_REVOKED(crl.get());
  for (int i = 0; i < sk_X509_REVOKED_num(list); ++i) {
    X509_REVOKED* revoked = sk_X509_REVOKED_value(list, i);
    RevokedEntry entry;
    entry.serial_hex = serial_text(X509_REVOKED_get0_serialNumber(revoked));
    entry.revoked_at = to_instant(X509_REVOKED_get0_revocationDate(revoked));
    int critical = -1;
    EnumeratedPtr reason(static_cast<ASN1_ENUMERATED*>(
        X509_REVOKED_get_ext_d2i(revoked, NID_crl_reason, &critical, nullptr)));
    if (reason) {
      entry.reason = to_reason(ASN1_ENUMERATED_get(reason.get()));
    } else if (critical != -1) {
      throw_decode_error("CRL: malformed or repeated reasonCode");
    } else {
      ERR_clear_error();
    }
    entries.push_back(std::move(entry));
  }
  return entries;
}

bool Crl::signed_by(const Certificate& issuer) const {
  CrlPtr crl = parse(der_);
  PublicKey key = issuer.public_key();
  int result = X509_CRL_verify(crl.get(), key.native());
  ERR_clear_error();
  return result == 1;
}

}  // namespace ifa026::pki
