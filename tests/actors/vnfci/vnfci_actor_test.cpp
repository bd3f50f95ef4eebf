// Tests for the `vnfci` actor (docs/direct-mode.md) with the real `ca` actor and a test CMF:
// enrolment of two identities (C.2.1.1 #2-#7, certificates chaining to the CA's root with the
// registered subjects), negative scenarios (wrong initial secret, reused one-use credential,
// wrong trust anchor, registrations the CA refused, configuration outside the day-0 channel), the
// CA unreachable for a window (retries with exponential back-off), renewal by kur at
// not_after - renew_before (C.2.1.4) and kur with a revoked certificate refused, determinism and
// parameter checks.
#include "actors/vnfci/vnfci_config.hpp"
#include "tests/actors/vnfci/vnfci_test_support.hpp"

namespace ifa026::actors::vnfci_test {
namespace {

using sim::RecordKind;

CmfPlan two_identities_on(const std::string& vnfci) {
  CmfPlan plan;
  plan.identities = {identity(vnfci, "client", vnfci + "/client#1"),
                     identity(vnfci, "oam", vnfci + "/oam#1")};
  plan.configure_at[vnfci] = Duration::seconds(1);
  return plan;
}

// Index of the first record matching, or npos.
std::size_t position(const std::vector<sim::TraceRecord>& records, const std::string& actor,
                     const std::string& operation, const std::string& step,
                     const std::string& identity = "") {
  for (std::size_t i = 0; i < records.size(); ++i) {
    const auto& r = records[i];
    if (r.actor == actor && r.operation == operation && r.step == step &&
        (identity.empty() || detail(r, "identity").find(identity) != std::string::npos))
      return i;
  }
  return std::string::npos;
}

TEST(Vnfci, EnrolsTwoIdentitiesDirectlyAtTheCaInFlowOrder) {
  CmfPlan plan = two_identities_on("vnfci-1");
  auto outcome = run(plan, vnfci_world({{"vnfci-1"}}));

  ASSERT_TRUE(plan.ra && plan.ra->ok());
  ASSERT_EQ(plan.registration_replies.size(), 2u);
  for (const auto& [reference, reply] : plan.registration_replies)
    EXPECT_EQ(reply.value("status", ""), "registered") << reference;

  const pki::Instant now = pki::Instant::from_seconds(kEpochSeconds + 120);
  for (const auto& planned : plan.identities) {
    const VnfciIdentityState* state = find_identity(outcome, "vnfci-1", planned.name);
    ASSERT_NE(state, nullptr) << planned.name;
    ASSERT_TRUE(state->certificate.has_value()) << planned.name;
    const pki::Certificate& cert = *state->certificate;
    EXPECT_EQ(cert.subject().to_string(), planned.subject);
    EXPECT_EQ(cert.san().dns, planned.dns);
    EXPECT_TRUE(pki::verify_certificate(cert, ca_trust(plan), now).ok());
    EXPECT_EQ(state->trust_anchor, plan.ra->ca_pubs.front());
    EXPECT_FALSE(state->in_progress);
    EXPECT_EQ(state->renewals, 0u);
  }
  const auto* client = find_identity(outcome, "vnfci-1", "client");
  const auto* oam = find_identity(outcome, "vnfci-1", "oam");
  ASSERT_TRUE(client && oam && client->certificate && oam->certificate);
  EXPECT_FALSE(client->certificate->public_key() == oam->certificate->public_key());

  // Every step of C.2.1.1 for each identity, in order.
  const auto& records = outcome.records;
  for (const std::string name : {"client", "oam"}) {
    const std::string full = "vnfci-1/" + name;
    const std::size_t registered = position(records, kCa, "RegisterEndEntity", "C.2.1.1#2", full);
    const std::size_t configured =
        position(records, "vnfci-1", "CertificateConfiguration", "C.2.1.1#3");
    const std::size_t condition =
        position(records, "vnfci-1", "RenewalConditionSet", "C.2.1.4#0", name);
    const std::size_t key = position(records, "vnfci-1", "GenerateKey", "C.2.1.1#4", name);
    const std::size_t issued = position(records, kCa, "IssueCertificate", "C.2.1.1#6", full);
    const std::size_t verified =
        position(records, "vnfci-1", "CertificateVerification", "C.2.1.1#7", name);
    const std::size_t installed =
        position(records, "vnfci-1", "CertificateInstalled", "C.2.1.1#7", name);
    ASSERT_NE(installed, std::string::npos) << name;
    EXPECT_LT(registered, configured) << name;
    EXPECT_LT(configured, condition) << name;
    EXPECT_LT(condition, key) << name;
    EXPECT_LT(key, issued) << name;
    EXPECT_LT(issued, verified) << name;
    EXPECT_LT(verified, installed) << name;
    EXPECT_EQ(records[verified].outcome, "ok");
    EXPECT_EQ(detail(records[installed], "vnfci"), "vnfci-1");
    EXPECT_EQ(detail(records[installed], "purpose"), "enrolment");
    EXPECT_EQ(detail(records[condition], "renew_before"), "30d");
    EXPECT_EQ(detail(records[issued], "serial"), detail(records[installed], "serial"));
  }
  // The ir and certConf leave at #5 and #7; ip and pkiConf come back at #7.
  std::vector<std::string> vnfci_sends, ca_sends;
  for (const auto& r : records) {
    if (r.kind != RecordKind::send || r.reference_point != "CA-1") continue;
    if (r.actor == "vnfci-1") vnfci_sends.push_back(r.operation + " " + r.step);
    if (r.actor == kCa && r.peer == "vnfci-1") ca_sends.push_back(r.operation + " " + r.step);
  }
  EXPECT_EQ(vnfci_sends, (std::vector<std::string>{"ir C.2.1.1#5", "ir C.2.1.1#5",
                                                   "certConf C.2.1.1#7", "certConf C.2.1.1#7"}));
  EXPECT_EQ(ca_sends, (std::vector<std::string>{"ip C.2.1.1#7", "ip C.2.1.1#7", "pkiConf C.2.1.1#7",
                                                "pkiConf C.2.1.1#7"}));
  EXPECT_TRUE(decisions(records, "vnfci-1", "EnrolmentFailed").empty());

  // Same scenario and seed, same trace.
  CmfPlan again = two_identities_on("vnfci-1");
  EXPECT_EQ(run(again, vnfci_world({{"vnfci-1"}})).fingerprint, outcome.fingerprint);
}

TEST(Vnfci, AWrongInitialSecretIsRefusedAndNothingIsInstalled) {
  CmfPlan plan = two_identities_on("vnfci-1");
  plan.identities.pop_back();
  auto outcome = run(plan, vnfci_world({{"vnfci-1", {{"wrong_secret", true}}}}));

  const auto* client = find_identity(outcome, "vnfci-1", "client");
  ASSERT_NE(client, nullptr);
  EXPECT_FALSE(client->certificate.has_value());
  auto issued = decisions(outcome.records, kCa, "IssueCertificate");
  ASSERT_EQ(issued.size(), 2u);  // the RA's, then the refusal
  EXPECT_EQ(issued[1].outcome, "rejected");
  EXPECT_EQ(issued[1].step, "C.2.1.1#6");
  EXPECT_NE(detail(issued[1], "reason").find("badMessageCheck"), std::string::npos)
      << issued[1].detail;
  auto failed = decisions(outcome.records, "vnfci-1", "EnrolmentFailed");
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0].outcome, "failed");
  EXPECT_EQ(detail(failed[0], "identity"), "client");
  // A refusal is an answer: no retry.
  EXPECT_TRUE(decisions(outcome.records, "vnfci-1", "EnrolmentRetry").empty());
  EXPECT_TRUE(decisions(outcome.records, "vnfci-1", "CertificateInstalled").empty());
}

TEST(Vnfci, AOneUseCredentialServesOnlyTheFirstVnfci) {
  CmfPlan plan;
  plan.identities = {identity("vnfci-1", "client", "shared#1")};
  PlannedIdentity copy = plan.identities[0];
  copy.vnfci = "vnfci-2";
  copy.register_at_ca = false;  // the same credential, handed to a second VNFCI
  plan.identities.push_back(copy);
  plan.configure_at["vnfci-1"] = Duration::seconds(1);
  plan.configure_at["vnfci-2"] = Duration::seconds(3);
  auto outcome = run(plan, vnfci_world({{"vnfci-1"}, {"vnfci-2"}}));

  const auto* first = find_identity(outcome, "vnfci-1", "client");
  const auto* second = find_identity(outcome, "vnfci-2", "client");
  ASSERT_TRUE(first && second);
  EXPECT_TRUE(first->certificate.has_value());
  EXPECT_FALSE(second->certificate.has_value());
  auto failed = decisions(outcome.records, "vnfci-2", "EnrolmentFailed");
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_NE(detail(failed[0], "reason").find("one-use"), std::string::npos) << failed[0].detail;
  std::vector<std::string> outcomes;
  for (const auto& r : decisions(outcome.records, kCa, "IssueCertificate"))
    if (r.peer != kCmf) outcomes.push_back(r.peer + " " + r.outcome);
  EXPECT_EQ(outcomes, (std::vector<std::string>{"vnfci-1 ok", "vnfci-2 rejected"}));
}

// The CA takes 1.5 s to issue, so the certificate's notBefore (the CA's clock, whole seconds) is
// after the second the ir left: the CmpClient must verify it when the reply arrives (CmpExchange
// sets its clock), not when the operation started.
TEST(Vnfci, VerifiesTheNewCertificateWhenTheSlowCaReplies) {
  CmfPlan plan = two_identities_on("vnfci-1");
  plan.identities.pop_back();
  plan.configure_at["vnfci-1"] = Duration::seconds(5);  // once the test CMF is an RA (1.5 s)
  auto outcome = run(
      plan, vnfci_world({{"vnfci-1"}}).update_params(kCa, {{"processing", {{"issue", "1500ms"}}}}));

  const auto* client = find_identity(outcome, "vnfci-1", "client");
  ASSERT_NE(client, nullptr);
  ASSERT_TRUE(client->certificate.has_value());
  EXPECT_TRUE(decisions(outcome.records, "vnfci-1", "EnrolmentFailed").empty());
  // The scenario does cross a second: notBefore is later than the second the ir was sent in.
  auto sent = records_of(outcome.records, "vnfci-1", sim::RecordKind::send, "ir");
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_GT(client->certificate->not_before().unix_ns / 1'000'000'000,
            kEpochSeconds + sent[0].time.ns() / 1'000'000'000);
}

TEST(Vnfci, RetriesWithBackOffWhileTheCaIsDownAndEnrolsAfterTheWindow) {
  CmfPlan plan = two_identities_on("vnfci-1");
  plan.identities.pop_back();
  // Registration is done by 0.5 s; the CA is down from then until 25 s, when the VNFCI enrols.
  // Whole-operation retries only (cmp_resends 0): the resends of one request are
  // tests/actors/ca/ca_retransmission_test.cpp's.
  auto outcome =
      run(plan, vnfci_world({{"vnfci-1", {{"cmp_resends", 0}}}}).actor_down(kCa, "500ms", "25s"));

  ASSERT_EQ(plan.registration_replies.size(), 1u);
  const auto* client = find_identity(outcome, "vnfci-1", "client");
  ASSERT_NE(client, nullptr);
  ASSERT_TRUE(client->certificate.has_value());
  EXPECT_TRUE(pki::verify_certificate(*client->certificate, ca_trust(plan),
                                      pki::Instant::from_seconds(kEpochSeconds + 60))
                  .ok());
  // ir at ~2 s lost, 10 s timeout, retry after 5 s (lost), timeout, retry after 10 s: answered.

  auto timeouts = decisions(outcome.records, "vnfci-1", "CmpExchange");
  ASSERT_EQ(timeouts.size(), 2u);
  for (const auto& t : timeouts) {
    EXPECT_EQ(t.outcome, "timeout");
    EXPECT_EQ(t.step, "C.2.1.1#5");
    // The VNFCI's records name the VNFCI and identity, not the CMP body.
    EXPECT_EQ(detail(t, "vnfci"), "vnfci-1");
    EXPECT_FALSE(detail(t, "identity").empty());
    EXPECT_EQ(detail(t, "operation"), "");
    EXPECT_EQ(detail(t, "reason"), "no reply from the CA");
  }
  auto retries = decisions(outcome.records, "vnfci-1", "EnrolmentRetry");
  ASSERT_EQ(retries.size(), 2u);
  EXPECT_EQ(detail(retries[0], "delay"), "5s");
  EXPECT_EQ(detail(retries[0], "attempt"), "2");
  EXPECT_EQ(detail(retries[1], "delay"), "10s");
  EXPECT_EQ(detail(retries[1], "attempt"), "3");
  EXPECT_EQ(retries[1].time - timeouts[1].time, Duration());
  auto installed = decisions(outcome.records, "vnfci-1", "CertificateInstalled");
  ASSERT_EQ(installed.size(), 1u);
  EXPECT_GT(installed[0].time, Time::zero() + Duration::seconds(25));
  EXPECT_LT(installed[0].time, Time::zero() + Duration::seconds(40));
  EXPECT_TRUE(decisions(outcome.records, "vnfci-1", "EnrolmentFailed").empty());

  // With one retry only, the VNFCI gives up before the CA is back.
  CmfPlan short_plan = two_identities_on("vnfci-1");
  short_plan.identities.pop_back();
  auto gave_up =
      run(short_plan, vnfci_world({{"vnfci-1", {{"cmp_retries", 1}, {"cmp_resends", 0}}}})
                          .actor_down(kCa, "500ms", "25s"));
  auto failed = decisions(gave_up.records, "vnfci-1", "EnrolmentFailed");
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_NE(detail(failed[0], "reason").find("CA unreachable"), std::string::npos);
  EXPECT_FALSE(find_identity(gave_up, "vnfci-1", "client")->certificate.has_value());
}

TEST(Vnfci, AWrongTrustAnchorFailsVerificationAndNothingIsInstalled) {
  CmfPlan plan = two_identities_on("vnfci-1");
  auto outcome = run(plan, vnfci_world({{"vnfci-1", {{"wrong_trust_anchor", true}}}}));

  for (const std::string name : {"client", "oam"}) {
    const auto* state = find_identity(outcome, "vnfci-1", name);
    ASSERT_NE(state, nullptr);
    EXPECT_FALSE(state->certificate.has_value()) << name;
    EXPECT_FALSE(state->trust_anchor == plan.ra->ca_pubs.front());
  }
  auto verifications =
      records_of(outcome.records, "vnfci-1", RecordKind::crypto, "CertificateVerification");
  ASSERT_EQ(verifications.size(), 2u);
  for (const auto& v : verifications) {
    EXPECT_EQ(v.outcome, "rejected");
    EXPECT_NE(detail(v, "reason").find("unknown-issuer"), std::string::npos) << v.detail;
  }
  EXPECT_EQ(decisions(outcome.records, "vnfci-1", "EnrolmentFailed").size(), 2u);
  EXPECT_TRUE(decisions(outcome.records, "vnfci-1", "CertificateInstalled").empty());
  // The VNFCI refused both in its certConf: the CA withdrew them.
  std::vector<std::string> withdrawn;
  for (const auto& r : decisions(outcome.records, kCa, "RevokeCertificate")) {
    EXPECT_EQ(r.step, "C.2.1.1#7");
    EXPECT_EQ(detail(r, "reason"), "not confirmed by the holder");
    withdrawn.push_back(detail(r, "serial"));
  }
  std::vector<std::string> refused;
  for (const auto& v : verifications) refused.push_back(detail(v, "serial"));
  EXPECT_EQ(withdrawn, refused);
}

TEST(Vnfci, RegistrationsTheCaRefusedLeaveTheVnfciWithoutCertificates) {
  CmfPlan plan = two_identities_on("vnfci-1");
  plan.identities[0].signing = "tampered";
  plan.identities[1].signing = "stranger";
  auto outcome = run(plan, vnfci_world({{"vnfci-1"}}));

  ASSERT_EQ(plan.registration_replies.size(), 2u);
  EXPECT_EQ(plan.registration_replies["vnfci-1/client#1"].value("reason", ""),
            "authentication: signature does not verify");
  EXPECT_EQ(plan.registration_replies["vnfci-1/oam#1"].value("reason", ""),
            "signer is not a registration authority of this CA");
  for (const auto& r : decisions(outcome.records, kCa, "RegisterEndEntity"))
    EXPECT_EQ(r.outcome, "rejected");
  auto failed = decisions(outcome.records, "vnfci-1", "EnrolmentFailed");
  ASSERT_EQ(failed.size(), 2u);
  for (const auto& f : failed)
    EXPECT_NE(detail(f, "reason").find("unknown initial credential"), std::string::npos)
        << f.detail;
  EXPECT_TRUE(decisions(outcome.records, "vnfci-1", "CertificateInstalled").empty());
}

TEST(Vnfci, ConfigurationOnlyComesOverTheDay0Channel) {
  CmfPlan plan;
  for (const std::string vnfci : {"vnfci-1", "vnfci-2", "vnfci-3"}) {
    plan.identities.push_back(identity(vnfci, "client", vnfci + "/client#1"));
    plan.configure_at[vnfci] = Duration::seconds(1);
  }
  plan.plain = {"vnfci-3"};
  auto outcome =
      run(plan, vnfci_world({{"vnfci-1", {{"day0", {{kCmf, "another secret"}}}}},
                             {"vnfci-2", {{"day0", {{"cmf-2", day0_secret("vnfci-2")}}}}},
                             {"vnfci-3"}}));

  for (const std::string vnfci : {"vnfci-1", "vnfci-2", "vnfci-3"}) {
    EXPECT_TRUE(decisions(outcome.records, vnfci, "CertificateConfiguration").empty()) << vnfci;
    EXPECT_TRUE(decisions(outcome.records, vnfci, "GenerateKey").empty()) << vnfci;
    EXPECT_TRUE(outcome.identities[vnfci].empty()) << vnfci;
  }
  for (const std::string vnfci : {"vnfci-1", "vnfci-2"}) {
    auto handshakes = records_of(outcome.records, vnfci, RecordKind::crypto, "TlsHandshake");
    ASSERT_FALSE(handshakes.empty()) << vnfci;
    EXPECT_EQ(handshakes.front().outcome, "failed") << vnfci;
  }
  auto plain = decisions(outcome.records, "vnfci-3", "VnfciCertificateConfiguration");
  ASSERT_EQ(plain.size(), 1u);
  EXPECT_EQ(plain[0].outcome, "rejected");
  EXPECT_EQ(detail(plain[0], "reason"), "not accepted outside a secure channel");
}

TEST(Vnfci, RenewsByKurAtNotAfterMinusRenewBefore) {
  CmfPlan plan = two_identities_on("vnfci-1");
  plan.identities.pop_back();
  plan.identities[0].renew_before = "6h";
  auto outcome = run(
      plan, vnfci_world({{"vnfci-1"}}).update_params(kCa, {{"validity", "1d"}}).duration("20h"));

  auto installed = decisions(outcome.records, "vnfci-1", "CertificateInstalled");
  ASSERT_EQ(installed.size(), 2u);
  EXPECT_EQ(detail(installed[0], "purpose"), "enrolment");
  EXPECT_EQ(detail(installed[1], "purpose"), "renewal");
  EXPECT_EQ(installed[1].step, "C.2.1.4#5");
  auto due = decisions(outcome.records, "vnfci-1", "RenewalDue");
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].step, "C.2.1.4#1");
  EXPECT_EQ(detail(due[0], "serial"), detail(installed[0], "serial"));
  // not_after is one day after issuance (whole seconds): renewal due 18 h after enrolment.
  const Duration after = due[0].time - installed[0].time;
  EXPECT_GE(after, Duration::hours(18) - Duration::seconds(2));
  EXPECT_LE(after, Duration::hours(18));
  EXPECT_NE(position(outcome.records, "vnfci-1", "GenerateKey", "C.2.1.4#2"), std::string::npos);
  auto kur = position(outcome.records, "vnfci-1", "kur", "C.2.1.4#3");
  ASSERT_NE(kur, std::string::npos);
  auto issued = decisions(outcome.records, kCa, "IssueCertificate");
  ASSERT_EQ(issued.size(), 3u);
  EXPECT_EQ(issued[2].step, "C.2.1.4#4");
  EXPECT_EQ(detail(issued[2], "request"), "kur");
  EXPECT_EQ(detail(issued[2], "serial"), detail(installed[1], "serial"));
  EXPECT_NE(position(outcome.records, kCa, "kup", "C.2.1.4#5"), std::string::npos);

  const auto* client = find_identity(outcome, "vnfci-1", "client");
  ASSERT_TRUE(client && client->certificate);
  EXPECT_EQ(client->renewals, 1u);
  EXPECT_EQ(client->certificate->serial_hex(), detail(installed[1], "serial"));
  EXPECT_EQ(client->certificate->subject().to_string(), plan.identities[0].subject);
  EXPECT_TRUE(pki::verify_certificate(*client->certificate, ca_trust(plan),
                                      pki::Instant::from_seconds(kEpochSeconds + 19 * 3600))
                  .ok());
}

TEST(Vnfci, KurWithARevokedCertificateIsRefused) {
  CmfPlan plan = two_identities_on("vnfci-1");
  plan.identities.pop_back();
  auto outcome =
      run(plan, vnfci_world({{"vnfci-1"}})
                    .duration("3h")
                    .command("1h", kCmf, "revoke", {{"vnfci", "vnfci-1"}, {"identity", "client"}})
                    .command("2h", "vnfci-1", "renew", {{"identity", "client"}}));

  ASSERT_EQ(plan.revocations.size(), 1u);
  EXPECT_TRUE(plan.revocations[0].ok()) << plan.revocations[0].status_text;
  auto due = decisions(outcome.records, "vnfci-1", "RenewalDue");
  ASSERT_EQ(due.size(), 1u);
  auto failed = decisions(outcome.records, "vnfci-1", "EnrolmentFailed");
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(detail(failed[0], "purpose"), "renewal");
  EXPECT_NE(detail(failed[0], "reason").find("revoked"), std::string::npos) << failed[0].detail;
  auto issued = decisions(outcome.records, kCa, "IssueCertificate");
  ASSERT_FALSE(issued.empty());
  EXPECT_EQ(issued.back().outcome, "rejected");
  EXPECT_EQ(issued.back().step, "C.2.1.4#4");
  EXPECT_EQ(decisions(outcome.records, "vnfci-1", "CertificateInstalled").size(), 1u);
  EXPECT_TRUE(decisions(outcome.records, "vnfci-1", "EnrolmentRetry").empty());
  const auto* client = find_identity(outcome, "vnfci-1", "client");
  ASSERT_TRUE(client && client->certificate);
  EXPECT_EQ(client->renewals, 0u);
}

TEST(Vnfci, BadConfigurationEntriesAndCaMessagesAreRejectedAndTheRestProceeds) {
  CmfPlan plan = two_identities_on("vnfci-1");
  plan.identities.pop_back();
  json no_anchor = {{"name", "server"},
                    {"subject", "CN=s.example.net"},
                    {"ca", kCa},
                    {"reference", "r"},
                    {"secret", "s"}};
  json bad_subject = no_anchor;
  bad_subject["name"] = "web";
  bad_subject["subject"] = "not a name";
  json duplicate = {{"name", "client"},
                    {"subject", "CN=x.example.net"},
                    {"ca", kCa},
                    {"reference", "r2"},
                    {"secret", "s"}};
  set_bytes(duplicate, "trust_anchor", bytes_of("garbage"));
  json not_a_map = "client";
  plan.extra_entries["vnfci-1"] = json::array({no_anchor, bad_subject, duplicate, not_a_map});
  Envelope unknown_exchange{"ip", "C.2.1.1#7", json::object()};
  unknown_exchange.body["exchange"] = 999;
  set_bytes(unknown_exchange.body, "der", bytes_of("not a PKIMessage"));
  plan.ca1_payloads["vnfci-1"] = {bytes_of("garbage"), encode_envelope(unknown_exchange)};
  auto outcome = run(plan, vnfci_world({{"vnfci-1"}}));

  std::vector<std::string> rejected;
  for (const auto& r : decisions(outcome.records, "vnfci-1", "CertificateConfiguration"))
    if (r.outcome == "rejected") rejected.push_back(detail(r, "reason"));
  ASSERT_EQ(rejected.size(), 4u);
  EXPECT_EQ(rejected[0], "no trust anchor");
  EXPECT_NE(rejected[1].find("subject"), std::string::npos) << rejected[1];
  EXPECT_NE(rejected[2].find("trust anchor"), std::string::npos) << rejected[2];
  EXPECT_EQ(rejected[3], "identity entry is not a map");
  auto configured = decisions(outcome.records, "vnfci-1", "CertificateConfiguration");
  ASSERT_EQ(configured.size(), 5u);
  EXPECT_EQ(configured.back().outcome, "stored");
  EXPECT_EQ(detail(configured.back(), "identities"), "1");
  EXPECT_EQ(detail(configured.back(), "rejected"), "4");
  std::vector<std::string> ca1;
  for (const auto& r : decisions(outcome.records, "vnfci-1", "ip"))
    ca1.push_back(detail(r, "reason"));
  ASSERT_EQ(ca1.size(), 2u);
  EXPECT_NE(ca1[0].find("undecodable"), std::string::npos) << ca1[0];
  EXPECT_EQ(ca1[1], "no request waits for this exchange");
  // The valid identity enrolled all the same.
  const auto* client = find_identity(outcome, "vnfci-1", "client");
  ASSERT_TRUE(client && client->certificate);
  EXPECT_EQ(client->certificate->subject().to_string(), plan.identities[0].subject);
  EXPECT_EQ(outcome.identities["vnfci-1"].size(), 1u);
}

TEST(Vnfci, ARetiredVnfciWindsDownItsPendingExchange) {
  CmfPlan plan = two_identities_on("vnfci-1");
  auto outcome = run(plan, vnfci_world({{"vnfci-1"}})
                               .actor_down(kCa, "500ms", "30s")
                               .command("5s", kCmf, "retire", {{"vnfcis", {"vnfci-1"}}}));

  EXPECT_TRUE(outcome.identities.empty());  // gone
  bool sent_ir = false;
  for (const auto& r : outcome.records) {
    if (r.actor == "vnfci-1" && r.kind == RecordKind::send && r.operation == "ir") sent_ir = true;
    // Nothing of it runs after the retirement: no timeouts, retries or failures.
    if (r.actor == "vnfci-1") {
      EXPECT_LT(r.time, Time::zero() + Duration::seconds(5)) << r.operation;
    }
  }
  EXPECT_TRUE(sent_ir);
}

TEST(Vnfci, CheckParamsAcceptsTheDocumentedParametersAndRejectsBadOnes) {
  sim::ActorRegistry registry;
  register_vnfci_actor(registry);
  const sim::ActorType* type = registry.find("vnfci");
  ASSERT_NE(type, nullptr);
  json good = {{"day0", {{"cmf-1", "secret"}}},
               {"key_type", "ec-p384"},
               {"processing", {{"keygen", "5ms"}, {"sign", "1ms"}}},
               {"concurrency", 2u},
               {"cmp_retries", 3u},
               {"cmp_retry_delay", "2s"},
               {"cmp_timeout", "5s"},
               {"channel_idle", "0s"},
               {"wrong_trust_anchor", false},
               {"wrong_secret", false}};
  std::vector<sim::Diagnostic> out;
  type->check_params(good, out);
  EXPECT_TRUE(out.empty()) << out.front().message;
  auto problems = [&](json params) {
    std::vector<sim::Diagnostic> found;
    type->check_params(params, found);
    std::vector<std::string> pointers;
    for (const auto& d : found) pointers.push_back(d.pointer);
    return pointers;
  };
  EXPECT_EQ(problems({{"key_type", "dsa"}}), std::vector<std::string>{"/key_type"});
  EXPECT_EQ(problems({{"cmp_timeout", "0s"}}), std::vector<std::string>{"/cmp_timeout"});
  EXPECT_EQ(problems({{"processing", {{"issue", "5ms"}}}}),
            std::vector<std::string>{"/processing/issue"});
  EXPECT_EQ(problems({{"day0", {{"cmf", 3}}}}).size(), 1u);
  EXPECT_EQ(problems({{"cmp_retry", 2}}), std::vector<std::string>{"/cmp_retry"});
}

}  // namespace
}  // namespace ifa026::actors::vnfci_test

namespace ifa026::actors {
namespace {

// VNFCIs spawned with the same parameters share one parsed Settings, whatever their day-0
// secrets (which stay each VNFCI's own and are never in the shared settings); other parameters
// or a secure bootstrap (the instance's own platform key) give their own.
TEST(VnfciSettings, InstancesOfOneVnfcShareTheirSettingsButNotTheirSecrets) {
  nlohmann::json a = {{"cmp_retries", 3}, {"day0", {{"cmf", "secret-a"}}}};
  nlohmann::json b = {{"cmp_retries", 3}, {"day0", {{"cmf", "secret-b"}}}};
  nlohmann::json c = {{"cmp_retries", 4}, {"day0", {{"cmf", "secret-a"}}}};
  const auto sa = vnfci::shared_settings(a);
  const auto sb = vnfci::shared_settings(b);
  const auto sc = vnfci::shared_settings(c);
  EXPECT_EQ(sa.get(), sb.get());
  EXPECT_NE(sa.get(), sc.get());
  EXPECT_EQ(sa->cmp_retries, 3);
  EXPECT_EQ(sc->cmp_retries, 4);
  EXPECT_TRUE(sa->day0.empty());
  EXPECT_EQ(vnfci::day0_secrets(a).at("cmf"), "secret-a");
  EXPECT_EQ(vnfci::day0_secrets(b).at("cmf"), "secret-b");
  nlohmann::json bootstrap = a;
  bootstrap["secure_bootstrap"] = {{"verifier", "verifier"}, {"reference", "vnfd/vnfc"}};
  const auto s1 = vnfci::shared_settings(bootstrap);
  const auto s2 = vnfci::shared_settings(bootstrap);
  EXPECT_NE(s1.get(), s2.get());
  ASSERT_TRUE(s1->bootstrap);
  EXPECT_EQ(s1->bootstrap->verifier, "verifier");
}

}  // namespace
}  // namespace ifa026::actors
