// The `nfvo` actor type: NFVO (C.4.1, Annex B.2): enrols its MANO certificate at the CMF, relays
// certificate configuration to VNFM, VIM, WIM, CISM and CIR, mutual TLS with peers; runs the NS
// lifecycle the OSS asks for through the VNFMs and grants their operations (docs/lifecycle.md).
#include "actors/nfvo/nfvo_actor.hpp"

#include <memory>
#include <utility>

#include "actors/common/mano_entity.hpp"
#include "actors/messages/reference_points.hpp"
#include "actors/nfvo/ns_lifecycle.hpp"

namespace ifa026::actors {
namespace {

// What the NFVO adds to a MANO entity: the NS lifecycle and grants.
class NfvoExtension : public ManoEntityExtension {
 public:
  NfvoExtension(ManoEntityHost& host, const sim::ActorSpec& spec)
      : ns_lifecycle_(host, nfvo::ns_lifecycle_settings(spec.params),
                      [](const std::string& vnfd_id, const std::optional<std::string>&)
                          -> std::variant<nfvo::ResolvedPackage, std::string> {
                        return "no package onboarded for VNFD " + vnfd_id;
                      }) {
    ns_lifecycle_.serve_oss(host.day0_request_handlers());
    ns_lifecycle_.serve_vnfms(host.request_handlers());
  }

 private:
  nfvo::NsLifecycle ns_lifecycle_;
};

}  // namespace

void register_nfvo_actor(sim::ActorRegistry& registry) {
  namespace rp = reference_points;
  ManoEntityKind kind;
  kind.kind = "nfvo";
  kind.description =
      "NFVO (C.4.1, Annex B.2): enrols its MANO certificate at the CMF, relays certificate "
      "configuration to VNFM, VIM, WIM, CISM and CIR, mutual TLS with peers; NS lifecycle "
      "through the VNFMs (Or-Vnfm) and grants of their operations";
  // Os-Ma-Nfvo towards the OSS is common to every entity; these are the NFVO's own.
  kind.reference_points = {{"vnfm", rp::kOrVnfm},
                           {"vim", rp::kOrVi},
                           {"wim", rp::kOrWi},
                           {"cism", rp::kCismSi},
                           {"cir", rp::kCirSi}};
  kind.access_control = false;
  kind.extra_params = nfvo::ns_lifecycle_param_rules();
  kind.check_extra_params = nfvo::check_ns_lifecycle_params;
  kind.extension = [](ManoEntityHost& host, const sim::ActorSpec& spec) {
    return std::make_unique<NfvoExtension>(host, spec);
  };
  registry.add("nfvo", mano_entity_actor_type(std::move(kind)));
}

}  // namespace ifa026::actors
