// End-to-end tests of C.2.1.3 (VNFCI certificate enrolment using an HSM in direct mode) with the
// real vnfm, cmf, ca, oss, verifier, hsm and vnfci actors: after attestation (#1-#5 as C.2.1.2),
// the HMEE opens mutual TLS with the HSM (#6), gets a key pair per identity from it (#7-#8), builds
// the request (#9), has the HSM sign it (#10-#12), enrols it with the initial credential (#13-#15)
// and the certificate certifies the HSM-generated key; without HSM signing the request is an ir;
// key rotation repeats #6-#15 and enrols a new HSM key by kur; an HSM that lacks the NFVI's
// hardware root refuses the HMEE; a CMF without the HSM's vendor root refuses the VNFCI.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "actors/vnfci/vnfci_identities.hpp"
#include "tests/actors/verifier/secure_bootstrap_test_support.hpp"

namespace ifa026::actors::bootstrap_testing {
namespace {

using sim::RecordKind;

constexpr const char* kVnfci = "vnf-1-fw-ctl-1";

// One VNFCI bootstrapping with the HSM hsm-1.
test::ScenarioBuilder with_hsm(bool signs_csr, const std::string& rotation = "") {
  test::ScenarioBuilder b = bootstrap_world(1);
  add_hsm(b, signs_csr, rotation);
  return b;
}

// The HSM's spki_sha256 by key handle (GenerateKeyPair records).
std::map<std::string, std::string> hsm_keys(const std::vector<sim::TraceRecord>& records) {
  std::map<std::string, std::string> out;
  for (const auto& r : decisions(records, "hsm-1", "GenerateKeyPair", "ok"))
    out[detail(r, "handle")] = detail(r, "spki_sha256");
  return out;
}

std::string spki_sha256(const pki::Certificate& certificate) {
  return pki::to_hex(pki::sha256(certificate.public_key().to_der()));
}

TEST(HsmBootstrap, EnrolsKeyPairsFromTheHsmStepByStep) {
  auto run = run_scenario(with_hsm(true));
  const auto& records = run->records();
  const char* carrier = "p10cr";

  // #1-#5 as C.2.1.2, under C.2.1.3.
  auto discovered = decisions(records, "cmf-1", "VnfciDiscovered", "ok", kVnfci);
  ASSERT_EQ(discovered.size(), 1u);
  EXPECT_EQ(discovered[0].step, "C.2.1.3#1");
  EXPECT_EQ(detail(discovered[0], "hsm"), "hsm-1");
  auto verified = decisions(records, "cmf-1", "AttestationVerified", "ok", kVnfci);
  ASSERT_EQ(verified.size(), 1u);
  EXPECT_EQ(verified[0].step, "C.2.1.3#2");
  auto created = decisions(records, "cmf-1", "IdentitiesCreated", "ok", kVnfci);
  ASSERT_EQ(created.size(), 1u);
  EXPECT_EQ(created[0].step, "C.2.1.3#3");
  for (const auto& r : decisions(records, "ca-1", "RegisterEndEntity", "registered", kVnfci))
    EXPECT_EQ(r.step, "C.2.1.3#4");
  auto configured = decisions(records, "cmf-1", "VnfciConfiguration", "sent", kVnfci);
  ASSERT_EQ(configured.size(), 1u);
  EXPECT_EQ(configured[0].step, "C.2.1.3#5");
  EXPECT_EQ(detail(configured[0], "hsm"), "hsm-1");
  auto stored = decisions(records, kVnfci, "CertificateConfiguration", "stored", kVnfci);
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored[0].step, "C.2.1.3#5");
  EXPECT_EQ(detail(stored[0], "hsm"), "hsm-1");

  // #6: mutual TLS, HMEE certificate against the hardware root, HSM certificate against the
  // vendor root from the configuration.
  auto channel = decisions(records, kVnfci, "HsmChannel", "ok", kVnfci);
  ASSERT_EQ(channel.size(), 1u);
  EXPECT_EQ(channel[0].step, "C.2.1.3#6");
  EXPECT_EQ(detail(channel[0], "peer_subject"), "CN=hsm-1 HSM,O=ifa026 HSM vendors");
  auto accepted = decisions(records, "hsm-1", "HmeeClient", "accepted");
  ASSERT_EQ(accepted.size(), 1u);
  EXPECT_EQ(accepted[0].step, "C.2.1.3#6");
  EXPECT_EQ(detail(accepted[0], "issuer"),
            std::string("CN=") + kVnfci + " Platform Attestation Key,O=vnfm-1 NFVI");
  // #7, #8
  auto asked = sends(records, kVnfci, "hsm-1", "GenerateKeyPairRequest");
  ASSERT_EQ(asked.size(), 2u);
  for (const auto& r : asked) EXPECT_EQ(r.step, "C.2.1.3#7");
  auto generated = decisions(records, "hsm-1", "GenerateKeyPair", "ok");
  ASSERT_EQ(generated.size(), 2u);
  for (const auto& r : generated) EXPECT_EQ(r.step, "C.2.1.3#8");
  auto keys = decisions(records, kVnfci, "GenerateKey", "ok", kVnfci);
  ASSERT_EQ(keys.size(), 2u);
  for (const auto& r : keys) {
    EXPECT_EQ(r.step, "C.2.1.3#8");
    EXPECT_EQ(detail(r, "in"), "hsm");
  }
  // #9 .. #12
  auto built = decisions(records, kVnfci, "CsrBuilt", "ok", kVnfci);
  ASSERT_EQ(built.size(), 2u);
  for (const auto& r : built) {
    EXPECT_EQ(r.step, "C.2.1.3#9");
    EXPECT_EQ(detail(r, "signed_by"), "hsm");
    EXPECT_EQ(detail(r, "carrier"), carrier);
  }
  auto sign_requests = sends(records, kVnfci, "hsm-1", "SignCsrRequest");
  ASSERT_EQ(sign_requests.size(), 2u);
  for (const auto& r : sign_requests) EXPECT_EQ(r.step, "C.2.1.3#10");
  auto signed_csrs = decisions(records, "hsm-1", "SignCsr", "ok");
  ASSERT_EQ(signed_csrs.size(), 2u);
  for (const auto& r : signed_csrs) EXPECT_EQ(r.step, "C.2.1.3#11");
  auto finalized = decisions(records, kVnfci, "CsrFinalized", "ok", kVnfci);
  ASSERT_EQ(finalized.size(), 2u);
  for (const auto& r : finalized) EXPECT_EQ(r.step, "C.2.1.3#12");
  // #13 .. #15
  auto requests = sends(records, kVnfci, "ca-1", carrier);
  ASSERT_EQ(requests.size(), 2u);
  for (const auto& r : requests) EXPECT_EQ(r.step, "C.2.1.3#13");
  auto issued = decisions(records, "ca-1", "IssueCertificate", "ok", kVnfci);
  ASSERT_EQ(issued.size(), 2u);
  for (const auto& r : issued) {
    EXPECT_EQ(r.step, "C.2.1.3#14");
    EXPECT_EQ(detail(r, "request"), carrier);
  }
  auto installed = decisions(records, kVnfci, "CertificateInstalled", "ok", kVnfci);
  ASSERT_EQ(installed.size(), 2u);
  for (const auto& r : installed) {
    EXPECT_EQ(r.step, "C.2.1.3#15");
    EXPECT_EQ(detail(r, "key"), "hsm");
  }
  // Table order for the first identity.
  EXPECT_LT(stored[0].id, channel[0].id);
  EXPECT_LT(channel[0].id, asked[0].id);
  EXPECT_LT(asked[0].id, generated[0].id);
  EXPECT_LT(generated[0].id, keys[0].id);
  EXPECT_LT(keys[0].id, built[0].id);
  EXPECT_LT(built[0].id, sign_requests[0].id);
  EXPECT_LT(sign_requests[0].id, signed_csrs[0].id);
  EXPECT_LT(signed_csrs[0].id, finalized[0].id);
  EXPECT_LT(finalized[0].id, requests[0].id);
  EXPECT_LT(requests[0].id, issued[0].id);
  EXPECT_LT(issued[0].id, installed[0].id);

  // Post-condition: each certificate certifies the key the HSM generated for that identity.
  const auto by_handle = hsm_keys(records);
  std::map<std::string, std::string> handle_of;  // identity -> handle
  for (const auto& r : installed) handle_of[detail(r, "identity")] = detail(r, "handle");
  auto* holder = run->actor<VnfciIdentities>(kVnfci);
  ASSERT_NE(holder, nullptr);
  for (const auto& state : holder->identities()) {
    ASSERT_TRUE(state.certificate.has_value()) << state.name;
    EXPECT_EQ(state.flow, "C.2.1.3");
    EXPECT_EQ(spki_sha256(*state.certificate), by_handle.at(handle_of.at(state.name)))
        << state.name;
  }
  EXPECT_TRUE(decisions(records, "", "EnrolmentFailed").empty());
}

TEST(HsmBootstrap, WithoutHsmSigningTheRequestIsAnIrForTheHsmKey) {
  auto run = run_scenario(with_hsm(false));
  const auto& records = run->records();
  EXPECT_TRUE(decisions(records, "hsm-1", "SignCsr").empty());
  EXPECT_TRUE(decisions(records, kVnfci, "CsrFinalized").empty());
  auto built = decisions(records, kVnfci, "CsrBuilt", "ok", kVnfci);
  ASSERT_EQ(built.size(), 2u);
  for (const auto& r : built) {
    EXPECT_EQ(detail(r, "carrier"), "ir");
    EXPECT_EQ(detail(r, "signed_by"), "vnfci");
  }
  auto irs = sends(records, kVnfci, "ca-1", "ir");
  ASSERT_EQ(irs.size(), 2u);
  for (const auto& r : irs) EXPECT_EQ(r.step, "C.2.1.3#13");
  const auto by_handle = hsm_keys(records);
  std::set<std::string> hsm_spkis;
  for (const auto& [handle, spki] : by_handle) hsm_spkis.insert(spki);
  auto* holder = run->actor<VnfciIdentities>(kVnfci);
  ASSERT_NE(holder, nullptr);
  for (const auto& state : holder->identities()) {
    ASSERT_TRUE(state.certificate.has_value());
    EXPECT_EQ(hsm_spkis.count(spki_sha256(*state.certificate)), 1u);
  }
}

TEST(HsmBootstrap, KeyRotationRepeatsSixToFifteenWithANewHsmKeyByKur) {
  auto run = run_scenario(with_hsm(true, "1m").duration("100s"));  // one rotation per identity
  const auto& records = run->records();

  auto rotations = decisions(records, kVnfci, "KeyRotation", "started", kVnfci);
  ASSERT_EQ(rotations.size(), 2u);  // client and server
  // A new session with the HSM (#6 again), new key pairs (#8), enrolled by kur (#13-#15).
  auto channels = decisions(records, kVnfci, "HsmChannel", "ok", kVnfci);
  ASSERT_EQ(channels.size(), 2u);
  EXPECT_GT(channels[1].id, rotations[0].id);
  EXPECT_EQ(channels[1].step, "C.2.1.3#6");
  auto generated = decisions(records, "hsm-1", "GenerateKeyPair", "ok");
  ASSERT_EQ(generated.size(), 4u);
  auto kurs = sends(records, kVnfci, "ca-1", "kur");
  ASSERT_EQ(kurs.size(), 2u);
  for (const auto& r : kurs) EXPECT_EQ(r.step, "C.2.1.3#13");
  std::vector<sim::TraceRecord> kur_issued;
  for (const auto& r : decisions(records, "ca-1", "IssueCertificate", "ok"))
    if (r.peer == kVnfci && detail(r, "request") == "kur") kur_issued.push_back(r);
  ASSERT_EQ(kur_issued.size(), 2u);
  for (const auto& r : kur_issued) EXPECT_EQ(r.step, "C.2.1.3#14");
  auto rotated = decisions(records, kVnfci, "CertificateInstalled", "ok", kVnfci);
  ASSERT_EQ(rotated.size(), 4u);
  std::map<std::string, std::vector<sim::TraceRecord>> by_identity;
  for (const auto& r : rotated) by_identity[detail(r, "identity")].push_back(r);
  const auto by_handle = hsm_keys(records);
  auto* holder = run->actor<VnfciIdentities>(kVnfci);
  ASSERT_NE(holder, nullptr);
  for (const auto& state : holder->identities()) {
    SCOPED_TRACE(state.name);
    const auto& list = by_identity[state.name];
    ASSERT_EQ(list.size(), 2u);
    EXPECT_EQ(detail(list[0], "purpose"), "enrolment");
    EXPECT_EQ(detail(list[1], "purpose"), "rotation");
    EXPECT_EQ(list[1].step, "C.2.1.3#15");
    EXPECT_NE(detail(list[0], "serial"), detail(list[1], "serial"));
    EXPECT_NE(detail(list[0], "handle"), detail(list[1], "handle"));
    // The current certificate is the rotated one, for the new HSM key.
    ASSERT_TRUE(state.certificate.has_value());
    EXPECT_EQ(state.certificate->serial_hex(), detail(list[1], "serial"));
    EXPECT_EQ(state.rotations, 1u);
    EXPECT_EQ(spki_sha256(*state.certificate), by_handle.at(detail(list[1], "handle")));
    EXPECT_NE(by_handle.at(detail(list[0], "handle")), by_handle.at(detail(list[1], "handle")));
  }
  // The CMF's inventory follows.
  EXPECT_EQ(decisions(records, "cmf-1", "VnfciCertificateRecorded", "ok", kVnfci).size(), 4u);
}

TEST(HsmBootstrap, AnHsmWithoutTheHardwareRootRefusesTheHmee) {
  test::ScenarioBuilder world = with_hsm(true);
  world.params("vnfm-1")["hardware_root_to"] = {"verifier-1"};  // not to hsm-1
  auto run = run_scenario(world);
  const auto& records = run->records();
  EXPECT_EQ(decisions(records, "hsm-1", "HmeeClient", "refused").size(), 1u);
  EXPECT_TRUE(decisions(records, "hsm-1", "HmeeClient", "accepted").empty());
  auto failed = decisions(records, kVnfci, "HsmChannel", "failed", kVnfci);
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0].step, "C.2.1.3#6");
  auto enrolment = decisions(records, kVnfci, "EnrolmentFailed", "failed", kVnfci);
  ASSERT_EQ(enrolment.size(), 2u);
  for (const auto& r : enrolment)
    EXPECT_NE(detail(r, "reason").find("HSM channel failed"), std::string::npos) << r.detail;
  EXPECT_TRUE(decisions(records, "hsm-1", "GenerateKeyPair").empty());
  EXPECT_TRUE(decisions(records, "ca-1", "IssueCertificate", "", kVnfci).empty());
}

// An HSM that never answers: the HMEE's session to it fails (its TLS handshake times out) at the
// instant its waiting key-pair requests would time out too. The session's failure comes first
// (the HSM link's requests are a RequestTracker's, sent before their timers are set), so every
// waiting identity fails with the channel's reason and no request timeout fires.
TEST(HsmBootstrap, AnHsmThatNeverAnswersFailsTheSessionBeforeItsRequestsTimeOut) {
  auto run = run_scenario(with_hsm(true).actor_down("hsm-1", "1s", "10m"));
  const auto& records = run->records();
  auto failed = decisions(records, kVnfci, "HsmChannel", "failed", kVnfci);
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0].step, "C.2.1.3#6");
  auto enrolment = decisions(records, kVnfci, "EnrolmentFailed", "failed", kVnfci);
  ASSERT_EQ(enrolment.size(), 2u);
  for (const auto& r : enrolment) {
    EXPECT_GT(r.id, failed[0].id);
    EXPECT_NE(detail(r, "reason").find("HSM channel failed"), std::string::npos) << r.detail;
  }
  for (const auto& r : records)
    EXPECT_FALSE(r.kind == RecordKind::timer && r.operation == "hsm-timeout") << r.time.ns();
  EXPECT_TRUE(decisions(records, "ca-1", "IssueCertificate", "", kVnfci).empty());
}

TEST(HsmBootstrap, ACmfWithoutTheHsmVendorRootCreatesNoIdentities) {
  auto run =
      run_scenario(with_hsm(true).patch_params("cmf-1", {{"hsm_vendor_roots_from", nullptr}}));
  const auto& records = run->records();
  auto refused = decisions(records, "cmf-1", "IdentitiesCreated", "rejected", kVnfci);
  ASSERT_EQ(refused.size(), 1u);
  EXPECT_EQ(refused[0].step, "C.2.1.3#3");
  EXPECT_NE(detail(refused[0], "reason").find("vendor root of HSM hsm-1"), std::string::npos);
  EXPECT_TRUE(decisions(records, "ca-1", "RegisterEndEntity", "", kVnfci).empty());
}

}  // namespace
}  // namespace ifa026::actors::bootstrap_testing
