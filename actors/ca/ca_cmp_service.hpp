// The CA's CMP service on CA-1: requests (ir, cr, p10cr, kur, rr, certConf) are read from their
// envelopes, served by the CMP server after the simulated processing time under the concurrency
// limit, traced (IssueCertificate, RevokeCertificate at F#N+1) and answered at F#N+2; a
// certificate its holder refuses to confirm is revoked and a CRL follows. A retransmitted request
// (its answer was lost) gets the same answer again, traced CmpRetransmission, nothing issued; a
// certificate whose certConf does not come within confirm_wait is revoked when its timer fires
// (RevokeCertificate, reason "unconfirmed: ..."), and a CRL follows (docs/cmp-reliability.md).
// RegisterEndEntity requests go to the end-entity registration.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "actors/ca/ca_disk.hpp"
#include "actors/ca/ca_part.hpp"
#include "actors/common/envelope.hpp"
#include "actors/messages/ca1.hpp"
#include "actors/messages/decisions.hpp"

namespace ifa026::actors::ca {

// The decision a retransmitted CMP request answered again is traced as:
// decisions::kCmpRetransmission.
inline constexpr const char* kCmpRetransmission = decisions::kCmpRetransmission;

class CaCrlPublisher;
class CaEndEntityRegistration;

class CaCmpService : public CaPart {
 public:
  CaCmpService(CaState& state, CaEndEntityRegistration& registration, CaCrlPublisher& crl,
               CaDisk& disk);

  // A message on CA-1 (run inside the actor's guard): its envelope must decode; a
  // RegisterEndEntityRequest goes to the end-entity registration, anything else is a CMP message.
  void receive(const sim::Message& message);
  // Ends the transactions whose confirmation wait is over (revoking their certificates) and
  // forgets what the retransmission window no longer needs (server and certConf steps).
  void expire_idle(pki::Instant now);

 private:
  struct Request {
    std::string from;
    std::string operation;  // as the envelope named it
    std::string step;
    std::optional<std::uint64_t> exchange;
    pki::Bytes der;
    int body = -1;  // PKIBody of the DER, -1 when unreadable
    std::optional<std::string> sender_kid;
    std::string transaction_id;             // hex
    std::optional<std::string> end_entity;  // --- runs (Q2): named by a delegating RA
  };

  void receive_cmp(const sim::Message& message, const Envelope& envelope, messages::CmpMessage cmp);
  void process(const Request& request);
  void record_issue(const Request& request, int body, const pki::CmpMessageInfo& info,
                    bool accepted);
  void record_revocation(const Request& request, const pki::CmpMessageInfo& info, bool revoked);
  // The server withdrew an unconfirmed certificate (pki::CmpServer::on_withdrawn).
  void withdrawn(const pki::CmpWithdrawal& withdrawal);
  // A transaction's confirmation wait is over: the server ends those whose wait is over.
  void confirm_wait_over();
  void publish_if_withdrawn();

  CaEndEntityRegistration& registration_;
  CaCrlPublisher& crl_;
  CaDisk& disk_;
  // Transactions awaiting certConf, by transactionID (hex).
  struct AwaitingConfirmation {
    std::string step;  // of the answer, which the pkiConf repeats
    pki::Instant answered;
    std::string serial;    // the certificate to be confirmed
    std::string from;      // the requester
    sim::EventId timer{};  // the confirmation wait's end
    bool ended = false;    // confirmed or withdrawn; kept for a retransmitted certConf's step
  };
  std::map<std::string, AwaitingConfirmation> confirm_steps_;
  bool crl_due_ = false;  // a certificate was withdrawn since the last CRL
};

}  // namespace ifa026::actors::ca
