// Messages of CMF-VNFCI (docs/direct-mode.md): the CMF hands a VNFC instance the certificate
// configuration of its identities (C.2.1.1 #3, C.2.1.2/C.2.1.3 #5, the renewal condition of
// C.2.1.4 #0), and the VNFCI reports each certificate it installs. Day-0 TLS (for an attested VNFCI
// keyed with the attestation-derived PSK).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "actors/messages/codec.hpp"
#include "actors/messages/operations.hpp"
#include "pki/bytes.hpp"

namespace ifa026::actors::messages {

// One identity to enrol at the CA with its initial credential. The VNFCI reads each entry on its
// own (LenientVnfciIdentity below: a bad entry refuses that identity only).
struct VnfciIdentityConfiguration {
  std::string name;
  std::string usage;    // client, server, oam
  std::string subject;  // DN text
  std::vector<std::string> dns;
  std::string ca;         // the CA actor to enrol at
  std::string reference;  // initial credential reference (CMP senderKID)
  pki::Bytes secret;
  pki::Bytes trust_anchor;                   // the CA's root (DER)
  std::string renew_before;                  // duration text (C.2.1.4 #0)
  std::optional<std::string> validity_hint;  // duration text, when the CMF has one
  bool operator==(const VnfciIdentityConfiguration&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("name", self.name);
    f("usage", self.usage);
    f("subject", self.subject);
    f("dns", self.dns);
    f("ca", self.ca);
    f("reference", self.reference);
    f("secret", self.secret);
    f("trust_anchor", self.trust_anchor);
    f("renew_before", self.renew_before);
    f("validity_hint", self.validity_hint);
  }
};

// C.2.1.3 #5: the HSM the VNFCI's HMEE uses and the root its TLS certificate chains to.
struct HsmAssignment {
  std::string name;  // actor
  pki::Bytes vendor_root;
  bool operator==(const HsmAssignment&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("name", self.name);
    f("vendor_root", self.vendor_root);
  }
};

// CMF -> VNFCI. The VNFCI reads flow, identities and hsm (LenientVnfciConfiguration below; vnf,
// vnfci and cmf it does not read).
struct VnfciCertificateConfiguration {
  static constexpr std::string_view kOperation = operations::kVnfciCertificateConfiguration;
  std::string vnf;
  std::string vnfci;
  std::string cmf;
  std::string flow;  // C.2.1.1, C.2.1.2, C.2.1.3
  std::vector<VnfciIdentityConfiguration> identities;
  std::optional<HsmAssignment> hsm;  // C.2.1.3 only
  // Set when the identities replace those the VNFCI holds, whose certificates were revoked for
  // this reason ("cACompromise": the CA's key was compromised; docs/robustness.md).
  std::optional<std::string> reprovision;
  bool operator==(const VnfciCertificateConfiguration&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("vnf", self.vnf);
    f("vnfci", self.vnfci);
    f("cmf", self.cmf);
    f("flow", self.flow);
    f("identities", self.identities);
    f("hsm", self.hsm);
    f("reprovision", self.reprovision);
  }
};

// What the VNFCI reads of a VnfciCertificateConfiguration (the CMF sends the struct above): every
// member may be absent (no flow: C.2.1.1); the identities stay opaque here and are decoded one by
// one as LenientVnfciIdentity, so that a bad entry refuses that identity only; the hsm is decoded
// as an HsmAssignment for C.2.1.3 only.
struct LenientVnfciConfiguration {
  static constexpr std::string_view kOperation = operations::kVnfciCertificateConfiguration;
  std::optional<std::string> flow;
  std::optional<std::vector<nlohmann::json>> identities;
  std::optional<nlohmann::json> hsm;
  std::optional<std::string> reprovision;
  bool operator==(const LenientVnfciConfiguration&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("flow", self.flow);
    f("identities", self.identities);
    f("hsm", self.hsm);
    f("reprovision", self.reprovision);
  }
};

// One entry of a configuration's `identities` as the VNFCI reads it: what it needs may be absent
// (it says which is missing), `dns` is a list of names or one name, `secret` a byte string or text;
// `usage` and `validity_hint` it does not read.
struct LenientVnfciIdentity {
  std::optional<std::string> name;
  std::optional<std::string> subject;
  std::optional<nlohmann::json> dns;
  std::optional<std::string> ca;
  std::optional<std::string> reference;
  std::optional<nlohmann::json> secret;
  std::optional<pki::Bytes> trust_anchor;
  std::optional<std::string> renew_before;
  bool operator==(const LenientVnfciIdentity&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("name", self.name);
    f("subject", self.subject);
    f("dns", self.dns);
    f("ca", self.ca);
    f("reference", self.reference);
    f("secret", self.secret);
    f("trust_anchor", self.trust_anchor);
    f("renew_before", self.renew_before);
  }
};

// VNFCI -> CMF after every installation, so the CMF's inventory can revoke it later.
struct VnfciCertificateReport {
  static constexpr std::string_view kOperation = operations::kVnfciCertificateReport;
  std::string identity;
  pki::Bytes certificate;  // DER
  std::string purpose;     // enrolment, renewal, rotation
  bool operator==(const VnfciCertificateReport&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("identity", self.identity);
    f("certificate", self.certificate);
    f("purpose", self.purpose);
  }
};

}  // namespace ifa026::actors::messages
