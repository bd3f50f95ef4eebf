// The resources a VIM (computes) or a CISM (OS container workloads) has allocated: id
// (`<producer>-compute-N` / `<producer>-workload-N`, never reused), the VNFC instance it runs,
// its VNF, host, the consumer that allocated it (who gets its change notifications, D11),
// capacity, zone and state (allocated, or failed after a crash until released), and the VNF's
// trust domain and hidden SMs for the VIM's Sc-Vi events.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "actors/messages/vi_vnfm.hpp"

namespace ifa026::actors::vim {

struct VirtualResource {
  enum class State { allocated, failed };
  std::string id;
  std::string vnfci;
  std::string vnf;
  std::string vnfc;
  std::string host;
  std::string consumer;
  messages::ResourceCapacity capacity;
  std::optional<std::string> zone;
  std::string correlation;  // of the request that allocated it
  State state = State::allocated;
  bool running = true;  // false once its VNFCI actor ended (crash), before and after detection
  // The VNFCI's spawn parameters (its configuration; kept in a quarantined copy, and what tells
  // where its keys live for a secure erase: R2.1.270).
  nlohmann::json user_data = nullptr;
  // The VNF as Security Managers see it (from the allocation request; docs/security-manager.md):
  // its trust domain ("default" when the request names none), the SMs its events are hidden
  // from, and the OSS's application id.
  std::string trust_domain = "default";
  std::set<std::string> hidden_from;
  std::string oss_app_id;
};

std::string to_string(VirtualResource::State state);

class VirtualResources {
 public:
  // `prefix` e.g. "vim-1-compute-".
  explicit VirtualResources(std::string prefix) : prefix_(std::move(prefix)) {}

  // Adds `resource` under the next id (set here, never reused) and returns it.
  VirtualResource& add(VirtualResource resource);
  void remove(const std::string& id);
  VirtualResource* find(const std::string& id);
  VirtualResource* find_vnfci(const std::string& vnfci);
  // The resources on `host`, by id order of allocation.
  std::vector<std::string> on_host(const std::string& host) const;
  // The resources of `vnf`, by id order of allocation (an SM's remediation, issue 16).
  std::vector<std::string> of_vnf(const std::string& vnf) const;
  std::size_t size() const { return resources_.size(); }

 private:
  std::string prefix_;
  std::uint64_t next_ = 1;
  std::map<std::uint64_t, VirtualResource> resources_;  // by number: allocation order
  std::map<std::string, std::uint64_t> by_id_;
  // The resources of each VNFC instance, by number (find_vnfci gives the first allocated), so a
  // lookup costs log(resources), not a scan (the 10,000-VNF runs of docs/research-guide.md).
  std::map<std::string, std::set<std::uint64_t>> by_vnfci_;
};

}  // namespace ifa026::actors::vim
