// The simulation object: actor slots (each actor's context), message sending and delivery
// through the network and fault plan, workload commands, and the event loop.
#include "sim/simulation.hpp"

#include <stdexcept>

namespace ifa026::sim {

// One actor and the context the kernel gives it.
class Simulation::Slot final : public ActorContext {
 public:
  Slot(Simulation& sim, const ActorSpec& spec)
      : sim_(sim),
        name_(spec.name),
        trust_domain_(spec.trust_domain),
        random_(sim.scenario_.seed, "actor:" + spec.name) {}

  const std::string& name() const override { return name_; }
  const std::string& trust_domain() const override { return trust_domain_; }
  Time now() const override { return sim_.now_; }
  const Epoch& epoch() const override { return sim_.epoch_; }
  std::uint64_t send(Message message) override { return sim_.send_from(*this, std::move(message)); }
  EventId schedule(Duration delay, std::string label, EventCallback callback) override {
    return sim_.scheduler_->insert(
        sim_.now_ + delay, [this, label = std::move(label), cb = std::move(callback)]() mutable {
          TraceRecord r;
          r.kind = RecordKind::timer;
          r.operation = label;
          trace(std::move(r));
          cb();
        });
  }
  bool cancel(EventId id) override { return sim_.scheduler_->cancel(id); }
  RandomStream& random() override { return random_; }
  std::uint64_t trace(TraceRecord record) override {
    record.time = sim_.now_;
    record.actor = name_;
    return sim_.trace_.emit(std::move(record));
  }

  Simulation& sim_;
  std::string name_;
  std::string trust_domain_;
  RandomStream random_;
  std::unique_ptr<Actor> actor;
};

Simulation::Simulation(const Scenario& scenario, const ActorRegistry& registry)
    : scenario_(scenario),
      epoch_(scenario.epoch),
      scheduler_(make_scheduler(scenario.scheduler)),
      network_(scenario.seed, scenario.default_link) {
  if (!scheduler_) throw std::invalid_argument("unknown scheduler '" + scenario.scheduler + "'");
  for (const auto& link : scenario_.links) {
    network_.set_link(link.from, link.to, link.properties);
    if (link.bidirectional) network_.set_link(link.to, link.from, link.properties);
  }
  for (const auto& window : scenario_.faults) network_.faults().add(window);
  for (const auto& spec : scenario_.actors) {
    const ActorType* type = registry.find(spec.type);
    if (type == nullptr) throw std::invalid_argument("unknown actor type '" + spec.type + "'");
    auto slot = std::make_unique<Slot>(*this, spec);
    slot->actor = type->create(*slot, spec);
    slot_index_.emplace(spec.name, slot.get());
    slots_.push_back(std::move(slot));
  }
}

Simulation::~Simulation() = default;

Simulation::Slot* Simulation::slot(const std::string& name) {
  auto it = slot_index_.find(name);
  return it == slot_index_.end() ? nullptr : it->second;
}

Actor* Simulation::actor(const std::string& name) {
  Slot* s = slot(name);
  return s ? s->actor.get() : nullptr;
}

void Simulation::start() {
  if (started_) return;
  started_ = true;
  for (const auto& window : network_.faults().windows()) {
    auto record = [this, text = describe(window)](const char* outcome) {
      TraceRecord r;
      r.time = now_;
      r.kind = RecordKind::fault;
      r.actor = "kernel";
      r.operation = "fault-window";
      r.outcome = outcome;
      r.detail = text;
      trace_.emit(std::move(r));
    };
    scheduler_->insert(window.start, [record] { record("start"); });
    scheduler_->insert(window.end, [record] { record("end"); });
  }
  for (const auto& command : scenario_.workload) {
    for (int k = 0; k < command.count; ++k)
      scheduler_->insert(Time::zero() + command.at + command.every * k,
                         [this, &command, k] { give_command(command, k); });
  }
  for (auto& s : slots_) s->actor->on_start();
}

void Simulation::give_command(const CommandSpec& spec, int repetition) {
  Slot* target = slot(spec.actor);
  TraceRecord r;
  r.time = now_;
  r.kind = RecordKind::command;
  r.actor = spec.actor;
  r.operation = spec.command;
  if (target == nullptr || network_.faults().actor_down(spec.actor, now_)) {
    r.outcome = target == nullptr ? "unknown-actor" : "actor-down";
    trace_.emit(std::move(r));
    return;
  }
  r.outcome = "ok";
  trace_.emit(std::move(r));
  target->actor->on_command(Command{spec.command, spec.args, repetition});
}

std::uint64_t Simulation::send_from(Slot& sender, Message message) {
  message.id = next_message_id_++;
  message.from = sender.name_;
  TraceRecord r;
  r.time = now_;
  r.actor = message.from;
  r.peer = message.to;
  r.reference_point = message.reference_point;
  r.operation = message.operation;
  r.step = message.step;
  r.bytes = message.wire_size();
  r.message_id = message.id;
  const std::uint64_t id = message.id;
  auto drop = [&](const char* reason) {
    r.kind = RecordKind::drop;
    r.outcome = reason;
    trace_.emit(r);
  };
  if (network_.faults().actor_down(message.from, now_)) {
    drop("sender-down");
    return id;
  }
  r.kind = RecordKind::send;
  r.outcome = "ok";
  trace_.emit(r);
  if (slot(message.to) == nullptr) {
    drop("unknown-peer");
    return id;
  }
  Transmission t = network_.transmit(message.from, message.to, now_);
  if (!t.delivered) {
    drop(t.drop_reason.c_str());
    return id;
  }
  if (!message.payload.empty() && network_.faults().tampers(message.from, message.to, now_)) {
    const std::size_t at = message.payload.size() / 2;
    message.payload[at] ^= 0x01;
    TraceRecord f = r;
    f.kind = RecordKind::fault;
    f.outcome = "tampered";
    f.detail = "byte " + std::to_string(at) + " flipped";
    trace_.emit(std::move(f));
  }
  scheduler_->insert(now_ + t.latency,
                     [this, m = std::move(message)]() mutable { deliver(std::move(m)); });
  return id;
}

void Simulation::deliver(Message message) {
  Slot* target = slot(message.to);
  TraceRecord r;
  r.time = now_;
  r.actor = message.to;
  r.peer = message.from;
  r.reference_point = message.reference_point;
  r.operation = message.operation;
  r.step = message.step;
  r.bytes = message.wire_size();
  r.message_id = message.id;
  if (target == nullptr || network_.faults().actor_down(message.to, now_)) {
    r.kind = RecordKind::drop;
    r.outcome = "actor-down";
    trace_.emit(std::move(r));
    return;
  }
  r.kind = RecordKind::receive;
  r.outcome = "ok";
  trace_.emit(std::move(r));
  target->actor->on_message(message);
}

EventId Simulation::schedule_at(Time at, EventCallback callback) {
  return scheduler_->insert(at < now_ ? now_ : at, std::move(callback));
}

bool Simulation::step() {
  start();
  if (scheduler_->empty()) return false;
  PoppedEvent event = scheduler_->pop_next();
  now_ = event.time;
  ++events_processed_;
  event.callback();
  return true;
}

RunStats Simulation::run_until(Time limit, const ProgressCallback& progress) {
  start();
  RunStats stats;
  const std::uint64_t before = events_processed_;
  while (!scheduler_->empty() && scheduler_->next_time() <= limit) {
    step();
    if (progress && (events_processed_ & 4095) == 0) progress(now_, events_processed_);
  }
  if (now_ < limit) now_ = limit;
  stats.events = events_processed_ - before;
  stats.end = now_;
  trace_.flush();
  return stats;
}

RunStats Simulation::run(const ProgressCallback& progress) {
  return run_until(Time::zero() + scenario_.duration, progress);
}

}  // namespace ifa026::sim
