// The `vim` actor type: VIM (C.4.3, Annex B.4): enrols its MANO certificate at the CMF (configured
// through NFVO and VNFM), mutual TLS with peers; and, as the entity's extension, the virtualised
// compute resources of Vi-Vnfm (docs/lifecycle.md): placement on its `hosts`, allocation, release
// and live migration of the VM of a VNFC instance (the VIM spawns and retires the VNFCI actor),
// crash detection, change notifications to the allocating VNFM, and the host commands
// retire_host, snapshot and secure_erase (actors/vim/resource_producer.hpp); and the Security
// Managers' side on Sc-Vi: bind, subscription, location events, host retirement and audit export
// (actors/vim/sm_vi_service.hpp).
#include "actors/vim/vim_actor.hpp"

#include <memory>
#include <utility>

#include "actors/common/audit_log_source.hpp"
#include "actors/common/mano_entity.hpp"
#include "actors/messages/codec.hpp"
#include "actors/messages/reference_points.hpp"
#include "actors/messages/vi_vnfm.hpp"
#include "actors/vim/credential_injection.hpp"
#include "actors/vim/resource_producer.hpp"
#include "actors/vim/sm_vi_service.hpp"

namespace ifa026::actors {
namespace {

vim::ProducerFlavour vim_flavour() {
  vim::ProducerFlavour flavour;
  flavour.resource_word = "compute";
  flavour.hosts_param = "hosts";
  flavour.host_word = "host";
  flavour.retire_command = "retire_host";
  flavour.migrates = true;
  flavour.reference_point = reference_points::kViVnfm;
  flavour.notification = [](const messages::ResourceChangeNotification& n) {
    messages::VirtualisedResourceChangeNotification v;
    static_cast<messages::ResourceChangeNotification&>(v) = n;
    return messages::to_envelope(v);
  };
  return flavour;
}

// What the VIM adds to the MANO entity: its resources (ResourceProducer) and its Security
// Manager service on Sc-Vi, which hears of the producer's migrations and runs SM retirements.
class VimExtension final : public ManoEntityExtension, public AuditLogSource {
 public:
  VimExtension(ManoEntityHost& host, const sim::ActorSpec& spec, vim::ProducerFlavour flavour)
      : producer_(host, spec, std::move(flavour)),
        security_managers_(host, spec.params, producer_),
        injection_(host, spec) {
    // Delegation mode (issue 17): an allocation with credentials is answered after their
    // injection into the VNFCI (C.2.2.3, C.3.2.3).
    vim::serve_allocation_with_injection<messages::AllocateComputeRequest,
                                         messages::AllocateComputeResponse>(
        host, producer_, injection_, reference_points::kViVnfm);
    vim::serve_producer_request<messages::ReleaseComputeRequest, messages::ReleaseComputeResponse,
                                messages::ResourceReleaseResponse>(
        host, [this](const messages::ReleaseComputeRequest& request, const std::string& consumer) {
          return producer_.release(request, consumer);
        });
    vim::serve_migration(host, producer_);
    vim::serve_reservations<
        messages::ComputeReservationRequest, messages::ComputeReservationResponse,
        messages::ComputeReservationReleaseRequest, messages::ComputeReservationReleaseResponse>(
        host, producer_);
    security_managers_.serve(host.request_handlers());
  }

  bool on_command(const sim::Command& command) override {
    if (security_managers_.on_firmware_command(command)) return true;  // issue 16 (R1.3.220)
    return producer_.on_command(command);
  }
  void on_child_ended(const std::string& name, const std::string& reason) override {
    producer_.on_child_ended(name, reason);
  }
  const AuditLog& audit_log() const override { return security_managers_.gateway().audit_log(); }
  void on_finish() override { injection_.trace_final_state(); }  // issue 17: KeyInventory

 private:
  vim::ResourceProducer producer_;
  vim::SmViService security_managers_;
  vim::CredentialInjection injection_;
};

}  // namespace

void register_vim_actor(sim::ActorRegistry& registry) {
  namespace rp = reference_points;
  ManoEntityKind kind;
  kind.kind = "vim";
  kind.description =
      "VIM (C.4.3, Annex B.4): enrols its MANO certificate at the CMF (configured through NFVO and "
      "VNFM), mutual TLS with peers; places, allocates, releases and migrates the VMs of VNFC "
      "instances on its hosts (spawning the VNFCI actors), reports crashes, retires hosts; serves "
      "Security Managers on Sc-Vi (location events, host retirement)";
  kind.reference_points = {{"nfvo", rp::kOrVi}, {"vnfm", rp::kViVnfm}, {"sm", rp::kScVi}};
  kind.access_control = false;
  const vim::ProducerFlavour flavour = vim_flavour();
  kind.extra_params = vim::producer_param_rules(flavour);
  vim::add_reservation_params(kind.extra_params);
  for (auto& rule : vim::SmViService::param_rules()) kind.extra_params.push_back(rule);
  for (auto& rule : vim::CredentialInjection::param_rules()) kind.extra_params.push_back(rule);
  kind.extra_commands = vim::producer_command_rules(flavour);
  kind.extra_commands.push_back(vim::SmViService::firmware_command_rule());  // issue 16
  kind.check_extra_params = [flavour](const nlohmann::json& params,
                                      std::vector<sim::Diagnostic>& out) {
    vim::check_producer_params(flavour, params, out);
    vim::CredentialInjection::check_params(params, out);
  };
  kind.extension = [flavour](ManoEntityHost& host, const sim::ActorSpec& spec) {
    return std::make_unique<VimExtension>(host, spec, flavour);
  };
  registry.add("vim", mano_entity_actor_type(std::move(kind)));
}

}  // namespace ifa026::actors
