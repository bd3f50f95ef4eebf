// The ifa026 program as the CLI tests run it: from the source folder (so it finds scenarios/),
// stdin closed, stdout and stderr together unless asked for stdout alone.
#pragma once

#include <string>
#include <utility>

#include "tests/support/test_support.hpp"

namespace ifa026::test {

struct ProgramResult {
  int code = -1;
  std::string out;
};

inline ProgramResult ifa026(const std::string& args, bool with_stderr = true) {
  const std::string cmd = std::string("cd '") + IFA026_SOURCE_DIR + "' && '" + IFA026_BINARY +
                          "' " + args + (with_stderr ? " 2>&1" : " 2>/dev/null") + " </dev/null";
  CommandResult r = run_command(cmd, "");
  return ProgramResult{r.exit_code, std::move(r.output)};
}

}  // namespace ifa026::test
