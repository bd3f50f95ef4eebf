// CMPv2 (RFC 4210) client on OSSL_CMP_CTX: ir (PBM or signed), cr/p10cr (signed), kur, rr, each
// confirmed; messages go through a caller-provided transport (or OpenSSL's HTTP transfer), verified
// at `now` (or at a clock's time).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "pki/bytes.hpp"
#include "pki/certificate.hpp"
#include "pki/cmp_server.hpp"
#include "pki/crl.hpp"
#include "pki/csr.hpp"
#include "pki/key.hpp"
#include "pki/names.hpp"

namespace ifa026::pki {

// Hands one DER request to the server and returns its DER response. May block (e.g. in a Fiber);
// an exception or an empty reply makes the operation fail.
using CmpTransport = std::function<Bytes(ByteView request)>;

struct CmpClientConfig {
  CmpTransport transport;  // empty: OpenSSL's HTTP transfer to http_server:http_port/http_path
  std::string http_server = "127.0.0.1";
  int http_port = 0;
  std::string http_path = "/pkix/";
  // Wall-clock limit per HTTP exchange (real sockets only; with a transport there is none, as
  // OSSL_CMP_OPT_MSG_TIMEOUT/TOTAL_TIMEOUT are 0 and time is the caller's).
  int http_timeout_seconds = 10;
  // Trust anchors for signed responses (and signed errors) and for the new certificate's path.
  std::vector<Certificate> trust_anchors;
  std::vector<Certificate> untrusted;  // intermediates
  // Pin the server's protecting certificate instead (optional).
  std::optional<Certificate> server_cert;
  bool implicit_confirm = false;
  // Requested in the CRMF certificate template of ir/cr/kur (extendedKeyUsage extension); none
  // when empty. The CA's profile may replace it.
  std::vector<ExtendedKeyUsage> extended_key_usage{ExtendedKeyUsage::client_auth,
                                                   ExtendedKeyUsage::server_auth};
  // The time at which responses and the new certificate are verified, read again after every
  // reply the transport returns (a simulated clock moves while an exchange waits). Empty: the
  // `now` passed to the operation, for the whole exchange.
  std::function<Instant()> clock;
};

struct CmpResult {
  std::optional<Certificate> certificate;
  std::vector<Certificate> chain;    // as the server sent it (extraCerts / newChain)
  std::vector<Certificate> ca_pubs;  // ir only
  int status = -1;                   // PKIStatus of the response (-1: none received)
  std::uint32_t fail_info = 0;       // PKIFailureInfo bits
  std::string status_text;           // the response's PKIStatusInfo as text
  std::string error;                 // OpenSSL's error queue text when the operation failed
  // The client validated `certificate` against the configured trust anchors (path at the
  // clock's time, with the chain the server sent) and matched it to the requested key before it
  // confirmed it (OSSL_CMP_certConf_cb): a caller need not verify the chain again.
  bool certificate_verified = false;
  bool ok() const { return error.empty() && status >= 0 && status <= 1; }
  bool has_failure(CmpFailure f) const { return (fail_info & failure_bit(f)) != 0; }
};

class CmpClient {
 public:
  explicit CmpClient(CmpClientConfig config);

  // ir protected by PBM with the initial credential (reference = senderKID).
  CmpResult enrol_ir(const std::string& reference, ByteView secret, const PrivateKey& new_key,
                     const DistinguishedName& subject, const SubjectAltName& san, Instant now);
  // ir signed with an existing certificate (`client_cert`/`client_key`) for `new_key`.
  CmpResult enrol_ir_signed(const Certificate& client_cert, const PrivateKey& client_key,
                            const PrivateKey& new_key, const DistinguishedName& subject,
                            const SubjectAltName& san, Instant now);
  // cr signed with an existing certificate (`client_cert`/`client_key`) for `new_key`.
  CmpResult enrol_cr(const Certificate& client_cert, const PrivateKey& client_key,
                     const PrivateKey& new_key, const DistinguishedName& subject,
                     const SubjectAltName& san, Instant now);
  // p10cr carrying `csr`, signed with an existing certificate.
  CmpResult enrol_p10cr(const Csr& csr, const Certificate& client_cert,
                        const PrivateKey& client_key, Instant now);
  // p10cr carrying `csr`, protected by PBM with an initial credential (`reference` is the
  // senderKID), for a request signed elsewhere (e.g. by an HSM).
  CmpResult enrol_p10cr_pbm(const std::string& reference, ByteView secret, const Csr& csr,
                            Instant now);
  // kur signed with the certificate being renewed.
  CmpResult renew_kur(const Certificate& old_cert, const PrivateKey& old_key,
                      const PrivateKey& new_key, Instant now);
  // rr for `cert`, signed with that certificate (self-revocation).
  CmpResult revoke_rr(const Certificate& cert, const PrivateKey& key, RevocationReason reason,
                      Instant now);
  // rr for another entity's `target` certificate, signed with an RA certificate
  // (`signer_cert`/`signer_key`); the server's authorise hook decides whether that RA may.
  CmpResult revoke_rr_for(const Certificate& target, const Certificate& signer_cert,
                          const PrivateKey& signer_key, RevocationReason reason, Instant now);

  // Requests sent in the last operation (for tests that tamper with them).
  const std::vector<Bytes>& last_requests() const { return sent_; }

 private:
  friend struct CmpClientTransfer;
  struct Operation;
  CmpResult run(Operation& op, Instant now);

  CmpClientConfig config_;
  std::vector<Bytes> sent_;
};

}  // namespace ifa026::pki
