// ifa026-bench's main: runs the Google Benchmark suites, then prints the ratios the design's
// budgets are stated in (DESIGN §8), from runs of the same process, with their targets, and the
// budgets stated as a counter's bound (steady-state bytes per identity).
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace {

// Remembers items_per_second (and the counters budgets name) of every benchmark while the console
// reporter prints as usual. With repetitions (make bench runs five, interleaved at random, so that
// a burst of load on the machine does not fall on one side of a ratio only) the median is used;
// without, the single run.
class RatioReporter : public benchmark::ConsoleReporter {
 public:
  // Colours only on a terminal, so out/ logs and CI stay plain text.
  RatioReporter() : ConsoleReporter(::isatty(STDOUT_FILENO) == 1 ? OO_ColorTabular : OO_Tabular) {}
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
    ConsoleReporter::ReportRuns(runs);
  }
  std::map<std::string, double> rates;
  std::map<std::string, double> counters;  // by "function name:counter" (no arguments)
  std::set<std::string> from_median;
};

struct Budget {
  const char* name;
  const char* fast;
  const char* baseline;
  double target;
};

// name, measured benchmark, baseline in the same run, minimum ratio (0: report only, no target).
const Budget kBudgets[] = {
    {"scheduler hold model vs naive priority_queue<std::function>", "BM_Scheduler_Hold/10000",
     "BM_Scheduler_NaiveHold/10000", 3.0},
    {"bare CMP ir+certConf vs its crypto floor (P-256)", "BM_Cmp_BareEnrolment",
     "BM_Crypto_EnrolmentFloor", 0.0},
    {"direct-mode enrolment vs bare CMP (target >= 0.9x)", "BM_Enrol_DirectMode",
     "BM_Cmp_BareEnrolment", 0.9},
    {"direct-mode enrolment vs crypto floor (reported)", "BM_Enrol_DirectMode",
     "BM_Crypto_EnrolmentFloor", 0.0},
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

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  RatioReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  std::printf("\nBudgets (ratios within this run):\n");
  for (const auto& budget : kBudgets) {
    auto fast = reporter.rates.find(budget.fast);
    auto slow = reporter.rates.find(budget.baseline);
    if (fast == reporter.rates.end() || slow == reporter.rates.end() || slow->second <= 0) {
      std::printf("  %-62s not run\n", budget.name);
      continue;
    }
    const double ratio = fast->second / slow->second;
    if (budget.target <= 0) {
      std::printf("  %-62s %5.2fx (reported)\n", budget.name, ratio);
      continue;
    }
    std::printf("  %-62s %5.2fx (target >= %.1fx) %s\n", budget.name, ratio, budget.target,
                ratio >= budget.target ? "met" : "NOT MET");
  }
  for (const auto& ceiling : kCeilings) {
    auto base = reporter.rates.find(ceiling.baseline);
    auto extra = reporter.rates.find(ceiling.extra);
    if (base == reporter.rates.end() || extra == reporter.rates.end() || base->second <= 0 ||
        extra->second <= 0) {
      std::printf("  %-62s not run\n", ceiling.name);
      continue;
    }
    std::printf("  %-62s %5.2fx (reported)\n", ceiling.name,
                extra->second / (extra->second + base->second));
  }
  for (const auto& budget : kCounterBudgets) {
    auto it = reporter.counters.find(budget.counter);
    if (it == reporter.counters.end()) {
      std::printf("  %-62s not run\n", budget.name);
      continue;
    }
    std::printf("  %-62s %7.0f (target <= %.0f) %s\n", budget.name, it->second, budget.maximum,
                it->second <= budget.maximum ? "met" : "NOT MET");
  }
  return 0;
}
