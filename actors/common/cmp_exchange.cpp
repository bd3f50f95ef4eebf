// CMP over CA-1 in fibers, the client side (see cmp_exchange.hpp).
#include "actors/common/cmp_exchange.hpp"

#include <algorithm>
#include <exception>
#include <utility>

#include "actors/common/envelope.hpp"
#include "actors/common/pki_clock.hpp"
#include "actors/messages/ca1.hpp"
#include "actors/messages/decisions.hpp"
#include "actors/messages/detail_keys.hpp"
#include "actors/messages/reference_points.hpp"
#include "pki/cmp_server.hpp"
#include "pki/fiber.hpp"

namespace ifa026::actors {
namespace {

namespace keys = detail_keys;

// `prefix` and `rest`, two detail texts, as one.
std::string joined(const std::string& prefix, const std::string& rest) {
  return prefix.empty() ? rest : prefix + "; " + rest;
}

constexpr const char* kTimerLabel = "ca-timeout";

}  // namespace

struct CmpExchange::Operation {
  // Members are destroyed in reverse order, so `outcome` and `client` would go before `fiber`,
  // whose winding-down body (an operation abandoned while waiting) still writes to them: end the
  // fiber first.
  ~Operation() { fiber.reset(); }

  std::uint64_t id = 0;
  std::string ca;
  std::string first_step;
  std::string later_step;
  std::string detail;
  std::string end_entity;  // --- runs (Q2): named next to every PKIMessage; empty: none
  int messages = 0;        // requests sent so far
  std::unique_ptr<pki::CmpClient> client;
  std::unique_ptr<pki::Fiber> fiber;
  // The same fiber for the transport, which may run while `fiber` is being destroyed (a body
  // that still waits is wound down with empty replies from inside the destructor).
  pki::Fiber* fiber_raw = nullptr;
  Outcome outcome;
  Done done;
  // The request waiting for its reply (exchange 0: none).
  std::uint64_t exchange = 0;
  std::string operation;
  std::string step;
  pki::Bytes request;
};

std::string cmp_operation_name(pki::ByteView der) {
  try {
    return std::string(pki::cmp_body_name(pki::peek_cmp_message(der).body).value_or("cmp"));
  } catch (const std::exception&) {
    return "cmp";
  }
}

CmpExchange::CmpExchange(Tracer& tracer, HandlerGuard& guard, CmpExchangeSettings settings)
    : context_(tracer.context()),
      tracer_(&tracer),
      guard_(&guard),
      settings_(std::move(settings)),
      exchanges_(context_, kTimerLabel) {}

CmpExchange::CmpExchange(sim::ActorContext& context, CmpExchangeSettings settings)
    : context_(context), settings_(std::move(settings)), exchanges_(context_, kTimerLabel) {}

void CmpExchange::trace(TraceEvent event) {
  if (tracer_ != nullptr) {
    (*tracer_)(std::move(event));
  } else {
    Tracer tracer(context_);
    tracer(std::move(event));
  }
}

void CmpExchange::trace_record(sim::TraceRecord record) {
  if (tracer_ != nullptr) {
    tracer_->record(std::move(record));
  } else {
    Tracer tracer(context_);
    tracer.record(std::move(record));
  }
}

void CmpExchange::guarded(const char* site, const std::function<void()>& work) {
  if (guard_ != nullptr) {
    guard_->run({.operation = site}, work);
    return;
  }
  Tracer tracer(context_);
  HandlerGuard(tracer).run({.operation = site}, work);
}

CmpExchange::~CmpExchange() {
  // Fibers still waiting wind down on empty replies (pki::Fiber's destructor); their `done`
  // callbacks are not run, their timers are cancelled.
  for (auto& [id, op] : operations_) {
    op->done = nullptr;
    close_exchange(*op);
  }
  operations_.clear();
}

bool CmpExchange::no_reply(const pki::CmpResult& result) {
  return !result.ok() && result.error.find("transport: no reply") != std::string::npos;
}

std::string CmpExchange::failure_reason(const pki::CmpResult& result) {
  if (no_reply(result)) return "CA unavailable";
  // A rejection without failure info is the client's own, in its certConf (e.g. the certificate
  // the CA sent is not for the key asked for): OpenSSL's error says why.
  if (!result.status_text.empty() && result.status == 2 && result.fail_info == 0 &&
      !result.error.empty())
    return result.status_text + " (" + result.error + ")";
  if (!result.status_text.empty()) return result.status_text;
  return result.error.empty() ? "CA request failed" : result.error;
}

std::uint64_t CmpExchange::run(const std::string& ca, pki::CmpClientConfig config,
                               std::string first_step, std::string later_step, std::string detail,
                               Body body, Done done, std::string end_entity) {
  auto owned = std::make_unique<Operation>();
  Operation* op = owned.get();
  op->id = ++next_operation_;
  op->ca = ca;
  op->first_step = std::move(first_step);
  op->later_step = std::move(later_step);
  op->detail = std::move(detail);
  op->end_entity = std::move(end_entity);
  op->done = std::move(done);
  config.transport = [op](pki::ByteView request) {
    return op->fiber_raw->await_reply(pki::Bytes(request.begin(), request.end()));
  };
  // Read after every reply, i.e. at the simulated time it arrived (or the request timed out).
  config.clock = [context = &context_] { return pki_now(*context); };
  op->client = std::make_unique<pki::CmpClient>(std::move(config));
  op->fiber = std::make_unique<pki::Fiber>([op, body = std::move(body)](pki::Fiber&) {
    try {
      op->outcome.result = body(*op->client);
    } catch (const std::exception& e) {
      // The CmpClient's failure becomes the operation's result, which its owner answers.
      op->outcome.result = pki::CmpResult{};
      op->outcome.result.error = e.what();
    }
  });
  op->fiber_raw = op->fiber.get();
  const std::uint64_t id = op->id;
  operations_.emplace(id, std::move(owned));
  resume(id, {}, false);
  return id;
}

void CmpExchange::cancel(std::uint64_t id) {
  auto it = operations_.find(id);
  if (it == operations_.end()) return;
  std::unique_ptr<Operation> op = std::move(it->second);
  operations_.erase(it);
  close_exchange(*op);
  op->done = nullptr;
  op.reset();  // the fiber winds down on empty replies
}

void CmpExchange::close_exchange(Operation& op) {
  if (op.exchange != 0) exchanges_.cancel(op.exchange);
  op.exchange = 0;
}

void CmpExchange::resume(std::uint64_t id, pki::Bytes reply, bool supply) {
  auto it = operations_.find(id);
  if (it == operations_.end()) return;
  Operation& op = *it->second;
  if (supply) op.fiber->supply_reply(std::move(reply));
  try {
    op.fiber->resume();
  } catch (const std::exception& e) {
    // As in the fiber's body: a failed CMP operation is its owner's to answer.
    op.outcome.result = pki::CmpResult{};
    op.outcome.result.error = e.what();
  }
  if (!op.fiber->finished() && op.fiber->pending_request()) {
    send_request(op);
    return;
  }
  // Ended (or stuck without a request, which cannot happen with a CmpClient body): hand the
  // outcome over once the fiber is gone.
  std::unique_ptr<Operation> ended = std::move(it->second);
  operations_.erase(it);
  close_exchange(*ended);
  Done done = std::move(ended->done);
  Outcome outcome = std::move(ended->outcome);
  ended.reset();
  if (done) done(outcome);
}

void CmpExchange::send_request(Operation& op) {
  close_exchange(op);
  op.request = *op.fiber->pending_request();
  op.operation = cmp_operation_name(op.request);
  op.step = op.messages == 0 ? op.first_step : op.later_step;
  ++op.messages;
  // Each attempt waits `timeout`, each resend `backoff` times longer than the one before.
  op.exchange = exchanges_.start(
      op.id,
      {.timeout = settings_.timeout,
       .retries = settings_.retries,
       .backoff = std::max<std::int64_t>(1, settings_.backoff),
       .max_wait =
           settings_.max_wait > sim::Duration() ? settings_.max_wait : sim::Duration::max()},
      [this](std::uint64_t exchange, std::uint64_t id, int attempt) {
        // A resend runs from the tracker's timer: guarded like every timer of the owner.
        if (attempt == 0) return transmit(exchange, id, attempt);
        guarded(kTimerLabel, [&] { transmit(exchange, id, attempt); });
      },
      [this](std::uint64_t exchange, std::uint64_t id) {
        guarded(kTimerLabel, [&] { give_up(exchange, id); });
      });
}

void CmpExchange::transmit(std::uint64_t exchange, std::uint64_t id, int attempt) {
  auto it = operations_.find(id);
  if (it == operations_.end()) return;
  const Operation& op = *it->second;
  if (attempt > 0) {
    TraceDetail detail;
    if (settings_.operation_in_detail) detail.add(keys::kOperation, op.operation);
    detail.add(keys::kExchange, static_cast<long long>(exchange)).add(keys::kAttempt, attempt + 1);
    trace({.operation = decisions::kCmpExchange,
           .outcome = outcomes::kRetry,
           .peer = op.ca,
           .reference_point = reference_points::kCa1,
           .step = op.step,
           .detail = joined(op.detail, detail)});
  }
  messages::CmpMessage cmp{.exchange = exchange, .der = op.request};
  if (!op.end_entity.empty()) cmp.end_entity = op.end_entity;
  const Envelope envelope = messages::to_envelope(op.operation, cmp, op.step);
  sim::Message message;
  message.to = op.ca;
  message.reference_point = reference_points::kCa1;
  message.operation = envelope.operation;
  message.step = envelope.step;
  message.payload = encode_envelope(envelope);
  context_.post(std::move(message));
}

void CmpExchange::give_up(std::uint64_t exchange, std::uint64_t id) {
  auto it = operations_.find(id);
  if (it == operations_.end() || it->second->exchange != exchange) return;
  Operation& op = *it->second;
  TraceDetail detail;
  if (settings_.operation_in_detail) detail.add(keys::kOperation, op.operation);
  detail.add(keys::kExchange, static_cast<long long>(exchange))
      .add(keys::kReason, "no reply from the CA");
  trace({.operation = decisions::kCmpExchange,
         .outcome = outcomes::kTimeout,
         .peer = op.ca,
         .reference_point = reference_points::kCa1,
         .step = op.step,
         .detail = joined(op.detail, detail)});
  op.exchange = 0;
  op.outcome.unanswered = true;
  resume(id, {}, true);  // the empty reply fails the CmpClient operation
}

bool CmpExchange::handle(const sim::Message& message) {
  if (message.reference_point != reference_points::kCa1) return false;
  auto reject = [&](const std::string& reason) {
    sim::TraceRecord record = to_record(
        {.operation = message.operation.empty() ? decisions::kCmpExchange : message.operation,
         .outcome = outcomes::kRejected,
         .peer = message.from,
         .reference_point = reference_points::kCa1,
         .step = message.step,
         .detail = joined(settings_.reject_detail, TraceDetail().add(keys::kReason, reason))});
    record.message_id = message.id;
    trace_record(std::move(record));
    return true;
  };
  std::string error;
  auto envelope = decode_envelope(message.payload, &error);
  if (!envelope) return reject("undecodable CA-1 message: " + error);
  auto reply = messages::from_envelope<messages::CmpMessage>(*envelope);
  if (!reply) return reject("CA-1 message does not decode: " + reply.failure().text());
  if (!reply->exchange) return reject("CA-1 message without exchange number");
  const std::uint64_t* id = exchanges_.find(*reply->exchange);
  if (id != nullptr) {
    auto op_it = operations_.find(*id);
    if (op_it == operations_.end() || op_it->second->ca != message.from)
      return reject("reply from an actor the request was not sent to");
  }
  const auto match = exchanges_.reply(*reply->exchange);
  switch (match.match) {
    case ReplyMatch::answer:
      break;
    case ReplyMatch::late:
      return reject("late reply: the request was given up");
    case ReplyMatch::duplicate:
      return reject("duplicate reply: the request was answered");
    case ReplyMatch::unknown:
      return reject("no request waits for this exchange");
  }
  Operation& op = *operations_.at(*match.pending);
  op.exchange = 0;
  pki::Bytes der = std::move(reply->der);
  if (!op.outcome.offered && !der.empty()) {
    try {
      const auto info = pki::peek_cmp_message(der);
      if (info.certificate) op.outcome.offered = pki::Certificate::from_der(*info.certificate);
    } catch (const std::exception&) {
      // the CmpClient reports what is wrong with the reply
    }
  }
  resume(op.id, std::move(der), true);
  return true;
}

}  // namespace ifa026::actors
