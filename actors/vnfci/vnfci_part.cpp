// The shared state and helpers of the `vnfci` actor's pieces (see vnfci_part.hpp).
#include "actors/vnfci/vnfci_part.hpp"

#include <utility>

#include "actors/common/pki_clock.hpp"
#include "pki/certificate_authority.hpp"

namespace ifa026::actors::vnfci {

FlowSteps steps_of(const std::string& flow) {
  if (flow == kFlowAttested) return {5, 6, 7, 9};
  if (flow == kFlowHsm) return {5, 8, 13, 15};
  return {3, 4, 5, 7};
}

std::string flow_step(const std::string& flow, int number) {
  const flows::FlowStep* step = flows::find_step(flow, number);
  return step != nullptr ? step->id : "";
}

const char* to_string(Purpose purpose) {
  switch (purpose) {
    case Purpose::enrolment:
      return "enrolment";
    case Purpose::renewal:
      return "renewal";
    case Purpose::rotation:
      return "rotation";
  }
  return "enrolment";
}

VnfciState::VnfciState(sim::ActorContext& context, const sim::ActorSpec& spec, ActorToolkit toolkit,
                       SecureChannels::MessageHandler on_message,
                       SecureChannels::FailureHandler on_failure)
    : context(context),
      toolkit(toolkit),
      settings(shared_settings(spec.params)),
      queue(context, settings->concurrency),
      channels(context, std::move(on_message), std::move(on_failure)),
      exchange(context,
               CmpExchangeSettings{
                   .timeout = settings->cmp_timeout,
                   // The same message is resent first (a lost ip is answered again), then
                   // whole operations are retried, with back-off.
                   .retries = settings->cmp_resends,
                   .operation_in_detail = false,
                   .reject_detail = TraceDetail().add(detail_keys::kVnfci, context.name())}) {
  // The settings are shared with the VNFC's other instances; the secrets are this VNFCI's own.
  channels.credentials().day0_secrets = day0_secrets(spec.params);
  if (settings->bootstrap)
    attester = std::make_unique<Attester>(
        context, toolkit, *settings, [this](const std::map<std::string, std::string>& secrets) {
          // The attested PSKs: configuration is accepted from these relying parties.
          for (const auto& [party, secret] : secrets) {
            channels.credentials().day0_secrets[party] = secret;
            attested_peers.insert(party);
          }
        });
  if (settings->wrong_trust_anchor) {
    // Negative scenario: a root of its own making, unrelated to the CA that will answer.
    const pki::Instant start = pki_instant(context.epoch(), sim::Time::zero());
    rogue_anchor =
        pki::CertificateAuthority::create_root(
            pki::DistinguishedName{{{"CN", spec.name + " self-made root"}, {"O", "ifa026"}}},
            pki::PrivateKey::generate(pki::KeyType::ec_p256),
            pki::Instant{start.unix_ns - 86400LL * 1'000'000'000}, 3650LL * 86400)
            .certificate();
  }
}

TraceDetail VnfciPart::about(const std::string& identity) {
  TraceDetail detail;
  if (!identity.empty()) detail.add(detail_keys::kIdentity, identity);
  return detail;
}

std::string VnfciPart::identity_detail(const std::string& identity) const {
  TraceDetail detail;
  detail.add(detail_keys::kVnfci, name());
  if (!identity.empty()) detail.add(detail_keys::kIdentity, identity);
  return detail;
}

bool load_identity_credentials(const VnfciState& state, ChannelCredentials& c) {
  for (const auto& [name, id] : state.identities) {
    if (!id.certificate || id.key_der.empty()) continue;
    c.key = pki::PrivateKey::from_der(id.key_der);
    c.certificate = id.certificate;
    c.chain = state.intermediates;
    c.trust_anchors = state.anchors;
    c.trust_anchors.insert(c.trust_anchors.end(), state.intermediates.begin(),
                           state.intermediates.end());
    return true;
  }
  return false;
}

void VnfciPart::touch_channels() {
  if (state_.settings->channel_idle <= Duration()) return;
  if (state_.idle_timer.valid()) context().withdraw(state_.idle_timer);
  state_.idle_timer = schedule(state_.settings->channel_idle, "channel-idle", [this] {
    state_.idle_timer = {};
    // Not while the HSM is being asked (a handshake or request in flight): later.
    if (state_.hsm && state_.hsm->busy()) return touch_channels();
    state_.channels.close_all();
    if (state_.hsm) state_.hsm->reset();
  });
}

HsmLink& VnfciPart::hsm() {
  if (!state_.hsm) {
    state_.hsm = std::make_unique<HsmLink>(context(), state_.toolkit, state_.channels,
                                           state_.settings->cmp_timeout);
  }
  return *state_.hsm;
}

const pki::Certificate& VnfciPart::anchor_for(const Identity& id) const {
  return state_.rogue_anchor ? *state_.rogue_anchor : state_.anchors.at(id.anchor);
}

}  // namespace ifa026::actors::vnfci
