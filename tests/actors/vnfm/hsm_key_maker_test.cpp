// Tests for the delegate VNFM's HSM key maker (issue 17; actors/vnfm/hsm_key_maker.hpp;
// C.2.2.2.7 #0) against a real `hsm` actor in a small simulation: two identities made at once are
// told apart by the echoed context; each gets a handle, a CSR signed in the HSM with the key whose
// fingerprint is returned, the key attestation bound to the delegation's nonce when one is given;
// the HSM recorded the key as designated for the VNFCI (release_to) and wrote KeyCustody
// generated; the VNFM records GenerateKey key_in=hsm and never holds the private key; an HSM that
// does not answer fails the identity after the timeout; delete_key has the HSM delete it.
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "actors/common/envelope.hpp"
#include "actors/common/key_custody.hpp"
#include "actors/common/mano_entity.hpp"
#include "actors/common/secure_channels.hpp"
#include "actors/common/trace_detail.hpp"
#include "actors/hsm/hsm_actor.hpp"
#include "actors/toolkit/message_handlers.hpp"
#include "actors/toolkit/nfv_actor.hpp"
#include "actors/vnfm/hsm_key_maker.hpp"
#include "pki/csr.hpp"
#include "pki/key_attestation.hpp"
#include "sim/simulation.hpp"
#include "tests/support/scenario_builder.hpp"

namespace ifa026::actors::hsm_key_maker_test {
namespace {

using nlohmann::json;
using sim::Duration;

struct Results {
  std::map<std::string, vnfm::DelegatedKey> keys;  // by identity
};

// A minimal MANO entity host around the maker: at 10 ms it asks for two identities of vnfci-1
// ("web" with the nonce 0a0b0c, "api" without); with "delete_at_ms" it deletes web's key.
class TestVnfm final : public NfvActor, public ManoEntityHost {
 public:
  TestVnfm(sim::ActorContext& context, const sim::ActorSpec& spec, Results& results)
      : NfvActor(context, spec),
        results_(results),
        params_(spec.params),
        channels_(context, [](const ChannelMessage&) {}),
        requests_(NfvActor::guard()),
        day0_requests_(NfvActor::guard()),
        plain_(NfvActor::guard()),
        maker_(*this, spec.params.value("hsm", "hsm-1"), Duration::seconds(2)) {}

  sim::ActorContext& actor_context() override { return context(); }
  SecureChannels& channels() override { return channels_; }
  bool can_authenticate() const override { return false; }
  std::string entity_fqdn() const override { return "vnfm-1.example.net"; }
  Tracer& tracer() override { return NfvActor::tracer(); }
  HandlerGuard& guard() override { return NfvActor::guard(); }
  sim::EventId schedule(sim::Duration delay, std::string label,
                        std::function<void()> callback) override {
    return NfvActor::schedule(delay, std::move(label), std::move(callback));
  }
  void send_envelope(const std::string& to, const std::string& reference_point,
                     const Envelope& envelope) override {
    NfvActor::send_envelope(to, reference_point, envelope);
  }
  MessageHandlers<ChannelMessage>& request_handlers() override { return requests_; }
  MessageHandlers<ChannelMessage>& day0_request_handlers() override { return day0_requests_; }
  MessageHandlers<sim::Message>& extension_plain_handlers() override { return plain_; }

 private:
  void start() override {
    NfvActor::schedule(Duration::milliseconds(10), "make", [this] {
      for (const char* identity : {"web", "api"}) {
        vnfm::DelegatedKeyRequest request;
        request.vnf = "vnf-1";
        request.vnfci = "vnfci-1";
        request.identity = identity;
        request.certificate_type = "vnfci";
        request.subject = std::string("CN=") + identity + ".example.net,O=Operator";
        request.dns = {std::string(identity) + ".example.net"};
        request.key_type = "ec-p256";
        if (std::string(identity) == "web") request.attestation_nonce = "0a0b0c";
        request.step = "C.2.2.2.7#0";
        maker_.make(request, [this, id = std::string(identity)](vnfm::DelegatedKey key) {
          results_.keys[id] = std::move(key);
        });
      }
    });
    if (params_.contains("delete_at_ms"))
      NfvActor::schedule(Duration::milliseconds(params_["delete_at_ms"].get<int>()), "delete",
                         [this] {
                           maker_.delete_key(results_.keys["web"].hsm_handle.value_or(""),
                                             "retention expired", "");
                         });
  }
  void receive(const sim::Message& message) override {
    auto envelope = decode_envelope(message.payload);
    if (!envelope) return;
    plain_.dispatch(*envelope, message, {.operation = envelope->operation, .peer = message.from});
  }

  Results& results_;
  json params_;
  SecureChannels channels_;
  MessageHandlers<ChannelMessage> requests_;
  MessageHandlers<ChannelMessage> day0_requests_;
  MessageHandlers<sim::Message> plain_;
  vnfm::HsmKeyMaker maker_;
};

std::vector<sim::TraceRecord> run(Results& results, const json& vnfm_params) {
  sim::ActorRegistry registry;
  register_hsm_actor(registry);
  sim::ActorType type;
  type.description = "test-vnfm";
  type.create = [&results](sim::ActorContext& c, const sim::ActorSpec& s) {
    return std::make_unique<TestVnfm>(c, s, results);
  };
  type.check_params = [](const json&, std::vector<sim::Diagnostic>&) {};
  registry.add("test-vnfm", std::move(type));
  test::ScenarioBuilder scenario("hsm-key-maker-test");
  scenario.epoch("2030-01-01T00:00:00Z")
      .seed(0)
      .duration("10s")
      .actor("hsm-1", "hsm", json::object(), "operator")
      .actor("vnfm-1", "test-vnfm", vnfm_params, "operator");
  sim::Simulation simulation(scenario.load(registry), registry);
  sim::TraceStore store;
  simulation.trace().subscribe(store);
  simulation.run();
  simulation.finish();
  return store.records();
}

std::vector<sim::TraceRecord> find(const std::vector<sim::TraceRecord>& records,
                                   const std::string& actor, const std::string& operation,
                                   const std::string& outcome = "") {
  std::vector<sim::TraceRecord> out;
  for (const auto& r : records)
    if (r.actor == actor && r.kind == sim::RecordKind::decision && r.operation == operation &&
        (outcome.empty() || r.outcome == outcome))
      out.push_back(r);
  return out;
}

std::string detail(const sim::TraceRecord& r, const std::string& key) {
  return trace_detail_value(r.detail, key).value_or("");
}

TEST(HsmKeyMaker, MakesKeysAndCsrsInTheHsmForTheDesignatedVnfci) {
  Results results;
  auto records = run(results, json::object());
  ASSERT_EQ(results.keys.size(), 2u);
  for (const auto& [identity, key] : results.keys) {
    SCOPED_TRACE(identity);
    ASSERT_TRUE(key.ok) << key.reason;
    ASSERT_TRUE(key.hsm_handle.has_value());
    EXPECT_EQ(key.hsm_handle->rfind("hsm-1/key-", 0), 0u);
    EXPECT_FALSE(key.private_key.has_value());  // the VNFM never holds it
    const pki::Csr csr = pki::Csr::from_der(key.csr);
    EXPECT_TRUE(csr.signature_valid());
    EXPECT_EQ(key_fingerprint(csr.public_key()), key.key_fp);
    EXPECT_EQ(csr.content().subject.to_string(), "CN=" + identity + ".example.net,O=Operator");
    EXPECT_EQ(csr.content().san.dns, (std::vector<std::string>{identity + ".example.net"}));
  }
  EXPECT_NE(results.keys["web"].key_fp, results.keys["api"].key_fp);
  // The statement is bound to the delegation's nonce and to web's key; api asked for none.
  ASSERT_TRUE(results.keys["web"].key_attestation.has_value());
  const auto statement =
      pki::KeyAttestationStatement::from_der(*results.keys["web"].key_attestation);
  EXPECT_EQ(statement.nonce(), (pki::Bytes{0x0a, 0x0b, 0x0c}));
  EXPECT_EQ(statement.spki_sha256(),
            pki::Csr::from_der(results.keys["web"].csr).public_key().spki_sha256());
  EXPECT_FALSE(results.keys["api"].key_attestation.has_value());
  EXPECT_EQ(pki::Csr::from_der(results.keys["web"].csr).content().key_attestation,
            results.keys["web"].key_attestation);

  // The HSM: both keys designated for vnfci-1, KeyCustody generated with the same fingerprints.
  auto made = find(records, "hsm-1", "GenerateKeyPair", "ok");
  ASSERT_EQ(made.size(), 2u);
  for (const auto& r : made) {
    EXPECT_EQ(detail(r, "release_to"), "vnfci-1");
    EXPECT_EQ(r.step, "C.2.2.2.7#0");
  }
  auto generated = find(records, "hsm-1", "KeyCustody", "generated");
  ASSERT_EQ(generated.size(), 2u);
  std::map<std::string, std::string> fp_of;
  for (const auto& r : generated) fp_of[detail(r, "identity")] = detail(r, "key_fp");
  EXPECT_EQ(fp_of["web"], results.keys["web"].key_fp);
  EXPECT_EQ(fp_of["api"], results.keys["api"].key_fp);
  // The VNFM: GenerateKey in the HSM, no custody of its own.
  auto vnfm_keys = find(records, "vnfm-1", "GenerateKey", "ok");
  ASSERT_EQ(vnfm_keys.size(), 2u);
  for (const auto& r : vnfm_keys) {
    EXPECT_EQ(detail(r, "key_in"), "hsm");
    EXPECT_EQ(detail(r, "vnfci"), "vnfci-1");
    EXPECT_EQ(detail(r, "certificate_type"), "vnfci");
    EXPECT_EQ(r.step, "C.2.2.2.7#0");
  }
  EXPECT_TRUE(find(records, "vnfm-1", "KeyCustody").empty());
  // Both keys still in the HSM at the end (nobody fetched them).
  EXPECT_EQ(find(records, "hsm-1", "KeyInventory", "held").size(), 2u);
}

TEST(HsmKeyMaker, AnHsmThatDoesNotAnswerFailsTheIdentity) {
  Results results;
  auto records = run(results, {{"hsm", "hsm-9"}});
  ASSERT_EQ(results.keys.size(), 2u);
  for (const auto& [identity, key] : results.keys) {
    EXPECT_FALSE(key.ok);
    EXPECT_EQ(key.reason, "HSM: no answer from the HSM hsm-9");
  }
  EXPECT_EQ(find(records, "vnfm-1", "GenerateKey", "failed").size(), 2u);
}

TEST(HsmKeyMaker, DeleteKeyHasTheHsmDeleteIt) {
  Results results;
  auto records = run(results, {{"delete_at_ms", 1000}});
  auto deletes = find(records, "hsm-1", "DeleteKey", "ok");
  ASSERT_EQ(deletes.size(), 1u);
  EXPECT_EQ(detail(deletes[0], "handle"), *results.keys["web"].hsm_handle);
  auto deleted = find(records, "hsm-1", "KeyCustody", "deleted");
  ASSERT_EQ(deleted.size(), 1u);
  EXPECT_EQ(detail(deleted[0], "key_fp"), results.keys["web"].key_fp);
  EXPECT_EQ(detail(deleted[0], "reason"), "retention expired");
  EXPECT_EQ(find(records, "hsm-1", "KeyInventory", "held").size(), 1u);
  EXPECT_TRUE(find(records, "vnfm-1", "DeleteKey").empty());  // no refusal
}

}  // namespace
}  // namespace ifa026::actors::hsm_key_maker_test
