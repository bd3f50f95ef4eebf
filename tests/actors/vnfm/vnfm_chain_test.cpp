// The VNFM on the lifecycle chain (docs/lifecycle.md, slice 4) in small simulations with the real
// CA, CMF (direct mode), OSS, VNFM and VNFCI actors, and two scripted MANO peers that enrol their
// certificates for real: an NFVO that sends the Or-Vnfm requests a test gives it, subscribes to the
// VNFM's LCM notifications and answers grants (granted, or rejected when the test says so), and a
// VIM that answers allocations (spawning the VNFCI actor named in the request with `user_data` as
// its parameters, as the real VIM does), releases (retiring it) and reports crashes. Covered:
// instantiate with grant, allocations in VNFCI order, COMPLETED and the CMF enrolling the VNFCIs;
// a refused grant; an allocation refused midway (rolled back); scale out/in with the flavour's
// limits; heal order; auto-heal on FAULT and on a host retirement's REMOVED; auto_heal false;
// wrong-state and bad-input refusals; MIGRATED.
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "actors/builtin_actors.hpp"
#include "actors/common/mano_entity.hpp"
#include "actors/common/trace_detail.hpp"
#include "actors/messages/cism_si.hpp"
#include "actors/messages/cm_vnfm.hpp"
#include "actors/messages/codec.hpp"
#include "actors/messages/lcm_vocabulary.hpp"
#include "actors/messages/or_vnfm.hpp"
#include "actors/messages/reference_points.hpp"
#include "actors/messages/vi_vnfm.hpp"
#include "sim/scenario.hpp"
#include "sim/simulation.hpp"
#include "tests/support/scenario_builder.hpp"

namespace ifa026::actors {
namespace {

using nlohmann::json;
using sim::RecordKind;
using sim::TraceRecord;
namespace msg = messages;

// ---- scripted peers ----

struct ChainLog {
  // NFVO side: the requests a test has it send, by label (kept in memory: bodies hold bytes).
  std::map<std::string, Envelope> outbox;
  bool reject_grants = false;
  std::vector<msg::GrantLifecycleOperationRequest> grants;
  std::vector<std::pair<std::string, msg::VnfLcmAcknowledgement>> answers;  // operation, body
  std::vector<msg::VnfLcmOperationOccurrenceNotification> notifications;
  // VIM side.
  std::set<std::string> refuse;      // VNFCIs whose allocation is refused
  std::vector<std::string> vim_log;  // "allocate X" / "release X", in arrival order
  std::map<std::string, json> user_data;
  std::map<std::string, msg::ResourceAllocationRequest> allocations;  // by VNFCI
  std::map<std::string, std::string> resource_of;                     // VNFCI -> resource
  std::map<std::string, std::string> consumer_of;                     // resource -> VNFM
  int next_resource = 1;

  // The notifications' "operation:state" in order (those of one VNF when given).
  std::vector<std::string> states(const std::string& vnf = "") const {
    std::vector<std::string> out;
    for (const auto& n : notifications)
      if (vnf.empty() || n.vnf == vnf) out.push_back(n.operation + ":" + n.state);
    return out;
  }
};

// The NFVO: command "send" {to, operation, body} on Or-Vnfm; answers grants.
class ScriptedNfvo final : public ManoEntityExtension {
 public:
  ScriptedNfvo(ManoEntityHost& host, std::shared_ptr<ChainLog> log)
      : host_(host), log_(std::move(log)) {
    auto& h = host_.request_handlers();
    h.on<msg::GrantLifecycleOperationRequest>(
        [this](const msg::GrantLifecycleOperationRequest& grant, const ChannelMessage& m) {
          log_->grants.push_back(grant);
          msg::GrantLifecycleOperationResponse reply;
          reply.request_id = grant.request_id;
          if (log_->reject_grants) {
            reply.status = lcm::kStatusRejected;
            reply.reason = "quota vcpus 12 > 8";
          } else {
            reply.status = lcm::kStatusGranted;
            reply.grant = "nfvo-1-grant-" + std::to_string(log_->grants.size());
            std::vector<msg::GrantedResource> where;
            for (const auto& r : grant.add_resources) {
              msg::GrantedResource g;
              g.id = r.id;
              g.kind = r.kind;
              g.vim = r.kind == lcm::kResourceOsContainer ? "cism-1" : "vim-1";
              where.push_back(g);
            }
            reply.resources = std::move(where);
          }
          host_.channels().reply(m, msg::to_envelope(reply));
        });
    h.on<msg::VnfLcmOperationOccurrenceNotification>(
        [this](const msg::VnfLcmOperationOccurrenceNotification& n, const ChannelMessage&) {
          log_->notifications.push_back(n);
        });
    h.on<msg::LccnSubscriptionResponse>(
        [](const msg::LccnSubscriptionResponse&, const ChannelMessage&) {});
    answer<msg::InstantiateVnfResponse>();
    answer<msg::ScaleVnfResponse>();
    answer<msg::HealVnfResponse>();
    answer<msg::TerminateVnfResponse>();
    answer<msg::ChangeVnfConfigurationResponse>();
  }

  bool on_command(const sim::Command& command) override {
    if (command.name != "send") return false;
    const Envelope envelope = command.args.contains("label")
                                  ? log_->outbox.at(command.args["label"].get<std::string>())
                                  : Envelope{command.args.at("operation").get<std::string>(), "",
                                             command.args.value("body", json::object())};
    host_.channels().send(command.args.value("to", std::string("vnfm-1")), ChannelKind::mutual,
                          reference_points::kOrVnfm, envelope);
    return true;
  }

 private:
  template <class R>
  void answer() {
    host_.request_handlers().on<R>([this](const R& r, const ChannelMessage&) {
      log_->answers.emplace_back(std::string(R::kOperation), r);
    });
  }
  ManoEntityHost& host_;
  std::shared_ptr<ChainLog> log_;
};

// The VIM (and, with the same code, a CISM): allocations spawn the VNFCI, releases retire it;
// command "change" {vnfci, change, correlation?, reason?, to_host?} reports a resource change.
class ScriptedVim final : public ManoEntityExtension {
 public:
  ScriptedVim(ManoEntityHost& host, std::shared_ptr<ChainLog> log)
      : host_(host), log_(std::move(log)) {
    allocate<msg::AllocateComputeRequest, msg::AllocateComputeResponse>();
    allocate<msg::CreateOsContainerWorkloadRequest, msg::CreateOsContainerWorkloadResponse>();
    release<msg::ReleaseComputeRequest, msg::ReleaseComputeResponse>();
    release<msg::DeleteOsContainerWorkloadRequest, msg::DeleteOsContainerWorkloadResponse>();
  }

  bool on_command(const sim::Command& command) override {
    if (command.name != "change") return false;
    const std::string vnfci = command.args.at("vnfci").get<std::string>();
    const std::string resource = log_->resource_of.at(vnfci);
    msg::VirtualisedResourceChangeNotification n;
    n.id = name() + "-resource-notification-" + std::to_string(++notifications_);
    n.resource = resource;
    n.vnf = log_->allocations.at(vnfci).vnf;
    n.vnfci = vnfci;
    n.change = command.args.at("change").get<std::string>();
    n.host = "host-1";
    n.reason = command.args.value("reason", std::string());
    if (command.args.contains("correlation"))
      n.correlation = command.args["correlation"].get<std::string>();
    if (command.args.contains("to_host")) n.to_host = command.args["to_host"].get<std::string>();
    if (n.change != lcm::kChangeMigrated) host_.actor_context().retire(vnfci);
    host_.channels().send(log_->consumer_of.at(resource), ChannelKind::mutual,
                          reference_points::kViVnfm, msg::to_envelope(n));
    return true;
  }

 private:
  std::string name() { return host_.actor_context().name(); }

  template <class Q, class R>
  void allocate() {
    host_.request_handlers().on<Q>([this](const Q& q, const ChannelMessage& m) {
      log_->vim_log.push_back("allocate " + q.vnfci);
      log_->user_data[q.vnfci] = q.user_data;
      log_->allocations[q.vnfci] = q;
      R reply;
      reply.request_id = q.request_id;
      reply.vnfci = q.vnfci;
      sim::ActorSpec spec;
      spec.name = q.vnfci;
      spec.type = "vnfci";
      spec.trust_domain = host_.actor_context().trust_domain();
      spec.params = q.user_data;
      if (log_->refuse.count(q.vnfci) || !host_.actor_context().spawn(std::move(spec))) {
        reply.status = lcm::kStatusRejected;
        reply.reason = "no in-service host with capacity";
      } else {
        reply.status = lcm::kStatusAllocated;
        reply.resource = name() + "-compute-" + std::to_string(log_->next_resource++);
        reply.host = "host-1";
        log_->resource_of[q.vnfci] = *reply.resource;
        log_->consumer_of[*reply.resource] = m.peer.name;
      }
      host_.channels().reply(m, msg::to_envelope(reply));
    });
  }
  template <class Q, class R>
  void release() {
    host_.request_handlers().on<Q>([this](const Q& q, const ChannelMessage& m) {
      log_->vim_log.push_back("release " + q.vnfci);
      host_.actor_context().retire(q.vnfci);
      R reply;
      reply.request_id = q.request_id;
      reply.resource = q.resource;
      reply.status = lcm::kStatusReleased;
      host_.channels().reply(m, msg::to_envelope(reply));
    });
  }

  ManoEntityHost& host_;
  std::shared_ptr<ChainLog> log_;
  int notifications_ = 0;
};

sim::ActorRegistry chain_registry(const std::shared_ptr<ChainLog>& log) {
  sim::ActorRegistry registry = builtin_registry();
  ManoEntityKind nfvo;
  nfvo.kind = "nfvo";
  nfvo.description = "test: an NFVO that sends Or-Vnfm requests and answers grants";
  nfvo.extra_commands = {{"send",
                          "an Or-Vnfm request to the VNFM",
                          {{"to", sim::ParamType::string, "the VNFM", false, "vnfm-1"},
                           {"operation", sim::ParamType::string, "the message"},
                           {"body", sim::ParamType::object, "its body"},
                           {"label", sim::ParamType::string, "a request the test prepared"}}}};
  nfvo.extension = [log](ManoEntityHost& host, const sim::ActorSpec&) {
    return std::make_unique<ScriptedNfvo>(host, log);
  };
  registry.add("test-nfvo", mano_entity_actor_type(std::move(nfvo)));
  ManoEntityKind vim;
  vim.kind = "vim";
  vim.description = "test: a VIM that allocates by spawning VNFCIs";
  vim.extra_commands = {{"change",
                         "a resource change notification to the VNFM",
                         {{"vnfci", sim::ParamType::string, "the VNFCI", true},
                          {"change", sim::ParamType::string, "FAULT, MIGRATED, REMOVED", true},
                          {"correlation", sim::ParamType::string, "the VIM's operation"},
                          {"reason", sim::ParamType::string, "why"},
                          {"to_host", sim::ParamType::string, "MIGRATED: where"}}}};
  vim.extension = [log](ManoEntityHost& host, const sim::ActorSpec&) {
    return std::make_unique<ScriptedVim>(host, log);
  };
  registry.add("test-vim", mano_entity_actor_type(std::move(vim)));
  return registry;
}

// ---- the world ----

json identity(const std::string& name, const std::string& usage, const std::string& host) {
  return test::identity_template(name, usage, host);
}

// fw-ctl: 2 VMs (min 1, max 3); fw-data: 1 container (min 0, max 2).
json chain_vnfd(bool auto_heal = true) {
  return {
      {"certificate_mode", "direct"},
      {"auto_heal", auto_heal},
      {"flavours",
       {{"small",
         {{"vnfcs",
           {{"fw-ctl", {{"initial", 2}, {"min", 1}, {"max", 3}}},
            {"fw-data", {{"initial", 1}, {"min", 0}, {"max", 2}}}}}}}}},
      {"vnfcs",
       {{"fw-ctl",
         {{"deployment", "vm"},
          {"compute", {{"vcpus", 2}, {"memory_mb", 4096}}},
          {"image", "fw-ctl-1.2"},
          {"identities", json::array({identity("client", "client", "{vnfci}.{vnf}.example.net"),
                                      identity("oam", "oam", "oam.{vnfci}.{vnf}.example.net")})}}},
        {"fw-data",
         {{"deployment", "container"},
          {"identities",
           json::array({identity("server", "server", "{vnfci}.{vnf}.example.net")})}}}}}};
}

json instantiate_body(const std::string& vnf, json vnfd, const std::string& flavour = "small") {
  msg::InstantiateVnfRequest r;
  r.request_id = "nfvo-1-req-1";
  r.correlation = "oss-1-req-1";
  r.source = lcm::kSourceOss;
  r.vnf = vnf;
  r.ns = "ns-1";
  r.oss_app_id = "app-1";
  r.vnfd_id = "vnfd-fw";
  r.vnfd = std::move(vnfd);
  r.package.package = "pkg-fw";
  r.package.verdict = "verified";
  r.flavour = flavour;
  return msg::to_envelope(r).body;
}

json scale_body(const std::string& type, const std::string& aspect, long long steps) {
  msg::ScaleVnfRequest r;
  r.request_id = "nfvo-1-req-2";
  r.correlation = "oss-1-req-2";
  r.source = lcm::kSourceOss;
  r.vnf = "vnf-1";
  r.type = type;
  r.aspect = aspect;
  r.steps = steps;
  return msg::to_envelope(r).body;
}

json heal_body(std::vector<std::string> vnfcis) {
  msg::HealVnfRequest r;
  r.request_id = "nfvo-1-req-3";
  r.correlation = "oss-1-req-3";
  r.source = lcm::kSourceOss;
  r.vnf = "vnf-1";
  r.vnfcis = std::move(vnfcis);
  r.cause = "operator";
  return msg::to_envelope(r).body;
}

json terminate_body() {
  msg::TerminateVnfRequest r;
  r.request_id = "nfvo-1-req-4";
  r.correlation = "oss-1-req-4";
  r.source = lcm::kSourceOss;
  r.vnf = "vnf-1";
  r.termination_type = lcm::kTerminationForceful;
  return msg::to_envelope(r).body;
}

// CA, CMF in direct mode towards vnfm-1, OSS, and the VNFM, NFVO, VIM and CISM (every one
// enrolled from 1 s); the NFVO subscribes to the VNFM's notifications at 1 min.
test::ScenarioBuilder chain_world() {
  test::ScenarioBuilder b("vnfm-chain-test");
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
      .add_entity("vnfm-1", "vnfm",
                  test::EntitySetup("vnfm-1.example.net")
                      .via({})
                      .params({{"vnfci_params", {{"day0", {{"cmf-1", "vnfci-day0"}}}}}}))
      .add_entity("nfvo-1", "test-nfvo",
                  test::EntitySetup("nfvo-1.example.net").kind("nfvo").via({}))
      .add_entity("vim-1", "test-vim", test::EntitySetup("vim-1.example.net").kind("vim").via({}))
      .add_entity("cism-1", "test-vim", test::EntitySetup("cism-1.example.net").kind("vim").via({}))
      .command("1s", "oss-1", "register_all")
      .command("1m", "nfvo-1", "send",
               {{"operation", "LccnSubscriptionRequest"}, {"body", json::object()}});
  return b;
}

// The NFVO sends `body` as `operation` at `at`.
void send(test::ScenarioBuilder& s, ChainLog& log, const std::string& at,
          const std::string& operation, json body) {
  const std::string label = std::to_string(log.outbox.size()) + "@" + at;
  log.outbox[label] = Envelope{operation, "", std::move(body)};
  s.command(at, "nfvo-1", "send", {{"label", label}});
}

class World {
 public:
  explicit World(const test::ScenarioBuilder& scenario, std::shared_ptr<ChainLog> log = nullptr)
      : log_(log ? std::move(log) : std::make_shared<ChainLog>()), registry_(chain_registry(log_)) {
    simulation_ = std::make_unique<sim::Simulation>(scenario.load(registry_), registry_);
    simulation_->trace().subscribe(store_);
  }
  void run_until(const std::string& at) {
    simulation_->run_until(sim::Time{} + sim::parse_duration(at).value());
  }
  ChainLog& log() { return *log_; }
  bool running(const std::string& actor) { return simulation_->actor(actor) != nullptr; }
  std::vector<TraceRecord> find(const std::string& actor, const std::string& operation,
                                const std::string& outcome = "") const {
    std::vector<TraceRecord> out;
    for (const auto& r : store_.records())
      if (r.kind == RecordKind::decision && (actor.empty() || r.actor == actor) &&
          r.operation == operation && (outcome.empty() || r.outcome == outcome))
        out.push_back(r);
    return out;
  }
  std::string decisions(const std::string& actor = "vnfm-1") const {
    std::string out;
    for (const auto& r : store_.records())
      if (r.kind == RecordKind::decision && r.actor == actor)
        out += sim::format_duration(r.time - sim::Time{}) + " " + r.operation + " " + r.outcome +
               " " + r.detail + "\n";
    return out;
  }

 private:
  std::shared_ptr<ChainLog> log_;
  sim::ActorRegistry registry_;
  sim::TraceStore store_;
  std::unique_ptr<sim::Simulation> simulation_;
};

std::string detail(const TraceRecord& r, const std::string& key) {
  return trace_detail_value(r.detail, key).value_or("<none>");
}

std::vector<std::string> affected(const msg::VnfLcmOperationOccurrenceNotification& n) {
  std::vector<std::string> out;
  for (const auto& a : n.affected_vnfcs) out.push_back(a.vnfci + ":" + a.change.value_or(""));
  return out;
}

std::set<std::string> enrolled(World& world) {
  std::set<std::string> out;
  for (const auto& r : world.find("", "CertificateInstalled", "ok"))
    if (r.actor.starts_with("vnf-1-")) out.insert(r.actor);
  return out;
}

// ---- tests ----

TEST(VnfmChain, InstantiateAsksAGrantAllocatesInOrderCompletesAndTheCmfEnrols) {
  auto log = std::make_shared<ChainLog>();
  test::ScenarioBuilder s = chain_world();
  send(s, *log, "2m", "InstantiateVnfRequest", instantiate_body("vnf-1", chain_vnfd()));
  World world(s, log);
  world.run_until("10m");

  ASSERT_EQ(log->answers.size(), 1u) << world.decisions();
  EXPECT_EQ(log->answers[0].first, "InstantiateVnfResponse");
  EXPECT_EQ(log->answers[0].second.status, "accepted")
      << log->answers[0].second.reason.value_or("");
  EXPECT_EQ(log->answers[0].second.occurrence, "vnfm-1-op-1");
  EXPECT_EQ(log->answers[0].second.request_id, "nfvo-1-req-1");

  // One grant before any allocation, with the VNFD's capacity and kinds.
  ASSERT_EQ(log->grants.size(), 1u);
  const auto& grant = log->grants[0];
  EXPECT_EQ(grant.operation, "INSTANTIATE");
  EXPECT_EQ(grant.correlation, "oss-1-req-1");
  EXPECT_EQ(grant.source, "OSS");
  EXPECT_FALSE(grant.automatic);
  ASSERT_EQ(grant.add_resources.size(), 3u);
  EXPECT_EQ(grant.add_resources[0].id, "vnf-1-fw-ctl-1");
  EXPECT_EQ(grant.add_resources[0].kind, "COMPUTE");
  EXPECT_EQ(grant.add_resources[0].capacity, (msg::ResourceCapacity{2, 4096}));
  EXPECT_EQ(grant.add_resources[2].id, "vnf-1-fw-data-1");
  EXPECT_EQ(grant.add_resources[2].kind, "OS_CONTAINER");
  EXPECT_EQ(grant.add_resources[2].capacity, (msg::ResourceCapacity{1, 1024}));

  // Allocations one at a time in VNFCI order, the container through the CISM.
  EXPECT_EQ(log->vim_log,
            (std::vector<std::string>{"allocate vnf-1-fw-ctl-1", "allocate vnf-1-fw-ctl-2",
                                      "allocate vnf-1-fw-data-1"}));
  EXPECT_EQ(log->allocations.at("vnf-1-fw-ctl-1").grant, "nfvo-1-grant-1");
  EXPECT_EQ(log->allocations.at("vnf-1-fw-ctl-1").image, "fw-ctl-1.2");
  EXPECT_EQ(log->allocations.at("vnf-1-fw-ctl-1").correlation, "oss-1-req-1");
  EXPECT_EQ(log->user_data.at("vnf-1-fw-ctl-2"), json({{"day0", {{"cmf-1", "vnfci-day0"}}}}));
  EXPECT_EQ(log->resource_of.at("vnf-1-fw-data-1"), "cism-1-compute-3");

  // STARTING, PROCESSING, COMPLETED with source and correlation, three VNFCIs ADDED.
  EXPECT_EQ(log->states(),
            (std::vector<std::string>{"INSTANTIATE:STARTING", "INSTANTIATE:PROCESSING",
                                      "INSTANTIATE:COMPLETED"}));
  const auto& completed = log->notifications.back();
  EXPECT_EQ(completed.source, "OSS");
  EXPECT_EQ(completed.correlation, "oss-1-req-1");
  EXPECT_EQ(affected(completed),
            (std::vector<std::string>{"vnf-1-fw-ctl-1:ADDED", "vnf-1-fw-ctl-2:ADDED",
                                      "vnf-1-fw-data-1:ADDED"}));

  // The records: starting, processing, completed with source/corr/request/ns; VnfActivated.
  const auto ops = world.find("vnfm-1", "VnfLcmOperation");
  ASSERT_EQ(ops.size(), 3u) << world.decisions();
  EXPECT_EQ(ops[0].outcome, "starting");
  EXPECT_EQ(ops[1].outcome, "processing");
  EXPECT_EQ(ops[2].outcome, "completed");
  EXPECT_EQ(detail(ops[2], "source"), "OSS");
  EXPECT_EQ(detail(ops[2], "corr"), "oss-1-req-1");
  EXPECT_EQ(detail(ops[2], "request"), "nfvo-1-req-1");
  EXPECT_EQ(detail(ops[2], "ns"), "ns-1");
  EXPECT_EQ(detail(ops[2], "occurrence"), "vnfm-1-op-1");
  EXPECT_EQ(detail(ops[2], "added"), "3");
  ASSERT_EQ(world.find("vnfm-1", "VnfActivated", "started").size(), 1u);
  EXPECT_GT(world.find("vnfm-1", "VnfActivated")[0].id, ops[2].id);

  // The CMF heard COMPLETED on Cm-Vnfm and enrolled every VNFCI (direct mode, C.2.1.1).
  EXPECT_EQ(enrolled(world),
            (std::set<std::string>{"vnf-1-fw-ctl-1", "vnf-1-fw-ctl-2", "vnf-1-fw-data-1"}));
}

TEST(VnfmChain, ARefusedGrantFailsTheOperationWithNothingAllocated) {
  auto log = std::make_shared<ChainLog>();
  log->reject_grants = true;
  test::ScenarioBuilder s = chain_world();
  send(s, *log, "2m", "InstantiateVnfRequest", instantiate_body("vnf-1", chain_vnfd()));
  // The VNF instance is gone: a second instantiation is accepted (and refused its grant again).
  send(s, *log, "3m", "InstantiateVnfRequest", instantiate_body("vnf-1", chain_vnfd()));
  World world(s, log);
  world.run_until("5m");
  ASSERT_EQ(log->grants.size(), 2u) << world.decisions();
  EXPECT_TRUE(log->vim_log.empty());
  EXPECT_EQ(log->states(),
            (std::vector<std::string>{"INSTANTIATE:STARTING", "INSTANTIATE:FAILED",
                                      "INSTANTIATE:STARTING", "INSTANTIATE:FAILED"}));
  EXPECT_EQ(log->notifications[1].reason, "grant rejected: quota vcpus 12 > 8");
  EXPECT_TRUE(log->notifications[1].affected_vnfcs.empty());
  const auto failed = world.find("vnfm-1", "VnfLcmOperation", "failed");
  ASSERT_EQ(failed.size(), 2u);
  EXPECT_EQ(detail(failed[0], "reason"), "grant rejected: quota vcpus 12 > 8");
  EXPECT_EQ(world.find("vnfm-1", "VnfLcmGrant", "rejected").size(), 2u);
  EXPECT_TRUE(world.find("vnfm-1", "VnfActivated").empty());
  EXPECT_TRUE(enrolled(world).empty());
}

TEST(VnfmChain, AnAllocationRefusedMidwayReleasesWhatWasAllocatedAndRollsBack) {
  auto log = std::make_shared<ChainLog>();
  log->refuse = {"vnf-1-fw-data-1"};
  test::ScenarioBuilder s = chain_world();
  send(s, *log, "2m", "InstantiateVnfRequest", instantiate_body("vnf-1", chain_vnfd()));
  World world(s, log);
  world.run_until("5m");
  EXPECT_EQ(log->vim_log,
            (std::vector<std::string>{"allocate vnf-1-fw-ctl-1", "allocate vnf-1-fw-ctl-2",
                                      "allocate vnf-1-fw-data-1", "release vnf-1-fw-ctl-2",
                                      "release vnf-1-fw-ctl-1"}))
      << world.decisions();
  EXPECT_FALSE(world.running("vnf-1-fw-ctl-1"));
  EXPECT_FALSE(world.running("vnf-1-fw-ctl-2"));
  EXPECT_EQ(log->states(),
            (std::vector<std::string>{"INSTANTIATE:STARTING", "INSTANTIATE:PROCESSING",
                                      "INSTANTIATE:ROLLED_BACK"}));
  EXPECT_EQ(log->notifications.back().reason,
            "allocation of vnf-1-fw-data-1 refused: no in-service host with capacity");
  EXPECT_TRUE(log->notifications.back().affected_vnfcs.empty());
  ASSERT_EQ(world.find("vnfm-1", "VnfLcmOperation", "rolled_back").size(), 1u);
  EXPECT_EQ(world.find("vnfm-1", "VnfciResource", "released").size(), 2u);
  EXPECT_TRUE(world.find("vnfm-1", "VnfActivated").empty());
}

TEST(VnfmChain, ScaleOutAndInWithinTheFlavourAndRefusedBeyondIt) {
  auto log = std::make_shared<ChainLog>();
  test::ScenarioBuilder s = chain_world();
  send(s, *log, "2m", "InstantiateVnfRequest", instantiate_body("vnf-1", chain_vnfd()));
  send(s, *log, "3m", "ScaleVnfRequest", scale_body("SCALE_OUT", "fw-ctl", 1));
  // Above max 3, below min 1, zero steps, unknown aspect: refused, nothing changes.
  send(s, *log, "4m", "ScaleVnfRequest", scale_body("SCALE_OUT", "fw-ctl", 1));
  send(s, *log, "5m", "ScaleVnfRequest", scale_body("SCALE_IN", "fw-ctl", 3));
  send(s, *log, "6m", "ScaleVnfRequest", scale_body("SCALE_IN", "fw-ctl", 0));
  send(s, *log, "7m", "ScaleVnfRequest", scale_body("SCALE_IN", "fw-x", 1));
  // Within: two of three fw-ctl go, the newest first.
  send(s, *log, "8m", "ScaleVnfRequest", scale_body("SCALE_IN", "fw-ctl", 2));
  World world(s, log);
  world.run_until("10m");
  ASSERT_EQ(log->answers.size(), 7u) << world.decisions();
  const std::vector<std::string> statuses = [&] {
    std::vector<std::string> out;
    for (const auto& [op, a] : log->answers) out.push_back(a.status);
    return out;
  }();
  EXPECT_EQ(statuses, (std::vector<std::string>{"accepted", "accepted", "rejected", "rejected",
                                                "rejected", "rejected", "accepted"}));
  EXPECT_NE(log->answers[2].second.reason->find("above the maximum"), std::string::npos)
      << *log->answers[2].second.reason;
  EXPECT_NE(log->answers[3].second.reason->find("below the minimum"), std::string::npos)
      << *log->answers[3].second.reason;
  EXPECT_NE(log->answers[4].second.reason->find("steps must be at least 1"), std::string::npos);
  EXPECT_NE(log->answers[5].second.reason->find("unknown VNFC fw-x"), std::string::npos);
  EXPECT_EQ(log->vim_log,
            (std::vector<std::string>{"allocate vnf-1-fw-ctl-1", "allocate vnf-1-fw-ctl-2",
                                      "allocate vnf-1-fw-data-1", "allocate vnf-1-fw-ctl-3",
                                      "release vnf-1-fw-ctl-3", "release vnf-1-fw-ctl-2"}));
  EXPECT_EQ(log->grants.size(), 3u);
  EXPECT_EQ(log->grants[1].operation, "SCALE_OUT");
  EXPECT_EQ(log->grants[2].operation, "SCALE_IN");
  ASSERT_EQ(log->grants[2].remove_resources.size(), 2u);
  EXPECT_EQ(log->grants[2].remove_resources[0].resource, log->resource_of.at("vnf-1-fw-ctl-3"));
  EXPECT_EQ(affected(log->notifications.back()),
            (std::vector<std::string>{"vnf-1-fw-ctl-3:REMOVED", "vnf-1-fw-ctl-2:REMOVED"}));
  EXPECT_EQ(world.find("vnfm-1", "VnfLcmOperation", "rejected").size(), 4u);
  EXPECT_TRUE(world.running("vnf-1-fw-ctl-1"));
  EXPECT_FALSE(world.running("vnf-1-fw-ctl-2"));
}

TEST(VnfmChain, HealReleasesFirstThenAllocatesANewNameAndTerminateReleasesAll) {
  auto log = std::make_shared<ChainLog>();
  test::ScenarioBuilder s = chain_world();
  send(s, *log, "2m", "InstantiateVnfRequest", instantiate_body("vnf-1", chain_vnfd()));
  send(s, *log, "3m", "HealVnfRequest", heal_body({"vnf-1-fw-ctl-1"}));
  send(s, *log, "4m", "TerminateVnfRequest", terminate_body());
  // Not instantiated any more: heal, scale and terminate are refused.
  send(s, *log, "5m", "HealVnfRequest", heal_body({}));
  send(s, *log, "5m", "TerminateVnfRequest", terminate_body());
  World world(s, log);
  world.run_until("10m");
  EXPECT_EQ(log->vim_log,
            (std::vector<std::string>{"allocate vnf-1-fw-ctl-1", "allocate vnf-1-fw-ctl-2",
                                      "allocate vnf-1-fw-data-1", "release vnf-1-fw-ctl-1",
                                      "allocate vnf-1-fw-ctl-3", "release vnf-1-fw-ctl-2",
                                      "release vnf-1-fw-ctl-3", "release vnf-1-fw-data-1"}))
      << world.decisions();
  ASSERT_GE(log->grants.size(), 3u);
  EXPECT_EQ(log->grants[1].operation, "HEAL");
  ASSERT_EQ(log->grants[1].add_resources.size(), 1u);
  EXPECT_EQ(log->grants[1].add_resources[0].id, "vnf-1-fw-ctl-3");
  ASSERT_EQ(log->grants[1].remove_resources.size(), 1u);
  EXPECT_EQ(log->grants[1].remove_resources[0].id, "vnf-1-fw-ctl-1");
  EXPECT_EQ(log->grants[2].operation, "TERMINATE");
  EXPECT_EQ(log->states(),
            (std::vector<std::string>{"INSTANTIATE:STARTING", "INSTANTIATE:PROCESSING",
                                      "INSTANTIATE:COMPLETED", "HEAL:STARTING", "HEAL:PROCESSING",
                                      "HEAL:COMPLETED", "TERMINATE:STARTING",
                                      "TERMINATE:PROCESSING", "TERMINATE:COMPLETED"}));
  EXPECT_EQ(affected(log->notifications[5]),
            (std::vector<std::string>{"vnf-1-fw-ctl-1:REMOVED", "vnf-1-fw-ctl-3:ADDED"}));
  ASSERT_EQ(log->answers.size(), 5u);
  EXPECT_EQ(log->answers[3].second.status, "rejected");
  EXPECT_EQ(log->answers[3].second.reason, "VNF vnf-1 is not instantiated");
  EXPECT_EQ(log->answers[4].second.status, "rejected");
  for (const char* vnfci : {"vnf-1-fw-ctl-2", "vnf-1-fw-ctl-3", "vnf-1-fw-data-1"})
    EXPECT_FALSE(world.running(vnfci)) << vnfci;
  // The CMF enrolled the replacement and revoked what went.
  EXPECT_TRUE(enrolled(world).count("vnf-1-fw-ctl-3"));
  EXPECT_FALSE(world.find("cmf-1", "VnfciCertificateRevocation").empty());
}

TEST(VnfmChain, AFaultIsHealedAutomaticallyWithAGrantMarkedAutomatic) {
  auto log = std::make_shared<ChainLog>();
  test::ScenarioBuilder s = chain_world();
  send(s, *log, "2m", "InstantiateVnfRequest", instantiate_body("vnf-1", chain_vnfd()));
  s.command("3m", "vim-1", "change",
            {{"vnfci", "vnf-1-fw-ctl-2"}, {"change", "FAULT"}, {"reason", "crash"}});
  // A host retirement's REMOVED: the VIM is the source, its retirement the correlation.
  s.command("4m", "vim-1", "change",
            {{"vnfci", "vnf-1-fw-ctl-1"},
             {"change", "REMOVED"},
             {"reason", "host retired"},
             {"correlation", "vim-1-retire-1"}});
  // MIGRATED: the VNFCI moves, nothing else happens.
  s.command("5m", "vim-1", "change",
            {{"vnfci", "vnf-1-fw-ctl-3"}, {"change", "MIGRATED"}, {"to_host", "host-2"}});
  World world(s, log);
  world.run_until("10m");
  EXPECT_EQ(log->vim_log,
            (std::vector<std::string>{"allocate vnf-1-fw-ctl-1", "allocate vnf-1-fw-ctl-2",
                                      "allocate vnf-1-fw-data-1", "release vnf-1-fw-ctl-2",
                                      "allocate vnf-1-fw-ctl-3", "allocate vnf-1-fw-ctl-4"}))
      << world.decisions();
  ASSERT_EQ(log->grants.size(), 3u);
  EXPECT_TRUE(log->grants[1].automatic);
  EXPECT_EQ(log->grants[1].source, "VNFM_AUTO_HEAL");
  EXPECT_EQ(log->grants[1].correlation, "vnfm-1-heal-1");
  EXPECT_EQ(log->grants[1].remove_resources.size(), 1u);
  EXPECT_TRUE(log->grants[2].automatic);
  EXPECT_EQ(log->grants[2].source, "VIM");
  EXPECT_EQ(log->grants[2].correlation, "vim-1-retire-1");
  EXPECT_TRUE(log->grants[2].remove_resources.empty()) << "the VIM released it already";
  const auto heals = world.find("vnfm-1", "VnfLcmOperation", "completed");
  ASSERT_EQ(heals.size(), 3u);
  EXPECT_EQ(detail(heals[1], "operation"), "HEAL");
  EXPECT_EQ(detail(heals[1], "source"), "VNFM_AUTO_HEAL");
  EXPECT_EQ(detail(heals[1], "reason"), "FAULT: crash");
  EXPECT_EQ(detail(heals[2], "corr"), "vim-1-retire-1");
  EXPECT_EQ(world.find("vnfm-1", "VnfciResourceChange", "migrated").size(), 1u);
  EXPECT_EQ(log->grants.size(), 3u) << "MIGRATED starts no operation";
  EXPECT_TRUE(enrolled(world).count("vnf-1-fw-ctl-4"));
}

TEST(VnfmChain, WithoutAutoHealACrashedVnfciStaysFailed) {
  auto log = std::make_shared<ChainLog>();
  test::ScenarioBuilder s = chain_world();
  send(s, *log, "2m", "InstantiateVnfRequest", instantiate_body("vnf-1", chain_vnfd(false)));
  s.command("3m", "vim-1", "change",
            {{"vnfci", "vnf-1-fw-ctl-2"}, {"change", "FAULT"}, {"reason", "crash"}});
  World world(s, log);
  world.run_until("6m");
  EXPECT_EQ(log->grants.size(), 1u) << world.decisions();
  EXPECT_EQ(log->vim_log.size(), 3u);
  const auto rejected = world.find("vnfm-1", "VnfLcmOperation", "rejected");
  ASSERT_EQ(rejected.size(), 1u);
  EXPECT_EQ(detail(rejected[0], "reason"), "replacement not allowed");
  EXPECT_EQ(detail(rejected[0], "vnfci"), "vnf-1-fw-ctl-2");
  EXPECT_EQ(detail(rejected[0], "source"), "VNFM_AUTO_HEAL");
  ASSERT_FALSE(log->notifications.empty());
  EXPECT_EQ(log->notifications.back().operation, "HEAL");
  EXPECT_EQ(log->notifications.back().state, "FAILED");
  EXPECT_EQ(log->notifications.back().reason, "replacement not allowed");
}

TEST(VnfmChain, BadInstantiationsAreRefusedWithTheReasonAndNothingStarts) {
  auto log = std::make_shared<ChainLog>();
  test::ScenarioBuilder s = chain_world();
  json bad_vnfd = chain_vnfd();
  bad_vnfd["vnfcs"]["fw-ctl"]["deployment"] = "bare-metal";
  json delegation = chain_vnfd();
  delegation["certificate_mode"] = "delegation";
  json mode_differs = instantiate_body("vnf-1", chain_vnfd());
  mode_differs["certificate_configuration"] = {{"mode", "delegation"}};
  json bad_package = instantiate_body("vnf-1", chain_vnfd());
  bad_package["package"]["verdict"] = "digest-mismatch";
  json no_flavour = instantiate_body("vnf-1", chain_vnfd(), "large");
  json undecodable = instantiate_body("vnf-1", chain_vnfd());
  undecodable.erase("flavour");
  send(s, *log, "2m", "InstantiateVnfRequest", instantiate_body("vnf-1", bad_vnfd));
  send(s, *log, "2m1s", "InstantiateVnfRequest", no_flavour);
  send(s, *log, "2m2s", "InstantiateVnfRequest", mode_differs);
  send(s, *log, "2m3s", "InstantiateVnfRequest", bad_package);
  send(s, *log, "2m4s", "InstantiateVnfRequest", instantiate_body("vnf-1", delegation));
  send(s, *log, "2m5s", "InstantiateVnfRequest", undecodable);
  send(s, *log, "2m6s", "ScaleVnfRequest", scale_body("SCALE_OUT", "fw-ctl", 1));
  // The good one, then twice (already instantiated), then the same id with another VNFD.
  send(s, *log, "3m", "InstantiateVnfRequest", instantiate_body("vnf-1", chain_vnfd()));
  send(s, *log, "4m", "InstantiateVnfRequest", instantiate_body("vnf-1", chain_vnfd()));
  send(s, *log, "4m1s", "InstantiateVnfRequest", instantiate_body("vnf-2", chain_vnfd(false)));
  World world(s, log);
  world.run_until("6m");
  ASSERT_EQ(log->answers.size(), 10u) << world.decisions();
  auto reason = [&](std::size_t i) { return log->answers[i].second.reason.value_or("<none>"); };
  EXPECT_EQ(reason(0),
            "/vnfd/vnfcs/fw-ctl/deployment: vnfd: deployment: expected \"vm\" or \"container\"");
  EXPECT_EQ(reason(1), "unknown flavour large in VNFD vnfd-fw");
  EXPECT_EQ(reason(2), "certificate mode delegation differs from the VNFD's direct");
  EXPECT_EQ(reason(3), "package pkg-fw integrity digest-mismatch");
  EXPECT_NE(reason(4).find("delegation is not built"), std::string::npos) << reason(4);
  EXPECT_NE(reason(5).find("flavour"), std::string::npos) << reason(5);
  EXPECT_EQ(reason(6), "unknown VNF vnf-1");
  EXPECT_EQ(log->answers[7].second.status, "accepted");
  EXPECT_EQ(reason(8), "VNF vnf-1 is already instantiated");
  EXPECT_NE(reason(9).find("another VNFD vnfd-fw is in use"), std::string::npos) << reason(9);
  for (std::size_t i : {0u, 1u, 2u, 3u, 4u, 5u, 6u, 8u, 9u})
    EXPECT_EQ(log->answers[i].second.status, "rejected") << i;
  EXPECT_EQ(log->grants.size(), 1u);
  EXPECT_EQ(log->vim_log.size(), 3u);
}

TEST(VnfmChain, ChangeConfigurationIsRefusedAsNotBuilt) {
  auto log = std::make_shared<ChainLog>();
  test::ScenarioBuilder s = chain_world();
  msg::ChangeVnfConfigurationRequest r;
  r.request_id = "nfvo-1-req-9";
  r.vnf = "vnf-1";
  send(s, *log, "2m", "ChangeVnfConfigurationRequest", msg::to_envelope(r).body);
  World world(s, log);
  world.run_until("3m");
  ASSERT_EQ(log->answers.size(), 1u) << world.decisions();
  EXPECT_EQ(log->answers[0].second.status, "rejected");
  EXPECT_EQ(log->answers[0].second.request_id, "nfvo-1-req-9");
}

}  // namespace
}  // namespace ifa026::actors
