// The VNFCI's enrolment, renewal and key rotation attempts at the CA (C.2.1.1 #4-#7, C.2.1.2
// #6-#9, C.2.1.3 #6-#15, C.2.1.4 #1-#5): the key pair (its own, or from the HSM with an optional
// HSM-signed request), the CMP operation (ir / p10cr with the initial credential, kur with the
// current certificate) retried with back-off when the CA does not answer, verification of what
// the CA issued, installation and the report to the CMF. Also the replay of a spent initial
// credential (negative scenario).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "actors/vnfci/vnfci_part.hpp"

namespace ifa026::actors::vnfci {

class VnfciRenewal;

class VnfciEnrolment : public VnfciPart {
 public:
  VnfciEnrolment(VnfciState& state, VnfciRenewal& renewal);

  // Starts an attempt of `kind` for identity `name` (none when one is running).
  void start_attempt(const std::string& name, Purpose kind);

 private:
  Identity* attempt_of(const std::string& name, std::uint64_t attempt);
  static const char* purpose(const Attempt& a);
  // Key pairs of C.2.1.3 enrolments and rotations come from the HSM; renewals (C.2.1.4) and the
  // other flows generate their own.
  static bool from_hsm(const Identity& id, Purpose kind);
  // The subject an enrolment asks for: the configured one, or `csr_subject` (negative scenario).
  // A kur keeps the current certificate's.
  std::string requested_subject(const Identity& id, const Attempt& a) const;
  // Whether this enrolment's request is signed by the HSM (C.2.1.3 #10-#12, optional).
  bool hsm_signs(const Attempt& a) const;
  // The carrier of the enrolment request at #13: p10cr (protected by the initial credential) for
  // an HSM-signed PKCS#10, otherwise ir; kur for a renewal or rotation.
  const char* carrier(const Attempt& a) const;
  // C.2.1.3 #8 (the key pair arrived) and #9 (the request is built).
  void on_hsm_key(const std::string& name, std::uint64_t attempt,
                  std::optional<HsmLink::KeyPair> pair, const std::string& problem);
  // C.2.1.3 #12: the VNFCI checks and finalizes the HSM-signed request.
  void on_hsm_csr(const std::string& name, std::uint64_t attempt, std::optional<pki::Csr> csr,
                  const std::string& problem);
  // The request's protection and proof of possession take the `sign` time.
  void prepare_request(const std::string& name, std::uint64_t attempt);
  void send_request(const std::string& name, std::uint64_t attempt);
  void on_cmp_done(const std::string& name, std::uint64_t attempt,
                   const CmpExchange::Outcome& outcome);
  std::string verify_issued(const Identity& id, const pki::Certificate& certificate,
                            const std::vector<pki::Certificate>& chain, const pki::PrivateKey& key,
                            bool chain_verified);
  std::string verify_path(const Identity& id, const pki::Certificate& certificate,
                          const std::vector<pki::Certificate>& chain, const pki::PrivateKey& key);
  void remember_intermediate(const pki::Certificate& c);
  void install(const std::string& name, const pki::Certificate& certificate, bool unconfirmed);
  // Issue 17: KeyCustody stored for the installed key (and deleted for the one it replaced), the
  // key added to the VNFCI's key inventory.
  void record_stored(const std::string& name, const std::string& old_fp, const std::string& fp,
                     const std::string& step);
  void replay_credential(const std::string& name, const std::string& reference,
                         const pki::Bytes& secret);
  void report_certificate(const std::string& name, const pki::Certificate& certificate,
                          const std::string& purpose);
  void attempt_failed(const std::string& name, const std::string& reason);

  VnfciRenewal& renewal_;
  std::uint64_t attempts_ = 0;
};

}  // namespace ifa026::actors::vnfci
