// The harness of the `ca` actor tests: a scripted CMF-like driver actor that runs real
// pki::CmpClient operations inside pki::Fibers (each CMP request travels to the CA as a CA-1
// envelope and the fiber resumes with the reply), sends raw payloads and envelopes built at send
// time, and records every reply and CRL; plus the RA enrolment and p10cr helpers.
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "actors/ca/ca_actor.hpp"
#include "actors/common/end_entity_registration.hpp"
#include "actors/common/envelope.hpp"
#include "actors/common/pki_clock.hpp"
#include "actors/common/trace_detail.hpp"
#include "actors/messages/operations.hpp"
#include "actors/messages/reference_points.hpp"
#include "pki/chain_verifier.hpp"
#include "pki/cmp_client.hpp"
#include "pki/cmp_server.hpp"
#include "pki/crl.hpp"
#include "pki/fiber.hpp"
#include "sim/simulation.hpp"
#include "tests/support/scenario_builder.hpp"

namespace ifa026::actors {
namespace {

using nlohmann::json;
using sim::Duration;
using sim::Time;

constexpr const char* kCa = "ca-1";
constexpr const char* kDriver = "cmf";
const std::string kRaReference = "cmf-ra";
const std::string kRaSecret = "day-0 RA secret";
// The end entity the registration and p10cr tests register: its subject, dNSName and initial
// credential.
const std::string kEntitySubject = "CN=fw-1.vnf-1.example.net,O=Operator";
const std::string kEntityDns = "fw-1.vnf-1.example.net";
const std::string kEntityReference = "vnf-1-fw-1/client";
const std::string kEntitySecret = "initial secret";

// The body name of a CMP message, as the CA-1 envelope operation.
inline std::string body_name(pki::ByteView der) {
  switch (static_cast<pki::CmpBody>(pki::inspect_cmp_message(der).body)) {
    case pki::CmpBody::ir:
      return "ir";
    case pki::CmpBody::cr:
      return "cr";
    case pki::CmpBody::p10cr:
      return "p10cr";
    case pki::CmpBody::kur:
      return "kur";
    case pki::CmpBody::rr:
      return "rr";
    case pki::CmpBody::cert_conf:
      return "certConf";
    case pki::CmpBody::error:
      return "error";
    default:
      return "genm";
  }
}

// A CMP client operation, run inside a fiber at simulated instant `now`.
using JobBody = std::function<void(const pki::CmpTransport& transport, pki::Instant now)>;

struct Job {
  Duration at;
  std::string step;
  JobBody body;
};

struct Reply {
  Time time;
  std::string operation;
  std::string step;
  std::optional<std::int64_t> exchange;
  pki::Bytes der;
  json body;
};

// What the driver does and what it saw; lives longer than the simulation.
struct Script {
  std::vector<Job> jobs;
  // Payloads sent as they are at a time (operation label, payload).
  std::vector<std::tuple<Duration, std::string, pki::Bytes>> raw;
  // Envelopes built when they are sent (e.g. signed with a certificate enrolled before).
  std::vector<std::pair<Duration, std::function<Envelope()>>> envelopes;
  std::vector<Reply> replies;
  std::vector<std::pair<Time, pki::Crl>> crls;
};

class CmpDriver final : public sim::Actor {
 public:
  CmpDriver(sim::ActorContext& context, Script& script) : Actor(context), script_(script) {}

  void on_start() override {
    for (std::size_t i = 0; i < script_.jobs.size(); ++i)
      context().schedule(script_.jobs[i].at, "StartJob", [this, i] { start(i); });
    for (std::size_t i = 0; i < script_.raw.size(); ++i)
      context().schedule(std::get<0>(script_.raw[i]), "SendRaw", [this, i] {
        sim::Message m;
        m.to = kCa;
        m.reference_point = reference_points::kCa1;
        m.operation = std::get<1>(script_.raw[i]);
        m.payload = std::get<2>(script_.raw[i]);
        context().send(std::move(m));
      });
    for (std::size_t i = 0; i < script_.envelopes.size(); ++i)
      context().schedule(script_.envelopes[i].first, "SendEnvelope", [this, i] {
        const Envelope envelope = script_.envelopes[i].second();
        sim::Message m;
        m.to = kCa;
        m.reference_point = reference_points::kCa1;
        m.operation = envelope.operation;
        m.step = envelope.step;
        m.payload = encode_envelope(envelope);
        context().send(std::move(m));
      });
  }

  void on_message(const sim::Message& message) override {
    auto envelope = decode_envelope(message.payload);
    ASSERT_TRUE(envelope.has_value());
    if (envelope->operation == "CrlPublication") {
      auto der = get_bytes(envelope->body, "crl");
      ASSERT_TRUE(der.has_value());
      script_.crls.emplace_back(context().now(), pki::Crl::from_der(*der));
      return;
    }
    Reply reply{context().now(), envelope->operation, envelope->step, std::nullopt, {},
                envelope->body};
    if (auto it = envelope->body.find("exchange"); it != envelope->body.end())
      reply.exchange = it->get<std::int64_t>();
    reply.der = get_bytes(envelope->body, "der").value_or(pki::Bytes{});
    script_.replies.push_back(reply);
    if (!reply.exchange) return;
    auto waiting = waiting_.find(*reply.exchange);
    if (waiting == waiting_.end()) return;
    Active* active = waiting->second;
    waiting_.erase(waiting);
    active->fiber->supply_reply(reply.der);
    active->fiber->resume();
    advance(*active);
  }

 private:
  struct Active {
    std::string step;
    std::unique_ptr<pki::Fiber> fiber;
  };

  void start(std::size_t index) {
    auto active = std::make_unique<Active>();
    active->step = script_.jobs[index].step;
    const pki::Instant now = pki_now(context());
    active->fiber = std::make_unique<pki::Fiber>([this, index, now](pki::Fiber& self) {
      pki::CmpTransport transport = [&self](pki::ByteView request) {
        return self.await_reply(pki::Bytes(request.begin(), request.end()));
      };
      script_.jobs[index].body(transport, now);
    });
    Active& ref = *active;
    active_.push_back(std::move(active));
    ref.fiber->resume();
    advance(ref);
  }

  // Sends the request the fiber waits on, if any.
  void advance(Active& active) {
    if (active.fiber->finished() || !active.fiber->pending_request()) return;
    const pki::Bytes& request = *active.fiber->pending_request();
    const std::int64_t exchange = ++exchanges_;
    waiting_[exchange] = &active;
    Envelope envelope;
    envelope.operation = body_name(request);
    envelope.step = active.step;
    envelope.body["exchange"] = exchange;
    set_bytes(envelope.body, "der", request);
    sim::Message m;
    m.to = kCa;
    m.reference_point = reference_points::kCa1;
    m.operation = envelope.operation;
    m.step = envelope.step;
    m.payload = encode_envelope(envelope);
    context().send(std::move(m));
  }

  Script& script_;
  std::vector<std::unique_ptr<Active>> active_;
  std::map<std::int64_t, Active*> waiting_;
  std::int64_t exchanges_ = 0;
};

inline sim::ActorRegistry test_registry(Script& script) {
  sim::ActorRegistry registry;
  register_ca_actor(registry);
  sim::ActorType driver;
  driver.description = "test CMF driving CMP clients";
  driver.create = [&script](sim::ActorContext& context, const sim::ActorSpec&) {
    return std::make_unique<CmpDriver>(context, script);
  };
  driver.check_params = [](const json&, std::vector<sim::Diagnostic>&) {};
  registry.add("cmp-driver", std::move(driver));
  return registry;
}

inline json base_params() {
  return {{"ra_credentials", json::array({{{"reference", kRaReference}, {"secret", kRaSecret}}})},
          {"crl_subscribers", json::array({kDriver})},
          {"crl_interval", "1h"}};
}

struct RunResult {
  std::vector<sim::TraceRecord> records;
  std::string fingerprint;
};

inline RunResult run(Script& script, const json& ca_params,
                     Duration duration = Duration::seconds(10)) {
  const auto registry = test_registry(script);
  const sim::Scenario scenario = test::ScenarioBuilder("ca-actor-test")
                                     .epoch("2030-01-01T00:00:00Z")
                                     .seed(11)
                                     .duration(sim::format_duration(duration))
                                     .actor(kCa, "ca", ca_params, "operator")
                                     .actor(kDriver, "cmp-driver", json::object(), "operator")
                                     .load(registry);
  sim::TraceStore store;
  sim::Simulation simulation(scenario, registry);
  simulation.trace().subscribe(store);
  simulation.run();
  return {store.records(), simulation.trace().fingerprint_hex()};
}

inline std::vector<sim::TraceRecord> decisions(const std::vector<sim::TraceRecord>& records,
                                               const std::string& operation) {
  std::vector<sim::TraceRecord> out;
  for (const auto& r : records)
    if (r.kind == sim::RecordKind::decision && r.actor == kCa && r.operation == operation)
      out.push_back(r);
  return out;
}

inline std::string detail(const sim::TraceRecord& r, const std::string& key) {
  return trace_detail_value(r.detail, key).value_or("");
}

inline pki::Bytes bytes_of(const std::string& s) {
  return pki::Bytes(s.begin(), s.end());
}

// The RA's enrolment and what later jobs need from it.
struct Ra {
  pki::PrivateKey key = pki::PrivateKey::generate();
  std::optional<pki::CmpResult> result;
  std::optional<pki::Certificate> root;
  std::vector<pki::Certificate> chain;

  JobBody enrol(const std::string& cn = "cmf.example.net") {
    return [this, cn](const pki::CmpTransport& transport, pki::Instant now) {
      pki::CmpClientConfig config;
      config.transport = transport;
      pki::CmpClient client(config);
      result = client.enrol_ir(kRaReference, bytes_of(kRaSecret), key,
                               pki::DistinguishedName::parse("CN=" + cn + ",O=Operator"),
                               pki::SubjectAltName{{cn}, {}, {}}, now);
      if (result->ok() && !result->ca_pubs.empty()) {
        root = result->ca_pubs.front();
        chain = result->chain;
      }
    };
  }

  pki::CmpClient client(const pki::CmpTransport& transport) const {
    pki::CmpClientConfig config;
    config.transport = transport;
    if (root) config.trust_anchors = {*root};
    config.untrusted = chain;
    return pki::CmpClient(config);
  }

  pki::TrustStore trust() const {
    pki::TrustStore store;
    if (root) store.add_anchor(*root);
    for (const auto& c : chain) store.add_intermediate(c);
    return store;
  }
};

// An entity key and the certificate a p10cr got for it.
struct Issued {
  pki::PrivateKey key = pki::PrivateKey::generate();
  std::optional<pki::CmpResult> result;
};

inline pki::Csr csr_for(const pki::PrivateKey& key, const std::string& fqdn) {
  pki::CsrContent content;
  content.subject = pki::DistinguishedName::parse("CN=" + fqdn + ",O=Operator,C=FR");
  content.san.dns = {fqdn};
  content.extended_key_usage = {pki::ExtendedKeyUsage::client_auth,
                                pki::ExtendedKeyUsage::server_auth};
  return pki::Csr::create(content, key);
}

// A p10cr for `fqdn` signed with `signer_cert`/`signer_key`.
inline JobBody p10cr(Ra& ra, Issued& out, const std::string& fqdn,
                     std::function<const pki::Certificate&()> signer_cert,
                     std::function<const pki::PrivateKey&()> signer_key) {
  return [&ra, &out, fqdn, signer_cert, signer_key](const pki::CmpTransport& transport,
                                                    pki::Instant now) {
    ASSERT_TRUE(ra.root.has_value());
    auto client = ra.client(transport);
    out.result = client.enrol_p10cr(csr_for(out.key, fqdn), signer_cert(), signer_key(), now);
  };
}

inline JobBody p10cr_by_ra(Ra& ra, Issued& out, const std::string& fqdn) {
  return p10cr(
      ra, out, fqdn, [&ra]() -> const pki::Certificate& { return *ra.result->certificate; },
      [&ra]() -> const pki::PrivateKey& { return ra.key; });
}

}  // namespace
}  // namespace ifa026::actors
