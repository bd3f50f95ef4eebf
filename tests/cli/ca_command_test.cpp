// `ifa026 ca` as a CA operator and a real RFC 4210 client (`openssl cmp`) use it: init, register,
// serve over HTTP, p10cr/ir/kur/rr, CRLs, persistence across a restart, concurrent clients.
#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "tests/cli/ca_serve_support.hpp"
#include "tests/support/test_support.hpp"

namespace ca_command_test {
namespace {

namespace fs = std::filesystem;

using namespace ifa026::test::ca;  // NOLINT(google-build-using-namespace)

// One HTTP exchange on a raw socket; returns the status code (0 on failure).
int http_status(int port, const std::string& request) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return 0;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  timeval timeout{10, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  std::string reply;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) {
    ::send(fd, request.data(), request.size(), MSG_NOSIGNAL);
    char buf[512];
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n > 0) reply.assign(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  if (!reply.starts_with("HTTP/1.1 ")) return 0;
  return std::atoi(reply.c_str() + 9);
}

// A CA directory made by `ifa026 ca init`, and helpers to run `openssl cmp` against it.
class CaServe : public ::testing::Test {
 protected:
  void SetUp() override {
    work_ = temp_dir(::testing::UnitTest::GetInstance()->current_test_info()->name());
    dir_ = work_ / "ca";
    auto r = run_ifa026("ca init --dir " + quoted(dir_));
    ASSERT_EQ(r.code, 0) << r.out;
  }
  void TearDown() override { fs::remove_all(work_); }

  // Registers REF for `extra`'s identity, by default CN=REF.example.net with dNSName
  // REF.example.net (what p10cr(..., REF) asks for).
  void register_credential(const std::string& ref, const std::string& secret,
                           const std::string& extra = "") {
    const std::string identity =
        extra.find("--subject") != std::string::npos
            ? extra
            : extra + " --subject CN=" + ref + ".example.net --dns " + ref + ".example.net";
    auto r = run_ifa026("ca register --dir " + quoted(dir_) + " --ref " + ref + " --secret " +
                        secret + " " + identity);
    ASSERT_EQ(r.code, 0) << r.out;
  }

  fs::path new_key(const std::string& name) {
    fs::path key = work_ / (name + ".key");
    auto r =
        shell("openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out " + quoted(key));
    EXPECT_EQ(r.code, 0) << r.out;
    return key;
  }

  // A CSR with a new key NAME.key for subject `subj` (openssl form, default /CN=CN) and
  // dNSName CN.
  fs::path new_csr(const std::string& name, const std::string& cn, std::string subj = "") {
    fs::path key = new_key(name);
    fs::path csr = work_ / (name + ".csr");
    if (subj.empty()) subj = "/CN=" + cn;
    auto r = shell("openssl req -new -key " + quoted(key) + " -subj '" + subj +
                   "' -addext subjectAltName=DNS:" + cn + " -out " + quoted(csr));
    EXPECT_EQ(r.code, 0) << r.out;
    return csr;
  }

  std::string cmp(int port) const {
    return "openssl cmp -config '' -server 127.0.0.1:" + std::to_string(port) +
           " -path pkix/ -msg_timeout 20 -total_timeout 60 ";
  }

  // p10cr with an initial credential; the certificate goes to NAME.crt. Responses are PBM
  // protected, except refusals CmpServer makes before OpenSSL's processing (e.g. a one-use
  // credential used again), which are signed: see signed_by() for the extra options.
  Result p10cr(int port, const std::string& ref, const std::string& secret, const std::string& name,
               const std::string& subj = "") {
    fs::path csr = new_csr(name, name + ".example.net", subj);
    return shell(cmp(port) + "-cmd p10cr -ref " + ref + " -secret pass:" + secret + " -csr " +
                 quoted(csr) + " -trusted " + quoted(dir_ / "root.crt") + " -untrusted " +
                 quoted(dir_ / "intermediate.crt") + " -certout " +
                 quoted(work_ / (name + ".crt")));
  }

  // Signature-protected requests: the response is signed with the issuing CA's key (its
  // certificate allows digitalSignature), verified up to the root through the intermediate.
  std::string signed_by(const std::string& name) const {
    return "-cert " + quoted(work_ / (name + ".crt")) + " -key " + quoted(work_ / (name + ".key")) +
           " -trusted " + quoted(dir_ / "root.crt") + " -untrusted " +
           quoted(dir_ / "intermediate.crt") + " ";
  }

  // The subjectAltName as openssl prints it ("DNS:a, IP Address:192.0.2.1"), "" if none.
  std::string san_of(const fs::path& certificate) {
    auto r = shell("openssl x509 -noout -ext subjectAltName -in " + quoted(certificate));
    auto at = r.out.find("Alternative Name:");
    if (r.code != 0 || at == std::string::npos) return "";
    std::string value = r.out.substr(r.out.find('\n', at) + 1);
    value.erase(0, value.find_first_not_of(' '));
    while (!value.empty() && (value.back() == '\n' || value.back() == ' ')) value.pop_back();
    return value;
  }

  std::string serial_of(const fs::path& certificate) {
    auto r = shell("openssl x509 -noout -serial -in " + quoted(certificate));
    auto at = r.out.find("serial=");
    if (at == std::string::npos) return "";
    std::string serial = r.out.substr(at + 7);
    while (!serial.empty() && (serial.back() == '\n' || serial.back() == '\r')) serial.pop_back();
    return serial;
  }

  // The name under DIR/issued/: the serial without leading zeros (openssl prints whole octets).
  fs::path issued_file(const fs::path& certificate) {
    std::string serial = serial_of(certificate);
    serial.erase(0, std::min(serial.find_first_not_of('0'), serial.size() - 1));
    return dir_ / "issued" / (serial + ".crt");
  }

  std::string crl_text() {
    fs::path crl = work_ / "crl.pem";
    auto r = run_ifa026("ca crl --dir " + quoted(dir_) + " --out " + quoted(crl));
    EXPECT_EQ(r.code, 0) << r.out;
    return shell("openssl crl -noout -text -in " + quoted(crl)).out;
  }

  fs::path work_;
  fs::path dir_;
};

TEST(CaCommand, HelpAndUsageErrors) {
  auto help = run_ifa026("ca --help");
  EXPECT_EQ(help.code, 0);
  EXPECT_NE(help.out.find("Usage: ifa026 ca"), std::string::npos);
  for (const char* sub : {"init", "register", "serve", "crl"}) {
    auto r = run_ifa026(std::string("ca ") + sub + " --help");
    EXPECT_EQ(r.code, 0) << sub;
    EXPECT_NE(r.out.find("Usage: ifa026 ca " + std::string(sub)), std::string::npos) << sub;
  }
  EXPECT_NE(run_ifa026("--help").out.find("ca "), std::string::npos);
  EXPECT_EQ(run_ifa026("ca").code, 2);
  EXPECT_EQ(run_ifa026("ca frobnicate").code, 2);
  EXPECT_EQ(run_ifa026("ca init").code, 2);
  EXPECT_EQ(run_ifa026("ca init --dir x --bogus").code, 2);

  fs::path empty = temp_dir("not-a-ca");
  auto missing = run_ifa026("ca register --dir " + quoted(empty / "nope") +
                            " --ref a --secret b --subject CN=a");
  EXPECT_EQ(missing.code, 2);
  EXPECT_NE(missing.out.find("no such directory"), std::string::npos) << missing.out;
  auto not_ca = run_ifa026("ca crl --dir " + quoted(empty) + " --out " + quoted(empty / "c.pem"));
  EXPECT_EQ(not_ca.code, 2);
  EXPECT_NE(not_ca.out.find("not a CA directory"), std::string::npos) << not_ca.out;
  EXPECT_EQ(run_ifa026("ca serve --dir " + quoted(empty) + " --port 0").code, 2);
  EXPECT_EQ(run_ifa026("ca serve --dir " + quoted(empty)).code, 2);  // no --port
  EXPECT_EQ(run_ifa026("ca serve --dir " + quoted(empty) + " --port 70000").code, 2);
  fs::remove_all(empty);
}

TEST_F(CaServe, InitCreatesTheHierarchyWithOwnerOnlyKeys) {
  for (const char* key : {"root.key", "intermediate.key", "ca.key", "credentials.json"}) {
    EXPECT_EQ(mode_of(dir_ / key), 0600u) << key;
  }
  for (const char* cert : {"root.crt", "intermediate.crt", "ca.crt", "chain.pem"}) {
    EXPECT_EQ(mode_of(dir_ / cert), 0644u) << cert;
  }
  EXPECT_EQ(count(read(dir_ / "chain.pem"), "BEGIN CERTIFICATE"), 3u);
  auto verify = shell("openssl verify -CAfile " + quoted(dir_ / "root.crt") + " -untrusted " +
                      quoted(dir_ / "intermediate.crt") + " " + quoted(dir_ / "ca.crt"));
  EXPECT_EQ(verify.code, 0) << verify.out;
  EXPECT_NE(verify.out.find(": OK"), std::string::npos) << verify.out;
  auto again = run_ifa026("ca init --dir " + quoted(dir_));
  EXPECT_EQ(again.code, 2);
  EXPECT_NE(again.out.find("already holds a CA"), std::string::npos) << again.out;
}

TEST_F(CaServe, RegisterWritesTheCredential) {
  register_credential("vnfm-1", "s3cret",
                      "--subject 'CN=vnfm-1.example.net,O=Operator' --dns vnfm-1.example.net "
                      "--dns alt.example.net --ip 192.0.2.7 --ip 2001:DB8:0:0::1");
  auto j = nlohmann::json::parse(read(dir_ / "credentials.json"));
  ASSERT_EQ(j["credentials"].size(), 1u);
  const auto& c = j["credentials"][0];
  EXPECT_EQ(c["reference"], "vnfm-1");
  EXPECT_EQ(c["subject"], "CN=vnfm-1.example.net,O=Operator");  // RFC 4514, as given
  EXPECT_EQ(j["dn_form"], "rfc4514");
  EXPECT_EQ(c["dns"], nlohmann::json::array({"vnfm-1.example.net", "alt.example.net"}));
  EXPECT_EQ(c["ip"], nlohmann::json::array({"192.0.2.7", "2001:db8::1"}));
  EXPECT_EQ(c["one_use"], true);
  EXPECT_EQ(c["used"], false);
  EXPECT_TRUE(c.contains("expires"));
  EXPECT_EQ(mode_of(dir_ / "credentials.json"), 0600u);
  auto duplicate =
      run_ifa026("ca register --dir " + quoted(dir_) + " --ref vnfm-1 --secret x --subject CN=x");
  EXPECT_EQ(duplicate.code, 2);
  EXPECT_NE(duplicate.out.find("already registered"), std::string::npos) << duplicate.out;
  EXPECT_EQ(
      run_ifa026("ca register --dir " + quoted(dir_) + " --ref v2 --secret x --subject 'XX=1'")
          .code,
      2);
  // A registration binds an identity: a subject is required, names and addresses must be ones.
  auto no_subject = run_ifa026("ca register --dir " + quoted(dir_) + " --ref v3 --secret x");
  EXPECT_EQ(no_subject.code, 2);
  EXPECT_NE(no_subject.out.find("--subject is required"), std::string::npos) << no_subject.out;
  auto bad_dns = run_ifa026("ca register --dir " + quoted(dir_) +
                            " --ref v4 --secret x --subject CN=v4 --dns DNS:v4.example.net");
  EXPECT_EQ(bad_dns.code, 2);
  EXPECT_NE(bad_dns.out.find("--dns: 'DNS:v4.example.net' is not a DNS name"), std::string::npos)
      << bad_dns.out;
  auto bad_ip = run_ifa026("ca register --dir " + quoted(dir_) +
                           " --ref v5 --secret x --subject CN=v5 --ip 300.1.2.3");
  EXPECT_EQ(bad_ip.code, 2);
  EXPECT_NE(bad_ip.out.find("--ip: '300.1.2.3'"), std::string::npos) << bad_ip.out;
  EXPECT_EQ(nlohmann::json::parse(read(dir_ / "credentials.json"))["credentials"].size(), 1u);
}

TEST_F(CaServe, P10crWithAnInitialCredential) {
  register_credential("ee1", "s3cret",
                      "--subject 'CN=ee1.example.net,O=Operator' --dns ee1.example.net");
  Server server(dir_);
  ASSERT_GT(server.port(), 0) << server.first_line() << server.log();
  auto r = p10cr(server.port(), "ee1", "s3cret", "ee1", "/O=Operator/CN=ee1.example.net");
  ASSERT_EQ(r.code, 0) << r.out << server.log();
  auto verify = shell("openssl verify -CAfile " + quoted(dir_ / "root.crt") + " -untrusted " +
                      quoted(dir_ / "chain.pem") + " " + quoted(work_ / "ee1.crt"));
  EXPECT_EQ(verify.code, 0) << verify.out;
  auto subject = shell("openssl x509 -noout -subject -in " + quoted(work_ / "ee1.crt"));
  EXPECT_NE(subject.out.find("O = Operator, CN = ee1.example.net"), std::string::npos)
      << subject.out;
  // Persisted: the certificate, and the credential marked used.
  const fs::path issued = issued_file(work_ / "ee1.crt");
  EXPECT_TRUE(fs::exists(issued)) << issued;
  auto record = nlohmann::json::parse(read(dir_ / "issued.json"))["certificates"][0];
  EXPECT_EQ(record["serial"], issued.stem().string());
  EXPECT_EQ(record["reference"], "ee1");  // who asked
  EXPECT_FALSE(record.contains("signer_serial"));
  EXPECT_EQ(read(issued), shell("openssl x509 -outform DER -in " + quoted(work_ / "ee1.crt")).out);
  auto creds = nlohmann::json::parse(read(dir_ / "credentials.json"));
  EXPECT_EQ(creds["credentials"][0]["used"], true);
  // One use only.
  auto reuse = p10cr(server.port(), "ee1", "s3cret", "ee1b");
  EXPECT_NE(reuse.code, 0);
  EXPECT_NE(reuse.out.find("already used"), std::string::npos) << reuse.out;
  auto wrong = p10cr(server.port(), "nobody", "s3cret", "ee1c");
  EXPECT_NE(wrong.code, 0);
}

// Standard CRMF ir from the openssl CLI (needs the CA to issue from a CRMF template).
TEST_F(CaServe, IrWithAnInitialCredential) {
  register_credential("ir1", "s3cret");
  Server server(dir_);
  ASSERT_GT(server.port(), 0) << server.first_line() << server.log();
  fs::path key = new_key("ir1");
  auto r = shell(cmp(server.port()) + "-cmd ir -ref ir1 -secret pass:s3cret -newkey " +
                 quoted(key) + " -subject /CN=ir1.example.net -sans ir1.example.net" +
                 " -trusted " + quoted(dir_ / "root.crt") + " -certout " +
                 quoted(work_ / "ir1.crt") + " -extracertsout " + quoted(work_ / "extra.pem"));
  ASSERT_EQ(r.code, 0) << r.out << server.log();
  auto verify = shell("openssl verify -CAfile " + quoted(dir_ / "root.crt") + " -untrusted " +
                      quoted(dir_ / "chain.pem") + " " + quoted(work_ / "ir1.crt"));
  EXPECT_EQ(verify.code, 0) << verify.out;
  EXPECT_TRUE(fs::exists(issued_file(work_ / "ir1.crt")));
  EXPECT_EQ(san_of(work_ / "ir1.crt"), "DNS:ir1.example.net");
}

TEST_F(CaServe, KurAndRrSignedByTheCertificateThenCrl) {
  register_credential("ee", "s3cret");
  Server server(dir_);
  ASSERT_GT(server.port(), 0) << server.first_line() << server.log();
  ASSERT_EQ(p10cr(server.port(), "ee", "s3cret", "ee").code, 0) << server.log();
  fs::path renewed_key = new_key("renewed");
  auto kur = shell(cmp(server.port()) + "-cmd kur " + signed_by("ee") + "-newkey " +
                   quoted(renewed_key) + " -certout " + quoted(work_ / "renewed.crt"));
  ASSERT_EQ(kur.code, 0) << kur.out << server.log();
  const std::string renewed = serial_of(work_ / "renewed.crt");
  EXPECT_NE(renewed, serial_of(work_ / "ee.crt"));
  EXPECT_TRUE(fs::exists(issued_file(work_ / "renewed.crt")));
  // Who asked for the renewal: the certificate that signed the kur.
  auto renewal = nlohmann::json::parse(read(dir_ / "issued.json"))["certificates"].back();
  EXPECT_EQ(renewal["serial"], issued_file(work_ / "renewed.crt").stem().string());
  EXPECT_EQ(renewal["signer_serial"], issued_file(work_ / "ee.crt").stem().string());
  EXPECT_EQ(renewal["signer_subject"], "CN=ee.example.net");

  const std::string old_serial = serial_of(work_ / "ee.crt");
  auto rr = shell(cmp(server.port()) + "-cmd rr " + signed_by("ee") + "-oldcert " +
                  quoted(work_ / "ee.crt") + " -revreason 4");
  ASSERT_EQ(rr.code, 0) << rr.out << server.log();
  EXPECT_NE(read(dir_ / "revoked.json").find(issued_file(work_ / "ee.crt").stem().string()),
            std::string::npos);
  std::string text = crl_text();
  EXPECT_NE(text.find("Serial Number: " + old_serial), std::string::npos) << text;
  EXPECT_NE(text.find("Superseded"), std::string::npos) << text;
  EXPECT_EQ(text.find("Serial Number: " + renewed), std::string::npos) << text;
  // A revoked certificate signs nothing more: a renewal with it is refused with certRevoked.
  auto again = shell(cmp(server.port()) + "-cmd rr " + signed_by("ee") + "-oldcert " +
                     quoted(work_ / "ee.crt"));
  EXPECT_NE(again.code, 0);
  fs::path late_key = new_key("late-renewal");
  auto late_kur = shell(cmp(server.port()) + "-cmd kur " + signed_by("ee") + "-newkey " +
                        quoted(late_key) + " -certout " + quoted(work_ / "late.crt"));
  EXPECT_NE(late_kur.code, 0);
  EXPECT_NE(late_kur.out.find("certRevoked"), std::string::npos) << late_kur.out;
  EXPECT_FALSE(fs::exists(work_ / "late.crt"));
}

TEST_F(CaServe, ARestartedServerRemembersCredentialsAndRevocations) {
  register_credential("once", "s3cret", "--subject CN=ee.example.net --dns ee.example.net");
  std::string serial;
  {
    Server server(dir_);
    ASSERT_GT(server.port(), 0) << server.first_line() << server.log();
    ASSERT_EQ(p10cr(server.port(), "once", "s3cret", "ee").code, 0) << server.log();
    serial = serial_of(work_ / "ee.crt");
    auto rr = shell(cmp(server.port()) + "-cmd rr " + signed_by("ee") + "-oldcert " +
                    quoted(work_ / "ee.crt") + " -revreason 1");
    ASSERT_EQ(rr.code, 0) << rr.out << server.log();
    EXPECT_EQ(server.stop(), 0) << server.log();  // SIGTERM is a clean stop
  }
  std::string first = crl_text();
  EXPECT_NE(first.find("Serial Number: " + serial), std::string::npos) << first;

  Server restarted(dir_);
  ASSERT_GT(restarted.port(), 0) << restarted.first_line() << restarted.log();
  auto reuse = p10cr(restarted.port(), "once", "s3cret", "again");
  EXPECT_NE(reuse.code, 0) << reuse.out;
  EXPECT_NE(reuse.out.find("already used"), std::string::npos) << reuse.out;
  EXPECT_FALSE(fs::exists(work_ / "again.crt"));
  auto rr = shell(cmp(restarted.port()) + "-cmd rr " + signed_by("ee") + "-oldcert " +
                  quoted(work_ / "ee.crt"));
  EXPECT_NE(rr.code, 0) << rr.out;  // the signer is revoked
  // A credential registered while the server runs is usable at once.
  register_credential("late", "s3cret");
  auto late = p10cr(restarted.port(), "late", "s3cret", "late");
  EXPECT_EQ(late.code, 0) << late.out << restarted.log();
  std::string second = crl_text();
  EXPECT_NE(second.find("Serial Number: " + serial), std::string::npos) << second;
  EXPECT_NE(second.find("Key Compromise"), std::string::npos) << second;
  // CRL numbers keep increasing across processes.
  EXPECT_NE(first.find("X509v3 CRL Number: \n                1"), std::string::npos) << first;
  EXPECT_NE(second.find("X509v3 CRL Number: \n                2"), std::string::npos) << second;
}

// The README's "A CA for real peers" block, run as printed: each command in a folder of its
// own, with `ifa026` the built program and the server (`ifa026 ca serve ... &`) started on a free
// port that replaces 8080. The certificates must carry the registered dNSName.
TEST(CaReadme, TheCommandsWorkAsPrinted) {
  const std::string readme = read(fs::path(IFA026_SOURCE_DIR) / "README.md");
  const auto section = readme.find("## A CA for real peers");
  ASSERT_NE(section, std::string::npos);
  const auto begin = readme.find("```sh\n", section);
  const auto end = readme.find("```\n", begin + 6);
  ASSERT_NE(begin, std::string::npos);
  ASSERT_NE(end, std::string::npos);
  std::vector<std::string> commands;
  std::istringstream lines(readme.substr(begin + 6, end - begin - 6));
  std::string line, command;
  while (std::getline(lines, line)) {
    if (line.starts_with("#")) continue;
    const bool continued = line.ends_with("\\");
    command += continued ? line.substr(0, line.size() - 1) : line;
    if (!continued) {
      commands.push_back(command);
      command.clear();
    }
  }
  const fs::path work = temp_dir("readme");
  std::optional<Server> server;
  std::vector<std::string> ran;
  for (std::string c : commands) {
    if (auto comment = c.find("  # "); comment != std::string::npos) c.resize(comment);
    if (c.starts_with("ifa026 ca serve --dir ca --port 8080 &")) {
      server.emplace(work / "ca");
      ASSERT_GT(server->port(), 0) << server->first_line() << server->log();
      continue;
    }
    if (c.starts_with("ifa026 ")) c = "'" + ifa026_binary() + "'" + c.substr(6);
    if (server) {
      for (auto at = c.find("127.0.0.1:8080"); at != std::string::npos;
           at = c.find("127.0.0.1:8080"))
        c.replace(at, 14, "127.0.0.1:" + std::to_string(server->port()));
    }
    auto r = shell("cd " + quoted(work) + " && " + c);
    ASSERT_EQ(r.code, 0) << c << "\n" << r.out << (server ? server->log() : "");
    ran.push_back(c);
  }
  ASSERT_TRUE(server.has_value()) << "no ca serve line in the README block";
  // ir, kur, p10cr and rr, each one command.
  for (const char* cmd : {"-cmd ir ", "-cmd kur ", "-cmd p10cr ", "-cmd rr "}) {
    EXPECT_EQ(std::count_if(ran.begin(), ran.end(),
                            [&](const std::string& c) { return c.find(cmd) != std::string::npos; }),
              1)
        << cmd;
  }
  for (const char* crt : {"vnfm-1.crt", "vnfm-1-new.crt", "vnfm-1-p10.crt"}) {
    auto san = shell("openssl x509 -noout -ext subjectAltName -in " + quoted(work / crt));
    EXPECT_NE(san.out.find("DNS:vnfm-1.example.net"), std::string::npos) << crt << san.out;
    EXPECT_EQ(san.out.find("URI:"), std::string::npos) << crt << san.out;
    auto subject = shell("openssl x509 -noout -subject -in " + quoted(work / crt));
    EXPECT_NE(subject.out.find("O = Operator, CN = vnfm-1.example.net"), std::string::npos)
        << crt << subject.out;
  }
  // The rr revoked the first certificate: it is on the CRL the last command wrote.
  auto serial = shell("openssl x509 -noout -serial -in " + quoted(work / "vnfm-1.crt"));
  auto crl = shell("openssl crl -noout -text -in " + quoted(work / "crl.pem"));
  ASSERT_NE(serial.out.find("serial="), std::string::npos);
  EXPECT_NE(crl.out.find("Serial Number: " + serial.out.substr(serial.out.find('=') + 1, 8)),
            std::string::npos)
      << crl.out;
  EXPECT_NE(crl.out.find("Superseded"), std::string::npos) << crl.out;
  server.reset();
  fs::remove_all(work);
}

// An end entity holding a certificate of this CA asks for other identities with p10cr, cr and
// ir signed by its certificate: each is refused with notAuthorized in an answer the client
// verifies trusting only root.crt (no -untrusted), so it reports the reason; its own identity
// is granted, and issued.json names the signer.
TEST_F(CaServe, AnEndEntityGetsCertificatesOnlyForItsOwnIdentity) {
  register_credential("vnfm-2", "s3cret");
  Server server(dir_);
  ASSERT_GT(server.port(), 0) << server.first_line() << server.log();
  ASSERT_EQ(p10cr(server.port(), "vnfm-2", "s3cret", "vnfm-2").code, 0) << server.log();
  const std::string root_only = "-cert " + quoted(work_ / "vnfm-2.crt") + " -key " +
                                quoted(work_ / "vnfm-2.key") + " -trusted " +
                                quoted(dir_ / "root.crt") + " ";
  auto refused = [&](const Result& r, const std::string& what) {
    EXPECT_NE(r.code, 0) << what << r.out;
    EXPECT_NE(r.out.find("notAuthorized"), std::string::npos) << what << r.out;
    EXPECT_NE(r.out.find("only for its own identity"), std::string::npos) << what << r.out;
    EXPECT_EQ(r.out.find("unable to get local issuer"), std::string::npos) << what << r.out;
  };
  fs::path foreign_csr = new_csr("cmf-1", "cmf-1.example.net");
  refused(shell(cmp(server.port()) + "-cmd p10cr " + root_only + "-csr " + quoted(foreign_csr) +
                " -certout " + quoted(work_ / "cmf-1.crt")),
          "p10cr for cmf-1");
  fs::path k = new_key("other");
  refused(shell(cmp(server.port()) + "-cmd cr " + root_only + "-newkey " + quoted(k) +
                " -subject /CN=nfvo-1.example.net -sans nfvo-1.example.net -certout " +
                quoted(work_ / "nfvo-1.crt")),
          "cr for nfvo-1");
  refused(shell(cmp(server.port()) + "-cmd cr " + root_only + "-newkey " + quoted(k) +
                " -subject /CN=vnfm-2.example.net -sans evil.example.com -certout " +
                quoted(work_ / "evil.crt")),
          "cr for its subject with another name");
  refused(shell(cmp(server.port()) + "-cmd ir " + root_only + "-newkey " + quoted(k) +
                " -subject /CN=cmf-1.example.net -certout " + quoted(work_ / "ir-cmf.crt")),
          "signed ir for cmf-1");
  for (const char* crt : {"cmf-1.crt", "nfvo-1.crt", "evil.crt", "ir-cmf.crt"}) {
    EXPECT_FALSE(fs::exists(work_ / crt)) << crt;
  }
  // Its own identity: granted (names as in its certificate).
  auto own = shell(cmp(server.port()) + "-cmd cr " + root_only + "-newkey " + quoted(k) +
                   " -subject /CN=vnfm-2.example.net -sans vnfm-2.example.net -certout " +
                   quoted(work_ / "own.crt"));
  ASSERT_EQ(own.code, 0) << own.out << server.log();
  EXPECT_EQ(san_of(work_ / "own.crt"), "DNS:vnfm-2.example.net");
  auto issued = nlohmann::json::parse(read(dir_ / "issued.json"))["certificates"];
  ASSERT_EQ(issued.size(), 2u);  // the p10cr's and the cr's, nothing else
  EXPECT_EQ(issued[0]["reference"], "vnfm-2");
  EXPECT_FALSE(issued[1].contains("reference"));
  EXPECT_EQ(issued[1]["signer_subject"], "CN=vnfm-2.example.net");
  EXPECT_EQ(issued[1]["signer_serial"], issued[0]["serial"]);
  EXPECT_NE(server.log().find("notAuthorized"), std::string::npos) << server.log();
}

// An ir with the registered credential may ask only for the registered subject and names:
// other names (alone or added), or another subject, are refused with badCertTemplate and the
// credential stays unused; asking for no names gets the registered ones.
TEST_F(CaServe, AnIrAsksForTheRegisteredIdentityOnly) {
  register_credential("vnfm-2", "s3cret",
                      "--subject CN=vnfm-2.example.net --dns vnfm-2.example.net --ip 192.0.2.7");
  Server server(dir_);
  ASSERT_GT(server.port(), 0) << server.first_line() << server.log();
  fs::path key = new_key("vnfm-2");
  auto ir = [&](const std::string& subject, const std::string& sans, const std::string& out) {
    return shell(cmp(server.port()) + "-cmd ir -ref vnfm-2 -secret pass:s3cret -newkey " +
                 quoted(key) + " -subject " + subject +
                 (sans.empty() ? "" : " -sans '" + sans + "'") + " -trusted " +
                 quoted(dir_ / "root.crt") + " -certout " + quoted(work_ / out));
  };
  for (const auto& [subject, sans] : std::vector<std::pair<std::string, std::string>>{
           {"/CN=vnfm-2.example.net", "evil.example.com"},
           {"/CN=vnfm-2.example.net", "vnfm-2.example.net 192.0.2.7 evil.example.com"},
           {"/CN=vnfm-2.example.net", "vnfm-2.example.net"},  // the address missing
           {"/CN=cmf-1.example.net", ""}}) {
    auto r = ir(subject, sans, "refused.crt");
    EXPECT_NE(r.code, 0) << subject << " " << sans << r.out;
    EXPECT_NE(r.out.find("badCertTemplate"), std::string::npos) << sans << r.out;
    EXPECT_FALSE(fs::exists(work_ / "refused.crt"));
  }
  auto creds = nlohmann::json::parse(read(dir_ / "credentials.json"));
  EXPECT_EQ(creds["credentials"][0]["used"], false);
  auto granted = ir("/CN=vnfm-2.example.net", "", "vnfm-2.crt");
  ASSERT_EQ(granted.code, 0) << granted.out << server.log();
  EXPECT_EQ(san_of(work_ / "vnfm-2.crt"), "DNS:vnfm-2.example.net, IP Address:192.0.2.7");
}

// Revocation answers verify with the root alone: an rr signed by the certificate, trusting
// only root.crt, is reported as a success; an rr for another identity's certificate is refused
// with notAuthorized, and the client reads why.
TEST_F(CaServe, RevocationAnswersVerifyWithTheRootAlone) {
  register_credential("ee", "s3cret");
  register_credential("other", "s3cret");
  Server server(dir_);
  ASSERT_GT(server.port(), 0) << server.first_line() << server.log();
  ASSERT_EQ(p10cr(server.port(), "ee", "s3cret", "ee").code, 0) << server.log();
  ASSERT_EQ(p10cr(server.port(), "other", "s3cret", "other").code, 0) << server.log();
  const std::string ee_root_only = "-cert " + quoted(work_ / "ee.crt") + " -key " +
                                   quoted(work_ / "ee.key") + " -trusted " +
                                   quoted(dir_ / "root.crt") + " ";
  auto foreign = shell(cmp(server.port()) + "-cmd rr " + ee_root_only + "-oldcert " +
                       quoted(work_ / "other.crt"));
  EXPECT_NE(foreign.code, 0) << foreign.out;
  EXPECT_NE(foreign.out.find("notAuthorized"), std::string::npos) << foreign.out;
  EXPECT_EQ(foreign.out.find("unable to get local issuer"), std::string::npos) << foreign.out;
  auto own = shell(cmp(server.port()) + "-cmd rr " + ee_root_only + "-oldcert " +
                   quoted(work_ / "ee.crt") + " -revreason 1");
  EXPECT_EQ(own.code, 0) << own.out << server.log();
  EXPECT_NE(read(dir_ / "revoked.json").find(issued_file(work_ / "ee.crt").stem().string()),
            std::string::npos);
  EXPECT_EQ(read(dir_ / "revoked.json").find(issued_file(work_ / "other.crt").stem().string()),
            std::string::npos);
}

TEST_F(CaServe, TwoConcurrentClientsBothSucceed) {
  register_credential("a", "secret-a");
  register_credential("b", "secret-b");
  Server server(dir_);
  ASSERT_GT(server.port(), 0) << server.first_line() << server.log();
  Result a, b;
  std::thread ta([&] { a = p10cr(server.port(), "a", "secret-a", "a"); });
  std::thread tb([&] { b = p10cr(server.port(), "b", "secret-b", "b"); });
  ta.join();
  tb.join();
  EXPECT_EQ(a.code, 0) << a.out << server.log();
  EXPECT_EQ(b.code, 0) << b.out << server.log();
  EXPECT_NE(serial_of(work_ / "a.crt"), serial_of(work_ / "b.crt"));
  auto issued = nlohmann::json::parse(read(dir_ / "issued.json"));
  EXPECT_EQ(issued["certificates"].size(), 2u);
}

TEST_F(CaServe, HttpErrors) {
  Server server(dir_);
  ASSERT_GT(server.port(), 0) << server.first_line() << server.log();
  const int port = server.port();
  EXPECT_EQ(http_status(port, "GET /pkix/ HTTP/1.1\r\nHost: x\r\n\r\n"), 405);
  EXPECT_EQ(http_status(port,
                        "POST /other HTTP/1.1\r\nHost: x\r\nContent-Type: "
                        "application/pkixcmp\r\nContent-Length: 1\r\n\r\nx"),
            404);
  EXPECT_EQ(http_status(port,
                        "POST /pkix/ HTTP/1.1\r\nHost: x\r\nContent-Type: "
                        "application/pkixcmp\r\nContent-Length: 2000000\r\n\r\n"),
            413);
  EXPECT_EQ(http_status(port,
                        "POST /pkix/ HTTP/1.1\r\nHost: x\r\nContent-Type: "
                        "text/plain\r\nContent-Length: 1\r\n\r\nx"),
            415);
  // Garbage gets a CMP error message, not a crash.
  EXPECT_EQ(http_status(port,
                        "POST /pkix/ HTTP/1.1\r\nHost: x\r\nContent-Type: "
                        "application/pkixcmp\r\nContent-Length: 3\r\n\r\nxyz"),
            200);
  EXPECT_EQ(server.stop(), 0) << server.log();
}

}  // namespace
}  // namespace ca_command_test
