// certConf, client errors and the withdrawal of unconfirmed certificates (see
// cmp_confirmation.hpp).
#include "pki/cmp_confirmation.hpp"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/x509.h>

#include <cstring>
#include <utility>

#include "pki/cmp_message_parts.hpp"
#include "pki/der.hpp"
#include "pki/openssl_codec.hpp"

namespace ifa026::pki {

namespace {

using namespace ossl;  // NOLINT(google-build-using-namespace): internal helpers

// Whether certHash (when present) differs from the issued certificate's hash, taken with the
// digest of its signature algorithm.
bool hash_mismatch(X509* issued, const ASN1_OCTET_STRING* cert_hash) {
  int md_nid = NID_undef;
  int pk_nid = NID_undef;
  if (cert_hash == nullptr ||
      OBJ_find_sigid_algs(X509_get_signature_nid(issued), &md_nid, &pk_nid) != 1 ||
      md_nid == NID_undef) {
    return false;
  }
  const EVP_MD* md = EVP_get_digestbynid(md_nid);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  return md != nullptr && X509_digest(issued, md, digest, &length) == 1 &&
         (static_cast<unsigned int>(ASN1_STRING_length(cert_hash)) != length ||
          std::memcmp(ASN1_STRING_get0_data(cert_hash), digest, length) != 0);
}

// The PKIStatus of a certConf's statusInfo, read from its DER.
std::optional<int> status_of(const OSSL_CMP_PKISI* si) {
  Owned<OSSL_CMP_PKISI, OSSL_CMP_PKISI_free> copy(OSSL_CMP_PKISI_dup(si));
  unsigned char* out = nullptr;
  const int n = copy ? i2d_OSSL_CMP_PKISI(copy.get(), &out) : 0;
  OpenSslBytes owned(out);
  CmpMessageInfo info;
  ByteView in(out, n > 0 ? static_cast<std::size_t>(n) : 0);
  if (const auto element = n > 0 ? der::next_element(in) : std::nullopt) {
    read_status_info(*element, info);
  }
  return info.status;
}

}  // namespace

void tell_credential_spent(CmpResponder& responder, const std::string& reference, Instant when) {
  if (!responder.on_credential_spent) return;
  try {
    responder.on_credential_spent(reference, when);
  } catch (const std::exception&) {
    ERR_clear_error();  // the hook's own failure does not undo the confirmation
  }
}

void withdraw_unconfirmed(CmpTransaction& t, CmpWithdrawalReason why) {
  if (!t.issued) return;
  const Certificate certificate = std::move(*t.issued);
  t.issued.reset();
  if (t.reference) t.responder.credentials.release(*t.reference, t.key);
  try {
    t.responder.ca.revoke(certificate.serial_hex(), t.now,
                          RevocationReason::cessation_of_operation);
  } catch (const std::exception&) {
    ERR_clear_error();
    return;
  }
  if (t.responder.on_withdrawn) {
    try {
      t.responder.on_withdrawn(CmpWithdrawal{t.key, certificate, why, t.reference});
    } catch (const std::exception&) {
      ERR_clear_error();  // the hook's own failure does not undo the withdrawal
    }
  }
}

void client_error(CmpTransaction& t) {
  t.finished = true;
  withdraw_unconfirmed(t, CmpWithdrawalReason::client_error);
}

int confirm_certificate(CmpTransaction& t, const ASN1_OCTET_STRING* cert_hash,
                        const OSSL_CMP_PKISI* status) {
  t.finished = true;
  if (!t.issued) return 0;
  try {
    X509Ptr x = certificate_x509(*t.issued);
    if (hash_mismatch(x.get(), cert_hash)) {
      ERR_raise_data(ERR_LIB_CMP, CMP_R_CERTHASH_UNMATCHED, "certConf hash mismatch");
      withdraw_unconfirmed(t, CmpWithdrawalReason::hash_mismatch);
      return 0;
    }
    // A rejection (status present and not accepted) withdraws the certificate.
    if (status != nullptr) {
      const std::optional<int> pki_status = status_of(status);
      if (pki_status && *pki_status != OSSL_CMP_PKISTATUS_accepted) {
        withdraw_unconfirmed(t, CmpWithdrawalReason::rejected_by_holder);
        return 1;
      }
    }
    // Confirmed: the certificate stays, and the one-use credential is spent only now.
    t.issued.reset();
    if (t.reference && t.responder.credentials.spend(*t.reference))
      tell_credential_spent(t.responder, *t.reference, t.now);
    return 1;
  } catch (const std::exception&) {
    ERR_clear_error();
    return 0;
  }
}

}  // namespace ifa026::pki
