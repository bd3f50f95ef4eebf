// Interop tests: pki/ certificates and CRLs checked by the openssl CLI and GnuTLS certtool.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <sstream>
#include <string>

#include "pki/certificate_authority.hpp"
#include "pki/crl.hpp"
#include "tests/pki/pki_test_support.hpp"
#include "tests/support/test_support.hpp"

namespace ifa026::pki::pki_interop_test {
namespace {

namespace fs = std::filesystem;

bool tool_available(const char* name) {
  const char* path = std::getenv("PATH");
  if (path == nullptr) return false;
  std::stringstream dirs(path);
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    if (dir.empty()) continue;
    fs::path candidate = fs::path(dir) / name;
    if (::access(candidate.c_str(), X_OK) == 0) return true;
  }
  return false;
}

using test::CommandResult;

CommandResult run(const std::string& command) {
  return test::run_command(command);
}

std::string quoted(const fs::path& path) {
  return "'" + path.string() + "'";
}

class PkiInteropTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "ifa026-pki-interop-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override {
    std::error_code ignored;
    if (!dir_.empty()) fs::remove_all(dir_, ignored);
  }

  fs::path write(const std::string& name, const std::string& text) {
    fs::path path = dir_ / name;
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }

  // root -> intermediate -> issuing CA, all valid from `base` for years.
  void build_hierarchy(Instant base, KeyType ca_type = KeyType::ec_p256) {
    root_.emplace(CertificateAuthority::create_root(
        DistinguishedName::parse("C=FR,O=Operator,CN=Operator Root CA"),
        PrivateKey::generate(ca_type), base, 20 * 365 * kDay));
    intermediate_.emplace(CertificateAuthority::create_subordinate(
        *root_, DistinguishedName::parse("C=FR,O=Operator,CN=Operator Intermediate CA"),
        PrivateKey::generate(ca_type), base, 15 * 365 * kDay, 1));
    issuing_.emplace(CertificateAuthority::create_subordinate(
        *intermediate_, DistinguishedName::parse("C=FR,O=Operator,CN=Operator Issuing CA"),
        PrivateKey::generate(ca_type), base, 10 * 365 * kDay, 0));
    root_pem_ = write("root.pem", root_->certificate().to_pem());
    intermediates_pem_ = write("intermediates.pem", issuing_->certificate().to_pem() +
                                                        intermediate_->certificate().to_pem());
  }

  Certificate issue(Instant not_before, KeyType type = KeyType::ec_p256, bool tls_feature = false) {
    CsrContent content;
    content.subject = DistinguishedName::parse("C=SE,O=5gc.mnc060.mcc240.3gppnetwork.org");
    content.san.dns = {"vnfci-1.example.net"};
    content.san.ip = {"192.0.2.10"};
    content.extended_key_usage = {ExtendedKeyUsage::client_auth};
    content.nf_types = {"AMF"};
    CertificateProfile profile;
    profile.validity_seconds = 365 * kDay;
    profile.extended_key_usage = {ExtendedKeyUsage::client_auth};
    profile.tls_feature_status_request = tls_feature;
    return issuing_->issue(
        {Csr::create(content, PrivateKey::generate(type)), not_before, {}, {}, {}}, profile);
  }

  std::string openssl_verify(std::int64_t at, const fs::path& leaf, const std::string& extra) {
    return "openssl verify -attime " + std::to_string(at) + " " + extra + " -CAfile " +
           quoted(root_pem_) + " -untrusted " + quoted(intermediates_pem_) + " " + quoted(leaf);
  }

  fs::path dir_;
  std::optional<CertificateAuthority> root_;
  std::optional<CertificateAuthority> intermediate_;
  std::optional<CertificateAuthority> issuing_;
  fs::path root_pem_;
  fs::path intermediates_pem_;
};

TEST_F(PkiInteropTest, OpensslVerifiesTheChainAtTheSimulatedTime) {
  if (!tool_available("openssl")) GTEST_SKIP() << "openssl CLI not installed";
  build_hierarchy(kT0);
  Instant not_before = Instant::from_seconds(kT0.seconds() + kDay);
  for (KeyType type : {KeyType::ec_p256, KeyType::rsa2048, KeyType::ed25519}) {
    Certificate leaf = issue(not_before, type);
    fs::path leaf_pem = write("leaf.pem", leaf.to_pem());
    std::int64_t inside = not_before.seconds() + 10 * kDay;
    CommandResult ok = run(openssl_verify(inside, leaf_pem, "-purpose sslclient"));
    EXPECT_EQ(ok.exit_code, 0) << to_string(type) << ": " << ok.output;
    EXPECT_NE(ok.output.find(": OK"), std::string::npos) << ok.output;
    CommandResult late = run(openssl_verify(leaf.not_after().seconds() + 1, leaf_pem, ""));
    EXPECT_NE(late.exit_code, 0) << late.output;
    EXPECT_NE(late.output.find("certificate has expired"), std::string::npos) << late.output;
  }
}

TEST_F(PkiInteropTest, OpensslSeesTheRevocationInTheCrl) {
  if (!tool_available("openssl")) GTEST_SKIP() << "openssl CLI not installed";
  build_hierarchy(kT0);
  Instant not_before = Instant::from_seconds(kT0.seconds() + kDay);
  Certificate revoked = issue(not_before);
  Certificate kept = issue(not_before);
  Instant now = Instant::from_seconds(not_before.seconds() + 2 * kDay);
  issuing_->revoke(revoked.serial_hex(), now, RevocationReason::key_compromise);
  Crl crl = issuing_->crl(now, 7 * kDay);
  fs::path crl_pem = write("crl.pem", crl.to_pem());
  fs::path revoked_pem = write("revoked.pem", revoked.to_pem());
  fs::path kept_pem = write("kept.pem", kept.to_pem());
  std::int64_t check_at = now.seconds() + 3600;
  std::string crl_option = "-crl_check -CRLfile " + quoted(crl_pem);

  CommandResult before = run(openssl_verify(check_at, revoked_pem, ""));
  EXPECT_EQ(before.exit_code, 0) << before.output;
  CommandResult refused = run(openssl_verify(check_at, revoked_pem, crl_option));
  EXPECT_NE(refused.exit_code, 0) << refused.output;
  EXPECT_NE(refused.output.find("certificate revoked"), std::string::npos) << refused.output;
  CommandResult accepted = run(openssl_verify(check_at, kept_pem, crl_option));
  EXPECT_EQ(accepted.exit_code, 0) << accepted.output;

  // Checking the whole chain needs every CA's CRL.
  fs::path all_crls =
      write("all-crls.pem", crl.to_pem() + intermediate_->crl(now, 7 * kDay).to_pem() +
                                root_->crl(now, 7 * kDay).to_pem());
  CommandResult all =
      run(openssl_verify(check_at, kept_pem, "-crl_check_all -CRLfile " + quoted(all_crls)));
  EXPECT_EQ(all.exit_code, 0) << all.output;

  CommandResult text = run("openssl crl -noout -text -in " + quoted(crl_pem));
  ASSERT_EQ(text.exit_code, 0) << text.output;
  for (const char* expected :
       {"X509v3 CRL Number", "X509v3 Authority Key Identifier", "Key Compromise", "Version 2"}) {
    EXPECT_NE(text.output.find(expected), std::string::npos) << expected << "\n" << text.output;
  }
  EXPECT_NE(text.output.find(revoked.serial_hex()), std::string::npos) << text.output;
}

TEST_F(PkiInteropTest, OpensslTextShowsTheClauseC6Extensions) {
  if (!tool_available("openssl")) GTEST_SKIP() << "openssl CLI not installed";
  build_hierarchy(kT0);
  Certificate with_feature = issue(kT0, KeyType::ec_p256, true);
  Certificate without_feature = issue(kT0, KeyType::ec_p256, false);
  CommandResult text =
      run("openssl x509 -text -noout -in " + quoted(write("with.pem", with_feature.to_pem())));
  ASSERT_EQ(text.exit_code, 0) << text.output;
  for (const char* expected :
       {"Version: 3 (0x2)", "X509v3 Subject Alternative Name: critical",
        "X509v3 Key Usage: critical", "Digital Signature", "TLS Web Client Authentication",
        "X509v3 Authority Key Identifier", "X509v3 Subject Key Identifier",
        "X509v3 CRL Distribution Points", "URI:http://ca.example.net/crl/issuing.crl",
        "OCSP - URI:http://ca.example.net/ocsp",
        "CA Issuers - URI:http://ca.example.net/issuing.crt", "TLS Feature", "status_request",
        "DNS:vnfci-1.example.net", "IP Address:192.0.2.10", "1.3.6.1.5.5.7.1.34"}) {
    EXPECT_NE(text.output.find(expected), std::string::npos) << expected << "\n" << text.output;
  }
  EXPECT_EQ(text.output.find("TLS Web Server Authentication"), std::string::npos);
  CommandResult plain = run("openssl x509 -text -noout -in " +
                            quoted(write("without.pem", without_feature.to_pem())));
  ASSERT_EQ(plain.exit_code, 0) << plain.output;
  EXPECT_EQ(plain.output.find("TLS Feature"), std::string::npos) << plain.output;
  EXPECT_NE(plain.output.find("X509v3 Subject Alternative Name: critical"), std::string::npos);
}

TEST_F(PkiInteropTest, ReadsACertificateMadeByTheOpensslCli) {
  if (!tool_available("openssl")) GTEST_SKIP() << "openssl CLI not installed";
  fs::path key = dir_ / "ext-key.pem";
  fs::path cert = dir_ / "ext-cert.pem";
  CommandResult made =
      run("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout " +
          quoted(key) + " -out " + quoted(cert) +
          " -subj '/C=FR/O=External/CN=ext.example.net' -days 30 -set_serial 0x00ABCDEF12"
          " -addext 'subjectAltName=DNS:ext.example.net,IP:192.0.2.7,URI:urn:ext'"
          " -addext 'extendedKeyUsage=serverAuth'");
  ASSERT_EQ(made.exit_code, 0) << made.output;
  std::ifstream in(cert);
  std::string pem((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  Certificate parsed = Certificate::from_pem(pem);
  EXPECT_EQ(parsed.subject(), DistinguishedName::parse("C=FR,O=External,CN=ext.example.net"));
  EXPECT_EQ(parsed.issuer(), parsed.subject());
  EXPECT_EQ(parsed.serial_hex(), "ABCDEF12");
  EXPECT_EQ(parsed.san().dns, std::vector<std::string>{"ext.example.net"});
  EXPECT_EQ(parsed.san().ip, std::vector<std::string>{"192.0.2.7"});
  EXPECT_EQ(parsed.san().uri, std::vector<std::string>{"urn:ext"});
  EXPECT_EQ(parsed.extended_key_usage(),
            std::vector<ExtendedKeyUsage>{ExtendedKeyUsage::server_auth});
  EXPECT_EQ(parsed.not_after().seconds() - parsed.not_before().seconds(), 30 * kDay);
  EXPECT_TRUE(parsed.subject_key_id().has_value());
  EXPECT_EQ(*parsed.subject_key_id(), parsed.public_key().key_identifier());
}

// GnuTLS 3.7's certtool has no option to verify at a given time, so this test alone issues
// certificates valid at the real current time.
TEST_F(PkiInteropTest, GnutlsCerttoolVerifiesTheChain) {
  if (!tool_available("certtool")) GTEST_SKIP() << "GnuTLS certtool not installed";
  Instant now = Instant::from_seconds(static_cast<std::int64_t>(std::time(nullptr)));
  Instant base = Instant::from_seconds(now.seconds() - kDay);
  build_hierarchy(base);
  for (KeyType type : {KeyType::ec_p256, KeyType::rsa2048, KeyType::ed25519}) {
    Certificate leaf = issue(Instant::from_seconds(now.seconds() - 3600), type, true);
    fs::path chain = write("chain.pem", leaf.to_pem() + issuing_->certificate().to_pem() +
                                            intermediate_->certificate().to_pem() +
                                            root_->certificate().to_pem());
    CommandResult result =
        run("certtool --verify-chain --verify-profile=low --infile " + quoted(chain));
    EXPECT_EQ(result.exit_code, 0) << to_string(type) << ":\n" << result.output;
    EXPECT_NE(result.output.find("Chain verification output: Verified"), std::string::npos)
        << result.output;
    EXPECT_EQ(result.output.find("Not verified"), std::string::npos) << result.output;

    fs::path untrusted = write("untrusted.pem", leaf.to_pem() + issuing_->certificate().to_pem() +
                                                    intermediate_->certificate().to_pem());
    CommandResult against_ca = run("certtool --verify --verify-profile=low --load-ca-certificate " +
                                   quoted(root_pem_) + " --infile " + quoted(untrusted));
    EXPECT_EQ(against_ca.exit_code, 0) << against_ca.output;
    EXPECT_NE(against_ca.output.find("Verified"), std::string::npos) << against_ca.output;
  }
  fs::path crl = write("crl.pem", issuing_->crl(now, 7 * kDay).to_pem());
  fs::path issuing_pem = write("issuing.pem", issuing_->certificate().to_pem());
  CommandResult crl_check = run("certtool --verify-crl --load-ca-certificate " +
                                quoted(issuing_pem) + " --infile " + quoted(crl));
  EXPECT_EQ(crl_check.exit_code, 0) << crl_check.output;
  EXPECT_NE(crl_check.output.find("Verified"), std::string::npos) << crl_check.output;
}

}  // namespace
}  // namespace ifa026::pki::pki_interop_test
