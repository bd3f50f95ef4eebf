// Internal to pki/: the canonical-DER check of any encoding, for input that OpenSSL decodes (a
// CSR and its extension values) but would also accept in BER: every element's framing by
// der::read_header, primitive universal types in their one DER form, no constructed strings,
// SET OF sorted. Contents of other tags are not interpreted.
#pragma once

#include <string_view>

#include "pki/bytes.hpp"

namespace ifa026::pki::der {

// Throws DecodeError "<what>: not DER (<why> at offset <n>)" unless `der` is exactly one element in
// distinguished encoding (nesting at most 32 deep).
void check_canonical(ByteView der, std::string_view what);

}  // namespace ifa026::pki::der
