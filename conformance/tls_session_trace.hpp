// What the trace says of the TLS sessions of the NFV-MANO entities, shared by the Annex B entity
// checks: the session checks and mutual handshakes between two actors, the CMF-issued certificate
// an entity had in force at a record, and which messages are application traffic on a TLS
// reference point rather than the channel's own.
#pragma once

#include <cstdint>
#include <string>

#include "conformance/mano_trace.hpp"

namespace ifa026::conformance {

// A SessionCheck decision between `a` and `b` (either side recorded it) with this outcome, or
// nullptr.
const sim::TraceRecord* session_check(const ManoView& view, const std::string& a,
                                      const std::string& b, const std::string& outcome);
// A mutual TLS handshake that succeeded between `a` and `b` (either side recorded it), or nullptr.
const sim::TraceRecord* mutual_handshake(const ManoView& view, const std::string& a,
                                         const std::string& b);
// The CertificateInstalled of `entity` still in force at record `at` (the last one before it,
// with no CertificateRemoved between), or nullptr when it held no certificate then.
const sim::TraceRecord* certificate_in_force(const ManoView& view, const std::string& entity,
                                             std::uint64_t at);
// True for a reference point whose messages travel inside TLS sessions (every one but HSM-If,
// CA-1 and CRL-DP).
bool is_tls_reference_point(const std::string& reference_point);
// True for the TLS channel's own messages (handshake flights, alerts, close), not application data.
bool is_channel_control(const std::string& operation);

}  // namespace ifa026::conformance
