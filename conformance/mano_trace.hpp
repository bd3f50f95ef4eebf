// What the NFV-MANO certificate trace says about one entity (docs/mano-certificates.md): its
// registration and registered FQDN, the CMF that serves it, the CA issuances that concern it
// (correlated by entity=, fqdn= or the subject's CN), the certificates it installed. Shared by
// the flow checks and the Annex B checks.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "conformance/check_registry.hpp"
#include "conformance/expectations.hpp"
#include "conformance/mano_roles.hpp"
#include "conformance/trace_query.hpp"

namespace ifa026::conformance {

// Everything a MANO check reads, built once per evaluation.
struct ManoView {
  explicit ManoView(const CheckContext& context);
  const CheckContext& context;
  TraceQuery query;
  ManoRoles roles;
  Expectations expect;
};

// The first RegisterEntity "registered" decision of a CMF for `entity`, or nullptr.
const sim::TraceRecord* registration_of(const ManoView& view, const std::string& entity);
// The FQDN the CMF registered for `entity` (from that decision), else the one the entity was
// configured with, else "".
std::string registered_fqdn(const ManoView& view, const std::string& entity);
// The CMF that handled `entity` (the actor of a CMF record naming it), else the first CMF.
std::string cmf_of(const ManoView& view, const std::string& entity);
// True when a CA record (IssueCertificate, RevokeCertificate) is about `entity` / `fqdn`:
// entity=, fqdn=, or a subject whose CN is the FQDN.
bool concerns(const sim::TraceRecord& record, const std::string& entity, const std::string& fqdn);
// True when the record carries none of the keys that tie it to an entity.
bool uncorrelated(const sim::TraceRecord& record);
// IssueCertificate "ok" decisions of any CA about `entity`.
std::vector<const sim::TraceRecord*> issuances_of(const ManoView& view, const std::string& entity);
// The "ok" `operation` decisions (IssueCertificate, RevokeCertificate) of any CA about the
// certificate `serial`, with an id strictly between `after` and `before` (0: unbounded), trace
// order.
std::vector<const sim::TraceRecord*> ca_serial_decisions(const ManoView& view,
                                                         const std::string& operation,
                                                         const std::string& serial,
                                                         std::uint64_t after = 0,
                                                         std::uint64_t before = 0);
// CertificateInstalled "ok" decisions of `entity`.
std::vector<const sim::TraceRecord*> installs_of(const ManoView& view, const std::string& entity);
// A detail reason containing `text` (case-insensitive); true when `text` is empty.
bool reason_contains(const sim::TraceRecord& record, const std::string& text);
// The run's end in simulated time.
sim::Time run_end(const CheckContext& context);

}  // namespace ifa026::conformance
