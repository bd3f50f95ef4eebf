// Tests for the `vnfci` actor's fault-injection knobs for negative scenarios (docs/direct-mode.md):
// `replay_initial_credential` (after enrolling, one more ir on the spent one-use credential, which
// the real CA refuses and the VNFCI traces as InitialCredentialReplay refused) and `csr_subject`
// (an ir asking for another subject than the registered one, refused by the CA as notAuthorized
// and recorded as EnrolmentFailed).
#include "actors/common/internal_error.hpp"
#include "tests/actors/vnfci/vnfci_test_support.hpp"

namespace ifa026::actors::vnfci_test {
namespace {

CmfPlan one_identity_on(const std::string& vnfci) {
  CmfPlan plan;
  plan.identities = {identity(vnfci, "client", vnfci + "/client#1")};
  plan.configure_at[vnfci] = Duration::seconds(1);
  return plan;
}

TEST(VnfciFaultKnobs, AReplayedOneUseCredentialIsRefusedByTheCaAndTraced) {
  CmfPlan plan = one_identity_on("vnfci-1");
  auto outcome = run(plan, vnfci_world({{"vnfci-1", {{"replay_initial_credential", true}}}}));

  // The genuine enrolment went through and stays installed.
  const auto* client = find_identity(outcome, "vnfci-1", "client");
  ASSERT_NE(client, nullptr);
  ASSERT_TRUE(client->certificate.has_value());
  auto installed = decisions(outcome.records, "vnfci-1", "CertificateInstalled");
  ASSERT_EQ(installed.size(), 1u);

  // The replay: requested after the installation, then refused by the CA (one-use).
  auto replay = decisions(outcome.records, "vnfci-1", "InitialCredentialReplay");
  ASSERT_EQ(replay.size(), 2u);
  EXPECT_EQ(replay[0].outcome, "requested");
  EXPECT_GT(replay[0].id, installed[0].id);
  EXPECT_EQ(replay[1].outcome, "refused");
  EXPECT_EQ(detail(replay[1], "vnfci"), "vnfci-1");
  EXPECT_EQ(detail(replay[1], "identity"), "client");
  EXPECT_EQ(detail(replay[1], "reference"), "vnfci-1/client#1");
  EXPECT_FALSE(detail(replay[1], "reason").empty());
  EXPECT_EQ(replay[1].peer, kCa);

  // The CA's side: the first ir issued, the replayed one refused (no flow step: it is no step
  // of C.2.1.1).
  std::vector<std::string> issues;
  for (const auto& r : decisions(outcome.records, kCa, "IssueCertificate"))
    if (r.peer == "vnfci-1") issues.push_back(r.outcome + " " + r.step);
  EXPECT_EQ(issues, (std::vector<std::string>{"ok C.2.1.1#6", "rejected "}));
  auto rejected = decisions(outcome.records, kCa, "IssueCertificate").back();
  EXPECT_NE(detail(rejected, "reason").find("one-use"), std::string::npos) << rejected.detail;
  // Nothing else was installed and the identity keeps its first certificate.
  EXPECT_EQ(detail(installed[0], "serial"), client->certificate->serial_hex());
}

TEST(VnfciFaultKnobs, WithoutTheKnobNoReplayHappens) {
  CmfPlan plan = one_identity_on("vnfci-1");
  auto outcome = run(plan, vnfci_world({{"vnfci-1"}}));
  EXPECT_TRUE(decisions(outcome.records, "vnfci-1", "InitialCredentialReplay").empty());
  std::size_t issued = 0;
  for (const auto& r : decisions(outcome.records, kCa, "IssueCertificate"))
    if (r.peer == "vnfci-1") ++issued;
  EXPECT_EQ(issued, 1u);
}

TEST(VnfciFaultKnobs, AnotherSubjectThanTheRegisteredOneIsRefused) {
  CmfPlan plan = one_identity_on("vnfci-1");
  auto outcome = run(
      plan, vnfci_world({{"vnfci-1", {{"csr_subject", "CN=intruder.example.net,O=Operator"}}}}));

  const auto* client = find_identity(outcome, "vnfci-1", "client");
  ASSERT_NE(client, nullptr);
  EXPECT_FALSE(client->certificate.has_value());
  auto issued = decisions(outcome.records, kCa, "IssueCertificate");
  ASSERT_EQ(issued.size(), 2u);  // the RA's, then the refusal
  EXPECT_EQ(issued[1].outcome, "rejected");
  EXPECT_EQ(issued[1].step, "C.2.1.1#6");
  EXPECT_NE(detail(issued[1], "reason").find("notAuthorized"), std::string::npos)
      << issued[1].detail;
  EXPECT_NE(detail(issued[1], "reason").find("CN=intruder.example.net"), std::string::npos)
      << issued[1].detail;
  auto failed = decisions(outcome.records, "vnfci-1", "EnrolmentFailed");
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(detail(failed[0], "identity"), "client");
  EXPECT_EQ(detail(failed[0], "purpose"), "enrolment");
  EXPECT_TRUE(decisions(outcome.records, "vnfci-1", "CertificateInstalled").empty());
  EXPECT_TRUE(decisions(outcome.records, "vnfci-1", "EnrolmentRetry").empty());
}

// The toolkit's fault throw_in_handler reaches the VNFCI's own work (here the key generation
// its work queue runs): an internal-error record, never a refusal, and nothing enrolled.
TEST(VnfciFaultKnobs, AThrowingKeyGenerationIsAnInternalErrorNotARefusal) {
  CmfPlan plan = one_identity_on("vnfci-1");
  auto outcome = run(plan, vnfci_world({{"vnfci-1", {{"throw_in_handler", "keygen"}}}}));
  auto errors = decisions(outcome.records, "vnfci-1", "keygen");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_TRUE(is_internal_error(errors[0]));
  EXPECT_EQ(detail(errors[0], "vnfci"), "vnfci-1");
  for (const auto& r : outcome.records)
    if (r.actor == "vnfci-1") {
      EXPECT_NE(r.outcome, "rejected") << r.operation << " " << r.detail;
      EXPECT_NE(r.operation, "GenerateKey");
      EXPECT_NE(r.operation, "CertificateInstalled");
    }
  // The configuration was taken; the identity holds no certificate.
  ASSERT_EQ(decisions(outcome.records, "vnfci-1", "CertificateConfiguration").size(), 1u);
  const auto* client = find_identity(outcome, "vnfci-1", "client");
  ASSERT_NE(client, nullptr);
  EXPECT_FALSE(client->certificate.has_value());
}

TEST(VnfciFaultKnobs, ParameterChecks) {
  std::vector<sim::Diagnostic> out;
  sim::ActorRegistry registry;
  register_vnfci_actor(registry);
  const sim::ActorType* type = registry.find("vnfci");
  ASSERT_NE(type, nullptr);
  type->check_params({{"replay_initial_credential", true}, {"csr_subject", "CN=a,O=b"}}, out);
  EXPECT_TRUE(out.empty());
  type->check_params({{"csr_subject", "not a dn"}}, out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].pointer, "/csr_subject");
  out.clear();
  type->check_params({{"replay_initial_credential", "yes"}}, out);
  EXPECT_EQ(out.size(), 1u);
}

}  // namespace
}  // namespace ifa026::actors::vnfci_test
