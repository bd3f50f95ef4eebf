// What a CA actor exposes of its final state: the hierarchy it set up (its self-signed root and
// the issuing CA(s) under it), so that conformance checks (clause 5.2.6) can verify that a
// certificate the CA issued chains to the root of the PKI the scenario configured.
#pragma once

#include <vector>

#include "pki/certificate.hpp"

namespace ifa026::actors {

class CaHierarchy {
 public:
  virtual ~CaHierarchy() = default;
  // The self-signed root of this CA's PKI.
  virtual pki::Certificate root_certificate() const = 0;
  // The CA certificates between the root and the end entities, issuing CA first.
  virtual std::vector<pki::Certificate> issuing_certificates() const = 0;
};

}  // namespace ifa026::actors
