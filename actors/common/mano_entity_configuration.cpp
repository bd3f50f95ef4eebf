// The MANO entity's certificate configuration and its relay (see mano_entity_configuration.hpp).
#include "actors/common/mano_entity_configuration.hpp"

#include <algorithm>
#include <optional>
#include <utility>

#include "actors/common/envelope.hpp"
#include "actors/common/mano_entity_enrolment.hpp"
#include "actors/common/mano_entity_sessions.hpp"
#include "actors/common/operations.hpp"
#include "actors/common/reference_points.hpp"
#include "actors/common/trace_detail.hpp"
#include "pki/names.hpp"

namespace ifa026::actors {
namespace {

// The secret of an initial credential as bytes (text or a byte string).
std::optional<pki::Bytes> secret_bytes(const nlohmann::json& credential) {
  if (!credential.is_object()) return std::nullopt;
  auto it = credential.find("secret");
  if (it == credential.end()) return std::nullopt;
  if (it->is_string()) {
    const auto& s = it->get_ref<const std::string&>();
    return pki::Bytes(s.begin(), s.end());
  }
  if (it->is_binary()) return pki::Bytes(it->get_binary().begin(), it->get_binary().end());
  return std::nullopt;
}

}  // namespace

ManoEntityConfiguration::ManoEntityConfiguration(ManoEntityState& state,
                                                 ManoEntitySessions& sessions,
                                                 ManoEntityEnrolment& enrolment)
    : ManoEntityPart(state), sessions_(sessions), enrolment_(enrolment) {}

void ManoEntityConfiguration::relay_failed(const std::string& peer, const Envelope& envelope,
                                           const std::string& failure) {
  decision("RelayConfiguration", "failed",
           TraceDetail()
               .add("target", get_string(envelope.body, "target"))
               .add("next", peer)
               .add("reason", failure),
           peer);
}

void ManoEntityConfiguration::on_set_configuration(const ChannelMessage& m) {
  const json& body = m.envelope.body;
  const std::string target = get_string(body, "target");
  if (m.peer.kind == ChannelKind::server_auth ||
      (m.peer.kind == ChannelKind::mutual && !sessions_.allowed_peer(m.peer.name) &&
       access_control_)) {
    record(RecordKind::decision, "AccessDenied", "rejected",
           TraceDetail()
               .add("peer", m.peer.name)
               .add("operation", operations::kSetCertificateConfiguration)
               .add("reason", "configuration only over day-0 or from a relay"),
           m.peer.name, m.reference_point);
    return;
  }
  if (auto kinds = body.find("kinds"); kinds != body.end() && kinds->is_object())
    for (const auto& [actor, kind] : kinds->items())
      if (kind.is_string()) kinds_[actor] = kind.get<std::string>();
  relays_.insert(m.peer.name);
  if (target.empty()) {
    decision("CertificateConfiguration", "rejected", TraceDetail().add("reason", "no target"),
             m.peer.name);
    return;
  }
  if (target != name()) return relay_configuration(m, target);
  store_configuration(m);
}

void ManoEntityConfiguration::relay_configuration(const ChannelMessage& m,
                                                  const std::string& target) {
  json body = m.envelope.body;
  std::vector<std::string> via;
  if (auto it = body.find("via"); it != body.end() && it->is_array())
    for (const auto& hop : *it)
      if (hop.is_string()) via.push_back(hop.get<std::string>());
  std::string next = target;
  if (!via.empty()) {
    next = via.front();
    via.erase(via.begin());
  }
  body["via"] = via;
  TraceDetail detail;
  detail.add("target", target).add("next", next);
  const std::string rp = reference_point_to(next);
  if (rp.empty()) {
    detail.add("reason", "no reference point from " + kind_.kind + " to " +
                             (kinds_.count(next) ? kinds_.at(next) : std::string("unknown")));
    decision("RelayConfiguration", "rejected", detail, next);
    return;
  }
  ChannelKind channel;
  if (channels_.credentials().day0_secrets.count(next)) {
    channel = ChannelKind::day0;
  } else if (channels_.credentials().key && channels_.credentials().certificate) {
    channel = ChannelKind::mutual;
  } else {
    detail.add("reason", "no day-0 secret nor certificate for the next hop");
    decision("RelayConfiguration", "rejected", detail, next);
    return;
  }
  detail.add("reference_point", rp).add("channel", to_string(channel));
  record(RecordKind::decision, "RelayConfiguration", "ok", detail, next, rp);
  channels_.send(next, channel, rp,
                 Envelope{operations::kSetCertificateConfiguration, "", std::move(body)});
}

void ManoEntityConfiguration::store_configuration(const ChannelMessage& m) {
  const json& body = m.envelope.body;
  Configuration config;
  config.relay = m.peer.name;
  config.fqdn = get_string(body, "fqdn");
  config.cmf = get_string(body, "cmf");
  config.subject = get_string(body, "subject", "CN=" + config.fqdn + ",O=Operator");
  const std::string key_type =
      key_type_override_.empty() ? get_string(body, "key_type", "ec-p256") : key_type_override_;
  std::string problem;
  auto type = pki::key_type_from_string(key_type);
  auto anchor = get_bytes(body, "trust_anchor");
  if (config.fqdn.empty()) {
    problem = "no fqdn";
  } else if (config.cmf.empty()) {
    problem = "no cmf";
  } else if (!type) {
    problem = "unknown key type " + key_type;
  } else if (!anchor) {
    problem = "no trust anchor";
  }
  if (problem.empty()) {
    try {
      (void)pki::DistinguishedName::parse(config.subject);
      config.trust_anchors.push_back(pki::Certificate::from_der(*anchor));
      // The other roots the CMF named (its own, other CAs it selects), after the selected one.
      if (auto more = get_bytes_list(body, "trust_anchors"))
        for (const auto& der : *more) {
          auto root = pki::Certificate::from_der(der);
          if (std::find(config.trust_anchors.begin(), config.trust_anchors.end(), root) ==
              config.trust_anchors.end())
            config.trust_anchors.push_back(std::move(root));
        }
    } catch (const pki::PkiError& e) {
      problem = e.what();
    }
  }
  if (!problem.empty()) {
    decision("CertificateConfiguration", "rejected", TraceDetail().add("reason", problem),
             m.peer.name);
    return;
  }
  config.key_type = *type;
  if (auto it = body.find("initial_credential"); it != body.end() && it->is_object()) {
    config.credential_reference = get_string(*it, "reference");
    config.credential_secret = secret_bytes(*it);
  }
  if (auto nonce = get_bytes(body, "attestation_nonce")) config.attestation_nonce = *nonce;
  config_ = std::move(config);
  channels_.credentials().trust_anchors = config_->trust_anchors;
  decision("CertificateConfiguration", "stored",
           TraceDetail()
               .add("subject", config_->subject)
               .add("key_type", pki::to_string(config_->key_type))
               .add("cmf", config_->cmf)
               .add("relay", config_->relay),
           m.peer.name);
  if (auto_enrol_) enrolment_.start_enrolment("enrolment");
}

}  // namespace ifa026::actors
