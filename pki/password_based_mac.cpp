// RFC 4211 §4.4 password-based MAC through OpenSSL's OSSL_CRMF_pbmp_new/OSSL_CRMF_pbm_new.
#include "pki/password_based_mac.hpp"
#include "pki/der.hpp"
#include "pki/openssl_codec.hpp"

#include <openssl/crmf.h>
#include <openssl/crypto.h>
#include <openssl/obj_mac.h>

#include <cstring>
#include <memory>
#include <string>

namespace ifa026::pki {

namespace {

struct PbmpFree {
  void operator()(OSSL_CRMF_PBMPARAMETER* p) const { OSSL_CRMF_PBMPARAMETER_free(p); }
};
using PbmpPtr = std::unique_ptr<OSSL_CRMF_PBMPARAMETER, PbmpFree>;

// OSSL_CRMF_pbmp_new draws a random salt and 3.0 has no setter for it: take OpenSSL's own
// PBMParameter DER, overwrite the salt octets (same length), and decode it again.
PbmpPtr parameters_with_salt(ByteView salt, int iterations) {
  PbmpPtr random_salted(OSSL_CRMF_pbmp_new(nullptr, salt.size(), NID_sha256,
                                           static_cast<std::size_t>(iterations), NID_hmac_sha1));
  if (!random_salted) throw_pki_error("password_based_mac: OSSL_CRMF_pbmp_new");
  unsigned char* encoded = nullptr;
  int encoded_length = i2d_OSSL_CRMF_PBMPARAMETER(random_salted.get(), &encoded);
  if (encoded_length <= 0) throw_pki_error("password_based_mac: i2d_OSSL_CRMF_PBMPARAMETER");
  Bytes der(encoded, encoded + encoded_length);
  OPENSSL_free(encoded);

  // PBMParameter ::= SEQUENCE { salt OCTET STRING, owf, iterationCount, mac }
  const auto parameters = der::single_element(der);
  const auto fields = parameters && parameters->tag == der::kSequence
                          ? der::split_elements(parameters->content)
                          : std::nullopt;
  if (!fields || fields->empty() || fields->front().tag != der::kOctetString ||
      fields->front().content.size() != salt.size()) {
    throw PkiError("password_based_mac: unexpected PBMParameter encoding from OpenSSL");
  }
  const auto salt_offset = static_cast<std::size_t>(fields->front().content.data() - der.data());
  std::memcpy(der.data() + salt_offset, salt.data(), salt.size());

  const unsigned char* p = der.data();
  PbmpPtr salted(d2i_OSSL_CRMF_PBMPARAMETER(nullptr, &p, static_cast<long>(der.size())));
  if (!salted) throw_pki_error("password_based_mac: d2i_OSSL_CRMF_PBMPARAMETER");
  return salted;
}

}  // namespace

Bytes password_based_mac(ByteView secret, ByteView salt, ByteView message, int iterations) {
  if (salt.empty()) throw PkiError("password_based_mac: empty salt");
  if (iterations < kPbmMinIterations || iterations > kPbmMaxIterations) {
    throw PkiError("password_based_mac: iteration count " + std::to_string(iterations) +
                   " outside [100, 100000]");
  }
  PbmpPtr parameters = parameters_with_salt(salt, iterations);
  unsigned char* mac = nullptr;
  std::size_t mac_length = 0;
  if (OSSL_CRMF_pbm_new(nullptr, nullptr, parameters.get(), ossl::nonnull_data(message),
                        message.size(), ossl::nonnull_data(secret), secret.size(), &mac,
                        &mac_length) != 1) {
    OPENSSL_free(mac);
    throw_pki_error("password_based_mac: OSSL_CRMF_pbm_new");
  }
  Bytes result(mac, mac + mac_length);
  OPENSSL_free(mac);
  return result;
}

}  // namespace ifa026::pki
