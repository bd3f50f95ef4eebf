// VNF package onboarding end to end (scenarios/lifecycle/package-onboarding.json): the real OSS
// builds and signs packages with the vendor fixture, the real NFVO checks digest, CMS signature
// and VNFD over the OSS's day-0 TLS, and each outcome is read from the trace — on both sides. The
// same scenario with the NFVO's settings changed flips the outcomes (unsigned accepted without
// require_signed_packages; every signature untrusted under another vendor's root). A request body
// that does not decode, sent by a raw day-0 peer, is refused with the field's pointer.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "actors/builtin_actors.hpp"
#include "actors/common/envelope.hpp"
#include "actors/common/secure_channels.hpp"
#include "actors/messages/reference_points.hpp"
#include "conformance/catalogue.hpp"
#include "conformance/scenario_rules.hpp"
#include "conformance/trace_query.hpp"
#include "pki/bytes.hpp"
#include "sim/scenario.hpp"
#include "sim/simulation.hpp"

namespace ifa026::conformance::package_onboarding_test {
namespace {

using sim::RecordKind;
using sim::TraceRecord;

// A day-0 peer of the NFVO that sends the envelope its "send" command gives as it is (no typed
// message, so the body may be anything) and keeps the answers' bodies.
class RawDay0Peer final : public sim::Actor {
 public:
  RawDay0Peer(sim::ActorContext& context, const sim::ActorSpec& spec)
      : Actor(context), channels_(context, [this](const actors::ChannelMessage& m) {
          answers.push_back(m.envelope);
        }) {
    const nlohmann::json day0 = spec.params.value("day0", nlohmann::json::object());
    for (const auto& [peer, secret] : day0.items())
      channels_.credentials().day0_secrets[peer] = secret.get<std::string>();
  }
  void on_command(const sim::Command& command) override {
    channels_.send(command.args.at("to").get<std::string>(), actors::ChannelKind::day0,
                   actors::reference_points::kOsMaNfvo,
                   actors::Envelope{command.args.at("operation").get<std::string>(), "",
                                    command.args.at("body")});
  }
  void on_message(const sim::Message& message) override { channels_.handle(message); }
  std::vector<actors::Envelope> answers;

 private:
  actors::SecureChannels channels_;
};

const sim::ActorRegistry& registry() {
  static const sim::ActorRegistry r = [] {
    sim::ActorRegistry registry = actors::builtin_registry();
    sim::ActorType raw;
    raw.description = "test: raw day-0 peer";
    raw.create = [](sim::ActorContext& context, const sim::ActorSpec& spec) {
      return std::make_unique<RawDay0Peer>(context, spec);
    };
    raw.check_params = [](const nlohmann::json&, std::vector<sim::Diagnostic>&) {};
    registry.add("raw-day0", std::move(raw));
    return registry;
  }();
  return r;
}

sim::Scenario load() {
  auto l = sim::load_scenario_file(
      std::string(IFA026_SOURCE_DIR) + "/scenarios/lifecycle/package-onboarding.json", registry(),
      scenario_rules(Catalogue::builtin()));
  for (const auto& d : l.errors) ADD_FAILURE() << sim::format_diagnostic(d);
  if (!l.scenario) throw std::runtime_error("cannot load the package onboarding scenario");
  return *l.scenario;
}

std::vector<TraceRecord> run(const sim::Scenario& scenario) {
  sim::Simulation simulation(scenario, registry());
  sim::TraceStore store;
  simulation.trace().subscribe(store);
  simulation.run();
  return store.records();
}

sim::ActorSpec& actor(sim::Scenario& scenario, const std::string& name) {
  for (auto& a : scenario.actors)
    if (a.name == name) return a;
  throw std::runtime_error("no actor " + name);
}

// The one record of `filter` (a failure when there are none or several).
const TraceRecord* only(const std::vector<TraceRecord>& trace, const RecordFilter& filter,
                        const std::string& what) {
  const auto found = TraceQuery(trace).all(filter);
  EXPECT_EQ(found.size(), 1u) << what;
  return found.empty() ? nullptr : found.front();
}

struct Outcome {
  std::string outcome;  // NFVO PackageOnboarding
  std::string verdict;  // its integrity verdict ("" when the refusal came before one)
  std::string reason;
  std::string oss_outcome;  // what the OSS traced of the answer
  std::string oss_verdict;
};

Outcome outcome_of(const std::vector<TraceRecord>& trace, const std::string& package) {
  Outcome o;
  if (const auto* r = only(trace, decision("nfvo-1", "PackageOnboarding").with("package", package),
                           "NFVO PackageOnboarding " + package)) {
    o.outcome = r->outcome;
    o.verdict = detail_of(*r, "verdict");
    o.reason = detail_of(*r, "reason");
  }
  const auto answers = TraceQuery(trace).all(
      decision("oss-1", "OnboardPackage").with("package", package).to("nfvo-1"));
  // The request, then the answer.
  EXPECT_EQ(answers.size(), 2u) << package;
  if (answers.size() == 2) {
    EXPECT_EQ(answers[0]->outcome, "requested") << package;
    o.oss_outcome = answers[1]->outcome;
    o.oss_verdict = detail_of(*answers[1], "verdict");
  }
  return o;
}

TEST(PackageOnboarding, EachPackageGetsTheOutcomeItsFaultCalls) {
  const auto trace = run(load());
  // The NFVO enrolled as in C.4.1.1 (the onboarding rides the day-0 channel, not this).
  EXPECT_TRUE(TraceQuery(trace).any(decision("nfvo-1", "CertificateInstalled").with_outcome("ok")));

  const Outcome good = outcome_of(trace, "pkg-fw-1");
  EXPECT_EQ(good.outcome, "onboarded");
  EXPECT_EQ(good.verdict, "verified");
  EXPECT_EQ(good.oss_outcome, "onboarded");
  EXPECT_EQ(good.oss_verdict, "verified");
  const auto* check = only(trace,
                           crypto("nfvo-1", "PackageIntegrityCheck")
                               .with("package", "pkg-fw-1")
                               .with("stage", "onboarding"),
                           "integrity check of pkg-fw-1");
  ASSERT_NE(check, nullptr);
  EXPECT_EQ(check->outcome, "ok");
  EXPECT_EQ(detail_of(*check, "signed"), "true");
  EXPECT_EQ(detail_of(*check, "signer"), "CN=acme Package Signing,O=acme");
  EXPECT_EQ(detail_of(*check, "algorithm"), "sha-256");
  EXPECT_EQ(detail_of(*check, "digest").size(), 64u);
  // Signed at the simulated instant of the command: epoch 2026-01-01T00:00:00Z plus 5 s.
  EXPECT_EQ(detail_of(*check, "signing_time"), std::to_string(1767225600LL + 5));

  const Outcome content = outcome_of(trace, "pkg-fw-content");
  EXPECT_EQ(content.outcome, "rejected");
  EXPECT_EQ(content.verdict, "digest-mismatch");
  EXPECT_EQ(content.oss_outcome, "rejected");
  EXPECT_EQ(content.oss_verdict, "digest-mismatch");

  const Outcome signature = outcome_of(trace, "pkg-fw-signature");
  EXPECT_EQ(signature.outcome, "rejected");
  EXPECT_EQ(signature.verdict, "signature-invalid");
  EXPECT_NE(signature.reason.find("signature-invalid"), std::string::npos) << signature.reason;
  EXPECT_EQ(signature.oss_verdict, "signature-invalid");

  const Outcome unsigned_package = outcome_of(trace, "pkg-fw-unsigned");
  EXPECT_EQ(unsigned_package.outcome, "rejected");
  EXPECT_EQ(unsigned_package.verdict, "unsigned-refused");
  EXPECT_EQ(unsigned_package.oss_verdict, "unsigned-refused");

  // Integrity fine, VNFD not: the reason points into the request.
  const Outcome bad_vnfd = outcome_of(trace, "pkg-bad-vnfd");
  EXPECT_EQ(bad_vnfd.outcome, "rejected");
  EXPECT_EQ(bad_vnfd.verdict, "verified");
  EXPECT_NE(bad_vnfd.reason.find("/content/vnfd/vnfcs/fw-ctl/identities/0/usage"),
            std::string::npos)
      << bad_vnfd.reason;
  EXPECT_EQ(bad_vnfd.oss_outcome, "rejected");
}

TEST(PackageOnboarding, AStoredPackageAlteredInTheStoreFailsItsNextCheck) {
  const auto trace = run(load());
  const auto audits = TraceQuery(trace).all(
      crypto("nfvo-1", "PackageIntegrityCheck").with("package", "pkg-fw-1").with("stage", "audit"));
  ASSERT_EQ(audits.size(), 2u);
  EXPECT_EQ(audits[0]->outcome, "ok");
  EXPECT_EQ(detail_of(*audits[0], "verdict"), "verified");
  const auto* tampered = only(trace, decision("nfvo-1", "PackageTampered"), "tamper");
  ASSERT_NE(tampered, nullptr);
  EXPECT_EQ(tampered->outcome, "tampered");
  EXPECT_GT(tampered->id, audits[0]->id);
  EXPECT_LT(tampered->id, audits[1]->id);
  EXPECT_EQ(audits[1]->outcome, "rejected");
  EXPECT_EQ(detail_of(*audits[1], "verdict"), "digest-mismatch");
}

TEST(PackageOnboarding, WithoutRequireSignedAnUnsignedPackageIsAccepted) {
  sim::Scenario scenario = load();
  actor(scenario, "nfvo-1").params["require_signed_packages"] = false;
  const auto trace = run(scenario);
  const Outcome unsigned_package = outcome_of(trace, "pkg-fw-unsigned");
  EXPECT_EQ(unsigned_package.outcome, "onboarded");
  EXPECT_EQ(unsigned_package.verdict, "unsigned-accepted");
  EXPECT_EQ(unsigned_package.oss_verdict, "unsigned-accepted");
  // The tampered ones stay refused: the policy is about unsigned packages only.
  EXPECT_EQ(outcome_of(trace, "pkg-fw-content").verdict, "digest-mismatch");
  EXPECT_EQ(outcome_of(trace, "pkg-fw-signature").verdict, "signature-invalid");
}

TEST(PackageOnboarding, UnderAnotherVendorsRootTheGoodPackageIsUntrusted) {
  sim::Scenario scenario = load();
  actor(scenario, "nfvo-1").params["package_trust_anchors"] = nlohmann::json::array({"globex"});
  const auto trace = run(scenario);
  const Outcome good = outcome_of(trace, "pkg-fw-1");
  EXPECT_EQ(good.outcome, "rejected");
  EXPECT_EQ(good.verdict, "signature-invalid");
  EXPECT_NE(good.reason.find("untrusted-signer"), std::string::npos) << good.reason;
  // The digest is checked first: the altered content is still a digest mismatch.
  EXPECT_EQ(outcome_of(trace, "pkg-fw-content").verdict, "digest-mismatch");
}

TEST(PackageOnboarding, ARequestThatDoesNotDecodeIsRefusedWithTheFieldsPointer) {
  sim::Scenario scenario = load();
  actor(scenario, "nfvo-1").params["day0"]["raw-1"] = "raw-nfvo";
  sim::ActorSpec raw;
  raw.name = "raw-1";
  raw.type = "raw-day0";
  raw.params = {{"day0", {{"nfvo-1", "raw-nfvo"}}}};
  scenario.actors.push_back(raw);
  nlohmann::json body = {{"request_id", "raw-1-req-1"},
                         {"package", "pkg-raw"},
                         {"content", nlohmann::json::binary({1, 2, 3})},
                         {"digest", {{"algorithm", "sha-256"}}}};  // no digest value
  // A raw send of `body` at `at` seconds.
  auto send = [&](std::int64_t at, const nlohmann::json& payload) {
    sim::CommandSpec command;
    command.at = sim::Duration::seconds(at);
    command.actor = "raw-1";
    command.command = "send";
    command.args = {{"to", "nfvo-1"}, {"operation", "OnboardVnfPackageRequest"}, {"body", payload}};
    scenario.workload.push_back(command);
  };
  send(3, body);
  // The same body, whole, is onboarded (unsigned, refused for its content only).
  body["digest"]["value"] = nlohmann::json::binary(pki::sha256(pki::Bytes{1, 2, 3}));
  body["package"] = "pkg-raw-2";
  send(4, body);
  actor(scenario, "nfvo-1").params["require_signed_packages"] = false;

  sim::Simulation simulation(scenario, registry());
  sim::TraceStore store;
  simulation.trace().subscribe(store);
  simulation.run();
  const auto& trace = store.records();
  const auto* malformed = only(trace, decision("nfvo-1", "MalformedMessage"), "malformed");
  ASSERT_NE(malformed, nullptr);
  EXPECT_EQ(malformed->outcome, "rejected");
  EXPECT_NE(detail_of(*malformed, "reason").find("/digest/value"), std::string::npos)
      << malformed->detail;
  EXPECT_TRUE(TraceQuery(trace)
                  .all(crypto("nfvo-1", "PackageIntegrityCheck").with("package", "pkg-raw"))
                  .empty());
  auto* peer = dynamic_cast<RawDay0Peer*>(simulation.actor("raw-1"));
  ASSERT_NE(peer, nullptr);
  ASSERT_EQ(peer->answers.size(), 2u);
  EXPECT_EQ(peer->answers[0].operation, "OnboardVnfPackageResponse");
  EXPECT_EQ(actors::get_string(peer->answers[0].body, "status"), "rejected");
  EXPECT_NE(actors::get_string(peer->answers[0].body, "reason").find("/digest/value"),
            std::string::npos);
  // The decodable one passes the integrity check and is refused for its content.
  EXPECT_EQ(actors::get_string(peer->answers[1].body, "status"), "rejected");
  EXPECT_EQ(actors::get_string(peer->answers[1].body, "reason"), "/content: not CBOR");
  const auto* check =
      only(trace, crypto("nfvo-1", "PackageIntegrityCheck").with("package", "pkg-raw-2"),
           "integrity of pkg-raw-2");
  ASSERT_NE(check, nullptr);
  EXPECT_EQ(detail_of(*check, "verdict"), "unsigned-accepted");
}

}  // namespace
}  // namespace ifa026::conformance::package_onboarding_test
