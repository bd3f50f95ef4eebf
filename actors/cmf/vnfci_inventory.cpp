// The CMF's VNFCI inventory in direct mode (see vnfci_inventory.hpp).
#include "actors/cmf/vnfci_inventory.hpp"

#include <algorithm>
#include <cctype>
#include <initializer_list>
#include <nlohmann/json.hpp>

#include "pki/base64.hpp"

namespace ifa026::actors::cmf {
namespace {

std::string upper(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

}  // namespace

std::optional<VnfciInventory::SerialKey> VnfciInventory::serial_key(std::string_view hex) {
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  SerialKey key;
  if (hex.empty() || (hex.size() + 1) / 2 > key.octets.size()) return std::nullopt;
  // An odd number of digits has an implicit leading zero (serial_hex drops leading zeros).
  std::size_t at = 0;
  bool high = hex.size() % 2 == 0;
  for (char c : hex) {
    const int v = nibble(c);
    if (v < 0) return std::nullopt;
    if (high) {
      key.octets[at] = static_cast<std::uint8_t>(v << 4);
    } else {
      key.octets[at++] |= static_cast<std::uint8_t>(v);
    }
    high = !high;
  }
  key.length = static_cast<std::uint8_t>(at);
  return key;
}

std::string to_string(VnfciState state) {
  switch (state) {
    case VnfciState::registering:
      return "registering";
    case VnfciState::configured:
      return "configured";
    case VnfciState::failed:
      return "failed";
    case VnfciState::removed:
      return "removed";
  }
  return "registering";
}

std::string to_string(EndEntityState state) {
  switch (state) {
    case EndEntityState::pending:
      return "pending";
    case EndEntityState::registered:
      return "registered";
    case EndEntityState::rejected:
      return "rejected";
    case EndEntityState::failed:
      return "failed";
  }
  return "pending";
}

VnfciCertificate* VnfciIdentity::current() {
  for (auto it = certificates.rbegin(); it != certificates.rend(); ++it)
    if (it->state == CertificateState::current) return &*it;
  return nullptr;
}

const VnfciCertificate* VnfciIdentity::current() const {
  for (auto it = certificates.rbegin(); it != certificates.rend(); ++it)
    if (it->state == CertificateState::current) return &*it;
  return nullptr;
}

VnfciCertificate* VnfciIdentity::find_serial(const std::string& serial) {
  const std::string key = upper(serial);
  for (auto& c : certificates)
    if (c.serial == key) return &c;
  return nullptr;
}

VnfciIdentity* VnfciRecord::identity(const std::string& name) {
  for (auto& i : identities)
    if (i.name == name) return &i;
  return nullptr;
}

std::size_t VnfciRecord::pending_registrations() const {
  return static_cast<std::size_t>(std::count_if(
      identities.begin(), identities.end(),
      [](const VnfciIdentity& i) { return i.registration == EndEntityState::pending; }));
}

VnfciRecord* VnfciInventory::find(const std::string& vnfci) {
  auto it = records_.find(vnfci);
  return it == records_.end() ? nullptr : &it->second;
}

const VnfciRecord* VnfciInventory::find(const std::string& vnfci) const {
  auto it = records_.find(vnfci);
  return it == records_.end() ? nullptr : &it->second;
}

bool VnfciInventory::add(VnfciRecord record) {
  const std::string key = record.vnfci;
  return records_.emplace(key, std::move(record)).second;
}

bool VnfciInventory::add_certificate(VnfciRecord& record, VnfciIdentity& identity,
                                     VnfciCertificate certificate) {
  certificate.serial = upper(certificate.serial);
  const auto key = serial_key(certificate.serial);
  if (!key || identity.find_serial(certificate.serial) != nullptr) return false;
  auto position = std::find_if(record.identities.begin(), record.identities.end(),
                               [&](const VnfciIdentity& i) { return &i == &identity; });
  if (position == record.identities.end()) return false;  // not this record's identity
  for (auto& c : identity.certificates)
    if (c.state == CertificateState::current) c.state = CertificateState::superseded;
  serials_[*key] = {&record, static_cast<std::uint32_t>(position - record.identities.begin())};
  identity.certificates.push_back(std::move(certificate));
  return true;
}

std::optional<std::pair<VnfciRecord*, VnfciIdentity*>> VnfciInventory::find_serial(
    const std::string& serial) {
  const auto key = serial_key(serial);
  if (!key) return std::nullopt;
  auto it = serials_.find(*key);
  if (it == serials_.end()) return std::nullopt;
  VnfciRecord* record = it->second.first;
  if (it->second.second >= record->identities.size()) return std::nullopt;
  return std::make_pair(record, &record->identities[it->second.second]);
}

bool VnfciInventory::mark_revoked(const std::string& serial) {
  auto found = find_serial(serial);
  if (!found) return false;
  VnfciCertificate* c = found->second->find_serial(serial);
  if (c == nullptr || c->state == CertificateState::revoked) return false;
  c->state = CertificateState::revoked;
  return true;
}

std::size_t VnfciInventory::drop_expired_superseded_der(
    pki::Instant now, const std::function<bool(const std::string&)>& revoking) {
  std::size_t dropped = 0;
  for (auto& [name, record] : records_) {
    for (auto& identity : record.identities) {
      for (auto& c : identity.certificates) {
        if (c.state != CertificateState::superseded || c.revocation_requested || !c.certificate ||
            c.not_after.unix_ns > now.unix_ns || (revoking && revoking(c.serial)))
          continue;
        c.certificate.reset();
        ++dropped;
      }
    }
  }
  return dropped;
}

}  // namespace ifa026::actors::cmf

// ---- What a restarted CMF keeps (cmf_disk.hpp) ----

namespace ifa026::actors::cmf {

namespace {

template <class Enum>
Enum enum_named(const std::string& text, std::initializer_list<Enum> values, Enum fallback) {
  for (Enum value : values)
    if (to_string(value) == text) return value;
  return fallback;
}

}  // namespace

nlohmann::json VnfciInventory::to_json() const {
  nlohmann::json records = nlohmann::json::array();
  for (const auto& [name, r] : records_) {
    nlohmann::json identities = nlohmann::json::array();
    for (const auto& id : r.identities) {
      nlohmann::json identity = {{"name", id.name},
                                 {"usage", id.usage},
                                 {"subject", id.subject},
                                 {"dns", id.dns},
                                 {"ca", id.ca},
                                 {"registration", to_string(id.registration)},
                                 {"registration_attempts", id.registration_attempts}};
      if (id.credential)
        identity["credential"] = {{"reference", id.credential->reference},
                                  {"secret", pki::to_base64(id.credential->secret)},
                                  {"one_use", id.credential->one_use},
                                  {"expires_ns", id.credential->expires.ns()},
                                  {"used", id.credential->used}};
      nlohmann::json certificates = nlohmann::json::array();
      for (const auto& c : id.certificates) {
        nlohmann::json certificate = {{"serial", c.serial},
                                      {"not_after_ns", c.not_after.unix_ns},
                                      {"state", to_string(c.state)},
                                      {"alarm", c.expiry_alarm_raised}};
        if (c.certificate) certificate["der"] = pki::to_base64(c.certificate->der());
        certificates.push_back(std::move(certificate));
      }
      identity["certificates"] = std::move(certificates);
      identities.push_back(std::move(identity));
    }
    records.push_back({{"vnfci", r.vnfci},
                       {"vnf", r.vnf},
                       {"vnfc", r.vnfc},
                       {"vnfm", r.vnfm},
                       {"discovered_by", r.discovered_by},
                       {"state", to_string(r.state)},
                       {"identities", std::move(identities)}});
  }
  return records;
}

void VnfciInventory::restore(const nlohmann::json& saved) {
  records_.clear();
  serials_.clear();
  for (const auto& entry : saved) {
    VnfciRecord record;
    record.vnfci = entry.at("vnfci").get<std::string>();
    record.vnf = entry.at("vnf").get<std::string>();
    record.vnfc = entry.at("vnfc").get<std::string>();
    record.vnfm = entry.at("vnfm").get<std::string>();
    record.discovered_by = entry.at("discovered_by").get<std::string>();
    record.state = enum_named(
        entry.at("state").get<std::string>(),
        {VnfciState::registering, VnfciState::configured, VnfciState::failed, VnfciState::removed},
        VnfciState::registering);
    for (const auto& saved_identity : entry.at("identities")) {
      VnfciIdentity identity;
      identity.name = saved_identity.at("name").get<std::string>();
      identity.usage = saved_identity.at("usage").get<std::string>();
      identity.subject = saved_identity.at("subject").get<std::string>();
      identity.dns = saved_identity.at("dns").get<std::vector<std::string>>();
      identity.ca = saved_identity.at("ca").get<std::string>();
      identity.registration = enum_named(saved_identity.at("registration").get<std::string>(),
                                         {EndEntityState::pending, EndEntityState::registered,
                                          EndEntityState::rejected, EndEntityState::failed},
                                         EndEntityState::pending);
      identity.registration_attempts = saved_identity.at("registration_attempts").get<int>();
      if (saved_identity.contains("credential")) {
        const auto& c = saved_identity["credential"];
        auto credential = std::make_shared<InitialCredential>();
        credential->reference = c.at("reference").get<std::string>();
        credential->secret = pki::decode_base64(c.at("secret").get<std::string>(), "CMF disk");
        credential->one_use = c.at("one_use").get<bool>();
        credential->expires = sim::Time::from_ns(c.at("expires_ns").get<std::int64_t>());
        credential->used = c.at("used").get<bool>();
        identity.credential = std::move(credential);
      }
      record.identities.push_back(std::move(identity));
    }
    const std::string name = record.vnfci;
    add(std::move(record));
    VnfciRecord& kept = records_.at(name);
    // The certificates through add_certificate (it indexes their serials), then their states.
    std::size_t index = 0;
    for (const auto& saved_identity : entry.at("identities")) {
      VnfciIdentity& identity = kept.identities[index++];
      for (const auto& c : saved_identity.at("certificates")) {
        VnfciCertificate certificate;
        certificate.serial = c.at("serial").get<std::string>();
        certificate.not_after = pki::Instant{c.at("not_after_ns").get<std::int64_t>()};
        certificate.expiry_alarm_raised = c.at("alarm").get<bool>();
        if (c.contains("der"))
          certificate.certificate = pki::Certificate::from_der(
              pki::decode_base64(c.at("der").get<std::string>(), "CMF disk"));
        add_certificate(kept, identity, std::move(certificate));
      }
      std::size_t position = 0;
      for (const auto& c : saved_identity.at("certificates"))
        identity.certificates[position++].state =
            certificate_state_of(c.at("state").get<std::string>());
    }
  }
}

}  // namespace ifa026::actors::cmf
