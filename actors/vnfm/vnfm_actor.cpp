// The `vnfm` actor type: a VNFM (C.4.2, Annex B.3) that enrols its MANO certificate at the CMF
// and relays certificate configuration to the VIM on Vi-Vnfm (the shared MANO entity), and runs the
// VNF lifecycle of docs/direct-mode.md as the entity's extension: LCM commands on VNF instances
// built from VNFD-like descriptors, VNFCI actors spawned and retired, LCM operation-occurrence
// notifications to subscribers and a query interface on Cm-Vnfm over mutual TLS. The workload
// commands are the shortcut of small scenarios; the lifecycle chain's path (Or-Vnfm requests from
// the NFVO, grants, allocations through the VIM/CISM, auto-heal; docs/lifecycle.md) is
// vnfm::ChainOperations (chain_operations.hpp), which shares this extension's VnfLcm,
// subscriptions, occurrence counter and running set.
//
// Modelling decisions:
// - Operations on one VNF run one at a time, in command order (the later ones wait); each is
//   checked against the state when it starts, so a refused one changes nothing. An operation
//   notifies STARTING, takes `lcm_duration` of simulated time, retires the VNFCI actors it removes,
//   spawns those it adds, then notifies COMPLETED with the affected VNFCs. A VNFCI that cannot be
//   spawned is left out and the operation ends FAILED (its name is not reused).
// - Subscriptions and queries come over mutual TLS only (the entity's access control), so before
//   the VNFM holds its certificate the handshake itself refuses them. Notifications for existing
//   subscribers wait while the VNFM holds no certificate (removed, not yet renewed) and go out, in
//   order, once one is installed.
// - Secure bootstrapping (C.2.1.2, C.2.1.3): the VNFM plays its NFVI's root of trust. When a VNFC
//   of its descriptors has `secure_bootstrap`, it makes a hardware root CA at start and hands its
//   certificate at day 0 (HardwareRoot on NFVI-Trust) to the actors of `hardware_root_to`
//   (verifiers, HSMs). Each such VNFCI gets, in its spawn parameters, a platform attestation key
//   (PKCS#8) certified by the hardware root as a CA of path length 0 (so the HMEE can certify its
//   own key under it), the VNFC's measurements, its reference "vnfd/vnfc", the `verifier` and the
//   HSM options; `tampered_vnfcis` of an operation spawns the named VNFCIs with their first
//   measurement (by name) tampered. Notifications and queries say `secure_bootstrap` per VNFCI.
#include "actors/vnfm/vnfm_actor.hpp"

#include <deque>
#include <map>
#include <memory>
#include <set>
#include <utility>
#include <variant>

#include "actors/common/actor_params.hpp"
#include "actors/common/audit_log_source.hpp"
#include "actors/common/envelope.hpp"
#include "actors/common/mano_entity.hpp"
#include "actors/common/pki_clock.hpp"
#include "actors/common/trace_detail.hpp"
#include "actors/messages/cm_vnfm.hpp"
#include "actors/messages/codec.hpp"
#include "actors/messages/decisions.hpp"
#include "actors/messages/detail_keys.hpp"
#include "actors/messages/lcm_vocabulary.hpp"
#include "actors/messages/nfvi_trust.hpp"
#include "actors/messages/reference_points.hpp"
#include "actors/vnfm/chain_operations.hpp"
#include "actors/vnfm/delegated_lifecycle.hpp"
#include "actors/vnfm/delegation_setup.hpp"
#include "actors/vnfm/hsm_key_maker.hpp"
#include "actors/vnfm/lccn_subscriptions.hpp"
#include "actors/vnfm/rogue_instantiation.hpp"
#include "actors/vnfm/sm_vnfm_service.hpp"
#include "actors/vnfm/software_update.hpp"
#include "actors/vnfm/vnf_lcm.hpp"
#include "actors/vnfm/vnfd.hpp"
#include "actors/vnfm/vnfm_hsm_endpoint.hpp"
#include "pki/certificate_authority.hpp"

namespace ifa026::actors {
namespace {

using nlohmann::json;
using sim::RecordKind;
using vnfm::LcmOperation;
using vnfm::LcmPlan;
using vnfm::LcmRequest;
namespace dk = detail_keys;

constexpr const char* kVnfciType = "vnfci";
// LCM operation occurrence states and VNFC changes (messages/cm_vnfm.hpp).
constexpr const char* kStateStarting = "STARTING";
constexpr const char* kStateCompleted = "COMPLETED";
constexpr const char* kStateFailed = "FAILED";
constexpr const char* kChangeAdded = "ADDED";
constexpr const char* kChangeRemoved = "REMOVED";
constexpr std::int64_t kDaySeconds = 86400;
constexpr std::int64_t kHardwareRootSeconds = 20 * 365 * kDaySeconds;
constexpr std::int64_t kPlatformKeySeconds = 365 * kDaySeconds;

std::vector<ParamRule> lifecycle_param_rules() {
  return {
      {"vnfds", ParamType::object,
       "VNFD-like descriptors by id: {vnfcs: {id: {identities: [{name, usage, subject, dns}]}}}"},
      {"vnfci_params", ParamType::object, "parameters of every spawned vnfci actor"},
      {"lcm_duration", ParamType::duration,
       "simulated time from an LCM operation's STARTING to its COMPLETED", false, "100ms"},
      {"notification_retry", ParamType::duration,
       "wait before re-sending notifications after a failed session", false, "5s"},
      {"notification_retries", ParamType::integer,
       "re-sends of a notification before it is given up", false, "5"},
      {"verifier", ParamType::string,
       "attestation service of VNFCIs with secure_bootstrap (needed when a VNFC has one)"},
      {"hardware_root_to", ParamType::string_list,
       "actors (verifiers, HSMs) that get the NFVI's hardware root at start (HardwareRoot)"},
      {"request_timeout", ParamType::duration,
       "lifecycle chain: wait for an answer to a grant, allocation or release request before it "
       "is sent again",
       false, "5s"},
      {"request_retries", ParamType::integer,
       "lifecycle chain: re-sends of an unanswered grant, allocation or release request", false,
       "3"},
  };
}

bool any_secure_bootstrap(const vnfm::VnfdCatalogue& catalogue) {
  for (const auto& [id, vnfd] : catalogue)
    for (const auto& [vnfc, descriptor] : vnfd.vnfcs)
      if (descriptor.secure_bootstrap) return true;
  return false;
}

void check_lifecycle_params(const json& params, std::vector<sim::Diagnostic>& out) {
  if (!params.is_object()) return;
  vnfm::check_delegation_params(params, out);  // issue 17
  if (auto it = params.find("vnfds"); it != params.end()) {
    vnfm::check_vnfds(*it, out);
    if (any_secure_bootstrap(vnfm::read_vnfds(*it)) && string_param(params, "verifier").empty())
      out.push_back({"", 0, 0, "/verifier",
                     "verifier: a VNFC has secure_bootstrap, so the VNFM needs the attestation "
                     "service's actor name",
                     false});
  }
}

class VnfmLifecycle final : public ManoEntityExtension, public AuditLogSource {
 public:
  VnfmLifecycle(ManoEntityHost& host, const sim::ActorSpec& spec)
      : host_(host),
        lcm_(vnfm::read_vnfds(spec.params.value("vnfds", json::object()))),
        vnfci_params_(spec.params.value("vnfci_params", json::object())),
        lcm_duration_(
            duration_param(spec.params, "lcm_duration", sim::Duration::milliseconds(100))),
        subscriptions_(host,
                       duration_param(spec.params, "notification_retry", sim::Duration::seconds(5)),
                       int_param(spec.params, "notification_retries", 5)),
        verifier_(string_param(spec.params, "verifier")),
        hardware_root_to_(string_list_param(spec.params, "hardware_root_to")),
        security_managers_(host, spec.params),
        delegation_(
            vnfm::make_delegation_manager(host, vnfm::read_delegation_settings(spec.params))),
        chain_(host,
               vnfm::SharedLifecycle{
                   .lcm = lcm_,
                   .subscriptions = subscriptions_,
                   .next_occurrence = next_occurrence_,
                   .running = running_,
                   .vnfci_params =
                       [this](const LcmPlan& plan, const vnfm::Vnfci& vnfci) {
                         return vnfci_params(plan, vnfci);
                       },
                   .bootstrap_problem =
                       [this](const vnfm::Vnfd& vnfd) { return bootstrap_problem(vnfd); },
                   .idle = [this](const std::string& vnf) { start_next(vnf); },
                   .unhealed_crash =
                       [this](const std::string& vnf, const std::string& vnfci,
                              const std::string& detected_by, const std::string& reason) {
                         unhealed_crash(vnf, vnfci, detected_by, reason);
                       },
                   .delegation = delegation_.get()},
               RetryPolicy{
                   .timeout =
                       duration_param(spec.params, "request_timeout", sim::Duration::seconds(5)),
                   .retries = static_cast<int>(int_param(spec.params, "request_retries", 3))}) {
    updates_.read_faults(spec.params);  // software updates (issue 16)
    delegated_settings_ = vnfm::read_delegated_lifecycle_settings(spec.params);  // issue 17
    // Delegation mode (issue 17): keys of delegated_install "hsm" are made in the VNFM's HSM;
    // installation after the allocations, renewal and revocation are the delegated lifecycle's.
    delegation_->set_hsm_key_maker(
        [](ManoEntityHost& owner,
           const vnfm::DelegationSettings& settings) -> std::unique_ptr<vnfm::DelegatedKeyMaker> {
          return std::make_unique<vnfm::HsmKeyMaker>(owner, settings.hsm);
        });
    hsm_endpoint_ = std::make_unique<vnfm::VnfmHsmEndpoint>(
        host, vnfm::read_delegation_settings(spec.params).hsm);  // issue 17 (hmee)
    start_delegated_lifecycle(
        *delegation_,
        [this](const std::string&,
               const std::string& vnfd) -> std::optional<vnfm::DelegatedInstall> {
          auto it = lcm_.catalogue().find(vnfd);
          if (it == lcm_.catalogue().end() || it->second.certificate_mode != lcm::kModeDelegation)
            return std::nullopt;
          if (it->second.delegated_install == "configuration")
            return vnfm::DelegatedInstall::configuration;
          if (it->second.delegated_install == "hsm") return vnfm::DelegatedInstall::hsm;
          return vnfm::DelegatedInstall::instantiation;
        },
        // Issue 17 (hmee): the HSM the VNFCI's HMEE fetches its keys from, and its vendor root.
        [this](const std::string&) { return hsm_endpoint_->endpoint(); });
    chain_.other_grants = [this](const auto& response, const auto& m) {
      return updates_.on_grant(response, m);
    };
    if (any_secure_bootstrap(lcm_.catalogue())) {
      sim::ActorContext& context = host.actor_context();
      const pki::Instant start = pki_instant(context.epoch(), sim::Time::zero());
      hardware_root_ =
          std::make_unique<pki::CertificateAuthority>(pki::CertificateAuthority::create_root(
              pki::DistinguishedName{
                  {{"CN", spec.name + " NFVI Hardware Root"}, {"O", "ifa026 NFVI"}}},
              pki::PrivateKey::generate(pki::KeyType::ec_p256),
              pki::Instant{start.unix_ns - kDaySeconds * 1'000'000'000}, kHardwareRootSeconds));
    }
    // Cm-Vnfm requests, from peers that passed the entity's access control; Sc-Vnfm from SMs.
    auto& requests = host.request_handlers();
    security_managers_.serve(requests);
    requests.on<vnfm::LccnSubscriptionRequestAsSent>(
        [this](const vnfm::LccnSubscriptionRequestAsSent& request, const ChannelMessage& m) {
          on_subscription(m, request);
        });
    requests.on<messages::QueryVnfRequest>(
        [this](const messages::QueryVnfRequest& request, const ChannelMessage& m) {
          on_query(m, request);
        },
        [this](const ChannelMessage& m, const std::string& reason) {
          messages::QueryVnfResponse refusal;
          refusal.status = outcomes::kRejected;
          refusal.reason = reason;
          host_.channels().reply(m, messages::to_envelope(refusal));
        });
  }

  // Day 0: the NFVI's hardware root to verifiers and HSMs (C.2.1.3 pre-condition 6).
  void on_start() override {
    if (!hardware_root_) return;
    const Envelope envelope = messages::to_envelope(
        messages::HardwareRoot{.hardware_root = hardware_root_->certificate().der(),
                               .nfvi = host_.actor_context().name()});
    for (const auto& to : hardware_root_to_)
      host_.send_envelope(to, reference_points::kNfviTrust, envelope);
    std::string list;
    for (const auto& to : hardware_root_to_) list += (list.empty() ? "" : ",") + to;
    decision(decisions::kHardwareRoot, outcomes::kSent,
             TraceDetail()
                 .add(dk::kTo, list)
                 .add(dk::kSubject, hardware_root_->certificate().subject().to_string()),
             "", reference_points::kNfviTrust);
  }

  const AuditLog& audit_log() const override { return security_managers_.gateway().audit_log(); }

  bool on_command(const sim::Command& command) override {
    // register_delegate (issue 17)
    if (delegation_->on_command(command)) return true;
    if (rogue_.on_command(command)) return true;    // fault rogue_instantiate (issue 16)
    if (updates_.on_command(command)) return true;  // update_vnf_software (issue 16)
    auto operation = vnfm::lcm_operation_from_command(command.name);
    if (!operation) return false;
    auto parsed = vnfm::parse_lcm_request(*operation, command.args);
    if (auto* reason = std::get_if<std::string>(&parsed)) {
      TraceDetail detail;
      detail.add(dk::kOperation, vnfm::to_string(*operation))
          .add(dk::kVnf, string_param(command.args, "vnf"))
          .add(dk::kReason, *reason);
      decision(decisions::kVnfLcmOperation, outcomes::kRejected, detail);
      return true;
    }
    LcmRequest request = std::get<LcmRequest>(std::move(parsed));
    const std::string vnf = request.vnf;
    pending_[vnf].push_back(std::move(request));
    start_next(vnf);
    return true;
  }

  void on_channel_failure(const std::string& peer, ChannelKind kind, const std::string& /*failure*/,
                          const std::vector<Envelope>& dropped) override {
    subscriptions_.on_channel_failure(peer, kind, dropped);
  }

  void on_certificate_changed() override { subscriptions_.on_certificate_changed(); }

  // The run ended: the VNFCI private keys the delegation store still holds (issue 17).
  void on_finish() override { delegation_->finish(); }

  // Issue 17 ("config"; delegated_lifecycle.hpp): once the VNFM has its delegation manager, the
  // chain installs delegated credentials after the allocations (C.2.2.4.6, C.2.2.4.7), watches
  // and renews every delegated certificate, and revokes those of removed VNFCIs. `mode_of` gives
  // a VNF's install mode from its VNFD id (the VNFD's `delegated_install`; nullopt for a
  // direct-mode VNF).
  void start_delegated_lifecycle(vnfm::DelegationManager& manager,
                                 vnfm::DelegatedLifecycle::ModeOf mode_of,
                                 vnfm::DelegatedConfiguration::HsmOf hsm_of = {}) {
    delegated_ = std::make_unique<vnfm::DelegatedLifecycle>(host_, manager, delegated_settings_,
                                                            std::move(mode_of), std::move(hsm_of));
    chain_.delegation.after_allocations =
        [this](const std::string& vnf, const std::string& vnfd,
               const std::vector<vnfm::ChainOperations::AddedResource>& added,
               std::function<void(bool, const std::string&)> done) {
          std::vector<vnfm::AddedVnfci> vnfcis;
          for (const auto& a : added)
            vnfcis.push_back({a.vnfci, a.kind == lcm::kResourceOsContainer ? a.producer : ""});
          return delegated_->after_allocations(vnf, vnfd, vnfcis, std::move(done));
        };
    chain_.delegation.released = [this](const std::string& vnf, const std::string& vnfci,
                                        const std::string& reason) {
      delegated_->removed(vnf, vnfci, reason);
    };
  }

 private:
  // ---- tracing ----

  void decision(const std::string& operation, const std::string& outcome, const TraceDetail& detail,
                const std::string& peer = "", const std::string& reference_point = "") {
    host_.tracer()({.operation = operation,
                    .outcome = outcome,
                    .peer = peer,
                    .reference_point = reference_point,
                    .detail = detail});
  }

  // ---- LCM operations ----

  // Starts the next waiting operation on `vnf` unless one is running.
  void start_next(const std::string& vnf) {
    auto queue = pending_.find(vnf);
    while (queue != pending_.end() && !queue->second.empty() && !running_.count(vnf)) {
      LcmRequest request = std::move(queue->second.front());
      queue->second.pop_front();
      auto planned = lcm_.plan(request);
      if (auto* reason = std::get_if<std::string>(&planned)) {
        TraceDetail detail;
        detail.add(dk::kOperation, vnfm::to_string(request.operation))
            .add(dk::kVnf, request.vnf)
            .add(dk::kReason, *reason);
        decision(decisions::kVnfLcmOperation, outcomes::kRejected, detail);
        continue;
      }
      LcmPlan plan = std::get<LcmPlan>(std::move(planned));
      const std::string occurrence =
          host_.actor_context().name() + "-op-" + std::to_string(next_occurrence_++);
      running_.insert(vnf);
      decision(decisions::kVnfLcmOperation, outcomes::kStarting,
               operation_detail(plan, occurrence, kStateStarting)
                   .add(dk::kPlannedAdded, static_cast<long long>(plan.added.size()))
                   .add(dk::kPlannedRemoved, static_cast<long long>(plan.removed.size())));
      subscriptions_.notify(notification(plan, occurrence, kStateStarting, {}));
      host_.schedule(lcm_duration_, "lcm-operation",
                     [this, plan = std::move(plan), occurrence]() mutable {
                       complete(std::move(plan), occurrence);
                     });
    }
    if (queue != pending_.end() && queue->second.empty() && !running_.count(vnf))
      pending_.erase(queue);
    if (!running_.count(vnf)) chain_.resume(vnf);
  }

  void complete(LcmPlan plan, const std::string& occurrence) {
    sim::ActorContext& context = host_.actor_context();
    std::vector<messages::VnfciEntry> affected;
    // Retired first (a healed VNFCI is replaced), then spawned, each in plan order.
    long long not_running = 0;
    for (const auto& vnfci : plan.removed) {
      if (!context.retire(vnfci.name)) ++not_running;
      affected.push_back(vnfm::to_entry(vnfci, kChangeRemoved));
    }
    std::vector<vnfm::Vnfci> spawned;
    std::vector<std::string> failed;
    for (auto& vnfci : plan.added) {
      sim::ActorSpec spec;
      spec.name = vnfci.name;
      spec.type = kVnfciType;
      spec.trust_domain = context.trust_domain();
      spec.params = vnfci_params(plan, vnfci);
      if (context.spawn(std::move(spec))) {
        affected.push_back(vnfm::to_entry(vnfci, kChangeAdded));
        spawned.push_back(std::move(vnfci));
      } else {
        failed.push_back(vnfci.name);
      }
    }
    plan.added = std::move(spawned);
    lcm_.apply(plan);
    const char* state = failed.empty() ? kStateCompleted : kStateFailed;
    TraceDetail detail = operation_detail(plan, occurrence, state);
    detail.add(dk::kAdded, static_cast<long long>(plan.added.size()))
        .add(dk::kRemoved, static_cast<long long>(plan.removed.size()))
        .add(dk::kVnfcis, static_cast<long long>(lcm_.find(plan.vnf)->size()));
    if (not_running > 0) detail.add(dk::kNotRunning, not_running);
    if (!failed.empty()) {
      std::string names;
      for (const auto& name : failed) names += (names.empty() ? "" : ",") + name;
      detail.add(dk::kReason, "could not spawn " + names);
    }
    decision(decisions::kVnfLcmOperation, failed.empty() ? outcomes::kCompleted : outcomes::kFailed,
             detail);
    subscriptions_.notify(notification(plan, occurrence, state, std::move(affected)));
    running_.erase(plan.vnf);
    start_next(plan.vnf);
  }

  // A VNFCI's actor parameters: the `vnfci_params`, and its secure bootstrapping when attested.
  json vnfci_params(const LcmPlan& plan, const vnfm::Vnfci& vnfci) {
    json params = vnfci_params_;
    if (vnfci.attestation) add_secure_bootstrap(params, plan, vnfci);
    // Issue 16: a telemetry policy names the VNF its reports are about.
    if (auto t = params.find("telemetry"); t != params.end() && t->is_object())
      (*t)["vnf"] = plan.vnf;
    return params;
  }

  // A VNFD of the chain whose secure bootstrapping this VNFM cannot serve (the hardware root is
  // made at start only when the `vnfds` parameter has a secure_bootstrap VNFC).
  std::optional<std::string> bootstrap_problem(const vnfm::Vnfd& vnfd) const {
    for (const auto& [id, vnfc] : vnfd.vnfcs)
      if (vnfc.secure_bootstrap && (!hardware_root_ || verifier_.empty()))
        return "VNFC " + id +
               " needs secure bootstrapping, which this VNFM has no hardware root or verifier for";
    return std::nullopt;
  }

  // The spawn parameters of an attested VNFCI: its platform attestation key, certified by the
  // hardware root, and what its HMEE needs to attest and bootstrap.
  void add_secure_bootstrap(json& params, const LcmPlan& plan, const vnfm::Vnfci& vnfci) {
    const vnfm::VnfcDescriptor& descriptor = lcm_.catalogue().at(plan.vnfd).vnfcs.at(vnfci.vnfc);
    const vnfm::SecureBootstrap& bootstrap = *descriptor.secure_bootstrap;
    sim::ActorContext& context = host_.actor_context();
    const pki::Instant now = pki_now(context);
    pki::PrivateKey platform_key = pki::PrivateKey::generate(pki::KeyType::ec_p256);
    const pki::Bytes platform_key_der = platform_key.to_der();
    const pki::CertificateAuthority platform = pki::CertificateAuthority::create_subordinate(
        *hardware_root_,
        pki::DistinguishedName{
            {{"CN", vnfci.name + " Platform Attestation Key"}, {"O", context.name() + " NFVI"}}},
        std::move(platform_key), pki::Instant{now.unix_ns - 60LL * 1'000'000'000},
        kPlatformKeySeconds, 0);
    json b = json::object();
    b["verifier"] = verifier_;
    b["reference"] = plan.vnfd + "/" + vnfci.vnfc;
    b["measurements"] = bootstrap.measurements;
    set_bytes(b, "platform_key", platform_key_der);
    set_bytes_list(b, "platform_chain", {platform.certificate().der()});
    if (bootstrap.hsm_signs_csr) b["hsm_signs_csr"] = true;
    if (!bootstrap.key_rotation.empty()) b["key_rotation"] = bootstrap.key_rotation;
    params["secure_bootstrap"] = std::move(b);
    if (vnfci.tampered && !bootstrap.measurements.empty())
      params["tamper_measurement"] = bootstrap.measurements.begin()->first;
  }

  static TraceDetail operation_detail(const LcmPlan& plan, const std::string& occurrence,
                                      const std::string& state) {
    TraceDetail detail;
    detail.add(dk::kOperation, vnfm::to_string(plan.operation))
        .add(dk::kState, state)
        .add(dk::kVnf, plan.vnf)
        .add(dk::kVnfd, plan.vnfd)
        .add(dk::kOccurrence, occurrence);
    return detail;
  }

  static vnfm::LccnSubscriptions::Notification notification(
      const LcmPlan& plan, const std::string& occurrence, const std::string& state,
      std::vector<messages::VnfciEntry> affected) {
    vnfm::LccnSubscriptions::Notification n;
    n.vnf = plan.vnf;
    n.vnfd = plan.vnfd;
    n.operation = std::string(vnfm::to_string(plan.operation));
    n.state = state;
    n.occurrence = occurrence;
    n.affected_vnfcs = std::move(affected);
    return n;
  }

  // ---- Cm-Vnfm requests ----

  void on_subscription(const ChannelMessage& m,
                       const vnfm::LccnSubscriptionRequestAsSent& request) {
    messages::LccnSubscriptionResponse reply;
    auto filter = vnfm::parse_lccn_filter(request.filter);
    if (auto* reason = std::get_if<std::string>(&filter)) {
      reply.status = outcomes::kRejected;
      reply.reason = *reason;
      decision(decisions::kLccnSubscription, outcomes::kRejected,
               TraceDetail().add(dk::kSubscriber, m.peer.name).add(dk::kReason, *reason),
               m.peer.name, m.reference_point);
      host_.channels().reply(m, messages::to_envelope(reply));
      return;
    }
    const std::string id = subscriptions_.subscribe(
        m.peer.name, std::get<vnfm::LccnFilter>(std::move(filter)), m.reference_point);
    reply.status = outcomes::kSubscribed;
    reply.subscription = id;
    decision(decisions::kLccnSubscription, outcomes::kSubscribed,
             TraceDetail().add(dk::kSubscriber, m.peer.name).add(dk::kSubscription, id),
             m.peer.name, m.reference_point);
    host_.channels().reply(m, messages::to_envelope(reply));
  }

  void on_query(const ChannelMessage& m, const messages::QueryVnfRequest& request) {
    messages::QueryVnfResponse reply;
    TraceDetail detail;
    detail.add(dk::kPeer, m.peer.name);
    const vnfm::VnfInstance* vnf = request.vnf ? lcm_.find(*request.vnf) : nullptr;
    if (!request.vnf) {
      // Every VNF, by name.
      std::vector<messages::VnfDescription> vnfs;
      for (const auto& [name, instance] : lcm_.vnfs())
        vnfs.push_back(vnfm::to_description(instance));
      detail.add(dk::kVnfs, static_cast<long long>(vnfs.size()));
      reply.status = outcomes::kOk;
      reply.vnfs = std::move(vnfs);
      decision(decisions::kQueryVnf, outcomes::kOk, detail, m.peer.name, m.reference_point);
    } else if (vnf == nullptr) {
      const std::string reason = "unknown VNF " + *request.vnf;
      detail.add(dk::kVnf, *request.vnf).add(dk::kReason, reason);
      reply.status = outcomes::kRejected;
      reply.reason = reason;
      reply.vnf = *request.vnf;
      decision(decisions::kQueryVnf, outcomes::kRejected, detail, m.peer.name, m.reference_point);
    } else {
      messages::VnfDescription description = vnfm::to_description(*vnf);
      reply.status = outcomes::kOk;
      reply.vnf = std::move(description.vnf);
      reply.vnfd = std::move(description.vnfd);
      reply.state = std::move(description.state);
      reply.vnfcis = std::move(description.vnfcis);
      detail.add(dk::kVnf, vnf->name)
          .add(dk::kState, vnfm::to_string(vnf->state))
          .add(dk::kVnfcis, static_cast<long long>(vnf->size()));
      decision(decisions::kQueryVnf, outcomes::kOk, detail, m.peer.name, m.reference_point);
    }
    host_.channels().reply(m, messages::to_envelope(reply));
  }

  // A crash of a chain VNF's VNFCI that is not healed, reported on Sc-Vnfm to the SMs of the
  // VNF's domain ("default" when the NFVO named none).
  void unhealed_crash(const std::string& vnf, const std::string& vnfci,
                      const std::string& detected_by, const std::string& reason) {
    std::string domain = "default";
    std::set<std::string> hidden;
    std::string oss_app_id;
    if (const auto* view = chain_.security_view(vnf)) {
      domain = view->trust_domain.value_or(domain);
      if (view->hidden_from) hidden = {view->hidden_from->begin(), view->hidden_from->end()};
      oss_app_id = view->oss_app_id;
    }
    security_managers_.crashed(vnf, vnfci, detected_by, reason, domain, hidden, oss_app_id);
  }

  ManoEntityHost& host_;
  vnfm::VnfLcm lcm_;
  const json vnfci_params_;
  const sim::Duration lcm_duration_;
  vnfm::LccnSubscriptions subscriptions_;
  std::map<std::string, std::deque<LcmRequest>> pending_;  // by VNF, in command order
  std::set<std::string> running_;                          // VNFs with an operation running
  std::uint64_t next_occurrence_ = 1;
  const std::string verifier_;
  const std::vector<std::string> hardware_root_to_;
  std::unique_ptr<pki::CertificateAuthority> hardware_root_;  // with secure_bootstrap VNFCs only
  vnfm::SmVnfmService security_managers_;                     // Sc-Vnfm (docs/security-manager.md)
  // Delegation mode (issue 17): the delegate's registration, CSRs, credentials and key retention.
  std::unique_ptr<vnfm::VnfmDelegation> delegation_;
  std::unique_ptr<vnfm::VnfmHsmEndpoint> hsm_endpoint_;  // issue 17 (hmee): C.2.2.4.7 #0
  vnfm::ChainOperations chain_;            // Or-Vnfm, Vi-Vnfm, CISM-SI (docs/lifecycle.md)
  vnfm::RogueInstantiation rogue_{host_};  // fault rogue_instantiate (issue 16)
  vnfm::SoftwareUpdates updates_{host_, lcm_, subscriptions_, next_occurrence_,
                                 [this](const std::string& vnf) { return chain_.nfvo_of(vnf); }};
  // Issue 17 ("config"): set by start_delegated_lifecycle.
  vnfm::DelegatedLifecycleSettings delegated_settings_;
  std::unique_ptr<vnfm::DelegatedLifecycle> delegated_;
};

}  // namespace

void register_vnfm_actor(sim::ActorRegistry& registry) {
  namespace rp = reference_points;
  ManoEntityKind kind;
  kind.kind = "vnfm";
  kind.description =
      "VNFM (C.4.2, Annex B.3): enrols its MANO certificate at the CMF, relays certificate "
      "configuration to the VIM on Vi-Vnfm, mutual TLS with peers; VNF lifecycle from VNFD-like "
      "descriptors, spawning VNFCI actors, LCM notifications and queries on Cm-Vnfm; the NFVI's "
      "hardware root and platform attestation keys for secure bootstrapping; serves Security "
      "Managers on Sc-Vnfm (crashes it does not heal)";
  kind.reference_points = {{"nfvo", rp::kOrVnfm},
                           {"vim", rp::kViVnfm},
                           {"cism", rp::kCismSi},
                           {"cir", rp::kCirSi},
                           {"sm", rp::kScVnfm}};
  kind.access_control = false;
  kind.extra_params = lifecycle_param_rules();
  for (auto& rule : vnfm::SmVnfmService::param_rules()) kind.extra_params.push_back(rule);
  for (auto& rule : vnfm::delegation_param_rules()) kind.extra_params.push_back(rule);
  // VNF LCM operations (actors/vnfm/vnf_lcm.cpp parses their arguments).
  const ParamRule vnf{"vnf", ParamType::string, "the VNF instance", true};
  const ParamRule tampered{"tampered_vnfcis", ParamType::string_list,
                           "negative scenarios: VNFCIs (of those this operation adds) whose "
                           "platform is tampered"};
  kind.extra_commands = {
      {"instantiate",
       "instantiate a VNF from a VNFD: one VNFCI per VNFC unless vnfcs says otherwise",
       {vnf,
        {"vnfd", ParamType::string, "the VNFD", true, "", "vnfds"},
        {"vnfcs", ParamType::object, "VNFCI count by VNFC ID", false, "1 of each",
         "vnfds/{vnfd}/vnfcs"},
        tampered}},
      {"scale_out",
       "add VNFCIs of one VNFC",
       {vnf,
        {"vnfc", ParamType::string, "the VNFC", true},
        {"count", ParamType::integer, "VNFCIs added (at least 1)", false, "1"},
        tampered}},
      {"scale_in",
       "remove VNFCIs of one VNFC (their certificates are revoked by the CMF)",
       {vnf,
        {"vnfc", ParamType::string, "the VNFC", true},
        {"count", ParamType::integer, "VNFCIs removed (at least 1)", false, "1"}}},
      {"heal",
       "replace one VNFCI by a new instance",
       {vnf, {"vnfci", ParamType::string, "the VNFCI replaced", true}, tampered}},
      {"terminate", "terminate a VNF and every VNFCI of it", {vnf}},
      vnfm::RogueInstantiation::command_rule(),
      vnfm::SoftwareUpdates::command_rule(),
      vnfm::register_delegate_command_rule(),  // issue 17
  };
  kind.check_extra_params = check_lifecycle_params;
  kind.extension = [](ManoEntityHost& host, const sim::ActorSpec& spec) {
    return std::make_unique<VnfmLifecycle>(host, spec);
  };
  registry.add("vnfm", mano_entity_actor_type(std::move(kind)));
}

}  // namespace ifa026::actors
