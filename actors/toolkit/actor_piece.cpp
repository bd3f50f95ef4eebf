// Guarded timers of an actor's pieces (see actor_piece.hpp).
#include "actors/toolkit/actor_piece.hpp"

namespace ifa026::actors {

sim::EventId ActorPiece::schedule(sim::Duration delay, std::string label,
                                  std::function<void()> callback) {
  HandlerSite site{.operation = label};
  return tracer_.context().schedule(delay, std::move(label),
                                    [this, site = std::move(site), callback = std::move(callback)] {
                                      guard_.run(site, callback);
                                    });
}

}  // namespace ifa026::actors
