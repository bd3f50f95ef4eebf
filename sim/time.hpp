// Simulated time: strong types for instants and durations (int64 nanoseconds), and their text
// forms. Durations parse from the compact form ("90d", "1h30m", "250ms", "1.5s") or ISO-8601
// ("PT1H30M", "P90D", "PT0.25S"); they format in the compact form. Instants are nanoseconds since
// the scenario epoch, a UTC instant written as RFC 3339 ("2026-01-01T00:00:00Z").
#pragma once

#include <compare>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

namespace ifa026::sim {

class Duration {
 public:
  constexpr Duration() = default;
  static constexpr Duration nanoseconds(std::int64_t n) { return Duration(n); }
  static constexpr Duration microseconds(std::int64_t n) { return Duration(n * 1'000); }
  static constexpr Duration milliseconds(std::int64_t n) { return Duration(n * 1'000'000); }
  static constexpr Duration seconds(std::int64_t n) { return Duration(n * 1'000'000'000); }
  static constexpr Duration minutes(std::int64_t n) { return seconds(n * 60); }
  static constexpr Duration hours(std::int64_t n) { return seconds(n * 3600); }
  static constexpr Duration days(std::int64_t n) { return seconds(n * 86400); }
  static constexpr Duration max() { return Duration(std::numeric_limits<std::int64_t>::max()); }

  constexpr std::int64_t ns() const { return ns_; }
  constexpr double to_seconds() const { return static_cast<double>(ns_) / 1e9; }

  constexpr auto operator<=>(const Duration&) const = default;
  constexpr Duration operator+(Duration o) const { return Duration(ns_ + o.ns_); }
  constexpr Duration operator-(Duration o) const { return Duration(ns_ - o.ns_); }
  constexpr Duration operator*(std::int64_t k) const { return Duration(ns_ * k); }
  constexpr Duration operator-() const { return Duration(-ns_); }
  constexpr Duration& operator+=(Duration o) {
    ns_ += o.ns_;
    return *this;
  }

 private:
  constexpr explicit Duration(std::int64_t ns) : ns_(ns) {}
  std::int64_t ns_ = 0;
};

// An instant of simulated time: nanoseconds since the scenario epoch.
class Time {
 public:
  constexpr Time() = default;
  static constexpr Time from_ns(std::int64_t ns) { return Time(ns); }
  static constexpr Time zero() { return Time(0); }
  static constexpr Time max() { return Time(std::numeric_limits<std::int64_t>::max()); }

  constexpr std::int64_t ns() const { return ns_; }
  constexpr Duration since_epoch() const { return Duration::nanoseconds(ns_); }

  constexpr auto operator<=>(const Time&) const = default;
  // Saturates at Time::max() instead of overflowing.
  constexpr Time operator+(Duration d) const {
    if (d.ns() > 0 && ns_ > std::numeric_limits<std::int64_t>::max() - d.ns()) return max();
    return Time(ns_ + d.ns());
  }
  constexpr Duration operator-(Time o) const { return Duration::nanoseconds(ns_ - o.ns_); }

 private:
  constexpr explicit Time(std::int64_t ns) : ns_(ns) {}
  std::int64_t ns_ = 0;
};

// Parses "90d", "1h30m", "250ms", "1.5s", "10us", "0" and ISO-8601 "P1DT2H", "PT0.25S".
// Returns nullopt on anything else (including overflow). Negative values use a leading '-'.
std::optional<Duration> parse_duration(std::string_view text);
// Compact form: "1d2h3m4.5s", "250ms", "0s"; round-trips through parse_duration.
std::string format_duration(Duration d);
// ISO-8601 form: "P1DT2H3M4.5S", "PT0S".
std::string format_duration_iso8601(Duration d);

// A UTC instant as nanoseconds since 1970-01-01T00:00:00Z.
struct UtcInstant {
  std::int64_t unix_ns = 0;
  auto operator<=>(const UtcInstant&) const = default;
};
// Parses RFC 3339 with 'Z' or a numeric offset: "2026-01-01T00:00:00Z", "...T00:00:00.5+01:00".
std::optional<UtcInstant> parse_utc(std::string_view text);
// "2026-01-01T00:00:00Z", with fractional seconds only when non-zero ("...00.25Z").
std::string format_utc(UtcInstant t);

// Maps simulated time onto the calendar for one scenario.
class Epoch {
 public:
  Epoch() = default;
  explicit Epoch(UtcInstant start) : start_(start) {}
  UtcInstant start() const { return start_; }
  UtcInstant at(Time t) const { return {start_.unix_ns + t.ns()}; }
  std::string format(Time t) const { return format_utc(at(t)); }

 private:
  UtcInstant start_{};
};

}  // namespace ifa026::sim
