// The VNFM's VNF lifecycle state and LCM operation plans (see vnf_lcm.hpp).
#include "actors/vnfm/vnf_lcm.hpp"

#include <algorithm>
#include <utility>

namespace ifa026::actors::vnfm {
namespace {

using nlohmann::json;

std::string vnfci_name(const std::string& vnf, const std::string& vnfc, long long index) {
  return vnf + "-" + vnfc + "-" + std::to_string(index);
}

// A non-negative (or, with `positive`, strictly positive) integer member, or a reason.
std::optional<std::string> read_count(const json& args, const std::string& key, bool positive,
                                      long long& out) {
  auto it = args.find(key);
  if (it == args.end()) return std::nullopt;
  if (!it->is_number_integer()) return key + " must be an integer";
  const long long value = it->get<long long>();
  if (value < 0 || (positive && value == 0))
    return key + " must be " + (positive ? "at least 1" : "zero or more");
  out = value;
  return std::nullopt;
}

}  // namespace

std::string_view to_string(LcmOperation operation) {
  switch (operation) {
    case LcmOperation::instantiate:
      return "INSTANTIATE";
    case LcmOperation::scale_out:
      return "SCALE_OUT";
    case LcmOperation::scale_in:
      return "SCALE_IN";
    case LcmOperation::heal:
      return "HEAL";
    case LcmOperation::terminate:
      return "TERMINATE";
  }
  return "UNKNOWN";
}

std::optional<LcmOperation> lcm_operation_from_command(std::string_view command) {
  if (command == "instantiate") return LcmOperation::instantiate;
  if (command == "scale_out") return LcmOperation::scale_out;
  if (command == "scale_in") return LcmOperation::scale_in;
  if (command == "heal") return LcmOperation::heal;
  if (command == "terminate") return LcmOperation::terminate;
  return std::nullopt;
}

std::string_view to_string(VnfState state) {
  return state == VnfState::instantiated ? "INSTANTIATED" : "NOT_INSTANTIATED";
}

std::size_t VnfInstance::count(const std::string& vnfc) const {
  auto it = vnfcis.find(vnfc);
  return it == vnfcis.end() ? 0 : it->second.size();
}

std::size_t VnfInstance::size() const {
  std::size_t n = 0;
  for (const auto& [vnfc, instances] : vnfcis) n += instances.size();
  return n;
}

std::vector<const Vnfci*> VnfInstance::ordered() const {
  std::vector<const Vnfci*> out;
  for (const auto& [vnfc, instances] : vnfcis)
    for (const auto& [index, vnfci] : instances) out.push_back(&vnfci);
  return out;
}

const Vnfci* VnfInstance::find(const std::string& vnfci) const {
  for (const auto& [vnfc, instances] : vnfcis)
    for (const auto& [index, instance] : instances)
      if (instance.name == vnfci) return &instance;
  return nullptr;
}

std::variant<LcmRequest, std::string> parse_lcm_request(LcmOperation operation, const json& args) {
  LcmRequest request;
  request.operation = operation;
  if (!args.is_object()) return std::string("arguments must be an object");
  auto text = [&](const std::string& key) -> std::optional<std::string> {
    auto it = args.find(key);
    if (it == args.end() || !it->is_string() || it->get<std::string>().empty()) return std::nullopt;
    return it->get<std::string>();
  };
  auto vnf = text("vnf");
  if (!vnf) return std::string("needs a non-empty string vnf");
  request.vnf = *vnf;
  if (auto it = args.find("tampered_vnfcis"); it != args.end()) {
    if (operation != LcmOperation::instantiate && operation != LcmOperation::scale_out &&
        operation != LcmOperation::heal)
      return std::string("tampered_vnfcis only for operations that add VNFCIs");
    if (!it->is_array()) return std::string("tampered_vnfcis must be an array of VNFCI names");
    for (const auto& name : *it) {
      if (!name.is_string() || name.get<std::string>().empty())
        return std::string("tampered_vnfcis must be an array of VNFCI names");
      request.tampered.push_back(name.get<std::string>());
    }
  }
  switch (operation) {
    case LcmOperation::instantiate: {
      auto vnfd = text("vnfd");
      if (!vnfd) return std::string("needs a non-empty string vnfd");
      request.vnfd = *vnfd;
      if (auto it = args.find("vnfcs"); it != args.end()) {
        if (!it->is_object()) return std::string("vnfcs must be an object of counts by VNFC");
        std::map<std::string, long long> counts;
        for (const auto& [vnfc, value] : it->items()) {
          long long count = 0;
          if (auto problem = read_count(*it, vnfc, false, count)) return "vnfcs: " + *problem;
          (void)value;
          counts[vnfc] = count;
        }
        request.vnfcs = std::move(counts);
      }
      break;
    }
    case LcmOperation::scale_out:
    case LcmOperation::scale_in: {
      auto vnfc = text("vnfc");
      if (!vnfc) return std::string("needs a non-empty string vnfc");
      request.vnfc = *vnfc;
      if (auto problem = read_count(args, "count", true, request.count)) return *problem;
      break;
    }
    case LcmOperation::heal: {
      auto vnfci = text("vnfci");
      if (!vnfci) return std::string("needs a non-empty string vnfci");
      request.vnfci = *vnfci;
      break;
    }
    case LcmOperation::terminate:
      break;
  }
  return request;
}

namespace {

// Marks the added VNFCIs `request` names as tampered; the reason when one is not added.
std::optional<std::string> mark_tampered(const LcmRequest& request, LcmPlan& plan) {
  for (const auto& name : request.tampered) {
    auto it = std::find_if(plan.added.begin(), plan.added.end(),
                           [&](const Vnfci& v) { return v.name == name; });
    if (it == plan.added.end())
      return "tampered_vnfcis: " + name + " is not a VNFCI this operation adds";
    it->tampered = true;
  }
  return std::nullopt;
}

// The VNFC's secure bootstrapping on a new VNFCI.
void bootstrap(Vnfci& vnfci, const VnfcDescriptor& descriptor) {
  if (!descriptor.secure_bootstrap || !descriptor.secure_bootstrap->attestation) return;
  vnfci.attestation = true;
  vnfci.hsm = descriptor.secure_bootstrap->hsm;
}

}  // namespace

std::variant<LcmPlan, std::string> VnfLcm::plan(const LcmRequest& request) const {
  auto planned = plan_untampered(request);
  if (auto* plan = std::get_if<LcmPlan>(&planned))
    if (auto problem = mark_tampered(request, *plan)) return *problem;
  return planned;
}

std::variant<LcmPlan, std::string> VnfLcm::plan_untampered(const LcmRequest& request) const {
  LcmPlan plan;
  plan.operation = request.operation;
  plan.vnf = request.vnf;
  const VnfInstance* vnf = find(request.vnf);
  if (request.operation == LcmOperation::instantiate) {
    if (vnf != nullptr && vnf->state == VnfState::instantiated)
      return "VNF " + request.vnf + " is already instantiated";
    auto vnfd = catalogue_.find(request.vnfd);
    if (vnfd == catalogue_.end()) return "unknown VNFD " + request.vnfd;
    std::map<std::string, long long> counts;
    if (!request.flavour.empty()) {
      // Or-Vnfm: the flavour's initial counts, the request's override, each within min and max.
      auto flavour = vnfd->second.flavour(request.flavour);
      if (!flavour) return "unknown flavour " + request.flavour + " in VNFD " + request.vnfd;
      for (const auto& [vnfc, descriptor] : vnfd->second.vnfcs)
        counts[vnfc] = flavour->counts(vnfc).initial;
      if (request.vnfcs)
        for (const auto& [vnfc, count] : *request.vnfcs) {
          if (!vnfd->second.vnfcs.count(vnfc))
            return "unknown VNFC " + vnfc + " in VNFD " + request.vnfd;
          counts[vnfc] = count;
        }
      for (const auto& [vnfc, count] : counts) {
        const VnfcCounts limits = flavour->counts(vnfc);
        if (count < limits.min)
          return "VNFC " + vnfc + ": " + std::to_string(count) + " instances, below the minimum " +
                 std::to_string(limits.min) + " of flavour " + request.flavour;
        if (limits.max && count > *limits.max)
          return "VNFC " + vnfc + ": " + std::to_string(count) + " instances, above the maximum " +
                 std::to_string(*limits.max) + " of flavour " + request.flavour;
      }
      plan.flavour = request.flavour;
    } else if (request.vnfcs) {
      for (const auto& [vnfc, count] : *request.vnfcs) {
        if (!vnfd->second.vnfcs.count(vnfc))
          return "unknown VNFC " + vnfc + " in VNFD " + request.vnfd;
        counts[vnfc] = count;
      }
    } else {
      for (const auto& [vnfc, descriptor] : vnfd->second.vnfcs) counts[vnfc] = 1;
    }
    plan.vnfd = request.vnfd;
    if (vnf != nullptr) plan.last_index = vnf->last_index;
    for (const auto& [vnfc, count] : counts) {
      const VnfcDescriptor& descriptor = vnfd->second.vnfcs.at(vnfc);
      long long& last = plan.last_index[vnfc];
      for (long long i = 0; i < count; ++i) {
        Vnfci vnfci;
        vnfci.vnfc = vnfc;
        vnfci.index = ++last;
        vnfci.name = vnfci_name(request.vnf, vnfc, vnfci.index);
        vnfci.vnf = request.vnf;
        vnfci.descriptor = &descriptor;
        bootstrap(vnfci, descriptor);
        plan.added.push_back(std::move(vnfci));
      }
    }
    return plan;
  }
  if (vnf == nullptr) return "unknown VNF " + request.vnf;
  if (vnf->state != VnfState::instantiated) return "VNF " + request.vnf + " is not instantiated";
  plan.vnfd = vnf->vnfd;
  plan.flavour = vnf->flavour;
  plan.last_index = vnf->last_index;
  const Vnfd& vnfd = catalogue_.at(vnf->vnfd);
  // The VNF's flavour limits (Or-Vnfm VNFs only).
  std::optional<Flavour> flavour;
  if (!vnf->flavour.empty()) flavour = vnfd.flavour(vnf->flavour);
  switch (request.operation) {
    case LcmOperation::instantiate:
      break;
    case LcmOperation::scale_out: {
      auto descriptor = vnfd.vnfcs.find(request.vnfc);
      if (descriptor == vnfd.vnfcs.end())
        return "unknown VNFC " + request.vnfc + " in VNFD " + vnf->vnfd;
      if (flavour) {
        const auto max = flavour->counts(request.vnfc).max;
        const long long after = static_cast<long long>(vnf->count(request.vnfc)) + request.count;
        if (max && after > *max)
          return "scale out above the maximum: VNFC " + request.vnfc + " would have " +
                 std::to_string(after) + " instances, flavour " + vnf->flavour + " allows " +
                 std::to_string(*max);
      }
      long long& last = plan.last_index[request.vnfc];
      for (long long i = 0; i < request.count; ++i) {
        Vnfci vnfci;
        vnfci.vnfc = request.vnfc;
        vnfci.index = ++last;
        vnfci.name = vnfci_name(request.vnf, request.vnfc, vnfci.index);
        vnfci.vnf = request.vnf;
        vnfci.descriptor = &descriptor->second;
        bootstrap(vnfci, descriptor->second);
        plan.added.push_back(std::move(vnfci));
      }
      break;
    }
    case LcmOperation::scale_in: {
      if (!vnfd.vnfcs.count(request.vnfc))
        return "unknown VNFC " + request.vnfc + " in VNFD " + vnf->vnfd;
      const std::size_t have = vnf->count(request.vnfc);
      if (static_cast<std::size_t>(request.count) > have)
        return "scale_in below zero: VNFC " + request.vnfc + " has " + std::to_string(have) +
               " instances, count " + std::to_string(request.count);
      if (flavour) {
        const long long min = flavour->counts(request.vnfc).min;
        const long long after = static_cast<long long>(have) - request.count;
        if (after < min)
          return "scale in below the minimum: VNFC " + request.vnfc + " would have " +
                 std::to_string(after) + " instances, flavour " + vnf->flavour + " needs " +
                 std::to_string(min);
      }
      // The newest instances go first.
      const auto& instances = vnf->vnfcis.at(request.vnfc);
      auto it = instances.rbegin();
      for (long long i = 0; i < request.count; ++i, ++it) plan.removed.push_back(it->second);
      break;
    }
    case LcmOperation::heal: {
      // One named VNFCI (workload command), or several (Or-Vnfm: each replaced, in VNFCI order).
      std::vector<const Vnfci*> healed;
      if (!request.vnfci.empty()) {
        const Vnfci* old = vnf->find(request.vnfci);
        if (old == nullptr) return "unknown VNFCI " + request.vnfci + " in VNF " + request.vnf;
        healed.push_back(old);
      } else {
        for (const auto& name : request.vnfcis)
          if (vnf->find(name) == nullptr) return "unknown VNFCI " + name + " in VNF " + request.vnf;
        for (const Vnfci* v : vnf->ordered())
          if (request.vnfcis.empty() || std::find(request.vnfcis.begin(), request.vnfcis.end(),
                                                  v->name) != request.vnfcis.end())
            healed.push_back(v);
        if (healed.empty()) return "VNF " + request.vnf + " has no VNFCI to heal";
      }
      for (const Vnfci* old : healed) {
        plan.removed.push_back(*old);
        auto descriptor = vnfd.vnfcs.find(old->vnfc);
        if (descriptor == vnfd.vnfcs.end()) return "unknown VNFC " + old->vnfc;
        Vnfci replacement;
        replacement.vnfc = old->vnfc;
        replacement.index = ++plan.last_index[old->vnfc];
        replacement.name = vnfci_name(request.vnf, old->vnfc, replacement.index);
        replacement.vnf = request.vnf;
        replacement.descriptor = &descriptor->second;
        bootstrap(replacement, descriptor->second);
        plan.added.push_back(std::move(replacement));
      }
      break;
    }
    case LcmOperation::terminate:
      for (const Vnfci* vnfci : vnf->ordered()) plan.removed.push_back(*vnfci);
      break;
  }
  return plan;
}

void VnfLcm::apply(const LcmPlan& plan) {
  VnfInstance& vnf = vnfs_[plan.vnf];
  vnf.name = plan.vnf;
  vnf.vnfd = plan.vnfd;
  vnf.flavour = plan.flavour;
  vnf.last_index = plan.last_index;
  for (const auto& removed : plan.removed) {
    auto it = vnf.vnfcis.find(removed.vnfc);
    if (it == vnf.vnfcis.end()) continue;
    it->second.erase(removed.index);
    if (it->second.empty()) vnf.vnfcis.erase(it);
  }
  for (const auto& added : plan.added) vnf.vnfcis[added.vnfc][added.index] = added;
  vnf.state = plan.operation == LcmOperation::terminate ? VnfState::not_instantiated
                                                        : VnfState::instantiated;
}

std::vector<VnfciIdentity> Vnfci::identities() const {
  return descriptor != nullptr ? instantiate_identities(*descriptor, vnf, name)
                               : std::vector<VnfciIdentity>{};
}

std::optional<std::string> VnfLcm::add_vnfd(Vnfd vnfd) {
  auto it = catalogue_.find(vnfd.id);
  if (it == catalogue_.end()) {
    catalogue_.emplace(vnfd.id, std::move(vnfd));
    return std::nullopt;
  }
  if (it->second == vnfd) return std::nullopt;
  // VNFCIs point into the descriptor in use: it is never replaced.
  return "another VNFD " + vnfd.id + " is in use (a VNFD id names one descriptor)";
}

const VnfInstance* VnfLcm::find(const std::string& vnf) const {
  auto it = vnfs_.find(vnf);
  return it == vnfs_.end() ? nullptr : &it->second;
}

messages::VnfciEntry to_entry(const Vnfci& vnfci, std::string_view change) {
  messages::VnfciEntry entry;
  entry.vnfci = vnfci.name;
  entry.vnfc = vnfci.vnfc;
  if (!change.empty()) entry.change = std::string(change);
  entry.identities = vnfci.identities();
  if (vnfci.attestation) {
    messages::SecureBootstrapHint bootstrap;
    if (!vnfci.hsm.empty()) bootstrap.hsm = vnfci.hsm;
    entry.secure_bootstrap = std::move(bootstrap);
  }
  return entry;
}

messages::VnfDescription to_description(const VnfInstance& vnf) {
  messages::VnfDescription out;
  out.vnf = vnf.name;
  out.vnfd = vnf.vnfd;
  out.state = std::string(to_string(vnf.state));
  for (const Vnfci* vnfci : vnf.ordered()) out.vnfcis.push_back(to_entry(*vnfci));
  return out;
}

}  // namespace ifa026::actors::vnfm
