// Revocation reason texts (see revocation_reason.hpp).
#include "actors/cmf/revocation_reason.hpp"

#include <cctype>
#include <string>

namespace ifa026::actors::cmf {

pki::RevocationReason parse_revocation_reason(std::string_view text) {
  std::string key;
  for (char c : text) {
    if (c == '-' || c == '_' || c == ' ') continue;
    key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  using R = pki::RevocationReason;
  if (key == "keycompromise") return R::key_compromise;
  if (key == "cacompromise") return R::ca_compromise;
  if (key == "affiliationchanged") return R::affiliation_changed;
  if (key == "superseded") return R::superseded;
  if (key == "cessationofoperation") return R::cessation_of_operation;
  if (key == "certificatehold") return R::certificate_hold;
  if (key == "privilegewithdrawn") return R::privilege_withdrawn;
  return R::unspecified;
}

}  // namespace ifa026::actors::cmf
