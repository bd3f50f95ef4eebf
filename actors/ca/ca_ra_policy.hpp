// The CA's RA policy (the CMP server's authorise hook): only RAs request certificates for others
// or revoke others' certificates; an initial credential an RA registered only enrols the
// registered identity; a kur is signed by the certificate it renews.
#pragma once

#include <optional>
#include <string>

#include "actors/ca/ca_part.hpp"

namespace ifa026::actors::ca {

class CaRaPolicy : public CaPart {
 public:
  explicit CaRaPolicy(CaState& state);

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
  std::optional<std::string> authorise(const pki::CmpRequestInfo& info) const;

  // Why a registered end entity's certificate template is not for the registered identity (the
  // check `ifa026 ca serve` makes too: pki/entity_identity).
  static std::optional<std::string> template_problem(const Registered& registered,
                                                     const std::optional<pki::CsrContent>& asked);
};

}  // namespace ifa026::actors::ca
