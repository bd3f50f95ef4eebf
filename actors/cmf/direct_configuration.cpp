// Direct mode's configuration of a VNFCI (see direct_configuration.hpp).
#include "actors/cmf/direct_configuration.hpp"

#include <utility>

#include "actors/common/envelope.hpp"
#include "actors/common/operations.hpp"
#include "actors/common/reference_points.hpp"
#include "actors/common/trace_detail.hpp"

namespace ifa026::actors::cmf {

DirectModeConfiguration::DirectModeConfiguration(DirectModeState& state) : DirectModePart(state) {}

void DirectModeConfiguration::check_complete(VnfciRecord& r) {
  if (r.state != VnfciState::registering || r.pending_registrations() > 0) return;
  configure(r, 0);
}

void DirectModeConfiguration::configure(VnfciRecord& r, int attempt) {
  json identities = json::array();
  std::vector<std::string> identity_names;
  for (const auto& identity : r.identities) {
    if (identity.registration != EndEntityState::registered) continue;
    const RaIdentity* ra = lookup_(identity.ca);
    if (ra == nullptr || ra->anchors.empty()) continue;
    json entry = json::object();
    entry["name"] = identity.name;
    entry["usage"] = identity.usage;
    entry["subject"] = identity.subject;
    entry["dns"] = identity.dns;
    entry["ca"] = identity.ca;
    entry["reference"] = identity.credential ? identity.credential->reference : "";
    set_bytes(entry, "secret", identity.credential ? identity.credential->secret : pki::Bytes{});
    set_bytes(entry, "trust_anchor", ra->anchors.front().der());
    entry["renew_before"] = sim::format_duration(direct_.renew_before);
    if (direct_.validity_hint)
      entry["validity_hint"] = sim::format_duration(*direct_.validity_hint);
    identities.push_back(std::move(entry));
    identity_names.push_back(identity.name);
  }
  if (identities.empty()) {
    r.state = VnfciState::failed;
    record(RecordKind::decision, "VnfciConfiguration", step_of(r.vnfci, 3), "failed", r.vnfci,
           about(r).add("reason", "no identity could be registered"), reference_points::kCmfVnfci);
    return;
  }
  r.state = VnfciState::configured;
  json body = json::object();
  body["vnf"] = r.vnf;
  body["vnfci"] = r.vnfci;
  body["cmf"] = context_.name();
  body["flow"] = flow_of(r.vnfci);
  body["identities"] = std::move(identities);
  const Bootstrap* b = bootstrap_of(r.vnfci);
  TraceDetail detail = about(r)
                           .add("identities", static_cast<long long>(identity_names.size()))
                           .add("names", joined(identity_names))
                           .add("renew_before", sim::format_duration(direct_.renew_before))
                           .add("attempt", attempt + 1)
                           .add("flow", flow_of(r.vnfci))
                           .add("credential", b != nullptr ? "attested" : "day0");
  if (b != nullptr && !b->hsm.empty()) {
    // C.2.1.3 #5: the HSM and the trust anchor of its certificate.
    json hsm = json::object();
    hsm["name"] = b->hsm;
    set_bytes(hsm, "vendor_root", hsm_roots_.at(b->hsm).der());
    body["hsm"] = std::move(hsm);
    detail.add("hsm", b->hsm);
  }
  record(RecordKind::decision, "VnfciConfiguration", step_of(r.vnfci, 3), "sent", r.vnfci, detail,
         reference_points::kCmfVnfci);
  configuration_attempts_[r.vnfci] = attempt;
  channels_.send(
      r.vnfci, ChannelKind::day0, reference_points::kCmfVnfci,
      Envelope{operations::kVnfciCertificateConfiguration, step_of(r.vnfci, 3), std::move(body)});
}

void DirectModeConfiguration::on_vnfci_failure(const std::string& vnfci, const std::string& failure,
                                               const std::vector<Envelope>& dropped) {
  VnfciRecord* r = inventory_.find(vnfci);
  if (r == nullptr) return;
  for (const auto& envelope : dropped) {
    if (envelope.operation != operations::kVnfciCertificateConfiguration) continue;
    if (r->state != VnfciState::configured) continue;  // removed meanwhile
    const int attempt = configuration_attempts_[vnfci] + 1;
    if (attempt > direct_.registration_retries) {
      r->state = VnfciState::failed;
      record(RecordKind::decision, "VnfciConfiguration", step_of(vnfci, 3), "undelivered", vnfci,
             about(*r).add("reason", failure), reference_points::kCmfVnfci);
      continue;
    }
    const sim::Duration delay = backoff(config_.ca_timeout, attempt - 1);
    record(RecordKind::decision, "VnfciConfiguration", step_of(vnfci, 3), "retry", vnfci,
           about(*r).add("reason", failure).add("retry_in", sim::format_duration(delay)),
           reference_points::kCmfVnfci);
    r->state = VnfciState::registering;  // not configured until sent again
    context_.schedule(delay, "VnfciConfigurationRetry", [this, vnfci, attempt] {
      guarded("VnfciConfiguration", vnfci, [&] {
        VnfciRecord* again = inventory_.find(vnfci);
        if (again == nullptr || again->state != VnfciState::registering ||
            again->pending_registrations() > 0)
          return;
        configure(*again, attempt);
      });
    });
  }
}

}  // namespace ifa026::actors::cmf
