// The data-plane probe stub (see dataplane_actor.hpp), written on the actor toolkit.
#include "actors/dataplane/dataplane_actor.hpp"

#include <algorithm>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "actors/common/actor_params.hpp"
#include "actors/common/envelope.hpp"
#include "actors/common/trace_detail.hpp"
#include "actors/common/work_queue.hpp"
#include "actors/messages/decisions.hpp"
#include "actors/messages/detail_keys.hpp"
#include "actors/messages/monitoring_vocabulary.hpp"
#include "actors/messages/probe.hpp"
#include "actors/messages/reference_points.hpp"
#include "actors/toolkit/actor_registration.hpp"
#include "actors/toolkit/message_handlers.hpp"
#include "actors/toolkit/nfv_actor.hpp"

namespace ifa026::actors {
namespace {

namespace dk = detail_keys;
namespace m = messages;
namespace rp = reference_points;

constexpr const char* kClient = "client";
constexpr const char* kInline = "inline";
constexpr const char* kPassive = "passive";
constexpr const char* kServer = "server";
constexpr const char* kStatusOk = "ok";
constexpr const char* kStatusError = "error";
constexpr std::size_t kPayloadBytes = 64;

class DataplaneActor final : public NfvActor {
 public:
  DataplaneActor(sim::ActorContext& context, const sim::ActorSpec& spec)
      : NfvActor(context, spec),
        role_(string_param(spec.params, "role")),
        next_(string_param(spec.params, "next")),
        mirror_to_(string_param(spec.params, "mirror_to")),
        timeout_(duration_param(spec.params, "timeout", sim::Duration::milliseconds(500))),
        inspection_(duration_param(spec.params, "inspection", sim::Duration::milliseconds(1))),
        queue_(context, 1, context.name() + "/inspection"),
        handlers_(guard()) {
    for (const auto& fault : string_list_param(spec.params, "dataplane_faults")) {
      if (fault == "fail_open") fail_open_ = true;
      if (fault == "fail_loud") fail_loud_ = true;
    }
    handlers_.on<m::ProbeEcho>(
        [this](const m::ProbeEcho& p, const sim::Message& from) { on_echo(p, from); });
    handlers_.on<m::ProbeEchoReply>(
        [this](const m::ProbeEchoReply& r, const sim::Message& from) { on_reply(r, from); });
    handlers_.on<m::ProbeCopy>(
        [this](const m::ProbeCopy& c, const sim::Message& from) { on_copy(c, from); });
    handlers_.on<m::MonitoringPoll>(
        [this](const m::MonitoringPoll& p, const sim::Message& from) { on_poll(p, from); });
  }

 private:
  const std::string& name() { return context().name(); }

  template <class M>
  void send_to(const std::string& to, const M& message) {
    send_envelope(to, rp::kDataPlane, m::to_envelope(message));
  }

  void record(const std::string& operation, const std::string& outcome, const std::string& peer,
              const TraceDetail& detail) {
    trace({.operation = operation,
           .outcome = outcome,
           .peer = peer,
           .reference_point = rp::kDataPlane,
           .detail = detail});
  }

  void command(const sim::Command& command) override {
    if (command.name == "probe" && role_ == kClient) return probe_command(command);
    if ((command.name == "monitor_down" || command.name == "monitor_up") &&
        (role_ == kInline || role_ == kPassive)) {
      down_ = command.name == "monitor_down";
      TraceDetail detail;
      detail.add(dk::kRole, role_);
      if (down_ && role_ == kInline)
        detail.add(dk::kDecision, fail_open_ ? "fail open (fault fail_open)" : "fail safe");
      if (down_ && role_ == kPassive)
        detail.add(dk::kDecision, fail_loud_ ? "fail loud (fault fail_loud)" : "fail silent");
      trace({.operation = decisions::kMonitorState,
             .outcome = down_ ? outcomes::kDown : outcomes::kUp,
             .detail = detail});
      return;
    }
    NfvActor::command(command);
  }

  // ---- client ----

  void probe_command(const sim::Command& command) {
    const long long count = std::max<long long>(1, int_param(command.args, "count", 10));
    const sim::Duration interval =
        duration_param(command.args, "interval", sim::Duration::milliseconds(100));
    for (long long i = 0; i < count; ++i)
      schedule(interval * i, "ProbeSend", [this] { send_probe(); });
  }

  void send_probe() {
    m::ProbeEcho echo;
    echo.probe = name() + "-p" + std::to_string(++sent_);
    echo.client = name();
    echo.path = {name()};
    echo.payload.resize(kPayloadBytes);
    for (auto& b : echo.payload) b = static_cast<std::uint8_t>(context().random().next_u64());
    const std::string id = echo.probe;
    pending_[id] = context().now();
    send_to(next_, echo);
    if (!mirror_to_.empty()) mirror(echo);
    schedule(timeout_, "ProbeTimeout", [this, id] {
      auto it = pending_.find(id);
      if (it == pending_.end()) return;
      pending_.erase(it);
      record(decisions::kProbeResult, outcomes::kTimeout, next_,
             TraceDetail()
                 .add(dk::kProbe, id)
                 .add(dk::kReason, "no answer within " + sim::format_duration(timeout_)));
    });
  }

  void on_reply(const m::ProbeEchoReply& reply, const sim::Message& from) {
    if (role_ != kClient) return pass_back(reply, from);
    auto it = pending_.find(reply.probe);
    if (it == pending_.end()) {
      record(decisions::kProbeResult, outcomes::kIgnored, from.from,
             TraceDetail().add(dk::kProbe, reply.probe).add(dk::kReason, "answers no open probe"));
      return;
    }
    const sim::Duration rtt = context().now() - it->second;
    pending_.erase(it);
    if (reply.status != kStatusOk) {
      record(decisions::kProbeResult, outcomes::kError, from.from,
             TraceDetail()
                 .add(dk::kProbe, reply.probe)
                 .add(dk::kMonitor, reply.responder)
                 .add(dk::kReason, "error answer from " + reply.responder));
      return;
    }
    record(decisions::kProbeResult, outcomes::kSuccess, from.from,
           TraceDetail()
               .add(dk::kProbe, reply.probe)
               .add(dk::kRtt, sim::format_duration(rtt))
               .add(dk::kLatencyUs, static_cast<long long>(rtt.ns() / 1000)));
  }

  // ---- inline monitor, server ----

  void on_echo(const m::ProbeEcho& echo, const sim::Message& from) {
    if (role_ == kServer) {
      if (!mirror_to_.empty()) mirror(echo);
      m::ProbeEchoReply reply;
      reply.probe = echo.probe;
      reply.status = kStatusOk;
      reply.responder = name();
      reply.path = echo.path;
      reply.payload = echo.payload;
      if (reply.path.empty()) return;
      send_to(reply.path.back(), reply);
      return;
    }
    if (role_ != kInline) return refuse(from, "a " + role_ + " takes no ProbeEcho");
    if (down_ && !fail_open_) {
      record(decisions::kFailSafe, outcomes::kDeny, from.from,
             TraceDetail()
                 .add(dk::kProbe, echo.probe)
                 .add(dk::kReason, "monitor down: nothing passes uninspected"));
      return;
    }
    if (down_) {  // fail_open
      record(decisions::kProbeForwarded, outcomes::kUnfiltered, next_,
             TraceDetail().add(dk::kProbe, echo.probe).add(dk::kReason, "monitor down"));
      forward(echo);
      return;
    }
    queue_.submit(inspection_, "ProbeInspection", [this, echo] {
      if (down_ && !fail_open_) {
        record(decisions::kFailSafe, outcomes::kDeny, echo.client,
               TraceDetail()
                   .add(dk::kProbe, echo.probe)
                   .add(dk::kReason, "monitor went down during inspection"));
        return;
      }
      record(decisions::kProbeForwarded, outcomes::kInspected, next_,
             TraceDetail().add(dk::kProbe, echo.probe));
      forward(echo);
    });
  }

  void forward(m::ProbeEcho echo) {
    echo.path.push_back(name());
    if (!mirror_to_.empty()) mirror(echo);
    send_to(next_, echo);
  }

  // An answer on its way back: to the hop before this one.
  void pass_back(m::ProbeEchoReply reply, const sim::Message& from) {
    if (role_ != kInline) return refuse(from, "a " + role_ + " takes no ProbeEchoReply");
    if (down_ && !fail_open_) {
      record(decisions::kFailSafe, outcomes::kDeny, from.from,
             TraceDetail().add(dk::kProbe, reply.probe).add(dk::kReason, "monitor down"));
      return;
    }
    if (!reply.path.empty() && reply.path.back() == name()) reply.path.pop_back();
    if (reply.path.empty()) return refuse(from, "the answer's path ends here");
    send_to(reply.path.back(), reply);
  }

  void mirror(const m::ProbeEcho& echo) {
    send_to(mirror_to_, m::ProbeCopy{.probe = echo.probe,
                                     .client = echo.client,
                                     .mirrored_by = name(),
                                     .payload = echo.payload});
  }

  void on_poll(const m::MonitoringPoll& poll, const sim::Message& from) {
    if (role_ != kInline) return refuse(from, "a " + role_ + " takes no MonitoringPoll");
    if (down_) return;  // nothing inspects it
    // In-band monitoring shares the inspection engine with user traffic.
    (void)poll;
    queue_.submit(inspection_, "PollInspection", [] {});
  }

  // ---- passive monitor ----

  void on_copy(const m::ProbeCopy& copy, const sim::Message& from) {
    if (role_ != kPassive) return refuse(from, "a " + role_ + " takes no ProbeCopy");
    if (!down_) {
      record(decisions::kProbeTapped, outcomes::kCopied, from.from,
             TraceDetail().add(dk::kProbe, copy.probe));
      return;
    }
    record(decisions::kProbeTapped, outcomes::kMissed, from.from,
           TraceDetail().add(dk::kProbe, copy.probe).add(dk::kReason, "monitor down"));
    if (!fail_loud_) return;
    m::ProbeEchoReply error;
    error.probe = copy.probe;
    error.status = kStatusError;
    error.responder = name();
    error.path = {copy.client};
    send_to(copy.client, error);
  }

  void refuse(const sim::Message& from, const std::string& reason) {
    record(from.operation.empty() ? std::string(decisions::kProbeResult) : from.operation,
           outcomes::kRejected, from.from, TraceDetail().add(dk::kReason, reason));
  }

  void receive(const sim::Message& message) override {
    std::string why;
    auto envelope = decode_envelope(message.payload, &why);
    if (!envelope) return refuse(message, "not an envelope: " + why);
    const HandlerSite site{.operation = envelope->operation, .peer = message.from};
    if (handlers_.dispatch(*envelope, message, site)) return;
    refuse(message, "the data plane does not serve \"" + envelope->operation + "\"");
  }

  const std::string role_;
  const std::string next_;
  const std::string mirror_to_;
  const sim::Duration timeout_;
  const sim::Duration inspection_;
  bool fail_open_ = false;
  bool fail_loud_ = false;
  bool down_ = false;
  std::uint64_t sent_ = 0;
  std::map<std::string, sim::Time> pending_;  // probe -> send time
  WorkQueue queue_;
  MessageHandlers<sim::Message> handlers_;
};

void check_dataplane_params(const nlohmann::json& params, std::vector<sim::Diagnostic>& out) {
  if (!params.is_object()) return;
  const std::string role = string_param(params, "role");
  if (role != kClient && role != kInline && role != kPassive && role != kServer) {
    out.push_back({"", 0, 0, "/role", "role must be client, inline, passive or server"});
    return;
  }
  if ((role == kClient || role == kInline) && string_param(params, "next").empty())
    out.push_back({"", 0, 0, "/role", "a " + role + " needs \"next\" (the next hop)"});
  if (auto it = params.find("dataplane_faults"); it != params.end() && it->is_array())
    for (std::size_t i = 0; i < it->size(); ++i) {
      const std::string f = (*it)[i].is_string() ? (*it)[i].get<std::string>() : "";
      if (f != "fail_open" && f != "fail_loud")
        out.push_back({"", 0, 0, "/dataplane_faults/" + std::to_string(i),
                       "unknown fault (fail_open, fail_loud)"});
    }
}

}  // namespace

void register_dataplane_actor(sim::ActorRegistry& registry) {
  using sim::ParamType;
  register_actor<DataplaneActor>(
      registry, "dataplane",
      {.description = "data-plane probe stub (R1.3.30, R1.3.50): probe client, inline monitor "
                      "(fails safe), passive monitor (fails silently) or echo server",
       .params = {{"role", ParamType::string, "client, inline, passive or server", true},
                  {"next", ParamType::string, "client, inline: the next hop towards the server"},
                  {"mirror_to", ParamType::string,
                   "a passive monitor that gets a copy of every probe this hop handles"},
                  {"timeout", ParamType::duration, "client: how long a probe waits", false,
                   "500ms"},
                  {"inspection", ParamType::duration,
                   "inline: inspection time per probe or poll (one at a time)", false, "1ms"},
                  {"dataplane_faults", ParamType::string_list,
                   "fault switches: fail_open (inline: down, forwards uninspected), fail_loud "
                   "(passive: down, answers copies with errors)"}},
       .commands = {{"probe",
                     "client: send probes (ProbeEcho) at an interval",
                     {{"count", ParamType::integer, "how many", false, "10"},
                      {"interval", ParamType::duration, "between probes", false, "100ms"}}},
                    {"monitor_down", "inline or passive monitor: fail (MonitorState down)", {}},
                    {"monitor_up", "inline or passive monitor: recover (MonitorState up)", {}}},
       .check = check_dataplane_params});
}

}  // namespace ifa026::actors
