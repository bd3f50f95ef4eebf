// Expansion of scenario variants (a base file plus a merge patch) with the origin of every value.
#include "sim/scenario_variant.hpp"

#include <algorithm>
#include <filesystem>
#include <tuple>

#include "sim/param_rules.hpp"
#include "sim/random.hpp"

namespace ifa026::sim {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

bool has_base(const json& root) {
  return root.is_object() && root.contains("base");
}

// The file's identity for cycle detection: its canonical path when it can be had.
std::string identity(const std::string& path) {
  std::error_code ec;
  fs::path canonical = fs::weakly_canonical(path, ec);
  if (!ec) return canonical.string();
  fs::path absolute = fs::absolute(path, ec);
  return ec ? path : absolute.lexically_normal().string();
}

// RFC 7386 drops the null members of a patch object that lands where the target has no object.
// Iterative: the value may nest deeply.
void strip_nulls(json& value) {
  std::vector<json*> stack{&value};
  while (!stack.empty()) {
    json* v = stack.back();
    stack.pop_back();
    if (!v->is_object()) continue;
    for (auto it = v->begin(); it != v->end();) {
      if (it->is_null()) {
        it = v->erase(it);
      } else {
        stack.push_back(&*it);
        ++it;
      }
    }
  }
}

}  // namespace

ScenarioExpansion ScenarioExpansion::expand(JsonDocument file,
                                            const SchemaValidator& variant_form) {
  ScenarioExpansion x;
  x.documents_.push_back(std::move(file));
  if (!x.follow_bases(variant_form)) return x;
  // The last file of the chain is a scenario; each variant's patch applies on top of its base.
  const std::size_t last = x.documents_.size() - 1;
  x.root_ = x.documents_[last].release_root();
  x.origins_.push_back(Origin{last, "", false, {}});
  for (std::size_t i = last; i-- > 0;) {
    json variant = x.documents_[i].release_root();
    if (!x.apply_patch(i, variant["patch"])) return x;
  }
  return x;
}

// Loads the chain of bases into documents_, checking each variant's form, every base's
// readability and syntax, cycles and the chain's length.
bool ScenarioExpansion::follow_bases(const SchemaValidator& variant_form) {
  std::vector<std::string> seen{identity(documents_[0].file())};
  for (std::size_t i = 0;; ++i) {
    if (!documents_[i].ok()) {
      fail(i, documents_[i].syntax_errors());
      return false;
    }
    const json& root = documents_[i].root();
    if (!has_base(root)) {
      if (i > 0 && !root.is_object()) {
        fail(i, "", "a base scenario must be a JSON object");
        return false;
      }
      return true;
    }
    std::vector<Diagnostic> problems;
    variant_form.validate(root, problems);
    if (!problems.empty()) {
      for (auto& d : problems)
        if (d.pointer.empty()) d.message += " (a file with \"base\" is a scenario variant)";
      documents_[i].locate(problems);
      fail(i, std::move(problems));
      return false;
    }
    const std::string base = root["base"].get<std::string>();
    const std::string path =
        (fs::path(documents_[i].file()).parent_path() / base).lexically_normal().string();
    if (documents_.size() == kMaxScenarioChain) {
      fail(i, "/base",
           "too many bases: a chain of variants holds at most " +
               std::to_string(kMaxScenarioChain) + " files");
      return false;
    }
    const std::string id = identity(path);
    if (auto it = std::find(seen.begin(), seen.end(), id); it != seen.end()) {
      std::string cycle;
      for (auto k = static_cast<std::size_t>(it - seen.begin()); k <= i; ++k)
        cycle += documents_[k].file() + " -> ";
      fail(i, "/base", "base cycle: " + cycle + path);
      return false;
    }
    // A device or a pipe named as a base (/dev/zero, a FIFO) would be read without end or block:
    // a base is a file (found while writing the scenario fuzz target, docs/fuzzing.md).
    std::error_code status_error;
    const fs::file_status status = fs::status(path, status_error);
    if (fs::exists(status) && !fs::is_regular_file(status) && !fs::is_directory(status)) {
      fail(i, "/base", "cannot read the base file " + path + ": not a regular file");
      return false;
    }
    JsonDocument next = JsonDocument::load(path);
    if (!next.ok() && next.syntax_errors().front().line == 0) {
      // Unreadable (missing, a folder, no permission): the variant's "base" is at fault.
      std::string why = next.syntax_errors().front().message;
      if (why.starts_with("cannot read file: ")) why.erase(0, 18);
      fail(i, "/base", "cannot read the base file " + path + ": " + why);
      return false;
    }
    seen.push_back(id);
    documents_.push_back(std::move(next));
  }
}

bool ScenarioExpansion::apply_patch(std::size_t document, json& patch) {
  bool ok = true;
  if (auto actors = patch.find("actors"); actors != patch.end() && actors->is_object()) {
    ok = merge_actors(document, *actors);
    patch.erase(actors);
  }
  return merge(document, 0, root_, patch, "/patch", 0) && ok;
}

// "actors": {NAME: PATCH|null, ...}: each member merges onto the base's actor of that name,
// null removes it, a name the base lacks appends a new actor. In the order the patch writes them.
bool ScenarioExpansion::merge_actors(std::size_t document, json& by_name) {
  const std::string at = "/patch/actors";
  auto actors = root_.find("actors");
  if (actors == root_.end() || !actors->is_array()) {
    fail(document, at,
         "the base has no \"actors\" array for this object to name actors of (an array here "
         "would replace the base's actors)");
    return false;
  }
  split(0, root_);
  origins_[0].document = document;
  origins_[0].pointer = "/patch";
  std::size_t node = origins_[0].members.at("actors");
  split(node, *actors);
  origins_[node].document = document;
  origins_[node].pointer = at;

  // nlohmann keeps members sorted by name; the file's order decides where new actors go.
  std::vector<Diagnostic> keys;
  std::vector<std::string> names;
  for (const auto& item : by_name.items()) {
    names.push_back(item.key());
    Diagnostic d;
    d.pointer = at + "/" + escape_pointer_token(item.key());
    d.at_key = true;
    keys.push_back(std::move(d));
  }
  documents_[document].locate(keys);
  std::vector<std::size_t> order(names.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&keys](std::size_t a, std::size_t b) {
    return std::tie(keys[a].line, keys[a].column) < std::tie(keys[b].line, keys[b].column);
  });

  bool ok = true;
  for (std::size_t k : order) {
    const std::string& name = names[k];
    json& value = by_name[name];
    const std::string pointer = keys[k].pointer;
    std::size_t index = actors->size();
    std::vector<std::string> known;
    for (std::size_t i = 0; i < actors->size(); ++i) {
      const json& actor = (*actors)[i];
      if (!actor.is_object() || !actor.contains("name") || !actor["name"].is_string()) continue;
      known.push_back(actor["name"].get<std::string>());
      if (index == actors->size() && known.back() == name) index = i;
    }
    const bool found = index < actors->size();
    // The actors' origins by index, to renumber after a removal or extend after an addition.
    std::vector<std::size_t> members;
    for (std::size_t i = 0; i < actors->size(); ++i)
      members.push_back(origins_[node].members.at(std::to_string(i)));
    if (value.is_null()) {
      if (!found) {
        std::string message = "the base has no actor \"" + name + "\" to remove";
        auto guess = did_you_mean(name, known);
        if (!guess.empty()) message += " (did you mean \"" + guess + "\"?)";
        fail(document, pointer, message);
        ok = false;
        continue;
      }
      actors->erase(index);
      members.erase(members.begin() + static_cast<std::ptrdiff_t>(index));
    } else if (!value.is_object()) {
      fail(document, pointer,
           "an actor in the patch must be an object (merged onto the base's actor \"" + name +
               "\", or a new actor of that name) or null (removes it), not " +
               std::string(value.type_name()));
      ok = false;
      continue;
    } else if (found) {
      ok = merge(document, members[index], (*actors)[index], value, pointer, 2) && ok;
      continue;
    } else {
      json actor = std::move(value);
      strip_nulls(actor);
      if (!actor.contains("name")) actor["name"] = name;
      actors->push_back(std::move(actor));
      members.push_back(add_origin(document, pointer));
    }
    origins_[node].members.clear();
    for (std::size_t i = 0; i < members.size(); ++i)
      origins_[node].members.emplace(std::to_string(i), members[i]);
  }
  return ok;
}

// RFC 7386 MergePatch(target, patch), recording origins; iterative, so a deep patch cannot
// exhaust the stack, and bounded by kMaxPatchDepth where patch and base objects meet.
bool ScenarioExpansion::merge(std::size_t document, std::size_t node, json& target, json& patch,
                              std::string pointer, std::size_t depth) {
  struct Work {
    json* target;
    std::size_t node;
    json* patch;
    std::string pointer;
    std::size_t depth;
  };
  std::vector<Work> stack;
  stack.push_back(Work{&target, node, &patch, std::move(pointer), depth});
  bool ok = true;
  while (!stack.empty()) {
    Work w = std::move(stack.back());
    stack.pop_back();
    if (!w.patch->is_object() || !w.target->is_object()) {
      *w.target = std::move(*w.patch);
      strip_nulls(*w.target);
      origins_[w.node] = Origin{document, w.pointer, false, {}};
      continue;
    }
    if (w.depth >= kMaxPatchDepth) {
      fail(document, w.pointer,
           "the patch nests objects deeper than " + std::to_string(kMaxPatchDepth) +
               " levels into the base");
      ok = false;
      continue;
    }
    split(w.node, *w.target);
    origins_[w.node].document = document;
    origins_[w.node].pointer = w.pointer;
    for (auto& item : w.patch->items()) {
      const std::string token = escape_pointer_token(item.key());
      json& value = item.value();
      if (value.is_null()) {
        w.target->erase(item.key());
        origins_[w.node].members.erase(token);
        continue;
      }
      std::string at = w.pointer + "/" + token;
      std::size_t child = 0;
      if (auto it = origins_[w.node].members.find(token); it != origins_[w.node].members.end()) {
        child = it->second;
      } else {
        child = add_origin(document, at);
        origins_[w.node].members.emplace(token, child);
      }
      stack.push_back(Work{&(*w.target)[item.key()], child, &value, std::move(at), w.depth + 1});
    }
  }
  return ok;
}

std::size_t ScenarioExpansion::add_origin(std::size_t document, std::string pointer) {
  origins_.push_back(Origin{document, std::move(pointer), false, {}});
  return origins_.size() - 1;
}

// Gives a value taken whole an origin per member, so a patch can change some of them.
void ScenarioExpansion::split(std::size_t node, const json& value) {
  if (origins_[node].merged) return;
  const std::size_t document = origins_[node].document;
  const std::string base = origins_[node].pointer;
  std::vector<std::pair<std::string, std::size_t>> members;
  if (value.is_object()) {
    for (const auto& item : value.items()) {
      std::string token = escape_pointer_token(item.key());
      members.emplace_back(token, add_origin(document, base + "/" + token));
    }
  } else if (value.is_array()) {
    for (std::size_t i = 0; i < value.size(); ++i)
      members.emplace_back(std::to_string(i), add_origin(document, base + "/" + std::to_string(i)));
  }
  origins_[node].merged = true;
  origins_[node].members.insert(members.begin(), members.end());
}

// The document and pointer a pointer into root_ was written at. Past the deepest recorded
// origin, the rest of the pointer continues in that origin's document.
std::pair<std::size_t, std::string> ScenarioExpansion::source(const std::string& pointer) const {
  if (origins_.empty()) return {0, pointer};
  std::size_t node = 0;
  std::size_t pos = 0;
  while (pos < pointer.size() && pointer[pos] == '/' && origins_[node].merged) {
    std::size_t next = pointer.find('/', pos + 1);
    if (next == std::string::npos) next = pointer.size();
    auto it = origins_[node].members.find(pointer.substr(pos + 1, next - pos - 1));
    if (it == origins_[node].members.end()) break;
    node = it->second;
    pos = next;
  }
  return {origins_[node].document, origins_[node].pointer + pointer.substr(pos)};
}

void ScenarioExpansion::locate(std::vector<Diagnostic>& diagnostics) const {
  std::vector<std::vector<std::size_t>> by_document(documents_.size());
  for (std::size_t i = 0; i < diagnostics.size(); ++i) {
    auto [document, pointer] = source(diagnostics[i].pointer);
    diagnostics[i].pointer = std::move(pointer);
    by_document[document].push_back(i);
  }
  for (std::size_t document = 0; document < documents_.size(); ++document) {
    if (by_document[document].empty()) continue;
    std::vector<Diagnostic> group;
    for (std::size_t i : by_document[document]) group.push_back(std::move(diagnostics[i]));
    documents_[document].locate(group);
    for (std::size_t k = 0; k < group.size(); ++k) {
      group[k].message += reached_from(document);
      diagnostics[by_document[document][k]] = std::move(group[k]);
    }
  }
}

std::vector<std::string> ScenarioExpansion::files() const {
  std::vector<std::string> out;
  for (const auto& d : documents_) out.push_back(d.file());
  return out;
}

std::uint64_t ScenarioExpansion::hash() const {
  std::uint64_t h = stable_hash(documents_[0].text());
  for (std::size_t i = 1; i < documents_.size(); ++i) h = stable_hash(documents_[i].text(), h);
  return h;
}

void ScenarioExpansion::fail(std::size_t document, std::vector<Diagnostic> diagnostics) {
  for (auto& d : diagnostics) {
    d.message += reached_from(document);
    errors_.push_back(std::move(d));
  }
}

void ScenarioExpansion::fail(std::size_t document, std::string pointer, std::string message) {
  std::vector<Diagnostic> one(1);
  one[0].pointer = std::move(pointer);
  one[0].message = std::move(message);
  documents_[document].locate(one);
  fail(document, std::move(one));
}

std::string ScenarioExpansion::reached_from(std::size_t document) const {
  if (document == 0) return "";
  return " (reached as a base of " + documents_[0].file() + ")";
}

}  // namespace ifa026::sim
