// One CSV table over many runs (see run_table.hpp).
#include "reports/run_table.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <string_view>

#include "reports/csv_field.hpp"

namespace ifa026::reports {

namespace {

std::string scalar_text(const nlohmann::json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_null()) return "";
  return v.dump();
}

// The key of one element of an array of objects.
std::string element_key(const nlohmann::json& element, std::size_t index) {
  if (element.contains("name") && element["name"].is_string())
    return element["name"].get<std::string>();
  if (element.contains("actor") && element["actor"].is_string() && element.contains("queue") &&
      element["queue"].is_string())
    return element["actor"].get<std::string>() + "/" + element["queue"].get<std::string>();
  return std::to_string(index);
}

void flatten(const nlohmann::json& value, const std::string& prefix,
             std::vector<std::pair<std::string, std::string>>& out) {
  if (value.is_object()) {
    for (const auto& [key, member] : value.items()) {
      if (member.is_string() && value.contains(key + "_ns")) continue;  // "24ms" beside 24000000
      if (prefix.empty() && key == "seed") continue;
      flatten(member, prefix.empty() ? key : prefix + "." + key, out);
    }
  } else if (value.is_array()) {
    const bool objects =
        !value.empty() && std::all_of(value.begin(), value.end(),
                                      [](const nlohmann::json& e) { return e.is_object(); });
    if (!objects) return;  // series and lists of scalars do not fit one cell
    for (std::size_t i = 0; i < value.size(); ++i) {
      nlohmann::json element = value[i];
      const std::string key = element_key(element, i);
      if (key == scalar_text(element.value("name", nlohmann::json()))) element.erase("name");
      flatten(element, prefix + "." + key, out);
    }
  } else {
    out.emplace_back(prefix, scalar_text(value));
  }
}

}  // namespace

std::vector<std::pair<std::string, std::string>> flatten_metrics(const nlohmann::json& metrics) {
  std::vector<std::pair<std::string, std::string>> out;
  flatten(metrics, "", out);
  return out;
}

void RunTable::add(std::string run, const nlohmann::ordered_json& params,
                   const nlohmann::json& metrics) {
  Row row;
  row.run = std::move(run);
  if (params.is_object() && params.contains("parameters") && params["parameters"].is_object())
    for (const auto& [name, value] : params["parameters"].items())
      row.params.emplace_back(name, scalar_text(nlohmann::json(value)));
  if (params.is_object() && params.contains("seed"))
    row.seed = scalar_text(nlohmann::json(params["seed"]));
  else if (metrics.is_object() && metrics.contains("seed"))
    row.seed = scalar_text(metrics["seed"]);
  row.metrics = flatten_metrics(metrics);
  rows_.push_back(std::move(row));
}

std::string RunTable::to_csv() const {
  // Parameters in the order of first appearance (the sweep's order); metrics sorted by name.
  std::vector<std::string> params;
  std::set<std::string> seen_params, metric_names;
  for (const auto& row : rows_) {
    for (const auto& [name, value] : row.params)
      if (seen_params.insert(name).second) params.push_back(name);
    for (const auto& [name, value] : row.metrics) metric_names.insert(name);
  }
  // A metric named like a parameter gets a "metrics." prefix so columns stay unique.
  std::string text = "run";
  for (const auto& p : params) text += "," + csv_field(p);
  text += ",seed";
  for (const auto& m : metric_names)
    text += "," + csv_field(seen_params.contains(m) || m == "run" ? "metrics." + m : m);
  text += "\n";
  for (const auto& row : rows_) {
    const std::map<std::string, std::string> p(row.params.begin(), row.params.end());
    const std::map<std::string, std::string> m(row.metrics.begin(), row.metrics.end());
    text += csv_field(row.run);
    for (const auto& name : params) {
      auto it = p.find(name);
      text += "," + (it == p.end() ? std::string() : csv_field(it->second));
    }
    text += "," + csv_field(row.seed);
    for (const auto& name : metric_names) {
      auto it = m.find(name);
      text += "," + (it == m.end() ? std::string() : csv_field(it->second));
    }
    text += "\n";
  }
  return text;
}

}  // namespace ifa026::reports
