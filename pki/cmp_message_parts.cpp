// Reading a PKIMessage's parts and a PKIStatusInfo with pki/der's element walk (see
// cmp_message_parts.hpp).
#include "pki/cmp_message_parts.hpp"

namespace ifa026::pki {

namespace {

// The OCTET STRING inside an [n] EXPLICIT header field.
std::optional<Bytes> octets(const der::Element& explicit_tag) {
  const auto inner = der::single_element(explicit_tag.content);
  if (!inner || inner->tag != der::kOctetString) return std::nullopt;
  return Bytes(inner->content.begin(), inner->content.end());
}

// PKIHeader ::= SEQUENCE { pvno, sender, recipient, messageTime [0], protectionAlg [1],
// senderKID [2], recipKID [3], transactionID [4], senderNonce [5], recipNonce [6], ... }
void read_header_fields(const std::vector<der::Element>& header, CmpMessageParts& m) {
  m.sender = header[1].whole;
  if (header[1].tag == der::context_tag(4)) m.sender_name = header[1].content;
  for (std::size_t i = 3; i < header.size(); ++i) {
    const der::Element& field = header[i];
    if (field.tag == der::context_tag(1)) {
      ByteView in = field.content;
      const auto algorithm = der::next_element(in);
      const auto parts = algorithm ? der::split_elements(algorithm->content) : std::nullopt;
      if (parts && !parts->empty() && parts->front().tag == der::kObjectIdentifier) {
        m.protection_alg = Bytes(parts->front().content.begin(), parts->front().content.end());
      }
    } else if (field.tag == der::context_tag(2)) {
      m.sender_kid = octets(field);
    } else if (field.tag == der::context_tag(4)) {
      m.transaction_id = octets(field);
    } else if (field.tag == der::context_tag(5)) {
      m.sender_nonce = octets(field);
    }
  }
}

}  // namespace

std::optional<CmpMessageParts> read_cmp_message_parts(ByteView der) {
  ByteView in = der;
  const auto top = der::next_element(in);
  if (!top || top->tag != der::kSequence) return std::nullopt;
  const auto parts = der::split_elements(top->content);
  if (!parts || parts->size() < 2) return std::nullopt;
  const der::Element& header_element = (*parts)[0];
  const der::Element& body = (*parts)[1];
  if (header_element.tag != der::kSequence || (body.tag & 0xe0) != 0xa0) return std::nullopt;
  CmpMessageParts m;
  m.body = body.tag & 0x1f;
  m.body_content = body.content;
  // PKIMessage ::= SEQUENCE { header, body, protection [0] OPTIONAL, extraCerts [1] OPTIONAL }
  for (std::size_t i = 2; i < parts->size(); ++i) {
    const der::Element& part = (*parts)[i];
    if (part.tag == der::context_tag(0)) m.has_protection = true;
    if (part.tag == der::context_tag(1)) {
      ByteView certs_in = part.content;
      const auto sequence = der::next_element(certs_in);
      const auto certs = sequence ? der::split_elements(sequence->content) : std::nullopt;
      if (certs) {
        for (const der::Element& c : *certs) m.extra_certs.push_back(c.whole);
      }
    }
  }
  const auto header = der::split_elements(header_element.content);
  if (!header || header->size() < 3) return std::nullopt;
  read_header_fields(*header, m);
  return m;
}

void read_status_info(const der::Element& status_info, CmpMessageInfo& info) {
  if (status_info.tag != der::kSequence) return;
  const auto fields = der::split_elements(status_info.content);
  if (!fields || fields->empty()) return;
  if (auto status = der::small_integer(fields->front())) info.status = *status;
  for (std::size_t i = 1; i < fields->size(); ++i) {
    const der::Element& field = (*fields)[i];
    if (field.tag == der::kSequence) {
      if (const auto texts = der::split_elements(field.content)) {
        for (const der::Element& text : *texts) {
          if (!info.status_text.empty()) info.status_text += "; ";
          info.status_text.append(text.content.begin(), text.content.end());
        }
      }
    } else if (field.tag == der::kBitString) {
      info.fail_info |= der::named_bits_of(field.content);
    }
  }
}

}  // namespace ifa026::pki
