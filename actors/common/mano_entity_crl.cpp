// The MANO entity's CRL updates (see mano_entity_crl.hpp).
#include "actors/common/mano_entity_crl.hpp"

#include <utility>
#include <vector>

#include "actors/common/envelope.hpp"
#include "actors/common/operations.hpp"
#include "actors/common/reference_points.hpp"
#include "actors/common/trace_detail.hpp"

namespace ifa026::actors {

ManoEntityCrl::ManoEntityCrl(ManoEntityState& state) : ManoEntityPart(state) {}

void ManoEntityCrl::apply_pending() {
  if (pending_crl_) {
    PendingCrl pending = std::move(*pending_crl_);
    pending_crl_.reset();
    apply_crl(pending.from, pending.crl);
  }
}

void ManoEntityCrl::on_crl(const std::string& from, const Envelope& envelope) {
  auto der = get_bytes(envelope.body, "crl");
  if (!der) {
    crypto("CrlVerification", "rejected", TraceDetail().add("reason", "no crl"), from);
    return;
  }
  apply_crl(from, pki::Crl::from_der(*der));  // DecodeError -> guarded rejection
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
    decision("CrlUpdated", "deferred",
             TraceDetail().add("number", number).add("reason", "issuer not known yet"), from);
    return;
  }
  if (!signed_ok) {
    crypto("CrlVerification", "rejected",
           TraceDetail().add("number", number).add("reason", "signature does not verify"), from);
    return;
  }
  crypto("CrlVerification", "ok", TraceDetail().add("number", number), from);
  channels_.credentials().crls = {crl};
  decision("CrlUpdated", "ok",
           TraceDetail()
               .add("number", number)
               .add("entries", static_cast<long long>(crl.revoked().size())),
           from);
}

}  // namespace ifa026::actors
