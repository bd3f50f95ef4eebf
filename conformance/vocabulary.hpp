// The vocabulary checks read the trace in, by short names: operation and decision names,
// outcomes, detail keys and values, reference points, the Annex C step tables and actor roles,
// all defined once in actors/messages/ for the actors that write them and the checks that read
// them.
#pragma once

#include "actors/messages/decisions.hpp"
#include "actors/messages/detail_keys.hpp"
#include "actors/messages/flow_steps.hpp"
#include "actors/messages/operations.hpp"
#include "actors/messages/reference_points.hpp"

namespace ifa026::conformance {

namespace ops = actors::operations;
namespace decisions = actors::decisions;
namespace outcomes = actors::outcomes;
namespace keys = actors::detail_keys;
namespace values = actors::detail_values;
namespace flows = actors::flows;
namespace roles = actors::flows::roles;
namespace reference_points = actors::reference_points;

}  // namespace ifa026::conformance
