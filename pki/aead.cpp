// AES-256-GCM by EVP_aes_256_gcm (see aead.hpp).
#include "pki/aead.hpp"

#include <openssl/err.h>
#include <openssl/evp.h>

#include <memory>

namespace ifa026::pki {

namespace {

struct CipherCtxFree {
  void operator()(EVP_CIPHER_CTX* ctx) const { EVP_CIPHER_CTX_free(ctx); }
};
using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, CipherCtxFree>;

void check_sizes(ByteView key, ByteView nonce, const char* what) {
  if (key.size() != kAes256GcmKeySize)
    throw PkiError(std::string(what) + ": the key must be 32 bytes");
  if (nonce.size() != kAes256GcmNonceSize)
    throw PkiError(std::string(what) + ": the nonce must be 12 bytes");
}

// A context set up for `encrypt` (1) or decrypt (0) with key, nonce and the associated data fed.
CipherCtx start(ByteView key, ByteView nonce, ByteView aad, int encrypt, const char* what) {
  CipherCtx ctx(EVP_CIPHER_CTX_new());
  if (!ctx) throw_pki_error(std::string(what) + ": new context");
  if (EVP_CipherInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr, encrypt) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, static_cast<int>(nonce.size()),
                          nullptr) != 1 ||
      EVP_CipherInit_ex(ctx.get(), nullptr, nullptr, key.data(), nonce.data(), encrypt) != 1)
    throw_pki_error(std::string(what) + ": init");
  int length = 0;
  if (!aad.empty() &&
      EVP_CipherUpdate(ctx.get(), nullptr, &length, aad.data(), static_cast<int>(aad.size())) != 1)
    throw_pki_error(std::string(what) + ": associated data");
  return ctx;
}

}  // namespace

Bytes aes256gcm_seal(ByteView key, ByteView nonce, ByteView plaintext, ByteView aad) {
  check_sizes(key, nonce, "AES-256-GCM seal");
  CipherCtx ctx = start(key, nonce, aad, 1, "AES-256-GCM seal");
  Bytes out(plaintext.size() + kAes256GcmTagSize);
  int length = 0;
  if (!plaintext.empty() && EVP_CipherUpdate(ctx.get(), out.data(), &length, plaintext.data(),
                                             static_cast<int>(plaintext.size())) != 1)
    throw_pki_error("AES-256-GCM seal: update");
  int final_length = 0;
  if (EVP_CipherFinal_ex(ctx.get(), out.data() + length, &final_length) != 1)
    throw_pki_error("AES-256-GCM seal: final");
  const std::size_t written = static_cast<std::size_t>(length + final_length);
  if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, static_cast<int>(kAes256GcmTagSize),
                          out.data() + written) != 1)
    throw_pki_error("AES-256-GCM seal: tag");
  out.resize(written + kAes256GcmTagSize);
  return out;
}

std::optional<Bytes> aes256gcm_open(ByteView key, ByteView nonce, ByteView sealed, ByteView aad) {
  check_sizes(key, nonce, "AES-256-GCM open");
  if (sealed.size() < kAes256GcmTagSize) return std::nullopt;
  const std::size_t body = sealed.size() - kAes256GcmTagSize;
  CipherCtx ctx = start(key, nonce, aad, 0, "AES-256-GCM open");
  Bytes out(body + 1);  // never a zero-length buffer
  int length = 0;
  if (body > 0 &&
      EVP_CipherUpdate(ctx.get(), out.data(), &length, sealed.data(), static_cast<int>(body)) != 1)
    return std::nullopt;
  Bytes tag(sealed.begin() + static_cast<std::ptrdiff_t>(body), sealed.end());
  if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, static_cast<int>(tag.size()),
                          tag.data()) != 1)
    throw_pki_error("AES-256-GCM open: tag");
  int final_length = 0;
  if (EVP_CipherFinal_ex(ctx.get(), out.data() + length, &final_length) != 1) {
    ERR_clear_error();  // an authentication failure is an answer, not an error to keep
    return std::nullopt;
  }
  out.resize(static_cast<std::size_t>(length + final_length));
  return out;
}

}  // namespace ifa026::pki
