// What every piece of the CMF's direct mode shares (direct_mode.hpp): the CMF's context,
// configuration, channels, RA exchange and work queue; the VNFCI inventory; which VNFCIs bootstrap
// securely; the HSM vendor roots. DirectModePart gives each piece (subscriptions, attestation,
// registration, configuration, reports, revocation) these under one name each, the actor's
// toolkit (ActorPiece: structured trace, guard, guarded timers) and the flow-step lookups they
// all use (steps cited from the Annex C tables, actors/messages/flow_steps.hpp).
#pragma once

#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "actors/cmf/cmf_config.hpp"
#include "actors/cmf/ra_identity.hpp"
#include "actors/cmf/vnfci_inventory.hpp"
#include "actors/common/cmp_exchange.hpp"
#include "actors/common/secure_channels.hpp"
#include "actors/common/trace_detail.hpp"
#include "actors/common/work_queue.hpp"
#include "actors/messages/codec.hpp"
#include "actors/messages/decisions.hpp"
#include "actors/messages/detail_keys.hpp"
#include "actors/messages/reference_points.hpp"
#include "actors/toolkit/actor_piece.hpp"
#include "actors/toolkit/message_handlers.hpp"
#include "pki/certificate.hpp"
#include "pki/cmp_client.hpp"
#include "sim/actor.hpp"

namespace ifa026::actors::cmf {

// The CMF's RA identity at a CA, or nullptr while it holds none there.
using DirectModeRaLookup = std::function<const RaIdentity*(const std::string& ca)>;

// A VNFCI that requires secure bootstrapping (its notification said so).
struct DirectModeBootstrap {
  std::string vnfd;
  std::string hsm;   // C.2.1.3 ("" : C.2.1.2)
  int attempts = 0;  // AttestationResultRequests sent
  sim::EventId timer;
  bool verified = false;
};

// The state the pieces share; owned by DirectMode.
struct DirectModeState {
  DirectModeState(sim::ActorContext& context, ActorToolkit toolkit, const CmfConfig& config,
                  SecureChannels& channels, CmpExchange& ra, WorkQueue& queue,
                  DirectModeRaLookup lookup)
      : context(context),
        toolkit(toolkit),
        config(config),
        direct(*config.direct_mode),
        channels(channels),
        ra(ra),
        queue(queue),
        lookup(std::move(lookup)) {}
  // Never copied nor moved: the pieces and callbacks refer to it.
  DirectModeState(const DirectModeState&) = delete;
  DirectModeState& operator=(const DirectModeState&) = delete;

  sim::ActorContext& context;
  ActorToolkit toolkit;
  const CmfConfig& config;
  const DirectModeConfig& direct;
  SecureChannels& channels;
  CmpExchange& ra;
  WorkQueue& queue;
  DirectModeRaLookup lookup;
  VnfciInventory inventory;
  std::map<std::string, DirectModeBootstrap> bootstrap;  // by VNFCI, those attested
  std::map<std::string, pki::Certificate> hsm_roots;     // HSM vendor roots by HSM actor
  // --- runs: the VNFM a VNF is bound to as delegate (C.2.2.1), "" for none. A delegation-mode
  // VNF's VNFCIs are its delegate's business: direct mode does not discover them.
  std::function<std::string(const std::string& vnf)> delegate_of;
};

// Base of the direct-mode pieces: the shared state and helpers.
class DirectModePart : protected ActorPiece {
 protected:
  using Bootstrap = DirectModeBootstrap;
  using Handlers = MessageHandlers<ChannelMessage>;

  explicit DirectModePart(DirectModeState& state);
  ~DirectModePart() = default;

  static constexpr int kMaxBackoffShift = 6;

  static std::string utc(pki::Instant instant);
  static std::string joined(const std::vector<std::string>& list);
  static sim::Duration backoff(sim::Duration base, int attempt);

  static TraceDetail about(const VnfciRecord& r);
  static TraceDetail about(const VnfciRecord& r, const VnfciIdentity& identity);

  pki::Instant now() const;

  // The flow a VNFCI's records belong to: C.2.1.3 with an HSM, C.2.1.2 when attested, else
  // C.2.1.1.
  std::string flow_of(const std::string& vnfci) const;

  // The step of the VNFCI's flow at which the CMF records `decision` (VnfciDiscovered,
  // AttestationCheck, IdentitiesCreated, EndEntityRegistration, VnfciConfiguration ...), as the
  // flow's table gives it: C.2.1.2 and C.2.1.3 insert the attestation check at #2, so C.2.1.1's
  // #0..#3 are their #1, #3, #4, #5.
  std::string step_of(const std::string& vnfci, const char* decision) const;

  const Bootstrap* bootstrap_of(const std::string& vnfci) const;

  static pki::CmpClientConfig cmp_config(const RaIdentity& id);

  void reject_from(const ChannelMessage& m, const std::string& reason);

  sim::ActorContext& context_;
  const CmfConfig& config_;
  const DirectModeConfig& direct_;
  SecureChannels& channels_;
  CmpExchange& ra_;
  WorkQueue& queue_;
  const DirectModeRaLookup& lookup_;
  VnfciInventory& inventory_;
  std::map<std::string, Bootstrap>& bootstrap_;
  std::map<std::string, pki::Certificate>& hsm_roots_;
};

}  // namespace ifa026::actors::cmf
