// Registry of checks by requirement ID.
#include "conformance/check_registry.hpp"

namespace ifa026::conformance {

void CheckRegistry::add(std::string requirement_id, std::string name, CheckFunction run) {
  auto& list = checks_[requirement_id];
  list.push_back(Check{std::move(requirement_id), std::move(name), std::move(run)});
}

const std::vector<Check>& CheckRegistry::for_requirement(const std::string& id) const {
  static const std::vector<Check> none;
  auto it = checks_.find(id);
  return it == checks_.end() ? none : it->second;
}

void CheckRegistry::require_parts(const std::string& requirement_id,
                                  std::vector<std::string> parts) {
  parts_[requirement_id] = std::move(parts);
}

const std::vector<std::string>& CheckRegistry::required_parts(const std::string& id) const {
  static const std::vector<std::string> none;
  auto it = parts_.find(id);
  return it == parts_.end() ? none : it->second;
}

std::size_t CheckRegistry::size() const {
  std::size_t n = 0;
  for (const auto& [id, list] : checks_) n += list.size();
  return n;
}

}  // namespace ifa026::conformance
