// Writers and located parsers of the audit export and keys files. The structure is checked by
// the project's JSON Schema interpreter (sim/schema_validator) against the schemas below, so a
// bad field is reported as every scenario error is: FILE:LINE:COLUMN and its JSON pointer.
#include "actors/common/audit_file.hpp"

#include <map>
#include <stdexcept>
#include <tuple>
#include <utility>

#include "sim/json_document.hpp"
#include "sim/schema_validator.hpp"

namespace ifa026::actors {

namespace {

using nlohmann::json;

constexpr const char* kAuditFileSchema = R"({
  "$defs": {
    "hash": {"type": "string", "pattern": "^[0-9a-f]{64}$",
             "description": "64 lowercase hex digits"},
    "record": {
      "type": "object",
      "required": ["seq", "time_us", "block", "sm", "domain", "event", "detail", "prev_hash",
                   "mac"],
      "additionalProperties": false,
      "properties": {
        "seq": {"type": "integer", "minimum": 1, "maximum": 18446744073709551615},
        "time_us": {"type": "integer", "minimum": -9223372036854775808,
                    "maximum": 9223372036854775807},
        "block": {"type": "string"},
        "sm": {"type": "string"},
        "domain": {"type": "string"},
        "event": {"type": "string"},
        "detail": {"type": "string"},
        "prev_hash": {"$ref": "#/$defs/hash"},
        "mac": {"$ref": "#/$defs/hash"}
      }
    }
  },
  "type": "object",
  "required": ["format", "block", "partition", "key_id", "records"],
  "additionalProperties": false,
  "properties": {
    "format": {"type": "string", "const": "ifa026-audit/1"},
    "block": {"type": "string"},
    "partition": {
      "type": "object",
      "required": ["sm", "domain"],
      "additionalProperties": false,
      "properties": {"sm": {"type": "string"}, "domain": {"type": "string"}}
    },
    "key_id": {"type": "string", "pattern": "^[0-9a-f]{16}$",
               "description": "16 lowercase hex digits"},
    "records": {"type": "array", "items": {"$ref": "#/$defs/record"}}
  }
})";

constexpr const char* kAuditKeysFileSchema = R"({
  "type": "object",
  "required": ["format", "keys"],
  "additionalProperties": false,
  "properties": {
    "format": {"type": "string", "const": "ifa026-audit-keys/1"},
    "keys": {
      "type": "array",
      "items": {
        "type": "object",
        "required": ["block", "sm", "domain", "key_id", "key_hex"],
        "additionalProperties": false,
        "properties": {
          "block": {"type": "string"},
          "sm": {"type": "string"},
          "domain": {"type": "string"},
          "key_id": {"type": "string", "pattern": "^[0-9a-f]{16}$",
                     "description": "16 lowercase hex digits"},
          "key_hex": {"type": "string", "pattern": "^([0-9a-f]{2})+$",
                      "description": "the key as lowercase hex digits, two per byte"}
        }
      }
    }
  }
})";

const sim::SchemaValidator& audit_file_validator() {
  static const sim::SchemaValidator validator(json::parse(kAuditFileSchema));
  return validator;
}

const sim::SchemaValidator& audit_keys_file_validator() {
  static const sim::SchemaValidator validator(json::parse(kAuditKeysFileSchema));
  return validator;
}

void add_error(std::vector<sim::Diagnostic>& out, std::string pointer, std::string message) {
  sim::Diagnostic d;
  d.pointer = std::move(pointer);
  d.message = std::move(message);
  out.push_back(std::move(d));
}

// The schema takes 5.0 for an integer; the files are written with integer tokens only.
void require_integer_token(const json& value, const std::string& pointer,
                           std::vector<sim::Diagnostic>& out) {
  if (!value.is_number_integer()) {
    add_error(out, pointer,
              "must be written as an integer (no fraction or exponent), found " + value.dump());
  }
}

AuditFileParse finish_audit_file(sim::JsonDocument doc) {
  if (!doc.ok()) return doc.syntax_errors();
  const json& root = doc.root();
  std::vector<sim::Diagnostic> errors;
  audit_file_validator().validate(root, errors);
  if (errors.empty()) {
    const json& records = root["records"];
    for (std::size_t i = 0; i < records.size(); ++i) {
      const std::string at = "/records/" + std::to_string(i);
      require_integer_token(records[i]["seq"], at + "/seq", errors);
      require_integer_token(records[i]["time_us"], at + "/time_us", errors);
    }
  }
  if (!errors.empty()) {
    doc.locate(errors);
    return errors;
  }
  AuditFile file;
  file.block = root["block"].get<std::string>();
  file.partition.sm = root["partition"]["sm"].get<std::string>();
  file.partition.domain = root["partition"]["domain"].get<std::string>();
  file.key_id = root["key_id"].get<std::string>();
  for (const json& r : root["records"]) {
    AuditRecord record;
    record.seq = r["seq"].get<std::uint64_t>();
    record.time_us = r["time_us"].get<std::int64_t>();
    record.block = r["block"].get<std::string>();
    record.sm = r["sm"].get<std::string>();
    record.domain = r["domain"].get<std::string>();
    record.event = r["event"].get<std::string>();
    record.detail = r["detail"].get<std::string>();
    record.prev_hash = r["prev_hash"].get<std::string>();
    record.mac = r["mac"].get<std::string>();
    file.records.push_back(std::move(record));
  }
  return file;
}

AuditKeysFileParse finish_audit_keys_file(sim::JsonDocument doc) {
  if (!doc.ok()) return doc.syntax_errors();
  const json& root = doc.root();
  std::vector<sim::Diagnostic> errors;
  audit_keys_file_validator().validate(root, errors);
  AuditKeysFile file;
  if (errors.empty()) {
    std::map<std::tuple<std::string, std::string, std::string>, std::size_t> seen;
    const json& keys = root["keys"];
    for (std::size_t i = 0; i < keys.size(); ++i) {
      const json& k = keys[i];
      const std::string at = "/keys/" + std::to_string(i);
      AuditKey key;
      key.block = k["block"].get<std::string>();
      key.partition.sm = k["sm"].get<std::string>();
      key.partition.domain = k["domain"].get<std::string>();
      key.key_id = k["key_id"].get<std::string>();
      key.key = *pki::from_hex(k["key_hex"].get<std::string>());  // the schema checked it
      if (const std::string id = audit_key_id(key.key); id != key.key_id) {
        add_error(
            errors, at + "/key_id",
            "\"" + key.key_id + "\" is not the id of this key_hex (its id is \"" + id + "\")");
      }
      auto [it, inserted] =
          seen.emplace(std::make_tuple(key.block, key.partition.sm, key.partition.domain), i);
      if (!inserted) {
        add_error(errors, at,
                  "a second key for block \"" + key.block + "\", partition " +
                      to_string(key.partition) + " (the first is /keys/" +
                      std::to_string(it->second) + ")");
      }
      file.keys.push_back(std::move(key));
    }
  }
  if (!errors.empty()) {
    doc.locate(errors);
    return errors;
  }
  return file;
}

}  // namespace

AuditFile export_audit_file(const AuditLog& log, const AuditPartition& partition, sim::Time from,
                            sim::Time to) {
  const AuditKey* key = log.key(partition);
  if (key == nullptr) {
    throw std::logic_error("audit log of " + log.block() + ": no partition " +
                           to_string(partition));
  }
  return AuditFile{log.block(), partition, key->key_id, log.export_range(partition, from, to)};
}

json to_audit_file(const AuditFile& file) {
  json records = json::array();
  for (const AuditRecord& r : file.records) {
    records.push_back({{"seq", r.seq},
                       {"time_us", r.time_us},
                       {"block", r.block},
                       {"sm", r.sm},
                       {"domain", r.domain},
                       {"event", r.event},
                       {"detail", r.detail},
                       {"prev_hash", r.prev_hash},
                       {"mac", r.mac}});
  }
  return {{"format", kAuditFileFormat},
          {"block", file.block},
          {"partition", {{"sm", file.partition.sm}, {"domain", file.partition.domain}}},
          {"key_id", file.key_id},
          {"records", std::move(records)}};
}

AuditFileParse parse_audit_file(std::string file, std::string text) {
  return finish_audit_file(sim::JsonDocument::parse(std::move(file), std::move(text)));
}

AuditFileParse load_audit_file(const std::string& path) {
  return finish_audit_file(sim::JsonDocument::load(path));
}

AuditVerification verify_audit_file(const AuditFile& file, const std::optional<pki::Bytes>& key) {
  AuditVerification result = verify_audit_chain(file.records, file.block, file.partition, key);
  if (!result.ok && key && result.reason == "mac does not verify") {
    const std::string id = audit_key_id(*key);
    if (id != file.key_id) {
      result.reason += " (the key given is " + id + ", the file names key " + file.key_id + ")";
    }
  }
  return result;
}

const AuditKey* AuditKeysFile::find(const std::string& block,
                                    const AuditPartition& partition) const {
  for (const AuditKey& key : keys) {
    if (key.block == block && key.partition == partition) return &key;
  }
  return nullptr;
}

json to_audit_keys_file(const std::vector<AuditKey>& keys) {
  json entries = json::array();
  for (const AuditKey& key : keys) {
    entries.push_back({{"block", key.block},
                       {"sm", key.partition.sm},
                       {"domain", key.partition.domain},
                       {"key_id", key.key_id},
                       {"key_hex", pki::to_hex(key.key)}});
  }
  return {{"format", kAuditKeysFileFormat}, {"keys", std::move(entries)}};
}

AuditKeysFileParse parse_audit_keys_file(std::string file, std::string text) {
  return finish_audit_keys_file(sim::JsonDocument::parse(std::move(file), std::move(text)));
}

AuditKeysFileParse load_audit_keys_file(const std::string& path) {
  return finish_audit_keys_file(sim::JsonDocument::load(path));
}

}  // namespace ifa026::actors
