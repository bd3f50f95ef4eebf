// SM peering and security association rules on the trust model (see sm_peering.hpp).
#include "actors/common/sm_peering.hpp"

#include <map>

#include "actors/messages/sm_vocabulary.hpp"

namespace ifa026::actors::trust {

PeerDecision decide_peer_service(const TrustModel& model, const std::string& requester,
                                 const std::string& provider, const std::string& service,
                                 const std::string& domain) {
  if (!model.peers(requester, provider, service))
    return {false, "no peer relation for service " + service};
  const auto requester_domains = model.grants(requester);
  const auto provider_domains = model.grants(provider);
  const bool by_requester = requester_domains.count(domain) != 0;
  const bool by_provider = provider_domains.count(domain) != 0;
  if (!by_requester && !by_provider) return {false, "domain " + domain + " managed by neither SM"};
  if (by_requester && by_provider) return {true, ""};
  // Cross-domain: a trust edge from the requester's side to the provider's, through `domain`.
  if (by_provider) {
    for (const auto& [from, mode] : requester_domains)
      if (model.trusted(from, domain, service)) return {true, ""};
  } else {
    for (const auto& [to, mode] : provider_domains)
      if (model.trusted(domain, to, service)) return {true, ""};
  }
  return {false, "no trust relationship for service " + service};
}

SaDecision decide_association(const TrustModel& model, const SaEndpoint& a, const SaEndpoint& b,
                              const std::optional<std::string>& relationship) {
  SaDecision d;
  if (!a.own && !b.own) return d.reason = sm::kReasonNotInDomains, d;
  if (a.own && b.own) {
    if (*a.domain == *b.domain) return d.granted = true, d;
    d.cross_domain = true;
    const std::string id = model.relationship(*a.domain, *b.domain);
    if (!model.trusted(*a.domain, *b.domain, kCrossDomainSa) ||
        (relationship && *relationship != id))
      return d.reason = "no trust relationship", d;
    d.relationship = id;
    return d.granted = true, d;
  }
  const SaEndpoint& own = a.own ? a : b;
  const SaEndpoint& other = a.own ? b : a;
  d.cross_domain = true;
  if (!relationship) return d.reason = sm::kReasonNotInDomains, d;
  // The trust edge the named relationship is, from the SM's endpoint's domain.
  std::string target;
  if (auto from = model.domain(*own.domain))
    for (const auto& e : model.out_edges(*from, EdgeKind::trust)) {
      const auto& props = model.graph()[e];
      if (props.relationship == *relationship &&
          (props.services.count(kCrossDomainSa) != 0 || props.services.count("*") != 0))
        target = model.graph()[boost::target(e, model.graph())].name;
    }
  if (target.empty()) return d.reason = "no trust relationship", d;
  if (!other.domain || *other.domain != target) return d.reason = sm::kReasonNotInDomains, d;
  d.relationship = *relationship;
  return d.granted = true, d;
}

}  // namespace ifa026::actors::trust
