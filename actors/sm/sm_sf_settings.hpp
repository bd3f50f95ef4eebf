// The Security Manager's parameters and workload commands for security functions (issue 16;
// docs/security-monitoring.md "Security functions: VSF, PSF behind an EM, ISF behind the ISM"):
// the EMs and ISMs it asks, the domain policies it pushes once functions are discovered, the
// validation timing, its fault switches; their table rows (appended to sm_settings.cpp's), their
// located checks and the settings read from them (SmSettings::sf).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "actors/common/actor_params.hpp"
#include "sim/diagnostic.hpp"
#include "sim/time.hpp"

namespace ifa026::actors::sm {

// One policy: the rule table every function of `domain` enforces, or (with `sf`) one function's.
struct SfPolicy {
  std::string id;
  std::string domain;
  std::string sf;   // "" for every function of the domain
  std::string via;  // the function's EM / ISM, for fault skip_capability_query ("" otherwise)
  std::vector<std::string> rules;
};

struct SfSettings {
  std::vector<std::string> managers;  // EMs and ISMs asked by sf_discover
  std::vector<SfPolicy> policies;
  bool credentials = true;  // an initial credential to each function before its first rules
  sim::Duration validation_delay = sim::Duration::seconds(2);
  sim::Duration report_timeout = sim::Duration::seconds(5);
  // Fault switches (param sm_faults):
  bool skip_capability_query = false;      // pushes policies naming sf and via without asking
  bool no_validation_after_scale = false;  // no validation configured after a scaling
  bool ignore_drift = false;               // a violation is recorded, never remediated
  bool miss_plain_configuration = false;   // an ack's delivered_over ignored (R1.3.150)
};

std::vector<ParamRule> sf_param_rules();
std::vector<CommandRule> sf_command_rules();
void check_sf_params(const nlohmann::json& params, std::vector<sim::Diagnostic>& out);
SfSettings read_sf_settings(const nlohmann::json& params);

}  // namespace ifa026::actors::sm
