// The hosts of a VIM (and the nodes of a CISM): identity, location (zone), capacity, state
// (in-service, retired, quarantined) and used capacity, read from the `hosts` / `nodes`
// parameter, and the placement rule (docs/lifecycle.md, "The VIM's host model", D13): candidates
// are the in-service hosts of the requested zone (any location without one) whose free capacity
// covers the request; the choice is the one with the most free vCPUs, ties by host id.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "actors/messages/vi_vnfm.hpp"
#include "sim/diagnostic.hpp"

namespace ifa026::actors::vim {

using messages::ResourceCapacity;

struct Host {
  std::string id;
  std::string location;
  ResourceCapacity capacity;
  std::string state;  // lcm::kHostInService, kHostRetired, kHostQuarantined
  ResourceCapacity used;
  bool erased = false;  // secure_erase done (a retired or quarantined host without resources)
  // The trust domain the host belongs to: an SM's host retirement is authorised against it
  // (docs/security-manager.md, "The VIM's service on Sc-Vi"); "default" when the param omits it.
  std::string trust_domain = "default";

  ResourceCapacity free() const {
    return {capacity.vcpus - used.vcpus, capacity.memory_mb - used.memory_mb};
  }
  bool fits(const ResourceCapacity& need) const {
    const ResourceCapacity f = free();
    return need.vcpus <= f.vcpus && need.memory_mb <= f.memory_mb;
  }
};

// The outcome of a placement: the chosen host (none when no candidate) and every candidate, in
// the order of preference.
struct Placement {
  std::optional<std::string> host;
  std::vector<std::string> candidates;
};

class HostPool {
 public:
  // Checks a `hosts` parameter: an object of {location (string), capacity {vcpus, memory_mb}
  // (non-negative integers), state?, trust_domain? (string)}; diagnostics carry JSON pointers under
  // `pointer` ("/hosts").
  static void check(const nlohmann::json& hosts, const std::string& pointer,
                    std::vector<sim::Diagnostic>& out);
  // Reads a checked parameter (absent or null: no hosts).
  static HostPool read(const nlohmann::json& hosts);

  // The placement of `need` in `zone` (any location when empty), never on `exclude`.
  Placement place(const ResourceCapacity& need, const std::optional<std::string>& zone,
                  const std::string& exclude = "") const;

  const Host* find(const std::string& id) const;
  Host* find(const std::string& id);
  bool zone_known(const std::string& zone) const;
  // Capacity taken by / given back from an allocation on `host` (which must exist).
  void take(const std::string& host, const ResourceCapacity& capacity);
  void give_back(const std::string& host, const ResourceCapacity& capacity);
  const std::map<std::string, Host>& hosts() const { return hosts_; }

 private:
  std::map<std::string, Host> hosts_;  // by id
};

}  // namespace ifa026::actors::vim
