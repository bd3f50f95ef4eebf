// What the Security Manager records (docs/security-manager.md "Trace records") and the scenario
// say about SMs and VNFs, for the SM event and request checks: each VNF's trust domain, NS, OSS
// application id, package and the SMs it is hidden from (the OSS's instantiate_ns commands of the
// workload), the sensitive domains and their managers (trust_model), an SM's grants at a point of
// the trace (its SmBinding records), its subscription filter, and a VNF's LCM state (the VNFM's
// VnfLcmOperation records of the lifecycle chain, those with a `source`).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "conformance/check_registry.hpp"
#include "conformance/trace_query.hpp"

namespace ifa026::conformance {

// One VNF as the scenario's OSS requested it.
struct SmVnfFacts {
  std::string ns;
  std::string domain;  // "default" when the request names none
  std::string oss_app_id;
  std::string package;
  std::set<std::string> hidden_from;
};

class SmTraceView {
 public:
  explicit SmTraceView(const CheckContext& context);

  const CheckContext& context;
  TraceQuery query;

  // Decision records with this operation (and outcome, when given), in trace order.
  std::vector<const sim::TraceRecord*> records(const std::string& operation,
                                               const std::string& outcome = "") const;

  // Every SM the scenario or the trace names (trust_model.sms, SmBinding / SmBind actors).
  const std::set<std::string>& sms() const { return sms_; }
  // The VNFs the scenario's OSS asks for, by name.
  const std::map<std::string, SmVnfFacts>& vnfs() const { return vnfs_; }
  // The VNFs of one NS, by the scenario.
  std::set<std::string> ns_members(const std::string& ns) const;
  // The NS of a VNF ("" when unknown).
  std::string ns_of(const std::string& vnf) const;
  // A VNF's trust domain: the scenario's, else the domain an SmEventRouted about it names, else "".
  std::string domain_of(const std::string& vnf) const;
  // The OSS's application id of a VNF by the scenario ("" when unknown).
  std::string oss_app_id_of(const std::string& vnf) const;
  // Every OSS application id the scenario gives (VNFs' and NSs').
  std::set<std::string> oss_app_ids() const;
  // Whether the VNF is hidden from the SM (scenario hidden_from, or an SmEventSuppressed
  // reason=hidden_from for the pair).
  bool hidden(const std::string& vnf, const std::string& sm) const;
  // Whether the domain is flagged sensitive in the trust model, and its sensitive_managers.
  bool sensitive(const std::string& domain) const;
  const std::set<std::string>& sensitive_managers(const std::string& domain) const;
  // Whether MANO may show the VNF to the SM at all (not hidden; a sensitive domain's VNF only to
  // its managers).
  bool visible(const std::string& vnf, const std::string& sm) const;

  // The SM's grants (domain -> mode) just before record `before` (0: the end of the trace): the
  // union over MANO blocks of the latest SmBinding bound / changed / refused of that SM there.
  std::map<std::string, std::string> grants(const std::string& sm, std::uint64_t before = 0) const;
  // The mode the SM holds in `domain` just before `before` ("" when none).
  std::string mode_in(const std::string& sm, const std::string& domain,
                      std::uint64_t before = 0) const;
  // The filter text of the SM's latest SmSubscription subscribed before `before` at `block` (any
  // block when empty); nullopt when it has none.
  std::optional<std::string> subscription_filter(const std::string& sm, std::uint64_t before,
                                                 const std::string& block = "") const;

  // Whether the VNF is INSTANTIATED just before record `before` (0: the end): its latest
  // completed INSTANTIATE / TERMINATE chain operation before it is an INSTANTIATE.
  bool instantiated(const std::string& vnf, std::uint64_t before = 0) const;
  // Whether the VNF existed at some point of [from, to] (simulated times): instantiated before or
  // at `to` and not terminated before `from`.
  bool existed_between(const std::string& vnf, sim::Time from, sim::Time to) const;
  // Every VNF a chain VnfLcmOperation or the scenario names.
  std::set<std::string> known_vnfs() const;
  // Chain VnfLcmOperation records (with a `source`) of this VNF and operation ("" any), of this
  // outcome ("" any).
  std::vector<const sim::TraceRecord*> lcm_operations(const std::string& vnf,
                                                      const std::string& operation,
                                                      const std::string& outcome = "") const;

 private:
  std::set<std::string> sms_;
  std::map<std::string, SmVnfFacts> vnfs_;
  std::map<std::string, std::string> ns_oss_app_ids_;
  std::map<std::string, std::set<std::string>> sensitive_;           // sensitive domain -> managers
  std::map<std::string, std::string> routed_domains_;                // vnf -> domain of its events
  std::set<std::pair<std::string, std::string>> suppressed_hidden_;  // (vnf, sm)
};

// "td-a:fully_active,td-b:passive" -> {td-a: fully_active, td-b: passive}.
std::map<std::string, std::string> parse_grants(const std::string& text);
// key=value items of an options text ("replace_allowed=false,quarantine_copy=true").
std::map<std::string, std::string> parse_options(const std::string& text);
// Whether `text` holds `name` as a whole token (not as part of a longer name: "sm-1" is not in
// "sm-10").
bool contains_name(const std::string& text, const std::string& name);
// Whether a subscription filter text asks for the VNFD (include_vnfd true in any spelling:
// "include_vnfd=true", "include_vnfd: true", "\"include_vnfd\":true").
bool filter_includes_vnfd(const std::string& filter);
// Whether a subscription filter text restricts event types and leaves `event_type` out.
bool filter_excludes_event(const std::string& filter, const std::string& event_type);

}  // namespace ifa026::conformance
