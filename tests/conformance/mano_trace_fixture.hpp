// Test fixture for the NFV-MANO certificate checks on synthetic traces: a scenario whose actors
// have the real type names (cmf, ca, oss, hsm, nfvo, ...) built by a test registry whose entity
// actors only hold the certificates a test gives them (actors::CertificateHolder), a small PKI
// with real keys and certificates, and a builder of trace records shaped like the actors' (send
// and receive pairs with message ids, decision and crypto records with key=value details). The
// canonical flows it writes pass the checks; tests then remove or reorder records to prove each
// check can fail. CA stubs expose the fixture PKI as their hierarchy (actors::CaHierarchy), and the
// builder also writes direct-mode enrolments of VNFCIs (C.2.1.1) for the clause 5.2 checks. Step
// IDs and record names come from the shared vocabulary (actors/messages/), as the actors' do.
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "actors/common/ca_hierarchy.hpp"
#include "actors/common/certificate_holder.hpp"
#include "conformance/check_registry.hpp"
#include "conformance/vocabulary.hpp"
#include "pki/certificate_authority.hpp"
#include "pki/csr.hpp"
#include "sim/actor_registry.hpp"
#include "sim/scenario.hpp"
#include "sim/simulation.hpp"

namespace ifa026::conformance::testing {

// An entity that only holds what the test gives it.
class HolderStub final : public sim::Actor, public actors::CertificateHolder {
 public:
  explicit HolderStub(sim::ActorContext& context) : Actor(context) {}
  void on_message(const sim::Message&) override {}
  std::optional<actors::HeldCertificate> current_certificate() const override { return current; }
  std::vector<actors::HeldCertificate> certificate_history() const override { return history; }
  std::vector<pki::Certificate> trust_anchors() const override { return anchors; }
  std::string fqdn() const override { return configured_fqdn; }

  std::optional<actors::HeldCertificate> current;
  std::vector<actors::HeldCertificate> history;
  std::vector<pki::Certificate> anchors;
  std::string configured_fqdn;
};

class SilentStub final : public sim::Actor {
 public:
  explicit SilentStub(sim::ActorContext& context) : Actor(context) {}
  void on_message(const sim::Message&) override {}
};

// A CA that only exposes the hierarchy a test gives it (World: the fixture PKI).
class CaStub final : public sim::Actor, public actors::CaHierarchy {
 public:
  explicit CaStub(sim::ActorContext& context) : Actor(context) {}
  void on_message(const sim::Message&) override {}
  pki::Certificate root_certificate() const override { return root.value(); }
  std::vector<pki::Certificate> issuing_certificates() const override { return issuing; }

  std::optional<pki::Certificate> root;
  std::vector<pki::Certificate> issuing;
};

inline sim::ActorRegistry stub_registry() {
  sim::ActorRegistry registry;
  {
    sim::ActorType t;
    t.description = "CA hierarchy stub";
    t.create = [](sim::ActorContext& c, const sim::ActorSpec&) {
      return std::make_unique<CaStub>(c);
    };
    registry.add("ca", t);
  }
  for (const char* type : {"cmf", "oss", "hsm", "sm"}) {
    sim::ActorType t;
    t.description = "silent stub";
    t.create = [](sim::ActorContext& c, const sim::ActorSpec&) {
      return std::make_unique<SilentStub>(c);
    };
    registry.add(type, t);
  }
  for (const char* type : {"nfvo", "vnfm", "vim", "wim", "cism", "cir"}) {
    sim::ActorType t;
    t.description = "certificate holder stub";
    t.create = [](sim::ActorContext& c, const sim::ActorSpec&) {
      return std::make_unique<HolderStub>(c);
    };
    registry.add(type, t);
  }
  return registry;
}

// Root -> issuing CA, issuing certificates for FQDNs at the scenario epoch.
class TestPki {
 public:
  TestPki()
      : root_(pki::CertificateAuthority::create_root(
            pki::DistinguishedName::parse("CN=Test Root CA,O=ifa026"), pki::PrivateKey::generate(),
            epoch(), 3650 * 86400)),
        issuing_(pki::CertificateAuthority::create_subordinate(
            root_, pki::DistinguishedName::parse("CN=Test Issuing CA,O=ifa026"),
            pki::PrivateKey::generate(), epoch(), 3650 * 86400, 0)) {}

  static pki::Instant epoch() { return pki::Instant::from_seconds(1767225600); }  // 2026-01-01

  actors::HeldCertificate issue(const std::string& fqdn, std::int64_t validity_seconds,
                                const std::string& subject = "") {
    pki::CsrContent content;
    content.subject =
        pki::DistinguishedName::parse(subject.empty() ? "CN=" + fqdn + ",O=Operator" : subject);
    content.san.dns = {fqdn};
    content.extended_key_usage = {pki::ExtendedKeyUsage::client_auth,
                                  pki::ExtendedKeyUsage::server_auth};
    auto csr = pki::Csr::create(content, pki::PrivateKey::generate());
    pki::CertificateProfile profile;
    profile.validity_seconds = validity_seconds;
    auto cert = issuing_.issue(pki::IssueRequest{csr, epoch(), {}, {}, {}}, profile);
    return actors::HeldCertificate{
        cert, {issuing_.certificate(), root_.certificate()}, "enrolment"};
  }
  const pki::Certificate& root() const { return root_.certificate(); }
  const pki::Certificate& issuing() const { return issuing_.certificate(); }

 private:
  pki::CertificateAuthority root_;
  pki::CertificateAuthority issuing_;
};

// Records in trace order, ids 1.., one millisecond apart unless told.
class TraceBuilder {
 public:
  std::vector<sim::TraceRecord> records;

  void advance(std::int64_t ms) { now_ms_ += ms; }
  std::int64_t now_ms() const { return now_ms_; }

  std::uint64_t add(sim::RecordKind kind, const std::string& actor, const std::string& peer,
                    const std::string& operation, const std::string& step,
                    const std::string& outcome, const std::string& detail = "",
                    std::uint64_t message_id = 0, const std::string& reference_point = "") {
    sim::TraceRecord r;
    r.id = records.size() + 1;
    r.time = sim::Time::from_ns(now_ms_ * 1'000'000);
    r.kind = kind;
    r.actor = actor;
    r.peer = peer;
    r.operation = operation;
    r.step = step;
    r.outcome = outcome;
    r.detail = detail;
    r.message_id = message_id;
    r.reference_point = reference_point;
    records.push_back(r);
    ++now_ms_;
    return r.id;
  }
  // A send and, unless `delivered` is false, its receive.
  std::uint64_t message(const std::string& from, const std::string& to, const std::string& op,
                        const std::string& step = "", bool delivered = true,
                        const std::string& reference_point = reference_points::kCmf1) {
    const auto id = ++next_message_;
    const auto send = add(sim::RecordKind::send, from, to, op, step, "ok", "", id, reference_point);
    if (delivered) add(sim::RecordKind::receive, to, from, op, step, "ok", "", id, reference_point);
    return send;
  }
  std::uint64_t decision(const std::string& actor, const std::string& op, const std::string& step,
                         const std::string& outcome, const std::string& detail,
                         const std::string& peer = "") {
    return add(sim::RecordKind::decision, actor, peer, op, step, outcome, detail);
  }
  std::uint64_t crypto(const std::string& actor, const std::string& op, const std::string& step,
                       const std::string& outcome, const std::string& detail,
                       const std::string& peer = "") {
    return add(sim::RecordKind::crypto, actor, peer, op, step, outcome, detail);
  }

  // Row `n` of `flow`'s table; "" without a flow (WIM, CISM and CIR trace no step IDs).
  static std::string at(const std::string& flow, int n) {
    return flow.empty() ? std::string() : std::string(flows::step(flow, n));
  }

  // C.4.x.1 #0..#2 for `entity` by oss-1 at cmf-1.
  void registration(const std::string& flow, const std::string& entity, const std::string& fqdn,
                    bool accept = true, const std::string& consumer = "oss-1") {
    message(consumer, "cmf-1", ops::kRegisterEntityRequest, at(flow, 0));
    const std::string about = "entity=" + entity + "; fqdn=" + fqdn;
    if (accept) {
      decision("cmf-1", decisions::kRegisterEntity, at(flow, 1), "registered",
               about + "; consumer=" + consumer, consumer);
      decision("cmf-1", decisions::kSelectCa, at(flow, 1), "ok", about + "; ca=ca-1", consumer);
      decision("cmf-1", decisions::kInitialCredential, at(flow, 1), "created",
               about + "; reference=" + entity + "-1; one_use=true", consumer);
    } else {
      decision(
          "cmf-1", decisions::kRegisterEntity, at(flow, 1), "rejected",
          about + "; consumer=" + consumer + "; reason=consumer " + consumer + " is not trusted",
          consumer);
    }
    message("cmf-1", consumer, ops::kRegisterEntityResponse, at(flow, 2));
  }

  void configuration(const std::string& entity, const std::string& fqdn,
                     const std::string& subject = "") {
    const std::string s = subject.empty() ? "CN=" + fqdn + ",O=Operator" : subject;
    decision("oss-1", decisions::kConfigureEntity, "", "ok", "entity=" + entity + "; fqdn=" + fqdn,
             entity);
    message("oss-1", entity, ops::kSetCertificateConfiguration, "", true,
            reference_points::kOsMaNfvo);
    decision(entity, decisions::kCertificateConfiguration, "", "stored",
             "entity=" + entity + "; fqdn=" + fqdn + "; subject=" + s + "; cmf=cmf-1");
  }

  // C.4.x.2.6 (or .7 with `hsm`) #0..#6 for `entity`, ending with CertificateInstalled.
  void csr(const std::string& flow, const std::string& entity, const std::string& fqdn,
           const std::string& serial, const std::string& not_after = "2027-01-01T00:00:00Z",
           const std::string& purpose = "enrolment", const std::string& hsm = "") {
    const std::string about = "entity=" + entity + "; fqdn=" + fqdn;
    if (hsm.empty()) {
      decision(entity, decisions::kGenerateKey, at(flow, 0), "ok", about + "; in=self");
    } else {
      message(entity, hsm, ops::kGenerateKeyPairRequest, at(flow, 0), true,
              reference_points::kHsmIf);
      decision(hsm, decisions::kGenerateKeyPair, at(flow, 0), "ok", "handle=h1", entity);
      message(hsm, entity, ops::kGenerateKeyPairResponse, at(flow, 0), true,
              reference_points::kHsmIf);
      decision(entity, decisions::kGenerateKey, at(flow, 0), "ok", about + "; in=hsm");
      message(entity, hsm, ops::kKeyAttestationRequest, at(flow, 0), true,
              reference_points::kHsmIf);
      decision(hsm, decisions::kAttestKey, at(flow, 0), "ok", "handle=h1", entity);
      message(hsm, entity, ops::kKeyAttestationResponse, at(flow, 0), true,
              reference_points::kHsmIf);
      message(entity, hsm, ops::kSignCsrRequest, at(flow, 0), true, reference_points::kHsmIf);
      decision(hsm, decisions::kSignCsr, at(flow, 0), "ok", "handle=h1", entity);
      message(hsm, entity, ops::kSignCsrResponse, at(flow, 0), true, reference_points::kHsmIf);
    }
    message(entity, "cmf-1", ops::kTlsHandshake, at(flow, 0));
    message("cmf-1", entity, ops::kTlsHandshake, "");
    crypto(entity, decisions::kTlsHandshake, "", "ok",
           "channel=server_auth; role=client; peer=cmf-1", "cmf-1");
    message(entity, "cmf-1", ops::kCertificateSigningRequest, at(flow, 0));
    crypto("cmf-1", decisions::kTlsHandshake, "", "ok",
           "channel=server_auth; role=server; peer=" + entity, entity);
    decision("cmf-1", decisions::kRegistrationCheck, at(flow, 1), "ok",
             about + "; auth=initial-credential", entity);
    if (!hsm.empty())
      crypto("cmf-1", decisions::kKeyAttestationVerification, at(flow, 2), "ok", about, entity);
    crypto("cmf-1", decisions::kCsrValidation, at(flow, 2), "ok",
           about + "; auth=initial-credential; purpose=" + purpose, entity);
    message("cmf-1", "ca-1", ops::kCmpP10cr, at(flow, 3), true, reference_points::kCa1);
    decision(
        "ca-1", decisions::kIssueCertificate, at(flow, 4), "ok",
        "request=p10cr; serial=" + serial + "; subject=CN=" + fqdn + ",O=Operator; fqdn=" + fqdn,
        "cmf-1");
    message("ca-1", "cmf-1", ops::kCmpCp, at(flow, 5), true, reference_points::kCa1);
    message("cmf-1", "ca-1", ops::kCmpCertConf, at(flow, 5), true, reference_points::kCa1);
    message("ca-1", "cmf-1", ops::kCmpPkiConf, at(flow, 5), true, reference_points::kCa1);
    decision("cmf-1", decisions::kCertificateDelivered, at(flow, 6), "ok",
             about + "; serial=" + serial + "; not_after=" + not_after + "; purpose=" + purpose,
             entity);
    message("cmf-1", entity, ops::kCertificateSigningResponse, at(flow, 6));
    crypto(entity, decisions::kCertificateVerification, "", "ok", about + "; serial=" + serial,
           "cmf-1");
    decision(entity, decisions::kCertificateInstalled, "", "ok",
             about + "; serial=" + serial + "; not_after=" + not_after + "; purpose=" + purpose);
  }

  // Direct mode (C.2.1.1) of `vnfci` of `vnf`: vnfm-1 spawns it and notifies cmf-1, which
  // discovers it, creates `identities`, registers each at ca-1 and configures the VNFCI; per
  // identity the VNFCI's key, its ir to ca-1, the issuance (serial `serial_prefix` + index) and
  // the installation. `source` is how cmf-1 learnt of it ("notification" or "query").
  void direct_enrolment(const std::string& vnf, const std::string& vnfci,
                        const std::vector<std::string>& identities,
                        const std::string& serial_prefix,
                        const std::string& source = "notification") {
    const std::string about = "vnf=" + vnf + "; vnfci=" + vnfci;
    std::string names;
    for (const auto& i : identities) names += (names.empty() ? "" : ",") + i;
    decision("vnfm-1", decisions::kSpawnActor, "", "ok",
             "name=" + vnfci + "; type=vnfci; trust_domain=default", vnfci);
    if (source == "notification") {
      decision("vnfm-1", decisions::kVnfLcmNotification, "", "sent", "subscriber=cmf-1; vnf=" + vnf,
               "cmf-1");
      message("vnfm-1", "cmf-1", ops::kVnfLcmOperationOccurrenceNotification, "", true,
              reference_points::kCmVnfm);
      decision("cmf-1", decisions::kVnfLcmNotification, "", "accepted", "vnfm=vnfm-1; vnf=" + vnf,
               "vnfm-1");
    } else {
      decision("cmf-1", decisions::kQueryVnf, "", "ok", "vnfm=vnfm-1; vnf=" + vnf, "vnfm-1");
    }
    decision("cmf-1", decisions::kVnfciDiscovered, flows::step(flows::kDirect, 0), "ok",
             about + "; vnfc=fw; vnfm=vnfm-1; source=" + source, "vnfm-1");
    decision("cmf-1", decisions::kIdentitiesCreated, flows::step(flows::kDirect, 1), "ok",
             about + "; names=" + names + "; ca=ca-1", "vnfm-1");
    for (const auto& i : identities) {
      decision("cmf-1", decisions::kEndEntityRegistration, flows::step(flows::kDirect, 2),
               "requested", about + "; identity=" + i, "ca-1");
      message("cmf-1", "ca-1", ops::kRegisterEndEntityRequest, flows::step(flows::kDirect, 2), true,
              reference_points::kCa1);
      decision("ca-1", decisions::kRegisterEndEntity, flows::step(flows::kDirect, 2), "registered",
               "identity=" + vnfci + "/" + i + "; subject=CN=" + i + "." + vnfci + ".example.net",
               "cmf-1");
      message("ca-1", "cmf-1", ops::kRegisterEndEntityResponse, flows::step(flows::kDirect, 2),
              true, reference_points::kCa1);
      decision("cmf-1", decisions::kEndEntityRegistration, flows::step(flows::kDirect, 2),
               "registered", about + "; identity=" + i, "ca-1");
    }
    message("cmf-1", vnfci, ops::kVnfciCertificateConfiguration, flows::step(flows::kDirect, 3),
            true, reference_points::kCmfVnfci);
    decision(vnfci, decisions::kCertificateConfiguration, flows::step(flows::kDirect, 3), "stored",
             about, "cmf-1");
    int n = 0;
    for (const auto& i : identities) {
      const std::string serial = serial_prefix + std::to_string(++n);
      const std::string who = "vnfci=" + vnfci + "; identity=" + i;
      decision(vnfci, decisions::kGenerateKey, flows::step(flows::kDirect, 4), "ok",
               who + "; in=self; purpose=enrolment");
      message(vnfci, "ca-1", ops::kCmpIr, flows::step(flows::kDirect, 5), true,
              reference_points::kCa1);
      decision("ca-1", decisions::kIssueCertificate, flows::step(flows::kDirect, 6), "ok",
               "request=ir; serial=" + serial + "; subject=CN=" + i + "." + vnfci +
                   ".example.net; identity=" + vnfci + "/" + i,
               vnfci);
      message("ca-1", vnfci, ops::kCmpIp, flows::step(flows::kDirect, 7), true,
              reference_points::kCa1);
      crypto(vnfci, decisions::kCertificateVerification, flows::step(flows::kDirect, 7), "ok",
             who + "; serial=" + serial, "ca-1");
      decision(vnfci, decisions::kCertificateInstalled, flows::step(flows::kDirect, 7), "ok",
               who + "; serial=" + serial + "; purpose=enrolment", "ca-1");
    }
  }

  // Removes the first record matching operation (and actor when given); renumbers.
  void erase(const std::string& operation, const std::string& actor = "") {
    for (auto it = records.begin(); it != records.end(); ++it)
      if (it->operation == operation && (actor.empty() || it->actor == actor)) {
        records.erase(it);
        break;
      }
    renumber();
  }
  void renumber() {
    for (std::size_t i = 0; i < records.size(); ++i) records[i].id = i + 1;
  }

 private:
  std::int64_t now_ms_ = 1000;
  std::uint64_t next_message_ = 0;
};

// A scenario with these actors (name -> type), built into a simulation with stub actors.
class World {
 public:
  explicit World(const std::vector<std::pair<std::string, std::string>>& actors,
                 nlohmann::json expect = nlohmann::json::object())
      : registry_(stub_registry()) {
    scenario_.name = "synthetic";
    scenario_.epoch = *sim::parse_utc("2026-01-01T00:00:00Z");
    scenario_.duration = sim::Duration::minutes(5);
    for (const auto& [name, type] : actors) {
      sim::ActorSpec spec;
      spec.name = name;
      spec.type = type;
      scenario_.actors.push_back(spec);
    }
    scenario_.expect = std::move(expect);
  }

  sim::Scenario& scenario() { return scenario_; }
  void set_params(const std::string& name, nlohmann::json params) {
    for (auto& a : scenario_.actors)
      if (a.name == name) a.params = std::move(params);
  }

  // Builds the simulation (once) and runs it to `end` (nothing happens: the stubs are silent).
  sim::Simulation& simulation(sim::Duration end = sim::Duration::minutes(5)) {
    if (!simulation_) {
      simulation_ = std::make_unique<sim::Simulation>(scenario_, registry_);
      simulation_->run_until(sim::Time::zero() + end);
      for (const auto& a : scenario_.actors)
        if (auto* ca = dynamic_cast<CaStub*>(simulation_->actor(a.name))) {
          ca->root = pki_.root();
          ca->issuing = {pki_.issuing()};
        }
    }
    return *simulation_;
  }
  CaStub& ca(const std::string& name) {
    auto* c = dynamic_cast<CaStub*>(simulation().actor(name));
    if (c == nullptr) throw std::runtime_error("no CA " + name);
    return *c;
  }
  HolderStub& holder(const std::string& name) {
    auto* h = dynamic_cast<HolderStub*>(simulation().actor(name));
    if (h == nullptr) throw std::runtime_error("no holder " + name);
    return *h;
  }
  // Gives `name` a certificate for `fqdn` (and makes it current).
  actors::HeldCertificate certify(const std::string& name, const std::string& fqdn,
                                  std::int64_t validity_seconds = 365 * 86400,
                                  const std::string& subject = "") {
    auto held = pki_.issue(fqdn, validity_seconds, subject);
    auto& h = holder(name);
    h.current = held;
    h.history.push_back(held);
    h.anchors = {pki_.root()};
    h.configured_fqdn = fqdn;
    return held;
  }
  TestPki& pki() { return pki_; }

  CheckResult run(const std::function<CheckResult(const CheckContext&)>& check,
                  const std::vector<sim::TraceRecord>& trace) {
    const CheckContext context{scenario_, trace, simulation()};
    return check(context);
  }

 private:
  sim::ActorRegistry registry_;
  sim::Scenario scenario_;
  std::unique_ptr<sim::Simulation> simulation_;
  TestPki pki_;
};

}  // namespace ifa026::conformance::testing
