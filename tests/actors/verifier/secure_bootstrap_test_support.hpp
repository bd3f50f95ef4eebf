// The harness of the end-to-end tests of secure bootstrapping in direct mode (C.2.1.2, C.2.1.3):
// scenarios with the real ca, cmf (direct mode, Relying Party), oss (registers the VNFM), vnfm (its
// NFVI's hardware root, spawning VNFCIs with platform attestation keys), verifier, hsm and vnfci
// actors, built as scenario JSON, loaded like a scenario file and run to the end.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "actors/builtin_actors.hpp"
#include "actors/common/trace_detail.hpp"
#include "pki/bytes.hpp"
#include "sim/scenario.hpp"
#include "sim/simulation.hpp"

namespace ifa026::actors::bootstrap_testing {

using nlohmann::json;

inline std::string sha256_hex(const std::string& text) {
  return pki::to_hex(
      pki::sha256(pki::ByteView(reinterpret_cast<const std::uint8_t*>(text.data()), text.size())));
}

// What a genuine fw-ctl instance measures.
inline json genuine_measurements() {
  return {{"firmware", sha256_hex("nfvi firmware 1.4.2")},
          {"kernel", sha256_hex("hmee kernel 6.1.55")},
          {"vnfc-image", sha256_hex("fw-ctl image 3.2.0")}};
}

struct BootstrapScenario {
  int vnfcis = 2;
  std::vector<std::string> tampered;   // tampered_vnfcis of the instantiate command
  json vnfci_params = json::object();  // further parameters of every VNFCI
  json reference_values;               // default: vnfd-fw/fw-ctl -> genuine_measurements()
  json direct_mode_extra = json::object();
  json verifier_extra = json::object();
  // C.2.1.3: an HSM `hsm-1` for the VNFC.
  bool hsm = false;
  bool hsm_signs_csr = false;
  std::string key_rotation;            // "" : none
  bool hsm_gets_hardware_root = true;  // hardware_root_to includes hsm-1
  bool cmf_gets_vendor_root = true;    // the CMF takes hsm-1's HsmVendorRoot
  json hsm_extra = json::object();
  std::string duration = "2m";
  std::uint64_t seed = 1;
};

inline json identity_templates() {
  return json::array({{{"name", "client"},
                       {"usage", "client"},
                       {"subject", "CN={vnfci}.{vnf}.example.net,O=Operator"},
                       {"dns", {"{vnfci}.{vnf}.example.net"}}},
                      {{"name", "server"},
                       {"usage", "server"},
                       {"subject", "CN=srv.{vnfci}.{vnf}.example.net,O=Operator"},
                       {"dns", {"srv.{vnfci}.{vnf}.example.net"}}}});
}

inline json scenario_json(const BootstrapScenario& spec) {
  json direct = {{"vnfms", {"vnfm-1"}},
                 {"verifier", "verifier-1"},
                 {"credential", {{"one_use", true}, {"lifetime", "1h"}}},
                 {"renew_before", "30d"}};
  for (const auto& [key, value] : spec.direct_mode_extra.items()) direct[key] = value;
  json cmf_params = {{"ca", "ca-1"},
                     {"ra_reference", "cmf-1"},
                     {"ra_secret", "ra-secret"},
                     {"trusted_consumers", {"oss-1"}},
                     {"allowed_domains", {"example.net"}},
                     {"day0", {{"oss-1", "day0-oss-cmf"}, {"verifier-1", "day0-cmf-verifier"}}},
                     {"direct_mode", direct}};
  if (spec.hsm && spec.cmf_gets_vendor_root) cmf_params["hsm_vendor_roots_from"] = {"hsm-1"};
  json verifier = {{"day0", {{"cmf-1", "day0-cmf-verifier"}}},
                   {"hardware_roots_from", {"vnfm-1"}},
                   {"reference_values", spec.reference_values.is_null()
                                            ? json{{"vnfd-fw/fw-ctl", genuine_measurements()}}
                                            : spec.reference_values}};
  for (const auto& [key, value] : spec.verifier_extra.items()) verifier[key] = value;
  json bootstrap = {{"attestation", true}, {"measurements", genuine_measurements()}};
  json hardware_root_to = {"verifier-1"};
  if (spec.hsm) {
    bootstrap["hsm"] = "hsm-1";
    if (spec.hsm_signs_csr) bootstrap["hsm_signs_csr"] = true;
    if (!spec.key_rotation.empty()) bootstrap["key_rotation"] = spec.key_rotation;
    if (spec.hsm_gets_hardware_root) hardware_root_to.push_back("hsm-1");
  }
  json vnfm = {
      {"day0", {{"oss-1", "day0-oss-vnfm"}}},
      {"verifier", "verifier-1"},
      {"hardware_root_to", hardware_root_to},
      {"vnfci_params", spec.vnfci_params},
      {"vnfds",
       {{"vnfd-fw",
         {{"vnfcs",
           {{"fw-ctl",
             {{"identities", identity_templates()}, {"secure_bootstrap", bootstrap}}}}}}}}}};
  json actors =
      json::array({{{"name", "ca-1"},
                    {"type", "ca"},
                    {"params",
                     {{"ra_credentials", {{{"reference", "cmf-1"}, {"secret", "ra-secret"}}}},
                      {"crl_interval", "0"}}}},
                   {{"name", "cmf-1"}, {"type", "cmf"}, {"params", cmf_params}},
                   {{"name", "oss-1"},
                    {"type", "oss"},
                    {"params",
                     {{"cmf", "cmf-1"},
                      {"day0", {{"cmf-1", "day0-oss-cmf"}, {"vnfm-1", "day0-oss-vnfm"}}},
                      {"entities",
                       {{"vnfm-1",
                         {{"kind", "vnfm"},
                          {"fqdn", "vnfm-1.example.net"},
                          {"subject", "CN=vnfm-1.example.net,O=Operator,C=FR"}}}}}}}},
                   {{"name", "verifier-1"}, {"type", "verifier"}, {"params", verifier}},
                   {{"name", "vnfm-1"}, {"type", "vnfm"}, {"params", vnfm}}});
  if (spec.hsm) {
    json hsm = {{"vendor_root_recipients", {"cmf-1"}}, {"hardware_roots_from", {"vnfm-1"}}};
    for (const auto& [key, value] : spec.hsm_extra.items()) hsm[key] = value;
    actors.push_back({{"name", "hsm-1"}, {"type", "hsm"}, {"params", hsm}});
  }
  json instantiate = {{"vnf", "vnf-1"}, {"vnfd", "vnfd-fw"}, {"vnfcs", {{"fw-ctl", spec.vnfcis}}}};
  if (!spec.tampered.empty()) instantiate["tampered_vnfcis"] = spec.tampered;
  return {
      {"name", "secure-bootstrap-test"},
      {"epoch", "2026-01-01T00:00:00Z"},
      {"seed", spec.seed},
      {"duration", spec.duration},
      {"network", {{"default_latency", {{"model", "fixed"}, {"delay", "2ms"}}}}},
      {"actors", actors},
      {"workload",
       {{{"at", "1s"},
         {"actor", "oss-1"},
         {"command", "register"},
         {"args", {{"entity", "vnfm-1"}}}},
        {{"at", "10s"}, {"actor", "vnfm-1"}, {"command", "instantiate"}, {"args", instantiate}}}}};
}

struct BootstrapRun {
  sim::ActorRegistry registry = builtin_registry();
  std::unique_ptr<sim::Simulation> simulation;
  sim::TraceStore store;

  const std::vector<sim::TraceRecord>& records() const { return store.records(); }
  template <typename T>
  T* actor(const std::string& name) {
    return dynamic_cast<T*>(simulation->actor(name));
  }
};

inline std::unique_ptr<BootstrapRun> run_scenario(const json& scenario) {
  auto run = std::make_unique<BootstrapRun>();
  auto load = sim::load_scenario_text("secure-bootstrap.json", scenario.dump(2), run->registry);
  for (const auto& d : load.errors) ADD_FAILURE() << sim::format_diagnostic(d);
  if (!load.scenario) throw std::runtime_error("scenario does not load");
  run->simulation = std::make_unique<sim::Simulation>(*load.scenario, run->registry);
  run->simulation->trace().subscribe(run->store);
  run->simulation->run();
  return run;
}

inline std::unique_ptr<BootstrapRun> run_scenario(const BootstrapScenario& spec) {
  return run_scenario(scenario_json(spec));
}

inline std::string detail(const sim::TraceRecord& r, const std::string& key) {
  return trace_detail_value(r.detail, key).value_or("");
}

// Records of `actor` (any when empty) with this kind and operation, and this outcome when given,
// whose detail names `vnfci` when given (vnfci= or identity=<vnfci>/...).
inline std::vector<sim::TraceRecord> find(const std::vector<sim::TraceRecord>& records,
                                          const std::string& actor, sim::RecordKind kind,
                                          const std::string& operation,
                                          const std::string& outcome = "",
                                          const std::string& vnfci = "") {
  std::vector<sim::TraceRecord> out;
  for (const auto& r : records) {
    if ((!actor.empty() && r.actor != actor) || r.kind != kind || r.operation != operation)
      continue;
    if (!outcome.empty() && r.outcome != outcome) continue;
    if (!vnfci.empty() && detail(r, "vnfci") != vnfci &&
        detail(r, "identity").rfind(vnfci + "/", 0) != 0)
      continue;
    out.push_back(r);
  }
  return out;
}

inline std::vector<sim::TraceRecord> decisions(const std::vector<sim::TraceRecord>& records,
                                               const std::string& actor,
                                               const std::string& operation,
                                               const std::string& outcome = "",
                                               const std::string& vnfci = "") {
  return find(records, actor, sim::RecordKind::decision, operation, outcome, vnfci);
}

// The kernel's send records of `actor` to `peer` with this operation.
inline std::vector<sim::TraceRecord> sends(const std::vector<sim::TraceRecord>& records,
                                           const std::string& actor, const std::string& peer,
                                           const std::string& operation) {
  std::vector<sim::TraceRecord> out;
  for (const auto& r : records)
    if (r.kind == sim::RecordKind::send && r.actor == actor && r.peer == peer &&
        r.operation == operation)
      out.push_back(r);
  return out;
}

}  // namespace ifa026::actors::bootstrap_testing
