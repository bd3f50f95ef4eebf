// The delegate VNFM (issue 17; actors/vnfm/delegation_manager.cpp, chain_delegation.cpp): the key
// of each VNFCI identity made by the VNFM (GenerateKey, KeyCustody generated), sent inside the
// allocation request (KeyCustody sent over mutual TLS), and deleted by the key-retention rule
// (Vnfm.Sc.005, docs Q3): after a successful installation, after the N-th failed attempt, at the
// retention period; the final KeyInventory; the faults that break those; and the located errors
// of the VNFD's delegated_install and the VNFM's delegation parameters.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>

#include "tests/actors/vnfm/chain_test_support.hpp"
#include "tests/actors/vnfm/delegation_test_support.hpp"

namespace ifa026::actors::delegation_test {
namespace {

// Key fingerprints of the VNFM's KeyCustody records with this outcome.
std::multiset<std::string> custody(const std::vector<TraceRecord>& trace,
                                   const std::string& outcome, const std::string& reason = "") {
  std::multiset<std::string> out;
  for (const auto* r : records(trace, "vnfm-1", "KeyCustody", outcome))
    if (reason.empty() || detail(*r, "reason") == reason) out.insert(detail(*r, "key_fp"));
  return out;
}

json with_retention(const std::string& retention) {
  json s = scenario_json("annex-c/C.2.2.2.6.json");
  actor(s, "vnfm-1")["params"]["delegation"]["key_retention"] = retention;
  return s;
}

TEST(DelegateVnfm, SendsEachKeyOnceOverMutualTlsAndDeletesItOnceInstalled) {
  // The VIM injects the credentials and answers the install result: each key is deleted right
  // after its successful installation, long before key_retention (here 2 min).
  const auto trace = run(with_retention("2m"));
  const auto generated = custody(trace, "generated");
  ASSERT_EQ(generated.size(), 4u);
  EXPECT_EQ(custody(trace, "stored"), generated);
  EXPECT_EQ(custody(trace, "sent"), generated);
  for (const auto* r : records(trace, "vnfm-1", "KeyCustody", "sent")) {
    EXPECT_EQ(detail(*r, "channel"), "mutual");
    EXPECT_EQ(r->peer, "vim-1");
    EXPECT_EQ(r->reference_point, "Vi-Vnfm");
    EXPECT_EQ(r->step, detail(*r, "certificate_type") == "oam" ? "C.3.2.3#0" : "C.2.2.3#0");
  }
  EXPECT_EQ(records(trace, "vnfm-1", "KeyPairCheck", "ok").size(), 4u);
  EXPECT_EQ(custody(trace, "deleted", "installed"), generated);
  EXPECT_TRUE(custody(trace, "deleted", "retention expired").empty());
  // Deleted right after the allocation's answer (the generation at ~15 s), not at retention.
  for (const auto* r : records(trace, "vnfm-1", "KeyCustody", "deleted"))
    EXPECT_LT((r->time - sim::Time{}).ns(), sim::Duration::minutes(1).ns());
  const auto inventory = records(trace, "vnfm-1", "KeyInventory");
  ASSERT_EQ(inventory.size(), 1u);
  EXPECT_EQ(inventory[0]->outcome, "empty");
}

TEST(DelegateVnfm, FaultRetainKeysKeepsEveryKeyToTheEnd) {
  json s = with_retention("2m");
  actor(s, "vnfm-1")["params"]["delegation_faults"] = json::array({"retain_keys"});
  const auto trace = run(s);
  EXPECT_TRUE(custody(trace, "deleted").empty());
  const auto held = records(trace, "vnfm-1", "KeyInventory", "held");
  EXPECT_EQ(held.size(), 4u);
}

TEST(DelegateVnfm, FaultMismatchedKeySkipsTheKeyPairCheckAndSendsAnotherKey) {
  json s = with_retention("2m");
  actor(s, "vnfm-1")["params"]["delegation_faults"] = json::array({"mismatched_key"});
  const auto trace = run(s);
  EXPECT_TRUE(records(trace, "vnfm-1", "KeyPairCheck").empty());
  const auto sent = custody(trace, "sent");
  ASSERT_EQ(sent.size(), 4u);
  for (const auto& fp : sent) EXPECT_EQ(custody(trace, "generated").count(fp), 0u) << fp;
}

// ---- install results (the scripted VIM of the chain tests answers them) ----

using chain_test::ChainLog;

json delegation_vnfd() {
  json vnfd = chain_test::chain_vnfd();
  vnfd["certificate_mode"] = "delegation";
  vnfd["vnfcs"].erase("fw-data");
  vnfd["flavours"]["small"]["vnfcs"].erase("fw-data");
  vnfd["flavours"]["small"]["vnfcs"]["fw-ctl"]["initial"] = 1;
  return vnfd;
}

std::vector<TraceRecord> run_chain(const std::string& install_status, int install_attempts,
                                   std::vector<std::string> faults = {}) {
  auto log = std::make_shared<ChainLog>();
  if (!install_status.empty()) log->install_status["vnf-1-fw-ctl-1"] = install_status;
  test::ScenarioBuilder s = chain_test::chain_world();
  s.patch_params(
      "vnfm-1",
      {{"delegation",
        {{"cmf", "cmf-1"}, {"install_attempts", install_attempts}, {"key_retention", "1h"}}},
       {"delegation_faults", faults}});
  chain_test::send(s, *log, "2m", "InstantiateVnfRequest",
                   chain_test::instantiate_body("vnf-1", delegation_vnfd()));
  chain_test::World world(s, log);
  world.run_until("10m");
  world.finish();
  std::vector<TraceRecord> out;
  for (const auto& r : world.find("vnfm-1", "KeyCustody")) out.push_back(r);
  for (const auto& r : world.find("vnfm-1", "KeyInventory")) out.push_back(r);
  for (const auto& r : world.find("vnfm-1", "CredentialInstall")) out.push_back(r);
  EXPECT_FALSE(log->allocations.empty()) << world.decisions();
  if (!log->allocations.empty()) {
    const auto& request = log->allocations.begin()->second;
    EXPECT_TRUE(request.credentials.has_value());
    EXPECT_EQ(request.user_data.value("certificate_mode", ""), "delegation");
    EXPECT_EQ(request.user_data.value("vnfm", ""), "vnfm-1");
    EXPECT_FALSE(request.user_data.value("vnfm_trust_anchor", "").empty());
  }
  return out;
}

TEST(DelegateVnfm, DeletesTheKeyRightAfterASuccessfulInstallation) {
  const auto trace = run_chain("installed", 3);
  const auto generated = custody(trace, "generated");
  ASSERT_FALSE(generated.empty());
  EXPECT_EQ(custody(trace, "deleted", "installed"), generated);
  EXPECT_EQ(records(trace, "vnfm-1", "KeyInventory", "empty").size(), 1u);
  EXPECT_EQ(records(trace, "vnfm-1", "CredentialInstall", "installed").size(), generated.size());
}

TEST(DelegateVnfm, DeletesTheKeyAfterTheNthFailedAttemptOnly) {
  // One attempt allowed: the failed one exhausts it.
  const auto exhausted = run_chain("failed", 1);
  EXPECT_EQ(custody(exhausted, "deleted", "attempts exhausted"), custody(exhausted, "generated"));
  // Three allowed: after one failure the key stays (retention 1 h, past the run).
  const auto kept = run_chain("failed", 3);
  EXPECT_TRUE(custody(kept, "deleted").empty());
  EXPECT_EQ(records(kept, "vnfm-1", "KeyInventory", "held").size(),
            custody(kept, "generated").size());
}

TEST(DelegateVnfm, FaultRetainKeysKeepsTheKeyAfterASuccessfulInstallation) {
  const auto trace = run_chain("installed", 3, {"retain_keys"});
  EXPECT_TRUE(custody(trace, "deleted").empty());
  EXPECT_FALSE(records(trace, "vnfm-1", "KeyInventory", "held").empty());
}

// ---- located errors ----

std::vector<sim::Diagnostic> check_vnfm(const json& params) {
  static const sim::ActorRegistry registry = builtin_registry();
  std::vector<sim::Diagnostic> out;
  registry.find("vnfm")->check_params(params, out);
  return out;
}

bool has(const std::vector<sim::Diagnostic>& d, const std::string& pointer) {
  return std::any_of(d.begin(), d.end(),
                     [&](const sim::Diagnostic& x) { return x.pointer == pointer; });
}

TEST(DelegateVnfm, BadDelegationParametersAreLocated) {
  for (const auto& d :
       check_vnfm({{"delegation", {{"install_attempts", 3}, {"key_retention", "10m"}}}}))
    EXPECT_NE(d.pointer.rfind("/delegation", 0), 0u) << d.pointer << " " << d.message;
  EXPECT_TRUE(
      has(check_vnfm({{"delegation", {{"install_attempts", 0}}}}), "/delegation/install_attempts"));
  EXPECT_TRUE(
      has(check_vnfm({{"delegation", {{"key_retention", "soon"}}}}), "/delegation/key_retention"));
  EXPECT_TRUE(has(check_vnfm({{"delegation", {{"retention", "1m"}}}}), "/delegation/retention"));
  EXPECT_TRUE(
      has(check_vnfm({{"delegation_faults", {"retain_keys", "nope"}}}), "/delegation_faults/1"));
}

TEST(DelegateVnfm, ABadDelegatedInstallIsLocated) {
  json vnfd = delegation_vnfd();
  vnfd["delegated_install"] = "later";
  const auto d = check_vnfm({{"vnfds", {{"vnfd-x", vnfd}}}});
  EXPECT_TRUE(has(d, "/vnfds/vnfd-x/delegated_install"));
  vnfd["delegated_install"] = "configuration";
  EXPECT_FALSE(has(check_vnfm({{"vnfds", {{"vnfd-x", vnfd}}}}), "/vnfds/vnfd-x/delegated_install"));
}

}  // namespace
}  // namespace ifa026::actors::delegation_test
