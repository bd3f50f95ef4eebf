// The harness side of the adapter protocol (docs/adapter-protocol.md): an actor of the scenario
// played by a separate process. Every entry point (start, message, command, timer, child ended,
// finish) becomes one request line to the process, and the process's one answer line lists what
// the actor did — sends, timers set or cancelled, trace records, spawns and retirements — which
// this object carries out through its context, in the order given, before the kernel's next event:
// simulated time does not move past an external actor until it has answered. A process that
// cannot be started, ends, stays silent past the timeout or writes anything but the protocol ends
// the actor with an internal-error record naming why (the verdict `error` for what the scenario
// covers); the run goes on without it and never waits longer than the timeout.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "actors/external/child_process.hpp"
#include "sim/actor.hpp"
#include "sim/actor_registry.hpp"
#include "sim/actor_spec.hpp"
#include "sim/time.hpp"

namespace ifa026::actors::external {

// What a scenario's `external` member says (scenarios/schema.json).
struct ExternalSettings {
  std::vector<std::string> command;  // program and arguments, "ifa026" resolved to this program
  sim::Duration timeout = sim::Duration::seconds(10);
};

// Reads `external` (already checked by the schema); throws std::invalid_argument naming the member.
ExternalSettings external_settings(const nlohmann::json& external);

// The command of an `external` member as one line, words joined by spaces, as written (for
// reports and manifests); empty when there is none.
std::string command_line(const nlohmann::json& external);

// The program a first word "ifa026" stands for: $IFA026_PROGRAM when set, else this process's own
// executable when it is ifa026, else "ifa026" (searched in PATH).
std::string resolve_program(const std::string& word);

// `type` with its factory wrapped: an actor whose spec has `external` is an ExternalActor.
sim::ActorType replaceable(sim::ActorType type);

class ExternalActor final : public sim::Actor {
 public:
  ExternalActor(sim::ActorContext& context, const sim::ActorSpec& spec, ExternalSettings settings);
  ~ExternalActor() override;

  void on_start() override;
  void on_message(const sim::Message& message) override;
  void on_command(const sim::Command& command) override;
  void on_child_ended(const std::string& name, const std::string& reason) override;
  void on_finish() override;

  // Why the process was given up, empty while it plays its part (tests).
  const std::string& failure() const { return failure_; }

 private:
  // Where a request came from, for the record a failure leaves.
  struct Site {
    std::string operation;
    std::string peer = {};
    std::string reference_point = {};
    std::string step = {};
  };

  // Sends one event and carries out the answer; false when the actor has been given up.
  bool exchange(nlohmann::json request, const Site& site);
  // Reads the answer's effects (all of them, before carrying out any) and carries them out.
  void apply(const nlohmann::json& answer);
  void give_up(const Site& site, const std::string& why);
  nlohmann::json event(const char* name);

  sim::ActorSpec spec_;
  ExternalSettings settings_;
  ChildProcess process_;
  std::map<std::uint64_t, sim::EventId> timers_;  // the process's timer ids -> kernel events
  std::string failure_;
  bool started_ = false;
};

}  // namespace ifa026::actors::external
