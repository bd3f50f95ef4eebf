// The scenario builder of tests and benchmarks: JSON assembly, the NFV wiring helpers and loading
// through the real scenario loader (see scenario_builder.hpp).
#include "tests/support/scenario_builder.hpp"

#include <algorithm>
#include <fstream>
#include <utility>

#include "sim/diagnostic.hpp"
#include "sim/time.hpp"

namespace ifa026::test {
namespace {

// Appends `value` to the array at `array` (created when absent) unless it is there already.
void append_once(Json& array, const Json& value) {
  if (!array.is_array()) array = Json::array();
  if (std::find(array.begin(), array.end(), value) == array.end()) array.push_back(value);
}

std::string day0_default(const std::string& a, const std::string& b) {
  return "day0-" + a + "-" + b;
}

}  // namespace

Json fixed_latency(const std::string& delay) {
  return {{"model", "fixed"}, {"delay", delay}};
}
Json uniform_latency(const std::string& min, const std::string& max) {
  return {{"model", "uniform"}, {"min", min}, {"max", max}};
}
Json normal_latency(const std::string& mean, const std::string& stddev) {
  return {{"model", "normal"}, {"mean", mean}, {"stddev", stddev}};
}
Json lognormal_latency(const std::string& mean, const std::string& stddev) {
  return {{"model", "lognormal"}, {"mean", mean}, {"stddev", stddev}};
}

Json identity_template(const std::string& name, const std::string& usage, const std::string& host) {
  return {{"name", name},
          {"usage", usage},
          {"subject", "CN=" + host + ",O=Operator"},
          {"dns", Json::array({host})}};
}

CmfSetup& CmfSetup::ca(std::string name) {
  ca_ = std::move(name);
  return *this;
}
CmfSetup& CmfSetup::ra(std::string reference, std::string secret) {
  ra_reference_ = std::move(reference);
  ra_secret_ = std::move(secret);
  return *this;
}
CmfSetup& CmfSetup::allowed_domains(std::vector<std::string> domains) {
  allowed_domains_ = std::move(domains);
  return *this;
}
CmfSetup& CmfSetup::params(Json params) {
  if (!params.is_null()) params_.update(params);
  return *this;
}

OssSetup& OssSetup::cmf(std::string name) {
  cmf_ = std::move(name);
  return *this;
}
OssSetup& OssSetup::day0_secret(std::string secret) {
  day0_secret_ = std::move(secret);
  return *this;
}
OssSetup& OssSetup::type(std::string type) {
  type_ = std::move(type);
  return *this;
}
OssSetup& OssSetup::params(Json params) {
  if (!params.is_null()) params_.update(params);
  return *this;
}

EntitySetup::EntitySetup(std::string fqdn) : fqdn_(std::move(fqdn)) {}
EntitySetup& EntitySetup::kind(std::string kind) {
  kind_ = std::move(kind);
  return *this;
}
EntitySetup& EntitySetup::via(std::vector<std::string> relays) {
  via_ = std::move(relays);
  return *this;
}
EntitySetup& EntitySetup::subject(std::string subject) {
  subject_ = std::move(subject);
  return *this;
}
EntitySetup& EntitySetup::oss(std::string name) {
  oss_ = std::move(name);
  return *this;
}
EntitySetup& EntitySetup::params(Json params) {
  if (!params.is_null()) params_.update(params);
  return *this;
}

LinkSetup& LinkSetup::latency(Json latency) {
  latency_ = std::move(latency);
  return *this;
}
LinkSetup& LinkSetup::loss(double loss) {
  loss_ = loss;
  return *this;
}
LinkSetup& LinkSetup::bidirectional(bool both_ways) {
  bidirectional_ = both_ways;
  return *this;
}

ScenarioBuilder::ScenarioBuilder(std::string name)
    : root_{{"name", std::move(name)},
            {"epoch", "2026-01-01T00:00:00Z"},
            {"seed", 1},
            {"duration", "10s"},
            {"actors", Json::array()}} {}

// ---- top-level members ----

ScenarioBuilder& ScenarioBuilder::name(const std::string& name) {
  root_["name"] = name;
  return *this;
}
ScenarioBuilder& ScenarioBuilder::description(const std::string& text) {
  root_["description"] = text;
  return *this;
}
ScenarioBuilder& ScenarioBuilder::epoch(const std::string& rfc3339) {
  root_["epoch"] = rfc3339;
  return *this;
}
ScenarioBuilder& ScenarioBuilder::seed(std::uint64_t seed) {
  root_["seed"] = seed;
  return *this;
}
ScenarioBuilder& ScenarioBuilder::duration(const std::string& duration) {
  root_["duration"] = duration;
  return *this;
}
ScenarioBuilder& ScenarioBuilder::scheduler(const std::string& scheduler) {
  root_["scheduler"] = scheduler;
  return *this;
}
ScenarioBuilder& ScenarioBuilder::covers(const std::vector<std::string>& ids) {
  root_["covers"] = ids;
  return *this;
}
ScenarioBuilder& ScenarioBuilder::expect(Json expect) {
  root_["expect"] = std::move(expect);
  return *this;
}
ScenarioBuilder& ScenarioBuilder::member(const std::string& key, Json value) {
  root_[key] = std::move(value);
  return *this;
}

// ---- network ----

Json& ScenarioBuilder::network() {
  Json& n = root_["network"];
  if (!n.is_object()) n = Json::object();
  return n;
}

ScenarioBuilder& ScenarioBuilder::latency(const std::string& delay) {
  return default_latency(fixed_latency(delay));
}
ScenarioBuilder& ScenarioBuilder::default_latency(Json latency) {
  network()["default_latency"] = std::move(latency);
  return *this;
}
ScenarioBuilder& ScenarioBuilder::default_loss(double loss) {
  network()["default_loss"] = loss;
  return *this;
}
ScenarioBuilder& ScenarioBuilder::link(const std::string& from, const std::string& to,
                                       const LinkSetup& setup) {
  Json link = {{"from", from}, {"to", to}};
  if (setup.latency_) link["latency"] = *setup.latency_;
  if (setup.loss_) link["loss"] = *setup.loss_;
  if (setup.bidirectional_) link["bidirectional"] = *setup.bidirectional_;
  network()["links"].push_back(std::move(link));
  return *this;
}

// ---- actors ----

ScenarioBuilder& ScenarioBuilder::actor(const std::string& name, const std::string& type,
                                        Json params, const std::string& trust_domain) {
  if (has_actor(name)) throw std::invalid_argument("ScenarioBuilder: actor " + name + " twice");
  if (params.is_null()) params = Json::object();  // `{}` in a call is null, not an object
  Json actor = {{"name", name}, {"type", type}, {"params", std::move(params)}};
  if (!trust_domain.empty()) actor["trust_domain"] = trust_domain;
  root_["actors"].push_back(std::move(actor));
  return *this;
}

bool ScenarioBuilder::has_actor(const std::string& name) const {
  for (const auto& a : root_["actors"])
    if (a["name"] == name) return true;
  return false;
}

Json& ScenarioBuilder::actor_json(const std::string& name) {
  for (auto& a : root_["actors"])
    if (a["name"] == name) return a;
  throw std::invalid_argument("ScenarioBuilder: no actor " + name);
}

Json& ScenarioBuilder::params(const std::string& actor) {
  Json& p = actor_json(actor)["params"];
  if (!p.is_object()) p = Json::object();
  return p;
}

ScenarioBuilder& ScenarioBuilder::update_params(const std::string& actor, const Json& patch) {
  if (!patch.is_null()) params(actor).update(patch);
  return *this;
}

ScenarioBuilder& ScenarioBuilder::patch_params(const std::string& actor, const Json& patch) {
  if (!patch.is_null()) params(actor).merge_patch(patch);
  return *this;
}

ScenarioBuilder& ScenarioBuilder::trust_domain(const std::string& actor,
                                               const std::string& domain) {
  actor_json(actor)["trust_domain"] = domain;
  return *this;
}

ScenarioBuilder& ScenarioBuilder::day0(const std::string& a, const std::string& b,
                                       std::string secret) {
  if (secret.empty()) secret = day0_default(a, b);
  params(a)["day0"][b] = secret;
  params(b)["day0"][a] = secret;
  return *this;
}

// ---- NFV wiring helpers ----

ScenarioBuilder& ScenarioBuilder::add_ca(const std::string& name, Json params) {
  return actor(name, "ca", std::move(params));
}

ScenarioBuilder& ScenarioBuilder::ra_credential(const std::string& ca, const std::string& reference,
                                                const std::string& secret) {
  append_once(params(ca)["ra_credentials"], {{"reference", reference}, {"secret", secret}});
  return *this;
}

ScenarioBuilder& ScenarioBuilder::crl_subscriber(const std::string& ca, const std::string& actor) {
  append_once(params(ca)["crl_subscribers"], actor);
  return *this;
}

ScenarioBuilder& ScenarioBuilder::add_cmf(const std::string& name, const CmfSetup& setup) {
  const std::string reference = setup.ra_reference_.empty() ? name : setup.ra_reference_;
  Json p = {{"ca", setup.ca_}, {"ra_reference", reference}, {"ra_secret", setup.ra_secret_}};
  if (!setup.allowed_domains_.empty()) p["allowed_domains"] = setup.allowed_domains_;
  p.update(setup.params_);
  if (!has_actor(setup.ca_))
    throw std::invalid_argument("ScenarioBuilder: add the CA " + setup.ca_ + " before " + name);
  actor(name, "cmf", std::move(p));
  ra_credential(setup.ca_, reference, setup.ra_secret_);
  return *this;
}

ScenarioBuilder& ScenarioBuilder::direct_mode(const std::string& cmf, const Json& settings) {
  Json& direct = params(cmf)["direct_mode"];
  if (!direct.is_object()) direct = Json::object();
  direct.update(settings);
  return *this;
}

ScenarioBuilder& ScenarioBuilder::add_oss(const std::string& name, const OssSetup& setup) {
  Json p = {{"cmf", setup.cmf_}};
  p.update(setup.params_);
  if (!has_actor(setup.cmf_))
    throw std::invalid_argument("ScenarioBuilder: add the CMF " + setup.cmf_ + " before " + name);
  actor(name, setup.type_, std::move(p));
  append_once(params(setup.cmf_)["trusted_consumers"], name);
  day0(name, setup.cmf_, setup.day0_secret_);
  return *this;
}

ScenarioBuilder& ScenarioBuilder::register_entity(const std::string& name,
                                                  const EntitySetup& setup) {
  if (setup.kind_.empty())
    throw std::invalid_argument("ScenarioBuilder: entity " + name + " needs a kind");
  Json entry = {{"kind", setup.kind_}, {"fqdn", setup.fqdn_}};
  if (setup.via_) entry["via"] = *setup.via_;
  if (!setup.subject_.empty()) entry["subject"] = setup.subject_;
  params(setup.oss_)["entities"][name] = std::move(entry);
  return *this;
}

ScenarioBuilder& ScenarioBuilder::add_entity(const std::string& name, const std::string& type,
                                             const EntitySetup& setup) {
  EntitySetup entry = setup;
  if (entry.kind_.empty()) entry.kind_ = type;
  actor(name, type, entry.params_);
  register_entity(name, entry);
  std::string previous = entry.oss_;
  for (const auto& hop : entry.via_.value_or(std::vector<std::string>{})) {
    const Json& held = params(previous);
    if (!held.contains("day0") || !held["day0"].contains(hop)) day0(previous, hop);
    previous = hop;
  }
  day0(previous, name);
  return *this;
}

ScenarioBuilder& ScenarioBuilder::add_vnfm(const std::string& name, Json params) {
  return actor(name, "vnfm", std::move(params));
}

ScenarioBuilder& ScenarioBuilder::vnfd(const std::string& vnfm, const std::string& vnfd,
                                       Json descriptor) {
  params(vnfm)["vnfds"][vnfd] = std::move(descriptor);
  return *this;
}

ScenarioBuilder& ScenarioBuilder::add_vnfci(const std::string& name, Json params) {
  return actor(name, "vnfci", std::move(params));
}

// ---- workload ----

ScenarioBuilder& ScenarioBuilder::command(const std::string& at, const std::string& actor,
                                          const std::string& command, Json args) {
  Json c = {{"at", at}, {"actor", actor}, {"command", command}};
  if (!args.empty()) c["args"] = std::move(args);
  root_["workload"].push_back(std::move(c));
  return *this;
}

ScenarioBuilder& ScenarioBuilder::every(const std::string& period, int count) {
  Json& workload = root_["workload"];
  if (!workload.is_array() || workload.empty())
    throw std::logic_error("ScenarioBuilder: every() needs a command before it");
  workload.back()["every"] = period;
  workload.back()["count"] = count;
  return *this;
}

ScenarioBuilder& ScenarioBuilder::instantiate(const std::string& at, const std::string& vnfm,
                                              const std::string& vnf, const std::string& vnfd,
                                              Json vnfcs, Json extra_args) {
  Json args = {{"vnf", vnf}, {"vnfd", vnfd}, {"vnfcs", std::move(vnfcs)}};
  if (!extra_args.is_null()) args.update(extra_args);
  return command(at, vnfm, "instantiate", std::move(args));
}

ScenarioBuilder& ScenarioBuilder::clear_workload() {
  root_.erase("workload");
  return *this;
}

ScenarioBuilder& ScenarioBuilder::unchecked_command(const std::string& at, const std::string& actor,
                                                    const std::string& command, Json args) {
  const auto when = sim::parse_duration(at);
  if (!when) throw std::invalid_argument("ScenarioBuilder: bad duration " + at);
  sim::CommandSpec spec;
  spec.at = *when;
  spec.actor = actor;
  spec.command = command;
  spec.args = args.is_null() ? Json::object() : std::move(args);
  unchecked_.push_back(std::move(spec));
  return *this;
}

// ---- faults ----

ScenarioBuilder& ScenarioBuilder::actor_down(const std::string& actor, const std::string& start,
                                             const std::string& end) {
  root_["faults"].push_back(
      {{"kind", "actor-down"}, {"actor", actor}, {"start", start}, {"end", end}});
  return *this;
}

ScenarioBuilder& ScenarioBuilder::link_down(const std::string& a, const std::string& b,
                                            const std::string& start, const std::string& end) {
  root_["faults"].push_back(
      {{"kind", "link-down"}, {"endpoints", {a, b}}, {"start", start}, {"end", end}});
  return *this;
}

ScenarioBuilder& ScenarioBuilder::tamper(const std::string& a, const std::string& b,
                                         const std::string& start, const std::string& end) {
  root_["faults"].push_back(
      {{"kind", "tamper"}, {"endpoints", {a, b}}, {"start", start}, {"end", end}});
  return *this;
}

// ---- results ----

std::string ScenarioBuilder::text(int indent) const {
  return root_.dump(indent);
}

void ScenarioBuilder::write(const std::filesystem::path& file, int indent) const {
  std::ofstream out(file, std::ios::binary);
  out << text(indent) << '\n';
  if (!out) throw std::runtime_error("ScenarioBuilder: cannot write " + file.string());
}

sim::ScenarioLoad ScenarioBuilder::validate(const sim::ActorRegistry& registry,
                                            const sim::ScenarioRule& rule) const {
  const std::string file = root_.value("name", std::string("scenario")) + ".json";
  sim::ScenarioLoad load = sim::load_scenario_text(file, text(), registry, rule);
  if (load.scenario)
    for (const auto& c : unchecked_) load.scenario->workload.push_back(c);
  return load;
}

sim::Scenario ScenarioBuilder::load(const sim::ActorRegistry& registry,
                                    const sim::ScenarioRule& rule) const {
  sim::ScenarioLoad load = validate(registry, rule);
  if (!load.scenario) {
    std::string message = "the built scenario does not load:";
    for (const auto& d : load.errors) message += "\n  " + sim::format_diagnostic(d);
    throw ScenarioBuildError(message, std::move(load.errors));
  }
  return std::move(*load.scenario);
}

ScenarioBuilder annex_c_2_1_1_world() {
  ScenarioBuilder b("annex-c-C.2.1.1");
  b.latency("2ms")
      .duration("10m")
      .add_ca("ca-1", {{"crl_interval", "0"}, {"validity", "90d"}})
      .add_cmf("cmf-1")
      .add_oss("oss-1", OssSetup().day0_secret("day0-oss-cmf"))
      .direct_mode("cmf-1", {{"vnfms", {"vnfm-1"}},
                             {"vnfci_day0_secret", "vnfci-day0"},
                             {"credential", {{"one_use", true}, {"lifetime", "1h"}}},
                             {"validity_hint", "90d"},
                             {"renew_before", "30d"}})
      .add_vnfm("vnfm-1", {{"vnfci_params", {{"day0", {{"cmf-1", "vnfci-day0"}}}}}})
      .register_entity("vnfm-1", EntitySetup("vnfm-1.example.net")
                                     .kind("vnfm")
                                     .subject("CN=vnfm-1.example.net,O=Operator,C=FR"))
      .day0("oss-1", "vnfm-1", "day0-oss-vnfm")
      .vnfd("vnfm-1", "vnfd-fw",
            {{"vnfcs",
              {{"fw-ctl",
                {{"identities",
                  Json::array({identity_template("client", "client", "{vnfci}.{vnf}.example.net"),
                               identity_template("server", "server",
                                                 "srv.{vnfci}.{vnf}.example.net")})}}}}}})
      .command("1s", "oss-1", "register", {{"entity", "vnfm-1"}})
      .instantiate("10s", "vnfm-1", "vnf-1", "vnfd-fw", {{"fw-ctl", 2}});
  return b;
}

}  // namespace ifa026::test
