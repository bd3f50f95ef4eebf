// The RegisterEndEntityRequest of direct mode (docs/direct-mode.md, C.2.1.1 step 2): an RA (the
// CMF) registers a VNFCI identity and its initial credential at the CA, and signs the request with
// its RA key so the CA knows who asks. Shared by the CMF (builds and signs) and the CA (verifies
// and reads).
//
// Signature, exactly: `signature` (CBOR byte string) = PrivateKey::sign(nlohmann::json::to_cbor(B))
// where B is the request body object without its "signature" member, `signer` (the RA
// certificate, DER byte string) included. nlohmann's objects are ordered by key, so the bytes do
// not depend on how the body was built, and they survive the envelope's CBOR round trip (byte
// strings stay byte strings, integers keep their encoding). Sign last: every member, `exchange`
// included, is covered.
//
// The RA builds the request (registration_request, then sign_registration); the CA decodes the
// struct (actors/messages/ca1.hpp), checks the signature over its canonical body
// (verify_registration) and reads what it registers (parse_registration). A body that does not
// decode as the struct (e.g. `secret` as text) is a malformed message, refused before either runs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "actors/messages/ca1.hpp"
#include "pki/bytes.hpp"
#include "pki/certificate.hpp"
#include "pki/key.hpp"

namespace ifa026::actors {

// What a registration says (the body's members, without exchange, signer and signature).
struct EndEntityRegistration {
  std::string identity;  // e.g. "vnf-1-fw-ctl-1/client"
  std::string subject;   // DN text, e.g. "CN=fw-ctl-1.vnf-1.example.net,O=Operator"
  std::vector<std::string> dns;
  std::string reference;                // the initial credential's reference (CMP senderKID)
  pki::Bytes secret;                    // its secret (travels as a text or byte string)
  bool one_use = true;                  // default when absent
  std::optional<pki::Instant> expires;  // refused at or after; absent: no lifetime limit
};

// The request for `registration` with exchange number `exchange`, unsigned.
messages::RegisterEndEntityRequest registration_request(const EndEntityRegistration& registration,
                                                        std::uint64_t exchange);
// `request` with `signer` = the RA certificate's DER and `signature` over the rest (the CBOR of
// to_body() without `signature`).
messages::RegisterEndEntityRequest sign_registration(messages::RegisterEndEntityRequest request,
                                                     const pki::Certificate& ra_cert,
                                                     const pki::PrivateKey& ra_key);

// Reads what a decoded request registers; nullopt and `reason` when a member is empty or the
// subject is not a distinguished name.
std::optional<EndEntityRegistration> parse_registration(
    const messages::RegisterEndEntityRequest& request, std::string* reason = nullptr);

// The bytes the signature covers: the CBOR of to_body(request) without `signature`.
pki::Bytes registration_signed_bytes(const messages::RegisterEndEntityRequest& request);

// Checks that `request` carries a well-formed `signer` certificate and a `signature` that verifies
// under its public key; nullopt when it does (then `*signer` is set, when given), else why not.
// Whether the signer may act as RA (issuer, validity, revocation, RA status) is the caller's check.
std::optional<std::string> verify_registration(const messages::RegisterEndEntityRequest& request,
                                               std::optional<pki::Certificate>* signer = nullptr);

}  // namespace ifa026::actors
