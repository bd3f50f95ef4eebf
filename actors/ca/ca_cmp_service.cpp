// The CA's CMP service on CA-1 (see ca_cmp_service.hpp).
#include "actors/ca/ca_cmp_service.hpp"

#include <exception>
#include <utility>

#include "actors/ca/ca_crl_publisher.hpp"
#include "actors/ca/ca_end_entity_registration.hpp"
#include "actors/ca/revocation_target.hpp"
#include "actors/common/envelope.hpp"
#include "actors/common/internal_error.hpp"
#include "actors/common/operations.hpp"
#include "actors/common/pki_clock.hpp"
#include "actors/common/reference_points.hpp"
#include "actors/common/trace_detail.hpp"
#include "sim/trace.hpp"

namespace ifa026::actors::ca {

CaCmpService::CaCmpService(CaState& state, CaEndEntityRegistration& registration,
                           CaCrlPublisher& crl)
    : CaPart(state), registration_(registration), crl_(crl) {}

void CaCmpService::expire_idle(pki::Instant now) {
  server_->expire_transactions(now, kIdleTransactionSeconds);
  for (auto it = confirm_steps_.begin(); it != confirm_steps_.end();) {
    if (now.unix_ns - it->second.answered.unix_ns >= kIdleTransactionSeconds * 1'000'000'000)
      it = confirm_steps_.erase(it);
    else
      ++it;
  }
}

void CaCmpService::receive(const sim::Message& message) {
  std::string why;
  auto envelope = decode_envelope(message.payload, &why);
  if (!envelope) {
    reject(message.operation.empty() ? "CmpMessage" : message.operation, message.from, message.step,
           "not an envelope: " + why);
    return;
  }
  if (envelope->operation == operations::kRegisterEndEntityRequest) {
    queue_.submit(settings_.register_time, "RegisterEndEntity",
                  [this, from = message.from, request = std::move(*envelope)]() {
                    try {
                      registration_.register_end_entity(from, request);
                    } catch (const std::exception& e) {
                      context().trace(internal_error_record(request.operation, from, request.step,
                                                            e.what(), reference_points::kCa1));
                    }
                  });
    return;
  }
  Request request;
  request.from = message.from;
  request.operation = envelope->operation;
  request.step = envelope->step;
  auto der = get_bytes(envelope->body, "der");
  if (!der) {
    reject(envelope->operation, message.from, envelope->step, "no CMP message (der) in the body");
    return;
  }
  request.der = std::move(*der);
  if (auto it = envelope->body.find("exchange");
      it != envelope->body.end() && it->is_number_integer())
    request.exchange = *it;
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
  queue_.submit(service, "ProcessCmp",
                [this, request = std::move(request)]() mutable { complete(request); });
}

void CaCmpService::complete(const Request& request) {
  try {
    process(request);
  } catch (const std::exception& e) {
    context().trace(internal_error_record(request.operation, request.from, request.step, e.what(),
                                          reference_points::kCa1));
  }
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
    context().trace(internal_error_record(request.operation, request.from, request.step,
                                          std::string("unreadable CMP response: ") + e.what(),
                                          reference_points::kCa1));
    return;
  }
  const int body = request.body >= 0 ? request.body : cmp_body_of_name(request.operation);
  const bool accepted = info.status && (*info.status == 0 || *info.status == 1);
  // A request F#N is answered at F#N+2; certConf is answered at its transaction's answer step.
  std::string reply_step = request.step;
  bool revoked = false;
  if (is_certificate_request(body) || body == static_cast<int>(pki::CmpBody::rr)) {
    reply_step = step_after(request.step, 2);
  } else if (body == static_cast<int>(pki::CmpBody::cert_conf)) {
    auto it = confirm_steps_.find(request.transaction_id);
    if (it != confirm_steps_.end()) {
      reply_step = it->second.step;
      // A holder that refuses its new certificate (e.g. it does not chain to the trust anchor
      // it was given) withdraws it: the server revokes it, and the next CRL lists it.
      if (issuing_->is_revoked(it->second.serial)) {
        revoked = true;
        sim::TraceRecord r;
        r.kind = sim::RecordKind::decision;
        r.peer = request.from;
        r.reference_point = reference_points::kCa1;
        r.operation = "RevokeCertificate";
        r.step = reply_step;
        r.outcome = "ok";
        r.detail = TraceDetail()
                       .add("serial", it->second.serial)
                       .add("reason", "not confirmed by the holder");
        context().trace(std::move(r));
      }
      confirm_steps_.erase(it);
    }
  }
  if (is_certificate_request(body) && accepted && info.certificate &&
      !request.transaction_id.empty()) {
    confirm_steps_[request.transaction_id] = {
        reply_step, pki_now(context()), pki::Certificate::from_der(*info.certificate).serial_hex()};
  }
  if (is_certificate_request(body)) {
    record_issue(request, body, info, accepted);
  } else if (body == static_cast<int>(pki::CmpBody::rr)) {
    revoked = accepted && info.body == static_cast<int>(pki::CmpBody::rp);
    record_revocation(request, info, revoked);
  } else if (info.body == static_cast<int>(pki::CmpBody::error)) {
    reject(request.operation, request.from, request.step, failure_text(info));
  }

  Envelope reply;
  reply.operation = cmp_body_name(info.body);
  reply.step = reply_step;
  if (request.exchange) reply.body["exchange"] = *request.exchange;
  set_bytes(reply.body, "der", response);
  sim::Message message;
  message.to = request.from;
  message.reference_point = reference_points::kCa1;
  message.operation = reply.operation;
  message.step = reply.step;
  message.payload = encode_envelope(reply);
  context().send(std::move(message));

  if (revoked) crl_.publish_crl();
  if (body == static_cast<int>(pki::CmpBody::cert_conf) && request.sender_kid)
    registration_.forget_spent_template(*request.sender_kid);
}

void CaCmpService::record_issue(const Request& request, int body, const pki::CmpMessageInfo& info,
                                bool accepted) {
  sim::TraceRecord r;
  r.kind = sim::RecordKind::decision;
  r.peer = request.from;
  r.reference_point = reference_points::kCa1;
  r.operation = "IssueCertificate";
  r.step = step_after(request.step, 1);
  TraceDetail detail;
  detail.add("request", cmp_body_name(body));
  if (accepted && info.certificate) {
    const auto certificate = pki::Certificate::from_der(*info.certificate);
    const std::string serial = certificate.serial_hex();
    r.outcome = "ok";
    detail.add("serial", serial).add("subject", certificate.subject().to_string());
    const auto san = certificate.san();
    if (!san.dns.empty()) detail.add("fqdn", san.dns.front());
    detail.add("not_after", sim::format_utc(sim::UtcInstant{certificate.not_after().unix_ns}));
    // A certificate enrolled with a day-0 RA credential is an RA certificate.
    if (body == static_cast<int>(pki::CmpBody::ir) && request.sender_kid &&
        ra_references_.count(*request.sender_kid) != 0) {
      ra_serials_.insert(serial);
      detail.add("ra", "true");
    }
    if (request.sender_kid) {
      auto registered = registrations_.find(*request.sender_kid);
      if (registered != registrations_.end()) detail.add("identity", registered->second.identity);
    }
  } else {
    r.outcome = "rejected";
    detail.add("reason", failure_text(info));
  }
  r.detail = detail;
  context().trace(std::move(r));
}

void CaCmpService::record_revocation(const Request& request, const pki::CmpMessageInfo& info,
                                     bool revoked) {
  sim::TraceRecord r;
  r.kind = sim::RecordKind::decision;
  r.peer = request.from;
  r.reference_point = reference_points::kCa1;
  r.operation = "RevokeCertificate";
  r.step = step_after(request.step, 1);
  r.outcome = revoked ? "ok" : "rejected";
  TraceDetail detail;
  detail.add("serial", revocation_target_serial(request.der).value_or("unknown"));
  if (!revoked) detail.add("reason", failure_text(info));
  r.detail = detail;
  context().trace(std::move(r));
}

}  // namespace ifa026::actors::ca
