// Reading the serial number an rr PKIMessage asks to revoke (see revocation_target.hpp).
#include "actors/ca/revocation_target.hpp"

#include <cstddef>
#include <cstdint>

namespace ifa026::actors {
namespace {

struct Tlv {
  std::uint8_t tag = 0;
  pki::ByteView content;
};

// Reads one definite-length TLV (low tag numbers, at most 4 length octets) and advances `in`.
bool next_tlv(pki::ByteView& in, Tlv& out) {
  if (in.size() < 2) return false;
  out.tag = in[0];
  if ((out.tag & 0x1f) == 0x1f) return false;
  std::size_t length = in[1];
  std::size_t header = 2;
  if (length & 0x80) {
    const std::size_t octets = length & 0x7f;
    if (octets == 0 || octets > 4 || in.size() < 2 + octets) return false;
    length = 0;
    for (std::size_t i = 0; i < octets; ++i) length = (length << 8) | in[2 + i];
    header += octets;
  }
  if (in.size() - header < length) return false;
  out.content = in.subspan(header, length);
  in = in.subspan(header + length);
  return true;
}

// The content of the single element `outer` holds, when it carries `tag`.
bool only_child(pki::ByteView outer, std::uint8_t tag, Tlv& out) {
  return next_tlv(outer, out) && out.tag == tag;
}

std::string serial_text(pki::ByteView integer) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string hex;
  for (std::uint8_t b : integer) {
    hex += kHex[b >> 4];
    hex += kHex[b & 0x0f];
  }
  const auto first = hex.find_first_not_of('0');
  return first == std::string::npos ? "0" : hex.substr(first);
}

}  // namespace

std::optional<std::string> revocation_target_serial(pki::ByteView der) {
  constexpr std::uint8_t kSequence = 0x30;
  constexpr std::uint8_t kRrBody = 0xa0 | 11;       // PKIBody rr [11]
  constexpr std::uint8_t kSerialNumber = 0x80 | 1;  // CertTemplate serialNumber [1] IMPLICIT
  Tlv message;
  if (!next_tlv(der, message) || message.tag != kSequence) return std::nullopt;
  pki::ByteView fields = message.content;
  Tlv header, body, content, details, cert_template;
  if (!next_tlv(fields, header) || header.tag != kSequence) return std::nullopt;
  if (!next_tlv(fields, body) || body.tag != kRrBody) return std::nullopt;
  if (!only_child(body.content, kSequence, content)) return std::nullopt;           // RevReqContent
  if (!only_child(content.content, kSequence, details)) return std::nullopt;        // RevDetails
  if (!only_child(details.content, kSequence, cert_template)) return std::nullopt;  // certDetails
  pki::ByteView template_fields = cert_template.content;
  Tlv field;
  while (next_tlv(template_fields, field)) {
    if (field.tag == kSerialNumber) {
      if (field.content.empty() || (field.content[0] & 0x80)) return std::nullopt;  // negative
      return serial_text(field.content);
    }
  }
  return std::nullopt;
}

}  // namespace ifa026::actors
