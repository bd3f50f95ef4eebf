// The `ca-live` actor's CMP relay on CA-1 (docs/live-ca.md): every CMP message a simulated client
// (the CMF as RA, a VNFCI) sends to the actor is POSTed as it is to the real server, blocking the
// simulation until the answer (simulated time does not move meanwhile), and the server's answer
// goes back to the client unchanged with the request's exchange number, at the step the simulated
// CA would answer at (F#N+2). What the server decided is traced as the simulated CA traces its own
// decisions (IssueCertificate, RevokeCertificate at F#N+1, a refusal under the request's name),
// read from the answer, so that the conformance checks judge the real server. A request the
// server gives no CMP answer to (no connection, timeout, an HTTP error, a body that is no
// PKIMessage) is traced (LiveCaExchange failed) and answered with nothing: the client times out
// and retries as with an unreachable CA.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "actors/ca_live/ca_live_part.hpp"
#include "actors/messages/ca1.hpp"
#include "pki/cmp_message.hpp"

namespace ifa026::actors::ca_live {

class CaLiveRelay : public CaLivePart {
 public:
  explicit CaLiveRelay(CaLiveState& state);

  // A decoded CMP message from `from` (its envelope's operation and step), inside the guard.
  void relay(const std::string& from, const std::string& operation, const std::string& step,
             messages::CmpMessage cmp);

 private:
  struct Request {
    std::string from;
    std::string operation;  // as the envelope named it
    std::string step;
    int body = -1;  // PKIBody of the DER, -1 when unreadable
    std::optional<std::string> sender_kid;
    std::string transaction_id;  // hex
    std::optional<std::string> end_entity;
  };

  void record_issue(const Request& request, const pki::CmpMessageInfo& answer, bool accepted);
  void record_revocation(const Request& request, const pki::Bytes& der,
                         const pki::CmpMessageInfo& answer, bool revoked);
  void record_failure(const Request& request, const std::string& reason, long long wall_ms);

  // The step of the answer to each transaction awaiting its certConf, by transactionID (hex).
  std::map<std::string, std::string> confirm_steps_;
};

// "notAuthorized: <text>" from an answer's failure bits and status text.
std::string failure_text(const pki::CmpMessageInfo& info);

}  // namespace ifa026::actors::ca_live
