// The CA directory's journal (see ca_journal.hpp): CRC-32 framed JSON lines, a reader that stops
// at the first torn line, and an appending writer that fdatasyncs each batch.
#include "pki/ca_journal.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include "pki/bytes.hpp"

namespace ifa026::pki {

namespace {

// CRC-32 (IEEE 802.3, reflected, as zlib's crc32).
std::uint32_t journal_crc32(std::string_view data) {
  static const std::array<std::uint32_t, 256> table = [] {
    std::array<std::uint32_t, 256> t{};
    for (std::uint32_t i = 0; i < 256; ++i) {
      std::uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[i] = c;
    }
    return t;
  }();
  std::uint32_t c = 0xFFFFFFFFu;
  for (unsigned char byte : data) c = table[(c ^ byte) & 0xFF] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

std::string journal_hex8(std::uint32_t value) {
  char text[9];
  std::snprintf(text, sizeof text, "%08x", value);
  return text;
}

std::string journal_error(const std::string& what, const std::filesystem::path& path) {
  return what + " " + path.string() + ": " + std::strerror(errno);
}

}  // namespace

std::string journal_line(const nlohmann::json& record) {
  const std::string text = record.dump();
  return journal_hex8(journal_crc32(text)) + " " + text + "\n";
}

JournalContents read_journal(const std::filesystem::path& path) {
  JournalContents contents;
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return contents;
  std::ifstream in(path, std::ios::binary);
  if (!in) throw PkiError("cannot read " + path.string());
  std::ostringstream s;
  s << in.rdbuf();
  const std::string all = s.str();
  std::size_t at = 0;
  while (at < all.size()) {
    const std::size_t end = all.find('\n', at);
    if (end == std::string::npos) break;  // torn: the newline never made it
    const std::string_view line(all.data() + at, end - at);
    if (line.size() < 10 || line[8] != ' ') break;
    const std::string_view text = line.substr(9);
    if (line.substr(0, 8) != journal_hex8(journal_crc32(text))) break;
    nlohmann::json record = nlohmann::json::parse(text, nullptr, false);
    if (record.is_discarded() || !record.is_object()) break;
    contents.records.push_back(std::move(record));
    at = end + 1;
  }
  contents.intact_bytes = at;
  contents.dropped_bytes = all.size() - at;
  return contents;
}

JournalWriter::JournalWriter(const std::filesystem::path& path, std::uint64_t keep_bytes)
    : path_(path) {
  fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
  if (fd_ < 0) throw PkiError(journal_error("cannot open", path));
  if (::ftruncate(fd_, static_cast<off_t>(keep_bytes)) != 0 || ::fdatasync(fd_) != 0 ||
      ::lseek(fd_, 0, SEEK_END) < 0) {
    const std::string error = journal_error("cannot prepare", path);
    ::close(fd_);
    throw PkiError(error);
  }
}

JournalWriter::~JournalWriter() {
  if (fd_ >= 0) ::close(fd_);
}

void JournalWriter::append_and_sync(std::string_view lines) {
  std::size_t done = 0;
  while (done < lines.size()) {
    ssize_t n = ::write(fd_, lines.data() + done, lines.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw PkiError(journal_error("cannot append to", path_));
    done += static_cast<std::size_t>(n);
  }
  if (::fdatasync(fd_) != 0) throw PkiError(journal_error("cannot sync", path_));
}

void JournalWriter::truncate() {
  if (::ftruncate(fd_, 0) != 0 || ::lseek(fd_, 0, SEEK_SET) < 0 || ::fdatasync(fd_) != 0) {
    throw PkiError(journal_error("cannot truncate", path_));
  }
}

}  // namespace ifa026::pki
