// Messages of CRL-DP: the CA publishes each new CRL to its subscribers (docs/mano-certificates.md).
#pragma once

#include <string_view>

#include "actors/messages/codec.hpp"
#include "actors/messages/operations.hpp"
#include "pki/bytes.hpp"

namespace ifa026::actors::messages {

// CA -> every CRL subscriber (plain message; the CRL is signed).
struct CrlPublication {
  static constexpr std::string_view kOperation = operations::kCrlPublication;
  pki::Bytes crl;  // DER
  bool operator==(const CrlPublication&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("crl", self.crl);
  }
};

}  // namespace ifa026::actors::messages
