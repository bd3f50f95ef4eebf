// The `sm` actor end to end with the real OSS, CMF and CA: the OSS registers and configures it at
// the CMF like an NFVO and it enrols a certificate; then it binds over mutual TLS to a MANO block.
// The block here is a test double (a MANO entity of kind nfvo whose extension plays the Sc-Or side
// by script: binds, subscribes, sends grant requests and events, answers or refuses requests), so
// the SM's side is shown before the real gateway exists. Also its parameter checks.
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "actors/builtin_actors.hpp"
#include "actors/common/certificate_holder.hpp"
#include "actors/common/mano_entity.hpp"
#include "actors/common/package_vendor.hpp"
#include "actors/common/pki_clock.hpp"
#include "actors/common/trace_detail.hpp"
#include "actors/messages/decisions.hpp"
#include "actors/messages/reference_points.hpp"
#include "actors/messages/sc_mano.hpp"
#include "actors/sm/sm_state.hpp"
#include "pki/cms_signature.hpp"
#include "sim/simulation.hpp"
#include "tests/support/scenario_builder.hpp"

namespace ifa026::actors {
namespace {

using nlohmann::json;
using sim::TraceRecord;
using test::EntitySetup;
namespace m = messages;

constexpr const char* kRp = reference_points::kScOr;

// The Sc-Or side by script. Bind: bound with td-a fully_active. Subscription: subscribed, then
// two grant requests (vnf-db with a good signed package, vnf-lb with a digest the vendor did not
// sign) and a VNF_MODIFY notification. A network status query is refused; a termination accepted.
class FakeScOr final : public ManoEntityExtension {
 public:
  explicit FakeScOr(ManoEntityHost& host) : host_(host) {
    auto& h = host.request_handlers();
    h.on<m::SmBindRequest>([this](const m::SmBindRequest& r, const ChannelMessage& from) {
      received.push_back(std::string(m::SmBindRequest::kOperation));
      if (refuse_binds_left > 0) {
        --refuse_binds_left;
        return;  // unanswered: the SM resends
      }
      host_.channels().reply(from,
                             m::to_envelope(m::SmBindResponse{.request_id = r.request_id,
                                                              .status = "bound",
                                                              .instance = r.sm + "@fake-1/Sc-Or",
                                                              .grants = {{"td-a", "fully_active"}},
                                                              .reason = std::nullopt}));
    });
    h.on<m::SmLcmSubscriptionRequest>(
        [this](const m::SmLcmSubscriptionRequest& r, const ChannelMessage& from) {
          received.push_back(std::string(m::SmLcmSubscriptionRequest::kOperation));
          filter = r.filter;
          host_.channels().reply(
              from, m::to_envelope(m::SmLcmSubscriptionResponse{.request_id = r.request_id,
                                                                .status = "subscribed",
                                                                .subscription = "sub-7",
                                                                .reason = std::nullopt}));
          send_events(from, r.instance);
        });
    h.on<m::SmLcmGrantResponse>([this](const m::SmLcmGrantResponse& g, const ChannelMessage&) {
      grants[g.grant_id] = g;
      grant_times[g.grant_id] = host_.actor_context().now();
    });
    h.on<m::SmLcmObjection>([this](const m::SmLcmObjection& o, const ChannelMessage&) {
      objections.push_back(o);
      objection_time = host_.actor_context().now();
    });
    h.on<m::SmTerminateVnfRequest>(
        [this](const m::SmTerminateVnfRequest& t, const ChannelMessage& from) {
          terminations.push_back(t);
          host_.channels().reply(
              from, m::to_envelope(m::SmTerminateVnfResponse{
                        .instance = t.instance,
                        .request_id = t.request_id,
                        .status = "accepted",
                        .results = {{t.vnf_instance_ids.front(), "terminated", std::nullopt}},
                        .reason = std::nullopt}));
        });
    h.on<m::SmNetworkStatusQuery>(
        [this](const m::SmNetworkStatusQuery& q, const ChannelMessage& from) {
          host_.channels().reply(from,
                                 m::to_envelope(m::SmRequestRefused{
                                     .instance = q.instance,
                                     .request_id = q.request_id,
                                     .operation = std::string(m::SmNetworkStatusQuery::kOperation),
                                     .reason = "not in SM's domains"}));
        });
  }

  m::SmLcmEvent event(const std::string& id, const std::string& type, const std::string& phase,
                      const std::string& vnf) {
    m::SmLcmEvent e;
    e.event_id = id;
    e.event_type = type;
    e.phase = phase;
    e.occurred_at = "1s";
    e.trust_domain = "td-a";
    e.source = "OSS";
    e.reason = "test";
    e.oss_app_id = "app-" + vnf;
    e.vnf_instance_id = vnf;
    e.operation = "INSTANTIATE";
    return e;
  }

  void send_events(const ChannelMessage& from, const std::string& instance) {
    const PackageVendor vendor =
        make_package_vendor("acme", pki_instant(host_.actor_context().epoch(), sim::Time::zero()));
    const pki::Bytes content = {'p', 'k', 'g', '-', '1'};
    const pki::Bytes other = {'p', 'k', 'g', '-', '2'};
    const pki::Bytes signature =
        pki::cms_sign_detached(content, {vendor.signing_key, vendor.signing_certificate, {}},
                               pki_now(host_.actor_context()));
    auto integrity = [&](const pki::Bytes& digested) {
      return m::SmPackageIntegrity{.algorithm = "sha-256",
                                   .digest = pki::to_hex(pki::sha256(digested)),
                                   .signed_package = true,
                                   .mano_verdict = "verified",
                                   .signature = signature};
    };
    m::SmLcmEvent db = event("ev-1", "VNF_INSTANTIATE", "proposed", "vnf-db");
    db.vnf_package_id = "pkg-1";
    db.package_integrity = integrity(content);
    m::SmLcmEvent lb = event("ev-2", "VNF_INSTANTIATE", "proposed", "vnf-lb");
    lb.vnf_package_id = "pkg-2";
    lb.package_integrity = integrity(other);
    m::SmLcmEvent modify = event("ev-3", "VNF_MODIFY", "proposed", "vnf-lb");
    modify.change_kind = "vnfc";
    modify.operation = "SCALE_OUT";
    events_sent_at = host_.actor_context().now();
    host_.channels().reply(
        from, m::to_envelope(m::SmLcmGrantRequest{
                  .instance = instance, .grant_id = "g-1", .event = db, .deadline = "60s"}));
    host_.channels().reply(
        from, m::to_envelope(m::SmLcmGrantRequest{
                  .instance = instance, .grant_id = "g-2", .event = lb, .deadline = "60s"}));
    host_.channels().reply(from,
                           m::to_envelope(m::SmLcmEventNotification{
                               .instance = instance, .subscription = "sub-7", .event = modify}));
    m::SmLcmEvent done = event("ev-4", "VNF_INSTANTIATE", "completed", "vnf-lb");
    host_.channels().reply(from,
                           m::to_envelope(m::SmLcmEventNotification{
                               .instance = instance, .subscription = "sub-7", .event = done}));
  }

  std::vector<std::string> received;
  int refuse_binds_left = 0;
  m::SmEventFilter filter;
  std::map<std::string, m::SmLcmGrantResponse> grants;
  std::map<std::string, sim::Time> grant_times;
  std::vector<m::SmLcmObjection> objections;
  sim::Time objection_time;
  sim::Time events_sent_at;
  std::vector<m::SmTerminateVnfRequest> terminations;

 private:
  ManoEntityHost& host_;
};

int fake_unanswered_binds = 0;  // set by a test before its run, read by the factory

sim::ActorRegistry registry_with_fake() {
  sim::ActorRegistry registry = builtin_registry();
  ManoEntityKind kind;
  kind.kind = "nfvo";
  kind.description = "test double of the Sc-Or side";
  kind.reference_points = {{"sm", kRp}};
  kind.extension = [](ManoEntityHost& host, const sim::ActorSpec&) {
    auto fake = std::make_unique<FakeScOr>(host);
    fake->refuse_binds_left = fake_unanswered_binds;
    return fake;
  };
  registry.add("fake-sc-or", mano_entity_actor_type(std::move(kind)));
  return registry;
}

json sm_params() {
  return json::parse(R"({
    "nfvo": "fake-1",
    "domains": ["td-a"],
    "subscription": {"event_types": ["VNF_INSTANTIATE", "VNF_MODIFY"]},
    "rules": [
      {"on": {"vnf": "vnf-db", "phase": "proposed"}, "do": "reject", "reason": "no databases"},
      {"on": {"event_type": "VNF_MODIFY", "change_kind": "vnfc"}, "do": "object", "delay": "2s",
       "reason": "no scaling"},
      {"on": {"event_type": "VNF_INSTANTIATE", "phase": "completed"}, "do": "terminate",
       "kind": "instruction", "options": {"replace_allowed": false}}
    ],
    "default_decision": "approve",
    "verify_packages": true,
    "package_trust_anchors": ["acme"],
    "bind_retry": {"timeout": "3s", "retries": 5}
  })");
}

test::ScenarioBuilder sm_world(const json& params) {
  test::ScenarioBuilder b("sm-test");
  b.seed(5)
      .duration("2m")
      .latency("2ms")
      .add_ca("ca-1", {{"crl_interval", "0"}})
      .add_cmf("cmf-1")
      .add_oss("oss-1")
      .add_entity("fake-1", "fake-sc-or", EntitySetup("nfvo.example.net").kind("nfvo").via({}))
      .add_entity("sm-1", "sm", EntitySetup("sm.example.net").via({}).params(params))
      .command("1s", "oss-1", "register_all")
      .command("60s", "sm-1", "query_status", {{"domain", "td-b"}});
  return b;
}

class World {
 public:
  explicit World(const test::ScenarioBuilder& scenario) : registry_(registry_with_fake()) {
    simulation_ = std::make_unique<sim::Simulation>(scenario.load(registry_), registry_);
    simulation_->trace().subscribe(store_);
    simulation_->run();
  }
  std::vector<TraceRecord> find(const std::string& actor, const std::string& operation,
                                const std::string& outcome = "") const {
    std::vector<TraceRecord> out;
    for (const auto& r : store_.records())
      if (r.actor == actor && r.operation == operation && (outcome.empty() || r.outcome == outcome))
        out.push_back(r);
    return out;
  }
  std::string dump() const {
    std::string out;
    for (const auto& r : store_.records())
      if (r.kind == sim::RecordKind::decision)
        out += r.actor + " " + r.operation + " " + r.outcome + " " + r.detail + "\n";
    return out;
  }
  FakeScOr& fake() {
    auto* host = dynamic_cast<const ManoEntityHost*>(simulation_->actor("fake-1"));
    if (host == nullptr) throw std::runtime_error("no fake-1");
    return *const_cast<FakeScOr*>(dynamic_cast<const FakeScOr*>(host->extension()));
  }
  sim::Simulation& simulation() { return *simulation_; }

 private:
  sim::ActorRegistry registry_;
  sim::TraceStore store_;
  std::unique_ptr<sim::Simulation> simulation_;
};

std::string detail(const TraceRecord& r, const std::string& key) {
  return trace_detail_value(r.detail, key).value_or("<none>");
}

TEST(SmActor, RegisteredAndConfiguredByTheOssItEnrolsThenBindsAndActsByItsRules) {
  fake_unanswered_binds = 0;
  World world(sm_world(sm_params()));

  // The CMF registered it as kind sm and it holds a CMF-issued certificate for its FQDN.
  const auto* holder = dynamic_cast<const CertificateHolder*>(world.simulation().actor("sm-1"));
  ASSERT_NE(holder, nullptr);
  ASSERT_TRUE(holder->current_certificate()) << world.dump();
  EXPECT_EQ(holder->current_certificate()->certificate.san().dns,
            std::vector<std::string>{"sm.example.net"});
  EXPECT_FALSE(world.find("cmf-1", decisions::kRegisterEntity, "registered").empty());

  // Bound after the certificate, with the grants MANO gave; subscribed with its filter.
  const auto bound = world.find("sm-1", decisions::kSmBind, "bound");
  ASSERT_EQ(bound.size(), 1u) << world.dump();
  EXPECT_EQ(detail(bound[0], "block"), "fake-1");
  EXPECT_EQ(detail(bound[0], "instance"), "sm-1@fake-1/Sc-Or");
  EXPECT_EQ(detail(bound[0], "grants"), "td-a:fully_active");
  EXPECT_EQ(bound[0].reference_point, "Sc-Or");
  FakeScOr& fake = world.fake();
  EXPECT_EQ(fake.filter.event_types, (std::vector<std::string>{"VNF_INSTANTIATE", "VNF_MODIFY"}));
  const sm::SmState* state = sm::sm_state(world.simulation(), "sm-1");
  ASSERT_NE(state, nullptr);
  EXPECT_EQ(sm::sm_state(world.simulation(), "fake-1"), nullptr);
  EXPECT_EQ(state->bindings.at("fake-1").subscription, "sub-7");

  // g-1: the vnf-db rule rejects it, its package verified; g-2: no rule, default approve, and the
  // package fails (the signed digest is not the one MANO reports).
  ASSERT_EQ(fake.grants.count("g-1"), 1u) << world.dump();
  EXPECT_EQ(fake.grants["g-1"].decision, "reject");
  EXPECT_EQ(fake.grants["g-1"].reason, std::optional<std::string>("no databases"));
  EXPECT_EQ(fake.grants["g-1"].package_verdict, std::optional<std::string>("verified"));
  ASSERT_EQ(fake.grants.count("g-2"), 1u);
  EXPECT_EQ(fake.grants["g-2"].decision, "approve");
  EXPECT_EQ(fake.grants["g-2"].package_verdict, std::optional<std::string>("failed"));
  const auto failed = world.find("sm-1", decisions::kSmPackageVerification, "failed");
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(detail(failed[0], "package"), "pkg-2");
  EXPECT_NE(detail(failed[0], "reason").find("content-mismatch"), std::string::npos);
  EXPECT_EQ(world.find("sm-1", decisions::kSmPackageVerification, "verified").size(), 1u);

  // The VNF_MODIFY objection comes 2 s (the rule's delay) after the event.
  ASSERT_EQ(fake.objections.size(), 1u);
  EXPECT_EQ(fake.objections[0].event_id, "ev-3");
  EXPECT_EQ(fake.objections[0].reason, "no scaling");
  EXPECT_GE(fake.objection_time - fake.events_sent_at, sim::Duration::seconds(2));
  EXPECT_LT(fake.grant_times["g-1"] - fake.events_sent_at, sim::Duration::seconds(1));

  // The completed instantiation: a terminate instruction with its options, answered accepted.
  ASSERT_EQ(fake.terminations.size(), 1u);
  EXPECT_EQ(fake.terminations[0].kind, "instruction");
  EXPECT_EQ(fake.terminations[0].vnf_instance_ids, std::vector<std::string>{"vnf-lb"});
  EXPECT_FALSE(fake.terminations[0].options.replace_allowed);
  const auto answered = world.find("sm-1", decisions::kSmRequest, "answered");
  bool termination_answered = false;
  for (const auto& r : answered)
    if (detail(r, "sm_operation") == "SmTerminateVnfRequest") {
      termination_answered = true;
      EXPECT_EQ(detail(r, "status"), "accepted");
    }
  EXPECT_TRUE(termination_answered) << world.dump();

  // Rules fired: one record per matched event, outcome = action, with the rule's index.
  const auto fired = world.find("sm-1", decisions::kSmRuleFired);
  ASSERT_EQ(fired.size(), 3u) << world.dump();
  EXPECT_EQ(fired[0].outcome, "reject");
  EXPECT_EQ(detail(fired[0], "rule"), "0");
  EXPECT_EQ(world.find("sm-1", decisions::kSmEventReceived).size(), 4u);

  // The workload query was refused by MANO: SmRequest refused with MANO's reason.
  const auto refused = world.find("sm-1", decisions::kSmRequest, "refused");
  ASSERT_EQ(refused.size(), 1u) << world.dump();
  EXPECT_EQ(detail(refused[0], "sm_operation"), "SmNetworkStatusQuery");
  EXPECT_EQ(detail(refused[0], "reason"), "not in SM's domains");
  EXPECT_EQ(detail(refused[0], "request"), "sm-1-req-4");

  // What it learnt: ids from the payloads and the peer's certificate subject, nothing else.
  const auto& ids = state->known_identifiers();
  for (const char* id : {"vnf-db", "vnf-lb", "ev-1", "ev-4", "g-2", "pkg-1", "app-vnf-db",
                         "sm-1@fake-1/Sc-Or", "sub-7", "CN=nfvo.example.net,O=Operator"})
    EXPECT_EQ(ids.count(id), 1u) << id;
  EXPECT_EQ(ids.count("td-b"), 0u);
  EXPECT_EQ(state->events.size(), 4u);
}

TEST(SmActor, UnansweredBindIsResentWithBackOffUntilAnswered) {
  fake_unanswered_binds = 2;
  World world(sm_world(sm_params()));
  fake_unanswered_binds = 0;
  const auto requested = world.find("sm-1", decisions::kSmBind, "requested");
  ASSERT_EQ(requested.size(), 3u) << world.dump();
  // Back-off: 3 s, then 6 s between attempts.
  EXPECT_EQ(requested[1].time - requested[0].time, sim::Duration::seconds(3));
  EXPECT_EQ(requested[2].time - requested[1].time, sim::Duration::seconds(6));
  EXPECT_EQ(world.find("sm-1", decisions::kSmBind, "bound").size(), 1u);
  EXPECT_EQ(world.fake().received.front(), "SmBindRequest");
}

TEST(SmActor, WithoutACertificateItNeverBinds) {
  fake_unanswered_binds = 0;
  test::ScenarioBuilder s = sm_world(sm_params());
  s.clear_workload();  // the OSS never registers anyone
  World world(s);
  EXPECT_TRUE(world.find("sm-1", decisions::kSmBind).empty());
  EXPECT_TRUE(world.fake().received.empty());
}

TEST(SmActor, ARefusedBindIsNotRetriedAndCommandsAreNotSent) {
  fake_unanswered_binds = 0;
  json params = sm_params();
  params["nfvo"] = "nfvo-1";  // the real NFVO: its trust model (none here) knows no sm-1
  test::ScenarioBuilder s = sm_world(params);
  s.add_entity("nfvo-1", "nfvo", EntitySetup("nfvo-1.example.net").via({}))
      .command("70s", "sm-1", "terminate_vnf", {{"vnfs", {"vnf-1"}}});
  World world(s);
  const auto refused = world.find("sm-1", decisions::kSmBind, "refused");
  ASSERT_EQ(refused.size(), 1u) << world.dump();
  EXPECT_EQ(detail(refused[0], "block"), "nfvo-1");
  EXPECT_NE(detail(refused[0], "reason").find("trust model"), std::string::npos)
      << refused[0].detail;
  // Answered once: no resend.
  EXPECT_EQ(world.find("sm-1", decisions::kSmBind, "requested").size(), 1u);
  EXPECT_EQ(world.find("nfvo-1", decisions::kSmBinding, "refused").size(), 1u) << world.dump();
  // Unbound: the commands record why they were not sent.
  const auto not_sent = world.find("sm-1", decisions::kSmRequest, "refused");
  ASSERT_EQ(not_sent.size(), 2u) << world.dump();
  for (const auto& r : not_sent)
    EXPECT_EQ(detail(r, "reason"), "not sent: not bound to nfvo-1") << r.detail;
  EXPECT_TRUE(world.find("sm-1", decisions::kSmRequest, "sent").empty());
}

TEST(SmActor, CommandsWithArgumentsThatMakeNoRequestAreRefusedLocally) {
  fake_unanswered_binds = 0;
  test::ScenarioBuilder s = sm_world(sm_params());
  s.command("61s", "sm-1", "terminate_vnf", {{"vnfs", {"vnf-1"}}, {"kind", "order"}})
      .command("62s", "sm-1", "terminate_vnf",
               {{"vnfs", {"vnf-1"}}, {"options", {{"replace", false}}}})
      .command("63s", "sm-1", "query_context", {{"vnf", "vnf-1"}, {"ns", "ns-1"}})
      .command("64s", "sm-1", "retire_host", {{"host", "h-1"}, {"disposition", "keep"}})
      .command("65s", "sm-1", "query_status", {{"domain", "td-a"}, {"block", "nobody"}});
  World world(s);
  std::vector<std::string> reasons;
  for (const auto& r : world.find("sm-1", decisions::kSmRequest, "refused"))
    reasons.push_back(detail(r, "reason"));
  ASSERT_EQ(reasons.size(), 6u) << world.dump();  // the five, and MANO's refusal at 60 s
  EXPECT_EQ(reasons[0], "not in SM's domains");
  EXPECT_EQ(reasons[1], "not sent: kind must be request or instruction");
  EXPECT_NE(reasons[2].find("/options/replace: options: unknown option"), std::string::npos);
  EXPECT_EQ(reasons[3], "not sent: give exactly one of vnf, ns, event");
  EXPECT_EQ(reasons[4], "not sent: disposition must be migrate or terminate");
  EXPECT_EQ(reasons[5], "not sent: nobody is none of this SM's blocks (nfvo, vnfm, vim)");
  EXPECT_TRUE(world.fake().terminations.size() == 1u);  // only the rule's
}

// ---- parameters ----

std::string load_problems(const json& params) {
  try {
    sim::ActorRegistry registry = registry_with_fake();
    (void)sm_world(params).load(registry);
    return "";
  } catch (const std::exception& e) {
    return e.what();
  }
}

TEST(SmActor, GoodParametersLoad) {
  EXPECT_EQ(load_problems(sm_params()), "");
}

TEST(SmActor, BadParametersAreLocated) {
  json p = sm_params();
  p["default_decision"] = "maybe";
  p["subscription"] = {{"event_types", {"VNF_EXPLODE"}}, {"include_vnfds", true}};
  p["bind_retry"] = {{"timeout", "0s"}, {"tries", 3}};
  p["package_trust_anchors"] = {"Not A Vendor"};
  p["vim"] = "fake-1";
  p["rules"][1]["on"]["colour"] = "red";
  p["nfov"] = "x";
  const std::string text = load_problems(p);
  for (const char* expected : {"/params/default_decision", "/params/subscription/event_types/0",
                               "/params/subscription/include_vnfds", "/params/bind_retry/timeout",
                               "/params/bind_retry/tries", "/params/package_trust_anchors/0",
                               "/params/vim", "/params/rules/1/on/colour", "/params/nfov"})
    EXPECT_NE(text.find(expected), std::string::npos) << expected << "\n" << text;
  json no_anchors = sm_params();
  no_anchors.erase("package_trust_anchors");
  EXPECT_NE(load_problems(no_anchors).find("verify_packages needs package_trust_anchors"),
            std::string::npos);
}

}  // namespace
}  // namespace ifa026::actors
