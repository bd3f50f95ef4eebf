// Base64 text of bytes and back (RFC 4648 standard alphabet, with padding, no line breaks), by
// OpenSSL's EVP_EncodeBlock / EVP_DecodeBlock: DER in JSON files (certificates/NAME.jsonl).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "pki/bytes.hpp"

namespace ifa026::pki {

std::string to_base64(ByteView bytes);
// nullopt when `text` is not base64 (whitespace is not accepted).
std::optional<Bytes> from_base64(std::string_view text);
// The same for text that must be base64 (e.g. what an actor wrote on its disk): DecodeError
// "<what>: not base64" otherwise.
Bytes decode_base64(std::string_view text, std::string_view what);

}  // namespace ifa026::pki
