// The trace: every send, receive, drop, decision and crypto check as a typed record. Actors emit,
// sinks subscribe (a JSON Lines writer, an in-memory store for checks, metrics). The trace is the
// single source of truth for conformance and reports. Its fingerprint, in the manner of OMNeT++,
// hashes the ordered records' time, kind, actor, peer, reference point, operation, step and
// outcome (not byte counts or detail, which vary with signature sizes and random serials).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/time.hpp"

namespace ifa026::sim {

enum class RecordKind : std::uint8_t {
  send,      // a message left an actor
  receive,   // a message reached an actor
  drop,      // a message was lost (loss, link or actor down, unknown peer)
  decision,  // an actor decided something (accept, reject, register, ...)
  crypto,    // a cryptographic check and its result
  timer,     // an actor's timer fired
  command,   // a workload command reached an actor
  fault,     // the kernel started or ended a fault window
  log,       // anything else worth reading
};
std::string_view to_string(RecordKind kind);
// The kind named `text` (as to_string writes it), or nullopt.
std::optional<RecordKind> record_kind_from(std::string_view text);

struct TraceRecord {
  std::uint64_t id = 0;  // 1-based position in the trace, assigned by Trace::emit
  Time time;
  RecordKind kind = RecordKind::log;
  std::string actor;
  std::string peer;
  std::string reference_point;  // e.g. "Cm-Vnfm"
  std::string operation;        // e.g. "InstantiateVnfRequest"
  std::string step;             // flow step, e.g. "C.2.1.1#5"
  std::uint64_t bytes = 0;
  std::uint64_t message_id = 0;  // ties a send to its receive or drop
  std::string outcome;           // "ok", "loss", "link-down", "rejected", ...
  std::string detail;
};

// Appends the record's JSON form (one line of trace.jsonl, without the newline) to `out`;
// `epoch` gives the record's UTC instant. Empty fields are left out; invalid UTF-8 in text fields
// is replaced by U+FFFD so every line parses. Hand-written: this is the hot path of long runs.
void append_json(std::string& out, const TraceRecord& record, const Epoch& epoch);

class TraceSink {
 public:
  virtual ~TraceSink() = default;
  virtual void on_record(const TraceRecord& record) = 0;
  virtual void flush() {}
};

class Trace {
 public:
  // Assigns the record's id, folds it into the fingerprint and hands it to every sink. Records
  // are moved in (one per send, receive and decision: the hot path), so their text is not
  // copied; a caller that keeps its record passes it as an lvalue and emits a copy.
  std::uint64_t emit(TraceRecord&& record);
  std::uint64_t emit(const TraceRecord& record) { return emit(TraceRecord(record)); }
  void subscribe(TraceSink& sink) { sinks_.push_back(&sink); }
  void flush();
  std::uint64_t size() const { return next_id_ - 1; }
  std::uint64_t fingerprint() const { return fingerprint_; }
  std::string fingerprint_hex() const;

 private:
  std::vector<TraceSink*> sinks_;
  std::uint64_t next_id_ = 1;
  std::uint64_t fingerprint_ = 0xcbf29ce484222325ULL;
};

// Keeps every record in memory, for checks and tests.
class TraceStore final : public TraceSink {
 public:
  void on_record(const TraceRecord& record) override { records_.push_back(record); }
  const std::vector<TraceRecord>& records() const { return records_; }

 private:
  std::vector<TraceRecord> records_;
};

// Streams records as JSON Lines. Only whole lines reach the file, so a run killed midway leaves
// a file whose every line parses. A path ending in ".zst" is written compressed with zstd, one
// zstd frame per buffer of whole lines (so a killed run's file still decompresses up to its last
// flush; sim/trace_lines.hpp reads both forms). `only` (trace_level.hpp) picks which records
// are written; the others still count in the fingerprint, which Trace computes.
class JsonlTraceWriter final : public TraceSink {
 public:
  // Throws std::runtime_error naming the path when the file cannot be created.
  JsonlTraceWriter(const std::string& path, Epoch epoch,
                   std::function<bool(RecordKind)> only = nullptr);
  ~JsonlTraceWriter() override;
  JsonlTraceWriter(const JsonlTraceWriter&) = delete;
  JsonlTraceWriter& operator=(const JsonlTraceWriter&) = delete;
  void on_record(const TraceRecord& record) override;
  void flush() override;

 private:
  void write_out(const char* data, std::size_t size);

  int fd_ = -1;
  Epoch epoch_;
  std::function<bool(RecordKind)> only_;
  std::string buffer_;
  struct Compressor;
  std::unique_ptr<Compressor> compressor_;  // set for a ".zst" path
};

}  // namespace ifa026::sim
