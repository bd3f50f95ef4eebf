// The OSS actor in small simulations with the real cmf, ca and entity actors: registration of
// every entity (C.4.x.1) and configuration over Os-Ma-Nfvo with default relays, rejected
// registrations, revocation, day-0 failures, unknown entities and commands, parameter checks.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "actors/builtin_actors.hpp"
#include "actors/common/certificate_holder.hpp"
#include "actors/common/trace_detail.hpp"
#include "sim/scenario.hpp"
#include "sim/simulation.hpp"
#include "tests/support/scenario_builder.hpp"

namespace ifa026::actors {
namespace {

using nlohmann::json;
using sim::RecordKind;
using sim::TraceRecord;

// CA, CMF, OSS, an NFVO and a VNFM (relayed through the NFVO by default); day-0 secrets between
// OSS and CMF, OSS and NFVO, NFVO and VNFM. The OSS registers every entity at 1 s.
test::ScenarioBuilder oss_world() {
  test::ScenarioBuilder b("oss-test");
  b.seed(5)
      .duration("5m")
      .latency("2ms")
      .add_ca("ca-1", {{"crl_interval", "0"}})
      .add_cmf("cmf-1", test::CmfSetup().ra("cmf-1", "ra"))
      .add_oss("oss-1", test::OssSetup().day0_secret("s-oss-cmf"))
      .actor("nfvo-1", "nfvo")
      .actor("vnfm-1", "vnfm")
      .register_entity("nfvo-1", test::EntitySetup("nfvo.example.net").kind("nfvo"))
      .register_entity("vnfm-1", test::EntitySetup("vnfm.example.net")
                                     .kind("vnfm")
                                     .subject("CN=vnfm.example.net,O=Operator,C=FR"))
      .day0("oss-1", "nfvo-1", "s-oss-nfvo")
      .day0("nfvo-1", "vnfm-1", "s-nfvo-vnfm")
      .command("1s", "oss-1", "register_all");
  return b;
}

class World {
 public:
  // The scenario's unchecked commands (ones validation refuses) are given to the actors anyway:
  // the actors must still refuse them at run time.
  explicit World(const test::ScenarioBuilder& scenario) : registry_(builtin_registry()) {
    simulation_ = std::make_unique<sim::Simulation>(scenario.load(registry_), registry_);
    simulation_->trace().subscribe(store_);
    simulation_->run();
  }

  std::vector<TraceRecord> find(RecordKind kind, const std::string& actor,
                                const std::string& operation,
                                const std::string& outcome = "") const {
    std::vector<TraceRecord> out;
    for (const auto& r : store_.records())
      if (r.kind == kind && (actor.empty() || r.actor == actor) && r.operation == operation &&
          (outcome.empty() || r.outcome == outcome))
        out.push_back(r);
    return out;
  }
  const std::vector<TraceRecord>& records() const { return store_.records(); }

  const CertificateHolder& holder(const std::string& name) {
    auto* holder = dynamic_cast<CertificateHolder*>(simulation_->actor(name));
    if (holder == nullptr) throw std::runtime_error(name);
    return *holder;
  }

 private:
  sim::ActorRegistry registry_;
  sim::TraceStore store_;
  std::unique_ptr<sim::Simulation> simulation_;
};

std::string detail(const TraceRecord& r, const std::string& key) {
  return trace_detail_value(r.detail, key).value_or("<none>");
}

std::string decisions(const World& world) {
  std::string out;
  for (const auto& r : world.records())
    if (r.kind == RecordKind::decision)
      out += r.actor + " " + r.operation + " " + r.outcome + " " + r.detail + "\n";
  return out;
}

TEST(Oss, RegistersEveryEntityAndConfiguresItThroughTheNfvo) {
  World world(oss_world());

  auto registered = world.find(RecordKind::decision, "oss-1", "RegistrationResult", "registered");
  ASSERT_EQ(registered.size(), 2u) << decisions(world);
  EXPECT_EQ(detail(registered[0], "entity"), "nfvo-1");  // params order (by name)
  EXPECT_EQ(detail(registered[0], "fqdn"), "nfvo.example.net");
  EXPECT_EQ(detail(registered[1], "entity"), "vnfm-1");
  EXPECT_EQ(detail(registered[1], "fqdn"), "vnfm.example.net");
  EXPECT_EQ(detail(registered[0], "ca"), "ca-1");

  // Each registration request is recorded with its entity and its kind's step on CMF-1.
  auto requested = world.find(RecordKind::decision, "oss-1", "RegistrationRequest", "requested");
  ASSERT_EQ(requested.size(), 2u);
  EXPECT_EQ(requested[0].step, "C.4.1.1#0");
  EXPECT_EQ(requested[1].step, "C.4.2.1#0");
  EXPECT_EQ(detail(requested[1], "entity"), "vnfm-1");
  EXPECT_EQ(detail(requested[1], "fqdn"), "vnfm.example.net");
  EXPECT_EQ(requested[1].reference_point, "CMF-1");
  EXPECT_EQ(requested[1].peer, "cmf-1");
  bool sent = false;
  for (const auto& r : world.records())
    if (r.kind == RecordKind::send && r.actor == "oss-1" && r.reference_point == "CMF-1" &&
        r.operation == "RegisterEntityRequest" && r.step == "C.4.1.1#0")
      sent = true;
  EXPECT_TRUE(sent);

  // Both configurations leave on Os-Ma-Nfvo to the NFVO (the VNFM's default relay).
  auto configured = world.find(RecordKind::decision, "oss-1", "ConfigureEntity", "ok");
  ASSERT_EQ(configured.size(), 2u);
  for (const auto& r : configured) {
    EXPECT_EQ(detail(r, "first_hop"), "nfvo-1");
    EXPECT_EQ(r.reference_point, "Os-Ma-Nfvo");
  }
  EXPECT_EQ(detail(configured[1], "subject"), "CN=vnfm.example.net,O=Operator,C=FR");
  EXPECT_EQ(detail(configured[0], "subject"), "CN=nfvo.example.net,O=Operator");

  // The configured subject is the one in the issued certificate.
  auto held = world.holder("vnfm-1").current_certificate();
  ASSERT_TRUE(held.has_value()) << decisions(world);
  EXPECT_EQ(held->certificate.subject().to_string(), "CN=vnfm.example.net,O=Operator,C=FR");
  EXPECT_TRUE(world.holder("nfvo-1").current_certificate().has_value());
}

// Two CAs with roots of their own, the VNFM's kind at ca-2: the VNFM needs the CMF's root (ca-1)
// to reach the CMF and the NFVO's to authenticate it, so the OSS must forward every root the CMF
// named (`trust_anchors`), not just the selected CA's.
TEST(Oss, WithTwoCasEveryEntityEnrolsAtItsCaAndTrustsTheOthers) {
  test::ScenarioBuilder s = oss_world();
  s.add_ca("ca-2", {{"crl_interval", "0"}}).ra_credential("ca-2", "cmf-1", "ra");
  s.params("cmf-1")["cas"] = {{"vnfm", "ca-2"}};
  s.params("nfvo-1")["peers"] = {"vnfm-1"};
  World world(s);

  auto vnfm = world.holder("vnfm-1").current_certificate();
  ASSERT_TRUE(vnfm.has_value()) << decisions(world);
  auto nfvo = world.holder("nfvo-1").current_certificate();
  ASSERT_TRUE(nfvo.has_value()) << decisions(world);
  // Issued by different CAs (different roots at the end of the chains).
  EXPECT_NE(vnfm->chain.back().subject().to_string(), nfvo->chain.back().subject().to_string());
  bool at_ca2 = false;
  for (const auto& r : world.find(RecordKind::decision, "ca-2", "IssueCertificate", "ok"))
    if (detail(r, "fqdn") == "vnfm.example.net") at_ca2 = true;
  EXPECT_TRUE(at_ca2) << decisions(world);
  // Both roots trusted by the VNFM; the NFVO authenticates the VNFM across the two CAs.
  EXPECT_EQ(world.holder("vnfm-1").trust_anchors().size(), 2u);
  EXPECT_EQ(world.find(RecordKind::decision, "nfvo-1", "SessionCheck", "ok").size(), 1u)
      << decisions(world);
}

TEST(Oss, RejectedRegistrationIsTracedAndNothingIsConfigured) {
  test::ScenarioBuilder s = oss_world();
  s.params("oss-1")["entities"]["nfvo-1"]["fqdn"] = "nfvo.elsewhere.org";
  World world(s);

  auto rejected = world.find(RecordKind::decision, "oss-1", "RegistrationResult", "rejected");
  ASSERT_EQ(rejected.size(), 1u) << decisions(world);
  EXPECT_EQ(detail(rejected[0], "entity"), "nfvo-1");
  EXPECT_EQ(detail(rejected[0], "fqdn"), "nfvo.elsewhere.org");
  EXPECT_NE(detail(rejected[0], "reason"), "<none>");
  EXPECT_EQ(detail(rejected[0], "reason").empty(), false);
  for (const auto& r : world.find(RecordKind::decision, "oss-1", "ConfigureEntity"))
    EXPECT_NE(detail(r, "entity"), "nfvo-1");
  EXPECT_FALSE(world.holder("nfvo-1").current_certificate().has_value());
}

TEST(Oss, RevocationIsRequestedAndAnswered) {
  World world(oss_world().command("1m", "oss-1", "revoke",
                                  {{"entity", "nfvo-1"}, {"reason", "keyCompromise"}}));

  std::vector<TraceRecord> requests;
  for (const auto& r : world.records())
    if (r.kind == RecordKind::send && r.actor == "oss-1" &&
        r.operation == "RevokeCertificateRequest")
      requests.push_back(r);
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].peer, "cmf-1");
  auto requested = world.find(RecordKind::decision, "oss-1", "RevocationRequest", "requested");
  ASSERT_EQ(requested.size(), 1u);
  EXPECT_EQ(detail(requested[0], "reason"), "keyCompromise");
  EXPECT_EQ(detail(requested[0], "fqdn"), "nfvo.example.net");
  auto results = world.find(RecordKind::decision, "oss-1", "RevocationResult");
  ASSERT_EQ(results.size(), 1u) << decisions(world);
  EXPECT_EQ(detail(results[0], "entity"), "nfvo-1");
  EXPECT_NE(results[0].outcome, "rejected");
  EXPECT_NE(results[0].outcome, "failed");
  const auto& history = world.holder("nfvo-1").certificate_history();
  ASSERT_EQ(history.size(), 1u);
  EXPECT_EQ(detail(results[0], "serial"), history[0].certificate.serial_hex());
  // The CMF tells the entity, which drops key and certificate.
  auto removed = world.find(RecordKind::decision, "nfvo-1", "CertificateRemoved", "ok");
  ASSERT_EQ(removed.size(), 1u) << decisions(world);
  EXPECT_EQ(detail(removed[0], "serial"), history[0].certificate.serial_hex());
  EXPECT_EQ(detail(removed[0], "fqdn"), "nfvo.example.net");
  EXPECT_FALSE(world.holder("nfvo-1").current_certificate().has_value());
}

TEST(Oss, WrongDayZeroSecretFailsTheConfigurationChannel) {
  test::ScenarioBuilder s = oss_world();
  s.params("nfvo-1")["day0"]["oss-1"] = "not-the-same";
  World world(s);

  // Registration works (OSS-CMF secret is right), configuration cannot reach the NFVO.
  EXPECT_EQ(world.find(RecordKind::decision, "oss-1", "RegistrationResult", "registered").size(),
            2u);
  auto failed = world.find(RecordKind::decision, "oss-1", "ConfigureEntity", "failed");
  ASSERT_FALSE(failed.empty()) << decisions(world);
  EXPECT_NE(detail(failed[0], "reason").find("channel failed"), std::string::npos);
  EXPECT_FALSE(world.holder("nfvo-1").current_certificate().has_value());
  EXPECT_FALSE(world.find(RecordKind::crypto, "oss-1", "TlsHandshake", "failed").empty());
}

TEST(Oss, UnknownEntitiesAndCommandsAreRejected) {
  test::ScenarioBuilder s = oss_world();
  s.clear_workload().command("3s", "oss-1", "register", {{"entity", "nfvo-1"}});
  // Scenario validation refuses both before the run ...
  {
    test::ScenarioBuilder checked = s;
    checked.clear_workload()
        .command("1s", "oss-1", "register", {{"entity", "ghost"}})
        .command("2s", "oss-1", "dance");
    const auto registry = builtin_registry();
    const auto load = checked.validate(registry);
    std::vector<std::string> pointers;
    for (const auto& d : load.errors) pointers.push_back(d.pointer);
    EXPECT_EQ(pointers,
              (std::vector<std::string>{"/workload/0/args/entity", "/workload/1/command"}));
  }
  // ... and given anyway, the OSS refuses them at run time.
  s.unchecked_command("1s", "oss-1", "register", {{"entity", "ghost"}})
      .unchecked_command("2s", "oss-1", "dance");
  World world(s);

  auto unknown = world.find(RecordKind::decision, "oss-1", "RegistrationRequest", "rejected");
  ASSERT_EQ(unknown.size(), 1u);
  EXPECT_EQ(detail(unknown[0], "entity"), "ghost");
  EXPECT_EQ(detail(unknown[0], "reason"), "unknown entity");
  EXPECT_EQ(world.find(RecordKind::decision, "oss-1", "dance", "unknown-command").size(), 1u);
  // Only the NFVO was registered.
  auto registered = world.find(RecordKind::decision, "oss-1", "RegistrationResult", "registered");
  ASSERT_EQ(registered.size(), 1u);
  EXPECT_EQ(detail(registered[0], "entity"), "nfvo-1");
}

TEST(Oss, ParameterChecksNameTheProblem) {
  const auto registry = builtin_registry();
  const auto* type = registry.find("oss");
  ASSERT_NE(type, nullptr);
  std::vector<sim::Diagnostic> out;
  type->check_params({{"entities",
                       {{"a", {{"kind", "router"}, {"fqdn", "a.example.net"}}},
                        {"b", {{"kind", "vnfm"}, {"fqdn", "b.example.net"}, {"via", {"zz"}}}},
                        {"c", {{"kind", "nfvo"}, {"fqdn", "c.example.net"}, {"subject", "XX=1"}}},
                        {"d", {{"kind", "vim"}, {"fqdn", ""}, {"colour", "red"}}}}}},
                     out);
  std::vector<std::string> pointers;
  for (const auto& d : out) pointers.push_back(d.pointer);
  auto has = [&](const std::string& p) {
    return std::find(pointers.begin(), pointers.end(), p) != pointers.end();
  };
  EXPECT_TRUE(has("/entities/a/kind"));
  EXPECT_TRUE(has("/entities/b/via"));
  EXPECT_TRUE(has("/entities/c/subject"));
  EXPECT_TRUE(has("/entities/d/fqdn"));
  EXPECT_TRUE(has("/entities/d/colour"));
  bool missing_cmf = false;
  for (const auto& d : out)
    if (d.message.find("\"cmf\"") != std::string::npos) missing_cmf = true;
  EXPECT_TRUE(missing_cmf);
  out.clear();
  test::ScenarioBuilder valid = oss_world();
  type->check_params(valid.params("oss-1"), out);
  EXPECT_TRUE(out.empty());
}

}  // namespace
}  // namespace ifa026::actors
