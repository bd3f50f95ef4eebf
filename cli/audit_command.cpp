// `ifa026 audit verify FILE [--keys KEYSFILE]`: checks an exported audit chain (one partition's
// records, actors/common/audit_file.hpp) and names its first broken record.
#include <cstdio>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "actors/common/audit_file.hpp"
#include "cli/arguments.hpp"
#include "cli/commands.hpp"
#include "sim/diagnostic.hpp"

namespace ifa026::cli {

namespace {

constexpr const char* kAuditHelp = R"(Usage: ifa026 audit verify FILE [--keys KEYSFILE]

Audit logs of the MANO blocks, one partition per (Security Manager, trust domain); see
docs/audit-log.md.

Subcommands:
  verify    check an exported audit file ("ifa026-audit/1"): sequence numbers, the prev_hash
            links and, with --keys, every record's HMAC-SHA256 under the partition's key
)";

constexpr const char* kVerifyHelp = R"HELP(Usage: ifa026 audit verify FILE [--keys KEYSFILE]

Checks the audit chain in FILE (format "ifa026-audit/1": one partition of one MANO block's
audit log) and names the first broken record: a sequence number out of order (a deleted,
inserted or reordered record), a record of another partition, a prev_hash that is not the
SHA-256 of the previous record's canonical bytes, or, with --keys, a MAC that does not verify.
Without a key an altered record N shows as a broken link at record N+1, and an altered last
record is not found: give the key to check every record.

  --keys KEYSFILE  a keys file ("ifa026-audit-keys/1") holding the key of FILE's block and
                   partition

Prints "FILE: N records, chain intact, MACs verified (key KEYID)" (or "MACs not checked: no
key"), or "FILE: record SEQ: REASON" for the first broken record.

Exit codes: 0 the chain is intact, 1 a record is broken, 2 bad usage or an unreadable or
malformed FILE or KEYSFILE (reported as FILE:LINE:COLUMN with the JSON pointer).
)HELP";

void print_diagnostics(const std::vector<sim::Diagnostic>& diagnostics) {
  for (const sim::Diagnostic& d : diagnostics) {
    std::fprintf(stderr, "%s\n", sim::format_diagnostic(d).c_str());
  }
}

int verify(const Args& raw) {
  Arguments args(raw, {"--keys"}, {"--help", "-h"});
  if (args.flag("--help") || args.flag("-h")) {
    std::fputs(kVerifyHelp, stdout);
    return 0;
  }
  if (args.positional().empty()) throw UsageError("expected an audit FILE");
  if (args.positional().size() > 1) {
    throw UsageError("expected one audit FILE, got " + std::to_string(args.positional().size()));
  }
  const std::string& path = args.positional().front();
  actors::AuditFileParse parsed = actors::load_audit_file(path);
  if (auto* errors = std::get_if<std::vector<sim::Diagnostic>>(&parsed)) {
    print_diagnostics(*errors);
    return 2;
  }
  const actors::AuditFile& file = std::get<actors::AuditFile>(parsed);

  std::optional<pki::Bytes> key;
  std::string key_id;
  if (auto keys_path = args.value("--keys")) {
    actors::AuditKeysFileParse keys = actors::load_audit_keys_file(*keys_path);
    if (auto* errors = std::get_if<std::vector<sim::Diagnostic>>(&keys)) {
      print_diagnostics(*errors);
      return 2;
    }
    const actors::AuditKey* entry =
        std::get<actors::AuditKeysFile>(keys).find(file.block, file.partition);
    if (entry == nullptr) {
      sim::Diagnostic d;
      d.file = *keys_path;
      d.message = "no key for block \"" + file.block + "\", partition " +
                  actors::to_string(file.partition) + " (the partition of " + path + ")";
      print_diagnostics({d});
      return 2;
    }
    key = entry->key;
    key_id = entry->key_id;
  }

  const actors::AuditVerification result = actors::verify_audit_file(file, key);
  if (!result.ok) {
    std::printf("%s: record %llu: %s\n", path.c_str(),
                static_cast<unsigned long long>(result.first_broken_seq.value_or(0)),
                result.reason.c_str());
    return 1;
  }
  std::string range;
  if (!file.records.empty() && file.records.front().seq > 1) {
    range = " (seq " + std::to_string(file.records.front().seq) + " to " +
            std::to_string(file.records.back().seq) +
            ", a window: the first record's link to its predecessor is not checked)";
  }
  const std::string macs =
      key ? "MACs verified (key " + key_id + ")" : std::string("MACs not checked: no key");
  std::printf("%s: %zu records%s, chain intact, %s\n", path.c_str(), result.records, range.c_str(),
              macs.c_str());
  return 0;
}

}  // namespace

int audit_command(const Args& raw) {
  if (raw.empty()) throw UsageError("expected a subcommand: verify");
  const std::string& sub = raw.front();
  const Args rest(raw.begin() + 1, raw.end());
  if (sub == "--help" || sub == "-h" || sub == "help") {
    std::fputs(kAuditHelp, stdout);
    return 0;
  }
  if (sub == "verify") return verify(rest);
  throw UsageError("unknown subcommand '" + sub + "' (verify)");
}

}  // namespace ifa026::cli
