// The VNFM on the lifecycle chain (docs/lifecycle.md, slice 4) in small simulations with the real
// CA, CMF (direct mode), OSS, VNFM and VNFCI actors, and the scripted NFVO and VIM of
// chain_test_support.hpp, which enrol their certificates for real. Covered:
// instantiate with grant, allocations in VNFCI order, COMPLETED and the CMF enrolling the VNFCIs;
// a refused grant; an allocation refused midway (rolled back); scale out/in with the flavour's
// limits; heal order; auto-heal on FAULT and on a host retirement's REMOVED; auto_heal false;
// wrong-state and bad-input refusals; MIGRATED.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "tests/actors/vnfm/chain_test_support.hpp"

namespace ifa026::actors::chain_test {
namespace {

// ---- tests ----

TEST(VnfmChain, InstantiateAsksAGrantAllocatesInOrderCompletesAndTheCmfEnrols) {
  auto log = std::make_shared<ChainLog>();
  test::ScenarioBuilder s = chain_world();
  send(s, *log, "2m", "InstantiateVnfRequest", instantiate_body("vnf-1", chain_vnfd()));
  World world(s, log);
  world.run_until("10m");

  ASSERT_EQ(log->answers.size(), 1u) << world.decisions();
  EXPECT_EQ(log->answers[0].first, "InstantiateVnfResponse");
  EXPECT_EQ(log->answers[0].second.status, "accepted")
      << log->answers[0].second.reason.value_or("");
  EXPECT_EQ(log->answers[0].second.occurrence, "vnfm-1-op-1");
  EXPECT_EQ(log->answers[0].second.request_id, "nfvo-1-req-1");

  // One grant before any allocation, with the VNFD's capacity and kinds.
  ASSERT_EQ(log->grants.size(), 1u);
  const auto& grant = log->grants[0];
  EXPECT_EQ(grant.operation, "INSTANTIATE");
  EXPECT_EQ(grant.correlation, "oss-1-req-1");
  EXPECT_EQ(grant.source, "OSS");
  EXPECT_FALSE(grant.automatic);
  ASSERT_EQ(grant.add_resources.size(), 3u);
  EXPECT_EQ(grant.add_resources[0].id, "vnf-1-fw-ctl-1");
  EXPECT_EQ(grant.add_resources[0].kind, "COMPUTE");
  EXPECT_EQ(grant.add_resources[0].capacity, (msg::ResourceCapacity{2, 4096}));
  EXPECT_EQ(grant.add_resources[2].id, "vnf-1-fw-data-1");
  EXPECT_EQ(grant.add_resources[2].kind, "OS_CONTAINER");
  EXPECT_EQ(grant.add_resources[2].capacity, (msg::ResourceCapacity{1, 1024}));

  // Allocations one at a time in VNFCI order, the container through the CISM.
  EXPECT_EQ(log->vim_log,
            (std::vector<std::string>{"allocate vnf-1-fw-ctl-1", "allocate vnf-1-fw-ctl-2",
                                      "allocate vnf-1-fw-data-1"}));
  EXPECT_EQ(log->allocations.at("vnf-1-fw-ctl-1").grant, "nfvo-1-grant-1");
  EXPECT_EQ(log->allocations.at("vnf-1-fw-ctl-1").image, "fw-ctl-1.2");
  EXPECT_EQ(log->allocations.at("vnf-1-fw-ctl-1").correlation, "oss-1-req-1");
  EXPECT_EQ(log->user_data.at("vnf-1-fw-ctl-2"), json({{"day0", {{"cmf-1", "vnfci-day0"}}}}));
  EXPECT_EQ(log->resource_of.at("vnf-1-fw-data-1"), "cism-1-compute-3");

  // STARTING, PROCESSING, COMPLETED with source and correlation, three VNFCIs ADDED.
  EXPECT_EQ(log->states(),
            (std::vector<std::string>{"INSTANTIATE:STARTING", "INSTANTIATE:PROCESSING",
                                      "INSTANTIATE:COMPLETED"}));
  const auto& completed = log->notifications.back();
  EXPECT_EQ(completed.source, "OSS");
  EXPECT_EQ(completed.correlation, "oss-1-req-1");
  EXPECT_EQ(affected(completed),
            (std::vector<std::string>{"vnf-1-fw-ctl-1:ADDED", "vnf-1-fw-ctl-2:ADDED",
                                      "vnf-1-fw-data-1:ADDED"}));

  // The records: starting, processing, completed with source/corr/request/ns; VnfActivated.
  const auto ops = world.find("vnfm-1", "VnfLcmOperation");
  ASSERT_EQ(ops.size(), 3u) << world.decisions();
  EXPECT_EQ(ops[0].outcome, "starting");
  EXPECT_EQ(ops[1].outcome, "processing");
  EXPECT_EQ(ops[2].outcome, "completed");
  EXPECT_EQ(detail(ops[2], "source"), "OSS");
  EXPECT_EQ(detail(ops[2], "corr"), "oss-1-req-1");
  EXPECT_EQ(detail(ops[2], "request"), "nfvo-1-req-1");
  EXPECT_EQ(detail(ops[2], "ns"), "ns-1");
  EXPECT_EQ(detail(ops[2], "occurrence"), "vnfm-1-op-1");
  EXPECT_EQ(detail(ops[2], "added"), "3");
  ASSERT_EQ(world.find("vnfm-1", "VnfActivated", "started").size(), 1u);
  EXPECT_GT(world.find("vnfm-1", "VnfActivated")[0].id, ops[2].id);

  // The CMF heard COMPLETED on Cm-Vnfm and enrolled every VNFCI (direct mode, C.2.1.1).
  EXPECT_EQ(enrolled(world),
            (std::set<std::string>{"vnf-1-fw-ctl-1", "vnf-1-fw-ctl-2", "vnf-1-fw-data-1"}));
}

TEST(VnfmChain, ARefusedGrantFailsTheOperationWithNothingAllocated) {
  auto log = std::make_shared<ChainLog>();
  log->reject_grants = true;
  test::ScenarioBuilder s = chain_world();
  send(s, *log, "2m", "InstantiateVnfRequest", instantiate_body("vnf-1", chain_vnfd()));
  // The VNF instance is gone: a second instantiation is accepted (and refused its grant again).
  send(s, *log, "3m", "InstantiateVnfRequest", instantiate_body("vnf-1", chain_vnfd()));
  World world(s, log);
  world.run_until("5m");
  ASSERT_EQ(log->grants.size(), 2u) << world.decisions();
  EXPECT_TRUE(log->vim_log.empty());
  EXPECT_EQ(log->states(),
            (std::vector<std::string>{"INSTANTIATE:STARTING", "INSTANTIATE:FAILED",
                                      "INSTANTIATE:STARTING", "INSTANTIATE:FAILED"}));
  EXPECT_EQ(log->notifications[1].reason, "grant rejected: quota vcpus 12 > 8");
  EXPECT_TRUE(log->notifications[1].affected_vnfcs.empty());
  const auto failed = world.find("vnfm-1", "VnfLcmOperation", "failed");
  ASSERT_EQ(failed.size(), 2u);
  EXPECT_EQ(detail(failed[0], "reason"), "grant rejected: quota vcpus 12 > 8");
  EXPECT_EQ(world.find("vnfm-1", "VnfLcmGrant", "rejected").size(), 2u);
  EXPECT_TRUE(world.find("vnfm-1", "VnfActivated").empty());
  EXPECT_TRUE(enrolled(world).empty());
}

TEST(VnfmChain, AnAllocationRefusedMidwayReleasesWhatWasAllocatedAndRollsBack) {
  auto log = std::make_shared<ChainLog>();
  log->refuse = {"vnf-1-fw-data-1"};
  test::ScenarioBuilder s = chain_world();
  send(s, *log, "2m", "InstantiateVnfRequest", instantiate_body("vnf-1", chain_vnfd()));
  World world(s, log);
  world.run_until("5m");
  EXPECT_EQ(log->vim_log,
            (std::vector<std::string>{"allocate vnf-1-fw-ctl-1", "allocate vnf-1-fw-ctl-2",
                                      "allocate vnf-1-fw-data-1", "release vnf-1-fw-ctl-2",
                                      "release vnf-1-fw-ctl-1"}))
      << world.decisions();
  EXPECT_FALSE(world.running("vnf-1-fw-ctl-1"));
  EXPECT_FALSE(world.running("vnf-1-fw-ctl-2"));
  EXPECT_EQ(log->states(),
            (std::vector<std::string>{"INSTANTIATE:STARTING", "INSTANTIATE:PROCESSING",
                                      "INSTANTIATE:ROLLED_BACK"}));
  EXPECT_EQ(log->notifications.back().reason,
            "allocation of vnf-1-fw-data-1 refused: no in-service host with capacity");
  EXPECT_TRUE(log->notifications.back().affected_vnfcs.empty());
  ASSERT_EQ(world.find("vnfm-1", "VnfLcmOperation", "rolled_back").size(), 1u);
  EXPECT_EQ(world.find("vnfm-1", "VnfciResource", "released").size(), 2u);
  EXPECT_TRUE(world.find("vnfm-1", "VnfActivated").empty());
}

// An allocation the VIM never answers is sent again `request_retries` times, each wait twice the
// one before, then given up: the operation rolls back as for a refusal.
TEST(VnfmChain, AnUnansweredAllocationIsRetriedThenRolledBack) {
  auto log = std::make_shared<ChainLog>();
  log->silent = {"vnf-1-fw-data-1"};
  test::ScenarioBuilder s = chain_world();
  s.update_params("vnfm-1", {{"request_timeout", "1s"}, {"request_retries", 2}});
  send(s, *log, "2m", "InstantiateVnfRequest", instantiate_body("vnf-1", chain_vnfd()));
  World world(s, log);
  world.run_until("2m5s");
  EXPECT_EQ(std::count(log->vim_log.begin(), log->vim_log.end(), "allocate vnf-1-fw-data-1"), 3)
      << "the first attempt and two more (after 1 s and 2 s)";
  EXPECT_EQ(log->states().back(), "INSTANTIATE:PROCESSING") << "still waiting";
  world.run_until("2m10s");
  EXPECT_EQ(log->states().back(), "INSTANTIATE:ROLLED_BACK") << world.decisions();
  EXPECT_EQ(log->notifications.back().reason, "allocation of vnf-1-fw-data-1 unanswered");
  EXPECT_EQ(log->vim_log.back(), "release vnf-1-fw-ctl-1");
}

TEST(VnfmChain, ScaleOutAndInWithinTheFlavourAndRefusedBeyondIt) {
  auto log = std::make_shared<ChainLog>();
  test::ScenarioBuilder s = chain_world();
  send(s, *log, "2m", "InstantiateVnfRequest", instantiate_body("vnf-1", chain_vnfd()));
  send(s, *log, "3m", "ScaleVnfRequest", scale_body("SCALE_OUT", "fw-ctl", 1));
  // Above max 3, below min 1, zero steps, unknown aspect: refused, nothing changes.
  send(s, *log, "4m", "ScaleVnfRequest", scale_body("SCALE_OUT", "fw-ctl", 1));
  send(s, *log, "5m", "ScaleVnfRequest", scale_body("SCALE_IN", "fw-ctl", 3));
  send(s, *log, "6m", "ScaleVnfRequest", scale_body("SCALE_IN", "fw-ctl", 0));
  send(s, *log, "7m", "ScaleVnfRequest", scale_body("SCALE_IN", "fw-x", 1));
  // Within: two of three fw-ctl go, the newest first.
  send(s, *log, "8m", "ScaleVnfRequest", scale_body("SCALE_IN", "fw-ctl", 2));
  World world(s, log);
  world.run_until("10m");
  ASSERT_EQ(log->answers.size(), 7u) << world.decisions();
  const std::vector<std::string> statuses = [&] {
    std::vector<std::string> out;
    for (const auto& [op, a] : log->answers) out.push_back(a.status);
    return out;
  }();
  EXPECT_EQ(statuses, (std::vector<std::string>{"accepted", "accepted", "rejected", "rejected",
                                                "rejected", "rejected", "accepted"}));
  EXPECT_NE(log->answers[2].second.reason->find("above the maximum"), std::string::npos)
      << *log->answers[2].second.reason;
  EXPECT_NE(log->answers[3].second.reason->find("below the minimum"), std::string::npos)
      << *log->answers[3].second.reason;
  EXPECT_NE(log->answers[4].second.reason->find("steps must be at least 1"), std::string::npos);
  EXPECT_NE(log->answers[5].second.reason->find("unknown VNFC fw-x"), std::string::npos);
  EXPECT_EQ(log->vim_log,
            (std::vector<std::string>{"allocate vnf-1-fw-ctl-1", "allocate vnf-1-fw-ctl-2",
                                      "allocate vnf-1-fw-data-1", "allocate vnf-1-fw-ctl-3",
                                      "release vnf-1-fw-ctl-3", "release vnf-1-fw-ctl-2"}));
  EXPECT_EQ(log->grants.size(), 3u);
  EXPECT_EQ(log->grants[1].operation, "SCALE_OUT");
  EXPECT_EQ(log->grants[2].operation, "SCALE_IN");
  ASSERT_EQ(log->grants[2].remove_resources.size(), 2u);
  EXPECT_EQ(log->grants[2].remove_resources[0].resource, log->resource_of.at("vnf-1-fw-ctl-3"));
  EXPECT_EQ(affected(log->notifications.back()),
            (std::vector<std::string>{"vnf-1-fw-ctl-3:REMOVED", "vnf-1-fw-ctl-2:REMOVED"}));
  EXPECT_EQ(world.find("vnfm-1", "VnfLcmOperation", "rejected").size(), 4u);
  EXPECT_TRUE(world.running("vnf-1-fw-ctl-1"));
  EXPECT_FALSE(world.running("vnf-1-fw-ctl-2"));
}

TEST(VnfmChain, HealReleasesFirstThenAllocatesANewNameAndTerminateReleasesAll) {
  auto log = std::make_shared<ChainLog>();
  test::ScenarioBuilder s = chain_world();
  send(s, *log, "2m", "InstantiateVnfRequest", instantiate_body("vnf-1", chain_vnfd()));
  send(s, *log, "3m", "HealVnfRequest", heal_body({"vnf-1-fw-ctl-1"}));
  send(s, *log, "4m", "TerminateVnfRequest", terminate_body());
  // Not instantiated any more: heal, scale and terminate are refused.
  send(s, *log, "5m", "HealVnfRequest", heal_body({}));
  send(s, *log, "5m", "TerminateVnfRequest", terminate_body());
  World world(s, log);
  world.run_until("10m");
  EXPECT_EQ(log->vim_log,
            (std::vector<std::string>{"allocate vnf-1-fw-ctl-1", "allocate vnf-1-fw-ctl-2",
                                      "allocate vnf-1-fw-data-1", "release vnf-1-fw-ctl-1",
                                      "allocate vnf-1-fw-ctl-3", "release vnf-1-fw-ctl-2",
                                      "release vnf-1-fw-ctl-3", "release vnf-1-fw-data-1"}))
      << world.decisions();
  ASSERT_GE(log->grants.size(), 3u);
  EXPECT_EQ(log->grants[1].operation, "HEAL");
  ASSERT_EQ(log->grants[1].add_resources.size(), 1u);
  EXPECT_EQ(log->grants[1].add_resources[0].id, "vnf-1-fw-ctl-3");
  ASSERT_EQ(log->grants[1].remove_resources.size(), 1u);
  EXPECT_EQ(log->grants[1].remove_resources[0].id, "vnf-1-fw-ctl-1");
  EXPECT_EQ(log->grants[2].operation, "TERMINATE");
  EXPECT_EQ(log->states(),
            (std::vector<std::string>{"INSTANTIATE:STARTING", "INSTANTIATE:PROCESSING",
                                      "INSTANTIATE:COMPLETED", "HEAL:STARTING", "HEAL:PROCESSING",
                                      "HEAL:COMPLETED", "TERMINATE:STARTING",
                                      "TERMINATE:PROCESSING", "TERMINATE:COMPLETED"}));
  EXPECT_EQ(affected(log->notifications[5]),
            (std::vector<std::string>{"vnf-1-fw-ctl-1:REMOVED", "vnf-1-fw-ctl-3:ADDED"}));
  ASSERT_EQ(log->answers.size(), 5u);
  EXPECT_EQ(log->answers[3].second.status, "rejected");
  EXPECT_EQ(log->answers[3].second.reason, "VNF vnf-1 is not instantiated");
  EXPECT_EQ(log->answers[4].second.status, "rejected");
  for (const char* vnfci : {"vnf-1-fw-ctl-2", "vnf-1-fw-ctl-3", "vnf-1-fw-data-1"})
    EXPECT_FALSE(world.running(vnfci)) << vnfci;
  // The CMF enrolled the replacement and revoked what went.
  EXPECT_TRUE(enrolled(world).count("vnf-1-fw-ctl-3"));
  EXPECT_FALSE(world.find("cmf-1", "VnfciCertificateRevocation").empty());
}

TEST(VnfmChain, AFaultIsHealedAutomaticallyWithAGrantMarkedAutomatic) {
  auto log = std::make_shared<ChainLog>();
  test::ScenarioBuilder s = chain_world();
  send(s, *log, "2m", "InstantiateVnfRequest", instantiate_body("vnf-1", chain_vnfd()));
  s.command("3m", "vim-1", "change",
            {{"vnfci", "vnf-1-fw-ctl-2"}, {"change", "FAULT"}, {"reason", "crash"}});
  // A host retirement's REMOVED: the VIM is the source, its retirement the correlation.
  s.command("4m", "vim-1", "change",
            {{"vnfci", "vnf-1-fw-ctl-1"},
             {"change", "REMOVED"},
             {"reason", "host retired"},
             {"correlation", "vim-1-retire-1"}});
  // MIGRATED: the VNFCI moves, nothing else happens.
  s.command("5m", "vim-1", "change",
            {{"vnfci", "vnf-1-fw-ctl-3"}, {"change", "MIGRATED"}, {"to_host", "host-2"}});
  World world(s, log);
  world.run_until("10m");
  EXPECT_EQ(log->vim_log,
            (std::vector<std::string>{"allocate vnf-1-fw-ctl-1", "allocate vnf-1-fw-ctl-2",
                                      "allocate vnf-1-fw-data-1", "release vnf-1-fw-ctl-2",
                                      "allocate vnf-1-fw-ctl-3", "allocate vnf-1-fw-ctl-4"}))
      << world.decisions();
  ASSERT_EQ(log->grants.size(), 3u);
  EXPECT_TRUE(log->grants[1].automatic);
  EXPECT_EQ(log->grants[1].source, "VNFM_AUTO_HEAL");
  EXPECT_EQ(log->grants[1].correlation, "vnfm-1-heal-1");
  EXPECT_EQ(log->grants[1].remove_resources.size(), 1u);
  EXPECT_TRUE(log->grants[2].automatic);
  EXPECT_EQ(log->grants[2].source, "VIM");
  EXPECT_EQ(log->grants[2].correlation, "vim-1-retire-1");
  EXPECT_TRUE(log->grants[2].remove_resources.empty()) << "the VIM released it already";
  const auto heals = world.find("vnfm-1", "VnfLcmOperation", "completed");
  ASSERT_EQ(heals.size(), 3u);
  EXPECT_EQ(detail(heals[1], "operation"), "HEAL");
  EXPECT_EQ(detail(heals[1], "source"), "VNFM_AUTO_HEAL");
  EXPECT_EQ(detail(heals[1], "reason"), "FAULT: crash");
  EXPECT_EQ(detail(heals[2], "corr"), "vim-1-retire-1");
  EXPECT_EQ(world.find("vnfm-1", "VnfciResourceChange", "migrated").size(), 1u);
  EXPECT_EQ(log->grants.size(), 3u) << "MIGRATED starts no operation";
  EXPECT_TRUE(enrolled(world).count("vnf-1-fw-ctl-4"));
}

TEST(VnfmChain, WithoutAutoHealACrashedVnfciStaysFailed) {
  auto log = std::make_shared<ChainLog>();
  test::ScenarioBuilder s = chain_world();
  send(s, *log, "2m", "InstantiateVnfRequest", instantiate_body("vnf-1", chain_vnfd(false)));
  s.command("3m", "vim-1", "change",
            {{"vnfci", "vnf-1-fw-ctl-2"}, {"change", "FAULT"}, {"reason", "crash"}});
  World world(s, log);
  world.run_until("6m");
  EXPECT_EQ(log->grants.size(), 1u) << world.decisions();
  EXPECT_EQ(log->vim_log.size(), 3u);
  const auto rejected = world.find("vnfm-1", "VnfLcmOperation", "rejected");
  ASSERT_EQ(rejected.size(), 1u);
  EXPECT_EQ(detail(rejected[0], "reason"), "replacement not allowed");
  EXPECT_EQ(detail(rejected[0], "vnfci"), "vnf-1-fw-ctl-2");
  EXPECT_EQ(detail(rejected[0], "source"), "VNFM_AUTO_HEAL");
  ASSERT_FALSE(log->notifications.empty());
  EXPECT_EQ(log->notifications.back().operation, "HEAL");
  EXPECT_EQ(log->notifications.back().state, "FAILED");
  EXPECT_EQ(log->notifications.back().reason, "replacement not allowed");
}

TEST(VnfmChain, BadInstantiationsAreRefusedWithTheReasonAndNothingStarts) {
  auto log = std::make_shared<ChainLog>();
  test::ScenarioBuilder s = chain_world();
  json bad_vnfd = chain_vnfd();
  bad_vnfd["vnfcs"]["fw-ctl"]["deployment"] = "bare-metal";
  // Delegation mode runs on the chain since issue 17: refused here for a bad delegated_install.
  json delegation = chain_vnfd();
  delegation["certificate_mode"] = "delegation";
  delegation["delegated_install"] = "later";
  json mode_differs = instantiate_body("vnf-1", chain_vnfd());
  mode_differs["certificate_configuration"] = {{"mode", "delegation"}};
  json bad_package = instantiate_body("vnf-1", chain_vnfd());
  bad_package["package"]["verdict"] = "digest-mismatch";
  json no_flavour = instantiate_body("vnf-1", chain_vnfd(), "large");
  json undecodable = instantiate_body("vnf-1", chain_vnfd());
  undecodable.erase("flavour");
  send(s, *log, "2m", "InstantiateVnfRequest", instantiate_body("vnf-1", bad_vnfd));
  send(s, *log, "2m1s", "InstantiateVnfRequest", no_flavour);
  send(s, *log, "2m2s", "InstantiateVnfRequest", mode_differs);
  send(s, *log, "2m3s", "InstantiateVnfRequest", bad_package);
  send(s, *log, "2m4s", "InstantiateVnfRequest", instantiate_body("vnf-1", delegation));
  send(s, *log, "2m5s", "InstantiateVnfRequest", undecodable);
  send(s, *log, "2m6s", "ScaleVnfRequest", scale_body("SCALE_OUT", "fw-ctl", 1));
  // The good one, then twice (already instantiated), then the same id with another VNFD.
  send(s, *log, "3m", "InstantiateVnfRequest", instantiate_body("vnf-1", chain_vnfd()));
  send(s, *log, "4m", "InstantiateVnfRequest", instantiate_body("vnf-1", chain_vnfd()));
  send(s, *log, "4m1s", "InstantiateVnfRequest", instantiate_body("vnf-2", chain_vnfd(false)));
  World world(s, log);
  world.run_until("6m");
  ASSERT_EQ(log->answers.size(), 10u) << world.decisions();
  auto reason = [&](std::size_t i) { return log->answers[i].second.reason.value_or("<none>"); };
  EXPECT_EQ(reason(0),
            "/vnfd/vnfcs/fw-ctl/deployment: vnfd: deployment: expected \"vm\" or \"container\"");
  EXPECT_EQ(reason(1), "unknown flavour large in VNFD vnfd-fw");
  EXPECT_EQ(reason(2), "certificate mode delegation differs from the VNFD's direct");
  EXPECT_EQ(reason(3), "package pkg-fw integrity digest-mismatch");
  EXPECT_NE(reason(4).find("/vnfd/delegated_install"), std::string::npos) << reason(4);
  EXPECT_NE(reason(5).find("flavour"), std::string::npos) << reason(5);
  EXPECT_EQ(reason(6), "unknown VNF vnf-1");
  EXPECT_EQ(log->answers[7].second.status, "accepted");
  EXPECT_EQ(reason(8), "VNF vnf-1 is already instantiated");
  EXPECT_NE(reason(9).find("another VNFD vnfd-fw is in use"), std::string::npos) << reason(9);
  for (std::size_t i : {0u, 1u, 2u, 3u, 4u, 5u, 6u, 8u, 9u})
    EXPECT_EQ(log->answers[i].second.status, "rejected") << i;
  EXPECT_EQ(log->grants.size(), 1u);
  EXPECT_EQ(log->vim_log.size(), 3u);
}

TEST(VnfmChain, ChangeConfigurationIsRefusedAsNotBuilt) {
  auto log = std::make_shared<ChainLog>();
  test::ScenarioBuilder s = chain_world();
  msg::ChangeVnfConfigurationRequest r;
  r.request_id = "nfvo-1-req-9";
  r.vnf = "vnf-1";
  send(s, *log, "2m", "ChangeVnfConfigurationRequest", msg::to_envelope(r).body);
  World world(s, log);
  world.run_until("3m");
  ASSERT_EQ(log->answers.size(), 1u) << world.decisions();
  EXPECT_EQ(log->answers[0].second.status, "rejected");
  EXPECT_EQ(log->answers[0].second.request_id, "nfvo-1-req-9");
}

// ---- placement reserved before the grant (D12) ----

// With the NFVO's vim_connections the VNFM reserves at the VIM and at the CISM before the grant,
// puts each reservation, host and location into the grant's add_resources and names the
// reservation in each allocation; scale out reserves too; nothing is left to release.
TEST(VnfmChainReservations, InstantiateAndScaleOutReserveBeforeTheGrantAndAllocateThere) {
  auto log = std::make_shared<ChainLog>();
  test::ScenarioBuilder s = chain_world();
  send(s, *log, "2m", "InstantiateVnfRequest",
       instantiate_body("vnf-1", chain_vnfd(), "small", true));
  send(s, *log, "3m", "ScaleVnfRequest", scale_body("SCALE_OUT", "fw-ctl", 1));
  World world(s, log);
  world.run_until("5m");
  EXPECT_EQ(log->vim_log,
            (std::vector<std::string>{"reserve vnf-1-fw-ctl-1,vnf-1-fw-ctl-2",
                                      "reserve vnf-1-fw-data-1", "allocate vnf-1-fw-ctl-1",
                                      "allocate vnf-1-fw-ctl-2", "allocate vnf-1-fw-data-1",
                                      "reserve vnf-1-fw-ctl-3", "allocate vnf-1-fw-ctl-3"}))
      << world.decisions();
  ASSERT_EQ(log->grants.size(), 2u);
  const auto& added = log->grants[0].add_resources;
  ASSERT_EQ(added.size(), 3u);
  EXPECT_EQ(added[0].reservation, "vim-1-reservation-1");
  EXPECT_EQ(added[0].host, "vim-1-host-1");
  EXPECT_EQ(added[0].location, "paris");
  // The scripted VIM and CISM count reservations together.
  EXPECT_EQ(added[2].reservation, "cism-1-reservation-3");
  EXPECT_EQ(added[2].host, "cism-1-host-3");
  EXPECT_EQ(log->grants[1].add_resources.at(0).reservation, "vim-1-reservation-4");
  EXPECT_EQ(log->allocations.at("vnf-1-fw-ctl-2").reservation, "vim-1-reservation-2");
  EXPECT_EQ(log->allocations.at("vnf-1-fw-data-1").reservation, "cism-1-reservation-3");
  EXPECT_EQ(log->allocations.at("vnf-1-fw-ctl-3").reservation, "vim-1-reservation-4");
  EXPECT_EQ(log->states("vnf-1").back(), "SCALE_OUT:COMPLETED");
  // The reservation comes before the grant in the VNFM's records.
  const auto reserved = world.find("vnfm-1", "PlacementReservation", "reserved");
  ASSERT_EQ(reserved.size(), 3u) << world.decisions();
  EXPECT_EQ(detail(reserved[0], "hosts"),
            "vnf-1-fw-ctl-1@vim-1-host-1,vnf-1-fw-ctl-2@vim-1-host-2");
  EXPECT_LT(reserved[1].id, world.find("vnfm-1", "VnfLcmGrant", "requested").at(0).id);
}

// A rejected grant gives the reservations back (one release per producer); a VNFCI the VIM
// could not reserve for goes to the grant without a host and is allocated without a
// reservation, as before reservations existed.
TEST(VnfmChainReservations, ARejectedGrantReleasesTheReservationsAndARefusalIsNotFatal) {
  auto log = std::make_shared<ChainLog>();
  log->reject_grants = true;
  log->no_reservation = {"vnf-1-fw-ctl-2"};
  test::ScenarioBuilder s = chain_world();
  send(s, *log, "2m", "InstantiateVnfRequest",
       instantiate_body("vnf-1", chain_vnfd(), "small", true));
  World world(s, log);
  world.run_until("3m");
  ASSERT_EQ(log->grants.size(), 1u) << world.decisions();
  EXPECT_EQ(log->grants[0].add_resources.at(0).host, "vim-1-host-1");
  EXPECT_FALSE(log->grants[0].add_resources.at(1).host.has_value());
  EXPECT_EQ(log->vim_log, (std::vector<std::string>{
                              "reserve vnf-1-fw-ctl-1,vnf-1-fw-ctl-2", "reserve vnf-1-fw-data-1",
                              "unreserve cism-1-reservation-2", "unreserve vim-1-reservation-1"}))
      << world.decisions();
  EXPECT_EQ(world.find("vnfm-1", "PlacementReservation", "released").size(), 2u);
  EXPECT_EQ(log->states(),
            (std::vector<std::string>{"INSTANTIATE:STARTING", "INSTANTIATE:FAILED"}));

  // Granted this time: vnf-1-fw-ctl-2 is allocated without a reservation.
  auto granted = std::make_shared<ChainLog>();
  granted->no_reservation = {"vnf-1-fw-ctl-2"};
  test::ScenarioBuilder s2 = chain_world();
  send(s2, *granted, "2m", "InstantiateVnfRequest",
       instantiate_body("vnf-1", chain_vnfd(), "small", true));
  World world2(s2, granted);
  world2.run_until("3m");
  EXPECT_EQ(granted->states().back(), "INSTANTIATE:COMPLETED") << world2.decisions();
  EXPECT_FALSE(granted->allocations.at("vnf-1-fw-ctl-2").reservation.has_value());
  EXPECT_EQ(granted->allocations.at("vnf-1-fw-ctl-1").reservation, "vim-1-reservation-1");
}

}  // namespace
}  // namespace ifa026::actors::chain_test
