// Scenario tests of the CMF's registration (C.4.x.1) rejections and of revocation: untrusted
// consumers, invalid FQDNs, FQDNs outside the allowed domains or taken, and a revocation that
// reaches the CA's CRL and the entity.
#include <gtest/gtest.h>

#include "cmf_test_support.hpp"

namespace ifa026::actors::cmf_testing {
namespace {

TEST(CmfRegistration, UntrustedConsumerIsRejected) {
  // The rogue consumer shares a day-0 secret with the CMF but is not among its trusted consumers.
  auto run = run_scenario(cmf_world()
                              .actor("rogue-oss", "test-consumer", {{"cmf", "cmf"}})
                              .day0("rogue-oss", "cmf", "rogue day0")
                              .clear_workload()
                              .command("1s", "rogue-oss", "register", register_args()));
  auto rejected = find(run->records(), "cmf", "RegisterEntity", "rejected");
  ASSERT_EQ(rejected.size(), 1u);
  EXPECT_EQ(rejected[0].step, "C.4.1.1#1");
  EXPECT_EQ(detail(rejected[0], "consumer"), "rogue-oss");
  EXPECT_EQ(detail(rejected[0], "reason"), "consumer rogue-oss is not trusted");
  EXPECT_EQ(detail(rejected[0], "entity"), "nfvo-1");
  auto& rogue = run->actor<TestConsumer>("rogue-oss");
  ASSERT_EQ(rogue.registrations.size(), 1u);
  EXPECT_EQ(rogue.registrations[0]["status"], "rejected");
  EXPECT_FALSE(rogue.registrations[0].contains("initial_credential"));
  EXPECT_TRUE(find(run->records(), "cmf", "InitialCredential").empty());
  EXPECT_TRUE(run->actor<TestEntity>("nfvo-1").outcomes.empty());
}

TEST(CmfRegistration, ConsumerWithoutTheDay0SecretCannotReachTheCmf) {
  auto run = run_scenario(
      cmf_world()
          .actor("rogue-oss", "test-consumer", {{"cmf", "cmf"}, {"day0", {{"cmf", "guessed"}}}})
          .clear_workload()
          .command("1s", "rogue-oss", "register", register_args()));
  EXPECT_TRUE(find(run->records(), "cmf", "RegisterEntity").empty());
  EXPECT_TRUE(run->actor<TestConsumer>("rogue-oss").registrations.empty());
  EXPECT_FALSE(find(run->records(), "cmf", "TlsHandshake", "failed").empty());
}

TEST(CmfRegistration, InvalidOrForeignFqdnsAreRejected) {
  test::ScenarioBuilder world = cmf_world();
  world.clear_workload();
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"nfvo-a", "nfvo_a.example.net"}, {"nfvo-b", "nfvob"},
      {"nfvo-c", "nfvo.example.org"},   {"nfvo-d", "nfvo.example.net"},  // registered
      {"nfvo-e", "nfvo.example.net"},  // the same FQDN for another entity
  };
  int at = 1;
  for (const auto& [entity, fqdn] : cases)
    world.command(std::to_string(at++) + "s", "oss", "register", register_args(entity, fqdn));
  auto run = run_scenario(world);
  auto rejected = find(run->records(), "cmf", "RegisterEntity", "rejected");
  ASSERT_EQ(rejected.size(), 4u);
  EXPECT_EQ(detail(rejected[0], "entity"), "nfvo-a");
  EXPECT_EQ(detail(rejected[0], "reason"), "FQDN label \"nfvo_a\" is not valid");
  EXPECT_EQ(detail(rejected[1], "reason"), "FQDN needs at least two labels");
  EXPECT_EQ(detail(rejected[2], "reason"), "FQDN outside the allowed domains");
  EXPECT_EQ(detail(rejected[3], "entity"), "nfvo-e");
  EXPECT_EQ(detail(rejected[3], "reason"), "FQDN already registered for nfvo-d");
  auto registered = find(run->records(), "cmf", "RegisterEntity", "registered");
  ASSERT_EQ(registered.size(), 1u);
  EXPECT_EQ(detail(registered[0], "entity"), "nfvo-d");
  auto& oss = run->actor<TestConsumer>("oss");
  ASSERT_EQ(oss.registrations.size(), 5u);
  EXPECT_EQ(oss.registrations[0]["status"], "rejected");
  EXPECT_EQ(oss.registrations[0]["reason"], "FQDN label \"nfvo_a\" is not valid");
  EXPECT_EQ(oss.registrations[3]["status"], "registered");
}

TEST(CmfRegistration, StepIdsFollowTheEntityKind) {
  json vnfm = register_args("vnfm-1", "vnfm.example.net");
  vnfm["kind"] = "vnfm";
  vnfm["step"] = "C.4.2.1#0";
  json wim = register_args("wim-1", "wim.example.net");
  wim["kind"] = "wim";
  wim["step"] = "";
  auto run = run_scenario(cmf_world()
                              .clear_workload()
                              .command("1s", "oss", "register", vnfm)
                              .command("1s", "oss", "register", wim));
  auto registered = find(run->records(), "cmf", "RegisterEntity", "registered");
  ASSERT_EQ(registered.size(), 2u);
  EXPECT_EQ(registered[0].step, "C.4.2.1#1");
  EXPECT_EQ(registered[1].step, "");
  bool response_step = false;
  for (const auto& r : run->records())
    if (r.kind == sim::RecordKind::send && r.actor == "cmf" &&
        r.operation == "RegisterEntityResponse" && r.step == "C.4.2.1#2")
      response_step = true;
  EXPECT_TRUE(response_step);
}

TEST(CmfRevocation, RevokedSerialIsOnTheCaCrlAndTheEntityIsTold) {
  auto run = run_scenario(cmf_world().command("10s", "oss", "revoke",
                                              {{"entity", "nfvo-1"}, {"reason", "keyCompromise"}}));
  const auto& records = run->records();
  auto& entity = run->actor<TestEntity>("nfvo-1");
  ASSERT_EQ(entity.outcomes.size(), 1u);
  ASSERT_EQ(entity.outcomes[0].status, "issued");
  const std::string serial = entity.outcomes[0].certificate->serial_hex();

  auto& oss = run->actor<TestConsumer>("oss");
  ASSERT_EQ(oss.revocations.size(), 1u);
  EXPECT_EQ(oss.revocations[0]["status"], "revoked");
  EXPECT_EQ(oss.revocations[0]["serial"], serial);

  auto revoked = find(records, "ca", "RevokeCertificate", "ok");
  ASSERT_EQ(revoked.size(), 1u);
  EXPECT_EQ(detail(revoked[0], "serial"), serial);
  auto request = find(records, "cmf", "RevocationRequest", "ok");
  ASSERT_EQ(request.size(), 1u);
  EXPECT_EQ(detail(request[0], "entity"), "nfvo-1");
  EXPECT_EQ(detail(request[0], "fqdn"), "nfvo.example.net");

  ASSERT_EQ(entity.removed.size(), 1u);
  EXPECT_EQ(entity.removed[0]["serial"], serial);
  EXPECT_EQ(entity.removed[0]["reason"], "keyCompromise");

  // The CA published a CRL after the revocation; the entity (a subscriber) got it.
  ASSERT_FALSE(entity.crls.empty());
  const auto entries = entity.crls.back().revoked();
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].serial_hex, serial);
  EXPECT_EQ(entries[0].reason, pki::RevocationReason::key_compromise);
  // The CMF keeps it as its latest CRL.
  auto updates = find(records, "cmf", "CrlUpdate", "ok");
  ASSERT_FALSE(updates.empty());
  EXPECT_EQ(detail(updates.back(), "entries"), "1");

  // The revocation was not refused.
  EXPECT_TRUE(find(records, "cmf", "RevocationRequest", "rejected").empty());
}

TEST(CmfRevocation, UnknownEntityOrUntrustedConsumerIsRefused) {
  auto run = run_scenario(cmf_world()
                              .command("10s", "oss", "revoke", {{"entity", "ghost"}})
                              .command("11s", "oss", "revoke", {{"entity", "nfvo-1"}})
                              .command("12s", "oss", "revoke", {{"entity", "nfvo-1"}}));
  auto& oss = run->actor<TestConsumer>("oss");
  ASSERT_EQ(oss.revocations.size(), 3u);
  EXPECT_EQ(oss.revocations[0]["status"], "rejected");
  EXPECT_EQ(oss.revocations[0]["reason"], "entity not registered");
  EXPECT_EQ(oss.revocations[1]["status"], "revoked");
  EXPECT_EQ(oss.revocations[2]["status"], "rejected");
  EXPECT_EQ(oss.revocations[2]["reason"], "entity holds no current certificate");
  EXPECT_EQ(find(run->records(), "ca", "RevokeCertificate", "ok").size(), 1u);
}

// An entity may ask for the revocation of the certificate it authenticates with, over mutual
// TLS; the CMF revokes it at the CA, answers it, and removes the certificate.
TEST(CmfRevocation, AnEntityMayRevokeItsOwnCertificate) {
  auto run = run_scenario(cmf_world().update_params("nfvo-1", {{"revoke_after", "5s"}}));
  auto& entity = run->actor<TestEntity>("nfvo-1");
  ASSERT_EQ(entity.outcomes.size(), 1u);
  ASSERT_EQ(entity.revocations.size(), 1u);
  const std::string serial = entity.outcomes[0].certificate->serial_hex();
  EXPECT_EQ(entity.revocations[0]["status"], "revoked") << entity.revocations[0].dump();
  EXPECT_EQ(entity.revocations[0]["serial"], serial);
  auto at_ca = find(run->records(), "ca", "RevokeCertificate", "ok");
  ASSERT_EQ(at_ca.size(), 1u);
  EXPECT_EQ(detail(at_ca[0], "serial"), serial);
  ASSERT_EQ(entity.removed.size(), 1u);
  EXPECT_EQ(entity.removed[0]["serial"], serial);
}

// ... but not another entity's: that stays a consumer's request, over day-0.
TEST(CmfRevocation, AnEntityMayNotRevokeAnotherEntitysCertificate) {
  auto run = run_scenario(
      cmf_world()
          .update_params("nfvo-1", {{"revoke_after", "5s"}, {"revoke_entity", "nfvo-2"}})
          .actor("nfvo-2", "test-entity")
          .command("1s", "oss", "register", register_args("nfvo-2", "nfvo2.example.net")));
  auto& entity = run->actor<TestEntity>("nfvo-1");
  ASSERT_EQ(run->actor<TestEntity>("nfvo-2").outcomes.size(), 1u);
  ASSERT_EQ(entity.revocations.size(), 1u);
  EXPECT_EQ(entity.revocations[0]["status"], "rejected");
  EXPECT_EQ(entity.revocations[0]["reason"], "consumer requests must come over the day-0 channel");
  EXPECT_TRUE(find(run->records(), "ca", "RevokeCertificate", "ok").empty());
  EXPECT_TRUE(run->actor<TestEntity>("nfvo-2").removed.empty());
}

}  // namespace
}  // namespace ifa026::actors::cmf_testing

namespace ifa026::actors::cmf_testing {
namespace {

TEST(CmfRenewal, MutualTlsRenewalSupersedesTheCurrentCertificate) {
  auto run = run_scenario(cmf_world()
                              .update_params("nfvo-1", {{"renew_after", "5s"}})
                              .command("20s", "oss", "revoke", {{"entity", "nfvo-1"}}));
  const auto& records = run->records();
  auto& entity = run->actor<TestEntity>("nfvo-1");
  ASSERT_EQ(entity.outcomes.size(), 2u);
  ASSERT_EQ(entity.outcomes[0].status, "issued");
  ASSERT_EQ(entity.outcomes[1].status, "issued") << entity.outcomes[1].reason;
  EXPECT_EQ(entity.outcomes[1].verification, "ok");
  const std::string renewed = entity.outcomes[1].certificate->serial_hex();
  EXPECT_NE(entity.outcomes[0].certificate->serial_hex(), renewed);
  auto checks = find(records, "cmf", "RegistrationCheck", "ok");
  ASSERT_EQ(checks.size(), 2u);
  EXPECT_EQ(detail(checks[1], "auth"), "certificate");
  EXPECT_EQ(detail(checks[1], "entity"), "nfvo-1");
  auto delivered = find(records, "cmf", "CertificateDelivered", "ok");
  ASSERT_EQ(delivered.size(), 2u);
  EXPECT_EQ(detail(delivered[1], "purpose"), "renewal");
  // The renewed certificate is the current one: revocation targets it.
  auto& oss = run->actor<TestConsumer>("oss");
  ASSERT_EQ(oss.revocations.size(), 1u);
  EXPECT_EQ(oss.revocations[0]["serial"], renewed);
  ASSERT_EQ(entity.removed.size(), 1u);
  EXPECT_EQ(entity.removed[0]["serial"], renewed);
}

}  // namespace
}  // namespace ifa026::actors::cmf_testing

namespace ifa026::actors::cmf_testing {
namespace {

TEST(CmfCaSelection, EntityKindSelectsAnotherCaWithItsOwnRaCertificate) {
  json vim = register_args("vim-1", "vim.example.net");
  vim["kind"] = "vim";
  vim["step"] = "C.4.3.1#0";
  auto run = run_scenario(cmf_world()
                              .update_params("cmf", {{"cas", {{"vim", "ca-2"}}}})
                              .add_ca("ca-2")
                              .ra_credential("ca-2", "cmf-ra", "ra secret of the cmf")
                              .crl_subscriber("ca-2", "cmf")
                              .actor("vim-1", "test-entity")
                              .command("1s", "oss", "register", vim)
                              .command("10s", "oss", "revoke", {{"entity", "vim-1"}}));
  const auto& records = run->records();
  EXPECT_EQ(find(records, "cmf", "CmfReady", "ok").size(), 1u);
  auto ra = find(records, "cmf", "RaCertificate", "ok");
  ASSERT_EQ(ra.size(), 1u);
  EXPECT_EQ(detail(ra[0], "ca"), "ca-2");
  auto select = find(records, "cmf", "SelectCa", "ok");
  ASSERT_EQ(select.size(), 2u);
  EXPECT_EQ(detail(select[0], "ca"), "ca");
  EXPECT_EQ(detail(select[1], "ca"), "ca-2");
  EXPECT_EQ(select[1].step, "C.4.3.1#1");

  auto& nfvo = run->actor<TestEntity>("nfvo-1");
  auto& vim1 = run->actor<TestEntity>("vim-1");
  ASSERT_EQ(nfvo.outcomes.size(), 1u);
  ASSERT_EQ(vim1.outcomes.size(), 1u);
  ASSERT_EQ(vim1.outcomes[0].status, "issued") << vim1.outcomes[0].reason;
  EXPECT_EQ(vim1.outcomes[0].verification, "ok");
  EXPECT_EQ(vim1.outcomes[0].certificate->issuer().common_name(), "ca-2 Issuing CA");
  EXPECT_EQ(vim1.outcomes[0].chain.back().subject().common_name(), "ca-2 Root CA");
  EXPECT_EQ(nfvo.outcomes[0].certificate->issuer().common_name(), "ca Issuing CA");
  EXPECT_EQ(find(records, "ca-2", "IssueCertificate", "ok").size(), 2u);  // RA + VIM
  // Revocation goes to the CA that issued the certificate.
  EXPECT_EQ(find(records, "ca-2", "RevokeCertificate", "ok").size(), 1u);
  EXPECT_TRUE(find(records, "ca", "RevokeCertificate").empty());
  ASSERT_EQ(vim1.removed.size(), 1u);
}

}  // namespace
}  // namespace ifa026::actors::cmf_testing
