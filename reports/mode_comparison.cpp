// The Annex D comparison of certificate modes, measured (see mode_comparison.hpp).
#include "reports/mode_comparison.hpp"

#include <algorithm>
#include <cstdio>
#include <string_view>

#include "actors/common/trace_detail.hpp"
#include "actors/messages/decisions.hpp"
#include "actors/messages/delegation_vocabulary.hpp"
#include "actors/messages/detail_keys.hpp"
#include "actors/messages/flow_steps.hpp"
#include "actors/messages/lcm_vocabulary.hpp"

namespace ifa026::reports {

namespace {

namespace flows = actors::flows;
namespace dk = actors::detail_keys;
namespace dv = actors::detail_values;
namespace dec = actors::decisions;
namespace out = actors::outcomes;

constexpr const char* kDirect = "direct";
constexpr const char* kDelegation = "delegation";

std::string value(const sim::TraceRecord& r, std::string_view key) {
  return actors::trace_detail_value(r.detail, key).value_or("");
}

std::vector<std::string> split(const std::string& text) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = text.find(',', start);
    const std::string part =
        text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (!part.empty()) parts.push_back(part);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return parts;
}

CountSummary summarise(const std::vector<std::uint64_t>& values) {
  CountSummary s;
  s.samples = values.size();
  if (values.empty()) return s;
  s.min = *std::min_element(values.begin(), values.end());
  s.max = *std::max_element(values.begin(), values.end());
  std::uint64_t total = 0;
  for (auto v : values) total += v;
  s.mean = static_cast<double>(total) / static_cast<double>(values.size());
  return s;
}

nlohmann::ordered_json count_json(const CountSummary& s) {
  nlohmann::ordered_json j;
  j["min"] = s.min;
  j["mean"] = s.mean;
  j["max"] = s.max;
  return j;
}

std::string number(double v) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.9g", v);
  return buffer;
}

std::string fixed(double v, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, v);
  return buffer;
}

// A duration for the table: milliseconds with up to three decimals.
std::string millis(sim::Duration d) {
  return fixed(static_cast<double>(d.ns()) / 1e6, 3) + "ms";
}

bool is_holding(const std::string& outcome) {
  return outcome == out::kGenerated || outcome == out::kReceived || outcome == out::kStored ||
         outcome == out::kReleased;
}

}  // namespace

std::string certificate_mode_of_step(const std::string& step) {
  if (step.empty()) return "";
  for (const char* flow :
       {flows::kDirect, flows::kDirectAttested, flows::kDirectHsm, flows::kOamDirect})
    if (flows::in_flow(step, flow)) return kDirect;
  for (const char* flow :
       {flows::kDelegateRegistration, flows::kDelegatedCsr, flows::kDelegatedCsrHsm,
        flows::kDelegatedInstall, flows::kDelegatedConfiguration, flows::kDelegatedHsmInstall,
        flows::kOamDelegateRegistration, flows::kOamDelegatedCsr, flows::kOamInstall})
    if (flows::in_flow(step, flow)) return kDelegation;
  return "";
}

void ModeComparison::on_record(const sim::TraceRecord& r) {
  if (r.kind == sim::RecordKind::decision && r.operation == dec::kKeyCustody)
    return on_key_custody(r);
  const std::string mode = certificate_mode_of_step(r.step);
  if (mode.empty()) {
    // A delegated installation may cite no step; its purpose says delegation.
    if (r.kind == sim::RecordKind::decision && r.operation == dec::kCertificateInstalled &&
        value(r, dk::kPurpose) == "delegated")
      on_step_record(kDelegation, r);
    return;
  }
  if (r.kind == sim::RecordKind::send) {
    PerMode& m = modes_[mode];
    ++m.messages;
    m.bytes += r.bytes;
    return;
  }
  if (r.kind == sim::RecordKind::decision || r.kind == sim::RecordKind::crypto)
    on_step_record(mode, r);
}

void ModeComparison::on_step_record(const std::string& mode, const sim::TraceRecord& r) {
  PerMode& m = modes_[mode];
  const std::vector<std::string> vnfcis = split(value(r, dk::kVnfci));
  if (vnfcis.empty()) return;
  const std::string identity = value(r, dk::kIdentity);
  const std::int64_t t = r.time.ns();
  for (const auto& vnfci : vnfcis) {
    vnfci_mode_.emplace(vnfci, mode);
    if (identity.empty())
      m.first_of_vnfci.emplace(vnfci, t);
    else
      m.first.emplace(std::make_pair(vnfci, identity), t);
  }
  if (r.kind == sim::RecordKind::decision && r.operation == dec::kGenerateKey &&
      r.outcome == out::kOk && mode == kDirect)
    on_generated_key(m, r);
  if (r.kind != sim::RecordKind::decision || r.operation != dec::kCertificateInstalled ||
      r.outcome != out::kOk || vnfcis.size() != 1 || identity.empty())
    return;
  const std::string purpose = value(r, dk::kPurpose);
  if (purpose == dv::kPurposeRenewal || purpose == dv::kPurposeRotation) return;
  const auto key = std::make_pair(vnfcis[0], identity);
  if (!m.enrolled.insert(key).second) return;
  std::int64_t start = t;
  if (auto it = m.first.find(key); it != m.first.end()) start = std::min(start, it->second);
  if (auto it = m.first_of_vnfci.find(vnfcis[0]); it != m.first_of_vnfci.end())
    start = std::min(start, it->second);
  m.latencies.push_back(t - start);
}

// A direct-mode VNFCI's own key, for a trace without a ledger: held by the VNFCI; with in=hsm also
// by its HSM, which handed it over HMEE-HSM (C.2.1.3 #8). Named by its fingerprint when the record
// has one, else by its HSM handle, else by the VNFCI identity it is for.
void ModeComparison::on_generated_key(PerMode& m, const sim::TraceRecord& r) {
  const std::string spki = value(r, dk::kSpkiSha256);
  const std::string handle = value(r, dk::kHandle);
  const std::string name = !spki.empty()     ? spki.substr(0, 16)
                           : !handle.empty() ? handle
                                             : value(r, dk::kVnfci) + "/" + value(r, dk::kIdentity);
  Key& key = m.generated_keys[name];
  key.holders.insert(r.actor);
  const std::string hsm = value(r, dk::kHsm).empty() ? r.peer : value(r, dk::kHsm);
  if (value(r, dk::kIn) == dv::kInHsm && !hsm.empty()) {
    key.holders.insert(hsm);
    key.hops.emplace(hsm, r.actor);
    key.channels.insert(dv::kChannelHmeeHsm);
  }
}

void ModeComparison::on_key_custody(const sim::TraceRecord& r) {
  std::string mode = certificate_mode_of_step(r.step);
  const std::string vnfci = value(r, dk::kVnfci);
  if (mode.empty())
    if (auto it = vnfci_mode_.find(vnfci); it != vnfci_mode_.end()) mode = it->second;
  if (mode.empty()) mode = kDelegation;  // the ledger is delegation mode's
  const std::string fp = value(r, dk::kKeyFingerprint);
  if (fp.empty()) return;
  Key& key = modes_[mode].keys[fp];
  const std::string holder = value(r, dk::kHolder).empty() ? r.actor : value(r, dk::kHolder);
  const std::string peer = value(r, dk::kPeer);
  const std::string channel = value(r, dk::kChannel);
  if (is_holding(r.outcome)) key.holders.insert(holder);
  const bool hands_over = r.outcome == out::kSent || r.outcome == out::kReleased;
  if ((hands_over || r.outcome == out::kReceived) && !peer.empty() &&
      channel != dv::kChannelLocal) {
    if (hands_over)
      key.hops.emplace(holder, peer);
    else
      key.hops.emplace(peer, holder);
    if (!channel.empty()) key.channels.insert(channel);
  }
}

ModeComparison ModeComparison::from_records(const std::vector<sim::TraceRecord>& records) {
  ModeComparison comparison;
  for (const auto& r : records) comparison.on_record(r);
  return comparison;
}

bool ModeComparison::any() const {
  for (const auto& [mode, m] : modes_)
    if (m.messages > 0 || !m.enrolled.empty() || !m.keys.empty() || !m.generated_keys.empty())
      return true;
  return false;
}

std::vector<ModeFigures> ModeComparison::figures() const {
  std::vector<ModeFigures> result;
  for (const char* mode : {kDirect, kDelegation}) {
    ModeFigures f;
    f.mode = mode;
    auto it = modes_.find(mode);
    if (it != modes_.end()) {
      const PerMode& m = it->second;
      f.identities_enrolled = m.enrolled.size();
      f.messages = m.messages;
      f.bytes = m.bytes;
      if (f.identities_enrolled > 0) {
        f.messages_per_identity =
            static_cast<double>(m.messages) / static_cast<double>(f.identities_enrolled);
        f.bytes_per_identity =
            static_cast<double>(m.bytes) / static_cast<double>(f.identities_enrolled);
      }
      f.latency = summarise_latencies(m.latencies);
      const auto& keys = m.keys.empty() ? m.generated_keys : m.keys;
      f.keys = keys.size();
      std::vector<std::uint64_t> holders, hops;
      std::set<std::string> channels;
      for (const auto& [fp, key] : keys) {
        holders.push_back(key.holders.size());
        hops.push_back(key.hops.size());
        channels.insert(key.channels.begin(), key.channels.end());
      }
      f.holders = summarise(holders);
      f.hops = summarise(hops);
      f.channels.assign(channels.begin(), channels.end());
    }
    result.push_back(std::move(f));
  }
  return result;
}

nlohmann::ordered_json ModeComparison::to_json() const {
  nlohmann::ordered_json doc = nlohmann::ordered_json::object();
  for (const auto& f : figures()) {
    nlohmann::ordered_json j;
    j["identities_enrolled"] = f.identities_enrolled;
    j["messages"] = f.messages;
    j["bytes"] = f.bytes;
    j["messages_per_identity"] = f.messages_per_identity;
    j["bytes_per_identity"] = f.bytes_per_identity;
    j["enrolment_latency"] = latency_to_json(f.latency);
    j["keys"] = f.keys;
    j["key_holders"] = count_json(f.holders);
    j["key_hops"] = count_json(f.hops);
    j["key_channels"] = f.channels;
    doc[f.mode] = std::move(j);
  }
  return doc;
}

std::vector<std::tuple<std::string, std::string, std::string>> ModeComparison::csv_rows() const {
  std::vector<std::tuple<std::string, std::string, std::string>> rows;
  for (const auto& f : figures()) {
    rows.emplace_back("mode_identities_enrolled", f.mode, std::to_string(f.identities_enrolled));
    rows.emplace_back("mode_messages", f.mode, std::to_string(f.messages));
    rows.emplace_back("mode_bytes", f.mode, std::to_string(f.bytes));
    rows.emplace_back("mode_messages_per_identity", f.mode, number(f.messages_per_identity));
    rows.emplace_back("mode_bytes_per_identity", f.mode, number(f.bytes_per_identity));
    if (f.latency.count > 0) {
      rows.emplace_back("mode_latency_p50_ns", f.mode, std::to_string(f.latency.p50.ns()));
      rows.emplace_back("mode_latency_p90_ns", f.mode, std::to_string(f.latency.p90.ns()));
      rows.emplace_back("mode_latency_p99_ns", f.mode, std::to_string(f.latency.p99.ns()));
    }
    rows.emplace_back("mode_keys", f.mode, std::to_string(f.keys));
    if (f.keys > 0) {
      rows.emplace_back("mode_key_holders_max", f.mode, std::to_string(f.holders.max));
      rows.emplace_back("mode_key_holders_mean", f.mode, number(f.holders.mean));
      rows.emplace_back("mode_key_hops_max", f.mode, std::to_string(f.hops.max));
      rows.emplace_back("mode_key_hops_mean", f.mode, number(f.hops.mean));
    }
  }
  return rows;
}

std::string ModeComparison::table() const {
  std::string text = "Annex D comparison of certificate modes (mode_comparison in metrics.json)\n";
  char line[256];
  std::snprintf(line, sizeof line, "%-11s %10s %9s %10s %12s %12s %12s %5s %12s %10s\n", "mode",
                "identities", "msgs/id", "bytes/id", "latency p50", "p90", "p99", "keys",
                "holders max", "hops max");
  text += line;
  for (const auto& f : figures()) {
    const bool measured = f.latency.count > 0;
    std::snprintf(line, sizeof line, "%-11s %10llu %9s %10s %12s %12s %12s %5llu %12s %10s\n",
                  f.mode.c_str(), static_cast<unsigned long long>(f.identities_enrolled),
                  fixed(f.messages_per_identity, 1).c_str(), fixed(f.bytes_per_identity, 0).c_str(),
                  measured ? millis(f.latency.p50).c_str() : "-",
                  measured ? millis(f.latency.p90).c_str() : "-",
                  measured ? millis(f.latency.p99).c_str() : "-",
                  static_cast<unsigned long long>(f.keys),
                  f.keys > 0 ? std::to_string(f.holders.max).c_str() : "-",
                  f.keys > 0 ? std::to_string(f.hops.max).c_str() : "-");
    text += line;
  }
  return text;
}

}  // namespace ifa026::reports
