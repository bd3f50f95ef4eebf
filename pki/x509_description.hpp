// A certificate, CSR or CRL described for people (the HTML report, docs/reports.md): names,
// validity, key type, signature algorithm and every extension with its criticality and OpenSSL's
// printed value, decoded from the DER by OpenSSL (never parsed by hand).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "pki/bytes.hpp"
#include "pki/certificate.hpp"

namespace ifa026::pki {

struct ExtensionDescription {
  std::string name;  // OpenSSL's long name ("X509v3 Subject Alternative Name" as
                     // "subjectAltName": the short name when it has one)
  bool critical = false;
  std::string value;  // X509V3_EXT_print's text, lines joined with "; "
};

struct X509Description {
  std::string kind;     // "certificate", "csr" or "crl"
  std::string serial;   // certificate serial (upper-case hex), CRL number (decimal), "" for a CSR
  std::string subject;  // "" for a CRL
  std::string issuer;   // "" for a CSR
  std::optional<Instant> not_before;             // CRL: thisUpdate
  std::optional<Instant> not_after;              // CRL: nextUpdate
  std::string key;                               // "EC P-256", "RSA 2048", "Ed25519"; "" for a CRL
  std::string signature;                         // e.g. "ecdsa-with-SHA256"
  std::vector<ExtensionDescription> extensions;  // CSR: its requested extensions
  std::string pem;
};

// Each throws DecodeError when the DER is not one of its kind.
X509Description describe_certificate(ByteView der);
X509Description describe_csr(ByteView der);
X509Description describe_crl(ByteView der);

}  // namespace ifa026::pki
