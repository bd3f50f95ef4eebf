// The VIM's and the CISM's credential injection in delegation mode (issue 17; C.2.2.3, C.3.2.3,
// C.2.2.4.6 container variant): real CA, CMF, OSS, VIM, CISM and VNFCI actors, a test VNFM client
// (tests/support/delegation_test_client.hpp) sending allocations with real credentials over
// mutual TLS. Checks the injection over NFVI-Inject, the VNFCI's report, the producer's deletion
// right after it (or after the timeout), the answer held until then with `install`, the ledger
// and the final key inventories, and the retain_keys fault switch.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/support/delegation_test_client.hpp"

namespace ifa026::actors::delegation_test {
namespace {

using sim::RecordKind;

const sim::TraceRecord* first_send(const World& world, const std::string& actor,
                                   const std::string& operation,
                                   std::vector<sim::TraceRecord>& keep) {
  keep = world.find(RecordKind::send, actor, operation);
  return keep.empty() ? nullptr : &keep.front();
}

TEST(VimCredentialInjection, InjectsReportsDeletesThenAnswersWithTheInstallResult) {
  test::ScenarioBuilder s = delegation_world();
  s.command("1m", "client-1", "allocate", {{"vnfci", "x-1"}});
  World world(s);
  world.expect_enrolled();
  world.run_until("2m");
  const ClientLog& log = world.client("client-1");
  ASSERT_EQ(log.answers.size(), 1u) << world.dump();
  const json& answer = log.answers[0];
  EXPECT_EQ(answer["operation"], "AllocateComputeResponse");
  EXPECT_EQ(answer["status"], "allocated");
  EXPECT_EQ(answer["step"], "C.2.2.3#3");
  ASSERT_EQ(answer["install"].size(), 2u) << answer.dump();
  for (const auto& i : answer["install"]) EXPECT_EQ(i["status"], "installed") << answer.dump();

  // Received from the VNFM (mutual), sent to the VNFCI (nfvi-local), per type its own flow.
  const auto received = world.decisions("vim-1", "KeyCustody", "received");
  ASSERT_EQ(received.size(), 2u) << world.dump();
  for (const auto& r : received) {
    EXPECT_EQ(detail(r, "channel"), "mutual");
    EXPECT_EQ(r.peer, "client-1");
    EXPECT_EQ(detail(r, "holder"), "vim-1");
    EXPECT_EQ(detail(r, "vnfci"), "x-1");
    const std::string type = detail(r, "certificate_type");
    EXPECT_EQ(r.step, type == "oam" ? "C.3.2.3#1" : "C.2.2.3#1");
    EXPECT_EQ(detail(r, "key_fp"), log.sent_keys.at("x-1").at(detail(r, "identity")));
  }
  const auto sent = world.decisions("vim-1", "KeyCustody", "sent");
  ASSERT_EQ(sent.size(), 2u);
  for (const auto& r : sent) {
    EXPECT_EQ(detail(r, "channel"), "nfvi-local");
    EXPECT_EQ(r.peer, "x-1");
    EXPECT_EQ(r.reference_point, "NFVI-Inject");
  }
  const auto injections = world.find(RecordKind::send, "vim-1", "InjectCredentialsRequest");
  ASSERT_EQ(injections.size(), 2u);
  EXPECT_EQ(injections[0].step, "C.3.2.3#1");
  EXPECT_EQ(injections[1].step, "C.2.2.3#1");
  EXPECT_EQ(world.decisions("vim-1", "CredentialInjection", "injected").size(), 2u);

  // The VNFCI installed both and reported; the VIM deleted its copies right after the report and
  // before its answer.
  const auto installed = world.decisions("x-1", "CertificateInstalled", "ok");
  ASSERT_EQ(installed.size(), 2u) << world.dump();
  for (const auto& r : installed) EXPECT_EQ(detail(r, "purpose"), "delegated");
  const auto stored = world.decisions("x-1", "KeyCustody", "stored");
  ASSERT_EQ(stored.size(), 2u);
  const auto reports = world.find(RecordKind::send, "x-1", "InjectCredentialsReport");
  ASSERT_EQ(reports.size(), 2u);
  const auto deleted = world.decisions("vim-1", "KeyCustody", "deleted");
  ASSERT_EQ(deleted.size(), 2u);
  std::vector<sim::TraceRecord> keep;
  const sim::TraceRecord* response = first_send(world, "vim-1", "AllocateComputeResponse", keep);
  ASSERT_NE(response, nullptr);
  for (const auto& d : deleted) {
    EXPECT_EQ(detail(d, "reason"), "install attempted");
    EXPECT_GT(d.id, reports.back().id);
    EXPECT_LT(d.id, response->id);
  }
  EXPECT_EQ(response->step, "C.2.2.3#3");

  // The final state: the VIM holds nothing, the VNFCI both keys.
  world.finish();
  EXPECT_EQ(world.decisions("vim-1", "KeyInventory", "empty").size(), 1u);
  EXPECT_EQ(world.decisions("vim-1", "KeyInventory", "held").size(), 0u);
  EXPECT_EQ(world.decisions("x-1", "KeyInventory", "held").size(), 2u);
}

TEST(VimCredentialInjection, RetainKeysFaultKeepsTheKeysAfterTheAttempt) {
  test::ScenarioBuilder s = delegation_world({{"delegation_faults", {"retain_keys"}}});
  s.command("1m", "client-1", "allocate", {{"vnfci", "x-1"}});
  World world(s);
  world.expect_enrolled();
  world.run_until("2m");
  ASSERT_EQ(world.client("client-1").answers.size(), 1u) << world.dump();
  EXPECT_EQ(world.decisions("vim-1", "KeyCustody", "received").size(), 2u);
  EXPECT_EQ(world.decisions("vim-1", "KeyCustody", "deleted").size(), 0u);
  world.finish();
  EXPECT_EQ(world.decisions("vim-1", "KeyInventory", "held").size(), 2u);
  EXPECT_EQ(world.decisions("vim-1", "KeyInventory", "empty").size(), 0u);
}

TEST(VimCredentialInjection, NoReportMeansTheAttemptFailedAfterTheTimeoutAndTheKeysGoAnyway) {
  // A VNFCI not in delegation mode ignores the injection: the VIM waits injection_timeout.
  test::ScenarioBuilder s = delegation_world({{"injection_timeout", "3s"}});
  s.command("1m", "client-1", "allocate",
            {{"vnfci", "x-1"}, {"plain_user_data", true}, {"types", {"vnfci"}}});
  World world(s);
  world.expect_enrolled();
  world.run_until("2m");
  const ClientLog& log = world.client("client-1");
  ASSERT_EQ(log.answers.size(), 1u) << world.dump();
  ASSERT_EQ(log.answers[0]["install"].size(), 1u);
  EXPECT_EQ(log.answers[0]["install"][0]["status"], "failed");
  EXPECT_EQ(log.answers[0]["install"][0]["reason"], "no report from the VNFCI");
  EXPECT_EQ(world.decisions("vim-1", "CredentialInjection", "failed").size(), 1u);
  const auto deleted = world.decisions("vim-1", "KeyCustody", "deleted");
  ASSERT_EQ(deleted.size(), 1u);
  const auto sent = world.decisions("vim-1", "KeyCustody", "sent");
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_GE((deleted[0].time - sent[0].time).ns(), sim::Duration::seconds(3).ns());
  world.finish();
  EXPECT_EQ(world.decisions("vim-1", "KeyInventory", "empty").size(), 1u);
}

TEST(VimCredentialInjection, AllocationWithoutCredentialsIsAnsweredAtOnceAsBefore) {
  test::ScenarioBuilder s = delegation_world();
  s.command("1m", "client-1", "allocate",
            {{"vnfci", "x-1"}, {"plain_user_data", true}, {"types", json::array()}});
  World world(s);
  world.expect_enrolled();
  world.run_until("2m");
  const ClientLog& log = world.client("client-1");
  ASSERT_EQ(log.answers.size(), 1u) << world.dump();
  EXPECT_EQ(log.answers[0]["status"], "allocated");
  EXPECT_TRUE(!log.answers[0].contains("install") || log.answers[0]["install"].is_null());
  EXPECT_EQ(world.find(RecordKind::send, "vim-1", "InjectCredentialsRequest").size(), 0u);
}

TEST(CismCredentialInjection, WorkloadAndContainerConfigurationInjectAndDelete) {
  test::ScenarioBuilder s = delegation_world();
  s.command("1m", "client-1", "allocate", {{"vnfci", "c-1"}, {"cism", true}});
  s.command("2m", "client-1", "configure", {{"vnfci", "c-1"}, {"cism", true}});
  s.command("3m", "client-2", "configure", {{"vnfci", "c-1"}, {"cism", true}});
  World world(s);
  world.expect_enrolled();
  world.run_until("4m");
  const ClientLog& log = world.client("client-1");
  ASSERT_EQ(log.answers.size(), 2u) << world.dump();
  EXPECT_EQ(log.answers[0]["operation"], "CreateOsContainerWorkloadResponse");
  EXPECT_EQ(log.answers[0]["install"].size(), 2u);
  EXPECT_EQ(log.answers[1]["operation"], "OsContainerConfigurationResponse");
  EXPECT_EQ(log.answers[1]["status"], "installed") << log.answers[1].dump();
  EXPECT_EQ(log.answers[1]["step"], "C.2.2.4.6#2");
  // The configuration's injection cites C.2.2.4.6#0; the VNFCI installs at #1.
  const auto injections = world.find(RecordKind::send, "cism-1", "InjectCredentialsRequest");
  ASSERT_EQ(injections.size(), 3u);
  EXPECT_EQ(injections[2].step, "C.2.2.4.6#0");
  const auto installed = world.decisions("c-1", "CertificateInstalled", "ok");
  ASSERT_EQ(installed.size(), 3u) << world.dump();
  EXPECT_EQ(installed[2].step, "C.2.2.4.6#1");
  // Received 3 keys, deleted 3.
  EXPECT_EQ(world.decisions("cism-1", "KeyCustody", "received").size(), 3u);
  EXPECT_EQ(world.decisions("cism-1", "KeyCustody", "deleted").size(), 3u);
  // Another VNFM's configuration of client-1's workload is refused, nothing injected.
  const ClientLog& other = world.client("client-2");
  ASSERT_EQ(other.answers.size(), 1u);
  EXPECT_EQ(other.answers[0]["status"], "rejected");
  world.finish();
  EXPECT_EQ(world.decisions("cism-1", "KeyInventory", "empty").size(), 1u);
  // The server identity's first key was replaced by the configured one.
  EXPECT_EQ(world.decisions("c-1", "KeyInventory", "held").size(), 2u);
  EXPECT_EQ(world.decisions("c-1", "KeyCustody", "deleted").size(), 1u);
}

}  // namespace
}  // namespace ifa026::actors::delegation_test
