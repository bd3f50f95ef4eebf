// The commands a `ca-live` actor runs on the vendor's side (docs/live-ca.md): its
// `register_command` (provision an end entity's initial credential at the real CA) and its
// `crl_command` (have the CA write its current CRL). A command is an argv template, a JSON array
// whose strings may hold placeholders ("{reference}") and whose nested arrays are groups repeated
// once per value of the one list placeholder they hold (["--dns", "{dns}"]: once per dNSName,
// none when there is none). Running one blocks the simulation (simulated time does not move) for
// at most a wall-clock timeout; no shell is involved, so values need no quoting.
#pragma once

#include <chrono>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace ifa026::actors::ca_live {

// The values a template's placeholders take: single values and lists (for groups).
struct CommandValues {
  std::map<std::string, std::string> single;
  std::map<std::string, std::vector<std::string>> lists;
};

// Why `argv` (a parameter's value) is not a template whose placeholders are among `single` and
// `lists` (each group holding exactly one of `lists`), or nullopt when it is one. The reason
// names the offending element by its JSON pointer below the parameter ("/3: ...").
std::optional<std::string> command_template_problem(const nlohmann::json& argv,
                                                    const std::set<std::string>& single,
                                                    const std::set<std::string>& lists);

// The argv `argv` (checked by command_template_problem) stands for with `values`.
std::vector<std::string> expand_command(const nlohmann::json& argv, const CommandValues& values);

struct CommandRun {
  int exit_code = -1;  // -1: did not start, was killed, or timed out
  bool timed_out = false;
  std::string output;  // stdout and stderr together, at most 64 KiB
  std::string error;   // why it did not run (spawn failure)
  std::chrono::milliseconds took{0};
  bool ok() const { return error.empty() && !timed_out && exit_code == 0; }
  // "exited 2: <last line of output>", "timed out after 10s", "cannot run X: ...".
  std::string describe() const;
};

// Runs argv[0] (looked up in PATH) with argv, stdin from /dev/null, waiting at most `timeout`;
// a command still running then is killed (SIGKILL) and reaped.
CommandRun run_command(const std::vector<std::string>& argv, std::chrono::milliseconds timeout);

}  // namespace ifa026::actors::ca_live
