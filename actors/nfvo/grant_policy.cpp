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
  return in_use_;
}

void GrantPolicy::reserve(const std::string& id, Reservation reservation) {
  if (auto old = reserved_.find(id); old != reserved_.end()) release(old);
  in_use_ = plus(in_use_, reservation.capacity);
  by_occurrence_[reservation.occurrence].insert(id);
  reserved_.emplace(id, std::move(reservation));
}

std::map<std::string, GrantPolicy::Reservation>::iterator GrantPolicy::release(
    std::map<std::string, Reservation>::iterator it) {
  in_use_ = minus(in_use_, it->second.capacity);
  if (auto o = by_occurrence_.find(it->second.occurrence); o != by_occurrence_.end()) {
    o->second.erase(it->first);
    if (o->second.empty()) by_occurrence_.erase(o);
  }
  return reserved_.erase(it);
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
    reserve(resource.id,
            {resource.capacity.value_or(messages::ResourceCapacity{}), request.occurrence, false});
  decision.granted = true;
  decision.grant = nfvo_ + "-grant-" + std::to_string(next_grant_++);
  decision.in_use = in_use();
  return decision;
}

void GrantPolicy::on_operation_ended(const std::string& occurrence,
                                     const std::set<std::string>& added,
                                     const std::set<std::string>& removed) {
  for (const auto& id : removed)
    if (auto it = reserved_.find(id); it != reserved_.end()) release(it);
  // The operation's own reservations: given back unless it added them, then held. Once held they
  // leave the index (the operation has ended: nothing of it is looked up by occurrence again).
  auto own = by_occurrence_.find(occurrence);
  if (own == by_occurrence_.end()) return;
  const std::set<std::string> ids = std::move(own->second);
  by_occurrence_.erase(own);
  for (const auto& id : ids) {
    auto it = reserved_.find(id);
    if (it == reserved_.end() || it->second.occurrence != occurrence) continue;
    if (!it->second.held && added.count(id) == 0) {
      in_use_ = minus(in_use_, it->second.capacity);
      reserved_.erase(it);
    } else {
      it->second.held = true;
    }
  }
}

}  // namespace ifa026::actors::nfvo
