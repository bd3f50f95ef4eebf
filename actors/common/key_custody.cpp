// The key-custody ledger (see key_custody.hpp).
#include "actors/common/key_custody.hpp"

#include "actors/messages/decisions.hpp"
#include "actors/messages/detail_keys.hpp"
#include "pki/bytes.hpp"

namespace ifa026::actors {

namespace keys = detail_keys;

std::string key_fingerprint(const pki::PublicKey& key) {
  return pki::to_hex(key.spki_sha256()).substr(0, 16);
}

std::string key_fingerprint(const pki::PrivateKey& key) {
  return key_fingerprint(key.public_key());
}

std::string key_fingerprint_of_pkcs8(pki::ByteView pkcs8) {
  try {
    return key_fingerprint(pki::PrivateKey::from_der(pkcs8));
  } catch (const pki::DecodeError&) {
    return "";
  }
}

void trace_key_custody(Tracer& tracer, const KeyCustodyEvent& event) {
  TraceDetail detail;
  detail.add(keys::kKeyFingerprint, event.key_fp).add(keys::kHolder, tracer.context().name());
  // A VNFCI's own records already start with vnfci= (its tracer's prefix).
  if (event.vnfci != tracer.context().name()) detail.add(keys::kVnfci, event.vnfci);
  detail.add(keys::kIdentity, event.identity);
  if (!event.certificate_type.empty()) detail.add(keys::kCertificateType, event.certificate_type);
  if (!event.peer.empty()) detail.add(keys::kPeer, event.peer);
  if (!event.channel.empty()) detail.add(keys::kChannel, event.channel);
  if (!event.reason.empty()) detail.add(keys::kReason, event.reason);
  tracer({.operation = decisions::kKeyCustody,
          .outcome = event.outcome,
          .peer = event.peer,
          .reference_point = event.reference_point,
          .step = event.step,
          .detail = detail});
}

void PrivateKeyInventory::trace_final_state(Tracer& tracer) const {
  if (keys_.empty()) {
    tracer({.operation = decisions::kKeyInventory,
            .outcome = outcomes::kEmpty,
            .detail = TraceDetail().add(keys::kKeys, 0LL)});
    return;
  }
  for (const auto& [fp, entry] : keys_) {
    TraceDetail detail;
    detail.add(keys::kKeyFingerprint, fp).add(keys::kHolder, tracer.context().name());
    if (entry.vnfci != tracer.context().name()) detail.add(keys::kVnfci, entry.vnfci);
    detail.add(keys::kIdentity, entry.identity);
    if (!entry.certificate_type.empty()) detail.add(keys::kCertificateType, entry.certificate_type);
    tracer({.operation = decisions::kKeyInventory, .outcome = outcomes::kHeld, .detail = detail});
  }
}

}  // namespace ifa026::actors
