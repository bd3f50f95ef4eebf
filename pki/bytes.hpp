// Byte strings as pki/ passes them around (DER encodings, signatures, digests), and the error
// type every pki/ operation throws: its message carries OpenSSL's error queue text.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace ifa026::pki {

using Bytes = std::vector<std::uint8_t>;
using ByteView = std::span<const std::uint8_t>;

// A cryptographic operation failed, or input bytes did not decode. `what()` says which operation
// and includes OpenSSL's error queue (which is cleared).
class PkiError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Input bytes are not a valid encoding of the expected structure (truncated, garbage, tampered).
class DecodeError : public PkiError {
 public:
  using PkiError::PkiError;
};

// Takes and clears OpenSSL's error queue, as one line ("" when empty).
std::string take_openssl_errors();
[[noreturn]] void throw_pki_error(std::string_view operation);
[[noreturn]] void throw_decode_error(std::string_view what);

std::string to_hex(ByteView bytes);
// The bytes an even-length string of hex digits (either case) spells; nullopt for anything else.
std::optional<Bytes> from_hex(std::string_view hex);
Bytes sha256(ByteView data);
// `n` bytes from OpenSSL's DRBG (RAND_bytes): secrets, nonces, salts. Never the simulation's
// reproducible streams.
Bytes random_bytes(std::size_t n);

}  // namespace ifa026::pki
