// Direct mode's identities and their registration at the CA (C.2.1.1 #1, #2): the identities of a
// discovered VNFCI are checked and created, then each is registered at its CA on CA-1 with a
// fresh random initial credential in a RegisterEndEntityRequest signed with the CMF's RA key;
// unanswered requests are resent (a RequestTracker: the exchange number is the correlation id,
// timer "RegisterEndEntityTimeout"), then registered afresh with back-off, then given up. Once
// every registration of a VNFCI is answered, its configuration follows.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "actors/cmf/direct_mode_part.hpp"
#include "actors/common/end_entity_registration.hpp"
#include "actors/toolkit/request_tracker.hpp"

namespace ifa026::actors::cmf {

class DirectModeConfiguration;

class DirectModeRegistration : public DirectModePart {
 public:
  DirectModeRegistration(DirectModeState& state, DirectModeConfiguration& configuration);

  // True when `message` is a RegisterEndEntityResponse on CA-1 (handled then).
  bool handle_ca(const sim::Message& message);
  // #1 for a VNFCI being registered (refused as a whole when an identity is unusable), then #2.
  void create_identities(const std::string& vnfci);
  // The inventory was restored from disk (a restart): the VNFCIs still registering are resumed
  // by resume_after_restart, each once the CMF holds an RA certificate at its identities' CAs.
  void restored();
  // A CA key compromise revoked the VNFCI's certificates (DirectMode::reprovision): each of its
  // identities is registered afresh, and the configuration that follows replaces them.
  void register_again(const std::string& vnfci);
  void resume_after_restart();

 private:
  struct PendingRegistration {
    std::string vnfci;
    std::string identity;
    std::string ca;
    EndEntityRegistration registration;  // what the first attempt signs
    sim::Time expires;                   // its credential's end
    pki::Bytes payload;                  // the signed request, the same for every resend
  };

  std::optional<std::string> day0_secret_for(const std::string& vnfci) const;
  // Why the VNFCI's identities cannot be created, if they cannot.
  std::optional<std::string> identity_problem(const VnfciRecord& r) const;
  void register_identity(VnfciRecord& r, VnfciIdentity& identity);
  // Attempt `attempt` of the registration with this exchange number: signed and traced at the
  // first, resent unchanged after.
  void send_registration(std::uint64_t exchange, int attempt);
  // The last attempt went unanswered: registered afresh after a back-off, or given up.
  void registration_unanswered(const PendingRegistration& p);
  void on_registration_response(const sim::Message& message);

  DirectModeConfiguration& configuration_;
  RequestTracker<PendingRegistration> registrations_;  // by exchange number
  std::set<std::string> to_resume_;                    // VNFCIs restored while registering
};

}  // namespace ifa026::actors::cmf
