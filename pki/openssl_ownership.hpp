// Internal to pki/: ownership of OpenSSL objects. `Owned<T, free_fn>` is a unique_ptr that frees
// with OpenSSL's own function, so every object is released on every path, exceptions included.
// Never include this header outside pki/: no raw OpenSSL pointer leaves the room.
#pragma once

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

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
inline void free_extension_stack(STACK_OF(X509_EXTENSION) * stack) {
  sk_X509_EXTENSION_pop_free(stack, X509_EXTENSION_free);
}
inline void free_any_sequence(ASN1_SEQUENCE_ANY* sequence) {
  sk_ASN1_TYPE_pop_free(sequence, ASN1_TYPE_free);
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

// The ASN.1 and X.509 parts that several sources build or read (certificates, the CA, CSRs,
// CRLs, OCSP, CMS, CMP).
using ObjectPtr = Owned<ASN1_OBJECT, ASN1_OBJECT_free>;
using IntegerPtr = Owned<ASN1_INTEGER, ASN1_INTEGER_free>;
using EnumeratedPtr = Owned<ASN1_ENUMERATED, ASN1_ENUMERATED_free>;
using TimePtr = Owned<ASN1_TIME, ASN1_TIME_free>;
using OctetStringPtr = Owned<ASN1_OCTET_STRING, ASN1_OCTET_STRING_free>;
using AnySequencePtr = Owned<ASN1_SEQUENCE_ANY, free_any_sequence>;
using NamePtr = Owned<X509_NAME, X509_NAME_free>;
using ReqPtr = Owned<X509_REQ, X509_REQ_free>;
using ExtensionPtr = Owned<X509_EXTENSION, X509_EXTENSION_free>;
using ExtensionStackPtr = Owned<STACK_OF(X509_EXTENSION), free_extension_stack>;
using GeneralNamePtr = Owned<GENERAL_NAME, GENERAL_NAME_free>;
using GeneralNamesPtr = Owned<GENERAL_NAMES, GENERAL_NAMES_free>;
using ExtKeyUsagePtr = Owned<EXTENDED_KEY_USAGE, EXTENDED_KEY_USAGE_free>;
using BasicConstraintsPtr = Owned<BASIC_CONSTRAINTS, BASIC_CONSTRAINTS_free>;
using AuthorityKeyIdPtr = Owned<AUTHORITY_KEYID, AUTHORITY_KEYID_free>;

}  // namespace ifa026::pki::ossl
