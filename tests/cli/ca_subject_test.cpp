// `ifa026 ca register --subject` in RFC 4514 (last RDN first) and OpenSSL's slash form (the
// certificate's order) with `ifa026 ca serve` and `openssl cmp`: both forms register one
// identity, the certificate holds the documented order, RFC 4514 is what ca prints and stores,
// malformed forms are usage errors naming --subject, and an older credentials.json (names in
// certificate order) is still read right.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/cli/ca_serve_support.hpp"
#include "tests/support/test_support.hpp"

namespace ca_subject_test {
namespace {

namespace fs = std::filesystem;
using namespace ifa026::test::ca;  // NOLINT(google-build-using-namespace)

// A CA directory made by `ifa026 ca init`, and what running `openssl cmp` against it takes.
class CaSubject : public ::testing::Test {
 protected:
  void SetUp() override {
    work_ = temp_dir(std::string("subject-") +
                     ::testing::UnitTest::GetInstance()->current_test_info()->name());
    dir_ = work_ / "ca";
    auto r = run_ifa026("ca init --dir " + quoted(dir_));
    ASSERT_EQ(r.code, 0) << r.out;
  }
  void TearDown() override {
    if (!HasFailure()) fs::remove_all(work_);
  }

  fs::path new_key(const std::string& name) {
    fs::path key = work_ / (name + ".key");
    auto r =
        shell("openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out " + quoted(key));
    EXPECT_EQ(r.code, 0) << r.out;
    return key;
  }

  std::string cmp(int port) const {
    return "openssl cmp -config '' -server 127.0.0.1:" + std::to_string(port) +
           " -path pkix/ -msg_timeout 20 -total_timeout 60 ";
  }

  fs::path work_;
  fs::path dir_;
};

// --subject in RFC 4514 (last RDN first) and in OpenSSL's slash form (the certificate's order):
// both spell one identity, credentials.json and the summary print RFC 4514, and the certificate
// holds the attributes in the documented order. A request in the other order is another subject.
TEST_F(CaSubject, BothSubjectFormsRegisterOneIdentity) {
  auto rfc = run_ifa026("ca register --dir " + quoted(dir_) +
                        " --ref a --secret s3cret --dns a.example.net --subject "
                        "'CN=a.example.net,O=Operator,C=FR'");
  ASSERT_EQ(rfc.code, 0) << rfc.out;
  EXPECT_NE(rfc.out.find("for CN=a.example.net,O=Operator,C=FR (DNS:a.example.net)"),
            std::string::npos)
      << rfc.out;
  auto slash = run_ifa026("ca register --dir " + quoted(dir_) +
                          " --ref b --secret s3cret --dns b.example.net --subject "
                          "/C=FR/O=Operator/CN=b.example.net");
  ASSERT_EQ(slash.code, 0) << slash.out;
  EXPECT_NE(slash.out.find("for CN=b.example.net,O=Operator,C=FR"), std::string::npos) << slash.out;
  auto creds = nlohmann::json::parse(read(dir_ / "credentials.json"))["credentials"];
  EXPECT_EQ(creds[0]["subject"], "CN=a.example.net,O=Operator,C=FR");
  EXPECT_EQ(creds[1]["subject"], "CN=b.example.net,O=Operator,C=FR");

  Server server(dir_);
  ASSERT_GT(server.port(), 0) << server.first_line() << server.log();
  fs::path key = new_key("k");
  auto ir = [&](const std::string& ref, const std::string& subject, const std::string& out) {
    return shell(cmp(server.port()) + "-cmd ir -ref " + ref + " -secret pass:s3cret -newkey " +
                 quoted(key) + " -subject " + subject + " -trusted " + quoted(dir_ / "root.crt") +
                 " -certout " + quoted(work_ / out));
  };
  // OpenSSL's form in the order written, the same for either registration.
  auto a = ir("a", "/C=FR/O=Operator/CN=a.example.net", "a.crt");
  ASSERT_EQ(a.code, 0) << a.out << server.log();
  auto reversed = ir("b", "/CN=b.example.net/O=Operator/C=FR", "refused.crt");
  EXPECT_NE(reversed.code, 0) << reversed.out;
  EXPECT_NE(reversed.out.find("badCertTemplate"), std::string::npos) << reversed.out;
  EXPECT_NE(reversed.out.find("is not the registered CN=b.example.net,O=Operator,C=FR"),
            std::string::npos)
      << reversed.out;
  auto b = ir("b", "/C=FR/O=Operator/CN=b.example.net", "b.crt");
  ASSERT_EQ(b.code, 0) << b.out << server.log();
  for (const char* crt : {"a.crt", "b.crt"}) {
    const std::string cn = std::string(1, crt[0]) + ".example.net";
    auto plain = shell("openssl x509 -noout -subject -in " + quoted(work_ / crt));
    EXPECT_NE(plain.out.find("subject=C = FR, O = Operator, CN = " + cn), std::string::npos)
        << plain.out;
    auto rfc2253 =
        shell("openssl x509 -noout -subject -nameopt RFC2253 -in " + quoted(work_ / crt));
    EXPECT_NE(rfc2253.out.find("subject=CN=" + cn + ",O=Operator,C=FR"), std::string::npos)
        << rfc2253.out;
  }
  for (const auto& c : nlohmann::json::parse(read(dir_ / "issued.json"))["certificates"]) {
    EXPECT_TRUE(c["subject"] == "CN=a.example.net,O=Operator,C=FR" ||
                c["subject"] == "CN=b.example.net,O=Operator,C=FR")
        << c.dump();
  }
}

TEST_F(CaSubject, MalformedSubjectsExitTwoNamingSubject) {
  for (const char* subject : {"'CN=a+O=b'", "'CN=a,,O=b'", "'O=x;CN=y'", "'CN=a\\'", "'CN=#0403'",
                              "/", "/CN=a/XX=b", "'/CN=a+OU=b'", "'/CN=a//O=b'", "CN=a,C=France"}) {
    auto r = run_ifa026("ca register --dir " + quoted(dir_) + " --ref x --secret y --subject " +
                        subject);
    EXPECT_EQ(r.code, 2) << subject << "\n" << r.out;
    EXPECT_NE(r.out.find("--subject: "), std::string::npos) << subject << "\n" << r.out;
  }
  EXPECT_EQ(nlohmann::json::parse(read(dir_ / "credentials.json"))["credentials"].size(), 0u);
  // init's summary names the CAs in RFC 4514 too.
  const fs::path other = work_ / "other";
  auto init = run_ifa026("ca init --dir " + quoted(other));
  EXPECT_NE(init.out.find("issuing CA \"CN=ifa026 Issuing CA,O=ifa026\""), std::string::npos)
      << init.out;
}

// A credentials.json from before RFC 4514 (no "dn_form") wrote subjects in the certificate's
// order; it is read so, and written in RFC 4514 at its next change.
TEST_F(CaSubject, CredentialsOfAnEarlierVersionKeepTheirOrder) {
  std::ofstream(dir_ / "credentials.json")
      << R"({"credentials": [{"reference": "old", "secret_hex": "733363726574", "one_use": true,
          "used": false, "registered": 0, "subject": "CN=old.example.net,O=Operator",
          "dns": ["old.example.net"]}]})";
  Server server(dir_);
  ASSERT_GT(server.port(), 0) << server.first_line() << server.log();
  fs::path key = new_key("old");
  auto r = shell(cmp(server.port()) + "-cmd ir -ref old -secret pass:s3cret -newkey " +
                 quoted(key) + " -subject /CN=old.example.net/O=Operator -trusted " +
                 quoted(dir_ / "root.crt") + " -certout " + quoted(work_ / "old.crt"));
  ASSERT_EQ(r.code, 0) << r.out << server.log();
  auto subject = shell("openssl x509 -noout -subject -in " + quoted(work_ / "old.crt"));
  EXPECT_NE(subject.out.find("CN = old.example.net, O = Operator"), std::string::npos)
      << subject.out;
  auto j = nlohmann::json::parse(read(dir_ / "credentials.json"));
  EXPECT_EQ(j["dn_form"], "rfc4514") << j.dump();
  EXPECT_EQ(j["credentials"][0]["subject"], "O=Operator,CN=old.example.net") << j.dump();
  EXPECT_EQ(j["credentials"][0]["used"], true) << j.dump();
}

}  // namespace
}  // namespace ca_subject_test
