// An output folder (conform --out, run --out) and the only way the CLI and the report writers
// name files in it: a relative name is joined under the folder and refused when the result could
// lie outside it (absolute names, "..", empty or "." components, a symbolic link leading out).
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace ifa026::reports {

// A name that would leave the output folder. A harness fault when it reaches a writer: scenario
// names are validated before (scenarios/schema.json), so this is the last line of defence.
struct UnsafeOutputPath : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class OutputFolder {
 public:
  // Creates the folder (and its parents) if needed; throws std::runtime_error if it cannot.
  explicit OutputFolder(std::string root);

  const std::string& root() const { return root_; }
  // ROOT/relative, its parent folders created; throws UnsafeOutputPath if `relative` is empty,
  // absolute, has a "..", "." or empty component or a NUL byte, or if the resolved parent folder
  // is not inside the resolved root (a symbolic link out of the folder).
  std::string path(std::string_view relative) const;

 private:
  std::string root_;
};

// True when `relative` is a name OutputFolder::path accepts (lexical checks only).
bool is_safe_relative_path(std::string_view relative);

}  // namespace ifa026::reports
