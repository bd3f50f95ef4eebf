// What the `ca` actor keeps on disk, and how it comes back after a crash with restart (fault
// "crash" with "restart_after", sim/durable_store.hpp): its root and issuing keys and
// certificates, every revocation and the CRL number, the RA certificates it issued, the end
// entities RAs registered with their initial credentials (spent or not), the certificates and
// CRLs it issued (its artifact log), and the certificates issued but still waiting for their
// certConf. A CA whose run does not restart it has no disk: nothing is written.
//
// A restarted CA is the same CA: the same keys (certificates it issued before still verify and
// renew), the same revocations on its next CRL, whose number continues. What died with the process
// is its open CMP transactions. Their certificates cannot be confirmed any more, so the CA
// withdraws them at start (revoked, cessationOfOperation, traced RevokeCertificate) and their
// one-use credentials stay unspent: the client's certConf is refused as of an unknown transaction,
// and its next ir under the same credential is issued anew. Nothing is issued twice for one
// credential without the first certificate being revoked (docs/robustness.md, "Restarts").
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "actors/ca/ca_part.hpp"
#include "pki/bytes.hpp"

namespace ifa026::actors::ca {

// At construction, before the CMP server is built: the CA hierarchy from disk, or false when
// there is none there (a first start, or no disk).
bool restore_hierarchy(CaState& state);
// Writes the hierarchy just generated (nothing without a disk).
void save_hierarchy(const CaState& state);

class CaDisk : public CaPart {
 public:
  explicit CaDisk(CaState& state);

  // Whether this CA has a disk (its run restarts it).
  bool enabled() const;

  // A registration accepted, with what the CMP server needs to take its credential again.
  void registered(const std::string& reference, const RegisteredEndEntity& entry,
                  const pki::Bytes& secret, const std::optional<pki::Instant>& expires);
  // A certificate issued that waits for its certConf (transaction `transaction_id`, hex).
  void awaiting_confirmation(const std::string& serial, const std::string& transaction_id);
  // Its certConf came (confirmed or refused) or it was withdrawn.
  void confirmation_ended(const std::string& serial);
  // Writes what changed in memory since the last call: revocations, the CRL number, RA
  // certificates and the artifact log. Called after every piece of work that may change them.
  void sync();

  // At start: the rest of the state (registrations, credentials, revocations, CRL number, RA
  // serials, artifacts), then the withdrawal of what was waiting for a certConf. Traces
  // StateRestored when there was anything; returns whether there was.
  bool restore();

 private:
  // Called by the server when a one-use credential is spent.
  void spent(const std::string& reference);

  std::size_t revocations_saved_ = 0;
  std::size_t ra_serials_saved_ = 0;
  std::size_t artifacts_saved_ = 0;
  std::uint64_t crl_number_saved_ = 0;
};

}  // namespace ifa026::actors::ca
