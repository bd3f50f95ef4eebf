// Tests for the `hsm` actor's HMEE-HSM side (docs/direct-mode.md, C.2.1.3 #6-#11) with scripted
// HMEE clients over real mutual TLS: the HSM takes hardware roots only from the listed NFVI, an
// HMEE whose certificate chains to it is accepted (#6) and gets an exported key pair (#8) and a
// CSR signed with it (#11), answers at the request's step + 1 echoing the context; an HMEE under
// another hardware root is refused by the handshake (HmeeClient refused); a client cannot use
// another client's key handle.
#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "actors/common/envelope.hpp"
#include "actors/common/pki_clock.hpp"
#include "actors/common/secure_channels.hpp"
#include "actors/common/trace_detail.hpp"
#include "actors/hsm/hsm_actor.hpp"
#include "actors/messages/nfvi_trust.hpp"
#include "actors/messages/operations.hpp"
#include "actors/messages/reference_points.hpp"
#include "pki/certificate_authority.hpp"
#include "pki/csr.hpp"
#include "sim/simulation.hpp"
#include "tests/support/scenario_builder.hpp"

namespace ifa026::actors::hsm_hmee_test {
namespace {

using nlohmann::json;
using sim::Duration;

constexpr std::int64_t kEpochSeconds = 1893456000;  // 2030-01-01T00:00:00Z
const pki::Instant kStart = pki::Instant::from_seconds(kEpochSeconds - 86400);

struct Lab {
  pki::CertificateAuthority root = pki::CertificateAuthority::create_root(
      pki::DistinguishedName::parse("CN=NFVI Hardware Root,O=Test"), pki::PrivateKey::generate(),
      kStart, 86400 * 3650);
  pki::CertificateAuthority foreign = pki::CertificateAuthority::create_root(
      pki::DistinguishedName::parse("CN=Other Hardware Root,O=Test"), pki::PrivateKey::generate(),
      kStart, 86400 * 3650);
  struct Client {
    std::vector<Envelope> answers;
    std::optional<pki::PrivateKey> key;  // the exported key pair
    std::string handle;
    std::optional<pki::Certificate> hsm_certificate;
  };
  std::map<std::string, Client> clients;
};

class TestNfvi final : public sim::Actor {
 public:
  TestNfvi(sim::ActorContext& context, const sim::ActorSpec& spec, Lab& lab)
      : Actor(context), lab_(lab), foreign_(spec.params.value("root", "") == "foreign") {}
  void on_start() override {
    const Envelope e = messages::to_envelope(messages::HardwareRoot{
        .hardware_root = (foreign_ ? lab_.foreign : lab_.root).certificate().der(),
        .nfvi = context().name()});
    sim::Message m;
    m.to = "hsm-1";
    m.reference_point = reference_points::kNfviTrust;
    m.operation = e.operation;
    m.payload = encode_envelope(e);
    context().send(std::move(m));
  }
  void on_message(const sim::Message&) override {}

 private:
  Lab& lab_;
  bool foreign_;
};

// An HMEE: key and certificate under a platform key certified by the genuine or foreign root
// ("root"); takes the HSM vendor root from HsmVendorRoot; at "start_at" opens the session, then
// asks for a key pair and a CSR; with "steal_from" it asks to sign with that client's handle.
class TestHmee final : public sim::Actor {
 public:
  TestHmee(sim::ActorContext& context, const sim::ActorSpec& spec, Lab& lab)
      : Actor(context),
        lab_(lab),
        start_at_(Duration::milliseconds(spec.params.value("start_ms", 100))),
        steal_from_(spec.params.value("steal_from", "")),
        channels_(context, [this](const ChannelMessage& m) { on_answer(m); }) {
    pki::CertificateAuthority& root =
        spec.params.value("root", "") == "foreign" ? lab.foreign : lab.root;
    pki::PrivateKey platform_key = pki::PrivateKey::generate();
    pki::CertificateAuthority platform = pki::CertificateAuthority::create_subordinate(
        root, pki::DistinguishedName::parse("CN=" + spec.name + " Platform,O=Test"),
        std::move(platform_key), kStart, 86400 * 365, 0);
    pki::PrivateKey hmee = pki::PrivateKey::generate();
    pki::CsrContent content;
    content.subject = pki::DistinguishedName::parse("CN=" + spec.name + " HMEE,O=Test");
    content.san.dns = {spec.name + ".hmee.invalid"};
    pki::CertificateProfile profile;
    profile.extended_key_usage = {pki::ExtendedKeyUsage::client_auth};
    auto& credentials = channels_.credentials();
    credentials.certificate = platform.issue_for_key(
        {hmee.public_key(), content, kStart, std::nullopt, std::nullopt, std::nullopt}, profile);
    credentials.key = std::move(hmee);
    credentials.chain = {platform.certificate()};
  }

  void on_start() override {
    context().schedule(start_at_, "Open", [this] {
      Envelope e{operations::kSessionCheckRequest, "C.2.1.3#6", json::object()};
      set_bytes(e.body, "nonce", pki::Bytes{1, 2, 3});
      send(std::move(e));
    });
  }

  void on_message(const sim::Message& message) override {
    if (channels_.handle(message)) return;
    auto envelope = decode_envelope(message.payload);
    if (envelope && envelope->operation == operations::kHsmVendorRoot)
      channels_.credentials().trust_anchors.push_back(
          pki::Certificate::from_der(*get_bytes(envelope->body, "vendor_root")));
  }

 private:
  void send(Envelope e) {
    channels_.send("hsm-1", ChannelKind::mutual, reference_points::kHmeeHsm, std::move(e));
  }

  void on_answer(const ChannelMessage& m) {
    Lab::Client& me = lab_.clients[name()];
    me.answers.push_back(m.envelope);
    me.hsm_certificate = m.peer.certificate;
    const json& body = m.envelope.body;
    if (m.envelope.operation == operations::kSessionCheckResponse) {
      if (!steal_from_.empty()) {
        Envelope e{operations::kSignCsrRequest, "C.2.1.3#10", json::object()};
        e.body = {{"handle", lab_.clients[steal_from_].handle},
                  {"subject", "CN=stolen.example.net"},
                  {"dns", json::array()},
                  {"context", {{"request", 9}}}};
        return send(std::move(e));
      }
      Envelope e{operations::kGenerateKeyPairRequest, "C.2.1.3#7", json::object()};
      e.body = {{"key_type", "ec-p256"}, {"identity", "client"}, {"context", {{"request", 1}}}};
      return send(std::move(e));
    }
    if (m.envelope.operation == operations::kGenerateKeyPairResponse &&
        get_string(body, "status") == "ok") {
      me.key = pki::PrivateKey::from_der(*get_bytes(body, "private_key"));
      me.handle = get_string(body, "handle");
      Envelope e{operations::kSignCsrRequest, "C.2.1.3#10", json::object()};
      e.body = {{"handle", me.handle},
                {"subject", "CN=a.example.net,O=Operator"},
                {"dns", {"a.example.net"}},
                {"identity", "client"},
                {"context", {{"request", 2}}}};
      send(std::move(e));
    }
  }

  Lab& lab_;
  Duration start_at_;
  std::string steal_from_;
  SecureChannels channels_;
};

std::vector<sim::TraceRecord> run(Lab& lab, const std::vector<sim::ActorSpec>& clients) {
  sim::ActorRegistry registry;
  register_hsm_actor(registry);
  auto add = [&](const std::string& type, auto make) {
    sim::ActorType t;
    t.description = type;
    t.create = make;
    t.check_params = [](const json&, std::vector<sim::Diagnostic>&) {};
    registry.add(type, std::move(t));
  };
  add("test-nfvi", [&lab](sim::ActorContext& c, const sim::ActorSpec& s) {
    return std::make_unique<TestNfvi>(c, s, lab);
  });
  add("test-hmee", [&lab](sim::ActorContext& c, const sim::ActorSpec& s) {
    return std::make_unique<TestHmee>(c, s, lab);
  });
  json recipients = json::array();
  for (const auto& c : clients) recipients.push_back(c.name);
  test::ScenarioBuilder scenario("hsm-hmee-test");
  scenario.epoch("2030-01-01T00:00:00Z")
      .seed(0)
      .duration("20s")
      .actor("hsm-1", "hsm",
             {{"vendor_root_recipients", recipients}, {"hardware_roots_from", {"nfvi-1"}}},
             "operator")
      .actor("nfvi-1", "test-nfvi", json::object(), "operator")
      .actor("nfvi-2", "test-nfvi", {{"root", "foreign"}}, "operator");
  for (const auto& c : clients) scenario.actor(c.name, c.type, c.params, c.trust_domain);
  sim::Simulation simulation(scenario.load(registry), registry);
  sim::TraceStore store;
  simulation.trace().subscribe(store);
  simulation.run();
  return store.records();
}

std::vector<sim::TraceRecord> hsm_records(const std::vector<sim::TraceRecord>& records,
                                          sim::RecordKind kind, const std::string& operation,
                                          const std::string& peer = "") {
  std::vector<sim::TraceRecord> out;
  for (const auto& r : records)
    if (r.actor == "hsm-1" && r.kind == kind && r.operation == operation &&
        (peer.empty() || r.peer == peer))
      out.push_back(r);
  return out;
}

std::string detail(const sim::TraceRecord& r, const std::string& key) {
  return trace_detail_value(r.detail, key).value_or("");
}

TEST(HsmHmee, AnAttestedHmeeGetsItsKeyPairAndASignedCsrInTheSession) {
  Lab lab;
  auto records = run(lab, {{"hmee-a", "test-hmee", "operator", json::object()}});

  // Hardware roots only from the listed NFVI.
  auto roots = hsm_records(records, sim::RecordKind::decision, "HardwareRoot");
  ASSERT_EQ(roots.size(), 2u);
  for (const auto& r : roots) EXPECT_EQ(r.outcome, r.peer == "nfvi-1" ? "accepted" : "rejected");

  auto accepted = hsm_records(records, sim::RecordKind::decision, "HmeeClient", "hmee-a");
  ASSERT_EQ(accepted.size(), 1u);
  EXPECT_EQ(accepted[0].outcome, "accepted");
  EXPECT_EQ(accepted[0].step, "C.2.1.3#6");
  EXPECT_EQ(detail(accepted[0], "peer_subject"), "CN=hmee-a HMEE,O=Test");

  const Lab::Client& a = lab.clients["hmee-a"];
  ASSERT_EQ(a.answers.size(), 3u);
  EXPECT_EQ(a.answers[0].operation, "SessionCheckResponse");
  EXPECT_EQ(a.answers[0].step, "C.2.1.3#6");
  // The HSM's certificate chains to its vendor root (the client's only anchor).
  ASSERT_TRUE(a.hsm_certificate.has_value());
  EXPECT_EQ(a.hsm_certificate->subject().common_name(), "hsm-1 HSM");

  // #8: the key pair itself, in the session.
  const Envelope& pair = a.answers[1];
  EXPECT_EQ(pair.operation, "GenerateKeyPairResponse");
  EXPECT_EQ(pair.step, "C.2.1.3#8");
  EXPECT_EQ(pair.body.at("context"), (json{{"request", 1}}));
  ASSERT_TRUE(a.key.has_value());
  const pki::PublicKey public_key = pki::PublicKey::from_der(*get_bytes(pair.body, "public_key"));
  EXPECT_TRUE(a.key->public_key() == public_key);
  auto generated = hsm_records(records, sim::RecordKind::decision, "GenerateKeyPair", "hmee-a");
  ASSERT_EQ(generated.size(), 1u);
  EXPECT_EQ(generated[0].step, "C.2.1.3#8");
  EXPECT_EQ(generated[0].reference_point, "HMEE-HSM");
  EXPECT_EQ(detail(generated[0], "exported"), "true");
  EXPECT_EQ(detail(generated[0], "identity"), "client");
  EXPECT_EQ(detail(generated[0], "spki_sha256"), pki::to_hex(pki::sha256(public_key.to_der())));

  // #11: the CSR, signed with that key.
  const Envelope& signed_csr = a.answers[2];
  EXPECT_EQ(signed_csr.operation, "SignCsrResponse");
  EXPECT_EQ(signed_csr.step, "C.2.1.3#11");
  ASSERT_EQ(get_string(signed_csr.body, "status"), "ok");
  const pki::Csr csr = pki::Csr::from_der(*get_bytes(signed_csr.body, "csr"));
  EXPECT_TRUE(csr.signature_valid());
  EXPECT_TRUE(csr.public_key() == public_key);
  EXPECT_EQ(csr.content().subject.to_string(), "CN=a.example.net,O=Operator");
  EXPECT_EQ(csr.content().san.dns, (std::vector<std::string>{"a.example.net"}));
  auto signed_records = hsm_records(records, sim::RecordKind::decision, "SignCsr", "hmee-a");
  ASSERT_EQ(signed_records.size(), 1u);
  EXPECT_EQ(signed_records[0].outcome, "ok");
  EXPECT_EQ(signed_records[0].step, "C.2.1.3#11");
}

TEST(HsmHmee, AnHmeeUnderAnotherHardwareRootIsRefused) {
  Lab lab;
  auto records = run(lab, {{"hmee-x", "test-hmee", "operator", {{"root", "foreign"}}}});
  auto refused = hsm_records(records, sim::RecordKind::decision, "HmeeClient", "hmee-x");
  ASSERT_EQ(refused.size(), 1u);
  EXPECT_EQ(refused[0].outcome, "refused");
  EXPECT_FALSE(detail(refused[0], "reason").empty());
  auto handshakes = hsm_records(records, sim::RecordKind::crypto, "TlsHandshake", "hmee-x");
  ASSERT_EQ(handshakes.size(), 1u);
  EXPECT_EQ(handshakes[0].outcome, "failed");
  EXPECT_EQ(detail(handshakes[0], "role"), "server");
  EXPECT_TRUE(lab.clients["hmee-x"].answers.empty());
  EXPECT_TRUE(hsm_records(records, sim::RecordKind::decision, "GenerateKeyPair").empty());
}

TEST(HsmHmee, AClientCannotSignWithAnotherClientsHandle) {
  Lab lab;
  auto records = run(
      lab, {{"hmee-a", "test-hmee", "operator", json::object()},
            {"hmee-b", "test-hmee", "operator", {{"start_ms", 2000}, {"steal_from", "hmee-a"}}}});
  ASSERT_FALSE(lab.clients["hmee-a"].handle.empty());
  const Lab::Client& b = lab.clients["hmee-b"];
  ASSERT_EQ(b.answers.size(), 2u);
  EXPECT_EQ(b.answers[1].operation, "SignCsrResponse");
  EXPECT_EQ(get_string(b.answers[1].body, "status"), "error");
  EXPECT_FALSE(b.answers[1].body.contains("csr"));
  auto signed_records = hsm_records(records, sim::RecordKind::decision, "SignCsr", "hmee-b");
  ASSERT_EQ(signed_records.size(), 1u);
  EXPECT_EQ(signed_records[0].outcome, "rejected");
}

TEST(HsmHmee, CheckParamsKnowsHardwareRootsFrom) {
  sim::ActorRegistry registry;
  register_hsm_actor(registry);
  std::vector<sim::Diagnostic> out;
  registry.find("hsm")->check_params({{"hardware_roots_from", {"vnfm-1"}}}, out);
  EXPECT_TRUE(out.empty());
  registry.find("hsm")->check_params({{"hardware_roots_from", "vnfm-1"}}, out);
  EXPECT_EQ(out.size(), 1u);
}

}  // namespace
}  // namespace ifa026::actors::hsm_hmee_test
