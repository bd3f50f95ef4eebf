// Registration of the Annex C.4 flow checks by flow ID (see flow_checks.hpp).
#include "conformance/flow_checks.hpp"

#include "conformance/csr_flow_check.hpp"
#include "conformance/mano_roles.hpp"
#include "conformance/registration_flow_check.hpp"
#include "conformance/vocabulary.hpp"

namespace ifa026::conformance {

void register_flow_checks(CheckRegistry& registry) {
  for (const auto& flow : mano_flows()) {
    const auto steps = flows::step_range(flow.id);
    if (flow.registration)
      registry.add(flow.id, "registration steps " + steps + " in table order, FQDN registered",
                   [&flow](const CheckContext& c) { return check_registration_flow(c, flow); });
    else
      registry.add(flow.id, "CSR steps " + steps + " in table order, certificate held at the end",
                   [&flow](const CheckContext& c) { return check_csr_flow(c, flow); });
  }
}

}  // namespace ifa026::conformance
