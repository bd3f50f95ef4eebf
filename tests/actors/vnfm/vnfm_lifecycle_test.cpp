// The vnfm actor's VNF lifecycle in small simulations with the real ca, cmf and oss actors: the
// VNFM and test subscribers enrol their certificates for real (C.4.x), subscribers subscribe to
// LCM notifications and query over mutual TLS on Cm-Vnfm, and the VNFM spawns and retires VNFCI
// actors (a tiny test type registered as "vnfci") on instantiate, scale out/in, heal and terminate.
// Bad commands are refused and change nothing; a failed notification session is retried in order.
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "actors/ca/ca_actor.hpp"
#include "actors/cmf/cmf_actor.hpp"
#include "actors/common/certificate_holder.hpp"
#include "actors/common/mano_entity.hpp"
#include "actors/common/trace_detail.hpp"
#include "actors/messages/cm_vnfm.hpp"
#include "actors/messages/operation_error.hpp"
#include "actors/messages/operations.hpp"
#include "actors/messages/reference_points.hpp"
#include "actors/oss/oss_actor.hpp"
#include "actors/vnfm/vnfm_actor.hpp"
#include "sim/scenario.hpp"
#include "sim/simulation.hpp"
#include "tests/support/scenario_builder.hpp"

namespace ifa026::actors::vnfm_lifecycle_test {
namespace {

using nlohmann::json;
using sim::RecordKind;
using sim::TraceRecord;

// ---- test actors ----

// What the test actors saw, by actor name.
struct SubscriberLog {
  std::vector<json> subscription_responses;
  std::vector<json> notifications;
  std::vector<json> query_responses;
  std::vector<std::string> errors;  // other operations received
  std::set<std::string> peer_subjects;
  bool all_mutual = true;
};
struct SpawnedVnfci {
  std::string trust_domain;
  json params;
  int starts = 0;
};
struct Observations {
  std::map<std::string, SubscriberLog> subscribers;
  std::map<std::string, SpawnedVnfci> vnfcis;
};

// A test subscriber: a MANO entity (it enrols like any, registered by the OSS) whose extension
// subscribes to a VNFM's LCM notifications (command "subscribe": vnfm, filter) and queries it
// (command "query": vnfm, vnf) over mutual TLS on Cm-Vnfm, and logs what comes back.
class TestSubscriber final : public ManoEntityExtension {
 public:
  TestSubscriber(ManoEntityHost& host, std::shared_ptr<Observations> seen)
      : host_(host), seen_(std::move(seen)) {
    listen();
  }

  bool on_command(const sim::Command& command) override {
    const std::string vnfm = command.args.value("vnfm", std::string("vnfm-1"));
    if (command.name == "subscribe") {
      json body = json::object();
      if (command.args.contains("filter")) body["filter"] = command.args["filter"];
      host_.channels().send(vnfm, ChannelKind::mutual, reference_points::kCmVnfm,
                            Envelope{operations::kLccnSubscriptionRequest, "", body});
      return true;
    }
    if (command.name == "query") {
      json body = json::object();
      if (command.args.contains("vnf")) body["vnf"] = command.args["vnf"];
      host_.channels().send(vnfm, ChannelKind::mutual, reference_points::kCmVnfm,
                            Envelope{operations::kQueryVnfRequest, "", body});
      return true;
    }
    return false;
  }

  // The VNFM's answers and notifications, logged as they came (bodies as sent).
  void listen() {
    auto& handlers = host_.request_handlers();
    handlers.on<messages::LccnSubscriptionResponse>(
        [this](const messages::LccnSubscriptionResponse&, const ChannelMessage& m) {
          log(m).subscription_responses.push_back(m.envelope.body);
        });
    handlers.on<messages::VnfLcmOperationOccurrenceNotification>(
        [this](const messages::VnfLcmOperationOccurrenceNotification&, const ChannelMessage& m) {
          log(m).notifications.push_back(m.envelope.body);
        });
    handlers.on<messages::QueryVnfResponse>(
        [this](const messages::QueryVnfResponse&, const ChannelMessage& m) {
          log(m).query_responses.push_back(m.envelope.body);
        });
    for (const char* refused : {"LccnSubscriptionRequestError", "QueryVnfRequestError"})
      handlers.on<messages::OperationError>(
          refused, [this](const messages::OperationError&, const ChannelMessage& m) {
            log(m).errors.push_back(m.envelope.operation);
          });
  }

 private:
  SubscriberLog& log(const ChannelMessage& m) {
    SubscriberLog& log = seen_->subscribers[host_.actor_context().name()];
    if (m.peer.kind != ChannelKind::mutual || !m.peer.certificate) log.all_mutual = false;
    if (m.peer.certificate) log.peer_subjects.insert(m.peer.certificate->subject().to_string());
    return log;
  }

  ManoEntityHost& host_;
  std::shared_ptr<Observations> seen_;
};

// A VNFCI stand-in: notes its spawn (trust domain, parameters) and start, does nothing else.
class TestVnfci final : public sim::Actor {
 public:
  TestVnfci(sim::ActorContext& context, const sim::ActorSpec& spec,
            std::shared_ptr<Observations> seen)
      : Actor(context), seen_(std::move(seen)) {
    SpawnedVnfci& entry = seen_->vnfcis[spec.name];
    entry.trust_domain = context.trust_domain();
    entry.params = spec.params;
  }
  void on_start() override { ++seen_->vnfcis[name()].starts; }
  void on_message(const sim::Message&) override {}

 private:
  std::shared_ptr<Observations> seen_;
};

sim::ActorRegistry test_registry(const std::shared_ptr<Observations>& seen) {
  sim::ActorRegistry registry;
  register_ca_actor(registry);
  register_cmf_actor(registry);
  register_oss_actor(registry);
  register_vnfm_actor(registry);
  ManoEntityKind subscriber;
  subscriber.kind = "test-subscriber";
  subscriber.description = "test: subscribes to LCM notifications and queries a VNFM";
  subscriber.extra_commands = {
      {"subscribe",
       "subscribe to a VNFM's LCM notifications",
       {{"vnfm", sim::ParamType::string, "the VNFM", false, "vnfm-1"},
        {"filter", sim::ParamType::object, "notification filter"}}},
      {"query",
       "QueryVnf to a VNFM",
       {{"vnfm", sim::ParamType::string, "the VNFM", false, "vnfm-1"},
        {"vnf", sim::ParamType::string, "the VNF"}}},
  };
  subscriber.extension = [seen](ManoEntityHost& host, const sim::ActorSpec&) {
    return std::make_unique<TestSubscriber>(host, seen);
  };
  registry.add("test-subscriber", mano_entity_actor_type(std::move(subscriber)));
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

json firewall_vnfds() {
  using test::identity_template;
  return {{"vnfd-fw",
           {{"vnfcs",
             {{"fw-ctl",
               {{"identities",
                 json::array({identity_template("client", "client", "{vnfci}.{vnf}.example.net"),
                              identity_template("oam", "oam", "oam.{vnfci}.{vnf}.example.net")})}}},
              {"fw-data",
               {{"identities", json::array({identity_template(
                                   "server", "server", "{vnfci}.{vnf}.example.net")})}}}}}}}};
}

// CA, CMF, OSS, the VNFM (trust domain "operator-a") and the subscribers, all enrolled from 1 s.
test::ScenarioBuilder lifecycle_world(const std::vector<std::string>& subscribers,
                                      const std::string& duration) {
  test::ScenarioBuilder b("vnfm-lifecycle-test");
  b.seed(5)
      .duration(duration)
      .latency("2ms")
      .add_ca("ca-1", {{"crl_interval", "0"}})
      .add_cmf("cmf-1")
      .add_oss("oss-1")
      .add_entity("vnfm-1", "vnfm",
                  test::EntitySetup("vnfm.example.net")
                      .via({})
                      .params({{"vnfds", firewall_vnfds()},
                               {"vnfci_params", {{"day0", {{"cmf-1", "vnfci-day0"}}}}},
                               {"lcm_duration", "200ms"}}))
      .trust_domain("vnfm-1", "operator-a")
      .command("1s", "oss-1", "register_all");
  for (const auto& name : subscribers)
    b.add_entity(name, "test-subscriber",
                 test::EntitySetup(name + ".example.net").kind("nfvo").via({}));
  return b;
}

class World {
 public:
  // The scenario's unchecked commands (ones validation refuses) are given to the VNFM anyway: it
  // must still refuse them at run time.
  explicit World(const test::ScenarioBuilder& scenario)
      : seen_(std::make_shared<Observations>()), registry_(test_registry(seen_)) {
    simulation_ = std::make_unique<sim::Simulation>(scenario.load(registry_), registry_);
    simulation_->trace().subscribe(store_);
  }

  void run_until(const std::string& at) {
    simulation_->run_until(sim::Time{} + sim::parse_duration(at).value());
  }

  const Observations& seen() const { return *seen_; }
  const SubscriberLog& subscriber(const std::string& name) { return seen_->subscribers[name]; }
  sim::Simulation& simulation() { return *simulation_; }
  const std::vector<TraceRecord>& records() const { return store_.records(); }

  std::vector<TraceRecord> find(RecordKind kind, const std::string& actor,
                                const std::string& operation,
                                const std::string& outcome = "") const {
    std::vector<TraceRecord> out;
    for (const auto& r : records())
      if (r.kind == kind && (actor.empty() || r.actor == actor) && r.operation == operation &&
          (outcome.empty() || r.outcome == outcome))
        out.push_back(r);
    return out;
  }

  bool running(const std::string& actor) { return simulation_->actor(actor) != nullptr; }

  std::string decisions() const {
    std::string out;
    for (const auto& r : records())
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

// "vnfci:change" of a notification's affected VNFCs, in order.
std::vector<std::string> affected(const json& notification) {
  std::vector<std::string> out;
  for (const auto& a : notification.at("affected_vnfcs"))
    out.push_back(a.at("vnfci").get<std::string>() + ":" + a.at("change").get<std::string>());
  return out;
}

std::vector<std::string> query_names(const json& response) {
  std::vector<std::string> out;
  for (const auto& v : response.at("vnfcis")) out.push_back(v.at("vnfci").get<std::string>());
  return out;
}

// ---- tests ----

TEST(VnfmLifecycle, InstantiateScaleHealTerminateSpawnNotifyAndQuery) {
  test::ScenarioBuilder s = lifecycle_world({"sub-1"}, "10m");
  s.command("1m", "sub-1", "subscribe");
  s.command("2m", "vnfm-1", "instantiate",
            {{"vnf", "vnf-1"}, {"vnfd", "vnfd-fw"}, {"vnfcs", {{"fw-ctl", 2}, {"fw-data", 2}}}});
  s.command("3m", "vnfm-1", "scale_out", {{"vnf", "vnf-1"}, {"vnfc", "fw-data"}, {"count", 1}});
  s.command("4m", "vnfm-1", "scale_in", {{"vnf", "vnf-1"}, {"vnfc", "fw-ctl"}, {"count", 1}});
  s.command("5m", "vnfm-1", "heal", {{"vnf", "vnf-1"}, {"vnfci", "vnf-1-fw-data-1"}});
  s.command("6m", "sub-1", "query", {{"vnf", "vnf-1"}});
  s.command("7m", "vnfm-1", "terminate", {{"vnf", "vnf-1"}});
  s.command("8m", "sub-1", "query", {{"vnf", "vnf-1"}});
  s.command("8m", "sub-1", "query", {{"vnf", "vnf-7"}});
  World world(s);

  // Both enrolled for real before the subscription.
  world.run_until("1m");
  ASSERT_EQ(world.find(RecordKind::decision, "vnfm-1", "CertificateInstalled", "ok").size(), 1u)
      << world.decisions();
  ASSERT_EQ(world.find(RecordKind::decision, "sub-1", "CertificateInstalled", "ok").size(), 1u);

  world.run_until("2m");
  const SubscriberLog& log = world.subscriber("sub-1");
  ASSERT_EQ(log.subscription_responses.size(), 1u) << world.decisions();
  EXPECT_EQ(log.subscription_responses[0]["status"], "subscribed");
  EXPECT_EQ(log.subscription_responses[0]["subscription"], "vnfm-1-sub-1");
  EXPECT_EQ(world.find(RecordKind::decision, "vnfm-1", "LccnSubscription", "subscribed").size(),
            1u);

  // Instantiate: STARTING, then 4 VNFCI actors, then COMPLETED with 4 ADDED.
  world.run_until("2m100ms");
  ASSERT_EQ(log.notifications.size(), 1u) << world.decisions();
  EXPECT_EQ(log.notifications[0]["state"], "STARTING");
  EXPECT_EQ(log.notifications[0]["operation"], "INSTANTIATE");
  EXPECT_TRUE(log.notifications[0]["affected_vnfcs"].empty());
  EXPECT_FALSE(world.running("vnf-1-fw-ctl-1")) << "not spawned before the operation's duration";
  world.run_until("2m30s");
  const std::vector<std::string> first_four = {"vnf-1-fw-ctl-1", "vnf-1-fw-ctl-2",
                                               "vnf-1-fw-data-1", "vnf-1-fw-data-2"};
  for (const auto& name : first_four) {
    EXPECT_TRUE(world.running(name)) << name;
    ASSERT_TRUE(world.seen().vnfcis.count(name)) << name;
    const SpawnedVnfci& spawned = world.seen().vnfcis.at(name);
    EXPECT_EQ(spawned.trust_domain, "operator-a");
    EXPECT_EQ(spawned.params, json({{"day0", {{"cmf-1", "vnfci-day0"}}}}));
    EXPECT_EQ(spawned.starts, 1) << name << " started once";
  }
  EXPECT_EQ(world.seen().vnfcis.size(), 4u);
  ASSERT_EQ(log.notifications.size(), 2u);
  const json& completed = log.notifications[1];
  EXPECT_EQ(completed["state"], "COMPLETED");
  EXPECT_EQ(completed["operation"], "INSTANTIATE");
  EXPECT_EQ(completed["vnf"], "vnf-1");
  EXPECT_EQ(completed["vnfd"], "vnfd-fw");
  EXPECT_EQ(completed["occurrence"], log.notifications[0]["occurrence"]);
  EXPECT_EQ(affected(completed),
            (std::vector<std::string>{"vnf-1-fw-ctl-1:ADDED", "vnf-1-fw-ctl-2:ADDED",
                                      "vnf-1-fw-data-1:ADDED", "vnf-1-fw-data-2:ADDED"}));
  const json& ctl2 = completed["affected_vnfcs"][1];
  EXPECT_EQ(ctl2["vnfc"], "fw-ctl");
  ASSERT_EQ(ctl2["identities"].size(), 2u);
  EXPECT_EQ(ctl2["identities"][0],
            json({{"name", "client"},
                  {"usage", "client"},
                  {"subject", "CN=vnf-1-fw-ctl-2.vnf-1.example.net,O=Operator"},
                  {"dns", {"vnf-1-fw-ctl-2.vnf-1.example.net"}}}));
  EXPECT_EQ(ctl2["identities"][1]["usage"], "oam");
  EXPECT_EQ(ctl2["identities"][1]["dns"][0], "oam.vnf-1-fw-ctl-2.vnf-1.example.net");
  EXPECT_EQ(completed["affected_vnfcs"][2]["identities"][0]["name"], "server");
  // The kernel traced the spawns, after STARTING and before COMPLETED.
  auto starting = world.find(RecordKind::decision, "vnfm-1", "VnfLcmOperation", "starting");
  auto done = world.find(RecordKind::decision, "vnfm-1", "VnfLcmOperation", "completed");
  ASSERT_EQ(starting.size(), 1u);
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(detail(done[0], "operation"), "INSTANTIATE");
  EXPECT_EQ(detail(done[0], "state"), "COMPLETED");
  EXPECT_EQ(detail(done[0], "vnf"), "vnf-1");
  EXPECT_EQ(detail(done[0], "added"), "4");
  EXPECT_EQ(detail(done[0], "entity"), "vnfm-1");
  EXPECT_EQ(done[0].time - starting[0].time, sim::Duration::milliseconds(200));
  std::vector<std::string> spawned_in_order;
  for (const auto& r : world.records())
    if (r.kind == RecordKind::decision && r.actor == "vnfm-1" && r.operation == "SpawnActor") {
      EXPECT_EQ(r.outcome, "ok");
      EXPECT_EQ(r.time, done[0].time);
      EXPECT_EQ(detail(r, "type"), "vnfci");
      EXPECT_EQ(detail(r, "trust_domain"), "operator-a");
      EXPECT_LT(r.id, done[0].id) << "spawned before COMPLETED";
      spawned_in_order.push_back(r.peer);
    }
  EXPECT_EQ(spawned_in_order, first_four);

  // Scale out +1 fw-data.
  world.run_until("3m30s");
  ASSERT_EQ(log.notifications.size(), 4u);
  EXPECT_EQ(log.notifications[2]["operation"], "SCALE_OUT");
  EXPECT_EQ(log.notifications[2]["state"], "STARTING");
  EXPECT_EQ(affected(log.notifications[3]), std::vector<std::string>{"vnf-1-fw-data-3:ADDED"});
  EXPECT_TRUE(world.running("vnf-1-fw-data-3"));

  // Scale in -1 fw-ctl: the newest goes, its actor retired.
  world.run_until("4m30s");
  ASSERT_EQ(log.notifications.size(), 6u);
  EXPECT_EQ(log.notifications[5]["operation"], "SCALE_IN");
  EXPECT_EQ(affected(log.notifications[5]), std::vector<std::string>{"vnf-1-fw-ctl-2:REMOVED"});
  EXPECT_EQ(log.notifications[5]["affected_vnfcs"][0]["identities"].size(), 2u);
  EXPECT_FALSE(world.running("vnf-1-fw-ctl-2"));
  EXPECT_TRUE(world.running("vnf-1-fw-ctl-1"));

  // Heal: the old one retired, a new one spawned.
  world.run_until("5m30s");
  ASSERT_EQ(log.notifications.size(), 8u);
  EXPECT_EQ(log.notifications[7]["operation"], "HEAL");
  EXPECT_EQ(affected(log.notifications[7]),
            (std::vector<std::string>{"vnf-1-fw-data-1:REMOVED", "vnf-1-fw-data-4:ADDED"}));
  EXPECT_FALSE(world.running("vnf-1-fw-data-1"));
  EXPECT_TRUE(world.running("vnf-1-fw-data-4"));

  // Query: the current VNFCIs.
  world.run_until("6m30s");
  ASSERT_EQ(log.query_responses.size(), 1u);
  const json& query = log.query_responses[0];
  EXPECT_EQ(query["status"], "ok");
  EXPECT_EQ(query["vnf"], "vnf-1");
  EXPECT_EQ(query["vnfd"], "vnfd-fw");
  EXPECT_EQ(query["state"], "INSTANTIATED");
  EXPECT_EQ(query_names(query), (std::vector<std::string>{"vnf-1-fw-ctl-1", "vnf-1-fw-data-2",
                                                          "vnf-1-fw-data-3", "vnf-1-fw-data-4"}));
  EXPECT_EQ(query["vnfcis"][3]["identities"][0]["subject"],
            "CN=vnf-1-fw-data-4.vnf-1.example.net,O=Operator");

  // Terminate: all removed and retired.
  world.run_until("7m30s");
  ASSERT_EQ(log.notifications.size(), 10u);
  EXPECT_EQ(log.notifications[9]["operation"], "TERMINATE");
  EXPECT_EQ(affected(log.notifications[9]),
            (std::vector<std::string>{"vnf-1-fw-ctl-1:REMOVED", "vnf-1-fw-data-2:REMOVED",
                                      "vnf-1-fw-data-3:REMOVED", "vnf-1-fw-data-4:REMOVED"}));
  for (const auto& [name, spawned] : world.seen().vnfcis) EXPECT_FALSE(world.running(name)) << name;
  EXPECT_EQ(world.seen().vnfcis.size(), 6u);

  world.run_until("10m");
  ASSERT_EQ(log.query_responses.size(), 3u);
  EXPECT_EQ(log.query_responses[1]["state"], "NOT_INSTANTIATED");
  EXPECT_TRUE(log.query_responses[1]["vnfcis"].empty());
  EXPECT_EQ(log.query_responses[2]["status"], "rejected");
  EXPECT_EQ(log.query_responses[2]["reason"], "unknown VNF vnf-7");

  // Every notification: in order, over mutual TLS from the VNFM's certificate, one id each.
  EXPECT_TRUE(log.all_mutual);
  auto* vnfm = dynamic_cast<CertificateHolder*>(world.simulation().actor("vnfm-1"));
  ASSERT_NE(vnfm, nullptr);
  EXPECT_EQ(log.peer_subjects,
            std::set<std::string>{vnfm->current_certificate()->certificate.subject().to_string()});
  EXPECT_TRUE(log.errors.empty());
  std::set<std::string> ids;
  for (std::size_t i = 0; i < log.notifications.size(); ++i) {
    EXPECT_EQ(log.notifications[i]["state"], i % 2 == 0 ? "STARTING" : "COMPLETED") << i;
    EXPECT_EQ(log.notifications[i]["subscription"], "vnfm-1-sub-1");
    ids.insert(log.notifications[i]["id"].get<std::string>());
  }
  EXPECT_EQ(ids.size(), log.notifications.size());
  EXPECT_EQ(world.find(RecordKind::decision, "vnfm-1", "VnfLcmOperation", "completed").size(), 5u);
  std::vector<std::string> retired;
  for (const auto& r : world.find(RecordKind::decision, "vnfm-1", "RetireActor", "ok"))
    retired.push_back(r.peer);
  EXPECT_EQ(retired,
            (std::vector<std::string>{"vnf-1-fw-ctl-2", "vnf-1-fw-data-1", "vnf-1-fw-ctl-1",
                                      "vnf-1-fw-data-2", "vnf-1-fw-data-3", "vnf-1-fw-data-4"}));
  EXPECT_EQ(world.find(RecordKind::decision, "vnfm-1", "SpawnActor", "ok").size(), 6u);
  EXPECT_EQ(world.find(RecordKind::decision, "vnfm-1", "VnfLcmNotification", "sent").size(), 10u);
  EXPECT_TRUE(world.find(RecordKind::decision, "vnfm-1", "VnfLcmNotification", "queued").empty());
}

TEST(VnfmLifecycle, BadCommandsAreRejectedAndChangeNothing) {
  test::ScenarioBuilder s = lifecycle_world({"sub-1"}, "4m");
  s.command("1m", "sub-1", "subscribe");
  s.command("2m", "vnfm-1", "instantiate",
            {{"vnf", "vnf-1"}, {"vnfd", "vnfd-fw"}, {"vnfcs", {{"fw-ctl", 1}, {"fw-data", 1}}}});
  const std::vector<std::pair<std::string, json>> bad = {
      {"instantiate", {{"vnf", "vnf-1"}, {"vnfd", "vnfd-fw"}}},
      {"instantiate", {{"vnf", "vnf-2"}, {"vnfd", "vnfd-nope"}}},
      {"instantiate", {{"vnf", "vnf-2"}, {"vnfd", "vnfd-fw"}, {"vnfcs", {{"fw-lb", 1}}}}},
      {"scale_out", {{"vnf", "vnf-9"}, {"vnfc", "fw-ctl"}}},
      {"scale_out", {{"vnf", "vnf-1"}, {"vnfc", "fw-lb"}}},
      {"scale_out", {{"vnf", "vnf-1"}}},
      {"scale_in", {{"vnf", "vnf-1"}, {"vnfc", "fw-ctl"}, {"count", 2}}},
      {"scale_in", {{"vnf", "vnf-1"}, {"vnfc", "fw-ctl"}, {"count", 0}}},
      {"heal", {{"vnf", "vnf-1"}, {"vnfci", "vnf-1-fw-ctl-9"}}},
      {"terminate", {{"vnf", "vnf-3"}}},
  };
  // Validation refuses an unknown VNFD and a missing argument before the run (commands from a
  // scenario); given anyway, the VNFM refuses every one of them at run time.
  {
    test::ScenarioBuilder checked = s;
    for (const auto& [name, args] : bad) checked.command("2m30s", "vnfm-1", name, args);
    const auto load = checked.validate(test_registry(std::make_shared<Observations>()));
    std::vector<std::string> pointers;
    for (const auto& d : load.errors) pointers.push_back(d.pointer);
    EXPECT_EQ(pointers,
              (std::vector<std::string>{"/workload/4/args/vnfd", "/workload/5/args/vnfcs/fw-lb",
                                        "/workload/8/args"}));
  }
  for (const auto& [name, args] : bad) s.unchecked_command("2m30s", "vnfm-1", name, args);
  s.command("3m", "sub-1", "query", {{"vnf", "vnf-1"}});
  s.command("3m", "sub-1", "query");
  World world(s);
  world.run_until("4m");

  const SubscriberLog& log = world.subscriber("sub-1");
  auto rejected = world.find(RecordKind::decision, "vnfm-1", "VnfLcmOperation", "rejected");
  ASSERT_EQ(rejected.size(), bad.size()) << world.decisions();
  const std::vector<std::string> reasons = {
      "VNF vnf-1 is already instantiated",
      "unknown VNFD vnfd-nope",
      "unknown VNFC fw-lb in VNFD vnfd-fw",
      "unknown VNF vnf-9",
      "unknown VNFC fw-lb in VNFD vnfd-fw",
      "needs a non-empty string vnfc",
      "scale_in below zero: VNFC fw-ctl has 1 instances, count 2",
      "count must be at least 1",
      "unknown VNFCI vnf-1-fw-ctl-9 in VNF vnf-1",
      "unknown VNF vnf-3",
  };
  for (std::size_t i = 0; i < rejected.size(); ++i) {
    EXPECT_EQ(detail(rejected[i], "reason"), reasons[i]) << i;
    EXPECT_NE(detail(rejected[i], "operation"), "<none>");
  }
  // Only the instantiate notified and spawned.
  ASSERT_EQ(log.notifications.size(), 2u);
  EXPECT_EQ(world.seen().vnfcis.size(), 2u);
  ASSERT_EQ(log.query_responses.size(), 2u);
  EXPECT_EQ(query_names(log.query_responses[0]),
            (std::vector<std::string>{"vnf-1-fw-ctl-1", "vnf-1-fw-data-1"}));
  // Without a vnf: every VNF (the refused ones were never created).
  ASSERT_EQ(log.query_responses[1]["vnfs"].size(), 1u);
  EXPECT_EQ(log.query_responses[1]["vnfs"][0]["vnf"], "vnf-1");
  EXPECT_EQ(world.find(RecordKind::decision, "vnfm-1", "VnfLcmOperation", "starting").size(), 1u);
}

TEST(VnfmLifecycle, OperationsOnOneVnfRunInCommandOrder) {
  test::ScenarioBuilder s = lifecycle_world({"sub-1"}, "3m");
  s.command("1m", "sub-1", "subscribe");
  // Given together: the scale_out waits for the instantiate, the scale_in for both.
  s.command("2m", "vnfm-1", "instantiate",
            {{"vnf", "vnf-1"}, {"vnfd", "vnfd-fw"}, {"vnfcs", {{"fw-ctl", 1}}}});
  s.command("2m", "vnfm-1", "scale_out", {{"vnf", "vnf-1"}, {"vnfc", "fw-ctl"}, {"count", 2}});
  s.command("2m", "vnfm-1", "scale_in", {{"vnf", "vnf-1"}, {"vnfc", "fw-ctl"}, {"count", 3}});
  s.command("2m", "vnfm-1", "instantiate", {{"vnf", "vnf-2"}, {"vnfd", "vnfd-fw"}});
  World world(s);
  world.run_until("3m");
  const SubscriberLog& log = world.subscriber("sub-1");
  std::vector<std::string> sequence;
  for (const auto& n : log.notifications)
    sequence.push_back(n["vnf"].get<std::string>() + " " + n["operation"].get<std::string>() + " " +
                       n["state"].get<std::string>());
  EXPECT_EQ(sequence,
            (std::vector<std::string>{"vnf-1 INSTANTIATE STARTING", "vnf-2 INSTANTIATE STARTING",
                                      "vnf-1 INSTANTIATE COMPLETED", "vnf-1 SCALE_OUT STARTING",
                                      "vnf-2 INSTANTIATE COMPLETED", "vnf-1 SCALE_OUT COMPLETED",
                                      "vnf-1 SCALE_IN STARTING", "vnf-1 SCALE_IN COMPLETED"}))
      << world.decisions();
  ASSERT_EQ(log.notifications.size(), 8u);
  EXPECT_EQ(affected(log.notifications.back()),
            (std::vector<std::string>{"vnf-1-fw-ctl-3:REMOVED", "vnf-1-fw-ctl-2:REMOVED",
                                      "vnf-1-fw-ctl-1:REMOVED"}));
  EXPECT_EQ(affected(log.notifications[4]),
            (std::vector<std::string>{"vnf-2-fw-ctl-1:ADDED", "vnf-2-fw-data-1:ADDED"}));
}

TEST(VnfmLifecycle, SubscriptionsNeedTheVnfmCertificateAndFiltersApply) {
  test::ScenarioBuilder s = lifecycle_world({"sub-1", "sub-2"}, "5m");
  // Before anyone enrolled: the VNFM has no certificate to present, the handshake refuses it.
  s.command("500ms", "sub-1", "subscribe");
  s.command("1m", "sub-1", "subscribe");
  s.command("1m", "sub-2", "subscribe", {{"filter", {{"operations", {"TERMINATE"}}}}});
  s.command("1m10s", "sub-2", "subscribe", {{"filter", {{"colour", {"red"}}}}});
  s.command("2m", "vnfm-1", "instantiate", {{"vnf", "vnf-1"}, {"vnfd", "vnfd-fw"}});
  s.command("3m", "vnfm-1", "terminate", {{"vnf", "vnf-1"}});
  World world(s);
  world.run_until("1m");
  bool refused = false;
  for (const auto& r : world.find(RecordKind::crypto, "vnfm-1", "TlsHandshake", "failed"))
    if (r.peer == "sub-1" && r.detail.find("no certificate to present") != std::string::npos)
      refused = true;
  EXPECT_TRUE(refused) << world.decisions();
  EXPECT_TRUE(world.subscriber("sub-1").subscription_responses.empty());
  EXPECT_TRUE(world.find(RecordKind::decision, "vnfm-1", "LccnSubscription").empty());

  world.run_until("5m");
  const SubscriberLog& one = world.subscriber("sub-1");
  const SubscriberLog& two = world.subscriber("sub-2");
  ASSERT_EQ(one.subscription_responses.size(), 1u);
  ASSERT_EQ(two.subscription_responses.size(), 2u);
  EXPECT_EQ(two.subscription_responses[0]["status"], "subscribed");
  EXPECT_EQ(two.subscription_responses[1]["status"], "rejected");
  EXPECT_NE(two.subscription_responses[1]["reason"].get<std::string>().find("colour"),
            std::string::npos);
  EXPECT_NE(one.subscription_responses[0]["subscription"],
            two.subscription_responses[0]["subscription"]);
  EXPECT_EQ(one.notifications.size(), 4u);
  ASSERT_EQ(two.notifications.size(), 2u) << "only TERMINATE";
  EXPECT_EQ(two.notifications[0]["operation"], "TERMINATE");
  EXPECT_EQ(two.notifications[1]["state"], "COMPLETED");
  EXPECT_EQ(two.notifications[1]["affected_vnfcs"].size(), 2u);
  EXPECT_EQ(world.find(RecordKind::decision, "vnfm-1", "LccnSubscription", "rejected").size(), 1u);
}

TEST(VnfmLifecycle, NotificationsAfterAFailedSessionAreRetriedInOrder) {
  test::ScenarioBuilder s = lifecycle_world({"sub-1"}, "5m");
  s.params("vnfm-1")["notification_retry"] = "5s";
  s.command("1m", "sub-1", "subscribe");
  // The VNFM renews: its sessions close, so the next notifications need a new session to sub-1,
  // whose handshake is lost while the link is down (10 s handshake timeout), then retried.
  s.command("2m", "vnfm-1", "renew");
  s.link_down("vnfm-1", "sub-1", "3m", "3m12s");
  s.command("3m", "vnfm-1", "instantiate", {{"vnf", "vnf-1"}, {"vnfd", "vnfd-fw"}});
  World world(s);
  world.run_until("3m5s");
  const SubscriberLog& log = world.subscriber("sub-1");
  ASSERT_EQ(world.find(RecordKind::decision, "vnfm-1", "CertificateInstalled", "ok").size(), 2u)
      << world.decisions();
  EXPECT_TRUE(log.notifications.empty());
  world.run_until("5m");
  ASSERT_EQ(log.notifications.size(), 2u) << world.decisions();
  EXPECT_EQ(log.notifications[0]["state"], "STARTING");
  EXPECT_EQ(log.notifications[1]["state"], "COMPLETED");
  EXPECT_EQ(log.notifications[1]["affected_vnfcs"].size(), 2u);
  auto retries = world.find(RecordKind::decision, "vnfm-1", "VnfLcmNotification", "retry");
  ASSERT_GE(retries.size(), 2u);
  EXPECT_EQ(detail(retries[0], "state"), "STARTING");
  EXPECT_EQ(detail(retries[1], "state"), "COMPLETED");
  EXPECT_TRUE(world.find(RecordKind::decision, "vnfm-1", "VnfLcmNotification", "failed").empty());
}

TEST(VnfmLifecycle, NotificationsWaitWhileTheVnfmHoldsNoCertificate) {
  test::ScenarioBuilder s = lifecycle_world({"sub-1"}, "6m");
  s.command("1m", "sub-1", "subscribe");
  // The OSS has the VNFM's certificate revoked (the CMF removes it), the VNF is instantiated
  // meanwhile, then the OSS registers the VNFM again and it enrols anew.
  s.command("2m", "oss-1", "revoke", {{"entity", "vnfm-1"}, {"reason", "superseded"}});
  s.command("3m", "vnfm-1", "instantiate", {{"vnf", "vnf-1"}, {"vnfd", "vnfd-fw"}});
  s.command("4m", "oss-1", "register", {{"entity", "vnfm-1"}});
  World world(s);
  world.run_until("3m30s");
  const SubscriberLog& log = world.subscriber("sub-1");
  ASSERT_EQ(world.find(RecordKind::decision, "vnfm-1", "CertificateRemoved", "ok").size(), 1u)
      << world.decisions();
  // The lifecycle went on (VNFCIs spawned), the notifications wait.
  EXPECT_TRUE(world.running("vnf-1-fw-ctl-1"));
  EXPECT_TRUE(log.notifications.empty());
  auto queued = world.find(RecordKind::decision, "vnfm-1", "VnfLcmNotification", "queued");
  ASSERT_EQ(queued.size(), 2u);
  EXPECT_EQ(detail(queued[0], "reason"), "no certificate to authenticate with");
  EXPECT_EQ(detail(queued[1], "state"), "COMPLETED");

  world.run_until("6m");
  ASSERT_EQ(world.find(RecordKind::decision, "vnfm-1", "CertificateInstalled", "ok").size(), 2u)
      << world.decisions();
  ASSERT_EQ(log.notifications.size(), 2u) << world.decisions();
  EXPECT_EQ(log.notifications[0]["state"], "STARTING");
  EXPECT_EQ(log.notifications[1]["state"], "COMPLETED");
  EXPECT_EQ(affected(log.notifications[1]),
            (std::vector<std::string>{"vnf-1-fw-ctl-1:ADDED", "vnf-1-fw-data-1:ADDED"}));
  // Sent after the new certificate, over a session authenticated by it.
  auto installed = world.find(RecordKind::decision, "vnfm-1", "CertificateInstalled", "ok");
  auto sent = world.find(RecordKind::decision, "vnfm-1", "VnfLcmNotification", "sent");
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_GT(sent[0].id, installed[1].id);
  EXPECT_TRUE(log.all_mutual);
}

TEST(VnfmLifecycle, SameSeedSameLifecycleTrace) {
  auto lifecycle_records = [] {
    test::ScenarioBuilder s = lifecycle_world({"sub-1"}, "4m");
    s.command("1m", "sub-1", "subscribe");
    s.command("2m", "vnfm-1", "instantiate",
              {{"vnf", "vnf-1"}, {"vnfd", "vnfd-fw"}, {"vnfcs", {{"fw-ctl", 2}, {"fw-data", 1}}}});
    s.command("2m", "vnfm-1", "instantiate", {{"vnf", "vnf-2"}, {"vnfd", "vnfd-fw"}});
    s.command("3m", "vnfm-1", "heal", {{"vnf", "vnf-1"}, {"vnfci", "vnf-1-fw-ctl-2"}});
    s.command("3m", "vnfm-1", "terminate", {{"vnf", "vnf-2"}});
    World world(s);
    world.run_until("4m");
    std::vector<std::string> out;
    for (const auto& r : world.records())
      if (r.actor == "vnfm-1" && r.kind == RecordKind::decision &&
          (r.operation.rfind("VnfLcm", 0) == 0 || r.operation == "SpawnActor" ||
           r.operation == "RetireActor" || r.operation == "LccnSubscription"))
        out.push_back(sim::format_duration(r.time - sim::Time{}) + " " + r.operation + " " +
                      r.outcome + " " + r.detail);
    return out;
  };
  const auto first = lifecycle_records();
  // 1 subscription, 4 operations x (starting, completed) x (decision, notification sent),
  // 6 spawns (3 + 2 + 1), 3 retirements (1 + 2).
  EXPECT_EQ(first.size(), 1u + 4u * 2u * 2u + 6u + 3u) << ::testing::PrintToString(first);
  EXPECT_EQ(first, lifecycle_records());
}

TEST(VnfmLifecycle, ParameterChecksCoverDescriptors) {
  auto seen = std::make_shared<Observations>();
  sim::ActorRegistry registry = test_registry(seen);
  const sim::ActorType* type = registry.find("vnfm");
  ASSERT_NE(type, nullptr);
  std::vector<sim::Diagnostic> out;
  type->check_params({{"vnfds", firewall_vnfds()},
                      {"vnfci_params", json::object()},
                      {"lcm_duration", "1s"},
                      {"notification_retry", "2s"},
                      {"notification_retries", 3u}},
                     out);
  EXPECT_TRUE(out.empty()) << (out.empty() ? "" : out[0].message);
  json bad = firewall_vnfds();
  bad["vnfd-fw"]["vnfcs"]["fw-ctl"]["identities"][0]["usage"] = "root";
  type->check_params({{"vnfds", bad}, {"lcm_duration", "soon"}, {"vnfci_param", json::object()}},
                     out);
  std::set<std::string> pointers;
  for (const auto& d : out) pointers.insert(d.pointer);
  EXPECT_TRUE(pointers.count("/vnfds/vnfd-fw/vnfcs/fw-ctl/identities/0/usage"));
  EXPECT_TRUE(pointers.count("/lcm_duration"));
  EXPECT_TRUE(pointers.count("/vnfci_param"));
}

}  // namespace
}  // namespace ifa026::actors::vnfm_lifecycle_test
