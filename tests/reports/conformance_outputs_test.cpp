// Tests for the conform output writers: results.jsonl, summary.json, junit.xml and summary.md.
#include "reports/conformance_outputs.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace ifa026::reports {
namespace {

namespace fs = std::filesystem;
using conformance::Catalogue;
using conformance::ConformanceReport;
using conformance::Evaluation;
using conformance::RequirementResult;
using conformance::ScenarioRun;
using conformance::Verdict;

// Reason text exercising every XML special character plus a control character.
const std::string kNastyReason = "a & b < c > d \"quoted\" it's\x01 done";

nlohmann::json small_catalogue_entries() {
  return nlohmann::json::parse(R"([
    {"id": "5.1.1-a", "clause": "5.1.1", "kind": "requirement", "modality": "shall",
     "subject": "NFV-MANO",
     "summary": "Each SM lives in its own trust domain & gets its own endpoints.",
     "testability": "partial", "testability_reason": "Partly visible."},
    {"id": "5.2.6-a", "clause": "5.2.6", "kind": "requirement", "modality": "shall",
     "subject": "PKI", "summary": "Short one.", "testability": "observable",
     "testability_reason": "Seen in the trace."},
    {"id": "R1.2.30", "clause": "A.1", "kind": "requirement", "modality": "shall",
     "subject": "SM",
     "summary": "A long summary that runs on and on, well past the length a test name should have.",
     "testability": "partial", "testability_reason": "Partly."},
    {"id": "R2.1.170", "clause": "A.2", "kind": "requirement", "modality": "should",
     "subject": "NFV-MANO", "summary": "Pipes | in | summary.", "testability": "observable",
     "testability_reason": "Seen."},
    {"id": "Nfvo.Sc.006", "clause": "B.2", "kind": "requirement", "modality": "shall",
     "subject": "NFVO", "summary": "NFVO does a thing.", "testability": "observable",
     "testability_reason": "Seen."},
    {"id": "Wim.Sc.007", "clause": "B.5", "kind": "requirement", "modality": "may",
     "subject": "WIM", "summary": "WIM may do a thing.", "testability": "observable",
     "testability_reason": "Seen."},
    {"id": "C.2.1.1", "clause": "C.2.1.1", "kind": "flow", "modality": "may", "subject": "CMF",
     "title": "VNFCI certificate enrolment, direct mode", "steps": 8,
     "actors": ["CMF", "CA", "VNFCI"], "summary": "CMF enrols a VNFCI with the CA.",
     "testability": "observable", "testability_reason": "Traced."},
    {"id": "C.3.1", "clause": "C.3.1", "kind": "flow", "modality": "may", "subject": "SM",
     "title": "Security monitoring setup", "steps": 4, "actors": ["SM", "NFVO"],
     "summary": "SM sets up monitoring.", "testability": "not-observable",
     "testability_reason": "Internal."}
  ])");
}

Catalogue small_catalogue() {
  return Catalogue::from_json(small_catalogue_entries());
}

ConformanceReport small_report() {
  ConformanceReport report;
  report.scenarios.push_back({"enrol-basic",
                              "scenarios/enrol_basic.json",
                              42,
                              120,
                              96,
                              "0123456789abcdef",
                              "",
                              false,
                              {}});
  report.scenarios.push_back(
      {"broken", "scenarios/broken.json", 7, 0, 0, "", "actor | missing", false, {}});

  report.evaluations.push_back(
      {"5.1.1-a", "separate endpoints", "enrol-basic", Verdict::fail, kNastyReason, {11, 12}});
  report.evaluations.push_back(
      {"5.2.6-a", "issuer checked", "enrol-basic", Verdict::pass, "issuer seen", {3}});
  report.evaluations.push_back(
      {"R1.2.30", "timely", "enrol-basic", Verdict::inconc, "no <timeout> observed", {}});
  report.evaluations.push_back({"R2.1.170",
                                "bad bytes",
                                "broken",
                                Verdict::error,
                                "scenario did not run: bad \xff byte",
                                {}});
  report.evaluations.push_back(
      {"C.3.1", "setup steps", "enrol-basic", Verdict::pass, "steps in order", {20, 21, 22}});

  report.requirements = {
      {"5.1.1-a", Verdict::fail, "enrol-basic: " + kNastyReason, {"enrol-basic"}},
      {"5.2.6-a", Verdict::pass, "enrol-basic: issuer seen", {"enrol-basic"}},
      {"R1.2.30", Verdict::inconc, "enrol-basic: no <timeout> observed", {"enrol-basic"}},
      {"R2.1.170", Verdict::error, "broken: scenario did not run: bad \xff byte | x", {"broken"}},
      {"Nfvo.Sc.006", Verdict::none, "no check", {}},
      {"Wim.Sc.007", Verdict::not_applicable, "outside the ICS", {}},
      {"C.2.1.1", Verdict::not_testable, "Traced.", {}},
      {"C.3.1", Verdict::pass, "enrol-basic: steps in order", {"enrol-basic"}},
  };
  return report;
}

RunInfo run_info() {
  return {"0.1.0 (test)", "2024-01-02T03:04:05Z"};
}

std::string read_all(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::size_t count_of(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (auto pos = text.find(needle); pos != std::string::npos; pos = text.find(needle, pos + 1))
    ++n;
  return n;
}

class ConformanceOutputsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device rd;
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           ("ifa026_outputs_" + std::string(info->name()) + "_" + std::to_string(rd()));
    fs::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  fs::path dir_;
  Catalogue catalogue_ = small_catalogue();
  ConformanceReport report_ = small_report();
};

TEST_F(ConformanceOutputsTest, ResultsJsonlLinesParseAndMatch) {
  write_results_jsonl(path("results.jsonl"), report_);
  std::istringstream in(read_all(path("results.jsonl")));
  std::vector<nlohmann::json> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(nlohmann::json::parse(line));
  ASSERT_EQ(lines.size(), report_.evaluations.size());
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const Evaluation& e = report_.evaluations[i];
    EXPECT_EQ(lines[i]["id"], e.requirement_id);
    EXPECT_EQ(lines[i]["check"], e.check);
    EXPECT_EQ(lines[i]["scenario"], e.scenario);
    EXPECT_EQ(lines[i]["verdict"], std::string(conformance::to_string(e.verdict)));
    EXPECT_EQ(lines[i]["evidence"].get<std::vector<std::uint64_t>>(), e.evidence);
  }
  EXPECT_EQ(lines[0]["reason"], kNastyReason);
  EXPECT_EQ(lines[0]["verdict"], "fail");
  EXPECT_EQ(lines[2]["verdict"], "inconc");
  // Invalid UTF-8 in a reason is replaced, not fatal.
  EXPECT_NE(lines[3]["reason"].get<std::string>().find("bad "), std::string::npos);
}

TEST_F(ConformanceOutputsTest, ResultsJsonlEmptyReportGivesEmptyFile) {
  write_results_jsonl(path("results.jsonl"), ConformanceReport{});
  ASSERT_TRUE(fs::exists(path("results.jsonl")));
  EXPECT_EQ(read_all(path("results.jsonl")), "");
}

TEST_F(ConformanceOutputsTest, SummaryJsonCountsAndIds) {
  write_summary_json(path("summary.json"), report_, catalogue_, run_info());
  const std::string text = read_all(path("summary.json"));
  EXPECT_NE(text.find("\n  \"counts\""), std::string::npos) << "pretty-printed with 2 spaces";
  const auto j = nlohmann::json::parse(text);
  EXPECT_EQ(j["tool_version"], "0.1.0 (test)");
  EXPECT_EQ(j["started_utc"], "2024-01-02T03:04:05Z");

  const auto& counts = j["counts"];
  const std::map<std::string, int> expected{{"none", 1},        {"pass", 2},  {"inconc", 1},
                                            {"fail", 1},        {"error", 1}, {"not-applicable", 1},
                                            {"not-testable", 1}};
  int sum = 0;
  for (const auto& [name, n] : expected) {
    ASSERT_TRUE(counts.contains(name)) << name;
    EXPECT_EQ(counts[name], n) << name;
    sum += counts[name].get<int>();
  }
  EXPECT_EQ(counts.size(), expected.size() + 1);
  EXPECT_EQ(counts["total"], report_.requirements.size());
  EXPECT_EQ(sum, counts["total"].get<int>());

  ASSERT_EQ(j["requirements"].size(), report_.requirements.size());
  std::set<std::string> ids;
  for (std::size_t i = 0; i < j["requirements"].size(); ++i) {
    const auto& r = j["requirements"][i];
    EXPECT_EQ(r["id"], report_.requirements[i].id) << "catalogue order kept";
    EXPECT_TRUE(ids.insert(r["id"].get<std::string>()).second) << r["id"];
    EXPECT_TRUE(r.contains("clause") && r.contains("kind") && r.contains("modality") &&
                r.contains("subject") && r.contains("summary") && r.contains("scenarios"));
  }
  EXPECT_EQ(j["requirements"][0]["verdict"], "fail");
  EXPECT_EQ(j["requirements"][0]["clause"], "5.1.1");
  EXPECT_EQ(j["requirements"][6]["kind"], "flow");
  EXPECT_EQ(j["requirements"][0]["scenarios"], nlohmann::json::array({"enrol-basic"}));

  ASSERT_EQ(j["scenarios"].size(), 2u);
  EXPECT_EQ(j["scenarios"][0]["seed"], 42);
  EXPECT_EQ(j["scenarios"][0]["fingerprint"], "0123456789abcdef");
  EXPECT_FALSE(j["scenarios"][0].contains("error"));
  EXPECT_EQ(j["scenarios"][1]["error"], "actor | missing");
}

TEST_F(ConformanceOutputsTest, JunitXmlCountsAndEscaping) {
  write_junit_xml(path("junit.xml"), report_, catalogue_);
  const std::string xml = read_all(path("junit.xml"));
  EXPECT_EQ(xml.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", 0), 0u);
  EXPECT_NE(xml.find("<testsuites name=\"ifa026-conformance\" tests=\"8\" failures=\"2\" "
                     "errors=\"1\" skipped=\"3\""),
            std::string::npos);
  EXPECT_EQ(count_of(xml, "<testsuite "), 4u);
  EXPECT_EQ(count_of(xml, "<testcase "), 8u);
  EXPECT_EQ(count_of(xml, "<failure type=\"inconc\""), 1u);
  EXPECT_EQ(count_of(xml, "<failure type=\"fail\""), 1u);
  EXPECT_EQ(count_of(xml, "<failure "), 2u);
  EXPECT_EQ(count_of(xml, "<error "), 1u);
  EXPECT_EQ(count_of(xml, "<skipped "), 3u);

  EXPECT_NE(xml.find("<testsuite name=\"Clause 5\" tests=\"2\" failures=\"1\" errors=\"0\" "
                     "skipped=\"0\""),
            std::string::npos);
  EXPECT_NE(xml.find("<testsuite name=\"Annex A\" tests=\"2\" failures=\"1\" errors=\"1\" "
                     "skipped=\"0\""),
            std::string::npos);
  EXPECT_NE(xml.find("<testsuite name=\"Annex B\" tests=\"2\" failures=\"0\" errors=\"0\" "
                     "skipped=\"2\""),
            std::string::npos);
  EXPECT_NE(xml.find("<testsuite name=\"Annex C\" tests=\"2\" failures=\"0\" errors=\"0\" "
                     "skipped=\"1\""),
            std::string::npos);
  // Suites in report order.
  EXPECT_LT(xml.find("name=\"Clause 5\""), xml.find("name=\"Annex A\""));
  EXPECT_LT(xml.find("name=\"Annex A\""), xml.find("name=\"Annex B\""));
  EXPECT_LT(xml.find("name=\"Annex B\""), xml.find("name=\"Annex C\""));

  EXPECT_NE(xml.find("classname=\"ifa026.Annex_B\""), std::string::npos);
  // Test names are the catalogue IDs alone; the summary is a property of the testcase.
  EXPECT_NE(xml.find("name=\"C.2.1.1\" time=\"0\">\n      <properties><property name=\"summary\" "
                     "value=\"VNFCI certificate enrolment, direct mode\"/></properties>"),
            std::string::npos);
  EXPECT_NE(xml.find("name=\"5.1.1-a\" time=\"0\">\n      <properties><property name=\"summary\" "
                     "value=\"Each SM lives in its own trust domain &amp; gets its own endpoints."),
            std::string::npos);
  EXPECT_NE(xml.find("<skipped message=\"not-applicable: outside the ICS\"/>"), std::string::npos);
  EXPECT_NE(xml.find("<skipped message=\"none: no check\"/>"), std::string::npos);

  // Escaped reason, control character gone.
  EXPECT_NE(xml.find("a &amp; b &lt; c &gt; d &quot;quoted&quot; it&apos;s"), std::string::npos);
  EXPECT_EQ(xml.find('\x01'), std::string::npos);
  EXPECT_EQ(xml.find('\xff'), std::string::npos);
  EXPECT_EQ(xml.find("<timeout>"), std::string::npos);
  EXPECT_NE(xml.find("no &lt;timeout&gt; observed"), std::string::npos);

  // Evidence and scenarios in system-out.
  EXPECT_EQ(count_of(xml, "<system-out>"), 8u);
  EXPECT_NE(xml.find("evidence: 11, 12"), std::string::npos);
  EXPECT_NE(xml.find("scenarios: enrol-basic"), std::string::npos);

  // Every testcase opening tag sits on one line.
  for (auto pos = xml.find("<testcase "); pos != std::string::npos;
       pos = xml.find("<testcase ", pos + 1)) {
    const auto end = xml.find('>', pos);
    EXPECT_EQ(xml.substr(pos, end - pos).find('\n'), std::string::npos);
  }
  // Long summaries stay whole in the property (they no longer shape the test name).
  EXPECT_NE(xml.find("name=\"R1.2.30\" time="), std::string::npos);
  EXPECT_NE(xml.find("value=\"A long summary that runs on and on, well past the length a test name "
                     "should have.\""),
            std::string::npos);
}

TEST_F(ConformanceOutputsTest, JunitTestNamesDoNotChangeWithTheSummary) {
  write_junit_xml(path("before.xml"), report_, catalogue_);
  auto entries = small_catalogue_entries();
  for (auto& entry : entries)
    if (entry["id"] == "5.2.6-a") entry["summary"] = "The CMF gets a VNFCI enrolled.";
  const Catalogue edited = Catalogue::from_json(entries);
  write_junit_xml(path("after.xml"), report_, edited);
  auto names = [](const std::string& xml) {
    std::vector<std::string> out;
    for (auto pos = xml.find("<testcase "); pos != std::string::npos;
         pos = xml.find("<testcase ", pos + 1)) {
      const auto start = xml.find(" name=\"", pos) + 7;
      out.push_back(xml.substr(start, xml.find('"', start) - start));
    }
    return out;
  };
  const std::string before = read_all(path("before.xml"));
  const std::string after = read_all(path("after.xml"));
  EXPECT_NE(before, after);  // the summary property did change
  EXPECT_EQ(names(before), names(after));
  EXPECT_NE(after.find("value=\"The CMF gets a VNFCI enrolled.\""), std::string::npos);
}

TEST_F(ConformanceOutputsTest, JunitXmlIsWellFormed) {
  write_junit_xml(path("junit.xml"), report_, catalogue_);
  // python3 is one of the packages scripts/setup-deps.sh installs: missing, it is a set-up fault.
  ASSERT_EQ(std::system("command -v python3 >/dev/null 2>&1"), 0) << "python3 not installed";
  const std::string command =
      "python3 -c \"import xml.dom.minidom,sys; xml.dom.minidom.parse(sys.argv[1])\" '" +
      path("junit.xml") + "'";
  EXPECT_EQ(std::system(command.c_str()), 0) << read_all(path("junit.xml"));
}

TEST_F(ConformanceOutputsTest, JunitXmlShowsCatalogueIdsMissingFromReport) {
  ConformanceReport report = report_;
  report.requirements.erase(report.requirements.begin() + 1);  // drop 5.2.6-a
  write_junit_xml(path("junit.xml"), report, catalogue_);
  const std::string xml = read_all(path("junit.xml"));
  EXPECT_EQ(count_of(xml, "<testcase "), 8u);
  EXPECT_NE(xml.find("name=\"5.2.6-a\""), std::string::npos);
  EXPECT_EQ(count_of(xml, "<skipped "), 4u);
}

TEST_F(ConformanceOutputsTest, SummaryMarkdownHasCountsAndFailures) {
  write_summary_markdown(path("summary.md"), report_, catalogue_, run_info());
  const std::string md = read_all(path("summary.md"));
  EXPECT_EQ(md.rfind("# ", 0), 0u);
  EXPECT_NE(md.find("0.1.0 (test)"), std::string::npos);
  EXPECT_NE(md.find("2024-01-02T03:04:05Z"), std::string::npos);

  EXPECT_NE(md.find("| Verdict | Count |"), std::string::npos);
  EXPECT_NE(md.find("| pass | 2 |"), std::string::npos);
  EXPECT_NE(md.find("| none | 1 |"), std::string::npos);
  EXPECT_NE(md.find("| not-testable | 1 |"), std::string::npos);
  EXPECT_NE(md.find("| **total** | 8 |"), std::string::npos);
  // Per-group row: none pass inconc fail error n/a n/t total.
  EXPECT_NE(md.find("| Clause 5 | 0 | 1 | 0 | 1 | 0 | 0 | 0 | 2 |"), std::string::npos);
  EXPECT_NE(md.find("| Annex A | 0 | 0 | 1 | 0 | 1 | 0 | 0 | 2 |"), std::string::npos);
  EXPECT_NE(md.find("| Annex B | 1 | 0 | 0 | 0 | 0 | 1 | 0 | 2 |"), std::string::npos);
  EXPECT_NE(md.find("| Annex C | 0 | 1 | 0 | 0 | 0 | 0 | 1 | 2 |"), std::string::npos);

  // Scenarios with fingerprints and the harness error, pipes escaped.
  EXPECT_NE(md.find("0123456789abcdef"), std::string::npos);
  EXPECT_NE(md.find("actor \\| missing"), std::string::npos);

  // Problem section lists fail, inconc and error IDs, not the others.
  const auto problems = md.find("## Failures");
  const auto uncovered = md.find("## Uncovered");
  ASSERT_NE(problems, std::string::npos);
  ASSERT_NE(uncovered, std::string::npos);
  const std::string section = md.substr(problems, uncovered - problems);
  EXPECT_NE(section.find("| 5.1.1-a | fail |"), std::string::npos);
  EXPECT_NE(section.find("| R1.2.30 | inconc |"), std::string::npos);
  EXPECT_NE(section.find("| R2.1.170 | error |"), std::string::npos);
  EXPECT_NE(section.find("byte \\| x"), std::string::npos);
  EXPECT_EQ(section.find("5.2.6-a"), std::string::npos);
  EXPECT_EQ(section.find("Wim.Sc.007"), std::string::npos);
  EXPECT_EQ(md.find('\x01'), std::string::npos);

  const std::string tail = md.substr(uncovered);
  EXPECT_NE(tail.find("1 requirement(s)"), std::string::npos);
  EXPECT_NE(tail.find("Nfvo.Sc.006"), std::string::npos);
  // Each uncovered ID is listed under the reason it has none.
  EXPECT_NE(tail.find("- no check: Nfvo.Sc.006"), std::string::npos) << tail;
}

TEST_F(ConformanceOutputsTest, WritingIntoMissingDirectoryThrowsNamingThePath) {
  const std::string missing = (dir_ / "no" / "such" / "dir").string();
  const auto expect_throw = [&](const std::string& file, const auto& write) {
    const std::string target = missing + "/" + file;
    try {
      write(target);
      ADD_FAILURE() << "no exception for " << target;
    } catch (const std::runtime_error& e) {
      EXPECT_NE(std::string(e.what()).find(target), std::string::npos) << e.what();
    }
    EXPECT_FALSE(fs::exists(target));
  };
  expect_throw("results.jsonl", [&](const std::string& p) { write_results_jsonl(p, report_); });
  expect_throw("summary.json", [&](const std::string& p) {
    write_summary_json(p, report_, catalogue_, run_info());
  });
  expect_throw("junit.xml", [&](const std::string& p) { write_junit_xml(p, report_, catalogue_); });
  expect_throw("summary.md", [&](const std::string& p) {
    write_summary_markdown(p, report_, catalogue_, run_info());
  });
}

}  // namespace
}  // namespace ifa026::reports
