// The group commit of `ifa026 ca serve` (see group_commit.hpp): one thread that commits whenever
// answers wait, then releases every answer whose changes the commit covered.
#include "cli/group_commit.hpp"

#include <algorithm>
#include <exception>
#include <utility>

namespace ifa026::cli {

GroupCommit::GroupCommit(Commit commit, Failed failed)
    : commit_(std::move(commit)), failed_(std::move(failed)), thread_([this] { run(); }) {}

GroupCommit::~GroupCommit() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void GroupCommit::when_durable(std::uint64_t ticket, std::function<void(bool)> done) {
  {
    std::lock_guard lock(mutex_);
    if (!broken_ && ticket > durable_) {
      waiting_.emplace(ticket, std::move(done));
      wake_.notify_all();
      return;
    }
  }
  done(!broken_ || ticket <= durable_);
}

void GroupCommit::run() {
  std::unique_lock lock(mutex_);
  while (true) {
    wake_.wait(lock, [this] { return stopping_ || !waiting_.empty(); });
    if (waiting_.empty() && stopping_) return;
    lock.unlock();
    std::uint64_t durable = 0;
    std::string error;
    try {
      durable = commit_();
    } catch (const std::exception& e) {
      error = e.what();
    }
    lock.lock();
    std::vector<std::pair<std::function<void(bool)>, bool>> ready;
    if (!error.empty()) {
      broken_ = true;
      for (auto& [ticket, done] : waiting_) ready.emplace_back(std::move(done), false);
      waiting_.clear();
    } else {
      durable_ = std::max(durable_, durable);
      auto end = waiting_.upper_bound(durable_);
      for (auto it = waiting_.begin(); it != end; ++it)
        ready.emplace_back(std::move(it->second), true);
      waiting_.erase(waiting_.begin(), end);
    }
    lock.unlock();
    if (!error.empty() && failed_) failed_(error);
    for (auto& [done, ok] : ready) done(ok);
    lock.lock();
    if (broken_) {
      // Answers that come later are refused at once (when_durable), nothing more is committed.
      wake_.wait(lock, [this] { return stopping_; });
      return;
    }
  }
}

}  // namespace ifa026::cli
