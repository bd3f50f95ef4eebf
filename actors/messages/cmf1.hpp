// Messages of CMF-1 (docs/mano-certificates.md): a consumer (the OSS) registers NFV-MANO entities
// at the CMF and asks for revocations over its day-0 channel; an entity sends its CSR (server_auth
// TLS with the initial credential, or mutual TLS to renew), may ask to revoke its own certificate,
// and is told when its certificate is removed. Keys and value types are those the actors put on the
// wire (the CBOR of to_body() is byte-identical to what they build by hand).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "actors/messages/codec.hpp"
#include "actors/messages/operations.hpp"
#include "pki/bytes.hpp"

namespace ifa026::actors::messages {

// The options of an initial credential a consumer may ask for (the OSS passes its `credential`
// entity parameter through).
struct CredentialOptions {
  std::optional<bool> one_use;
  std::optional<std::string> lifetime;  // duration text, e.g. "1h"
  bool operator==(const CredentialOptions&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("one_use", self.one_use);
    f("lifetime", self.lifetime);
  }
};

// OSS -> CMF (C.4.x.1 #0).
struct RegisterEntityRequest {
  static constexpr std::string_view kOperation = operations::kRegisterEntityRequest;
  std::string entity;  // the entity's actor name
  std::string kind;    // nfvo, vnfm, vim, wim, cism, cir
  std::string fqdn;
  std::optional<CredentialOptions> credential;
  bool operator==(const RegisterEntityRequest&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("entity", self.entity);
    f("kind", self.kind);
    f("fqdn", self.fqdn);
    f("credential", self.credential);
  }
};

// The initial credential the CMF created: in RegisterEntityResponse, and passed on unchanged in
// SetCertificateConfiguration. The misconfigured OSS of negative scenarios
// (configure_unregistered) makes one of its own with reference and secret only.
struct InitialCredential {
  std::string reference;
  pki::Bytes secret;  // the entity also accepts a text string here (not sent by any actor)
  std::optional<bool> one_use;
  std::optional<std::string> expires;  // RFC 3339 text (RegisterEndEntityRequest uses integer ns)
  bool operator==(const InitialCredential&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("reference", self.reference);
    f("secret", self.secret);
    f("one_use", self.one_use);
    f("expires", self.expires);
  }
};

// CMF -> OSS (C.4.x.1 #2). A refusal carries status, reason, entity, fqdn and cmf only.
struct RegisterEntityResponse {
  static constexpr std::string_view kOperation = operations::kRegisterEntityResponse;
  std::string status;  // registered, rejected
  std::string reason;  // "" when registered
  std::string entity;
  std::optional<std::string> kind;
  std::string fqdn;
  std::optional<std::string> ca;  // the selected CA actor
  std::optional<InitialCredential> initial_credential;
  std::optional<pki::Bytes> attestation_nonce;
  std::optional<pki::Bytes> trust_anchor;                // the selected CA's root (DER)
  std::optional<std::vector<pki::Bytes>> trust_anchors;  // that root first, then the others
  std::string cmf;                                       // the CMF actor
  std::optional<std::string> cmf_fqdn;
  bool operator==(const RegisterEntityResponse&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("status", self.status);
    f("reason", self.reason);
    f("entity", self.entity);
    f("kind", self.kind);
    f("fqdn", self.fqdn);
    f("ca", self.ca);
    f("initial_credential", self.initial_credential);
    f("attestation_nonce", self.attestation_nonce);
    f("trust_anchor", self.trust_anchor);
    f("trust_anchors", self.trust_anchors);
    f("cmf", self.cmf);
    f("cmf_fqdn", self.cmf_fqdn);
  }
};

// Proof of the initial credential with a CSR: PBM (RFC 4210) over the CSR DER with the secret.
struct PbmCredential {
  std::string reference;
  pki::Bytes mac;
  pki::Bytes salt;  // SHA-256 of the CSR and a label, cut to 16 bytes
  int iterations = 0;
  bool operator==(const PbmCredential&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("reference", self.reference);
    f("mac", self.mac);
    f("salt", self.salt);
    f("iterations", self.iterations);
  }
};

// Entity -> CMF (C.4.x.2.6 #0). `credential` only for an enrolment (server_auth channel); a
// renewal comes over mutual TLS without it. A delegate VNFM's CSR for a VNFCI identity
// (C.2.2.2.6/.7 #0, C.3.2.2 #0; docs/delegation-mode.md) also names the delegation, the VNFCI, the
// identity and the certificate type (vnfci, oam), and with an HSM-made key its attestation
// statement; a MANO entity's own CSR has none of them.
struct CertificateSigningRequest {
  static constexpr std::string_view kOperation = operations::kCertificateSigningRequest;
  pki::Bytes csr;       // PKCS#10 DER
  std::string purpose;  // enrolment, renewal
  std::optional<PbmCredential> credential;
  std::optional<std::string> delegation = {};
  std::optional<std::string> vnfci = {};
  std::optional<std::string> identity = {};
  std::optional<std::string> certificate_type = {};
  std::optional<pki::Bytes> key_attestation = {};  // the HSM's statement (C.2.2.2.7)
  bool operator==(const CertificateSigningRequest&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("csr", self.csr);
    f("purpose", self.purpose);
    f("credential", self.credential);
    f("delegation", self.delegation);
    f("vnfci", self.vnfci);
    f("identity", self.identity);
    f("certificate_type", self.certificate_type);
    f("key_attestation", self.key_attestation);
  }
};

// CMF -> entity (C.4.x.2.6 #6, or the step of a refusal). A refusal carries status and reason
// only.
struct CertificateSigningResponse {
  static constexpr std::string_view kOperation = operations::kCertificateSigningResponse;
  std::string status;  // issued, rejected
  std::string reason;  // "" when issued
  std::optional<pki::Bytes> certificate;
  std::optional<std::vector<pki::Bytes>> chain;  // issuing CA(s) up to the root
  bool operator==(const CertificateSigningResponse&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("status", self.status);
    f("reason", self.reason);
    f("certificate", self.certificate);
    f("chain", self.chain);
  }
};

// OSS -> CMF over day-0 (entity and reason), or an entity -> CMF for its own certificate over
// mutual TLS (also serial; the CMF goes by the session's certificate and does not read it). A
// delegate VNFM revoking a VNFCI identity's certificate (scale in, heal, terminate; delegation
// mode, docs/delegation-mode.md) names `vnfci` and `identity` (`entity` is then the VNFCI).
struct RevokeCertificateRequest {
  static constexpr std::string_view kOperation = operations::kRevokeCertificateRequest;
  std::string entity;
  std::string reason;  // CRL reason name, e.g. keyCompromise
  std::optional<std::string> serial;
  std::optional<std::string> vnfci = {};
  std::optional<std::string> identity = {};
  bool operator==(const RevokeCertificateRequest&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("entity", self.entity);
    f("reason", self.reason);
    f("serial", self.serial);
    f("vnfci", self.vnfci);
    f("identity", self.identity);
  }
};

// CMF -> the requester. `serial` only when revoked.
struct RevokeCertificateResponse {
  static constexpr std::string_view kOperation = operations::kRevokeCertificateResponse;
  std::string status;  // revoked, rejected
  std::string reason;
  std::string entity;
  std::optional<std::string> serial;
  bool operator==(const RevokeCertificateResponse&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("status", self.status);
    f("reason", self.reason);
    f("entity", self.entity);
    f("serial", self.serial);
  }
};

// CMF -> entity after a revocation.
struct CertificateRemoved {
  static constexpr std::string_view kOperation = operations::kCertificateRemoved;
  std::string serial;  // hex
  std::string reason;
  bool operator==(const CertificateRemoved&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("serial", self.serial);
    f("reason", self.reason);
  }
};

}  // namespace ifa026::actors::messages
