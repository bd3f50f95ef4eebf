// The key-custody ledger of delegation mode (issue 17; docs/delegation-mode.md "Key custody";
// Annex D made observable): every actor that touches a VNFCI's private key — makes it, receives
// it, sends it, stores it, releases it from an HSM, deletes it — writes one KeyCustody record with
// the key's fingerprint, the holder, the channel it crossed and the peer; and every actor that can
// hold such keys keeps a PrivateKeyInventory of those it still holds, which it writes as
// KeyInventory records when the run ends (NfvActor::finish). The checks K1-K8 compare the two.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "actors/common/trace_detail.hpp"
#include "actors/messages/delegation_vocabulary.hpp"
#include "actors/toolkit/trace_event.hpp"
#include "pki/bytes.hpp"
#include "pki/key.hpp"

namespace ifa026::actors {

// The name of a key at every holder: the first 16 hex digits of SHA-256 over its
// SubjectPublicKeyInfo DER.
std::string key_fingerprint(const pki::PublicKey& key);
std::string key_fingerprint(const pki::PrivateKey& key);
// Of a PKCS#8 DER; "" when it does not decode.
std::string key_fingerprint_of_pkcs8(pki::ByteView pkcs8);

// One KeyCustody record. `outcome` is one of outcomes::kGenerated, kReceived, kSent, kStored,
// kReleased, kDeleted; `channel` one of detail_values::kChannel* (empty for generated / deleted).
struct KeyCustodyEvent {
  std::string outcome;
  std::string key_fp;
  std::string vnfci;
  std::string identity;
  std::string peer = {};
  std::string channel = {};
  std::string reason = {};
  std::string step = {};
  std::string reference_point = {};
  std::string certificate_type = {};  // vnfci, oam
};

// Writes the record through the actor's tracer (holder = the tracing actor).
void trace_key_custody(Tracer& tracer, const KeyCustodyEvent& event);

// The VNFCI private keys an actor holds now, by fingerprint.
class PrivateKeyInventory {
 public:
  struct Entry {
    std::string vnfci;
    std::string identity;
    std::string certificate_type;
  };

  void add(const std::string& key_fp, Entry entry) { keys_[key_fp] = std::move(entry); }
  // True when it was held.
  bool remove(const std::string& key_fp) { return keys_.erase(key_fp) > 0; }
  bool holds(const std::string& key_fp) const { return keys_.contains(key_fp); }
  std::size_t size() const { return keys_.size(); }
  const std::map<std::string, Entry>& keys() const { return keys_; }

  // The end-of-run records: one KeyInventory `held` per key, or one `empty` when there is none.
  void trace_final_state(Tracer& tracer) const;

 private:
  std::map<std::string, Entry> keys_;
};

}  // namespace ifa026::actors
