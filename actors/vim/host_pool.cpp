// Hosts, their checks and the placement rule (see host_pool.hpp).
#include "actors/vim/host_pool.hpp"

#include <algorithm>

#include "actors/messages/lcm_vocabulary.hpp"
#include "sim/param_rules.hpp"

namespace ifa026::actors::vim {
namespace {

using nlohmann::json;

void problem(std::vector<sim::Diagnostic>& out, const std::string& pointer,
             const std::string& message, bool at_key = false) {
  out.push_back({"", 0, 0, pointer, message, at_key});
}

bool is_state(const std::string& state) {
  return state == lcm::kHostInService || state == lcm::kHostRetired ||
         state == lcm::kHostQuarantined;
}

void check_capacity(const json& capacity, const std::string& at,
                    std::vector<sim::Diagnostic>& out) {
  if (!capacity.is_object()) {
    problem(out, at, "capacity must be an object {vcpus, memory_mb}");
    return;
  }
  for (const auto& [key, value] : capacity.items()) {
    const std::string kat = at + "/" + sim::escape_pointer_token(key);
    if (key != "vcpus" && key != "memory_mb") {
      problem(out, kat, "unknown capacity member \"" + key + "\" (vcpus, memory_mb)", true);
      continue;
    }
    if (!value.is_number_unsigned()) problem(out, kat, key + " must be a non-negative integer");
  }
  for (const char* needed : {"vcpus", "memory_mb"})
    if (!capacity.contains(needed))
      problem(out, at, "capacity needs \"" + std::string(needed) + "\"");
}

}  // namespace

void HostPool::check(const json& hosts, const std::string& pointer,
                     std::vector<sim::Diagnostic>& out) {
  if (hosts.is_null()) return;
  if (!hosts.is_object()) {
    problem(out, pointer, "must be an object of hosts by id");
    return;
  }
  for (const auto& [id, host] : hosts.items()) {
    const std::string at = pointer + "/" + sim::escape_pointer_token(id);
    if (!host.is_object()) {
      problem(out, at, "a host must be an object {location, capacity, state?}");
      continue;
    }
    for (const auto& [key, value] : host.items()) {
      const std::string kat = at + "/" + sim::escape_pointer_token(key);
      if (key == "location") {
        if (!value.is_string() || value.get<std::string>().empty())
          problem(out, kat, "location must be a non-empty string (a zone name)");
      } else if (key == "capacity") {
        check_capacity(value, kat, out);
      } else if (key == "trust_domain") {
        if (!value.is_string() || value.get<std::string>().empty())
          problem(out, kat, "trust_domain must be a non-empty string (a trust domain id)");
      } else if (key == "state") {
        if (!value.is_string() || !is_state(value.get<std::string>()))
          problem(out, kat, "state must be \"in-service\", \"retired\" or \"quarantined\"");
      } else {
        problem(out, kat,
                "unknown host member \"" + key + "\" (location, capacity, state, trust_domain)",
                true);
      }
    }
    if (!host.contains("location")) problem(out, at, "host needs \"location\"");
    if (!host.contains("capacity")) problem(out, at, "host needs \"capacity\"");
  }
}

HostPool HostPool::read(const json& hosts) {
  HostPool pool;
  if (!hosts.is_object()) return pool;
  for (const auto& [id, h] : hosts.items()) {
    Host host;
    host.id = id;
    host.location = h.value("location", std::string());
    const json capacity = h.value("capacity", json::object());
    host.capacity.vcpus = capacity.value("vcpus", 0LL);
    host.capacity.memory_mb = capacity.value("memory_mb", 0LL);
    host.state = h.value("state", std::string(lcm::kHostInService));
    host.trust_domain = h.value("trust_domain", std::string("default"));
    pool.hosts_.emplace(id, std::move(host));
  }
  return pool;
}

Placement HostPool::place(const ResourceCapacity& need, const std::optional<std::string>& zone,
                          const std::string& exclude) const {
  std::vector<const Host*> candidates;
  for (const auto& [id, host] : hosts_) {
    if (id == exclude || host.state != lcm::kHostInService) continue;
    if (zone && !zone->empty() && host.location != *zone) continue;
    if (host.fits(need)) candidates.push_back(&host);
  }
  // Most free vCPUs first; ties by id (the map's order, kept by the stable sort).
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const Host* a, const Host* b) { return a->free().vcpus > b->free().vcpus; });
  Placement placement;
  for (const Host* host : candidates) placement.candidates.push_back(host->id);
  if (!candidates.empty()) placement.host = candidates.front()->id;
  return placement;
}

const Host* HostPool::find(const std::string& id) const {
  auto it = hosts_.find(id);
  return it == hosts_.end() ? nullptr : &it->second;
}

Host* HostPool::find(const std::string& id) {
  auto it = hosts_.find(id);
  return it == hosts_.end() ? nullptr : &it->second;
}

bool HostPool::zone_known(const std::string& zone) const {
  return std::any_of(hosts_.begin(), hosts_.end(),
                     [&](const auto& entry) { return entry.second.location == zone; });
}

void HostPool::take(const std::string& host, const ResourceCapacity& capacity) {
  Host& h = hosts_.at(host);
  h.used.vcpus += capacity.vcpus;
  h.used.memory_mb += capacity.memory_mb;
}

void HostPool::give_back(const std::string& host, const ResourceCapacity& capacity) {
  Host& h = hosts_.at(host);
  h.used.vcpus -= capacity.vcpus;
  h.used.memory_mb -= capacity.memory_mb;
}

}  // namespace ifa026::actors::vim
