// Private keys derived from a seed text, for scenario fixtures that two sides must build alike
// without exchanging anything (e.g. a software vendor's root, docs/lifecycle.md "The VNF package"):
// the same seed gives the same key in every run and process. Never for keys that protect anything
// outside a simulation: whoever knows the seed has the key.
#pragma once

#include <string_view>

#include "pki/key.hpp"

namespace ifa026::pki {

// An EC P-256 key whose private scalar is SHA-256("ifa026 seeded key|" + seed), hashed again
// while it is not in [1, n-1].
PrivateKey seeded_ec_p256_key(std::string_view seed);

}  // namespace ifa026::pki
