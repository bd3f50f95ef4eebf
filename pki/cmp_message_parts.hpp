// Internal to pki/: the parts of a PKIMessage (RFC 4210 §5.1) read from its DER through
// pki/der's element walk: the body choice and contents, the header fields OpenSSL 3.0 has no
// getters for (sender, protectionAlg, senderKID, transactionID, senderNonce), whether protection
// is present, the extraCerts; and a PKIStatusInfo's status, texts and failure bits.
#pragma once

#include <optional>
#include <vector>

#include "pki/bytes.hpp"
#include "pki/cmp_message.hpp"
#include "pki/der.hpp"

namespace ifa026::pki {

struct CmpMessageParts {
  int body = -1;                        // PKIBody choice number
  ByteView body_content;                // inside the body's [n] tag
  ByteView sender;                      // the sender GeneralName, whole
  ByteView sender_name;                 // the Name inside it when it is a directoryName
  std::optional<Bytes> protection_alg;  // contents of the protectionAlg OID
  std::optional<Bytes> sender_kid;
  std::optional<Bytes> transaction_id;
  std::optional<Bytes> sender_nonce;
  bool has_protection = false;
  std::vector<ByteView> extra_certs;  // each certificate, whole
};

// The parts of the PKIMessage that begins `der`; nullopt when its outline (a SEQUENCE of a header
// SEQUENCE of at least three fields and a body [n]) is not there. Fields that do not read are left
// empty.
std::optional<CmpMessageParts> read_cmp_message_parts(ByteView der);

// PKIStatusInfo ::= SEQUENCE { status, statusString PKIFreeText OPTIONAL, failInfo OPTIONAL }:
// adds its status, texts (joined by "; ") and failure bits to `info`; nothing when it is not a
// SEQUENCE of at least the status.
void read_status_info(const der::Element& status_info, CmpMessageInfo& info);

}  // namespace ifa026::pki
