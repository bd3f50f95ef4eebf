// ifa026-bench's main: runs the Google Benchmark suites, then works out the ratios the design's
// budgets are stated in (DESIGN §8), from runs of the same process, with their targets, and the
// budgets stated as a counter's bound (steady-state bytes per identity).
//
// Output, as Google Benchmark's own main gives it: --benchmark_format (console, json, csv)
// decides what stdout holds, so `--benchmark_format=json` prints one JSON document there. The
// Budgets block goes to stderr, and into the JSON as context.budgets (stdout and the
// --benchmark_out file when it is JSON). Extra flags:
//   --check-budgets        exit 1 when a budget with a target is not met (budgets not run, for
//                          example left out by --benchmark_filter, do not fail)
//   --budget-factor=X      multiply every minimum ratio by X and divide every maximum by X
//                          (X > 1 tightens): for a noisy CI machine, or to test the gate
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace {

// Remembers items_per_second (and the counters budgets name) of every benchmark while the display
// reporter of --benchmark_format prints as usual. With repetitions (make bench runs five,
// interleaved at random, so that a burst of load on the machine does not fall on one side of a
// ratio only) the median is used; without, the single run.
class RatioReporter : public benchmark::BenchmarkReporter {
 public:
  explicit RatioReporter(std::unique_ptr<benchmark::BenchmarkReporter> display)
      : display_(std::move(display)) {}
  bool ReportContext(const Context& context) override { return display_->ReportContext(context); }
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const auto& run : runs) {
      // Function and arguments only: options such as MinTime or Iterations stay out of the name.
      const std::string name =
          run.run_name.function_name + (run.run_name.args.empty() ? "" : "/" + run.run_name.args);
      const bool median = run.run_type == Run::RT_Aggregate && run.aggregate_name == "median";
      if (!median && (run.run_type != Run::RT_Iteration || from_median.count(name))) continue;
      for (const auto& [counter, value] : run.counters) {
        if (counter == "items_per_second")
          rates[name] = value.value;
        else
          counters[run.run_name.function_name + ":" + counter] = value.value;
      }
      if (median) from_median.insert(name);
    }
    display_->ReportRuns(runs);
  }
  void Finalize() override { display_->Finalize(); }

  std::map<std::string, double> rates;
  std::map<std::string, double> counters;  // by "function name:counter" (no arguments)
  std::set<std::string> from_median;

 private:
  std::unique_ptr<benchmark::BenchmarkReporter> display_;
};

// What a ratio budget bounds. rate_at_least: the measured benchmark's items_per_second over the
// baseline's, at least `target` (it is at least that fast). cost_at_most: the measured benchmark's
// time per item over the baseline's (the baseline's rate over the measured one's), at most
// `target` (it costs at most that many times the baseline per item).
enum class Bound { rate_at_least, cost_at_most };

struct Budget {
  const char* name;
  const char* fast;
  const char* baseline;
  double target;
  Bound bound = Bound::rate_at_least;
};

// name, measured benchmark, baseline in the same run, target (0: report only, no target), bound.
const Budget kBudgets[] = {
    {"scheduler hold model vs naive priority_queue<std::function>", "BM_Scheduler_Hold/10000",
     "BM_Scheduler_NaiveHold/10000", 3.0},
    {"bare CMP ir+certConf vs its crypto floor (P-256)", "BM_Cmp_BareEnrolment",
     "BM_Crypto_EnrolmentFloor", 0.0},
    {"direct-mode enrolment vs bare CMP (target >= 0.9x)", "BM_Enrol_DirectMode",
     "BM_Cmp_BareEnrolment", 0.9},
    {"direct-mode enrolment vs crypto floor (reported)", "BM_Enrol_DirectMode",
     "BM_Crypto_EnrolmentFloor", 0.0},
    // Issue 14: the same 1,000 VNF LCM operations, every one gated by a Fully-Active SM.
    {"SM run costs at most 1.5x the SM-less run per operation", "BM_Lcm_WithFullyActiveSm",
     "BM_Lcm_WithoutSm", 1.5, Bound::cost_at_most},
    // Issue 15: a generated SM hierarchy at 10x the domains (SMs and VNFs alike) costs about the
    // same per LCM operation (linear in operations, not in domains x SMs).
    {"hierarchy run at 300 domains costs at most 1.25x per operation the run at 30",
     "BM_Hierarchy_Run/300", "BM_Hierarchy_Run/30", 1.25, Bound::cost_at_most},
};

// The best ratio a benchmark could reach against `baseline` if it cost exactly the baseline's
// work plus `extra`'s (per item, rates of the same run): extra / (extra + baseline).
struct Ceiling {
  const char* name;
  const char* baseline;
  const char* extra;
};

const Ceiling kCeilings[] = {
    {"direct-mode vs bare CMP ceiling from its extra crypto alone", "BM_Cmp_BareEnrolment",
     "BM_Crypto_DirectModeExtrasFloor"},
};

// A counter of one benchmark with an upper bound (absolute: bytes are not a wall-clock figure).
struct CounterBudget {
  const char* name;
  const char* counter;  // "function name:counter"
  double maximum;
};

const CounterBudget kCounterBudgets[] = {
    {"steady-state bytes per identity (target <= 4096)",
     "BM_Enrol_SteadyStateMemory:bytes_per_identity", 4096.0},
};

// One line of the Budgets block.
struct BudgetResult {
  std::string name;
  std::string kind;     // "ratio", "ceiling" or "counter"
  bool run = false;     // both figures were measured in this run
  double measured = 0;  // the ratio or the counter
  std::string bound;    // ">=" (minimum), "<=" (maximum) or "" (reported only)
  double target = 0;    // after --budget-factor
  std::string status;   // "met", "NOT MET", "reported" or "not run"
};

std::vector<BudgetResult> evaluate_budgets(const RatioReporter& reporter, double factor) {
  std::vector<BudgetResult> out;
  for (const auto& budget : kBudgets) {
    const bool cost = budget.bound == Bound::cost_at_most;
    const std::string bound = budget.target <= 0 ? "" : cost ? "<=" : ">=";
    const double target = cost ? budget.target / factor : budget.target * factor;
    BudgetResult r{budget.name, "ratio", false, 0, bound, target, "not run"};
    auto fast = reporter.rates.find(budget.fast);
    auto slow = reporter.rates.find(budget.baseline);
    if (fast != reporter.rates.end() && slow != reporter.rates.end() && slow->second > 0 &&
        (!cost || fast->second > 0)) {
      r.run = true;
      r.measured = cost ? slow->second / fast->second : fast->second / slow->second;
      const bool met = cost ? r.measured <= r.target : r.measured >= r.target;
      r.status = budget.target <= 0 ? "reported" : met ? "met" : "NOT MET";
    }
    out.push_back(std::move(r));
  }
  for (const auto& ceiling : kCeilings) {
    BudgetResult r{ceiling.name, "ceiling", false, 0, "", 0, "not run"};
    auto base = reporter.rates.find(ceiling.baseline);
    auto extra = reporter.rates.find(ceiling.extra);
    if (base != reporter.rates.end() && extra != reporter.rates.end() && base->second > 0 &&
        extra->second > 0) {
      r.run = true;
      r.measured = extra->second / (extra->second + base->second);
      r.status = "reported";
    }
    out.push_back(std::move(r));
  }
  for (const auto& budget : kCounterBudgets) {
    BudgetResult r{budget.name, "counter", false, 0, "<=", budget.maximum / factor, "not run"};
    if (auto it = reporter.counters.find(budget.counter); it != reporter.counters.end()) {
      r.run = true;
      r.measured = it->second;
      r.status = r.measured <= r.target ? "met" : "NOT MET";
    }
    out.push_back(std::move(r));
  }
  return out;
}

void print_budgets(const std::vector<BudgetResult>& budgets, std::FILE* to) {
  std::fprintf(to, "\nBudgets (ratios within this run):\n");
  for (const auto& b : budgets) {
    if (!b.run) {
      std::fprintf(to, "  %-62s not run\n", b.name.c_str());
    } else if (b.kind == "counter") {
      std::fprintf(to, "  %-62s %7.0f (target <= %.0f) %s\n", b.name.c_str(), b.measured, b.target,
                   b.status.c_str());
    } else if (b.bound.empty()) {
      std::fprintf(to, "  %-62s %5.2fx (reported)\n", b.name.c_str(), b.measured);
    } else {
      std::fprintf(to, "  %-62s %5.2fx (target %s %.1fx) %s\n", b.name.c_str(), b.measured,
                   b.bound.c_str(), b.target, b.status.c_str());
    }
  }
}

nlohmann::ordered_json budgets_json(const std::vector<BudgetResult>& budgets) {
  nlohmann::ordered_json array = nlohmann::ordered_json::array();
  for (const auto& b : budgets) {
    nlohmann::ordered_json entry = {{"name", b.name}, {"kind", b.kind}, {"status", b.status}};
    if (b.run) entry["measured"] = b.measured;
    if (!b.bound.empty()) {
      entry["bound"] = b.bound;
      entry["target"] = b.target;
    }
    array.push_back(std::move(entry));
  }
  return array;
}

// A Google Benchmark JSON document with the budgets added as context.budgets; the text unchanged
// if it does not parse (it is then not ours to fix).
std::string with_budgets(const std::string& text, const nlohmann::ordered_json& budgets) {
  auto doc = nlohmann::ordered_json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) return text;
  doc["context"]["budgets"] = budgets;
  return doc.dump(2) + "\n";
}

// The value of "--name=value" among the arguments, or nullopt.
std::optional<std::string> flag_value(int argc, char** argv, std::string_view name) {
  std::optional<std::string> value;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg.size() > name.size() + 1 && arg.starts_with(name) && arg[name.size()] == '=')
      value = std::string(arg.substr(name.size() + 1));
  }
  return value;
}

}  // namespace

int main(int argc, char** argv) {
  // Our own flags first (Google Benchmark would reject them as unknown).
  bool check_budgets = false;
  double factor = 1.0;
  int kept = 1;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--check-budgets") {
      check_budgets = true;
    } else if (arg.starts_with("--budget-factor=")) {
      char* end = nullptr;
      factor = std::strtod(argv[i] + 16, &end);
      if (end == argv[i] + 16 || *end != '\0' || !(factor > 0)) {
        std::fprintf(stderr, "ifa026-bench: --budget-factor expects a positive number, got '%s'\n",
                     argv[i] + 16);
        return 2;
      }
    } else {
      argv[kept++] = argv[i];
    }
  }
  argc = kept;
  argv[argc] = nullptr;
  const std::string format = flag_value(argc, argv, "--benchmark_format").value_or("console");
  const std::string out_file = flag_value(argc, argv, "--benchmark_out").value_or("");
  const std::string out_format = flag_value(argc, argv, "--benchmark_out_format").value_or("json");

  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  // The console table as before (colours only on a terminal, so logs and CI stay plain text);
  // any other format as Google Benchmark makes it, JSON buffered to add the budgets.
  std::unique_ptr<benchmark::BenchmarkReporter> display;
  if (format == "console")
    display = std::make_unique<benchmark::ConsoleReporter>(
        ::isatty(STDOUT_FILENO) == 1 ? benchmark::ConsoleReporter::OO_ColorTabular
                                     : benchmark::ConsoleReporter::OO_Tabular);
  else
    display.reset(benchmark::CreateDefaultDisplayReporter());
  std::ostringstream json_buffer;
  if (format == "json") display->SetOutputStream(&json_buffer);
  RatioReporter reporter(std::move(display));
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();

  const auto budgets = evaluate_budgets(reporter, factor);
  print_budgets(budgets, stderr);
  const auto budgets_doc = budgets_json(budgets);
  if (format == "json") {
    std::cout << with_budgets(json_buffer.str(), budgets_doc) << std::flush;
  }
  if (!out_file.empty() && out_format == "json") {
    std::ifstream in(out_file);
    std::stringstream text;
    text << in.rdbuf();
    if (in) std::ofstream(out_file, std::ios::trunc) << with_budgets(text.str(), budgets_doc);
  }
  if (check_budgets) {
    int missed = 0;
    for (const auto& b : budgets) missed += b.status == "NOT MET" ? 1 : 0;
    if (missed > 0) {
      std::fprintf(stderr, "ifa026-bench: %d budget(s) not met\n", missed);
      return 1;
    }
  }
  return 0;
}
