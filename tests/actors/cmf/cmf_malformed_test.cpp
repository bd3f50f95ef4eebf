// What the CMF does with a message body that does not decode as its struct
// (actors/messages/): a CMF-1 request gets a MalformedMessage record and its own refusal; a
// direct-mode message, which has no refusal, the record only. And a handler that throws is an
// internal error, never a refusal.
#include <gtest/gtest.h>

#include "actors/common/internal_error.hpp"
#include "tests/actors/cmf/cmf_test_support.hpp"
#include "tests/actors/cmf/direct_mode_test_support.hpp"

namespace ifa026::actors::cmf_testing {
namespace {

// A PBM credential without `salt` (the CMF used to fall back on the reference): refused at #1
// with the field named, and the entity is answered.
TEST(CmfMalformed, ACsrWithoutThePbmSaltIsRefusedAsMalformed) {
  auto run = run_scenario(cmf_world().update_params("nfvo-1", {{"drop", "salt"}}));
  const auto& records = run->records();
  auto malformed = find(records, "cmf", "MalformedMessage", "rejected");
  ASSERT_EQ(malformed.size(), 1u);
  EXPECT_EQ(detail(malformed[0], "operation"), "CertificateSigningRequest");
  EXPECT_NE(detail(malformed[0], "reason").find("/credential/salt: missing"), std::string::npos)
      << malformed[0].detail;
  auto refused = find(records, "cmf", "CertificateSigningRequest", "rejected");
  ASSERT_EQ(refused.size(), 1u);
  EXPECT_EQ(refused[0].step, "C.4.1.2.6#1");
  auto& entity = run->actor<TestEntity>("nfvo-1");
  ASSERT_EQ(entity.outcomes.size(), 1u);
  EXPECT_EQ(entity.outcomes[0].status, "rejected");
  EXPECT_NE(entity.outcomes[0].reason.find("/credential/salt"), std::string::npos);
  EXPECT_TRUE(find(records, "cmf", "CsrValidation").empty());
  for (const auto& r : find(records, "ca", "IssueCertificate"))  // the CMF's own ir only
    EXPECT_NE(detail(r, "request"), "p10cr") << r.detail;
}

// A registration without `kind`: the consumer gets a RegisterEntityResponse refusal.
TEST(CmfMalformed, ARegistrationWithoutKindIsRefusedWithAnAnswer) {
  auto run = run_scenario(cmf_world().clear_workload().command(
      "1s", "oss", "register", {{"body", {{"entity", "nfvo-1"}, {"fqdn", "nfvo.example.net"}}}}));
  const auto& records = run->records();
  auto malformed = find(records, "cmf", "MalformedMessage", "rejected");
  ASSERT_EQ(malformed.size(), 1u);
  EXPECT_EQ(detail(malformed[0], "operation"), "RegisterEntityRequest");
  auto rejected = find(records, "cmf", "RegisterEntity", "rejected");
  ASSERT_EQ(rejected.size(), 1u);
  EXPECT_EQ(rejected[0].step, "C.4.1.1#1");
  auto& oss = run->actor<TestConsumer>("oss");
  ASSERT_EQ(oss.registrations.size(), 1u);
  EXPECT_EQ(oss.registrations[0]["status"], "rejected");
  EXPECT_NE(get_string(oss.registrations[0], "reason").find("/kind: missing"), std::string::npos);
  EXPECT_TRUE(find(records, "cmf", "RegisterEntity", "registered").empty());
}

// A notification without its occurrence id: recorded as malformed, nothing discovered; the next,
// complete one is taken.
TEST(CmfMalformed, ANotificationThatDoesNotDecodeIsRecordedAndIgnored) {
  using namespace direct_testing;
  json incomplete = notification("vnf-1", "INSTANTIATE", {{"vnf-1-fw-ctl-1", "ADDED"}});
  incomplete.erase("occurrence");
  auto run =
      run_direct(direct_world({"vnf-1-fw-ctl-1"})
                     .command("3s", "vnfm", "notify", incomplete)
                     .command("4s", "vnfm", "notify",
                              notification("vnf-1", "INSTANTIATE", {{"vnf-1-fw-ctl-1", "ADDED"}})));
  const auto& records = run->records();
  auto malformed = find(records, "cmf", "MalformedMessage", "rejected");
  ASSERT_EQ(malformed.size(), 1u);
  EXPECT_EQ(detail(malformed[0], "operation"), "VnfLcmOperationOccurrenceNotification");
  EXPECT_NE(detail(malformed[0], "reason").find("/occurrence: missing"), std::string::npos);
  auto discovered = find(records, "cmf", "VnfciDiscovered", "ok");
  ASSERT_EQ(discovered.size(), 1u);
  EXPECT_GT(discovered[0].time, malformed[0].time);
}

// The toolkit's fault: the CMF's handler of CSRs throws. An internal error (the verdict error),
// never a refusal of the CSR.
TEST(CmfMalformed, AThrowingCsrHandlerIsAnInternalErrorNotARefusal) {
  auto run = run_scenario(
      cmf_world().update_params("cmf", {{"throw_in_handler", "CertificateSigningRequest"}}));
  const auto& records = run->records();
  bool internal = false;
  for (const auto& r : find(records, "cmf", "CertificateSigningRequest"))
    internal = internal || is_internal_error(r);
  EXPECT_TRUE(internal);
  EXPECT_TRUE(find(records, "cmf", "CertificateSigningRequest", "rejected").empty());
  EXPECT_TRUE(find(records, "cmf", "RegistrationCheck").empty());
  EXPECT_TRUE(find(records, "cmf", "CsrValidation").empty());
  // Registration, served by another handler, still works.
  EXPECT_EQ(find(records, "cmf", "RegisterEntity", "registered").size(), 1u);
}

}  // namespace
}  // namespace ifa026::actors::cmf_testing
