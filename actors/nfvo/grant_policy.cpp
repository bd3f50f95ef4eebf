// The NFVO's grant decisions: providers per resource kind and the capacity quota.
#include "actors/nfvo/grant_policy.hpp"

#include <utility>

#include "actors/messages/lcm_vocabulary.hpp"

namespace ifa026::actors::nfvo {
namespace {

messages::ResourceCapacity plus(messages::ResourceCapacity a, const messages::ResourceCapacity& b) {
  a.vcpus += b.vcpus;
  a.memory_mb += b.memory_mb;
  return a;
}

messages::ResourceCapacity minus(messages::ResourceCapacity a,
                                 const messages::ResourceCapacity& b) {
  a.vcpus -= b.vcpus;
  a.memory_mb -= b.memory_mb;
  return a;
}

}  // namespace

GrantPolicy::GrantPolicy(std::string nfvo, GrantPolicySettings settings)
    : nfvo_(std::move(nfvo)), settings_(std::move(settings)) {}

messages::ResourceCapacity GrantPolicy::in_use() const {
  messages::ResourceCapacity total;
  for (const auto& [id, reservation] : reserved_) total = plus(total, reservation.capacity);
  return total;
}

GrantDecision GrantPolicy::decide(const messages::GrantLifecycleOperationRequest& request) {
  GrantDecision decision;
  // Where each added resource goes.
  for (const auto& resource : request.add_resources) {
    auto provider = settings_.providers.find(resource.kind);
    if (provider == settings_.providers.end() || provider->second.empty()) {
      decision.reason = "no producer for resources of kind " + resource.kind;
      decision.in_use = in_use();
      return decision;
    }
    if (resource.capacity) decision.requested = plus(decision.requested, *resource.capacity);
    decision.resources.push_back({resource.id, provider->second, resource.kind, std::nullopt});
  }
  // Capacity: what is held, less what this operation removes, plus what it adds.
  messages::ResourceCapacity freed;
  for (const auto& resource : request.remove_resources) {
    auto it = reserved_.find(resource.id);
    if (it != reserved_.end()) freed = plus(freed, it->second.capacity);
  }
  const messages::ResourceCapacity held = in_use();
  const messages::ResourceCapacity after = plus(minus(held, freed), decision.requested);
  if (settings_.quota) {
    const auto& quota = *settings_.quota;
    if (after.vcpus > quota.vcpus) {
      decision.reason =
          "quota: vcpus " + std::to_string(after.vcpus) + " > " + std::to_string(quota.vcpus);
    } else if (after.memory_mb > quota.memory_mb) {
      decision.reason = "quota: memory_mb " + std::to_string(after.memory_mb) + " > " +
                        std::to_string(quota.memory_mb);
    }
    if (!decision.reason.empty()) {
      decision.resources.clear();
      decision.in_use = held;
      return decision;
    }
  }
  for (const auto& resource : request.add_resources)
    reserved_[resource.id] = {resource.capacity.value_or(messages::ResourceCapacity{}),
                              request.occurrence, false};
  decision.granted = true;
  decision.grant = nfvo_ + "-grant-" + std::to_string(next_grant_++);
  decision.in_use = in_use();
  return decision;
}

void GrantPolicy::on_operation_ended(const std::string& occurrence,
                                     const std::set<std::string>& added,
                                     const std::set<std::string>& removed) {
  for (auto it = reserved_.begin(); it != reserved_.end();) {
    const bool removed_now = removed.count(it->first) != 0;
    const bool not_added =
        it->second.occurrence == occurrence && !it->second.held && added.count(it->first) == 0;
    if (removed_now || not_added) {
      it = reserved_.erase(it);
      continue;
    }
    if (it->second.occurrence == occurrence) it->second.held = true;
    ++it;
  }
}

}  // namespace ifa026::actors::nfvo
