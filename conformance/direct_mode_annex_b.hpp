// The direct-mode part of the Annex B.2 CMF checks (docs/direct-mode.md): what Cmf.CertLcm.001,
// .004 and .008 observe when the CMF manages VNFCI certificates in direct mode (Annex C.2.1),
// added to the same checks' NFV-MANO observations in cmf_checks.cpp.
#pragma once

#include <set>
#include <string>

#include "conformance/check_outcome.hpp"
#include "conformance/mano_trace.hpp"

namespace ifa026::conformance {

// Cmf.CertLcm.001 in direct mode: enrolment and renewal of every VNFCI identity end in the CMF's
// inventory (VnfciCertificateRecorded of the installed serial); a removed VNFCI's certificates
// are revoked at the CA and the next CRL counts them; expected revocations happened; expiry is
// watched (ExpiryAlarm before not_after, none expiring unwatched). Adds the phases it saw
// exercised ("enrol", "renew", "revoke/remove", "expiry watch") to `exercised`.
void judge_direct_lifecycle(const ManoView& view, CheckOutcome& out,
                            std::set<std::string>& exercised);

// Cmf.CertLcm.004 in direct mode: the CMF chose the CA for every identity (IdentitiesCreated and
// EndEntityRegistration name it) and the CA that issued is that one.
void judge_direct_ca_selected(const ManoView& view, CheckOutcome& out);

// Cmf.CertLcm.008 in direct mode: the CMF handed every VNFCI its subject, names, CA endpoint,
// trust anchor and initial credential (VnfciCertificateConfiguration, stored by the VNFCI), and
// what the VNFCI requested and got matches the registration (subject = registered subject).
void judge_direct_data_handed_out(const ManoView& view, CheckOutcome& out);

}  // namespace ifa026::conformance
