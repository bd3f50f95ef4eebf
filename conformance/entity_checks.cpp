// Registration of the Annex B.2-B.7 entity checks by requirement ID (see entity_checks.hpp).
#include "conformance/entity_checks.hpp"

#include <cctype>
#include <string>
#include <vector>

#include "conformance/entity_csr_checks.hpp"
#include "conformance/entity_lifecycle_check.hpp"
#include "conformance/entity_mutual_tls_check.hpp"
#include "conformance/entity_protection_checks.hpp"

namespace ifa026::conformance {

void register_entity_checks(CheckRegistry& registry) {
  struct Ids {
    std::string type, mutual, lifecycle, configured, attestation;
  };
  const std::vector<Ids> ids = {
      {"nfvo", "Nfvo.Sc.001", "Nfvo.Sc.004", "Nfvo.Sc.005", "Nfvo.Sc.009"},
      {"vnfm", "Vnfm.Sc.001", "Vnfm.Sc.008", "Vnfm.Sc.009", "Vnfm.Sc.016"},
      {"vim", "Vim.Sc.001", "Vim.Sc.004", "Vim.Sc.005", "Vim.Sc.010"},
      {"wim", "Wim.Sc.004", "Wim.Sc.007", "Wim.Sc.008", "Wim.Sc.010"},
      {"cism", "Cism.Sc.004", "Cism.Sc.007", "Cism.Sc.008", "Cism.Sc.010"},
      {"cir", "Cir.Sc.004", "Cir.Sc.007", "Cir.Sc.008", "Cir.Sc.010"},
  };
  for (const auto& i : ids) {
    const auto type = i.type;
    registry.add(i.mutual, "mutual TLS with the CMF-issued certificates, bad peers refused",
                 [type](const CheckContext& c) { return check_mutual_tls(c, type); });
    registry.require_parts(i.mutual, {kMutualTlsParts.begin(), kMutualTlsParts.end()});
    registry.add(i.lifecycle, "CSR, enrolment, renewal, removal, revocation, monitoring",
                 [type](const CheckContext& c) { return check_certificate_lifecycle(c, type); });
    registry.require_parts(i.lifecycle, {kLifecycleParts.begin(), kLifecycleParts.end()});
    registry.add(i.configured, "CSR built from the configuration the OSS supplied",
                 [type](const CheckContext& c) { return check_configured_csr(c, type); });
    registry.add(i.attestation, "key attestation supplied before the CSR is processed",
                 [type](const CheckContext& c) { return check_attestation_supplied(c, type); });
  }
  for (const std::string type : {"wim", "cism", "cir"}) {
    const auto prefix = std::string(1, static_cast<char>(std::toupper(type[0]))) + type.substr(1);
    registry.add(prefix + ".Sc.001", "unauthenticated and unauthorised requests refused",
                 [type](const CheckContext& c) { return check_access_control(c, type); });
    registry.require_parts(prefix + ".Sc.001", {kAccessParts.begin(), kAccessParts.end()});
    registry.add(prefix + ".Sc.002", "tampered messages detected and refused",
                 [type](const CheckContext& c) { return check_tamper_refused(c, type); });
    registry.add(prefix + ".Sc.003", "application messages only inside established TLS sessions",
                 [type](const CheckContext& c) { return check_confidentiality(c, type); });
  }
}

}  // namespace ifa026::conformance
