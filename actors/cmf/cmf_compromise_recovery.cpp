// The CMF's recovery from a CA key compromise (see cmf_compromise_recovery.hpp).
#include "actors/cmf/cmf_compromise_recovery.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

#include "actors/cmf/cmf_ra_enrolment.hpp"
#include "actors/cmf/direct_mode.hpp"
#include "actors/common/trace_detail.hpp"
#include "actors/messages/cmf1.hpp"

namespace ifa026::actors::cmf {
namespace {

namespace keys = detail_keys;
namespace values = detail_values;

std::string upper(std::string text) {
  for (auto& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

}  // namespace

CmfCompromiseRecovery::CmfCompromiseRecovery(CmfState& state, CmfRaEnrolment& ra_enrolment)
    : CmfPart(state), ra_enrolment_(ra_enrolment) {}

void CmfCompromiseRecovery::on_crl(const pki::Crl& crl) {
  std::set<std::string> serials;
  for (const auto& entry : crl.revoked())
    if (entry.reason == pki::RevocationReason::ca_compromise)
      serials.insert(upper(entry.serial_hex));
  if (serials.empty()) return;
  compromised_.insert(serials.begin(), serials.end());
  for (auto& [ca, id] : identities_) {
    if (!id.certificate || recovering_.count(ca) != 0) continue;
    if (!(id.certificate->issuer() == crl.issuer())) continue;
    const std::string own = upper(id.certificate->serial_hex());
    if (serials.count(own) == 0) continue;
    recovering_[ca];
    trace({.operation = decisions::kCompromiseRecovery,
           .outcome = outcomes::kStarted,
           .peer = ca,
           .reference_point = reference_points::kCa1,
           .detail = TraceDetail()
                         .add(keys::kCa, ca)
                         .add(keys::kIssuer, crl.issuer().to_string())
                         .add(keys::kSerial, own)
                         .add(keys::kReason, values::kReasonCaCompromise)});
    ra_enrolment_.reenrol(ca);
  }
}

void CmfCompromiseRecovery::on_ra_certificate(const std::string& ca) {
  if (recovering_.erase(ca) == 0) return;
  reprovision_entities(ca);
  if (direct_ && config_.direct_mode && config_.direct_mode->ca == ca) {
    for (const auto& vnfci : direct_->reprovision(compromised_))
      trace({.operation = decisions::kCompromiseRecovery,
             .outcome = outcomes::kOk,
             .peer = vnfci,
             .reference_point = reference_points::kCmfVnfci,
             .detail = TraceDetail()
                           .add(keys::kVnfci, vnfci)
                           .add(keys::kCa, ca)
                           .add(keys::kReason, values::kReasonCaCompromise)});
  }
}

void CmfCompromiseRecovery::reprovision_entities(const std::string& ca) {
  for (auto& [entity, reg] : registry_.all()) {
    if (reg.ca != ca || reg.certificates.empty()) continue;
    const IssuedCertificate& latest = reg.certificates.back();
    if (compromised_.count(upper(latest.serial)) == 0) continue;
    if (!reg.credential) continue;  // nothing to enrol with: its consumer registers it again
    // The credential its consumer configured may be used once more, for as long again.
    reg.credential->used = false;
    reg.credential->in_use = false;
    reg.credential->expires = current_time() + config_.credential_lifetime;
    trace({.operation = decisions::kCompromiseRecovery,
           .outcome = outcomes::kOk,
           .peer = entity,
           .reference_point = reference_points::kCmf1,
           .detail = TraceDetail()
                         .add(keys::kEntity, entity)
                         .add(keys::kFqdn, reg.fqdn)
                         .add(keys::kCa, ca)
                         .add(keys::kSerial, latest.serial)
                         .add(keys::kReason, values::kReasonCaCompromise)});
    auto kind = last_channel_.find(entity);
    channels_.send(entity, kind != last_channel_.end() ? kind->second : ChannelKind::mutual,
                   reference_points::kCmf1,
                   messages::to_envelope(
                       messages::CertificateRemoved{latest.serial, values::kReasonCaCompromise}));
  }
}

}  // namespace ifa026::actors::cmf
