// The distinguished names `ifa026 ca` and `ifa026 load` take on their command lines: RFC 4514
// ("CN=x,O=y": the last RDN first, so the certificate's DER order is O, then CN) or OpenSSL's
// slash form ("/O=y/CN=x": the order written, as `openssl req -subj` and `openssl cmp -subject`
// read it), told apart by the leading slash. The parsing is pki/dn_text's (parse_rfc4514,
// parse_openssl_slash).
#pragma once

#include <string>

#include "pki/dn_text.hpp"

namespace ifa026::cli {

// The name `text` (the value of `option`) stands for; a malformed one is a UsageError naming
// `option`. "" is the empty name.
pki::DistinguishedName subject_argument(const std::string& option, const std::string& text);

}  // namespace ifa026::cli
