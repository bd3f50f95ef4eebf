// The HSM's keys made for a delegate VNFM's VNFCIs (issue 17; docs/delegation-mode.md "HSM path
// (as built)", decision Q4; C.2.2.2.7 #0, C.2.2.4.7 #3-#4): a GenerateKeyPairRequest on HSM-If
// that names `release_to` makes a key the HSM may later hand to that one VNFCI's attested HMEE.
// This piece keeps, per such handle, its owner (the VNFM), the designated VNFCI and identity and
// the key's fingerprint; judges a ReleaseKeyPairRequest (only on an HMEE-HSM session whose client
// is the designated VNFCI and whose certificate names it); writes the key-custody ledger
// (KeyCustody generated, released, deleted) and, at the end of the run, the KeyInventory of the
// VNFCI keys still held. The HSM actor keeps the key bytes and answers; it asks this piece.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "actors/common/actor_params.hpp"
#include "actors/common/key_custody.hpp"
#include "actors/common/trace_detail.hpp"
#include "actors/messages/hsm_if.hpp"
#include "actors/toolkit/trace_event.hpp"
#include "pki/certificate.hpp"
#include "pki/key.hpp"
#include "sim/diagnostic.hpp"

namespace ifa026::actors::hsm {

// The HSM parameter `delegation_faults` (fault switches that make the HSM-path checks fail).
struct DelegationFaults {
  bool release_to_anyone = false;   // release a handle's key to any HMEE client that asks
  bool keep_after_release = false;  // keep the HSM's copy after releasing it (no `deleted`)
};
DelegationFaults read_delegation_faults(const nlohmann::json& params);
ParamRule delegation_faults_rule();
// Unknown fault names: a located error.
void check_delegation_faults(const nlohmann::json& params, std::vector<sim::Diagnostic>& out);

class HsmDelegatedKeys {
 public:
  HsmDelegatedKeys(Tracer& tracer, DelegationFaults faults) : tracer_(tracer), faults_(faults) {}

  // True when the request (on HSM-If) asks for a key designated for a VNFCI.
  static bool designates(const messages::GenerateKeyPairRequest& m, bool hmee_session) {
    return !hmee_session && m.release_to && !m.release_to->empty();
  }
  // The GenerateKeyPair record's extra detail for such a request (vnfci, identity, release_to).
  void describe(const messages::GenerateKeyPairRequest& m, TraceDetail& detail) const;
  // The key was made: remembered, KeyCustody generated (holder this HSM, channel local).
  void generated(const std::string& handle, const std::string& owner,
                 const messages::GenerateKeyPairRequest& m, const pki::PrivateKey& key,
                 const std::string& step);

  // Why a ReleaseKeyPairRequest for `handle` from `client` is refused ("" when it may go):
  // `hmee_session` false when it came on HSM-If (the VNFM asking for the key itself);
  // `certificate` the client's verified HMEE certificate; `held` whether the HSM has the key.
  std::string release_refusal(const std::string& handle, const std::string& client,
                              bool hmee_session, const std::optional<pki::Certificate>& certificate,
                              bool held) const;
  // The ReleaseKeyPair decision (outcome released or refused), citing the request's step.
  void trace_release(const std::string& handle, const std::string& client, const std::string& step,
                     const std::string& reference_point, const std::string& reason) const;
  // The key went to `client` (step: the response's): KeyCustody released (channel hmee-hsm),
  // then deleted unless the fault keeps it. True when the HSM must now erase its copy.
  bool released(const std::string& handle, const std::string& client, const std::string& step);

  // DeleteKeyRequest from `requester`: "" when it may delete, otherwise the refusal. A handle the
  // HSM does not track here is judged by the caller (an ordinary key).
  std::string delete_refusal(const std::string& handle, const std::string& requester) const;
  bool tracks(const std::string& handle) const { return entries_.contains(handle); }
  // True once any designated key was made (then the HSM writes its KeyInventory at the end).
  bool any() const { return !entries_.empty(); }
  // True when the handle's key was released (and deleted) already.
  bool gone(const std::string& handle) const;
  // The owner deleted it: KeyCustody deleted.
  void deleted(const std::string& handle, const std::string& reason, const std::string& step);

  // KeyInventory: the designated keys made here that were neither released nor deleted (and, with
  // keep_after_release, those kept).
  void trace_final_state() const { inventory_.trace_final_state(tracer_); }

 private:
  struct Entry {
    std::string owner;
    std::string vnfci;
    std::string identity;
    std::string key_fp;
    bool released = false;
    bool deleted = false;
  };

  Tracer& tracer_;
  DelegationFaults faults_;
  std::map<std::string, Entry> entries_;  // by handle
  PrivateKeyInventory inventory_;
};

}  // namespace ifa026::actors::hsm
