// The non-template parts of the message codec (see codec.hpp).
#include "actors/messages/codec.hpp"

#include "sim/param_rules.hpp"

namespace ifa026::actors::messages {

std::string DecodeFailure::text() const {
  return pointer.empty() ? reason : pointer + ": " + reason;
}

namespace codec_detail {

std::string pointer_token(std::string_view key) {
  return sim::escape_pointer_token(std::string(key));
}

DecodeFailure internal_failure(const char* what) {
  return DecodeFailure{"", std::string("body could not be read: ") + what};
}

DecodeFailure operation_mismatch(std::string_view operation, std::string_view expected) {
  if (expected.empty())
    return DecodeFailure{"",
                         "operation \"" + std::string(operation) + "\" is not one of this body's"};
  return DecodeFailure{"", "operation \"" + std::string(operation) + "\", expected \"" +
                               std::string(expected) + "\""};
}

}  // namespace codec_detail
}  // namespace ifa026::actors::messages
