// The VNFCI in delegation mode (issue 17; C.2.2.3 #2, C.3.2.3 #2, C.2.2.4.6 #1-#2): spawned by the
// real VIM with credentials a test VNFM client made under a test root
// (tests/support/delegation_test_client.hpp). Good credentials are installed (chain, key pair and
// SAN checked, ledger received + stored, KeyInventory at the end); a mismatched key, a chain to
// another root, a SAN without its name, an injection from someone other than its producer are
// refused; the OAM certificate becomes its TLS identity on Ve-Vnfm-vnf, where only its own VNFM's
// SetConfigurationRequest is taken. Each fault switch (accept_mismatched_key, refuse_install,
// accept_any_vnfm) changes the outcome.
#include <gtest/gtest.h>

#include <string>

#include "tests/support/delegation_test_client.hpp"

namespace ifa026::actors::delegation_test {
namespace {

using sim::RecordKind;

TEST(VnfciDelegated, GoodCredentialsAreVerifiedInstalledAndHeld) {
  test::ScenarioBuilder s = delegation_world();
  s.command("1m", "client-1", "allocate", {{"vnfci", "x-1"}});
  World world(s);
  world.expect_enrolled();
  world.run_until("2m");
  const auto verified = world.find(RecordKind::crypto, "x-1", "CertificateVerification", "ok");
  const auto matched = world.find(RecordKind::crypto, "x-1", "KeyPairCheck", "ok");
  ASSERT_EQ(verified.size(), 2u) << world.dump();
  ASSERT_EQ(matched.size(), 2u);
  const auto installed = world.decisions("x-1", "CertificateInstalled", "ok");
  ASSERT_EQ(installed.size(), 2u);
  EXPECT_EQ(installed[0].step, "C.3.2.3#2");
  EXPECT_EQ(detail(installed[0], "certificate_type"), "oam");
  EXPECT_EQ(detail(installed[0], "identity"), "oam");
  EXPECT_EQ(installed[1].step, "C.2.2.3#2");
  EXPECT_EQ(detail(installed[1], "certificate_type"), "vnfci");
  const auto received = world.decisions("x-1", "KeyCustody", "received");
  ASSERT_EQ(received.size(), 2u);
  EXPECT_EQ(detail(received[0], "channel"), "nfvi-local");
  EXPECT_EQ(received[0].peer, "vim-1");
  EXPECT_EQ(detail(received[1], "key_fp"),
            world.client("client-1").sent_keys.at("x-1").at("server"));
  // It did not enrol itself.
  EXPECT_EQ(world.find(RecordKind::send, "x-1", "CmpIr").size(), 0u);
  world.finish();
  const auto held = world.decisions("x-1", "KeyInventory", "held");
  ASSERT_EQ(held.size(), 2u);
}

TEST(VnfciDelegated, MismatchedKeyIsRefusedUnlessTheFaultSkipsTheCheck) {
  test::ScenarioBuilder s = delegation_world();
  s.command("1m", "client-1", "allocate",
            {{"vnfci", "x-1"}, {"variant", "mismatched_key"}, {"types", {"vnfci"}}});
  s.command("1m", "client-1", "allocate",
            {{"vnfci", "x-2"},
             {"variant", "mismatched_key"},
             {"types", {"vnfci"}},
             {"user_data", {{"delegation_faults", {"accept_mismatched_key"}}}}});
  World world(s);
  world.expect_enrolled();
  world.run_until("2m");
  EXPECT_EQ(world.find(RecordKind::crypto, "x-1", "KeyPairCheck", "rejected").size(), 1u)
      << world.dump();
  EXPECT_EQ(world.decisions("x-1", "CredentialRefused", "refused").size(), 1u);
  EXPECT_EQ(world.decisions("x-1", "CertificateInstalled").size(), 0u);
  // With the fault: no KeyPairCheck, installed.
  EXPECT_EQ(world.find(RecordKind::crypto, "x-2", "KeyPairCheck").size(), 0u);
  EXPECT_EQ(world.decisions("x-2", "CertificateInstalled", "ok").size(), 1u);
  const auto& answers = world.client("client-1").answers;
  ASSERT_EQ(answers.size(), 2u);
  for (const auto& a : answers) {
    const bool faulty = a["vnfci"] == "x-2";
    EXPECT_EQ(a["install"][0]["status"], faulty ? "installed" : "failed") << a.dump();
  }
  world.finish();
  EXPECT_EQ(world.decisions("x-1", "KeyInventory", "empty").size(), 1u);
}

TEST(VnfciDelegated, WrongChainAndWrongSanAreRefused) {
  test::ScenarioBuilder s = delegation_world();
  s.command("1m", "client-1", "allocate",
            {{"vnfci", "x-1"}, {"variant", "wrong_chain"}, {"types", {"vnfci"}}});
  s.command("1m", "client-1", "allocate",
            {{"vnfci", "x-2"}, {"variant", "wrong_san"}, {"types", {"vnfci"}}});
  World world(s);
  world.expect_enrolled();
  world.run_until("2m");
  for (const char* vnfci : {"x-1", "x-2"}) {
    EXPECT_EQ(world.find(RecordKind::crypto, vnfci, "CertificateVerification", "rejected").size(),
              1u)
        << vnfci << "\n"
        << world.dump();
    EXPECT_EQ(world.decisions(vnfci, "CertificateInstalled").size(), 0u);
    EXPECT_EQ(world.decisions(vnfci, "KeyCustody", "stored").size(), 0u);
  }
  const auto refused = world.decisions("x-2", "CredentialRefused", "refused");
  ASSERT_EQ(refused.size(), 1u);
  EXPECT_NE(detail(refused[0], "reason").find("no SAN dNSName names x-2"), std::string::npos);
}

TEST(VnfciDelegated, RefuseInstallFaultRefusesEverything) {
  test::ScenarioBuilder s = delegation_world();
  s.command("1m", "client-1", "allocate",
            {{"vnfci", "x-1"}, {"user_data", {{"delegation_faults", {"refuse_install"}}}}});
  World world(s);
  world.expect_enrolled();
  world.run_until("2m");
  EXPECT_EQ(world.decisions("x-1", "CredentialRefused", "refused").size(), 2u) << world.dump();
  EXPECT_EQ(world.decisions("x-1", "CertificateInstalled").size(), 0u);
  const auto& answers = world.client("client-1").answers;
  ASSERT_EQ(answers.size(), 1u);
  for (const auto& i : answers[0]["install"]) EXPECT_EQ(i["status"], "failed");
}

TEST(VnfciDelegated, InjectionFromAnotherSenderIsRefusedAndNotAnswered) {
  test::ScenarioBuilder s = delegation_world();
  s.command("1m", "client-1", "allocate", {{"vnfci", "x-1"}, {"types", {"oam"}}});
  s.command("2m", "client-2", "inject_plain", {{"vnfci", "x-1"}});
  World world(s);
  world.expect_enrolled();
  world.run_until("3m");
  const auto refused = world.decisions("x-1", "CredentialRefused", "refused");
  ASSERT_EQ(refused.size(), 1u) << world.dump();
  EXPECT_EQ(refused[0].peer, "client-2");
  EXPECT_EQ(world.decisions("x-1", "CertificateInstalled", "ok").size(), 1u);  // the OAM only
  EXPECT_EQ(world.find(RecordKind::send, "x-1", "InjectCredentialsReport").size(), 1u);
}

TEST(VnfciDelegated, SetConfigurationFromItsOwnVnfmOverMutualTlsIsInstalled) {
  test::ScenarioBuilder s = delegation_world();
  s.command("1m", "client-1", "allocate", {{"vnfci", "x-1"}, {"types", {"oam"}}});
  s.command("2m", "client-1", "configure", {{"vnfci", "x-1"}});
  s.command("3m", "client-2", "configure", {{"vnfci", "x-1"}});
  World world(s);
  world.expect_enrolled();
  world.run_until("4m");
  const auto& mine = world.client("client-1").answers;
  ASSERT_EQ(mine.size(), 2u) << world.dump();
  EXPECT_EQ(mine[1]["operation"], "SetConfigurationResponse");
  EXPECT_EQ(mine[1]["status"], "installed") << mine[1].dump();
  EXPECT_EQ(mine[1]["step"], "C.2.2.4.6#2");
  const auto installed = world.decisions("x-1", "CertificateInstalled", "ok");
  ASSERT_EQ(installed.size(), 2u);
  EXPECT_EQ(installed[1].step, "C.2.2.4.6#1");
  EXPECT_EQ(installed[1].reference_point, "Ve-Vnfm-vnf");
  const auto received = world.decisions("x-1", "KeyCustody", "received");
  ASSERT_EQ(received.size(), 2u);
  EXPECT_EQ(detail(received[1], "channel"), "mutual");
  EXPECT_EQ(received[1].peer, "client-1");
  // Another VNFM (valid MANO certificate under the same root) is denied, nothing installed.
  const auto& other = world.client("client-2").answers;
  ASSERT_EQ(other.size(), 1u) << world.dump();
  EXPECT_EQ(other[0]["status"], "rejected");
  EXPECT_EQ(world.decisions("x-1", "AccessDenied", "rejected").size(), 1u);
}

TEST(VnfciDelegated, AcceptAnyVnfmFaultTakesAnotherVnfmsConfiguration) {
  test::ScenarioBuilder s = delegation_world();
  s.command("1m", "client-1", "allocate",
            {{"vnfci", "x-1"},
             {"types", {"oam"}},
             {"user_data", {{"delegation_faults", {"accept_any_vnfm"}}}}});
  s.command("2m", "client-2", "configure", {{"vnfci", "x-1"}});
  World world(s);
  world.expect_enrolled();
  world.run_until("3m");
  const auto& other = world.client("client-2").answers;
  ASSERT_EQ(other.size(), 1u) << world.dump();
  EXPECT_EQ(other[0]["status"], "installed");
  EXPECT_EQ(world.decisions("x-1", "AccessDenied").size(), 0u);
}

TEST(VnfciDelegated, NoOamCertificateMeansNoVeVnfmVnfSession) {
  test::ScenarioBuilder s = delegation_world();
  s.command("1m", "client-1", "allocate", {{"vnfci", "x-1"}, {"types", {"vnfci"}}});
  s.command("2m", "client-1", "configure", {{"vnfci", "x-1"}});
  World world(s);
  world.expect_enrolled();
  world.run_until("3m");
  EXPECT_EQ(world.client("client-1").answers.size(), 1u) << world.dump();  // the allocation only
  EXPECT_EQ(world.decisions("x-1", "CertificateInstalled", "ok").size(), 1u);
}

}  // namespace
}  // namespace ifa026::actors::delegation_test
