// The Security Manager's events and grant requests (see sm_extension.hpp): each is recorded
// (SmEventReceived), a proposed event's package is checked when the SM verifies packages
// (SmPackageVerification), and the first rule that matches fires (SmRuleFired) after its delay.
//
// What each action does (docs/security-manager.md "The SM actor"):
//
// | do | on a grant request | on an event notification |
// |---|---|---|
// | approve, approve_with_policy, reject | that decision | nothing |
// | object | reject (the rule's reason) | SmLcmObjection |
// | policy | approve_with_policy | SmSecurityPolicyInstruction with the event's id |
// | terminate | the default decision, then SmTerminateVnfRequest | SmTerminateVnfRequest |
// | insert_vsf | the default decision, then SmSecurityFunctionRequest | SmSecurityFunctionRequest |
// | ignore | no answer | nothing |
//
// A grant request no rule matches gets `default_decision` (`none`: no answer).
//
// Package verification (R2.1.250): MANO's event carries the package digest it recomputed over the
// content and the vendor's detached CMS signature, not the content. The SM checks what that
// allows: that the signature over the signed attributes verifies with the signer's certificate,
// that the signed messageDigest is the digest MANO reports (so MANO's content is what the vendor
// signed, if MANO computed the digest honestly), and that the signer chains to one of its
// package_trust_anchors with codeSigning at the current time (pki::cms_verify_detached_digest).
// An unsigned package fails: there is nothing the SM can check itself.
#include <utility>

#include "actors/common/pki_clock.hpp"
#include "actors/common/trace_detail.hpp"
#include "actors/messages/decisions.hpp"
#include "actors/messages/detail_keys.hpp"
#include "actors/messages/lcm_vocabulary.hpp"
#include "actors/messages/sm_vocabulary.hpp"
#include "actors/sm/sm_extension.hpp"
#include "pki/bytes.hpp"
#include "pki/cms_signature.hpp"

namespace ifa026::actors::sm {

namespace dk = detail_keys;
namespace m = messages;

std::size_t SmExtension::receive_event(const ChannelMessage& from, const std::string& instance,
                                       const m::SmLcmEvent& event,
                                       const std::optional<std::string>& grant_id) {
  learn_peer(from);
  learn(instance);
  learn_event(event);
  if (grant_id) learn(*grant_id);
  TraceDetail detail;
  detail.add(dk::kInstance, instance)
      .add(dk::kEventId, event.event_id)
      .add(dk::kEventType, event.event_type)
      .add(dk::kPhase, event.phase);
  if (event.vnf_instance_id) detail.add(dk::kVnf, *event.vnf_instance_id);
  if (event.ns_id) detail.add(dk::kNs, *event.ns_id);
  detail.add(dk::kSource, event.source).add(dk::kReason, event.reason);
  if (grant_id) detail.add(dk::kGrantId, *grant_id);
  host_.tracer()({.operation = decisions::kSmEventReceived,
                  .outcome = outcomes::kReceived,
                  .peer = from.peer.name,
                  .reference_point = from.reference_point,
                  .detail = detail});
  state_.events.push_back(
      SmReceivedEvent{.block = from.peer.name, .grant_id = grant_id, .event = event});
  watch_event(event);
  return state_.events.size() - 1;
}

std::optional<std::string> SmExtension::verify_package(const m::SmLcmEvent& event) {
  if (!settings_.verify_packages || !event.package_integrity || event.phase != kPhaseProposed)
    return std::nullopt;
  const m::SmPackageIntegrity& integrity = *event.package_integrity;
  std::string reason;
  if (!integrity.signed_package || !integrity.signature) {
    reason = "unsigned package: nothing the SM can verify itself";
  } else if (integrity.algorithm != lcm::kDigestSha256) {
    reason = "digest algorithm \"" + integrity.algorithm + "\" is not sha-256";
  } else if (auto digest = pki::from_hex(integrity.digest); !digest) {
    reason = "the digest is not hexadecimal";
  } else {
    const pki::CmsVerification v = pki::cms_verify_detached_digest(
        *integrity.signature, *digest, settings_.package_anchors, pki_now(host_.actor_context()));
    if (!v.ok()) reason = std::string(pki::to_string(v.verdict)) + ": " + v.detail;
  }
  const std::string verdict = reason.empty() ? kIntegrityVerified : kIntegrityFailed;
  TraceDetail detail;
  detail.add(dk::kEventId, event.event_id)
      .add(dk::kPackage, event.vnf_package_id.value_or(""))
      .add(dk::kDigest, integrity.digest);
  if (!reason.empty()) detail.add(dk::kReason, reason);
  host_.tracer()(
      {.operation = decisions::kSmPackageVerification, .outcome = verdict, .detail = detail});
  return verdict;
}

void SmExtension::on_notification(const ChannelMessage& from, const m::SmLcmEventNotification& n) {
  learn(n.subscription);
  const std::size_t index = receive_event(from, n.instance, n.event, std::nullopt);
  sf_on_event(n.event);
  track_ns_lifecycle(n.event);
  follow_ns_scale(from.peer.name, n.event);
  Action action{.block = from.peer.name, .instance = n.instance, .event = n.event};
  action.package_verdict = verify_package(n.event);
  detect(from.peer.name, n.instance, n.event, action.package_verdict);  // issue 16
  judge_update(action);                                                 // issue 16
  if (action.package_verdict)
    send(from.peer.name,
         m::SmPackageIntegrityConfirmation{.instance = n.instance,
                                           .event_id = n.event.event_id,
                                           .vnf_package_id = n.event.vnf_package_id.value_or(""),
                                           .verdict = *action.package_verdict,
                                           .reason = std::nullopt});
  action.rule = first_matching_rule(settings_.rules, n.event);
  if (!action.rule) return;
  state_.events[index].rule = action.rule;
  state_.events[index].action = settings_.rules[*action.rule].action;
  act(action);
}

void SmExtension::on_grant_request(const ChannelMessage& from, const m::SmLcmGrantRequest& g) {
  const std::size_t index = receive_event(from, g.instance, g.event, g.grant_id);
  Action action{
      .block = from.peer.name, .instance = g.instance, .event = g.event, .grant_id = g.grant_id};
  action.package_verdict = verify_package(g.event);
  detect(from.peer.name, g.instance, g.event, action.package_verdict);  // issue 16
  if (judge_update(action)) {  // outside the update policy: rejected (issue 16)
    state_.events[index].action = kDecisionReject;
    return;
  }
  action.rule = first_matching_rule(settings_.rules, g.event);
  if (action.rule) {
    state_.events[index].rule = action.rule;
    state_.events[index].action = settings_.rules[*action.rule].action;
  } else {
    state_.events[index].action = settings_.default_decision;
  }
  act(action);
}

// Records the rule (at once) and runs its action after its delay.
void SmExtension::act(const Action& action) {
  sim::Duration delay;
  if (action.rule) {
    const SmRule& rule = settings_.rules[*action.rule];
    delay = rule.delay;
    TraceDetail detail;
    detail.add(dk::kRule, static_cast<long long>(*action.rule))
        .add(dk::kEventId, action.event.event_id);
    if (action.event.vnf_instance_id) detail.add(dk::kVnf, *action.event.vnf_instance_id);
    if (action.grant_id) detail.add(dk::kGrantId, *action.grant_id);
    if (delay > sim::Duration()) detail.add(dk::kDelay, sim::format_duration(delay));
    if (settings_.manual_only && !action.grant_id) detail.add(dk::kReason, "held for an operator");
    host_.tracer()({.operation = decisions::kSmRuleFired,
                    .outcome = rule.action,
                    .peer = action.block,
                    .reference_point = reference_point_of(action.block),
                    .detail = detail});
  }
  // Fault manual_only: the reaction to a notification waits for an operator (never).
  if (action.rule && settings_.manual_only && !action.grant_id) return;
  auto run = [this, action] {
    const std::string vnf = action.event.vnf_instance_id.value_or("");
    const std::string terminate_block = settings_.nfvo.empty() ? action.block : settings_.nfvo;
    if (!action.rule) {  // a grant request no rule matches
      if (settings_.default_decision != kDefaultNone)
        answer_grant(action, settings_.default_decision, std::nullopt, "default decision");
      return;
    }
    const SmRule& rule = settings_.rules[*action.rule];
    const std::string& what = rule.action;
    if (action.grant_id) {
      if (what == kActionApprove || what == kActionApproveWithPolicy || what == kActionReject)
        answer_grant(action, what, rule.policy, rule.reason);
      else if (what == kActionObject)
        answer_grant(action, kDecisionReject, std::nullopt, rule.reason);
      else if (what == kActionPolicy)
        answer_grant(action, kDecisionApproveWithPolicy, rule.policy, rule.reason);
      else if ((what == kActionTerminate || what == kActionInsertVsf) &&
               settings_.default_decision != kDefaultNone)
        answer_grant(action, settings_.default_decision, std::nullopt, "default decision");
    } else if (what == kActionObject) {
      send(action.block, m::SmLcmObjection{.instance = action.instance,
                                           .event_id = action.event.event_id,
                                           .reason = rule.reason});
    } else if (what == kActionPolicy && rule.policy && !vnf.empty()) {
      instruct_policy(action.block, action.instance, {vnf}, *rule.policy, action.event.event_id);
    }
    if (what == kActionInsertVsf && rule.vsf) {
      const std::string instance = instance_with(terminate_block);
      m::SmSecurityFunctionRequest request;
      request.instance = instance.empty() ? action.instance : instance;
      request.action = kVsfInstantiate;
      request.vsf = *rule.vsf;
      request.placement = m::SmVsfPlacement{};
      request.placement->between = rule.between;
      request.policy = rule.policy;
      request.event_id = action.event.event_id;
      request_security_function(terminate_block, std::move(request));
    }
    if (what == kActionOverruleApprove || what == kActionOverruleCancel)
      request_overrule(action.block, action.instance, action.event.event_id,
                       what == kActionOverruleApprove ? kOverruleReplace : kOverruleCancel,
                       what == kActionOverruleApprove ? std::optional<std::string>(kDecisionApprove)
                                                      : std::nullopt,
                       rule.reason);
    if (what == kActionTerminate && !vnf.empty()) {
      const std::string instance = instance_with(terminate_block);
      request_termination(terminate_block, instance.empty() ? action.instance : instance, rule.kind,
                          {vnf}, rule.reason, rule.options);
    }
  };
  if (delay > sim::Duration())
    host_.schedule(delay, "SmRuleDelay", run);
  else
    run();
}

void SmExtension::answer_grant(const Action& action, const std::string& decision,
                               const std::optional<m::SmPolicy>& policy,
                               const std::string& reason) {
  m::SmLcmGrantResponse response;
  response.instance = action.instance;
  response.grant_id = *action.grant_id;
  response.decision = decision;
  if (decision == kDecisionApproveWithPolicy) response.policy = policy;
  response.package_verdict = action.package_verdict;
  if (decision == kDecisionReject || !reason.empty()) response.reason = reason;
  send(action.block, response);
}

std::string SmExtension::request_termination(const std::string& block, const std::string& instance,
                                             const std::string& kind,
                                             const std::vector<std::string>& vnfs,
                                             const std::string& reason,
                                             const m::SmTerminationOptions& options) {
  std::vector<std::string> listed = vnfs;
  // The fault: each VNF replaced by the NS it was learnt in (an event's group_ref).
  if (settings_.terminate_by_ns)
    for (auto& id : listed)
      for (const auto& e : state_.events)
        if (e.event.vnf_instance_id == id && e.event.group_ref) id = *e.event.group_ref;
  const std::string request_id = next_request_id();
  sent(request_id, operations::kSmTerminateVnfRequest, block);
  send(block, m::SmTerminateVnfRequest{.instance = instance,
                                       .request_id = request_id,
                                       .kind = kind,
                                       .vnf_instance_ids = listed,
                                       .reason = reason,
                                       .options = options});
  return request_id;
}

void SmExtension::request_security_function(const std::string& block,
                                            m::SmSecurityFunctionRequest request) {
  request.request_id = next_request_id();
  if (request.vsf.vnfd_id) vsf_vnfds_.insert(*request.vsf.vnfd_id);
  sent(request.request_id, operations::kSmSecurityFunctionRequest, block);
  send(block, request);
}

void SmExtension::instruct_policy(const std::string& block, const std::string& instance,
                                  const std::vector<std::string>& vnfs, const m::SmPolicy& policy,
                                  const std::optional<std::string>& event_id) {
  const std::string request_id = next_request_id();
  sent(request_id, operations::kSmSecurityPolicyInstruction, block);
  send(block, m::SmSecurityPolicyInstruction{.instance = instance,
                                             .instruction_id = request_id,
                                             .event_id = event_id,
                                             .vnf_instance_ids = vnfs,
                                             .policy = policy});
}

}  // namespace ifa026::actors::sm
