// The CA's CMP service on CA-1 (see ca_cmp_service.hpp).
#include "actors/ca/ca_cmp_service.hpp"

#include <exception>
#include <utility>

#include "actors/ca/ca_crl_publisher.hpp"
#include "actors/ca/ca_end_entity_registration.hpp"
#include "actors/ca/revocation_target.hpp"
#include "actors/common/pki_clock.hpp"
#include "actors/common/trace_detail.hpp"
#include "actors/messages/codec.hpp"
#include "actors/messages/decisions.hpp"
#include "actors/messages/detail_keys.hpp"
#include "actors/messages/operations.hpp"

namespace ifa026::actors::ca {

CaCmpService::CaCmpService(CaState& state, CaEndEntityRegistration& registration,
                           CaCrlPublisher& crl, CaDisk& disk)
    : CaPart(state), registration_(registration), crl_(crl), disk_(disk) {
  server_->on_withdrawn = [this](const pki::CmpWithdrawal& w) { withdrawn(w); };
}

void CaCmpService::expire_idle(pki::Instant now) {
  server_->expire_transactions(now);
  const std::int64_t keep_ns =
      (settings_.confirm_wait_seconds + settings_.retransmission_window_seconds) * 1'000'000'000;
  for (auto it = confirm_steps_.begin(); it != confirm_steps_.end();) {
    if (now.unix_ns - it->second.answered.unix_ns >= keep_ns)
      it = confirm_steps_.erase(it);
    else
      ++it;
  }
  disk_.sync();
}

void CaCmpService::withdrawn(const pki::CmpWithdrawal& withdrawal) {
  crl_due_ = true;
  disk_.confirmation_ended(withdrawal.certificate.serial_hex());
  // A holder's rejecting certConf is traced where it is answered (process()).
  if (withdrawal.reason == pki::CmpWithdrawalReason::rejected_by_holder ||
      withdrawal.reason == pki::CmpWithdrawalReason::hash_mismatch)
    return;
  std::string step;
  std::string peer;
  auto it = confirm_steps_.find(withdrawal.transaction_id);
  if (it != confirm_steps_.end()) {
    step = it->second.step;
    peer = it->second.from;
    it->second.ended = true;
    if (it->second.timer.valid()) context().withdraw(it->second.timer);
    it->second.timer = {};
  }
  TraceDetail detail;
  detail.add(detail_keys::kSerial, withdrawal.certificate.serial_hex())
      .add(detail_keys::kReason, std::string(pki::to_string(withdrawal.reason)));
  if (withdrawal.reference) {
    auto registered = registrations_.find(*withdrawal.reference);
    if (registered != registrations_.end())
      detail.add(detail_keys::kIdentity, registered->second.identity);
  }
  trace({.operation = decisions::kRevokeCertificate,
         .outcome = outcomes::kOk,
         .peer = peer,
         .reference_point = reference_points::kCa1,
         .step = step,
         .detail = detail});
}

void CaCmpService::confirm_wait_over() {
  server_->expire_transactions(pki_now(context()));
  disk_.sync();
  publish_if_withdrawn();
}

void CaCmpService::publish_if_withdrawn() {
  if (!crl_due_) return;
  crl_due_ = false;
  crl_.publish_crl();
}

void CaCmpService::receive(const sim::Message& message) {
  const HandlerSite site{.operation = message.operation.empty() ? "CmpMessage" : message.operation,
                         .peer = message.from,
                         .reference_point = reference_points::kCa1,
                         .step = message.step};
  std::string why;
  auto envelope = decode_envelope(message.payload, &why);
  if (!envelope) return guard_.malformed(site, "not an envelope: " + why);
  if (envelope->operation == operations::kRegisterEndEntityRequest) {
    auto request = messages::from_envelope<messages::RegisterEndEntityRequest>(*envelope);
    if (!request)
      return guard_.malformed(site, "body does not decode: " + request.failure().text(),
                              [&](const std::string& reason) {
                                registration_.refuse_malformed(message.from, *envelope, reason);
                              });
    submit(
        settings_.register_time, "RegisterEndEntity",
        {.operation = envelope->operation,
         .peer = message.from,
         .reference_point = reference_points::kCa1,
         .step = envelope->step},
        [this, from = message.from, step = envelope->step, request = std::move(request.value())] {
          registration_.register_end_entity(from, step, request);
        });
    return;
  }
  // Any other operation carries a CMP message; the DER says which (the name is not trusted).
  auto cmp = messages::from_body<messages::CmpMessage>(envelope->body);
  if (!cmp) return guard_.malformed(site, "body does not decode: " + cmp.failure().text());
  receive_cmp(message, *envelope, std::move(cmp.value()));
}

void CaCmpService::receive_cmp(const sim::Message& message, const Envelope& envelope,
                               messages::CmpMessage cmp) {
  Request request;
  request.from = message.from;
  request.operation = envelope.operation;
  request.step = envelope.step;
  request.der = std::move(cmp.der);
  request.exchange = cmp.exchange;
  request.end_entity = cmp.end_entity;
  try {
    const auto info = pki::peek_cmp_message(request.der);
    request.body = info.body;
    request.transaction_id = pki::to_hex(info.transaction_id);
    if (!info.sender_kid.empty())
      request.sender_kid = std::string(info.sender_kid.begin(), info.sender_kid.end());
  } catch (const std::exception&) {
    request.body = -1;  // the server answers it with an error message
  }
  Duration service;
  if (is_certificate_request(request.body))
    service = settings_.issue_time;
  else if (request.body == static_cast<int>(pki::CmpBody::rr))
    service = settings_.revoke_time;
  const HandlerSite site{.operation = request.operation,
                         .peer = request.from,
                         .reference_point = reference_points::kCa1,
                         .step = request.step};
  submit(service, "ProcessCmp", site, [this, request = std::move(request)] { process(request); });
}

void CaCmpService::process(const Request& request) {
  const pki::Bytes response = server_->handle(request.der, pki_now(context()));
  if (response.empty()) {
    reject(request.operation, request.from, request.step, "the CMP server gave no response");
    return;
  }
  pki::CmpMessageInfo info;
  try {
    info = pki::peek_cmp_message(response);
  } catch (const std::exception& e) {
    // Our own CMP server's answer: not the requester's fault.
    guard_.internal_error({.operation = request.operation,
                           .peer = request.from,
                           .reference_point = reference_points::kCa1,
                           .step = request.step},
                          std::string("unreadable CMP response: ") + e.what());
    return;
  }
  const int body = request.body >= 0 ? request.body : cmp_body_of_name(request.operation);
  if (server_->last_was_retransmission()) {
    // Its answer was lost (or the network duplicated it): the same answer again, nothing else.
    std::string reply_step = request.step;
    if (is_certificate_request(body) || body == static_cast<int>(pki::CmpBody::rr)) {
      reply_step = step_after(request.step, 2);
    } else if (auto it = confirm_steps_.find(request.transaction_id); it != confirm_steps_.end()) {
      reply_step = it->second.step;
    }
    trace(
        {.operation = kCmpRetransmission,
         .outcome = outcomes::kOk,
         .peer = request.from,
         .reference_point = reference_points::kCa1,
         .step = reply_step,
         .detail = TraceDetail()
                       .add(detail_keys::kRequest, cmp_body_name(body))
                       .add(detail_keys::kReason, "answered again: " + cmp_body_name(info.body))});
    send_envelope(request.from, messages::to_envelope(
                                    cmp_body_name(info.body),
                                    messages::CmpMessage{request.exchange, response}, reply_step));
    return;
  }
  const bool accepted = info.status && (*info.status == 0 || *info.status == 1);
  // A request F#N is answered at F#N+2; certConf is answered at its transaction's answer step.
  std::string reply_step = request.step;
  bool revoked = false;
  if (is_certificate_request(body) || body == static_cast<int>(pki::CmpBody::rr)) {
    reply_step = step_after(request.step, 2);
  } else if (body == static_cast<int>(pki::CmpBody::cert_conf)) {
    auto it = confirm_steps_.find(request.transaction_id);
    if (it != confirm_steps_.end() && !it->second.ended) {
      reply_step = it->second.step;
      // A holder that refuses its new certificate (e.g. it does not chain to the trust anchor
      // it was given) withdraws it: the server revokes it, and the next CRL lists it.
      if (issuing_->is_revoked(it->second.serial)) {
        revoked = true;
        trace({.operation = decisions::kRevokeCertificate,
               .outcome = outcomes::kOk,
               .peer = request.from,
               .reference_point = reference_points::kCa1,
               .step = reply_step,
               .detail = TraceDetail()
                             .add(detail_keys::kSerial, it->second.serial)
                             .add(detail_keys::kReason, "not confirmed by the holder")});
      }
      // Kept (ended) for a retransmission of this certConf within the window.
      it->second.ended = true;
      disk_.confirmation_ended(it->second.serial);
      if (it->second.timer.valid()) context().withdraw(it->second.timer);
      it->second.timer = {};
    } else if (it != confirm_steps_.end()) {
      reply_step = it->second.step;
    }
  }
  if (is_certificate_request(body) && accepted && info.certificate &&
      !request.transaction_id.empty()) {
    AwaitingConfirmation& awaiting = confirm_steps_[request.transaction_id];
    if (awaiting.timer.valid()) context().withdraw(awaiting.timer);
    awaiting = {reply_step, pki_now(context()),
                pki::Certificate::from_der(*info.certificate).serial_hex(), request.from};
    if (server_->awaiting_confirmation(request.transaction_id)) {
      // Revoked if no certConf comes in time (the server decides; this wakes it up then).
      awaiting.timer = schedule(Duration::seconds(settings_.confirm_wait_seconds), "ConfirmWait",
                                [this] { confirm_wait_over(); });
      disk_.awaiting_confirmation(awaiting.serial, request.transaction_id);
    } else {
      awaiting.ended = true;  // implicitly confirmed
    }
  }
  if (is_certificate_request(body)) {
    record_issue(request, body, info, accepted);
  } else if (body == static_cast<int>(pki::CmpBody::rr)) {
    revoked = accepted && info.body == static_cast<int>(pki::CmpBody::rp);
    record_revocation(request, info, revoked);
  } else if (info.body == static_cast<int>(pki::CmpBody::error)) {
    reject(request.operation, request.from, request.step, failure_text(info));
  }

  send_envelope(request.from, messages::to_envelope(
                                  cmp_body_name(info.body),
                                  messages::CmpMessage{request.exchange, response}, reply_step));
  disk_.sync();

  if (revoked) {
    crl_due_ = false;
    crl_.publish_crl();
  }
  publish_if_withdrawn();
  if (body == static_cast<int>(pki::CmpBody::cert_conf) && request.sender_kid)
    registration_.forget_spent_template(*request.sender_kid);
}

void CaCmpService::record_issue(const Request& request, int body, const pki::CmpMessageInfo& info,
                                bool accepted) {
  TraceDetail detail;
  detail.add(detail_keys::kRequest, cmp_body_name(body));
  if (accepted && info.certificate) {
    const auto certificate = pki::Certificate::from_der(*info.certificate);
    const std::string serial = certificate.serial_hex();
    state_.artifacts.push_back({"certificate", serial, *info.certificate});
    detail.add(detail_keys::kSerial, serial)
        .add(detail_keys::kSubject, certificate.subject().to_string());
    const auto san = certificate.san();
    if (!san.dns.empty()) detail.add(detail_keys::kFqdn, san.dns.front());
    detail.add(detail_keys::kNotAfter,
               sim::format_utc(sim::UtcInstant{certificate.not_after().unix_ns}));
    // A certificate enrolled with a day-0 RA credential is an RA certificate.
    if (body == static_cast<int>(pki::CmpBody::ir) && request.sender_kid &&
        ra_references_.count(*request.sender_kid) != 0) {
      ra_serials_.insert(serial);
      detail.add(detail_keys::kRa, "true");
    }
    auto registered =
        request.sender_kid ? registrations_.find(*request.sender_kid) : registrations_.end();
    if (registered != registrations_.end())
      detail.add(detail_keys::kIdentity, registered->second.identity);
    else if (request.end_entity)  // Q2: the delegating RA (CMF) named the VNFCI identity
      detail.add(detail_keys::kIdentity, *request.end_entity);
  } else {
    detail.add(detail_keys::kReason, failure_text(info));
  }
  trace({.operation = decisions::kIssueCertificate,
         .outcome = accepted && info.certificate ? outcomes::kOk : outcomes::kRejected,
         .peer = request.from,
         .reference_point = reference_points::kCa1,
         .step = step_after(request.step, 1),
         .detail = detail});
}

void CaCmpService::record_revocation(const Request& request, const pki::CmpMessageInfo& info,
                                     bool revoked) {
  TraceDetail detail;
  detail.add(detail_keys::kSerial, revocation_target_serial(request.der).value_or("unknown"));
  if (request.end_entity) detail.add(detail_keys::kIdentity, *request.end_entity);
  if (!revoked) detail.add(detail_keys::kReason, failure_text(info));
  trace({.operation = decisions::kRevokeCertificate,
         .outcome = revoked ? outcomes::kOk : outcomes::kRejected,
         .peer = request.from,
         .reference_point = reference_points::kCa1,
         .step = step_after(request.step, 1),
         .detail = detail});
}

}  // namespace ifa026::actors::ca
