// The telemetry record's wire encodings (docs/security-monitoring.md "Telemetry and collectors";
// Annex A R1.3.140): identity (the raw JSON record) or deflate (zlib's RFC 1950 stream of it), and
// the raw digest (lowercase hex SHA-256 of the raw record) a TelemetryReport carries either way so
// that a receiver checks what it decompressed. Shared by the senders, the collectors and the
// checks.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "pki/bytes.hpp"

namespace ifa026::actors::telemetry {

inline constexpr const char* kEncodingIdentity = "identity";
inline constexpr const char* kEncodingDeflate = "deflate";
// The most a deflate payload may inflate to (a bomb is refused, not expanded).
inline constexpr std::size_t kMaxRawRecord = 1 << 20;

// zlib compression (level 9) of `raw`. Throws std::runtime_error when zlib fails.
pki::Bytes deflate(pki::ByteView raw);
// The bytes `compressed` inflates to; nullopt when it is not one complete zlib stream or inflates
// beyond kMaxRawRecord.
std::optional<pki::Bytes> inflate(pki::ByteView compressed);

// The payload of a report of `raw` in `encoding` (identity or deflate).
pki::Bytes encode(const std::string& encoding, pki::ByteView raw);
// The raw record a payload in `encoding` stands for; nullopt for an unknown encoding or a payload
// that does not inflate.
std::optional<pki::Bytes> decode(const std::string& encoding, pki::ByteView payload);

// Lowercase hex SHA-256 of the raw record.
std::string raw_digest(pki::ByteView raw);

}  // namespace ifa026::actors::telemetry
