// Naming the outcome of a load operation from its pki::CmpResult (see load_outcome.hpp).
#include "cli/load_outcome.hpp"

namespace ifa026::cli {

LoadOutcome classify_outcome(const pki::CmpResult& result) {
  if (result.ok()) return {};
  static constexpr std::string_view kTransport = "transport: ";
  if (result.error.starts_with(kTransport)) {
    std::string detail = result.error.substr(kTransport.size());
    if (auto cut = detail.find("; "); cut != std::string::npos) detail.resize(cut);
    return {kTransportGroup, detail};
  }
  // The client refused the certificate in its certConf (OpenSSL then records the transaction
  // as rejected, with no failure info from the server).
  if (result.error.find("certificate not accepted") != std::string::npos) {
    return {kRejectedCertificateGroup, result.error};
  }
  if (result.fail_info != 0) {
    std::string names;
    for (int bit = 0; bit <= static_cast<int>(pki::CmpFailure::duplicate_cert_req); ++bit) {
      const auto failure = static_cast<pki::CmpFailure>(bit);
      if (!result.has_failure(failure)) continue;
      names += (names.empty() ? "" : "+") + std::string(pki::to_string(failure));
    }
    return {names, result.status_text.empty() ? result.error : result.status_text};
  }
  if (result.status == 2) {
    return {kRejectionGroup, result.status_text.empty() ? result.error : result.status_text};
  }
  if (result.status == 0 || result.status == 1) return {kRejectedCertificateGroup, result.error};
  return {kUnverifiedAnswerGroup, result.error};
}

std::string with_number(std::string text, unsigned long long number) {
  const std::string value = std::to_string(number);
  for (auto at = text.find("{n}"); at != std::string::npos;
       at = text.find("{n}", at + value.size())) {
    text.replace(at, 3, value);
  }
  return text;
}

}  // namespace ifa026::cli
