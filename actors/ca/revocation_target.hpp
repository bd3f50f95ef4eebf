// The certificate a CMP revocation request (rr) names: the serial number in the first RevDetails'
// certTemplate, read from the request DER (OpenSSL 3 has no public getter for it). The CA actor
// traces it in its RevokeCertificate decision.
#pragma once

#include <optional>
#include <string>

#include "pki/bytes.hpp"

namespace ifa026::actors {

// The serial as pki::Certificate::serial_hex() writes it (upper-case hex, no leading zeros), or
// nullopt when `der` is not an rr PKIMessage carrying a serialNumber.
std::optional<std::string> revocation_target_serial(pki::ByteView der);

}  // namespace ifa026::actors
