// The issuing CA certificates a CRL publication brings along (see crl_issuer_chain.hpp).
#include "actors/common/crl_issuer_chain.hpp"

#include <optional>

#include "pki/bytes.hpp"
#include "pki/chain_verifier.hpp"

namespace ifa026::actors {

std::vector<pki::Certificate> verified_issuer_chain(const messages::CrlPublication& publication,
                                                    const std::vector<pki::Certificate>& anchors,
                                                    pki::Instant now) {
  std::vector<pki::Certificate> out;
  if (!publication.issuer_chain || anchors.empty()) return out;
  std::vector<pki::Certificate> carried;
  for (const auto& der : *publication.issuer_chain) {
    try {
      carried.push_back(pki::Certificate::from_der(der));
    } catch (const pki::DecodeError&) {
      // left out: judged as if it had not come
    }
  }
  pki::TrustStore trust;
  for (const auto& anchor : anchors) trust.add_anchor(anchor);
  for (const auto& c : carried) trust.add_intermediate(c);
  for (const auto& c : carried)
    if (pki::verify_certificate(c, trust, now).ok()) out.push_back(c);
  return out;
}

}  // namespace ifa026::actors
