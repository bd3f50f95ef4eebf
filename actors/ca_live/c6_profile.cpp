// The Annex C.6 end-entity profile items of a certificate (see c6_profile.hpp).
#include "actors/ca_live/c6_profile.hpp"

#include <algorithm>

#include "pki/x509_description.hpp"

namespace ifa026::actors::ca_live {

namespace {

constexpr std::int64_t kMaxValiditySeconds = 1096LL * 86400;  // table C.6-1: three years

const pki::ExtensionDescription* extension(const pki::X509Description& d, const char* name) {
  for (const auto& e : d.extensions)
    if (e.name == name) return &e;
  return nullptr;
}

}  // namespace

std::vector<std::string> c6_profile_problems(const pki::Certificate& certificate) {
  std::vector<std::string> problems;
  const pki::X509Description d = pki::describe_certificate(certificate.der());
  // Serial number: positive, at most 20 octets (RFC 5280 4.1.2.2).
  if (certificate.serial_hex().size() > 40) problems.push_back("serial number above 20 octets");
  const std::int64_t validity =
      (certificate.not_after().unix_ns - certificate.not_before().unix_ns) / 1'000'000'000;
  if (validity > kMaxValiditySeconds)
    problems.push_back("validity of " + std::to_string(validity / 86400) + " days above 1096");
  if (certificate.is_ca()) problems.push_back("a CA certificate (basicConstraints cA)");
  const auto* key_usage = extension(d, "keyUsage");
  if (key_usage == nullptr)
    problems.push_back("no keyUsage");
  else if (!key_usage->critical)
    problems.push_back("keyUsage not critical");
  else if (key_usage->value.find("Digital Signature") == std::string::npos)
    problems.push_back("keyUsage without digitalSignature");
  const auto usages = certificate.extended_key_usage();
  if (std::find(usages.begin(), usages.end(), pki::ExtendedKeyUsage::client_auth) == usages.end() &&
      std::find(usages.begin(), usages.end(), pki::ExtendedKeyUsage::server_auth) == usages.end())
    problems.push_back("no extendedKeyUsage clientAuth or serverAuth");
  if (certificate.san().empty()) problems.push_back("no subjectAltName");
  if (!certificate.subject_key_id()) problems.push_back("no subjectKeyIdentifier");
  if (!certificate.authority_key_id()) problems.push_back("no authorityKeyIdentifier");
  if (extension(d, "crlDistributionPoints") == nullptr)
    problems.push_back("no cRLDistributionPoints");
  return problems;
}

}  // namespace ifa026::actors::ca_live
