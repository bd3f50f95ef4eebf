// The CMF's recovery from a CA key compromise (issue 20, docs/robustness.md "CA key compromise").
// A CRL it accepts that revokes its own RA certificate at a CA with reason cACompromise starts the
// recovery there (CompromiseRecovery started): it enrols a new RA certificate at once with its
// reusable RA credential (the old one no longer makes it an RA at the re-keyed CA). Once it holds
// it, it provisions again every MANO entity and VNFCI whose latest certificate from that CA was
// revoked for cACompromise (CompromiseRecovery ok, one record each):
// - a MANO entity: its registration's initial credential (the one its consumer configured in
//   the entity) may be used once more, and the entity is told CertificateRemoved with reason
//   cACompromise, after which it enrols again with that credential (C.4.x.2);
// - a VNFCI (direct mode): each identity registered afresh at the CA and a configuration that
//   replaces what the VNFCI holds (C.2.1.1 #2, #3; DirectMode::reprovision).
// Modelling decision: the entity's day-0 credential is not what was compromised, so the CMF
// re-arms it rather than asking the consumer to register the entity again.
#pragma once

#include <map>
#include <set>
#include <string>

#include "actors/cmf/cmf_part.hpp"
#include "pki/crl.hpp"

namespace ifa026::actors::cmf {

class CmfRaEnrolment;

class CmfCompromiseRecovery : public CmfPart {
 public:
  CmfCompromiseRecovery(CmfState& state, CmfRaEnrolment& ra_enrolment);

  // A CRL the CMF accepted (cmf_crl_updates): what it revokes for cACompromise.
  void on_crl(const pki::Crl& crl);
  // The CMF holds a new RA certificate at `ca` (cmf_ra_enrolment).
  void on_ra_certificate(const std::string& ca);

 private:
  void reprovision_entities(const std::string& ca);

  CmfRaEnrolment& ra_enrolment_;
  // CAs whose compromise the CMF is recovering from: the serials revoked for cACompromise there
  // (the CA's issuer name keyed by the CA actor).
  std::map<std::string, std::set<std::string>> recovering_;
  std::set<std::string> compromised_;  // every serial revoked for cACompromise (upper-case hex)
};

}  // namespace ifa026::actors::cmf
