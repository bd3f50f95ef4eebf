// One CSV field (see csv_field.hpp).
#include "reports/csv_field.hpp"

namespace ifa026::reports {

std::string csv_field(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + '"';
}

}  // namespace ifa026::reports
