// The ifa026 program: dispatches to the subcommands and turns usage errors into exit code 2.
#include <cstdio>
#include <cstring>
#include <exception>
#include <string>
#include <string_view>

#include "cli/arguments.hpp"
#include "cli/commands.hpp"

namespace ifa026 {
std::string_view version();
std::string_view git_commit();
}  // namespace ifa026

namespace ifa026::cli {

std::string version_string() {
  return std::string(ifa026::version()) + " (commit " + std::string(ifa026::git_commit()) + ")";
}

namespace {

constexpr const char* kUsage =
    R"(ifa026 - discrete-event simulator and conformance harness for ETSI GS NFV-IFA 026

Usage: ifa026 COMMAND [OPTIONS]

Commands:
  conform   run the conformance suite and write its reports
  report    write the HTML report of a conform output folder: report DIR [--out FILE]
  run       run one scenario and write its trace and manifest
  validate  check scenario files
  list      list the shipped scenarios or the requirement catalogue
  ca        a CA directory and CMP-over-HTTP enrolment server (init, register, serve, crl)
  actor     play one actor for a harness in another process: actor serve [TYPE]
            (docs/adapter-protocol.md)
  load      drive a CMP-over-HTTP server with concurrent clients: operations/s, latency,
            failures by PKIFailureInfo; or --floor, one enrolment's cryptography in-process
  audit     check an exported audit log: audit verify FILE [--keys KEYSFILE]
  fingerprints
            trace fingerprints of scenarios under every scheduler; --write stores the golden
            file the tests compare with (docs/testing.md)
  sweep     run a parameter grid x seeds through GNU parallel, or emit a Slurm array script
  merge     collect the metrics.json of many runs into one CSV table
  graph     draw a scenario's trust model: graph trust SCENARIO --format dot|svg
  generate  print a generated scenario: generate hierarchy [OPTIONS] (docs/research-guide.md)

Options:
  --help     show this help (or COMMAND --help for a command's own)
  --version  show the version and git commit

Exit codes: 0 ok, 1 some verdict fail or inconc, 2 bad input or usage, 3 harness error.
)";

}  // namespace
}  // namespace ifa026::cli

int main(int argc, char** argv) {
  using namespace ifa026::cli;
  if (argc < 2) {
    std::fputs(kUsage, stderr);
    return 2;
  }
  const std::string command = argv[1];
  Args args(argv + 2, argv + argc);
  if (command == "--help" || command == "-h" || command == "help") {
    std::fputs(kUsage, stdout);
    return 0;
  }
  if (command == "--version") {
    std::printf("ifa026 %s\n", version_string().c_str());
    return 0;
  }
  try {
    if (command == "validate") return validate_command(args);
    if (command == "run") return run_command(args);
    if (command == "list") return list_command(args);
    if (command == "conform") return conform_command(args);
    if (command == "report") return report_command(args);
    if (command == "ca") return ca_command(args);
    if (command == "actor") return actor_command(args);
    if (command == "load") return load_command(args);
    if (command == "audit") return audit_command(args);
    if (command == "fingerprints") return fingerprints_command(args);
    if (command == "sweep") return sweep_command(args);
    if (command == "merge") return merge_command(args);
    if (command == "graph") return graph_command(args);
    if (command == "generate") return generate_command(args);
    std::fprintf(stderr, "ifa026: unknown command '%s'\n\n%s", command.c_str(), kUsage);
    return 2;
  } catch (const UsageError& e) {
    std::fprintf(stderr, "ifa026 %s: %s (see ifa026 %s --help)\n", command.c_str(), e.what(),
                 command.c_str());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "ifa026 %s: error: %s\n", command.c_str(), e.what());
    return 3;
  }
}
