// Private and public keys (EC P-256 by default, P-384, RSA-2048/3072, Ed25519): generation,
// DER/PEM import and export, passphrase-encrypted PKCS#8, signing and verification. Signatures
// use SHA-256 (P-256, RSA), SHA-384 (P-384) or pure Ed25519.
#pragma once

#include <openssl/types.h>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "pki/bytes.hpp"

namespace ifa026::pki {

class PrivateKey;

enum class KeyType { ec_p256, ec_p384, rsa2048, rsa3072, ed25519 };

// "ec-p256", "ec-p384", "rsa-2048", "rsa-3072", "ed25519".
std::string_view to_string(KeyType type);
std::optional<KeyType> key_type_from_string(std::string_view name);

class PublicKey {
 public:
  // SubjectPublicKeyInfo DER. Throws DecodeError.
  static PublicKey from_der(ByteView der);
  Bytes to_der() const;
  std::string to_pem() const;
  KeyType type() const;
  // SHA-256 of the SubjectPublicKeyInfo DER (used by attestation statements).
  Bytes spki_sha256() const;
  // RFC 5280 §4.2.1.2 method (1): SHA-1 of the subjectPublicKey BIT STRING's bytes.
  Bytes key_identifier() const;
  bool verify(ByteView data, ByteView signature) const;
  bool operator==(const PublicKey& other) const;
  // Whether this is the public half of `key` (compared in place, nothing encoded).
  bool is_public_half_of(const PrivateKey& key) const;

  // For pki/ internals only; never hand it outside pki/.
  EVP_PKEY* native() const { return key_.get(); }
  explicit PublicKey(std::shared_ptr<EVP_PKEY> key) : key_(std::move(key)) {}

 private:
  std::shared_ptr<EVP_PKEY> key_;
};

class PrivateKey {
 public:
  static PrivateKey generate(KeyType type = KeyType::ec_p256);
  // Unencrypted PKCS#8 DER. Throws DecodeError.
  static PrivateKey from_der(ByteView der);
  // PKCS#8 PEM, encrypted or not (then `passphrase` is needed). Throws DecodeError.
  static PrivateKey from_pem(std::string_view pem, std::string_view passphrase = {});

  Bytes to_der() const;  // unencrypted PKCS#8
  // Unencrypted PKCS#8 as small as it goes: an EC key without its optional public key (71 bytes
  // fewer for P-256; from_der computes it again from the private one), other keys as to_der.
  Bytes to_compact_der() const;
  std::string to_pem() const;
  // PKCS#8 encrypted with AES-256-CBC under a key derived from `passphrase` (PBKDF2).
  std::string to_encrypted_pem(std::string_view passphrase) const;
  KeyType type() const;
  PublicKey public_key() const;
  Bytes sign(ByteView data) const;

  // For pki/ internals only; never hand it outside pki/.
  EVP_PKEY* native() const { return key_.get(); }
  explicit PrivateKey(std::shared_ptr<EVP_PKEY> key) : key_(std::move(key)) {}

 private:
  std::shared_ptr<EVP_PKEY> key_;
};

}  // namespace ifa026::pki
