// Interop tests for pki/cmp_client and pki/cmp_server: our client enrols over RFC 6712 HTTP
// against the real `openssl cmp` mock server (started in the background on a free loopback port,
// killed at the end), and the real `openssl cmp` client runs ir/kur/p10cr/rr against our
// CmpServer behind a minimal test-only HTTP responder.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fcntl.h>

#include <poll.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "pki/chain_verifier.hpp"
#include "pki/cmp_client.hpp"
#include "pki/cmp_server.hpp"
#include "tests/pki/pki_test_support.hpp"
#include "tests/support/test_support.hpp"

extern char** environ;

namespace ifa026::pki {
namespace {

bool have_openssl() {
  return std::system("openssl version >/dev/null 2>&1") == 0;
}

int free_port() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t length = sizeof addr;
  int port = -1;
  if (fd >= 0 && bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &length) == 0) {
    port = ntohs(addr.sin_port);
  }
  if (fd >= 0) close(fd);
  return port;
}

bool accepting(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  bool ok = fd >= 0 && connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  if (fd >= 0) close(fd);
  return ok;
}

// `openssl cmp` as a mock CMP server, PBM-protected with `reference`/`secret`, answering every
// certificate request with `response_cert`.
class MockCmpServer {
 public:
  MockCmpServer(const std::string& reference, const std::string& secret,
                const Certificate& response_cert)
      : dir_(std::filesystem::temp_directory_path() /
             ("ifa026_cmp_mock_" + std::to_string(getpid()) + "_" + std::to_string(++count_))) {
    std::filesystem::create_directories(dir_);
    std::string cert_path = (dir_ / "rsp_cert.pem").string();
    std::ofstream(cert_path) << response_cert.to_pem();
    for (int attempt = 0; attempt < 5 && pid_ <= 0; ++attempt) {
      port_ = free_port();
      std::vector<std::string> args{"openssl",   "cmp",     "-port",       std::to_string(port_),
                                    "-srv_ref",  reference, "-srv_secret", "pass:" + secret,
                                    "-rsp_cert", cert_path};
      std::vector<char*> argv;
      for (std::string& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      posix_spawn_file_actions_t actions;
      posix_spawn_file_actions_init(&actions);
      std::string log = (dir_ / "mock.log").string();
      posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                       0600);
      posix_spawn_file_actions_adddup2(&actions, 1, 2);
      pid_t pid = -1;
      if (posix_spawnp(&pid, "openssl", &actions, nullptr, argv.data(), environ) == 0) {
        for (int i = 0; i < 100 && !accepting(port_); ++i) {
          std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        if (accepting(port_)) {
          pid_ = pid;
        } else {
          kill(pid, SIGTERM);
          waitpid(pid, nullptr, 0);
        }
      }
      posix_spawn_file_actions_destroy(&actions);
    }
  }
  ~MockCmpServer() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      waitpid(pid_, nullptr, 0);
    }
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  bool running() const { return pid_ > 0; }
  int port() const { return port_; }
  std::string log() const {
    std::ifstream in(dir_ / "mock.log");
    return std::string(std::istreambuf_iterator<char>(in), {});
  }

 private:
  static inline int count_ = 0;
  std::filesystem::path dir_;
  pid_t pid_ = -1;
  int port_ = -1;
};

// Test harness only (the product's HTTP server is elsewhere): a single-threaded HTTP/1.0 POST
// responder on 127.0.0.1 that hands each request body to `handler` and answers 200 with
// application/pkixcmp, one request per connection.
class HttpCmpResponder {
 public:
  explicit HttpCmpResponder(std::function<Bytes(ByteView)> handler) : handler_(std::move(handler)) {
    listen_fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    socklen_t length = sizeof addr;
    if (listen_fd_ < 0 || bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        listen(listen_fd_, 8) != 0 ||
        getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &length) != 0) {
      if (listen_fd_ >= 0) close(listen_fd_);
      listen_fd_ = -1;
      return;
    }
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { run(); });
  }
  ~HttpCmpResponder() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
    if (listen_fd_ >= 0) close(listen_fd_);
  }
  HttpCmpResponder(const HttpCmpResponder&) = delete;
  HttpCmpResponder& operator=(const HttpCmpResponder&) = delete;

  bool running() const { return port_ > 0; }
  int port() const { return port_; }
  int requests() {
    std::lock_guard<std::mutex> lock(mutex_);
    return requests_;
  }
  // Runs `f` with the handler's state quiescent (the responder thread handles under the lock).
  template <typename F>
  auto locked(F f) {
    std::lock_guard<std::mutex> lock(mutex_);
    return f();
  }

 private:
  void run() {
    while (!stop_) {
      pollfd pfd{listen_fd_, POLLIN, 0};
      if (poll(&pfd, 1, 100) <= 0) continue;
      int fd = accept(listen_fd_, nullptr, nullptr);
      if (fd < 0) continue;
      timeval timeout{10, 0};
      setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
      setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
      serve(fd);
      close(fd);
    }
  }

  static bool write_all(int fd, const char* data, std::size_t size) {
    while (size > 0) {
      ssize_t n = send(fd, data, size, MSG_NOSIGNAL);
      if (n <= 0) return false;
      data += n;
      size -= static_cast<std::size_t>(n);
    }
    return true;
  }

  static void reply(int fd, const std::string& status, const std::string& type, ByteView body) {
    std::string head = "HTTP/1.1 " + status + "\r\nContent-Type: " + type +
                       "\r\nContent-Length: " + std::to_string(body.size()) +
                       "\r\nConnection: close\r\n\r\n";
    if (write_all(fd, head.data(), head.size())) {
      write_all(fd, reinterpret_cast<const char*>(body.data()), body.size());
    }
  }

  void serve(int fd) {
    std::string data;
    char buffer[4096];
    std::size_t header_end = std::string::npos;
    while ((header_end = data.find("\r\n\r\n")) == std::string::npos) {
      ssize_t n = recv(fd, buffer, sizeof buffer, 0);
      if (n <= 0 || data.size() > 65536) return;
      data.append(buffer, static_cast<std::size_t>(n));
    }
    std::string head = data.substr(0, header_end);
    for (char& c : head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::size_t length = 0;
    std::size_t at = head.find("\r\ncontent-length:");
    if (head.rfind("post ", 0) != 0 || at == std::string::npos) {
      reply(fd, "400 Bad Request", "text/plain", {});
      return;
    }
    length = std::strtoul(head.c_str() + at + 17, nullptr, 10);
    if (length > (1u << 20)) {
      reply(fd, "413 Payload Too Large", "text/plain", {});
      return;
    }
    std::string body = data.substr(header_end + 4);
    while (body.size() < length) {
      ssize_t n = recv(fd, buffer, sizeof buffer, 0);
      if (n <= 0) return;
      body.append(buffer, static_cast<std::size_t>(n));
    }
    body.resize(length);
    Bytes response;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      ++requests_;
      response = handler_(ByteView(reinterpret_cast<const std::uint8_t*>(body.data()), length));
    }
    reply(fd, "200 OK", "application/pkixcmp", response);
  }

  std::function<Bytes(ByteView)> handler_;
  int listen_fd_ = -1;
  int port_ = -1;
  std::atomic<bool> stop_{false};
  std::thread thread_;
  std::mutex mutex_;
  int requests_ = 0;
};

Instant wall_clock_now() {
  return Instant::from_seconds(static_cast<std::int64_t>(std::time(nullptr)));
}

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

struct CliRun {
  int status = -1;
  std::string output;  // stdout and stderr
};

// Runs `openssl cmp` with `args` (unquoted), output captured in `dir`.
CliRun run_openssl_cmp(const std::filesystem::path& dir, const std::vector<std::string>& args) {
  std::string command = "openssl cmp";
  for (const std::string& a : args) command += " " + shell_quote(a);
  std::string log = (dir / "cli.log").string();
  command += " >" + shell_quote(log) + " 2>&1";
  CliRun run;
  int rc = std::system(command.c_str());
  run.status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
  std::ifstream in(log);
  run.output = "$ " + command + "\n" + std::string(std::istreambuf_iterator<char>(in), {});
  return run;
}

using test::read_file;
using test::write_file;

class CmpInteropTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!have_openssl()) GTEST_SKIP() << "openssl CLI not installed";
  }
};

TEST_F(CmpInteropTest, IrAgainstOpensslMockServerOverHttp) {
  CertificateAuthority ca = CertificateAuthority::create_root(
      DistinguishedName::parse("CN=Mock CA,O=Op,C=FR"), PrivateKey::generate(), kT0, 3650 * kDay);
  PrivateKey key = PrivateKey::generate();
  DistinguishedName subject = DistinguishedName::parse("CN=vnfci-9.example.net,O=Op,C=FR");
  SubjectAltName san{{"vnfci-9.example.net"}, {}, {}};
  // The mock returns a fixed certificate: make it the one for the key we enrol.
  Certificate expected =
      ca.issue({Csr::create({subject, san, {ExtendedKeyUsage::client_auth}, {}, std::nullopt}, key),
                kT0, std::nullopt, std::nullopt, std::nullopt},
               CertificateProfile{});
  MockCmpServer mock("mock-ref", "mock-secret", expected);
  ASSERT_TRUE(mock.running()) << mock.log();

  CmpClientConfig config;  // no transport: OpenSSL's HTTP transfer
  config.http_server = "127.0.0.1";
  config.http_port = mock.port();
  config.http_path = "pkix/";
  config.trust_anchors = {ca.certificate()};
  CmpClient client(config);
  Instant now = Instant::from_seconds(kT0.seconds() + kDay);
  Bytes secret{'m', 'o', 'c', 'k', '-', 's', 'e', 'c', 'r', 'e', 't'};
  CmpResult result = client.enrol_ir("mock-ref", secret, key, subject, san, now);
  ASSERT_TRUE(result.ok()) << result.error << " / " << result.status_text << "\n" << mock.log();
  ASSERT_TRUE(result.certificate.has_value());
  EXPECT_EQ(*result.certificate, expected);
  TrustStore trust;
  trust.add_anchor(ca.certificate());
  EXPECT_TRUE(verify_certificate(*result.certificate, trust, now).ok());

  // Wrong secret: the mock refuses, the client reports failure.
  Bytes wrong{'n', 'o', 'p', 'e'};
  CmpResult refused = client.enrol_ir("mock-ref", wrong, key, subject, san, now);
  EXPECT_FALSE(refused.ok());
  EXPECT_FALSE(refused.error.empty());
}

// The real `openssl cmp` CLI as the client of our CmpServer over RFC 6712 HTTP, with standard
// RFC 4210/4211 messages only: ir (PBM), kur, p10cr (CSR from `openssl req`), rr, and a kur with
// the revoked certificate refused with certRevoked. The CLI checks responses and new
// certificates at the real current time, so this CA hierarchy is valid now and the server is
// given the wall-clock time.
TEST_F(CmpInteropTest, OpensslCmpClientAgainstOurServerIrKurP10crRrOverHttp) {
  const Instant start = wall_clock_now();
  const Instant not_before = Instant::from_seconds(start.seconds() - 3600);
  CertificateAuthority root =
      CertificateAuthority::create_root(DistinguishedName::parse("CN=Interop Root CA,O=Op,C=FR"),
                                        PrivateKey::generate(), not_before, 3650 * kDay);
  CertificateAuthority issuing = CertificateAuthority::create_subordinate(
      root, DistinguishedName::parse("CN=Interop Issuing CA,O=Op,C=FR"), PrivateKey::generate(),
      not_before, 1825 * kDay, 0);
  CmpServerConfig config;
  config.chain = {root.certificate()};
  config.ca_pubs = {root.certificate()};
  CmpServer server(issuing, config);
  server.register_initial_credential("cli-ref",
                                     Bytes{'c', 'l', 'i', '-', 's', 'e', 'c', 'r', 'e', 't'});
  HttpCmpResponder http(
      [&server](ByteView request) { return server.handle(request, wall_clock_now()); });
  ASSERT_TRUE(http.running());

  std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("ifa026_cmp_cli_" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  struct Cleanup {
    std::filesystem::path dir;
    ~Cleanup() {
      std::error_code ignored;
      std::filesystem::remove_all(dir, ignored);
    }
  } cleanup{dir};
  auto path = [&](const char* name) { return (dir / name).string(); };
  write_file(path("root.pem"), root.certificate().to_pem());
  write_file(path("issuing.pem"), issuing.certificate().to_pem());
  PrivateKey key1 = PrivateKey::generate();
  PrivateKey key2 = PrivateKey::generate();
  PrivateKey key3 = PrivateKey::generate();
  write_file(path("key1.pem"), key1.to_pem());
  write_file(path("key2.pem"), key2.to_pem());
  write_file(path("key3.pem"), key3.to_pem());
  const std::vector<std::string> common{"-server",
                                        "127.0.0.1:" + std::to_string(http.port()),
                                        "-path",
                                        "pkix/",
                                        "-trusted",
                                        path("root.pem"),
                                        "-untrusted",
                                        path("issuing.pem"),
                                        "-ignore_keyusage",
                                        "-msg_timeout",
                                        "20",
                                        "-total_timeout",
                                        "60"};
  auto with = [&](std::vector<std::string> args) {
    args.insert(args.begin(), common.begin(), common.end());
    return args;
  };
  TrustStore trust;
  trust.add_anchor(root.certificate());
  trust.add_intermediate(issuing.certificate());

  // ir, PBM-protected with the initial credential; a CRMF template and signature POP only.
  CliRun ir = run_openssl_cmp(
      dir, with({"-cmd", "ir", "-ref", "cli-ref", "-secret", "pass:cli-secret", "-recipient",
                 "/CN=Interop Issuing CA/O=Op/C=FR", "-newkey", path("key1.pem"), "-subject",
                 "/CN=vnfci-cli.example.net/O=Op/C=FR", "-sans", "vnfci-cli.example.net 192.0.2.10",
                 "-out_trusted", path("root.pem"), "-certout", path("cert1.pem")}));
  ASSERT_EQ(ir.status, 0) << ir.output;
  Certificate cert1 = Certificate::from_pem(read_file(path("cert1.pem")));
  EXPECT_EQ(cert1.public_key(), key1.public_key());
  EXPECT_EQ(cert1.subject(), DistinguishedName::parse("CN=vnfci-cli.example.net,O=Op,C=FR"));
  EXPECT_EQ(cert1.san(), (SubjectAltName{{"vnfci-cli.example.net"}, {"192.0.2.10"}, {}}));
  EXPECT_EQ(cert1.issuer(), issuing.certificate().subject());
  EXPECT_TRUE(verify_certificate(cert1, trust, wall_clock_now()).ok());
  EXPECT_FALSE(http.locked([&] { return server.credential_usable("cli-ref", wall_clock_now()); }));

  // kur signed with that certificate, for a new key; subject and SAN are kept.
  write_file(path("cert1.pem"), cert1.to_pem());
  CliRun kur = run_openssl_cmp(
      dir,
      with({"-cmd", "kur", "-cert", path("cert1.pem"), "-key", path("key1.pem"), "-newkey",
            path("key2.pem"), "-out_trusted", path("root.pem"), "-certout", path("cert2.pem")}));
  ASSERT_EQ(kur.status, 0) << kur.output;
  Certificate cert2 = Certificate::from_pem(read_file(path("cert2.pem")));
  EXPECT_EQ(cert2.public_key(), key2.public_key());
  EXPECT_EQ(cert2.subject(), cert1.subject());
  EXPECT_EQ(cert2.san(), cert1.san());
  EXPECT_NE(cert2.serial_hex(), cert1.serial_hex());
  EXPECT_TRUE(verify_certificate(cert2, trust, wall_clock_now()).ok());

  // p10cr with a CSR made by `openssl req`, signed with the renewed certificate.
  std::string req_command =
      "openssl req -new -key " + shell_quote(path("key3.pem")) +
      " -subj /CN=p10-cli.example.net/O=Op/C=FR -addext subjectAltName=DNS:p10-cli.example.net" +
      " -out " + shell_quote(path("req.pem")) + " >" + shell_quote(path("req.log")) + " 2>&1";
  ASSERT_EQ(std::system(req_command.c_str()), 0) << read_file(path("req.log"));
  CliRun p10cr = run_openssl_cmp(
      dir,
      with({"-cmd", "p10cr", "-csr", path("req.pem"), "-cert", path("cert2.pem"), "-key",
            path("key2.pem"), "-out_trusted", path("root.pem"), "-certout", path("cert3.pem")}));
  ASSERT_EQ(p10cr.status, 0) << p10cr.output;
  Certificate cert3 = Certificate::from_pem(read_file(path("cert3.pem")));
  EXPECT_EQ(cert3.public_key(), key3.public_key());
  EXPECT_EQ(cert3.subject(), DistinguishedName::parse("CN=p10-cli.example.net,O=Op,C=FR"));
  EXPECT_EQ(cert3.san().dns, std::vector<std::string>{"p10-cli.example.net"});
  EXPECT_TRUE(verify_certificate(cert3, trust, wall_clock_now()).ok());

  // rr: the renewed certificate revokes itself (keyCompromise).
  CliRun rr =
      run_openssl_cmp(dir, with({"-cmd", "rr", "-cert", path("cert2.pem"), "-key", path("key2.pem"),
                                 "-oldcert", path("cert2.pem"), "-revreason", "1"}));
  ASSERT_EQ(rr.status, 0) << rr.output;
  EXPECT_TRUE(http.locked([&] { return issuing.is_revoked(cert2.serial_hex()); }));
  EXPECT_FALSE(http.locked([&] { return issuing.is_revoked(cert3.serial_hex()); }));
  Crl crl = http.locked([&] { return issuing.crl(wall_clock_now(), kDay); });
  ASSERT_EQ(crl.revoked().size(), 1u);
  EXPECT_EQ(crl.revoked()[0].reason, RevocationReason::key_compromise);

  // kur with the revoked certificate: refused with certRevoked, nothing issued.
  std::uint64_t issued = http.locked([&] { return issuing.issued_count(); });
  CliRun refused = run_openssl_cmp(
      dir, with({"-cmd", "kur", "-cert", path("cert2.pem"), "-key", path("key2.pem"), "-newkey",
                 path("key3.pem"), "-certout", path("cert4.pem")}));
  EXPECT_NE(refused.status, 0) << refused.output;
  EXPECT_NE(refused.output.find("certRevoked"), std::string::npos) << refused.output;
  EXPECT_FALSE(std::filesystem::exists(path("cert4.pem")));
  EXPECT_EQ(http.locked([&] { return issuing.issued_count(); }), issued);
  EXPECT_EQ(http.locked([&] { return server.open_transactions(); }), 0u);
  EXPECT_EQ(http.requests(), 8);  // ir+certConf, kur+certConf, p10cr+certConf, rr, kur
}

TEST_F(CmpInteropTest, MockServerNotListeningFailsWithOpensslText) {
  CmpClientConfig config;
  config.http_port = free_port();
  config.http_path = "pkix/";
  config.http_timeout_seconds = 2;
  CmpClient client(config);
  PrivateKey key = PrivateKey::generate();
  CmpResult result = client.enrol_ir("r", Bytes{'s'}, key, DistinguishedName::parse("CN=x"),
                                     SubjectAltName{{"x"}, {}, {}}, kT0);
  EXPECT_FALSE(result.ok());
  EXPECT_FALSE(result.error.empty());
}

}  // namespace
}  // namespace ifa026::pki
