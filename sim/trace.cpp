// Trace records, fingerprinting, the in-memory store and the JSON Lines writer.
#include "sim/trace.hpp"

#include <zstd.h>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <stdexcept>

#include "sim/random.hpp"

namespace ifa026::sim {

std::string_view to_string(RecordKind kind) {
  switch (kind) {
    case RecordKind::send:
      return "send";
    case RecordKind::receive:
      return "receive";
    case RecordKind::drop:
      return "drop";
    case RecordKind::decision:
      return "decision";
    case RecordKind::crypto:
      return "crypto";
    case RecordKind::timer:
      return "timer";
    case RecordKind::command:
      return "command";
    case RecordKind::fault:
      return "fault";
    case RecordKind::log:
      return "log";
  }
  return "log";
}

std::optional<RecordKind> record_kind_from(std::string_view text) {
  for (auto kind : {RecordKind::send, RecordKind::receive, RecordKind::drop, RecordKind::decision,
                    RecordKind::crypto, RecordKind::timer, RecordKind::command, RecordKind::fault,
                    RecordKind::log})
    if (to_string(kind) == text) return kind;
  return std::nullopt;
}

namespace {

void append_uint(std::string& out, std::uint64_t v) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, end);
}

void append_int(std::string& out, std::int64_t v) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, end);
}

// Length of the valid UTF-8 sequence at s[i], or 0 when it is not valid.
std::size_t utf8_sequence(std::string_view s, std::size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  std::size_t n = c < 0x80           ? 1
                  : (c >> 5) == 0x6  ? 2
                  : (c >> 4) == 0xe  ? 3
                  : (c >> 3) == 0x1e ? 4
                                     : 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k)
    if ((static_cast<unsigned char>(s[i + k]) & 0xc0) != 0x80) return 0;
  return n;
}

void append_string(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
      out += static_cast<char>(c);
      ++i;
    } else if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
      ++i;
    } else if (c < 0x20) {
      out += "\\u00";
      out += kHex[c >> 4];
      out += kHex[c & 0xf];
      ++i;
    } else if (std::size_t n = utf8_sequence(s, i); n > 0) {
      out.append(s.substr(i, n));
      i += n;
    } else {
      out += "\xef\xbf\xbd";  // U+FFFD
      ++i;
    }
  }
  out += '"';
}

void append_field(std::string& out, std::string_view key, std::string_view value) {
  if (value.empty()) return;
  out += ",\"";
  out += key;
  out += "\":";
  append_string(out, value);
}

}  // namespace

void append_json(std::string& out, const TraceRecord& r, const Epoch& epoch) {
  out += "{\"id\":";
  append_uint(out, r.id);
  out += ",\"t_ns\":";
  append_int(out, r.time.ns());
  out += ",\"time\":\"";
  out += epoch.format(r.time);
  out += "\",\"kind\":\"";
  out += to_string(r.kind);
  out += '"';
  out += ",\"actor\":";
  append_string(out, r.actor);
  append_field(out, "peer", r.peer);
  append_field(out, "ref", r.reference_point);
  append_field(out, "op", r.operation);
  append_field(out, "step", r.step);
  if (r.bytes) {
    out += ",\"bytes\":";
    append_uint(out, r.bytes);
  }
  if (r.message_id) {
    out += ",\"msg\":";
    append_uint(out, r.message_id);
  }
  append_field(out, "outcome", r.outcome);
  append_field(out, "detail", r.detail);
  out += '}';
}

std::uint64_t Trace::emit(TraceRecord&& record) {
  record.id = next_id_++;
  // Fields are separated by a byte that cannot occur in them unescaped, so ("ab","c") !=
  // ("a","bc").
  auto fold = [this](std::string_view s) {
    fingerprint_ = stable_hash(s, fingerprint_);
    fingerprint_ = stable_hash(std::string_view("\x1f", 1), fingerprint_);
  };
  char time_buf[24];
  auto [time_end, ec] = std::to_chars(time_buf, time_buf + sizeof time_buf, record.time.ns());
  fold(std::string_view(time_buf, static_cast<std::size_t>(time_end - time_buf)));
  fold(to_string(record.kind));
  fold(record.actor);
  fold(record.peer);
  fold(record.reference_point);
  fold(record.operation);
  fold(record.step);
  fold(record.outcome);
  for (TraceSink* sink : sinks_) sink->on_record(record);
  return record.id;
}

void Trace::flush() {
  for (TraceSink* sink : sinks_) sink->flush();
}

std::string Trace::fingerprint_hex() const {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(fingerprint_));
  return buf;
}

struct JsonlTraceWriter::Compressor {
  ZSTD_CCtx* context = ZSTD_createCCtx();
  std::string out;
  ~Compressor() { ZSTD_freeCCtx(context); }
};

JsonlTraceWriter::JsonlTraceWriter(const std::string& path, Epoch epoch,
                                   std::function<bool(RecordKind)> only)
    : epoch_(epoch), only_(std::move(only)) {
  fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd_ < 0) throw std::runtime_error("cannot create " + path + ": " + std::strerror(errno));
  if (path.size() > 4 && path.compare(path.size() - 4, 4, ".zst") == 0) {
    compressor_ = std::make_unique<Compressor>();
    // Level 3, zstd's default: several times smaller JSON Lines at hundreds of MB/s.
    ZSTD_CCtx_setParameter(compressor_->context, ZSTD_c_compressionLevel, 3);
  }
}

JsonlTraceWriter::~JsonlTraceWriter() {
  flush();
  if (fd_ >= 0) ::close(fd_);
}

void JsonlTraceWriter::on_record(const TraceRecord& record) {
  if (only_ && !only_(record.kind)) return;
  append_json(buffer_, record, epoch_);
  buffer_ += '\n';
  // A compressed file gets larger buffers: each is one zstd frame, and bigger frames compress
  // better.
  if (buffer_.size() >= (compressor_ ? (1u << 20) : (1u << 16))) flush();
}

void JsonlTraceWriter::flush() {
  if (buffer_.empty()) return;
  if (!compressor_) {
    write_out(buffer_.data(), buffer_.size());
    buffer_.clear();
    return;
  }
  // One whole frame per flush (ZSTD_e_end), so the file is valid after every flush.
  std::string& out = compressor_->out;
  out.resize(ZSTD_compressBound(buffer_.size()));
  ZSTD_inBuffer in{buffer_.data(), buffer_.size(), 0};
  ZSTD_outBuffer o{out.data(), out.size(), 0};
  std::size_t left = 0;
  do {
    left = ZSTD_compressStream2(compressor_->context, &o, &in, ZSTD_e_end);
    if (ZSTD_isError(left)) break;  // cannot happen with a bound-sized output; never a throw
  } while (left != 0);
  write_out(out.data(), o.pos);
  buffer_.clear();
}

void JsonlTraceWriter::write_out(const char* data, std::size_t size) {
  std::size_t done = 0;
  while (fd_ >= 0 && done < size) {
    ssize_t n = ::write(fd_, data + done, size - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      break;  // disk full or similar: the records stay counted in the fingerprint
    }
    done += static_cast<std::size_t>(n);
  }
}

}  // namespace ifa026::sim
