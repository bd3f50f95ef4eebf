// Checks of SM peering and security associations (see sm_peer_checks.hpp).
#include "conformance/sm_peer_checks.hpp"

#include <map>
#include <set>
#include <string>
#include <vector>

#include "actors/common/sm_peering.hpp"
#include "actors/common/trust_model.hpp"
#include "actors/messages/reference_points.hpp"
#include "actors/messages/sm_vocabulary.hpp"
#include "conformance/check_outcome.hpp"
#include "conformance/trace_query.hpp"
#include "conformance/vocabulary.hpp"

namespace ifa026::conformance {
namespace {

using Rec = sim::TraceRecord;
namespace trust = actors::trust;
namespace rp = actors::reference_points;

std::vector<std::string> split(const std::string& text) {
  std::vector<std::string> out;
  std::string item;
  for (char c : text) {
    if (c == ',') {
      out.push_back(item);
      item.clear();
    } else {
      item += c;
    }
  }
  if (!item.empty()) out.push_back(item);
  return out;
}

// MANO's SecurityAssociation records (those that name the SM) with the ends' records.
struct Association {
  const Rec* record = nullptr;  // MANO's accepted / established / failed / refused
  std::string sm;
  std::vector<std::string> endpoints;
  std::vector<std::string> domains;
};

std::vector<Association> mano_associations(const TraceQuery& q, const std::string& outcome) {
  std::vector<Association> out;
  for (const auto* r :
       q.all(RecordFilter{}.op(decisions::kSecurityAssociation).with_outcome(outcome))) {
    if (detail_of(*r, keys::kSm).empty()) continue;  // a VNFCI end's record
    out.push_back({r, detail_of(*r, keys::kSm), split(detail_of(*r, keys::kEndpoints)),
                   split(detail_of(*r, keys::kDomains))});
  }
  return out;
}

// Both ends' VNFCI records `established` for the association: one per endpoint VNF, each naming
// the certificate subject its TLS handshake authenticated. Empty when one is missing.
std::vector<std::uint64_t> ends_established(const TraceQuery& q, const Association& a) {
  std::vector<std::uint64_t> ids;
  std::set<std::string> vnfs;
  for (const auto* r : q.all(RecordFilter{}
                                 .op(decisions::kSecurityAssociation)
                                 .with_outcome(outcomes::kEstablished)
                                 .with(keys::kSaId, detail_of(*a.record, keys::kSaId)))) {
    if (!detail_of(*r, keys::kSm).empty() || detail_of(*r, keys::kPeerSubject).empty()) continue;
    vnfs.insert(detail_of(*r, keys::kVnf));
    ids.push_back(r->id);
  }
  for (const auto& e : a.endpoints)
    if (!vnfs.contains(e)) return {};
  return ids;
}

// Shared by R1.1.90 (cross-domain) and R1.1.100 (one domain).
CheckResult check_associations(const CheckContext& context, bool cross) {
  const TraceQuery q(context.trace);
  const trust::TrustModel model = trust::TrustModel::from_section(context.scenario.trust_model);
  CheckOutcome out;
  bool judged = false;
  const std::string refusal = cross ? "no trust relationship" : actors::sm::kReasonNotInDomains;
  for (const char* outcome : {outcomes::kAccepted, outcomes::kEstablished}) {
    for (const auto& a : mano_associations(q, outcome)) {
      if (a.domains.size() != 2 || a.endpoints.size() != 2) continue;
      if ((a.domains[0] != a.domains[1]) != cross) continue;
      judged = true;
      const std::string what = describe(*a.record) + " (" + a.endpoints[0] + " in " + a.domains[0] +
                               ", " + a.endpoints[1] + " in " + a.domains[1] + ")";
      const bool manages_first = model.mode(a.sm, a.domains[0]).has_value();
      const bool manages_second = model.mode(a.sm, a.domains[1]).has_value();
      if (cross) {
        const std::string relationship = detail_of(*a.record, keys::kRelationship);
        const bool edge = model.trusted(a.domains[0], a.domains[1], trust::kCrossDomainSa);
        if (!edge)
          out.fail(what + ": no trust edge allows cross_domain_sa between the domains",
                   {a.record->id});
        else if (!relationship.empty() &&
                 model.relationship(a.domains[0], a.domains[1]) != relationship)
          out.fail(what + ": relationship " + relationship + " is not the trust edge's",
                   {a.record->id});
        else if (!manages_first && !manages_second)
          out.fail(what + ": " + a.sm + " manages neither domain", {a.record->id});
      } else if (!manages_first) {
        out.fail(what + ": " + a.sm + " does not manage " + a.domains[0], {a.record->id});
      }
      if (outcome != std::string(outcomes::kEstablished)) continue;
      const auto ends = ends_established(q, a);
      if (ends.empty()) {
        out.fail(what + ": MANO reports it established without both VNFCIs' mutual TLS record",
                 {a.record->id});
        continue;
      }
      std::vector<std::uint64_t> evidence = ends;
      evidence.push_back(a.record->id);
      out.pass(std::string(cross ? "a cross-domain" : "an intra-domain") +
                   " association established by both VNFCIs' mutual TLS",
               evidence);
      out.observe("established");
    }
  }
  for (const auto* r : q.all(RecordFilter{}
                                 .op(decisions::kSecurityAssociation)
                                 .with_outcome(outcomes::kRefused)
                                 .with(keys::kReason, refusal))) {
    if (detail_of(*r, keys::kSm).empty()) continue;
    judged = true;
    out.pass("an association refused: " + refusal, {r->id});
    out.observe("refused");
  }
  if (!judged) return no_verdict("no security association of this kind in this scenario");
  return out.result("");
}

}  // namespace

// ID            R1.1.110
// Objective     A provider SM serves a security service only to an SM joined to it by an sm_peer
//               edge listing the service, and for a domain only one of them manages only along a
//               trust edge allowing it (trust::decide_peer_service); a request meeting these is
//               served. Read from the provider's SmPeerAuthorization records on Sm-Sm.
// Reference     ETSI GS NFV-IFA 026 V4.5.1 Annex A R1.1.110
// Applicability ICS "security-management", "trust-model"
// Verdict       pass when every decision agrees with the model and one was granted; fail on a
//               service granted without the relation or an authorized one rejected; none without
//               Sm-Sm requests.
CheckResult check_sm_peer_services(const CheckContext& context) {
  const TraceQuery q(context.trace);
  const trust::TrustModel model = trust::TrustModel::from_section(context.scenario.trust_model);
  const auto records = q.all(RecordFilter{}.op(decisions::kSmPeerAuthorization));
  if (records.empty()) return no_verdict("no SM asked a peer SM for a service in this scenario");
  CheckOutcome out;
  for (const auto* r : records) {
    const std::string requester = detail_of(*r, keys::kPeer);
    const std::string service = detail_of(*r, keys::kService);
    const std::string domain = detail_of(*r, keys::kDomain);
    const auto expected = trust::decide_peer_service(model, requester, r->actor, service, domain);
    const bool granted = r->outcome == outcomes::kGranted;
    if (r->reference_point != rp::kSmSm)
      out.fail(describe(*r) + ": not on Sm-Sm", {r->id});
    else if (granted && !expected.granted)
      out.fail(describe(*r) + ": " + r->actor + " served " + requester + " " + service + " for " +
                   domain + " although " + expected.reason,
               {r->id});
    else if (!granted && expected.granted)
      out.fail(describe(*r) + ": " + r->actor + " refused " + requester + " " + service + " for " +
                   domain + ", which the trust model allows",
               {r->id});
    else if (granted)
      out.pass("a declared peer served", {r->id}), out.observe("granted");
    else
      out.pass("an undeclared or untrusted request refused", {r->id}), out.observe("refused");
  }
  return out.result("");
}

// ID            R1.1.90
// Objective     A security association between VNFs of two domains is set up only where a trust
//               edge between them allows cross_domain_sa (and the named relationship is that
//               edge's), for an SM managing one of them; an established one is a mutual TLS
//               handshake between the two VNFCIs' certificates (both ends' SecurityAssociation
//               established with the peer's subject); a request without trust is refused "no trust
//               relationship".
// Reference     ETSI GS NFV-IFA 026 V4.5.1 Annex A R1.1.90
// Applicability ICS "security-management", "trust-model"
// Verdict       pass citing MANO's and both ends' records (parts "established", "refused"); fail
//               on an association accepted or established without the trust edge, or reported
//               established without both ends' handshake; none without cross-domain associations.
CheckResult check_cross_domain_associations(const CheckContext& context) {
  return check_associations(context, true);
}

// ID            R1.1.100
// Objective     An association between two VNFs of one domain the SM manages is set up with a
//               mutual TLS handshake between their VNFCIs' certificates; one naming an endpoint
//               outside the SM's domains is refused "not in SM's domains".
// Reference     ETSI GS NFV-IFA 026 V4.5.1 Annex A R1.1.100
// Applicability ICS "security-management", "trust-model"
// Verdict       pass citing MANO's and both ends' records (parts "established", "refused"); fail
//               on an association of a domain the SM does not manage accepted, or reported
//               established without both ends' handshake; none without intra-domain associations.
CheckResult check_intra_domain_associations(const CheckContext& context) {
  return check_associations(context, false);
}

void register_sm_peer_checks(CheckRegistry& registry) {
  registry.add("R1.1.110", "SM peer services only along declared relations",
               check_sm_peer_services);
  registry.require_parts("R1.1.110", {"granted", "refused"});
  registry.add("R1.1.90", "cross-domain associations only along trust relationships",
               check_cross_domain_associations);
  registry.require_parts("R1.1.90", {"established", "refused"});
  registry.add("R1.1.100", "associations inside the SM's domains", check_intra_domain_associations);
  registry.require_parts("R1.1.100", {"established", "refused"});
}

}  // namespace ifa026::conformance
