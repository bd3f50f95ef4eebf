// The `cism` actor type: CISM (Annex B.6): enrols its MANO certificate at the CMF (configured on
// CISM-SI), accepts requests only from authenticated peers in its access list (Cism.Sc.001); and,
// as the entity's extension, the OS container workloads of CISM-SI (docs/lifecycle.md): placement
// on its `nodes`, creation and deletion of the workload of a VNFC instance (the CISM spawns and
// retires the VNFCI actor), crash detection, change notifications to the creating VNFM, and the
// node commands retire_node (workloads removed, never moved: D12), snapshot and secure_erase. The
// VIM's resource model serves both (actors/vim/resource_producer.hpp).
#include "actors/cism/cism_actor.hpp"

#include <memory>
#include <utility>

#include "actors/common/mano_entity.hpp"
#include "actors/messages/cism_si.hpp"
#include "actors/messages/codec.hpp"
#include "actors/messages/reference_points.hpp"
#include "actors/vim/credential_injection.hpp"
#include "actors/vim/resource_producer.hpp"

namespace ifa026::actors {
namespace {

vim::ProducerFlavour cism_flavour() {
  vim::ProducerFlavour flavour;
  flavour.resource_word = "workload";
  flavour.hosts_param = "nodes";
  flavour.host_word = "node";
  flavour.retire_command = "retire_node";
  flavour.migrates = false;
  flavour.reference_point = reference_points::kCismSi;
  flavour.notification = [](const messages::ResourceChangeNotification& n) {
    messages::OsContainerWorkloadChangeNotification c;
    static_cast<messages::ResourceChangeNotification&>(c) = n;
    return messages::to_envelope(c);
  };
  return flavour;
}

// What the CISM adds to the MANO entity: its workloads (ResourceProducer) and, in delegation mode,
// the injection of the credentials of a workload request or a container configuration (issue 17).
class CismExtension final : public ManoEntityExtension {
 public:
  CismExtension(ManoEntityHost& host, const sim::ActorSpec& spec, vim::ProducerFlavour flavour)
      : producer_(host, spec, std::move(flavour)), injection_(host, spec) {
    vim::serve_allocation_with_injection<messages::CreateOsContainerWorkloadRequest,
                                         messages::CreateOsContainerWorkloadResponse>(
        host, producer_, injection_, reference_points::kCismSi);
    vim::serve_producer_request<messages::DeleteOsContainerWorkloadRequest,
                                messages::DeleteOsContainerWorkloadResponse,
                                messages::ResourceReleaseResponse>(
        host, [this](const messages::DeleteOsContainerWorkloadRequest& request,
                     const std::string& consumer) { return producer_.release(request, consumer); });
    vim::serve_reservations<messages::OsContainerWorkloadReservationRequest,
                            messages::OsContainerWorkloadReservationResponse,
                            messages::OsContainerWorkloadReservationReleaseRequest,
                            messages::OsContainerWorkloadReservationReleaseResponse>(host,
                                                                                     producer_);
    vim::serve_container_configuration(host, producer_, injection_);
  }

  bool on_command(const sim::Command& command) override { return producer_.on_command(command); }
  void on_child_ended(const std::string& name, const std::string& reason) override {
    producer_.on_child_ended(name, reason);
  }
  void on_finish() override { injection_.trace_final_state(); }

 private:
  vim::ResourceProducer producer_;
  vim::CredentialInjection injection_;
};

}  // namespace

void register_cism_actor(sim::ActorRegistry& registry) {
  namespace rp = reference_points;
  ManoEntityKind kind;
  kind.kind = "cism";
  kind.description =
      "CISM (Annex B.6): enrols its MANO certificate at the CMF (configured on CISM-SI), accepts "
      "requests only from authenticated peers in its access list; creates and deletes the OS "
      "container workloads of VNFC instances on its nodes (spawning the VNFCI actors), reports "
      "crashes, retires nodes";
  kind.reference_points = {{"nfvo", rp::kCismSi}, {"vnfm", rp::kCismSi}, {"cir", rp::kCirSi}};
  kind.access_control = true;
  const vim::ProducerFlavour flavour = cism_flavour();
  kind.extra_params = vim::producer_param_rules(flavour);
  vim::add_reservation_params(kind.extra_params);
  for (auto& rule : vim::CredentialInjection::param_rules()) kind.extra_params.push_back(rule);
  kind.extra_commands = vim::producer_command_rules(flavour);
  kind.check_extra_params = [flavour](const nlohmann::json& params,
                                      std::vector<sim::Diagnostic>& out) {
    vim::check_producer_params(flavour, params, out);
    vim::CredentialInjection::check_params(params, out);
  };
  kind.extension = [flavour](ManoEntityHost& host, const sim::ActorSpec& spec) {
    return std::make_unique<CismExtension>(host, spec, flavour);
  };
  registry.add("cism", mano_entity_actor_type(std::move(kind)));
}

}  // namespace ifa026::actors
