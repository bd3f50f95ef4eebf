// The CMF's CRL updates (see cmf_crl_updates.hpp).
//
// What the CMF traces for each outcome of the store (decision CrlUpdate on CRL-DP):
// - accepted: ok, with issuer, number and entries;
// - stale: ignored, with number, reason "not newer than the CRL held" (a replayed or reordered
//   CRL never replaces a newer one);
// - unknown-issuer, bad-signature: rejected, reason "CRL issuer unknown or signature invalid";
// - issuer-not-valid, malformed: rejected with the store's reason.
#include "actors/cmf/cmf_crl_updates.hpp"

#include <algorithm>
#include <cctype>
#include <optional>
#include <utility>

#include "actors/common/crl_issuer_chain.hpp"
#include "actors/common/envelope.hpp"
#include "actors/common/trace_detail.hpp"
#include "actors/messages/crl_dp.hpp"

namespace ifa026::actors::cmf {
namespace {

namespace keys = detail_keys;

bool same_serial(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::toupper(static_cast<unsigned char>(a[i])) !=
        std::toupper(static_cast<unsigned char>(b[i])))
      return false;
  return true;
}

}  // namespace

CmfCrlUpdates::CmfCrlUpdates(CmfState& state, CmfCompromiseRecovery& recovery)
    : CmfPart(state), recovery_(recovery) {}

void CmfCrlUpdates::flush_pending() {
  for (const auto& retried : store_.retry_deferred(known_ca_certificates(), now(), false)) {
    if (!retried.result.accepted()) {
      settle(retried.source, retried.result, nullptr);
      continue;
    }
    // The CRL just accepted is the one held for its issuer with its number.
    for (const auto& crl : store_.crls())
      if (crl.number() == retried.result.number &&
          crl.issuer().to_string() == retried.result.issuer)
        settle(retried.source, retried.result, &crl);
  }
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
  // The CRL's issuer is known only once the CMF holds its chains.
  if (!ready_) return store_.defer(std::move(*crl), message.from);
  // A re-keyed CA's CRLs bring its new issuing CA certificate (crl_issuer_chain.hpp).
  std::vector<pki::Certificate> issuers = known_ca_certificates();
  std::vector<pki::Certificate> anchors;
  for (const auto& [ca, id] : identities_)
    anchors.insert(anchors.end(), id.anchors.begin(), id.anchors.end());
  const auto carried = verified_issuer_chain(*publication, anchors, now());
  issuers.insert(issuers.end(), carried.begin(), carried.end());
  const pki::CrlOfferResult result = store_.offer(*crl, issuers, now());
  settle(message.from, result, &*crl);
}

void CmfCrlUpdates::settle(const std::string& from, const pki::CrlOfferResult& result,
                           const pki::Crl* crl) {
  switch (result.outcome) {
    case pki::CrlOutcome::accepted:
      break;
    case pki::CrlOutcome::stale:
      trace({.operation = decisions::kCrlUpdate,
             .outcome = outcomes::kIgnored,
             .peer = from,
             .reference_point = reference_points::kCrlDp,
             .detail = TraceDetail()
                           .add(keys::kNumber, static_cast<long long>(result.number))
                           .add(keys::kReason, "not newer than the CRL held")});
      return;
    case pki::CrlOutcome::unknown_issuer:
    case pki::CrlOutcome::bad_signature:
      return reject(from, "CRL issuer unknown or signature invalid");
    case pki::CrlOutcome::issuer_not_valid:
    case pki::CrlOutcome::malformed:
      return reject(from, result.reason);
  }
  channels_.credentials().crls = store_.crls();
  if (crl != nullptr) {
    for (const auto& entry : crl->revoked()) {
      for (auto& [entity, reg] : registry_.all())
        for (auto& issued : reg.certificates)
          if (same_serial(issued.serial, entry.serial_hex))
            issued.state = cmf::CertificateState::revoked;
    }
    if (direct_) direct_->on_crl(*crl);
  }
  trace({.operation = decisions::kCrlUpdate,
         .outcome = outcomes::kOk,
         .peer = from,
         .reference_point = reference_points::kCrlDp,
         .detail = TraceDetail()
                       .add(keys::kIssuer, result.issuer)
                       .add(keys::kNumber, static_cast<long long>(result.number))
                       .add(keys::kEntries, static_cast<long long>(result.entries))});
  if (crl != nullptr) recovery_.on_crl(*crl);
}

}  // namespace ifa026::actors::cmf
