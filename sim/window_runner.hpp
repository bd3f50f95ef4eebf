// Parallel execution of a Simulation (Simulation::set_threads), one lookahead window at a time.
//
// A window holds the pending events before min(first event + lookahead, the next kernel event),
// where the lookahead is the least latency of any link: a message sent inside a window arrives
// after it. The events are taken out of the scheduler in their sequential order, and the actor
// events among them (deliveries and timers) are handed, per actor, to worker threads, which run
// each actor's events in order *ahead of their turn*. The coordinator (the thread that called
// run) walks the window in the sequential order, merging the events created meanwhile, and gives
// each event its turn; a worker's event that touches the kernel (send, schedule, cancel, trace,
// spawn, retire: Slot::take_turn) waits for its turn first, and keeps it until it ends. So the
// kernel sees every call in the exact order of a sequential run: the trace, the message ids and
// the random draws are the sequential ones, bit for bit, whatever the threads did meanwhile. What
// runs in parallel is the part of each handler before its first kernel call: decoding, checking
// and the cryptography, which is nearly all of an enrolment's cost.
//
// An event whose actor ended before its turn (retired, crashed) is dropped at its turn as the
// sequential run drops it, and what its handler did ahead is discarded with the actor. An actor
// that gets an event inside the current window (a short timer, a child's end) runs the rest of
// the window in its turns only; so does a parent (its children's ends come back to it). Kernel
// events (workload commands, faults) end a window and run alone.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "sim/simulation.hpp"

namespace ifa026::sim {

// One event of a window.
struct Simulation::WindowEntry {
  enum class Kind : std::uint8_t { delivery, timer, slot_event, kernel };
  // pending → ahead (a worker took it) or at_cursor (the coordinator took it) → done.
  enum State : int { pending, ahead, at_cursor, done };

  Kind kind = Kind::kernel;
  Time time;
  Slot* slot = nullptr;
  EventCallback callback;  // timer: the timer's callback; slot_event, kernel: the event itself
  Message message;         // delivery
  std::string label;       // timer
  std::uint32_t timer_index = 0;
  std::uint32_t timer_generation = 0;
  std::atomic<int> state{pending};
  std::atomic<bool> ghost{false};  // dropped before its turn (actor ended, timer cancelled)
  bool admitted = false;           // its kernel part (checks, receive or timer record) is done
  bool counted = false;            // counts as a processed event (a live timer, any other)
  std::exception_ptr error;        // the handler threw (rethrown at the event's turn)
};

class WindowRunner {
 public:
  WindowRunner(Simulation& sim, unsigned threads);
  ~WindowRunner();  // stops and joins the workers
  WindowRunner(const WindowRunner&) = delete;
  WindowRunner& operator=(const WindowRunner&) = delete;

  // Runs the next window (events up to `limit` only). Precondition: an event is pending.
  void run_window(Time limit, const ProgressCallback& progress);

  // Called through the slot's context when its actor, run ahead, touches the kernel: waits for
  // the event's turn, then does its kernel part; the slot's mode is then direct or ghost.
  void await_turn(Simulation::Slot& slot);
  // The kernel scheduled an event of `slot` at `at`: inside the window, its later events of the
  // window run in their turns only (they must not run before it).
  void note_event(Simulation::Slot& slot, Time at);
  // `slot` ended (retired, crashed): its events of this window not started are dropped, and a
  // worker running one ahead finishes it as a ghost.
  void slot_ended(Simulation::Slot& slot);
  // The window's event `entry` will not run (its timer was cancelled).
  void drop_ahead(Simulation::WindowEntry& entry);
  // Waits until no worker runs `slot`'s actor (before the kernel destroys it).
  void wait_idle(Simulation::Slot& slot);
  // Adds the counts and times of the windows run so far.
  void add_stats(ParallelStats& stats) const;

 private:
  using Entry = Simulation::WindowEntry;
  using Slot = Simulation::Slot;

  void take_window(Time limit);
  void classify(Entry& entry, PoppedEvent&& event);
  void hand_out();
  // The coordinator's part of an event's turn.
  void turn_of(Entry& entry);
  // The kernel part of a delivery or timer: true when its handler runs.
  bool admit(Entry& entry);
  void run_handler(Entry& entry);
  void run_in_turn(Entry& entry);
  void finish_in_turn(Entry& entry, Slot& slot);
  void worker_loop(std::size_t worker);
  void run_task(Slot& slot);
  void run_ahead(Slot& slot, Entry& entry);
  void end_window();
  void abort_window();
  void check_not_ahead(PoppedEvent& event);

  Simulation& sim_;
  std::deque<Entry> entries_;
  std::vector<Slot*> touched_;  // slots with window_entries or frozen
  Time window_end_;
  Time limit_;
  bool in_window_ = false;

  std::mutex mutex_;
  std::condition_variable changed_;
  const Entry* turn_ = nullptr;           // the worker event that may use the kernel now
  std::vector<std::deque<Slot*>> tasks_;  // per worker: slots whose events wait for it
  std::uint32_t next_home_ = 0;
  unsigned active_ = 0;  // workers inside a task
  bool stopping_ = false;
  bool aborting_ = false;
  std::vector<std::thread> workers_;

  std::atomic<std::uint64_t> ahead_ns_{0};
  std::atomic<std::uint64_t> turn_ns_{0};
  std::uint64_t windows_ = 0;
  std::uint64_t ahead_events_ = 0;
  std::uint64_t at_cursor_events_ = 0;
};

}  // namespace ifa026::sim
