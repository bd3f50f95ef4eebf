// The CMF's registry of entities and their certificate inventory (see entity_registry.hpp).
#include "actors/cmf/entity_registry.hpp"

#include <stdexcept>

#include "pki/base64.hpp"

namespace ifa026::actors::cmf {

std::string to_string(CertificateState state) {
  switch (state) {
    case CertificateState::current:
      return "current";
    case CertificateState::superseded:
      return "superseded";
    case CertificateState::revoked:
      return "revoked";
  }
  return "current";
}

IssuedCertificate* Registration::current() {
  for (auto it = certificates.rbegin(); it != certificates.rend(); ++it)
    if (it->state == CertificateState::current) return &*it;
  return nullptr;
}

const IssuedCertificate* Registration::current() const {
  for (auto it = certificates.rbegin(); it != certificates.rend(); ++it)
    if (it->state == CertificateState::current) return &*it;
  return nullptr;
}

IssuedCertificate* Registration::find_serial(const std::string& serial) {
  for (auto& c : certificates)
    if (c.serial == serial) return &c;
  return nullptr;
}

Registration& EntityRegistry::upsert(const std::string& entity) {
  Registration& r = registrations_[entity];
  r.entity = entity;
  return r;
}

Registration* EntityRegistry::find(const std::string& entity) {
  auto it = registrations_.find(entity);
  return it == registrations_.end() ? nullptr : &it->second;
}

Registration* EntityRegistry::find_by_reference(const std::string& reference) {
  if (reference.empty()) return nullptr;
  for (auto& [name, r] : registrations_)
    if (r.credential && r.credential->reference == reference) return &r;
  return nullptr;
}

Registration* EntityRegistry::find_by_serial(const std::string& serial) {
  for (auto& [name, r] : registrations_)
    if (r.find_serial(serial) != nullptr) return &r;
  return nullptr;
}

std::optional<std::string> EntityRegistry::fqdn_owner(const std::string& fqdn,
                                                      const std::string& entity) const {
  for (const auto& [name, r] : registrations_)
    if (name != entity && r.fqdn == fqdn) return name;
  return std::nullopt;
}

std::uint64_t EntityRegistry::next_credential_number(const std::string& entity) {
  return ++credential_numbers_[entity];
}

void EntityRegistry::add_certificate(Registration& registration, IssuedCertificate certificate) {
  for (auto& c : registration.certificates)
    if (c.state == CertificateState::current) c.state = CertificateState::superseded;
  certificate.state = CertificateState::current;
  registration.certificates.push_back(std::move(certificate));
}

}  // namespace ifa026::actors::cmf

// ---- What a restarted CMF keeps (cmf_disk.hpp) ----

namespace ifa026::actors::cmf {

CertificateState certificate_state_of(const std::string& text) {
  if (text == "superseded") return CertificateState::superseded;
  if (text == "revoked") return CertificateState::revoked;
  return CertificateState::current;
}

namespace {

pki::Bytes base64_bytes(const nlohmann::json& value) {
  return pki::decode_base64(value.get<std::string>(), "CMF disk");
}

}  // namespace

nlohmann::json EntityRegistry::to_json() const {
  nlohmann::json registrations = nlohmann::json::array();
  for (const auto& [name, r] : registrations_) {
    nlohmann::json entry = {
        {"entity", r.entity},     {"kind", r.kind},
        {"fqdn", r.fqdn},         {"ca", r.ca},
        {"consumer", r.consumer}, {"nonce", pki::to_base64(r.attestation_nonce)}};
    if (r.credential)
      entry["credential"] = {{"reference", r.credential->reference},
                             {"secret", pki::to_base64(r.credential->secret)},
                             {"one_use", r.credential->one_use},
                             {"expires_ns", r.credential->expires.ns()},
                             {"used", r.credential->used}};
    nlohmann::json certificates = nlohmann::json::array();
    for (const auto& c : r.certificates)
      certificates.push_back({{"serial", c.serial},
                              {"not_after_ns", c.not_after.unix_ns},
                              {"der", pki::to_base64(c.der)},
                              {"purpose", c.purpose},
                              {"ca", c.ca},
                              {"state", to_string(c.state)},
                              {"alarm", c.expiry_alarm_raised}});
    entry["certificates"] = std::move(certificates);
    registrations.push_back(std::move(entry));
  }
  return {{"registrations", std::move(registrations)}, {"credential_numbers", credential_numbers_}};
}

void EntityRegistry::restore(const nlohmann::json& saved) {
  registrations_.clear();
  for (const auto& entry : saved.at("registrations")) {
    Registration& r = upsert(entry.at("entity").get<std::string>());
    r.kind = entry.at("kind").get<std::string>();
    r.fqdn = entry.at("fqdn").get<std::string>();
    r.ca = entry.at("ca").get<std::string>();
    r.consumer = entry.at("consumer").get<std::string>();
    r.attestation_nonce = base64_bytes(entry.at("nonce"));
    if (entry.contains("credential")) {
      const auto& c = entry["credential"];
      InitialCredential credential;
      credential.reference = c.at("reference").get<std::string>();
      credential.secret = base64_bytes(c.at("secret"));
      credential.one_use = c.at("one_use").get<bool>();
      credential.expires = sim::Time::from_ns(c.at("expires_ns").get<std::int64_t>());
      credential.used = c.at("used").get<bool>();
      r.credential = std::move(credential);
    }
    for (const auto& c : entry.at("certificates")) {
      IssuedCertificate certificate;
      certificate.serial = c.at("serial").get<std::string>();
      certificate.not_after = pki::Instant{c.at("not_after_ns").get<std::int64_t>()};
      certificate.der = base64_bytes(c.at("der"));
      certificate.purpose = c.at("purpose").get<std::string>();
      certificate.ca = c.at("ca").get<std::string>();
      certificate.state = certificate_state_of(c.at("state").get<std::string>());
      certificate.expiry_alarm_raised = c.at("alarm").get<bool>();
      r.certificates.push_back(std::move(certificate));
    }
  }
  credential_numbers_ = saved.at("credential_numbers").get<std::map<std::string, std::uint64_t>>();
}

}  // namespace ifa026::actors::cmf
