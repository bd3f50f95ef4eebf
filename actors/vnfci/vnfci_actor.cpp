// The `vnfci` actor (docs/direct-mode.md): one VNFC instance in direct mode. It takes its
// certificate configuration from the CMF over a day-0 TLS session (CMF-VNFCI), and for each
// identity generates a key pair, enrols directly at the CA with CMP ir protected by the initial
// credential (C.2.1.1 #4-#7), verifies what it gets (chain to the configured trust anchor at
// simulated time, subject and dNSNames as configured, its own key), and renews with kur signed by
// the current certificate once not_after - renew_before is reached (C.2.1.4). A CMP operation the
// CA does not answer is retried with exponential back-off.
//
// With `secure_bootstrap` (set by the VNFM) its HMEE is attested at start (vnfci::Attester,
// C.2.1.2 pre-condition 3) and the day-0 secret of each relying party is the PSK derived from the
// attestation; the configuration then names the flow (C.2.1.2: the steps are numbered #5-#9;
// C.2.1.3: key pairs come from the HSM over mutual TLS, vnfci::HsmLink, #6-#8, the request is
// built (#9), optionally signed by the HSM (#10-#12) and sent at #13; with `key_rotation` the
// steps #6-#15 repeat, the new key enrolled by kur signed with the current certificate).
//
// Memory per identity is kept small (issue 5: 4 KiB per enrolled identity): the certificate as
// DER (pki::Certificate), the key as PKCS#8 DER parsed only to renew, the texts of the
// configuration, an index into the actor's list of distinct trust anchors; the initial
//
// This file is the shell: the actor type, the shared state, the sim::Actor and VnfciIdentities
// roles and the routing of messages and commands. One piece per concept, each its own pair:
// - vnfci_configuration: the configuration from the CMF;
// - vnfci_enrolment: enrolment, renewal and rotation attempts at the CA (CMP), verification,
//   installation, the report to the CMF;
// - vnfci_renewal: when renewals and key rotations start;
// - hsm_link, attester: the HMEE's HSM and its attestation (C.2.1.2, C.2.1.3).
#include "actors/vnfci/vnfci_actor.hpp"

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "actors/common/envelope.hpp"
#include "actors/common/trace_detail.hpp"
#include "actors/messages/decisions.hpp"
#include "actors/messages/detail_keys.hpp"
#include "actors/messages/operations.hpp"
#include "actors/toolkit/actor_registration.hpp"
#include "actors/toolkit/nfv_actor.hpp"
#include "actors/vnfci/vnfci_associations.hpp"
#include "actors/vnfci/vnfci_config.hpp"
#include "actors/vnfci/vnfci_configuration.hpp"
#include "actors/vnfci/vnfci_delegated.hpp"
#include "actors/vnfci/vnfci_disk.hpp"
#include "actors/vnfci/vnfci_enrolment.hpp"
#include "actors/vnfci/vnfci_identities.hpp"
#include "actors/vnfci/vnfci_part.hpp"
#include "actors/vnfci/vnfci_renewal.hpp"
#include "actors/vnfci/vnfci_telemetry.hpp"

namespace ifa026::actors {
namespace {

constexpr const char* kTypeName = "vnfci";

// Holds the shared state so that it is built before the pieces that refer to it.
struct VnfciStateHolder {
  vnfci::VnfciState state;
};

class VnfciActor final : public NfvActor,
                         private VnfciStateHolder,
                         private vnfci::VnfciPart,
                         public VnfciIdentities {
 public:
  VnfciActor(sim::ActorContext& context, const sim::ActorSpec& spec)
      : NfvActor(context, spec),
        VnfciStateHolder{vnfci::VnfciState(
            context, spec, ActorToolkit{NfvActor::tracer(), NfvActor::guard()},
            [this](const ChannelMessage& m) {
              NfvActor::guarded({.operation = m.envelope.operation,
                                 .peer = m.peer.name,
                                 .reference_point = m.reference_point,
                                 .step = m.envelope.step},
                                [&] { on_channel_message(m); });
            },
            [this](const std::string& peer, ChannelKind kind, const std::string& failure,
                   const std::vector<Envelope>&) {
              NfvActor::guarded({.operation = decisions::kHsmChannel, .peer = peer}, [&] {
                if (state.hsm) state.hsm->on_failure(peer, kind, failure);
              });
            })},
        VnfciPart(state),
        configuration_(state, enrolment_),
        enrolment_(state, renewal_),
        renewal_(state, enrolment_),
        associations_(state),
        telemetry_(state, spec.params),
        delegated_(state, spec) {
    // Every record of this VNFCI (its pieces', the guard's) says which VNFCI it is about.
    NfvActor::tracer().set_prefix(
        [this] { return TraceDetail().add(detail_keys::kVnfci, NfvActor::name()); });
  }

  // ---- NfvActor (every entry point runs inside the toolkit's guard) ----

  void start() override {
    // After a crash with restart: the certificates it had, renewed on time (vnfci_disk.hpp).
    if (vnfci::VnfciDisk(state).restore() != 0)
      for (const auto& [name, id] : state.identities) {
        renewal_.schedule_renewal(name);
        renewal_.schedule_rotation(name);
      }
    telemetry_.start();  // issue 16: telemetry rounds when a policy is set
    if (!state.attester) return;
    state.attester->start();
    if (state.attester->hmee_key() && state.attester->hmee_certificate()) {
      // The HMEE's credentials for the mutual TLS with its HSM (C.2.1.3 #6).
      auto& credentials = state.channels.credentials();
      credentials.key = state.attester->hmee_key();
      credentials.certificate = state.attester->hmee_certificate();
      credentials.chain = state.attester->platform_chain();
    }
  }

  void receive(const sim::Message& message) override {
    if (state.exchange.handle(message)) return;
    if (associations_.handle(message)) return;  // Vnf-Sa, Vnf-Vnf (security associations)
    if (telemetry_.handle(message)) return;     // Sm-Sf (telemetry sessions; issue 16)
    if (delegated_.handle(message)) return;     // NFVI-Inject, Ve-Vnfm-vnf (issue 17)
    if (state.channels.handle(message)) return;
    if (state.attester && state.attester->handle(message)) return;
    NfvActor::trace(
        {.operation = message.operation.empty() ? decisions::kMessage : message.operation,
         .outcome = outcomes::kRejected,
         .peer = message.from,
         .reference_point = message.reference_point,
         .detail =
             TraceDetail().add(detail_keys::kReason, "not accepted outside a secure channel")});
  }

  // The end of the run: the private keys it holds (issue 17, key custody).
  void finish() override { state.keys.trace_final_state(NfvActor::tracer()); }

  void command(const sim::Command& command) override {
    if (command.name == "exploit" && telemetry_.exploit()) return;  // issue 16 (R1.3.190)
    if (command.name != "renew") return NfvActor::command(command);
    renewal_.renew_on_request(vnfci::renew_identity(command.args));
  }

  // ---- VnfciIdentities ----

  std::vector<VnfciIdentityState> identities() const override {
    std::vector<VnfciIdentityState> out;
    for (const auto& [name, id] : state.identities)
      out.push_back(VnfciIdentityState{name, id.subject, id.dns, id.ca, id.certificate,
                                       anchor_for(id), id.renewals, id.attempt != nullptr,
                                       id.rotations, id.flow, state.intermediates});
    return out;
  }

 private:
  using sim::Actor::context;
  using sim::Actor::name;

  // ---- secure channel messages: the HSM link's, the configuration ----

  void on_channel_message(const ChannelMessage& m) {
    touch_channels();
    if (state.hsm && state.hsm->handle(m)) return;
    const std::string& op = m.envelope.operation;
    if (op != operations::kVnfciCertificateConfiguration || delegated_.enabled()) {
      NfvActor::trace(
          {.operation = op,
           .outcome = outcomes::kRejected,
           .peer = m.peer.name,
           .reference_point = m.reference_point,
           .detail = TraceDetail().add(detail_keys::kReason,
                                       delegated_.enabled() ? "delegation mode: no self-enrolment"
                                                            : "unsupported operation")});
      return;
    }
    configuration_.on_configuration(m);
  }

  vnfci::VnfciConfiguration configuration_;
  vnfci::VnfciEnrolment enrolment_;
  vnfci::VnfciRenewal renewal_;
  vnfci::VnfciAssociations associations_;
  vnfci::VnfciTelemetry telemetry_;
  vnfci::VnfciDelegated delegated_;
};

}  // namespace

void register_vnfci_actor(sim::ActorRegistry& registry) {
  registry.add(
      kTypeName,
      actor_type(
          kTypeName,
          {.description =
               "VNFC instance in direct mode: configuration from the CMF over day-0 TLS, a key per "
               "identity, CMP ir at the CA with the initial credential, verification, kur renewal",
           .params = vnfci::param_rules(),
           .commands = {{"renew",
                         "renew now every identity that holds a certificate and is idle",
                         {{"identity", sim::ParamType::string, "only this identity", false,
                           "every identity"}}},
                        {"exploit",
                         "fault: the VNFCI is exploited, its telemetry leaves its baseline "
                         "(R1.3.190; needs a telemetry policy)",
                         {}}},
           .check = vnfci::check_cross_fields},
          [](sim::ActorContext& context, const sim::ActorSpec& spec) {
            return std::make_unique<VnfciActor>(context, spec);
          }));
}

}  // namespace ifa026::actors
