// The table of fuzz targets (see fuzz_targets.hpp).
#include "fuzz/fuzz_targets.hpp"

namespace ifa026::fuzz {

const std::vector<Target>& all_targets() {
  static const std::vector<Target> targets = {
      {"http_request", http_request, "HTTP/1.1 requests to ca serve's CMP server, over loopback"},
      {"cmp_message", cmp_message, "CMP message peek and OpenSSL inspection of a PKIMessage"},
      {"cmp_server", cmp_server, "CmpServer::handle of a request: always a CMP answer"},
      {"typed_message", typed_message, "actor envelopes (CBOR) and every typed message body"},
      {"scenario", scenario, "scenario text through the loader: located errors, never a crash"},
      {"attestation", attestation, "attestation evidence, results, key-attestation statements"},
      {"csr", csr, "PKCS#10 requests and their content"},
      {"crl", crl, "CRLs and their content"},
      {"ocsp", ocsp, "OCSP requests at the CA and responses at a client"},
      {"certificate", certificate, "X.509 certificates and their content"},
  };
  return targets;
}

const Target* find_target(std::string_view name) {
  for (const Target& t : all_targets()) {
    if (t.name == name) return &t;
  }
  return nullptr;
}

}  // namespace ifa026::fuzz
