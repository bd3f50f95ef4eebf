// A telemetry source's policy and rounds (see telemetry_sender.hpp).
#include "actors/common/telemetry_sender.hpp"

#include <algorithm>
#include <cmath>

#include "actors/common/actor_params.hpp"
#include "actors/common/telemetry_codec.hpp"
#include "actors/common/trace_detail.hpp"
#include "actors/messages/decisions.hpp"
#include "actors/messages/detail_keys.hpp"
#include "actors/messages/monitoring_vocabulary.hpp"
#include "actors/messages/reference_points.hpp"
#include "actors/messages/telemetry.hpp"

namespace ifa026::actors::telemetry {

namespace dk = detail_keys;
using nlohmann::json;

namespace {

constexpr const char* kParam = "telemetry";

bool one_of(const std::string& value, std::initializer_list<const char*> list) {
  return std::any_of(list.begin(), list.end(), [&](const char* x) { return value == x; });
}

bool string_list(const json& v) {
  return v.is_array() && std::all_of(v.begin(), v.end(), [](const json& x) {
           return x.is_string() && !x.get<std::string>().empty();
         });
}

double round2(double x) {
  return std::round(x * 100.0) / 100.0;
}

}  // namespace

sim::ParamRule policy_param_rule(const std::string& kind) {
  return {kParam, sim::ParamType::object,
          "telemetry policy of this " + kind +
              " (docs/security-monitoring.md): {collectors: [...], reports: [{plane: "
              "control|management|data, mode: active|passive}], period, deflate_to: [collectors], "
              "kind: vnf|vsf|pnf, faults: {plain, bad_raw_digest, extra_collector, skip_plane, "
              "silent}}"};
}

void check_policy(const json& params, std::vector<sim::Diagnostic>& out) {
  if (!params.is_object()) return;
  auto it = params.find(kParam);
  if (it == params.end() || !it->is_object()) return;
  const json& t = *it;
  const std::string base = std::string("/") + kParam;
  auto problem = [&](const std::string& pointer, const std::string& message, bool at_key = false) {
    out.push_back({"", 0, 0, base + pointer, message, at_key});
  };
  for (const auto& [key, value] : t.items())
    if (!one_of(key, {"collectors", "reports", "period", "deflate_to", "kind", "vnf", "faults"}))
      problem("/" + key,
              "unknown telemetry member (known: collectors, reports, period, deflate_to, kind, "
              "vnf, faults)",
              true);
  if (!t.contains("collectors") || !string_list(t["collectors"]) || t["collectors"].empty())
    problem("/collectors", "collectors must be a non-empty list of actor names");
  if (!t.contains("reports") || !t["reports"].is_array() || t["reports"].empty()) {
    problem("/reports", "reports must be a non-empty list of {plane, mode}");
  } else {
    for (std::size_t i = 0; i < t["reports"].size(); ++i) {
      const json& r = t["reports"][i];
      const std::string at = "/reports/" + std::to_string(i);
      if (!r.is_object()) {
        problem(at, "a report must be an object {plane, mode}");
        continue;
      }
      if (!r.contains("plane") || !r["plane"].is_string() ||
          !one_of(r["plane"].get<std::string>(), {kPlaneControl, kPlaneManagement, kPlaneData}))
        problem(at + "/plane", "plane must be control, management or data");
      if (!r.contains("mode") || !r["mode"].is_string() ||
          !one_of(r["mode"].get<std::string>(), {kModeActive, kModePassive}))
        problem(at + "/mode", "mode must be active or passive");
    }
  }
  if (t.contains("period") && (!sim::good_duration(t["period"]) ||
                               sim::parse_duration(t["period"].get<std::string>())->ns() <= 0))
    problem("/period", "period must be a positive duration");
  if (t.contains("deflate_to")) {
    if (!string_list(t["deflate_to"])) {
      problem("/deflate_to", "deflate_to must be a list of collector names");
    } else if (string_list(t.value("collectors", json::array()))) {
      const auto collectors = t["collectors"].get<std::vector<std::string>>();
      for (std::size_t i = 0; i < t["deflate_to"].size(); ++i)
        if (std::find(collectors.begin(), collectors.end(), t["deflate_to"][i]) == collectors.end())
          problem("/deflate_to/" + std::to_string(i), "not one of the policy's collectors");
    }
  }
  if (t.contains("kind") &&
      (!t["kind"].is_string() || !one_of(t["kind"].get<std::string>(), {"vnf", "vsf", "pnf"})))
    problem("/kind", "kind must be vnf, vsf or pnf");
  if (t.contains("vnf") && !t["vnf"].is_string()) problem("/vnf", "vnf must be a string");
  if (t.contains("faults")) {
    const json& f = t["faults"];
    if (!f.is_object()) {
      problem("/faults", "faults must be an object");
    } else {
      for (const auto& [key, value] : f.items()) {
        const std::string at = "/faults/" + key;
        if (key == "plain" || key == "bad_raw_digest" || key == "silent" ||
            key == "shared_session") {
          if (!value.is_boolean()) problem(at, key + " must be true or false");
        } else if (key == "extra_collector") {
          if (!value.is_string() || value.get<std::string>().empty())
            problem(at, "extra_collector must be an actor name");
        } else if (key == "exploit") {
          if (!value.is_object())
            problem(at, "exploit must be an object {source: time}");
          else
            for (const auto& [source, when] : value.items())
              if (!sim::good_duration(when))
                problem(at + "/" + source, "the time of the exploit must be a duration");
        } else if (key == "skip_plane") {
          if (!value.is_string() ||
              !one_of(value.get<std::string>(), {kPlaneControl, kPlaneManagement, kPlaneData}))
            problem(at, "skip_plane must be control, management or data");
        } else {
          problem(at,
                  "unknown telemetry fault (known: plain, bad_raw_digest, extra_collector, "
                  "skip_plane, silent, shared_session, exploit)",
                  true);
        }
      }
    }
  }
}

std::optional<SenderPolicy> read_policy(const json& params, const std::string& kind) {
  auto it = params.find(kParam);
  if (it == params.end() || !it->is_object()) return std::nullopt;
  const json& t = *it;
  SenderPolicy p;
  p.collectors = string_list_param(t, "collectors");
  for (const auto& r : t.value("reports", json::array()))
    p.pairs.emplace_back(r.value("plane", ""), r.value("mode", ""));
  for (const auto& c : string_list_param(t, "deflate_to")) p.deflate_to.insert(c);
  p.period = duration_param(t, "period", p.period);
  p.kind = string_param(t, "kind", kind);
  if (t.contains("vnf")) p.vnf = string_param(t, "vnf");
  const json faults = t.value("faults", json::object());
  p.plain = bool_param(faults, "plain", false);
  p.bad_raw_digest = bool_param(faults, "bad_raw_digest", false);
  p.silent = bool_param(faults, "silent", false);
  p.shared_session = bool_param(faults, "shared_session", false);
  if (auto e = faults.find("exploit"); e != faults.end() && e->is_object())
    for (const auto& [source, when] : e->items())
      p.exploit_at[source] = sim::parse_duration(when.get<std::string>()).value();
  p.extra_collector = string_param(faults, "extra_collector");
  p.skip_plane = string_param(faults, "skip_plane");
  return p;
}

TelemetrySender::TelemetrySender(sim::ActorContext& context, ActorToolkit toolkit,
                                 SenderPolicy policy, Ready ready, SendSecure send_secure)
    : ActorPiece(toolkit),
      context_(context),
      policy_(std::move(policy)),
      ready_(std::move(ready)),
      send_secure_(std::move(send_secure)) {}

void TelemetrySender::start() {
  std::vector<std::string> pairs;
  for (const auto& [plane, mode] : policy_.pairs) pairs.push_back(plane + "/" + mode);
  TraceDetail detail;
  detail.add(dk::kTelemetryCollectors, comma_list(policy_.collectors))
      .add(dk::kTelemetryPairs, comma_list(pairs))
      .add(dk::kKind, policy_.kind);
  if (policy_.vnf) detail.add(dk::kVnf, *policy_.vnf);
  if (!policy_.deflate_to.empty())
    detail.add(dk::kEncoding,
               "deflate:" + comma_list({policy_.deflate_to.begin(), policy_.deflate_to.end()}));
  trace({.operation = decisions::kTelemetryPolicy, .outcome = outcomes::kLoaded, .detail = detail});
  schedule(policy_.period, "TelemetryRound", [this] { round(); });
  if (auto it = policy_.exploit_at.find(context_.name()); it != policy_.exploit_at.end()) {
    const sim::Duration delay = it->second - context_.now().since_epoch();
    schedule(delay.ns() > 0 ? delay : sim::Duration::nanoseconds(0), "Exploit",
             [this] { exploit(); });
  }
}

void TelemetrySender::exploit() {
  exploited_ = true;
  TraceDetail detail;
  detail.add(dk::kKind, policy_.kind);
  if (policy_.vnf) detail.add(dk::kVnf, *policy_.vnf);
  trace(
      {.operation = decisions::kExploitInjected, .outcome = outcomes::kInjected, .detail = detail});
}

void TelemetrySender::round() {
  schedule(policy_.period, "TelemetryRound", [this] { round(); });
  if (policy_.silent || !ready_())
    return;  // no certificate yet (or any more): nothing to authenticate with
  std::vector<std::string> targets = policy_.collectors;
  if (!policy_.extra_collector.empty()) targets.push_back(policy_.extra_collector);
  for (const auto& [plane, mode] : policy_.pairs) {
    if (plane == policy_.skip_plane) continue;
    for (const auto& collector : targets) send(collector, plane, mode);
  }
}

json TelemetrySender::record(const std::string& plane, const std::string& mode, std::uint64_t seq) {
  sim::RandomStream& random = context_.random();
  json metrics = json::object();
  metrics["cpu_pct"] = round2(exploited_ ? random.uniform(kExploitCpuMin, 99.9)
                                         : random.uniform(5.0, kBaselineCpuMax));
  metrics["mem_pct"] = round2(random.uniform(20.0, 60.0));
  metrics["rx_pps"] = random.uniform_int(1000, 5000);
  metrics["tx_pps"] = random.uniform_int(1000, 5000);
  metrics["conn_out"] = exploited_ ? random.uniform_int(4000, 6000) : random.uniform_int(5, 50);
  json interfaces = json::array();
  for (int i = 0; i < 4; ++i)
    interfaces.push_back({{"name", "eth" + std::to_string(i)},
                          {"rx_bytes", random.uniform_int(100000, 900000)},
                          {"tx_bytes", random.uniform_int(100000, 900000)},
                          {"rx_drops", 0},
                          {"tx_drops", 0}});
  json r = json::object();
  r["marker"] = kRecordMarker;
  r["source"] = context_.name();
  r["kind"] = policy_.kind;
  if (policy_.vnf) r["vnf"] = *policy_.vnf;
  r["plane"] = plane;
  r["mode"] = mode;
  r["seq"] = seq;
  r["time_ns"] = context_.now().ns();
  r["metrics"] = metrics;
  r["interfaces"] = interfaces;
  return r;
}

void TelemetrySender::send(const std::string& collector, const std::string& plane,
                           const std::string& mode) {
  const std::uint64_t seq = ++seq_[collector];
  const std::string text = record(plane, mode, seq).dump();
  const pki::Bytes raw(text.begin(), text.end());
  const std::string encoding =
      policy_.deflate_to.contains(collector) ? kEncodingDeflate : kEncodingIdentity;
  messages::TelemetryReport report{.source = context_.name(),
                                   .vnf = policy_.vnf,
                                   .kind = policy_.kind,
                                   .plane = plane,
                                   .mode = mode,
                                   .seq = seq,
                                   .encoding = encoding,
                                   .raw_digest = raw_digest(raw),
                                   .payload = encode(encoding, raw)};
  if (policy_.bad_raw_digest) {
    const std::string other = text + " ";
    report.raw_digest = raw_digest(pki::Bytes(other.begin(), other.end()));
  }
  trace({.operation = decisions::kTelemetrySent,
         .outcome = outcomes::kSent,
         .peer = collector,
         .reference_point = reference_points::kSmSf,
         .detail = TraceDetail()
                       .add(dk::kTelemetryCollector, collector)
                       .add(dk::kPlane, plane)
                       .add(dk::kMode, mode)
                       .add(dk::kSeq, static_cast<long long>(seq))
                       .add(dk::kEncoding, encoding)
                       .add(dk::kRawSize, static_cast<long long>(raw.size()))
                       .add(dk::kWireSize, static_cast<long long>(report.payload.size()))
                       .add(dk::kChannel, policy_.plain ? "plain" : "mutual")});
  Envelope envelope = messages::to_envelope(report);
  if (policy_.plain) {
    context_.post(sim::Message{.from = context_.name(),
                               .to = collector,
                               .reference_point = reference_points::kSmSf,
                               .operation = std::string(messages::TelemetryReport::kOperation),
                               .step = {},
                               .payload = encode_envelope(envelope)});
    return;
  }
  // The fault: one session (the first collector's) carries every collector's reports.
  send_secure_(policy_.shared_session ? policy_.collectors.front() : collector,
               std::move(envelope));
}

}  // namespace ifa026::actors::telemetry
