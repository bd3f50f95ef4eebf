// Reads a trace file line by line, plain JSON Lines or compressed with zstd (a path ending in
// ".zst", as JsonlTraceWriter writes it: one or more frames), so that every tool that reads
// traces takes both (issue 21; docs/trace-format.md). A file cut short (a run killed midway)
// yields every whole line before the cut and then ends, the unfinished one left out; corrupt
// compressed data ends the reading with error() set.
#pragma once

#include <cstdio>
#include <memory>
#include <string>

namespace ifa026::sim {

class TraceLines {
 public:
  // found() is false when the file cannot be opened.
  explicit TraceLines(const std::string& path);
  ~TraceLines();
  TraceLines(const TraceLines&) = delete;
  TraceLines& operator=(const TraceLines&) = delete;

  bool found() const { return file_ != nullptr; }
  // The next line, without its '\n'; false at the end (or on an error).
  bool next(std::string& line);
  // Why the reading stopped early ("" when it did not).
  const std::string& error() const { return error_; }

 private:
  bool fill();  // more decompressed (or plain) bytes into pending_; false at the end

  std::FILE* file_ = nullptr;
  struct Decompressor;
  std::unique_ptr<Decompressor> zstd_;
  std::string pending_;    // bytes read, not yet returned as lines
  std::size_t start_ = 0;  // where the next line starts in pending_
  std::string error_;
};

// The trace file `stem` + ".jsonl" when it exists, else `stem` + ".jsonl.zst" when that exists,
// else "".
std::string find_trace_file(const std::string& stem);

}  // namespace ifa026::sim
