// Actor parameter checking and reading (see actor_params.hpp).
#include "actors/common/actor_params.hpp"

namespace ifa026::actors {
using nlohmann::json;

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
