// Interop tests for pki/cmp_client: enrol over RFC 6712 HTTP against the real `openssl cmp` mock
// server (started in the background on a free loopback port, killed at the end).
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fcntl.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "pki/chain_verifier.hpp"
#include "pki/cmp_client.hpp"

extern char** environ;

namespace ifa026::pki {
namespace {

constexpr std::int64_t kDay = 86400;
const Instant kT0 = Instant::from_seconds(1893456000);  // 2030-01-01T00:00:00Z

bool have_openssl() { return std::system("openssl version >/dev/null 2>&1") == 0; }

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
      std::vector<std::string> args{"openssl",     "cmp",
                                    "-port",       std::to_string(port_),
                                    "-srv_ref",    reference,
                                    "-srv_secret", "pass:" + secret,
                                    "-rsp_cert",   cert_path};
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
  Certificate expected = ca.issue(
      {Csr::create({subject, san, {ExtendedKeyUsage::client_auth}, {}, std::nullopt}, key), kT0,
       std::nullopt, std::nullopt, std::nullopt},
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
