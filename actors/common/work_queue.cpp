// Work queue with processing times and a concurrency limit (see work_queue.hpp).
#include "actors/common/work_queue.hpp"

#include <algorithm>
#include <utility>

namespace ifa026::actors {

WorkQueue::WorkQueue(sim::ActorContext& context, std::size_t concurrency)
    : context_(context), concurrency_(std::max<std::size_t>(concurrency, 1)) {}

void WorkQueue::submit(sim::Duration service, std::string label, std::function<void()> done) {
  Job job{service, std::move(label), std::move(done)};
  if (running_ < concurrency_) {
    start(std::move(job));
    return;
  }
  waiting_.push_back(std::move(job));
  peak_waiting_ = std::max(peak_waiting_, waiting_.size());
}

void WorkQueue::start(Job job) {
  ++running_;
  auto finish = [this, done = std::move(job.done)]() mutable {
    --running_;
    // Free the worker before running `done`, which may submit more work.
    if (!waiting_.empty()) {
      Job next = std::move(waiting_.front());
      waiting_.pop_front();
      start(std::move(next));
    }
    done();
  };
  context_.schedule(job.service, std::move(job.label), std::move(finish));
}

}  // namespace ifa026::actors
