// The `ca-live` actor's end-entity registrations (direct mode, C.2.1.1 #2; docs/live-ca.md): a
// RegisterEndEntityRequest from an RA (the CMF) is authenticated here, where the simulated CA
// would: its signature, and a signer certificate that chains to the real CA's root at simulated
// time. The registration itself is the vendor's: the actor runs its `register_command` with the
// registration's values and answers `registered` when the command succeeds, `rejected` with the
// command's last output line otherwise. Without a register_command every registration is refused
// ("the live CA takes no registrations"). The same registration again is answered as before
// without running the command; another one for a reference already registered is refused.
#pragma once

#include <map>
#include <string>

#include "actors/ca_live/ca_live_part.hpp"
#include "actors/common/envelope.hpp"
#include "actors/messages/ca1.hpp"

namespace ifa026::actors::ca_live {

class CaLiveRegistration : public CaLivePart {
 public:
  explicit CaLiveRegistration(CaLiveState& state);

  // A decoded request from `from` at flow step `step`: checked, registered by the command, traced
  // (RegisterEndEntity at the request's step) and answered with a RegisterEndEntityResponse.
  void register_end_entity(const std::string& from, const std::string& step,
                           const messages::RegisterEndEntityRequest& request);
  // The answer to a request whose body does not decode: rejected with `reason`.
  void refuse_malformed(const std::string& from, const Envelope& request,
                        const std::string& reason);

 private:
  // The body (without exchange, signer and signature) of each registration the command made,
  // by reference.
  std::map<std::string, std::string> registered_;
};

}  // namespace ifa026::actors::ca_live
