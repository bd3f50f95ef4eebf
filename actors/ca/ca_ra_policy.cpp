// The CA's RA policy (see ca_ra_policy.hpp).
#include "actors/ca/ca_ra_policy.hpp"

#include "pki/entity_identity.hpp"

namespace ifa026::actors::ca {

CaRaPolicy::CaRaPolicy(CaState& state) : CaPart(state) {}

// Only RAs may request certificates (for others) or revoke others' certificates; a holder
// may still revoke its own certificate (the server does not ask for that). An ir protected by
// an initial credential is the RA's own enrolment (RA credential) or a registered end entity's,
// whose template must ask for the registered identity. A p10cr protected by an initial
// credential is accepted from a registered end entity only (direct mode with an HSM-signed
// PKCS#10, C.2.1.3 #13), with the same checks: its CSR must ask for the registered subject and
// dNSNames, and the server refuses a spent one-use or expired credential as for ir. A kur is
// signed by the certificate it renews (the server checked the signature at `now`, so an expired
// one fails, the oldCertID and revocation); the holder of any certificate of this CA may renew
// it.
std::optional<std::string> CaRaPolicy::authorise(const pki::CmpRequestInfo& info) const {
  if ((info.body == pki::CmpBody::ir || info.body == pki::CmpBody::p10cr) && info.reference) {
    auto registered = registrations_.find(*info.reference);
    if (registered == registrations_.end()) {
      if (info.body == pki::CmpBody::p10cr)
        return "p10cr with an initial credential: only for end entities an RA registered";
      return std::nullopt;  // RA credential
    }
    // Unreachable: the server refuses a spent credential before asking.
    if (!registered->second.pending) return "one-use initial credential already used";
    return template_problem(registered->second, info.requested);
  }
  if (info.signer && is_ra(*info.signer)) return std::nullopt;
  if (info.body == pki::CmpBody::kur && info.signer &&
      info.signer->issuer() == issuing_->certificate().subject())
    return std::nullopt;
  if (info.body == pki::CmpBody::rr)
    return "only a registration authority may revoke another entity's certificate";
  return cmp_body_name(static_cast<int>(info.body)) +
         ": only a registration authority may request certificates";
}

// Why a registered end entity's certificate template is not for the registered identity (the
// check `ifa026 ca serve` makes too: pki/entity_identity).
std::optional<std::string> CaRaPolicy::template_problem(
    const Registered& registered, const std::optional<pki::CsrContent>& asked) {
  if (!asked) return std::nullopt;  // the registered subject is imposed, no SAN requested
  const Registered::Template& known = *registered.pending;
  return pki::identity_mismatch(
      pki::EntityIdentity{known.subject, pki::SubjectAltName{known.dns, {}, {}}}, *asked,
      registered.identity);
}

}  // namespace ifa026::actors::ca
