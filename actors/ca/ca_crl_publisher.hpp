// The CA's CRL publication on CRL-DP: a CRL of the issuing CA is built (crl processing time) and
// sent to every subscriber, periodically and after every revocation. For negative scenarios the
// workload command `replay_crl` sends a CRL published earlier again (a replay: validly signed, but
// older than the latest), so that relying parties can be seen to refuse it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "actors/ca/ca_disk.hpp"
#include "actors/ca/ca_part.hpp"
#include "pki/bytes.hpp"

namespace ifa026::actors::ca {

class CaCrlPublisher : public CaPart {
 public:
  CaCrlPublisher(CaState& state, CaDisk& disk);

  void publish_crl();
  // The final CRL of an issuing CA retired by a key compromise (ca_key_compromise.hpp), which
  // must outlive the job (CaState::retired keeps it).
  void publish_crl_of(pki::CertificateAuthority& retired);
  // Sends the CRL published with `number` again to `to` (every subscriber when empty); refused
  // (traced) when this CA kept no such CRL.
  void replay_crl(std::uint64_t number, const std::vector<std::string>& to);

 private:
  // Builds and sends a CRL of `ca` (the current issuing CA when null, as of when the job runs).
  void publish(pki::CertificateAuthority* ca);
  // `chain`: the issuing CA's certificate, sent along after a re-key (CrlPublication).
  void send_crl(const pki::Bytes& der, const std::vector<std::string>& to,
                const std::optional<std::vector<pki::Bytes>>& chain = std::nullopt);

  // The CRLs published, by number (the latest kKeptCrls).
  static constexpr std::size_t kKeptCrls = 32;
  struct Published {
    pki::Bytes der;
    std::optional<std::vector<pki::Bytes>> chain;
  };
  std::map<std::uint64_t, Published> published_;
  CaDisk& disk_;
};

}  // namespace ifa026::actors::ca
