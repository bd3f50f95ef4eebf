// FQDN syntax and allowed-domain checks (see fqdn_check.hpp).
#include "actors/cmf/fqdn_check.hpp"

#include <cctype>

namespace ifa026::actors::cmf {
namespace {

bool label_ok(std::string_view label) {
  if (label.empty() || label.size() > 63) return false;
  if (label.front() == '-' || label.back() == '-') return false;
  for (char c : label) {
    const auto u = static_cast<unsigned char>(c);
    if (!std::isalnum(u) && c != '-') return false;
  }
  return true;
}

char lower(char c) {
  return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}

bool ends_with_domain(std::string_view fqdn, std::string_view domain) {
  while (!domain.empty() && domain.front() == '.') domain.remove_prefix(1);
  if (domain.empty() || domain.size() > fqdn.size()) return false;
  const std::string_view tail = fqdn.substr(fqdn.size() - domain.size());
  for (std::size_t i = 0; i < tail.size(); ++i)
    if (lower(tail[i]) != lower(domain[i])) return false;
  // On a label boundary: the whole name, or preceded by a dot.
  return tail.size() == fqdn.size() || fqdn[fqdn.size() - domain.size() - 1] == '.';
}

}  // namespace

std::optional<std::string> fqdn_problem(std::string_view fqdn,
                                        const std::vector<std::string>& allowed_domains) {
  if (fqdn.empty()) return "FQDN missing";
  if (fqdn.size() > 253) return "FQDN longer than 253 characters";
  std::size_t labels = 0;
  std::string_view rest = fqdn;
  while (true) {
    const auto dot = rest.find('.');
    const std::string_view label = rest.substr(0, dot);
    if (!label_ok(label)) return "FQDN label \"" + std::string(label) + "\" is not valid";
    ++labels;
    if (dot == std::string_view::npos) break;
    rest.remove_prefix(dot + 1);
  }
  if (labels < 2) return "FQDN needs at least two labels";
  if (allowed_domains.empty()) return std::nullopt;
  for (const auto& domain : allowed_domains)
    if (ends_with_domain(fqdn, domain)) return std::nullopt;
  return "FQDN outside the allowed domains";
}

}  // namespace ifa026::actors::cmf
