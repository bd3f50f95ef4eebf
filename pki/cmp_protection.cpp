// Checking a CMP request's PBM or signature protection (see cmp_protection.hpp).
#include "pki/cmp_protection.hpp"

#include <openssl/err.h>
#include <openssl/objects.h>

#include <algorithm>

#include "pki/openssl_codec.hpp"

namespace ifa026::pki {

namespace {

using namespace ossl;  // NOLINT(google-build-using-namespace): internal helpers

using Result = std::optional<CmpProtectionRefusal>;

Result refuse(CmpFailure failure, std::string text) {
  return CmpProtectionRefusal{failure, std::move(text)};
}

bool opens_with_pbm(CmpBody kind) {
  return kind == CmpBody::ir || kind == CmpBody::cr || kind == CmpBody::p10cr ||
         kind == CmpBody::genm;
}

Result check_pbm(CmpTransaction& t, bool opens, const CmpMessageParts& m, OSSL_CMP_MSG* request,
                 Instant now) {
  InitialCredentials& credentials = t.responder.credentials;
  const std::string reference(m.sender_kid ? std::string(m.sender_kid->begin(), m.sender_kid->end())
                                           : std::string());
  const InitialCredentials::Credential* credential = credentials.find(reference);
  if (credential == nullptr) {
    return refuse(CmpFailure::not_authorized, "unknown initial credential reference");
  }
  if (opens) {
    if (!opens_with_pbm(t.kind)) {
      return refuse(CmpFailure::not_authorized, "kur/rr need signature protection");
    }
    t.reference = reference;
  } else if (t.reference != reference) {
    return refuse(CmpFailure::bad_message_check, "senderKID differs within the transaction");
  }
  OSSL_CMP_CTX* ctx = t.cmp_context();
  if (OSSL_CMP_CTX_set1_secretValue(ctx, credential->secret.data(),
                                    static_cast<int>(credential->secret.size())) != 1 ||
      OSSL_CMP_CTX_set1_referenceValue(ctx,
                                       reinterpret_cast<const unsigned char*>(reference.data()),
                                       static_cast<int>(reference.size())) != 1) {
    throw_pki_error("OSSL_CMP_CTX_set1_secretValue");
  }
  if (OSSL_CMP_validate_msg(ctx, request) != 1) {
    return refuse(CmpFailure::bad_message_check,
                  "PBM protection check failed: " + take_openssl_errors());
  }
  // Credential limits are checked once the MAC proves the sender knows the secret.
  if (opens) {
    if (auto why = credentials.refusal(reference, now)) {
      return refuse(CmpFailure::not_authorized, *why);
    }
  }
  return std::nullopt;
}

// The protecting certificate among extraCerts: the sender's name and, when given, senderKID.
std::optional<Certificate> find_signer(const CmpMessageParts& m) {
  for (ByteView der : m.extra_certs) {
    try {
      Certificate c = Certificate::from_der(der);
      const Bytes name = subject_name_der(c);
      if (!std::equal(name.begin(), name.end(), m.sender_name.begin(), m.sender_name.end())) {
        continue;
      }
      if (m.sender_kid && c.subject_key_id() != m.sender_kid) continue;
      return c;
    } catch (const PkiError&) {
      ERR_clear_error();
    }
  }
  return std::nullopt;
}

Result check_signature(CmpTransaction& t, bool opens, const CmpMessageParts& m,
                       OSSL_CMP_MSG* request, Instant now) {
  if (t.reference) {
    return refuse(CmpFailure::bad_message_check, "PBM transaction continued with a signature");
  }
  const std::optional<Certificate> signer = find_signer(m);
  if (OSSL_CMP_validate_msg(t.cmp_context(), request) != 1) {
    std::string why = take_openssl_errors();
    if (signer && now >= signer->not_after()) why = "signer certificate expired; " + why;
    return refuse(CmpFailure::bad_message_check, "signature protection check failed: " + why);
  }
  if (opens) {
    if (!signer) {
      return refuse(CmpFailure::signer_not_trusted, "protecting certificate not in extraCerts");
    }
    const CertificateAuthority& ca = t.responder.ca;
    if (signer->issuer() == ca.certificate().subject() && ca.is_revoked(signer->serial_hex())) {
      return refuse(CmpFailure::cert_revoked, "protecting certificate is revoked");
    }
    t.signer = signer;
  }
  return std::nullopt;
}

}  // namespace

std::optional<CmpProtectionRefusal> check_request_protection(CmpTransaction& t, bool opens,
                                                             const CmpMessageParts& m,
                                                             OSSL_CMP_MSG* request, Instant now) {
  static const Bytes kPbmOid = oid_content(NID_id_PasswordBasedMAC);
  if (!m.protection_alg || !m.has_protection) {
    return refuse(CmpFailure::bad_message_check, "request is not protected");
  }
  if (*m.protection_alg == kPbmOid) return check_pbm(t, opens, m, request, now);
  return check_signature(t, opens, m, request, now);
}

}  // namespace ifa026::pki
