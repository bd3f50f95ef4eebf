// The simulated network between named actors: per-link latency models and loss with scenario
// defaults, and the fault plan's link windows. It decides what happens to a message sent at a
// given time (delivered after some latency, or dropped and why); the Simulation schedules and
// traces that decision. Each link draws from its own random stream. Messages on one directed link
// arrive in the order they were sent, as over a TCP connection: a message whose drawn latency
// would overtake an earlier one arrives right after it instead (TLS sessions rely on this).
// A lost message depends on the link's transport: on a stream (TCP, which carries every NFV-MANO
// interface here: REST over HTTP, CMP over HTTP, TLS) it is sent again after a retransmission
// timeout, so loss shows as delay; on a datagram link (UDP, an ICMP echo) it is gone.
// A link with a fixed latency and no loss draws nothing and cannot reorder, so it keeps no state
// at all (a run of 10,000 VNFCIs has 40,000 such links); the others keep their stream and last
// arrival from their first message on.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "sim/fault_plan.hpp"
#include "sim/latency_model.hpp"
#include "sim/random.hpp"

namespace ifa026::sim {

// How a link carries a message when a transmission of it is lost. stream (the default): as TCP,
// the sender transmits it again after a retransmission timeout, 200 ms at first (Linux's minimum
// RTO) and doubling each time, so the message arrives late and in order; only after
// kMaxRetransmissions lost in a row (12.6 s of trying) is it dropped ("connection-lost").
// datagram: as UDP, a lost message is dropped ("loss"). docs/network-model.md.
enum class Transport : std::uint8_t { stream, datagram };
std::string_view to_string(Transport transport);
inline constexpr Duration kInitialRetransmissionTimeout = Duration::milliseconds(200);
inline constexpr int kMaxRetransmissions = 6;

struct LinkProperties {
  LatencyModel latency = LatencyModel::fixed(Duration::milliseconds(1));
  double loss = 0;  // probability that one transmission is lost
  Transport transport = Transport::stream;
};

struct Transmission {
  bool delivered = false;
  Duration latency;
  int retransmissions = 0;  // stream: transmissions lost before the one that arrived
  std::string drop_reason;  // "loss", "connection-lost", "link-down" when not delivered
};

class Network {
 public:
  Network(std::uint64_t seed, LinkProperties defaults) : seed_(seed), defaults_(defaults) {}

  // Sets the properties of the directed link from -> to (call twice for both directions), before
  // messages flow on it (the Simulation sets every link when it is built).
  void set_link(const std::string& from, const std::string& to, LinkProperties properties);
  const LinkProperties& link(const std::string& from, const std::string& to) const;
  const LinkProperties& defaults() const { return defaults_; }
  FaultPlan& faults() { return faults_; }
  const FaultPlan& faults() const { return faults_; }

  // What happens to a message sent now on from -> to.
  Transmission transmit(const std::string& from, const std::string& to, Time now);
  // Directed links holding a random stream and last arrival (those with random latency or loss
  // that carried a message).
  std::size_t links_with_state() const { return states_.size(); }

 private:
  struct LinkState {
    RandomStream random;
    Time last_arrival;  // of the latest message delivered on the link
  };
  using LinkKey = std::pair<std::string, std::string>;
  using LinkView = std::pair<std::string_view, std::string_view>;
  // Orders links by (from, to) and finds them by string views, so a send on a known link builds
  // no key (transmit runs once per message).
  struct LinkLess {
    using is_transparent = void;
    template <typename A, typename B>
    bool operator()(const A& a, const B& b) const {
      const int first = std::string_view(a.first).compare(std::string_view(b.first));
      return first != 0 ? first < 0 : std::string_view(a.second) < std::string_view(b.second);
    }
  };
  LinkState& state_for(const std::string& from, const std::string& to);

  std::uint64_t seed_;
  LinkProperties defaults_;
  std::map<LinkKey, LinkProperties, LinkLess> links_;
  std::map<LinkKey, LinkState, LinkLess> states_;
  FaultPlan faults_;
};

}  // namespace ifa026::sim
