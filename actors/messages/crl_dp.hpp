// Messages of CRL-DP: the CA publishes each new CRL to its subscribers (docs/mano-certificates.md).
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "actors/messages/codec.hpp"
#include "actors/messages/operations.hpp"
#include "pki/bytes.hpp"

namespace ifa026::actors::messages {

// CA -> every CRL subscriber (plain message; the CRL is signed).
struct CrlPublication {
  static constexpr std::string_view kOperation = operations::kCrlPublication;
  pki::Bytes crl;  // DER
  // The issuing CA's certificate (DER), sent by a CA re-keyed after a compromise with every CRL
  // of its new issuing CA, so that relying parties that trust the root can learn the new CA and
  // take its CRLs (as an authorityInfoAccess caIssuers URL would let them fetch it). Absent
  // before any re-key.
  std::optional<std::vector<pki::Bytes>> issuer_chain;
  bool operator==(const CrlPublication&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("crl", self.crl);
    f("issuer_chain", self.issuer_chain);
  }
};

}  // namespace ifa026::actors::messages
