// The VNFCI's side of C.2.2.4.7 (issue 17, hmee; actors/vnfci/vnfci_delegated_hsm.*) and the
// VNFM's HSM endpoint (actors/vnfm/vnfm_hsm_endpoint.*), end to end through the real actors of
// scenarios/annex-c/C.2.2.4.7.json (VNFM, VIM, CMF, CA, verifier and a real HSM): each VNFCI stores
// its certificate with the key pending, opens mutual TLS with the HSM under its attested HMEE
// credential, checks the HSM's certificate against the vendor root its VNFM named, fetches its key
// and installs it; the refusals (an HMEE the HSM does not trust, a handle of another VNFCI, a key
// that does not match) install nothing; the HSM's fault switches (release_to_anyone,
// keep_after_release) show in the trace.
#include <gtest/gtest.h>

#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "actors/builtin_actors.hpp"
#include "actors/common/trace_detail.hpp"
#include "sim/scenario.hpp"
#include "sim/simulation.hpp"
#include "sim/trace.hpp"

namespace ifa026::actors::vnfci {
namespace {

using nlohmann::json;
using sim::RecordKind;
using sim::TraceRecord;

const sim::ActorRegistry& registry() {
  static const sim::ActorRegistry r = builtin_registry();
  return r;
}

json scenario_json(const std::string& relative) {
  std::ifstream in(std::string(IFA026_SOURCE_DIR) + "/scenarios/" + relative);
  std::stringstream text;
  text << in.rdbuf();
  return json::parse(text.str());
}

json& actor(json& root, const std::string& name) {
  for (auto& a : root["actors"])
    if (a["name"] == name) return a;
  throw std::runtime_error("no actor " + name);
}

// The scenario run to its end (finish included); its trace.
std::vector<TraceRecord> run(const json& root) {
  auto load = sim::load_scenario_text("test.json", root.dump(), registry());
  for (const auto& d : load.errors) ADD_FAILURE() << sim::format_diagnostic(d);
  if (!load.scenario) throw std::runtime_error("scenario does not load");
  sim::Simulation simulation(*load.scenario, registry());
  sim::TraceStore store;
  simulation.trace().subscribe(store);
  simulation.run();
  return store.records();
}

std::string detail(const TraceRecord& r, const std::string& key) {
  return trace_detail_value(r.detail, key).value_or("<none>");
}

std::vector<TraceRecord> find(const std::vector<TraceRecord>& trace, RecordKind kind,
                              const std::string& actor, const std::string& operation,
                              const std::string& outcome = "") {
  std::vector<TraceRecord> out;
  for (const auto& r : trace)
    if (r.kind == kind && r.actor == actor && r.operation == operation &&
        (outcome.empty() || r.outcome == outcome))
      out.push_back(r);
  return out;
}

std::vector<TraceRecord> decisions(const std::vector<TraceRecord>& trace, const std::string& actor,
                                   const std::string& operation, const std::string& outcome = "") {
  return find(trace, RecordKind::decision, actor, operation, outcome);
}

// The records of `vnfci` about its HSM-held identity ("client").
std::vector<TraceRecord> about_client(const std::vector<TraceRecord>& list) {
  std::vector<TraceRecord> out;
  for (const auto& r : list)
    if (detail(r, "identity") == "client") out.push_back(r);
  return out;
}

std::string dump(const std::vector<TraceRecord>& trace, const std::string& filter) {
  std::string out;
  for (const auto& r : trace)
    if (r.step.find(filter) != std::string::npos || r.operation.find("Hsm") != std::string::npos ||
        r.operation.find("Release") != std::string::npos)
      out += r.actor + " " + std::string(sim::to_string(r.kind)) + " " + r.operation + " " +
             r.outcome + " " + r.step + " -> " + r.peer + " [" + r.detail + "]\n";
  return out;
}

constexpr const char* kVnfci1 = "vnf-fw-fw-ctl-1";
constexpr const char* kVnfci2 = "vnf-fw-fw-ctl-2";

TEST(VnfciDelegatedHsm, KeysGoFromTheHsmIntoTheAttestedHmeeAndAreInstalled) {
  const auto trace = run(scenario_json("annex-c/C.2.2.4.7.json"));
  const std::string why = dump(trace, "C.2.2.4.7");
  // The VNFM took the HSM's vendor root on day 0 and named it.
  ASSERT_EQ(decisions(trace, "vnfm-1", "HsmVendorRoot", "accepted").size(), 1u) << why;
  for (const char* vnfci : {kVnfci1, kVnfci2}) {
    SCOPED_TRACE(vnfci);
    const auto pending = decisions(trace, vnfci, "PendingKey", "pending");
    ASSERT_EQ(pending.size(), 1u) << why;
    EXPECT_EQ(pending[0].step, "C.2.2.4.7#1");
    EXPECT_EQ(detail(pending[0], "identity"), "client");
    EXPECT_EQ(detail(pending[0], "certificate_type"), "vnfci");
    EXPECT_EQ(detail(pending[0], "hsm"), "hsm-1");
    const auto channel = decisions(trace, vnfci, "HsmChannel", "ok");
    ASSERT_EQ(channel.size(), 1u);
    EXPECT_EQ(channel[0].step, "C.2.2.4.7#2");
    EXPECT_GT(channel[0].id, pending[0].id);
    const auto asked = find(trace, RecordKind::send, vnfci, "ReleaseKeyPairRequest");
    ASSERT_EQ(asked.size(), 1u);
    EXPECT_EQ(asked[0].step, "C.2.2.4.7#3");
    EXPECT_EQ(asked[0].peer, "hsm-1");
    const auto checked = about_client(find(trace, RecordKind::crypto, vnfci, "KeyPairCheck", "ok"));
    ASSERT_EQ(checked.size(), 1u);
    EXPECT_EQ(checked[0].step, "C.2.2.4.7#4");
    const auto installed = about_client(decisions(trace, vnfci, "CertificateInstalled", "ok"));
    ASSERT_EQ(installed.size(), 1u);
    EXPECT_EQ(installed[0].step, "C.2.2.4.7#4");
    EXPECT_EQ(detail(installed[0], "purpose"), "delegated");
    EXPECT_EQ(detail(installed[0], "key"), "hsm");
    const auto received = about_client(decisions(trace, vnfci, "KeyCustody", "received"));
    ASSERT_EQ(received.size(), 1u);
    EXPECT_EQ(detail(received[0], "channel"), "hmee-hsm");
    EXPECT_EQ(received[0].peer, "hsm-1");
    EXPECT_EQ(received[0].reference_point, "HMEE-HSM");
    EXPECT_EQ(about_client(decisions(trace, vnfci, "KeyCustody", "stored")).size(), 1u);
    // The same key left the HSM to this VNFCI, and the HSM deleted its copy.
    bool released = false;
    bool deleted = false;
    for (const auto& r : decisions(trace, "hsm-1", "KeyCustody")) {
      if (detail(r, "vnfci") != vnfci) continue;
      EXPECT_EQ(detail(r, "key_fp"), detail(received[0], "key_fp"));
      if (r.outcome == "released") released = r.peer == vnfci;
      if (r.outcome == "deleted") deleted = true;
    }
    EXPECT_TRUE(released);
    EXPECT_TRUE(deleted);
    const auto answered = find(trace, RecordKind::send, vnfci, "SetConfigurationResponse");
    ASSERT_EQ(answered.size(), 1u);
    EXPECT_EQ(answered[0].step, "C.2.2.4.7#5");
    // At the end: the VNFCI holds it; the VNFM never did.
    EXPECT_GE(about_client(decisions(trace, vnfci, "KeyInventory", "held")).size(), 1u);
  }
  for (const auto& r : decisions(trace, "vnfm-1", "KeyCustody"))
    EXPECT_NE(detail(r, "identity"), "client") << r.detail;
}

TEST(VnfciDelegatedHsm, AnHmeeTheHsmDoesNotTrustGetsNoKey) {
  json root = scenario_json("negative/delegation-unattested-hmee.json");
  const auto trace = run(root);
  const std::string why = dump(trace, "C.2.2.4.7");
  EXPECT_EQ(decisions(trace, kVnfci1, "HsmChannel", "ok").size(), 0u) << why;
  EXPECT_GE(decisions(trace, "hsm-1", "HmeeClient", "refused").size(), 1u);
  const auto refused = about_client(decisions(trace, kVnfci1, "CredentialRefused", "refused"));
  ASSERT_GE(refused.size(), 1u) << why;
  EXPECT_NE(detail(refused[0], "reason").find("HSM channel failed"), std::string::npos);
  EXPECT_EQ(about_client(decisions(trace, kVnfci1, "CertificateInstalled")).size(), 0u);
  EXPECT_EQ(decisions(trace, "hsm-1", "ReleaseKeyPair", "released").size(), 0u);
  // Once its installation attempts are spent, the VNFM has the HSM delete the key no HMEE
  // fetched: nothing is left in the HSM at the end.
  const auto deleted = decisions(trace, "hsm-1", "DeleteKey", "ok");
  ASSERT_GE(deleted.size(), 1u) << why;
  EXPECT_EQ(detail(deleted[0], "reason"), "attempts exhausted");
  EXPECT_EQ(decisions(trace, "hsm-1", "KeyInventory", "held").size(), 0u);
}

TEST(VnfciDelegatedHsm, WithoutTheVendorRootTheVnfmNamesNoHsm) {
  json root = scenario_json("annex-c/C.2.2.4.7.json");
  actor(root, "hsm-1")["params"]["vendor_root_recipients"] = {"cmf-1"};
  const auto trace = run(root);
  EXPECT_EQ(decisions(trace, kVnfci1, "PendingKey").size(), 0u) << dump(trace, "C.2.2.4.7");
  EXPECT_EQ(find(trace, RecordKind::send, kVnfci1, "ReleaseKeyPairRequest").size(), 0u);
  EXPECT_EQ(about_client(decisions(trace, kVnfci1, "CertificateInstalled")).size(), 0u);
}

TEST(VnfciDelegatedHsm, AForeignHandleIsRefusedByTheHsmUnlessItReleasesToAnyone) {
  json root = scenario_json("annex-c/C.2.2.4.7.json");
  actor(root, "vnfm-1")["params"]["vnfci_params"] = {{"delegation_faults", {"foreign_handle"}}};
  {
    const auto trace = run(root);
    const std::string why = dump(trace, "C.2.2.4.7");
    const auto refused = decisions(trace, "hsm-1", "ReleaseKeyPair", "refused");
    ASSERT_EQ(refused.size(), 6u) << why;  // two VNFCIs, three attempts each
    for (const auto& r : refused)
      EXPECT_NE(detail(r, "reason").find("designated for another VNFCI"), std::string::npos)
          << r.detail;
    for (const char* vnfci : {kVnfci1, kVnfci2}) {
      EXPECT_EQ(about_client(decisions(trace, vnfci, "CertificateInstalled")).size(), 0u);
      EXPECT_EQ(about_client(decisions(trace, vnfci, "CredentialRefused", "refused")).size(), 3u)
          << vnfci;
    }
  }
  // The HSM fault: the first asker gets the other VNFCI's key, which does not match its
  // certificate (KeyPairCheck rejected, nothing installed).
  actor(root, "hsm-1")["params"]["delegation_faults"] = {"release_to_anyone"};
  const auto trace = run(root);
  const std::string why = dump(trace, "C.2.2.4.7");
  const auto released = decisions(trace, "hsm-1", "ReleaseKeyPair", "released");
  ASSERT_GE(released.size(), 1u) << why;
  EXPECT_EQ(detail(released[0], "fault"), "release_to_anyone");
  EXPECT_NE(detail(released[0], "vnfci"), released[0].peer);
  const auto mismatch =
      about_client(find(trace, RecordKind::crypto, released[0].peer, "KeyPairCheck", "rejected"));
  EXPECT_EQ(mismatch.size(), 1u) << why;
  EXPECT_EQ(about_client(decisions(trace, released[0].peer, "CertificateInstalled")).size(), 0u);
}

TEST(VnfciDelegatedHsm, KeepAfterReleaseLeavesTheHsmHoldingTheKey) {
  json root = scenario_json("annex-c/C.2.2.4.7.json");
  actor(root, "hsm-1")["params"]["delegation_faults"] = {"keep_after_release"};
  const auto trace = run(root);
  const std::string why = dump(trace, "C.2.2.4.7");
  EXPECT_EQ(decisions(trace, "hsm-1", "KeyCustody", "released").size(), 2u) << why;
  EXPECT_EQ(decisions(trace, "hsm-1", "KeyCustody", "deleted").size(), 0u);
  EXPECT_EQ(decisions(trace, "hsm-1", "KeyInventory", "held").size(), 2u);
  // The VNFCIs installed their keys all the same.
  for (const char* vnfci : {kVnfci1, kVnfci2})
    EXPECT_EQ(about_client(decisions(trace, vnfci, "CertificateInstalled", "ok")).size(), 1u);
}

}  // namespace
}  // namespace ifa026::actors::vnfci
