// Checking values against declared parameters and command arguments (see param_rules.hpp).
#include "sim/param_rules.hpp"

#include "sim/schema_validator.hpp"
#include "sim/time.hpp"

namespace ifa026::sim {
namespace {

using nlohmann::json;

// The problem with `value` for `type`, or "" when it fits.
std::string type_problem(ParamType type, const json& value) {
  switch (type) {
    case ParamType::string:
      return value.is_string() ? "" : "expected a string";
    case ParamType::boolean:
      return value.is_boolean() ? "" : "expected true or false";
    case ParamType::integer:
      return value.is_number_unsigned() ? "" : "expected a non-negative integer";
    case ParamType::number:
      return value.is_number() ? "" : "expected a number";
    case ParamType::duration:
      return good_duration(value) ? ""
                                  : "expected a non-negative duration such as \"250ms\", \"90d\" "
                                    "or \"PT1H\"";
    case ParamType::string_list:
      if (!value.is_array()) return "expected an array of strings";
      for (const auto& e : value)
        if (!e.is_string()) return "expected an array of strings";
      return "";
    case ParamType::string_map:
      if (!value.is_object()) return "expected an object of strings";
      return "";
    case ParamType::duration_map:
      if (!value.is_object()) return "expected an object of durations";
      return "";
    case ParamType::object:
      return value.is_object() ? "" : "expected an object";
    case ParamType::array:
      return value.is_array() ? "" : "expected an array";
  }
  return "";
}

}  // namespace

std::string_view to_string(ParamType type) {
  switch (type) {
    case ParamType::string:
      return "string";
    case ParamType::boolean:
      return "boolean";
    case ParamType::integer:
      return "integer >= 0";
    case ParamType::number:
      return "number";
    case ParamType::duration:
      return "duration";
    case ParamType::string_list:
      return "list of strings";
    case ParamType::string_map:
      return "object of strings";
    case ParamType::duration_map:
      return "object of durations";
    case ParamType::object:
      return "object";
    case ParamType::array:
      return "array";
  }
  return "?";
}

std::string escape_pointer_token(const std::string& token) {
  std::string out;
  for (char c : token) {
    if (c == '~')
      out += "~0";
    else if (c == '/')
      out += "~1";
    else
      out += c;
  }
  return out;
}

bool good_duration(const json& value) {
  if (!value.is_string()) return false;
  auto d = parse_duration(value.get<std::string>());
  return d && d->ns() >= 0;
}

void check_params(const std::string& owner, const json& params, const std::vector<ParamRule>& rules,
                  std::vector<Diagnostic>& out, const std::string& what) {
  if (!params.is_object()) {
    out.push_back({"", 0, 0, "", what + "s of " + owner + " must be an object", false});
    return;
  }
  std::vector<std::string> known;
  for (const auto& rule : rules) known.push_back(rule.name);
  for (const auto& [key, value] : params.items()) {
    const ParamRule* rule = nullptr;
    for (const auto& r : rules)
      if (r.name == key) rule = &r;
    const std::string pointer = "/" + escape_pointer_token(key);
    if (rule == nullptr) {
      std::string message = "unknown " + what + " \"" + key + "\" for " + owner;
      const std::string suggestion = did_you_mean(key, known);
      if (!suggestion.empty()) message += " (did you mean \"" + suggestion + "\"?)";
      if (rules.empty()) message += " (it takes none)";
      out.push_back({"", 0, 0, pointer, message, true});
      continue;
    }
    if (auto problem = type_problem(rule->type, value); !problem.empty()) {
      out.push_back({"", 0, 0, pointer, key + ": " + problem, false});
      continue;
    }
    if (rule->type == ParamType::string_map) {
      for (const auto& [k, v] : value.items())
        if (!v.is_string())
          out.push_back(
              {"", 0, 0, pointer + "/" + escape_pointer_token(k), "expected a string", false});
    }
    if (rule->type == ParamType::duration_map) {
      for (const auto& [k, v] : value.items())
        if (!good_duration(v))
          out.push_back({"", 0, 0, pointer + "/" + escape_pointer_token(k),
                         "expected a non-negative duration such as \"5ms\"", false});
    }
  }
  for (const auto& rule : rules)
    if (rule.required && !params.contains(rule.name))
      out.push_back({"", 0, 0, "",
                     owner + " needs " + what + " \"" + rule.name + "\" (" + rule.description + ")",
                     false});
}

}  // namespace ifa026::sim
