// The cost of a Fully-Active Security Manager (docs/security-manager.md, issue 14): the same NS
// lifecycle run of 1,000 VNF LCM operations with and without an SM, through the simulator and the
// real actors (oss, cmf, ca, nfvo, vnfm, vim, cism, vnfci, and sm), every trace record written as
// JSON Lines. BM_Lcm_WithFullyActiveSm gates every operation at the NFVO on sm-1's grant;
// BM_Lcm_WithoutSm is its baseline. The budget (bench_main.cpp): the SM run costs at most 1.5x the
// SM-less run per operation (DESIGN §8).
//
// The worlds come from the shipped files: the SM run from
// scenarios/security-manager/fully-active.json (the trust model and sm-1, its rules replaced by
// "approve every proposed operation, no delay"), the baseline from its base
// scenarios/lifecycle/ns-lifecycle.json. The workload is built here and is the same in both
// (the SM run registers sm-1 besides, and puts the VNFs in td-a): register the MANO entities,
// onboard the three packages, instantiate ns-1 (vnf-fw, vnf-lb, vnf-db), then kScalePairs
// scale_ns out/in pairs of vnf-fw's fw-ctl from the OSS, one every kSpacing (no two overlap), then
// terminate_ns. Operations: 3 instantiations + 2 x kScalePairs scalings + 3 terminations = 1,000.
// Each run checks from its trace that every operation completed and was granted and, with the SM,
// that every grant waited for an approved SmGrantDecision; otherwise the benchmark reports an
// error instead of a figure.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <string_view>

#include "actors/builtin_actors.hpp"
#include "sim/scenario.hpp"
#include "sim/simulation.hpp"
#include "sim/trace.hpp"

namespace {

using ifa026::sim::RecordKind;
using ifa026::sim::Simulation;
using ifa026::sim::TraceRecord;
using Json = nlohmann::json;

constexpr int kScalePairs = 497;
constexpr int kOperations = 3 + 2 * kScalePairs + 3;  // 1,000
constexpr int kFirstScaleSeconds = 60;
constexpr int kSpacingSeconds = 20;  // a scale operation ends within a few simulated seconds
const int kTerminateSeconds = kFirstScaleSeconds + 2 * kScalePairs * kSpacingSeconds;

// The value of `key` in a record's detail ("k1=v1; k2=v2"), or "".
std::string_view detail_value(std::string_view detail, std::string_view key) {
  std::size_t at = 0;
  while (at < detail.size()) {
    const std::size_t end = std::min(detail.find("; ", at), detail.size());
    const std::string_view item = detail.substr(at, end - at);
    if (item.size() > key.size() && item.starts_with(key) && item[key.size()] == '=')
      return item.substr(key.size() + 1);
    at = end + 2;
  }
  return {};
}

// What the checks read from the trace: VNF LCM operations completed or failed at the VNFM, the
// NFVO's grant decisions on Or-Vnfm, the NFVO's SM grant decisions by outcome, and every other
// record of the SM (its side and the MANO side's) to show the baseline holds none.
class LcmCounter final : public ifa026::sim::TraceSink {
 public:
  void on_record(const TraceRecord& r) override {
    if (r.kind != RecordKind::decision) return;
    if (r.operation == "VnfLcmOperation" && r.actor == "vnfm-1") {
      if (r.outcome == "completed") ++completed;
      if (r.outcome == "failed" || r.outcome == "rejected") ++failed;
    } else if (r.operation == "GrantDecision" && r.actor == "nfvo-1") {
      if (r.outcome == "granted") ++granted;
      if (r.outcome == "rejected") ++grants_refused;
    } else if (r.operation == "SmGrantDecision") {
      if (r.outcome == "approved" && detail_value(r.detail, "sm") == "sm-1") ++sm_approved;
      if (r.outcome != "approved") ++sm_not_approved;
    }
    if (r.operation.starts_with("Sm")) ++sm_records;
  }
  std::uint64_t completed = 0;
  std::uint64_t failed = 0;
  std::uint64_t granted = 0;
  std::uint64_t grants_refused = 0;
  std::uint64_t sm_approved = 0;
  std::uint64_t sm_not_approved = 0;
  std::uint64_t sm_records = 0;
};

Json expanded(const std::string& relative) {
  auto e =
      ifa026::sim::expand_scenario_file(std::string(IFA026_SOURCE_DIR) + "/scenarios/" + relative);
  if (!e.errors.empty())
    throw std::runtime_error("cannot expand " + relative + ": " + e.errors.front().message);
  return std::move(e.root);
}

Json command(int at_ms, const std::string& actor, const std::string& name, Json args) {
  return {
      {"at", std::to_string(at_ms) + "ms"}, {"actor", actor}, {"command", name}, {"args", args}};
}

// The workload of both runs; `with_sm` adds sm-1's registration and puts the VNFs in td-a (as
// fully-active.json does).
Json workload(bool with_sm) {
  Json w = Json::array();
  int at = 1000;
  for (const char* entity : {"nfvo-1", "vnfm-1", "vim-1", "cism-1"}) {
    w.push_back(command(at, "oss-1", "register", {{"entity", entity}}));
    at += 500;
  }
  if (with_sm) w.push_back(command(3000, "oss-1", "register", {{"entity", "sm-1"}}));
  for (const char* package : {"fw", "lb", "db"})
    w.push_back(command(10000, "oss-1", "onboard_package",
                        {{"package", std::string("pkg-") + package},
                         {"vnfd_id", std::string("vnfd-") + package},
                         {"version", "1.0"}}));
  Json vnfs = Json::array();
  for (const char* v : {"fw", "lb", "db"}) {
    Json vnf = {{"vnf", std::string("vnf-") + v},
                {"oss_app_id", std::string("app-") + v},
                {"vnfd_id", std::string("vnfd-") + v},
                {"flavour", "small"}};
    if (std::string_view(v) == "fw") vnf["certificate_configuration"] = {{"mode", "direct"}};
    if (with_sm) vnf["trust_domain"] = "td-a";
    vnfs.push_back(std::move(vnf));
  }
  w.push_back(command(15000, "oss-1", "instantiate_ns",
                      {{"ns", "ns-1"}, {"oss_app_id", "app-ns-1"}, {"vnfs", vnfs}}));
  for (int i = 0; i < 2 * kScalePairs; ++i)
    w.push_back(command((kFirstScaleSeconds + i * kSpacingSeconds) * 1000, "oss-1", "scale_ns",
                        {{"ns", "ns-1"},
                         {"vnf", "vnf-fw"},
                         {"type", i % 2 == 0 ? "SCALE_OUT" : "SCALE_IN"},
                         {"aspect", "fw-ctl"},
                         {"steps", 1}}));
  w.push_back(command(kTerminateSeconds * 1000, "oss-1", "terminate_ns", {{"ns", "ns-1"}}));
  return w;
}

// The world of one benchmark, loaded once: the shipped scenario, its workload, faults and expected
// results replaced; with the SM, sm-1 approves every proposed operation at once.
ifa026::sim::Scenario sm_overhead_scenario(bool with_sm,
                                           const ifa026::sim::ActorRegistry& registry) {
  Json root =
      expanded(with_sm ? "security-manager/fully-active.json" : "lifecycle/ns-lifecycle.json");
  root["name"] = with_sm ? "bench-lcm-fully-active-sm" : "bench-lcm-without-sm";
  root["duration"] = std::to_string(kTerminateSeconds + 120) + "s";
  root["workload"] = workload(with_sm);
  root.erase("faults");
  root.erase("expect");
  if (with_sm) {
    bool found = false;
    for (auto& actor : root["actors"])
      if (actor["name"] == "sm-1") {
        actor["params"]["rules"] =
            Json::parse(R"([{"on": {"phase": "proposed"}, "do": "approve"}])");
        found = true;
      }
    if (!found) throw std::runtime_error("fully-active.json has no sm-1");
  } else if (root.contains("trust_model")) {
    throw std::runtime_error("ns-lifecycle.json has a trust model");
  }
  auto load = ifa026::sim::load_scenario_text(root["name"].get<std::string>() + ".json",
                                              root.dump(), registry);
  if (!load.scenario)
    throw std::runtime_error(
        "bench scenario does not load: " +
        (load.errors.empty() ? std::string("?") : load.errors.front().message));
  return std::move(*load.scenario);
}

// One problem of a finished run, or "" when it did every operation as it should.
std::string check(const LcmCounter& c, bool with_sm) {
  const auto ops = static_cast<std::uint64_t>(kOperations);
  if (c.completed != ops || c.failed != 0)
    return "VnfLcmOperation completed " + std::to_string(c.completed) + " (failed " +
           std::to_string(c.failed) + ") of " + std::to_string(ops);
  if (c.granted != ops || c.grants_refused != 0)
    return "GrantDecision granted " + std::to_string(c.granted) + " (rejected " +
           std::to_string(c.grants_refused) + ") of " + std::to_string(ops);
  if (with_sm && (c.sm_approved != ops || c.sm_not_approved != 0))
    return "SmGrantDecision approved " + std::to_string(c.sm_approved) + " (other outcomes " +
           std::to_string(c.sm_not_approved) + ") of " + std::to_string(ops);
  if (!with_sm && c.sm_records != 0)
    return "the SM-less run has " + std::to_string(c.sm_records) + " Sm* records";
  return "";
}

// Each iteration is one whole run (world built, every operation done, trace written as JSON Lines
// to /dev/null); items = VNF LCM operations completed, counted from the trace.
void run_lcm(benchmark::State& state, bool with_sm) {
  const ifa026::sim::ActorRegistry registry = ifa026::actors::builtin_registry();
  std::unique_ptr<ifa026::sim::Scenario> scenario;
  try {
    scenario = std::make_unique<ifa026::sim::Scenario>(sm_overhead_scenario(with_sm, registry));
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
    return;
  }
  std::uint64_t operations = 0;
  std::uint64_t events = 0;
  std::uint64_t records = 0;
  std::uint64_t sm_records = 0;
  for (auto _ : state) {
    Simulation simulation(*scenario, registry);
    ifa026::sim::JsonlTraceWriter writer("/dev/null", simulation.epoch());
    LcmCounter counter;
    simulation.trace().subscribe(writer);
    simulation.trace().subscribe(counter);
    simulation.run();
    if (const std::string problem = check(counter, with_sm); !problem.empty()) {
      state.SkipWithError(problem.c_str());
      break;
    }
    operations += counter.completed;
    events += simulation.events_processed();
    records += simulation.trace().size();
    sm_records += counter.sm_records;
  }
  if (operations == 0) return;
  state.SetItemsProcessed(static_cast<std::int64_t>(operations));
  const auto ops = static_cast<double>(operations);
  state.counters["operations_per_run"] = static_cast<double>(kOperations);
  state.counters["events_per_op"] = static_cast<double>(events) / ops;
  state.counters["records_per_op"] = static_cast<double>(records) / ops;
  state.counters["sm_records_per_op"] = static_cast<double>(sm_records) / ops;
}

void BM_Lcm_WithFullyActiveSm(benchmark::State& state) {
  run_lcm(state, true);
}
void BM_Lcm_WithoutSm(benchmark::State& state) {
  run_lcm(state, false);
}

}  // namespace

// One run (1,000 operations) takes 11-17 s on the 2-core VM of docs/performance.md: one
// iteration per repetition, as long as any neighbour's MinTime.
BENCHMARK(BM_Lcm_WithFullyActiveSm)->Iterations(1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Lcm_WithoutSm)->Iterations(1)->Unit(benchmark::kMillisecond);
