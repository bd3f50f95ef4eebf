// What an actor type accepts, declared once as data: its parameters ("params" of a scenario
// actor) and its workload commands with their arguments. The same tables check scenarios
// (check_params: unknown names get a "did you mean", wrong types and bad durations a diagnostic
// with the JSON pointer) and document them (`ifa026 list params`, docs/parameters.md).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "sim/diagnostic.hpp"

namespace ifa026::sim {

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

// "string", "duration", "list of strings", ... for messages and documentation.
std::string_view to_string(ParamType type);

struct ParamRule {
  std::string name;
  ParamType type;
  std::string description;  // one line, for `ifa026 list params` and errors
  bool required = false;
  std::string default_value = {};  // as documentation shows it ("30d", "true"); "" when none
  // For a command argument: the value (a string, or each key of an object) names a member of
  // this object among the addressed actor's parameters, a path whose "{arg}" segments take the
  // value of another argument (e.g. "vnfds": a VNFD the VNFM knows; "vnfds/{vnfd}/vnfcs": a VNFC
  // of the VNFD named by argument vnfd); checked by scenario validation.
  std::string member_of = {};
};

struct CommandRule {
  std::string name;
  std::string description;  // one line
  std::vector<ParamRule> args = {};
};

// Appends a diagnostic per problem: unknown name (with the closest known one), missing required
// one, wrong type, bad duration. Pointers are relative to `params` ("/size"). `owner` names the
// actor type or command in messages; `what` is "parameter" or "argument".
void check_params(const std::string& owner, const nlohmann::json& params,
                  const std::vector<ParamRule>& rules, std::vector<Diagnostic>& out,
                  const std::string& what = "parameter");

// True when `value` is a string sim::parse_duration accepts and not negative (ParamType::duration;
// also for durations nested in parameters an actor checks itself).
bool good_duration(const nlohmann::json& value);

// RFC 6901 escaping of one reference token ("a/b" -> "a~1b").
std::string escape_pointer_token(const std::string& token);

}  // namespace ifa026::sim
