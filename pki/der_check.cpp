// The canonical-DER check of pki/der_check.hpp: a recursive walk over every element, framing by
// der::read_header, contents of BOOLEAN, INTEGER, ENUMERATED, BIT STRING, NULL and OBJECT
// IDENTIFIER in their DER form, SET OF components in ascending order (X.690 §11.6).
#include "pki/der_check.hpp"

#include <algorithm>
#include <cstdint>
#include <string>

#include "pki/der.hpp"

namespace ifa026::pki::der {

namespace {

constexpr int kMaxDepth = 32;
constexpr std::uint8_t kSet = 0x31;  // constructed

[[noreturn]] void not_der(std::string_view what, std::string_view why, std::size_t offset) {
  throw DecodeError(std::string(what) + ": not DER (" + std::string(why) + " at offset " +
                    std::to_string(offset) + ")");
}

std::string_view framing_words(Framing framing) {
  switch (framing) {
    case Framing::ok:
      break;
    case Framing::end_of_data:
      return "missing tag";
    case Framing::high_tag_number:
      return "high tag number";
    case Framing::missing_length:
      return "missing length";
    case Framing::indefinite_length:
      return "indefinite length";
    case Framing::length_too_long:
    case Framing::truncated_length:
      return "bad length";
    case Framing::leading_zero_length:
    case Framing::long_form_short_length:
      return "non-minimal length";
    case Framing::past_end:
      return "length past the end";
  }
  return "well-formed";
}

// X.690 §11.6: SET OF components in ascending order of their encodings, the shorter padded with
// trailing zero octets.
bool set_order_ok(ByteView a, ByteView b) {
  const std::size_t n = std::max(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint8_t x = i < a.size() ? a[i] : 0;
    const std::uint8_t y = i < b.size() ? b[i] : 0;
    if (x != y) return x < y;
  }
  return true;
}

void check_primitive(std::uint8_t tag, ByteView c, std::string_view what, std::size_t at) {
  switch (tag) {
    case kBoolean:
      if (c.size() != 1 || (c[0] != 0x00 && c[0] != 0xff)) not_der(what, "BOOLEAN", at);
      break;
    case kInteger:
    case kEnumerated:
      if (c.empty()) not_der(what, "empty INTEGER", at);
      if (c.size() >= 2 &&
          ((c[0] == 0x00 && (c[1] & 0x80) == 0) || (c[0] == 0xff && (c[1] & 0x80) != 0))) {
        not_der(what, "non-minimal INTEGER", at);
      }
      break;
    case kBitString:
      if (c.empty() || c[0] > 7 || (c.size() == 1 && c[0] != 0)) {
        not_der(what, "BIT STRING unused-bits octet", at);
      }
      if (c.size() > 1 && (c.back() & ((1u << c[0]) - 1u)) != 0) {
        not_der(what, "BIT STRING padding bits", at);
      }
      break;
    case kNull:
      if (!c.empty()) not_der(what, "NULL with content", at);
      break;
    case kObjectIdentifier: {
      if (c.empty() || (c.back() & 0x80) != 0) not_der(what, "OBJECT IDENTIFIER", at);
      bool starts_subidentifier = true;
      for (std::uint8_t b : c) {
        if (starts_subidentifier && b == 0x80) not_der(what, "OBJECT IDENTIFIER padding", at);
        starts_subidentifier = (b & 0x80) == 0;
      }
      break;
    }
    default:
      break;
  }
}

// Checks the element at `pos` (within `der`) and everything nested in it; returns the offset
// after it.
std::size_t check_element(ByteView der, std::size_t pos, int depth, std::string_view what) {
  const std::size_t start = pos;
  if (depth > kMaxDepth) not_der(what, "nesting too deep", start);
  Header header;
  const Framing framing = read_header(der, pos, header);
  if (framing != Framing::ok) not_der(what, framing_words(framing), start);
  pos += header.header_length;
  const std::size_t end = pos + header.content_length;
  const std::uint8_t tag = header.tag;
  const bool constructed = (tag & 0x20) != 0;
  const bool universal = (tag & 0xc0) == 0;
  if (!constructed) {
    if (universal) check_primitive(tag, der.subspan(pos, header.content_length), what, start);
    return end;
  }
  if (universal && tag != kSequence && tag != kSet) not_der(what, "constructed string", start);
  const ByteView inner = der.first(end);
  ByteView previous;
  while (pos < end) {
    const std::size_t next = check_element(inner, pos, depth + 1, what);
    const ByteView child = inner.subspan(pos, next - pos);
    if (tag == kSet && !previous.empty() && !set_order_ok(previous, child)) {
      not_der(what, "unsorted SET OF", pos);
    }
    previous = child;
    pos = next;
  }
  return end;
}

}  // namespace

void check_canonical(ByteView der, std::string_view what) {
  if (check_element(der, 0, 0, what) != der.size()) not_der(what, "trailing bytes", 0);
}

}  // namespace ifa026::pki::der
