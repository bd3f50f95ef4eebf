// Path validation with OpenSSL's X509_STORE at a caller-given instant, mapped to VerifyFailure.
#include "pki/chain_verifier.hpp"
#include "pki/openssl_codec.hpp"
#include "pki/openssl_ownership.hpp"

#include <openssl/err.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <memory>
#include <vector>

namespace ifa026::pki {

namespace {

using namespace ossl;  // NOLINT(google-build-using-namespace): internal helpers

using StoreCtxPtr = Owned<X509_STORE_CTX, X509_STORE_CTX_free>;

CrlPtr x509_crl_or_null(const Crl& crl) {
  const unsigned char* p = crl.der().data();
  return CrlPtr(d2i_X509_CRL(nullptr, &p, static_cast<long>(crl.der().size())));
}

VerifyFailure classify(int error) {
  switch (error) {
    case X509_V_OK:
      return VerifyFailure::none;
    case X509_V_ERR_CERT_HAS_EXPIRED:
      return VerifyFailure::expired;
    case X509_V_ERR_CERT_NOT_YET_VALID:
      return VerifyFailure::not_yet_valid;
    case X509_V_ERR_CERT_REVOKED:
      return VerifyFailure::revoked;
    case X509_V_ERR_CERT_SIGNATURE_FAILURE:
    case X509_V_ERR_CRL_SIGNATURE_FAILURE:
    case X509_V_ERR_UNABLE_TO_DECRYPT_CERT_SIGNATURE:
    case X509_V_ERR_UNABLE_TO_DECRYPT_CRL_SIGNATURE:
      return VerifyFailure::bad_signature;
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
    case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
    case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
    case X509_V_ERR_CERT_UNTRUSTED:
    case X509_V_ERR_CERT_REJECTED:
    case X509_V_ERR_INVALID_CA:
      return VerifyFailure::unknown_issuer;
    case X509_V_ERR_INVALID_PURPOSE:
    case X509_V_ERR_KEYUSAGE_NO_CERTSIGN:
    case X509_V_ERR_KEYUSAGE_NO_CRL_SIGN:
    case X509_V_ERR_KEYUSAGE_NO_DIGITAL_SIGNATURE:
      return VerifyFailure::wrong_usage;
    case X509_V_ERR_HOSTNAME_MISMATCH:
      return VerifyFailure::name_mismatch;
    case X509_V_ERR_UNABLE_TO_GET_CRL:
    case X509_V_ERR_UNABLE_TO_GET_CRL_ISSUER:
    case X509_V_ERR_CRL_HAS_EXPIRED:
    case X509_V_ERR_CRL_NOT_YET_VALID:
      return VerifyFailure::crl_unavailable;
    default:
      return VerifyFailure::malformed;
  }
}

VerifyResult failure(VerifyFailure reason, std::string detail) {
  return VerifyResult{reason, std::move(detail)};
}

}  // namespace

std::string_view to_string(VerifyFailure failure) {
  switch (failure) {
    case VerifyFailure::none:
      return "none";
    case VerifyFailure::expired:
      return "expired";
    case VerifyFailure::not_yet_valid:
      return "not-yet-valid";
    case VerifyFailure::revoked:
      return "revoked";
    case VerifyFailure::bad_signature:
      return "bad-signature";
    case VerifyFailure::unknown_issuer:
      return "unknown-issuer";
    case VerifyFailure::wrong_usage:
      return "wrong-usage";
    case VerifyFailure::name_mismatch:
      return "name-mismatch";
    case VerifyFailure::crl_unavailable:
      return "crl-unavailable";
    case VerifyFailure::malformed:
      return "malformed";
  }
  return "malformed";
}

VerifyResult verify_certificate(const Certificate& leaf, const TrustStore& trust, Instant at,
                                const VerifyOptions& options) {
  ERR_clear_error();
  X509Ptr leaf_x509 = certificate_x509(leaf);

  StorePtr store(X509_STORE_new());
  if (!store) throw_pki_error("verify: X509_STORE_new");
  for (const Certificate& anchor : trust.anchors()) {
    X509Ptr x509 = certificate_x509(anchor);
    if (X509_STORE_add_cert(store.get(), x509.get()) != 1) throw_pki_error("verify: anchor");
  }
  if (options.check_crl) {
    for (const Crl& crl : trust.crls()) {
      CrlPtr x509_crl = x509_crl_or_null(crl);
      if (!x509_crl) return failure(VerifyFailure::malformed, "CRL: " + take_openssl_errors());
      if (X509_STORE_add_crl(store.get(), x509_crl.get()) != 1) throw_pki_error("verify: CRL");
    }
  }

  CertificateStackPtr untrusted(sk_X509_new_null());
  if (!untrusted) throw_pki_error("verify: certificate stack");
  for (const Certificate& intermediate : trust.intermediates()) {
    X509Ptr x509 = certificate_x509(intermediate);
    if (sk_X509_push(untrusted.get(), x509.get()) <= 0) throw_pki_error("verify: intermediate");
    x509.release();
  }

  StoreCtxPtr context(X509_STORE_CTX_new());
  if (!context ||
      X509_STORE_CTX_init(context.get(), store.get(), leaf_x509.get(), untrusted.get()) != 1) {
    throw_pki_error("verify: X509_STORE_CTX_init");
  }
  X509_VERIFY_PARAM* param = X509_STORE_CTX_get0_param(context.get());
  // Simulated time, always: never let OpenSSL consult the wall clock.
  X509_VERIFY_PARAM_set_time(param, static_cast<time_t>(at.seconds()));
  // A configured anchor is trusted as such, self-signed root or not (RFC 5280 §6.1.1 (d)).
  X509_VERIFY_PARAM_set_flags(param, X509_V_FLAG_PARTIAL_CHAIN);
  if (options.check_crl) {
    X509_VERIFY_PARAM_set_flags(param, X509_V_FLAG_CRL_CHECK | X509_V_FLAG_CRL_CHECK_ALL);
  }
  // OpenSSL 3.0 has no code-signing purpose: that one is checked on the leaf after the path.
  const bool code_signing = options.purpose == ExtendedKeyUsage::code_signing;
  if (options.purpose && !code_signing) {
    int purpose = *options.purpose == ExtendedKeyUsage::client_auth ? X509_PURPOSE_SSL_CLIENT
                                                                    : X509_PURPOSE_SSL_SERVER;
    // Sets the purpose and the matching trust setting.
    if (X509_STORE_CTX_set_purpose(context.get(), purpose) != 1) {
      throw_pki_error("verify: purpose");
    }
  }
  if (options.expected_dns_name) {
    const std::string& name = *options.expected_dns_name;
    if (X509_VERIFY_PARAM_set1_host(param, name.data(), name.size()) != 1) {
      return failure(VerifyFailure::name_mismatch,
                     "unusable expected DNS name: " + take_openssl_errors());
    }
  }

  int result = X509_verify_cert(context.get());
  if (result == 1) {
    ERR_clear_error();
    if (code_signing) {
      const std::vector<ExtendedKeyUsage> usages = leaf.extended_key_usage();
      if (std::find(usages.begin(), usages.end(), ExtendedKeyUsage::code_signing) == usages.end())
        return failure(VerifyFailure::wrong_usage, "no codeSigning extended key usage");
    }
    return {};
  }
  int error = X509_STORE_CTX_get_error(context.get());
  if (error == X509_V_OK) {
    return failure(VerifyFailure::malformed, "verification failed: " + take_openssl_errors());
  }
  ERR_clear_error();
  const VerifyFailure failed = classify(error);
  if (failed == VerifyFailure::unknown_issuer) {
    // OpenSSL passes over an issuer outside its validity when it builds the path, and then says
    // it found none (before it looks at the leaf's own validity): name the real cause, which a
    // clock behind or ahead of the CA's shows.
    if (at < leaf.not_before())
      return failure(VerifyFailure::not_yet_valid,
                     "certificate not yet valid at " + format_instant(at) + " (valid from " +
                         format_instant(leaf.not_before()) + "): is this clock behind the CA's?");
    for (const auto* list : {&trust.anchors(), &trust.intermediates()})
      for (const Certificate& issuer : *list) {
        if (!(issuer.subject() == leaf.issuer())) continue;
        if (at < issuer.not_before())
          return failure(VerifyFailure::not_yet_valid, "issuer " + issuer.subject().to_string() +
                                                           " not yet valid at " +
                                                           format_instant(at) + " (valid from " +
                                                           format_instant(issuer.not_before()) +
                                                           "): is this clock behind the CA's?");
        if (issuer.not_after() < at)
          return failure(VerifyFailure::expired, "issuer " + issuer.subject().to_string() +
                                                     " expired at " +
                                                     format_instant(issuer.not_after()));
      }
  }
  return failure(failed, X509_verify_cert_error_string(error));
}

}  // namespace ifa026::pki
