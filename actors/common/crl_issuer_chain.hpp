// The issuing CA certificates a CRL publication brings along (CrlPublication::issuer_chain, sent
// by a CA re-keyed after a compromise): each one that decodes and chains to one of the relying
// party's trust anchors at `now` is returned, so that the relying party can add it to the CA
// certificates it offers the CRL against (pki::CrlStore). What does not verify is left out
// silently: the CRL is then judged as if nothing had come along (unknown issuer).
#pragma once

#include <vector>

#include "actors/messages/crl_dp.hpp"
#include "pki/certificate.hpp"

namespace ifa026::actors {

std::vector<pki::Certificate> verified_issuer_chain(const messages::CrlPublication& publication,
                                                    const std::vector<pki::Certificate>& anchors,
                                                    pki::Instant now);

}  // namespace ifa026::actors
