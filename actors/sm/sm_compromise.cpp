// A compromised Security Manager (Annex A R1.1.50; docs/trust-model.md "Isolation and
// separation"): the workload command `compromise` makes the SM act for an attacker from then on.
// It records SmCompromised with what it aims at and sends, over its own sessions, every kind of
// state-changing request the SM interface has about another domain's entities: terminations
// (instruction and request), a policy instruction, VSF policy changes, host retirements, the same
// termination on other SMs' instances, and a context and status query for reconnaissance. MANO
// must refuse each; conformance/isolation_checks.* judges the answers and MANO's records.
#include "actors/common/actor_params.hpp"
#include "actors/common/trace_detail.hpp"
#include "actors/messages/decisions.hpp"
#include "actors/messages/detail_keys.hpp"
#include "actors/messages/sm_vocabulary.hpp"
#include "actors/sm/sm_extension.hpp"

namespace ifa026::actors::sm {

namespace dk = detail_keys;
namespace m = messages;

void SmExtension::compromise_command(const sim::Command& command) {
  const auto vnfs = string_list_param(command.args, "vnfs");
  const auto vsfs = string_list_param(command.args, "vsfs");
  const auto hosts = string_list_param(command.args, "hosts");
  const auto instances = string_list_param(command.args, "instances");
  const std::string domain = string_param(command.args, "domain");
  const std::string block = string_param(command.args, "block", settings_.nfvo);
  TraceDetail detail;
  if (!vnfs.empty()) detail.add(dk::kVnfs, comma_list(vnfs));
  if (!domain.empty()) detail.add(dk::kDomain, domain);
  if (!hosts.empty()) detail.add(dk::kHosts, comma_list(hosts));
  if (!instances.empty()) detail.add(dk::kInstances, comma_list(instances));
  host_.tracer()({.operation = decisions::kSmCompromised,
                  .outcome = outcomes::kStarted,
                  .peer = block,
                  .reference_point = reference_point_of(block),
                  .detail = detail});
  // The attacker uses whatever session the SM holds: its own instance, even unbound (empty).
  const std::string own = instance_with(block);
  const m::SmPolicy policy{
      .policy_id = "compromise-policy", .media_type = "text/plain", .content = "permit any any"};
  if (!vnfs.empty()) {
    for (const char* kind : {kKindInstruction, kKindRequest})
      request_termination(block, own, kind, vnfs, "compromised", {});
    instruct_policy(block, own, vnfs, policy, std::nullopt);
    for (const auto& vnf : vnfs) {
      m::SmContextQuery query;
      query.instance = own;
      query.vnf_instance_id = vnf;
      query.request_id = next_request_id();
      sent(query.request_id, operations::kSmContextQuery, block);
      send(block, query);
    }
  }
  if (!domain.empty()) {
    const std::string request_id = next_request_id();
    sent(request_id, operations::kSmNetworkStatusQuery, block);
    send(block,
         m::SmNetworkStatusQuery{.instance = own, .request_id = request_id, .domain = domain});
  }
  for (const auto& vsf : vsfs) {
    m::SmSecurityFunctionRequest request;
    request.instance = own;
    request.action = "modify";
    request.vsf.vsf_instance_id = vsf;
    request.policy = policy;
    request_security_function(block, std::move(request));
  }
  const std::string vim = settings_.vim.empty() ? block : settings_.vim;
  for (const auto& host : hosts) {
    if (state_.bindings.count(vim) == 0) break;
    const std::string request_id = next_request_id();
    sent(request_id, operations::kSmHostRetirementRequest, vim);
    send(vim, m::SmHostRetirementRequest{.instance = instance_with(vim),
                                         .request_id = request_id,
                                         .kind = kKindInstruction,
                                         .host_id = host,
                                         .vnf_disposition = "terminate",
                                         .quarantine_host = false});
  }
  for (const auto& instance : instances)
    request_termination(block, instance, kKindInstruction, vnfs, "compromised", {});
}

}  // namespace ifa026::actors::sm
