// The software vendor of VNF packages as a scenario fixture, not an actor (docs/lifecycle.md "The
// VNF package"): a vendor root and a code-signing certificate under it, built from the vendor's
// name alone, so that the OSS (which signs packages with it, parameter `vendor`) and the NFVO
// (which trusts the root, parameter `package_trust_anchors`) build the same root key and name
// without exchanging anything. Package certificates are outside IFA 026 (5.2.4.2); this is the
// least a signed package needs.
#pragma once

#include <optional>
#include <string>

#include "pki/certificate.hpp"
#include "pki/key.hpp"

namespace ifa026::actors {

struct PackageVendor {
  std::string name;
  pki::Certificate root;  // self-signed, "CN=<name> Package Root,O=<name>"
  pki::PrivateKey signing_key;
  pki::Certificate signing_certificate;  // codeSigning, "CN=<name> Package Signing,O=<name>"
};

// A vendor name: 1 to 63 of a-z, 0-9 and '-' (it becomes a DNS label of the signing certificate).
bool valid_package_vendor_name(const std::string& name);

// The vendor root of `name`: key seeded from the name (pki/seeded_key.hpp), valid from a day before
// `start` for 20 years. Every side that names the vendor builds a root with the same key and
// subject (the signatures of two builds differ; the key and the name are what path validation
// uses).
pki::Certificate package_vendor_root(const std::string& name, pki::Instant start);

// The root and a code-signing certificate for `signing_key` (seeded from the name when absent),
// valid from a day before `start` for two years.
PackageVendor make_package_vendor(const std::string& name, pki::Instant start,
                                  std::optional<pki::PrivateKey> signing_key = std::nullopt);

}  // namespace ifa026::actors
