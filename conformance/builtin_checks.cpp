// The list of checks built into ifa026 (empty until the NFV actors land; see the header).
#include "conformance/builtin_checks.hpp"

namespace ifa026::conformance {

void register_builtin_checks(CheckRegistry& /*registry*/) {}

}  // namespace ifa026::conformance
