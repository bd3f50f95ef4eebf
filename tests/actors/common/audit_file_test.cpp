// The audit export and keys files: round trips, every structural problem reported located
// (line, column, JSON pointer), and verify_audit_file's header and key checks.
#include "actors/common/audit_file.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sim/diagnostic.hpp"

namespace ifa026::actors::audit_file_test {
namespace {

using nlohmann::json;

const AuditPartition kPartition{"sm-1", "domain-a"};

pki::Bytes key_of(std::uint8_t fill) {
  return pki::Bytes(32, fill);
}

AuditLog log_with(std::size_t n) {
  AuditLog log("nfvo-1");
  log.provision_key(kPartition, key_of(0x11));
  log.provision_key(AuditPartition{"sm-2", "domain-b"}, key_of(0x22));
  for (std::size_t i = 1; i <= n; ++i) {
    log.append(kPartition, sim::Time::from_ns(static_cast<std::int64_t>(i) * 1'000'000), "grant",
               "op " + std::to_string(i));
  }
  return log;
}

std::vector<sim::Diagnostic> errors_of(const AuditFileParse& parsed) {
  if (const auto* errors = std::get_if<std::vector<sim::Diagnostic>>(&parsed)) return *errors;
  return {};
}

std::vector<sim::Diagnostic> errors_of(const AuditKeysFileParse& parsed) {
  if (const auto* errors = std::get_if<std::vector<sim::Diagnostic>>(&parsed)) return *errors;
  return {};
}

// 1-based line and column of the first occurrence of `needle` in `text`.
std::pair<int, int> position_of(const std::string& text, const std::string& needle) {
  const std::size_t at = text.find(needle);
  EXPECT_NE(at, std::string::npos) << needle;
  int line = 1;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < at; ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  return {line, static_cast<int>(at - line_start) + 1};
}

TEST(AuditFileTest, ExportRoundTripsAndVerifies) {
  const AuditLog log = log_with(4);
  const AuditFile exported = export_audit_file(log, kPartition);
  EXPECT_EQ(exported.block, "nfvo-1");
  EXPECT_EQ(exported.partition, kPartition);
  EXPECT_EQ(exported.key_id, audit_key_id(key_of(0x11)));
  EXPECT_EQ(exported.records, log.records(kPartition));
  const json file = to_audit_file(exported);
  EXPECT_EQ(file["format"], "ifa026-audit/1");
  EXPECT_EQ(file["partition"], (json{{"sm", "sm-1"}, {"domain", "domain-a"}}));
  EXPECT_EQ(file["records"][1]["seq"], 2);
  EXPECT_EQ(file["records"][1]["mac"], log.records(kPartition)[1].mac);
  const AuditFileParse parsed = parse_audit_file("a.json", file.dump(2));
  ASSERT_TRUE(std::holds_alternative<AuditFile>(parsed)) << errors_of(parsed).front().message;
  const AuditFile& back = std::get<AuditFile>(parsed);
  EXPECT_EQ(back.block, exported.block);
  EXPECT_EQ(back.partition, exported.partition);
  EXPECT_EQ(back.key_id, exported.key_id);
  EXPECT_EQ(back.records, exported.records);
  const AuditVerification v = verify_audit_file(back, key_of(0x11));
  EXPECT_TRUE(v.ok) << v.reason;
  EXPECT_EQ(v.records, 4u);
  // A window.
  const AuditFile window = export_audit_file(log, kPartition, sim::Time::from_ns(2'000'000),
                                             sim::Time::from_ns(3'000'000));
  ASSERT_EQ(window.records.size(), 2u);
  EXPECT_EQ(window.records.front().seq, 2u);
  EXPECT_THROW(export_audit_file(log, AuditPartition{"sm-9", "domain-a"}), std::logic_error);
}

TEST(AuditFileTest, NonAsciiDetailSurvivesTheFile) {
  AuditLog log("nfvo-1");
  log.provision_key(kPartition, key_of(0x11));
  log.append(kPartition, sim::Time::zero(), "instruction", "quarantäne \xE2\x9C\x93");
  log.append(kPartition, sim::Time::zero(), "grant", "x");
  const AuditFileParse parsed =
      parse_audit_file("a.json", to_audit_file(export_audit_file(log, kPartition)).dump(2));
  ASSERT_TRUE(std::holds_alternative<AuditFile>(parsed));
  EXPECT_TRUE(verify_audit_file(std::get<AuditFile>(parsed), key_of(0x11)).ok);
}

TEST(AuditFileTest, BadFieldsAreReportedWithLineColumnAndPointer) {
  json file = to_audit_file(export_audit_file(log_with(3), kPartition));
  file["records"][1]["mac"] = "not-a-mac";
  file["records"][2]["seq"] = 0;
  file["records"][0].erase("detail");
  file["records"][0]["extra"] = 1;
  file["key_id"] = "ABCDEF0123456789";
  const std::string text = file.dump(2);
  const std::vector<sim::Diagnostic> errors = errors_of(parse_audit_file("audit.json", text));
  ASSERT_FALSE(errors.empty());
  auto find = [&](const std::string& pointer) -> const sim::Diagnostic* {
    for (const sim::Diagnostic& d : errors)
      if (d.pointer == pointer) return &d;
    return nullptr;
  };
  const sim::Diagnostic* mac = find("/records/1/mac");
  ASSERT_NE(mac, nullptr);
  const auto [line, column] = position_of(text, "\"not-a-mac\"");
  EXPECT_EQ(mac->file, "audit.json");
  EXPECT_EQ(mac->line, line);
  EXPECT_EQ(mac->column, column);
  EXPECT_NE(mac->message.find("64 lowercase hex digits"), std::string::npos) << mac->message;
  EXPECT_EQ(sim::format_diagnostic(*mac).substr(0, 11 + std::to_string(line).size()),
            "audit.json:" + std::to_string(line));
  EXPECT_NE(find("/records/2/seq"), nullptr);
  EXPECT_NE(find("/records/0"), nullptr);  // missing detail
  EXPECT_NE(find("/records/0/extra"), nullptr);
  EXPECT_NE(find("/key_id"), nullptr);
  EXPECT_EQ(errors.size(), 5u);
}

TEST(AuditFileTest, WrongFormatMissingFieldsFloatsAndSyntaxErrorsAreReported) {
  const json good = to_audit_file(export_audit_file(log_with(2), kPartition));
  json wrong_format = good;
  wrong_format["format"] = "ifa026-audit/2";
  EXPECT_EQ(errors_of(parse_audit_file("f", wrong_format.dump())).at(0).pointer, "/format");
  json no_records = good;
  no_records.erase("records");
  EXPECT_NE(errors_of(parse_audit_file("f", no_records.dump())).at(0).message.find("records"),
            std::string::npos);
  json float_time = good;
  float_time["records"][0]["time_us"] = 1000000.0;
  const auto float_errors = errors_of(parse_audit_file("f", float_time.dump()));
  ASSERT_EQ(float_errors.size(), 1u);
  EXPECT_EQ(float_errors[0].pointer, "/records/0/time_us");
  json negative_seq = good;
  negative_seq["records"][0]["seq"] = -1;
  EXPECT_EQ(errors_of(parse_audit_file("f", negative_seq.dump())).at(0).pointer, "/records/0/seq");
  const auto syntax = errors_of(parse_audit_file("f", "{\n  \"format\": \"ifa026-audit/1\",\n  }"));
  ASSERT_EQ(syntax.size(), 1u);
  EXPECT_EQ(syntax[0].line, 3);
  EXPECT_GT(syntax[0].column, 0);
  EXPECT_FALSE(errors_of(parse_audit_file("f", "[]")).empty());
  EXPECT_FALSE(errors_of(parse_audit_file("f", std::string("\x00\xFF", 2))).empty());
  const auto unreadable = errors_of(load_audit_file("/nonexistent/audit.json"));
  ASSERT_EQ(unreadable.size(), 1u);
  EXPECT_NE(unreadable[0].message.find("cannot read"), std::string::npos);
}

TEST(AuditFileTest, VerifyAuditFileHoldsRecordsToTheHeaderAndNamesAWrongKey) {
  const AuditFile good = export_audit_file(log_with(3), kPartition);
  AuditFile other_domain = good;
  other_domain.partition.domain = "domain-b";
  const AuditVerification v = verify_audit_file(other_domain, std::nullopt);
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.first_broken_seq, 1u);
  EXPECT_EQ(v.reason, R"(domain "domain-a", expected "domain-b")");
  AuditFile other_block = good;
  other_block.block = "vnfm-1";
  EXPECT_EQ(verify_audit_file(other_block, std::nullopt).reason,
            R"(block "nfvo-1", expected "vnfm-1")");
  const AuditVerification wrong_key = verify_audit_file(good, key_of(0x22));
  EXPECT_EQ(wrong_key.first_broken_seq, 1u);
  EXPECT_EQ(wrong_key.reason, "mac does not verify (the key given is " +
                                  audit_key_id(key_of(0x22)) + ", the file names key " +
                                  good.key_id + ")");
  // With the right key a MAC failure says nothing about keys.
  AuditFile tampered = good;
  tampered.records[1].event = "reject";
  const AuditVerification found = verify_audit_file(tampered, key_of(0x11));
  EXPECT_EQ(found.first_broken_seq, 2u);
  EXPECT_EQ(found.reason, "mac does not verify");
}

TEST(AuditKeysFileTest, RoundTripAndLookup) {
  const AuditLog log = log_with(1);
  const json file = to_audit_keys_file(log.keys());
  EXPECT_EQ(file["format"], "ifa026-audit-keys/1");
  ASSERT_EQ(file["keys"].size(), 2u);
  EXPECT_EQ(file["keys"][0]["key_hex"], pki::to_hex(key_of(0x11)));
  EXPECT_EQ(file["keys"][0]["sm"], "sm-1");
  const AuditKeysFileParse parsed = parse_audit_keys_file("k.json", file.dump(2));
  ASSERT_TRUE(std::holds_alternative<AuditKeysFile>(parsed));
  const AuditKeysFile& keys = std::get<AuditKeysFile>(parsed);
  const AuditKey* found = keys.find("nfvo-1", kPartition);
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(found->key, key_of(0x11));
  EXPECT_EQ(found->key_id, audit_key_id(key_of(0x11)));
  ASSERT_NE(keys.find("nfvo-1", AuditPartition{"sm-2", "domain-b"}), nullptr);
  EXPECT_EQ(keys.find("nfvo-1", AuditPartition{"sm-2", "domain-a"}), nullptr);
  EXPECT_EQ(keys.find("vnfm-1", kPartition), nullptr);
}

TEST(AuditKeysFileTest, WrongKeyIdDuplicatesAndBadHexAreReportedLocated) {
  json file = to_audit_keys_file(log_with(1).keys());
  file["keys"][0]["key_id"] = "0000000000000000";
  file["keys"].push_back(file["keys"][1]);
  const std::string text = file.dump(2);
  const auto errors = errors_of(parse_audit_keys_file("keys.json", text));
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].pointer, "/keys/0/key_id");
  EXPECT_EQ(errors[0].line, position_of(text, "\"0000000000000000\"").first);
  EXPECT_NE(errors[0].message.find(audit_key_id(key_of(0x11))), std::string::npos);
  EXPECT_EQ(errors[1].pointer, "/keys/2");
  EXPECT_NE(errors[1].message.find("/keys/1"), std::string::npos);
  json bad_hex = to_audit_keys_file(log_with(1).keys());
  bad_hex["keys"][1]["key_hex"] = "abc";
  const auto hex_errors = errors_of(parse_audit_keys_file("keys.json", bad_hex.dump()));
  ASSERT_EQ(hex_errors.size(), 1u);
  EXPECT_EQ(hex_errors[0].pointer, "/keys/1/key_hex");
  json empty_key = bad_hex;
  empty_key["keys"][1]["key_hex"] = "";
  EXPECT_EQ(errors_of(parse_audit_keys_file("keys.json", empty_key.dump())).at(0).pointer,
            "/keys/1/key_hex");
}

}  // namespace
}  // namespace ifa026::actors::audit_file_test
