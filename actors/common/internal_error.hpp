// Internal errors of an actor: an exception that is not a refusal of what a peer sent (a bug, a
// broken invariant, OpenSSL failing on the actor's own data, a fault switched on by a test). It is
// traced as its own outcome, "internal-error", never as "rejected": no check may take a harness
// fault for the refusal a scenario expects, and the conformance engine turns every such record of
// a scenario's trace into the verdict `error` for what that scenario covers (docs/conformance.md).
// A decoding failure of attacker-controlled input (pki::DecodeError) is a refusal, not this.
#pragma once

#include <string>
#include <string_view>

#include "sim/trace.hpp"

namespace ifa026::actors {

// The outcome of an internal-error record.
inline constexpr std::string_view kInternalErrorOutcome = "internal-error";

// A decision record with the internal-error outcome: `operation` is what the actor was doing,
// `what` the exception's text (detail "reason=internal error: <what>").
sim::TraceRecord internal_error_record(std::string operation, std::string peer, std::string step,
                                       std::string_view what, std::string reference_point = "");

// True for a record an actor traced as an internal error.
bool is_internal_error(const sim::TraceRecord& record);

}  // namespace ifa026::actors
