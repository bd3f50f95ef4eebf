// VNFD-like descriptors for the VNFM's VNF lifecycle (docs/direct-mode.md): per VNFD the VNFCs,
// and per VNFC the identities each of its instances needs (client, server, OAM), with subject and
// SAN templates in which {vnf} and {vnfci} stand for the VNF instance and VNFCI names, and whether
// its instances bootstrap securely (remote attestation in an HMEE, C.2.1.2; an HSM, C.2.1.3).
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "actors/messages/cm_vnfm.hpp"
#include "sim/diagnostic.hpp"

namespace ifa026::actors::vnfm {

struct IdentityTemplate {
  std::string name;   // unique within its VNFC, e.g. "client"
  std::string usage;  // "client", "server" or "oam"
  std::string subject;
  std::vector<std::string> dns;
};

// A VNFC's `secure_bootstrap`: its instances run in an HMEE and are remotely attested (C.2.1.2),
// optionally with key pairs from an HSM (C.2.1.3).
struct SecureBootstrap {
  bool attestation = true;
  std::string hsm;  // the HSM actor ("": none)
  // What a genuine instance measures: name -> SHA-256 as 64 lower-case hex digits, by name.
  std::map<std::string, std::string> measurements;
  bool hsm_signs_csr = false;  // C.2.1.3 #10-#12
  std::string key_rotation;    // duration text ("": no rotation), C.2.1.3 note 4
};

struct VnfcDescriptor {
  std::string id;
  std::vector<IdentityTemplate> identities;  // in descriptor order
  std::optional<SecureBootstrap> secure_bootstrap;
};

struct Vnfd {
  std::string id;
  std::map<std::string, VnfcDescriptor> vnfcs;  // by VNFC id (defined iteration order)
};

using VnfdCatalogue = std::map<std::string, Vnfd>;

// One identity of a VNFCI: the template with {vnf} and {vnfci} replaced, as the LCM
// notifications and query answers carry it.
using VnfciIdentity = messages::VnfciIdentityDescription;

// Appends a diagnostic per problem of the `vnfds` parameter (pointers "/vnfds/...").
void check_vnfds(const nlohmann::json& vnfds, std::vector<sim::Diagnostic>& out);
// Reads a `vnfds` parameter that check_vnfds accepted (what it would report is skipped).
VnfdCatalogue read_vnfds(const nlohmann::json& vnfds);

// `text` with every {vnf} and {vnfci} replaced.
std::string substitute(std::string_view text, const std::string& vnf, const std::string& vnfci);
std::vector<VnfciIdentity> instantiate_identities(const VnfcDescriptor& vnfc,
                                                  const std::string& vnf, const std::string& vnfci);

}  // namespace ifa026::actors::vnfm
