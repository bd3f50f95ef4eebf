// The MANO entity's CRL updates (see mano_entity_crl.hpp).
#include "actors/common/mano_entity_crl.hpp"

#include <utility>
#include <vector>

namespace ifa026::actors {

namespace dk = detail_keys;

ManoEntityCrl::ManoEntityCrl(ManoEntityState& state) : ManoEntityPart(state) {}

void ManoEntityCrl::apply_pending() {
  if (pending_crl_) {
    PendingCrl pending = std::move(*pending_crl_);
    pending_crl_.reset();
    apply_crl(pending.from, pending.crl);
  }
}

void ManoEntityCrl::on_crl(const std::string& from, const messages::CrlPublication& publication) {
  apply_crl(from, pki::Crl::from_der(publication.crl));  // DecodeError: a malformed message
}

// Verifies a CRL against the CAs this entity knows (trust anchor, delivered chain) and makes it
// the one its TLS sessions check; kept for later when its issuer is not known yet.
void ManoEntityCrl::apply_crl(const std::string& from, const pki::Crl& crl) {
  const auto number = static_cast<long long>(crl.number());
  std::vector<pki::Certificate> issuers = trust_anchors();
  if (current_) issuers.insert(issuers.end(), current_->chain.begin(), current_->chain.end());
  bool issuer_known = false;
  bool signed_ok = false;
  for (const auto& issuer : issuers) {
    if (!(issuer.subject() == crl.issuer())) continue;
    issuer_known = true;
    if (crl.signed_by(issuer)) signed_ok = true;
  }
  if (!issuer_known) {
    pending_crl_ = PendingCrl{from, crl};
    trace({.operation = decisions::kCrlUpdated,
           .outcome = outcomes::kDeferred,
           .peer = from,
           .detail =
               TraceDetail().add(dk::kNumber, number).add(dk::kReason, "issuer not known yet")});
    return;
  }
  if (!signed_ok) {
    trace({.operation = decisions::kCrlVerification,
           .outcome = outcomes::kRejected,
           .peer = from,
           .detail =
               TraceDetail().add(dk::kNumber, number).add(dk::kReason, "signature does not verify"),
           .kind = RecordKind::crypto});
    return;
  }
  trace({.operation = decisions::kCrlVerification,
         .outcome = outcomes::kOk,
         .peer = from,
         .detail = TraceDetail().add(dk::kNumber, number),
         .kind = RecordKind::crypto});
  channels_.credentials().crls = {crl};
  trace({.operation = decisions::kCrlUpdated,
         .outcome = outcomes::kOk,
         .peer = from,
         .detail = TraceDetail()
                       .add(dk::kNumber, number)
                       .add(dk::kEntries, static_cast<long long>(crl.revoked().size()))});
}

}  // namespace ifa026::actors
