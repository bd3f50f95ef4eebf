// Direct mode's configuration of a VNFCI (see direct_configuration.hpp).
#include "actors/cmf/direct_configuration.hpp"

#include <utility>

#include "actors/common/trace_detail.hpp"
#include "actors/messages/cmf_vnfci.hpp"

namespace ifa026::actors::cmf {
namespace {

namespace keys = detail_keys;
namespace values = detail_values;

}  // namespace

DirectModeConfiguration::DirectModeConfiguration(DirectModeState& state) : DirectModePart(state) {}

void DirectModeConfiguration::check_complete(VnfciRecord& r) {
  if (r.state != VnfciState::registering || r.pending_registrations() > 0) return;
  configure(r, 0);
}

void DirectModeConfiguration::configure(VnfciRecord& r, int attempt) {
  messages::VnfciCertificateConfiguration configuration;
  configuration.vnf = r.vnf;
  configuration.vnfci = r.vnfci;
  configuration.cmf = context_.name();
  configuration.flow = flow_of(r.vnfci);
  if (r.reprovision) configuration.reprovision = std::string(values::kReasonCaCompromise);
  std::vector<std::string> identity_names;
  for (const auto& identity : r.identities) {
    if (identity.registration != EndEntityState::registered) continue;
    const RaIdentity* ra = lookup_(identity.ca);
    if (ra == nullptr || ra->anchors.empty()) continue;
    messages::VnfciIdentityConfiguration entry{
        .name = identity.name,
        .usage = identity.usage,
        .subject = identity.subject,
        .dns = identity.dns,
        .ca = identity.ca,
        .reference = identity.credential ? identity.credential->reference : "",
        .secret = identity.credential ? identity.credential->secret : pki::Bytes{},
        .trust_anchor = ra->anchors.front().der(),
        .renew_before = sim::format_duration(direct_.renew_before),
        .validity_hint = std::nullopt};
    if (direct_.validity_hint) entry.validity_hint = sim::format_duration(*direct_.validity_hint);
    configuration.identities.push_back(std::move(entry));
    identity_names.push_back(identity.name);
  }
  const std::string step = step_of(r.vnfci, decisions::kVnfciConfiguration);
  if (configuration.identities.empty()) {
    r.state = VnfciState::failed;
    trace({.operation = decisions::kVnfciConfiguration,
           .outcome = outcomes::kFailed,
           .peer = r.vnfci,
           .reference_point = reference_points::kCmfVnfci,
           .step = step,
           .detail = about(r).add(keys::kReason, "no identity could be registered")});
    return;
  }
  r.state = VnfciState::configured;
  const Bootstrap* b = bootstrap_of(r.vnfci);
  TraceDetail detail = about(r)
                           .add(keys::kIdentities, static_cast<long long>(identity_names.size()))
                           .add(keys::kNames, joined(identity_names))
                           .add(keys::kRenewBefore, sim::format_duration(direct_.renew_before))
                           .add(keys::kAttempt, attempt + 1)
                           .add(keys::kFlow, flow_of(r.vnfci))
                           .add(keys::kCredential, b != nullptr ? values::kCredentialAttested
                                                                : values::kCredentialDay0);
  if (r.reprovision) detail.add(keys::kReason, values::kReasonCaCompromise);
  if (b != nullptr && !b->hsm.empty()) {
    // C.2.1.3 #5: the HSM and the trust anchor of its certificate.
    configuration.hsm =
        messages::HsmAssignment{.name = b->hsm, .vendor_root = hsm_roots_.at(b->hsm).der()};
    detail.add(keys::kHsm, b->hsm);
  }
  trace({.operation = decisions::kVnfciConfiguration,
         .outcome = outcomes::kSent,
         .peer = r.vnfci,
         .reference_point = reference_points::kCmfVnfci,
         .step = step,
         .detail = detail});
  configuration_attempts_[r.vnfci] = attempt;
  channels_.send(r.vnfci, ChannelKind::day0, reference_points::kCmfVnfci,
                 messages::to_envelope(configuration, step));
}

void DirectModeConfiguration::on_vnfci_failure(const std::string& vnfci, const std::string& failure,
                                               const std::vector<Envelope>& dropped) {
  VnfciRecord* r = inventory_.find(vnfci);
  if (r == nullptr) return;
  for (const auto& envelope : dropped) {
    if (envelope.operation != messages::VnfciCertificateConfiguration::kOperation) continue;
    if (r->state != VnfciState::configured) continue;  // removed meanwhile
    const int attempt = configuration_attempts_[vnfci] + 1;
    if (attempt > direct_.registration_retries) {
      r->state = VnfciState::failed;
      trace({.operation = decisions::kVnfciConfiguration,
             .outcome = outcomes::kUndelivered,
             .peer = vnfci,
             .reference_point = reference_points::kCmfVnfci,
             .step = step_of(vnfci, decisions::kVnfciConfiguration),
             .detail = about(*r).add(keys::kReason, failure)});
      continue;
    }
    const sim::Duration delay = backoff(config_.ca_timeout, attempt - 1);
    trace({.operation = decisions::kVnfciConfiguration,
           .outcome = outcomes::kRetry,
           .peer = vnfci,
           .reference_point = reference_points::kCmfVnfci,
           .step = step_of(vnfci, decisions::kVnfciConfiguration),
           .detail = about(*r)
                         .add(keys::kReason, failure)
                         .add(keys::kRetryIn, sim::format_duration(delay))});
    r->state = VnfciState::registering;  // not configured until sent again
    schedule(delay, "VnfciConfigurationRetry", [this, vnfci, attempt] {
      VnfciRecord* again = inventory_.find(vnfci);
      if (again == nullptr || again->state != VnfciState::registering ||
          again->pending_registrations() > 0)
        return;
      configure(*again, attempt);
    });
  }
}

}  // namespace ifa026::actors::cmf
