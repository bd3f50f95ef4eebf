// The text forms people write a distinguished name in, for command lines (`ifa026 ca`, `ifa026
// load`: cli/subject_argument): RFC 4514 and OpenSSL's slash form, which list the RDNs in opposite
// orders. pki::DistinguishedName::parse/to_string (pki/names.hpp) keep the attributes in the order
// written; the simulator's scenarios and traces use them.
#pragma once

#include <string>
#include <string_view>

#include "pki/names.hpp"

namespace ifa026::pki {

// RFC 4514 ("CN=vnfm-1,O=Operator", as `openssl x509 -nameopt RFC2253` prints): the RDNs from the
// last to the first, so this is the name whose DER sequence is O, then CN. Escapes: a backslash
// before one of `"+,;<>\=#` or a space, or two hex digits (one byte of the UTF-8 value: "\2C").
// Unescaped whitespace around separators is ignored. Attribute types CN, O, OU, C, ST, L, their
// long names (commonName, ...) or dotted OIDs (2.5.4.3, ...), in any case. Multi-valued RDNs (an
// unescaped '+') and "#hex" values are refused. Throws PkiError naming the bad part; "" is the
// empty name.
DistinguishedName parse_rfc4514(std::string_view text);
// RFC 4514 text of `name` (last attribute first), escaped as RFC 4514 asks.
std::string to_rfc4514(const DistinguishedName& name);
// OpenSSL's slash form ("/O=Operator/CN=vnfm-1", as `openssl req -subj` and `openssl cmp
// -subject` read it): the RDNs in the order written, which is their DER order. A backslash
// escapes the next character in a value ("\/" a slash, "\+" a plus); nothing is trimmed; one
// trailing '/' is allowed. Attribute types as parse_rfc4514 takes them; multi-valued RDNs (an
// unescaped '+') and empty values are refused. Throws PkiError naming the bad part.
DistinguishedName parse_openssl_slash(std::string_view text);
// The slash form of `name` (first attribute first): what `openssl cmp -subject` takes.
std::string to_openssl_slash(const DistinguishedName& name);

// How a name is written in a message for people: as DistinguishedName::to_string does (the
// simulator's traces) or RFC 4514 (`ifa026 ca`).
enum class NameText { in_order, rfc4514 };
std::string name_text(const DistinguishedName& name, NameText form);

}  // namespace ifa026::pki
