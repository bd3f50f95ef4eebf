// Tests of SchemaValidator against scenarios/schema.json and small schemas, and of did_you_mean.
#include "sim/schema_validator.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/json_document.hpp"

namespace ifa026::sim {
namespace {

using nlohmann::json;

const SchemaValidator& scenario_validator() {
  static const SchemaValidator validator = [] {
    JsonDocument doc =
        JsonDocument::load(std::string(IFA026_SOURCE_DIR) + "/scenarios/schema.json");
    if (!doc.ok()) throw std::runtime_error(format_diagnostic(doc.syntax_errors()[0]));
    return SchemaValidator(doc.root());
  }();
  return validator;
}

json minimal_scenario() {
  return json::parse(R"({
    "name": "s",
    "epoch": "2026-01-01T00:00:00Z",
    "seed": 7,
    "duration": "1h",
    "actors": [{"name": "a", "type": "echo"}]
  })");
}

std::vector<Diagnostic> validate(const json& instance) {
  std::vector<Diagnostic> out;
  scenario_validator().validate(instance, out);
  return out;
}

// "POINTER: MESSAGE" lines, for readable comparisons.
std::vector<std::string> summary(const std::vector<Diagnostic>& diags) {
  std::vector<std::string> out;
  for (const Diagnostic& d : diags) out.push_back(d.pointer + ": " + d.message);
  return out;
}

std::vector<std::string> summary_of(const json& instance) {
  return summary(validate(instance));
}

using Lines = std::vector<std::string>;

TEST(SchemaValidator, RealSchemaLoads) {
  EXPECT_NO_THROW(scenario_validator());
}

TEST(SchemaValidator, ValidScenariosHaveNoErrors) {
  EXPECT_EQ(summary_of(minimal_scenario()), Lines{});
  json full = json::parse(R"({
    "$schema": "./schema.json",
    "name": "full",
    "description": "everything",
    "epoch": "2026-01-01T12:00:00.5+01:00",
    "seed": 0,
    "duration": "PT1H30M",
    "scheduler": "map",
    "actors": [{"name": "a", "type": "echo", "trust_domain": "d", "params": {"x": [1, {}]}},
               {"name": "b", "type": "echo"}],
    "network": {
      "default_latency": {"model": "normal", "mean": "10ms", "stddev": "2ms"},
      "default_loss": 0,
      "links": [{"from": "a", "to": "b", "bidirectional": false, "loss": 1,
                 "latency": {"model": "fixed", "delay": "0"}}]
    },
    "faults": [{"kind": "actor-down", "actor": "a", "start": "1m", "end": "2m"},
               {"kind": "link-down", "endpoints": ["a", "b"], "start": "0s", "end": "90d"}],
    "workload": [{"at": "1s", "actor": "a", "command": "ping", "args": {"n": 1},
                  "every": "250ms", "count": 4.0}],
    "covers": ["REQ-1", "FLOW-2"]
  })");
  EXPECT_EQ(summary_of(full), Lines{});
}

TEST(SchemaValidator, UnknownKeyWithSuggestion) {
  json s = minimal_scenario();
  s["actros"] = json::array();
  std::vector<Diagnostic> diags = validate(s);
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(diags[0].pointer, "/actros");
  EXPECT_EQ(diags[0].message, "unknown key \"actros\" (did you mean \"actors\"?)");
  EXPECT_TRUE(diags[0].at_key);
  EXPECT_TRUE(diags[0].file.empty());
  EXPECT_EQ(diags[0].line, 0);
}

TEST(SchemaValidator, UnknownKeyWithoutSuggestionListsTheKeys) {
  SchemaValidator v(json::parse(R"({"type": "object", "additionalProperties": false,
                                    "properties": {"type": {}, "b": {}, "a": {}}})"));
  std::vector<Diagnostic> out;
  v.validate(json::parse(R"({"zzz": 1, "a": 2})"), out);
  EXPECT_EQ(summary(out),
            Lines{"/zzz: unknown key \"zzz\" (expected one of: \"a\", \"b\", \"type\")"});

  json s = minimal_scenario();
  s["actors"][0]["zzz"] = 1;
  std::vector<Diagnostic> diags = validate(s);
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(diags[0].pointer, "/actors/0/zzz");
  EXPECT_TRUE(diags[0].message.starts_with(
      "unknown key \"zzz\" (expected one of: \"external\", \"name\", "))
      << diags[0].message;
}

TEST(SchemaValidator, UnknownKeyIsPointerEscaped) {
  json s = minimal_scenario();
  s["a/b~c"] = 1;
  std::vector<Diagnostic> diags = validate(s);
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(diags[0].pointer, "/a~1b~0c");
}

TEST(SchemaValidator, MissingRequired) {
  json s = minimal_scenario();
  s.erase("name");
  s["actors"][0].erase("type");
  std::vector<Diagnostic> diags = validate(s);
  EXPECT_EQ(summary(diags),
            (Lines{": missing required key \"name\"", "/actors/0: missing required key \"type\""}));
  for (const Diagnostic& d : diags) EXPECT_FALSE(d.at_key);
}

TEST(SchemaValidator, WrongTypeDoesNotCascade) {
  json s = minimal_scenario();
  s["actors"] = "x";  // also fails minItems/items if checked
  s["name"] = 5;      // also fails minLength if checked
  s["seed"] = 1.5;    // non-integer number
  s["epoch"] = nullptr;
  EXPECT_EQ(
      summary_of(s),
      (Lines{"/actors: expected array, found string", "/epoch: expected string, found null",
             "/name: expected string, found integer", "/seed: expected integer, found number"}));
}

TEST(SchemaValidator, RootOfTheWrongType) {
  EXPECT_EQ(summary_of(json::array()), Lines{": expected object, found array"});
  EXPECT_EQ(summary_of(json(true)), Lines{": expected object, found boolean"});
}

TEST(SchemaValidator, IntegralFloatIsAnInteger) {
  json s = minimal_scenario();
  s["seed"] = 3.0;
  EXPECT_EQ(summary_of(s), Lines{});
  s["seed"] = 18446744073709551615u;
  EXPECT_EQ(summary_of(s), Lines{});
}

// Enum values of a small schema, so that the exact messages do not depend on scenarios/schema.json.
std::vector<std::string> enum_summary(const json& value) {
  SchemaValidator v(json::parse(R"({"properties": {
    "model": {"enum": ["fixed", "uniform", "normal", "lognormal"]},
    "mixed": {"enum": ["heap", 2, null, [1]]}}})"));
  std::vector<Diagnostic> out;
  v.validate(value, out);
  return summary(out);
}

TEST(SchemaValidator, Enum) {
  EXPECT_EQ(enum_summary(json::parse(R"({"model": "normal", "mixed": [1]})")), Lines{});
  EXPECT_EQ(enum_summary(json::parse(R"({"model": "norml", "mixed": 5})")),
            (Lines{"/mixed: 5 is not one of \"heap\", 2, null, an array",
                   "/model: \"norml\" is not one of \"fixed\", \"uniform\", \"normal\", "
                   "\"lognormal\" (did you mean \"normal\"?)"}));
  EXPECT_EQ(enum_summary(json::parse(R"({"model": "foo", "mixed": "hep"})")),
            (Lines{"/mixed: \"hep\" is not one of \"heap\", 2, null, an array "
                   "(did you mean \"heap\"?)",
                   "/model: \"foo\" is not one of \"fixed\", \"uniform\", \"normal\", "
                   "\"lognormal\""}));
}

TEST(SchemaValidator, EnumInTheScenarioSchema) {
  json s = minimal_scenario();
  s["network"] = {{"default_latency", {{"model", "norml"}}}};
  s["scheduler"] = 5;
  s["faults"] = json::parse(R"([{"kind": "foo", "start": "0s", "end": "1s"}])");
  std::vector<Diagnostic> diags = validate(s);
  ASSERT_EQ(diags.size(), 3u);
  EXPECT_EQ(diags[0].pointer, "/faults/0/kind");
  EXPECT_TRUE(diags[0].message.starts_with("\"foo\" is not one of \"")) << diags[0].message;
  EXPECT_EQ(diags[1].pointer, "/network/default_latency/model");
  EXPECT_TRUE(diags[1].message.ends_with(" (did you mean \"normal\"?)")) << diags[1].message;
  EXPECT_EQ(diags[2].pointer, "/scheduler");
  EXPECT_TRUE(diags[2].message.starts_with("5 is not one of \"")) << diags[2].message;
}

TEST(SchemaValidator, EnumDoesNotDumpContainers) {
  EXPECT_EQ(enum_summary(json::parse(R"({"model": {"a": [1, 2, 3]}, "mixed": [[1]]})")),
            (Lines{"/mixed: an array is not one of \"heap\", 2, null, an array",
                   "/model: an object is not one of \"fixed\", \"uniform\", \"normal\", "
                   "\"lognormal\""}));
}

TEST(SchemaValidator, Durations) {
  json s = minimal_scenario();
  s["duration"] = "10x";
  s["workload"] = json::parse(R"([{"at": "-5s", "actor": "a", "command": "c"},
                                  {"at": "PT1H", "actor": "a", "command": "c", "every": ""}])");
  EXPECT_EQ(summary_of(s),
            (Lines{"/duration: \"10x\" is not a duration (examples: \"250ms\", \"1h30m\", "
                   "\"90d\", \"PT1H\")",
                   "/workload/0/at: negative duration \"-5s\"",
                   "/workload/1/every: \"\" is not a duration (examples: \"250ms\", \"1h30m\", "
                   "\"90d\", \"PT1H\")"}));
}

TEST(SchemaValidator, DateTime) {
  json s = minimal_scenario();
  s["epoch"] = "2026-13-01";
  EXPECT_EQ(summary_of(s), Lines{"/epoch: \"2026-13-01\" is not a UTC date-time (example: "
                                 "\"2026-01-01T00:00:00Z\") nor \"now\""});
  s["epoch"] = "2026-02-30T00:00:00Z";
  EXPECT_EQ(validate(s).size(), 1u);
  // The epoch may be the wall clock (docs/live-ca.md); no other word is.
  s["epoch"] = "now";
  EXPECT_TRUE(validate(s).empty());
  s["epoch"] = "Now";
  EXPECT_EQ(validate(s).size(), 1u);
}

TEST(SchemaValidator, MinimumAndMaximum) {
  json s = minimal_scenario();
  s["seed"] = -1;
  s["network"] = json::parse(R"({"default_loss": 1.5, "links": [{"from": "a", "to": "b",
                                 "loss": -0.25}]})");
  s["workload"] = json::parse(R"([{"at": "0", "actor": "a", "command": "c", "count": 0}])");
  EXPECT_EQ(summary_of(s),
            (Lines{"/network/default_loss: must be <= 1, found 1.5",
                   "/network/links/0/loss: must be >= 0, found -0.25",
                   "/seed: must be >= 0, found -1", "/workload/0/count: must be >= 1, found 0"}));
}

TEST(SchemaValidator, MinAndMaxItems) {
  json s = minimal_scenario();
  s["actors"] = json::array();
  s["faults"] = json::parse(R"([
    {"kind": "link-down", "endpoints": ["a"], "start": "0s", "end": "1s"},
    {"kind": "link-down", "endpoints": ["a", "b", "c"], "start": "0s", "end": "1s"}])");
  EXPECT_EQ(summary_of(s), (Lines{"/actors: needs at least 1 item, found 0",
                                  "/faults/0/endpoints: needs at least 2 items, found 1",
                                  "/faults/1/endpoints: allows at most 2 items, found 3"}));
}

TEST(SchemaValidator, PatternAndMaxLength) {
  SchemaValidator v(json::parse(
      R"({"type": "string", "maxLength": 4, "pattern": "^[a-z]+$", "description": "lower case"})"));
  auto problems = [&v](const json& instance) {
    std::vector<Diagnostic> out;
    v.validate(instance, out);
    std::vector<std::string> messages;
    for (const auto& d : out) messages.push_back(d.message);
    return messages;
  };
  EXPECT_TRUE(problems("abcd").empty());
  EXPECT_EQ(
      problems("ab/c"),
      (std::vector<std::string>{"\"ab/c\" does not match the pattern ^[a-z]+$ (lower case)"}));
  // Too long: one message, the length (the pattern is not also reported).
  EXPECT_EQ(problems("abcde"),
            (std::vector<std::string>{"must be at most 4 characters long, found 5"}));
  // Lengths count code points: four accented letters fit.
  SchemaValidator four(json::parse(R"({"type": "string", "maxLength": 4})"));
  std::vector<Diagnostic> out;
  four.validate(json("\u00e9\u00e9\u00e9\u00e9"), out);
  EXPECT_TRUE(out.empty());
}

TEST(SchemaValidator, MinLength) {
  json s = minimal_scenario();
  s["name"] = "";
  s["covers"] = {"ok", ""};
  EXPECT_EQ(summary_of(s), (Lines{"/covers/1: must not be empty", "/name: must not be empty"}));
  SchemaValidator three(json::parse(R"({"type": "string", "minLength": 3})"));
  std::vector<Diagnostic> out;
  three.validate("\xC3\xA9\xC3\xA9\xC3\xA9", out);  // three code points, six bytes
  EXPECT_TRUE(out.empty());
  three.validate("ab", out);
  EXPECT_EQ(summary(out), Lines{": must be at least 3 characters long, found 2"});
}

TEST(SchemaValidator, EveryErrorInOnePass) {
  json s = json::parse(R"({
    "name": "",
    "epoch": "yesterday",
    "seed": "1",
    "duration": "-1h",
    "actors": [{"name": "a"}, {"type": "echo", "nme": "b"}, 3],
    "network": {"default_latency": {"model": "uniform", "min": "1x"}, "links": [{}]},
    "workload": [{"at": "1s", "actor": "", "command": "c", "count": 1.5}],
    "actorz": true
  })");
  EXPECT_EQ(
      summary_of(s),
      (Lines{"/actors/0: missing required key \"type\"", "/actors/1: missing required key \"name\"",
             "/actors/1/nme: unknown key \"nme\" (did you mean \"name\"?)",
             "/actors/2: expected object, found integer",
             "/actorz: unknown key \"actorz\" (did you mean \"actors\"?)",
             "/duration: negative duration \"-1h\"",
             "/epoch: \"yesterday\" is not a UTC date-time (example: "
             "\"2026-01-01T00:00:00Z\") nor \"now\"",
             "/name: must not be empty",
             "/network/default_latency/min: \"1x\" is not a duration (examples: "
             "\"250ms\", \"1h30m\", \"90d\", \"PT1H\")",
             "/network/links/0: missing required key \"from\"",
             "/network/links/0: missing required key \"to\"",
             "/seed: expected integer, found string", "/workload/0/actor: must not be empty",
             "/workload/0/count: expected integer, found number"}));
}

TEST(SchemaValidator, LongStringsAreCapped) {
  json s = minimal_scenario();
  s["duration"] = std::string(100'000, 'x');
  std::vector<Diagnostic> diags = validate(s);
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_NE(diags[0].message.find("\"" + std::string(80, 'x') + "...\""), std::string::npos);
  EXPECT_LT(diags[0].message.size(), 200u);
}

TEST(SchemaValidator, MessagesEscapeControlCharacters) {
  EXPECT_EQ(enum_summary(json{{"mixed", "a\"b\n\x1b"}}),
            Lines{"/mixed: \"a\\\"b\\u000a\\u001b\" is not one of \"heap\", 2, null, an array"});
}

TEST(SchemaValidator, DeepInstancesAreNotDescended) {
  constexpr int kDepth = 200'000;
  std::string deep = std::string(kDepth, '[') + std::string(kDepth, ']');
  JsonDocument doc = JsonDocument::parse(
      "deep.json", R"({"name": "s", "epoch": "2026-01-01T00:00:00Z", "seed": 1, "duration": "1s",
                      "actors": [{"name": "a", "type": "t", "params": {"p": )" +
                       deep + R"(}}], "description": )" + deep + "}");
  ASSERT_TRUE(doc.ok());
  std::vector<Diagnostic> diags;
  scenario_validator().validate(doc.root(), diags);
  EXPECT_EQ(summary(diags), Lines{"/description: expected string, found array"});
  doc.locate(diags);
  EXPECT_EQ(diags[0].line, 2);

  std::vector<Diagnostic> root_diags;
  JsonDocument bare = JsonDocument::parse("deep.json", deep);
  scenario_validator().validate(bare.root(), root_diags);
  EXPECT_EQ(summary(root_diags), Lines{": expected object, found array"});
}

TEST(SchemaValidator, EndToEndWithLocations) {
  std::string text =
      "{\n"
      "  \"name\": \"s\",\n"
      "  \"epoch\": \"2026-01-01T00:00:00Z\",\n"
      "  \"seed\": -3,\n"
      "  \"duration\": \"1h\",\n"
      "  \"actors\": [{\"name\": \"a\", \"typ\": \"echo\"}]\n"
      "}\n";
  JsonDocument doc = JsonDocument::parse("scn.json", text);
  ASSERT_TRUE(doc.ok());
  std::vector<Diagnostic> diags;
  scenario_validator().validate(doc.root(), diags);
  doc.locate(diags);
  std::vector<std::string> formatted;
  for (const Diagnostic& d : diags) formatted.push_back(format_diagnostic(d));
  EXPECT_EQ(formatted, (Lines{"scn.json:6:14: error: missing required key \"type\" (at /actors/0)",
                              "scn.json:6:28: error: unknown key \"typ\" (did you mean \"type\"?) "
                              "(at /actors/0/typ)",
                              "scn.json:4:11: error: must be >= 0, found -3 (at /seed)"}));
}

TEST(SchemaValidator, SmallSchemaFeatures) {
  SchemaValidator v(json::parse(R"({
    "$defs": {"n": {"type": ["integer", "null"]}},
    "type": "object",
    "properties": {"a": {"const": "x"}, "b": {"items": {"$ref": "#/$defs/n"}}, "c": false},
    "additionalProperties": {"type": "string"}
  })"));
  std::vector<Diagnostic> out;
  v.validate(json::parse(R"({"a": "y", "b": [1, null, "z", 2.5], "c": 1, "d": "ok", "e": 1})"),
             out);
  EXPECT_EQ(summary(out),
            (Lines{"/a: must be \"x\", found \"y\"", "/b/2: expected integer or null, found string",
                   "/b/3: expected integer or null, found number", "/c: no value is allowed here",
                   "/e: expected string, found integer"}));
}

TEST(SchemaValidator, EmptyAdditionalPropertiesFalse) {
  SchemaValidator v(json::parse(R"({"type": "object", "additionalProperties": false})"));
  std::vector<Diagnostic> out;
  v.validate(json::parse(R"({"k": 1})"), out);
  EXPECT_EQ(summary(out), Lines{"/k: unknown key \"k\" (no keys are allowed here)"});
}

TEST(SchemaValidatorConstructor, RejectsUnsupportedKeywords) {
  for (const char* schema : {
           R"({"type": "object", "if": {}})",
           R"({"properties": {"a": {"multipleOf": 2}}})",
           R"({"properties": {"a": {"pattern": "(unclosed"}}})",
           R"({"properties": {"a": {"pattern": 3}}})",
           R"({"maxLength": -1})",
           R"({"items": [{"type": "string"}]})",
           R"({"format": "email"})",
           R"({"type": "text"})",
           R"({"type": []})",
           R"({"minLength": -1})",
           R"({"required": [1]})",
           R"({"properties": {"a": {"$schema": "x"}}})",
           R"({"$defs": {"a": {"$defs": {}}}})",
           R"({"additionalProperties": 3})",
           R"([])",
       }) {
    EXPECT_THROW(SchemaValidator(json::parse(schema)), std::invalid_argument) << schema;
  }
}

TEST(SchemaValidatorConstructor, RejectsBadRefs) {
  for (const char* schema : {
           R"({"$ref": "#/$defs/missing"})",
           R"({"$defs": {"a": {}}, "properties": {"x": {"$ref": "#/$defs/b"}}})",
           R"({"$defs": {"a": {}}, "$ref": "other.json#/$defs/a"})",
           R"({"$defs": {"a": {}}, "$ref": "#/$defs/a/properties"})",
           R"({"$defs": {"a": {"items": {"$ref": "#/$defs/a"}}}})",
           R"({"$defs": {"a": {"$ref": "#/$defs/b"},
                         "b": {"properties": {"x": {"$ref": "#/$defs/a"}}}}})",
       }) {
    EXPECT_THROW(SchemaValidator(json::parse(schema)), std::invalid_argument) << schema;
  }
  try {
    SchemaValidator(json::parse(R"({"$ref": "#/$defs/missing"})"));
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("#/$defs/missing"), std::string::npos) << e.what();
  }
}

TEST(SchemaValidatorConstructor, AcceptsTheSubset) {
  EXPECT_NO_THROW(SchemaValidator(json::parse(R"({
    "$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "x", "title": "t",
    "description": "d", "default": {}, "examples": [{}],
    "$defs": {"a~b/c": {"type": "number", "minimum": 0, "maximum": 1}},
    "type": "object", "required": ["description"],
    "properties": {"description": {"$ref": "#/$defs/a~0b~1c"}, "title": true,
                   "l": {"type": "array", "minItems": 0, "maxItems": 3, "items": {"enum": [1]}}},
    "additionalProperties": true
  })")));
  EXPECT_NO_THROW(SchemaValidator(json(true)));
}

TEST(DidYouMean, Suggestions) {
  std::vector<std::string> keys = {"name", "epoch", "seed", "duration", "actors", "network"};
  EXPECT_EQ(did_you_mean("actros", keys), "actors");
  EXPECT_EQ(did_you_mean("ACTORS", keys), "actors");
  EXPECT_EQ(did_you_mean("netwrk", keys), "network");
  EXPECT_EQ(did_you_mean("sed", keys), "seed");
  EXPECT_EQ(did_you_mean("zzz", keys), "");
  EXPECT_EQ(did_you_mean("durationnn", keys), "duration");
  EXPECT_EQ(did_you_mean("xxxxtion", keys), "");  // 4 edits > 8 / 3
  EXPECT_EQ(did_you_mean("", keys), "");
  EXPECT_EQ(did_you_mean("tpye", {"type"}), "type");  // a transposition is one edit
  EXPECT_EQ(did_you_mean("sede", {"name", "seed"}), "seed");
  EXPECT_EQ(did_you_mean("x", {}), "");
}

TEST(DidYouMean, TiesGoToTheFirstCandidate) {
  EXPECT_EQ(did_you_mean("cat", {"bat", "cut", "car"}), "bat");
  EXPECT_EQ(did_you_mean("cat", {"cut", "bat"}), "cut");
}

TEST(DidYouMean, ThresholdIsAThirdOfTheLength) {
  EXPECT_EQ(did_you_mean("ab", {"xy"}), "");
  EXPECT_EQ(did_you_mean("ab", {"xb"}), "xb");
  EXPECT_EQ(did_you_mean("abcdef", {"abcxyf"}), "abcxyf");
  EXPECT_EQ(did_you_mean("abcdef", {"axcxyf"}), "");
  EXPECT_EQ(did_you_mean(std::string(100'000, 'a'), {"a", "b"}), "");
}

}  // namespace
}  // namespace ifa026::sim
