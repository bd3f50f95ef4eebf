// The process side of the adapter protocol (docs/adapter-protocol.md): plays one actor of this
// program for a harness in another process (`ifa026 actor serve`). The hello names the actor and
// gives what its context needs (seed, epoch, trust model); every event is run through the real
// actor, whose context collects what it does (sends, timers, cancels, trace records, spawns,
// retirements) into the one answer line, in the order it did them. The actor draws the same
// random numbers and keys as in the harness (its stream is derived from the seed and its name),
// so a run with it outside gives the same trace as with it inside.
#pragma once

#include <iosfwd>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "sim/actor_registry.hpp"

namespace ifa026::actors::external {

class ActorHost {
 public:
  // `expected_type` non-empty: a hello for another type is refused.
  ActorHost(const sim::ActorRegistry& registry, std::string expected_type);
  ~ActorHost();
  ActorHost(const ActorHost&) = delete;
  ActorHost& operator=(const ActorHost&) = delete;

  // Answers one request line (the answer line, without newline); empty for "bye", after which
  // done() is true.
  std::string handle(const std::string& line);
  bool done() const { return done_; }

 private:
  class Context;
  nlohmann::json hello(const nlohmann::json& request);
  nlohmann::json event(const nlohmann::json& request);

  const sim::ActorRegistry& registry_;
  std::string expected_type_;
  std::unique_ptr<Context> context_;
  std::unique_ptr<sim::Actor> actor_;
  bool done_ = false;
};

// Reads request lines from `in` and writes answers to `out` until "bye" or the end of `in`.
// Returns 0, or 2 when the first line was not a hello it could accept.
int serve_actor(const sim::ActorRegistry& registry, const std::string& expected_type,
                std::istream& in, std::ostream& out);

}  // namespace ifa026::actors::external
