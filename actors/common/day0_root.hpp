// A root certificate handed over on day 0 by another actor (the VNFM's `HardwareRoot` for its
// NFVI, an HSM's `HsmVendorRoot`): the envelope checked (sender allowed, operation, field), the
// certificate decoded and, when asked, required to be a CA, then added once to a list of roots.
// The callers trace the outcome under their own operation and reference point.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "pki/certificate.hpp"
#include "sim/message.hpp"

namespace ifa026::actors {

struct Day0RootIntake {
  std::optional<pki::Certificate> root;  // set when accepted
  std::string problem;                   // why not, when refused
};

// `allowed_from` empty: any sender. `what` names the root in problems ("hardware root").
Day0RootIntake take_day0_root(const sim::Message& message,
                              const std::vector<std::string>& allowed_from,
                              const std::string& operation, const std::string& field,
                              const std::string& what, bool must_be_ca);

// Adds `root` to `roots` unless it is there already.
void add_root_once(std::vector<pki::Certificate>& roots, const pki::Certificate& root);

// A DNS label made of an actor name: lower case, [a-z0-9-] kept, anything else '-';
// `fallback` when the name is empty.
std::string dns_label(const std::string& name, const std::string& fallback);

}  // namespace ifa026::actors
