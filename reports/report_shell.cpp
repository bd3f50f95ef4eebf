// The embedded page shell (see report_shell.hpp).
#include "reports/report_shell.hpp"

#include <cstddef>

extern "C" {
extern const char ifa026_report_shell_begin[];
extern const char ifa026_report_shell_end[];
}

namespace ifa026::reports {

std::string_view report_shell_html() {
  return {ifa026_report_shell_begin,
          static_cast<std::size_t>(ifa026_report_shell_end - ifa026_report_shell_begin)};
}

}  // namespace ifa026::reports
