// `ifa026 generate hierarchy`: the printed scenario validates, is the same for the same seed, has
// the shape the options ask for (SMs, oversees edges, domains, modes, VNFs, operation spacing),
// bad options exit 2 with nothing on stdout, and a small generated scenario runs end to end with SM
// events and grants in every domain.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "tests/cli/cli_program.hpp"
#include "tests/support/test_support.hpp"

namespace {

namespace fs = std::filesystem;
using ifa026::test::ifa026;
using Json = nlohmann::json;

// The scenario printed on stdout (stderr dropped); fails the test on a non-zero exit.
Json generated(const std::string& options) {
  const auto r = ifa026("generate hierarchy " + options, false);
  EXPECT_EQ(r.code, 0) << options << "\n" << r.out;
  return r.code == 0 ? Json::parse(r.out) : Json();
}

struct Shape {
  int sms = 0;
  int sm_actors = 0;
  int oversees = 0;
  std::set<std::string> overseen;  // every SM some SM oversees
  int tenant_domains = 0;
  int sec_domains = 0;
  int instantiations = 0;
  std::map<std::string, int> modes;
};

// `ifa026 generate hierarchy OPTIONS`, stdout to `file`, stderr returned with the exit code.
ifa026::test::ProgramResult generate_to(const std::string& options, const fs::path& file) {
  const std::string cmd = std::string("cd '") + IFA026_SOURCE_DIR + "' && '" + IFA026_BINARY +
                          "' generate hierarchy " + options + " 2>&1 >'" + file.string() +
                          "' </dev/null";
  auto r = ifa026::test::run_command(cmd, "");
  return {r.exit_code, std::move(r.output)};
}

Shape shape_of(const Json& s) {
  Shape out;
  for (const Json& d : s["trust_model"]["domains"]) {
    if (d["purpose"] == "tenant") ++out.tenant_domains;
    if (d["purpose"] == "security_management") ++out.sec_domains;
  }
  for (const Json& sm : s["trust_model"]["sms"]) {
    ++out.sms;
    for (const auto& [domain, mode] : sm["manages"].items()) ++out.modes[mode.get<std::string>()];
    if (sm.contains("oversees"))
      for (const Json& sub : sm["oversees"]) {
        ++out.oversees;
        out.overseen.insert(sub.is_string() ? sub.get<std::string>()
                                            : sub["sm"].get<std::string>());
      }
  }
  for (const Json& a : s["actors"])
    if (a["type"] == "sm") ++out.sm_actors;
  for (const Json& c : s["workload"])
    if (c["command"] == "instantiate_ns")
      out.instantiations += static_cast<int>(c["args"]["vnfs"].size());
  return out;
}

TEST(CliGenerateHierarchy, OutputValidatesAndNothingElseIsOnStdout) {
  const fs::path dir = ifa026::test::fresh_temp_dir("ifa026-generate-validate");
  const auto r = generate_to("--depth 3 --fan-out 2 --domains-per-sm 2", dir / "h.json");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("7 SMs in 3 level(s)"), std::string::npos) << r.out;  // stderr: the shape
  std::ifstream in(dir / "h.json");
  const Json s = Json::parse(in);  // stdout is one JSON document, nothing else
  EXPECT_EQ(s["trust_model"]["sms"].size(), 7u);
  const auto v = ifa026("validate '" + (dir / "h.json").string() + "'");
  EXPECT_EQ(v.code, 0) << v.out;
  EXPECT_NE(v.out.find(": ok ("), std::string::npos) << v.out;
}

TEST(CliGenerateHierarchy, SameSeedSameBytesOtherSeedOtherModes) {
  const std::string options =
      "--depth 2 --fan-out 4 --domains-per-sm 3 --vnfs-per-domain 3 --modify-fraction 0.3 ";
  const auto a = ifa026("generate hierarchy " + options + "--seed 7", false);
  const auto b = ifa026("generate hierarchy " + options + "--seed 7", false);
  const auto c = ifa026("generate hierarchy " + options + "--seed 8", false);
  ASSERT_EQ(a.code, 0);
  EXPECT_EQ(a.out, b.out);
  const Json ja = Json::parse(a.out);
  const Json jc = Json::parse(c.out);
  EXPECT_EQ(jc["seed"], 8);
  // 15 (SM, domain) draws and 45 churn draws: another seed changes some of them.
  EXPECT_TRUE(ja["trust_model"]["sms"] != jc["trust_model"]["sms"] ||
              ja["workload"] != jc["workload"]);
}

TEST(CliGenerateHierarchy, DepthAndFanOutGiveTheTree) {
  const Json s = generated("--depth 3 --fan-out 3 --domains-per-sm 2 --vnfs-per-domain 4");
  const Shape shape = shape_of(s);
  EXPECT_EQ(shape.sms, 13);  // 1 + 3 + 9
  EXPECT_EQ(shape.sm_actors, 13);
  EXPECT_EQ(shape.oversees, 12);
  EXPECT_EQ(shape.overseen.size(), 12u);  // every SM but the root has exactly one master
  EXPECT_FALSE(shape.overseen.contains("sm-1"));
  EXPECT_EQ(shape.sec_domains, 13);
  EXPECT_EQ(shape.tenant_domains, 26);
  EXPECT_EQ(shape.instantiations, 26 * 4);
  // The root oversees sm-2..sm-4; sm-2 oversees sm-5..sm-7.
  EXPECT_EQ(s["trust_model"]["sms"][0]["oversees"], Json({"sm-2", "sm-3", "sm-4"}));
  EXPECT_EQ(s["trust_model"]["sms"][1]["oversees"], Json({"sm-5", "sm-6", "sm-7"}));

  const Shape flat = shape_of(generated("--depth 1 --fan-out 5"));
  EXPECT_EQ(flat.sms, 1);
  EXPECT_EQ(flat.oversees, 0);

  const Shape total = shape_of(generated("--sms 10 --fan-out 3"));
  EXPECT_EQ(total.sms, 10);
  EXPECT_EQ(total.oversees, 9);

  const Json events = generated("--depth 2 --fan-out 2 --subordinate-events");
  EXPECT_EQ(events["trust_model"]["sms"][0]["oversees"][0],
            Json({{"sm", "sm-2"}, {"receives_subordinate_events", true}}));
}

TEST(CliGenerateHierarchy, ModeMixAndRateShapeTheModesAndTheWorkload) {
  const Shape all_fa = shape_of(generated("--sms 6 --domains-per-sm 3 --mode-mix fully_active:1"));
  EXPECT_EQ(all_fa.modes, (std::map<std::string, int>{{"fully_active", 18}}));
  Shape no_passive =
      shape_of(generated("--sms 20 --domains-per-sm 5 --mode-mix passive:0,semi_active:1,"
                         "fully_active:3"));
  EXPECT_EQ(no_passive.modes.count("passive"), 0u);
  EXPECT_GT(no_passive.modes["fully_active"], no_passive.modes["semi_active"]);
  EXPECT_GT(no_passive.modes["semi_active"], 0);

  // --rate 4: instantiations 250 ms apart; no churn asked, none generated.
  const Json s = generated(
      "--sms 2 --vnfs-per-domain 3 --rate 4 --modify-fraction 0 "
      "--terminate-fraction 0");
  std::vector<std::string> at;
  for (const Json& c : s["workload"]) {
    EXPECT_NE(c["command"], "scale_ns");
    EXPECT_NE(c["command"], "terminate_ns");
    if (c["command"] == "instantiate_ns") at.push_back(c["at"]);
  }
  ASSERT_EQ(at.size(), 6u);
  EXPECT_EQ(at[0], "13020ms");
  EXPECT_EQ(at[1], "13270ms");
  EXPECT_EQ(at[5], "14270ms");

  // Every VNF scaled out or terminated when the fractions add up to 1.
  const Json churn = generated(
      "--sms 2 --vnfs-per-domain 5 --modify-fraction 0.5 "
      "--terminate-fraction 0.5");
  int after = 0;
  for (const Json& c : churn["workload"])
    if (c["command"] == "scale_ns" || c["command"] == "terminate_ns") ++after;
  EXPECT_EQ(after, 10);
}

TEST(CliGenerateHierarchy, BadOptionsExitTwoWithNothingOnStdout) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"--depth 0", "--depth"},
      {"--fan-out zero", "--fan-out"},
      {"--depth 2 --sms 3", "not both"},
      {"--sms 0", "--sms"},
      {"--domains-per-sm -1", "--domains-per-sm"},
      {"--mode-mix bogus:1", "unknown mode"},
      {"--mode-mix passive:x", "weight"},
      {"--mode-mix passive:0", "every weight is 0"},
      {"--rate 0", "--rate"},
      {"--modify-fraction 0.6 --terminate-fraction 0.6", "at most 1"},
      {"--vnf-profile golden", "--vnf-profile"},
      {"--duration 5s", "before the last operation"},
      {"--duration soon", "--duration"},
      {"--seed -3", "--seed"},
      {"--frobnicate 1", "frobnicate"},
      {"extra", "unexpected argument"},
  };
  const fs::path dir = ifa026::test::fresh_temp_dir("ifa026-generate-bad");
  for (const auto& [options, message] : cases) {
    const auto r = generate_to(options, dir / "out.json");  // stderr in r.out
    EXPECT_EQ(r.code, 2) << options;
    EXPECT_EQ(fs::file_size(dir / "out.json"), 0u) << options;
    EXPECT_NE(r.out.find(message), std::string::npos) << options << ": " << r.out;
  }
  EXPECT_EQ(ifa026("generate pyramid").code, 2);
  EXPECT_EQ(ifa026("generate").code, 2);
  EXPECT_EQ(ifa026("generate hierarchy --help").code, 0);
}

// A generated hierarchy run end to end: every tenant domain's SM gets the events of its VNFs, the
// Fully-Active ones grant every operation, and every operation of the workload completes.
TEST(CliGenerateHierarchy, GeneratedScenarioRunsWithEventsAndGrantsPerDomain) {
  const fs::path dir = ifa026::test::fresh_temp_dir("ifa026-generate-run");
  const auto g = generate_to(
      "--depth 2 --fan-out 2 --domains-per-sm 2 --vnfs-per-domain 2 --mode-mix fully_active:1 "
      "--modify-fraction 0.5 --terminate-fraction 0.5 --seed 3",
      dir / "h.json");
  ASSERT_EQ(g.code, 0) << g.out;
  const auto r =
      ifa026("run '" + (dir / "h.json").string() + "' --out '" + (dir / "out").string() + "'");
  ASSERT_EQ(r.code, 0) << r.out;

  // vnf-<sm>-<k>-<j> is in td-<sm>-<k>, managed by sm-<sm>.
  auto domain_of = [](const std::string& vnf) { return "td-" + vnf.substr(4, vnf.rfind('-') - 4); };
  auto value = [](const std::string& detail, const std::string& key) {
    const auto at = detail.find(key + "=");
    if (at == std::string::npos) return std::string();
    const auto start = at + key.size() + 1;
    return detail.substr(start, detail.find(';', start) - start);
  };
  std::map<std::string, int> routed;     // domain -> events routed to its SM
  std::map<std::string, int> granted;    // domain -> approved SM grants
  std::map<std::string, int> completed;  // operation -> VNF LCM operations completed
  std::ifstream trace(dir / "out" / "trace.jsonl");
  std::string line;
  while (std::getline(trace, line)) {
    const Json rec = Json::parse(line);
    const std::string op = rec.value("op", "");
    const std::string detail = rec.value("detail", "");
    if (op == "SmEventRouted" && rec["outcome"] == "sent") {
      const std::string domain = value(detail, "domain");
      EXPECT_EQ(value(detail, "sm"), "sm-" + domain.substr(3, domain.rfind('-') - 3)) << detail;
      ++routed[domain];
    } else if (op == "SmGrantDecision") {
      EXPECT_EQ(rec["outcome"], "approved") << detail;
      ++granted[domain_of(value(detail, "vnf"))];
    } else if (op == "VnfLcmOperation" && rec["outcome"] == "completed") {
      ++completed[value(detail, "operation")];
    }
  }
  const std::vector<std::string> domains = {"td-1-1", "td-1-2", "td-2-1",
                                            "td-2-2", "td-3-1", "td-3-2"};
  for (const std::string& d : domains) {
    EXPECT_GE(routed[d], 2) << d;   // at least the two instantiations' completed events
    EXPECT_GE(granted[d], 2) << d;  // and their grants
  }
  EXPECT_EQ(routed.size(), domains.size());
  EXPECT_EQ(completed["INSTANTIATE"], 12);
  EXPECT_EQ(completed["SCALE_OUT"] + completed["TERMINATE"], 12);
  int grants = 0;
  for (const auto& [d, n] : granted) grants += n;
  EXPECT_EQ(grants, 24);  // Fully-Active everywhere: every operation waited for its SM
}

}  // namespace
