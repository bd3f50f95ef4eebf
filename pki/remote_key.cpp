// The "ifa026-remote" OpenSSL 3 provider behind pki::remote_private_key (see remote_key.hpp): an
// EC key manager whose keys are a public key plus a label, and an ECDSA signature whose digest-sign
// calls hand the message to the thread's RemoteSignFunction.
//
// The provider lives in a library context of its own, so no fetch of the default context (every
// other key, certificate and TLS session of the process) can ever pick its "EC" or "ECDSA". A
// remote key still works with code that runs in the default context: OpenSSL 3 looks for the
// signature of a key in the key's own provider when the default one cannot take the key (the
// export to it fails: the private half is not here), and compares keys across providers by
// importing the other key's public half here (SSL_check_private_key).
#include "pki/remote_key.hpp"

#include <openssl/core.h>
#include <openssl/core_dispatch.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/provider.h>
#include <openssl/x509.h>

#include <cstring>
#include <exception>
#include <utility>

#include "pki/openssl_ownership.hpp"

namespace ifa026::pki {

namespace {

using namespace ossl;  // NOLINT(google-build-using-namespace): internal helpers

using PkeyCtxPtr = Owned<EVP_PKEY_CTX, EVP_PKEY_CTX_free>;

constexpr const char* kProviderName = "ifa026-remote";
constexpr const char* kSpkiParam = "ifa026-remote-spki";    // octet string: SPKI DER
constexpr const char* kLabelParam = "ifa026-remote-label";  // UTF-8: the signer's key name
constexpr std::size_t kMaxLabel = 1024;

thread_local const RemoteSignFunction* current_signer = nullptr;

// One key: its public half (a default-provider key) and, for a key of ours, the label. A key
// imported from another provider for a comparison has no label and cannot sign.
struct KeyData {
  EVP_PKEY* public_key = nullptr;
  std::string label;
  ~KeyData() { EVP_PKEY_free(public_key); }
};

struct SignContext {
  const KeyData* key = nullptr;
  Bytes message;  // streamed input (digest_sign_update)
};

void remote_error(const std::string& text) {
  ERR_raise_data(ERR_LIB_USER, ERR_R_OPERATION_FAIL, "remote signer: %s", text.c_str());
}

// The digest PrivateKey::sign pairs with the key's curve ("" when the curve is not served).
const char* digest_of_curve(const EVP_PKEY* key) {
  char group[80] = {};
  std::size_t length = 0;
  if (EVP_PKEY_get_group_name(key, group, sizeof group, &length) != 1) return "";
  const std::string name(group, length);
  if (name == "prime256v1" || name == "P-256" || name == "secp256r1") return "SHA256";
  if (name == "secp384r1" || name == "P-384") return "SHA384";
  return "";
}

// ---- key manager ----

void* key_new(void*) {
  return new (std::nothrow) KeyData();
}

void key_free(void* keydata) {
  delete static_cast<KeyData*>(keydata);
}

void* key_dup(const void* keydata, int) {
  const auto* from = static_cast<const KeyData*>(keydata);
  auto* copy = new (std::nothrow) KeyData();
  if (copy == nullptr) return nullptr;
  if (from->public_key != nullptr && EVP_PKEY_up_ref(from->public_key) == 1)
    copy->public_key = from->public_key;
  try {
    copy->label = from->label;
  } catch (...) {
    delete copy;
    return nullptr;
  }
  return copy;
}

int key_has(const void* keydata, int selection) {
  const auto* key = static_cast<const KeyData*>(keydata);
  if (key == nullptr) return 0;
  if ((selection & OSSL_KEYMGMT_SELECT_PRIVATE_KEY) != 0 && key->label.empty()) return 0;
  if ((selection & OSSL_KEYMGMT_SELECT_KEYPAIR) != 0 && key->public_key == nullptr) return 0;
  return 1;
}

// Ours: the SPKI and the label (remote_private_key). Another provider's key (a comparison): its
// public parameters, made into a default-provider public key.
int key_import(void* keydata, int, const OSSL_PARAM params[]) {
  auto* key = static_cast<KeyData*>(keydata);
  if (key == nullptr || key->public_key != nullptr) return 0;
  const OSSL_PARAM* spki = OSSL_PARAM_locate_const(params, kSpkiParam);
  const OSSL_PARAM* label = OSSL_PARAM_locate_const(params, kLabelParam);
  if (spki != nullptr && label != nullptr) {
    const void* der = nullptr;
    std::size_t der_length = 0;
    const char* text = nullptr;
    if (OSSL_PARAM_get_octet_string_ptr(spki, &der, &der_length) != 1 ||
        OSSL_PARAM_get_utf8_string_ptr(label, &text) != 1 || text == nullptr || *text == '\0')
      return 0;
    const auto* p = static_cast<const unsigned char*>(der);
    EVP_PKEY* public_key = d2i_PUBKEY(nullptr, &p, static_cast<long>(der_length));
    if (public_key == nullptr) return 0;
    try {
      key->label = text;
    } catch (...) {
      EVP_PKEY_free(public_key);
      return 0;
    }
    key->public_key = public_key;
    return 1;
  }
  PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, "EC", "provider=default"));
  EVP_PKEY* public_key = nullptr;
  if (!ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &public_key, EVP_PKEY_PUBLIC_KEY,
                        const_cast<OSSL_PARAM*>(params)) != 1)
    return 0;
  key->public_key = public_key;
  return 1;
}

// Public parameters only: the private half is not here, so no other provider can take the key
// (which is what makes OpenSSL use this provider's signature for it).
int key_export(void* keydata, int selection, OSSL_CALLBACK* callback, void* argument) {
  const auto* key = static_cast<const KeyData*>(keydata);
  if (key == nullptr || key->public_key == nullptr ||
      (selection & OSSL_KEYMGMT_SELECT_PRIVATE_KEY) != 0)
    return 0;
  return EVP_PKEY_export(key->public_key, selection, callback, argument);
}

const OSSL_PARAM* key_import_types(int) {
  static const OSSL_PARAM types[] = {OSSL_PARAM_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, nullptr, 0),
                                     OSSL_PARAM_octet_string(OSSL_PKEY_PARAM_PUB_KEY, nullptr, 0),
                                     OSSL_PARAM_octet_string(kSpkiParam, nullptr, 0),
                                     OSSL_PARAM_utf8_string(kLabelParam, nullptr, 0),
                                     OSSL_PARAM_END};
  return types;
}

const OSSL_PARAM* key_export_types(int) {
  static const OSSL_PARAM types[] = {OSSL_PARAM_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, nullptr, 0),
                                     OSSL_PARAM_octet_string(OSSL_PKEY_PARAM_PUB_KEY, nullptr, 0),
                                     OSSL_PARAM_END};
  return types;
}

int key_get_params(void* keydata, OSSL_PARAM params[]) {
  const auto* key = static_cast<const KeyData*>(keydata);
  if (key == nullptr || key->public_key == nullptr) return 0;
  if (OSSL_PARAM* label = OSSL_PARAM_locate(params, kLabelParam); label != nullptr)
    if (OSSL_PARAM_set_utf8_string(label, key->label.c_str()) != 1) return 0;
  // Size, bits, security bits, group, encoded point, default digest: the public half's.
  return EVP_PKEY_get_params(key->public_key, params);
}

const OSSL_PARAM* key_gettable_params(void*) {
  static const OSSL_PARAM gettable[] = {
      OSSL_PARAM_int(OSSL_PKEY_PARAM_BITS, nullptr),
      OSSL_PARAM_int(OSSL_PKEY_PARAM_SECURITY_BITS, nullptr),
      OSSL_PARAM_int(OSSL_PKEY_PARAM_MAX_SIZE, nullptr),
      OSSL_PARAM_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, nullptr, 0),
      OSSL_PARAM_octet_string(OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, nullptr, 0),
      OSSL_PARAM_octet_string(OSSL_PKEY_PARAM_PUB_KEY, nullptr, 0),
      OSSL_PARAM_utf8_string(OSSL_PKEY_PARAM_DEFAULT_DIGEST, nullptr, 0),
      OSSL_PARAM_utf8_string(kLabelParam, nullptr, 0),
      OSSL_PARAM_END};
  return gettable;
}

int key_match(const void* a, const void* b, int) {
  const auto* first = static_cast<const KeyData*>(a);
  const auto* second = static_cast<const KeyData*>(b);
  if (first == nullptr || second == nullptr || first->public_key == nullptr ||
      second->public_key == nullptr)
    return 0;
  return EVP_PKEY_eq(first->public_key, second->public_key) == 1 ? 1 : 0;
}

const char* key_operation_name(int operation) {
  return operation == OSSL_OP_SIGNATURE ? "ECDSA" : nullptr;
}

// ---- signature ----

void* sign_new(void*, const char*) {
  return new (std::nothrow) SignContext();
}

void sign_free(void* context) {
  delete static_cast<SignContext*>(context);
}

void* sign_dup(void* context) {
  try {
    return new SignContext(*static_cast<const SignContext*>(context));
  } catch (...) {
    return nullptr;
  }
}

int digest_sign_init(void* context, const char* digest, void* keydata, const OSSL_PARAM[]) {
  auto* sign = static_cast<SignContext*>(context);
  const auto* key = static_cast<const KeyData*>(keydata);
  if (sign == nullptr) return 0;
  if (key == nullptr) key = sign->key;  // re-initialisation with the same key
  if (key == nullptr || key->public_key == nullptr || key->label.empty()) {
    remote_error("not a remote key");
    return 0;
  }
  const char* expected = digest_of_curve(key->public_key);
  if (*expected == '\0') {
    remote_error("curve not served");
    return 0;
  }
  if (digest != nullptr && *digest != '\0') {
    Owned<EVP_MD, EVP_MD_free> md(EVP_MD_fetch(nullptr, digest, nullptr));
    if (!md || EVP_MD_is_a(md.get(), expected) != 1) {
      remote_error(std::string("digest ") + digest + " is not the key's " + expected);
      return 0;
    }
  }
  sign->key = key;
  sign->message.clear();
  return 1;
}

int sign_with_signer(const SignContext& sign, ByteView message, unsigned char* signature,
                     std::size_t* length, std::size_t size) {
  const auto max = static_cast<std::size_t>(EVP_PKEY_get_size(sign.key->public_key));
  if (signature == nullptr) {
    *length = max;
    return 1;
  }
  const RemoteSignFunction* signer = current_signer;
  if (signer == nullptr || !*signer) {
    remote_error("no signer for " + sign.key->label);
    return 0;
  }
  std::optional<Bytes> made;
  try {
    made = (*signer)(sign.key->label, message);
  } catch (const std::exception& e) {
    remote_error(sign.key->label + ": " + e.what());
    return 0;
  }
  if (!made || made->empty()) {
    remote_error(sign.key->label + " refused");
    return 0;
  }
  if (made->size() > size) {
    remote_error(sign.key->label + ": signature longer than the buffer");
    return 0;
  }
  std::memcpy(signature, made->data(), made->size());
  *length = made->size();
  return 1;
}

int digest_sign_update(void* context, const unsigned char* data, std::size_t length) {
  auto* sign = static_cast<SignContext*>(context);
  if (sign == nullptr || sign->key == nullptr) return 0;
  try {
    sign->message.insert(sign->message.end(), data, data + length);
  } catch (...) {
    return 0;
  }
  return 1;
}

int digest_sign_final(void* context, unsigned char* signature, std::size_t* length,
                      std::size_t size) {
  const auto* sign = static_cast<const SignContext*>(context);
  if (sign == nullptr || sign->key == nullptr) return 0;
  return sign_with_signer(*sign, sign->message, signature, length, size);
}

int digest_sign(void* context, unsigned char* signature, std::size_t* length, std::size_t size,
                const unsigned char* data, std::size_t data_length) {
  const auto* sign = static_cast<const SignContext*>(context);
  if (sign == nullptr || sign->key == nullptr) return 0;
  return sign_with_signer(*sign, ByteView(data, data_length), signature, length, size);
}

int sign_get_ctx_params(void*, OSSL_PARAM[]) {
  return 1;
}

const OSSL_PARAM* sign_gettable_ctx_params(void*, void*) {
  static const OSSL_PARAM none[] = {OSSL_PARAM_END};
  return none;
}

int sign_set_ctx_params(void*, const OSSL_PARAM[]) {
  return 1;
}

const OSSL_PARAM* sign_settable_ctx_params(void*, void*) {
  static const OSSL_PARAM none[] = {OSSL_PARAM_END};
  return none;
}

// ---- the provider ----

template <typename F>
void (*as_function(F* function))(void) {
  return reinterpret_cast<void (*)(void)>(function);
}

const OSSL_DISPATCH kKeyManager[] = {
    {OSSL_FUNC_KEYMGMT_NEW, as_function(&key_new)},
    {OSSL_FUNC_KEYMGMT_FREE, as_function(&key_free)},
    {OSSL_FUNC_KEYMGMT_DUP, as_function(&key_dup)},
    {OSSL_FUNC_KEYMGMT_HAS, as_function(&key_has)},
    {OSSL_FUNC_KEYMGMT_IMPORT, as_function(&key_import)},
    {OSSL_FUNC_KEYMGMT_IMPORT_TYPES, as_function(&key_import_types)},
    {OSSL_FUNC_KEYMGMT_EXPORT, as_function(&key_export)},
    {OSSL_FUNC_KEYMGMT_EXPORT_TYPES, as_function(&key_export_types)},
    {OSSL_FUNC_KEYMGMT_GET_PARAMS, as_function(&key_get_params)},
    {OSSL_FUNC_KEYMGMT_GETTABLE_PARAMS, as_function(&key_gettable_params)},
    {OSSL_FUNC_KEYMGMT_MATCH, as_function(&key_match)},
    {OSSL_FUNC_KEYMGMT_QUERY_OPERATION_NAME, as_function(&key_operation_name)},
    {0, nullptr}};

const OSSL_DISPATCH kSignature[] = {
    {OSSL_FUNC_SIGNATURE_NEWCTX, as_function(&sign_new)},
    {OSSL_FUNC_SIGNATURE_FREECTX, as_function(&sign_free)},
    {OSSL_FUNC_SIGNATURE_DUPCTX, as_function(&sign_dup)},
    {OSSL_FUNC_SIGNATURE_DIGEST_SIGN_INIT, as_function(&digest_sign_init)},
    {OSSL_FUNC_SIGNATURE_DIGEST_SIGN_UPDATE, as_function(&digest_sign_update)},
    {OSSL_FUNC_SIGNATURE_DIGEST_SIGN_FINAL, as_function(&digest_sign_final)},
    {OSSL_FUNC_SIGNATURE_DIGEST_SIGN, as_function(&digest_sign)},
    {OSSL_FUNC_SIGNATURE_GET_CTX_PARAMS, as_function(&sign_get_ctx_params)},
    {OSSL_FUNC_SIGNATURE_GETTABLE_CTX_PARAMS, as_function(&sign_gettable_ctx_params)},
    {OSSL_FUNC_SIGNATURE_SET_CTX_PARAMS, as_function(&sign_set_ctx_params)},
    {OSSL_FUNC_SIGNATURE_SETTABLE_CTX_PARAMS, as_function(&sign_settable_ctx_params)},
    {0, nullptr}};

const OSSL_ALGORITHM kKeyManagers[] = {
    {"EC:id-ecPublicKey:1.2.840.10045.2.1", "provider=ifa026-remote", kKeyManager,
     "EC key held by a remote signer"},
    {nullptr, nullptr, nullptr, nullptr}};

const OSSL_ALGORITHM kSignatures[] = {
    {"ECDSA", "provider=ifa026-remote", kSignature, "ECDSA by a remote signer"},
    {nullptr, nullptr, nullptr, nullptr}};

const OSSL_ALGORITHM* provider_query(void*, int operation, int* no_cache) {
  *no_cache = 0;
  if (operation == OSSL_OP_KEYMGMT) return kKeyManagers;
  if (operation == OSSL_OP_SIGNATURE) return kSignatures;
  return nullptr;
}

const OSSL_DISPATCH kProvider[] = {
    {OSSL_FUNC_PROVIDER_QUERY_OPERATION, as_function(&provider_query)}, {0, nullptr}};

int provider_init(const OSSL_CORE_HANDLE*, const OSSL_DISPATCH*, const OSSL_DISPATCH** out,
                  void** context) {
  *out = kProvider;
  *context = nullptr;
  return 1;
}

struct RemoteProvider {
  OSSL_LIB_CTX* library = nullptr;
  OSSL_PROVIDER* provider = nullptr;
};

// Loaded once, never unloaded (keys of it may live until exit).
const RemoteProvider& remote_provider() {
  static const RemoteProvider loaded = [] {
    RemoteProvider p;
    p.library = OSSL_LIB_CTX_new();
    if (p.library == nullptr ||
        OSSL_PROVIDER_add_builtin(p.library, kProviderName, &provider_init) != 1)
      throw_pki_error("remote key provider");
    p.provider = OSSL_PROVIDER_load(p.library, kProviderName);
    if (p.provider == nullptr) throw_pki_error("remote key provider: load");
    return p;
  }();
  return loaded;
}

}  // namespace

PrivateKey remote_private_key(const PublicKey& public_key, const std::string& label) {
  if (label.empty() || label.size() > kMaxLabel)
    throw PkiError("remote key: label must be 1.." + std::to_string(kMaxLabel) + " bytes");
  const KeyType type = public_key.type();
  if (type != KeyType::ec_p256 && type != KeyType::ec_p384)
    throw PkiError("remote key: " + std::string(to_string(type)) +
                   " is not served (EC P-256 and P-384 only: TLS 1.3 needs RSA-PSS for RSA)");
  const RemoteProvider& provider = remote_provider();
  const Bytes spki = public_key.to_der();
  PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(provider.library, "EC", nullptr));
  if (!ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1) throw_pki_error("remote key: context");
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_octet_string(kSpkiParam, const_cast<std::uint8_t*>(spki.data()),
                                        spki.size()),
      OSSL_PARAM_construct_utf8_string(kLabelParam, const_cast<char*>(label.c_str()), 0),
      OSSL_PARAM_construct_end()};
  EVP_PKEY* made = nullptr;
  if (EVP_PKEY_fromdata(ctx.get(), &made, EVP_PKEY_KEYPAIR, params) != 1 || made == nullptr)
    throw_pki_error("remote key: import");
  return PrivateKey(std::shared_ptr<EVP_PKEY>(made, EVP_PKEY_free));
}

std::optional<std::string> remote_key_label(const PrivateKey& key) {
  EVP_PKEY* native = key.native();
  const OSSL_PROVIDER* provider = native == nullptr ? nullptr : EVP_PKEY_get0_provider(native);
  // Named first, so that ordinary keys never load the provider.
  if (provider == nullptr || std::strcmp(OSSL_PROVIDER_get0_name(provider), kProviderName) != 0 ||
      provider != remote_provider().provider)
    return std::nullopt;
  char label[kMaxLabel + 1] = {};
  std::size_t length = 0;
  if (EVP_PKEY_get_utf8_string_param(native, kLabelParam, label, sizeof label, &length) != 1) {
    ERR_clear_error();
    return std::nullopt;
  }
  return std::string(label, length);
}

RemoteSignerScope::RemoteSignerScope(const RemoteSignFunction& signer) : previous_(current_signer) {
  current_signer = &signer;
}

RemoteSignerScope::~RemoteSignerScope() {
  current_signer = previous_;
}

}  // namespace ifa026::pki
