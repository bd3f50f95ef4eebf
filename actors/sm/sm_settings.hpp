// The Security Manager's parameters and workload commands (actor type `sm`, docs/parameters.md):
// the table `ifa026 list params` shows, the checks beyond it (located diagnostics), and the
// settings read from checked parameters.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "actors/common/actor_params.hpp"
#include "actors/messages/sc_mano.hpp"
#include "actors/sm/sm_rules.hpp"
#include "actors/toolkit/request_tracker.hpp"
#include "pki/chain_verifier.hpp"
#include "sim/diagnostic.hpp"
#include "sim/time.hpp"

namespace ifa026::actors::sm {

struct SmSettings {
  // The MANO blocks the SM binds to, by actor name, with the reference point to each, in the
  // order nfvo, vnfm, vim.
  std::vector<std::pair<std::string, std::string>> blocks;
  std::string nfvo;
  std::string vnfm;
  std::string vim;
  std::vector<std::string> domains;
  messages::SmEventFilter filter;
  std::vector<SmRule> rules;
  std::string default_decision;  // approve, reject, none
  bool verify_packages = false;
  pki::TrustStore package_anchors;
  RetryPolicy bind_retry;
  // Fault switches (param `sm_faults`, docs/security-manager.md "Fault switches"):
  // "terminate_by_ns": a termination request lists the NS of each VNF instead of the VNF.
  bool terminate_by_ns = false;
  // "serve_any_peer": as a provider, serves every Sm-Sm request (no peer or trust check);
  // "refuse_peers": refuses every one (docs/trust-model.md).
  bool serve_any_peer = false;
  bool refuse_peers = false;
  // "manual_only": a rule that matches is recorded but its reaction (policy instruction,
  // termination, VSF request) waits for an operator that never comes (R1.2.30 must fail).
  bool manual_only = false;
  // ---- sNSD (sm_snsd.cpp; issue 16) ----
  // "snsd_drop_element": the sNSD leaves an NSD element out; "snsd_no_security": it has no
  // security section.
  bool snsd_drop_element = false;
  bool snsd_no_security = false;
  // "keep_ns_policy": the SM keeps what it held for an NS after its NS_TERMINATE event.
  bool keep_ns_policy = false;
  // "protect" {VNFD id: VSF VNFD id}: each VNF of such a VNFD an NS scale adds gets a VSF of that
  // VNFD, asked for when the NS_SCALE event comes; a removed VNF's VSF is terminated (R1.2.120).
  std::map<std::string, std::string> protect;
  // "no_scale_vsf": NS_SCALE events change nothing (R1.2.120 must fail).
  bool no_scale_vsf = false;
};

std::vector<ParamRule> sm_param_rules();
std::vector<CommandRule> sm_command_rules();
void check_sm_params(const nlohmann::json& params, std::vector<sim::Diagnostic>& out);
// `start`: the instant vendor roots are built from (the simulation's start).
SmSettings read_sm_settings(const nlohmann::json& params, pki::Instant start);

}  // namespace ifa026::actors::sm
