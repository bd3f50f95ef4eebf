// The trust model's rules for SM peering (Sm-Sm, R1.1.110) and security associations between VNFs
// (R1.1.90 across domains, R1.1.100 inside one), docs/trust-model.md "SM peers and security
// associations": one place both the deciding actors (the provider SM, the NFVO) and the
// conformance checks ask, so that a check recomputes exactly what the actor had to decide.
#pragma once

#include <optional>
#include <string>

#include "actors/common/trust_model.hpp"

namespace ifa026::actors::trust {

// The service a cross-domain security association needs on the trust edge.
inline constexpr const char* kCrossDomainSa = "cross_domain_sa";

struct PeerDecision {
  bool granted = false;
  std::string reason = {};  // why not ("" when granted)
};

// May `provider` serve `service` about trust domain `domain` to `requester`? Granted when an
// sm_peer edge requester -> provider lists the service (or "*"), and `domain` is managed by the
// provider or the requester; when only one of them manages it (a cross-domain service), a trust
// edge from a domain the requester manages to a domain the provider manages, one of them being
// `domain`, must allow the service.
PeerDecision decide_peer_service(const TrustModel& model, const std::string& requester,
                                 const std::string& provider, const std::string& service,
                                 const std::string& domain);

// One endpoint of an association as the deciding block sees it: its domain, and whether the
// asking SM may see it (known, in the SM's domains, not hidden from it).
struct SaEndpoint {
  std::string vnf = {};
  std::optional<std::string> domain = {};  // none: no such VNF
  bool own = false;                        // the SM manages its domain and may see it
};

struct SaDecision {
  bool granted = false;
  bool cross_domain = false;
  std::string relationship = {};  // the trust edge's id the association relies on ("" intra-domain)
  std::string reason = {};        // "not in SM's domains", "no trust relationship", ...
};

// May the SM have a security association between `a` and `b`? Both its own and in one domain:
// yes (R1.1.100). Both its own in two domains: a trust edge between them allowing
// cross_domain_sa (and, when named, that relationship). One its own (domain D): a relationship
// must be named, a trust edge D -> X with that id must allow cross_domain_sa (else "no trust
// relationship", decided before the other endpoint is looked at), and the other endpoint must be
// a VNF of X (else "not in SM's domains", the answer for an unknown VNF too, R2.1.90). Neither
// its own: "not in SM's domains".
SaDecision decide_association(const TrustModel& model, const SaEndpoint& a, const SaEndpoint& b,
                              const std::optional<std::string>& relationship);

}  // namespace ifa026::actors::trust
