// The DRBG behind private-key generation (see drbg.hpp).
#include "pki/drbg.hpp"

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

namespace ifa026::pki {

std::string private_key_drbg() {
  EVP_RAND_CTX* context = RAND_get0_private(nullptr);
  const EVP_RAND* rand = context == nullptr ? nullptr : EVP_RAND_CTX_get0_rand(context);
  const char* name = rand == nullptr ? nullptr : EVP_RAND_get0_name(rand);
  if (name == nullptr) {
    ERR_clear_error();
    return "";
  }
  std::string out = name;
  for (const char* key : {OSSL_DRBG_PARAM_CIPHER, OSSL_DRBG_PARAM_DIGEST}) {
    char value[64] = {0};
    OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(key, value, sizeof value),
                           OSSL_PARAM_construct_end()};
    if (EVP_RAND_CTX_get_params(context, params) == 1 && OSSL_PARAM_modified(&params[0]) &&
        value[0] != '\0') {
      out += "/";
      out += value;
      break;
    }
  }
  ERR_clear_error();
  return out;
}

bool is_sp800_90a_drbg(const std::string& description) {
  const std::string mechanism = description.substr(0, description.find('/'));
  return mechanism == "CTR-DRBG" || mechanism == "HASH-DRBG" || mechanism == "HMAC-DRBG";
}

}  // namespace ifa026::pki
