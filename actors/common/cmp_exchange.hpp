// CMP over CA-1 on the simulated network, the client side (the CMF as RA, a VNFCI in direct mode,
// test stand-ins): each blocking pki::CmpClient operation (ir, p10cr, kur, rr with their
// certConf/pkiConf) runs inside a pki::Fiber whose transport hands every request PKIMessage to the
// network as a messages::CmpMessage {exchange, der} (operation = the CMP body name) and suspends
// until the CA's reply with the same exchange number arrives. The exchange number is the
// request's correlation id in a RequestTracker (actors/toolkit/request_tracker.hpp): each request
// waits `timeout` and is resent, byte for byte (same transactionID and nonces, so the CA answers a
// retransmission with the answer it sent before: docs/cmp-reliability.md), `retries` times, each
// wait `backoff` times the one before up to `max_wait` (timer "ca-timeout", traced `CmpExchange
// retry`); then the fiber resumes with an empty reply, which fails the operation (traced
// `CmpExchange timeout`, Outcome::unanswered), so the owner may retry the whole operation with a
// new transaction; a late or duplicate
// reply is told from one to an exchange never sent. Responses and the new certificate are
// verified at the simulated time each reply arrives (pki::CmpClientConfig::clock). Several
// operations may be in flight; each fiber lives until its operation ended, and goes before
// everything its body may still touch. The owner's Tracer traces and its HandlerGuard guards the
// timers; an owner not on the toolkit gives its context, and the exchange traces through the
// context and guards its timers itself (no memory kept for it: 10,000 VNFCIs hold one each).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "actors/toolkit/handler_guard.hpp"
#include "actors/toolkit/request_tracker.hpp"
#include "actors/toolkit/trace_event.hpp"
#include "pki/cmp_client.hpp"
#include "sim/actor.hpp"
#include "sim/message.hpp"

namespace ifa026::actors {

// The name of a PKIMessage body as it travels as an Envelope operation (ir, ip, p10cr, cp,
// certConf, pkiConf, rr, rp, error, ...); "cmp" for an unknown or undecodable one.
std::string cmp_operation_name(pki::ByteView der);

// The defaults: a request unanswered for 5 s is resent after 5, 10, 20 and 40 s (4 resends),
// i.e. the operation fails 135 s after the request was first sent.
struct CmpExchangeSettings {
  sim::Duration timeout = sim::Duration::seconds(5);  // the first wait for a reply
  int retries = 4;           // resends of an unanswered request before the operation fails
  std::int64_t backoff = 2;  // each wait is the previous one times this
  sim::Duration max_wait = sim::Duration::seconds(60);  // ... at most this
  // How the owner's trace records read (conformance checks read them): with
  // `operation_in_detail` retry and timeout records name the request's CMP body ("operation");
  // `reject_detail` starts the detail of records rejecting a CA-1 message (e.g. "vnfci=<name>").
  bool operation_in_detail = false;
  std::string reject_detail;
};

class CmpExchange {
 public:
  struct Outcome {
    pki::CmpResult result;
    bool unanswered = false;  // a request got no reply in time (the CA may be unreachable)
    // The first certificate a reply (ip, cp, kup) carried, even when the client then refused it
    // in its certConf (e.g. not trusted) and the result holds none.
    std::optional<pki::Certificate> offered;
  };
  using Body = std::function<pki::CmpResult(pki::CmpClient&)>;
  using Done = std::function<void(const Outcome&)>;

  // Traces through `tracer` and guards its timers with `guard` (the owner's).
  CmpExchange(Tracer& tracer, HandlerGuard& guard, CmpExchangeSettings settings);
  // For an owner not on the toolkit: traced through `context`, timers guarded on the spot.
  CmpExchange(sim::ActorContext& context, CmpExchangeSettings settings);
  ~CmpExchange();
  CmpExchange(const CmpExchange&) = delete;
  CmpExchange& operator=(const CmpExchange&) = delete;

  // Runs `body` with a CmpClient built from `config` towards `ca`; its transport and clock are
  // replaced (CA-1 and the simulated clock). The first request carries `first_step`, later ones
  // (certConf) `later_step`; `detail` starts the detail of this operation's retry and timeout
  // records. `done` runs from event handling once the operation ended (never from inside the
  // fiber; not at all after cancel() or destruction). Returns the operation's id. `end_entity`
  // (delegation, Q2): the end entity every message of the operation names next to its PKIMessage.
  std::uint64_t run(const std::string& ca, pki::CmpClientConfig config, std::string first_step,
                    std::string later_step, std::string detail, Body body, Done done,
                    std::string end_entity = {});
  // Abandons an operation (its fiber winds down on empty replies; `done` is not called).
  void cancel(std::uint64_t id);

  // True when `message` came on CA-1 (a CMP reply); it has then been handled or rejected.
  bool handle(const sim::Message& message);

  std::size_t in_flight() const { return operations_.size(); }
  bool running(std::uint64_t id) const { return operations_.count(id) != 0; }
  // True when the CmpClient got no reply: none in time, or one without a PKIMessage.
  static bool no_reply(const pki::CmpResult& result);
  // Why an operation failed, for refusals and records: "CA unavailable" when the CA did not
  // answer, otherwise the CMP status text (or the client's error).
  static std::string failure_reason(const pki::CmpResult& result);

 private:
  struct Operation;
  void resume(std::uint64_t id, pki::Bytes reply, bool supply);
  void send_request(Operation& op);
  // Attempt `attempt` (0: the first) of the exchange of operation `id`.
  void transmit(std::uint64_t exchange, std::uint64_t id, int attempt);
  void give_up(std::uint64_t exchange, std::uint64_t id);
  // Closes the exchange `op` waits on, if any.
  void close_exchange(Operation& op);
  void trace(TraceEvent event);
  void trace_record(sim::TraceRecord record);
  // Runs `work` (a timer's) inside the owner's guard, or one made for it.
  void guarded(const char* site, const std::function<void()>& work);

  sim::ActorContext& context_;
  Tracer* tracer_ = nullptr;       // the owner's; nullptr: trace through the context
  HandlerGuard* guard_ = nullptr;  // the owner's; nullptr: a guard made for each timer
  CmpExchangeSettings settings_;
  std::uint64_t next_operation_ = 0;
  std::map<std::uint64_t, std::unique_ptr<Operation>> operations_;  // by operation id
  RequestTracker<std::uint64_t> exchanges_;  // exchange number -> operation id
};

}  // namespace ifa026::actors
