// Formatting of input-file diagnostics as "FILE:LINE:COLUMN: error: MESSAGE (at POINTER)".
#include "sim/diagnostic.hpp"

#include <cstdio>

namespace ifa026::sim {
namespace {

// Copies `text` to `out`, writing control characters as \xNN so that a key or message taken
// from user input cannot drive the terminal. UTF-8 text (bytes >= 0x80) passes through.
void append_printable(std::string& out, const std::string& text) {
  for (char ch : text) {
    auto byte = static_cast<unsigned char>(ch);
    if (byte < 0x20 || byte == 0x7f) {
      char buf[5];
      std::snprintf(buf, sizeof buf, "\\x%02X", static_cast<unsigned>(byte));
      out += buf;
    } else {
      out += ch;
    }
  }
}

}  // namespace

std::string format_diagnostic(const Diagnostic& d) {
  std::string out = d.file;
  if (d.line > 0) {
    out += ':';
    out += std::to_string(d.line);
    if (d.column > 0) {
      out += ':';
      out += std::to_string(d.column);
    }
  }
  out += ": error: ";
  append_printable(out, d.message);
  if (!d.pointer.empty()) {
    out += " (at ";
    append_printable(out, d.pointer);
    out += ')';
  }
  return out;
}

}  // namespace ifa026::sim
