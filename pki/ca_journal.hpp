// The journal of a CA directory (DIR/journal.log): an append-only file of records, one a line,
// each prefixed with its CRC-32, that `ca serve` writes and fsyncs before it answers the request
// that made them. On reading, a line that is torn (no newline, a checksum that does not match,
// text that is not a JSON object) ends the journal: it and whatever follows were never synced,
// so never answered, and are dropped (docs/ca-serve.md, "Storage").
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace ifa026::pki {

// The records of a journal file as read.
struct JournalContents {
  std::vector<nlohmann::json> records;  // the intact ones, in order
  std::uint64_t intact_bytes = 0;       // the length of the file up to the last intact line
  std::uint64_t dropped_bytes = 0;      // what follows it (a torn tail), 0 when none
};

// A record as one journal line: "CCCCCCCC JSON\n" (CRC-32 of JSON, 8 lowercase hex digits).
std::string journal_line(const nlohmann::json& record);

// Reads `path` (a missing file is an empty journal). Never throws for a torn or garbled line;
// throws PkiError when the file cannot be read.
JournalContents read_journal(const std::filesystem::path& path);

// An open journal for appending (one writer: the serving process holds DIR's serve lock).
class JournalWriter {
 public:
  // Opens (creating, mode 0600) `path` and cuts it to `keep_bytes` (what read_journal found
  // intact), so a torn tail is not followed by new lines.
  JournalWriter(const std::filesystem::path& path, std::uint64_t keep_bytes);
  ~JournalWriter();
  JournalWriter(const JournalWriter&) = delete;
  JournalWriter& operator=(const JournalWriter&) = delete;

  // Writes `lines` (journal_line()s) at the end and fdatasyncs: when this returns, they survive
  // a crash. Throws PkiError naming the file on failure.
  void append_and_sync(std::string_view lines);
  // Empties the file (after its records are in synced snapshot files) and syncs that.
  void truncate();

 private:
  std::filesystem::path path_;
  int fd_ = -1;
};

}  // namespace ifa026::pki
