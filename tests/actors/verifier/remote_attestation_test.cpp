// End-to-end tests of C.2.1.2 (VNFCI certificate enrolment with remote attestation in direct
// mode) with the real vnfm, cmf, ca, oss, verifier and vnfci actors: genuine VNFCIs are attested
// and enrol with every record at its C.2.1.2 step, in table order, over the attestation-derived
// PSK channel; a VNFCI with a tampered measurement is contraindicated and never registered nor
// certified; a VNFCI that derives its PSK with another key than the attested one cannot take its
// configuration; a VNFCI the verifier never appraised is refused after the CMF's retries.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "actors/vnfci/vnfci_identities.hpp"
#include "pki/chain_verifier.hpp"
#include "tests/actors/verifier/secure_bootstrap_test_support.hpp"

namespace ifa026::actors::bootstrap_testing {
namespace {

using sim::RecordKind;

constexpr const char* kVnfci1 = "vnf-1-fw-ctl-1";
constexpr const char* kVnfci2 = "vnf-1-fw-ctl-2";

TEST(RemoteAttestation, GenuineVnfcisAreAttestedAndEnrolStepByStep) {
  auto run = run_scenario(bootstrap_world());
  const auto& records = run->records();

  // Day 0: the NFVI's hardware root reached the verifier.
  ASSERT_EQ(decisions(records, "vnfm-1", "HardwareRoot", "sent").size(), 1u);
  ASSERT_EQ(decisions(records, "verifier-1", "HardwareRoot", "accepted").size(), 1u);

  for (const std::string vnfci : {kVnfci1, kVnfci2}) {
    SCOPED_TRACE(vnfci);
    // Pre-condition 3: the VNFCI's own attestation, without a step.
    auto attested = decisions(records, vnfci, "Attestation", "affirming", vnfci);
    ASSERT_EQ(attested.size(), 1u);
    EXPECT_EQ(attested[0].step, "");
    EXPECT_EQ(attested[0].reference_point, "VNFCI-Verifier");
    EXPECT_EQ(detail(attested[0], "relying_parties"), "cmf-1");
    auto appraisal = decisions(records, "verifier-1", "Appraisal", "affirming", vnfci);
    ASSERT_EQ(appraisal.size(), 1u);
    EXPECT_EQ(detail(appraisal[0], "reference"), "vnfd-fw/fw-ctl");

    // #1 .. #5 at the CMF, the verifier and the CA.
    auto discovered = decisions(records, "cmf-1", "VnfciDiscovered", "ok", vnfci);
    ASSERT_EQ(discovered.size(), 1u);
    EXPECT_EQ(discovered[0].step, "C.2.1.2#1");
    EXPECT_EQ(detail(discovered[0], "secure_bootstrap"), "attestation");
    auto check = decisions(records, "cmf-1", "AttestationCheck", "requested", vnfci);
    ASSERT_EQ(check.size(), 1u);  // the verifier held the request until its appraisal
    EXPECT_EQ(check[0].step, "C.2.1.2#2");
    auto asked = sends(records, "cmf-1", "verifier-1", "AttestationResultRequest");
    ASSERT_FALSE(asked.empty());
    EXPECT_EQ(asked[0].step, "C.2.1.2#2");
    EXPECT_EQ(asked[0].reference_point, "CMF-Verifier");
    auto answered = decisions(records, "verifier-1", "AttestationResult", "affirming", vnfci);
    ASSERT_EQ(answered.size(), 1u);
    EXPECT_EQ(answered[0].step, "C.2.1.2#2");
    EXPECT_EQ(detail(answered[0], "credential"), "provided");
    auto verified = decisions(records, "cmf-1", "AttestationVerified", "ok", vnfci);
    ASSERT_EQ(verified.size(), 1u);
    EXPECT_EQ(verified[0].step, "C.2.1.2#2");
    EXPECT_EQ(detail(verified[0], "credential"), "attested");
    auto created = decisions(records, "cmf-1", "IdentitiesCreated", "ok", vnfci);
    ASSERT_EQ(created.size(), 1u);
    EXPECT_EQ(created[0].step, "C.2.1.2#3");
    auto registered = decisions(records, "ca-1", "RegisterEndEntity", "registered", vnfci);
    ASSERT_EQ(registered.size(), 2u);
    for (const auto& r : registered) EXPECT_EQ(r.step, "C.2.1.2#4");
    auto configured = decisions(records, "cmf-1", "VnfciConfiguration", "sent", vnfci);
    ASSERT_EQ(configured.size(), 1u);
    EXPECT_EQ(configured[0].step, "C.2.1.2#5");
    EXPECT_EQ(detail(configured[0], "credential"), "attested");
    // #5 arrives over the PSK from the attestation (no day-0 secret is configured anywhere).
    auto stored = decisions(records, vnfci, "CertificateConfiguration", "stored", vnfci);
    ASSERT_EQ(stored.size(), 1u);
    EXPECT_EQ(stored[0].step, "C.2.1.2#5");
    EXPECT_EQ(detail(stored[0], "credential"), "attested");
    EXPECT_EQ(detail(stored[0], "flow"), "C.2.1.2");

    // #6 .. #9 per identity.
    auto keys = decisions(records, vnfci, "GenerateKey", "ok", vnfci);
    ASSERT_EQ(keys.size(), 2u);
    for (const auto& r : keys) EXPECT_EQ(r.step, "C.2.1.2#6");
    auto irs = sends(records, vnfci, "ca-1", "ir");
    ASSERT_EQ(irs.size(), 2u);
    for (const auto& r : irs) EXPECT_EQ(r.step, "C.2.1.2#7");
    auto issued = decisions(records, "ca-1", "IssueCertificate", "ok", vnfci);
    ASSERT_EQ(issued.size(), 2u);
    for (const auto& r : issued) EXPECT_EQ(r.step, "C.2.1.2#8");
    auto ips = sends(records, "ca-1", vnfci, "ip");
    ASSERT_EQ(ips.size(), 2u);
    for (const auto& r : ips) EXPECT_EQ(r.step, "C.2.1.2#9");
    auto checked = find(records, vnfci, RecordKind::crypto, "CertificateVerification", "ok", vnfci);
    ASSERT_EQ(checked.size(), 2u);
    for (const auto& r : checked) EXPECT_EQ(r.step, "C.2.1.2#9");
    auto installed = decisions(records, vnfci, "CertificateInstalled", "ok", vnfci);
    ASSERT_EQ(installed.size(), 2u);
    for (const auto& r : installed) EXPECT_EQ(r.step, "C.2.1.2#9");

    // Table order: #1 < #2 < #3 < #4 < #5 < #6 < #8 < #9, and the VNFCI's attestation first.
    EXPECT_LT(attested[0].id, verified[0].id);
    EXPECT_LT(discovered[0].id, check[0].id);
    EXPECT_LT(check[0].id, verified[0].id);
    EXPECT_LT(verified[0].id, created[0].id);
    EXPECT_LT(created[0].id, registered[0].id);
    EXPECT_LT(registered[1].id, configured[0].id);
    EXPECT_LT(configured[0].id, stored[0].id);
    EXPECT_LT(stored[0].id, keys[0].id);
    EXPECT_LT(keys[1].id, issued[1].id);
    EXPECT_LT(issued[1].id, installed[1].id);

    // Post-condition: a certificate for each identity, chaining to the CA.
    auto* holder = run->actor<VnfciIdentities>(vnfci);
    ASSERT_NE(holder, nullptr);
    for (const auto& state : holder->identities()) {
      ASSERT_TRUE(state.certificate.has_value()) << state.name;
      EXPECT_EQ(state.flow, "C.2.1.2");
      pki::TrustStore trust;
      trust.add_anchor(state.trust_anchor);
      for (const auto& c : state.intermediates) trust.add_intermediate(c);
      EXPECT_TRUE(pki::verify_certificate(*state.certificate, trust,
                                          pki::Instant::from_seconds(1767225600 + 60))
                      .ok());
    }
  }
  // No record of these VNFCIs claims a C.2.1.1 step.
  for (const auto& r : records)
    if (r.step.rfind("C.2.1.1", 0) == 0) ADD_FAILURE() << r.actor << " " << r.operation;
  // No VNFCI had a day-0 secret: the only secrets are the attested ones.
  EXPECT_TRUE(decisions(records, "", "EnrolmentFailed").empty());
}

TEST(RemoteAttestation, SameSeedSameTrace) {
  auto a = run_scenario(bootstrap_world());
  auto b = run_scenario(bootstrap_world());
  EXPECT_EQ(a->simulation->trace().fingerprint_hex(), b->simulation->trace().fingerprint_hex());
}

TEST(RemoteAttestation, ATamperedVnfciIsNeverRegisteredNorCertified) {
  auto run = run_scenario(bootstrap_world(2, {kVnfci2}));
  const auto& records = run->records();

  auto sent = decisions(records, kVnfci2, "Attestation", "evidence_sent", kVnfci2);
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(detail(sent[0], "tampered"), "firmware");
  auto appraisal = decisions(records, "verifier-1", "Appraisal", "contraindicated", kVnfci2);
  ASSERT_EQ(appraisal.size(), 1u);
  EXPECT_NE(detail(appraisal[0], "reasons").find("measurement mismatch: firmware"),
            std::string::npos);
  auto answered = decisions(records, "verifier-1", "AttestationResult", "contraindicated", kVnfci2);
  ASSERT_EQ(answered.size(), 1u);
  EXPECT_EQ(detail(answered[0], "credential"), "none");
  auto refused = decisions(records, "cmf-1", "AttestationVerified", "refused", kVnfci2);
  ASSERT_EQ(refused.size(), 1u);
  EXPECT_EQ(refused[0].step, "C.2.1.2#2");
  EXPECT_NE(detail(refused[0], "reason").find("contraindicated"), std::string::npos);
  // Nothing after #2 for it: no identities, no registration at the CA, no configuration, no
  // enrolment, no certificate.
  EXPECT_TRUE(decisions(records, "cmf-1", "IdentitiesCreated", "", kVnfci2).empty());
  EXPECT_TRUE(decisions(records, "cmf-1", "EndEntityRegistration", "", kVnfci2).empty());
  EXPECT_TRUE(decisions(records, "ca-1", "RegisterEndEntity", "", kVnfci2).empty());
  EXPECT_TRUE(decisions(records, "cmf-1", "VnfciConfiguration", "", kVnfci2).empty());
  EXPECT_TRUE(decisions(records, "ca-1", "IssueCertificate", "", kVnfci2).empty());
  EXPECT_TRUE(sends(records, kVnfci2, "ca-1", "ir").empty());
  auto* holder = run->actor<VnfciIdentities>(kVnfci2);
  ASSERT_NE(holder, nullptr);
  EXPECT_TRUE(holder->identities().empty());
  // The genuine one enrolled.
  EXPECT_EQ(decisions(records, kVnfci1, "CertificateInstalled", "ok").size(), 2u);
  EXPECT_EQ(decisions(records, "cmf-1", "AttestationVerified", "ok", kVnfci1).size(), 1u);
}

TEST(RemoteAttestation, AVnfciWithoutTheAttestedKeyCannotOpenTheChannel) {
  auto run =
      run_scenario(bootstrap_world(1)
                       .update_params("vnfm-1", {{"vnfci_params", {{"wrong_hmee_key", true}}}})
                       .direct_mode("cmf-1", {{"registration_retries", 1}}));
  const auto& records = run->records();

  // The evidence is genuine, so the verifier affirms and the CMF accepts the result ...
  EXPECT_EQ(decisions(records, "cmf-1", "AttestationVerified", "ok", kVnfci1).size(), 1u);
  ASSERT_EQ(decisions(records, "cmf-1", "VnfciConfiguration", "sent", kVnfci1).size(), 2u);
  // ... but the VNFCI's PSK is not the one derived from its attested HMEE key: every handshake
  // fails, the configuration is given up, nothing is enrolled.
  std::size_t failed = 0;
  for (const auto& r : find(records, "cmf-1", RecordKind::crypto, "TlsHandshake", "failed"))
    if (r.peer == kVnfci1) ++failed;
  EXPECT_EQ(failed, 2u);
  EXPECT_EQ(decisions(records, "cmf-1", "VnfciConfiguration", "undelivered", kVnfci1).size(), 1u);
  EXPECT_TRUE(decisions(records, kVnfci1, "CertificateConfiguration").empty());
  EXPECT_TRUE(decisions(records, "ca-1", "IssueCertificate", "", kVnfci1).empty());
}

TEST(RemoteAttestation, NoResultFromTheVerifierIsRefusedAfterRetries) {
  // The verifier has no reference values for this VNFC: it refuses to challenge the VNFCI.
  auto run = run_scenario(
      bootstrap_world(1)
          .update_params("verifier-1",
                         {{"reference_values", {{"vnfd-other/fw-ctl", genuine_measurements()}}}})
          .direct_mode("cmf-1", {{"attestation_retries", 2}, {"attestation_retry", "1s"}}));
  const auto& records = run->records();

  EXPECT_EQ(decisions(records, "verifier-1", "AttestationChallenge", "rejected", kVnfci1).size(),
            1u);
  EXPECT_EQ(decisions(records, kVnfci1, "Attestation", "failed", kVnfci1).size(), 1u);
  // Three questions (one and two retries after 1 s and 2 s), each answered "unknown".
  auto asked = decisions(records, "cmf-1", "AttestationCheck", "requested", kVnfci1);
  ASSERT_EQ(asked.size(), 3u);
  EXPECT_EQ(decisions(records, "verifier-1", "AttestationResult", "unknown", kVnfci1).size(), 3u);
  auto retries = decisions(records, "cmf-1", "AttestationCheck", "retry", kVnfci1);
  ASSERT_EQ(retries.size(), 2u);
  EXPECT_EQ(detail(retries[0], "retry_in"), "1s");
  EXPECT_EQ(detail(retries[1], "retry_in"), "2s");
  auto refused = decisions(records, "cmf-1", "AttestationVerified", "refused", kVnfci1);
  ASSERT_EQ(refused.size(), 1u);
  EXPECT_NE(detail(refused[0], "reason").find("no attestation result"), std::string::npos);
  EXPECT_TRUE(decisions(records, "ca-1", "RegisterEndEntity", "", kVnfci1).empty());
}

}  // namespace
}  // namespace ifa026::actors::bootstrap_testing
