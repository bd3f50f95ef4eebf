// The DER codec of pki/der.hpp: TLV framing with minimal definite lengths (read_header), the
// Writer and strict Reader (BOOLEAN, INTEGER, NULL, BIT STRING and named bits, OCTET STRING,
// UTF8String, OBJECT IDENTIFIER, GeneralizedTime, SEQUENCE, [n] EXPLICIT, embedded certificates
// and keys), bounded UTF-8 text, and the exception-free element walk.
#include "pki/der.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>
#include <limits>
#include <optional>
#include <vector>

namespace ifa026::pki::der {

namespace {

constexpr std::int64_t kSecondsPerDay = 86400;

// Reader's words for a framing error.
std::string framing_text(Framing framing, const Header& header) {
  switch (framing) {
    case Framing::ok:
      break;
    case Framing::end_of_data:
      return "end of data";
    case Framing::high_tag_number:
      return "high-tag-number form";
    case Framing::missing_length:
    case Framing::truncated_length:
      return "truncated length";
    case Framing::indefinite_length:
      return "indefinite length";
    case Framing::length_too_long:
      return "length of more than 4 octets";
    case Framing::leading_zero_length:
      return "non-minimal length (leading zero octet)";
    case Framing::long_form_short_length:
      return "non-minimal length (long form for a short length)";
    case Framing::past_end:
      return "length " + std::to_string(header.content_length) + " runs past the end of data";
  }
  return "well-formed";
}

// Parses the header of the element at `position`; on failure returns nullopt and says why.
std::optional<Header> parse_header(ByteView data, std::size_t position, std::string& why) {
  Header header;
  const Framing framing = read_header(data, position, header);
  if (framing == Framing::ok) return header;
  why = framing_text(framing, header);
  return std::nullopt;
}

void append_length(Bytes& out, std::size_t length) {
  if (length < 0x80) {
    out.push_back(static_cast<std::uint8_t>(length));
    return;
  }
  std::array<std::uint8_t, sizeof(std::size_t)> octets{};
  std::size_t count = 0;
  for (std::size_t rest = length; rest != 0; rest >>= 8) {
    octets[count++] = static_cast<std::uint8_t>(rest & 0xff);
  }
  if (count > 4) throw PkiError("DER: element too long");
  out.push_back(static_cast<std::uint8_t>(0x80 | count));
  for (std::size_t i = count; i > 0; --i) out.push_back(octets[i - 1]);
}

// The length of the valid UTF-8 sequence starting at `i`, or 0 when none does there. Strict
// UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF.
std::size_t utf8_sequence_length(ByteView text, std::size_t i) {
  const std::uint8_t b = text[i];
  std::size_t extra = 0;
  std::uint32_t code = 0;
  if (b < 0x80) {
    return 1;
  } else if (b >= 0xc2 && b <= 0xdf) {
    extra = 1;
    code = b & 0x1f;
  } else if (b >= 0xe0 && b <= 0xef) {
    extra = 2;
    code = b & 0x0f;
  } else if (b >= 0xf0 && b <= 0xf4) {
    extra = 3;
    code = b & 0x07;
  } else {
    return 0;
  }
  if (text.size() - i - 1 < extra) return 0;
  for (std::size_t k = 1; k <= extra; ++k) {
    std::uint8_t c = text[i + k];
    if ((c & 0xc0) != 0x80) return 0;
    code = (code << 6) | (c & 0x3f);
  }
  if ((extra == 2 && code < 0x800) || (extra == 3 && (code < 0x10000 || code > 0x10ffff)) ||
      (code >= 0xd800 && code <= 0xdfff)) {
    return 0;
  }
  return extra + 1;
}

bool valid_utf8(ByteView text) {
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t length = utf8_sequence_length(text, i);
    if (length == 0) return false;
    i += length;
  }
  return true;
}

ByteView as_bytes(std::string_view text) {
  return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

// Howard Hinnant's days_from_civil / civil_from_days (proleptic Gregorian, UTC).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

struct Civil {
  std::int64_t year;
  unsigned month;
  unsigned day;
};

Civil civil_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {y + (m <= 2 ? 1 : 0), m, d};
}

unsigned days_in_month(std::int64_t year, unsigned month) {
  static constexpr std::array<unsigned, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

// Parses the arcs of a dotted OID; nullopt when it is not a valid OID text.
std::optional<std::vector<std::uint64_t>> parse_oid_text(std::string_view dotted) {
  std::vector<std::uint64_t> arcs;
  std::size_t start = 0;
  while (start <= dotted.size()) {
    std::size_t end = dotted.find('.', start);
    if (end == std::string_view::npos) end = dotted.size();
    std::string_view part = dotted.substr(start, end - start);
    if (part.empty() || (part.size() > 1 && part[0] == '0')) return std::nullopt;
    std::uint64_t value = 0;
    auto [ptr, ec] = std::from_chars(part.data(), part.data() + part.size(), value);
    if (ec != std::errc() || ptr != part.data() + part.size()) return std::nullopt;
    arcs.push_back(value);
    start = end + 1;
  }
  if (arcs.size() < 2 || arcs[0] > 2 || (arcs[0] < 2 && arcs[1] > 39)) return std::nullopt;
  if (arcs[1] > std::numeric_limits<std::uint64_t>::max() - 80) return std::nullopt;
  return arcs;
}

void append_base128(Bytes& out, std::uint64_t value) {
  std::array<std::uint8_t, 10> groups{};
  std::size_t count = 0;
  do {
    groups[count++] = static_cast<std::uint8_t>(value & 0x7f);
    value >>= 7;
  } while (value != 0);
  for (std::size_t i = count; i > 0; --i) {
    out.push_back(static_cast<std::uint8_t>(groups[i - 1] | (i > 1 ? 0x80 : 0x00)));
  }
}

std::string hex_byte(std::uint8_t b) {
  char text[8];
  std::snprintf(text, sizeof text, "0x%02x", b);
  return text;
}

}  // namespace

Framing read_header(ByteView data, std::size_t position, Header& header) {
  header = Header{};
  if (position >= data.size()) return Framing::end_of_data;
  header.tag = data[position];
  if ((header.tag & 0x1f) == 0x1f) return Framing::high_tag_number;
  if (position + 1 >= data.size()) return Framing::missing_length;
  const std::uint8_t first = data[position + 1];
  if (first < 0x80) {
    header.header_length = 2;
    header.content_length = first;
  } else if (first == 0x80) {
    return Framing::indefinite_length;
  } else {
    const std::size_t count = first & 0x7f;
    if (count > 4) return Framing::length_too_long;
    if (data.size() - position - 2 < count) return Framing::truncated_length;
    if (data[position + 2] == 0) return Framing::leading_zero_length;
    std::size_t length = 0;
    for (std::size_t i = 0; i < count; ++i) length = (length << 8) | data[position + 2 + i];
    if (length < 0x80) return Framing::long_form_short_length;
    header.header_length = 2 + count;
    header.content_length = length;
  }
  if (data.size() - position - header.header_length < header.content_length) {
    return Framing::past_end;
  }
  return Framing::ok;
}

std::string tag_name(std::uint8_t tag) {
  switch (tag) {
    case kBoolean:
      return "BOOLEAN";
    case kInteger:
      return "INTEGER";
    case kBitString:
      return "BIT STRING";
    case kNull:
      return "NULL";
    case kEnumerated:
      return "ENUMERATED";
    case kOctetString:
      return "OCTET STRING";
    case kObjectIdentifier:
      return "OBJECT IDENTIFIER";
    case kUtf8String:
      return "UTF8String";
    case kGeneralizedTime:
      return "GeneralizedTime";
    case kSequence:
      return "SEQUENCE";
    default:
      break;
  }
  if ((tag & 0xe0) == 0xa0 && (tag & 0x1f) != 0x1f) return "[" + std::to_string(tag & 0x1f) + "]";
  return "tag " + hex_byte(tag);
}

// ---------------------------------------------------------------------------------------------
// Writer

Writer& Writer::element(std::uint8_t tag, ByteView content) {
  if ((tag & 0x1f) == 0x1f) throw PkiError("DER: high-tag-number form not supported");
  out_.push_back(tag);
  append_length(out_, content.size());
  out_.insert(out_.end(), content.begin(), content.end());
  return *this;
}

Writer& Writer::boolean(bool value) {
  const std::uint8_t content = value ? 0xff : 0x00;
  element(kBoolean, ByteView(&content, 1));
  return *this;
}

Writer& Writer::integer(std::int64_t value) {
  if (value < 0) throw PkiError("DER: negative INTEGER not supported");
  Bytes content;
  auto u = static_cast<std::uint64_t>(value);
  do {
    content.insert(content.begin(), static_cast<std::uint8_t>(u & 0xff));
    u >>= 8;
  } while (u != 0);
  if ((content[0] & 0x80) != 0) content.insert(content.begin(), 0x00);
  element(kInteger, content);
  return *this;
}

Writer& Writer::null() {
  return element(kNull, {});
}

Writer& Writer::bit_string(ByteView octets) {
  Bytes content;
  content.reserve(octets.size() + 1);
  content.push_back(0x00);  // no unused bits
  content.insert(content.end(), octets.begin(), octets.end());
  return element(kBitString, content);
}

Writer& Writer::named_bits(std::uint32_t bits) {
  int highest = -1;
  for (int i = 0; i < 32; ++i) {
    if ((bits & (1u << i)) != 0) highest = i;
  }
  if (highest < 0) return element(kBitString, Bytes{0x00});
  Bytes content(static_cast<std::size_t>(1 + highest / 8 + 1), 0);
  content[0] = static_cast<std::uint8_t>(7 - highest % 8);  // unused bits of the last octet
  for (int i = 0; i <= highest; ++i) {
    if ((bits & (1u << i)) != 0) content[1 + i / 8] |= static_cast<std::uint8_t>(0x80 >> (i % 8));
  }
  return element(kBitString, content);
}

Writer& Writer::octet_string(ByteView value) {
  element(kOctetString, value);
  return *this;
}

Writer& Writer::utf8_string(std::string_view value) {
  if (!valid_utf8(as_bytes(value))) throw PkiError("DER: UTF8String is not valid UTF-8");
  element(kUtf8String, as_bytes(value));
  return *this;
}

Writer& Writer::object_identifier(std::string_view dotted) {
  auto arcs = parse_oid_text(dotted);
  if (!arcs) throw PkiError("DER: not an OBJECT IDENTIFIER: " + std::string(dotted));
  Bytes content;
  append_base128(content, (*arcs)[0] * 40 + (*arcs)[1]);
  for (std::size_t i = 2; i < arcs->size(); ++i) append_base128(content, (*arcs)[i]);
  element(kObjectIdentifier, content);
  return *this;
}

Writer& Writer::generalized_time(Instant value) {
  const std::int64_t seconds = floor_div(value.unix_ns, kNanosPerSecond);
  std::int64_t fraction = value.unix_ns % kNanosPerSecond;  // (seconds * 10^9 may overflow)
  if (fraction < 0) fraction += kNanosPerSecond;
  const std::int64_t days = floor_div(seconds, kSecondsPerDay);
  const std::int64_t second_of_day = seconds - days * kSecondsPerDay;
  const Civil civil = civil_from_days(days);
  if (civil.year < 0 || civil.year > 9999) throw PkiError("DER: year out of GeneralizedTime range");
  char text[40];
  int length = std::snprintf(
      text, sizeof text, "%04d%02u%02u%02d%02d%02d", static_cast<int>(civil.year), civil.month,
      civil.day, static_cast<int>(second_of_day / 3600), static_cast<int>(second_of_day / 60 % 60),
      static_cast<int>(second_of_day % 60));
  std::string time(text, static_cast<std::size_t>(length));
  if (fraction != 0) {
    std::snprintf(text, sizeof text, "%09lld", static_cast<long long>(fraction));
    std::string digits(text);
    while (digits.back() == '0') digits.pop_back();
    time += '.';
    time += digits;
  }
  time += 'Z';
  element(kGeneralizedTime, as_bytes(time));
  return *this;
}

Writer& Writer::raw(ByteView element_bytes) {
  std::string why;
  auto header = parse_header(element_bytes, 0, why);
  if (!header) throw PkiError("DER: raw element is malformed: " + why);
  if (header->header_length + header->content_length != element_bytes.size()) {
    throw PkiError("DER: raw element has trailing bytes");
  }
  out_.insert(out_.end(), element_bytes.begin(), element_bytes.end());
  return *this;
}

Writer& Writer::sequence(const Writer& content) {
  element(kSequence, content.bytes());
  return *this;
}

Writer& Writer::explicit_tag(unsigned n, const Writer& content) {
  if (n > 30) throw PkiError("DER: context tag number above 30");
  element(context_tag(n), content.bytes());
  return *this;
}

// ---------------------------------------------------------------------------------------------
// Reader

void fail_at(std::size_t offset, std::string_view message) {
  throw DecodeError("DER: " + std::string(message) + " at offset " + std::to_string(offset));
}

void Reader::fail_at(std::size_t position, std::string_view message) const {
  der::fail_at(base_ + position, message);
}

void Reader::fail(std::string_view message) const {
  fail_at(position_, message);
}

Reader::Element Reader::next(std::uint8_t tag, std::string_view type, std::string_view what) {
  const std::string expected = "expected " + std::string(type) + " (" + std::string(what) + ")";
  if (position_ >= data_.size()) fail_at(position_, expected + ", found end of data");
  if (data_[position_] != tag) {
    fail_at(position_, expected + ", found " + tag_name(data_[position_]));
  }
  std::string why;
  auto header = parse_header(data_, position_, why);
  if (!header) fail_at(position_, expected + ": " + why);
  Element element{position_, position_ + header->header_length, header->content_length};
  position_ = element.content_start + element.content_length;
  return element;
}

bool Reader::next_is(std::uint8_t tag) const {
  return position_ < data_.size() && data_[position_] == tag;
}

void Reader::expect_end(std::string_view what) const {
  if (!at_end()) {
    fail_at(position_, "unexpected " + tag_name(data_[position_]) + " after the last field of " +
                           std::string(what));
  }
}

bool Reader::boolean(std::string_view what) {
  Element e = next(kBoolean, "BOOLEAN", what);
  if (e.content_length != 1) {
    fail_at(e.start, "BOOLEAN (" + std::string(what) + ") must have one content octet");
  }
  std::uint8_t value = data_[e.content_start];
  if (value != 0x00 && value != 0xff) {
    fail_at(e.start, "BOOLEAN (" + std::string(what) + ") must be 0x00 or 0xff");
  }
  return value == 0xff;
}

std::int64_t Reader::integer(std::string_view what) {
  Element e = next(kInteger, "INTEGER", what);
  const std::string name = "INTEGER (" + std::string(what) + ")";
  if (e.content_length == 0) fail_at(e.start, name + " is empty");
  ByteView c = data_.subspan(e.content_start, e.content_length);
  if (c.size() > 1 && ((c[0] == 0x00 && (c[1] & 0x80) == 0) || (c[0] == 0xff && (c[1] & 0x80)))) {
    fail_at(e.start, name + " is not minimally encoded");
  }
  if ((c[0] & 0x80) != 0) fail_at(e.start, name + " is negative");
  if (c.size() > 9 || (c.size() == 9 && c[0] != 0x00)) fail_at(e.start, name + " is too large");
  std::uint64_t value = 0;
  for (std::uint8_t b : c) value = (value << 8) | b;
  if (value > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
    fail_at(e.start, name + " is too large");
  }
  return static_cast<std::int64_t>(value);
}

Bytes Reader::octet_string(std::string_view what) {
  Element e = next(kOctetString, "OCTET STRING", what);
  auto begin = data_.begin() + static_cast<std::ptrdiff_t>(e.content_start);
  return Bytes(begin, begin + static_cast<std::ptrdiff_t>(e.content_length));
}

std::string Reader::utf8_string(std::string_view what) {
  Element e = next(kUtf8String, "UTF8String", what);
  ByteView c = data_.subspan(e.content_start, e.content_length);
  if (!valid_utf8(c)) fail_at(e.start, "UTF8String (" + std::string(what) + ") is not UTF-8");
  return std::string(c.begin(), c.end());
}

std::string Reader::object_identifier(std::string_view what) {
  Element e = next(kObjectIdentifier, "OBJECT IDENTIFIER", what);
  const std::string name = "OBJECT IDENTIFIER (" + std::string(what) + ")";
  ByteView c = data_.subspan(e.content_start, e.content_length);
  if (c.empty()) fail_at(e.start, name + " is empty");
  if ((c.back() & 0x80) != 0) fail_at(e.start, name + " ends inside a subidentifier");
  std::string dotted;
  std::uint64_t value = 0;
  bool first = true;
  bool starting = true;
  for (std::uint8_t b : c) {
    if (starting && b == 0x80) fail_at(e.start, name + " has a non-minimal subidentifier");
    if (value > (std::numeric_limits<std::uint64_t>::max() >> 7)) {
      fail_at(e.start, name + " has a subidentifier too large");
    }
    value = (value << 7) | (b & 0x7f);
    starting = (b & 0x80) == 0;
    if (!starting) continue;
    if (first) {
      std::uint64_t arc0 = value < 40 ? 0 : value < 80 ? 1 : 2;
      dotted = std::to_string(arc0) + "." + std::to_string(value - arc0 * 40);
      first = false;
    } else {
      dotted += "." + std::to_string(value);
    }
    value = 0;
  }
  return dotted;
}

void Reader::expect_object_identifier(std::string_view dotted, std::string_view what) {
  const std::size_t start = position_;
  std::string found = object_identifier(what);
  if (found != dotted) {
    fail_at(start, "expected OBJECT IDENTIFIER " + std::string(dotted) + " (" + std::string(what) +
                       "), found " + found);
  }
}

Instant Reader::generalized_time(std::string_view what) {
  Element e = next(kGeneralizedTime, "GeneralizedTime", what);
  const std::string name = "GeneralizedTime (" + std::string(what) + ")";
  ByteView c = data_.subspan(e.content_start, e.content_length);
  auto bad = [&](std::string_view why) { fail_at(e.start, name + " " + std::string(why)); };
  // YYYYMMDDHHMMSS[.fffffffff]Z
  if (c.size() < 15 || c.size() == 16 || c.size() > 25) bad("has the wrong length");
  auto digits = [&](std::size_t from, std::size_t count) {
    std::int64_t value = 0;
    for (std::size_t i = from; i < from + count; ++i) {
      if (c[i] < '0' || c[i] > '9') bad("has a non-digit where a digit belongs");
      value = value * 10 + (c[i] - '0');
    }
    return value;
  };
  const std::int64_t year = digits(0, 4);
  const auto month = static_cast<unsigned>(digits(4, 2));
  const auto day = static_cast<unsigned>(digits(6, 2));
  const std::int64_t hour = digits(8, 2);
  const std::int64_t minute = digits(10, 2);
  const std::int64_t second = digits(12, 2);
  if (month < 1 || month > 12) bad("has a month out of range");
  if (day < 1 || day > days_in_month(year, month)) bad("has a day out of range");
  if (hour > 23 || minute > 59 || second > 59) bad("has a time of day out of range");
  std::int64_t fraction = 0;
  if (c.size() > 15) {
    if (c[14] != '.') bad("has no '.' before the fraction");
    const std::size_t count = c.size() - 16;
    fraction = digits(15, count);
    if (c[c.size() - 2] == '0') bad("has a trailing zero in the fraction");
    for (std::size_t i = count; i < 9; ++i) fraction *= 10;
  }
  if (c.back() != 'Z') bad("does not end in 'Z'");
  const std::int64_t seconds =
      days_from_civil(year, month, day) * kSecondsPerDay + hour * 3600 + minute * 60 + second;
  const __int128 ns = static_cast<__int128>(seconds) * kNanosPerSecond + fraction;
  if (ns < std::numeric_limits<std::int64_t>::min() ||
      ns > std::numeric_limits<std::int64_t>::max()) {
    bad("is outside the representable range");
  }
  return Instant{static_cast<std::int64_t>(ns)};
}

std::uint32_t Reader::named_bits(std::string_view what) {
  Element e = next(kBitString, "BIT STRING", what);
  const std::string name = "BIT STRING (" + std::string(what) + ")";
  ByteView c = data_.subspan(e.content_start, e.content_length);
  if (c.empty()) fail_at(e.start, name + " has no unused-bits octet");
  const unsigned unused = c[0];
  if (unused > 7 || (c.size() == 1 && unused != 0)) {
    fail_at(e.start, name + " has a bad unused-bits count");
  }
  if (c.size() > 1) {
    if ((c.back() & ((1u << unused) - 1u)) != 0) fail_at(e.start, name + " has padding bits set");
    if ((c.back() & (1u << unused)) == 0) fail_at(e.start, name + " has trailing zero bits");
  }
  if ((c.size() - 1) * 8 - unused > 32) fail_at(e.start, name + " names bits beyond 31");
  return named_bits_of(c);
}

ByteView Reader::raw(std::uint8_t tag, std::string_view what) {
  Element e = next(tag, tag_name(tag), what);
  return data_.subspan(e.start, e.content_start - e.start + e.content_length);
}

Reader Reader::sequence(std::string_view what) {
  Element e = next(kSequence, "SEQUENCE", what);
  return Reader(data_.subspan(e.content_start, e.content_length), base_ + e.content_start);
}

Reader Reader::explicit_tag(unsigned n, std::string_view what) {
  if (n > 30) throw PkiError("DER: context tag number above 30");
  Element e = next(context_tag(n), tag_name(context_tag(n)), what);
  return Reader(data_.subspan(e.content_start, e.content_length), base_ + e.content_start);
}

// ---------------------------------------------------------------------------------------------

Certificate read_certificate(Reader& reader, std::string_view what) {
  const std::size_t start = reader.offset();
  ByteView element = reader.raw(kSequence, what);
  try {
    return Certificate::from_der(element);
  } catch (const PkiError& e) {
    throw DecodeError("DER: " + std::string(what) + " at offset " + std::to_string(start) +
                      " is not a valid certificate: " + e.what());
  }
}

std::vector<Certificate> read_certificates(Reader& reader, std::string_view what,
                                           std::size_t min_count, std::size_t max_count) {
  Reader list = reader.sequence(what);
  std::vector<Certificate> certificates;
  while (!list.at_end()) {
    if (certificates.size() == max_count) {
      list.fail("more than " + std::to_string(max_count) + " certificates in " + std::string(what));
    }
    certificates.push_back(read_certificate(
        list, std::string(what) + "[" + std::to_string(certificates.size()) + "]"));
  }
  if (certificates.size() < min_count) {
    list.fail("fewer than " + std::to_string(min_count) + " certificates in " + std::string(what));
  }
  return certificates;
}

void write_certificates(Writer& writer, const std::vector<Certificate>& certificates) {
  writer.sequence([&](Writer& list) {
    for (const Certificate& certificate : certificates) list.raw(certificate.der());
  });
}

Bytes read_public_key(Reader& reader, std::string_view what) {
  const std::size_t start = reader.offset();
  ByteView element = reader.raw(kSequence, what);
  try {
    PublicKey key = PublicKey::from_der(element);
    Bytes der = key.to_der();
    if (der.size() != element.size() || !std::equal(der.begin(), der.end(), element.begin())) {
      throw DecodeError("re-encoding differs");
    }
    return der;
  } catch (const PkiError& e) {
    throw DecodeError("DER: " + std::string(what) + " at offset " + std::to_string(start) +
                      " is not a valid SubjectPublicKeyInfo: " + e.what());
  }
}

// ---------------------------------------------------------------------------------------------

std::string utf8_text(std::string_view text, std::size_t limit) {
  const ByteView bytes = as_bytes(text);
  std::string out;
  out.reserve(std::min(text.size(), limit));
  for (std::size_t i = 0; i < bytes.size();) {
    const std::size_t length = utf8_sequence_length(bytes, i);
    const std::size_t taken = length == 0 ? 1 : length;
    if (out.size() + taken > limit) break;
    if (length == 0) {
      out += '?';
    } else {
      out.append(text.substr(i, length));
    }
    i += taken;
  }
  return out;
}

std::optional<Element> next_element(ByteView& data) {
  std::string why;
  auto header = parse_header(data, 0, why);
  if (!header) return std::nullopt;
  const std::size_t size = header->header_length + header->content_length;
  Element element{header->tag, data.subspan(header->header_length, header->content_length),
                  data.first(size)};
  data = data.subspan(size);
  return element;
}

std::optional<Element> single_element(ByteView data) {
  auto element = next_element(data);
  if (!element || !data.empty()) return std::nullopt;
  return element;
}

std::optional<std::vector<Element>> split_elements(ByteView content) {
  std::vector<Element> elements;
  while (!content.empty()) {
    auto element = next_element(content);
    if (!element) return std::nullopt;
    elements.push_back(*element);
  }
  return elements;
}

const Element* find_element(const std::vector<Element>& elements, std::uint8_t tag) {
  for (const Element& element : elements) {
    if (element.tag == tag) return &element;
  }
  return nullptr;
}

std::optional<std::int32_t> small_integer(const Element& element) {
  const ByteView c = element.content;
  if ((element.tag != kInteger && element.tag != kEnumerated) || c.empty() || c.size() > 4) {
    return std::nullopt;
  }
  std::uint32_t value = (c[0] & 0x80) != 0 ? 0xffffffffu : 0u;
  for (std::uint8_t b : c) value = (value << 8) | b;
  return static_cast<std::int32_t>(value);
}

std::uint32_t named_bits_of(ByteView bit_string_content) {
  std::uint32_t bits = 0;
  if (bit_string_content.empty()) return 0;
  for (std::size_t bit = 0; bit < (bit_string_content.size() - 1) * 8 && bit < 32; ++bit) {
    if ((bit_string_content[1 + bit / 8] & (0x80 >> (bit % 8))) != 0) bits |= 1u << bit;
  }
  return bits;
}

}  // namespace ifa026::pki::der
