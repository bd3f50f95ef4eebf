// What a CA actor produced in a run, for the reports (`ifa026 conform` writes it to
// certificates/NAME.jsonl, docs/reports.md): every certificate it issued and every CRL it
// published, as DER, in the order it made them. Kept for the whole run (one DER per issuance).
#pragma once

#include <string>
#include <vector>

#include "pki/bytes.hpp"

namespace ifa026::actors {

struct CaArtifact {
  std::string kind;    // "certificate" or "crl"
  std::string serial;  // certificate serial (upper-case hex) or CRL number (decimal)
  pki::Bytes der;
};

class CaArtifactLog {
 public:
  virtual ~CaArtifactLog() = default;
  virtual const std::vector<CaArtifact>& artifacts() const = 0;
};

}  // namespace ifa026::actors
