// A VNFCI's disk (see vnfci_disk.hpp): one entry "identity/<name>" of JSON per installed
// identity, DER and keys in base64.
#include "actors/vnfci/vnfci_disk.hpp"

#include <nlohmann/json.hpp>

#include "actors/messages/decisions.hpp"
#include "actors/messages/detail_keys.hpp"
#include "pki/base64.hpp"

namespace ifa026::actors::vnfci {

namespace keys = detail_keys;

namespace {
constexpr const char* kPrefix = "identity/";
}  // namespace

void VnfciDisk::save(const std::string& name) {
  sim::DurableStore* disk = context().durable();
  if (disk == nullptr) return;
  const Identity& id = state_.identities.at(name);
  if (!id.certificate || id.key_der.empty()) {
    disk->erase(kPrefix + name);
    return;
  }
  json entry = {{"flow", id.flow},
                {"subject", id.subject},
                {"dns", id.dns},
                {"ca", id.ca},
                {"anchor", pki::to_base64(anchor_for(id).der())},
                {"renew_before_ns", id.renew_before.ns()},
                {"certificate", pki::to_base64(id.certificate->der())},
                {"key", pki::to_base64(id.key_der)},
                {"renewals", id.renewals},
                {"rotations", id.rotations},
                {"cmf", state_.cmf}};
  disk->put(kPrefix + name, entry.dump());
}

std::size_t VnfciDisk::restore() {
  sim::DurableStore* disk = context().durable();
  if (disk == nullptr) return 0;
  std::size_t restored = 0;
  for (const auto& [key, text] : disk->entries()) {
    if (key.rfind(kPrefix, 0) != 0) continue;
    const std::string name = key.substr(std::string(kPrefix).size());
    const json entry = json::parse(text);
    const auto anchor = pki::Certificate::from_der(
        pki::decode_base64(entry["anchor"].get<std::string>(), "VNFCI disk"));
    std::uint32_t index = 0;
    while (index < state_.anchors.size() && !(state_.anchors[index] == anchor)) ++index;
    if (index == state_.anchors.size()) state_.anchors.push_back(anchor);
    Identity& id = state_.identities[name];
    id.flow = entry["flow"].get<std::string>();
    id.subject = entry["subject"].get<std::string>();
    id.dns = entry["dns"].get<std::vector<std::string>>();
    id.ca = entry["ca"].get<std::string>();
    id.anchor = index;
    id.renew_before = Duration::nanoseconds(entry["renew_before_ns"].get<std::int64_t>());
    id.certificate = pki::Certificate::from_der(
        pki::decode_base64(entry["certificate"].get<std::string>(), "VNFCI disk"));
    id.key_der = pki::decode_base64(entry["key"].get<std::string>(), "VNFCI disk");
    id.renewals = entry["renewals"].get<std::uint32_t>();
    id.rotations = entry["rotations"].get<std::uint32_t>();
    if (state_.cmf.empty()) state_.cmf = entry["cmf"].get<std::string>();
    trace({.operation = decisions::kCertificateRestored,
           .outcome = outcomes::kOk,
           .peer = id.ca,
           .detail = about(name)
                         .add(keys::kSerial, id.certificate->serial_hex())
                         .add(keys::kNotAfter, sim::format_utc(sim::UtcInstant{
                                                   id.certificate->not_after().unix_ns}))});
    ++restored;
  }
  return restored;
}

}  // namespace ifa026::actors::vnfci
