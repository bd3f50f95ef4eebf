// CSR validation of step #2 and key-attestation verification (see csr_validation.hpp).
#include "actors/cmf/csr_validation.hpp"

#include <exception>
#include <stdexcept>

#include "pki/key_attestation.hpp"
#include "pki/password_based_mac.hpp"

namespace ifa026::actors::cmf {
namespace {

bool equal_constant_time(pki::ByteView a, pki::ByteView b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

// The credential's problem, or nullopt. Throws (an internal error) only when computing the MAC
// fails on parameters already checked, or when the implementation fault `throw_in_credential_mac`
// is switched on.
std::optional<std::string> credential_problem(const CmfConfig& config, const CsrCheckInput& input,
                                              const Registration& registration) {
  if (!input.credential) return "initial credential missing";
  if (!registration.credential || registration.credential->reference != input.credential->reference)
    return "initial credential unknown";
  const InitialCredential& held = *registration.credential;
  if (!input.credential->mac) return "initial credential MAC missing";
  // The PBM parameters come from the requester: out of OpenSSL's range is its fault.
  if (input.credential->salt.empty()) return "initial credential MAC parameters invalid (no salt)";
  if (input.credential->iterations < pki::kPbmMinIterations ||
      input.credential->iterations > pki::kPbmMaxIterations)
    return "initial credential MAC parameters invalid (iteration count " +
           std::to_string(input.credential->iterations) + " outside [" +
           std::to_string(pki::kPbmMinIterations) + ", " + std::to_string(pki::kPbmMaxIterations) +
           "])";
  if (config.throw_in_credential_mac)
    throw std::runtime_error("credential MAC computation failed (fault throw_in_credential_mac)");
  const pki::Bytes expected = credential_mac(held.secret, input.credential->salt, input.csr_der,
                                             input.credential->iterations);
  if (!equal_constant_time(expected, *input.credential->mac))
    return "initial credential MAC invalid";
  if (held.one_use && held.used) return "initial credential already used";
  if (held.in_use) return "initial credential already in use";
  if (input.now >= held.expires) return "initial credential expired";
  return std::nullopt;
}

}  // namespace

std::string to_string(CsrAuth auth) {
  return auth == CsrAuth::initial_credential ? "initial-credential" : "certificate";
}

pki::Bytes credential_mac(pki::ByteView secret, pki::ByteView salt, pki::ByteView csr_der,
                          int iterations) {
  return pki::password_based_mac(secret, salt, csr_der, iterations);
}

CsrCheckResult check_csr(const CmfConfig& config, const CsrCheckInput& input) {
  CsrCheckResult result;
  try {
    result.csr = pki::Csr::from_der(input.csr_der);
  } catch (const pki::DecodeError&) {
    result.problem = "CSR does not decode";
    return result;
  } catch (const std::exception& e) {
    result.internal_error = std::string("decoding the CSR: ") + e.what();
    return result;
  }
  const pki::Csr& csr = *result.csr;
  try {
    if (!csr.signature_valid()) {
      result.problem = "CSR signature invalid (no proof of possession)";
      return result;
    }
    const std::string key_type(pki::to_string(csr.public_key().type()));
    if (!config.key_type_allowed(key_type)) {
      result.problem = "key type " + key_type + " not allowed by the key policy";
      return result;
    }
    const pki::CsrContent content = csr.content();
    if (content.san.dns.size() != 1) {
      result.problem = "CSR must name exactly one dNSName";
      return result;
    }
    const std::string cn = content.subject.common_name();
    const std::string& dns = content.san.dns.front();
    if (input.registration != nullptr) {
      const std::string& fqdn = input.registration->fqdn;
      if (cn != fqdn) {
        result.problem = "subject CN " + cn + " is not the registered FQDN";
        return result;
      }
      if (dns != fqdn) {
        result.problem = "dNSName " + dns + " is not the registered FQDN";
        return result;
      }
    } else if (cn != dns) {
      result.problem = "subject CN " + cn + " differs from the dNSName";
      return result;
    }
    if (input.auth == CsrAuth::initial_credential && input.registration != nullptr) {
      result.problem = credential_problem(config, input, *input.registration);
      if (result.problem) return result;
    }
  } catch (const pki::DecodeError& e) {
    result.problem = std::string("CSR content unreadable: ") + e.what();
  } catch (const std::exception& e) {
    result.problem.reset();
    result.internal_error = std::string("validating the CSR: ") + e.what();
  }
  return result;
}

std::optional<AttestationOutcome> verify_csr_attestation(
    const CmfConfig& config, const pki::Csr& csr, pki::ByteView expected_nonce,
    const std::vector<pki::Certificate>& vendor_roots, pki::Instant now) {
  if (config.key_attestation == AttestationMode::none) return std::nullopt;
  std::optional<pki::Bytes> statement_der;
  try {
    statement_der = csr.content().key_attestation;
  } catch (const pki::DecodeError&) {
    return AttestationOutcome{false, "key attestation attribute unreadable", false};
  } catch (const std::exception& e) {
    return AttestationOutcome{false, std::string("reading the CSR's attributes: ") + e.what(),
                              true};
  }
  if (!statement_der) {
    if (config.key_attestation == AttestationMode::required)
      return AttestationOutcome{false, "key attestation statement missing"};
    return std::nullopt;
  }
  std::optional<pki::KeyAttestationStatement> statement;
  try {
    statement = pki::KeyAttestationStatement::from_der(*statement_der);
  } catch (const pki::DecodeError&) {
    return AttestationOutcome{false, "key attestation statement does not decode", false};
  } catch (const std::exception& e) {
    return AttestationOutcome{false, std::string("decoding the statement: ") + e.what(), true};
  }
  try {
    if (config.throw_in_attestation_check)
      throw std::runtime_error(
          "attestation verification failed (fault throw_in_attestation_check)");
    const auto verdict =
        pki::verify_key_attestation(*statement, csr.public_key(), expected_nonce,
                                    config.attestation_policy(), vendor_roots, now);
    // The failure and what it was exactly: an impostor root is not a missing one.
    if (!verdict.ok())
      return AttestationOutcome{false,
                                std::string(verdict.reason()) +
                                    (verdict.detail.empty() ? "" : " (" + verdict.detail + ")"),
                                false};
    return AttestationOutcome{true, "", false};
  } catch (const pki::DecodeError&) {
    return AttestationOutcome{false, "key attestation statement does not decode", false};
  } catch (const std::exception& e) {
    return AttestationOutcome{false, std::string("verifying the statement: ") + e.what(), true};
  }
}

}  // namespace ifa026::actors::cmf
