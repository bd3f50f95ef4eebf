// Names in certificates and requests: distinguished names ("CN=vnfm-1.example.net,O=Operator,C=FR")
// and subjectAltName entries (DNS names, IP addresses, URIs).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ifa026::pki {

struct DistinguishedName {
  // In order, e.g. {{"C","FR"},{"O","Operator"},{"CN","vnfm-1"}}; attribute types CN, O, OU, C,
  // ST, L (others are rejected).
  std::vector<std::pair<std::string, std::string>> attributes;

  // Parses "CN=a,O=b" (RFC 4514 order as written; "\," escapes a comma). Throws PkiError naming
  // the bad part.
  static DistinguishedName parse(std::string_view text);
  std::string to_string() const;
  // The first CN, or "".
  std::string common_name() const;
  bool operator==(const DistinguishedName&) const = default;
};

struct SubjectAltName {
  std::vector<std::string> dns;
  std::vector<std::string> ip;  // textual IPv4 or IPv6
  std::vector<std::string> uri;
  bool empty() const { return dns.empty() && ip.empty() && uri.empty(); }
  bool operator==(const SubjectAltName&) const = default;
};

}  // namespace ifa026::pki
