// Direct mode's record of the certificates VNFCIs report (see direct_reports.hpp).
#include "actors/cmf/direct_reports.hpp"

#include <algorithm>
#include <cctype>
#include <exception>
#include <optional>
#include <utility>
#include <vector>

#include "actors/cmf/direct_revocation.hpp"
#include "actors/common/trace_detail.hpp"
#include "pki/chain_verifier.hpp"
#include "pki/names.hpp"

namespace ifa026::actors::cmf {
namespace {

namespace keys = detail_keys;

std::vector<std::string> lower_sorted(std::vector<std::string> list) {
  for (auto& s : list)
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::sort(list.begin(), list.end());
  return list;
}

}  // namespace

DirectModeReports::DirectModeReports(DirectModeState& state, DirectModeRevocation& revocation)
    : DirectModePart(state), revocation_(revocation) {}

void DirectModeReports::serve(Handlers& handlers) {
  handlers.on<messages::VnfciCertificateReport>(
      [this](const messages::VnfciCertificateReport& report, const ChannelMessage& m) {
        on_report(m, report);
      });
}

void DirectModeReports::reject_report(const ChannelMessage& m, const VnfciRecord* r,
                                      const std::string& identity, const std::string& reason) {
  TraceDetail detail = r != nullptr ? about(*r) : TraceDetail().add(keys::kVnfci, m.peer.name);
  detail.add(keys::kIdentity, identity).add(keys::kReason, reason);
  trace({.operation = decisions::kVnfciCertificateRecorded,
         .outcome = outcomes::kRejected,
         .peer = m.peer.name,
         .reference_point = reference_points::kCmfVnfci,
         .detail = detail});
}

void DirectModeReports::on_report(const ChannelMessage& m,
                                  const messages::VnfciCertificateReport& report) {
  const std::string& name = report.identity;
  VnfciRecord* r = inventory_.find(m.peer.name);
  if (r == nullptr) return reject_report(m, nullptr, name, "unknown VNFCI");
  if (m.peer.kind != ChannelKind::day0)
    return reject_report(m, r, name, "reports come over the day-0 channel");
  VnfciIdentity* identity = r->identity(name);
  if (identity == nullptr) return reject_report(m, r, name, "unknown identity");
  if (identity->registration != EndEntityState::registered)
    return reject_report(m, r, name, "identity not registered");
  std::optional<pki::Certificate> certificate;
  try {
    certificate = pki::Certificate::from_der(report.certificate);
  } catch (const pki::DecodeError&) {
    return reject_report(m, r, name, "certificate does not decode");
  }
  const RaIdentity* ra = lookup_(identity->ca);
  if (ra == nullptr) return reject_report(m, r, name, "no trust anchor for " + identity->ca);
  pki::TrustStore store;
  for (const auto& anchor : ra->anchors) store.add_anchor(anchor);
  for (const auto& c : ra->chain) store.add_intermediate(c);
  const auto verdict = pki::verify_certificate(*certificate, store, now());
  if (!verdict.ok())
    return reject_report(
        m, r, name, "certificate does not verify: " + std::string(pki::to_string(verdict.failure)));
  bool subject_ok = false;
  try {
    subject_ok = certificate->subject() == pki::DistinguishedName::parse(identity->subject);
  } catch (const std::exception&) {
  }
  if (!subject_ok) return reject_report(m, r, name, "subject is not the registered one");
  if (lower_sorted(certificate->san().dns) != lower_sorted(identity->dns))
    return reject_report(m, r, name, "dNSNames are not the registered ones");
  VnfciCertificate held;
  held.serial = certificate->serial_hex();
  held.not_after = certificate->not_after();
  held.certificate = *certificate;

  const std::string serial = held.serial;
  const std::string& purpose = report.purpose;  // as reported
  if (!inventory_.add_certificate(*r, *identity, std::move(held))) {
    trace({.operation = decisions::kVnfciCertificateRecorded,
           .outcome = outcomes::kIgnored,
           .peer = m.peer.name,
           .reference_point = reference_points::kCmfVnfci,
           .detail = about(*r, *identity)
                         .add(keys::kSerial, serial)
                         .add(keys::kReason, "already in the inventory")});
    return;
  }
  // The initial credential has served (the CA refuses it from now on).
  identity->credential.reset();
  trace({.operation = decisions::kVnfciCertificateRecorded,
         .outcome = outcomes::kOk,
         .peer = m.peer.name,
         .reference_point = reference_points::kCmfVnfci,
         .detail = about(*r, *identity)
                       .add(keys::kSerial, serial)
                       .add(keys::kNotAfter, utc(certificate->not_after()))
                       .add(keys::kPurpose, purpose)
                       .add(keys::kCa, identity->ca)});
  if (r->state == VnfciState::removed) {
    VnfciCertificate* c = identity->find_serial(serial);
    if (c != nullptr) revocation_.revoke(*r, *identity, *c, "cessationOfOperation");
  }
}

}  // namespace ifa026::actors::cmf
