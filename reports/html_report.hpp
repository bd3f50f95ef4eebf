// The HTML report (docs/reports.md): one self-contained report.html made of the page shell
// (HTML, CSS and JavaScript built from reports/web/ and embedded in the program,
// report_shell.hpp) and the report model (report_model.hpp) put in place of the shell's data
// marker, escaped so that the script element holding it cannot be closed early.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "reports/output_folder.hpp"
#include "reports/report_model.hpp"

namespace ifa026::reports {

// The marker the shell holds exactly once, inside <script id="ifa026-data"
// type="application/json">.
inline constexpr std::string_view kReportDataMarker = "/*IFA026_REPORT_DATA*/";

// The model as JSON text safe inside a script element: every "</" written "<\/", U+2028 and
// U+2029 as \u2028 and \u2029 (all still the same JSON).
std::string script_safe_json(const nlohmann::ordered_json& model);

// The shell with its marker replaced by script_safe_json(model). Throws std::runtime_error when
// the shell holds the marker not exactly once.
std::string embed_report_model(std::string_view shell, const nlohmann::ordered_json& model);

// Builds the model from `folder` and writes folder/report.html, or `out` when given (a path of
// its own, not inside the folder's rules). Returns the path written. Throws ReportInputError for
// missing or malformed inputs, std::runtime_error when the file cannot be written.
std::string write_html_report(const OutputFolder& folder, std::string_view shell,
                              const std::string& out = "", const ReportLimits& limits = {});

}  // namespace ifa026::reports
