// The simulated network between named actors: per-link latency models and loss with scenario
// defaults, and the fault plan's link windows. It decides what happens to a message sent at a
// given time (delivered after some latency, or dropped and why); the Simulation schedules and
// traces that decision. Each link draws from its own random stream. Messages on one directed link
// arrive in the order they were sent, as over a TCP connection: a message whose drawn latency
// would overtake an earlier one arrives right after it instead (TLS sessions rely on this).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>

#include "sim/fault_plan.hpp"
#include "sim/latency_model.hpp"
#include "sim/random.hpp"

namespace ifa026::sim {

struct LinkProperties {
  LatencyModel latency = LatencyModel::fixed(Duration::milliseconds(1));
  double loss = 0;
};

struct Transmission {
  bool delivered = false;
  Duration latency;
  std::string drop_reason;  // "loss", "link-down" when not delivered
};

class Network {
 public:
  Network(std::uint64_t seed, LinkProperties defaults) : seed_(seed), defaults_(defaults) {}

  // Sets the properties of the directed link from -> to (call twice for both directions).
  void set_link(const std::string& from, const std::string& to, LinkProperties properties);
  const LinkProperties& link(const std::string& from, const std::string& to) const;
  const LinkProperties& defaults() const { return defaults_; }
  FaultPlan& faults() { return faults_; }
  const FaultPlan& faults() const { return faults_; }

  // What happens to a message sent now on from -> to.
  Transmission transmit(const std::string& from, const std::string& to, Time now);

 private:
  struct LinkState {
    RandomStream random;
    Time last_arrival;  // of the latest message delivered on the link
  };
  LinkState& state_for(const std::string& from, const std::string& to);

  std::uint64_t seed_;
  LinkProperties defaults_;
  std::map<std::pair<std::string, std::string>, LinkProperties> links_;
  std::map<std::pair<std::string, std::string>, LinkState> states_;
  FaultPlan faults_;
};

}  // namespace ifa026::sim
