// Comparing what a certificate request asks for with an end entity's bound identity (see
// entity_identity.hpp).
#include "pki/entity_identity.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>
#include <vector>

namespace ifa026::pki {

namespace {

std::vector<std::string> normalized_names(std::vector<std::string> names, bool lower) {
  for (std::string& n : names) {
    if (lower) {
      std::transform(n.begin(), n.end(), n.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    }
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

std::vector<std::string> normalized_ips(const std::vector<std::string>& ips) {
  std::vector<std::string> out;
  for (const std::string& ip : ips) out.push_back(canonical_ip(ip).value_or(ip));
  return normalized_names(std::move(out), true);
}

}  // namespace

EntityIdentity identity_of(const Certificate& certificate) {
  return EntityIdentity{certificate.subject(), certificate.san()};
}

std::optional<std::string> canonical_ip(const std::string& text) {
  unsigned char address[16];
  char buffer[INET6_ADDRSTRLEN] = {};
  if (inet_pton(AF_INET, text.c_str(), address) == 1) {
    if (inet_ntop(AF_INET, address, buffer, sizeof buffer) != nullptr) return std::string(buffer);
  } else if (inet_pton(AF_INET6, text.c_str(), address) == 1) {
    if (inet_ntop(AF_INET6, address, buffer, sizeof buffer) != nullptr) return std::string(buffer);
  }
  return std::nullopt;
}

std::string describe_san(const SubjectAltName& san) {
  std::string out;
  auto add = [&out](const char* type, const std::vector<std::string>& names) {
    for (const std::string& n : names) out += (out.empty() ? "" : ", ") + std::string(type) + n;
  };
  add("DNS:", san.dns);
  add("IP:", san.ip);
  add("URI:", san.uri);
  return out.empty() ? "none" : out;
}

bool same_san(const SubjectAltName& a, const SubjectAltName& b) {
  return normalized_names(a.dns, true) == normalized_names(b.dns, true) &&
         normalized_ips(a.ip) == normalized_ips(b.ip) &&
         normalized_names(a.uri, false) == normalized_names(b.uri, false);
}

std::optional<std::string> identity_mismatch(const EntityIdentity& identity,
                                             const CsrContent& requested, const std::string& who,
                                             bool absent_san_allowed, NameText names) {
  if (!requested.subject.attributes.empty() && !(requested.subject == identity.subject)) {
    return "requested subject " + name_text(requested.subject, names) + " is not the registered " +
           name_text(identity.subject, names) + " of " + who;
  }
  if (absent_san_allowed && requested.san.empty()) return std::nullopt;
  if (!same_san(requested.san, identity.san)) {
    return "requested subjectAltName " + describe_san(requested.san) +
           " is not the one registered for " + who + " (" + describe_san(identity.san) + ")";
  }
  return std::nullopt;
}

}  // namespace ifa026::pki
