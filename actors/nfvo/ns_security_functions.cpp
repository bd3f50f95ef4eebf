// The security functions Security Managers put into running network services (see
// ns_security_functions.hpp).
#include "actors/nfvo/ns_security_functions.hpp"

#include <utility>

#include "actors/common/sm_gateway.hpp"
#include "actors/common/trace_detail.hpp"
#include "actors/messages/decisions.hpp"
#include "actors/messages/detail_keys.hpp"
#include "actors/messages/reference_points.hpp"

namespace ifa026::actors::nfvo {
namespace {

namespace dk = detail_keys;
namespace m = messages;
namespace rp = reference_points;

}  // namespace

NsSecurityFunctions::NsSecurityFunctions(ManoEntityHost& host, NsLifecycle& lifecycle)
    : ActorPiece({host.tracer(), host.guard()}), host_(host), lifecycle_(lifecycle) {}

std::string NsSecurityFunctions::instantiate(const Asker& asker, const m::SmVsfReference& ref,
                                             const Link& link, const std::string& trust_domain,
                                             const std::optional<m::SmPolicy>& policy, Done done) {
  if (!ref.vnfd_id || ref.vnfd_id->empty()) return "no VSF VNFD named (vsf.vnfd_id)";
  std::string id;
  do {
    id = host_.actor_context().name() + "-vsf-" + std::to_string(next_++);
  } while (!lifecycle_.ns_of(id).empty());
  NsLifecycle::AddedVnf added{.vnf = id,
                              .vnfd_id = *ref.vnfd_id,
                              .package = ref.package,
                              .flavour = ref.flavour,
                              .trust_domain = trust_domain};
  const std::string refusal = lifecycle_.add_vnf_for_security_manager(
      link.ns, added, "security manager: VSF between " + link.a + " and " + link.b,
      [this, id, asker, policy, done = std::move(done)](bool ok, const std::string& reason) {
        auto it = vsfs_.find(id);
        if (it == vsfs_.end()) return;
        if (ok) {
          it->second.running = true;
          topology(it->second, asker, outcomes::kInserted);
          if (policy) apply(asker, id, *policy);
        }
        done({ok, id, reason});
      });
  if (!refusal.empty()) return refusal;
  vsfs_[id] = Vsf{.vsf = id, .link = link, .vnfd_id = *ref.vnfd_id};
  order_.push_back(id);
  return "";
}

std::string NsSecurityFunctions::modify(const Asker& asker, const std::string& vsf,
                                        const m::SmPolicy& policy) {
  if (!running(vsf)) return "no running VSF " + vsf;
  apply(asker, vsf, policy);
  return "";
}

std::string NsSecurityFunctions::terminate(const Asker& asker, const std::string& vsf, Done done) {
  if (!running(vsf)) return "no running VSF " + vsf;
  const bool started = lifecycle_.remove_vnf_for_security_manager(
      vsf, "security manager: VSF removed",
      [this, vsf, asker, done = std::move(done)](bool ok, const std::string& reason) {
        auto it = vsfs_.find(vsf);
        if (it == vsfs_.end()) return;
        if (ok) {
          it->second.running = false;
          topology(it->second, asker, outcomes::kRestored);
        }
        done({ok, vsf, reason});
      });
  return started ? "" : "no NS runs VSF " + vsf;
}

bool NsSecurityFunctions::running(const std::string& vsf) const {
  auto it = vsfs_.find(vsf);
  return it != vsfs_.end() && it->second.running;
}

std::string NsSecurityFunctions::path(const Link& link) const {
  std::string text = link.a;
  for (const auto& id : order_) {
    const Vsf& v = vsfs_.at(id);
    if (v.running && v.link.ns == link.ns && v.link.a == link.a && v.link.b == link.b)
      text += "," + id;
  }
  return text + "," + link.b;
}

void NsSecurityFunctions::topology(const Vsf& vsf, const Asker& asker, const std::string& outcome) {
  TraceDetail detail;
  detail.add(dk::kNs, vsf.link.ns)
      .add(dk::kVsf, vsf.vsf)
      .add(dk::kBetween, vsf.link.a + "," + vsf.link.b)
      .add(dk::kPath, path(vsf.link))
      .add(dk::kSm, asker.sm)
      .add(dk::kRequest, asker.request_id);
  trace({.operation = decisions::kNsTopologyUpdated, .outcome = outcome, .detail = detail});
}

void NsSecurityFunctions::apply(const Asker& asker, const std::string& vsf,
                                const m::SmPolicy& policy) {
  TraceDetail detail;
  detail.add(dk::kSm, asker.sm)
      .add(dk::kInstruction, asker.request_id)
      .add(dk::kVnf, vsf)
      .add(dk::kPolicy, policy.policy_id)
      .add(dk::kPolicyDigest, policy_digest(policy));
  if (asker.event_id) detail.add(dk::kEventId, *asker.event_id);
  trace({.operation = decisions::kSecurityPolicyApplied,
         .outcome = outcomes::kApplied,
         .peer = asker.sm,
         .reference_point = rp::kScOr,
         .detail = detail});
}

}  // namespace ifa026::actors::nfvo
