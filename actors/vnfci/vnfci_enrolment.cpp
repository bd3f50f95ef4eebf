// The VNFCI's enrolment, renewal and key rotation attempts at the CA (see vnfci_enrolment.hpp).
#include "actors/vnfci/vnfci_enrolment.hpp"
#include "actors/vnfci/vnfci_disk.hpp"

#include <algorithm>
#include <utility>

#include "actors/common/envelope.hpp"
#include "actors/common/key_custody.hpp"
#include "actors/common/pki_clock.hpp"
#include "actors/common/trace_detail.hpp"
#include "actors/messages/cmf_vnfci.hpp"
#include "actors/messages/delegation_vocabulary.hpp"
#include "actors/messages/operations.hpp"
#include "actors/vnfci/vnfci_renewal.hpp"
#include "pki/chain_verifier.hpp"
#include "pki/cmp_client.hpp"
#include "pki/names.hpp"

namespace ifa026::actors::vnfci {

namespace keys = detail_keys;
namespace values = detail_values;

VnfciEnrolment::VnfciEnrolment(VnfciState& state, VnfciRenewal& renewal)
    : VnfciPart(state), renewal_(renewal) {}

Identity* VnfciEnrolment::attempt_of(const std::string& name, std::uint64_t attempt) {
  auto it = state_.identities.find(name);
  if (it == state_.identities.end() || !it->second.attempt || it->second.attempt->id != attempt)
    return nullptr;
  return &it->second;
}

const char* VnfciEnrolment::purpose(const Attempt& a) {
  return to_string(a.purpose);
}

// Key pairs of C.2.1.3 enrolments and rotations come from the HSM; renewals (C.2.1.4) and the
// other flows generate their own.
bool VnfciEnrolment::from_hsm(const Identity& id, Purpose kind) {
  return id.flow == kFlowHsm && kind != Purpose::renewal;
}

void VnfciEnrolment::start_attempt(const std::string& name, Purpose kind) {
  Identity& id = state_.identities.at(name);
  if (id.attempt) return;
  id.attempt = std::make_unique<Attempt>();
  id.attempt->id = ++attempts_;
  id.attempt->purpose = kind;
  id.attempt->renewal = kind != Purpose::enrolment;
  const std::uint64_t attempt = id.attempt->id;
  if (from_hsm(id, kind)) {
    // C.2.1.3 #6-#8: the key pair from the HSM, over the mutual TLS session (opened if needed).
    touch_channels();
    hsm().generate_key(
        name, state_.settings->key_type, id.flow,
        [this, name, attempt](std::optional<HsmLink::KeyPair> pair, const std::string& problem) {
          guarded({.operation = operations::kGenerateKeyPairResponse,
                   .peer = hsm().hsm(),
                   .reference_point = reference_points::kHmeeHsm},
                  [&] { on_hsm_key(name, attempt, std::move(pair), problem); });
        });
    return;
  }
  state_.queue.submit(state_.settings->keygen_time, "keygen", [this, name, attempt] {
    guarded({.operation = "keygen"}, [&] {
      Identity* id = attempt_of(name, attempt);
      if (!id) return;
      id->attempt->key = pki::PrivateKey::generate(state_.settings->key_type);
      trace({.operation = decisions::kGenerateKey,
             .outcome = outcomes::kOk,
             .step = id->attempt->renewal ? kStepRenewalKey
                                          : flow_step(id->flow, steps_of(id->flow).key),
             .detail = about(name)
                           .add(keys::kKeyType, pki::to_string(state_.settings->key_type))
                           .add(keys::kIn, values::kInSelf)
                           .add(keys::kPurpose, purpose(*id->attempt))});
      trace_key_custody(state_.toolkit.tracer,  // issue 17: the key-custody ledger
                        {.outcome = outcomes::kGenerated,
                         .key_fp = key_fingerprint(*id->attempt->key),
                         .vnfci = this->name(),
                         .identity = name,
                         .channel = values::kChannelLocal,
                         .step = id->attempt->renewal ? kStepRenewalKey
                                                      : flow_step(id->flow, steps_of(id->flow).key),
                         .certificate_type = values::kTypeVnfci});
      prepare_request(name, attempt);
    });
  });
}

// The subject an enrolment asks for: the configured one, or `csr_subject` (negative scenario).
// A kur keeps the current certificate's.
std::string VnfciEnrolment::requested_subject(const Identity& id, const Attempt& a) const {
  return a.purpose == Purpose::enrolment && !state_.settings->csr_subject.empty()
             ? state_.settings->csr_subject
             : id.subject;
}

// Whether this enrolment's request is signed by the HSM (C.2.1.3 #10-#12, optional).
bool VnfciEnrolment::hsm_signs(const Attempt& a) const {
  return a.purpose == Purpose::enrolment && state_.settings->bootstrap &&
         state_.settings->bootstrap->hsm_signs_csr;
}

// The carrier of the enrolment request at #13: p10cr (protected by the initial credential) for
// an HSM-signed PKCS#10, otherwise ir; kur for a renewal or rotation.
const char* VnfciEnrolment::carrier(const Attempt& a) const {
  if (a.renewal) return "kur";
  return hsm_signs(a) ? "p10cr" : "ir";
}

// C.2.1.3 #8 (the key pair arrived) and #9 (the request is built).
void VnfciEnrolment::on_hsm_key(const std::string& name, std::uint64_t attempt,
                                std::optional<HsmLink::KeyPair> pair, const std::string& problem) {
  Identity* id = attempt_of(name, attempt);
  if (!id) return;
  Attempt& a = *id->attempt;
  if (!pair) return attempt_failed(name, "key pair from the HSM: " + problem);
  a.key = std::move(pair->key);
  a.handle = pair->handle;
  trace_key_custody(state_.toolkit.tracer,  // issue 17: the key-custody ledger
                    {.outcome = outcomes::kReceived,
                     .key_fp = key_fingerprint(*a.key),
                     .vnfci = this->name(),
                     .identity = name,
                     .peer = hsm().hsm(),
                     .channel = values::kChannelHmeeHsm,
                     .step = flow_step(id->flow, 8),
                     .reference_point = reference_points::kHmeeHsm,
                     .certificate_type = values::kTypeVnfci});
  trace({.operation = decisions::kGenerateKey,
         .outcome = outcomes::kOk,
         .peer = hsm().hsm(),
         .reference_point = reference_points::kHmeeHsm,
         .step = flow_step(id->flow, 8),
         .detail = about(name)
                       .add(keys::kKeyType, pki::to_string(a.key->type()))
                       .add(keys::kIn, values::kInHsm)
                       .add(keys::kHsm, hsm().hsm())
                       .add(keys::kHandle, a.handle)
                       .add(keys::kPurpose, purpose(a))});
  const std::string subject = requested_subject(*id, a);
  std::string dns;
  for (const auto& d : id->dns) dns += (dns.empty() ? "" : ",") + d;
  trace({.operation = decisions::kCsrBuilt,
         .outcome = outcomes::kOk,
         .step = flow_step(id->flow, 9),
         .detail =
             about(name)
                 .add(keys::kSubject, subject)
                 .add(keys::kDns, dns)
                 .add(keys::kCarrier, carrier(a))
                 .add(keys::kSignedBy, hsm_signs(a) ? values::kSignedByHsm : values::kSignedByVnfci)
                 .add(keys::kPurpose, purpose(a))});
  if (!hsm_signs(a)) return prepare_request(name, attempt);
  // #10-#11: the HSM signs the request's content with the key of `handle`.
  hsm().sign_csr(name, a.handle, subject, id->dns, id->flow,
                 [this, name, attempt](std::optional<pki::Csr> csr, const std::string& why) {
                   guarded({.operation = operations::kSignCsrResponse,
                            .peer = hsm().hsm(),
                            .reference_point = reference_points::kHmeeHsm},
                           [&] { on_hsm_csr(name, attempt, std::move(csr), why); });
                 });
}

// C.2.1.3 #12: the VNFCI checks and finalizes the HSM-signed request.
void VnfciEnrolment::on_hsm_csr(const std::string& name, std::uint64_t attempt,
                                std::optional<pki::Csr> csr, const std::string& problem) {
  Identity* id = attempt_of(name, attempt);
  if (!id) return;
  Attempt& a = *id->attempt;
  std::string why = problem;
  if (csr) {
    const pki::CsrContent content = csr->content();
    const std::string subject = requested_subject(*id, a);
    if (!csr->signature_valid())
      why = "the CSR's signature does not verify";
    else if (!csr->public_key().is_public_half_of(*a.key))
      why = "the CSR is not for the key pair the HSM gave";
    else if (!(content.subject == pki::DistinguishedName::parse(subject)))
      why = "the CSR's subject is not " + subject;
    else if (content.san.dns != id->dns)
      why = "the CSR's dNSNames are not the configured ones";
  }
  const std::string step = flow_step(id->flow, 12);
  if (!why.empty()) {
    trace({.operation = decisions::kCsrFinalized,
           .outcome = outcomes::kRejected,
           .step = step,
           .detail = about(name).add(keys::kReason, why)});
    return attempt_failed(name, "CSR from the HSM: " + why);
  }
  a.csr = std::move(csr);
  trace({.operation = decisions::kCsrFinalized,
         .outcome = outcomes::kOk,
         .step = step,
         .detail = about(name)
                       .add(keys::kCarrier, carrier(a))
                       .add(keys::kBytes, static_cast<long long>(a.csr->der().size()))});
  prepare_request(name, attempt);
}

// The request's protection and proof of possession take the `sign` time.
void VnfciEnrolment::prepare_request(const std::string& name, std::uint64_t attempt) {
  state_.queue.submit(state_.settings->sign_time, "sign", [this, name, attempt] {
    guarded({.operation = "sign"}, [&] { send_request(name, attempt); });
  });
}

void VnfciEnrolment::send_request(const std::string& name, std::uint64_t attempt) {
  Identity* id = attempt_of(name, attempt);
  if (!id) return;
  const Attempt& a = *id->attempt;
  pki::CmpClientConfig config;
  config.trust_anchors = {anchor_for(*id)};
  config.untrusted = state_.intermediates;
  // The CmpClient verifies each reply and the new certificate when the reply arrives
  // (CmpExchange sets its clock); `now` only starts the operation.
  const pki::Instant now = pki_now(context());
  const pki::PrivateKey new_key = *a.key;
  CmpExchange::Body body;
  const FlowSteps steps = steps_of(id->flow);
  std::string first_step = flow_step(id->flow, steps.request);
  std::string later_step = flow_step(id->flow, steps.reply);
  if (!a.renewal) {
    if (!id->credential) return attempt_failed(name, "no initial credential to enrol with");
    const std::string reference = id->credential->reference;
    pki::Bytes secret = id->credential->secret;
    if (state_.settings->wrong_secret) {
      const std::string wrong = "-wrong";
      secret.insert(secret.end(), wrong.begin(), wrong.end());
    }
    if (a.csr && std::string(carrier(a)) == "p10cr") {
      body = [reference, secret, csr = *a.csr, now](pki::CmpClient& client) {
        return client.enrol_p10cr_pbm(reference, secret, csr, now);
      };
    } else {
      const pki::DistinguishedName subject =
          pki::DistinguishedName::parse(requested_subject(*id, a));
      const pki::SubjectAltName san{id->dns, {}, {}};
      body = [reference, secret, new_key, subject, san, now](pki::CmpClient& client) {
        return client.enrol_ir(reference, secret, new_key, subject, san, now);
      };
    }
  } else {
    if (!id->certificate || id->key_der.empty())
      return attempt_failed(name, "no certificate to renew");
    if (a.purpose == Purpose::renewal) {
      first_step = kStepKur;
      later_step = kStepKup;
    }
    body = [old_cert = *id->certificate, old_key = pki::PrivateKey::from_der(id->key_der), new_key,
            now](pki::CmpClient& client) {
      return client.renew_kur(old_cert, old_key, new_key, now);
    };
  }
  const std::uint64_t operation = state_.exchange.run(
      id->ca, std::move(config), first_step, later_step, identity_detail(name), std::move(body),
      [this, name, attempt, ca = id->ca](const CmpExchange::Outcome& outcome) {
        guarded({.operation = decisions::kCmpExchange,
                 .peer = ca,
                 .reference_point = reference_points::kCa1},
                [&] { on_cmp_done(name, attempt, outcome); });
      });
  // `done` may have run already (an operation that failed before sending anything).
  if (Identity* still = attempt_of(name, attempt); still && state_.exchange.running(operation))
    still->attempt->operation = operation;
}

namespace {
constexpr int kPkiStatusRejection = 2;  // RFC 4210 PKIStatus rejection
}  // namespace

void VnfciEnrolment::on_cmp_done(const std::string& name, std::uint64_t attempt,
                                 const CmpExchange::Outcome& outcome) {
  Identity* id = attempt_of(name, attempt);
  if (!id) return;
  Attempt& a = *id->attempt;
  a.operation = 0;
  const pki::CmpResult& result = outcome.result;
  // The certificate the CA offered: the result's, or the one the client refused to confirm.
  const std::optional<pki::Certificate>& offered =
      result.certificate ? result.certificate : outcome.offered;
  // The CA answered the certConf with an error saying why (e.g. it restarted and the transaction
  // died with it: badRequest): the certificate was not taken (the CA withdraws it), so the
  // operation is tried again, as for no reply. A certificate this client refused itself is not
  // this case: OpenSSL then reports the rejection with no failure information from the CA.
  const bool confirmation_refused = offered && !result.certificate && !outcome.unanswered &&
                                    result.status == kPkiStatusRejection && result.fail_info != 0;
  if ((outcome.unanswered && !offered) || confirmation_refused) {
    if (a.retries < state_.settings->cmp_retries) {
      const Duration delay = state_.settings->cmp_retry_delay * (std::int64_t{1} << a.retries);
      ++a.retries;
      trace({.operation = decisions::kEnrolmentRetry,
             .outcome = outcomes::kScheduled,
             .peer = id->ca,
             .reference_point = reference_points::kCa1,
             .detail = about(name)
                           .add(keys::kPurpose, purpose(a))
                           .add(keys::kAttempt, a.retries + 1)
                           .add(keys::kDelay, sim::format_duration(delay))
                           .add(keys::kReason,
                                confirmation_refused
                                    ? "the CA refused the confirmation: " + result.status_text
                                    : std::string("no reply from the CA"))});
      a.retry_timer = schedule(delay, "cmp-retry", [this, name, attempt] {
        if (Identity* again = attempt_of(name, attempt)) {
          again->attempt->retry_timer = {};
          prepare_request(name, attempt);
        }
      });
      return;
    }
    const Purpose was = a.purpose;
    if (confirmation_refused)
      return attempt_failed(name, "CA refused the confirmation " + std::to_string(a.retries + 1) +
                                      " times: " + result.status_text);
    attempt_failed(name,
                   "CA unreachable: no reply after " + std::to_string(a.retries + 1) + " attempts");
    // A renewal (or key rotation) the CA could not be reached for is tried again later (never
    // after a refusal).
    if (was == Purpose::renewal) renewal_.schedule_renewal(name);
    if (was == Purpose::rotation) renewal_.schedule_rotation(name);
    return;
  }
  if (!offered) {
    std::string reason = !result.status_text.empty() ? result.status_text : result.error;
    if (reason.empty()) reason = "no certificate";
    return attempt_failed(name, "CA: " + reason);
  }
  const pki::Certificate certificate = *offered;
  const std::vector<pki::Certificate> chain = result.chain;
  const std::string problem =
      verify_issued(*id, certificate, chain, *a.key, result.certificate_verified);
  const std::string step = a.purpose == Purpose::renewal
                               ? std::string(kStepKup)
                               : flow_step(id->flow, steps_of(id->flow).reply);
  if (!problem.empty()) {
    trace({.operation = decisions::kCertificateVerification,
           .outcome = outcomes::kRejected,
           .peer = id->ca,
           .reference_point = reference_points::kCa1,
           .step = step,
           .detail =
               about(name).add(keys::kSerial, certificate.serial_hex()).add(keys::kReason, problem),
           .kind = RecordKind::crypto});
    return attempt_failed(name, "certificate verification: " + problem);
  }
  trace({.operation = decisions::kCertificateVerification,
         .outcome = outcomes::kOk,
         .peer = id->ca,
         .reference_point = reference_points::kCa1,
         .step = step,
         .detail = about(name).add(keys::kSerial, certificate.serial_hex()),
         .kind = RecordKind::crypto});
  if (!result.certificate || (!result.ok() && !outcome.unanswered)) {
    // The certificate verifies here, but the exchange failed (the client did not confirm it,
    // or the CA refused the confirmation): it is not installed.
    std::string reason = !result.error.empty() ? result.error : result.status_text;
    return attempt_failed(name, "confirmation failed: " + reason);
  }
  for (const auto& c : chain) remember_intermediate(c);
  install(name, certificate, outcome.unanswered);
}

// "" when `certificate` chains to the identity's trust anchor at simulated time, names the
// configured subject and dNSNames, and certifies `key`. `chain_verified`: the CMP client
// already validated the path to that anchor at this instant and matched the key before it
// confirmed the certificate, so only the names are left to check.
std::string VnfciEnrolment::verify_issued(const Identity& id, const pki::Certificate& certificate,
                                          const std::vector<pki::Certificate>& chain,
                                          const pki::PrivateKey& key, bool chain_verified) {
  if (!chain_verified) {
    if (auto problem = verify_path(id, certificate, chain, key); !problem.empty()) return problem;
  }
  if (!(certificate.subject() == pki::DistinguishedName::parse(id.subject)))
    return "subject " + certificate.subject().to_string() + " is not " + id.subject;
  const auto san = certificate.san();
  for (const auto& name : id.dns)
    if (std::find(san.dns.begin(), san.dns.end(), name) == san.dns.end())
      return "SAN dNSName " + name + " missing";
  return "";
}

// "" when `certificate` chains to the identity's trust anchor at simulated time and certifies
// `key`.
std::string VnfciEnrolment::verify_path(const Identity& id, const pki::Certificate& certificate,
                                        const std::vector<pki::Certificate>& chain,
                                        const pki::PrivateKey& key) {
  pki::TrustStore store;
  const pki::Certificate& anchor = anchor_for(id);
  store.add_anchor(anchor);
  for (const auto& c : chain)
    if (!(c == anchor) && !(c.subject() == c.issuer())) store.add_intermediate(c);
  for (const auto& c : state_.intermediates) store.add_intermediate(c);
  pki::VerifyOptions options;
  if (!id.dns.empty()) options.expected_dns_name = id.dns.front();
  const auto verdict = pki::verify_certificate(certificate, store, pki_now(context()), options);
  if (!verdict.ok())
    return std::string(pki::to_string(verdict.failure)) +
           (verdict.detail.empty() ? "" : ": " + verdict.detail);
  if (!certificate.public_key().is_public_half_of(key)) return "public key is not this identity's";
  return "";
}

void VnfciEnrolment::remember_intermediate(const pki::Certificate& c) {
  if (c.subject() == c.issuer()) return;  // roots come from the configuration only
  for (const auto& known : state_.intermediates)
    if (known == c) return;
  state_.intermediates.push_back(c);
}

void VnfciEnrolment::install(const std::string& name, const pki::Certificate& certificate,
                             bool unconfirmed) {
  Identity& id = state_.identities.at(name);
  const Purpose kind = id.attempt->purpose;
  const bool renewal = id.attempt->renewal;
  const std::string handle = id.attempt->handle;
  const std::string old_fp = id.key_der.empty() ? "" : key_fingerprint_of_pkcs8(id.key_der);
  id.certificate = certificate;
  id.key_der = id.attempt->key->to_compact_der();
  id.key_der.shrink_to_fit();
  record_stored(name, old_fp, key_fingerprint(*id.attempt->key),
                kind == Purpose::renewal ? std::string(kStepKup)
                                         : flow_step(id.flow, steps_of(id.flow).reply));
  id.attempt.reset();
  std::string spent_reference;
  pki::Bytes spent_secret;
  if (kind == Purpose::renewal) {
    ++id.renewals;
  } else if (kind == Purpose::rotation) {
    ++id.rotations;
  } else {
    // The initial credential is spent: drop it.
    if (id.credential) {
      spent_reference = std::move(id.credential->reference);
      spent_secret = std::move(id.credential->secret);
      id.credential.reset();
    }
  }
  TraceDetail detail = about(name);
  detail.add(keys::kSerial, certificate.serial_hex())
      .add(keys::kNotAfter, sim::format_utc(sim::UtcInstant{certificate.not_after().unix_ns}))
      .add(keys::kPurpose, to_string(kind));
  if (!handle.empty()) detail.add(keys::kKey, values::kInHsm).add(keys::kHandle, handle);
  if (unconfirmed) detail.add(keys::kConfirmation, outcomes::kUnanswered);
  trace({.operation = decisions::kCertificateInstalled,
         .outcome = outcomes::kOk,
         .peer = id.ca,
         .reference_point = reference_points::kCa1,
         .step = kind == Purpose::renewal ? std::string(kStepKup)
                                          : flow_step(id.flow, steps_of(id.flow).reply),
         .detail = detail});
  report_certificate(name, certificate, to_string(kind));
  if (handle.empty()) VnfciDisk(state_).save(name);  // an HSM-held key stays in the HSM
  renewal_.schedule_renewal(name);
  if (kind != Purpose::renewal) renewal_.schedule_rotation(name);
  if (!renewal && state_.settings->replay_initial_credential && !spent_reference.empty())
    replay_credential(name, spent_reference, spent_secret);
}

// Issue 17, the key-custody ledger: the certified key stored (and the one it replaced deleted).
void VnfciEnrolment::record_stored(const std::string& name, const std::string& old_fp,
                                   const std::string& fp, const std::string& step) {
  if (!old_fp.empty() && old_fp != fp && state_.keys.remove(old_fp))
    trace_key_custody(state_.toolkit.tracer, {.outcome = outcomes::kDeleted,
                                              .key_fp = old_fp,
                                              .vnfci = this->name(),
                                              .identity = name,
                                              .reason = "replaced",
                                              .step = step,
                                              .certificate_type = values::kTypeVnfci});
  trace_key_custody(state_.toolkit.tracer, {.outcome = outcomes::kStored,
                                            .key_fp = fp,
                                            .vnfci = this->name(),
                                            .identity = name,
                                            .channel = values::kChannelLocal,
                                            .step = step,
                                            .certificate_type = values::kTypeVnfci});
  state_.keys.add(fp, {this->name(), name, values::kTypeVnfci});
}

// Negative scenario (replay_initial_credential): one more ir on the credential just spent, for
// a fresh key. The CA must refuse it (one-use); what it answers is traced, nothing installed.
void VnfciEnrolment::replay_credential(const std::string& name, const std::string& reference,
                                       const pki::Bytes& secret) {
  const Identity& id = state_.identities.at(name);
  pki::CmpClientConfig config;
  config.trust_anchors = {anchor_for(id)};
  config.untrusted = state_.intermediates;
  const pki::Instant now = pki_now(context());
  const pki::PrivateKey key = pki::PrivateKey::generate(state_.settings->key_type);
  const pki::DistinguishedName subject = pki::DistinguishedName::parse(id.subject);
  const pki::SubjectAltName san{id.dns, {}, {}};
  trace({.operation = decisions::kInitialCredentialReplay,
         .outcome = outcomes::kRequested,
         .peer = id.ca,
         .reference_point = reference_points::kCa1,
         .detail = about(name).add(keys::kReference, reference)});
  state_.exchange.run(
      id.ca, std::move(config), "", "", identity_detail(name),
      [reference, secret, key, subject, san, now](pki::CmpClient& client) {
        return client.enrol_ir(reference, secret, key, subject, san, now);
      },
      [this, name, reference, ca = id.ca](const CmpExchange::Outcome& outcome) {
        guarded({.operation = decisions::kInitialCredentialReplay,
                 .peer = ca,
                 .reference_point = reference_points::kCa1},
                [&] {
                  const pki::CmpResult& result = outcome.result;
                  TraceDetail detail = about(name);
                  detail.add(keys::kReference, reference);
                  std::string verdict;
                  if (result.certificate) {
                    verdict = outcomes::kAccepted;
                    detail.add(keys::kSerial, result.certificate->serial_hex());
                  } else if (outcome.unanswered) {
                    verdict = outcomes::kUnanswered;
                    detail.add(keys::kReason, "no reply from the CA");
                  } else {
                    verdict = outcomes::kRefused;
                    detail.add(keys::kReason,
                               !result.status_text.empty() ? result.status_text : result.error);
                  }
                  trace({.operation = decisions::kInitialCredentialReplay,
                         .outcome = verdict,
                         .peer = ca,
                         .reference_point = reference_points::kCa1,
                         .detail = detail});
                });
      });
}

// Tells the CMF that configured this VNFCI which certificate an identity now holds (the CMF
// keeps the inventory, revokes on removal and watches expiry; only the holder sees renewals).
void VnfciEnrolment::report_certificate(const std::string& name,
                                        const pki::Certificate& certificate,
                                        const std::string& purpose) {
  if (state_.cmf.empty()) return;
  messages::VnfciCertificateReport report;
  report.identity = name;
  report.certificate = certificate.der();
  report.purpose = purpose;
  state_.channels.send(state_.cmf, ChannelKind::day0, reference_points::kCmfVnfci,
                       messages::to_envelope(report));
  touch_channels();
}

void VnfciEnrolment::attempt_failed(const std::string& name, const std::string& reason) {
  Identity& id = state_.identities.at(name);
  std::string what = "enrolment";
  long long attempt = 1;
  if (id.attempt) {
    what = purpose(*id.attempt);
    attempt = id.attempt->retries + 1;
    if (id.attempt->retry_timer.valid()) context().withdraw(id.attempt->retry_timer);
    if (id.attempt->operation != 0) state_.exchange.cancel(id.attempt->operation);
    id.attempt.reset();
  }
  trace({.operation = decisions::kEnrolmentFailed,
         .outcome = outcomes::kFailed,
         .peer = id.ca,
         .reference_point = reference_points::kCa1,
         .detail = about(name)
                       .add(keys::kPurpose, what)
                       .add(keys::kReason, reason)
                       .add(keys::kAttempt, attempt)});
}

}  // namespace ifa026::actors::vnfci
