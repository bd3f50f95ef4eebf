// Writers of the conform outputs: results.jsonl, summary.json, junit.xml and summary.md.
#include "reports/conformance_outputs.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string_view>
#include <utility>
#include <vector>

#include "reports/text_file.hpp"

namespace ifa026::reports {
namespace {

using conformance::Catalogue;
using conformance::ConformanceReport;
using conformance::Evaluation;
using conformance::Requirement;
using conformance::RequirementResult;
using conformance::Verdict;

// Every verdict, in the order the outputs list them.
constexpr std::array<Verdict, 7> kVerdictOrder{
    Verdict::none,  Verdict::pass,           Verdict::inconc,      Verdict::fail,
    Verdict::error, Verdict::not_applicable, Verdict::not_testable};

// Groups in report order; any other group a catalogue yields comes after these.
constexpr std::array<std::string_view, 4> kGroupOrder{"Clause 5", "Annex A", "Annex B", "Annex C"};
constexpr std::string_view kUncatalogued = "Uncatalogued";
constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

std::string dump_json(const nlohmann::ordered_json& j, int indent) {
  // Replace rather than throw on invalid UTF-8 coming from check reasons.
  return j.dump(indent, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

// Decodes one UTF-8 sequence at text[i]; returns its code point and length, or length 0 when the
// bytes there are not well-formed UTF-8 (overlong, surrogate, truncated, out of range).
std::pair<std::uint32_t, std::size_t> decode_utf8(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char b0 = byte(i);
  if (b0 < 0x80) return {b0, 1};
  std::size_t length = 0;
  std::uint32_t cp = 0;
  std::uint32_t min = 0;
  if ((b0 & 0xE0) == 0xC0) {
    length = 2, cp = b0 & 0x1F, min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    length = 3, cp = b0 & 0x0F, min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    length = 4, cp = b0 & 0x07, min = 0x10000;
  } else {
    return {0, 0};
  }
  if (i + length > text.size()) return {0, 0};
  for (std::size_t k = 1; k < length; ++k) {
    const unsigned char b = byte(i + k);
    if ((b & 0xC0) != 0x80) return {0, 0};
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return {0, 0};
  return {cp, length};
}

bool allowed_in_xml(std::uint32_t cp) {
  return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
         (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
}

// Valid UTF-8 holding only characters XML 1.0 allows; anything else becomes U+FFFD. With
// one_line, tabs and line breaks become spaces.
std::string clean_text(std::string_view text, bool one_line) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto [cp, length] = decode_utf8(text, i);
    if (length == 0) {
      out += kReplacement;
      ++i;
      continue;
    }
    if (!allowed_in_xml(cp)) {
      out += kReplacement;
    } else if (one_line && (cp == '\t' || cp == '\n' || cp == '\r')) {
      out += ' ';
    } else {
      out.append(text.substr(i, length));
    }
    i += length;
  }
  return out;
}

// Escapes cleaned text for XML element content or an attribute value.
std::string xml_escape(std::string_view raw, bool attribute, bool one_line = false) {
  const std::string text = clean_text(raw, one_line);
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      // Attribute values are whitespace-normalised by parsers; keep them with references.
      case '\n':
        out += attribute ? "&#10;" : "\n";
        break;
      case '\r':
        out += "&#13;";
        break;
      case '\t':
        out += attribute ? "&#9;" : "\t";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// One-line Markdown table cell: no control characters, no line breaks, '|' escaped.
std::string md_cell(std::string_view raw) {
  const std::string text = clean_text(raw, true);
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '|')
      out += "\\|";
    else
      out += c;
  }
  return out;
}

std::string verdict_name(Verdict v) {
  return std::string(conformance::to_string(v));
}

std::string group_for(const Catalogue& catalogue, const std::string& id) {
  const Requirement* r = catalogue.find(id);
  return r == nullptr ? std::string(kUncatalogued) : Catalogue::group_of(*r);
}

// The groups present, in report order: the four fixed ones first, then any others as met.
std::vector<std::string> ordered_groups(const std::vector<std::string>& present) {
  std::vector<std::string> out;
  for (auto g : kGroupOrder) out.emplace_back(g);
  for (const auto& g : present) {
    bool known = false;
    for (const auto& o : out) known = known || o == g;
    if (!known) out.push_back(g);
  }
  return out;
}

std::map<Verdict, std::size_t> count_verdicts(const std::vector<const RequirementResult*>& rs) {
  std::map<Verdict, std::size_t> counts;
  for (auto v : kVerdictOrder) counts[v] = 0;
  for (const auto* r : rs) ++counts[r->verdict];
  return counts;
}

std::string join_with(const std::vector<std::string>& parts, std::string_view separator) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += separator;
    out += parts[i];
  }
  return out;
}

std::string join_ids(const std::vector<std::uint64_t>& ids) {
  std::string out;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (i > 0) out += ", ";
    out += std::to_string(ids[i]);
  }
  return out;
}

std::map<std::string, std::vector<const Evaluation*>> evaluations_by_id(
    const ConformanceReport& report) {
  std::map<std::string, std::vector<const Evaluation*>> out;
  for (const auto& e : report.evaluations) out[e.requirement_id].push_back(&e);
  return out;
}

// --- JUnit -------------------------------------------------------------------------------------

// A testcase is named by the catalogue ID alone, so that editing a summary keeps a CI's test
// history; the summary travels as a property.
struct JunitCase {
  std::string name;
  std::string summary;  // "" for IDs outside the catalogue
  const RequirementResult* result = nullptr;
};

struct JunitSuite {
  std::string name;
  std::vector<JunitCase> cases;
  std::size_t failures = 0;
  std::size_t errors = 0;
  std::size_t skipped = 0;

  void count(Verdict v) {
    switch (v) {
      case Verdict::pass:
        break;
      case Verdict::fail:
      case Verdict::inconc:
        ++failures;
        break;
      case Verdict::error:
        ++errors;
        break;
      case Verdict::none:
      case Verdict::not_applicable:
      case Verdict::not_testable:
        ++skipped;
        break;
    }
  }
};

std::string classname_of(const std::string& group) {
  std::string out = "ifa026.";
  for (char c : clean_text(group, true)) out += (c == ' ' || c == '.') ? '_' : c;
  return out;
}

std::string system_out(const RequirementResult& r, const std::vector<const Evaluation*>& evals) {
  std::string out = "verdict: " + verdict_name(r.verdict) + "\n";
  if (!r.reason.empty()) out += "reason: " + r.reason + "\n";
  out +=
      "scenarios: " + (r.scenarios.empty() ? std::string("(none)") : join_with(r.scenarios, ", "));
  out += "\n";
  for (const auto* e : evals) {
    out += "- " + e->scenario + " / " + e->check + ": " + verdict_name(e->verdict);
    if (!e->reason.empty()) out += " (" + e->reason + ")";
    out += "; evidence: " + (e->evidence.empty() ? std::string("(none)") : join_ids(e->evidence));
    out += "\n";
  }
  return out;
}

void append_testcase(std::string& xml, const std::string& classname, const JunitCase& c,
                     const std::vector<const Evaluation*>& evals) {
  const RequirementResult& r = *c.result;
  xml += "    <testcase classname=\"" + xml_escape(classname, true, true) + "\" name=\"" +
         xml_escape(c.name, true, true) + "\" time=\"0\">\n";
  if (!c.summary.empty())
    xml += "      <properties><property name=\"summary\" value=\"" +
           xml_escape(c.summary, true, true) + "\"/></properties>\n";
  const std::string verdict = verdict_name(r.verdict);
  switch (r.verdict) {
    case Verdict::pass:
      break;
    case Verdict::fail:
    case Verdict::inconc:
      xml += "      <failure type=\"" + verdict + "\" message=\"" + xml_escape(r.reason, true) +
             "\">" + xml_escape(r.reason, false) + "</failure>\n";
      break;
    case Verdict::error:
      xml += "      <error type=\"error\" message=\"" + xml_escape(r.reason, true) + "\">" +
             xml_escape(r.reason, false) + "</error>\n";
      break;
    case Verdict::none:
    case Verdict::not_applicable:
    case Verdict::not_testable: {
      const std::string message = r.reason.empty() ? verdict : verdict + ": " + r.reason;
      xml += "      <skipped message=\"" + xml_escape(message, true) + "\"/>\n";
      break;
    }
  }
  xml += "      <system-out>" + xml_escape(system_out(r, evals), false) + "</system-out>\n";
  xml += "    </testcase>\n";
}

}  // namespace

void write_results_jsonl(const std::string& path, const ConformanceReport& report) {
  std::string out;
  for (const auto& e : report.evaluations) {
    const nlohmann::ordered_json line = {
        {"id", e.requirement_id}, {"check", e.check},
        {"scenario", e.scenario}, {"verdict", verdict_name(e.verdict)},
        {"reason", e.reason},     {"evidence", e.evidence}};
    out += dump_json(line, -1);
    out += '\n';
  }
  write_text_file(path, out);
}

void write_summary_json(const std::string& path, const ConformanceReport& report,
                        const Catalogue& catalogue, const RunInfo& info) {
  nlohmann::ordered_json requirements = nlohmann::ordered_json::array();
  for (const auto& r : report.requirements) {
    nlohmann::ordered_json entry = {{"id", r.id},
                                    {"verdict", verdict_name(r.verdict)},
                                    {"reason", r.reason},
                                    {"scenarios", r.scenarios}};
    if (const Requirement* req = catalogue.find(r.id)) {
      entry["clause"] = req->clause;
      entry["kind"] = req->kind;
      entry["modality"] = req->modality;
      entry["subject"] = req->subject;
      entry["summary"] = req->summary;
    }
    requirements.push_back(std::move(entry));
  }

  std::vector<const RequirementResult*> all;
  for (const auto& r : report.requirements) all.push_back(&r);
  nlohmann::ordered_json counts = nlohmann::ordered_json::object();
  for (const auto& [verdict, n] : count_verdicts(all)) counts[verdict_name(verdict)] = n;
  counts["total"] = report.requirements.size();

  nlohmann::ordered_json scenarios = nlohmann::ordered_json::array();
  for (const auto& s : report.scenarios) {
    nlohmann::ordered_json entry = {{"name", s.name},
                                    {"file", s.file},
                                    {"seed", s.seed},
                                    {"events", s.events},
                                    {"trace_records", s.trace_records},
                                    {"fingerprint", s.fingerprint}};
    if (s.wall_clock_epoch) entry["fingerprint_reproducible"] = false;  // a live CA's run
    if (!s.error.empty()) entry["error"] = s.error;
    if (!s.external_actors.empty()) entry["external_actors"] = s.external_actors;
    scenarios.push_back(std::move(entry));
  }

  nlohmann::ordered_json summary = nlohmann::ordered_json::object();
  summary["tool_version"] = info.tool_version;
  summary["started_utc"] = info.started_utc;
  if (!info.working_directory.empty()) summary["working_directory"] = info.working_directory;
  summary["requirements"] = std::move(requirements);
  summary["counts"] = std::move(counts);
  summary["scenarios"] = std::move(scenarios);
  write_text_file(path, dump_json(summary, 2) + "\n");
}

void write_junit_xml(const std::string& path, const ConformanceReport& report,
                     const Catalogue& catalogue) {
  std::map<std::string, const RequirementResult*> results;
  for (const auto& r : report.requirements) results.emplace(r.id, &r);
  // Catalogue IDs the report has no result for are shown as uncovered.
  std::vector<RequirementResult> missing;
  missing.reserve(catalogue.requirements().size());

  std::vector<std::string> present;
  std::map<std::string, JunitSuite> suites;
  auto add_case = [&](const std::string& group, std::string name, std::string summary,
                      const RequirementResult* r) {
    auto [it, inserted] = suites.try_emplace(group);
    if (inserted) {
      it->second.name = group;
      present.push_back(group);
    }
    it->second.cases.push_back({std::move(name), std::move(summary), r});
    it->second.count(r->verdict);
  };

  std::set<std::string> seen;
  for (const auto& req : catalogue.requirements()) {
    seen.insert(req.id);
    const RequirementResult* r = nullptr;
    if (auto it = results.find(req.id); it != results.end()) {
      r = it->second;
    } else {
      missing.push_back({req.id, Verdict::none, "not in the conformance report", {}});
      r = &missing.back();
    }
    add_case(Catalogue::group_of(req), req.id,
             clean_text(req.title.empty() ? req.summary : req.title, true), r);
  }
  // Results for IDs outside the catalogue are still reported rather than dropped.
  for (const auto& r : report.requirements) {
    if (seen.insert(r.id).second) add_case(std::string(kUncatalogued), r.id, "", &r);
  }

  std::size_t tests = 0, failures = 0, errors = 0, skipped = 0;
  for (const auto& [name, suite] : suites) {
    tests += suite.cases.size();
    failures += suite.failures;
    errors += suite.errors;
    skipped += suite.skipped;
  }

  const auto evals = evaluations_by_id(report);
  const std::vector<const Evaluation*> no_evals;
  std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  xml += "<testsuites name=\"ifa026-conformance\" tests=\"" + std::to_string(tests) +
         "\" failures=\"" + std::to_string(failures) + "\" errors=\"" + std::to_string(errors) +
         "\" skipped=\"" + std::to_string(skipped) + "\" time=\"0\">\n";
  for (const auto& group : ordered_groups(present)) {
    const auto it = suites.find(group);
    if (it == suites.end()) continue;
    const JunitSuite& suite = it->second;
    xml += "  <testsuite name=\"" + xml_escape(suite.name, true, true) + "\" tests=\"" +
           std::to_string(suite.cases.size()) + "\" failures=\"" + std::to_string(suite.failures) +
           "\" errors=\"" + std::to_string(suite.errors) + "\" skipped=\"" +
           std::to_string(suite.skipped) + "\" time=\"0\">\n";
    const std::string classname = classname_of(suite.name);
    for (const auto& c : suite.cases) {
      const auto e = evals.find(c.result->id);
      append_testcase(xml, classname, c, e == evals.end() ? no_evals : e->second);
    }
    xml += "  </testsuite>\n";
  }
  xml += "</testsuites>\n";
  write_text_file(path, xml);
}

void write_summary_markdown(const std::string& path, const ConformanceReport& report,
                            const Catalogue& catalogue, const RunInfo& info) {
  std::vector<const RequirementResult*> all;
  std::vector<std::string> present;
  std::map<std::string, std::vector<const RequirementResult*>> by_group;
  for (const auto& r : report.requirements) {
    all.push_back(&r);
    const std::string group = group_for(catalogue, r.id);
    auto& members = by_group[group];
    if (members.empty()) present.push_back(group);
    members.push_back(&r);
  }

  std::string md = "# IFA 026 conformance summary\n\n";
  md += "- Tool version: " + md_cell(info.tool_version) + "\n";
  md += "- Started (UTC): " + md_cell(info.started_utc) + "\n";
  md += "- Requirements: " + std::to_string(all.size()) + "\n";
  md += "- Scenarios run: " + std::to_string(report.scenarios.size()) + "\n\n";

  md += "## Verdicts\n\n| Verdict | Count |\n|---|---:|\n";
  const auto totals = count_verdicts(all);
  for (auto v : kVerdictOrder) {
    md += "| " + verdict_name(v) + " | " + std::to_string(totals.at(v)) + " |\n";
  }
  md += "| **total** | " + std::to_string(all.size()) + " |\n\n";

  md += "## Verdicts per group\n\n| Group |";
  for (auto v : kVerdictOrder) md += " " + verdict_name(v) + " |";
  md += " total |\n|---|";
  for (std::size_t i = 0; i < kVerdictOrder.size(); ++i) md += "---:|";
  md += "---:|\n";
  for (const auto& group : ordered_groups(present)) {
    const auto it = by_group.find(group);
    const std::vector<const RequirementResult*> members =
        it == by_group.end() ? std::vector<const RequirementResult*>{} : it->second;
    const auto counts = count_verdicts(members);
    md += "| " + md_cell(group) + " |";
    for (auto v : kVerdictOrder) md += " " + std::to_string(counts.at(v)) + " |";
    md += " " + std::to_string(members.size()) + " |\n";
  }
  md += "\n";

  md += "## Scenarios\n\n";
  if (report.scenarios.empty()) {
    md += "No scenarios were run.\n\n";
  } else {
    md += "| Scenario | File | Seed | Events | Trace records | Fingerprint | Harness error |\n";
    md += "|---|---|---:|---:|---:|---|---|\n";
    for (const auto& s : report.scenarios) {
      md += "| " + md_cell(s.name) + " | " + md_cell(s.file) + " | " + std::to_string(s.seed) +
            " | " + std::to_string(s.events) + " | " + std::to_string(s.trace_records) + " | `" +
            md_cell(s.fingerprint) + "` | " + (s.error.empty() ? "" : md_cell(s.error)) + " |\n";
    }
    md += "\n";
  }

  md += "## Failures, inconclusive and errors\n\n";
  std::size_t problems = 0;
  std::string table = "| ID | Verdict | Group | Reason |\n|---|---|---|---|\n";
  for (const auto* r : all) {
    if (r->verdict != Verdict::fail && r->verdict != Verdict::inconc &&
        r->verdict != Verdict::error) {
      continue;
    }
    ++problems;
    table += "| " + md_cell(r->id) + " | " + verdict_name(r->verdict) + " | " +
             md_cell(group_for(catalogue, r->id)) + " | " + md_cell(r->reason) + " |\n";
  }
  md += problems == 0 ? std::string("None.\n\n") : table + "\n";

  md += "## Uncovered\n\n";
  // Grouped by the reason the engine gave (what they need that is not built, no check yet, no
  // covering scenario), in the order the reasons first appear.
  std::size_t uncovered = 0;
  std::vector<std::pair<std::string, std::vector<std::string>>> by_reason;
  for (const auto* r : all) {
    if (r->verdict != Verdict::none) continue;
    ++uncovered;
    const std::string reason = r->reason.empty() ? std::string("no reason given") : r->reason;
    auto it = std::find_if(by_reason.begin(), by_reason.end(),
                           [&](const auto& group) { return group.first == reason; });
    if (it == by_reason.end()) it = by_reason.insert(by_reason.end(), {reason, {}});
    it->second.push_back(md_cell(r->id));
  }
  md += std::to_string(uncovered) +
        " requirement(s) have verdict none (no check, or no scenario covering them).\n";
  if (!by_reason.empty()) md += "\n";
  for (const auto& [reason, ids] : by_reason)
    md += "- " + md_cell(reason) + ": " + join_with(ids, ", ") + "\n";
  write_text_file(path, md);
}

}  // namespace ifa026::reports
