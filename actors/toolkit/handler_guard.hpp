// The one place where an actor's handlers are guarded: nothing a handler throws reaches the
// kernel, and what is thrown is told apart.
// - pki::DecodeError (or a message body that does not decode, reported by MessageHandlers): input
//   from a peer is malformed. Traced as a MalformedMessage record (outcome "rejected"); the
//   caller's `on_malformed`, when given, sends the protocol's refusal to the peer.
// - any other exception: an internal error of the harness (a bug, a broken invariant, OpenSSL
//   failing on the actor's own data). Traced with the internal-error outcome
//   (actors/common/internal_error.hpp), which the conformance engine turns into the verdict
//   `error` for everything the scenario covers; it is never traced as a refusal.
// Tests switch on the fault parameter `throw_in_handler` (every actor type registered through the
// toolkit has it): the handler of that site operation ("*": every handler) throws before it runs.
#pragma once

#include <exception>
#include <functional>
#include <string>
#include <string_view>

#include "actors/toolkit/trace_event.hpp"
#include "pki/bytes.hpp"

namespace ifa026::actors {

// The operation of the record a malformed input leaves.
inline constexpr const char* kMalformedMessage = "MalformedMessage";

// What a handler was doing, for the records a failure leaves.
struct HandlerSite {
  std::string operation;  // the message, command or timer handled ("start" for on_start)
  std::string peer = {};
  std::string reference_point = {};
  std::string step = {};
};

class HandlerGuard {
 public:
  using OnMalformed = std::function<void(const std::string& reason)>;

  explicit HandlerGuard(Tracer& tracer) : tracer_(tracer) {}

  // The test fault: handlers of `operation` ("*" for all, "" for none) throw before running.
  void set_fault(std::string operation) { fault_ = std::move(operation); }
  const std::string& fault() const { return fault_; }

  // Runs `work`; true when it returned normally.
  template <class F>
  bool run(const HandlerSite& site, F&& work, const OnMalformed& on_malformed = {}) noexcept {
    try {
      if (!fault_.empty() && (fault_ == "*" || fault_ == site.operation)) throw_fault(site);
      work();
      return true;
    } catch (const pki::DecodeError& e) {
      malformed(site, e.what(), on_malformed);
    } catch (const std::exception& e) {
      internal_error(site, e.what());
    } catch (...) {
      internal_error(site, "unknown exception");
    }
    return false;
  }

  // Traces a malformed input at `site` and calls `on_malformed` (itself guarded).
  void malformed(const HandlerSite& site, std::string_view reason,
                 const OnMalformed& on_malformed = {}) noexcept;
  // Traces an internal error at `site`.
  void internal_error(const HandlerSite& site, std::string_view what) noexcept;

 private:
  [[noreturn]] static void throw_fault(const HandlerSite& site);

  Tracer& tracer_;
  std::string fault_;
};

}  // namespace ifa026::actors
