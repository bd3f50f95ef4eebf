// What correct behaviour looks like in one scenario: the "expect" object of a scenario file
// (docs/conformance.md), read by the checks, and the scenario rule that validates it (unknown
// keys, wrong types, unknown actor names) with JSON pointers, like the "covers" rule.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sim/scenario.hpp"

namespace ifa026::conformance {

// Every negative expectation names its refusal: `reason_contains` is required and not empty
// (validated by expect_rule), so that a refusal for another reason (a misconfiguration, a timeout,
// a harness fault) is never taken for the one the scenario is about.
struct ExpectedRejection {
  std::string actor;            // who rejects, e.g. the CMF
  std::string operation;        // the traced decision or crypto record, e.g. "RegistrationCheck"
  std::string entity;           // the entity it is about ("" when any)
  std::string reason_contains;  // text the record's reason must contain
  std::string step;             // flow step it must carry ("" when any)
};

struct ExpectedDenial {
  std::string actor;  // who refuses (a WIM, CISM or CIR)
  std::string peer;   // whose request ("" when any)
};

// What a direct-mode scenario (docs/direct-mode.md) expects of its VNFCIs, which are spawned at run
// time and so named by their deterministic names (`<vnf>-<vnfc>-<n>`), not scenario actors.
struct ExpectedVnfciRefusal {
  std::string vnfci;            // whose enrolment is refused
  std::string actor;            // who refuses ("" when any; a VNFCI name for its own checks)
  std::string operation;        // the traced record, e.g. "IssueCertificate", "AttestationVerified"
  std::string reason_contains;  // text the record's reason must contain
};
// A renewal (C.2.1.4) the scenario expects refused, and why.
struct ExpectedRenewalRefusal {
  std::string vnfci;            // whose renewal is refused
  std::string actor;            // who refuses ("" when any)
  std::string reason_contains;  // text the refusal's reason must contain
};
struct DirectExpectations {
  std::vector<std::string> enrolled;      // every identity holds its certificate
  std::vector<std::string> not_enrolled;  // no identity ever gets one; each has refusals
  std::vector<ExpectedVnfciRefusal> refusals;
  int renewals = 0;                  // least renewals of every identity alive at the end
  std::vector<std::string> revoked;  // every certificate revoked, listed by the CRL
  std::vector<ExpectedRenewalRefusal> renewal_refused;  // renewals refused, and why
  bool expects_enrolled(const std::string& vnfci) const;
  bool expects_not_enrolled(const std::string& vnfci) const;
  // The expected renewal refusal of `vnfci`, or nullptr.
  const ExpectedRenewalRefusal* renewal_refusal_of(const std::string& vnfci) const;
};

// --- delegation (issue 17): what a delegation-mode scenario (docs/delegation-mode.md) expects of
// its VNFCIs, named by their deterministic names like `direct`'s.
// A refusal that stops a VNFCI's delegated flow: `actor` (the CMF, the CA, the VNFM, a VIM / CISM,
// the HSM or the VNFCI itself) records `operation` at `step` (optional) with a reason containing
// `reason_contains`.
struct ExpectedDelegationRefusal {
  std::string vnfci;
  std::string actor;            // "" when any
  std::string operation;        // e.g. "DelegateCheck", "CredentialRefused", "RegisterDelegate"
  std::string step;             // a delegation flow step ("" when any)
  std::string reason_contains;  // required, non-empty
};
// A private key a holder must delete, and why (reason: installed, attempts exhausted, retention
// expired, install attempted).
struct ExpectedKeyDeletion {
  std::string actor;
  std::string vnfci;
  std::string reason;
};
struct DelegationExpectations {
  std::vector<std::string> installed;      // every identity of these VNFCIs installed
  std::vector<std::string> not_installed;  // none installed; each has a refusal
  std::vector<ExpectedDelegationRefusal> refusals;
  std::vector<ExpectedKeyDeletion> key_deleted;
  int renewals = 0;                  // least delegated renewals per identity alive at the end
  std::vector<std::string> revoked;  // these VNFCIs' delegated certificates revoked
  bool expects_installed(const std::string& vnfci) const;
  bool expects_not_installed(const std::string& vnfci) const;
  // True when the scenario names a refusal for `vnfci` or lists it as not installed.
  bool expects_refusal(const std::string& vnfci) const;
  bool empty() const {
    return installed.empty() && not_installed.empty() && refusals.empty() && key_deleted.empty() &&
           renewals == 0 && revoked.empty();
  }
};

struct Expectations {
  std::vector<std::string> certified;      // end the run holding a valid certificate
  std::vector<std::string> not_certified;  // never get one
  std::vector<ExpectedRejection> rejections;
  std::map<std::string, int> renewals;  // entity -> least number of renewals installed
  std::vector<std::string> removed;     // certificate revoked/removed during the run
  std::vector<std::pair<std::string, std::string>> sessions;  // mutual TLS + SessionCheck ok
  std::vector<ExpectedDenial> access_denied;
  DirectExpectations direct;
  DelegationExpectations delegation;  // issue 17

  bool expects_certified(const std::string& name) const;
  bool expects_not_certified(const std::string& name) const;
  bool mentions(const std::string& name) const;
  // The rejections expected for one entity.
  std::vector<ExpectedRejection> rejections_of(const std::string& entity) const;

  // Reads a validated "expect" object (anything unexpected is ignored here: the rule reports it).
  static Expectations from_json(const nlohmann::json& expect);
};

// Appends a diagnostic per problem of root["expect"] (pointers from the document root).
void check_expectations(const nlohmann::json& root, std::vector<sim::Diagnostic>& out);
sim::ScenarioRule expect_rule();

}  // namespace ifa026::conformance
