// Tests for the `ca` actor in a simulation: a scripted CMF-like driver runs real pki::CmpClient
// operations inside pki::Fibers, each CMP request travelling to the CA as a CA-1 envelope and the
// fiber resuming with the reply. Covers RA enrolment with the day-0 credential (chain to the
// root at simulated time), p10cr by the RA and its flow steps, the RA policy (non-RA signers are
// refused), rr for another entity and the CRL that follows, queueing under the processing time,
// malformed input, periodic CRLs and parameter checking.
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "actors/ca/ca_actor.hpp"
#include "actors/common/envelope.hpp"
#include "actors/common/pki_clock.hpp"
#include "actors/common/reference_points.hpp"
#include "actors/common/trace_detail.hpp"
#include "pki/chain_verifier.hpp"
#include "pki/cmp_client.hpp"
#include "pki/cmp_server.hpp"
#include "pki/crl.hpp"
#include "pki/fiber.hpp"
#include "sim/simulation.hpp"

namespace ifa026::actors {
namespace {

using nlohmann::json;
using sim::Duration;
using sim::Time;

constexpr const char* kCa = "ca-1";
constexpr const char* kDriver = "cmf";
const std::string kRaReference = "cmf-ra";
const std::string kRaSecret = "day-0 RA secret";

// The body name of a CMP message, as the CA-1 envelope operation.
std::string body_name(pki::ByteView der) {
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
};

// What the driver does and what it saw; lives longer than the simulation.
struct Script {
  std::vector<Job> jobs;
  // Payloads sent as they are at a time (operation label, payload).
  std::vector<std::tuple<Duration, std::string, pki::Bytes>> raw;
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
    Reply reply{context().now(), envelope->operation, envelope->step, std::nullopt, {}};
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

sim::ActorRegistry test_registry(Script& script) {
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

json base_params() {
  return {{"ra_credentials", json::array({{{"reference", kRaReference}, {"secret", kRaSecret}}})},
          {"crl_subscribers", json::array({kDriver})},
          {"crl_interval", "1h"}};
}

struct RunResult {
  std::vector<sim::TraceRecord> records;
  std::string fingerprint;
};

RunResult run(Script& script, const json& ca_params, Duration duration = Duration::seconds(10)) {
  sim::Scenario scenario;
  scenario.name = "ca-actor-test";
  scenario.epoch = *sim::parse_utc("2030-01-01T00:00:00Z");
  scenario.seed = 11;
  scenario.duration = duration;
  scenario.actors = {{kCa, "ca", "operator", ca_params}, {kDriver, "cmp-driver", "operator", {}}};
  const auto registry = test_registry(script);
  sim::TraceStore store;
  sim::Simulation simulation(scenario, registry);
  simulation.trace().subscribe(store);
  simulation.run();
  return {store.records(), simulation.trace().fingerprint_hex()};
}

std::vector<sim::TraceRecord> decisions(const std::vector<sim::TraceRecord>& records,
                                        const std::string& operation) {
  std::vector<sim::TraceRecord> out;
  for (const auto& r : records)
    if (r.kind == sim::RecordKind::decision && r.actor == kCa && r.operation == operation)
      out.push_back(r);
  return out;
}

std::string detail(const sim::TraceRecord& r, const std::string& key) {
  return trace_detail_value(r.detail, key).value_or("");
}

pki::Bytes bytes_of(const std::string& s) {
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

pki::Csr csr_for(const pki::PrivateKey& key, const std::string& fqdn) {
  pki::CsrContent content;
  content.subject = pki::DistinguishedName::parse("CN=" + fqdn + ",O=Operator,C=FR");
  content.san.dns = {fqdn};
  content.extended_key_usage = {pki::ExtendedKeyUsage::client_auth,
                                pki::ExtendedKeyUsage::server_auth};
  return pki::Csr::create(content, key);
}

// A p10cr for `fqdn` signed with `signer_cert`/`signer_key`.
JobBody p10cr(Ra& ra, Issued& out, const std::string& fqdn,
              std::function<const pki::Certificate&()> signer_cert,
              std::function<const pki::PrivateKey&()> signer_key) {
  return [&ra, &out, fqdn, signer_cert, signer_key](const pki::CmpTransport& transport,
                                                    pki::Instant now) {
    ASSERT_TRUE(ra.root.has_value());
    auto client = ra.client(transport);
    out.result = client.enrol_p10cr(csr_for(out.key, fqdn), signer_cert(), signer_key(), now);
  };
}

JobBody p10cr_by_ra(Ra& ra, Issued& out, const std::string& fqdn) {
  return p10cr(
      ra, out, fqdn, [&ra]() -> const pki::Certificate& { return *ra.result->certificate; },
      [&ra]() -> const pki::PrivateKey& { return ra.key; });
}

TEST(CaActor, RaEnrolsWithItsDay0CredentialAndItsCertificateChainsToTheRoot) {
  Script script;
  Ra ra;
  script.jobs.push_back({Duration::milliseconds(100), "", ra.enrol()});
  auto result = run(script, base_params());

  ASSERT_TRUE(ra.result.has_value());
  ASSERT_TRUE(ra.result->ok()) << ra.result->error << " / " << ra.result->status_text;
  ASSERT_TRUE(ra.root.has_value());
  EXPECT_EQ(ra.result->ca_pubs.size(), 1u);
  EXPECT_EQ(ra.root->subject(), ra.root->issuer());  // self-signed root
  EXPECT_EQ(ra.root->subject().to_string(), "CN=ca-1 Root CA,O=ifa026");
  EXPECT_TRUE(ra.root->is_ca());
  const pki::Certificate& cert = *ra.result->certificate;
  EXPECT_EQ(cert.issuer().to_string(), "CN=ca-1 Issuing CA,O=ifa026");
  EXPECT_EQ(cert.public_key(), ra.key.public_key());
  // Valid at simulated time (2030), from the CA's profile: 365 days.
  const pki::Instant at = pki::Instant::from_seconds(1893456000 + 60);
  EXPECT_TRUE(pki::verify_certificate(cert, ra.trust(), at).ok());
  EXPECT_EQ(cert.not_after().seconds() - cert.not_before().seconds(), 365 * 86400);
  // Not under another root.
  pki::TrustStore other;
  other.add_anchor(pki::CertificateAuthority::create_root(
                       pki::DistinguishedName::parse("CN=ca-1 Root CA,O=ifa026"),
                       pki::PrivateKey::generate(), pki::Instant::from_seconds(1893000000),
                       3650 * 86400)
                       .certificate());
  for (const auto& c : ra.chain) other.add_intermediate(c);
  EXPECT_FALSE(pki::verify_certificate(cert, other, at).ok());

  // ir/ip then certConf/pkiConf, each reply with its request's exchange number.
  ASSERT_EQ(script.replies.size(), 2u);
  EXPECT_EQ(script.replies[0].operation, "ip");
  EXPECT_EQ(script.replies[0].exchange, 1);
  EXPECT_EQ(script.replies[1].operation, "pkiConf");
  EXPECT_EQ(script.replies[1].exchange, 2);
  auto issued = decisions(result.records, "IssueCertificate");
  ASSERT_EQ(issued.size(), 1u);
  EXPECT_EQ(issued[0].outcome, "ok");
  EXPECT_EQ(detail(issued[0], "serial"), cert.serial_hex());
  EXPECT_EQ(detail(issued[0], "subject"), "CN=cmf.example.net,O=Operator");
  EXPECT_EQ(detail(issued[0], "fqdn"), "cmf.example.net");
  EXPECT_EQ(detail(issued[0], "ra"), "true");
}

TEST(CaActor, WrongDay0SecretIsRefusedAndTraced) {
  Script script;
  std::optional<pki::CmpResult> refused;
  script.jobs.push_back(
      {Duration::milliseconds(1), "", [&](const pki::CmpTransport& transport, pki::Instant now) {
         pki::CmpClientConfig config;
         config.transport = transport;
         pki::CmpClient client(config);
         refused = client.enrol_ir(kRaReference, bytes_of("guessed"), pki::PrivateKey::generate(),
                                   pki::DistinguishedName::parse("CN=cmf.example.net"),
                                   pki::SubjectAltName{{"cmf.example.net"}, {}, {}}, now);
       }});
  auto result = run(script, base_params());
  ASSERT_TRUE(refused.has_value());
  EXPECT_FALSE(refused->ok());
  ASSERT_EQ(script.replies.size(), 1u);
  EXPECT_EQ(script.replies[0].operation, "error");
  auto issued = decisions(result.records, "IssueCertificate");
  ASSERT_EQ(issued.size(), 1u);
  EXPECT_EQ(issued[0].outcome, "rejected");
  EXPECT_NE(detail(issued[0], "reason").find("badMessageCheck"), std::string::npos)
      << issued[0].detail;
}

TEST(CaActor, P10crSignedByTheRaIsIssuedWithTheFlowSteps) {
  Script script;
  Ra ra;
  Issued nfvo;
  script.jobs.push_back({Duration::milliseconds(1), "", ra.enrol()});
  script.jobs.push_back(
      {Duration::seconds(1), "C.4.1.2.6#3", p10cr_by_ra(ra, nfvo, "nfvo.example.net")});
  auto result = run(script, base_params());

  ASSERT_TRUE(nfvo.result.has_value());
  ASSERT_TRUE(nfvo.result->ok()) << nfvo.result->error << " / " << nfvo.result->status_text;
  const pki::Certificate& cert = *nfvo.result->certificate;
  EXPECT_EQ(cert.public_key(), nfvo.key.public_key());
  EXPECT_EQ(cert.san().dns, std::vector<std::string>{"nfvo.example.net"});
  EXPECT_TRUE(
      pki::verify_certificate(cert, ra.trust(), pki::Instant::from_seconds(1893456000 + 2)).ok());
  // The chain the cp carried: the issuing CA (OpenSSL leaves self-signed certificates out of
  // extraCerts; the root came as caPubs with the RA's ir).
  ASSERT_EQ(nfvo.result->chain.size(), 1u);
  EXPECT_EQ(nfvo.result->chain[0].subject().to_string(), "CN=ca-1 Issuing CA,O=ifa026");
  EXPECT_EQ(nfvo.result->chain[0].issuer(), ra.root->subject());
  EXPECT_EQ(cert.extended_key_usage().size(), 2u);

  auto issued = decisions(result.records, "IssueCertificate");
  ASSERT_EQ(issued.size(), 2u);
  EXPECT_EQ(issued[1].outcome, "ok");
  EXPECT_EQ(issued[1].step, "C.4.1.2.6#4");
  EXPECT_EQ(issued[1].peer, kDriver);
  EXPECT_EQ(detail(issued[1], "serial"), cert.serial_hex());
  EXPECT_EQ(detail(issued[1], "fqdn"), "nfvo.example.net");
  EXPECT_EQ(detail(issued[1], "request"), "p10cr");
  // cp and pkiConf answer with step #5.
  ASSERT_EQ(script.replies.size(), 4u);
  EXPECT_EQ(script.replies[2].operation, "cp");
  EXPECT_EQ(script.replies[2].step, "C.4.1.2.6#5");
  EXPECT_EQ(script.replies[3].operation, "pkiConf");
  EXPECT_EQ(script.replies[3].step, "C.4.1.2.6#5");
  // The kernel's send record of the cp repeats the step.
  bool cp_sent = false;
  for (const auto& r : result.records)
    if (r.kind == sim::RecordKind::send && r.actor == kCa && r.operation == "cp")
      cp_sent = r.step == "C.4.1.2.6#5" && r.reference_point == "CA-1";
  EXPECT_TRUE(cp_sent);
}

TEST(CaActor, OnlyRegistrationAuthoritiesMayRequestCertificates) {
  Script script;
  Ra ra;
  Issued nfvo, by_nfvo, backup_ra, by_backup;
  script.jobs.push_back({Duration::milliseconds(1), "", ra.enrol()});
  script.jobs.push_back({Duration::seconds(1), "", p10cr_by_ra(ra, nfvo, "nfvo.example.net")});
  script.jobs.push_back({Duration::seconds(1) + Duration::milliseconds(100), "",
                         p10cr_by_ra(ra, backup_ra, "backup-ra.example.net")});
  // The NFVO's certificate (same CA, not an RA) signing a p10cr: refused.
  script.jobs.push_back({Duration::seconds(2), "",
                         p10cr(
                             ra, by_nfvo, "rogue.example.net",
                             [&]() -> const pki::Certificate& { return *nfvo.result->certificate; },
                             [&]() -> const pki::PrivateKey& { return nfvo.key; })});
  // A certificate whose subject is listed in ra_subjects acts as RA.
  script.jobs.push_back(
      {Duration::seconds(3), "",
       p10cr(
           ra, by_backup, "vnfm.example.net",
           [&]() -> const pki::Certificate& { return *backup_ra.result->certificate; },
           [&]() -> const pki::PrivateKey& { return backup_ra.key; })});
  json params = base_params();
  params["ra_subjects"] = json::array({"CN=backup-ra.example.net,O=Operator,C=FR"});
  auto result = run(script, params);

  ASSERT_TRUE(nfvo.result && nfvo.result->ok());
  ASSERT_TRUE(backup_ra.result && backup_ra.result->ok());
  ASSERT_TRUE(by_nfvo.result.has_value());
  EXPECT_FALSE(by_nfvo.result->ok());
  EXPECT_TRUE(by_nfvo.result->has_failure(pki::CmpFailure::not_authorized))
      << by_nfvo.result->status_text;
  ASSERT_TRUE(by_backup.result.has_value());
  EXPECT_TRUE(by_backup.result->ok()) << by_backup.result->status_text;

  auto issued = decisions(result.records, "IssueCertificate");
  ASSERT_EQ(issued.size(), 5u);
  EXPECT_EQ(issued[3].outcome, "rejected");
  EXPECT_NE(detail(issued[3], "reason").find("notAuthorized"), std::string::npos)
      << issued[3].detail;
  EXPECT_NE(detail(issued[3], "reason").find("registration authority"), std::string::npos);
  EXPECT_EQ(issued[4].outcome, "ok");
  EXPECT_EQ(detail(issued[4], "fqdn"), "vnfm.example.net");
}

TEST(CaActor, RrByTheRaRevokesAndTheNextCrlListsTheSerial) {
  Script script;
  Ra ra;
  Issued nfvo;
  std::optional<pki::CmpResult> revoked, by_entity;
  script.jobs.push_back({Duration::milliseconds(1), "", ra.enrol()});
  script.jobs.push_back({Duration::seconds(1), "", p10cr_by_ra(ra, nfvo, "nfvo.example.net")});
  // The NFVO (not an RA) tries to revoke the RA's certificate.
  script.jobs.push_back(
      {Duration::seconds(2), "", [&](const pki::CmpTransport& transport, pki::Instant now) {
         auto client = ra.client(transport);
         by_entity = client.revoke_rr_for(*ra.result->certificate, *nfvo.result->certificate,
                                          nfvo.key, pki::RevocationReason::key_compromise, now);
       }});
  script.jobs.push_back(
      {Duration::seconds(3), "", [&](const pki::CmpTransport& transport, pki::Instant now) {
         auto client = ra.client(transport);
         revoked = client.revoke_rr_for(*nfvo.result->certificate, *ra.result->certificate, ra.key,
                                        pki::RevocationReason::key_compromise, now);
       }});
  auto result = run(script, base_params());

  ASSERT_TRUE(nfvo.result && nfvo.result->ok());
  const std::string serial = nfvo.result->certificate->serial_hex();
  ASSERT_TRUE(by_entity.has_value());
  EXPECT_FALSE(by_entity->ok());
  EXPECT_TRUE(by_entity->has_failure(pki::CmpFailure::not_authorized));
  ASSERT_TRUE(revoked.has_value());
  EXPECT_TRUE(revoked->ok()) << revoked->error << " / " << revoked->status_text;

  auto revocations = decisions(result.records, "RevokeCertificate");
  ASSERT_EQ(revocations.size(), 2u);
  EXPECT_EQ(revocations[0].outcome, "rejected");
  EXPECT_EQ(detail(revocations[0], "serial"), ra.result->certificate->serial_hex());
  EXPECT_EQ(revocations[1].outcome, "ok");
  EXPECT_EQ(detail(revocations[1], "serial"), serial);

  // The CRL at t=0 is empty; the one right after the revocation lists the serial.
  ASSERT_GE(script.crls.size(), 2u);
  EXPECT_EQ(script.crls[0].first, Time::zero() + Duration::milliseconds(11));
  EXPECT_TRUE(script.crls[0].second.revoked().empty());
  const auto& [when, crl] = script.crls[1];
  EXPECT_GT(when, Time::zero() + Duration::seconds(3));
  EXPECT_LT(when, Time::zero() + Duration::seconds(4));
  EXPECT_GT(crl.number(), script.crls[0].second.number());
  ASSERT_EQ(crl.revoked().size(), 1u);
  EXPECT_EQ(crl.revoked()[0].serial_hex, serial);
  EXPECT_EQ(crl.revoked()[0].reason, pki::RevocationReason::key_compromise);
  ASSERT_TRUE(ra.root.has_value());
  EXPECT_TRUE(crl.signed_by(ra.chain.front()));
  // The revoked certificate no longer verifies with CRL checking.
  pki::TrustStore trust = ra.trust();
  trust.add_crl(crl);
  pki::VerifyOptions options;
  options.check_crl = true;
  const auto verdict = pki::verify_certificate(*nfvo.result->certificate, trust,
                                               pki::Instant::from_seconds(1893456000 + 5), options);
  EXPECT_EQ(verdict.failure, pki::VerifyFailure::revoked);

  auto published = decisions(result.records, "PublishCrl");
  ASSERT_GE(published.size(), 2u);
  EXPECT_EQ(detail(published[1], "entries"), "1");
  EXPECT_EQ(detail(published[1], "number"), std::to_string(crl.number()));
}

TEST(CaActor, ProcessingTimeQueuesRequestsUnderTheConcurrencyLimit) {
  auto issue_times = [](long long concurrency) {
    Script script;
    Ra first, second;
    script.jobs.push_back({Duration::seconds(1), "", first.enrol("ra-1.example.net")});
    script.jobs.push_back({Duration::seconds(1), "", second.enrol("ra-2.example.net")});
    json params = base_params();
    params["processing"] = {{"issue", "50ms"}};
    params["concurrency"] = concurrency;
    auto result = run(script, params);
    EXPECT_TRUE(first.result && first.result->ok());
    EXPECT_TRUE(second.result && second.result->ok());
    std::vector<Time> times;
    for (const auto& r : decisions(result.records, "IssueCertificate")) times.push_back(r.time);
    return std::make_pair(times, result.fingerprint);
  };
  auto [serial, fingerprint] = issue_times(1);
  ASSERT_EQ(serial.size(), 2u);
  // 1 s + 1 ms link latency + 50 ms, then another 50 ms for the one that waited.
  EXPECT_EQ(serial[0], Time::zero() + Duration::milliseconds(1051));
  EXPECT_EQ(serial[1] - serial[0], Duration::milliseconds(50));
  auto [parallel, unused] = issue_times(2);
  ASSERT_EQ(parallel.size(), 2u);
  EXPECT_EQ(parallel[0], parallel[1]);
  // Same scenario and seed, same trace.
  EXPECT_EQ(issue_times(1).second, fingerprint);
}

TEST(CaActor, MalformedInputGetsAnErrorOrARejectionAndTheCaKeepsServing) {
  Script script;
  Ra ra;
  Envelope garbage;
  garbage.operation = "p10cr";
  garbage.step = "C.4.1.2.6#3";
  garbage.body["exchange"] = 99;
  set_bytes(garbage.body, "der", pki::Bytes{0x30, 0x03, 0x02, 0x01, 0x05, 0xde, 0xad});
  Envelope no_der;
  no_der.operation = "p10cr";
  no_der.body["exchange"] = 100;
  script.raw.emplace_back(Duration::milliseconds(100), "p10cr", encode_envelope(garbage));
  script.raw.emplace_back(Duration::milliseconds(200), "p10cr", pki::Bytes{0xff, 0x00, 0x13});
  script.raw.emplace_back(Duration::milliseconds(300), "p10cr", encode_envelope(no_der));
  script.jobs.push_back({Duration::seconds(1), "", ra.enrol()});
  auto result = run(script, base_params());

  // The garbage DER gets a CMP error message with its exchange number and step #5.
  ASSERT_FALSE(script.replies.empty());
  const Reply& error = script.replies[0];
  EXPECT_EQ(error.operation, "error");
  EXPECT_EQ(error.exchange, 99);
  EXPECT_EQ(error.step, "C.4.1.2.6#5");
  const auto info = pki::inspect_cmp_message(error.der);
  EXPECT_EQ(info.body, static_cast<int>(pki::CmpBody::error));
  EXPECT_TRUE(info.has_failure(pki::CmpFailure::bad_data_format));
  auto issued = decisions(result.records, "IssueCertificate");
  ASSERT_EQ(issued.size(), 2u);
  EXPECT_EQ(issued[0].outcome, "rejected");
  EXPECT_EQ(issued[0].step, "C.4.1.2.6#4");
  // Neither the non-envelope nor the envelope without DER gets a reply; both are traced.
  std::size_t rejected = 0;
  for (const auto& r : decisions(result.records, "p10cr"))
    if (r.outcome == "rejected") ++rejected;
  EXPECT_EQ(rejected, 2u);
  // Later requests are still served.
  ASSERT_TRUE(ra.result.has_value());
  EXPECT_TRUE(ra.result->ok()) << ra.result->status_text;
  EXPECT_EQ(issued[1].outcome, "ok");
  EXPECT_EQ(script.replies.size(), 3u);  // error, ip, pkiConf
}

TEST(CaActor, CrlsArePublishedAtStartAndEveryInterval) {
  Script script;
  json params = base_params();
  params["crl_interval"] = "1h";
  params["processing"] = {{"crl", "0s"}};
  auto result = run(script, params, Duration::hours(3) + Duration::minutes(1));
  ASSERT_EQ(script.crls.size(), 4u);
  for (std::size_t i = 0; i < script.crls.size(); ++i) {
    const auto& [when, crl] = script.crls[i];
    EXPECT_EQ(when, Time::zero() + Duration::hours(static_cast<std::int64_t>(i)) +
                        Duration::milliseconds(1));
    EXPECT_EQ(crl.number(), i + 1);
    EXPECT_EQ(crl.next_update().seconds() - crl.this_update().seconds(), 2 * 3600);
    EXPECT_EQ(crl.issuer().to_string(), "CN=ca-1 Issuing CA,O=ifa026");
  }
  EXPECT_EQ(decisions(result.records, "PublishCrl").size(), 4u);
}

TEST(CaActor, CheckParamsAcceptsTheDocumentedParametersAndRejectsBadOnes) {
  sim::ActorRegistry registry;
  register_ca_actor(registry);
  const sim::ActorType* type = registry.find("ca");
  ASSERT_NE(type, nullptr);
  std::vector<sim::Diagnostic> out;
  json good = base_params();
  good["validity"] = "90d";
  good["ca_validity"] = "3650d";
  good["key_type"] = "ec-p384";
  good["root_name"] = "CN=Operator Root,O=Operator";
  good["issuing_name"] = "CN=Operator Issuing,O=Operator";
  good["processing"] = {{"issue", "5ms"}, {"revoke", "1ms"}, {"crl", "10ms"}};
  good["concurrency"] = 4u;
  good["ra_subjects"] = json::array({"cmf.example.net"});
  good["crl_next_update"] = "2h";
  type->check_params(good, out);
  EXPECT_TRUE(out.empty()) << out.front().message;

  auto problems = [&](json params) {
    std::vector<sim::Diagnostic> found;
    type->check_params(params, found);
    std::vector<std::string> pointers;
    for (const auto& d : found) pointers.push_back(d.pointer);
    return pointers;
  };
  EXPECT_EQ(problems({{"validity", "2000d"}}), std::vector<std::string>{"/validity"});
  EXPECT_EQ(problems({{"key_type", "dsa"}}), std::vector<std::string>{"/key_type"});
  EXPECT_EQ(problems({{"root_name", "not a name"}}), std::vector<std::string>{"/root_name"});
  EXPECT_EQ(problems({{"processing", {{"isue", "5ms"}}}}),
            std::vector<std::string>{"/processing/isue"});
  EXPECT_EQ(problems({{"ra_credentials", json::array({{{"reference", "x"}}})}}),
            std::vector<std::string>{"/ra_credentials/0"});
  EXPECT_EQ(problems({{"crl_subscriber", json::array()}}),
            std::vector<std::string>{"/crl_subscriber"});
}

}  // namespace
}  // namespace ifa026::actors
