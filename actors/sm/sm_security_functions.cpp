// The Security Manager's management of security functions (see sm_extension.hpp;
// docs/security-monitoring.md "Security functions: VSF, PSF behind an EM, ISF behind the ISM";
// Annex A R1.2.20, R1.2.40, R1.2.130, R1.2.140, R1.2.150, R1.2.160, R1.3.120): it asks the NFVO
// for its VSF catalogue (Sc-Or) and its EMs and ISMs for their functions (Sm-Sf), records what is
// available, and pushes to each discovered function of a domain it manages an initial credential
// and the rule table of its policy (param sf_policies) over mutual TLS. After an NS deployment or
// scaling it configures policy validation and runs a round: a PolicyValidationRequest per enforcing
// function, each report's digest compared with the policy's and its MAC checked with the
// function's credential, then PolicyValidation pass or violation; a violation is remediated by
// pushing the rules again (Remediation action=reapply_rules) and a further round.
#include <algorithm>
#include <utility>

#include "actors/common/actor_params.hpp"
#include "actors/common/trace_detail.hpp"
#include "actors/messages/decisions.hpp"
#include "actors/messages/detail_keys.hpp"
#include "actors/messages/lcm_vocabulary.hpp"
#include "actors/messages/monitoring_vocabulary.hpp"
#include "actors/messages/reference_points.hpp"
#include "actors/messages/sm_vocabulary.hpp"
#include "actors/sfm/sf_rules.hpp"
#include "actors/sm/sm_extension.hpp"

namespace ifa026::actors::sm {

namespace {

namespace dk = detail_keys;
namespace m = messages;
namespace rp = reference_points;

constexpr const char* kTriggerDeploy = "deploy";
constexpr const char* kTriggerScale = "scale";
constexpr const char* kTriggerManual = "manual";
constexpr const char* kTriggerRemediation = "remediation";
constexpr std::size_t kCredentialBytes = 32;
constexpr std::size_t kNonceBytes = 16;

}  // namespace

void SmExtension::register_sf_handlers() {
  auto& h = host_.request_handlers();
  h.on<m::SmSecurityFunctionCatalogueResponse>(
      [this](const m::SmSecurityFunctionCatalogueResponse& r, const ChannelMessage& from) {
        on_sf_catalogue(from, r);
      });
  h.on<m::SecurityFunctionCapabilityResponse>(
      [this](const m::SecurityFunctionCapabilityResponse& r, const ChannelMessage& from) {
        on_sf_capabilities(from, r);
      });
  h.on<m::SecurityRuleAck>(
      [this](const m::SecurityRuleAck& a, const ChannelMessage& from) { on_sf_rule_ack(from, a); });
  h.on<m::SecurityFunctionConfigurationAck>(
      [this](const m::SecurityFunctionConfigurationAck& a, const ChannelMessage& from) {
        on_sf_configuration_ack(from, a);
      });
  h.on<m::PolicyValidationReport>([this](const m::PolicyValidationReport& r,
                                         const ChannelMessage& from) { on_sf_report(from, r); });
}

bool SmExtension::sf_command(const sim::Command& command) {
  const std::string& c = command.name;
  if (c == "sf_discover") {
    std::vector<std::string> managers = command.args.contains("managers")
                                            ? string_list_param(command.args, "managers")
                                            : settings_.sf.managers;
    sf_discover(managers, bool_param(command.args, "catalogue", true));
    return true;
  }
  if (c == "sf_configure_rules") {
    sf_push_rules(string_param(command.args, "sf"), string_param(command.args, "via"),
                  string_param(command.args, "policy_id", "manual"),
                  string_list_param(command.args, "rules"),
                  string_param(command.args, "action", kActionSet), false);
    return true;
  }
  if (c == "sf_configure_credential") {
    sf_push_credential(string_param(command.args, "sf"), string_param(command.args, "via"));
    return true;
  }
  if (c == "sf_validate") {
    sf_start_round(string_param(command.args, "ns"), kTriggerManual, false);
    return true;
  }
  return false;
}

// ---- discovery (R1.2.40) ----

void SmExtension::sf_discover(const std::vector<std::string>& managers, bool catalogue) {
  auto query = [this](const std::string& to, const std::string& reference_point,
                      const std::string& operation, const std::string& request_id) {
    host_.tracer()({.operation = decisions::kSecurityFunctionQuery,
                    .outcome = outcomes::kSent,
                    .peer = to,
                    .reference_point = reference_point,
                    .detail = TraceDetail()
                                  .add(dk::kVia, to)
                                  .add(dk::kSmOperation, operation)
                                  .add(dk::kRequest, request_id)});
  };
  if (settings_.sf.skip_capability_query) {
    // The fault: no query, the policies naming a function and its manager pushed as they are.
    for (const auto& p : settings_.sf.policies)
      if (!p.sf.empty() && !p.via.empty()) {
        if (settings_.sf.credentials) sf_push_credential(p.sf, p.via);
        sf_push_rules(p.sf, p.via, p.id, p.rules, kActionSet, false);
      }
    return;
  }
  if (catalogue && !settings_.nfvo.empty()) {
    const std::string instance = instance_with(settings_.nfvo);
    const std::string request_id = next_request_id();
    if (instance.empty()) {
      host_.tracer()(
          {.operation = decisions::kSecurityFunctionQuery,
           .outcome = outcomes::kRefused,
           .peer = settings_.nfvo,
           .reference_point = rp::kScOr,
           .detail = TraceDetail()
                         .add(dk::kVia, settings_.nfvo)
                         .add(dk::kSmOperation, operations::kSmSecurityFunctionCatalogueQuery)
                         .add(dk::kReason, "not sent: not bound to the NFVO")});
    } else {
      sf_pending_[request_id] = SfPending{.what = "catalogue", .via = settings_.nfvo};
      query(settings_.nfvo, rp::kScOr, operations::kSmSecurityFunctionCatalogueQuery, request_id);
      send(settings_.nfvo,
           m::SmSecurityFunctionCatalogueQuery{.instance = instance, .request_id = request_id});
    }
  }
  for (const auto& manager : managers) {
    const std::string request_id = next_request_id();
    sf_pending_[request_id] = SfPending{.what = "capabilities", .via = manager};
    query(manager, rp::kSmSf, operations::kSecurityFunctionCapabilityQuery, request_id);
    host_.channels().send(manager, ChannelKind::mutual, rp::kSmSf,
                          m::to_envelope(m::SecurityFunctionCapabilityQuery{request_id}));
  }
}

void SmExtension::on_sf_catalogue(const ChannelMessage& from,
                                  const m::SmSecurityFunctionCatalogueResponse& r) {
  learn_peer(from);
  if (sf_pending_.erase(r.request_id) == 0) return;
  std::vector<std::string> packages;
  for (const auto& p : r.packages) {
    learn(p.package);
    learn(p.vnfd_id);
    if (p.available) packages.push_back(p.vnfd_id);
  }
  TraceDetail detail;
  detail.add(dk::kVia, from.peer.name)
      .add(dk::kSmOperation, operations::kSmSecurityFunctionCatalogueQuery)
      .add(dk::kRequest, r.request_id);
  if (r.status == kStatusOk)
    detail.add(dk::kPackages, comma_list(packages));
  else
    detail.add(dk::kReason, r.reason.value_or(""));
  host_.tracer()({.operation = decisions::kSecurityFunctionQuery,
                  .outcome = r.status == kStatusOk ? outcomes::kAnswered : outcomes::kRefused,
                  .peer = from.peer.name,
                  .reference_point = rp::kScOr,
                  .detail = detail});
}

void SmExtension::on_sf_capabilities(const ChannelMessage& from,
                                     const m::SecurityFunctionCapabilityResponse& r) {
  learn_peer(from);
  auto pending = sf_pending_.find(r.request_id);
  if (pending == sf_pending_.end() || pending->second.via != from.peer.name) return;
  sf_pending_.erase(pending);
  std::vector<std::string> listed;
  for (const auto& f : r.functions) listed.push_back(f.sf_id);
  host_.tracer()({.operation = decisions::kSecurityFunctionQuery,
                  .outcome = outcomes::kAnswered,
                  .peer = from.peer.name,
                  .reference_point = rp::kSmSf,
                  .detail = TraceDetail()
                                .add(dk::kVia, from.peer.name)
                                .add(dk::kSmOperation, operations::kSecurityFunctionCapabilityQuery)
                                .add(dk::kRequest, r.request_id)
                                .add(dk::kFunctions, comma_list(listed))});
  for (const auto& f : r.functions) {
    learn(f.sf_id);
    // The manager's own word is what the SM knows of where a function is: a function answered
    // by the TLS peer is managed by it.
    sf_known_[f.sf_id] = SfKnown{
        .via = from.peer.name, .kind = f.kind, .domain = f.domain, .available = f.available};
    host_.tracer()({.operation = decisions::kSecurityFunctionDiscovered,
                    .outcome = f.available ? outcomes::kAvailable : outcomes::kUnavailable,
                    .peer = from.peer.name,
                    .reference_point = rp::kSmSf,
                    .detail = TraceDetail()
                                  .add(dk::kSf, f.sf_id)
                                  .add(dk::kKind, f.kind)
                                  .add(dk::kType, f.type)
                                  .add(dk::kDomain, f.domain)
                                  .add(dk::kVia, from.peer.name)
                                  .add(dk::kCapabilities, comma_list(f.capabilities))});
  }
  // The policies, pushed automatically to what is available in the SM's domains.
  for (const auto& f : r.functions) {
    if (!f.available || !sf_manages(f.domain)) continue;
    const SfPolicy* policy = sf_policy_for(f.sf_id, f.domain);
    if (policy == nullptr) continue;
    if (settings_.sf.credentials) sf_push_credential(f.sf_id, from.peer.name);
    sf_push_rules(f.sf_id, from.peer.name, policy->id, policy->rules, kActionSet, false);
  }
}

const SfPolicy* SmExtension::sf_policy_for(const std::string& sf, const std::string& domain) const {
  for (const auto& p : settings_.sf.policies)
    if (p.sf == sf) return &p;
  for (const auto& p : settings_.sf.policies)
    if (p.sf.empty() && p.domain == domain) return &p;
  return nullptr;
}

bool SmExtension::sf_manages(const std::string& domain) const {
  for (const auto& [block, binding] : state_.bindings)
    for (const auto& g : binding.grants)
      if (g.domain == domain && g.mode != kModePassive) return true;
  return false;
}

// ---- configuration (R1.2.20, R1.2.130, R1.2.140) ----

void SmExtension::sf_push_credential(const std::string& sf, const std::string& via) {
  const std::string request_id = next_request_id();
  pki::Bytes credential = pki::random_bytes(kCredentialBytes);
  sf_pending_[request_id] =
      SfPending{.what = kWhatCredential, .sf = sf, .via = via, .secret = credential};
  host_.tracer()(
      {.operation = decisions::kSecurityFunctionCredential,
       .outcome = outcomes::kSent,
       .peer = via,
       .reference_point = rp::kSmSf,
       .detail = TraceDetail().add(dk::kSf, sf).add(dk::kVia, via).add(dk::kRequest, request_id)});
  host_.channels().send(
      via, ChannelKind::mutual, rp::kSmSf,
      m::to_envelope(m::SecurityFunctionConfiguration{
          .request_id = request_id, .sf_id = sf, .initial_credential = std::move(credential)}));
}

void SmExtension::sf_push_rules(const std::string& sf, const std::string& via,
                                const std::string& policy, const std::vector<std::string>& rules,
                                const std::string& action, bool remediation) {
  const std::string request_id = next_request_id();
  const std::vector<std::string> sent_rules =
      action == kActionSet ? rules : std::vector<std::string>{};
  const std::string digest = sf::rules_digest(sent_rules);
  sf_pending_[request_id] = SfPending{.what = kWhatRules,
                                      .sf = sf,
                                      .via = via,
                                      .rules = sent_rules,
                                      .policy = policy,
                                      .digest = digest,
                                      .action = action,
                                      .remediation = remediation};
  TraceDetail detail;
  detail.add(dk::kSf, sf)
      .add(dk::kVia, via)
      .add(dk::kAction, action)
      .add(dk::kPolicy, policy)
      .add(dk::kDigest, digest)
      .add(dk::kRequest, request_id);
  if (remediation) detail.add(dk::kTrigger, kTriggerRemediation);
  host_.tracer()({.operation = decisions::kSecurityRulePush,
                  .outcome = outcomes::kSent,
                  .peer = via,
                  .reference_point = rp::kSmSf,
                  .detail = detail});
  host_.channels().send(via, ChannelKind::mutual, rp::kSmSf,
                        m::to_envelope(m::SecurityRuleConfiguration{.request_id = request_id,
                                                                    .sf_id = sf,
                                                                    .action = action,
                                                                    .policy_id = policy,
                                                                    .rules = sent_rules,
                                                                    .rules_digest = digest}));
}

void SmExtension::on_sf_configuration_ack(const ChannelMessage& from,
                                          const m::SecurityFunctionConfigurationAck& a) {
  auto it = sf_pending_.find(a.request_id);
  if (it == sf_pending_.end() || it->second.what != kWhatCredential ||
      it->second.via != from.peer.name || it->second.sf != a.sf_id)
    return;
  SfPending p = std::move(it->second);
  sf_pending_.erase(it);
  const bool stored = a.status == outcomes::kStored;
  if (stored) sf_enforced_[p.sf].credential = p.secret;
  TraceDetail detail;
  detail.add(dk::kSf, p.sf).add(dk::kVia, p.via).add(dk::kRequest, a.request_id);
  if (!stored) detail.add(dk::kStatus, a.status).add(dk::kReason, a.reason.value_or(""));
  if (stored && !sf_delivery_seen(a.delivered_over).empty())
    detail.add(dk::kDeliveredOver, sf_delivery_seen(a.delivered_over));
  host_.tracer()({.operation = decisions::kSecurityFunctionCredential,
                  .outcome = stored ? outcomes::kAcknowledged : outcomes::kRefused,
                  .peer = from.peer.name,
                  .reference_point = rp::kSmSf,
                  .detail = detail});
  if (stored) sf_check_delivery(p, a.request_id, a.delivered_over);
}

void SmExtension::on_sf_rule_ack(const ChannelMessage& from, const m::SecurityRuleAck& a) {
  auto it = sf_pending_.find(a.request_id);
  if (it == sf_pending_.end() || it->second.what != kWhatRules ||
      it->second.via != from.peer.name || it->second.sf != a.sf_id)
    return;
  SfPending p = std::move(it->second);
  sf_pending_.erase(it);
  const bool set = a.status == outcomes::kApplied;
  const bool removed = a.status == outcomes::kRemovedResource;
  if (set) {
    SfEnforced& e = sf_enforced_[p.sf];
    e.via = p.via;
    e.policy = p.policy;
    e.digest = p.digest;
    e.rules = p.rules;
    e.acknowledged = true;
  } else if (removed) {
    if (auto e = sf_enforced_.find(p.sf); e != sf_enforced_.end()) e->second.acknowledged = false;
  }
  TraceDetail detail;
  detail.add(dk::kSf, p.sf)
      .add(dk::kVia, p.via)
      .add(dk::kAction, p.action)
      .add(dk::kPolicy, p.policy)
      .add(dk::kDigest, p.digest)
      .add(dk::kRequest, a.request_id)
      .add(dk::kStatus, a.status);
  if (p.remediation) detail.add(dk::kTrigger, kTriggerRemediation);
  if (!set && !removed) detail.add(dk::kReason, a.reason.value_or(""));
  if ((set || removed) && !sf_delivery_seen(a.delivered_over).empty())
    detail.add(dk::kDeliveredOver, sf_delivery_seen(a.delivered_over));
  host_.tracer()({.operation = decisions::kSecurityRulePush,
                  .outcome = set || removed ? outcomes::kAcknowledged : outcomes::kRefused,
                  .peer = from.peer.name,
                  .reference_point = rp::kSmSf,
                  .detail = detail});
  if (set || removed) sf_check_delivery(p, a.request_id, a.delivered_over);
  if (p.remediation && sf_remediating_.erase(p.sf) != 0 && sf_remediating_.empty())
    sf_start_round(sf_remediation_ns_, kTriggerRemediation, true);
}

// ---- validation (R1.2.150, R1.2.160, R1.3.120) ----

void SmExtension::sf_on_event(const m::SmLcmEvent& event) {
  if (settings_.sf.policies.empty() || event.phase != kPhaseCompleted) return;
  std::string trigger;
  if (event.event_type == kEventNsInstantiate || event.event_type == kEventVnfInstantiate)
    trigger = kTriggerDeploy;
  else if (event.event_type == kEventNsScale ||
           (event.event_type == kEventVnfModify && event.operation &&
            (*event.operation == lcm::kScaleOut || *event.operation == lcm::kScaleIn ||
             *event.operation == lcm::kScale)))
    trigger = kTriggerScale;
  if (trigger.empty()) return;
  if (trigger == kTriggerScale && settings_.sf.no_validation_after_scale) return;
  // MANO's VNF events do not name the NS: those events are kept under "" (one operation's
  // events come together).
  const std::string ns = event.ns_id.value_or("");
  // The operation's events come one per VNF: validation is configured once they stopped coming
  // for sf_validation_delay (a deployment within the window wins over a scaling).
  auto& pending = sf_ns_pending_[ns];
  if (pending.trigger != kTriggerDeploy) pending.trigger = trigger;
  pending.event_id = event.event_id;
  pending.vnf = event.vnf_instance_id.value_or("");
  const std::string key = ns + "|" + event.event_id;
  sf_ns_generation_[ns] = key;
  host_.schedule(settings_.sf.validation_delay, "PolicyValidationDelay", [this, ns, key] {
    auto generation = sf_ns_generation_.find(ns);
    if (generation == sf_ns_generation_.end() || generation->second != key) return;
    sf_ns_generation_.erase(generation);
    const SfNsTrigger t = sf_ns_pending_[ns];
    sf_ns_pending_.erase(ns);
    // Validation is configured for what a policy is in force on (an acknowledged rule table).
    if (std::none_of(sf_enforced_.begin(), sf_enforced_.end(),
                     [](const auto& e) { return e.second.acknowledged; }))
      return;
    TraceDetail detail;
    if (!ns.empty()) detail.add(dk::kNs, ns);
    if (!t.vnf.empty()) detail.add(dk::kVnf, t.vnf);
    host_.tracer()({.operation = decisions::kPolicyValidationConfigured,
                    .outcome = outcomes::kConfigured,
                    .detail = detail.add(dk::kTrigger, t.trigger).add(dk::kEventId, t.event_id)});
    sf_start_round(ns, t.trigger, false);
  });
}

void SmExtension::sf_start_round(const std::string& ns, const std::string& trigger,
                                 bool remediation) {
  const std::uint64_t id = sf_next_round_++;
  SfRound& round = sf_rounds_[id];
  round.ns = ns;
  round.trigger = trigger;
  round.remediation = remediation;
  for (const auto& [sf, e] : sf_enforced_) {
    if (!e.acknowledged) continue;
    const std::string request_id = next_request_id();
    pki::Bytes nonce = pki::random_bytes(kNonceBytes);
    sf_pending_[request_id] = SfPending{.what = kWhatReport,
                                        .sf = sf,
                                        .via = e.via,
                                        .digest = e.digest,
                                        .secret = nonce,
                                        .round = id};
    round.functions.push_back(sf);
    round.waiting.insert(request_id);
    host_.channels().send(e.via, ChannelKind::mutual, rp::kSmSf,
                          m::to_envelope(m::PolicyValidationRequest{.request_id = request_id,
                                                                    .sf_id = sf,
                                                                    .expected_digest = e.digest,
                                                                    .nonce = std::move(nonce)}));
  }
  if (round.waiting.empty()) return sf_finish_round(id);
  host_.schedule(settings_.sf.report_timeout, "PolicyValidationTimeout",
                 [this, id] { sf_finish_round(id); });
}

void SmExtension::on_sf_report(const ChannelMessage& from, const m::PolicyValidationReport& r) {
  auto it = sf_pending_.find(r.request_id);
  if (it == sf_pending_.end() || it->second.what != kWhatReport ||
      it->second.via != from.peer.name || it->second.sf != r.sf_id)
    return;
  SfPending p = std::move(it->second);
  sf_pending_.erase(it);
  auto round = sf_rounds_.find(p.round);
  if (round == sf_rounds_.end() || round->second.finished) return;
  round->second.waiting.erase(r.request_id);
  // The SM judges the digest itself: the function's own `matches` is not taken on trust.
  const bool match = !r.rules_digest.empty() && r.rules_digest == p.digest;
  std::string authenticated = "none";
  const auto& credential = sf_enforced_[p.sf].credential;
  if (credential)
    authenticated = r.mac && sf::verify_report_mac(*credential, p.sf, r.request_id, *p.secret,
                                                   r.rules_digest, *r.mac)
                        ? "verified"
                        : "failed";
  if (!match || authenticated == "failed") round->second.violations.push_back(p.sf);
  host_.tracer()({.operation = decisions::kPolicyValidationResult,
                  .outcome = match ? outcomes::kMatch : outcomes::kMismatch,
                  .peer = from.peer.name,
                  .reference_point = rp::kSmSf,
                  .detail = TraceDetail()
                                .add(dk::kSf, p.sf)
                                .add(dk::kVia, p.via)
                                .add(dk::kDigest, r.rules_digest)
                                .add(dk::kExpected, p.digest)
                                .add(dk::kAuthenticated, authenticated)
                                .add(dk::kRound, static_cast<long long>(p.round))});
  if (round->second.waiting.empty()) sf_finish_round(p.round);
}

void SmExtension::sf_finish_round(std::uint64_t id) {
  auto it = sf_rounds_.find(id);
  if (it == sf_rounds_.end() || it->second.finished) return;
  SfRound& round = it->second;
  round.finished = true;
  for (const auto& request_id : round.waiting) {
    auto p = sf_pending_.find(request_id);
    if (p == sf_pending_.end()) continue;
    round.violations.push_back(p->second.sf);
    host_.tracer()({.operation = decisions::kPolicyValidationResult,
                    .outcome = outcomes::kMissing,
                    .peer = p->second.via,
                    .reference_point = rp::kSmSf,
                    .detail = TraceDetail()
                                  .add(dk::kSf, p->second.sf)
                                  .add(dk::kVia, p->second.via)
                                  .add(dk::kExpected, p->second.digest)
                                  .add(dk::kRound, static_cast<long long>(id))});
    sf_pending_.erase(p);
  }
  round.waiting.clear();
  if (round.functions.empty()) return;  // nothing enforces a policy yet: nothing judged
  std::sort(round.violations.begin(), round.violations.end());
  const bool pass = round.violations.empty();
  TraceDetail detail;
  detail.add(dk::kRound, static_cast<long long>(id));
  if (!round.ns.empty()) detail.add(dk::kNs, round.ns);
  detail.add(dk::kTrigger, round.trigger).add(dk::kFunctions, comma_list(round.functions));
  if (!pass) detail.add(dk::kSf, comma_list(round.violations));
  host_.tracer()({.operation = decisions::kPolicyValidation,
                  .outcome = pass ? outcomes::kPass : outcomes::kViolation,
                  .detail = detail});
  // One remediation per violation found by a round of its own (a remediation round that still
  // finds one leaves it recorded).
  if (pass || round.remediation || settings_.sf.ignore_drift || !sf_remediating_.empty()) return;
  host_.tracer()({.operation = decisions::kRemediation,
                  .outcome = outcomes::kInstructed,
                  .detail = TraceDetail()
                                .add(dk::kAction, kActionReapply)
                                .add(dk::kSf, comma_list(round.violations))
                                .add(dk::kDetection, "round " + std::to_string(id))});
  sf_remediation_ns_ = round.ns;
  for (const auto& sf : round.violations) {
    const auto e = sf_enforced_.find(sf);
    if (e == sf_enforced_.end()) continue;
    sf_remediating_.insert(sf);
    sf_push_rules(sf, e->second.via, e->second.policy, e->second.rules, kActionSet, true);
  }
}

}  // namespace ifa026::actors::sm
