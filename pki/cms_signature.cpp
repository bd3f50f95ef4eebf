// Detached CMS SignedData with OpenSSL's CMS API at caller-given instants (see cms_signature.hpp).
#include "pki/cms_signature.hpp"

#include <openssl/asn1.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/x509.h>

#include <limits>
#include <utility>

#include "pki/openssl_codec.hpp"
#include "pki/openssl_ownership.hpp"

namespace ifa026::pki {

namespace {

using namespace ossl;  // NOLINT(google-build-using-namespace): internal helpers

using CmsPtr = Owned<CMS_ContentInfo, CMS_ContentInfo_free>;

constexpr unsigned kSignFlags = CMS_DETACHED | CMS_BINARY;

BioPtr content_bio(ByteView content) {
  if (content.size() > static_cast<std::size_t>(std::numeric_limits<int>::max()))
    throw PkiError("CMS: content too large");
  static const unsigned char kEmpty = 0;
  BioPtr bio(BIO_new_mem_buf(content.empty() ? &kEmpty : content.data(),
                             static_cast<int>(content.size())));
  if (!bio) throw_pki_error("CMS: content BIO");
  return bio;
}

CmsVerification result(CmsVerdict verdict, std::string detail) {
  CmsVerification r;
  r.verdict = verdict;
  r.detail = std::move(detail);
  return r;
}

// True when OpenSSL's error queue holds the CMS reason `reason`; the queue is cleared, its text
// goes to `text`.
bool queue_has_cms_reason(int reason, std::string& text) {
  bool found = false;
  unsigned long code = 0;
  while ((code = ERR_get_error()) != 0) {
    if (ERR_GET_LIB(code) == ERR_LIB_CMS && ERR_GET_REASON(code) == reason) found = true;
    char buffer[256];
    ERR_error_string_n(code, buffer, sizeof buffer);
    text += (text.empty() ? "" : "; ") + std::string(buffer);
  }
  return found;
}

std::optional<Instant> signing_time(CMS_SignerInfo* si) {
  const int index = CMS_signed_get_attr_by_NID(si, NID_pkcs9_signingTime, -1);
  if (index < 0) return std::nullopt;
  X509_ATTRIBUTE* attribute = CMS_signed_get_attr(si, index);
  ASN1_TYPE* value = attribute ? X509_ATTRIBUTE_get0_type(attribute, 0) : nullptr;
  if (value == nullptr || (value->type != V_ASN1_UTCTIME && value->type != V_ASN1_GENERALIZEDTIME))
    return std::nullopt;
  try {
    return to_instant(reinterpret_cast<const ASN1_TIME*>(value->value.asn1_string));
  } catch (const PkiError&) {
    return std::nullopt;
  }
}

}  // namespace

std::string_view to_string(CmsVerdict verdict) {
  switch (verdict) {
    case CmsVerdict::verified:
      return "verified";
    case CmsVerdict::content_mismatch:
      return "content-mismatch";
    case CmsVerdict::signature_invalid:
      return "signature-invalid";
    case CmsVerdict::untrusted_signer:
      return "untrusted-signer";
    case CmsVerdict::malformed:
      return "malformed";
  }
  return "malformed";
}

Bytes cms_sign_detached(ByteView content, const CmsSigner& signer, Instant at) {
  ERR_clear_error();
  X509Ptr certificate = certificate_x509(signer.certificate);
  CertificateStackPtr extra(sk_X509_new_null());
  if (!extra) throw_pki_error("CMS sign: certificate stack");
  for (const Certificate& c : signer.chain) {
    X509Ptr x509 = certificate_x509(c);
    if (sk_X509_push(extra.get(), x509.get()) <= 0) throw_pki_error("CMS sign: chain");
    x509.release();
  }
  BioPtr data = content_bio(content);
  // Partial: the signer is added, nothing is signed yet, so signingTime can be ours.
  CmsPtr cms(CMS_sign(certificate.get(), signer.key.native(), extra.get(), data.get(),
                      kSignFlags | CMS_PARTIAL));
  if (!cms) throw_pki_error("CMS sign: CMS_sign");
  STACK_OF(CMS_SignerInfo)* infos = CMS_get0_SignerInfos(cms.get());
  CMS_SignerInfo* si = infos ? sk_CMS_SignerInfo_value(infos, 0) : nullptr;
  if (si == nullptr) throw_pki_error("CMS sign: no signer info");
  TimePtr time(ASN1_TIME_set(nullptr, static_cast<time_t>(at.seconds())));
  if (!time) throw_pki_error("CMS sign: signingTime");
  if (CMS_signed_add1_attr_by_NID(si, NID_pkcs9_signingTime, time->type, time.get(), -1) <= 0)
    throw_pki_error("CMS sign: signingTime attribute");
  BioPtr final_data = content_bio(content);
  if (CMS_final(cms.get(), final_data.get(), nullptr, kSignFlags) != 1)
    throw_pki_error("CMS sign: CMS_final");
  return encode_der(cms.get(), i2d_CMS_ContentInfo, "CMS sign");
}

namespace {

// A decoded detached SignedData with one signer whose certificate is inside.
struct SignedData {
  CmsPtr cms;
  CMS_SignerInfo* si = nullptr;
  X509Ptr signer_x509;
  std::optional<Certificate> signer;
  TrustStore trust;  // the anchors, and the SignedData's other certificates as intermediates
};

// Decodes `signature`: on success `verification` names the signer and its signing time; on
// failure it holds the verdict and the result is empty.
std::optional<SignedData> decode_signed_data(ByteView signature, const TrustStore& anchors,
                                             CmsVerification& verification) {
  CmsVerification& failure = verification;
  ERR_clear_error();
  SignedData data;
  try {
    data.cms = decode_whole<CMS_ContentInfo, CMS_ContentInfo_free>(
        signature, d2i_CMS_ContentInfo, "CMS", "not a CMS ContentInfo",
        "trailing bytes after the CMS ContentInfo");
  } catch (const DecodeError& e) {
    failure = result(CmsVerdict::malformed, e.what());
    return std::nullopt;
  }
  if (OBJ_obj2nid(CMS_get0_type(data.cms.get())) != NID_pkcs7_signed) {
    failure = result(CmsVerdict::malformed, "not a SignedData");
    return std::nullopt;
  }
  if (CMS_is_detached(data.cms.get()) != 1) {
    failure = result(CmsVerdict::malformed, "the content is inside (not detached)");
    return std::nullopt;
  }
  STACK_OF(CMS_SignerInfo)* infos = CMS_get0_SignerInfos(data.cms.get());
  if (infos == nullptr || sk_CMS_SignerInfo_num(infos) != 1) {
    failure = result(CmsVerdict::malformed, "not exactly one signer");
    return std::nullopt;
  }
  data.si = sk_CMS_SignerInfo_value(infos, 0);

  // The signer's certificate and the others, from the SignedData.
  CertificateStackPtr certificates(CMS_get1_certs(data.cms.get()));
  data.trust = anchors;
  for (int i = 0; certificates && i < sk_X509_num(certificates.get()); ++i) {
    X509* x509 = sk_X509_value(certificates.get(), i);
    Certificate c = Certificate::from_der(encode_der(x509, i2d_X509, "CMS certificate"));
    if (!data.signer && CMS_SignerInfo_cert_cmp(data.si, x509) == 0) {
      data.signer = std::move(c);
      X509_up_ref(x509);
      data.signer_x509.reset(x509);
    } else {
      data.trust.add_intermediate(c);
    }
  }
  ERR_clear_error();
  if (!data.signer) {
    failure = result(CmsVerdict::malformed, "the signer's certificate is not inside");
    return std::nullopt;
  }
  verification.signer = data.signer->subject().to_string();
  verification.signing_time = signing_time(data.si);
  return data;
}

// The signer certificate at `at`, to the anchors, for code signing: sets the verdict.
void verify_signer(const SignedData& data, Instant at, CmsVerification& verification) {
  VerifyOptions options;
  options.purpose = ExtendedKeyUsage::code_signing;
  const VerifyResult chain = verify_certificate(*data.signer, data.trust, at, options);
  if (!chain.ok()) {
    verification.verdict = CmsVerdict::untrusted_signer;
    verification.chain_failure = chain.failure;
    verification.detail =
        "signer certificate: " + std::string(to_string(chain.failure)) + ": " + chain.detail;
    return;
  }
  verification.verdict = CmsVerdict::verified;
}

}  // namespace

CmsVerification cms_verify_detached(ByteView signature, ByteView content, const TrustStore& anchors,
                                    Instant at) {
  CmsVerification verification;
  std::optional<SignedData> data = decode_signed_data(signature, anchors, verification);
  if (!data) return verification;

  // 1. The signature over the content (the signer certificate is checked below, by pki/).
  BioPtr bio = content_bio(content);
  if (CMS_verify(data->cms.get(), nullptr, nullptr, bio.get(), nullptr,
                 CMS_BINARY | CMS_NO_SIGNER_CERT_VERIFY) != 1) {
    std::string text;
    const bool content_changed = queue_has_cms_reason(CMS_R_CONTENT_VERIFY_ERROR, text);
    verification.verdict =
        content_changed ? CmsVerdict::content_mismatch : CmsVerdict::signature_invalid;
    verification.detail = content_changed ? "message digest differs from the content's: " + text
                                          : "signature does not verify: " + text;
    return verification;
  }
  ERR_clear_error();

  // 2. The signer certificate.
  verify_signer(*data, at, verification);
  return verification;
}

CmsVerification cms_verify_detached_digest(ByteView signature, ByteView digest,
                                           const TrustStore& anchors, Instant at) {
  CmsVerification verification;
  std::optional<SignedData> data = decode_signed_data(signature, anchors, verification);
  if (!data) return verification;

  // 1. The signed attributes carry the digest, under SHA-256.
  X509_ALGOR* digest_algorithm = nullptr;
  CMS_SignerInfo_get0_algs(data->si, nullptr, nullptr, &digest_algorithm, nullptr);
  const ASN1_OBJECT* algorithm = nullptr;
  if (digest_algorithm != nullptr) X509_ALGOR_get0(&algorithm, nullptr, nullptr, digest_algorithm);
  if (algorithm == nullptr || OBJ_obj2nid(algorithm) != NID_sha256)
    return result(CmsVerdict::malformed, "the signer's digest algorithm is not SHA-256");
  if (CMS_signed_get_attr_count(data->si) <= 0)
    return result(CmsVerdict::malformed, "no signed attributes (no message digest to compare)");
  const auto* signed_digest = static_cast<const ASN1_OCTET_STRING*>(CMS_signed_get0_data_by_OBJ(
      data->si, OBJ_nid2obj(NID_pkcs9_messageDigest), -3, V_ASN1_OCTET_STRING));
  if (signed_digest == nullptr)
    return result(CmsVerdict::malformed, "no messageDigest signed attribute");

  // 2. The signature over the signed attributes, with the signer's key.
  CMS_SignerInfo_set1_signer_cert(data->si, data->signer_x509.get());
  if (CMS_SignerInfo_verify(data->si) != 1) {
    std::string text;
    (void)queue_has_cms_reason(0, text);
    verification.verdict = CmsVerdict::signature_invalid;
    verification.detail = "signature does not verify: " + text;
    return verification;
  }
  ERR_clear_error();
  const Bytes signed_value(
      ASN1_STRING_get0_data(signed_digest),
      ASN1_STRING_get0_data(signed_digest) + ASN1_STRING_length(signed_digest));
  if (signed_value != Bytes(digest.begin(), digest.end())) {
    verification.verdict = CmsVerdict::content_mismatch;
    verification.detail = "the signed message digest is not the given digest";
    return verification;
  }

  // 3. The signer certificate.
  verify_signer(*data, at, verification);
  return verification;
}

}  // namespace ifa026::pki
