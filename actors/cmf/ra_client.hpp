// The CMF's side of CA-1 (registration-authority role towards the CA): blocking pki::CmpClient
// operations (ir, p10cr, rr with their certConf/pkiConf) run inside pki::Fiber bodies whose
// transport hands each request PKIMessage to the simulated network as an Envelope
// {exchange, der} (operation = the CMP body name) and suspends until the CA's reply with the same
// exchange number arrives; each request waits `timeout`, is resent `retries` times, and then the
// fiber resumes with an empty reply, which fails the operation ("CA unavailable"). Several
// operations may be in flight; each fiber lives until its operation ended.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "pki/cmp_client.hpp"
#include "sim/actor.hpp"
#include "sim/message.hpp"

namespace ifa026::actors::cmf {

// The name of a PKIMessage body as it travels as an Envelope operation (ir, ip, p10cr, cp,
// certConf, pkiConf, rr, rp, error, ...); "cmp" for an unknown or undecodable one.
std::string cmp_operation_name(pki::ByteView der);

class RaClient {
 public:
  using Body = std::function<pki::CmpResult(pki::CmpClient&)>;
  using Done = std::function<void(const pki::CmpResult&)>;

  RaClient(sim::ActorContext& context, sim::Duration timeout, int retries);
  ~RaClient();
  RaClient(const RaClient&) = delete;
  RaClient& operator=(const RaClient&) = delete;

  // Runs `body` with a CmpClient built from `config` (its transport is replaced by the CA-1
  // one) towards `ca`. The first request message carries `first_step`, later ones (certConf)
  // `later_step`. `done` runs from the actor's event handling once the operation ended (never
  // from inside the fiber, and not at all when the RaClient is destroyed first).
  void run(const std::string& ca, pki::CmpClientConfig config, std::string first_step,
           std::string later_step, Body body, Done done);

  // True when `message` is a CA-1 message (a CMP reply); it has then been handled.
  bool handle(const sim::Message& message);

  std::size_t in_flight() const { return operations_.size(); }
  // "transport: no reply" errors of the CmpClient mean the CA did not answer in time.
  static bool unanswered(const pki::CmpResult& result);

 private:
  struct Operation;
  void resume(std::uint64_t id, pki::Bytes reply, bool supply);
  void send_request(Operation& op);
  void transmit(Operation& op);
  void on_timeout(std::uint64_t id, std::uint64_t exchange);

  sim::ActorContext& context_;
  sim::Duration timeout_;
  int retries_;
  std::uint64_t next_operation_ = 0;
  std::uint64_t next_exchange_ = 0;
  std::map<std::uint64_t, std::unique_ptr<Operation>> operations_;  // by operation id
  std::map<std::uint64_t, std::uint64_t> exchanges_;                // exchange -> operation id
};

}  // namespace ifa026::actors::cmf
