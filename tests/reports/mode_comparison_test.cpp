// Tests for the Annex D comparison of certificate modes (reports/mode_comparison.hpp; issue 17) on
// small synthetic traces: messages and bytes of each mode's enrolment flows per enrolled identity
// (renewal and MANO flows not counted), the latency from an identity's first step record to its
// installation, key holders and hops from the KeyCustody ledger (delegation) and from the VNFCI's
// own GenerateKey (direct), and the metrics.json / metrics.csv / table forms.
#include "reports/mode_comparison.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "actors/builtin_actors.hpp"
#include "conformance/catalogue.hpp"
#include "conformance/scenario_rules.hpp"
#include "reports/run_metrics.hpp"
#include "sim/scenario.hpp"
#include "sim/simulation.hpp"

namespace ifa026::reports::mode_comparison_test {
namespace {

sim::TraceRecord record(std::int64_t ms, sim::RecordKind kind, const std::string& actor,
                        const std::string& operation, const std::string& outcome,
                        const std::string& step, const std::string& detail, std::uint64_t bytes = 0,
                        const std::string& peer = "") {
  sim::TraceRecord r;
  r.time = sim::Time::zero() + sim::Duration::milliseconds(ms);
  r.kind = kind;
  r.actor = actor;
  r.operation = operation;
  r.outcome = outcome;
  r.step = step;
  r.detail = detail;
  r.bytes = bytes;
  r.peer = peer;
  return r;
}

using K = sim::RecordKind;

// Direct: vnfci-1 with two identities (one key each, self-made), 4 sends of C.2.1.1 (1000 bytes),
// one renewal send (C.2.1.4) and one MANO send (C.4.2.2.6) not counted.
std::vector<sim::TraceRecord> direct_trace() {
  return {
      record(0, K::decision, "cmf-1", "VnfciDiscovered", "ok", "C.2.1.1#1", "vnfci=vnfci-1"),
      record(1, K::send, "cmf-1", "VnfciCertificateConfiguration", "", "C.2.1.1#5", "", 400),
      record(2, K::send, "vnfci-1", "ir", "", "C.2.1.1#6", "", 300),
      record(3, K::decision, "vnfci-1", "GenerateKey", "ok", "C.2.1.1#6",
             "vnfci=vnfci-1; identity=a; in=self; spki_sha256=aaaaaaaaaaaaaaaabbbb"),
      record(4, K::decision, "vnfci-1", "GenerateKey", "ok", "C.2.1.1#6",
             "vnfci=vnfci-1; identity=b; in=self; spki_sha256=cccccccccccccccc0000"),
      record(5, K::send, "ca-1", "ip", "", "C.2.1.1#7", "", 200),
      record(6, K::send, "ca-1", "ip", "", "C.2.1.1#7", "", 100),
      record(10, K::decision, "vnfci-1", "CertificateInstalled", "ok", "C.2.1.1#8",
             "vnfci=vnfci-1; identity=a; purpose=enrolment"),
      record(30, K::decision, "vnfci-1", "CertificateInstalled", "ok", "C.2.1.1#8",
             "vnfci=vnfci-1; identity=b; purpose=enrolment"),
      record(40, K::send, "vnfci-1", "kur", "", "C.2.1.4#1", "", 999),
      record(41, K::send, "vnfm-1", "CertificateSigningRequest", "", "C.4.2.2.6#0", "", 999),
      record(50, K::decision, "vnfci-1", "CertificateInstalled", "ok", "C.2.1.4#3",
             "vnfci=vnfci-1; identity=a; purpose=renewal"),
  };
}

// Delegation, C.2.2.3: vnfci-2's key made by the VNFM, sent to the VIM (mutual), injected
// (nfvi-local), stored; and the HSM path: vnfci-3's key made in the HSM and released to its HMEE.
std::vector<sim::TraceRecord> delegation_trace() {
  return {
      record(100, K::decision, "vnfm-1", "DelegateRegistration", "requested", "C.2.2.1#0",
             "vnfci=vnfci-2,vnfci-3"),
      record(100, K::send, "vnfm-1", "RegisterDelegateRequest", "", "C.2.2.1#0", "", 500),
      record(110, K::decision, "vnfm-1", "KeyCustody", "generated", "C.2.2.2.6#0",
             "key_fp=1111111111111111; holder=vnfm-1; vnfci=vnfci-2; identity=web"),
      record(120, K::send, "vnfm-1", "AllocateComputeRequest", "", "C.2.2.3#0", "", 1500),
      record(120, K::decision, "vnfm-1", "KeyCustody", "sent", "C.2.2.3#0",
             "key_fp=1111111111111111; holder=vnfm-1; vnfci=vnfci-2; identity=web; peer=vim-1; "
             "channel=mutual"),
      record(130, K::decision, "vim-1", "KeyCustody", "received", "C.2.2.3#1",
             "key_fp=1111111111111111; holder=vim-1; vnfci=vnfci-2; identity=web; peer=vnfm-1; "
             "channel=mutual"),
      record(131, K::decision, "vim-1", "KeyCustody", "sent", "C.2.2.3#1",
             "key_fp=1111111111111111; holder=vim-1; vnfci=vnfci-2; identity=web; peer=vnfci-2; "
             "channel=nfvi-local"),
      record(140, K::decision, "vnfci-2", "KeyCustody", "stored", "C.2.2.3#2",
             "key_fp=1111111111111111; holder=vnfci-2; vnfci=vnfci-2; identity=web"),
      record(140, K::decision, "vnfci-2", "CertificateInstalled", "ok", "C.2.2.3#2",
             "vnfci=vnfci-2; identity=web; purpose=delegated"),
      record(150, K::decision, "hsm-1", "KeyCustody", "generated", "C.2.2.2.7#0",
             "key_fp=2222222222222222; holder=hsm-1; vnfci=vnfci-3; identity=web; channel=local"),
      record(200, K::decision, "hsm-1", "KeyCustody", "released", "C.2.2.4.7#4",
             "key_fp=2222222222222222; holder=hsm-1; vnfci=vnfci-3; identity=web; peer=vnfci-3; "
             "channel=hmee-hsm"),
      record(200, K::decision, "hsm-1", "KeyCustody", "deleted", "C.2.2.4.7#4",
             "key_fp=2222222222222222; holder=hsm-1; vnfci=vnfci-3; identity=web"),
      record(210, K::decision, "vnfci-3", "KeyCustody", "stored", "C.2.2.4.7#4",
             "key_fp=2222222222222222; holder=vnfci-3; vnfci=vnfci-3; identity=web; peer=hsm-1; "
             "channel=hmee-hsm"),
      record(210, K::send, "vnfci-3", "ReleaseKeyPairRequest", "", "C.2.2.4.7#3", "", 500),
      record(220, K::decision, "vnfci-3", "CertificateInstalled", "ok", "C.2.2.4.7#4",
             "vnfci=vnfci-3; identity=web; purpose=delegated; key=hsm"),
  };
}

TEST(ModeComparison, DirectModeCountsItsFlowsPerIdentityAndTheVnfcisOwnKeys) {
  const auto comparison = ModeComparison::from_records(direct_trace());
  ASSERT_TRUE(comparison.any());
  const auto figures = comparison.figures();
  ASSERT_EQ(figures.size(), 2u);
  const ModeFigures& direct = figures[0];
  EXPECT_EQ(direct.mode, "direct");
  EXPECT_EQ(direct.identities_enrolled, 2u);
  EXPECT_EQ(direct.messages, 4u);
  EXPECT_EQ(direct.bytes, 1000u);
  EXPECT_DOUBLE_EQ(direct.messages_per_identity, 2.0);
  EXPECT_DOUBLE_EQ(direct.bytes_per_identity, 500.0);
  // From the VNFCI's discovery (0 ms) to each installation: 10 ms and 30 ms.
  EXPECT_EQ(direct.latency.count, 2u);
  EXPECT_EQ(direct.latency.p50, sim::Duration::milliseconds(10));
  EXPECT_EQ(direct.latency.p99, sim::Duration::milliseconds(30));
  EXPECT_EQ(direct.keys, 2u);
  EXPECT_EQ(direct.holders.max, 1u);
  EXPECT_EQ(direct.hops.max, 0u);
  EXPECT_TRUE(direct.channels.empty());
  const ModeFigures& delegation = figures[1];
  EXPECT_EQ(delegation.mode, "delegation");
  EXPECT_EQ(delegation.identities_enrolled, 0u);
  EXPECT_EQ(delegation.messages, 0u);
  EXPECT_EQ(delegation.latency.count, 0u);
}

TEST(ModeComparison, DelegationKeysCountEveryHolderAndHop) {
  const auto comparison = ModeComparison::from_records(delegation_trace());
  const auto figures = comparison.figures();
  const ModeFigures& delegation = figures[1];
  EXPECT_EQ(delegation.identities_enrolled, 2u);
  EXPECT_EQ(delegation.messages, 3u);
  EXPECT_EQ(delegation.bytes, 2500u);
  EXPECT_DOUBLE_EQ(delegation.messages_per_identity, 1.5);
  // The registration (100 ms, both VNFCIs) to 140 ms and 220 ms.
  EXPECT_EQ(delegation.latency.count, 2u);
  EXPECT_EQ(delegation.latency.min, sim::Duration::milliseconds(40));
  EXPECT_EQ(delegation.latency.max, sim::Duration::milliseconds(120));
  EXPECT_EQ(delegation.keys, 2u);
  // VNFM, VIM, VNFCI (two hops) and HSM, VNFCI (one).
  EXPECT_EQ(delegation.holders.max, 3u);
  EXPECT_EQ(delegation.holders.min, 2u);
  EXPECT_DOUBLE_EQ(delegation.holders.mean, 2.5);
  EXPECT_EQ(delegation.hops.max, 2u);
  EXPECT_EQ(delegation.hops.min, 1u);
  EXPECT_EQ(delegation.channels, (std::vector<std::string>{"hmee-hsm", "mutual", "nfvi-local"}));
  EXPECT_EQ(figures[0].identities_enrolled, 0u);
}

TEST(ModeComparison, MetricsJsonCsvAndTableCarryBothModes) {
  RunMetrics metrics;
  for (const auto& r : direct_trace()) metrics.on_record(r);
  for (const auto& r : delegation_trace()) metrics.on_record(r);
  RunManifest manifest;
  manifest.scenario_name = "modes";
  const auto doc = metrics_to_json(metrics, manifest);
  ASSERT_TRUE(doc.contains("mode_comparison"));
  const auto& modes = doc.at("mode_comparison");
  EXPECT_EQ(modes.at("direct").at("identities_enrolled"), 2);
  EXPECT_EQ(modes.at("delegation").at("identities_enrolled"), 2);
  EXPECT_EQ(modes.at("delegation").at("key_holders").at("max"), 3);
  EXPECT_EQ(modes.at("direct").at("enrolment_latency").at("p50"), "10ms");
  const std::string csv = metrics_to_csv(metrics, manifest);
  EXPECT_NE(csv.find("mode_identities_enrolled,delegation,2\n"), std::string::npos) << csv;
  EXPECT_NE(csv.find("mode_key_hops_max,delegation,2\n"), std::string::npos) << csv;
  const std::string table = metrics.mode_comparison().table();
  EXPECT_NE(table.find("direct"), std::string::npos) << table;
  EXPECT_NE(table.find("delegation"), std::string::npos) << table;
}

TEST(ModeComparison, ARunWithoutVnfcisHasNoComparison) {
  RunMetrics metrics;
  metrics.on_record(
      record(1, K::send, "vnfm-1", "CertificateSigningRequest", "", "C.4.2.2.6#0", "", 999));
  EXPECT_FALSE(metrics.mode_comparison().any());
  RunManifest manifest;
  EXPECT_FALSE(metrics_to_json(metrics, manifest).contains("mode_comparison"));
}

// A real run of the direct-mode scenario C.2.1.1 (two VNFCIs, two identities each): the comparison
// fed while the run streams equals the one computed from the stored trace; its figures agree with
// the trace's own records.
TEST(ModeComparison, ARealDirectModeRunOfC211) {
  const sim::ActorRegistry registry = actors::builtin_registry();
  auto loaded = sim::load_scenario_file(
      std::string(IFA026_SOURCE_DIR) + "/scenarios/annex-c/C.2.1.1.json", registry,
      conformance::scenario_rules(conformance::Catalogue::builtin()));
  ASSERT_TRUE(loaded.scenario.has_value());
  sim::Simulation simulation(*loaded.scenario, registry);
  sim::TraceStore store;
  ModeComparison streamed;
  simulation.trace().subscribe(store);
  simulation.trace().subscribe(streamed);
  simulation.run();
  simulation.finish();

  const auto stored = ModeComparison::from_records(store.records());
  EXPECT_EQ(stored.to_json(), streamed.to_json());
  std::uint64_t messages = 0, bytes = 0, installed = 0;
  for (const auto& r : store.records()) {
    const bool direct_step = r.step.rfind("C.2.1.1#", 0) == 0;
    if (r.kind == sim::RecordKind::send && direct_step) {
      ++messages;
      bytes += r.bytes;
    }
    if (r.kind == sim::RecordKind::decision && r.operation == "CertificateInstalled" &&
        r.outcome == "ok" && direct_step)
      ++installed;
  }
  ASSERT_EQ(installed, 4u);
  const ModeFigures direct = stored.figures()[0];
  EXPECT_EQ(direct.identities_enrolled, 4u);
  EXPECT_EQ(direct.messages, messages);
  EXPECT_EQ(direct.bytes, bytes);
  EXPECT_GT(messages, 0u);
  EXPECT_EQ(direct.latency.count, 4u);
  EXPECT_GT(direct.latency.min, sim::Duration());
  // Each key made by its VNFCI, never handed over.
  EXPECT_EQ(direct.keys, 4u);
  EXPECT_EQ(direct.holders.min, 1u);
  EXPECT_EQ(direct.holders.max, 1u);
  EXPECT_EQ(direct.hops.max, 0u);
  const ModeFigures delegation = stored.figures()[1];
  EXPECT_EQ(delegation.identities_enrolled, 0u);
  EXPECT_EQ(delegation.messages, 0u);
  EXPECT_EQ(delegation.keys, 0u);
}

}  // namespace
}  // namespace ifa026::reports::mode_comparison_test
