// CMPv2 (RFC 4210) responder for a CertificateAuthority (CA or RA role) on OSSL_CMP_SRV_CTX: ir
// (PBM from an initial credential), cr/p10cr (signed by a certificate of this CA), kur, rr,
// certConf/pkiConf; one server context per transaction; also the CMP message facts both sides read.
// ir/cr/kur are standard CRMF requests: the key and requested content come from the certificate
// template, whose proof of possession OpenSSL verifies (CertificateAuthority::issue_for_key);
// p10cr goes through CertificateAuthority::issue, which checks the CSR's signature itself.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "pki/bytes.hpp"
#include "pki/certificate.hpp"
#include "pki/certificate_authority.hpp"
#include "pki/csr.hpp"
#include "pki/names.hpp"

namespace ifa026::pki {

// RFC 4210 PKIFailureInfo bit numbers.
enum class CmpFailure : int {
  bad_alg = 0,
  bad_message_check = 1,
  bad_request = 2,
  bad_time = 3,
  bad_cert_id = 4,
  bad_data_format = 5,
  wrong_authority = 6,
  incorrect_data = 7,
  missing_time_stamp = 8,
  bad_pop = 9,
  cert_revoked = 10,
  cert_confirmed = 11,
  wrong_integrity = 12,
  bad_recipient_nonce = 13,
  time_not_available = 14,
  unaccepted_policy = 15,
  unaccepted_extension = 16,
  add_info_not_available = 17,
  bad_sender_nonce = 18,
  bad_cert_template = 19,
  signer_not_trusted = 20,
  transaction_id_in_use = 21,
  unsupported_version = 22,
  not_authorized = 23,
  system_unavail = 24,
  system_failure = 25,
  duplicate_cert_req = 26,
};
std::string_view to_string(CmpFailure failure);
constexpr std::uint32_t failure_bit(CmpFailure f) {
  return 1u << static_cast<int>(f);
}

// RFC 4210 PKIBody choice numbers used here.
enum class CmpBody : int {
  ir = 0,
  ip = 1,
  cr = 2,
  cp = 3,
  p10cr = 4,
  kur = 7,
  kup = 8,
  rr = 11,
  rp = 12,
  pkiconf = 19,
  genm = 21,
  genp = 22,
  error = 23,
  cert_conf = 24,
  poll_req = 25,
  poll_rep = 26,
};
// RFC 4210's names: "ir", "ip", "cr", "cp", "p10cr", "kur", "kup", "rr", "rp", "pkiConf", "genm",
// "genp", "error", "certConf", "pollReq", "pollRep"; nullopt for other body numbers.
std::optional<std::string_view> cmp_body_name(int body);

// What a CMP message says, read from its DER (for tests, logs and the conformance checks).
struct CmpMessageInfo {
  int body = -1;                // PKIBody choice number (CmpBody)
  std::optional<int> status;    // PKIStatus of the first PKIStatusInfo (ip/cp/kup/rp/error)
  std::uint32_t fail_info = 0;  // PKIFailureInfo bits (failure_bit)
  std::string status_text;      // statusString entries joined by "; "
  Bytes transaction_id;
  Bytes sender_kid;
  bool protected_ = false;
  std::optional<Bytes> certificate;  // first certificate of ip/cp/kup, DER
  bool has_failure(CmpFailure f) const { return (fail_info & failure_bit(f)) != 0; }
};

// Decodes with OpenSSL (d2i_OSSL_CMP_MSG) and reads the fields above. Throws DecodeError.
CmpMessageInfo inspect_cmp_message(ByteView der);

// The same fields read from the DER structure alone (PKIMessage, header, body and status TLVs),
// without OpenSSL's full decode of the message and its certificates: for a message that OpenSSL
// decodes anyway (a request about to be handled, a response about to be processed by the client)
// or that it has just encoded. Throws DecodeError when the structure is not a PKIMessage.
CmpMessageInfo peek_cmp_message(ByteView der);

struct InitialCredentialLimits {
  bool one_use = true;
  std::optional<Instant> expires;            // refused at or after this instant
  std::optional<DistinguishedName> subject;  // overrides the requested subject when set
  std::optional<SubjectAltName> san;         // overrides the requested subjectAltName when set
};

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
  std::size_t open_transactions() const { return transactions_.size(); }

  // Optional policy: return a refusal (a reason alone means notAuthorized) or nullopt to accept.
  // Asked before every issuance, and for an rr not signed by the certificate it revokes.
  std::function<std::optional<CmpRefusal>(const CmpRequestInfo&)> authorise;

  struct Transaction;  // internal
  struct Credential {
    Bytes secret;  // kept when spent: a replay is MAC-checked before it is refused as reused
    std::unique_ptr<InitialCredentialLimits> limits;  // null once a one-use credential is spent
    bool used = false;
  };

 private:
  friend struct CmpServerAccess;
  Bytes handle_impl(ByteView request_der, Instant now);
  void remember_closed(const std::string& key, Instant now);

  CertificateAuthority& ca_;
  CmpServerConfig config_;
  std::vector<Certificate> signer_chain_;  // config_.chain without self-signed certificates
  std::map<std::string, Credential> credentials_;
  std::map<std::string, std::unique_ptr<Transaction>> transactions_;  // by hex transactionID
  // Ended transactionIDs, for replay refusal (a day by default, so one per enrolment): an ID of
  // 16 octets (OpenSSL's) as itself, any other by its SHA-256's first 16, without a heap block.
  using ClosedKey = std::array<std::uint8_t, 16>;
  static ClosedKey closed_key(const std::string& hex_key);
  std::map<ClosedKey, Instant> closed_;
};

}  // namespace ifa026::pki
