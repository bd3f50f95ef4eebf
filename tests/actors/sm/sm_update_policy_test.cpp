// The SM's `update_policy` parameter (actors/sm/sm_update.cpp; issue 16, R1.3.220): what is read,
// and the located diagnostics of a bad policy.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "actors/sm/sm_settings.hpp"

namespace ifa026::actors::sm::sm_update_policy_test {
namespace {

using nlohmann::json;

std::vector<sim::Diagnostic> problems(const json& policy) {
  std::vector<sim::Diagnostic> out;
  check_update_policy(json{{"update_policy", policy}}, out);
  return out;
}

TEST(SmUpdatePolicy, ReadsListsAndFault) {
  SmSettings s;
  read_update_settings(json{{"update_policy", {{"allowed_images", {"fw-2.0", "fw-2.1"}}}},
                            {"sm_faults", {"miss_update"}}},
                       s);
  EXPECT_TRUE(s.update_policy);
  EXPECT_EQ(s.allowed_images, (std::vector<std::string>{"fw-2.0", "fw-2.1"}));
  EXPECT_TRUE(s.allowed_firmware.empty());  // left out: no firmware allowed
  EXPECT_TRUE(s.miss_update);
  SmSettings none;
  read_update_settings(json::object(), none);
  EXPECT_FALSE(none.update_policy);
  EXPECT_FALSE(none.miss_update);
}

TEST(SmUpdatePolicy, GoodPolicyHasNoProblems) {
  EXPECT_TRUE(problems({{"allowed_images", {"a"}}, {"allowed_firmware", json::array()}}).empty());
}

TEST(SmUpdatePolicy, BadPolicyIsLocated) {
  const auto out = problems({{"allowed_images", "fw-2.0"},
                             {"allowed_firmware", {"bios-7", 3, ""}},
                             {"allowed_vendors", json::array()}});
  std::vector<std::string> pointers;
  for (const auto& d : out) pointers.push_back(d.pointer);
  EXPECT_EQ(pointers, (std::vector<std::string>{
                          "/update_policy/allowed_firmware/1", "/update_policy/allowed_firmware/2",
                          "/update_policy/allowed_images", "/update_policy/allowed_vendors"}));
  for (const auto& d : out) {
    EXPECT_NE(d.message.find("update_policy"), std::string::npos) << d.message;
    EXPECT_EQ(d.at_key, d.pointer == "/update_policy/allowed_vendors") << d.pointer;
  }
}

}  // namespace
}  // namespace ifa026::actors::sm::sm_update_policy_test
