// A security function's rule table as the SM, the EM and the ISM exchange it (issue 16;
// docs/security-monitoring.md "Security functions: VSF, PSF behind an EM, ISF behind the ISM"):
// its canonical text, the digest every party compares (SHA-256 over the canonical text, lowercase
// hex) and the MAC a function puts on its validation reports with the initial credential the SM
// gave it (HMAC-SHA-256).
#pragma once

#include <string>
#include <vector>

#include "pki/bytes.hpp"

namespace ifa026::actors::sf {

// "ifa026-sf-rules/1\n" then each rule on its own line, in order (a table's order is its
// meaning), each trimmed with inner runs of blanks (space, tab) made one space; empty rules
// dropped.
std::string canonical_rules(const std::vector<std::string>& rules);
// Lowercase hex SHA-256 of canonical_rules(rules).
std::string rules_digest(const std::vector<std::string>& rules);

// HMAC-SHA-256 under `credential` over "ifa026-sf-report/1|sf|request|hex(nonce)|digest".
pki::Bytes report_mac(pki::ByteView credential, const std::string& sf_id,
                      const std::string& request_id, pki::ByteView nonce,
                      const std::string& rules_digest);
// Whether `mac` is report_mac(...) of the same inputs (constant-time comparison).
bool verify_report_mac(pki::ByteView credential, const std::string& sf_id,
                       const std::string& request_id, pki::ByteView nonce,
                       const std::string& rules_digest, pki::ByteView mac);

}  // namespace ifa026::actors::sf
