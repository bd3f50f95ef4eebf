// libFuzzer's entry for one target of fuzz_targets.hpp, chosen when it is compiled
// (IFA026_FUZZ_ENTRY, fuzz/CMakeLists.txt): each target is its own executable.
#include <cstddef>
#include <cstdint>

#include "fuzz/fuzz_targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  ifa026::fuzz::IFA026_FUZZ_ENTRY(data, size);
  return 0;
}
