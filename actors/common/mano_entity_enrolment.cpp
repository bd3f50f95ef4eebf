// The MANO entity's enrolment and renewal at its CMF (see mano_entity_enrolment.hpp).
#include "actors/common/mano_entity_enrolment.hpp"

#include <algorithm>
#include <optional>
#include <utility>

#include "actors/common/envelope.hpp"
#include "actors/common/mano_entity_crl.hpp"
#include "actors/common/mano_entity_keys.hpp"
#include "actors/common/mano_entity_sessions.hpp"
#include "actors/common/pki_clock.hpp"
#include "actors/messages/codec.hpp"
#include "actors/messages/operations.hpp"
#include "actors/messages/reference_points.hpp"
#include "pki/chain_verifier.hpp"
#include "pki/cmp_client.hpp"
#include "pki/password_based_mac.hpp"
#include "pki/remote_key.hpp"

namespace ifa026::actors {

namespace dk = detail_keys;

ManoEntityEnrolment::ManoEntityEnrolment(ManoEntityState& state, ManoEntityKeys& keys,
                                         ManoEntityCrl& crl, ManoEntitySessions& sessions)
    : ManoEntityPart(state), keys_(keys), crl_(crl), sessions_(sessions) {}

void ManoEntityEnrolment::start_enrolment(const std::string& purpose) {
  if (!config_) {
    trace({.operation = decisions::kEnrolmentFailed,
           .outcome = outcomes::kRejected,
           .detail = TraceDetail().add(dk::kPurpose, purpose).add(dk::kReason, "not configured")});
    return;
  }
  if (purpose == detail_values::kPurposeRenewal && !can_authenticate()) {
    // Only an HSM-held key of a type the TLS signer does not serve (see install) gets here.
    trace({.operation = decisions::kEnrolmentFailed,
           .outcome = outcomes::kRejected,
           .detail = TraceDetail()
                         .add(dk::kPurpose, purpose)
                         .add(dk::kReason,
                              "no key to authenticate the mutual TLS channel a renewal needs")});
    return;
  }
  attempt_ = Attempt{};
  attempt_->id = ++attempt_counter_;
  attempt_->purpose = purpose;
  attempt_->in_hsm = !hsm_.empty();
  const auto id = attempt_->id;
  keys_.generate(id);
}

void ManoEntityEnrolment::send_csr(pki::Bytes csr) {
  if (tamper_csr_ && !csr.empty()) csr.back() ^= 0x01;  // the signature's last byte
  messages::CertificateSigningRequest request;
  request.purpose = attempt_->purpose;
  ChannelKind channel = ChannelKind::mutual;
  if (attempt_->purpose == detail_values::kPurposeEnrolment) {
    channel = ChannelKind::server_auth;
    pki::Bytes secret = config_->credential_secret.value_or(pki::Bytes{});
    if (wrong_secret_) {
      const std::string wrong = "wrong-secret";
      secret.insert(secret.end(), wrong.begin(), wrong.end());
    }
    // The salt comes from the CSR (fresh key, fresh ECDSA signature): unique per request and
    // public like any PBM salt; no simulation randomness is spent on it.
    pki::Bytes salt_input = csr;
    const std::string label = "ifa026 pbm salt";
    salt_input.insert(salt_input.end(), label.begin(), label.end());
    pki::Bytes salt = pki::sha256(salt_input);
    salt.resize(pki::kCmpPbmSaltLength);
    if (secret.empty()) secret.push_back(0);  // no credential: a MAC the CMF will refuse
    messages::PbmCredential credential;
    credential.reference = config_->credential_reference;
    credential.mac = pki::password_based_mac(secret, salt, csr);
    credential.salt = std::move(salt);
    credential.iterations = pki::kCmpPbmIterations;
    request.credential = std::move(credential);
  }
  request.csr = std::move(csr);
  attempt_->waiting_for_cmf = true;
  channels_.send(config_->cmf, channel, reference_points::kCmf1,
                 messages::to_envelope(request, csr_step()));
}

void ManoEntityEnrolment::on_csr_response(const ChannelMessage& m,
                                          const messages::CertificateSigningResponse& response) {
  if (!config_ || m.peer.name != config_->cmf || !m.peer.certificate) {
    trace({.operation = operations::kCertificateSigningResponse,
           .outcome = outcomes::kRejected,
           .peer = m.peer.name,
           .reference_point = m.reference_point,
           .detail = TraceDetail().add(dk::kReason,
                                       "not from the configured CMF over an authenticated "
                                       "channel")});
    return;
  }
  if (!attempt_ || !attempt_->waiting_for_cmf) {
    trace({.operation = operations::kCertificateSigningResponse,
           .outcome = outcomes::kRejected,
           .peer = m.peer.name,
           .reference_point = m.reference_point,
           .detail = TraceDetail().add(dk::kReason, "no request waiting")});
    return;
  }
  attempt_->waiting_for_cmf = false;
  if (response.status != outcomes::kIssued) return enrolment_failed(response.reason);
  if (!response.certificate) return enrolment_failed("no certificate in the response");
  std::vector<pki::Certificate> chain;
  std::string problem;
  std::optional<pki::Certificate> certificate;
  try {
    certificate = pki::Certificate::from_der(*response.certificate);
    if (response.chain)
      for (const auto& c : *response.chain) chain.push_back(pki::Certificate::from_der(c));
  } catch (const pki::DecodeError& e) {
    // The CMF's answer is refused, as one whose certificate does not verify.
    problem = std::string("malformed: ") + e.what();
  }
  if (problem.empty()) problem = verify_issued(*certificate, chain);
  if (!problem.empty()) {
    TraceDetail detail;
    if (certificate) detail.add(dk::kSerial, certificate->serial_hex());
    detail.add(dk::kReason, problem);
    trace({.operation = decisions::kCertificateVerification,
           .outcome = outcomes::kRejected,
           .peer = m.peer.name,
           .detail = detail,
           .kind = RecordKind::crypto});
    return enrolment_failed("certificate verification: " + problem);
  }
  trace({.operation = decisions::kCertificateVerification,
         .outcome = outcomes::kOk,
         .peer = m.peer.name,
         .detail = TraceDetail().add(dk::kSerial, certificate->serial_hex()),
         .kind = RecordKind::crypto});
  install(*certificate, std::move(chain));
}

// "" when `certificate` chains to the trust anchor at simulated time, is for this FQDN and
// for the key this entity asked for.
std::string ManoEntityEnrolment::verify_issued(const pki::Certificate& certificate,
                                               const std::vector<pki::Certificate>& chain) {
  pki::TrustStore store;
  for (const auto& anchor : config_->trust_anchors) store.add_anchor(anchor);
  for (const auto& c : chain)
    if (std::find(config_->trust_anchors.begin(), config_->trust_anchors.end(), c) ==
        config_->trust_anchors.end())
      store.add_intermediate(c);
  pki::VerifyOptions options;
  options.purpose = pki::ExtendedKeyUsage::client_auth;
  options.expected_dns_name = config_->fqdn;
  auto result = pki::verify_certificate(certificate, store, pki_now(context()), options);
  if (!result.ok()) return std::string(pki::to_string(result.failure)) + ": " + result.detail;
  const auto usages = certificate.extended_key_usage();
  if (std::find(usages.begin(), usages.end(), pki::ExtendedKeyUsage::server_auth) == usages.end())
    return "no serverAuth extended key usage";
  const auto dns = certificate.san().dns;
  if (std::find(dns.begin(), dns.end(), config_->fqdn) == dns.end())
    return "SAN dNSName is not " + config_->fqdn;
  if (!(certificate.public_key() == *attempt_->public_key))
    return "public key is not this entity's";
  return "";
}

void ManoEntityEnrolment::install(const pki::Certificate& certificate,
                                  std::vector<pki::Certificate> chain) {
  const std::string purpose = attempt_->purpose;
  const bool had_certificate = current_.has_value();
  auto& credentials = channels_.credentials();
  credentials.key.reset();
  credentials.certificate.reset();
  credentials.chain.clear();
  std::string tls_problem;
  if (!attempt_->in_hsm) {
    credentials.key = attempt_->key;
  } else {
    // Issue 20: the HSM-held key, whose TLS signatures the HSM makes (mano_entity_keys).
    try {
      credentials.key = pki::remote_private_key(*attempt_->public_key, attempt_->hsm_handle);
    } catch (const pki::PkiError& e) {
      tls_problem = e.what();
    }
  }
  if (credentials.key) {
    credentials.certificate = certificate;
    for (const auto& c : chain)
      if (std::find(config_->trust_anchors.begin(), config_->trust_anchors.end(), c) ==
          config_->trust_anchors.end())
        credentials.chain.push_back(c);
  }
  current_ = HeldCertificate{certificate, std::move(chain), purpose};
  history_.push_back(*current_);
  attempt_.reset();
  enrol_failures_ = 0;
  const auto not_after = certificate.not_after();
  TraceDetail installed;
  installed.add(dk::kSerial, certificate.serial_hex())
      .add(dk::kNotAfter, sim::format_utc(sim::UtcInstant{not_after.unix_ns}))
      .add(dk::kPurpose, purpose);
  if (!tls_problem.empty()) installed.add(dk::kReason, "not usable in TLS: " + tls_problem);
  trace({.operation = decisions::kCertificateInstalled,
         .outcome = outcomes::kOk,
         .detail = installed});
  schedule_renewal(not_after);
  crl_.apply_pending();
  // Sessions are closed and peers checked after this event: the session this response came in
  // on is still being handled.
  schedule(sim::Duration{}, "installed", [this, had_certificate] {
    if (had_certificate) channels_.close_all();
    sessions_.run_peer_checks();
    if (extension_) extension_->on_certificate_changed();
  });
}

void ManoEntityEnrolment::schedule_renewal(pki::Instant not_after) {
  if (renewal_timer_.valid()) context().withdraw(renewal_timer_);
  renewal_timer_ = {};
  if (!auto_renew_) return;
  const sim::Time expiry =
      sim::Time::from_ns(not_after.unix_ns - context().epoch().start().unix_ns);
  const sim::Duration remaining = expiry - context().now();
  if (remaining <= sim::Duration{}) return;
  sim::Duration delay = remaining - renewal_threshold_;
  // A certificate shorter than the threshold is renewed halfway through instead of at once,
  // so short validities do not renew in a loop.
  if (delay <= sim::Duration{}) delay = sim::Duration::nanoseconds(remaining.ns() / 2);
  renewal_timer_ = schedule(delay, "renewal", [this] {
    renewal_timer_ = {};
    renewal_due(detail_values::kTriggerExpiryWatch);
  });
}

// `trigger`: "expiry-watch" (its own timer: the certificate is within renewal_threshold of
// expiry) or "command" (a workload `renew`).
void ManoEntityEnrolment::renewal_due(const std::string& trigger) {
  if (!current_) return;
  trace({.operation = decisions::kRenewalDue,
         .outcome = outcomes::kOk,
         .detail = TraceDetail()
                       .add(dk::kSerial, current_->certificate.serial_hex())
                       .add(dk::kNotAfter, sim::format_utc(sim::UtcInstant{
                                               current_->certificate.not_after().unix_ns}))
                       .add(dk::kTrigger, trigger)});
  start_enrolment(detail_values::kPurposeRenewal);
}

void ManoEntityEnrolment::enrolment_failed(const std::string& reason) {
  const std::string purpose =
      attempt_ ? attempt_->purpose : std::string(detail_values::kPurposeEnrolment);
  attempt_.reset();
  trace({.operation = decisions::kEnrolmentFailed,
         .outcome = outcomes::kRejected,
         .detail = TraceDetail().add(dk::kPurpose, purpose).add(dk::kReason, reason)});
  if (enrol_failures_ < enrol_retries_) {
    ++enrol_failures_;
    schedule(enrol_retry_delay_, "enrol-retry", [this, purpose] {
      if (!attempt_) start_enrolment(purpose);
    });
  }
}

}  // namespace ifa026::actors
