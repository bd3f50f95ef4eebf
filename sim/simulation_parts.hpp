// The kernel's private parts, shared by sim/simulation.cpp and sim/window_runner.cpp: an actor's
// slot (the context the kernel gives it) and the named events the kernel schedules for actors
// (a timer, a delivery, a start, a child's end), which a parallel window tells apart by type.
#pragma once

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "sim/simulation.hpp"
#include "sim/window_runner.hpp"

namespace ifa026::sim {

// One actor and the context the kernel gives it. A slot outlives its actor: a retired actor's
// slot stays (inactive) so that its name stays taken and references to it never dangle.
class Simulation::Slot final : public ActorContext {
 public:
  Slot(Simulation& sim, const ActorSpec& spec)
      : sim_(sim),
        name_(spec.name),
        trust_domain_(spec.trust_domain),
        random_(sim.scenario_.seed, "actor:" + spec.name) {
    // A clock-skew fault: this actor's wall clock runs `offset` off the scenario's.
    const Duration skew = sim.network_.faults().clock_skew(spec.name);
    if (skew != Duration())
      skewed_epoch_ = Epoch(UtcInstant{sim.epoch_.start().unix_ns + skew.ns()});
  }

  const std::string& name() const override { return name_; }
  const std::string& trust_domain() const override { return trust_domain_; }
  Time now() const override { return mode == Mode::direct ? sim_.now_ : ahead_time; }
  const Epoch& epoch() const override { return skewed_epoch_ ? *skewed_epoch_ : sim_.epoch_; }
  std::uint64_t send(Message message) override {
    if (!take_turn()) return 0;
    return sim_.send_from(*this, std::move(message));
  }
  EventId schedule(Duration delay, std::string label, EventCallback callback) override {
    if (mode == Mode::ahead) {
      // Set at the turn; meanwhile the actor holds an id of its own that cancel translates.
      const EventId id{kProvisional | (next_provisional++ & ~kProvisional), kProvisionalGeneration};
      held.push_back({.kind = Held::Kind::timer,
                      .delay = delay,
                      .label = std::move(label),
                      .callback = std::move(callback),
                      .provisional = id.slot});
      return id;
    }
    if (mode == Mode::ghost) return EventId{};
    return sim_.schedule_timer(*this, delay, std::move(label), std::move(callback));
  }
  bool cancel(EventId id) override {
    if (!take_turn()) return false;
    return cancel_now(id);
  }
  void withdraw(EventId id) override {
    if (mode == Mode::ahead) {
      held.push_back({.kind = Held::Kind::cancel, .timer = id});
      return;
    }
    if (mode == Mode::direct) cancel_now(id);
  }
  bool cancel_now(EventId id) {
    if (id.generation == kProvisionalGeneration && (id.slot & kProvisional) != 0) {
      auto it = provisional.find(id.slot);
      if (it == provisional.end()) return false;  // fired or cancelled already
      id = it->second;
    }
    return sim_.scheduler_->cancel(id) || sim_.cancel_claimed_timer(*this, id);
  }
  const nlohmann::json& trust_model() const override { return sim_.scenario_.trust_model; }
  RandomStream& random() override { return random_; }
  std::uint64_t seed() const override { return sim_.scenario_.seed; }
  std::uint64_t trace(TraceRecord record) override {
    if (!take_turn()) return 0;
    record.time = sim_.now_;
    record.actor = name_;
    return sim_.trace_.emit(std::move(record));
  }
  void post(Message message) override {
    if (mode == Mode::ahead) {
      held.push_back({.kind = Held::Kind::message, .message = std::move(message)});
      return;
    }
    send(std::move(message));
  }
  void note(TraceRecord record) override {
    if (mode == Mode::ahead) {
      held.push_back({.kind = Held::Kind::record, .record = std::move(record)});
      return;
    }
    trace(std::move(record));
  }
  void after(Duration delay, std::string label, EventCallback callback) override {
    if (mode == Mode::ahead) {
      held.push_back({.kind = Held::Kind::timer,
                      .delay = delay,
                      .label = std::move(label),
                      .callback = std::move(callback)});
      return;
    }
    schedule(delay, std::move(label), std::move(callback));
  }
  bool spawn(ActorSpec spec) override {
    if (!take_turn()) return false;
    return sim_.spawn_from(*this, std::move(spec));
  }
  bool retire(const std::string& name) override {
    if (!take_turn()) return false;
    return sim_.retire_from(*this, name);
  }
  DurableStore* durable() override { return durable_.get(); }

  // Parallel windows (sim/window_runner.hpp). `direct`: the kernel is this event's (always, in a
  // sequential run). `ahead`: a worker runs this actor's event before its turn; the first call
  // that touches the kernel waits for the turn. `ghost`: the event was dropped at its turn (its
  // actor ended meanwhile) or the run is aborting: nothing the handler still does has an effect.
  enum class Mode : std::uint8_t { direct, ahead, ghost };
  bool take_turn() {
    if (mode == Mode::ahead) sim_.windows_->await_turn(*this);
    return mode == Mode::direct;
  }
  // What post, note and after held back while the event ran ahead, done at its turn in the
  // order called (flush_held) or dropped with a ghost.
  struct Held {
    enum class Kind : std::uint8_t { message, record, timer, cancel };
    Kind kind = Kind::record;
    Message message = {};
    TraceRecord record = {};
    Duration delay = {};
    std::string label = {};
    EventCallback callback = {};
    std::uint32_t provisional = 0;  // timer: the id the actor was given
    EventId timer = {};             // cancel
  };
  // Ids given for timers set ahead: provisional slot -> the scheduler's id, until the timer
  // fires or is cancelled (Simulation::release_timer forgets it).
  static constexpr std::uint32_t kProvisional = 0x80000000u;
  static constexpr std::uint32_t kProvisionalGeneration = 0xfffffffeu;
  std::uint32_t next_provisional = 0;
  std::unordered_map<std::uint32_t, EventId> provisional;
  void flush_held() {
    for (Held& h : held) {
      switch (h.kind) {
        case Held::Kind::message:
          sim_.send_from(*this, std::move(h.message));
          break;
        case Held::Kind::record:
          h.record.time = sim_.now_;
          h.record.actor = name_;
          sim_.trace_.emit(std::move(h.record));
          break;
        case Held::Kind::timer: {
          const EventId id = sim_.schedule_timer(*this, h.delay, std::move(h.label),
                                                 std::move(h.callback), h.provisional);
          if (id.valid()) provisional.emplace(h.provisional, id);
          break;
        }
        case Held::Kind::cancel:
          cancel_now(h.timer);
          break;
      }
    }
    held.clear();
  }
  std::vector<Held> held;
  Mode mode = Mode::direct;
  Time ahead_time;                           // the event's time while it runs ahead
  WindowEntry* ahead_entry = nullptr;        // the event a worker runs ahead
  std::vector<WindowEntry*> window_entries;  // this window's events a worker may run ahead
  std::atomic<bool> frozen{false};  // got an event inside the window: no more running ahead
  bool has_spawned = false;         // a parent: children's ends come back to it, never ahead
  // The worker that runs this actor ahead, always the same one (its thread's caches stay warm).
  std::uint32_t home = 0xffffffffu;

  Simulation& sim_;
  std::string name_;
  std::string trust_domain_;
  RandomStream random_;
  bool retired = false;
  Slot* parent = nullptr;              // the actor that spawned it (null for the scenario's actors)
  std::uint32_t timer_head = kNil;     // pending timers (TimerRecord indices)
  std::unique_ptr<Actor> actor;        // null once a retired actor is destroyed
  std::optional<Epoch> skewed_epoch_;  // set by a clock-skew fault
  // The actor's disk, survives a crash with restart; only for an actor the fault plan restarts
  // (10,000 VNFCIs that never restart keep nothing).
  std::unique_ptr<DurableStore> durable_;
  // Between a crash and its restart: no actor object; messages and commands to it are dropped
  // ("actor-down").
  bool down = false;
  std::unique_ptr<ActorSpec> restart_spec;  // kept only for an actor the fault plan restarts
  void make_restartable(const ActorSpec& spec) {
    restart_spec = std::make_unique<ActorSpec>(spec);
    durable_ = std::make_unique<DurableStore>();
  }
  // After each of its events: an actor with a disk may write to it (Actor::on_event_end).
  void event_ended() {
    if (durable_ && actor && !down && !retired) actor->on_event_end();
  }
};

// What the scheduler holds for an actor timer: the index and generation of its TimerRecord.
// Running it fires the timer; destroying it unrun (cancel, retire, end of the simulation)
// releases the record. 16 bytes, so it sits inline in the event's SmallFunction.
class Simulation::TimerHandle {
 public:
  TimerHandle(Simulation* sim, std::uint32_t index, std::uint32_t generation)
      : sim_(sim), index_(index), generation_(generation) {}
  TimerHandle(TimerHandle&& other) noexcept
      : sim_(std::exchange(other.sim_, nullptr)),
        index_(other.index_),
        generation_(other.generation_) {}
  TimerHandle& operator=(TimerHandle&&) = delete;
  ~TimerHandle() {
    if (sim_ != nullptr) sim_->release_timer(index_, generation_);
  }
  void operator()() { std::exchange(sim_, nullptr)->fire_timer(index_, generation_); }
  std::uint32_t index() const { return index_; }
  std::uint32_t generation() const { return generation_; }
  // Popped into a parallel window, which now owns the record.
  void disarm() { sim_ = nullptr; }

 private:
  Simulation* sim_;
  std::uint32_t index_;
  std::uint32_t generation_;
};

// A message's delivery event (the in-flight message by index).
class Simulation::DeliveryEvent {
 public:
  DeliveryEvent(Simulation* sim, std::uint32_t index) : sim_(sim), index_(index) {}
  void operator()() { sim_->deliver(index_); }
  std::uint32_t index() const { return index_; }

 private:
  Simulation* sim_;
  std::uint32_t index_;
};

// A spawned actor's start, in an event of its own right after its spawner's.
class Simulation::StartEvent {
 public:
  explicit StartEvent(Slot* slot) : slot_(slot) {}
  void operator()() {
    if (!slot_->retired && slot_->actor) slot_->actor->on_start();
    slot_->event_ended();
  }
  Slot* slot() const { return slot_; }

 private:
  Slot* slot_;
};

// A spawner told that its child ended (Actor::on_child_ended).
class Simulation::ChildEndedEvent {
 public:
  ChildEndedEvent(Slot* parent, std::string name, std::string reason)
      : parent_(parent), name_(std::move(name)), reason_(std::move(reason)) {}
  void operator()() {
    if (!parent_->retired && parent_->actor) parent_->actor->on_child_ended(name_, reason_);
    parent_->event_ended();
  }
  Slot* slot() const { return parent_; }

 private:
  Slot* parent_;
  std::string name_;
  std::string reason_;
};

}  // namespace ifa026::sim
