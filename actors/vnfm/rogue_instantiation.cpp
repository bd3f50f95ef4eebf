// The VNFM's rogue instantiation (see rogue_instantiation.hpp). The requests carry ids
// `<vnfm>-rogue-N`, which the lifecycle chain does not hold: the VIM's answers are recorded as
// ignored replies there (VnfciResource ignored), and the VIM's later REMOVED notifications as
// changes of resources the VNFM does not hold, so the chain never heals or tracks the rogue VNF.
#include "actors/vnfm/rogue_instantiation.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include "actors/common/actor_params.hpp"
#include "actors/common/trace_detail.hpp"
#include "actors/messages/codec.hpp"
#include "actors/messages/decisions.hpp"
#include "actors/messages/detail_keys.hpp"
#include "actors/messages/monitoring_vocabulary.hpp"
#include "actors/messages/reference_points.hpp"
#include "actors/messages/vi_vnfm.hpp"

namespace ifa026::actors::vnfm {

namespace dk = detail_keys;

CommandRule RogueInstantiation::command_rule() {
  return {"rogue_instantiate",
          "fault: allocate computes for a VNF at a VIM with no NFVO request and no grant (a "
          "rogue instantiation a monitoring SM must detect)",
          {{"vnf", ParamType::string, "the rogue VNF instance", true},
           {"vim", ParamType::string, "the VIM allocating the computes", true},
           {"count", ParamType::integer, "VNFCIs (computes) allocated (at least 1)", false, "1"},
           {"trust_domain", ParamType::string, "the trust domain the allocations name", false,
            "default"}}};
}

bool RogueInstantiation::on_command(const sim::Command& command) {
  if (command.name != "rogue_instantiate") return false;
  const std::string vnf = string_param(command.args, "vnf");
  const std::string vim = string_param(command.args, "vim");
  const std::string domain = string_param(command.args, "trust_domain", "default");
  const long long count = std::max<long long>(1, int_param(command.args, "count", 1));
  const std::string me = host_.actor_context().name();
  std::string vnfcis;
  for (long long i = 1; i <= count; ++i) {
    messages::AllocateComputeRequest request;
    request.request_id = me + "-rogue-" + std::to_string(next_++);
    request.correlation = me + "-rogue-" + vnf;
    request.vnf = vnf;
    request.vnfc = "rogue";
    request.vnfci = vnf + "-rogue-" + std::to_string(i);
    request.capacity = {1, 512};
    request.user_data = nlohmann::json::object();
    request.trust_domain = domain;
    host_.channels().send(vim, ChannelKind::mutual, reference_points::kViVnfm,
                          messages::to_envelope(request));
    vnfcis += (vnfcis.empty() ? "" : ",") + request.vnfci;
  }
  host_.tracer()({.operation = decisions::kRogueInstantiation,
                  .outcome = outcomes::kSent,
                  .peer = vim,
                  .reference_point = reference_points::kViVnfm,
                  .detail = TraceDetail()
                                .add(dk::kVnf, vnf)
                                .add(dk::kVim, vim)
                                .add(dk::kVnfcis, vnfcis)
                                .add(dk::kDomain, domain)});
  return true;
}

}  // namespace ifa026::actors::vnfm
