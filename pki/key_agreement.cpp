// ECDH on EVP_PKEY_derive and HKDF on EVP_KDF (see key_agreement.hpp).
#include "pki/key_agreement.hpp"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/params.h>

#include <string>

#include "pki/openssl_ownership.hpp"

namespace ifa026::pki {
namespace {

using PkeyCtxPtr = ossl::Owned<EVP_PKEY_CTX, EVP_PKEY_CTX_free>;
using KdfPtr = ossl::Owned<EVP_KDF, EVP_KDF_free>;
using KdfCtxPtr = ossl::Owned<EVP_KDF_CTX, EVP_KDF_CTX_free>;

constexpr std::size_t kSha256Size = 32;

bool is_ec(KeyType type) {
  return type == KeyType::ec_p256 || type == KeyType::ec_p384;
}

}  // namespace

Bytes ecdh_shared_secret(const PrivateKey& own, const PublicKey& peer) {
  if (!is_ec(own.type()) || !is_ec(peer.type()))
    throw PkiError("ecdh: key agreement needs EC keys (ec-p256, ec-p384), not " +
                   std::string(to_string(own.type())) + " and " +
                   std::string(to_string(peer.type())));
  if (own.type() != peer.type())
    throw PkiError("ecdh: keys on different curves (" + std::string(to_string(own.type())) + ", " +
                   std::string(to_string(peer.type())) + ")");
  PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, own.native(), nullptr));
  if (!ctx || EVP_PKEY_derive_init(ctx.get()) != 1 ||
      EVP_PKEY_derive_set_peer(ctx.get(), peer.native()) != 1)
    throw_pki_error("ecdh: derive init");
  std::size_t length = 0;
  if (EVP_PKEY_derive(ctx.get(), nullptr, &length) != 1 || length == 0)
    throw_pki_error("ecdh: derive length");
  Bytes secret(length);
  if (EVP_PKEY_derive(ctx.get(), secret.data(), &length) != 1) throw_pki_error("ecdh: derive");
  secret.resize(length);
  return secret;
}

Bytes hkdf_sha256(ByteView input_key_material, ByteView salt, ByteView info, std::size_t length) {
  if (length == 0 || length > 255 * kSha256Size)
    throw PkiError("hkdf: output length must be 1.." + std::to_string(255 * kSha256Size));
  KdfPtr kdf(EVP_KDF_fetch(nullptr, "HKDF", nullptr));
  if (!kdf) throw_pki_error("hkdf: fetch");
  KdfCtxPtr ctx(EVP_KDF_CTX_new(kdf.get()));
  if (!ctx) throw_pki_error("hkdf: context");
  // OSSL_PARAM wants non-const pointers; nothing is written through them.
  static const std::uint8_t kEmpty = 0;
  auto octets = [](ByteView v) {
    return const_cast<std::uint8_t*>(v.empty() ? &kEmpty : v.data());  // NOLINT
  };
  const Bytes zero_salt(kSha256Size, 0);
  const ByteView used_salt = salt.empty() ? ByteView(zero_salt) : salt;
  char digest[] = "SHA256";
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, digest, 0),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, octets(input_key_material),
                                        input_key_material.size()),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, octets(used_salt), used_salt.size()),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, octets(info), info.size()),
      OSSL_PARAM_construct_end()};
  Bytes out(length);
  if (EVP_KDF_derive(ctx.get(), out.data(), out.size(), params) != 1)
    throw_pki_error("hkdf: derive");
  return out;
}

}  // namespace ifa026::pki
