// The CMF's VNFCI inventory in direct mode (see vnfci_inventory.hpp).
#include "actors/cmf/vnfci_inventory.hpp"

#include <algorithm>
#include <cctype>

namespace ifa026::actors::cmf {
namespace {

std::string upper(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

}  // namespace

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
  if (identity.find_serial(certificate.serial) != nullptr) return false;
  for (auto& c : identity.certificates)
    if (c.state == CertificateState::current) c.state = CertificateState::superseded;
  serials_[certificate.serial] = {record.vnfci, identity.name};
  identity.certificates.push_back(std::move(certificate));
  return true;
}

std::optional<std::pair<VnfciRecord*, VnfciIdentity*>> VnfciInventory::find_serial(
    const std::string& serial) {
  auto it = serials_.find(upper(serial));
  if (it == serials_.end()) return std::nullopt;
  VnfciRecord* record = find(it->second.first);
  if (record == nullptr) return std::nullopt;
  VnfciIdentity* identity = record->identity(it->second.second);
  if (identity == nullptr) return std::nullopt;
  return std::make_pair(record, identity);
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
