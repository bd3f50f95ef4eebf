// Test-only actors and helpers for the CMF's direct mode (docs/direct-mode.md): a VNFM stand-in
// ("test-vnfm") that enrols its own certificate directly at the real CA (CMP ir with an RA
// credential), serves LCM subscriptions and queries on Cm-Vnfm over mutual TLS and sends the
// notifications it is commanded to; and a VNFCI probe ("vnfci-probe") that takes the CMF's
// configuration over day-0 TLS, records it, enrols each identity at the CA with CMP ir and the
// initial credential, and reports the certificate to the CMF (VnfciCertificateReport).
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "actors/builtin_actors.hpp"
#include "actors/common/cmp_exchange.hpp"
#include "actors/common/envelope.hpp"
#include "actors/common/pki_clock.hpp"
#include "actors/common/secure_channels.hpp"
#include "actors/common/trace_detail.hpp"
#include "actors/messages/operations.hpp"
#include "actors/messages/reference_points.hpp"
#include "pki/chain_verifier.hpp"
#include "pki/cmp_client.hpp"
#include "pki/crl.hpp"
#include "pki/key.hpp"
#include "sim/scenario.hpp"
#include "sim/simulation.hpp"
#include "tests/actors/cmf/cmf_run_support.hpp"
#include "tests/support/scenario_builder.hpp"

namespace ifa026::actors::direct_testing {

using cmf_runs::detail;
using cmf_runs::find;
using nlohmann::json;
using DirectRun = cmf_runs::Run;

// Splits a CMP result's chain into roots (self-signed, from caPubs or the chain) and the rest.
inline void split_chain(const pki::CmpResult& result, std::vector<pki::Certificate>& roots,
                        std::vector<pki::Certificate>& intermediates) {
  for (const auto& c : result.ca_pubs)
    if (c.subject() == c.issuer()) roots.push_back(c);
  for (const auto& c : result.chain) {
    if (result.certificate && c == *result.certificate) continue;
    if (c.subject() == c.issuer()) {
      if (std::find(roots.begin(), roots.end(), c) == roots.end()) roots.push_back(c);
    } else {
      intermediates.push_back(c);
    }
  }
}

// The VNFM stand-in. Params: ca, ra_reference, ra_secret, fqdn, enrol_at (duration, default
// "0s"), queries ({vnf: QueryVnfResponse body}), vnfs (the VnfDescription list a query without a
// VNF is answered with; default none), subscription_reply_delay (duration: subscribe at once,
// confirm that late). Command `notify`: args is the notification body, sent to every subscriber.
class TestVnfm final : public sim::Actor {
 public:
  TestVnfm(sim::ActorContext& context, const sim::ActorSpec& spec)
      : Actor(context),
        params_(spec.params),
        channels_(context, [this](const ChannelMessage& m) { on_channel(m); }),
        ra_(context, CmpExchangeSettings{.timeout = sim::Duration::seconds(10),
                                         .retries = 0,
                                         .operation_in_detail = true,
                                         .reject_detail = ""}) {}

  void on_start() override {
    const auto delay =
        sim::parse_duration(params_.value("enrol_at", std::string("0s"))).value_or(sim::Duration());
    context().schedule(delay, "VnfmEnrol", [this] { enrol(); });
  }

  void on_message(const sim::Message& message) override {
    if (channels_.handle(message)) return;
    if (ra_.handle(message)) return;
    auto envelope = decode_envelope(message.payload);
    if (envelope && envelope->operation == "CrlPublication")
      if (auto der = get_bytes(envelope->body, "crl")) crls.push_back(pki::Crl::from_der(*der));
  }

  void on_command(const sim::Command& command) override {
    if (command.name != "notify") return Actor::on_command(command);
    notifications.push_back(command.args);
    for (const auto& subscriber : subscribers)
      channels_.send(
          subscriber, ChannelKind::mutual, reference_points::kCmVnfm,
          Envelope{operations::kVnfLcmOperationOccurrenceNotification, "", command.args});
  }

  std::vector<std::string> subscribers;
  int subscription_requests = 0;
  std::vector<json> queries;  // QueryVnfRequest bodies naming a VNF
  int instance_queries = 0;   // QueryVnfRequests without a VNF (every instance)
  std::vector<json> notifications;
  std::vector<pki::Crl> crls;
  std::optional<pki::Certificate> certificate;

 private:
  void enrol() {
    const pki::PrivateKey key = pki::PrivateKey::generate(pki::KeyType::ec_p256);
    const std::string fqdn = params_.value("fqdn", std::string("vnfm.example.net"));
    const std::string reference = params_.value("ra_reference", std::string("vnfm-ra"));
    const std::string secret_text = params_.value("ra_secret", std::string());
    const pki::Bytes secret(secret_text.begin(), secret_text.end());
    const pki::Instant at = pki_now(context());
    ra_.run(
        params_.value("ca", std::string("ca")), pki::CmpClientConfig{}, "", "", "",
        [key, fqdn, reference, secret, at](pki::CmpClient& client) {
          return client.enrol_ir(reference, secret, key, pki::DistinguishedName{{{"CN", fqdn}}},
                                 pki::SubjectAltName{{fqdn}, {}, {}}, at);
        },
        [this, key](const CmpExchange::Outcome& outcome) {
          const pki::CmpResult& result = outcome.result;
          if (!result.ok() || !result.certificate) return;
          std::vector<pki::Certificate> roots, intermediates;
          split_chain(result, roots, intermediates);
          auto& credentials = channels_.credentials();
          credentials.key = key;
          credentials.certificate = *result.certificate;
          credentials.chain = intermediates;
          credentials.trust_anchors = roots;
          certificate = *result.certificate;
        });
  }

  void on_channel(const ChannelMessage& m) {
    if (m.peer.kind != ChannelKind::mutual) return;
    if (m.envelope.operation == operations::kLccnSubscriptionRequest) {
      ++subscription_requests;
      if (std::find(subscribers.begin(), subscribers.end(), m.peer.name) == subscribers.end())
        subscribers.push_back(m.peer.name);
      json body = json::object();
      body["status"] = "subscribed";
      body["subscription"] = "sub-" + std::to_string(subscription_requests);
      const Envelope reply{operations::kLccnSubscriptionResponse, "", body};
      if (!params_.contains("subscription_reply_delay")) return channels_.reply(m, reply);
      // Subscribed now, confirmed later: notifications in between reach the subscriber first.
      const auto delay =
          sim::parse_duration(params_["subscription_reply_delay"].get<std::string>()).value();
      const std::string peer = m.peer.name;
      context().schedule(delay, "DelayedSubscriptionReply", [this, peer, reply] {
        channels_.send(peer, ChannelKind::mutual, reference_points::kCmVnfm, reply);
      });
    } else if (m.envelope.operation == operations::kQueryVnfRequest &&
               !m.envelope.body.contains("vnf")) {
      // Every VNF instance (the CMF's reconciliation): the `vnfs` parameter, as the real VNFM
      // answers (messages::VnfDescription).
      ++instance_queries;
      json body = {{"status", "ok"}, {"vnfs", params_.value("vnfs", json::array())}};
      channels_.reply(m, Envelope{operations::kQueryVnfResponse, m.envelope.step, body});
    } else if (m.envelope.operation == operations::kQueryVnfRequest) {
      queries.push_back(m.envelope.body);
      const std::string vnf = get_string(m.envelope.body, "vnf");
      json body = json::object();
      if (params_.contains("queries") && params_["queries"].contains(vnf)) {
        body = params_["queries"][vnf];
        if (!body.contains("status")) body["status"] = "ok";  // as the real VNFM answers
      } else {
        body["vnf"] = vnf;
        body["status"] = "rejected";
        body["reason"] = "unknown VNF";
      }
      channels_.reply(m, Envelope{operations::kQueryVnfResponse, m.envelope.step, body});
    }
  }

  json params_;
  SecureChannels channels_;
  CmpExchange ra_;
};

struct ProbeEnrolment {
  std::string identity;
  std::string status;  // "ok" or the CMP failure
  std::optional<pki::Certificate> certificate;
  std::string verification;  // "ok" or why not
};

// The VNFCI probe. Params: day0 ({cmf: secret}), enrol (bool, default true), report (bool,
// default true), report_as (report every certificate under this identity name instead),
// renew_after (duration: renew each enrolled identity once with CMP kur, and report it).
class VnfciProbe final : public sim::Actor {
 public:
  VnfciProbe(sim::ActorContext& context, const sim::ActorSpec& spec)
      : Actor(context),
        params_(spec.params),
        channels_(context, [this](const ChannelMessage& m) { on_channel(m); }),
        ra_(context, CmpExchangeSettings{.timeout = sim::Duration::seconds(10),
                                         .retries = 0,
                                         .operation_in_detail = true,
                                         .reject_detail = ""}) {
    if (auto it = params_.find("day0"); it != params_.end())
      for (const auto& [peer, secret] : it->items())
        channels_.credentials().day0_secrets[peer] = secret.get<std::string>();
  }

  void on_message(const sim::Message& message) override {
    if (channels_.handle(message)) return;
    ra_.handle(message);
  }

  std::vector<json> configurations;
  std::vector<std::string> configuration_steps;
  std::vector<ProbeEnrolment> enrolments;
  std::vector<ProbeEnrolment> renewals;

 private:
  void on_channel(const ChannelMessage& m) {
    if (m.envelope.operation != operations::kVnfciCertificateConfiguration) return;
    if (m.peer.kind != ChannelKind::day0) return;
    configurations.push_back(m.envelope.body);
    configuration_steps.push_back(m.envelope.step);
    cmf_ = m.peer.name;
    if (!params_.value("enrol", true)) return;
    for (const auto& entry : m.envelope.body["identities"]) enrol(entry);
  }

  void enrol(const json& entry) {
    const std::string name = get_string(entry, "name");
    const std::string reference = get_string(entry, "reference");
    const pki::Bytes secret = get_bytes(entry, "secret").value_or(pki::Bytes{});
    const auto anchor = pki::Certificate::from_der(*get_bytes(entry, "trust_anchor"));
    const auto subject = pki::DistinguishedName::parse(get_string(entry, "subject"));
    pki::SubjectAltName san;
    for (const auto& d : entry["dns"]) san.dns.push_back(d.get<std::string>());
    const pki::PrivateKey key = pki::PrivateKey::generate(pki::KeyType::ec_p256);
    const pki::Instant at = pki_now(context());
    const std::string ca = get_string(entry, "ca");
    pki::CmpClientConfig config;
    config.trust_anchors = {anchor};
    ra_.run(
        ca, config, "C.2.1.1#5", "C.2.1.1#7", "",
        [reference, secret, key, subject, san, at](pki::CmpClient& client) {
          return client.enrol_ir(reference, secret, key, subject, san, at);
        },
        [this, name, ca, key, anchor](const CmpExchange::Outcome& outcome) {
          const pki::CmpResult& result = outcome.result;
          ProbeEnrolment e;
          e.identity = name;
          if (!result.ok() || !result.certificate) {
            e.status = result.status_text.empty() ? result.error : result.status_text;
            enrolments.push_back(std::move(e));
            return;
          }
          e.status = "ok";
          e.certificate = *result.certificate;
          std::vector<pki::Certificate> roots, intermediates;
          split_chain(result, roots, intermediates);
          pki::TrustStore store;
          store.add_anchor(anchor);
          for (const auto& c : intermediates) store.add_intermediate(c);
          const auto verdict =
              pki::verify_certificate(*result.certificate, store, pki_now(context()));
          e.verification = verdict.ok() ? "ok" : std::string(pki::to_string(verdict.failure));
          if (!(result.certificate->public_key() == key.public_key())) e.verification = "key";
          report(name, *result.certificate, "enrolment");
          if (params_.contains("renew_after")) {
            const auto delay = sim::parse_duration(params_["renew_after"].get<std::string>())
                                   .value_or(sim::Duration::seconds(1));
            const pki::Certificate held = *result.certificate;
            context().schedule(delay, "ProbeRenewal", [this, name, ca, held, key, anchor] {
              renew(name, ca, held, key, anchor);
            });
          }
          enrolments.push_back(std::move(e));
        });
  }

  void report(const std::string& name, const pki::Certificate& certificate,
              const std::string& purpose) {
    if (!params_.value("report", true)) return;
    json body = json::object();
    body["identity"] = params_.value("report_as", name);
    set_bytes(body, "certificate", certificate.der());
    body["purpose"] = purpose;
    channels_.send(cmf_, ChannelKind::day0, reference_points::kCmfVnfci,
                   Envelope{operations::kVnfciCertificateReport, "", body});
  }

  void renew(const std::string& name, const std::string& ca, const pki::Certificate& old_cert,
             const pki::PrivateKey& old_key, const pki::Certificate& anchor) {
    const pki::PrivateKey key = pki::PrivateKey::generate(pki::KeyType::ec_p256);
    const pki::Instant at = pki_now(context());
    pki::CmpClientConfig config;
    config.trust_anchors = {anchor};
    ra_.run(
        ca, config, "C.2.1.4#3", "C.2.1.4#5", "",
        [old_cert, old_key, key, at](pki::CmpClient& client) {
          return client.renew_kur(old_cert, old_key, key, at);
        },
        [this, name](const CmpExchange::Outcome& outcome) {
          const pki::CmpResult& result = outcome.result;
          ProbeEnrolment e;
          e.identity = name;
          e.status = result.ok() && result.certificate ? "ok" : result.status_text + result.error;
          e.certificate = result.certificate;
          e.verification = "renewal";
          if (result.ok() && result.certificate) report(name, *result.certificate, "renewal");
          renewals.push_back(std::move(e));
        });
  }

  json params_;
  SecureChannels channels_;
  CmpExchange ra_;
  std::string cmf_;
};

inline sim::ActorRegistry direct_registry() {
  sim::ActorRegistry registry = builtin_registry();
  sim::ActorType vnfm;
  vnfm.description = "test VNFM for the CMF's direct mode";
  vnfm.create = [](sim::ActorContext& context, const sim::ActorSpec& spec) {
    return std::make_unique<TestVnfm>(context, spec);
  };
  vnfm.check_params = [](const json&, std::vector<sim::Diagnostic>&) {};
  registry.add("test-vnfm", std::move(vnfm));
  sim::ActorType probe;
  probe.description = "VNFCI probe: records the CMF's configuration, enrols, reports";
  probe.create = [](sim::ActorContext& context, const sim::ActorSpec& spec) {
    return std::make_unique<VnfciProbe>(context, spec);
  };
  probe.check_params = [](const json&, std::vector<sim::Diagnostic>&) {};
  registry.add("vnfci-probe", std::move(probe));
  return registry;
}

// Identities of a VNFCI as the VNFD example gives them (client and oam).
inline json identities_of(const std::string& vnf, const std::string& vnfci) {
  const std::string host = vnfci + "." + vnf + ".example.net";
  return json::array({
      {{"name", "client"},
       {"usage", "client"},
       {"subject", "CN=" + host + ",O=Operator"},
       {"dns", json::array({host})}},
      {{"name", "oam"},
       {"usage", "oam"},
       {"subject", "CN=oam." + host + ",O=Operator"},
       {"dns", json::array({"oam." + host})}},
  });
}

// A COMPLETED notification; `changes` are (vnfci, ADDED|REMOVED) pairs, in order. Every member
// the real VNFM sends is there (messages::VnfLcmOperationOccurrenceNotification).
inline json notification(const std::string& vnf, const std::string& operation,
                         const std::vector<std::pair<std::string, std::string>>& changes,
                         bool with_identities = true, const std::string& state = "COMPLETED") {
  json affected = json::array();
  for (const auto& [vnfci, change] : changes) {
    json entry = {{"vnfci", vnfci}, {"vnfc", "fw-ctl"}, {"change", change}};
    if (with_identities) entry["identities"] = identities_of(vnf, vnfci);
    affected.push_back(entry);
  }
  return {{"vnf", vnf},
          {"vnfd", "vnfd-fw"},
          {"operation", operation},
          {"state", state},
          {"occurrence", "vnfm-op-1"},
          {"affected_vnfcs", affected},
          {"id", "vnfm-notification-1"},
          {"subscription", "sub-1"}};
}

// The world of the direct-mode tests: the CA `ca`, the CMF `cmf` in direct mode towards the VNFM
// stand-in `vnfm` (a TestVnfm enrolling with its own RA credential vnfm-ra), and one VnfciProbe
// per name in `probes`, on 2 ms links for 60 s with no workload. Tests add the VNFM's
// notifications with command(at, "vnfm", "notify", notification(...)) and change the rest through
// the builder.
inline test::ScenarioBuilder direct_world(const std::vector<std::string>& probes = {
                                              "vnf-1-fw-ctl-1", "vnf-1-fw-ctl-2"}) {
  test::ScenarioBuilder b = cmf_runs::ca_and_cmf("cmf-direct-mode-test", 5, "60s");
  b.direct_mode("cmf", {{"vnfms", json::array({"vnfm"})},
                        {"credential", {{"one_use", true}, {"lifetime", "1d"}}},
                        {"renew_before", "30d"},
                        {"vnfci_day0_secret", "vnfci day0"},
                        {"subscription_retry", "1s"}})
      .actor("vnfm", "test-vnfm",
             {{"ca", "ca"},
              {"ra_reference", "vnfm-ra"},
              {"ra_secret", "ra secret of the vnfm"},
              {"fqdn", "vnfm.example.net"}})
      .ra_credential("ca", "vnfm-ra", "ra secret of the vnfm")
      .crl_subscriber("ca", "cmf")
      .crl_subscriber("ca", "vnfm");
  for (const auto& probe : probes)
    b.actor(probe, "vnfci-probe", {{"day0", {{"cmf", "vnfci day0"}}}});
  return b;
}

inline std::unique_ptr<DirectRun> run_direct(const test::ScenarioBuilder& scenario,
                                             sim::ActorRegistry registry = direct_registry()) {
  return cmf_runs::run(scenario, std::move(registry));
}

}  // namespace ifa026::actors::direct_testing
