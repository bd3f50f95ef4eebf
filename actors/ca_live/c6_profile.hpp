// What the `ca-live` actor holds a certificate the real CA issued against (docs/live-ca.md): the
// items of the end-entity profile of Annex C.6 (table C.6-1) that the certificate itself shows,
// as the simulated CA issues them (docs/pki.md, "Clause C.6 profile as issued"). No catalogue
// requirement judges the profile, so the answer goes into the IssueCertificate record
// (`verification`), for people and reports; the flows' checks judge what the entities did with
// the certificate.
#pragma once

#include <string>
#include <vector>

#include "pki/certificate.hpp"

namespace ifa026::actors::ca_live {

// The profile items `certificate` misses, in table order ("no subjectAltName", "validity of
// 4000 days above 1096", ...); empty when it meets every one checked.
std::vector<std::string> c6_profile_problems(const pki::Certificate& certificate);

}  // namespace ifa026::actors::ca_live
