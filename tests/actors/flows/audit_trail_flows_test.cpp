// Audit logs under keys an audit collector delivered over mutual TLS, end to end
// (scenarios/security-monitoring/audit-trail.json, docs/security-monitoring.md "The audit trail",
// docs/audit-log.md "Keys delivered by an auditor"): through the real OSS, CMF, CA, NFVO, VNFM,
// VIM, SM and auditor actors and conformance::Engine, every keeper's partitions are MAC'd under a
// key derived from the one auditor-1 delivered to it (R1.3.260, R1.3.270 pass), and each fault
// switch (a key drawn locally, a key never delivered, a stored record altered) turns R1.3.270 to
// fail; every keeper's records reach the auditor in AuditLogTransfers MAC'd under a key from its
// own session's TLS exporter (R1.3.280 passes), and a shared key or an altered transfer fails it.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

#include "actors/common/audit_keeping.hpp"
#include "actors/common/audit_log_source.hpp"
#include "actors/messages/decisions.hpp"
#include "actors/messages/detail_keys.hpp"
#include "actors/messages/monitoring_vocabulary.hpp"
#include "conformance/trace_query.hpp"
#include "sim/simulation.hpp"
#include "tests/actors/flows/sm_flows_support.hpp"

namespace ifa026::conformance::audit_trail_flows_test {
namespace {

namespace decisions = actors::decisions;
namespace outcomes = actors::outcomes;
namespace keys = actors::detail_keys;

using sm_flows::registry;
using sm_flows::run;
using sm_flows::verdict_of;

const std::set<std::string> kKeepers = {"nfvo-1", "vnfm-1", "vim-1", "sm-1", "sm-2"};

sim::Scenario load() {
  return sm_flows::load_shipped("security-monitoring/audit-trail.json");
}

sim::ActorSpec& actor(sim::Scenario& s, const std::string& name) {
  for (auto& a : s.actors)
    if (a.name == name) return a;
  throw std::runtime_error("no actor " + name);
}

Verdict verdict(const sim::Scenario& s, const std::string& id, std::string& reason) {
  return verdict_of(run(s), id, reason);
}

std::vector<sim::TraceRecord> trace_of(const sim::Scenario& s) {
  sim::Simulation simulation(s, registry());
  sim::TraceStore store;
  simulation.trace().subscribe(store);
  simulation.run();
  return store.records();
}

TEST(AuditTrail, ScenarioPasses) {
  const ConformanceReport report = run(load());
  for (const char* id : {"R1.3.260", "R1.3.270", "R1.3.280"}) {
    std::string reason;
    EXPECT_EQ(verdict_of(report, id, reason), Verdict::pass) << id << ": " << reason;
  }
}

// One distinct key per keeper, each delivered on mutual TLS and acknowledged; each keeper's
// partitions provisioned from its delivery, after it arrived, under the key the log holds.
TEST(AuditTrail, KeysDeliveredOverMutualTlsAndPartitionsDerivedFromThem) {
  const sim::Scenario s = load();  // the logs are read from the simulation, so run it here
  sim::Simulation simulation(s, registry());
  sim::TraceStore store;
  simulation.trace().subscribe(store);
  simulation.run();
  const auto trace = store.records();
  const TraceQuery q(trace);
  std::map<std::string, std::string> sent;  // keeper -> key id
  for (const auto* r : q.all(RecordFilter{}.op(decisions::kAuditKeyDelivery).by("auditor-1"))) {
    if (r->outcome == outcomes::kSent) {
      EXPECT_EQ(detail_of(*r, keys::kChannel), "mutual") << describe(*r);
      EXPECT_TRUE(sent.emplace(detail_of(*r, keys::kKeeper), detail_of(*r, keys::kKeyId)).second);
    }
  }
  std::set<std::string> sent_to;
  for (const auto& [k, id] : sent) sent_to.insert(k);
  EXPECT_EQ(sent_to, kKeepers);
  std::set<std::string> key_ids;
  for (const auto& [k, id] : sent) key_ids.insert(id);
  EXPECT_EQ(key_ids.size(), kKeepers.size()) << "one distinct key per keeper";
  for (const auto& keeper : kKeepers) {
    const auto* received = q.first(RecordFilter{}
                                       .op(decisions::kAuditKeyDelivery)
                                       .by(keeper)
                                       .with_outcome(outcomes::kReceived));
    ASSERT_NE(received, nullptr) << keeper;
    EXPECT_EQ(detail_of(*received, keys::kChannel), "mutual");
    EXPECT_EQ(detail_of(*received, keys::kSource), "auditor-1");
    EXPECT_EQ(detail_of(*received, keys::kKeyId), sent[keeper]);
    const auto* acked = q.first(RecordFilter{}
                                    .op(decisions::kAuditKeyDelivery)
                                    .by("auditor-1")
                                    .with_outcome(outcomes::kAcknowledged)
                                    .to(keeper));
    EXPECT_NE(acked, nullptr) << keeper;
    const actors::AuditLog* log = actors::audit_log_of(simulation, keeper);
    ASSERT_NE(log, nullptr) << keeper;
    std::size_t partitions = 0;
    for (const auto& p : log->partitions()) {
      if (log->size(p) == 0) continue;
      ++partitions;
      const actors::AuditKey* key = log->key(p);
      ASSERT_NE(key, nullptr);
      const auto* prov = q.first(RecordFilter{}
                                     .op(decisions::kAuditKeyProvisioned)
                                     .by(keeper)
                                     .with(keys::kSm, p.sm)
                                     .with(keys::kDomain, p.domain));
      ASSERT_NE(prov, nullptr) << keeper << " " << actors::to_string(p);
      EXPECT_EQ(detail_of(*prov, keys::kKeyId), key->key_id);
      EXPECT_EQ(detail_of(*prov, keys::kSource), "auditor-1");
      EXPECT_EQ(detail_of(*prov, keys::kDelivery), sent[keeper]);
      // The provisioning follows the delivery (appends waited for the key).
      EXPECT_GT(prov->id, received->id);
    }
    EXPECT_GT(partitions, 0u) << keeper << " stores records";
  }
}

TEST(AuditTrail, PartitionKeyDerivationIsPerPartition) {
  const pki::Bytes delivered(32, 0x42);
  const auto a = actors::derive_audit_partition_key(delivered, {"sm-1", "td-a"});
  const auto b = actors::derive_audit_partition_key(delivered, {"sm-2", "td-a"});
  const auto c = actors::derive_audit_partition_key(delivered, {"sm-1", "td-b"});
  EXPECT_EQ(a.size(), 32u);
  EXPECT_NE(a, b);
  EXPECT_NE(a, c);
  EXPECT_EQ(a, actors::derive_audit_partition_key(delivered, {"sm-1", "td-a"}));
  EXPECT_NE(a, actors::derive_audit_partition_key(pki::Bytes(32, 0x43), {"sm-1", "td-a"}));
}

// A keeper draws its keys itself although it names an auditor (fault local_key).
TEST(AuditTrail, LocallyDrawnKeyFails) {
  for (const char* keeper : {"nfvo-1", "sm-1"}) {
    sim::Scenario s = load();
    actor(s, keeper).params["audit_faults"] = nlohmann::json::array({"local_key"});
    std::string reason;
    EXPECT_EQ(verdict(s, "R1.3.270", reason), Verdict::fail) << keeper << ": " << reason;
    EXPECT_NE(reason.find("drawn by the keeper itself"), std::string::npos) << reason;
  }
}

// The auditor never delivers vim-1's key (fault skip:vim-1): vim-1's records wait, unstored.
TEST(AuditTrail, UndeliveredKeyFails) {
  sim::Scenario s = load();
  actor(s, "auditor-1").params["audit_faults"] = nlohmann::json::array({"skip:vim-1"});
  std::string reason;
  EXPECT_EQ(verdict(s, "R1.3.270", reason), Verdict::fail) << reason;
  EXPECT_NE(reason.find("vim-1 shows audited actions for sm-1 but stores no protected record"),
            std::string::npos)
      << reason;
}

// An intruder alters a stored record of the NFVO's log (tamper_audit_record): its MAC under the
// delivered-key partition key no longer verifies.
TEST(AuditTrail, TamperedStoredRecordFails) {
  sim::Scenario s = load();
  sim::CommandSpec tamper;
  tamper.at = sim::Duration::seconds(110);
  tamper.actor = "nfvo-1";
  tamper.command = "tamper_audit_record";
  tamper.args = {{"sm", "sm-1"}, {"domain", "td-a"}, {"seq", 3}};
  s.workload.push_back(tamper);
  std::string reason;
  EXPECT_EQ(verdict(s, "R1.3.270", reason), Verdict::fail) << reason;
  EXPECT_NE(reason.find("nfvo-1's audit partition sm-1/td-a fails verification at record 3"),
            std::string::npos)
      << reason;
}

// Without an auditor (the shipped detection scenario) the keepers draw their keys as before and
// R1.3.270 fails: nothing was delivered.
TEST(AuditTrail, WithoutAnAuditorKeysAreLocalAndTheCheckFails) {
  sim::Scenario s = sm_flows::load_shipped("security-monitoring/detection-rogue.json");
  sm_flows::cover(s, "R1.3.270");
  std::string reason;
  EXPECT_EQ(verdict(s, "R1.3.270", reason), Verdict::fail) << reason;
  EXPECT_NE(reason.find("drawn by the keeper itself (source not named)"), std::string::npos)
      << reason;
}

// Every keeper transfers; each transfer received with the fingerprint its sender named; one
// fingerprint per (keeper, auditor) pair, distinct across pairs.
TEST(AuditTrail, TransfersUseOneExporterPerPair) {
  const auto trace = trace_of(load());
  const TraceQuery q(trace);
  std::map<std::string, std::set<std::string>> fingerprints;  // keeper -> exporter fingerprints
  std::size_t transfers = 0;
  for (const auto* r : q.all(RecordFilter{}.op(decisions::kAuditLogTransfer))) {
    if (r->outcome == outcomes::kSent) {
      ++transfers;
      EXPECT_EQ(r->peer, "auditor-1");
      EXPECT_EQ(detail_of(*r, keys::kChannel), "mutual");
      EXPECT_EQ(detail_of(*r, keys::kExporter).size(), 64u);
      fingerprints[r->actor].insert(detail_of(*r, keys::kExporter));
    }
    EXPECT_NE(r->outcome, outcomes::kRefused) << describe(*r);
  }
  EXPECT_GT(transfers, kKeepers.size());
  std::set<std::string> senders, all;
  for (const auto& [keeper, fps] : fingerprints) {
    senders.insert(keeper);
    EXPECT_EQ(fps.size(), 1u) << keeper << ": one session, one exporter";
    all.insert(fps.begin(), fps.end());
  }
  EXPECT_EQ(senders, kKeepers);
  EXPECT_EQ(all.size(), kKeepers.size()) << "a fingerprint per pair";
  EXPECT_EQ(q.all(RecordFilter{}
                      .op(decisions::kAuditLogTransfer)
                      .by("auditor-1")
                      .with_outcome(outcomes::kReceived))
                .size(),
            transfers);
}

// Every keeper uses one fixed transfer key instead of its session's exporter
// (shared_transfer_key): the pairs share a fingerprint, and the auditor's MACs do not verify.
TEST(AuditTrail, SharedTransferKeyFails) {
  sim::Scenario s = load();
  for (const char* keeper : {"nfvo-1", "vim-1"})
    actor(s, keeper).params["audit_faults"] = nlohmann::json::array({"shared_transfer_key"});
  std::string reason;
  EXPECT_EQ(verdict(s, "R1.3.280", reason), Verdict::fail) << reason;
  EXPECT_NE(reason.find("shared by 2 pairs (nfvo-1->auditor-1, vim-1->auditor-1)"),
            std::string::npos)
      << reason;
}

// A transferred record altered after the keeper's MAC (tamper_transfer): the auditor refuses it.
TEST(AuditTrail, TamperedTransferFails) {
  sim::Scenario s = load();
  actor(s, "vnfm-1").params["audit_faults"] = nlohmann::json::array({"tamper_transfer"});
  std::string reason;
  EXPECT_EQ(verdict(s, "R1.3.280", reason), Verdict::fail) << reason;
  EXPECT_NE(reason.find("refused by the auditor: mac does not verify"), std::string::npos)
      << reason;
}

}  // namespace
}  // namespace ifa026::conformance::audit_trail_flows_test
