// Tests for the `verifier` actor (docs/direct-mode.md, the Attestation Service of C.2.1.2) with
// scripted attesters and relying parties around the real verifier: genuine evidence is affirmed
// and the relying party gets a result that verifies and the PSK the attested HMEE key derives;
// evidence under a platform key of another hardware root, or carrying the bare challenge nonce
// instead of the challenge-bound one, is contraindicated and gets no PSK; malformed evidence and
// evidence without a challenge are refused; hardware roots come only from the listed actors;
// relying parties only over their day-0 channel and when named.
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "actors/common/envelope.hpp"
#include "actors/common/pki_clock.hpp"
#include "actors/common/secure_channels.hpp"
#include "actors/common/trace_detail.hpp"
#include "actors/messages/nfvi_trust.hpp"
#include "actors/messages/operations.hpp"
#include "actors/messages/reference_points.hpp"
#include "actors/verifier/attested_credential.hpp"
#include "actors/verifier/verifier_actor.hpp"
#include "pki/attestation_evidence.hpp"
#include "pki/certificate_authority.hpp"
#include "sim/simulation.hpp"
#include "tests/support/scenario_builder.hpp"

namespace ifa026::actors {
namespace {

using nlohmann::json;
using sim::Duration;

constexpr std::int64_t kEpochSeconds = 1893456000;  // 2030-01-01T00:00:00Z
const pki::Instant kStart = pki::Instant::from_seconds(kEpochSeconds - 86400);

pki::Bytes digest(const std::string& text) {
  return pki::sha256(
      pki::ByteView(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
}

std::vector<pki::Measurement> genuine() {
  return {{"firmware", digest("firmware 1")}, {"kernel", digest("kernel 2")}};
}

// Two hardware roots (the genuine NFVI's and a stranger's) and what the test actors saw.
struct Lab {
  pki::CertificateAuthority root = pki::CertificateAuthority::create_root(
      pki::DistinguishedName::parse("CN=NFVI Hardware Root,O=Test"), pki::PrivateKey::generate(),
      kStart, 86400 * 3650);
  pki::CertificateAuthority foreign = pki::CertificateAuthority::create_root(
      pki::DistinguishedName::parse("CN=NFVI Hardware Root,O=Test"), pki::PrivateKey::generate(),
      kStart, 86400 * 3650);
  struct Attested {
    std::optional<pki::PrivateKey> hmee;
    json challenge;
    pki::Bytes evidence_nonce;
    json result;
  };
  std::map<std::string, Attested> attesters;
  std::map<std::string, std::vector<json>> answers;  // by relying party
};

void send_plain(sim::ActorContext& context, const std::string& to, const char* reference_point,
                const Envelope& envelope) {
  sim::Message m;
  m.to = to;
  m.reference_point = reference_point;
  m.operation = envelope.operation;
  m.payload = encode_envelope(envelope);
  context.send(std::move(m));
}

// Hands its hardware root (genuine or foreign, param "root") to the verifier at start.
class TestNfvi final : public sim::Actor {
 public:
  TestNfvi(sim::ActorContext& context, const sim::ActorSpec& spec, Lab& lab)
      : Actor(context), lab_(lab), foreign_(spec.params.value("root", "") == "foreign") {}
  void on_start() override {
    const Envelope e = messages::to_envelope(messages::HardwareRoot{
        .hardware_root = (foreign_ ? lab_.foreign : lab_.root).certificate().der(),
        .nfvi = context().name()});
    send_plain(context(), "verifier-1", reference_points::kNfviTrust, e);
  }
  void on_message(const sim::Message&) override {}

 private:
  Lab& lab_;
  bool foreign_;
};

// A scripted Attester (param "mode"): genuine, foreign_root (platform key under another
// hardware root), bare_nonce (the challenge nonce as is), tampered, garbage (evidence that is no
// DER), early (evidence without a challenge).
class TestAttester final : public sim::Actor {
 public:
  TestAttester(sim::ActorContext& context, const sim::ActorSpec& spec, Lab& lab)
      : Actor(context), lab_(lab), mode_(spec.params.value("mode", "genuine")) {}

  void on_start() override {
    lab_.attesters[name()].hmee = pki::PrivateKey::generate();
    if (mode_ == "early") {
      send_evidence(pki::Bytes{0x30, 0x00});
      return;
    }
    Envelope e{operations::kAttestationChallengeRequest, "", json::object()};
    e.body["reference"] = "vnfd-fw/fw-ctl";
    send_plain(context(), "verifier-1", reference_points::kVnfciVerifier, e);
  }

  void on_message(const sim::Message& message) override {
    auto envelope = decode_envelope(message.payload);
    ASSERT_TRUE(envelope.has_value());
    Lab::Attested& mine = lab_.attesters[name()];
    if (envelope->operation == operations::kAttestationEvidenceResponse) {
      mine.result = envelope->body;
      return;
    }
    ASSERT_EQ(envelope->operation, operations::kAttestationChallengeResponse);
    mine.challenge = envelope->body;
    const pki::Bytes nonce = *get_bytes(envelope->body, "nonce");
    const pki::Bytes key = *get_bytes(envelope->body, "verifier_key");
    std::vector<std::string> parties = envelope->body.at("relying_parties");
    mine.evidence_nonce = attestation::evidence_nonce(nonce, key, parties);
    if (mode_ == "garbage") return send_evidence(pki::Bytes{1, 2, 3, 4});
    pki::CertificateAuthority& root = mode_ == "foreign_root" ? lab_.foreign : lab_.root;
    pki::PrivateKey platform_key = pki::PrivateKey::generate();
    const pki::Bytes platform_der = platform_key.to_der();
    pki::CertificateAuthority platform = pki::CertificateAuthority::create_subordinate(
        root, pki::DistinguishedName::parse("CN=" + name() + " Platform,O=Test"),
        std::move(platform_key), kStart, 86400 * 365, 0);
    std::vector<pki::Measurement> measured = genuine();
    if (mode_ == "tampered") measured[1].sha256 = digest("kernel 2 with a rootkit");
    const pki::Evidence evidence = pki::Evidence::create(
        measured, mode_ == "bare_nonce" ? nonce : mine.evidence_nonce, mine.hmee->public_key(),
        pki_now(context()), pki::PrivateKey::from_der(platform_der), {platform.certificate()});
    send_evidence(evidence.der());
  }

 private:
  void send_evidence(const pki::Bytes& der) {
    Envelope e{operations::kAttestationEvidenceRequest, "", json::object()};
    set_bytes(e.body, "evidence", der);
    send_plain(context(), "verifier-1", reference_points::kVnfciVerifier, e);
  }

  Lab& lab_;
  std::string mode_;
};

// A relying party with a day-0 secret for the verifier; command "ask" {vnfci}.
class TestRelyingParty final : public sim::Actor {
 public:
  TestRelyingParty(sim::ActorContext& context, const sim::ActorSpec& spec, Lab& lab)
      : Actor(context), lab_(lab), channels_(context, [this](const ChannelMessage& m) {
          lab_.answers[name()].push_back(m.envelope.body);
        }) {
    channels_.credentials().day0_secrets["verifier-1"] = spec.params.value("secret", "");
  }
  void on_message(const sim::Message& message) override { channels_.handle(message); }
  void on_command(const sim::Command& command) override {
    Envelope e{operations::kAttestationResultRequest, "C.2.1.2#2", json::object()};
    e.body["vnfci"] = command.args.value("vnfci", "");
    channels_.send("verifier-1", ChannelKind::day0, reference_points::kCmfVerifier, std::move(e));
  }

 private:
  Lab& lab_;
  SecureChannels channels_;
};

struct Outcome {
  std::vector<sim::TraceRecord> records;
};

Outcome run(Lab& lab, const std::vector<std::pair<std::string, std::string>>& attesters) {
  sim::ActorRegistry registry;
  register_verifier_actor(registry);
  auto add = [&](const std::string& type, auto make) {
    sim::ActorType t;
    t.description = "test " + type;
    t.create = make;
    t.check_params = [](const json&, std::vector<sim::Diagnostic>&) {};
    registry.add(type, std::move(t));
  };
  add("test-nfvi", [&lab](sim::ActorContext& c, const sim::ActorSpec& s) {
    return std::make_unique<TestNfvi>(c, s, lab);
  });
  add("test-attester", [&lab](sim::ActorContext& c, const sim::ActorSpec& s) {
    return std::make_unique<TestAttester>(c, s, lab);
  });
  add("test-rp", [&lab](sim::ActorContext& c, const sim::ActorSpec& s) {
    return std::make_unique<TestRelyingParty>(c, s, lab);
  });
  json reference = json::object();
  for (const auto& m : genuine()) reference[m.name] = pki::to_hex(m.sha256);
  test::ScenarioBuilder scenario("verifier-test");
  scenario.epoch("2030-01-01T00:00:00Z")
      .seed(3)
      .duration("30s")
      .actor("verifier-1", "verifier",
             {{"day0", {{"rp-1", "secret one"}, {"rp-2", "secret two"}}},
              {"relying_parties", {"rp-1"}},
              {"hardware_roots_from", {"nfvi-1"}},
              {"reference_values", {{"vnfd-fw/fw-ctl", reference}}}},
             "operator")
      .actor("nfvi-1", "test-nfvi", json::object(), "operator")
      .actor("nfvi-2", "test-nfvi", {{"root", "foreign"}}, "operator")
      .actor("rp-1", "test-rp", {{"secret", "secret one"}}, "operator")
      .actor("rp-2", "test-rp", {{"secret", "secret two"}}, "operator");
  for (const auto& [name, mode] : attesters)
    scenario.actor(name, "test-attester", {{"mode", mode}}, "operator");
  for (const auto& [name, mode] : attesters)
    scenario.command("5s", "rp-1", "ask", {{"vnfci", name}});
  scenario.command("5s", "rp-1", "ask", {{"vnfci", "never-seen"}})
      .command("6s", "rp-2", "ask", {{"vnfci", attesters.front().first}});
  sim::Simulation simulation(scenario.load(registry), registry);
  sim::TraceStore store;
  simulation.trace().subscribe(store);
  simulation.run();
  return {store.records()};
}

std::vector<sim::TraceRecord> decisions_of(const Outcome& r, const std::string& operation,
                                           const std::string& vnfci = "") {
  std::vector<sim::TraceRecord> out;
  for (const auto& record : r.records)
    if (record.actor == "verifier-1" && record.kind == sim::RecordKind::decision &&
        record.operation == operation &&
        (vnfci.empty() || trace_detail_value(record.detail, "vnfci") == vnfci))
      out.push_back(record);
  return out;
}

const json* answer_about(const Lab& lab, const std::string& rp, const std::string& vnfci) {
  auto it = lab.answers.find(rp);
  if (it == lab.answers.end()) return nullptr;
  for (const auto& a : it->second)
    if (a.value("vnfci", "") == vnfci) return &a;
  return nullptr;
}

TEST(Verifier, AffirmsGenuineEvidenceAndHandsTheRelyingPartyTheAttestedPsk) {
  Lab lab;
  Outcome r = run(lab, {{"a-genuine", "genuine"}});

  // Only the listed NFVI's hardware root is taken.
  auto roots = decisions_of(r, "HardwareRoot");
  ASSERT_EQ(roots.size(), 2u);
  std::map<std::string, std::string> by_sender;
  for (const auto& x : roots) by_sender[x.peer] = x.outcome;
  EXPECT_EQ(by_sender["nfvi-1"], "accepted");
  EXPECT_EQ(by_sender["nfvi-2"], "rejected");

  const Lab::Attested& a = lab.attesters["a-genuine"];
  EXPECT_EQ(a.challenge.value("status", ""), "ok");
  EXPECT_EQ(a.challenge.at("relying_parties"), json::array({"rp-1"}));
  EXPECT_EQ(a.result.value("status", ""), "affirming");
  auto appraisal = decisions_of(r, "Appraisal", "a-genuine");
  ASSERT_EQ(appraisal.size(), 1u);
  EXPECT_EQ(appraisal[0].outcome, "affirming");

  const json* answer = answer_about(lab, "rp-1", "a-genuine");
  ASSERT_NE(answer, nullptr);
  EXPECT_EQ(answer->value("status", ""), "affirming");
  EXPECT_EQ(answer->value("reference", ""), "vnfd-fw/fw-ctl");
  const auto result = pki::AttestationResult::from_der(*get_bytes(*answer, "result"));
  const auto certificate = pki::Certificate::from_der(*get_bytes(*answer, "verifier_certificate"));
  pki::ResultExpectations expectations;
  expectations.hmee_key = a.hmee->public_key();
  const auto verdict =
      pki::verify_attestation_result(result, certificate, a.evidence_nonce,
                                     pki::Instant::from_seconds(kEpochSeconds + 10), expectations);
  EXPECT_TRUE(verdict.ok()) << verdict.reason() << " " << verdict.detail;
  // The PSK is what the attested HMEE key derives with the verifier's key, for rp-1 only.
  const pki::Bytes expected = attestation::attested_psk(
      *a.hmee, pki::PublicKey::from_der(*get_bytes(a.challenge, "verifier_key")), a.evidence_nonce,
      "rp-1", "a-genuine");
  EXPECT_EQ(get_bytes(*answer, "psk"), expected);
  EXPECT_NE(attestation::attested_psk(
                *a.hmee, pki::PublicKey::from_der(*get_bytes(a.challenge, "verifier_key")),
                a.evidence_nonce, "rp-2", "a-genuine"),
            expected);

  // rp-2 has a day-0 channel but is not a relying party; an unknown VNFCI is "unknown".
  const json* refused = answer_about(lab, "rp-2", "a-genuine");
  ASSERT_NE(refused, nullptr);
  EXPECT_EQ(refused->value("status", ""), "error");
  EXPECT_FALSE(refused->contains("psk"));
  const json* never = answer_about(lab, "rp-1", "never-seen");
  ASSERT_NE(never, nullptr);
  EXPECT_EQ(never->value("status", ""), "unknown");
  auto results = decisions_of(r, "AttestationResult");
  std::map<std::string, std::string> outcomes;
  for (const auto& x : results)
    outcomes[x.peer + "/" + trace_detail_value(x.detail, "vnfci").value_or("")] = x.outcome;
  EXPECT_EQ(outcomes["rp-1/a-genuine"], "affirming");
  EXPECT_EQ(outcomes["rp-2/a-genuine"], "rejected");
  EXPECT_EQ(outcomes["rp-1/never-seen"], "unknown");
  for (const auto& x : results) EXPECT_EQ(x.step, "C.2.1.2#2");
}

TEST(Verifier, ContraindicatesForeignPlatformsTamperedMeasurementsAndUnboundNonces) {
  Lab lab;
  Outcome r = run(
      lab, {{"a-foreign", "foreign_root"}, {"a-tampered", "tampered"}, {"a-bare", "bare_nonce"}});
  const std::map<std::string, std::string> reasons{
      {"a-foreign", "platform chain does not end at a hardware root"},
      {"a-tampered", "measurement mismatch: kernel"},
      {"a-bare", "nonce mismatch"}};
  for (const auto& [name, reason] : reasons) {
    SCOPED_TRACE(name);
    auto appraisal = decisions_of(r, "Appraisal", name);
    ASSERT_EQ(appraisal.size(), 1u);
    EXPECT_EQ(appraisal[0].outcome, "contraindicated");
    EXPECT_NE(trace_detail_value(appraisal[0].detail, "reasons")->find(reason), std::string::npos)
        << appraisal[0].detail;
    EXPECT_EQ(lab.attesters[name].result.value("status", ""), "contraindicated");
    const json* answer = answer_about(lab, "rp-1", name);
    ASSERT_NE(answer, nullptr);
    EXPECT_EQ(answer->value("status", ""), "contraindicated");
    EXPECT_FALSE(answer->contains("psk"));
    EXPECT_FALSE(pki::AttestationResult::from_der(*get_bytes(*answer, "result")).affirming());
  }
}

TEST(Verifier, RefusesMalformedEvidenceAndEvidenceWithoutAChallenge) {
  Lab lab;
  Outcome r = run(lab, {{"a-garbage", "garbage"}, {"a-early", "early"}});
  for (const std::string name : {"a-garbage", "a-early"}) {
    SCOPED_TRACE(name);
    auto appraisal = decisions_of(r, "Appraisal", name);
    ASSERT_EQ(appraisal.size(), 1u);
    EXPECT_EQ(appraisal[0].outcome, "rejected");
    EXPECT_EQ(lab.attesters[name].result.value("status", ""), "error");
  }
  EXPECT_NE(trace_detail_value(decisions_of(r, "Appraisal", "a-early")[0].detail, "reason")
                ->find("no challenge"),
            std::string::npos);
  // The garbage one was challenged but never appraised: "pending", no credential.
  const json* answer = answer_about(lab, "rp-1", "a-garbage");
  ASSERT_NE(answer, nullptr);
  EXPECT_EQ(answer->value("status", ""), "pending");
  EXPECT_FALSE(answer->contains("psk"));
  // Nothing escaped as an internal error.
  for (const auto& x : r.records)
    EXPECT_EQ(trace_detail_value(x.detail, "reason").value_or("").find("internal error"),
              std::string::npos)
        << x.detail;
}

TEST(Verifier, CheckParams) {
  sim::ActorRegistry registry;
  register_verifier_actor(registry);
  const sim::ActorType* type = registry.find("verifier");
  ASSERT_NE(type, nullptr);
  std::vector<sim::Diagnostic> out;
  const std::string hex(64, 'a');
  type->check_params({{"reference_values", {{"vnfd/vnfc", {{"firmware", hex}}}}},
                      {"day0", {{"cmf-1", "s"}}},
                      {"max_evidence_age", "5m"},
                      {"hold", "1s"},
                      {"processing", {{"appraise", "3ms"}}}},
                     out);
  EXPECT_TRUE(out.empty()) << out.front().message;
  type->check_params({{"reference_values", {{"novnfc", {{"firmware", "xyz"}}}}},
                      {"processing", {{"sing", "1ms"}}}},
                     out);
  EXPECT_EQ(out.size(), 3u);
  out.clear();
  type->check_params(json::object(), out);
  ASSERT_EQ(out.size(), 1u);  // reference_values is required
}

}  // namespace
}  // namespace ifa026::actors
