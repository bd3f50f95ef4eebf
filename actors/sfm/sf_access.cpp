// The configuration access rule of security functions (see sf_access.hpp).
#include "actors/sfm/sf_access.hpp"

#include "actors/messages/sm_vocabulary.hpp"

namespace ifa026::actors::sf {

AccessDecision decide_configuration(const sm::AuthorizationTable& table, const std::string& sender,
                                    bool mutual, const std::string& domain) {
  if (!mutual) return {false, "not over mutual TLS"};
  if (!table.knows_sm(sender)) return {false, sender + " is not a Security Manager"};
  const auto mode = table.mode(sender, domain);
  if (!mode) return {false, sender + " does not manage " + domain};
  if (*mode == sm::kModePassive)
    return {false, "mode passive in " + domain + " does not permit configuration"};
  if (!table.may_see(sender, domain))
    return {false, domain + " is sensitive and " + sender + " is not one of its managers"};
  return {true, ""};
}

}  // namespace ifa026::actors::sf
