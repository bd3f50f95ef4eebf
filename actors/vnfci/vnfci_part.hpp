// What every piece of the `vnfci` actor shares (vnfci_actor.cpp): its settings, work queue, secure
// channels and CMP exchange with the CA, the identities it was configured with (each with its
// enrolment attempt, certificate and timers), the trust anchors and intermediates it knows, its
// HSM link and attester. VnfciPart gives each piece (configuration, enrolment, renewal) these
// under one name each, the actor's toolkit (ActorPiece: structured trace, guard, guarded timers)
// and the flow-step lookups they all use (steps cited from the Annex C tables,
// actors/messages/flow_steps.hpp).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "actors/common/cmp_exchange.hpp"
#include "actors/common/key_custody.hpp"
#include "actors/common/secure_channels.hpp"
#include "actors/common/trace_detail.hpp"
#include "actors/common/work_queue.hpp"
#include "actors/messages/decisions.hpp"
#include "actors/messages/detail_keys.hpp"
#include "actors/messages/flow_steps.hpp"
#include "actors/messages/reference_points.hpp"
#include "actors/toolkit/actor_piece.hpp"
#include "actors/vnfci/attester.hpp"
#include "actors/vnfci/hsm_link.hpp"
#include "actors/vnfci/vnfci_config.hpp"
#include "pki/certificate.hpp"
#include "pki/csr.hpp"
#include "pki/key.hpp"
#include "sim/actor.hpp"
#include "sim/trace.hpp"

namespace ifa026::actors::vnfci {

// Flow steps (docs/direct-mode.md): enrolment steps by flow, renewal (C.2.1.4) for all.
inline constexpr const char* kFlowDirect = flows::kDirect;
inline constexpr const char* kFlowAttested = flows::kDirectAttested;
inline constexpr const char* kFlowHsm = flows::kDirectHsm;

struct FlowSteps {
  int configuration;
  int key;  // GenerateKey (C.2.1.3: the key pair from the HSM)
  int request;
  int reply;
};

FlowSteps steps_of(const std::string& flow);
// Row `number` of `flow`'s table ("" when the flow has no such row).
std::string flow_step(const std::string& flow, int number);

inline constexpr const char* kStepRenewalCondition = flows::step(flows::kDirectRenewal, 0);
inline constexpr const char* kStepRenewalDue = flows::step(flows::kDirectRenewal, 1);
inline constexpr const char* kStepRenewalKey = flows::step(flows::kDirectRenewal, 2);
inline constexpr const char* kStepKur = flows::step(flows::kDirectRenewal, 3);
inline constexpr const char* kStepKup = flows::step(flows::kDirectRenewal, 5);

enum class Purpose { enrolment, renewal, rotation };

const char* to_string(Purpose purpose);

// One enrolment, renewal or key rotation in progress.
struct Attempt {
  std::uint64_t id = 0;
  Purpose purpose = Purpose::enrolment;
  bool renewal = false;                // enrolled by kur (a renewal or a key rotation)
  std::optional<pki::PrivateKey> key;  // the new key
  std::string handle;                  // its HSM handle (C.2.1.3)
  std::optional<pki::Csr> csr;         // the HSM-signed request (C.2.1.3 #10-#12)
  int retries = 0;                     // retries done so far
  std::uint64_t operation = 0;         // CmpExchange operation in flight, 0: none
  sim::EventId retry_timer;
};

// The one-use initial credential an identity enrols with (dropped once enrolled).
struct InitialCredential {
  std::string reference;
  pki::Bytes secret;
};

// One configured identity (its name is its key in the actor's map).
struct Identity {
  std::string flow = kFlowDirect;  // the enrolment flow the configuration named
  std::string subject;
  std::vector<std::string> dns;
  std::string ca;
  std::unique_ptr<InitialCredential> credential;  // null once enrolled
  std::uint32_t anchor = 0;                       // index into the actor's trust anchors
  sim::Duration renew_before;
  std::optional<pki::Certificate> certificate;
  // The certificate's private key as compact unencrypted PKCS#8 (67 bytes for P-256), parsed when a
  // renewal needs it: an OpenSSL EVP_PKEY held instead costs about 2.5 KB.
  pki::Bytes key_der;
  std::unique_ptr<Attempt> attempt;
  sim::EventId renewal_timer;
  sim::EventId rotation_timer;
  std::uint32_t renewals = 0;
  std::uint32_t rotations = 0;
};

// The VNFCI's state; owned by the actor.
struct VnfciState {
  VnfciState(sim::ActorContext& context, const sim::ActorSpec& spec, ActorToolkit toolkit,
             SecureChannels::MessageHandler on_message, SecureChannels::FailureHandler on_failure);
  // Never copied nor moved: the pieces and callbacks refer to it.
  VnfciState(const VnfciState&) = delete;
  VnfciState& operator=(const VnfciState&) = delete;

  sim::ActorContext& context;
  ActorToolkit toolkit;
  std::shared_ptr<const Settings> settings;
  WorkQueue queue;
  SecureChannels channels;
  CmpExchange exchange;  // CA-1
  std::string cmf;       // the CMF whose configuration this VNFCI accepted
  std::map<std::string, Identity> identities;
  std::vector<pki::Certificate> anchors;        // distinct configured trust anchors
  std::vector<pki::Certificate> intermediates;  // distinct issuing CAs seen in responses
  std::optional<pki::Certificate> rogue_anchor;
  sim::EventId idle_timer;
  // The HMEE's link to its HSM (C.2.1.3), made by the first configuration that needs it: most
  // VNFCIs never use one, and an idle VNFCI should cost little.
  std::unique_ptr<HsmLink> hsm;
  std::unique_ptr<Attester> attester;
  std::set<std::string> attested_peers;  // relying parties whose day-0 secret is attested
  // The private keys of its identities it holds (issue 17: the key-custody ledger's final state,
  // written as KeyInventory when the run ends).
  PrivateKeyInventory keys;
};

// Loads the first identity holding a certificate into `credentials` (its key, the intermediates
// as chain, the trust anchors and intermediates as anchors): what the VNFCI's mutual TLS sessions
// with other VNFCIs and with telemetry collectors authenticate with. False when none holds one.
bool load_identity_credentials(const VnfciState& state, ChannelCredentials& credentials);

// Base of the VNFCI's pieces (and of the actor): the shared state and helpers. The actor's Tracer
// puts vnfci=<name> before every record's detail.
class VnfciPart : protected ActorPiece {
 protected:
  using json = nlohmann::json;
  using Duration = sim::Duration;
  using RecordKind = sim::RecordKind;

  explicit VnfciPart(VnfciState& state) : ActorPiece(state.toolkit), state_(state) {}
  ~VnfciPart() = default;

  sim::ActorContext& context() const { return state_.context; }
  const std::string& name() const { return state_.context.name(); }

  // The detail of a record about `identity` (none: "").
  static TraceDetail about(const std::string& identity);
  // "vnfci=<name>; identity=<identity>": the detail CmpExchange puts on its records.
  std::string identity_detail(const std::string& identity) const;

  // Closes the day-0 sessions once they have been idle for `channel_idle` (a TLS session is
  // heavy; the CMF opens a new one when it has more to say).
  void touch_channels();
  // The HMEE's link to its HSM, made on first use.
  HsmLink& hsm();
  const pki::Certificate& anchor_for(const Identity& id) const;

  VnfciState& state_;
};

}  // namespace ifa026::actors::vnfci
