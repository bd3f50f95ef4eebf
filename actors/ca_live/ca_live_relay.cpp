// The `ca-live` actor's CMP relay (see ca_live_relay.hpp).
#include "actors/ca_live/ca_live_relay.hpp"

#include <chrono>
#include <exception>
#include <utility>

#include "actors/ca/revocation_target.hpp"
#include "actors/ca_live/c6_profile.hpp"
#include "actors/common/trace_detail.hpp"
#include "actors/messages/codec.hpp"
#include "actors/messages/decisions.hpp"
#include "actors/messages/detail_keys.hpp"
#include "actors/messages/flow_steps.hpp"
#include "pki/cmp_http_transfer.hpp"

namespace ifa026::actors::ca_live {

namespace {

namespace keys = detail_keys;

std::string body_name(int body) {
  return std::string(pki::cmp_body_name(body).value_or("unknown"));
}

bool is_certificate_request(int body) {
  using B = pki::CmpBody;
  return body == static_cast<int>(B::ir) || body == static_cast<int>(B::cr) ||
         body == static_cast<int>(B::p10cr) || body == static_cast<int>(B::kur);
}

// The flow tables number a request to the CA F#N, the CA's work F#N+1 and its answer F#N+2;
// a step that is no row of a table stays as it is (as the simulated CA numbers them).
std::string step_after(const std::string& step, int offset) {
  const flows::FlowStep* row = flows::step_after(step, offset);
  return row != nullptr ? std::string(row->id) : step;
}

}  // namespace

std::string failure_text(const pki::CmpMessageInfo& info) {
  std::string names;
  for (int bit = 0; bit <= 26; ++bit) {
    if ((info.fail_info & (1u << bit)) == 0) continue;
    if (!names.empty()) names += ",";
    names += std::string(pki::to_string(static_cast<pki::CmpFailure>(bit)));
  }
  if (names.empty()) return info.status_text.empty() ? "rejected" : info.status_text;
  return info.status_text.empty() ? names : names + ": " + info.status_text;
}

CaLiveRelay::CaLiveRelay(CaLiveState& state) : CaLivePart(state) {}

void CaLiveRelay::relay(const std::string& from, const std::string& operation,
                        const std::string& step, messages::CmpMessage cmp) {
  Request request;
  request.from = from;
  request.operation = operation;
  request.step = step;
  request.end_entity = cmp.end_entity;
  try {
    const auto info = pki::peek_cmp_message(cmp.der);
    request.body = info.body;
    request.transaction_id = pki::to_hex(info.transaction_id);
    if (!info.sender_kid.empty())
      request.sender_kid = std::string(info.sender_kid.begin(), info.sender_kid.end());
  } catch (const std::exception&) {
    request.body = -1;  // the server answers it (or not): it is the judge of its input
  }

  // Simulated time stands still while the real server works.
  const auto started = std::chrono::steady_clock::now();
  const pki::CmpHttpAnswer answer =
      pki::post_cmp_message(settings_.url, cmp.der, settings_.timeout_seconds());
  const long long wall_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                                std::chrono::steady_clock::now() - started)
                                .count();
  if (!answer.ok()) return record_failure(request, answer.error, wall_ms);
  pki::CmpMessageInfo info;
  try {
    info = pki::peek_cmp_message(answer.der);
  } catch (const std::exception& e) {
    return record_failure(request, std::string("the answer is no CMP message: ") + e.what(),
                          wall_ms);
  }

  const int body = request.body;
  const bool accepted = info.status && (*info.status == 0 || *info.status == 1);
  std::string reply_step = request.step;
  bool revoked = false;
  if (is_certificate_request(body) || body == static_cast<int>(pki::CmpBody::rr)) {
    reply_step = step_after(request.step, 2);
  } else if (body == static_cast<int>(pki::CmpBody::cert_conf)) {
    // pkiConf repeats the step of the answer it confirms.
    if (auto it = confirm_steps_.find(request.transaction_id); it != confirm_steps_.end()) {
      reply_step = it->second;
      confirm_steps_.erase(it);
    }
  }
  if (is_certificate_request(body) && accepted && info.certificate &&
      !request.transaction_id.empty())
    confirm_steps_[request.transaction_id] = reply_step;

  if (is_certificate_request(body)) {
    record_issue(request, info, accepted);
  } else if (body == static_cast<int>(pki::CmpBody::rr)) {
    revoked = accepted && info.body == static_cast<int>(pki::CmpBody::rp);
    record_revocation(request, cmp.der, info, revoked);
  } else if (info.body == static_cast<int>(pki::CmpBody::error)) {
    trace({.operation = request.operation,
           .outcome = outcomes::kRejected,
           .peer = request.from,
           .reference_point = reference_points::kCa1,
           .step = request.step,
           .detail = TraceDetail().add(keys::kReason, failure_text(info))});
  }

  send_envelope(request.from,
                messages::to_envelope(body_name(info.body),
                                      messages::CmpMessage{cmp.exchange, answer.der}, reply_step));
  if (revoked && state_.after_revocation) state_.after_revocation();
}

void CaLiveRelay::record_issue(const Request& request, const pki::CmpMessageInfo& answer,
                               bool accepted) {
  TraceDetail detail;
  detail.add(keys::kRequest, body_name(request.body));
  std::optional<pki::Certificate> issued;
  if (accepted && answer.certificate) {
    try {
      issued = pki::Certificate::from_der(*answer.certificate);
    } catch (const std::exception& e) {
      detail.add(keys::kReason, std::string("the certificate does not decode: ") + e.what());
    }
  }
  if (issued) {
    const std::string serial = issued->serial_hex();
    state_.artifacts.push_back({"certificate", serial, *answer.certificate});
    detail.add(keys::kSerial, serial).add(keys::kSubject, issued->subject().to_string());
    const auto san = issued->san();
    if (!san.dns.empty()) detail.add(keys::kFqdn, san.dns.front());
    detail.add(keys::kNotAfter, sim::format_utc(sim::UtcInstant{issued->not_after().unix_ns}));
    std::string profile;
    for (const auto& problem : c6_profile_problems(*issued))
      profile += (profile.empty() ? "C.6 profile: " : "; ") + problem;
    detail.add(keys::kVerification, profile.empty() ? "C.6 profile ok" : profile);
    auto registered =
        request.sender_kid ? state_.identities.find(*request.sender_kid) : state_.identities.end();
    if (registered != state_.identities.end())
      detail.add(keys::kIdentity, registered->second);
    else if (request.end_entity)
      detail.add(keys::kIdentity, *request.end_entity);
  } else if (!accepted || !answer.certificate) {
    detail.add(keys::kReason, failure_text(answer));
  }
  trace({.operation = decisions::kIssueCertificate,
         .outcome = issued ? outcomes::kOk : outcomes::kRejected,
         .peer = request.from,
         .reference_point = reference_points::kCa1,
         .step = step_after(request.step, 1),
         .detail = detail});
}

void CaLiveRelay::record_revocation(const Request& request, const pki::Bytes& der,
                                    const pki::CmpMessageInfo& answer, bool revoked) {
  TraceDetail detail;
  detail.add(keys::kSerial, revocation_target_serial(der).value_or("unknown"));
  if (request.end_entity) detail.add(keys::kIdentity, *request.end_entity);
  if (!revoked) detail.add(keys::kReason, failure_text(answer));
  trace({.operation = decisions::kRevokeCertificate,
         .outcome = revoked ? outcomes::kOk : outcomes::kRejected,
         .peer = request.from,
         .reference_point = reference_points::kCa1,
         .step = step_after(request.step, 1),
         .detail = detail});
}

void CaLiveRelay::record_failure(const Request& request, const std::string& reason,
                                 long long wall_ms) {
  trace({.operation = decisions::kLiveCaExchange,
         .outcome = outcomes::kFailed,
         .peer = request.from,
         .reference_point = reference_points::kCa1,
         .step = request.step,
         .detail = TraceDetail()
                       .add(keys::kRequest,
                            request.body >= 0 ? body_name(request.body) : request.operation)
                       .add(keys::kUrl, settings_.url.text())
                       .add(keys::kReason, reason)
                       .add(keys::kWallMs, wall_ms)});
}

}  // namespace ifa026::actors::ca_live
