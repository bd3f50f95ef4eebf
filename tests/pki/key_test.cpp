// Tests for pki/key: generation, signing, DER/PEM codecs, encrypted PKCS#8, key identifiers.
#include "pki/key.hpp"

#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <unistd.h>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "pki/certificate_authority.hpp"
#include "tests/pki/pki_test_support.hpp"
#include "tests/support/test_support.hpp"

namespace ifa026::pki::key_test {
namespace {

constexpr std::array kAllTypes = {KeyType::ec_p256, KeyType::ec_p384, KeyType::rsa2048,
                                  KeyType::rsa3072, KeyType::ed25519};

const PrivateKey& cached_key(KeyType type) {
  // RSA-3072 generation is slow; generate each type once per process.
  static std::array<std::optional<PrivateKey>, 5> keys;
  auto& slot = keys[static_cast<std::size_t>(type)];
  if (!slot) slot = PrivateKey::generate(type);
  return *slot;
}

// Minimal DER reader for the test: returns {header length, content length} of the TLV at `p`.
std::pair<std::size_t, std::size_t> tlv(const Bytes& der, std::size_t p) {
  std::size_t len = der.at(p + 1);
  std::size_t header = 2;
  if (len & 0x80) {
    std::size_t n = len & 0x7f;
    len = 0;
    for (std::size_t i = 0; i < n; ++i) len = (len << 8) | der.at(p + 2 + i);
    header += n;
  }
  return {header, len};
}

// SHA-1 over the subjectPublicKey BIT STRING contents, found by walking the SPKI DER by hand.
Bytes independent_key_identifier(const Bytes& spki) {
  EXPECT_EQ(spki.at(0), 0x30);
  auto [outer_header, outer_len] = tlv(spki, 0);
  std::size_t p = outer_header;
  EXPECT_EQ(spki.at(p), 0x30);  // AlgorithmIdentifier
  auto [alg_header, alg_len] = tlv(spki, p);
  p += alg_header + alg_len;
  EXPECT_EQ(spki.at(p), 0x03);  // BIT STRING
  auto [bits_header, bits_len] = tlv(spki, p);
  EXPECT_EQ(spki.at(p + bits_header), 0x00);  // no unused bits
  const std::uint8_t* key_bytes = spki.data() + p + bits_header + 1;
  Bytes digest(20);
  unsigned int n = 0;
  EXPECT_EQ(EVP_Digest(key_bytes, bits_len - 1, digest.data(), &n, EVP_sha1(), nullptr), 1);
  return digest;
}

struct TempDir : test::TempDir {
  TempDir() : test::TempDir("pki-key") {}
};

std::string run(const std::string& command, int* status = nullptr) {
  return test::run_shell(command, status);
}

using test::write_file;

class KeyTypeTest : public ::testing::TestWithParam<KeyType> {};

TEST_P(KeyTypeTest, GeneratesWithTheRequestedType) {
  const PrivateKey& key = cached_key(GetParam());
  EXPECT_EQ(key.type(), GetParam());
  EXPECT_EQ(key.public_key().type(), GetParam());
}

TEST_P(KeyTypeTest, SignsAndVerifies) {
  const PrivateKey& key = cached_key(GetParam());
  Bytes data = bytes_of("the quick brown fox");
  Bytes signature = key.sign(data);
  EXPECT_FALSE(signature.empty());
  PublicKey pub = key.public_key();
  EXPECT_TRUE(pub.verify(data, signature));
  EXPECT_FALSE(pub.verify(bytes_of("the quick brown fix"), signature));
  EXPECT_FALSE(pub.verify(data, {}));
  EXPECT_TRUE(pub.verify({}, key.sign({})));
}

TEST_P(KeyTypeTest, RejectsTamperedSignature) {
  const PrivateKey& key = cached_key(GetParam());
  Bytes data = bytes_of("payload");
  Bytes signature = key.sign(data);
  for (std::size_t i : {std::size_t{0}, signature.size() / 2, signature.size() - 1}) {
    Bytes tampered = signature;
    tampered[i] ^= 0x01;
    EXPECT_FALSE(key.public_key().verify(data, tampered)) << "byte " << i;
  }
  Bytes truncated(signature.begin(), signature.end() - 1);
  EXPECT_FALSE(key.public_key().verify(data, truncated));
}

TEST_P(KeyTypeTest, SignatureFromAnotherKeyDoesNotVerify) {
  PrivateKey other = GetParam() == KeyType::rsa3072 ? cached_key(KeyType::rsa2048)
                                                    : PrivateKey::generate(GetParam());
  Bytes data = bytes_of("payload");
  EXPECT_FALSE(cached_key(GetParam()).public_key().verify(data, other.sign(data)));
  EXPECT_FALSE(cached_key(GetParam()).public_key() == other.public_key());
}

TEST_P(KeyTypeTest, PrivateDerRoundTrip) {
  const PrivateKey& key = cached_key(GetParam());
  Bytes der = key.to_der();
  PrivateKey back = PrivateKey::from_der(der);
  EXPECT_EQ(back.type(), GetParam());
  EXPECT_EQ(back.to_der(), der);
  EXPECT_TRUE(back.public_key() == key.public_key());
  Bytes data = bytes_of("round trip");
  EXPECT_TRUE(key.public_key().verify(data, back.sign(data)));
}

TEST_P(KeyTypeTest, PrivateDerIsPkcs8) {
  Bytes der = cached_key(GetParam()).to_der();
  // PrivateKeyInfo ::= SEQUENCE { version INTEGER (0), AlgorithmIdentifier, OCTET STRING ... }
  ASSERT_GT(der.size(), 8u);
  EXPECT_EQ(der[0], 0x30);
  auto [header, len] = tlv(der, 0);
  EXPECT_EQ(header + len, der.size());
  EXPECT_EQ(der[header], 0x02);
  EXPECT_EQ(der[header + 1], 0x01);
  EXPECT_EQ(der[header + 2], 0x00);
  EXPECT_EQ(der[header + 3], 0x30);
}

TEST_P(KeyTypeTest, PrivatePemRoundTrip) {
  const PrivateKey& key = cached_key(GetParam());
  std::string pem = key.to_pem();
  EXPECT_NE(pem.find("-----BEGIN PRIVATE KEY-----"), std::string::npos);
  PrivateKey back = PrivateKey::from_pem(pem);
  EXPECT_EQ(back.to_der(), key.to_der());
}

TEST_P(KeyTypeTest, EncryptedPemRoundTrip) {
  const PrivateKey& key = cached_key(GetParam());
  std::string pem = key.to_encrypted_pem("correct horse battery staple");
  EXPECT_NE(pem.find("-----BEGIN ENCRYPTED PRIVATE KEY-----"), std::string::npos);
  PrivateKey back = PrivateKey::from_pem(pem, "correct horse battery staple");
  EXPECT_EQ(back.to_der(), key.to_der());
  EXPECT_THROW(PrivateKey::from_pem(pem, "wrong passphrase"), DecodeError);
  EXPECT_THROW(PrivateKey::from_pem(pem), DecodeError);
}

TEST_P(KeyTypeTest, PublicDerAndPemRoundTrip) {
  PublicKey pub = cached_key(GetParam()).public_key();
  Bytes der = pub.to_der();
  PublicKey back = PublicKey::from_der(der);
  EXPECT_TRUE(back == pub);
  EXPECT_EQ(back.to_der(), der);
  EXPECT_EQ(back.type(), GetParam());
  EXPECT_NE(pub.to_pem().find("-----BEGIN PUBLIC KEY-----"), std::string::npos);
  EXPECT_EQ(pub.spki_sha256(), sha256(der));
}

TEST_P(KeyTypeTest, KeyIdentifierIsSha1OfTheBitString) {
  PublicKey pub = cached_key(GetParam()).public_key();
  Bytes kid = pub.key_identifier();
  EXPECT_EQ(kid.size(), 20u);
  EXPECT_EQ(kid, independent_key_identifier(pub.to_der()));
}

INSTANTIATE_TEST_SUITE_P(AllKeyTypes, KeyTypeTest, ::testing::ValuesIn(kAllTypes),
                         [](const auto& info) {
                           std::string name(to_string(info.param));
                           for (char& c : name) {
                             if (c == '-') c = '_';
                           }
                           return name;
                         });

TEST(KeyTest, DefaultIsP256) {
  EXPECT_EQ(PrivateKey::generate().type(), KeyType::ec_p256);
}

TEST(KeyTest, TypeNamesRoundTrip) {
  for (KeyType type : kAllTypes) EXPECT_EQ(key_type_from_string(to_string(type)), type);
  EXPECT_EQ(to_string(KeyType::ec_p256), "ec-p256");
  EXPECT_EQ(to_string(KeyType::rsa3072), "rsa-3072");
  EXPECT_FALSE(key_type_from_string("ec-p521").has_value());
  EXPECT_FALSE(key_type_from_string("").has_value());
}

TEST(KeyTest, SignaturesUseTheDocumentedDigests) {
  // Verify with raw EVP using the digest the header promises.
  struct Case {
    KeyType type;
    const EVP_MD* md;
  };
  for (const Case& c : {Case{KeyType::ec_p256, EVP_sha256()}, Case{KeyType::ec_p384, EVP_sha384()},
                        Case{KeyType::rsa2048, EVP_sha256()}, Case{KeyType::ed25519, nullptr}}) {
    const PrivateKey& key = cached_key(c.type);
    Bytes data = bytes_of("digest check");
    Bytes signature = key.sign(data);
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    ASSERT_EQ(EVP_DigestVerifyInit(ctx, nullptr, c.md, nullptr, key.public_key().native()), 1);
    EXPECT_EQ(EVP_DigestVerify(ctx, signature.data(), signature.size(), data.data(), data.size()),
              1)
        << to_string(c.type);
    EVP_MD_CTX_free(ctx);
  }
}

TEST(KeyTest, PublicKeyEqualityAcrossTypes) {
  EXPECT_FALSE(cached_key(KeyType::ec_p256).public_key() ==
               cached_key(KeyType::ed25519).public_key());
  EXPECT_TRUE(cached_key(KeyType::ec_p256).public_key() ==
              PublicKey::from_der(cached_key(KeyType::ec_p256).public_key().to_der()));
}

TEST(KeyTest, IsPublicHalfOfMatchesOnlyTheSameKey) {
  const PrivateKey key = PrivateKey::generate();
  EXPECT_TRUE(key.public_key().is_public_half_of(key));
  // Decoded copies are distinct OpenSSL objects: the comparison is of key values.
  EXPECT_TRUE(PublicKey::from_der(key.public_key().to_der()).is_public_half_of(key));
  EXPECT_TRUE(key.public_key().is_public_half_of(PrivateKey::from_der(key.to_der())));
  // The key as a certificate carries it (a self-signed root and a leaf issued for it).
  auto root = CertificateAuthority::create_root(DistinguishedName::parse("CN=Root"), key,
                                                Instant::from_seconds(1893456000), 86400);
  EXPECT_TRUE(root.certificate().public_key().is_public_half_of(key));
  const PrivateKey leaf_key = PrivateKey::generate();
  CsrContent content;
  content.subject = DistinguishedName::parse("CN=leaf.example.net");
  content.san.dns = {"leaf.example.net"};
  content.extended_key_usage = {ExtendedKeyUsage::client_auth};
  const Certificate leaf = root.issue(
      {Csr::create(content, leaf_key), Instant::from_seconds(1893456000), {}, {}, {}}, {});
  EXPECT_TRUE(leaf.public_key().is_public_half_of(leaf_key));
  EXPECT_FALSE(leaf.public_key().is_public_half_of(key));
  EXPECT_FALSE(root.certificate().public_key().is_public_half_of(leaf_key));

  // Another key of the same type (same curve parameters, other point).
  const PrivateKey other = PrivateKey::generate();
  EXPECT_FALSE(key.public_key().is_public_half_of(other));
  EXPECT_FALSE(other.public_key().is_public_half_of(key));
  // Keys of other types, both ways.
  for (KeyType type : {KeyType::ec_p384, KeyType::ed25519}) {
    const PrivateKey& foreign = cached_key(type);
    EXPECT_FALSE(key.public_key().is_public_half_of(foreign)) << to_string(type);
    EXPECT_FALSE(foreign.public_key().is_public_half_of(key)) << to_string(type);
    EXPECT_TRUE(foreign.public_key().is_public_half_of(foreign)) << to_string(type);
  }
  EXPECT_FALSE(
      cached_key(KeyType::ec_p384).public_key().is_public_half_of(cached_key(KeyType::ed25519)));
  // No key at all on either side.
  EXPECT_FALSE(PublicKey(nullptr).is_public_half_of(key));
  EXPECT_FALSE(key.public_key().is_public_half_of(PrivateKey(nullptr)));
}

TEST(KeyTest, PublicKeyHoldsNoPrivateHalf) {
  PublicKey pub = cached_key(KeyType::ec_p256).public_key();
  PrivateKey pretend(std::shared_ptr<EVP_PKEY>(pub.native(), [](EVP_PKEY*) {}));
  EXPECT_THROW(pretend.sign(bytes_of("x")), PkiError);
}

TEST(KeyTest, EncryptedPemRejectsEmptyPassphrase) {
  EXPECT_THROW(cached_key(KeyType::ec_p256).to_encrypted_pem(""), PkiError);
}

TEST(KeyTest, EncryptedPemUsesAes256Pbkdf2) {
  TempDir dir;
  std::string pem = cached_key(KeyType::ec_p256).to_encrypted_pem("secret-pass");
  write_file(dir / "k.pem", pem);
  std::string out = run("openssl asn1parse -in '" + (dir / "k.pem").string() + "'");
  EXPECT_NE(out.find("PBES2"), std::string::npos) << out;
  EXPECT_NE(out.find("PBKDF2"), std::string::npos) << out;
  EXPECT_NE(out.find("aes-256-cbc"), std::string::npos) << out;
  // The openssl CLI decrypts it to the same key.
  int status = -1;
  std::string plain =
      run("openssl pkey -in '" + (dir / "k.pem").string() + "' -passin pass:secret-pass", &status);
  EXPECT_EQ(status, 0) << plain;
  EXPECT_EQ(PrivateKey::from_pem(plain).to_der(), cached_key(KeyType::ec_p256).to_der());
}

TEST(KeyTest, KeyIdentifierMatchesOpensslSubjectKeyIdentifier) {
  TempDir dir;
  for (KeyType type : {KeyType::ec_p256, KeyType::rsa2048, KeyType::ed25519}) {
    const PrivateKey& key = cached_key(type);
    write_file(dir / "k.pem", key.to_pem());
    int status = -1;
    std::string out = run("openssl req -new -x509 -key '" + (dir / "k.pem").string() +
                              "' -subj /CN=kid -days 1 -addext subjectKeyIdentifier=hash "
                              "| openssl x509 -noout -ext subjectKeyIdentifier",
                          &status);
    ASSERT_EQ(status, 0) << out;
    std::string hex;
    for (char c : out.substr(out.find('\n') + 1)) {
      if (std::isxdigit(static_cast<unsigned char>(c))) {
        hex += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      }
    }
    EXPECT_EQ(hex, to_hex(key.public_key().key_identifier())) << to_string(type) << "\n" << out;
  }
}

TEST(KeyTest, ReadsKeysMadeByOpenssl) {
  TempDir dir;
  int status = -1;
  std::string out = run("openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out '" +
                            (dir / "k.pem").string() + "'",
                        &status);
  ASSERT_EQ(status, 0) << out;
  std::ifstream in(dir / "k.pem");
  std::string pem((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  PrivateKey key = PrivateKey::from_pem(pem);
  EXPECT_EQ(key.type(), KeyType::ec_p384);
  // Traditional "EC PRIVATE KEY" form is accepted too.
  std::string traditional =
      run("openssl pkey -in '" + (dir / "k.pem").string() + "' -traditional", &status);
  ASSERT_EQ(status, 0) << traditional;
  ASSERT_NE(traditional.find("BEGIN EC PRIVATE KEY"), std::string::npos);
  EXPECT_EQ(PrivateKey::from_pem(traditional).to_der(), key.to_der());
}

TEST(KeyTest, RejectsUnsupportedKeys) {
  TempDir dir;
  int status = -1;
  std::string pem = run("openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-521", &status);
  ASSERT_EQ(status, 0) << pem;
  EXPECT_THROW(PrivateKey::from_pem(pem), DecodeError);
}

TEST(KeyTest, DecodersRejectGarbage) {
  EXPECT_THROW(PublicKey::from_der({}), DecodeError);
  EXPECT_THROW(PrivateKey::from_der({}), DecodeError);
  EXPECT_THROW(PublicKey::from_der(bytes_of("not der")), DecodeError);
  EXPECT_THROW(PrivateKey::from_der(bytes_of("not der")), DecodeError);
  EXPECT_THROW(PrivateKey::from_pem(""), DecodeError);
  EXPECT_THROW(
      PrivateKey::from_pem("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"),
      DecodeError);
  Bytes der = cached_key(KeyType::ec_p256).public_key().to_der();
  der.push_back(0);
  EXPECT_THROW(PublicKey::from_der(der), DecodeError);
  Bytes priv = cached_key(KeyType::ec_p256).to_der();
  priv.push_back(0);
  EXPECT_THROW(PrivateKey::from_der(priv), DecodeError);
  // A public key is not a private key and vice versa.
  EXPECT_THROW(PrivateKey::from_der(cached_key(KeyType::ec_p256).public_key().to_der()),
               DecodeError);
  EXPECT_THROW(PublicKey::from_der(cached_key(KeyType::ec_p256).to_der()), DecodeError);
}

TEST(KeyTest, ErrorMessagesNameTheOperation) {
  try {
    PublicKey::from_der(bytes_of("garbage"));
    FAIL();
  } catch (const DecodeError& e) {
    EXPECT_EQ(std::string(e.what()).rfind("public key DER: ", 0), 0u) << e.what();
  }
  EXPECT_EQ(take_openssl_errors(), "");
}

Bytes mutate(const Bytes& input, std::mt19937& rng) {
  Bytes out = input;
  std::uniform_int_distribution<int> kind(0, 3);
  std::uniform_int_distribution<int> byte(0, 255);
  int edits = 1 + static_cast<int>(rng() % 3);
  for (int e = 0; e < edits && !out.empty(); ++e) {
    std::size_t pos = rng() % out.size();
    switch (kind(rng)) {
      case 0:
        out[pos] ^= static_cast<std::uint8_t>(1u << (rng() % 8));
        break;
      case 1:
        out[pos] = static_cast<std::uint8_t>(byte(rng));
        break;
      case 2:
        out.resize(pos);
        break;
      default:
        out.insert(out.begin() + static_cast<std::ptrdiff_t>(pos),
                   static_cast<std::uint8_t>(byte(rng)));
        break;
    }
  }
  return out;
}

TEST(KeyFuzzTest, PublicKeyFromDerNeverCrashes) {
  std::mt19937 rng(20240601);
  std::vector<Bytes> seeds;
  for (KeyType type : kAllTypes) seeds.push_back(cached_key(type).public_key().to_der());
  int decoded = 0;
  for (int i = 0; i < 2000; ++i) {
    Bytes sample = mutate(seeds[static_cast<std::size_t>(i) % seeds.size()], rng);
    try {
      PublicKey key = PublicKey::from_der(sample);
      ++decoded;
      (void)key.type();
      (void)key.key_identifier();
      (void)key.verify(sample, sample);
      (void)key.to_der();
    } catch (const PkiError&) {
    }
  }
  EXPECT_EQ(take_openssl_errors(), "");
  std::cout << "decoded " << decoded << " of 2000 mutated public keys\n";
}

TEST(KeyFuzzTest, PrivateKeyFromDerNeverCrashes) {
  std::mt19937 rng(424242);
  std::vector<Bytes> seeds;
  for (KeyType type : {KeyType::ec_p256, KeyType::ec_p384, KeyType::rsa2048, KeyType::ed25519}) {
    seeds.push_back(cached_key(type).to_der());
  }
  int decoded = 0;
  for (int i = 0; i < 2000; ++i) {
    Bytes sample = mutate(seeds[static_cast<std::size_t>(i) % seeds.size()], rng);
    try {
      PrivateKey key = PrivateKey::from_der(sample);
      ++decoded;
      (void)key.type();
      (void)key.public_key();
      (void)key.sign(sample);
    } catch (const PkiError&) {
    }
  }
  EXPECT_EQ(take_openssl_errors(), "");
  std::cout << "decoded " << decoded << " of 2000 mutated private keys\n";
}

TEST(RandomBytes, FreshBytesOfTheAskedLength) {
  const Bytes a = random_bytes(32);
  const Bytes b = random_bytes(32);
  EXPECT_EQ(a.size(), 32u);
  EXPECT_NE(a, b);
  EXPECT_EQ(random_bytes(45).size(), 45u);
  EXPECT_TRUE(random_bytes(0).empty());
}

}  // namespace
}  // namespace ifa026::pki::key_test

namespace ifa026::pki::key_test {
namespace {

// The compact PKCS#8 of an EC key leaves the public key out and is that much shorter; decoding it
// gives the same key pair back (the public key recomputed), which signs what the original's
// public key verifies. Other key types are encoded as to_der does.
TEST(KeyTest, CompactDerOmitsTheEcPublicKeyAndDecodesToTheSameKey) {
  for (const KeyType type : {KeyType::ec_p256, KeyType::ec_p384}) {
    const PrivateKey key = PrivateKey::generate(type);
    const Bytes full = key.to_der();
    const Bytes compact = key.to_compact_der();
    EXPECT_LT(compact.size(), full.size());
    EXPECT_GE(full.size() - compact.size(), type == KeyType::ec_p256 ? 66u : 98u);
    const PrivateKey decoded = PrivateKey::from_der(compact);
    EXPECT_EQ(decoded.type(), type);
    EXPECT_TRUE(key.public_key().is_public_half_of(decoded));
    EXPECT_EQ(decoded.public_key().to_der(), key.public_key().to_der());
    const Bytes data = {1, 2, 3, 4};
    EXPECT_TRUE(key.public_key().verify(data, decoded.sign(data)));
    // The original key is untouched: its own encoding still carries the public key.
    EXPECT_EQ(key.to_der(), full);
  }
  const PrivateKey ed = PrivateKey::generate(KeyType::ed25519);
  EXPECT_EQ(ed.to_compact_der(), ed.to_der());
}

}  // namespace
}  // namespace ifa026::pki::key_test
