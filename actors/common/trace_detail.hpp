// The `detail` text of actor trace records: "key=value" pairs joined by "; " (values never hold
// ';'), written by actors and read back by conformance checks (docs/mano-certificates.md).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ifa026::actors {

class TraceDetail {
 public:
  TraceDetail& add(std::string_view key, std::string_view value);
  TraceDetail& add(std::string_view key, long long value);
  std::string str() const { return text_; }
  operator std::string() const { return text_; }  // NOLINT(google-explicit-constructor)

 private:
  std::string text_;
};

// Every pair of a detail text (later duplicates win).
std::map<std::string, std::string> parse_trace_detail(std::string_view detail);
// One value of a detail text.
std::optional<std::string> trace_detail_value(std::string_view detail, std::string_view key);

// A list as one value: the items joined by `separator`, "a,b,c" by default (the comma-separated
// details, e.g. detail_keys::kNames, that the conformance checks split again), or ", " in text
// meant for people.
std::string comma_list(const std::vector<std::string>& items, std::string_view separator = ",");

}  // namespace ifa026::actors
