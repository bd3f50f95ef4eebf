// The Security Manager's parameters and workload commands (see sm_settings.hpp).
#include "actors/sm/sm_settings.hpp"

#include <algorithm>
#include <utility>

#include "actors/common/audit_keeping.hpp"
#include "actors/common/package_vendor.hpp"
#include "actors/common/telemetry_collector.hpp"
#include "actors/messages/reference_points.hpp"
#include "actors/messages/sm_vocabulary.hpp"
#include "sim/param_rules.hpp"

namespace ifa026::actors::sm {

namespace {

using nlohmann::json;

const std::vector<std::string>& event_types() {
  static const std::vector<std::string> types = {kEventVnfInstantiate, kEventVnfModify,
                                                 kEventVnfTerminate,   kEventNsInstantiate,
                                                 kEventNsScale,        kEventNsTerminate};
  return types;
}

void check_subscription(const json& params, std::vector<sim::Diagnostic>& out) {
  auto it = params.find("subscription");
  if (it == params.end() || !it->is_object()) return;
  for (const auto& [key, value] : it->items()) {
    const std::string where = "/subscription/" + sim::escape_pointer_token(key);
    if (key == "event_types" || key == "domains") {
      if (!value.is_array()) {
        out.push_back({"", 0, 0, where, "subscription: " + key + " must be a list of strings"});
        continue;
      }
      for (std::size_t i = 0; i < value.size(); ++i) {
        const std::string at = where + "/" + std::to_string(i);
        if (!value[i].is_string()) {
          out.push_back({"", 0, 0, at, "subscription: " + key + " must be a list of strings"});
        } else if (key == "event_types" &&
                   std::find(event_types().begin(), event_types().end(),
                             value[i].get<std::string>()) == event_types().end()) {
          out.push_back({"", 0, 0, at,
                         "subscription: unknown event type \"" + value[i].get<std::string>() +
                             "\" (VNF_INSTANTIATE, VNF_MODIFY, VNF_TERMINATE, NS_INSTANTIATE, "
                             "NS_SCALE, NS_TERMINATE)"});
        }
      }
    } else if (key == "include_vnfd") {
      if (!value.is_boolean())
        out.push_back({"", 0, 0, where, "subscription: include_vnfd must be true or false"});
    } else {
      out.push_back(
          {"", 0, 0, where,
           "subscription: unknown member \"" + key + "\" (event_types, domains, include_vnfd)",
           true});
    }
  }
}

void check_bind_retry(const json& params, std::vector<sim::Diagnostic>& out) {
  auto it = params.find("bind_retry");
  if (it == params.end() || !it->is_object()) return;
  for (const auto& [key, value] : it->items()) {
    const std::string where = "/bind_retry/" + sim::escape_pointer_token(key);
    if (key == "timeout" || key == "max_wait") {
      if (!sim::good_duration(value) || sim::parse_duration(value.get<std::string>())->ns() <= 0)
        out.push_back({"", 0, 0, where, "bind_retry: " + key + " must be a positive duration"});
    } else if (key == "retries") {
      if (!value.is_number_integer() || value.get<long long>() < 0)
        out.push_back({"", 0, 0, where, "bind_retry: retries must be a non-negative integer"});
    } else {
      out.push_back({"", 0, 0, where,
                     "bind_retry: unknown member \"" + key + "\" (timeout, retries, max_wait)",
                     true});
    }
  }
}

void check_blocks(const json& params, std::vector<sim::Diagnostic>& out) {
  std::vector<std::string> seen;
  for (const char* key : {"nfvo", "vnfm", "vim"}) {
    auto it = params.find(key);
    if (it == params.end() || !it->is_string()) continue;
    const std::string block = it->get<std::string>();
    if (block.empty()) {
      out.push_back({"", 0, 0, std::string("/") + key, std::string(key) + ": an empty actor name"});
    } else if (std::find(seen.begin(), seen.end(), block) != seen.end()) {
      out.push_back({"", 0, 0, std::string("/") + key,
                     std::string(key) + ": " + block + " is already another block of this SM"});
    }
    seen.push_back(block);
  }
}

void check_anchors(const json& params, std::vector<sim::Diagnostic>& out) {
  auto it = params.find("package_trust_anchors");
  if (it == params.end() || !it->is_array()) return;
  for (std::size_t i = 0; i < it->size(); ++i)
    if ((*it)[i].is_string() && !valid_package_vendor_name((*it)[i].get<std::string>()))
      out.push_back({"", 0, 0, "/package_trust_anchors/" + std::to_string(i),
                     "package_trust_anchors: \"" + (*it)[i].get<std::string>() +
                         "\" is not a vendor name (1 to 63 of a-z, 0-9, '-')"});
}

}  // namespace

std::vector<ParamRule> sm_param_rules() {
  std::vector<ParamRule> rules = {
      {"nfvo", ParamType::string, "the NFVO the SM binds to on Sc-Or"},
      {"vnfm", ParamType::string, "the VNFM the SM binds to on Sc-Vnfm"},
      {"vim", ParamType::string, "the VIM the SM binds to on Sc-Vi"},
      {"domains", ParamType::string_list,
       "trust domains asked for at bind time (empty: all MANO grants it)"},
      {"subscription", ParamType::object,
       "the LCM event filter it subscribes with once bound: {event_types: [...], domains: [...], "
       "include_vnfd: bool}",
       false, "every event of every granted domain"},
      {"rules", ParamType::array,
       "what it does per event, first match wins: [{on: {event_type, phase, vnf, source, "
       "operation, change_kind, trust_domain}, do: approve|approve_with_policy|reject|object|"
       "policy|terminate|ignore|insert_vsf|overrule_approve|overrule_cancel, delay, reason, "
       "policy: {policy_id, content, "
       "media_type}, kind: request|instruction, options: {...}, vsf: {vnfd_id, package, flavour} "
       "and between: [a, b] (insert_vsf)}]"},
      {"default_decision", ParamType::string,
       "the answer to a grant request no rule matches: approve, reject, or none (never answer)",
       false, "approve"},
      {"verify_packages", ParamType::boolean,
       "check a proposed VNF_INSTANTIATE's package signature itself against package_trust_anchors "
       "(R2.1.250): SmPackageVerification, the verdict in the grant response or a "
       "SmPackageIntegrityConfirmation",
       false, "false"},
      {"package_trust_anchors", ParamType::string_list,
       "package vendor names (the fixture the OSS signs with) whose roots a package signer must "
       "chain to"},
      {"bind_retry", ParamType::object,
       "bind request retries until answered: {timeout, retries, max_wait}; each wait doubles",
       false, "{timeout: 5s, retries: 20, max_wait: 1m}"},
      {"sm_faults", ParamType::string_list,
       "fault switches of the SM, to show checks fail: terminate_by_ns (a termination request "
       "lists NS ids, not VNF instance ids; docs/security-manager.md), serve_any_peer (serves "
       "every "
       "Sm-Sm request), refuse_peers (refuses every Sm-Sm request; docs/trust-model.md), "
       "manual_only (a matching rule's reaction to an event is never carried out; "
       "docs/security-monitoring.md), snsd_drop_element, snsd_no_security, keep_ns_policy, "
       "no_scale_vsf (docs/security-monitoring.md)"},
      telemetry::store_key_param_rule(),          // issue 16
      telemetry::collector_faults_param_rule(),   // issue 16
      telemetry::exploit_threshold_param_rule(),  // issue 16
      sm_monitoring_param_rule(),
      {"detection_window", ParamType::duration,
       "how long a VIM's RESOURCE_ALLOCATE waits for the NFVO's VNF_INSTANTIATE of its VNF "
       "before the SM flags it unauthorized (docs/security-monitoring.md)",
       false, "10s"},
      {"update_policy", ParamType::object,
       "the software images and host firmware this SM authorizes: {allowed_images [..], "
       "allowed_firmware [..]}; an update outside it is flagged unauthorized_update and, under "
       "Fully-Active, its grant rejected (R1.3.220; docs/security-monitoring.md)"},
      {"protect", ParamType::object,
       "{VNFD id: VSF VNFD id}: a VNF of such a VNFD that an NS scale adds gets a VSF of that VNFD "
       "(SmSecurityFunctionRequest when the NS_SCALE event comes), and a removed one's VSF is "
       "terminated (R1.2.120; docs/security-monitoring.md)"},
  };
  for (auto& rule : sf_param_rules()) rules.push_back(std::move(rule));
  for (auto& rule : audit_key_param_rules()) rules.push_back(std::move(rule));  // issue 16
  return rules;
}

std::vector<CommandRule> sm_command_rules() {
  const ParamRule block{"block", ParamType::string, "the MANO block asked", false, "nfvo"};
  const ParamRule instance{"instance", ParamType::string,
                           "negative scenarios: the interface instance named instead of the SM's "
                           "own (e.g. another SM's)"};
  std::vector<CommandRule> commands = {
      {"terminate_vnf",
       "ask MANO to terminate VNFs (SmTerminateVnfRequest; R2.1.260/270)",
       {{"vnfs", ParamType::string_list, "VNF instance ids", true},
        {"kind", ParamType::string, "request or instruction", false, "request"},
        {"reason", ParamType::string, "why", false, "security manager request"},
        {"options", ParamType::object,
         "termination options: replace_allowed, quarantine_copy, other_recovery_allowed, "
         "quarantine_image_and_vnfd, host_disposition (release|quarantine), terminate_cohosted, "
         "erase_secure_storage"},
        block,
        instance}},
      {"retire_host",
       "ask MANO to retire a host (SmHostRetirementRequest)",
       {{"host", ParamType::string, "the host id", true},
        {"kind", ParamType::string, "request or instruction", false, "request"},
        {"disposition", ParamType::string, "its VNFs: migrate or terminate", false, "migrate"},
        {"quarantine", ParamType::boolean, "quarantine the host", false, "false"},
        {"block", ParamType::string, "the MANO block asked", false, "vim, else nfvo"},
        instance}},
      {"policy_instruction",
       "send a security policy for VNFs (SmSecurityPolicyInstruction)",
       {{"vnfs", ParamType::string_list, "VNF instance ids", true},
        {"policy_id", ParamType::string, "the policy id", true},
        {"content", ParamType::string, "the policy (opaque to MANO)", true},
        {"media_type", ParamType::string, "its media type", false, "text/plain"},
        {"event_id", ParamType::string, "the event it answers (absent: unsolicited)"},
        block,
        instance}},
      {"security_function",
       "ask MANO to instantiate, modify or terminate a security function (VSF) in an NS "
       "(SmSecurityFunctionRequest; R2.1.340)",
       {{"action", ParamType::string, "instantiate, modify or terminate", true},
        {"vnfd", ParamType::string, "instantiate: the VSF's VNFD id"},
        {"package", ParamType::string, "instantiate: the VSF's package (absent: the VNFD's one)"},
        {"flavour", ParamType::string, "instantiate: the deployment flavour (absent: the first)"},
        {"vsf", ParamType::string, "modify, terminate: the VSF instance id"},
        {"between", ParamType::string_list, "instantiate: the two VNF instances of the link"},
        {"ns", ParamType::string, "instantiate: the NS (absent: the VNFs')"},
        {"within", ParamType::string, "a VNF whose VNFCs the VSF goes between (refused by MANO)"},
        {"between_vnfcs", ParamType::string_list, "with within: the two VNFCs"},
        {"policy_id", ParamType::string, "modify (and optionally instantiate): the policy id"},
        {"content", ParamType::string, "the policy (opaque to MANO)"},
        {"media_type", ParamType::string, "the policy's media type", false, "text/plain"},
        {"event_id", ParamType::string, "the event it answers (absent: unsolicited)"},
        block,
        instance}},
      {"overrule",
       "a master overrules its subordinates' pending grant decision (SmOverruleRequest; 5.1.3-a, "
       "docs/trust-model.md \"Hierarchies\")",
       {{"event", ParamType::string, "the event id (or grant id) of the held operation"},
        {"request", ParamType::string, "alternative name of the target id"},
        {"action", ParamType::string, "replace or cancel", false, "replace"},
        {"decision", ParamType::string, "replace: approve or reject", false, "approve"},
        {"reason", ParamType::string, "why", false, "overruled by the master"},
        block,
        instance}},
      {"query_status",
       "ask for the network status of a domain (SmNetworkStatusQuery)",
       {{"domain", ParamType::string, "the trust domain", true}, block, instance}},
      {"query_history",
       "ask for the LCM history of a period (SmLcmHistoryQuery)",
       {{"from", ParamType::duration, "period start (simulated time)", false, "0s"},
        {"to", ParamType::duration, "period end (simulated time)", false, "now"},
        block,
        instance}},
      {"query_context",
       "ask for the context of a VNF, an NS or an event (SmContextQuery): exactly one of them",
       {{"vnf", ParamType::string, "a VNF instance id"},
        {"ns", ParamType::string, "an NS instance id"},
        {"event", ParamType::string, "an event id"},
        block,
        instance}},
      {"service_request",
       "ask a peer SM for a security service on Sm-Sm (SmServiceRequest; R1.1.110)",
       {{"peer", ParamType::string, "the peer SM (actor name)", true},
        {"service", ParamType::string, "the service, e.g. threat_intel", true},
        {"domain", ParamType::string, "the trust domain the service is about", true},
        {"payload", ParamType::string, "opaque content"}}},
      {"associate",
       "ask MANO for a security association between two VNFs (SecurityAssociationRequest; "
       "R1.1.90, R1.1.100)",
       {{"sa_id", ParamType::string, "the association's id", true},
        {"endpoints", ParamType::string_list, "the two VNF instance ids", true},
        {"relationship", ParamType::string, "the trust relationship (cross-domain)"},
        block,
        instance}},
      {"export_audit",
       "ask for its own audit log partition of a domain (SmAuditLogExportRequest)",
       {{"domain", ParamType::string, "the trust domain", true},
        {"from", ParamType::duration, "period start (simulated time)", false, "0s"},
        {"to", ParamType::duration, "period end (simulated time)", false, "now"},
        block,
        instance}},
      {"compromise",
       "the SM is taken over (R1.1.50; docs/trust-model.md \"Isolation and separation\"): "
       "records SmCompromised, then asks MANO to terminate (instruction and request) and to apply "
       "a policy to the VNFs named, queries their context and the domain's status, modifies the "
       "VSFs named, retires the hosts named, and repeats the termination on the instances named",
       {{"vnfs", ParamType::string_list, "VNF instance ids of the attacked domain"},
        {"domain", ParamType::string, "the attacked domain (status query)"},
        {"vsfs", ParamType::string_list, "VSF instance ids whose policy it changes"},
        {"hosts", ParamType::string_list, "hosts it asks the VIM to retire"},
        {"instances", ParamType::string_list, "other SMs' interface instances it names"},
        block}},
      telemetry::tamper_store_command_rule(),  // issue 16
      telemetry::verify_store_command_rule(),  // issue 16
      {"monitor",
       "one monitoring run now (MonitoringRun trigger manual, or admin; R1.3.240): asks the "
       "target block for the status of the monitored domain",
       {{"trigger", ParamType::string, "manual or admin", false, "manual"},
        {"domain", ParamType::string, "the domain (absent: param monitoring.domain)"}}},
      {"monitoring",
       "switch continuous monitoring on or off (MonitoringSwitched; R1.3.50); switching it on "
       "runs an admin-triggered run at once",
       {{"state", ParamType::string, "on or off", true}}},
      {"design_snsd",
       "fetch an NSD from the NFVO, extend it with a security section into an sNSD and onboard "
       "it (SmDescriptorQuery, SnsdCreated, SmSnsdOnboardRequest; R1.2.50-R1.2.70)",
       {{"nsd", ParamType::string, "the NSD id at the NFVO", true},
        {"security", ParamType::object,
         "{zones: [{id, vnf_profiles}], vsfs: [{id, vnfd_id}], connectivity: [{vsf, between: "
         "[zone, zone], protects: [profile]}]}",
         true},
        {"snsd_id", ParamType::string, "the sNSD's id", false, "s<nsd>-<sm>"},
        block,
        instance}},
  };
  for (auto& rule : sf_command_rules()) commands.push_back(std::move(rule));
  return commands;
}

void check_sm_params(const json& params, std::vector<sim::Diagnostic>& out) {
  if (!params.is_object()) return;
  check_blocks(params, out);
  check_subscription(params, out);
  check_rules(params, out);
  check_update_policy(params, out);
  check_bind_retry(params, out);
  check_anchors(params, out);
  telemetry::check_collector_params(params, out);  // issue 16
  check_sf_params(params, out);
  check_sm_monitoring_params(params, out);
  if (auto it = params.find("protect"); it != params.end() && it->is_object())
    for (const auto& [vnfd, vsf] : it->items())
      if (!vsf.is_string() || vsf.get<std::string>().empty())
        out.push_back({"", 0, 0, "/protect/" + sim::escape_pointer_token(vnfd),
                       "protect: the VSF VNFD id for " + vnfd + " must be a non-empty string"});
  if (auto it = params.find("default_decision"); it != params.end() && it->is_string()) {
    const std::string d = it->get<std::string>();
    if (d != kDecisionApprove && d != kDecisionReject && d != kDefaultNone)
      out.push_back(
          {"", 0, 0, "/default_decision", "default_decision must be approve, reject or none"});
  }
  if (bool_param(params, "verify_packages", false) &&
      string_list_param(params, "package_trust_anchors").empty())
    out.push_back({"", 0, 0, "/verify_packages",
                   "verify_packages needs package_trust_anchors (no signer could be trusted)"});
}

SmSettings read_sm_settings(const json& params, pki::Instant start) {
  namespace rp = reference_points;
  SmSettings s;
  s.nfvo = string_param(params, "nfvo");
  s.vnfm = string_param(params, "vnfm");
  s.vim = string_param(params, "vim");
  if (!s.nfvo.empty()) s.blocks.emplace_back(s.nfvo, rp::kScOr);
  if (!s.vnfm.empty()) s.blocks.emplace_back(s.vnfm, rp::kScVnfm);
  if (!s.vim.empty()) s.blocks.emplace_back(s.vim, rp::kScVi);
  s.domains = string_list_param(params, "domains");
  for (const auto& fault : string_list_param(params, "sm_faults"))
    if (fault == "terminate_by_ns")
      s.terminate_by_ns = true;
    else if (fault == "serve_any_peer")
      s.serve_any_peer = true;
    else if (fault == "refuse_peers")
      s.refuse_peers = true;
    else if (fault == "manual_only")
      s.manual_only = true;
    else if (fault == "snsd_drop_element")
      s.snsd_drop_element = true;
    else if (fault == "snsd_no_security")
      s.snsd_no_security = true;
    else if (fault == "keep_ns_policy")
      s.keep_ns_policy = true;
    else if (fault == "no_scale_vsf")
      s.no_scale_vsf = true;
  if (auto it = params.find("protect"); it != params.end() && it->is_object())
    for (const auto& [vnfd, vsf] : it->items())
      if (vsf.is_string()) s.protect[vnfd] = vsf.get<std::string>();
  if (auto it = params.find("subscription"); it != params.end() && it->is_object()) {
    s.filter.event_types = string_list_param(*it, "event_types");
    s.filter.domains = string_list_param(*it, "domains");
    s.filter.include_vnfd = bool_param(*it, "include_vnfd", false);
  }
  s.rules = read_rules(params);
  s.sf = read_sf_settings(params);
  s.default_decision = string_param(params, "default_decision", kDecisionApprove);
  s.verify_packages = bool_param(params, "verify_packages", false);
  for (const auto& vendor : string_list_param(params, "package_trust_anchors"))
    if (valid_package_vendor_name(vendor))
      s.package_anchors.add_anchor(package_vendor_root(vendor, start));
  json retry = params.value("bind_retry", json::object());
  if (!retry.is_object()) retry = json::object();
  s.bind_retry.timeout = duration_param(retry, "timeout", sim::Duration::seconds(5));
  s.bind_retry.retries = static_cast<int>(int_param(retry, "retries", 20));
  s.bind_retry.max_wait = duration_param(retry, "max_wait", sim::Duration::minutes(1));
  read_detection_settings(params, s);
  read_update_settings(params, s);
  return s;
}

}  // namespace ifa026::actors::sm
