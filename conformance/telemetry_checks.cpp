// Checks of telemetry and collectors (see telemetry_checks.hpp).
#include "conformance/telemetry_checks.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "actors/common/actor_params.hpp"
#include "actors/common/mano_entity.hpp"
#include "actors/common/telemetry_codec.hpp"
#include "actors/common/telemetry_sender.hpp"
#include "actors/common/telemetry_store.hpp"
#include "actors/common/trust_model.hpp"
#include "actors/messages/monitoring_vocabulary.hpp"
#include "actors/messages/sm_vocabulary.hpp"
#include "conformance/check_outcome.hpp"
#include "conformance/mano_roles.hpp"
#include "conformance/sm_trace_view.hpp"
#include "conformance/trace_query.hpp"
#include "conformance/vocabulary.hpp"
#include "pki/aead.hpp"

namespace ifa026::conformance {
namespace {

using Rec = sim::TraceRecord;
namespace rp = actors::reference_points;
namespace tel = actors::telemetry;

std::vector<const Rec*> policies(const TraceQuery& q) {
  return q.all(RecordFilter{}.op(decisions::kTelemetryPolicy).with_outcome(outcomes::kLoaded));
}

// The reference points whose sessions R1.3.60 and R1.3.90 are about.
bool monitoring_reference_point(const std::string& r) {
  return r == rp::kScOr || r == rp::kScVnfm || r == rp::kScVi || r == rp::kSmSm || r == rp::kSmSf;
}

bool handshake_ok(const Rec& r) {
  return r.kind == sim::RecordKind::crypto && r.operation == decisions::kTlsHandshake &&
         r.outcome == outcomes::kOk;
}

// Serials a scenario CA issued (IssueCertificate ok).
std::set<std::string> issued_serials(const TraceQuery& q) {
  std::set<std::string> out;
  for (const auto* r :
       q.all(RecordFilter{}.op(decisions::kIssueCertificate).with_outcome(outcomes::kOk)))
    out.insert(detail_of(*r, keys::kSerial));
  return out;
}

const tel::TelemetryStore* store_of(sim::Simulation& simulation, const std::string& actor) {
  const auto* host = dynamic_cast<const actors::ManoEntityHost*>(simulation.actor(actor));
  if (host == nullptr) return nullptr;
  const auto* source = dynamic_cast<const tel::TelemetryStoreSource*>(host->extension());
  return source == nullptr ? nullptr : source->telemetry_store();
}

// Every collector store of the run with the key the scenario provisioned for it.
struct ProvisionedStore {
  std::string actor;
  const tel::TelemetryStore* store = nullptr;
  pki::Bytes key;
};

std::vector<ProvisionedStore> provisioned_stores(const CheckContext& context) {
  std::vector<ProvisionedStore> out;
  for (const auto& a : context.scenario.actors) {
    if (a.type != "collector" && a.type != "sm") continue;
    const auto* store = store_of(context.simulation, a.name);
    if (store == nullptr || store->records().empty()) continue;
    auto key = tel::parse_store_key(actors::string_param(a.params, "telemetry_store_key"));
    if (!key) continue;
    out.push_back({a.name, store, *key});
  }
  return out;
}

bool contains_marker(const pki::Bytes& bytes) {
  const std::string text(bytes.begin(), bytes.end());
  return text.find(tel::kRecordMarker) != std::string::npos;
}

}  // namespace

// ID            R1.3.60
// Objective     Monitoring relies on mutually authenticated channels: every TLS session on Sc-Or,
//               Sc-Vnfm, Sc-Vi, Sm-Sm and Sm-Sf (telemetry) is mutual, with the peer's certificate
//               one a scenario CA issued (IssueCertificate), and no telemetry travels or is stored
//               outside such a session. Secure and measured boot are not modelled.
// Precondition  A scenario with telemetry (TelemetryPolicy records).
// Test          Every TlsHandshake ok on those reference points has channel=mutual and a
//               peer_serial among the CAs' issued serials; every TelemetrySent says channel=mutual;
//               every TelemetryStored came on a mutual session with a CA-issued peer certificate;
//               no TelemetryReport was refused for arriving outside a secure channel.
// Reference     ETSI GS NFV-IFA 026 V4.5.1 Annex A R1.3.60
// Applicability ICS "security-monitoring"
// Verdict       pass citing the sessions; fail on a day-0, server-auth or plain channel or a
//               certificate no scenario CA issued; none without telemetry.
CheckResult check_monitoring_channels(const CheckContext& context) {
  const TraceQuery q(context.trace);
  if (policies(q).empty()) return no_verdict("no telemetry in this scenario");
  const auto serials = issued_serials(q);
  CheckOutcome out;
  std::size_t sessions = 0;
  std::vector<std::uint64_t> evidence;
  for (const auto& r : q.records()) {
    if (!handshake_ok(r) || !monitoring_reference_point(r.reference_point)) continue;
    if (detail_of(r, keys::kChannel) != values::kChannelMutual) {
      out.fail(
          describe(r) + ": a " + detail_of(r, keys::kChannel) + " session on " + r.reference_point,
          {r.id});
    } else if (!serials.contains(detail_of(r, keys::kPeerSerial))) {
      out.fail(describe(r) + ": the peer's certificate (serial " + detail_of(r, keys::kPeerSerial) +
                   ") was issued by no scenario CA",
               {r.id});
    } else {
      ++sessions;
      if (evidence.size() < 8) evidence.push_back(r.id);
    }
  }
  for (const auto* r : q.all(RecordFilter{}.op(decisions::kTelemetrySent)))
    if (detail_of(*r, keys::kChannel) != values::kChannelMutual)
      out.fail(describe(*r) + ": telemetry sent on a " + detail_of(*r, keys::kChannel) + " channel",
               {r->id});
  for (const auto* r :
       q.all(RecordFilter{}.op(ops::kTelemetryReport).with_outcome(outcomes::kRejected)))
    if (detail_of(*r, keys::kReason).find("outside a secure channel") != std::string::npos)
      out.fail(describe(*r) + ": telemetry arrived outside a secure channel", {r->id});
  std::size_t stored = 0;
  for (const auto* r : q.all(RecordFilter{}.op(decisions::kTelemetryStored))) {
    if (detail_of(*r, keys::kChannel) != values::kChannelMutual ||
        !serials.contains(detail_of(*r, keys::kPeerSerial)))
      out.fail(describe(*r) +
                   ": stored from a session that is not mutual with a CA-issued "
                   "certificate",
               {r->id});
    else
      ++stored;
  }
  if (sessions > 0)
    out.pass(std::to_string(sessions) +
                 " handshakes on Sc-*/Sm-Sm/Sm-Sf, all mutual with CA-issued certificates; " +
                 std::to_string(stored) + " telemetry records stored from them",
             evidence);
  return out.result("no session on Sc-*, Sm-Sm or Sm-Sf");
}

// ID            R1.3.70
// Objective     Monitoring covers virtualised and physical functions: every VNF instantiated in a
//               domain an SM manages, and every PNF stub of such a domain, is the subject of
//               telemetry a collector stored.
// Precondition  A scenario with telemetry; VNFs and their domains from the OSS's instantiate_ns
//               commands, instantiation from the VNFM's VnfLcmOperation records, the SMs'
//               domains from the trust model.
// Test          Each such VNF appears as vnf= of a TelemetryStored, each such PNF as its source.
// Reference     ETSI GS NFV-IFA 026 V4.5.1 Annex A R1.3.70
// Applicability ICS "security-monitoring"
// Verdict       pass (parts "vnf", "pnf"); fail naming a function never monitored; none without
//               telemetry.
CheckResult check_monitoring_coverage(const CheckContext& context) {
  const TraceQuery q(context.trace);
  if (policies(q).empty()) return no_verdict("no telemetry in this scenario");
  const auto model = actors::trust::TrustModel::from_section(context.scenario.trust_model);
  std::set<std::string> managed;
  for (const auto* sm : actors_of_type(context.scenario, "sm"))
    for (const auto& [domain, mode] : model.grants(sm->name)) managed.insert(domain);
  std::map<std::string, std::string> vnf_domain;
  for (const auto& c : context.scenario.workload) {
    if (c.command != "instantiate_ns" || !c.args.contains("vnfs") || !c.args["vnfs"].is_array())
      continue;
    for (const auto& v : c.args["vnfs"])
      if (v.is_object())
        vnf_domain[v.value("vnf", "")] = v.value("trust_domain", std::string("default"));
  }
  std::map<std::string, const Rec*> monitored_vnf, monitored_source;
  for (const auto* r : q.all(RecordFilter{}.op(decisions::kTelemetryStored))) {
    if (const auto v = detail_of(*r, keys::kVnf); !v.empty()) monitored_vnf.emplace(v, r);
    monitored_source.emplace(detail_of(*r, keys::kSource), r);
  }
  CheckOutcome out;
  for (const auto& [vnf, domain] : vnf_domain) {
    if (!managed.contains(domain)) continue;
    const auto* done = q.first(RecordFilter{}
                                   .op(decisions::kVnfLcmOperation)
                                   .with_outcome(outcomes::kCompleted)
                                   .with(keys::kVnf, vnf));
    if (done == nullptr) continue;  // never instantiated
    auto it = monitored_vnf.find(vnf);
    if (it == monitored_vnf.end())
      out.fail("VNF " + vnf + " of managed domain " + domain + " was never monitored", {done->id});
    else
      out.pass("VNF " + vnf + " monitored", {it->second->id}), out.observe("vnf");
  }
  for (const auto* pnf : actors_of_type(context.scenario, "pnf")) {
    if (!managed.contains(pnf->trust_domain)) continue;
    auto it = monitored_source.find(pnf->name);
    if (it == monitored_source.end())
      out.fail("PNF " + pnf->name + " of managed domain " + pnf->trust_domain +
               " was never monitored");
    else
      out.pass("PNF " + pnf->name + " monitored", {it->second->id}), out.observe("pnf");
  }
  if (out.empty()) return no_verdict("no VNF or PNF in a domain an SM manages");
  return out.result("");
}

// ID            R1.3.90
// Objective     Monitoring components are provisioned with certificates securely: each SM and
//               collector enrolled at the CMF (CertificateInstalled of a certificate a scenario CA
//               issued) before its first session on Sc-*, Sm-Sm or Sm-Sf, and that session
//               presented that certificate. Keys in an HMEE and root-key set-up are not modelled.
// Precondition  A scenario with telemetry.
// Test          For each `sm` and `collector` actor: its first TlsHandshake ok on those reference
//               points, the CertificateInstalled in force then, the handshake's own serial equal
//               to it and among the CAs' issued serials. A collector a policy names that never
//               held such a session fails.
// Reference     ETSI GS NFV-IFA 026 V4.5.1 Annex A R1.3.90
// Applicability ICS "security-monitoring"
// Verdict       pass per component; fail on a session before enrolment, with another certificate,
//               or a named collector never enrolled; none without telemetry.
CheckResult check_monitoring_provisioning(const CheckContext& context) {
  const TraceQuery q(context.trace);
  const auto loaded = policies(q);
  if (loaded.empty()) return no_verdict("no telemetry in this scenario");
  std::set<std::string> named;
  for (const auto* r : loaded)
    for (const auto& c : split_list(detail_of(*r, keys::kTelemetryCollectors))) named.insert(c);
  const auto serials = issued_serials(q);
  CheckOutcome out;
  for (const auto& a : context.scenario.actors) {
    if (a.type != "sm" && a.type != "collector") continue;
    const Rec* first = nullptr;
    for (const auto& r : q.records())
      if (r.actor == a.name && handshake_ok(r) && monitoring_reference_point(r.reference_point)) {
        first = &r;
        break;
      }
    if (first == nullptr) {
      if (named.contains(a.name))
        out.fail(a.name +
                 " is a collector a telemetry policy names but never held a session: "
                 "not enrolled at the CMF");
      continue;
    }
    const auto* installed =
        q.last(decision(a.name, decisions::kCertificateInstalled).with_outcome(outcomes::kOk), 0,
               first->id);
    const std::string used = detail_of(*first, keys::kSerial);
    if (installed == nullptr)
      out.fail(describe(*first) + ": " + a.name + " had no CMF-enrolled certificate yet",
               {first->id});
    else if (detail_of(*installed, keys::kSerial) != used)
      out.fail(describe(*first) + ": " + a.name + " presented serial " + used +
                   ", not its enrolled certificate " + detail_of(*installed, keys::kSerial),
               {installed->id, first->id});
    else if (!serials.contains(used))
      out.fail(describe(*installed) + ": the certificate was issued by no scenario CA",
               {installed->id});
    else
      out.pass(a.name +
                   " enrolled at the CMF before its first session, which used that "
                   "certificate",
               {installed->id, first->id}),
          out.observe(a.type);
  }
  if (out.empty()) return no_verdict("no SM or collector held a session");
  return out.result("");
}

// ID            R1.3.130
// Objective     Stored telemetry is protected at rest: every record of every collector's store
//               (the `collector` actors' and the SMs', final state) is AES-256-GCM under the key
//               the scenario provisioned: it opens and authenticates with that key, not with
//               another, and no record's bytes give the raw record away. A record altered by
//               `tamper_store` must be found by the collector's own verification.
// Precondition  A collector store with records.
// Test          Open each record with the provisioned key and with that key altered; look for the
//               records' marker in the stored bytes and in what they decode to; match records that
//               do not open with TelemetryStoreTampered and a later TelemetryStoreVerification
//               violation listing them.
// Reference     ETSI GS NFV-IFA 026 V4.5.1 Annex A R1.3.130
// Applicability ICS "security-monitoring"
// Verdict       pass (parts "encrypted", "tamper_found"); fail on plaintext, a record opening
//               under another key, or an altered record not found; none without stores.
CheckResult check_telemetry_at_rest(const CheckContext& context) {
  const TraceQuery q(context.trace);
  const auto stores = provisioned_stores(context);
  if (stores.empty()) return no_verdict("no collector stored telemetry in this scenario");
  CheckOutcome out;
  for (const auto& s : stores) {
    pki::Bytes other = s.key;
    other.back() ^= 0x01;
    std::set<std::uint64_t> found;
    for (const auto* v : q.all(RecordFilter{}
                                   .by(s.actor)
                                   .op(decisions::kTelemetryStoreVerification)
                                   .with_outcome(outcomes::kViolation)))
      for (const auto& i : split_list(detail_of(*v, keys::kFailedRecords)))
        found.insert(std::stoull(i));
    std::size_t sealed = 0;
    for (const auto& r : s.store->records()) {
      const std::string what = s.actor + " record " + std::to_string(r.index) + " (" + r.source +
                               " seq " + std::to_string(r.seq) + ")";
      const auto decoded = tel::decode(r.encoding, r.sealed);
      if (contains_marker(r.sealed) || (decoded && contains_marker(*decoded))) {
        out.fail(what + ": stored in plaintext");
        continue;
      }
      if (s.store->open(r, other)) {
        out.fail(what + ": opens under a key other than the provisioned one");
        continue;
      }
      if (!s.store->open(r, s.key)) {
        const auto* tampered = q.first(RecordFilter{}
                                           .by(s.actor)
                                           .op(decisions::kTelemetryStoreTampered)
                                           .with_outcome(outcomes::kTampered)
                                           .with(keys::kStoreRecord, std::to_string(r.index)));
        if (tampered != nullptr && found.contains(r.index)) {
          out.pass(what + ": altered, and found by the store's integrity check", {tampered->id});
          out.observe("tamper_found");
        } else {
          out.fail(what +
                   ": does not authenticate under the provisioned key and no integrity "
                   "check found it");
        }
        continue;
      }
      ++sealed;
    }
    if (sealed > 0) {
      out.pass(s.actor + ": " + std::to_string(sealed) +
               " records sealed with AES-256-GCM under the provisioned key (another key fails)");
      out.observe("encrypted");
    }
  }
  return out.result("");
}

// ID            R1.3.140
// Objective     Telemetry may be compressed: every stored deflate record inflates to bytes whose
//               SHA-256 is the report's raw_digest and is smaller than them; a report flagged
//               compressed that does not decompress to its digest is a failure.
// Precondition  Deflate reports (stored or refused).
// Test          Open each stored deflate record with the provisioned key, inflate it, hash it,
//               compare sizes; any TelemetryReport refused with encoding=deflate for its digest or
//               its decompression fails.
// Reference     ETSI GS NFV-IFA 026 V4.5.1 Annex A R1.3.140
// Applicability ICS "security-monitoring"
// Verdict       pass citing the records; fail on a mismatch; none without compression.
CheckResult check_telemetry_compression(const CheckContext& context) {
  const TraceQuery q(context.trace);
  CheckOutcome out;
  for (const auto* r : q.all(RecordFilter{}
                                 .op(ops::kTelemetryReport)
                                 .with_outcome(outcomes::kRejected)
                                 .with(keys::kEncoding, tel::kEncodingDeflate)))
    out.fail(describe(*r) + ": a compressed report that does not decompress to its raw digest (" +
                 detail_of(*r, keys::kReason) + ")",
             {r->id});
  std::size_t good = 0;
  std::size_t saved = 0;
  for (const auto& s : provisioned_stores(context)) {
    for (const auto& r : s.store->records()) {
      if (r.encoding != tel::kEncodingDeflate) continue;
      const auto payload = s.store->open(r, s.key);
      if (!payload) continue;  // R1.3.130's finding
      const auto raw = tel::inflate(*payload);
      const std::string what = s.actor + " record " + std::to_string(r.index);
      if (!raw || tel::raw_digest(*raw) != r.raw_digest)
        out.fail(what + ": does not inflate to its raw digest");
      else if (payload->size() >= raw->size())
        out.fail(what + ": compressed " + std::to_string(payload->size()) +
                 " bytes, not smaller "
                 "than the raw " +
                 std::to_string(raw->size()));
      else
        ++good, saved += raw->size() - payload->size();
    }
  }
  if (good > 0) {
    std::vector<std::uint64_t> evidence;
    for (const auto* r : q.all(RecordFilter{}
                                   .op(decisions::kTelemetryStored)
                                   .with(keys::kEncoding, tel::kEncodingDeflate)))
      if (evidence.size() < 8) evidence.push_back(r->id);
    out.pass(std::to_string(good) + " deflate records inflate to their raw digest, " +
                 std::to_string(saved) + " bytes saved",
             evidence);
  }
  if (out.empty()) return no_verdict("no compressed telemetry in this scenario");
  return out.result("");
}

// ID            R1.3.190
// Objective     Monitoring detects and remediates exploits during VNF operation: after the
//               `exploit` fault on a VNFCI (ExploitInjected), an SM records SecurityDetection
//               kind=exploit for its VNF; an SM Semi- or Fully-Active in the VNF's domain asks for
//               or instructs the remedy (Remediation requested / instructed action=quarantine),
//               which MANO executes (SmTerminationItem terminated for that request, and the VIM's
//               ComputeQuarantined of the VNF); a Passive SM only alerts. No exploit is reported
//               for a VNF never exploited. Only the pipeline is tested, not real exploit detection.
// Precondition  The `exploit` fault injected into a VNFCI with a telemetry policy
//               (ExploitInjected).
// Test          Walk from each exploit command to the detection, the remediation and MANO's
//               records.
// Reference     ETSI GS NFV-IFA 026 V4.5.1 Annex A R1.3.190
// Applicability ICS "security-monitoring"
// Verdict       pass per exploit; fail on a missed detection, a missing or unexecuted remedy, or a
//               false detection; none without exploits.
CheckResult check_exploit_remediation(const CheckContext& context) {
  const TraceQuery q(context.trace);
  std::map<std::string, const Rec*> exploited;  // vnf -> the exploit command
  for (const auto* r :
       q.all(RecordFilter{}.op(decisions::kExploitInjected).with_outcome(outcomes::kInjected)))
    if (!detail_of(*r, keys::kVnf).empty()) exploited.emplace(detail_of(*r, keys::kVnf), r);
  const auto detections = q.all(RecordFilter{}
                                    .op(decisions::kSecurityDetection)
                                    .with_outcome(outcomes::kDetected)
                                    .with(keys::kKind, "exploit"));
  if (exploited.empty() && detections.empty()) return no_verdict("no exploit in this scenario");
  CheckOutcome out;
  for (const auto* d : detections)
    if (!exploited.contains(detail_of(*d, keys::kVnf)))
      out.fail(describe(*d) + ": an exploit reported for " + detail_of(*d, keys::kVnf) +
                   ", which was never exploited",
               {d->id});
  for (const auto& [vnf, command] : exploited) {
    const auto* detection = q.first(RecordFilter{}
                                        .op(decisions::kSecurityDetection)
                                        .with_outcome(outcomes::kDetected)
                                        .with(keys::kKind, "exploit")
                                        .with(keys::kVnf, vnf),
                                    command->id);
    if (detection == nullptr) {
      out.fail("the exploit of " + vnf + " (" + command->actor + ") was never detected",
               {command->id});
      continue;
    }
    const auto* remedy = q.first(RecordFilter{}
                                     .by(detection->actor)
                                     .op(decisions::kRemediation)
                                     .with(keys::kDetection, std::to_string(detection->id)),
                                 detection->id);
    if (remedy == nullptr) {
      out.fail(describe(*detection) + ": no remediation followed", {command->id, detection->id});
      continue;
    }
    const std::string mode = detail_of(*remedy, keys::kMode);
    if (remedy->outcome == outcomes::kAlerted) {
      out.pass("the exploit of " + vnf + " detected; the SM, not active there, alerted",
               {command->id, detection->id, remedy->id});
      out.observe("alerted");
      continue;
    }
    const std::string request = detail_of(*remedy, keys::kRequest);
    const auto* executed = q.first(RecordFilter{}
                                       .op(decisions::kSmTerminationItem)
                                       .with_outcome(outcomes::kTerminated)
                                       .with(keys::kRequest, request)
                                       .with(keys::kVnf, vnf),
                                   remedy->id);
    const auto* quarantined = q.first(
        RecordFilter{}.op(decisions::kComputeQuarantined).with(keys::kVnf, vnf), remedy->id);
    if (mode != actors::sm::kModeSemiActive && mode != actors::sm::kModeFullyActive)
      out.fail(describe(*remedy) + ": a remedy asked in mode '" + mode + "'", {remedy->id});
    else if (executed == nullptr)
      out.fail(describe(*remedy) + ": MANO never terminated " + vnf + " for " + request,
               {remedy->id});
    else if (detail_of(*remedy, keys::kAction) == "quarantine" && quarantined == nullptr)
      out.fail(describe(*remedy) + ": " + vnf + " terminated without a quarantined copy",
               {remedy->id, executed->id});
    else
      out.pass("the exploit of " + vnf + " detected, " + remedy->outcome + " (" +
                   detail_of(*remedy, keys::kAction) + ") and executed by MANO",
               {command->id, detection->id, remedy->id, executed->id}),
          out.observe("remediated");
  }
  return out.result("");
}

// ID            R1.3.230
// Objective     Monitoring may cover the control, management and data planes, actively or
//               passively: each (plane, mode) pair a source's telemetry policy declares is
//               reported by that source and stored by a collector.
// Precondition  Sources whose reports were stored.
// Test          For each TelemetryPolicy of a source with stored records, every declared pair has
//               a TelemetryStored of that source with that plane and mode.
// Reference     ETSI GS NFV-IFA 026 V4.5.1 Annex A R1.3.230
// Applicability ICS "security-monitoring"
// Verdict       pass (parts per plane); fail naming a declared pair never reported; none without
//               stored telemetry.
CheckResult check_telemetry_planes(const CheckContext& context) {
  const TraceQuery q(context.trace);
  std::map<std::string, std::set<std::string>> reported;  // source -> plane/mode
  std::map<std::string, const Rec*> example;
  for (const auto* r : q.all(RecordFilter{}.op(decisions::kTelemetryStored))) {
    const std::string pair = detail_of(*r, keys::kPlane) + "/" + detail_of(*r, keys::kMode);
    reported[detail_of(*r, keys::kSource)].insert(pair);
    example.emplace(pair, r);
  }
  if (reported.empty()) return no_verdict("no telemetry stored in this scenario");
  CheckOutcome out;
  for (const auto* p : policies(q)) {
    auto it = reported.find(p->actor);
    if (it == reported.end()) continue;  // never reported at all: R1.3.70's finding
    for (const auto& pair : split_list(detail_of(*p, keys::kTelemetryPairs)))
      if (!it->second.contains(pair))
        out.fail(p->actor + " declares " + pair + " telemetry but never reported it", {p->id});
  }
  std::set<std::string> planes;
  for (const auto& [pair, r] : example) {
    out.pass(pair + " telemetry reported and stored", {r->id});
    planes.insert(pair.substr(0, pair.find('/')));
  }
  for (const auto& plane : planes) out.observe(plane);
  return out.result("");
}

// ID            R1.3.250
// Objective     Telemetry may go securely to several collectors per policy: each source sends
//               its reports to exactly the collectors its policy names, each over its own mutual
//               TLS session with that collector on Sm-Sf, and each collector stores them.
// Precondition  Sources with a telemetry policy.
// Test          The kernel's sends of TelemetryReport by each source go only to its policy's
//               collectors; for each collector a mutual TlsHandshake ok of the source with it on
//               Sm-Sf, and a TelemetryStored of the source at it.
// Reference     ETSI GS NFV-IFA 026 V4.5.1 Annex A R1.3.250
// Applicability ICS "security-monitoring"
// Verdict       pass (part "fan_out" when a source reached two or more collectors); fail on a
//               collector outside the policy, a policy collector the source never reached (its
//               reports went over another collector's session), or a report without its own
//               mutual session; none without telemetry.
CheckResult check_telemetry_fan_out(const CheckContext& context) {
  const TraceQuery q(context.trace);
  const auto loaded = policies(q);
  if (loaded.empty()) return no_verdict("no telemetry in this scenario");
  CheckOutcome out;
  for (const auto* p : loaded) {
    const auto named = split_list(detail_of(*p, keys::kTelemetryCollectors));
    std::set<std::string> reached;
    for (const auto* s : q.all(
             RecordFilter{}.of_kind(sim::RecordKind::send).by(p->actor).op(ops::kTelemetryReport)))
      reached.insert(s->peer);
    if (reached.empty()) continue;  // never reported: R1.3.70's finding
    std::size_t good = 0;
    std::vector<std::uint64_t> evidence{p->id};
    for (const auto& c : reached) {
      if (std::find(named.begin(), named.end(), c) == named.end()) {
        out.fail(p->actor + " sent telemetry to " + c + ", which its policy does not name",
                 {p->id});
        continue;
      }
      const Rec* session = nullptr;
      for (const auto& r : q.records())
        if (r.actor == p->actor && r.peer == c && handshake_ok(r) &&
            r.reference_point == rp::kSmSf &&
            detail_of(r, keys::kChannel) == values::kChannelMutual) {
          session = &r;
          break;
        }
      const auto* stored = q.first(
          RecordFilter{}.by(c).op(decisions::kTelemetryStored).with(keys::kSource, p->actor));
      if (session == nullptr)
        out.fail(p->actor + " sent telemetry to " + c + " without a mutual TLS session of its own",
                 {p->id});
      else if (stored == nullptr)
        out.fail(p->actor + "'s telemetry never stored by " + c, {p->id, session->id});
      else
        ++good, evidence.push_back(session->id), evidence.push_back(stored->id);
    }
    for (const auto& c : named)
      if (!reached.contains(c))
        out.fail(p->actor + " never sent telemetry to " + c +
                     ", which its policy names: not a session of its own per collector",
                 {p->id});
    if (good > 0) {
      out.pass(p->actor + " reported to " + std::to_string(good) + " of its " +
                   std::to_string(named.size()) +
                   " policy collectors, each over its own mutual TLS session",
               evidence);
      if (good >= 2) out.observe("fan_out");
    }
  }
  if (out.empty()) return no_verdict("no source sent telemetry");
  return out.result("");
}

void register_telemetry_checks(CheckRegistry& registry) {
  registry.add("R1.3.60", "monitoring channels mutually authenticated", check_monitoring_channels);
  registry.add("R1.3.70", "VNFs and PNFs of managed domains monitored", check_monitoring_coverage);
  registry.add("R1.3.90", "SMs and collectors enrolled before their sessions",
               check_monitoring_provisioning);
  registry.add("R1.3.130", "stored telemetry encrypted under the provisioned key",
               check_telemetry_at_rest);
  registry.require_parts("R1.3.130", {"encrypted", "tamper_found"});
  registry.add("R1.3.140", "compressed telemetry matches its raw digest",
               check_telemetry_compression);
  registry.add("R1.3.190", "exploits detected and remediated", check_exploit_remediation);
  registry.add("R1.3.230", "declared planes and modes reported", check_telemetry_planes);
  registry.add("R1.3.250", "telemetry fan-out to the policy's collectors", check_telemetry_fan_out);
  registry.require_parts("R1.3.250", {"fan_out"});
}

}  // namespace ifa026::conformance
