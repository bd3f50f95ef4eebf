// The NFVO's answer to an SM's security function catalogue query on Sc-Or (issue 16;
// docs/security-monitoring.md "Security functions: VSF, PSF behind an EM, ISF behind the ISM";
// Annex A R1.2.40): the onboarded packages a VSF can be instantiated from, listed for a bound SM
// holding a grant in at least one domain (SmService::on_sf_catalogue, sm_sf_catalogue.cpp).
#pragma once

#include <vector>

#include "actors/messages/sm_sf.hpp"
#include "actors/nfvo/vnf_package_catalogue.hpp"

namespace ifa026::actors::nfvo {

// Every onboarded package in package id order, `available` when its integrity was accepted at
// onboarding (verified, or unsigned and allowed).
std::vector<messages::SmVsfPackage> vsf_packages(const VnfPackageCatalogue& catalogue);

}  // namespace ifa026::actors::nfvo
