// Setting up one CMP server transaction's OSSL_CMP_SRV_CTX and routing its callbacks (see
// cmp_transaction.hpp).
#include "pki/cmp_transaction.hpp"

#include <openssl/err.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include "pki/cmp_confirmation.hpp"
#include "pki/cmp_issuance.hpp"
#include "pki/cmp_revocation.hpp"
#include "pki/openssl_codec.hpp"

namespace ifa026::pki {

namespace {

using namespace ossl;  // NOLINT(google-build-using-namespace): internal helpers

CmpTransaction& of(OSSL_CMP_SRV_CTX* srv) {
  return *static_cast<CmpTransaction*>(OSSL_CMP_SRV_CTX_get0_custom_ctx(srv));
}

OSSL_CMP_PKISI* on_certificate_request(OSSL_CMP_SRV_CTX* srv, const OSSL_CMP_MSG* /*req*/,
                                       int /*cert_req_id*/, const OSSL_CRMF_MSG* crm,
                                       const X509_REQ* p10cr, X509** cert_out,
                                       STACK_OF(X509) * *chain_out, STACK_OF(X509) * *ca_pubs) {
  return issue_certificate(of(srv), crm, p10cr, cert_out, chain_out, ca_pubs);
}

OSSL_CMP_PKISI* on_revocation_request(OSSL_CMP_SRV_CTX* srv, const OSSL_CMP_MSG* /*req*/,
                                      const X509_NAME* issuer, const ASN1_INTEGER* serial) {
  return revoke_certificate(of(srv), issuer, serial);
}

// genm: answered with an empty genp.
int on_general_message(OSSL_CMP_SRV_CTX* srv, const OSSL_CMP_MSG*, const STACK_OF(OSSL_CMP_ITAV) *,
                       STACK_OF(OSSL_CMP_ITAV) * *out) {
  of(srv).finished = true;
  *out = sk_OSSL_CMP_ITAV_new_null();
  return *out != nullptr;
}

void on_error(OSSL_CMP_SRV_CTX* srv, const OSSL_CMP_MSG*, const OSSL_CMP_PKISI*,
              const ASN1_INTEGER*, const OSSL_CMP_PKIFREETEXT*) {
  client_error(of(srv));
}

int on_certificate_confirmation(OSSL_CMP_SRV_CTX* srv, const OSSL_CMP_MSG*, int /*cert_req_id*/,
                                const ASN1_OCTET_STRING* cert_hash, const OSSL_CMP_PKISI* si) {
  return confirm_certificate(of(srv), cert_hash, si);
}

}  // namespace

OSSL_CMP_PKISI* cmp_status(int pki_status, std::optional<CmpFailure> failure,
                           const std::string& text) {
  return OSSL_CMP_STATUSINFO_new(pki_status, failure ? 1 << static_cast<int>(*failure) : 0,
                                 text.empty() ? nullptr : text.c_str());
}

OSSL_CMP_PKISI* cmp_reject(CmpTransaction& t, CmpFailure failure, const std::string& text) {
  t.finished = true;
  return cmp_status(OSSL_CMP_PKISTATUS_rejection, failure, text);
}

std::unique_ptr<CmpTransaction> open_cmp_transaction(CmpResponder& responder, std::string key,
                                                     CmpBody kind) {
  auto t = std::make_unique<CmpTransaction>(responder);
  t->key = std::move(key);
  t->kind = kind;
  t->srv.reset(OSSL_CMP_SRV_CTX_new(nullptr, nullptr));
  if (!t->srv) throw_pki_error("OSSL_CMP_SRV_CTX_new");
  if (OSSL_CMP_SRV_CTX_init(t->srv.get(), t.get(), &on_certificate_request, &on_revocation_request,
                            &on_general_message, &on_error, &on_certificate_confirmation,
                            nullptr) != 1 ||
      OSSL_CMP_SRV_CTX_set_send_unprotected_errors(t->srv.get(), 0) != 1 ||
      OSSL_CMP_SRV_CTX_set_accept_unprotected(t->srv.get(), 0) != 1 ||
      OSSL_CMP_SRV_CTX_set_accept_raverified(t->srv.get(), 0) != 1 ||
      OSSL_CMP_SRV_CTX_set_grant_implicit_confirm(t->srv.get(),
                                                  responder.config.grant_implicit_confirm) != 1) {
    throw_pki_error("OSSL_CMP_SRV_CTX_init");
  }
  OSSL_CMP_CTX* ctx = t->cmp_context();
  X509Ptr ca_cert = certificate_x509(responder.ca.certificate());
  StorePtr store(X509_STORE_new());
  if (!store || X509_STORE_add_cert(store.get(), ca_cert.get()) != 1) {
    throw_pki_error("X509_STORE");
  }
  for (const Certificate& anchor : responder.config.extra_trust_anchors) {
    X509Ptr x = certificate_x509(anchor);
    if (X509_STORE_add_cert(store.get(), x.get()) != 1) throw_pki_error("X509_STORE_add_cert");
  }
  X509_VERIFY_PARAM_set_flags(X509_STORE_get0_param(store.get()), X509_V_FLAG_PARTIAL_CHAIN);
  // OpenSSL builds the chain of its own signing certificate from these for the extraCerts of
  // every message it signs (rp, pkiConf, genp, error), leaving out the self-signed root.
  CertificateStackPtr untrusted(sk_X509_new_null());
  if (!untrusted) throw_pki_error("sk_X509_new_null");
  for (const Certificate& c : responder.signer_chain) {
    X509Ptr x = certificate_x509(c);
    if (sk_X509_push(untrusted.get(), x.get()) > 0) x.release();
  }
  if (OSSL_CMP_CTX_set_log_cb(ctx, &ossl::silent_cmp_log) != 1 ||
      OSSL_CMP_CTX_set1_cert(ctx, ca_cert.get()) != 1 ||
      OSSL_CMP_CTX_set1_pkey(ctx, responder.ca.key().native()) != 1 ||
      OSSL_CMP_CTX_set0_trustedStore(ctx, store.get()) != 1 ||
      // (An empty stack would leave the context without one, which OpenSSL 3.0 does not expect.)
      (sk_X509_num(untrusted.get()) > 0 &&
       OSSL_CMP_CTX_set1_untrusted(ctx, untrusted.get()) != 1) ||
      OSSL_CMP_CTX_set_option(ctx, OSSL_CMP_OPT_MSG_TIMEOUT, 0) != 1 ||
      OSSL_CMP_CTX_set_option(ctx, OSSL_CMP_OPT_TOTAL_TIMEOUT, 0) != 1) {
    throw_pki_error("server OSSL_CMP_CTX setup");
  }
  store.release();
  return t;
}

}  // namespace ifa026::pki
