// What a delegate VNFM holds for its delegation-mode VNFCIs (issue 17; docs/delegation-mode.md):
// per (VNFCI, identity) the registration at the CMF, the key (PKCS#8 in the VNFM's software store,
// or a handle in its HSM), the certificate and chain the CMF delivered, and the installation
// attempts. The delegation manager (registration, CSRs) fills it; the installers (in the resource
// request C.2.2.3 / C.3.2.3, over Ve-Vnfm-vnf C.2.2.4.6, from the HSM C.2.2.4.7) read it and count
// attempts; the key-retention rule (Vnfm.Sc.005) deletes keys from it. Every change of a key's
// custody is also a KeyCustody record (actors/common/key_custody.hpp), written by whoever changes
// it.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "actors/common/key_custody.hpp"
#include "pki/bytes.hpp"
#include "sim/time.hpp"

namespace ifa026::actors::vnfm {

struct DelegatedCredentialRecord {
  std::string vnf;
  std::string vnfci;
  std::string identity;
  std::string certificate_type;  // vnfci, oam
  std::string delegation;        // the CMF's delegation id ("" before registration)
  std::string ca;
  std::vector<pki::Bytes> trust_anchors;  // from the registration (DER)
  // The key: PKCS#8 DER in the VNFM (software) or a handle in its HSM; at most one is set, and
  // neither once the VNFM deleted the key (Vnfm.Sc.005) or the HSM released it.
  std::optional<pki::Bytes> private_key;
  std::optional<std::string> hsm_handle;
  std::string key_fp;  // key_fingerprint of the key, kept after deletion
  sim::Time key_generated_at{};
  std::optional<pki::Bytes> certificate;  // DER, once issued
  std::vector<pki::Bytes> chain;          // issuing CA(s) up to the root
  int install_attempts = 0;
  bool installed = false;
  bool key_deleted = false;
  std::string deletion_reason;  // installed, attempts exhausted, retention expired, ...
};

class DelegatedCredentialStore {
 public:
  using Key = std::pair<std::string, std::string>;  // (vnfci, identity)

  DelegatedCredentialRecord& put(DelegatedCredentialRecord record) {
    Key key{record.vnfci, record.identity};
    return records_[key] = std::move(record);
  }
  DelegatedCredentialRecord* find(const std::string& vnfci, const std::string& identity) {
    auto it = records_.find({vnfci, identity});
    return it == records_.end() ? nullptr : &it->second;
  }
  const DelegatedCredentialRecord* find(const std::string& vnfci,
                                        const std::string& identity) const {
    auto it = records_.find({vnfci, identity});
    return it == records_.end() ? nullptr : &it->second;
  }
  // Every identity of one VNFCI, in identity order.
  std::vector<DelegatedCredentialRecord*> of_vnfci(const std::string& vnfci) {
    std::vector<DelegatedCredentialRecord*> out;
    for (auto it = records_.lower_bound({vnfci, ""});
         it != records_.end() && it->first.first == vnfci; ++it)
      out.push_back(&it->second);
    return out;
  }
  bool erase(const std::string& vnfci, const std::string& identity) {
    return records_.erase({vnfci, identity}) > 0;
  }
  const std::map<Key, DelegatedCredentialRecord>& all() const { return records_; }
  std::map<Key, DelegatedCredentialRecord>& all() { return records_; }

  // The software-held private keys still in the store, as an inventory (HSM handles are the
  // HSM's to report).
  PrivateKeyInventory inventory() const {
    PrivateKeyInventory out;
    for (const auto& [key, r] : records_)
      if (r.private_key && !r.key_deleted)
        out.add(r.key_fp, {r.vnfci, r.identity, r.certificate_type});
    return out;
  }

 private:
  std::map<Key, DelegatedCredentialRecord> records_;
};

}  // namespace ifa026::actors::vnfm
