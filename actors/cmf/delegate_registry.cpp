// The CMF's registry of delegations (see delegate_registry.hpp).
#include "actors/cmf/delegate_registry.hpp"

#include <algorithm>
#include <utility>

namespace ifa026::actors::cmf {

DelegatedIdentityEntry* DelegateRegistry::find(const std::string& vnfci,
                                               const std::string& identity,
                                               const std::string& type) {
  auto it = entries_.find({vnfci, identity, type});
  return it == entries_.end() ? nullptr : &it->second;
}

std::vector<DelegatedIdentityEntry*> DelegateRegistry::of_vnfci(const std::string& vnfci) {
  std::vector<DelegatedIdentityEntry*> out;
  for (auto it = entries_.lower_bound({vnfci, "", ""});
       it != entries_.end() && std::get<0>(it->first) == vnfci; ++it)
    out.push_back(&it->second);
  return out;
}

DelegatedIdentityEntry& DelegateRegistry::put(DelegatedIdentityEntry entry) {
  Key key{entry.vnfci, entry.identity, entry.certificate_type};
  return entries_[key] = std::move(entry);
}

std::string DelegateRegistry::bound_vnfm(const std::string& vnf) const {
  auto it = vnf_delegate_.find(vnf);
  return it == vnf_delegate_.end() ? std::string() : it->second;
}

std::optional<std::string> DelegateRegistry::dns_owner(const std::string& dns,
                                                       const Key& except) const {
  for (const auto& [key, entry] : entries_) {
    if (key == except) continue;
    if (std::find(entry.dns.begin(), entry.dns.end(), dns) != entry.dns.end())
      return entry.vnfci + "/" + entry.identity;
  }
  return std::nullopt;
}

}  // namespace ifa026::actors::cmf
