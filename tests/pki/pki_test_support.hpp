// What the pki tests share: the instant their CAs and certificates start at (kT0), a day in
// seconds, an instant from seconds, and the bytes of a text. Header-only; include as
// "tests/pki/pki_test_support.hpp".
#pragma once

#include <cstdint>
#include <string_view>

#include "pki/bytes.hpp"
#include "pki/certificate.hpp"

namespace ifa026::pki {

inline constexpr std::int64_t kDay = 86400;
inline const Instant kT0 = Instant::from_seconds(1893456000);  // 2030-01-01T00:00:00Z

inline Instant at(std::int64_t seconds) {
  return Instant::from_seconds(seconds);
}

inline Bytes bytes_of(std::string_view text) {
  return Bytes(text.begin(), text.end());
}

}  // namespace ifa026::pki
