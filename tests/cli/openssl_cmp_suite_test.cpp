// `ifa026 ca serve` held against OpenSSL's own CMP client test tables (OpenSSL 3.0,
// test/recipes/80-test_cmp_http_data: test_enrollment.csv and test_commands.csv, kept in
// tests/data/peer-tests/openssl-cmp/openssl-3.0, or $IFA026_PEER_TESTS). Each row becomes an
// `openssl cmp` command line the way OpenSSL's harness builds it for a server of its own name
// ("ifa026": a config section naming our server, our root as trust anchor, and a "leaf" end
// entity enrolled at our CA in place of the Mock server's signer). A row must end as the table
// expects, except the rows our CA refuses by policy (docs/ca-serve.md): those must fail with
// the named PKIFailureInfo in an answer the client verified, and the rows that depend on the
// Mock server's own trust data.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "tests/cli/ca_serve_support.hpp"
#include "tests/support/test_support.hpp"

namespace openssl_cmp_suite_test {
namespace {

namespace fs = std::filesystem;
using namespace ifa026::test::ca;  // NOLINT(google-build-using-namespace)

fs::path peer_data() {
  const char* env = std::getenv("IFA026_PEER_TESTS");
  fs::path base = env != nullptr && *env != '\0'
                      ? fs::path(env)
                      : fs::path(IFA026_SOURCE_DIR) / "tests" / "data" / "peer-tests";
  return base / "openssl-cmp" / "openssl-3.0" / "test" / "recipes" / "80-test_cmp_http_data";
}

// A row that does not end as the table expects against our CA, and why.
struct Exception {
  std::string outcome;  // "refused FAILINFO": the client got this refusal; "fails": no peer answer
  std::string why;
};

// Rows (by aspect and title) that end otherwise than OpenSSL's table says, each for a reason
// docs/ca-serve.md gives. Every other row must end as expected.
const std::map<std::string, Exception>& exceptions() {
  static const std::map<std::string, Exception> table = {
      // The signer (CN=leaf, no subjectAltName) asks for names that are not its own.
      {"enrollment/sans 1 dns", {"refused notAuthorized", "names not of the signer's identity"}},
      {"enrollment/sans 1 dns critical",
       {"refused notAuthorized", "names not of the signer's identity"}},
      {"enrollment/sans 2 dns", {"refused notAuthorized", "names not of the signer's identity"}},
      {"enrollment/sans 1 dns 1 ip",
       {"refused notAuthorized", "names not of the signer's identity"}},
      {"enrollment/sans 2 ip", {"refused notAuthorized", "names not of the signer's identity"}},
      {"enrollment/sans 1 uri", {"refused notAuthorized", "names not of the signer's identity"}},
      {"enrollment/san_nodefault", {"refused notAuthorized", "names not of the signer's identity"}},
      {"enrollment/san default via oldcert",
       {"refused notAuthorized", "names not of the signer's identity"}},
      {"enrollment/reqexts", {"refused notAuthorized", "names not of the signer's identity"}},
      // Trust data of the Mock server: our certificates do not chain to its big_root.crt.
      {"enrollment/out_trusted bigcert", {"fails", "Mock server's own trust anchor"}},
      // A captured request sent again is a replay: its transactionID is refused.
      {"commands/reqin old tid", {"refused transactionIdInUse", "replayed transactionID"}},
      // The recorded certConf confirms the certificate of the recorded exchange; we issue a
      // fresh certificate for the re-sent ir, so its hash does not match (the Mock server
      // always returns the same certificate).
      {"commands/reqin new tid",
       {"refused certhash unmatched", "certConf for another certificate"}},
      // A revocation is final: certificateHold is recorded as a revocation, and removeFromCRL
      // (meant for delta CRLs, RFC 5280 5.3.1) is refused for the revoked certificate.
      {"commands/revreason removeFromCRL", {"refused certRevoked", "revocation is final"}},
      // An rr must name the certificate by issuer and serial number; a CSR names none.
      {"commands/--- use csr for revocation ----",
       {"refused badCertId", "rr without issuer and serial"}},
  };
  return table;
}

struct Row {
  std::string title;
  std::vector<std::string> args;
  int expected = 0;
};

std::vector<std::string> split_fields(const std::string& line) {
  std::vector<std::string> out;
  std::string field;
  std::istringstream in(line);
  while (std::getline(in, field, ',')) {
    const auto first = field.find_first_not_of(" \t\r");
    if (first == std::string::npos) continue;  // blank fields are left out, as the harness does
    field = field.substr(first, field.find_last_not_of(" \t\r") - first + 1);
    out.push_back(field);
  }
  return out;
}

void replace_all(std::string& text, const std::string& what, const std::string& with) {
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + with.size()))
    text.replace(at, what.size(), with);
}

// The rows of test_ASPECT.csv as command arguments (after `openssl cmp`), built as OpenSSL's
// harness does: placeholders substituted, the section "ifa026 ASPECT" of our config, no proxy,
// the result written to RESULTS/test.cert.pem, BLANK cells dropped, `""""` an empty argument.
std::vector<Row> load_rows(const fs::path& csv, const std::string& aspect,
                           const std::map<std::string, std::string>& values,
                           const fs::path& results) {
  std::vector<Row> rows;
  std::ifstream in(csv);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    for (const auto& [key, value] : values) replace_all(line, key, value);
    replace_all(line, "_RESULT_DIR", results.string());
    if (line.find("-tls_used") != std::string::npos) continue;  // no TLS port
    std::string prefix = "-config,../ifa026/test.cnf,-section,ifa026 " + aspect + ",";
    bool enrols = false;
    for (const char* cmd : {"ir", "cr", "p10cr", "kur"}) {
      std::vector<std::string> f = split_fields(line);
      for (std::size_t i = 0; i + 1 < f.size(); ++i) enrols |= f[i] == "-cmd" && f[i + 1] == cmd;
    }
    if (aspect != "commands" || enrols) {
      prefix += "-certout," + (results / "test.cert.pem").string() + ",";
    }
    prefix += "-proxy,<EMPTY>,-no_proxy,127.0.0.1,";
    replace_all(line, "-section,,", prefix);
    std::vector<std::string> f = split_fields(line);
    if (f.size() < 2 || (f[0] != "0" && f[0] != "1")) continue;
    Row row;
    row.expected = f[0] == "1" ? 1 : 0;
    row.title = f[1];
    for (std::size_t i = 2; i < f.size(); ++i) {
      if (f[i] == "BLANK") continue;
      if (f[i] == "<EMPTY>" || f[i] == "\"\"\"\"") {
        row.args.emplace_back();
        continue;
      }
      row.args.push_back(f[i]);
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

std::string shell_quote(const std::string& arg) {
  std::string out = "'";
  for (char c : arg) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

TEST(OpensslCmpSuite, EnrollmentAndCommandsAgainstCaServe) {
  const fs::path data = peer_data();
  ASSERT_TRUE(fs::exists(data / "test_enrollment.csv"))
      << "OpenSSL's CMP test data not found at " << data
      << " (set IFA026_PEER_TESTS to the peer-tests folder)";
  const fs::path work = temp_dir("openssl-cmp-suite");
  const fs::path ca = work / "ca";
  const fs::path client = work / "ifa026";  // the harness's per-server folder
  const fs::path results = work / "results";
  fs::create_directories(results);
  fs::create_directories(client);
  for (const auto& entry : fs::directory_iterator(data / "Mock")) {
    fs::copy_file(entry.path(), client / entry.path().filename());
    fs::permissions(client / entry.path().filename(),
                    fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::add);
  }
  fs::create_directories(client / "dir");  // for the "... is directory" rows

  ASSERT_EQ(run_ifa026("ca init --dir " + quoted(ca)).code, 0);
  // OpenSSL's slash form, in the certificate's order: what the rows' -subject asks for.
  const std::string leaf = "/C=AU/ST=Some-State/O=Internet Widgits Pty Ltd/CN=leaf";
  auto reg =
      run_ifa026("ca register --dir " + quoted(ca) + " --ref leaf --secret test --subject '" +
                 leaf + "' --dns leaf.example.net");
  ASSERT_EQ(reg.code, 0) << reg.out;
  Server server(ca);
  ASSERT_GT(server.port(), 0) << server.first_line() << server.log();
  const std::string port = std::to_string(server.port());

  // Our CA's certificates in place of the Mock server's: the trust anchor for responses and
  // enrolled certificates, the issuing CA for kur's -extracerts and as the pinned server
  // certificate, and the "leaf" signer (the
  // Mock's key, enrolled here with the registered credential) as signer.crt / signer.p12.
  fs::copy_file(ca / "root.crt", client / "root.crt", fs::copy_options::overwrite_existing);
  fs::copy_file(ca / "ca.crt", client / "issuing.crt", fs::copy_options::overwrite_existing);
  // The certificate our answers are signed with (the issuing CA's), for -srvcert server.crt.
  fs::copy_file(ca / "ca.crt", client / "server.crt", fs::copy_options::overwrite_existing);
  const std::string base = "openssl cmp -config '' -server 127.0.0.1:" + port + " -path pkix/ ";
  auto enrol =
      shell("cd " + quoted(client) + " && " + base +
            "-cmd ir -ref leaf -secret pass:test -newkey signer.key -subject " + shell_quote(leaf) +
            " -sans leaf.example.net -trusted root.crt -certout signer.crt.new");
  ASSERT_EQ(enrol.code, 0) << enrol.out << server.log();
  fs::rename(client / "signer.crt.new", client / "signer.crt");
  auto p12 = shell("cd " + quoted(client) +
                   " && openssl pkcs12 -export -in signer.crt -inkey signer.key -passout "
                   "pass:12345 -out signer.p12");
  ASSERT_EQ(p12.code, 0) << p12.out;
  auto issuing_dn =
      shell("openssl x509 -noout -subject -nameopt compat -in " + quoted(ca / "ca.crt"));
  std::string ca_dn = issuing_dn.out.substr(issuing_dn.out.find('=') + 1);
  while (!ca_dn.empty() && (ca_dn.back() == '\n' || ca_dn.back() == ' ')) ca_dn.pop_back();

  // The config: as the harness expects one test.cnf per server, OpenSSL's Mock/test.cnf with our
  // trust anchor and a section for our server.
  // openssl cmp looks an option up in the sections from the last one named backwards, each
  // falling back to [default], so the server's own file sets its trust anchor there: ours.
  std::string cnf = read(data / "Mock" / "test.cnf");
  const auto trusted = cnf.find("\ntrusted = trusted.crt\n");
  ASSERT_NE(trusted, std::string::npos);
  cnf.replace(trusted, 23, "\ntrusted = root.crt\n");
  cnf += "\n[ifa026] # ifa026 ca serve\nserver_host = 127.0.0.1\nserver_port = " + port +
         "\nserver_tls = 0\nserver_cert =\nserver = 127.0.0.1:" + port +
         "\nserver_path = pkix/\npath = pkix/\nca_dn = " + ca_dn + "\nrecipient = " + ca_dn +
         "\nserver_dn = " + ca_dn +
         "\nsubject = \"/C=AU/ST=Some-State/O=Internet Widgits Pty Ltd/CN=leaf\"\n"
         "newkey = signer.key\nout_trusted = root.crt\ntrusted = root.crt\nkur_port = " +
         port + "\npbm_port = " + port +
         "\npbm_ref =\npbm_secret = pass:test\ncert = signer.crt\nkey = signer.p12\n"
         "keypass = pass:12345\nignore_keyusage = 0\ncolumn = 0\nsleep = 0\n";
  fs::remove(client / "test.cnf");
  std::ofstream(client / "test.cnf") << cnf;

  const std::map<std::string, std::string> values = {
      {"_CA_DN", ca_dn},      {"_SERVER_DN", ca_dn},       {"_SERVER_HOST", "127.0.0.1"},
      {"_SERVER_PORT", port}, {"_SERVER_TLS", "0"},        {"_SERVER_PATH", "pkix/"},
      {"_SERVER_CERT", ""},   {"_KUR_PORT", port},         {"_PBM_PORT", port},
      {"_PBM_REF", ""},       {"_PBM_SECRET", "pass:test"}};
  std::size_t ran = 0, as_expected = 0, by_policy = 0;
  std::set<std::string> seen_exceptions;
  for (const std::string aspect : {"enrollment", "commands"}) {
    for (const Row& row : load_rows(data / ("test_" + aspect + ".csv"), aspect, values, results)) {
      std::string command = "cd " + quoted(client) + " && openssl cmp";
      for (const std::string& a : row.args) command += " " + shell_quote(a);
      const std::size_t log_before = server.log().size();
      Result r = shell(command);
      const std::string served = server.log().substr(log_before);
      ++ran;
      const int actual = r.code == 0 ? 1 : 0;
      const std::string key = aspect + "/" + row.title;
      auto exception = exceptions().find(key);
      if (exception == exceptions().end()) {
        EXPECT_EQ(actual, row.expected) << key << "\n" << command << "\n" << r.out << served;
        if (actual == row.expected) ++as_expected;
        continue;
      }
      seen_exceptions.insert(key);
      ++by_policy;
      EXPECT_EQ(actual, 0) << key << " (" << exception->second.why << ")\n"
                           << command << "\n"
                           << r.out;
      const std::string& outcome = exception->second.outcome;
      if (outcome.starts_with("refused ")) {
        const std::string failure = outcome.substr(8);
        // The refusal reached the client in an answer it verified: it names the failure.
        EXPECT_NE(r.out.find(failure), std::string::npos) << key << "\n"
                                                          << command << "\n"
                                                          << r.out << served;
        EXPECT_NE(served.find(failure), std::string::npos) << key << served;
      }
    }
  }
  for (const auto& [key, exception] : exceptions()) {
    EXPECT_TRUE(seen_exceptions.contains(key)) << "no row " << key;
  }
  EXPECT_GE(ran, 100u);
  std::printf("ran %zu rows: %zu as OpenSSL's tables expect, %zu refused by policy or N/A\n", ran,
              as_expected, by_policy);
  server.stop();
  if (!HasFailure()) fs::remove_all(work);
}

}  // namespace
}  // namespace openssl_cmp_suite_test
