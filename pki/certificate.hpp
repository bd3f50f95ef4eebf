// X.509 v3 certificates as stored DER, with the fields the project reads parsed on demand.
// Times are UTC instants (sim-independent: pki/ takes calendar time from its caller).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "pki/bytes.hpp"
#include "pki/csr.hpp"
#include "pki/key.hpp"
#include "pki/names.hpp"

namespace ifa026::pki {

inline constexpr std::int64_t kNanosPerSecond = 1'000'000'000;

// Nanoseconds since 1970-01-01T00:00:00Z (the same convention as sim::UtcInstant, without
// depending on sim/). Certificates carry whole seconds.
struct Instant {
  std::int64_t unix_ns = 0;
  static Instant from_seconds(std::int64_t s) { return {s * kNanosPerSecond}; }
  std::int64_t seconds() const { return unix_ns / kNanosPerSecond; }
  auto operator<=>(const Instant&) const = default;
};

// Whether `then` lies more than `max_age_seconds` before `now` (the freshness checks of
// attestation statements and evidence); true when the age cannot be represented or
// `max_age_seconds` is negative.
inline bool older_than(Instant then, Instant now, std::int64_t max_age_seconds) {
  std::int64_t age_ns = 0;
  std::int64_t max_ns = 0;
  if (__builtin_sub_overflow(now.unix_ns, then.unix_ns, &age_ns)) return true;
  if (max_age_seconds < 0) return true;
  if (__builtin_mul_overflow(max_age_seconds, kNanosPerSecond, &max_ns)) return false;
  return age_ns > max_ns;
}

class Certificate {
 public:
  // Throws DecodeError on anything that is not a well-formed X.509 certificate.
  static Certificate from_der(ByteView der);
  static Certificate from_pem(std::string_view pem);
  // Every certificate in a PEM bundle, in order.
  static std::vector<Certificate> all_from_pem(std::string_view pem);

  const Bytes& der() const;
  std::string to_pem() const;

  DistinguishedName subject() const;
  DistinguishedName issuer() const;
  std::string serial_hex() const;  // upper-case hex, no leading zeros
  Instant not_before() const;
  Instant not_after() const;
  SubjectAltName san() const;
  PublicKey public_key() const;
  std::optional<Bytes> subject_key_id() const;
  std::optional<Bytes> authority_key_id() const;
  bool is_ca() const;
  std::vector<ExtendedKeyUsage> extended_key_usage() const;
  std::vector<std::string> nf_types() const;
  bool operator==(const Certificate& other) const {
    return der_ == other.der_ || (der_ && other.der_ && *der_ == *other.der_);
  }

 private:
  explicit Certificate(std::shared_ptr<const Bytes> der) : der_(std::move(der)) {}
  // Immutable and shared: copies share it, and so do certificates decoded from equal DER in the
  // same thread (from_der interns it), so a certificate every actor holds is stored once.
  std::shared_ptr<const Bytes> der_;
};

}  // namespace ifa026::pki
