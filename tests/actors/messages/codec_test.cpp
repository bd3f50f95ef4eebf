// The message codec itself (actors/messages/codec.hpp): every field type both ways, and decoding
// that fails with the field's JSON pointer instead of throwing.
#include "actors/messages/codec.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "actors/messages/ca1.hpp"
#include "actors/messages/cm_vnfm.hpp"
#include "actors/messages/cmf1.hpp"
#include "actors/messages/cmf_vnfci.hpp"
#include "actors/messages/operation_error.hpp"
#include "actors/messages/os_ma_nfvo.hpp"
#include "actors/messages/session_check.hpp"

namespace ifa026::actors::messages {
namespace {

using nlohmann::json;

// Every supported field type.
struct Leaf {
  std::string name;
  std::vector<pki::Bytes> chain;

  bool operator==(const Leaf&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("name", self.name);
    f("chain", self.chain);
  }
};

struct Everything {
  std::string text;
  bool flag = false;
  int small = 0;
  long long wide = 0;
  std::int64_t signed64 = 0;
  std::uint64_t unsigned64 = 0;
  pki::Bytes blob;
  std::vector<pki::Bytes> blobs;
  std::vector<std::string> names;
  std::map<std::string, std::string> labels;
  Leaf leaf;
  std::vector<Leaf> leaves;
  nlohmann::json opaque;
  std::optional<std::string> maybe_text;
  std::optional<std::uint64_t> maybe_number;
  std::optional<Leaf> maybe_leaf;

  bool operator==(const Everything&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("text", self.text);
    f("flag", self.flag);
    f("small", self.small);
    f("wide", self.wide);
    f("signed64", self.signed64);
    f("unsigned64", self.unsigned64);
    f("blob", self.blob);
    f("blobs", self.blobs);
    f("names", self.names);
    f("labels", self.labels);
    f("leaf", self.leaf);
    f("leaves", self.leaves);
    f("opaque", self.opaque);
    f("maybe_text", self.maybe_text);
    f("maybe_number", self.maybe_number);
    f("maybe_leaf", self.maybe_leaf);
  }
};

Everything sample() {
  Everything e;
  e.text = "text";
  e.flag = true;
  e.small = -7;
  e.wide = -(1LL << 40);
  e.signed64 = std::numeric_limits<std::int64_t>::min();
  e.unsigned64 = std::numeric_limits<std::uint64_t>::max();
  e.blob = {0x00, 0xff, 0x10};
  e.blobs = {{0x01}, {}, {0x02, 0x03}};
  e.names = {"a", "b"};
  e.labels = {{"x/y", "1"}, {"z~", "2"}};
  e.leaf = Leaf{"leaf", {{0x30, 0x00}}};
  e.leaves = {Leaf{"one", {}}, Leaf{"two", {{0x05}}}};
  e.opaque = json{{"free", {1, "form", nullptr}}};
  e.maybe_number = 42;
  return e;
}

TEST(MessageCodec, EveryFieldTypeRoundTripsThroughCbor) {
  const Everything e = sample();
  const json body = to_body(e);
  EXPECT_TRUE(body["blob"].is_binary());
  EXPECT_TRUE(body["blobs"][1].is_binary());
  EXPECT_TRUE(body["leaf"]["chain"][0].is_binary());
  EXPECT_TRUE(body["flag"].is_boolean());
  EXPECT_TRUE(body["unsigned64"].is_number_unsigned());
  EXPECT_EQ(body["labels"]["x/y"], "1");
  // Empty optionals leave no key.
  EXPECT_FALSE(body.contains("maybe_text"));
  EXPECT_FALSE(body.contains("maybe_leaf"));
  EXPECT_EQ(body["maybe_number"], 42);
  const json wire = json::from_cbor(json::to_cbor(body));
  auto decoded = from_body<Everything>(wire);
  ASSERT_TRUE(decoded.ok()) << decoded.failure().text();
  EXPECT_TRUE(*decoded == e);
}

TEST(MessageCodec, UnknownKeysAreIgnoredAndNullIsAnAbsentOptional) {
  json body = to_body(sample());
  body["added_by_a_newer_sender"] = {1, 2, 3};
  body["maybe_text"] = nullptr;
  auto decoded = from_body<Everything>(body);
  ASSERT_TRUE(decoded.ok()) << decoded.failure().text();
  EXPECT_FALSE(decoded->maybe_text.has_value());
  EXPECT_TRUE(*decoded == sample());
}

// The failure `from_body<M>(body)` reports.
template <class M>
DecodeFailure failure_of(const json& body) {
  auto decoded = from_body<M>(body);
  EXPECT_FALSE(decoded.ok());
  return decoded.ok() ? DecodeFailure{} : decoded.failure();
}

TEST(MessageCodec, MissingRequiredFieldNamesIt) {
  const json body = {{"kind", "nfvo"}, {"fqdn", "nfvo.example.net"}};
  const DecodeFailure failure = failure_of<RegisterEntityRequest>(body);
  EXPECT_EQ(failure, (DecodeFailure{"/entity", "missing"}));
  EXPECT_EQ(failure.text(), "/entity: missing");
}

TEST(MessageCodec, WrongTypeNamesTheField) {
  json body = to_body(CertificateSigningRequest{{0x30}, "enrolment", std::nullopt});
  body["csr"] = "MIIB...";  // base64 text instead of a byte string
  EXPECT_EQ(failure_of<CertificateSigningRequest>(body),
            (DecodeFailure{"/csr", "expected a byte string"}));
  body = to_body(CertificateSigningRequest{{0x30}, "enrolment", std::nullopt});
  body["purpose"] = 1;
  EXPECT_EQ(failure_of<CertificateSigningRequest>(body),
            (DecodeFailure{"/purpose", "expected a string"}));
  // An optional field present with the wrong type fails too.
  body = to_body(CertificateSigningRequest{{0x30}, "enrolment", std::nullopt});
  body["credential"] = "secret";
  EXPECT_EQ(failure_of<CertificateSigningRequest>(body),
            (DecodeFailure{"/credential", "expected a map"}));
}

TEST(MessageCodec, WrongElementTypeInAListNamesTheElement) {
  json body = to_body(CertificateSigningResponse{"issued", "", pki::Bytes{0x30}, {}});
  json chain = json::array();
  chain.push_back(json::binary({0x30, 0x01}));
  chain.push_back(json::binary({0x30, 0x02}));
  chain.push_back("not DER");
  body["chain"] = chain;
  const DecodeFailure failure = failure_of<CertificateSigningResponse>(body);
  EXPECT_EQ(failure, (DecodeFailure{"/chain/2", "expected a byte string"}));
  EXPECT_EQ(failure.text(), "/chain/2: expected a byte string");
  body["chain"] = json::binary({0x30});
  EXPECT_EQ(failure_of<CertificateSigningResponse>(body),
            (DecodeFailure{"/chain", "expected a list"}));
}

TEST(MessageCodec, NestedFailurePointsIntoTheNestedStruct) {
  VnfciCertificateConfiguration m;
  m.vnf = "vnf-1";
  m.vnfci = "vnf-1-a-1";
  m.cmf = "cmf-1";
  m.flow = "C.2.1.1";
  m.identities.resize(2);
  json body = to_body(m);
  body["identities"][1]["secret"] = "text secret";
  EXPECT_EQ(failure_of<VnfciCertificateConfiguration>(body),
            (DecodeFailure{"/identities/1/secret", "expected a byte string"}));
  body = to_body(m);
  body["identities"][0].erase("trust_anchor");
  EXPECT_EQ(failure_of<VnfciCertificateConfiguration>(body),
            (DecodeFailure{"/identities/0/trust_anchor", "missing"}));
  body = to_body(m);
  body["hsm"] = {{"name", "hsm-1"}};
  EXPECT_EQ(failure_of<VnfciCertificateConfiguration>(body),
            (DecodeFailure{"/hsm/vendor_root", "missing"}));
  // Deeper: a notification's entry, its identities, one dNSName.
  VnfLcmOperationOccurrenceNotification n;
  n.affected_vnfcs = {
      VnfciEntry{"v",
                 "c",
                 "ADDED",
                 std::vector<VnfciIdentityDescription>{{"client", "client", "CN=x", {"x"}}},
                 {}}};
  json notification = to_body(n);
  notification["affected_vnfcs"][0]["identities"][0]["dns"][0] = 5;
  EXPECT_EQ(failure_of<VnfLcmOperationOccurrenceNotification>(notification),
            (DecodeFailure{"/affected_vnfcs/0/identities/0/dns/0", "expected a string"}));
}

TEST(MessageCodec, MapKeysAreEscapedInPointers) {
  SetCertificateConfiguration m;
  json body = to_body(m);
  body["kinds"] = {{"nfvo-1", "nfvo"}, {"a/b~c", 3}};
  EXPECT_EQ(failure_of<SetCertificateConfiguration>(body),
            (DecodeFailure{"/kinds/a~1b~0c", "expected a string"}));
}

TEST(MessageCodec, IntegersMustBeIntegersInRange) {
  json body = to_body(CmpMessage{5, {0x30}});
  body["exchange"] = 5.0;
  EXPECT_EQ(failure_of<CmpMessage>(body), (DecodeFailure{"/exchange", "expected an integer"}));
  body["exchange"] = -1;
  EXPECT_EQ(failure_of<CmpMessage>(body),
            (DecodeFailure{"/exchange", "expected a non-negative integer"}));
  body["exchange"] = true;
  EXPECT_EQ(failure_of<CmpMessage>(body), (DecodeFailure{"/exchange", "expected an integer"}));

  json e = to_body(sample());
  e["small"] = std::int64_t{1} << 40;
  EXPECT_EQ(failure_of<Everything>(e), (DecodeFailure{"/small", "integer out of range"}));
  e = to_body(sample());
  e["signed64"] = std::numeric_limits<std::uint64_t>::max();
  EXPECT_EQ(failure_of<Everything>(e), (DecodeFailure{"/signed64", "integer out of range"}));
  e = to_body(sample());
  e["small"] = -5;  // a negative number where a signed one is expected is fine
  auto decoded = from_body<Everything>(e);
  ASSERT_TRUE(decoded.ok()) << decoded.failure().text();
  EXPECT_EQ(decoded->small, -5);
}

TEST(MessageCodec, ABodyThatIsNotAMapFailsAtTheRoot) {
  for (const json& body :
       {json(nullptr), json::array({1}), json("text"), json(3), json::binary({0x01})}) {
    auto decoded = from_body<CertificateRemoved>(body);
    ASSERT_FALSE(decoded.ok());
    EXPECT_EQ(decoded.failure(), (DecodeFailure{"", "expected a map"}));
    EXPECT_EQ(decoded.failure().text(), "expected a map");
  }
}

TEST(MessageCodec, EnvelopeWithAnotherOperationIsAFailure) {
  const Envelope envelope = to_envelope(SessionCheckRequest{{0x01, 0x02}}, "C.2.1.3#6");
  EXPECT_EQ(envelope.operation, "SessionCheckRequest");
  EXPECT_EQ(envelope.step, "C.2.1.3#6");
  auto wrong = from_envelope<SessionCheckResponse>(envelope);
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(
      wrong.failure(),
      (DecodeFailure{"", "operation \"SessionCheckRequest\", expected \"SessionCheckResponse\""}));
  auto right = from_envelope<SessionCheckRequest>(envelope);
  ASSERT_TRUE(right.ok()) << right.failure().text();
  EXPECT_EQ(right->nonce, (pki::Bytes{0x01, 0x02}));

  // Families: the operation must be one of theirs.
  const Envelope cmp = to_envelope("ip", CmpMessage{1, {0x30}}, "C.2.1.1#7");
  EXPECT_TRUE(from_envelope<CmpMessage>(cmp).ok());
  Envelope renamed = cmp;
  renamed.operation = "RegisterEndEntityResponse";
  auto not_cmp = from_envelope<CmpMessage>(renamed);
  ASSERT_FALSE(not_cmp.ok());
  EXPECT_EQ(not_cmp.failure().pointer, "");
  EXPECT_EQ(not_cmp.failure().reason,
            "operation \"RegisterEndEntityResponse\" is not one of this body's");
  EXPECT_FALSE(from_envelope<OperationError>(renamed).ok());
}

TEST(MessageCodec, HostileBodiesFailWithoutThrowing) {
  // Deep nesting where a list of byte strings is expected, huge numbers, keys of every kind.
  json deep = json::array();
  for (int i = 0; i < 200; ++i) deep = json::array({deep});
  const std::vector<json> bodies = {
      json{{"status", "issued"}, {"reason", ""}, {"chain", deep}},
      json{{"status", "issued"}, {"reason", ""}, {"certificate", deep}},
      json{{"status", 1e308}, {"reason", ""}},
      json{{"", ""}, {"status", "x"}},
  };
  for (const json& body : bodies) {
    Decoded<CertificateSigningResponse> decoded = DecodeFailure{};
    EXPECT_NO_THROW(decoded = from_body<CertificateSigningResponse>(body));
    EXPECT_FALSE(decoded.ok());
  }
  EXPECT_EQ(failure_of<CertificateSigningResponse>(bodies[0]),
            (DecodeFailure{"/chain/0", "expected a byte string"}));
}

TEST(MessageCodec, EncodedSizeIsTheEnvelopeOnTheWire) {
  const CertificateRemoved m{"1A2B", "keyCompromise"};
  EXPECT_EQ(encoded_size(m), encode_envelope(to_envelope(m)).size());
  EXPECT_EQ(encoded_size(m, "C.4.1.1#9"), encode_envelope(to_envelope(m, "C.4.1.1#9")).size());
  EXPECT_GT(encoded_size(m, "C.4.1.1#9"), encoded_size(m));
}

}  // namespace
}  // namespace ifa026::actors::messages
