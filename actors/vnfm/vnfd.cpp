// VNFD-like descriptors: checking, reading and template substitution (see vnfd.hpp).
#include "actors/vnfm/vnfd.hpp"

#include <exception>
#include <set>

#include "pki/names.hpp"

namespace ifa026::actors::vnfm {
namespace {

using nlohmann::json;

constexpr const char* kUsages[] = {"client", "server", "oam"};

bool known_usage(const std::string& usage) {
  for (const char* u : kUsages)
    if (usage == u) return true;
  return false;
}

// JSON pointer escaping of one reference token (RFC 6901).
std::string token(const std::string& key) {
  std::string out;
  for (char c : key) {
    if (c == '~')
      out += "~0";
    else if (c == '/')
      out += "~1";
    else
      out += c;
  }
  return out;
}

}  // namespace

void check_vnfds(const json& vnfds, std::vector<sim::Diagnostic>& out) {
  auto problem = [&](const std::string& pointer, const std::string& message, bool at_key = false) {
    out.push_back({"", 0, 0, pointer, "vnfds: " + message, at_key});
  };
  if (!vnfds.is_object()) {
    problem("/vnfds", "expected an object of VNFDs by id");
    return;
  }
  for (const auto& [vnfd_id, vnfd] : vnfds.items()) {
    const std::string at = "/vnfds/" + token(vnfd_id);
    if (!vnfd.is_object()) {
      problem(at, vnfd_id + ": expected an object {vnfcs}");
      continue;
    }
    for (const auto& [key, value] : vnfd.items()) {
      (void)value;
      if (key != "vnfcs")
        problem(at + "/" + token(key), "unknown member \"" + key + "\" (vnfcs)", true);
    }
    auto vnfcs = vnfd.find("vnfcs");
    if (vnfcs == vnfd.end() || !vnfcs->is_object() || vnfcs->empty()) {
      problem(at + "/vnfcs", vnfd_id + ": needs a non-empty object of VNFCs by id");
      continue;
    }
    for (const auto& [vnfc_id, vnfc] : vnfcs->items()) {
      const std::string vat = at + "/vnfcs/" + token(vnfc_id);
      if (vnfc_id.empty()) problem(vat, vnfd_id + ": empty VNFC id", true);
      if (!vnfc.is_object()) {
        problem(vat, vnfc_id + ": expected an object {identities}");
        continue;
      }
      for (const auto& [key, value] : vnfc.items()) {
        (void)value;
        if (key != "identities")
          problem(vat + "/" + token(key), "unknown member \"" + key + "\" (identities)", true);
      }
      auto identities = vnfc.find("identities");
      if (identities == vnfc.end()) continue;  // a VNFC without certificates
      if (!identities->is_array()) {
        problem(vat + "/identities", vnfc_id + ": expected an array of identities");
        continue;
      }
      std::set<std::string> names;
      for (std::size_t i = 0; i < identities->size(); ++i) {
        const json& identity = (*identities)[i];
        const std::string iat = vat + "/identities/" + std::to_string(i);
        if (!identity.is_object()) {
          problem(iat, "expected an object {name, usage, subject, dns}");
          continue;
        }
        for (const auto& [key, value] : identity.items()) {
          (void)value;
          if (key != "name" && key != "usage" && key != "subject" && key != "dns")
            problem(iat + "/" + token(key),
                    "unknown member \"" + key + "\" (name, usage, subject, dns)", true);
        }
        auto name = identity.find("name");
        if (name == identity.end() || !name->is_string() || name->get<std::string>().empty()) {
          problem(iat + "/name", "needs a non-empty string name");
        } else if (!names.insert(name->get<std::string>()).second) {
          problem(iat + "/name", "identity name \"" + name->get<std::string>() +
                                     "\" used twice in VNFC " + vnfc_id);
        }
        auto usage = identity.find("usage");
        if (usage == identity.end() || !usage->is_string() ||
            !known_usage(usage->get<std::string>()))
          problem(iat + "/usage", "usage must be client, server or oam");
        auto subject = identity.find("subject");
        if (subject == identity.end() || !subject->is_string()) {
          problem(iat + "/subject", "needs a distinguished name template string");
        } else {
          try {
            (void)pki::DistinguishedName::parse(
                substitute(subject->get<std::string>(), "vnf-1", "vnf-1-" + vnfc_id + "-1"));
          } catch (const std::exception& e) {
            problem(iat + "/subject", std::string("bad distinguished name: ") + e.what());
          }
        }
        if (auto dns = identity.find("dns"); dns != identity.end()) {
          bool ok = dns->is_array();
          if (ok)
            for (const auto& d : *dns)
              if (!d.is_string() || d.get<std::string>().empty()) ok = false;
          if (!ok) problem(iat + "/dns", "expected an array of non-empty strings");
        }
      }
    }
  }
}

VnfdCatalogue read_vnfds(const json& vnfds) {
  VnfdCatalogue catalogue;
  if (!vnfds.is_object()) return catalogue;
  for (const auto& [vnfd_id, vnfd] : vnfds.items()) {
    if (!vnfd.is_object()) continue;
    auto vnfcs = vnfd.find("vnfcs");
    if (vnfcs == vnfd.end() || !vnfcs->is_object()) continue;
    Vnfd out;
    out.id = vnfd_id;
    for (const auto& [vnfc_id, vnfc] : vnfcs->items()) {
      if (!vnfc.is_object() || vnfc_id.empty()) continue;
      VnfcDescriptor descriptor;
      descriptor.id = vnfc_id;
      if (auto identities = vnfc.find("identities");
          identities != vnfc.end() && identities->is_array())
        for (const auto& identity : *identities) {
          if (!identity.is_object()) continue;
          IdentityTemplate t;
          t.name = identity.value("name", std::string());
          t.usage = identity.value("usage", std::string());
          t.subject = identity.value("subject", std::string());
          if (auto dns = identity.find("dns"); dns != identity.end() && dns->is_array())
            for (const auto& d : *dns)
              if (d.is_string()) t.dns.push_back(d.get<std::string>());
          descriptor.identities.push_back(std::move(t));
        }
      out.vnfcs.emplace(vnfc_id, std::move(descriptor));
    }
    catalogue.emplace(vnfd_id, std::move(out));
  }
  return catalogue;
}

std::string substitute(std::string_view text, const std::string& vnf, const std::string& vnfci) {
  static constexpr std::string_view kVnf = "{vnf}";
  static constexpr std::string_view kVnfci = "{vnfci}";
  std::string out;
  out.reserve(text.size() + vnfci.size());
  std::size_t i = 0;
  while (i < text.size()) {
    if (text.substr(i, kVnfci.size()) == kVnfci) {
      out += vnfci;
      i += kVnfci.size();
    } else if (text.substr(i, kVnf.size()) == kVnf) {
      out += vnf;
      i += kVnf.size();
    } else {
      out += text[i++];
    }
  }
  return out;
}

std::vector<VnfciIdentity> instantiate_identities(const VnfcDescriptor& vnfc,
                                                  const std::string& vnf,
                                                  const std::string& vnfci) {
  std::vector<VnfciIdentity> out;
  out.reserve(vnfc.identities.size());
  for (const auto& t : vnfc.identities) {
    VnfciIdentity identity;
    identity.name = t.name;
    identity.usage = t.usage;
    identity.subject = substitute(t.subject, vnf, vnfci);
    for (const auto& d : t.dns) identity.dns.push_back(substitute(d, vnf, vnfci));
    out.push_back(std::move(identity));
  }
  return out;
}

nlohmann::json to_json(const VnfciIdentity& identity) {
  return json{{"name", identity.name},
              {"usage", identity.usage},
              {"subject", identity.subject},
              {"dns", identity.dns}};
}

}  // namespace ifa026::actors::vnfm
