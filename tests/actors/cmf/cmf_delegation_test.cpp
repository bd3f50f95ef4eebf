// The CMF's side of delegation mode (issue 17; actors/cmf/cmf_delegation.hpp): delegate
// registration accepted and refused (not a delegate, VNF bound to another VNFM, dNSName outside
// the allowed domains), delegated CSRs accepted and refused (DelegateCheck, subject mismatch), each
// read from the trace of the shipped scenarios run through the real actors.
#include <gtest/gtest.h>

#include <string>

#include "tests/actors/vnfm/delegation_test_support.hpp"

namespace ifa026::actors::delegation_test {
namespace {

TEST(CmfDelegation, RegistersTheVnfmAsDelegatePerIdentityAndSelectsTheCa) {
  const auto trace = run(scenario_json("annex-c/C.2.2.1.json"));
  // Two VNFCIs, a client (vnfci) and an OAM identity each.
  const auto registered = records(trace, "cmf-1", "RegisterDelegate", "registered");
  ASSERT_EQ(registered.size(), 4u);
  for (const auto* r : registered) {
    EXPECT_EQ(detail(*r, "delegate"), "vnfm-1");
    EXPECT_EQ(detail(*r, "vnf"), "vnf-fw");
    EXPECT_FALSE(detail(*r, "vnfci").empty());
    const std::string type = detail(*r, "certificate_type");
    EXPECT_EQ(r->step, type == "oam" ? "C.3.2.1#1" : "C.2.2.1#1");
  }
  EXPECT_EQ(about_vnfcis(records(trace, "cmf-1", "SelectCa", "ok")).size(), 4u);
  EXPECT_TRUE(records(trace, "cmf-1", "RegisterDelegate", "rejected").empty());
  // The VNFM heard each registration answered.
  EXPECT_EQ(records(trace, "vnfm-1", "DelegateRegistration", "registered").size(), 4u);
  EXPECT_EQ(ns_instantiation(trace),
            (std::vector<std::string>{"starting", "processing", "completed"}));
}

TEST(CmfDelegation, RefusesAVnfmWithoutDelegatePermission) {
  const auto trace = run(scenario_json("negative/delegation-not-a-delegate.json"));
  const auto rejected = records(trace, "cmf-1", "RegisterDelegate", "rejected");
  ASSERT_FALSE(rejected.empty());
  for (const auto* r : rejected) EXPECT_EQ(detail(*r, "reason"), "not a delegate");
  EXPECT_TRUE(records(trace, "cmf-1", "RegisterDelegate", "registered").empty());
  EXPECT_TRUE(records(trace, "cmf-1", "DelegateCheck").empty());  // no CSR followed
  EXPECT_TRUE(records(trace, "vnfm-1", "VnfciResource", "allocated").empty());
  const auto failed = records(trace, "vnfm-1", "VnfLcmOperation", "failed");
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_NE(detail(*failed[0], "reason").find("delegation: "), std::string::npos);
  EXPECT_EQ(ns_instantiation(trace).back(), "rolled_back");
  // The same scenario with vnfm-1 listed: registered.
  json allowed = scenario_json("negative/delegation-not-a-delegate.json");
  actor(allowed, "cmf-1")["params"]["delegation"]["delegates"] = json::array({"vnfm-1"});
  const auto ok = run(allowed);
  EXPECT_TRUE(records(ok, "cmf-1", "RegisterDelegate", "rejected").empty());
  EXPECT_EQ(ns_instantiation(ok).back(), "completed");
}

TEST(CmfDelegation, RefusesASecondVnfmForAVnfBoundToTheFirst) {
  const auto trace = run(scenario_json("negative/delegation-other-vnfm-vnfci.json"));
  const auto rejected = records(trace, "cmf-1", "RegisterDelegate", "rejected");
  ASSERT_EQ(rejected.size(), 1u);
  EXPECT_EQ(rejected[0]->peer, "vnfm-2");
  EXPECT_EQ(detail(*rejected[0], "reason"), "delegated to vnfm-1");
  EXPECT_EQ(records(trace, "vnfm-2", "DelegateRegistration", "rejected").size(), 1u);
}

TEST(CmfDelegation, RefusesADnsNameOutsideTheAllowedDomains) {
  json s = scenario_json("annex-c/C.2.2.1.json");
  actor(s, "cmf-1")["params"]["allowed_domains"] = json::array({"example.net", "other.org"});
  for (auto& identity :
       actor(s, "oss-1")["params"]["vnfds"]["vnfd-fw"]["vnfcs"]["fw-ctl"]["identities"])
    if (identity["name"] == "client") identity["dns"] = json::array({"{vnfci}.{vnf}.example.com"});
  const auto trace = run(s);
  bool outside = false;
  for (const auto* r : records(trace, "cmf-1", "RegisterDelegate", "rejected"))
    outside = outside || detail(*r, "reason").find("example.com") != std::string::npos;
  EXPECT_TRUE(outside);
  EXPECT_TRUE(records(trace, "cmf-1", "RegisterDelegate", "registered").size() == 2u);  // OAM
  EXPECT_EQ(ns_instantiation(trace).back(), "rolled_back");
}

TEST(CmfDelegation, IssuesOneCertificatePerIdentityToItsDelegate) {
  const auto trace = run(scenario_json("annex-c/C.2.2.2.6.json"));
  EXPECT_EQ(records(trace, "cmf-1", "DelegateCheck", "ok").size(), 4u);
  EXPECT_EQ(about_vnfcis(records(trace, "cmf-1", "CsrValidation", "ok")).size(), 4u);
  const auto delivered = about_vnfcis(records(trace, "cmf-1", "CertificateDelivered", "ok"));
  ASSERT_EQ(delivered.size(), 4u);
  for (const auto* r : delivered) {
    const std::string type = detail(*r, "certificate_type");
    EXPECT_EQ(r->step, type == "oam" ? "C.3.2.2#6" : "C.2.2.2.6#6");
  }
  EXPECT_EQ(about_vnfcis(records(trace, "vnfm-1", "CertificateVerification", "ok")).size(), 4u);
  EXPECT_EQ(records(trace, "vnfm-1", "DelegatedCertificateStored", "stored").size(), 4u);
  std::size_t issued = 0;
  for (const auto* r : records(trace, "ca-1", "IssueCertificate", "ok"))
    if (r->step == "C.2.2.2.6#4" || r->step == "C.3.2.2#4") ++issued;
  EXPECT_EQ(issued, 4u);
}

TEST(CmfDelegation, RefusesACsrForAVnfciTheVnfmIsNotDelegateOf) {
  json s = scenario_json("annex-c/C.2.2.2.6.json");
  actor(s, "vnfm-1")["params"]["delegation_faults"] = json::array({"csr_for_foreign_vnfci"});
  const auto trace = run(s);
  const auto rejected = records(trace, "cmf-1", "DelegateCheck", "rejected");
  ASSERT_EQ(rejected.size(), 1u);
  EXPECT_EQ(detail(*rejected[0], "vnfci"), "vnf-fw-fw-ctl-2-foreign");
  EXPECT_NE(detail(*rejected[0], "reason").find("not the registered delegate"), std::string::npos);
  EXPECT_EQ(rejected[0]->step, "C.2.2.2.6#1");
  EXPECT_EQ(about_vnfcis(records(trace, "cmf-1", "CertificateDelivered", "ok")).size(), 4u);
}

TEST(CmfDelegation, RefusesACsrWhoseSubjectIsNotTheRegisteredIdentity) {
  const auto trace = run(scenario_json("negative/delegation-csr-subject-mismatch.json"));
  const auto rejected = records(trace, "cmf-1", "CsrValidation", "rejected");
  ASSERT_EQ(rejected.size(), 1u);
  EXPECT_NE(detail(*rejected[0], "reason").find("is not the registered identity's"),
            std::string::npos);
  EXPECT_TRUE(about_vnfcis(records(trace, "cmf-1", "CertificateDelivered")).empty());
  EXPECT_EQ(ns_instantiation(trace).back(), "rolled_back");
  // The key made for the refused CSR is deleted at once.
  bool deleted = false;
  for (const auto* r : records(trace, "vnfm-1", "KeyCustody", "deleted"))
    deleted = deleted || detail(*r, "reason") == "enrolment failed";
  EXPECT_TRUE(deleted);
}

}  // namespace
}  // namespace ifa026::actors::delegation_test
