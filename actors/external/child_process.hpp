// A child process spoken to in lines: its stdin and stdout are pipes, each exchange is bounded by
// a wall-clock deadline, and it ends (politely, then by SIGKILL) when the object goes. The one
// place the harness waits on something outside the simulation (docs/adapter-protocol.md).
#pragma once

#include <sys/types.h>
#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace ifa026::actors::external {

class ChildProcess {
 public:
  using Clock = std::chrono::steady_clock;

  ChildProcess() = default;
  // Ends the process if it still runs (see terminate).
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // Starts `argv` (argv[0] searched in PATH when it has no slash) with stdin and stdout piped and
  // stderr inherited. Throws std::runtime_error naming the program when it cannot be started.
  void start(const std::vector<std::string>& argv);
  bool running() const { return pid_ > 0; }

  // Writes `line` and a newline; false when the process no longer reads (it ended) or the
  // deadline passed first.
  bool write_line(const std::string& line, Clock::time_point deadline);
  // The next line the process wrote (without its newline), or nullopt at the deadline or at the
  // end of its output; `timed_out()` tells which. Lines longer than `max_line` bytes end the
  // reading as malformed (`too_long()`).
  std::optional<std::string> read_line(Clock::time_point deadline,
                                       std::size_t max_line = std::size_t{256} << 20);
  bool timed_out() const { return timed_out_; }
  bool too_long() const { return too_long_; }

  // Closes its stdin, waits up to `grace` for it to exit, then kills it; idempotent.
  void terminate(std::chrono::milliseconds grace = std::chrono::milliseconds(2000));
  // How the process ended ("exit status 3", "killed by signal 9"), reaping it if it has ended;
  // "still running" otherwise.
  std::string exit_description();

 private:
  bool reap(bool wait);

  pid_t pid_ = -1;
  int to_child_ = -1;
  int from_child_ = -1;
  std::string buffer_;
  bool timed_out_ = false;
  bool too_long_ = false;
  std::optional<int> status_;
};

}  // namespace ifa026::actors::external
