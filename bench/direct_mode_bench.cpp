// Direct-mode (Annex C.2.1.1) benchmarks through the simulator and the real actors (oss, cmf, ca,
// vnfm, vnfci): BM_Enrol_DirectMode (enrolments per second: CMF registration at the CA,
// configuration over day-0 TLS, CMP ir and certConf over the simulated network, every trace record
// written as JSON Lines) and BM_Enrol_SteadyStateMemory (heap bytes per enrolled identity once a
// 10,000-identity run is idle). Budgets in bench_main.cpp (DESIGN §8).
#include <benchmark/benchmark.h>
#include <malloc.h>

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "actors/builtin_actors.hpp"
#include "sim/scenario.hpp"
#include "sim/simulation.hpp"
#include "sim/trace.hpp"
#include "tests/support/scenario_builder.hpp"

namespace {

using ifa026::sim::Duration;
using ifa026::sim::RecordKind;
using ifa026::sim::Simulation;
using ifa026::sim::Time;
using ifa026::sim::TraceRecord;

// Counts the VNFCI identities enrolled: decision CertificateInstalled, ok, by a VNFCI (its detail
// names the vnfci) with purpose enrolment. The count comes from the trace, never from the plan.
class EnrolmentCounter final : public ifa026::sim::TraceSink {
 public:
  void on_record(const TraceRecord& r) override {
    if (r.kind != RecordKind::decision || r.operation != "CertificateInstalled" ||
        r.outcome != "ok")
      return;
    if (r.detail.find("vnfci=") == std::string::npos) return;  // the VNFM's own certificate
    if (r.detail.find("purpose=enrolment") != std::string::npos) ++enrolled;
  }
  std::uint64_t enrolled = 0;
};

// The C.2.1.1 world (as scenarios/annex-c C.2.1.1): CA, CMF in direct mode, OSS registering the
// VNFM, a VNFD with two identities per VNFCI; P-256 everywhere. The workload registers the VNFM;
// the benchmarks instantiate VNFs themselves.
ifa026::sim::Scenario direct_mode_scenario(const ifa026::sim::ActorRegistry& registry) {
  ifa026::test::ScenarioBuilder b = ifa026::test::annex_c_2_1_1_world();
  b.name("bench-direct-mode")
      .duration("3650d")
      .update_params("ca-1", {{"key_type", "ec-p256"}})
      .clear_workload()
      .command("1s", "oss-1", "register", {{"entity", "vnfm-1"}});
  b.params("vnfm-1")["vnfci_params"]["key_type"] = "ec-p256";
  return b.load(registry);
}

// A simulation of the world with every trace record written as JSON Lines (to /dev/null, so the
// formatting and the writes are paid) and counted; set up until the VNFM holds its certificate
// and the CMF is subscribed to it.
class DirectModeWorld {
 public:
  DirectModeWorld() : registry_(ifa026::actors::builtin_registry()) {
    simulation_ = std::make_unique<Simulation>(direct_mode_scenario(registry_), registry_);
    writer_ = std::make_unique<ifa026::sim::JsonlTraceWriter>("/dev/null", simulation_->epoch());
    simulation_->trace().subscribe(*writer_);
    simulation_->trace().subscribe(counter_);
    // The OSS registers the VNFM at 1 s; the CMF subscribes again after its first refusal.
    simulation_->run_until(Time::zero() + Duration::seconds(30));
  }

  // Instantiates `vnf` with `vnfcis` VNFCIs of two identities each, now, as a workload command.
  void instantiate(const std::string& vnf, int vnfcis) {
    ifa026::sim::Actor* vnfm = simulation_->actor("vnfm-1");
    if (vnfm == nullptr) throw std::runtime_error("no vnfm-1");
    ifa026::sim::Command command{
        "instantiate", {{"vnf", vnf}, {"vnfd", "vnfd-fw"}, {"vnfcs", {{"fw-ctl", vnfcis}}}}, 0};
    simulation_->schedule_at(simulation_->now(), [vnfm, command] { vnfm->on_command(command); });
  }

  void run_for(Duration d) { simulation_->run_until(simulation_->now() + d); }
  std::uint64_t enrolled() const { return counter_.enrolled; }
  Simulation& simulation() { return *simulation_; }

 private:
  ifa026::sim::ActorRegistry registry_;
  std::unique_ptr<Simulation> simulation_;
  std::unique_ptr<ifa026::sim::JsonlTraceWriter> writer_;
  EnrolmentCounter counter_;
};

// Heap bytes in use (glibc): small blocks in use plus mmapped blocks.
std::size_t heap_in_use() {
  const struct mallinfo2 info = ::mallinfo2();
  return info.uordblks + info.hblkhd;
}

// Each iteration instantiates one VNF of kVnfcisPerVnf VNFCIs (two identities each) and runs two
// simulated minutes: the VNFM's LCM operation and notification, the CMF's registrations at the CA
// and day-0 configurations, every VNFCI's two ir + certConf, the certificate reports to the CMF,
// and the closing of the previous VNF's idle day-0 sessions. items = identities enrolled, counted
// from the trace.
void BM_Enrol_DirectMode(benchmark::State& state) {
  constexpr int kVnfcisPerVnf = 8;
  DirectModeWorld world;
  const std::uint64_t before = world.enrolled();
  const std::uint64_t events_before = world.simulation().events_processed();
  const std::uint64_t records_before = world.simulation().trace().size();
  std::uint64_t vnfs = 0;
  for (auto _ : state) {
    world.instantiate("vnf-" + std::to_string(++vnfs), kVnfcisPerVnf);
    world.run_for(Duration::seconds(120));
    if (world.enrolled() - before != vnfs * 2 * kVnfcisPerVnf) {
      state.SkipWithError(("enrolled " + std::to_string(world.enrolled() - before) + " of " +
                           std::to_string(vnfs * 2 * kVnfcisPerVnf) + " identities")
                              .c_str());
      break;
    }
  }
  const auto enrolled = static_cast<double>(world.enrolled() - before);
  state.SetItemsProcessed(static_cast<std::int64_t>(world.enrolled() - before));
  if (enrolled > 0) {
    state.counters["events_per_identity"] =
        static_cast<double>(world.simulation().events_processed() - events_before) / enrolled;
    state.counters["records_per_identity"] =
        static_cast<double>(world.simulation().trace().size() - records_before) / enrolled;
  }
}

// state.range(0) VNFCIs x 2 identities through the same actors (VNFs of 100 VNFCIs, one every
// 10 simulated seconds); once every identity is enrolled and the day-0 sessions have closed
// (channel_idle, 1 minute), the heap in use minus the heap in use before the first
// instantiation, per enrolled identity. Everything counts: CMF inventory, CA state, VNFCI
// actors, the kernel's pools and indexes. One iteration, one repetition (minutes at 5,000).
void BM_Enrol_SteadyStateMemory(benchmark::State& state) {
  constexpr int kVnfcisPerVnf = 100;
  const int vnfs = static_cast<int>(state.range(0)) / kVnfcisPerVnf;
  for (auto _ : state) {
    DirectModeWorld world;
    const std::size_t baseline = heap_in_use();
    const std::uint64_t before = world.enrolled();
    for (int v = 1; v <= vnfs; ++v) {
      world.instantiate("vnf-" + std::to_string(v), kVnfcisPerVnf);
      world.run_for(Duration::seconds(10));
    }
    world.run_for(Duration::minutes(5));
    const std::uint64_t enrolled = world.enrolled() - before;
    if (enrolled != static_cast<std::uint64_t>(vnfs) * kVnfcisPerVnf * 2) {
      state.SkipWithError(("enrolled " + std::to_string(enrolled) + " identities").c_str());
      break;
    }
    const std::size_t after = heap_in_use();
    state.counters["bytes_per_identity"] =
        (static_cast<double>(after) - static_cast<double>(baseline)) /
        static_cast<double>(enrolled);
    state.counters["identities"] = static_cast<double>(enrolled);
    state.counters["events"] = static_cast<double>(world.simulation().events_processed());
  }
}

}  // namespace

// At least 2 s per repetition (several VNFs), so that a burst of load from other processes weighs
// less on one repetition.
BENCHMARK(BM_Enrol_DirectMode)->MinTime(2.0)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Enrol_SteadyStateMemory)
    ->Arg(5000)
    ->Iterations(1)
    ->Repetitions(1)
    ->Unit(benchmark::kSecond);
