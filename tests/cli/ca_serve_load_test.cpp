// `ifa026 ca serve` under load and abuse, and its store across kill -9 (issue 20,
// docs/ca-serve.md "Serving" and "Storage"): 32 clients enrolling 10,000 certificates with none
// lost or issued twice; oversized, malformed, slow and idle connections refused with their status
// or closed while a load run goes on unharmed; a server killed with SIGKILL in the middle of a
// run and restarted on the same directory holds every certificate and revocation a client was
// answered, and serves again; a torn last journal record is dropped.
#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "tests/cli/ca_serve_support.hpp"
#include "tests/support/test_support.hpp"

namespace ca_serve_load_test {
namespace {

namespace fs = std::filesystem;
using namespace ifa026::test::ca;  // NOLINT(google-build-using-namespace)
using nlohmann::json;
using Clock = std::chrono::steady_clock;

// `ifa026 load ARGS --json`: the exit code and the JSON report (null if none).
struct LoadRun {
  int code = -1;
  json report;
  std::string raw;
};

LoadRun load_json(const std::string& args, const fs::path& work, const std::string& name) {
  const fs::path err = work / (name + ".err");
  auto r = ifa026::test::run_command("'" + ifa026_binary() + "' load " + args + " --json",
                                     " 2>" + quoted(err) + " </dev/null");
  LoadRun run;
  run.code = r.exit_code;
  run.raw = r.output + read(err);
  try {
    run.report = json::parse(r.output);
  } catch (const json::exception&) {
  }
  return run;
}

// A TCP connection to the server, for what no CMP client sends.
class RawConnection {
 public:
  explicit RawConnection(int port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
      ::close(fd_);
      fd_ = -1;
    }
  }
  ~RawConnection() {
    if (fd_ >= 0) ::close(fd_);
  }
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  bool connected() const { return fd_ >= 0; }
  // False once the server has closed (or reset) the connection.
  bool send(const std::string& bytes) {
    return fd_ >= 0 && ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL) ==
                           static_cast<ssize_t>(bytes.size());
  }
  // What the server sends until it closes the connection or `limit` passes.
  std::string receive(std::chrono::milliseconds limit, bool* closed = nullptr) {
    std::string got;
    const auto deadline = Clock::now() + limit;
    if (closed != nullptr) *closed = false;
    while (fd_ >= 0 && Clock::now() < deadline) {
      pollfd p{fd_, POLLIN, 0};
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
      if (::poll(&p, 1, static_cast<int>(std::max<long long>(1, left.count()))) <= 0) continue;
      char buffer[4096];
      const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
      if (n <= 0) {
        if (closed != nullptr) *closed = true;
        break;
      }
      got.append(buffer, static_cast<std::size_t>(n));
    }
    return got;
  }

 private:
  int fd_ = -1;
};

std::string status_line(const std::string& response) {
  return response.substr(0, response.find("\r\n"));
}

// The lines `ifa026 load --record` wrote: operation -> serials (and ir subjects).
struct Received {
  std::vector<std::string> enrolled;  // serials
  std::vector<std::string> revoked;   // serials
};

Received read_record(const fs::path& file) {
  Received received;
  std::istringstream in(read(file));
  std::string op, serial;
  while (in >> op >> serial) {
    std::string rest;
    std::getline(in, rest);
    if (op == "rr") {
      received.revoked.push_back(serial);
    } else {
      received.enrolled.push_back(serial);
    }
  }
  return received;
}

class CaServeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    work_ = temp_dir(std::string("serve-") +
                     ::testing::UnitTest::GetInstance()->current_test_info()->name());
    dir_ = work_ / "ca";
    auto r = run_ifa026("ca init --dir " + quoted(dir_));
    ASSERT_EQ(r.code, 0) << r.out;
  }
  void TearDown() override {
    server_.reset();
    if (!HasFailure()) fs::remove_all(work_);
  }

  void run_ok(const std::string& args) {
    auto r = run_ifa026(args);
    ASSERT_EQ(r.code, 0) << args << "\n" << r.out;
  }

  int start_server(const std::vector<std::string>& options = {}) {
    server_.emplace(dir_, options);
    return server_->port();
  }

  // One reusable credential for one identity, and the load options that enrol with it.
  std::string reusable_identity() {
    run_ok("ca register --dir " + quoted(dir_) +
           " --ref load --secret s3cret --reusable --subject CN=load.example.net,O=Operator "
           "--dns load.example.net");
    return " --ref load --secret s3cret --subject CN=load.example.net,O=Operator --dns "
           "load.example.net --trusted " +
           quoted(dir_ / "root.crt");
  }

  json list(const char* file, const char* key) const { return json::parse(read(dir_ / file))[key]; }
  std::set<std::string> issued_serials() const {
    std::set<std::string> serials;
    for (const json& c : list("issued.json", "certificates")) serials.insert(c["serial"]);
    return serials;
  }
  std::set<std::string> revoked_serials() const {
    std::set<std::string> serials;
    for (const json& r : list("revoked.json", "revocations")) serials.insert(r["serial"]);
    return serials;
  }

  fs::path work_;
  fs::path dir_;
  std::optional<Server> server_;
};

// --- the load: 32 clients, 10,000 enrolments, each subject its own one-use credential.
class CaServeLoad : public CaServeTest {};

TEST_F(CaServeLoad, TenThousandEnrolmentsByThirtyTwoClientsNoneLostNoneTwice) {
  constexpr int kCount = 10000;
  run_ok("ca register --dir " + quoted(dir_) +
         " --count 10000 --ref 'ee-{n}' --secret s3cret --subject 'CN=ee-{n}.example.net,O=Op' "
         "--dns 'ee-{n}.example.net'");
  const int port = start_server();
  ASSERT_GT(port, 0) << server_->log();
  const fs::path record = work_ / "received.txt";
  auto run = load_json("--server 127.0.0.1:" + std::to_string(port) +
                           " --ref 'ee-{n}' --secret s3cret --subject-template "
                           "'CN=ee-{n}.example.net,O=Op' --dns 'ee-{n}.example.net' --trusted " +
                           quoted(dir_ / "root.crt") +
                           " --count 10000 --clients 32 --pregenerate --record " + quoted(record),
                       work_, "load");
  ASSERT_EQ(run.code, 0) << run.raw.substr(0, 4000);
  EXPECT_EQ(run.report["done"], kCount);
  EXPECT_EQ(run.report["failed"], 0);
  EXPECT_EQ(run.report["errors"], json::object());
  std::printf("32 clients, 10000 enrolments: %.1f enrolments/s, p99 %.1f ms\n",
              run.report["ops_per_s"].get<double>(), run.report["latency_ms"]["p99"].get<double>());
  // The store: 10,000 certificates, distinct serials, each subject once and by its credential.
  const json certificates = list("issued.json", "certificates");
  ASSERT_EQ(certificates.size(), static_cast<std::size_t>(kCount));
  std::set<std::string> serials;
  std::map<std::string, int> subjects;
  for (const json& c : certificates) {
    serials.insert(c["serial"]);
    const std::string subject = c["subject"];
    ++subjects[subject];
    const std::string n = subject.substr(3, subject.find('.') - 3);  // CN=ee-N.example.net,...
    EXPECT_EQ(c["reference"], n) << subject;
    EXPECT_TRUE(fs::exists(dir_ / c["file"].get<std::string>())) << c.dump();
  }
  EXPECT_EQ(serials.size(), static_cast<std::size_t>(kCount));
  EXPECT_EQ(subjects.size(), static_cast<std::size_t>(kCount));
  for (const auto& [subject, times] : subjects) EXPECT_EQ(times, 1) << subject;
  // What the clients received is what the store holds.
  const Received received = read_record(record);
  EXPECT_EQ(std::set<std::string>(received.enrolled.begin(), received.enrolled.end()), serials);
  std::size_t used = 0;
  for (const json& c : list("credentials.json", "credentials")) used += c["used"] == true;
  EXPECT_EQ(used, static_cast<std::size_t>(kCount));
  // Every credential is spent: one more enrolment on one of them is refused.
  auto again = load_json("--server 127.0.0.1:" + std::to_string(port) +
                             " --ref ee-7 --secret s3cret --subject CN=ee-7.example.net,O=Op "
                             "--dns ee-7.example.net --count 1 --trusted " +
                             quoted(dir_ / "root.crt"),
                         work_, "again");
  EXPECT_EQ(again.report["failed"], 1) << again.raw;
  EXPECT_EQ(server_->stop(), 0);
  EXPECT_EQ(read(dir_ / "journal.log"), "");  // a clean stop leaves it all in the snapshots
}

// --- abuse: each bad request gets its status or is closed, the load goes on unharmed.
class CaServeAbuse : public CaServeTest {};

TEST_F(CaServeAbuse, BadRequestsAreRefusedWhileALoadRunIsServed) {
  const std::string identity = reusable_identity();
  const int port = start_server({"--read-timeout", "2", "--body-limit", "65536"});
  ASSERT_GT(port, 0) << server_->log();

  LoadRun run;
  std::thread load([&] {
    run = load_json("--server 127.0.0.1:" + std::to_string(port) + identity +
                        " --count 600 --clients 8 --pregenerate",
                    work_, "load");
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));

  // Slow clients first, so that they are trickling while everything else is tried.
  std::vector<std::unique_ptr<RawConnection>> slow;
  for (int i = 0; i < 16; ++i) slow.push_back(std::make_unique<RawConnection>(port));
  RawConnection silent(port);  // connects and says nothing

  auto exchange = [&](const std::string& request) {
    RawConnection c(port);
    EXPECT_TRUE(c.connected());
    c.send(request);
    return status_line(c.receive(std::chrono::seconds(5)));
  };
  const std::string cmp_headers = "Host: x\r\nContent-Type: application/pkixcmp\r\n";
  // A body over the limit: refused on its Content-Length, before it is sent.
  EXPECT_EQ(
      exchange("POST /pkix/ HTTP/1.1\r\n" + cmp_headers + "Content-Length: 100000000\r\n\r\n"),
      "HTTP/1.1 413 Payload Too Large");
  EXPECT_EQ(exchange("this is not HTTP\r\n\r\n"), "HTTP/1.1 400 Bad Request");
  EXPECT_EQ(exchange("POST /pkix/ HTTP/1.1\r\n" + cmp_headers + "Content-Length: zzz\r\n\r\n"),
            "HTTP/1.1 400 Bad Request");
  EXPECT_EQ(exchange("GET /pkix/ HTTP/1.1\r\nHost: x\r\n\r\n"), "HTTP/1.1 405 Method Not Allowed");
  EXPECT_EQ(exchange("POST /other HTTP/1.1\r\n" + cmp_headers + "Content-Length: 2\r\n\r\n0\n"),
            "HTTP/1.1 404 Not Found");
  EXPECT_EQ(exchange("POST /pkix/ HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n"
                     "Content-Length: 2\r\n\r\nhi"),
            "HTTP/1.1 415 Unsupported Media Type");
  EXPECT_EQ(
      exchange("POST /pkix/ HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(20000, 'a') + "\r\n\r\n"),
      "HTTP/1.1 431 Request Header Fields Too Large");
  // Garbage as a CMP body: the server answers it with a CMP error message, not an HTTP error.
  EXPECT_EQ(exchange("POST /pkix/ HTTP/1.1\r\n" + cmp_headers + "Content-Length: 5\r\n\r\nhello"),
            "HTTP/1.1 200 OK");

  // Slowloris: a header sent a byte at a time never completes within the read timeout (2 s), so
  // the connection is closed, however steadily the bytes come.
  const std::string header = "POST /pkix/ HTTP/1.1\r\n" + cmp_headers + "Content-Length: 10\r\n";
  const auto trickle_start = Clock::now();
  std::vector<bool> closed(slow.size(), false);
  for (std::size_t at = 0;
       at < header.size() && Clock::now() - trickle_start < std::chrono::seconds(6); ++at) {
    for (std::size_t i = 0; i < slow.size(); ++i) {
      if (!closed[i] && !slow[i]->send(header.substr(at, 1))) closed[i] = true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  for (std::size_t i = 0; i < slow.size(); ++i) {
    bool gone = closed[i];
    if (!gone) slow[i]->receive(std::chrono::seconds(3), &gone);
    EXPECT_TRUE(gone) << "slow connection " << i << " still open";
  }
  bool silent_closed = false;
  silent.receive(std::chrono::seconds(3), &silent_closed);
  EXPECT_TRUE(silent_closed);
  EXPECT_LT(Clock::now() - trickle_start, std::chrono::seconds(10));

  load.join();
  ASSERT_EQ(run.code, 0) << run.raw.substr(0, 4000) << server_->log().substr(0, 4000);
  EXPECT_EQ(run.report["done"], 600);
  EXPECT_EQ(run.report["errors"], json::object());
  EXPECT_EQ(issued_serials().size(), 600u);
}

// More connections than --max-connections: the extra ones are closed at once, the open ones
// are served, and once they go a new one is served again.
TEST_F(CaServeAbuse, ConnectionsOverTheLimitAreClosedTheOthersServed) {
  const std::string identity = reusable_identity();
  const int port = start_server({"--read-timeout", "3", "--max-connections", "4"});
  ASSERT_GT(port, 0) << server_->log();
  std::vector<std::unique_ptr<RawConnection>> held;
  for (int i = 0; i < 4; ++i) held.push_back(std::make_unique<RawConnection>(port));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  RawConnection extra(port);
  bool extra_closed = false;
  extra.receive(std::chrono::seconds(1), &extra_closed);
  EXPECT_TRUE(extra_closed);
  // One held connection is a real client: it gets its answer.
  held[0]->send("GET /pkix/ HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(status_line(held[0]->receive(std::chrono::milliseconds(500))),
            "HTTP/1.1 405 Method Not Allowed");
  held.clear();
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  auto run = load_json("--server 127.0.0.1:" + std::to_string(port) + identity + " --count 5",
                       work_, "after");
  EXPECT_EQ(run.code, 0) << run.raw;
  EXPECT_EQ(run.report["done"], 5);
}

// --- kill -9 in the middle of a run, then a restart on the same directory.
class CaServeCrash : public CaServeTest {};

TEST_F(CaServeCrash, KillNineLosesNoAnsweredEnrolmentOrRevocation) {
  run_ok("ca register --dir " + quoted(dir_) +
         " --count 2000 --ref 'ee-{n}' --secret s3cret --subject 'CN=ee-{n}.example.net' "
         "--dns 'ee-{n}.example.net'");
  const std::string template_options =
      " --ref 'ee-{n}' --secret s3cret --subject-template 'CN=ee-{n}.example.net' --dns "
      "'ee-{n}.example.net' --trusted " +
      quoted(dir_ / "root.crt") + " --timeout 3";
  int port = start_server();
  ASSERT_GT(port, 0) << server_->log();

  // Enrolments: killed while 16 clients enrol (after about 400).
  const fs::path enrolled = work_ / "enrolled.txt";
  LoadRun run;
  std::thread load([&] {
    run = load_json("--server 127.0.0.1:" + std::to_string(port) + template_options +
                        " --count 2000 --clients 16 --pregenerate --record " + quoted(enrolled),
                    work_, "enrol");
  });
  const auto deadline = Clock::now() + std::chrono::seconds(120);
  while (read_record(enrolled).enrolled.size() < 400 && Clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  server_->kill_hard();
  load.join();
  const Received first = read_record(enrolled);
  // The kill came in the middle: some enrolments answered, the rest failed for want of a server.
  ASSERT_GE(first.enrolled.size(), 400u);
  EXPECT_GT(run.report["failed"].get<int>(), 0) << run.raw.substr(0, 2000);
  EXPECT_TRUE(run.report["errors"].contains("transport")) << run.report.dump();

  port = start_server();
  ASSERT_GT(port, 0) << server_->log();
  std::set<std::string> stored = issued_serials();
  for (const std::string& serial : first.enrolled) {
    EXPECT_TRUE(stored.contains(serial)) << "answered certificate " << serial << " lost";
    EXPECT_TRUE(fs::exists(dir_ / "issued" / (serial + ".crt"))) << serial;
  }
  EXPECT_LE(stored.size(), first.enrolled.size() + 16);  // at most one in flight per client

  // Revocations: 300 certificates enrolled, then killed while they are revoked.
  const std::string identity = reusable_identity();
  const fs::path revoked = work_ / "revoked.txt";
  std::thread revoke([&] {
    run = load_json("--server 127.0.0.1:" + std::to_string(port) + identity +
                        " --op rr --count 300 --clients 8 --timeout 3 --record " + quoted(revoked),
                    work_, "revoke");
  });
  const auto rr_deadline = Clock::now() + std::chrono::seconds(120);
  while (read_record(revoked).revoked.size() < 60 && Clock::now() < rr_deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  server_->kill_hard();
  revoke.join();
  const Received second = read_record(revoked);
  ASSERT_GE(second.revoked.size(), 60u);
  EXPECT_LT(second.revoked.size(), 300u) << "the kill came after the run";

  port = start_server();
  ASSERT_GT(port, 0) << server_->log();
  const std::set<std::string> revocations = revoked_serials();
  for (const std::string& serial : second.revoked) {
    EXPECT_TRUE(revocations.contains(serial)) << "answered revocation " << serial << " lost";
  }
  // The CRL the restarted CA writes lists them.
  run_ok("ca crl --dir " + quoted(dir_) + " --out " + quoted(work_ / "crl.pem"));
  auto text = shell("openssl crl -noout -text -in " + quoted(work_ / "crl.pem"));
  for (const std::string& serial : second.revoked) {
    EXPECT_NE(text.out.find(serial), std::string::npos) << serial;
  }
  // And it serves again: the credentials the first run did not spend still enrol.
  std::set<std::string> spent;
  for (const json& c : list("credentials.json", "credentials")) {
    if (c["used"] == true) spent.insert(c["reference"]);
  }
  EXPECT_GE(spent.size(), first.enrolled.size());
  int fresh = 0;
  for (int n = 1; n <= 2000 && fresh == 0; ++n) {
    if (!spent.contains("ee-" + std::to_string(n))) fresh = n;
  }
  ASSERT_GT(fresh, 0);
  const std::string one = "ee-" + std::to_string(fresh);
  auto again = load_json("--server 127.0.0.1:" + std::to_string(port) + " --ref " + one +
                             " --secret s3cret --subject CN=" + one + ".example.net --dns " + one +
                             ".example.net --count 1 --trusted " + quoted(dir_ / "root.crt"),
                         work_, "again");
  EXPECT_EQ(again.report["done"], 1) << again.raw;
}

// A journal whose last record was cut short (the crash came in the middle of writing it, so it
// was never answered): the restarted server drops it, says so, and keeps every whole record.
TEST_F(CaServeCrash, ATornLastJournalRecordIsDroppedTheRestKept) {
  const std::string identity = reusable_identity();
  int port = start_server();
  ASSERT_GT(port, 0) << server_->log();
  auto run = load_json("--server 127.0.0.1:" + std::to_string(port) + identity +
                           " --count 5 --record " + quoted(work_ / "got.txt"),
                       work_, "load");
  ASSERT_EQ(run.code, 0) << run.raw;
  server_->kill_hard();
  const std::string journal = read(dir_ / "journal.log");
  ASSERT_EQ(count(journal, "\n"), 5u) << journal;  // one record per issuance
  // The snapshots are gone too, as if the crash came before any was written: the journal alone
  // must bring the five back. A sixth record is torn halfway.
  const std::string last = journal.substr(journal.rfind('\n', journal.size() - 2) + 1);
  std::ofstream(dir_ / "journal.log", std::ios::app) << last.substr(0, last.size() / 2);
  std::ofstream(dir_ / "issued.json") << "{\"certificates\": [], \"dn_form\": \"rfc4514\"}\n";
  for (const auto& entry : fs::directory_iterator(dir_ / "issued")) fs::remove(entry.path());

  port = start_server();
  ASSERT_GT(port, 0) << server_->log();
  EXPECT_NE(server_->log().find("dropped a torn last record"), std::string::npos) << server_->log();
  const Received got = read_record(work_ / "got.txt");
  EXPECT_EQ(issued_serials(), std::set<std::string>(got.enrolled.begin(), got.enrolled.end()));
  for (const std::string& serial : got.enrolled) {
    EXPECT_TRUE(fs::exists(dir_ / "issued" / (serial + ".crt"))) << serial;
  }
  // A garbled record in the middle ends the journal there too (its checksum does not match).
  std::string garbled = journal;
  garbled[garbled.find("\"serial\"") + 12] ^= 1;
  server_->kill_hard();
  std::ofstream(dir_ / "journal.log", std::ios::trunc) << garbled;
  std::ofstream(dir_ / "issued.json") << "{\"certificates\": [], \"dn_form\": \"rfc4514\"}\n";
  port = start_server();
  ASSERT_GT(port, 0) << server_->log();
  EXPECT_EQ(issued_serials().size(), 0u);  // the first record is the garbled one
  auto after = load_json("--server 127.0.0.1:" + std::to_string(port) + identity + " --count 2",
                         work_, "after");
  EXPECT_EQ(after.report["done"], 2) << after.raw;
}

// A second server on the same directory is refused: two writers would split the journal.
TEST_F(CaServeCrash, OneServerPerDirectory) {
  const int port = start_server();
  ASSERT_GT(port, 0) << server_->log();
  auto second = run_ifa026("ca serve --dir " + quoted(dir_) + " --port 0");
  EXPECT_EQ(second.code, 3) << second.out;
  EXPECT_NE(second.out.find("another `ca serve`"), std::string::npos) << second.out;
}

}  // namespace
}  // namespace ca_serve_load_test
