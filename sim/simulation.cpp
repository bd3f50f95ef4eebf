// The simulation object: actor slots (each actor's context), actors spawned and retired while it
// runs, pooled actor timers, message sending and delivery through the network and fault plan,
// workload commands, and the event loop.
#include "sim/simulation.hpp"

#include <stdexcept>
#include <utility>

#include "sim/simulation_parts.hpp"
#include "sim/window_runner.hpp"

namespace ifa026::sim {

Simulation::Simulation(const Scenario& scenario, const ActorRegistry& registry)
    : registry_(registry),
      scenario_(scenario),
      epoch_(scenario.epoch),
      scheduler_(make_scheduler(scenario.scheduler)),
      network_(scenario.seed, scenario.default_link) {
  if (!scheduler_) throw std::invalid_argument("unknown scheduler '" + scenario.scheduler + "'");
  for (const auto& link : scenario_.links) {
    network_.set_link(link.from, link.to, link.properties);
    if (link.bidirectional) network_.set_link(link.to, link.from, link.properties);
  }
  for (const auto& window : scenario_.faults) network_.faults().add(window);
  slots_.reserve(scenario_.actors.size());
  slot_index_.reserve(scenario_.actors.size());
  for (const auto& spec : scenario_.actors) {
    const ActorType* type = registry_.find(spec.type);
    if (type == nullptr) throw std::invalid_argument("unknown actor type '" + spec.type + "'");
    auto slot = std::make_unique<Slot>(*this, spec);
    if (network_.faults().restarts(spec.name)) slot->make_restartable(spec);
    slot->actor = type->create(*slot, spec);
    slot_index_.emplace(spec.name, slot.get());
    slots_.push_back(std::move(slot));
  }
}

Simulation::~Simulation() {
  windows_.reset();  // the workers stop first (none runs between events)
  // Actors first, while the kernel is whole (a destructor may still cancel its timers); then the
  // pending events, whose timer handles release their records into the still-living pool.
  for (auto& s : slots_) s->actor.reset();
  scheduler_.reset();
}

Simulation::Slot* Simulation::slot(const std::string& name) {
  auto it = slot_index_.find(name);
  return it == slot_index_.end() ? nullptr : it->second;
}

Actor* Simulation::actor(const std::string& name) {
  Slot* s = slot(name);
  return s != nullptr && !s->retired ? s->actor.get() : nullptr;
}

void Simulation::start() {
  if (started_) return;
  started_ = true;
  for (const auto& window : network_.faults().windows()) {
    if (window.kind == FaultWindow::Kind::crash) {
      scheduler_->insert(window.start, [this, &window] { crash(window); });
      continue;
    }
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
    if (window.kind != FaultWindow::Kind::clock_skew)  // lasts the whole run
      scheduler_->insert(window.end, [record] { record("end"); });
  }
  for (const auto& command : scenario_.workload) {
    for (int k = 0; k < command.count; ++k)
      scheduler_->insert(Time::zero() + command.at + command.every * k,
                         [this, &command, k] { give_command(command, k); });
  }
  // By index: an on_start may spawn (actors spawned here start through their own event).
  const std::size_t scenario_actors = slots_.size();
  for (std::size_t i = 0; i < scenario_actors; ++i) {
    Slot& s = *slots_[i];
    if (!s.retired && s.actor) s.actor->on_start();
    s.event_ended();
  }
  bury_retired();
}

void Simulation::give_command(const CommandSpec& spec, int repetition) {
  Slot* target = slot(spec.actor);
  TraceRecord r;
  r.time = now_;
  r.kind = RecordKind::command;
  r.actor = spec.actor;
  r.operation = spec.command;
  const char* refused = target == nullptr                                ? "unknown-actor"
                        : target->retired                                ? "retired"
                        : target->down                                   ? "actor-down"
                        : network_.faults().actor_down(spec.actor, now_) ? "actor-down"
                                                                         : nullptr;
  r.outcome = refused != nullptr ? refused : "ok";
  trace_.emit(std::move(r));
  if (refused != nullptr) return;
  target->actor->on_command(Command{spec.command, spec.args, repetition});
  target->event_ended();
}

EventId Simulation::schedule_timer(Slot& owner, Duration delay, std::string&& label,
                                   EventCallback&& callback, std::uint32_t provisional) {
  if (owner.retired || owner.down) return EventId{};
  std::uint32_t index;
  if (free_timer_ != kNil) {
    index = free_timer_;
    free_timer_ = timers_[index].next;
  } else {
    index = static_cast<std::uint32_t>(timers_.size());
    timers_.emplace_back();
  }
  TimerRecord& t = timers_[index];
  t.owner = &owner;
  t.provisional = provisional;
  t.label = std::move(label);
  t.callback = std::move(callback);
  t.prev = kNil;
  t.next = owner.timer_head;
  if (owner.timer_head != kNil) timers_[owner.timer_head].prev = index;
  owner.timer_head = index;
  const std::uint32_t generation = t.generation;
  const EventId id = scheduler_->insert(now_ + delay, TimerHandle(this, index, generation));
  timers_[index].event = id;
  if (windows_) windows_->note_event(owner, now_ + delay);
  return id;
}

bool Simulation::cancel_claimed_timer(Slot& owner, EventId id) {
  if (!windows_) return false;
  for (std::uint32_t i = owner.timer_head; i != kNil; i = timers_[i].next) {
    if (timers_[i].claimed != nullptr && timers_[i].event == id) {
      release_timer(i, timers_[i].generation);
      return true;
    }
  }
  return false;
}

void Simulation::release_timer(std::uint32_t index, std::uint32_t generation) {
  if (index >= timers_.size()) return;
  TimerRecord& t = timers_[index];
  if (t.generation != generation || t.owner == nullptr) return;
  if (t.prev != kNil)
    timers_[t.prev].next = t.next;
  else
    t.owner->timer_head = t.next;
  if (t.next != kNil) timers_[t.next].prev = t.prev;
  if (t.provisional != 0) t.owner->provisional.erase(std::exchange(t.provisional, 0));
  t.owner = nullptr;
  if (t.claimed != nullptr && windows_) windows_->drop_ahead(*std::exchange(t.claimed, nullptr));
  EventCallback callback = std::move(t.callback);  // destroyed once the record is free
  t.label.clear();
  t.event = EventId{};
  if (++t.generation == 0) t.generation = 1;
  t.prev = kNil;
  t.next = free_timer_;
  free_timer_ = index;
}

void Simulation::fire_timer(std::uint32_t index, std::uint32_t generation) {
  TimerRecord& t = timers_[index];
  if (t.generation != generation || t.owner == nullptr) return;
  Slot& owner = *t.owner;
  TraceRecord r;  // built here and moved once, into Trace::emit
  r.time = now_;
  r.kind = RecordKind::timer;
  r.actor = owner.name_;
  r.operation = std::move(t.label);
  EventCallback callback = std::move(t.callback);
  release_timer(index, generation);  // before the callback, which may schedule again
  if (owner.retired) return;
  trace_.emit(std::move(r));
  callback();
  owner.event_ended();
}

bool Simulation::spawn_from(Slot& spawner, ActorSpec spec) {
  auto reject = [&](const std::string& reason) {
    TraceRecord r;
    r.kind = RecordKind::decision;
    r.peer = spec.name;
    r.operation = "SpawnActor";
    r.outcome = "rejected";
    r.detail = "name=" + spec.name + "; type=" + spec.type + "; reason=" + reason;
    spawner.trace(std::move(r));
    return false;
  };
  if (spawner.retired) return reject("spawner retired");
  if (spec.name.empty()) return reject("empty name");
  const ActorType* type = registry_.find(spec.type);
  if (type == nullptr) return reject("unknown type");
  if (const Slot* taken = slot(spec.name))
    return reject(taken->retired ? "name used by a retired actor" : "name in use");
  if (spec.params.is_null()) spec.params = nlohmann::json::object();
  if (!spec.params.is_object()) return reject("params is not an object");
  if (type->check_params) {
    std::vector<Diagnostic> problems;
    type->check_params(spec.params, problems);
    if (!problems.empty()) {
      std::string reason = "bad params:";
      for (std::size_t i = 0; i < problems.size(); ++i)
        reason += (i == 0 ? " " : ", ") + std::string("params") + problems[i].pointer + " " +
                  problems[i].message;
      return reject(reason);
    }
  }
  auto slot = std::make_unique<Slot>(*this, spec);
  if (network_.faults().restarts(spec.name)) slot->make_restartable(spec);
  std::string failure;
  try {
    slot->actor = type->create(*slot, spec);
    if (!slot->actor) failure = "factory returned no actor";
  } catch (const std::exception& e) {
    failure = std::string("factory failed: ") + e.what();
  }
  if (!failure.empty()) {
    // A constructor that scheduled before failing leaves no timer behind on a dead slot.
    while (slot->timer_head != kNil) {
      const std::uint32_t i = slot->timer_head;
      if (!scheduler_->cancel(timers_[i].event)) release_timer(i, timers_[i].generation);
    }
    slot->actor.reset();
    return reject(failure);
  }
  Slot* spawned = slot.get();
  spawned->parent = &spawner;
  slot_index_.emplace(spawned->name_, spawned);
  slots_.push_back(std::move(slot));
  TraceRecord r;
  r.kind = RecordKind::decision;
  r.peer = spec.name;
  r.operation = "SpawnActor";
  r.outcome = "ok";
  r.detail = "name=" + spec.name + "; type=" + spec.type + "; trust_domain=" + spec.trust_domain;
  spawner.trace(std::move(r));
  // on_start runs after the spawner's handler, at the current time, in insertion order.
  scheduler_->insert(now_, StartEvent(spawned));
  if (!spawner.has_spawned) {
    spawner.has_spawned = true;
    if (windows_) windows_->note_event(spawner, now_);  // its children's ends come back to it
  }
  return true;
}

bool Simulation::retire_from(Slot& retirer, const std::string& name) {
  Slot* target = slot(name);
  TraceRecord r;
  r.kind = RecordKind::decision;
  r.peer = name;
  r.operation = "RetireActor";
  const char* refused = retirer.retired     ? "retirer retired"
                        : target == nullptr ? "unknown actor"
                        : target->retired   ? "already retired"
                                            : nullptr;
  if (refused != nullptr) {
    r.outcome = "rejected";
    r.detail = "name=" + name + "; reason=" + refused;
    retirer.trace(std::move(r));
    return false;
  }
  r.outcome = "ok";
  r.detail = "name=" + name;
  retirer.trace(std::move(r));
  end_actor(*target, &retirer, "retired");
  return true;
}

void Simulation::end_actor(Slot& target, const Slot* retirer, const char* reason) {
  target.retired = true;
  ++retired_count_;
  while (target.timer_head != kNil) {
    const std::uint32_t i = target.timer_head;
    if (!scheduler_->cancel(timers_[i].event)) release_timer(i, timers_[i].generation);
  }
  if (windows_) windows_->slot_ended(target);
  // The actor object may be on the stack (an actor retiring itself): destroyed after the event.
  to_bury_.push_back(&target);
  Slot* parent = target.parent;
  if (parent == nullptr || parent == retirer || parent->retired) return;
  scheduler_->insert(now_, ChildEndedEvent(parent, target.name_, reason));
  if (windows_) windows_->note_event(*parent, now_);
}

void Simulation::crash(const FaultWindow& window) {
  Slot* target = slot(window.actor);
  const bool running = target != nullptr && !target->retired;
  TraceRecord f;
  f.time = now_;
  f.kind = RecordKind::fault;
  f.actor = "kernel";
  f.peer = window.actor;
  f.operation = "crash";
  f.outcome = running ? "ok" : target == nullptr ? "unknown-actor" : "retired";
  f.detail = describe(window);
  trace_.emit(std::move(f));
  if (!running) return;
  if (window.restart_after > Duration() && target->restart_spec && !target->down) {
    if (window.disk_lost && target->durable_) *target->durable_ = DurableStore();
    restart_later(*target, window.restart_after);
    return;
  }
  TraceRecord r;
  r.time = now_;
  r.kind = RecordKind::decision;
  r.actor = "kernel";
  r.peer = window.actor;
  r.operation = "RetireActor";
  r.outcome = "ok";
  r.detail = "name=" + window.actor + "; reason=crash";
  trace_.emit(std::move(r));
  end_actor(*target, nullptr, "crash");
}

void Simulation::restart_later(Slot& target, Duration after) {
  // The process dies: its timers with it, its object after this event; its disk stays.
  target.down = true;
  while (target.timer_head != kNil) {
    const std::uint32_t i = target.timer_head;
    if (!scheduler_->cancel(timers_[i].event)) release_timer(i, timers_[i].generation);
  }
  if (windows_) windows_->slot_ended(target);
  to_bury_.push_back(&target);
  scheduler_->insert(now_ + after, [this, &target] {
    if (target.retired || !target.down) return;
    const ActorType* type = registry_.find(target.restart_spec->type);
    TraceRecord r;
    r.time = now_;
    r.kind = RecordKind::decision;
    r.actor = "kernel";
    r.peer = target.name_;
    r.operation = "RestartActor";  // actors/messages/decisions.hpp kRestartActor
    r.detail = "name=" + target.name_ +
               "; durable_entries=" + std::to_string(target.durable_->entries().size());
    target.down = false;  // the constructor may schedule and send
    try {
      target.actor = type->create(target, *target.restart_spec);
    } catch (const std::exception& e) {
      target.actor.reset();
      target.down = true;
      r.outcome = "failed";
      r.detail += std::string("; reason=") + e.what();
      trace_.emit(std::move(r));
      return;  // stays down
    }
    r.outcome = "ok";
    trace_.emit(std::move(r));
    if (target.actor) target.actor->on_start();
    target.event_ended();
  });
}

void Simulation::bury_retired() {
  while (!to_bury_.empty()) {
    Slot* s = to_bury_.back();
    to_bury_.pop_back();
    if (windows_) windows_->wait_idle(*s);  // a worker may still run its last event, as a ghost
    std::unique_ptr<Actor> dead = std::move(s->actor);
    dead.reset();  // its destructor may still use the context (cancel, trace, retire)
  }
}

std::uint64_t Simulation::send_from(Slot& sender, Message&& message) {
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
  const char* sender_refused = sender.retired                                     ? "sender-retired"
                               : sender.down                                      ? "sender-down"
                               : network_.faults().actor_down(message.from, now_) ? "sender-down"
                                                                                  : nullptr;
  if (sender_refused != nullptr) {
    r.kind = RecordKind::drop;
    r.outcome = sender_refused;
    trace_.emit(std::move(r));
    return id;
  }
  // The network's decision has no trace of its own, so it can be taken before the send record.
  Slot* target = slot(message.to);
  Transmission t;
  const char* dropped = nullptr;
  if (target == nullptr) {
    dropped = "unknown-peer";
  } else if (target->retired) {
    dropped = "retired";
  } else {
    t = network_.transmit(message.from, message.to, now_);
    if (!t.delivered) dropped = t.drop_reason.c_str();
  }
  r.kind = RecordKind::send;
  r.outcome = "ok";
  if (t.retransmissions > 0) r.detail = "retransmissions=" + std::to_string(t.retransmissions);
  const bool tampered = dropped == nullptr && !message.payload.empty() &&
                        network_.faults().tampers(message.from, message.to, now_);
  if (dropped == nullptr && !tampered) {
    trace_.emit(std::move(r));
  } else {
    trace_.emit(r);
    if (dropped != nullptr) {
      r.kind = RecordKind::drop;
      r.outcome = dropped;
      trace_.emit(std::move(r));
      return id;
    }
    const std::size_t at = message.payload.size() / 2;
    message.payload[at] ^= 0x01;
    r.kind = RecordKind::fault;
    r.outcome = "tampered";
    r.detail = "byte " + std::to_string(at) + " flipped";
    trace_.emit(std::move(r));
  }
  const Time arrival = now_ + t.latency;
  // Faults that deliver a copy: the link duplicates (the copy right after the original) or an
  // attacker on it replays the message later.
  const bool duplicated = network_.faults().duplicates(message.from, message.to, now_);
  const FaultWindow* replay = network_.faults().replays(message.from, message.to, now_);
  if (!duplicated && replay == nullptr) {
    enqueue(std::move(message), target, arrival);
    return id;
  }
  const Message original = message;
  enqueue(std::move(message), target, arrival);
  for (const char* copy : {duplicated ? "duplicated" : nullptr, replay ? "replayed" : nullptr}) {
    if (copy == nullptr) continue;
    const Time at = copy[0] == 'd' ? arrival : arrival + replay->delay;
    TraceRecord f;
    f.time = now_;
    f.kind = RecordKind::fault;
    f.actor = original.from;
    f.peer = original.to;
    f.reference_point = original.reference_point;
    f.operation = original.operation;
    f.step = original.step;
    f.message_id = id;
    f.outcome = copy;
    f.detail = "a copy arrives at " + format_duration(at.since_epoch());
    trace_.emit(std::move(f));
    enqueue(Message(original), target, at);
  }
  return id;
}

void Simulation::enqueue(Message&& message, Slot* target, Time at) {
  std::uint32_t index;
  if (free_in_flight_ != kNil) {
    index = free_in_flight_;
    free_in_flight_ = in_flight_[index].next_free;
  } else {
    index = static_cast<std::uint32_t>(in_flight_.size());
    in_flight_.emplace_back();
  }
  in_flight_[index].message = std::move(message);
  in_flight_[index].target = target;
  scheduler_->insert(at, DeliveryEvent(this, index));
}

void Simulation::deliver(std::uint32_t index) {
  InFlight& in_flight = in_flight_[index];
  const Message message = std::move(in_flight.message);
  Slot* target = in_flight.target;
  in_flight.target = nullptr;
  in_flight.next_free = free_in_flight_;
  free_in_flight_ = index;
  if (!admit_delivery(message, *target)) return;
  target->actor->on_message(message);
  target->event_ended();
}

bool Simulation::admit_delivery(const Message& message, Slot& target) {
  TraceRecord r;
  r.time = now_;
  r.actor = message.to;
  r.peer = message.from;
  r.reference_point = message.reference_point;
  r.operation = message.operation;
  r.step = message.step;
  r.bytes = message.wire_size();
  r.message_id = message.id;
  const char* dropped = target.retired                                   ? "retired"
                        : target.down                                    ? "actor-down"
                        : network_.faults().actor_down(message.to, now_) ? "actor-down"
                                                                         : nullptr;
  if (dropped != nullptr) {
    r.kind = RecordKind::drop;
    r.outcome = dropped;
    trace_.emit(std::move(r));
    return false;
  }
  r.kind = RecordKind::receive;
  r.outcome = "ok";
  trace_.emit(std::move(r));
  return true;
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
  if (!to_bury_.empty()) bury_retired();
  return true;
}

RunStats Simulation::run_until(Time limit, const ProgressCallback& progress) {
  start();
  RunStats stats;
  const std::uint64_t before = events_processed_;
  if (threads_ > 1 && !windows_ && parallel_stats_.parallel)
    windows_ = std::make_unique<WindowRunner>(*this, threads_);
  while (!scheduler_->empty() && scheduler_->next_time() <= limit) {
    if (windows_) {
      windows_->run_window(limit, progress);
      continue;
    }
    step();
    if (progress && (events_processed_ & 4095) == 0) progress(now_, events_processed_);
  }
  if (windows_) windows_->add_stats(parallel_stats_);
  if (now_ < limit) now_ = limit;
  stats.events = events_processed_ - before;
  stats.end = now_;
  trace_.flush();
  return stats;
}

RunStats Simulation::run(const ProgressCallback& progress) {
  auto stats = run_until(Time::zero() + scenario_.duration, progress);
  finish();
  return stats;
}

void Simulation::set_threads(unsigned threads) {
  threads_ = threads == 0 ? 1 : threads;
  parallel_stats_ = ParallelStats{};
  parallel_stats_.threads = threads_;
  parallel_stats_.lookahead = min_link_latency();
  if (threads_ == 1) return;
  if (started_) {
    parallel_stats_.sequential_why = "threads were set after the run started";
  } else if (parallel_stats_.lookahead <= Duration()) {
    parallel_stats_.sequential_why =
        "the least latency of a link is zero (a normal or log-normal model, or a zero delay): "
        "a message may arrive at the instant it is sent, so no window of events is safe to run "
        "in parallel";
  } else {
    parallel_stats_.parallel = true;
  }
}

Duration Simulation::min_link_latency() const {
  Duration least = network_.defaults().latency.minimum();
  for (const auto& link : scenario_.links) {
    const Duration d = link.properties.latency.minimum();
    if (d < least) least = d;
  }
  return least;
}

void Simulation::finish() {
  if (finished_) return;
  finished_ = true;
  start();
  // By index: nothing an actor does now runs (no event is popped again), but a spawn would add a
  // slot.
  const std::size_t count = slots_.size();
  for (std::size_t i = 0; i < count; ++i) {
    Slot& s = *slots_[i];
    if (!s.retired && s.actor) s.actor->on_finish();
  }
  bury_retired();
  trace_.flush();
}

}  // namespace ifa026::sim
