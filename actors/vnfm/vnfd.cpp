// VNFD-like descriptors: checking, reading and template substitution (see vnfd.hpp).
#include "actors/vnfm/vnfd.hpp"

#include <cctype>
#include <exception>
#include <functional>
#include <set>

#include "actors/messages/lcm_vocabulary.hpp"
#include "pki/names.hpp"
#include "sim/param_rules.hpp"
#include "sim/time.hpp"

namespace ifa026::actors::vnfm {
namespace {

using nlohmann::json;

constexpr const char* kVnfdUsages[] = {"client", "server", "oam"};
// Spelled as in messages/lcm_vocabulary.hpp.
constexpr const char* kModeDirectText = lcm::kModeDirect;
constexpr const char* kModeDelegationText = lcm::kModeDelegation;
constexpr const char* kCertificationVnfciText = lcm::kCertificationVnfci;
constexpr const char* kCertificationOamText = lcm::kCertificationOam;

bool known_usage(const std::string& usage) {
  for (const char* u : kVnfdUsages)
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

namespace {

// A non-negative integer, or a problem at `at`.
bool count_value(const json& value) {
  return value.is_number_integer() && value.get<long long>() >= 0;
}

void check_flavours(const json& flavours, const json& vnfcs, const std::string& at,
                    const Problem& problem) {
  if (!flavours.is_object() || flavours.empty()) {
    problem(at, "flavours: expected a non-empty object of deployment flavours by id", false);
    return;
  }
  for (const auto& [flavour_id, flavour] : flavours.items()) {
    const std::string fat = at + "/" + sim::escape_pointer_token(flavour_id);
    if (flavour_id.empty()) problem(fat, "flavours: empty flavour id", true);
    if (!flavour.is_object()) {
      problem(fat, flavour_id + ": expected an object {vnfcs}", false);
      continue;
    }
    for (const auto& [key, value] : flavour.items()) {
      (void)value;
      if (key != "vnfcs")
        problem(fat + "/" + sim::escape_pointer_token(key),
                "unknown member \"" + key + "\" (vnfcs)", true);
    }
    auto counts = flavour.find("vnfcs");
    if (counts == flavour.end() || !counts->is_object()) {
      problem(fat + "/vnfcs", flavour_id + ": needs an object of instance counts by VNFC", false);
      continue;
    }
    for (const auto& [vnfc_id, c] : counts->items()) {
      const std::string cat = fat + "/vnfcs/" + sim::escape_pointer_token(vnfc_id);
      if (!vnfcs.is_object() || !vnfcs.contains(vnfc_id))
        problem(cat, "flavour " + flavour_id + " names VNFC \"" + vnfc_id + "\" the VNFD lacks",
                true);
      if (!c.is_object()) {
        problem(cat, vnfc_id + ": expected an object {initial, min, max}", false);
        continue;
      }
      bool numbers = true;
      for (const auto& [key, value] : c.items()) {
        const std::string kat = cat + "/" + sim::escape_pointer_token(key);
        if (key != "initial" && key != "min" && key != "max") {
          problem(kat, "unknown member \"" + key + "\" (initial, min, max)", true);
        } else if (!count_value(value)) {
          problem(kat, key + ": expected an integer, zero or more", false);
          numbers = false;
        }
      }
      if (!numbers) continue;
      const long long initial = c.value("initial", 0LL);
      const long long min = c.value("min", 0LL);
      if (min > initial)
        problem(cat + "/min",
                "min " + std::to_string(min) + " exceeds initial " + std::to_string(initial),
                false);
      if (auto max = c.find("max"); max != c.end()) {
        if (max->get<long long>() < initial)
          problem(cat + "/max",
                  "max " + std::to_string(max->get<long long>()) + " is below initial " +
                      std::to_string(initial),
                  false);
        if (max->get<long long>() < 1) problem(cat + "/max", "max must be at least 1", false);
      }
    }
  }
}

void check_compute(const json& compute, const std::string& at, const Problem& problem) {
  if (!compute.is_object()) {
    problem(at, "compute: expected an object {vcpus, memory_mb}", false);
    return;
  }
  for (const auto& [key, value] : compute.items()) {
    const std::string kat = at + "/" + sim::escape_pointer_token(key);
    if (key != "vcpus" && key != "memory_mb")
      problem(kat, "unknown member \"" + key + "\" (vcpus, memory_mb)", true);
    else if (!value.is_number_integer() || value.get<long long>() < 1)
      problem(kat, key + ": expected an integer, at least 1", false);
  }
}

}  // namespace

void check_vnfds(const json& vnfds, std::vector<sim::Diagnostic>& out) {
  if (!vnfds.is_object()) {
    out.push_back({"", 0, 0, "/vnfds", "vnfds: expected an object of VNFDs by id", false});
    return;
  }
  for (const auto& [vnfd_id, vnfd] : vnfds.items())
    check_vnfd(vnfd_id, vnfd, "/vnfds/" + sim::escape_pointer_token(vnfd_id), "vnfds: ", out);
}

void check_vnfd(const std::string& vnfd_id, const json& vnfd, const std::string& at,
                const std::string& prefix, std::vector<sim::Diagnostic>& out) {
  auto problem = [&](const std::string& pointer, const std::string& message, bool at_key = false) {
    out.push_back({"", 0, 0, pointer, prefix + message, at_key});
  };
  {
    if (!vnfd.is_object()) {
      problem(at, vnfd_id + ": expected an object {vnfcs}");
      return;
    }
    for (const auto& [key, value] : vnfd.items()) {
      const std::string kat = at + "/" + sim::escape_pointer_token(key);
      if (key == "certificate_mode") {
        if (value != kModeDirectText && value != kModeDelegationText)
          problem(kat, "certificate_mode: expected \"direct\" or \"delegation\"");
      } else if (key == "auto_heal") {
        if (!value.is_boolean()) problem(kat, "auto_heal: expected true or false");
      } else if (key == "delegated_install") {
        // Delegation mode (issue 17, docs/delegation-mode.md): how VNFCI credentials are installed.
        if (value != "instantiation" && value != "configuration" && value != "hsm")
          problem(kat,
                  "delegated_install: expected \"instantiation\", \"configuration\" or \"hsm\"");
      } else if (key == "security_policy_required") {
        // Read by the NFVO (R2.1.30, docs/security-manager.md): the VNF waits for a Semi-Active
        // SM's policy before it is instantiated.
        if (!value.is_boolean()) problem(kat, "security_policy_required: expected true or false");
      } else if (key == "flavours") {
        check_flavours(value, vnfd.value("vnfcs", json()), kat, problem);
      } else if (key != "vnfcs") {
        problem(kat,
                "unknown member \"" + key +
                    "\" (vnfcs, certificate_mode, delegated_install, auto_heal, flavours, "
                    "security_policy_required)",
                true);
      }
    }
    auto vnfcs = vnfd.find("vnfcs");
    if (vnfcs == vnfd.end() || !vnfcs->is_object() || vnfcs->empty()) {
      problem(at + "/vnfcs", vnfd_id + ": needs a non-empty object of VNFCs by id");
      return;
    }
    for (const auto& [vnfc_id, vnfc] : vnfcs->items()) {
      const std::string vat = at + "/vnfcs/" + sim::escape_pointer_token(vnfc_id);
      if (vnfc_id.empty()) problem(vat, vnfd_id + ": empty VNFC id", true);
      if (!vnfc.is_object()) {
        problem(vat, vnfc_id + ": expected an object {identities}");
        continue;
      }
      for (const auto& [key, value] : vnfc.items()) {
        const std::string kat = vat + "/" + sim::escape_pointer_token(key);
        if (key == "deployment") {
          if (value != kDeploymentVm && value != kDeploymentContainer)
            problem(kat, "deployment: expected \"vm\" or \"container\"");
        } else if (key == "compute") {
          check_compute(value, kat, problem);
        } else if (key == "image") {
          if (!value.is_string() || value.get_ref<const std::string&>().empty())
            problem(kat, "image: expected a non-empty label");
        } else if (key != "identities" && key != "secure_bootstrap") {
          problem(kat,
                  "unknown member \"" + key +
                      "\" (identities, secure_bootstrap, deployment, compute, image)",
                  true);
        }
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
          if (key == "certification_type") {
            if (value != kCertificationVnfciText && value != kCertificationOamText)
              problem(iat + "/certification_type",
                      "certification_type: expected \"vnfci\" or \"oam\"");
          } else if (key != "name" && key != "usage" && key != "subject" && key != "dns") {
            problem(
                iat + "/" + sim::escape_pointer_token(key),
                "unknown member \"" + key + "\" (name, usage, subject, dns, certification_type)",
                true);
          }
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

Vnfd read_vnfd(const std::string& vnfd_id, const json& vnfd) {
  Vnfd out;
  out.id = vnfd_id;
  if (!vnfd.is_object()) return out;
  if (auto mode = vnfd.find("certificate_mode"); mode != vnfd.end() && mode->is_string())
    out.certificate_mode = mode->get<std::string>();
  if (auto install = vnfd.find("delegated_install"); install != vnfd.end() && install->is_string())
    out.delegated_install = install->get<std::string>();
  if (auto heal = vnfd.find("auto_heal"); heal != vnfd.end() && heal->is_boolean())
    out.auto_heal = heal->get<bool>();
  auto vnfcs = vnfd.find("vnfcs");
  if (vnfcs == vnfd.end() || !vnfcs->is_object()) return out;
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
        t.certification_type = identity.value(
            "certification_type",
            std::string(t.usage == "oam" ? kCertificationOamText : kCertificationVnfciText));
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
            for (char& c : hex) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            bootstrap.measurements[name] = hex;
          }
      descriptor.secure_bootstrap = std::move(bootstrap);
    }
    if (auto d = vnfc.find("deployment"); d != vnfc.end() && d->is_string())
      descriptor.deployment = d->get<std::string>();
    if (auto c = vnfc.find("compute"); c != vnfc.end() && c->is_object()) {
      descriptor.compute.vcpus = c->value("vcpus", descriptor.compute.vcpus);
      descriptor.compute.memory_mb = c->value("memory_mb", descriptor.compute.memory_mb);
    }
    descriptor.image = vnfc.value("image", std::string());
    out.vnfcs.emplace(vnfc_id, std::move(descriptor));
  }
  if (auto flavours = vnfd.find("flavours"); flavours != vnfd.end() && flavours->is_object())
    for (const auto& [flavour_id, flavour] : flavours->items()) {
      Flavour f;
      if (auto counts = flavour.find("vnfcs"); counts != flavour.end() && counts->is_object())
        for (const auto& [vnfc_id, c] : counts->items()) {
          if (!c.is_object()) continue;
          VnfcCounts n;
          n.initial = c.value("initial", 0LL);
          n.min = c.value("min", 0LL);
          if (auto max = c.find("max"); max != c.end() && max->is_number_integer())
            n.max = max->get<long long>();
          f.vnfcs[vnfc_id] = n;
        }
      out.flavours.emplace(flavour_id, std::move(f));
    }
  return out;
}

VnfdCatalogue read_vnfds(const json& vnfds) {
  VnfdCatalogue catalogue;
  if (!vnfds.is_object()) return catalogue;
  for (const auto& [vnfd_id, vnfd] : vnfds.items()) {
    if (!vnfd.is_object()) continue;
    auto vnfcs = vnfd.find("vnfcs");
    if (vnfcs == vnfd.end() || !vnfcs->is_object()) continue;
    catalogue.emplace(vnfd_id, read_vnfd(vnfd_id, vnfd));
  }
  return catalogue;
}

VnfcCounts Flavour::counts(const std::string& vnfc) const {
  auto it = vnfcs.find(vnfc);
  return it == vnfcs.end() ? VnfcCounts{} : it->second;
}

std::optional<Flavour> Vnfd::flavour(const std::string& id) const {
  if (flavours.empty()) {
    if (!id.empty() && id != kDefaultFlavour) return std::nullopt;
    Flavour f;
    for (const auto& [vnfc, descriptor] : vnfcs) f.vnfcs[vnfc] = VnfcCounts{1, 0, std::nullopt};
    return f;
  }
  if (id.empty()) {
    if (flavours.size() == 1) return flavours.begin()->second;
    auto it = flavours.find(kDefaultFlavour);
    if (it != flavours.end()) return it->second;
    return std::nullopt;
  }
  auto it = flavours.find(id);
  if (it == flavours.end()) return std::nullopt;
  return it->second;
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
