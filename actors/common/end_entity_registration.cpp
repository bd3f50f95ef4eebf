// RegisterEndEntityRequest bodies: building, reading, signing and verifying (see
// end_entity_registration.hpp).
#include "actors/common/end_entity_registration.hpp"

#include <exception>
#include <utility>

#include "actors/common/envelope.hpp"
#include "pki/names.hpp"
#include "sim/time.hpp"

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
  request.signature.reset();
  request.signer = ra_cert.der();
  request.signature = ra_key.sign(json::to_cbor(messages::to_body(request)));
  return request;
}

json registration_body(const EndEntityRegistration& registration) {
  json body = json::object();
  body["identity"] = registration.identity;
  body["subject"] = registration.subject;
  body["dns"] = registration.dns;
  body["reference"] = registration.reference;
  set_bytes(body, "secret", registration.secret);
  body["one_use"] = registration.one_use;
  if (registration.expires) body["expires"] = registration.expires->unix_ns;
  return body;
}

std::optional<EndEntityRegistration> parse_registration(const json& body, std::string* reason) {
  auto fail = [reason](std::string why) -> std::optional<EndEntityRegistration> {
    if (reason) *reason = std::move(why);
    return std::nullopt;
  };
  if (!body.is_object()) return fail("body is not a map");
  EndEntityRegistration r;
  r.identity = get_string(body, "identity");
  if (r.identity.empty()) return fail("no identity");
  r.subject = get_string(body, "subject");
  if (r.subject.empty()) return fail("no subject");
  try {
    if (pki::DistinguishedName::parse(r.subject).attributes.empty())
      return fail("subject is not a distinguished name");
  } catch (const std::exception& e) {
    return fail(std::string("subject: ") + e.what());
  }
  if (auto it = body.find("dns"); it != body.end()) {
    if (!it->is_array()) return fail("dns is not a list");
    for (const auto& name : *it) {
      if (!name.is_string() || name.get_ref<const std::string&>().empty())
        return fail("dns holds a non-string or empty entry");
      r.dns.push_back(name.get<std::string>());
    }
  }
  r.reference = get_string(body, "reference");
  if (r.reference.empty()) return fail("no reference");
  if (auto secret = get_bytes(body, "secret")) {
    r.secret = std::move(*secret);
  } else {
    const std::string text = get_string(body, "secret");
    r.secret.assign(text.begin(), text.end());
  }
  if (r.secret.empty()) return fail("no secret");
  if (auto it = body.find("one_use"); it != body.end()) {
    if (!it->is_boolean()) return fail("one_use is not a boolean");
    r.one_use = it->get<bool>();
  }
  if (auto it = body.find("expires"); it != body.end() && !it->is_null()) {
    if (it->is_number_integer()) {
      r.expires = pki::Instant{it->get<std::int64_t>()};
    } else if (it->is_string()) {
      auto at = sim::parse_utc(it->get<std::string>());
      if (!at) return fail("expires is not an RFC 3339 instant");
      r.expires = pki::Instant{at->unix_ns};
    } else {
      return fail("expires is neither nanoseconds nor an RFC 3339 instant");
    }
  }
  return r;
}

pki::Bytes registration_signed_bytes(const json& body) {
  json unsigned_body = body;
  if (unsigned_body.is_object()) unsigned_body.erase("signature");
  return json::to_cbor(unsigned_body);
}

json sign_registration(json body, const pki::Certificate& ra_cert, const pki::PrivateKey& ra_key) {
  if (!body.is_object()) body = json::object();
  body.erase("signature");
  set_bytes(body, "signer", ra_cert.der());
  const pki::Bytes signature = ra_key.sign(json::to_cbor(body));
  set_bytes(body, "signature", signature);
  return body;
}

std::optional<std::string> verify_registration(const json& body,
                                               std::optional<pki::Certificate>* signer) {
  if (!body.is_object()) return "body is not a map";
  auto signer_der = get_bytes(body, "signer");
  if (!signer_der) return "no signer certificate";
  auto signature = get_bytes(body, "signature");
  if (!signature || signature->empty()) return "no signature";
  std::optional<pki::Certificate> certificate;
  try {
    certificate = pki::Certificate::from_der(*signer_der);
  } catch (const pki::DecodeError& e) {
    return std::string("malformed signer certificate: ") + e.what();
  }
  bool valid = false;
  try {
    valid = certificate->public_key().verify(registration_signed_bytes(body), *signature);
  } catch (const std::exception& e) {
    return std::string("signature check failed: ") + e.what();
  }
  if (!valid) return "signature does not verify";
  if (signer) *signer = std::move(certificate);
  return std::nullopt;
}

}  // namespace ifa026::actors
