// Test fixture for the Security Manager checks on synthetic traces: a scenario with a trust model
// (sm-1 Semi-Active in td-a, sm-2 Fully-Active in td-b, td-li sensitive managed by sm-li) and an
// OSS instantiate_ns of vnf-a (td-a), vnf-b (td-b) and vnf-li (td-li) in ns-1, and a builder of
// the MANO side's SM records (docs/security-manager.md "Trace records") over TraceBuilder. The
// base trace binds and subscribes the SMs; tests add operations, events and requests.
#pragma once

#include <string>

#include "tests/conformance/mano_trace_fixture.hpp"

namespace ifa026::conformance::testing {

inline const std::string kFullItems =
    "source,reason,vnf_instance_id,oss_app_id,vnf_package_id,vnfd_id,package_integrity,"
    "requestor_ref,connectivity,group_ref,hosts";

class SmWorld : public World {
 public:
  SmWorld() : World({{"oss-1", "oss"}, {"nfvo-1", "nfvo"}, {"vnfm-1", "vnfm"}, {"vim-1", "vim"}}) {
    scenario().trust_model = nlohmann::json::parse(R"({
      "domains": [{"id": "td-a", "purpose": "tenant"}, {"id": "td-b", "purpose": "tenant"},
                  {"id": "td-li", "purpose": "tenant", "sensitive": true}],
      "sms": [{"name": "sm-1"}, {"name": "sm-2"}, {"name": "sm-li"}],
      "sensitive_managers": {"td-li": ["sm-li"]}})");
    sim::CommandSpec c;
    c.actor = "oss-1";
    c.command = "instantiate_ns";
    c.args = nlohmann::json::parse(R"({"ns": "ns-1", "oss_app_id": "app-ns", "vnfs": [
      {"vnf": "vnf-a", "oss_app_id": "app-a", "package": "pkg-a", "trust_domain": "td-a"},
      {"vnf": "vnf-a2", "oss_app_id": "app-a2", "package": "pkg-a", "trust_domain": "td-a"},
      {"vnf": "vnf-b", "oss_app_id": "app-b", "package": "pkg-a", "trust_domain": "td-b"},
      {"vnf": "vnf-li", "oss_app_id": "app-li", "package": "pkg-a", "trust_domain": "td-li"}]})");
    scenario().workload.push_back(c);
  }
  // Hides `vnf` from `sm` (the OSS's hidden_from).
  void hide(const std::string& vnf, const std::string& sm) {
    for (auto& v : scenario().workload.front().args["vnfs"])
      if (v["vnf"] == vnf) v["hidden_from"].push_back(sm);
  }
};

class SmTrace : public TraceBuilder {
 public:
  // Binds sm-1 (td-a semi), sm-2 (td-b fully), sm-li (td-li semi) at nfvo-1, all subscribed.
  SmTrace() {
    bind("sm-1", "td-a:semi_active");
    bind("sm-2", "td-b:fully_active");
    bind("sm-li", "td-li:semi_active");
    crypto("nfvo-1", "PackageIntegrityCheck", "", "ok",
           "package=pkg-a; stage=onboarding; algorithm=sha-256; digest=d1; signed=false; "
           "verdict=unsigned-accepted");
  }
  void bind(const std::string& sm, const std::string& grants, const std::string& filter = "") {
    decision("nfvo-1", "SmBinding", "", "bound",
             "sm=" + sm + "; instance=" + sm + "@nfvo-1/Sc-Or; grants=" + grants, sm);
    decision("nfvo-1", "SmSubscription", "", "subscribed",
             "sm=" + sm + "; instance=" + sm + "@nfvo-1/Sc-Or; subscription=s-" + sm +
                 "; filter=" + (filter.empty() ? "include_vnfd=false" : filter),
             sm);
  }
  std::uint64_t lcm(const std::string& vnf, const std::string& operation,
                    const std::string& outcome = "completed", const std::string& source = "OSS") {
    return decision(
        "vnfm-1", "VnfLcmOperation", "", outcome,
        "operation=" + operation + "; vnf=" + vnf + "; source=" + source + "; reason=because",
        "nfvo-1");
  }
  std::uint64_t event(const std::string& sm, const std::string& vnf, const std::string& type,
                      const std::string& extra = "", const std::string& domain = "td-a",
                      const std::string& source = "OSS", const std::string& app = "app-a") {
    std::string items = type == "VNF_INSTANTIATE" ? kFullItems
                        : type == "VNF_MODIFY"
                            ? "source,reason,vnf_instance_id,oss_app_id,change_kind,change_details"
                            : "source,reason,vnf_instance_id,oss_app_id";
    std::string d = "sm=" + sm + "; instance=" + sm + "@nfvo-1/Sc-Or; subscription=s-" + sm +
                    "; event_id=e" + std::to_string(records.size()) + "; event_type=" + type +
                    "; phase=completed; vnf=" + vnf + "; domain=" + domain + "; source=" + source +
                    "; reason=why; oss_app_id=" + app + "; items=" + items;
    if (type == "VNF_INSTANTIATE") d += "; operation=INSTANTIATE; digest=d1";
    if (!extra.empty()) d += "; " + extra;
    return decision("nfvo-1", "SmEventRouted", "", "sent", d, sm);
  }
  // vnf-a instantiated with its event to sm-1.
  void instantiate_a() {
    lcm("vnf-a", "INSTANTIATE", "starting");
    lcm("vnf-a", "INSTANTIATE");
    event("sm-1", "vnf-a", "VNF_INSTANTIATE");
  }
};

}  // namespace ifa026::conformance::testing
