// PKCS#10 certificate signing requests: built from a subject, subjectAltName, requested extended
// key usages and network-function types, and optionally a key-attestation statement carried in
// an attribute; decoded from DER with their signature (proof of possession) checked on demand.
// Only the DER is stored; fields are parsed when asked for.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "pki/bytes.hpp"
#include "pki/key.hpp"
#include "pki/names.hpp"

namespace ifa026::pki {

enum class ExtendedKeyUsage { client_auth, server_auth, code_signing };

// RFC 9310: NFType ::= IA5String (SIZE (1..32)).
inline constexpr std::size_t kMaxNfTypeLength = 32;

struct CsrContent {
  DistinguishedName subject;
  SubjectAltName san;
  std::vector<ExtendedKeyUsage> extended_key_usage;
  std::vector<std::string> nf_types;     // RFC 9310 network-function types, if any
  std::optional<Bytes> key_attestation;  // opaque statement (pki/key_attestation), if any
};

// OID of the CSR attribute that carries a key-attestation statement (a project-private arc;
// docs/pki.md documents it).
inline constexpr const char* kKeyAttestationAttributeOid = "1.3.6.1.4.1.59999.26.1";
// RFC 9310 id-pe-nftypes.
inline constexpr const char* kNfTypesOid = "1.3.6.1.5.5.7.1.34";

class Csr {
 public:
  // Builds and signs a request with `key` (its public key goes in the request).
  static Csr create(const CsrContent& content, const PrivateKey& key);
  // Decodes DER; throws DecodeError on anything that is not a well-formed PKCS#10 request.
  static Csr from_der(ByteView der);
  static Csr from_pem(std::string_view pem);

  const Bytes& der() const { return der_; }
  std::string to_pem() const;
  // The content as requested (subject, SAN, EKUs, nfTypes, attestation statement).
  CsrContent content() const;
  PublicKey public_key() const;
  // Proof of possession: the request is signed by the private key of its public key.
  bool signature_valid() const;

 private:
  explicit Csr(Bytes der) : der_(std::move(der)) {}
  Bytes der_;
};

}  // namespace ifa026::pki
