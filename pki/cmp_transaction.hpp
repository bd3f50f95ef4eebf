// Internal to pki/: one CMP transaction on the server side (DESIGN §5: one OSSL_CMP_SRV_CTX per
// transaction): its OpenSSL server context, set up for the CA (signing key and certificate,
// trust store of the CA and the extra anchors, no unprotected messages, no timeouts), whose
// callbacks route to issuance (cmp_issuance), revocation (cmp_revocation) and confirmation
// (cmp_confirmation); and the state those share (kind, the PBM reference or signing certificate,
// the certificate issued, the request being handled).
#pragma once

#include <openssl/cmp.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "pki/bytes.hpp"
#include "pki/certificate.hpp"
#include "pki/certificate_authority.hpp"
#include "pki/cmp_credentials.hpp"
#include "pki/cmp_message.hpp"
#include "pki/cmp_server.hpp"
#include "pki/openssl_ownership.hpp"

namespace ifa026::pki {

// What every transaction of one CmpServer shares.
struct CmpResponder {
  CertificateAuthority& ca;
  const CmpServerConfig& config;
  const std::vector<Certificate>& signer_chain;  // config.chain without self-signed certificates
  InitialCredentials& credentials;
  const std::function<std::optional<CmpRefusal>(const CmpRequestInfo&)>& authorise;
  const std::function<void(const CmpWithdrawal&)>& on_withdrawn;
  const std::function<void(const std::string&, Instant)>& on_credential_spent;
};

struct CmpTransaction {
  explicit CmpTransaction(CmpResponder& r) : responder(r) {}

  CmpResponder& responder;
  ossl::Owned<OSSL_CMP_SRV_CTX, OSSL_CMP_SRV_CTX_free> srv;
  std::string key;  // hex transactionID
  CmpBody kind = CmpBody::ir;
  Instant now;  // of the request being handled
  Instant last_activity;
  std::optional<std::string> reference;  // PBM: the initial credential
  std::optional<Certificate> signer;     // signature protection: the protecting certificate
  std::optional<Certificate> issued;     // issued here and not yet confirmed or withdrawn
  Bytes request_der;                     // the current request, for fields 3.0 has no getters for
  bool finished = false;
  // The last request (its SHA-256) and the answer sent to it: a byte-identical retransmission
  // gets the same answer again, without a new issuance or any change of state.
  Bytes last_request_hash;
  Bytes last_response;

  OSSL_CMP_CTX* cmp_context() const { return OSSL_CMP_SRV_CTX_get0_cmp_ctx(srv.get()); }
};

// A new transaction for a request of `kind` with this hex transactionID; throws PkiError when
// OpenSSL cannot set it up.
std::unique_ptr<CmpTransaction> open_cmp_transaction(CmpResponder& responder, std::string key,
                                                     CmpBody kind);

// A PKIStatusInfo for a callback's answer (failure: its PKIFailureInfo bit; text: a
// statusString, none when empty).
OSSL_CMP_PKISI* cmp_status(int pki_status, std::optional<CmpFailure> failure,
                           const std::string& text);
// A rejection, which ends the transaction.
OSSL_CMP_PKISI* cmp_reject(CmpTransaction& t, CmpFailure failure, const std::string& text);

}  // namespace ifa026::pki
