// The NFVO's grant decisions (actors/nfvo/grant_policy.hpp): producers per resource kind, the
// capacity quota, and capacity given back when an operation ends.
#include "actors/nfvo/grant_policy.hpp"

#include <gtest/gtest.h>

#include "actors/messages/lcm_vocabulary.hpp"

namespace ifa026::actors::nfvo {
namespace {

namespace lcm = actors::lcm;
using messages::GrantLifecycleOperationRequest;
using messages::GrantResource;
using messages::ResourceCapacity;

GrantResource added(const std::string& id, long long vcpus,
                    const char* kind = lcm::kResourceCompute) {
  GrantResource resource;
  resource.id = id;
  resource.kind = kind;
  resource.vnfc = "fw";
  resource.capacity = ResourceCapacity{vcpus, vcpus * 1024};
  return resource;
}
GrantResource removed(const std::string& id) {
  GrantResource resource;
  resource.id = id;
  resource.kind = lcm::kResourceCompute;
  resource.vnfc = "fw";
  resource.resource = "vim-1-compute-1";
  return resource;
}

GrantLifecycleOperationRequest grant(const std::string& occurrence, std::vector<GrantResource> add,
                                     std::vector<GrantResource> remove = {}) {
  GrantLifecycleOperationRequest r;
  r.request_id = "vnfm-1-grant-req";
  r.occurrence = occurrence;
  r.operation = lcm::kInstantiate;
  r.add_resources = std::move(add);
  r.remove_resources = std::move(remove);
  return r;
}

GrantPolicySettings settings(std::optional<ResourceCapacity> quota) {
  GrantPolicySettings s;
  s.providers = {{lcm::kResourceCompute, "vim-1"}, {lcm::kResourceOsContainer, "cism-1"}};
  s.quota = quota;
  return s;
}

TEST(GrantPolicy, GrantsEachResourceToTheProducerOfItsKind) {
  GrantPolicy policy("nfvo-1", settings(std::nullopt));
  auto d = policy.decide(grant("op-1", {added("a", 2), added("b", 1, lcm::kResourceOsContainer)}));
  ASSERT_TRUE(d.granted) << d.reason;
  EXPECT_EQ(d.grant, "nfvo-1-grant-1");
  ASSERT_EQ(d.resources.size(), 2u);
  EXPECT_EQ(d.resources[0].vim, "vim-1");
  EXPECT_EQ(d.resources[1].vim, "cism-1");
  EXPECT_EQ(d.requested.vcpus, 3);
  EXPECT_EQ(policy.in_use().vcpus, 3);
  EXPECT_EQ(policy.decide(grant("op-2", {})).grant, "nfvo-1-grant-2");
}

TEST(GrantPolicy, RefusesAKindWithoutProducer) {
  GrantPolicySettings s = settings(std::nullopt);
  s.providers.erase(lcm::kResourceOsContainer);
  GrantPolicy policy("nfvo-1", s);
  auto d = policy.decide(grant("op-1", {added("a", 1, lcm::kResourceOsContainer)}));
  EXPECT_FALSE(d.granted);
  EXPECT_NE(d.reason.find("OS_CONTAINER"), std::string::npos);
  EXPECT_EQ(policy.in_use().vcpus, 0);
}

TEST(GrantPolicy, RefusesWhatExceedsTheQuotaAndReservesNothing) {
  GrantPolicy policy("nfvo-1", settings(ResourceCapacity{8, 1 << 20}));
  ASSERT_TRUE(policy.decide(grant("op-1", {added("a", 6)})).granted);
  auto d = policy.decide(grant("op-2", {added("b", 2), added("c", 2)}));
  EXPECT_FALSE(d.granted);
  EXPECT_EQ(d.reason, "quota: vcpus 10 > 8");
  EXPECT_EQ(policy.in_use().vcpus, 6);
  EXPECT_TRUE(policy.decide(grant("op-3", {added("b", 2)})).granted);
}

TEST(GrantPolicy, AHealMayReuseTheCapacityItRemoves) {
  GrantPolicy policy("nfvo-1", settings(ResourceCapacity{4, 1 << 20}));
  ASSERT_TRUE(policy.decide(grant("op-1", {added("a", 4)})).granted);
  policy.on_operation_ended("op-1", {"a"}, {});
  EXPECT_FALSE(policy.decide(grant("op-2", {added("b", 4)})).granted);
  EXPECT_TRUE(policy.decide(grant("op-3", {added("b", 4)}, {removed("a")})).granted);
  policy.on_operation_ended("op-3", {"b"}, {"a"});
  EXPECT_EQ(policy.in_use().vcpus, 4);
}

TEST(GrantPolicy, GivesBackWhatAnEndedOperationDidNotAdd) {
  GrantPolicy policy("nfvo-1", settings(ResourceCapacity{4, 1 << 20}));
  ASSERT_TRUE(policy.decide(grant("op-1", {added("a", 2), added("b", 2)})).granted);
  policy.on_operation_ended("op-1", {"a"}, {});  // b was never allocated (rolled back)
  EXPECT_EQ(policy.in_use().vcpus, 2);
  // A later operation's end does not give back what op-1 holds.
  ASSERT_TRUE(policy.decide(grant("op-2", {added("c", 2)})).granted);
  policy.on_operation_ended("op-2", {}, {});
  EXPECT_EQ(policy.in_use().vcpus, 2);
  policy.on_operation_ended("op-9", {}, {"a"});  // a terminated
  EXPECT_EQ(policy.in_use().vcpus, 0);
}

// The running total and the per-operation index (kept so a grant does not walk every reservation)
// give what a walk would: an id reserved again by a later operation is counted once and belongs
// to that operation; the earlier operation's end does not give it back; an operation that ends
// twice, or an id removed twice, changes nothing more.
TEST(GrantPolicy, TheRunningTotalFollowsReReservationsAndRepeatedEnds) {
  GrantPolicy policy("nfvo-1", settings(ResourceCapacity{8, 1 << 20}));
  ASSERT_TRUE(policy.decide(grant("op-1", {added("a", 2), added("b", 1)})).granted);
  ASSERT_TRUE(policy.decide(grant("op-2", {added("a", 3)})).granted);  // a again, now op-2's
  EXPECT_EQ(policy.in_use().vcpus, 4);                                 // 3 (a) + 1 (b)
  policy.on_operation_ended("op-1", {}, {});  // gives back b, not a (op-2 reserved it)
  EXPECT_EQ(policy.in_use().vcpus, 3);
  policy.on_operation_ended("op-2", {"a"}, {});
  policy.on_operation_ended("op-2", {}, {});  // again: a is held, nothing given back
  EXPECT_EQ(policy.in_use().vcpus, 3);
  EXPECT_EQ(policy.in_use().memory_mb, 3 * 1024);
  policy.on_operation_ended("op-3", {}, {"a", "a", "unknown"});
  policy.on_operation_ended("op-4", {}, {"a"});
  EXPECT_EQ(policy.in_use().vcpus, 0);
  EXPECT_EQ(policy.in_use().memory_mb, 0);
  // The quota sees the freed capacity.
  EXPECT_TRUE(policy.decide(grant("op-5", {added("d", 8)})).granted);
}

TEST(GrantPolicy, RefusesOnMemoryToo) {
  GrantPolicy policy("nfvo-1", settings(ResourceCapacity{100, 2048}));
  auto d = policy.decide(grant("op-1", {added("a", 3)}));  // 3072 MB
  EXPECT_FALSE(d.granted);
  EXPECT_EQ(d.reason, "quota: memory_mb 3072 > 2048");
}

}  // namespace
}  // namespace ifa026::actors::nfvo
