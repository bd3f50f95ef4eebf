// A stackful fiber (Boost.Context) whose body can block on a request/reply exchange: the body calls
// await_reply(request), the owner takes the request, later supplies the reply and resumes it.
#pragma once

#include <cstddef>
#include <exception>
#include <functional>
#include <memory>
#include <optional>

#include "pki/bytes.hpp"

namespace ifa026::pki {

// One thread at a time: never resumed from two threads at once. A parallel run
// (sim/window_runner.hpp) may resume a fiber from another thread than the one that created it
// (an actor's events run on its home worker or on the coordinator); Boost.Context switches stacks
// only, and OpenSSL looks its thread state up on every call. Not copyable or movable.
//
//   Fiber fiber([&](Fiber& self) { Bytes reply = self.await_reply(request); ... });
//   fiber.resume();                                // runs until await_reply or the end
//   while (!fiber.finished()) {
//     fiber.supply_reply(deliver(*fiber.pending_request()));
//     fiber.resume();
//   }
//
// Destroying a Fiber that was never resumed does not run its body. Destroying one that still awaits
// a reply resumes it with an EMPTY reply until the body
// returns (no exception is thrown through the body's frames, which may be C code such as
// OSSL_CMP_exec_*); bodies must treat an empty reply as "abandoned" and wind down.
class Fiber {
 public:
  explicit Fiber(std::function<void(Fiber&)> body, std::size_t stack_bytes = 256 * 1024);
  ~Fiber();
  Fiber(const Fiber&) = delete;
  Fiber& operator=(const Fiber&) = delete;

  // Runs the body until it awaits a reply or returns. An exception that escaped the body is
  // rethrown here (once). Throws std::logic_error when finished or called from inside.
  void resume();
  bool finished() const { return finished_; }
  // The request the body is waiting on (set by await_reply, cleared by supply_reply).
  const std::optional<Bytes>& pending_request() const { return request_; }
  void supply_reply(Bytes reply);

  // Inside the body only: hands `request` out and suspends until resumed with a reply.
  Bytes await_reply(Bytes request);

 private:
  struct State;
  std::unique_ptr<State> state_;
  std::function<void(Fiber&)> body_;
  std::optional<Bytes> request_;
  std::optional<Bytes> reply_;
  std::exception_ptr error_;
  bool finished_ = false;
  bool running_ = false;
  bool started_ = false;
  bool abandoned_ = false;
};

}  // namespace ifa026::pki
