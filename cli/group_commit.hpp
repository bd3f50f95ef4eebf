// Group commit for `ifa026 ca serve`: requests are handled one after another, but their answers
// wait until what they changed is durable, and one commit (a journal fdatasync and the snapshots,
// pki::CaStore::commit) makes every change made meanwhile durable at once. A thread of its own
// runs the commits while the next requests are handled (docs/ca-serve.md, "Storage").
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace ifa026::cli {

class GroupCommit {
 public:
  // Makes every change so far durable and returns the number of the last one; throws on failure.
  using Commit = std::function<std::uint64_t()>;
  // Called once with the reason when a commit fails (the committer then stops: the changes since
  // the last commit exist only in memory, and every waiting answer is refused).
  using Failed = std::function<void(const std::string&)>;

  GroupCommit(Commit commit, Failed failed);
  // Commits what is left, runs the waiting callbacks, and ends the thread.
  ~GroupCommit();
  GroupCommit(const GroupCommit&) = delete;
  GroupCommit& operator=(const GroupCommit&) = delete;

  // Runs `done(true)` once change `ticket` (and every earlier one) is durable, on the commit
  // thread or at once if it already is; `done(false)` if it cannot be made durable.
  void when_durable(std::uint64_t ticket, std::function<void(bool)> done);

 private:
  void run();

  Commit commit_;
  Failed failed_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::multimap<std::uint64_t, std::function<void(bool)>> waiting_;
  std::uint64_t durable_ = 0;
  bool broken_ = false;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace ifa026::cli
