// What every piece of the NFV-MANO entity shares (mano_entity.hpp): its parameters, tracer, guard,
// work queue and secure channels, the configuration the OSS gave it, the enrolment in progress,
// the certificate it holds and its history, its renewal timer and its extension. ManoEntityPart
// gives each piece (configuration, key generation, enrolment, revocation, CRLs, peer sessions)
// these under one name each, with the guarded timers and flow-step lookups they all use.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "actors/common/certificate_holder.hpp"
#include "actors/common/mano_entity.hpp"
#include "actors/common/secure_channels.hpp"
#include "actors/common/trace_detail.hpp"
#include "actors/common/work_queue.hpp"
#include "actors/messages/decisions.hpp"
#include "actors/messages/detail_keys.hpp"
#include "actors/toolkit/handler_guard.hpp"
#include "actors/toolkit/trace_event.hpp"
#include "pki/certificate.hpp"
#include "pki/key.hpp"
#include "sim/actor.hpp"
#include "sim/trace.hpp"

namespace ifa026::actors {

// What the OSS configured for this entity (SetCertificateConfiguration with target = self).
struct ManoEntityConfig {
  std::string fqdn;
  std::string subject;
  pki::KeyType key_type = pki::KeyType::ec_p256;
  std::string cmf;
  std::string credential_reference;
  std::optional<pki::Bytes> credential_secret;
  pki::Bytes attestation_nonce;
  std::vector<pki::Certificate> trust_anchors;
  std::string relay;  // the peer that delivered it
};

// One enrolment or renewal in progress.
struct ManoEntityAttempt {
  std::uint64_t id = 0;
  std::string purpose;  // "enrolment" or "renewal"
  bool in_hsm = false;
  std::optional<pki::PrivateKey> key;  // own key (not in HSM mode)
  std::optional<pki::PublicKey> public_key;
  std::string hsm_handle;
  std::optional<pki::Bytes> attestation;
  bool waiting_for_cmf = false;
  std::string awaiting_hsm;  // the HSM response expected next
};

// The entity's parameters and shared state; owned by the entity.
struct ManoEntityState {
  // `host` is the entity under construction: stored, not called, until it is built.
  ManoEntityState(ManoEntityHost& host, sim::ActorContext& context, Tracer& tracer,
                  HandlerGuard& guard, const sim::ActorSpec& spec, ManoEntityKind kind,
                  SecureChannels::MessageHandler on_message,
                  SecureChannels::FailureHandler on_failure);
  // Never copied nor moved: the pieces and callbacks refer to it.
  ManoEntityState(const ManoEntityState&) = delete;
  ManoEntityState& operator=(const ManoEntityState&) = delete;

  ManoEntityHost& host;
  sim::ActorContext& context;
  Tracer& tracer;  // the entity's, with its entity= and fqdn= prefix
  HandlerGuard& guard;
  const ManoEntityKind kind;
  const std::string hsm;
  const std::string key_type_override;
  const sim::Duration renewal_threshold;
  const bool auto_enrol;
  const std::vector<std::string> peers;
  const bool auto_renew;
  const bool ignore_removal;
  const bool accept_stale_crl;
  const sim::Duration peer_retry;
  const long long peer_retries;
  const bool tamper_csr;
  const bool wrong_secret;
  const long long enrol_retries;
  const sim::Duration enrol_retry_delay;
  const sim::Duration keygen_time;
  const sim::Duration sign_time;
  const std::vector<std::string> access;
  const bool access_control;

  WorkQueue queue;
  SecureChannels channels;

  std::optional<ManoEntityConfig> config;
  std::map<std::string, std::string> kinds;  // actor -> kind, from configurations
  std::set<std::string> relays;              // peers that delivered configurations
  std::optional<ManoEntityAttempt> attempt;
  std::optional<HeldCertificate> current;
  std::vector<HeldCertificate> history;
  sim::EventId renewal_timer;
  // Built last, from the entity, once everything else is.
  std::unique_ptr<ManoEntityExtension> extension;
};

// Base of the entity's pieces (and of the entity): the shared state and helpers.
class ManoEntityPart {
 public:
  ManoEntityPart(const ManoEntityPart&) = delete;
  ManoEntityPart& operator=(const ManoEntityPart&) = delete;

 protected:
  using json = nlohmann::json;
  using RecordKind = sim::RecordKind;
  using TraceDetail = actors::TraceDetail;
  using Configuration = ManoEntityConfig;
  using Attempt = ManoEntityAttempt;

  explicit ManoEntityPart(ManoEntityState& state);
  ~ManoEntityPart() = default;

  sim::ActorContext& context() const { return state_.context; }
  const std::string& name() const { return state_.context.name(); }
  std::string fqdn() const { return config_ ? config_->fqdn : std::string(); }
  std::vector<pki::Certificate> trust_anchors() const {
    return config_ ? config_->trust_anchors : std::vector<pki::Certificate>{};
  }
  // True when the entity holds a certificate and its key in its TLS credentials.
  bool can_authenticate() const {
    return channels_.credentials().key.has_value() &&
           channels_.credentials().certificate.has_value();
  }

  // One structured record through the entity's tracer (detail prefixed with entity= and fqdn=).
  void trace(TraceEvent event) { state_.tracer(std::move(event)); }
  // A timer whose callback runs inside the entity's guard (site operation: `label`).
  sim::EventId schedule(sim::Duration delay, std::string label, std::function<void()> callback) {
    return state_.host.schedule(delay, std::move(label), std::move(callback));
  }
  // `work` inside the entity's guard, for callbacks that are no timer of the entity's own (work
  // queue jobs); `site` names them in the record an exception leaves.
  template <typename F>
  void guarded(const std::string& site, F&& work) {
    state_.guard.run({.operation = site}, std::forward<F>(work));
  }

  // The prefix of every record of the entity: entity= and fqdn=.
  TraceDetail entity_detail() const;

  // ---- flow steps and reference points ----

  // Step 0 of the entity's CSR flow (with or without its HSM), "" for a kind without one.
  std::string csr_step() const;
  std::string reference_point_to(const std::string& peer) const;

  ManoEntityState& state_;
  const ManoEntityKind& kind_;
  const std::string& hsm_;
  const std::string& key_type_override_;
  const sim::Duration& renewal_threshold_;
  const bool& auto_enrol_;
  const std::vector<std::string>& peers_;
  const bool& auto_renew_;
  const bool& ignore_removal_;
  const bool& accept_stale_crl_;
  const sim::Duration& peer_retry_;
  const long long& peer_retries_;
  const bool& tamper_csr_;
  const bool& wrong_secret_;
  const long long& enrol_retries_;
  const sim::Duration& enrol_retry_delay_;
  const sim::Duration& keygen_time_;
  const sim::Duration& sign_time_;
  const std::vector<std::string>& access_;
  const bool& access_control_;
  WorkQueue& queue_;
  SecureChannels& channels_;
  std::optional<Configuration>& config_;
  std::map<std::string, std::string>& kinds_;
  std::set<std::string>& relays_;
  std::optional<Attempt>& attempt_;
  std::optional<HeldCertificate>& current_;
  std::vector<HeldCertificate>& history_;
  sim::EventId& renewal_timer_;
  std::unique_ptr<ManoEntityExtension>& extension_;
};

}  // namespace ifa026::actors
