// The VNFCI's certificate configuration (C.2.1.1 #3, C.2.1.2/C.2.1.3 #5, C.2.1.4 #0): a
// VnfciCertificateConfiguration is taken only from the day-0 peer over its day-0 channel; its body
// is read leniently (messages::LenientVnfciConfiguration: a body that does not decode is a
// MalformedMessage, a bad identity entry refuses that identity only); each identity in it is
// checked and stored (subject, dNSNames, CA, initial credential, trust anchor, renew_before), for
// C.2.1.3 with the HSM and its vendor root, and its enrolment starts.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "actors/messages/cmf_vnfci.hpp"
#include "actors/vnfci/vnfci_part.hpp"

namespace ifa026::actors::vnfci {

class VnfciEnrolment;

// One entry of the configuration's `identities`, checked.
struct IdentityConfig {
  std::string name;
  std::string subject;
  std::vector<std::string> dns;
  std::string ca;
  std::string reference;
  pki::Bytes secret;
  std::optional<pki::Certificate> trust_anchor;  // always set by parse_identity
  sim::Duration renew_before;
};

// The renewal threshold when the configuration gives none.
inline constexpr sim::Duration kDefaultRenewBefore = sim::Duration::days(30);

// Nullopt and `reason` when the entry is not a map, a member is missing, of the wrong type, or does
// not decode; `name` is set to the entry's name whenever it has a readable one.
std::optional<IdentityConfig> parse_identity(const nlohmann::json& entry, std::string* reason,
                                             std::string* name = nullptr);

class VnfciConfiguration : public VnfciPart {
 public:
  VnfciConfiguration(VnfciState& state, VnfciEnrolment& enrolment);

  // A VnfciCertificateConfiguration on a secure channel.
  void on_configuration(const ChannelMessage& m);

 private:
  void configure(const messages::LenientVnfciConfiguration& configuration, const ChannelMessage& m);
  // C.2.1.3 #5: the configuration names the HSM and its vendor root; the HMEE needs its
  // attested credentials to reach it. Why it cannot, if it cannot.
  std::optional<std::string> configure_hsm(const std::optional<nlohmann::json>& entry);
  std::uint32_t anchor_index(const pki::Certificate& anchor);
  // An identity a configuration replaces (`reprovision`): its attempt, renewal and rotation stop
  // and it is forgotten (its certificate was revoked; the new one is enrolled afresh).
  void drop_identity(const std::string& name);

  VnfciEnrolment& enrolment_;
};

}  // namespace ifa026::actors::vnfci
