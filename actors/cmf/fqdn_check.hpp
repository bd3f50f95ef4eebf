// FQDN checks of the CMF's registration step (C.4.x.1 #1, Cmf.CertLcm.008): the name must be a
// syntactically valid host name (RFC 1035/1123 labels: 1..63 letters, digits and hyphens, not
// starting or ending with a hyphen; at least two labels; at most 253 characters) and, when the CMF
// has allowed domains, end with one of them on a label boundary.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ifa026::actors::cmf {

// Nullopt when `fqdn` is acceptable, otherwise the reason (for the trace and the response).
std::optional<std::string> fqdn_problem(std::string_view fqdn,
                                        const std::vector<std::string>& allowed_domains);

}  // namespace ifa026::actors::cmf
