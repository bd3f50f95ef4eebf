// A scenario file turned into data the simulation can build a world from: a variant first
// expanded onto its base (sim/scenario_variant.hpp), then validated against scenarios/schema.json
// (a scenario name is a safe file name) and the semantic rules the schema cannot say (unique actor
// names, links and faults naming known actors, known actor types and their parameters, workload
// commands and arguments as the addressed actor's type declares them, window ends after starts,
// latency parameters per model). Every problem found is reported, each with file, line, column and
// JSON pointer: in a variant, of the file and the place the offending value was written (the
// variant's patch, or the base).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/actor_registry.hpp"
#include "sim/diagnostic.hpp"
#include "sim/fault_plan.hpp"
#include "sim/network.hpp"
#include "sim/time.hpp"

namespace ifa026::sim {

struct LinkSpec {
  std::string from;
  std::string to;
  bool bidirectional = true;
  LinkProperties properties;
};

struct CommandSpec {
  Duration at;
  std::string actor;
  std::string command;
  nlohmann::json args = nlohmann::json::object();
  Duration every;
  int count = 1;
};

struct Scenario {
  std::string file;
  // FNV-1a 64 of the file's bytes (of a variant: continued over its bases' bytes, in chain order)
  std::uint64_t file_hash = 0;
  std::string name;
  std::string description;
  UtcInstant epoch;
  // "epoch": "now": the wall clock when the file was loaded, plus kWallClockEpochLead. The run's
  // trace then depends on when it ran: its fingerprint is not reproducible (docs/live-ca.md).
  bool wall_clock_epoch = false;
  std::uint64_t seed = 0;
  Duration duration;
  std::string scheduler = "calendar";
  std::vector<ActorSpec> actors;
  LinkProperties default_link;
  std::vector<LinkSpec> links;
  std::vector<FaultWindow> faults;
  std::vector<CommandSpec> workload;
  std::vector<std::string> covers;
  // What correct behaviour looks like, for the conformance room's checks (opaque to the kernel).
  nlohmann::json expect = nlohmann::json::object();
  // Trust domains, Security Managers and their modes (docs/security-manager.md); opaque here,
  // checked by the actors' scenario rule, read by the MANO blocks through ActorContext.
  nlohmann::json trust_model = nlohmann::json::object();
};

// How far ahead of the wall clock an "epoch": "now" run starts: a certificate a real CA stamps
// `notBefore` = its own clock is then already valid at the simulated time it arrives, as long as
// the run's wall-clock time does not outrun its simulated time by more than this.
inline constexpr Duration kWallClockEpochLead = Duration::seconds(60);

struct ScenarioLoad {
  std::optional<Scenario> scenario;  // set when there are no errors
  std::vector<Diagnostic> errors;
};

// An extra rule applied by a higher room, e.g. the conformance room checking that "covers" names
// catalogue IDs. It appends diagnostics with pointers; the loader locates them.
using ScenarioRule = std::function<void(const nlohmann::json& root, std::vector<Diagnostic>& out)>;

// The schema shipped in scenarios/schema.json (embedded at build time).
std::string_view scenario_schema_text();

ScenarioLoad load_scenario_text(std::string file, std::string text, const ActorRegistry& registry,
                                const ScenarioRule& extra_rule = {});
ScenarioLoad load_scenario_file(const std::string& path, const ActorRegistry& registry,
                                const ScenarioRule& extra_rule = {});

// The JSON a scenario file stands for, not yet validated as a scenario: the file itself, or for a
// variant its base chain with the patches applied. Only problems of the chain come back, located
// (syntax, the variant form, an unreadable base, a cycle); `ifa026 validate --expand` prints it.
struct ExpandedScenarioJson {
  nlohmann::json root;
  std::vector<Diagnostic> errors;
};
ExpandedScenarioJson expand_scenario_file(const std::string& path);

}  // namespace ifa026::sim
