// What an actor that enrols certificates exposes of its final state, so that conformance checks
// can verify post-conditions (the entity holds a certificate chaining to the configured root,
// valid at simulated time, SAN = registered FQDN) on top of the trace.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "pki/certificate.hpp"

namespace ifa026::actors {

struct HeldCertificate {
  pki::Certificate certificate;
  std::vector<pki::Certificate> chain;  // as delivered: issuing CA, ..., root
  std::string purpose;                  // "enrolment" or "renewal"
};

class CertificateHolder {
 public:
  virtual ~CertificateHolder() = default;
  // The certificate in use, if any (none after removal or revocation).
  virtual std::optional<HeldCertificate> current_certificate() const = 0;
  // Every certificate this actor installed, oldest first.
  virtual std::vector<HeldCertificate> certificate_history() const = 0;
  // The trust anchors it was configured with.
  virtual std::vector<pki::Certificate> trust_anchors() const = 0;
  // The FQDN it was configured with ("" before configuration).
  virtual std::string fqdn() const = 0;
};

}  // namespace ifa026::actors
