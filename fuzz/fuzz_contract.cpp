// The contract check every fuzz target shares (see fuzz_targets.hpp).
#include <cstdio>
#include <cstdlib>

#include "fuzz/fuzz_targets.hpp"

namespace ifa026::fuzz {

void contract_broken(std::string_view target, std::string_view what) {
  std::fprintf(stderr, "fuzz target %.*s: %.*s\n", static_cast<int>(target.size()), target.data(),
               static_cast<int>(what.size()), what.data());
  std::abort();
}

}  // namespace ifa026::fuzz
