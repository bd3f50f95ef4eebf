// Tests for pki/der (internal strict DER writer/reader): exact encodings, round trips, every
// rejection (non-minimal or indefinite lengths, wrong tags, bad values, trailing bytes), error
// messages with offsets, cross-checks against OpenSSL, mutated input; named bits, the framing
// result of read_header, the exception-free element walk and bounded UTF-8 text.
#include "pki/der.hpp"

#include <gtest/gtest.h>
#include <openssl/asn1.h>
#include <openssl/objects.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <memory>
#include <random>
#include <string>

#include "tests/support/test_support.hpp"

namespace ifa026::pki::der_test {
namespace {

using der::Reader;
using der::Writer;

Bytes hex(std::string_view text) {
  Bytes out;
  auto nibble = [](char c) {
    return static_cast<std::uint8_t>(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
  };
  for (std::size_t i = 0; i + 1 < text.size(); i += 2) {
    while (text[i] == ' ') ++i;
    out.push_back(static_cast<std::uint8_t>(nibble(text[i]) << 4 | nibble(text[i + 1])));
  }
  return out;
}

Bytes time_bytes(Instant instant) {
  return Writer().generalized_time(instant).take();
}

std::string time_text(Instant instant) {
  Bytes der = time_bytes(instant);
  return std::string(der.begin() + 2, der.end());
}

Bytes time_der(std::string_view text) {
  Bytes out(text.size() + 2);
  out[0] = der::kGeneralizedTime;
  out[1] = static_cast<std::uint8_t>(text.size());
  std::copy(text.begin(), text.end(), out.begin() + 2);
  return out;
}

// Runs `read` on `der` and returns the DecodeError message ("" when it did not throw).
template <typename Read>
std::string decode_error(const Bytes& der, Read read) {
  try {
    Reader reader(der);
    read(reader);
    reader.expect_end("input");
  } catch (const DecodeError& e) {
    return e.what();
  }
  return "";
}

TEST(DerTest, BooleanEncodingAndStrictness) {
  EXPECT_EQ(Writer().boolean(true).take(), hex("0101ff"));
  EXPECT_EQ(Writer().boolean(false).take(), hex("010100"));
  Bytes both = Writer().boolean(true).boolean(false).take();
  Reader reader(both);
  EXPECT_TRUE(reader.boolean("a"));
  EXPECT_FALSE(reader.boolean("b"));
  EXPECT_TRUE(reader.at_end());
  auto read = [](Reader& r) { r.boolean("flag"); };
  EXPECT_NE(decode_error(hex("010101"), read).find("0x00 or 0xff"), std::string::npos);
  EXPECT_NE(decode_error(hex("01020000"), read).find("one content octet"), std::string::npos);
  EXPECT_NE(decode_error(hex("0100"), read), "");
}

TEST(DerTest, IntegerEncodings) {
  const std::pair<std::int64_t, const char*> cases[] = {
      {0, "020100"},         {1, "020101"},
      {127, "02017f"},       {128, "02020080"},
      {255, "020200ff"},     {256, "02020100"},
      {65535, "020300ffff"}, {std::numeric_limits<std::int64_t>::max(), "02087fffffffffffffff"},
  };
  for (const auto& [value, encoding] : cases) {
    Bytes der = Writer().integer(value).take();
    EXPECT_EQ(der, hex(encoding)) << value;
    Reader reader(der);
    EXPECT_EQ(reader.integer("n"), value);
    EXPECT_TRUE(reader.at_end());
  }
  EXPECT_THROW(Writer().integer(-1), PkiError);
}

TEST(DerTest, IntegerRejections) {
  auto read = [](Reader& r) { r.integer("n"); };
  EXPECT_NE(decode_error(hex("0200"), read).find("empty"), std::string::npos);
  EXPECT_NE(decode_error(hex("02020001"), read).find("not minimally encoded"), std::string::npos);
  EXPECT_NE(decode_error(hex("0202ff80"), read).find("not minimally encoded"), std::string::npos);
  EXPECT_NE(decode_error(hex("020180"), read).find("negative"), std::string::npos);
  EXPECT_NE(decode_error(hex("0209008000000000000000"), read).find("too large"), std::string::npos);
  EXPECT_NE(decode_error(hex("02090100000000000000ff"), read).find("too large"), std::string::npos);
}

TEST(DerTest, OctetStringShortAndLongLengths) {
  for (std::size_t size : {0u, 1u, 127u, 128u, 255u, 256u, 300u, 70000u}) {
    Bytes content(size, 0x5a);
    Bytes der = Writer().octet_string(content).take();
    EXPECT_EQ(der[0], der::kOctetString);
    if (size < 128) {
      EXPECT_EQ(der.size(), size + 2);
    } else if (size < 256) {
      EXPECT_EQ(der[1], 0x81);
    } else if (size < 65536) {
      EXPECT_EQ(der[1], 0x82);
    } else {
      EXPECT_EQ(der[1], 0x83);
    }
    Reader reader(der);
    EXPECT_EQ(reader.octet_string("s"), content) << size;
    EXPECT_TRUE(reader.at_end());
  }
  EXPECT_EQ(Writer().octet_string(Bytes(300, 0)).take()[2], 0x01);
  EXPECT_EQ(Writer().octet_string(Bytes(300, 0)).take()[3], 0x2c);
}

TEST(DerTest, LengthRejections) {
  auto read = [](Reader& r) { r.octet_string("blob"); };
  EXPECT_NE(decode_error(hex("0480"), read).find("indefinite length"), std::string::npos);
  EXPECT_NE(decode_error(hex("04810500000000 00"), read).find("non-minimal length"),
            std::string::npos);
  Bytes leading_zero = hex("04820080");
  leading_zero.resize(4 + 128, 0);
  EXPECT_NE(decode_error(leading_zero, read).find("leading zero"), std::string::npos);
  EXPECT_NE(decode_error(hex("048501000000000000"), read).find("more than 4 octets"),
            std::string::npos);
  EXPECT_NE(decode_error(hex("040500"), read).find("runs past the end"), std::string::npos);
  EXPECT_NE(decode_error(hex("0482"), read).find("truncated length"), std::string::npos);
  EXPECT_NE(decode_error(hex("04"), read).find("truncated length"), std::string::npos);
  EXPECT_NE(decode_error(hex(""), read).find("end of data"), std::string::npos);
  // Trailing bytes after the last field.
  EXPECT_NE(decode_error(hex("040100 00"), read).find("after the last field of input"),
            std::string::npos);
}

TEST(DerTest, Utf8StringStrict) {
  const std::string text =
      "s\xc3\xa9"
      "curit\xc3\xa9 \xe2\x82\xac \xf0\x9f\x94\x92";
  Bytes der = Writer().utf8_string(text).take();
  Reader reader(der);
  EXPECT_EQ(reader.utf8_string("t"), text);
  auto read = [](Reader& r) { r.utf8_string("label"); };
  for (const char* bad : {"0c02c080",      // overlong '\0'
                          "0c03e08080",    // overlong
                          "0c03eda080",    // surrogate U+D800
                          "0c04f4908080",  // above U+10FFFF
                          "0c01ff",        // never valid
                          "0c01c3",        // truncated sequence
                          "0c0280c3"}) {   // stray continuation
    EXPECT_NE(decode_error(hex(bad), read).find("not UTF-8"), std::string::npos) << bad;
  }
  EXPECT_THROW(Writer().utf8_string("\xc0\x80"), PkiError);
  EXPECT_THROW(Writer().utf8_string("\xed\xa0\x80"), PkiError);
}

TEST(DerTest, ObjectIdentifierMatchesOpenSsl) {
  for (const char* oid :
       {"1.3.6.1.4.1.59999.26.1", "1.3.6.1.4.1.59999.26.2", "1.3.6.1.5.5.7.1.34", "2.5.29.17",
        "0.9.2342.19200300.100.1.25", "2.999.1", "1.2.840.113549.1.1.11"}) {
    Bytes ours = Writer().object_identifier(oid).take();
    std::unique_ptr<ASN1_OBJECT, decltype(&ASN1_OBJECT_free)> object(OBJ_txt2obj(oid, 1),
                                                                     ASN1_OBJECT_free);
    ASSERT_NE(object, nullptr) << oid;
    unsigned char* encoded = nullptr;
    int length = i2d_ASN1_OBJECT(object.get(), &encoded);
    ASSERT_GT(length, 0);
    Bytes theirs(encoded, encoded + length);
    OPENSSL_free(encoded);
    EXPECT_EQ(ours, theirs) << oid;
    Reader reader(ours);
    EXPECT_EQ(reader.object_identifier("oid"), oid);
  }
  EXPECT_EQ(Writer().object_identifier("1.3.6.1.4.1.59999.26.2").take(),
            hex("060a2b0601040183d45f1a02"));
  for (const char* bad : {"", "1", "3.1", "1.40", "1..2", "1.2.", ".1.2", "1.02", "1.x",
                          "1.2.99999999999999999999999"}) {
    EXPECT_THROW(Writer().object_identifier(bad), PkiError) << bad;
  }
}

TEST(DerTest, ObjectIdentifierRejections) {
  auto read = [](Reader& r) { r.object_identifier("oid"); };
  EXPECT_NE(decode_error(hex("0600"), read).find("empty"), std::string::npos);
  EXPECT_NE(decode_error(hex("06022b81"), read).find("ends inside"), std::string::npos);
  EXPECT_NE(decode_error(hex("06032b8001"), read).find("non-minimal"), std::string::npos);
  EXPECT_NE(decode_error(hex("060c2bffffffffffffffffffff7f"), read).find("too large"),
            std::string::npos);
  Bytes other = Writer().object_identifier("1.3.6.1.4.1.59999.26.3").take();
  std::string message = decode_error(other, [](Reader& r) {
    r.expect_object_identifier("1.3.6.1.4.1.59999.26.2", "contentType");
  });
  EXPECT_NE(message.find("expected OBJECT IDENTIFIER 1.3.6.1.4.1.59999.26.2 (contentType), "
                         "found 1.3.6.1.4.1.59999.26.3"),
            std::string::npos)
      << message;
}

TEST(DerTest, GeneralizedTimeFormatting) {
  EXPECT_EQ(time_text(Instant::from_seconds(0)), "19700101000000Z");
  EXPECT_EQ(time_text(Instant::from_seconds(1893456000)), "20300101000000Z");
  EXPECT_EQ(time_text(Instant::from_seconds(1709210096)), "20240229123456Z");
  EXPECT_EQ(time_text(Instant{1893456000LL * 1'000'000'000 + 500'000'000}), "20300101000000.5Z");
  EXPECT_EQ(time_text(Instant{1893456000LL * 1'000'000'000 + 1}), "20300101000000.000000001Z");
  EXPECT_EQ(time_text(Instant{1893456000LL * 1'000'000'000 + 120'000'000}), "20300101000000.12Z");
  EXPECT_EQ(time_text(Instant{-1}), "19691231235959.999999999Z");
  EXPECT_EQ(time_text(Instant::from_seconds(951782400)), "20000229000000Z");
  EXPECT_EQ(time_text(Instant{std::numeric_limits<std::int64_t>::max()}),
            "22620411234716.854775807Z");
  EXPECT_EQ(time_text(Instant{std::numeric_limits<std::int64_t>::min()}),
            "16770921001243.145224192Z");
}

TEST(DerTest, GeneralizedTimeRoundTrips) {
  std::mt19937_64 random(7);
  std::vector<Instant> instants = {Instant{0}, Instant{-1}, Instant{1},
                                   Instant{std::numeric_limits<std::int64_t>::max()},
                                   Instant{std::numeric_limits<std::int64_t>::min()}};
  for (int i = 0; i < 2000; ++i) instants.push_back(Instant{static_cast<std::int64_t>(random())});
  for (int i = 0; i < 2000; ++i) {
    instants.push_back(Instant::from_seconds(
        static_cast<std::int64_t>(random() % 8'000'000'000ULL) - 2'000'000'000));
  }
  for (Instant instant : instants) {
    Bytes der = time_bytes(instant);
    Reader reader(der);
    EXPECT_EQ(reader.generalized_time("t").unix_ns, instant.unix_ns) << time_text(instant);
  }
}

TEST(DerTest, GeneralizedTimeMatchesOpenSsl) {
  std::mt19937_64 random(11);
  for (int i = 0; i < 500; ++i) {
    std::int64_t seconds = static_cast<std::int64_t>(random() % 6'000'000'000ULL);
    std::unique_ptr<ASN1_GENERALIZEDTIME, decltype(&ASN1_GENERALIZEDTIME_free)> time(
        ASN1_GENERALIZEDTIME_set(nullptr, static_cast<time_t>(seconds)), ASN1_GENERALIZEDTIME_free);
    ASSERT_NE(time, nullptr);
    std::string theirs(reinterpret_cast<const char*>(ASN1_STRING_get0_data(time.get())),
                       static_cast<std::size_t>(ASN1_STRING_length(time.get())));
    EXPECT_EQ(time_text(Instant::from_seconds(seconds)), theirs) << seconds;
  }
}

TEST(DerTest, GeneralizedTimeRejections) {
  auto read = [](Reader& r) { r.generalized_time("when"); };
  const std::pair<const char*, const char*> cases[] = {
      {"20300101000000", "wrong length"},
      {"203001010000Z", "wrong length"},
      {"20300101000000.Z", "wrong length"},
      {"20300101000000z", "does not end in 'Z'"},
      {"20300101000000+0100", "no '.'"},
      {"20301301000000Z", "month out of range"},
      {"20300001000000Z", "month out of range"},
      {"20300230000000Z", "day out of range"},
      {"20230229000000Z", "day out of range"},
      {"21000229000000Z", "day out of range"},
      {"20300100000000Z", "day out of range"},
      {"20300101240000Z", "time of day out of range"},
      {"20300101006000Z", "time of day out of range"},
      {"20300101000060Z", "time of day out of range"},
      {"203001010000a0Z", "non-digit"},
      {"2030-101000000Z", "non-digit"},
      {"20300101000000.50Z", "trailing zero"},
      {"20300101000000.0Z", "trailing zero"},
      {"20300101000000,5Z", "no '.'"},
      {"20300101000000.1234567891Z", "wrong length"},
      {"99991231235959Z", "outside the representable range"},
      {"00010101000000Z", "outside the representable range"},
  };
  for (const auto& [text, why] : cases) {
    std::string message = decode_error(time_der(text), read);
    EXPECT_NE(message.find(why), std::string::npos) << text << ": " << message;
  }
  // A leap day that exists is fine.
  EXPECT_EQ(decode_error(time_der("20240229000000Z"), read), "");
  EXPECT_EQ(decode_error(time_der("20000229000000Z"), read), "");
}

TEST(DerTest, SequencesAndExplicitTagsNest) {
  Writer writer;
  writer.sequence([](Writer& w) {
    w.integer(1).explicit_tag(0, [](Writer& t) { t.octet_string(hex("0102")); });
    w.explicit_tag(3, [](Writer& t) { t.boolean(true); });
    w.sequence([](Writer&) {});
  });
  Bytes der = writer.take();
  EXPECT_EQ(der, hex("3010 020101 a004 04020102 a303 0101ff 3000"));
  Reader reader(der);
  Reader outer = reader.sequence("outer");
  EXPECT_EQ(outer.integer("version"), 1);
  Reader zero = outer.explicit_tag(0, "zero");
  EXPECT_EQ(zero.octet_string("blob"), hex("0102"));
  zero.expect_end("zero");
  EXPECT_TRUE(outer.next_is(der::context_tag(3)));
  Reader three = outer.explicit_tag(3, "three");
  EXPECT_TRUE(three.boolean("flag"));
  Reader empty = outer.sequence("empty");
  EXPECT_TRUE(empty.at_end());
  outer.expect_end("outer");
  reader.expect_end("input");
  EXPECT_THROW(Writer().explicit_tag(31, Writer()), PkiError);
}

TEST(DerTest, ErrorsNameTheFieldAndAbsoluteOffset) {
  // SEQUENCE { INTEGER 1, SEQUENCE { OCTET STRING } } read as if the inner held an INTEGER.
  Bytes der = hex("300a 020101 3005 0403616263");
  std::string message = decode_error(der, [](Reader& r) {
    Reader outer = r.sequence("Outer");
    outer.integer("Outer.version");
    Reader inner = outer.sequence("Outer.inner");
    inner.integer("Inner.count");
  });
  EXPECT_EQ(message, "DER: expected INTEGER (Inner.count), found OCTET STRING at offset 7");

  // An inner length that fits the input but not its enclosing SEQUENCE.
  message = decode_error(hex("3005 020101 0405 4142434445"), [](Reader& r) {
    Reader outer = r.sequence("Outer");
    outer.integer("Outer.version");
    outer.octet_string("Outer.blob");
  });
  EXPECT_NE(message.find("runs past the end"), std::string::npos) << message;

  message = decode_error(hex("3006 020101 020102"), [](Reader& r) {
    Reader outer = r.sequence("Outer");
    outer.integer("Outer.version");
    outer.expect_end("Outer");
  });
  EXPECT_NE(message.find("unexpected INTEGER after the last field of Outer at offset 5"),
            std::string::npos)
      << message;

  message = decode_error(hex("a1 03 020101"), [](Reader& r) { r.explicit_tag(0, "tagged"); });
  EXPECT_NE(message.find("expected [0] (tagged), found [1]"), std::string::npos) << message;
  message = decode_error(hex("1f 01 00"), [](Reader& r) { r.integer("n"); });
  EXPECT_NE(message.find("found tag 0x1f"), std::string::npos) << message;
  message = decode_error(hex("0101ff"), [](Reader& r) { r.raw(der::kSequence, "cert"); });
  EXPECT_NE(message.find("expected SEQUENCE (cert), found BOOLEAN"), std::string::npos) << message;
}

TEST(DerTest, RawCopiesOneElementExactly) {
  Bytes element = Writer().sequence([](Writer& w) { w.integer(5); }).take();
  Bytes der = Writer().raw(element).boolean(true).take();
  Reader reader(der);
  ByteView raw = reader.raw(der::kSequence, "element");
  EXPECT_EQ(Bytes(raw.begin(), raw.end()), element);
  EXPECT_TRUE(reader.boolean("flag"));
  Bytes trailing = element;
  trailing.push_back(0);
  EXPECT_THROW(Writer().raw(trailing), PkiError);
  EXPECT_THROW(Writer().raw(hex("3005")), PkiError);
  EXPECT_THROW(Writer().raw(hex("")), PkiError);
}

TEST(DerTest, NullAndBitStrings) {
  EXPECT_EQ(Writer().null().take(), hex("0500"));
  EXPECT_EQ(Writer().bit_string(hex("ab01")).take(), hex("030300ab01"));
  EXPECT_EQ(Writer().bit_string({}).take(), hex("030100"));
}

// Named bits as RFC 4210 PKIFailureInfo uses them: bit 0 is the first bit of the first octet,
// trailing zero bits dropped.
TEST(DerTest, NamedBitsEncodings) {
  EXPECT_EQ(Writer().named_bits(0).take(), hex("030100"));
  EXPECT_EQ(Writer().named_bits(1u << 0).take(), hex("03020780"));
  EXPECT_EQ(Writer().named_bits(1u << 2).take(), hex("03020520"));    // badRequest
  EXPECT_EQ(Writer().named_bits(1u << 9).take(), hex("0303060040"));  // badPOP
  EXPECT_EQ(Writer().named_bits(1u << 25).take(), hex("030506000000"  // systemFailure
                                                      "40"));
  EXPECT_EQ(Writer().named_bits((1u << 1) | (1u << 7)).take(), hex("03020041"));
  EXPECT_EQ(Writer().named_bits(0x80000000u).take(), hex("03050000000001"));
}

TEST(DerTest, NamedBitsMatchOpenSsl) {
  std::mt19937 random(26);
  for (int i = 0; i < 200; ++i) {
    const std::uint32_t bits = random() >> (random() % 32);
    std::unique_ptr<ASN1_BIT_STRING, decltype(&ASN1_BIT_STRING_free)> bit_string(
        ASN1_BIT_STRING_new(), ASN1_BIT_STRING_free);
    ASSERT_TRUE(bit_string);
    for (int n = 0; n < 32; ++n) {
      if ((bits & (1u << n)) != 0) {
        ASSERT_EQ(ASN1_BIT_STRING_set_bit(bit_string.get(), n, 1), 1);
      }
    }
    unsigned char* out = nullptr;
    const int length = i2d_ASN1_BIT_STRING(bit_string.get(), &out);
    ASSERT_GT(length, 0);
    const Bytes expected(out, out + length);
    OPENSSL_free(out);
    const Bytes ours = Writer().named_bits(bits).take();
    EXPECT_EQ(ours, expected) << bits;
    Reader reader(ours);
    EXPECT_EQ(reader.named_bits("bits"), bits);
    EXPECT_EQ(der::named_bits_of(ByteView(ours).subspan(2)), bits);
  }
}

TEST(DerTest, NamedBitsRejections) {
  auto read = [](Reader& r) { r.named_bits("failInfo"); };
  EXPECT_EQ(decode_error(hex("03020520"), read), "");
  EXPECT_NE(decode_error(hex("0300"), read).find("no unused-bits octet"), std::string::npos);
  EXPECT_NE(decode_error(hex("030108"), read).find("bad unused-bits count"), std::string::npos);
  EXPECT_NE(decode_error(hex("030101"), read).find("bad unused-bits count"), std::string::npos);
  EXPECT_NE(decode_error(hex("03020521"), read).find("padding bits set"), std::string::npos);
  EXPECT_NE(decode_error(hex("03020400"), read).find("trailing zero bits"), std::string::npos);
  EXPECT_NE(decode_error(hex("0306000000000001"), read).find("beyond 31"), std::string::npos);
  EXPECT_NE(decode_error(hex("0400"), read).find("expected BIT STRING (failInfo)"),
            std::string::npos);
}

TEST(DerTest, ElementWriterAndHeaderFraming) {
  // An [6] IMPLICIT SEQUENCE's contents given back the SEQUENCE tag.
  EXPECT_EQ(Writer().element(der::kSequence, hex("0500")).take(), hex("30020500"));
  EXPECT_THROW(Writer().element(0x1f, {}), PkiError);
  struct Case {
    const char* der;
    der::Framing framing;
  };
  const Case cases[] = {
      {"0400", der::Framing::ok},
      {"", der::Framing::end_of_data},
      {"1f00", der::Framing::high_tag_number},
      {"04", der::Framing::missing_length},
      {"0480", der::Framing::indefinite_length},
      {"048501000000000000", der::Framing::length_too_long},
      {"048201", der::Framing::truncated_length},
      {"0482000100", der::Framing::leading_zero_length},
      {"04810100", der::Framing::long_form_short_length},
      {"040200", der::Framing::past_end},
  };
  for (const Case& c : cases) {
    der::Header header;
    EXPECT_EQ(der::read_header(hex(c.der), 0, header), c.framing) << c.der;
  }
  der::Header header;
  Bytes long_form = hex("00 048181");
  long_form.resize(long_form.size() + 129, 7);
  ASSERT_EQ(der::read_header(long_form, 1, header), der::Framing::ok);
  EXPECT_EQ(header.tag, der::kOctetString);
  EXPECT_EQ(header.header_length, 3u);
  EXPECT_EQ(header.content_length, 129u);
}

TEST(DerTest, ElementWalk) {
  const Bytes der = hex("3008 0201ff 0a0105 a100 0500");
  EXPECT_FALSE(der::single_element(der).has_value());  // a NULL follows the SEQUENCE
  ByteView rest = der;
  const auto whole = der::next_element(rest);
  ASSERT_TRUE(whole);
  EXPECT_EQ(whole->tag, der::kSequence);
  EXPECT_EQ(whole->whole.size(), der.size() - 2);
  EXPECT_EQ(whole->content.size(), 8u);
  EXPECT_EQ(rest.size(), 2u);
  EXPECT_TRUE(der::single_element(rest).has_value());
  const auto parts = der::split_elements(whole->content);
  ASSERT_TRUE(parts);
  ASSERT_EQ(parts->size(), 3u);
  EXPECT_EQ(der::small_integer((*parts)[0]), -1);
  EXPECT_EQ(der::small_integer((*parts)[1]), 5);  // ENUMERATED
  EXPECT_FALSE(der::small_integer((*parts)[2]).has_value());
  EXPECT_EQ(der::find_element(*parts, der::context_tag(1)), &(*parts)[2]);
  EXPECT_EQ(der::find_element(*parts, der::kNull), nullptr);
  // Contents that do not split exactly, non-minimal framing, integers over four octets.
  EXPECT_FALSE(der::split_elements(hex("020100 02")).has_value());
  EXPECT_FALSE(der::split_elements(hex("04810100")).has_value());
  EXPECT_FALSE(der::single_element(hex("0400 00")).has_value());
  const Bytes big_der = hex("02050100000000");
  const auto big = der::single_element(big_der);
  ASSERT_TRUE(big);
  EXPECT_FALSE(der::small_integer(*big).has_value());
  const Bytes four_der = hex("020480000000");
  const auto four = der::single_element(four_der);
  ASSERT_TRUE(four);
  EXPECT_EQ(der::small_integer(*four), std::numeric_limits<std::int32_t>::min());
}

TEST(DerTest, Utf8TextIsCutAtCharacterBoundaries) {
  EXPECT_EQ(der::utf8_text("abc", 10), "abc");
  EXPECT_EQ(der::utf8_text("abcdef", 4), "abcd");
  // "é" is two octets: it is not split.
  EXPECT_EQ(der::utf8_text("abc\xc3\xa9", 4), "abc");
  EXPECT_EQ(der::utf8_text("abc\xc3\xa9", 5), "abc\xc3\xa9");
  // Octets that are not UTF-8 become '?'.
  EXPECT_EQ(der::utf8_text("a\xff\xc3(b", 10),
            "a?"
            "?(b");
  const std::string cut = der::utf8_text(std::string(511, 'x') + "\xe2\x82\xac", 512);
  EXPECT_EQ(cut, std::string(511, 'x'));
  EXPECT_NO_THROW(Writer().utf8_string(der::utf8_text("\x80\x80", 10)));
}

TEST(DerTest, FailAtNamesTheOffset) {
  try {
    der::fail_at(42, "tbs.nonce longer than 64 octets");
    FAIL() << "no exception";
  } catch (const DecodeError& e) {
    EXPECT_STREQ(e.what(), "DER: tbs.nonce longer than 64 octets at offset 42");
  }
}

TEST(DerTest, MutatedInputNeverCrashes) {
  Writer writer;
  writer.sequence([](Writer& w) {
    w.object_identifier("1.3.6.1.4.1.59999.26.2").integer(1).octet_string(Bytes(32, 0xab));
    w.sequence([](Writer& p) { p.boolean(true).boolean(false).utf8_string("fips140-3-l3"); });
    w.generalized_time(Instant{1893456000LL * 1'000'000'000 + 250'000'000});
    w.explicit_tag(0, [](Writer& t) { t.octet_string(Bytes(200, 0x11)); });
  });
  const Bytes original = writer.take();
  auto parse = [](ByteView der) {
    Reader input(der);
    Reader outer = input.sequence("S");
    input.expect_end("S");
    outer.expect_object_identifier("1.3.6.1.4.1.59999.26.2", "oid");
    outer.integer("v");
    outer.octet_string("digest");
    Reader p = outer.sequence("p");
    p.boolean("a");
    p.boolean("b");
    p.utf8_string("level");
    p.expect_end("p");
    outer.generalized_time("t");
    Reader t = outer.explicit_tag(0, "t0");
    t.octet_string("blob");
    t.expect_end("t0");
    outer.expect_end("S");
  };
  parse(original);
  std::mt19937 random(2604);
  int rejected = 0;
  for (int i = 0; i < 10000; ++i) {
    Bytes sample = test::mutate_bytes(original, random);
    try {
      parse(sample);
    } catch (const DecodeError&) {
      ++rejected;
    }
  }
  EXPECT_GT(rejected, 5000);
}

}  // namespace
}  // namespace ifa026::pki::der_test
