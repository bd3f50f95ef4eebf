// NS descriptors and their security extension (see snsd_descriptor.hpp).
#include "actors/common/snsd_descriptor.hpp"

#include <map>
#include <set>

#include "pki/bytes.hpp"

namespace ifa026::actors {
namespace {

using nlohmann::json;

std::string text_of(const json& j, const char* key) {
  if (!j.is_object()) return "";
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

std::vector<std::string> strings_of(const json& j, const char* key) {
  std::vector<std::string> out;
  if (!j.is_object()) return out;
  auto it = j.find(key);
  if (it == j.end() || !it->is_array()) return out;
  for (const auto& item : *it)
    if (item.is_string()) out.push_back(item.get<std::string>());
  return out;
}

const json& array_of(const json& j, const char* key) {
  static const json empty = json::array();
  if (!j.is_object()) return empty;
  auto it = j.find(key);
  return it != j.end() && it->is_array() ? *it : empty;
}

// Profile pairs joined by a virtual link, both directions.
std::set<std::pair<std::string, std::string>> linked_pairs(const json& nsd) {
  std::set<std::pair<std::string, std::string>> pairs;
  for (const auto& vl : array_of(nsd, "virtual_links")) {
    const auto ends = strings_of(vl, "connects");
    for (std::size_t i = 0; i < ends.size(); ++i)
      for (std::size_t k = 0; k < ends.size(); ++k)
        if (i != k) pairs.insert({ends[i], ends[k]});
  }
  return pairs;
}

}  // namespace

std::string descriptor_digest(const json& descriptor) {
  const std::string text = descriptor.dump();
  const auto* data = reinterpret_cast<const std::uint8_t*>(text.data());
  return pki::to_hex(pki::sha256(pki::ByteView(data, text.size())));
}

json build_snsd(const json& nsd, const json& security) {
  json snsd = nsd;
  snsd["security"] = security;
  return snsd;
}

std::vector<std::string> snsd_design_problems(const json& snsd) {
  std::vector<std::string> problems;
  if (!snsd.is_object() || !snsd.contains("security") || !snsd["security"].is_object())
    return {"no security section"};
  const json& security = snsd["security"];
  for (const char* part : {"zones", "vsfs", "connectivity"})
    if (!security.contains(part) || !security[part].is_array() || security[part].empty())
      problems.push_back(std::string("security.") + part + " missing or empty");
  std::set<std::string> profiles;
  for (const auto& p : array_of(snsd, "vnf_profiles"))
    if (auto id = text_of(p, "id"); !id.empty()) profiles.insert(id);
  std::map<std::string, std::string> zone_of;  // profile -> zone
  std::set<std::string> zones;
  for (const auto& z : array_of(security, "zones")) {
    const std::string zone = text_of(z, "id");
    if (zone.empty() || !zones.insert(zone).second) {
      problems.push_back("zone without an id or repeated: " + z.dump());
      continue;
    }
    for (const auto& member : strings_of(z, "vnf_profiles")) {
      if (!profiles.contains(member))
        problems.push_back("zone " + zone + " names unknown VNF profile " + member);
      else if (auto [it, fresh] = zone_of.emplace(member, zone); !fresh)
        problems.push_back("VNF profile " + member + " in zones " + it->second + " and " + zone);
    }
  }
  for (const auto& p : profiles)
    if (!zone_of.contains(p)) problems.push_back("VNF profile " + p + " in no zone");
  std::set<std::string> vsfs;
  for (const auto& v : array_of(security, "vsfs")) {
    const std::string id = text_of(v, "id");
    if (id.empty() || text_of(v, "vnfd_id").empty())
      problems.push_back("VSF without id or vnfd_id: " + v.dump());
    else
      vsfs.insert(id);
  }
  const auto linked = linked_pairs(snsd);
  std::set<std::string> connected;
  for (const auto& c : array_of(security, "connectivity")) {
    const std::string vsf = text_of(c, "vsf");
    const auto between = strings_of(c, "between");
    const auto protects = strings_of(c, "protects");
    if (!vsfs.contains(vsf)) {
      problems.push_back("connectivity names unknown VSF \"" + vsf + "\"");
      continue;
    }
    connected.insert(vsf);
    if (between.size() != 2 || between[0] == between[1] || !zones.contains(between[0]) ||
        !zones.contains(between[1])) {
      problems.push_back("VSF " + vsf + " not between two known zones");
      continue;
    }
    if (protects.empty()) problems.push_back("VSF " + vsf + " protects no VNF profile");
    for (const auto& p : protects) {
      auto zone = zone_of.find(p);
      if (zone == zone_of.end() || zone->second != between[1]) {
        problems.push_back("VSF " + vsf + " protects " + p + ", not in zone " + between[1]);
        continue;
      }
      bool on_traffic = false;
      for (const auto& [a, b] : linked)
        if (b == p && zone_of.contains(a) && zone_of.at(a) == between[0]) on_traffic = true;
      if (!on_traffic)
        problems.push_back("VSF " + vsf + " sits on no virtual link from zone " + between[0] +
                           " to " + p);
    }
  }
  for (const auto& v : vsfs)
    if (!connected.contains(v)) problems.push_back("VSF " + v + " has no connectivity");
  return problems;
}

std::vector<SnsdVsfLink> snsd_vsf_links(const json& snsd) {
  std::vector<SnsdVsfLink> links;
  if (!snsd.is_object() || !snsd.contains("security")) return links;
  const json& security = snsd["security"];
  std::map<std::string, std::string> vnfd_of;
  for (const auto& v : array_of(security, "vsfs"))
    vnfd_of[text_of(v, "id")] = text_of(v, "vnfd_id");
  std::map<std::string, std::string> zone_of;
  for (const auto& z : array_of(security, "zones"))
    for (const auto& member : strings_of(z, "vnf_profiles")) zone_of[member] = text_of(z, "id");
  const auto linked = linked_pairs(snsd);
  for (const auto& c : array_of(security, "connectivity")) {
    const std::string vsf = text_of(c, "vsf");
    const auto between = strings_of(c, "between");
    if (!vnfd_of.contains(vsf) || vnfd_of[vsf].empty() || between.size() != 2) continue;
    for (const auto& p : strings_of(c, "protects"))
      for (const auto& [a, b] : linked)
        if (b == p && zone_of.contains(a) && zone_of[a] == between[0]) {
          links.push_back({vsf, vnfd_of[vsf], a, p});
          break;
        }
  }
  return links;
}

}  // namespace ifa026::actors
