// Scenario tests of the CMF with the real CA: its own enrolment, registration and CSR flows
// (C.4.1.1, C.4.1.2.6) end to end, the rejections of steps #1 and #2, CA outages, key
// attestation and the implementation-fault switches.
#include <gtest/gtest.h>

#include "cmf_test_support.hpp"

namespace ifa026::actors::cmf_testing {
namespace {

using sim::RecordKind;

TEST(CmfEnrolment, HappyPathRegistersAndDeliversACertificateChainingToTheRoot) {
  auto run = run_scenario(cmf_world());
  const auto& records = run->records();

  auto ready = find(records, "cmf", "CmfReady", "ok");
  ASSERT_EQ(ready.size(), 1u);
  EXPECT_EQ(detail(ready[0], "fqdn"), "cmf.example.net");
  EXPECT_FALSE(detail(ready[0], "serial").empty());

  auto registered = find(records, "cmf", "RegisterEntity", "registered");
  ASSERT_EQ(registered.size(), 1u);
  EXPECT_EQ(registered[0].step, "C.4.1.1#1");
  EXPECT_EQ(detail(registered[0], "entity"), "nfvo-1");
  EXPECT_EQ(detail(registered[0], "fqdn"), "nfvo.example.net");
  EXPECT_EQ(detail(registered[0], "consumer"), "oss");
  auto select = find(records, "cmf", "SelectCa", "ok");
  ASSERT_EQ(select.size(), 1u);
  EXPECT_EQ(detail(select[0], "ca"), "ca");
  auto credential = find(records, "cmf", "InitialCredential", "created");
  ASSERT_EQ(credential.size(), 1u);
  EXPECT_EQ(detail(credential[0], "reference"), "nfvo-1-1");
  EXPECT_EQ(detail(credential[0], "one_use"), "true");
  EXPECT_EQ(detail(credential[0], "expires"),
            run->simulation->epoch().format(credential[0].time + sim::Duration::days(7)));

  auto& oss = run->actor<TestConsumer>("oss");
  ASSERT_EQ(oss.registrations.size(), 1u);
  const json& response = oss.registrations[0];
  EXPECT_EQ(response["status"], "registered");
  EXPECT_EQ(response["cmf"], "cmf");
  EXPECT_EQ(get_bytes(response["initial_credential"], "secret")->size(), 32u);
  EXPECT_EQ(get_bytes(response, "attestation_nonce")->size(), 16u);
  const auto root = pki::Certificate::from_der(*get_bytes(response, "trust_anchor"));
  EXPECT_EQ(root.subject(), root.issuer());
  EXPECT_EQ(root.subject().common_name(), "ca Root CA");

  auto& entity = run->actor<TestEntity>("nfvo-1");
  ASSERT_EQ(entity.outcomes.size(), 1u);
  const auto& outcome = entity.outcomes[0];
  ASSERT_EQ(outcome.status, "issued") << outcome.reason;
  EXPECT_EQ(outcome.verification, "ok");
  EXPECT_EQ(outcome.certificate->san().dns, std::vector<std::string>{"nfvo.example.net"});
  EXPECT_EQ(outcome.certificate->subject().common_name(), "nfvo.example.net");
  ASSERT_EQ(outcome.chain.size(), 2u);
  EXPECT_EQ(outcome.chain[0].subject().common_name(), "ca Issuing CA");
  EXPECT_EQ(outcome.chain[1], root);
  const auto at = pki_instant(run->simulation->epoch(), outcome.at);
  EXPECT_LE(outcome.certificate->not_before(), at);
  EXPECT_GT(outcome.certificate->not_after(), at);

  // The flow's records in order: #1, #2, CA #4, #6.
  auto check = find(records, "cmf", "RegistrationCheck", "ok");
  auto validation = find(records, "cmf", "CsrValidation", "ok");
  auto issue = find(records, "ca", "IssueCertificate", "ok");
  auto delivered = find(records, "cmf", "CertificateDelivered", "ok");
  ASSERT_EQ(check.size(), 1u);
  ASSERT_EQ(validation.size(), 1u);
  ASSERT_EQ(issue.size(), 2u);  // the CMF's own certificate, then the NFVO's
  ASSERT_EQ(delivered.size(), 1u);
  EXPECT_EQ(check[0].step, "C.4.1.2.6#1");
  EXPECT_EQ(validation[0].step, "C.4.1.2.6#2");
  EXPECT_EQ(validation[0].kind, RecordKind::crypto);
  EXPECT_EQ(detail(validation[0], "auth"), "initial-credential");
  EXPECT_EQ(issue[1].step, "C.4.1.2.6#4");
  EXPECT_EQ(delivered[0].step, "C.4.1.2.6#6");
  EXPECT_LT(check[0].id, validation[0].id);
  EXPECT_LT(validation[0].id, issue[1].id);
  EXPECT_LT(issue[1].id, delivered[0].id);
  for (const auto* r : {&check[0], &validation[0], &delivered[0]}) {
    EXPECT_EQ(detail(*r, "entity"), "nfvo-1");
    EXPECT_EQ(detail(*r, "fqdn"), "nfvo.example.net");
  }
  EXPECT_EQ(detail(delivered[0], "serial"), outcome.certificate->serial_hex());
  // The CMF asked the CA with p10cr at #3 and got cp at #5.
  bool p10cr = false, cp = false;
  for (const auto& r : records) {
    if (r.kind == RecordKind::send && r.actor == "cmf" && r.operation == "p10cr")
      p10cr = r.step == "C.4.1.2.6#3";
    if (r.kind == RecordKind::send && r.actor == "ca" && r.operation == "cp")
      cp = r.step == "C.4.1.2.6#5";
  }
  EXPECT_TRUE(p10cr);
  EXPECT_TRUE(cp);
  // Validation took its processing time in the work queue.
  EXPECT_FALSE(find(records, "cmf", "ValidateCsr").empty());
}

TEST(CmfEnrolment, SameScenarioGivesTheSameTrace) {
  auto first = run_scenario(cmf_world());
  auto second = run_scenario(cmf_world());
  EXPECT_EQ(first->simulation->trace().fingerprint_hex(),
            second->simulation->trace().fingerprint_hex());
}

TEST(CmfEnrolment, FqdnDifferentFromTheRegistrationIsRejectedAtStep2) {
  auto run = run_scenario(cmf_world().update_params("nfvo-1", {{"fqdn", "other.example.net"}}));
  auto& entity = run->actor<TestEntity>("nfvo-1");
  ASSERT_EQ(entity.outcomes.size(), 1u);
  EXPECT_EQ(entity.outcomes[0].status, "rejected");
  EXPECT_NE(entity.outcomes[0].reason.find("not the registered FQDN"), std::string::npos);
  EXPECT_FALSE(entity.outcomes[0].certificate);
  auto rejected = find(run->records(), "cmf", "CsrValidation", "rejected");
  ASSERT_EQ(rejected.size(), 1u);
  EXPECT_EQ(rejected[0].step, "C.4.1.2.6#2");
  EXPECT_EQ(find(run->records(), "cmf", "RegistrationCheck", "ok").size(), 1u);
  EXPECT_EQ(find(run->records(), "ca", "IssueCertificate").size(), 1u);  // only the CMF's
  EXPECT_TRUE(find(run->records(), "cmf", "CertificateDelivered").empty());
}

TEST(CmfEnrolment, WrongCredentialSecretIsRejected) {
  auto run = run_scenario(cmf_world().update_params("nfvo-1", {{"secret", "not the secret"}}));
  auto& entity = run->actor<TestEntity>("nfvo-1");
  ASSERT_EQ(entity.outcomes.size(), 1u);
  EXPECT_EQ(entity.outcomes[0].status, "rejected");
  EXPECT_EQ(entity.outcomes[0].reason, "initial credential MAC invalid");
  auto rejected = find(run->records(), "cmf", "CsrValidation", "rejected");
  ASSERT_EQ(rejected.size(), 1u);
  EXPECT_EQ(detail(rejected[0], "reason"), "initial credential MAC invalid");
  EXPECT_EQ(find(run->records(), "ca", "IssueCertificate").size(), 1u);
}

TEST(CmfEnrolment, OneUseCredentialWorksOnlyOnce) {
  auto run = run_scenario(cmf_world().update_params("nfvo-1", {{"csr_count", 2}}));
  auto& entity = run->actor<TestEntity>("nfvo-1");
  ASSERT_EQ(entity.outcomes.size(), 2u);
  EXPECT_EQ(entity.outcomes[0].status, "issued");
  EXPECT_EQ(entity.outcomes[1].status, "rejected");
  EXPECT_EQ(entity.outcomes[1].reason, "initial credential already used");
  EXPECT_EQ(find(run->records(), "cmf", "CertificateDelivered").size(), 1u);
}

TEST(CmfEnrolment, ReusableCredentialWorksTwice) {
  json args = register_args();
  args["credential"] = {{"one_use", false}};
  auto run = run_scenario(cmf_world()
                              .update_params("nfvo-1", {{"csr_count", 2}})
                              .clear_workload()
                              .command("1s", "oss", "register", args));
  auto& entity = run->actor<TestEntity>("nfvo-1");
  ASSERT_EQ(entity.outcomes.size(), 2u);
  EXPECT_EQ(entity.outcomes[0].status, "issued");
  EXPECT_EQ(entity.outcomes[1].status, "issued") << entity.outcomes[1].reason;
  EXPECT_NE(entity.outcomes[0].certificate->serial_hex(),
            entity.outcomes[1].certificate->serial_hex());
  auto credential = find(run->records(), "cmf", "InitialCredential", "created");
  ASSERT_EQ(credential.size(), 1u);
  EXPECT_EQ(detail(credential[0], "one_use"), "false");
}

TEST(CmfEnrolment, ExpiredCredentialIsRejected) {
  json args = register_args();
  args["credential"] = {{"lifetime", "2s"}};
  auto run = run_scenario(cmf_world()
                              .update_params("nfvo-1", {{"delay", "5s"}})
                              .clear_workload()
                              .command("1s", "oss", "register", args));
  auto& entity = run->actor<TestEntity>("nfvo-1");
  ASSERT_EQ(entity.outcomes.size(), 1u);
  EXPECT_EQ(entity.outcomes[0].status, "rejected");
  EXPECT_EQ(entity.outcomes[0].reason, "initial credential expired");
  EXPECT_EQ(find(run->records(), "cmf", "CsrValidation", "rejected").size(), 1u);
}

TEST(CmfEnrolment, CaDownGivesCaUnavailableAfterTheTimeoutAndRetries) {
  auto run = run_scenario(cmf_world()
                              .update_params("cmf", {{"ca_timeout", "2s"}, {"ca_retries", 1}})
                              .update_params("nfvo-1", {{"delay", "5s"}})
                              .actor_down("ca", "3s", "60s"));
  const auto& records = run->records();
  auto& entity = run->actor<TestEntity>("nfvo-1");
  ASSERT_EQ(entity.outcomes.size(), 1u);
  EXPECT_EQ(entity.outcomes[0].status, "rejected");
  EXPECT_EQ(entity.outcomes[0].reason, "CA unavailable");
  auto validated = find(records, "cmf", "CsrValidation", "ok");
  auto retry = find(records, "cmf", "CmpExchange", "retry");
  auto timeout = find(records, "cmf", "CmpExchange", "timeout");
  auto failed = find(records, "cmf", "CaRequest", "failed");
  ASSERT_EQ(validated.size(), 1u);
  ASSERT_EQ(retry.size(), 1u);
  ASSERT_EQ(timeout.size(), 1u);
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(detail(failed[0], "reason"), "CA unavailable");
  EXPECT_EQ(failed[0].step, "C.4.1.2.6#5");
  // The CMF's CmpExchange records name the request's CMP body and the resend.
  EXPECT_EQ(retry[0].peer, "ca");
  EXPECT_EQ(detail(retry[0], "operation"), "p10cr");
  EXPECT_EQ(detail(retry[0], "attempt"), "2");
  EXPECT_EQ(detail(timeout[0], "operation"), "p10cr");
  EXPECT_EQ(detail(timeout[0], "exchange"), detail(retry[0], "exchange"));
  EXPECT_EQ(detail(timeout[0], "reason"), "no reply from the CA");
  // Two waits: ca_timeout for the first request, twice that for its one resend (back-off 2).
  EXPECT_EQ(retry[0].time - validated[0].time, sim::Duration::seconds(2));
  EXPECT_EQ(timeout[0].time - validated[0].time, sim::Duration::seconds(6));
  EXPECT_TRUE(find(records, "cmf", "CertificateDelivered").empty());
  // Both p10cr copies were dropped at the CA.
  std::size_t dropped = 0;
  for (const auto& r : records)
    if (r.kind == RecordKind::drop && r.operation == "p10cr") ++dropped;
  EXPECT_EQ(dropped, 2u);
}

TEST(CmfEnrolment, RequestsWaitForTheCmfCertificateOrAreRejectedNotReady) {
  auto run = run_scenario(
      cmf_world()
          .update_params("cmf", {{"ca_timeout", "2s"}, {"ca_retries", 0}})
          .actor_down("ca", "0s", "5s")
          .clear_workload()
          .command("1s", "oss", "register", register_args("nfvo-2", "nfvo2.example.net"))
          .command("9500ms", "oss", "register", register_args()));
  const auto& records = run->records();
  // ir at 0s lost, retried at 2s+2s (lost), then at 6s+4s = 10s it works.
  EXPECT_EQ(find(records, "cmf", "CmfReady", "failed").size(), 2u);
  auto ready = find(records, "cmf", "CmfReady", "ok");
  ASSERT_EQ(ready.size(), 1u);
  auto rejected = find(records, "cmf", "RegisterEntity", "rejected");
  ASSERT_EQ(rejected.size(), 1u);
  EXPECT_EQ(detail(rejected[0], "entity"), "nfvo-2");
  EXPECT_EQ(detail(rejected[0], "reason"), "CMF not ready");
  EXPECT_LT(rejected[0].time, ready[0].time);
  auto registered = find(records, "cmf", "RegisterEntity", "registered");
  ASSERT_EQ(registered.size(), 1u);
  EXPECT_EQ(detail(registered[0], "entity"), "nfvo-1");
  EXPECT_GT(registered[0].time, ready[0].time);
  auto& entity = run->actor<TestEntity>("nfvo-1");
  ASSERT_EQ(entity.outcomes.size(), 1u);
  EXPECT_EQ(entity.outcomes[0].status, "issued");
}

// An actor that was never registered presents a made-up credential reference.
test::ScenarioBuilder rogue_world(bool skip_registration_check) {
  json args = register_args();
  args["forward_to"] = "rogue";
  test::ScenarioBuilder b = cmf_world();
  b.update_params("cmf", {{"skip_registration_check", skip_registration_check}})
      .actor("rogue", "test-entity",
             {{"reference", "nobody-1"}, {"secret", "guess"}, {"fqdn", "rogue.example.net"}})
      .clear_workload()
      .command("1s", "oss", "register", args);
  return b;
}

TEST(CmfEnrolment, UnregisteredEntityIsRejectedAtStep1) {
  auto run = run_scenario(rogue_world(false));
  auto& rogue = run->actor<TestEntity>("rogue");
  ASSERT_EQ(rogue.outcomes.size(), 1u);
  EXPECT_EQ(rogue.outcomes[0].status, "rejected");
  auto rejected = find(run->records(), "cmf", "RegistrationCheck", "rejected");
  ASSERT_EQ(rejected.size(), 1u);
  EXPECT_EQ(rejected[0].step, "C.4.1.2.6#1");
  EXPECT_NE(detail(rejected[0], "reason").find("not registered"), std::string::npos);
  EXPECT_TRUE(find(run->records(), "cmf", "CsrValidation").empty());
}

TEST(CmfEnrolment, SkipRegistrationCheckLetsAnUnregisteredEntityEnrol) {
  auto run = run_scenario(rogue_world(true));
  auto& rogue = run->actor<TestEntity>("rogue");
  ASSERT_EQ(rogue.outcomes.size(), 1u);
  EXPECT_EQ(rogue.outcomes[0].status, "issued") << rogue.outcomes[0].reason;
  EXPECT_EQ(rogue.outcomes[0].certificate->san().dns,
            std::vector<std::string>{"rogue.example.net"});
  EXPECT_TRUE(find(run->records(), "cmf", "RegistrationCheck").empty());
  auto delivered = find(run->records(), "cmf", "CertificateDelivered", "ok");
  ASSERT_EQ(delivered.size(), 1u);
  EXPECT_EQ(detail(delivered[0], "fqdn"), "rogue.example.net");
}

TEST(CmfEnrolment, SkipCsrValidationIssuesForTheWrongFqdnWithoutARecord) {
  auto run = run_scenario(cmf_world()
                              .update_params("cmf", {{"skip_csr_validation", true}})
                              .update_params("nfvo-1", {{"fqdn", "other.example.net"}}));
  auto& entity = run->actor<TestEntity>("nfvo-1");
  ASSERT_EQ(entity.outcomes.size(), 1u);
  EXPECT_EQ(entity.outcomes[0].status, "issued");
  EXPECT_TRUE(find(run->records(), "cmf", "CsrValidation").empty());
  EXPECT_EQ(find(run->records(), "cmf", "RegistrationCheck", "ok").size(), 1u);
}

TEST(CmfEnrolment, RequiredAttestationMissingIsRejected) {
  auto run = run_scenario(cmf_world().update_params("cmf", {{"key_attestation", "required"}}));
  auto& entity = run->actor<TestEntity>("nfvo-1");
  ASSERT_EQ(entity.outcomes.size(), 1u);
  EXPECT_EQ(entity.outcomes[0].status, "rejected");
  EXPECT_EQ(entity.outcomes[0].reason, "key attestation: key attestation statement missing");
  auto attestation = find(run->records(), "cmf", "KeyAttestationVerification", "rejected");
  ASSERT_EQ(attestation.size(), 1u);
  EXPECT_EQ(attestation[0].step, "C.4.1.2.6#2");
  EXPECT_EQ(find(run->records(), "cmf", "CsrValidation", "rejected").size(), 1u);
}

TEST(CmfEnrolment, SkipAttestationCheckIssuesWithoutAStatement) {
  auto run = run_scenario(cmf_world().update_params(
      "cmf", {{"key_attestation", "required"}, {"skip_attestation_check", true}}));
  auto& entity = run->actor<TestEntity>("nfvo-1");
  ASSERT_EQ(entity.outcomes.size(), 1u);
  EXPECT_EQ(entity.outcomes[0].status, "issued");
  EXPECT_TRUE(find(run->records(), "cmf", "KeyAttestationVerification").empty());
}

TEST(CmfEnrolment, AttestationBoundToTheNonceUnderATrustedVendorRootIsAccepted) {
  auto run = run_scenario(
      cmf_world()
          .update_params("cmf", {{"key_attestation", "required"},
                                 {"hsm_vendor_roots_from", json::array({"nfvo-1"})},
                                 {"attestation_policy", {{"min_level", "fips140-3-l3"}}}})
          .update_params("nfvo-1", {{"attest", "cmf"}}));
  EXPECT_EQ(find(run->records(), "cmf", "HsmVendorRoot", "accepted").size(), 1u);
  auto& entity = run->actor<TestEntity>("nfvo-1");
  ASSERT_EQ(entity.outcomes.size(), 1u);
  EXPECT_EQ(entity.outcomes[0].status, "issued") << entity.outcomes[0].reason;
  auto attestation = find(run->records(), "cmf", "KeyAttestationVerification", "ok");
  ASSERT_EQ(attestation.size(), 1u);
  EXPECT_EQ(detail(attestation[0], "entity"), "nfvo-1");
}

TEST(CmfEnrolment, AttestationWithAnotherNonceOrUntrustedVendorIsRejected) {
  {
    auto run =
        run_scenario(cmf_world()
                         .update_params("cmf", {{"hsm_vendor_roots_from", json::array({"nfvo-1"})}})
                         .update_params("nfvo-1", {{"attest", "cmf"}, {"wrong_nonce", true}}));
    auto& entity = run->actor<TestEntity>("nfvo-1");
    ASSERT_EQ(entity.outcomes.size(), 1u);
    // The failure and its detail (the CMF says what exactly did not verify).
    EXPECT_EQ(entity.outcomes[0].reason,
              "key attestation: nonce mismatch (statement nonce 42424242424242424242424242424242)");
  }
  {
    // Optional mode: a statement present is still verified.
    auto run = run_scenario(cmf_world().update_params("nfvo-1", {{"attest", "cmf"}}));
    EXPECT_EQ(find(run->records(), "cmf", "HsmVendorRoot", "rejected").size(), 1u);
    auto& entity = run->actor<TestEntity>("nfvo-1");
    ASSERT_EQ(entity.outcomes.size(), 1u);
    EXPECT_EQ(entity.outcomes[0].reason,
              "key attestation: chain does not end at a vendor root (no vendor roots configured)");
  }
}

TEST(CmfEnrolment, ExpiryAlarmIsRaisedOncePerCertificate) {
  auto run = run_scenario(
      cmf_world()
          .update_params("ca", {{"validity", "20d"}})
          .update_params("cmf", {{"monitor_interval", "1d"}, {"expiry_alarm_threshold", "30d"}})
          .duration("3d"));
  auto alarms = find(run->records(), "cmf", "ExpiryAlarm", "raised");
  ASSERT_EQ(alarms.size(), 1u);
  auto& entity = run->actor<TestEntity>("nfvo-1");
  ASSERT_EQ(entity.outcomes.size(), 1u);
  EXPECT_EQ(detail(alarms[0], "serial"), entity.outcomes[0].certificate->serial_hex());
  EXPECT_EQ(detail(alarms[0], "entity"), "nfvo-1");
  EXPECT_EQ(alarms[0].time, sim::Time::zero() + sim::Duration::days(1));
}

TEST(CmfEnrolment, NoExpiryAlarmForALongLivedCertificate) {
  auto run =
      run_scenario(cmf_world().update_params("cmf", {{"monitor_interval", "1d"}}).duration("2d"));
  EXPECT_TRUE(find(run->records(), "cmf", "ExpiryAlarm").empty());
  EXPECT_EQ(find(run->records(), "cmf", "ExpiryMonitor").size(), 2u);  // its timer fired
}

}  // namespace
}  // namespace ifa026::actors::cmf_testing

namespace ifa026::actors::cmf_testing {
namespace {

TEST(CmfOwnCertificate, IsRenewedBeforeItExpiresSoLateEnrolmentsStillWork) {
  json args = register_args();
  args["credential"] = {{"lifetime", "60d"}};
  auto run = run_scenario(cmf_world()
                              .update_params("ca", {{"validity", "30d"}})
                              .update_params("nfvo-1", {{"delay", "35d"}})
                              .clear_workload()
                              .command("1s", "oss", "register", args)
                              .duration("36d"));
  const auto& records = run->records();
  auto ready = find(records, "cmf", "CmfReady", "ok");
  ASSERT_EQ(ready.size(), 1u);
  auto renewed = find(records, "cmf", "RaCertificate", "ok");
  ASSERT_EQ(renewed.size(), 1u);  // at 2/3 of 30d; the next one would be at 40d
  EXPECT_EQ(detail(renewed[0], "purpose"), "renewal");
  EXPECT_NE(detail(renewed[0], "serial"), detail(ready[0], "serial"));
  EXPECT_GT(renewed[0].time, sim::Time::zero() + sim::Duration::days(19));
  EXPECT_LT(renewed[0].time, sim::Time::zero() + sim::Duration::days(21));
  // At 35d the first CMF certificate has expired: the entity meets the renewed one.
  auto& entity = run->actor<TestEntity>("nfvo-1");
  ASSERT_EQ(entity.outcomes.size(), 1u);
  EXPECT_EQ(entity.outcomes[0].status, "issued") << entity.outcomes[0].reason;
  EXPECT_EQ(entity.outcomes[0].verification, "ok");
  bool server_cert_renewed = false;
  for (const auto& r : find(records, "nfvo-1", "TlsHandshake", "ok"))
    if (r.time > sim::Time::zero() + sim::Duration::days(30)) server_cert_renewed = true;
  EXPECT_TRUE(server_cert_renewed);
}

}  // namespace
}  // namespace ifa026::actors::cmf_testing

namespace ifa026::actors::cmf_testing {
namespace {

TEST(CmfOwnCertificate, RunEndingWhileCmpExchangesWaitWindsDownCleanly) {
  auto run = run_scenario(cmf_world()
                              .update_params("cmf", {{"ca_timeout", "10s"}})
                              .actor_down("ca", "0s", "60s")
                              .duration("2s"));
  EXPECT_TRUE(find(run->records(), "cmf", "CmfReady").empty());  // still waiting at the end
  auto& oss = run->actor<TestConsumer>("oss");
  EXPECT_TRUE(oss.registrations.empty());  // the request waits for the CMF's certificate
  run.reset();  // destroys the CMF with its fiber suspended inside OpenSSL's CMP client
}

}  // namespace
}  // namespace ifa026::actors::cmf_testing
