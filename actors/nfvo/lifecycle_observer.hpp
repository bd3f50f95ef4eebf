// What the NFVO's NS lifecycle (ns_lifecycle.hpp) tells the NFVO's Security Manager service
// (sm_service.hpp), and how the service holds an operation: one narrow interface, so the lifecycle
// knows nothing of SMs and the service nothing of NS operations.
#pragma once

#include <functional>
#include <set>
#include <string>
#include <vector>

#include "actors/messages/cm_vnfm.hpp"
#include "actors/messages/or_vnfm.hpp"
#include "actors/messages/os_ma_nfvo.hpp"

namespace ifa026::actors::nfvo {

// One VNF of an NS the OSS asked for, as the NFVO accepted it.
struct VnfFacts {
  std::string vnf;
  std::string ns;
  std::string oss;  // the OSS that owns the NS
  std::string oss_app_id;
  std::string vnfd_id;
  std::string vnfm;
  std::string trust_domain;
  std::set<std::string> hidden_from;
  messages::PackageIntegrity package;
  std::optional<pki::Bytes> signature;  // the package's CMS signature, when signed
  std::vector<std::string> ns_members;  // every VNF of its NS (its connectivity, D-conn)
  // Its VNFD's security_policy_required: instantiated only once a Semi-Active SM of its domain
  // gave it a policy (R2.1.30).
  bool security_policy_required = false;
};

class LifecycleObserver {
 public:
  virtual ~LifecycleObserver() = default;
  // The VNF is about to be instantiated (its NS request was accepted).
  virtual void vnf_created(const VnfFacts& facts) = 0;
  // A VNFM asks the grant of an operation: `proceed(false, reason)` refuses it, `proceed(true,
  // "")` lets the NFVO's own grant policy decide. Called once per grant request (resent copies of
  // a held request are not passed on).
  virtual void gate(const messages::GrantLifecycleOperationRequest& request,
                    std::function<void(bool proceed, const std::string& reason)> proceed) = 0;
  // A VNFM reported a VNF operation's state (every notification).
  virtual void vnf_notified(const messages::VnfLcmOperationOccurrenceNotification& n) = 0;

  // ---- NS operations ended (issue 16: the NS_SCALE / NS_TERMINATE events, R1.2.110) ----
  struct NsOperationEnd {
    std::string ns = {};
    std::string operation = {};  // SCALE, TERMINATE (the others are not passed on)
    std::string state = {};      // COMPLETED, FAILED, ROLLED_BACK
    std::string source = {};
    std::string oss_app_id = {};                 // the NS's
    std::vector<std::string> vnfs = {};          // the VNFs the operation touched
    std::vector<std::string> added = {};         // VNFC instances it added
    std::vector<std::string> removed = {};       // and removed
    std::vector<std::string> added_vnfs = {};    // whole VNFs a scale added (R1.2.120)
    std::vector<std::string> removed_vnfs = {};  // and removed
  };
  virtual void ns_operation_ended(const NsOperationEnd& /*end*/) {}
};

}  // namespace ifa026::actors::nfvo
