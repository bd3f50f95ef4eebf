// The VNFM's VNF lifecycle state (docs/direct-mode.md): VNF instances built from VNFD-like
// descriptors, their VNFC instances and identities, and the LCM operations (instantiate, scale
// out/in, heal, terminate) as plans decided against the current state and applied once the VNFCI
// actors were spawned or retired. No simulation here: the vnfm actor drives it.
//
// Ordering is defined everywhere (VNFs by name, VNFCIs by VNFC id then index), so the same
// commands give the same VNFCI names and notifications in every run.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "actors/messages/cm_vnfm.hpp"
#include "actors/vnfm/vnfd.hpp"

namespace ifa026::actors::vnfm {

enum class LcmOperation { instantiate, scale_out, scale_in, heal, terminate };
// "INSTANTIATE", "SCALE_OUT", "SCALE_IN", "HEAL", "TERMINATE".
std::string_view to_string(LcmOperation operation);
// The workload command naming an operation ("instantiate", "scale_out", ...), or nullopt.
std::optional<LcmOperation> lcm_operation_from_command(std::string_view command);

enum class VnfState { not_instantiated, instantiated };
std::string_view to_string(VnfState state);  // "NOT_INSTANTIATED", "INSTANTIATED"

struct Vnfci {
  std::string name;  // "<vnf>-<vnfc>-<index>", also its actor name
  std::string vnf;
  std::string vnfc;
  long long index = 0;
  // Its VNFC's descriptor, in the VnfLcm's catalogue (which never changes): the identities are
  // derived from it when asked, not stored per instance.
  const VnfcDescriptor* descriptor = nullptr;
  std::vector<VnfciIdentity> identities() const;
  // Secure bootstrapping (its VNFC's secure_bootstrap): attested in an HMEE, with this HSM.
  bool attestation = false;
  std::string hsm;
  bool tampered = false;  // spawned with a tampered measurement (negative scenarios)
};

struct VnfInstance {
  std::string name;
  std::string vnfd;
  // The deployment flavour of a VNF instantiated over Or-Vnfm ("": a workload-command VNF, which
  // has no instance-count limits).
  std::string flavour;
  VnfState state = VnfState::not_instantiated;
  std::map<std::string, long long> last_index;  // per VNFC: the highest index ever given
  std::map<std::string, std::map<long long, Vnfci>> vnfcis;  // by VNFC id, then index

  std::size_t count(const std::string& vnfc) const;
  std::size_t size() const;
  // Every VNFCI, by VNFC id then index.
  std::vector<const Vnfci*> ordered() const;
  const Vnfci* find(const std::string& vnfci) const;
};

// A workload command's arguments, checked for shape (not yet against the state).
struct LcmRequest {
  LcmOperation operation = LcmOperation::instantiate;
  std::string vnf;
  std::string vnfd;                                       // instantiate
  std::optional<std::map<std::string, long long>> vnfcs;  // instantiate: counts by VNFC
  std::string vnfc;                                       // scale_out, scale_in
  long long count = 1;                                    // scale_out, scale_in
  std::string vnfci;                                      // heal
  // Or-Vnfm requests only (empty for workload commands): the deployment flavour (instantiate:
  // counts from its `initial`, every count checked against min and max; scale: the VNF's flavour
  // limits apply) and the VNFCIs a heal replaces (several; `vnfci` names one).
  std::string flavour;
  std::vector<std::string> vnfcis;
  // instantiate, scale_out, heal: names of added VNFCIs to spawn tampered (`tampered_vnfcis`).
  std::vector<std::string> tampered;
};

// The request of an `operation` command with `args`, or the reason the arguments are malformed.
std::variant<LcmRequest, std::string> parse_lcm_request(LcmOperation operation,
                                                        const nlohmann::json& args);

// What an operation does: the VNFCIs it removes (retired first) and adds (spawned after), each
// in order, and the index counters after it.
struct LcmPlan {
  LcmOperation operation = LcmOperation::instantiate;
  std::string vnf;
  std::string vnfd;
  std::string flavour;
  std::vector<Vnfci> removed;
  std::vector<Vnfci> added;
  std::map<std::string, long long> last_index;
};

class VnfLcm {
 public:
  explicit VnfLcm(VnfdCatalogue catalogue) : catalogue_(std::move(catalogue)) {}
  // Not copyable: every Vnfci points into this object's catalogue (moving keeps the nodes).
  VnfLcm(const VnfLcm&) = delete;
  VnfLcm& operator=(const VnfLcm&) = delete;
  VnfLcm(VnfLcm&&) = default;
  VnfLcm& operator=(VnfLcm&&) = default;

  // The plan of `request` against the current state, or why it is refused (nothing changes).
  std::variant<LcmPlan, std::string> plan(const LcmRequest& request) const;
  // Makes `plan` the state: its removed VNFCIs go, its added ones come (the caller leaves out of
  // `added` any it could not create), index counters advance as planned.
  void apply(const LcmPlan& plan);
  // Adds a VNFD that came with an InstantiateVnfRequest (docs/lifecycle.md D4); nullopt when added
  // or already there unchanged, else why not (another VNFD with the same id is in use).
  std::optional<std::string> add_vnfd(Vnfd vnfd);

  const VnfInstance* find(const std::string& vnf) const;
  const std::map<std::string, VnfInstance>& vnfs() const { return vnfs_; }
  const VnfdCatalogue& catalogue() const { return catalogue_; }

 private:
  std::variant<LcmPlan, std::string> plan_untampered(const LcmRequest& request) const;

  VnfdCatalogue catalogue_;
  std::map<std::string, VnfInstance> vnfs_;
};

// A VNFCI as the query answer lists it (its identities; secure_bootstrap {attestation, hsm} for an
// attested VNFCI), with `change` ("ADDED", "REMOVED") as in affected_vnfcs when given.
messages::VnfciEntry to_entry(const Vnfci& vnfci, std::string_view change = {});
// A VNF instance as the query answer describes it (vnf, vnfd, state, vnfcis).
messages::VnfDescription to_description(const VnfInstance& vnf);

}  // namespace ifa026::actors::vnfm
