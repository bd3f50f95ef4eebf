// A user-facing error about an input file: where it is (file, line, column, JSON pointer) and
// what is wrong. Printed as "FILE:LINE:COLUMN: error: MESSAGE (at POINTER)".
#pragma once

#include <string>
#include <vector>

namespace ifa026::sim {

struct Diagnostic {
  std::string file;
  int line = 0;         // 1-based; 0 when unknown
  int column = 0;       // 1-based, counted in characters (UTF-8 code points); 0 when unknown
  std::string pointer;  // RFC 6901 JSON pointer; empty for the whole document or syntax errors
  std::string message;
  bool at_key = false;  // locate the member's key rather than its value (unknown keys)
};

std::string format_diagnostic(const Diagnostic& d);

}  // namespace ifa026::sim
