// The design-time trust-model checks (G1-G12) on a scenario whose trust_model is set directly
// (as a loader would not: some faulty models below, an oversees cycle or an SM declared twice,
// are refused by check_trust_model): each passes on a correct model naming its vertices and
// edges, fails on its negative case, and is none without a trust_model.
#include <gtest/gtest.h>

#include "conformance/trust_model_checks.hpp"
#include "tests/conformance/sm_trace_fixture.hpp"

namespace ifa026::conformance {
namespace {

using nlohmann::json;
using testing::SmTraceBuilder;
using testing::World;

// Two SMs alone in their security-management domains (sm-1 oversees sm-2 and may ask it for
// threat intelligence over r-sec), MANO in td-mano, vnf-a / vnf-b / vnf-li placed by the
// workload in td-a / td-b (trusting each other) and the sensitive td-li (sm-2 its manager),
// td-c with no trust; sm-1 has an Sm-Sf channel to vnf-a (over r-1a).
const char* kGood = R"({
  "domains": [
    {"id": "td-mano", "purpose": "mano", "members": ["nfvo-1", "vnfm-1", "vim-1"]},
    {"id": "td-a", "purpose": "tenant"}, {"id": "td-b", "purpose": "tenant"},
    {"id": "td-c", "purpose": "tenant"},
    {"id": "td-li", "purpose": "tenant", "sensitive": true},
    {"id": "td-sec-1", "purpose": "security_management", "members": ["sm-1"]},
    {"id": "td-sec-2", "purpose": "security_management", "members": ["sm-2"]}],
  "trust": [
    {"from": "td-a", "to": "td-b", "relationship": "r-ab", "services": ["cross_domain_sa"],
     "bidirectional": true},
    {"from": "td-sec-1", "to": "td-sec-2", "relationship": "r-sec", "services": ["threat_intel"]},
    {"from": "td-sec-1", "to": "td-a", "relationship": "r-1a", "services": ["Sm-Sf"]}],
  "sms": [
    {"name": "sm-1", "member_of": "td-sec-1", "manages": {"td-a": "semi_active"},
     "oversees": ["sm-2"], "peers": [{"sm": "sm-2", "services": ["threat_intel"]}]},
    {"name": "sm-2", "member_of": "td-sec-2",
     "manages": {"td-b": "fully_active", "td-li": "fully_active"}}],
  "channels": [{"from": "sm-1", "to": "vnf-a", "reference_point": "Sm-Sf"}],
  "sensitive_managers": {"td-li": ["sm-2"]}
})";

class TrustModelChecks : public ::testing::Test {
 protected:
  TrustModelChecks()
      : world({{"oss-1", "oss"},
               {"nfvo-1", "nfvo"},
               {"vnfm-1", "vnfm"},
               {"vim-1", "vim"},
               {"sm-1", "sm"},
               {"sm-2", "sm"}}) {
    for (const char* sm : {"sm-1", "sm-2"})
      world.set_params(sm, {{"nfvo", "nfvo-1"}, {"vnfm", "vnfm-1"}, {"vim", "vim-1"}});
    sim::CommandSpec c;
    c.actor = "oss-1";
    c.command = "instantiate_ns";
    c.args = json::parse(R"({"ns": "ns-1", "vnfs": [
      {"vnf": "vnf-a", "trust_domain": "td-a"}, {"vnf": "vnf-b", "trust_domain": "td-b"},
      {"vnf": "vnf-li", "trust_domain": "td-li"}]})");
    world.scenario().workload.push_back(c);
    model = json::parse(kGood);
    apply();
  }
  void apply() { world.scenario().trust_model = model; }
  CheckResult run(CheckFunction check, const SmTraceBuilder& t = SmTraceBuilder()) {
    apply();
    return world.run(check, t.records);
  }
  // A faulty model fails `check` with a reason naming `expected`.
  void expect_fail(CheckFunction check, const std::string& expected,
                   const SmTraceBuilder& t = SmTraceBuilder()) {
    auto r = run(check, t);
    EXPECT_EQ(r.verdict, Verdict::fail) << r.reason;
    EXPECT_NE(r.reason.find(expected), std::string::npos) << r.reason;
  }
  json& sm(const std::string& name) {
    for (auto& s : model["sms"])
      if (s["name"] == name) return s;
    throw std::runtime_error("no SM " + name);
  }
  json& domain(const std::string& id) {
    for (auto& d : model["domains"])
      if (d["id"] == id) return d;
    throw std::runtime_error("no domain " + id);
  }
  // Keys, certificates and bindings of both SMs and the NFVO, all distinct.
  static SmTraceBuilder credentials(const std::string& nfvo_key = "BB") {
    SmTraceBuilder t;
    t.decision("sm-1", decisions::kGenerateKey, "", "ok", "entity=sm-1; spki_sha256=AA");
    t.decision("sm-2", decisions::kGenerateKey, "", "ok", "entity=sm-2; spki_sha256=CC");
    t.decision("nfvo-1", decisions::kGenerateKey, "", "ok",
               "entity=nfvo-1; spki_sha256=" + nfvo_key);
    t.session("sm-1", "S1");
    t.session("sm-2", "S2");
    t.bind("sm-1", "td-a:semi_active");
    t.bind("sm-2", "td-b:fully_active,td-li:fully_active");
    return t;
  }

  World world;
  json model;
};

TEST_F(TrustModelChecks, EveryPropertyPassesOnTheCorrectModelNamingItsElements) {
  const std::vector<std::pair<CheckFunction, std::string>> cases = {
      {check_trust_placement, "vnf-a member_of td-a (tenant) [/workload/0/args/vnfs/0]"},
      {check_trust_mano_domain, "td-mano (mano) [/trust_model/domains/0]: nfvo-1, vnfm-1, vim-1"},
      {check_trust_mano_membership, "vnfm-1 in td-mano"},
      {check_trust_declared, "sm-1 asks sm-2 for threat_intel on td-sec-1 trust td-sec-2"},
      {check_trust_sm_domain, "td-sec-1: sm-1, td-sec-2: sm-2"},
      {check_trust_sm_membership, "sm-1 member_of td-sec-1 (security_management)"},
      {check_trust_hierarchy_forest, "sm-1 oversees sm-2 [/trust_model/sms/0/oversees/0]"},
      {check_trust_one_mode, "sm-2 td-li fully_active"},
      {check_trust_one_instance, "sm-1@vnfm-1/Sc-Vnfm"},
      {check_trust_sensitive, "td-li: sm-2 fully_active"},
      {check_trust_isolation, ""},
  };
  for (const auto& [check, expected] : cases) {
    auto r = run(check);
    EXPECT_EQ(r.verdict, Verdict::pass) << r.reason;
    if (!expected.empty()) {
      EXPECT_NE(r.reason.find(expected), std::string::npos) << r.reason;
    }
  }
  auto iso = run(check_trust_isolation);
  EXPECT_NE(iso.reason.find("3 isolation groups"), std::string::npos) << iso.reason;
  EXPECT_NE(iso.reason.find("2 channel(s) outside MANO"), std::string::npos) << iso.reason;
  auto t = credentials();
  for (auto check : {check_trust_credentials, check_trust_least_privilege}) {
    auto r = run(check, t);
    EXPECT_EQ(r.verdict, Verdict::pass) << r.reason;
    EXPECT_FALSE(r.evidence.empty()) << r.reason;
  }
}

TEST_F(TrustModelChecks, WithoutATrustModelEveryCheckSaysSoAndNeverPasses) {
  model = json::object();
  for (auto check : {check_trust_placement, check_trust_mano_domain, check_trust_mano_membership,
                     check_trust_declared, check_trust_sm_domain, check_trust_sm_membership,
                     check_trust_hierarchy_forest, check_trust_one_mode, check_trust_one_instance,
                     check_trust_credentials, check_trust_sensitive, check_trust_isolation}) {
    auto r = run(check, credentials());
    EXPECT_EQ(r.verdict, Verdict::none) << r.reason;
    EXPECT_NE(r.reason.find("no trust_model"), std::string::npos) << r.reason;
  }
}

TEST_F(TrustModelChecks, PlacementFailsForAVnfInNoDomainOrInTwoTenantDomains) {
  auto& vnfs = world.scenario().workload.front().args["vnfs"];
  vnfs[0]["trust_domain"] = "td-nowhere";
  expect_fail(check_trust_placement, "vnf-a is in no declared tenant or network domain");
  vnfs[0]["trust_domain"] = "td-a";
  domain("td-b")["members"] = json::array({"vnf-a"});
  expect_fail(check_trust_placement, "vnf-a is in several domains");
  // Every VNF in one domain: distinct placement not shown.
  domain("td-b").erase("members");
  for (auto& v : vnfs) v["trust_domain"] = "td-a";
  EXPECT_EQ(run(check_trust_placement).verdict, Verdict::inconc);
}

TEST_F(TrustModelChecks, PlacementEchoFailsForAnEventNamingAnotherDomain) {
  SmTraceBuilder t;
  const auto ok = t.event("sm-1", "e-1", "VNF_INSTANTIATE", "completed", "vnf-a", "td-a");
  auto r = run(check_trust_placement, t);
  EXPECT_EQ(r.verdict, Verdict::pass) << r.reason;
  EXPECT_EQ(r.evidence, std::vector<std::uint64_t>{ok});
  t.event("sm-1", "e-2", "VNF_INSTANTIATE", "completed", "vnf-b", "td-a");
  expect_fail(check_trust_placement, "names domain td-a, the model places it in td-b", t);
}

TEST_F(TrustModelChecks, ManoDomainFailsWhenAbsentOrHoldingAVnf) {
  domain("td-mano")["purpose"] = "infrastructure";
  expect_fail(check_trust_mano_domain, "no domain of purpose mano");
  domain("td-mano")["purpose"] = "mano";
  domain("td-mano")["members"].push_back("vnf-a");
  expect_fail(check_trust_mano_domain, "td-mano (mano) holds vnf-a (vnf)");
  domain("td-mano")["members"] = json::array({"sm-1"});
  expect_fail(check_trust_mano_domain, "holds sm-1 (sm)");
}

TEST_F(TrustModelChecks, ManoMembershipFailsForAVnfmInATenantDomainOrInNone) {
  domain("td-mano")["members"] = json::array({"nfvo-1", "vim-1"});
  expect_fail(check_trust_mano_membership, "vnfm-1 (vnfm) is a member of no domain");
  domain("td-a")["members"] = json::array({"vnfm-1"});
  expect_fail(check_trust_mano_membership,
              "vnfm-1 (vnfm) is in a domain not reserved for MANO: vnfm-1 member_of td-a (tenant)");
}

TEST_F(TrustModelChecks, DeclaredTrustFailsForAPeerOrChannelAcrossDomainsWithoutTrust) {
  model["trust"].erase(1);  // r-sec
  expect_fail(check_trust_declared, "sm-1 may ask sm-2 for threat_intel across domains");
  model = json::parse(kGood);
  model["channels"].push_back({{"from", "sm-2"}, {"to", "vnf-a"}, {"reference_point", "Sm-Sf"}});
  expect_fail(check_trust_declared, "a cross-domain channel with no trust edge allowing Sm-Sf");
  model = json::parse(kGood);
  model["trust"][0].erase("relationship");
  expect_fail(check_trust_declared, "a trust edge without a relationship id");
}

TEST_F(TrustModelChecks, DeclaredTrustEchoFailsForAnUnknownRelationshipInTheTrace) {
  SmTraceBuilder t;
  const auto known =
      t.decision("sm-1", "SecurityAssociation", "", "established", "sa_id=sa-1; relationship=r-ab");
  auto r = run(check_trust_declared, t);
  EXPECT_EQ(r.verdict, Verdict::pass) << r.reason;
  EXPECT_EQ(r.evidence, std::vector<std::uint64_t>{known});
  t.decision("sm-1", "SecurityAssociation", "", "established", "sa_id=sa-2; relationship=r-zz");
  expect_fail(check_trust_declared, "names relationship r-zz, which no trust edge declares", t);
}

TEST_F(TrustModelChecks, SmDomainsFailForAnSmInATenantDomainOrTwoSmsInOne) {
  domain("td-sec-1")["members"] = json::array();
  sm("sm-1")["member_of"] = "td-a";
  expect_fail(check_trust_sm_membership,
              "sm-1 is not in a security-management domain: sm-1 member_of td-a (tenant)");
  model = json::parse(kGood);
  domain("td-sec-2")["members"] = json::array({"sm-1", "sm-2"});
  sm("sm-2")["member_of"] = "td-sec-2";
  sm("sm-1").erase("member_of");
  domain("td-sec-1")["members"] = json::array();
  expect_fail(check_trust_sm_membership, "SMs sm-1, sm-2 share the security-management domain");
  model = json::parse(kGood);
  domain("td-sec-1")["members"].push_back("nfvo-1");
  expect_fail(check_trust_sm_domain, "td-sec-1 (security_management) holds nfvo-1 (nfvo)");
  for (const char* id : {"td-sec-1", "td-sec-2"}) domain(id)["purpose"] = "tenant";
  expect_fail(check_trust_sm_domain, "no domain of purpose security_management");
}

TEST_F(TrustModelChecks, HierarchyFailsOnACycleOrTwoMasters) {
  sm("sm-2")["oversees"] = json::array({"sm-1"});  // check_trust_model would refuse this on loading
  expect_fail(check_trust_hierarchy_forest, "the oversees edges have a cycle");
  model = json::parse(kGood);
  model["sms"].push_back({{"name", "sm-3"}, {"oversees", json::array({"sm-2"})}});
  expect_fail(check_trust_hierarchy_forest, "sm-2 has 2 masters");
  model = json::parse(kGood);
  sm("sm-1").erase("oversees");
  EXPECT_EQ(run(check_trust_hierarchy_forest).verdict, Verdict::none);
}

TEST_F(TrustModelChecks, OneModeFailsOnTwoManagesEdges) {
  // The SM declared twice (the loader refuses it; the graph keeps both edges).
  model["sms"].push_back({{"name", "sm-1"}, {"manages", {{"td-a", "fully_active"}}}});
  expect_fail(check_trust_one_mode, "sm-1 has 2 manages edges to td-a");
}

TEST_F(TrustModelChecks, OneInstanceFailsOnADuplicateChannel) {
  model["channels"].push_back({{"from", "sm-1"}, {"to", "nfvo-1"}, {"reference_point", "Sc-Or"}});
  expect_fail(check_trust_one_instance, "instance sm-1@nfvo-1/Sc-Or declared 2 times");
}

TEST_F(TrustModelChecks, CredentialsFailWhenAnSmAndTheNfvoShareAKey) {
  expect_fail(check_trust_credentials, "nfvo-1, sm-1 use the same key spki_sha256=AA",
              credentials("AA"));
  // An SM presenting the NFVO's certificate in a TLS session.
  auto t = credentials();
  t.decision("nfvo-1", decisions::kCertificateInstalled, "", "ok", "entity=nfvo-1; serial=S1");
  expect_fail(check_trust_credentials, "use the same certificate serial S1", t);
  // An SM channel outside the SM reference points.
  model["channels"].push_back({{"from", "sm-1"}, {"to", "vnfm-1"}, {"reference_point", "Or-Vnfm"}});
  expect_fail(check_trust_credentials, "sm-1 can_command vnfm-1 on Or-Vnfm", credentials());
  EXPECT_EQ(run(check_trust_credentials, SmTraceBuilder()).verdict, Verdict::fail);
}

TEST_F(TrustModelChecks, SensitiveFailsForADesignatedManagerNotManagingTheDomain) {
  model["sensitive_managers"]["td-li"].push_back("sm-1");
  expect_fail(check_trust_sensitive, "sm-1 is a designated manager of the sensitive domain td-li");
}

TEST_F(TrustModelChecks, IsolationFailsForACommandPathAcrossIsolationGroups) {
  // sm-1 (td-sec-1, joined to td-a by r-1a) reaches vnf-li (td-li, no trust) through vnf-a.
  model["channels"].push_back(
      {{"from", "vnf-a"}, {"to", "vnf-li"}, {"reference_point", "Ve-Vnfm-vnf"}});
  expect_fail(check_trust_isolation, "sm-1 -Sm-Sf-> vnf-a -Ve-Vnfm-vnf-> vnf-li");
  // A path through a MANO block is authorized by MANO: not a crossing.
  model = json::parse(kGood);
  model["channels"].push_back({{"from", "vnf-a"}, {"to", "nfvo-1"}, {"reference_point", "X"}});
  model["channels"].push_back({{"from", "nfvo-1"}, {"to", "vnf-li"}, {"reference_point", "X"}});
  EXPECT_EQ(run(check_trust_isolation).verdict, Verdict::pass);
}

TEST_F(TrustModelChecks, LeastPrivilegeFailsForAPermissionBeyondTheModeOrAGrantOutsideIt) {
  auto t = credentials();
  // A table letting a Semi-Active instance send instructions.
  auto lax = [](std::string_view mode, std::string_view op, std::string_view kind) {
    if (mode == actors::sm::kModeSemiActive && kind == actors::sm::kKindInstruction)
      return actors::sm::Permission{true, ""};
    return actors::sm::permits(mode, op, kind);
  };
  auto r = world.run(
      [&](const CheckContext& c) { return check_trust_least_privilege_with(c, lax); }, t.records);
  EXPECT_EQ(r.verdict, Verdict::fail) << r.reason;
  EXPECT_NE(r.reason.find("may send SmHostRetirementRequest instruction, SmTerminateVnfRequest "
                          "instruction, beyond the semi_active row"),
            std::string::npos)
      << r.reason;
  // An instruction granted to a Semi-Active instance.
  t.request("sm-1", "SmTerminateVnfRequest", "instruction", "td-a", "semi_active", "granted",
            "vnf-a");
  expect_fail(check_trust_least_privilege,
              "SmTerminateVnfRequest instruction granted to sm-1 on sm-1@nfvo-1/Sc-Or", t);
  EXPECT_EQ(run(check_trust_least_privilege, SmTraceBuilder()).verdict, Verdict::none);
}

}  // namespace
}  // namespace ifa026::conformance
