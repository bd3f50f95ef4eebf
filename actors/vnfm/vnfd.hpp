// VNFD-like descriptors for the VNFM's VNF lifecycle (docs/direct-mode.md): per VNFD the VNFCs,
// and per VNFC the identities each of its instances needs (client, server, OAM), with subject and
// SAN templates in which {vnf} and {vnfci} stand for the VNF instance and VNFCI names, and whether
// its instances bootstrap securely (remote attestation in an HMEE, C.2.1.2; an HSM, C.2.1.3).
// The lifecycle chain's additions (docs/lifecycle.md, "The VNFD additions"): the VNF's certificate
// mode, auto-heal, deployment flavours with instance counts, and per VNFC its deployment (VM or
// container), compute capacity, image and per identity its certification type. Every addition is
// optional with a default, so a descriptor without them reads as before.
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
  // "vnfci" or "oam" (default: "oam" when usage is oam, else "vnfci").
  std::string certification_type;
  bool operator==(const IdentityTemplate&) const = default;
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
  bool operator==(const SecureBootstrap&) const = default;
};

// What one instance of a VNFC needs (VNFD `compute`; default 1 vCPU, 1024 MB).
struct ComputeNeed {
  long long vcpus = 1;
  long long memory_mb = 1024;
  bool operator==(const ComputeNeed&) const = default;
};

inline constexpr const char* kDeploymentVm = "vm";                // through the VIM (default)
inline constexpr const char* kDeploymentContainer = "container";  // through the CISM

struct VnfcDescriptor {
  std::string id;
  std::vector<IdentityTemplate> identities;  // in descriptor order
  std::optional<SecureBootstrap> secure_bootstrap;
  std::string deployment = kDeploymentVm;
  ComputeNeed compute;
  std::string image;  // a label ("": none)
  bool operator==(const VnfcDescriptor&) const = default;
};

// Instance counts of one VNFC in a deployment flavour (max absent: unbounded).
struct VnfcCounts {
  long long initial = 0;
  long long min = 0;
  std::optional<long long> max;
  bool operator==(const VnfcCounts&) const = default;
};
struct Flavour {
  std::map<std::string, VnfcCounts> vnfcs;  // a VNFC the flavour does not list: 0, 0, unbounded
  bool operator==(const Flavour&) const = default;
  VnfcCounts counts(const std::string& vnfc) const;
};

inline constexpr const char* kDefaultFlavour = "default";

struct Vnfd {
  std::string id;
  std::map<std::string, VnfcDescriptor> vnfcs;  // by VNFC id (defined iteration order)
  std::string certificate_mode = "direct";      // direct, delegation (5.2.3.1-b)
  // Delegation mode (issue 17): how VNFCI credentials are installed: "instantiation" (C.2.2.3),
  // "configuration" (C.2.2.4.6) or "hsm" (C.2.2.2.7 + C.2.2.4.7). OAM always at instantiation.
  std::string delegated_install = "instantiation";
  bool auto_heal = true;
  // By flavour id; a VNFD without flavours has one, "default": every VNFC initial 1, min 0.
  std::map<std::string, Flavour> flavours;
  bool operator==(const Vnfd&) const = default;
  // The flavour `id`, or nullopt when the VNFD has no such one. Without flavours the VNFD has
  // "default" (every VNFC initial 1, min 0); "" names "default", or the only flavour there is.
  std::optional<Flavour> flavour(const std::string& id) const;
};

using VnfdCatalogue = std::map<std::string, Vnfd>;

// One identity of a VNFCI: the template with {vnf} and {vnfci} replaced, as the LCM
// notifications and query answers carry it.
using VnfciIdentity = messages::VnfciIdentityDescription;

// Appends a diagnostic per problem of the `vnfds` parameter (pointers "/vnfds/...").
void check_vnfds(const nlohmann::json& vnfds, std::vector<sim::Diagnostic>& out);
// One VNFD `vnfd` (id `vnfd_id`) at JSON pointer `at`, messages prefixed with `prefix` (the
// VNFD an InstantiateVnfRequest carries: at "/vnfd", prefix "vnfd: ").
void check_vnfd(const std::string& vnfd_id, const nlohmann::json& vnfd, const std::string& at,
                const std::string& prefix, std::vector<sim::Diagnostic>& out);
// Reads a `vnfds` parameter that check_vnfds accepted (what it would report is skipped).
VnfdCatalogue read_vnfds(const nlohmann::json& vnfds);
// Reads one VNFD that check_vnfd accepted.
Vnfd read_vnfd(const std::string& vnfd_id, const nlohmann::json& vnfd);

// `text` with every {vnf} and {vnfci} replaced.
std::string substitute(std::string_view text, const std::string& vnf, const std::string& vnfci);
std::vector<VnfciIdentity> instantiate_identities(const VnfcDescriptor& vnfc,
                                                  const std::string& vnf, const std::string& vnfci);

}  // namespace ifa026::actors::vnfm
