// What became of one `ifa026 load` operation, named for the report: success, the server's
// refusal by its PKIFailureInfo names ("badMessageCheck"), "transport" (no answer: unreachable,
// timed out, HTTP error), or what the client itself refused (an answer it could not verify, a
// certificate that does not fit the request).
#pragma once

#include <string>

#include "pki/cmp_client.hpp"

namespace ifa026::cli {

struct LoadOutcome {
  std::string group;   // "" for success
  std::string detail;  // the status text or error, for the report's example of each group
  bool ok() const { return group.empty(); }
};

// Group names the client gives (the server's are pki::to_string(CmpFailure) names).
inline constexpr const char* kTransportGroup = "transport";
// The server accepted, but the client refused the certificate (certConf with a rejection): it
// does not match the requested key, or does not verify under the trust anchors.
inline constexpr const char* kRejectedCertificateGroup = "certificateRejectedByClient";
// An answer the client could not accept (its protection did not verify, e.g. a MAC under another
// secret, or it did not fit the request), so no status was taken from it.
inline constexpr const char* kUnverifiedAnswerGroup = "answerNotAccepted";
// The server rejected without naming a PKIFailureInfo.
inline constexpr const char* kRejectionGroup = "rejection";
// The client could not make the request (e.g. a subject that {n} made malformed).
inline constexpr const char* kClientErrorGroup = "clientError";

LoadOutcome classify_outcome(const pki::CmpResult& result);

// `text` with every "{n}" replaced by `number`.
std::string with_number(std::string text, unsigned long long number);

}  // namespace ifa026::cli
