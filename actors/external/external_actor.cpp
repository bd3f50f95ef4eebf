// An actor played by a separate process (see external_actor.hpp).
#include "actors/external/external_actor.hpp"

#include <unistd.h>
#include <climits>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <utility>
#include <variant>

#include "actors/common/internal_error.hpp"
#include "actors/external/adapter_protocol.hpp"

namespace ifa026::actors::external {

namespace {

// One thing the process says its actor did.
struct Send {
  sim::Message message;
};
struct Schedule {
  std::uint64_t timer = 0;
  sim::Duration delay;
  std::string label;
};
struct Cancel {
  std::uint64_t timer = 0;
};
struct Trace {
  sim::TraceRecord record;
};
struct Spawn {
  sim::ActorSpec spec;
};
struct Retire {
  std::string name;
};
using Effect = std::variant<Send, Schedule, Cancel, Trace, Spawn, Retire>;

std::uint64_t timer_id(const nlohmann::json& json, const std::string& pointer) {
  const std::int64_t id = integer_member(json, pointer, "timer");
  if (id < 0) throw ProtocolError(pointer + "/timer: expected an integer >= 0");
  return static_cast<std::uint64_t>(id);
}

Effect read_effect(const nlohmann::json& json, const std::string& pointer) {
  if (!json.is_object() || json.size() != 1)
    throw ProtocolError(pointer +
                        ": expected an object with one member (send, schedule, cancel, "
                        "trace, spawn or retire)");
  const auto member = json.begin();  // items() would be a temporary the binding outlives
  const std::string& key = member.key();
  const nlohmann::json& body = member.value();
  const std::string at = pointer + "/" + key;
  if (key == "send") return Send{message_from_json(body, at)};
  if (key == "schedule") {
    const std::int64_t delay = integer_member(body, at, "delay_ns");
    if (delay < 0) throw ProtocolError(at + "/delay_ns: negative");
    return Schedule{timer_id(body, at), sim::Duration::nanoseconds(delay),
                    string_member(body, at, "label")};
  }
  if (key == "cancel") return Cancel{timer_id(body, at)};
  if (key == "trace") return Trace{record_from_json(body, at)};
  if (key == "spawn") return Spawn{spec_from_json(body, at)};
  if (key == "retire") return Retire{string_member(body, at, "name")};
  throw ProtocolError(at + ": unknown effect");
}

std::string shortened(const std::string& line) {
  constexpr std::size_t kMax = 200;
  return line.size() <= kMax ? line : line.substr(0, kMax) + "...";
}

}  // namespace

ExternalSettings external_settings(const nlohmann::json& external) {
  ExternalSettings s;
  if (!external.is_object() || !external.contains("command") || !external["command"].is_array() ||
      external["command"].empty())
    throw std::invalid_argument("/external/command: expected a non-empty array of strings");
  for (const auto& word : external["command"]) {
    if (!word.is_string()) throw std::invalid_argument("/external/command: expected strings");
    s.command.push_back(word.get<std::string>());
  }
  if (external.contains("timeout")) {
    const auto timeout = external["timeout"].is_string()
                             ? sim::parse_duration(external["timeout"].get<std::string>())
                             : std::nullopt;
    if (!timeout || timeout->ns() <= 0)
      throw std::invalid_argument("/external/timeout: expected a positive duration");
    s.timeout = *timeout;
  }
  s.command[0] = resolve_program(s.command[0]);
  return s;
}

std::string command_line(const nlohmann::json& external) {
  std::string line;
  if (!external.is_object() || !external.contains("command") || !external["command"].is_array())
    return line;
  for (const auto& word : external["command"]) {
    if (!word.is_string()) continue;
    if (!line.empty()) line += ' ';
    line += word.get<std::string>();
  }
  return line;
}

std::string resolve_program(const std::string& word) {
  if (word != "ifa026") return word;
  if (const char* program = std::getenv("IFA026_PROGRAM"); program != nullptr && *program != 0)
    return program;
  char self[PATH_MAX];
  const ssize_t n = ::readlink("/proc/self/exe", self, sizeof self - 1);
  if (n > 0) {
    const std::filesystem::path path(std::string(self, static_cast<std::size_t>(n)));
    if (path.filename() == "ifa026") return path.string();
  }
  return word;
}

sim::ActorType replaceable(sim::ActorType type) {
  type.create = [ours = std::move(type.create)](
                    sim::ActorContext& context,
                    const sim::ActorSpec& spec) -> std::unique_ptr<sim::Actor> {
    if (spec.external.is_null()) return ours(context, spec);
    return std::make_unique<ExternalActor>(context, spec, external_settings(spec.external));
  };
  return type;
}

ExternalActor::ExternalActor(sim::ActorContext& context, const sim::ActorSpec& spec,
                             ExternalSettings settings)
    : sim::Actor(context), spec_(spec), settings_(std::move(settings)) {
  spec_.external = nullptr;
}

ExternalActor::~ExternalActor() {
  if (process_.running() && failure_.empty()) {
    process_.write_line(nlohmann::json{{"type", "bye"}}.dump(),
                        ChildProcess::Clock::now() + std::chrono::seconds(1));
  }
  process_.terminate();
}

nlohmann::json ExternalActor::event(const char* name) {
  return {{"type", "event"}, {"event", name}, {"now_ns", context().now().ns()}};
}

void ExternalActor::give_up(const Site& site, const std::string& why) {
  failure_ = why;
  process_.terminate(std::chrono::milliseconds(200));
  for (const auto& [id, event] : timers_) context().withdraw(event);
  timers_.clear();
  context().trace(internal_error_record(site.operation, site.peer, site.step,
                                        "external actor: " + why, site.reference_point));
}

bool ExternalActor::exchange(nlohmann::json request, const Site& site) {
  if (!failure_.empty()) return false;
  const auto deadline =
      ChildProcess::Clock::now() + std::chrono::nanoseconds(settings_.timeout.ns());
  const std::string timeout_text = sim::format_duration(settings_.timeout);
  const std::string event_name = request.value("event", request.value("type", "request"));
  if (!process_.write_line(request.dump(), deadline)) {
    give_up(site, process_.timed_out()
                      ? "did not read the " + event_name + " request within " + timeout_text
                      : "the process ended (" + process_.exit_description() + ") before the " +
                            event_name + " request");
    return false;
  }
  const auto line = process_.read_line(deadline);
  if (!line) {
    if (process_.timed_out())
      give_up(site, "did not answer the " + event_name + " request within " + timeout_text);
    else if (process_.too_long())
      give_up(site, "malformed protocol: an answer line too long");
    else
      give_up(site, "the process ended (" + process_.exit_description() +
                        ") without answering the " + event_name + " request");
    return false;
  }
  nlohmann::json answer;
  try {
    answer = nlohmann::json::parse(*line);
  } catch (const nlohmann::json::exception&) {
    give_up(site, "malformed protocol: not a JSON line: " + shortened(*line));
    return false;
  }
  try {
    const std::string type = string_member(answer, "", "type");
    if (type == "error")
      throw ProtocolError("the process reported an error: " + answer.value("reason", "(none)"));
    if (request["type"] == "hello") {
      if (type != "ready") throw ProtocolError("/type: expected \"ready\", got \"" + type + "\"");
      const std::string protocol = string_member(answer, "", "protocol");
      if (protocol != kProtocol)
        throw ProtocolError("/protocol: speaks \"" + protocol + "\", not \"" +
                            std::string(kProtocol) + "\"");
      return true;
    }
    if (type != "effects") throw ProtocolError("/type: expected \"effects\", got \"" + type + "\"");
    apply(answer);
  } catch (const ProtocolError& e) {
    give_up(site, std::string("malformed protocol: ") + e.what());
    return false;
  }
  return true;
}

void ExternalActor::apply(const nlohmann::json& answer) {
  std::vector<Effect> effects;
  if (answer.contains("effects")) {
    const auto& list = answer["effects"];
    if (!list.is_array()) throw ProtocolError("/effects: expected an array");
    effects.reserve(list.size());
    for (std::size_t i = 0; i < list.size(); ++i)
      effects.push_back(read_effect(list[i], "/effects/" + std::to_string(i)));
  }
  for (auto& effect : effects) {
    if (auto* send = std::get_if<Send>(&effect)) {
      context().post(std::move(send->message));
    } else if (auto* schedule = std::get_if<Schedule>(&effect)) {
      const std::uint64_t id = schedule->timer;
      if (timers_.contains(id)) context().withdraw(timers_[id]);
      timers_[id] = context().schedule(schedule->delay, std::move(schedule->label), [this, id] {
        timers_.erase(id);
        auto request = event("timer");
        request["timer"] = id;
        exchange(std::move(request), Site{"timer"});
      });
    } else if (auto* cancel = std::get_if<Cancel>(&effect)) {
      if (auto it = timers_.find(cancel->timer); it != timers_.end()) {
        context().withdraw(it->second);
        timers_.erase(it);
      }
    } else if (auto* trace = std::get_if<Trace>(&effect)) {
      context().trace(std::move(trace->record));
    } else if (auto* spawn = std::get_if<Spawn>(&effect)) {
      context().spawn(std::move(spawn->spec));
    } else if (auto* retire = std::get_if<Retire>(&effect)) {
      context().retire(retire->name);
    }
  }
}

void ExternalActor::on_start() {
  started_ = true;
  const Site site{"start"};
  try {
    process_.start(settings_.command);
  } catch (const std::exception& e) {
    give_up(site, e.what());
    return;
  }
  const nlohmann::json hello = {{"type", "hello"},
                                {"protocol", std::string(kProtocol)},
                                {"actor", spec_to_json(spec_)},
                                {"seed", context().seed()},
                                {"epoch", sim::format_utc(context().epoch().start())},
                                {"epoch_unix_ns", context().epoch().start().unix_ns},
                                {"trust_model", bytes_as_text(context().trust_model())}};
  if (!exchange(hello, site)) return;
  exchange(event("start"), site);
}

void ExternalActor::on_message(const sim::Message& message) {
  auto request = event("message");
  request["message"] = message_to_json(message);
  exchange(std::move(request),
           Site{message.operation, message.from, message.reference_point, message.step});
}

void ExternalActor::on_command(const sim::Command& command) {
  auto request = event("command");
  request["command"] = command_to_json(command);
  exchange(std::move(request), Site{command.name});
}

void ExternalActor::on_child_ended(const std::string& name, const std::string& reason) {
  auto request = event("child_ended");
  request["child"] = {{"name", name}, {"reason", reason}};
  exchange(std::move(request), Site{"child_ended", name});
}

void ExternalActor::on_finish() {
  if (!started_) return;
  exchange(event("finish"), Site{"finish"});
}

}  // namespace ifa026::actors::external
