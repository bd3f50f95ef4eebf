// Certificate path validation at a given instant (simulated time, never the wall clock): chain
// building from the leaf to configured trust anchors through known intermediates, optional CRL
// checking, key-usage/EKU and name checks. A failure names its reason.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "pki/certificate.hpp"
#include "pki/crl.hpp"

namespace ifa026::pki {

enum class VerifyFailure {
  none,
  expired,
  not_yet_valid,
  revoked,
  bad_signature,
  unknown_issuer,
  wrong_usage,  // key usage or extended key usage does not allow the purpose
  name_mismatch,
  crl_unavailable,  // CRL checking asked for, but no current CRL for an issuer
  malformed,
};
std::string_view to_string(VerifyFailure failure);

struct VerifyResult {
  VerifyFailure failure = VerifyFailure::none;
  std::string detail;  // OpenSSL's reason, for people
  bool ok() const { return failure == VerifyFailure::none; }
};

struct VerifyOptions {
  bool check_crl = false;  // every certificate of the chain against its issuer's CRL
  // clientAuth/serverAuth: OpenSSL's TLS purposes (trust settings included); codeSigning: the leaf
  // must list it (OpenSSL 3.0 has no code-signing purpose).
  std::optional<ExtendedKeyUsage> purpose;
  std::optional<std::string> expected_dns_name;  // must match a SAN dNSName
};

class TrustStore {
 public:
  void add_anchor(const Certificate& certificate) { anchors_.push_back(certificate); }
  void add_intermediate(const Certificate& certificate) { intermediates_.push_back(certificate); }
  void add_crl(const Crl& crl) { crls_.push_back(crl); }
  const std::vector<Certificate>& anchors() const { return anchors_; }
  const std::vector<Certificate>& intermediates() const { return intermediates_; }
  const std::vector<Crl>& crls() const { return crls_; }

 private:
  std::vector<Certificate> anchors_;
  std::vector<Certificate> intermediates_;
  std::vector<Crl> crls_;
};

VerifyResult verify_certificate(const Certificate& leaf, const TrustStore& trust, Instant at,
                                const VerifyOptions& options = {});

}  // namespace ifa026::pki
