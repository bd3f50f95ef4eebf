// Command-line parsing for the ifa026 subcommands: positional arguments, options with a value
// ("--out DIR" or "--out=DIR") and flags. Unknown options are errors, reported with exit code 2.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace ifa026::cli {

struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class Arguments {
 public:
  // `with_value`: options that take a value; `flags`: options that take none.
  // Throws UsageError on an unknown option or a missing value.
  Arguments(const std::vector<std::string>& args, const std::set<std::string>& with_value,
            const std::set<std::string>& flags);

  bool flag(const std::string& name) const { return flags_.contains(name); }
  // The option's value (the last one when it was given more than once).
  std::optional<std::string> value(const std::string& name) const;
  // Every value of a repeatable option, in order.
  std::vector<std::string> values(const std::string& name) const;
  const std::vector<std::string>& positional() const { return positional_; }

 private:
  std::set<std::string> flags_;
  std::map<std::string, std::vector<std::string>> values_;
  std::vector<std::string> positional_;
};

}  // namespace ifa026::cli
