// The CMF's reconciliation in direct mode (docs/direct-mode.md): once its LCM subscription is
// confirmed it queries every VNF instance of the VNFM and takes each VNFCI it did not know as
// added, each one it knew that the VNFM no longer lists as removed, and none twice when a
// notification names it too. The VNFM is the TestVnfm stand-in: its `vnfs` parameter is what it
// holds, its notifications are commands, and a delayed subscription reply lets notifications
// reach the CMF before the subscription is confirmed.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "direct_mode_test_support.hpp"

namespace ifa026::actors::direct_testing {
namespace {

// A VnfDescription of vnf-1 as the real VNFM sends it, with these fw-ctl instances.
json vnf1_holding(const std::vector<std::string>& vnfcis) {
  json list = json::array();
  for (const auto& name : vnfcis)
    list.push_back(
        {{"vnfci", name}, {"vnfc", "fw-ctl"}, {"identities", identities_of("vnf-1", name)}});
  return json::array(
      {{{"vnf", "vnf-1"}, {"vnfd", "vnfd-fw"}, {"state", "INSTANTIATED"}, {"vnfcis", list}}});
}

// vnf-1 with two VNFCIs was instantiated before the CMF subscribed: no notification names them.
test::ScenarioBuilder instantiated_before_the_subscription() {
  test::ScenarioBuilder b = direct_world();
  b.update_params("vnfm", {{"vnfs", vnf1_holding({"vnf-1-fw-ctl-1", "vnf-1-fw-ctl-2"})}});
  return b;
}

TEST(CmfDirectModeReconciliation, VnfcisInstantiatedBeforeTheSubscriptionEnrol) {
  auto run = run_direct(instantiated_before_the_subscription());
  const auto& records = run->records();
  auto& vnfm = run->actor<TestVnfm>("vnfm");
  EXPECT_EQ(vnfm.instance_queries, 1);
  EXPECT_TRUE(vnfm.queries.empty());  // no query about one VNF

  auto subscribed = find(records, "cmf", "LccnSubscription", "ok");
  ASSERT_EQ(subscribed.size(), 1u);
  auto requested = find(records, "cmf", "VnfInventoryReconciliation", "requested");
  ASSERT_EQ(requested.size(), 1u);
  EXPECT_GT(requested[0].id, subscribed[0].id);  // after the confirmation
  EXPECT_EQ(requested[0].reference_point, "Cm-Vnfm");
  EXPECT_EQ(detail(requested[0], "known"), "0");
  auto answered = find(records, "cmf", "VnfInventoryReconciliation", "ok");
  ASSERT_EQ(answered.size(), 1u);
  EXPECT_EQ(detail(answered[0], "vnfcis"), "2");
  EXPECT_EQ(detail(answered[0], "added"), "2");
  EXPECT_EQ(detail(answered[0], "removed"), "0");

  auto discovered = find(records, "cmf", "VnfciDiscovered", "ok");
  ASSERT_EQ(discovered.size(), 2u);
  for (const auto& r : discovered) {
    EXPECT_EQ(detail(r, "source"), "reconciliation");
    EXPECT_EQ(detail(r, "vnf"), "vnf-1");
    EXPECT_EQ(r.step, "C.2.1.1#0");
    EXPECT_GT(r.id, answered[0].id);
  }
  for (const char* vnfci : {"vnf-1-fw-ctl-1", "vnf-1-fw-ctl-2"}) {
    const auto& probe = run->actor<VnfciProbe>(vnfci);
    ASSERT_EQ(probe.configurations.size(), 1u) << vnfci;
    ASSERT_EQ(probe.enrolments.size(), 2u) << vnfci;
    for (const auto& e : probe.enrolments) EXPECT_EQ(e.status, "ok") << vnfci << "/" << e.identity;
  }
  EXPECT_EQ(find(records, "cmf", "VnfciCertificateRecorded", "ok").size(), 4u);
}

// The same world with the implementation fault that leaves the reconciliation out: what this
// feature is for, the VNFCIs are never discovered.
TEST(CmfDirectModeReconciliation, WithoutItVnfcisInstantiatedBeforeTheSubscriptionNeverEnrol) {
  auto run = run_direct(
      instantiated_before_the_subscription().update_params("cmf", {{"skip_reconciliation", true}}));
  const auto& records = run->records();
  EXPECT_EQ(find(records, "cmf", "LccnSubscription", "ok").size(), 1u);
  EXPECT_EQ(run->actor<TestVnfm>("vnfm").instance_queries, 0);
  EXPECT_TRUE(find(records, "cmf", "VnfInventoryReconciliation").empty());
  EXPECT_TRUE(find(records, "cmf", "VnfciDiscovered").empty());
  EXPECT_TRUE(run->actor<VnfciProbe>("vnf-1-fw-ctl-1").configurations.empty());
}

TEST(CmfDirectModeReconciliation, AVnfciNotifiedAfterTheReconciliationIsConfiguredOnce) {
  auto run = run_direct(instantiated_before_the_subscription().command(
      "5s", "vnfm", "notify",
      notification("vnf-1", "INSTANTIATE",
                   {{"vnf-1-fw-ctl-1", "ADDED"}, {"vnf-1-fw-ctl-2", "ADDED"}})));
  const auto& records = run->records();
  auto discovered = find(records, "cmf", "VnfciDiscovered", "ok");
  ASSERT_EQ(discovered.size(), 2u);
  for (const auto& r : discovered) EXPECT_EQ(detail(r, "source"), "reconciliation");
  auto ignored = find(records, "cmf", "VnfciDiscovered", "ignored");
  ASSERT_EQ(ignored.size(), 2u);
  for (const auto& r : ignored) {
    EXPECT_EQ(detail(r, "source"), "notification");
    EXPECT_NE(detail(r, "reason").find("already known"), std::string::npos);
  }
  EXPECT_EQ(find(records, "cmf", "IdentitiesCreated", "ok").size(), 2u);
  EXPECT_EQ(find(records, "cmf", "EndEntityRegistration", "requested").size(), 4u);
  for (const char* vnfci : {"vnf-1-fw-ctl-1", "vnf-1-fw-ctl-2"}) {
    EXPECT_EQ(run->actor<VnfciProbe>(vnfci).configurations.size(), 1u) << vnfci;
    EXPECT_EQ(run->actor<VnfciProbe>(vnfci).enrolments.size(), 2u) << vnfci;
  }
}

// The VNFM subscribes the CMF at once but confirms 5 s later; its notification at 3 s reaches
// the CMF first, so the reconciliation finds those VNFCIs known.
test::ScenarioBuilder notified_before_the_confirmation(const std::vector<std::string>& held) {
  test::ScenarioBuilder b = direct_world();
  b.update_params("vnfm", {{"vnfs", vnf1_holding(held)}, {"subscription_reply_delay", "5s"}})
      .command("3s", "vnfm", "notify",
               notification("vnf-1", "INSTANTIATE",
                            {{"vnf-1-fw-ctl-1", "ADDED"}, {"vnf-1-fw-ctl-2", "ADDED"}}));
  return b;
}

TEST(CmfDirectModeReconciliation, VnfcisNotifiedBeforeTheConfirmationAreNotTakenAgain) {
  auto run = run_direct(notified_before_the_confirmation({"vnf-1-fw-ctl-1", "vnf-1-fw-ctl-2"}));
  const auto& records = run->records();
  auto answered = find(records, "cmf", "VnfInventoryReconciliation", "ok");
  ASSERT_EQ(answered.size(), 1u);
  EXPECT_EQ(detail(answered[0], "known"), "2");
  EXPECT_EQ(detail(answered[0], "added"), "0");
  EXPECT_EQ(detail(answered[0], "removed"), "0");
  auto discovered = find(records, "cmf", "VnfciDiscovered", "ok");
  ASSERT_EQ(discovered.size(), 2u);
  for (const auto& r : discovered) {
    EXPECT_EQ(detail(r, "source"), "notification");
    EXPECT_LT(r.id, answered[0].id);
  }
  EXPECT_TRUE(find(records, "cmf", "VnfciDiscovered", "ignored").empty());
  EXPECT_TRUE(find(records, "cmf", "VnfciRemoved").empty());
  for (const char* vnfci : {"vnf-1-fw-ctl-1", "vnf-1-fw-ctl-2"})
    EXPECT_EQ(run->actor<VnfciProbe>(vnfci).configurations.size(), 1u) << vnfci;
}

TEST(CmfDirectModeReconciliation, AKnownVnfciTheVnfmNoLongerListsIsRemoved) {
  auto run = run_direct(notified_before_the_confirmation({"vnf-1-fw-ctl-1"}));
  const auto& records = run->records();
  auto answered = find(records, "cmf", "VnfInventoryReconciliation", "ok");
  ASSERT_EQ(answered.size(), 1u);
  EXPECT_EQ(detail(answered[0], "known"), "1");
  EXPECT_EQ(detail(answered[0], "removed"), "1");
  auto removed = find(records, "cmf", "VnfciRemoved");
  ASSERT_EQ(removed.size(), 1u);
  EXPECT_EQ(detail(removed[0], "vnfci"), "vnf-1-fw-ctl-2");
  EXPECT_EQ(detail(removed[0], "operation"), "RECONCILIATION");
  EXPECT_GT(removed[0].id, answered[0].id);
  // Its certificates, enrolled before the answer, are revoked; the other VNFCI's stay.
  auto revoked = find(records, "cmf", "VnfciCertificateRevocation", "ok");
  ASSERT_EQ(revoked.size(), 2u);
  for (const auto& r : revoked) EXPECT_EQ(detail(r, "vnfci"), "vnf-1-fw-ctl-2");
}

}  // namespace
}  // namespace ifa026::actors::direct_testing
