// What an actor produced or judged in a run, for the reports (`ifa026 conform` writes it to
// certificates/NAME.jsonl, docs/reports.md): a CA's certificates issued and CRLs published, the
// CSRs a CMF validated, as DER, in the order they came. Kept for the whole run (one DER each).
#pragma once

#include <string>
#include <vector>

#include "pki/bytes.hpp"

namespace ifa026::actors {

struct Artifact {
  std::string kind;  // "certificate", "crl" or "csr"
  // How trace records name it: a certificate's serial (upper-case hex), a CRL's number
  // (decimal), a CSR's SHA-256 of its public key (the records' `spki_sha256`, lower-case hex).
  std::string serial;
  pki::Bytes der;
};

class ArtifactLog {
 public:
  virtual ~ArtifactLog() = default;
  virtual const std::vector<Artifact>& artifacts() const = 0;
};

}  // namespace ifa026::actors
