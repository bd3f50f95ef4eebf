// One builder for the scenarios that tests and benchmarks run (the ns-3 "helper" layer): a fluent,
// typed way to write a scenario that scenarios/schema.json and the loader accept, instead of
// hand-written JSON. Two layers in one class:
//
// - the scenario file itself: name, epoch, seed, duration, scheduler, network, actors, faults,
//   workload, covers, expect (each method writes the member of the same name);
// - NFV wiring helpers that keep the two ends of a relation consistent: add_cmf registers the CMF's
//   RA credential at its CA, add_oss makes the OSS a trusted consumer of its CMF with a shared
//   day-0 secret, add_entity lists a MANO entity among the OSS's entities and gives every hop of
//   its configuration path a day-0 secret, and so on.
//
//   ScenarioBuilder("c211").seed(7).latency("2ms")
//       .add_ca("ca-1")
//       .add_cmf("cmf-1", CmfSetup().ca("ca-1"))
//       .add_oss("oss-1", OssSetup().cmf("cmf-1"))
//       .add_entity("nfvo-1", "nfvo", EntitySetup("nfvo.example.net"))
//       .command("1s", "oss-1", "register_all")
//       .load(registry);  // a sim::Scenario, or an exception naming every problem
//
// The builder writes JSON only (it never includes an actor header), so it lives in the
// `ifa026_testing` library that tests and benchmarks link and the `ifa026` program does not.
// Parameters are written as given: the actors' own check_params, run by load(), judge them.
#pragma once

#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/actor_registry.hpp"
#include "sim/scenario.hpp"

namespace ifa026::test {

using Json = nlohmann::json;

// What add_cmf writes besides the CMF's name. The RA credential (ra_reference, ra_secret) is also
// added to the CA's ra_credentials, so the CMF can enrol its own certificate there (the CA must
// be added first). Setters chain: CmfSetup().ca("ca").ra("cmf-ra", "secret").
class CmfSetup {
 public:
  CmfSetup& ca(std::string name);                           // default "ca-1"
  CmfSetup& ra(std::string reference, std::string secret);  // default: the CMF's name, "ra-secret"
  CmfSetup& allowed_domains(std::vector<std::string> domains);  // default {"example.net"}
  CmfSetup& params(Json params);  // further parameters, written over the ones above

 private:
  friend class ScenarioBuilder;
  std::string ca_ = "ca-1";
  std::string ra_reference_;
  std::string ra_secret_ = "ra-secret";
  std::vector<std::string> allowed_domains_ = {"example.net"};
  Json params_ = Json::object();
};

// What add_oss writes: the OSS names its CMF, the CMF trusts it (trusted_consumers) and both hold
// the same day-0 secret (the CMF must be added first). type() lets a test actor play the OSS.
class OssSetup {
 public:
  OssSetup& cmf(std::string name);            // default "cmf-1"
  OssSetup& day0_secret(std::string secret);  // default "day0-<oss>-<cmf>"
  OssSetup& type(std::string type);           // default "oss"
  OssSetup& params(Json params);

 private:
  friend class ScenarioBuilder;
  std::string cmf_ = "cmf-1";
  std::string day0_secret_;
  std::string type_ = "oss";
  Json params_ = Json::object();
};

// A MANO entity the OSS registers at the CMF and configures (its entry in the OSS's `entities`).
class EntitySetup {
 public:
  explicit EntitySetup(std::string fqdn);
  EntitySetup& kind(std::string kind);                // default: the actor type
  EntitySetup& via(std::vector<std::string> relays);  // default: absent (the OSS's default path)
  EntitySetup& subject(std::string subject);  // default: absent (the OSS's CN=<fqdn>,O=Operator)
  EntitySetup& oss(std::string name);         // default "oss-1"
  EntitySetup& params(Json params);           // the entity actor's parameters

 private:
  friend class ScenarioBuilder;
  std::string fqdn_;
  std::string kind_;
  std::optional<std::vector<std::string>> via_;
  std::string subject_;
  std::string oss_ = "oss-1";
  Json params_ = Json::object();
};

// A link between two actors (network.links); what is not set takes the defaults.
class LinkSetup {
 public:
  LinkSetup& latency(Json latency);  // a latency object, e.g. fixed_latency("5ms")
  LinkSetup& loss(double loss);
  LinkSetup& bidirectional(bool both_ways);

 private:
  friend class ScenarioBuilder;
  std::optional<Json> latency_;
  std::optional<double> loss_;
  std::optional<bool> bidirectional_;
};

// Latency objects of the four models (scenario-format.md).
Json fixed_latency(const std::string& delay);
Json uniform_latency(const std::string& min, const std::string& max);
Json normal_latency(const std::string& mean, const std::string& stddev);
Json lognormal_latency(const std::string& mean, const std::string& stddev);

// A VNFD identity template ({vnfci} and {vnf} are filled in by the VNFM): its certificate's
// subject "CN=<host>,O=Operator" and one DNS name <host>.
Json identity_template(const std::string& name, const std::string& usage, const std::string& host);

class ScenarioBuilder;

// The world of Annex C.2.1.1 as scenarios/annex-c/C.2.1.1.json spells it: ca-1; cmf-1 in direct
// mode towards vnfm-1; oss-1 registering vnfm-1 at 1 s; vnfm-1 with the VNFD vnfd-fw (VNFC fw-ctl,
// identities client and server) instantiating vnf-1 with two fw-ctl instances at 10 s; 2 ms links,
// seed 1, 10 minutes. A test asserts that it matches the shipped file.
ScenarioBuilder annex_c_2_1_1_world();

// Thrown by load(): the message lists every diagnostic, as `ifa026 validate` prints them.
class ScenarioBuildError : public std::runtime_error {
 public:
  ScenarioBuildError(const std::string& message, std::vector<sim::Diagnostic> diagnostics)
      : std::runtime_error(message), diagnostics_(std::move(diagnostics)) {}
  const std::vector<sim::Diagnostic>& diagnostics() const { return diagnostics_; }

 private:
  std::vector<sim::Diagnostic> diagnostics_;
};

class ScenarioBuilder {
 public:
  // Defaults: epoch 2026-01-01T00:00:00Z, seed 1, duration 10s, no network (1 ms links).
  explicit ScenarioBuilder(std::string name = "test");

  // ---- top-level members ----
  ScenarioBuilder& name(const std::string& name);
  ScenarioBuilder& description(const std::string& text);
  ScenarioBuilder& epoch(const std::string& rfc3339);
  ScenarioBuilder& seed(std::uint64_t seed);
  ScenarioBuilder& duration(const std::string& duration);
  ScenarioBuilder& scheduler(const std::string& scheduler);
  ScenarioBuilder& covers(const std::vector<std::string>& ids);
  ScenarioBuilder& expect(Json expect);
  // Any other member, written as given (e.g. one the schema refuses, for a validation test).
  ScenarioBuilder& member(const std::string& key, Json value);

  // ---- network ----
  // Every link's default latency: fixed `delay`, or any latency object.
  ScenarioBuilder& latency(const std::string& delay);
  ScenarioBuilder& default_latency(Json latency);
  ScenarioBuilder& default_loss(double loss);
  ScenarioBuilder& link(const std::string& from, const std::string& to,
                        const LinkSetup& setup = {});

  // ---- actors ----
  // An actor of any type; "params" is always written (an empty object when none are given).
  ScenarioBuilder& actor(const std::string& name, const std::string& type,
                         Json params = Json::object(), const std::string& trust_domain = "");
  bool has_actor(const std::string& name) const;
  // The actor's params, to edit in place; std::invalid_argument when there is no such actor.
  Json& params(const std::string& actor);
  // Sets each top-level key of `patch` in the actor's params (a key given replaces its old
  // value; nlohmann's update).
  ScenarioBuilder& update_params(const std::string& actor, const Json& patch);
  // Applies `patch` as an RFC 7386 merge patch to the actor's params (nested objects merge,
  // null removes).
  ScenarioBuilder& patch_params(const std::string& actor, const Json& patch);
  ScenarioBuilder& trust_domain(const std::string& actor, const std::string& domain);
  // Both ends hold `secret` for each other in params.day0 (default "day0-<a>-<b>").
  ScenarioBuilder& day0(const std::string& a, const std::string& b, std::string secret = "");

  // ---- NFV wiring helpers ----
  ScenarioBuilder& add_ca(const std::string& name, Json params = Json::object());
  // Appends {reference, secret} to the CA's ra_credentials.
  ScenarioBuilder& ra_credential(const std::string& ca, const std::string& reference,
                                 const std::string& secret);
  // Appends `actor` to the CA's crl_subscribers.
  ScenarioBuilder& crl_subscriber(const std::string& ca, const std::string& actor);
  ScenarioBuilder& add_cmf(const std::string& name, const CmfSetup& setup = {});
  // Sets (update) the CMF's direct_mode settings.
  ScenarioBuilder& direct_mode(const std::string& cmf, const Json& settings);
  ScenarioBuilder& add_oss(const std::string& name, const OssSetup& setup = {});
  // Only the OSS's `entities` entry of an entity (no actor, no day-0 secrets).
  ScenarioBuilder& register_entity(const std::string& name, const EntitySetup& setup);
  // A MANO entity actor of `type`, registered with its OSS, with a day-0 secret on each hop of
  // its configuration path (OSS, relays, entity) that has none yet.
  ScenarioBuilder& add_entity(const std::string& name, const std::string& type,
                              const EntitySetup& setup);
  // A VNFM; `vnfds` is its VNFD catalogue (add more with vnfd()).
  ScenarioBuilder& add_vnfm(const std::string& name, Json params = Json::object());
  ScenarioBuilder& vnfd(const std::string& vnfm, const std::string& vnfd, Json descriptor);
  ScenarioBuilder& add_vnfci(const std::string& name, Json params = Json::object());

  // ---- workload ----
  ScenarioBuilder& command(const std::string& at, const std::string& actor,
                           const std::string& command, Json args = Json::object());
  // Repeats the last command every `period`, `count` times in all.
  ScenarioBuilder& every(const std::string& period, int count);
  // The VNFM's instantiate command: `vnfcs` maps VNFC name to instance count.
  ScenarioBuilder& instantiate(const std::string& at, const std::string& vnfm,
                               const std::string& vnf, const std::string& vnfd, Json vnfcs,
                               Json extra_args = Json::object());
  ScenarioBuilder& clear_workload();
  // A command the scenario validation would refuse (an unknown entity, a missing argument), kept
  // out of the JSON and given to the actor anyway: load() appends it to the loaded workload, so a
  // test can show the actor still refuses it at run time.
  ScenarioBuilder& unchecked_command(const std::string& at, const std::string& actor,
                                     const std::string& command, Json args = Json::object());

  // ---- faults ----
  ScenarioBuilder& actor_down(const std::string& actor, const std::string& start,
                              const std::string& end);
  ScenarioBuilder& link_down(const std::string& a, const std::string& b, const std::string& start,
                             const std::string& end);
  ScenarioBuilder& tamper(const std::string& a, const std::string& b, const std::string& start,
                          const std::string& end);

  // ---- results ----
  const Json& json() const { return root_; }
  // The scenario text (`indent` as nlohmann's dump: -1 is one line).
  std::string text(int indent = 2) const;
  void write(const std::filesystem::path& file, int indent = 2) const;
  // Loads the text through sim::load_scenario_text (schema, semantic rules, the registry's
  // parameter checks, `rule`), reported as file "<name>.json"; the unchecked commands are
  // appended to the loaded workload.
  sim::ScenarioLoad validate(const sim::ActorRegistry& registry,
                             const sim::ScenarioRule& rule = {}) const;
  // validate(), or ScenarioBuildError naming every diagnostic.
  sim::Scenario load(const sim::ActorRegistry& registry, const sim::ScenarioRule& rule = {}) const;

 private:
  Json& actor_json(const std::string& name);
  Json& network();

  Json root_;
  std::vector<sim::CommandSpec> unchecked_;
};

}  // namespace ifa026::test
