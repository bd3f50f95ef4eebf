// `ifa026 sweep SPEC.json`: expands a parameter grid x seeds into run folders (each with its
// scenario.json and params.json) and a job list, then executes the list through GNU parallel
// (--joblog/--resume, -j, --sshlogin passed through) or writes a Slurm job-array script for it
// (--emit slurm). The engines schedule, retry and resume; this command only plans and hands over.
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "actors/builtin_actors.hpp"
#include "cli/arguments.hpp"
#include "cli/commands.hpp"
#include "cli/sweep_plan.hpp"
#include "conformance/catalogue.hpp"
#include "conformance/scenario_rules.hpp"
#include "reports/text_file.hpp"
#include "sim/scenario.hpp"

extern char** environ;

namespace ifa026::cli {

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

constexpr const char* kSweepHelp =
    R"(Usage: ifa026 sweep SPEC.json [--out DIR] [-j N] [--sshlogin LOGIN]... [--retries N]
                    [--retry-failed] [--emit slurm|jobs] [--sbatch OPTION]...

Expands the sweep SPEC.json (docs/research-guide.md, "Sweep") into one run per combination of its
parameter values and seed, and runs them through GNU parallel:

  DIR/runs/NNNN/scenario.json  the run's scenario (the base, or the generator's output, with the
                               run's values at the parameters' JSON pointers and its seed)
  DIR/runs/NNNN/params.json    the run's parameter values and seed (ifa026 merge reads them)
  DIR/runs/NNNN/               then trace.jsonl, manifest.json, metrics.json, metrics.csv, run.log
  DIR/jobs.txt                 one shell command line per run
  DIR/joblog.txt               GNU parallel's job log: running the same sweep again resumes it
                               (jobs in the log are skipped; --retry-failed runs the failed ones
                               again, --retries N retries a failure at once)
  DIR/sweep.json               the plan; a rerun into DIR with a different plan is refused

  --out DIR          output folder (default: the spec's "out", else out/sweep/NAME)
  -j N, --jobs N     jobs at once (parallel's -j: a number, or N% of the cores); default: cores
  --sshlogin LOGIN   run jobs on this host too (parallel's --sshlogin, repeatable; ":" is the local
                     machine): the hosts need ifa026 and DIR at the same absolute paths
  --retries N        retry a failed job up to N times (parallel's --retries)
  --retry-failed     resume with parallel's --resume-failed instead of --resume
  --emit slurm       do not execute: write DIR/sweep.sbatch, a Slurm job array (one task per job
                     line) to submit with `sbatch DIR/sweep.sbatch`; --sbatch OPTION adds
                     "#SBATCH OPTION" lines (e.g. --sbatch --partition=short)
  --emit jobs        do not execute: write the run folders and DIR/jobs.txt only

Exit codes: 0 every job succeeded (or the files were emitted), 1 some job failed (see
DIR/joblog.txt and the run's run.log), 2 bad input, 3 harness error (GNU parallel missing).
)";

void print(const std::vector<sim::Diagnostic>& errors) {
  for (const auto& d : errors) std::fprintf(stderr, "%s\n", sim::format_diagnostic(d).c_str());
}

// Runs argv (argv[0] searched in PATH), its stdout captured into `out` when given; stderr and,
// without `out`, stdout are inherited. Returns the exit status, 127 when it could not start, 128+N
// when killed by signal N.
int spawn(const std::vector<std::string>& argv, std::string* out) {
  std::vector<char*> raw;
  for (const auto& a : argv) raw.push_back(const_cast<char*>(a.c_str()));
  raw.push_back(nullptr);
  int pipe_fds[2] = {-1, -1};
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  if (out) {
    if (pipe(pipe_fds) != 0) throw std::runtime_error("cannot create a pipe");
    posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, pipe_fds[0]);
    posix_spawn_file_actions_addclose(&actions, pipe_fds[1]);
  }
  std::fflush(stdout);
  pid_t pid = 0;
  const int rc = posix_spawnp(&pid, raw[0], &actions, nullptr, raw.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (out) {
    close(pipe_fds[1]);
    if (rc == 0) {
      char buffer[65536];
      for (ssize_t n; (n = read(pipe_fds[0], buffer, sizeof buffer)) != 0;) {
        if (n < 0) {
          if (errno == EINTR) continue;
          break;
        }
        out->append(buffer, static_cast<std::size_t>(n));
      }
    }
    close(pipe_fds[0]);
  }
  if (rc != 0) return 127;
  int status = 0;
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) return 127;
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

std::string joined(const std::vector<std::string>& words) {
  std::string s;
  for (const auto& w : words) s += (s.empty() ? "" : " ") + shell_quote(w);
  return s;
}

}  // namespace

int sweep_command(const Args& raw) {
  Arguments args(raw, {"--out", "-j", "--jobs", "--sshlogin", "--retries", "--emit", "--sbatch"},
                 {"--help", "-h", "--retry-failed"});
  if (args.flag("--help") || args.flag("-h")) {
    std::fputs(kSweepHelp, stdout);
    return 0;
  }
  if (args.positional().size() != 1) throw UsageError("expected exactly one sweep specification");
  const auto emit = args.value("--emit");
  if (emit && *emit != "slurm" && *emit != "jobs")
    throw UsageError("--emit expects slurm or jobs, got '" + *emit + "'");
  if (!args.values("--sbatch").empty() && emit != "slurm")
    throw UsageError("--sbatch needs --emit slurm");
  std::vector<sim::Diagnostic> errors;
  const auto spec = read_sweep_spec(args.positional()[0], errors);
  if (!spec) {
    print(errors);
    return 2;
  }
  const fs::path out = fs::absolute(args.value("--out")  ? *args.value("--out")
                                    : !spec->out.empty() ? spec->out
                                                         : "out/sweep/" + spec->name)
                           .lexically_normal();
  const std::string program = fs::canonical("/proc/self/exe").string();
  const auto runs = expand_sweep(*spec);

  // A rerun continues the same sweep only.
  const auto plan = sweep_plan_json(*spec, runs);
  const fs::path plan_file = out / "sweep.json";
  if (fs::exists(plan_file)) {
    std::ifstream in(plan_file);
    const auto previous = nlohmann::ordered_json::parse(in, nullptr, false);
    if (previous != plan) {
      std::fprintf(stderr,
                   "%s: error: %s holds a different sweep (its sweep.json differs); give another "
                   "--out or remove the folder\n",
                   spec->file.c_str(), out.string().c_str());
      return 2;
    }
  }

  // Each run's scenario, validated before anything runs.
  const auto registry = actors::builtin_registry();
  const auto rules = conformance::scenario_rules(conformance::Catalogue::builtin());
  std::optional<json> base;
  std::map<std::vector<std::string>, json> generated;  // generator command line -> scenario
  if (!spec->base.empty()) {
    auto expanded = sim::expand_scenario_file(spec->base);
    if (!expanded.errors.empty()) {
      print(expanded.errors);
      return 2;
    }
    base = std::move(expanded.root);
  }
  std::string jobs;
  int invalid = 0;
  for (const auto& run : runs) {
    const fs::path folder = out / "runs" / run.id;
    json start;
    if (base) {
      start = *base;
    } else {
      const auto gen_args = generator_arguments(*spec, run);
      auto it = generated.find(gen_args);
      if (it == generated.end()) {
        std::vector<std::string> argv = {program, "generate"};
        argv.insert(argv.end(), gen_args.begin(), gen_args.end());
        std::string text;
        const int rc = spawn(argv, &text);
        if (rc != 0) {
          std::fprintf(stderr, "%s: error: the generator `ifa026 generate %s` exited with %d\n",
                       spec->file.c_str(), joined(gen_args).c_str(), rc);
          return rc == 2 ? 2 : 3;
        }
        auto parsed = json::parse(text, nullptr, false);
        if (parsed.is_discarded()) {
          std::fprintf(stderr, "%s: error: `ifa026 generate %s` did not print a JSON scenario\n",
                       spec->file.c_str(), joined(gen_args).c_str());
          return 3;
        }
        it = generated.emplace(gen_args, std::move(parsed)).first;
      }
      start = it->second;
    }
    std::string error;
    auto scenario = run_scenario(*spec, run, std::move(start), error);
    if (!scenario) {
      std::fprintf(stderr, "%s: error: %s\n", spec->file.c_str(), error.c_str());
      return 2;
    }
    fs::create_directories(folder);
    const std::string scenario_file = (folder / "scenario.json").string();
    std::string text = scenario->dump(2) + "\n";
    auto load = sim::load_scenario_text(scenario_file, text, registry, rules);
    if (!load.scenario) {
      print(load.errors);
      ++invalid;
    }
    reports::write_text_file(scenario_file, text);
    reports::write_text_file((folder / "params.json").string(),
                             run_parameters(*spec, run).dump(2) + "\n");
    jobs += job_line(*spec, program, folder.string()) + "\n";
  }
  if (invalid > 0) {
    std::fprintf(stderr, "%s: error: %d run scenario(s) are not valid; nothing was run\n",
                 spec->file.c_str(), invalid);
    return 2;
  }
  const std::string jobs_file = (out / "jobs.txt").string();
  reports::write_text_file(jobs_file, jobs);
  reports::write_text_file(plan_file.string(), plan.dump(2) + "\n");
  std::printf("%s: %zu runs (%zu parameter combinations x %zu seeds) in %s\n", spec->name.c_str(),
              runs.size(), runs.size() / spec->seeds.size(), spec->seeds.size(),
              out.string().c_str());

  if (emit == "jobs") {
    std::printf("wrote %s (one command line per run)\n", jobs_file.c_str());
    return 0;
  }
  if (emit == "slurm") {
    const fs::path logs = out / "slurm";
    fs::create_directories(logs);
    const std::string script = (out / "sweep.sbatch").string();
    reports::write_text_file(script, slurm_script(spec->name, jobs_file, runs.size(), logs.string(),
                                                  args.values("--sbatch")));
    fs::permissions(script, fs::perms::owner_exec, fs::perm_options::add);
    std::printf("wrote %s (a Slurm array of %zu tasks over %s); submit it with: sbatch %s\n",
                script.c_str(), runs.size(), jobs_file.c_str(), script.c_str());
    return 0;
  }

  std::vector<std::string> argv = {"parallel", "--will-cite", "--joblog",
                                   (out / "joblog.txt").string(),
                                   args.flag("--retry-failed") ? "--resume-failed" : "--resume"};
  if (auto j = args.value("-j") ? args.value("-j") : args.value("--jobs")) {
    argv.push_back("-j");
    argv.push_back(*j);
  }
  for (const auto& login : args.values("--sshlogin")) {
    argv.push_back("--sshlogin");
    argv.push_back(login);
  }
  if (auto retries = args.value("--retries")) {
    argv.push_back("--retries");
    argv.push_back(*retries);
  }
  argv.push_back("::::");
  argv.push_back(jobs_file);
  std::printf("running: %s\n", joined(argv).c_str());
  const int rc = spawn(argv, nullptr);
  if (rc == 127) {
    std::fprintf(stderr,
                 "ifa026 sweep: error: cannot run GNU parallel (Debian package `parallel`, see "
                 "scripts/setup-deps.sh); the job list is %s\n",
                 jobs_file.c_str());
    return 3;
  }
  if (rc != 0) {
    std::fprintf(stderr,
                 "ifa026 sweep: %d job(s) failed (GNU parallel exit %d); see %s and each run's "
                 "run.log; run the same command with --retry-failed to run them again\n",
                 rc <= 100 ? rc : 0, rc, (out / "joblog.txt").string().c_str());
    return 1;
  }
  std::printf("done: %zu runs; merge them with: ifa026 merge %s\n", runs.size(),
              out.string().c_str());
  return 0;
}

}  // namespace ifa026::cli
