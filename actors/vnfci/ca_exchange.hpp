// A VNFCI's CMP client side of CA-1 (direct mode): each pki::CmpClient operation (ir, kur, with
// their certConf) runs inside a pki::Fiber whose transport hands every request PKIMessage to the
// simulated network as an Envelope {exchange, der} (operation = the CMP body name) and suspends
// until the CA's reply with the same exchange number arrives. A request unanswered within
// `timeout` ends the operation (traced `CmpExchange timeout`) and the outcome says so, so the
// owner can retry the whole operation with back-off; nothing is resent within an operation.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "pki/cmp_client.hpp"
#include "sim/actor.hpp"
#include "sim/message.hpp"

namespace ifa026::actors::vnfci {

class CaExchange {
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

  CaExchange(sim::ActorContext& context, sim::Duration timeout);
  ~CaExchange();
  CaExchange(const CaExchange&) = delete;
  CaExchange& operator=(const CaExchange&) = delete;

  // Runs `body` with a CmpClient built from `config` (its transport replaced) towards `ca`. The
  // first request carries `first_step`, later ones (certConf) `later_step`; `detail` starts the
  // detail of this operation's trace records. `done` runs from event handling once the operation
  // ended (never from inside the fiber; not at all after cancel() or destruction). Returns an id.
  std::uint64_t run(const std::string& ca, pki::CmpClientConfig config, std::string first_step,
                    std::string later_step, std::string detail, Body body, Done done);
  // Abandons an operation (its fiber winds down on empty replies; `done` is not called).
  void cancel(std::uint64_t id);

  // True when `message` came on CA-1 (a CMP reply); it has then been handled or rejected.
  bool handle(const sim::Message& message);

  std::size_t in_flight() const { return operations_.size(); }
  bool running(std::uint64_t id) const { return operations_.count(id) != 0; }

 private:
  struct Operation;
  void resume(std::uint64_t id, pki::Bytes reply, bool supply);
  void send_request(Operation& op);
  void on_timeout(std::uint64_t id, std::uint64_t exchange);

  sim::ActorContext& context_;
  sim::Duration timeout_;
  std::uint64_t next_operation_ = 0;
  std::uint64_t next_exchange_ = 0;
  std::map<std::uint64_t, std::unique_ptr<Operation>> operations_;  // by operation id
  std::map<std::uint64_t, std::uint64_t> exchanges_;                // exchange -> operation id
};

}  // namespace ifa026::actors::vnfci
