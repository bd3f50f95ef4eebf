// The package vendor fixture (see package_vendor.hpp).
#include "actors/common/package_vendor.hpp"

#include <utility>

#include "pki/certificate_authority.hpp"
#include "pki/seeded_key.hpp"

namespace ifa026::actors {

namespace {

constexpr std::int64_t kDaySeconds = 86400;
constexpr std::int64_t kRootSeconds = 20 * 365 * kDaySeconds;
constexpr std::int64_t kSigningSeconds = 2 * 365 * kDaySeconds;

pki::Instant day_before(pki::Instant start) {
  return pki::Instant{start.unix_ns - kDaySeconds * 1'000'000'000};
}

pki::CertificateAuthority vendor_root_ca(const std::string& name, pki::Instant start) {
  return pki::CertificateAuthority::create_root(
      pki::DistinguishedName{{{"CN", name + " Package Root"}, {"O", name}}},
      pki::seeded_ec_p256_key("package vendor root|" + name), day_before(start), kRootSeconds);
}

}  // namespace

bool valid_package_vendor_name(const std::string& name) {
  if (name.empty() || name.size() > 63 || name.front() == '-' || name.back() == '-') return false;
  for (char c : name)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  return true;
}

pki::Certificate package_vendor_root(const std::string& name, pki::Instant start) {
  return vendor_root_ca(name, start).certificate();
}

PackageVendor make_package_vendor(const std::string& name, pki::Instant start,
                                  std::optional<pki::PrivateKey> signing_key) {
  pki::CertificateAuthority root = vendor_root_ca(name, start);
  pki::PrivateKey key = signing_key ? std::move(*signing_key)
                                    : pki::seeded_ec_p256_key("package vendor signing|" + name);
  pki::CsrContent requested;
  requested.subject = pki::DistinguishedName{{{"CN", name + " Package Signing"}, {"O", name}}};
  requested.san.dns = {"packages." + name + ".vendor.invalid"};
  pki::CertificateProfile profile;
  profile.validity_seconds = kSigningSeconds;
  profile.extended_key_usage = {pki::ExtendedKeyUsage::code_signing};
  const std::string base = "http://" + name + ".vendor.invalid";
  profile.crl_url = base + "/root.crl";
  profile.ocsp_url = base + "/ocsp";
  profile.ca_issuers_url = base + "/root.crt";
  pki::Certificate certificate = root.issue_for_key(
      pki::ProvenKeyIssueRequest{key.public_key(), requested, day_before(start), {}, {}, {}},
      profile);
  return PackageVendor{name, root.certificate(), std::move(key), std::move(certificate)};
}

}  // namespace ifa026::actors
