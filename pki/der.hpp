// Internal to pki/: a small strict DER writer and reader for the project's own signed structures
// (key attestation, attestation evidence and results). Definite minimal lengths only, low tag
// numbers only, no trailing bytes; every read error is a DecodeError naming what was expected and
// at which byte offset.
#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pki/bytes.hpp"
#include "pki/certificate.hpp"
#include "pki/key.hpp"

namespace ifa026::pki::der {

// Universal tags used here (all in the low-tag-number form).
inline constexpr std::uint8_t kBoolean = 0x01;
inline constexpr std::uint8_t kInteger = 0x02;
inline constexpr std::uint8_t kOctetString = 0x04;
inline constexpr std::uint8_t kObjectIdentifier = 0x06;
inline constexpr std::uint8_t kUtf8String = 0x0c;
inline constexpr std::uint8_t kGeneralizedTime = 0x18;
inline constexpr std::uint8_t kSequence = 0x30;  // constructed
// [n] EXPLICIT: context-specific, constructed; n in 0..30.
constexpr std::uint8_t context_tag(unsigned n) {
  return static_cast<std::uint8_t>(0xa0 | n);
}

// Appends elements in order. Writing a value that has no DER form here (negative INTEGER, bad
// UTF-8, bad OID text, tag number > 30) throws PkiError.
class Writer {
 public:
  Writer& boolean(bool value);
  Writer& integer(std::int64_t value);  // non-negative only
  Writer& octet_string(ByteView value);
  Writer& utf8_string(std::string_view value);
  Writer& object_identifier(std::string_view dotted);  // "1.3.6.1.4.1.59999.26.2"
  // YYYYMMDDHHMMSS[.f]Z, UTC, the fraction without trailing zeros (omitted when whole).
  Writer& generalized_time(Instant value);
  // A complete, already encoded element (e.g. a Certificate or SubjectPublicKeyInfo), copied
  // as is; it is checked to be exactly one well-formed TLV.
  Writer& raw(ByteView element);
  // SEQUENCE / [n] EXPLICIT around everything `content` wrote.
  Writer& sequence(const Writer& content);
  Writer& explicit_tag(unsigned n, const Writer& content);
  template <std::invocable<Writer&> Build>
  Writer& sequence(Build&& build) {
    Writer content;
    build(content);
    return sequence(content);
  }
  template <std::invocable<Writer&> Build>
  Writer& explicit_tag(unsigned n, Build&& build) {
    Writer content;
    build(content);
    return explicit_tag(n, content);
  }

  const Bytes& bytes() const { return out_; }
  Bytes take() { return std::move(out_); }

 private:
  void element(std::uint8_t tag, ByteView content);
  Bytes out_;
};

// Reads elements in order from a span. Every getter takes `what` (the field being read, e.g.
// "KeyAttestationStatement.version") for the error message: "DER: expected INTEGER
// (KeyAttestationStatement.version) at offset 12: found tag 0x04". Offsets are counted from the
// start of the outermost input.
class Reader {
 public:
  explicit Reader(ByteView data, std::size_t base_offset = 0) : data_(data), base_(base_offset) {}

  bool boolean(std::string_view what);
  std::int64_t integer(std::string_view what);  // non-negative, fits int64
  Bytes octet_string(std::string_view what);
  std::string utf8_string(std::string_view what);
  std::string object_identifier(std::string_view what);  // dotted text
  void expect_object_identifier(std::string_view dotted, std::string_view what);
  Instant generalized_time(std::string_view what);
  // The whole TLV of the next element, which must carry `tag`.
  ByteView raw(std::uint8_t tag, std::string_view what);
  // A reader over the contents of the next SEQUENCE / [n] EXPLICIT element.
  Reader sequence(std::string_view what);
  Reader explicit_tag(unsigned n, std::string_view what);

  bool at_end() const { return position_ == data_.size(); }
  // Whether the next element carries `tag` (false at the end).
  bool next_is(std::uint8_t tag) const;
  // Throws unless every byte was read ("unexpected trailing bytes after `what`").
  void expect_end(std::string_view what) const;
  std::size_t offset() const { return base_ + position_; }

  [[noreturn]] void fail(std::string_view message) const;

 private:
  struct Element {
    std::size_t start;          // position of the tag
    std::size_t content_start;  // position of the first content byte
    std::size_t content_length;
  };
  // Reads the next header, checks tag and length, advances past the element.
  Element next(std::uint8_t tag, std::string_view type, std::string_view what);
  [[noreturn]] void fail_at(std::size_t position, std::string_view message) const;

  ByteView data_;
  std::size_t base_;
  std::size_t position_ = 0;
};

// Embedded pki/ objects, read through their own strict decoders (a failure there becomes a
// DecodeError naming `what` and the offset).
Certificate read_certificate(Reader& reader, std::string_view what);
// SEQUENCE SIZE (min_count..max_count) OF Certificate.
std::vector<Certificate> read_certificates(Reader& reader, std::string_view what,
                                           std::size_t min_count, std::size_t max_count);
void write_certificates(Writer& writer, const std::vector<Certificate>& certificates);
// A SubjectPublicKeyInfo element, returned as its DER after checking that it decodes.
Bytes read_public_key(Reader& reader, std::string_view what);

// Human name of a tag for error messages ("INTEGER", "SEQUENCE", "[0]", "tag 0x13").
std::string tag_name(std::uint8_t tag);

}  // namespace ifa026::pki::der
