// The MANO entity's enrolment and renewal at its CMF (C.4.x.2.6 / .7, CMF-1): the CSR goes with a
// PBM-protected initial credential over server-authenticated TLS (enrolment) or over mutual TLS
// with the certificate held (renewal); the issued certificate is verified (chain to the trust
// anchor at simulated time, FQDN, usages, the key asked for) and installed; failures are retried
// as configured; the expiry watch starts a renewal renewal_threshold before the end.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "actors/common/mano_entity_part.hpp"
#include "actors/messages/cmf1.hpp"
#include "pki/certificate.hpp"

namespace ifa026::actors {

class ManoEntityCrl;
class ManoEntityKeys;
class ManoEntitySessions;

class ManoEntityEnrolment : public ManoEntityPart {
 public:
  ManoEntityEnrolment(ManoEntityState& state, ManoEntityKeys& keys, ManoEntityCrl& crl,
                      ManoEntitySessions& sessions);

  // `purpose`: "enrolment" or "renewal".
  void start_enrolment(const std::string& purpose);
  // The CSR of the current attempt, ready to go to the CMF.
  void send_csr(pki::Bytes csr);
  void on_csr_response(const ChannelMessage& m,
                       const messages::CertificateSigningResponse& response);
  // `trigger`: "expiry-watch" (its own timer: the certificate is within renewal_threshold of
  // expiry) or "command" (a workload `renew`).
  void renewal_due(const std::string& trigger);
  void enrolment_failed(const std::string& reason);

 private:
  // "" when `certificate` chains to the trust anchor at simulated time, is for this FQDN and
  // for the key this entity asked for.
  std::string verify_issued(const pki::Certificate& certificate,
                            const std::vector<pki::Certificate>& chain);
  void install(const pki::Certificate& certificate, std::vector<pki::Certificate> chain);
  void schedule_renewal(pki::Instant not_after);

  ManoEntityKeys& keys_;
  ManoEntityCrl& crl_;
  ManoEntitySessions& sessions_;
  std::uint64_t attempt_counter_ = 0;
  long long enrol_failures_ = 0;
};

}  // namespace ifa026::actors
