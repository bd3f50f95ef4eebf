// Tests for the `hsm` actor's delegation side (issue 17; docs/delegation-mode.md "HSM path (as
// built)"; C.2.2.2.7 #0, C.2.2.4.7 #3-#4, decision Q4), with a scripted delegate VNFM on HSM-If and
// scripted HMEE clients over real mutual TLS: a key made with `release_to` is released once to
// that VNFCI's attested HMEE (KeyCustody generated, released, deleted; the released key is the
// one the VNFM got the public key of), and refused to another attested VNFCI, to the VNFM itself
// and for an unknown handle; its owner may delete it, nobody else; the fault switches
// release_to_anyone and keep_after_release make the HSM break the rule; the KeyInventory at the
// end lists the keys still held.
#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "actors/common/envelope.hpp"
#include "actors/common/key_custody.hpp"
#include "actors/common/secure_channels.hpp"
#include "actors/common/trace_detail.hpp"
#include "actors/hsm/hsm_actor.hpp"
#include "actors/messages/hsm_if.hpp"
#include "actors/messages/nfvi_trust.hpp"
#include "actors/messages/operations.hpp"
#include "actors/messages/reference_points.hpp"
#include "pki/certificate_authority.hpp"
#include "pki/csr.hpp"
#include "sim/simulation.hpp"
#include "tests/support/scenario_builder.hpp"

namespace ifa026::actors::hsm_delegation_test {
namespace {

using nlohmann::json;
using sim::Duration;

const pki::Instant kStart = pki::Instant::from_seconds(1893456000 - 86400);

struct Lab {
  pki::CertificateAuthority root = pki::CertificateAuthority::create_root(
      pki::DistinguishedName::parse("CN=NFVI Hardware Root,O=Test"), pki::PrivateKey::generate(),
      kStart, 86400 * 3650);
  std::string handle;                        // the VNFM's key handle
  std::optional<pki::PublicKey> public_key;  // as the VNFM got it
  std::vector<Envelope> vnfm_answers;
  std::map<std::string, std::vector<Envelope>> hmee_answers;
};

class TestNfvi final : public sim::Actor {
 public:
  TestNfvi(sim::ActorContext& context, const sim::ActorSpec&, Lab& lab)
      : Actor(context), lab_(lab) {}
  void on_start() override {
    const Envelope e = messages::to_envelope(messages::HardwareRoot{
        .hardware_root = lab_.root.certificate().der(), .nfvi = context().name()});
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
};

// The delegate VNFM on HSM-If: at 10 ms a key for "release_to" (identity "web"); with
// "release_at_ms" it asks for the key itself on HSM-If, with "delete_at_ms" it deletes the key.
class TestVnfm final : public sim::Actor {
 public:
  TestVnfm(sim::ActorContext& context, const sim::ActorSpec& spec, Lab& lab)
      : Actor(context), lab_(lab), params_(spec.params) {}
  void on_start() override {
    if (params_.value("generate", true))
      context().schedule(Duration::milliseconds(10), "Generate", [this] {
        messages::GenerateKeyPairRequest request;
        request.key_type = "ec-p256";
        request.identity = "web";
        request.release_to = params_.value("release_to", "vnfci-a");
        request.context = messages::HsmRequestContext{7};
        send(messages::to_envelope(request, "C.2.2.2.7#0"));
      });
    if (params_.contains("release_at_ms"))
      context().schedule(
          Duration::milliseconds(params_["release_at_ms"].get<int>()), "Release", [this] {
            send(messages::to_envelope(
                messages::ReleaseKeyPairRequest{
                    .handle = lab_.handle, .identity = "web", .context = std::nullopt},
                "C.2.2.4.7#3"));
          });
    if (params_.contains("delete_at_ms"))
      context().schedule(
          Duration::milliseconds(params_["delete_at_ms"].get<int>()), "Delete", [this] {
            send(messages::to_envelope(
                messages::DeleteKeyRequest{.handle = params_.value("handle", lab_.handle),
                                           .reason = "vnfci removed"},
                ""));
          });
  }
  void on_message(const sim::Message& message) override {
    auto envelope = decode_envelope(message.payload);
    if (!envelope || envelope->operation == operations::kHsmVendorRoot) return;
    lab_.vnfm_answers.push_back(*envelope);
    if (auto r = messages::from_envelope<messages::GenerateKeyPairResponse>(*envelope);
        r && r->status == "ok" && lab_.handle.empty()) {
      lab_.handle = *r->handle;
      lab_.public_key = pki::PublicKey::from_der(*r->public_key);
    }
  }

 private:
  void send(const Envelope& e) {
    sim::Message m;
    m.to = "hsm-1";
    m.reference_point = reference_points::kHsmIf;
    m.operation = e.operation;
    m.step = e.step;
    m.payload = encode_envelope(e);
    context().send(std::move(m));
  }
  Lab& lab_;
  json params_;
};

// An attested HMEE (certificate "CN=<name> HMEE" under a platform key under the hardware root):
// at "start_ms" it opens the session and asks for the VNFM's handle ("handle" overrides it).
class TestHmee final : public sim::Actor {
 public:
  TestHmee(sim::ActorContext& context, const sim::ActorSpec& spec, Lab& lab)
      : Actor(context),
        lab_(lab),
        start_at_(Duration::milliseconds(spec.params.value("start_ms", 500))),
        handle_(spec.params.value("handle", "")),
        channels_(context, [this](const ChannelMessage& m) { on_answer(m); }) {
    pki::CertificateAuthority platform = pki::CertificateAuthority::create_subordinate(
        lab.root, pki::DistinguishedName::parse("CN=" + spec.name + " Platform,O=Test"),
        pki::PrivateKey::generate(), kStart, 86400 * 365, 0);
    pki::PrivateKey hmee = pki::PrivateKey::generate();
    pki::CsrContent content;
    content.subject = pki::DistinguishedName::parse("CN=" + spec.params.value("names", spec.name) +
                                                    " HMEE,O=Test");
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
    context().schedule(start_at_, "Release", [this] {
      messages::ReleaseKeyPairRequest request;
      request.handle = handle_.empty() ? lab_.handle : handle_;
      request.identity = "web";
      request.context = messages::HsmRequestContext{3};
      channels_.send("hsm-1", ChannelKind::mutual, reference_points::kHmeeHsm,
                     messages::to_envelope(request, "C.2.2.4.7#3"));
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
  void on_answer(const ChannelMessage& m) { lab_.hmee_answers[name()].push_back(m.envelope); }
  Lab& lab_;
  Duration start_at_;
  std::string handle_;
  SecureChannels channels_;
};

struct Client {
  std::string name, type;
  json params;
};

std::vector<sim::TraceRecord> run(Lab& lab, const json& hsm_params,
                                  const std::vector<Client>& clients) {
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
  add("test-vnfm", [&lab](sim::ActorContext& c, const sim::ActorSpec& s) {
    return std::make_unique<TestVnfm>(c, s, lab);
  });
  add("test-hmee", [&lab](sim::ActorContext& c, const sim::ActorSpec& s) {
    return std::make_unique<TestHmee>(c, s, lab);
  });
  json params = hsm_params;
  params["hardware_roots_from"] = {"nfvi-1"};
  params["vendor_root_recipients"] = json::array();
  for (const auto& c : clients)
    if (c.type == "test-hmee") params["vendor_root_recipients"].push_back(c.name);
  test::ScenarioBuilder scenario("hsm-delegation-test");
  scenario.epoch("2030-01-01T00:00:00Z")
      .seed(0)
      .duration("5s")
      .actor("hsm-1", "hsm", params, "operator")
      .actor("nfvi-1", "test-nfvi", json::object(), "operator");
  for (const auto& c : clients) scenario.actor(c.name, c.type, c.params, "operator");
  sim::Simulation simulation(scenario.load(registry), registry);
  sim::TraceStore store;
  simulation.trace().subscribe(store);
  simulation.run();
  simulation.finish();
  return store.records();
}

std::vector<sim::TraceRecord> hsm_records(const std::vector<sim::TraceRecord>& records,
                                          const std::string& operation,
                                          const std::string& outcome = "") {
  std::vector<sim::TraceRecord> out;
  for (const auto& r : records)
    if (r.actor == "hsm-1" && r.kind == sim::RecordKind::decision && r.operation == operation &&
        (outcome.empty() || r.outcome == outcome))
      out.push_back(r);
  return out;
}

std::string detail(const sim::TraceRecord& r, const std::string& key) {
  return trace_detail_value(r.detail, key).value_or("");
}

TEST(HsmDelegation, TheDesignatedHmeeGetsTheKeyOnceAndTheHsmDeletesItsCopy) {
  Lab lab;
  auto records =
      run(lab, json::object(),
          {{"vnfm-1", "test-vnfm", json::object()}, {"vnfci-a", "test-hmee", json::object()}});
  ASSERT_FALSE(lab.handle.empty());
  ASSERT_TRUE(lab.public_key.has_value());
  const std::string fp = key_fingerprint(*lab.public_key);
  // C.2.2.2.7 #0: the key made for vnfci-a, the context echoed on HSM-If.
  ASSERT_GE(lab.vnfm_answers.size(), 1u);
  EXPECT_EQ(lab.vnfm_answers[0].body.at("context"), (json{{"request", 7}}));
  auto made = hsm_records(records, "GenerateKeyPair", "ok");
  ASSERT_EQ(made.size(), 1u);
  EXPECT_EQ(made[0].step, "C.2.2.2.7#0");
  EXPECT_EQ(detail(made[0], "release_to"), "vnfci-a");
  EXPECT_EQ(detail(made[0], "vnfci"), "vnfci-a");
  EXPECT_EQ(detail(made[0], "identity"), "web");
  EXPECT_EQ(detail(made[0], "certificate_type"), "vnfci");
  EXPECT_TRUE(detail(made[0], "exported").empty());  // nothing left the HSM
  auto generated = hsm_records(records, "KeyCustody", "generated");
  ASSERT_EQ(generated.size(), 1u);
  EXPECT_EQ(detail(generated[0], "key_fp"), fp);
  EXPECT_EQ(detail(generated[0], "holder"), "hsm-1");
  EXPECT_EQ(detail(generated[0], "channel"), "local");
  EXPECT_EQ(generated[0].step, "C.2.2.2.7#0");

  // C.2.2.4.7 #3-#4: released to vnfci-a, the key pair matches the VNFM's public key.
  auto released = hsm_records(records, "ReleaseKeyPair");
  ASSERT_EQ(released.size(), 1u);
  EXPECT_EQ(released[0].outcome, "released");
  EXPECT_EQ(released[0].step, "C.2.2.4.7#3");
  EXPECT_EQ(released[0].reference_point, "HMEE-HSM");
  const auto& answers = lab.hmee_answers["vnfci-a"];
  ASSERT_EQ(answers.size(), 1u);
  EXPECT_EQ(answers[0].operation, "ReleaseKeyPairResponse");
  EXPECT_EQ(answers[0].step, "C.2.2.4.7#4");
  auto response = messages::from_envelope<messages::ReleaseKeyPairResponse>(answers[0]);
  ASSERT_TRUE(static_cast<bool>(response));
  EXPECT_EQ(response->status, "ok");
  ASSERT_TRUE(response->private_key.has_value());
  const pki::PrivateKey key = pki::PrivateKey::from_der(*response->private_key);
  EXPECT_TRUE(key.public_key() == *lab.public_key);
  EXPECT_EQ(response->context, (messages::HsmRequestContext{3}));
  auto custody_released = hsm_records(records, "KeyCustody", "released");
  ASSERT_EQ(custody_released.size(), 1u);
  EXPECT_EQ(detail(custody_released[0], "peer"), "vnfci-a");
  EXPECT_EQ(detail(custody_released[0], "channel"), "hmee-hsm");
  EXPECT_EQ(detail(custody_released[0], "key_fp"), fp);
  EXPECT_EQ(custody_released[0].step, "C.2.2.4.7#4");
  auto deleted = hsm_records(records, "KeyCustody", "deleted");
  ASSERT_EQ(deleted.size(), 1u);
  EXPECT_GT(deleted[0].id, custody_released[0].id);
  // Nothing held at the end.
  auto inventory = hsm_records(records, "KeyInventory");
  ASSERT_EQ(inventory.size(), 1u);
  EXPECT_EQ(inventory[0].outcome, "empty");
}

TEST(HsmDelegation, AnotherVnfciTheVnfmItselfAndUnknownHandlesAreRefused) {
  Lab lab;
  auto records = run(lab, json::object(),
                     {{"vnfm-1", "test-vnfm", {{"release_at_ms", 200}}},
                      {"vnfci-b", "test-hmee", json::object()},
                      {"vnfci-c", "test-hmee", {{"handle", "hsm-1/key-99"}, {"start_ms", 800}}},
                      {"vnfci-a", "test-hmee", {{"names", "vnfci-z"}, {"start_ms", 1100}}}});
  auto refused = hsm_records(records, "ReleaseKeyPair", "refused");
  ASSERT_EQ(refused.size(), 4u);
  std::map<std::string, std::string> reason;
  for (const auto& r : refused) reason[r.peer] = detail(r, "reason");
  EXPECT_NE(reason["vnfm-1"].find("only to the designated VNFCI"), std::string::npos);
  EXPECT_EQ(reason["vnfci-b"], "handle designated for another VNFCI");
  EXPECT_EQ(reason["vnfci-c"], "unknown handle");
  EXPECT_EQ(reason["vnfci-a"], "HMEE certificate does not name vnfci-a");
  EXPECT_TRUE(hsm_records(records, "ReleaseKeyPair", "released").empty());
  EXPECT_TRUE(hsm_records(records, "KeyCustody", "released").empty());
  for (const auto* who : {"vnfci-b", "vnfci-c"}) {
    ASSERT_EQ(lab.hmee_answers[who].size(), 1u) << who;
    auto r = messages::from_envelope<messages::ReleaseKeyPairResponse>(lab.hmee_answers[who][0]);
    ASSERT_TRUE(static_cast<bool>(r));
    EXPECT_EQ(r->status, "error");
    EXPECT_FALSE(r->private_key.has_value());
  }
  // The key is still in the HSM: the end-of-run inventory lists it.
  auto inventory = hsm_records(records, "KeyInventory");
  ASSERT_EQ(inventory.size(), 1u);
  EXPECT_EQ(inventory[0].outcome, "held");
  EXPECT_EQ(detail(inventory[0], "key_fp"), key_fingerprint(*lab.public_key));
  EXPECT_EQ(detail(inventory[0], "vnfci"), "vnfci-a");
}

TEST(HsmDelegation, FaultReleaseToAnyoneHandsTheKeyToAnotherVnfci) {
  Lab lab;
  auto records =
      run(lab, {{"delegation_faults", {"release_to_anyone"}}},
          {{"vnfm-1", "test-vnfm", json::object()}, {"vnfci-b", "test-hmee", json::object()}});
  auto released = hsm_records(records, "KeyCustody", "released");
  ASSERT_EQ(released.size(), 1u);
  EXPECT_EQ(detail(released[0], "peer"), "vnfci-b");
  EXPECT_EQ(detail(released[0], "vnfci"), "vnfci-a");
}

TEST(HsmDelegation, FaultKeepAfterReleaseLeavesTheKeyInTheHsm) {
  Lab lab;
  auto records =
      run(lab, {{"delegation_faults", {"keep_after_release"}}},
          {{"vnfm-1", "test-vnfm", json::object()}, {"vnfci-a", "test-hmee", json::object()}});
  EXPECT_EQ(hsm_records(records, "KeyCustody", "released").size(), 1u);
  EXPECT_TRUE(hsm_records(records, "KeyCustody", "deleted").empty());
  auto inventory = hsm_records(records, "KeyInventory");
  ASSERT_EQ(inventory.size(), 1u);
  EXPECT_EQ(inventory[0].outcome, "held");
}

TEST(HsmDelegation, OnlyTheOwnerDeletesAKey) {
  Lab lab;
  auto records = run(lab, json::object(),
                     {{"vnfm-1", "test-vnfm", {{"delete_at_ms", 300}}},
                      {"vnfm-2",
                       "test-vnfm",
                       {{"generate", false}, {"delete_at_ms", 200}, {"handle", "hsm-1/key-1"}}}});
  ASSERT_EQ(lab.handle, "hsm-1/key-1");
  auto deletes = hsm_records(records, "DeleteKey");
  ASSERT_EQ(deletes.size(), 2u);
  EXPECT_EQ(deletes[0].peer, "vnfm-2");
  EXPECT_EQ(deletes[0].outcome, "rejected");
  EXPECT_EQ(detail(deletes[0], "reason"), "handle of another client");
  EXPECT_EQ(deletes[1].peer, "vnfm-1");
  EXPECT_EQ(deletes[1].outcome, "ok");
  auto deleted = hsm_records(records, "KeyCustody", "deleted");
  ASSERT_EQ(deleted.size(), 1u);
  EXPECT_EQ(detail(deleted[0], "reason"), "vnfci removed");
  auto inventory = hsm_records(records, "KeyInventory");
  ASSERT_EQ(inventory.size(), 1u);
  EXPECT_EQ(inventory[0].outcome, "empty");
}

TEST(HsmDelegation, CheckParamsKnowsTheDelegationFaults) {
  sim::ActorRegistry registry;
  register_hsm_actor(registry);
  std::vector<sim::Diagnostic> out;
  registry.find("hsm")->check_params({{"delegation_faults", {"keep_after_release"}}}, out);
  EXPECT_TRUE(out.empty());
  registry.find("hsm")->check_params({{"delegation_faults", {"keep_after_relase"}}}, out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].pointer, "/delegation_faults/0");
}

}  // namespace
}  // namespace ifa026::actors::hsm_delegation_test
