// `ifa026 load --floor`: the cryptography of one enrolment on this machine, with no server
// process, no network and no files: a pki::CmpClient and a pki::CmpServer (a root, an
// intermediate and an issuing CA made in memory, as `ifa026 ca init` makes them) in one thread,
// the client's transport a direct call, doing ir/ip/certConf/pkiConf with PBM and verifying
// the answers and the new certificate as a load client does. What a server measures above this
// is its own cost (process, HTTP, storage, locking).
#pragma once

#include "cli/load_run.hpp"

namespace ifa026::cli {

// Enrols `plan.count` times (or for plan.duration_seconds), with plan.key_type keys made per
// enrolment or beforehand (plan.pregenerate), and plan.implicit_confirm.
LoadResult measure_floor(const LoadPlan& plan);

}  // namespace ifa026::cli
