// The actor interface and the context the kernel gives each actor. An actor is a state machine
// that reacts to messages, workload commands and its own timers; it never blocks the kernel and
// reaches the world only through its context (no globals), as in SimGrid's actor/kernel split.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "sim/actor_spec.hpp"
#include "sim/durable_store.hpp"
#include "sim/message.hpp"
#include "sim/random.hpp"
#include "sim/scheduler.hpp"
#include "sim/time.hpp"
#include "sim/trace.hpp"

namespace ifa026::sim {

// A timed instruction from the scenario's workload.
struct Command {
  std::string name;
  nlohmann::json args;
  int repetition = 0;  // 0 for the first, 1 for the next "every" period, ...
};

class ActorContext {
 public:
  virtual ~ActorContext() = default;
  virtual const std::string& name() const = 0;
  virtual const std::string& trust_domain() const = 0;
  virtual Time now() const = 0;
  virtual const Epoch& epoch() const = 0;
  // Sends a message from this actor (`from` is set here); returns the message id.
  virtual std::uint64_t send(Message message) = 0;
  // Runs `callback` after `delay` unless cancelled; traced as a timer record when it fires.
  virtual EventId schedule(Duration delay, std::string label, EventCallback callback) = 0;
  virtual bool cancel(EventId id) = 0;
  virtual RandomStream& random() = 0;
  // The scenario's seed, from which random() is derived (with "actor:" and the name): what a
  // process playing this actor needs to draw the same numbers (docs/adapter-protocol.md).
  virtual std::uint64_t seed() const { return 0; }
  // The scenario's `trust_model` section (opaque to the kernel, as `expect` is; read by the MANO
  // blocks' Security Manager authorization, docs/security-manager.md). Empty object when absent.
  virtual const nlohmann::json& trust_model() const;
  // Emits a trace record with this actor's name and the current time filled in.
  virtual std::uint64_t trace(TraceRecord record) = 0;
  // The same three effects when the caller needs no answer (no message id, record id or timer
  // id): in a parallel run (Simulation::set_threads) they may be held back while the event runs
  // ahead of its turn and done, in the order called, at the turn, so that what follows them
  // (the cryptography) runs in parallel. Same records, same order, same ids as the calls above.
  virtual void post(Message message) { send(std::move(message)); }
  virtual void note(TraceRecord record) { trace(std::move(record)); }
  virtual void after(Duration delay, std::string label, EventCallback callback) {
    schedule(delay, std::move(label), std::move(callback));
  }
  // cancel, when the caller needs no answer.
  virtual void withdraw(EventId id) { cancel(id); }
  // Creates an actor of a registered type while the simulation runs (a VNFM instantiating
  // VNFCIs): its parameters are checked like a scenario's, it gets its own random stream (from
  // the seed and its name), its on_start runs in an event of its own at the current time (after
  // this handler returns), and the spawn is traced (decision "SpawnActor"). False (and traced
  // why) when the name is taken (by a running or retired actor), the type is unknown or a
  // parameter is bad. The default refuses (contexts that cannot spawn).
  virtual bool spawn(ActorSpec /*spec*/) { return false; }
  // Removes a running actor (traced, decision "RetireActor"): its pending timers never fire,
  // messages and commands to it are then dropped with reason "retired", its name stays taken, and
  // its object is destroyed once the current event is over. False when no such actor runs. An
  // actor may retire itself; for the rest of that handler its sends are dropped
  // ("sender-retired"), schedule returns an invalid EventId and spawn/retire are refused.
  virtual bool retire(const std::string& /*name*/) { return false; }
  // The actor's disk (sim/durable_store.hpp): what it writes here survives a crash with restart,
  // when the kernel builds it anew. nullptr when the run will not restart this actor (then there
  // is nothing to keep) and for contexts without one.
  virtual DurableStore* durable() { return nullptr; }
};

class Actor {
 public:
  explicit Actor(ActorContext& context) : context_(context) {}
  virtual ~Actor() = default;
  Actor(const Actor&) = delete;
  Actor& operator=(const Actor&) = delete;

  virtual void on_start() {}
  virtual void on_message(const Message& message) = 0;
  // Default: the command is unknown to this actor, which is traced as a rejected decision.
  virtual void on_command(const Command& command);
  // An actor this one spawned ended by something other than this actor's own retire(): a `crash`
  // fault (reason "crash", scenario-format.md) or a retire() by itself or another actor (reason
  // "retired"). Delivered in an event of its own at the time it ended, unless this actor is gone
  // by then. Default: ignored.
  virtual void on_child_ended(const std::string& /*name*/, const std::string& /*reason*/) {}
  // The run has reached its end (Simulation::run, after the last event): the actor may trace its
  // final state (e.g. the private keys it still holds). Nothing it sends or schedules will run.
  // Default: nothing.
  virtual void on_finish() {}
  // After each event of this actor (its start, a message, a command, a timer, a child's end), and
  // only for an actor the run may restart (context().durable() is set): the place to write to its
  // disk what must survive a crash, as a process commits its state before the answers it sent
  // count. An actor that writes as it goes needs nothing here. Default: nothing.
  virtual void on_event_end() {}

  const std::string& name() const { return context_.name(); }

 protected:
  ActorContext& context() { return context_; }

 private:
  ActorContext& context_;
};

}  // namespace ifa026::sim
