// The CMF's CRL updates (see cmf_crl_updates.hpp).
#include "actors/cmf/cmf_crl_updates.hpp"

#include <algorithm>
#include <cctype>
#include <optional>
#include <utility>

#include "actors/common/envelope.hpp"
#include "actors/common/trace_detail.hpp"
#include "actors/messages/crl_dp.hpp"

namespace ifa026::actors::cmf {
namespace {

namespace keys = detail_keys;

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

void CmfCrlUpdates::reject(const std::string& from, const std::string& reason) {
  trace({.operation = decisions::kCrlUpdate,
         .outcome = outcomes::kRejected,
         .peer = from,
         .reference_point = reference_points::kCrlDp,
         .detail = TraceDetail().add(keys::kReason, reason)});
}

void CmfCrlUpdates::on_crl(const sim::Message& message) {
  std::string why;
  auto envelope = decode_envelope(message.payload, &why);
  if (!envelope) return reject(message.from, "undecodable: " + why);
  auto publication = messages::from_envelope<messages::CrlPublication>(*envelope);
  if (!publication) return reject(message.from, "not a CRL publication");
  std::optional<pki::Crl> crl;
  try {
    crl = pki::Crl::from_der(publication->crl);
  } catch (const pki::DecodeError&) {
    return reject(message.from, "CRL does not decode");
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
  if (!verified) return reject(from, "CRL issuer unknown or signature invalid");
  const std::string key = issuer_name.to_string();
  auto it = crls_.find(key);
  if (it != crls_.end() && it->second.number() >= crl.number()) {
    trace({.operation = decisions::kCrlUpdate,
           .outcome = outcomes::kIgnored,
           .peer = from,
           .reference_point = reference_points::kCrlDp,
           .detail = TraceDetail()
                         .add(keys::kNumber, static_cast<long long>(crl.number()))
                         .add(keys::kReason, "not newer than the CRL held")});
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
  trace({.operation = decisions::kCrlUpdate,
         .outcome = outcomes::kOk,
         .peer = from,
         .reference_point = reference_points::kCrlDp,
         .detail = TraceDetail()
                       .add(keys::kIssuer, key)
                       .add(keys::kNumber, static_cast<long long>(crl.number()))
                       .add(keys::kEntries, static_cast<long long>(revoked.size()))});
}

}  // namespace ifa026::actors::cmf
