// The Security Manager binding, authorization and routing checks on synthetic traces: each
// passes on a run whose bindings, sessions, events and authorizations follow the trust model,
// fails on the map's negative case, and is none when the behaviour is not exercised.
#include <gtest/gtest.h>

#include "conformance/sm_binding_checks.hpp"
#include "tests/conformance/sm_trace_fixture.hpp"

namespace ifa026::conformance::sm_binding_checks_test {
namespace {

using nlohmann::json;
using testing::SmTraceBuilder;
using testing::World;

// sm-x: Fully-Active in td-a, Passive in td-b; sm-y: Semi-Active in td-a.
const json kSms = json::array(
    {{{"name", "sm-x"},
      {"member_of", "td-sec-x"},
      {"manages", {{"td-a", "fully_active"}, {"td-b", "passive"}}}},
     {{"name", "sm-y"}, {"member_of", "td-sec-y"}, {"manages", {{"td-a", "semi_active"}}}}});

struct Run {
  SmTraceBuilder t;
  std::uint64_t bind_x = 0;
  std::uint64_t event_b = 0;   // vnf-b's completed event to sm-x
  std::uint64_t refusal = 0;   // sm-x's instruction for vnf-b refused (Passive there)
  std::uint64_t executed = 0;  // sm-x's instruction for vnf-a granted
};

// Both SMs bound and subscribed; vnf-a (td-a) gated by sm-x, vnf-b (td-b) not; sm-x's
// instruction refused in td-b and granted in td-a.
Run canonical() {
  Run r;
  auto& t = r.t;
  t.session("sm-x", "X1");
  t.session("sm-y", "Y1");
  t.bind("sm-x", "td-a:fully_active,td-b:passive");
  r.bind_x = t.records.size() - 2;  // the SmBinding (the response follows)
  t.bind("sm-y", "td-a:semi_active");
  t.subscribe("sm-x");
  t.subscribe("sm-y");
  t.event("sm-x", "e-a", "VNF_INSTANTIATE", "proposed", "vnf-a", "td-a", "g-a");
  t.grant_exchange("sm-x");
  t.sm_grant("sm-x", "approved", "vnf-a", "INSTANTIATE", "e-a", "g-a");
  t.event("sm-y", "e-a", "VNF_INSTANTIATE", "proposed", "vnf-a", "td-a");
  t.window("closed", "e-a", "vnf-a", "INSTANTIATE", "0s");
  t.nfvo_grant("vnf-a", "INSTANTIATE", "granted");
  t.allocate("vnf-a");
  t.event("sm-x", "e-a", "VNF_INSTANTIATE", "completed", "vnf-a", "td-a");
  t.event("sm-y", "e-a", "VNF_INSTANTIATE", "completed", "vnf-a", "td-a");
  t.nfvo_grant("vnf-b", "INSTANTIATE", "granted");
  t.allocate("vnf-b");
  r.event_b = t.event("sm-x", "e-b", "VNF_INSTANTIATE", "completed", "vnf-b", "td-b");
  r.refusal = t.request("sm-x", "SmTerminateVnfRequest", "instruction", "td-b", "passive",
                        "rejected", "vnf-b", "mode passive");
  r.executed = t.request("sm-x", "SmTerminateVnfRequest", "instruction", "td-a", "fully_active",
                         "granted", "vnf-a");
  t.terminated("sm-x", "vnf-a");
  return r;
}

class SmBindingChecks : public ::testing::Test {
 protected:
  SmBindingChecks() : world(testing::kSmActors) { testing::set_trust_model(world, kSms); }
  CheckResult run(CheckFunction check, const SmTraceBuilder& t) {
    return world.run(check, t.records);
  }
  World world;
};

TEST_F(SmBindingChecks, AllPassOnTheCanonicalRun) {
  auto c = canonical();
  for (auto check : {check_sm_separate_deployment, check_sm_instances, check_sm_sessions,
                     check_sm_event_routing, check_sm_authorization, check_sm_modes_per_domain}) {
    auto r = run(check, c.t);
    EXPECT_EQ(r.verdict, Verdict::pass) << r.reason;
    EXPECT_FALSE(r.evidence.empty()) << r.reason;
  }
  // No binding changed: the change checks have nothing to judge.
  EXPECT_EQ(run(check_sm_mode_change, c.t).verdict, Verdict::none);
  EXPECT_EQ(run(check_sm_independence, c.t).verdict, Verdict::none);
  SmTraceBuilder empty;
  for (auto check : {check_sm_separate_deployment, check_sm_instances, check_sm_sessions,
                     check_sm_event_routing, check_sm_authorization, check_sm_modes_per_domain})
    EXPECT_EQ(run(check, empty).verdict, Verdict::none);
}

TEST_F(SmBindingChecks, SeparateDeploymentFailsOnASharedDomain) {
  auto c = canonical();
  auto shared = kSms;
  shared[1]["member_of"] = "td-sec-x";
  testing::set_trust_model(world, shared);
  auto r = run(check_sm_separate_deployment, c.t);
  EXPECT_EQ(r.verdict, Verdict::fail) << r.reason;
  EXPECT_NE(r.reason.find("share the domain td-sec-x"), std::string::npos) << r.reason;
  auto tenant = kSms;
  tenant[0]["member_of"] = "td-a";
  testing::set_trust_model(world, tenant);
  EXPECT_EQ(run(check_sm_separate_deployment, c.t).verdict, Verdict::fail);
}

TEST_F(SmBindingChecks, InstancesFailWhenSharedOrAcceptedForAnotherSm) {
  auto c = canonical();
  c.t.bind("sm-y", "td-a:semi_active", "vim-1", "bound", SmTraceBuilder::instance("sm-x"));
  auto r = run(check_sm_instances, c.t);
  EXPECT_EQ(r.verdict, Verdict::fail) << r.reason;
  EXPECT_NE(r.reason.find("bound to several SMs"), std::string::npos) << r.reason;
  // sm-y naming sm-x's instance: refused with the reason passes, granted fails.
  auto d = canonical();
  const auto id =
      d.t.request("sm-y", "SmSecurityPolicyInstruction", "", "td-a", "semi_active", "rejected",
                  "vnf-a", "instance belongs to another SM", SmTraceBuilder::instance("sm-x"));
  EXPECT_EQ(run(check_sm_instances, d.t).verdict, Verdict::pass);
  d.t.set_outcome(id, "granted");
  EXPECT_EQ(run(check_sm_instances, d.t).verdict, Verdict::fail);
}

TEST_F(SmBindingChecks, SessionsFailWithoutHandshakeOrWithAnotherSmsCertificate) {
  SmTraceBuilder t;
  t.bind("sm-x", "td-a:fully_active,td-b:passive");
  auto r = run(check_sm_sessions, t);
  EXPECT_EQ(r.verdict, Verdict::fail) << r.reason;
  EXPECT_NE(r.reason.find("without a mutual-TLS session"), std::string::npos) << r.reason;
  // sm-y presents sm-x's certificate.
  auto c = canonical();
  for (auto& rec : c.t.records)
    if (rec.actor == "nfvo-1" && rec.peer == "sm-y" && rec.operation == "TlsHandshake" &&
        rec.kind == sim::RecordKind::crypto)
      c.t.edit(rec.id, "peer_serial=Y1", "peer_serial=X1");
  auto shared = run(check_sm_sessions, c.t);
  EXPECT_EQ(shared.verdict, Verdict::fail) << shared.reason;
  EXPECT_NE(shared.reason.find("same certificate"), std::string::npos) << shared.reason;
  EXPECT_NE(run(check_sm_sessions, canonical().t).reason.find("not checked: TLS exporter"),
            std::string::npos);
  // sm-y acting on sm-x's instance over its own session: refused passes, accepted fails (the
  // gateway fault share_instance); so does a binding of sm-x made over sm-y's session.
  auto d = canonical();
  const auto id =
      d.t.request("sm-y", "SmNetworkStatusQuery", "", "td-a", "semi_active", "rejected", "",
                  "instance belongs to another SM", SmTraceBuilder::instance("sm-x"));
  EXPECT_EQ(run(check_sm_sessions, d.t).verdict, Verdict::pass);
  d.t.set_outcome(id, "granted");
  auto borrowed = run(check_sm_sessions, d.t);
  EXPECT_EQ(borrowed.verdict, Verdict::fail) << borrowed.reason;
  EXPECT_NE(borrowed.reason.find("over sm-y's session"), std::string::npos) << borrowed.reason;
  auto e = canonical();
  for (auto& rec : e.t.records)
    if (rec.operation == "SmBinding" && rec.peer == "sm-x") rec.peer = "sm-y";
  auto claimed = run(check_sm_sessions, e.t);
  EXPECT_EQ(claimed.verdict, Verdict::fail) << claimed.reason;
}

TEST_F(SmBindingChecks, RoutingFailsOutsideTheGrantsToHiddenSmsAndOnMissingEvents) {
  // vnf-b's event (td-b) to sm-y, which holds no grant there.
  auto c = canonical();
  c.t.event("sm-y", "e-b", "VNF_INSTANTIATE", "completed", "vnf-b", "td-b");
  auto r = run(check_sm_event_routing, c.t);
  EXPECT_EQ(r.verdict, Verdict::fail) << r.reason;
  EXPECT_NE(r.reason.find("holds no grant"), std::string::npos) << r.reason;
  // An event routed to an SM the VNF is hidden from.
  auto d = canonical();
  d.t.decision("nfvo-1", decisions::kSmEventSuppressed, "", "suppressed",
               "sm=sm-x; event_id=e-b2; vnf=vnf-b; reason=hidden_from", "sm-x");
  EXPECT_EQ(run(check_sm_event_routing, d.t).verdict, Verdict::fail);
  // A completed td-a event that never reached sm-y.
  auto e = canonical();
  e.t.event("sm-x", "e-a2", "VNF_MODIFY", "completed", "vnf-a", "td-a");
  auto missing = run(check_sm_event_routing, e.t);
  EXPECT_EQ(missing.verdict, Verdict::fail) << missing.reason;
  EXPECT_NE(missing.reason.find("never reached sm-y"), std::string::npos) << missing.reason;
  // A second Fully-Active SM of td-a left out of a grant-carried proposed event.
  auto p = canonical();
  p.t.bind("sm-z", "td-a:fully_active");
  p.t.subscribe("sm-z");
  p.t.event("sm-x", "e-d", "VNF_INSTANTIATE", "proposed", "vnf-d", "td-a", "g-d");
  auto left_out = run(check_sm_event_routing, p.t);
  EXPECT_EQ(left_out.verdict, Verdict::fail) << left_out.reason;
  EXPECT_NE(left_out.reason.find("never reached sm-z"), std::string::npos) << left_out.reason;
  // ... unless sm-y's filter leaves VNF_MODIFY out.
  auto f = canonical();
  for (auto& rec : f.t.records)
    if (rec.operation == decisions::kSmSubscription && rec.detail.find("sm=sm-y") == 0)
      f.t.edit(rec.id, "filter=", "filter=event_types=VNF_INSTANTIATE");
  f.t.event("sm-x", "e-a2", "VNF_MODIFY", "completed", "vnf-a", "td-a");
  EXPECT_EQ(run(check_sm_event_routing, f.t).verdict, Verdict::pass);
}

TEST_F(SmBindingChecks, AuthorizationFailsOnGrantsOrOutcomesOutsideTheTable) {
  // Grants other than the trust model's.
  auto c = canonical();
  c.t.edit(c.bind_x, "td-b:passive", "td-b:fully_active");
  auto r = run(check_sm_authorization, c.t);
  EXPECT_EQ(r.verdict, Verdict::fail) << r.reason;
  // A Passive instruction granted.
  auto d = canonical();
  d.t.set_outcome(d.refusal, "granted");
  auto granted = run(check_sm_authorization, d.t);
  EXPECT_EQ(granted.verdict, Verdict::fail) << granted.reason;
  EXPECT_NE(granted.reason.find("does not allow"), std::string::npos) << granted.reason;
  // The mode named is not the binding's.
  auto e = canonical();
  e.t.edit(e.executed, "mode=fully_active", "mode=semi_active");
  EXPECT_EQ(run(check_sm_authorization, e.t).verdict, Verdict::fail);
  // "not in SM's domains" for a domain the SM holds: wrong, unless the domain is sensitive and
  // the SM not designated for it.
  auto f = canonical();
  f.t.set_outcome(f.executed, "rejected");
  f.t.edit(f.executed, "basis=own", "basis=own; reason=not in SM's domains");
  EXPECT_EQ(run(check_sm_authorization, f.t).verdict, Verdict::fail);
  World li(testing::kSmActors);
  testing::set_trust_model(li, kSms);
  li.scenario().trust_model["domains"][1]["sensitive"] = true;  // td-a
  li.scenario().trust_model["sensitive_managers"] = {{"td-a", {"sm-y"}}};
  auto designated = li.run(check_sm_authorization, f.t.records);
  EXPECT_EQ(designated.verdict, Verdict::pass) << designated.reason;
  // An SM absent from the trust model bound.
  auto g = canonical();
  g.t.bind("sm-z", "td-a:passive");
  EXPECT_EQ(run(check_sm_authorization, g.t).verdict, Verdict::fail);
}

TEST_F(SmBindingChecks, ModesPerDomainFailWhenThePassiveDomainWaitsForTheSm) {
  auto c = canonical();
  // vnf-c of td-b: MANO asks sm-x though it is Passive there.
  c.t.event("sm-x", "e-c", "VNF_INSTANTIATE", "completed", "vnf-c", "td-b");
  c.t.sm_grant("sm-x", "approved", "vnf-c", "INSTANTIATE", "e-c", "g-c");
  c.t.nfvo_grant("vnf-c", "INSTANTIATE", "granted");
  auto r = run(check_sm_modes_per_domain, c.t);
  EXPECT_EQ(r.verdict, Verdict::fail) << r.reason;
  EXPECT_NE(r.reason.find("though it is passive there"), std::string::npos) << r.reason;
}

// sm-x's td-b turned Fully-Active mid-run; then vnf-c of td-b is gated by it.
Run changed() {
  auto r = canonical();
  r.t.bind("sm-x", "td-a:fully_active,td-b:fully_active", "nfvo-1", "changed");
  r.t.event("sm-x", "e-c", "VNF_INSTANTIATE", "proposed", "vnf-c", "td-b", "g-c");
  r.t.sm_grant("sm-x", "approved", "vnf-c", "INSTANTIATE", "e-c", "g-c");
  r.t.nfvo_grant("vnf-c", "INSTANTIATE", "granted");
  return r;
}

TEST_F(SmBindingChecks, ModeChangeConfinedToOneDomainAndEnforced) {
  auto c = changed();
  auto r = run(check_sm_mode_change, c.t);
  EXPECT_EQ(r.verdict, Verdict::pass) << r.reason;
  auto g = run(check_sm_independence, c.t);
  EXPECT_EQ(g.verdict, Verdict::pass) << g.reason;
  // Two domains changed at once.
  auto d = canonical();
  d.t.bind("sm-x", "td-a:passive,td-b:fully_active", "nfvo-1", "changed");
  auto two = run(check_sm_mode_change, d.t);
  EXPECT_EQ(two.verdict, Verdict::fail) << two.reason;
  // A change naming td-b (domain=, as the gateway records it) that altered td-a instead.
  auto n = canonical();
  n.t.bind("sm-x", "td-a:passive,td-b:passive", "nfvo-1", "changed");
  n.t.edit(n.t.records.size() - 2, "sm=sm-x", "sm=sm-x; domain=td-b; mode=fully_active");
  auto wrong = run(check_sm_mode_change, n.t);
  EXPECT_EQ(wrong.verdict, Verdict::fail) << wrong.reason;
  EXPECT_NE(wrong.reason.find("for a change of td-b"), std::string::npos) << wrong.reason;
  // A change for an SM not bound at a block changes no binding there.
  auto u = canonical();
  u.t.decision("vim-1", decisions::kSmBinding, "", "changed",
               "sm=sm-x; domain=td-b; mode=fully_active; reason=mode in td-b set to fully_active",
               "sm-x");
  EXPECT_EQ(run(check_sm_mode_change, u.t).verdict, Verdict::none);
  // The new mode not enforced: td-b's next operation granted without sm-x.
  auto e = canonical();
  e.t.bind("sm-x", "td-a:fully_active,td-b:fully_active", "nfvo-1", "changed");
  e.t.event("sm-x", "e-c", "VNF_INSTANTIATE", "completed", "vnf-c", "td-b");
  e.t.nfvo_grant("vnf-c", "INSTANTIATE", "granted");
  EXPECT_EQ(run(check_sm_mode_change, e.t).verdict, Verdict::fail);
  // A change with nothing after it in the domain: inconclusive.
  auto f = canonical();
  f.t.bind("sm-x", "td-a:fully_active,td-b:fully_active", "nfvo-1", "changed");
  EXPECT_EQ(run(check_sm_mode_change, f.t).verdict, Verdict::inconc);
}

TEST_F(SmBindingChecks, IndependenceFailsWhenAnotherSmIsTouched) {
  auto c = changed();
  // sm-y's binding changed at the same instant as sm-x's.
  const auto at = c.t.records.size();
  for (std::size_t i = 0; i < c.t.records.size(); ++i)
    if (c.t.records[i].outcome == "changed") {
      c.t.decision(
          "nfvo-1", decisions::kSmBinding, "", "changed",
          "sm=sm-y; instance=" + SmTraceBuilder::instance("sm-y") + "; grants=td-a:passive",
          "sm-y");
      c.t.records.back().time = c.t.records[i].time;
      break;
    }
  ASSERT_GT(c.t.records.size(), at);
  auto r = run(check_sm_independence, c.t);
  EXPECT_EQ(r.verdict, Verdict::fail) << r.reason;
  EXPECT_NE(r.reason.find("touched another SM"), std::string::npos) << r.reason;
  // A binding refused because of another SM.
  auto d = changed();
  d.t.decision("vim-1", decisions::kSmBinding, "", "refused",
               "sm=sm-y; instance=sm-y@vim-1/Sc-Vi; reason=sm-x holds the domain", "sm-y");
  EXPECT_EQ(run(check_sm_independence, d.t).verdict, Verdict::fail);
}

}  // namespace
}  // namespace ifa026::conformance::sm_binding_checks_test
