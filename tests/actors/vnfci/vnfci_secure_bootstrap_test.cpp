// Tests for the `vnfci` actor's secure-bootstrap parameters (docs/direct-mode.md, C.2.1.2): the
// `secure_bootstrap` object the VNFM fills is checked (members, hex or byte strings, durations),
// and an HMEE whose platform key is not the one its chain certifies refuses to attest (traced
// Attestation failed, nothing sent to the verifier) instead of failing later.
#include "actors/common/envelope.hpp"
#include "actors/common/internal_error.hpp"
#include "pki/certificate_authority.hpp"
#include "tests/actors/vnfci/vnfci_test_support.hpp"

namespace ifa026::actors::vnfci_test {
namespace {

json bootstrap(const pki::PrivateKey& platform_key, const pki::Certificate& platform_cert) {
  json b = {{"verifier", "verifier-1"},
            {"reference", "vnfd-fw/fw-ctl"},
            {"measurements", {{"firmware", std::string(64, 'a')}}}};
  b["platform_key"] = pki::to_hex(platform_key.to_der());
  b["platform_chain"] = json::array({pki::to_hex(platform_cert.der())});
  return b;
}

struct Platform {
  pki::CertificateAuthority root = pki::CertificateAuthority::create_root(
      pki::DistinguishedName::parse("CN=Root,O=Test"), pki::PrivateKey::generate(),
      pki::Instant::from_seconds(kEpochSeconds - 86400), 86400 * 365);
  pki::PrivateKey key = pki::PrivateKey::generate();
  pki::Certificate cert = pki::CertificateAuthority::create_subordinate(
                              root, pki::DistinguishedName::parse("CN=Platform,O=Test"), key,
                              pki::Instant::from_seconds(kEpochSeconds - 86400), 86400 * 30, 0)
                              .certificate();
};

TEST(VnfciSecureBootstrap, CheckParams) {
  Platform p;
  sim::ActorRegistry registry;
  register_vnfci_actor(registry);
  const sim::ActorType* type = registry.find("vnfci");
  std::vector<sim::Diagnostic> out;
  json good = bootstrap(p.key, p.cert);
  good["hsm_signs_csr"] = true;
  good["key_rotation"] = "1h";
  type->check_params({{"secure_bootstrap", good},
                      {"attestation_timeout", "5s"},
                      {"attestation_retries", 1u},
                      {"tamper_measurement", "firmware"},
                      {"wrong_hmee_key", true}},
                     out);
  EXPECT_TRUE(out.empty()) << out.front().pointer << " " << out.front().message;
  out.clear();
  json bad = bootstrap(p.key, p.cert);
  bad.erase("verifier");
  bad["measurements"] = {{"firmware", "not hex"}};
  bad["platform_chain"] = json::array();
  bad["key_rotation"] = "0s";
  bad["colour"] = "red";
  type->check_params({{"secure_bootstrap", bad}}, out);
  std::set<std::string> pointers;
  for (const auto& d : out) pointers.insert(d.pointer);
  EXPECT_EQ(pointers, (std::set<std::string>{
                          "/secure_bootstrap/verifier", "/secure_bootstrap/measurements/firmware",
                          "/secure_bootstrap/platform_chain", "/secure_bootstrap/key_rotation",
                          "/secure_bootstrap/colour"}));
}

TEST(VnfciSecureBootstrap, APlatformKeyItsChainDoesNotCertifyIsNotUsed) {
  Platform p;
  CmfPlan plan;
  const pki::PrivateKey stranger = pki::PrivateKey::generate();
  auto outcome =
      run(plan, vnfci_world({{"vnfci-1", {{"secure_bootstrap", bootstrap(stranger, p.cert)}}},
                             {"vnfci-2", {{"secure_bootstrap", bootstrap(p.key, p.cert)}}}})
                    .duration("5s"));
  auto failed = decisions(outcome.records, "vnfci-1", "Attestation");
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0].outcome, "failed");
  EXPECT_NE(detail(failed[0], "reason").find("does not certify the platform key"),
            std::string::npos);
  // The other one asked its (absent) verifier, then gave up after its retries.
  auto attempts = decisions(outcome.records, "vnfci-2", "Attestation");
  ASSERT_FALSE(attempts.empty());
  EXPECT_EQ(attempts[0].outcome, "requested");
  EXPECT_EQ(detail(attempts[0], "reference"), "vnfd-fw/fw-ctl");
}

// An exception inside the attester (here its timeout handler, with the toolkit's fault
// throw_in_handler) is the guard's internal-error record, never a refusal; the attestation then
// fails ("internal error") instead of going on with its retries.
TEST(VnfciSecureBootstrap, AThrowingAttestationTimeoutIsAnInternalErrorAndEndsTheAttestation) {
  Platform p;
  CmfPlan plan;
  auto outcome = run(plan, vnfci_world({{"vnfci-1",
                                         {{"secure_bootstrap", bootstrap(p.key, p.cert)},
                                          {"attestation_timeout", "1s"},
                                          {"throw_in_handler", "attestation-timeout"}}}})
                               .duration("10s"));
  std::vector<std::string> seen;
  for (const auto& r : outcome.records)
    if (r.actor == "vnfci-1" && r.kind == sim::RecordKind::decision)
      seen.push_back(r.operation + " " + r.outcome);
  EXPECT_EQ(seen, (std::vector<std::string>{
                      "Attestation requested", "attestation-timeout internal-error",
                      "Attestation failed", "KeyInventory empty"}));  // issue 17: at the run's end
  auto errors = decisions(outcome.records, "vnfci-1", "attestation-timeout");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_TRUE(is_internal_error(errors[0]));
  EXPECT_EQ(errors[0].peer, "verifier-1");
  EXPECT_EQ(errors[0].reference_point, "VNFCI-Verifier");
  EXPECT_EQ(detail(errors[0], "vnfci"), "vnfci-1");
  EXPECT_NE(errors[0].detail.find("throw_in_handler"), std::string::npos) << errors[0].detail;
  auto attestation = decisions(outcome.records, "vnfci-1", "Attestation");
  ASSERT_EQ(attestation.size(), 2u);
  EXPECT_EQ(detail(attestation[1], "reason"), "internal error");
}

}  // namespace
}  // namespace ifa026::actors::vnfci_test
