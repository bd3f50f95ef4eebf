// Certificate revocation list decoding (strict DER, PEM) and the getters checks rely on.
#include "pki/crl.hpp"
#include "pki/openssl_codec.hpp"
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

CrlPtr parse_crl(ByteView der) {
  return decode_whole<X509_CRL, X509_CRL_free>(der, d2i_X509_CRL, "CRL",
                                               "CRL: not a DER certificate revocation list",
                                               "CRL: trailing bytes after the DER CRL");
}

Bytes encode_crl(X509_CRL* crl) {
  return encode_der(crl, i2d_X509_CRL, "CRL");
}

}  // namespace

Crl Crl::from_der(ByteView der) {
  CrlPtr crl = parse_crl(der);
  // Re-encode from the decoded fields, not from the encoding OpenSSL cached while decoding, so
  // that BER inside the to-be-signed part is caught too.
  if (i2d_re_X509_CRL_tbs(crl.get(), nullptr) <= 0) throw_decode_error("CRL: re-encoding");
  Bytes reencoded = encode_crl(crl.get());
  require_same_encoding(reencoded, der, "CRL");
  return Crl(std::move(reencoded));
}

Crl Crl::from_pem(std::string_view pem) {
  BioPtr bio = memory_bio(pem);
  CrlPtr crl(PEM_read_bio_X509_CRL(bio.get(), nullptr, nullptr, nullptr));
  if (!crl) throw_decode_error("CRL: no PEM CRL");
  Bytes der = encode_crl(crl.get());
  return from_der(der);
}

std::string Crl::to_pem() const {
  CrlPtr crl = parse_crl(der_);
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_X509_CRL(bio.get(), crl.get()) != 1) {
    throw_pki_error("CRL: PEM encoding");
  }
  return memory_bio_text(bio.get());
}

DistinguishedName Crl::issuer() const {
  CrlPtr crl = parse_crl(der_);
  return to_distinguished_name(X509_CRL_get_issuer(crl.get()));
}

std::uint64_t Crl::number() const {
  CrlPtr crl = parse_crl(der_);
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

bool Crl::has_number() const {
  CrlPtr crl = parse_crl(der_);
  return X509_CRL_get_ext_by_NID(crl.get(), NID_crl_number, -1) >= 0;
}

std::optional<Bytes> Crl::authority_key_id() const {
  CrlPtr crl = parse_crl(der_);
  int critical = -1;
  Owned<AUTHORITY_KEYID, AUTHORITY_KEYID_free> aki(static_cast<AUTHORITY_KEYID*>(
      X509_CRL_get_ext_d2i(crl.get(), NID_authority_key_identifier, &critical, nullptr)));
  if (!aki) {
    if (critical == -1) {
      ERR_clear_error();
      return std::nullopt;
    }
    throw_decode_error("CRL: malformed or repeated authorityKeyIdentifier");
  }
  if (aki->keyid == nullptr) return std::nullopt;
  const unsigned char* data = ASN1_STRING_get0_data(aki->keyid);
  return Bytes(data, data + ASN1_STRING_length(aki->keyid));
}

Instant Crl::this_update() const {
  CrlPtr crl = parse_crl(der_);
  return to_instant(X509_CRL_get0_lastUpdate(crl.get()));
}

Instant Crl::next_update() const {
  CrlPtr crl = parse_crl(der_);
  const ASN1_TIME* next = X509_CRL_get0_nextUpdate(crl.get());
  if (next == nullptr) throw PkiError("CRL: no nextUpdate");
  return to_instant(next);
}

std::vector<RevokedEntry> Crl::revoked() const {
  CrlPtr crl = parse_crl(der_);
  std::vector<RevokedEntry> entries;
  STACK_OF(X509_REVOKED)* list = X509_CRL_get_REVOKED(crl.get());
  for (int i = 0; i < sk_X509_REVOKED_num(list); ++i) {
    X509_REVOKED* revoked = sk_X509_REVOKED_value(list, i);
    RevokedEntry entry;
    entry.serial_hex = serial_hex(X509_REVOKED_get0_serialNumber(revoked), "CRL");
    entry.revoked_at = to_instant(X509_REVOKED_get0_revocationDate(revoked));
    int critical = -1;
    EnumeratedPtr reason(static_cast<ASN1_ENUMERATED*>(
        X509_REVOKED_get_ext_d2i(revoked, NID_crl_reason, &critical, nullptr)));
    if (reason) {
      entry.reason = modelled_reason(ASN1_ENUMERATED_get(reason.get()))
                         .value_or(RevocationReason::unspecified);
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
  CrlPtr crl = parse_crl(der_);
  PublicKey key = issuer.public_key();
  int result = X509_CRL_verify(crl.get(), key.native());
  ERR_clear_error();
  return result == 1;
}

}  // namespace ifa026::pki
