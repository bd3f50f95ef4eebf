// The VIM's Security Manager service on Sc-Vi (docs/security-manager.md, "The VIM's service on
// Sc-Vi"): it hosts the SM gateway (actors/common/sm_gateway.hpp; bind, subscription and audit
// export) with reference point Sc-Vi, publishes a VNF_MODIFY event with change_kind `location` for
// every live migration the VIM does (to the SMs of the VNF's domain that may see it, from the
// trust domain and hidden SMs each resource was allocated with), and runs an SM's host retirement
// (SmHostRetirementRequest): binding, authorization against the host's trust domain, then the
// host retired or quarantined and its computes migrated or removed as by a security manager
// (ResourceProducer::retire).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "actors/common/mano_entity.hpp"
#include "actors/common/sm_gateway.hpp"
#include "actors/messages/sc_mano.hpp"
#include "actors/toolkit/actor_piece.hpp"
#include "actors/vim/resource_producer.hpp"

namespace ifa026::actors::vim {

// Misbehaviour of the VIM's service only (read from the same `sm_faults` parameter as the
// gateway's switches; docs/security-manager.md "Fault switches").
struct SmViFaults {
  bool skip_location_event = false;  // "skip_location_event": migrations publish no event
  bool ignore_quarantine = false;    // "ignore_quarantine": a quarantine asked retires only
  bool leave_on_host = false;        // "leave_on_host": one compute stays on a retired host
};
SmViFaults sm_vi_faults(const nlohmann::json& params);
// The VIM's `allocation_events` parameter (sm_vi_remediation.cpp).
ParamRule allocation_events_param_rule();

class SmViService final : public ActorPiece {
 public:
  // Listens to `producer`'s migrations (which must outlive the service).
  SmViService(ManoEntityHost& host, const nlohmann::json& params, ResourceProducer& producer);

  // Sc-Vi requests from SMs: bind, subscription and audit export through the gateway; host
  // retirement here.
  void serve(MessageHandlers<ChannelMessage>& handlers);
  static std::vector<ParamRule> param_rules();

  const SmGateway& gateway() const { return gateway_; }

 private:
  void migrated(const VirtualResource& resource, const std::string& from, const std::string& source,
                const std::string& reason);
  void on_host_retirement(const ChannelMessage& m,
                          const messages::SmHostRetirementRequest& request);

  // ---- detection and remediation (sm_vi_remediation.cpp; issue 16) ----
  // RESOURCE_ALLOCATE on Sc-Vi for every allocation, when `allocation_events` is on.
  void allocated(const VirtualResource& resource, const std::string& grant);
  // An SM's SmTerminateVnfRequest on Sc-Vi: the VNF's computes removed as by a security manager
  // (a rogue VNF the NFVO does not know; docs/security-monitoring.md "Detections and remedies").
  void on_terminate(const ChannelMessage& m, const messages::SmTerminateVnfRequest& request);
  bool allocation_events_ = false;

 public:
  // ---- updates (host_firmware_update.cpp; issue 16, R1.3.220) ----
  // `update_host_firmware {host, firmware, trust_domain}`: the host's firmware replaced
  // (FirmwareUpdate executed) and HOST_UPDATE published on Sc-Vi to the SMs of the domain (the
  // host's unless the command names one); true when handled. Fault `silent_firmware_update`
  // (`sm_faults`): no event.
  bool on_firmware_command(const sim::Command& command);
  static CommandRule firmware_command_rule();

 private:
  bool silent_firmware_update_ = false;

  ManoEntityHost& host_;
  ResourceProducer& producer_;
  SmGateway gateway_;
  SmViFaults faults_;
};

}  // namespace ifa026::actors::vim
