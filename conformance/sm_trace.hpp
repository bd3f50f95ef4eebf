// What the trace says about the Security Managers (docs/security-manager.md "Trace records"),
// shared by the SM checks: each SM's bindings at each MANO block over time (SmBinding bound /
// changed, with their grants), the mode an SM held in a domain at a record, the instance each SM
// was given, the trust domain of a VNF and of an event as the MANO records name them, the
// scenario's trust_model (the SMs, what each manages, the objection window) and the mode
// permission table (which SM operation each mode allows).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "conformance/check_registry.hpp"
#include "conformance/trace_query.hpp"
#include "sim/time.hpp"

namespace ifa026::conformance {

// domain -> mode ("passive", "semi_active", "fully_active").
using SmGrants = std::map<std::string, std::string>;

// "td-a:fully_active,td-b:passive" -> {td-a: fully_active, td-b: passive}; a name without ':'
// maps to "".
SmGrants parse_grants(std::string_view text);
std::string format_grants(const SmGrants& grants);

// Whether mode `mode` lets an SM send `sm_operation` (the message name, e.g.
// SmTerminateVnfRequest) of `kind` ("request" / "instruction" / "" when the message has none),
// per the table of docs/security-manager.md "The modes"; nullopt for an operation the table does
// not name. Mode "none" (no grant in the domain) allows nothing.
// TODO(lead): replace by actors/common/sm_authorization's permits() once it is on main.
std::optional<bool> sm_mode_permits(std::string_view mode, std::string_view sm_operation,
                                    std::string_view kind);

// One SmBinding bound / changed record: the grants an SM holds at one MANO block from then on.
struct SmBindingState {
  const sim::TraceRecord* record = nullptr;
  std::string block;  // the MANO block (the record's actor)
  std::string sm;
  std::string instance;
  SmGrants grants;
};

// The trust model of the scenario (scenario.trust_model).
struct SmTrustModel {
  // SM name -> what it manages (domain -> mode), as declared.
  std::map<std::string, SmGrants> manages;
  // SM name -> its security-management domain (member_of; "" when absent).
  std::map<std::string, std::string> member_of;
  // Domain id -> purpose.
  std::map<std::string, std::string> purpose;
  // Sensitive domain -> its designated managers (sensitive_managers).
  std::map<std::string, std::set<std::string>> sensitive;
  // Whether `sm` may see VNFs of `domain` (not when it is sensitive and `sm` not designated).
  bool may_see(const std::string& sm, const std::string& domain) const {
    auto it = sensitive.find(domain);
    return it == sensitive.end() || it->second.contains(sm);
  }
  sim::Duration objection_window = sim::Duration::seconds(0);
  sim::Duration grant_timeout = sim::Duration::seconds(30);
  bool declared = false;  // the scenario has a trust_model
};
SmTrustModel read_trust_model(const sim::Scenario& scenario);

// Everything an SM check reads, built once per evaluation.
class SmView {
 public:
  explicit SmView(const CheckContext& context);

  const CheckContext& context;
  TraceQuery query;
  SmTrustModel trust;

  // Every SmBinding bound / changed, trace order.
  const std::vector<SmBindingState>& bindings() const { return bindings_; }
  // The binding of `sm` at `block` in force just before record `at` (the last bound / changed
  // before it), or nullptr.
  const SmBindingState* binding_at(const std::string& block, const std::string& sm,
                                   std::uint64_t at) const;
  // The mode `sm` held in `domain` at `block` just before record `at` ("none" when not granted
  // or not bound).
  std::string mode_at(const std::string& block, const std::string& sm, const std::string& domain,
                      std::uint64_t at) const;
  // The SM an instance was bound to ("" when no binding gave it).
  std::string owner_of_instance(const std::string& instance) const;
  // SMs named by any binding, sorted.
  std::set<std::string> bound_sms() const;
  // Every mode any binding granted `sm` (or any SM when empty).
  std::set<std::string> modes_granted(const std::string& sm = "") const;
  // The trust domain the MANO records give a VNF (SmEventRouted / SmAuthorization domain=),
  // "" when none does.
  std::string domain_of_vnf(const std::string& vnf) const;
  // The domain of an event (the first SmEventRouted with this event_id), "" when unknown.
  std::string domain_of_event(const std::string& event_id) const;
  // The NFVO's GrantDecision records that decided (granted / rejected; not the `ignored` resent
  // copies), trace order.
  std::vector<const sim::TraceRecord*> grant_decisions() const;
  // Every record with this decision name (kind decision), trace order.
  std::vector<const sim::TraceRecord*> records(const std::string& name,
                                               const std::string& outcome = "") const;
  // The MANO blocks that recorded SmBinding for `sm`.
  std::set<std::string> blocks_of(const std::string& sm) const;
  // The domain a record is about: its domain=, else its event's, else its VNF's ("" if none).
  std::string domain_of(const sim::TraceRecord& record) const;
  // The mode the record's SM (sm=) held in the record's domain at the recording block.
  std::string mode_of(const sim::TraceRecord& record) const;

 private:
  std::vector<SmBindingState> bindings_;
  std::map<std::string, std::string> instance_owner_;
  std::map<std::string, std::string> vnf_domain_;
  std::map<std::string, std::string> event_domain_;
};

// True when a rejection's reason blames the SM's mode ("mode passive", "kind instruction needs
// fully_active", ...): MANO applied the mode table.
bool reason_blames_mode(const sim::TraceRecord& record);

// "a, b, c" ("(none)" when empty), for reasons.
std::string name_list(const std::set<std::string>& names);

// The outcome, or verdict none with `why` when nothing was observed: the scenario does not
// exercise the behaviour, other scenarios decide.
class CheckOutcome;
CheckResult result_or_none(const CheckOutcome& out, const std::string& why);

// The `waited=` of a record as a duration (nullopt when absent or unreadable).
std::optional<sim::Duration> waited_of(const sim::TraceRecord& record);

}  // namespace ifa026::conformance
