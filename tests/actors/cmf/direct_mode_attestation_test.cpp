// The CMF's direct mode as Relying Party of C.2.1.2 (docs/direct-mode.md) against a scripted
// verifier: for VNFCIs the VNFM says require secure bootstrapping, the CMF asks the verifier over
// their day-0 channel at #2 and goes on to #3-#5 (identities, registration, configuration with
// credential=attested) only for a result that is signed by the verifier certificate pinned at
// first contact, affirming, for the HMEE key and nonce the answer names, not too old, about the
// VNFC the VNFM named, and that comes with the derived PSK; every other answer is refused at #2
// and nothing is registered.
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>

#include "actors/messages/operations.hpp"
#include "actors/messages/reference_points.hpp"
#include "direct_mode_test_support.hpp"
#include "pki/attestation_evidence.hpp"
#include "pki/certificate_authority.hpp"

namespace ifa026::actors::direct_testing {
namespace {

constexpr std::int64_t kEpochSeconds = 1767225600;  // 2026-01-01T00:00:00Z, the harness epoch

// A verifier stand-in. Param `modes`: {vnfci: genuine | contraindicated | no_psk |
// wrong_reference | stale | other_certificate}; it answers at once with a result it appraised
// itself (a real pki::appraise with its own hardware root).
class ScriptedVerifier final : public sim::Actor {
 public:
  ScriptedVerifier(sim::ActorContext& context, const sim::ActorSpec& spec)
      : Actor(context),
        modes_(spec.params.value("modes", json::object())),
        channels_(context, [this](const ChannelMessage& m) { answer(m); }) {
    channels_.credentials().day0_secrets["cmf"] = "cmf-verifier day0";
  }
  void on_message(const sim::Message& message) override { channels_.handle(message); }

 private:
  struct Signer {
    pki::PrivateKey key = pki::PrivateKey::generate();
    pki::Certificate certificate;
  };
  static Signer make_signer(const std::string& cn) {
    pki::PrivateKey key = pki::PrivateKey::generate();
    auto ca = pki::CertificateAuthority::create_root(
        pki::DistinguishedName::parse("CN=" + cn + ",O=Test"), key,
        pki::Instant::from_seconds(kEpochSeconds - 86400), 86400 * 365);
    return Signer{key, ca.certificate()};
  }

  void answer(const ChannelMessage& m) {
    const std::string vnfci = get_string(m.envelope.body, "vnfci");
    const std::string mode = modes_.value(vnfci, "genuine");
    const Signer& signer = mode == "other_certificate" ? other_ : verifier_;
    // The platform and the evidence, appraised now (or two hours ago: stale).
    const pki::Instant now = pki_now(context());
    const pki::Instant at{mode == "stale" ? now.unix_ns - 7200LL * 1'000'000'000 : now.unix_ns};
    const pki::PrivateKey hmee = pki::PrivateKey::generate();
    pki::PrivateKey platform_key = pki::PrivateKey::generate();
    const pki::Bytes platform_der = platform_key.to_der();
    auto platform = pki::CertificateAuthority::create_subordinate(
        root_, pki::DistinguishedName::parse("CN=" + vnfci + " Platform,O=Test"),
        std::move(platform_key), pki::Instant::from_seconds(kEpochSeconds - 86400), 86400 * 30, 0);
    const pki::Bytes nonce(32, 0x5a);
    std::vector<pki::Measurement> measured{{"firmware", pki::Bytes(32, 0x11)}};
    pki::ReferenceValues reference;
    reference.expected = {{"firmware", pki::Bytes(32, mode == "contraindicated" ? 0x22 : 0x11)}};
    const auto evidence =
        pki::Evidence::create(measured, nonce, hmee.public_key(), at,
                              pki::PrivateKey::from_der(platform_der), {platform.certificate()});
    const auto result = pki::appraise(evidence, reference, nonce, {root_.certificate()}, at,
                                      signer.key, signer.certificate);
    Envelope reply{operations::kAttestationResultResponse, m.envelope.step, json::object()};
    reply.body["vnfci"] = vnfci;
    reply.body["status"] = result.affirming() ? "affirming" : "contraindicated";
    set_bytes(reply.body, "verifier_certificate", signer.certificate.der());
    set_bytes(reply.body, "result", result.der());
    reply.body["reference"] = mode == "wrong_reference" ? "vnfd-other/fw-ctl" : "vnfd-fw/fw-ctl";
    set_bytes(reply.body, "nonce", nonce);
    set_bytes(reply.body, "hmee_key", hmee.public_key().to_der());
    if (mode != "no_psk" && result.affirming()) set_bytes(reply.body, "psk", pki::Bytes(32, 7));
    channels_.reply(m, std::move(reply));
  }

  json modes_;
  SecureChannels channels_;
  pki::CertificateAuthority root_ = pki::CertificateAuthority::create_root(
      pki::DistinguishedName::parse("CN=Test Hardware Root,O=Test"), pki::PrivateKey::generate(),
      pki::Instant::from_seconds(kEpochSeconds - 86400), 86400 * 365);
  Signer verifier_ = make_signer("Scripted Verifier");
  Signer other_ = make_signer("Scripted Verifier");  // same name, other key
};

TEST(CmfDirectModeAttestation, OnlyAVerifiedAffirmingResultLeadsToRegistration) {
  const std::map<std::string, std::string> modes{
      {"vnf-1-fw-ctl-1", "genuine"}, {"vnf-1-fw-ctl-2", "contraindicated"},
      {"vnf-1-fw-ctl-3", "no_psk"},  {"vnf-1-fw-ctl-4", "wrong_reference"},
      {"vnf-1-fw-ctl-5", "stale"},   {"vnf-1-fw-ctl-6", "other_certificate"}};
  const std::map<std::string, std::string> reasons{
      {"vnf-1-fw-ctl-2", "contraindicated"},
      {"vnf-1-fw-ctl-3", "no attestation-derived credential"},
      {"vnf-1-fw-ctl-4", "appraised as vnfd-other/fw-ctl"},
      {"vnf-1-fw-ctl-5", "result too old"},
      {"vnf-1-fw-ctl-6", "not the one pinned"}};
  json modes_json = json::object();
  for (const auto& [vnfci, mode] : modes) modes_json[vnfci] = mode;
  std::vector<std::pair<std::string, std::string>> changes;
  for (const auto& [vnfci, mode] : modes) changes.emplace_back(vnfci, "ADDED");
  json body = notification("vnf-1", "INSTANTIATE", changes);
  for (auto& entry : body["affected_vnfcs"]) entry["secure_bootstrap"] = {{"attestation", true}};
  test::ScenarioBuilder world = direct_world({});
  world.update_params("cmf", {{"day0", {{"verifier", "cmf-verifier day0"}}}})
      .direct_mode("cmf", {{"verifier", "verifier"}})
      .actor("verifier", "scripted-verifier", {{"modes", modes_json}})
      .command("3s", "vnfm", "notify", body)
      .duration("30s");

  sim::ActorRegistry registry = direct_registry();
  sim::ActorType verifier;
  verifier.description = "scripted verifier";
  verifier.create = [](sim::ActorContext& context, const sim::ActorSpec& s) {
    return std::make_unique<ScriptedVerifier>(context, s);
  };
  verifier.check_params = [](const json&, std::vector<sim::Diagnostic>&) {};
  registry.add("scripted-verifier", std::move(verifier));
  auto run = run_direct(world, std::move(registry));
  const auto& records = run->records();

  auto about = [&](const std::vector<sim::TraceRecord>& list, const std::string& vnfci) {
    std::vector<sim::TraceRecord> out;
    for (const auto& r : list)
      if (detail(r, "vnfci") == vnfci) out.push_back(r);
    return out;
  };
  // The genuine one: #2 ok, then #3, #4, #5 with the attested credential.
  const std::string genuine = "vnf-1-fw-ctl-1";
  auto discovered = about(find(records, "cmf", "VnfciDiscovered", "ok"), genuine);
  ASSERT_EQ(discovered.size(), 1u);
  EXPECT_EQ(discovered[0].step, "C.2.1.2#1");
  auto verified = about(find(records, "cmf", "AttestationVerified", "ok"), genuine);
  ASSERT_EQ(verified.size(), 1u);
  EXPECT_EQ(verified[0].step, "C.2.1.2#2");
  EXPECT_EQ(verified[0].reference_point, "CMF-Verifier");
  auto created = about(find(records, "cmf", "IdentitiesCreated", "ok"), genuine);
  ASSERT_EQ(created.size(), 1u);
  EXPECT_EQ(created[0].step, "C.2.1.2#3");
  auto registered = about(find(records, "cmf", "EndEntityRegistration", "registered"), genuine);
  ASSERT_EQ(registered.size(), 2u);
  EXPECT_EQ(registered[0].step, "C.2.1.2#4");
  auto configured = about(find(records, "cmf", "VnfciConfiguration", "sent"), genuine);
  ASSERT_FALSE(configured.empty());
  EXPECT_EQ(configured[0].step, "C.2.1.2#5");
  EXPECT_EQ(detail(configured[0], "credential"), "attested");
  EXPECT_EQ(detail(configured[0], "flow"), "C.2.1.2");

  // The others: refused at #2 with the reason, nothing after.
  for (const auto& [vnfci, reason] : reasons) {
    SCOPED_TRACE(vnfci);
    auto refused = about(find(records, "cmf", "AttestationVerified", "refused"), vnfci);
    ASSERT_EQ(refused.size(), 1u);
    EXPECT_EQ(refused[0].step, "C.2.1.2#2");
    EXPECT_NE(detail(refused[0], "reason").find(reason), std::string::npos) << refused[0].detail;
    EXPECT_TRUE(about(find(records, "cmf", "IdentitiesCreated"), vnfci).empty());
    EXPECT_TRUE(about(find(records, "cmf", "EndEntityRegistration"), vnfci).empty());
    EXPECT_TRUE(about(find(records, "cmf", "VnfciConfiguration"), vnfci).empty());
  }
  std::size_t at_ca = 0;
  for (const auto& r : find(records, "ca", "RegisterEndEntity", "registered"))
    if (detail(r, "identity").rfind("vnf-1-fw-ctl-1/", 0) == 0)
      ++at_ca;
    else
      ADD_FAILURE() << "registered at the CA: " << detail(r, "identity");
  EXPECT_EQ(at_ca, 2u);
}

TEST(CmfDirectModeAttestation, WithoutAVerifierAnAttestedVnfciIsRefused) {
  json body = notification("vnf-1", "INSTANTIATE", {{"vnf-1-fw-ctl-1", "ADDED"}});
  body["affected_vnfcs"][0]["secure_bootstrap"] = {{"attestation", true}};
  auto run = run_direct(direct_world({}).command("3s", "vnfm", "notify", body).duration("10s"));
  auto refused = find(run->records(), "cmf", "AttestationVerified", "refused");
  ASSERT_EQ(refused.size(), 1u);
  EXPECT_NE(detail(refused[0], "reason").find("no verifier"), std::string::npos);
  EXPECT_TRUE(find(run->records(), "cmf", "IdentitiesCreated").empty());
}

TEST(CmfDirectModeAttestation, DirectModeParametersForTheVerifierAreChecked) {
  sim::ActorRegistry registry = builtin_registry();
  std::vector<sim::Diagnostic> out;
  registry.find("cmf")->check_params({{"ca", "ca"},
                                      {"direct_mode",
                                       {{"vnfms", {"vnfm"}},
                                        {"verifier", "verifier-1"},
                                        {"attestation_retries", 2},
                                        {"attestation_retry", "1s"},
                                        {"attestation_max_age", "10m"}}}},
                                     out);
  EXPECT_TRUE(out.empty()) << out.front().message;
  registry.find("cmf")->check_params({{"ca", "ca"},
                                      {"direct_mode",
                                       {{"vnfms", {"vnfm"}},
                                        {"verifier", ""},
                                        {"attestation_retries", -1},
                                        {"attestation_retry", "soon"}}}},
                                     out);
  EXPECT_EQ(out.size(), 3u);
}

}  // namespace
}  // namespace ifa026::actors::direct_testing
