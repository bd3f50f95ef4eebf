// The CMF's CRL updates (see cmf_crl_updates.hpp).
#include "actors/cmf/cmf_crl_updates.hpp"

#include <algorithm>
#include <cctype>
#include <optional>
#include <utility>

#include "actors/common/envelope.hpp"
#include "actors/common/operations.hpp"
#include "actors/common/reference_points.hpp"
#include "actors/common/trace_detail.hpp"

namespace ifa026::actors::cmf {
namespace {

constexpr std::size_t kMaxPendingCrls = 16;

bool same_serial(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::toupper(static_cast<unsigned char>(a[i])) !=
        std::toupper(static_cast<unsigned char>(b[i])))
      return false;
  return true;
}

}  // namespace

CmfCrlUpdates::CmfCrlUpdates(CmfState& state) : CmfPart(state) {}

void CmfCrlUpdates::flush_pending() {
  auto crls = std::move(pending_crls_);
  pending_crls_.clear();
  for (const auto& [crl, from] : crls) accept_crl(crl, from);
}

void CmfCrlUpdates::on_crl(const sim::Message& message) {
  std::string why;
  auto envelope = decode_envelope(message.payload, &why);
  std::optional<pki::Bytes> der;
  if (envelope && envelope->operation == operations::kCrlPublication)
    der = get_bytes(envelope->body, "crl");
  if (!der) {
    record(RecordKind::decision, "CrlUpdate", "", "rejected", message.from,
           TraceDetail().add("reason", envelope ? "not a CRL publication" : "undecodable: " + why),
           reference_points::kCrlDp);
    return;
  }
  std::optional<pki::Crl> crl;
  try {
    crl = pki::Crl::from_der(*der);
  } catch (const pki::DecodeError&) {
    record(RecordKind::decision, "CrlUpdate", "", "rejected", message.from,
           TraceDetail().add("reason", "CRL does not decode"), reference_points::kCrlDp);
    return;
  }
  if (!ready_) {
    // The CRL's issuer is known only once the CMF holds its chain.
    if (pending_crls_.size() >= kMaxPendingCrls) pending_crls_.erase(pending_crls_.begin());
    pending_crls_.emplace_back(std::move(*crl), message.from);
    return;
  }
  accept_crl(*crl, message.from);
}

void CmfCrlUpdates::accept_crl(const pki::Crl& crl, const std::string& from) {
  const std::vector<pki::Certificate> issuers = known_ca_certificates();
  const auto issuer_name = crl.issuer();
  const bool verified = std::any_of(issuers.begin(), issuers.end(), [&](const auto& c) {
    return c.subject() == issuer_name && crl.signed_by(c);
  });
  if (!verified) {
    record(RecordKind::decision, "CrlUpdate", "", "rejected", from,
           TraceDetail().add("reason", "CRL issuer unknown or signature invalid"),
           reference_points::kCrlDp);
    return;
  }
  const std::string key = issuer_name.to_string();
  auto it = crls_.find(key);
  if (it != crls_.end() && it->second.number() >= crl.number()) {
    record(RecordKind::decision, "CrlUpdate", "", "ignored", from,
           TraceDetail()
               .add("number", static_cast<long long>(crl.number()))
               .add("reason", "not newer than the CRL held"),
           reference_points::kCrlDp);
    return;
  }
  crls_.insert_or_assign(key, crl);
  auto& held = channels_.credentials().crls;
  held.clear();
  for (const auto& [issuer, c] : crls_) held.push_back(c);
  const auto revoked = crl.revoked();
  for (const auto& entry : revoked) {
    for (auto& [entity, reg] : registry_.all())
      for (auto& issued : reg.certificates)
        if (same_serial(issued.serial, entry.serial_hex))
          issued.state = cmf::CertificateState::revoked;
  }
  if (direct_) direct_->on_crl(crl);
  record(RecordKind::decision, "CrlUpdate", "", "ok", from,
         TraceDetail()
             .add("issuer", key)
             .add("number", static_cast<long long>(crl.number()))
             .add("entries", static_cast<long long>(revoked.size())),
         reference_points::kCrlDp);
}

}  // namespace ifa026::actors::cmf
