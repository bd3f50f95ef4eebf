// Tests for the `hsm` actor in a simulation with a scripted entity on HSM-If: the vendor root
// handed out at start, keygen -> attestation -> CSR signing with processing times, the statement
// verified against the vendor root and the CSR's key, a forged statement failing, bad requests
// answered with errors, private keys never leaving the HSM, and parameter checking.
#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "actors/common/envelope.hpp"
#include "actors/common/pki_clock.hpp"
#include "actors/common/trace_detail.hpp"
#include "actors/hsm/hsm_actor.hpp"
#include "actors/messages/reference_points.hpp"
#include "pki/csr.hpp"
#include "pki/key.hpp"
#include "pki/key_attestation.hpp"
#include "sim/simulation.hpp"
#include "tests/support/scenario_builder.hpp"

namespace ifa026::actors::hsm_actor_test {
namespace {

using nlohmann::json;
using sim::Duration;
using sim::Time;

constexpr const char* kHsm = "hsm-1";
constexpr const char* kEntity = "nfvo";
constexpr const char* kStep = "C.4.1.2.7#0";
const pki::Bytes kNonce = {'c', 'm', 'f', '-', 'n', 'o', 'n', 'c', 'e', 0x00, 0x07};

struct Received {
  Time time;
  Envelope envelope;
  pki::Bytes payload;
};

// What the entity does and what it saw; outlives the simulation.
struct Script {
  bool round_trip = true;  // keygen, then attestation, then CSR signing
  // Extra requests sent at a time (payloads as they are).
  std::vector<std::pair<Duration, pki::Bytes>> extra;
  std::vector<Received> received;
  std::vector<Time> requests_sent;
};

pki::Bytes request(const std::string& operation, json body) {
  return encode_envelope(Envelope{operation, kStep, std::move(body)});
}

class Entity final : public sim::Actor {
 public:
  Entity(sim::ActorContext& context, Script& script) : Actor(context), script_(script) {}

  void on_start() override {
    if (script_.round_trip)
      context().schedule(Duration::milliseconds(10), "Keygen", [this] {
        send(request("GenerateKeyPairRequest", {{"key_type", "ec-p256"}}));
      });
    for (const auto& [at, payload] : script_.extra)
      context().schedule(at, "Extra", [this, payload = payload] { send(payload); });
  }

  void on_message(const sim::Message& message) override {
    auto envelope = decode_envelope(message.payload);
    ASSERT_TRUE(envelope.has_value());
    script_.received.push_back({context().now(), *envelope, message.payload});
    if (!script_.round_trip || get_string(envelope->body, "status") != "ok") return;
    const std::string handle = get_string(envelope->body, "handle");
    if (envelope->operation == "GenerateKeyPairResponse") {
      json body = {{"handle", handle}};
      set_bytes(body, "nonce", kNonce);
      send(request("KeyAttestationRequest", body));
    } else if (envelope->operation == "KeyAttestationResponse") {
      json body = {{"handle", handle},
                   {"subject", "CN=nfvo.example.net,O=Operator,C=FR"},
                   {"dns", json::array({"nfvo.example.net"})},
                   {"nf_types", json::array({"NFVO"})}};
      set_bytes(body, "key_attestation", *get_bytes(envelope->body, "statement"));
      send(request("SignCsrRequest", body));
    }
  }

 private:
  void send(pki::Bytes payload) {
    auto envelope = decode_envelope(payload);
    sim::Message m;
    m.to = kHsm;
    m.reference_point = reference_points::kHsmIf;
    m.operation = envelope ? envelope->operation : "Garbage";
    m.step = envelope ? envelope->step : "";
    m.payload = std::move(payload);
    script_.requests_sent.push_back(context().now());
    context().send(std::move(m));
  }

  Script& script_;
};

struct RunResult {
  std::vector<sim::TraceRecord> records;
  pki::Instant end;
};

RunResult run(Script& script, json hsm_params) {
  sim::ActorRegistry registry;
  register_hsm_actor(registry);
  sim::ActorType entity;
  entity.description = "test entity on HSM-If";
  entity.create = [&script](sim::ActorContext& context, const sim::ActorSpec&) {
    return std::make_unique<Entity>(context, script);
  };
  entity.check_params = [](const json&, std::vector<sim::Diagnostic>&) {};
  registry.add("entity", std::move(entity));

  if (!hsm_params.contains("vendor_root_recipients"))
    hsm_params["vendor_root_recipients"] = json::array({kEntity});
  sim::Simulation simulation(test::ScenarioBuilder("hsm-actor-test")
                                 .epoch("2030-01-01T00:00:00Z")
                                 .seed(5)
                                 .duration("2s")
                                 .actor(kHsm, "hsm", hsm_params, "operator")
                                 .actor(kEntity, "entity", json::object(), "operator")
                                 .load(registry),
                             registry);
  sim::TraceStore store;
  simulation.trace().subscribe(store);
  simulation.run();
  return {store.records(), pki_instant(simulation.epoch(), simulation.now())};
}

const Received* find(const Script& script, const std::string& operation) {
  for (const auto& r : script.received)
    if (r.envelope.operation == operation) return &r;
  return nullptr;
}

std::vector<sim::TraceRecord> decisions(const std::vector<sim::TraceRecord>& records,
                                        const std::string& operation) {
  std::vector<sim::TraceRecord> out;
  for (const auto& r : records)
    if (r.kind == sim::RecordKind::decision && r.actor == kHsm && r.operation == operation)
      out.push_back(r);
  return out;
}

// Whether `payload` holds, at any offset, a DER private key (PKCS#8 or SEC1) whose public key is
// `key`.
bool holds_private_key(const pki::Bytes& payload, const pki::PublicKey& key) {
  for (std::size_t i = 0; i + 2 <= payload.size(); ++i) {
    if (payload[i] != 0x30) continue;
    std::size_t length = payload[i + 1];
    std::size_t header = 2;
    if (length & 0x80) {
      const std::size_t octets = length & 0x7f;
      if (octets == 0 || octets > 3 || i + 2 + octets > payload.size()) continue;
      length = 0;
      for (std::size_t k = 0; k < octets; ++k) length = length << 8 | payload[i + 2 + k];
      header += octets;
    }
    if (i + header + length > payload.size()) continue;
    try {
      auto candidate =
          pki::PrivateKey::from_der(pki::ByteView(payload).subspan(i, header + length));
      if (candidate.public_key() == key) return true;
    } catch (const pki::PkiError&) {
    }
  }
  return false;
}

pki::KeyAttestationPolicy strict_policy() {
  pki::KeyAttestationPolicy policy;
  policy.minimum_level = "fips140-3-l3";
  policy.max_age_seconds = 60;
  return policy;
}

TEST(HsmActor, KeygenAttestationAndCsrSigningRoundTrip) {
  Script script;
  auto result = run(script, json::object());

  // The vendor root reached the entity at start.
  const Received* root_message = find(script, "HsmVendorRoot");
  ASSERT_NE(root_message, nullptr);
  EXPECT_EQ(root_message->time, Time::zero() + Duration::milliseconds(1));
  const auto vendor_root =
      pki::Certificate::from_der(*get_bytes(root_message->envelope.body, "vendor_root"));
  EXPECT_EQ(vendor_root.subject().to_string(), "CN=hsm-1 Vendor Root,O=ifa026 HSM vendors");
  EXPECT_EQ(vendor_root.subject(), vendor_root.issuer());

  const Received* keygen = find(script, "GenerateKeyPairResponse");
  const Received* attestation = find(script, "KeyAttestationResponse");
  const Received* signing = find(script, "SignCsrResponse");
  ASSERT_TRUE(keygen && attestation && signing);
  for (const Received* r : {keygen, attestation, signing}) {
    EXPECT_EQ(get_string(r->envelope.body, "status"), "ok") << r->envelope.body.dump();
    EXPECT_EQ(r->envelope.step, kStep);
  }
  // Processing times: request at 10 ms, 1 ms each way, keygen 20 ms, attest 5 ms, sign 5 ms.
  EXPECT_EQ(keygen->time, Time::zero() + Duration::milliseconds(32));
  EXPECT_EQ(attestation->time, Time::zero() + Duration::milliseconds(39));
  EXPECT_EQ(signing->time, Time::zero() + Duration::milliseconds(46));

  const std::string handle = get_string(keygen->envelope.body, "handle");
  EXPECT_FALSE(handle.empty());
  const auto public_key = pki::PublicKey::from_der(*get_bytes(keygen->envelope.body, "public_key"));
  EXPECT_EQ(public_key.type(), pki::KeyType::ec_p256);

  const auto csr = pki::Csr::from_der(*get_bytes(signing->envelope.body, "csr"));
  EXPECT_TRUE(csr.signature_valid());
  EXPECT_EQ(csr.public_key(), public_key);
  const auto content = csr.content();
  EXPECT_EQ(content.subject.to_string(), "CN=nfvo.example.net,O=Operator,C=FR");
  EXPECT_EQ(content.san.dns, std::vector<std::string>{"nfvo.example.net"});
  EXPECT_EQ(content.nf_types, std::vector<std::string>{"NFVO"});
  const auto statement_der = *get_bytes(attestation->envelope.body, "statement");
  ASSERT_TRUE(content.key_attestation.has_value());
  EXPECT_EQ(*content.key_attestation, statement_der);

  // The statement verifies against the vendor root for the CSR's key and the nonce.
  const auto statement = pki::KeyAttestationStatement::from_der(*content.key_attestation);
  const auto verdict = pki::verify_key_attestation(statement, csr.public_key(), kNonce,
                                                   strict_policy(), {vendor_root}, result.end);
  EXPECT_TRUE(verdict.ok()) << verdict.reason() << ": " << verdict.detail;
  EXPECT_EQ(statement.properties().security_level, "fips140-3-l3");
  EXPECT_TRUE(statement.properties().generated_in_hsm);
  EXPECT_TRUE(statement.properties().non_exportable);
  EXPECT_EQ(statement.attested_at().unix_ns,
            pki::Instant::from_seconds(1893456000).unix_ns + 38'000'000);  // at 38 ms
  // Another key or another nonce does not pass.
  EXPECT_EQ(pki::verify_key_attestation(statement, pki::PrivateKey::generate().public_key(), kNonce,
                                        strict_policy(), {vendor_root}, result.end)
                .failure,
            pki::KeyAttestationFailure::key_mismatch);
  EXPECT_EQ(pki::verify_key_attestation(statement, public_key, pki::Bytes{1, 2, 3}, strict_policy(),
                                        {vendor_root}, result.end)
                .failure,
            pki::KeyAttestationFailure::nonce_mismatch);

  // Decisions, one per operation, naming the handle.
  for (const char* operation : {"GenerateKeyPair", "AttestKey", "SignCsr"}) {
    auto records = decisions(result.records, operation);
    ASSERT_EQ(records.size(), 1u) << operation;
    EXPECT_EQ(records[0].outcome, "ok");
    EXPECT_EQ(records[0].step, kStep);
    EXPECT_EQ(trace_detail_value(records[0].detail, "handle"), handle);
  }

  // The private key never left the HSM: no payload holds it. The scan finds a key it should.
  for (const auto& r : script.received) EXPECT_FALSE(holds_private_key(r.payload, public_key));
  const auto control = pki::PrivateKey::generate();
  pki::Bytes planted = keygen->payload;
  const auto control_der = control.to_der();
  planted.insert(planted.end(), control_der.begin(), control_der.end());
  EXPECT_TRUE(holds_private_key(planted, control.public_key()));
}

TEST(HsmActor, ForgedAttestationDoesNotChainToTheVendorRoot) {
  Script script;
  auto result = run(script, {{"forge_attestation", true}});
  const Received* root_message = find(script, "HsmVendorRoot");
  const Received* signing = find(script, "SignCsrResponse");
  ASSERT_TRUE(root_message && signing);
  const auto vendor_root =
      pki::Certificate::from_der(*get_bytes(root_message->envelope.body, "vendor_root"));
  const auto csr = pki::Csr::from_der(*get_bytes(signing->envelope.body, "csr"));
  ASSERT_TRUE(csr.content().key_attestation.has_value());
  const auto statement = pki::KeyAttestationStatement::from_der(*csr.content().key_attestation);
  // Well formed and signed by its own chain, whose root merely copies the vendor's name.
  ASSERT_EQ(statement.attestation_chain().size(), 2u);
  EXPECT_EQ(statement.attestation_chain()[1].subject(), vendor_root.subject());
  EXPECT_NE(statement.attestation_chain()[1], vendor_root);
  const auto verdict = pki::verify_key_attestation(statement, csr.public_key(), kNonce,
                                                   strict_policy(), {vendor_root}, result.end);
  EXPECT_EQ(verdict.failure, pki::KeyAttestationFailure::chain_not_to_vendor_root)
      << verdict.detail;
}

TEST(HsmActor, BadRequestsAreAnsweredWithErrors) {
  Script script;
  script.round_trip = false;
  json generate = {{"key_type", "ec-p256"}};
  script.extra = {
      {Duration::milliseconds(5), request("GenerateKeyPairRequest", {{"key_type", "dsa-512"}})},
      {Duration::milliseconds(6), request("KeyAttestationRequest", {{"handle", "no-such-key"}})},
      {Duration::milliseconds(7),
       request("SignCsrRequest",
               {{"handle", "no-such-key"}, {"subject", "CN=x"}, {"dns", json::array()}})},
      {Duration::milliseconds(8), request("GenerateKeyPairRequest", generate)},
      {Duration::milliseconds(100),
       request("SignCsrRequest",
               {{"handle", "hsm-1/key-1"}, {"subject", "not a name"}, {"dns", json::array()}})},
      {Duration::milliseconds(110),
       request("ExportPrivateKeyRequest", {{"handle", "hsm-1/key-1"}})},
      {Duration::milliseconds(120), pki::Bytes{0x01, 0x02, 0x03}},
      {Duration::milliseconds(130),
       request("SignCsrRequest", {{"handle", "hsm-1/key-1"},
                                  {"subject", "CN=vim.example.net"},
                                  {"dns", json::array({"vim.example.net"})}})},
  };
  auto result = run(script, json::object());

  std::vector<std::pair<std::string, std::string>> answers;
  for (const auto& r : script.received)
    if (r.envelope.operation != "HsmVendorRoot")
      answers.emplace_back(r.envelope.operation, get_string(r.envelope.body, "status"));
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"GenerateKeyPairResponse", "error"}, {"KeyAttestationResponse", "error"},
      {"SignCsrResponse", "error"},         {"GenerateKeyPairResponse", "ok"},
      {"SignCsrResponse", "error"},         {"SignCsrResponse", "ok"}};
  EXPECT_EQ(answers, expected);
  for (const auto& r : script.received)
    if (get_string(r.envelope.body, "status") == "error") {
      EXPECT_FALSE(get_string(r.envelope.body, "reason").empty());
    }
  // Errors are answered at once (1 ms link each way), with no processing time.
  ASSERT_GE(script.received.size(), 3u);
  EXPECT_EQ(script.received[1].time, Time::zero() + Duration::milliseconds(7));

  auto signs = decisions(result.records, "SignCsr");
  ASSERT_EQ(signs.size(), 3u);
  EXPECT_EQ(signs[0].outcome, "rejected");
  EXPECT_EQ(trace_detail_value(signs[0].detail, "reason"), "unknown handle");
  EXPECT_EQ(signs[1].outcome, "rejected");
  EXPECT_EQ(signs[2].outcome, "ok");
  // The unknown operation and the non-envelope are traced rejections without an answer.
  EXPECT_EQ(decisions(result.records, "ExportPrivateKeyRequest").size(), 1u);
  EXPECT_EQ(decisions(result.records, "Garbage").size(), 1u);
  EXPECT_EQ(decisions(result.records, "Garbage")[0].outcome, "rejected");
}

// Issue 20: SignDataRequest signs with a held key (a TLS CertificateVerify of the entity), only
// for a known handle; corrupt_signatures (a fault) makes signatures that do not verify.
void expect_sign_data(bool corrupt) {
  Script script;
  script.round_trip = false;
  const pki::Bytes data = {'t', 'l', 's', 0x00, 0x20, 0x20};
  json sign = {{"handle", "hsm-1/key-1"}, {"purpose", "tls-certificate-verify"}};
  set_bytes(sign, "data", data);
  sign["context"] = {{"request", 7}};
  json unknown = sign;
  unknown["handle"] = "no-such-key";
  script.extra = {
      {Duration::milliseconds(5), request("GenerateKeyPairRequest", {{"key_type", "ec-p256"}})},
      {Duration::milliseconds(100), request("SignDataRequest", unknown)},
      {Duration::milliseconds(110), request("SignDataRequest", sign)},
  };
  auto result = run(script, json{{"corrupt_signatures", corrupt}});
  const Received* generated = find(script, "GenerateKeyPairResponse");
  ASSERT_NE(generated, nullptr);
  const auto public_key =
      pki::PublicKey::from_der(*get_bytes(generated->envelope.body, "public_key"));
  std::vector<const Received*> answers;
  for (const auto& r : script.received)
    if (r.envelope.operation == "SignDataResponse") answers.push_back(&r);
  ASSERT_EQ(answers.size(), 2u);
  EXPECT_EQ(get_string(answers[0]->envelope.body, "status"), "error");
  EXPECT_EQ(get_string(answers[0]->envelope.body, "reason"), "unknown handle");
  const auto& signed_answer = answers[1]->envelope.body;
  EXPECT_EQ(get_string(signed_answer, "status"), "ok");
  EXPECT_EQ(signed_answer["context"]["request"], 7);
  const auto signature = get_bytes(signed_answer, "signature");
  ASSERT_TRUE(signature.has_value());
  EXPECT_EQ(public_key.verify(data, *signature), !corrupt);
  const auto signs = decisions(result.records, "SignData");
  ASSERT_EQ(signs.size(), 2u);
  EXPECT_EQ(signs[0].outcome, "rejected");
  EXPECT_EQ(signs[1].outcome, "ok");
  EXPECT_EQ(trace_detail_value(signs[1].detail, "purpose"), "tls-certificate-verify");
  const auto fault = trace_detail_value(signs[1].detail, "fault");
  if (corrupt)
    EXPECT_EQ(fault, std::optional<std::string>("corrupt_signatures"));
  else
    EXPECT_FALSE(fault.has_value()) << *fault;
}

TEST(HsmActor, SignDataSignsWithAHeldKeyForTls) {
  expect_sign_data(false);
}

TEST(HsmActor, CorruptSignaturesMakesSignaturesThatDoNotVerify) {
  expect_sign_data(true);
}

TEST(HsmActor, KeyGenerationQueuesUnderTheConcurrencyLimit) {
  Script script;
  script.round_trip = false;
  const auto generate = request("GenerateKeyPairRequest", {{"key_type", "ec-p256"}});
  script.extra = {{Duration::milliseconds(10), generate}, {Duration::milliseconds(10), generate}};
  run(script, {{"processing", {{"keygen", "40ms"}}}});
  std::vector<Time> times;
  std::vector<std::string> handles;
  for (const auto& r : script.received)
    if (r.envelope.operation == "GenerateKeyPairResponse") {
      times.push_back(r.time);
      handles.push_back(get_string(r.envelope.body, "handle"));
    }
  ASSERT_EQ(times.size(), 2u);
  EXPECT_EQ(times[0], Time::zero() + Duration::milliseconds(52));
  EXPECT_EQ(times[1] - times[0], Duration::milliseconds(40));
  EXPECT_NE(handles[0], handles[1]);
}

TEST(HsmActor, CheckParams) {
  sim::ActorRegistry registry;
  register_hsm_actor(registry);
  const sim::ActorType* type = registry.find("hsm");
  ASSERT_NE(type, nullptr);
  std::vector<sim::Diagnostic> out;
  type->check_params({{"vendor", "CN=Acme HSM Root,O=Acme"},
                      {"security_level", "fips140-2-l4"},
                      {"generated_in_hsm", true},
                      {"non_exportable", true},
                      {"processing", {{"keygen", "20ms"}, {"attest", "5ms"}, {"sign", "5ms"}}},
                      {"concurrency", 2u},
                      {"forge_attestation", false},
                      {"vendor_root_recipients", json::array({"cmf"})}},
                     out);
  EXPECT_TRUE(out.empty()) << out.front().message;
  auto pointers = [&](json params) {
    std::vector<sim::Diagnostic> found;
    type->check_params(params, found);
    std::vector<std::string> list;
    for (const auto& d : found) list.push_back(d.pointer);
    return list;
  };
  EXPECT_EQ(pointers({{"vendor", "Acme"}}), std::vector<std::string>{"/vendor"});
  EXPECT_EQ(pointers({{"processing", {{"keygne", "1ms"}}}}),
            std::vector<std::string>{"/processing/keygne"});
  EXPECT_EQ(pointers({{"rotate_keys", true}}), std::vector<std::string>{"/rotate_keys"});
  EXPECT_EQ(pointers({{"forge_attestation", "yes"}}),
            std::vector<std::string>{"/forge_attestation"});
}

}  // namespace
}  // namespace ifa026::actors::hsm_actor_test
