// The MANO entity's CRL updates (see mano_entity_crl.hpp).
#include "actors/common/mano_entity_crl.hpp"

#include <utility>
#include <vector>

#include "actors/common/crl_issuer_chain.hpp"
#include "actors/common/pki_clock.hpp"

namespace ifa026::actors {

namespace dk = detail_keys;

ManoEntityCrl::ManoEntityCrl(ManoEntityState& state) : ManoEntityPart(state) {}

void ManoEntityCrl::apply_pending() {
  if (pending_crl_) {
    PendingCrl pending = std::move(*pending_crl_);
    pending_crl_.reset();
    apply_crl(pending.from, pending.crl, pending.carried);
  }
}

void ManoEntityCrl::on_crl(const std::string& from, const messages::CrlPublication& publication) {
  const pki::Instant now = pki_now(context());
  // DecodeError: a malformed message
  apply_crl(from, pki::Crl::from_der(publication.crl),
            verified_issuer_chain(publication, trust_anchors(), now));
}

// Offers a CRL to the store, checked against the CAs this entity knows (trust anchors, delivered
// chain); kept for later when its issuer is not known yet.
void ManoEntityCrl::apply_crl(const std::string& from, const pki::Crl& crl,
                              const std::vector<pki::Certificate>& carried) {
  std::vector<pki::Certificate> issuers = trust_anchors();
  if (current_) issuers.insert(issuers.end(), current_->chain.begin(), current_->chain.end());
  issuers.insert(issuers.end(), carried.begin(), carried.end());
  const pki::CrlOfferResult result = store_.offer(crl, issuers, pki_now(context()));
  const auto number = static_cast<long long>(result.number);
  switch (result.outcome) {
    case pki::CrlOutcome::accepted:
      trace({.operation = decisions::kCrlVerification,
             .outcome = outcomes::kOk,
             .peer = from,
             .detail = TraceDetail().add(dk::kNumber, number),
             .kind = RecordKind::crypto});
      return take(from, result);
    case pki::CrlOutcome::unknown_issuer:
      pending_crl_ = PendingCrl{from, crl, carried};
      trace({.operation = decisions::kCrlUpdated,
             .outcome = outcomes::kDeferred,
             .peer = from,
             .detail =
                 TraceDetail().add(dk::kNumber, number).add(dk::kReason, "issuer not known yet")});
      return;
    case pki::CrlOutcome::stale: {
      // Validly signed, but not newer than the CRL held: taking it could un-revoke a certificate.
      trace({.operation = decisions::kCrlVerification,
             .outcome = outcomes::kOk,
             .peer = from,
             .detail = TraceDetail().add(dk::kNumber, number),
             .kind = RecordKind::crypto});
      if (accept_stale_crl_) {
        // Fault knob: an implementation without the freshness rule takes it all the same.
        channels_.credentials().crls = {crl};
        trace({.operation = decisions::kCrlUpdated,
               .outcome = outcomes::kOk,
               .peer = from,
               .detail = TraceDetail()
                             .add(dk::kNumber, number)
                             .add(dk::kEntries, static_cast<long long>(result.entries))
                             .add(dk::kFault, "accept_stale_crl")});
        return;
      }
      TraceDetail detail;
      detail.add(dk::kNumber, number);
      if (result.held_number)
        detail.add(dk::kHeldNumber, static_cast<long long>(*result.held_number));
      detail.add(dk::kReason, "stale CRL: " + result.reason);
      trace({.operation = decisions::kCrlUpdated,
             .outcome = outcomes::kRejected,
             .peer = from,
             .detail = detail});
      return;
    }
    case pki::CrlOutcome::bad_signature:
      trace(
          {.operation = decisions::kCrlVerification,
           .outcome = outcomes::kRejected,
           .peer = from,
           .detail =
               TraceDetail().add(dk::kNumber, number).add(dk::kReason, "signature does not verify"),
           .kind = RecordKind::crypto});
      return;
    case pki::CrlOutcome::issuer_not_valid:
    case pki::CrlOutcome::malformed:
      trace({.operation = decisions::kCrlVerification,
             .outcome = outcomes::kRejected,
             .peer = from,
             .detail = TraceDetail().add(dk::kNumber, number).add(dk::kReason, result.reason),
             .kind = RecordKind::crypto});
      return;
  }
}

void ManoEntityCrl::take(const std::string& from, const pki::CrlOfferResult& result) {
  channels_.credentials().crls = store_.crls();
  trace({.operation = decisions::kCrlUpdated,
         .outcome = outcomes::kOk,
         .peer = from,
         .detail = TraceDetail()
                       .add(dk::kNumber, static_cast<long long>(result.number))
                       .add(dk::kEntries, static_cast<long long>(result.entries))});
}

}  // namespace ifa026::actors
