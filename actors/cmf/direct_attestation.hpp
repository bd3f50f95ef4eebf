// Direct mode's secure bootstrapping check (C.2.1.2 #2, C.2.1.3 #2): the CMF, as Relying Party,
// asks the verifier for a VNFCI's attestation result over their day-0 channel and checks it
// (signature under the verifier certificate pinned at first contact, affirming, nonce and HMEE key,
// age, the reference the VNFM gave). No result yet: asked again with back-off; refused: the VNFCI
// fails and nothing is registered; verified: its identities are created with the
// attestation-derived day-0 secret.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "actors/cmf/direct_mode_part.hpp"
#include "actors/messages/attestation.hpp"

namespace ifa026::actors::cmf {

class DirectModeRegistration;

class DirectModeAttestation : public DirectModePart {
 public:
  DirectModeAttestation(DirectModeState& state, DirectModeRegistration& registration);

  // Registers the handler of AttestationResultResponses.
  void serve(Handlers& handlers);
  // True when `peer` is the verifier (its dropped requests count as "no result yet").
  bool on_channel_failure(const std::string& peer, const std::string& failure,
                          const std::vector<Envelope>& dropped);
  // Asks the verifier for the result of an attested VNFCI that is being registered.
  void ask_verifier(const std::string& vnfci);

 private:
  void attestation_not_yet(const std::string& vnfci, const std::string& reason);
  void attestation_refused(VnfciRecord& r, const std::string& reason);
  void on_attestation_response(const ChannelMessage& m,
                               const messages::AttestationResultResponse& response);

  DirectModeRegistration& registration_;
  std::optional<pki::Certificate> pinned_verifier_;  // at first contact
};

}  // namespace ifa026::actors::cmf
