// Internal to pki/: ownership of OpenSSL objects. `Owned<T, free_fn>` is a unique_ptr that frees
// with OpenSSL's own function, so every object is released on every path, exceptions included.
// Never include this header outside pki/: no raw OpenSSL pointer leaves the room.
#pragma once

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include <memory>

namespace ifa026::pki::ossl {

template <auto FreeFunction>
struct Free {
  template <typename T>
  void operator()(T* p) const {
    FreeFunction(p);
  }
};
template <typename T, auto FreeFunction>
using Owned = std::unique_ptr<T, Free<FreeFunction>>;

inline void free_openssl_bytes(unsigned char* p) {
  OPENSSL_free(p);
}
inline void free_openssl_chars(char* p) {
  OPENSSL_free(p);
}
inline void free_certificate_stack(STACK_OF(X509) * stack) {
  sk_X509_pop_free(stack, X509_free);
}

using BioPtr = Owned<BIO, BIO_free>;
using BignumPtr = Owned<BIGNUM, BN_free>;
using PkeyPtr = Owned<EVP_PKEY, EVP_PKEY_free>;
using X509Ptr = Owned<X509, X509_free>;
using CrlPtr = Owned<X509_CRL, X509_CRL_free>;
using StorePtr = Owned<X509_STORE, X509_STORE_free>;
using CertificateStackPtr = Owned<STACK_OF(X509), free_certificate_stack>;
using OpenSslBytes = Owned<unsigned char, free_openssl_bytes>;  // i2d_* output
using OpenSslChars = Owned<char, free_openssl_chars>;           // BN_bn2hex and similar output

}  // namespace ifa026::pki::ossl
