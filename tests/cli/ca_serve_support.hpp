// Test helpers for `ifa026 ca` and the real `openssl cmp` against it: running commands, and
// `ifa026 ca serve` as a background process on a free port. Shared by ca_command_test.cpp and
// openssl_cmp_suite_test.cpp. Header-only.
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/test_support.hpp"

extern char** environ;

namespace ifa026::test::ca {

namespace fs = std::filesystem;

struct Result {
  int code = -1;
  std::string out;  // stdout and stderr together
};

inline Result shell(const std::string& command) {
  ifa026::test::CommandResult r = ifa026::test::run_command(command, " 2>&1 </dev/null");
  return Result{r.exit_code, std::move(r.output)};
}

inline std::string quoted(const fs::path& p) {
  return "'" + p.string() + "'";
}

// The program under test: the one built with the tests, or $IFA026_TEST_BINARY (e.g. an older
// build, to see a test fail without a fix).
inline std::string ifa026_binary() {
  const char* other = std::getenv("IFA026_TEST_BINARY");
  return other != nullptr && *other != '\0' ? std::string(other) : std::string(IFA026_BINARY);
}

inline Result run_ifa026(const std::string& args) {
  return shell("'" + ifa026_binary() + "' " + args);
}

inline fs::path temp_dir(const std::string& name) {
  return ifa026::test::fresh_temp_dir("ifa026-ca-" + name);
}

inline std::string read(const fs::path& p) {
  return ifa026::test::read_file(p);
}

inline unsigned mode_of(const fs::path& p) {
  struct stat st {};
  if (::stat(p.c_str(), &st) != 0) return 0;
  return st.st_mode & 0777;
}

inline std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// `ifa026 ca serve --dir DIR --port 0` in the background; stopped (SIGTERM, then SIGKILL) when
// the object goes, whatever the test did.
class Server {
 public:
  explicit Server(const fs::path& dir, const std::vector<std::string>& options = {})
      : log_(dir.parent_path() / (dir.filename().string() + ".log")) {
    int fds[2];
    if (::pipe(fds) != 0) return;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
    posix_spawn_file_actions_addopen(&actions, 2, log_.c_str(), O_WRONLY | O_CREAT | O_APPEND,
                                     0644);
    posix_spawn_file_actions_addclose(&actions, fds[0]);
    posix_spawn_file_actions_addclose(&actions, fds[1]);
    const std::string binary = ifa026_binary();
    std::vector<std::string> args{binary, "ca", "serve", "--dir", dir.string(), "--port", "0"};
    args.insert(args.end(), options.begin(), options.end());
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    if (posix_spawn(&pid_, binary.c_str(), &actions, nullptr, argv.data(), environ) != 0) pid_ = -1;
    posix_spawn_file_actions_destroy(&actions);
    ::close(fds[1]);
    // The first line: "listening on http://127.0.0.1:PORT/pkix/".
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (pid_ > 0 && first_line_.find('\n') == std::string::npos &&
           std::chrono::steady_clock::now() < deadline) {
      pollfd p{fds[0], POLLIN, 0};
      if (::poll(&p, 1, 200) <= 0) continue;
      char c[256];
      ssize_t n = ::read(fds[0], c, sizeof c);
      if (n <= 0) break;
      first_line_.append(c, static_cast<std::size_t>(n));
    }
    stdout_fd_ = fds[0];
    auto colon = first_line_.rfind(':');
    auto slash = first_line_.find("/pkix/");
    if (first_line_.starts_with("listening on http://") && colon != std::string::npos &&
        slash != std::string::npos && slash > colon) {
      port_ = std::stoi(first_line_.substr(colon + 1, slash - colon - 1));
    }
  }
  ~Server() { stop(); }
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  int port() const { return port_; }
  const std::string& first_line() const { return first_line_; }
  std::string log() const { return read(log_); }

  // SIGKILL (kill -9: no chance to write anything more) and wait.
  void kill_hard() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    if (stdout_fd_ >= 0) ::close(stdout_fd_);
    stdout_fd_ = -1;
  }

  // SIGTERM and wait; returns the exit status (-1 if it had to be killed).
  int stop() {
    if (pid_ <= 0) return -1;
    ::kill(pid_, SIGTERM);
    int status = 0;
    int code = -1;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (true) {
      pid_t done = ::waitpid(pid_, &status, WNOHANG);
      if (done == pid_) {
        code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        break;
      }
      if (done < 0 || std::chrono::steady_clock::now() > deadline) {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, &status, 0);
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    pid_ = -1;
    if (stdout_fd_ >= 0) ::close(stdout_fd_);
    stdout_fd_ = -1;
    return code;
  }

 private:
  fs::path log_;
  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  std::string first_line_;
  int port_ = 0;
};

}  // namespace ifa026::test::ca
