// A CA re-keyed after its issuing key is compromised (see ca_key_compromise.hpp).
#include "actors/ca/ca_key_compromise.hpp"

#include <memory>
#include <string>
#include <utility>

#include "actors/common/pki_clock.hpp"
#include "actors/common/trace_detail.hpp"
#include "actors/messages/decisions.hpp"
#include "actors/messages/detail_keys.hpp"
#include "pki/crl.hpp"

namespace ifa026::actors::ca {
namespace {

// The issuing CA's name for generation `generation` (2, 3, ...): its CN with " G<n>" added.
pki::DistinguishedName generation_name(pki::DistinguishedName name, std::size_t generation) {
  for (auto& [type, value] : name.attributes)
    if (type == "CN") {
      value += " G" + std::to_string(generation);
      return name;
    }
  name.attributes.emplace_back("CN", "Issuing CA G" + std::to_string(generation));
  return name;
}

}  // namespace

CaKeyCompromise::CaKeyCompromise(CaState& state, CaCrlPublisher& crl, CaDisk& disk)
    : CaPart(state), crl_(crl), disk_(disk) {}

void CaKeyCompromise::compromise() {
  const pki::Instant at = pki_now(context());
  const std::size_t generation = state_.retired.size() + 2;
  const pki::Instant not_before{at.unix_ns - kDaySeconds * 1'000'000'000};
  auto next =
      std::make_unique<pki::CertificateAuthority>(pki::CertificateAuthority::create_subordinate(
          *root_, generation_name(settings_.issuing_name, generation),
          pki::PrivateKey::generate(settings_.key_type), not_before, settings_.ca_validity_seconds,
          0));
  // The old CA's final CRL takes the next number; the new CA's CRLs follow it, so that the CRL
  // numbers of this CA actor never repeat.
  next->set_last_crl_number(issuing_->last_crl_number() + 1);
  // Open transactions end with the old CA (their certificates withdrawn); the server goes on
  // with the new one.
  const std::size_t withdrawn = server_->rekey(*next, at);
  pki::CertificateAuthority& old = *issuing_;
  const pki::DistinguishedName old_name = old.certificate().subject();
  long long revoked = 0;
  for (const Artifact& artifact : state_.artifacts) {
    if (artifact.kind != "certificate") continue;
    const pki::Certificate issued = pki::Certificate::from_der(artifact.der);
    if (!(issued.issuer() == old_name) || issued.not_after().unix_ns <= at.unix_ns ||
        old.is_revoked(issued.serial_hex()))
      continue;
    old.revoke(issued.serial_hex(), at, pki::RevocationReason::ca_compromise);
    ++revoked;
  }
  state_.retired.push_back(std::move(issuing_));
  issuing_ = std::move(next);
  save_hierarchy(state_);
  disk_.sync();
  trace({.operation = decisions::kCaKeyCompromise,
         .outcome = outcomes::kOk,
         .detail = TraceDetail()
                       .add(detail_keys::kIssuer, old_name.to_string())
                       .add(detail_keys::kNewIssuer, issuing_->certificate().subject().to_string())
                       .add(detail_keys::kGeneration, static_cast<long long>(generation))
                       .add(detail_keys::kRevocations, revoked)
                       .add(detail_keys::kWithdrawn, static_cast<long long>(withdrawn))});
  crl_.publish_crl_of(*state_.retired.back());  // the old CA's final CRL
  crl_.publish_crl();                           // the new CA's first
}

}  // namespace ifa026::actors::ca
