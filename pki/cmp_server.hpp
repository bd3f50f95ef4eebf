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
  // True while the credential exists and is unused (or reusable).
  bool credential_usable(const std::string& reference, Instant now) const;

  // The DER response to any request. Never throws: a malformed, tampered or refused request gets
  // a CMP error message (or a rejection in ip/cp/kup/rp) with the PKIFailureInfo saying why.
  Bytes handle(ByteView request_der, Instant now);

  // Drops transactions idle for `idle_seconds` or more; returns how many.
  std::size_t expire_transactions(Instant now, std::int64_t idle_seconds);
  std::size_t open_transactions() const { return transactions_.open_count(); }

  // Optional policy: return a refusal (a reason alone means notAuthorized) or nullopt to accept.
  // Asked before every issuance, and for an rr not signed by the certificate it revokes.
  std::function<std::optional<CmpRefusal>(const CmpRequestInfo&)> authorise;

 private:
  Bytes handle_impl(ByteView request_der, Instant now);

  CertificateAuthority& ca_;
  CmpServerConfig config_;
  std::vector<Certificate> signer_chain_;  // config_.chain without self-signed certificates
  InitialCredentials credentials_;
  CmpTransactionStore transactions_;         // open ones by hex transactionID, and ended IDs
  std::unique_ptr<CmpResponder> responder_;  // what the transactions share (all of the above)
};

}  // namespace ifa026::pki
