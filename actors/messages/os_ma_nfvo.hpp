// Messages of Os-Ma-Nfvo and the relays behind it (docs/mano-certificates.md): the OSS configures a
// registered entity's certificate parameters through the NFVO; each relay (NFVO on Or-Vnfm, Or-Vi,
// Or-Wi, CISM-SI, CIR-SI; VNFM on Vi-Vnfm) passes the same body on with the next hop taken off
// `via`. C.4.x.2 pre-condition.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "actors/messages/cmf1.hpp"
#include "actors/messages/codec.hpp"
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

}  // namespace ifa026::actors::messages
