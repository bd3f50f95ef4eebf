// The CA's CMP service on CA-1: requests (ir, cr, p10cr, kur, rr, certConf) are read from their
// envelopes, served by the CMP server after the simulated processing time under the concurrency
// limit, traced (IssueCertificate, RevokeCertificate at F#N+1) and answered at F#N+2; a
// certificate its holder refuses to confirm is revoked and a CRL follows. RegisterEndEntity
// requests go to the end-entity registration.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "actors/ca/ca_part.hpp"
#include "actors/common/envelope.hpp"
#include "actors/messages/ca1.hpp"

namespace ifa026::actors::ca {

class CaCrlPublisher;
class CaEndEntityRegistration;

class CaCmpService : public CaPart {
 public:
  CaCmpService(CaState& state, CaEndEntityRegistration& registration, CaCrlPublisher& crl);

  // A message on CA-1 (run inside the actor's guard): its envelope must decode; a
  // RegisterEndEntityRequest goes to the end-entity registration, anything else is a CMP message.
  void receive(const sim::Message& message);
  // Forgets transactions idle for kIdleTransactionSeconds (server and certConf steps).
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

  CaEndEntityRegistration& registration_;
  CaCrlPublisher& crl_;
  // Transactions awaiting certConf, by transactionID (hex).
  struct AwaitingConfirmation {
    std::string step;  // of the answer, which the pkiConf repeats
    pki::Instant answered;
    std::string serial;  // the certificate to be confirmed
  };
  std::map<std::string, AwaitingConfirmation> confirm_steps_;
};

}  // namespace ifa026::actors::ca
