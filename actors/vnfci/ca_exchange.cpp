// CMP over CA-1 in fibers for a VNFCI (see ca_exchange.hpp).
#include "actors/vnfci/ca_exchange.hpp"

#include <exception>
#include <utility>

#include "actors/common/envelope.hpp"
#include "actors/common/reference_points.hpp"
#include "actors/common/trace_detail.hpp"
#include "pki/cmp_server.hpp"
#include "pki/fiber.hpp"

namespace ifa026::actors::vnfci {
namespace {

// The CMP body name of a PKIMessage, as the envelope operation; "cmp" when unreadable.
std::string body_name(pki::ByteView der) {
  try {
    return std::string(pki::cmp_body_name(pki::inspect_cmp_message(der).body).value_or("cmp"));
  } catch (const std::exception&) {
    return "cmp";
  }
}

}  // namespace

struct CaExchange::Operation {
  // The fiber goes first, while everything its body may still touch (winding down) exists.
  ~Operation() { fiber.reset(); }

  std::uint64_t id = 0;
  std::string ca;
  std::string first_step;
  std::string later_step;
  std::string detail;
  int messages = 0;  // requests sent so far
  std::unique_ptr<pki::CmpClient> client;
  std::unique_ptr<pki::Fiber> fiber;
  // The same fiber for the transport, which may run while `fiber` is being destroyed.
  pki::Fiber* fiber_raw = nullptr;
  Outcome outcome;
  Done done;
  std::uint64_t exchange = 0;  // the request waiting for its reply (0: none)
  std::string step;
  sim::EventId timer;
};

CaExchange::CaExchange(sim::ActorContext& context, sim::Duration timeout)
    : context_(context), timeout_(timeout) {}

CaExchange::~CaExchange() {
  for (auto& [id, op] : operations_) {
    op->done = nullptr;
    if (op->timer.valid()) context_.cancel(op->timer);
  }
  operations_.clear();
}

std::uint64_t CaExchange::run(const std::string& ca, pki::CmpClientConfig config,
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

void CaExchange::cancel(std::uint64_t id) {
  auto it = operations_.find(id);
  if (it == operations_.end()) return;
  std::unique_ptr<Operation> op = std::move(it->second);
  operations_.erase(it);
  if (op->exchange != 0) exchanges_.erase(op->exchange);
  if (op->timer.valid()) context_.cancel(op->timer);
  op->done = nullptr;
  op.reset();  // the fiber winds down on empty replies
}

void CaExchange::resume(std::uint64_t id, pki::Bytes reply, bool supply) {
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
  std::unique_ptr<Operation> ended = std::move(it->second);
  operations_.erase(it);
  if (ended->exchange != 0) exchanges_.erase(ended->exchange);
  if (ended->timer.valid()) context_.cancel(ended->timer);
  Done done = std::move(ended->done);
  Outcome outcome = std::move(ended->outcome);
  ended.reset();
  if (done) done(outcome);
}

void CaExchange::send_request(Operation& op) {
  if (op.exchange != 0) exchanges_.erase(op.exchange);
  const pki::Bytes& request = *op.fiber->pending_request();
  op.exchange = ++next_exchange_;
  op.step = op.messages == 0 ? op.first_step : op.later_step;
  ++op.messages;
  exchanges_[op.exchange] = op.id;

  Envelope envelope;
  envelope.operation = body_name(request);
  envelope.step = op.step;
  envelope.body["exchange"] = op.exchange;
  set_bytes(envelope.body, "der", request);
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

void CaExchange::on_timeout(std::uint64_t id, std::uint64_t exchange) {
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
  record.outcome = "timeout";
  std::string detail = op.detail;
  const std::string extra = TraceDetail()
                                .add("exchange", static_cast<long long>(exchange))
                                .add("reason", "no reply from the CA");
  record.detail = detail.empty() ? extra : detail + "; " + extra;
  context_.trace(std::move(record));
  exchanges_.erase(exchange);
  op.exchange = 0;
  op.outcome.unanswered = true;
  resume(id, {}, true);  // the empty reply fails the CmpClient operation
}

bool CaExchange::handle(const sim::Message& message) {
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
    record.detail = TraceDetail().add("vnfci", context_.name()).add("reason", reason);
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
  // A reply without a PKIMessage ends the operation like no reply would.
  pki::Bytes der = get_bytes(envelope->body, "der").value_or(pki::Bytes{});
  if (!op.outcome.offered && !der.empty()) {
    try {
      const auto info = pki::inspect_cmp_message(der);
      if (info.certificate) op.outcome.offered = pki::Certificate::from_der(*info.certificate);
    } catch (const std::exception&) {
      // the CmpClient reports what is wrong with the reply
    }
  }
  resume(op.id, std::move(der), true);
  return true;
}

}  // namespace ifa026::actors::vnfci
