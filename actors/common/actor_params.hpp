// Checking and reading actor parameters ("params" of a scenario actor): each actor type declares
// its parameters once; unknown ones get a "did you mean", wrong types and bad durations a
// diagnostic with the parameter's JSON pointer (relative to "params", as ActorType wants).
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sim/diagnostic.hpp"
#include "sim/time.hpp"

namespace ifa026::actors {

enum class ParamType {
  string,
  boolean,
  integer,   // a non-negative integer
  number,    // any JSON number
  duration,  // a string sim::parse_duration accepts, not negative
  string_list,
  string_map,    // object of strings, e.g. day-0 secrets by peer
  duration_map,  // object of durations, e.g. "processing": {"issue": "5ms"}
  object,        // any object, checked by the actor itself
  array,         // any array, checked by the actor itself
};

struct ParamRule {
  std::string name;
  ParamType type;
  std::string description;  // one line, for `ifa026 list actor-types` and errors
  bool required = false;
};

// Appends a diagnostic per problem: unknown parameter (with the closest known name), missing
// required one, wrong type, bad duration. `type_name` names the actor type in messages.
void check_params(const std::string& type_name, const nlohmann::json& params,
                  const std::vector<ParamRule>& rules, std::vector<sim::Diagnostic>& out);

// True when `value` is a string sim::parse_duration accepts and not negative (ParamType::duration;
// also for durations nested in parameters an actor checks itself).
bool good_duration(const nlohmann::json& value);

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
