// Parsing and formatting of simulated durations and UTC instants (see time.hpp for the forms).
#include "sim/time.hpp"

#include <array>
#include <cctype>

namespace ifa026::sim {
namespace {

constexpr std::int64_t kNsPerSecond = 1'000'000'000;
constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// Reads "123" or "123.456" at text[pos]; returns the value scaled by `unit_ns` (rounded down),
// or nullopt on overflow / missing digits.
std::optional<std::int64_t> read_scaled_number(std::string_view text, std::size_t& pos,
                                               std::int64_t unit_ns, bool& had_fraction) {
  std::size_t start = pos;
  std::int64_t whole = 0;
  while (pos < text.size() && is_digit(text[pos])) {
    int digit = text[pos] - '0';
    if (whole > (kMax - digit) / 10) return std::nullopt;
    whole = whole * 10 + digit;
    ++pos;
  }
  bool has_whole = pos > start;
  std::int64_t frac_ns = 0;
  had_fraction = false;
  if (pos < text.size() && (text[pos] == '.' || text[pos] == ',')) {
    ++pos;
    std::size_t frac_start = pos;
    // Scale the fraction by the unit, digit by digit, ignoring digits below one nanosecond.
    std::int64_t scale = unit_ns;
    while (pos < text.size() && is_digit(text[pos])) {
      scale /= 10;
      frac_ns += (text[pos] - '0') * scale;
      ++pos;
    }
    if (pos == frac_start) return std::nullopt;
    had_fraction = true;
  }
  if (!has_whole && !had_fraction) return std::nullopt;
  if (whole > (kMax - frac_ns) / unit_ns) return std::nullopt;
  return whole * unit_ns + frac_ns;
}

struct Unit {
  std::string_view suffix;
  std::int64_t ns;
};
// Longest suffixes first so "ms" is not read as "m" followed by "s".
constexpr std::array<Unit, 7> kCompactUnits{{{"ms", 1'000'000},
                                             {"us", 1'000},
                                             {"ns", 1},
                                             {"d", 86400 * kNsPerSecond},
                                             {"h", 3600 * kNsPerSecond},
                                             {"m", 60 * kNsPerSecond},
                                             {"s", kNsPerSecond}}};

std::optional<std::int64_t> parse_compact(std::string_view text) {
  if (text == "0") return 0;
  std::size_t pos = 0;
  std::int64_t total = 0;
  std::size_t last_unit = 0;  // units must appear in decreasing order of size, each once
  bool first = true;
  while (pos < text.size()) {
    bool frac = false;
    auto value_pos = pos;
    // Read digits up to the unit; the unit tells the scale, so read the number twice.
    std::size_t scan = pos;
    while (scan < text.size() && (is_digit(text[scan]) || text[scan] == '.')) ++scan;
    const Unit* unit = nullptr;
    std::size_t unit_index = 0;
    for (std::size_t i = 0; i < kCompactUnits.size(); ++i) {
      if (text.substr(scan).starts_with(kCompactUnits[i].suffix)) {
        unit = &kCompactUnits[i];
        unit_index = i;
        break;
      }
    }
    if (unit == nullptr) return std::nullopt;
    // Order by size: d, h, m, s, ms, us, ns.
    static constexpr std::array<std::size_t, 7> rank{4, 5, 6, 0, 1, 2, 3};
    if (!first && rank[unit_index] <= last_unit) return std::nullopt;
    last_unit = rank[unit_index];
    first = false;
    pos = value_pos;
    auto value = read_scaled_number(text, pos, unit->ns, frac);
    if (!value || pos != scan) return std::nullopt;
    if (total > kMax - *value) return std::nullopt;
    total += *value;
    pos = scan + unit->suffix.size();
  }
  if (first) return std::nullopt;
  return total;
}

std::optional<std::int64_t> parse_iso8601(std::string_view text) {
  // P[nD][T[nH][nM][n[.f]S]]; weeks "nW" accepted alone; years and months are not fixed lengths.
  if (text.size() < 2 || text[0] != 'P') return std::nullopt;
  std::size_t pos = 1;
  std::int64_t total = 0;
  bool in_time = false;
  bool any = false;
  std::string_view allowed_date = "WD";
  std::string_view allowed_time = "HMS";
  std::size_t next_allowed = 0;
  while (pos < text.size()) {
    if (text[pos] == 'T') {
      if (in_time) return std::nullopt;
      in_time = true;
      next_allowed = 0;
      ++pos;
      if (pos == text.size()) return std::nullopt;
      continue;
    }
    std::size_t scan = pos;
    while (scan < text.size() && (is_digit(text[scan]) || text[scan] == '.' || text[scan] == ','))
      ++scan;
    if (scan == text.size()) return std::nullopt;
    char designator = text[scan];
    std::string_view allowed = in_time ? allowed_time : allowed_date;
    auto idx = allowed.find(designator);
    if (idx == std::string_view::npos || idx < next_allowed) return std::nullopt;
    next_allowed = idx + 1;
    std::int64_t unit = 0;
    switch (designator) {
      case 'W':
        unit = 7 * 86400 * kNsPerSecond;
        break;
      case 'D':
        unit = 86400 * kNsPerSecond;
        break;
      case 'H':
        unit = 3600 * kNsPerSecond;
        break;
      case 'M':
        unit = 60 * kNsPerSecond;
        break;
      case 'S':
        unit = kNsPerSecond;
        break;
      default:
        return std::nullopt;
    }
    bool frac = false;
    auto value = read_scaled_number(text, pos, unit, frac);
    if (!value || pos != scan) return std::nullopt;
    if (total > kMax - *value) return std::nullopt;
    total += *value;
    pos = scan + 1;
    any = true;
  }
  if (!any) return std::nullopt;
  return total;
}

// ".25" for 250 ms: nine digits of nanoseconds without trailing zeros; nothing for zero.
void append_fraction(std::string& out, std::int64_t frac_ns) {
  if (frac_ns == 0) return;
  char digits[10];
  digits[0] = '.';
  for (int i = 9; i >= 1; --i, frac_ns /= 10) digits[i] = static_cast<char>('0' + frac_ns % 10);
  int end = 10;
  while (digits[end - 1] == '0') --end;
  out.append(digits, static_cast<std::size_t>(end));
}

// Days since 1970-01-01 for a proleptic Gregorian date (H. Hinnant's algorithm).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

void civil_from_days(std::int64_t z, std::int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
}

bool read_fixed(std::string_view text, std::size_t pos, std::size_t n, int& out) {
  if (pos + n > text.size()) return false;
  out = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (!is_digit(text[pos + i])) return false;
    out = out * 10 + (text[pos + i] - '0');
  }
  return true;
}

}  // namespace

std::optional<Duration> parse_duration(std::string_view text) {
  bool negative = false;
  if (!text.empty() && text[0] == '-') {
    negative = true;
    text.remove_prefix(1);
  }
  if (text.empty()) return std::nullopt;
  auto ns = text[0] == 'P' ? parse_iso8601(text) : parse_compact(text);
  if (!ns) return std::nullopt;
  return Duration::nanoseconds(negative ? -*ns : *ns);
}

std::string format_duration(Duration d) {
  std::int64_t ns = d.ns();
  if (ns == 0) return "0s";
  std::string out;
  // Negate via unsigned arithmetic so INT64_MIN does not overflow.
  std::uint64_t rest = ns < 0 ? 0 - static_cast<std::uint64_t>(ns) : static_cast<std::uint64_t>(ns);
  if (ns < 0) out += '-';
  const std::uint64_t sec = kNsPerSecond;
  if (rest % sec != 0 && rest < sec) {
    if (rest % 1'000'000 == 0) return out + std::to_string(rest / 1'000'000) + "ms";
    if (rest % 1'000 == 0) return out + std::to_string(rest / 1'000) + "us";
    return out + std::to_string(rest) + "ns";
  }
  std::uint64_t days = rest / (86400 * sec);
  rest %= 86400 * sec;
  std::uint64_t hours = rest / (3600 * sec);
  rest %= 3600 * sec;
  std::uint64_t minutes = rest / (60 * sec);
  rest %= 60 * sec;
  if (days) out += std::to_string(days) + "d";
  if (hours) out += std::to_string(hours) + "h";
  if (minutes) out += std::to_string(minutes) + "m";
  if (rest) {
    out += std::to_string(rest / sec);
    append_fraction(out, static_cast<std::int64_t>(rest % sec));
    out += "s";
  }
  return out;
}

std::string format_duration_iso8601(Duration d) {
  std::int64_t ns = d.ns();
  std::string out = ns < 0 ? "-P" : "P";
  std::uint64_t rest = ns < 0 ? 0 - static_cast<std::uint64_t>(ns) : static_cast<std::uint64_t>(ns);
  const std::uint64_t sec = kNsPerSecond;
  std::uint64_t days = rest / (86400 * sec);
  rest %= 86400 * sec;
  if (days) out += std::to_string(days) + "D";
  if (rest == 0) return days ? out : out + "T0S";
  out += "T";
  std::uint64_t hours = rest / (3600 * sec);
  rest %= 3600 * sec;
  std::uint64_t minutes = rest / (60 * sec);
  rest %= 60 * sec;
  if (hours) out += std::to_string(hours) + "H";
  if (minutes) out += std::to_string(minutes) + "M";
  if (rest) {
    out += std::to_string(rest / sec);
    append_fraction(out, static_cast<std::int64_t>(rest % sec));
    out += "S";
  }
  return out;
}

std::optional<UtcInstant> parse_utc(std::string_view text) {
  // YYYY-MM-DDTHH:MM:SS[.f](Z|+HH:MM|-HH:MM)
  int year, month, day, hour, minute, second;
  if (!read_fixed(text, 0, 4, year) || text.size() < 20 || text[4] != '-' ||
      !read_fixed(text, 5, 2, month) || text[7] != '-' || !read_fixed(text, 8, 2, day) ||
      (text[10] != 'T' && text[10] != 't') || !read_fixed(text, 11, 2, hour) || text[13] != ':' ||
      !read_fixed(text, 14, 2, minute) || text[16] != ':' || !read_fixed(text, 17, 2, second))
    return std::nullopt;
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59)
    return std::nullopt;
  static constexpr std::array<int, 12> kDays{31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (day > kDays[month - 1] || (month == 2 && day == 29 && !leap)) return std::nullopt;
  std::size_t pos = 19;
  std::int64_t frac_ns = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    std::int64_t scale = kNsPerSecond;
    std::size_t start = pos;
    while (pos < text.size() && is_digit(text[pos])) {
      scale /= 10;
      frac_ns += (text[pos] - '0') * scale;
      ++pos;
    }
    if (pos == start) return std::nullopt;
  }
  std::int64_t offset_s = 0;
  if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
    ++pos;
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    int oh, om;
    if (!read_fixed(text, pos + 1, 2, oh) || pos + 3 >= text.size() || text[pos + 3] != ':' ||
        !read_fixed(text, pos + 4, 2, om) || oh > 23 || om > 59)
      return std::nullopt;
    offset_s = (oh * 3600 + om * 60) * (text[pos] == '+' ? 1 : -1);
    pos += 6;
  } else {
    return std::nullopt;
  }
  if (pos != text.size()) return std::nullopt;
  std::int64_t days =
      days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  std::int64_t secs = days * 86400 + hour * 3600 + minute * 60 + second - offset_s;
  // Nanoseconds since 1970 in 64 bits reach 2262: a later (or much earlier) time is not one
  // (UBSan's signed overflow under the scenario fuzz target, tests/fuzz_regressions/scenario/).
  std::int64_t ns = 0;
  if (__builtin_mul_overflow(secs, kNsPerSecond, &ns) || __builtin_add_overflow(ns, frac_ns, &ns))
    return std::nullopt;
  return UtcInstant{ns};
}

std::string format_utc(UtcInstant t) {
  std::int64_t secs = t.unix_ns / kNsPerSecond;
  std::int64_t frac = t.unix_ns % kNsPerSecond;
  if (frac < 0) {
    frac += kNsPerSecond;
    --secs;
  }
  std::int64_t days = secs / 86400;
  std::int64_t sod = secs % 86400;
  if (sod < 0) {
    sod += 86400;
    --days;
  }
  std::int64_t y;
  unsigned m, d;
  civil_from_days(days, y, m, d);
  // Written digit by digit: this runs once per trace record.
  char buf[20];
  auto put = [&buf](int at, std::int64_t value, int width) {
    for (int i = width - 1; i >= 0; --i, value /= 10)
      buf[at + i] = static_cast<char>('0' + value % 10);
  };
  std::string out;
  if (y < 0 || y > 9999) {
    out = std::to_string(y);
  } else {
    put(0, y, 4);
    out.assign(buf, 4);
  }
  buf[0] = '-';
  put(1, m, 2);
  buf[3] = '-';
  put(4, d, 2);
  buf[6] = 'T';
  put(7, sod / 3600, 2);
  buf[9] = ':';
  put(10, sod / 60 % 60, 2);
  buf[12] = ':';
  put(13, sod % 60, 2);
  out.append(buf, 15);
  append_fraction(out, frac);
  out += 'Z';
  return out;
}

}  // namespace ifa026::sim
