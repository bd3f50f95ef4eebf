// Messages of CA-1 (docs/mano-certificates.md, docs/direct-mode.md): the CMP PKIMessages between
// the CMF (as RA) or a VNFCI and the CA, each carried in an envelope named after its CMP body,
// and direct mode's registration of a VNFCI identity with its initial credential at the CA
// (C.2.1.1 #2). Plain messages: CMP protects itself, the registration is signed.
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

// Client <-> CA: one CMP PKIMessage. The operation is the PKIBody's RFC 4210 name ("ir", "ip",
// "p10cr", "cp", "kur", "kup", "rr", "rp", "certConf", "pkiConf", "error", ...). The client always
// numbers its request (`exchange`); the CA echoes the number when the request had one.
struct CmpMessage {
  std::optional<std::uint64_t> exchange;
  pki::Bytes der;  // the PKIMessage
  // --- runs (Q2): the end entity an RA enrols or revokes for (`<vnfci>/<identity>`), named next
  // to the PKIMessage by a delegating CMF so that the CA records it; absent otherwise.
  std::optional<std::string> end_entity = std::nullopt;

  // The CMP body names pki::cmp_body_name knows.
  static bool accepts(std::string_view operation);
  bool operator==(const CmpMessage&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("exchange", self.exchange);
    f("der", self.der);
    f("end_entity", self.end_entity);
  }
};

// CMF (RA) -> CA (C.2.1.1 #2). Signed (actors/common/end_entity_registration.hpp): `signature` is
// the RA key's signature over the CBOR of this body without `signature` (`signer` included), so
// build it without the signature, sign to_body(), then set it. The CA also accepts `secret` as a
// text string and `expires` as RFC 3339 text (not sent by any actor).
struct RegisterEndEntityRequest {
  static constexpr std::string_view kOperation = operations::kRegisterEndEntityRequest;
  std::uint64_t exchange = 0;  // ties the response to the request
  std::string identity;        // e.g. "vnf-1-fw-ctl-1/client"
  std::string subject;         // DN text
  std::vector<std::string> dns;
  std::string reference;  // the initial credential's reference (CMP senderKID)
  pki::Bytes secret;
  bool one_use = true;
  std::optional<std::int64_t> expires;  // ns since 1970-01-01T00:00:00Z; absent: no limit
  std::optional<pki::Bytes> signer;     // the RA certificate (DER)
  std::optional<pki::Bytes> signature;
  bool operator==(const RegisterEndEntityRequest&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("exchange", self.exchange);
    f("identity", self.identity);
    f("subject", self.subject);
    f("dns", self.dns);
    f("reference", self.reference);
    f("secret", self.secret);
    f("one_use", self.one_use);
    f("expires", self.expires);
    f("signer", self.signer);
    f("signature", self.signature);
  }
};

// CA -> CMF. `exchange` echoed when the request had one; `reason` only when not empty.
struct RegisterEndEntityResponse {
  static constexpr std::string_view kOperation = operations::kRegisterEndEntityResponse;
  std::optional<std::uint64_t> exchange;
  std::string status;  // registered, rejected
  std::optional<std::string> reason;
  std::string identity;
  std::string reference;
  bool operator==(const RegisterEndEntityResponse&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("exchange", self.exchange);
    f("status", self.status);
    f("reason", self.reason);
    f("identity", self.identity);
    f("reference", self.reference);
  }
};

}  // namespace ifa026::actors::messages
