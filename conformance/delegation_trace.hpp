// What the delegation-mode trace (docs/delegation-mode.md) says, for the checks of the nine
// delegation flows, of key custody (K1-K8) and of the Annex B requirements of delegation mode:
// who plays which role (VNFCIs are spawned at run time, so their type comes from the kernel's
// SpawnActor records), which records are about one VNFCI identity (detail vnfci / identity, the
// CA's identity=vnfci/identity, a registration's vnfcis list), and per private key (key_fp) its
// KeyCustody history and the final KeyInventory records of its holders.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "conformance/mano_trace.hpp"

namespace ifa026::conformance {

using Rec = sim::TraceRecord;

// The role (actor type) of every actor of the run: the scenario's type, else the type the
// kernel's SpawnActor record gave it.
class DelegationRoles {
 public:
  explicit DelegationRoles(const ManoView& mano);
  std::string role_of(const std::string& actor) const;
  // True when `actor` may play a table row of `role`: the CISM plays the VIM's rows in the
  // container variants.
  bool plays(const std::string& actor, std::string_view role) const;
  std::vector<std::string> actors_of(const std::string& role) const;

 private:
  const ManoView& mano_;
  std::vector<std::pair<std::string, std::string>> spawned_;  // name, type
};

// The nine delegation flows, in clause order.
const std::vector<std::string>& delegation_flows();
bool is_delegation_flow(std::string_view flow);
// "oam" for C.3.2.x, "vnfci" for C.2.2.x.
std::string certificate_type_of(std::string_view flow);
// C.2.2.3 and C.3.2.3 share their messages (one allocation carries OAM and VNFCI credentials):
// the other one of the pair, else "".
std::string sibling_flow(std::string_view flow);
// Installation flows (C.2.2.3, C.2.2.4.6, C.2.2.4.7, C.3.2.3).
bool is_install_flow(std::string_view flow);

// A refusal or failure: rejected, refused, failed, timeout, internal-error.
bool is_refusal(const std::string& outcome);
// The reason a record gives (reason, alert or result), else its outcome.
std::string reason_text(const Rec& r);

// True when the record names this VNFCI: vnfci=, a vnfcis list holding it, or a CA's
// identity=vnfci/name.
bool names_vnfci(const Rec& r, const std::string& vnfci);
// True when it names this VNFCI and this identity (or no identity at all, as a registration of a
// whole VNFCI does). An empty `identity` matches any.
bool names_identity(const Rec& r, const std::string& vnfci, const std::string& identity);
// True when the record names no identity, this one, or a list ("client,server") holding it.
bool identity_matches(const Rec& r, const std::string& identity);
// The identity a record names ("" when none): identity=, or the part after '/' of a CA's
// identity=vnfci/name.
std::string identity_of(const Rec& r);

// One private key's life in the ledger.
struct KeyHistory {
  std::string key_fp;
  std::string vnfci;
  std::string identity;
  std::string certificate_type;  // vnfci, oam ("" when no record says)
  std::string mode;              // direct, delegation
  std::string install_flow;      // C.2.2.3, C.3.2.3, C.2.2.4.6, C.2.2.4.7 or ""
  const Rec* generated = nullptr;
  std::vector<const Rec*> events;  // KeyCustody records, trace order
  std::vector<const Rec*> held;    // KeyInventory held records at the end
  // Every actor that ever held the key bytes: generated, received, stored, released (by the HSM
  // that made it) and the holders at the end.
  std::vector<std::string> holders() const;
};

// Every key the ledger names, in order of its first record.
std::vector<KeyHistory> key_histories(const ManoView& mano, const DelegationRoles& roles);
// True when the run has any KeyCustody or KeyInventory record.
bool has_ledger(const ManoView& mano);

}  // namespace ifa026::conformance
