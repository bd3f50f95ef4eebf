// Reads plain or zstd-compressed trace files line by line (see trace_lines.hpp).
#include "sim/trace_lines.hpp"

#include <zstd.h>

#include <filesystem>
#include <vector>

namespace ifa026::sim {

struct TraceLines::Decompressor {
  ZSTD_DCtx* context = ZSTD_createDCtx();
  std::vector<char> in = std::vector<char>(ZSTD_DStreamInSize());
  ZSTD_inBuffer input{nullptr, 0, 0};
  std::vector<char> out = std::vector<char>(ZSTD_DStreamOutSize());
  bool more = false;  // the last call filled the output: call again before reading
  ~Decompressor() { ZSTD_freeDCtx(context); }
};

TraceLines::TraceLines(const std::string& path) {
  file_ = std::fopen(path.c_str(), "rb");
  if (file_ != nullptr && path.size() > 4 && path.compare(path.size() - 4, 4, ".zst") == 0)
    zstd_ = std::make_unique<Decompressor>();
}

TraceLines::~TraceLines() {
  if (file_ != nullptr) std::fclose(file_);
}

bool TraceLines::fill() {
  if (file_ == nullptr || !error_.empty()) return false;
  if (!zstd_) {
    char buffer[1 << 16];
    const std::size_t n = std::fread(buffer, 1, sizeof buffer, file_);
    pending_.append(buffer, n);
    return n > 0;
  }
  Decompressor& z = *zstd_;
  for (;;) {
    if (z.input.pos < z.input.size || z.more) {
      ZSTD_outBuffer output{z.out.data(), z.out.size(), 0};
      const std::size_t rc = ZSTD_decompressStream(z.context, &output, &z.input);
      if (ZSTD_isError(rc)) {
        error_ = std::string("zstd: ") + ZSTD_getErrorName(rc);
        return false;
      }
      // A full output buffer: the decompressor may hold more without new input.
      z.more = output.pos == output.size;
      if (output.pos > 0) {
        pending_.append(z.out.data(), output.pos);
        return true;
      }
      if (z.input.pos < z.input.size) continue;
    }
    const std::size_t n = std::fread(z.in.data(), 1, z.in.size(), file_);
    if (n == 0) return false;  // the end (an unfinished frame yields nothing more)
    z.input = ZSTD_inBuffer{z.in.data(), n, 0};
  }
}

bool TraceLines::next(std::string& line) {
  for (;;) {
    const std::size_t end = pending_.find('\n', start_);
    if (end != std::string::npos) {
      line.assign(pending_, start_, end - start_);
      start_ = end + 1;
      return true;
    }
    // Keep only the unfinished line, then read more.
    pending_.erase(0, start_);
    start_ = 0;
    // At the end an unfinished line (a file cut short: every line the writer writes ends with
    // '\n') is dropped.
    if (!fill()) return false;
  }
}

std::string find_trace_file(const std::string& stem) {
  std::error_code ec;
  for (const char* extension : {".jsonl", ".jsonl.zst"})
    if (std::filesystem::exists(stem + extension, ec)) return stem + extension;
  return "";
}

}  // namespace ifa026::sim
