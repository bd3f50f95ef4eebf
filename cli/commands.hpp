// The ifa026 subcommands. Each takes the arguments after its name and returns the exit code:
// 0 success (conform: nothing failed), 1 some fail/inconc, 2 bad input or usage, 3 harness error.
#pragma once

#include <string>
#include <vector>

namespace ifa026::cli {

using Args = std::vector<std::string>;

int validate_command(const Args& args);
int run_command(const Args& args);
int list_command(const Args& args);
int conform_command(const Args& args);
// `ifa026 fingerprints`: trace fingerprints under every scheduler; --write stores the golden file.
int fingerprints_command(const Args& args);
// `ifa026 ca init|register|serve|crl`: a real-world CA over a directory (cli/ca_command.cpp).
int ca_command(const Args& args);
// `ifa026 actor serve [TYPE]`: one actor over the adapter protocol (docs/adapter-protocol.md).
int actor_command(const Args& args);
// `ifa026 load`: a CMP load generator against a CMP-over-HTTP server, or the in-process
// enrolment floor (cli/load_command.cpp).
int load_command(const Args& args);
// `ifa026 audit verify FILE [--keys KEYSFILE]`: checks an exported audit chain
// (cli/audit_command.cpp).
int audit_command(const Args& args);
// `ifa026 sweep SPEC.json`: a parameter grid x seeds through GNU parallel or a Slurm array
// (cli/sweep_command.cpp); `ifa026 merge DIR...`: their metrics.json as one CSV
// (cli/merge_command.cpp); `ifa026 graph trust SCENARIO`: the trust model as DOT or SVG
// (cli/graph_command.cpp).
int sweep_command(const Args& args);
int merge_command(const Args& args);
int graph_command(const Args& args);
// `ifa026 generate hierarchy [OPTIONS]`: a generated scenario on stdout (cli/generate_command.cpp).
int generate_command(const Args& args);
// `ifa026 report DIR [--out FILE]`: the HTML report of a conform output folder
// (cli/report_command.cpp).
int report_command(const Args& args);

// "0.1.0 (commit abc123)".
std::string version_string();

}  // namespace ifa026::cli
