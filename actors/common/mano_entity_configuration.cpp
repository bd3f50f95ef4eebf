// The MANO entity's certificate configuration and its relay (see mano_entity_configuration.hpp).
#include "actors/common/mano_entity_configuration.hpp"

#include <algorithm>
#include <optional>
#include <utility>

#include "actors/common/envelope.hpp"
#include "actors/common/mano_entity_enrolment.hpp"
#include "actors/common/mano_entity_sessions.hpp"
#include "actors/messages/codec.hpp"
#include "pki/names.hpp"

namespace ifa026::actors {

namespace dk = detail_keys;

ManoEntityConfiguration::ManoEntityConfiguration(ManoEntityState& state,
                                                 ManoEntitySessions& sessions,
                                                 ManoEntityEnrolment& enrolment)
    : ManoEntityPart(state), sessions_(sessions), enrolment_(enrolment) {}

void ManoEntityConfiguration::relay_failed(const std::string& peer, const Envelope& envelope,
                                           const std::string& failure) {
  auto relayed = messages::from_envelope<messages::SetCertificateConfiguration>(envelope);
  trace({.operation = decisions::kRelayConfiguration,
         .outcome = outcomes::kFailed,
         .peer = peer,
         .detail = TraceDetail()
                       .add(dk::kTarget, relayed ? relayed->target : std::string())
                       .add(dk::kNext, peer)
                       .add(dk::kReason, failure)});
}

void ManoEntityConfiguration::on_set_configuration(
    const ChannelMessage& m, const messages::SetCertificateConfiguration& configuration) {
  if (m.peer.kind == ChannelKind::server_auth ||
      (m.peer.kind == ChannelKind::mutual && !sessions_.allowed_peer(m.peer.name) &&
       access_control_)) {
    sessions_.trace_denial(m, "configuration only over day-0 or from a relay");
    return;
  }
  for (const auto& [actor, kind] : configuration.kinds) kinds_[actor] = kind;
  relays_.insert(m.peer.name);
  if (configuration.target.empty()) {
    trace({.operation = decisions::kCertificateConfiguration,
           .outcome = outcomes::kRejected,
           .peer = m.peer.name,
           .detail = TraceDetail().add(dk::kReason, "no target")});
    return;
  }
  if (configuration.target != name()) return relay_configuration(configuration);
  store_configuration(m, configuration);
}

void ManoEntityConfiguration::relay_configuration(
    messages::SetCertificateConfiguration configuration) {
  const std::string target = configuration.target;
  std::string next = target;
  if (!configuration.via.empty()) {
    next = configuration.via.front();
    configuration.via.erase(configuration.via.begin());
  }
  TraceDetail detail;
  detail.add(dk::kTarget, target).add(dk::kNext, next);
  const std::string rp = reference_point_to(next);
  if (rp.empty()) {
    detail.add(dk::kReason, "no reference point from " + kind_.kind + " to " +
                                (kinds_.count(next) ? kinds_.at(next) : std::string("unknown")));
    trace({.operation = decisions::kRelayConfiguration,
           .outcome = outcomes::kRejected,
           .peer = next,
           .detail = detail});
    return;
  }
  ChannelKind channel;
  if (channels_.credentials().day0_secrets.count(next)) {
    channel = ChannelKind::day0;
  } else if (channels_.credentials().key && channels_.credentials().certificate) {
    channel = ChannelKind::mutual;
  } else {
    detail.add(dk::kReason, "no day-0 secret nor certificate for the next hop");
    trace({.operation = decisions::kRelayConfiguration,
           .outcome = outcomes::kRejected,
           .peer = next,
           .detail = detail});
    return;
  }
  detail.add(dk::kReferencePoint, rp).add(dk::kChannel, to_string(channel));
  trace({.operation = decisions::kRelayConfiguration,
         .outcome = outcomes::kOk,
         .peer = next,
         .reference_point = rp,
         .detail = detail});
  channels_.send(next, channel, rp, messages::to_envelope(configuration));
}

void ManoEntityConfiguration::store_configuration(
    const ChannelMessage& m, const messages::SetCertificateConfiguration& configuration) {
  Configuration config;
  config.relay = m.peer.name;
  config.fqdn = configuration.fqdn;
  config.cmf = configuration.cmf;
  config.subject = configuration.subject;
  const std::string key_type =
      key_type_override_.empty() ? configuration.key_type : key_type_override_;
  std::string problem;
  auto type = pki::key_type_from_string(key_type);
  if (config.fqdn.empty()) {
    problem = "no fqdn";
  } else if (config.cmf.empty()) {
    problem = "no cmf";
  } else if (!type) {
    problem = "unknown key type " + key_type;
  } else if (!configuration.trust_anchor) {
    problem = "no trust anchor";
  }
  if (problem.empty()) {
    try {
      (void)pki::DistinguishedName::parse(config.subject);
      config.trust_anchors.push_back(pki::Certificate::from_der(*configuration.trust_anchor));
      // The other roots the CMF named (its own, other CAs it selects), after the selected one.
      if (configuration.trust_anchors)
        for (const auto& der : *configuration.trust_anchors) {
          auto root = pki::Certificate::from_der(der);
          if (std::find(config.trust_anchors.begin(), config.trust_anchors.end(), root) ==
              config.trust_anchors.end())
            config.trust_anchors.push_back(std::move(root));
        }
    } catch (const pki::PkiError& e) {
      // A configuration that does not parse is refused, as one that lacks a field.
      problem = e.what();
    }
  }
  if (!problem.empty()) {
    trace({.operation = decisions::kCertificateConfiguration,
           .outcome = outcomes::kRejected,
           .peer = m.peer.name,
           .detail = TraceDetail().add(dk::kReason, problem)});
    return;
  }
  config.key_type = *type;
  if (configuration.initial_credential) {
    config.credential_reference = configuration.initial_credential->reference;
    config.credential_secret = configuration.initial_credential->secret;
  }
  if (configuration.attestation_nonce) config.attestation_nonce = *configuration.attestation_nonce;
  config_ = std::move(config);
  channels_.credentials().trust_anchors = config_->trust_anchors;
  trace({.operation = decisions::kCertificateConfiguration,
         .outcome = outcomes::kStored,
         .peer = m.peer.name,
         .detail = TraceDetail()
                       .add(dk::kSubject, config_->subject)
                       .add(dk::kKeyType, pki::to_string(config_->key_type))
                       .add(dk::kCmf, config_->cmf)
                       .add(dk::kRelay, config_->relay)});
  if (auto_enrol_) enrolment_.start_enrolment(detail_values::kPurposeEnrolment);
}

}  // namespace ifa026::actors
