// SecureChannels end to end: test actors built from scenario JSON talk over real TLS 1.3 sessions
// whose flights travel through a real sim::Simulation (latency, trace), with day-0 PSKs and with
// certificates from a real CA hierarchy (root -> issuing -> leaf), checked at simulated time.
#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "actors/common/secure_channels.hpp"
#include "actors/common/trace_detail.hpp"
#include "pki/certificate_authority.hpp"
#include "pki/remote_key.hpp"
#include "sim/actor_registry.hpp"
#include "sim/scenario.hpp"
#include "sim/simulation.hpp"
#include "tests/support/scenario_builder.hpp"

namespace ifa026::actors {
namespace {

using nlohmann::json;
using sim::RecordKind;
using sim::TraceRecord;

constexpr std::int64_t kDay = 86400;
const pki::Instant kCaStart = pki::Instant::from_seconds(1735689600);  // 2025-01-01T00:00:00Z
const pki::Instant kOld = pki::Instant::from_seconds(1704067200);      // 2024-01-01T00:00:00Z
const pki::Instant kCrlTime = pki::Instant::from_seconds(1764547200);  // 2025-12-01T00:00:00Z
// Scenarios start at 2026-01-01T00:00:00Z.

sim::Time at_ms(std::int64_t ms) {
  return sim::Time::zero() + sim::Duration::milliseconds(ms);
}

struct Delivery {
  sim::Time time;
  std::string receiver;
  std::string from;
  ChannelKind kind = ChannelKind::day0;
  std::string reference_point;
  std::string operation;
  std::string step;
  std::optional<std::string> peer_subject;
  std::size_t size = 0;
  bool intact = false;
};

struct Failure {
  std::string actor;
  std::string peer;
  ChannelKind kind = ChannelKind::day0;
  std::string failure;
  std::vector<std::string> dropped;  // operations
};

// What the test shares with its actors (captured by the registry's factory; no globals).
struct World {
  std::map<std::string, ChannelCredentials> credentials;  // by actor name
  std::vector<Delivery> deliveries;
  std::vector<Failure> failures;
  std::map<std::string, std::size_t> established;  // after the last event an actor saw
  int tampered = 0;
  int not_channel = 0;
  // Issue 20: the "HSM" of actors whose key is remote: its keys by label, the signatures it made
  // (label and time), whether each answer found its handshake, and a fault.
  std::map<std::string, pki::PrivateKey> hsm_keys;
  std::vector<std::pair<std::string, sim::Time>> signed_for;
  std::vector<bool> supplied;
  bool corrupt_signatures = false;
};

ChannelKind kind_of(const std::string& text) {
  if (text == "server_auth") return ChannelKind::server_auth;
  if (text == "mutual") return ChannelKind::mutual;
  return ChannelKind::day0;
}

std::uint8_t filler(std::size_t i) {
  return static_cast<std::uint8_t>(i * 7 + 3);
}

// params: "day0" {peer: secret}, "reply" (answer each message with <operation>Reply on its
// session), "tamper" (flip the last byte of the first application-data flight it receives),
// "hsm_ms" (a remote key's signatures come from World::hsm_keys that many ms after the request).
// Commands: "send" {to, kind, operation, step, reference_point, size}, "close".
class ChannelTestActor final : public sim::Actor {
 public:
  ChannelTestActor(sim::ActorContext& context, const sim::ActorSpec& spec, World& world)
      : Actor(context),
        world_(world),
        channels_(
            context, [this](const ChannelMessage& message) { on_channel_message(message); },
            [this](const std::string& peer, ChannelKind kind, const std::string& failure,
                   const std::vector<Envelope>& dropped) {
              Failure f{name(), peer, kind, failure, {}};
              for (const auto& envelope : dropped) f.dropped.push_back(envelope.operation);
              world_.failures.push_back(std::move(f));
            }),
        reply_(spec.params.value("reply", false)),
        tamper_(spec.params.value("tamper", false)) {
    if (auto timeout = spec.params.find("handshake_timeout"); timeout != spec.params.end())
      channels_.set_handshake_timeout(*sim::parse_duration(timeout->get<std::string>()));
    if (auto it = world.credentials.find(spec.name); it != world.credentials.end())
      channels_.credentials() = it->second;
    if (auto hsm = spec.params.find("hsm_ms"); hsm != spec.params.end())
      channels_.set_signature_handler([this, delay = sim::Duration::milliseconds(hsm->get<int>())](
                                          const SecureChannels::SignatureRequest& request) {
        this->context().schedule(delay, "HsmSign", [this, request] {
          pki::Bytes signature;
          if (auto key = world_.hsm_keys.find(request.key_label); key != world_.hsm_keys.end())
            signature = key->second.sign(request.message);
          if (world_.corrupt_signatures && !signature.empty())
            signature[signature.size() / 2] ^= 0x01;
          world_.signed_for.emplace_back(request.key_label, this->context().now());
          world_.supplied.push_back(channels_.supply_signature(request.id, signature));
          note();
        });
      });
    if (auto day0 = spec.params.find("day0"); day0 != spec.params.end())
      for (const auto& [peer, secret] : day0->items())
        channels_.credentials().day0_secrets[peer] = secret.get<std::string>();
  }

  void on_command(const sim::Command& command) override {
    if (command.name == "close") {
      channels_.close_all();
      note();
      return;
    }
    if (command.name == "raw") {  // a message with the given payload bytes
      sim::Message raw;
      raw.to = command.args.value("to", std::string());
      raw.reference_point = "test-rp";
      raw.operation = "Raw";
      raw.payload = command.args.value("payload", std::vector<std::uint8_t>());
      context().send(std::move(raw));
      return;
    }
    if (command.name != "send") return Actor::on_command(command);
    Envelope envelope;
    envelope.operation = command.args.value("operation", std::string("Ping"));
    envelope.step = command.args.value("step", std::string());
    const auto size = command.args.value("size", std::size_t{16});
    pki::Bytes data(size);
    for (std::size_t i = 0; i < size; ++i) data[i] = filler(i);
    set_bytes(envelope.body, "data", data);
    channels_.send(command.args.value("to", std::string()),
                   kind_of(command.args.value("kind", std::string("day0"))),
                   command.args.value("reference_point", std::string("test-rp")),
                   std::move(envelope));
    note();
  }

  void on_message(const sim::Message& message) override {
    if (tamper_ && world_.tampered == 0 && message.payload.size() > 8 &&
        message.operation != "TlsHandshake" && message.operation != "TlsAlert" &&
        message.operation != "TlsClose") {
      sim::Message copy = message;
      copy.payload.back() ^= 0x01;  // inside the last record's authentication tag
      ++world_.tampered;
      if (!channels_.handle(copy)) ++world_.not_channel;
    } else if (!channels_.handle(message)) {
      ++world_.not_channel;
    }
    note();
  }

 private:
  void on_channel_message(const ChannelMessage& message) {
    Delivery d;
    d.time = context().now();
    d.receiver = name();
    d.from = message.peer.name;
    d.kind = message.peer.kind;
    d.reference_point = message.reference_point;
    d.operation = message.envelope.operation;
    d.step = message.envelope.step;
    if (message.peer.certificate) d.peer_subject = message.peer.certificate->subject().to_string();
    auto data = get_bytes(message.envelope.body, "data");
    d.intact = data.has_value();
    if (data) {
      d.size = data->size();
      for (std::size_t i = 0; i < data->size() && d.intact; ++i) d.intact = (*data)[i] == filler(i);
    }
    world_.deliveries.push_back(d);
    if (reply_ && message.envelope.operation.find("Reply") == std::string::npos) {
      Envelope answer;
      answer.operation = message.envelope.operation + "Reply";
      answer.step = message.envelope.step;
      set_bytes(answer.body, "data", pki::Bytes{filler(0), filler(1)});
      channels_.reply(message, std::move(answer));
    }
  }

  void note() { world_.established[name()] = channels_.established(); }

  World& world_;
  SecureChannels channels_;
  bool reply_;
  bool tamper_;
};

sim::ActorRegistry registry_for(World& world) {
  sim::ActorRegistry registry;
  sim::ActorType type;
  type.description = "secure channel test actor";
  type.create = [&world](sim::ActorContext& context, const sim::ActorSpec& spec) {
    return std::make_unique<ChannelTestActor>(context, spec, world);
  };
  type.check_params = [](const nlohmann::json&, std::vector<sim::Diagnostic>&) {};
  registry.add("channel_test", std::move(type));
  return registry;
}

struct Run {
  std::vector<TraceRecord> records;
};

Run run_scenario(World& world, const test::ScenarioBuilder& scenario) {
  const auto registry = registry_for(world);
  const sim::Scenario loaded = scenario.load(registry);
  sim::TraceStore store;
  Run run;
  {
    sim::Simulation simulation(loaded, registry);
    simulation.trace().subscribe(store);
    simulation.run();
  }
  run.records = store.records();
  return run;
}

// Two actors a and b with these parameters, a fixed 10 ms link, 10 s from 2026-01-01; tests add
// their commands and faults with the builder.
test::ScenarioBuilder two_actors(json a_params, json b_params) {
  test::ScenarioBuilder b("channels");
  b.seed(5)
      .duration("10s")
      .latency("10ms")
      .actor("a", "channel_test", std::move(a_params))
      .actor("b", "channel_test", std::move(b_params));
  return b;
}

// Arguments of the test actor's "send" command (step T#1).
json send_args(const std::string& to, const std::string& kind, const std::string& operation,
               std::size_t size = 16) {
  return {{"to", to}, {"kind", kind}, {"operation", operation}, {"step", "T#1"}, {"size", size}};
}

std::vector<TraceRecord> find(const Run& run, RecordKind kind, const std::string& operation,
                              const std::string& outcome = "", const std::string& actor = "") {
  std::vector<TraceRecord> out;
  for (const auto& r : run.records)
    if (r.kind == kind && r.operation == operation && (outcome.empty() || r.outcome == outcome) &&
        (actor.empty() || r.actor == actor))
      out.push_back(r);
  return out;
}

std::vector<Failure> failures_of(const World& world, const std::string& actor) {
  std::vector<Failure> out;
  for (const auto& f : world.failures)
    if (f.actor == actor) out.push_back(f);
  return out;
}

std::vector<Delivery> deliveries_to(const World& world, const std::string& receiver,
                                    const std::string& operation) {
  std::vector<Delivery> out;
  for (const auto& d : world.deliveries)
    if (d.receiver == receiver && d.operation == operation) out.push_back(d);
  return out;
}

// ---- a CA hierarchy for the certificate kinds ----

struct Pki {
  pki::CertificateAuthority root;
  pki::CertificateAuthority issuing;
  Pki()
      : root(pki::CertificateAuthority::create_root(
            pki::DistinguishedName::parse("C=FR,O=Operator,CN=Test Root"),
            pki::PrivateKey::generate(), kCaStart, 10 * 365 * kDay)),
        issuing(pki::CertificateAuthority::create_subordinate(
            root, pki::DistinguishedName::parse("C=FR,O=Operator,CN=Test Issuing"),
            pki::PrivateKey::generate(), kCaStart, 5 * 365 * kDay, 0)) {}

  // Credentials for `cn`, valid from `not_before` for `days`.
  ChannelCredentials credentials(const std::string& cn, pki::Instant not_before = kCaStart,
                                 std::int64_t days = 700) {
    pki::PrivateKey key = pki::PrivateKey::generate();
    pki::CsrContent content;
    content.subject = pki::DistinguishedName::parse("C=FR,O=Operator,CN=" + cn);
    content.san.dns = {cn};
    pki::CertificateProfile profile;
    profile.validity_seconds = days * kDay;
    ChannelCredentials c;
    c.certificate =
        issuing.issue({pki::Csr::create(content, key), not_before, {}, {}, {}}, profile);
    c.key = key;
    c.chain = {issuing.certificate()};
    c.trust_anchors = {root.certificate()};
    return c;
  }
};

Pki& shared_pki() {
  static Pki pki;  // test-only: one hierarchy for the whole suite keeps it fast
  return pki;
}

// ---- day0 ----

TEST(SecureChannels, Day0BothDirectionsWithEqualSecrets) {
  World world;
  auto run = run_scenario(
      world, two_actors({{"day0", {{"b", "open sesame"}}}}, {{"day0", {{"a", "open sesame"}}}})
                 .command("1s", "a", "send", send_args("b", "day0", "Ping"))
                 .command("1s", "b", "send", send_args("a", "day0", "Pong")));
  ASSERT_EQ(deliveries_to(world, "b", "Ping").size(), 1u);
  ASSERT_EQ(deliveries_to(world, "a", "Pong").size(), 1u);
  const auto ping = deliveries_to(world, "b", "Ping")[0];
  EXPECT_EQ(ping.from, "a");
  EXPECT_EQ(ping.kind, ChannelKind::day0);
  EXPECT_EQ(ping.reference_point, "test-rp");
  EXPECT_EQ(ping.step, "T#1");
  EXPECT_TRUE(ping.intact);
  EXPECT_FALSE(ping.peer_subject);
  EXPECT_TRUE(world.failures.empty());
  EXPECT_EQ(world.not_channel, 0);
  // One session per direction: a client and a server end on each actor.
  const auto ok = find(run, RecordKind::crypto, "TlsHandshake", "ok");
  ASSERT_EQ(ok.size(), 4u);
  std::map<std::string, int> ends;
  for (const auto& r : ok) {
    EXPECT_EQ(trace_detail_value(r.detail, "channel"), "day0");
    const auto role = trace_detail_value(r.detail, "role").value_or("?");
    ++ends[r.actor + "/" + role];
    // The PSK identity is the client actor's name.
    EXPECT_EQ(trace_detail_value(r.detail, "psk"), role == "client" ? r.actor : r.peer);
    EXPECT_EQ(trace_detail_value(r.detail, "peer"), r.peer);
  }
  EXPECT_EQ(ends, (std::map<std::string, int>{
                      {"a/client", 1}, {"a/server", 1}, {"b/client", 1}, {"b/server", 1}}));
  EXPECT_TRUE(find(run, RecordKind::crypto, "TlsHandshake", "failed").empty());
  EXPECT_EQ(world.established["a"], 2u);
  EXPECT_EQ(world.established["b"], 2u);
  // The outer messages repeat the envelope's labels; handshake flights say TlsHandshake.
  bool ping_sent = false;
  for (const auto& r : run.records) {
    if (r.kind != RecordKind::send) continue;
    EXPECT_TRUE(r.operation == "TlsHandshake" || r.operation == "Ping" || r.operation == "Pong")
        << r.operation;
    if (r.operation == "Ping") {
      ping_sent = true;
      EXPECT_EQ(r.step, "T#1");
      EXPECT_EQ(r.reference_point, "test-rp");
    }
  }
  EXPECT_TRUE(ping_sent);
}

TEST(SecureChannels, ReplyTravelsOnTheSessionTheMessageCameIn) {
  World world;
  auto run = run_scenario(
      world, two_actors({{"day0", {{"b", "s"}}}}, {{"day0", {{"a", "s"}}}, {"reply", true}})
                 .command("1s", "a", "send", send_args("b", "day0", "Ping"))
                 .command("2s", "a", "send", send_args("b", "day0", "Ping")));
  ASSERT_EQ(deliveries_to(world, "a", "PingReply").size(), 2u);
  // The reply reaches a one latency after b got the request: no new handshake.
  const auto ping = deliveries_to(world, "b", "Ping");
  const auto reply = deliveries_to(world, "a", "PingReply");
  ASSERT_EQ(ping.size(), 2u);
  EXPECT_EQ(reply[0].time, ping[0].time + sim::Duration::milliseconds(10));
  EXPECT_EQ(reply[1].time, ping[1].time + sim::Duration::milliseconds(10));
  EXPECT_EQ(find(run, RecordKind::crypto, "TlsHandshake", "ok").size(), 2u);
  EXPECT_EQ(world.established["a"], 1u);
}

TEST(SecureChannels, Day0WithDifferentSecretsFailsAndDropsTheMessage) {
  World world;
  auto run = run_scenario(
      world, two_actors({{"day0", {{"b", "one secret"}}}}, {{"day0", {{"a", "another secret"}}}})
                 .command("1s", "a", "send", send_args("b", "day0", "Ping")));
  EXPECT_TRUE(world.deliveries.empty());
  const auto failed = find(run, RecordKind::crypto, "TlsHandshake", "failed");
  ASSERT_EQ(failed.size(), 2u);  // both ends
  for (const auto& r : failed) {
    EXPECT_EQ(trace_detail_value(r.detail, "channel"), "day0");
    EXPECT_TRUE(trace_detail_value(r.detail, "alert").has_value());
  }
  EXPECT_TRUE(find(run, RecordKind::crypto, "TlsHandshake", "ok").empty());
  const auto dropped = find(run, RecordKind::decision, "ChannelMessageDropped", "dropped", "a");
  ASSERT_EQ(dropped.size(), 1u);
  EXPECT_EQ(trace_detail_value(dropped[0].detail, "message"), "Ping");
  EXPECT_EQ(dropped[0].step, "T#1");
  // on_failure runs once per failed session end; only the client had messages waiting.
  ASSERT_EQ(world.failures.size(), 2u);
  ASSERT_EQ(failures_of(world, "b").size(), 1u);
  EXPECT_TRUE(failures_of(world, "b")[0].dropped.empty());
  const auto failures = failures_of(world, "a");
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_EQ(failures[0].actor, "a");
  EXPECT_EQ(failures[0].peer, "b");
  EXPECT_EQ(failures[0].dropped, std::vector<std::string>{"Ping"});
  EXPECT_FALSE(failures[0].failure.empty());
  EXPECT_EQ(world.established["a"], 0u);
}

TEST(SecureChannels, Day0WithoutASecretFailsAtOnce) {
  World world;
  auto run = run_scenario(world, two_actors({}, {{"day0", {{"a", "s"}}}})
                                     .command("1s", "a", "send", send_args("b", "day0", "Ping")));
  EXPECT_TRUE(world.deliveries.empty());
  const auto failed = find(run, RecordKind::crypto, "TlsHandshake", "failed", "a");
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0].time, at_ms(1000));
  EXPECT_NE(failed[0].detail.find("no day-0 secret for b"), std::string::npos) << failed[0].detail;
  ASSERT_EQ(world.failures.size(), 1u);
  EXPECT_EQ(world.failures[0].dropped, std::vector<std::string>{"Ping"});
  // Nothing went on the wire.
  for (const auto& r : run.records) EXPECT_NE(r.kind, RecordKind::send);
}

TEST(SecureChannels, ServerWithoutTheClientsSecretAnswersWithAnAlert) {
  World world;
  auto run = run_scenario(world, two_actors({{"day0", {{"b", "s"}}}}, {})
                                     .command("1s", "a", "send", send_args("b", "day0", "Ping")));
  EXPECT_TRUE(world.deliveries.empty());
  ASSERT_EQ(find(run, RecordKind::crypto, "TlsHandshake", "failed", "b").size(), 1u);
  ASSERT_EQ(find(run, RecordKind::crypto, "TlsHandshake", "failed", "a").size(), 1u);
  // on_failure runs once per failed session end; only the client had messages waiting.
  ASSERT_EQ(world.failures.size(), 2u);
  ASSERT_EQ(failures_of(world, "b").size(), 1u);
  EXPECT_TRUE(failures_of(world, "b")[0].dropped.empty());
  const auto failures = failures_of(world, "a");
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_EQ(failures[0].actor, "a");
}

// ---- server_auth ----

TEST(SecureChannels, ServerAuthVerifiesTheServerAtSimulatedTime) {
  World world;
  auto& pki = shared_pki();
  world.credentials["b"] = pki.credentials("b.example.net");
  world.credentials["a"].trust_anchors = {pki.root.certificate()};
  auto run =
      run_scenario(world, two_actors({}, {{"reply", true}})
                              .command("1s", "a", "send", send_args("b", "server_auth", "Ping")));
  ASSERT_EQ(deliveries_to(world, "b", "Ping").size(), 1u);
  ASSERT_EQ(deliveries_to(world, "a", "PingReply").size(), 1u);
  // The server learns no client certificate; the client knows the server's.
  EXPECT_FALSE(deliveries_to(world, "b", "Ping")[0].peer_subject);
  EXPECT_EQ(deliveries_to(world, "a", "PingReply")[0].peer_subject,
            world.credentials["b"].certificate->subject().to_string());
  const auto ok = find(run, RecordKind::crypto, "TlsHandshake", "ok");
  ASSERT_EQ(ok.size(), 2u);
  for (const auto& r : ok) {
    EXPECT_EQ(trace_detail_value(r.detail, "channel"), "server_auth");
    if (r.actor == "a") {
      EXPECT_EQ(trace_detail_value(r.detail, "peer_subject"),
                world.credentials["b"].certificate->subject().to_string());
    }
  }
}

TEST(SecureChannels, ServerAuthRejectsAnExpiredServerCertificate) {
  World world;
  auto& pki = shared_pki();
  // Valid 2024-01-01 for 30 days: long expired at the scenario's 2026 epoch.
  world.credentials["b"] = pki.credentials("b.example.net", kOld, 30);
  world.credentials["a"].trust_anchors = {pki.root.certificate()};
  auto run = run_scenario(
      world, two_actors({}, {}).command("1s", "a", "send", send_args("b", "server_auth", "Ping")));
  EXPECT_TRUE(world.deliveries.empty());
  const auto client = find(run, RecordKind::crypto, "TlsHandshake", "failed", "a");
  ASSERT_EQ(client.size(), 1u);
  EXPECT_EQ(trace_detail_value(client[0].detail, "alert"), "certificate expired");
  EXPECT_EQ(trace_detail_value(client[0].detail, "role"), "client");
  const auto server = find(run, RecordKind::crypto, "TlsHandshake", "failed", "b");
  ASSERT_EQ(server.size(), 1u);
  EXPECT_EQ(trace_detail_value(server[0].detail, "alert"), "certificate expired");
  // on_failure runs once per failed session end; only the client had messages waiting.
  ASSERT_EQ(world.failures.size(), 2u);
  ASSERT_EQ(failures_of(world, "b").size(), 1u);
  EXPECT_TRUE(failures_of(world, "b")[0].dropped.empty());
  const auto failures = failures_of(world, "a");
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_EQ(failures[0].failure, "certificate expired");
  EXPECT_EQ(failures[0].dropped, std::vector<std::string>{"Ping"});
}

TEST(SecureChannels, TheSameCertificateIsAcceptedAtAnEarlierEpoch) {
  // The check follows the scenario clock: at 2024-01-10 the certificate above is valid.
  World world;
  auto& pki = shared_pki();
  world.credentials["b"] = pki.credentials("b.example.net", kCaStart, 30);
  world.credentials["a"].trust_anchors = {pki.root.certificate()};
  run_scenario(world, two_actors({}, {})
                          .epoch("2025-01-10T00:00:00Z")
                          .command("1s", "a", "send", send_args("b", "server_auth", "Ping")));
  EXPECT_EQ(deliveries_to(world, "b", "Ping").size(), 1u);
}

// ---- mutual ----

TEST(SecureChannels, MutualShowsEachEndThePeersCertificate) {
  World world;
  auto& pki = shared_pki();
  world.credentials["a"] = pki.credentials("a.example.net");
  world.credentials["b"] = pki.credentials("b.example.net");
  auto run = run_scenario(world, two_actors({}, {{"reply", true}})
                                     .command("1s", "a", "send", send_args("b", "mutual", "Ping")));
  const auto ping = deliveries_to(world, "b", "Ping");
  const auto reply = deliveries_to(world, "a", "PingReply");
  ASSERT_EQ(ping.size(), 1u);
  ASSERT_EQ(reply.size(), 1u);
  EXPECT_EQ(ping[0].peer_subject, world.credentials["a"].certificate->subject().to_string());
  EXPECT_EQ(reply[0].peer_subject, world.credentials["b"].certificate->subject().to_string());
  EXPECT_EQ(ping[0].kind, ChannelKind::mutual);
  const auto ok = find(run, RecordKind::crypto, "TlsHandshake", "ok");
  ASSERT_EQ(ok.size(), 2u);
  for (const auto& r : ok)
    EXPECT_EQ(trace_detail_value(r.detail, "peer_subject"),
              world.credentials[r.peer].certificate->subject().to_string());
  EXPECT_TRUE(world.failures.empty());
}

// ---- remote keys (issue 20: an HSM signs the handshake) ----

// Credentials whose key is remote (pki::remote_private_key, label `label`); the real key goes to
// the world's HSM.
ChannelCredentials remote_credentials(World& world, const std::string& cn,
                                      const std::string& label) {
  ChannelCredentials c = shared_pki().credentials(cn);
  world.hsm_keys.emplace(label, *c.key);
  c.key = pki::remote_private_key(c.key->public_key(), label);
  return c;
}

TEST(SecureChannels, RemoteKeysAtBothEndsSignThroughTheOwnerAndTheFlightWaitsForIt) {
  World world;
  world.credentials["a"] = remote_credentials(world, "a.example.net", "hsm/a");
  world.credentials["b"] = remote_credentials(world, "b.example.net", "hsm/b");
  auto run = run_scenario(world, two_actors({{"hsm_ms", 7}}, {{"hsm_ms", 7}, {"reply", true}})
                                     .command("1s", "a", "send", send_args("b", "mutual", "Ping")));
  ASSERT_EQ(deliveries_to(world, "b", "Ping").size(), 1u);
  ASSERT_EQ(deliveries_to(world, "a", "PingReply").size(), 1u);
  EXPECT_EQ(deliveries_to(world, "b", "Ping")[0].peer_subject,
            world.credentials["a"].certificate->subject().to_string());
  EXPECT_TRUE(world.failures.empty());
  EXPECT_EQ(find(run, RecordKind::crypto, "TlsHandshake", "ok").size(), 2u);
  // One signature per end: b's on the ClientHello (1 s + 10 ms), a's on b's flight, which left
  // only once signed (+ 7 ms, + 10 ms).
  using P = std::pair<std::string, sim::Time>;
  EXPECT_EQ(world.signed_for, (std::vector<P>{{"hsm/b", at_ms(1017)}, {"hsm/a", at_ms(1034)}}));
  EXPECT_EQ(world.supplied, (std::vector<bool>{true, true}));
  // The Ping left with a's Finished, after its signature: b has it at 1044 ms.
  EXPECT_EQ(deliveries_to(world, "b", "Ping")[0].time, at_ms(1044));
}

TEST(SecureChannels, AWrongRemoteSignatureFailsThePeersHandshake) {
  World world;
  world.corrupt_signatures = true;
  world.credentials["a"] = remote_credentials(world, "a.example.net", "hsm/a");
  world.credentials["b"] = shared_pki().credentials("b.example.net");
  auto run = run_scenario(
      world,
      two_actors({{"hsm_ms", 5}}, {}).command("1s", "a", "send", send_args("b", "mutual", "Ping")));
  EXPECT_TRUE(deliveries_to(world, "b", "Ping").empty());
  bool refused = false;
  for (const auto& r : find(run, RecordKind::crypto, "TlsHandshake", "failed", "b"))
    refused = refused || trace_detail_value(r.detail, "alert") == "decrypt error";
  EXPECT_TRUE(refused);
  ASSERT_EQ(failures_of(world, "a").size(), 1u);
  EXPECT_EQ(failures_of(world, "a")[0].dropped, std::vector<std::string>{"Ping"});
}

TEST(SecureChannels, ARemoteKeyWithoutASignerOrALateSignatureFailsCleanly) {
  {
    World world;  // nobody signs: the handshake fails at once, the Ping is dropped
    world.credentials["a"] = remote_credentials(world, "a.example.net", "hsm/a");
    world.credentials["b"] = shared_pki().credentials("b.example.net");
    run_scenario(world,
                 two_actors({}, {}).command("1s", "a", "send", send_args("b", "mutual", "Ping")));
    EXPECT_TRUE(deliveries_to(world, "b", "Ping").empty());
    ASSERT_EQ(failures_of(world, "a").size(), 1u);
  }
  {
    World world;  // the HSM answers after the handshake timed out: the answer finds nobody
    world.credentials["a"] = remote_credentials(world, "a.example.net", "hsm/a");
    world.credentials["b"] = shared_pki().credentials("b.example.net");
    run_scenario(world, two_actors({{"hsm_ms", 3000}, {"handshake_timeout", "2s"}}, {})
                            .command("1s", "a", "send", send_args("b", "mutual", "Ping")));
    EXPECT_TRUE(deliveries_to(world, "b", "Ping").empty());
    EXPECT_EQ(world.supplied, std::vector<bool>{false});
    ASSERT_FALSE(failures_of(world, "a").empty());
    EXPECT_EQ(failures_of(world, "a")[0].failure, "handshake timeout");
  }
}

TEST(SecureChannels, MutualRejectsAClientCertificateRevokedInTheServersCrl) {
  World world;
  auto& pki = shared_pki();
  world.credentials["a"] = pki.credentials("a.example.net");
  world.credentials["b"] = pki.credentials("b.example.net");
  pki.issuing.revoke(world.credentials["a"].certificate->serial_hex(), kCrlTime,
                     pki::RevocationReason::key_compromise);
  world.credentials["b"].crls = {pki.issuing.crl(kCrlTime, 90 * kDay)};
  auto run = run_scenario(
      world, two_actors({}, {}).command("1s", "a", "send", send_args("b", "mutual", "Ping")));
  EXPECT_TRUE(world.deliveries.empty());
  const auto server = find(run, RecordKind::crypto, "TlsHandshake", "failed", "b");
  ASSERT_EQ(server.size(), 1u);
  EXPECT_EQ(trace_detail_value(server[0].detail, "alert"), "certificate revoked");
  EXPECT_EQ(trace_detail_value(server[0].detail, "peer_subject"),
            world.credentials["a"].certificate->subject().to_string());
  // The client had sent its Finished (and the message) before the server judged it: its
  // handshake fails, never reported ok, and the message is reported dropped.
  const auto client = find(run, RecordKind::crypto, "TlsHandshake", "failed", "a");
  ASSERT_EQ(client.size(), 1u);
  EXPECT_EQ(trace_detail_value(client[0].detail, "alert"), "certificate revoked");
  EXPECT_TRUE(find(run, RecordKind::crypto, "TlsHandshake", "ok").empty());
  // on_failure runs once per failed session end; only the client had messages waiting.
  ASSERT_EQ(world.failures.size(), 2u);
  ASSERT_EQ(failures_of(world, "b").size(), 1u);
  EXPECT_TRUE(failures_of(world, "b")[0].dropped.empty());
  const auto failures = failures_of(world, "a");
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_EQ(failures[0].actor, "a");
  EXPECT_EQ(failures[0].failure, "certificate revoked");
  EXPECT_EQ(failures[0].dropped, std::vector<std::string>{"Ping"});
  EXPECT_EQ(find(run, RecordKind::decision, "ChannelMessageDropped", "dropped", "a").size(), 1u);
}

TEST(SecureChannels, MutualRejectsAClientWithoutCertificate) {
  World world;
  auto& pki = shared_pki();
  world.credentials["a"].trust_anchors = {pki.root.certificate()};
  world.credentials["b"] = pki.credentials("b.example.net");
  auto run = run_scenario(
      world, two_actors({}, {}).command("1s", "a", "send", send_args("b", "mutual", "Ping")));
  EXPECT_TRUE(world.deliveries.empty());
  const auto server = find(run, RecordKind::crypto, "TlsHandshake", "failed", "b");
  ASSERT_EQ(server.size(), 1u);
  EXPECT_EQ(trace_detail_value(server[0].detail, "alert"), "certificate required");
  EXPECT_EQ(find(run, RecordKind::crypto, "TlsHandshake", "failed", "a").size(), 1u);
  // on_failure runs once per failed session end; only the client had messages waiting.
  ASSERT_EQ(world.failures.size(), 2u);
  ASSERT_EQ(failures_of(world, "b").size(), 1u);
  EXPECT_TRUE(failures_of(world, "b")[0].dropped.empty());
  const auto failures = failures_of(world, "a");
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_EQ(failures[0].dropped, std::vector<std::string>{"Ping"});
}

// ---- tampering, latency, size ----

TEST(SecureChannels, TamperedRecordIsRejectedAndALaterSendStartsAFreshSession) {
  World world;
  auto run = run_scenario(
      world, two_actors({{"day0", {{"b", "s"}}}}, {{"day0", {{"a", "s"}}}, {"tamper", true}})
                 .command("1s", "a", "send", send_args("b", "day0", "First"))
                 .command("2s", "a", "send", send_args("b", "day0", "Second")));
  EXPECT_EQ(world.tampered, 1);
  EXPECT_TRUE(deliveries_to(world, "b", "First").empty());
  const auto rejected = find(run, RecordKind::crypto, "TlsRecord", "rejected", "b");
  ASSERT_EQ(rejected.size(), 1u);
  EXPECT_EQ(trace_detail_value(rejected[0].detail, "alert"), "bad record mac");
  EXPECT_LT(rejected[0].time, at_ms(2000));
  // The handshake itself had completed (the tampered byte was in the data record after it).
  EXPECT_EQ(find(run, RecordKind::crypto, "TlsHandshake", "ok", "b").size(), 2u);
  // The run continued: a fresh session carried the second message.
  const auto second = deliveries_to(world, "b", "Second");
  ASSERT_EQ(second.size(), 1u);
  EXPECT_TRUE(second[0].intact);
  EXPECT_EQ(second[0].time, at_ms(2030));
  EXPECT_TRUE(find(run, RecordKind::crypto, "TlsHandshake", "failed").empty());
}

TEST(SecureChannels, LatencyAppliesToEveryFlight) {
  World world;
  auto run = run_scenario(
      world, two_actors({{"day0", {{"b", "s"}}}}, {{"day0", {{"a", "s"}}}, {"reply", true}})
                 .command("1s", "a", "send", send_args("b", "day0", "Ping"))
                 .command("3s", "a", "send", send_args("b", "day0", "Ping")));
  const auto ping = deliveries_to(world, "b", "Ping");
  ASSERT_EQ(ping.size(), 2u);
  // TLS 1.3: ClientHello (a->b), the server's flight (b->a), the client's Finished with the
  // waiting message (a->b): three one-way latencies of 10 ms.
  EXPECT_EQ(ping[0].time, at_ms(1030));
  // Over the established session: one latency.
  EXPECT_EQ(ping[1].time, at_ms(3010));
  const auto reply = deliveries_to(world, "a", "PingReply");
  ASSERT_EQ(reply.size(), 2u);
  EXPECT_EQ(reply[0].time, at_ms(1040));
  EXPECT_EQ(reply[1].time, at_ms(3020));
  // The handshake ends when each side completes it: the client after the server's flight, the
  // server after the client's Finished.
  for (const auto& r : find(run, RecordKind::crypto, "TlsHandshake", "ok"))
    EXPECT_EQ(r.time, r.actor == "a" ? at_ms(1020) : at_ms(1030));
}

TEST(SecureChannels, EnvelopesWaitingForTheHandshakeLeaveInTheirOwnLabelledMessages) {
  // Three envelopes handed over at once, before any session exists: each must appear on the wire
  // under its own operation, so flow steps stay visible in the trace.
  World world;
  auto run = run_scenario(world, two_actors({{"day0", {{"b", "s"}}}}, {{"day0", {{"a", "s"}}}})
                                     .command("1s", "a", "send", send_args("b", "day0", "First"))
                                     .command("1s", "a", "send", send_args("b", "day0", "Second"))
                                     .command("1s", "a", "send", send_args("b", "day0", "Third")));
  std::vector<std::string> sent;
  for (const auto& r : run.records)
    if (r.kind == RecordKind::send && r.actor == "a" && r.operation != "TlsHandshake")
      sent.push_back(r.operation + "@" + r.step);
  EXPECT_EQ(sent, (std::vector<std::string>{"First@T#1", "Second@T#1", "Third@T#1"}));
  EXPECT_EQ(deliveries_to(world, "b", "First").size(), 1u);
  EXPECT_EQ(deliveries_to(world, "b", "Second").size(), 1u);
  EXPECT_EQ(deliveries_to(world, "b", "Third").size(), 1u);
}

TEST(SecureChannels, A100KibEnvelopeArrivesIntact) {
  World world;
  run_scenario(world,
               two_actors({{"day0", {{"b", "s"}}}}, {{"day0", {{"a", "s"}}}})
                   .command("1s", "a", "send", send_args("b", "day0", "Big", 100 * 1024))
                   .command("2s", "a", "send", send_args("b", "day0", "Big", 100 * 1024 + 17)));
  const auto big = deliveries_to(world, "b", "Big");
  ASSERT_EQ(big.size(), 2u);
  EXPECT_EQ(big[0].size, 100u * 1024u);
  EXPECT_TRUE(big[0].intact);
  EXPECT_EQ(big[1].size, 100u * 1024u + 17u);
  EXPECT_TRUE(big[1].intact);
}

TEST(SecureChannels, CloseAllEndsSessionsAndALaterSendHandshakesAgain) {
  World world;
  auto run = run_scenario(world, two_actors({{"day0", {{"b", "s"}}}}, {{"day0", {{"a", "s"}}}})
                                     .command("1s", "a", "send", send_args("b", "day0", "Ping"))
                                     .command("2s", "a", "close")
                                     .command("3s", "a", "send", send_args("b", "day0", "Ping")));
  ASSERT_EQ(deliveries_to(world, "b", "Ping").size(), 2u);
  EXPECT_EQ(deliveries_to(world, "b", "Ping")[1].time, at_ms(3030));  // a new handshake
  EXPECT_EQ(find(run, RecordKind::crypto, "TlsHandshake", "ok").size(), 4u);
  bool close_sent = false;
  for (const auto& r : run.records)
    if (r.kind == RecordKind::send && r.operation == "TlsClose" && r.actor == "a")
      close_sent = true;
  EXPECT_TRUE(close_sent);
  EXPECT_TRUE(find(run, RecordKind::crypto, "TlsHandshake", "failed").empty());
  EXPECT_TRUE(find(run, RecordKind::crypto, "TlsRecord").empty());
}

TEST(SecureChannels, ALostFlightFailsTheHandshakeAfterTheTimeout) {
  World world;
  auto run = run_scenario(world, two_actors({{"day0", {{"b", "s"}}}, {"handshake_timeout", "2s"}},
                                            {{"day0", {{"a", "s"}}}})
                                     .link_down("a", "b", "900ms", "1005ms")
                                     .command("1s", "a", "send", send_args("b", "day0", "First"))
                                     .command("4s", "a", "send", send_args("b", "day0", "Second")));
  EXPECT_TRUE(deliveries_to(world, "b", "First").empty());
  const auto failed = find(run, RecordKind::crypto, "TlsHandshake", "failed", "a");
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0].time, at_ms(3000));
  EXPECT_EQ(trace_detail_value(failed[0].detail, "alert"), "handshake timeout");
  const auto failures = failures_of(world, "a");
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_EQ(failures[0].dropped, std::vector<std::string>{"First"});
  const auto second = deliveries_to(world, "b", "Second");
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0].time, at_ms(4030));
  // Established sessions keep no timer: nothing fires after the second handshake.
  for (const auto& r : run.records) {
    if (r.kind == RecordKind::timer) {
      EXPECT_EQ(r.time, at_ms(3000));
    }
  }
}

TEST(SecureChannels, KernelTamperingOfAHandshakeFlightFailsCleanly) {
  World world;
  auto run = run_scenario(world, two_actors({{"day0", {{"b", "s"}}}}, {{"day0", {{"a", "s"}}}})
                                     .tamper("a", "b", "1s", "1001ms")
                                     .command("1s", "a", "send", send_args("b", "day0", "First"))
                                     .command("2s", "a", "send", send_args("b", "day0", "Second")));
  EXPECT_TRUE(deliveries_to(world, "b", "First").empty());
  EXPECT_EQ(find(run, RecordKind::crypto, "TlsHandshake", "failed", "b").size(), 1u);
  const auto failures = failures_of(world, "a");
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_EQ(failures[0].dropped, std::vector<std::string>{"First"});
  ASSERT_EQ(deliveries_to(world, "b", "Second").size(), 1u);
  EXPECT_TRUE(deliveries_to(world, "b", "Second")[0].intact);
}

TEST(SecureChannels, NonChannelAndStrayPayloads) {
  World world;
  // The test actor's "raw" command: a message to b with these payload bytes.
  auto raw = [](std::vector<int> payload) { return json{{"to", "b"}, {"payload", payload}}; };
  auto run =
      run_scenario(world, two_actors({{"day0", {{"b", "s"}}}}, {{"day0", {{"a", "s"}}}})
                              .command("1s", "a", "raw", raw({}))
                              .command("1s", "a", "raw", raw({1, 2, 3}))
                              .command("1s", "a", "raw", raw({243, 0, 22}))  // 0xF3: no such kind
                              .command("2s", "a", "raw", raw({240}))         // too short
                              .command("2s", "a", "raw", raw({241, 9, 0}))   // bad role byte
                              // TLS bytes for sessions that do not exist: ignored.
                              .command("3s", "a", "raw", raw({240, 1, 23, 3, 3, 0, 1, 0}))
                              .command("3s", "a", "raw", raw({240, 0, 23, 3, 3, 0, 1, 0}))
                              .command("4s", "a", "send", send_args("b", "day0", "Ping")));
  EXPECT_EQ(world.not_channel, 3);
  const auto rejected = find(run, RecordKind::crypto, "TlsRecord", "rejected", "b");
  ASSERT_EQ(rejected.size(), 2u);
  for (const auto& r : rejected) {
    EXPECT_EQ(r.time, at_ms(2010));
    EXPECT_EQ(trace_detail_value(r.detail, "reason"), "malformed channel message");
  }
  EXPECT_TRUE(find(run, RecordKind::crypto, "TlsHandshake", "failed").empty());
  // And the channel still works.
  EXPECT_EQ(deliveries_to(world, "b", "Ping").size(), 1u);
}

TEST(SecureChannels, Helpers) {
  EXPECT_EQ(to_string(ChannelKind::day0), "day0");
  EXPECT_EQ(to_string(ChannelKind::server_auth), "server_auth");
  EXPECT_EQ(to_string(ChannelKind::mutual), "mutual");
  const std::string text = "ifa026 day-0 psk|abc";
  EXPECT_EQ(
      day0_psk_key("abc"),
      pki::sha256(pki::ByteView(reinterpret_cast<const std::uint8_t*>(text.data()), text.size())));
  EXPECT_EQ(day0_psk_key("abc").size(), 32u);
  EXPECT_NE(day0_psk_key("abc"), day0_psk_key("abd"));
}

}  // namespace
}  // namespace ifa026::actors
