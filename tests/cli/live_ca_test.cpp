// The live CA (docs/live-ca.md): the scenarios of scenarios/live-ca/ run with `ifa026 conform`
// against two real CMP servers on loopback, each in its own process: `ifa026 ca serve` (our CA
// program, with the CMF's RA credential registered with `ca register --ra` and registrations and
// CRLs through `ca register` and `ca crl`) and OpenSSL's own mock server (`openssl cmp -port 0`,
// an independent implementation that answers one fixed certificate whatever is asked). The tests
// write each scenario's variant with the server's URL, certificates and commands, as a user of the
// live CA does, and assert the verdicts the real server earns; no verdict may ever be `error`.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "tests/cli/ca_serve_support.hpp"
#include "tests/cli/cli_program.hpp"

namespace {

using nlohmann::json;
namespace fs = std::filesystem;
namespace ca = ifa026::test::ca;

const fs::path kLiveScenarios = fs::path(IFA026_SOURCE_DIR) / "scenarios" / "live-ca";

std::vector<json> json_lines(const fs::path& file) {
  std::vector<json> out;
  std::istringstream in(ca::read(file));
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.push_back(json::parse(line));
  return out;
}

// Every evaluation of requirement `id` in scenario `scenario` (results.jsonl).
std::vector<json> evaluations(const std::vector<json>& results, const std::string& id,
                              const std::string& scenario) {
  std::vector<json> out;
  for (const auto& r : results)
    if (r.value("id", "") == id && r.value("scenario", "") == scenario) out.push_back(r);
  return out;
}

std::string describe(const std::vector<json>& evaluations) {
  std::string out;
  for (const auto& e : evaluations)
    out +=
        e.value("check", "") + ": " + e.value("verdict", "") + ": " + e.value("reason", "") + "\n";
  return out.empty() ? "(no evaluation)" : out;
}

// The trace records of `scenario` with operation `op` (and actor `actor` when given).
std::vector<json> records(const fs::path& out, const std::string& scenario, const std::string& op,
                          const std::string& actor = "") {
  std::vector<json> found;
  for (const auto& r : json_lines(out / "traces" / (scenario + ".jsonl")))
    if (r.value("op", "") == op && (actor.empty() || r.value("actor", "") == actor))
      found.push_back(r);
  return found;
}

// The value of `key` in a record's "k=v; k=v" detail ("" when absent).
std::string detail(const json& record, const std::string& key) {
  const std::string text = record.value("detail", "");
  const std::string marker = key + "=";
  for (std::size_t at = 0; at < text.size();) {
    std::size_t end = text.find("; ", at);
    if (end == std::string::npos) end = text.size();
    if (text.compare(at, marker.size(), marker) == 0)
      return text.substr(at + marker.size(), end - at - marker.size());
    at = end + 2;
  }
  return "";
}

// Writes one variant per live-ca scenario into `dir`, each with `params` merged into ca-1's.
void write_variants(const fs::path& dir, const std::vector<std::string>& files,
                    const json& params) {
  fs::create_directories(dir);
  for (const auto& file : files) {
    json variant = {{"base", (kLiveScenarios / file).string()},
                    {"patch", {{"actors", {{"ca-1", {{"params", params}}}}}}}};
    ifa026::test::write_file(dir / file, variant.dump(2));
  }
}

// `ifa026 conform` of the variants in `dir`: the results, after checking that the run neither
// failed to start nor erred.
std::vector<json> conform(const fs::path& dir, const fs::path& out) {
  const auto r =
      ifa026::test::ifa026("conform --out '" + out.string() + "' '" + dir.string() + "'");
  EXPECT_TRUE(r.code == 0 || r.code == 1) << r.out;
  auto results = json_lines(out / "results.jsonl");
  for (const auto& e : results) EXPECT_NE(e.value("verdict", ""), "error") << e.dump();
  return results;
}

std::string binary() {
  return ca::ifa026_binary();
}

// A CA directory for `ifa026 ca serve` with the CMF's RA credential: the CMF enrols its own
// certificate with an ir under CN=<its fqdn> (cmf-1.cmf.invalid, the CMF's default FQDN).
fs::path make_ca(const fs::path& root) {
  const fs::path dir = root / "ca";
  auto made = ca::run_ifa026("ca init --dir " + ca::quoted(dir));
  EXPECT_EQ(made.code, 0) << made.out;
  auto ra = ca::run_ifa026("ca register --dir " + ca::quoted(dir) +
                           " --ra --reusable --valid-days 0 --ref cmf-1 --secret ra-secret"
                           " --subject CN=cmf-1.cmf.invalid --dns cmf-1.cmf.invalid");
  EXPECT_EQ(ra.code, 0) << ra.out;
  return dir;
}

json ca_serve_params(const fs::path& dir, int port) {
  json params;
  params["url"] = "http://127.0.0.1:" + std::to_string(port) + "/pkix/";
  params["trust_anchors"] = json::array({(dir / "chain.pem").string()});
  params["timeout"] = "20s";
  params["register_command"] = json::array(
      {binary(), "ca", "register", "--dir", dir.string(), "--ref", "{reference}", "--secret-hex",
       "{secret_hex}", "--subject", "{subject}", json::array({"--dns", "{dns}"})});
  params["crl_command"] =
      json::array({binary(), "ca", "crl", "--dir", dir.string(), "--out", "{file}"});
  return params;
}

void expect_verdict(const std::vector<json>& results, const std::string& id,
                    const std::string& scenario, const std::string& verdict) {
  const auto found = evaluations(results, id, scenario);
  ASSERT_FALSE(found.empty()) << id << " in " << scenario;
  for (const auto& e : found) EXPECT_EQ(e.value("verdict", ""), verdict) << describe(found);
}

// ---- ifa026 ca serve --------------------------------------------------------------------------

TEST(LiveCa, CaServeEarnsPassesInTheC4Flows) {
  ifa026::test::TempDir temp("ifa026-ca-live-c4");
  const fs::path root = temp.path();
  const fs::path dir = make_ca(root);
  ca::Server server(dir);
  ASSERT_GT(server.port(), 0) << server.first_line() << server.log();
  write_variants(root / "suite", {"C.4.1.1.json", "C.4.1.2.6.json"},
                 ca_serve_params(dir, server.port()));
  const auto results = conform(root / "suite", root / "out");

  expect_verdict(results, "C.4.1.1", "live-ca-C.4.1.1", "pass");
  for (const char* id : {"C.4.1.2.6", "Nfvo.Sc.005", "Nfvo.Sc.002", "5.2.6-a", "5.2.6-b"})
    expect_verdict(results, id, "live-ca-C.4.1.2.6", "pass");

  // The certificate the NFVO installed is one the real server issued and recorded, to the RA's
  // p10cr; the NFVO verified it against the server's root at simulated time.
  const auto installed =
      records(root / "out", "live-ca-C.4.1.2.6", "CertificateInstalled", "nfvo-1");
  ASSERT_EQ(installed.size(), 1u);
  const std::string serial = detail(installed.front(), "serial");
  const auto verified =
      records(root / "out", "live-ca-C.4.1.2.6", "CertificateVerification", "nfvo-1");
  ASSERT_FALSE(verified.empty());
  EXPECT_EQ(verified.back().value("outcome", ""), "ok") << verified.back().dump();
  const auto issued = json::parse(ca::read(dir / "issued.json"))["certificates"];
  bool found = false;
  for (const auto& c : issued) {
    if (c.value("serial", "") != serial) continue;
    found = true;
    // issued.json prints RFC 4514, last RDN first (docs/ca-serve.md).
    EXPECT_EQ(c.value("subject", ""), "C=FR,O=Operator,CN=nfvo-1.example.net");
    EXPECT_EQ(c.value("signer_subject", ""), "CN=cmf-1.cmf.invalid") << c.dump();
  }
  EXPECT_TRUE(found) << serial << " not in " << issued.dump();
  // The relay traced the server's decision at #4 and the server logged the RA's p10cr.
  const auto issue = records(root / "out", "live-ca-C.4.1.2.6", "IssueCertificate", "ca-1");
  ASSERT_FALSE(issue.empty());
  EXPECT_EQ(issue.back().value("step", ""), "C.4.1.2.6#4");
  EXPECT_EQ(detail(issue.back(), "serial"), serial);
  // The certificate meets the items of the C.6 profile the relay holds it against.
  EXPECT_EQ(detail(issue.back(), "verification"), "C.6 profile ok") << issue.back().dump();
  EXPECT_NE(server.log().find("p10cr -> cp status 0"), std::string::npos) << server.log();
  // The run's epoch is the wall clock, a minute ahead: the summary and a run's manifest say that
  // its fingerprint is not reproducible, and `ifa026 fingerprints` will not store it.
  const auto summary = json::parse(ca::read(root / "out" / "summary.json"));
  for (const auto& s : summary["scenarios"])
    EXPECT_EQ(s.value("fingerprint_reproducible", true), false);
  const std::string variant = (root / "suite" / "C.4.1.1.json").string();
  const auto run =
      ifa026::test::ifa026("run '" + variant + "' --out '" + (root / "run").string() + "'");
  ASSERT_EQ(run.code, 0) << run.out;
  const auto manifest = json::parse(ca::read(root / "run" / "manifest.json"));
  ASSERT_TRUE(manifest.contains("wall_clock_epoch")) << manifest.dump();
  const auto trace = json_lines(root / "run" / "trace.jsonl");
  ASSERT_FALSE(trace.empty());
  EXPECT_EQ(trace.front().value("op", ""), "LiveCaServer");
  EXPECT_EQ(detail(trace.front(), "epoch"), manifest["wall_clock_epoch"].value("epoch", ""));
  const auto fingerprints = ifa026::test::ifa026("fingerprints '" + variant + "'");
  EXPECT_EQ(fingerprints.code, 0) << fingerprints.out;
  EXPECT_NE(fingerprints.out.find("skipped: its epoch is the wall clock"), std::string::npos)
      << fingerprints.out;
}

TEST(LiveCa, CaServeEarnsPassesInTheDirectModeFlows) {
  ifa026::test::TempDir temp("ifa026-ca-live-direct");
  const fs::path root = temp.path();
  const fs::path dir = make_ca(root);
  ca::Server server(dir);
  ASSERT_GT(server.port(), 0) << server.first_line() << server.log();
  write_variants(root / "suite",
                 {"C.2.1.1.json", "C.2.1.3.json", "direct-scale-in.json",
                  "direct-credential-reused.json", "direct-wrong-initial-credential.json"},
                 ca_serve_params(dir, server.port()));
  const auto results = conform(root / "suite", root / "out");

  // Issuance per registration: each VNFCI identity registered by the command, then enrolled.
  expect_verdict(results, "C.2.1.1", "live-ca-C.2.1.1", "pass");
  const auto registered = records(root / "out", "live-ca-C.2.1.1", "RegisterEndEntity", "ca-1");
  ASSERT_EQ(registered.size(), 4u);
  for (const auto& r : registered) EXPECT_EQ(r.value("outcome", ""), "registered") << r.dump();
  const auto credentials = ca::read(dir / "credentials.json");
  for (const auto& r : registered)
    EXPECT_NE(credentials.find(detail(r, "reference")), std::string::npos) << credentials;
  // Refusal of a spent credential and of a wrong one, by the real server.
  expect_verdict(results, "C.2.1.1", "live-ca-direct-credential-reused", "pass");
  expect_verdict(results, "C.2.1.1", "live-ca-direct-wrong-initial-credential", "pass");
  // The HSM-signed p10cr under the initial credential, and key rotation by kur.
  expect_verdict(results, "C.2.1.3", "live-ca-C.2.1.3", "pass");
  int kur = 0;
  for (const auto& r : records(root / "out", "live-ca-C.2.1.3", "IssueCertificate", "ca-1"))
    if (detail(r, "request") == "kur" && r.value("outcome", "") == "ok") ++kur;
  EXPECT_GE(kur, 2);
  // rr by the CMF as RA after a scale-in, and the CRL that lists it, taken by the CMF.
  expect_verdict(results, "Cmf.CertLcm.001", "live-ca-direct-scale-in", "pass");
  const auto revoked =
      records(root / "out", "live-ca-direct-scale-in", "RevokeCertificate", "ca-1");
  ASSERT_EQ(revoked.size(), 2u);
  const auto on_disk = ca::read(dir / "revoked.json");
  for (const auto& r : revoked) {
    EXPECT_EQ(r.value("outcome", ""), "ok") << r.dump();
    EXPECT_NE(on_disk.find(detail(r, "serial")), std::string::npos) << on_disk;
  }
  const auto crls = records(root / "out", "live-ca-direct-scale-in", "PublishCrl", "ca-1");
  ASSERT_FALSE(crls.empty());
  EXPECT_EQ(crls.back().value("outcome", ""), "ok") << crls.back().dump();
  EXPECT_GE(std::stoi(detail(crls.back(), "entries")), 2) << crls.back().dump();
  const auto taken = records(root / "out", "live-ca-direct-scale-in", "CrlUpdate", "cmf-1");
  ASSERT_FALSE(taken.empty());
  EXPECT_EQ(taken.back().value("outcome", ""), "ok") << taken.back().dump();
  const std::string log = server.log();
  EXPECT_NE(log.find("kur -> kup status 0"), std::string::npos) << log;
  EXPECT_NE(log.find("rr -> rp status 0"), std::string::npos) << log;
  EXPECT_NE(
      log.find("ir -> error status 2 (notAuthorized: one-use initial credential already used)"),
      std::string::npos)
      << log;
}

// Without a register_command the live CA takes no registrations: each is refused with that
// reason, no VNFCI enrols, and the direct-mode flow is not passed (never an error).
TEST(LiveCa, WithoutARegisterCommandRegistrationsAreRefused) {
  ifa026::test::TempDir temp("ifa026-ca-live-noreg");
  const fs::path root = temp.path();
  const fs::path dir = make_ca(root);
  ca::Server server(dir);
  ASSERT_GT(server.port(), 0) << server.first_line() << server.log();
  json params = ca_serve_params(dir, server.port());
  params["register_command"] = nullptr;
  write_variants(root / "suite", {"C.2.1.1.json"}, params);
  const auto results = conform(root / "suite", root / "out");
  const auto registered = records(root / "out", "live-ca-C.2.1.1", "RegisterEndEntity", "ca-1");
  ASSERT_EQ(registered.size(), 4u);
  for (const auto& r : registered) {
    EXPECT_EQ(r.value("outcome", ""), "rejected") << r.dump();
    EXPECT_NE(detail(r, "reason").find("the live CA takes no registrations"), std::string::npos)
        << r.dump();
  }
  const auto direct = evaluations(results, "C.2.1.1", "live-ca-C.2.1.1");
  ASSERT_FALSE(direct.empty());
  for (const auto& e : direct) EXPECT_NE(e.value("verdict", ""), "pass") << describe({e});
  // The only ir the server granted is the CMF's own RA enrolment.
  EXPECT_EQ(ca::count(server.log(), "ir -> ip status 0"), 1u) << server.log();
}

// ---- OpenSSL's mock server -------------------------------------------------------------------

// `openssl cmp -port 0` in the background, stopped when the object goes; its port from the
// "ACCEPT [::]:PORT" line it prints.
class MockServer {
 public:
  explicit MockServer(const fs::path& dir) : dir_(dir) {
    const std::string command =
        "cd " + ca::quoted(dir) +
        " && exec openssl cmp -port 0 -srv_ref mock -srv_secret pass:ra-secret"
        " -srv_cert server.crt -srv_key server.key -srv_trusted root.crt"
        " -rsp_cert issued.crt -rsp_extracerts server.crt -rsp_capubs root.crt"
        " > mock.log 2>&1 & echo $!";
    pid_ = std::stoi(ca::shell(command).out);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (port_ == 0 && std::chrono::steady_clock::now() < deadline) {
      const std::string log = this->log();
      const auto at = log.find("ACCEPT ");
      const auto colon = at == std::string::npos ? at : log.find("]:", at);
      if (colon != std::string::npos) port_ = std::atoi(log.c_str() + colon + 2);
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
  ~MockServer() {
    if (pid_ > 0) ::kill(pid_, SIGTERM);
  }
  MockServer(const MockServer&) = delete;
  MockServer& operator=(const MockServer&) = delete;
  int port() const { return port_; }
  std::string log() const { return ca::read(dir_ / "mock.log"); }

 private:
  fs::path dir_;
  int pid_ = -1;
  int port_ = 0;
};

// The mock's certificates: a root, the server's signing certificate and the one certificate it
// answers with, made with the openssl command.
void make_mock_certificates(const fs::path& dir) {
  fs::create_directories(dir);
  const std::string in = "cd " + ca::quoted(dir) + " && ";
  const std::string ec = " -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes";
  for (const std::string& step : std::vector<std::string>{
           "openssl req -x509" + ec +
               " -keyout root.key -out root.crt -subj '/CN=Mock Root' -days 30"
               " -addext basicConstraints=critical,CA:TRUE -addext "
               "keyUsage=critical,keyCertSign,cRLSign",
           "openssl req" + ec + " -keyout server.key -out server.csr -subj '/CN=Mock Server'",
           "openssl x509 -req -in server.csr -CA root.crt -CAkey root.key -CAcreateserial"
           " -out server.crt -days 30",
           "openssl req" + ec +
               " -keyout issued.key -out issued.csr -subj '/CN=whatever.example.net'",
           "openssl x509 -req -in issued.csr -CA root.crt -CAkey root.key -CAcreateserial"
           " -out issued.crt -days 30"}) {
    const auto r = ca::shell(in + step);
    ASSERT_EQ(r.code, 0) << step << "\n" << r.out;
  }
}

TEST(LiveCa, OpensslMockServerIsJudgedHonestly) {
  ifa026::test::TempDir temp("ifa026-ca-live-mock");
  const fs::path root = temp.path();
  make_mock_certificates(root / "mock");
  MockServer mock(root / "mock");
  ASSERT_GT(mock.port(), 0) << mock.log();
  write_variants(root / "suite", {"C.4.1.1.json", "C.2.1.1.json"},
                 {{"url", "http://127.0.0.1:" + std::to_string(mock.port()) + "/pkix/"},
                  {"trust_anchors", json::array({(root / "mock" / "root.crt").string()})},
                  {"timeout", "20s"},
                  {"register_command", nullptr},
                  {"crl_command", nullptr}});
  const auto results = conform(root / "suite", root / "out");

  // The mock answers the CMF's RA enrolment (ir) with its fixed certificate, whose key is not the
  // one the CMF asked for: the relay traces what the server issued, the CMF refuses it in its
  // certConf and retries, and never becomes ready, so nothing else is ever asked of the mock.
  const auto issued = records(root / "out", "live-ca-C.4.1.1", "IssueCertificate", "ca-1");
  ASSERT_FALSE(issued.empty());
  EXPECT_EQ(issued.front().value("outcome", ""), "ok") << issued.front().dump();
  EXPECT_EQ(detail(issued.front(), "request"), "ir");
  EXPECT_EQ(detail(issued.front(), "subject"), "CN=whatever.example.net");
  // A certificate made with `openssl x509 -req` and no extension file misses the C.6 profile.
  EXPECT_NE(detail(issued.front(), "verification").find("no subjectAltName"), std::string::npos)
      << issued.front().dump();
  const auto ready = records(root / "out", "live-ca-C.4.1.1", "CmfReady", "cmf-1");
  ASSERT_GE(ready.size(), 2u);
  for (const auto& r : ready) {
    EXPECT_EQ(r.value("outcome", ""), "failed") << r.dump();
    EXPECT_NE(detail(r, "reason").find("does not match"), std::string::npos) << r.dump();
  }
  EXPECT_NE(mock.log().find("certificate rejected by client"), std::string::npos) << mock.log();
  // The verdicts say so: the registration flow fails (the CMF not ready), the direct-mode flow
  // never starts.
  const auto registration = evaluations(results, "C.4.1.1", "live-ca-C.4.1.1");
  ASSERT_FALSE(registration.empty());
  for (const auto& e : registration) {
    EXPECT_EQ(e.value("verdict", ""), "fail") << describe({e});
    EXPECT_NE(e.value("reason", "").find("CMF not ready"), std::string::npos) << describe({e});
  }
  const auto direct = evaluations(results, "C.2.1.1", "live-ca-C.2.1.1");
  ASSERT_FALSE(direct.empty());
  for (const auto& e : direct) EXPECT_NE(e.value("verdict", ""), "pass") << describe({e});
  EXPECT_TRUE(records(root / "out", "live-ca-C.2.1.1", "RegisterEndEntity").empty());
}

// ---- No server -------------------------------------------------------------------------------

// A URL where nothing listens: every relayed request is traced as failed and answered with
// nothing, the CMF times out as with an unreachable CA; the verdicts are fail, never error.
TEST(LiveCa, AServerThatIsNotThereIsACaThatDoesNotAnswer) {
  ifa026::test::TempDir temp("ifa026-ca-live-none");
  const fs::path root = temp.path();
  const fs::path dir = make_ca(root);
  write_variants(root / "suite", {"C.4.1.1.json"},
                 {{"url", "http://127.0.0.1:1/pkix/"},
                  {"trust_anchors", json::array({(dir / "chain.pem").string()})},
                  {"timeout", "1s"}});
  const auto results = conform(root / "suite", root / "out");
  const auto failed = records(root / "out", "live-ca-C.4.1.1", "LiveCaExchange", "ca-1");
  ASSERT_FALSE(failed.empty());
  EXPECT_EQ(failed.front().value("outcome", ""), "failed");
  EXPECT_EQ(detail(failed.front(), "request"), "ir");
  EXPECT_FALSE(detail(failed.front(), "reason").empty()) << failed.front().dump();
  const auto ready = records(root / "out", "live-ca-C.4.1.1", "CmfReady", "cmf-1");
  ASSERT_FALSE(ready.empty());
  EXPECT_NE(detail(ready.front(), "reason").find("CA unavailable"), std::string::npos)
      << ready.front().dump();
  for (const auto& e : evaluations(results, "C.4.1.1", "live-ca-C.4.1.1"))
    EXPECT_EQ(e.value("verdict", ""), "fail") << describe({e});
}

}  // namespace
