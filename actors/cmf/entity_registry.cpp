// The CMF's registry of entities and their certificate inventory (see entity_registry.hpp).
#include "actors/cmf/entity_registry.hpp"

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
