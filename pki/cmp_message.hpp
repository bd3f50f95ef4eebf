// The CMPv2 (RFC 4210) message vocabulary both ends read: PKIFailureInfo bits, PKIBody choice
// numbers and names, and what a PKIMessage says (body, status, failure bits, texts, transaction
// and sender key IDs, protection, the issued certificate), read from its DER.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "pki/bytes.hpp"

namespace ifa026::pki {

// RFC 4210 PKIFailureInfo bit numbers.
enum class CmpFailure : int {
  bad_alg = 0,
  bad_message_check = 1,
  bad_request = 2,
  bad_time = 3,
  bad_cert_id = 4,
  bad_data_format = 5,
  wrong_authority = 6,
  incorrect_data = 7,
  missing_time_stamp = 8,
  bad_pop = 9,
  cert_revoked = 10,
  cert_confirmed = 11,
  wrong_integrity = 12,
  bad_recipient_nonce = 13,
  time_not_available = 14,
  unaccepted_policy = 15,
  unaccepted_extension = 16,
  add_info_not_available = 17,
  bad_sender_nonce = 18,
  bad_cert_template = 19,
  signer_not_trusted = 20,
  transaction_id_in_use = 21,
  unsupported_version = 22,
  not_authorized = 23,
  system_unavail = 24,
  system_failure = 25,
  duplicate_cert_req = 26,
};
std::string_view to_string(CmpFailure failure);
constexpr std::uint32_t failure_bit(CmpFailure f) {
  return 1u << static_cast<int>(f);
}

// RFC 4210 PKIBody choice numbers used here.
enum class CmpBody : int {
  ir = 0,
  ip = 1,
  cr = 2,
  cp = 3,
  p10cr = 4,
  kur = 7,
  kup = 8,
  rr = 11,
  rp = 12,
  pkiconf = 19,
  genm = 21,
  genp = 22,
  error = 23,
  cert_conf = 24,
  poll_req = 25,
  poll_rep = 26,
};
// RFC 4210's names: "ir", "ip", "cr", "cp", "p10cr", "kur", "kup", "rr", "rp", "pkiConf", "genm",
// "genp", "error", "certConf", "pollReq", "pollRep"; nullopt for other body numbers.
std::optional<std::string_view> cmp_body_name(int body);

// What a CMP message says, read from its DER (for tests, logs and the conformance checks).
struct CmpMessageInfo {
  int body = -1;                // PKIBody choice number (CmpBody)
  std::optional<int> status;    // PKIStatus of the first PKIStatusInfo (ip/cp/kup/rp/error)
  std::uint32_t fail_info = 0;  // PKIFailureInfo bits (failure_bit)
  std::string status_text;      // statusString entries joined by "; "
  Bytes transaction_id;
  Bytes sender_kid;
  bool protected_ = false;
  std::optional<Bytes> certificate;  // first certificate of ip/cp/kup, DER
  bool has_failure(CmpFailure f) const { return (fail_info & failure_bit(f)) != 0; }
};

// Decodes with OpenSSL (d2i_OSSL_CMP_MSG) and reads the fields above. Throws DecodeError.
CmpMessageInfo inspect_cmp_message(ByteView der);

// The same fields read from the DER structure alone (PKIMessage, header, body and status TLVs),
// without OpenSSL's full decode of the message and its certificates: for a message that OpenSSL
// decodes anyway (a request about to be handled, a response about to be processed by the client)
// or that it has just encoded. Throws DecodeError when the structure is not a PKIMessage.
CmpMessageInfo peek_cmp_message(ByteView der);

}  // namespace ifa026::pki
