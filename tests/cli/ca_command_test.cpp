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
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/test_support.hpp"

extern char** environ;

namespace {

namespace fs = std::filesystem;

struct Result {
  int code = -1;
  std::string out;  // stdout and stderr together
};

Result shell(const std::string& command) {
  ifa026::test::CommandResult r = ifa026::test::run_command(command, " 2>&1 </dev/null");
  return Result{r.exit_code, std::move(r.output)};
}

std::string quoted(const fs::path& p) {
  return "'" + p.string() + "'";
}

Result ifa026(const std::string& args) {
  return shell(std::string("'") + IFA026_BINARY + "' " + args);
}

fs::path temp_dir(const std::string& name) {
  return ifa026::test::fresh_temp_dir("ifa026-ca-" + name);
}

std::string read(const fs::path& p) {
  return ifa026::test::read_file(p);
}

unsigned mode_of(const fs::path& p) {
  struct stat st {};
  if (::stat(p.c_str(), &st) != 0) return 0;
  return st.st_mode & 0777;
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// `ifa026 ca serve --dir DIR --port 0` in the background; stopped (SIGTERM, then SIGKILL) when
// the object goes, whatever the test did.
class Server {
 public:
  explicit Server(const fs::path& dir)
      : log_(dir.parent_path() / (dir.filename().string() + ".log")) {
    int fds[2];
    if (::pipe(fds) != 0) return;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
    posix_spawn_file_actions_addopen(&actions, 2, log_.c_str(), O_WRONLY | O_CREAT | O_APPEND,
                                     0644);
    posix_spawn_file_actions_addclose(&actions, fds[0]);
    posix_spawn_file_actions_addclose(&actions, fds[1]);
    std::vector<std::string> args{IFA026_BINARY, "ca",     "serve", "--dir",
                                  dir.string(),  "--port", "0"};
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    if (posix_spawn(&pid_, IFA026_BINARY, &actions, nullptr, argv.data(), environ) != 0) pid_ = -1;
    posix_spawn_file_actions_destroy(&actions);
    ::close(fds[1]);
    // The first line: "listening on http://127.0.0.1:PORT/pkix/".
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (pid_ > 0 && first_line_.find('\n') == std::string::npos &&
           std::chrono::steady_clock::now() < deadline) {
      pollfd p{fds[0], POLLIN, 0};
      if (::poll(&p, 1, 200) <= 0) continue;
      char c[256];
      ssize_t n = ::read(fds[0], c, sizeof c);
      if (n <= 0) break;
      first_line_.append(c, static_cast<std::size_t>(n));
    }
    stdout_fd_ = fds[0];
    auto colon = first_line_.rfind(':');
    auto slash = first_line_.find("/pkix/");
    if (first_line_.starts_with("listening on http://") && colon != std::string::npos &&
        slash != std::string::npos && slash > colon) {
      port_ = std::stoi(first_line_.substr(colon + 1, slash - colon - 1));
    }
  }
  ~Server() { stop(); }
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  int port() const { return port_; }
  const std::string& first_line() const { return first_line_; }
  std::string log() const { return read(log_); }

  // SIGTERM and wait; returns the exit status (-1 if it had to be killed).
  int stop() {
    if (pid_ <= 0) return -1;
    ::kill(pid_, SIGTERM);
    int status = 0;
    int code = -1;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (true) {
      pid_t done = ::waitpid(pid_, &status, WNOHANG);
      if (done == pid_) {
        code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        break;
      }
      if (done < 0 || std::chrono::steady_clock::now() > deadline) {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, &status, 0);
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    pid_ = -1;
    if (stdout_fd_ >= 0) ::close(stdout_fd_);
    stdout_fd_ = -1;
    return code;
  }

 private:
  fs::path log_;
  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  std::string first_line_;
  int port_ = 0;
};

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
    auto r = ifa026("ca init --dir " + quoted(dir_));
    ASSERT_EQ(r.code, 0) << r.out;
  }
  void TearDown() override { fs::remove_all(work_); }

  void register_credential(const std::string& ref, const std::string& secret,
                           const std::string& extra = "") {
    auto r = ifa026("ca register --dir " + quoted(dir_) + " --ref " + ref + " --secret " + secret +
                    " " + extra);
    ASSERT_EQ(r.code, 0) << r.out;
  }

  fs::path new_key(const std::string& name) {
    fs::path key = work_ / (name + ".key");
    auto r =
        shell("openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out " + quoted(key));
    EXPECT_EQ(r.code, 0) << r.out;
    return key;
  }

  fs::path new_csr(const std::string& name, const std::string& cn) {
    fs::path key = new_key(name);
    fs::path csr = work_ / (name + ".csr");
    auto r = shell("openssl req -new -key " + quoted(key) + " -subj /CN=" + cn +
                   " -addext subjectAltName=DNS:" + cn + " -out " + quoted(csr));
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
  Result p10cr(int port, const std::string& ref, const std::string& secret,
               const std::string& name) {
    fs::path csr = new_csr(name, name + ".example.net");
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
    auto r = ifa026("ca crl --dir " + quoted(dir_) + " --out " + quoted(crl));
    EXPECT_EQ(r.code, 0) << r.out;
    return shell("openssl crl -noout -text -in " + quoted(crl)).out;
  }

  fs::path work_;
  fs::path dir_;
};

TEST(CaCommand, HelpAndUsageErrors) {
  auto help = ifa026("ca --help");
  EXPECT_EQ(help.code, 0);
  EXPECT_NE(help.out.find("Usage: ifa026 ca"), std::string::npos);
  for (const char* sub : {"init", "register", "serve", "crl"}) {
    auto r = ifa026(std::string("ca ") + sub + " --help");
    EXPECT_EQ(r.code, 0) << sub;
    EXPECT_NE(r.out.find("Usage: ifa026 ca " + std::string(sub)), std::string::npos) << sub;
  }
  EXPECT_NE(ifa026("--help").out.find("ca "), std::string::npos);
  EXPECT_EQ(ifa026("ca").code, 2);
  EXPECT_EQ(ifa026("ca frobnicate").code, 2);
  EXPECT_EQ(ifa026("ca init").code, 2);
  EXPECT_EQ(ifa026("ca init --dir x --bogus").code, 2);

  fs::path empty = temp_dir("not-a-ca");
  auto missing = ifa026("ca register --dir " + quoted(empty / "nope") + " --ref a --secret b");
  EXPECT_EQ(missing.code, 2);
  EXPECT_NE(missing.out.find("no such directory"), std::string::npos) << missing.out;
  auto not_ca = ifa026("ca crl --dir " + quoted(empty) + " --out " + quoted(empty / "c.pem"));
  EXPECT_EQ(not_ca.code, 2);
  EXPECT_NE(not_ca.out.find("not a CA directory"), std::string::npos) << not_ca.out;
  EXPECT_EQ(ifa026("ca serve --dir " + quoted(empty) + " --port 0").code, 2);
  EXPECT_EQ(ifa026("ca serve --dir " + quoted(empty)).code, 2);  // no --port
  EXPECT_EQ(ifa026("ca serve --dir " + quoted(empty) + " --port 70000").code, 2);
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
  auto again = ifa026("ca init --dir " + quoted(dir_));
  EXPECT_EQ(again.code, 2);
  EXPECT_NE(again.out.find("already holds a CA"), std::string::npos) << again.out;
}

TEST_F(CaServe, RegisterWritesTheCredential) {
  register_credential("vnfm-1", "s3cret", "--subject 'CN=vnfm-1.example.net,O=Operator'");
  auto j = nlohmann::json::parse(read(dir_ / "credentials.json"));
  ASSERT_EQ(j["credentials"].size(), 1u);
  const auto& c = j["credentials"][0];
  EXPECT_EQ(c["reference"], "vnfm-1");
  EXPECT_EQ(c["subject"], "CN=vnfm-1.example.net,O=Operator");
  EXPECT_EQ(c["one_use"], true);
  EXPECT_EQ(c["used"], false);
  EXPECT_TRUE(c.contains("expires"));
  EXPECT_EQ(mode_of(dir_ / "credentials.json"), 0600u);
  auto duplicate = ifa026("ca register --dir " + quoted(dir_) + " --ref vnfm-1 --secret x");
  EXPECT_EQ(duplicate.code, 2);
  EXPECT_NE(duplicate.out.find("already registered"), std::string::npos) << duplicate.out;
  EXPECT_EQ(
      ifa026("ca register --dir " + quoted(dir_) + " --ref v2 --secret x --subject 'XX=1'").code,
      2);
}

TEST_F(CaServe, P10crWithAnInitialCredential) {
  register_credential("ee1", "s3cret", "--subject 'CN=ee1.example.net,O=Operator'");
  Server server(dir_);
  ASSERT_GT(server.port(), 0) << server.first_line() << server.log();
  auto r = p10cr(server.port(), "ee1", "s3cret", "ee1");
  ASSERT_EQ(r.code, 0) << r.out << server.log();
  auto verify = shell("openssl verify -CAfile " + quoted(dir_ / "root.crt") + " -untrusted " +
                      quoted(dir_ / "chain.pem") + " " + quoted(work_ / "ee1.crt"));
  EXPECT_EQ(verify.code, 0) << verify.out;
  // The registered subject replaces the requested one.
  auto subject =
      shell("openssl x509 -noout -subject -nameopt RFC2253 -in " + quoted(work_ / "ee1.crt"));
  EXPECT_NE(subject.out.find("CN=ee1.example.net"), std::string::npos) << subject.out;
  // Persisted: the certificate, and the credential marked used.
  const fs::path issued = issued_file(work_ / "ee1.crt");
  EXPECT_TRUE(fs::exists(issued)) << issued;
  EXPECT_NE(read(dir_ / "issued.json").find(issued.stem().string()), std::string::npos);
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
                 quoted(key) + " -subject /CN=ir1.example.net -sans DNS:ir1.example.net" +
                 " -trusted " + quoted(dir_ / "root.crt") + " -certout " +
                 quoted(work_ / "ir1.crt") + " -extracertsout " + quoted(work_ / "extra.pem"));
  ASSERT_EQ(r.code, 0) << r.out << server.log();
  auto verify = shell("openssl verify -CAfile " + quoted(dir_ / "root.crt") + " -untrusted " +
                      quoted(dir_ / "chain.pem") + " " + quoted(work_ / "ir1.crt"));
  EXPECT_EQ(verify.code, 0) << verify.out;
  EXPECT_TRUE(fs::exists(issued_file(work_ / "ir1.crt")));
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
  register_credential("once", "s3cret");
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
