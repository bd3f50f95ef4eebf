// The OSS actor: registers MANO entities at the CMF over its day-0 channel (C.4.x.1, CMF-1),
// configures each registered entity's certificate parameters through the NFVO on Os-Ma-Nfvo
// (relayed further on Or-Vnfm, Vi-Vnfm, ...), and asks the CMF to revoke certificates
// (docs/mano-certificates.md).
#include "actors/oss/oss_actor.hpp"

#include <algorithm>
#include <exception>
#include <optional>
#include <utility>
#include <vector>

#include "actors/common/actor_params.hpp"
#include "actors/common/envelope.hpp"
#include "actors/common/internal_error.hpp"
#include "actors/common/mano_entity.hpp"
#include "actors/common/operations.hpp"
#include "actors/common/reference_points.hpp"
#include "actors/common/secure_channels.hpp"
#include "actors/common/trace_detail.hpp"
#include "actors/common/work_queue.hpp"
#include "pki/key.hpp"
#include "pki/names.hpp"

namespace ifa026::actors {
namespace {

using nlohmann::json;
using sim::RecordKind;
using sim::TraceRecord;

const std::vector<std::string> kKinds = {"nfvo", "vnfm", "vim", "wim", "cism", "cir"};

std::vector<ParamRule> oss_param_rules() {
  return {
      {"cmf", ParamType::string, "CMF actor the OSS registers entities with", true},
      {"day0", ParamType::string_map, "day-0 secrets by peer (the CMF and the NFVO at least)"},
      {"entities", ParamType::object,
       "the MANO entities it registers, by actor name: {kind: nfvo|vnfm|vim|wim|cism|cir, fqdn, "
       "subject (default CN=<fqdn>,O=Operator), key_type (default ec-p256), via: [entities "
       "relaying the configuration], credential: {one_use, lifetime} of its initial credential}"},
      {"processing", ParamType::duration_map,
       "processing times: register (1ms), configure (1ms), revoke (1ms)"},
      {"concurrency", ParamType::integer, "parallel requests being prepared", false, "1"},
  };
}

// The registration flow (C.4.x.1) of a kind, or "" (WIM, CISM, CIR have no Annex C flow).
std::string registration_flow(const std::string& kind) {
  if (kind == "nfvo") return "C.4.1.1";
  if (kind == "vnfm") return "C.4.2.1";
  if (kind == "vim") return "C.4.3.1";
  return "";
}

struct EntityEntry {
  std::string name;
  std::string kind;
  std::string fqdn;
  std::string subject;
  std::string key_type;
  std::vector<std::string> via;  // relays between the OSS and the entity
  std::optional<json> credential;
};

// Entities in the order of the parameter object (nlohmann::json keeps members sorted by name).
std::vector<EntityEntry> read_entities(const json& params) {
  std::vector<EntityEntry> entries;
  auto it = params.find("entities");
  if (it == params.end() || !it->is_object()) return entries;
  std::string first_nfvo;
  for (const auto& [name, value] : it->items())
    if (first_nfvo.empty() && get_string(value, "kind") == "nfvo") first_nfvo = name;
  for (const auto& [name, value] : it->items()) {
    EntityEntry e;
    e.name = name;
    e.kind = get_string(value, "kind");
    e.fqdn = get_string(value, "fqdn");
    e.subject = get_string(value, "subject", "CN=" + e.fqdn + ",O=Operator");
    e.key_type = get_string(value, "key_type", "ec-p256");
    if (auto via = value.find("via"); via != value.end() && via->is_array()) {
      for (const auto& hop : *via)
        if (hop.is_string()) e.via.push_back(hop.get<std::string>());
    } else if (e.kind != "nfvo" && !first_nfvo.empty()) {
      e.via = {first_nfvo};
    }
    if (auto credential = value.find("credential");
        credential != value.end() && credential->is_object())
      e.credential = *credential;
    entries.push_back(std::move(e));
  }
  return entries;
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
    const std::string kind = get_string(value, "kind");
    if (std::find(kKinds.begin(), kKinds.end(), kind) == kKinds.end())
      problem("/kind", "kind must be one of nfvo, vnfm, vim, wim, cism, cir");
    if (get_string(value, "fqdn").empty()) problem("/fqdn", "needs a non-empty string fqdn");
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

class OssActor final : public sim::Actor {
 public:
  OssActor(sim::ActorContext& context, const sim::ActorSpec& spec)
      : Actor(context),
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
            context, [this](const ChannelMessage& m) { guarded([&] { on_channel_message(m); }); },
            [this](const std::string& peer, ChannelKind kind, const std::string& failure,
                   const std::vector<Envelope>& dropped) {
              guarded([&] { on_channel_failure(peer, kind, failure, dropped); });
            }) {
    channels_.credentials().day0_secrets = string_map_param(spec.params, "day0");
  }

  void on_message(const sim::Message& message) override {
    guarded([&] {
      if (channels_.handle(message)) return;
      TraceRecord r;
      r.kind = RecordKind::decision;
      r.peer = message.from;
      r.reference_point = message.reference_point;
      r.operation = message.operation.empty() ? "Message" : message.operation;
      r.outcome = "rejected";
      r.detail = TraceDetail().add("reason", "not accepted outside a secure channel");
      context().trace(std::move(r));
    });
  }

  void on_command(const sim::Command& command) override {
    if (command.name == "register") {
      guarded([&] { register_entity(command.args.value("entity", std::string())); });
    } else if (command.name == "register_all") {
      guarded([&] {
        for (const auto& e : entities_) register_entity(e.name);
      });
    } else if (command.name == "configure_unregistered") {
      guarded([&] { configure_unregistered(command.args.value("entity", std::string())); });
    } else if (command.name == "revoke") {
      guarded([&] {
        revoke(command.args.value("entity", std::string()),
               command.args.value("reason", std::string("unspecified")));
      });
    } else {
      Actor::on_command(command);
    }
  }

 private:
  template <typename F>
  void guarded(F&& work) {
    try {
      work();
    } catch (const std::exception& e) {
      context().trace(internal_error_record("InternalError", "", "", e.what()));
    }
  }

  void trace(RecordKind kind, const std::string& operation, const std::string& outcome,
             const TraceDetail& detail, const std::string& peer = "",
             const std::string& reference_point = "", const std::string& step = "") {
    TraceRecord r;
    r.kind = kind;
    r.operation = operation;
    r.outcome = outcome;
    r.peer = peer;
    r.reference_point = reference_point;
    r.step = step;
    r.detail = detail.str();
    context().trace(std::move(r));
  }

  const EntityEntry* find(const std::string& name) const {
    for (const auto& e : entities_)
      if (e.name == name) return &e;
    return nullptr;
  }

  // Detail that starts every record about an entity.
  static TraceDetail about(const std::string& entity, const std::string& fqdn) {
    TraceDetail d;
    d.add("entity", entity).add("fqdn", fqdn);
    return d;
  }

  void register_entity(const std::string& name) {
    const EntityEntry* e = find(name);
    if (e == nullptr) {
      trace(RecordKind::decision, "RegistrationRequest", "rejected",
            about(name, "").add("reason", "unknown entity"));
      return;
    }
    queue_.submit(register_time_, "register", [this, name] {
      guarded([&] {
        const EntityEntry* entry = find(name);
        json body = json::object();
        body["entity"] = entry->name;
        body["kind"] = entry->kind;
        body["fqdn"] = entry->fqdn;
        if (entry->credential) body["credential"] = *entry->credential;
        const std::string flow = registration_flow(entry->kind);
        const std::string step = flow.empty() ? "" : flow + "#0";
        // The request as a record of its own: it names the entity (the channel's send records
        // do not) and keeps the step visible when several requests share one TLS flight.
        trace(RecordKind::decision, "RegistrationRequest", "requested",
              about(entry->name, entry->fqdn).add("kind", entry->kind), cmf_,
              reference_points::kCmf1, step);
        channels_.send(cmf_, ChannelKind::day0, reference_points::kCmf1,
                       Envelope{operations::kRegisterEntityRequest, step, std::move(body)});
      });
    });
  }

  void revoke(const std::string& name, const std::string& reason) {
    const EntityEntry* e = find(name);
    if (e == nullptr) {
      trace(RecordKind::decision, "RevocationRequest", "rejected",
            about(name, "").add("reason", "unknown entity"));
      return;
    }
    queue_.submit(revoke_time_, "revoke", [this, name, reason] {
      guarded([&] {
        json body = json::object();
        body["entity"] = name;
        body["reason"] = reason;
        const EntityEntry* entry = find(name);
        trace(RecordKind::decision, "RevocationRequest", "requested",
              about(name, entry ? entry->fqdn : "").add("reason", reason), cmf_,
              reference_points::kCmf1);
        channels_.send(cmf_, ChannelKind::day0, reference_points::kCmf1,
                       Envelope{operations::kRevokeCertificateRequest, "", std::move(body)});
      });
    });
  }

  void on_channel_message(const ChannelMessage& m) {
    const std::string& op = m.envelope.operation;
    const json& body = m.envelope.body;
    const std::string entity = get_string(body, "entity");
    const EntityEntry* e = find(entity);
    const std::string fqdn = get_string(body, "fqdn", e ? e->fqdn : "");
    if (m.peer.name != cmf_ || m.peer.kind == ChannelKind::server_auth ||
        (op != operations::kRegisterEntityResponse &&
         op != operations::kRevokeCertificateResponse)) {
      trace(RecordKind::decision, op, "rejected",
            about(entity, fqdn).add("reason", "not a response from the CMF"), m.peer.name,
            m.reference_point);
      return;
    }
    const std::string status = get_string(body, "status");
    if (op == operations::kRevokeCertificateResponse) {
      trace(RecordKind::decision, "RevocationResult", status.empty() ? "unknown" : status,
            about(entity, fqdn)
                .add("serial", get_string(body, "serial"))
                .add("reason", get_string(body, "reason")),
            m.peer.name, m.reference_point);
      return;
    }
    if (e == nullptr) {
      trace(RecordKind::decision, "RegistrationResult", "rejected",
            about(entity, fqdn).add("reason", "response for an unknown entity"), m.peer.name,
            m.reference_point);
      return;
    }
    if (status != "registered") {
      trace(RecordKind::decision, "RegistrationResult", "rejected",
            about(entity, fqdn).add("reason", get_string(body, "reason", status)), m.peer.name,
            m.reference_point);
      return;
    }
    trace(RecordKind::decision, "RegistrationResult", "registered",
          about(entity, fqdn).add("ca", get_string(body, "ca")), m.peer.name, m.reference_point);
    if (auto anchor = get_bytes(body, "trust_anchor")) last_trust_anchor_ = *anchor;
    json registration = body;
    queue_.submit(configure_time_, "configure", [this, entity, registration] {
      guarded([&] { configure(*find(entity), registration); });
    });
  }

  // A misconfigured OSS (negative scenarios): configures an entity it never registered at the
  // CMF, with a credential of its own making and the trust anchor of an earlier registration.
  void configure_unregistered(const std::string& name) {
    const EntityEntry* e = find(name);
    if (e == nullptr || !last_trust_anchor_) {
      trace(RecordKind::decision, "ConfigureEntity", "rejected",
            about(name, e ? e->fqdn : "")
                .add("reason", e ? "no trust anchor known yet (no registration answered)"
                                 : "unknown entity"));
      return;
    }
    json registration = json::object();
    registration["initial_credential"] = {{"reference", name + "-unregistered"}};
    set_bytes(registration["initial_credential"], "secret", pki::random_bytes(32));
    set_bytes(registration, "trust_anchor", *last_trust_anchor_);
    registration["cmf"] = cmf_;
    queue_.submit(configure_time_, "configure", [this, name, registration] {
      guarded([&] { configure(*find(name), registration); });
    });
  }

  // SetCertificateConfiguration towards the entity, through its relays (C.4.x.2 pre-condition 2).
  void configure(const EntityEntry& e, const json& registration) {
    std::vector<std::string> via = e.via;
    std::string first = e.name;
    if (!via.empty()) {
      first = via.front();
      via.erase(via.begin());
    }
    json body = json::object();
    body["target"] = e.name;
    body["via"] = via;
    body["fqdn"] = e.fqdn;
    body["subject"] = e.subject;
    body["key_type"] = e.key_type;
    if (auto it = registration.find("initial_credential"); it != registration.end())
      body["initial_credential"] = *it;
    if (auto nonce = get_bytes(registration, "attestation_nonce"))
      set_bytes(body, "attestation_nonce", *nonce);
    if (auto anchor = get_bytes(registration, "trust_anchor"))
      set_bytes(body, "trust_anchor", *anchor);
    // Every root the CMF named: the entity needs the CMF's own to reach it and those of the
    // other CAs the CMF selects to authenticate its peers.
    if (auto anchors = get_bytes_list(registration, "trust_anchors"))
      set_bytes_list(body, "trust_anchors", *anchors);
    body["cmf"] = get_string(registration, "cmf", cmf_);
    json kinds = json::object();
    for (const auto& entry : entities_) kinds[entry.name] = entry.kind;
    kinds[name()] = "oss";
    body["kinds"] = std::move(kinds);
    trace(RecordKind::decision, "ConfigureEntity", "ok",
          about(e.name, e.fqdn).add("first_hop", first).add("subject", e.subject), first,
          kOssReferencePoint);
    channels_.send(first, ChannelKind::day0, kOssReferencePoint,
                   Envelope{operations::kSetCertificateConfiguration, "", std::move(body)});
  }

  void on_channel_failure(const std::string& peer, ChannelKind /*kind*/, const std::string& failure,
                          const std::vector<Envelope>& dropped) {
    for (const auto& envelope : dropped) {
      const std::string entity = envelope.operation == operations::kSetCertificateConfiguration
                                     ? get_string(envelope.body, "target")
                                     : get_string(envelope.body, "entity");
      const EntityEntry* e = find(entity);
      std::string operation = "RequestFailed";
      if (envelope.operation == operations::kRegisterEntityRequest)
        operation = "RegistrationResult";
      if (envelope.operation == operations::kSetCertificateConfiguration)
        operation = "ConfigureEntity";
      if (envelope.operation == operations::kRevokeCertificateRequest)
        operation = "RevocationResult";
      trace(RecordKind::decision, operation, "failed",
            about(entity, e ? e->fqdn : "").add("reason", "channel failed: " + failure), peer);
    }
  }

  const std::string cmf_;
  const std::vector<EntityEntry> entities_;
  const sim::Duration register_time_;
  const sim::Duration configure_time_;
  const sim::Duration revoke_time_;
  WorkQueue queue_;
  SecureChannels channels_;
  std::optional<pki::Bytes> last_trust_anchor_;  // from the latest registration answered
};

}  // namespace

void register_oss_actor(sim::ActorRegistry& registry) {
  sim::ActorType type;
  type.description =
      "OSS: registers MANO entities at the CMF (C.4.x.1), configures their certificate "
      "parameters over Os-Ma-Nfvo and relays, requests revocation";
  type.create = [](sim::ActorContext& context, const sim::ActorSpec& spec) {
    return std::make_unique<OssActor>(context, spec);
  };
  type.params = oss_param_rules();
  type.commands = std::vector<sim::CommandRule>{
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
  type.check_params = [](const json& params, std::vector<sim::Diagnostic>& out) {
    check_params("oss", params, oss_param_rules(), out);
    if (!params.is_object()) return;
    check_entities(params, out);
    if (auto it = params.find("processing"); it != params.end() && it->is_object())
      for (const auto& [key, value] : it->items()) {
        (void)value;
        if (key != "register" && key != "configure" && key != "revoke")
          out.push_back({"", 0, 0, "/processing/" + key,
                         "unknown processing time \"" + key + "\" (register, configure, revoke)",
                         true});
      }
  };
  registry.add("oss", std::move(type));
}

}  // namespace ifa026::actors
