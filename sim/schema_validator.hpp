// Validates a JSON instance against a JSON Schema document, interpreting the subset the project's
// schemas use (listed in schema_validator.cpp). Every violation becomes a Diagnostic carrying a
// JSON pointer; JsonDocument::locate turns pointers into lines and columns.
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "sim/diagnostic.hpp"

namespace ifa026::sim {

class SchemaValidator {
 public:
  // Throws std::invalid_argument when the schema uses a keyword outside the supported subset or
  // a $ref that does not resolve: a broken schema is a bug in the project, not user input.
  explicit SchemaValidator(nlohmann::json schema);
  // Appends every violation found in `instance` (never stops at the first one).
  void validate(const nlohmann::json& instance, std::vector<Diagnostic>& out) const;

 private:
  nlohmann::json schema_;
};

// Closest candidate to `word` by edit distance, or "" when none is close enough to suggest.
std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace ifa026::sim
