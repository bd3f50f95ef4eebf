// Checking and reading actor parameters ("params" of a scenario actor): each actor type declares
// its parameters once (a sim::ParamRule table, also set as sim::ActorType::params); unknown ones
// get a "did you mean", wrong types and bad durations a diagnostic with the parameter's JSON
// pointer (relative to "params", as ActorType wants).
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sim/diagnostic.hpp"
#include "sim/param_rules.hpp"
#include "sim/time.hpp"

namespace ifa026::actors {

// The tables and their checker live in the kernel (sim/param_rules.hpp), so scenario validation
// and `ifa026 list params` read the same declarations the actors check with.
// check_params(type_name, params, rules, out) appends a diagnostic per problem.
using sim::check_params;
using sim::CommandRule;
using sim::good_duration;
using sim::ParamRule;
using sim::ParamType;

// Readers for parameters already checked (fall back when absent).
std::string string_param(const nlohmann::json& params, const std::string& name,
                         const std::string& fallback = "");
bool bool_param(const nlohmann::json& params, const std::string& name, bool fallback);
long long int_param(const nlohmann::json& params, const std::string& name, long long fallback);
sim::Duration duration_param(const nlohmann::json& params, const std::string& name,
                             sim::Duration fallback);
// One entry of a duration map, e.g. duration_entry(params, "processing", "issue", 5ms).
sim::Duration duration_entry(const nlohmann::json& params, const std::string& map,
                             const std::string& key, sim::Duration fallback);
std::vector<std::string> string_list_param(const nlohmann::json& params, const std::string& name);
// The string members of an object parameter (e.g. "day0": day-0 secrets by peer).
std::map<std::string, std::string> string_map_param(const nlohmann::json& params,
                                                    const std::string& name);

}  // namespace ifa026::actors
