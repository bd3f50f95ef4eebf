// Parallel windows: taking a window out of the scheduler, handing its actor events to workers,
// the coordinator's walk in sequential order, and the turn a worker's event waits for.
#include "sim/window_runner.hpp"

#include <chrono>
#include <stdexcept>
#include <utility>

#include "sim/simulation_parts.hpp"

namespace ifa026::sim {

namespace {

std::uint64_t elapsed_ns(std::chrono::steady_clock::time_point since) {
  return static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - since)
          .count());
}

}  // namespace

// The coordinator runs events too (those in their turn only): N threads are the coordinator and
// N - 1 workers.
WindowRunner::WindowRunner(Simulation& sim, unsigned threads)
    : sim_(sim), tasks_(threads > 1 ? threads - 1 : 1) {
  workers_.reserve(tasks_.size());
  for (std::size_t i = 0; i < tasks_.size(); ++i)
    workers_.emplace_back([this, i] { worker_loop(i); });
}

WindowRunner::~WindowRunner() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  for (auto& worker : workers_) worker.join();
}

void WindowRunner::run_window(Time limit, const ProgressCallback& progress) {
  take_window(limit);
  hand_out();
  try {
    std::size_t cursor = 0;
    for (;;) {
      Entry* entry = cursor < entries_.size() ? &entries_[cursor] : nullptr;
      Scheduler& scheduler = *sim_.scheduler_;
      // An event created inside the window (a short timer, a spawned actor's start, a child's
      // end) goes before the window's own events at later times; at equal times it was inserted
      // after them, so it goes after.
      if (!scheduler.empty()) {
        const Time next = scheduler.next_time();
        if (next < window_end_ && next <= limit_ && (entry == nullptr || next < entry->time)) {
          PoppedEvent event = scheduler.pop_next();
          check_not_ahead(event);
          sim_.now_ = event.time;
          ++sim_.events_processed_;
          ++at_cursor_events_;
          const auto start = std::chrono::steady_clock::now();
          event.callback();
          if (!sim_.to_bury_.empty()) sim_.bury_retired();
          turn_ns_ += elapsed_ns(start);
          if (progress && (sim_.events_processed_ & 4095) == 0)
            progress(sim_.now_, sim_.events_processed_);
          continue;
        }
      }
      if (entry == nullptr) break;
      ++cursor;
      sim_.now_ = entry->time;
      const std::uint64_t before = sim_.events_processed_;
      turn_of(*entry);
      if (progress && sim_.events_processed_ != before && (sim_.events_processed_ & 4095) == 0)
        progress(sim_.now_, sim_.events_processed_);
    }
  } catch (...) {
    abort_window();
    throw;
  }
  end_window();
}

void WindowRunner::take_window(Time limit) {
  Scheduler& scheduler = *sim_.scheduler_;
  entries_.clear();
  limit_ = limit;
  const Time first = scheduler.next_time();
  window_end_ = first + sim_.parallel_stats_.lookahead;
  while (!scheduler.empty()) {
    const Time next = scheduler.next_time();
    if (next >= window_end_ || next > limit) break;
    Entry& entry = entries_.emplace_back();
    classify(entry, scheduler.pop_next());
    if (entry.kind == Entry::Kind::kernel) {
      // Events created before it at its own time run after it (inserted later): the window ends.
      window_end_ = entry.time;
      break;
    }
  }
  in_window_ = true;
  ++windows_;
}

void WindowRunner::classify(Entry& entry, PoppedEvent&& event) {
  entry.time = event.time;
  if (auto* timer = event.callback.target<Simulation::TimerHandle>()) {
    Simulation::TimerRecord& record = sim_.timers_[timer->index()];
    if (record.generation == timer->generation() && record.owner != nullptr) {
      entry.kind = Entry::Kind::timer;
      entry.slot = record.owner;
      entry.timer_index = timer->index();
      entry.timer_generation = timer->generation();
      entry.label = std::move(record.label);
      entry.callback = std::move(record.callback);
      record.claimed = &entry;
      timer->disarm();  // the record stays (cancellable) until the timer's turn
      return;
    }
  } else if (auto* delivery = event.callback.target<Simulation::DeliveryEvent>()) {
    Simulation::InFlight& in_flight = sim_.in_flight_[delivery->index()];
    entry.kind = Entry::Kind::delivery;
    entry.slot = in_flight.target;
    entry.message = std::move(in_flight.message);
    in_flight.target = nullptr;
    in_flight.next_free = sim_.free_in_flight_;
    sim_.free_in_flight_ = delivery->index();
    return;
  } else if (auto* start = event.callback.target<Simulation::StartEvent>()) {
    entry.kind = Entry::Kind::slot_event;
    entry.slot = start->slot();
  } else if (auto* ended = event.callback.target<Simulation::ChildEndedEvent>()) {
    entry.kind = Entry::Kind::slot_event;
    entry.slot = ended->slot();
  }
  entry.callback = std::move(event.callback);
}

void WindowRunner::hand_out() {
  // An actor with a start or a child's end in the window runs the window in its turns only.
  for (Entry& entry : entries_)
    if (entry.kind == Entry::Kind::slot_event && !entry.slot->frozen.exchange(true))
      touched_.push_back(entry.slot);
  std::vector<Slot*> tasks;
  for (Entry& entry : entries_) {
    if (entry.kind != Entry::Kind::delivery && entry.kind != Entry::Kind::timer) continue;
    Slot& slot = *entry.slot;
    if (slot.retired || slot.down || !slot.actor || slot.has_spawned || slot.frozen.load())
      continue;
    // A message to an actor inside an actor-down window is dropped at its turn, and the actor
    // lives on: it must not have seen the message ahead.
    if (entry.kind == Entry::Kind::delivery &&
        sim_.network_.faults().actor_down(slot.name_, entry.time))
      continue;
    if (slot.window_entries.empty()) {
      touched_.push_back(&slot);
      tasks.push_back(&slot);
    }
    slot.window_entries.push_back(&entry);
  }
  if (tasks.empty()) return;  // nothing to run ahead: every event runs in its turn
  {
    std::lock_guard lock(mutex_);
    for (Slot* slot : tasks) {
      if (slot->home == 0xffffffffu) slot->home = next_home_++ % tasks_.size();
      tasks_[slot->home].push_back(slot);
    }
  }
  changed_.notify_all();
}

void WindowRunner::turn_of(Entry& entry) {
  if (entry.kind == Entry::Kind::kernel || entry.kind == Entry::Kind::slot_event) {
    ++sim_.events_processed_;
    ++at_cursor_events_;
    const auto start = std::chrono::steady_clock::now();
    entry.callback();
    if (!sim_.to_bury_.empty()) sim_.bury_retired();
    turn_ns_ += elapsed_ns(start);
    return;
  }
  int expected = Entry::pending;
  if (entry.state.compare_exchange_strong(expected, Entry::at_cursor)) {
    ++at_cursor_events_;
    run_in_turn(entry);
    return;
  }
  // A worker has it (ahead) or dropped it (done): give it the turn, wait for its end.
  {
    std::unique_lock lock(mutex_);
    turn_ = &entry;
    changed_.notify_all();
    changed_.wait(lock, [&] { return entry.state.load() == Entry::done; });
    turn_ = nullptr;
  }
  ++ahead_events_;
  if (!entry.admitted) admit(entry);  // dropped before its turn: its drop record, if any
  if (entry.counted) ++sim_.events_processed_;
  if (entry.error) std::rethrow_exception(entry.error);
}

bool WindowRunner::admit(Entry& entry) {
  entry.admitted = true;
  Slot& slot = *entry.slot;
  if (entry.kind == Entry::Kind::delivery) {
    entry.counted = true;
    return sim_.admit_delivery(entry.message, slot);
  }
  // A timer, as Simulation::fire_timer: released before its callback, no record when its owner
  // is gone; a timer cancelled after it was taken into the window does not count as an event.
  Simulation::TimerRecord& record = sim_.timers_[entry.timer_index];
  if (record.generation != entry.timer_generation || record.owner == nullptr) return false;
  entry.counted = true;
  record.claimed = nullptr;
  sim_.release_timer(entry.timer_index, entry.timer_generation);
  if (slot.retired) return false;
  TraceRecord r;
  r.time = sim_.now_;
  r.kind = RecordKind::timer;
  r.actor = slot.name_;
  r.operation = std::move(entry.label);
  sim_.trace_.emit(std::move(r));
  return true;
}

void WindowRunner::run_handler(Entry& entry) {
  Slot& slot = *entry.slot;
  if (entry.kind == Entry::Kind::delivery)
    slot.actor->on_message(entry.message);
  else
    entry.callback();
}

void WindowRunner::run_in_turn(Entry& entry) {
  const auto start = std::chrono::steady_clock::now();
  const bool runs = admit(entry);
  if (entry.counted) ++sim_.events_processed_;
  if (runs) {
    run_handler(entry);
    entry.slot->event_ended();
  }
  if (!sim_.to_bury_.empty()) sim_.bury_retired();
  entry.state = Entry::done;
  turn_ns_ += elapsed_ns(start);
}

void WindowRunner::await_turn(Slot& slot) {
  Entry& entry = *slot.ahead_entry;
  {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return turn_ == &entry || entry.ghost.load() || aborting_; });
    if (turn_ != &entry || aborting_) {
      slot.mode = Slot::Mode::ghost;
      slot.held.clear();
      return;
    }
  }
  slot.mode = Slot::Mode::direct;
  if (admit(entry)) {
    slot.flush_held();  // what the handler posted, noted and set ahead, in its order
  } else {
    slot.mode = Slot::Mode::ghost;
    slot.held.clear();
  }
}

void WindowRunner::worker_loop(std::size_t worker) {
  std::deque<Slot*>& mine = tasks_[worker];
  for (;;) {
    Slot* slot = nullptr;
    {
      std::unique_lock lock(mutex_);
      changed_.wait(lock, [&] { return stopping_ || !mine.empty(); });
      if (stopping_) return;
      slot = mine.front();
      mine.pop_front();
      ++active_;
    }
    run_task(*slot);
    {
      std::lock_guard lock(mutex_);
      --active_;
    }
    changed_.notify_all();
  }
}

void WindowRunner::run_task(Slot& slot) {
  for (Entry* entry : slot.window_entries) {
    if (slot.frozen.load()) return;
    int expected = Entry::pending;
    if (!entry->state.compare_exchange_strong(expected, Entry::ahead)) return;
    run_ahead(slot, *entry);
  }
}

void WindowRunner::run_ahead(Slot& slot, Entry& entry) {
  const auto start = std::chrono::steady_clock::now();
  slot.ahead_entry = &entry;
  slot.ahead_time = entry.time;
  slot.mode = entry.ghost.load() ? Slot::Mode::ghost : Slot::Mode::ahead;
  if (slot.mode == Slot::Mode::ahead) {
    try {
      run_handler(entry);
    } catch (...) {
      entry.error = std::current_exception();
    }
  }
  if (slot.mode == Slot::Mode::ahead) {
    ahead_ns_ += elapsed_ns(start);
    await_turn(slot);  // a handler that never touched the kernel still has its record to write
  }
  finish_in_turn(entry, slot);
}

void WindowRunner::finish_in_turn(Entry& entry, Slot& slot) {
  const bool had_turn = slot.mode == Slot::Mode::direct;
  const auto start = std::chrono::steady_clock::now();
  if (had_turn) {
    try {
      if (!entry.error) slot.event_ended();
      if (!sim_.to_bury_.empty()) sim_.bury_retired();
    } catch (...) {
      if (!entry.error) entry.error = std::current_exception();
    }
  }
  slot.mode = Slot::Mode::direct;
  slot.ahead_entry = nullptr;
  slot.held.clear();
  if (had_turn) turn_ns_ += elapsed_ns(start);
  {
    std::lock_guard lock(mutex_);
    entry.state = Entry::done;
  }
  changed_.notify_all();
}

void WindowRunner::note_event(Slot& slot, Time at) {
  if (!in_window_ || at >= window_end_) return;
  if (!slot.frozen.exchange(true) && slot.window_entries.empty()) touched_.push_back(&slot);
}

void WindowRunner::slot_ended(Slot& slot) {
  if (!in_window_) return;
  {
    std::lock_guard lock(mutex_);
    for (Entry* entry : slot.window_entries) {
      entry->ghost = true;
      int expected = Entry::pending;
      entry->state.compare_exchange_strong(expected, Entry::done);
    }
  }
  changed_.notify_all();
}

void WindowRunner::drop_ahead(Entry& entry) {
  {
    std::lock_guard lock(mutex_);
    entry.ghost = true;
    int expected = Entry::pending;
    entry.state.compare_exchange_strong(expected, Entry::done);
  }
  changed_.notify_all();
}

void WindowRunner::wait_idle(Slot& slot) {
  if (!in_window_) return;
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] {
    for (const Entry* entry : slot.window_entries)
      if (entry != turn_ && entry->state.load() == Entry::ahead) return false;
    return true;
  });
}

void WindowRunner::check_not_ahead(PoppedEvent& event) {
  Slot* slot = nullptr;
  if (auto* timer = event.callback.target<Simulation::TimerHandle>())
    slot = sim_.timers_[timer->index()].owner;
  else if (auto* start = event.callback.target<Simulation::StartEvent>())
    slot = start->slot();
  else if (auto* ended = event.callback.target<Simulation::ChildEndedEvent>())
    slot = ended->slot();
  else if (event.callback.target<Simulation::DeliveryEvent>())
    throw std::logic_error("parallel window: a message arrived inside the window it was sent in");
  if (slot == nullptr) return;
  for (const Entry* entry : slot->window_entries)
    if (entry->state.load() == Entry::ahead)
      throw std::logic_error("parallel window: an event of '" + slot->name_ +
                             "' was created while a later one of it ran ahead");
}

void WindowRunner::end_window() {
  {
    std::unique_lock lock(mutex_);
    for (auto& queue : tasks_) queue.clear();
    changed_.wait(lock, [&] { return active_ == 0; });
  }
  for (Slot* slot : touched_) {
    slot->window_entries.clear();
    slot->frozen = false;
  }
  touched_.clear();
  entries_.clear();
  in_window_ = false;
}

void WindowRunner::abort_window() {
  {
    std::unique_lock lock(mutex_);
    aborting_ = true;
    for (auto& queue : tasks_) queue.clear();
    changed_.notify_all();
    changed_.wait(lock, [&] { return active_ == 0; });
    aborting_ = false;
    turn_ = nullptr;
  }
  for (Slot* slot : touched_) {
    slot->window_entries.clear();
    slot->frozen = false;
  }
  touched_.clear();
  // Claimed timers keep no pointer into the entries about to go.
  for (auto& record : sim_.timers_) record.claimed = nullptr;
  entries_.clear();
  in_window_ = false;
}

void WindowRunner::add_stats(ParallelStats& stats) const {
  stats.windows = windows_;
  stats.ahead = ahead_events_;
  stats.at_cursor = at_cursor_events_;
  stats.ahead_seconds = static_cast<double>(ahead_ns_.load()) * 1e-9;
  stats.turn_seconds = static_cast<double>(turn_ns_.load()) * 1e-9;
}

}  // namespace ifa026::sim
