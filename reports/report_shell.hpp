// The HTML report's page shell (HTML, CSS and the inlined JavaScript built from reports/web/),
// embedded in the program at build time (reports/report_shell.S.in): the report needs no file
// at run time. Without the web build (reports/web/ absent) it is a minimal placeholder page that
// still holds the data marker.
#pragma once

#include <string_view>

namespace ifa026::reports {

std::string_view report_shell_html();

}  // namespace ifa026::reports
