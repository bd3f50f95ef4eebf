// Internal to pki/: the one DER writer and reader of pki/. It writes and strictly reads the
// project's own signed structures (key attestation, attestation evidence and results) and the CMP
// messages OpenSSL 3.0 cannot build or read itself (the CA's signed error message, header fields
// and certificate-template fields without getters). Definite minimal lengths only, low tag
// numbers only, no trailing bytes; every Reader error is a DecodeError naming what was expected
// and at which byte offset. The element walk at the end reads a few fields out of structures
// whose full decoding is OpenSSL's, without exceptions. (The canonical-DER check of any encoding
// is pki/der_check.)
#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <optional>
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
inline constexpr std::uint8_t kBitString = 0x03;
inline constexpr std::uint8_t kOctetString = 0x04;
inline constexpr std::uint8_t kNull = 0x05;
inline constexpr std::uint8_t kObjectIdentifier = 0x06;
inline constexpr std::uint8_t kEnumerated = 0x0a;
inline constexpr std::uint8_t kUtf8String = 0x0c;
inline constexpr std::uint8_t kGeneralizedTime = 0x18;
inline constexpr std::uint8_t kSequence = 0x30;  // constructed
// [n] EXPLICIT: context-specific, constructed; n in 0..30.
constexpr std::uint8_t context_tag(unsigned n) {
  return static_cast<std::uint8_t>(0xa0 | n);
}

// The framing of one element (X.690 tag and length octets), as read_header finds it.
struct Header {
  std::uint8_t tag = 0;
  std::size_t header_length = 0;   // tag and length octets
  std::size_t content_length = 0;  // contents octets
};
// Why an element's framing is not DER: what read_header checks, in the order it checks it.
enum class Framing {
  ok,
  end_of_data,             // no tag octet
  high_tag_number,         // tag number above 30 (not supported here)
  missing_length,          // no length octet after the tag
  indefinite_length,       // 0x80 (BER only)
  length_too_long,         // more than 4 length octets
  truncated_length,        // fewer length octets than announced
  leading_zero_length,     // long form starting with a zero octet (not minimal)
  long_form_short_length,  // long form for a length below 128 (not minimal)
  past_end,                // contents run past the end of the data
};
// Reads the header of the element at `position` in `data` (contents included in `data`).
Framing read_header(ByteView data, std::size_t position, Header& header);

// Appends elements in order. Writing a value that has no DER form here (negative INTEGER, bad
// UTF-8, bad OID text, tag number > 30) throws PkiError.
class Writer {
 public:
  Writer& boolean(bool value);
  Writer& integer(std::int64_t value);  // non-negative only
  Writer& null();
  // A BIT STRING of whole octets (no unused bits), e.g. a signature.
  Writer& bit_string(ByteView octets);
  // A named-bit BIT STRING (RFC 4210 PKIFailureInfo, X.509 KeyUsage): bit n of `bits` is named
  // bit n, the first bit of the first octet being bit 0; trailing zero bits are dropped (X.690
  // §11.2.2), so no bits give an empty BIT STRING.
  Writer& named_bits(std::uint32_t bits);
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
  // Any element from its tag and already encoded contents, e.g. an [n] IMPLICIT field given back
  // the universal tag of the type it stands for. A high-tag-number tag throws PkiError.
  Writer& element(std::uint8_t tag, ByteView content);
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
  // A named-bit BIT STRING (see Writer::named_bits) of bits 0..31; padding bits must be zero.
  std::uint32_t named_bits(std::string_view what);
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

// Throws DecodeError "DER: <message> at offset <offset>", as Reader does (for a check a caller
// makes on a value Reader returned, at the offset it noted before reading it).
[[noreturn]] void fail_at(std::size_t offset, std::string_view message);

// Human name of a tag for error messages ("INTEGER", "SEQUENCE", "[0]", "tag 0x13").
std::string tag_name(std::uint8_t tag);

// `text` cut to at most `limit` octets without splitting a UTF-8 sequence, and with every octet
// that is not part of valid UTF-8 replaced by '?': what a UTF8String of bounded size can carry
// (a free-text field echoing a reason, for example).
std::string utf8_text(std::string_view text, std::size_t limit);

// ---- Walking elements without exceptions -----------------------------------------------------
// For a few fields read out of a structure that OpenSSL decodes (or has just encoded) in full:
// the same strict framing as Reader (minimal definite lengths, low tag numbers), but any framing
// error gives nullopt/false instead of an exception, so the caller decides what an unexpected
// shape means. Nothing is checked beyond the framing.

// One element as it stands in its input.
struct Element {
  std::uint8_t tag = 0;
  ByteView content;  // the contents octets
  ByteView whole;    // tag, length and contents
};

// The element at the start of `data`, advancing `data` past it.
std::optional<Element> next_element(ByteView& data);
// The element that is all of `data` (nothing before or after it).
std::optional<Element> single_element(ByteView data);
// The elements that `content` consists of, in order; nullopt unless they fill it exactly.
std::optional<std::vector<Element>> split_elements(ByteView content);
// The first of `elements` carrying `tag`, or nullptr.
const Element* find_element(const std::vector<Element>& elements, std::uint8_t tag);
// The value of an INTEGER or ENUMERATED of at most four content octets (two's complement, not
// checked for minimality); nullopt for any other element.
std::optional<std::int32_t> small_integer(const Element& element);
// Named bits 0..31 of a BIT STRING's contents (see Writer::named_bits); bits beyond 31 and the
// unused-bits count are ignored. 0 for empty contents.
std::uint32_t named_bits_of(ByteView bit_string_content);

}  // namespace ifa026::pki::der
