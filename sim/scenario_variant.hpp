// Scenario variants: a scenario file {"base": PATH, "patch": {...}} is its base file (itself
// possibly a variant; PATH relative to the variant's folder) with a JSON merge patch (RFC 7386)
// applied, except that the patch may name actors: "actors": {"vnfm-1": {...}} merges onto the
// actor of that name, null removes it, a new name appends an actor. ScenarioExpansion turns a file
// and its chain of bases into one JSON document and keeps, for every value in it, the file and
// JSON pointer it was written at, so a problem found in the expanded scenario is reported where
// its author can fix it: in the variant's patch when the value came from there, in the base
// otherwise. docs/scenario-format.md describes the syntax.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "sim/diagnostic.hpp"
#include "sim/json_document.hpp"
#include "sim/schema_validator.hpp"

namespace ifa026::sim {

// How many files one chain may hold, the variant itself included.
inline constexpr std::size_t kMaxScenarioChain = 16;
// How deeply a patch's objects may nest where they meet objects of the base.
inline constexpr std::size_t kMaxPatchDepth = 256;

class ScenarioExpansion {
 public:
  // Expands `file`, already parsed. A file whose root is not an object with a "base" member is
  // not a variant and is taken as it is. `variant_form` checks the {"base", "patch"} form of
  // each variant of the chain. Bad input never throws: every problem is a located error.
  static ScenarioExpansion expand(JsonDocument file, const SchemaValidator& variant_form);

  // Problems of the chain itself, located: a syntax error in any of its files, a variant not of
  // the variant form, a base that cannot be read, a cycle, a chain longer than
  // kMaxScenarioChain, a patch that does not apply. When there are any, root() is no scenario.
  const std::vector<Diagnostic>& errors() const { return errors_; }
  // The expanded scenario (for a file that is not a variant, its own root).
  const nlohmann::json& root() const { return root_; }
  // Moves the expanded scenario out (without copying); root() is null afterwards.
  nlohmann::json release_root() { return std::exchange(root_, nullptr); }
  // The file given; files() adds its base, the base's base and so on, in chain order.
  const std::string& file() const { return documents_.front().file(); }
  std::vector<std::string> files() const;
  bool is_variant() const { return documents_.size() > 1; }
  // FNV-1a 64 over the bytes of every file of the chain in order: for a file that is not a
  // variant, the hash of its bytes.
  std::uint64_t hash() const;

  // Takes diagnostics whose pointers address root() to where each value was written: file,
  // JSON pointer in that file, line and column. A diagnostic that lands in a base says which
  // variant it was reached from.
  void locate(std::vector<Diagnostic>& diagnostics) const;

 private:
  // Where one value of root() was written. A value taken whole from one place has no members;
  // an object or array that patches changed (`merged`) has an origin per member, keyed by
  // reference token, and document/pointer name the last patch that touched it.
  struct Origin {
    std::size_t document = 0;
    std::string pointer;
    bool merged = false;
    std::map<std::string, std::size_t> members;  // reference token -> index in origins_
  };

  ScenarioExpansion() = default;
  bool follow_bases(const SchemaValidator& variant_form);
  bool apply_patch(std::size_t document, nlohmann::json& patch);
  bool merge_actors(std::size_t document, nlohmann::json& by_name);
  bool merge(std::size_t document, std::size_t node, nlohmann::json& target, nlohmann::json& patch,
             std::string pointer, std::size_t depth);
  std::size_t add_origin(std::size_t document, std::string pointer);
  void split(std::size_t node, const nlohmann::json& value);
  std::pair<std::size_t, std::string> source(const std::string& pointer) const;
  void fail(std::size_t document, std::vector<Diagnostic> diagnostics);
  void fail(std::size_t document, std::string pointer, std::string message);
  std::string reached_from(std::size_t document) const;

  std::vector<JsonDocument> documents_;  // the file given, then its bases in chain order
  nlohmann::json root_;
  std::vector<Origin> origins_;  // [0] is the root's
  std::vector<Diagnostic> errors_;
};

}  // namespace ifa026::sim
