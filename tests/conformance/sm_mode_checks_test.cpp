// The Security Manager mode checks on synthetic traces: each passes on a run with a Passive, a
// Semi-Active and a Fully-Active SM treated per its mode, fails when the trace shows a mode
// broken (the map's negative cases), and is none when the mode is not exercised.
#include <gtest/gtest.h>

#include "conformance/sm_mode_checks.hpp"
#include "tests/conformance/sm_trace_fixture.hpp"

namespace ifa026::conformance::sm_mode_checks_test {
namespace {

using nlohmann::json;
using testing::SmTraceBuilder;
using testing::World;

const json kThreeSms = json::array(
    {{{"name", "sm-p"}, {"member_of", "td-sec-p"}, {"manages", {{"td-a", "passive"}}}},
     {{"name", "sm-s"}, {"member_of", "td-sec-s"}, {"manages", {{"td-a", "semi_active"}}}},
     {{"name", "sm-f"}, {"member_of", "td-sec-f"}, {"manages", {{"td-a", "fully_active"}}}}});

// Ids of the records the negative cases edit.
struct Canonical {
  SmTraceBuilder t;
  std::uint64_t sm_grant = 0;       // sm-f approves INSTANTIATE of vnf-1
  std::uint64_t grant = 0;          // the NFVO grants it
  std::uint64_t window = 0;         // sm-s's window closed
  std::uint64_t passive_auth = 0;   // sm-p's termination request refused
  std::uint64_t semi_auth = 0;      // sm-s's termination request granted
  std::uint64_t semi_item = 0;      // ... and executed
  std::uint64_t instr_auth = 0;     // sm-f's termination instruction granted
  std::uint64_t passive_event = 0;  // a completed event to sm-p
};

Canonical canonical() {
  Canonical c;
  auto& t = c.t;
  int serial = 1;
  for (const char* sm : {"sm-p", "sm-s", "sm-f"}) {
    t.session(sm, "S" + std::to_string(serial++));
  }
  t.bind("sm-p", "td-a:passive");
  t.bind("sm-s", "td-a:semi_active");
  t.bind("sm-f", "td-a:fully_active");
  for (const char* sm : {"sm-p", "sm-s", "sm-f"}) t.subscribe(sm);
  // INSTANTIATE of vnf-1: sm-f's grant, sm-s's window, then the grant and the allocation.
  for (const char* vnf : {"vnf-1", "vnf-2"}) {
    const std::string e = std::string("e-") + vnf;
    const std::string g = std::string("g-") + vnf;
    t.event("sm-f", e, "VNF_INSTANTIATE", "proposed", vnf, "td-a", g);
    t.grant_exchange("sm-f");
    const auto s = t.sm_grant("sm-f", "approved", vnf, "INSTANTIATE", e, g);
    t.event("sm-s", e, "VNF_INSTANTIATE", "proposed", vnf, "td-a");
    const auto w = t.window("closed", e, vnf, "INSTANTIATE", "2s");
    const auto gd = t.nfvo_grant(vnf, "INSTANTIATE", "granted");
    t.allocate(vnf);
    for (const char* sm : {"sm-p", "sm-s", "sm-f"}) {
      const auto ev = t.event(sm, e, "VNF_INSTANTIATE", "completed", vnf, "td-a");
      if (c.passive_event == 0 && std::string(sm) == "sm-p") c.passive_event = ev;
    }
    if (c.sm_grant == 0) {
      c.sm_grant = s;
      c.grant = gd;
      c.window = w;
    }
  }
  c.passive_auth = t.request("sm-p", "SmTerminateVnfRequest", "request", "td-a", "passive",
                             "rejected", "vnf-1", "mode passive");
  c.semi_auth = t.request("sm-s", "SmTerminateVnfRequest", "request", "td-a", "semi_active",
                          "granted", "vnf-1");
  c.semi_item = t.terminated("sm-s", "vnf-1");
  c.instr_auth = t.request("sm-f", "SmTerminateVnfRequest", "instruction", "td-a", "fully_active",
                           "granted", "vnf-2");
  t.terminated("sm-f", "vnf-2");
  return c;
}

class SmModeChecks : public ::testing::Test {
 protected:
  SmModeChecks() : world(testing::kSmActors) { testing::set_trust_model(world, kThreeSms); }
  CheckResult run(CheckFunction check, const SmTraceBuilder& t) {
    return world.run(check, t.records);
  }
  World world;
};

TEST_F(SmModeChecks, AllPassOnTheCanonicalRun) {
  auto c = canonical();
  for (auto check : {check_sm_passive, check_sm_semi_active, check_sm_fully_active,
                     check_sm_three_modes, check_sm_modes_both_sides}) {
    auto r = run(check, c.t);
    EXPECT_EQ(r.verdict, Verdict::pass) << r.reason;
    EXPECT_FALSE(r.evidence.empty()) << r.reason;
  }
  auto both = run(check_sm_modes_both_sides, c.t);
  EXPECT_EQ(both.observed, (std::set<std::string>{"passive", "semi_active", "fully_active"}));
}

TEST_F(SmModeChecks, NoneWithoutSms) {
  SmTraceBuilder empty;
  for (auto check : {check_sm_passive, check_sm_semi_active, check_sm_fully_active,
                     check_sm_three_modes, check_sm_modes_both_sides})
    EXPECT_EQ(run(check, empty).verdict, Verdict::none);
}

TEST_F(SmModeChecks, PassiveFailsWhenItsTerminationIsExecuted) {
  auto c = canonical();
  c.t.set_outcome(c.passive_auth, "granted");
  c.t.terminated("sm-p", "vnf-1");
  auto r = run(check_sm_passive, c.t);
  EXPECT_EQ(r.verdict, Verdict::fail) << r.reason;
  EXPECT_NE(r.reason.find("was granted"), std::string::npos) << r.reason;
  // The SM side of 5.1.2-a also sees the granted Passive request.
  EXPECT_EQ(run(check_sm_modes_both_sides, c.t).verdict, Verdict::fail);
}

TEST_F(SmModeChecks, PassiveFailsOnAGrantRequestOrARefusalThatDoesNotNameTheMode) {
  auto c = canonical();
  c.t.edit(c.passive_event, "phase=completed", "phase=proposed; grant_id=g-x");
  EXPECT_EQ(run(check_sm_passive, c.t).verdict, Verdict::fail);
  auto d = canonical();
  d.t.edit(d.passive_auth, "reason=mode passive", "reason=busy");
  auto r = run(check_sm_passive, d.t);
  EXPECT_EQ(r.verdict, Verdict::fail) << r.reason;
}

TEST_F(SmModeChecks, SemiActiveFailsOnALongWindowOrARunAfterAnObjection) {
  auto c = canonical();
  c.t.edit(c.window, "waited=2s", "waited=5s");
  auto r = run(check_sm_semi_active, c.t);
  EXPECT_EQ(r.verdict, Verdict::fail) << r.reason;
  EXPECT_NE(r.reason.find("longer than objection_window"), std::string::npos) << r.reason;

  // An objection inside the window, but the operation granted and allocated anyway.
  auto d = canonical();
  d.t.event("sm-s", "e-3", "VNF_INSTANTIATE", "proposed", "vnf-3", "td-a");
  d.t.objection("sm-s", "accepted", "e-3");
  d.t.window("objected", "e-3", "vnf-3", "INSTANTIATE", "1s", "sm-s");
  d.t.nfvo_grant("vnf-3", "INSTANTIATE", "rejected");
  EXPECT_EQ(run(check_sm_semi_active, d.t).verdict, Verdict::pass)
      << run(check_sm_semi_active, d.t).reason;
  d.t.set_outcome(d.t.records.size(), "granted");
  d.t.allocate("vnf-3");
  EXPECT_EQ(run(check_sm_semi_active, d.t).verdict, Verdict::fail);
}

TEST_F(SmModeChecks, SemiActiveLateObjectionUndoesNothing) {
  auto c = canonical();
  c.t.objection("sm-s", "late", "e-vnf-1");
  EXPECT_EQ(run(check_sm_semi_active, c.t).verdict, Verdict::pass);
  c.t.decision("vnfm-1", decisions::kVnfLcmOperation, "", "rolled_back",
               "vnf=vnf-1; operation=INSTANTIATE");
  auto r = run(check_sm_semi_active, c.t);
  EXPECT_EQ(r.verdict, Verdict::fail) << r.reason;
}

TEST_F(SmModeChecks, SemiActiveObjectionCalledLateInsideTheWindowFails) {
  auto c = canonical();
  c.t.event("sm-s", "e-3", "VNF_INSTANTIATE", "proposed", "vnf-3", "td-a");
  c.t.objection("sm-s", "late", "e-3");
  c.t.window("closed", "e-3", "vnf-3", "INSTANTIATE", "2s");
  auto r = run(check_sm_semi_active, c.t);
  EXPECT_EQ(r.verdict, Verdict::fail) << r.reason;
  EXPECT_NE(r.reason.find("still open"), std::string::npos) << r.reason;
}

TEST_F(SmModeChecks, SemiActiveTerminationRequestMustRun) {
  auto c = canonical();
  c.t.set_outcome(c.semi_item, "rejected");
  EXPECT_EQ(run(check_sm_semi_active, c.t).verdict, Verdict::fail);
  auto d = canonical();
  d.t.set_outcome(d.semi_auth, "rejected");
  d.t.edit(d.semi_auth, "basis=own", "basis=own; reason=mode semi_active");
  EXPECT_EQ(run(check_sm_semi_active, d.t).verdict, Verdict::fail);
}

TEST_F(SmModeChecks, FullyActiveFailsWithoutApprovalOrAfterRejection) {
  // Granted though the SM rejected.
  auto c = canonical();
  c.t.set_outcome(c.sm_grant, "rejected");
  auto r = run(check_sm_fully_active, c.t);
  EXPECT_EQ(r.verdict, Verdict::fail) << r.reason;
  // Granted with no decision of the SM at all.
  auto d = canonical();
  d.t.records.erase(d.t.records.begin() + static_cast<long>(d.sm_grant) - 1);
  d.t.renumber();
  EXPECT_EQ(run(check_sm_fully_active, d.t).verdict, Verdict::fail);
  // A timeout that stops the operation passes R2.1.40 and fails the SM side of 5.1.2-a.
  auto e = canonical();
  e.t.event("sm-f", "e-3", "VNF_INSTANTIATE", "proposed", "vnf-3", "td-a", "g-3");
  e.t.grant_exchange("sm-f");
  e.t.sm_grant("sm-f", "timeout", "vnf-3", "INSTANTIATE", "e-3", "g-3");
  e.t.nfvo_grant("vnf-3", "INSTANTIATE", "rejected");
  auto ok = run(check_sm_fully_active, e.t);
  EXPECT_EQ(ok.verdict, Verdict::pass) << ok.reason;
  auto sm_side = run(check_sm_modes_both_sides, e.t);
  EXPECT_EQ(sm_side.verdict, Verdict::fail) << sm_side.reason;
  EXPECT_NE(sm_side.reason.find("did not answer"), std::string::npos) << sm_side.reason;
  // ... and an allocation after the timeout fails R2.1.40.
  e.t.allocate("vnf-3");
  EXPECT_EQ(run(check_sm_fully_active, e.t).verdict, Verdict::fail);
}

TEST_F(SmModeChecks, FullyActiveFailsOnAnAllocationBeforeTheDecision) {
  SmTraceBuilder t;
  t.bind("sm-f", "td-a:fully_active");
  t.event("sm-f", "e-1", "VNF_INSTANTIATE", "proposed", "vnf-1", "td-a", "g-1");
  t.allocate("vnf-1");
  t.sm_grant("sm-f", "approved", "vnf-1", "INSTANTIATE", "e-1", "g-1");
  t.nfvo_grant("vnf-1", "INSTANTIATE", "granted");
  auto r = run(check_sm_fully_active, t);
  EXPECT_EQ(r.verdict, Verdict::fail) << r.reason;
  EXPECT_NE(r.reason.find("before"), std::string::npos) << r.reason;
}

TEST_F(SmModeChecks, FullyActiveIgnoresResentGrantRequestsAndIgnoredAnswers) {
  // The VNFM's resent grant request (GrantDecision ignored) while the SM decides, and a late
  // answer MANO ignored: neither is a decision.
  SmTraceBuilder t;
  t.bind("sm-f", "td-a:fully_active");
  t.event("sm-f", "e-1", "VNF_INSTANTIATE", "proposed", "vnf-1", "td-a", "g-1");
  t.sm_grant("sm-f", "approved", "vnf-1", "INSTANTIATE", "e-1", "g-1");
  t.decision("nfvo-1", decisions::kGrantDecision, "", "ignored",
             "vnf=vnf-1; request=q1; reason=held for the security manager", "vnfm-1");
  t.nfvo_grant("vnf-1", "INSTANTIATE", "granted");
  t.decision("nfvo-1", decisions::kSmGrantDecision, "", "ignored",
             "sm=sm-f; grant_id=g-0; decision=reject; reason=no grant of this SM is pending",
             "sm-f");
  t.allocate("vnf-1");
  auto r = run(check_sm_fully_active, t);
  EXPECT_EQ(r.verdict, Verdict::pass) << r.reason;
}

TEST_F(SmModeChecks, ThreeModesNeedsAllThreeAndFailsWithOne) {
  auto c = canonical();
  c.t.set_outcome(c.sm_grant, "rejected");
  EXPECT_EQ(run(check_sm_three_modes, c.t).verdict, Verdict::fail);
  SmTraceBuilder two;
  two.bind("sm-p", "td-a:passive");
  two.bind("sm-s", "td-a:semi_active");
  EXPECT_EQ(run(check_sm_three_modes, two).verdict, Verdict::none);
}

TEST_F(SmModeChecks, BothSidesFailWhenAGrantRequestIsNeverAnswered) {
  auto c = canonical();
  c.t.grant_exchange("sm-f", false);
  auto r = run(check_sm_modes_both_sides, c.t);
  EXPECT_EQ(r.verdict, Verdict::fail) << r.reason;
}

}  // namespace
}  // namespace ifa026::conformance::sm_mode_checks_test
