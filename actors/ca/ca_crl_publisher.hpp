// The CA's CRL publication on CRL-DP: a CRL of the issuing CA is built (crl processing time) and
// sent to every subscriber, periodically and after every revocation. For negative scenarios the
// workload command `replay_crl` sends a CRL published earlier again (a replay: validly signed, but
// older than the latest), so that relying parties can be seen to refuse it.
#pragma once

#include <cstdint>
#include <map>
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
  // Sends the CRL published with `number` again to `to` (every subscriber when empty); refused
  // (traced) when this CA kept no such CRL.
  void replay_crl(std::uint64_t number, const std::vector<std::string>& to);

 private:
  void send_crl(const pki::Bytes& der, const std::vector<std::string>& to);

  // The CRLs published, by number (the latest kKeptCrls).
  static constexpr std::size_t kKeptCrls = 32;
  std::map<std::uint64_t, pki::Bytes> published_;
  CaDisk& disk_;
};

}  // namespace ifa026::actors::ca
