// A JSON file parsed for validation: the nlohmann DOM plus the ability to turn JSON pointers back
// into line and column. Parsing never recurses on the input's nesting and never throws: syntax
// errors (including invalid UTF-8 and binary garbage) become one Diagnostic with its position.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "sim/diagnostic.hpp"

namespace ifa026::sim {

class JsonDocument {
 public:
  // Movable, not copyable: copying a deeply nested DOM would recurse.
  JsonDocument(JsonDocument&&) noexcept = default;
  JsonDocument& operator=(JsonDocument&&) noexcept = default;
  JsonDocument(const JsonDocument&) = delete;
  JsonDocument& operator=(const JsonDocument&) = delete;

  // Parses `text`; `file` names it in diagnostics.
  static JsonDocument parse(std::string file, std::string text);
  // Reads and parses a file; an unreadable file is a diagnostic too.
  static JsonDocument load(const std::string& path);

  bool ok() const { return syntax_errors_.empty(); }
  const std::string& file() const { return file_; }
  const std::string& text() const { return text_; }
  const nlohmann::json& root() const { return root_; }
  // Moves the DOM out (without copying, so deep nesting costs no recursion); root() is null
  // afterwards. The text stays, so locate() still works.
  nlohmann::json release_root() { return std::exchange(root_, nullptr); }
  // The syntax error, if any (at most one: parsing stops there), with line and column set.
  const std::vector<Diagnostic>& syntax_errors() const { return syntax_errors_; }

  // Fills file, line and column of every diagnostic from its pointer (the key's position when
  // at_key, else the value's; the nearest existing ancestor when the pointer does not exist)
  // in one pass over the text, whatever the number of diagnostics.
  void locate(std::vector<Diagnostic>& diagnostics) const;

 private:
  JsonDocument() = default;
  std::string file_;
  std::string text_;
  nlohmann::json root_;
  std::vector<Diagnostic> syntax_errors_;
};

// 1-based line and column (in code points) of a byte offset in `text`.
void line_and_column(const std::string& text, std::size_t offset, int& line, int& column);

}  // namespace ifa026::sim
