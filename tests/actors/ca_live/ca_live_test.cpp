// The `ca-live` actor's pieces that need no server (docs/live-ca.md): its command templates and
// how they run, and the checks of its parameters and of the scenario around it (the epoch must be
// "now" and becomes the wall clock plus the lead). The runs against real servers, and against a
// URL where nothing listens, are tests/cli/live_ca_test.cpp.
#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "actors/builtin_actors.hpp"
#include "actors/ca_live/ca_live_settings.hpp"
#include "actors/ca_live/external_command.hpp"
#include "sim/scenario.hpp"
#include "tests/support/test_support.hpp"

namespace ifa026::actors::ca_live {
namespace {

using nlohmann::json;

const std::set<std::string> kSingle = {"reference", "subject"};
const std::set<std::string> kLists = {"dns"};

TEST(CaLiveCommand, GroupsRepeatPerListValueAndVanishWithoutOne) {
  const json argv = json::parse(
      R"(["reg", "--ref", "{reference}", "--subject", "CN={subject}", ["--dns", "{dns}"], "end"])");
  ASSERT_EQ(command_template_problem(argv, kSingle, kLists), std::nullopt);
  CommandValues values;
  values.single = {{"reference", "r1"}, {"subject", "a b"}};
  values.lists = {{"dns", {"a.example.net", "b.example.net"}}};
  EXPECT_EQ(expand_command(argv, values),
            (std::vector<std::string>{"reg", "--ref", "r1", "--subject", "CN=a b", "--dns",
                                      "a.example.net", "--dns", "b.example.net", "end"}));
  values.lists["dns"].clear();
  EXPECT_EQ(expand_command(argv, values),
            (std::vector<std::string>{"reg", "--ref", "r1", "--subject", "CN=a b", "end"}));
}

TEST(CaLiveCommand, BadTemplatesAreNamedByPointer) {
  auto problem = [](const char* text) {
    return command_template_problem(json::parse(text), kSingle, kLists).value_or("");
  };
  EXPECT_NE(problem(R"([])").find("non-empty array"), std::string::npos);
  EXPECT_NE(problem(R"([""])").find("/0: the command"), std::string::npos);
  EXPECT_NE(problem(R"(["x", "{secret}"])").find("/1: unknown placeholder {secret}"),
            std::string::npos);
  EXPECT_NE(problem(R"(["x", "--dns", "{dns}"])").find("/2: {dns} is a list"), std::string::npos);
  EXPECT_NE(problem(R"(["x", ["--ref", "{reference}"]])").find("/1: a group holds exactly one"),
            std::string::npos);
  EXPECT_NE(problem(R"(["x", "{reference"])").find("/1: unbalanced"), std::string::npos);
  EXPECT_NE(problem(R"(["x", 3])").find("/1: expected a string"), std::string::npos);
}

TEST(CaLiveCommand, RunsWithoutAShellAndReportsExitAndLastLine) {
  auto ok = run_command({"sh", "-c", "echo first; echo 'with $HOME unexpanded' >&2"},
                        std::chrono::seconds(10));
  EXPECT_TRUE(ok.ok()) << ok.describe();
  EXPECT_EQ(ok.exit_code, 0);
  auto failed = run_command({"sh", "-c", "echo one; echo 'reference already registered'; exit 2"},
                            std::chrono::seconds(10));
  EXPECT_FALSE(failed.ok());
  EXPECT_EQ(failed.describe(), "exited 2: reference already registered");
  // An argument is one argument, spaces and all: no shell splits or expands it.
  auto literal = run_command({"printf", "%s|", "a b", "$HOME"}, std::chrono::seconds(10));
  EXPECT_EQ(literal.output, "a b|$HOME|");
  auto missing = run_command({"/nonexistent/ifa026-no-such-program"}, std::chrono::seconds(10));
  EXPECT_FALSE(missing.ok());
  EXPECT_NE(missing.describe().find("cannot run /nonexistent/ifa026-no-such-program"),
            std::string::npos)
      << missing.describe();
}

TEST(CaLiveCommand, ACommandThatOutlivesTheTimeoutIsKilled) {
  const auto started = std::chrono::steady_clock::now();
  auto slow = run_command({"sleep", "30"}, std::chrono::milliseconds(300));
  EXPECT_TRUE(slow.timed_out);
  EXPECT_FALSE(slow.ok());
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
  EXPECT_NE(slow.describe().find("timed out"), std::string::npos);
}

// ---- Scenarios with a live CA ----

std::string scenario(const std::string& epoch, const std::string& ca_params) {
  return R"({"name": "live", "epoch": ")" + epoch + R"(", "seed": 1, "duration": "2m",
  "actors": [
    {"name": "ca-1", "type": "ca-live", "params": )" +
         ca_params + R"(},
    {"name": "cmf-1", "type": "cmf", "params": {"ca": "ca-1", "ra_reference": "cmf-1",
      "ra_secret": "ra-secret", "trusted_consumers": [], "allowed_domains": ["example.net"]}}
  ]})";
}

const std::string kParams = R"({"url": "http://127.0.0.1:1/pkix/", "trust_anchors": ["root.pem"]})";

std::vector<std::string> errors_of(const std::string& text) {
  const auto registry = builtin_registry();
  std::vector<std::string> out;
  for (const auto& d : sim::load_scenario_text("live.json", text, registry).errors)
    out.push_back(d.pointer + ": " + d.message);
  return out;
}

TEST(CaLiveScenario, TheEpochMustBeNowAndIsTheWallClockPlusTheLead) {
  const auto fixed = errors_of(scenario("2026-01-01T00:00:00Z", kParams));
  ASSERT_EQ(fixed.size(), 1u);
  EXPECT_NE(fixed.front().find("/epoch: actor \"ca-1\" of type \"ca-live\" talks to a real server"),
            std::string::npos)
      << fixed.front();
  const auto registry = builtin_registry();
  const auto before = std::chrono::system_clock::now();
  const auto load = sim::load_scenario_text("live.json", scenario("now", kParams), registry);
  ASSERT_TRUE(load.scenario) << (load.errors.empty() ? "" : load.errors.front().message);
  EXPECT_TRUE(load.scenario->wall_clock_epoch);
  const auto wall_s = std::chrono::duration_cast<std::chrono::seconds>(before.time_since_epoch());
  const std::int64_t lead_s = sim::kWallClockEpochLead.ns() / 1'000'000'000;
  const std::int64_t epoch_s = load.scenario->epoch.unix_ns / 1'000'000'000;
  EXPECT_GE(epoch_s, wall_s.count() + lead_s);
  EXPECT_LE(epoch_s, wall_s.count() + lead_s + 5);
  // "now" is no date for other fields, and other text is still no epoch.
  EXPECT_FALSE(errors_of(scenario("yesterday", kParams)).empty());
}

TEST(CaLiveScenario, ParametersAreChecked) {
  auto first = [](const std::string& params) {
    const auto errors = errors_of(scenario("now", params));
    return errors.empty() ? std::string() : errors.front();
  };
  EXPECT_NE(first(R"({"url": "https://ca.example.net/pkix/", "trust_anchors": ["r.pem"]})")
                .find("/actors/0/params/url: url: https is not built"),
            std::string::npos);
  EXPECT_NE(first(R"({"url": "ftp://x/", "trust_anchors": ["r.pem"]})").find("not an http://"),
            std::string::npos);
  EXPECT_NE(first(R"({"url": "http://127.0.0.1:1/", "trust_anchors": []})")
                .find("trust_anchors: name at least one PEM file"),
            std::string::npos);
  EXPECT_NE(first(R"({"url": "http://127.0.0.1:1/", "trust_anchors": ["r.pem"],
                      "register_command": ["reg", "{secrte}"]})")
                .find("register_command: /1: unknown placeholder {secrte}"),
            std::string::npos);
  EXPECT_NE(first(R"({"url": "http://127.0.0.1:1/", "trust_anchors": ["r.pem"],
                      "crl_command": ["crl", "--out", "x.pem"]})")
                .find("crl_command: no {file} placeholder"),
            std::string::npos);
  EXPECT_EQ(first(R"({"url": "http://127.0.0.1:1/", "trust_anchors": ["r.pem"],
                      "crl_command": ["crl", "--out", "{file}"], "timeout": "3s"})"),
            "");
}

}  // namespace
}  // namespace ifa026::actors::ca_live
