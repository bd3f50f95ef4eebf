// Direct mode's record of the certificates VNFCIs report (see direct_reports.hpp).
#include "actors/cmf/direct_reports.hpp"

#include <algorithm>
#include <cctype>
#include <exception>
#include <optional>
#include <utility>
#include <vector>

#include "actors/cmf/direct_revocation.hpp"
#include "actors/common/envelope.hpp"
#include "actors/common/operations.hpp"
#include "actors/common/reference_points.hpp"
#include "actors/common/trace_detail.hpp"
#include "pki/chain_verifier.hpp"
#include "pki/names.hpp"

namespace ifa026::actors::cmf {
namespace {

std::vector<std::string> lower_sorted(std::vector<std::string> list) {
  for (auto& s : list)
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::sort(list.begin(), list.end());
  return list;
}

}  // namespace

DirectModeReports::DirectModeReports(DirectModeState& state, DirectModeRevocation& revocation)
    : DirectModePart(state), revocation_(revocation) {}

bool DirectModeReports::handle(const ChannelMessage& m) {
  const std::string& op = m.envelope.operation;
  if (op != operations::kVnfciCertificateReport) return false;
  guarded(op, m.peer.name, [&] { on_report(m); });
  return true;
}

void DirectModeReports::reject_report(const ChannelMessage& m, const VnfciRecord* r,
                                      const std::string& identity, const std::string& reason) {
  TraceDetail detail = r != nullptr ? about(*r) : TraceDetail().add("vnfci", m.peer.name);
  detail.add("identity", identity).add("reason", reason);
  record(RecordKind::decision, "VnfciCertificateRecorded", "", "rejected", m.peer.name, detail,
         reference_points::kCmfVnfci);
}

void DirectModeReports::on_report(const ChannelMessage& m) {
  const json& body = m.envelope.body;
  const std::string name = get_string(body, "identity");
  VnfciRecord* r = inventory_.find(m.peer.name);
  if (r == nullptr) return reject_report(m, nullptr, name, "unknown VNFCI");
  if (m.peer.kind != ChannelKind::day0)
    return reject_report(m, r, name, "reports come over the day-0 channel");
  VnfciIdentity* identity = r->identity(name);
  if (identity == nullptr) return reject_report(m, r, name, "unknown identity");
  if (identity->registration != EndEntityState::registered)
    return reject_report(m, r, name, "identity not registered");
  auto der = get_bytes(body, "certificate");
  if (!der) return reject_report(m, r, name, "no certificate");
  std::optional<pki::Certificate> certificate;
  try {
    certificate = pki::Certificate::from_der(*der);
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
  const std::string purpose = get_string(body, "purpose", "enrolment");  // as reported
  if (!inventory_.add_certificate(*r, *identity, std::move(held))) {
    record(RecordKind::decision, "VnfciCertificateRecorded", "", "ignored", m.peer.name,
           about(*r, *identity).add("serial", serial).add("reason", "already in the inventory"),
           reference_points::kCmfVnfci);
    return;
  }
  // The initial credential has served (the CA refuses it from now on).
  identity->credential.reset();
  record(RecordKind::decision, "VnfciCertificateRecorded", "", "ok", m.peer.name,
         about(*r, *identity)
             .add("serial", serial)
             .add("not_after", utc(certificate->not_after()))
             .add("purpose", purpose)
             .add("ca", identity->ca),
         reference_points::kCmfVnfci);
  if (r->state == VnfciState::removed) {
    VnfciCertificate* c = identity->find_serial(serial);
    if (c != nullptr) revocation_.revoke(*r, *identity, *c, "cessationOfOperation");
  }
}

}  // namespace ifa026::actors::cmf
