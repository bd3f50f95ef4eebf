// ifa026-bench's main: runs the Google Benchmark suites, then prints the ratios the design's
// budgets are stated in (DESIGN §8), from runs of the same process, with their targets.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace {

// Remembers items_per_second of every benchmark while the console reporter prints as usual. With
// repetitions (make bench runs five, interleaved at random, so that a burst of load on the machine
// does not fall on one side of a ratio only) the median is used; without, the single run.
class RatioReporter : public benchmark::ConsoleReporter {
 public:
  // Colours only on a terminal, so out/ logs and CI stay plain text.
  RatioReporter() : ConsoleReporter(::isatty(STDOUT_FILENO) == 1 ? OO_ColorTabular : OO_Tabular) {}
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const auto& run : runs) {
      auto it = run.counters.find("items_per_second");
      if (it == run.counters.end()) continue;
      const std::string name = run.run_name.str();
      if (run.run_type == Run::RT_Aggregate && run.aggregate_name == "median") {
        rates[name] = it->second.value;
        from_median.insert(name);
      } else if (run.run_type == Run::RT_Iteration && !from_median.count(name)) {
        rates[name] = it->second.value;
      }
    }
    ConsoleReporter::ReportRuns(runs);
  }
  std::map<std::string, double> rates;
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
  return 0;
}
