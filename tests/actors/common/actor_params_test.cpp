// Actor parameter checking: unknown names with a suggestion, wrong types, bad durations and
// missing required parameters each give one diagnostic with the parameter's JSON pointer; the
// readers fall back when a value is absent.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "actors/common/actor_params.hpp"

namespace ifa026::actors {
namespace {

using nlohmann::json;

const std::vector<ParamRule> kRules = {
    {"ca", ParamType::string, "the CA actor", true},
    {"concurrency", ParamType::integer, "parallel jobs"},
    {"verbose", ParamType::boolean, "log more"},
    {"ratio", ParamType::number, "a ratio"},
    {"lifetime", ParamType::duration, "credential lifetime"},
    {"allowed_domains", ParamType::string_list, "domains"},
    {"day0", ParamType::string_map, "day-0 secrets by peer"},
    {"processing", ParamType::duration_map, "processing times"},
    {"extra", ParamType::object, "anything"},
    {"items", ParamType::array, "anything"},
};

std::vector<sim::Diagnostic> check(const json& params) {
  std::vector<sim::Diagnostic> out;
  check_params("cmf", params, kRules, out);
  return out;
}

TEST(ActorParams, AValidSetGivesNoDiagnostic) {
  const auto out = check(json::parse(R"({
      "ca": "ca-1", "concurrency": 4, "verbose": true, "ratio": 0.5, "lifetime": "90d",
      "allowed_domains": ["example.net"], "day0": {"oss": "secret"},
      "processing": {"issue": "5ms", "validate": "PT0.25S"}, "extra": {"x": 1}, "items": [1]})"));
  for (const auto& d : out) ADD_FAILURE() << d.pointer << ": " << d.message;
}

TEST(ActorParams, UnknownParameterSuggestsTheClosestName) {
  const auto out = check(json{{"ca", "ca-1"}, {"concurency", 2}});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].pointer, "/concurency");
  EXPECT_TRUE(out[0].at_key);
  EXPECT_NE(out[0].message.find("unknown parameter \"concurency\" for cmf"), std::string::npos)
      << out[0].message;
  EXPECT_NE(out[0].message.find("did you mean \"concurrency\""), std::string::npos)
      << out[0].message;
  // Nothing close: no suggestion.
  const auto far = check(json{{"ca", "ca-1"}, {"zzzzzzzzzzzz", 1}});
  ASSERT_EQ(far.size(), 1u);
  EXPECT_EQ(far[0].message.find("did you mean"), std::string::npos) << far[0].message;
}

TEST(ActorParams, WrongTypes) {
  const auto out = check(json{{"ca", 7},
                              {"concurrency", -1},
                              {"verbose", "yes"},
                              {"ratio", "half"},
                              {"allowed_domains", json::array({"a", 1})},
                              {"day0", json::array()},
                              {"extra", 1},
                              {"items", json::object()}});
  std::map<std::string, std::string> by_pointer;
  for (const auto& d : out) {
    EXPECT_FALSE(d.at_key);
    by_pointer[d.pointer] = d.message;
  }
  EXPECT_EQ(out.size(), 8u);
  EXPECT_EQ(by_pointer["/ca"], "ca: expected a string");
  EXPECT_EQ(by_pointer["/concurrency"], "concurrency: expected a non-negative integer");
  EXPECT_EQ(by_pointer["/verbose"], "verbose: expected true or false");
  EXPECT_EQ(by_pointer["/ratio"], "ratio: expected a number");
  EXPECT_EQ(by_pointer["/allowed_domains"], "allowed_domains: expected an array of strings");
  EXPECT_EQ(by_pointer["/day0"], "day0: expected an object of strings");
  EXPECT_EQ(by_pointer["/extra"], "extra: expected an object");
  EXPECT_EQ(by_pointer["/items"], "items: expected an array");
  // A fractional concurrency is not an integer either.
  EXPECT_EQ(check(json{{"ca", "x"}, {"concurrency", 1.5}}).size(), 1u);
  // Entries of maps are checked one by one, with their own pointer.
  const auto entries = check(json{{"ca", "x"}, {"day0", {{"oss", 1}, {"a/b", "ok"}, {"c~d", 2}}}});
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].pointer, "/day0/c~0d");
  EXPECT_EQ(entries[1].pointer, "/day0/oss");
}

TEST(ActorParams, BadDurations) {
  const auto out = check(
      json{{"ca", "x"},
           {"lifetime", "ninety days"},
           {"processing", {{"issue", "5 parsecs"}, {"sign", "-5ms"}, {"ok", "1ms"}, {"num", 5}}}});
  std::map<std::string, std::string> by_pointer;
  for (const auto& d : out) by_pointer[d.pointer] = d.message;
  EXPECT_EQ(out.size(), 4u);
  EXPECT_NE(by_pointer["/lifetime"].find("expected a non-negative duration"), std::string::npos);
  EXPECT_NE(by_pointer["/processing/issue"].find("non-negative duration"), std::string::npos);
  EXPECT_NE(by_pointer["/processing/sign"].find("non-negative duration"), std::string::npos);
  EXPECT_NE(by_pointer["/processing/num"].find("non-negative duration"), std::string::npos);
  EXPECT_EQ(by_pointer.count("/processing/ok"), 0u);
  // Negative plain durations too.
  EXPECT_EQ(check(json{{"ca", "x"}, {"lifetime", "-1s"}}).size(), 1u);
}

TEST(ActorParams, RequiredMissingAndNotAnObject) {
  const auto out = check(json::object());
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].pointer, "");
  EXPECT_NE(out[0].message.find("cmf needs parameter \"ca\" (the CA actor)"), std::string::npos)
      << out[0].message;
  const auto not_object = check(json::array());
  ASSERT_EQ(not_object.size(), 1u);
  EXPECT_NE(not_object[0].message.find("must be an object"), std::string::npos);
}

TEST(ActorParams, ReadersFallBack) {
  const json params = json::parse(R"({"ca": "ca-1", "concurrency": 3, "verbose": true,
      "lifetime": "2h", "processing": {"issue": "5ms"}, "allowed_domains": ["a", 1, "b"]})");
  EXPECT_EQ(string_param(params, "ca"), "ca-1");
  EXPECT_EQ(string_param(params, "missing", "fb"), "fb");
  EXPECT_EQ(string_param(params, "concurrency", "fb"), "fb");
  EXPECT_TRUE(bool_param(params, "verbose", false));
  EXPECT_FALSE(bool_param(params, "missing", false));
  EXPECT_EQ(int_param(params, "concurrency", 1), 3);
  EXPECT_EQ(int_param(params, "ca", 1), 1);
  EXPECT_EQ(duration_param(params, "lifetime", sim::Duration::seconds(1)), sim::Duration::hours(2));
  EXPECT_EQ(duration_param(params, "missing", sim::Duration::seconds(1)),
            sim::Duration::seconds(1));
  EXPECT_EQ(duration_entry(params, "processing", "issue", sim::Duration::seconds(1)),
            sim::Duration::milliseconds(5));
  EXPECT_EQ(duration_entry(params, "processing", "other", sim::Duration::seconds(1)),
            sim::Duration::seconds(1));
  EXPECT_EQ(duration_entry(params, "nope", "issue", sim::Duration::seconds(1)),
            sim::Duration::seconds(1));
  EXPECT_EQ(string_list_param(params, "allowed_domains"), (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(string_list_param(params, "missing").empty());
}

}  // namespace
}  // namespace ifa026::actors
