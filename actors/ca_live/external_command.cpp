// Command templates and running them with a timeout (see external_command.hpp).
#include "actors/ca_live/external_command.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <thread>

extern char** environ;

namespace ifa026::actors::ca_live {

namespace {

constexpr std::size_t kMaxOutput = 64 * 1024;

// The placeholders "{name}" in `text`, in order; false when a brace is unbalanced.
bool placeholders(const std::string& text, std::vector<std::string>& out) {
  std::size_t at = 0;
  while (true) {
    const std::size_t open = text.find('{', at);
    const std::size_t close_before = text.find('}', at);
    if (open == std::string::npos) return close_before == std::string::npos;
    if (close_before < open) return false;
    const std::size_t close = text.find('}', open);
    if (close == std::string::npos) return false;
    out.push_back(text.substr(open + 1, close - open - 1));
    at = close + 1;
  }
}

std::string substituted(const std::string& text, const CommandValues& values,
                        const std::string* list_name, const std::string* list_value) {
  std::string out;
  std::size_t at = 0;
  while (true) {
    const std::size_t open = text.find('{', at);
    if (open == std::string::npos) break;
    const std::size_t close = text.find('}', open);
    out += text.substr(at, open - at);
    const std::string name = text.substr(open + 1, close - open - 1);
    if (list_name != nullptr && name == *list_name) {
      out += *list_value;
    } else if (auto it = values.single.find(name); it != values.single.end()) {
      out += it->second;
    }
    at = close + 1;
  }
  return out + text.substr(at);
}

std::string joined(const std::set<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "{" : ", {") + n + "}";
  return out.empty() ? "none" : out;
}

}  // namespace

std::optional<std::string> command_template_problem(const nlohmann::json& argv,
                                                    const std::set<std::string>& single,
                                                    const std::set<std::string>& lists) {
  if (!argv.is_array() || argv.empty())
    return "expected a non-empty array of strings (the command and its arguments)";
  if (!argv.front().is_string() || argv.front().get<std::string>().empty())
    return "/0: the command must be a non-empty string";
  auto check_text = [&](const std::string& text, const std::string& where, bool in_group,
                        int& list_uses) -> std::optional<std::string> {
    std::vector<std::string> names;
    if (!placeholders(text, names)) return where + ": unbalanced { or } in \"" + text + "\"";
    for (const auto& name : names) {
      if (single.count(name) != 0) continue;
      if (lists.count(name) != 0) {
        if (!in_group)
          return where + ": {" + name + "} is a list: put it in a group, e.g. [\"--" + name +
                 "\", \"{" + name + "}\"]";
        ++list_uses;
        continue;
      }
      return where + ": unknown placeholder {" + name + "} (known: " + joined(single) +
             "; in a group: " + joined(lists) + ")";
    }
    return std::nullopt;
  };
  for (std::size_t i = 0; i < argv.size(); ++i) {
    const std::string where = "/" + std::to_string(i);
    const auto& item = argv[i];
    int list_uses = 0;
    if (item.is_string()) {
      if (auto why = check_text(item.get<std::string>(), where, false, list_uses)) return why;
      continue;
    }
    if (!item.is_array() || item.empty() || i == 0)
      return where + ": expected a string, or a group: an array of strings";
    std::set<std::string> group_lists;
    for (std::size_t k = 0; k < item.size(); ++k) {
      if (!item[k].is_string()) return where + "/" + std::to_string(k) + ": expected a string";
      const std::string text = item[k].get<std::string>();
      if (auto why = check_text(text, where + "/" + std::to_string(k), true, list_uses)) return why;
      std::vector<std::string> names;
      placeholders(text, names);
      for (const auto& n : names)
        if (lists.count(n) != 0) group_lists.insert(n);
    }
    if (group_lists.size() != 1)
      return where + ": a group holds exactly one list placeholder (" + joined(lists) + ")";
  }
  return std::nullopt;
}

std::vector<std::string> expand_command(const nlohmann::json& argv, const CommandValues& values) {
  std::vector<std::string> out;
  for (const auto& item : argv) {
    if (item.is_string()) {
      out.push_back(substituted(item.get<std::string>(), values, nullptr, nullptr));
      continue;
    }
    // A group: the list it names, once per value.
    std::string list_name;
    for (const auto& part : item) {
      std::vector<std::string> names;
      placeholders(part.get<std::string>(), names);
      for (const auto& n : names)
        if (values.lists.count(n) != 0) list_name = n;
    }
    auto list = values.lists.find(list_name);
    if (list == values.lists.end()) continue;
    for (const auto& value : list->second)
      for (const auto& part : item)
        out.push_back(substituted(part.get<std::string>(), values, &list_name, &value));
  }
  return out;
}

std::string CommandRun::describe() const {
  if (!error.empty()) return error;
  if (timed_out) return "timed out after " + std::to_string(took.count()) + "ms";
  std::string last;
  std::size_t end = output.find_last_not_of("\r\n");
  if (end != std::string::npos) {
    const std::size_t start = output.rfind('\n', end);
    last = output.substr(start == std::string::npos ? 0 : start + 1,
                         end - (start == std::string::npos ? 0 : start + 1) + 1);
  }
  std::string text = exit_code >= 0 ? "exited " + std::to_string(exit_code) : "killed";
  return last.empty() ? text : text + ": " + last;
}

CommandRun run_command(const std::vector<std::string>& argv, std::chrono::milliseconds timeout) {
  CommandRun run;
  const auto started = std::chrono::steady_clock::now();
  if (argv.empty()) {
    run.error = "no command";
    return run;
  }
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    run.error = std::string("cannot run ") + argv.front() + ": pipe: " + std::strerror(errno);
    return run;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
  posix_spawn_file_actions_adddup2(&actions, fds[1], 2);
  std::vector<std::string> args = argv;
  std::vector<char*> pointers;
  for (auto& a : args) pointers.push_back(a.data());
  pointers.push_back(nullptr);
  pid_t pid = -1;
  const int spawned =
      posix_spawnp(&pid, args.front().c_str(), &actions, nullptr, pointers.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(fds[1]);
  if (spawned != 0) {
    ::close(fds[0]);
    run.error = "cannot run " + argv.front() + ": " + std::strerror(spawned);
    return run;
  }
  const auto deadline = started + timeout;
  bool open = true;
  while (open) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      run.timed_out = true;
      break;
    }
    pollfd p{fds[0], POLLIN, 0};
    const int ready = ::poll(&p, 1, static_cast<int>(std::min<long long>(left.count(), 1000)));
    if (ready < 0 && errno != EINTR) break;
    if (ready <= 0) continue;
    char buffer[4096];
    const ssize_t n = ::read(fds[0], buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      open = false;
      break;
    }
    if (run.output.size() < kMaxOutput)
      run.output.append(buffer, std::min<std::size_t>(static_cast<std::size_t>(n),
                                                      kMaxOutput - run.output.size()));
  }
  ::close(fds[0]);
  int status = 0;
  if (run.timed_out) {
    ::kill(pid, SIGKILL);
    ::waitpid(pid, &status, 0);
  } else {
    // The output closed: the command ended (or closed its output); wait out the rest of the time.
    while (true) {
      const pid_t done = ::waitpid(pid, &status, WNOHANG);
      if (done == pid) break;
      if (done < 0 && errno != EINTR) break;
      if (std::chrono::steady_clock::now() >= deadline) {
        run.timed_out = true;
        ::kill(pid, SIGKILL);
        ::waitpid(pid, &status, 0);
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    if (!run.timed_out && WIFEXITED(status)) run.exit_code = WEXITSTATUS(status);
  }
  run.took = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - started);
  return run;
}

}  // namespace ifa026::actors::ca_live
