// Revocation reasons as consumers write them in RevokeCertificateRequest ("keyCompromise",
// "key-compromise", "superseded", ...) mapped onto RFC 5280 CRLReason values.
#pragma once

#include <string_view>

#include "pki/crl.hpp"

namespace ifa026::actors::cmf {

// Case, '-', '_' and spaces are ignored; anything unknown (or empty) is `unspecified`.
pki::RevocationReason parse_revocation_reason(std::string_view text);

}  // namespace ifa026::actors::cmf
