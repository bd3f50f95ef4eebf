// The NS lifecycle chain end to end (scenarios/lifecycle/, docs/lifecycle.md): the real OSS asks
// the real NFVO for an NS of three VNFs; the NFVO drives the VNFM on Or-Vnfm and grants each
// operation; the VIM and the CISM place and create the VNFCIs; the CMF enrols them in direct mode.
// Each assertion is read from the trace. The negative scenarios (a grant refused, a package
// tampered in the NFVO's store) must end with nothing of the NS running, and the same scenario
// with one setting changed shows each assertion able to fail.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "actors/builtin_actors.hpp"
#include "conformance/catalogue.hpp"
#include "conformance/scenario_rules.hpp"
#include "conformance/trace_query.hpp"
#include "sim/scenario.hpp"
#include "sim/simulation.hpp"
#include "sim/time.hpp"

namespace ifa026::conformance::ns_lifecycle_test {
namespace {

using sim::TraceRecord;

sim::Scenario load(const std::string& file) {
  auto l =
      sim::load_scenario_file(std::string(IFA026_SOURCE_DIR) + "/scenarios/lifecycle/" + file,
                              actors::builtin_registry(), scenario_rules(Catalogue::builtin()));
  for (const auto& d : l.errors) ADD_FAILURE() << sim::format_diagnostic(d);
  if (!l.scenario) throw std::runtime_error("cannot load " + file);
  return *l.scenario;
}

std::vector<TraceRecord> run(const sim::Scenario& scenario) {
  sim::Simulation simulation(scenario, actors::builtin_registry());
  sim::TraceStore store;
  simulation.trace().subscribe(store);
  simulation.run();
  return store.records();
}

sim::ActorSpec& actor(sim::Scenario& scenario, const std::string& name) {
  for (auto& a : scenario.actors)
    if (a.name == name) return a;
  throw std::runtime_error("no actor " + name);
}

// VNFCI actors alive at the end of the run: spawned and not retired (nor crashed).
std::set<std::string> running_vnfcis(const std::vector<TraceRecord>& trace) {
  std::set<std::string> running;
  for (const auto* r : TraceQuery(trace).all(RecordFilter{}.op("SpawnActor")))
    if (detail_of(*r, "type") == "vnfci") running.insert(detail_of(*r, "name"));
  for (const auto* r : TraceQuery(trace).all(RecordFilter{}.op("RetireActor")))
    running.erase(detail_of(*r, "name"));
  return running;
}

// The NFVO's NS operation states of `ns`, in order.
std::vector<std::string> ns_states(const std::vector<TraceRecord>& trace, const std::string& ns) {
  std::vector<std::string> states;
  for (const auto* r : TraceQuery(trace).all(decision("nfvo-1", "NsLcmOperation").with("ns", ns)))
    states.push_back(detail_of(*r, "operation") + ":" + r->outcome);
  return states;
}

// Identities that hold an enrolled certificate, by VNFCI.
std::map<std::string, int> enrolled(const std::vector<TraceRecord>& trace) {
  std::map<std::string, int> count;
  for (const auto* r :
       TraceQuery(trace).all(RecordFilter{}.op("CertificateInstalled").with_outcome("ok")))
    if (has_detail(*r, "vnfci") && detail_of(*r, "purpose") == "enrolment")
      ++count[detail_of(*r, "vnfci")];
  return count;
}

TEST(NsLifecycle, TheChainInstantiatesScalesHealsAndTerminatesAnNs) {
  const auto trace = run(load("ns-lifecycle.json"));
  EXPECT_EQ(ns_states(trace, "ns-1"),
            (std::vector<std::string>{
                "INSTANTIATE:starting", "INSTANTIATE:processing", "INSTANTIATE:completed",
                "SCALE:starting", "SCALE:processing", "SCALE:completed",  // out
                "SCALE:starting", "SCALE:processing", "SCALE:completed",  // in
                "HEAL:starting", "HEAL:processing", "HEAL:completed",     // vnf-lb-lb-1
                "TERMINATE:starting", "TERMINATE:processing", "TERMINATE:completed"}));
  // The OSS heard each end state.
  const auto heard = TraceQuery(trace).all(decision("oss-1", "NsLcmNotification"));
  std::vector<std::string> ends;
  for (const auto* r : heard)
    if (r->outcome == "completed") ends.push_back(detail_of(*r, "operation"));
  EXPECT_EQ(ends, (std::vector<std::string>{"INSTANTIATE", "SCALE", "SCALE", "HEAL", "TERMINATE"}));

  // Every VNFCI of the chain was created by the VIM or the CISM, placed first, and enrolled by
  // the CMF in direct mode (2 identities per fw-ctl, 1 per lb and db).
  const auto spawns = TraceQuery(trace).all(RecordFilter{}.op("SpawnActor"));
  std::map<std::string, std::string> spawner;
  for (const auto* r : spawns)
    if (detail_of(*r, "type") == "vnfci") spawner[detail_of(*r, "name")] = r->actor;
  EXPECT_EQ(spawner, (std::map<std::string, std::string>{{"vnf-db-db-1", "cism-1"},
                                                         {"vnf-fw-fw-ctl-1", "vim-1"},
                                                         {"vnf-fw-fw-ctl-2", "vim-1"},
                                                         {"vnf-fw-fw-ctl-3", "vim-1"},
                                                         {"vnf-fw-fw-ctl-4", "vim-1"},
                                                         {"vnf-lb-lb-1", "vim-1"},
                                                         {"vnf-lb-lb-2", "vim-1"}}));
  for (const auto& [vnfci, by] : spawner) {
    const auto* placed =
        TraceQuery(trace).first(decision(by, "PlacementDecided").with("vnfci", vnfci));
    const auto* spawned =
        TraceQuery(trace).first(RecordFilter{}.op("SpawnActor").with("name", vnfci));
    ASSERT_NE(placed, nullptr) << vnfci;
    ASSERT_NE(spawned, nullptr) << vnfci;
    EXPECT_LT(placed->id, spawned->id) << vnfci;
  }
  EXPECT_EQ(enrolled(trace), (std::map<std::string, int>{{"vnf-db-db-1", 1},
                                                         {"vnf-fw-fw-ctl-1", 2},
                                                         {"vnf-fw-fw-ctl-2", 2},
                                                         {"vnf-fw-fw-ctl-3", 2},
                                                         {"vnf-fw-fw-ctl-4", 2},
                                                         {"vnf-lb-lb-1", 1},
                                                         {"vnf-lb-lb-2", 1}}));

  // The crash was healed by the VNFM on its own (source VNFM_AUTO_HEAL, granted as automatic).
  const auto* heal = TraceQuery(trace).first(decision("vnfm-1", "VnfLcmOperation")
                                                 .with("operation", "HEAL")
                                                 .with("source", "VNFM_AUTO_HEAL")
                                                 .with_outcome("completed"));
  ASSERT_NE(heal, nullptr);
  EXPECT_TRUE(TraceQuery(trace).any(decision("nfvo-1", "GrantDecision")
                                        .with("source", "VNFM_AUTO_HEAL")
                                        .with_outcome("granted")));
  // The host retirement moved every VM of host-1 to host-2, live. (Which VMs are on host-1 then
  // depends on placement: a heal reserves its new VM before it releases the old one, D12.)
  const auto moves = TraceQuery(trace).all(decision("vim-1", "ComputeMigration"));
  const auto* retired =
      TraceQuery(trace).first(decision("vim-1", "HostState").with_outcome("retired"));
  ASSERT_NE(retired, nullptr);
  const std::string on_host = detail_of(*retired, "resources");
  EXPECT_EQ(moves.size(),
            static_cast<std::size_t>(1 + std::count(on_host.begin(), on_host.end(), ',')))
      << on_host;
  EXPECT_GE(moves.size(), 2u);
  for (const auto* m : moves) EXPECT_EQ(detail_of(*m, "to_host"), "host-2");

  // Terminated: nothing runs, and every certificate of a removed VNFCI was revoked.
  EXPECT_TRUE(running_vnfcis(trace).empty());
  std::set<std::string> revoked;
  for (const auto* r :
       TraceQuery(trace).all(decision("cmf-1", "VnfciCertificateRevocation").with_outcome("ok")))
    revoked.insert(detail_of(*r, "vnfci") + "/" + detail_of(*r, "identity"));
  // Every VNFCI ended removed (scaled in, healed, crashed and replaced, terminated): all 11
  // identities (2 per fw-ctl instance, 1 per lb and db instance) were revoked.
  EXPECT_EQ(revoked.size(), 11u);
}

TEST(NsLifecycle, TheOssCertificateConfigurationShapesTheVnfcisIdentities) {
  // Nfvo.Sc.006/007: the OSS gives vnf-fw's client identity its own subject and SAN; the CA
  // registers exactly that for each fw-ctl instance, and the other identities keep the VNFD's.
  sim::Scenario scenario = load("ns-lifecycle.json");
  for (auto& c : scenario.workload)
    if (c.command == "instantiate_ns")
      c.args["vnfs"][0]["certificate_configuration"]["identities"] = nlohmann::json::array(
          {{{"vnfc", "fw-ctl"},
            {"identity", "client"},
            {"certification_type", "vnfci"},
            {"subject",
             {{"common_name", "{vnfci}.tenant.example.net"}, {"organization", "Tenant"}}},
            {"san_dns", {"{vnfci}.tenant.example.net"}}}});
  const auto trace = run(scenario);
  auto registered = [&](const std::string& identity) {
    const auto* r = TraceQuery(trace).first(decision("ca-1", "RegisterEndEntity")
                                                .with("identity", identity)
                                                .with_outcome("registered"));
    return r == nullptr ? std::string("(not registered)") : detail_of(*r, "subject");
  };
  EXPECT_EQ(registered("vnf-fw-fw-ctl-1/client"), "CN=vnf-fw-fw-ctl-1.tenant.example.net,O=Tenant");
  EXPECT_EQ(registered("vnf-fw-fw-ctl-1/oam"),
            "CN=oam.vnf-fw-fw-ctl-1.vnf-fw.example.net,O=Operator");
  EXPECT_EQ(registered("vnf-lb-lb-1/server"), "CN=vnf-lb-lb-1.vnf-lb.example.net,O=Operator");
  EXPECT_EQ(enrolled(trace).at("vnf-fw-fw-ctl-1"), 2);
  // Without the configuration the VNFD's subject stands (the check above can fail).
  const auto plain = run(load("ns-lifecycle.json"));
  const auto* r = TraceQuery(plain).first(decision("ca-1", "RegisterEndEntity")
                                              .with("identity", "vnf-fw-fw-ctl-1/client")
                                              .with_outcome("registered"));
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(detail_of(*r, "subject"), "CN=vnf-fw-fw-ctl-1.vnf-fw.example.net,O=Operator");
}

TEST(NsLifecycle, ARefusedGrantRollsTheNsBackAndLeavesNothingRunning) {
  const auto trace = run(load("grant-refused.json"));
  const auto* refused = TraceQuery(trace).first(
      decision("nfvo-1", "GrantDecision").with("vnf", "vnf-db").with_outcome("rejected"));
  ASSERT_NE(refused, nullptr);
  EXPECT_EQ(detail_of(*refused, "reason"), "quota: vcpus 6 > 5");
  EXPECT_EQ(ns_states(trace, "ns-1"),
            (std::vector<std::string>{"INSTANTIATE:starting", "INSTANTIATE:processing",
                                      "INSTANTIATE:rolling_back", "INSTANTIATE:rolled_back"}));
  // The VNFs that had completed were terminated by the NFVO, for the rollback.
  const auto undone = TraceQuery(trace).all(decision("vnfm-1", "VnfLcmOperation")
                                                .with("operation", "TERMINATE")
                                                .with("source", "NFVO")
                                                .with_outcome("completed"));
  std::set<std::string> vnfs;
  for (const auto* r : undone) vnfs.insert(detail_of(*r, "vnf"));
  EXPECT_EQ(vnfs, (std::set<std::string>{"vnf-fw", "vnf-lb"}));
  // vnf-db never got a resource.
  EXPECT_FALSE(TraceQuery(trace).any(RecordFilter{}.op("SpawnActor").with("name", "vnf-db-db-1")));
  EXPECT_TRUE(running_vnfcis(trace).empty());
  EXPECT_TRUE(
      TraceQuery(trace).any(decision("oss-1", "NsLcmNotification").with_outcome("rolled_back")));
}

TEST(NsLifecycle, WithRoomInTheQuotaTheSameNsCompletes) {
  // The check above can fail: the same scenario with a quota that fits completes and runs.
  sim::Scenario scenario = load("grant-refused.json");
  actor(scenario, "nfvo-1").params["grant_quota"]["vcpus"] = 6;
  const auto trace = run(scenario);
  EXPECT_EQ(ns_states(trace, "ns-1").back(), "INSTANTIATE:completed");
  EXPECT_EQ(running_vnfcis(trace).size(), 4u);
}

TEST(NsLifecycle, APackageTamperedInTheStoreIsRefusedAtInstantiationAndNothingStarts) {
  const auto trace = run(load("tampered-package.json"));
  // Refused at onboarding: altered after signing.
  EXPECT_TRUE(TraceQuery(trace).any(decision("nfvo-1", "PackageOnboarding")
                                        .with("package", "pkg-fw-altered")
                                        .with_outcome("rejected")
                                        .with("verdict", "digest-mismatch")));
  // Refused at instantiation: altered in the store after onboarding.
  const auto* recheck = TraceQuery(trace).first(crypto("nfvo-1", "PackageIntegrityCheck")
                                                    .with("package", "pkg-db")
                                                    .with("stage", "instantiation"));
  ASSERT_NE(recheck, nullptr);
  EXPECT_EQ(recheck->outcome, "rejected");
  EXPECT_EQ(ns_states(trace, "ns-1"), (std::vector<std::string>{"INSTANTIATE:rejected"}));
  const auto* answer = TraceQuery(trace).first(
      decision("oss-1", "NsLcmRequest").with("ns", "ns-1").with_outcome("rejected"));
  ASSERT_NE(answer, nullptr);
  EXPECT_NE(detail_of(*answer, "reason").find("pkg-db failed its integrity check"),
            std::string::npos)
      << detail_of(*answer, "reason");
  // Nothing was asked of the VNFM, nothing created, no certificate issued to a VNFCI.
  EXPECT_FALSE(TraceQuery(trace).any(decision("vnfm-1", "VnfLcmOperation")));
  EXPECT_TRUE(running_vnfcis(trace).empty());
  EXPECT_FALSE(TraceQuery(trace).any(RecordFilter{}.op("SpawnActor")));
  EXPECT_TRUE(enrolled(trace).empty());
}

TEST(NsLifecycle, WithoutTheStoreTamperTheSameNsStarts) {
  sim::Scenario scenario = load("tampered-package.json");
  auto& workload = scenario.workload;
  workload.erase(std::remove_if(workload.begin(), workload.end(),
                                [](const sim::CommandSpec& c) {
                                  return c.command == "tamper_stored_package";
                                }),
                 workload.end());
  const auto trace = run(scenario);
  EXPECT_EQ(ns_states(trace, "ns-1").back(), "INSTANTIATE:completed");
  EXPECT_FALSE(running_vnfcis(trace).empty());
}

TEST(NsLifecycle, BadNsRequestsAreRefusedWithTheReasonAndStartNothing) {
  sim::Scenario scenario = load("tampered-package.json");
  scenario.workload.erase(std::remove_if(scenario.workload.begin(), scenario.workload.end(),
                                         [](const sim::CommandSpec& c) {
                                           return c.command == "tamper_stored_package" ||
                                                  c.command == "instantiate_ns";
                                         }),
                          scenario.workload.end());
  auto command = [&](const std::string& at, const std::string& name, nlohmann::json args) {
    sim::CommandSpec c;
    c.at = *sim::parse_duration(at);
    c.actor = "oss-1";
    c.command = name;
    c.args = std::move(args);
    scenario.workload.push_back(std::move(c));
  };
  const nlohmann::json fw = {
      {"vnf", "vnf-fw"}, {"oss_app_id", "app-fw"}, {"vnfd_id", "vnfd-fw"}, {"flavour", "small"}};
  nlohmann::json unknown_flavour = fw;
  unknown_flavour["flavour"] = "huge";
  nlohmann::json wrong_mode = fw;
  wrong_mode["certificate_configuration"] = {{"mode", "delegation"}};
  command("20s", "instantiate_ns", {{"ns", "ns-a"}, {"vnfs", {unknown_flavour}}});
  command("21s", "instantiate_ns", {{"ns", "ns-b"}, {"vnfs", {wrong_mode}}});
  command("22s", "instantiate_ns",
          {{"ns", "ns-c"},
           {"vnfs",
            {{{"vnf", "vnf-x"},
              {"vnfd_id", "vnfd-none"},
              {"flavour", "small"},
              {"oss_app_id", "x"}}}}});
  command("23s", "scale_ns", {{"ns", "ns-none"}, {"vnf", "vnf-fw"}, {"aspect", "fw-ctl"}});
  command("24s", "instantiate_ns", {{"ns", "ns-d"}, {"vnfs", {fw}}});
  command("40s", "scale_ns",
          {{"ns", "ns-d"}, {"vnf", "vnf-fw"}, {"aspect", "fw-ctl"}, {"steps", -1}});
  command("41s", "instantiate_ns", {{"ns", "ns-e"}, {"vnfs", {fw}}});  // VNF name in use
  const auto trace = run(scenario);
  auto reason = [&](const std::string& ns) {
    const auto* r = TraceQuery(trace).first(
        decision("nfvo-1", "NsLcmOperation").with("ns", ns).with_outcome("rejected"));
    return r == nullptr ? std::string("(not rejected)") : detail_of(*r, "reason");
  };
  EXPECT_EQ(reason("ns-a"), "/vnfs/0: unknown flavour huge of VNFD vnfd-fw");
  EXPECT_EQ(reason("ns-b"), "/vnfs/0: certificate mode delegation differs from the VNFD's direct");
  EXPECT_EQ(reason("ns-c"), "/vnfs/0: no onboarded package holds VNFD vnfd-none");
  EXPECT_EQ(reason("ns-none"), "unknown NS ns-none");
  EXPECT_EQ(reason("ns-d"), "/scale_vnfs/0: steps must be at least 1, not -1");
  EXPECT_EQ(reason("ns-e"), "/vnfs/0: VNF name vnf-fw in use");
  // Only ns-d ran: its two fw-ctl VNFCIs.
  EXPECT_EQ(running_vnfcis(trace), (std::set<std::string>{"vnf-fw-fw-ctl-1", "vnf-fw-fw-ctl-2"}));
}

}  // namespace
}  // namespace ifa026::conformance::ns_lifecycle_test
