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

namespace ifa026::actors {
namespace {

using nlohmann::json;
using sim::RecordKind;
using sim::TraceRecord;

// CA, CMF, OSS, an NFVO and a VNFM (relayed through the NFVO by default); day-0 secrets between
// OSS and CMF, OSS and NFVO, NFVO and VNFM.
json scenario() {
  json s = {
      {"name", "oss-test"},
      {"epoch", "2026-01-01T00:00:00Z"},
      {"seed", 5},
      {"duration", "5m"},
      {"network", {{"default_latency", {{"model", "fixed"}, {"delay", "2ms"}}}}},
      {"workload", json::array({{{"at", "1s"}, {"actor", "oss-1"}, {"command", "register_all"}}})},
  };
  s["actors"] = json::array({
      {{"name", "ca-1"},
       {"type", "ca"},
       {"params",
        {{"ra_credentials", json::array({{{"reference", "cmf-1"}, {"secret", "ra"}}})},
         {"crl_interval", "0"}}}},
      {{"name", "cmf-1"},
       {"type", "cmf"},
       {"params",
        {{"ca", "ca-1"},
         {"ra_reference", "cmf-1"},
         {"ra_secret", "ra"},
         {"trusted_consumers", {"oss-1"}},
         {"allowed_domains", {"example.net"}},
         {"day0", {{"oss-1", "s-oss-cmf"}}}}}},
      {{"name", "oss-1"},
       {"type", "oss"},
       {"params",
        {{"cmf", "cmf-1"},
         {"day0", {{"cmf-1", "s-oss-cmf"}, {"nfvo-1", "s-oss-nfvo"}}},
         {"entities",
          {{"nfvo-1", {{"kind", "nfvo"}, {"fqdn", "nfvo.example.net"}}},
           {"vnfm-1",
            {{"kind", "vnfm"},
             {"fqdn", "vnfm.example.net"},
             {"subject", "CN=vnfm.example.net,O=Operator,C=FR"}}}}}}}},
      {{"name", "nfvo-1"},
       {"type", "nfvo"},
       {"params", {{"day0", {{"oss-1", "s-oss-nfvo"}, {"vnfm-1", "s-nfvo-vnfm"}}}}}},
      {{"name", "vnfm-1"}, {"type", "vnfm"}, {"params", {{"day0", {{"nfvo-1", "s-nfvo-vnfm"}}}}}},
  });
  return s;
}

json& params_of(json& s, const std::string& name) {
  for (auto& actor : s["actors"])
    if (actor["name"] == name) return actor["params"];
  throw std::invalid_argument(name);
}

class World {
 public:
  // `unchecked`: workload entries scenario validation refuses, given to the actors after loading
  // anyway (the actors must still refuse them at run time).
  explicit World(const json& scenario, const json& unchecked = json::array())
      : registry_(builtin_registry()) {
    auto load = sim::load_scenario_text("oss-test.json", scenario.dump(), registry_);
    for (const auto& d : load.errors) ADD_FAILURE() << sim::format_diagnostic(d);
    if (!load.scenario) throw std::runtime_error("scenario does not load");
    for (const auto& c : unchecked) {
      sim::CommandSpec spec;
      spec.at = sim::parse_duration(c["at"].get<std::string>()).value();
      spec.actor = c["actor"].get<std::string>();
      spec.command = c["command"].get<std::string>();
      if (c.contains("args")) spec.args = c["args"];
      load.scenario->workload.push_back(std::move(spec));
    }
    simulation_ = std::make_unique<sim::Simulation>(*load.scenario, registry_);
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
  World world(scenario());

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
  json s = scenario();
  s["actors"].push_back(
      {{"name", "ca-2"},
       {"type", "ca"},
       {"params",
        {{"ra_credentials", json::array({{{"reference", "cmf-1"}, {"secret", "ra"}}})},
         {"crl_interval", "0"}}}});
  params_of(s, "cmf-1")["cas"] = {{"vnfm", "ca-2"}};
  params_of(s, "nfvo-1")["peers"] = {"vnfm-1"};
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
  json s = scenario();
  params_of(s, "oss-1")["entities"]["nfvo-1"]["fqdn"] = "nfvo.elsewhere.org";
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
  json s = scenario();
  s["workload"].push_back({{"at", "1m"},
                           {"actor", "oss-1"},
                           {"command", "revoke"},
                           {"args", {{"entity", "nfvo-1"}, {"reason", "keyCompromise"}}}});
  World world(s);

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
  json s = scenario();
  params_of(s, "nfvo-1")["day0"]["oss-1"] = "not-the-same";
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
  json s = scenario();
  const json bad = json::array({
      {{"at", "1s"}, {"actor", "oss-1"}, {"command", "register"}, {"args", {{"entity", "ghost"}}}},
      {{"at", "2s"}, {"actor", "oss-1"}, {"command", "dance"}},
  });
  s["workload"] = json::array({{{"at", "3s"},
                                {"actor", "oss-1"},
                                {"command", "register"},
                                {"args", {{"entity", "nfvo-1"}}}}});
  // Scenario validation refuses both before the run ...
  {
    json checked = s;
    checked["workload"] = bad;
    const auto registry = builtin_registry();
    const auto load = sim::load_scenario_text("checked.json", checked.dump(), registry);
    std::vector<std::string> pointers;
    for (const auto& d : load.errors) pointers.push_back(d.pointer);
    EXPECT_EQ(pointers,
              (std::vector<std::string>{"/workload/0/args/entity", "/workload/1/command"}));
  }
  // ... and given anyway, the OSS refuses them at run time.
  World world(s, bad);

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
  json valid = scenario();
  type->check_params(params_of(valid, "oss-1"), out);
  EXPECT_TRUE(out.empty());
}

}  // namespace
}  // namespace ifa026::actors
