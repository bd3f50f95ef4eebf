// Playing one actor for a harness elsewhere (see actor_host.hpp).
#include "actors/external/actor_host.hpp"

#include <istream>
#include <map>
#include <ostream>
#include <stdexcept>

#include "actors/external/adapter_protocol.hpp"
#include "sim/diagnostic.hpp"
#include "sim/random.hpp"

namespace ifa026::actors::external {

// The context a hosted actor gets: what the hello and the current event say, and a list of what
// the actor did during the event.
class ActorHost::Context final : public sim::ActorContext {
 public:
  Context(const sim::ActorSpec& spec, std::uint64_t seed, sim::Epoch epoch,
          nlohmann::json trust_model)
      : name_(spec.name),
        trust_domain_(spec.trust_domain),
        seed_(seed),
        epoch_(epoch),
        trust_model_(std::move(trust_model)),
        random_(seed, "actor:" + spec.name) {}

  const std::string& name() const override { return name_; }
  const std::string& trust_domain() const override { return trust_domain_; }
  sim::Time now() const override { return now_; }
  const sim::Epoch& epoch() const override { return epoch_; }
  // The harness assigns message ids; the hosted actor sees 0 (no actor of ours reads it).
  std::uint64_t send(sim::Message message) override {
    add("send", message_to_json(message));
    return 0;
  }
  sim::EventId schedule(sim::Duration delay, std::string label,
                        sim::EventCallback callback) override {
    const std::uint32_t id = next_timer_++;
    timers_.emplace(id, std::move(callback));
    add("schedule", {{"timer", id}, {"delay_ns", delay.ns()}, {"label", std::move(label)}});
    return sim::EventId{id, 1};
  }
  bool cancel(sim::EventId id) override {
    if (!id.valid() || timers_.erase(id.slot) == 0) return false;
    add("cancel", {{"timer", id.slot}});
    return true;
  }
  sim::RandomStream& random() override { return random_; }
  std::uint64_t seed() const override { return seed_; }
  const nlohmann::json& trust_model() const override { return trust_model_; }
  std::uint64_t trace(sim::TraceRecord record) override {
    add("trace", record_to_json(record));
    return 0;
  }
  bool spawn(sim::ActorSpec spec) override {
    add("spawn", spec_to_json(spec));
    return true;
  }
  bool retire(const std::string& name) override {
    add("retire", {{"name", name}});
    return true;
  }

  void begin(sim::Time now) {
    now_ = now;
    effects_ = nlohmann::json::array();
  }
  nlohmann::json take_effects() { return std::exchange(effects_, nlohmann::json::array()); }
  // Runs the timer the harness says fired; false when no such timer is pending here.
  bool fire(std::uint32_t id) {
    auto it = timers_.find(id);
    if (it == timers_.end()) return false;
    sim::EventCallback callback = std::move(it->second);
    timers_.erase(it);
    callback();
    return true;
  }

 private:
  void add(const char* kind, nlohmann::json body) {
    effects_.push_back(nlohmann::json{{kind, std::move(body)}});
  }

  std::string name_;
  std::string trust_domain_;
  std::uint64_t seed_;
  sim::Epoch epoch_;
  nlohmann::json trust_model_;
  sim::RandomStream random_;
  sim::Time now_;
  nlohmann::json effects_ = nlohmann::json::array();
  std::map<std::uint32_t, sim::EventCallback> timers_;
  std::uint32_t next_timer_ = 1;
};

ActorHost::ActorHost(const sim::ActorRegistry& registry, std::string expected_type)
    : registry_(registry), expected_type_(std::move(expected_type)) {}

ActorHost::~ActorHost() {
  actor_.reset();  // before its context
}

nlohmann::json ActorHost::hello(const nlohmann::json& request) {
  if (actor_) throw ProtocolError("/type: a second hello");
  const std::string protocol = string_member(request, "", "protocol");
  if (protocol != kProtocol)
    throw ProtocolError("/protocol: this program speaks \"" + std::string(kProtocol) +
                        "\", not \"" + protocol + "\"");
  const sim::ActorSpec spec = spec_from_json(member(request, "", "actor"), "/actor");
  if (!expected_type_.empty() && spec.type != expected_type_)
    throw ProtocolError("/actor/type: this process plays a " + expected_type_ + ", not a " +
                        spec.type);
  const sim::ActorType* type = registry_.find(spec.type);
  if (type == nullptr) throw ProtocolError("/actor/type: unknown actor type '" + spec.type + "'");
  std::vector<sim::Diagnostic> problems;
  if (type->check_params) type->check_params(spec.params, problems);
  if (!problems.empty())
    throw ProtocolError("/actor/params" + problems.front().pointer + ": " +
                        problems.front().message);
  const auto& seed = member(request, "", "seed");
  if (!seed.is_number_unsigned()) throw ProtocolError("/seed: expected an integer >= 0");
  const std::int64_t epoch_ns = integer_member(request, "", "epoch_unix_ns");
  context_ = std::make_unique<Context>(
      spec, seed.get<std::uint64_t>(), sim::Epoch(sim::UtcInstant{epoch_ns}),
      bytes_from_text(request.value("trust_model", nlohmann::json::object())));
  actor_ = type->create(*context_, spec);
  return {{"type", "ready"}, {"protocol", std::string(kProtocol)}, {"actor", spec.name}};
}

nlohmann::json ActorHost::event(const nlohmann::json& request) {
  if (!actor_) throw ProtocolError("/type: an event before the hello");
  const std::string name = string_member(request, "", "event");
  context_->begin(sim::Time::from_ns(integer_member(request, "", "now_ns")));
  if (name == "start") {
    actor_->on_start();
  } else if (name == "message") {
    actor_->on_message(message_from_json(member(request, "", "message"), "/message"));
  } else if (name == "command") {
    actor_->on_command(command_from_json(member(request, "", "command"), "/command"));
  } else if (name == "timer") {
    const std::int64_t id = integer_member(request, "", "timer");
    if (id < 0 || id > 0xffffffffLL || !context_->fire(static_cast<std::uint32_t>(id)))
      throw ProtocolError("/timer: no timer " + std::to_string(id) + " is pending");
  } else if (name == "child_ended") {
    const auto& child = member(request, "", "child");
    actor_->on_child_ended(string_member(child, "/child", "name"),
                           string_member(child, "/child", "reason"));
  } else if (name == "finish") {
    actor_->on_finish();
  } else {
    throw ProtocolError("/event: unknown event '" + name + "'");
  }
  return {{"type", "effects"}, {"effects", context_->take_effects()}};
}

std::string ActorHost::handle(const std::string& line) {
  nlohmann::json answer;
  try {
    const auto request = nlohmann::json::parse(line);
    const std::string type = string_member(request, "", "type");
    if (type == "bye") {
      done_ = true;
      return {};
    }
    if (type == "hello")
      answer = hello(request);
    else if (type == "event")
      answer = event(request);
    else
      throw ProtocolError("/type: unknown request '" + type + "'");
  } catch (const nlohmann::json::exception& e) {
    answer = {{"type", "error"}, {"reason", std::string("not a JSON request line: ") + e.what()}};
  } catch (const std::exception& e) {
    answer = {{"type", "error"}, {"reason", e.what()}};
  }
  return answer.dump();
}

int serve_actor(const sim::ActorRegistry& registry, const std::string& expected_type,
                std::istream& in, std::ostream& out) {
  ActorHost host(registry, expected_type);
  std::string line;
  bool first = true;
  while (!host.done() && std::getline(in, line)) {
    if (line.empty()) continue;
    const std::string answer = host.handle(line);
    if (host.done()) break;
    out << answer << '\n' << std::flush;
    if (first && answer.find("\"type\":\"error\"") != std::string::npos) return 2;
    first = false;
  }
  return 0;
}

}  // namespace ifa026::actors::external
