// What a `vnfci` actor exposes of its identities (docs/direct-mode.md), so that tests and the
// conformance checks can verify post-conditions (each identity holds a certificate chaining to its
// trust anchor, for the registered subject) on top of the trace.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "pki/certificate.hpp"

namespace ifa026::actors {

struct VnfciIdentityState {
  std::string name;
  std::string subject;
  std::vector<std::string> dns;
  std::string ca;
  std::optional<pki::Certificate> certificate;  // the installed one, if any
  pki::Certificate trust_anchor;                // the one it verifies with
  std::uint32_t renewals = 0;                   // certificates installed by kur (C.2.1.4)
  bool in_progress = false;                     // an enrolment or renewal is running
  std::uint32_t rotations = 0;                  // key rotations with the HSM (C.2.1.3 note 4)
  std::string flow;                             // the enrolment flow: C.2.1.1, C.2.1.2, C.2.1.3
  std::vector<pki::Certificate> intermediates;  // issuing CAs it received (for path checks)
};

class VnfciIdentities {
 public:
  virtual ~VnfciIdentities() = default;
  // In name order.
  virtual std::vector<VnfciIdentityState> identities() const = 0;
};

}  // namespace ifa026::actors
