// Key generation, PKCS#8/SPKI DER and PEM codecs, encrypted PKCS#8, signing and verification.
#include "pki/key.hpp"
#include "pki/openssl_codec.hpp"
#include "pki/openssl_ownership.hpp"

#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <climits>
#include <cstring>
#include <memory>

namespace ifa026::pki {

namespace {

using namespace ossl;  // NOLINT(google-build-using-namespace): internal helpers

using MdCtxPtr = Owned<EVP_MD_CTX, EVP_MD_CTX_free>;
using P8InfoPtr = Owned<PKCS8_PRIV_KEY_INFO, PKCS8_PRIV_KEY_INFO_free>;
using XPubkeyPtr = Owned<X509_PUBKEY, X509_PUBKEY_free>;

std::shared_ptr<EVP_PKEY> share(PkeyPtr key) {
  return std::shared_ptr<EVP_PKEY>(key.release(), EVP_PKEY_free);
}

std::optional<KeyType> key_type_of(const EVP_PKEY* key) {
  if (key == nullptr) return std::nullopt;
  switch (EVP_PKEY_get_base_id(key)) {
    case EVP_PKEY_ED25519:
      return KeyType::ed25519;
    case EVP_PKEY_RSA:
      switch (EVP_PKEY_get_bits(key)) {
        case 2048:
          return KeyType::rsa2048;
        case 3072:
          return KeyType::rsa3072;
        default:
          return std::nullopt;
      }
    case EVP_PKEY_EC: {
      char name[80] = {};
      size_t length = 0;
      if (EVP_PKEY_get_group_name(key, name, sizeof name, &length) != 1) {
        ERR_clear_error();
        return std::nullopt;
      }
      int nid = OBJ_sn2nid(name);
      if (nid == NID_undef) nid = EC_curve_nist2nid(name);
      if (nid == NID_X9_62_prime256v1) return KeyType::ec_p256;
      if (nid == NID_secp384r1) return KeyType::ec_p384;
      return std::nullopt;
    }
    default:
      return std::nullopt;
  }
}

KeyType checked_type(const EVP_PKEY* key) {
  auto type = key_type_of(key);
  if (!type) throw PkiError("key type: unsupported key algorithm or size");
  return *type;
}

std::string bio_to_string(BIO* bio) {
  char* data = nullptr;
  long length = BIO_get_mem_data(bio, &data);
  if (length <= 0 || data == nullptr) return {};
  return std::string(data, static_cast<std::size_t>(length));
}

BioPtr memory_bio() {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio) throw_pki_error("BIO_new");
  return bio;
}

BioPtr read_bio(std::string_view text) {
  if (text.size() > static_cast<std::size_t>(INT_MAX)) throw DecodeError("PEM input too large");
  static const char kEmpty = 0;
  BioPtr bio(BIO_new_mem_buf(text.empty() ? &kEmpty : text.data(), static_cast<int>(text.size())));
  if (!bio) throw_pki_error("BIO_new_mem_buf");
  return bio;
}

void require_der_length(ByteView der, std::string_view what) {
  if (der.empty()) throw DecodeError(std::string(what) + ": empty input");
  if (der.size() > static_cast<std::size_t>(LONG_MAX)) {
    throw DecodeError(std::string(what) + ": input too large");
  }
}

// Keeps only the public half: round-trips the key through SubjectPublicKeyInfo DER.
PkeyPtr public_half(const EVP_PKEY* key) {
  unsigned char* der = nullptr;
  int length = i2d_PUBKEY(key, &der);
  if (length <= 0) throw_pki_error("i2d_PUBKEY");
  const unsigned char* p = der;
  PkeyPtr pub(d2i_PUBKEY(nullptr, &p, length));
  OPENSSL_free(der);
  if (!pub) throw_pki_error("d2i_PUBKEY");
  return pub;
}

struct PassphraseArg {
  std::string_view passphrase;
  bool asked = false;
};

int passphrase_callback(char* buf, int size, int /*rwflag*/, void* u) {
  auto* arg = static_cast<PassphraseArg*>(u);
  arg->asked = true;
  if (arg->passphrase.empty() || size <= 0 ||
      arg->passphrase.size() > static_cast<std::size_t>(size)) {
    return -1;
  }
  std::memcpy(buf, arg->passphrase.data(), arg->passphrase.size());
  return static_cast<int>(arg->passphrase.size());
}

}  // namespace

std::string_view to_string(KeyType type) {
  switch (type) {
    case KeyType::ec_p256:
      return "ec-p256";
    case KeyType::ec_p384:
      return "ec-p384";
    case KeyType::rsa2048:
      return "rsa-2048";
    case KeyType::rsa3072:
      return "rsa-3072";
    case KeyType::ed25519:
      return "ed25519";
  }
  return "unknown";
}

std::optional<KeyType> key_type_from_string(std::string_view name) {
  for (KeyType t :
       {KeyType::ec_p256, KeyType::ec_p384, KeyType::rsa2048, KeyType::rsa3072, KeyType::ed25519}) {
    if (to_string(t) == name) return t;
  }
  return std::nullopt;
}

// ---------------------------------------------------------------------------------------------
// PublicKey

PublicKey PublicKey::from_der(ByteView der) {
  require_der_length(der, "public key DER");
  const unsigned char* p = der.data();
  PkeyPtr key(d2i_PUBKEY(nullptr, &p, static_cast<long>(der.size())));
  if (!key) throw_decode_error("public key DER");
  if (p != der.data() + der.size()) {
    ERR_clear_error();
    throw DecodeError("public key DER: trailing bytes after SubjectPublicKeyInfo");
  }
  if (!key_type_of(key.get())) {
    ERR_clear_error();
    throw DecodeError("public key DER: unsupported key algorithm or size");
  }
  return PublicKey(share(std::move(key)));
}

Bytes PublicKey::to_der() const {
  unsigned char* der = nullptr;
  int length = i2d_PUBKEY(key_.get(), &der);
  if (length <= 0) throw_pki_error("i2d_PUBKEY");
  Bytes out(der, der + length);
  OPENSSL_free(der);
  return out;
}

std::string PublicKey::to_pem() const {
  BioPtr bio = memory_bio();
  if (PEM_write_bio_PUBKEY(bio.get(), key_.get()) != 1) throw_pki_error("PEM_write_bio_PUBKEY");
  return bio_to_string(bio.get());
}

KeyType PublicKey::type() const {
  return checked_type(key_.get());
}

Bytes PublicKey::spki_sha256() const {
  return sha256(to_der());
}

Bytes PublicKey::key_identifier() const {
  X509_PUBKEY* raw = nullptr;
  if (X509_PUBKEY_set(&raw, key_.get()) != 1) throw_pki_error("X509_PUBKEY_set");
  XPubkeyPtr xpk(raw);
  const unsigned char* bits = nullptr;
  int length = 0;
  if (X509_PUBKEY_get0_param(nullptr, &bits, &length, nullptr, xpk.get()) != 1 || bits == nullptr ||
      length <= 0) {
    throw_pki_error("X509_PUBKEY_get0_param");
  }
  Bytes digest(EVP_MAX_MD_SIZE);
  unsigned int digest_length = 0;
  if (EVP_Digest(bits, static_cast<std::size_t>(length), digest.data(), &digest_length, EVP_sha1(),
                 nullptr) != 1) {
    throw_pki_error("key identifier SHA-1");
  }
  digest.resize(digest_length);
  return digest;
}

bool PublicKey::verify(ByteView data, ByteView signature) const {
  auto type = key_type_of(key_.get());
  if (!type || signature.empty()) return false;
  MdCtxPtr ctx(EVP_MD_CTX_new());
  if (!ctx) throw_pki_error("EVP_MD_CTX_new");
  if (EVP_DigestVerifyInit(ctx.get(), nullptr, digest_for(*type), nullptr, key_.get()) != 1) {
    ERR_clear_error();
    return false;
  }
  int rc = EVP_DigestVerify(ctx.get(), signature.data(), signature.size(), nonnull_data(data),
                            data.size());
  ERR_clear_error();
  return rc == 1;
}

bool PublicKey::operator==(const PublicKey& other) const {
  if (key_ == other.key_) return true;
  if (!key_ || !other.key_) return false;
  int rc = EVP_PKEY_eq(key_.get(), other.key_.get());
  ERR_clear_error();
  return rc == 1;
}

bool PublicKey::is_public_half_of(const PrivateKey& key) const {
  if (!key_ || key.native() == nullptr) return false;
  int rc = EVP_PKEY_eq(key_.get(), key.native());
  ERR_clear_error();
  return rc == 1;
}

// ---------------------------------------------------------------------------------------------
// PrivateKey

PrivateKey PrivateKey::generate(KeyType type) {
  EVP_PKEY* raw = nullptr;
  switch (type) {
    case KeyType::ec_p256:
      raw = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
      break;
    case KeyType::ec_p384:
      raw = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-384");
      break;
    case KeyType::rsa2048:
      raw = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<std::size_t>(2048));
      break;
    case KeyType::rsa3072:
      raw = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<std::size_t>(3072));
      break;
    case KeyType::ed25519:
      raw = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
      break;
  }
  PkeyPtr key(raw);
  if (!key) throw_pki_error("generate " + std::string(to_string(type)) + " key");
  return PrivateKey(share(std::move(key)));
}

PrivateKey PrivateKey::from_der(ByteView der) {
  require_der_length(der, "private key DER");
  const unsigned char* p = der.data();
  P8InfoPtr info(d2i_PKCS8_PRIV_KEY_INFO(nullptr, &p, static_cast<long>(der.size())));
  if (!info) throw_decode_error("private key DER (PKCS#8)");
  if (p != der.data() + der.size()) {
    ERR_clear_error();
    throw DecodeError("private key DER: trailing bytes after PrivateKeyInfo");
  }
  PkeyPtr key(EVP_PKCS82PKEY(info.get()));
  if (!key) throw_decode_error("private key DER (PKCS#8 key)");
  if (!key_type_of(key.get())) {
    ERR_clear_error();
    throw DecodeError("private key DER: unsupported key algorithm or size");
  }
  return PrivateKey(share(std::move(key)));
}

PrivateKey PrivateKey::from_pem(std::string_view pem, std::string_view passphrase) {
  BioPtr bio = read_bio(pem);
  PassphraseArg arg{passphrase};
  PkeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, passphrase_callback, &arg));
  if (!key) {
    if (arg.asked && passphrase.empty()) throw_decode_error("private key PEM (passphrase needed)");
    if (arg.asked) throw_decode_error("private key PEM (wrong passphrase or corrupt key)");
    throw_decode_error("private key PEM");
  }
  ERR_clear_error();
  if (!key_type_of(key.get())) {
    ERR_clear_error();
    throw DecodeError("private key PEM: unsupported key algorithm or size");
  }
  return PrivateKey(share(std::move(key)));
}

Bytes PrivateKey::to_der() const {
  P8InfoPtr info(EVP_PKEY2PKCS8(key_.get()));
  if (!info) throw_pki_error("EVP_PKEY2PKCS8");
  unsigned char* der = nullptr;
  int length = i2d_PKCS8_PRIV_KEY_INFO(info.get(), &der);
  if (length <= 0) throw_pki_error("i2d_PKCS8_PRIV_KEY_INFO");
  Bytes out(der, der + length);
  OPENSSL_clear_free(der, static_cast<std::size_t>(length));
  return out;
}

Bytes PrivateKey::to_compact_der() const {
  const KeyType type = checked_type(key_.get());
  if (type != KeyType::ec_p256 && type != KeyType::ec_p384) return to_der();
  PkeyPtr copy(EVP_PKEY_dup(key_.get()));
  if (!copy || EVP_PKEY_set_int_param(copy.get(), OSSL_PKEY_PARAM_EC_INCLUDE_PUBLIC, 0) != 1)
    throw_pki_error("EC private key without its public key");
  return PrivateKey(share(std::move(copy))).to_der();
}

std::string PrivateKey::to_pem() const {
  BioPtr bio = memory_bio();
  if (PEM_write_bio_PKCS8PrivateKey(bio.get(), key_.get(), nullptr, nullptr, 0, nullptr, nullptr) !=
      1) {
    throw_pki_error("PEM_write_bio_PKCS8PrivateKey");
  }
  return bio_to_string(bio.get());
}

std::string PrivateKey::to_encrypted_pem(std::string_view passphrase) const {
  if (passphrase.empty()) throw PkiError("encrypt private key: empty passphrase");
  if (passphrase.size() > 1023) throw PkiError("encrypt private key: passphrase too long");
  BioPtr bio = memory_bio();
  if (PEM_write_bio_PKCS8PrivateKey(bio.get(), key_.get(), EVP_aes_256_cbc(), passphrase.data(),
                                    static_cast<int>(passphrase.size()), nullptr, nullptr) != 1) {
    throw_pki_error("PEM_write_bio_PKCS8PrivateKey (AES-256-CBC)");
  }
  return bio_to_string(bio.get());
}

KeyType PrivateKey::type() const {
  return checked_type(key_.get());
}

PublicKey PrivateKey::public_key() const {
  return PublicKey(share(public_half(key_.get())));
}

Bytes PrivateKey::sign(ByteView data) const {
  KeyType type = checked_type(key_.get());
  MdCtxPtr ctx(EVP_MD_CTX_new());
  if (!ctx) throw_pki_error("EVP_MD_CTX_new");
  if (EVP_DigestSignInit(ctx.get(), nullptr, digest_for(type), nullptr, key_.get()) != 1) {
    throw_pki_error("EVP_DigestSignInit");
  }
  std::size_t length = 0;
  if (EVP_DigestSign(ctx.get(), nullptr, &length, nonnull_data(data), data.size()) != 1) {
    throw_pki_error("EVP_DigestSign (size)");
  }
  Bytes signature(length);
  if (EVP_DigestSign(ctx.get(), signature.data(), &length, nonnull_data(data), data.size()) != 1) {
    throw_pki_error("EVP_DigestSign");
  }
  signature.resize(length);
  return signature;
}

}  // namespace ifa026::pki
