// CMPv2 (RFC 4210) responder for a CertificateAuthority (CA or RA role) on OSSL_CMP_SRV_CTX: ir
// (PBM from an initial credential), cr/p10cr (signed by a certificate of this CA), kur, rr,
// certConf/pkiConf; one server context per transaction. This is the entry point (configuration,
// policy hook, handle); the pieces are cmp_protection (request protection), cmp_transaction and
// cmp_transaction_store (server contexts, replay window), cmp_issuance, cmp_revocation,
// cmp_confirmation, cmp_error_message (the CA's own error answers) and cmp_credentials. The
// message vocabulary both sides read is cmp_message (included here).
// ir/cr/kur are standard CRMF requests: the key and requested content come from the certificate
// template, whose proof of possession OpenSSL verifies (CertificateAuthority::issue_for_key);
// p10cr goes through CertificateAuthority::issue, which checks the CSR's signature itself.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pki/bytes.hpp"
#include "pki/certificate.hpp"
#include "pki/certificate_authority.hpp"
#include "pki/cmp_credentials.hpp"
#include "pki/cmp_message.hpp"
#include "pki/cmp_transaction_store.hpp"
#include "pki/csr.hpp"
#include "pki/names.hpp"

namespace ifa026::pki {

struct CmpResponder;  // pki/cmp_transaction.hpp

struct CmpServerConfig {
  CertificateProfile profile;
  // Certificates between the CA and a root (excluding the CA itself), sent as the chain: in
  // ip/cp/kup, and (without self-signed ones, as OpenSSL does) in the extraCerts of every signed
  // response (rp, pkiConf, genp, error), so a client trusting only the root can verify them.
  std::vector<Certificate> chain;
  // Roots sent as caPubs in ip responses (ir only).
  std::vector<Certificate> ca_pubs;
  bool grant_implicit_confirm = false;
  // A signed ir/cr/p10cr that names no subject (or no subjectAltName) is issued with the signing
  // certificate's (an end entity asking for its own identity, as kur always is).
  bool signer_identity_by_default = false;
  // A kur/cr/p10cr/rr must be signed by a certificate issued by this CA; these extra trust
  // anchors admit others (e.g. vendor certificates for signature-protected ir).
  std::vector<Certificate> extra_trust_anchors;
  // Ended transactionIDs are refused (transactionIdInUse) for this long, so a captured request
  // cannot be replayed (expire_transactions forgets older ones), and at most this many are kept.
  std::int64_t replay_window_seconds = 86400;
  std::size_t max_remembered_transactions = 100000;
  // A certificate issued without implicitConfirm and not confirmed (certConf) within this long
  // is revoked (cessationOfOperation) by expire_transactions(now), and the one-use credential
  // it reserved is usable again (RFC 9483 leaves the wait to the CA; docs/cmp-reliability.md).
  std::int64_t confirm_wait_seconds = 300;
  // A byte-identical retransmission of the last request of an open transaction gets the answer
  // sent to it again; so does one of an ended transaction's last request (e.g. the certConf whose
  // pkiConf was lost) for this long after it ended, at most this many answers kept. Later, it is
  // refused as a replay.
  std::int64_t retransmission_window_seconds = 300;
  std::size_t max_retransmission_answers = 10000;
};

// Why the server withdrew (revoked) a certificate it issued before its holder confirmed it.
enum class CmpWithdrawalReason : std::uint8_t {
  rejected_by_holder,  // certConf with a rejection status
  hash_mismatch,       // certConf for another certificate
  client_error,        // the client sent an error message
  refused_request,     // a later request of the transaction was refused
  not_confirmed,       // no certConf within confirm_wait (expire_transactions)
  superseded,          // a new transaction under the same one-use credential
  ca_rekeyed,          // the CA was re-keyed (a key compromise) before the certConf came
};
std::string_view to_string(CmpWithdrawalReason reason);

struct CmpWithdrawal {
  std::string transaction_id;  // hex
  Certificate certificate;
  CmpWithdrawalReason reason = CmpWithdrawalReason::not_confirmed;
  std::optional<std::string> reference;  // the initial credential it reserved, released now
};

// What an authorise hook sees.
struct CmpRequestInfo {
  CmpBody body = CmpBody::ir;
  std::optional<std::string> reference;  // PBM senderKID (ir with an initial credential)
  std::optional<Certificate> signer;     // the protecting certificate (signature protection)
  std::optional<Csr> csr;                // p10cr
  // What a certificate request asks for: the CRMF certificate template of ir/cr/kur (subject,
  // subjectAltName, extendedKeyUsage, nfTypes) or the p10cr CSR's content, before overrides.
  std::optional<CsrContent> requested;
  std::optional<std::string> revoke_serial;  // rr: the serial (hex) to revoke
};

// Why a request is refused: the PKIFailureInfo (notAuthorized unless said) and a text.
struct CmpRefusal {
  CmpFailure failure = CmpFailure::not_authorized;
  std::string reason;
  CmpRefusal(std::string why) : reason(std::move(why)) {}  // NOLINT: implicit, notAuthorized
  CmpRefusal(const char* why) : reason(why) {}             // NOLINT
  CmpRefusal(CmpFailure f, std::string why) : failure(f), reason(std::move(why)) {}
};

class CmpServer {
 public:
  CmpServer(CertificateAuthority& ca, CmpServerConfig config);
  ~CmpServer();
  CmpServer(const CmpServer&) = delete;
  CmpServer& operator=(const CmpServer&) = delete;

  void register_initial_credential(std::string reference, Bytes secret,
                                   InitialCredentialLimits limits = {});
  // A CA rebuilding its state after a restart: the one-use credential `reference` (registered
  // again just before) was spent before the restart.
  void restore_spent_credential(const std::string& reference) { credentials_.spend(reference); }
  // True while the credential exists and is unused (or reusable).
  bool credential_usable(const std::string& reference, Instant now) const;

  // The DER response to any request. Never throws: a malformed, tampered or refused request gets
  // a CMP error message (or a rejection in ip/cp/kup/rp) with the PKIFailureInfo saying why.
  Bytes handle(ByteView request_der, Instant now);

  // Ends the transactions that waited confirm_wait_seconds for their certConf, revoking their
  // certificates (on_withdrawn tells each) and releasing the credentials they reserved; forgets
  // what the replay and retransmission windows no longer cover. Returns how many ended. Call it
  // periodically (the simulated CA: at each issuance's deadline; `ca serve`: before requests).
  std::size_t expire_transactions(Instant now);
  // The same with another wait than confirm_wait_seconds.
  std::size_t expire_transactions(Instant now, std::int64_t idle_seconds);
  std::size_t open_transactions() const { return transactions_.open_count(); }
  // The CA was re-keyed (its key compromised, docs/robustness.md "CA key compromise"): every open
  // transaction ends now, its unconfirmed certificate withdrawn (revoked by the old CA, reason
  // ca_rekeyed); later requests are answered, verified and issued by `ca`. The initial
  // credentials (spent or not) and the replay and retransmission windows stay. `ca` must outlive
  // the server. Returns how many transactions ended.
  std::size_t rekey(CertificateAuthority& ca, Instant now);
  // Whether the transaction of this hex transactionID is open, waiting for its certConf.
  bool awaiting_confirmation(const std::string& transaction_id) const {
    return transactions_.find(transaction_id) != nullptr;
  }
  // Whether the last handle() answered a retransmission with the answer sent before (nothing
  // issued, revoked or changed).
  bool last_was_retransmission() const { return last_was_retransmission_; }

  // Optional policy: return a refusal (a reason alone means notAuthorized) or nullopt to accept.
  // Asked before every issuance, and for an rr not signed by the certificate it revokes.
  std::function<std::optional<CmpRefusal>(const CmpRequestInfo&)> authorise;
  // Optional: told of every certificate withdrawn before confirmation (already revoked).
  std::function<void(const CmpWithdrawal&)> on_withdrawn;
  // Optional: told when a one-use initial credential is spent (its certificate confirmed, or
  // issued under implicitConfirm), with the reference and the time.
  std::function<void(const std::string&, Instant)> on_credential_spent;

 private:
  Bytes handle_impl(ByteView request_der, Instant now);
  // Ends the open transaction `key` (withdrawing its unconfirmed certificate for `why`).
  void end_open(const std::string& key, Instant now, CmpWithdrawalReason why);

  CertificateAuthority* ca_;  // never null; another one after rekey()
  CmpServerConfig config_;
  std::vector<Certificate> signer_chain_;  // config_.chain without self-signed certificates
  InitialCredentials credentials_;
  CmpTransactionStore transactions_;         // open ones by hex transactionID, and ended IDs
  std::unique_ptr<CmpResponder> responder_;  // what the transactions share (all of the above)
  bool last_was_retransmission_ = false;
};

}  // namespace ifa026::pki
