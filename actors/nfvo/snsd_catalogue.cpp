// The NFVO's NS descriptors and sNSDs (see snsd_catalogue.hpp).
#include "actors/nfvo/snsd_catalogue.hpp"

#include <set>

#include "actors/common/snsd_descriptor.hpp"
#include "actors/common/trace_detail.hpp"
#include "actors/messages/decisions.hpp"
#include "actors/messages/detail_keys.hpp"
#include "actors/messages/reference_points.hpp"
#include "actors/messages/sm_vocabulary.hpp"
#include "sim/param_rules.hpp"

namespace ifa026::actors::nfvo {
namespace {

namespace dk = detail_keys;
namespace m = messages;
namespace rp = reference_points;
using nlohmann::json;

}  // namespace

std::vector<ParamRule> SnsdCatalogue::param_rules() {
  return {{"nsds", ParamType::object,
           "the NS descriptors SMs may fetch and extend into sNSDs (R1.2.50): {nsd_id: "
           "{trust_domain, vnf_profiles: [{id, vnfd_id}], virtual_links: [{id, connects: [profile, "
           "profile]}]}}; an NS request naming nsd=<nsd_id> is deployed from its onboarded sNSD"}};
}

void SnsdCatalogue::check_params(const json& params, std::vector<sim::Diagnostic>& out) {
  auto it = params.find("nsds");
  if (it == params.end() || !it->is_object()) return;
  for (const auto& item : it->items()) {
    const std::string id = item.key();
    const json& nsd = item.value();
    const std::string where = "/nsds/" + sim::escape_pointer_token(id);
    auto problem = [&](const std::string& at, const std::string& what) {
      out.push_back({"", 0, 0, where + at, "nsds: " + id + ": " + what});
    };
    if (!nsd.is_object()) {
      problem("", "an NSD must be an object");
      continue;
    }
    if (!nsd.contains("trust_domain") || !nsd["trust_domain"].is_string())
      problem("", "trust_domain (a string) is required");
    std::set<std::string> profiles;
    if (!nsd.contains("vnf_profiles") || !nsd["vnf_profiles"].is_array()) {
      problem("", "vnf_profiles (a list) is required");
    } else {
      for (std::size_t i = 0; i < nsd["vnf_profiles"].size(); ++i) {
        const json& p = nsd["vnf_profiles"][i];
        const std::string at = "/vnf_profiles/" + std::to_string(i);
        if (!p.is_object() || !p.contains("id") || !p["id"].is_string() || !p.contains("vnfd_id") ||
            !p["vnfd_id"].is_string())
          problem(at, "a VNF profile needs id and vnfd_id (strings)");
        else if (!profiles.insert(p["id"].get<std::string>()).second)
          problem(at + "/id", "VNF profile " + p["id"].get<std::string>() + " repeated");
      }
    }
    if (nsd.contains("virtual_links")) {
      if (!nsd["virtual_links"].is_array()) {
        problem("/virtual_links", "virtual_links must be a list");
        continue;
      }
      for (std::size_t i = 0; i < nsd["virtual_links"].size(); ++i) {
        const json& vl = nsd["virtual_links"][i];
        const std::string at = "/virtual_links/" + std::to_string(i);
        if (!vl.is_object() || !vl.contains("connects") || !vl["connects"].is_array() ||
            vl["connects"].size() != 2) {
          problem(at, "a virtual link needs connects: [profile, profile]");
          continue;
        }
        for (std::size_t k = 0; k < 2; ++k)
          if (!vl["connects"][k].is_string() ||
              !profiles.contains(vl["connects"][k].get<std::string>()))
            problem(at + "/connects/" + std::to_string(k), "not a VNF profile of this NSD");
      }
    }
  }
}

SnsdCatalogue::SnsdCatalogue(ManoEntityHost& host, const json& params, SmGateway& gateway)
    : ActorPiece({host.tracer(), host.guard()}), host_(host), gateway_(gateway) {
  if (auto it = params.find("nsds"); it != params.end() && it->is_object())
    for (const auto& [id, nsd] : it->items()) {
      json d = nsd;
      d["nsd_id"] = id;
      nsds_[id] = d;
    }
  for (const auto& fault : string_list_param(params, "sm_faults")) {
    if (fault == "accept_any_snsd") accept_any_ = true;
    if (fault == "ignore_snsd") ignore_ = true;
    if (fault == "activate_before_vsf") activate_before_vsf_ = true;
  }
}

void SnsdCatalogue::serve(MessageHandlers<ChannelMessage>& handlers) {
  handlers.on<m::SmDescriptorQuery>([this](const m::SmDescriptorQuery& q,
                                           const ChannelMessage& from) { on_descriptor(from, q); });
  handlers.on<m::SmSnsdOnboardRequest>([this](const m::SmSnsdOnboardRequest& r,
                                              const ChannelMessage& from) { on_onboard(from, r); });
}

void SnsdCatalogue::on_descriptor(const ChannelMessage& from, const m::SmDescriptorQuery& q) {
  const SmBindingState* b =
      gateway_.binding(from, q.instance, m::SmDescriptorQuery::kOperation, q.request_id);
  if (b == nullptr) return;
  m::SmDescriptorResponse answer;
  answer.instance = q.instance;
  answer.request_id = q.request_id;
  TraceDetail detail;
  detail.add(dk::kSm, b->sm).add(dk::kRequest, q.request_id).add(dk::kNsd, q.nsd_id);
  auto nsd = nsds_.find(q.nsd_id);
  std::string reason;
  // An unknown NSD and one of a domain outside the SM's grants answer alike.
  if (nsd == nsds_.end() || !gateway_.authorize(*b, m::SmDescriptorQuery::kOperation, "",
                                                nsd->second.value("trust_domain", ""), "", reason))
    reason = "unknown NSD " + q.nsd_id;
  if (!reason.empty()) {
    answer.status = sm::kStatusRefused;
    answer.reason = reason;
    trace({.operation = decisions::kSmDescriptorServed,
           .outcome = outcomes::kRefused,
           .peer = b->sm,
           .reference_point = rp::kScOr,
           .detail = detail.add(dk::kReason, reason)});
    return gateway_.reply(from, m::to_envelope(answer));
  }
  answer.status = sm::kStatusOk;
  answer.descriptor = nsd->second;
  answer.digest = descriptor_digest(nsd->second);
  trace({.operation = decisions::kSmDescriptorServed,
         .outcome = outcomes::kAnswered,
         .peer = b->sm,
         .reference_point = rp::kScOr,
         .detail = detail.add(dk::kDomain, nsd->second.value("trust_domain", ""))
                       .add(dk::kDigest, *answer.digest)
                       .add(dk::kDescriptor, nsd->second.dump())});
  gateway_.reply(from, m::to_envelope(answer));
}

void SnsdCatalogue::on_onboard(const ChannelMessage& from, const m::SmSnsdOnboardRequest& r) {
  const SmBindingState* b =
      gateway_.binding(from, r.instance, m::SmSnsdOnboardRequest::kOperation, r.request_id);
  if (b == nullptr) return;
  const std::string sm_name = b->sm;
  m::SmSnsdOnboardResponse answer;
  answer.instance = r.instance;
  answer.request_id = r.request_id;
  TraceDetail detail;
  detail.add(dk::kSm, sm_name)
      .add(dk::kRequest, r.request_id)
      .add(dk::kSnsd, r.snsd_id)
      .add(dk::kBaseNsd, r.base_nsd_id);
  auto nsd = nsds_.find(r.base_nsd_id);
  std::string reason;
  std::string domain;
  if (nsd == nsds_.end()) {
    reason = "unknown NSD " + r.base_nsd_id;
  } else {
    domain = nsd->second.value("trust_domain", "");
    detail.add(dk::kDomain, domain);
    auto mode = b->grants.find(domain);
    if (mode != b->grants.end()) detail.add(dk::kMode, mode->second);
    // The fault: any bound SM's sNSD is taken, whatever its mode or domains.
    if (!accept_any_ &&
        !gateway_.authorize(*b, m::SmSnsdOnboardRequest::kOperation, "", domain, "", reason)) {
      if (reason.empty()) reason = "not authorized";
    } else if (!r.snsd.is_object() || r.snsd.value("nsd_id", "") != r.base_nsd_id) {
      reason = "the sNSD does not extend NSD " + r.base_nsd_id;
    } else if (r.snsd_id.empty()) {
      reason = "no sNSD id";
    }
  }
  if (!reason.empty()) {
    answer.status = sm::kStatusRefused;
    answer.reason = reason;
    trace({.operation = decisions::kSnsdOnboarded,
           .outcome = outcomes::kRefused,
           .peer = sm_name,
           .reference_point = rp::kScOr,
           .detail = detail.add(dk::kReason, reason)});
    return gateway_.reply(from, m::to_envelope(answer));
  }
  snsds_[r.base_nsd_id] = Onboarded{r.snsd_id, sm_name, r.snsd};
  answer.status = sm::kStatusOk;
  trace({.operation = decisions::kSnsdOnboarded,
         .outcome = outcomes::kOk,
         .peer = sm_name,
         .reference_point = rp::kScOr,
         .detail = detail.add(dk::kDigest, descriptor_digest(r.snsd))
                       .add(dk::kBaseDigest, descriptor_digest(nsd->second))
                       .add(dk::kDescriptor, r.snsd.dump())});
  gateway_.audit(sm_name, domain, decisions::kSnsdOnboarded, r.snsd_id + " for " + r.base_nsd_id);
  gateway_.reply(from, m::to_envelope(answer));
}

std::optional<NsLifecycle::SecurityPlan> SnsdCatalogue::plan(
    const m::InstantiateNsRequest& request) {
  if (!request.nsd) return std::nullopt;
  auto it = snsds_.find(*request.nsd);
  // The fault: the plain NSD deployed although an sNSD is onboarded.
  if (it == snsds_.end() || ignore_) return std::nullopt;
  const json& snsd = it->second.snsd;
  // Which VNF instances of the request stand for each VNF profile (by VNFD).
  std::map<std::string, std::string> vnfd_of_profile;
  if (snsd.contains("vnf_profiles") && snsd["vnf_profiles"].is_array())
    for (const auto& p : snsd["vnf_profiles"])
      if (p.is_object()) vnfd_of_profile[p.value("id", "")] = p.value("vnfd_id", "");
  auto instance_of = [&](const std::string& profile) -> const m::NsVnfInstantiation* {
    for (const auto& v : request.vnfs)
      if (v.vnfd_id == vnfd_of_profile[profile]) return &v;
    return nullptr;
  };
  NsLifecycle::SecurityPlan plan;
  plan.descriptor = it->second.snsd_id;
  std::vector<std::string> names, protects;
  for (const auto& link : snsd_vsf_links(snsd)) {
    const m::NsVnfInstantiation* from = instance_of(link.from);
    const m::NsVnfInstantiation* to = instance_of(link.to);
    if (from == nullptr || to == nullptr) continue;
    m::NsVnfInstantiation vsf;
    vsf.vnf = request.ns + "-" + link.vsf + "-" + to->vnf;
    vsf.oss_app_id = request.oss_app_id + "-" + link.vsf;
    vsf.vnfd_id = link.vnfd_id;
    vsf.vnfm = to->vnfm;
    vsf.trust_domain = to->trust_domain;
    // The fault: the VSFs held instead, so the VNFs they protect are activated first.
    plan.held.insert(activate_before_vsf_ ? vsf.vnf : to->vnf);
    names.push_back(vsf.vnf);
    protects.push_back(to->vnf);
    plan.vsfs.push_back(std::move(vsf));
  }
  trace({.operation = decisions::kSnsdDeployment,
         .outcome = outcomes::kStarted,
         .detail = TraceDetail()
                       .add(dk::kNs, request.ns)
                       .add(dk::kSnsd, plan.descriptor)
                       .add(dk::kBaseNsd, *request.nsd)
                       .add(dk::kVsfs, comma_list(names))
                       .add(dk::kProtects, comma_list(protects))});
  return plan;
}

}  // namespace ifa026::actors::nfvo
