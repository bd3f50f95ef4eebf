// A line-speaking child process with deadlines (see child_process.hpp).
#include "actors/external/child_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace ifa026::actors::external {

namespace {

// Milliseconds left until `deadline`, at least 0, at most a day (poll's int).
int millis_left(ChildProcess::Clock::time_point deadline) {
  const auto left =
      std::chrono::duration_cast<std::chrono::milliseconds>(deadline - ChildProcess::Clock::now());
  if (left.count() <= 0) return 0;
  return static_cast<int>(std::min<long long>(left.count(), 86'400'000));
}

void close_fd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

}  // namespace

ChildProcess::~ChildProcess() {
  terminate();
}

void ChildProcess::start(const std::vector<std::string>& argv) {
  if (argv.empty()) throw std::runtime_error("no program to start");
  // A write to a process that ended must be an error return, not the end of the harness.
  std::signal(SIGPIPE, SIG_IGN);
  int in[2];
  int out[2];
  if (::pipe2(in, O_CLOEXEC) != 0) throw std::runtime_error(std::strerror(errno));
  if (::pipe2(out, O_CLOEXEC) != 0) {
    ::close(in[0]);
    ::close(in[1]);
    throw std::runtime_error(std::strerror(errno));
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in[0], STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
  std::vector<char*> args;
  args.reserve(argv.size() + 1);
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = -1;
  const int rc = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(in[0]);
  ::close(out[1]);
  if (rc != 0) {
    ::close(in[1]);
    ::close(out[0]);
    throw std::runtime_error("cannot start '" + argv[0] + "': " + std::strerror(rc));
  }
  pid_ = pid;
  to_child_ = in[1];
  from_child_ = out[0];
  ::fcntl(to_child_, F_SETFL, ::fcntl(to_child_, F_GETFL) | O_NONBLOCK);
  ::fcntl(from_child_, F_SETFL, ::fcntl(from_child_, F_GETFL) | O_NONBLOCK);
  buffer_.clear();
  status_.reset();
}

bool ChildProcess::write_line(const std::string& line, Clock::time_point deadline) {
  if (to_child_ < 0) return false;
  std::string data = line;
  data.push_back('\n');
  std::size_t done = 0;
  timed_out_ = false;
  while (done < data.size()) {
    const ssize_t n = ::write(to_child_, data.data() + done, data.size() - done);
    if (n > 0) {
      done += static_cast<std::size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) return false;  // EPIPE: it ended
    pollfd p{to_child_, POLLOUT, 0};
    const int ready = ::poll(&p, 1, millis_left(deadline));
    if (ready == 0) {
      timed_out_ = true;
      return false;
    }
    if (ready < 0 && errno != EINTR) return false;
    if (ready > 0 && (p.revents & (POLLERR | POLLHUP)) != 0 && (p.revents & POLLOUT) == 0)
      return false;
  }
  return true;
}

std::optional<std::string> ChildProcess::read_line(Clock::time_point deadline,
                                                   std::size_t max_line) {
  timed_out_ = false;
  too_long_ = false;
  if (from_child_ < 0) return std::nullopt;
  std::size_t scanned = 0;
  while (true) {
    const auto newline = buffer_.find('\n', scanned);
    if (newline != std::string::npos) {
      std::string line = buffer_.substr(0, newline);
      buffer_.erase(0, newline + 1);
      return line;
    }
    scanned = buffer_.size();
    if (buffer_.size() > max_line) {
      too_long_ = true;
      return std::nullopt;
    }
    pollfd p{from_child_, POLLIN, 0};
    const int ready = ::poll(&p, 1, millis_left(deadline));
    if (ready == 0) {
      timed_out_ = true;
      return std::nullopt;
    }
    if (ready < 0) {
      if (errno == EINTR) continue;
      return std::nullopt;
    }
    char chunk[65536];
    const ssize_t n = ::read(from_child_, chunk, sizeof chunk);
    if (n > 0) {
      buffer_.append(chunk, static_cast<std::size_t>(n));
      continue;
    }
    if (n < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)) continue;
    return std::nullopt;  // end of its output: it ended or closed stdout
  }
}

bool ChildProcess::reap(bool wait) {
  if (pid_ <= 0) return true;
  int status = 0;
  const pid_t r = ::waitpid(pid_, &status, wait ? 0 : WNOHANG);
  if (r == pid_) {
    status_ = status;
    pid_ = -1;
    return true;
  }
  if (r < 0 && errno == ECHILD) {
    pid_ = -1;
    return true;
  }
  return false;
}

void ChildProcess::terminate(std::chrono::milliseconds grace) {
  close_fd(to_child_);
  if (pid_ > 0) {
    const auto until = Clock::now() + grace;
    while (!reap(false) && Clock::now() < until)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      reap(true);
    }
  }
  close_fd(from_child_);
}

std::string ChildProcess::exit_description() {
  if (!status_ && !reap(false)) {
    // Give a process whose output just ended a moment to be reaped.
    for (int i = 0; i < 100 && !reap(false); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  if (!status_) return pid_ > 0 ? "still running" : "ended";
  if (WIFEXITED(*status_)) return "exit status " + std::to_string(WEXITSTATUS(*status_));
  if (WIFSIGNALED(*status_)) return "killed by signal " + std::to_string(WTERMSIG(*status_));
  return "ended";
}

}  // namespace ifa026::actors::external
