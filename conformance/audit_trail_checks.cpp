// The audit trail check (see audit_trail_checks.hpp). Test descriptions follow ETSI TST010's
// fields.
#include "conformance/audit_trail_checks.hpp"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "actors/common/audit_log_source.hpp"
#include "actors/common/audit_verification.hpp"
#include "actors/messages/monitoring_vocabulary.hpp"
#include "conformance/check_outcome.hpp"
#include "conformance/sm_trace_view.hpp"
#include "conformance/trace_query.hpp"
#include "conformance/vocabulary.hpp"

namespace ifa026::conformance {
namespace {

// (keeper, sm, event): the log that must hold the record, whose partition, and what.
using Key = std::tuple<std::string, std::string, std::string>;

struct Expected {
  std::size_t count = 0;
  std::vector<std::uint64_t> records;
};

// What the trace says each keeper must have appended: a MANO block's bindings (one record per
// granted domain), routed events and removals it executed for an SM; an SM's detections and
// remedies.
std::map<Key, Expected> expected_records(const std::vector<sim::TraceRecord>& trace) {
  std::map<Key, Expected> out;
  auto add = [&](const sim::TraceRecord& r, const std::string& sm, std::size_t n) {
    Expected& e = out[{r.actor, sm, r.operation}];
    e.count += n;
    if (e.records.size() < 8) e.records.push_back(r.id);
  };
  for (const auto& r : trace) {
    if (r.kind != sim::RecordKind::decision) continue;
    if (r.operation == decisions::kSmBinding && r.outcome == outcomes::kBound) {
      const auto grants = split_list(detail_of(r, keys::kGrants));
      if (!grants.empty()) add(r, r.peer, grants.size());
    } else if (r.operation == decisions::kSmEventRouted && r.outcome == outcomes::kSent) {
      add(r, r.peer, 1);
    } else if (r.operation == decisions::kSmResourceRemoval && r.outcome == outcomes::kTerminated) {
      add(r, r.peer, 1);
    } else if (r.operation == decisions::kSecurityDetection ||
               r.operation == decisions::kRemediation) {
      add(r, r.actor, 1);
    }
  }
  return out;
}

}  // namespace

// ID            R1.3.260
// Objective     Security-relevant actions of monitoring and of MANO towards SMs are logged in a
//               protected, checkable audit trail.
// Precondition  MANO blocks hosting the SM gateway (bindings, routed events, remedies executed)
//               and SMs that detect and remedy (their own audit log).
// Test          For every MANO block and SM, and every SM and action kind: the block's (the SM's)
//               audit log holds at least as many records of that action in the SM's partitions as
//               the trace shows actions (SmBinding bound per granted domain, SmEventRouted,
//               SmResourceRemoval terminated; the SM's SecurityDetection and Remediation), and
//               every partition's chain verifies end to end — sequence, hash links and each
//               record's HMAC under the partition's key. "Best practice" beyond that is not
//               judged.
// Evidence      The trace records above, AuditKeyProvisioned, the final audit logs.
// Negative      SM sm_faults skip_audit (detections not logged); the gateway's unaudited_events;
//               the NFVO's tamper_audit_record (a broken chain).
// Reference     ETSI GS NFV-IFA 026 V4.5.1 Annex A R1.3.260
// Applicability ICS security-monitoring; none when no actor keeps an audit log and the trace
//               shows no such action.
CheckResult check_audit_trail(const CheckContext& c) {
  const auto expected = expected_records(c.trace);
  std::set<std::string> keepers;
  for (const auto& [key, e] : expected) keepers.insert(std::get<0>(key));
  for (const auto& a : c.scenario.actors)
    if (actors::audit_log_of(c.simulation, a.name) != nullptr) keepers.insert(a.name);
  CheckOutcome out;
  bool any_log = false;
  for (const auto& keeper : keepers) {
    const actors::AuditLog* log = actors::audit_log_of(c.simulation, keeper);
    // Records per (sm, event) the keeper holds.
    std::map<std::pair<std::string, std::string>, std::size_t> held;
    if (log != nullptr) {
      for (const auto& p : log->partitions()) {
        const auto records = log->records(p);
        if (records.empty()) continue;
        any_log = true;
        for (const auto& r : records) ++held[{p.sm, r.event}];
        const actors::AuditKey* key = log->key(p);
        const auto v = actors::verify_audit_chain(
            records, key == nullptr ? std::nullopt : std::optional<pki::Bytes>(key->key));
        if (!v.ok)
          out.fail(keeper + "'s audit partition " + actors::to_string(p) + " is broken at record " +
                   std::to_string(v.first_broken_seq.value_or(0)) + ": " + v.reason);
        else if (!v.macs_checked)
          out.fail(keeper + "'s audit partition " + actors::to_string(p) + " has no key");
        else
          out.pass(keeper + "'s audit partition " + actors::to_string(p) + ": " +
                   std::to_string(records.size()) + " records, chain and MACs verified");
      }
    }
    for (const auto& [key, e] : expected) {
      const auto& [k, sm, event] = key;
      if (k != keeper) continue;
      auto it = held.find({sm, event});
      const std::size_t n = it == held.end() ? 0 : it->second;
      const std::string what = std::to_string(e.count) + " " + event + " actions for " + sm;
      if (n < e.count)
        out.fail(keeper + " shows " + what + " but its audit log holds " + std::to_string(n),
                 e.records);
      else
        out.pass(keeper + " audited " + what, e.records);
    }
  }
  if (!any_log && expected.empty())
    return {Verdict::none, "no audit log kept and no security-relevant action traced", {}};
  return out.result("nothing to judge");
}

// ID            R1.3.270
// Objective     Stored audit logs are protected under a key that was provisioned securely, not
//               made up by whoever keeps the log.
// Precondition  An audit collector (actor type auditor) and keepers of audit logs (MANO blocks
//               hosting the SM gateway, SMs) that name it in audit_key_source.
// Test          For every keeper and every partition of its final audit log: the partition's
//               AuditKeyProvisioned at the keeper names an auditor as the source and the
//               delivery its key was derived from; the keeper received that delivery
//               (AuditKeyDelivery received) from that auditor on a mutual-TLS session; the
//               auditor's AuditKeyDelivery sent to the keeper carries that key id; and every stored
//               record of the partition verifies under the partition's key (sequence, hash links,
//               HMAC) — a record altered in store fails here. A keeper whose trace shows audited
//               actions (as R1.3.260 counts them) for an SM but holds no stored record for it
//               (its appends still waiting for a key) fails too.
// Evidence      AuditKeyDelivery (auditor and keeper), AuditKeyProvisioned, the final audit logs.
// Negative      The keeper's audit_faults local_key (keys drawn locally); the auditor's
//               audit_faults skip:<keeper> (no key delivered); the NFVO's tamper_audit_record.
// Reference     ETSI GS NFV-IFA 026 V4.5.1 Annex A R1.3.270
// Applicability ICS security-monitoring; none when no actor keeps an audit log and the trace
//               shows no audited action.
CheckResult check_audit_key_provisioning(const CheckContext& c) {
  std::set<std::string> auditors;
  for (const auto& a : c.scenario.actors)
    if (a.type == "auditor") auditors.insert(a.name);
  // (auditor, keeper, key id) sent; (keeper, source, key id) -> channel received.
  std::map<std::tuple<std::string, std::string, std::string>, std::uint64_t> sent;
  std::map<std::tuple<std::string, std::string, std::string>, const sim::TraceRecord*> received;
  // (keeper, sm, domain, key id) -> AuditKeyProvisioned.
  std::map<std::tuple<std::string, std::string, std::string, std::string>, const sim::TraceRecord*>
      provisioned;
  for (const auto& r : c.trace) {
    if (r.kind != sim::RecordKind::decision) continue;
    if (r.operation == decisions::kAuditKeyDelivery && r.outcome == outcomes::kSent)
      sent[{r.actor, detail_of(r, keys::kKeeper), detail_of(r, keys::kKeyId)}] = r.id;
    else if (r.operation == decisions::kAuditKeyDelivery && r.outcome == outcomes::kReceived)
      received[{r.actor, detail_of(r, keys::kSource), detail_of(r, keys::kKeyId)}] = &r;
    else if (r.operation == decisions::kAuditKeyProvisioned)
      provisioned[{r.actor, detail_of(r, keys::kSm), detail_of(r, keys::kDomain),
                   detail_of(r, keys::kKeyId)}] = &r;
  }
  const auto expected = expected_records(c.trace);
  std::set<std::string> keepers;
  for (const auto& [key, e] : expected) keepers.insert(std::get<0>(key));
  for (const auto& a : c.scenario.actors)
    if (actors::audit_log_of(c.simulation, a.name) != nullptr) keepers.insert(a.name);
  CheckOutcome out;
  bool any = !expected.empty();
  for (const auto& keeper : keepers) {
    const actors::AuditLog* log = actors::audit_log_of(c.simulation, keeper);
    std::set<std::string> stored_for;  // SMs with stored records at this keeper
    if (log != nullptr) {
      for (const auto& p : log->partitions()) {
        const auto records = log->records(p);
        if (records.empty()) continue;
        any = true;
        stored_for.insert(p.sm);
        const std::string where = keeper + "'s audit partition " + actors::to_string(p);
        const actors::AuditKey* key = log->key(p);
        if (key == nullptr) {
          out.fail(where + " has records but no key");
          continue;
        }
        auto pit = provisioned.find({keeper, p.sm, p.domain, key->key_id});
        if (pit == provisioned.end()) {
          out.fail(where + ": no AuditKeyProvisioned for its key " + key->key_id);
          continue;
        }
        const sim::TraceRecord& prov = *pit->second;
        const std::string source = detail_of(prov, keys::kSource);
        const std::string delivery = detail_of(prov, keys::kDelivery);
        if (auditors.count(source) == 0) {
          out.fail(where + ": key " + key->key_id + " drawn by the keeper itself (source " +
                       (source.empty() ? std::string("not named") : source) +
                       "), not delivered by an auditor",
                   {prov.id});
          continue;
        }
        auto rit = received.find({keeper, source, delivery});
        if (rit == received.end()) {
          out.fail(
              where + ": " + keeper + " shows no delivery " + delivery + " received from " + source,
              {prov.id});
          continue;
        }
        const sim::TraceRecord& rec = *rit->second;
        if (detail_of(rec, keys::kChannel) != "mutual") {
          out.fail(where + ": the key came on a " + detail_of(rec, keys::kChannel) +
                       " session, not mutual TLS",
                   {prov.id, rec.id});
          continue;
        }
        auto sit = sent.find({source, keeper, delivery});
        if (sit == sent.end()) {
          out.fail(where + ": " + source + " shows no delivery " + delivery + " sent to " + keeper,
                   {prov.id, rec.id});
          continue;
        }
        const auto v = actors::verify_audit_chain(records, key->key);
        if (!v.ok || !v.macs_checked) {
          out.fail(where + " fails verification at record " +
                       std::to_string(v.first_broken_seq.value_or(0)) + ": " + v.reason,
                   {prov.id});
          continue;
        }
        out.pass(where + ": " + std::to_string(records.size()) + " records MAC'd under key " +
                     key->key_id + " derived from " + source + "'s delivery " + delivery +
                     " over mutual TLS; chain and MACs verified",
                 {sit->second, rec.id, prov.id});
      }
    }
    std::map<std::string, std::vector<std::uint64_t>> missing;  // sm -> evidence
    for (const auto& [key, e] : expected) {
      const auto& [k, sm, event] = key;
      if (k != keeper || stored_for.count(sm) != 0) continue;
      auto& ids = missing[sm];
      ids.insert(ids.end(), e.records.begin(), e.records.end());
    }
    for (const auto& [sm, ids] : missing)
      out.fail(keeper + " shows audited actions for " + sm +
                   " but stores no protected record of them (no key delivered)",
               ids);
  }
  if (!any) return {Verdict::none, "no audit log kept and no security-relevant action traced", {}};
  return out.result("nothing to judge");
}

// ID            R1.3.280
// Objective     Audit logs sent over the network are protected in transit with keys unique to
//               each (sender, receiver) pair.
// Precondition  Keepers of audit logs that transfer their records to an audit collector
//               (AuditLogTransfer, after the auditor delivered their key).
// Test          Every AuditLogTransfer a keeper sent went on a mutual-TLS session and names the
//               fingerprint (SHA-256) of that session's TLS exporter value; the auditor received
//               it — same fingerprint computed at its end, MAC under the exporter-derived key
//               verified, records verified and stored (AuditLogTransfer received); and no
//               exporter fingerprint is shared by two (keeper, auditor) pairs. A keeper that
//               stores records and names an auditor but never transferred any fails too.
// Evidence      AuditLogTransfer at the keepers (sent) and the auditors (received / refused).
// Negative      The keeper's audit_faults shared_transfer_key (one key for every pair),
//               tamper_transfer (a record altered after the MAC: refused).
// Reference     ETSI GS NFV-IFA 026 V4.5.1 Annex A R1.3.280
// Applicability ICS security-monitoring; none when no transfer was sent and no keeper names an
//               auditor.
CheckResult check_audit_transfers(const CheckContext& c) {
  // Keepers naming an auditor (their AuditKeyProvisioned source is not "local"): they must
  // transfer.
  std::set<std::string> keyed;
  for (const auto& r : c.trace)
    if (r.kind == sim::RecordKind::decision && r.operation == decisions::kAuditKeyDelivery &&
        r.outcome == outcomes::kReceived)
      keyed.insert(r.actor);
  using Transfer = std::tuple<std::string, std::string, std::string, std::string, std::string>;
  // (keeper, auditor, sm, domain, first seq) -> record, at the auditor.
  std::map<Transfer, const sim::TraceRecord*> at_auditor;
  std::vector<const sim::TraceRecord*> sent;
  for (const auto& r : c.trace) {
    if (r.kind != sim::RecordKind::decision || r.operation != decisions::kAuditLogTransfer)
      continue;
    if (r.outcome == outcomes::kSent) sent.push_back(&r);
    if (r.outcome == outcomes::kReceived ||
        (r.outcome == outcomes::kRefused && !detail_of(r, keys::kKeeper).empty()))
      at_auditor[{detail_of(r, keys::kKeeper), r.actor, detail_of(r, keys::kSm),
                  detail_of(r, keys::kDomain), detail_of(r, keys::kSeq)}] = &r;
  }
  if (sent.empty() && keyed.empty())
    return {Verdict::none, "no audit log transfer and no keeper keyed by an auditor", {}};
  CheckOutcome out;
  // exporter fingerprint -> the pairs that used it
  std::map<std::string, std::set<std::pair<std::string, std::string>>> pairs_of;
  std::map<std::string, std::vector<std::uint64_t>> evidence_of;
  std::set<std::string> transferred;
  for (const auto* s : sent) {
    const std::string keeper = s->actor;
    const std::string auditor = s->peer;
    transferred.insert(keeper);
    const std::string exporter = detail_of(*s, keys::kExporter);
    const std::string what = keeper + "'s transfer of " + detail_of(*s, keys::kSm) + "/" +
                             detail_of(*s, keys::kDomain) + " from seq " +
                             detail_of(*s, keys::kSeq) + " to " + auditor;
    pairs_of[exporter].insert({keeper, auditor});
    evidence_of[exporter].push_back(s->id);
    if (detail_of(*s, keys::kChannel) != "mutual") {
      out.fail(what + " went on a " + detail_of(*s, keys::kChannel) + " session, not mutual TLS",
               {s->id});
      continue;
    }
    auto it = at_auditor.find({keeper, auditor, detail_of(*s, keys::kSm),
                               detail_of(*s, keys::kDomain), detail_of(*s, keys::kSeq)});
    if (it == at_auditor.end()) {
      out.fail(what + ": the auditor shows no such transfer", {s->id});
      continue;
    }
    const sim::TraceRecord& a = *it->second;
    if (a.outcome != outcomes::kReceived) {
      out.fail(what + " refused by the auditor: " + detail_of(a, keys::kReason), {s->id, a.id});
      continue;
    }
    if (detail_of(a, keys::kExporter) != exporter) {
      out.fail(what + ": exporter fingerprints differ at the two ends", {s->id, a.id});
      continue;
    }
    out.pass(what + " on mutual TLS, exporter " + exporter.substr(0, 16) +
                 "..., MAC and records verified by the auditor",
             {s->id, a.id});
  }
  for (const auto& [exporter, pairs] : pairs_of) {
    if (pairs.size() < 2) continue;
    std::string names;
    for (const auto& [k, a] : pairs) names += (names.empty() ? "" : ", ") + k + "->" + a;
    out.fail("exporter fingerprint " + exporter.substr(0, 16) + "... shared by " +
                 std::to_string(pairs.size()) + " pairs (" + names + ")",
             evidence_of[exporter]);
  }
  for (const auto& keeper : keyed) {
    const actors::AuditLog* log = actors::audit_log_of(c.simulation, keeper);
    if (log != nullptr && log->size() > 0 && transferred.count(keeper) == 0)
      out.fail(keeper + " stores " + std::to_string(log->size()) +
               " audit records under an auditor's key but transferred none");
  }
  return out.result("nothing to judge");
}

void register_audit_trail_checks(CheckRegistry& registry) {
  registry.add("R1.3.260", "security-relevant actions audited in verifiable chains",
               check_audit_trail);
  registry.add("R1.3.270", "stored audit logs MAC'd under keys delivered over mutual TLS",
               check_audit_key_provisioning);
  registry.add("R1.3.280", "audit log transfers on mutual TLS under per-pair exporter keys",
               check_audit_transfers);
}

}  // namespace ifa026::conformance
