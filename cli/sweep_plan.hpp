// A parameter sweep's plan (docs/research-guide.md, "Sweep"): the sweep specification read from
// JSON with located errors, and its expansion into runs — every combination of the parameter grid
// (first parameter slowest) times every seed, each run a folder holding its own scenario file
// (the base scenario, or the output of a generator command line, with the run's values written at
// the parameters' JSON pointers and its seed set), params.json (the run's values) and, once
// executed, its outputs; plus the job list (one shell command line per run) that GNU parallel or
// a Slurm job array executes, and the Slurm array script. No process is started here: the
// generator is reached through a function the caller gives.
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "sim/diagnostic.hpp"

namespace ifa026::cli {

struct SweepParameter {
  std::string name;
  std::string pointer;  // a JSON pointer into the scenario, or empty
  std::string option;   // a generator option ("--depth") given the value, or empty
  std::vector<nlohmann::json> values;
};

struct SweepSpec {
  std::string file;                   // the specification file
  std::string name;                   // the sweep's name (default: the file's stem)
  std::string base;                   // base scenario file, resolved against file's folder
  std::vector<std::string> generate;  // or a generator command line (ifa026 generate ARGS)
  std::vector<SweepParameter> parameters;
  std::vector<std::uint64_t> seeds;
  std::string command = "run";        // "run" or "conform"
  std::vector<std::string> run_args;  // passed to `ifa026 run` (e.g. "--until", "10s")
  std::string out;                    // output folder ("" when the spec names none)
};

// Reads and checks a specification; errors are located (FILE:LINE:COLUMN and pointer).
std::optional<SweepSpec> read_sweep_spec(const std::string& path,
                                         std::vector<sim::Diagnostic>& errors);

struct SweepRun {
  std::string id;                      // "0001": the folder name under runs/
  std::vector<nlohmann::json> values;  // one per parameter, in the spec's order
  std::uint64_t seed = 0;
};

// Every run: the grid in the spec's parameter order (the last parameter varies fastest), each
// point with every seed in the spec's order.
std::vector<SweepRun> expand_sweep(const SweepSpec& spec);

// A value as text for a generator command line: strings as they are, other JSON as dumped.
std::string sweep_value_text(const nlohmann::json& value);
// The generator command line of a run: `{NAME}` (a parameter's name) and `{seed}` replaced by
// the run's values, then `OPTION VALUE` appended for each parameter with an option.
std::vector<std::string> generator_arguments(const SweepSpec& spec, const SweepRun& run);

// The run's scenario: `base` with the run's values at the parameters' pointers and "seed" set.
// A pointer whose parent does not exist in `base` (or an array index past its end) is an error
// naming the parameter; nullopt then, with `error` set.
std::optional<nlohmann::json> run_scenario(const SweepSpec& spec, const SweepRun& run,
                                           nlohmann::json base, std::string& error);

// params.json of a run: {"sweep", "run", "parameters": {NAME: VALUE...}, "seed"}.
nlohmann::ordered_json run_parameters(const SweepSpec& spec, const SweepRun& run);
// The whole plan as stored in OUT/sweep.json: a rerun into the same folder must find it equal.
nlohmann::ordered_json sweep_plan_json(const SweepSpec& spec, const std::vector<SweepRun>& runs);

// A word quoted for a POSIX shell (single quotes).
std::string shell_quote(const std::string& word);
// The job line of one run, executed by a shell from any working folder: `ifa026 run` of the run
// folder's scenario.json into that folder (stdout and stderr to run.log); for "conform", then
// `ifa026 conform` into DIR/conform, whose exit code 1 (some fail or inconc) is a result, not a
// failed job.
std::string job_line(const SweepSpec& spec, const std::string& program,
                     const std::string& run_folder);

// A Slurm batch script running the job list as a job array: one task per line of `jobs_file`
// (array 1-N), each task running its line with bash; `sbatch_options` become extra #SBATCH lines.
std::string slurm_script(const std::string& name, const std::string& jobs_file, std::size_t jobs,
                         const std::string& log_folder,
                         const std::vector<std::string>& sbatch_options);

}  // namespace ifa026::cli
