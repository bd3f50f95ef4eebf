// The CMF's own RA certificates (setup, no step ID): at start it enrols at its primary CA (its TLS
// identity and readiness, CmfReady) and at every other CA it may select or run direct mode with
// (RaCertificate), by CMP ir protected with its day-0 RA secret; failures are retried with
// back-off, and each certificate is renewed by a fresh ir once two thirds of its remaining
// validity have passed.
#pragma once

#include <functional>
#include <string>

#include "actors/cmf/cmf_part.hpp"
#include "pki/key.hpp"

namespace ifa026::actors::cmf {

class CmfRaEnrolment : public CmfPart {
 public:
  // `became_ready` runs once, when the first certificate of the primary CA is installed;
  // `installed` after every certificate installed, with the CA.
  CmfRaEnrolment(CmfState& state, std::function<void()> became_ready,
                 std::function<void(const std::string& ca)> installed);

  // The primary CA (`ca`) gives the CMF its TLS identity and readiness; every other CA named in
  // `cas` gets its own RA enrolment, so CSRs can be forwarded there too.
  void enrol_all();
  // A new certificate at `ca` now, whatever the renewal schedule (a CA key compromise revoked
  // the one held; cmf_compromise_recovery.hpp).
  void reenrol(const std::string& ca);

 private:
  void enrol(const std::string& ca);
  // The CMF renews its own certificate at a CA (a fresh ir with its RA credential, so the CA
  // keeps recognising it as RA) once two thirds of its remaining validity have passed.
  void schedule_own_renewal(const std::string& ca, RaIdentity& id);
  void on_enrolled(const std::string& ca, const pki::PrivateKey& key, const pki::CmpResult& result);
  // The detail every record of the CMF's own certificate at `ca` starts with, and the record.
  TraceDetail about_own(const std::string& ca, const char* purpose) const;
  void on_ca(const char* operation, const char* outcome, const std::string& ca, TraceDetail detail);

  std::function<void()> became_ready_;
  std::function<void(const std::string&)> installed_;
};

}  // namespace ifa026::actors::cmf
