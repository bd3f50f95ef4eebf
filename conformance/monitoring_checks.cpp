// Monitoring runs, the data-plane probe, SLA windows, topology tracking and SM readiness (see
// monitoring_checks.hpp; docs/security-monitoring.md "Monitoring runs, probes and SLA windows").
#include "conformance/monitoring_checks.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "actors/messages/monitoring_vocabulary.hpp"
#include "conformance/check_outcome.hpp"
#include "conformance/mano_roles.hpp"
#include "conformance/trace_query.hpp"
#include "conformance/vocabulary.hpp"

namespace ifa026::conformance {

namespace {

constexpr const char* kContinuous = "continuous";
constexpr const char* kManual = "manual";
constexpr const char* kAdmin = "admin";
constexpr const char* kEvent = "event";
constexpr const char* kNotReady = "security management not ready";

std::string param_of(const sim::ActorSpec& a, const std::string& key) {
  auto it = a.params.find(key);
  return it != a.params.end() && it->is_string() ? it->get<std::string>() : "";
}

bool is_decision(const sim::TraceRecord& r, const std::string& actor, const char* operation) {
  return r.kind == sim::RecordKind::decision && r.actor == actor && r.operation == operation;
}

// Nearest-rank percentile of `values` (not empty).
double percentile(std::vector<double> values, double p) {
  std::sort(values.begin(), values.end());
  std::size_t rank = static_cast<std::size_t>(p / 100.0 * static_cast<double>(values.size()));
  if (rank * 100 < static_cast<std::size_t>(p * static_cast<double>(values.size()))) ++rank;
  rank = std::max<std::size_t>(rank, 1);
  return values[std::min(rank, values.size()) - 1];
}

std::string number(double v) {
  std::string text = std::to_string(v);
  while (text.size() > 1 && text.back() == '0') text.pop_back();
  if (!text.empty() && text.back() == '.') text.pop_back();
  return text;
}

}  // namespace

// ID            R1.3.240
// Objective     Security monitoring can be continuous, manual, event-triggered or
//               administrator-triggered, and each kind of run observes the deployment.
// Precondition  An SM with param `monitoring` (a period for continuous runs, event_types for
//               event runs) and/or workload commands `monitor` / `monitoring on`.
// Test          Every MonitoringRun started names the queries it sent (request=) and each of
//               them is answered (SmRequest answered with that id); continuous runs of one SM
//               follow each other at exactly the configured period while monitoring stays on;
//               every `monitor` command and every `monitoring on` is followed at once by a run
//               of trigger manual or admin; every received event of a configured kind is followed
//               by a run of trigger event naming it; every trigger the scenario configures
//               produces at least one run; no run skipped.
// Evidence      MonitoringRun, SmRequest answered, SmEventReceived, the command records.
// Negative      sm_faults blind_monitoring: runs that ask nothing.
// Reference     ETSI GS NFV-IFA 026 V4.5.1 Annex A R1.3.240
// Applicability ICS security-monitoring.
CheckResult check_monitoring_runs(const CheckContext& c) {
  CheckOutcome out;
  const sim::Time end = c.trace.empty() ? sim::Time::zero() : c.trace.back().time;
  std::size_t total = 0;
  for (const auto* sm : actors_of_type(c.scenario, "sm")) {
    const std::string x = sm->name;
    const nlohmann::json mon = sm->params.value("monitoring", nlohmann::json::object());
    sim::Duration period;
    if (mon.is_object() && mon.contains("period") && mon["period"].is_string())
      period = sim::parse_duration(mon["period"].get<std::string>()).value_or(sim::Duration());
    std::set<std::string> event_types;
    if (mon.is_object() && mon.contains("event_types") && mon["event_types"].is_array())
      for (const auto& t : mon["event_types"])
        if (t.is_string()) event_types.insert(t.get<std::string>());
    std::map<std::string, std::string> answers;  // request -> outcome
    std::vector<const sim::TraceRecord*> runs;
    for (const auto& r : c.trace) {
      if (is_decision(r, x, decisions::kSmRequest) && r.outcome != outcomes::kSent)
        answers[detail_of(r, keys::kRequest)] = r.outcome;
      if (is_decision(r, x, decisions::kMonitoringRun)) runs.push_back(&r);
    }
    std::set<std::string> declared, seen;
    if (period > sim::Duration()) declared.insert(kContinuous);
    if (!event_types.empty()) declared.insert(kEvent);
    std::size_t failures = 0;
    // Each run observed something.
    for (const auto* run : runs) {
      const std::string trigger = detail_of(*run, keys::kTrigger);
      if (run->outcome != outcomes::kStarted) {
        ++failures;
        out.fail(
            x + "'s " + trigger + " run " + run->outcome + ": " + detail_of(*run, keys::kReason),
            {run->id});
        continue;
      }
      const auto requests = split_list(detail_of(*run, keys::kRequest));
      if (requests.empty()) {
        ++failures;
        out.fail(x + "'s " + trigger + " run at " +
                     sim::format_duration(run->time - sim::Time::zero()) +
                     " asked nothing: it observed nothing (" + describe(*run) + ")",
                 {run->id});
        continue;
      }
      bool observed = true;
      for (const auto& id : requests) {
        auto a = answers.find(id);
        if (a == answers.end()) {
          if (end - run->time < sim::Duration::seconds(2)) continue;  // the run ended first
          observed = false;
          out.fail(x + "'s " + trigger + " run: query " + id + " never answered", {run->id});
        } else if (a->second != outcomes::kAnswered) {
          observed = false;
          out.fail(x + "'s " + trigger + " run: query " + id + " " + a->second, {run->id});
        }
      }
      if (!observed) {
        ++failures;
        continue;
      }
      seen.insert(trigger);
      out.cite(run->id);
      ++total;
    }
    // Continuous runs at the period while on.
    const sim::TraceRecord* last = nullptr;
    for (const auto& r : c.trace) {
      if (is_decision(r, x, decisions::kMonitoringSwitched)) last = nullptr;
      if (!is_decision(r, x, decisions::kMonitoringRun) ||
          detail_of(r, keys::kTrigger) != kContinuous)
        continue;
      if (last != nullptr && r.time - last->time != period) {
        ++failures;
        out.fail(x + "'s continuous runs " + sim::format_duration(r.time - last->time) +
                     " apart, the period is " + sim::format_duration(period),
                 {last->id, r.id});
      }
      last = &r;
    }
    // Commands `monitor` and `monitoring` are followed at once by a run of the matching trigger.
    for (std::size_t i = 0; i < c.trace.size(); ++i) {
      const auto& cmd = c.trace[i];
      if (cmd.kind != sim::RecordKind::command || cmd.actor != x || cmd.outcome != "ok") continue;
      if (cmd.operation != "monitor" && cmd.operation != "monitoring") continue;
      std::string wanted = kManual;
      bool switched_off = false;
      for (const auto& w : c.scenario.workload)
        if (w.actor == x && w.command == cmd.operation &&
            (cmd.time - sim::Time::zero() - w.at).ns() >= 0 &&
            (w.every.ns() > 0 ? (cmd.time - sim::Time::zero() - w.at).ns() % w.every.ns() == 0
                              : cmd.time - sim::Time::zero() == w.at)) {
          if (cmd.operation == "monitor") wanted = w.args.value("trigger", std::string(kManual));
          if (cmd.operation == "monitoring") {
            wanted = kAdmin;
            switched_off = w.args.value("state", std::string()) != "on";
          }
        }
      if (switched_off) continue;
      declared.insert(wanted);
      const sim::TraceRecord* run = nullptr;
      for (std::size_t j = i + 1; j < c.trace.size() && c.trace[j].time == cmd.time; ++j)
        if (is_decision(c.trace[j], x, decisions::kMonitoringRun)) {
          run = &c.trace[j];
          break;
        }
      if (run == nullptr || detail_of(*run, keys::kTrigger) != wanted) {
        ++failures;
        out.fail(x + ": command " + cmd.operation + " at " +
                     sim::format_duration(cmd.time - sim::Time::zero()) + " followed by no " +
                     wanted + " run",
                 {cmd.id});
      }
    }
    // Events of a configured kind trigger a run naming them.
    if (!event_types.empty()) {
      std::set<std::string> event_runs;
      for (const auto* run : runs)
        if (detail_of(*run, keys::kTrigger) == kEvent)
          event_runs.insert(detail_of(*run, keys::kEventId));
      for (const auto& r : c.trace) {
        if (!is_decision(r, x, decisions::kSmEventReceived)) continue;
        if (event_types.count(detail_of(r, keys::kEventType)) == 0 ||
            detail_of(r, keys::kPhase) == "proposed")
          continue;
        if (event_runs.count(detail_of(r, keys::kEventId)) == 0) {
          ++failures;
          out.fail(x + " received event " + detail_of(r, keys::kEventId) + " (" +
                       detail_of(r, keys::kEventType) + ") and ran no event-triggered run",
                   {r.id});
        }
      }
    }
    for (const auto& t : declared)
      if (seen.count(t) == 0) {
        ++failures;
        out.fail(x + ": trigger " + t + " configured but no run of it observed anything");
      }
    if (failures == 0 && !seen.empty()) {
      std::string kinds;
      for (const auto& t : seen) {
        kinds += (kinds.empty() ? "" : ", ") + t;
        out.observe(t);
      }
      out.pass(x + ": runs of trigger " + kinds + ", each answered by MANO");
    }
  }
  if (out.empty() && total == 0) return {Verdict::none, "no monitoring run in this run", {}};
  return out.result("");
}

// ID            R1.3.30
// Objective     An active (inline) monitor that fails blocks the traffic it should inspect (fails
//               safe); a passive monitor that fails leaves the traffic unaffected (fails
//               silently).
// Precondition  Data-plane stubs (type dataplane): a probe client whose next hop is an inline
//               monitor, a server, a passive monitor getting copies; each monitor taken down
//               (command monitor_down) while probes flow.
// Test          While an inline monitor is up, every probe that came back through it was inspected
//               by it (ProbeForwarded inspected); while it is down, no probe passes it (FailSafe
//               deny, no ProbeForwarded unfiltered, no successful ProbeResult through it) and at
//               least one was refused. While a passive monitor is down, the clients see no error
//               and no timeout (beyond the baseline's rate, or while the network retransmitted
//               the probes' messages), their success rate is that of the windows with no monitor
//               down, and it missed at least one copy (ProbeTapped missed).
// Evidence      MonitorState, ProbeForwarded, FailSafe, ProbeTapped, ProbeResult.
// Negative      dataplane_faults fail_open (inline), fail_loud (passive).
// Reference     ETSI GS NFV-IFA 026 V4.5.1 Annex A R1.3.30
// Applicability ICS security-monitoring.
CheckResult check_monitor_failure_modes(const CheckContext& c) {
  const auto stubs = actors_of_type(c.scenario, "dataplane");
  if (stubs.empty()) return {Verdict::none, "no data-plane probe in this scenario", {}};
  std::map<std::string, std::string> role;
  std::map<std::string, std::string> next;
  for (const auto* a : stubs) {
    role[a->name] = param_of(*a, "role");
    next[a->name] = param_of(*a, "next");
  }
  struct Window {
    std::string monitor;
    sim::Time from;
    sim::Time to;
    std::uint64_t first = 0;
  };
  std::vector<Window> windows;
  std::map<std::string, std::size_t> open;
  for (const auto& r : c.trace) {
    if (r.kind != sim::RecordKind::decision || r.operation != decisions::kMonitorState) continue;
    if (r.outcome == outcomes::kDown && open.count(r.actor) == 0) {
      open[r.actor] = windows.size();
      windows.push_back({r.actor, r.time, sim::Time::max(), r.id});
    } else if (r.outcome == outcomes::kUp && open.count(r.actor) != 0) {
      windows[open[r.actor]].to = r.time;
      open.erase(r.actor);
    }
  }
  auto down_at = [&](const std::string& monitor, sim::Time t) {
    for (const auto& w : windows)
      if (w.monitor == monitor && t > w.from && t <= w.to) return true;
    return false;
  };
  auto any_down_at = [&](sim::Time t) {
    for (const auto& w : windows)
      if (t > w.from && t <= w.to) return true;
    return false;
  };
  CheckOutcome out;
  // Inspected probes, per monitor.
  std::map<std::string, std::set<std::string>> inspected;
  // When each monitor last let each probe through: a probe it passed before going down and that
  // returns while it is down was in flight, not let through by a monitor that was down.
  std::map<std::pair<std::string, std::string>, sim::Time> forwarded_at;
  for (const auto& r : c.trace)
    if (r.kind == sim::RecordKind::decision && r.operation == decisions::kProbeForwarded) {
      if (r.outcome == outcomes::kInspected) inspected[r.actor].insert(detail_of(r, keys::kProbe));
      forwarded_at[{r.actor, detail_of(r, keys::kProbe)}] = r.time;
    }
  // Up: every successful probe through an inline monitor was inspected by it.
  std::size_t through = 0;
  for (const auto& r : c.trace) {
    if (r.kind != sim::RecordKind::decision || r.operation != decisions::kProbeResult ||
        r.outcome != outcomes::kSuccess)
      continue;
    const std::string via = next[r.actor];
    if (role[via] != "inline") continue;
    ++through;
    if (inspected[via].count(detail_of(r, keys::kProbe)) == 0)
      out.fail("probe " + detail_of(r, keys::kProbe) + " came back through " + via +
                   " without being inspected by it",
               {r.id});
  }
  bool inline_judged = false, passive_judged = false;
  // Baseline success rate: results while no monitor is down.
  std::size_t base_ok = 0, base_all = 0;
  for (const auto& r : c.trace)
    if (r.kind == sim::RecordKind::decision && r.operation == decisions::kProbeResult &&
        r.outcome != outcomes::kIgnored && !any_down_at(r.time)) {
      ++base_all;
      if (r.outcome == outcomes::kSuccess) ++base_ok;
    }
  for (const auto& w : windows) {
    const std::string kind = role[w.monitor];
    std::size_t denied = 0, unfiltered = 0, passed = 0, missed = 0, errors = 0, ok = 0, all = 0;
    std::vector<std::uint64_t> timeouts;  // probes timed out in a passive monitor's window
    for (const auto& r : c.trace) {
      if (r.kind != sim::RecordKind::decision || r.time <= w.from || r.time > w.to) continue;
      if (r.actor == w.monitor && r.operation == decisions::kFailSafe) {
        ++denied;
        out.cite(r.id);
      }
      if (r.actor == w.monitor && r.operation == decisions::kProbeForwarded &&
          r.outcome == outcomes::kUnfiltered) {
        ++unfiltered;
        out.fail(w.monitor + " (inline) down let probe " + detail_of(r, keys::kProbe) +
                     " through uninspected",
                 {w.first, r.id});
      }
      if (r.actor == w.monitor && r.operation == decisions::kProbeTapped &&
          r.outcome == outcomes::kMissed) {
        ++missed;
        out.cite(r.id);
      }
      if (r.operation != decisions::kProbeResult || r.outcome == outcomes::kIgnored) continue;
      const auto through_at = forwarded_at.find({w.monitor, detail_of(r, keys::kProbe)});
      const bool in_flight = through_at != forwarded_at.end() && through_at->second <= w.from;
      if (kind == "inline" && next[r.actor] == w.monitor && r.outcome == outcomes::kSuccess &&
          !in_flight) {
        ++passed;
        out.fail("probe " + detail_of(r, keys::kProbe) + " of " + r.actor +
                     " succeeded while inline monitor " + w.monitor + " was down",
                 {w.first, r.id});
      }
      if (kind == "passive") {
        ++all;
        if (r.outcome == outcomes::kSuccess) {
          ++ok;
        } else if (r.outcome == outcomes::kTimeout) {
          // A slow or lossy network times probes out whatever the monitors do: judged by the
          // window's rate against the baseline's below, not one by one.
          timeouts.push_back(r.id);
        } else if (!down_at(next[r.actor], r.time)) {
          ++errors;
          out.fail(r.actor + " saw probe " + detail_of(r, keys::kProbe) + " end " + r.outcome +
                       " while passive monitor " + w.monitor + " was down (" + describe(r) + ")",
                   {w.first, r.id});
        }
      }
    }
    if (kind == "inline") {
      if (unfiltered != 0 || passed != 0) continue;
      if (denied == 0) {
        out.inconc("inline monitor " + w.monitor + " was down but no probe reached it", {w.first});
        continue;
      }
      inline_judged = true;
      out.observe("fail-safe");
      out.pass("inline monitor " + w.monitor + " down: " + std::to_string(denied) +
                   " probe(s) refused (FailSafe deny), none passed",
               {w.first});
    } else if (kind == "passive") {
      if (errors != 0) continue;
      if (missed == 0 || all == 0) {
        out.inconc("passive monitor " + w.monitor + " was down but no probe flowed", {w.first});
        continue;
      }
      // Success rate in the window not below the baseline's (with every monitor up), beyond
      // what chance allows: failures at most the baseline's rate times the window's probes plus
      // three binomial standard deviations. On a clean network (no baseline failure) a single
      // timeout fails.
      const double p_fail =
          base_all != 0 ? 1.0 - static_cast<double>(base_ok) / static_cast<double>(base_all) : 0.0;
      const double expected = p_fail * static_cast<double>(all);
      const double allowed = expected + 3.0 * std::sqrt(expected * (1.0 - p_fail));
      // Probe messages retransmitted in the window (or the timeout before it): the network was
      // losing transmissions, and on a stream link a loss holds up the probes behind it too, so
      // timeouts then come in runs no binomial bound describes. They are the network's.
      std::size_t retransmitted_in_window = 0;
      for (const auto& r : c.trace)
        if (r.kind == sim::RecordKind::send && r.time + sim::Duration::seconds(1) > w.from &&
            r.time <= w.to && role.count(r.actor) != 0 && !detail_of(r, "retransmissions").empty())
          ++retransmitted_in_window;
      if (base_all != 0 && static_cast<double>(all - ok) > allowed &&
          retransmitted_in_window == 0) {
        out.fail("passive monitor " + w.monitor + " down: success rate " + std::to_string(ok) +
                     "/" + std::to_string(all) + " below " + std::to_string(base_ok) + "/" +
                     std::to_string(base_all) + " with every monitor up",
                 timeouts.empty() ? std::vector<std::uint64_t>{w.first} : timeouts);
        continue;
      }
      passive_judged = true;
      out.observe("fail-silent");
      out.pass("passive monitor " + w.monitor + " down: " + std::to_string(missed) +
                   " cop(ies) missed, " + std::to_string(ok) + "/" + std::to_string(all) +
                   " probes answered, no error seen by the clients" +
                   (retransmitted_in_window == 0
                        ? std::string()
                        : " (timeouts while the network retransmitted " +
                              std::to_string(retransmitted_in_window) + " probe messages)"),
               {w.first});
    }
  }
  if (out.worst() != Verdict::fail) {
    if (!inline_judged)
      out.inconc("no inline (active) monitor was seen failing while probes flowed (" +
                 std::to_string(through) + " probe(s) through an inline monitor)");
    if (!passive_judged) out.inconc("no passive monitor was seen failing while probes flowed");
  }
  return out.result("");
}

// ID            R1.3.50
// Objective     Monitoring leaves service levels intact: switching it on does not worsen LCM
//               operation latency or data-plane latency beyond a stated margin.
// Precondition  An SM whose continuous monitoring is switched on and off in windows of one run
//               (MonitoringSwitched), probes flowing in both kinds of window, `expect.sla_margin`.
// Test          p99 probe round trip (ProbeResult success, by send time; p50 when the network
//               retransmitted anything, whose tail is then the network's) in "on" windows is at
//               most (1 + margin) times that of "off" windows, and the probes' success ratio in
//               "on" windows at least (1 - margin) times that of "off" windows; the same p99 rule
//               for VNF LCM operation durations (VnfLcmOperation, first to last record of an
//               occurrence, by start, less the time in flight of the messages its actor sent or
//               received within it),
//               per operation type found in both kinds of window.
// Evidence      MonitoringSwitched, MonitoringRun, ProbeResult, VnfLcmOperation.
// Negative      sm_faults monitoring_flood: each run polls the inline monitor 200 times in band.
// Reference     ETSI GS NFV-IFA 026 V4.5.1 Annex A R1.3.50 (real IaaS/PaaS/SaaS SLAs not judged)
// Applicability ICS security-monitoring.
CheckResult check_sla_windows(const CheckContext& c) {
  std::vector<const sim::TraceRecord*> switches;
  for (const auto& r : c.trace)
    if (r.kind == sim::RecordKind::decision && r.operation == decisions::kMonitoringSwitched)
      switches.push_back(&r);
  if (switches.empty()) return {Verdict::none, "monitoring was never switched on or off", {}};
  auto it = c.scenario.expect.find("sla_margin");
  if (it == c.scenario.expect.end() || !it->is_number())
    return {Verdict::inconc,
            "monitoring switched, but the scenario states no expect.sla_margin",
            {switches.front()->id}};
  const double margin = it->get<double>();
  // On when any SM's monitoring is on.
  auto on_at = [&](sim::Time t) {
    std::map<std::string, bool> state;
    for (const auto* s : switches) {
      if (s->time > t) break;
      state[s->actor] = s->outcome == outcomes::kOn;
    }
    for (const auto& [sm, on] : state)
      if (on) return true;
    return false;
  };
  std::vector<double> lat_on, lat_off;
  std::size_t ok_on = 0, all_on = 0, ok_off = 0, all_off = 0;
  for (const auto& r : c.trace) {
    if (r.kind != sim::RecordKind::decision || r.operation != decisions::kProbeResult ||
        r.outcome == outcomes::kIgnored)
      continue;
    sim::Time sent = r.time;
    if (r.outcome == outcomes::kSuccess) {
      const double us = std::stod("0" + detail_of(r, keys::kLatencyUs));
      sent = r.time + sim::Duration::microseconds(-static_cast<std::int64_t>(us));
      (on_at(sent) ? lat_on : lat_off).push_back(us);
    }
    const bool on = on_at(sent);
    (on ? all_on : all_off) += 1;
    if (r.outcome == outcomes::kSuccess) (on ? ok_on : ok_off) += 1;
  }
  CheckOutcome out;
  for (const auto* s : switches) out.cite(s->id);
  if (lat_on.empty() || lat_off.empty())
    return {Verdict::inconc,
            "probe round trips in " + std::to_string(lat_on.size()) + " on and " +
                std::to_string(lat_off.size()) + " off window sample(s): need both",
            {switches.front()->id}};
  // On a network that lost transmissions, the tail of the round trips is the network's own
  // (each lost transmission costs a 200 ms retransmission timeout, and the messages behind it on
  // the link wait too), not the monitoring's: the median is compared then, and the reason says so.
  std::size_t retransmitted = 0;
  for (const auto& r : c.trace)
    if (r.kind == sim::RecordKind::send && !detail_of(r, "retransmissions").empty())
      ++retransmitted;
  const double q = retransmitted == 0 ? 99 : 50;
  const double p_on = percentile(lat_on, q), p_off = percentile(lat_off, q);
  const std::string probes =
      "probe p" + number(q) +
      (retransmitted == 0 ? std::string()
                          : " (the network retransmitted " + std::to_string(retransmitted) +
                                " messages: its tail is not judged)") +
      " " + number(p_on / 1000) + "ms on (" + std::to_string(lat_on.size()) + " probes) vs " +
      number(p_off / 1000) + "ms off (" + std::to_string(lat_off.size()) + "), margin " +
      number(margin * 100) + "%";
  if (p_on > p_off * (1 + margin))
    out.fail(probes);
  else
    out.pass(probes);
  if (static_cast<double>(ok_on) * static_cast<double>(all_off) <
      (1 - margin) * static_cast<double>(ok_off) * static_cast<double>(all_on))
    out.fail("probe success " + std::to_string(ok_on) + "/" + std::to_string(all_on) + " on vs " +
             std::to_string(ok_off) + "/" + std::to_string(all_off) + " off");
  // LCM operation latency, per operation type (an instantiation is not compared with a scaling).
  struct Op {
    std::string type;
    std::string actor;
    sim::Time first;
    sim::Time last;
  };
  std::map<std::string, Op> ops;
  for (const auto& r : c.trace) {
    if (r.kind != sim::RecordKind::decision || r.operation != decisions::kVnfLcmOperation) continue;
    if (detail_of(r, keys::kOccurrence).empty()) continue;
    const std::string occ = r.actor + "|" + detail_of(r, keys::kOccurrence);
    auto [o, fresh] =
        ops.try_emplace(occ, Op{detail_of(r, keys::kOperation), r.actor, r.time, r.time});
    if (!fresh) o->second.last = r.time;
  }
  // The network's time is not the monitoring's cost: the time in flight of the messages the
  // operation's actor sent or received within the operation (latency, jitter and a stream link's
  // retransmissions, docs/network-model.md) is taken off its duration, so that one operation
  // meeting a slow network and another a fast one compare by what the actors spent.
  struct Flight {
    std::string from, to;
    sim::Time sent, received;
  };
  std::map<std::uint64_t, Flight> flights;  // by message id
  for (const auto& r : c.trace) {
    if (r.message_id == 0) continue;
    if (r.kind == sim::RecordKind::send)
      flights[r.message_id] = {r.actor, r.peer, r.time, sim::Time::max()};
    else if (r.kind == sim::RecordKind::receive)
      if (auto f = flights.find(r.message_id); f != flights.end()) f->second.received = r.time;
  }
  std::map<std::string, std::pair<std::vector<double>, std::vector<double>>>
      lcm;  // type -> on, off
  for (const auto& [occ, op] : ops) {
    auto& [on, off] = lcm[op.type];
    sim::Duration span = op.last - op.first;
    for (const auto& [id, f] : flights)
      if ((f.from == op.actor || f.to == op.actor) && f.sent >= op.first && f.received <= op.last)
        span = span - (f.received - f.sent);
    if (span < sim::Duration()) span = sim::Duration();
    (on_at(op.first) ? on : off).push_back(static_cast<double>(span.ns()));
  }
  std::string not_compared;
  for (const auto& [type, samples] : lcm) {
    const auto& [on, off] = samples;
    if (on.empty() || off.empty()) {
      not_compared += (not_compared.empty() ? "" : ", ") + type + " (" + std::to_string(on.size()) +
                      " on, " + std::to_string(off.size()) + " off)";
      continue;
    }
    const double l_on = percentile(on, 99), l_off = percentile(off, 99);
    const std::string text = "LCM " + type + " p99 " + number(l_on / 1e6) + "ms on (" +
                             std::to_string(on.size()) + ") vs " + number(l_off / 1e6) +
                             "ms off (" + std::to_string(off.size()) + ")";
    if (l_on > l_off * (1 + margin))
      out.fail(text);
    else
      out.pass(text);
  }
  if (!not_compared.empty())
    out.pass("LCM operations in one kind of window only, not compared: " + not_compared);
  return out.result("");
}

// ID            R1.3.170
// Objective     Security monitoring follows topology changes: migrations and scaling.
// Precondition  An SM receiving the lifecycle events of a VNF that is migrated (VIM, e.g. host
//               retirement) or scaled.
// Test          Each ComputeMigration migrated at the VIM of a VNFCI of a VNF the SM watches (it
//               received an event about it) is followed by that SM's TopologyUpdated migrated
//               naming the VNFCI and the new host; each completed scale operation of such a VNF
//               (VnfLcmOperation SCALE_*) is followed by a TopologyUpdated scaled; at the end the
//               SM's view, replayed from its TopologyUpdated records, agrees with MANO's: each
//               VNFCI it places is live at the VIM on that host, each VNFCI it removed is
//               released, each VNF's NS is the one the VNFM recorded.
// Evidence      ComputeMigration, ResourceAllocation, ResourceRelease, VnfLcmOperation,
//               SmEventReceived, TopologyUpdated.
// Negative      sm_faults stale_topology: the SM's view keeps the old host.
// Reference     ETSI GS NFV-IFA 026 V4.5.1 Annex A R1.3.170
// Applicability ICS security-monitoring.
CheckResult check_topology_tracking(const CheckContext& c) {
  // MANO's view: the VIM's VNFCI -> host (live), VNFCI -> VNF; the VNFM's VNF -> NS.
  std::map<std::string, std::string> vim_host, vim_vnf;
  std::set<std::string> released;
  std::map<std::string, std::string> vnfm_ns;
  struct Change {
    const sim::TraceRecord* record;
    std::string vnf;
    std::string vnfci;
    std::string host;
    std::string kind;  // migrated, scaled
  };
  std::vector<Change> changes;
  for (const auto& r : c.trace) {
    if (r.kind != sim::RecordKind::decision) continue;
    if (r.operation == decisions::kResourceAllocation && r.outcome == outcomes::kAllocated) {
      const std::string v = detail_of(r, keys::kVnfci);
      vim_host[v] = detail_of(r, keys::kHost);
      vim_vnf[v] = detail_of(r, keys::kVnf);
      released.erase(v);
    } else if (r.operation == decisions::kComputeMigration && r.outcome == outcomes::kMigrated) {
      const std::string v = detail_of(r, keys::kVnfci);
      vim_host[v] = detail_of(r, keys::kToHost);
      changes.push_back({&r, vim_vnf[v], v, vim_host[v], "migrated"});
    } else if (r.operation == decisions::kResourceRelease && r.outcome == outcomes::kReleased) {
      const std::string v = detail_of(r, keys::kVnfci);
      vim_host.erase(v);
      released.insert(v);
    } else if (r.operation == decisions::kVnfLcmOperation) {
      const std::string op = detail_of(r, keys::kOperation);
      if (!detail_of(r, keys::kNs).empty() && op == "INSTANTIATE")
        vnfm_ns[detail_of(r, keys::kVnf)] = detail_of(r, keys::kNs);
      if (op.rfind("SCALE", 0) == 0 && (r.outcome == "completed" || r.outcome == "COMPLETED"))
        changes.push_back({&r, detail_of(r, keys::kVnf), "", "", "scaled"});
    }
  }
  CheckOutcome out;
  std::size_t tracked = 0;
  for (const auto* sm : actors_of_type(c.scenario, "sm")) {
    const std::string x = sm->name;
    std::set<std::string> watched;  // VNFs it received events about
    std::vector<const sim::TraceRecord*> updates;
    for (const auto& r : c.trace) {
      if (is_decision(r, x, decisions::kSmEventReceived)) watched.insert(detail_of(r, keys::kVnf));
      if (is_decision(r, x, decisions::kTopologyUpdated)) updates.push_back(&r);
    }
    std::size_t failures = 0, followed = 0;
    for (const auto& ch : changes) {
      if (watched.count(ch.vnf) == 0) continue;
      const sim::TraceRecord* update = nullptr;
      for (const auto* u : updates)
        if (u->id > ch.record->id && detail_of(*u, keys::kKind) == ch.kind &&
            detail_of(*u, keys::kVnf) == ch.vnf &&
            (ch.vnfci.empty() || detail_of(*u, keys::kVnfci) == ch.vnfci)) {
          update = u;
          break;
        }
      if (update == nullptr) {
        ++failures;
        out.fail(x + " watches " + ch.vnf + " but recorded no TopologyUpdated after its " +
                     ch.kind + " (" + describe(*ch.record) + ")",
                 {ch.record->id});
        continue;
      }
      if (ch.kind == "migrated" && detail_of(*update, keys::kHost) != ch.host) {
        ++failures;
        out.fail(x + "'s view puts " + ch.vnfci + " on " + detail_of(*update, keys::kHost) +
                     " after its migration to " + ch.host,
                 {ch.record->id, update->id});
        continue;
      }
      ++followed;
      out.cite(ch.record->id);
      out.cite(update->id);
    }
    // The final view, replayed.
    std::map<std::string, std::string> host, vnf_of, ns;
    std::set<std::string> removed;
    for (const auto* u : updates) {
      const std::string kind = detail_of(*u, keys::kKind);
      const std::string vnf = detail_of(*u, keys::kVnf);
      if (kind == "migrated") {
        host[detail_of(*u, keys::kVnfci)] = detail_of(*u, keys::kHost);
        vnf_of[detail_of(*u, keys::kVnfci)] = vnf;
      } else if (kind == "instantiated" && !detail_of(*u, keys::kNs).empty()) {
        ns[vnf] = detail_of(*u, keys::kNs);
      } else if (kind == "scaled") {
        for (const auto& v : split_list(detail_of(*u, keys::kAdded))) {
          vnf_of[v] = vnf;
          removed.erase(v);
        }
        for (const auto& v : split_list(detail_of(*u, keys::kRemoved))) {
          host.erase(v);
          vnf_of.erase(v);
          removed.insert(v);
        }
      } else if (kind == "terminated") {
        ns.erase(vnf);
        for (auto it = vnf_of.begin(); it != vnf_of.end();) {
          if (it->second == vnf) {
            host.erase(it->first);
            removed.insert(it->first);
            it = vnf_of.erase(it);
          } else {
            ++it;
          }
        }
      }
    }
    for (const auto& [v, h] : host) {
      auto live = vim_host.find(v);
      if (live == vim_host.end()) {
        ++failures;
        out.fail(x + "'s final view still places " + v + " on " + h + "; the VIM released it");
      } else if (live->second != h) {
        ++failures;
        out.fail(x + "'s final view places " + v + " on " + h + "; the VIM has it on " +
                 live->second);
      }
    }
    for (const auto& v : removed)
      if (vim_host.count(v) != 0) {
        ++failures;
        out.fail(x + "'s view dropped " + v + " but the VIM still runs it on " + vim_host[v]);
      }
    for (const auto& [vnf, n] : ns) {
      auto m = vnfm_ns.find(vnf);
      if (m != vnfm_ns.end() && m->second != n) {
        ++failures;
        out.fail(x + "'s view puts " + vnf + " in " + n + "; the VNFM in " + m->second);
      }
    }
    if (failures != 0 || followed == 0) continue;
    tracked += followed;
    out.pass(x + ": " + std::to_string(followed) +
             " migration/scale change(s) followed by TopologyUpdated; final view (" +
             std::to_string(host.size()) + " placed VNFCI(s), " + std::to_string(ns.size()) +
             " NS membership(s)) equals MANO's");
  }
  if (out.empty()) {
    if (changes.empty()) return {Verdict::none, "no migration or scaling in this run", {}};
    return {Verdict::inconc, "migrations or scaling happened, but no SM watched those VNFs", {}};
  }
  return out.result("");
}

// ID            R1.3.210
// Objective     Security monitoring and its policies are active before the system is brought
//               up: no lifecycle operation before every SM is bound and has loaded its policy.
// Precondition  SMs in the scenario; at least one NS or VNF lifecycle operation.
// Test          For every SM: its SmPolicyLoaded and its SmBinding bound at the NFVO precede the
//               first NS lifecycle operation started (NsLcmOperation not rejected) and the first
//               VnfLcmOperation; with the NFVO's require_sm_before_lcm every earlier NS request
//               was refused ("security management not ready").
// Evidence      SmPolicyLoaded, SmBinding, SmReadiness, NsLcmOperation, VnfLcmOperation.
// Negative      NFVO sm_faults lcm_before_sm: the NFVO lets an early instantiation through.
// Reference     ETSI GS NFV-IFA 026 V4.5.1 Annex A R1.3.210
// Applicability ICS security-monitoring.
CheckResult check_sm_before_lcm(const CheckContext& c) {
  const auto sms = actors_of_type(c.scenario, "sm");
  if (sms.empty()) return {Verdict::none, "no Security Manager in this scenario", {}};
  const sim::TraceRecord* first_lcm = nullptr;
  std::vector<const sim::TraceRecord*> refused;
  for (const auto& r : c.trace) {
    if (r.kind != sim::RecordKind::decision) continue;
    if (r.operation == decisions::kNsLcmOperation && r.outcome == outcomes::kRejected &&
        detail_of(r, keys::kReason).find(kNotReady) != std::string::npos)
      refused.push_back(&r);
    const bool lcm =
        (r.operation == decisions::kNsLcmOperation || r.operation == decisions::kVnfLcmOperation) &&
        r.outcome != outcomes::kRejected;
    if (lcm && first_lcm == nullptr) first_lcm = &r;
  }
  if (first_lcm == nullptr) return {Verdict::none, "no lifecycle operation in this run", {}};
  CheckOutcome out;
  out.cite(first_lcm->id);
  for (const auto* r : refused) out.cite(r->id);
  for (const auto* sm : sms) {
    const std::string x = sm->name;
    const std::string nfvo = param_of(*sm, "nfvo");
    const sim::TraceRecord* policy = nullptr;
    const sim::TraceRecord* bound = nullptr;
    for (const auto& r : c.trace) {
      if (policy == nullptr && is_decision(r, x, decisions::kSmPolicyLoaded)) policy = &r;
      if (bound == nullptr && r.kind == sim::RecordKind::decision && r.actor == nfvo &&
          r.operation == decisions::kSmBinding && r.outcome == outcomes::kBound &&
          detail_of(r, keys::kSm) == x)
        bound = &r;
    }
    if (policy == nullptr || policy->id > first_lcm->id) {
      out.fail(x + " had loaded no policy before the first lifecycle operation (" +
                   describe(*first_lcm) + ")",
               {first_lcm->id});
      continue;
    }
    if (bound == nullptr || bound->id > first_lcm->id) {
      out.fail(x + " was not bound at " + (nfvo.empty() ? "the NFVO" : nfvo) +
                   " before the first lifecycle operation (" + describe(*first_lcm) + ")",
               bound == nullptr ? std::vector<std::uint64_t>{first_lcm->id}
                                : std::vector<std::uint64_t>{first_lcm->id, bound->id});
      continue;
    }
    out.pass(x + ": policy loaded and bound at " + nfvo + " before the first lifecycle operation",
             {policy->id, bound->id});
  }
  if (!refused.empty() && out.worst() == Verdict::pass)
    out.pass(std::to_string(refused.size()) +
             " earlier NS request(s) refused: security management not ready");
  // An NFVO that requires SMs must not start an NS before them.
  for (const auto& r : c.trace)
    if (r.kind == sim::RecordKind::decision && r.operation == decisions::kSmReadiness &&
        r.outcome == outcomes::kNotReady && !detail_of(r, keys::kDecision).empty())
      out.fail(
          r.actor + " let an NS request through with SMs not ready: " + detail_of(r, keys::kSm),
          {r.id});
  return out.result("");
}

void register_monitoring_checks(CheckRegistry& registry) {
  registry.add("R1.3.240", "monitoring runs of each configured trigger, each observing MANO",
               check_monitoring_runs);
  registry.add("R1.3.30", "inline monitor fails safe, passive monitor fails silently",
               check_monitor_failure_modes);
  registry.add("R1.3.50", "LCM and probe p99 in monitoring-on windows within the SLA margin",
               check_sla_windows);
  registry.add("R1.3.170", "migrations and scaling tracked in the SM's topology view",
               check_topology_tracking);
  registry.add("R1.3.210", "SMs bound with policies loaded before the first LCM operation",
               check_sm_before_lcm);
}

}  // namespace ifa026::conformance
