// The NFVO's onboarded VNF packages (docs/lifecycle.md "Package onboarding", "The VNF package"):
// OnboardVnfPackageRequest from the OSS on Os-Ma-Nfvo (its day-0 channel, D2) is checked — the
// SHA-256 digest over the content, then the vendor's detached CMS signature at simulated time
// against `package_trust_anchors` (unsigned packages allowed unless `require_signed_packages`),
// then the content's VNFD with the VNFM's checker — traced (PackageIntegrityCheck,
// PackageOnboarding), answered, and stored when onboarded. The NS lifecycle finds packages here
// and re-checks a package's integrity at instantiation; the fault command
// `tamper_stored_package` alters a stored package so that a refusal there can be observed, and
// `check_stored_package` re-checks one on demand (an audit of the package store).
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "actors/common/actor_params.hpp"
#include "actors/common/mano_entity.hpp"
#include "actors/messages/os_ma_nfvo.hpp"
#include "pki/bytes.hpp"
#include "pki/certificate.hpp"
#include "pki/chain_verifier.hpp"
#include "sim/diagnostic.hpp"

namespace ifa026::actors::nfvo {

// A package the NFVO onboarded.
struct OnboardedPackage {
  std::string package;  // the OSS's package id
  std::string vnfd_id;
  std::string version;
  nlohmann::json vnfd;                   // VnfPackageContent::vnfd, as checked at onboarding
  pki::Bytes content;                    // the stored bytes (tamper_stored_package alters them)
  messages::PackageDigest digest;        // as onboarded (the NFVO's own computation matched it)
  std::optional<pki::Bytes> signature;   // the vendor's CMS SignedData, DER
  messages::PackageIntegrity integrity;  // the verdict at onboarding
  std::uint64_t sequence = 0;            // onboarding order, from 1
};

// What an integrity check found.
struct IntegrityFinding {
  messages::PackageIntegrity integrity;
  std::string reason;  // why it is not accepted, or the CMS check's detail ("" when verified)
  std::optional<pki::Instant> signing_time;
  bool accepted() const;  // verified or unsigned-accepted
};

// The integrity of `content` against `digest` and `signature` at `at`: the digest first (so a
// changed content is digest-mismatch even when signed), then the signature, or the policy for an
// unsigned package.
IntegrityFinding check_package_integrity(const std::string& package, pki::ByteView content,
                                         const messages::PackageDigest& digest,
                                         const std::optional<pki::Bytes>& signature,
                                         const pki::TrustStore& anchors, pki::Instant at,
                                         bool require_signed);

// What a lookup by an NS request found: the package, or why none.
struct PackageLookup {
  const OnboardedPackage* package = nullptr;
  std::string reason;  // "" when found
};

class VnfPackageCatalogue {
 public:
  // Registers its Os-Ma-Nfvo handler with `host`; reads `package_trust_anchors` and
  // `require_signed_packages` from `params`.
  VnfPackageCatalogue(ManoEntityHost& host, const nlohmann::json& params);
  VnfPackageCatalogue(const VnfPackageCatalogue&) = delete;
  VnfPackageCatalogue& operator=(const VnfPackageCatalogue&) = delete;

  // The NFVO parameters and workload commands this adds (for its ManoEntityKind).
  static std::vector<ParamRule> param_rules();
  static std::vector<CommandRule> command_rules();
  static void check_params(const nlohmann::json& params, std::vector<sim::Diagnostic>& out);

  // tamper_stored_package, check_stored_package; false for other commands.
  bool on_command(const sim::Command& command);

  // ---- for the NS lifecycle ----
  const OnboardedPackage* find(const std::string& package) const;
  // The latest onboarded package holding `vnfd_id`, or nullptr.
  const OnboardedPackage* find_vnfd(const std::string& vnfd_id) const;
  // The package an NS request's VNF names: `package` when given (it must hold `vnfd_id`), else
  // the latest with `vnfd_id`. The reason reads "unknown package pkg-1", "package pkg-1 holds
  // VNFD vnfd-a, not vnfd-b" or "no onboarded package holds VNFD vnfd-b".
  PackageLookup resolve(const std::optional<std::string>& package,
                        const std::string& vnfd_id) const;
  // The stored content checked again now (digest; signature when signed), traced as
  // PackageIntegrityCheck with `stage` (instantiation, or audit for the check_stored_package
  // command) and `corr` when given. Accepted when `integrity.verdict` is verified or
  // unsigned-accepted.
  messages::PackageIntegrity recheck(const OnboardedPackage& package, const std::string& corr = "",
                                     const std::string& stage = "instantiation");
  // Flips a byte of the stored content (the last); false when `package` is not onboarded.
  bool tamper(const std::string& package);

  // ---- quarantine (a Security Manager's termination with quarantine_image_and_vnfd, R2.1.270)
  // ---- Quarantines the package and its VNFD (traced PackageQuarantined quarantined): later NS
  // instantiations from this package, or from any package holding this VNFD, are refused. The
  // package stays stored (evidence), only its use is barred.
  void quarantine(const std::string& package, const std::string& vnfd_id, const std::string& vnf,
                  const std::string& reason);
  // Why `package` may not be used, traced PackageQuarantined refused with `corr`; nullopt when it
  // may.
  std::optional<std::string> refuse_if_quarantined(const OnboardedPackage& package,
                                                   const std::string& corr);
  const std::map<std::string, OnboardedPackage>& packages() const { return packages_; }

 private:
  void on_onboard(const ChannelMessage& m, const messages::OnboardVnfPackageRequest& request);
  void refuse_malformed(const ChannelMessage& m, const std::string& reason);
  void trace_integrity(const IntegrityFinding& finding, const std::string& stage,
                       const std::string& corr, const std::string& peer,
                       const std::string& reference_point);
  void reject(const ChannelMessage& m, const messages::OnboardVnfPackageRequest& request,
              const std::string& reason, std::optional<messages::PackageIntegrity> integrity,
              const std::string& vnfd_id = "");

  ManoEntityHost& host_;
  pki::TrustStore anchors_;
  const bool require_signed_;
  std::map<std::string, OnboardedPackage> packages_;         // by package id
  std::map<std::string, std::string> quarantined_packages_;  // package id -> why
  std::map<std::string, std::string> quarantined_vnfds_;     // VNFD id -> the package quarantined
  std::uint64_t next_sequence_ = 1;
};

}  // namespace ifa026::actors::nfvo
