// The VNFM's secure-bootstrapping pieces (docs/direct-mode.md, C.2.1.2/C.2.1.3): a VNFC's
// `secure_bootstrap` in descriptors (checks and reading), the `tampered_vnfcis` argument of LCM
// operations, `secure_bootstrap` in notifications and queries, the `verifier` parameter the VNFM
// then needs, and, in a small simulation with the real vnfm, the hardware root it hands out at
// start and the platform attestation key each attested VNFCI is spawned with (certified by that
// root, as a CA for the HMEE key).
#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <variant>
#include <vector>

#include "actors/common/envelope.hpp"
#include "actors/messages/codec.hpp"
#include "actors/messages/operations.hpp"
#include "actors/vnfm/vnf_lcm.hpp"
#include "actors/vnfm/vnfd.hpp"
#include "actors/vnfm/vnfm_actor.hpp"
#include "pki/chain_verifier.hpp"
#include "pki/key.hpp"
#include "sim/simulation.hpp"
#include "tests/support/scenario_builder.hpp"

namespace ifa026::actors::vnfm::vnfm_secure_bootstrap_test {
namespace {

using nlohmann::json;

const std::string kDigest(64, 'a');

json attested_vnfds(json bootstrap) {
  return {{"vnfd-fw",
           {{"vnfcs",
             {{"fw-ctl",
               {{"identities",
                 {{{"name", "client"},
                   {"usage", "client"},
                   {"subject", "CN={vnfci}.example.net"},
                   {"dns", {"{vnfci}.example.net"}}}}},
                {"secure_bootstrap", bootstrap}}},
              {"fw-data", {{"identities", json::array()}}}}}}}};
}

std::vector<std::string> problems(const json& vnfds) {
  std::vector<sim::Diagnostic> out;
  check_vnfds(vnfds, out);
  std::vector<std::string> messages;
  for (const auto& d : out) messages.push_back(d.pointer + " " + d.message);
  return messages;
}

TEST(VnfmSecureBootstrap, DescriptorChecksAndReading) {
  const json good = {{"attestation", true},
                     {"hsm", "hsm-1"},
                     {"measurements", {{"firmware", kDigest}, {"kernel", std::string(64, 'B')}}},
                     {"hsm_signs_csr", true},
                     {"key_rotation", "1h"}};
  EXPECT_TRUE(problems(attested_vnfds(good)).empty());
  const VnfdCatalogue catalogue = read_vnfds(attested_vnfds(good));
  const auto& ctl = catalogue.at("vnfd-fw").vnfcs.at("fw-ctl");
  ASSERT_TRUE(ctl.secure_bootstrap.has_value());
  EXPECT_EQ(ctl.secure_bootstrap->hsm, "hsm-1");
  EXPECT_TRUE(ctl.secure_bootstrap->hsm_signs_csr);
  EXPECT_EQ(ctl.secure_bootstrap->key_rotation, "1h");
  EXPECT_EQ(ctl.secure_bootstrap->measurements.at("kernel"), std::string(64, 'b'));
  EXPECT_FALSE(catalogue.at("vnfd-fw").vnfcs.at("fw-data").secure_bootstrap.has_value());

  EXPECT_EQ(problems(attested_vnfds({{"attestation", true}})).size(), 1u);  // no measurements
  EXPECT_EQ(problems(attested_vnfds({{"measurements", {{"firmware", "abc"}}}})).size(), 1u);
  EXPECT_EQ(
      problems(attested_vnfds({{"measurements", {{"firmware", kDigest}}}, {"attestation", false}}))
          .size(),
      1u);
  EXPECT_EQ(
      problems(attested_vnfds({{"measurements", {{"firmware", kDigest}}}, {"hsm_signs_csr", true}}))
          .size(),
      1u);  // needs an hsm
  EXPECT_EQ(problems(attested_vnfds({{"measurements", {{"firmware", kDigest}}},
                                     {"hsm", "hsm-1"},
                                     {"key_rotation", "soon"},
                                     {"colour", "red"}}))
                .size(),
            2u);
}

TEST(VnfmSecureBootstrap, TamperedVnfcisMustBeAddedByTheOperation) {
  VnfLcm lcm(read_vnfds(attested_vnfds({{"hsm", "hsm-1"}, {"measurements", {{"fw", kDigest}}}})));
  auto parsed =
      parse_lcm_request(LcmOperation::instantiate, {{"vnf", "vnf-1"},
                                                    {"vnfd", "vnfd-fw"},
                                                    {"vnfcs", {{"fw-ctl", 2}, {"fw-data", 1}}},
                                                    {"tampered_vnfcis", {"vnf-1-fw-ctl-2"}}});
  ASSERT_TRUE(std::holds_alternative<LcmRequest>(parsed));
  auto planned = lcm.plan(std::get<LcmRequest>(parsed));
  ASSERT_TRUE(std::holds_alternative<LcmPlan>(planned));
  const LcmPlan& plan = std::get<LcmPlan>(planned);
  ASSERT_EQ(plan.added.size(), 3u);
  for (const auto& v : plan.added) {
    EXPECT_EQ(v.tampered, v.name == "vnf-1-fw-ctl-2") << v.name;
    EXPECT_EQ(v.attestation, v.vnfc == "fw-ctl") << v.name;
    EXPECT_EQ(v.hsm, v.vnfc == "fw-ctl" ? "hsm-1" : "") << v.name;
  }
  // Notifications and queries say it.
  const json added = messages::to_body(to_entry(plan.added[0], "ADDED"));
  EXPECT_EQ(added.at("secure_bootstrap"), (json{{"attestation", true}, {"hsm", "hsm-1"}}));
  EXPECT_FALSE(messages::to_body(to_entry(plan.added[2])).contains("secure_bootstrap"));

  auto unknown = parse_lcm_request(
      LcmOperation::instantiate,
      {{"vnf", "vnf-1"}, {"vnfd", "vnfd-fw"}, {"tampered_vnfcis", {"vnf-1-fw-ctl-9"}}});
  auto refused = lcm.plan(std::get<LcmRequest>(unknown));
  ASSERT_TRUE(std::holds_alternative<std::string>(refused));
  EXPECT_NE(std::get<std::string>(refused).find("vnf-1-fw-ctl-9"), std::string::npos);
  EXPECT_TRUE(std::holds_alternative<std::string>(
      parse_lcm_request(LcmOperation::terminate, {{"vnf", "vnf-1"}, {"tampered_vnfcis", {"x"}}})));
  EXPECT_TRUE(std::holds_alternative<std::string>(parse_lcm_request(
      LcmOperation::instantiate,
      {{"vnf", "vnf-1"}, {"vnfd", "vnfd-fw"}, {"tampered_vnfcis", "vnf-1-fw-ctl-1"}})));
}

// What the stand-in VNFCI and verifier received.
struct Seen {
  std::map<std::string, json> spawned;  // by VNFCI: its params
  std::vector<pki::Certificate> hardware_roots;
};

class Recorder final : public sim::Actor {
 public:
  Recorder(sim::ActorContext& context, const sim::ActorSpec& spec, Seen& seen)
      : Actor(context), seen_(seen) {
    if (spec.type == "vnfci") seen_.spawned[spec.name] = spec.params;
  }
  void on_message(const sim::Message& message) override {
    auto envelope = decode_envelope(message.payload);
    if (envelope && envelope->operation == operations::kHardwareRoot)
      seen_.hardware_roots.push_back(
          pki::Certificate::from_der(*get_bytes(envelope->body, "hardware_root")));
  }

 private:
  Seen& seen_;
};

TEST(VnfmSecureBootstrap, HardwareRootAtStartAndPlatformKeysInTheSpawnParameters) {
  Seen seen;
  sim::ActorRegistry registry;
  register_vnfm_actor(registry);
  for (const char* type : {"vnfci", "recorder"}) {
    sim::ActorType t;
    t.description = "recorder";
    t.create = [&seen](sim::ActorContext& c, const sim::ActorSpec& s) {
      return std::make_unique<Recorder>(c, s, seen);
    };
    t.check_params = [](const json&, std::vector<sim::Diagnostic>&) {};
    registry.add(type, std::move(t));
  }
  // The VNFM's parameters need a verifier once a VNFC has secure_bootstrap.
  const json vnfds = attested_vnfds(
      {{"hsm", "hsm-1"}, {"hsm_signs_csr", true}, {"measurements", {{"fw", kDigest}}}});
  std::vector<sim::Diagnostic> out;
  registry.find("vnfm")->check_params({{"vnfds", vnfds}}, out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].pointer, "/verifier");

  sim::Simulation simulation(test::ScenarioBuilder("vnfm-bootstrap")
                                 .epoch("2030-01-01T00:00:00Z")
                                 .seed(0)
                                 .duration("5s")
                                 .actor("vnfm-1", "vnfm",
                                        {{"vnfds", vnfds},
                                         {"verifier", "verifier-1"},
                                         {"hardware_root_to", {"verifier-1"}},
                                         {"lcm_duration", "10ms"}},
                                        "operator")
                                 .actor("verifier-1", "recorder", json::object(), "operator")
                                 .instantiate("1s", "vnfm-1", "vnf-1", "vnfd-fw", {{"fw-ctl", 2}},
                                              {{"tampered_vnfcis", {"vnf-1-fw-ctl-1"}}})
                                 .load(registry),
                             registry);
  simulation.run();

  ASSERT_EQ(seen.hardware_roots.size(), 1u);
  const pki::Certificate& root = seen.hardware_roots[0];
  EXPECT_TRUE(root.is_ca());
  ASSERT_EQ(seen.spawned.size(), 2u);
  for (const auto& [name, params] : seen.spawned) {
    SCOPED_TRACE(name);
    ASSERT_TRUE(params.contains("secure_bootstrap"));
    const json& b = params["secure_bootstrap"];
    EXPECT_EQ(b.value("verifier", ""), "verifier-1");
    EXPECT_EQ(b.value("reference", ""), "vnfd-fw/fw-ctl");
    EXPECT_EQ(b.value("hsm_signs_csr", false), true);
    EXPECT_EQ(b.at("measurements").at("fw"), kDigest);
    const auto key = pki::PrivateKey::from_der(*get_bytes(b, "platform_key"));
    const auto chain = *get_bytes_list(b, "platform_chain");
    ASSERT_EQ(chain.size(), 1u);
    const auto platform = pki::Certificate::from_der(chain[0]);
    EXPECT_TRUE(platform.public_key() == key.public_key());
    EXPECT_TRUE(platform.is_ca());  // it certifies the HMEE key
    pki::TrustStore trust;
    trust.add_anchor(root);
    EXPECT_TRUE(
        pki::verify_certificate(platform, trust, pki::Instant::from_seconds(1893456000 + 2)).ok());
    EXPECT_EQ(params.value("tamper_measurement", ""), name == "vnf-1-fw-ctl-1" ? "fw" : "");
  }
  // Each VNFCI has its own platform key.
  EXPECT_NE(seen.spawned["vnf-1-fw-ctl-1"]["secure_bootstrap"]["platform_key"],
            seen.spawned["vnf-1-fw-ctl-2"]["secure_bootstrap"]["platform_key"]);
}

}  // namespace
}  // namespace ifa026::actors::vnfm::vnfm_secure_bootstrap_test
