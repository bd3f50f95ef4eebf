// The Security Manager's monitoring (see sm_extension.hpp; docs/security-monitoring.md "Monitoring
// runs, probes and SLA windows"; Annex A R1.3.50, R1.3.170, R1.3.210, R1.3.240):
//
// - SmPolicyLoaded at start, before any binding: the rules the SM acts by (R1.3.210).
// - Monitoring runs (R1.3.240): `MonitoringRun started trigger=continuous|manual|admin|event`.
//   Continuous runs every `monitoring.period` while monitoring is on; manual and admin ones after
//   the workload command `monitor`; an admin one when `monitoring on` switches it back on; an event
//   one after each received event of a kind in `monitoring.event_types`. Each run observes
//   something real: it asks the target block (the NFVO unless said otherwise) for the status of the
//   monitored domain (SmNetworkStatusQuery), or, for an event run about a VNF, for that VNF's
//   context (SmContextQuery); the answer is SmRequest answered with the request id the run names.
// - On/off windows (R1.3.50): `monitoring on|off` switches the continuous runs
// (MonitoringSwitched).
// - The topology view (R1.3.170): after each completed instantiation, migration, scaling or
//   termination event the SM updates its view (VNFCI -> host, VNFCI -> VNF, VNF -> NS) and records
//   TopologyUpdated with what the view holds now.
#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "actors/common/actor_params.hpp"
#include "actors/common/trace_detail.hpp"
#include "actors/messages/decisions.hpp"
#include "actors/messages/detail_keys.hpp"
#include "actors/messages/monitoring_vocabulary.hpp"
#include "actors/messages/probe.hpp"
#include "actors/messages/reference_points.hpp"
#include "actors/messages/sm_vocabulary.hpp"
#include "actors/sm/sm_extension.hpp"
#include "actors/sm/sm_settings.hpp"
#include "sim/param_rules.hpp"

namespace ifa026::actors::sm {

namespace dk = detail_keys;
namespace m = messages;

namespace {

constexpr const char* kMonitoringTriggerContinuous = "continuous";
constexpr const char* kMonitoringTriggerManual = "manual";
constexpr const char* kMonitoringTriggerAdmin = "admin";
constexpr const char* kMonitoringTriggerEvent = "event";
constexpr int kFloodPolls = 200;

std::vector<std::string> strings_of(const nlohmann::json& details, const char* key) {
  std::vector<std::string> out;
  if (!details.is_object()) return out;
  auto it = details.find(key);
  if (it == details.end() || !it->is_array()) return out;
  for (const auto& item : *it)
    if (item.is_string()) out.push_back(item.get<std::string>());
  return out;
}

std::string string_of(const nlohmann::json& details, const char* key) {
  if (!details.is_object()) return "";
  auto it = details.find(key);
  return it != details.end() && it->is_string() ? it->get<std::string>() : "";
}

}  // namespace

// ---- parameters ----

ParamRule sm_monitoring_param_rule() {
  return {"monitoring", ParamType::object,
          "monitoring runs (R1.3.240, R1.3.50): {period: duration of continuous runs (absent: "
          "none), start: on|off, target: the block asked (nfvo, vnfm or vim name; default the "
          "NFVO), domain: the domain whose status runs ask (default: the first granted), "
          "event_types: [events that trigger a run, e.g. VNF_MODIFY], inband: [data-plane "
          "monitors each run also polls in band (MonitoringPoll)]}; fault switches in "
          "sm_faults: blind_monitoring (runs ask nothing), stale_topology (the topology view "
          "ignores events), monitoring_flood (each run polls its inband monitors 200 times)",
          false, "no continuous runs"};
}

void check_sm_monitoring_params(const nlohmann::json& params, std::vector<sim::Diagnostic>& out) {
  auto it = params.find("monitoring");
  if (it == params.end() || !it->is_object()) return;
  for (const auto& [key, value] : it->items()) {
    const std::string where = "/monitoring/" + sim::escape_pointer_token(key);
    if (key == "period") {
      if (!sim::good_duration(value) || sim::parse_duration(value.get<std::string>())->ns() <= 0)
        out.push_back({"", 0, 0, where, "monitoring: period must be a positive duration"});
    } else if (key == "start") {
      const std::string v = value.is_string() ? value.get<std::string>() : "";
      if (v != "on" && v != "off")
        out.push_back({"", 0, 0, where, "monitoring: start must be on or off"});
    } else if (key == "target" || key == "domain") {
      if (!value.is_string() || value.get<std::string>().empty())
        out.push_back({"", 0, 0, where, "monitoring: " + key + " must be a non-empty string"});
    } else if (key == "event_types" || key == "inband") {
      bool good = value.is_array();
      if (good)
        for (const auto& v : value) good = good && v.is_string();
      if (!good)
        out.push_back({"", 0, 0, where, "monitoring: " + key + " must be a list of strings"});
    } else {
      out.push_back({"", 0, 0, where,
                     "monitoring: unknown member \"" + key +
                         "\" (period, start, target, domain, event_types, inband)",
                     true});
    }
  }
  if (auto target = it->find("target"); target != it->end() && target->is_string()) {
    const std::string t = target->get<std::string>();
    bool known = false;
    for (const char* block : {"nfvo", "vnfm", "vim"})
      known = known || string_param(params, block) == t;
    if (!t.empty() && !known)
      out.push_back({"", 0, 0, "/monitoring/target",
                     "monitoring: target " + t + " is none of this SM's blocks (nfvo, vnfm, vim)"});
  }
}

SmMonitoringSettings read_sm_monitoring_settings(const nlohmann::json& params) {
  SmMonitoringSettings s;
  nlohmann::json p = params.value("monitoring", nlohmann::json::object());
  if (!p.is_object()) p = nlohmann::json::object();
  s.period = duration_param(p, "period", sim::Duration());
  s.start_on = string_param(p, "start", "on") == "on";
  s.target = string_param(p, "target", string_param(params, "nfvo"));
  s.domain = string_param(p, "domain");
  s.event_types = string_list_param(p, "event_types");
  s.inband = string_list_param(p, "inband");
  for (const auto& fault : string_list_param(params, "sm_faults")) {
    if (fault == "blind_monitoring") s.blind = true;
    if (fault == "stale_topology") s.stale_topology = true;
    if (fault == "monitoring_flood") s.polls_per_run = kFloodPolls;
  }
  return s;
}

// ---- runs ----

void SmExtension::start_monitoring() {
  if (monitoring_started_) return;
  monitoring_started_ = true;
  std::vector<std::string> events;
  for (const auto& rule : settings_.rules) events.push_back(rule.action);
  host_.tracer()({.operation = decisions::kSmPolicyLoaded,
                  .outcome = outcomes::kLoaded,
                  .detail = TraceDetail()
                                .add(dk::kRules, static_cast<long long>(settings_.rules.size()))
                                .add(dk::kDecision, settings_.default_decision)});
  if (monitoring_.period <= sim::Duration() || !monitoring_.start_on) return;
  monitoring_on_ = true;
  host_.tracer()({.operation = decisions::kMonitoringSwitched,
                  .outcome = outcomes::kOn,
                  .detail = TraceDetail()
                                .add(dk::kPeriod, sim::format_duration(monitoring_.period))
                                .add(dk::kReason, "on from the start")});
  schedule_monitoring_tick();
}

void SmExtension::schedule_monitoring_tick() {
  if (monitoring_.period <= sim::Duration()) return;
  host_.schedule(monitoring_.period, "MonitoringTick", [this, generation = monitoring_generation_] {
    if (!monitoring_on_ || generation != monitoring_generation_) return;
    monitoring_run(kMonitoringTriggerContinuous, "", std::nullopt);
    schedule_monitoring_tick();
  });
}

void SmExtension::monitor_command(const sim::Command& command) {
  const std::string trigger = string_param(command.args, "trigger", kMonitoringTriggerManual);
  if (trigger != kMonitoringTriggerManual && trigger != kMonitoringTriggerAdmin)
    return refuse_command(decisions::kMonitoringRun, monitoring_.target,
                          "trigger must be manual or admin");
  monitoring_run(trigger, "", std::nullopt);
}

void SmExtension::monitoring_switch_command(const sim::Command& command) {
  const std::string state = string_param(command.args, "state");
  if (state != outcomes::kOn && state != outcomes::kOff)
    return refuse_command(decisions::kMonitoringSwitched, monitoring_.target,
                          "state must be on or off");
  const bool on = state == outcomes::kOn;
  ++monitoring_generation_;  // the pending tick, if any, no longer runs
  monitoring_on_ = on;
  TraceDetail detail;
  detail.add(dk::kPeriod, sim::format_duration(monitoring_.period))
      .add(dk::kReason, "workload command monitoring");
  host_.tracer()({.operation = decisions::kMonitoringSwitched, .outcome = state, .detail = detail});
  if (!on) return;
  monitoring_run(kMonitoringTriggerAdmin, "", std::nullopt);
  schedule_monitoring_tick();
}

void SmExtension::monitoring_run(const std::string& trigger, const std::string& event_id,
                                 const std::optional<std::string>& vnf) {
  const std::string block = monitoring_.target;
  const std::string instance = instance_with(block);
  std::string domain = monitoring_.domain;
  if (domain.empty() && !settings_.domains.empty()) domain = settings_.domains.front();
  if (domain.empty()) {
    auto b = state_.bindings.find(block);
    if (b != state_.bindings.end() && !b->second.grants.empty())
      domain = b->second.grants.front().domain;
  }
  TraceDetail detail;
  detail.add(dk::kTrigger, trigger).add(dk::kTarget, vnf ? *vnf : domain);
  if (trigger == kMonitoringTriggerContinuous)
    detail.add(dk::kPeriod, sim::format_duration(monitoring_.period));
  if (!event_id.empty()) detail.add(dk::kEventId, event_id);
  detail.add(dk::kWindow, monitoring_on_ ? outcomes::kOn : outcomes::kOff);
  if (instance.empty()) {
    // Not bound (yet, or any more): a run that cannot observe is not a run.
    detail.add(dk::kReason, "not bound to " + block);
    host_.tracer()({.operation = decisions::kMonitoringRun,
                    .outcome = outcomes::kSkipped,
                    .peer = block,
                    .reference_point = reference_point_of(block),
                    .detail = detail});
    return;
  }
  std::vector<std::string> requests;
  if (!monitoring_.blind) {
    requests.push_back(next_request_id());
  }
  detail.add(dk::kObserved, vnf ? operations::kSmContextQuery : operations::kSmNetworkStatusQuery);
  detail.add(dk::kRequest, comma_list(requests));
  host_.tracer()({.operation = decisions::kMonitoringRun,
                  .outcome = outcomes::kStarted,
                  .peer = block,
                  .reference_point = reference_point_of(block),
                  .detail = detail});
  if (!requests.empty() && !vnf)
    for (const auto& monitor : monitoring_.inband)
      for (int i = 0; i < monitoring_.polls_per_run; ++i)
        host_.send_envelope(
            monitor, reference_points::kDataPlane,
            m::to_envelope(m::MonitoringPoll{
                .sm = name(), .run = requests.front(), .seq = static_cast<std::uint64_t>(i + 1)}));
  for (const auto& request_id : requests) {
    if (vnf) {
      sent(request_id, operations::kSmContextQuery, block);
      m::SmContextQuery query;
      query.instance = instance;
      query.request_id = request_id;
      query.vnf_instance_id = *vnf;
      send(block, query);
    } else {
      sent(request_id, operations::kSmNetworkStatusQuery, block);
      send(block, m::SmNetworkStatusQuery{
                      .instance = instance, .request_id = request_id, .domain = domain});
    }
  }
}

// ---- events: event-triggered runs and the topology view ----

void SmExtension::watch_event(const m::SmLcmEvent& event) {
  if (std::find(monitoring_.event_types.begin(), monitoring_.event_types.end(), event.event_type) !=
          monitoring_.event_types.end() &&
      event.phase != kPhaseProposed)
    monitoring_run(kMonitoringTriggerEvent, event.event_id, event.vnf_instance_id);
  if (event.phase != kPhaseCompleted) return;
  const std::string vnf = event.vnf_instance_id.value_or("");
  const nlohmann::json details = event.change_details.value_or(nlohmann::json::object());
  const bool apply = !monitoring_.stale_topology;
  if (event.event_type == kEventVnfInstantiate && !vnf.empty()) {
    const std::string ns = event.group_ref.value_or(event.ns_id.value_or(""));
    if (apply && !ns.empty()) topology_ns_[vnf] = ns;
    std::vector<std::string> hosts;
    for (const auto& h : event.hosts.value_or(std::vector<m::SmHostRef>{}))
      hosts.push_back(h.host_id);
    auto known = topology_ns_.find(vnf);
    topology_updated(event, "instantiated",
                     TraceDetail()
                         .add(dk::kNs, known == topology_ns_.end() ? "" : known->second)
                         .add(dk::kHost, comma_list(hosts)));
  } else if (event.event_type == kEventVnfModify && event.change_kind == kChangeLocation) {
    const std::string vnfci = string_of(details, "vnfci");
    const std::string from = string_of(details, "from_host");
    const std::string to = string_of(details, "to_host");
    if (vnfci.empty()) return;
    if (apply) {
      topology_host_[vnfci] = to;
      topology_vnf_[vnfci] = vnf;
    } else if (topology_host_.count(vnfci) == 0) {
      topology_host_[vnfci] = from;  // what the SM believed before
      topology_vnf_[vnfci] = vnf;
    }
    topology_updated(event, "migrated",
                     TraceDetail()
                         .add(dk::kVnfci, vnfci)
                         .add(dk::kFrom, from)
                         .add(dk::kHost, topology_host_[vnfci]));
  } else if (event.event_type == kEventVnfModify && event.change_kind == kChangeVnfc) {
    std::vector<std::string> added, removed;
    if (apply) {
      added = strings_of(details, "added");
      removed = strings_of(details, "removed");
    }
    for (const auto& v : added) topology_vnf_[v] = vnf;
    for (const auto& v : removed) {
      topology_vnf_.erase(v);
      topology_host_.erase(v);
    }
    topology_updated(
        event, "scaled",
        TraceDetail().add(dk::kAdded, comma_list(added)).add(dk::kRemoved, comma_list(removed)));
  } else if (event.event_type == kEventVnfTerminate && !vnf.empty()) {
    if (apply) {
      topology_ns_.erase(vnf);
      for (auto it = topology_vnf_.begin(); it != topology_vnf_.end();) {
        if (it->second == vnf) {
          topology_host_.erase(it->first);
          it = topology_vnf_.erase(it);
        } else {
          ++it;
        }
      }
    }
    topology_updated(event, "terminated", TraceDetail());
  } else if (event.event_type == kEventNsScale) {
    const std::string ns = event.ns_id.value_or("");
    std::vector<std::string> added, removed;
    if (apply) {
      added = event.added.value_or(std::vector<std::string>{});
      removed = event.removed.value_or(std::vector<std::string>{});
    }
    for (const auto& v : added) topology_ns_[v] = ns;
    for (const auto& v : removed) topology_ns_.erase(v);
    topology_updated(event, "ns_scaled",
                     TraceDetail()
                         .add(dk::kNs, ns)
                         .add(dk::kAdded, comma_list(added))
                         .add(dk::kRemoved, comma_list(removed)));
  }
}

void SmExtension::topology_updated(const m::SmLcmEvent& event, const std::string& change,
                                   TraceDetail detail) {
  TraceDetail full;
  full.add(dk::kEventId, event.event_id).add(dk::kKind, change);
  if (event.vnf_instance_id) full.add(dk::kVnf, *event.vnf_instance_id);
  const std::string rest = detail.str();
  std::string text = full.str();
  if (!rest.empty()) text += "; " + rest;
  host_.tracer()(
      {.operation = decisions::kTopologyUpdated, .outcome = outcomes::kUpdated, .detail = text});
}

}  // namespace ifa026::actors::sm
