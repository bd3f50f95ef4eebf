// The simulation object: one world built from a scenario, with its own scheduler, clock,
// network, random streams, trace and actors. No globals, so many simulations can live in one
// process (tests run several side by side). Actors may spawn and retire actors while it runs
// (ActorContext::spawn/retire), through the registry it was built with; an actor that ends other
// than by its spawner's own retire (a `crash` fault, a retire by another) is reported to its
// spawner (Actor::on_child_ended).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "sim/actor.hpp"
#include "sim/actor_registry.hpp"
#include "sim/network.hpp"
#include "sim/scenario.hpp"
#include "sim/scheduler.hpp"
#include "sim/trace.hpp"

namespace ifa026::sim {

class WindowRunner;

struct RunStats {
  std::uint64_t events = 0;  // events processed by this call
  Time end;                  // simulated time reached
};

// How a run used threads (Simulation::set_threads; docs/performance.md, "Parallel execution").
struct ParallelStats {
  unsigned threads = 1;         // asked for
  bool parallel = false;        // windows ran on worker threads
  Duration lookahead;           // the least latency of any link: a window's length
  std::string sequential_why;   // when threads > 1 but the run was sequential
  std::uint64_t windows = 0;    // windows that used the workers
  std::uint64_t ahead = 0;      // events a worker ran ahead of the cursor
  std::uint64_t at_cursor = 0;  // events run in their turn only (kernel, parents, frozen, alone)
  double ahead_seconds = 0;     // wall time of the handlers' parts run ahead (the parallel part)
  double turn_seconds = 0;      // wall time with the kernel held (the serial part)
};

// Called now and then during a run (every few thousand events) with the time reached and the
// events processed so far; the caller decides whether to show anything.
using ProgressCallback = std::function<void(Time now, std::uint64_t events)>;

class Simulation {
 public:
  // Builds the actors (through `registry`, of which it keeps a copy for actors spawned later),
  // the network and the fault plan. Throws std::invalid_argument when the scenario names a type
  // the registry lacks.
  Simulation(const Scenario& scenario, const ActorRegistry& registry);
  // Does not touch trace sinks: they may be gone already (run/run_until flush them).
  ~Simulation();
  Simulation(const Simulation&) = delete;
  Simulation& operator=(const Simulation&) = delete;

  // Calls every actor's on_start and schedules the workload and fault windows. Called by the
  // first step/run if not before; subscribe trace sinks before it.
  void start();
  // Runs the next event, if any. Returns false when nothing is pending.
  bool step();
  // Runs every event up to and including `limit`, then leaves the clock at `limit`.
  RunStats run_until(Time limit, const ProgressCallback& progress = {});
  // Runs until the scenario's duration, then finish().
  RunStats run(const ProgressCallback& progress = {});
  // Calls every running actor's on_finish once, in creation order, at the current time (its
  // records are the run's last); later calls do nothing.
  void finish();

  // Runs events of different actors on `threads` worker threads (1, the default: sequentially).
  // Events inside one lookahead window (the least latency of any link, so that no message sent
  // in a window arrives in it) start on a worker ahead of their turn; whatever an actor does to
  // the kernel (send, schedule, cancel, trace, spawn, retire) waits for its event's turn, and
  // turns follow the sequential order: the trace is the sequential one, bit for bit. A run with
  // a zero lookahead runs sequentially (parallel_stats().sequential_why says why). Before run.
  void set_threads(unsigned threads);
  const ParallelStats& parallel_stats() const { return parallel_stats_; }

  // Schedules a kernel-level callback at an absolute time (tests, fault plans).
  EventId schedule_at(Time at, EventCallback callback);
  bool cancel(EventId id) { return scheduler_->cancel(id); }

  Time now() const { return now_; }
  const Epoch& epoch() const { return epoch_; }
  const Scenario& scenario() const { return scenario_; }
  Trace& trace() { return trace_; }
  const Trace& trace() const { return trace_; }
  Network& network() { return network_; }
  Scheduler& scheduler() { return *scheduler_; }
  std::uint64_t events_processed() const { return events_processed_; }
  // The running actor named `name`, or nullptr (unknown or retired).
  Actor* actor(const std::string& name);
  // Actors ever created (scenario and spawned, retired ones included) and those running.
  std::size_t actors_created() const { return slots_.size(); }
  std::size_t actors_running() const { return slots_.size() - retired_count_; }

 private:
  class Slot;
  class TimerHandle;
  class DeliveryEvent;
  class StartEvent;
  class ChildEndedEvent;
  friend class Slot;
  friend class TimerHandle;
  friend class WindowRunner;
  struct WindowEntry;

  static constexpr std::uint32_t kNil = 0xffffffffu;

  // An actor timer's label and callback, pooled so that scheduling a timer allocates nothing
  // (the scheduler's event holds a 16-byte TimerHandle naming the record). Pending records of
  // one actor are linked, so retiring it cancels them.
  struct TimerRecord {
    Slot* owner = nullptr;
    std::string label;
    EventCallback callback;
    EventId event;
    std::uint32_t generation = 1;
    std::uint32_t prev = kNil;
    std::uint32_t next = kNil;       // owner's next pending timer, or the next free record
    WindowEntry* claimed = nullptr;  // popped into a parallel window, not fired yet
    std::uint32_t provisional = 0;   // the owner's provisional id for it (Slot::schedule)
  };
  // A message between send and delivery (the delivery event names it by index).
  struct InFlight {
    Message message;
    Slot* target = nullptr;
    std::uint32_t next_free = kNil;
  };

  Slot* slot(const std::string& name);
  std::uint64_t send_from(Slot& sender, Message&& message);
  // Puts a message in flight to `target`, delivered at `at`.
  void enqueue(Message&& message, Slot* target, Time at);
  void deliver(std::uint32_t in_flight);
  // A delivery's kernel part: the drop checks and the receive (or drop) record. True when the
  // target's handler is to run.
  bool admit_delivery(const Message& message, Slot& target);
  void give_command(const CommandSpec& spec, int repetition);
  bool spawn_from(Slot& spawner, ActorSpec spec);
  bool retire_from(Slot& retirer, const std::string& name);
  // Ends a running actor (timers cancelled, buried after the event) and tells its spawner when
  // `reason` is not the spawner's own retire.
  void end_actor(Slot& target, const Slot* retirer, const char* reason);
  // The `crash` fault on `window.actor` (fault record, then RetireActor reason=crash), or with
  // `restart_after`, restart_later.
  void crash(const FaultWindow& window);
  // Destroys the actor's object and timers now and builds it anew from its spec `after` later
  // (decision RestartActor), its DurableStore kept; meanwhile it is down.
  void restart_later(Slot& target, Duration after);
  // `provisional`: the id the owner was given for it while its event ran ahead (0: none).
  EventId schedule_timer(Slot& owner, Duration delay, std::string&& label, EventCallback&& callback,
                         std::uint32_t provisional = 0);
  void fire_timer(std::uint32_t index, std::uint32_t generation);
  // A timer popped into a parallel window before it fired: cancelled there (Slot::cancel).
  bool cancel_claimed_timer(Slot& owner, EventId id);
  void release_timer(std::uint32_t index, std::uint32_t generation);
  // Destroys the actors retired during the event that just ran.
  void bury_retired();
  // The least latency of any link (the parallel lookahead).
  Duration min_link_latency() const;

  ActorRegistry registry_;
  Scenario scenario_;
  Epoch epoch_;
  std::unique_ptr<Scheduler> scheduler_;
  Network network_;
  Trace trace_;
  Time now_;
  bool started_ = false;
  std::uint64_t events_processed_ = 0;
  std::uint64_t next_message_id_ = 1;
  std::vector<std::unique_ptr<Slot>> slots_;
  bool finished_ = false;
  std::unordered_map<std::string, Slot*> slot_index_;  // running and retired actors
  std::size_t retired_count_ = 0;
  std::vector<Slot*> to_bury_;
  std::vector<TimerRecord> timers_;
  std::uint32_t free_timer_ = kNil;
  std::vector<InFlight> in_flight_;
  std::uint32_t free_in_flight_ = kNil;
  unsigned threads_ = 1;
  ParallelStats parallel_stats_;
  std::unique_ptr<WindowRunner> windows_;  // sim/window_runner.hpp, when threads_ > 1
};

}  // namespace ifa026::sim
