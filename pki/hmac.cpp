// HMAC-SHA256 by EVP_MAC ("HMAC" with digest SHA256) and CRYPTO_memcmp.
#include "pki/hmac.hpp"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <memory>

namespace ifa026::pki {

namespace {

struct MacFree {
  void operator()(EVP_MAC* mac) const { EVP_MAC_free(mac); }
};
struct MacCtxFree {
  void operator()(EVP_MAC_CTX* ctx) const { EVP_MAC_CTX_free(ctx); }
};

}  // namespace

Bytes hmac_sha256(ByteView key, ByteView data) {
  std::unique_ptr<EVP_MAC, MacFree> mac(EVP_MAC_fetch(nullptr, OSSL_MAC_NAME_HMAC, nullptr));
  if (!mac) throw_pki_error("HMAC-SHA256: fetch HMAC");
  std::unique_ptr<EVP_MAC_CTX, MacCtxFree> ctx(EVP_MAC_CTX_new(mac.get()));
  if (!ctx) throw_pki_error("HMAC-SHA256: new context");
  char digest[] = "SHA256";
  OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
                         OSSL_PARAM_construct_end()};
  // EVP_MAC_init refuses a null key pointer even with length 0: give it a valid address.
  static const std::uint8_t kEmpty = 0;
  const std::uint8_t* key_bytes = key.empty() ? &kEmpty : key.data();
  if (EVP_MAC_init(ctx.get(), key_bytes, key.size(), params) != 1) {
    throw_pki_error("HMAC-SHA256: init");
  }
  if (!data.empty() && EVP_MAC_update(ctx.get(), data.data(), data.size()) != 1) {
    throw_pki_error("HMAC-SHA256: update");
  }
  Bytes out(EVP_MAX_MD_SIZE);
  std::size_t length = 0;
  if (EVP_MAC_final(ctx.get(), out.data(), &length, out.size()) != 1) {
    throw_pki_error("HMAC-SHA256: final");
  }
  out.resize(length);
  return out;
}

bool equal_constant_time(ByteView a, ByteView b) {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace ifa026::pki
