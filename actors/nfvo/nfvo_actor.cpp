// The `nfvo` actor type: NFVO (C.4.1, Annex B.2): enrols its MANO certificate at the CMF, relays
// certificate configuration to VNFM, VIM, WIM, CISM and CIR, mutual TLS with peers; as its
// extension (NfvoLifecycle) it onboards VNF packages from the OSS (vnf_package_catalogue.hpp),
// runs the NS lifecycle the OSS asks for through the VNFMs and grants their operations
// (ns_lifecycle.hpp; docs/lifecycle.md).
#include "actors/nfvo/nfvo_actor.hpp"

#include <memory>
#include <utility>

#include "actors/common/audit_log_source.hpp"
#include "actors/common/mano_entity.hpp"
#include "actors/messages/lcm_vocabulary.hpp"
#include "actors/messages/reference_points.hpp"
#include "actors/nfvo/ns_lifecycle.hpp"
#include "actors/nfvo/sm_readiness.hpp"
#include "actors/nfvo/sm_service.hpp"
#include "actors/nfvo/sm_sf_catalogue.hpp"
#include "actors/nfvo/vnf_package_catalogue.hpp"

namespace ifa026::actors {

namespace {

// What the NFVO adds to the MANO entity: its onboarded packages and the NS lifecycle, which takes
// the VNFDs from those packages after checking their integrity again.
class NfvoLifecycle final : public ManoEntityExtension, public AuditLogSource {
 public:
  NfvoLifecycle(ManoEntityHost& host, const sim::ActorSpec& spec)
      : packages_(host, spec.params),
        ns_lifecycle_(host, nfvo::ns_lifecycle_settings(spec.params),
                      [this](const std::string& vnfd_id, const std::optional<std::string>& package,
                             const std::string& corr) { return resolve(vnfd_id, package, corr); }),
        security_managers_(host, spec.params, ns_lifecycle_),
        readiness_(host, spec.params, security_managers_.gateway()) {
    ns_lifecycle_.serve_oss(host.day0_request_handlers());
    ns_lifecycle_.serve_vnfms(host.request_handlers());
    security_managers_.serve(host.request_handlers());
    ns_lifecycle_.set_observer(&security_managers_);
    ns_lifecycle_.set_lcm_gate([this](const std::string& ns) { return readiness_.refusal(ns); });
    security_managers_.set_package_quarantine(
        [this](const std::string& package, const std::string& vnfd, const std::string& vnf,
               const std::string& reason) { packages_.quarantine(package, vnfd, vnf, reason); });
    security_managers_.set_package_list([this] { return nfvo::vsf_packages(packages_); });
  }

  bool on_command(const sim::Command& command) override {
    return packages_.on_command(command) || security_managers_.on_command(command);
  }

  nfvo::VnfPackageCatalogue& packages() { return packages_; }
  const AuditLog& audit_log() const override { return security_managers_.gateway().audit_log(); }

 private:
  // The package of one VNF of an NS request, its integrity checked again now (refused at
  // instantiation when the stored content no longer matches).
  std::variant<nfvo::ResolvedPackage, std::string> resolve(
      const std::string& vnfd_id, const std::optional<std::string>& package,
      const std::string& corr) {
    const nfvo::PackageLookup found = packages_.resolve(package, vnfd_id);
    if (found.package == nullptr) return found.reason;
    if (auto quarantined = packages_.refuse_if_quarantined(*found.package, corr))
      return *quarantined;
    messages::PackageIntegrity integrity = packages_.recheck(*found.package, corr);
    if (integrity.verdict != lcm::kIntegrityVerified &&
        integrity.verdict != lcm::kIntegrityUnsignedAccepted)
      return "package " + found.package->package +
             " failed its integrity check: " + integrity.verdict;
    return nfvo::ResolvedPackage{found.package->package, found.package->vnfd, std::move(integrity),
                                 found.package->signature};
  }

  nfvo::VnfPackageCatalogue packages_;
  nfvo::NsLifecycle ns_lifecycle_;
  nfvo::SmService security_managers_;
  nfvo::SmReadiness readiness_;
};

}  // namespace

void register_nfvo_actor(sim::ActorRegistry& registry) {
  namespace rp = reference_points;
  ManoEntityKind kind;
  kind.kind = "nfvo";
  kind.description =
      "NFVO (C.4.1, Annex B.2): enrols its MANO certificate at the CMF, relays certificate "
      "configuration to VNFM, VIM, WIM, CISM and CIR, mutual TLS with peers; onboards VNF "
      "packages from the OSS (digest, vendor CMS signature, VNFD check); NS lifecycle through the "
      "VNFMs (Or-Vnfm) and grants of their operations";
  // Os-Ma-Nfvo towards the OSS is common to every entity; these are the NFVO's own.
  kind.reference_points = {{"sm", rp::kScOr},  {"vnfm", rp::kOrVnfm}, {"vim", rp::kOrVi},
                           {"wim", rp::kOrWi}, {"cism", rp::kCismSi}, {"cir", rp::kCirSi}};
  kind.access_control = false;
  kind.extra_params = nfvo::VnfPackageCatalogue::param_rules();
  for (auto& rule : nfvo::ns_lifecycle_param_rules()) kind.extra_params.push_back(rule);
  for (auto& rule : nfvo::SmService::param_rules()) kind.extra_params.push_back(rule);
  for (auto& rule : nfvo::SmReadiness::param_rules()) kind.extra_params.push_back(rule);
  kind.extra_commands = nfvo::VnfPackageCatalogue::command_rules();
  for (auto& rule : nfvo::SmService::command_rules()) kind.extra_commands.push_back(rule);
  kind.check_extra_params = [](const nlohmann::json& params, std::vector<sim::Diagnostic>& out) {
    nfvo::VnfPackageCatalogue::check_params(params, out);
    nfvo::check_ns_lifecycle_params(params, out);
    nfvo::SnsdCatalogue::check_params(params, out);
  };
  kind.extension = [](ManoEntityHost& host, const sim::ActorSpec& spec) {
    return std::make_unique<NfvoLifecycle>(host, spec);
  };
  registry.add("nfvo", mano_entity_actor_type(std::move(kind)));
}

}  // namespace ifa026::actors
