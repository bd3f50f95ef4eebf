// Internal to pki/: strict-decoding and conversion helpers shared by the certificate, CRL, CSR,
// OCSP, CMP, key and CA code (whole-input DER decoding, re-encoding comparison, PEM memory BIOs,
// names, OID contents, times, serial numbers, revocation reasons, extended key usages, signature
// digests, non-null input pointers, a silent CMP log callback). Never include it outside pki/.
#pragma once

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/cmp.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstddef>
#include <cstdint>
#include <ctime>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pki/bytes.hpp"
#include "pki/certificate.hpp"
#include "pki/crl.hpp"
#include "pki/csr.hpp"
#include "pki/key.hpp"
#include "pki/names.hpp"
#include "pki/openssl_ownership.hpp"

namespace ifa026::pki::ossl {

inline constexpr std::uint8_t kEmptyDerInput = 0;

// The bytes' address for an OpenSSL input, never null: some functions refuse a null pointer even
// with length 0.
inline const std::uint8_t* nonnull_data(ByteView bytes) {
  return bytes.empty() ? &kEmptyDerInput : bytes.data();
}

// An OSSL_CMP_CTX log callback that drops OpenSSL's CMP log lines: failures reach the callers
// through return values and the error queue.
inline int silent_cmp_log(const char*, const char*, int, OSSL_CMP_severity, const char*) {
  return 1;
}

// Decodes `der` with `d2i`, requiring the decoder to consume every byte. Errors read
// "<what>: input too large", then `not_der` and `trailing` as given.
template <typename T, auto FreeFunction>
Owned<T, FreeFunction> decode_whole(ByteView der, T* (*d2i)(T**, const unsigned char**, long),
                                    std::string_view what, std::string_view not_der,
                                    std::string_view trailing) {
  if (der.size() > static_cast<std::size_t>(std::numeric_limits<long>::max())) {
    throw DecodeError(std::string(what) + ": input too large");
  }
  const unsigned char* p = der.empty() ? &kEmptyDerInput : der.data();
  const unsigned char* const start = p;
  Owned<T, FreeFunction> decoded(d2i(nullptr, &p, static_cast<long>(der.size())));
  if (!decoded) throw_decode_error(not_der);
  if (static_cast<std::size_t>(p - start) != der.size()) {
    ERR_clear_error();
    throw DecodeError(std::string(trailing));
  }
  return decoded;
}

// DER encoding with `i2d`; failures throw "<what>: DER encoding".
template <typename T, typename I2d>
Bytes encode_der(T* object, I2d i2d, std::string_view what) {
  int length = i2d(object, nullptr);
  if (length <= 0) throw_pki_error(std::string(what) + ": DER encoding");
  Bytes der(static_cast<std::size_t>(length));
  unsigned char* out = der.data();
  if (i2d(object, &out) != length) throw_pki_error(std::string(what) + ": DER encoding");
  return der;
}

// Throws "<what>: not in distinguished encoding (re-encoding differs)" unless equal.
void require_same_encoding(const Bytes& reencoded, ByteView der, std::string_view what);

// A read-only memory BIO over `text` (PEM input).
BioPtr memory_bio(std::string_view text);

// Everything written to a memory BIO, as text.
std::string memory_bio_text(BIO* bio);

// "CN", "O", "OU", "C", "ST", "L" for the attribute types the project names; nullptr otherwise.
const char* attribute_short_name(int nid);

// The attribute's short name, or its dotted OID for any other attribute type (so names still
// compare).
std::string attribute_name(const ASN1_OBJECT* object);

DistinguishedName to_distinguished_name(const X509_NAME* name);

// The certificate's subject Name, DER.
Bytes subject_name_der(const Certificate& certificate);

// The contents octets of an OBJECT IDENTIFIER's DER (what a DER walk finds inside its tag), for
// a NID or a dotted text.
Bytes oid_content(int nid);
Bytes oid_content(const char* dotted);

// Instants hold nanoseconds in 64 bits (years 1678..2262); times outside saturate.
Instant saturated_instant(std::tm tm);

// "YYYY-MM-DDTHH:MM:SSZ" (whole seconds, UTC), for messages.
std::string format_instant(Instant instant);

// Throws for an absent or invalid time.
Instant to_instant(const ASN1_TIME* time);

// The certificate's OpenSSL object (a new reference), shared with this thread's cache of recent
// parses: callers must not modify it. A Certificate always holds valid DER, so this only throws
// when OpenSSL runs out of memory.
X509Ptr certificate_x509(const Certificate& certificate);

// Upper-case hex without leading zeros (after any sign), from BN_bn2hex output.
std::string trimmed_hex(std::string text);

// A serial number given as hex text, as Certificate::serial_hex() spells it (upper case, no
// leading zeros); nullopt when `text` is empty or not hex.
std::optional<std::string> normalized_serial(std::string_view text);

// The serial number as Certificate::serial_hex() spells it; errors read "<what>: serial number".
std::string serial_hex(const ASN1_INTEGER* serial, std::string_view what);

// The RFC 5280 CRLReason codes the project models; nullopt for any other value.
std::optional<RevocationReason> modelled_reason(long code);

// clientAuth, serverAuth and codeSigning, in order, from an extendedKeyUsage value (other
// purposes ignored).
std::vector<ExtendedKeyUsage> extended_key_usages(const EXTENDED_KEY_USAGE* eku);

// The NID of an extended key usage purpose.
int extended_key_usage_nid(ExtendedKeyUsage usage);

// The signature digest for a key type: SHA-256 for P-256 and RSA, SHA-384 for P-384, nullptr for
// Ed25519 (pure EdDSA takes no digest).
const EVP_MD* digest_for(KeyType type);

}  // namespace ifa026::pki::ossl
