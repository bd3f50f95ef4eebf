// The scenario builder of tests and benchmarks: what each method writes, that what it builds
// passes the schema and the actors' parameter checks, that the NFV helpers wire both ends of a
// relation, and that the shipped C.2.1.1 world can be spelled with it.
#include "tests/support/scenario_builder.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "actors/builtin_actors.hpp"
#include "sim/latency_model.hpp"
#include "tests/support/test_support.hpp"

namespace ifa026::test {
namespace {

const sim::ActorRegistry& registry() {
  static const sim::ActorRegistry r = actors::builtin_registry();
  return r;
}

std::string errors_of(const sim::ScenarioLoad& load) {
  std::string out;
  for (const auto& d : load.errors) out += sim::format_diagnostic(d) + "\n";
  return out;
}

// Two echo actors a and b: the smallest scenario the loader takes with a link between actors.
ScenarioBuilder echo_pair() {
  ScenarioBuilder b("pair");
  b.actor("a", "echo").actor("b", "echo");
  return b;
}

TEST(ScenarioBuilder, DefaultsMakeAValidScenario) {
  ScenarioBuilder b;
  b.actor("a", "echo");
  const auto load = b.validate(registry());
  ASSERT_TRUE(load.scenario) << errors_of(load);
  EXPECT_EQ(load.scenario->name, "test");
  EXPECT_EQ(load.scenario->seed, 1u);
  EXPECT_EQ(load.scenario->duration, sim::Duration::seconds(10));
  EXPECT_EQ(load.scenario->epoch, *sim::parse_utc("2026-01-01T00:00:00Z"));
  EXPECT_EQ(load.scenario->scheduler, "calendar");
  ASSERT_EQ(load.scenario->actors.size(), 1u);
  EXPECT_EQ(load.scenario->actors[0].type, "echo");
  EXPECT_EQ(load.scenario->actors[0].trust_domain, "default");
  EXPECT_TRUE(load.scenario->workload.empty());
  EXPECT_FALSE(b.json().contains("network"));
  EXPECT_TRUE(b.json()["actors"][0]["params"].is_object());
}

TEST(ScenarioBuilder, TopLevelMembersReachTheLoadedScenario) {
  ScenarioBuilder b = echo_pair();
  b.name("other")
      .description("two echoes")
      .epoch("2030-01-01T00:00:00Z")
      .seed(42)
      .duration("3m")
      .scheduler("heap")
      .covers({"C.2.1.1"})
      .expect({{"certified", {"a"}}});
  const sim::Scenario s = b.load(registry());
  EXPECT_EQ(s.name, "other");
  EXPECT_EQ(s.file, "other.json");
  EXPECT_EQ(s.description, "two echoes");
  EXPECT_EQ(s.epoch, *sim::parse_utc("2030-01-01T00:00:00Z"));
  EXPECT_EQ(s.seed, 42u);
  EXPECT_EQ(s.duration, sim::Duration::minutes(3));
  EXPECT_EQ(s.scheduler, "heap");
  EXPECT_EQ(s.covers, std::vector<std::string>{"C.2.1.1"});
  EXPECT_EQ(s.expect["certified"][0], "a");
}

TEST(ScenarioBuilder, NetworkDefaultsAndLinks) {
  ScenarioBuilder b = echo_pair();
  b.actor("c", "echo")
      .latency("2ms")
      .default_loss(0.25)
      .link("a", "b", LinkSetup().latency(uniform_latency("1ms", "3ms")).loss(0.5))
      .link("a", "c", LinkSetup().bidirectional(false));
  const sim::Scenario s = b.load(registry());
  EXPECT_EQ(s.default_link.latency.kind(), sim::LatencyModel::Kind::fixed);
  EXPECT_EQ(s.default_link.latency.mean(), sim::Duration::milliseconds(2));
  EXPECT_EQ(s.default_link.loss, 0.25);
  ASSERT_EQ(s.links.size(), 2u);
  EXPECT_EQ(s.links[0].properties.latency.kind(), sim::LatencyModel::Kind::uniform);
  EXPECT_EQ(s.links[0].properties.loss, 0.5);
  EXPECT_TRUE(s.links[0].bidirectional);
  // Unset members take the defaults.
  EXPECT_EQ(s.links[1].properties.latency.mean(), sim::Duration::milliseconds(2));
  EXPECT_EQ(s.links[1].properties.loss, 0.25);
  EXPECT_FALSE(s.links[1].bidirectional);

  b.default_latency(normal_latency("5ms", "1ms"));
  EXPECT_EQ(b.json()["network"]["default_latency"]["model"], "normal");
  b.default_latency(lognormal_latency("5ms", "1ms"));
  EXPECT_EQ(b.load(registry()).default_link.latency.kind(), sim::LatencyModel::Kind::lognormal);
}

TEST(ScenarioBuilder, ActorsParamsAndTrustDomains) {
  ScenarioBuilder b;
  b.actor("a", "echo", {{"reply", false}}, "td-a").actor("b", "echo", {});
  EXPECT_TRUE(b.has_actor("a"));
  EXPECT_FALSE(b.has_actor("z"));
  EXPECT_TRUE(b.json()["actors"][1]["params"].is_object());  // `{}` is not written as null
  EXPECT_THROW(b.actor("a", "echo"), std::invalid_argument);
  EXPECT_THROW(b.params("z"), std::invalid_argument);
  b.trust_domain("b", "td-b");
  b.params("b")["reply"] = true;
  const sim::Scenario s = b.load(registry());
  EXPECT_EQ(s.actors[0].trust_domain, "td-a");
  EXPECT_EQ(s.actors[0].params["reply"], false);
  EXPECT_EQ(s.actors[1].trust_domain, "td-b");
  EXPECT_EQ(s.actors[1].params["reply"], true);
}

TEST(ScenarioBuilder, UpdateReplacesTopLevelKeysPatchMerges) {
  ScenarioBuilder b;
  b.actor("x", "cmf",
          {{"ca", "ca-1"}, {"initial_credential", {{"one_use", true}, {"lifetime", "1h"}}}});
  b.update_params("x", {{"initial_credential", {{"one_use", false}}}});
  EXPECT_EQ(b.params("x")["initial_credential"], Json({{"one_use", false}}));
  b.patch_params("x", {{"initial_credential", {{"lifetime", "2h"}}}, {"ca", nullptr}});
  EXPECT_EQ(b.params("x")["initial_credential"], Json({{"one_use", false}, {"lifetime", "2h"}}));
  EXPECT_FALSE(b.params("x").contains("ca"));
}

TEST(ScenarioBuilder, DayZeroSecretsOnBothEnds) {
  ScenarioBuilder b = echo_pair();
  b.actor("c", "echo");
  b.day0("a", "b").day0("a", "c", "shared");
  EXPECT_EQ(b.params("a")["day0"]["b"], "day0-a-b");
  EXPECT_EQ(b.params("b")["day0"]["a"], "day0-a-b");
  EXPECT_EQ(b.params("a")["day0"]["c"], "shared");
  EXPECT_EQ(b.params("c")["day0"]["a"], "shared");
}

TEST(ScenarioBuilder, CmfRegistersItsRaCredentialAtItsCa) {
  ScenarioBuilder b;
  b.add_ca("ca-1", {{"crl_interval", "0"}})
      .add_cmf("cmf-1")
      .add_cmf("cmf-2", CmfSetup()
                            .ca("ca-1")
                            .ra("ra-2", "two")
                            .allowed_domains({})
                            .params({{"fqdn", "cmf2.example.net"}}))
      .crl_subscriber("ca-1", "cmf-1")
      .crl_subscriber("ca-1", "cmf-1");
  EXPECT_EQ(b.params("ca-1")["ra_credentials"],
            Json::parse(R"([{"reference": "cmf-1", "secret": "ra-secret"},
                            {"reference": "ra-2", "secret": "two"}])"));
  EXPECT_EQ(b.params("ca-1")["crl_subscribers"], Json({"cmf-1"}));  // once
  EXPECT_EQ(b.params("cmf-1"), Json::parse(R"({"ca": "ca-1", "ra_reference": "cmf-1",
      "ra_secret": "ra-secret", "allowed_domains": ["example.net"]})"));
  EXPECT_FALSE(b.params("cmf-2").contains("allowed_domains"));
  EXPECT_EQ(b.params("cmf-2")["fqdn"], "cmf2.example.net");
  b.direct_mode("cmf-1", {{"vnfms", {"vnfm-1"}}}).direct_mode("cmf-1", {{"renew_before", "30d"}});
  EXPECT_EQ(b.params("cmf-1")["direct_mode"],
            Json({{"vnfms", {"vnfm-1"}}, {"renew_before", "30d"}}));
  EXPECT_THROW(b.add_cmf("cmf-3", CmfSetup().ca("ca-9")), std::invalid_argument);
  const auto load = b.validate(registry());
  EXPECT_TRUE(load.scenario) << errors_of(load);
}

TEST(ScenarioBuilder, OssIsATrustedConsumerOfItsCmfWithADayZeroSecret) {
  ScenarioBuilder b;
  b.add_ca("ca-1").add_cmf("cmf-1").add_oss("oss-1").add_oss(
      "oss-2", OssSetup().cmf("cmf-1").day0_secret("s").type("oss"));
  EXPECT_EQ(b.params("cmf-1")["trusted_consumers"], Json({"oss-1", "oss-2"}));
  EXPECT_EQ(b.params("cmf-1")["day0"], Json({{"oss-1", "day0-oss-1-cmf-1"}, {"oss-2", "s"}}));
  EXPECT_EQ(b.params("oss-1")["cmf"], "cmf-1");
  EXPECT_EQ(b.params("oss-2")["day0"]["cmf-1"], "s");
  EXPECT_THROW(b.add_oss("oss-3", OssSetup().cmf("cmf-9")), std::invalid_argument);
  const auto load = b.validate(registry());
  EXPECT_TRUE(load.scenario) << errors_of(load);
}

TEST(ScenarioBuilder, EntitiesAreRegisteredWithTheOssAndReachableOverDayZero) {
  ScenarioBuilder b;
  b.add_ca("ca-1").add_cmf("cmf-1").add_oss("oss-1");
  b.add_entity("nfvo-1", "nfvo", EntitySetup("nfvo.example.net"))
      .add_entity("vnfm-1", "vnfm", EntitySetup("vnfm.example.net").via({"nfvo-1"}))
      .add_entity("vim-1", "vim",
                  EntitySetup("vim.example.net")
                      .kind("vim")
                      .via({"nfvo-1", "vnfm-1"})
                      .subject("CN=vim.example.net,O=Operator,C=FR"))
      .register_entity("ghost", EntitySetup("ghost.example.net").kind("wim"));
  EXPECT_THROW(b.register_entity("x", EntitySetup("x.example.net")), std::invalid_argument);
  const Json& entities = b.params("oss-1")["entities"];
  EXPECT_EQ(entities["nfvo-1"], Json({{"kind", "nfvo"}, {"fqdn", "nfvo.example.net"}}));
  EXPECT_EQ(entities["vnfm-1"]["via"], Json({"nfvo-1"}));
  EXPECT_EQ(entities["vim-1"]["subject"], "CN=vim.example.net,O=Operator,C=FR");
  EXPECT_EQ(entities["ghost"]["kind"], "wim");
  EXPECT_FALSE(b.has_actor("ghost"));
  // Each hop holds a secret for the next; the OSS-NFVO secret is made once and kept.
  EXPECT_EQ(b.params("oss-1")["day0"]["nfvo-1"], "day0-oss-1-nfvo-1");
  EXPECT_EQ(b.params("nfvo-1")["day0"]["vnfm-1"], "day0-nfvo-1-vnfm-1");
  EXPECT_EQ(b.params("vnfm-1")["day0"]["vim-1"], "day0-vnfm-1-vim-1");
  EXPECT_FALSE(b.params("oss-1")["day0"].contains("vim-1"));
  b.params("oss-1")["entities"].erase("ghost");
  const auto load = b.validate(registry());
  EXPECT_TRUE(load.scenario) << errors_of(load);
}

TEST(ScenarioBuilder, VnfmVnfdsAndInstantiateAreCheckedByTheVnfm) {
  ScenarioBuilder b;
  b.add_vnfm("vnfm-1")
      .vnfd(
          "vnfm-1", "vnfd-fw",
          {{"vnfcs",
            {{"fw-ctl",
              {{"identities", {identity_template("client", "client", "{vnfci}.{vnf}.x.net")}}}}}}})
      .add_vnfci("vnfci-1", {{"day0", {{"cmf-1", "s"}}}})
      .instantiate("1s", "vnfm-1", "vnf-1", "vnfd-fw", {{"fw-ctl", 2}});
  EXPECT_EQ(b.params("vnfm-1")["vnfds"]["vnfd-fw"]["vnfcs"]["fw-ctl"]["identities"][0]["subject"],
            "CN={vnfci}.{vnf}.x.net,O=Operator");
  EXPECT_EQ(b.json()["actors"][1]["type"], "vnfci");
  const sim::Scenario s = b.load(registry());
  ASSERT_EQ(s.workload.size(), 1u);
  EXPECT_EQ(s.workload[0].command, "instantiate");
  EXPECT_EQ(s.workload[0].args["vnfcs"]["fw-ctl"], 2);
  // An instantiate of a VNFD the VNFM does not have is refused where it stands.
  b.instantiate("2s", "vnfm-1", "vnf-2", "vnfd-wf", {{"fw-ctl", 1}});
  const auto load = b.validate(registry());
  ASSERT_FALSE(load.scenario);
  ASSERT_EQ(load.errors.size(), 1u);
  EXPECT_EQ(load.errors[0].pointer, "/workload/1/args/vnfd");
}

TEST(ScenarioBuilder, WorkloadRepeatsAndUncheckedCommands) {
  ScenarioBuilder b = echo_pair();
  EXPECT_THROW(b.every("1s", 2), std::logic_error);
  b.command("1s", "a", "ping", {{"to", "b"}})
      .every("500ms", 4)
      .command("2s", "b", "ping", {{"to", "a"}});
  b.unchecked_command("3s", "a", "dance");
  EXPECT_EQ(b.json()["workload"].size(), 2u);  // the unchecked one is not in the file
  const sim::Scenario s = b.load(registry());
  ASSERT_EQ(s.workload.size(), 3u);
  EXPECT_EQ(s.workload[0].every, sim::Duration::milliseconds(500));
  EXPECT_EQ(s.workload[0].count, 4);
  EXPECT_EQ(s.workload[1].actor, "b");
  EXPECT_EQ(s.workload[2].command, "dance");
  EXPECT_EQ(s.workload[2].at, sim::Duration::seconds(3));
  b.clear_workload();
  EXPECT_FALSE(b.json().contains("workload"));
  EXPECT_THROW(b.unchecked_command("soon", "a", "x"), std::invalid_argument);
}

TEST(ScenarioBuilder, FaultsBecomeFaultWindows) {
  ScenarioBuilder b = echo_pair();
  b.actor_down("a", "1s", "2s").link_down("a", "b", "3s", "4s").tamper("b", "a", "5s", "6s");
  const sim::Scenario s = b.load(registry());
  ASSERT_EQ(s.faults.size(), 3u);
  EXPECT_EQ(s.faults[0].kind, sim::FaultWindow::Kind::actor_down);
  EXPECT_EQ(s.faults[0].actor, "a");
  EXPECT_EQ(s.faults[1].kind, sim::FaultWindow::Kind::link_down);
  EXPECT_EQ(s.faults[1].endpoint_b, "b");
  EXPECT_EQ(s.faults[2].kind, sim::FaultWindow::Kind::tamper);
  EXPECT_EQ(s.faults[2].start, sim::Time::zero() + sim::Duration::seconds(5));
  EXPECT_EQ(s.faults[2].end, sim::Time::zero() + sim::Duration::seconds(6));
}

TEST(ScenarioBuilder, ProblemsAreDiagnosticsOrAnExceptionNamingThem) {
  ScenarioBuilder b = echo_pair();
  b.command("1s", "a", "ping", {{"to", "b"}, {"sise", 8}}).member("colour", "red");
  const auto load = b.validate(registry());
  ASSERT_FALSE(load.scenario);
  std::vector<std::string> pointers;
  for (const auto& d : load.errors) pointers.push_back(d.pointer);
  EXPECT_EQ(pointers, (std::vector<std::string>{"/colour", "/workload/0/args/sise"}));
  try {
    b.load(registry());
    ADD_FAILURE() << "no exception";
  } catch (const ScenarioBuildError& e) {
    EXPECT_EQ(e.diagnostics().size(), 2u);
    EXPECT_NE(std::string(e.what()).find("pair.json"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("/workload/0/args/sise"), std::string::npos) << e.what();
  }
}

TEST(ScenarioBuilder, WrittenFileLoadsLikeTheText) {
  TempDir dir("ifa026-builder");
  ScenarioBuilder b = echo_pair();
  b.command("1s", "a", "ping", {{"to", "b"}});
  b.write(dir / "pair.json");
  const auto load = sim::load_scenario_file((dir / "pair.json").string(), registry());
  ASSERT_TRUE(load.scenario) << errors_of(load);
  EXPECT_EQ(load.scenario->workload.size(), 1u);
  EXPECT_EQ(Json::parse(read_file(dir / "pair.json")), b.json());
}

// The helpers spell the shipped C.2.1.1 world: every actor with the same parameters, the same
// network and workload as scenarios/annex-c/C.2.1.1.json.
TEST(ScenarioBuilder, SpellsTheShippedC2111World) {
  const sim::Scenario built = annex_c_2_1_1_world().load(registry());
  const auto shipped = sim::load_scenario_file(
      std::string(IFA026_SOURCE_DIR) + "/scenarios/annex-c/C.2.1.1.json", registry());
  ASSERT_TRUE(shipped.scenario) << errors_of(shipped);
  const sim::Scenario& s = *shipped.scenario;
  EXPECT_EQ(built.name, s.name);
  EXPECT_EQ(built.seed, s.seed);
  EXPECT_EQ(built.duration, s.duration);
  EXPECT_EQ(built.default_link.latency.describe(), s.default_link.latency.describe());
  ASSERT_EQ(built.actors.size(), s.actors.size());
  for (std::size_t i = 0; i < s.actors.size(); ++i) {
    SCOPED_TRACE(s.actors[i].name);
    EXPECT_EQ(built.actors[i].name, s.actors[i].name);
    EXPECT_EQ(built.actors[i].type, s.actors[i].type);
    EXPECT_EQ(built.actors[i].params, s.actors[i].params);
  }
  ASSERT_EQ(built.workload.size(), s.workload.size());
  for (std::size_t i = 0; i < s.workload.size(); ++i) {
    EXPECT_EQ(built.workload[i].at, s.workload[i].at);
    EXPECT_EQ(built.workload[i].command, s.workload[i].command);
    EXPECT_EQ(built.workload[i].args, s.workload[i].args);
  }
}

}  // namespace
}  // namespace ifa026::test
