// `ifa026 load` against `ifa026 ca serve` and OpenSSL's mock CMP server, each in its own
// process: ir, kur and rr runs with concurrent clients, failures counted by PKIFailureInfo name
// (a wrong secret, the mock's fixed certificate), transport errors for a server that is not
// there or does not answer, the in-process --floor, and usage errors.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <thread>

#include "tests/cli/ca_serve_support.hpp"
#include "tests/support/test_support.hpp"

namespace load_command_test {
namespace {

namespace fs = std::filesystem;
using namespace ifa026::test::ca;  // NOLINT(google-build-using-namespace)
using nlohmann::json;

// `ifa026 load ARGS --json`: the exit code, the JSON object on stdout and what went to stderr.
struct LoadRun {
  int code = -1;
  json report;
  std::string errors;
  std::string raw;
};

LoadRun load_json(const std::string& args, const fs::path& work) {
  const fs::path err = work / "load.err";
  auto r = ifa026::test::run_command("'" + ifa026_binary() + "' load " + args + " --json",
                                     " 2>" + quoted(err) + " </dev/null");
  LoadRun run;
  run.code = r.exit_code;
  run.raw = r.output;
  run.errors = read(err);
  try {
    run.report = json::parse(r.output);
  } catch (const json::exception&) {
  }
  return run;
}

std::string server_option(int port) {
  return "--server 127.0.0.1:" + std::to_string(port);
}

// A free port with nothing listening on it: bound, then closed.
int closed_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t length = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  ::close(fd);
  return ntohs(address.sin_port);
}

// A CA directory with `ifa026 ca serve` running on it.
class LoadCaServe : public ::testing::Test {
 protected:
  void SetUp() override {
    work_ = temp_dir(std::string("load-") +
                     ::testing::UnitTest::GetInstance()->current_test_info()->name());
    dir_ = work_ / "ca";
    auto r = run_ifa026("ca init --dir " + quoted(dir_));
    ASSERT_EQ(r.code, 0) << r.out;
  }
  void TearDown() override {
    server_.reset();
    if (!HasFailure()) fs::remove_all(work_);
  }

  void register_identity(const std::string& args) {
    auto r = run_ifa026("ca register --dir " + quoted(dir_) + " " + args);
    ASSERT_EQ(r.code, 0) << r.out;
  }

  int start_server() {
    server_.emplace(dir_);
    return server_->port();
  }

  std::string trusted() const { return " --trusted " + quoted(dir_ / "root.crt"); }

  json issued() const { return json::parse(read(dir_ / "issued.json"))["certificates"]; }

  fs::path work_;
  fs::path dir_;
  std::optional<Server> server_;
};

// The brief's run: 20 enrolments by 4 clients with one reusable credential, every one issued
// with its own serial.
TEST_F(LoadCaServe, TwentyEnrolmentsByFourClients) {
  register_identity(
      "--ref load --secret s3cret --reusable --subject CN=load.example.net,O=Operator "
      "--dns load.example.net");
  const int port = start_server();
  ASSERT_GT(port, 0) << server_->log();
  auto run = load_json(server_option(port) +
                           " --ref load --secret s3cret --subject /O=Operator/CN=load.example.net "
                           "--dns load.example.net --count 20 --clients 4 --pregenerate" +
                           trusted(),
                       work_);
  ASSERT_EQ(run.code, 0) << run.raw << run.errors << server_->log();
  EXPECT_EQ(run.report["done"], 20);
  EXPECT_EQ(run.report["failed"], 0);
  EXPECT_EQ(run.report["errors"], json::object());
  EXPECT_EQ(run.report["operation"], "ir");
  EXPECT_EQ(run.report["clients"], 4);
  EXPECT_GT(run.report["ops_per_s"].get<double>(), 0);
  const json& latency = run.report["latency_ms"];
  EXPECT_EQ(latency["samples"], 20);
  EXPECT_LE(latency["p50"].get<double>(), latency["p90"].get<double>());
  EXPECT_LE(latency["p90"].get<double>(), latency["p99"].get<double>());
  EXPECT_LE(latency["p99"].get<double>(), latency["max"].get<double>());
  const json certificates = issued();
  ASSERT_EQ(certificates.size(), 20u);
  std::set<std::string> serials;
  for (const json& c : certificates) {
    serials.insert(c["serial"].get<std::string>());
    EXPECT_EQ(c["subject"], "CN=load.example.net,O=Operator");
    EXPECT_EQ(c["reference"], "load");
  }
  EXPECT_EQ(serials.size(), 20u);
}

// --rate with --duration: the operations start on the rate's schedule, as many as it holds.
TEST_F(LoadCaServe, RateForADuration) {
  register_identity(
      "--ref load --secret s3cret --reusable --subject CN=load.example.net --dns "
      "load.example.net");
  const int port = start_server();
  ASSERT_GT(port, 0) << server_->log();
  auto run = load_json(server_option(port) +
                           " --ref load --secret s3cret --subject CN=load.example.net --rate 40/s "
                           "--duration 500ms --clients 2 --pregenerate" +
                           trusted(),
                       work_);
  ASSERT_EQ(run.code, 0) << run.raw << run.errors << server_->log();
  EXPECT_EQ(run.report["done"], 20);
  EXPECT_EQ(run.report["rate"], 40.0);
  EXPECT_EQ(run.report["duration_s"], 0.5);
  EXPECT_GE(run.report["elapsed_s"].get<double>(), 0.47);  // the last starts at 19/40 s
  EXPECT_TRUE(run.report.contains("max_start_lag_ms")) << run.raw;
}

// Per-request identities: one one-use credential per {n}, registered in a loop as docs/load.md
// shows, some in each DN form; the text summary names what ran.
TEST_F(LoadCaServe, SubjectTemplateWithOneCredentialPerEnrolment) {
  for (int n = 1; n <= 6; ++n) {
    const std::string name = "ee-" + std::to_string(n) + ".example.net";
    register_identity("--ref ee-" + std::to_string(n) + " --secret s3cret --dns " + name +
                      (n % 2 == 0 ? " --subject CN=" + name + ",O=Operator"
                                  : " --subject /O=Operator/CN=" + name));
  }
  const int port = start_server();
  ASSERT_GT(port, 0) << server_->log();
  auto r = run_ifa026("load " + server_option(port) +
                      " --ref ee-{n} --secret s3cret --subject-template 'CN=ee-{n}.example.net,"
                      "O=Operator' --dns ee-{n}.example.net --count 6 --clients 2" +
                      trusted());
  ASSERT_EQ(r.code, 0) << r.out << server_->log();
  EXPECT_NE(r.out.find("load: ir against http://127.0.0.1:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("operations: 6 done, 0 failed"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("errors: none"), std::string::npos) << r.out;
  std::set<std::string> subjects;
  for (const json& c : issued()) subjects.insert(c["subject"].get<std::string>());
  EXPECT_EQ(subjects.size(), 6u);
  EXPECT_TRUE(subjects.contains("CN=ee-4.example.net,O=Operator"));
  for (const json& c : json::parse(read(dir_ / "credentials.json"))["credentials"]) {
    EXPECT_EQ(c["used"], true) << c.dump();
  }
}

// kur: each client enrols once (untimed), then renews its own certificate; rr: one
// certificate per rr is enrolled first, then each is revoked.
TEST_F(LoadCaServe, KurAndRrRuns) {
  register_identity(
      "--ref load --secret s3cret --reusable --subject CN=load.example.net --dns "
      "load.example.net");
  const int port = start_server();
  ASSERT_GT(port, 0) << server_->log();
  const std::string common = server_option(port) +
                             " --ref load --secret s3cret --subject CN=load.example.net "
                             "--dns load.example.net --clients 2" +
                             trusted();
  auto kur = load_json(common + " --op kur --count 6", work_);
  ASSERT_EQ(kur.code, 0) << kur.raw << kur.errors << server_->log();
  EXPECT_EQ(kur.report["operation"], "kur");
  EXPECT_EQ(kur.report["setup"]["done"], 2);
  EXPECT_EQ(kur.report["done"], 6);
  EXPECT_EQ(kur.report["failed"], 0);
  EXPECT_EQ(issued().size(), 8u);  // 2 enrolments, 6 renewals
  std::size_t renewals = 0;
  for (const json& c : issued()) renewals += c.contains("signer_serial") ? 1 : 0;
  EXPECT_EQ(renewals, 6u);

  auto rr = load_json(common + " --op rr --count 5 --pregenerate", work_);
  ASSERT_EQ(rr.code, 0) << rr.raw << rr.errors << server_->log();
  EXPECT_EQ(rr.report["setup"]["done"], 5);
  EXPECT_EQ(rr.report["done"], 5);
  EXPECT_EQ(json::parse(read(dir_ / "revoked.json"))["revocations"].size(), 5u);
}

// An ir signed with a certificate of the CA (--cert, --key) asks for the signer's own identity;
// the answers are pinned to the issuing CA's certificate (--srvcert), and implicit confirmation
// is asked for (ca serve does not grant it: the client confirms).
TEST_F(LoadCaServe, SignedIrsPinnedToTheServerCertificate) {
  register_identity("--ref ee --secret s3cret --subject CN=ee.example.net --dns ee.example.net");
  const int port = start_server();
  ASSERT_GT(port, 0) << server_->log();
  const fs::path key = work_ / "ee.key";
  ASSERT_EQ(
      shell("openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out " + quoted(key))
          .code,
      0);
  auto enrolled = shell("openssl cmp -config '' -server 127.0.0.1:" + std::to_string(port) +
                        " -path pkix/ -cmd ir -ref ee -secret pass:s3cret -newkey " + quoted(key) +
                        " -subject /CN=ee.example.net -trusted " + quoted(dir_ / "root.crt") +
                        " -certout " + quoted(work_ / "ee.crt"));
  ASSERT_EQ(enrolled.code, 0) << enrolled.out << server_->log();
  auto run = load_json(server_option(port) + " --cert " + quoted(work_ / "ee.crt") + " --key " +
                           quoted(key) +
                           " --subject CN=ee.example.net --dns ee.example.net --count 4 "
                           "--clients 2 --implicit-confirm --srvcert " +
                           quoted(dir_ / "ca.crt") + trusted(),
                       work_);
  ASSERT_EQ(run.code, 0) << run.raw << run.errors << server_->log();
  EXPECT_EQ(run.report["protection"], "signature");
  EXPECT_EQ(run.report["done"], 4);
  const json certificates = issued();
  ASSERT_EQ(certificates.size(), 5u);
  for (std::size_t i = 1; i < certificates.size(); ++i) {
    EXPECT_EQ(certificates[i]["signer_serial"], certificates[0]["serial"]);
  }
  // Another identity with the same signature: refused, and named.
  auto foreign =
      load_json(server_option(port) + " --cert " + quoted(work_ / "ee.crt") + " --key " +
                    quoted(key) + " --subject CN=other.example.net --count 2" + trusted(),
                work_);
  EXPECT_EQ(foreign.code, 1) << foreign.raw;
  EXPECT_EQ(foreign.report["errors"], (json{{"notAuthorized", 2}})) << foreign.raw;
}

// A wrong secret: every ir is refused, counted under badMessageCheck (the refusal is signed,
// so a client trusting the root reads why); the exit code says something failed.
TEST_F(LoadCaServe, AWrongSecretFailsEveryOperationWithBadMessageCheck) {
  register_identity("--ref load --secret s3cret --reusable --subject CN=load.example.net");
  const int port = start_server();
  ASSERT_GT(port, 0) << server_->log();
  auto run = load_json(server_option(port) +
                           " --ref load --secret wrong --subject CN=load.example.net --count 6 "
                           "--clients 3" +
                           trusted(),
                       work_);
  EXPECT_EQ(run.code, 1) << run.raw << run.errors;
  EXPECT_EQ(run.report["done"], 0);
  EXPECT_EQ(run.report["failed"], 6);
  EXPECT_EQ(run.report["errors"], (json{{"badMessageCheck", 6}})) << run.raw;
  EXPECT_EQ(issued().size(), 0u);
}

// Nothing listening: every operation is a transport error, reported clearly, exit 1; a server
// that accepts connections but never answers times out instead of hanging the run.
TEST(LoadCommand, NoServerIsATransportErrorNeverAHang) {
  const fs::path work = temp_dir("load-no-server");
  const auto start = std::chrono::steady_clock::now();
  auto refused = load_json("--server 127.0.0.1:" + std::to_string(closed_port()) +
                               " --ref r --secret s --count 4 --clients 2",
                           work);
  EXPECT_EQ(refused.code, 1) << refused.raw << refused.errors;
  EXPECT_EQ(refused.report["failed"], 4) << refused.raw;
  EXPECT_EQ(refused.report["errors"], (json{{"transport", 4}})) << refused.raw;
  EXPECT_NE(refused.errors.find("no answer from the server"), std::string::npos) << refused.errors;
  EXPECT_NE(refused.errors.find("cannot connect to 127.0.0.1:"), std::string::npos)
      << refused.errors;

  // Listening, never accepting: the connection is made, no answer comes.
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  ASSERT_EQ(::listen(fd, 16), 0);
  socklen_t length = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  auto silent = load_json("--server 127.0.0.1:" + std::to_string(ntohs(address.sin_port)) +
                              " --ref r --secret s --count 2 --clients 2 --timeout 1",
                          work);
  ::close(fd);
  EXPECT_EQ(silent.code, 1) << silent.raw << silent.errors;
  EXPECT_EQ(silent.report["errors"], (json{{"transport", 2}})) << silent.raw;
  EXPECT_NE(silent.report["error_examples"]["transport"].get<std::string>().find("no answer"),
            std::string::npos)
      << silent.raw;
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(15));
  fs::remove_all(work);
}

fs::path mock_data() {
  const char* env = std::getenv("IFA026_PEER_TESTS");
  fs::path base = env != nullptr && *env != '\0'
                      ? fs::path(env)
                      : fs::path(IFA026_SOURCE_DIR) / "tests" / "data" / "peer-tests";
  return base / "openssl-cmp" / "openssl-3.0" / "test" / "recipes" / "80-test_cmp_http_data" /
         "Mock";
}

// OpenSSL's mock CMP server (`openssl cmp -port 0` with its Mock/server.cnf) in the background.
class MockServer {
 public:
  explicit MockServer(const fs::path& folder) : log_(folder / "mock.log") {
    const std::string command = "cd " + quoted(folder) +
                                " && exec openssl cmp -config server.cnf -section cmp -port 0 "
                                "-verbosity 3 >" +
                                quoted(log_) + " 2>&1 </dev/null";
    pid_ = ::fork();
    if (pid_ == 0) {
      ::execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (pid_ > 0 && std::chrono::steady_clock::now() < deadline) {
      const std::string text = read(log_);
      const auto at = text.find("ACCEPT ");
      const auto end = at == std::string::npos ? at : text.find(' ', at + 7);
      if (end != std::string::npos) {
        const std::string address = text.substr(at + 7, end - at - 7);
        port_ = std::atoi(address.substr(address.rfind(':') + 1).c_str());
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
  ~MockServer() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
  }
  MockServer(const MockServer&) = delete;
  MockServer& operator=(const MockServer&) = delete;

  int port() const { return port_; }
  std::string log() const { return read(log_); }

 private:
  fs::path log_;
  pid_t pid_ = -1;
  int port_ = 0;
};

// The mock server answers every ir with the same certificate (its rsp_cert), whatever key was
// asked for: the client checks the certificate against its key, rejects it in certConf, and the
// run counts every ir under certificateRejectedByClient with OpenSSL's reason.
TEST(LoadOpensslMock, TheMocksFixedCertificateIsRejectedByTheClient) {
  const fs::path data = mock_data();
  ASSERT_TRUE(fs::exists(data / "server.cnf")) << data << " (set IFA026_PEER_TESTS)";
  const fs::path work = temp_dir("load-openssl-mock");
  const fs::path mock = work / "Mock";
  fs::copy(data, mock);
  MockServer server(mock);
  ASSERT_GT(server.port(), 0) << server.log();
  auto run = load_json(server_option(server.port()) +
                           " --ref any --secret pass:test --subject /CN=load.example.net "
                           "--count 6 --clients 3 --trusted " +
                           quoted(mock / "signer_root.crt"),
                       work);
  EXPECT_EQ(run.code, 1) << run.raw << run.errors << server.log();
  EXPECT_EQ(run.report["done"], 0) << run.raw;
  EXPECT_EQ(run.report["failed"], 6) << run.raw;
  EXPECT_EQ(run.report["errors"], (json{{"certificateRejectedByClient", 6}})) << run.raw;
  EXPECT_EQ(run.report["ops_per_s"], 0.0);
  EXPECT_GT(run.report["attempts_per_s"].get<double>(), 0) << run.raw;
  EXPECT_NE(run.report["error_examples"]["certificateRejectedByClient"].get<std::string>().find(
                "does not match our enrollment key"),
            std::string::npos)
      << run.raw;
  // A wrong secret: the mock refuses, and MACs its refusal with its own secret, which the
  // client cannot verify: counted as an answer the client did not accept, with OpenSSL's reason.
  auto wrong = load_json(server_option(server.port()) +
                             " --ref any --secret wrong --subject /CN=x --count 2 --trusted " +
                             quoted(mock / "signer_root.crt"),
                         work);
  EXPECT_EQ(wrong.code, 1) << wrong.raw;
  EXPECT_EQ(wrong.report["errors"], (json{{"answerNotAccepted", 2}})) << wrong.raw << server.log();
  EXPECT_NE(wrong.report["error_examples"]["answerNotAccepted"].get<std::string>().find(
                "wrong pbm value"),
            std::string::npos)
      << wrong.raw;
  if (!::testing::Test::HasFailure()) fs::remove_all(work);
}

// --floor: enrolments in one process, no server.
TEST(LoadCommand, FloorEnrolsInProcess) {
  const fs::path work = temp_dir("load-floor");
  auto run = load_json("--floor --count 20 --pregenerate", work);
  ASSERT_EQ(run.code, 0) << run.raw << run.errors;
  EXPECT_EQ(run.report["floor"], true);
  EXPECT_EQ(run.report["done"], 20);
  EXPECT_EQ(run.report["failed"], 0);
  EXPECT_GT(run.report["ops_per_s"].get<double>(), 0);
  auto text = run_ifa026("load --floor --count 5");
  EXPECT_EQ(text.code, 0) << text.out;
  EXPECT_NE(text.out.find("load: floor: ir, ip, certConf, pkiConf"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("operations: 5 done, 0 failed"), std::string::npos) << text.out;
  fs::remove_all(work);
}

TEST(LoadCommand, HelpAndUsageErrorsNameTheOption) {
  auto help = run_ifa026("load --help");
  EXPECT_EQ(help.code, 0);
  EXPECT_NE(help.out.find("Usage: ifa026 load"), std::string::npos);
  EXPECT_NE(help.out.find("each client first enrols once by ir"), std::string::npos);
  EXPECT_NE(run_ifa026("--help").out.find("load "), std::string::npos);
  const std::string server = " --server 127.0.0.1:1 --ref r --secret s";
  for (const auto& [args, mentions] : std::vector<std::pair<std::string, std::string>>{
           {"--ref r --secret s", "--server is required"},
           {"--server nowhere --ref r --secret s", "--server expects HOST:PORT"},
           {"--server 127.0.0.1:99999 --ref r --secret s", "--server"},
           {"--server 127.0.0.1:1", "--ref and --secret"},
           {"--server 127.0.0.1:1 --ref r", "--secret is required"},
           {server + " --cert c.pem --key k.pem", "exclude each other"},
           {server + " --op frobnicate", "--op"},
           {server + " --clients 0", "--clients"},
           {server + " --count many", "--count"},
           {server + " --rate fast", "--rate"},
           {server + " --duration 1y", "--duration"},
           {server + " --key-type dsa", "--key-type"},
           {server + " --subject 'CN=a+O=b'", "--subject: "},
           {server + " --subject /CN=a/XX=b", "--subject: "},
           {server + " --subject-template CN=x", "--subject-template: no '{n}'"},
           {server + " --subject-template 'C={n}'", "--subject-template: "},
           {server + " --ip 300.1.1.1", "--ip"},
           {server + " --trusted /nonexistent.pem", "--trusted: cannot read"},
           {server + " --op rr --duration 5", "--op rr needs --count"},
           {server + " --duration 5 --pregenerate", "--pregenerate needs"},
           {"--floor --server 127.0.0.1:1", "--server does not go with --floor"},
           {"--floor --op kur", "--floor measures an ir"},
           {server + " stray", "unexpected argument"},
           {server + " --bogus", "--bogus"}}) {
    auto r = run_ifa026("load " + args);
    EXPECT_EQ(r.code, 2) << args << "\n" << r.out;
    EXPECT_NE(r.out.find(mentions), std::string::npos) << args << "\n" << r.out;
  }
}

}  // namespace
}  // namespace load_command_test
