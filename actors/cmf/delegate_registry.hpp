// The CMF's registry of delegations (issue 17; C.2.2.1 #1, C.3.2.1 #1; docs/delegation-mode.md Q1):
// per (VNFCI, identity, certificate type) the delegate VNFM, the VNF, the selected CA, the
// registered subject and dNSNames, the delegation id and attestation nonce, and the serials issued
// on it; per VNF the VNFM it is bound to (the first that registered for it). The CMF's delegation
// piece (cmf_delegation.hpp) fills it on RegisterDelegateRequest and reads it on delegated CSRs and
// revocations.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "pki/bytes.hpp"

namespace ifa026::actors::cmf {

struct DelegatedIdentityEntry {
  std::string vnfci;
  std::string identity;
  std::string certificate_type;  // vnfci, oam
  std::string vnf;
  std::string delegate;    // the VNFM
  std::string delegation;  // "<cmf>-delegation-N"
  std::string ca;
  std::string usage;
  std::string subject;  // RFC 4514 text as registered
  std::vector<std::string> dns;
  pki::Bytes attestation_nonce;
  std::vector<std::string> serials;                // issued on this registration, oldest first
  std::vector<std::string> revoked;                // of those, revoked through the CMF
  std::map<std::string, pki::Bytes> certificates;  // serial -> DER
};

class DelegateRegistry {
 public:
  using Key = std::tuple<std::string, std::string, std::string>;  // vnfci, identity, type

  DelegatedIdentityEntry* find(const std::string& vnfci, const std::string& identity,
                               const std::string& type);
  // The entries of one VNFCI (every identity and type).
  std::vector<DelegatedIdentityEntry*> of_vnfci(const std::string& vnfci);
  DelegatedIdentityEntry& put(DelegatedIdentityEntry entry);
  // The VNFM a VNF is bound to ("" when none registered for it yet).
  std::string bound_vnfm(const std::string& vnf) const;
  void bind(const std::string& vnf, const std::string& vnfm) { vnf_delegate_.emplace(vnf, vnfm); }
  // The "vnfci/identity" another registration holds `dns` for, if any (other than `key`).
  std::optional<std::string> dns_owner(const std::string& dns, const Key& except) const;
  // The next delegation number (1, 2, ...).
  std::uint64_t next_delegation() { return ++delegations_; }
  const std::map<Key, DelegatedIdentityEntry>& all() const { return entries_; }

 private:
  std::map<Key, DelegatedIdentityEntry> entries_;
  std::map<std::string, std::string> vnf_delegate_;
  std::uint64_t delegations_ = 0;
};

}  // namespace ifa026::actors::cmf
