// VNF package onboarding end to end (scenarios/lifecycle/package-onboarding.json): the real OSS
// builds and signs packages with the vendor fixture, the real NFVO checks digest, CMS signature
// and VNFD over the OSS's day-0 TLS, and each outcome is read from the trace — on both sides. The
// same scenario with the NFVO's settings changed flips the outcomes (unsigned accepted without
// require_signed_packages; every signature untrusted under another vendor's root).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "actors/builtin_actors.hpp"
#include "conformance/catalogue.hpp"
#include "conformance/scenario_rules.hpp"
#include "conformance/trace_query.hpp"
#include "sim/scenario.hpp"
#include "sim/simulation.hpp"

namespace ifa026::conformance {
namespace {

using sim::RecordKind;
using sim::TraceRecord;

const sim::ActorRegistry& registry() {
  static const sim::ActorRegistry r = actors::builtin_registry();
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

}  // namespace
}  // namespace ifa026::conformance
