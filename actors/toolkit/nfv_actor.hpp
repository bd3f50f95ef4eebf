// The base of the NFV actors, between sim::Actor and each functional block: every entry point
// (start, message, command, and the timers set through it) runs inside the actor's HandlerGuard;
// the actor traces through its Tracer (one structured call, see trace_event.hpp); it reads the
// toolkit's parameters (`throw_in_handler`). A minimal actor overrides `receive` and registers
// with register_actor (actor_registration.hpp) — docs/architecture.md, "How to write an actor".
#pragma once

#include <string>
#include <utility>

#include "actors/common/envelope.hpp"
#include "actors/toolkit/handler_guard.hpp"
#include "actors/toolkit/trace_event.hpp"
#include "sim/actor.hpp"

namespace ifa026::actors {

class NfvActor : public sim::Actor {
 public:
  NfvActor(sim::ActorContext& context, const sim::ActorSpec& spec);

  void on_start() final;
  void on_message(const sim::Message& message) final;
  void on_command(const sim::Command& command) final;
  void on_child_ended(const std::string& name, const std::string& reason) final;
  void on_finish() final;

 protected:
  virtual void start() {}
  // An actor this one spawned ended other than by this actor's retire (sim::Actor::on_child_ended).
  virtual void child_ended(const std::string& /*name*/, const std::string& /*reason*/) {}
  virtual void receive(const sim::Message& message) = 0;
  // The run has ended (sim::Actor::on_finish): trace the final state (e.g. a key inventory).
  virtual void finish() {}
  // Default: the command is unknown to this actor (traced as a rejected decision).
  virtual void command(const sim::Command& command);

  Tracer& tracer() { return tracer_; }
  void trace(TraceEvent event) { tracer_(std::move(event)); }
  HandlerGuard& guard() { return guard_; }
  template <class F>
  bool guarded(const HandlerSite& site, F&& work, const HandlerGuard::OnMalformed& malformed = {}) {
    return guard_.run(site, std::forward<F>(work), malformed);
  }

  // Runs `callback` after `delay` inside the guard (site operation: `label`).
  sim::EventId schedule(sim::Duration delay, std::string label, std::function<void()> callback);

  // Sends an envelope outside any secure channel (HSM-If, CRL-DP, day 0 ...); the message's
  // operation and step repeat the envelope's for the trace.
  void send_envelope(const std::string& to, const std::string& reference_point,
                     const Envelope& envelope);

 private:
  Tracer tracer_;
  HandlerGuard guard_;
};

}  // namespace ifa026::actors
