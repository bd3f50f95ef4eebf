// Test support for delegation mode's receivers (issue 17): a test VNFM client (a MANO entity with
// an extension: registered by the OSS, enrolled at the CMF, mutual TLS) that sends the requests a
// delegate VNFM sends to the VIM, the CISM and the VNFCI — AllocateComputeRequest /
// CreateOsContainerWorkloadRequest with `credentials`, SetConfigurationRequest on Ve-Vnfm-vnf,
// OsContainerConfigurationRequest — with real credentials it makes itself under a test root (good,
// or deliberately bad: the key of another pair, a chain to a stranger root, a SAN without the
// VNFCI's name), and logs every answer. Used by tests/actors/vim and tests/actors/vnfci.
#pragma once

#include <algorithm>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "actors/ca/ca_actor.hpp"
#include "actors/cism/cism_actor.hpp"
#include "actors/cmf/cmf_actor.hpp"
#include "actors/common/key_custody.hpp"
#include "actors/common/mano_entity.hpp"
#include "actors/common/pki_clock.hpp"
#include "actors/common/trace_detail.hpp"
#include "actors/messages/cism_si.hpp"
#include "actors/messages/codec.hpp"
#include "actors/messages/delegation_vocabulary.hpp"
#include "actors/messages/nfvi_inject.hpp"
#include "actors/messages/reference_points.hpp"
#include "actors/messages/ve_vnfm_vnf.hpp"
#include "actors/messages/vi_vnfm.hpp"
#include "actors/oss/oss_actor.hpp"
#include "actors/vim/vim_actor.hpp"
#include "actors/vnfci/vnfci_actor.hpp"
#include "pki/bytes.hpp"
#include "pki/certificate_authority.hpp"
#include "pki/key.hpp"
#include "sim/param_rules.hpp"
#include "sim/scenario.hpp"
#include "sim/simulation.hpp"
#include "tests/support/scenario_builder.hpp"

namespace ifa026::actors::delegation_test {

using nlohmann::json;
namespace m = messages;

// What the clients saw; lives longer than the simulation.
struct ClientLog {
  std::vector<json> answers;  // with "operation" added
  // The fingerprints of the keys sent, by VNFCI and identity.
  std::map<std::string, std::map<std::string, std::string>> sent_keys;
};
using Logs = std::map<std::string, ClientLog>;

// Roots under which the clients issue the VNFCIs' certificates.
struct TestRoots {
  pki::CertificateAuthority good;
  pki::CertificateAuthority stranger;
};

inline TestRoots& roots(pki::Instant now) {
  static TestRoots r{pki::CertificateAuthority::create_root(
                         pki::DistinguishedName::parse("CN=Delegation Test Root,O=ifa026"),
                         pki::PrivateKey::generate(pki::KeyType::ec_p256),
                         pki::Instant{now.unix_ns - 86400LL * 1'000'000'000}, 10LL * 365 * 86400),
                     pki::CertificateAuthority::create_root(
                         pki::DistinguishedName::parse("CN=Stranger Root,O=elsewhere"),
                         pki::PrivateKey::generate(pki::KeyType::ec_p256),
                         pki::Instant{now.unix_ns - 86400LL * 1'000'000'000}, 10LL * 365 * 86400)};
  return r;
}

// One credential for `identity` of `vnfci`, made at `now` (minus `age_s` seconds), spoilt as
// `variant` says: good, mismatched_key, wrong_chain, wrong_san, no_key.
inline m::DelegatedCredential make_credential(const std::string& vnfci, const std::string& identity,
                                              const std::string& type, const std::string& variant,
                                              pki::Instant now, long long age_s = 60) {
  TestRoots& r = roots(now);
  pki::CertificateAuthority& issuer = variant == "wrong_chain" ? r.stranger : r.good;
  const pki::PrivateKey key = pki::PrivateKey::generate(pki::KeyType::ec_p256);
  const std::string dns = variant == "wrong_san" ? identity + ".someone-else.example.net"
                                                 : identity + "." + vnfci + ".vnf-1.example.net";
  pki::ProvenKeyIssueRequest request{
      key.public_key(),
      pki::CsrContent{pki::DistinguishedName::parse("CN=" + dns + ",O=Operator"),
                      pki::SubjectAltName{{dns}, {}, {}},
                      {},
                      {},
                      std::nullopt},
      pki::Instant{now.unix_ns - age_s * 1'000'000'000},
      std::nullopt,
      std::nullopt,
      std::nullopt};
  const pki::Certificate certificate = issuer.issue_for_key(request, pki::CertificateProfile{});
  m::DelegatedCredential c;
  c.identity = identity;
  c.certification_type = type;
  c.certificate = certificate.der();
  c.chain = {r.good.certificate().der()};
  if (variant == "mismatched_key")
    c.private_key = pki::PrivateKey::generate(pki::KeyType::ec_p256).to_der();
  else if (variant != "no_key")
    c.private_key = key.to_der();
  c.trust_anchors = {r.good.certificate().der()};
  return c;
}

// The test VNFM client. Commands (args: to, cism, vnfci, variant, types, vnfm, user_data, age_s,
// plain_user_data):
// - allocate: AllocateComputeRequest (cism: CreateOsContainerWorkloadRequest) with one credential
//   per type in `types` (default ["oam", "vnfci"]; identity "oam" / "server"), user_data with
//   certificate_mode delegation, vnfm (default: this client) and vnfm_trust_anchor (the root this
//   client's own MANO certificate chains to) unless plain_user_data;
// - configure: SetConfigurationRequest over mutual TLS on Ve-Vnfm-vnf to the VNFCI (cism:
//   OsContainerConfigurationRequest to the CISM), one "server" credential.
class TestVnfmClient final : public ManoEntityExtension {
 public:
  TestVnfmClient(ManoEntityHost& host, std::shared_ptr<Logs> logs)
      : host_(host), logs_(std::move(logs)) {
    log_answer<m::AllocateComputeResponse>();
    log_answer<m::CreateOsContainerWorkloadResponse>();
    log_answer<m::SetConfigurationResponse>();
    log_answer<m::OsContainerConfigurationResponse>();
  }

  static std::vector<sim::ParamRule> args() {
    return {{"to", sim::ParamType::string, "VIM or CISM"},
            {"cism", sim::ParamType::boolean, "CISM-SI messages"},
            {"vnfci", sim::ParamType::string, "VNFCI"},
            {"variant", sim::ParamType::string, "good, mismatched_key, wrong_chain, wrong_san"},
            {"types", sim::ParamType::string_list, "certificate types"},
            {"vnfm", sim::ParamType::string, "the VNFM named in user_data"},
            {"user_data", sim::ParamType::object, "further VNFCI parameters"},
            {"age_s", sim::ParamType::integer, "the certificates' age in seconds"},
            {"plain_user_data", sim::ParamType::boolean, "no delegation parameters"}};
  }

  bool on_command(const sim::Command& command) override {
    const json& a = command.args;
    const bool cism = a.value("cism", false);
    const std::string self = host_.actor_context().name();
    const std::string vnfci = a.value("vnfci", std::string());
    const std::string variant = a.value("variant", std::string("good"));
    const std::string request_id = self + "-req-" + std::to_string(next_++);
    const pki::Instant now = pki_now(host_.actor_context());
    const long long age = a.value("age_s", 60LL);
    if (command.name == "allocate") {
      m::ResourceAllocationRequest r;
      r.request_id = request_id;
      r.correlation = request_id;
      r.grant = "grant-1";
      r.vnf = "vnf-1";
      r.vnfc = "fw";
      r.vnfci = vnfci;
      r.capacity = {1, 512};
      r.user_data = a.value("user_data", json::object());
      if (!a.value("plain_user_data", false)) {
        r.user_data["certificate_mode"] = "delegation";
        r.user_data["vnfm"] = a.value("vnfm", self);
        r.user_data["vnfm_trust_anchor"] = pki::to_hex(own_root());
      }
      std::vector<m::DelegatedCredential> credentials;
      for (const auto& type : a.value("types", std::vector<std::string>{"oam", "vnfci"}))
        credentials.push_back(
            make_credential(vnfci, type == "oam" ? "oam" : "server", type, variant, now, age));
      remember(vnfci, credentials);
      r.credentials = credentials;
      const std::string to = a.value("to", std::string(cism ? "cism-1" : "vim-1"));
      if (cism) {
        m::CreateOsContainerWorkloadRequest w;
        static_cast<m::ResourceAllocationRequest&>(w) = r;
        host_.channels().send(to, ChannelKind::mutual, reference_points::kCismSi,
                              m::to_envelope(w));
      } else {
        m::AllocateComputeRequest v;
        static_cast<m::ResourceAllocationRequest&>(v) = r;
        host_.channels().send(to, ChannelKind::mutual, reference_points::kViVnfm,
                              m::to_envelope(v));
      }
      return true;
    }
    if (command.name == "inject_plain") {
      // An InjectCredentialsRequest on NFVI-Inject from this client, not from the VNFCI's producer.
      m::InjectCredentialsRequest r;
      r.request_id = request_id;
      r.vnfci = vnfci;
      r.resource = "forged";
      r.credentials = {make_credential(vnfci, "server", "vnfci", variant, now, age)};
      host_.send_envelope(vnfci, reference_points::kNfviInject, m::to_envelope(r, "C.2.2.3#1"));
      return true;
    }
    if (command.name == "configure") {
      // The VNFCI's OAM certificate is under the test root: trusted for the Ve-Vnfm-vnf session.
      auto& anchors = host_.channels().credentials().trust_anchors;
      const pki::Certificate root = roots(now).good.certificate();
      if (std::find(anchors.begin(), anchors.end(), root) == anchors.end()) anchors.push_back(root);
      m::CredentialConfigurationRequest r;
      r.request_id = request_id;
      r.vnf = "vnf-1";
      r.vnfci = vnfci;
      r.credentials = {make_credential(vnfci, "server", "vnfci", variant, now, age)};
      remember(vnfci, r.credentials);
      if (cism) {
        m::OsContainerConfigurationRequest c;
        static_cast<m::CredentialConfigurationRequest&>(c) = r;
        host_.channels().send(a.value("to", std::string("cism-1")), ChannelKind::mutual,
                              reference_points::kCismSi, m::to_envelope(c));
      } else {
        m::SetConfigurationRequest c;
        static_cast<m::CredentialConfigurationRequest&>(c) = r;
        host_.channels().send(vnfci, ChannelKind::mutual, reference_points::kVeVnfmVnf,
                              m::to_envelope(c));
      }
      return true;
    }
    return false;
  }

 private:
  // The root of this client's MANO certificate (the first trust anchor it holds), DER.
  pki::Bytes own_root() const {
    const auto& anchors = host_.channels().credentials().trust_anchors;
    return anchors.empty() ? pki::Bytes{} : anchors.front().der();
  }
  void remember(const std::string& vnfci, const std::vector<m::DelegatedCredential>& credentials) {
    for (const auto& c : credentials)
      log().sent_keys[vnfci][c.identity] = key_fingerprint_of_pkcs8(c.private_key);
  }
  template <class M>
  void log_answer() {
    host_.request_handlers().on<M>([this](const M&, const ChannelMessage& msg) {
      json body = msg.envelope.body;
      body["operation"] = msg.envelope.operation;
      body["step"] = msg.envelope.step;
      log().answers.push_back(std::move(body));
    });
  }
  ClientLog& log() { return (*logs_)[host_.actor_context().name()]; }

  ManoEntityHost& host_;
  std::shared_ptr<Logs> logs_;
  int next_ = 1;
};

// Registers the client type "test-vnfm-client" (commands allocate and configure).
inline void register_test_vnfm_client(sim::ActorRegistry& registry, std::shared_ptr<Logs> logs) {
  ManoEntityKind client;
  client.kind = "test-vnfm-client";
  client.description = "test: a delegate VNFM's requests to the VIM, CISM and VNFCI";
  client.reference_points = {{"vnfci", reference_points::kVeVnfmVnf}};
  client.extra_commands = {{"allocate", "allocate with credentials", TestVnfmClient::args()},
                           {"configure", "configure credentials", TestVnfmClient::args()},
                           {"inject_plain", "forge an injection", TestVnfmClient::args()}};
  client.extension = [logs](ManoEntityHost& host, const sim::ActorSpec&) {
    return std::make_unique<TestVnfmClient>(host, logs);
  };
  registry.add("test-vnfm-client", mano_entity_actor_type(std::move(client)));
}

// The test world: CA, CMF, OSS, vim-1 (two hosts), cism-1 (access: both clients) and two test
// VNFM clients, all enrolled from 1 s; the test's commands start at 1 min. `vim_params` /
// `cism_params` are merged into theirs.
inline test::ScenarioBuilder delegation_world(json vim_params = json::object(),
                                              json cism_params = json::object()) {
  const json host = {{"location", "paris"}, {"capacity", {{"vcpus", 16}, {"memory_mb", 65536}}}};
  json vim = {{"hosts", {{"h-1", host}, {"h-2", host}}}};
  vim.update(vim_params);
  json cism = {{"nodes", {{"node-1", host}}}, {"access", {"client-1", "client-2"}}};
  cism.update(cism_params);
  test::ScenarioBuilder b("delegation-receivers-test");
  b.seed(5)
      .duration("10m")
      .latency("2ms")
      .add_ca("ca-1", {{"crl_interval", "0"}})
      .add_cmf("cmf-1")
      .add_oss("oss-1")
      .add_entity("vim-1", "vim", test::EntitySetup("vim.example.net").via({}).params(vim))
      .add_entity("cism-1", "cism", test::EntitySetup("cism.example.net").via({}).params(cism))
      .add_entity("client-1", "test-vnfm-client",
                  test::EntitySetup("client-1.example.net").kind("vnfm").via({}))
      .add_entity("client-2", "test-vnfm-client",
                  test::EntitySetup("client-2.example.net").kind("vnfm").via({}))
      .command("1s", "oss-1", "register_all");
  return b;
}

inline sim::ActorRegistry delegation_registry(const std::shared_ptr<Logs>& logs) {
  sim::ActorRegistry registry;
  register_ca_actor(registry);
  register_cmf_actor(registry);
  register_oss_actor(registry);
  register_vim_actor(registry);
  register_cism_actor(registry);
  register_vnfci_actor(registry);
  register_test_vnfm_client(registry, logs);
  return registry;
}

// A simulation of a delegation world with its trace kept.
class World {
 public:
  explicit World(const test::ScenarioBuilder& scenario)
      : logs_(std::make_shared<Logs>()), registry_(delegation_registry(logs_)) {
    simulation_ = std::make_unique<sim::Simulation>(scenario.load(registry_), registry_);
    simulation_->trace().subscribe(store_);
  }
  void run_until(const std::string& at) {
    simulation_->run_until(sim::Time{} + sim::parse_duration(at).value());
  }
  // Ends the run: every actor writes its final state (KeyInventory).
  void finish() { simulation_->finish(); }
  const ClientLog& client(const std::string& name) { return (*logs_)[name]; }
  std::vector<sim::TraceRecord> find(sim::RecordKind kind, const std::string& actor,
                                     const std::string& operation,
                                     const std::string& outcome = "") const {
    std::vector<sim::TraceRecord> out;
    for (const auto& r : store_.records())
      if (r.kind == kind && (actor.empty() || r.actor == actor) && r.operation == operation &&
          (outcome.empty() || r.outcome == outcome))
        out.push_back(r);
    return out;
  }
  std::vector<sim::TraceRecord> decisions(const std::string& actor, const std::string& operation,
                                          const std::string& outcome = "") const {
    return find(sim::RecordKind::decision, actor, operation, outcome);
  }
  std::string dump() const {
    std::string out;
    for (const auto& r : store_.records())
      if (r.kind != sim::RecordKind::timer && r.kind != sim::RecordKind::receive)
        out += sim::format_duration(r.time - sim::Time{}) + " " + r.actor + " " + r.operation +
               " " + r.outcome + " [" + r.step + "] " + r.detail + "\n";
    return out;
  }
  void expect_enrolled() {
    run_until("1m");
    for (const char* entity : {"vim-1", "cism-1", "client-1", "client-2"})
      ASSERT_EQ(decisions(entity, "CertificateInstalled", "ok").size(), 1u) << entity << "\n"
                                                                            << dump();
  }

 private:
  std::shared_ptr<Logs> logs_;
  sim::ActorRegistry registry_;
  sim::TraceStore store_;
  std::unique_ptr<sim::Simulation> simulation_;
};

inline std::string detail(const sim::TraceRecord& r, const std::string& key) {
  return trace_detail_value(r.detail, key).value_or("<none>");
}

}  // namespace ifa026::actors::delegation_test
