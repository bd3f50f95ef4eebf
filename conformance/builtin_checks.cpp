// The list of checks built into ifa026 (see the header).
#include "conformance/builtin_checks.hpp"

#include "conformance/audit_trail_checks.hpp"
#include "conformance/clause5_pki_checks.hpp"
#include "conformance/cmf_checks.hpp"
#include "conformance/configuration_checks.hpp"
#include "conformance/delegation_annex_b.hpp"
#include "conformance/delegation_flow_check.hpp"
#include "conformance/detection_checks.hpp"
#include "conformance/direct_mode_checks.hpp"
#include "conformance/entity_checks.hpp"
#include "conformance/flow_checks.hpp"
#include "conformance/isolation_checks.hpp"
#include "conformance/key_custody_checks.hpp"
#include "conformance/mano_key_checks.hpp"
#include "conformance/monitoring_checks.hpp"
#include "conformance/security_function_checks.hpp"
#include "conformance/security_management_checks.hpp"
#include "conformance/sm_binding_checks.hpp"
#include "conformance/sm_event_checks.hpp"
#include "conformance/sm_hierarchy_checks.hpp"
#include "conformance/sm_mode_checks.hpp"
#include "conformance/sm_peer_checks.hpp"
#include "conformance/sm_request_checks.hpp"
#include "conformance/snsd_checks.hpp"
#include "conformance/telemetry_checks.hpp"
#include "conformance/trust_model_checks.hpp"
#include "conformance/update_checks.hpp"

namespace ifa026::conformance {

void register_builtin_checks(CheckRegistry& registry) {
  register_flow_checks(registry);
  register_cmf_checks(registry);
  register_entity_checks(registry);
  register_mano_key_checks(registry);
  register_direct_mode_checks(registry);
  register_clause5_pki_checks(registry);
  register_sm_mode_checks(registry);
  register_sm_binding_checks(registry);
  register_sm_hierarchy_checks(registry);
  register_sm_event_checks(registry);
  register_sm_request_checks(registry);
  register_trust_model_checks(registry);
  register_sm_peer_checks(registry);
  register_isolation_checks(registry);
  register_security_function_checks(registry);
  register_security_management_checks(registry);
  register_telemetry_checks(registry);  // issue 16
  register_monitoring_checks(registry);
  register_detection_checks(registry);
  register_update_checks(registry);  // R1.3.220 (issue 16)
  register_audit_trail_checks(registry);
  register_snsd_checks(registry);
  register_configuration_checks(registry);    // R1.3.150 (issue 16)
  register_delegation_flow_checks(registry);  // issue 17
  register_key_custody_checks(registry);
  register_delegation_annex_b_checks(registry);
}

}  // namespace ifa026::conformance
