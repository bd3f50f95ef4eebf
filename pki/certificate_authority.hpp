// A certification authority: a key and its certificate, issuing end-entity certificates by the
// clause C.6 profile (v3; unique positive serial of at most 20 octets; keyUsage critical
// digitalSignature; extendedKeyUsage clientAuth and/or serverAuth; AKI = issuer SKI; SKI by RFC
// 5280 method (1); CRL distribution point; critical subjectAltName; AIA caIssuers and OCSP; TLS
// feature when the profile asks; nfTypes when requested), subordinate CAs, revocation and CRLs.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "pki/certificate.hpp"
#include "pki/crl.hpp"
#include "pki/csr.hpp"
#include "pki/key.hpp"

namespace ifa026::pki {

// What the CA puts in the certificates it issues, and what it takes from the request.
struct CertificateProfile {
  std::int64_t validity_seconds = 365 * 86400;
  std::vector<ExtendedKeyUsage> extended_key_usage{ExtendedKeyUsage::client_auth,
                                                   ExtendedKeyUsage::server_auth};
  bool tls_feature_status_request = false;  // RFC 7633 TLS feature (status_request)
  std::string crl_url = "http://ca.example.net/crl/issuing.crl";
  std::string ocsp_url = "http://ca.example.net/ocsp";
  std::string ca_issuers_url = "http://ca.example.net/issuing.crt";
};

// One issuance. Values set here override those of the CSR (the CA may replace requested values
// with the registered ones, table C.6-1 note).
struct IssueRequest {
  Csr csr;
  Instant not_before;
  std::optional<DistinguishedName> subject;
  std::optional<SubjectAltName> san;
  std::optional<std::vector<std::string>> nf_types;
};

// One issuance for a public key whose possession the caller's protocol has already proven (e.g.
// the CRMF proof of possession OpenSSL verified for a CMP ir/cr/kur), with the content requested
// for it (e.g. read from the CRMF certificate template). Overrides as in IssueRequest.
struct ProvenKeyIssueRequest {
  PublicKey key;
  CsrContent requested;
  Instant not_before;
  std::optional<DistinguishedName> subject;
  std::optional<SubjectAltName> san;
  std::optional<std::vector<std::string>> nf_types;
};

class CertificateAuthority {
 public:
  // A self-signed root.
  static CertificateAuthority create_root(const DistinguishedName& subject, PrivateKey key,
                                          Instant not_before, std::int64_t validity_seconds);
  // A CA certified by `parent` (basicConstraints CA, pathLenConstraint `path_length`).
  static CertificateAuthority create_subordinate(CertificateAuthority& parent,
                                                 const DistinguishedName& subject, PrivateKey key,
                                                 Instant not_before, std::int64_t validity_seconds,
                                                 int path_length);
  // Rebuilds a CA from its stored key and certificate (and the serials it already issued).
  CertificateAuthority(PrivateKey key, Certificate certificate);

  // Checks the CSR's signature first (throws PkiError "bad proof of possession" otherwise).
  Certificate issue(const IssueRequest& request, const CertificateProfile& profile);
  // Same profile and checks, without a CSR: the caller vouches for proof of possession.
  Certificate issue_for_key(const ProvenKeyIssueRequest& request,
                            const CertificateProfile& profile);

  void revoke(const std::string& serial_hex, Instant when, RevocationReason reason);
  bool is_revoked(const std::string& serial_hex) const;
  // Every revocation, by serial (hex): when, and why.
  const std::map<std::string, std::pair<Instant, RevocationReason>>& revocations() const {
    return revoked_;
  }
  // A CRL signed by this CA listing every revocation, with an increasing CRL number.
  Crl crl(Instant this_update, std::int64_t next_update_seconds);
  // The number of the last CRL published (the next one gets this plus one); a CA rebuilt from
  // storage continues its predecessor's numbering with it.
  std::uint64_t last_crl_number() const { return crl_number_; }
  void set_last_crl_number(std::uint64_t number) { crl_number_ = number; }

  const Certificate& certificate() const { return certificate_; }
  const PrivateKey& key() const { return key_; }
  std::uint64_t issued_count() const { return issued_; }

 private:
  Bytes next_serial();
  // The one end-entity issuance both entry points share.
  Certificate issue_end_entity(const PublicKey& subject_key, const CsrContent& content,
                               Instant not_before, const std::optional<DistinguishedName>& subject,
                               const std::optional<SubjectAltName>& san,
                               const std::optional<std::vector<std::string>>& nf_types,
                               const CertificateProfile& profile);

  PrivateKey key_;
  Certificate certificate_;
  std::uint64_t issued_ = 0;
  std::uint64_t crl_number_ = 0;
  std::map<std::string, std::pair<Instant, RevocationReason>> revoked_;
};

}  // namespace ifa026::pki
