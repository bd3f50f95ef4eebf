// VNFD-like descriptors: checking, reading and template substitution (see vnfd.hpp).
#include "actors/vnfm/vnfd.hpp"

#include <cctype>
#include <exception>
#include <functional>
#include <set>

#include "pki/names.hpp"
#include "sim/param_rules.hpp"
#include "sim/time.hpp"

namespace ifa026::actors::vnfm {
namespace {

using nlohmann::json;

constexpr const char* kUsages[] = {"client", "server", "oam"};

bool known_usage(const std::string& usage) {
  for (const char* u : kUsages)
    if (usage == u) return true;
  return false;
}

bool sha256_hex(const json& value) {
  if (!value.is_string() || value.get_ref<const std::string&>().size() != 64) return false;
  for (char c : value.get_ref<const std::string&>())
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

using Problem = std::function<void(const std::string&, const std::string&, bool)>;

void check_secure_bootstrap(const json& bootstrap, const std::string& at, const Problem& problem) {
  if (!bootstrap.is_object()) {
    problem(at, "secure_bootstrap: expected an object {attestation, hsm, measurements, ...}",
            false);
    return;
  }
  for (const auto& [key, value] : bootstrap.items()) {
    const std::string kat = at + "/" + sim::escape_pointer_token(key);
    if (key == "attestation" || key == "hsm_signs_csr") {
      if (!value.is_boolean()) problem(kat, key + ": expected true or false", false);
    } else if (key == "hsm") {
      if (!value.is_string() || value.get_ref<const std::string&>().empty())
        problem(kat, "hsm: expected the HSM actor's name", false);
    } else if (key == "key_rotation") {
      auto d = value.is_string() ? sim::parse_duration(value.get<std::string>()) : std::nullopt;
      if (!d || d->ns() <= 0)
        problem(kat, "key_rotation: expected a duration such as \"1h\"", false);
    } else if (key == "measurements") {
      if (!value.is_object() || value.empty()) {
        problem(kat, "measurements: expected a non-empty object {name: sha256 hex}", false);
        continue;
      }
      for (const auto& [name, digest] : value.items())
        if (name.empty() || !sha256_hex(digest))
          problem(kat + "/" + sim::escape_pointer_token(name),
                  "measurements: a name and 64 hex digits", false);
    } else {
      problem(kat,
              "unknown member \"" + key +
                  "\" (attestation, hsm, measurements, hsm_signs_csr, key_rotation)",
              true);
    }
  }
  if (!bootstrap.contains("measurements"))
    problem(at, "secure_bootstrap: \"measurements\" (what a genuine instance measures) is missing",
            false);
  if (bootstrap.value("attestation", true) != true)
    problem(at + "/attestation",
            "secure_bootstrap: only attested bootstrapping is modelled (attestation: true)", false);
  if (!bootstrap.value("hsm", json()).is_string() &&
      (bootstrap.contains("hsm_signs_csr") || bootstrap.contains("key_rotation")))
    problem(at, "secure_bootstrap: hsm_signs_csr and key_rotation need an hsm", false);
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
    const std::string at = "/vnfds/" + sim::escape_pointer_token(vnfd_id);
    if (!vnfd.is_object()) {
      problem(at, vnfd_id + ": expected an object {vnfcs}");
      continue;
    }
    for (const auto& [key, value] : vnfd.items()) {
      (void)value;
      if (key != "vnfcs")
        problem(at + "/" + sim::escape_pointer_token(key), "unknown member \"" + key + "\" (vnfcs)",
                true);
    }
    auto vnfcs = vnfd.find("vnfcs");
    if (vnfcs == vnfd.end() || !vnfcs->is_object() || vnfcs->empty()) {
      problem(at + "/vnfcs", vnfd_id + ": needs a non-empty object of VNFCs by id");
      continue;
    }
    for (const auto& [vnfc_id, vnfc] : vnfcs->items()) {
      const std::string vat = at + "/vnfcs/" + sim::escape_pointer_token(vnfc_id);
      if (vnfc_id.empty()) problem(vat, vnfd_id + ": empty VNFC id", true);
      if (!vnfc.is_object()) {
        problem(vat, vnfc_id + ": expected an object {identities}");
        continue;
      }
      for (const auto& [key, value] : vnfc.items()) {
        (void)value;
        if (key != "identities" && key != "secure_bootstrap")
          problem(vat + "/" + sim::escape_pointer_token(key),
                  "unknown member \"" + key + "\" (identities, secure_bootstrap)", true);
      }
      if (auto bootstrap = vnfc.find("secure_bootstrap"); bootstrap != vnfc.end())
        check_secure_bootstrap(*bootstrap, vat + "/secure_bootstrap", problem);
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
            problem(iat + "/" + sim::escape_pointer_token(key),
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
      if (auto b = vnfc.find("secure_bootstrap"); b != vnfc.end() && b->is_object()) {
        SecureBootstrap bootstrap;
        bootstrap.attestation = b->value("attestation", true);
        bootstrap.hsm = b->value("hsm", std::string());
        bootstrap.hsm_signs_csr = b->value("hsm_signs_csr", false);
        bootstrap.key_rotation = b->value("key_rotation", std::string());
        if (auto m = b->find("measurements"); m != b->end() && m->is_object())
          for (const auto& [name, digest] : m->items())
            if (digest.is_string()) {
              std::string hex = digest.get<std::string>();
              for (char& c : hex)
                c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
              bootstrap.measurements[name] = hex;
            }
        descriptor.secure_bootstrap = std::move(bootstrap);
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

}  // namespace ifa026::actors::vnfm
