// OCSP requests, CA-signed responses at a given instant, and response checking (RFC 6960).
#include "pki/ocsp.hpp"
#include "pki/openssl_codec.hpp"
#include "pki/openssl_ownership.hpp"

#include <openssl/asn1.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/ocsp.h>
#include <openssl/x509.h>

#include <ctime>
#include <limits>
#include <memory>
#include <string_view>

namespace ifa026::pki {

namespace {

using namespace ossl;  // NOLINT(google-build-using-namespace): internal helpers

using OcspRequestPtr = Owned<OCSP_REQUEST, OCSP_REQUEST_free>;
using OcspResponsePtr = Owned<OCSP_RESPONSE, OCSP_RESPONSE_free>;
using OcspBasicPtr = Owned<OCSP_BASICRESP, OCSP_BASICRESP_free>;
using OcspCertIdPtr = Owned<OCSP_CERTID, OCSP_CERTID_free>;
using GeneralizedTimePtr = Owned<ASN1_GENERALIZEDTIME, ASN1_GENERALIZEDTIME_free>;

constexpr std::size_t kMaxNonceLength = 32;  // RFC 8954 §2.1

// Upper-case hex without leading zeros, as Certificate::serial_hex() spells it.
std::optional<std::string> serial_text(const ASN1_INTEGER* serial) {
  if (serial == nullptr) return std::nullopt;
  BignumPtr bn(ASN1_INTEGER_to_BN(serial, nullptr));
  if (!bn) return std::nullopt;
  OpenSslChars hex(BN_bn2hex(bn.get()));
  if (!hex) return std::nullopt;
  return trimmed_hex(hex.get());
}

GeneralizedTimePtr generalized_time(Instant instant) {
  GeneralizedTimePtr time(
      ASN1_GENERALIZEDTIME_set(nullptr, static_cast<time_t>(instant.seconds())));
  if (!time) throw_pki_error("OCSP: time");
  return time;
}

// Saturates outside the years an Instant can hold (1678..2262).
std::optional<Instant> optional_instant(const ASN1_GENERALIZEDTIME* time) {
  if (time == nullptr) return std::nullopt;
  std::tm tm{};
  if (ASN1_TIME_to_tm(time, &tm) != 1) return std::nullopt;
  return saturated_instant(tm);
}

Bytes response_der(OCSP_RESPONSE* response) {
  unsigned char* der = nullptr;
  int length = i2d_OCSP_RESPONSE(response, &der);
  if (length <= 0) throw_pki_error("OCSP: encoding the response");
  Bytes bytes(der, der + length);
  OPENSSL_free(der);
  return bytes;
}

// An unsigned response carrying only an error status (RFC 6960 §4.2.1).
Bytes status_only_response(OcspResponseStatus status) {
  ERR_clear_error();
  OcspResponsePtr response(OCSP_response_create(static_cast<int>(status), nullptr));
  if (!response) throw_pki_error("OCSP: OCSP_response_create");
  return response_der(response.get());
}

const EVP_MD* signature_digest(const PrivateKey& key) {
  switch (key.type()) {
    case KeyType::ec_p384:
      return EVP_sha384();
    case KeyType::ed25519:
      return nullptr;  // pure EdDSA
    case KeyType::ec_p256:
    case KeyType::rsa2048:
    case KeyType::rsa3072:
      return EVP_sha256();
  }
  return EVP_sha256();
}

std::optional<RevocationReason> reason_from_code(int code) {
  switch (code) {
    case 0:
      return RevocationReason::unspecified;
    case 1:
      return RevocationReason::key_compromise;
    case 2:
      return RevocationReason::ca_compromise;
    case 3:
      return RevocationReason::affiliation_changed;
    case 4:
      return RevocationReason::superseded;
    case 5:
      return RevocationReason::cessation_of_operation;
    case 6:
      return RevocationReason::certificate_hold;
    case 9:
      return RevocationReason::privilege_withdrawn;
    default:
      return std::nullopt;
  }
}

std::optional<OcspResponseStatus> response_status_from_code(int code) {
  switch (code) {
    case OCSP_RESPONSE_STATUS_SUCCESSFUL:
      return OcspResponseStatus::successful;
    case OCSP_RESPONSE_STATUS_MALFORMEDREQUEST:
      return OcspResponseStatus::malformed_request;
    case OCSP_RESPONSE_STATUS_INTERNALERROR:
      return OcspResponseStatus::internal_error;
    case OCSP_RESPONSE_STATUS_TRYLATER:
      return OcspResponseStatus::try_later;
    case OCSP_RESPONSE_STATUS_SIGREQUIRED:
      return OcspResponseStatus::sig_required;
    case OCSP_RESPONSE_STATUS_UNAUTHORIZED:
      return OcspResponseStatus::unauthorized;
    default:
      return std::nullopt;
  }
}

// The digest a CertID names, or nullptr.
const EVP_MD* cert_id_digest(const OCSP_CERTID* id) {
  ASN1_OBJECT* md_oid = nullptr;
  // OCSP_id_get0_info only reads `id` (its parameter lacks const in 3.0).
  if (OCSP_id_get0_info(nullptr, &md_oid, nullptr, nullptr, const_cast<OCSP_CERTID*>(id)) != 1 ||
      md_oid == nullptr) {
    return nullptr;
  }
  return EVP_get_digestbyobj(md_oid);
}

OcspResult invalid(OcspResult result, std::string detail) {
  result.status = OcspCertStatus::invalid;
  result.reason.reset();
  result.revoked_at.reset();
  result.detail = std::move(detail);
  ERR_clear_error();
  return result;
}

}  // namespace

std::string_view to_string(OcspCertStatus status) {
  switch (status) {
    case OcspCertStatus::good:
      return "good";
    case OcspCertStatus::revoked:
      return "revoked";
    case OcspCertStatus::unknown:
      return "unknown";
    case OcspCertStatus::invalid:
      return "invalid";
  }
  return "invalid";
}

std::string_view to_string(OcspResponseStatus status) {
  switch (status) {
    case OcspResponseStatus::successful:
      return "successful";
    case OcspResponseStatus::malformed_request:
      return "malformedRequest";
    case OcspResponseStatus::internal_error:
      return "internalError";
    case OcspResponseStatus::try_later:
      return "tryLater";
    case OcspResponseStatus::sig_required:
      return "sigRequired";
    case OcspResponseStatus::unauthorized:
      return "unauthorized";
  }
  return "internalError";
}

Bytes make_ocsp_request(const Certificate& subject, const Certificate& issuer,
                        const std::optional<Bytes>& nonce) {
  ERR_clear_error();
  if (nonce && (nonce->empty() || nonce->size() > kMaxNonceLength)) {
    throw PkiError("OCSP: a nonce is 1..32 octets (RFC 8954)");
  }
  X509Ptr subject_x509 = certificate_x509(subject);
  X509Ptr issuer_x509 = certificate_x509(issuer);
  OcspRequestPtr request(OCSP_REQUEST_new());
  if (!request) throw_pki_error("OCSP: OCSP_REQUEST_new");
  OcspCertIdPtr id(OCSP_cert_to_id(EVP_sha1(), subject_x509.get(), issuer_x509.get()));
  if (!id) throw_pki_error("OCSP: CertID");
  if (OCSP_request_add0_id(request.get(), id.get()) == nullptr) throw_pki_error("OCSP: CertID");
  id.release();  // the request owns it now
  if (nonce && OCSP_request_add1_nonce(request.get(), const_cast<unsigned char*>(nonce->data()),
                                       static_cast<int>(nonce->size())) != 1) {
    throw_pki_error("OCSP: nonce");
  }
  unsigned char* der = nullptr;
  int length = i2d_OCSP_REQUEST(request.get(), &der);
  if (length <= 0) throw_pki_error("OCSP: encoding the request");
  Bytes bytes(der, der + length);
  OPENSSL_free(der);
  return bytes;
}

Bytes make_ocsp_response(ByteView request_der, const Certificate& issuer,
                         const PrivateKey& issuer_key, const OcspStatusLookup& lookup,
                         Instant produced_at, Instant next_update) {
  ERR_clear_error();
  X509Ptr issuer_x509 = certificate_x509(issuer);

  const unsigned char* p = request_der.data();
  const unsigned char* end = p + request_der.size();
  OcspRequestPtr request(d2i_OCSP_REQUEST(nullptr, &p, static_cast<long>(request_der.size())));
  if (!request || p != end) return status_only_response(OcspResponseStatus::malformed_request);
  int count = OCSP_request_onereq_count(request.get());
  if (count <= 0) return status_only_response(OcspResponseStatus::malformed_request);

  OcspBasicPtr basic(OCSP_BASICRESP_new());
  if (!basic) throw_pki_error("OCSP: OCSP_BASICRESP_new");
  GeneralizedTimePtr this_update_time = generalized_time(produced_at);
  GeneralizedTimePtr next_update_time = generalized_time(next_update);

  for (int i = 0; i < count; ++i) {
    OCSP_CERTID* id = OCSP_onereq_get0_id(OCSP_request_onereq_get0(request.get(), i));
    if (id == nullptr) return status_only_response(OcspResponseStatus::malformed_request);
    ASN1_INTEGER* serial = nullptr;
    if (OCSP_id_get0_info(nullptr, nullptr, nullptr, &serial, id) != 1) {
      return status_only_response(OcspResponseStatus::malformed_request);
    }
    std::optional<std::string> serial_hex = serial_text(serial);
    if (!serial_hex) return status_only_response(OcspResponseStatus::malformed_request);

    // Does the CertID name this issuer (under whatever hash the requester chose)?
    bool ours = false;
    if (const EVP_MD* md = cert_id_digest(id)) {
      OcspCertIdPtr mine(OCSP_cert_id_new(md, X509_get_subject_name(issuer_x509.get()),
                                          X509_get0_pubkey_bitstr(issuer_x509.get()), serial));
      ours = mine && OCSP_id_issuer_cmp(mine.get(), id) == 0;
    }

    OcspStatusEntry entry{OcspCertStatus::unknown, {}, std::nullopt};
    if (ours) {
      try {
        entry = lookup(*serial_hex);
      } catch (...) {
        return status_only_response(OcspResponseStatus::internal_error);
      }
    }
    int status = V_OCSP_CERTSTATUS_UNKNOWN;
    int reason = OCSP_REVOKED_STATUS_NOSTATUS;
    GeneralizedTimePtr revoked_time;
    switch (entry.status) {
      case OcspCertStatus::good:
        status = V_OCSP_CERTSTATUS_GOOD;
        break;
      case OcspCertStatus::revoked:
        status = V_OCSP_CERTSTATUS_REVOKED;
        revoked_time = generalized_time(entry.revoked_at);
        if (entry.reason) reason = static_cast<int>(*entry.reason);
        break;
      case OcspCertStatus::unknown:
        break;
      case OcspCertStatus::invalid:
        return status_only_response(OcspResponseStatus::internal_error);
    }
    if (OCSP_basic_add1_status(basic.get(), id, status, reason, revoked_time.get(),
                               this_update_time.get(), next_update_time.get()) == nullptr) {
      throw_pki_error("OCSP: adding a SingleResponse");
    }
  }

  if (OCSP_copy_nonce(basic.get(), request.get()) <= 0) throw_pki_error("OCSP: echoing the nonce");
  // OCSP_basic_sign would stamp producedAt from the wall clock; stamp the caller's instant into
  // the response's own field instead and sign with OCSP_NOTIME.
  auto* produced = const_cast<ASN1_GENERALIZEDTIME*>(OCSP_resp_get0_produced_at(basic.get()));
  if (produced == nullptr ||
      ASN1_GENERALIZEDTIME_set(produced, static_cast<time_t>(produced_at.seconds())) == nullptr) {
    throw_pki_error("OCSP: producedAt");
  }
  if (OCSP_basic_sign(basic.get(), issuer_x509.get(), issuer_key.native(),
                      signature_digest(issuer_key), nullptr,
                      OCSP_NOCERTS | OCSP_RESPID_KEY | OCSP_NOTIME) != 1) {
    throw_pki_error("OCSP: signing the response");
  }
  OcspResponsePtr response(OCSP_response_create(OCSP_RESPONSE_STATUS_SUCCESSFUL, basic.get()));
  if (!response) throw_pki_error("OCSP: OCSP_response_create");
  return response_der(response.get());
}

Bytes make_ocsp_response(ByteView request_der, const CertificateAuthority& ca,
                         const OcspStatusLookup& lookup, Instant produced_at, Instant next_update) {
  return make_ocsp_response(request_der, ca.certificate(), ca.key(), lookup, produced_at,
                            next_update);
}

OcspResult check_ocsp_response(ByteView response_der, const Certificate& subject,
                               const Certificate& issuer, Instant now,
                               const std::optional<Bytes>& expected_nonce) {
  ERR_clear_error();
  OcspResult result;
  X509Ptr subject_x509 = certificate_x509(subject);
  X509Ptr issuer_x509 = certificate_x509(issuer);

  const unsigned char* p = response_der.data();
  const unsigned char* end = p + response_der.size();
  OcspResponsePtr response(d2i_OCSP_RESPONSE(nullptr, &p, static_cast<long>(response_der.size())));
  if (!response || p != end) return invalid(result, "response does not decode");
  int status_code = OCSP_response_status(response.get());
  result.response_status = response_status_from_code(status_code);
  if (status_code != OCSP_RESPONSE_STATUS_SUCCESSFUL) {
    return invalid(result,
                   std::string("responder answered ") + OCSP_response_status_str(status_code));
  }
  OcspBasicPtr basic(OCSP_response_get1_basic(response.get()));
  if (!basic) return invalid(result, "not a basic OCSP response: " + take_openssl_errors());

  // Signed by the issuer's own key: look the signer up only among {issuer} (not the response's
  // certificates) and trust it as such.
  CertificateStackPtr signers(sk_X509_new_null());
  StorePtr store(X509_STORE_new());
  if (!signers || !store || sk_X509_push(signers.get(), issuer_x509.get()) <= 0) {
    return invalid(result, "out of memory");
  }
  X509_up_ref(issuer_x509.get());
  if (OCSP_basic_verify(basic.get(), signers.get(), store.get(), OCSP_NOINTERN | OCSP_TRUSTOTHER) !=
      1) {
    return invalid(result, "not signed by the issuer: " + take_openssl_errors());
  }

  OCSP_SINGLERESP* single = nullptr;
  int count = OCSP_resp_count(basic.get());
  for (int i = 0; i < count && single == nullptr; ++i) {
    OCSP_SINGLERESP* candidate = OCSP_resp_get0(basic.get(), i);
    const OCSP_CERTID* id = candidate != nullptr ? OCSP_SINGLERESP_get0_id(candidate) : nullptr;
    const EVP_MD* md = id != nullptr ? cert_id_digest(id) : nullptr;
    if (md == nullptr) continue;
    OcspCertIdPtr mine(OCSP_cert_to_id(md, subject_x509.get(), issuer_x509.get()));
    if (mine && OCSP_id_cmp(mine.get(), id) == 0) single = candidate;
  }
  if (single == nullptr) return invalid(result, "no SingleResponse for the certificate");

  int reason_code = OCSP_REVOKED_STATUS_NOSTATUS;
  ASN1_GENERALIZEDTIME* revoked_time = nullptr;
  ASN1_GENERALIZEDTIME* this_update = nullptr;
  ASN1_GENERALIZEDTIME* next_update = nullptr;
  int cert_status =
      OCSP_single_get0_status(single, &reason_code, &revoked_time, &this_update, &next_update);

  std::optional<Instant> produced = optional_instant(OCSP_resp_get0_produced_at(basic.get()));
  std::optional<Instant> this_instant = optional_instant(this_update);
  if (!produced || !this_instant) return invalid(result, "producedAt or thisUpdate malformed");
  result.produced_at = *produced;
  result.this_update = *this_instant;
  if (next_update != nullptr) {
    result.next_update = optional_instant(next_update);
    if (!result.next_update) return invalid(result, "nextUpdate malformed");
  }
  if (*produced > now) {
    return invalid(result, "produced after now (producedAt " + format_instant(*produced) + ")");
  }
  if (*this_instant > now) {
    return invalid(result, "not yet valid (thisUpdate " + format_instant(*this_instant) + ")");
  }
  if (result.next_update && now >= *result.next_update) {
    return invalid(result, "expired (nextUpdate " + format_instant(*result.next_update) + ")");
  }

  if (expected_nonce) {
    int index = OCSP_BASICRESP_get_ext_by_NID(basic.get(), NID_id_pkix_OCSP_Nonce, -1);
    if (index < 0) return invalid(result, "nonce missing");
    X509_EXTENSION* extension = OCSP_BASICRESP_get_ext(basic.get(), index);
    ASN1_OCTET_STRING* value = extension != nullptr ? X509_EXTENSION_get_data(extension) : nullptr;
    if (value == nullptr) return invalid(result, "nonce malformed");
    const unsigned char* q = ASN1_STRING_get0_data(value);
    OctetStringPtr nonce(d2i_ASN1_OCTET_STRING(nullptr, &q, ASN1_STRING_length(value)));
    if (!nonce) return invalid(result, "nonce malformed");
    const unsigned char* nonce_data = ASN1_STRING_get0_data(nonce.get());
    Bytes got(nonce_data, nonce_data + ASN1_STRING_length(nonce.get()));
    if (got != *expected_nonce) return invalid(result, "nonce mismatch");
  }

  switch (cert_status) {
    case V_OCSP_CERTSTATUS_GOOD:
      result.status = OcspCertStatus::good;
      break;
    case V_OCSP_CERTSTATUS_REVOKED: {
      result.status = OcspCertStatus::revoked;
      result.revoked_at = optional_instant(revoked_time);
      if (!result.revoked_at) return invalid(result, "revocationTime malformed");
      if (reason_code != OCSP_REVOKED_STATUS_NOSTATUS) {
        result.reason = reason_from_code(reason_code);
        if (!result.reason) {
          result.reason = RevocationReason::unspecified;
          result.detail = "reasonCode " + std::to_string(reason_code) + " reported as unspecified";
        }
      }
      break;
    }
    case V_OCSP_CERTSTATUS_UNKNOWN:
      result.status = OcspCertStatus::unknown;
      break;
    default:
      return invalid(result, "certStatus malformed");
  }
  ERR_clear_error();
  return result;
}

}  // namespace ifa026::pki
