// Scenario validation end to end: each error kind is reported with its file, line, column and
// JSON pointer, all errors of a file come out in one pass, and hostile input never crashes.
#include <gtest/gtest.h>

#include <algorithm>
#include <iostream>
#include <string>
#include <vector>

#include "actors/builtin_actors.hpp"
#include "sim/scenario.hpp"

namespace ifa026::sim::scenario_test {
namespace {

const ActorRegistry& registry() {
  static const ActorRegistry r = actors::builtin_registry();
  return r;
}

// A valid scenario, one key per line, so a test can break one line and know its position.
std::string valid_text() {
  return R"({
  "name": "t",
  "epoch": "2026-01-01T00:00:00Z",
  "seed": 1,
  "duration": "10s",
  "actors": [
    {"name": "a", "type": "echo"},
    {"name": "b", "type": "echo"}
  ],
  "network": {"links": [{"from": "a", "to": "b", "loss": 0.5}]},
  "faults": [{"kind": "actor-down", "actor": "b", "start": "1s", "end": "2s"}],
  "workload": [{"at": "1s", "actor": "a", "command": "ping", "args": {"to": "b"}}]
}
)";
}

std::string replace(std::string text, const std::string& from, const std::string& to) {
  auto pos = text.find(from);
  EXPECT_NE(pos, std::string::npos) << from;
  if (pos != std::string::npos) text.replace(pos, from.size(), to);
  return text;
}

std::vector<Diagnostic> errors_of(const std::string& text) {
  return load_scenario_text("case.json", text, registry()).errors;
}

// Expects `count` errors, one of them at `pointer`, placed at line and column, whose message
// contains `words`.
void expect_one(const std::string& text, int line, int column, const std::string& pointer,
                const std::string& words, std::size_t count = 1) {
  auto errors = errors_of(text);
  EXPECT_EQ(errors.size(), count);
  for (const auto& d : errors) std::cerr << "  " << format_diagnostic(d) << "\n";
  auto it = std::find_if(errors.begin(), errors.end(),
                         [&](const Diagnostic& d) { return d.pointer == pointer; });
  ASSERT_NE(it, errors.end()) << "no error at " << pointer;
  const auto& d = *it;
  EXPECT_EQ(d.file, "case.json");
  EXPECT_EQ(d.line, line) << format_diagnostic(d);
  EXPECT_EQ(d.column, column) << format_diagnostic(d);
  EXPECT_EQ(d.pointer, pointer) << format_diagnostic(d);
  EXPECT_NE(d.message.find(words), std::string::npos) << format_diagnostic(d);
}

TEST(ScenarioValidation, AcceptsTheValidScenario) {
  auto load = load_scenario_text("case.json", valid_text(), registry());
  for (const auto& d : load.errors) ADD_FAILURE() << format_diagnostic(d);
  ASSERT_TRUE(load.scenario);
  EXPECT_EQ(load.scenario->actors.size(), 2u);
  EXPECT_EQ(load.scenario->duration, Duration::seconds(10));
  ASSERT_EQ(load.scenario->links.size(), 1u);
  EXPECT_DOUBLE_EQ(load.scenario->links[0].properties.loss, 0.5);
  EXPECT_NE(load.scenario->file_hash, 0u);
}

TEST(ScenarioValidation, KeepsExpectationsForTheConformanceRoom) {
  auto text =
      replace(valid_text(), R"("seed": 1,)", R"("seed": 1, "expect": {"certified": ["a"]},)");
  auto load = load_scenario_text("case.json", text, registry());
  for (const auto& d : load.errors) ADD_FAILURE() << format_diagnostic(d);
  ASSERT_TRUE(load.scenario);
  EXPECT_EQ(load.scenario->expect["certified"][0], "a");
  expect_one(replace(valid_text(), R"("seed": 1,)", R"("seed": 1, "expect": [],)"), 4, 24,
             "/expect", "object");
}

TEST(ScenarioValidation, SyntaxErrorHasLineAndColumn) {
  auto errors = errors_of(replace(valid_text(), "\"seed\": 1,", "\"seed\": 1"));
  ASSERT_EQ(errors.size(), 1u);
  // At the last byte read: the end of the token that should have followed a comma.
  EXPECT_EQ(errors[0].line, 5);
  EXPECT_EQ(errors[0].column, 12);
}

TEST(ScenarioValidation, UnknownKeySuggestsTheNearestOne) {
  expect_one(replace(valid_text(), "\"network\"", "\"netwrok\""), 10, 3, "/netwrok",
             "did you mean \"network\"");
  // A misspelt required key is also a missing one, reported at the enclosing object.
  expect_one(replace(valid_text(), "\"actors\"", "\"actros\""), 1, 1, "",
             "missing required key \"actors\"", 6);
}

TEST(ScenarioValidation, WrongTypeNamesBoth) {
  expect_one(replace(valid_text(), "\"seed\": 1", "\"seed\": \"one\""), 4, 11, "/seed",
             "expected integer, found string");
}

TEST(ScenarioValidation, BadDate) {
  expect_one(replace(valid_text(), "2026-01-01T00:00:00Z", "2026-02-30T00:00:00Z"), 3, 12, "/epoch",
             "not a UTC date-time");
}

TEST(ScenarioValidation, BadDuration) {
  expect_one(replace(valid_text(), "\"10s\"", "\"10 parsecs\""), 5, 15, "/duration",
             "not a duration");
}

TEST(ScenarioValidation, NegativeDuration) {
  expect_one(replace(valid_text(), "\"start\": \"1s\"", "\"start\": \"-1s\""), 11, 60,
             "/faults/0/start", "negative duration");
}

TEST(ScenarioValidation, DuplicateActorName) {
  expect_one(replace(valid_text(), "{\"name\": \"b\"", "{\"name\": \"a\""), 8, 14, "/actors/1/name",
             "duplicate actor name \"a\"", 3);  // and b is now unknown twice
}

TEST(ScenarioValidation, LinkToUnknownActor) {
  expect_one(replace(valid_text(), "\"to\": \"b\", \"loss\"", "\"to\": \"c\", \"loss\""), 10, 45,
             "/network/links/0/to", "unknown actor \"c\"");
}

TEST(ScenarioValidation, UnknownActorTypeListsTheKnownOnes) {
  expect_one(replace(valid_text(), "\"type\": \"echo\"}", "\"type\": \"ecko\"}"), 7, 27,
             "/actors/0/type", "(did you mean \"echo\"?); known types: auditor ca ");
}

TEST(ScenarioValidation, FaultWindowMustEndAfterItStarts) {
  expect_one(replace(valid_text(), "\"end\": \"2s\"", "\"end\": \"1s\""), 11, 73, "/faults/0/end",
             "ends before it starts");
}

TEST(ScenarioValidation, LatencyModelNeedsItsParameters) {
  auto text = replace(valid_text(), "\"loss\": 0.5",
                      "\"latency\": {\"model\": \"uniform\", \"delay\": \"1ms\"}");
  auto errors = errors_of(text);
  ASSERT_EQ(errors.size(), 3u);  // needs min, needs max, delay does not apply
}

TEST(ScenarioValidation, ReportsEveryErrorInOnePass) {
  auto text = replace(valid_text(), "\"workload\"", "\"workloda\"");
  text = replace(text, "\"seed\": 1", "\"seed\": -4");
  text = replace(text, "\"10s\"", "\"-10s\"");
  text = replace(text, "\"to\": \"b\", \"loss\"", "\"to\": \"zz\", \"loss\"");
  auto errors = errors_of(text);
  // workloda unknown, seed < 0, negative duration, link to unknown actor
  EXPECT_EQ(errors.size(), 4u);
  for (const auto& d : errors) EXPECT_GT(d.line, 0) << format_diagnostic(d);
}

TEST(ScenarioValidation, ExtraRuleFromAHigherRoomIsLocated) {
  auto text = replace(valid_text(), "\"name\": \"t\",", "\"name\": \"t\", \"covers\": [\"X.1\"],");
  auto load = load_scenario_text("case.json", text, registry(),
                                 [](const nlohmann::json&, std::vector<Diagnostic>& out) {
                                   out.push_back({"", 0, 0, "/covers/0", "unknown id", false});
                                 });
  ASSERT_EQ(load.errors.size(), 1u);
  EXPECT_EQ(load.errors[0].line, 2);
  EXPECT_EQ(load.errors[0].column, 27);
}

TEST(ScenarioValidation, ScenarioNameMustBeASafeFileName) {
  // The name names the trace files of conform and the folder of run: no '/', no spaces, no
  // leading '.', at most 64 characters.
  for (const char* bad : {"../../escaped", "a/b c", ".hidden", "tab\\there", "x y"})
    expect_one(replace(valid_text(), R"("name": "t")", std::string(R"("name": ")") + bad + "\""), 2,
               11, "/name", "does not match the pattern");
  expect_one(replace(valid_text(), R"("name": "t")", R"("name": ")" + std::string(65, 'n') + "\""),
             2, 11, "/name", "at most 64 characters");
  for (const std::string& good :
       std::vector<std::string>{"C.2.1.1", "smoke-echo_2", "-x", std::string(64, 'n')}) {
    auto load = load_scenario_text(
        "case.json", replace(valid_text(), R"("name": "t")", R"("name": ")" + good + "\""),
        registry());
    EXPECT_TRUE(load.scenario) << good;
  }
}

TEST(ScenarioValidation, UnknownWorkloadCommandSuggestsTheNearestOne) {
  expect_one(replace(valid_text(), R"("command": "ping")", R"("command": "pign")"), 12, 54,
             "/workload/0/command", "has no command \"pign\" (did you mean \"ping\"?)");
}

TEST(ScenarioValidation, WorkloadArgumentsAreCheckedByNameAndType) {
  expect_one(replace(valid_text(), R"({"to": "b"})", R"({"to": "b", "sise": 8})"), 12, 82,
             "/workload/0/args/sise",
             "unknown argument \"sise\" for ping (did you mean \"size\"?)");
  expect_one(replace(valid_text(), R"({"to": "b"})", R"({"to": "b", "size": "big"})"), 12, 90,
             "/workload/0/args/size", "size: expected a non-negative integer");
  expect_one(replace(valid_text(), R"({"to": "b"})", R"({})"), 12, 70, "/workload/0/args",
             "ping needs argument \"to\"");
}

TEST(ScenarioValidation, ArgumentNamingAMemberOfTheActorsParametersMustNameOne) {
  // instantiate's vnfd names a VNFD of the VNFM's "vnfds".
  const std::string text = R"({
  "name": "t", "epoch": "2026-01-01T00:00:00Z", "seed": 1, "duration": "10s",
  "actors": [
    {"name": "vnfm-1", "type": "vnfm", "params": {"vnfds": {"vnfd-fw": {"vnfcs": {"ctl": {}}}}}},
    {"name": "ca-1", "type": "ca"}
  ],
  "workload": [
    {"at": "1s", "actor": "vnfm-1", "command": "instantiate", "args": {"vnf": "v", "vnfd": "vnfd-wf"}},
    {"at": "1s", "actor": "ca-1", "command": "issue"},
    {"at": "2s", "actor": "vnfm-1", "command": "instantiate", "args": {"vnf": "w", "vnfd": "vnfd-fw", "vnfcs": {"ctl": 1, "clt": 2}}},
    {"at": "3s", "actor": "vnfm-1", "command": "instantiate", "args": {"vnf": "x", "vnfd": "nope", "vnfcs": {"ctl": 1}}}
  ]
}
)";
  auto errors = errors_of(text);
  for (const auto& d : errors) std::cerr << "  " << format_diagnostic(d) << "\n";
  auto at = [&](const std::string& pointer) {
    return std::find_if(errors.begin(), errors.end(),
                        [&](const Diagnostic& d) { return d.pointer == pointer; });
  };
  auto vnfd = at("/workload/0/args/vnfd");
  ASSERT_NE(vnfd, errors.end());
  EXPECT_EQ(vnfd->line, 8);
  EXPECT_NE(vnfd->message.find("\"vnfd-wf\" is not in the vnfds of actor \"vnfm-1\" (did you "
                               "mean \"vnfd-fw\"?)"),
            std::string::npos)
      << vnfd->message;
  // instantiate's vnfcs: each key a VNFC of the VNFD named by vnfd (located at the key).
  auto vnfc = at("/workload/2/args/vnfcs/clt");
  ASSERT_NE(vnfc, errors.end());
  EXPECT_TRUE(vnfc->at_key);
  EXPECT_NE(vnfc->message.find("vnfcs: \"clt\" is not in the vnfds/vnfd-fw/vnfcs of actor "
                               "\"vnfm-1\" (did you mean \"ctl\"?)"),
            std::string::npos)
      << vnfc->message;
  // With an unknown VNFD, only the VNFD is reported.
  EXPECT_NE(at("/workload/3/args/vnfd"), errors.end());
  EXPECT_EQ(at("/workload/3/args/vnfcs/ctl"), errors.end());
  EXPECT_EQ(errors.size(), 4u);
  auto none = at("/workload/1/command");
  ASSERT_NE(none, errors.end());
  EXPECT_NE(none->message.find("has no command \"issue\""), std::string::npos) << none->message;
}

TEST(ScenarioValidation, HostileInputNeverCrashes) {
  EXPECT_FALSE(errors_of("").empty());
  std::string garbage;
  for (int i = 0; i < 4096; ++i) garbage += static_cast<char>((i * 7919) & 0xff);
  EXPECT_FALSE(errors_of(garbage).empty());
  EXPECT_FALSE(errors_of("{\"name\": \"\xff\xfe\"}").empty());
  EXPECT_FALSE(errors_of(std::string(200000, '[') + std::string(200000, ']')).empty());
  EXPECT_FALSE(errors_of("[]").empty());
  EXPECT_FALSE(errors_of("null").empty());
}

TEST(ScenarioValidation, UnreadableFileIsADiagnostic) {
  auto load = load_scenario_file("/nonexistent/scenario.json", registry());
  ASSERT_EQ(load.errors.size(), 1u);
  EXPECT_NE(format_diagnostic(load.errors[0]).find("/nonexistent/scenario.json"),
            std::string::npos);
}

}  // namespace
}  // namespace ifa026::sim::scenario_test
