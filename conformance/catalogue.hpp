// The requirement catalogue (conformance/requirements.json, embedded at build time): every
// numbered requirement of Annexes A and B, the clause 5 "shall" statements under IDs of ours, and
// every Annex C flow as a test purpose. Summaries are our own words, never the spec's.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace ifa026::conformance {

struct Requirement {
  std::string id;
  std::string clause;
  std::string kind;      // "requirement" | "flow"
  std::string modality;  // "shall" | "should" | "may"
  std::string subject;   // the actor that must do it
  std::string summary;
  std::string testability;  // "observable" | "partial" | "not-observable"
  std::string testability_reason;
  // The ID of an entry stating the same sentence of the specification (a clause 5 statement
  // repeated in Annex A), else "". Both must have the same testability and reason, so that
  // they get the same verdict.
  std::string restates;
  std::string title;                // flows only
  int steps = 0;                    // flows only
  std::vector<std::string> actors;  // flows only
  nlohmann::json source;            // the catalogue entry as written
};

class Catalogue {
 public:
  // Throws std::invalid_argument naming the entry when a field is missing or wrong, or when an
  // entry and the one it restates disagree on testability.
  static Catalogue from_json(const nlohmann::json& entries);
  // The catalogue shipped in conformance/requirements.json.
  static const Catalogue& builtin();

  const std::vector<Requirement>& requirements() const { return requirements_; }
  const Requirement* find(std::string_view id) const;
  std::vector<std::string> ids() const;
  // Annex or clause family of an ID for grouping: "Annex A", "Annex B", "Annex C", "Clause 5".
  static std::string group_of(const Requirement& r);

 private:
  std::vector<Requirement> requirements_;
  std::unordered_map<std::string, std::size_t> index_;
};

// What a pass of a `partial` requirement leaves unobserved, for its reason: " [partial: <the
// catalogue's testability_reason>]"; "" for other testabilities.
std::string partial_pass_note(const Requirement& requirement);

std::string_view requirements_json_text();

}  // namespace ifa026::conformance
