// The telemetry encodings (actors/common/telemetry_codec) and the sealed store
// (actors/common/telemetry_store): deflate round trip and refusal of what is not one zlib stream,
// records sealed under the key and bound to their labels, tamper and verify, the plaintext fault.
#include <gtest/gtest.h>

#include <string>

#include "actors/common/telemetry_codec.hpp"
#include "actors/common/telemetry_store.hpp"

namespace ifa026::actors::telemetry {
namespace {

pki::Bytes bytes_of(const std::string& text) {
  return pki::Bytes(text.begin(), text.end());
}

const std::string kRecord =
    R"({"marker":"ifa026-telemetry-record","metrics":{"cpu_pct":12.5,"mem_pct":40.1},)"
    R"("interfaces":[{"name":"eth0","rx_bytes":1},{"name":"eth1","rx_bytes":2}]})";

TEST(TelemetryCodec, DeflateRoundTripsAndIsSmaller) {
  const pki::Bytes raw = bytes_of(kRecord);
  const pki::Bytes packed = encode(kEncodingDeflate, raw);
  EXPECT_LT(packed.size(), raw.size());
  EXPECT_EQ(decode(kEncodingDeflate, packed), raw);
  EXPECT_EQ(decode(kEncodingIdentity, raw), raw);
  EXPECT_EQ(raw_digest(raw).size(), 64u);
}

TEST(TelemetryCodec, RefusesWhatIsNotOneCompleteStream) {
  pki::Bytes packed = deflate(bytes_of(kRecord));
  EXPECT_FALSE(inflate(bytes_of("not zlib")).has_value());
  pki::Bytes truncated(packed.begin(), packed.end() - 3);
  EXPECT_FALSE(inflate(truncated).has_value());
  pki::Bytes trailing = packed;
  trailing.push_back(0);
  EXPECT_FALSE(inflate(trailing).has_value());
  EXPECT_FALSE(decode("gzip", packed).has_value());
}

TEST(TelemetryCodec, RefusesABomb) {
  const pki::Bytes big(kMaxRawRecord + 10, 'a');
  EXPECT_FALSE(inflate(deflate(big)).has_value());
}

const pki::Bytes kKey = *parse_store_key(std::string(64, 'a'));

TEST(TelemetryStore, SealsUnderTheKeyAndFindsATamperedRecord) {
  TelemetryStore store("collector-1", kKey, false);
  const pki::Bytes raw = bytes_of(kRecord);
  for (std::uint64_t seq = 1; seq <= 3; ++seq)
    store.add("vnfci-1", seq, kEncodingIdentity, raw_digest(raw), raw.size(), raw);
  ASSERT_EQ(store.records().size(), 3u);
  pki::Bytes other = kKey;
  other[5] ^= 0x10;
  for (const auto& r : store.records()) {
    EXPECT_EQ(store.open(r, kKey), raw);
    EXPECT_FALSE(store.open(r, other).has_value());
    const std::string sealed(r.sealed.begin(), r.sealed.end());
    EXPECT_EQ(sealed.find("ifa026-telemetry-record"), std::string::npos);
  }
  EXPECT_NE(store.records()[0].nonce, store.records()[1].nonce);
  EXPECT_TRUE(store.verify().empty());
  std::uint64_t tampered = 0;
  ASSERT_TRUE(store.tamper(2, tampered));
  EXPECT_EQ(tampered, 2u);
  EXPECT_EQ(store.verify(), std::vector<std::uint64_t>{2});
  EXPECT_FALSE(store.tamper(9, tampered));
}

TEST(TelemetryStore, TheLabelsAreAuthenticated) {
  TelemetryStore store("collector-1", kKey, false);
  const pki::Bytes raw = bytes_of(kRecord);
  StoredRecord r = store.add("vnfci-1", 1, kEncodingIdentity, raw_digest(raw), raw.size(), raw);
  r.source = "vnfci-2";
  EXPECT_FALSE(store.open(r, kKey).has_value());
}

TEST(TelemetryStore, ThePlaintextFaultKeepsThePayloadAsItCame) {
  TelemetryStore store("collector-1", kKey, true);
  const pki::Bytes raw = bytes_of(kRecord);
  const auto& r = store.add("vnfci-1", 1, kEncodingIdentity, raw_digest(raw), raw.size(), raw);
  EXPECT_EQ(r.sealed, raw);
  EXPECT_FALSE(store.open(r, kKey).has_value());
}

TEST(TelemetryStore, KeyMustBe64HexDigits) {
  EXPECT_FALSE(parse_store_key("abcd").has_value());
  EXPECT_FALSE(parse_store_key(std::string(64, 'g')).has_value());
  EXPECT_TRUE(parse_store_key(std::string(64, '0')).has_value());
}

}  // namespace
}  // namespace ifa026::actors::telemetry
