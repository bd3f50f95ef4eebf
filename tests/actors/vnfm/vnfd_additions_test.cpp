// The lifecycle chain's VNFD additions (docs/lifecycle.md, "The VNFD additions") without a
// simulation: the contract example reads with every field, a descriptor without them reads with
// the defaults, each bad addition is reported at its JSON pointer, and the flavour's counts drive
// an Or-Vnfm instantiation and bound its scaling (a workload-command VNF has no bounds).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <variant>
#include <vector>

#include "actors/vnfm/vnf_lcm.hpp"
#include "actors/vnfm/vnfd.hpp"

namespace ifa026::actors::vnfm::vnfd_additions_test {
namespace {

using nlohmann::json;

// The example of docs/lifecycle.md.
json contract_vnfd() {
  return json::parse(R"({
    "certificate_mode": "direct",
    "auto_heal": true,
    "flavours": {"small": {"vnfcs": {"fw-ctl": {"initial": 2, "min": 1, "max": 4}}}},
    "vnfcs": {"fw-ctl": {
      "deployment": "vm",
      "compute": {"vcpus": 2, "memory_mb": 4096},
      "image": "fw-ctl-1.2",
      "identities": [
        {"name": "client", "usage": "client", "certification_type": "vnfci",
         "subject": "CN={vnfci}.{vnf}.example.net,O=Operator", "dns": ["{vnfci}.{vnf}.example.net"]},
        {"name": "oam", "usage": "oam", "certification_type": "oam",
         "subject": "CN=oam.{vnfci}.{vnf}.example.net,O=Operator",
         "dns": ["oam.{vnfci}.{vnf}.example.net"]}]}}})");
}

std::vector<std::string> problems(const json& vnfd) {
  std::vector<sim::Diagnostic> out;
  check_vnfds(json{{"vnfd-fw", vnfd}}, out);
  std::vector<std::string> found;
  for (const auto& d : out) found.push_back(d.pointer + " " + d.message);
  return found;
}

TEST(VnfdAdditions, TheContractExampleReadsWithEveryField) {
  EXPECT_TRUE(problems(contract_vnfd()).empty())
      << ::testing::PrintToString(problems(contract_vnfd()));
  const Vnfd vnfd = read_vnfd("vnfd-fw", contract_vnfd());
  EXPECT_EQ(vnfd.certificate_mode, "direct");
  EXPECT_TRUE(vnfd.auto_heal);
  const VnfcDescriptor& ctl = vnfd.vnfcs.at("fw-ctl");
  EXPECT_EQ(ctl.deployment, "vm");
  EXPECT_EQ(ctl.compute, (ComputeNeed{2, 4096}));
  EXPECT_EQ(ctl.image, "fw-ctl-1.2");
  EXPECT_EQ(ctl.identities[0].certification_type, "vnfci");
  EXPECT_EQ(ctl.identities[1].certification_type, "oam");
  const auto small = vnfd.flavour("small");
  ASSERT_TRUE(small);
  EXPECT_EQ(small->counts("fw-ctl"), (VnfcCounts{2, 1, 4}));
  EXPECT_EQ(vnfd.flavour("")->counts("fw-ctl").initial, 2) << "the only flavour";
  EXPECT_FALSE(vnfd.flavour("large"));
}

TEST(VnfdAdditions, ADescriptorWithoutThemReadsWithTheDefaults) {
  json plain = contract_vnfd();
  for (const char* key : {"certificate_mode", "auto_heal", "flavours"}) plain.erase(key);
  for (const char* key : {"deployment", "compute", "image"}) plain["vnfcs"]["fw-ctl"].erase(key);
  for (auto& identity : plain["vnfcs"]["fw-ctl"]["identities"])
    identity.erase("certification_type");
  EXPECT_TRUE(problems(plain).empty());
  const Vnfd vnfd = read_vnfd("vnfd-fw", plain);
  EXPECT_EQ(vnfd.certificate_mode, "direct");
  EXPECT_TRUE(vnfd.auto_heal);
  EXPECT_TRUE(vnfd.flavours.empty());
  const VnfcDescriptor& ctl = vnfd.vnfcs.at("fw-ctl");
  EXPECT_EQ(ctl.deployment, "vm");
  EXPECT_EQ(ctl.compute, (ComputeNeed{1, 1024}));
  EXPECT_EQ(ctl.image, "");
  EXPECT_EQ(ctl.identities[0].certification_type, "vnfci") << "usage client";
  EXPECT_EQ(ctl.identities[1].certification_type, "oam") << "usage oam";
  // The default flavour: one of each, min 0, unbounded.
  ASSERT_TRUE(vnfd.flavour("default"));
  EXPECT_EQ(vnfd.flavour("")->counts("fw-ctl"), (VnfcCounts{1, 0, std::nullopt}));
  EXPECT_FALSE(vnfd.flavour("small"));
}

TEST(VnfdAdditions, EachBadAdditionIsReportedAtItsPointer) {
  json bad = contract_vnfd();
  bad["certificate_mode"] = "indirect";
  bad["auto_heal"] = "yes";
  bad["flavours"]["small"]["vnfcs"]["fw-ctl"] = {{"initial", 5}, {"min", 1}, {"max", 4}};
  bad["flavours"]["tiny"] = {{"vnfcs", {{"fw-x", {{"initial", 1}}}}}};
  bad["flavours"]["neg"] = {{"vnfcs", {{"fw-ctl", {{"initial", -1}}}}}};
  bad["flavours"]["odd"] = {{"vnfcs", {{"fw-ctl", {{"initial", 1}, {"min", 2}}}}}};
  bad["vnfcs"]["fw-ctl"]["deployment"] = "bare-metal";
  bad["vnfcs"]["fw-ctl"]["compute"] = {{"vcpus", 0}, {"disk_gb", 10}};
  bad["vnfcs"]["fw-ctl"]["image"] = "";
  bad["vnfcs"]["fw-ctl"]["identities"][0]["certification_type"] = "root";
  const auto found = problems(bad);
  const std::vector<std::string> expected = {
      "/vnfds/vnfd-fw/auto_heal vnfds: auto_heal: expected true or false",
      "/vnfds/vnfd-fw/certificate_mode vnfds: certificate_mode: expected \"direct\" or "
      "\"delegation\"",
      "/vnfds/vnfd-fw/flavours/neg/vnfcs/fw-ctl/initial vnfds: initial: expected an integer, "
      "zero or more",
      "/vnfds/vnfd-fw/flavours/odd/vnfcs/fw-ctl/min vnfds: min 2 exceeds initial 1",
      "/vnfds/vnfd-fw/flavours/small/vnfcs/fw-ctl/max vnfds: max 4 is below initial 5",
      "/vnfds/vnfd-fw/flavours/tiny/vnfcs/fw-x vnfds: flavour tiny names VNFC \"fw-x\" the VNFD "
      "lacks",
      "/vnfds/vnfd-fw/vnfcs/fw-ctl/compute/disk_gb vnfds: unknown member \"disk_gb\" (vcpus, "
      "memory_mb)",
      "/vnfds/vnfd-fw/vnfcs/fw-ctl/compute/vcpus vnfds: vcpus: expected an integer, at least 1",
      "/vnfds/vnfd-fw/vnfcs/fw-ctl/deployment vnfds: deployment: expected \"vm\" or "
      "\"container\"",
      "/vnfds/vnfd-fw/vnfcs/fw-ctl/image vnfds: image: expected a non-empty label",
      "/vnfds/vnfd-fw/vnfcs/fw-ctl/identities/0/certification_type vnfds: certification_type: "
      "expected \"vnfci\" or \"oam\""};
  EXPECT_EQ(found, expected) << ::testing::PrintToString(found);
  // The same VNFD in a request: pointers under /vnfd.
  std::vector<sim::Diagnostic> out;
  check_vnfd("vnfd-fw", bad, "/vnfd", "vnfd: ", out);
  ASSERT_EQ(out.size(), expected.size());
  EXPECT_EQ(out[1].pointer, "/vnfd/certificate_mode");
  EXPECT_EQ(out[1].message, "vnfd: certificate_mode: expected \"direct\" or \"delegation\"");
}

LcmPlan planned(const VnfLcm& lcm, const LcmRequest& request) {
  auto p = lcm.plan(request);
  if (auto* reason = std::get_if<std::string>(&p)) {
    ADD_FAILURE() << *reason;
    return {};
  }
  return std::get<LcmPlan>(p);
}

std::string refused(const VnfLcm& lcm, const LcmRequest& request) {
  auto p = lcm.plan(request);
  auto* reason = std::get_if<std::string>(&p);
  return reason ? *reason : "<planned>";
}

TEST(VnfdAdditions, TheFlavourDrivesInstantiationAndBoundsScaling) {
  VnfLcm lcm(VnfdCatalogue{});
  ASSERT_FALSE(lcm.add_vnfd(read_vnfd("vnfd-fw", contract_vnfd())));
  EXPECT_FALSE(lcm.add_vnfd(read_vnfd("vnfd-fw", contract_vnfd()))) << "the same again";
  json other = contract_vnfd();
  other["auto_heal"] = false;
  EXPECT_TRUE(lcm.add_vnfd(read_vnfd("vnfd-fw", other))) << "another VNFD under the same id";

  LcmRequest instantiate;
  instantiate.operation = LcmOperation::instantiate;
  instantiate.vnf = "vnf-1";
  instantiate.vnfd = "vnfd-fw";
  instantiate.flavour = "small";
  LcmPlan plan = planned(lcm, instantiate);
  ASSERT_EQ(plan.added.size(), 2u) << "the flavour's initial count";
  EXPECT_EQ(plan.flavour, "small");
  instantiate.vnfcs = std::map<std::string, long long>{{"fw-ctl", 5}};
  EXPECT_EQ(refused(lcm, instantiate),
            "VNFC fw-ctl: 5 instances, above the maximum 4 of flavour small");
  instantiate.vnfcs = std::map<std::string, long long>{{"fw-ctl", 0}};
  EXPECT_EQ(refused(lcm, instantiate),
            "VNFC fw-ctl: 0 instances, below the minimum 1 of flavour small");
  instantiate.vnfcs.reset();
  instantiate.flavour = "large";
  EXPECT_EQ(refused(lcm, instantiate), "unknown flavour large in VNFD vnfd-fw");
  lcm.apply(plan);

  LcmRequest scale;
  scale.operation = LcmOperation::scale_in;
  scale.vnf = "vnf-1";
  scale.vnfc = "fw-ctl";
  scale.count = 2;
  EXPECT_EQ(refused(lcm, scale),
            "scale in below the minimum: VNFC fw-ctl would have 0 instances, flavour small "
            "needs 1");
  scale.count = 1;
  EXPECT_EQ(planned(lcm, scale).removed.size(), 1u);
  scale.operation = LcmOperation::scale_out;
  scale.count = 3;
  EXPECT_EQ(refused(lcm, scale),
            "scale out above the maximum: VNFC fw-ctl would have 5 instances, flavour small "
            "allows 4");
  scale.count = 2;
  EXPECT_EQ(planned(lcm, scale).added.size(), 2u);

  // Heal of several VNFCIs: each replaced, in VNFCI order.
  LcmRequest heal;
  heal.operation = LcmOperation::heal;
  heal.vnf = "vnf-1";
  heal.vnfcis = {"vnf-1-fw-ctl-2", "vnf-1-fw-ctl-1"};
  LcmPlan healed = planned(lcm, heal);
  ASSERT_EQ(healed.removed.size(), 2u);
  EXPECT_EQ(healed.removed[0].name, "vnf-1-fw-ctl-1");
  EXPECT_EQ(healed.added[0].name, "vnf-1-fw-ctl-3");
  EXPECT_EQ(healed.added[1].name, "vnf-1-fw-ctl-4");
  heal.vnfcis = {"vnf-1-fw-ctl-9"};
  EXPECT_EQ(refused(lcm, heal), "unknown VNFCI vnf-1-fw-ctl-9 in VNF vnf-1");
}

TEST(VnfdAdditions, AWorkloadCommandVnfHasNoFlavourBounds) {
  VnfLcm lcm(VnfdCatalogue{{"vnfd-fw", read_vnfd("vnfd-fw", contract_vnfd())}});
  LcmRequest instantiate;
  instantiate.operation = LcmOperation::instantiate;
  instantiate.vnf = "vnf-1";
  instantiate.vnfd = "vnfd-fw";
  instantiate.vnfcs = std::map<std::string, long long>{{"fw-ctl", 9}};
  LcmPlan plan = planned(lcm, instantiate);
  EXPECT_EQ(plan.added.size(), 9u);
  lcm.apply(plan);
  LcmRequest scale;
  scale.operation = LcmOperation::scale_in;
  scale.vnf = "vnf-1";
  scale.vnfc = "fw-ctl";
  scale.count = 9;
  EXPECT_EQ(planned(lcm, scale).removed.size(), 9u);
}

}  // namespace
}  // namespace ifa026::actors::vnfm::vnfd_additions_test
