// CMP over CA-1 in fibers (see ra_client.hpp).
#include "actors/cmf/ra_client.hpp"

#include <exception>
#include <utility>

#include "actors/common/envelope.hpp"
#include "actors/common/reference_points.hpp"
#include "actors/common/trace_detail.hpp"
#include "pki/cmp_server.hpp"
#include "pki/fiber.hpp"

namespace ifa026::actors::cmf {

struct RaClient::Operation {
  std::uint64_t id = 0;
  std::string ca;
  std::string first_step;
  std::string later_step;
  int messages = 0;  // requests sent so far
  std::unique_ptr<pki::CmpClient> client;
  std::unique_ptr<pki::Fiber> fiber;
  // The same fiber for the transport, which may run while `fiber` is being destroyed (a body
  // that still waits is wound down with empty replies from inside the destructor).
  pki::Fiber* fiber_raw = nullptr;
  pki::CmpResult result;
  Done done;
  // The request waiting for its reply.
  std::uint64_t exchange = 0;
  std::string operation;
  std::string step;
  pki::Bytes request;
  int attempts = 0;
  sim::EventId timer;

  // Members are destroyed in reverse order, so `result` and `client` would go before `fiber`,
  // whose winding-down body (a run ending with operations in flight) still writes to them: end
  // the fiber first.
  ~Operation() { fiber.reset(); }
};

std::string cmp_operation_name(pki::ByteView der) {
  int body = -1;
  try {
    body = pki::inspect_cmp_message(der).body;
  } catch (const std::exception&) {
    return "cmp";
  }
  return std::string(pki::cmp_body_name(body).value_or("cmp"));
}

RaClient::RaClient(sim::ActorContext& context, sim::Duration timeout, int retries)
    : context_(context), timeout_(timeout), retries_(retries) {}

RaClient::~RaClient() {
  // Fibers still waiting wind down on empty replies (pki::Fiber's destructor); their `done`
  // callbacks are not run.
  for (auto& [id, op] : operations_) op->done = nullptr;
  operations_.clear();
}

bool RaClient::unanswered(const pki::CmpResult& result) {
  return !result.ok() && result.error.find("transport: no reply") != std::string::npos;
}

void RaClient::run(const std::string& ca, pki::CmpClientConfig config, std::string first_step,
                   std::string later_step, Body body, Done done) {
  auto owned = std::make_unique<Operation>();
  Operation* op = owned.get();
  op->id = ++next_operation_;
  op->ca = ca;
  op->first_step = std::move(first_step);
  op->later_step = std::move(later_step);
  op->done = std::move(done);
  config.transport = [op](pki::ByteView request) {
    return op->fiber_raw->await_reply(pki::Bytes(request.begin(), request.end()));
  };
  op->client = std::make_unique<pki::CmpClient>(std::move(config));
  op->fiber = std::make_unique<pki::Fiber>([op, body = std::move(body)](pki::Fiber&) {
    try {
      op->result = body(*op->client);
    } catch (const std::exception& e) {
      op->result = pki::CmpResult{};
      op->result.error = e.what();
    }
  });
  op->fiber_raw = op->fiber.get();
  const std::uint64_t id = op->id;
  operations_.emplace(id, std::move(owned));
  resume(id, {}, false);
}

void RaClient::resume(std::uint64_t id, pki::Bytes reply, bool supply) {
  auto it = operations_.find(id);
  if (it == operations_.end()) return;
  Operation& op = *it->second;
  if (supply) op.fiber->supply_reply(std::move(reply));
  try {
    op.fiber->resume();
  } catch (const std::exception& e) {
    op.result = pki::CmpResult{};
    op.result.error = e.what();
  }
  if (!op.fiber->finished() && op.fiber->pending_request()) {
    send_request(op);
    return;
  }
  // Ended (or stuck without a request, which cannot happen with a CmpClient body): hand the
  // result over once the fiber is gone.
  std::unique_ptr<Operation> ended = std::move(it->second);
  operations_.erase(it);
  if (ended->exchange != 0) exchanges_.erase(ended->exchange);
  if (ended->timer.valid()) context_.cancel(ended->timer);
  Done done = std::move(ended->done);
  pki::CmpResult result = std::move(ended->result);
  ended.reset();
  if (done) done(result);
}

void RaClient::send_request(Operation& op) {
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

void RaClient::transmit(Operation& op) {
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
  op.timer = context_.schedule(timeout_, "ca-timeout",
                               [this, id, exchange]() { on_timeout(id, exchange); });
}

void RaClient::on_timeout(std::uint64_t id, std::uint64_t exchange) {
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
  if (op.attempts < retries_) {
    ++op.attempts;
    record.outcome = "retry";
    record.detail = TraceDetail()
                        .add("operation", op.operation)
                        .add("exchange", static_cast<long long>(exchange))
                        .add("attempt", op.attempts + 1);
    context_.trace(std::move(record));
    transmit(op);
    return;
  }
  record.outcome = "timeout";
  record.detail = TraceDetail()
                      .add("operation", op.operation)
                      .add("exchange", static_cast<long long>(exchange))
                      .add("reason", "no reply from the CA");
  context_.trace(std::move(record));
  exchanges_.erase(exchange);
  op.exchange = 0;
  resume(id, {}, true);
}

bool RaClient::handle(const sim::Message& message) {
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
    record.detail = TraceDetail().add("reason", reason);
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
  if (op_it == operations_.end() || op_it->second->ca != message.from) {
    return reject("reply from an actor the request was not sent to");
  }
  Operation& op = *op_it->second;
  if (op.timer.valid()) context_.cancel(op.timer);
  op.timer = {};
  exchanges_.erase(it);
  op.exchange = 0;
  // A reply without a PKIMessage (e.g. a plain error) ends the operation like no reply.
  pki::Bytes der = get_bytes(envelope->body, "der").value_or(pki::Bytes{});
  resume(op.id, std::move(der), true);
  return true;
}

}  // namespace ifa026::actors::cmf
