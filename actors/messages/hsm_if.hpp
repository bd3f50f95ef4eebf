// Messages between an entity and its HSM: on HSM-If (a MANO entity, plain messages; C.4.x.2.7) and
// on HMEE-HSM (a VNFCI's HMEE over mutual TLS; C.2.1.3 #7-#11), plus the HSM's day-0 vendor root.
// See docs/mano-certificates.md and docs/direct-mode.md. Every response may be a refusal:
// status "error", reason, and the handle when the request named one.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "actors/messages/codec.hpp"
#include "actors/messages/delegation_vocabulary.hpp"
#include "actors/messages/operations.hpp"
#include "pki/bytes.hpp"

namespace ifa026::actors::messages {

// HMEE-HSM only: the client's correlation of an answer with its request, echoed by the HSM.
struct HsmRequestContext {
  std::uint64_t request = 0;
  bool operator==(const HsmRequestContext&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("request", self.request);
  }
};

// Entity -> HSM. `identity` and `context` on HMEE-HSM only. A delegate VNFM on HSM-If
// (C.2.2.2.7 #0) names the identity and the one VNFCI whose attested HMEE may later fetch the
// private key (`release_to`, C.2.2.4.7 #3); without it the key never leaves the HSM.
struct GenerateKeyPairRequest {
  static constexpr std::string_view kOperation = operations::kGenerateKeyPairRequest;
  std::string key_type;  // e.g. ec-p256
  std::optional<std::string> identity;
  std::optional<HsmRequestContext> context;
  std::optional<std::string> release_to = {};
  bool operator==(const GenerateKeyPairRequest&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("key_type", self.key_type);
    f("identity", self.identity);
    f("context", self.context);
    f("release_to", self.release_to);
  }
};

// HSM -> entity. The private key is exported on HMEE-HSM only (C.2.1.3 #8).
struct GenerateKeyPairResponse {
  static constexpr std::string_view kOperation = operations::kGenerateKeyPairResponse;
  std::string status;  // ok, error
  std::optional<std::string> reason;
  std::optional<std::string> handle;  // "<hsm>/key-N"
  std::optional<std::string> key_type;
  std::optional<pki::Bytes> public_key;   // SPKI DER
  std::optional<pki::Bytes> private_key;  // PKCS#8 DER
  std::optional<HsmRequestContext> context;
  bool operator==(const GenerateKeyPairResponse&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("status", self.status);
    f("reason", self.reason);
    f("handle", self.handle);
    f("key_type", self.key_type);
    f("public_key", self.public_key);
    f("private_key", self.private_key);
    f("context", self.context);
  }
};

// Entity -> HSM (HSM-If): a key-attestation statement binding the key to the CMF's nonce. The HSM
// also accepts the nonce as a text string (not sent by any actor).
struct KeyAttestationRequest {
  static constexpr std::string_view kOperation = operations::kKeyAttestationRequest;
  std::string handle;
  pki::Bytes nonce;
  // Issue 17 (hsm): the client's correlation, echoed on HSM-If too (a delegate VNFM has several
  // keys made at once; GenerateKeyPair and SignCsr echo theirs the same way).
  std::optional<HsmRequestContext> context = {};
  bool operator==(const KeyAttestationRequest&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("handle", self.handle);
    f("nonce", self.nonce);
    f("context", self.context);
  }
};

// HSM -> entity.
struct KeyAttestationResponse {
  static constexpr std::string_view kOperation = operations::kKeyAttestationResponse;
  std::string status;  // ok, error
  std::optional<std::string> reason;
  std::optional<std::string> handle;
  std::optional<pki::Bytes> statement;            // DER (docs/pki-formats.md)
  std::optional<HsmRequestContext> context = {};  // issue 17 (hsm): the request's, echoed
  bool operator==(const KeyAttestationResponse&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("status", self.status);
    f("reason", self.reason);
    f("handle", self.handle);
    f("statement", self.statement);
    f("context", self.context);
  }
};

// Entity -> HSM: sign a CSR (clientAuth and serverAuth) with the handle's key. `key_attestation`
// (embedded as the CSR attribute) from a MANO entity with a statement; `identity` and `context`
// on HMEE-HSM only; `nf_types` is read by the HSM but sent by no actor today.
struct SignCsrRequest {
  static constexpr std::string_view kOperation = operations::kSignCsrRequest;
  std::string handle;
  std::string subject;  // DN text
  std::vector<std::string> dns;
  std::optional<pki::Bytes> key_attestation;
  std::optional<std::vector<std::string>> nf_types;
  std::optional<std::string> identity;
  std::optional<HsmRequestContext> context;
  bool operator==(const SignCsrRequest&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("handle", self.handle);
    f("subject", self.subject);
    f("dns", self.dns);
    f("key_attestation", self.key_attestation);
    f("nf_types", self.nf_types);
    f("identity", self.identity);
    f("context", self.context);
  }
};

// HSM -> entity.
struct SignCsrResponse {
  static constexpr std::string_view kOperation = operations::kSignCsrResponse;
  std::string status;  // ok, error
  std::optional<std::string> reason;
  std::optional<std::string> handle;
  std::optional<pki::Bytes> csr;  // PKCS#10 DER
  std::optional<HsmRequestContext> context;
  bool operator==(const SignCsrResponse&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("status", self.status);
    f("reason", self.reason);
    f("handle", self.handle);
    f("csr", self.csr);
    f("context", self.context);
  }
};

// Entity -> HSM (HSM-If, issue 20): sign `data` with the handle's key, in the key's own scheme
// (ECDSA over SHA-256 for P-256, over SHA-384 for P-384: what pki::PrivateKey::sign does). A MANO
// entity whose key is in the HSM (C.4.x.2.7) asks it for the TLS 1.3 CertificateVerify of each
// session it authenticates with that key (`purpose` "tls-certificate-verify"; `data` is the
// content RFC 8446 4.4.3 signs). Only the client the handle was made for may use it. `context`
// correlates the answer with the waiting handshake.
struct SignDataRequest {
  static constexpr std::string_view kOperation = operations::kSignDataRequest;
  std::string handle;
  pki::Bytes data;
  std::optional<std::string> purpose;
  std::optional<HsmRequestContext> context;
  bool operator==(const SignDataRequest&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("handle", self.handle);
    f("data", self.data);
    f("purpose", self.purpose);
    f("context", self.context);
  }
};

// HSM -> entity: the signature (DER for ECDSA), or a refusal.
struct SignDataResponse {
  static constexpr std::string_view kOperation = operations::kSignDataResponse;
  std::string status;  // ok, error
  std::optional<std::string> reason;
  std::optional<std::string> handle;
  std::optional<pki::Bytes> signature;
  std::optional<HsmRequestContext> context;
  bool operator==(const SignDataResponse&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("status", self.status);
    f("reason", self.reason);
    f("handle", self.handle);
    f("signature", self.signature);
    f("context", self.context);
  }
};

// HSM -> each of its vendor_root_recipients at start (HSM-If, day 0): the root its attestation
// certificate chains to, so that a CMF can verify key-attestation statements.
struct HsmVendorRoot {
  static constexpr std::string_view kOperation = operations::kHsmVendorRoot;
  pki::Bytes vendor_root;  // DER
  bool operator==(const HsmVendorRoot&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("vendor_root", self.vendor_root);
  }
};

// VNFCI (HMEE) -> HSM on HMEE-HSM (C.2.2.4.7 #3): the private key of a handle a delegate VNFM had
// made for this VNFCI. The HSM releases it only to the VNFCI the handle names in `release_to`.
struct ReleaseKeyPairRequest {
  static constexpr std::string_view kOperation = operations::kReleaseKeyPairRequest;
  std::string handle;
  std::string identity;
  std::optional<HsmRequestContext> context;
  bool operator==(const ReleaseKeyPairRequest&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("handle", self.handle);
    f("identity", self.identity);
    f("context", self.context);
  }
};

// HSM -> VNFCI (C.2.2.4.7 #4): the key pair, or a refusal with its reason.
struct ReleaseKeyPairResponse {
  static constexpr std::string_view kOperation = operations::kReleaseKeyPairResponse;
  std::string status;  // ok, error
  std::optional<std::string> reason;
  std::string handle;
  std::optional<pki::Bytes> public_key;   // SPKI DER
  std::optional<pki::Bytes> private_key;  // PKCS#8 DER
  std::optional<HsmRequestContext> context;
  bool operator==(const ReleaseKeyPairResponse&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("status", self.status);
    f("reason", self.reason);
    f("handle", self.handle);
    f("public_key", self.public_key);
    f("private_key", self.private_key);
    f("context", self.context);
  }
};

// Entity -> HSM on HSM-If: delete a key it owns (a delegate VNFM after the key was released, or
// when the VNFCI is gone).
struct DeleteKeyRequest {
  static constexpr std::string_view kOperation = operations::kDeleteKeyRequest;
  std::string handle;
  std::string reason;
  std::optional<HsmRequestContext> context = {};  // issue 17 (hsm): echoed in the response
  bool operator==(const DeleteKeyRequest&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("handle", self.handle);
    f("reason", self.reason);
    f("context", self.context);
  }
};

// HSM -> entity.
struct DeleteKeyResponse {
  static constexpr std::string_view kOperation = operations::kDeleteKeyResponse;
  std::string status;  // ok, error
  std::optional<std::string> reason;
  std::string handle;
  std::optional<HsmRequestContext> context = {};  // issue 17 (hsm): the request's, echoed
  bool operator==(const DeleteKeyResponse&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("status", self.status);
    f("reason", self.reason);
    f("handle", self.handle);
    f("context", self.context);
  }
};

}  // namespace ifa026::actors::messages
