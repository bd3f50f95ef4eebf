// The registration-authority role of `ifa026 ca serve` (docs/ca-serve.md, "Registration
// authorities"), as the live CA's C.4 flows use it (docs/live-ca.md): a certificate enrolled with
// a credential registered with `ca register --ra` may request certificates for other end entities
// (p10cr, each naming the entity's subject and subjectAltName, within the RA's --ra-domain) and
// revoke any certificate the CA issued; an ordinary end entity still may not. Driven by the real
// `openssl cmp` client.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/cli/ca_serve_support.hpp"

namespace ca_serve_ra_test {
namespace {

namespace fs = std::filesystem;
using namespace ifa026::test::ca;  // NOLINT(google-build-using-namespace)

class CaServeRa : public ::testing::Test {
 protected:
  void SetUp() override {
    work_ = temp_dir(std::string("ra-") +
                     ::testing::UnitTest::GetInstance()->current_test_info()->name());
    dir_ = work_ / "ca";
    auto r = run_ifa026("ca init --dir " + quoted(dir_));
    ASSERT_EQ(r.code, 0) << r.out;
  }
  void TearDown() override { fs::remove_all(work_); }

  Result register_as(const std::string& options) {
    return run_ifa026("ca register --dir " + quoted(dir_) + " " + options);
  }

  std::string cmp(int port) const {
    return "openssl cmp -config '' -server 127.0.0.1:" + std::to_string(port) +
           " -path pkix/ -msg_timeout 20 -total_timeout 60 -trusted " + quoted(dir_ / "root.crt") +
           " -untrusted " + quoted(dir_ / "intermediate.crt") + " ";
  }

  fs::path key(const std::string& name) {
    const fs::path file = work_ / (name + ".key");
    auto r = shell("openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out " +
                   quoted(file));
    EXPECT_EQ(r.code, 0) << r.out;
    return file;
  }

  // ir with the initial credential REF/SECRET for `subject` (openssl form) and `dns`: NAME.crt.
  Result enrol(int port, const std::string& name, const std::string& ref, const std::string& secret,
               const std::string& subject, const std::string& dns) {
    return shell(cmp(port) + "-cmd ir -ref " + ref + " -secret pass:" + secret + " -newkey " +
                 quoted(key(name)) + " -subject " + subject + " -sans " + dns + " -certout " +
                 quoted(work_ / (name + ".crt")));
  }

  // p10cr signed with SIGNER.crt for a CSR of a new key with `subject` and, when given, `dns`.
  Result p10cr_by(int port, const std::string& signer, const std::string& name,
                  const std::string& subject, const std::string& dns) {
    const fs::path csr = work_ / (name + ".csr");
    auto made =
        shell("openssl req -new -key " + quoted(key(name)) + " -subj '" + subject + "'" +
              (dns.empty() ? "" : " -addext subjectAltName=DNS:" + dns) + " -out " + quoted(csr));
    EXPECT_EQ(made.code, 0) << made.out;
    return shell(cmp(port) + "-cmd p10cr -cert " + quoted(work_ / (signer + ".crt")) + " -key " +
                 quoted(work_ / (signer + ".key")) + " -csr " + quoted(csr) + " -certout " +
                 quoted(work_ / (name + ".crt")));
  }

  Result revoke_by(int port, const std::string& signer, const std::string& target) {
    return shell(cmp(port) + "-cmd rr -cert " + quoted(work_ / (signer + ".crt")) + " -key " +
                 quoted(work_ / (signer + ".key")) + " -oldcert " +
                 quoted(work_ / (target + ".crt")));
  }

  fs::path work_;
  fs::path dir_;
};

TEST_F(CaServeRa, AnRaRequestsForOthersInItsDomainAndRevokesThem) {
  ASSERT_EQ(register_as("--ra --ra-domain example.net --reusable --ref ra-1 --secret s3cret "
                        "--subject CN=ra-1.example.net --dns ra-1.example.net")
                .code,
            0);
  ASSERT_EQ(register_as("--ref ee-1 --secret ee-secret --subject CN=ee-1.example.net "
                        "--dns ee-1.example.net")
                .code,
            0);
  const auto credentials = nlohmann::json::parse(read(dir_ / "credentials.json"))["credentials"];
  ASSERT_EQ(credentials.size(), 2u) << credentials.dump();
  EXPECT_EQ(credentials[0]["ra"], true) << credentials.dump();
  EXPECT_EQ(credentials[0]["ra_domains"], nlohmann::json::array({"example.net"}));
  EXPECT_FALSE(credentials[1].contains("ra")) << credentials.dump();
  Server server(dir_);
  ASSERT_GT(server.port(), 0) << server.log();
  auto ra =
      enrol(server.port(), "ra", "ra-1", "s3cret", "/CN=ra-1.example.net", "ra-1.example.net");
  ASSERT_EQ(ra.code, 0) << ra.out;
  auto ee =
      enrol(server.port(), "ee", "ee-1", "ee-secret", "/CN=ee-1.example.net", "ee-1.example.net");
  ASSERT_EQ(ee.code, 0) << ee.out;

  // For another entity, inside example.net: granted, recorded as asked by the RA.
  auto granted = p10cr_by(server.port(), "ra", "vnfm", "/CN=vnfm-1.example.net/O=Operator",
                          "vnfm-1.example.net");
  ASSERT_EQ(granted.code, 0) << granted.out;
  const auto issued = nlohmann::json::parse(read(dir_ / "issued.json"))["certificates"];
  bool recorded = false;
  for (const auto& c : issued)
    // (issued.json prints RFC 4514: the slash form /CN=vnfm-1.../O=Operator reversed)
    recorded = recorded || (c.value("subject", "") == "O=Operator,CN=vnfm-1.example.net" &&
                            c.value("signer_subject", "") == "CN=ra-1.example.net");
  EXPECT_TRUE(recorded) << issued.dump();

  // Outside its domain, or without a subjectAltName: refused.
  auto outside = p10cr_by(server.port(), "ra", "other", "/CN=x.other.test", "x.other.test");
  EXPECT_NE(outside.code, 0);
  auto log = server.log();
  EXPECT_NE(log.find("notAuthorized: RA CN=ra-1.example.net may request names only in "
                     "example.net, not x.other.test"),
            std::string::npos)
      << log;
  auto no_san = p10cr_by(server.port(), "ra", "bare", "/CN=bare.example.net", "");
  EXPECT_NE(no_san.code, 0);
  log = server.log();
  EXPECT_NE(log.find("badCertTemplate: RA CN=ra-1.example.net: a request for an end entity must "
                     "name its subject and its subjectAltName"),
            std::string::npos)
      << log;

  // An ordinary end entity may not ask for another identity, nor revoke another's certificate.
  auto ee_for_other = p10cr_by(server.port(), "ee", "sneaky", "/CN=vnfm-1.example.net/O=Operator",
                               "vnfm-1.example.net");
  EXPECT_NE(ee_for_other.code, 0);
  EXPECT_NE(server.log().find("p10cr by an end entity is only for its own identity"),
            std::string::npos);
  EXPECT_NE(revoke_by(server.port(), "ee", "vnfm").code, 0);

  // The RA revokes the certificate it asked for.
  auto revoked = revoke_by(server.port(), "ra", "vnfm");
  EXPECT_EQ(revoked.code, 0) << revoked.out;
  EXPECT_NE(server.log().find("rr -> rp status 0"), std::string::npos) << server.log();
  EXPECT_NE(read(dir_ / "revoked.json").find("\"serial\""), std::string::npos);
}

TEST_F(CaServeRa, RegisterOptions) {
  auto no_ra = register_as("--ra-domain example.net --ref r --secret s --subject CN=r");
  EXPECT_EQ(no_ra.code, 2);
  EXPECT_NE(no_ra.out.find("--ra-domain needs --ra"), std::string::npos) << no_ra.out;
  auto bad_domain =
      register_as("--ra --ra-domain '*.example.net' --ref r --secret s --subject CN=r");
  EXPECT_EQ(bad_domain.code, 2);
  auto both = register_as("--ref r --secret s --secret-hex 7373 --subject CN=r");
  EXPECT_EQ(both.code, 2);
  EXPECT_NE(both.out.find("not both"), std::string::npos) << both.out;
  EXPECT_EQ(register_as("--ref r --secret-hex zz --subject CN=r").code, 2);
  // A binary secret (what a CMF generates) given as hex is the same bytes as its text form.
  auto hex = register_as(
      "--ref hex-1 --secret-hex 7333637265742d78 --subject CN=hex-1.example.net "
      "--dns hex-1.example.net");
  ASSERT_EQ(hex.code, 0) << hex.out;
  Server server(dir_);
  ASSERT_GT(server.port(), 0);
  auto enrolled = enrol(server.port(), "hex", "hex-1", "s3cret-x", "/CN=hex-1.example.net",
                        "hex-1.example.net");
  EXPECT_EQ(enrolled.code, 0) << enrolled.out;
}

}  // namespace
}  // namespace ca_serve_ra_test
