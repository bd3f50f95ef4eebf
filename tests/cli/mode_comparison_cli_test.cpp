// `ifa026 run` on a direct-mode scenario (scenarios/annex-c/C.2.1.1.json) prints the Annex D
// comparison of certificate modes and writes it to metrics.json (mode_comparison; issue 17): the
// identities enrolled equal the VNFCI installations of the trace, the messages and bytes equal
// the trace's sends citing the direct-mode enrolment flows, every identity has a latency, and the
// delegation column is empty.
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "tests/support/test_support.hpp"

namespace {

namespace fs = std::filesystem;

bool direct_flow_step(const std::string& step) {
  for (const char* flow : {"C.2.1.1#", "C.2.1.2#", "C.2.1.3#", "C.3.1#"})
    if (step.rfind(flow, 0) == 0) return true;
  return false;
}

TEST(CliModeComparison, ADirectModeRunReportsTheDirectColumn) {
  const fs::path dir = ifa026::test::fresh_temp_dir("ifa026-cli-mode-comparison");
  const std::string cmd = std::string("cd '") + IFA026_SOURCE_DIR + "' && '" + IFA026_BINARY +
                          "' run scenarios/annex-c/C.2.1.1.json --out " + dir.string() +
                          " 2>&1 </dev/null";
  auto r = ifa026::test::run_command(cmd, "");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("Annex D comparison"), std::string::npos) << r.output;

  std::uint64_t messages = 0, bytes = 0;
  std::set<std::string> installed;
  std::ifstream trace(dir / "trace.jsonl");
  std::string line;
  while (std::getline(trace, line)) {
    const auto record = nlohmann::json::parse(line);
    const std::string step = record.value("step", "");
    if (record.at("kind") == "send" && direct_flow_step(step)) {
      ++messages;
      bytes += record.value("bytes", std::uint64_t{0});
    }
    if (record.at("kind") == "decision" && record.value("op", "") == "CertificateInstalled" &&
        record.value("outcome", "") == "ok" && direct_flow_step(step)) {
      const std::string detail = record.value("detail", "");
      const auto v = detail.find("vnfci=");
      const auto i = detail.find("identity=");
      if (v != std::string::npos && i != std::string::npos)
        installed.insert(detail.substr(v, detail.find(';', v) - v) + "/" +
                         detail.substr(i, detail.find(';', i) - i));
    }
  }
  ASSERT_GT(messages, 0u);
  ASSERT_FALSE(installed.empty());

  std::ifstream file(dir / "metrics.json");
  const auto metrics = nlohmann::json::parse(file);
  ASSERT_TRUE(metrics.contains("mode_comparison")) << metrics.dump(2);
  const auto& direct = metrics.at("mode_comparison").at("direct");
  EXPECT_EQ(direct.at("identities_enrolled").get<std::uint64_t>(), installed.size());
  EXPECT_EQ(direct.at("messages").get<std::uint64_t>(), messages);
  EXPECT_EQ(direct.at("bytes").get<std::uint64_t>(), bytes);
  EXPECT_EQ(direct.at("enrolment_latency").at("count").get<std::uint64_t>(), installed.size());
  EXPECT_GT(direct.at("enrolment_latency").at("p50_ns").get<std::int64_t>(), 0);
  // Each direct-mode key was made by its VNFCI and never left it.
  EXPECT_EQ(direct.at("keys").get<std::uint64_t>(), installed.size());
  EXPECT_EQ(direct.at("key_holders").at("max"), 1);
  EXPECT_EQ(direct.at("key_hops").at("max"), 0);
  const auto& delegation = metrics.at("mode_comparison").at("delegation");
  EXPECT_EQ(delegation.at("identities_enrolled"), 0);
  EXPECT_EQ(delegation.at("messages"), 0);
}

}  // namespace
