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
#include "actors/sm/sm_sf_settings.hpp"
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
  // Security functions (sm_sf_settings.hpp; issue 16).
  SfSettings sf;
  // "manual_only": a rule that matches is recorded but its reaction (policy instruction,
  // termination, VSF request) waits for an operator that never comes (R1.2.30 must fail).
  bool manual_only = false;
  // ---- detection (sm_detection.cpp; issue 16) ----
  // How long a VIM's RESOURCE_ALLOCATE waits for the NFVO's VNF_INSTANTIATE of its VNF.
  sim::Duration detection_window = sim::Duration::seconds(10);
  // Fault switches (`sm_faults`): miss_rogue (every allocation recorded authorized),
  // flag_authorized (every allocation flagged unauthorized), no_remediation (an active SM only
  // records the detection), remediate_passive (a Passive SM asks for the termination anyway).
  bool miss_rogue = false;
  bool flag_authorized = false;
  bool no_remediation = false;
  bool remediate_passive = false;
  // skip_audit: detections and remedies are not appended to the SM's own audit log.
  bool skip_audit = false;
  // ---- updates (sm_update.cpp; issue 16, R1.3.220) ----
  // `update_policy` {allowed_images, allowed_firmware}: absent, updates are not judged; present,
  // an image / firmware not listed is outside it (a list left out allows none of its kind).
  bool update_policy = false;
  std::vector<std::string> allowed_images;
  std::vector<std::string> allowed_firmware;
  bool miss_update = false;  // fault `miss_update`: every update recorded authorized
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

// ---- monitoring (sm_monitoring.cpp; issue 16): param `monitoring` and its fault switches ----
struct SmMonitoringSettings {
  sim::Duration period = {};  // continuous runs (zero: none)
  bool start_on = true;       // continuous monitoring on from the start
  std::string target = {};    // the block asked (default the NFVO)
  std::string domain = {};    // the domain whose status a run asks (default: first granted)
  std::vector<std::string> event_types = {};  // events that trigger a run
  int polls_per_run = 1;                      // in-band polls of each inband monitor per run
  std::vector<std::string> inband = {};       // data-plane monitors polled in band per run
  // Fault switches (sm_faults): "blind_monitoring" (a run asks nothing), "stale_topology" (the
  // view is not changed by events), "monitoring_flood" (each run polls 200 times in band).
  bool blind = false;
  bool stale_topology = false;
};
ParamRule sm_monitoring_param_rule();
void check_sm_monitoring_params(const nlohmann::json& params, std::vector<sim::Diagnostic>& out);
SmMonitoringSettings read_sm_monitoring_settings(const nlohmann::json& params);

// ---- detection (sm_detection.cpp; issue 16) ----
void read_detection_settings(const nlohmann::json& params, SmSettings& settings);
// ---- updates (sm_update.cpp; issue 16) ----
void read_update_settings(const nlohmann::json& params, SmSettings& settings);
void check_update_policy(const nlohmann::json& params, std::vector<sim::Diagnostic>& out);

std::vector<ParamRule> sm_param_rules();
std::vector<CommandRule> sm_command_rules();
void check_sm_params(const nlohmann::json& params, std::vector<sim::Diagnostic>& out);
// `start`: the instant vendor roots are built from (the simulation's start).
SmSettings read_sm_settings(const nlohmann::json& params, pki::Instant start);

}  // namespace ifa026::actors::sm
