// Trace records, fingerprinting, the in-memory store and the JSON Lines writer.
#include "sim/trace.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "sim/random.hpp"

namespace ifa026::sim {

std::string_view to_string(RecordKind kind) {
  switch (kind) {
    case RecordKind::send: return "send";
    case RecordKind::receive: return "receive";
    case RecordKind::drop: return "drop";
    case RecordKind::decision: return "decision";
    case RecordKind::crypto: return "crypto";
    case RecordKind::timer: return "timer";
    case RecordKind::command: return "command";
    case RecordKind::fault: return "fault";
    case RecordKind::log: return "log";
  }
  return "log";
}

nlohmann::json to_json(const TraceRecord& r, const Epoch& epoch) {
  nlohmann::json j;
  j["id"] = r.id;
  j["t_ns"] = r.time.ns();
  j["time"] = epoch.format(r.time);
  j["kind"] = to_string(r.kind);
  j["actor"] = r.actor;
  auto put = [&j](const char* key, const std::string& value) {
    if (!value.empty()) j[key] = value;
  };
  put("peer", r.peer);
  put("ref", r.reference_point);
  put("op", r.operation);
  put("step", r.step);
  if (r.bytes) j["bytes"] = r.bytes;
  if (r.message_id) j["msg"] = r.message_id;
  put("outcome", r.outcome);
  put("detail", r.detail);
  return j;
}

std::uint64_t Trace::emit(TraceRecord record) {
  record.id = next_id_++;
  // Fields are separated by a byte that cannot occur in them unescaped, so ("ab","c") != ("a","bc").
  auto fold = [this](std::string_view s) {
    fingerprint_ = stable_hash(s, fingerprint_);
    fingerprint_ = stable_hash(std::string_view("\x1f", 1), fingerprint_);
  };
  char time_buf[24];
  std::snprintf(time_buf, sizeof time_buf, "%lld", static_cast<long long>(record.time.ns()));
  fold(time_buf);
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

JsonlTraceWriter::JsonlTraceWriter(const std::string& path, Epoch epoch) : epoch_(epoch) {
  fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd_ < 0) throw std::runtime_error("cannot create " + path + ": " + std::strerror(errno));
}

JsonlTraceWriter::~JsonlTraceWriter() {
  flush();
  if (fd_ >= 0) ::close(fd_);
}

void JsonlTraceWriter::on_record(const TraceRecord& record) {
  buffer_ += to_json(record, epoch_).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  buffer_ += '\n';
  if (buffer_.size() >= (1u << 16)) flush();
}

void JsonlTraceWriter::flush() {
  std::size_t done = 0;
  while (fd_ >= 0 && done < buffer_.size()) {
    ssize_t n = ::write(fd_, buffer_.data() + done, buffer_.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      break;  // disk full or similar: the records stay counted in the fingerprint
    }
    done += static_cast<std::size_t>(n);
  }
  buffer_.clear();
}

}  // namespace ifa026::sim
