// Checks of security functions and policy validation (see security_function_checks.hpp).
#include "conformance/security_function_checks.hpp"

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "actors/common/sm_authorization.hpp"
#include "actors/messages/lcm_vocabulary.hpp"
#include "actors/messages/monitoring_vocabulary.hpp"
#include "actors/sfm/sf_access.hpp"
#include "actors/sfm/sf_rules.hpp"
#include "actors/sfm/sfm_actor.hpp"
#include "conformance/check_outcome.hpp"
#include "conformance/sm_trace_view.hpp"
#include "conformance/trace_query.hpp"
#include "conformance/vocabulary.hpp"

namespace ifa026::conformance {
namespace {

using Rec = sim::TraceRecord;
namespace lcm = actors::lcm;

constexpr const char* kAuthVerified = "verified";
constexpr const char* kAuthFailed = "failed";
constexpr const char* kActionReapply = "reapply_rules";
constexpr const char* kChannelMutual = "mutual";

bool in_list(const std::string& list, const std::string& item) {
  const auto items = split_list(list);
  return std::find(items.begin(), items.end(), item) != items.end();
}

std::string type_of(const sim::Scenario& scenario, const std::string& actor) {
  for (const auto& a : scenario.actors)
    if (a.name == actor) return a.type;
  return "";
}

// The manager type a function kind lives behind.
std::string manager_type_for(const std::string& kind) {
  if (kind == "ISF") return "ism";
  if (kind == "VSF" || kind == "PSF" || kind == "VNF") return "em";
  return "";
}

// The SM's discovery record of `sf` before `before` (null when none).
const Rec* discovered(const TraceQuery& q, const std::string& sm, const std::string& sf,
                      std::uint64_t before, const std::string& outcome = "") {
  RecordFilter f =
      RecordFilter{}.by(sm).op(decisions::kSecurityFunctionDiscovered).with(keys::kSf, sf);
  if (!outcome.empty()) f.with_outcome(outcome);
  return q.last(f, 0, before);
}

}  // namespace

// ID            R1.2.20
// Objective     Security functions behind an element manager (VSFs, PSF stubs) are configured
//               only by an SM managing their trust domain: the EM (and the ISM) decide each rule
//               or credential configuration by the trust model (sf_access.hpp: an SM, over mutual
//               TLS, holding an active mode in the function's domain).
// Precondition  A trust_model; an EM (type em) holding functions; SMs configuring them.
// Test          Every SecurityFunctionAccess decision of an EM or ISM agrees with the rule applied
//               to the scenario's trust model; an SM's rule table acknowledged for a VSF and for a
//               PSF, each with the EM's SecurityRulesApplied; a configuration from an SM outside
//               the domain refused (parts "vsf", "psf", "refused").
// Evidence      SecurityFunctionAccess granted / denied, SecurityRulesApplied, SecurityRulePush.
// Negative      sf_faults accept_foreign_sm: the EM applies a foreign SM's rules.
// Reference     ETSI GS NFV-IFA 026 V4.5.1 Annex A R1.2.20
// Applicability ICS "security-management", "security-functions"
CheckResult check_sf_domain_bounds(const CheckContext& c) {
  const TraceQuery q(c.trace);
  const auto decisions_seen = q.all(RecordFilter{}.op(decisions::kSecurityFunctionAccess));
  if (decisions_seen.empty())
    return no_verdict("no EM or ISM decided a configuration in this scenario");
  const auto table = actors::sm::AuthorizationTable::from_trust_model(c.scenario.trust_model);
  CheckOutcome out;
  for (const auto* r : decisions_seen) {
    const std::string sm = detail_of(*r, keys::kSm);
    const std::string domain = detail_of(*r, keys::kDomain);
    const bool mutual = detail_of(*r, keys::kChannel) == kChannelMutual;
    const auto expected = actors::sf::decide_configuration(table, sm, mutual, domain);
    const bool granted = r->outcome == outcomes::kGranted;
    const std::string what =
        describe(*r) + " (" + sm + ", " + detail_of(*r, keys::kSf) + " in " + domain + ")";
    if (granted && !expected.granted)
      out.fail(what + ": granted although " + expected.reason, {r->id});
    else if (!granted && expected.granted)
      out.fail(what + ": denied although the trust model allows it", {r->id});
    else if (!granted)
      out.pass("a configuration from outside the function's domain refused", {r->id}),
          out.observe("refused");
  }
  for (const auto* push : q.all(
           RecordFilter{}.op(decisions::kSecurityRulePush).with_outcome(outcomes::kAcknowledged))) {
    const std::string sf = detail_of(*push, keys::kSf);
    const std::string via = detail_of(*push, keys::kVia);
    if (type_of(c.scenario, via) != "em") continue;
    const Rec* found = discovered(q, push->actor, sf, push->id);
    const std::string kind = found == nullptr ? "" : detail_of(*found, keys::kKind);
    const Rec* applied = q.last(RecordFilter{}
                                    .by(via)
                                    .op(decisions::kSecurityRulesApplied)
                                    .with(keys::kSf, sf)
                                    .with(keys::kSm, push->actor)
                                    .with(keys::kRequest, detail_of(*push, keys::kRequest)),
                                0, push->id);
    if (applied == nullptr) continue;  // judged by R1.2.130
    if (kind == "VSF")
      out.pass("rules configured on a VSF through its EM", {push->id, applied->id}),
          out.observe("vsf");
    else if (kind == "PSF")
      out.pass("rules configured on a PSF stub through its EM", {push->id, applied->id}),
          out.observe("psf");
  }
  return out.result("");
}

// ID            R1.2.40
// Objective     Before it designs security functions into its policy the SM learns what exists:
//               the NFVO's onboarded VSF packages (SmSecurityFunctionCatalogueQuery on Sc-Or) and
//               the functions the EMs and the ISM hold (SecurityFunctionCapabilityQuery on Sm-Sf).
// Test          Each SM whose rule tables were acknowledged had a catalogue answer from the NFVO
//               and a capability answer; every function it configured was listed available (by
//               the manager it configured it through) before the configuration.
// Evidence      SecurityFunctionQuery answered, SecurityFunctionDiscovered available, the NFVO's
//               SmQuery answered (query=sf_catalogue), SecurityRulePush /
//               SecurityFunctionCredential.
// Negative      sm_faults skip_capability_query: policies pushed with no query.
// Reference     ETSI GS NFV-IFA 026 V4.5.1 Annex A R1.2.40
// Applicability ICS "security-management", "security-functions"
CheckResult check_sf_discovery(const CheckContext& c) {
  const TraceQuery q(c.trace);
  CheckOutcome out;
  std::set<std::string> sms;
  bool any = false;
  for (const char* decision :
       {decisions::kSecurityRulePush, decisions::kSecurityFunctionCredential})
    for (const auto* ack :
         q.all(RecordFilter{}.op(decision).with_outcome(outcomes::kAcknowledged))) {
      any = true;
      sms.insert(ack->actor);
      const std::string sf = detail_of(*ack, keys::kSf);
      const std::string via = detail_of(*ack, keys::kVia);
      const Rec* sent = q.last(RecordFilter{}
                                   .by(ack->actor)
                                   .op(decision)
                                   .with_outcome(outcomes::kSent)
                                   .with(keys::kRequest, detail_of(*ack, keys::kRequest)),
                               0, ack->id);
      const std::uint64_t at = sent == nullptr ? ack->id : sent->id;
      const Rec* found = discovered(q, ack->actor, sf, at, outcomes::kAvailable);
      if (found == nullptr)
        out.fail(describe(*ack) + ": " + sf + " configured without an answer listing it available",
                 {ack->id});
      else if (detail_of(*found, keys::kVia) != via)
        out.fail(describe(*ack) + ": " + sf + " configured through " + via + ", listed by " +
                     detail_of(*found, keys::kVia),
                 {ack->id, found->id});
      else
        out.pass("a function configured after a capability answer listed it", {found->id, ack->id});
    }
  if (!any) return no_verdict("no SM configured a security function in this scenario");
  for (const auto& sm : sms) {
    const Rec* capability = q.first(
        RecordFilter{}
            .by(sm)
            .op(decisions::kSecurityFunctionQuery)
            .with_outcome(outcomes::kAnswered)
            .with(keys::kSmOperation, actors::operations::kSecurityFunctionCapabilityQuery));
    const Rec* catalogue = q.first(
        RecordFilter{}
            .by(sm)
            .op(decisions::kSecurityFunctionQuery)
            .with_outcome(outcomes::kAnswered)
            .with(keys::kSmOperation, actors::operations::kSmSecurityFunctionCatalogueQuery));
    if (capability == nullptr) {
      out.fail(sm + " configured functions without any capability answer");
      continue;
    }
    if (catalogue == nullptr) {
      out.fail(sm + " never had the NFVO's VSF catalogue", {capability->id});
      continue;
    }
    std::vector<std::uint64_t> evidence = {capability->id, catalogue->id};
    if (const Rec* nfvo = q.first(RecordFilter{}
                                      .op(decisions::kSmQuery)
                                      .with_outcome(outcomes::kAnswered)
                                      .with(keys::kSm, sm)
                                      .with(keys::kQuery, "sf_catalogue")))
      evidence.push_back(nfvo->id);
    out.pass(sm + " asked the NFVO's catalogue and the managers' capabilities", evidence);
  }
  return out.result("");
}

// ID            R1.2.130
// Objective     The SM configures rule tables on VSFs and PSFs through their EM and on ISFs
//               through the ISM, and counts a table enforced only once the manager applied it.
// Test          Every SecurityRulePush acknowledged went through a manager of the type the
//               function's kind needs (em: VSF, PSF, VNF; ism: ISF), which recorded
//               SecurityRulesApplied for it (same request and digest) before the acknowledgement;
//               at the end each function's table digest (the managers' final state) equals the
//               last table acknowledged for it.
// Evidence      SecurityRulePush sent / acknowledged, SecurityRulesApplied.
// Negative      sf_faults ack_without_apply: acknowledged, never applied.
// Reference     ETSI GS NFV-IFA 026 V4.5.1 Annex A R1.2.130
// Applicability ICS "security-management", "security-functions"
CheckResult check_sf_rule_configuration(const CheckContext& c) {
  const TraceQuery q(c.trace);
  const auto acks =
      q.all(RecordFilter{}.op(decisions::kSecurityRulePush).with_outcome(outcomes::kAcknowledged));
  if (acks.empty()) return no_verdict("no rule table acknowledged in this scenario");
  CheckOutcome out;
  std::map<std::string, const Rec*> last;  // "via|sf" -> last acknowledgement
  for (const auto* ack : acks) {
    const std::string sf = detail_of(*ack, keys::kSf);
    const std::string via = detail_of(*ack, keys::kVia);
    const std::string digest = detail_of(*ack, keys::kDigest);
    const Rec* found = discovered(q, ack->actor, sf, ack->id);
    const std::string kind = found == nullptr ? "" : detail_of(*found, keys::kKind);
    const std::string needed = manager_type_for(kind);
    const std::string type = type_of(c.scenario, via);
    if (type != "em" && type != "ism") {
      out.fail(
          describe(*ack) + ": " + sf + " configured through " + via + ", neither an EM nor the ISM",
          {ack->id});
      continue;
    }
    if (!needed.empty() && needed != type) {
      out.fail(describe(*ack) + ": a " + kind + " configured through the " + type + " " + via,
               {ack->id});
      continue;
    }
    const Rec* applied = q.last(RecordFilter{}
                                    .by(via)
                                    .op(decisions::kSecurityRulesApplied)
                                    .with(keys::kSf, sf)
                                    .with(keys::kSm, ack->actor)
                                    .with(keys::kRequest, detail_of(*ack, keys::kRequest))
                                    .with(keys::kDigest, digest),
                                0, ack->id);
    if (applied == nullptr) {
      out.fail(describe(*ack) + ": " + via + " acknowledged " + sf +
                   "'s rules without applying "
                   "them (no SecurityRulesApplied with digest " +
                   digest.substr(0, 12) + "...)",
               {ack->id});
      continue;
    }
    out.pass("a rule table acknowledged after its manager applied it", {applied->id, ack->id});
    out.observe(type);
    last[via + "|" + sf] = ack;
  }
  for (const auto& [key, ack] : last) {
    const std::string via = detail_of(*ack, keys::kVia);
    const std::string sf = detail_of(*ack, keys::kSf);
    const auto* functions = actors::sf::manager_functions(c.simulation, via);
    if (functions == nullptr || !functions->contains(sf)) {
      out.inconc(via + " holds no function " + sf + " at the end", {ack->id});
      continue;
    }
    const std::string final_digest = actors::sf::rules_digest(functions->at(sf).rules);
    if (final_digest != detail_of(*ack, keys::kDigest))
      out.fail(sf + " ends with a table (" + final_digest.substr(0, 12) +
                   "...) other than the last one acknowledged",
               {ack->id});
    else
      out.pass(sf + " ends with the table last acknowledged", {ack->id});
  }
  return out.result("");
}

// ID            R1.2.140
// Objective     The SM configures a security function's initial credential over mutual TLS
//               through its manager, and the function then authenticates with it.
// Test          Every SecurityFunctionCredential acknowledged has the manager's
//               ConfigurationStored (same request, from that SM, channel mutual) before it, and a
//               later validation report of that function whose MAC under the credential the SM
//               verified; no manager stored a credential from a non-SM or outside mutual TLS.
// Evidence      SecurityFunctionCredential, ConfigurationStored, PolicyValidationResult
//               authenticated=verified.
// Negative      sf_faults ignore_credential: the function's reports fail the MAC check.
// Reference     ETSI GS NFV-IFA 026 V4.5.1 Annex A R1.2.140
// Applicability ICS "security-management", "security-functions"
CheckResult check_sf_credentials(const CheckContext& c) {
  const TraceQuery q(c.trace);
  const auto acks = q.all(RecordFilter{}
                              .op(decisions::kSecurityFunctionCredential)
                              .with_outcome(outcomes::kAcknowledged));
  if (acks.empty()) return no_verdict("no initial credential configured in this scenario");
  const auto table = actors::sm::AuthorizationTable::from_trust_model(c.scenario.trust_model);
  CheckOutcome out;
  for (const auto* stored : q.all(RecordFilter{}.op(decisions::kConfigurationStored))) {
    const std::string sm = detail_of(*stored, keys::kSm);
    if (detail_of(*stored, keys::kChannel) != kChannelMutual || !table.knows_sm(sm))
      out.fail(describe(*stored) + ": a credential stored from " + sm + " over " +
                   detail_of(*stored, keys::kChannel),
               {stored->id});
  }
  for (const auto* ack : acks) {
    const std::string sf = detail_of(*ack, keys::kSf);
    const std::string via = detail_of(*ack, keys::kVia);
    const Rec* stored = q.last(RecordFilter{}
                                   .by(via)
                                   .op(decisions::kConfigurationStored)
                                   .with(keys::kSf, sf)
                                   .with(keys::kSm, ack->actor)
                                   .with(keys::kRequest, detail_of(*ack, keys::kRequest)),
                               0, ack->id);
    if (stored == nullptr) {
      out.fail(describe(*ack) + ": acknowledged without " + via + " storing it", {ack->id});
      continue;
    }
    const Rec* report = q.first(RecordFilter{}
                                    .by(ack->actor)
                                    .op(decisions::kPolicyValidationResult)
                                    .with(keys::kSf, sf)
                                    .with(keys::kVia, via),
                                ack->id);
    const std::string authenticated =
        report == nullptr ? "" : detail_of(*report, keys::kAuthenticated);
    if (report == nullptr)
      out.inconc(sf + "'s credential was never used (no validation report after it)",
                 {stored->id, ack->id});
    else if (authenticated == kAuthVerified)
      out.pass(sf + " stored its credential over mutual TLS and authenticated its report with it",
               {stored->id, ack->id, report->id});
    else
      out.fail(sf + "'s report after the credential was stored is authenticated=" + authenticated,
               {stored->id, ack->id, report->id});
  }
  return out.result("");
}

// ID            R1.2.150
// Objective     After each NS deployment or scaling under its policies the SM configures policy
//               validation for the NS and runs it.
// Precondition  An SM with security function policies in force (a rule table acknowledged).
// Test          For every NFVO NsLcmOperation completed (INSTANTIATE, SCALE) after the first
//               acknowledged rule table: a PolicyValidationConfigured for that NS (trigger deploy
//               or scale) by such an SM after it, and a PolicyValidation round for the NS after
//               that.
// Evidence      NsLcmOperation completed, PolicyValidationConfigured, PolicyValidation.
// Negative      sm_faults no_validation_after_scale.
// Reference     ETSI GS NFV-IFA 026 V4.5.1 Annex A R1.2.150
// Applicability ICS "security-management", "security-functions"
CheckResult check_sf_validation_configured(const CheckContext& c) {
  const TraceQuery q(c.trace);
  const Rec* first = q.first(
      RecordFilter{}.op(decisions::kSecurityRulePush).with_outcome(outcomes::kAcknowledged));
  if (first == nullptr) return no_verdict("no security function policy in force in this scenario");
  CheckOutcome out;
  bool any = false;
  for (const auto* op :
       q.all(RecordFilter{}.op(decisions::kNsLcmOperation).with_outcome("completed"))) {
    const std::string operation = detail_of(*op, keys::kOperation);
    if (op->id < first->id || (operation != lcm::kInstantiate && operation != lcm::kScale))
      continue;
    any = true;
    const std::string ns = detail_of(*op, keys::kNs);
    // The SM's record names the NS when MANO's events did (VNF events do not: then unnamed).
    const Rec* configured = nullptr;
    for (const auto* r : q.all(RecordFilter{}.op(decisions::kPolicyValidationConfigured)))
      if (r->id > op->id && (!has_detail(*r, keys::kNs) || detail_of(*r, keys::kNs) == ns)) {
        configured = r;
        break;
      }
    if (configured == nullptr) {
      out.fail(describe(*op) + ": " + ns + " " + operation +
                   " completed, no validation configured "
                   "afterwards",
               {op->id});
      continue;
    }
    const Rec* round = nullptr;
    for (const auto* r :
         q.all(RecordFilter{}.by(configured->actor).op(decisions::kPolicyValidation)))
      if (r->id > configured->id &&
          (!has_detail(*configured, keys::kNs) ||
           detail_of(*r, keys::kNs) == detail_of(*configured, keys::kNs))) {
        round = r;
        break;
      }
    if (round == nullptr) {
      out.fail(describe(*configured) + ": validation configured for " + ns + ", no round run",
               {op->id, configured->id});
      continue;
    }
    out.pass("validation configured and run after " + ns + " " + operation,
             {op->id, configured->id, round->id});
    out.observe(operation == lcm::kScale ? "scale" : "deploy");
  }
  if (!any) return no_verdict("no NS deployed or scaled while a policy was in force");
  return out.result("");
}

namespace {

// The first round after `after` that validated `sf`, by `sm` when given.
const Rec* round_after(const TraceQuery& q, const std::string& sf, std::uint64_t after,
                       const std::string& sm = "", const std::string& outcome = "") {
  for (const auto* r : q.all(RecordFilter{}.op(decisions::kPolicyValidation))) {
    if (r->id <= after || (!sm.empty() && r->actor != sm)) continue;
    if (!outcome.empty() && r->outcome != outcome) continue;
    if (in_list(detail_of(*r, keys::kFunctions), sf)) return r;
  }
  return nullptr;
}

}  // namespace

// ID            R1.2.160
// Objective     Through the interface with the EM and the ISM the SM validates the policies a
//               deployed service's functions enforce: each enforcing function reports its table
//               digest, and an injected drift is found.
// Test          Every PolicyValidation round has a PolicyValidationResult per function it names;
//               a round judged pass holds only matching, non-failed results and a violation names
//               exactly the functions that did not match; after each SecurityRuleDrift the first
//               round validating that function is a violation naming it.
// Evidence      PolicyValidation, PolicyValidationResult, SecurityRuleDrift.
// Negative      sf_faults report_stale_digest: the drifted function reports the configured digest
//               and the round passes.
// Reference     ETSI GS NFV-IFA 026 V4.5.1 Annex A R1.2.160
// Applicability ICS "security-management", "security-functions"
CheckResult check_sf_validation_interface(const CheckContext& c) {
  const TraceQuery q(c.trace);
  const auto rounds = q.all(RecordFilter{}.op(decisions::kPolicyValidation));
  if (rounds.empty()) return no_verdict("no policy validation round in this scenario");
  CheckOutcome out;
  for (const auto* round : rounds) {
    if (!has_detail(*round, keys::kFunctions)) continue;  // another monitoring piece's record
    const std::string number = detail_of(*round, keys::kRound);
    std::set<std::string> bad;
    std::vector<std::uint64_t> evidence = {round->id};
    bool complete = true;
    for (const auto& sf : split_list(detail_of(*round, keys::kFunctions))) {
      const Rec* result = q.last(RecordFilter{}
                                     .by(round->actor)
                                     .op(decisions::kPolicyValidationResult)
                                     .with(keys::kSf, sf)
                                     .with(keys::kRound, number),
                                 0, round->id);
      if (result == nullptr) {
        complete = false;
        out.fail(describe(*round) + ": no result for " + sf, {round->id});
        continue;
      }
      evidence.push_back(result->id);
      if (result->outcome != outcomes::kMatch ||
          detail_of(*result, keys::kAuthenticated) == kAuthFailed)
        bad.insert(sf);
    }
    if (!complete) continue;
    const auto named = split_list(detail_of(*round, keys::kSf));
    const std::set<std::string> named_set(named.begin(), named.end());
    if (round->outcome == outcomes::kPass && !bad.empty())
      out.fail(describe(*round) + ": pass with a function that did not match", evidence);
    else if (round->outcome == outcomes::kViolation && named_set != bad)
      out.fail(describe(*round) + ": the violation does not name the functions that differ",
               evidence);
    else
      out.pass("a validation round judged from every function's report", evidence),
          out.observe(round->outcome);
  }
  for (const auto* drift :
       q.all(RecordFilter{}.op(decisions::kSecurityRuleDrift).with_outcome(outcomes::kInjected))) {
    const std::string sf = detail_of(*drift, keys::kSf);
    const Rec* round = round_after(q, sf, drift->id);
    if (round == nullptr)
      out.inconc("no validation round after the drift on " + sf, {drift->id});
    else if (round->outcome != outcomes::kViolation || !in_list(detail_of(*round, keys::kSf), sf))
      out.fail("the drift on " + sf + " was reported " + round->outcome, {drift->id, round->id});
    else
      out.pass("the drift on " + sf + " found", {drift->id, round->id}), out.observe("drift");
  }
  return out.result("");
}

// ID            R1.3.120
// Objective     After deployment, monitoring confirms that the policies are enforced, and an
//               enforcement that drifted is restored.
// Test          After every PolicyValidationConfigured trigger=deploy the same SM records a
//               PolicyValidation pass; after every SecurityRuleDrift, the violation naming the
//               function is followed by the SM's Remediation action=reapply_rules naming it and
//               then by a pass of a round validating it.
// Evidence      PolicyValidationConfigured, PolicyValidation, Remediation, SecurityRuleDrift.
// Negative      sm_faults ignore_drift: the violation is never remediated.
// Reference     ETSI GS NFV-IFA 026 V4.5.1 Annex A R1.3.120
// Applicability ICS "security-management", "security-monitoring"
CheckResult check_sf_enforcement_monitoring(const CheckContext& c) {
  const TraceQuery q(c.trace);
  CheckOutcome out;
  bool any = false;
  for (const auto* configured : q.all(RecordFilter{}
                                          .op(decisions::kPolicyValidationConfigured)
                                          .with(keys::kTrigger, "deploy"))) {
    any = true;
    const Rec* pass = q.first(RecordFilter{}
                                  .by(configured->actor)
                                  .op(decisions::kPolicyValidation)
                                  .with_outcome(outcomes::kPass),
                              configured->id);
    if (pass == nullptr)
      out.fail(describe(*configured) + ": the deployed NS's policy was never confirmed enforced",
               {configured->id});
    else
      out.pass("a deployment's policy confirmed enforced", {configured->id, pass->id}),
          out.observe("deploy");
  }
  for (const auto* drift :
       q.all(RecordFilter{}.op(decisions::kSecurityRuleDrift).with_outcome(outcomes::kInjected))) {
    any = true;
    const std::string sf = detail_of(*drift, keys::kSf);
    const Rec* violation = round_after(q, sf, drift->id, "", outcomes::kViolation);
    if (violation == nullptr || !in_list(detail_of(*violation, keys::kSf), sf)) {
      out.fail("the drift on " + sf + " was never found", {drift->id});
      continue;
    }
    const Rec* remediation = nullptr;
    for (const auto* r : q.all(RecordFilter{}
                                   .by(violation->actor)
                                   .op(decisions::kRemediation)
                                   .with(keys::kAction, kActionReapply)))
      if (r->id > violation->id && in_list(detail_of(*r, keys::kSf), sf)) {
        remediation = r;
        break;
      }
    if (remediation == nullptr) {
      out.fail("the drift on " + sf + " was left unremediated", {drift->id, violation->id});
      continue;
    }
    const Rec* pass = round_after(q, sf, remediation->id, violation->actor, outcomes::kPass);
    if (pass == nullptr)
      out.fail("no pass for " + sf + " after its rules were pushed again",
               {drift->id, violation->id, remediation->id});
    else
      out.pass("the drift on " + sf + " found, remediated and validated",
               {drift->id, violation->id, remediation->id, pass->id}),
          out.observe("drift");
  }
  if (!any) return no_verdict("no deployment under a policy and no drift in this scenario");
  return out.result("");
}

void register_security_function_checks(CheckRegistry& registry) {
  registry.add("R1.2.20", "security functions configured only within the SM's domains",
               check_sf_domain_bounds);
  registry.add("R1.2.40", "functions designed in only after catalogue and capability answers",
               check_sf_discovery);
  registry.add("R1.2.130", "rule tables configured through the EM / ISM and applied",
               check_sf_rule_configuration);
  registry.add("R1.2.140", "initial credentials configured and used", check_sf_credentials);
  registry.add("R1.2.150", "validation configured after NS deployment and scaling",
               check_sf_validation_configured);
  registry.add("R1.2.160", "validation reports of every enforcing function, drift found",
               check_sf_validation_interface);
  registry.add("R1.3.120", "enforcement confirmed after deployment, drift remediated",
               check_sf_enforcement_monitoring);
}

}  // namespace ifa026::conformance
