// Direct mode's identities and their registration at the CA (C.2.1.1 #1, #2): the identities of a
// discovered VNFCI are checked and created, then each is registered at its CA on CA-1 with a
// fresh random initial credential in a RegisterEndEntityRequest signed with the CMF's RA key;
// unanswered requests are resent, then registered afresh with back-off, then given up. Once every
// registration of a VNFCI is answered, its configuration follows.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "actors/cmf/direct_mode_part.hpp"

namespace ifa026::actors::cmf {

class DirectModeConfiguration;

class DirectModeRegistration : public DirectModePart {
 public:
  DirectModeRegistration(DirectModeState& state, DirectModeConfiguration& configuration);

  // True when `message` is a RegisterEndEntityResponse on CA-1 (handled then).
  bool handle_ca(const sim::Message& message);
  // #1 for a VNFCI being registered (refused as a whole when an identity is unusable), then #2.
  void create_identities(const std::string& vnfci);

 private:
  struct PendingRegistration {
    std::string vnfci;
    std::string identity;
    std::string ca;
    pki::Bytes payload;
    int resends = 0;
    sim::EventId timer;
  };

  std::optional<std::string> day0_secret_for(const std::string& vnfci) const;
  // Why the VNFCI's identities cannot be created, if they cannot.
  std::optional<std::string> identity_problem(const VnfciRecord& r) const;
  void register_identity(VnfciRecord& r, VnfciIdentity& identity);
  void transmit(std::uint64_t exchange);
  void on_registration_timeout(std::uint64_t exchange);
  void on_registration_response(const sim::Message& message);

  DirectModeConfiguration& configuration_;
  std::map<std::uint64_t, PendingRegistration> registrations_;  // by exchange
  std::uint64_t next_exchange_ = 0;
};

}  // namespace ifa026::actors::cmf
