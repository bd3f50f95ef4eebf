// CMP over CA-1 in fibers, the client side (see cmp_exchange.hpp).
#include "actors/common/cmp_exchange.hpp"

#include <exception>
#include <utility>

#include "actors/common/envelope.hpp"
#include "actors/common/pki_clock.hpp"
#include "actors/common/reference_points.hpp"
#include "actors/common/trace_detail.hpp"
#include "pki/cmp_server.hpp"
#include "pki/fiber.hpp"

namespace ifa026::actors {
namespace {

// `prefix` and `rest`, two detail texts, as one.
std::string joined(const std::string& prefix, const std::string& rest) {
  return prefix.empty() ? rest : prefix + "; " + rest;
}

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
  int messages = 0;  // requests sent so far
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
  int attempts = 0;  // resends of this request so far
  sim::EventId timer;
};

std::string cmp_operation_name(pki::ByteView der) {
  try {
    return std::string(pki::cmp_body_name(pki::peek_cmp_message(der).body).value_or("cmp"));
  } catch (const std::exception&) {
    return "cmp";
  }
}

CmpExchange::CmpExchange(sim::ActorContext& context, CmpExchangeSettings settings)
    : context_(context), settings_(std::move(settings)) {}

CmpExchange::~CmpExchange() {
  // Fibers still waiting wind down on empty replies (pki::Fiber's destructor); their `done`
  // callbacks are not run.
  for (auto& [id, op] : operations_) {
    op->done = nullptr;
    if (op->timer.valid()) context_.cancel(op->timer);
  }
  operations_.clear();
}

bool CmpExchange::no_reply(const pki::CmpResult& result) {
  return !result.ok() && result.error.find("transport: no reply") != std::string::npos;
}

std::uint64_t CmpExchange::run(const std::string& ca, pki::CmpClientConfig config,
                               std::string first_step, std::string later_step, std::string detail,
                               Body body, Done done) {
  auto owned = std::make_unique<Operation>();
  Operation* op = owned.get();
  op->id = ++next_operation_;
  op->ca = ca;
  op->first_step = std::move(first_step);
  op->later_step = std::move(later_step);
  op->detail = std::move(detail);
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
  if (op->exchange != 0) exchanges_.erase(op->exchange);
  if (op->timer.valid()) context_.cancel(op->timer);
  op->done = nullptr;
  op.reset();  // the fiber winds down on empty replies
}

void CmpExchange::resume(std::uint64_t id, pki::Bytes reply, bool supply) {
  auto it = operations_.find(id);
  if (it == operations_.end()) return;
  Operation& op = *it->second;
  if (supply) op.fiber->supply_reply(std::move(reply));
  try {
    op.fiber->resume();
  } catch (const std::exception& e) {
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
  if (ended->exchange != 0) exchanges_.erase(ended->exchange);
  if (ended->timer.valid()) context_.cancel(ended->timer);
  Done done = std::move(ended->done);
  Outcome outcome = std::move(ended->outcome);
  ended.reset();
  if (done) done(outcome);
}

void CmpExchange::send_request(Operation& op) {
  if (op.exchange != 0) exchanges_.erase(op.exchange);
  op.request = *op.fiber->pending_request();
  op.exchange = ++next_exchange_;
  op.operation = cmp_operation_name(op.request);
  op.step = op.messages == 0 ? op.first_step : op.later_step;
  ++op.messages;
  op.attempts = 0;
  exchanges_[op.exchange] = op.id;
  transmit(op);
}

void CmpExchange::transmit(Operation& op) {
  Envelope envelope;
  envelope.operation = op.operation;
  envelope.step = op.step;
  envelope.body["exchange"] = op.exchange;
  set_bytes(envelope.body, "der", op.request);
  sim::Message message;
  message.to = op.ca;
  message.reference_point = reference_points::kCa1;
  message.operation = envelope.operation;
  message.step = envelope.step;
  message.payload = encode_envelope(envelope);
  context_.send(std::move(message));
  const std::uint64_t id = op.id;
  const std::uint64_t exchange = op.exchange;
  op.timer = context_.schedule(settings_.timeout, "ca-timeout",
                               [this, id, exchange]() { on_timeout(id, exchange); });
}

void CmpExchange::on_timeout(std::uint64_t id, std::uint64_t exchange) {
  auto it = operations_.find(id);
  if (it == operations_.end() || it->second->exchange != exchange) return;
  Operation& op = *it->second;
  op.timer = {};
  sim::TraceRecord record;
  record.kind = sim::RecordKind::decision;
  record.peer = op.ca;
  record.reference_point = reference_points::kCa1;
  record.operation = "CmpExchange";
  record.step = op.step;
  TraceDetail detail;
  if (settings_.operation_in_detail) detail.add("operation", op.operation);
  detail.add("exchange", static_cast<long long>(exchange));
  if (op.attempts < settings_.retries) {
    ++op.attempts;
    record.outcome = "retry";
    record.detail = joined(op.detail, detail.add("attempt", op.attempts + 1));
    context_.trace(std::move(record));
    transmit(op);
    return;
  }
  record.outcome = "timeout";
  record.detail = joined(op.detail, detail.add("reason", "no reply from the CA"));
  context_.trace(std::move(record));
  exchanges_.erase(exchange);
  op.exchange = 0;
  op.outcome.unanswered = true;
  resume(id, {}, true);  // the empty reply fails the CmpClient operation
}

bool CmpExchange::handle(const sim::Message& message) {
  if (message.reference_point != reference_points::kCa1) return false;
  auto reject = [&](const std::string& reason) {
    sim::TraceRecord record;
    record.kind = sim::RecordKind::decision;
    record.peer = message.from;
    record.reference_point = reference_points::kCa1;
    record.operation = message.operation.empty() ? "CmpExchange" : message.operation;
    record.step = message.step;
    record.message_id = message.id;
    record.outcome = "rejected";
    record.detail = joined(settings_.reject_detail, TraceDetail().add("reason", reason));
    context_.trace(std::move(record));
    return true;
  };
  std::string error;
  auto envelope = decode_envelope(message.payload, &error);
  if (!envelope) return reject("undecodable CA-1 message: " + error);
  auto exchange_it = envelope->body.find("exchange");
  if (exchange_it == envelope->body.end() || !exchange_it->is_number_unsigned())
    return reject("CA-1 message without exchange number");
  const auto exchange = exchange_it->get<std::uint64_t>();
  auto it = exchanges_.find(exchange);
  if (it == exchanges_.end()) return reject("no request waits for this exchange");
  auto op_it = operations_.find(it->second);
  if (op_it == operations_.end() || op_it->second->ca != message.from)
    return reject("reply from an actor the request was not sent to");
  Operation& op = *op_it->second;
  if (op.timer.valid()) context_.cancel(op.timer);
  op.timer = {};
  exchanges_.erase(it);
  op.exchange = 0;
  // A reply without a PKIMessage (e.g. a plain error) ends the operation like no reply would.
  pki::Bytes der = get_bytes(envelope->body, "der").value_or(pki::Bytes{});
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
