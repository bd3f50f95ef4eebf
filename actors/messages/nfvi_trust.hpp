// Messages of NFVI-Trust (docs/direct-mode.md): at day 0 the VNFM hands its NFVI's hardware root
// to attestation verifiers and HSMs (C.2.1.3 pre-condition 6).
#pragma once

#include <string>
#include <string_view>

#include "actors/messages/codec.hpp"
#include "actors/messages/operations.hpp"
#include "pki/bytes.hpp"

namespace ifa026::actors::messages {

// VNFM -> each actor of its hardware_root_to (plain message).
struct HardwareRoot {
  static constexpr std::string_view kOperation = operations::kHardwareRoot;
  pki::Bytes hardware_root;  // DER of the self-signed root
  std::string nfvi;          // the VNFM actor speaking for its NFVI
  bool operator==(const HardwareRoot&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("hardware_root", self.hardware_root);
    f("nfvi", self.nfvi);
  }
};

}  // namespace ifa026::actors::messages
