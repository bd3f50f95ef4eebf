// The harness of the end-to-end tests of secure bootstrapping in direct mode (C.2.1.2, C.2.1.3):
// scenarios with the real ca, cmf (direct mode, Relying Party), oss (registers the VNFM), vnfm (its
// NFVI's hardware root, spawning VNFCIs with platform attestation keys), verifier, hsm and vnfci
// actors, built with test::ScenarioBuilder (bootstrap_world, add_hsm), loaded like a scenario
// file and run to the end.
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
#include "tests/support/scenario_builder.hpp"

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

inline json identity_templates() {
  return json::array(
      {test::identity_template("client", "client", "{vnfci}.{vnf}.example.net"),
       test::identity_template("server", "server", "srv.{vnfci}.{vnf}.example.net")});
}

// The C.2.1.2 world: ca-1; cmf-1 in direct mode, Relying Party of verifier-1; oss-1 registering
// vnfm-1; verifier-1 with the genuine fw-ctl measurements as reference values; vnfm-1 holding the
// NFVI's hardware root, whose VNFD vnfd-fw has the fw-ctl VNFC with two identities and attested
// secure bootstrap. On 2 ms links for 2 minutes: the OSS registers the VNFM at 1 s and the VNFM
// instantiates vnf-1 with `vnfcis` fw-ctl instances at 10 s (`tampered` ones measure wrong).
inline test::ScenarioBuilder bootstrap_world(int vnfcis = 2,
                                             const std::vector<std::string>& tampered = {}) {
  json bootstrap = {{"attestation", true}, {"measurements", genuine_measurements()}};
  json instantiate_extra = json::object();
  if (!tampered.empty()) instantiate_extra["tampered_vnfcis"] = tampered;
  test::ScenarioBuilder b("secure-bootstrap-test");
  b.seed(1)
      .duration("2m")
      .latency("2ms")
      .add_ca("ca-1", {{"crl_interval", "0"}})
      .add_cmf("cmf-1")
      .add_oss("oss-1", test::OssSetup().day0_secret("day0-oss-cmf"))
      .direct_mode("cmf-1", {{"vnfms", {"vnfm-1"}},
                             {"verifier", "verifier-1"},
                             {"credential", {{"one_use", true}, {"lifetime", "1h"}}},
                             {"renew_before", "30d"}})
      .register_entity("vnfm-1", test::EntitySetup("vnfm-1.example.net")
                                     .kind("vnfm")
                                     .subject("CN=vnfm-1.example.net,O=Operator,C=FR"))
      .actor("verifier-1", "verifier",
             {{"hardware_roots_from", {"vnfm-1"}},
              {"reference_values", {{"vnfd-fw/fw-ctl", genuine_measurements()}}}})
      .day0("cmf-1", "verifier-1", "day0-cmf-verifier")
      .add_vnfm("vnfm-1", {{"verifier", "verifier-1"},
                           {"hardware_root_to", {"verifier-1"}},
                           {"vnfci_params", json::object()}})
      .day0("oss-1", "vnfm-1", "day0-oss-vnfm")
      .vnfd(
          "vnfm-1", "vnfd-fw",
          {{"vnfcs",
            {{"fw-ctl", {{"identities", identity_templates()}, {"secure_bootstrap", bootstrap}}}}}})
      .command("1s", "oss-1", "register", {{"entity", "vnfm-1"}})
      .instantiate("10s", "vnfm-1", "vnf-1", "vnfd-fw", {{"fw-ctl", vnfcis}}, instantiate_extra);
  return b;
}

// C.2.1.3: adds the HSM `hsm-1` to a bootstrap world. The fw-ctl VNFC's secure bootstrap uses it
// (its CSRs signed in the HSM when `signs_csr`, keys rotated every `key_rotation` when not empty);
// the VNFM gives it the NFVI's hardware root and the CMF trusts its vendor root.
inline test::ScenarioBuilder& add_hsm(test::ScenarioBuilder& b, bool signs_csr,
                                      const std::string& key_rotation = "") {
  json& bootstrap = b.params("vnfm-1")["vnfds"]["vnfd-fw"]["vnfcs"]["fw-ctl"]["secure_bootstrap"];
  bootstrap["hsm"] = "hsm-1";
  if (signs_csr) bootstrap["hsm_signs_csr"] = true;
  if (!key_rotation.empty()) bootstrap["key_rotation"] = key_rotation;
  b.params("vnfm-1")["hardware_root_to"].push_back("hsm-1");
  b.update_params("cmf-1", {{"hsm_vendor_roots_from", {"hsm-1"}}});
  return b.actor("hsm-1", "hsm",
                 {{"vendor_root_recipients", {"cmf-1"}}, {"hardware_roots_from", {"vnfm-1"}}});
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

inline std::unique_ptr<BootstrapRun> run_scenario(const test::ScenarioBuilder& scenario) {
  auto run = std::make_unique<BootstrapRun>();
  run->simulation = std::make_unique<sim::Simulation>(scenario.load(run->registry), run->registry);
  run->simulation->trace().subscribe(run->store);
  run->simulation->run();
  return run;
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
