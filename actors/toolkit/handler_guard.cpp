// Guarded handlers (see handler_guard.hpp).
#include "actors/toolkit/handler_guard.hpp"

#include <stdexcept>

#include "actors/common/internal_error.hpp"

namespace ifa026::actors {

void HandlerGuard::throw_fault(const HandlerSite& site) {
  throw std::runtime_error("handler of " + site.operation + " failed (fault throw_in_handler)");
}

void HandlerGuard::malformed(const HandlerSite& site, std::string_view reason,
                             const OnMalformed& on_malformed) noexcept {
  try {
    tracer_({.operation = kMalformedMessage,
             .outcome = "rejected",
             .peer = site.peer,
             .reference_point = site.reference_point,
             .step = site.step,
             .detail = TraceDetail().add("operation", site.operation).add("reason", reason)});
    if (on_malformed) on_malformed(std::string(reason));
  } catch (const std::exception& e) {
    internal_error(site, std::string("refusing a malformed message: ") + e.what());
  } catch (...) {
    internal_error(site, "refusing a malformed message: unknown exception");
  }
}

void HandlerGuard::internal_error(const HandlerSite& site, std::string_view what) noexcept {
  try {
    tracer_.record(
        internal_error_record(site.operation, site.peer, site.step, what, site.reference_point));
  } catch (...) {
    // Tracing itself failed (out of memory): nothing more can be said without throwing.
  }
}

}  // namespace ifa026::actors
