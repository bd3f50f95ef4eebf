// Processing time and a concurrency limit for an actor's work (a CA signing, an HSM generating a
// key): at most `concurrency` jobs run at once, each for its service time in simulated time; the
// others wait first in, first out. Load thereby shows up as queueing delay. A named queue traces
// every change of its occupancy (a log record "WorkQueue" with detail
// "queue=NAME; running=N; waiting=M"), from which the run metrics draw queue length over time.
#pragma once

#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <string>

#include "sim/actor.hpp"

namespace ifa026::actors {

class WorkQueue {
 public:
  // `concurrency` 0 is taken as 1. An empty `name` traces nothing.
  WorkQueue(sim::ActorContext& context, std::size_t concurrency, std::string name = "");
  WorkQueue(const WorkQueue&) = delete;
  WorkQueue& operator=(const WorkQueue&) = delete;

  // Runs `done` once a worker has worked on the job for `service` (a zero service still runs
  // after the current event, as a timer). `label` names the job's timer in the trace.
  void submit(sim::Duration service, std::string label, std::function<void()> done);

  std::size_t running() const { return running_; }
  std::size_t waiting() const { return waiting_ ? waiting_->size() : 0; }
  std::size_t concurrency() const { return concurrency_; }
  // Largest number of jobs ever waiting.
  std::size_t peak_waiting() const { return peak_waiting_; }

 private:
  struct Job {
    sim::Duration service;
    std::string label;
    std::function<void()> done;
  };
  void start(Job job);
  void trace_occupancy();

  sim::ActorContext& context_;
  std::size_t concurrency_;
  std::string name_;
  std::size_t running_ = 0;
  std::size_t peak_waiting_ = 0;
  // Created when a job first has to wait and released once none waits: an idle queue (most of
  // them: one per VNFCI) holds no heap memory (libstdc++'s deque allocates on construction).
  std::unique_ptr<std::deque<Job>> waiting_;
};

}  // namespace ifa026::actors
