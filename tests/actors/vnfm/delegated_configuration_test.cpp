// The delegate VNFM's installer after instantiation (C.2.2.4.6, the VNFM's side of C.2.2.4.7) and
// its delegation-mode lifecycle (renewal, revocation), tested on the VNFM's side: a test VNFM actor
// hosts vnfm::DelegatedConfiguration / DelegatedLifecycle with a test DelegationManager (real keys
// and certificates from test CAs: one for MANO certificates, one for the delegated VNFCI and OAM
// certificates) and talks over real mutual TLS (SecureChannels in a real sim::Simulation) to test
// peers playing a VNFCI on Ve-Vnfm-vnf (its VNF OAM certificate as TLS identity) or a CISM, which
// decode what they get and answer as each test says. The real DelegationManager (the VNFM-core
// helper's) and the real VNFCI (the receivers') are not used here.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "actors/common/envelope.hpp"
#include "actors/common/key_custody.hpp"
#include "actors/common/mano_entity.hpp"
#include "actors/common/pki_clock.hpp"
#include "actors/common/trace_detail.hpp"
#include "actors/messages/cism_si.hpp"
#include "actors/messages/codec.hpp"
#include "actors/messages/decisions.hpp"
#include "actors/messages/delegation_vocabulary.hpp"
#include "actors/messages/ve_vnfm_vnf.hpp"
#include "actors/vnfm/delegated_configuration.hpp"
#include "actors/vnfm/delegated_lifecycle.hpp"
#include "pki/certificate_authority.hpp"
#include "sim/actor_registry.hpp"
#include "sim/scenario.hpp"
#include "sim/simulation.hpp"
#include "tests/support/scenario_builder.hpp"

namespace ifa026::actors::vnfm {
namespace {

using nlohmann::json;
using sim::RecordKind;
using sim::TraceRecord;
namespace msg = messages;

constexpr std::int64_t kDay = 86400;
const pki::Instant kCaStart = pki::Instant::from_seconds(1735689600);  // 2025-01-01T00:00:00Z
const pki::Instant kEpoch = pki::Instant::from_seconds(1767225600);    // 2026-01-01T00:00:00Z

// ---- certificates ----

struct Issued {
  pki::PrivateKey key;
  pki::Certificate certificate;
};

struct TestPki {
  pki::CertificateAuthority mano;        // MANO certificates (the VNFM's, the CISM's)
  pki::CertificateAuthority delegation;  // VNFCI and OAM certificates the VNFM obtained
  TestPki()
      : mano(pki::CertificateAuthority::create_root(
            pki::DistinguishedName::parse("O=Operator,CN=MANO Root"), pki::PrivateKey::generate(),
            kCaStart, 10 * 365 * kDay)),
        delegation(pki::CertificateAuthority::create_root(
            pki::DistinguishedName::parse("O=Operator,CN=Delegation Root"),
            pki::PrivateKey::generate(), kCaStart, 10 * 365 * kDay)) {}

  static Issued issue(pki::CertificateAuthority& ca, const std::string& cn, pki::Instant not_before,
                      std::int64_t seconds) {
    pki::PrivateKey key = pki::PrivateKey::generate();
    pki::CsrContent content;
    content.subject = pki::DistinguishedName::parse("O=Operator,CN=" + cn);
    content.san.dns = {cn};
    pki::CertificateProfile profile;
    profile.validity_seconds = seconds;
    pki::Certificate certificate =
        ca.issue({pki::Csr::create(content, key), not_before, {}, {}, {}}, profile);
    return {std::move(key), std::move(certificate)};
  }
  ChannelCredentials mano_credentials(const std::string& cn) {
    Issued i = issue(mano, cn, kCaStart, 700 * kDay);
    ChannelCredentials c;
    c.key = i.key;
    c.certificate = i.certificate;
    c.trust_anchors = {mano.certificate()};
    return c;
  }
};

TestPki& shared_pki() {
  static TestPki pki;  // test-only: one pair of CAs for the suite keeps it fast
  return pki;
}

std::string oam_name(const std::string& vnfci) {
  return vnfci + ".oam.example.net";
}
std::string vnfci_name(const std::string& vnfci) {
  return vnfci + ".vnf.example.net";
}

// ---- what the test shares with its actors ----

struct Received {
  std::string receiver;
  std::string from;
  ChannelKind kind = ChannelKind::day0;
  std::string reference_point;
  std::string operation;
  std::string step;
  msg::CredentialConfigurationRequest body;
  std::optional<std::string> peer_subject;
};

struct World {
  // The test DelegationManager's calls, in order.
  std::vector<std::string> calls;
  std::vector<DelegationManager::SendContext> sent;
  std::vector<std::string> revoked;
  std::vector<std::string> renewed;
  std::vector<std::tuple<std::string, bool, std::string>> done;  // vnfci, ok, reason
  std::vector<Received> received;
  std::vector<std::string> vnfm_trust_anchors;  // subjects, at the end
  std::vector<std::pair<std::string, std::string>> watched;
  int plain_received = 0;  // messages outside TLS at the test peers
};

// ---- the test DelegationManager ----

// Holds, per VNFCI, an OAM identity "oam" and a VNFCI identity "client" (or an HSM handle for it),
// certificates from the delegation CA. credentials_for / install_result follow the key-retention
// rule: the key is deleted after an installation or after `max_attempts` failed attempts.
class TestManager final : public DelegationManager {
 public:
  TestManager(sim::ActorContext& context, World& world, int max_attempts)
      : context_(context), world_(world), max_attempts_(max_attempts) {}

  void add(const std::string& vnf, const std::string& vnfci, bool with_oam, bool hsm,
           std::int64_t client_seconds) {
    TestPki& p = shared_pki();
    if (with_oam) {
      Issued oam = TestPki::issue(p.delegation, oam_name(vnfci), kCaStart, 700 * kDay);
      DelegatedCredentialRecord r;
      r.vnf = vnf;
      r.vnfci = vnfci;
      r.identity = "oam";
      r.certificate_type = "oam";
      r.trust_anchors = {p.delegation.certificate().der()};
      r.private_key = oam.key.to_der();
      r.key_fp = key_fingerprint(oam.key);
      r.certificate = oam.certificate.der();
      r.installed = true;
      oam_keys_.insert_or_assign(vnfci, std::move(oam));
      store_.put(std::move(r));
    }
    Issued client =
        TestPki::issue(p.delegation, vnfci_name(vnfci),
                       pki::Instant{kEpoch.unix_ns - 60LL * 1'000'000'000}, client_seconds);
    DelegatedCredentialRecord r;
    r.vnf = vnf;
    r.vnfci = vnfci;
    r.identity = "client";
    r.certificate_type = "vnfci";
    r.trust_anchors = {p.delegation.certificate().der()};
    if (hsm)
      r.hsm_handle = "h-" + vnfci;
    else
      r.private_key = client.key.to_der();
    r.key_fp = key_fingerprint(client.key);
    r.certificate = client.certificate.der();
    store_.put(std::move(r));
  }
  const Issued& oam(const std::string& vnfci) const { return oam_keys_.at(vnfci); }

  void enrol(const std::string&, const std::vector<Vnfci>&, const std::string&, DelegatedInstall,
             std::function<void(bool, const std::string&)> done) override {
    done(false, "not used in these tests");
  }

  std::vector<msg::DelegatedCredential> credentials_for(const std::string& vnfci,
                                                        const std::vector<std::string>& types,
                                                        const SendContext& sent) override {
    world_.calls.push_back("credentials_for " + vnfci);
    world_.sent.push_back(sent);
    std::vector<msg::DelegatedCredential> out;
    for (DelegatedCredentialRecord* r : store_.of_vnfci(vnfci)) {
      if (std::find(types.begin(), types.end(), r->certificate_type) == types.end()) continue;
      if (r->key_deleted || !r->certificate) continue;
      msg::DelegatedCredential c;
      c.identity = r->identity;
      c.certification_type = r->certificate_type;
      c.certificate = *r->certificate;
      c.private_key = r->private_key.value_or(pki::Bytes{});
      c.trust_anchors = r->trust_anchors;
      ++r->install_attempts;
      out.push_back(std::move(c));
    }
    return out;
  }

  void install_result(const std::string& vnfci,
                      const std::vector<msg::CredentialInstallStatus>& install,
                      const std::string& step) override {
    for (const auto& s : install) {
      world_.calls.push_back("install_result " + vnfci + " " + s.identity + "=" + s.status + " @" +
                             step + (s.reason ? " (" + *s.reason + ")" : ""));
      DelegatedCredentialRecord* r = store_.find(vnfci, s.identity);
      if (r == nullptr) continue;
      if (s.status == "installed") r->installed = true;
      if (r->private_key && (s.status == "installed" || r->install_attempts >= max_attempts_)) {
        r->private_key.reset();
        r->key_deleted = true;
      }
    }
  }

  void renew(const std::string& vnfci, const std::string& identity,
             std::function<void(bool, const std::string&)> done) override {
    world_.renewed.push_back(vnfci + "/" + identity);
    DelegatedCredentialRecord* r = store_.find(vnfci, identity);
    if (r == nullptr || fail_renewal_) {
      done(false, "CA unavailable");
      return;
    }
    Issued fresh =
        TestPki::issue(shared_pki().delegation, vnfci_name(vnfci), pki_now(context_), kDay);
    r->private_key = fresh.key.to_der();
    r->key_fp = key_fingerprint(fresh.key);
    r->key_deleted = false;
    r->install_attempts = 0;
    r->installed = false;
    r->certificate = fresh.certificate.der();
    done(true, "");
  }

  void revoke(const std::string& vnfci, const std::string& reason) override {
    world_.revoked.push_back(vnfci + " (" + reason + ")");
  }

  DelegatedCredentialStore& store() override { return store_; }
  bool fail_renewal_ = false;

 private:
  sim::ActorContext& context_;
  World& world_;
  int max_attempts_;
  DelegatedCredentialStore store_;
  std::map<std::string, Issued> oam_keys_;
};

// ---- the test VNFM: a ManoEntityHost with the pieces under test ----

// params: "vnfcis" [{vnfci, vnf, oam (true), hsm (false), client_seconds}], "max_attempts" (3: the
// manager's retention rule), "mode" ("configuration"|"hsm"|"instantiation"), "fail_renewal", and
// the VNFM's own: "delegation" {install_attempts, renew_before}, "request_timeout",
// "delegation_faults". Commands: "install" {vnfci, mode, cism}, "after_allocations" {vnf, vnfcis:
// [names], cism}, "remove" {vnf, vnfci}.
class TestVnfm final : public sim::Actor, public ManoEntityHost {
 public:
  TestVnfm(sim::ActorContext& context, const sim::ActorSpec& spec, World& world)
      : Actor(context),
        world_(world),
        tracer_(context),
        guard_(tracer_),
        handlers_(guard_),
        day0_(guard_),
        plain_(guard_),
        channels_(context, guard_,
                  [this](const ChannelMessage& m) {
                    handlers_.dispatch(m.envelope, m,
                                       HandlerSite{m.envelope.operation, m.peer.name,
                                                   m.reference_point, m.envelope.step});
                  }),
        manager_(context, world, static_cast<int>(spec.params.value("max_attempts", 3))) {
    channels_.credentials() = shared_pki().mano_credentials("vnfm-1");
    for (const auto& v : spec.params.value("vnfcis", json::array()))
      manager_.add(v.value("vnf", std::string("vnf-1")), v.at("vnfci").get<std::string>(),
                   v.value("oam", true), v.value("hsm", false),
                   v.value("client_seconds", 700 * kDay));
    manager_.fail_renewal_ = spec.params.value("fail_renewal", false);
    // The VNFM's own reading of `delegation`, `request_timeout` and `delegation_faults`.
    const DelegatedLifecycleSettings settings = read_delegated_lifecycle_settings(spec.params);
    const std::string mode = spec.params.value("mode", std::string("configuration"));
    lifecycle_ = std::make_unique<DelegatedLifecycle>(
        *this, manager_, settings,
        [mode](const std::string& vnf, const std::string&) -> std::optional<DelegatedInstall> {
          if (vnf == "direct-vnf") return std::nullopt;
          if (mode == "hsm") return DelegatedInstall::hsm;
          if (mode == "instantiation") return DelegatedInstall::instantiation;
          return DelegatedInstall::configuration;
        },
        [](const std::string&) -> std::optional<HsmEndpoint> {
          return HsmEndpoint{"hsm-1", shared_pki().mano.certificate().der()};
        });
  }

  void on_message(const sim::Message& message) override { channels_.handle(message); }

  void on_command(const sim::Command& command) override {
    guard_.run({command.name}, [&] { run_command(command); });
  }

  void on_finish() override {
    for (const auto& c : channels_.credentials().trust_anchors)
      world_.vnfm_trust_anchors.push_back(c.subject().to_string());
    world_.watched = lifecycle_->watched();
  }

  // ManoEntityHost
  sim::ActorContext& actor_context() override { return context(); }
  SecureChannels& channels() override { return channels_; }
  bool can_authenticate() const override { return true; }
  std::string entity_fqdn() const override { return "vnfm-1"; }
  Tracer& tracer() override { return tracer_; }
  HandlerGuard& guard() override { return guard_; }
  sim::EventId schedule(sim::Duration delay, std::string label,
                        std::function<void()> callback) override {
    return context().schedule(
        delay, label, [this, label, callback] { guard_.run({label}, [&] { callback(); }); });
  }
  void send_envelope(const std::string& to, const std::string& reference_point,
                     const Envelope& envelope) override {
    context().send(envelope_message(to, reference_point, envelope));
  }
  MessageHandlers<ChannelMessage>& request_handlers() override { return handlers_; }
  MessageHandlers<ChannelMessage>& day0_request_handlers() override { return day0_; }
  MessageHandlers<sim::Message>& extension_plain_handlers() override { return plain_; }

 private:
  DelegatedLifecycle::Done recorder(const std::string& vnfci) {
    return [this, vnfci](bool ok, const std::string& reason) {
      world_.done.emplace_back(vnfci, ok, reason);
    };
  }

  void run_command(const sim::Command& command) {
    const json& a = command.args;
    if (command.name == "install") {
      ConfigurationTarget t;
      t.vnf = a.value("vnf", std::string("vnf-1"));
      t.vnfci = a.at("vnfci").get<std::string>();
      t.mode = a.value("mode", std::string()) == "hsm" ? DelegatedInstall::hsm
                                                       : DelegatedInstall::configuration;
      t.cism = a.value("cism", std::string());
      lifecycle_->configuration().install(t, recorder(t.vnfci));
    } else if (command.name == "after_allocations") {
      std::vector<AddedVnfci> added;
      for (const auto& name : a.at("vnfcis"))
        added.push_back({name.get<std::string>(), a.value("cism", std::string())});
      const std::string vnf = a.value("vnf", std::string("vnf-1"));
      if (!lifecycle_->after_allocations(vnf, "vnfd-1", added, recorder(vnf)))
        world_.done.emplace_back(vnf, true, "not held");
    } else if (command.name == "remove") {
      lifecycle_->removed(a.value("vnf", std::string("vnf-1")), a.at("vnfci").get<std::string>(),
                          a.value("reason", std::string("HEAL")));
    }
  }

  World& world_;
  Tracer tracer_;
  HandlerGuard guard_;
  MessageHandlers<ChannelMessage> handlers_;
  MessageHandlers<ChannelMessage> day0_;
  MessageHandlers<sim::Message> plain_;
  SecureChannels channels_;
  TestManager manager_;
  std::unique_ptr<DelegatedLifecycle> lifecycle_;
};

// ---- the test peers ----

// A VNFCI on Ve-Vnfm-vnf (its OAM certificate issued by the delegation CA for `oam_of`, default
// its own name; `no_oam`: it holds none) or, with "cism": true, a CISM (its MANO certificate).
// "answer": "install" (default) | "refuse" | "silent"; "refuse_first": N refusals, then installs.
class TestPeer final : public sim::Actor {
 public:
  TestPeer(sim::ActorContext& context, const sim::ActorSpec& spec, World& world)
      : Actor(context),
        world_(world),
        channels_(context, [this](const ChannelMessage& m) { on_channel_message(m); }),
        cism_(spec.params.value("cism", false)),
        answer_(spec.params.value("answer", std::string("install"))),
        refuse_first_(spec.params.value("refuse_first", 0)) {
    if (cism_) {
      channels_.credentials() = shared_pki().mano_credentials(spec.name);
    } else if (!spec.params.value("no_oam", false)) {
      const std::string of = spec.params.value("oam_of", spec.name);
      Issued oam = TestPki::issue(shared_pki().delegation, oam_name(of), kCaStart, 700 * kDay);
      channels_.credentials().key = oam.key;
      channels_.credentials().certificate = oam.certificate;
    }
    channels_.credentials().trust_anchors = {shared_pki().mano.certificate()};
  }

  void on_message(const sim::Message& message) override {
    if (!channels_.handle(message)) ++world_.plain_received;
  }

 private:
  void on_channel_message(const ChannelMessage& m) {
    Received r;
    r.receiver = name();
    r.from = m.peer.name;
    r.kind = m.peer.kind;
    r.reference_point = m.reference_point;
    r.operation = m.envelope.operation;
    r.step = m.envelope.step;
    if (m.peer.certificate) r.peer_subject = m.peer.certificate->subject().to_string();
    auto body = msg::from_body<msg::CredentialConfigurationRequest>(m.envelope.body);
    if (!body) return;
    r.body = body.value();
    world_.received.push_back(r);
    if (answer_ == "silent") return;
    const bool refuse = answer_ == "refuse" || seen_++ < refuse_first_;
    msg::CredentialConfigurationResponse reply;
    reply.request_id = r.body.request_id;
    reply.vnfci = r.body.vnfci;
    reply.status = refuse ? "failed" : "installed";
    for (const auto& c : r.body.credentials) {
      msg::CredentialInstallStatus s;
      s.identity = c.identity;
      s.status = refuse ? "failed" : "installed";
      if (refuse) s.reason = "refuse_install";
      reply.install.push_back(s);
    }
    if (cism_)
      channels_.reply(m, msg::to_envelope(msg::OsContainerConfigurationResponse{reply}));
    else
      channels_.reply(m, msg::to_envelope(msg::SetConfigurationResponse{reply}));
  }

  World& world_;
  SecureChannels channels_;
  bool cism_;
  std::string answer_;
  int refuse_first_;
  int seen_ = 0;
};

sim::ActorRegistry registry_for(World& world) {
  sim::ActorRegistry registry;
  sim::ActorType vnfm;
  vnfm.description = "test delegate VNFM";
  vnfm.create = [&world](sim::ActorContext& context, const sim::ActorSpec& spec) {
    return std::make_unique<TestVnfm>(context, spec, world);
  };
  vnfm.check_params = [](const json&, std::vector<sim::Diagnostic>&) {};
  registry.add("test_vnfm", std::move(vnfm));
  sim::ActorType peer;
  peer.description = "test VNFCI / CISM";
  peer.create = [&world](sim::ActorContext& context, const sim::ActorSpec& spec) {
    return std::make_unique<TestPeer>(context, spec, world);
  };
  peer.check_params = [](const json&, std::vector<sim::Diagnostic>&) {};
  registry.add("test_peer", std::move(peer));
  return registry;
}

std::vector<TraceRecord> run(World& world, const test::ScenarioBuilder& scenario) {
  const auto registry = registry_for(world);
  const sim::Scenario loaded = scenario.load(registry);
  sim::TraceStore store;
  {
    sim::Simulation simulation(loaded, registry);
    simulation.trace().subscribe(store);
    simulation.run();
  }
  return store.records();
}

test::ScenarioBuilder world_with(json vnfm_params, const std::string& duration = "2m") {
  test::ScenarioBuilder b("delegated-configuration");
  b.seed(7).duration(duration).latency("10ms").actor("vnfm-1", "test_vnfm", std::move(vnfm_params));
  return b;
}

std::vector<TraceRecord> find(const std::vector<TraceRecord>& records, RecordKind kind,
                              const std::string& operation, const std::string& outcome = "") {
  std::vector<TraceRecord> out;
  for (const auto& r : records)
    if (r.kind == kind && r.operation == operation && (outcome.empty() || r.outcome == outcome))
      out.push_back(r);
  return out;
}

std::vector<std::string> results(const World& world) {
  std::vector<std::string> out;
  for (const auto& c : world.calls)
    if (c.rfind("install_result", 0) == 0) out.push_back(c);
  return out;
}

// ---- C.2.2.4.6 over Ve-Vnfm-vnf ----

TEST(DelegatedConfiguration, InstallsOverVeVnfmVnfOnMutualTlsWithTheOamCertificate) {
  World world;
  const auto records = run(world, world_with({{"vnfcis", {{{"vnfci", "vnfci-1"}}}}})
                                      .actor("vnfci-1", "test_peer")
                                      .command("1s", "vnfm-1", "install", {{"vnfci", "vnfci-1"}}));
  ASSERT_EQ(world.received.size(), 1u);
  const Received& r = world.received[0];
  EXPECT_EQ(r.receiver, "vnfci-1");
  EXPECT_EQ(r.from, "vnfm-1");
  EXPECT_EQ(r.kind, ChannelKind::mutual);
  EXPECT_EQ(r.reference_point, "Ve-Vnfm-vnf");
  EXPECT_EQ(r.operation, "SetConfigurationRequest");
  EXPECT_EQ(r.step, "C.2.2.4.6#0");
  EXPECT_EQ(r.peer_subject, "O=Operator,CN=vnfm-1");
  EXPECT_EQ(r.body.vnf, "vnf-1");
  EXPECT_EQ(r.body.vnfci, "vnfci-1");
  EXPECT_FALSE(r.body.hsm);
  ASSERT_EQ(r.body.credentials.size(), 1u);  // the VNFCI identity only, not the OAM one
  const auto& c = r.body.credentials[0];
  EXPECT_EQ(c.identity, "client");
  // The private key sent belongs to the certificate sent.
  const pki::Certificate certificate = pki::Certificate::from_der(c.certificate);
  EXPECT_EQ(key_fingerprint_of_pkcs8(c.private_key), key_fingerprint(certificate.public_key()));
  // One attempt, counted through the manager with this peer, channel, step and reference point.
  ASSERT_EQ(world.sent.size(), 1u);
  EXPECT_EQ(world.sent[0].peer, "vnfci-1");
  EXPECT_EQ(world.sent[0].channel, "mutual");
  EXPECT_EQ(world.sent[0].step, "C.2.2.4.6#0");
  EXPECT_EQ(world.sent[0].reference_point, "Ve-Vnfm-vnf");
  EXPECT_EQ(results(world),
            std::vector<std::string>{"install_result vnfci-1 client=installed @C.2.2.4.6#2"});
  ASSERT_EQ(world.done.size(), 1u);
  EXPECT_EQ(world.done[0], std::make_tuple(std::string("vnfci-1"), true, std::string()));
  // The answer came from the VNFCI's OAM identity.
  const auto checks = find(records, RecordKind::crypto, "SessionCheck");
  ASSERT_EQ(checks.size(), 1u);
  EXPECT_EQ(checks[0].outcome, "ok");
  EXPECT_EQ(checks[0].step, "C.2.2.4.6#2");
  EXPECT_EQ(trace_detail_value(checks[0].detail, "vnfci"), "vnfci-1");
  EXPECT_EQ(trace_detail_value(checks[0].detail, "identity"), "oam");
  EXPECT_EQ(trace_detail_value(checks[0].detail, "certificate_type"), "oam");
  // The VNFM authenticated the OAM certificate with the delegation CA's root, added for it.
  EXPECT_NE(std::find(world.vnfm_trust_anchors.begin(), world.vnfm_trust_anchors.end(),
                      "O=Operator,CN=Delegation Root"),
            world.vnfm_trust_anchors.end());
  // The request travelled inside TLS: the outer message repeats the step.
  bool sent = false;
  for (const auto& rec : records)
    if (rec.kind == RecordKind::send && rec.actor == "vnfm-1" &&
        rec.operation == "SetConfigurationRequest" && rec.step == "C.2.2.4.6#0")
      sent = true;
  EXPECT_TRUE(sent);
}

TEST(DelegatedConfiguration, WithoutAnOamCertificateNothingIsSentAnywhere) {
  World world;
  const auto records = run(world, world_with({{"vnfcis", {{{"vnfci", "vnfci-1"}, {"oam", false}}}}})
                                      .actor("vnfci-1", "test_peer")
                                      .command("1s", "vnfm-1", "install", {{"vnfci", "vnfci-1"}}));
  EXPECT_TRUE(world.received.empty());
  EXPECT_TRUE(world.sent.empty());  // credentials_for never asked: no attempt, no key sent
  for (const auto& rec : records)   // no message, no handshake towards it
    if (rec.kind == RecordKind::send || rec.kind == RecordKind::crypto) {
      EXPECT_NE(rec.peer, "vnfci-1") << rec.operation;
    }
  ASSERT_EQ(world.done.size(), 1u);
  EXPECT_FALSE(std::get<1>(world.done[0]));
  EXPECT_NE(std::get<2>(world.done[0]).find("no VNF OAM certificate"), std::string::npos);
  // Fix the records: a CredentialInstall failed per identity, with the reason and step.
  std::vector<TraceRecord> refused;
  for (const auto& rec : find(records, RecordKind::decision, "CredentialInstall", "failed"))
    refused.push_back(rec);
  ASSERT_EQ(refused.size(), 1u);
  EXPECT_EQ(refused[0].step, "C.2.2.4.6#0");
  EXPECT_EQ(trace_detail_value(refused[0].detail, "identity"), "client");
  EXPECT_EQ(trace_detail_value(refused[0].detail, "certificate_type"), "vnfci");
  EXPECT_NE(trace_detail_value(refused[0].detail, "reason").value_or("").find("no mutual TLS"),
            std::string::npos);
}

TEST(DelegatedConfiguration, RefusedAttemptsAreRetriedUntilTheAttemptsRunOut) {
  World world;
  run(world, world_with({{"vnfcis", {{{"vnfci", "vnfci-1"}}}}, {"max_attempts", 3}})
                 .actor("vnfci-1", "test_peer", {{"answer", "refuse"}})
                 .command("1s", "vnfm-1", "install", {{"vnfci", "vnfci-1"}}));
  EXPECT_EQ(world.received.size(), 3u);
  EXPECT_EQ(world.sent.size(), 3u);
  const std::string failed = "install_result vnfci-1 client=failed @C.2.2.4.6#2 (refuse_install)";
  EXPECT_EQ(results(world), (std::vector<std::string>{failed, failed, failed}));
  ASSERT_EQ(world.done.size(), 1u);
  EXPECT_FALSE(std::get<1>(world.done[0]));
  EXPECT_NE(std::get<2>(world.done[0]).find("attempts exhausted (3)"), std::string::npos);
}

TEST(DelegatedConfiguration, ASecondAttemptThatSucceedsEndsTheInstallation) {
  World world;
  run(world, world_with({{"vnfcis", {{{"vnfci", "vnfci-1"}}}}})
                 .actor("vnfci-1", "test_peer", {{"refuse_first", 1}})
                 .command("1s", "vnfm-1", "install", {{"vnfci", "vnfci-1"}}));
  EXPECT_EQ(world.received.size(), 2u);
  EXPECT_EQ(results(world),
            (std::vector<std::string>{
                "install_result vnfci-1 client=failed @C.2.2.4.6#2 (refuse_install)",
                "install_result vnfci-1 client=installed @C.2.2.4.6#2"}));
  ASSERT_EQ(world.done.size(), 1u);
  EXPECT_TRUE(std::get<1>(world.done[0]));
}

TEST(DelegatedConfiguration, AnUnansweredAttemptFailsAtItsTimeoutAndTheKeyStopsTheNext) {
  World world;
  run(world, world_with({{"vnfcis", {{{"vnfci", "vnfci-1"}}}}, {"max_attempts", 3}})
                 .update_params("vnfm-1", {{"request_timeout", "2s"}})
                 .actor("vnfci-1", "test_peer", {{"answer", "silent"}})
                 .command("1s", "vnfm-1", "install", {{"vnfci", "vnfci-1"}}));
  const std::string failed =
      "install_result vnfci-1 client=failed @C.2.2.4.6#2 (no answer from vnfci-1)";
  EXPECT_EQ(results(world), (std::vector<std::string>{failed, failed, failed}));
  EXPECT_EQ(world.received.size(), 3u);
  ASSERT_EQ(world.done.size(), 1u);
  EXPECT_FALSE(std::get<1>(world.done[0]));
}

TEST(DelegatedConfiguration, StopsWhenTheManagerHasNoKeyLeftToSend) {
  // The manager deletes the key after its first failed attempt (its retention rule), the
  // installer would allow 3: nothing is left to send after the first.
  World world;
  run(world, world_with({{"vnfcis", {{{"vnfci", "vnfci-1"}}}}, {"max_attempts", 1}})
                 .actor("vnfci-1", "test_peer", {{"answer", "refuse"}})
                 .command("1s", "vnfm-1", "install", {{"vnfci", "vnfci-1"}}));
  EXPECT_EQ(world.received.size(), 1u);
  EXPECT_EQ(world.sent.size(), 2u);  // the second ask found no credentials
  ASSERT_EQ(world.done.size(), 1u);
  EXPECT_FALSE(std::get<1>(world.done[0]));
  EXPECT_NE(std::get<2>(world.done[0]).find("no credentials left"), std::string::npos);
}

TEST(DelegatedConfiguration, AnAnswerFromAnotherOamIdentityFailsTheAttempt) {
  World world;
  // vnfci-1 presents an OAM certificate the delegation CA issued for vnfci-2: the chain is good,
  // the identity is not vnfci-1's.
  const auto records =
      run(world, world_with({{"vnfcis", {{{"vnfci", "vnfci-1"}}}}, {"max_attempts", 1}})
                     .actor("vnfci-1", "test_peer", {{"oam_of", "vnfci-2"}})
                     .command("1s", "vnfm-1", "install", {{"vnfci", "vnfci-1"}}));
  const auto checks = find(records, RecordKind::crypto, "SessionCheck", "rejected");
  ASSERT_EQ(checks.size(), 1u);
  EXPECT_NE(trace_detail_value(checks[0].detail, "reason").value_or("").find("vnfci-1.oam"),
            std::string::npos);
  ASSERT_EQ(results(world).size(), 1u);
  EXPECT_NE(results(world)[0].find("client=failed"), std::string::npos);
  ASSERT_EQ(world.done.size(), 1u);
  EXPECT_FALSE(std::get<1>(world.done[0]));
}

TEST(DelegatedConfiguration, ContainerVnfciGoesThroughItsCism) {
  World world;
  run(world, world_with({{"vnfcis", {{{"vnfci", "vnfci-1"}, {"oam", false}}}}})
                 .actor("cism-1", "test_peer", {{"cism", true}})
                 .command("1s", "vnfm-1", "install", {{"vnfci", "vnfci-1"}, {"cism", "cism-1"}}));
  ASSERT_EQ(world.received.size(), 1u);
  const Received& r = world.received[0];
  EXPECT_EQ(r.receiver, "cism-1");
  EXPECT_EQ(r.kind, ChannelKind::mutual);
  EXPECT_EQ(r.reference_point, "CISM-SI");
  EXPECT_EQ(r.operation, "OsContainerConfigurationRequest");
  EXPECT_EQ(r.step, "C.2.2.4.6#0");
  EXPECT_EQ(r.body.vnfci, "vnfci-1");
  ASSERT_EQ(world.sent.size(), 1u);
  EXPECT_EQ(world.sent[0].peer, "cism-1");
  EXPECT_EQ(world.sent[0].reference_point, "CISM-SI");
  EXPECT_EQ(results(world),
            std::vector<std::string>{"install_result vnfci-1 client=installed @C.2.2.4.6#2"});
  ASSERT_EQ(world.done.size(), 1u);
  EXPECT_TRUE(std::get<1>(world.done[0]));
}

// ---- C.2.2.4.7, the VNFM's side ----

TEST(DelegatedConfiguration, HsmPathSendsNoPrivateKeyButTheHsmAndHandles) {
  World world;
  run(world, world_with({{"vnfcis", {{{"vnfci", "vnfci-1"}, {"hsm", true}}}}})
                 .actor("vnfci-1", "test_peer")
                 .command("1s", "vnfm-1", "install", {{"vnfci", "vnfci-1"}, {"mode", "hsm"}}));
  ASSERT_EQ(world.received.size(), 1u);
  const Received& r = world.received[0];
  EXPECT_EQ(r.step, "C.2.2.4.7#0");
  EXPECT_EQ(r.reference_point, "Ve-Vnfm-vnf");
  ASSERT_EQ(r.body.credentials.size(), 1u);
  EXPECT_TRUE(r.body.credentials[0].private_key.empty());
  ASSERT_TRUE(r.body.hsm);
  EXPECT_EQ(r.body.hsm->hsm, "hsm-1");
  EXPECT_EQ(r.body.hsm->certificate, shared_pki().mano.certificate().der());
  EXPECT_EQ(r.body.hsm->handles, (std::map<std::string, std::string>{{"client", "h-vnfci-1"}}));
  EXPECT_EQ(world.sent[0].step, "C.2.2.4.7#0");
  EXPECT_EQ(results(world),
            std::vector<std::string>{"install_result vnfci-1 client=installed @C.2.2.4.7#5"});
}

// ---- the lifecycle ----

TEST(DelegatedLifecycle, AfterAllocationsInstallsEveryVnfciAndReportsTheOnesThatFailed) {
  World world;
  run(world,
      world_with({{"vnfcis", {{{"vnfci", "vnfci-1"}}, {{"vnfci", "vnfci-2"}, {"oam", false}}}}})
          .actor("vnfci-1", "test_peer")
          .actor("vnfci-2", "test_peer")
          .command("1s", "vnfm-1", "after_allocations", {{"vnfcis", {"vnfci-1", "vnfci-2"}}}));
  ASSERT_EQ(world.done.size(), 1u);
  EXPECT_EQ(std::get<0>(world.done[0]), "vnf-1");
  EXPECT_FALSE(std::get<1>(world.done[0]));
  EXPECT_NE(std::get<2>(world.done[0]).find("vnfci-2: no VNF OAM certificate"), std::string::npos);
  EXPECT_EQ(std::get<2>(world.done[0]).find("vnfci-1"), std::string::npos);
  // The installed one is watched from now on (its two certificates).
  EXPECT_EQ(world.watched, (std::vector<std::pair<std::string, std::string>>{{"vnfci-1", "client"},
                                                                             {"vnfci-1", "oam"}}));
}

TEST(DelegatedLifecycle, ADirectModeVnfIsNotHeld) {
  World world;
  run(world, world_with({{"vnfcis", {{{"vnfci", "vnfci-1"}}}}})
                 .actor("vnfci-1", "test_peer")
                 .command("1s", "vnfm-1", "after_allocations",
                          {{"vnf", "direct-vnf"}, {"vnfcis", {"vnfci-1"}}}));
  ASSERT_EQ(world.done.size(), 1u);
  EXPECT_EQ(std::get<2>(world.done[0]), "not held");
  EXPECT_TRUE(world.received.empty());
}

TEST(DelegatedLifecycle, RenewsBeforeExpiryAndInstallsTheNewCertificate) {
  World world;
  // The client certificate expires 1 h after the start; renewal is due 30 min before.
  const auto records =
      run(world, world_with({{"vnfcis", {{{"vnfci", "vnfci-1"}, {"client_seconds", 3660}}}},
                             {"delegation", {{"renew_before", "30m"}}}},
                            "2h")
                     .actor("vnfci-1", "test_peer")
                     .command("1s", "vnfm-1", "after_allocations", {{"vnfcis", {"vnfci-1"}}}));
  const auto due = find(records, RecordKind::decision, "DelegatedRenewalDue");
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].time, sim::Time::zero() + sim::Duration::seconds(1800));
  EXPECT_EQ(trace_detail_value(due[0].detail, "vnfci"), "vnfci-1");
  EXPECT_EQ(trace_detail_value(due[0].detail, "identity"), "client");
  EXPECT_EQ(trace_detail_value(due[0].detail, "certificate_type"), "vnfci");
  EXPECT_EQ(trace_detail_value(due[0].detail, "renew_before"), "30m");
  EXPECT_EQ(world.renewed, std::vector<std::string>{"vnfci-1/client"});
  // Two installations: the first, then the renewed certificate (another serial, another key).
  ASSERT_EQ(world.received.size(), 2u);
  const auto first =
      pki::Certificate::from_der(world.received[0].body.credentials.at(0).certificate);
  const auto second =
      pki::Certificate::from_der(world.received[1].body.credentials.at(0).certificate);
  EXPECT_NE(first.serial_hex(), second.serial_hex());
  EXPECT_NE(key_fingerprint(first.public_key()), key_fingerprint(second.public_key()));
  EXPECT_EQ(world.received[1].step, "C.2.2.4.6#0");
  EXPECT_EQ(results(world).size(), 2u);
  EXPECT_TRUE(find(records, RecordKind::decision, "ExpiryAlarm").empty());
}

TEST(DelegatedLifecycle, AFailedRenewalRaisesAnExpiryAlarm) {
  World world;
  const auto records =
      run(world, world_with({{"vnfcis", {{{"vnfci", "vnfci-1"}, {"client_seconds", 3660}}}},
                             {"delegation", {{"renew_before", "30m"}}},
                             {"fail_renewal", true}},
                            "2h")
                     .actor("vnfci-1", "test_peer")
                     .command("1s", "vnfm-1", "after_allocations", {{"vnfcis", {"vnfci-1"}}}));
  const auto alarms = find(records, RecordKind::decision, "ExpiryAlarm", "raised");
  ASSERT_FALSE(alarms.empty());
  EXPECT_NE(trace_detail_value(alarms[0].detail, "reason").value_or("").find("CA unavailable"),
            std::string::npos);
  // Tried again, halfway to expiry each time, until the certificate expired.
  EXPECT_GE(world.renewed.size(), 2u);
  EXPECT_EQ(world.received.size(), 1u);  // only the first installation
}

TEST(DelegatedLifecycle, RemovalRevokesAndStopsTheWatch) {
  World world;
  const auto records = run(
      world, world_with({{"vnfcis", {{{"vnfci", "vnfci-1"}, {"client_seconds", 3660}}}},
                         {"delegation", {{"renew_before", "30m"}}}},
                        "2h")
                 .actor("vnfci-1", "test_peer")
                 .command("1s", "vnfm-1", "after_allocations", {{"vnfcis", {"vnfci-1"}}})
                 .command("10m", "vnfm-1", "remove", {{"vnfci", "vnfci-1"}, {"reason", "SCALE_IN"}})
                 .command("11m", "vnfm-1", "remove", {{"vnfci", "vnfci-9"}}));
  // Only a VNFCI the VNFM is the delegate of is revoked.
  EXPECT_EQ(world.revoked, std::vector<std::string>{"vnfci-1 (cessationOfOperation)"});
  EXPECT_TRUE(find(records, RecordKind::decision, "DelegatedRenewalDue").empty());
  EXPECT_TRUE(world.renewed.empty());
  EXPECT_TRUE(world.watched.empty());
}

// ---- fault switches ----

TEST(DelegatedFaults, UnprotectedConfigurationSendsTheKeyInTheClear) {
  World world;
  const auto records = run(world, world_with({{"vnfcis", {{{"vnfci", "vnfci-1"}, {"oam", false}}}},
                                              {"delegation_faults", {"unprotected_configuration"}}})
                                      .actor("vnfci-1", "test_peer", {{"no_oam", true}})
                                      .command("1s", "vnfm-1", "install", {{"vnfci", "vnfci-1"}}));
  ASSERT_FALSE(world.sent.empty());
  EXPECT_EQ(world.sent[0].channel, "plain");  // the ledger's KeyCustody sent says so
  EXPECT_GE(world.plain_received, 1);
  bool outside_tls = false;
  for (const auto& rec : records)
    if (rec.kind == RecordKind::send && rec.actor == "vnfm-1" &&
        rec.operation == "SetConfigurationRequest" && rec.reference_point == "Ve-Vnfm-vnf")
      outside_tls = true;
  EXPECT_TRUE(outside_tls);
  EXPECT_TRUE(find(records, RecordKind::crypto, "TlsHandshake").empty());
}

TEST(DelegatedFaults, SkipRenewalLeavesTheCertificateToExpire) {
  World world;
  const auto records =
      run(world, world_with({{"vnfcis", {{{"vnfci", "vnfci-1"}, {"client_seconds", 3660}}}},
                             {"delegation", {{"renew_before", "30m"}}},
                             {"delegation_faults", {"skip_renewal"}}},
                            "2h")
                     .actor("vnfci-1", "test_peer")
                     .command("1s", "vnfm-1", "after_allocations", {{"vnfcis", {"vnfci-1"}}}));
  EXPECT_TRUE(find(records, RecordKind::decision, "DelegatedRenewalDue").empty());
  EXPECT_TRUE(world.renewed.empty());
}

TEST(DelegatedFaults, SkipRevocationKeepsTheRemovedVnfcisCertificates) {
  World world;
  run(world,
      world_with({{"vnfcis", {{{"vnfci", "vnfci-1"}}}}, {"delegation_faults", {"skip_revocation"}}})
          .actor("vnfci-1", "test_peer")
          .command("1s", "vnfm-1", "after_allocations", {{"vnfcis", {"vnfci-1"}}})
          .command("10s", "vnfm-1", "remove", {{"vnfci", "vnfci-1"}}));
  EXPECT_TRUE(world.revoked.empty());
  EXPECT_TRUE(world.watched.empty());  // no longer watched either way
}

}  // namespace
}  // namespace ifa026::actors::vnfm
