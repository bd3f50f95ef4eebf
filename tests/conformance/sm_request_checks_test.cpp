// The SM request checks (R2.1.90-R2.1.120, R2.1.250-R2.1.360, 5.1.3-d/e/h/k) on synthetic traces
// (sm_trace_fixture.hpp): each passes where MANO answers and executes as required, fails on the
// map's negative case, and has nothing to judge (none) where the scenario does not exercise it.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "conformance/sm_request_checks.hpp"
#include "tests/conformance/sm_world_fixture.hpp"

namespace ifa026::conformance {
namespace {

using testing::SmTrace;
using testing::SmWorld;

// sm-1 asks to terminate `vnfs` (kind, options); items follow per `outcomes` (vnf -> outcome).
void terminate(SmTrace& t, const std::string& sm, const std::string& kind, const std::string& vnfs,
               const std::vector<std::pair<std::string, std::string>>& items,
               const std::string& options = "replace_allowed=true", const std::string& mode = "") {
  if (!mode.empty())
    t.decision("nfvo-1", "SmAuthorization", "", "granted",
               "sm=" + sm + "; sm_operation=SmTerminateVnfRequest; kind=" + kind +
                   "; mode=" + mode + "; basis=own");
  t.decision("nfvo-1", "SmTermination", "", vnfs.empty() ? "refused" : "accepted",
             "sm=" + sm + "; request=q1; kind=" + kind + "; vnfs=" + vnfs + "; options=" + options);
  for (const auto& [vnf, outcome] : items)
    t.decision("nfvo-1", "SmTerminationItem", "", outcome,
               "sm=" + sm + "; request=q1; vnf=" + vnf + "; reason=r");
}

TEST(SmRequestChecks, ForeignAndUnknownVnfsAnsweredUnknown) {
  SmWorld w;
  SmTrace t;
  t.lcm("vnf-b", "INSTANTIATE");
  t.decision("nfvo-1", "SmAuthorization", "", "rejected",
             "sm=sm-1; sm_operation=SmTerminateVnfRequest; vnf=vnf-b; domain=td-b; mode=none; "
             "reason=not in SM's domains");
  terminate(t, "sm-1", "request", "vnf-b,nope", {{"vnf-b", "unknown"}, {"nope", "unknown"}});
  auto r = w.run(check_sm_foreign_domain_refused, t.records);
  EXPECT_EQ(r.verdict, Verdict::pass) << r.reason;
  // Executed: a TERMINATE of vnf-b on the SM's word.
  auto executed = t.records;
  SmTrace more;
  more.records = executed;
  more.lcm("vnf-b", "TERMINATE", "starting", "SECURITY_MANAGER");
  EXPECT_EQ(w.run(check_sm_foreign_domain_refused, more.records).verdict, Verdict::fail);
  // An answer that tells "exists elsewhere".
  SmTrace told;
  told.lcm("vnf-b", "INSTANTIATE");
  terminate(told, "sm-1", "request", "vnf-b", {{"vnf-b", "rejected"}});
  EXPECT_EQ(w.run(check_sm_foreign_domain_refused, told.records).verdict, Verdict::fail);
  // A policy instruction about vnf-b applied.
  SmTrace policy;
  policy.decision("nfvo-1", "SmAuthorization", "", "granted",
                  "sm=sm-1; sm_operation=SmSecurityPolicyInstruction; vnf=vnf-b; mode=semi_active");
  EXPECT_EQ(w.run(check_sm_foreign_domain_refused, policy.records).verdict, Verdict::fail);
  EXPECT_EQ(w.run(check_sm_foreign_domain_refused, SmTrace().records).verdict, Verdict::none);
}

TEST(SmRequestChecks, SensitiveVnfsOnlyForTheirManagers) {
  SmWorld w;
  SmTrace t;
  t.event("sm-li", "vnf-li", "VNF_INSTANTIATE", "", "td-li", "OSS", "app-li");
  t.decision("nfvo-1", "SmEventSuppressed", "", "suppressed",
             "sm=sm-1; event_id=e1; vnf=vnf-li; reason=sensitive domain");
  auto r = w.run(check_sm_sensitive_domains, t.records);
  EXPECT_EQ(r.verdict, Verdict::pass) << r.reason;
  EXPECT_NE(r.reason.find("NFV-SEC 012"), std::string::npos);
  t.event("sm-1", "vnf-li", "VNF_INSTANTIATE", "", "td-li", "OSS", "app-li");
  EXPECT_EQ(w.run(check_sm_sensitive_domains, t.records).verdict, Verdict::fail);
  SmTrace status;
  status.decision("nfvo-1", "SmQuery", "", "answered", "sm=sm-2; query=status; vnfs=vnf-li");
  EXPECT_EQ(w.run(check_sm_sensitive_domains, status.records).verdict, Verdict::fail);
  EXPECT_EQ(w.run(check_sm_sensitive_domains, SmTrace().records).verdict, Verdict::none);
}

TEST(SmRequestChecks, NoSmLearnsAnothersName) {
  SmWorld w;
  SmTrace t;
  t.event("sm-1", "vnf-a", "VNF_TERMINATE", "termination_kind=requested", "td-a",
          "SECURITY_MANAGER");
  auto r = w.run(check_sm_invisibility, t.records);
  EXPECT_EQ(r.verdict, Verdict::pass) << r.reason;
  EXPECT_NE(r.reason.find("nor holds one at the end"), std::string::npos) << r.reason;
  t.records.back().detail += "; reason=terminated on request of sm-2";
  EXPECT_EQ(w.run(check_sm_invisibility, t.records).verdict, Verdict::fail);
  SmTrace history;
  history.decision("nfvo-1", "SmQuery", "", "answered",
                   "sm=sm-2; query=history; vnfs=vnf-b; reason=instruction i-1 of sm-1");
  EXPECT_EQ(w.run(check_sm_invisibility, history.records).verdict, Verdict::fail);
  EXPECT_EQ(w.run(check_sm_invisibility, SmTrace().records).verdict, Verdict::none);
}

TEST(SmRequestChecks, SignedPackagesAndConfirmations) {
  SmWorld w;
  SmTrace t;
  t.crypto("nfvo-1", "PackageIntegrityCheck", "", "ok",
           "package=pkg-s; digest=d2; signed=true; verdict=verified");
  const auto e =
      t.event("sm-2", "vnf-b", "VNF_INSTANTIATE",
              "digest=d2; items=" + testing::kFullItems + ",signature", "td-b", "OSS", "app-b");
  t.decision("sm-2", "SmPackageVerification", "", "verified", "event_id=e9; package=pkg-s");
  EXPECT_EQ(w.run(check_sm_package_integrity, t.records).verdict, Verdict::pass);
  auto unsigned_event = t.records;
  unsigned_event[e - 1].detail += "; items=" + testing::kFullItems;
  EXPECT_EQ(w.run(check_sm_package_integrity, unsigned_event).verdict, Verdict::fail);
  // A failed verification, the grant rejected, then an allocation anyway.
  SmTrace failed;
  failed.decision("nfvo-1", "SmEventRouted", "", "sent",
                  "sm=sm-2; event_id=g1; event_type=VNF_INSTANTIATE; vnf=vnf-b; digest=d1");
  failed.decision("sm-2", "SmPackageVerification", "", "failed", "event_id=g1; package=pkg-a");
  failed.decision("nfvo-1", "SmGrantDecision", "", "rejected", "sm=sm-2; event_id=g1; vnf=vnf-b");
  EXPECT_EQ(w.run(check_sm_package_integrity, failed.records).verdict, Verdict::pass);
  failed.decision("vim-1", "ResourceAllocation", "", "allocated",
                  "resource=r1; vnf=vnf-b; host=h1");
  EXPECT_EQ(w.run(check_sm_package_integrity, failed.records).verdict, Verdict::fail);
  EXPECT_EQ(w.run(check_sm_package_integrity, SmTrace().records).verdict, Verdict::none);
}

TEST(SmRequestChecks, SemiActiveTerminationTellsTheOssFirst) {
  SmWorld w;
  SmTrace t;
  t.lcm("vnf-a", "INSTANTIATE");
  terminate(t, "sm-1", "request", "vnf-a", {{"vnf-a", "terminated"}}, "replace_allowed=false");
  const auto notice = t.decision("nfvo-1", "VnfTerminationNotice", "", "sent",
                                 "vnf=vnf-a; oss_app_id=app-a; phase=before; request=q1", "oss-1");
  t.lcm("vnf-a", "TERMINATE", "starting", "SECURITY_MANAGER");
  t.lcm("vnf-a", "TERMINATE", "completed", "SECURITY_MANAGER");
  t.decision("nfvo-1", "SmRecoveryBlocked", "", "blocked", "vnf=vnf-a; operation=HEAL");
  auto r = w.run(check_sm_termination_request, t.records);
  EXPECT_EQ(r.verdict, Verdict::pass) << r.reason;
  // Recreated although replace_allowed=false.
  auto recreated = t;
  recreated.lcm("vnf-a", "INSTANTIATE");
  EXPECT_EQ(w.run(check_sm_termination_request, recreated.records).verdict, Verdict::fail);
  // Terminated before the notice.
  auto late = t.records;
  late.erase(late.begin() + static_cast<long>(notice - 1));
  SmTrace l;
  l.records = late;
  l.renumber();
  l.decision("nfvo-1", "VnfTerminationNotice", "", "sent", "vnf=vnf-a; phase=before; request=q1");
  EXPECT_EQ(w.run(check_sm_termination_request, l.records).verdict, Verdict::fail);
  EXPECT_EQ(w.run(check_sm_termination_request, SmTrace().records).verdict, Verdict::none);
}

TEST(SmRequestChecks, FullyActiveInstructionWithoutPriorNotice) {
  SmWorld w;
  SmTrace t;
  t.lcm("vnf-b", "INSTANTIATE");
  t.decision("vim-1", "ResourceAllocation", "", "allocated", "resource=r1; vnf=vnf-b; host=h1");
  terminate(t, "sm-2", "instruction", "vnf-b", {{"vnf-b", "terminated"}},
            "host_disposition=quarantine", "fully_active");
  t.lcm("vnf-b", "TERMINATE", "starting", "SECURITY_MANAGER");
  t.decision("vim-1", "HostState", "", "quarantined", "host=h1");
  t.decision("nfvo-1", "VnfTerminationNotice", "", "sent", "vnf=vnf-b; phase=after; request=q1");
  auto r = w.run(check_sm_termination_instruction, t.records);
  EXPECT_EQ(r.verdict, Verdict::pass) << r.reason;
  EXPECT_NE(r.reason.find("erase_secure_storage"), std::string::npos);
  auto placed = t;
  placed.decision("vim-1", "PlacementDecided", "", "decided", "vnfci=x; host=h1");
  EXPECT_EQ(w.run(check_sm_termination_instruction, placed.records).verdict, Verdict::fail);
  SmTrace before;
  before.lcm("vnf-b", "INSTANTIATE");
  terminate(before, "sm-2", "instruction", "vnf-b", {{"vnf-b", "terminated"}});
  before.decision("nfvo-1", "VnfTerminationNotice", "", "sent", "vnf=vnf-b; phase=before");
  before.lcm("vnf-b", "TERMINATE", "starting", "SECURITY_MANAGER");
  EXPECT_EQ(w.run(check_sm_termination_instruction, before.records).verdict, Verdict::fail);
  SmTrace semi;
  terminate(semi, "sm-1", "instruction", "vnf-a", {{"vnf-a", "terminated"}}, "", "semi_active");
  EXPECT_EQ(w.run(check_sm_termination_instruction, semi.records).verdict, Verdict::fail);
  EXPECT_EQ(w.run(check_sm_termination_instruction, SmTrace().records).verdict, Verdict::none);
}

// A Fully-Active instruction terminating vnf-b with `options`; what MANO executed follows, each
// record left out when its operation is in `omit`.
SmTrace with_options(const std::string& options, const std::set<std::string>& omit = {},
                     bool copy_after_release = false) {
  SmTrace t;
  const auto add = [&](const std::string& op, const std::string& actor, const std::string& outcome,
                       const std::string& detail) {
    if (!omit.contains(op)) t.decision(actor, op, "", outcome, detail);
  };
  t.lcm("vnf-b", "INSTANTIATE");
  t.decision("vim-1", "ResourceAllocation", "", "allocated", "resource=r1; vnf=vnf-b; host=h1");
  terminate(t, "sm-2", "instruction", "vnf-b", {{"vnf-b", "terminated"}}, options, "fully_active");
  add("PackageQuarantined", "nfvo-1", "quarantined",
      "package=pkg-b; vnfd=vnfd-b; vnf=vnf-b; reason=r");
  t.lcm("vnf-b", "TERMINATE", "starting", "SECURITY_MANAGER");
  const std::string copy = "resource=r1; vnfci=c1; vnf=vnf-b; host=h1; digest=ab";
  if (!copy_after_release) add("ComputeQuarantined", "vim-1", "kept", copy);
  t.decision("vim-1", "ResourceRelease", "", "released",
             "resource=r1; vnfci=c1; vnf=vnf-b; host=h1");
  if (copy_after_release) add("ComputeQuarantined", "vim-1", "kept", copy);
  add("SecureStorageErased", "vim-1", "erased",
      "resource=r1; vnfci=c1; vnf=vnf-b; host=h1; storage=plain");
  add("HostState", "vim-1", "quarantined", "host=h1; vnf=vnf-b");
  t.lcm("vnf-b", "TERMINATE", "completed", "SECURITY_MANAGER");
  add("PackageQuarantined", "nfvo-1", "refused", "package=pkg-b; vnfd=vnfd-b; reason=quarantined");
  return t;
}

TEST(SmRequestChecks, TerminationOptionsJudgedAgainstWhatWasExecuted) {
  SmWorld w;
  const std::string all =
      "replace_allowed=true,quarantine_copy=true,other_recovery_allowed=true,"
      "quarantine_image_and_vnfd=true,host_disposition=quarantine,erase_secure_storage=true";
  auto r = w.run(check_sm_termination_instruction, with_options(all).records);
  EXPECT_EQ(r.verdict, Verdict::pass) << r.reason;
  EXPECT_EQ(r.reason.find("not executed"), std::string::npos) << r.reason;
  // Asked and not done, one option at a time.
  for (const char* missing :
       {"ComputeQuarantined", "SecureStorageErased", "HostState", "PackageQuarantined"})
    EXPECT_EQ(w.run(check_sm_termination_instruction, with_options(all, {missing}).records).verdict,
              Verdict::fail)
        << missing;
  // The copy taken after the release is no copy of the compute.
  EXPECT_EQ(w.run(check_sm_termination_instruction, with_options(all, {}, true).records).verdict,
            Verdict::fail);
  // Instantiated from the quarantined VNFD afterwards.
  auto reused = with_options(all);
  reused.decision("vnfm-1", "VnfLcmOperation", "", "completed",
                  "operation=INSTANTIATE; vnf=vnf-c; vnfd=vnfd-b; source=OSS; reason=x", "nfvo-1");
  EXPECT_EQ(w.run(check_sm_termination_instruction, reused.records).verdict, Verdict::fail);
  // Done though not asked, one option at a time.
  for (const std::string& asked :
       {std::string("quarantine_copy=false,quarantine_image_and_vnfd=true,"
                    "host_disposition=quarantine,erase_secure_storage=true"),
        std::string("quarantine_copy=true,quarantine_image_and_vnfd=true,"
                    "host_disposition=quarantine,erase_secure_storage=false"),
        std::string("quarantine_copy=true,quarantine_image_and_vnfd=true,"
                    "host_disposition=release,erase_secure_storage=true"),
        std::string("quarantine_copy=true,quarantine_image_and_vnfd=false,"
                    "host_disposition=quarantine,erase_secure_storage=true")})
    EXPECT_EQ(w.run(check_sm_termination_instruction, with_options(asked).records).verdict,
              Verdict::fail)
        << asked;
  // Nothing but the release asked: nothing else done passes, the host stays in service.
  const auto plain = with_options(
      "host_disposition=release",
      {"ComputeQuarantined", "SecureStorageErased", "HostState", "PackageQuarantined"});
  r = w.run(check_sm_termination_instruction, plain.records);
  EXPECT_EQ(r.verdict, Verdict::pass) << r.reason;
  // A Semi-Active request's quarantine_copy is judged the same way (R2.1.260).
  SmTrace request;
  request.lcm("vnf-a", "INSTANTIATE");
  terminate(request, "sm-1", "request", "vnf-a", {{"vnf-a", "terminated"}}, "quarantine_copy=true");
  request.decision("nfvo-1", "VnfTerminationNotice", "", "sent",
                   "vnf=vnf-a; oss_app_id=app-a; phase=before; request=q1", "oss-1");
  request.lcm("vnf-a", "TERMINATE", "starting", "SECURITY_MANAGER");
  auto copied = request;
  copied.decision("vim-1", "ComputeQuarantined", "", "kept", "resource=r2; vnf=vnf-a; host=h1");
  for (auto* trace : {&request, &copied}) {
    trace->decision("vim-1", "ResourceRelease", "", "released", "resource=r2; vnf=vnf-a; host=h1");
    trace->lcm("vnf-a", "TERMINATE", "completed", "SECURITY_MANAGER");
  }
  r = w.run(check_sm_termination_request, copied.records);
  EXPECT_EQ(r.verdict, Verdict::pass) << r.reason;
  EXPECT_EQ(w.run(check_sm_termination_request, request.records).verdict, Verdict::fail);
}

TEST(SmRequestChecks, TerminationListsRequired) {
  SmWorld w;
  SmTrace t;
  terminate(t, "sm-1", "request", "", {});
  EXPECT_EQ(w.run(check_sm_termination_list, t.records).verdict, Verdict::pass);
  t.records.back().outcome = "accepted";
  EXPECT_EQ(w.run(check_sm_termination_list, t.records).verdict, Verdict::fail);
  EXPECT_EQ(w.run(check_sm_termination_list, SmTrace().records).verdict, Verdict::none);
  // The SM's side: a list of VNF instances passes, the NS they belong to instead fails (the SM
  // fault terminate_by_ns), whatever MANO then answers for it.
  SmTrace vnfs;
  terminate(vnfs, "sm-1", "request", "vnf-a", {{"vnf-a", "terminated"}});
  EXPECT_EQ(w.run(check_sm_termination_list, vnfs.records).verdict, Verdict::pass);
  SmTrace by_ns;
  terminate(by_ns, "sm-1", "request", "ns-1", {{"ns-1", "unknown"}});
  auto r = w.run(check_sm_termination_list, by_ns.records);
  EXPECT_EQ(r.verdict, Verdict::fail) << r.reason;
  EXPECT_NE(r.reason.find("lists NS instance(s) ns-1"), std::string::npos) << r.reason;
}

TEST(SmRequestChecks, OneItemPerListedIdOwnTerminatedOssIdsUnknown) {
  SmWorld w;
  SmTrace t;
  t.lcm("vnf-a", "INSTANTIATE");
  t.lcm("vnf-a2", "INSTANTIATE");
  terminate(t, "sm-1", "request", "vnf-a,vnf-a2,app-a",
            {{"vnf-a", "terminated"}, {"vnf-a2", "terminated"}, {"app-a", "unknown"}});
  t.lcm("vnf-a", "TERMINATE", "starting", "SECURITY_MANAGER");
  t.lcm("vnf-a2", "TERMINATE", "starting", "SECURITY_MANAGER");
  auto r = w.run(check_sm_termination_items, t.records);
  EXPECT_EQ(r.verdict, Verdict::pass) << r.reason;
  SmTrace first_only;
  first_only.lcm("vnf-a", "INSTANTIATE");
  first_only.lcm("vnf-a2", "INSTANTIATE");
  terminate(first_only, "sm-1", "request", "vnf-a,vnf-a2", {{"vnf-a", "terminated"}});
  first_only.lcm("vnf-a", "TERMINATE", "starting", "SECURITY_MANAGER");
  EXPECT_EQ(w.run(check_sm_termination_items, first_only.records).verdict, Verdict::fail);
  SmTrace oss;
  terminate(oss, "sm-1", "request", "app-a", {{"app-a", "terminated"}});
  EXPECT_EQ(w.run(check_sm_termination_items, oss.records).verdict, Verdict::fail);
  EXPECT_EQ(w.run(check_sm_termination_items, SmTrace().records).verdict, Verdict::none);
}

TEST(SmRequestChecks, PolicyInEventAndUnsolicitedNeverPassive) {
  SmWorld w;
  SmTrace t;
  t.decision("nfvo-1", "SecurityPolicyApplied", "", "applied",
             "sm=sm-1; instruction=i1; vnf=vnf-a; policy=p1; event_id=e1");
  t.decision("nfvo-1", "SecurityPolicyApplied", "", "applied",
             "sm=sm-1; instruction=i2; vnf=vnf-a; policy=p1");
  auto r = w.run(check_sm_policy_instructions, t.records);
  EXPECT_EQ(r.verdict, Verdict::pass) << r.reason;
  EXPECT_EQ(r.observed, (std::set<std::string>{"in-event", "unsolicited"}));
  SmTrace passive;
  passive.bind("sm-1", "td-a:passive");
  passive.decision("nfvo-1", "SecurityPolicyApplied", "", "applied",
                   "sm=sm-1; instruction=i1; vnf=vnf-a; policy=p1");
  EXPECT_EQ(w.run(check_sm_policy_instructions, passive.records).verdict, Verdict::fail);
  SmTrace refused;
  refused.decision("nfvo-1", "SmAuthorization", "", "rejected",
                   "sm=sm-1; sm_operation=SmSecurityPolicyInstruction; mode=semi_active; "
                   "reason=mode semi_active");
  EXPECT_EQ(w.run(check_sm_policy_instructions, refused.records).verdict, Verdict::fail);
  EXPECT_EQ(w.run(check_sm_policy_instructions, SmTrace().records).verdict, Verdict::none);
  // An instruction authorized and applied passes; authorized but never applied (the fault
  // unsolicited_policy_unapplied: acknowledged, not applied) fails.
  const std::string granted =
      "sm=sm-1; instance=sm-1@nfvo-1/Sc-Or; domain=td-a; mode=semi_active; "
      "sm_operation=SmSecurityPolicyInstruction; basis=own; vnf=vnf-a";
  SmTrace applied;
  applied.decision("nfvo-1", "SmAuthorization", "", "granted", granted);
  applied.decision("nfvo-1", "SecurityPolicyApplied", "", "applied",
                   "sm=sm-1; instruction=i2; vnf=vnf-a; policy=p1");
  r = w.run(check_sm_policy_instructions, applied.records);
  EXPECT_EQ(r.verdict, Verdict::pass) << r.reason;
  SmTrace unapplied;
  unapplied.decision("nfvo-1", "SmAuthorization", "", "granted", granted);
  r = w.run(check_sm_policy_instructions, unapplied.records);
  EXPECT_EQ(r.verdict, Verdict::fail) << r.reason;
  EXPECT_NE(r.reason.find("never applied"), std::string::npos) << r.reason;
}

SmTrace retirement(const std::string& kind, bool quarantine_asked, bool quarantined) {
  SmTrace t;
  t.decision("vim-1", "ResourceAllocation", "", "allocated", "resource=r1; vnf=vnf-a; host=h1");
  t.decision("vim-1", "ResourceAllocation", "", "allocated", "resource=r2; vnf=vnf-a; host=h1");
  t.decision("nfvo-1", "SmHostRetirement", "", "accepted",
             "sm=sm-2; request=h-1; kind=" + kind + "; host=h1; disposition=migrate; quarantine=" +
                 (quarantine_asked ? "true" : "false"));
  t.decision("vim-1", "HostState", "", quarantined ? "quarantined" : "retired", "host=h1");
  t.decision("vim-1", "ComputeMigration", "", "migrated", "resource=r1; host=h1; to_host=h2");
  t.decision("vim-1", "ResourceRelease", "", "released", "resource=r2; host=h1");
  return t;
}

TEST(SmRequestChecks, HostRetirementRequestAndInstruction) {
  SmWorld w;
  auto t = retirement("request", true, true);
  EXPECT_EQ(w.run(check_sm_host_retirement_request, t.records).verdict, Verdict::pass);
  EXPECT_EQ(w.run(check_sm_host_retirement_instruction, t.records).verdict, Verdict::none);
  EXPECT_EQ(
      w.run(check_sm_host_retirement_request, retirement("request", true, false).records).verdict,
      Verdict::fail);
  auto left = retirement("request", false, false);
  left.records.pop_back();  // r2 neither released nor moved
  EXPECT_EQ(w.run(check_sm_host_retirement_request, left.records).verdict, Verdict::fail);
  auto placed = retirement("instruction", false, false);
  EXPECT_EQ(w.run(check_sm_host_retirement_instruction, placed.records).verdict, Verdict::pass);
  placed.decision("vim-1", "PlacementDecided", "", "decided", "vnfci=x; host=h1");
  EXPECT_EQ(w.run(check_sm_host_retirement_instruction, placed.records).verdict, Verdict::fail);
}

// An accepted VSF request of `sm` (action, event id) carried out as the NFVO does: the NS UPDATE
// and the VNFM's INSTANTIATE of source SECURITY_MANAGER and the topology record (instantiate),
// the policy applied (modify), the TERMINATE and the link restored (terminate); then the answer.
void vsf_request(SmTrace& t, const std::string& sm, const std::string& request,
                 const std::string& action, const std::string& event_id, bool executed = true,
                 const std::string& answer = "completed") {
  const std::string vsf = "nfvo-1-vsf-1";
  const std::string event = event_id.empty() ? "" : "; event_id=" + event_id;
  t.decision("nfvo-1", "SmAuthorization", "", "granted",
             "sm=" + sm + "; sm_operation=SmSecurityFunctionRequest; vnf=vnf-a; domain=td-a; " +
                 "mode=semi_active; basis=own");
  t.decision(
      "nfvo-1", "SmSecurityFunction", "", "accepted",
      "sm=" + sm + "; request=" + request + "; action=" + action + "; between=vnf-a,vnf-b" + event);
  if (executed && action == "instantiate") {
    t.lcm(vsf, "INSTANTIATE", "completed", "SECURITY_MANAGER");
    t.decision("nfvo-1", "NsLcmOperation", "", "completed",
               "operation=UPDATE; state=COMPLETED; ns=ns-1; source=SECURITY_MANAGER");
    t.decision("nfvo-1", "NsTopologyUpdated", "", "inserted",
               "ns=ns-1; vsf=" + vsf + "; between=vnf-a,vnf-b; path=vnf-a," + vsf +
                   ",vnf-b; sm=" + sm + "; request=" + request);
  } else if (executed && action == "modify") {
    t.decision("nfvo-1", "SecurityPolicyApplied", "", "applied",
               "sm=" + sm + "; instruction=" + request + "; vnf=" + vsf + "; policy=p2");
  } else if (executed) {
    t.lcm(vsf, "TERMINATE", "completed", "SECURITY_MANAGER");
    t.decision(
        "nfvo-1", "NsTopologyUpdated", "", "restored",
        "ns=ns-1; vsf=" + vsf + "; between=vnf-a,vnf-b; path=vnf-a,vnf-b; request=" + request);
  }
  t.decision("nfvo-1", "SmSecurityFunction", "", answer,
             "sm=" + sm + "; request=" + request + "; action=" + action + "; vsf=" + vsf + event);
}

TEST(SmRequestChecks, SecurityFunctionsCarriedOutAndAnsweredPassiveRefused) {
  SmWorld w;
  SmTrace t;
  vsf_request(t, "sm-2", "r1", "instantiate", "e1");
  vsf_request(t, "sm-1", "r2", "modify", "");
  vsf_request(t, "sm-1", "r3", "terminate", "");
  t.decision("nfvo-1", "SmAuthorization", "", "rejected",
             "sm=sm-1; sm_operation=SmSecurityFunctionRequest; vnf=vnf-c; domain=td-b; "
             "mode=passive; reason=mode passive does not permit SmSecurityFunctionRequest");
  auto r = w.run(check_sm_security_functions, t.records);
  EXPECT_EQ(r.verdict, Verdict::pass) << r.reason;
  EXPECT_EQ(r.observed, (std::set<std::string>{"in-event", "unsolicited"}));
  EXPECT_EQ(w.run(check_sm_security_functions, SmTrace().records).verdict, Verdict::none);
}

TEST(SmRequestChecks, SecurityFunctionsFailOnPassiveOrModeRefusalOrNoExecution) {
  SmWorld w;
  // A Passive SM's request authorised.
  SmTrace passive;
  passive.decision("nfvo-1", "SmAuthorization", "", "granted",
                   "sm=sm-1; sm_operation=SmSecurityFunctionRequest; mode=passive");
  EXPECT_EQ(w.run(check_sm_security_functions, passive.records).verdict, Verdict::fail);
  // An active SM's refused for its mode.
  SmTrace refused;
  refused.decision("nfvo-1", "SmAuthorization", "", "rejected",
                   "sm=sm-1; sm_operation=SmSecurityFunctionRequest; mode=semi_active; "
                   "reason=mode semi_active");
  EXPECT_EQ(w.run(check_sm_security_functions, refused.records).verdict, Verdict::fail);
  // Accepted and answered completed, never carried out (each action).
  for (const char* action : {"instantiate", "modify", "terminate"}) {
    SmTrace t;
    vsf_request(t, "sm-1", "r1", action, "", false);
    auto r = w.run(check_sm_security_functions, t.records);
    EXPECT_EQ(r.verdict, Verdict::fail) << action;
    EXPECT_NE(r.reason.find("not executed"), std::string::npos) << r.reason;
  }
  // Accepted, never answered.
  SmTrace silent;
  vsf_request(silent, "sm-1", "r1", "instantiate", "");
  silent.records.pop_back();
  EXPECT_EQ(w.run(check_sm_security_functions, silent.records).verdict, Verdict::fail);
  // The VSF not on the link it was asked for.
  SmTrace elsewhere;
  vsf_request(elsewhere, "sm-1", "r1", "instantiate", "");
  for (auto& rec : elsewhere.records)
    if (rec.operation == "NsTopologyUpdated") rec.detail = "vsf=nfvo-1-vsf-1; path=vnf-a,vnf-b";
  EXPECT_EQ(w.run(check_sm_security_functions, elsewhere.records).verdict, Verdict::fail);
}

TEST(SmRequestChecks, StatusListsTheActiveVnfsOfTheDomain) {
  SmWorld w;
  SmTrace t;
  t.lcm("vnf-a", "INSTANTIATE");
  t.lcm("vnf-a2", "INSTANTIATE");
  t.lcm("vnf-a2", "TERMINATE");
  t.lcm("vnf-b", "INSTANTIATE");
  t.decision("nfvo-1", "SmQuery", "", "answered", "sm=sm-1; query=status; domain=td-a; vnfs=vnf-a");
  EXPECT_EQ(w.run(check_sm_status_query, t.records).verdict, Verdict::pass);
  t.records.back().detail = "sm=sm-1; query=status; domain=td-a; vnfs=vnf-a,vnf-b";
  EXPECT_EQ(w.run(check_sm_status_query, t.records).verdict, Verdict::fail);
  t.records.back().detail = "sm=sm-1; query=status; domain=td-a; vnfs=";
  EXPECT_EQ(w.run(check_sm_status_query, t.records).verdict, Verdict::fail);
  t.records.back().detail = "sm=sm-1; query=status; domain=td-b; vnfs=vnf-b";
  EXPECT_EQ(w.run(check_sm_status_query, t.records).verdict, Verdict::fail);
  t.records.back().outcome = "rejected";
  EXPECT_EQ(w.run(check_sm_status_query, t.records).verdict, Verdict::pass);
  EXPECT_EQ(w.run(check_sm_status_query, SmTrace().records).verdict, Verdict::none);
}

TEST(SmRequestChecks, HistoryIncludesTerminatedVnfs) {
  SmWorld w;
  SmTrace t;
  t.lcm("vnf-a", "INSTANTIATE");
  t.lcm("vnf-a2", "INSTANTIATE");
  t.lcm("vnf-a2", "TERMINATE");
  t.decision("nfvo-1", "SmQuery", "", "answered",
             "sm=sm-1; query=history; vnfs=vnf-a,vnf-a2; from=0s; to=1h");
  EXPECT_EQ(w.run(check_sm_history_query, t.records).verdict, Verdict::pass);
  t.records.back().detail = "sm=sm-1; query=history; vnfs=vnf-a; from=0s; to=1h";
  EXPECT_EQ(w.run(check_sm_history_query, t.records).verdict, Verdict::fail);
  t.records.back().detail = "sm=sm-1; query=history; vnfs=vnf-a,vnf-a2,vnf-b; from=0s; to=1h";
  EXPECT_EQ(w.run(check_sm_history_query, t.records).verdict, Verdict::fail);
  EXPECT_EQ(w.run(check_sm_history_query, SmTrace().records).verdict, Verdict::none);
}

TEST(SmRequestChecks, AuditExportOnlyOwnPartitions) {
  SmWorld w;
  SmTrace t;
  t.instantiate_a();
  t.decision("nfvo-1", "SmAuditExport", "", "answered", "sm=sm-1; domain=td-a; records=3", "sm-1");
  t.decision("nfvo-1", "SmAuditExport", "", "rejected", "sm=sm-1; domain=td-b; reason=no", "sm-1");
  auto r = w.run(check_sm_audit_export, t.records);
  EXPECT_EQ(r.verdict, Verdict::pass) << r.reason;
  EXPECT_NE(r.reason.find("trace only"), std::string::npos);
  t.records.back().outcome = "answered";
  t.records.back().detail = "sm=sm-1; domain=td-b; records=1";
  EXPECT_EQ(w.run(check_sm_audit_export, t.records).verdict, Verdict::fail);
  SmTrace few;
  few.instantiate_a();
  few.decision("nfvo-1", "SmAuditExport", "", "answered", "sm=sm-1; domain=td-a; records=0",
               "sm-1");
  EXPECT_EQ(w.run(check_sm_audit_export, few.records).verdict, Verdict::fail);
  EXPECT_EQ(w.run(check_sm_audit_export, SmTrace().records).verdict, Verdict::none);
}

}  // namespace
}  // namespace ifa026::conformance
