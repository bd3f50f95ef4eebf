// The VIM's and the CISM's resources (docs/lifecycle.md, slice 3) in small simulations with the
// real ca, cmf and oss actors: the VIM, the CISM and test VNFM clients enrol their MANO
// certificates for real (C.4.x), the clients send the typed Vi-Vnfm / CISM-SI requests over mutual
// TLS and log the answers and change notifications; VNFCI actors are a tiny test type registered
// as "vnfci" that notes its spawn. Placement and its trace order, rejections that leave nothing
// allocated, release, migration, host retirement and quarantine, snapshot and secure erase, crash
// detection, the CISM's access list and its workloads, and the located checks of `hosts`.
//
// Why test clients rather than the vnfm actor: the VNFM does not send these requests yet (slice 4
// builds that against this VIM); a test MANO entity with an extension holds a real VNFM-like
// identity (registered by the OSS, enrolled at the CMF, mutual TLS) and sends exactly the messages
// of actors/messages/vi_vnfm.hpp and cism_si.hpp, so every case can be driven on its own.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "actors/ca/ca_actor.hpp"
#include "actors/cism/cism_actor.hpp"
#include "actors/cmf/cmf_actor.hpp"
#include "actors/common/mano_entity.hpp"
#include "actors/common/trace_detail.hpp"
#include "actors/messages/cism_si.hpp"
#include "actors/messages/codec.hpp"
#include "actors/messages/operation_error.hpp"
#include "actors/messages/reference_points.hpp"
#include "actors/messages/vi_vnfm.hpp"
#include "actors/oss/oss_actor.hpp"
#include "actors/vim/vim_actor.hpp"
#include "sim/scenario.hpp"
#include "sim/simulation.hpp"
#include "tests/support/scenario_builder.hpp"

namespace ifa026::actors {
namespace {

using nlohmann::json;
using sim::RecordKind;
using sim::TraceRecord;
namespace m = messages;

// ---- test actors ----

struct ClientLog {
  std::vector<json> answers;        // every answer, in arrival order, with "operation" added
  std::vector<json> notifications;  // change notifications, with "operation" added
  std::vector<std::string> errors;  // OperationError answers' operations
};
struct Observations {
  std::map<std::string, ClientLog> clients;
  std::map<std::string, json> vnfci_params;  // by VNFCI: the spawn parameters
  std::map<std::string, int> vnfci_starts;
};

// A test VNFM client: commands allocate / release / migrate (args: to, vnfci, vnf, resource,
// vcpus, memory_mb, zone, to_host, user_data, cism) send the typed requests over mutual TLS.
class TestClient final : public ManoEntityExtension {
 public:
  TestClient(ManoEntityHost& host, std::shared_ptr<Observations> seen)
      : host_(host), seen_(std::move(seen)) {
    auto& handlers = host_.request_handlers();
    log_answer<m::AllocateComputeResponse>();
    log_answer<m::ReleaseComputeResponse>();
    log_answer<m::MigrateComputeResponse>();
    log_answer<m::CreateOsContainerWorkloadResponse>();
    log_answer<m::DeleteOsContainerWorkloadResponse>();
    log_notification<m::VirtualisedResourceChangeNotification>();
    log_answer<m::ComputeReservationResponse>();
    log_answer<m::ComputeReservationReleaseResponse>();
    log_notification<m::OsContainerWorkloadChangeNotification>();
    for (const char* refused :
         {"AllocateComputeRequestError", "CreateOsContainerWorkloadRequestError",
          "ReleaseComputeRequestError"})
      handlers.on<m::OperationError>(refused,
                                     [this](const m::OperationError&, const ChannelMessage& msg) {
                                       log().errors.push_back(msg.envelope.operation);
                                     });
  }

  bool on_command(const sim::Command& command) override {
    const json& a = command.args;
    const bool cism = a.value("cism", false);
    const std::string to = a.value("to", std::string(cism ? "cism-1" : "vim-1"));
    const std::string request_id =
        host_.actor_context().name() + "-req-" + std::to_string(next_request_++);
    const std::string rp = cism ? reference_points::kCismSi : reference_points::kViVnfm;
    if (command.name == "allocate") {
      m::ResourceAllocationRequest r;
      r.request_id = request_id;
      r.correlation = a.value("corr", request_id);
      r.grant = "grant-1";
      r.vnf = a.value("vnf", std::string("vnf-1"));
      r.vnfc = "fw";
      r.vnfci = a.value("vnfci", std::string());
      r.capacity = {a.value("vcpus", 2LL), a.value("memory_mb", 1024LL)};
      if (a.contains("zone")) r.zone = a["zone"].get<std::string>();
      r.user_data = a.value("user_data", json::object());
      if (a.contains("reservation")) r.reservation = a["reservation"].get<std::string>();
      if (a.contains("trust_domain")) r.trust_domain = a["trust_domain"].get<std::string>();
      send(
          to, rp,
          cism ? wrap<m::CreateOsContainerWorkloadRequest>(r) : wrap<m::AllocateComputeRequest>(r));
      return true;
    }
    if (command.name == "release") {
      m::ResourceReleaseRequest r;
      r.request_id = request_id;
      r.correlation = request_id;
      r.resource = a.value("resource", std::string());
      r.vnfci = a.value("vnfci", std::string());
      if (a.value("cohosted", false)) r.terminate_cohosted = true;
      send(to, rp,
           cism ? wrap<m::DeleteOsContainerWorkloadRequest>(r) : wrap<m::ReleaseComputeRequest>(r));
      return true;
    }
    if (command.name == "reserve") {  // vnfcis: [[vnfci, vcpus], ...]
      m::ComputeReservationRequest r;
      r.request_id = request_id;
      r.correlation = a.value("corr", request_id);
      r.vnf = a.value("vnf", std::string("vnf-1"));
      for (const auto& item : a.value("items", json::array()))
        r.items.push_back({item[0].get<std::string>(), "fw", {item[1].get<long long>(), 1024}, {}});
      send(to, rp, m::to_envelope(r));
      return true;
    }
    if (command.name == "release_reservation") {
      m::ComputeReservationReleaseRequest r;
      r.request_id = request_id;
      r.correlation = request_id;
      r.reservations = {a.value("reservation", std::string())};
      send(to, rp, m::to_envelope(r));
      return true;
    }
    if (command.name == "unsupported") {  // an operation the VIM does not serve
      send(to, rp,
           Envelope{.operation = a.value("op", std::string("NoSuchRequest")),
                    .step = "",
                    .body = json::object()});
      return true;
    }
    if (command.name == "migrate") {
      m::MigrateComputeRequest r;
      r.request_id = request_id;
      r.correlation = request_id;
      r.resource = a.value("resource", std::string());
      r.vnfci = a.value("vnfci", std::string());
      if (a.contains("to_host")) r.to_host = a["to_host"].get<std::string>();
      send(to, rp, m::to_envelope(r));
      return true;
    }
    return false;
  }

 private:
  template <class M, class Base>
  static Envelope wrap(const Base& base) {
    M message;
    static_cast<Base&>(message) = base;
    return m::to_envelope(message);
  }
  void send(const std::string& to, const std::string& rp, Envelope envelope) {
    host_.channels().send(to, ChannelKind::mutual, rp, std::move(envelope));
  }
  template <class M>
  void log_answer() {
    host_.request_handlers().on<M>([this](const M&, const ChannelMessage& msg) {
      json body = msg.envelope.body;
      body["operation"] = msg.envelope.operation;
      log().answers.push_back(std::move(body));
    });
  }
  template <class M>
  void log_notification() {
    host_.request_handlers().on<M>([this](const M&, const ChannelMessage& msg) {
      json body = msg.envelope.body;
      body["operation"] = msg.envelope.operation;
      log().notifications.push_back(std::move(body));
    });
  }
  ClientLog& log() { return seen_->clients[host_.actor_context().name()]; }

  ManoEntityHost& host_;
  std::shared_ptr<Observations> seen_;
  int next_request_ = 1;
};

class TestVnfci final : public sim::Actor {
 public:
  TestVnfci(sim::ActorContext& context, const sim::ActorSpec& spec,
            std::shared_ptr<Observations> seen)
      : Actor(context), seen_(std::move(seen)) {
    seen_->vnfci_params[spec.name] = spec.params;
  }
  void on_start() override { ++seen_->vnfci_starts[name()]; }
  void on_message(const sim::Message&) override {}

 private:
  std::shared_ptr<Observations> seen_;
};

sim::ActorRegistry test_registry(const std::shared_ptr<Observations>& seen) {
  sim::ActorRegistry registry;
  register_ca_actor(registry);
  register_cmf_actor(registry);
  register_oss_actor(registry);
  register_vim_actor(registry);
  register_cism_actor(registry);
  ManoEntityKind client;
  client.kind = "test-vnfm-client";
  client.description = "test: sends Vi-Vnfm and CISM-SI requests";
  const std::vector<sim::ParamRule> args = {
      {"to", sim::ParamType::string, "VIM or CISM"},
      {"cism", sim::ParamType::boolean, "CISM-SI messages"},
      {"vnfci", sim::ParamType::string, "VNFCI"},
      {"vnf", sim::ParamType::string, "VNF"},
      {"corr", sim::ParamType::string, "correlation"},
      {"resource", sim::ParamType::string, "resource"},
      {"vcpus", sim::ParamType::integer, "vCPUs"},
      {"memory_mb", sim::ParamType::integer, "memory"},
      {"zone", sim::ParamType::string, "zone"},
      {"to_host", sim::ParamType::string, "target host"},
      {"user_data", sim::ParamType::object, "VNFCI parameters"},
      {"reservation", sim::ParamType::string, "a reservation id"},
      {"items", sim::ParamType::array, "reserve: [[vnfci, vcpus], ...]"},
      {"trust_domain", sim::ParamType::string, "the VNF's trust domain"},
      {"cohosted", sim::ParamType::boolean, "release: terminate_cohosted"},
      {"op", sim::ParamType::string, "unsupported: the operation sent"}};
  client.extra_commands = {{"allocate", "allocate", args},
                           {"release", "release", args},
                           {"migrate", "migrate", args},
                           {"reserve", "reserve", args},
                           {"release_reservation", "release a reservation", args},
                           {"unsupported", "send an operation the VIM does not serve", args}};
  client.extension = [seen](ManoEntityHost& host, const sim::ActorSpec&) {
    return std::make_unique<TestClient>(host, seen);
  };
  registry.add("test-vnfm-client", mano_entity_actor_type(std::move(client)));
  sim::ActorType vnfci;
  vnfci.description = "test: a VNFCI that only notes its spawn";
  vnfci.create = [seen](sim::ActorContext& context, const sim::ActorSpec& spec) {
    return std::make_unique<TestVnfci>(context, spec, seen);
  };
  vnfci.check_params = [](const json&, std::vector<sim::Diagnostic>&) {};
  registry.add("vnfci", std::move(vnfci));
  return registry;
}

// ---- scenarios ----

json host(const std::string& location, long long vcpus, const std::string& state = "") {
  json h = {{"location", location}, {"capacity", {{"vcpus", vcpus}, {"memory_mb", 65536}}}};
  if (!state.empty()) h["state"] = state;
  return h;
}

// CA, CMF, OSS, vim-1 (`hosts`), cism-1 (`nodes`, access: client-1) and two clients, all enrolled
// from 1 s; the test's commands start at 1 min.
test::ScenarioBuilder world_with(json hosts, json vim_extra = json::object()) {
  test::ScenarioBuilder b("vim-resources-test");
  json vim_params = {{"hosts", std::move(hosts)}};
  vim_params.update(vim_extra);
  b.seed(3)
      .duration("10m")
      .latency("2ms")
      .add_ca("ca-1", {{"crl_interval", "0"}})
      .add_cmf("cmf-1")
      .add_oss("oss-1")
      .add_entity("vim-1", "vim", test::EntitySetup("vim.example.net").via({}).params(vim_params))
      .add_entity(
          "cism-1", "cism",
          test::EntitySetup("cism.example.net")
              .via({})
              .params({{"nodes", {{"node-1", host("paris", 8)}, {"node-2", host("paris", 8)}}},
                       {"access", {"client-1"}},
                       {"fault_detection", "500ms"}}))
      .add_entity("client-1", "test-vnfm-client",
                  test::EntitySetup("client-1.example.net").kind("vnfm").via({}))
      .add_entity("client-2", "test-vnfm-client",
                  test::EntitySetup("client-2.example.net").kind("vnfm").via({}))
      .command("1s", "oss-1", "register_all");
  return b;
}

class World {
 public:
  explicit World(const test::ScenarioBuilder& scenario)
      : seen_(std::make_shared<Observations>()), registry_(test_registry(seen_)) {
    simulation_ = std::make_unique<sim::Simulation>(scenario.load(registry_), registry_);
    simulation_->trace().subscribe(store_);
  }
  void run_until(const std::string& at) {
    simulation_->run_until(sim::Time{} + sim::parse_duration(at).value());
  }
  const Observations& seen() const { return *seen_; }
  const ClientLog& client(const std::string& name) { return seen_->clients[name]; }
  bool running(const std::string& actor) { return simulation_->actor(actor) != nullptr; }
  sim::Simulation& simulation() { return *simulation_; }
  std::vector<TraceRecord> find(RecordKind kind, const std::string& actor,
                                const std::string& operation,
                                const std::string& outcome = "") const {
    std::vector<TraceRecord> out;
    for (const auto& r : store_.records())
      if (r.kind == kind && (actor.empty() || r.actor == actor) && r.operation == operation &&
          (outcome.empty() || r.outcome == outcome))
        out.push_back(r);
    return out;
  }
  std::vector<TraceRecord> decisions(const std::string& actor, const std::string& operation,
                                     const std::string& outcome = "") const {
    return find(RecordKind::decision, actor, operation, outcome);
  }
  std::string dump() const {
    std::string out;
    for (const auto& r : store_.records())
      if (r.kind == RecordKind::decision)
        out += sim::format_duration(r.time - sim::Time{}) + " " + r.actor + " " + r.operation +
               " " + r.outcome + " " + r.detail + "\n";
    return out;
  }

 private:
  std::shared_ptr<Observations> seen_;
  sim::ActorRegistry registry_;
  sim::TraceStore store_;
  std::unique_ptr<sim::Simulation> simulation_;
};

std::string detail(const TraceRecord& r, const std::string& key) {
  return trace_detail_value(r.detail, key).value_or("<none>");
}

void expect_enrolled(World& world) {
  world.run_until("1m");
  for (const char* entity : {"vim-1", "cism-1", "client-1", "client-2"})
    ASSERT_EQ(world.decisions(entity, "CertificateInstalled", "ok").size(), 1u) << entity << "\n"
                                                                                << world.dump();
}

json allocate(const std::string& vnfci, long long vcpus, const std::string& zone = "") {
  json a = {{"vnfci", vnfci}, {"vcpus", vcpus}};
  if (!zone.empty()) a["zone"] = zone;
  return a;
}

// ---- tests ----

TEST(VimResources, PlacementTakesTheMostFreeHostTiesByIdAndIsTracedBeforeTheAllocation) {
  test::ScenarioBuilder s = world_with(
      {{"h-b", host("paris", 16)}, {"h-a", host("paris", 16)}, {"h-c", host("lyon", 4)}});
  s.command("1m", "client-1", "allocate",
            {{"vnfci", "x-1"},
             {"vcpus", 4},
             {"zone", "paris"},
             {"corr", "oss-1-req-7"},
             {"user_data", {{"day0", {{"cmf-1", "s"}}}}}});
  s.command("2m", "client-1", "allocate", allocate("x-2", 2, "paris"));
  s.command("3m", "client-1", "allocate", allocate("x-3", 4));
  World world(s);
  expect_enrolled(world);
  world.run_until("4m");
  const ClientLog& log = world.client("client-1");
  ASSERT_EQ(log.answers.size(), 3u) << world.dump();
  // A tie (16 free each) goes to the lower id; then the other has more free vCPUs; without a
  // zone every location counts (h-c: 4 free, h-b: 12 and h-a: 14).
  EXPECT_EQ(log.answers[0]["operation"], "AllocateComputeResponse");
  EXPECT_EQ(log.answers[0]["status"], "allocated");
  EXPECT_EQ(log.answers[0]["resource"], "vim-1-compute-1");
  EXPECT_EQ(log.answers[0]["host"], "h-a");
  EXPECT_EQ(log.answers[0]["location"], "paris");
  EXPECT_EQ(log.answers[0]["vnfci"], "x-1");
  EXPECT_EQ(log.answers[1]["host"], "h-b");
  EXPECT_EQ(log.answers[1]["resource"], "vim-1-compute-2");
  EXPECT_EQ(log.answers[2]["host"], "h-b");
  const auto placements = world.decisions("vim-1", "PlacementDecided");
  ASSERT_EQ(placements.size(), 3u);
  EXPECT_EQ(placements[0].outcome, "decided");
  EXPECT_EQ(detail(placements[0], "candidates"), "h-a,h-b");
  EXPECT_EQ(detail(placements[0], "zone"), "paris");
  EXPECT_EQ(detail(placements[0], "vnfci"), "x-1");
  EXPECT_EQ(detail(placements[0], "location"), "paris");
  EXPECT_EQ(detail(placements[0], "corr"), "oss-1-req-7");
  EXPECT_EQ(detail(placements[1], "candidates"), "h-b,h-a");
  EXPECT_EQ(detail(placements[2], "candidates"), "h-b,h-a,h-c");
  EXPECT_EQ(detail(placements[2], "zone"), "");
  // PlacementDecided, then ResourceAllocation, then the kernel's SpawnActor, in the VIM's trace.
  const auto allocations = world.decisions("vim-1", "ResourceAllocation", "allocated");
  const auto spawns = world.decisions("vim-1", "SpawnActor", "ok");
  ASSERT_EQ(allocations.size(), 3u);
  ASSERT_EQ(spawns.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_LT(placements[i].id, allocations[i].id);
    EXPECT_LT(allocations[i].id, spawns[i].id);
  }
  EXPECT_EQ(detail(allocations[0], "resource"), "vim-1-compute-1");
  EXPECT_EQ(detail(allocations[0], "host"), "h-a");
  EXPECT_EQ(detail(allocations[0], "consumer"), "client-1");
  EXPECT_EQ(detail(allocations[0], "corr"), "oss-1-req-7");
  EXPECT_EQ(detail(spawns[0], "type"), "vnfci");
  EXPECT_EQ(spawns[0].peer, "x-1");
  // The VNFCI runs with user_data as its parameters.
  EXPECT_TRUE(world.running("x-1"));
  EXPECT_EQ(world.seen().vnfci_params.at("x-1"), json({{"day0", {{"cmf-1", "s"}}}}));
  EXPECT_EQ(world.seen().vnfci_starts.at("x-1"), 1);
}

TEST(VimResources, AnUnsupportedOperationIsAnsweredOnceAndTheErrorIsNeverAnsweredBack) {
  // client-1 has no handler for the error answer: it traces it and does not answer it, so the two
  // entities do not exchange "...ErrorError..." messages for the rest of the run.
  test::ScenarioBuilder s = world_with({{"h-a", host("paris", 4)}});
  s.command("1m", "client-1", "unsupported", {{"op", "NoSuchRequest"}});
  World world(s);
  expect_enrolled(world);
  world.run_until("3m");
  const auto refused = world.find(RecordKind::decision, "vim-1", "NoSuchRequest", "rejected");
  ASSERT_EQ(refused.size(), 1u) << world.dump();
  EXPECT_EQ(detail(refused[0], "reason"), "unsupported operation");
  const auto unexpected =
      world.find(RecordKind::decision, "client-1", "NoSuchRequestError", "rejected");
  ASSERT_EQ(unexpected.size(), 1u) << world.dump();
  EXPECT_EQ(detail(unexpected[0], "reason"), "unexpected error answer");
  EXPECT_TRUE(world.find(RecordKind::send, "", "NoSuchRequestErrorError").empty());
}

TEST(VimResources, RejectedAllocationsLeaveNothingAllocated) {
  test::ScenarioBuilder s = world_with({{"h-a", host("paris", 4)}});
  s.command("1m", "client-1", "allocate", allocate("big-1", 8));
  s.command("2m", "client-1", "allocate", allocate("far-1", 1, "tokyo"));
  s.command("3m", "client-1", "allocate", allocate("x-1", 2));
  s.command("4m", "client-1", "allocate", allocate("x-1", 1));
  // A name the kernel refuses (a running actor's): allocated, then released again.
  s.command("5m", "client-1", "allocate", allocate("cmf-1", 1));
  s.command("6m", "vim-1", "snapshot", {{"host", "h-a"}});
  s.command("7m", "client-1", "allocate", allocate("x-2", 2));
  World world(s);
  expect_enrolled(world);
  world.run_until("8m");
  const ClientLog& log = world.client("client-1");
  ASSERT_EQ(log.answers.size(), 6u) << world.dump();
  EXPECT_EQ(log.answers[0]["status"], "rejected");
  EXPECT_EQ(log.answers[0]["reason"], "no in-service host with capacity");
  EXPECT_FALSE(log.answers[0].contains("resource"));
  EXPECT_EQ(log.answers[1]["reason"], "unknown zone tokyo");
  EXPECT_EQ(log.answers[2]["status"], "allocated");
  EXPECT_EQ(log.answers[3]["status"], "rejected");
  EXPECT_EQ(log.answers[3]["reason"], "VNFCI name in use: x-1 runs on vim-1-compute-1");
  EXPECT_EQ(log.answers[4]["status"], "rejected");
  EXPECT_NE(log.answers[4]["reason"].get<std::string>().find("could not be spawned"),
            std::string::npos);
  // Nothing of the refused ones was placed or spawned: the no-host placements, the rejections.
  const auto placements = world.decisions("vim-1", "PlacementDecided");
  ASSERT_EQ(placements.size(), 5u);  // big-1, far-1, x-1, cmf-1, x-2 (the name clash is before)
  EXPECT_EQ(placements[0].outcome, "no-host");
  EXPECT_EQ(detail(placements[0], "candidates"), "");
  EXPECT_EQ(placements[1].outcome, "no-host");
  EXPECT_EQ(world.decisions("vim-1", "ResourceAllocation", "rejected").size(), 3u);
  EXPECT_FALSE(world.running("big-1"));
  EXPECT_FALSE(world.running("far-1"));
  EXPECT_EQ(world.decisions("vim-1", "SpawnActor", "ok").size(), 2u);  // x-1 and x-2
  EXPECT_EQ(world.decisions("vim-1", "SpawnActor", "rejected").size(), 1u);
  const auto spawn_release = world.decisions("vim-1", "ResourceRelease", "released");
  ASSERT_EQ(spawn_release.size(), 1u);
  EXPECT_EQ(detail(spawn_release[0], "reason"), "spawn failed");
  EXPECT_TRUE(world.running("cmf-1")) << "the clash did not touch the running actor";
  // Only x-1 holds capacity: 2 of 4 vCPUs, so x-2 (2 vCPUs) still fits.
  const auto snapshot = world.decisions("vim-1", "HostSnapshot", "ok");
  ASSERT_EQ(snapshot.size(), 1u);
  EXPECT_EQ(detail(snapshot[0], "resources"), "vim-1-compute-1");
  EXPECT_EQ(detail(snapshot[0], "vcpus"), "2");
  EXPECT_EQ(log.answers[5]["status"], "allocated");
  EXPECT_EQ(log.answers[5]["resource"], "vim-1-compute-3") << "ids are never reused";
}

TEST(VimResources, ReleaseRetiresTheVnfciAndOnlyTheConsumerMayRelease) {
  test::ScenarioBuilder s = world_with({{"h-a", host("paris", 4)}});
  s.command("1m", "client-1", "allocate", allocate("x-1", 2));
  s.command("2m", "client-2", "release", {{"resource", "vim-1-compute-1"}});
  s.command("3m", "client-1", "release", {{"resource", "vim-1-compute-9"}});
  s.command("4m", "client-1", "release", {{"resource", "vim-1-compute-1"}, {"vnfci", "x-1"}});
  s.command("5m", "client-1", "release", {{"resource", "vim-1-compute-1"}});
  World world(s);
  expect_enrolled(world);
  world.run_until("3m30s");
  EXPECT_TRUE(world.running("x-1"));
  const ClientLog& other = world.client("client-2");
  ASSERT_EQ(other.answers.size(), 1u) << world.dump();
  EXPECT_EQ(other.answers[0]["operation"], "ReleaseComputeResponse");
  EXPECT_EQ(other.answers[0]["status"], "rejected");
  EXPECT_EQ(other.answers[0]["reason"], "resource vim-1-compute-1 is not client-2's");
  const ClientLog& log = world.client("client-1");
  ASSERT_EQ(log.answers.size(), 2u);
  EXPECT_EQ(log.answers[1]["reason"], "unknown resource vim-1-compute-9");
  world.run_until("6m");
  ASSERT_EQ(log.answers.size(), 4u);
  EXPECT_EQ(log.answers[2]["status"], "released");
  EXPECT_EQ(log.answers[2]["resource"], "vim-1-compute-1");
  EXPECT_EQ(log.answers[3]["status"], "rejected") << "released once only";
  EXPECT_FALSE(world.running("x-1"));
  const auto released = world.decisions("vim-1", "ResourceRelease", "released");
  const auto retired = world.decisions("vim-1", "RetireActor", "ok");
  ASSERT_EQ(released.size(), 1u);
  ASSERT_EQ(retired.size(), 1u);
  EXPECT_LT(released[0].id, retired[0].id);
  EXPECT_EQ(retired[0].peer, "x-1");
  EXPECT_EQ(detail(released[0], "host"), "h-a");
  EXPECT_EQ(world.decisions("vim-1", "ResourceRelease", "rejected").size(), 3u);
}

TEST(VimResources, MigrationMovesTheComputeAndKeepsTheVnfciRunning) {
  test::ScenarioBuilder s =
      world_with({{"h-a", host("paris", 8)}, {"h-b", host("paris", 4)}, {"h-c", host("lyon", 8)}});
  s.command("1m", "client-1", "allocate", allocate("x-1", 2, "paris"));
  s.command("2m", "client-1", "migrate", {{"resource", "vim-1-compute-1"}, {"to_host", "h-c"}});
  s.command("3m", "client-1", "migrate", {{"resource", "vim-1-compute-1"}, {"to_host", "h-b"}});
  s.command("4m", "client-2", "migrate", {{"resource", "vim-1-compute-1"}});
  World world(s);
  expect_enrolled(world);
  world.run_until("1m30s");
  sim::Actor* before = world.simulation().actor("x-1");
  ASSERT_NE(before, nullptr);
  world.run_until("5m");
  const ClientLog& log = world.client("client-1");
  ASSERT_EQ(log.answers.size(), 3u) << world.dump();
  EXPECT_EQ(log.answers[0]["host"], "h-a");
  // Another zone is refused; a host of the zone with room is taken.
  EXPECT_EQ(log.answers[1]["operation"], "MigrateComputeResponse");
  EXPECT_EQ(log.answers[1]["status"], "rejected");
  EXPECT_EQ(log.answers[2]["status"], "migrated");
  EXPECT_EQ(log.answers[2]["from_host"], "h-a");
  EXPECT_EQ(log.answers[2]["to_host"], "h-b");
  ASSERT_EQ(log.notifications.size(), 1u);
  const json& n = log.notifications[0];
  EXPECT_EQ(n["operation"], "VirtualisedResourceChangeNotification");
  EXPECT_EQ(n["change"], "MIGRATED");
  EXPECT_EQ(n["resource"], "vim-1-compute-1");
  EXPECT_EQ(n["vnfci"], "x-1");
  EXPECT_EQ(n["host"], "h-a");
  EXPECT_EQ(n["to_host"], "h-b");
  EXPECT_EQ(n["correlation"], "client-1-req-3");
  // The same actor object: not respawned, not retired.
  EXPECT_EQ(world.simulation().actor("x-1"), before);
  EXPECT_EQ(world.seen().vnfci_starts.at("x-1"), 1);
  EXPECT_EQ(world.decisions("vim-1", "RetireActor").size(), 0u);
  EXPECT_EQ(world.decisions("vim-1", "SpawnActor").size(), 1u);
  const auto migrations = world.decisions("vim-1", "ComputeMigration", "migrated");
  ASSERT_EQ(migrations.size(), 1u);
  EXPECT_EQ(detail(migrations[0], "host"), "h-a");
  EXPECT_EQ(detail(migrations[0], "to_host"), "h-b");
  // Not the other consumer's to move.
  ASSERT_EQ(world.client("client-2").answers.size(), 1u);
  EXPECT_EQ(world.client("client-2").answers[0]["reason"],
            "resource vim-1-compute-1 is not client-2's");
  EXPECT_EQ(world.decisions("vim-1", "ComputeMigration", "rejected").size(), 2u);
}

TEST(VimResources, RetiringAHostMigratesWhereItCanAndRemovesTheRest) {
  test::ScenarioBuilder s =
      world_with({{"h-a", host("paris", 4)}, {"h-b", host("paris", 2)}, {"h-c", host("lyon", 16)}});
  s.command("1m", "client-1", "allocate", allocate("x-1", 2, "paris"));
  s.command("1m10s", "client-1", "allocate", allocate("x-2", 2, "paris"));
  s.command("2m", "vim-1", "retire_host", {{"host", "h-a"}});
  s.command("3m", "client-1", "allocate", allocate("x-3", 1, "paris"));
  s.command("4m", "vim-1", "retire_host", {{"host", "h-a"}});
  World world(s);
  expect_enrolled(world);
  world.run_until("5m");
  const ClientLog& log = world.client("client-1");
  ASSERT_EQ(log.answers.size(), 3u) << world.dump();
  EXPECT_EQ(log.answers[0]["host"], "h-a");
  EXPECT_EQ(log.answers[1]["host"], "h-a");
  const auto state = world.decisions("vim-1", "HostState", "retired");
  ASSERT_EQ(state.size(), 1u);
  EXPECT_EQ(detail(state[0], "corr"), "vim-1-retire-1");
  EXPECT_EQ(detail(state[0], "resources"), "vim-1-compute-1,vim-1-compute-2");
  // x-1 moves to h-b (h-c is in another zone); then h-b is full, so x-2 is removed.
  ASSERT_EQ(log.notifications.size(), 2u);
  EXPECT_EQ(log.notifications[0]["change"], "MIGRATED");
  EXPECT_EQ(log.notifications[0]["vnfci"], "x-1");
  EXPECT_EQ(log.notifications[0]["to_host"], "h-b");
  EXPECT_EQ(log.notifications[0]["correlation"], "vim-1-retire-1");
  EXPECT_EQ(log.notifications[1]["change"], "REMOVED");
  EXPECT_EQ(log.notifications[1]["vnfci"], "x-2");
  EXPECT_EQ(log.notifications[1]["reason"], "host retired");
  EXPECT_EQ(log.notifications[1]["correlation"], "vim-1-retire-1");
  EXPECT_TRUE(world.running("x-1"));
  EXPECT_FALSE(world.running("x-2"));
  const auto no_host = world.decisions("vim-1", "PlacementDecided", "no-host");
  ASSERT_GE(no_host.size(), 1u);
  EXPECT_EQ(detail(no_host[0], "vnfci"), "x-2");
  EXPECT_EQ(detail(no_host[0], "corr"), "vim-1-retire-1");
  const auto released = world.decisions("vim-1", "ResourceRelease", "released");
  ASSERT_EQ(released.size(), 1u);
  EXPECT_EQ(detail(released[0], "reason"), "host retired");
  // No placement on the retired host afterwards; a second retirement is refused.
  EXPECT_EQ(log.answers[2]["status"], "rejected");
  EXPECT_EQ(world.decisions("vim-1", "HostState", "rejected").size(), 1u);
}

TEST(VimResources, QuarantineSnapshotAndSecureErase) {
  test::ScenarioBuilder s = world_with({{"h-a", host("paris", 4)}, {"h-z", host("oslo", 4)}});
  s.command("1m", "client-1", "allocate", allocate("x-1", 2, "paris"));
  s.command("2m", "vim-1", "snapshot", {{"host", "h-a"}});
  s.command("2m10s", "vim-1", "secure_erase", {{"host", "h-a"}});
  s.command("3m", "vim-1", "retire_host", {{"host", "h-a"}, {"quarantine", true}});
  s.command("4m", "vim-1", "snapshot", {{"host", "h-a"}});
  s.command("4m10s", "vim-1", "secure_erase", {{"host", "h-a"}});
  World world(s);
  expect_enrolled(world);
  world.run_until("5m");
  const auto snapshots = world.decisions("vim-1", "HostSnapshot", "ok");
  ASSERT_EQ(snapshots.size(), 2u) << world.dump();
  EXPECT_EQ(detail(snapshots[0], "resources"), "vim-1-compute-1");
  EXPECT_EQ(detail(snapshots[0], "vnfcis"), "x-1");
  EXPECT_EQ(detail(snapshots[0], "state"), "in-service");
  EXPECT_EQ(detail(snapshots[1], "resources"), "");
  EXPECT_EQ(detail(snapshots[1], "state"), "quarantined");
  EXPECT_EQ(world.decisions("vim-1", "HostState", "quarantined").size(), 1u);
  const auto refused = world.decisions("vim-1", "SecureErase", "rejected");
  ASSERT_EQ(refused.size(), 1u);
  EXPECT_EQ(detail(refused[0], "reason"), "host h-a is in service (retire or quarantine it first)");
  const auto erased = world.decisions("vim-1", "SecureErase", "ok");
  ASSERT_EQ(erased.size(), 1u);
  EXPECT_EQ(erased[0].time - sim::Time{}, sim::parse_duration("4m10s").value());
  EXPECT_EQ(detail(erased[0], "state"), "quarantined");
  // No other host in paris: x-1 was removed, with the quarantine's reason.
  ASSERT_EQ(world.client("client-1").notifications.size(), 1u);
  EXPECT_EQ(world.client("client-1").notifications[0]["change"], "REMOVED");
  EXPECT_EQ(world.client("client-1").notifications[0]["reason"], "host quarantined");
}

TEST(VimResources, ACrashIsReportedAfterFaultDetectionAndTheComputeStaysUntilReleased) {
  test::ScenarioBuilder s = world_with({{"h-a", host("paris", 4)}}, {{"fault_detection", "2s"}});
  s.command("1m", "client-1", "allocate", allocate("x-1", 2));
  s.member("faults", json::array({{{"kind", "crash"}, {"actor", "x-1"}, {"at", "2m"}}}));
  s.command("2m1s", "vim-1", "snapshot", {{"host", "h-a"}});
  s.command("3m", "vim-1", "snapshot", {{"host", "h-a"}});
  s.command("4m", "client-1", "release", {{"resource", "vim-1-compute-1"}});
  World world(s);
  expect_enrolled(world);
  world.run_until("2m1s");
  EXPECT_FALSE(world.running("x-1"));
  EXPECT_TRUE(world.decisions("vim-1", "WorkloadFault").empty()) << "not before fault_detection";
  EXPECT_TRUE(world.client("client-1").notifications.empty());
  world.run_until("5m");
  const auto faults = world.decisions("vim-1", "WorkloadFault", "detected");
  ASSERT_EQ(faults.size(), 1u) << world.dump();
  EXPECT_EQ(faults[0].time - sim::Time{}, sim::parse_duration("2m2s").value());
  EXPECT_EQ(detail(faults[0], "resource"), "vim-1-compute-1");
  EXPECT_EQ(detail(faults[0], "vnfci"), "x-1");
  EXPECT_EQ(detail(faults[0], "host"), "h-a");
  EXPECT_EQ(detail(faults[0], "reason"), "crash");
  const ClientLog& log = world.client("client-1");
  ASSERT_EQ(log.notifications.size(), 1u);
  EXPECT_EQ(log.notifications[0]["change"], "FAULT");
  EXPECT_EQ(log.notifications[0]["vnfci"], "x-1");
  EXPECT_EQ(log.notifications[0]["reason"], "crash");
  EXPECT_FALSE(log.notifications[0].contains("correlation") &&
               !log.notifications[0]["correlation"].is_null());
  // Still allocated (failed) until released; the release retires no actor.
  const auto snapshots = world.decisions("vim-1", "HostSnapshot", "ok");
  ASSERT_EQ(snapshots.size(), 2u);
  EXPECT_EQ(detail(snapshots[1], "resources"), "vim-1-compute-1");
  EXPECT_EQ(detail(snapshots[1], "vcpus"), "2");
  ASSERT_EQ(log.answers.size(), 2u);
  EXPECT_EQ(log.answers[1]["status"], "released");
  const auto released = world.decisions("vim-1", "ResourceRelease", "released");
  ASSERT_EQ(released.size(), 1u);
  EXPECT_EQ(detail(released[0], "state"), "failed");
  EXPECT_TRUE(world.decisions("vim-1", "RetireActor").empty());
}

TEST(CismResources, WorkloadsFollowTheAccessListAreRemovedOnNodeRetirementAndReportCrashes) {
  test::ScenarioBuilder s = world_with(json::object());
  s.command("1m", "client-1", "allocate", {{"cism", true}, {"vnfci", "c-1"}, {"vcpus", 2}});
  s.command("1m10s", "client-1", "allocate", {{"cism", true}, {"vnfci", "c-2"}, {"vcpus", 2}});
  s.command("1m20s", "client-2", "allocate", {{"cism", true}, {"vnfci", "c-9"}, {"vcpus", 2}});
  s.command("2m", "cism-1", "retire_node", {{"node", "node-1"}});
  s.member("faults", json::array({{{"kind", "crash"}, {"actor", "c-2"}, {"at", "3m"}}}));
  s.command("4m", "client-1", "release", {{"cism", true}, {"resource", "cism-1-workload-2"}});
  World world(s);
  expect_enrolled(world);
  world.run_until("1m30s");
  const ClientLog& log = world.client("client-1");
  ASSERT_EQ(log.answers.size(), 2u) << world.dump();
  EXPECT_EQ(log.answers[0]["operation"], "CreateOsContainerWorkloadResponse");
  EXPECT_EQ(log.answers[0]["resource"], "cism-1-workload-1");
  EXPECT_EQ(log.answers[0]["host"], "node-1");
  EXPECT_EQ(log.answers[1]["host"], "node-2");
  EXPECT_TRUE(world.running("c-1"));
  // Cism.Sc.001: client-2 is not in the access list.
  EXPECT_EQ(world.client("client-2").errors,
            std::vector<std::string>{"CreateOsContainerWorkloadRequestError"});
  EXPECT_FALSE(world.running("c-9"));
  EXPECT_EQ(world.decisions("cism-1", "AccessDenied", "rejected").size(), 1u);
  // Node retirement removes, never migrates (node-2 had room).
  world.run_until("2m30s");
  ASSERT_EQ(log.notifications.size(), 1u);
  EXPECT_EQ(log.notifications[0]["operation"], "OsContainerWorkloadChangeNotification");
  EXPECT_EQ(log.notifications[0]["change"], "REMOVED");
  EXPECT_EQ(log.notifications[0]["vnfci"], "c-1");
  EXPECT_EQ(log.notifications[0]["reason"], "node retired");
  EXPECT_EQ(log.notifications[0]["correlation"], "cism-1-retire-1");
  EXPECT_FALSE(world.running("c-1"));
  EXPECT_TRUE(world.decisions("cism-1", "ComputeMigration").empty());
  // A crash: FAULT after the CISM's fault_detection (500 ms), then the deletion.
  world.run_until("5m");
  ASSERT_EQ(log.notifications.size(), 2u) << world.dump();
  EXPECT_EQ(log.notifications[1]["change"], "FAULT");
  EXPECT_EQ(log.notifications[1]["vnfci"], "c-2");
  const auto faults = world.decisions("cism-1", "WorkloadFault", "detected");
  ASSERT_EQ(faults.size(), 1u);
  EXPECT_EQ(faults[0].time - sim::Time{}, sim::parse_duration("3m500ms").value());
  ASSERT_EQ(log.answers.size(), 3u);
  EXPECT_EQ(log.answers[2]["operation"], "DeleteOsContainerWorkloadResponse");
  EXPECT_EQ(log.answers[2]["status"], "released");
}

// A release with terminate_cohosted (a Security Manager's termination option) removes the other
// VNFs' computes on the released compute's host as a security manager's doing: released, and
// notified REMOVED to their consumer with cause SECURITY_MANAGER and recovery_allowed=false. The
// same VNF's other compute, and computes on other hosts, stay.
TEST(VimResources, ReleaseWithTerminateCohostedRemovesTheOtherVnfsOnTheHost) {
  test::ScenarioBuilder s = world_with({{"h-a", host("paris", 16)}, {"h-b", host("lyon", 16)}});
  s.command("1m", "client-1", "allocate",
            {{"vnfci", "x-1"}, {"vnf", "vnf-1"}, {"vcpus", 2}, {"zone", "paris"}});
  s.command("1m", "client-1", "allocate",
            {{"vnfci", "x-2"}, {"vnf", "vnf-1"}, {"vcpus", 2}, {"zone", "paris"}});
  s.command("1m", "client-2", "allocate",
            {{"vnfci", "y-1"}, {"vnf", "vnf-2"}, {"vcpus", 2}, {"zone", "paris"}});
  s.command("1m", "client-2", "allocate",
            {{"vnfci", "z-1"}, {"vnf", "vnf-3"}, {"vcpus", 2}, {"zone", "lyon"}});
  s.command("2m", "client-1", "release",
            {{"resource", "vim-1-compute-1"}, {"vnfci", "x-1"}, {"cohosted", true}});
  World world(s);
  expect_enrolled(world);
  world.run_until("3m");
  const auto released = world.decisions("vim-1", "ResourceRelease", "released");
  ASSERT_EQ(released.size(), 2u) << world.dump();
  // The cohosted VNF's compute first, then the one asked for.
  EXPECT_EQ(detail(released[0], "vnfci"), "y-1");
  EXPECT_EQ(detail(released[1], "vnfci"), "x-1");
  EXPECT_TRUE(world.running("x-2"));
  EXPECT_TRUE(world.running("z-1"));
  EXPECT_FALSE(world.running("y-1"));
  const ClientLog& other = world.client("client-2");
  ASSERT_EQ(other.notifications.size(), 1u) << world.dump();
  EXPECT_EQ(other.notifications[0]["change"], "REMOVED");
  EXPECT_EQ(other.notifications[0]["vnfci"], "y-1");
  EXPECT_EQ(other.notifications[0]["cause"], "SECURITY_MANAGER");
  EXPECT_EQ(other.notifications[0]["recovery_allowed"], false);
  EXPECT_TRUE(world.client("client-1").notifications.empty());
  const auto notified = world.decisions("vim-1", "ResourceNotification", "sent");
  ASSERT_EQ(notified.size(), 1u);
  EXPECT_EQ(detail(notified[0], "cause"), "SECURITY_MANAGER");
  EXPECT_EQ(detail(notified[0], "recovery_allowed"), "false");
}

// Without the flag a release touches nothing else, and an operator's retirement notifies no cause.
TEST(VimResources, APlainReleaseAndAnOperatorRetirementCarryNoSecurityManagerCause) {
  test::ScenarioBuilder s = world_with({{"h-a", host("paris", 16)}});
  s.command("1m", "client-1", "allocate", {{"vnfci", "x-1"}, {"vnf", "vnf-1"}, {"vcpus", 2}});
  s.command("1m", "client-2", "allocate", {{"vnfci", "y-1"}, {"vnf", "vnf-2"}, {"vcpus", 2}});
  s.command("2m", "client-1", "release", {{"resource", "vim-1-compute-1"}, {"vnfci", "x-1"}});
  s.command("3m", "vim-1", "retire_host", {{"host", "h-a"}});
  World world(s);
  expect_enrolled(world);
  world.run_until("4m");
  ASSERT_EQ(world.decisions("vim-1", "ResourceRelease", "released").size(), 2u) << world.dump();
  const ClientLog& other = world.client("client-2");
  ASSERT_EQ(other.notifications.size(), 1u) << world.dump();
  EXPECT_EQ(other.notifications[0]["change"], "REMOVED");
  EXPECT_FALSE(other.notifications[0].contains("cause"));
  EXPECT_FALSE(other.notifications[0].contains("recovery_allowed"));
}

TEST(VimResources, BadHostsParametersAreLocated) {
  auto seen = std::make_shared<Observations>();
  const sim::ActorRegistry registry = test_registry(seen);
  test::ScenarioBuilder s = world_with(
      {{"h-a", {{"location", ""}, {"capacity", {{"vcpus", -1}, {"memory_mb", 10}, {"gpus", 1}}}}},
       {"h-b", {{"location", "paris"}, {"capacity", {{"vcpus", 2}}}, {"state", "broken"}}},
       {"h-c", {{"capacity", {{"vcpus", 2}, {"memory_mb", 1}}}, {"rack", 3}}},
       {"h-d", "paris"},
       {"h-e",
        {{"location", "paris"},
         {"capacity", {{"vcpus", 2}, {"memory_mb", 1}}},
         {"trust_domain", 7}}}});
  s.command("1m", "vim-1", "retire_host", {{"host", "h-x"}});
  const sim::ScenarioLoad load = s.validate(registry);
  std::vector<std::string> found;
  for (const auto& d : load.errors) found.push_back(d.pointer);
  std::sort(found.begin(), found.end());
  const std::string vim = "/actors/3/params/hosts";
  std::vector<std::string> expected = {vim + "/h-a/capacity/gpus", vim + "/h-a/capacity/vcpus",
                                       vim + "/h-a/location",      vim + "/h-b/capacity",
                                       vim + "/h-b/state",         vim + "/h-c",
                                       vim + "/h-c/rack",          vim + "/h-d",
                                       vim + "/h-e/trust_domain",  "/workload/1/args/host"};
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(found, expected) << ::testing::PrintToString(found);
  EXPECT_FALSE(load.scenario.has_value());
  for (const auto& d : load.errors) EXPECT_GT(d.line, 0) << d.pointer << " is located in the file";
}

// ---- placement reserved before the grant (D12) ----

// Two hosts (h-a 16 vCPUs, h-b 12): client-1 reserves three computes, each placed by the rule in
// turn with its capacity taken at once; the allocation naming a reservation goes to its host even
// where the rule would now choose another; another consumer, another VNFCI, a used or released
// reservation are refused with the reason; an unused reservation expires after the timeout and
// gives its capacity back.
TEST(VimReservations, ReservedPlacementIsHeldUsedByItsAllocationAndExpires) {
  test::ScenarioBuilder s = world_with({{"h-a", host("paris", 16)}, {"h-b", host("paris", 12)}},
                                       {{"reservation_timeout", "30s"}});
  s.command("1m", "client-1", "reserve",
            {{"items", json::array({json::array({"x-1", 4}), json::array({"x-2", 4}),
                                    json::array({"x-3", 40})})},
             {"corr", "op-1"}});
  // The rule alone would now put x-2 on h-b (12 free against h-a's 8): the reservation wins.
  s.command("61s", "client-1", "allocate",
            {{"vnfci", "x-2"}, {"vcpus", 4}, {"reservation", "vim-1-reservation-2"}});
  s.command("62s", "client-2", "allocate",
            {{"vnfci", "x-1"}, {"vcpus", 4}, {"reservation", "vim-1-reservation-1"}});
  s.command("63s", "client-1", "allocate",
            {{"vnfci", "x-9"}, {"vcpus", 4}, {"reservation", "vim-1-reservation-1"}});
  s.command("64s", "client-1", "allocate",
            {{"vnfci", "x-2b"}, {"vcpus", 4}, {"reservation", "vim-1-reservation-2"}});
  s.command("2m", "client-1", "allocate",
            {{"vnfci", "x-1"}, {"vcpus", 4}, {"reservation", "vim-1-reservation-1"}});
  s.command("3m", "client-1", "reserve", {{"items", json::array({json::array({"y-1", 2})})}});
  s.command("3m1s", "client-1", "release_reservation", {{"reservation", "vim-1-reservation-3"}});
  s.command("3m2s", "client-1", "release_reservation", {{"reservation", "vim-1-reservation-3"}});
  s.command("4m", "client-1", "reserve", {{"items", json::array({json::array({"z-1", 2})})}});
  s.command("5m", "client-1", "allocate",
            {{"vnfci", "z-1"}, {"vcpus", 2}, {"reservation", "vim-1-reservation-4"}});
  World world(s);
  expect_enrolled(world);
  world.run_until("6m");
  const ClientLog& log = world.client("client-1");
  ASSERT_EQ(log.answers.size(), 10u) << world.dump();
  const json& reserved = log.answers[0];
  EXPECT_EQ(reserved["operation"], "ComputeReservationResponse");
  ASSERT_EQ(reserved["items"].size(), 3u);
  EXPECT_EQ(reserved["items"][0]["status"], "reserved");
  EXPECT_EQ(reserved["items"][0]["host"], "h-a");
  EXPECT_EQ(reserved["items"][0]["location"], "paris");
  EXPECT_EQ(reserved["items"][1]["host"], "h-a");  // 12 free on h-a after x-1, tie by id
  EXPECT_EQ(reserved["items"][2]["status"], "rejected");
  EXPECT_EQ(reserved["items"][2]["reason"], "no in-service host with capacity");
  // PlacementDecided names the reservation, the capacity is taken at once.
  const auto placed = world.decisions("vim-1", "PlacementDecided", "decided");
  ASSERT_GE(placed.size(), 2u);
  EXPECT_EQ(detail(placed[0], "reservation"), "vim-1-reservation-1");
  EXPECT_EQ(detail(placed[1], "reservation"), "vim-1-reservation-2");
  EXPECT_EQ(log.answers[1]["status"], "allocated") << world.dump();
  EXPECT_EQ(log.answers[1]["host"], "h-a");
  EXPECT_EQ(world.client("client-2").answers.at(0)["reason"],
            "reservation vim-1-reservation-1 is not client-2's");
  EXPECT_EQ(log.answers[2]["reason"], "reservation vim-1-reservation-1 is for x-1, not x-9");
  EXPECT_EQ(log.answers[3]["reason"],
            "reservation vim-1-reservation-2 was used or released already");
  // Reservation 1 expired after 30 s (at 1m30s): capacity back, the allocation refused.
  const auto expired = world.decisions("vim-1", "ReservationExpired", "expired");
  ASSERT_EQ(expired.size(), 2u) << world.dump();
  EXPECT_EQ(detail(expired[0], "reservation"), "vim-1-reservation-1");
  EXPECT_GE(expired[0].time - sim::Time{}, sim::Duration::seconds(90));
  EXPECT_LT(expired[0].time - sim::Time{}, sim::Duration::seconds(91));
  EXPECT_EQ(log.answers[4]["status"], "rejected");
  EXPECT_EQ(log.answers[4]["reason"], "reservation vim-1-reservation-1 expired");
  // Released once, then refused; the used-up reservation 2 never expires.
  EXPECT_EQ(log.answers[6]["operation"], "ComputeReservationReleaseResponse");
  EXPECT_EQ(log.answers[6]["status"], "released");
  EXPECT_EQ(log.answers[7]["status"], "rejected");
  EXPECT_EQ(detail(expired[1], "reservation"), "vim-1-reservation-4");
  EXPECT_EQ(world.decisions("vim-1", "ResourceReservation", "used").size(), 1u);
  EXPECT_EQ(world.decisions("vim-1", "ResourceReservation", "released").size(), 1u);
  EXPECT_EQ(log.answers[9]["reason"], "reservation vim-1-reservation-4 expired");
}

// The fault switch ignore_reservation: the allocation is placed by the normal rule, the
// reservation stays held (so the host can differ from the reserved one) until it expires.
TEST(VimReservations, IgnoreReservationPlacesByTheRuleAndLeavesTheReservationHeld) {
  test::ScenarioBuilder s = world_with({{"h-a", host("paris", 16)}, {"h-b", host("paris", 12)}},
                                       {{"ignore_reservation", true}});
  s.command("1m", "client-1", "reserve",
            {{"items", json::array({json::array({"x-1", 2}), json::array({"x-2", 2})})}});
  s.command("61s", "client-1", "allocate",
            {{"vnfci", "x-1"}, {"vcpus", 2}, {"reservation", "vim-1-reservation-1"}});
  s.command("62s", "client-1", "allocate",
            {{"vnfci", "x-2"}, {"vcpus", 2}, {"reservation", "vim-1-reservation-2"}});
  World world(s);
  expect_enrolled(world);
  world.run_until("3m");
  const ClientLog& log = world.client("client-1");
  ASSERT_EQ(log.answers.size(), 3u) << world.dump();
  EXPECT_EQ(log.answers[0]["items"][1]["host"], "h-a");
  // h-a: 16 - 4 reserved - 2 allocated = 10 free against h-b's 12.
  EXPECT_EQ(log.answers[2]["status"], "allocated");
  EXPECT_EQ(log.answers[2]["host"], "h-b");
  EXPECT_TRUE(world.decisions("vim-1", "ResourceReservation", "used").empty());
  EXPECT_EQ(world.decisions("vim-1", "ReservationExpired", "expired").size(), 2u);
}

}  // namespace
}  // namespace ifa026::actors
