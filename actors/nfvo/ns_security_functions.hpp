// The security functions (VSFs) Security Managers put into running network services (R2.1.340;
// docs/security-manager.md "Security functions"): a VSF is a VNF of an onboarded package that the
// NFVO adds to the NS through its NS lifecycle (an NS operation UPDATE of source
// SECURITY_MANAGER, the VNFM's InstantiateVnf, grant and VIM allocation) and puts on the virtual
// link between two VNFs of the NS (NsTopologyUpdated inserted: a–b runs a–vsf–b); a new policy is
// applied to a running VSF (SecurityPolicyApplied); a VSF is terminated through the lifecycle and
// the link restored (NsTopologyUpdated restored). Who may ask is the SM service's business
// (sm_service.hpp); this piece only carries out.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "actors/common/mano_entity.hpp"
#include "actors/messages/sc_mano.hpp"
#include "actors/nfvo/ns_lifecycle.hpp"
#include "actors/toolkit/actor_piece.hpp"

namespace ifa026::actors::nfvo {

class NsSecurityFunctions : public ActorPiece {
 public:
  // Who asked and for what (the records carry it).
  struct Asker {
    std::string sm;
    std::string request_id;
    std::optional<std::string> event_id;
  };
  // Where a VSF goes: on the link between VNFs `a` and `b` of NS `ns`.
  struct Link {
    std::string ns;
    std::string a;
    std::string b;
  };
  // How a request ended: the VSF it was about, and why not when it failed.
  struct Outcome {
    bool ok = false;
    std::string vsf;
    std::string reason;
  };
  using Done = std::function<void(const Outcome&)>;

  NsSecurityFunctions(ManoEntityHost& host, NsLifecycle& lifecycle);

  // Instantiates a VSF of `vsf`'s VNFD (and package) in `link.ns`, in `trust_domain`, then puts
  // it on the link (and applies `policy`, when given); `done` when it ended. "" when started,
  // else why not (nothing started).
  std::string instantiate(const Asker& asker, const messages::SmVsfReference& vsf, const Link& link,
                          const std::string& trust_domain,
                          const std::optional<messages::SmPolicy>& policy, Done done);
  // Applies `policy` to the running VSF: "" when applied, else why not.
  std::string modify(const Asker& asker, const std::string& vsf, const messages::SmPolicy& policy);
  // Terminates the running VSF through the lifecycle, then restores its link; `done` when it
  // ended. "" when started, else why not.
  std::string terminate(const Asker& asker, const std::string& vsf, Done done);
  // True for a VSF this piece started and that still runs.
  bool running(const std::string& vsf) const;

 private:
  struct Vsf {
    std::string vsf;
    Link link;
    std::string vnfd_id;
    bool running = false;  // instantiated and on its link
  };
  // "a,vsf-1,vsf-2,b": the link's path through the running VSFs on it, in insertion order.
  std::string path(const Link& link) const;
  void topology(const Vsf& vsf, const Asker& asker, const std::string& outcome);
  void apply(const Asker& asker, const std::string& vsf, const messages::SmPolicy& policy);

  ManoEntityHost& host_;
  NsLifecycle& lifecycle_;
  std::map<std::string, Vsf> vsfs_;
  std::vector<std::string> order_;  // VSF ids in insertion order
  std::uint64_t next_ = 1;
};

}  // namespace ifa026::actors::nfvo
