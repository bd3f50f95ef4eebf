// HSM-held keys in TLS (issue 20; docs/mano-certificates.md "HSM-held keys in TLS"): in the shipped
// C.4.x.2.7 scenarios the MANO entities whose key is in hsm-1 present that key in their TLS
// sessions: their session checks pass and their renewals over mutual TLS succeed, the certificate
// each presents carries the public key hsm-1 generated, and hsm-1 made one signature for each
// session they authenticated. With hsm-1's corrupt_signatures fault the peers refuse those
// handshakes (decrypt error), and the checks and the renewal fail.
#include <gtest/gtest.h>

#include <memory>
#include <set>
#include <string>

#include "actors/common/certificate_holder.hpp"
#include "actors/messages/decisions.hpp"
#include "actors/messages/detail_keys.hpp"
#include "conformance/trace_query.hpp"
#include "pki/bytes.hpp"
#include "sim/scenario.hpp"
#include "sim/simulation.hpp"
#include "tests/actors/flows/sm_flows_support.hpp"

namespace ifa026::conformance::hsm_tls_flows_test {
namespace {

namespace decisions = actors::decisions;
namespace outcomes = actors::outcomes;
namespace keys = actors::detail_keys;
namespace dv = actors::detail_values;

struct Run {
  sim::TraceStore store;
  std::unique_ptr<sim::Simulation> simulation;
};

std::unique_ptr<Run> simulate(const sim::Scenario& s) {
  auto r = std::make_unique<Run>();
  r->simulation = std::make_unique<sim::Simulation>(s, sm_flows::registry());
  r->simulation->trace().subscribe(r->store);
  r->simulation->run();
  return r;
}

sim::Scenario with_corrupt_hsm(sim::Scenario s) {
  for (auto& a : s.actors)
    if (a.type == "hsm") a.params["corrupt_signatures"] = true;
  return s;
}

// The handshakes `entity` completed presenting a certificate of its own (serial=), and checks
// that each certificate is one it holds or held with a key hsm-1 generated for it.
std::size_t authenticated_handshakes(const Run& r, const TraceQuery& q, const std::string& entity) {
  std::set<std::string> hsm_keys;  // spki_sha256 of the keys hsm-1 made for the entity
  for (const auto* g : q.all(decision(entity, decisions::kGenerateKey).with(keys::kIn, "hsm")))
    hsm_keys.insert(detail_of(*g, keys::kSpkiSha256));
  EXPECT_FALSE(hsm_keys.empty()) << entity;
  auto* holder = dynamic_cast<actors::CertificateHolder*>(r.simulation->actor(entity));
  if (holder == nullptr) {
    ADD_FAILURE() << entity << " holds no certificates";
    return 0;
  }
  std::size_t count = 0;
  for (const auto* h : q.all(RecordFilter{}.by(entity).op(decisions::kTlsHandshake))) {
    const std::string serial = detail_of(*h, keys::kSerial);
    if (serial.empty()) continue;
    EXPECT_EQ(h->outcome, outcomes::kOk) << h->detail;
    bool found = false;
    for (const auto& held : holder->certificate_history())
      if (held.certificate.serial_hex() == serial) {
        found = true;
        EXPECT_TRUE(hsm_keys.count(pki::to_hex(held.certificate.public_key().spki_sha256())))
            << entity << " presented certificate " << serial << " whose key hsm-1 did not make";
      }
    EXPECT_TRUE(found) << entity << " presented certificate " << serial << " it never held";
    ++count;
  }
  return count;
}

TEST(HsmKeysInTls, SessionChecksAndRenewalRunWithTheHsmHeldKeys) {
  const auto r = simulate(sm_flows::load_shipped("annex-c/C.4.2.2.7.json"));
  const TraceQuery q(r->store.records());
  EXPECT_FALSE(q.any(RecordFilter{}.op(decisions::kSessionCheck).with_outcome(outcomes::kSkipped)));
  EXPECT_FALSE(q.any(RecordFilter{}.op(decisions::kEnrolmentFailed)));
  // Before and after the VNFM's renewal.
  EXPECT_EQ(
      q.all(decision("nfvo-1", decisions::kSessionCheck).to("vnfm-1").with_outcome(outcomes::kOk))
          .size(),
      2u);
  EXPECT_TRUE(q.any(decision("vnfm-1", decisions::kCertificateInstalled)
                        .with(keys::kPurpose, dv::kPurposeRenewal)));
  for (const char* entity : {"nfvo-1", "vnfm-1"}) {
    const std::size_t handshakes = authenticated_handshakes(*r, q, entity);
    const std::size_t signatures =
        q.all(decision("hsm-1", decisions::kSignData)
                  .to(entity)
                  .with_outcome(outcomes::kOk)
                  .with(keys::kPurpose, dv::kPurposeTlsCertificateVerify))
            .size();
    EXPECT_GE(handshakes, 2u) << entity;
    EXPECT_EQ(signatures, handshakes) << entity << ": one HSM signature per session it presented";
  }
}

TEST(HsmKeysInTls, EveryHsmModeScenarioChecksAndRenewsWithoutSkipping) {
  for (const char* scenario : {"annex-c/C.4.1.2.7.json", "annex-c/C.4.3.2.7.json",
                               "annex-c/mano-wide-hsm-attestation.json"}) {
    const auto r = simulate(sm_flows::load_shipped(scenario));
    const TraceQuery q(r->store.records());
    EXPECT_FALSE(
        q.any(RecordFilter{}.op(decisions::kSessionCheck).with_outcome(outcomes::kSkipped)))
        << scenario;
    EXPECT_FALSE(q.any(RecordFilter{}.op(decisions::kSessionCheck).with_outcome(outcomes::kFailed)))
        << scenario;
    EXPECT_FALSE(q.any(RecordFilter{}.op(decisions::kEnrolmentFailed))) << scenario;
    EXPECT_TRUE(q.any(RecordFilter{}
                          .op(decisions::kCertificateInstalled)
                          .with(keys::kPurpose, dv::kPurposeRenewal)))
        << scenario;
    EXPECT_TRUE(q.any(decision("hsm-1", decisions::kSignData).with_outcome(outcomes::kOk)))
        << scenario;
  }
}

TEST(HsmKeysInTls, ACorruptHsmSignatureFailsTheHandshakesTheChecksAndTheRenewal) {
  const auto r = simulate(with_corrupt_hsm(sm_flows::load_shipped("annex-c/C.4.2.2.7.json")));
  const TraceQuery q(r->store.records());
  EXPECT_TRUE(
      q.any(decision("hsm-1", decisions::kSignData).with(keys::kFault, "corrupt_signatures")));
  EXPECT_FALSE(q.any(decision("nfvo-1", decisions::kSessionCheck).with_outcome(outcomes::kOk)));
  EXPECT_FALSE(q.any(decision("vnfm-1", decisions::kCertificateInstalled)
                         .with(keys::kPurpose, dv::kPurposeRenewal)));
  // The peer that verified the bad CertificateVerify refused it.
  EXPECT_TRUE(q.any(RecordFilter{}
                        .op(decisions::kTlsHandshake)
                        .with_outcome(outcomes::kFailed)
                        .with(keys::kAlert, "decrypt error")));
}

}  // namespace
}  // namespace ifa026::conformance::hsm_tls_flows_test
