// Tests for the HTML report's writer and model (reports/html_report.hpp, report_model.hpp,
// sequence_sample.hpp, pki/x509_description.hpp): the data marker replaced exactly once and the
// script element impossible to close from the data, the sampling of a large generated trace (the
// first and last 1,000 messages, drops and refusals marked, cited records with their context),
// latency sampling, certificates decoded from real DER, and the embedded shell.
#include "reports/html_report.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "pki/base64.hpp"
#include "pki/certificate_authority.hpp"
#include "pki/x509_description.hpp"
#include "reports/graphviz_svg.hpp"
#include "reports/report_model.hpp"
#include "reports/report_shell.hpp"
#include "tests/support/test_support.hpp"

namespace ifa026::reports::html_report_test {
namespace {

using json = nlohmann::ordered_json;

std::size_t occurrences(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

const std::string kShell =
    "<html><body><script id=\"ifa026-data\" type=\"application/json\">/*IFA026_REPORT_DATA*/"
    "</script><script>/* page */</script></body></html>";

TEST(HtmlReport, MarkerReplacedOnceAndScriptElementCannotBeClosedByTheData) {
  json model = {{"reason", "evil </script><script>alert(1)</script> and </SCRIPT"},
                {"para", "line\u2028sep\u2029end"}};
  const std::string html = embed_report_model(kShell, model);
  EXPECT_EQ(occurrences(html, std::string(kReportDataMarker)), 0u);
  // Only the shell's own two closing tags remain.
  EXPECT_EQ(occurrences(html, "</script>"), 2u);
  EXPECT_NE(html.find("<\\/script><script>alert(1)<\\/script>"), std::string::npos);
  EXPECT_EQ(html.find("\u2028"), std::string::npos);
  EXPECT_NE(html.find("\\u2028"), std::string::npos);
  EXPECT_NE(html.find("\\u2029"), std::string::npos);
  // The data still parses to the same model (what the page's JSON.parse sees).
  const auto begin = html.find("application/json\">") + std::string("application/json\">").size();
  const auto end = html.find("</script>", begin);
  EXPECT_EQ(json::parse(html.substr(begin, end - begin)), model);
}

TEST(HtmlReport, ShellWithoutTheMarkerOrWithTwoIsRefused) {
  EXPECT_THROW(embed_report_model("<html></html>", json::object()), std::runtime_error);
  EXPECT_THROW(embed_report_model("/*IFA026_REPORT_DATA*/ /*IFA026_REPORT_DATA*/", json::object()),
               std::runtime_error);
}

TEST(HtmlReport, EmbeddedShellHoldsTheMarkerOnceInTheDataElement) {
  const std::string shell(report_shell_html());
  EXPECT_EQ(occurrences(shell, std::string(kReportDataMarker)), 1u);
  EXPECT_NE(shell.find("<script id=\"ifa026-data\" type=\"application/json\">/*IFA026_REPORT_DATA*/"
                       "</script>"),
            std::string::npos);
}

void write(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path) << text;
}

std::string record(std::uint64_t id, std::int64_t t_ns, const std::string& kind,
                   const std::string& actor, const std::string& peer, const std::string& op,
                   std::uint64_t msg, const std::string& outcome = "ok",
                   const std::string& detail = "") {
  json r = {{"id", id}, {"t_ns", t_ns}, {"kind", kind}, {"actor", actor}};
  if (!peer.empty()) r["peer"] = peer;
  r["ref"] = "CA-1";
  r["op"] = op;
  if (msg) r["msg"] = msg;
  r["outcome"] = outcome;
  if (!detail.empty()) r["detail"] = detail;
  return r.dump() + "\n";
}

// A folder as conform leaves it, for one scenario "big" whose trace has `messages` messages
// (send + receive each; every 7th message dropped, every 11th refused by its receiver).
struct LargeRun {
  test::TempDir dir{"ifa026-report-large"};
  std::uint64_t last_send_id = 0, first_dropped = 0, last_refused = 0, cited = 0, records = 0;

  explicit LargeRun(std::uint64_t messages) {
    std::string trace;
    std::uint64_t id = 0;
    for (std::uint64_t m = 1; m <= messages; ++m) {
      const std::int64_t t = static_cast<std::int64_t>(m) * 1'000'000;
      const std::string from = "vnfci-" + std::to_string(m % 20), to = "cmf-1";
      trace += record(++id, t, "send", from, to, "ir", m);
      last_send_id = id;
      if (m % 7 == 0) {
        trace += record(++id, t, "drop", from, to, "ir", m, "loss");
        if (!first_dropped) first_dropped = m;
        continue;
      }
      trace += record(++id, t + 500, "receive", to, from, "ir", m);
      if (m % 11 == 0) {
        trace += record(++id, t + 500, "decision", to, from, "Authorise", 0, "rejected");
        last_refused = m;
      }
      if (m == messages / 2) {
        trace += record(++id, t + 500, "decision", to, from, "IssueCertificate", 0, "ok",
                        "serial=ABC; subject=CN=x");
        cited = id;
      }
    }
    records = id;
    write(dir / "traces/big.jsonl", trace);
    write(dir / "results.jsonl", json({{"id", "C.2.1.1"},
                                       {"check", "flow"},
                                       {"scenario", "big"},
                                       {"verdict", "pass"},
                                       {"reason", "</script> in a reason"},
                                       {"evidence", {1, cited}}})
                                         .dump() +
                                     "\n");
    json summary = {
        {"tool_version", "test"},
        {"started_utc", "2026-12-06T21:00:00Z"},
        {"requirements",
         {{{"id", "C.2.1.1"}, {"verdict", "pass"}, {"reason", "r"}, {"scenarios", {"big"}}},
          {{"id", "R1.1"},
           {"verdict", "none"},
           {"reason", "uncovered"},
           {"scenarios", json::array()}}}},
        {"counts", {{"pass", 1}, {"none", 1}, {"total", 2}}},
        {"scenarios", {{{"name", "big"}, {"file", "gone/big.json"}, {"trace_records", id}}}}};
    write(dir / "summary.json", summary.dump(2));
    json latencies = json::array();
    for (int i = 0; i < 12000; ++i) latencies.push_back(1'000'000 + i);
    write(dir / "metrics/big.json",
          json({{"reference_points", {{{"name", "CA-1"}, {"messages", messages}, {"bytes", 1}}}},
                {"queues", json::array()},
                {"series", {{"enrolment_latency_ns", latencies}, {"renewal_t_ns", {5, 6, 7}}}}})
              .dump());
  }
};

TEST(ReportModel, LargeTraceKeepsTheFirstAndLastThousandMessagesAndSaysSo) {
  LargeRun run(20'000);
  const json model = build_report_model(run.dir.path().string());
  ASSERT_EQ(model["scenarios"].size(), 1u);
  const json& s = model["scenarios"][0];
  const json& seq = s["sequence"];
  EXPECT_EQ(seq["total"], 20'000u);
  EXPECT_TRUE(seq["sampled"].get<bool>());
  EXPECT_NE(seq["note"].get<std::string>().find("sampled"), std::string::npos);
  ASSERT_EQ(seq["messages"].size(), 2000u);
  EXPECT_EQ(seq["messages"][0]["id"], 1u);
  EXPECT_EQ(seq["messages"][1999]["id"], run.last_send_id);
  // In time order, the gap between message 1,000 and 19,001.
  EXPECT_LT(seq["messages"][999]["t_ms"].get<double>(),
            seq["messages"][1000]["t_ms"].get<double>());
  EXPECT_DOUBLE_EQ(seq["messages"][1000]["t_ms"].get<double>(), 19'001.0);
  // Drops and refusals marked, in the head and in the tail.
  EXPECT_EQ(seq["messages"][run.first_dropped - 1]["status"], "dropped");
  EXPECT_EQ(seq["messages"][run.first_dropped - 1]["outcome"], "loss");
  EXPECT_EQ(seq["messages"][10]["status"], "refused");  // message 11
  EXPECT_EQ(seq["messages"][10]["outcome"], "rejected");
  EXPECT_EQ(seq["messages"][1999 - (20'000 - run.last_refused)]["status"], "refused");
  EXPECT_EQ(seq["messages"][0]["status"], "delivered");
  // Cited records and their context only.
  for (std::uint64_t id : {std::uint64_t{1}, std::uint64_t{2}, std::uint64_t{3}, std::uint64_t{4},
                           run.cited - 3, run.cited, run.cited + 3})
    EXPECT_TRUE(s["evidence"].contains(std::to_string(id))) << id;
  EXPECT_EQ(s["evidence"].size(), 4u + 7u);
  EXPECT_EQ(s["records"], run.records);
  // 12,000 latencies sampled to 5,000, said in the notes; the scenario file is gone: no trust
  // picture, and a note.
  EXPECT_EQ(s["metrics"]["enrolment_latency_ms"].size(), 5000u);
  EXPECT_DOUBLE_EQ(s["metrics"]["enrolment_latency_ms"][0].get<double>(), 1.0);
  EXPECT_EQ(s["metrics"]["renewals"].size(), 3u);
  EXPECT_FALSE(s.contains("trust_svg"));
  const std::string note = s["note"];
  EXPECT_NE(note.find("enrolment latencies: 5000 of 12000"), std::string::npos) << note;
  EXPECT_NE(note.find("gone/big.json"), std::string::npos) << note;
  // The topology folds 20 VNFCIs into 8 and one "vnfci ×12" node.
  EXPECT_NE(s["topology_svg"].get<std::string>().find("vnfci ×12"), std::string::npos);
  EXPECT_NE(s["topology_svg"].get<std::string>().find("<svg"), std::string::npos);
  ASSERT_FALSE(model["notes"].empty());
  // Counts from summary.json, every verdict key present.
  EXPECT_EQ(model["counts"]["pass"], 1);
  EXPECT_EQ(model["counts"]["none"], 1);
  EXPECT_EQ(model["counts"]["fail"], 0);
  EXPECT_EQ(model["requirements"][0]["evaluations"], json::array({0}));
}

// An evaluation citing more records than the limit keeps the first ones by id in the report, lists
// all by id, and the note says so (a 10k-VNFCI run's checks cite tens of thousands).
TEST(ReportModel, EvaluationCitingMoreThanTheLimitKeepsItsFirstRecordsAndSaysSo) {
  LargeRun run(200);
  ReportLimits limits;
  limits.evidence_per_evaluation = 1;
  limits.evidence_context = 0;
  const json model = build_report_model(run.dir.path().string(), limits);
  const json& s = model["scenarios"][0];
  EXPECT_EQ(model["evaluations"][0]["evidence"], json::array({1, run.cited}));
  EXPECT_TRUE(s["evidence"].contains("1"));
  EXPECT_FALSE(s["evidence"].contains(std::to_string(run.cited)));
  const std::string note = s["note"];
  EXPECT_NE(note.find("1 evaluation(s) cite more than 1 records"), std::string::npos) << note;
  EXPECT_EQ(note.find("is not in the trace"), std::string::npos) << note;
  // Within the limit, nothing is left out.
  limits.evidence_per_evaluation = 2;
  const json whole = build_report_model(run.dir.path().string(), limits);
  EXPECT_TRUE(whole["scenarios"][0]["evidence"].contains(std::to_string(run.cited)));
  EXPECT_EQ(whole["scenarios"][0]["note"].get<std::string>().find("cite more than"),
            std::string::npos);
}

TEST(ReportModel, WrittenReportEscapesTheReasonAndHoldsTheModel) {
  LargeRun run(50);
  const OutputFolder folder(run.dir.path().string());
  const std::string path = write_html_report(folder, kShell);
  EXPECT_EQ(path, (run.dir / "report.html").string());
  std::ifstream in(path);
  const std::string html((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(occurrences(html, "</script>"), 2u);
  EXPECT_NE(html.find("<\\/script> in a reason"), std::string::npos);
  EXPECT_FALSE(build_report_model(run.dir.path().string())["scenarios"][0]["sequence"]["sampled"]
                   .get<bool>());
}

TEST(ReportModel, MissingOrMalformedSummaryNamesTheFile) {
  test::TempDir dir("ifa026-report-bad");
  try {
    build_report_model(dir.path().string());
    FAIL() << "no error";
  } catch (const ReportInputError& e) {
    EXPECT_EQ(e.path(), (dir / "summary.json").string());
  }
  write(dir / "summary.json", "{\"requirements\": [");
  EXPECT_THROW(build_report_model(dir.path().string()), ReportInputError);
  write(dir / "summary.json", "{\"requirements\": [], \"counts\": {}}");
  try {
    build_report_model(dir.path().string());
    FAIL() << "no error";
  } catch (const ReportInputError& e) {
    EXPECT_EQ(e.path(), (dir / "results.jsonl").string());
  }
}

// Many labelled pictures in one process, as one `ifa026 conform` draws them: each must render.
// Graphviz 2.42 corrupted the heap when a context was freed and another created (the pango
// plugin kept a freed font name); a sanitizer build reports that as a use after free here.
TEST(RenderSvg, ManyLabelledPicturesInOneProcess) {
  for (int i = 0; i < 40; ++i) {
    const std::string dot = "digraph g { label=" + dot_quoted("picture " + std::to_string(i)) +
                            "; a -> b [label=" + dot_quoted("edge\nsecond line") + "]; }";
    const std::string svg = render_svg(dot);
    EXPECT_NE(svg.find("<svg"), std::string::npos) << i;
    EXPECT_NE(svg.find("picture " + std::to_string(i)), std::string::npos) << i;
  }
  EXPECT_THROW(render_svg("digraph {"), std::runtime_error);
}

TEST(X509Description, CertificateAndCrlDecodedFromRealDer) {
  const auto t0 = pki::Instant::from_seconds(1'767'225'600);  // 2026-01-01
  auto root =
      pki::CertificateAuthority::create_root(pki::DistinguishedName::parse("CN=Test Root,O=ifa026"),
                                             pki::PrivateKey::generate(), t0, 86400 * 365);
  const auto key = pki::PrivateKey::generate();
  pki::CsrContent content;
  content.subject = pki::DistinguishedName::parse("CN=vnfci-1.example.net");
  content.san.dns = {"vnfci-1.example.net"};
  pki::IssueRequest request{pki::Csr::create(content, key), t0, std::nullopt, std::nullopt,
                            std::nullopt};
  const auto certificate = root.issue(request, {});
  const auto d = pki::describe_certificate(certificate.der());
  EXPECT_EQ(d.kind, "certificate");
  EXPECT_EQ(d.subject, certificate.subject().to_string());
  EXPECT_EQ(d.issuer, root.certificate().subject().to_string());
  EXPECT_EQ(d.serial, certificate.serial_hex());
  EXPECT_EQ(d.key, "EC P-256");
  EXPECT_EQ(d.signature, "ecdsa-with-SHA256");
  bool san = false;
  for (const auto& e : d.extensions)
    if (e.name == "subjectAltName") {
      san = true;
      EXPECT_TRUE(e.critical);
      EXPECT_NE(e.value.find("DNS:vnfci-1.example.net"), std::string::npos) << e.value;
    }
  EXPECT_TRUE(san);
  EXPECT_NE(d.pem.find("BEGIN CERTIFICATE"), std::string::npos);
  const auto crl = pki::describe_crl(root.crl(t0, 86400).der());
  EXPECT_EQ(crl.kind, "crl");
  EXPECT_EQ(crl.issuer, root.certificate().subject().to_string());
  EXPECT_EQ(crl.serial, "1");
  EXPECT_THROW(pki::describe_certificate(pki::Bytes{1, 2, 3}), pki::PkiError);
  // Base64 round trip of the DER (certificates/NAME.jsonl).
  EXPECT_EQ(pki::from_base64(pki::to_base64(certificate.der())), certificate.der());
  EXPECT_FALSE(pki::from_base64("abc").has_value());
}

}  // namespace
}  // namespace ifa026::reports::html_report_test
