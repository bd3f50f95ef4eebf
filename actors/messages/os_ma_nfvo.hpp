// Messages of Os-Ma-Nfvo and the relays behind it.
// - Certificate configuration of MANO entities (docs/mano-certificates.md): the OSS configures a
//   registered entity's certificate parameters through the NFVO; each relay (NFVO on Or-Vnfm,
//   Or-Vi, Or-Wi, CISM-SI, CIR-SI; VNFM on Vi-Vnfm) passes the same body on with the next hop taken
//   off `via`. C.4.x.2 pre-condition.
// - The NS lifecycle chain (docs/lifecycle.md; IFA 013's NS lifecycle management and VNF package
//   management, simplified as the D-decisions there say): VNF package onboarding with a digest and
//   an optional CMS signature, NS instantiate / scale / heal / terminate with the OSS's own
//   application identifiers and, per VNF, a certificate configuration (Nfvo.Sc.006/007), and the
//   NFVO's operation-occurrence notifications (actors/oss/, actors/nfvo/).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "actors/messages/cmf1.hpp"
#include "actors/messages/codec.hpp"
#include "actors/messages/lcm_vocabulary.hpp"
#include "actors/messages/operations.hpp"
#include "pki/bytes.hpp"

namespace ifa026::actors::messages {

// OSS -> NFVO (-> VNFM -> VIM ...).
struct SetCertificateConfiguration {
  static constexpr std::string_view kOperation = operations::kSetCertificateConfiguration;
  std::string target;                        // the entity configured
  std::vector<std::string> via;              // the relays still to pass, in order
  std::map<std::string, std::string> kinds;  // actor -> kind (nfvo, ..., "oss"), per hop's
                                             // reference point
  std::string fqdn;
  std::string subject;   // DN text, e.g. "CN=nfvo.example.net,O=Operator"
  std::string key_type;  // e.g. ec-p256
  // As the CMF gave it in RegisterEntityResponse (the OSS copies it whole).
  std::optional<InitialCredential> initial_credential;
  std::optional<pki::Bytes> attestation_nonce;
  std::optional<pki::Bytes> trust_anchor;
  std::optional<std::vector<pki::Bytes>> trust_anchors;
  std::string cmf;  // the CMF actor
  bool operator==(const SetCertificateConfiguration&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("target", self.target);
    f("via", self.via);
    f("kinds", self.kinds);
    f("fqdn", self.fqdn);
    f("subject", self.subject);
    f("key_type", self.key_type);
    f("initial_credential", self.initial_credential);
    f("attestation_nonce", self.attestation_nonce);
    f("trust_anchor", self.trust_anchor);
    f("trust_anchors", self.trust_anchors);
    f("cmf", self.cmf);
  }
};

// ---- VNF packages (docs/lifecycle.md, "The VNF package") ----

// A digest over the package bytes (`content` of OnboardVnfPackageRequest).
struct PackageDigest {
  std::string algorithm;  // sha-256 (the only one the NFVO computes)
  pki::Bytes value;
  bool operator==(const PackageDigest&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("algorithm", self.algorithm);
    f("value", self.value);
  }
};

// What a VNF package holds, before it is bytes: the package's `content` is the CBOR of this body
// (to_body), and the digest and the vendor's CMS signature are over those bytes. `vnfd` is the VNFD
// in the VNFM's `vnfds` descriptor format plus the lifecycle additions (certificate_mode, flavours,
// deployment, certificate descriptions): free-form here because the descriptor has its own checker
// with JSON pointers (actors/vnfm/vnfd.hpp), which the NFVO runs at onboarding.
struct VnfPackageContent {
  std::string vnfd_id;
  std::string version;
  nlohmann::json vnfd;
  std::map<std::string, pki::Bytes> artifacts;  // software images etc., by path; opaque
  bool operator==(const VnfPackageContent&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("vnfd_id", self.vnfd_id);
    f("version", self.version);
    f("vnfd", self.vnfd);
    f("artifacts", self.artifacts);
  }
};

// What the NFVO found when it checked a package: carried on in the onboarding answer, in
// InstantiateVnfRequest and (later) in the Security Manager's VNF_INSTANTIATE events (R2.1.250).
struct PackageIntegrity {
  std::string package;
  std::string algorithm;  // of `digest`
  pki::Bytes digest;      // as the NFVO computed it
  bool is_signed = false;
  std::string verdict;                // verified, unsigned-accepted, digest-mismatch,
                                      // signature-invalid, unsigned-refused
  std::optional<std::string> signer;  // subject DN of the signing certificate, when signed
  bool operator==(const PackageIntegrity&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("package", self.package);
    f("algorithm", self.algorithm);
    f("digest", self.digest);
    f("signed", self.is_signed);
    f("verdict", self.verdict);
    f("signer", self.signer);
  }
};

// OSS -> NFVO: onboard a package (IFA 013's create-package-info and upload in one request). The
// NFVO recomputes the digest over `content`, verifies `signature` (a detached CMS SignedData by the
// vendor's key, DER) against its package trust anchors, and refuses a mismatch, a bad signature
// and, when it requires signed packages, an unsigned one.
struct OnboardVnfPackageRequest {
  static constexpr std::string_view kOperation = operations::kOnboardVnfPackageRequest;
  std::string request_id;
  std::string package;  // package id, chosen by the OSS, unique at the NFVO
  pki::Bytes content;   // CBOR of a VnfPackageContent
  PackageDigest digest;
  std::optional<pki::Bytes> signature;
  bool operator==(const OnboardVnfPackageRequest&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("request_id", self.request_id);
    f("package", self.package);
    f("content", self.content);
    f("digest", self.digest);
    f("signature", self.signature);
  }
};

// NFVO -> OSS: status onboarded (with vnfd_id and integrity) or rejected (with reason; integrity
// too when the refusal is about it).
struct OnboardVnfPackageResponse {
  static constexpr std::string_view kOperation = operations::kOnboardVnfPackageResponse;
  std::string request_id;
  std::string package;
  std::string status;  // onboarded, rejected
  std::optional<std::string> reason;
  std::optional<std::string> vnfd_id;
  std::optional<PackageIntegrity> integrity;
  bool operator==(const OnboardVnfPackageResponse&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("request_id", self.request_id);
    f("package", self.package);
    f("status", self.status);
    f("reason", self.reason);
    f("vnfd_id", self.vnfd_id);
    f("integrity", self.integrity);
  }
};

// ---- Certificate configuration of a VNF (Nfvo.Sc.006/007, C.2.2.2.6 pre-condition 2) ----

// Subject fields of one identity; the values may hold {vnf} and {vnfci}, which the VNFM replaces
// per VNFC instance (only it knows the instance names, Vnfm.Sc.013).
struct CertificateSubjectFields {
  std::string common_name;
  std::optional<std::string> organization;
  std::optional<std::string> country;
  std::optional<std::string> state;
  std::optional<std::string> locality;
  bool operator==(const CertificateSubjectFields&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("common_name", self.common_name);
    f("organization", self.organization);
    f("country", self.country);
    f("state", self.state);
    f("locality", self.locality);
  }
};

// One identity of a VNFC, overriding the VNFD's certificate description of the same name.
struct CertificateIdentityConfiguration {
  std::string vnfc;                // VNFC id in the VNFD
  std::string identity;            // the certificate description's name in that VNFC
  std::string certification_type;  // vnfci, oam
  CertificateSubjectFields subject;
  std::vector<std::string> san_dns;  // subjectAltName dNSNames (templates as in `subject`)
  bool operator==(const CertificateIdentityConfiguration&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("vnfc", self.vnfc);
    f("identity", self.identity);
    f("certification_type", self.certification_type);
    f("subject", self.subject);
    f("san_dns", self.san_dns);
  }
};

// Per VNF: the mode (must equal the VNFD's certificate_mode when the VNFD fixes one, 5.2.3.1-b)
// and the identities that differ from the VNFD (absent: the VNFD's as they are).
struct VnfCertificateConfiguration {
  std::string mode;  // direct, delegation
  std::optional<std::vector<CertificateIdentityConfiguration>> identities;
  bool operator==(const VnfCertificateConfiguration&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("mode", self.mode);
    f("identities", self.identities);
  }
};

// ---- NS lifecycle (docs/lifecycle.md, "Sequences") ----

// One VNF of an NS to instantiate. The OSS names the VNF instance (`vnf`, unique at the NFVO: the
// VNFCI names <vnf>-<vnfc>-<n> derive from it) and gives its own application id.
struct NsVnfInstantiation {
  std::string vnf;
  std::string oss_app_id;
  std::string vnfd_id;
  std::optional<std::string> package;  // absent: the one package onboarded for vnfd_id
  std::string flavour;                 // deployment flavour id in the VNFD
  // Instances per VNFC (an instantiation level); absent: the flavour's initial counts.
  std::optional<std::map<std::string, long long>> vnfcs;
  std::optional<VnfCertificateConfiguration> certificate_configuration;
  std::optional<std::string> vnfm;  // absent: the NFVO's VNFM for this VNFD
  // The VNF's trust domain (docs/security-manager.md; absent: "default") and the Security
  // Managers its events are hidden from (R2.1.200).
  std::optional<std::string> trust_domain;
  std::optional<std::vector<std::string>> hidden_from;
  bool operator==(const NsVnfInstantiation&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("vnf", self.vnf);
    f("oss_app_id", self.oss_app_id);
    f("vnfd_id", self.vnfd_id);
    f("package", self.package);
    f("flavour", self.flavour);
    f("vnfcs", self.vnfcs);
    f("certificate_configuration", self.certificate_configuration);
    f("vnfm", self.vnfm);
    f("trust_domain", self.trust_domain);
    f("hidden_from", self.hidden_from);
  }
};

// OSS -> NFVO: create and instantiate an NS (IFA 013's create-NS-identifier and instantiate in one
// request; the VNFs are listed inline, there is no NSD catalogue yet). `request_id` is the OSS's,
// unique per OSS, and becomes the operation's correlation id.
struct InstantiateNsRequest {
  static constexpr std::string_view kOperation = operations::kInstantiateNsRequest;
  std::string request_id;
  std::string ns;  // NS instance name, chosen by the OSS, unique at the NFVO
  std::string oss_app_id;
  std::optional<std::string> nsd;  // a label only
  std::vector<NsVnfInstantiation> vnfs;
  bool operator==(const InstantiateNsRequest&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("request_id", self.request_id);
    f("ns", self.ns);
    f("oss_app_id", self.oss_app_id);
    f("nsd", self.nsd);
    f("vnfs", self.vnfs);
  }
};

// One VNF to scale: `aspect` is a VNFC id of its VNFD and one step is one VNFC instance
// (docs/lifecycle.md D5). `steps` is signed so that a negative count decodes and is refused by the
// NFVO with the interface's error instead of a decode failure.
struct NsVnfScaling {
  std::string vnf;
  std::string type;  // SCALE_OUT, SCALE_IN
  std::string aspect;
  long long steps = 1;
  bool operator==(const NsVnfScaling&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("vnf", self.vnf);
    f("type", self.type);
    f("aspect", self.aspect);
    f("steps", self.steps);
  }
};

// OSS -> NFVO: scale an NS: scale VNFs of it (VNFC instances), and, as IFA 013's NS scaling
// does, add whole VNFs to it (instantiated in the same NS operation) and remove VNFs from it
// (terminated) — issue 16, R1.2.120. At least one of the three lists is non-empty.
struct ScaleNsRequest {
  static constexpr std::string_view kOperation = operations::kScaleNsRequest;
  std::string request_id;
  std::string ns;
  std::vector<NsVnfScaling> scale_vnfs;
  std::optional<std::vector<NsVnfInstantiation>> add_vnfs = {};
  std::optional<std::vector<std::string>> remove_vnfs = {};
  bool operator==(const ScaleNsRequest&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("request_id", self.request_id);
    f("ns", self.ns);
    f("scale_vnfs", self.scale_vnfs);
    f("add_vnfs", self.add_vnfs);
    f("remove_vnfs", self.remove_vnfs);
  }
};

// One VNF to heal: the VNFC instances to replace (empty: every one) and why.
struct NsVnfHealing {
  std::string vnf;
  std::vector<std::string> vnfcis;
  std::string cause;
  bool operator==(const NsVnfHealing&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("vnf", self.vnf);
    f("vnfcis", self.vnfcis);
    f("cause", self.cause);
  }
};

// OSS -> NFVO: heal VNFs of an NS.
struct HealNsRequest {
  static constexpr std::string_view kOperation = operations::kHealNsRequest;
  std::string request_id;
  std::string ns;
  std::vector<NsVnfHealing> heal_vnfs;
  bool operator==(const HealNsRequest&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("request_id", self.request_id);
    f("ns", self.ns);
    f("heal_vnfs", self.heal_vnfs);
  }
};

// OSS -> NFVO: terminate an NS and every VNF in it (the NS instance name is then free again).
struct TerminateNsRequest {
  static constexpr std::string_view kOperation = operations::kTerminateNsRequest;
  std::string request_id;
  std::string ns;
  std::optional<std::string> termination_type;  // FORCEFUL (default), GRACEFUL
  std::optional<std::string> reason;
  bool operator==(const TerminateNsRequest&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("request_id", self.request_id);
    f("ns", self.ns);
    f("termination_type", self.termination_type);
    f("reason", self.reason);
  }
};

// The NFVO's immediate answer to an NS LCM request: accepted with the operation occurrence it
// started (its outcome comes as NsLcmOperationOccurrenceNotification), or rejected with the reason
// (unknown NS, VNFD, package or flavour; NS in the wrong state; a scale below zero; a body that
// does not decode names the field). The four responses share this body.
struct NsLcmAcknowledgement {
  std::string request_id;
  std::string ns;
  std::string status;  // accepted, rejected
  std::optional<std::string> occurrence;
  std::optional<std::string> reason;
  bool operator==(const NsLcmAcknowledgement&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("request_id", self.request_id);
    f("ns", self.ns);
    f("status", self.status);
    f("occurrence", self.occurrence);
    f("reason", self.reason);
  }
};

// NFVO -> OSS, the answers of the four NS requests.
struct InstantiateNsResponse : NsLcmAcknowledgement {
  static constexpr std::string_view kOperation = operations::kInstantiateNsResponse;
  bool operator==(const InstantiateNsResponse&) const = default;
};
struct ScaleNsResponse : NsLcmAcknowledgement {
  static constexpr std::string_view kOperation = operations::kScaleNsResponse;
  bool operator==(const ScaleNsResponse&) const = default;
};
struct HealNsResponse : NsLcmAcknowledgement {
  static constexpr std::string_view kOperation = operations::kHealNsResponse;
  bool operator==(const HealNsResponse&) const = default;
};
struct TerminateNsResponse : NsLcmAcknowledgement {
  static constexpr std::string_view kOperation = operations::kTerminateNsResponse;
  bool operator==(const TerminateNsResponse&) const = default;
};

// A VNF an NS operation added, removed or changed.
struct AffectedVnf {
  std::string vnf;
  std::string oss_app_id;
  std::string vnfd_id;
  std::string change;                         // ADDED, REMOVED, MODIFIED
  std::optional<std::string> vnf_occurrence;  // the VNFM's occurrence for this VNF
  bool operator==(const AffectedVnf&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("vnf", self.vnf);
    f("oss_app_id", self.oss_app_id);
    f("vnfd_id", self.vnfd_id);
    f("change", self.change);
    f("vnf_occurrence", self.vnf_occurrence);
  }
};

// NFVO -> the OSS that owns the NS, at each state of an NS operation occurrence: STARTING (request
// accepted), PROCESSING (every VNF operation under way), then COMPLETED, FAILED or ROLLED_BACK
// (with `reason`; nothing the operation created is left). Only NS operations are notified here;
// VNF-level operations the NFVO did not start (auto-heal) stay on Or-Vnfm (docs/lifecycle.md D9).
struct NsLcmOperationOccurrenceNotification {
  static constexpr std::string_view kOperation = operations::kNsLcmOperationOccurrenceNotification;
  std::string id;  // "<nfvo>-ns-notification-N"
  std::string ns;
  std::string occurrence;  // "<nfvo>-ns-op-N"
  std::string operation;   // INSTANTIATE, SCALE, HEAL, TERMINATE
  std::string state;       // STARTING, PROCESSING, COMPLETED, FAILED, ROLLED_BACK
  std::string source;      // OSS (later SECURITY_MANAGER)
  std::string correlation;
  std::optional<std::string> request_id;
  std::optional<std::string> reason;
  std::vector<AffectedVnf> affected_vnfs;  // at the end states
  bool operator==(const NsLcmOperationOccurrenceNotification&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("id", self.id);
    f("ns", self.ns);
    f("occurrence", self.occurrence);
    f("operation", self.operation);
    f("state", self.state);
    f("source", self.source);
    f("correlation", self.correlation);
    f("request_id", self.request_id);
    f("reason", self.reason);
    f("affected_vnfs", self.affected_vnfs);
  }
};

}  // namespace ifa026::actors::messages
