// Work queue with processing times and a concurrency limit (see work_queue.hpp).
#include "actors/common/work_queue.hpp"

#include <algorithm>
#include <utility>

#include "actors/common/trace_detail.hpp"

namespace ifa026::actors {

WorkQueue::WorkQueue(sim::ActorContext& context, std::size_t concurrency, std::string name)
    : context_(context),
      concurrency_(std::max<std::size_t>(concurrency, 1)),
      name_(std::move(name)) {}

void WorkQueue::trace_occupancy() {
  if (name_.empty()) return;
  sim::TraceRecord r;
  r.kind = sim::RecordKind::log;
  r.operation = "WorkQueue";
  r.detail = TraceDetail()
                 .add("queue", name_)
                 .add("running", static_cast<long long>(running_))
                 .add("waiting", static_cast<long long>(waiting()));
  context_.note(std::move(r));
}

void WorkQueue::submit(sim::Duration service, std::string label, std::function<void()> done) {
  Job job{service, std::move(label), std::move(done)};
  if (running_ < concurrency_) {
    start(std::move(job));
  } else {
    if (!waiting_) waiting_ = std::make_unique<std::deque<Job>>();
    waiting_->push_back(std::move(job));
    peak_waiting_ = std::max(peak_waiting_, waiting_->size());
  }
  trace_occupancy();
}

void WorkQueue::start(Job job) {
  ++running_;
  auto finish = [this, done = std::move(job.done)]() mutable {
    --running_;
    // Free the worker before running `done`, which may submit more work.
    if (waiting_ && !waiting_->empty()) {
      Job next = std::move(waiting_->front());
      waiting_->pop_front();
      if (waiting_->empty()) waiting_.reset();
      start(std::move(next));
    }
    trace_occupancy();
    done();
  };
  context_.after(job.service, std::move(job.label), std::move(finish));
}

}  // namespace ifa026::actors
