// The allocated resources of a VIM or CISM (see virtual_resources.hpp).
#include "actors/vim/virtual_resources.hpp"

#include <utility>

namespace ifa026::actors::vim {

std::string to_string(VirtualResource::State state) {
  return state == VirtualResource::State::allocated ? "allocated" : "failed";
}

VirtualResource& VirtualResources::add(VirtualResource resource) {
  const std::uint64_t number = next_++;
  resource.id = prefix_ + std::to_string(number);
  by_id_[resource.id] = number;
  by_vnfci_[resource.vnfci].insert(number);
  return resources_.emplace(number, std::move(resource)).first->second;
}

void VirtualResources::remove(const std::string& id) {
  auto it = by_id_.find(id);
  if (it == by_id_.end()) return;
  if (auto r = resources_.find(it->second); r != resources_.end()) {
    auto v = by_vnfci_.find(r->second.vnfci);
    if (v != by_vnfci_.end() && v->second.erase(it->second) != 0 && v->second.empty())
      by_vnfci_.erase(v);
  }
  resources_.erase(it->second);
  by_id_.erase(it);
}

VirtualResource* VirtualResources::find(const std::string& id) {
  auto it = by_id_.find(id);
  if (it == by_id_.end()) return nullptr;
  auto r = resources_.find(it->second);
  return r == resources_.end() ? nullptr : &r->second;
}

VirtualResource* VirtualResources::find_vnfci(const std::string& vnfci) {
  auto v = by_vnfci_.find(vnfci);
  if (v == by_vnfci_.end() || v->second.empty()) return nullptr;
  auto r = resources_.find(*v->second.begin());
  return r == resources_.end() ? nullptr : &r->second;
}

std::vector<std::string> VirtualResources::on_host(const std::string& host) const {
  std::vector<std::string> out;
  for (const auto& [number, resource] : resources_)
    if (resource.host == host) out.push_back(resource.id);
  return out;
}

std::vector<std::string> VirtualResources::of_vnf(const std::string& vnf) const {
  std::vector<std::string> out;
  for (const auto& [number, resource] : resources_)
    if (resource.vnf == vnf) out.push_back(resource.id);
  return out;
}

}  // namespace ifa026::actors::vim
