// The shared state and helpers of the `ca` actor's pieces (see ca_part.hpp).
#include "actors/ca/ca_part.hpp"

#include <utility>

#include "actors/ca/ca_disk.hpp"
#include "actors/common/pki_clock.hpp"
#include "actors/common/trace_detail.hpp"
#include "actors/messages/decisions.hpp"
#include "actors/messages/detail_keys.hpp"
#include "actors/messages/flow_steps.hpp"

namespace ifa026::actors::ca {

CaState::CaState(sim::ActorContext& context, const sim::ActorSpec& spec, Tracer& tracer,
                 HandlerGuard& guard)
    : context(context),
      tracer(tracer),
      guard(guard),
      settings(read_settings(spec)),
      queue(context, settings.concurrency, "ca") {
  if (!restore_hierarchy(*this)) {  // a restarted CA keeps its keys (ca_disk.hpp)
    const pki::Instant start = pki_instant(context.epoch(), sim::Time::zero());
    const pki::Instant not_before{start.unix_ns - kDaySeconds * 1'000'000'000};
    root = std::make_unique<pki::CertificateAuthority>(pki::CertificateAuthority::create_root(
        settings.root_name, pki::PrivateKey::generate(settings.key_type), not_before,
        settings.ca_validity_seconds));
    issuing =
        std::make_unique<pki::CertificateAuthority>(pki::CertificateAuthority::create_subordinate(
            *root, settings.issuing_name, pki::PrivateKey::generate(settings.key_type), not_before,
            settings.ca_validity_seconds, 0));
    save_hierarchy(*this);
  }

  pki::CmpServerConfig config;
  config.profile.validity_seconds = settings.validity_seconds;
  const std::string base = "http://" + spec.name + ".ca.invalid";
  config.profile.crl_url = base + "/crl/issuing.crl";
  config.profile.ocsp_url = base + "/ocsp";
  config.profile.ca_issuers_url = base + "/issuing.crt";
  config.chain = {root->certificate()};
  config.ca_pubs = {root->certificate()};
  config.confirm_wait_seconds = settings.confirm_wait_seconds;
  config.retransmission_window_seconds = settings.retransmission_window_seconds;
  server = std::make_unique<pki::CmpServer>(*issuing, std::move(config));
  for (const auto& credential : settings.ra_credentials) {
    pki::InitialCredentialLimits limits;
    limits.one_use = false;
    server->register_initial_credential(
        credential.reference, pki::Bytes(credential.secret.begin(), credential.secret.end()),
        limits);
    ra_references.insert(credential.reference);
  }
}

CaPart::CaPart(CaState& state)
    : ActorPiece({state.tracer, state.guard}),
      state_(state),
      settings_(state.settings),
      queue_(state.queue),
      root_(state.root),
      issuing_(state.issuing),
      server_(state.server),
      ra_references_(state.ra_references),
      ra_serials_(state.ra_serials),
      registrations_(state.registrations) {}

// CMP body names as the CA-1 envelopes carry them.
std::string CaPart::cmp_body_name(int body) {
  return std::string(pki::cmp_body_name(body).value_or("unknown"));
}

// The body number an envelope operation names (used only when the DER cannot be read).
int CaPart::cmp_body_of_name(const std::string& name) {
  for (int body = 0; body <= 26; ++body)
    if (cmp_body_name(body) == name) return body;
  return -1;
}

bool CaPart::is_certificate_request(int body) {
  using B = pki::CmpBody;
  return body == static_cast<int>(B::ir) || body == static_cast<int>(B::cr) ||
         body == static_cast<int>(B::p10cr) || body == static_cast<int>(B::kur);
}

std::string CaPart::step_after(const std::string& step, int offset) {
  const flows::FlowStep* row = flows::step_after(step, offset);
  return row != nullptr ? std::string(row->id) : step;
}

void CaPart::submit(Duration service, std::string label, const HandlerSite& site,
                    std::function<void()> work) {
  queue_.submit(service, std::move(label),
                [this, site, work = std::move(work)] { guarded(site, work); });
}

void CaPart::send_envelope(const std::string& to, const Envelope& envelope,
                           const char* reference_point) const {
  context().post(envelope_message(to, reference_point, envelope));
}

// "notAuthorized: <text>" from a response's failure bits and status text.
std::string CaPart::failure_text(const pki::CmpMessageInfo& info) {
  std::string names;
  for (int bit = 0; bit <= 26; ++bit) {
    if ((info.fail_info & (1u << bit)) == 0) continue;
    if (!names.empty()) names += ",";
    names += std::string(pki::to_string(static_cast<pki::CmpFailure>(bit)));
  }
  if (names.empty()) return info.status_text.empty() ? "rejected" : info.status_text;
  return info.status_text.empty() ? names : names + ": " + info.status_text;
}

bool CaPart::is_ra(const pki::Certificate& signer) const {
  if (!(signer.issuer() == issuing_->certificate().subject())) return false;
  if (ra_serials_.count(signer.serial_hex()) != 0) return true;
  const auto subject = signer.subject();
  const std::string cn = subject.common_name();
  for (const auto& entry : settings_.ra_subjects) {
    if (!cn.empty() && entry == cn) return true;
    if (auto name = parse_name(entry); name && *name == subject) return true;
  }
  return false;
}

void CaPart::reject(const std::string& operation, const std::string& peer, const std::string& step,
                    const std::string& reason, const char* reference_point) {
  trace({.operation = operation,
         .outcome = outcomes::kRejected,
         .peer = peer,
         .reference_point = reference_point,
         .step = step,
         .detail = TraceDetail().add(detail_keys::kReason, reason)});
}

}  // namespace ifa026::actors::ca
