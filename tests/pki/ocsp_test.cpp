// OCSP at simulated instants: good, revoked with reason, unknown; tampered, stale, premature,
// wrongly signed and nonce-mismatched responses; malformed requests; openssl CLI interop.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>

#include "pki/certificate_authority.hpp"
#include "pki/ocsp.hpp"
#include "tests/pki/pki_test_support.hpp"
#include "tests/support/test_support.hpp"

namespace ifa026::pki::ocsp_test {
namespace {

namespace fs = std::filesystem;

class OcspTest : public ::testing::Test {
 protected:
  OcspTest()
      : root_(CertificateAuthority::create_root(DistinguishedName::parse("C=FR,O=Op,CN=Root"),
                                                PrivateKey::generate(), kT0, 20 * 365 * kDay)),
        issuing_(CertificateAuthority::create_subordinate(
            root_, DistinguishedName::parse("C=FR,O=Op,CN=Issuing"), PrivateKey::generate(), kT0,
            10 * 365 * kDay, 0)),
        leaf_(issue(issuing_)) {}

  Certificate issue(CertificateAuthority& ca) {
    CsrContent content;
    content.subject = DistinguishedName::parse("C=FR,O=Op,CN=vnfci-3.example.net");
    content.san.dns = {"vnfci-3.example.net"};
    content.extended_key_usage = {ExtendedKeyUsage::client_auth};
    CertificateProfile profile;
    profile.validity_seconds = 90 * kDay;
    profile.extended_key_usage = {ExtendedKeyUsage::client_auth};
    return ca.issue({Csr::create(content, PrivateKey::generate()), not_before_, {}, {}, {}},
                    profile);
  }

  // The responder's knowledge: good unless listed.
  OcspStatusLookup lookup() const {
    return [this](const std::string& serial) -> OcspStatusEntry {
      auto it = statuses_.find(serial);
      if (it != statuses_.end()) return it->second;
      return {OcspCertStatus::good, {}, std::nullopt};
    };
  }

  Bytes respond(const Bytes& request) {
    return make_ocsp_response(request, issuing_, lookup(), produced_at_, next_update_);
  }

  Instant not_before_ = at(kT0.seconds() + 30 * kDay);
  Instant now_ = at(not_before_.seconds() + 10 * kDay);
  Instant produced_at_ = at(now_.seconds() - 600);
  Instant next_update_ = at(now_.seconds() + kDay);
  CertificateAuthority root_;
  CertificateAuthority issuing_;
  Certificate leaf_;
  std::map<std::string, OcspStatusEntry> statuses_;
};

TEST_F(OcspTest, GoodWithNonceAndTimes) {
  Bytes nonce = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
  Bytes request = make_ocsp_request(leaf_, issuing_.certificate(), nonce);
  Bytes response = respond(request);
  OcspResult result = check_ocsp_response(response, leaf_, issuing_.certificate(), now_, nonce);
  EXPECT_EQ(result.status, OcspCertStatus::good) << result.detail;
  EXPECT_TRUE(result.valid());
  EXPECT_EQ(result.response_status, OcspResponseStatus::successful);
  EXPECT_EQ(result.produced_at, produced_at_);
  EXPECT_EQ(result.this_update, produced_at_);
  EXPECT_EQ(result.next_update, next_update_);
  EXPECT_FALSE(result.reason.has_value());
  EXPECT_FALSE(result.revoked_at.has_value());
  // Without a nonce in the request: no nonce expected, still good.
  Bytes plain = respond(make_ocsp_request(leaf_, issuing_.certificate()));
  EXPECT_EQ(check_ocsp_response(plain, leaf_, issuing_.certificate(), now_).status,
            OcspCertStatus::good);
}

TEST_F(OcspTest, RevokedWithReasonAndTime) {
  Instant revoked_at = at(now_.seconds() - 3 * kDay);
  issuing_.revoke(leaf_.serial_hex(), revoked_at, RevocationReason::key_compromise);
  statuses_[leaf_.serial_hex()] = {OcspCertStatus::revoked, revoked_at,
                                   RevocationReason::key_compromise};
  Bytes response = respond(make_ocsp_request(leaf_, issuing_.certificate()));
  OcspResult result = check_ocsp_response(response, leaf_, issuing_.certificate(), now_);
  EXPECT_EQ(result.status, OcspCertStatus::revoked) << result.detail;
  EXPECT_EQ(result.reason, RevocationReason::key_compromise);
  EXPECT_EQ(result.revoked_at, revoked_at);

  // Revoked without a reasonCode.
  statuses_[leaf_.serial_hex()] = {OcspCertStatus::revoked, revoked_at, std::nullopt};
  OcspResult bare = check_ocsp_response(respond(make_ocsp_request(leaf_, issuing_.certificate())),
                                        leaf_, issuing_.certificate(), now_);
  EXPECT_EQ(bare.status, OcspCertStatus::revoked);
  EXPECT_FALSE(bare.reason.has_value());
}

TEST_F(OcspTest, UnknownWhenTheResponderDoesNotKnowTheSerial) {
  statuses_[leaf_.serial_hex()] = {OcspCertStatus::unknown, {}, std::nullopt};
  OcspResult result = check_ocsp_response(respond(make_ocsp_request(leaf_, issuing_.certificate())),
                                          leaf_, issuing_.certificate(), now_);
  EXPECT_EQ(result.status, OcspCertStatus::unknown) << result.detail;
  EXPECT_TRUE(result.valid());
}

TEST_F(OcspTest, UnknownForCertificatesOfAnotherIssuer) {
  // A request about a root-issued certificate answered by the issuing CA: the CertID's issuer
  // hashes are not the responder's, so the lookup is not even asked.
  Certificate other = issue(root_);
  bool asked = false;
  OcspStatusLookup spy = [&](const std::string&) -> OcspStatusEntry {
    asked = true;
    return {OcspCertStatus::good, {}, std::nullopt};
  };
  Bytes response = make_ocsp_response(make_ocsp_request(other, root_.certificate()), issuing_, spy,
                                      produced_at_, next_update_);
  EXPECT_FALSE(asked);
  // The answer is signed by the issuing CA, so only a check against it finds it authentic; it
  // has no SingleResponse for (other, issuing) since the CertID names the root.
  OcspResult result = check_ocsp_response(response, other, root_.certificate(), now_);
  EXPECT_EQ(result.status, OcspCertStatus::invalid);
  EXPECT_NE(result.detail.find("not signed by the issuer"), std::string::npos) << result.detail;
}

TEST_F(OcspTest, EveryTamperedByteMakesTheResponseInvalid) {
  Bytes response = respond(make_ocsp_request(leaf_, issuing_.certificate()));
  ASSERT_EQ(check_ocsp_response(response, leaf_, issuing_.certificate(), now_).status,
            OcspCertStatus::good);
  for (std::size_t i = 0; i < response.size(); ++i) {
    Bytes tampered = response;
    tampered[i] ^= 0x01;
    OcspResult result = check_ocsp_response(tampered, leaf_, issuing_.certificate(), now_);
    EXPECT_EQ(result.status, OcspCertStatus::invalid) << "byte " << i << " of " << response.size();
    EXPECT_FALSE(result.detail.empty());
  }
  // Truncations and garbage, too.
  for (std::size_t length = 0; length < response.size(); length += 7) {
    Bytes truncated(response.begin(), response.begin() + static_cast<std::ptrdiff_t>(length));
    EXPECT_EQ(check_ocsp_response(truncated, leaf_, issuing_.certificate(), now_).status,
              OcspCertStatus::invalid);
  }
}

TEST_F(OcspTest, InvalidOutsideItsValidityWindow) {
  Bytes response = respond(make_ocsp_request(leaf_, issuing_.certificate()));
  OcspResult early =
      check_ocsp_response(response, leaf_, issuing_.certificate(), at(produced_at_.seconds() - 1));
  EXPECT_EQ(early.status, OcspCertStatus::invalid);
  EXPECT_NE(early.detail.find("produced after now"), std::string::npos) << early.detail;
  EXPECT_EQ(check_ocsp_response(response, leaf_, issuing_.certificate(), produced_at_).status,
            OcspCertStatus::good);
  EXPECT_EQ(
      check_ocsp_response(response, leaf_, issuing_.certificate(), at(next_update_.seconds() - 1))
          .status,
      OcspCertStatus::good);
  OcspResult stale = check_ocsp_response(response, leaf_, issuing_.certificate(), next_update_);
  EXPECT_EQ(stale.status, OcspCertStatus::invalid);
  EXPECT_NE(stale.detail.find("expired"), std::string::npos) << stale.detail;
}

TEST_F(OcspTest, InvalidWhenSignedByAnotherKeyOrForAnotherCertificate) {
  Bytes request = make_ocsp_request(leaf_, issuing_.certificate());
  // Answered and signed by another CA (here the root) instead of the issuer.
  Bytes forged = make_ocsp_response(request, root_, lookup(), produced_at_, next_update_);
  OcspResult result = check_ocsp_response(forged, leaf_, issuing_.certificate(), now_);
  EXPECT_EQ(result.status, OcspCertStatus::invalid);
  EXPECT_NE(result.detail.find("not signed by the issuer"), std::string::npos) << result.detail;
  // A key that does not belong to the responder's certificate cannot sign at all.
  EXPECT_THROW(make_ocsp_response(request, issuing_.certificate(), root_.key(), lookup(),
                                  produced_at_, next_update_),
               PkiError);
  // A genuine response about another certificate of the same CA says nothing about this one.
  Certificate sibling = issue(issuing_);
  Bytes about_sibling = respond(make_ocsp_request(sibling, issuing_.certificate()));
  OcspResult wrong = check_ocsp_response(about_sibling, leaf_, issuing_.certificate(), now_);
  EXPECT_EQ(wrong.status, OcspCertStatus::invalid);
  EXPECT_NE(wrong.detail.find("no SingleResponse"), std::string::npos) << wrong.detail;
}

TEST_F(OcspTest, NonceMismatchOrMissingIsInvalid) {
  Bytes nonce(16, 0x42);
  Bytes response = respond(make_ocsp_request(leaf_, issuing_.certificate(), nonce));
  Bytes other(16, 0x43);
  EXPECT_EQ(check_ocsp_response(response, leaf_, issuing_.certificate(), now_, other).detail,
            "nonce mismatch");
  Bytes without = respond(make_ocsp_request(leaf_, issuing_.certificate()));
  EXPECT_EQ(check_ocsp_response(without, leaf_, issuing_.certificate(), now_, nonce).detail,
            "nonce missing");
  EXPECT_THROW(make_ocsp_request(leaf_, issuing_.certificate(), Bytes{}), PkiError);
  EXPECT_THROW(make_ocsp_request(leaf_, issuing_.certificate(), Bytes(33, 1)), PkiError);
}

TEST_F(OcspTest, GarbageRequestGetsMalformedRequest) {
  Bytes request = make_ocsp_request(leaf_, issuing_.certificate());
  Bytes truncated(request.begin(), request.end() - 3);
  Bytes trailing = request;
  trailing.push_back(0);
  for (const Bytes& garbage :
       {Bytes{}, Bytes{0x30, 0x00}, Bytes{0xde, 0xad, 0xbe, 0xef}, truncated, trailing}) {
    Bytes response = respond(garbage);
    OcspResult result = check_ocsp_response(response, leaf_, issuing_.certificate(), now_);
    EXPECT_EQ(result.status, OcspCertStatus::invalid);
    EXPECT_EQ(result.response_status, OcspResponseStatus::malformed_request) << result.detail;
    EXPECT_NE(result.detail.find("malformedrequest"), std::string::npos) << result.detail;
  }
}

TEST_F(OcspTest, LookupFailureGetsInternalError) {
  OcspStatusLookup failing = [](const std::string&) -> OcspStatusEntry {
    throw std::runtime_error("database down");
  };
  Bytes response = make_ocsp_response(make_ocsp_request(leaf_, issuing_.certificate()), issuing_,
                                      failing, produced_at_, next_update_);
  OcspResult result = check_ocsp_response(response, leaf_, issuing_.certificate(), now_);
  EXPECT_EQ(result.status, OcspCertStatus::invalid);
  EXPECT_EQ(result.response_status, OcspResponseStatus::internal_error);
}

TEST_F(OcspTest, SignsWithEveryCaKeyType) {
  for (KeyType type : {KeyType::ec_p384, KeyType::rsa2048, KeyType::ed25519}) {
    CertificateAuthority ca = CertificateAuthority::create_subordinate(
        root_, DistinguishedName::parse("C=FR,O=Op,CN=Issuing " + std::string(to_string(type))),
        PrivateKey::generate(type), kT0, 10 * 365 * kDay, 0);
    Certificate leaf = issue(ca);
    Bytes response = make_ocsp_response(make_ocsp_request(leaf, ca.certificate()), ca, lookup(),
                                        produced_at_, next_update_);
    OcspResult result = check_ocsp_response(response, leaf, ca.certificate(), now_);
    EXPECT_EQ(result.status, OcspCertStatus::good) << to_string(type) << ": " << result.detail;
  }
}

// Mutated bytes (fixed seed: flips, truncations, insertions) must never crash either decoder: a
// mutated request gets an error response or an answer, a mutated response is good only if it is
// byte-identical to a genuine one.
Bytes mutate(const Bytes& original, std::mt19937& random) {
  Bytes b = original;
  switch (random() % 3) {
    case 0:
      for (unsigned n = 1 + random() % 4; n > 0 && !b.empty(); --n)
        b[random() % b.size()] ^= static_cast<std::uint8_t>(1 + random() % 255);
      break;
    case 1:
      b.resize(random() % (b.size() + 1));
      break;
    default:
      b.insert(b.begin() + static_cast<std::ptrdiff_t>(random() % (b.size() + 1)),
               static_cast<std::uint8_t>(random()));
  }
  return b;
}

TEST_F(OcspTest, TenThousandMutatedRequestsAndResponsesNeverCrash) {
  std::mt19937 random(20261127);
  const Bytes request = make_ocsp_request(leaf_, issuing_.certificate(), Bytes{1, 2, 3, 4});
  const Bytes response = respond(request);
  int answered = 0, still_good = 0;
  for (int i = 0; i < 10000; ++i) {
    Bytes bad_request = mutate(request, random);
    Bytes reply;
    ASSERT_NO_THROW(reply = respond(bad_request));
    EXPECT_FALSE(reply.empty());
    Bytes bad_response = mutate(response, random);
    OcspResult result = check_ocsp_response(bad_response, leaf_, issuing_.certificate(), now_);
    if (result.status == OcspCertStatus::good) {
      ++still_good;
      EXPECT_EQ(bad_response, response) << "a changed response was accepted";
    }
    answered += result.status != OcspCertStatus::invalid;
  }
  EXPECT_EQ(answered, still_good);
}

TEST(OcspNamesTest, StatusNames) {
  EXPECT_EQ(to_string(OcspCertStatus::revoked), "revoked");
  EXPECT_EQ(to_string(OcspResponseStatus::malformed_request), "malformedRequest");
}

// ---- interop with the openssl CLI ----

bool openssl_available() {
  return std::system("openssl version >/dev/null 2>&1") == 0;
}

using test::CommandResult;

CommandResult run(const std::string& command) {
  return test::run_command(command);
}

class OcspInteropTest : public OcspTest {
 protected:
  void SetUp() override {
    if (!openssl_available()) GTEST_SKIP() << "openssl CLI not found";
    std::string pattern = (fs::temp_directory_path() / "ifa026-ocsp-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override {
    std::error_code ignored;
    if (!dir_.empty()) fs::remove_all(dir_, ignored);
  }
  std::string write(const std::string& name, const std::string& text) {
    fs::path path = dir_ / name;
    std::ofstream(path, std::ios::binary) << text;
    return "'" + path.string() + "'";
  }
  std::string write(const std::string& name, const Bytes& der) {
    return write(name, std::string(der.begin(), der.end()));
  }

  fs::path dir_;
};

TEST_F(OcspInteropTest, OpensslParsesOurRequestAndVerifiesOurResponse) {
  Instant revoked_at = at(now_.seconds() - kDay);
  statuses_[leaf_.serial_hex()] = {OcspCertStatus::revoked, revoked_at,
                                   RevocationReason::cessation_of_operation};
  Bytes nonce(8, 0x5c);
  Bytes request = make_ocsp_request(leaf_, issuing_.certificate(), nonce);
  Bytes response = respond(request);
  std::string req = write("req.der", request);
  std::string resp = write("resp.der", response);
  std::string root = write("root.pem", root_.certificate().to_pem());
  std::string ca = write("ca.pem", issuing_.certificate().to_pem());
  std::string leaf = write("leaf.pem", leaf_.to_pem());

  CommandResult parsed = run("openssl ocsp -reqin " + req + " -text");
  EXPECT_EQ(parsed.exit_code, 0) << parsed.output;
  EXPECT_NE(parsed.output.find("OCSP Request Data"), std::string::npos) << parsed.output;
  // The CLI may print a leading zero nibble.
  EXPECT_NE(parsed.output.find("Serial Number: "), std::string::npos) << parsed.output;
  EXPECT_NE(parsed.output.find(leaf_.serial_hex()), std::string::npos) << parsed.output;
  EXPECT_NE(parsed.output.find("OCSP Nonce"), std::string::npos) << parsed.output;

  CommandResult text = run("openssl ocsp -respin " + resp + " -resp_text -noverify");
  EXPECT_EQ(text.exit_code, 0) << text.output;
  EXPECT_NE(text.output.find("OCSP Response Status: successful"), std::string::npos) << text.output;
  EXPECT_NE(text.output.find("Cert Status: revoked"), std::string::npos) << text.output;
  EXPECT_NE(text.output.find("Revocation Reason: cessationOfOperation"), std::string::npos)
      << text.output;

  // Full verification at the simulated instant: signer (the issuing CA) chained to the root.
  // (With -cert the CLI builds its own request, so -reqin would be ignored; -no_nonce keeps it
  // from expecting the nonce of that new request.)
  CommandResult verified = run("openssl ocsp -respin " + resp + " -CAfile " + root +
                               " -verify_other " + ca + " -issuer " + ca + " -cert " + leaf +
                               " -no_nonce -attime " + std::to_string(now_.seconds()));
  EXPECT_EQ(verified.exit_code, 0) << verified.output;
  EXPECT_NE(verified.output.find("Response verify OK"), std::string::npos) << verified.output;
  // The CLI checks thisUpdate/nextUpdate against the wall clock (-attime only reaches chain
  // verification), so it warns "Status times invalid" for 2030 times; the status is printed.
  EXPECT_NE(verified.output.find("revoked\n"), std::string::npos) << verified.output;
  EXPECT_NE(verified.output.find("Reason: cessationOfOperation"), std::string::npos)
      << verified.output;

  // And the CLI rejects a response whose signature was tampered with.
  Bytes tampered = response;
  tampered.back() ^= 0x01;
  std::string bad = write("bad.der", tampered);
  CommandResult rejected = run("openssl ocsp -respin " + bad + " -CAfile " + root +
                               " -verify_other " + ca + " -issuer " + ca + " -cert " + leaf +
                               " -no_nonce -attime " + std::to_string(now_.seconds()));
  EXPECT_EQ(rejected.output.find("Response verify OK"), std::string::npos) << rejected.output;
}

TEST_F(OcspInteropTest, OurResponderAnswersOpensslRequests) {
  std::string ca = write("ca.pem", issuing_.certificate().to_pem());
  std::string leaf = write("leaf.pem", leaf_.to_pem());
  fs::path req_path = dir_ / "cli-req.der";
  CommandResult made =
      run("openssl ocsp -issuer " + ca + " -cert " + leaf + " -reqout '" + req_path.string() + "'");
  ASSERT_EQ(made.exit_code, 0) << made.output;
  std::ifstream in(req_path, std::ios::binary);
  Bytes request((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_FALSE(request.empty());
  // openssl adds a random nonce by default: it must come back.
  OcspResult result = check_ocsp_response(respond(request), leaf_, issuing_.certificate(), now_);
  EXPECT_EQ(result.status, OcspCertStatus::good) << result.detail;
}

}  // namespace
}  // namespace ifa026::pki::ocsp_test
