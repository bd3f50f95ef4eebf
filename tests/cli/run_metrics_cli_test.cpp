// `ifa026 run` writes the run metrics beside the trace: metrics.json and metrics.csv agree with
// the send and drop records of the trace.jsonl written by the same run.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "tests/support/test_support.hpp"

namespace {

namespace fs = std::filesystem;

ifa026::test::CommandResult ifa026_run(const std::string& args) {
  const std::string cmd = std::string("cd '") + IFA026_SOURCE_DIR + "' && '" + IFA026_BINARY +
                          "' " + args + " 2>&1 </dev/null";
  return ifa026::test::run_command(cmd, "");
}

TEST(CliRunMetrics, HelpNamesTheMetricsFiles) {
  auto r = ifa026_run("run --help");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.output.find("metrics.json"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("metrics.csv"), std::string::npos) << r.output;
}

TEST(CliRunMetrics, RunWritesMetricsMatchingTheTrace) {
  const fs::path dir = ifa026::test::fresh_temp_dir("ifa026-cli-run-metrics");
  auto r = ifa026_run("run scenarios/smoke/echo-lossy-link.json --seed 5 --until 20s --out " +
                      dir.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("metrics.json"), std::string::npos) << r.output;
  ASSERT_TRUE(fs::exists(dir / "metrics.json"));
  ASSERT_TRUE(fs::exists(dir / "metrics.csv"));

  // What the trace says, per reference point.
  struct Expected {
    std::uint64_t messages = 0;
    std::uint64_t bytes = 0;
    std::map<std::string, std::uint64_t> drops;
  };
  std::map<std::string, Expected> expected;
  std::uint64_t records = 0;
  std::ifstream trace(dir / "trace.jsonl");
  std::string line;
  while (std::getline(trace, line)) {
    ++records;
    const auto record = nlohmann::json::parse(line);
    const std::string kind = record.at("kind");
    const std::string ref = record.value("ref", "");
    if (kind == "send") {
      ++expected[ref].messages;
      expected[ref].bytes += record.value("bytes", std::uint64_t{0});
    } else if (kind == "drop") {
      ++expected[ref].drops[record.at("outcome").get<std::string>()];
    }
  }
  ASSERT_FALSE(expected.empty());

  const auto metrics = nlohmann::json::parse(ifa026::test::read_file(dir / "metrics.json"));
  const auto manifest = nlohmann::json::parse(ifa026::test::read_file(dir / "manifest.json"));
  EXPECT_EQ(metrics["scenario"], manifest["scenario"]["name"]);
  EXPECT_EQ(metrics["seed"], 5);
  EXPECT_EQ(metrics["end"]["ns"], manifest["simulated_end"]["ns"]);
  EXPECT_EQ(metrics["end"]["duration"], "20s");
  EXPECT_EQ(metrics["records"].get<std::uint64_t>(), records);
  ASSERT_EQ(metrics["reference_points"].size(), expected.size());
  std::uint64_t drops = 0;
  for (const auto& rp : metrics["reference_points"]) {
    const std::string name = rp["name"];
    ASSERT_TRUE(expected.count(name)) << name;
    const Expected& e = expected[name];
    EXPECT_EQ(rp["messages"].get<std::uint64_t>(), e.messages) << name;
    EXPECT_EQ(rp["bytes"].get<std::uint64_t>(), e.bytes) << name;
    std::map<std::string, std::uint64_t> got;
    for (const auto& [reason, n] : rp["drops"].items()) got[reason] = n.get<std::uint64_t>();
    EXPECT_EQ(got, e.drops) << name;
    for (const auto& [reason, n] : got) drops += n;
  }
  EXPECT_GT(drops, 0u) << "the lossy link should lose something at this seed";
  EXPECT_EQ(metrics["enrolment_latency"]["count"], 0);  // echo actors enrol nothing
  EXPECT_TRUE(metrics["queues"].is_array());

  // The CSV carries the same figures, one `metric,key,value` row each.
  const std::string csv = ifa026::test::read_file(dir / "metrics.csv");
  EXPECT_TRUE(csv.starts_with("metric,key,value\n")) << csv;
  for (const auto& [name, e] : expected) {
    EXPECT_NE(csv.find("\nmessages," + name + "," + std::to_string(e.messages) + "\n"),
              std::string::npos)
        << name << "\n"
        << csv;
    for (const auto& [reason, n] : e.drops)
      EXPECT_NE(csv.find("\ndrops," + name + "/" + reason + "," + std::to_string(n) + "\n"),
                std::string::npos)
          << csv;
  }
  EXPECT_NE(csv.find("\nseed,,5\n"), std::string::npos) << csv;
  fs::remove_all(dir);
}

// A MANO scenario through every actor: enrolment counts, latencies and the CA's work queue agree
// with what the trace shows.
TEST(CliRunMetrics, ManoRunCountsEnrolmentsLatenciesAndQueues) {
  const std::string scenario = "scenarios/annex-c/mano-wide-hsm-attestation.json";
  if (!fs::exists(fs::path(IFA026_SOURCE_DIR) / scenario)) GTEST_SKIP() << scenario << " missing";
  const fs::path dir = ifa026::test::fresh_temp_dir("ifa026-cli-run-metrics-mano");
  auto r = ifa026_run("run " + scenario + " --out " + dir.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;

  std::uint64_t installed = 0;
  std::uint64_t issued = 0;
  std::map<std::string, std::int64_t> first_request;  // entity -> first "#0" record
  std::vector<std::int64_t> latencies;
  std::map<std::string, std::uint64_t> peak_waiting;  // actor/queue -> max waiting
  std::ifstream trace(dir / "trace.jsonl");
  std::string line;
  while (std::getline(trace, line)) {
    const auto record = nlohmann::json::parse(line);
    const std::string kind = record.at("kind");
    const std::string op = record.value("op", "");
    const std::string actor = record.value("actor", "");
    const std::string step = record.value("step", "");
    const std::string detail = record.value("detail", "");
    const std::int64_t t = record.at("t_ns");
    // The enrolment rule of docs/metrics.md, simplified for a run without renewals: the first
    // "#0" message or GenerateKey of the entity (WIM, CISM and CIR have no step IDs).
    const bool request =
        (kind == "send" && step.ends_with("#0")) || (kind == "decision" && op == "GenerateKey");
    if (request && !first_request.count(actor)) first_request[actor] = t;
    if (kind == "decision" && op == "CertificateInstalled" &&
        detail.find("purpose=enrolment") != std::string::npos) {
      ++installed;
      ASSERT_TRUE(first_request.count(actor)) << line;
      latencies.push_back(t - first_request[actor]);
    }
    if (kind == "decision" && op == "IssueCertificate" && record.value("outcome", "") == "ok")
      ++issued;
    if (kind == "log" && op == "WorkQueue") {
      const auto queue = detail.substr(detail.find("queue=") + 6, detail.find(';') - 6);
      const auto at = detail.find("waiting=");
      ASSERT_NE(at, std::string::npos) << line;
      auto& peak = peak_waiting[actor + "/" + queue];
      peak = std::max<std::uint64_t>(peak, std::stoull(detail.substr(at + 8)));
    }
  }
  ASSERT_GT(installed, 0u);
  std::sort(latencies.begin(), latencies.end());

  const auto metrics = nlohmann::json::parse(ifa026::test::read_file(dir / "metrics.json"));
  EXPECT_EQ(metrics["counts"]["enrolments"].get<std::uint64_t>(), installed);
  EXPECT_EQ(metrics["counts"]["issuances"].get<std::uint64_t>(), issued);
  const auto& latency = metrics["enrolment_latency"];
  EXPECT_EQ(latency["count"].get<std::uint64_t>(), latencies.size());
  EXPECT_EQ(latency["min_ns"].get<std::int64_t>(), latencies.front());
  EXPECT_EQ(latency["max_ns"].get<std::int64_t>(), latencies.back());
  EXPECT_GT(latency["min_ns"].get<std::int64_t>(), 0);
  std::map<std::string, std::uint64_t> got;
  for (const auto& q : metrics["queues"]) {
    got[q["actor"].get<std::string>() + "/" + q["queue"].get<std::string>()] =
        q["peak_waiting"].get<std::uint64_t>();
    EXPECT_LE(q["series"].size(), 1000u);
  }
  EXPECT_EQ(got, peak_waiting);
  fs::remove_all(dir);
}

}  // namespace

// The SM research figures from a real run: multi-sm.json's sm-1 is not designated for the
// sensitive td-li, so its requests there are refused as cross-domain; every SM's messages per
// reference point are the send records by and to it in the trace.
TEST(CliRunMetrics, SecurityManagerFiguresMatchTheTrace) {
  const fs::path dir = ifa026::test::fresh_temp_dir("ifa026-cli-run-sm-metrics");
  auto r = ifa026_run("run scenarios/security-manager/multi-sm.json --out " + dir.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  std::map<std::string, std::map<std::string, std::uint64_t>> sent, received;
  std::uint64_t refused = 0;
  std::ifstream trace(dir / "trace.jsonl");
  std::string line;
  while (std::getline(trace, line)) {
    const auto record = nlohmann::json::parse(line);
    if (record.at("kind") == "send") {
      ++sent[record.value("actor", "")][record.value("ref", "")];
      ++received[record.value("peer", "")][record.value("ref", "")];
    }
    if (record.value("op", "") == "SmAuthorization" && record.value("outcome", "") == "rejected" &&
        record.value("detail", "").find("sm=sm-1;") != std::string::npos &&
        record.value("detail", "").find("reason=not in SM's domains") != std::string::npos)
      ++refused;
  }
  const auto metrics = nlohmann::json::parse(ifa026::test::read_file(dir / "metrics.json"));
  const auto& per_sm = metrics.at("security_managers").at("per_sm");
  ASSERT_GT(refused, 0u);
  std::uint64_t counted = 0;
  for (const auto& [domain, n] : per_sm.at("sm-1").at("refused_cross_domain").items())
    counted += n.get<std::uint64_t>();
  EXPECT_EQ(counted, refused);
  EXPECT_EQ(per_sm.at("sm-2").at("refused_cross_domain").size(), 0u);
  for (const char* sm : {"sm-1", "sm-2"}) {
    const auto& by_rp = per_sm.at(sm).at("messages_by_reference_point");
    ASSERT_FALSE(by_rp.empty()) << sm;
    for (const auto& [rp, n] : by_rp.items()) {
      EXPECT_EQ(n.at("sent").get<std::uint64_t>(), sent[sm][rp]) << sm << " " << rp;
      EXPECT_EQ(n.at("received").get<std::uint64_t>(), received[sm][rp]) << sm << " " << rp;
    }
    EXPECT_EQ(per_sm.at(sm).at("depth"), 0);
  }
  // Fully-Active sm-2 held every chain operation: its grant waits per operation, at depth 0.
  const auto& inst = metrics.at("security_managers").at("operations").at("INSTANTIATE");
  EXPECT_GT(inst.at("fully_active").at("grant_wait").at("count").get<int>(), 0);
  EXPECT_EQ(inst.at("fully_active").at("by_depth").at("0").at("count"),
            inst.at("fully_active").at("grant_wait").at("count"));
  const std::string csv = ifa026::test::read_file(dir / "metrics.csv");
  EXPECT_NE(csv.find("sm_refused_cross_domain,sm-1," + std::to_string(refused) + "\n"),
            std::string::npos)
      << csv;
}
