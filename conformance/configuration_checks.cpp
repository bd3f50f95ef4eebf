// Checks of configurations delivered over protected channels (see configuration_checks.hpp).
#include "conformance/configuration_checks.hpp"

#include <string>
#include <vector>

#include "actors/messages/monitoring_vocabulary.hpp"
#include "conformance/check_outcome.hpp"
#include "conformance/trace_query.hpp"
#include "conformance/vocabulary.hpp"

namespace ifa026::conformance {
namespace {

using Rec = sim::TraceRecord;
namespace dv = actors::detail_values;

}  // namespace

// ID            R1.3.150
// Objective     Monitoring confirms that the configuration of every security function (its rule
//               table, its initial credential) reached it over a protected channel, and notices
//               one that did not. Vetting the configuration's content is assumed.
// Precondition  An SM configures functions through an EM or the ISM (Sm-Sf).
// Test          For every SecurityRulesApplied and ConfigurationStored of an EM / ISM: the
//               manager's granted SecurityFunctionAccess for that SM and function before it has
//               channel=mutual and the record has delivered_over=mutual, and the SM's
//               acknowledged SecurityRulePush / SecurityFunctionCredential of the same request
//               records delivered_over=mutual (confirmed); otherwise (delivered over plain) the
//               SM's SecurityDetection kind=unprotected_configuration of that function and request
//               follows. Fail: a protected delivery the SM never confirmed, a plain one it never
//               detected.
// Evidence      SecurityFunctionAccess channel=, SecurityRulesApplied / ConfigurationStored
//               delivered_over=, SecurityRulePush / SecurityFunctionCredential acknowledged
//               delivered_over=, SecurityDetection kind=unprotected_configuration.
// Negative      sf_faults plain_configuration on the EM with sm_faults miss_plain_configuration
//               on the SM: the plain deliveries are never detected.
// Reference     ETSI GS NFV-IFA 026 V4.5.1 Annex A R1.3.150
// Applicability ICS "security-management", "security-monitoring"
CheckResult check_protected_configuration(const CheckContext& c) {
  const TraceQuery q(c.trace);
  std::vector<const Rec*> applied = q.all(RecordFilter{}.op(decisions::kSecurityRulesApplied));
  for (const auto* r : q.all(RecordFilter{}.op(decisions::kConfigurationStored)))
    applied.push_back(r);
  if (applied.empty())
    return {Verdict::none, "no configuration applied by an EM or ISM in this scenario", {}};
  CheckOutcome out;
  for (const auto* r : applied) {
    const std::string sm = detail_of(*r, keys::kSm);
    const std::string sf = detail_of(*r, keys::kSf);
    const std::string request = detail_of(*r, keys::kRequest);
    const bool rules = r->operation == decisions::kSecurityRulesApplied;
    const std::string what =
        (rules ? "rules" : "credential") + std::string(" of ") + sf + " (request " + request + ")";
    const Rec* access = q.last(RecordFilter{}
                                   .by(r->actor)
                                   .op(decisions::kSecurityFunctionAccess)
                                   .with_outcome(outcomes::kGranted)
                                   .with(keys::kSm, sm)
                                   .with(keys::kSf, sf),
                               0, r->id);
    const std::string channel = access == nullptr ? "" : detail_of(*access, keys::kChannel);
    std::string delivered = detail_of(*r, keys::kDeliveredOver);
    if (delivered.empty()) delivered = channel;
    if (channel != dv::kDeliveredMutual) delivered = channel.empty() ? "unknown" : channel;
    if (delivered == dv::kDeliveredMutual) {
      const Rec* confirmed = q.first(
          RecordFilter{}
              .by(sm)
              .op(rules ? decisions::kSecurityRulePush : decisions::kSecurityFunctionCredential)
              .with_outcome(outcomes::kAcknowledged)
              .with(keys::kSf, sf)
              .with(keys::kRequest, request)
              .with(keys::kDeliveredOver, dv::kDeliveredMutual),
          r->id);
      if (confirmed != nullptr)
        out.pass(what + " applied by " + r->actor + " over mutual TLS, confirmed by " + sm,
                 {access->id, r->id, confirmed->id});
      else
        out.fail(describe(*r) + ": " + what + " applied over mutual TLS but " + sm +
                     " never confirmed the channel",
                 {r->id});
      continue;
    }
    const Rec* detected = q.first(RecordFilter{}
                                      .by(sm)
                                      .op(decisions::kSecurityDetection)
                                      .with_outcome(outcomes::kDetected)
                                      .with(keys::kKind, dv::kDetectionUnprotectedConfiguration)
                                      .with(keys::kSf, sf)
                                      .with(keys::kRequest, request),
                                  r->id);
    if (detected != nullptr)
      out.pass(what + " reached " + r->actor + " over " + delivered + " and " + sm +
                   " detected it (unprotected_configuration)",
               {r->id, detected->id});
    else
      out.fail(describe(*r) + ": " + what + " reached " + r->actor + " over " + delivered +
                   " and " + sm + " never detected it",
               {r->id});
  }
  return out.result("");
}

void register_configuration_checks(CheckRegistry& registry) {
  registry.add("R1.3.150", "configurations delivered over protected channels, confirmed",
               check_protected_configuration);
}

}  // namespace ifa026::conformance
