// The self-contained HTML report (see html_report.hpp).
#include "reports/html_report.hpp"

#include <stdexcept>

#include "reports/text_file.hpp"

namespace ifa026::reports {

std::string script_safe_json(const nlohmann::ordered_json& model) {
  // dump() keeps UTF-8 as it is; replace what would end the script element or a JS line.
  const std::string text = model.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::string out;
  out.reserve(text.size() + text.size() / 64);
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '<' && i + 1 < text.size() && text[i + 1] == '/') {
      out += "<\\/";
      ++i;
      continue;
    }
    // U+2028 and U+2029 are E2 80 A8 and E2 80 A9 in UTF-8.
    if (static_cast<unsigned char>(c) == 0xE2 && i + 2 < text.size() &&
        static_cast<unsigned char>(text[i + 1]) == 0x80 &&
        (static_cast<unsigned char>(text[i + 2]) == 0xA8 ||
         static_cast<unsigned char>(text[i + 2]) == 0xA9)) {
      out += static_cast<unsigned char>(text[i + 2]) == 0xA8 ? "\\u2028" : "\\u2029";
      i += 2;
      continue;
    }
    out += c;
  }
  return out;
}

std::string embed_report_model(std::string_view shell, const nlohmann::ordered_json& model) {
  const auto at = shell.find(kReportDataMarker);
  if (at == std::string_view::npos ||
      shell.find(kReportDataMarker, at + kReportDataMarker.size()) != std::string_view::npos)
    throw std::runtime_error("the report shell must hold the data marker " +
                             std::string(kReportDataMarker) + " exactly once");
  std::string html;
  const std::string data = script_safe_json(model);
  html.reserve(shell.size() + data.size());
  html.append(shell.substr(0, at));
  html.append(data);
  html.append(shell.substr(at + kReportDataMarker.size()));
  return html;
}

std::string write_html_report(const OutputFolder& folder, std::string_view shell,
                              const std::string& out, const ReportLimits& limits) {
  const auto model = build_report_model(folder.root(), limits);
  const std::string path = out.empty() ? folder.path("report.html") : out;
  write_text_file(path, embed_report_model(shell, model));
  return path;
}

}  // namespace ifa026::reports
