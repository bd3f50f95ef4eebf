// Test-only actors and helpers for the CMF tests: a consumer that registers entities at the CMF
// over day-0 TLS (and asks for revocation), and an entity that sends a CertificateSigningRequest
// with a PBM-authenticated initial credential over server_auth TLS and verifies the certificate it
// gets back. Scenarios are built with test::ScenarioBuilder (cmf_world) and run with the real `ca`
// and `cmf` actors.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "actors/builtin_actors.hpp"
#include "actors/common/envelope.hpp"
#include "actors/common/pki_clock.hpp"
#include "actors/common/secure_channels.hpp"
#include "actors/common/trace_detail.hpp"
#include "actors/messages/reference_points.hpp"
#include "pki/certificate_authority.hpp"
#include "pki/chain_verifier.hpp"
#include "pki/crl.hpp"
#include "pki/csr.hpp"
#include "pki/key.hpp"
#include "pki/key_attestation.hpp"
#include "pki/password_based_mac.hpp"
#include "sim/scenario.hpp"
#include "sim/simulation.hpp"
#include "tests/actors/cmf/cmf_run_support.hpp"
#include "tests/support/scenario_builder.hpp"

namespace ifa026::actors::cmf_testing {

using cmf_runs::detail;
using cmf_runs::find;
using cmf_runs::Run;
using nlohmann::json;

constexpr const char* kTestPoint = "test";

// Registers entities (command "register": entity, kind, fqdn, step, credential, forward_to;
// `body` sends that body as it is instead) and revokes (command "revoke": entity, reason) at `cmf`
// over day-0 TLS; every registration response is forwarded as a plain "TestConfiguration" message
// to `forward_to` (default: the entity).
class TestConsumer final : public sim::Actor {
 public:
  TestConsumer(sim::ActorContext& context, const sim::ActorSpec& spec)
      : Actor(context),
        cmf_(spec.params.value("cmf", std::string("cmf"))),
        channels_(context, [this](const ChannelMessage& m) { on_channel(m); }) {
    if (auto it = spec.params.find("day0"); it != spec.params.end())
      for (const auto& [peer, secret] : it->items())
        channels_.credentials().day0_secrets[peer] = secret.get<std::string>();
  }

  void on_command(const sim::Command& command) override {
    if (command.name == "register") {
      json body = json::object();
      body["entity"] = command.args.value("entity", std::string());
      body["kind"] = command.args.value("kind", std::string("nfvo"));
      body["fqdn"] = command.args.value("fqdn", std::string());
      if (command.args.contains("credential")) body["credential"] = command.args["credential"];
      if (command.args.contains("body")) body = command.args["body"];
      const std::string entity = get_string(body, "entity");
      forward_[entity] = command.args.value("forward_to", entity);
      channels_.send(cmf_, ChannelKind::day0, reference_points::kCmf1,
                     Envelope{"RegisterEntityRequest",
                              command.args.value("step", std::string("C.4.1.1#0")), body});
      return;
    }
    if (command.name == "revoke") {
      json body = json::object();
      body["entity"] = command.args.value("entity", std::string());
      body["reason"] = command.args.value("reason", std::string("keyCompromise"));
      channels_.send(cmf_, ChannelKind::day0, reference_points::kCmf1,
                     Envelope{"RevokeCertificateRequest", "", body});
      return;
    }
    Actor::on_command(command);
  }

  void on_message(const sim::Message& message) override { channels_.handle(message); }

  std::vector<json> registrations;  // RegisterEntityResponse bodies
  std::vector<json> revocations;    // RevokeCertificateResponse bodies

 private:
  void on_channel(const ChannelMessage& m) {
    if (m.envelope.operation == "RegisterEntityResponse") {
      registrations.push_back(m.envelope.body);
      const std::string entity = get_string(m.envelope.body, "entity");
      auto it = forward_.find(entity);
      if (get_string(m.envelope.body, "status") == "registered" && it != forward_.end()) {
        sim::Message out;
        out.to = it->second;
        out.reference_point = kTestPoint;
        out.operation = "TestConfiguration";
        out.payload = encode_envelope(Envelope{"TestConfiguration", "", m.envelope.body});
        context().send(std::move(out));
      }
    } else if (m.envelope.operation == "RevokeCertificateResponse") {
      revocations.push_back(m.envelope.body);
    }
  }

  std::string cmf_;
  SecureChannels channels_;
  std::map<std::string, std::string> forward_;
};

struct CsrOutcome {
  std::string status;
  std::string reason;
  std::optional<pki::Certificate> certificate;
  std::vector<pki::Certificate> chain;
  std::string verification;  // "ok" or the failure
  sim::Time at;
};

// An entity: once configured (TestConfiguration), it waits `delay`, generates a P-256 key, builds
// a CSR for its FQDN (`fqdn` param overrides the registered one), MACs it with the initial
// secret (`secret` overrides it, `reference` overrides the reference) and sends it over
// server_auth TLS (`drop` names a member of its credential left out); `csr_count` CSRs one after
// the other. It verifies what it gets, keeps
// CertificateRemoved and the CRLs it receives on CRL-DP. With `attest` it also plays its own HSM
// vendor: at start it sends the CMF (`attest` names it) an HsmVendorRoot and puts a key-attestation
// statement bound to the CMF's nonce (or a wrong one, `wrong_nonce`) in its CSR.
class TestEntity final : public sim::Actor {
 public:
  TestEntity(sim::ActorContext& context, const sim::ActorSpec& spec)
      : Actor(context),
        params_(spec.params),
        channels_(context, [this](const ChannelMessage& m) { on_channel(m); }) {}

  void on_start() override {
    if (!params_.contains("attest")) return;
    const pki::Instant start{pki_now(context()).unix_ns - 86400LL * 1'000'000'000};
    vendor_.emplace(pki::CertificateAuthority::create_root(
        pki::DistinguishedName::parse("O=HSM Vendor,CN=HSM Vendor Root"),
        pki::PrivateKey::generate(), start, 3650LL * 86400));
    attestation_key_ = pki::PrivateKey::generate();
    pki::CsrContent content;
    content.subject = pki::DistinguishedName::parse("O=HSM Vendor,CN=hsm-1.vendor.example");
    content.san.dns = {"hsm-1.vendor.example"};
    pki::CertificateProfile profile;
    profile.extended_key_usage = {pki::ExtendedKeyUsage::client_auth};
    attestation_cert_ =
        vendor_->issue({pki::Csr::create(content, *attestation_key_), start, {}, {}, {}}, profile);
    json body = json::object();
    set_bytes(body, "vendor_root", vendor_->certificate().der());
    sim::Message out;
    out.to = params_["attest"].get<std::string>();
    out.reference_point = reference_points::kHsmIf;
    out.operation = "HsmVendorRoot";
    out.payload = encode_envelope(Envelope{"HsmVendorRoot", "", body});
    context().send(std::move(out));
  }

  void on_message(const sim::Message& message) override {
    if (channels_.handle(message)) return;
    auto envelope = decode_envelope(message.payload);
    if (!envelope) return;
    if (envelope->operation == "TestConfiguration") {
      configuration_ = envelope->body;
      const auto anchor = get_bytes(envelope->body, "trust_anchor");
      if (anchor) channels_.credentials().trust_anchors = {pki::Certificate::from_der(*anchor)};
      if (auto anchors = get_bytes_list(envelope->body, "trust_anchors")) {
        channels_.credentials().trust_anchors.clear();
        for (const auto& a : *anchors)
          channels_.credentials().trust_anchors.push_back(pki::Certificate::from_der(a));
      }
      cmf_ = get_string(envelope->body, "cmf");
      fqdn_ = params_.value("fqdn", get_string(envelope->body, "fqdn"));
      const auto delay =
          sim::parse_duration(params_.value("delay", std::string("0s"))).value_or(sim::Duration());
      context().schedule(delay, "SendCsr", [this] { send_csr(); });
    } else if (envelope->operation == "CrlPublication") {
      if (auto der = get_bytes(envelope->body, "crl")) crls.push_back(pki::Crl::from_der(*der));
    }
  }

  std::vector<CsrOutcome> outcomes;
  std::vector<json> removed;  // CertificateRemoved bodies
  std::vector<pki::Crl> crls;
  std::optional<pki::PrivateKey> key;
  std::string fqdn() const { return fqdn_; }

 private:
  void send_csr() {
    ++sent_;
    key = pki::PrivateKey::generate(pki::KeyType::ec_p256);
    pki::CsrContent content;
    content.subject = pki::DistinguishedName{{{"CN", fqdn_}, {"O", "Operator"}}};
    content.san.dns = {fqdn_};
    if (vendor_) {
      pki::Bytes nonce = get_bytes(configuration_, "attestation_nonce").value_or(pki::Bytes{});
      if (params_.value("wrong_nonce", false)) nonce.assign(16, 0x42);
      pki::KeyProperties properties;
      properties.generated_in_hsm = true;
      properties.non_exportable = true;
      properties.security_level = "fips140-3-l3";
      content.key_attestation = pki::KeyAttestationStatement::create(
                                    key->public_key(), properties, nonce, pki_now(context()),
                                    *attestation_key_, {*attestation_cert_})
                                    .der();
    }
    const pki::Csr csr = pki::Csr::create(content, *key);
    const json& initial = configuration_["initial_credential"];
    pki::Bytes secret = get_bytes(initial, "secret").value_or(pki::Bytes{});
    if (params_.contains("secret")) {
      const std::string s = params_["secret"].get<std::string>();
      secret.assign(s.begin(), s.end());
    }
    const pki::Bytes salt(16, static_cast<std::uint8_t>(0x5a + sent_));
    json credential = json::object();
    credential["reference"] = params_.value("reference", get_string(initial, "reference"));
    set_bytes(credential, "mac", pki::password_based_mac(secret, salt, csr.der()));
    set_bytes(credential, "salt", salt);
    credential["iterations"] = pki::kCmpPbmIterations;
    if (params_.contains("drop")) credential.erase(params_["drop"].get<std::string>());
    json body = json::object();
    set_bytes(body, "csr", csr.der());
    body["purpose"] = "enrolment";
    body["credential"] = credential;
    channels_.send(cmf_, ChannelKind::server_auth, reference_points::kCmf1,
                   Envelope{"CertificateSigningRequest", "C.4.1.2.6#0", body});
  }

  void on_channel(const ChannelMessage& m) {
    if (m.envelope.operation == "CertificateRemoved") {
      removed.push_back(m.envelope.body);
      return;
    }
    if (m.envelope.operation == "RevokeCertificateResponse") {
      revocations.push_back(m.envelope.body);
      return;
    }
    if (m.envelope.operation != "CertificateSigningResponse") return;
    CsrOutcome outcome;
    outcome.at = context().now();
    outcome.status = get_string(m.envelope.body, "status");
    outcome.reason = get_string(m.envelope.body, "reason");
    if (auto der = get_bytes(m.envelope.body, "certificate")) {
      outcome.certificate = pki::Certificate::from_der(*der);
      for (const auto& c :
           get_bytes_list(m.envelope.body, "chain").value_or(std::vector<pki::Bytes>{}))
        outcome.chain.push_back(pki::Certificate::from_der(c));
      pki::TrustStore store;
      for (const auto& a : channels_.credentials().trust_anchors) store.add_anchor(a);
      for (const auto& c : outcome.chain) store.add_intermediate(c);
      pki::VerifyOptions options;
      options.expected_dns_name = fqdn_;
      const auto verdict =
          pki::verify_certificate(*outcome.certificate, store, pki_now(context()), options);
      outcome.verification = verdict.ok() ? "ok" : std::string(pki::to_string(verdict.failure));
      if (!(outcome.certificate->public_key() == key->public_key())) outcome.verification = "key";
    }
    const bool renew_later =
        outcome.status == "issued" && params_.contains("renew_after") && outcomes.empty();
    outcomes.push_back(std::move(outcome));
    if (sent_ < params_.value("csr_count", 1)) send_csr();
    if (renew_later) {
      const auto delay = sim::parse_duration(params_["renew_after"].get<std::string>())
                             .value_or(sim::Duration::seconds(1));
      context().schedule(delay, "Renew", [this] { renew(); });
    }
    if (outcomes.size() == 1 && outcomes.back().status == "issued" &&
        params_.contains("revoke_after")) {
      const auto delay = sim::parse_duration(params_["revoke_after"].get<std::string>())
                             .value_or(sim::Duration::seconds(1));
      context().schedule(delay, "Revoke", [this] { revoke(); });
    }
  }

  // The mutual TLS credentials become the certificate obtained last, with its chain below the root.
  void present_held_certificate() {
    const CsrOutcome& held = outcomes.back();
    auto& credentials = channels_.credentials();
    credentials.key = *key;
    credentials.certificate = *held.certificate;
    credentials.chain.clear();
    for (const auto& c : held.chain)
      if (!(c.subject() == c.issuer())) credentials.chain.push_back(c);
  }

  // Asks the CMF, over mutual TLS with the certificate obtained, to revoke the certificate of
  // `revoke_entity` (default: itself).
  void revoke() {
    present_held_certificate();
    json body = json::object();
    body["entity"] = params_.value("revoke_entity", context().name());
    body["reason"] = "keyCompromise";
    channels_.send(cmf_, ChannelKind::mutual, reference_points::kCmf1,
                   Envelope{"RevokeCertificateRequest", "", body});
  }

 public:
  std::vector<json> revocations;  // RevokeCertificateResponse bodies

 private:
  // Renewal over mutual TLS with the certificate just obtained (purpose "renewal", no
  // credential).
  void renew() {
    present_held_certificate();
    key = pki::PrivateKey::generate(pki::KeyType::ec_p256);
    pki::CsrContent content;
    content.subject = pki::DistinguishedName{{{"CN", fqdn_}, {"O", "Operator"}}};
    content.san.dns = {fqdn_};
    json body = json::object();
    set_bytes(body, "csr", pki::Csr::create(content, *key).der());
    body["purpose"] = "renewal";
    channels_.send(cmf_, ChannelKind::mutual, reference_points::kCmf1,
                   Envelope{"CertificateSigningRequest", "", body});
  }

  json params_;
  SecureChannels channels_;
  std::optional<pki::CertificateAuthority> vendor_;
  std::optional<pki::PrivateKey> attestation_key_;
  std::optional<pki::Certificate> attestation_cert_;
  json configuration_ = json::object();
  std::string cmf_;
  std::string fqdn_;
  int sent_ = 0;
};

inline sim::ActorRegistry test_registry() {
  sim::ActorRegistry registry = builtin_registry();
  sim::ActorType consumer;
  consumer.description = "test consumer of the CMF";
  consumer.create = [](sim::ActorContext& context, const sim::ActorSpec& spec) {
    return std::make_unique<TestConsumer>(context, spec);
  };
  consumer.check_params = [](const json&, std::vector<sim::Diagnostic>&) {};
  registry.add("test-consumer", std::move(consumer));
  sim::ActorType entity;
  entity.description = "test entity enrolling at the CMF";
  entity.create = [](sim::ActorContext& context, const sim::ActorSpec& spec) {
    return std::make_unique<TestEntity>(context, spec);
  };
  entity.check_params = [](const json&, std::vector<sim::Diagnostic>&) {};
  registry.add("test-entity", std::move(entity));
  return registry;
}

// Arguments of the test consumer's "register" command: `entity` as an NFVO named `fqdn`.
inline json register_args(const std::string& entity = "nfvo-1",
                          const std::string& fqdn = "nfvo.example.net") {
  return {{"entity", entity}, {"kind", "nfvo"}, {"fqdn", fqdn}};
}

// The world of the CMF tests: the CA `ca`, the CMF `cmf` (RA credential cmf-ra), the consumer
// `oss` (a TestConsumer the CMF trusts, over day-0 TLS) and the entity `nfvo-1` (a TestEntity),
// on 2 ms links for 30 s; the workload registers nfvo-1 as nfvo.example.net at 1 s. Tests change
// it through the builder (update_params, clear_workload, command, actor_down, ...).
inline test::ScenarioBuilder cmf_world() {
  test::ScenarioBuilder b = cmf_runs::ca_and_cmf("cmf-test", 11, "30s");
  b.crl_subscriber("ca", "cmf")
      .crl_subscriber("ca", "nfvo-1")
      .add_oss("oss", test::OssSetup().cmf("cmf").day0_secret("oss-cmf day0").type("test-consumer"))
      .actor("nfvo-1", "test-entity")
      .command("1s", "oss", "register", register_args());
  return b;
}

inline std::unique_ptr<Run> run_scenario(const test::ScenarioBuilder& scenario) {
  return cmf_runs::run(scenario, test_registry());
}

}  // namespace ifa026::actors::cmf_testing
