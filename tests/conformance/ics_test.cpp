// The implementation conformance statement: loading with positioned errors, the option every
// catalogue requirement needs, and test selection (requirements outside the ICS are not
// evaluated and are reported not-applicable with the option named).
#include <gtest/gtest.h>

#include <set>

#include "conformance/ics.hpp"
#include "conformance/uncovered_reason.hpp"

namespace ifa026::conformance {
namespace {

TEST(Ics, TheShippedDefaultLoadsAndDeclaresEveryOption) {
  const std::string path = std::string(IFA026_SOURCE_DIR) + "/conformance/ics/default.json";
  auto load = load_ics_file(path);
  for (const auto& d : load.errors) ADD_FAILURE() << sim::format_diagnostic(d);
  ASSERT_TRUE(load.ics);
  EXPECT_TRUE(load.ics->supports("mano-certificates"));
  EXPECT_TRUE(load.ics->supports("hsm"));
  EXPECT_TRUE(load.ics->supports("delegation-mode"));           // issue 17
  EXPECT_TRUE(load.ics->supports("vim-resource-credentials"));  // issue 17: Vim.Vrm.010
  EXPECT_EQ(load.ics->options.size(), ics_options().size());
}

TEST(Ics, VnfCertificateManagementInOneModeIsBuiltWithDirectMode) {
  // Direct mode is built, so VNF certificate management in one mode (5.2.3.1-b/c) is too: the
  // shipped ICS declares it and those IDs are not reported as needing something not built.
  const std::string path = std::string(IFA026_SOURCE_DIR) + "/conformance/ics/default.json";
  auto load = load_ics_file(path);
  ASSERT_TRUE(load.ics);
  EXPECT_TRUE(load.ics->supports("direct-mode"));
  EXPECT_TRUE(load.ics->supports("vnf-certificates"));
  for (const char* id : {"5.2.3.1-b", "5.2.3.1-c"}) {
    const auto* r = Catalogue::builtin().find(id);
    ASSERT_NE(r, nullptr) << id;
    EXPECT_EQ(required_options(*r), std::vector<std::string>{"vnf-certificates"}) << id;
    EXPECT_TRUE(options_not_modelled(*r).empty()) << id;
  }
}

TEST(Ics, ErrorsNameFileLineAndColumn) {
  auto syntax = load_ics_text("bad.json", "{\n  \"options\": {\"hsm\": tru}\n}\n");
  ASSERT_FALSE(syntax.ics);
  ASSERT_EQ(syntax.errors.size(), 1u);
  EXPECT_EQ(syntax.errors[0].line, 2);

  auto semantic = load_ics_text(
      "bad.json",
      "{\n  \"option\": {},\n  \"options\": {\n    \"hsn\": true,\n    \"wim\": 1\n  }\n}\n");
  ASSERT_FALSE(semantic.ics);
  std::string all;
  for (const auto& d : semantic.errors) all += sim::format_diagnostic(d) + "\n";
  EXPECT_NE(all.find("bad.json:2:3: error: unknown key \"option\" (did you mean \"options\"?)"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("bad.json:4:5: error: unknown option \"hsn\" (did you mean \"hsm\"?)"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("bad.json:5:12: error: option \"wim\" must be true or false"),
            std::string::npos)
      << all;

  auto missing = load_ics_text("m.json", "{}");
  ASSERT_FALSE(missing.ics);
  EXPECT_NE(missing.errors[0].message.find("missing \"options\""), std::string::npos);
  auto unreadable = load_ics_file("/nonexistent/ics.json");
  EXPECT_FALSE(unreadable.ics);
  EXPECT_FALSE(unreadable.errors.empty());
}

TEST(Ics, EveryCatalogueRequirementMapsToKnownOptions) {
  std::set<std::string> known;
  for (const auto& o : ics_options()) known.insert(o.name);
  for (const auto& r : Catalogue::builtin().requirements()) {
    const auto options = required_options(r);
    EXPECT_FALSE(options.empty()) << r.id;
    for (const auto& o : options) EXPECT_TRUE(known.contains(o)) << r.id << ": " << o;
  }
  const auto& c = Catalogue::builtin();
  EXPECT_EQ(required_options(*c.find("C.4.2.2.7")),
            (std::vector<std::string>{"mano-certificates", "hsm"}));
  EXPECT_EQ(required_options(*c.find("Cmf.CertLcm.014")),
            (std::vector<std::string>{"mano-certificates", "key-attestation", "cism"}));
  EXPECT_EQ(required_options(*c.find("Vnfm.Sc.012")),
            (std::vector<std::string>{"mano-certificates", "delegation-mode"}));
}

TEST(Ics, OutsideRequirementsAreNotSelectedAndReportedNotApplicable) {
  auto load = load_ics_text("ics.json", R"({"options": {"mano-certificates": true}})");
  ASSERT_TRUE(load.ics);
  const auto& catalogue = Catalogue::builtin();
  sim::Scenario s;
  s.covers = {"C.4.1.2.6", "C.4.1.2.7", "Wim.Sc.001"};
  std::vector<sim::Scenario> scenarios{s};
  select_covers(*load.ics, catalogue, scenarios);
  EXPECT_EQ(scenarios[0].covers, (std::vector<std::string>{"C.4.1.2.6"}));

  ConformanceReport report;
  for (const char* id : {"C.4.1.2.6", "C.4.1.2.7"}) {
    RequirementResult r;
    r.id = id;
    r.verdict = Verdict::fail;
    report.requirements.push_back(r);
    report.evaluations.push_back({id, "check", "s", Verdict::fail, "", {}});
  }
  apply_ics(*load.ics, catalogue, report);
  EXPECT_EQ(report.requirements[0].verdict, Verdict::fail);
  EXPECT_EQ(report.requirements[1].verdict, Verdict::not_applicable);
  EXPECT_NE(report.requirements[1].reason.find("option \"hsm\" not declared"), std::string::npos)
      << report.requirements[1].reason;
  ASSERT_EQ(report.evaluations.size(), 1u);
  EXPECT_EQ(report.evaluations[0].requirement_id, "C.4.1.2.6");
  EXPECT_EQ(report.exit_code(), 1);  // the remaining fail still counts
}

}  // namespace
}  // namespace ifa026::conformance
