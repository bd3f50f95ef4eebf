// The parameter reference: `ifa026 list params` shows the tables the actors check with, the
// committed docs/parameters.md is exactly what `list params --markdown` prints, and each declared
// table is the one its actor type's check uses (every declared name is known to the check, an
// undeclared one is not, required ones are demanded).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "actors/builtin_actors.hpp"
#include "tests/cli/cli_program.hpp"
#include "tests/support/test_support.hpp"

namespace {

namespace fs = std::filesystem;

using ifa026::test::ifa026;

TEST(Cli, ParameterReferenceIsCurrent) {
  auto r = ifa026("list params --markdown", false);
  ASSERT_EQ(r.code, 0);
  const std::string committed =
      ifa026::test::read_file(fs::path(IFA026_SOURCE_DIR) / "docs" / "parameters.md");
  EXPECT_EQ(committed, r.out)
      << "docs/parameters.md is stale: run build/bin/ifa026 list params --markdown > "
         "docs/parameters.md";
  // Linked from the README and the scenario format.
  for (const char* doc : {"README.md", "docs/scenario-format.md"})
    EXPECT_NE(ifa026::test::read_file(fs::path(IFA026_SOURCE_DIR) / doc).find("parameters.md"),
              std::string::npos)
        << doc;
}

TEST(Cli, ListParamsShowsParametersAndCommandsOfOneType) {
  auto cmf = ifa026("list params cmf");
  ASSERT_EQ(cmf.code, 0) << cmf.out;
  for (const char* name : {"ra_reference", "ra_secret", "trusted_consumers", "direct_mode",
                           "revoke_vnfci_certificate", "query_vnf"})
    EXPECT_NE(cmf.out.find(name), std::string::npos) << name << "\n" << cmf.out;
  auto oss = ifa026("list params oss");
  ASSERT_EQ(oss.code, 0) << oss.out;
  for (const char* name : {"entities", "register_all", "configure_unregistered", "revoke"})
    EXPECT_NE(oss.out.find(name), std::string::npos) << name << "\n" << oss.out;
  EXPECT_EQ(oss.out.find("cmf:"), std::string::npos) << "only the OSS asked for";
  auto typo = ifa026("list params cfm");
  EXPECT_EQ(typo.code, 2);
  EXPECT_NE(typo.out.find("unknown actor type 'cfm' (did you mean 'cmf'?)"), std::string::npos)
      << typo.out;
}

TEST(Cli, ListParamsJsonCoversEveryActorType) {
  auto r = ifa026("list params --json", false);
  ASSERT_EQ(r.code, 0);
  const auto all = nlohmann::json::parse(r.out);
  const auto registry = ifa026::actors::builtin_registry();
  ASSERT_EQ(all.size(), registry.type_names().size());
  std::size_t params = 0;
  for (const auto& type : all) {
    EXPECT_FALSE(type["params"].empty()) << type["type"];
    params += type["params"].size();
    for (const auto& p : type["params"]) {
      EXPECT_FALSE(p["description"].get<std::string>().empty()) << type["type"] << " " << p;
    }
  }
  EXPECT_GE(params, 76u);
  // The VNFM: its lifecycle commands and instantiate's vnfd tied to its vnfds.
  const auto vnfm =
      std::find_if(all.begin(), all.end(), [](const auto& t) { return t["type"] == "vnfm"; });
  ASSERT_NE(vnfm, all.end());
  bool vnfd_checked = false;
  for (const auto& c : (*vnfm)["commands"])
    if (c["name"] == "instantiate")
      for (const auto& a : c["args"])
        if (a["name"] == "vnfd") vnfd_checked = a.value("member_of", "") == "vnfds";
  EXPECT_TRUE(vnfd_checked);
}

TEST(ParameterTables, AreTheTablesTheActorsCheckWith) {
  const auto registry = ifa026::actors::builtin_registry();
  for (const auto& name : registry.type_names()) {
    const auto* type = registry.find(name);
    ASSERT_TRUE(type->check_params) << name;
    ASSERT_FALSE(type->params.empty()) << name;
    ASSERT_TRUE(type->commands.has_value()) << name << ": commands not declared";
    // An undeclared name is refused as unknown.
    std::vector<ifa026::sim::Diagnostic> out;
    type->check_params({{"zz_not_declared", 1}}, out);
    EXPECT_TRUE(std::any_of(out.begin(), out.end(), [](const auto& d) {
      return d.pointer == "/zz_not_declared" && d.message.find("unknown parameter") == 0;
    })) << name;
    // Every declared name is known to the check: a value of the wrong type is reported as such.
    for (const auto& rule : type->params) {
      const bool numeric = rule.type == ifa026::sim::ParamType::integer ||
                           rule.type == ifa026::sim::ParamType::number;
      const nlohmann::json value = numeric ? nlohmann::json("x") : nlohmann::json(12345);
      std::vector<ifa026::sim::Diagnostic> problems;
      type->check_params({{rule.name, value}}, problems);
      const auto at = std::find_if(problems.begin(), problems.end(),
                                   [&](const auto& d) { return d.pointer == "/" + rule.name; });
      ASSERT_NE(at, problems.end()) << name << "." << rule.name << " accepted a wrong type";
      EXPECT_EQ(at->message.find("unknown parameter"), std::string::npos)
          << name << "." << rule.name << " is declared but unknown to the check";
    }
    // Required ones are demanded when absent.
    std::vector<ifa026::sim::Diagnostic> missing;
    type->check_params(nlohmann::json::object(), missing);
    for (const auto& rule : type->params) {
      if (!rule.required) continue;
      EXPECT_TRUE(std::any_of(missing.begin(), missing.end(),
                              [&](const auto& d) {
                                return d.message.find("needs parameter \"" + rule.name + "\"") !=
                                       std::string::npos;
                              }))
          << name << "." << rule.name;
    }
  }
}

}  // namespace
