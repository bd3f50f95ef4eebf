// The credentials remote attestation binds to an attested VNFCI (docs/direct-mode.md, C.2.1.2
// pre-condition 3 and #5: "the CMF and VNFCI can establish their secure communication using the
// initial credentials derived during their attestation procedure"). Header-only: the VNFCI
// (Attester), the verifier and the CMF (Relying Party) share these few formulas.
//
// - The verifier's challenge carries a random nonce, its static ECDH public key (P-256 SPKI) and
//   the relying parties it answers. The Evidence's nonce is not the bare nonce but
//     evidence_nonce = SHA-256("ifa026 attestation challenge|" || hex(nonce) || "|" ||
//                              hex(SHA-256(verifier key SPKI)) || "|" || rp1 "," rp2 ...)
//   so a challenge whose key or relying parties were swapped on the way yields Evidence the
//   verifier does not affirm (nonce mismatch).
// - After an affirming appraisal both the HMEE key holder and the verifier can compute
//   K = ECDH(HMEE key, verifier key); the PSK of relying party `rp` and VNFCI `vnfci` is
//     psk = HKDF-SHA256(K, salt = evidence_nonce, info = "ifa026 attested psk|" rp "|" vnfci, 32)
//   The verifier hands it to `rp` only, over their day-0 channel; the VNFCI derives it itself.
//   Only the holder of the attested HMEE key can, so the credential is bound to the instance.
// - Both ends use it as the day-0 secret of their TLS PSK session (SecureChannels), as the text
//   attested_day0_secret(psk) = "attested:" + hex(psk).
#pragma once

#include <string>
#include <vector>

#include "pki/bytes.hpp"
#include "pki/key.hpp"
#include "pki/key_agreement.hpp"

namespace ifa026::actors::attestation {

inline constexpr std::size_t kChallengeNonceBytes = 32;
inline constexpr std::size_t kPskBytes = 32;

inline pki::Bytes evidence_nonce(pki::ByteView challenge_nonce, pki::ByteView verifier_key_spki,
                                 const std::vector<std::string>& relying_parties) {
  std::string text = "ifa026 attestation challenge|" + pki::to_hex(challenge_nonce) + "|" +
                     pki::to_hex(pki::sha256(verifier_key_spki)) + "|";
  for (std::size_t i = 0; i < relying_parties.size(); ++i)
    text += (i == 0 ? "" : ",") + relying_parties[i];
  return pki::sha256(
      pki::ByteView(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
}

// Throws pki::PkiError when the keys cannot agree (not both P-256 / same curve).
inline pki::Bytes attested_psk(const pki::PrivateKey& own, const pki::PublicKey& peer,
                               pki::ByteView evidence_nonce, const std::string& relying_party,
                               const std::string& vnfci) {
  const pki::Bytes shared = pki::ecdh_shared_secret(own, peer);
  const std::string info = "ifa026 attested psk|" + relying_party + "|" + vnfci;
  return pki::hkdf_sha256(
      shared, evidence_nonce,
      pki::ByteView(reinterpret_cast<const std::uint8_t*>(info.data()), info.size()), kPskBytes);
}

inline std::string attested_day0_secret(pki::ByteView psk) {
  return "attested:" + pki::to_hex(psk);
}

}  // namespace ifa026::actors::attestation
