// The generic refusal a MANO entity answers to a request it does not serve or does not let the
// peer make (docs/mano-certificates.md: "every response may carry status error and reason"): the
// operation is the request's with "Error" appended, e.g. "QueryVnfRequestError".
#pragma once

#include <string>
#include <string_view>

#include "actors/messages/codec.hpp"

namespace ifa026::actors::messages {

struct OperationError {
  std::string status;  // error
  std::string reason;

  // Operations ending in "Error".
  static bool accepts(std::string_view operation) {
    constexpr std::string_view kSuffix = "Error";
    return operation.size() > kSuffix.size() && operation.ends_with(kSuffix);
  }
  bool operator==(const OperationError&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("status", self.status);
    f("reason", self.reason);
  }
};

// The operation of the error answer to `request_operation`.
inline std::string error_operation(std::string_view request_operation) {
  return std::string(request_operation) + "Error";
}

}  // namespace ifa026::actors::messages
