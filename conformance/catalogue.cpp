// Loading and lookup of the requirement catalogue.
#include "conformance/catalogue.hpp"

#include <stdexcept>

namespace ifa026::conformance {
namespace {

std::string field(const nlohmann::json& e, const char* key, std::size_t index) {
  if (!e.contains(key) || !e[key].is_string())
    throw std::invalid_argument("catalogue entry " + std::to_string(index) + ": field \"" + key +
                                "\" missing or not a string");
  return e[key].get<std::string>();
}

void expect_one_of(const std::string& value, std::initializer_list<std::string_view> allowed,
                   const std::string& what) {
  for (auto a : allowed)
    if (value == a) return;
  throw std::invalid_argument(what + ": unexpected value \"" + value + "\"");
}

}  // namespace

Catalogue Catalogue::from_json(const nlohmann::json& entries) {
  if (!entries.is_array()) throw std::invalid_argument("catalogue: expected an array");
  Catalogue c;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const auto& e = entries[i];
    if (!e.is_object())
      throw std::invalid_argument("catalogue entry " + std::to_string(i) + ": not an object");
    Requirement r;
    r.id = field(e, "id", i);
    r.clause = field(e, "clause", i);
    r.kind = field(e, "kind", i);
    r.modality = field(e, "modality", i);
    r.subject = field(e, "subject", i);
    r.summary = field(e, "summary", i);
    r.testability = field(e, "testability", i);
    r.testability_reason = field(e, "testability_reason", i);
    expect_one_of(r.kind, {"requirement", "flow"}, r.id + " kind");
    expect_one_of(r.modality, {"shall", "should", "may"}, r.id + " modality");
    expect_one_of(r.testability, {"observable", "partial", "not-observable"},
                  r.id + " testability");
    if (r.kind == "flow") {
      r.title = field(e, "title", i);
      r.steps = e.value("steps", 0);
      if (e.contains("actors")) r.actors = e["actors"].get<std::vector<std::string>>();
    }
    if (e.contains("restates")) r.restates = field(e, "restates", i);
    r.source = e;
    if (!c.index_.emplace(r.id, c.requirements_.size()).second)
      throw std::invalid_argument("catalogue: duplicate id " + r.id);
    c.requirements_.push_back(std::move(r));
  }
  for (const auto& r : c.requirements_) {
    if (r.restates.empty()) continue;
    const Requirement* same = c.find(r.restates);
    if (same == nullptr)
      throw std::invalid_argument(r.id + " restates unknown id \"" + r.restates + "\"");
    if (same->testability != r.testability || same->testability_reason != r.testability_reason)
      throw std::invalid_argument(r.id + " restates " + same->id +
                                  " but their testability or its reason differ");
  }
  return c;
}

const Catalogue& Catalogue::builtin() {
  static const Catalogue catalogue = from_json(nlohmann::json::parse(requirements_json_text()));
  return catalogue;
}

const Requirement* Catalogue::find(std::string_view id) const {
  auto it = index_.find(std::string(id));
  return it == index_.end() ? nullptr : &requirements_[it->second];
}

std::vector<std::string> Catalogue::ids() const {
  std::vector<std::string> out;
  out.reserve(requirements_.size());
  for (const auto& r : requirements_) out.push_back(r.id);
  return out;
}

std::string Catalogue::group_of(const Requirement& r) {
  if (r.clause.starts_with("A")) return "Annex A";
  if (r.clause.starts_with("B")) return "Annex B";
  if (r.clause.starts_with("C")) return "Annex C";
  return "Clause " + r.clause.substr(0, r.clause.find('.'));
}

std::string partial_pass_note(const Requirement& r) {
  if (r.testability != "partial") return "";
  return " [partial: " + r.testability_reason + "]";
}

}  // namespace ifa026::conformance
