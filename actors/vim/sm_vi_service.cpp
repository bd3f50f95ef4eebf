// The VIM's Security Manager service on Sc-Vi (see sm_vi_service.hpp).
//
// Decisions (docs/security-manager.md, "The VIM's service on Sc-Vi"):
// - A host retirement is authorised against the host's trust domain (`hosts.<id>.trust_domain`,
//   "default" when absent): a request needs Semi- or Fully-Active there, an instruction
//   Fully-Active. A host the VIM does not know and a host of a domain the SM holds nothing in get
//   the same answer (refused, "unknown host"; record outcome unknown), so the SM learns nothing of
//   other domains.
// - The VIM keeps no work queue: every retirement runs when it arrives, an instruction as a
//   request (D8 holds trivially).
// - The answer lists one outcome per VNF the SM may see (migrated, terminated, failed: a compute
//   with nowhere to go, or left on the host); VNFs hidden from it are acted on but not named.
#include "actors/vim/sm_vi_service.hpp"

#include <map>
#include <utility>

#include "actors/common/trace_detail.hpp"
#include "actors/messages/codec.hpp"
#include "actors/messages/decisions.hpp"
#include "actors/messages/detail_keys.hpp"
#include "actors/messages/lcm_vocabulary.hpp"
#include "actors/messages/reference_points.hpp"
#include "actors/messages/sm_vocabulary.hpp"

namespace ifa026::actors::vim {
namespace {

namespace dk = detail_keys;
namespace m = messages;
namespace rp = reference_points;

constexpr const char* kDispositionMigrate = "migrate";
constexpr const char* kDispositionTerminate = "terminate";
constexpr const char* kUnknownHost = "unknown host";

}  // namespace

SmViFaults sm_vi_faults(const nlohmann::json& params) {
  SmViFaults faults;
  for (const auto& fault : string_list_param(params, "sm_faults")) {
    if (fault == "skip_location_event") faults.skip_location_event = true;
    if (fault == "ignore_quarantine") faults.ignore_quarantine = true;
    if (fault == "leave_on_host") faults.leave_on_host = true;
  }
  return faults;
}

std::vector<ParamRule> SmViService::param_rules() {
  std::vector<ParamRule> rules = {sm_faults_param_rule(), allocation_events_param_rule()};
  for (auto& rule : audit_key_param_rules()) rules.push_back(std::move(rule));  // issue 16
  return rules;
}

SmViService::SmViService(ManoEntityHost& host, const nlohmann::json& params,
                         ResourceProducer& producer)
    : ActorPiece({host.tracer(), host.guard()}),
      host_(host),
      producer_(producer),
      gateway_(host, rp::kScVi, sm_gateway_faults(params)),
      faults_(sm_vi_faults(params)) {
  for (const auto& fault : string_list_param(params, "sm_faults"))  // issue 16 (R1.3.220)
    if (fault == "silent_firmware_update") silent_firmware_update_ = true;
  producer_.set_migration_listener(
      [this](const VirtualResource& resource, const std::string& from, const std::string& source,
             const std::string& reason) { migrated(resource, from, source, reason); });
  allocation_events_ = bool_param(params, "allocation_events", false);
  if (allocation_events_)
    producer_.set_allocation_listener(
        [this](const VirtualResource& resource, const std::string& grant) {
          allocated(resource, grant);
        });
}

void SmViService::serve(MessageHandlers<ChannelMessage>& handlers) {
  gateway_.serve(handlers);
  handlers.on<m::SmHostRetirementRequest>(
      [this](const m::SmHostRetirementRequest& r, const ChannelMessage& from) {
        on_host_retirement(from, r);
      });
  handlers.on<m::SmTerminateVnfRequest>(
      [this](const m::SmTerminateVnfRequest& r, const ChannelMessage& from) {
        on_terminate(from, r);
      });
}

void SmViService::migrated(const VirtualResource& resource, const std::string& from,
                           const std::string& source, const std::string& reason) {
  if (faults_.skip_location_event) return;
  const Host* to = producer_.hosts().find(resource.host);
  const std::string location = to == nullptr ? std::string() : to->location;
  m::SmLcmEvent e;
  e.event_id = gateway_.next_event_id();
  e.event_type = sm::kEventVnfModify;
  e.phase = sm::kPhaseCompleted;
  e.trust_domain = resource.trust_domain;
  e.source = source;
  e.oss_app_id = resource.oss_app_id;
  e.vnf_instance_id = resource.vnf;
  e.change_kind = sm::kChangeLocation;
  e.reason = "live migration of " + resource.vnfci + ": " + reason;
  e.change_details = nlohmann::json{{"vnfci", resource.vnfci},
                                    {"resource", resource.id},
                                    {"from_host", from},
                                    {"to_host", resource.host},
                                    {"location", location}};
  e.hosts = std::vector<m::SmHostRef>{{resource.host, location}};
  gateway_.publish(std::move(e),
                   SmVnfView{resource.vnf, resource.trust_domain, resource.hidden_from});
}

void SmViService::on_host_retirement(const ChannelMessage& from,
                                     const m::SmHostRetirementRequest& r) {
  const SmBindingState* b =
      gateway_.binding(from, r.instance, m::SmHostRetirementRequest::kOperation, r.request_id);
  if (b == nullptr) return;
  m::SmHostRetirementResponse answer;
  answer.instance = r.instance;
  answer.request_id = r.request_id;
  const bool quarantine = r.quarantine_host;
  TraceDetail detail;
  detail.add(dk::kSm, b->sm)
      .add(dk::kRequest, r.request_id)
      .add(dk::kKind, r.kind)
      .add(dk::kHost, r.host_id)
      .add(dk::kDisposition, r.vnf_disposition)
      .add(dk::kQuarantine, quarantine ? detail_values::kTrue : detail_values::kFalse);
  const Host* host = producer_.hosts().find(r.host_id);
  std::string refusal;
  bool unknown = false;
  if (r.vnf_disposition != kDispositionMigrate && r.vnf_disposition != kDispositionTerminate) {
    refusal = "vnf_disposition must be migrate or terminate";
  } else if (host == nullptr) {
    refusal = kUnknownHost;
    unknown = true;
  } else if (!gateway_.authorize(*b, m::SmHostRetirementRequest::kOperation, r.kind,
                                 host->trust_domain, "", refusal)) {
    // One answer for "no such host" and "not yours" (R2.1.90).
    if (refusal == sm::kReasonNotInDomains && !gateway_.faults().reveal_foreign) {
      refusal = kUnknownHost;
      unknown = true;
    }
  } else if (host->state != lcm::kHostInService) {
    refusal = "host " + r.host_id + " is " + host->state + " already";
  }
  if (!refusal.empty()) {
    trace({.operation = decisions::kSmHostRetirement,
           .outcome = unknown ? outcomes::kUnknown : outcomes::kRefused,
           .peer = b->sm,
           .reference_point = rp::kScVi,
           .detail = detail.add(dk::kReason, refusal)});
    answer.status = sm::kStatusRefused;
    answer.reason = refusal;
    return gateway_.reply(from, m::to_envelope(answer));
  }
  const std::string domain = host->trust_domain;
  trace({.operation = decisions::kSmHostRetirement,
         .outcome = outcomes::kAccepted,
         .peer = b->sm,
         .reference_point = rp::kScVi,
         .detail = detail});
  gateway_.audit(
      b->sm, domain, decisions::kSmHostRetirement,
      r.kind + " " + r.host_id + " " + r.vnf_disposition + (quarantine ? " quarantine" : ""));
  HostRetirement retirement;
  retirement.host = r.host_id;
  retirement.quarantine = quarantine && !faults_.ignore_quarantine;
  retirement.migrate = r.vnf_disposition == kDispositionMigrate;
  retirement.by_security_manager = true;
  retirement.leave_one = faults_.leave_on_host;
  std::vector<HostResourceOutcome> resources;
  std::string failure;
  producer_.retire(retirement, resources, failure);
  // Per VNF: failed when one of its computes was removed though asked to migrate, or stayed.
  std::map<std::string, std::string> per_vnf;
  std::map<std::string, SmVnfView> views;
  for (const auto& item : resources) {
    const std::string outcome = item.left            ? sm::kItemFailed
                                : item.migrated      ? sm::kItemMigrated
                                : retirement.migrate ? sm::kItemFailed
                                                     : sm::kItemTerminated;
    auto [it, fresh] = per_vnf.emplace(item.vnf, outcome);
    if (!fresh && outcome == sm::kItemFailed) it->second = outcome;
    views[item.vnf] = SmVnfView{item.vnf, item.trust_domain, item.hidden_from};
  }
  std::string listed;
  for (const auto& [vnf, outcome] : per_vnf) {
    listed += (listed.empty() ? "" : ",") + vnf + ":" + outcome;
    // Only the VNFs the SM may see are named in its answer.
    if (!gateway_.visible(b->sm, views.at(vnf))) continue;
    m::SmItemResult result;
    result.vnf_instance_id = vnf;
    result.outcome = outcome;
    if (outcome == sm::kItemFailed)
      result.reason = retirement.migrate ? "no in-service host with capacity in its zone"
                                         : "a compute stayed on the host";
    answer.results.push_back(std::move(result));
  }
  const Host* after = producer_.hosts().find(r.host_id);
  answer.status = sm::kStatusAccepted;
  answer.host_state = after->state;
  trace({.operation = decisions::kSmHostRetirement,
         .outcome = outcomes::kCompleted,
         .peer = b->sm,
         .reference_point = rp::kScVi,
         .detail = TraceDetail()
                       .add(dk::kSm, b->sm)
                       .add(dk::kRequest, r.request_id)
                       .add(dk::kHost, r.host_id)
                       .add(dk::kState, after->state)
                       .add(dk::kOutcomes, listed)});
  gateway_.reply(from, m::to_envelope(answer));
}

}  // namespace ifa026::actors::vim
