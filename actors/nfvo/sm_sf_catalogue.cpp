// The NFVO's security function catalogue for SMs (see sm_sf_catalogue.hpp).
#include "actors/nfvo/sm_sf_catalogue.hpp"

#include <string>

#include "actors/common/trace_detail.hpp"
#include "actors/messages/decisions.hpp"
#include "actors/messages/detail_keys.hpp"
#include "actors/messages/lcm_vocabulary.hpp"
#include "actors/messages/monitoring_vocabulary.hpp"
#include "actors/messages/reference_points.hpp"
#include "actors/messages/sm_vocabulary.hpp"
#include "actors/nfvo/sm_service.hpp"

namespace ifa026::actors::nfvo {

namespace dk = detail_keys;
namespace m = messages;

std::vector<m::SmVsfPackage> vsf_packages(const VnfPackageCatalogue& catalogue) {
  std::vector<m::SmVsfPackage> out;
  for (const auto& [id, p] : catalogue.packages())
    out.push_back({.package = p.package,
                   .vnfd_id = p.vnfd_id,
                   .version = p.version,
                   .available = p.integrity.verdict == lcm::kIntegrityVerified ||
                                p.integrity.verdict == lcm::kIntegrityUnsignedAccepted});
  return out;
}

// A read query like the status and history queries: any mode, for an SM holding at least one
// grant; the catalogue is not about one domain, so no domain filter applies.
void SmService::on_sf_catalogue(const ChannelMessage& from,
                                const m::SmSecurityFunctionCatalogueQuery& q) {
  const SmBindingState* b = gateway_.binding(
      from, q.instance, m::SmSecurityFunctionCatalogueQuery::kOperation, q.request_id);
  if (b == nullptr) return;
  m::SmSecurityFunctionCatalogueResponse answer{.instance = q.instance, .request_id = q.request_id};
  TraceDetail detail;
  detail.add(dk::kSm, b->sm).add(dk::kQuery, "sf_catalogue").add(dk::kRequest, q.request_id);
  if (b->grants.empty()) {
    answer.status = sm::kStatusRefused;
    answer.reason = sm::kReasonNotInDomains;
    detail.add(dk::kReason, *answer.reason);
  } else {
    answer.status = sm::kStatusOk;
    if (package_list_) answer.packages = package_list_();
    std::string listed;
    for (const auto& p : answer.packages) listed += (listed.empty() ? "" : ",") + p.package;
    detail.add(dk::kPackages, listed).add(dk::kAsOf, gateway_.now_text());
  }
  trace({.operation = decisions::kSmQuery,
         .outcome = answer.status == sm::kStatusOk ? outcomes::kAnswered : outcomes::kRejected,
         .peer = b->sm,
         .reference_point = reference_points::kScOr,
         .detail = detail});
  gateway_.reply(from, m::to_envelope(answer));
}

}  // namespace ifa026::actors::nfvo
