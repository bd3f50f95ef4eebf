// VNFD-like descriptors for the VNFM's VNF lifecycle (docs/direct-mode.md): per VNFD the VNFCs,
// and per VNFC the identities each of its instances needs (client, server, OAM), with subject and
// SAN templates in which {vnf} and {vnfci} stand for the VNF instance and VNFCI names.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "sim/diagnostic.hpp"

namespace ifa026::actors::vnfm {

struct IdentityTemplate {
  std::string name;   // unique within its VNFC, e.g. "client"
  std::string usage;  // "client", "server" or "oam"
  std::string subject;
  std::vector<std::string> dns;
};

struct VnfcDescriptor {
  std::string id;
  std::vector<IdentityTemplate> identities;  // in descriptor order
};

struct Vnfd {
  std::string id;
  std::map<std::string, VnfcDescriptor> vnfcs;  // by VNFC id (defined iteration order)
};

using VnfdCatalogue = std::map<std::string, Vnfd>;

// One identity of a VNFCI: the template with {vnf} and {vnfci} replaced.
struct VnfciIdentity {
  std::string name;
  std::string usage;
  std::string subject;
  std::vector<std::string> dns;
};

// Appends a diagnostic per problem of the `vnfds` parameter (pointers "/vnfds/...").
void check_vnfds(const nlohmann::json& vnfds, std::vector<sim::Diagnostic>& out);
// Reads a `vnfds` parameter that check_vnfds accepted (what it would report is skipped).
VnfdCatalogue read_vnfds(const nlohmann::json& vnfds);

// `text` with every {vnf} and {vnfci} replaced.
std::string substitute(std::string_view text, const std::string& vnf, const std::string& vnfci);
std::vector<VnfciIdentity> instantiate_identities(const VnfcDescriptor& vnfc,
                                                  const std::string& vnf, const std::string& vnfci);

// {"name", "usage", "subject", "dns"} as in the LCM notification and query bodies.
nlohmann::json to_json(const VnfciIdentity& identity);

}  // namespace ifa026::actors::vnfm
