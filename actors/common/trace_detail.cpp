// Trace detail text (see trace_detail.hpp).
#include "actors/common/trace_detail.hpp"

namespace ifa026::actors {

TraceDetail& TraceDetail::add(std::string_view key, std::string_view value) {
  if (!text_.empty()) text_ += "; ";
  for (char c : key) text_ += c == ';' || c == '=' ? '_' : c;  // keys hold neither
  text_ += '=';
  for (char c : value) text_ += c == ';' ? ',' : c;  // keep the separator unambiguous
  return *this;
}

TraceDetail& TraceDetail::add(std::string_view key, long long value) {
  return add(key, std::to_string(value));
}

std::map<std::string, std::string> parse_trace_detail(std::string_view detail) {
  std::map<std::string, std::string> pairs;
  while (!detail.empty()) {
    const auto end = detail.find("; ");
    const std::string_view pair = detail.substr(0, end);
    const auto equals = pair.find('=');
    if (equals != std::string_view::npos)
      pairs[std::string(pair.substr(0, equals))] = std::string(pair.substr(equals + 1));
    if (end == std::string_view::npos) break;
    detail.remove_prefix(end + 2);
  }
  return pairs;
}

std::optional<std::string> trace_detail_value(std::string_view detail, std::string_view key) {
  auto pairs = parse_trace_detail(detail);
  auto it = pairs.find(std::string(key));
  if (it == pairs.end()) return std::nullopt;
  return it->second;
}

std::string comma_list(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += separator;
    out += item;
  }
  return out;
}

}  // namespace ifa026::actors
