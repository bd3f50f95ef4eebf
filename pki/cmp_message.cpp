// CMP message vocabulary (failure and body names) and the facts of a message read from its DER:
// with OpenSSL's full decode first (inspect_cmp_message) or from the structure alone
// (peek_cmp_message, through cmp_message_parts).
#include "pki/cmp_message.hpp"

#include <openssl/cmp.h>

#include "pki/cmp_message_parts.hpp"
#include "pki/der.hpp"
#include "pki/openssl_ownership.hpp"

namespace ifa026::pki {

std::optional<std::string_view> cmp_body_name(int body) {
  switch (static_cast<CmpBody>(body)) {
    case CmpBody::ir:
      return "ir";
    case CmpBody::ip:
      return "ip";
    case CmpBody::cr:
      return "cr";
    case CmpBody::cp:
      return "cp";
    case CmpBody::p10cr:
      return "p10cr";
    case CmpBody::kur:
      return "kur";
    case CmpBody::kup:
      return "kup";
    case CmpBody::rr:
      return "rr";
    case CmpBody::rp:
      return "rp";
    case CmpBody::pkiconf:
      return "pkiConf";
    case CmpBody::genm:
      return "genm";
    case CmpBody::genp:
      return "genp";
    case CmpBody::error:
      return "error";
    case CmpBody::cert_conf:
      return "certConf";
    case CmpBody::poll_req:
      return "pollReq";
    case CmpBody::poll_rep:
      return "pollRep";
  }
  return std::nullopt;
}

std::string_view to_string(CmpFailure failure) {
  static constexpr std::string_view kNames[] = {"badAlg",
                                                "badMessageCheck",
                                                "badRequest",
                                                "badTime",
                                                "badCertId",
                                                "badDataFormat",
                                                "wrongAuthority",
                                                "incorrectData",
                                                "missingTimeStamp",
                                                "badPOP",
                                                "certRevoked",
                                                "certConfirmed",
                                                "wrongIntegrity",
                                                "badRecipientNonce",
                                                "timeNotAvailable",
                                                "unacceptedPolicy",
                                                "unacceptedExtension",
                                                "addInfoNotAvailable",
                                                "badSenderNonce",
                                                "badCertTemplate",
                                                "signerNotTrusted",
                                                "transactionIdInUse",
                                                "unsupportedVersion",
                                                "notAuthorized",
                                                "systemUnavail",
                                                "systemFailure",
                                                "duplicateCertReq"};
  int i = static_cast<int>(failure);
  return i >= 0 && i <= 26 ? kNames[i] : "unknown";
}

CmpMessageInfo inspect_cmp_message(ByteView der) {
  const unsigned char* p = der.data();
  ossl::Owned<OSSL_CMP_MSG, OSSL_CMP_MSG_free> msg(
      d2i_OSSL_CMP_MSG(nullptr, &p, static_cast<long>(der.size())));
  if (!msg || p != der.data() + der.size()) throw_decode_error("CMP message DER");
  return peek_cmp_message(der);
}

CmpMessageInfo peek_cmp_message(ByteView der) {
  if (!der::single_element(der)) throw DecodeError("CMP message DER");
  const auto m = read_cmp_message_parts(der);
  if (!m) throw DecodeError("CMP message DER: unexpected structure");
  CmpMessageInfo info;
  info.body = m->body;
  info.transaction_id = m->transaction_id.value_or(Bytes{});
  info.sender_kid = m->sender_kid.value_or(Bytes{});
  info.protected_ = m->has_protection;
  ByteView in = m->body_content;
  const auto content = der::next_element(in);
  if (!content) return info;
  switch (static_cast<CmpBody>(m->body)) {
    case CmpBody::ip:
    case CmpBody::cp:
    case CmpBody::kup: {
      // CertRepMessage ::= SEQUENCE { caPubs [1] OPTIONAL, response SEQUENCE OF CertResponse }
      // CertResponse ::= SEQUENCE { certReqId, status, certifiedKeyPair OPTIONAL, ... }
      const auto fields = der::split_elements(content->content);
      const der::Element* responses = fields ? der::find_element(*fields, der::kSequence) : nullptr;
      const auto list = responses ? der::split_elements(responses->content) : std::nullopt;
      const auto response =
          list && !list->empty() ? der::split_elements(list->front().content) : std::nullopt;
      if (!response || response->size() < 2) break;
      read_status_info((*response)[1], info);
      // CertifiedKeyPair ::= SEQUENCE { certOrEncCert CertOrEncCert, ... }
      // CertOrEncCert ::= CHOICE { certificate [0] CMPCertificate, ... }
      const auto pair =
          response->size() >= 3 ? der::split_elements((*response)[2].content) : std::nullopt;
      if (pair && !pair->empty() && pair->front().tag == der::context_tag(0)) {
        ByteView cert_in = pair->front().content;
        if (const auto cert = der::next_element(cert_in)) {
          info.certificate = Bytes(cert->whole.begin(), cert->whole.end());
        }
      }
      break;
    }
    case CmpBody::rp: {
      // RevRepContent ::= SEQUENCE { status SEQUENCE OF PKIStatusInfo, ... }
      const auto fields = der::split_elements(content->content);
      const auto statuses =
          fields && !fields->empty() ? der::split_elements(fields->front().content) : std::nullopt;
      if (statuses && !statuses->empty()) read_status_info(statuses->front(), info);
      break;
    }
    case CmpBody::error: {
      // ErrorMsgContent ::= SEQUENCE { pKIStatusInfo, errorCode OPTIONAL, errorDetails OPTIONAL }
      const auto fields = der::split_elements(content->content);
      if (fields && !fields->empty()) read_status_info(fields->front(), info);
      break;
    }
    default:
      break;
  }
  return info;
}

}  // namespace ifa026::pki
