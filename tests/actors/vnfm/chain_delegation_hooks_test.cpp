// The lifecycle chain's delegation hooks (issue 17; ChainOperations::delegation, which the VNFM
// sets to vnfm::DelegatedLifecycle): an operation that added VNFCIs waits for
// `after_allocations` before COMPLETED and is rolled back when it reports a failure, and
// `released` hears of every VNFCI whose resource was released (scale in, heal, terminate,
// rollback). A test VNFM (a real MANO entity of kind vnfm whose extension is ChainOperations with
// scripted hooks) runs against chain_test_support's world: real CA, CMF and OSS, the scripted NFVO
// and VIM/CISM, real VNFCIs in direct mode.
#include <gtest/gtest.h>

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "actors/common/actor_params.hpp"
#include "actors/vnfm/chain_operations.hpp"
#include "tests/actors/vnfm/chain_test_support.hpp"

namespace ifa026::actors::chain_test {
namespace {

struct HookLog {
  std::vector<std::string> after;     // "vnfci/producer/kind,..." per call, with the time
  std::vector<std::string> released;  // "vnfci reason"
};

// params: "hold": "no" (after_allocations returns false), "ok" or "fail" (done 30 s later).
class HookedChainVnfm final : public ManoEntityExtension {
 public:
  HookedChainVnfm(ManoEntityHost& host, const sim::ActorSpec& spec, std::shared_ptr<HookLog> log)
      : host_(host),
        log_(std::move(log)),
        hold_(string_param(spec.params, "hold", "no")),
        subscriptions_(host, sim::Duration::seconds(5), 5),
        chain_(host,
               vnfm::SharedLifecycle{
                   .lcm = lcm_,
                   .subscriptions = subscriptions_,
                   .next_occurrence = next_occurrence_,
                   .running = running_,
                   .vnfci_params =
                       [](const vnfm::LcmPlan&, const vnfm::Vnfci&) {
                         return json{{"day0", {{"cmf-1", "vnfci-day0"}}}};
                       },
                   .bootstrap_problem = [](const vnfm::Vnfd&) -> std::optional<std::string> {
                     return std::nullopt;
                   },
                   .idle = [this](const std::string& vnf) { chain_.resume(vnf); }},
               RetryPolicy{.timeout = sim::Duration::seconds(5), .retries = 3}) {
    chain_.delegation.after_allocations =
        [this](const std::string& vnf, const std::string& vnfd,
               const std::vector<vnfm::ChainOperations::AddedResource>& added,
               std::function<void(bool, const std::string&)> done) {
          std::string text =
              sim::format_duration(host_.actor_context().now() - sim::Time{}) + " " + vnf + ":";
          text += " [" + vnfd + "]";
          for (const auto& a : added) text += " " + a.vnfci + "/" + a.producer + "/" + a.kind;
          log_->after.push_back(text);
          if (hold_ == "no") return false;
          const bool ok = hold_ == "ok";
          host_.schedule(sim::Duration::seconds(30), "test-hook",
                         [done, ok] { done(ok, ok ? "" : "credentials not installed: test"); });
          return true;
        };
    // LCM notifications to the NFVO, as the real VNFM serves them.
    host.request_handlers().on<vnfm::LccnSubscriptionRequestAsSent>(
        [this](const vnfm::LccnSubscriptionRequestAsSent& request, const ChannelMessage& m) {
          msg::LccnSubscriptionResponse reply;
          auto filter = vnfm::parse_lccn_filter(request.filter);
          if (auto* reason = std::get_if<std::string>(&filter)) {
            reply.status = "rejected";
            reply.reason = *reason;
          } else {
            reply.status = "subscribed";
            reply.subscription = subscriptions_.subscribe(
                m.peer.name, std::get<vnfm::LccnFilter>(std::move(filter)), m.reference_point);
          }
          host_.channels().reply(m, msg::to_envelope(reply));
        });
    chain_.delegation.released = [this](const std::string&, const std::string& vnfci,
                                        const std::string& reason) {
      log_->released.push_back(vnfci + " " + reason);
    };
  }

 private:
  ManoEntityHost& host_;
  std::shared_ptr<HookLog> log_;
  std::string hold_;
  vnfm::VnfLcm lcm_{vnfm::VnfdCatalogue{}};
  vnfm::LccnSubscriptions subscriptions_;
  std::uint64_t next_occurrence_ = 1;
  std::set<std::string> running_;
  vnfm::ChainOperations chain_;
};

struct HookRun {
  std::vector<TraceRecord> records;
  std::vector<std::string> operations;  // "outcome time reason" of the VNFM's VnfLcmOperation
};

HookRun run(test::ScenarioBuilder& s, const std::shared_ptr<ChainLog>& log,
            const std::shared_ptr<HookLog>& hooks, const std::string& until) {
  sim::ActorRegistry registry = chain_registry(log);
  ManoEntityKind kind;
  kind.kind = "vnfm";
  kind.description = "test: the VNFM's lifecycle chain with scripted delegation hooks";
  kind.reference_points = {{"nfvo", reference_points::kOrVnfm},
                           {"vim", reference_points::kViVnfm},
                           {"cism", reference_points::kCismSi}};
  kind.extra_params = {{"hold", sim::ParamType::string, "no, ok or fail"}};
  kind.extension = [hooks](ManoEntityHost& host, const sim::ActorSpec& spec) {
    return std::make_unique<HookedChainVnfm>(host, spec, hooks);
  };
  registry.add("test-hooked-vnfm", mano_entity_actor_type(std::move(kind)));
  sim::TraceStore store;
  {
    sim::Simulation simulation(s.load(registry), registry);
    simulation.trace().subscribe(store);
    simulation.run_until(sim::Time{} + sim::parse_duration(until).value());
  }
  HookRun out;
  out.records = store.records();
  for (const auto& r : out.records)
    if (r.kind == RecordKind::decision && r.actor == "vnfm-1" && r.operation == "VnfLcmOperation")
      out.operations.push_back(r.outcome + " " + sim::format_duration(r.time - sim::Time{}) + " " +
                               detail(r, "reason"));
  return out;
}

// chain_world with the hooked VNFM in place of the real one.
test::ScenarioBuilder hooked_world(const std::string& hold) {
  test::ScenarioBuilder b("vnfm-chain-hooks-test");
  b.seed(3)
      .duration("20m")
      .latency("2ms")
      .add_ca("ca-1", {{"crl_interval", "0"}, {"validity", "90d"}})
      .add_cmf("cmf-1")
      .add_oss("oss-1")
      .direct_mode("cmf-1", {{"vnfms", {"vnfm-1"}},
                             {"vnfci_day0_secret", "vnfci-day0"},
                             {"credential", {{"one_use", true}, {"lifetime", "1h"}}},
                             {"validity_hint", "90d"},
                             {"renew_before", "30d"}})
      .add_entity(
          "vnfm-1", "test-hooked-vnfm",
          test::EntitySetup("vnfm-1.example.net").kind("vnfm").via({}).params({{"hold", hold}}))
      .add_entity("nfvo-1", "test-nfvo",
                  test::EntitySetup("nfvo-1.example.net").kind("nfvo").via({}))
      .add_entity("vim-1", "test-vim", test::EntitySetup("vim-1.example.net").kind("vim").via({}))
      .add_entity("cism-1", "test-vim", test::EntitySetup("cism-1.example.net").kind("vim").via({}))
      .command("1s", "oss-1", "register_all")
      .command("1m", "nfvo-1", "send",
               {{"operation", "LccnSubscriptionRequest"}, {"body", json::object()}});
  return b;
}

TEST(ChainDelegationHooks, AnInstantiationWaitsForTheInstallationsBeforeCompleted) {
  auto log = std::make_shared<ChainLog>();
  auto hooks = std::make_shared<HookLog>();
  test::ScenarioBuilder s = hooked_world("ok");
  send(s, *log, "2m", "InstantiateVnfRequest", instantiate_body("vnf-1", chain_vnfd()));
  const HookRun r = run(s, log, hooks, "5m");
  ASSERT_EQ(hooks->after.size(), 1u);
  EXPECT_NE(hooks->after[0].find(
                "vnf-1: [vnfd-fw] vnf-1-fw-ctl-1/vim-1/COMPUTE vnf-1-fw-ctl-2/vim-1/COMPUTE "
                "vnf-1-fw-data-1/cism-1/OS_CONTAINER"),
            std::string::npos)
      << hooks->after[0];
  EXPECT_EQ(log->states(),
            (std::vector<std::string>{"INSTANTIATE:STARTING", "INSTANTIATE:PROCESSING",
                                      "INSTANTIATE:COMPLETED"}));
  ASSERT_EQ(r.operations.size(), 3u);
  // COMPLETED 30 s after the hook was asked (the hook's installation time).
  const auto hook_at = sim::parse_duration(hooks->after[0].substr(0, hooks->after[0].find(' ')));
  const auto done_at = sim::parse_duration(r.operations[2].substr(
      r.operations[2].find(' ') + 1, r.operations[2].rfind(' ') - r.operations[2].find(' ') - 1));
  ASSERT_TRUE(hook_at && done_at) << r.operations[2];
  EXPECT_EQ(r.operations[2].rfind("completed", 0), 0u) << r.operations[2];
  EXPECT_EQ(*done_at - *hook_at, sim::Duration::seconds(30));
  EXPECT_TRUE(hooks->released.empty());
}

TEST(ChainDelegationHooks, AFailedInstallationRollsTheOperationBack) {
  auto log = std::make_shared<ChainLog>();
  auto hooks = std::make_shared<HookLog>();
  test::ScenarioBuilder s = hooked_world("fail");
  send(s, *log, "2m", "InstantiateVnfRequest", instantiate_body("vnf-1", chain_vnfd()));
  const HookRun r = run(s, log, hooks, "5m");
  EXPECT_EQ(log->states(),
            (std::vector<std::string>{"INSTANTIATE:STARTING", "INSTANTIATE:PROCESSING",
                                      "INSTANTIATE:ROLLED_BACK"}));
  ASSERT_FALSE(r.operations.empty());
  EXPECT_EQ(r.operations.back().rfind("rolled_back", 0), 0u) << r.operations.back();
  EXPECT_NE(r.operations.back().find("credentials not installed: test"), std::string::npos);
  EXPECT_EQ(log->vim_log,
            (std::vector<std::string>{"allocate vnf-1-fw-ctl-1", "allocate vnf-1-fw-ctl-2",
                                      "allocate vnf-1-fw-data-1", "release vnf-1-fw-data-1",
                                      "release vnf-1-fw-ctl-2", "release vnf-1-fw-ctl-1"}));
  EXPECT_EQ(hooks->released,
            (std::vector<std::string>{"vnf-1-fw-data-1 rollback", "vnf-1-fw-ctl-2 rollback",
                                      "vnf-1-fw-ctl-1 rollback"}));
}

TEST(ChainDelegationHooks, EveryReleasedVnfciIsToldWithItsOperation) {
  auto log = std::make_shared<ChainLog>();
  auto hooks = std::make_shared<HookLog>();
  test::ScenarioBuilder s = hooked_world("no");
  send(s, *log, "2m", "InstantiateVnfRequest", instantiate_body("vnf-1", chain_vnfd()));
  send(s, *log, "3m", "ScaleVnfRequest", scale_body("SCALE_OUT", "fw-ctl", 1));
  send(s, *log, "4m", "ScaleVnfRequest", scale_body("SCALE_IN", "fw-ctl", 1));
  send(s, *log, "5m", "HealVnfRequest", heal_body({"vnf-1-fw-ctl-1"}));
  send(s, *log, "6m", "TerminateVnfRequest", terminate_body());
  const HookRun r = run(s, log, hooks, "8m");
  // Not held: every operation completes as before, the hook asked for each that added VNFCIs.
  EXPECT_EQ(hooks->after.size(), 3u);  // instantiate, scale out, heal
  for (const auto& op : r.operations)
    EXPECT_TRUE(op.rfind("starting", 0) == 0 || op.rfind("processing", 0) == 0 ||
                op.rfind("completed", 0) == 0)
        << op;
  std::set<std::string> released(hooks->released.begin(), hooks->released.end());
  EXPECT_EQ(hooks->released.size(), released.size());  // each once
  EXPECT_TRUE(released.count("vnf-1-fw-ctl-3 SCALE_IN")) << ::testing::PrintToString(released);
  EXPECT_TRUE(released.count("vnf-1-fw-ctl-1 HEAL")) << ::testing::PrintToString(released);
  EXPECT_TRUE(released.count("vnf-1-fw-ctl-2 TERMINATE")) << ::testing::PrintToString(released);
  EXPECT_TRUE(released.count("vnf-1-fw-ctl-4 TERMINATE")) << ::testing::PrintToString(released);
  EXPECT_TRUE(released.count("vnf-1-fw-data-1 TERMINATE")) << ::testing::PrintToString(released);
  EXPECT_EQ(released.size(), 5u) << ::testing::PrintToString(released);
}

}  // namespace
}  // namespace ifa026::actors::chain_test
