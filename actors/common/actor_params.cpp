// Actor parameter checking and reading (see actor_params.hpp).
#include "actors/common/actor_params.hpp"

#include "sim/schema_validator.hpp"

namespace ifa026::actors {
namespace {

using nlohmann::json;

std::string escape_pointer(const std::string& key) {
  std::string out;
  for (char c : key) {
    if (c == '~')
      out += "~0";
    else if (c == '/')
      out += "~1";
    else
      out += c;
  }
  return out;
}

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

bool good_duration(const json& value) {
  if (!value.is_string()) return false;
  auto d = sim::parse_duration(value.get<std::string>());
  return d && d->ns() >= 0;
}

void check_params(const std::string& type_name, const json& params,
                  const std::vector<ParamRule>& rules, std::vector<sim::Diagnostic>& out) {
  if (!params.is_object()) {
    out.push_back({"", 0, 0, "", "parameters of " + type_name + " must be an object", false});
    return;
  }
  std::vector<std::string> known;
  for (const auto& rule : rules) known.push_back(rule.name);
  for (const auto& [key, value] : params.items()) {
    const ParamRule* rule = nullptr;
    for (const auto& r : rules)
      if (r.name == key) rule = &r;
    const std::string pointer = "/" + escape_pointer(key);
    if (rule == nullptr) {
      std::string message = "unknown parameter \"" + key + "\" for " + type_name;
      const std::string suggestion = sim::did_you_mean(key, known);
      if (!suggestion.empty()) message += " (did you mean \"" + suggestion + "\"?)";
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
          out.push_back({"", 0, 0, pointer + "/" + escape_pointer(k), "expected a string", false});
    }
    if (rule->type == ParamType::duration_map) {
      for (const auto& [k, v] : value.items())
        if (!good_duration(v))
          out.push_back({"", 0, 0, pointer + "/" + escape_pointer(k),
                         "expected a non-negative duration such as \"5ms\"", false});
    }
  }
  for (const auto& rule : rules)
    if (rule.required && !params.contains(rule.name))
      out.push_back(
          {"", 0, 0, "",
           type_name + " needs parameter \"" + rule.name + "\" (" + rule.description + ")", false});
}

std::string string_param(const json& params, const std::string& name, const std::string& fallback) {
  auto it = params.find(name);
  return it != params.end() && it->is_string() ? it->get<std::string>() : fallback;
}

bool bool_param(const json& params, const std::string& name, bool fallback) {
  auto it = params.find(name);
  return it != params.end() && it->is_boolean() ? it->get<bool>() : fallback;
}

long long int_param(const json& params, const std::string& name, long long fallback) {
  auto it = params.find(name);
  return it != params.end() && it->is_number_integer() ? it->get<long long>() : fallback;
}

sim::Duration duration_param(const json& params, const std::string& name, sim::Duration fallback) {
  auto it = params.find(name);
  if (it == params.end() || !it->is_string()) return fallback;
  auto d = sim::parse_duration(it->get<std::string>());
  return d ? *d : fallback;
}

sim::Duration duration_entry(const json& params, const std::string& map, const std::string& key,
                             sim::Duration fallback) {
  auto it = params.find(map);
  if (it == params.end() || !it->is_object()) return fallback;
  return duration_param(*it, key, fallback);
}

std::vector<std::string> string_list_param(const json& params, const std::string& name) {
  std::vector<std::string> list;
  auto it = params.find(name);
  if (it == params.end() || !it->is_array()) return list;
  for (const auto& e : *it)
    if (e.is_string()) list.push_back(e.get<std::string>());
  return list;
}

std::map<std::string, std::string> string_map_param(const json& params, const std::string& name) {
  std::map<std::string, std::string> out;
  auto it = params.find(name);
  if (it == params.end() || !it->is_object()) return out;
  for (const auto& [key, value] : it->items())
    if (value.is_string()) out[key] = value.get<std::string>();
  return out;
}

}  // namespace ifa026::actors
