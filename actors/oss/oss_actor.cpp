// The OSS actor: registers MANO entities at the CMF over its day-0 channel (C.4.x.1, CMF-1),
// configures each registered entity's certificate parameters through the NFVO on Os-Ma-Nfvo
// (relayed further on Or-Vnfm, Vi-Vnfm, ...), and asks the CMF to revoke certificates
// (docs/mano-certificates.md); onboards VNF packages at the NFVO (package_onboarding.hpp).
#include "actors/oss/oss_actor.hpp"

#include <algorithm>
#include <exception>
#include <map>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "actors/common/actor_params.hpp"
#include "actors/common/envelope.hpp"
#include "actors/common/mano_entity.hpp"
#include "actors/common/secure_channels.hpp"
#include "actors/common/trace_detail.hpp"
#include "actors/common/work_queue.hpp"
#include "actors/messages/cmf1.hpp"
#include "actors/messages/codec.hpp"
#include "actors/messages/decisions.hpp"
#include "actors/messages/detail_keys.hpp"
#include "actors/messages/flow_steps.hpp"
#include "actors/messages/operations.hpp"
#include "actors/messages/os_ma_nfvo.hpp"
#include "actors/messages/reference_points.hpp"
#include "actors/oss/ns_requests.hpp"
#include "actors/oss/package_onboarding.hpp"
#include "actors/toolkit/actor_registration.hpp"
#include "actors/toolkit/message_handlers.hpp"
#include "actors/toolkit/nfv_actor.hpp"
#include "pki/key.hpp"
#include "pki/names.hpp"

namespace ifa026::actors {
namespace {

using nlohmann::json;
namespace dk = detail_keys;

const std::vector<std::string> kKinds = {"nfvo", "vnfm", "vim", "wim", "cism",
                                         "cir",  "sm",   "em",  "ism", "auditor"};
// Issue 16: telemetry collectors and PNF stubs enrol like an SM (configured directly).
const std::vector<std::string> kTelemetryKinds = {"collector", "pnf"};

std::vector<ParamRule> oss_param_rules() {
  std::vector<ParamRule> rules = {
      {"cmf", ParamType::string, "CMF actor the OSS registers entities with", true},
      {"day0", ParamType::string_map, "day-0 secrets by peer (the CMF and the NFVO at least)"},
      {"entities", ParamType::object,
       "the MANO entities it registers, by actor name: {kind: "
       "nfvo|vnfm|vim|wim|cism|cir|sm|auditor, fqdn, "
       "subject (default CN=<fqdn>,O=Operator), key_type (default ec-p256), via: [entities "
       "relaying the configuration], credential: {one_use, lifetime} of its initial credential}"},
      {"processing", ParamType::duration_map,
       "processing times: register (1ms), configure (1ms), revoke (1ms)"},
      {"concurrency", ParamType::integer, "parallel requests being prepared", false, "1"},
  };
  for (auto& rule : oss::PackageOnboarding::param_rules()) rules.push_back(std::move(rule));
  rules.push_back(
      {"nfvo", ParamType::string,
       "the NFVO of NS requests and packages (default: the first entity of kind nfvo)"});
  return rules;
}

// Step 0 of the registration flow (C.4.x.1) of a kind, or "" (WIM, CISM, CIR have no Annex C
// flow).
std::string registration_step(const std::string& kind) {
  const flows::Flow* flow = flows::entity_flow(kind, true);
  return flow == nullptr ? "" : flows::step(flow->id, 0);
}

// Who a message is about, as far as its body says: for the records of a message the OSS did not
// expect and of a request whose channel failed (any operation).
struct EntityMention {
  static bool accepts(std::string_view) { return true; }
  std::optional<std::string> entity;
  std::optional<std::string> fqdn;
  std::optional<std::string> target;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("entity", self.entity);
    f("fqdn", self.fqdn);
    f("target", self.target);
  }
};

EntityMention mention_in(const Envelope& envelope) {
  auto mention = messages::from_envelope<EntityMention>(envelope);
  return mention ? std::move(mention).value() : EntityMention{};
}

struct EntityEntry {
  std::string name;
  std::string kind;
  std::string fqdn;
  std::string subject;
  std::string key_type;
  std::vector<std::string> via;  // relays between the OSS and the entity
  std::optional<messages::CredentialOptions> credential;
};

// Entities in the order of the parameter object (nlohmann::json keeps members sorted by name).
std::vector<EntityEntry> read_entities(const json& params) {
  std::vector<EntityEntry> entries;
  auto it = params.find("entities");
  if (it == params.end() || !it->is_object()) return entries;
  std::string first_nfvo;
  for (const auto& [name, value] : it->items())
    if (first_nfvo.empty() && string_param(value, "kind") == "nfvo") first_nfvo = name;
  for (const auto& [name, value] : it->items()) {
    EntityEntry e;
    e.name = name;
    e.kind = string_param(value, "kind");
    e.fqdn = string_param(value, "fqdn");
    e.subject = string_param(value, "subject", "CN=" + e.fqdn + ",O=Operator");
    e.key_type = string_param(value, "key_type", "ec-p256");
    if (auto via = value.find("via"); via != value.end() && via->is_array()) {
      for (const auto& hop : *via)
        if (hop.is_string()) e.via.push_back(hop.get<std::string>());
    } else if (e.kind != "nfvo" && e.kind != "sm" && e.kind != "auditor" && !first_nfvo.empty() &&
               std::find(kTelemetryKinds.begin(), kTelemetryKinds.end(), e.kind) ==
                   kTelemetryKinds.end()) {
      // Every kind but the NFVO and a Security Manager (configured directly, like an NFVO) is
      // configured through the first NFVO by default.
      e.via = {first_nfvo};
    }
    if (auto credential = value.find("credential");
        credential != value.end() && credential->is_object()) {
      auto options = messages::from_body<messages::CredentialOptions>(*credential);
      if (options) e.credential = std::move(options).value();
    }
    entries.push_back(std::move(e));
  }
  return entries;
}

// The first entity of kind nfvo (by name), or "".
std::string first_nfvo(const std::vector<EntityEntry>& entities) {
  for (const auto& e : entities)
    if (e.kind == "nfvo") return e.name;
  return "";
}

void check_entities(const json& params, std::vector<sim::Diagnostic>& out) {
  auto it = params.find("entities");
  if (it == params.end() || !it->is_object()) return;
  for (const auto& [name, value] : it->items()) {
    const std::string pointer = "/entities/" + name;
    auto problem = [&](const std::string& where, const std::string& message, bool at_key = false) {
      out.push_back({"", 0, 0, pointer + where, name + ": " + message, at_key});
    };
    if (!value.is_object()) {
      problem("", "expected an object {kind, fqdn, ...}");
      continue;
    }
    for (const auto& [key, member] : value.items()) {
      (void)member;
      if (key != "kind" && key != "fqdn" && key != "subject" && key != "key_type" && key != "via" &&
          key != "credential")
        problem("/" + key,
                "unknown member \"" + key + "\" (kind, fqdn, subject, key_type, via, credential)",
                true);
    }
    const std::string kind = string_param(value, "kind");
    if (std::find(kKinds.begin(), kKinds.end(), kind) == kKinds.end() &&
        std::find(kTelemetryKinds.begin(), kTelemetryKinds.end(), kind) == kTelemetryKinds.end())
      problem("/kind", "kind must be one of nfvo, vnfm, vim, wim, cism, cir, sm, collector, pnf");
    if (string_param(value, "fqdn").empty()) problem("/fqdn", "needs a non-empty string fqdn");
    if (auto s = value.find("subject"); s != value.end()) {
      if (!s->is_string()) {
        problem("/subject", "expected a distinguished name string");
      } else {
        try {
          (void)pki::DistinguishedName::parse(s->get<std::string>());
        } catch (const std::exception& e) {
          problem("/subject", std::string("bad distinguished name: ") + e.what());
        }
      }
    }
    if (auto k = value.find("key_type");
        k != value.end() && (!k->is_string() || !pki::key_type_from_string(k->get<std::string>())))
      problem("/key_type", "unknown key type (ec-p256, ec-p384, rsa-2048, rsa-3072, ed25519)");
    if (auto via = value.find("via"); via != value.end()) {
      if (!via->is_array()) {
        problem("/via", "expected an array of entity names");
      } else {
        for (const auto& hop : *via)
          if (!hop.is_string() || !it->contains(hop.get<std::string>()) ||
              hop.get<std::string>() == name)
            problem("/via", "every hop must name another entity of this OSS");
      }
    }
    if (auto c = value.find("credential"); c != value.end()) {
      if (!c->is_object()) {
        problem("/credential", "expected {one_use, lifetime}");
      } else {
        if (auto one = c->find("one_use"); one != c->end() && !one->is_boolean())
          problem("/credential/one_use", "expected true or false");
        if (auto life = c->find("lifetime"); life != c->end()) {
          auto d = life->is_string() ? sim::parse_duration(life->get<std::string>())
                                     : std::optional<sim::Duration>{};
          if (!d || d->ns() <= 0)
            problem("/credential/lifetime", "expected a positive duration such as \"1h\"");
        }
      }
    }
  }
}

class OssActor final : public NfvActor {
 public:
  OssActor(sim::ActorContext& context, const sim::ActorSpec& spec)
      : NfvActor(context, spec),
        cmf_(string_param(spec.params, "cmf")),
        entities_(read_entities(spec.params)),
        register_time_(
            duration_entry(spec.params, "processing", "register", sim::Duration::milliseconds(1))),
        configure_time_(
            duration_entry(spec.params, "processing", "configure", sim::Duration::milliseconds(1))),
        revoke_time_(
            duration_entry(spec.params, "processing", "revoke", sim::Duration::milliseconds(1))),
        queue_(context,
               static_cast<std::size_t>(std::max(1LL, int_param(spec.params, "concurrency", 1)))),
        channels_(
            context, guard(), [this](const ChannelMessage& m) { on_channel_message(m); },
            [this](const std::string& peer, ChannelKind kind, const std::string& failure,
                   const std::vector<Envelope>& dropped) {
              on_channel_failure(peer, kind, failure, dropped);
            }),
        responses_(guard()),
        packages_({tracer(), guard()}, context, channels_, spec.params, nfvo_of(spec.params),
                  [this] { return next_request_id(); }),
        ns_requests_({tracer(), guard()}, context, channels_, nfvo_of(spec.params),
                     [this] { return next_request_id(); }) {
    channels_.credentials().day0_secrets = string_map_param(spec.params, "day0");
    responses_.on<messages::RegisterEntityResponse>(
        [this](const messages::RegisterEntityResponse& r, const ChannelMessage& m) {
          on_registration(m, r);
        });
    responses_.on<messages::RevokeCertificateResponse>(
        [this](const messages::RevokeCertificateResponse& r, const ChannelMessage& m) {
          on_revocation(m, r);
        });
  }

 private:
  void receive(const sim::Message& message) override {
    if (channels_.handle(message)) return;
    trace({.operation = message.operation.empty() ? decisions::kMessage : message.operation,
           .outcome = outcomes::kRejected,
           .peer = message.from,
           .reference_point = message.reference_point,
           .detail = TraceDetail().add(dk::kReason, "not accepted outside a secure channel")});
  }

  void command(const sim::Command& command) override {
    if (command.name == "register") return register_entity(string_param(command.args, "entity"));
    if (command.name == "register_all") {
      for (const auto& e : entities_) register_entity(e.name);
      return;
    }
    if (command.name == "configure_unregistered")
      return configure_unregistered(string_param(command.args, "entity"));
    if (command.name == "revoke")
      return revoke(string_param(command.args, "entity"),
                    string_param(command.args, "reason", "unspecified"));
    if (packages_.on_command(command)) return;
    if (ns_requests_.on_command(command)) return;
    NfvActor::command(command);
  }

  // The NFVO of Os-Ma-Nfvo requests: the parameter, else the first entity of kind nfvo.
  std::string nfvo_of(const json& params) const {
    const std::string nfvo = string_param(params, "nfvo");
    return nfvo.empty() ? first_nfvo(entities_) : nfvo;
  }
  std::string next_request_id() { return name() + "-req-" + std::to_string(next_request_++); }

  // A work queue job inside the guard (`site` names it in the record an exception leaves).
  template <typename F>
  void submit(sim::Duration service, const std::string& site, F work) {
    queue_.submit(service, site, [this, site, work = std::move(work)]() mutable {
      guarded({.operation = site}, work);
    });
  }

  const EntityEntry* find(const std::string& name) const {
    for (const auto& e : entities_)
      if (e.name == name) return &e;
    return nullptr;
  }

  // Detail that starts every record about an entity.
  static TraceDetail about(const std::string& entity, const std::string& fqdn) {
    TraceDetail d;
    d.add(dk::kEntity, entity).add(dk::kFqdn, fqdn);
    return d;
  }

  void register_entity(const std::string& name) {
    const EntityEntry* e = find(name);
    if (e == nullptr) {
      trace({.operation = decisions::kRegistrationRequest,
             .outcome = outcomes::kRejected,
             .detail = about(name, "").add(dk::kReason, "unknown entity")});
      return;
    }
    submit(register_time_, "register", [this, name] {
      const EntityEntry* entry = find(name);
      const std::string step = registration_step(entry->kind);
      // The request as a record of its own: it names the entity (the channel's send records
      // do not) and keeps the step visible when several requests share one TLS flight.
      trace({.operation = decisions::kRegistrationRequest,
             .outcome = outcomes::kRequested,
             .peer = cmf_,
             .reference_point = reference_points::kCmf1,
             .step = step,
             .detail = about(entry->name, entry->fqdn).add(dk::kKind, entry->kind)});
      channels_.send(
          cmf_, ChannelKind::day0, reference_points::kCmf1,
          messages::to_envelope(messages::RegisterEntityRequest{.entity = entry->name,
                                                                .kind = entry->kind,
                                                                .fqdn = entry->fqdn,
                                                                .credential = entry->credential},
                                step));
    });
  }

  void revoke(const std::string& name, const std::string& reason) {
    const EntityEntry* e = find(name);
    if (e == nullptr) {
      trace({.operation = decisions::kRevocationRequest,
             .outcome = outcomes::kRejected,
             .detail = about(name, "").add(dk::kReason, "unknown entity")});
      return;
    }
    submit(revoke_time_, "revoke", [this, name, reason] {
      const EntityEntry* entry = find(name);
      trace({.operation = decisions::kRevocationRequest,
             .outcome = outcomes::kRequested,
             .peer = cmf_,
             .reference_point = reference_points::kCmf1,
             .detail = about(name, entry ? entry->fqdn : "").add(dk::kReason, reason)});
      messages::RevokeCertificateRequest request;
      request.entity = name;
      request.reason = reason;
      channels_.send(cmf_, ChannelKind::day0, reference_points::kCmf1,
                     messages::to_envelope(request));
    });
  }

  void on_channel_message(const ChannelMessage& m) {
    const std::string& op = m.envelope.operation;
    // Os-Ma-Nfvo answers from the NFVO, on the day-0 channel.
    if (m.peer.kind == ChannelKind::day0 && (packages_.on_message(m) || ns_requests_.on_message(m)))
      return;
    if (m.peer.name == cmf_ && m.peer.kind != ChannelKind::server_auth &&
        responses_.dispatch(m.envelope, m,
                            {.operation = op,
                             .peer = m.peer.name,
                             .reference_point = m.reference_point,
                             .step = m.envelope.step}))
      return;
    const EntityMention mention = mention_in(m.envelope);
    const std::string entity = mention.entity.value_or("");
    const EntityEntry* e = find(entity);
    trace({.operation = op,
           .outcome = outcomes::kRejected,
           .peer = m.peer.name,
           .reference_point = m.reference_point,
           .detail = about(entity, mention.fqdn.value_or(e ? e->fqdn : ""))
                         .add(dk::kReason, "not a response from the CMF")});
  }

  void on_revocation(const ChannelMessage& m, const messages::RevokeCertificateResponse& r) {
    const EntityEntry* e = find(r.entity);
    trace({.operation = decisions::kRevocationResult,
           .outcome = r.status.empty() ? std::string(outcomes::kUnknown) : r.status,
           .peer = m.peer.name,
           .reference_point = m.reference_point,
           .detail = about(r.entity, e ? e->fqdn : "")
                         .add(dk::kSerial, r.serial.value_or(""))
                         .add(dk::kReason, r.reason)});
  }

  void on_registration(const ChannelMessage& m, const messages::RegisterEntityResponse& r) {
    const EntityEntry* e = find(r.entity);
    if (e == nullptr) {
      trace({.operation = decisions::kRegistrationResult,
             .outcome = outcomes::kRejected,
             .peer = m.peer.name,
             .reference_point = m.reference_point,
             .detail = about(r.entity, r.fqdn).add(dk::kReason, "response for an unknown entity")});
      return;
    }
    if (r.status != outcomes::kRegistered && r.reason == reasons::kCmfNotReady &&
        registration_retries_[r.entity] < kRegistrationRetries) {
      // Transient: the CMF was still enrolling with its CA. Asked again after 2 s, 4 s, ...
      const int retry = ++registration_retries_[r.entity];
      const sim::Duration wait = sim::Duration::seconds(1) * (std::int64_t{1} << retry);
      trace({.operation = decisions::kRegistrationResult,
             .outcome = outcomes::kRetry,
             .peer = m.peer.name,
             .reference_point = m.reference_point,
             .detail = about(r.entity, r.fqdn)
                           .add(dk::kReason, r.reason)
                           .add("retry", std::to_string(retry))
                           .add("after", sim::format_duration(wait))});
      schedule(wait, "register-retry", [this, entity = r.entity] { register_entity(entity); });
      return;
    }
    if (r.status != outcomes::kRegistered) {
      trace({.operation = decisions::kRegistrationResult,
             .outcome = outcomes::kRejected,
             .peer = m.peer.name,
             .reference_point = m.reference_point,
             .detail = about(r.entity, r.fqdn).add(dk::kReason, r.reason)});
      return;
    }
    trace({.operation = decisions::kRegistrationResult,
           .outcome = outcomes::kRegistered,
           .peer = m.peer.name,
           .reference_point = m.reference_point,
           .detail = about(r.entity, r.fqdn).add(dk::kCa, r.ca.value_or(""))});
    if (r.trust_anchor) last_trust_anchor_ = *r.trust_anchor;
    submit(configure_time_, "configure", [this, r] { configure(*find(r.entity), r); });
  }

  // A misconfigured OSS (negative scenarios): configures an entity it never registered at the
  // CMF, with a credential of its own making and the trust anchor of an earlier registration.
  void configure_unregistered(const std::string& name) {
    const EntityEntry* e = find(name);
    if (e == nullptr || !last_trust_anchor_) {
      trace({.operation = decisions::kConfigureEntity,
             .outcome = outcomes::kRejected,
             .detail =
                 about(name, e ? e->fqdn : "")
                     .add(dk::kReason, e ? "no trust anchor known yet (no registration answered)"
                                         : "unknown entity")});
      return;
    }
    messages::RegisterEntityResponse made_up;
    made_up.initial_credential.emplace();
    made_up.initial_credential->reference = name + "-unregistered";
    made_up.initial_credential->secret = pki::random_bytes(32);
    made_up.trust_anchor = *last_trust_anchor_;
    made_up.cmf = cmf_;
    submit(configure_time_, "configure",
           [this, name, made_up] { configure(*find(name), made_up); });
  }

  // SetCertificateConfiguration towards the entity, through its relays (C.4.x.2 pre-condition 2),
  // with what the CMF answered to its registration.
  void configure(const EntityEntry& e, const messages::RegisterEntityResponse& registration) {
    messages::SetCertificateConfiguration configuration;
    configuration.via = e.via;
    std::string first = e.name;
    if (!configuration.via.empty()) {
      first = configuration.via.front();
      configuration.via.erase(configuration.via.begin());
    }
    configuration.target = e.name;
    configuration.fqdn = e.fqdn;
    configuration.subject = e.subject;
    configuration.key_type = e.key_type;
    configuration.initial_credential = registration.initial_credential;
    configuration.attestation_nonce = registration.attestation_nonce;
    configuration.trust_anchor = registration.trust_anchor;
    // Every root the CMF named: the entity needs the CMF's own to reach it and those of the
    // other CAs the CMF selects to authenticate its peers.
    configuration.trust_anchors = registration.trust_anchors;
    configuration.cmf = registration.cmf;
    for (const auto& entry : entities_) configuration.kinds[entry.name] = entry.kind;
    configuration.kinds[name()] = flows::roles::kOss;
    trace({.operation = decisions::kConfigureEntity,
           .outcome = outcomes::kOk,
           .peer = first,
           .reference_point = kOssReferencePoint,
           .detail = about(e.name, e.fqdn).add(dk::kFirstHop, first).add(dk::kSubject, e.subject)});
    channels_.send(first, ChannelKind::day0, kOssReferencePoint,
                   messages::to_envelope(configuration));
  }

  void on_channel_failure(const std::string& peer, ChannelKind /*kind*/, const std::string& failure,
                          const std::vector<Envelope>& dropped) {
    for (const auto& envelope : dropped) {
      if (packages_.on_dropped(peer, envelope, failure)) continue;
      const EntityMention mention = mention_in(envelope);
      const std::string entity =
          (envelope.operation == operations::kSetCertificateConfiguration ? mention.target
                                                                          : mention.entity)
              .value_or("");
      const EntityEntry* e = find(entity);
      const char* operation = decisions::kRequestFailed;
      if (envelope.operation == operations::kRegisterEntityRequest)
        operation = decisions::kRegistrationResult;
      if (envelope.operation == operations::kSetCertificateConfiguration)
        operation = decisions::kConfigureEntity;
      if (envelope.operation == operations::kRevokeCertificateRequest)
        operation = decisions::kRevocationResult;
      trace({.operation = operation,
             .outcome = outcomes::kFailed,
             .peer = peer,
             .detail =
                 about(entity, e ? e->fqdn : "").add(dk::kReason, "channel failed: " + failure)});
    }
  }

  const std::string cmf_;
  const std::vector<EntityEntry> entities_;
  const sim::Duration register_time_;
  const sim::Duration configure_time_;
  const sim::Duration revoke_time_;
  WorkQueue queue_;
  SecureChannels channels_;
  MessageHandlers<ChannelMessage> responses_;    // from the CMF, over day-0 or mutual TLS
  std::optional<pki::Bytes> last_trust_anchor_;  // from the latest registration answered
  // Registrations the CMF refused as not ready yet, asked again (kRegistrationRetries at most).
  static constexpr int kRegistrationRetries = 5;
  std::map<std::string, int> registration_retries_;
  std::uint64_t next_request_ = 1;   // Os-Ma-Nfvo request ids <oss>-req-N (D3)
  oss::PackageOnboarding packages_;  // onboard_package
  oss::NsRequests ns_requests_;      // instantiate_ns, scale_ns, heal_ns, terminate_ns
};

}  // namespace

void register_oss_actor(sim::ActorRegistry& registry) {
  register_actor<OssActor>(
      registry, "oss",
      {.description =
           "OSS: registers MANO entities at the CMF (C.4.x.1), configures their "
           "certificate parameters over Os-Ma-Nfvo and relays, requests revocation, onboards "
           "VNF packages signed by a vendor fixture",
       .params = oss_param_rules(),
       .commands =
           [] {
             std::vector<CommandRule> commands = {
                 {"register",
                  "register one entity at the CMF (C.4.x.1), then configure it",
                  {{"entity", ParamType::string, "the entity", true, "", "entities"}}},
                 {"register_all", "register every entity of entities, in name order", {}},
                 {"configure_unregistered",
                  "configure an entity without registering it first (negative scenarios)",
                  {{"entity", ParamType::string, "the entity", true, "", "entities"}}},
                 {"revoke",
                  "ask the CMF to revoke an entity's certificate",
                  {{"entity", ParamType::string, "the entity", true, "", "entities"},
                   {"reason", ParamType::string, "CRL reason", false, "unspecified"}}},
             };
             for (auto& rule : oss::PackageOnboarding::command_rules()) commands.push_back(rule);
             for (auto& rule : oss::NsRequests::command_rules()) commands.push_back(rule);
             return commands;
           }(),
       .check =
           [](const json& params, std::vector<sim::Diagnostic>& out) {
             if (!params.is_object()) return;
             check_entities(params, out);
             oss::PackageOnboarding::check_params(params, out);
             if (auto it = params.find("processing"); it != params.end() && it->is_object())
               for (const auto& [key, value] : it->items()) {
                 (void)value;
                 if (key != "register" && key != "configure" && key != "revoke")
                   out.push_back(
                       {"", 0, 0, "/processing/" + key,
                        "unknown processing time \"" + key + "\" (register, configure, revoke)",
                        true});
               }
           }});
}

}  // namespace ifa026::actors
