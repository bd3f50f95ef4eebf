// The `nfvo` actor type: NFVO (C.4.1, Annex B.2): enrols its MANO certificate at the CMF, relays
// certificate configuration to VNFM, VIM, WIM, CISM and CIR, mutual TLS with peers; as its
// extension (NfvoLifecycle) it onboards VNF packages from the OSS (vnf_package_catalogue.hpp,
// docs/lifecycle.md).
#include "actors/nfvo/nfvo_actor.hpp"

#include <memory>
#include <utility>

#include "actors/common/mano_entity.hpp"
#include "actors/messages/reference_points.hpp"
#include "actors/nfvo/vnf_package_catalogue.hpp"

namespace ifa026::actors {

namespace {

// What the NFVO adds to the MANO entity: its onboarded packages (and, later, the NS lifecycle).
class NfvoLifecycle final : public ManoEntityExtension {
 public:
  NfvoLifecycle(ManoEntityHost& host, const sim::ActorSpec& spec) : packages_(host, spec.params) {}

  bool on_command(const sim::Command& command) override { return packages_.on_command(command); }

  nfvo::VnfPackageCatalogue& packages() { return packages_; }

 private:
  nfvo::VnfPackageCatalogue packages_;
};

}  // namespace

void register_nfvo_actor(sim::ActorRegistry& registry) {
  namespace rp = reference_points;
  ManoEntityKind kind;
  kind.kind = "nfvo";
  kind.description =
      "NFVO (C.4.1, Annex B.2): enrols its MANO certificate at the CMF, relays certificate "
      "configuration to VNFM, VIM, WIM, CISM and CIR, mutual TLS with peers; onboards VNF "
      "packages from the OSS (digest, vendor CMS signature, VNFD check)";
  // Os-Ma-Nfvo towards the OSS is common to every entity; these are the NFVO's own.
  kind.reference_points = {{"vnfm", rp::kOrVnfm},
                           {"vim", rp::kOrVi},
                           {"wim", rp::kOrWi},
                           {"cism", rp::kCismSi},
                           {"cir", rp::kCirSi}};
  kind.access_control = false;
  kind.extra_params = nfvo::VnfPackageCatalogue::param_rules();
  kind.extra_commands = nfvo::VnfPackageCatalogue::command_rules();
  kind.check_extra_params = nfvo::VnfPackageCatalogue::check_params;
  kind.extension = [](ManoEntityHost& host, const sim::ActorSpec& spec) {
    return std::make_unique<NfvoLifecycle>(host, spec);
  };
  registry.add("nfvo", mano_entity_actor_type(std::move(kind)));
}

}  // namespace ifa026::actors
