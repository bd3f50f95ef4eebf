// Messages that prove a mutual TLS session carries data both ways (docs/mano-certificates.md,
// command check_peers): between MANO entities on the reference point that joins them, and from a
// VNFCI's HMEE to its HSM on HMEE-HSM (C.2.1.3 #6).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "actors/messages/codec.hpp"
#include "actors/messages/operations.hpp"
#include "pki/bytes.hpp"

namespace ifa026::actors::messages {

struct SessionCheckRequest {
  static constexpr std::string_view kOperation = operations::kSessionCheckRequest;
  pki::Bytes nonce;
  bool operator==(const SessionCheckRequest&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("nonce", self.nonce);
  }
};

// The nonce echoed; a refusal (access denied, no nonce) carries status "error" and reason instead.
// The HSM echoes the nonce only, and answers {} to a request without one.
struct SessionCheckResponse {
  static constexpr std::string_view kOperation = operations::kSessionCheckResponse;
  std::optional<pki::Bytes> nonce;
  std::optional<std::string> status;
  std::optional<std::string> reason;
  bool operator==(const SessionCheckResponse&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("nonce", self.nonce);
    f("status", self.status);
    f("reason", self.reason);
  }
};

}  // namespace ifa026::actors::messages
