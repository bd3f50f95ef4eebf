// Tests for the HTML report of a real conform run (`ifa026 conform` writes report.html,
// metrics/NAME.json and certificates/NAME.jsonl; `ifa026 report DIR` writes it again) and for the
// report model built from that folder (reports/report_model.hpp): counts equal summary.json's,
// every evaluation's evidence records are in its scenario's evidence, a record naming a serial
// points to a certificate decoded the same as pki/ decodes that DER, and bad folders exit 2.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "pki/base64.hpp"
#include "pki/certificate.hpp"
#include "pki/csr.hpp"
#include "reports/report_model.hpp"
#include "tests/cli/cli_program.hpp"

namespace ifa026::report_cli_test {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::ordered_json;
using test::ifa026;

std::string read(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// One conform run of three shipped scenarios (a flow with enrolments, a trust-domain hierarchy
// with SMs, a negative one), shared by the tests below.
class ReportOfConformRun : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test::TempDir("ifa026-report-cli");
    run_ = new test::ProgramResult(
        ifa026("conform --out " + dir_->path().string() +
               " scenarios/annex-c/C.2.1.1.json scenarios/trust-domains/hierarchy.json"
               " scenarios/annex-c/C.4.1.1.json"));
    // A broken run or model fails each test with the reason, never a null dereference.
    try {
      model_ = new json(reports::build_report_model(dir_->path().string()));
    } catch (const std::exception& e) {
      model_error_ = new std::string(e.what());
    }
  }
  void SetUp() override {
    ASSERT_NE(model_, nullptr) << "the report model was not built: "
                               << (model_error_ != nullptr ? *model_error_ : "") << "\n"
                               << run_->out;
  }
  static void TearDownTestSuite() {
    delete model_;
    delete model_error_;
    delete run_;
    delete dir_;
  }
  static const fs::path& dir() { return dir_->path(); }

  static test::TempDir* dir_;
  static test::ProgramResult* run_;
  static json* model_;
  static std::string* model_error_;
};
test::TempDir* ReportOfConformRun::dir_ = nullptr;
test::ProgramResult* ReportOfConformRun::run_ = nullptr;
json* ReportOfConformRun::model_ = nullptr;
std::string* ReportOfConformRun::model_error_ = nullptr;

TEST_F(ReportOfConformRun, ConformWritesTheReportAndItsInputs) {
  ASSERT_LE(run_->code, 1) << run_->out;
  EXPECT_NE(run_->out.find((dir() / "report.html").string()), std::string::npos) << run_->out;
  const std::string html = read(dir() / "report.html");
  EXPECT_EQ(html.find("/*IFA026_REPORT_DATA*/"), std::string::npos);
  EXPECT_NE(html.find("<script id=\"ifa026-data\" type=\"application/json\">{\"format\":1"),
            std::string::npos);
  for (const char* name : {"annex-c-C.2.1.1", "hierarchy"}) {
    EXPECT_TRUE(fs::exists(dir() / "metrics" / (std::string(name) + ".json"))) << name;
    EXPECT_TRUE(fs::exists(dir() / "certificates" / (std::string(name) + ".jsonl"))) << name;
  }
}

TEST_F(ReportOfConformRun, CountsEqualSummaryJson) {
  const json summary = json::parse(read(dir() / "summary.json"));
  const json& counts = (*model_)["counts"];
  std::size_t total = 0;
  for (const auto& [verdict, n] : counts.items()) {
    EXPECT_EQ(n, summary["counts"].value(verdict, 0)) << verdict;
    total += n.get<std::size_t>();
  }
  EXPECT_EQ(total, summary["counts"]["total"].get<std::size_t>());
  EXPECT_EQ((*model_)["requirements"].size(), summary["requirements"].size());
  std::size_t in_annexes = 0;
  for (const auto& a : (*model_)["annexes"])
    for (const auto& [verdict, n] : a["counts"].items()) in_annexes += n.get<std::size_t>();
  EXPECT_EQ(in_annexes, total);
  EXPECT_GT(counts["pass"].get<int>(), 0);
}

TEST_F(ReportOfConformRun, EveryEvaluationsEvidenceIsInItsScenario) {
  std::map<std::string, const json*> scenarios;
  for (const auto& s : (*model_)["scenarios"]) scenarios[s["name"]] = &s;
  std::size_t cited = 0;
  for (const auto& e : (*model_)["evaluations"]) {
    if (!scenarios.contains(e["scenario"])) continue;  // a suite-level evaluation
    const json& evidence = (*scenarios[e["scenario"]])["evidence"];
    for (const auto& id : e["evidence"]) {
      ++cited;
      ASSERT_TRUE(evidence.contains(std::to_string(id.get<std::uint64_t>())))
          << e["id"] << " cites " << id;
      EXPECT_EQ(evidence[std::to_string(id.get<std::uint64_t>())]["id"], id);
    }
  }
  EXPECT_GT(cited, 0u);
  // Each requirement's evaluation indexes point at evaluations of that requirement.
  for (const auto& r : (*model_)["requirements"])
    for (const auto& i : r["evaluations"])
      EXPECT_EQ((*model_)["evaluations"][i.get<std::size_t>()]["id"], r["id"]);
}

TEST_F(ReportOfConformRun, RecordNamingASerialPointsToItsDecodedCertificate) {
  std::size_t checked = 0;
  for (const auto& s : (*model_)["scenarios"]) {
    // The DER of every serial in the scenario's certificates file.
    std::map<std::string, pki::Bytes> der;
    std::istringstream lines(
        read(dir() / "certificates" / (s["name"].get<std::string>() + ".jsonl")));
    for (std::string line; std::getline(lines, line);) {
      const json j = json::parse(line);
      if (j["kind"] == "certificate")
        der[j["serial"]] = *pki::from_base64(j["der"].get<std::string>());
    }
    for (const auto& [id, record] : s["evidence"].items()) {
      if (!record.contains("certificate")) continue;
      const std::string detail = record.value("detail", "");
      const json& c = s["certificates"][record["certificate"].get<std::size_t>()];
      if (c["kind"] != "certificate") continue;
      ASSERT_TRUE(der.contains(c["serial"])) << c["serial"];
      EXPECT_NE(detail.find("serial=" + c["serial"].get<std::string>()), std::string::npos)
          << detail;
      const auto certificate = pki::Certificate::from_der(der[c["serial"]]);
      EXPECT_EQ(c["subject"], certificate.subject().to_string());
      EXPECT_EQ(c["issuer"], certificate.issuer().to_string());
      const auto san = certificate.san();
      for (const auto& dns : san.dns) {
        bool found = false;
        for (const auto& e : c["extensions"])
          found = found || (e["name"] == "subjectAltName" &&
                            e["value"].get<std::string>().find("DNS:" + dns) != std::string::npos);
        EXPECT_TRUE(found) << dns;
      }
      ++checked;
    }
  }
  EXPECT_GT(checked, 0u) << "no evidence record names a decoded certificate";
}

// A CMF's CsrValidation record names the CSR by the SHA-256 of its public key; the model links it
// to that CSR decoded from the DER the CMF kept, whose key hashes to the same value.
TEST_F(ReportOfConformRun, CsrValidationRecordPointsToItsDecodedCsr) {
  std::size_t checked = 0;
  for (const auto& s : (*model_)["scenarios"]) {
    std::map<std::string, pki::Bytes> der;  // spki_sha256 -> CSR DER
    std::istringstream lines(
        read(dir() / "certificates" / (s["name"].get<std::string>() + ".jsonl")));
    for (std::string line; std::getline(lines, line);) {
      const json j = json::parse(line);
      if (j["kind"] == "csr") der[j["serial"]] = *pki::from_base64(j["der"].get<std::string>());
    }
    for (const auto& [id, record] : s["evidence"].items()) {
      if (record.value("op", "") != "CsrValidation" || !record.contains("certificate")) continue;
      const std::string detail = record.value("detail", "");
      const json& c = s["certificates"][record["certificate"].get<std::size_t>()];
      ASSERT_EQ(c["kind"], "csr") << detail;
      const auto at = detail.find("spki_sha256=");
      ASSERT_NE(at, std::string::npos) << detail;
      const std::string key = detail.substr(at + 12, 64);
      ASSERT_TRUE(der.contains(key)) << key;
      const auto csr = pki::Csr::from_der(der[key]);
      EXPECT_EQ(pki::to_hex(csr.public_key().spki_sha256()), key);
      EXPECT_EQ(c["subject"], csr.content().subject.to_string());
      ++checked;
    }
  }
  EXPECT_GT(checked, 0u) << "no cited CsrValidation record points to a decoded CSR";
}

TEST_F(ReportOfConformRun, PicturesAndCaHierarchyAreSvg) {
  bool trust = false, ca = false;
  for (const auto& s : (*model_)["scenarios"]) {
    EXPECT_NE(s["topology_svg"].get<std::string>().find("<svg"), std::string::npos) << s["name"];
    EXPECT_GT(s["sequence"]["messages"].size(), 0u) << s["name"];
    EXPECT_FALSE(s["actors"].empty());
    trust = trust || s.contains("trust_svg");
    if (s.contains("ca_svg")) {
      ca = true;
      EXPECT_NE(s["ca_svg"].get<std::string>().find("Root CA"), std::string::npos);
    }
  }
  EXPECT_TRUE(trust);
  EXPECT_TRUE(ca);
}

TEST_F(ReportOfConformRun, ReportCommandRewritesTheReportAndHonoursOut) {
  const fs::path out = dir() / "copy.html";
  const auto r = ifa026("report " + dir().string() + " --out " + out.string());
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find(out.string()), std::string::npos);
  EXPECT_GT(fs::file_size(out), 1000u);
}

// `ifa026 graph topology|ca DIR NAME` writes the report's pictures as DOT or SVG for papers: the
// topology holds every link of the run with its counts, the CA hierarchy the run's root CA.
TEST_F(ReportOfConformRun, GraphCommandWritesTheReportsPicturesAsDotAndSvg) {
  const auto topology = ifa026("graph topology " + dir().string() + " annex-c-C.2.1.1");
  ASSERT_EQ(topology.code, 0) << topology.out;
  EXPECT_EQ(topology.out.rfind("digraph", 0), 0u) << topology.out.substr(0, 200);
  for (const auto& s : (*model_)["scenarios"]) {
    if (s["name"] != "annex-c-C.2.1.1") continue;
    for (const auto& l : s["links"])
      EXPECT_NE(topology.out.find(std::to_string(l["messages"].get<int>()) + " msg"),
                std::string::npos)
          << l.dump();
  }
  const fs::path svg = dir() / "ca.svg";
  const auto ca =
      ifa026("graph ca " + dir().string() + " annex-c-C.2.1.1 --format svg --out " + svg.string());
  ASSERT_EQ(ca.code, 0) << ca.out;
  const std::string text = read(svg);
  EXPECT_NE(text.find("<svg"), std::string::npos);
  EXPECT_NE(text.find("Root CA"), std::string::npos);
  // A scenario the run does not have: exit 2 naming the folder's summary and the names it has.
  const auto missing = ifa026("graph topology " + dir().string() + " no-such-scenario");
  EXPECT_EQ(missing.code, 2) << missing.out;
  EXPECT_NE(missing.out.find("no scenario named 'no-such-scenario'"), std::string::npos);
  EXPECT_NE(missing.out.find("annex-c-C.2.1.1"), std::string::npos) << missing.out;
  EXPECT_EQ(ifa026("graph topology " + dir().string()).code, 2);
}

TEST(CliReport, BadFolderExitsTwoNamingTheMissingFile) {
  auto r = ifa026("report /nonexistent/ifa026-folder");
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("/nonexistent/ifa026-folder"), std::string::npos) << r.out;
  test::TempDir empty("ifa026-report-empty");
  r = ifa026("report " + empty.path().string());
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find((empty.path() / "summary.json").string()), std::string::npos) << r.out;
  std::ofstream(empty.path() / "summary.json") << "{ not json";
  r = ifa026("report " + empty.path().string());
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("summary.json"), std::string::npos) << r.out;
  EXPECT_EQ(ifa026("report").code, 2);
}

}  // namespace
}  // namespace ifa026::report_cli_test
