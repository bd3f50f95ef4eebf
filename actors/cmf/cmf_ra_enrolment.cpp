// The CMF's own RA certificates, enrolled and renewed at each of its CAs (see
// cmf_ra_enrolment.hpp).
#include "actors/cmf/cmf_ra_enrolment.hpp"

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

#include "actors/common/trace_detail.hpp"
#include "pki/chain_verifier.hpp"
#include "pki/names.hpp"

namespace ifa026::actors::cmf {
namespace {

namespace keys = detail_keys;
namespace values = detail_values;

}  // namespace

CmfRaEnrolment::CmfRaEnrolment(CmfState& state, std::function<void()> became_ready,
                               std::function<void(const std::string& ca)> installed)
    : CmfPart(state), became_ready_(std::move(became_ready)), installed_(std::move(installed)) {}

void CmfRaEnrolment::reenrol(const std::string& ca) {
  RaIdentity& id = identities_[ca];
  if (id.renewal_timer.valid()) context().withdraw(id.renewal_timer);
  id.renewal_timer = {};
  enrol(ca);
}

TraceDetail CmfRaEnrolment::about_own(const std::string& ca, const char* purpose) const {
  return TraceDetail()
      .add(keys::kFqdn, config_.fqdn)
      .add(keys::kCa, ca)
      .add(keys::kPurpose, purpose);
}

void CmfRaEnrolment::on_ca(const char* operation, const char* outcome, const std::string& ca,
                           TraceDetail detail) {
  trace({.operation = operation,
         .outcome = outcome,
         .peer = ca,
         .reference_point = reference_points::kCa1,
         .detail = std::move(detail)});
}

// The primary CA (`ca`) gives the CMF its TLS identity and readiness; every other CA named in
// `cas` gets its own RA enrolment, so CSRs can be forwarded there too.
void CmfRaEnrolment::enrol_all() {
  identities_[config_.ca];
  for (const auto& [kind, ca] : config_.cas) identities_[ca];
  if (config_.direct_mode) identities_[config_.direct_mode->ca];
  for (const auto& [ca, id] : identities_) enrol(ca);
}

void CmfRaEnrolment::enrol(const std::string& ca) {
  const pki::PrivateKey key = pki::PrivateKey::generate(pki::KeyType::ec_p256);
  const std::string fqdn = config_.fqdn;
  const std::string reference = config_.ra_reference;
  const pki::Bytes secret(config_.ra_secret.begin(), config_.ra_secret.end());
  const pki::Instant at = now();
  // ir is PBM-protected with the day-0 RA secret; the response's caPubs give the trust anchor.
  ra_.run(
      ca, pki::CmpClientConfig{}, "", "", "",
      [key, fqdn, reference, secret, at](pki::CmpClient& client) {
        return client.enrol_ir(reference, secret, key, pki::DistinguishedName{{{"CN", fqdn}}},
                               pki::SubjectAltName{{fqdn}, {}, {}}, at);
      },
      [this, ca, key](const CmpExchange::Outcome& outcome) {
        on_enrolled(ca, key, outcome.result);
      });
}

// The CMF renews its own certificate at a CA (a fresh ir with its RA credential, so the CA
// keeps recognising it as RA) once two thirds of its remaining validity have passed.
void CmfRaEnrolment::schedule_own_renewal(const std::string& ca, RaIdentity& id) {
  if (id.renewal_timer.valid()) context().withdraw(id.renewal_timer);
  id.renewal_timer = {};
  const std::int64_t remaining = id.certificate->not_after().unix_ns - now().unix_ns;
  if (remaining <= 0) return;
  id.renewal_timer =
      schedule(sim::Duration::nanoseconds(remaining / 3 * 2), "CmfCertificateRenewal", [this, ca] {
        identities_[ca].renewal_timer = {};
        enrol(ca);
      });
}

void CmfRaEnrolment::on_enrolled(const std::string& ca, const pki::PrivateKey& key,
                                 const pki::CmpResult& result) {
  const bool is_primary = ca == config_.ca;
  RaIdentity& id = identities_[ca];
  const bool renewal = id.ready();
  // CmfReady for the first certificate of the primary CA, RaCertificate for the others and for
  // every renewal.
  const char* operation = is_primary && !renewal ? decisions::kCmfReady : decisions::kRaCertificate;
  const char* purpose = renewal ? values::kPurposeRenewal : values::kPurposeEnrolment;
  std::string problem;
  std::vector<pki::Certificate> anchors;
  std::vector<pki::Certificate> chain;
  if (!result.ok() || !result.certificate) {
    problem = CmpExchange::failure_reason(result);
  } else {
    for (const auto& c : result.ca_pubs)
      if (c.subject() == c.issuer()) anchors.push_back(c);
    for (const auto& c : result.chain)
      if (!(c == *result.certificate) &&
          std::find(anchors.begin(), anchors.end(), c) == anchors.end())
        chain.push_back(c);
    if (anchors.empty()) {
      problem = "no root CA certificate in caPubs";
    } else {
      pki::TrustStore store;
      for (const auto& a : anchors) store.add_anchor(a);
      for (const auto& c : chain) store.add_intermediate(c);
      const auto verdict = pki::verify_certificate(*result.certificate, store, now());
      if (!verdict.ok())
        problem = "own certificate does not chain to caPubs: " +
                  std::string(pki::to_string(verdict.failure));
    }
  }
  if (!problem.empty()) {
    const sim::Duration delay = config_.ca_timeout * (std::int64_t{1} << std::min(id.attempts, 6));
    ++id.attempts;
    on_ca(operation, outcomes::kFailed, ca,
          about_own(ca, purpose)
              .add(keys::kReason, problem)
              .add(keys::kRetryIn, sim::format_duration(delay)));
    schedule(delay, "CmfEnrolmentRetry", [this, ca] { enrol(ca); });
    return;
  }
  id.key = key;
  id.certificate = *result.certificate;
  id.anchors = anchors;
  id.chain = chain;
  id.attempts = 0;
  schedule_own_renewal(ca, id);
  // Peers' certificates may come from any of the CMF's CAs.
  auto& credentials = channels_.credentials();
  credentials.trust_anchors.clear();
  for (const auto& [name, other] : identities_)
    for (const auto& a : other.anchors)
      if (std::find(credentials.trust_anchors.begin(), credentials.trust_anchors.end(), a) ==
          credentials.trust_anchors.end())
        credentials.trust_anchors.push_back(a);
  on_ca(operation, outcomes::kOk, ca,
        about_own(ca, purpose)
            .add(keys::kSerial, id.certificate->serial_hex())
            .add(keys::kNotAfter, utc(id.certificate->not_after()))
            .add(keys::kTrustAnchor, id.anchors.front().subject().to_string()));
  if (!is_primary) {
    if (!renewal && ready_ && direct_) direct_->on_ra_ready();
    if (installed_) installed_(ca);
    return;
  }
  // New sessions present the new certificate; open ones keep theirs.
  credentials.key = key;
  credentials.certificate = id.certificate;
  credentials.chain = id.chain;
  if (renewal) {
    if (installed_) installed_(ca);
    return;
  }
  ready_ = true;
  became_ready_();
  if (installed_) installed_(ca);
}

}  // namespace ifa026::actors::cmf
