// The CMP body names a CA-1 carrier may travel under (see ca1.hpp).
#include "actors/messages/ca1.hpp"

#include "pki/cmp_server.hpp"

namespace ifa026::actors::messages {

bool CmpMessage::accepts(std::string_view operation) {
  // PKIBody choice numbers run from 0 (ir) to 26 (pollRep) in RFC 4210.
  for (int body = 0; body <= 26; ++body)
    if (pki::cmp_body_name(body) == operation) return true;
  return false;
}

}  // namespace ifa026::actors::messages
