// RegisterEndEntityRequest bodies: building, reading, signing and verifying (see
// end_entity_registration.hpp).
#include "actors/common/end_entity_registration.hpp"

#include <exception>
#include <utility>

#include <nlohmann/json.hpp>

#include "pki/names.hpp"

namespace ifa026::actors {

using nlohmann::json;

messages::RegisterEndEntityRequest registration_request(const EndEntityRegistration& registration,
                                                        std::uint64_t exchange) {
  messages::RegisterEndEntityRequest request;
  request.exchange = exchange;
  request.identity = registration.identity;
  request.subject = registration.subject;
  request.dns = registration.dns;
  request.reference = registration.reference;
  request.secret = registration.secret;
  request.one_use = registration.one_use;
  if (registration.expires) request.expires = registration.expires->unix_ns;
  return request;
}

messages::RegisterEndEntityRequest sign_registration(messages::RegisterEndEntityRequest request,
                                                     const pki::Certificate& ra_cert,
                                                     const pki::PrivateKey& ra_key) {
  request.signer = ra_cert.der();
  request.signature = ra_key.sign(registration_signed_bytes(request));
  return request;
}

std::optional<EndEntityRegistration> parse_registration(
    const messages::RegisterEndEntityRequest& request, std::string* reason) {
  auto fail = [reason](std::string why) -> std::optional<EndEntityRegistration> {
    if (reason) *reason = std::move(why);
    return std::nullopt;
  };
  EndEntityRegistration r;
  r.identity = request.identity;
  if (r.identity.empty()) return fail("no identity");
  r.subject = request.subject;
  if (r.subject.empty()) return fail("no subject");
  try {
    if (pki::DistinguishedName::parse(r.subject).attributes.empty())
      return fail("subject is not a distinguished name");
  } catch (const std::exception& e) {
    return fail(std::string("subject: ") + e.what());
  }
  for (const auto& name : request.dns)
    if (name.empty()) return fail("dns holds an empty entry");
  r.dns = request.dns;
  r.reference = request.reference;
  if (r.reference.empty()) return fail("no reference");
  r.secret = request.secret;
  if (r.secret.empty()) return fail("no secret");
  r.one_use = request.one_use;
  if (request.expires) r.expires = pki::Instant{*request.expires};
  return r;
}

pki::Bytes registration_signed_bytes(const messages::RegisterEndEntityRequest& request) {
  messages::RegisterEndEntityRequest unsigned_request = request;
  unsigned_request.signature.reset();
  return json::to_cbor(messages::to_body(unsigned_request));
}

std::optional<std::string> verify_registration(const messages::RegisterEndEntityRequest& request,
                                               std::optional<pki::Certificate>* signer) {
  if (!request.signer) return "no signer certificate";
  if (!request.signature || request.signature->empty()) return "no signature";
  std::optional<pki::Certificate> certificate;
  try {
    certificate = pki::Certificate::from_der(*request.signer);
  } catch (const pki::DecodeError& e) {
    return std::string("malformed signer certificate: ") + e.what();
  }
  bool valid = false;
  try {
    valid =
        certificate->public_key().verify(registration_signed_bytes(request), *request.signature);
  } catch (const std::exception& e) {
    return std::string("signature check failed: ") + e.what();
  }
  if (!valid) return "signature does not verify";
  if (signer) *signer = std::move(certificate);
  return std::nullopt;
}

}  // namespace ifa026::actors
