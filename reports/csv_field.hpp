// One CSV field as RFC 4180 writes it, for every CSV the reports room writes (metrics.csv, the
// merged table of `ifa026 merge`).
#pragma once

#include <string>
#include <string_view>

namespace ifa026::reports {

// The text itself, or quoted (inner quotes doubled) when it holds a comma, quote or line break.
std::string csv_field(std::string_view text);

}  // namespace ifa026::reports
