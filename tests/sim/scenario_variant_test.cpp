// Scenario variants (sim/scenario_variant.hpp) through the scenario loader: a variant expands to
// exactly the scenario written out by hand (the same JSON, the same run), RFC 7386 is followed
// outside the actors-by-name rule, and every problem is located in the file that holds it: a
// missing base, a cycle, a chain too long, a bad variant form, a bad patch value in the variant,
// a value from the base in the base.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "actors/builtin_actors.hpp"
#include "sim/scenario.hpp"
#include "sim/scenario_variant.hpp"
#include "sim/simulation.hpp"
#include "tests/support/test_support.hpp"

namespace ifa026::sim::scenario_variant_test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const ActorRegistry& registry() {
  static const ActorRegistry r = actors::builtin_registry();
  return r;
}

// One key per line where a test needs a position.
constexpr const char* kBase = R"({
  "name": "base",
  "epoch": "2026-01-01T00:00:00Z",
  "seed": 1,
  "duration": "10s",
  "actors": [
    {"name": "a", "type": "echo"},
    {"name": "b", "type": "echo", "params": {"reply": false}},
    {"name": "c", "type": "echo"}
  ],
  "network": {"default_latency": {"model": "fixed", "delay": "5ms"}},
  "workload": [
    {"at": "1s", "actor": "a", "command": "ping", "args": {"to": "b"}, "every": "1s", "count": 5}
  ],
  "covers": [],
  "expect": {"k": {"x": 1, "y": 2}}
}
)";

constexpr const char* kVariant = R"({
  "base": "base.json",
  "patch": {
    "name": "variant",
    "seed": 7,
    "actors": {
      "z": {"type": "echo", "trust_domain": "td-z"},
      "b": {"params": {"reply": null}, "trust_domain": "td-b"},
      "c": null
    },
    "network": {"default_latency": {"delay": "9ms"}},
    "workload": [
      {"at": "2s", "actor": "z", "command": "ping", "args": {"to": "b"}, "every": "1s", "count": 5}
    ],
    "expect": {"k": {"x": null, "z": 3}}
  }
}
)";

// kVariant applied to kBase by hand: "b" keeps an empty params object, "c" is gone, "z" comes
// after the base's actors, the latency model stays, the workload is replaced whole.
constexpr const char* kExpandedByHand = R"({
  "name": "variant",
  "epoch": "2026-01-01T00:00:00Z",
  "seed": 7,
  "duration": "10s",
  "actors": [
    {"name": "a", "type": "echo"},
    {"name": "b", "type": "echo", "params": {}, "trust_domain": "td-b"},
    {"name": "z", "type": "echo", "trust_domain": "td-z"}
  ],
  "network": {"default_latency": {"model": "fixed", "delay": "9ms"}},
  "workload": [
    {"at": "2s", "actor": "z", "command": "ping", "args": {"to": "b"}, "every": "1s", "count": 5}
  ],
  "covers": [],
  "expect": {"k": {"y": 2, "z": 3}}
}
)";

class ScenarioVariant : public ::testing::Test {
 protected:
  fs::path write(const std::string& name, const std::string& text) {
    const fs::path path = dir_ / name;
    fs::create_directories(path.parent_path());
    test::write_file(path, text);
    return path;
  }
  std::vector<Diagnostic> errors_of(const fs::path& path) {
    auto load = load_scenario_file(path.string(), registry());
    for (const auto& d : load.errors) std::cerr << "  " << format_diagnostic(d) << "\n";
    return load.errors;
  }
  // The only error of loading `path`: in `file` at line and column, with `pointer`, saying `words`.
  void expect_only_error(const fs::path& path, const fs::path& file, int line, int column,
                         const std::string& pointer, const std::string& words) {
    auto errors = errors_of(path);
    ASSERT_EQ(errors.size(), 1u);
    const Diagnostic& d = errors[0];
    EXPECT_EQ(d.file, file.string()) << format_diagnostic(d);
    EXPECT_EQ(d.line, line) << format_diagnostic(d);
    EXPECT_EQ(d.column, column) << format_diagnostic(d);
    EXPECT_EQ(d.pointer, pointer) << format_diagnostic(d);
    EXPECT_NE(d.message.find(words), std::string::npos) << format_diagnostic(d);
  }

  test::TempDir dir_{"ifa026-variant"};
};

std::string run_fingerprint(const Scenario& scenario) {
  Simulation simulation(scenario, registry());
  simulation.run();
  return simulation.trace().fingerprint_hex();
}

TEST_F(ScenarioVariant, ExpandsToItsHandExpandedEquivalent) {
  write("base.json", kBase);
  const fs::path variant = write("variant.json", kVariant);
  const fs::path by_hand = write("by-hand.json", kExpandedByHand);

  auto expanded = expand_scenario_file(variant.string());
  ASSERT_TRUE(expanded.errors.empty());
  EXPECT_EQ(expanded.root, json::parse(kExpandedByHand)) << expanded.root.dump(2);

  auto from_variant = load_scenario_file(variant.string(), registry());
  auto from_hand = load_scenario_file(by_hand.string(), registry());
  for (const auto& d : from_variant.errors) ADD_FAILURE() << format_diagnostic(d);
  ASSERT_TRUE(from_variant.scenario && from_hand.scenario);
  const Scenario& v = *from_variant.scenario;
  const Scenario& h = *from_hand.scenario;
  EXPECT_EQ(v.file, variant.string());
  ASSERT_EQ(v.actors.size(), 3u);
  for (std::size_t i = 0; i < v.actors.size(); ++i) {
    EXPECT_EQ(v.actors[i].name, h.actors[i].name);
    EXPECT_EQ(v.actors[i].trust_domain, h.actors[i].trust_domain);
    EXPECT_EQ(v.actors[i].params, h.actors[i].params);
  }
  EXPECT_EQ(v.seed, 7u);
  // The same run: every trace record, in order, folded into the fingerprint.
  EXPECT_EQ(run_fingerprint(v), run_fingerprint(h));
  // The base is a scenario of its own and runs differently.
  auto base = load_scenario_file((dir_ / "base.json").string(), registry());
  ASSERT_TRUE(base.scenario);
  EXPECT_NE(run_fingerprint(*base.scenario), run_fingerprint(v));
}

// Outside the actors-by-name rule, the patch is an RFC 7386 merge patch: the expansion equals
// nlohmann's merge_patch of the base.
TEST_F(ScenarioVariant, FollowsRfc7386OutsideTheActorsByName) {
  write("base.json", kBase);
  const json patch = json::parse(R"({
    "name": "plain",
    "actors": [{"name": "only", "type": "echo"}],
    "network": {"default_latency": {"model": "uniform", "delay": null, "min": "1ms", "max": "2ms"},
                "default_loss": 0.5},
    "workload": null,
    "expect": {"k": null, "new": {"deep": {"gone": null, "kept": [1, null]}}}
  })");
  const fs::path variant =
      write("plain.json", json{{"base", "base.json"}, {"patch", patch}}.dump(2));
  json expected = json::parse(kBase);
  expected.merge_patch(patch);
  auto expanded = expand_scenario_file(variant.string());
  ASSERT_TRUE(expanded.errors.empty());
  EXPECT_EQ(expanded.root, expected) << expanded.root.dump(2);
  auto load = load_scenario_file(variant.string(), registry());
  for (const auto& d : load.errors) ADD_FAILURE() << format_diagnostic(d);
  ASSERT_TRUE(load.scenario);
  EXPECT_EQ(load.scenario->actors.size(), 1u);
  EXPECT_TRUE(load.scenario->workload.empty());
}

TEST_F(ScenarioVariant, BasesChainRelativeToEachFileAndTheHashCoversTheChain) {
  write("base.json", kBase);
  write("one/variant.json", R"({"base": "../base.json", "patch": {"name": "one", "seed": 3}})");
  const fs::path two =
      write("two/deeper/variant.json",
            R"({"base": "../../one/variant.json", "patch": {"name": "two", "duration": "2s"}})");
  auto load = load_scenario_file(two.string(), registry());
  for (const auto& d : load.errors) ADD_FAILURE() << format_diagnostic(d);
  ASSERT_TRUE(load.scenario);
  EXPECT_EQ(load.scenario->name, "two");
  EXPECT_EQ(load.scenario->seed, 3u);
  EXPECT_EQ(load.scenario->duration, Duration::seconds(2));
  const auto first_hash = load.scenario->file_hash;
  // Changing a base changes the variant's hash (the manifest's scenario hash).
  write("base.json", std::string(kBase) + "\n");
  auto again = load_scenario_file(two.string(), registry());
  ASSERT_TRUE(again.scenario);
  EXPECT_NE(again.scenario->file_hash, first_hash);
}

TEST_F(ScenarioVariant, MissingBaseIsLocatedAtTheBaseMember) {
  const fs::path variant = write("variant.json", R"({
  "patch": {"name": "x"},
  "base": "no-such-base.json"
})");
  expect_only_error(variant, variant, 3, 11, "/base", "cannot read the base file");
  auto errors = errors_of(variant);
  ASSERT_FALSE(errors.empty());
  EXPECT_NE(errors[0].message.find((dir_ / "no-such-base.json").string()), std::string::npos);
}

TEST_F(ScenarioVariant, CycleIsLocatedInTheFileThatClosesIt) {
  const fs::path a = write("a.json", R"({"base": "b.json", "patch": {"name": "a"}})");
  const fs::path b = write("b.json", R"({
  "patch": {"name": "b"},
  "base": "a.json"
})");
  expect_only_error(a, b, 3, 11, "/base", "base cycle: " + a.string() + " -> " + b.string());
  auto errors = errors_of(a);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].message.find("reached as a base of " + a.string()), std::string::npos);
  // A file that names itself.
  const fs::path self = write("self.json", R"({"base": "./self.json", "patch": {}})");
  expect_only_error(self, self, 1, 10, "/base", "base cycle");
}

TEST_F(ScenarioVariant, ChainLongerThanTheBoundIsAnError) {
  write("v0.json", kBase);
  for (std::size_t i = 1; i <= kMaxScenarioChain; ++i)
    write("v" + std::to_string(i) + ".json",
          "{\"base\": \"v" + std::to_string(i - 1) +
              ".json\", \"patch\": {\"seed\": " + std::to_string(i) + "}}");
  // kMaxScenarioChain files load; one more does not.
  auto longest = load_scenario_file(
      (dir_ / ("v" + std::to_string(kMaxScenarioChain - 1) + ".json")).string(), registry());
  EXPECT_TRUE(longest.scenario);
  const fs::path top = dir_ / ("v" + std::to_string(kMaxScenarioChain) + ".json");
  auto errors = errors_of(top);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].pointer, "/base");
  EXPECT_NE(errors[0].message.find("too many bases"), std::string::npos);
}

TEST_F(ScenarioVariant, BadPatchValueIsLocatedInTheVariant) {
  write("base.json", kBase);
  const fs::path variant = write("variant.json", R"({
  "base": "base.json",
  "patch": {
    "name": "variant",
    "seed": "seven"
  }
})");
  expect_only_error(variant, variant, 5, 13, "/patch/seed", "expected integer");
  // A parameter inside an actor named in the patch: the actor's type checks it, the error is in
  // the variant's patch.
  const fs::path param = write("param.json", R"({
  "base": "base.json",
  "patch": {
    "name": "param",
    "actors": {
      "b": {"params": {"reply": "yes"}}
    }
  }
})");
  expect_only_error(param, param, 6, 33, "/patch/actors/b/params/reply", "true or false");
  // An unknown key the patch adds is located at the key.
  const fs::path key = write("key.json", R"({
  "base": "base.json",
  "patch": {"name": "key",
    "durration": "1s"}
})");
  expect_only_error(key, key, 4, 5, "/patch/durration", "did you mean \"duration\"");
}

TEST_F(ScenarioVariant, ValueFromTheBaseIsLocatedInTheBase) {
  const fs::path base = write("base.json", kBase);
  // Removing actor "a" leaves the base's workload command addressed to it.
  const fs::path variant = write(
      "variant.json", R"({"base": "base.json", "patch": {"name": "v", "actors": {"a": null}}})");
  expect_only_error(variant, base, 13, 27, "/workload/0/actor", "unknown actor \"a\"");
  auto errors = errors_of(variant);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].message.find("reached as a base of " + variant.string()), std::string::npos);
}

TEST_F(ScenarioVariant, ActorsByNameErrorsAreLocatedInThePatch) {
  write("base.json", kBase);
  const fs::path not_object = write("not-object.json", R"({
  "base": "base.json",
  "patch": {"name": "v", "actors": {
    "b": 5
  }}
})");
  expect_only_error(not_object, not_object, 4, 10, "/patch/actors/b",
                    "must be an object (merged onto the base's actor \"b\"");
  const fs::path unknown = write("unknown.json", R"({
  "base": "base.json",
  "patch": {"name": "v", "actors": {
    "bb": null
  }}
})");
  expect_only_error(unknown, unknown, 4, 11, "/patch/actors/bb",
                    "no actor \"bb\" to remove (did you mean \"b\"?)");
}

TEST_F(ScenarioVariant, VariantFormIsChecked) {
  write("base.json", kBase);
  const fs::path array_patch = write("array.json", R"({
  "base": "base.json",
  "patch": [1, 2]
})");
  expect_only_error(array_patch, array_patch, 3, 12, "/patch", "expected object");
  const fs::path typo = write("typo.json", R"({
  "base": "base.json",
  "patches": {}
})");
  auto errors = errors_of(typo);
  ASSERT_EQ(errors.size(), 2u);  // the unknown key and the missing "patch"
  EXPECT_TRUE(std::any_of(errors.begin(), errors.end(), [](const Diagnostic& d) {
    return d.pointer == "/patches" && d.line == 3 &&
           d.message.find("did you mean \"patch\"") != std::string::npos;
  }));
  const fs::path empty_base = write("empty-base.json", R"({"base": "", "patch": {}})");
  expect_only_error(empty_base, empty_base, 1, 10, "/base", "");
}

TEST_F(ScenarioVariant, SyntaxErrorInABaseIsLocatedInTheBase) {
  const fs::path base = write("base.json", "{\n  \"name\": \"b\",\n  oops\n}\n");
  const fs::path variant = write("variant.json", R"({"base": "base.json", "patch": {}})");
  auto errors = errors_of(variant);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].file, base.string());
  EXPECT_EQ(errors[0].line, 3);
  EXPECT_NE(errors[0].message.find("reached as a base of"), std::string::npos);
  // A base that is not an object.
  write("list.json", "[1]");
  const fs::path on_list = write("on-list.json", R"({"base": "list.json", "patch": {}})");
  expect_only_error(on_list, dir_ / "list.json", 1, 1, "", "a base scenario must be a JSON object");
}

// Deep patches neither recurse nor explode: past kMaxPatchDepth levels where the patch meets the
// base's objects it is a located error; a deep value the base lacks is simply taken.
TEST_F(ScenarioVariant, DeepPatchesAreBoundedNotCrashing) {
  std::string deep_base = std::string(kBase);
  std::string nest;
  for (std::size_t i = 0; i < kMaxPatchDepth + 10; ++i) nest += "{\"d\": ";
  nest += "1";
  nest += std::string(kMaxPatchDepth + 10, '}');
  deep_base.replace(deep_base.find("\"expect\": {"), 11, "\"expect\": {\"deep\": " + nest + ", ");
  write("deep-base.json", deep_base);
  const fs::path meets = write("meets.json",
                               "{\"base\": \"deep-base.json\", \"patch\": "
                               "{\"expect\": {\"deep\": " +
                                   nest + "}}}");
  auto errors = errors_of(meets);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].message.find("deeper than"), std::string::npos);
  EXPECT_EQ(errors[0].file, meets.string());

  write("base.json", kBase);
  std::string huge;
  for (int i = 0; i < 100000; ++i) huge += "{\"d\": ";
  huge += "null" + std::string(100000, '}');
  const fs::path taken = write(
      "taken.json", "{\"base\": \"base.json\", \"patch\": {\"expect\": {\"x\": " + huge + "}}}");
  auto expanded = expand_scenario_file(taken.string());
  EXPECT_TRUE(expanded.errors.empty());
  // RFC 7386 drops the innermost null member and keeps the objects around it (walked without
  // recursion: comparing or copying this value would recurse 100,000 levels).
  const json* level = &expanded.root["expect"]["x"];
  int depth = 0;
  while (level->is_object() && level->contains("d")) {
    level = &(*level)["d"];
    ++depth;
  }
  EXPECT_EQ(depth, 99999);
  EXPECT_TRUE(level->is_object() && level->empty());
}

}  // namespace
}  // namespace ifa026::sim::scenario_variant_test
