// The identity a CA binds to an end entity (subject and subjectAltNames) and the one check both
// CAs make with it: whether a certificate request asks for that identity and nothing else. Used
// by the simulated CA (a registered end entity's template) and by `ifa026 ca serve` (a
// registration, or the certificate a request is signed with).
#pragma once

#include <optional>
#include <string>

#include "pki/certificate.hpp"
#include "pki/csr.hpp"
#include "pki/dn_text.hpp"
#include "pki/names.hpp"

namespace ifa026::pki {

struct EntityIdentity {
  DistinguishedName subject;
  SubjectAltName san;
};

// The identity a certificate was issued for (its subject and subjectAltName).
EntityIdentity identity_of(const Certificate& certificate);

// Canonical text of an IPv4 or IPv6 address ("::1" for "0:0::1"); nullopt if it is not one.
std::optional<std::string> canonical_ip(const std::string& text);

// "DNS:a.example.net, IP:192.0.2.1, URI:https://x" (the subjectAltName as openssl prints it;
// "none" when empty).
std::string describe_san(const SubjectAltName& san);

// True when both name the same entries as sets: dNSNames compared without regard to case,
// addresses in canonical form, order and duplicates ignored.
bool same_san(const SubjectAltName& a, const SubjectAltName& b);

// Why a certificate request asking for `requested` is not for `identity`, or nullopt when it is:
// a requested subject must be the identity's (an empty one stands for it: the CA imposes it), and
// the requested subjectAltNames must be exactly the identity's (same_san), unless
// `absent_san_allowed` and the request names none (the CA then imposes the identity's). `who`
// names the identity in the reason; `names` says how the reason writes the subjects.
std::optional<std::string> identity_mismatch(const EntityIdentity& identity,
                                             const CsrContent& requested, const std::string& who,
                                             bool absent_san_allowed = false,
                                             NameText names = NameText::in_order);

}  // namespace ifa026::pki
