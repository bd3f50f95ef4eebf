// `ifa026 audit verify` as a user runs it: exit 0 with the record count and key, 1 naming the
// first broken record, 2 with a located error for malformed input and for usage errors.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "actors/common/audit_file.hpp"
#include "tests/cli/cli_program.hpp"
#include "tests/support/test_support.hpp"

namespace ifa026 {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using test::ifa026;

const actors::AuditPartition kPartition{"sm-1", "domain-a"};

// A log of "nfvo-1" with five records in sm-1/domain-a and one in sm-2/domain-b.
actors::AuditLog sample_log() {
  actors::AuditLog log("nfvo-1");
  log.provision_key(kPartition, pki::Bytes(32, 0x11));
  log.provision_key(actors::AuditPartition{"sm-2", "domain-b"}, pki::Bytes(32, 0x22));
  for (int i = 1; i <= 5; ++i) {
    log.append(kPartition, sim::Time::from_ns(i * 1'000'000'000LL), "grant",
               "operation " + std::to_string(i));
  }
  log.append(actors::AuditPartition{"sm-2", "domain-b"}, sim::Time::zero(), "bind", "x");
  return log;
}

class AuditCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = test::fresh_temp_dir("audit-cli");
    keys_ = (dir_ / "keys.json").string();
    test::write_file(keys_, actors::to_audit_keys_file(log_.keys()).dump(2));
  }
  void TearDown() override { fs::remove_all(dir_); }

  json exported() const {
    return actors::to_audit_file(actors::export_audit_file(log_, kPartition));
  }
  std::string write(const std::string& name, const std::string& text) const {
    const std::string path = (dir_ / name).string();
    test::write_file(path, text);
    return path;
  }

  actors::AuditLog log_ = sample_log();
  fs::path dir_;
  std::string keys_;
};

TEST_F(AuditCli, IntactChainWithKeyExitsZeroAndNamesTheKey) {
  const std::string file = write("audit.json", exported().dump(2));
  const auto r = ifa026("audit verify '" + file + "' --keys '" + keys_ + "'");
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_EQ(r.out, file + ": 5 records, chain intact, MACs verified (key " +
                       actors::audit_key_id(pki::Bytes(32, 0x11)) + ")\n");
}

TEST_F(AuditCli, IntactChainWithoutKeySaysMacsWereNotChecked) {
  const std::string file = write("audit.json", exported().dump(2));
  const auto r = ifa026("audit verify '" + file + "'");
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_EQ(r.out, file + ": 5 records, chain intact, MACs not checked: no key\n");
}

TEST_F(AuditCli, WindowSaysWhichRecordsItHolds) {
  const std::string file = write(
      "window.json", actors::to_audit_file(actors::export_audit_file(
                                               log_, kPartition, sim::Time::from_ns(2'000'000'000),
                                               sim::Time::from_ns(4'000'000'000)))
                         .dump());
  const auto r = ifa026("audit verify '" + file + "' --keys='" + keys_ + "'");
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find(": 3 records (seq 2 to 4, a window"), std::string::npos) << r.out;
}

TEST_F(AuditCli, TamperedRecordIsNamedWithAndWithoutKey) {
  log_.tamper(kPartition, 3, "operation 3, rewritten");
  const std::string file = write("tampered.json", exported().dump(2));
  const auto keyed = ifa026("audit verify '" + file + "' --keys '" + keys_ + "'");
  EXPECT_EQ(keyed.code, 1) << keyed.out;
  EXPECT_EQ(keyed.out, file + ": record 3: mac does not verify\n");
  const auto unkeyed = ifa026("audit verify '" + file + "'");
  EXPECT_EQ(unkeyed.code, 1) << unkeyed.out;
  EXPECT_EQ(unkeyed.out, file + ": record 4: prev_hash does not match record 3\n");
}

TEST_F(AuditCli, TheFirstOfSeveralBrokenRecordsIsNamed) {
  json file = exported();
  file["records"][3]["event"] = "reject";  // seq 4
  file["records"][1]["time_us"] = 1;       // seq 2
  file["records"].erase(4);                // seq 5 gone (the last: not detectable)
  const std::string path = write("several.json", file.dump());
  const auto r = ifa026("audit verify '" + path + "' --keys '" + keys_ + "'");
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_EQ(r.out, path + ": record 2: mac does not verify\n");
}

TEST_F(AuditCli, DeletedAndReorderedRecordsAreNamed) {
  json deleted = exported();
  deleted["records"].erase(1);
  const std::string d = write("deleted.json", deleted.dump());
  const auto r = ifa026("audit verify '" + d + "'");
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_EQ(r.out, d + ": record 3: seq 3 follows 1\n");
  json reordered = exported();
  std::swap(reordered["records"][2], reordered["records"][3]);
  const std::string o = write("reordered.json", reordered.dump());
  const auto s = ifa026("audit verify '" + o + "' --keys '" + keys_ + "'");
  EXPECT_EQ(s.code, 1) << s.out;
  EXPECT_EQ(s.out, o + ": record 4: seq 4 follows 2\n");
}

TEST_F(AuditCli, WrongKeyIsFoundAtTheFirstRecordAndSaysWhichKeys) {
  json keys = actors::to_audit_keys_file(log_.keys());
  const pki::Bytes wrong(32, 0x99);
  keys["keys"][0]["key_hex"] = pki::to_hex(wrong);
  keys["keys"][0]["key_id"] = actors::audit_key_id(wrong);
  const std::string k = write("wrong-keys.json", keys.dump());
  const std::string file = write("audit.json", exported().dump());
  const auto r = ifa026("audit verify '" + file + "' --keys '" + k + "'");
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_EQ(r.out, file + ": record 1: mac does not verify (the key given is " +
                       actors::audit_key_id(wrong) + ", the file names key " +
                       actors::audit_key_id(pki::Bytes(32, 0x11)) + ")\n");
}

TEST_F(AuditCli, MalformedFieldIsALocatedErrorWithExitTwo) {
  json file = exported();
  file["records"][3]["mac"] = "00";
  const std::string text = file.dump(2);
  const std::string path = write("bad.json", text);
  const auto r = ifa026("audit verify '" + path + "'");
  EXPECT_EQ(r.code, 2) << r.out;
  // The line of the bad value: count the newlines before it.
  const std::size_t at = text.find("\"00\"");
  ASSERT_NE(at, std::string::npos);
  const auto line = 1 + std::count(text.begin(), text.begin() + static_cast<long>(at), '\n');
  EXPECT_NE(r.out.find(path + ":" + std::to_string(line) + ":"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("(at /records/3/mac)"), std::string::npos) << r.out;
}

TEST_F(AuditCli, SyntaxErrorsUnreadableFilesAndBadKeysFilesExitTwo) {
  const std::string broken = write("broken.json", "{\"format\": \"ifa026-audit/1\",\n");
  auto r = ifa026("audit verify '" + broken + "'");
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find(broken + ":2:"), std::string::npos) << r.out;
  r = ifa026("audit verify '" + (dir_ / "missing.json").string() + "'");
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("cannot read file"), std::string::npos) << r.out;
  const std::string binary = write("binary.json", std::string("\x00\xFF\xFE garbage", 11));
  r = ifa026("audit verify '" + binary + "'");
  EXPECT_EQ(r.code, 2) << r.out;

  const std::string file = write("audit.json", exported().dump());
  json keys = actors::to_audit_keys_file(log_.keys());
  keys["keys"][1]["key_id"] = "0000000000000000";
  const std::string bad_keys = write("bad-keys.json", keys.dump(2));
  r = ifa026("audit verify '" + file + "' --keys '" + bad_keys + "'");
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("(at /keys/1/key_id)"), std::string::npos) << r.out;

  json other = actors::to_audit_keys_file(log_.keys());
  other["keys"].erase(0);  // no key for sm-1/domain-a
  const std::string no_key = write("no-key.json", other.dump());
  r = ifa026("audit verify '" + file + "' --keys '" + no_key + "'");
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("no key for block \"nfvo-1\", partition sm-1/domain-a"), std::string::npos)
      << r.out;
}

TEST_F(AuditCli, UsageErrorsExitTwoAndHelpExitsZero) {
  const std::string file = write("audit.json", exported().dump());
  EXPECT_EQ(ifa026("audit").code, 2);
  EXPECT_EQ(ifa026("audit check '" + file + "'").code, 2);
  EXPECT_EQ(ifa026("audit verify").code, 2);
  EXPECT_EQ(ifa026("audit verify '" + file + "' '" + file + "'").code, 2);
  EXPECT_EQ(ifa026("audit verify '" + file + "' --keys").code, 2);
  EXPECT_EQ(ifa026("audit verify '" + file + "' --key x").code, 2);
  const auto help = ifa026("audit verify --help");
  EXPECT_EQ(help.code, 0);
  EXPECT_NE(help.out.find("Usage: ifa026 audit verify FILE [--keys KEYSFILE]"), std::string::npos);
  EXPECT_EQ(ifa026("audit --help").code, 0);
  EXPECT_NE(ifa026("--help").out.find("audit     check an exported audit log"), std::string::npos);
}

}  // namespace
}  // namespace ifa026

namespace ifa026 {
namespace {

// The audit files of a real run: `ifa026 run` writes the NFVO's partitions and their keys under
// OUT/audit/, the untouched run verifies, and the run whose record 3 an intruder altered
// (scenarios/security-manager/audit-tampered.json) is refused naming record 3.
TEST(AuditCliOnARun, TheRunsAuditFilesVerifyAndTheTamperedRecordIsNamed) {
  const fs::path dir = test::fresh_temp_dir("audit-run");
  const std::string scenarios = std::string(IFA026_SOURCE_DIR) + "/scenarios/security-manager/";
  for (const char* name : {"fully-active", "audit-tampered"}) {
    const auto run =
        test::ifa026("run " + scenarios + name + ".json --out " + (dir / name).string());
    ASSERT_EQ(run.code, 0) << run.out;
  }
  auto verify = [&](const char* name) {
    const fs::path audit = dir / name / "audit";
    return test::ifa026("audit verify " + (audit / "nfvo-1" / "sm-1__td-a.json").string() +
                        " --keys " + (audit / "keys.json").string());
  };
  const auto intact = verify("fully-active");
  EXPECT_EQ(intact.code, 0) << intact.out;
  EXPECT_NE(intact.out.find("chain intact, MACs verified"), std::string::npos) << intact.out;
  const auto tampered = verify("audit-tampered");
  EXPECT_EQ(tampered.code, 1) << tampered.out;
  EXPECT_NE(tampered.out.find("record 3: mac does not verify"), std::string::npos) << tampered.out;
  fs::remove_all(dir);
}

}  // namespace
}  // namespace ifa026
