// What a piece of an actor (a component, not an actor of its own: the CMF's cmf_part.hpp and
// direct_mode_part.hpp, the VNFCI's vnfci_part.hpp, attester and HSM link) uses of the actor
// toolkit: its Tracer (one structured trace call) and HandlerGuard, with guarded work and guarded
// timers. The actor itself is an NfvActor (nfv_actor.hpp) and hands these to its pieces.
#pragma once

#include <functional>
#include <string>
#include <utility>

#include "actors/toolkit/handler_guard.hpp"
#include "actors/toolkit/trace_event.hpp"
#include "sim/actor.hpp"

namespace ifa026::actors {

// The toolkit of the actor a piece belongs to.
struct ActorToolkit {
  Tracer& tracer;
  HandlerGuard& guard;
};

class ActorPiece {
 public:
  ActorPiece(const ActorPiece&) = delete;
  ActorPiece& operator=(const ActorPiece&) = delete;

 protected:
  explicit ActorPiece(ActorToolkit toolkit) : tracer_(toolkit.tracer), guard_(toolkit.guard) {}
  ~ActorPiece() = default;

  void trace(TraceEvent event) { tracer_(std::move(event)); }
  // Runs `work` inside the actor's guard (for callbacks that do not come through an entry point
  // of the actor, e.g. secure-channel callbacks); true when it returned normally.
  template <class F>
  bool guarded(const HandlerSite& site, F&& work) {
    return guard_.run(site, std::forward<F>(work));
  }
  // Runs `callback` after `delay` inside the guard (site operation: `label`, the timer's name in
  // the trace).
  sim::EventId schedule(sim::Duration delay, std::string label, std::function<void()> callback);

  Tracer& tracer_;
  HandlerGuard& guard_;
};

}  // namespace ifa026::actors
