// A telemetry collector's receiving side and store commands (see telemetry_collector.hpp).
#include "actors/common/telemetry_collector.hpp"

#include <algorithm>
#include <utility>

#include "actors/common/actor_params.hpp"
#include "actors/common/telemetry_codec.hpp"
#include "actors/messages/decisions.hpp"
#include "actors/messages/detail_keys.hpp"
#include "actors/messages/monitoring_vocabulary.hpp"

namespace ifa026::actors::telemetry {

namespace dk = detail_keys;
using nlohmann::json;

namespace {
constexpr const char* kStoreKey = "telemetry_store_key";
constexpr const char* kFaults = "telemetry_faults";
constexpr const char* kStorePlaintext = "store_plaintext";
constexpr const char* kIgnoreExploit = "ignore_exploit";

std::string index_list(const std::vector<std::uint64_t>& indexes) {
  std::string out;
  for (auto i : indexes) out += (out.empty() ? "" : ",") + std::to_string(i);
  return out;
}
}  // namespace

sim::ParamRule store_key_param_rule() {
  return {kStoreKey, sim::ParamType::string,
          "telemetry collector: the provisioned AES-256-GCM key of its telemetry store, 64 hex "
          "digits (without it the actor takes no TelemetryReport)"};
}

sim::ParamRule collector_faults_param_rule() {
  return {kFaults, sim::ParamType::string_list,
          "telemetry collector fault switches: store_plaintext (records kept unencrypted; "
          "R1.3.130), ignore_exploit (an SM: no exploit detection; R1.3.190)"};
}

sim::ParamRule exploit_threshold_param_rule() {
  return {"telemetry_exploit_cpu_pct", sim::ParamType::integer,
          "an SM collecting telemetry: a record whose cpu_pct exceeds this is an exploit "
          "(R1.3.190)",
          false, "90"};
}

std::vector<sim::ParamRule> collector_param_rules() {
  return {store_key_param_rule(), collector_faults_param_rule()};
}

bool collector_fault(const json& params, const std::string& fault) {
  const auto faults = string_list_param(params, kFaults);
  return std::find(faults.begin(), faults.end(), fault) != faults.end();
}

void check_collector_params(const json& params, std::vector<sim::Diagnostic>& out) {
  if (!params.is_object()) return;
  if (auto it = params.find(kStoreKey);
      it != params.end() && it->is_string() && !parse_store_key(it->get<std::string>()))
    out.push_back({"", 0, 0, std::string("/") + kStoreKey,
                   "telemetry_store_key must be 64 hex digits (an AES-256 key)"});
  if (auto it = params.find(kFaults); it != params.end() && it->is_array())
    for (std::size_t i = 0; i < it->size(); ++i)
      if (!(*it)[i].is_string() || ((*it)[i].get<std::string>() != kStorePlaintext &&
                                    (*it)[i].get<std::string>() != kIgnoreExploit))
        out.push_back({"", 0, 0, std::string("/") + kFaults + "/" + std::to_string(i),
                       "unknown telemetry fault (known: store_plaintext, ignore_exploit)"});
}

sim::CommandRule tamper_store_command_rule() {
  return {
      "tamper_store",
      "fault: alter one record of the telemetry store (R1.3.130): TelemetryStoreTampered",
      {{"record", sim::ParamType::integer, "the record's index (1, 2, ...)", false, "the newest"}}};
}

sim::CommandRule verify_store_command_rule() {
  return {"verify_store",
          "authenticate every record of the telemetry store: TelemetryStoreVerification",
          {}};
}

std::vector<sim::CommandRule> collector_command_rules() {
  return {tamper_store_command_rule(), verify_store_command_rule()};
}

TelemetryCollector::TelemetryCollector(sim::ActorContext& context, Tracer& tracer,
                                       const json& params)
    : tracer_(tracer) {
  auto key = parse_store_key(string_param(params, kStoreKey));
  if (!key) return;
  store_ = std::make_unique<TelemetryStore>(context.name(), std::move(*key),
                                            collector_fault(params, kStorePlaintext));
}

void TelemetryCollector::refuse(const ChannelMessage& m, const messages::TelemetryReport& r,
                                const std::string& reason) {
  tracer_({.operation = operations::kTelemetryReport,
           .outcome = outcomes::kRejected,
           .peer = m.peer.name,
           .reference_point = m.reference_point,
           .detail = TraceDetail()
                         .add(dk::kSource, r.source)
                         .add(dk::kSeq, static_cast<long long>(r.seq))
                         .add(dk::kEncoding, r.encoding)
                         .add(dk::kReason, reason)});
}

std::optional<json> TelemetryCollector::receive(const ChannelMessage& m,
                                                const messages::TelemetryReport& r) {
  if (!store_) {
    refuse(m, r, "no telemetry store key provisioned: not a collector");
    return std::nullopt;
  }
  if (m.peer.kind != ChannelKind::mutual || !m.peer.certificate) {
    refuse(m, r, "not on a mutual TLS session");
    return std::nullopt;
  }
  if (r.source != m.peer.name) {
    refuse(m, r, "source is not the TLS peer");
    return std::nullopt;
  }
  const auto raw = decode(r.encoding, r.payload);
  if (!raw) {
    refuse(m, r, "payload does not decode as " + r.encoding);
    return std::nullopt;
  }
  if (raw_digest(*raw) != r.raw_digest) {
    refuse(m, r, "raw digest mismatch");
    return std::nullopt;
  }
  json record = json::parse(raw->begin(), raw->end(), nullptr, false);
  if (!record.is_object()) {
    refuse(m, r, "record is not a JSON object");
    return std::nullopt;
  }
  const StoredRecord& stored =
      store_->add(r.source, r.seq, r.encoding, r.raw_digest, raw->size(), r.payload);
  TraceDetail detail;
  detail.add(dk::kStoreRecord, static_cast<long long>(stored.index))
      .add(dk::kSource, r.source)
      .add(dk::kKind, r.kind);
  if (r.vnf) detail.add(dk::kVnf, *r.vnf);
  detail.add(dk::kPlane, r.plane)
      .add(dk::kMode, r.mode)
      .add(dk::kSeq, static_cast<long long>(r.seq))
      .add(dk::kEncoding, r.encoding)
      .add(dk::kRawDigest, r.raw_digest)
      .add(dk::kRawSize, static_cast<long long>(raw->size()))
      .add(dk::kWireSize, static_cast<long long>(r.payload.size()))
      .add(dk::kChannel, to_string(m.peer.kind))
      .add(dk::kPeerSerial, m.peer.certificate->serial_hex());
  tracer_({.operation = decisions::kTelemetryStored,
           .outcome = outcomes::kStored,
           .peer = m.peer.name,
           .reference_point = m.reference_point,
           .detail = detail});
  return record;
}

bool TelemetryCollector::on_command(const sim::Command& command) {
  if (command.name == "tamper_store") {
    std::uint64_t tampered = 0;
    const auto index =
        static_cast<std::uint64_t>(std::max(0LL, int_param(command.args, "record", 0)));
    if (!store_ || !store_->tamper(index, tampered)) {
      tracer_({.operation = decisions::kTelemetryStoreTampered,
               .outcome = outcomes::kFailed,
               .detail = TraceDetail().add(dk::kReason, "no such stored record")});
      return true;
    }
    tracer_({.operation = decisions::kTelemetryStoreTampered,
             .outcome = outcomes::kTampered,
             .detail = TraceDetail().add(dk::kStoreRecord, static_cast<long long>(tampered))});
    return true;
  }
  if (command.name == "verify_store") {
    const std::vector<std::uint64_t> failed =
        store_ ? store_->verify() : std::vector<std::uint64_t>{};
    TraceDetail detail;
    detail.add(dk::kRecords, static_cast<long long>(store_ ? store_->records().size() : 0));
    if (!failed.empty()) detail.add(dk::kFailedRecords, index_list(failed));
    tracer_({.operation = decisions::kTelemetryStoreVerification,
             .outcome = failed.empty() ? outcomes::kPass : outcomes::kViolation,
             .detail = detail});
    return true;
  }
  return false;
}

}  // namespace ifa026::actors::telemetry
