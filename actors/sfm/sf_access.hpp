// Who may configure a security function behind an EM or the ISM (issue 16;
// docs/security-monitoring.md "Security functions: VSF, PSF behind an EM, ISF behind the ISM";
// Annex A R1.2.20, R1.2.140): only a Security Manager, over mutual TLS, that manages the
// function's trust domain in an active mode (and, for a sensitive domain, is one of its designated
// managers). The EM and ISM decide each rule and credential configuration with it; the conformance
// check of R1.2.20 judges their records with the same rule.
#pragma once

#include <string>

#include "actors/common/sm_authorization.hpp"

namespace ifa026::actors::sf {

struct AccessDecision {
  bool granted = false;
  std::string reason;  // when denied
};

// `sender` the peer actor; `mutual` whether the request came on a mutual-TLS session with a
// verified certificate; `domain` the function's trust domain.
AccessDecision decide_configuration(const sm::AuthorizationTable& table, const std::string& sender,
                                    bool mutual, const std::string& domain);

}  // namespace ifa026::actors::sf
