// What every piece of the `cmf` actor shares (cmf_actor.cpp): its configuration, secure channels,
// work queue and CMP exchange with the CAs (the CMF as RA), the entity registry, its RA identities
// per CA and readiness, the HSM vendor roots, the session kind each entity last enrolled on, and
// direct mode. CmfPart gives each piece (own RA enrolment, entity registration, certificate
// signing, revocation, CRL updates) these under one name each, with the trace and flow-step
// helpers they all use.
#pragma once

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "actors/cmf/cmf_config.hpp"
#include "actors/cmf/direct_mode.hpp"
#include "actors/cmf/entity_registry.hpp"
#include "actors/cmf/ra_identity.hpp"
#include "actors/common/cmp_exchange.hpp"
#include "actors/common/internal_error.hpp"
#include "actors/common/reference_points.hpp"
#include "actors/common/secure_channels.hpp"
#include "actors/common/trace_detail.hpp"
#include "actors/common/work_queue.hpp"
#include "pki/certificate.hpp"
#include "pki/cmp_client.hpp"
#include "sim/actor.hpp"
#include "sim/trace.hpp"

namespace ifa026::actors::cmf {

// The CMF's state; owned by the actor.
struct CmfState {
  CmfState(sim::ActorContext& context, const sim::ActorSpec& spec,
           SecureChannels::MessageHandler on_message, SecureChannels::FailureHandler on_failure);
  // Never copied nor moved: the pieces and callbacks refer to it.
  CmfState(const CmfState&) = delete;
  CmfState& operator=(const CmfState&) = delete;

  sim::ActorContext& context;
  CmfConfig config;
  SecureChannels channels;
  WorkQueue queue;
  CmpExchange ra;  // CA-1, the CMF as RA
  EntityRegistry registry;
  bool ready = false;
  std::map<std::string, RaIdentity> identities;  // by CA actor; config.ca is the primary
  std::vector<pki::Certificate> vendor_roots;
  std::map<std::string, ChannelKind> last_channel;  // entity -> kind of its last CSR session
  std::unique_ptr<DirectMode> direct;               // with `direct_mode` only; destroyed first
};

// Base of the CMF's pieces (and of the actor): the shared state and helpers.
class CmfPart {
 public:
  CmfPart(const CmfPart&) = delete;
  CmfPart& operator=(const CmfPart&) = delete;

 protected:
  using json = nlohmann::json;
  using RecordKind = sim::RecordKind;

  explicit CmfPart(CmfState& state);
  ~CmfPart() = default;

  // "C.4.1.2.6" of "C.4.1.2.6#0"; the step text itself when it has no '#'.
  static std::string flow_of(const std::string& step);
  static std::string step_in(const std::string& flow, int number);
  // The registration flows of the entity kinds Annex C describes (WIM, CISM and CIR have none).
  static std::string registration_flow_of_kind(const std::string& kind);
  static std::string utc(pki::Instant instant);
  // Why a CMP operation with the CA failed: "CA unavailable" when the CA did not answer in time,
  // otherwise the CMP status text (or the client's error).
  static std::string ca_failure(const pki::CmpResult& result);
  static TraceDetail about(const std::string& entity, const std::string& fqdn);

  sim::ActorContext& context() const { return state_.context; }
  const std::string& name() const { return state_.context.name(); }

  // Runs `body`, turning an exception into a traced internal error.
  template <typename F>
  void guarded(const std::string& operation, const std::string& peer, F&& body) {
    try {
      body();
    } catch (const std::exception& e) {
      context().trace(internal_error_record(operation, peer, "", e.what()));
    }
  }

  void record(RecordKind kind, const std::string& operation, const std::string& step,
              const std::string& outcome, const std::string& peer, const std::string& detail,
              const std::string& reference_point = reference_points::kCmf1);
  void reply(const ChannelMessage& to, const char* operation, const std::string& step, json body);

  pki::Instant now();
  sim::Time current_time();

  const RaIdentity* identity(const std::string& ca) const;
  const RaIdentity& primary() const;
  // Every CA certificate the CMF knows (chains and roots of all its CAs).
  std::vector<pki::Certificate> known_ca_certificates() const;
  pki::CmpClientConfig cmp_config(const RaIdentity& id) const;
  // Whether `m` comes from a trusted consumer over day-0 (`reason` says why not).
  bool trusted_consumer(const ChannelMessage& m, std::string& reason) const;

  CmfState& state_;
  const CmfConfig& config_;
  SecureChannels& channels_;
  WorkQueue& queue_;
  CmpExchange& ra_;
  EntityRegistry& registry_;
  bool& ready_;
  std::map<std::string, RaIdentity>& identities_;
  std::vector<pki::Certificate>& vendor_roots_;
  std::map<std::string, ChannelKind>& last_channel_;
  std::unique_ptr<DirectMode>& direct_;
};

}  // namespace ifa026::actors::cmf
