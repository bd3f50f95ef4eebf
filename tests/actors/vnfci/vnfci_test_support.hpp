// The harness of the `vnfci` actor tests: simulations with the real `ca` actor, `vnfci` actors and
// a small test actor playing the CMF in direct mode. The test CMF enrols its RA certificate at the
// CA (CMP ir with the CA's ra_credentials, run in a fiber by CmpExchange), registers the
// planned identities with RegisterEndEntityRequest signed by the shared helper (or deliberately
// badly signed), sends each VNFCI its VnfciCertificateConfiguration over a day-0 TLS session, and
// on the `revoke` command revokes a VNFCI identity's certificate with rr; `retire` retires VNFCIs.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "actors/ca/ca_actor.hpp"
#include "actors/common/cmp_exchange.hpp"
#include "actors/common/end_entity_registration.hpp"
#include "actors/common/envelope.hpp"
#include "actors/common/pki_clock.hpp"
#include "actors/common/secure_channels.hpp"
#include "actors/common/trace_detail.hpp"
#include "actors/messages/operations.hpp"
#include "actors/messages/reference_points.hpp"
#include "actors/vnfci/vnfci_actor.hpp"
#include "actors/vnfci/vnfci_identities.hpp"
#include "pki/certificate_authority.hpp"
#include "pki/chain_verifier.hpp"
#include "pki/cmp_client.hpp"
#include "sim/simulation.hpp"
#include "tests/support/scenario_builder.hpp"

namespace ifa026::actors::vnfci_test {

using nlohmann::json;
using sim::Duration;
using sim::Time;

inline constexpr const char* kCa = "ca-1";
inline constexpr const char* kCmf = "cmf";
inline const std::string kRaReference = "cmf-ra";
inline const std::string kRaSecret = "day-0 RA secret";
inline constexpr std::int64_t kEpochSeconds = 1893456000;  // 2030-01-01T00:00:00Z

inline pki::Bytes bytes_of(const std::string& s) {
  return pki::Bytes(s.begin(), s.end());
}

inline std::string day0_secret(const std::string& vnfci) {
  return "day-0 secret of " + vnfci;
}

// One identity the CMF registers and configures.
struct PlannedIdentity {
  std::string vnfci;
  std::string name;  // as configured ("client"); the registration says "<vnfci>/<name>"
  std::string subject;
  std::vector<std::string> dns;
  std::string reference;
  std::string secret = "initial secret";
  std::string renew_before = "30d";
  bool register_at_ca = true;
  std::string signing = "ra";  // "ra", "tampered" (changed after signing), "stranger"
};

// What the test CMF does and saw; lives longer than the simulation.
struct CmfPlan {
  std::vector<PlannedIdentity> identities;
  std::map<std::string, Duration> configure_at;  // VNFCI -> when its configuration goes out
  std::set<std::string> plain;  // VNFCIs configured by a plain message instead of day-0 TLS
  std::map<std::string, json> extra_entries;  // VNFCI -> further `identities` entries, as given
  // Payloads sent on CA-1 to a VNFCI as if from the CA, at 2 s (malformed-input tests).
  std::map<std::string, std::vector<pki::Bytes>> ca1_payloads;
  std::optional<pki::CmpResult> ra;
  std::map<std::string, json> registration_replies;  // by reference
  std::vector<pki::CmpResult> revocations;
  sim::Simulation* simulation = nullptr;
};

class TestCmf final : public sim::Actor {
 public:
  TestCmf(sim::ActorContext& context, CmfPlan& plan)
      : Actor(context),
        plan_(plan),
        channels_(context, [](const ChannelMessage&) {}),
        exchange_(context, CmpExchangeSettings{.timeout = Duration::seconds(10),
                                               .retries = 0,
                                               .operation_in_detail = false,
                                               .reject_detail = ""}) {
    for (const auto& [vnfci, at] : plan_.configure_at)
      channels_.credentials().day0_secrets[vnfci] = day0_secret(vnfci);
  }

  void on_start() override {
    context().schedule(Duration::milliseconds(1), "EnrolRa", [this] { enrol_ra(); });
    for (const auto& [vnfci, at] : plan_.configure_at)
      context().schedule(at, "Configure", [this, vnfci = vnfci] { configure(vnfci); });
    context().schedule(Duration::seconds(2), "SendCa1", [this] {
      for (const auto& [vnfci, payloads] : plan_.ca1_payloads)
        for (const auto& payload : payloads) {
          sim::Message m;
          m.to = vnfci;
          m.reference_point = reference_points::kCa1;
          m.operation = "ip";
          m.payload = payload;
          context().send(std::move(m));
        }
    });
  }

  void on_message(const sim::Message& message) override {
    if (channels_.handle(message)) return;
    auto envelope = decode_envelope(message.payload);
    ASSERT_TRUE(envelope.has_value());
    if (envelope->operation == operations::kRegisterEndEntityResponse) {
      plan_.registration_replies[get_string(envelope->body, "reference")] = envelope->body;
      return;
    }
    exchange_.handle(message);
  }

  void on_command(const sim::Command& command) override {
    if (command.name == "retire") {  // as the VNFM does on scale-in
      for (const auto& vnfci : command.args.at("vnfcis")) {
        ASSERT_TRUE(context().retire(vnfci.get<std::string>()));
      }
      return;
    }
    ASSERT_EQ(command.name, "revoke");
    const std::string vnfci = command.args.value("vnfci", "");
    const std::string identity = command.args.value("identity", "");
    auto* holder = dynamic_cast<VnfciIdentities*>(plan_.simulation->actor(vnfci));
    ASSERT_NE(holder, nullptr);
    std::optional<pki::Certificate> target;
    for (const auto& state : holder->identities())
      if (state.name == identity) target = state.certificate;
    ASSERT_TRUE(target.has_value()) << vnfci << "/" << identity << " holds no certificate";
    ASSERT_TRUE(plan_.ra && plan_.ra->ok());
    const pki::Certificate ra_cert = *plan_.ra->certificate;
    const pki::PrivateKey ra_key = ra_key_;
    const pki::Instant now = pki_now(context());
    exchange_.run(
        kCa, client_config(), "", "", "",
        [target = *target, ra_cert, ra_key, now](pki::CmpClient& client) {
          return client.revoke_rr_for(target, ra_cert, ra_key,
                                      pki::RevocationReason::key_compromise, now);
        },
        [this](const CmpExchange::Outcome& outcome) {
          plan_.revocations.push_back(outcome.result);
        });
  }

 private:
  pki::CmpClientConfig client_config() const {
    pki::CmpClientConfig config;
    if (plan_.ra && !plan_.ra->ca_pubs.empty()) config.trust_anchors = {plan_.ra->ca_pubs.front()};
    if (plan_.ra) config.untrusted = plan_.ra->chain;
    return config;
  }

  void enrol_ra() {
    const pki::PrivateKey key = ra_key_;
    const pki::Instant now = pki_now(context());
    exchange_.run(
        kCa, pki::CmpClientConfig{}, "", "", "",
        [key, now](pki::CmpClient& client) {
          return client.enrol_ir(kRaReference, bytes_of(kRaSecret), key,
                                 pki::DistinguishedName::parse("CN=cmf.example.net,O=Operator"),
                                 pki::SubjectAltName{{"cmf.example.net"}, {}, {}}, now);
        },
        [this](const CmpExchange::Outcome& outcome) {
          plan_.ra = outcome.result;
          ASSERT_TRUE(outcome.result.ok()) << outcome.result.status_text << outcome.result.error;
          register_identities();
        });
  }

  void register_identities() {
    std::int64_t exchange = 1000;
    for (const auto& planned : plan_.identities) {
      if (!planned.register_at_ca) continue;
      EndEntityRegistration r;
      r.identity = planned.vnfci + "/" + planned.name;
      r.subject = planned.subject;
      r.dns = planned.dns;
      r.reference = planned.reference;
      r.secret = bytes_of(planned.secret);
      auto request = registration_request(r, static_cast<std::uint64_t>(++exchange));
      if (planned.signing == "stranger") {
        const pki::PrivateKey key = pki::PrivateKey::generate();
        const auto stranger = pki::CertificateAuthority::create_root(
            pki::DistinguishedName::parse("CN=cmf.example.net,O=Operator"), key,
            pki::Instant::from_seconds(kEpochSeconds - 86400), 86400 * 10);
        request = sign_registration(std::move(request), stranger.certificate(), key);
      } else {
        request = sign_registration(std::move(request), *plan_.ra->certificate, ra_key_);
        if (planned.signing == "tampered") request.one_use = false;
      }
      const Envelope envelope = messages::to_envelope(request, "C.2.1.1#2");
      sim::Message m;
      m.to = kCa;
      m.reference_point = reference_points::kCa1;
      m.operation = envelope.operation;
      m.step = envelope.step;
      m.payload = encode_envelope(envelope);
      context().send(std::move(m));
    }
  }

  void configure(const std::string& vnfci) {
    ASSERT_TRUE(plan_.ra && plan_.ra->ok() && !plan_.ra->ca_pubs.empty());
    json identities = json::array();
    for (const auto& planned : plan_.identities) {
      if (planned.vnfci != vnfci) continue;
      json entry = json::object();
      entry["name"] = planned.name;
      entry["subject"] = planned.subject;
      entry["dns"] = planned.dns;
      entry["ca"] = kCa;
      entry["reference"] = planned.reference;
      set_bytes(entry, "secret", bytes_of(planned.secret));
      set_bytes(entry, "trust_anchor", plan_.ra->ca_pubs.front().der());
      entry["renew_before"] = planned.renew_before;
      identities.push_back(std::move(entry));
    }
    if (auto extra = plan_.extra_entries.find(vnfci); extra != plan_.extra_entries.end())
      for (const auto& entry : extra->second) identities.push_back(entry);
    Envelope envelope{operations::kVnfciCertificateConfiguration, "C.2.1.1#3", json::object()};
    envelope.body["identities"] = std::move(identities);
    if (plan_.plain.count(vnfci) != 0) {
      sim::Message m;
      m.to = vnfci;
      m.reference_point = reference_points::kCmfVnfci;
      m.operation = envelope.operation;
      m.step = envelope.step;
      m.payload = encode_envelope(envelope);
      context().send(std::move(m));
      return;
    }
    channels_.send(vnfci, ChannelKind::day0, reference_points::kCmfVnfci, std::move(envelope));
  }

  CmfPlan& plan_;
  SecureChannels channels_;
  CmpExchange exchange_;
  pki::PrivateKey ra_key_ = pki::PrivateKey::generate();
};

struct VnfciSpec {
  std::string name;
  json params = json::object();  // day0 is added unless given
};

struct RunOutcome {
  std::vector<sim::TraceRecord> records;
  std::string fingerprint;
  std::map<std::string, std::vector<VnfciIdentityState>> identities;  // by VNFCI, at the end
};

// The world: the CA `ca-1` (taking the test CMF's RA credential, CRLs daily), the test CMF `cmf`
// and the VNFCIs (each holding its day-0 secret for the CMF unless its params give day0), all in
// trust domain "operator", from 2030-01-01 for 2 minutes, seed 7. Tests change it through the
// builder.
inline test::ScenarioBuilder vnfci_world(const std::vector<VnfciSpec>& vnfcis) {
  test::ScenarioBuilder b("vnfci-actor-test");
  b.epoch("2030-01-01T00:00:00Z")
      .seed(7)
      .duration("2m")
      .actor(kCa, "ca", {{"crl_interval", "1d"}}, "operator")
      .ra_credential(kCa, kRaReference, kRaSecret)
      .actor(kCmf, "test-cmf", json::object(), "operator");
  for (const auto& spec : vnfcis) {
    json params = spec.params;
    if (!params.contains("day0")) params["day0"] = {{kCmf, day0_secret(spec.name)}};
    b.actor(spec.name, "vnfci", params, "operator");
  }
  return b;
}

inline RunOutcome run(CmfPlan& plan, const test::ScenarioBuilder& scenario) {
  sim::ActorRegistry registry;
  register_ca_actor(registry);
  register_vnfci_actor(registry);
  sim::ActorType cmf;
  cmf.description = "test CMF in direct mode";
  cmf.create = [&plan](sim::ActorContext& context, const sim::ActorSpec&) {
    return std::make_unique<TestCmf>(context, plan);
  };
  cmf.check_params = [](const json&, std::vector<sim::Diagnostic>&) {};
  registry.add("test-cmf", std::move(cmf));

  sim::Simulation simulation(scenario.load(registry), registry);
  plan.simulation = &simulation;
  sim::TraceStore store;
  simulation.trace().subscribe(store);
  simulation.run();
  RunOutcome outcome{store.records(), simulation.trace().fingerprint_hex(), {}};
  for (const auto& actor : scenario.json()["actors"]) {
    if (actor["type"] != "vnfci") continue;
    const std::string name = actor["name"];
    auto* holder = dynamic_cast<VnfciIdentities*>(simulation.actor(name));
    if (holder) outcome.identities[name] = holder->identities();
  }
  plan.simulation = nullptr;
  return outcome;
}

inline std::string detail(const sim::TraceRecord& r, const std::string& key) {
  return trace_detail_value(r.detail, key).value_or("");
}

// Records of `actor` (any actor when empty) with this kind and operation.
inline std::vector<sim::TraceRecord> records_of(const std::vector<sim::TraceRecord>& records,
                                                const std::string& actor, sim::RecordKind kind,
                                                const std::string& operation) {
  std::vector<sim::TraceRecord> out;
  for (const auto& r : records)
    if ((actor.empty() || r.actor == actor) && r.kind == kind && r.operation == operation)
      out.push_back(r);
  return out;
}

inline std::vector<sim::TraceRecord> decisions(const std::vector<sim::TraceRecord>& records,
                                               const std::string& actor,
                                               const std::string& operation) {
  return records_of(records, actor, sim::RecordKind::decision, operation);
}

// The trust store a VNFCI's certificate must chain to: the CA's root and its issuing CA.
inline pki::TrustStore ca_trust(const CmfPlan& plan) {
  pki::TrustStore store;
  if (plan.ra && !plan.ra->ca_pubs.empty()) store.add_anchor(plan.ra->ca_pubs.front());
  if (plan.ra)
    for (const auto& c : plan.ra->chain) store.add_intermediate(c);
  return store;
}

inline PlannedIdentity identity(const std::string& vnfci, const std::string& name,
                                const std::string& reference) {
  PlannedIdentity p;
  p.vnfci = vnfci;
  p.name = name;
  const std::string host = (name == "client" ? "" : name + ".") + vnfci + ".vnf-1.example.net";
  p.subject = "CN=" + host + ",O=Operator";
  p.dns = {host};
  p.reference = reference;
  return p;
}

inline const VnfciIdentityState* find_identity(const RunOutcome& outcome, const std::string& vnfci,
                                               const std::string& name) {
  auto it = outcome.identities.find(vnfci);
  if (it == outcome.identities.end()) return nullptr;
  for (const auto& state : it->second)
    if (state.name == name) return &state;
  return nullptr;
}

}  // namespace ifa026::actors::vnfci_test
