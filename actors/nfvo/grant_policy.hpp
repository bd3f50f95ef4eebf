// The NFVO's grant decisions on Or-Vnfm (docs/lifecycle.md "Grant refused", D7, D13): for each LCM
// operation a VNFM asks to run, which VIM or CISM every added resource goes to (by resource kind),
// and whether the capacity granted and not yet given back stays within the NFVO's quota. Capacity
// is reserved when granted, per resource id (the VNFCI name the resource will carry), and given
// back when the operation that asked ends without adding the resource, or removes it. A grant that
// removes resources may reuse their capacity for the resources it adds (a heal). The Fully-Active
// Security Manager's approval will sit in front of this (Annex A R2.1), not inside it.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "actors/messages/or_vnfm.hpp"

namespace ifa026::actors::nfvo {

struct GrantPolicySettings {
  // The producer of each resource kind: COMPUTE -> the VIM, OS_CONTAINER -> the CISM.
  std::map<std::string, std::string> providers;
  // Capacity that may be granted and held at once; absent: unbounded.
  std::optional<messages::ResourceCapacity> quota;
};

struct GrantDecision {
  bool granted = false;
  std::string reason;  // when refused
  std::string grant;   // "<nfvo>-grant-N" when granted
  std::vector<messages::GrantedResource> resources;
  messages::ResourceCapacity requested;  // what the operation adds
  messages::ResourceCapacity in_use;     // held after this decision
};

class GrantPolicy {
 public:
  GrantPolicy(std::string nfvo, GrantPolicySettings settings);

  GrantDecision decide(const messages::GrantLifecycleOperationRequest& request);
  // The VNF LCM operation `occurrence` ended (COMPLETED, FAILED or ROLLED_BACK): resources its
  // grant reserved that `added` does not hold are given back, and so are those in `removed`.
  void on_operation_ended(const std::string& occurrence, const std::set<std::string>& added,
                          const std::set<std::string>& removed);
  messages::ResourceCapacity in_use() const;
  const GrantPolicySettings& settings() const { return settings_; }

 private:
  struct Reservation {
    messages::ResourceCapacity capacity;
    std::string occurrence;  // the operation that reserved it
    bool held = false;       // the operation ended and added it
  };

  std::string nfvo_;
  GrantPolicySettings settings_;
  // Adds or replaces the reservation of `id`, keeping the total and the index below.
  void reserve(const std::string& id, Reservation reservation);
  // Removes the reservation `it` points at; the next one.
  std::map<std::string, Reservation>::iterator release(
      std::map<std::string, Reservation>::iterator it);

  std::map<std::string, Reservation> reserved_;  // by resource id
  // What reserved_ holds in all and, per operation that has not ended, the ids it reserved: a
  // grant and an operation's end cost log(reservations), not a walk over every reservation (the
  // 10,000-VNF runs of docs/research-guide.md).
  messages::ResourceCapacity in_use_;
  std::map<std::string, std::set<std::string>> by_occurrence_;
  std::uint64_t next_grant_ = 1;
};

}  // namespace ifa026::actors::nfvo
