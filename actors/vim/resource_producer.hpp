// The resource side of a VIM (Vi-Vnfm) or CISM (CISM-SI) as a MANO entity extension
// (docs/lifecycle.md, "The VIM's host model", "VNFCI crash and auto-heal", "Host retirement",
// D10-D13): placement on its hosts (HostPool), allocation and release of the resources
// (VirtualResources) with the VNFCI actor spawned and retired through the kernel, live migration
// (VIM), crash detection after `fault_detection` (the kernel's spawn-parent callback), change
// notifications to the consumer that allocated a resource, and the host commands (retire,
// snapshot, secure erase), and the primitives the VIM's Sc-Vi service runs for Security Managers
// (retire, remove_for_security_manager; a migration listener for its location events). The VIM and
// the CISM share the message bodies (vi_vnfm.hpp, cism_si.hpp); the actor types bind their own
// operation names to it with serve_requests().
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "actors/common/mano_entity.hpp"
#include "actors/messages/codec.hpp"
#include "actors/messages/lcm_vocabulary.hpp"
#include "actors/messages/vi_vnfm.hpp"
#include "actors/vim/host_pool.hpp"
#include "actors/vim/reservations.hpp"
#include "actors/vim/virtual_resources.hpp"

namespace ifa026::actors::vim {

// What differs between the VIM and the CISM.
struct ProducerFlavour {
  std::string resource_word;    // "compute" (ids <name>-compute-N) or "workload"
  std::string hosts_param;      // "hosts" or "nodes"
  std::string host_word;        // "host" or "node": command arguments and reasons
  std::string retire_command;   // "retire_host" or "retire_node"
  bool migrates = true;         // the VIM migrates on retirement; the CISM removes (D12)
  std::string reference_point;  // Vi-Vnfm or CISM-SI
  // The change notification in the flavour's own operation.
  std::function<Envelope(const messages::ResourceChangeNotification&)> notification;
};

// The parameters (`hosts`/`nodes`, `fault_detection`), their check, and the host commands, for
// the flavour's ManoEntityKind.
std::vector<ParamRule> producer_param_rules(const ProducerFlavour& flavour);
std::vector<CommandRule> producer_command_rules(const ProducerFlavour& flavour);
void check_producer_params(const ProducerFlavour& flavour, const nlohmann::json& params,
                           std::vector<sim::Diagnostic>& out);

// What one resource became when an SM or a release removed or moved the resources of a host
// (host retirement, terminate_cohosted).
struct HostResourceOutcome {
  std::string resource;
  std::string vnf;
  std::string vnfci;
  std::string trust_domain;           // the VNF's, as SMs see it
  std::set<std::string> hidden_from;  // the SMs the VNF is hidden from
  bool migrated = false;              // else removed (released, REMOVED notified)
  bool left = false;                  // fault leave_on_host: neither
};

// How a host is taken out of service (the operator's retire command, an SM's retirement).
struct HostRetirement {
  std::string host;
  bool quarantine = false;
  bool migrate = true;  // else every resource is removed as by a security manager
  // Set for an SM's retirement: the source of the location events and of the removals' cause.
  bool by_security_manager = false;
  bool leave_one = false;  // fault switch leave_on_host: the first resource stays on the host
};

class ResourceProducer final : public ManoEntityExtension {
 public:
  // Told of every live migration the producer does (after its ComputeMigration record): the
  // resource (already on `to`), the host it left, the source (VIM, SECURITY_MANAGER) and reason.
  using MigrationListener =
      std::function<void(const VirtualResource& resource, const std::string& from,
                         const std::string& source, const std::string& reason)>;

  ResourceProducer(ManoEntityHost& host, const sim::ActorSpec& spec, ProducerFlavour flavour);

  // The requests, answered by the caller in the flavour's operation (serve_requests). `consumer`
  // is the authenticated peer.
  messages::ResourceAllocationResponse allocate(const messages::ResourceAllocationRequest& request,
                                                const std::string& consumer);
  messages::ResourceReleaseResponse release(const messages::ResourceReleaseRequest& request,
                                            const std::string& consumer);
  messages::MigrateComputeResponse migrate(const messages::MigrateComputeRequest& request,
                                           const std::string& consumer);
  // Placement reserved before the grant (D12; resource_reservations.cpp): each item placed by the
  // rule and its capacity held under a reservation until an allocation names it, the consumer
  // releases it, or `reservation_timeout` passes.
  messages::ResourceReservationResponse reserve(const messages::ResourceReservationRequest& request,
                                                const std::string& consumer);
  messages::ReservationReleaseResponse release_reservations(
      const messages::ReservationReleaseRequest& request, const std::string& consumer);
  const ReservationBook& reservations() const { return reservations_; }

  bool on_command(const sim::Command& command) override;
  void on_child_ended(const std::string& name, const std::string& reason) override;

  const HostPool& hosts() const { return hosts_; }
  void set_migration_listener(MigrationListener listener) { on_migrated_ = std::move(listener); }
  // Told of every allocation the producer made (after its ResourceAllocation record), with the
  // grant the consumer named ("" none) and the consumer (the VIM's RESOURCE_ALLOCATE events on
  // Sc-Vi, issue 16).
  using AllocationListener =
      std::function<void(const VirtualResource& resource, const std::string& grant)>;
  void set_allocation_listener(AllocationListener listener) { on_allocated_ = std::move(listener); }

  // Takes a host out of service (HostState retired / quarantined) and moves or removes every
  // resource on it; false with `refusal` for an unknown host or one out of service already.
  bool retire(const HostRetirement& retirement, std::vector<HostResourceOutcome>& outcomes,
              std::string& refusal);
  // Removes the resources on `host` not of `except_vnf` as a security manager's doing: each
  // released and notified REMOVED with cause SECURITY_MANAGER and recovery_allowed=false (the
  // terminate disposition of a host retirement, a release's terminate_cohosted).
  std::vector<HostResourceOutcome> remove_for_security_manager(const std::string& host,
                                                               const std::string& except_vnf,
                                                               const std::string& correlation,
                                                               const std::string& reason,
                                                               bool leave_one = false);

  // Removes every resource of `vnf` as a security manager's doing (an SM's remediation of an
  // unauthorized deployment, issue 16; sm_vi_remediation.cpp): each released and notified REMOVED
  // with cause SECURITY_MANAGER and recovery_allowed=false.
  std::vector<HostResourceOutcome> remove_vnf_for_security_manager(const std::string& vnf,
                                                                   const std::string& correlation,
                                                                   const std::string& reason);
  // The resource the VNFCI runs in, or nullptr (delegation mode: the CISM's container
  // configuration relay, credential_injection.hpp).
  const VirtualResource* find_vnfci(const std::string& vnfci) {
    return resources_.find_vnfci(vnfci);
  }
  // Whether any resource of `vnf` is allocated, and one of them (its domain and hidden SMs).
  const VirtualResource* first_of_vnf(const std::string& vnf);

  // A compute kept in quarantine before its release (quarantine_copy of an SM's termination,
  // R2.1.270): what the VIM holds of it — its record and its VNFCI's spawn parameters (the VNFCI's
  // run-time memory and disk are not modelled) — and the SHA-256 over that copy.
  struct QuarantinedCopy {
    std::string resource;
    std::string vnfci;
    std::string vnf;
    std::string host;
    nlohmann::json copy;
    std::string digest;  // hex SHA-256 of copy.dump()
  };
  const std::vector<QuarantinedCopy>& quarantined_copies() const { return quarantined_; }

 private:
  static std::string ownership_refusal(const VirtualResource* resource, const std::string& id,
                                       const std::string& vnfci, const std::string& consumer);
  void trace(const char* operation, const std::string& outcome, const TraceDetail& detail,
             const std::string& peer = "");
  Placement place_and_trace(const VirtualResource* moving, const std::string& vnfci,
                            const messages::ResourceCapacity& capacity,
                            const std::optional<std::string>& zone, const std::string& exclude,
                            const std::optional<std::string>& to_host,
                            const std::string& correlation, const std::string& reservation = "");
  // The zone a resource stays in when it moves: its allocation's, else its host's location.
  std::optional<std::string> zone_of(const VirtualResource& resource) const;
  void move(VirtualResource& resource, const std::string& to_host, const std::string& correlation,
            const std::string& reason, const std::string& source = lcm::kSourceVim);
  // Releases (traced, capacity given back, actor retired if it runs) and forgets `resource`.
  void release_resource(VirtualResource& resource, const std::string& correlation,
                        const std::string& reason);
  void notify(const VirtualResource& resource, const char* change, const std::string& reason,
              const std::optional<std::string>& correlation,
              const std::optional<std::string>& to_host = std::nullopt,
              bool by_security_manager = false);
  void detect_fault(const std::string& resource_id, const std::string& reason);
  // The placement an allocation's reservation gives (its capacity handed over to the allocation),
  // nullopt without one (or when the fault switch ignores it); `refusal` when it may not be used.
  std::optional<Placement> use_reservation(const messages::ResourceAllocationRequest& request,
                                           const std::string& consumer, std::string& refusal);
  void expire_reservation(const std::string& id);

  // What an SM's termination asks of a release (R2.1.260/270): the copy before it, the erase and
  // the host's disposition after it.
  void keep_quarantined_copy(const VirtualResource& resource, const std::string& correlation);
  void after_release(const VirtualResource& released,
                     const messages::ResourceReleaseRequest& request);

  void retire_host(const sim::Command& command);
  void snapshot(const sim::Command& command);
  void secure_erase(const sim::Command& command);

  ManoEntityHost& host_;
  const ProducerFlavour flavour_;
  HostPool hosts_;
  VirtualResources resources_;
  const sim::Duration fault_detection_;
  std::uint64_t next_retirement_ = 1;
  std::uint64_t next_notification_ = 1;
  std::vector<QuarantinedCopy> quarantined_;
  ReservationBook reservations_;
  MigrationListener on_migrated_;
  AllocationListener on_allocated_;
};

// Serves one request type whose answer wraps a producer's answer body (`Body`, given by
// `answer_of(request, consumer)`); a body that does not decode is answered rejected with the
// decoder's reason.
template <class Request, class Response, class Body, class AnswerOf>
void serve_producer_request(ManoEntityHost& host, AnswerOf answer_of) {
  host.request_handlers().on<Request>(
      [&host, answer_of](const Request& request, const ChannelMessage& m) {
        Response answer;
        static_cast<Body&>(answer) = answer_of(request, m.peer.name);
        host.channels().reply(m, messages::to_envelope(answer));
      },
      [&host](const ChannelMessage& m, const std::string& reason) {
        Response answer;
        answer.status = lcm::kStatusRejected;
        answer.reason = reason;
        host.channels().reply(m, messages::to_envelope(answer));
      });
}

// Serves the flavour's allocation and release requests (Migrate: serve_migration) over the
// entity's authorised requests.
template <class AllocateRequest, class AllocateResponse, class ReleaseRequest,
          class ReleaseResponse>
void serve_requests(ManoEntityHost& host, ResourceProducer& producer) {
  serve_producer_request<AllocateRequest, AllocateResponse, messages::ResourceAllocationResponse>(
      host, [&producer](const AllocateRequest& request, const std::string& consumer) {
        return producer.allocate(request, consumer);
      });
  serve_producer_request<ReleaseRequest, ReleaseResponse, messages::ResourceReleaseResponse>(
      host, [&producer](const ReleaseRequest& request, const std::string& consumer) {
        return producer.release(request, consumer);
      });
}

// The VIM's MigrateComputeRequest.
void serve_migration(ManoEntityHost& host, ResourceProducer& producer);

// The reservation parameters added to a producer kind's parameter list.
void add_reservation_params(std::vector<ParamRule>& rules);

// Serves the flavour's reservation and reservation release requests (D12), like serve_requests.
template <class ReserveRequest, class ReserveResponse, class ReleaseRequest, class ReleaseResponse>
void serve_reservations(ManoEntityHost& host, ResourceProducer& producer) {
  serve_producer_request<ReserveRequest, ReserveResponse, messages::ResourceReservationResponse>(
      host, [&producer](const ReserveRequest& request, const std::string& consumer) {
        return producer.reserve(request, consumer);
      });
  serve_producer_request<ReleaseRequest, ReleaseResponse, messages::ReservationReleaseResponse>(
      host, [&producer](const ReleaseRequest& request, const std::string& consumer) {
        return producer.release_reservations(request, consumer);
      });
}

}  // namespace ifa026::actors::vim
