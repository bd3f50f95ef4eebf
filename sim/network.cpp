// Link lookup, loss and latency sampling, per-link state (random streams, last arrivals) and
// link fault windows.
#include "sim/network.hpp"

namespace ifa026::sim {

std::string_view to_string(Transport transport) {
  return transport == Transport::stream ? "stream" : "datagram";
}

void Network::set_link(const std::string& from, const std::string& to, LinkProperties properties) {
  links_.insert_or_assign({from, to}, properties);
}

const LinkProperties& Network::link(const std::string& from, const std::string& to) const {
  if (links_.empty()) return defaults_;
  auto it = links_.find(LinkView(from, to));
  return it == links_.end() ? defaults_ : it->second;
}

Network::LinkState& Network::state_for(const std::string& from, const std::string& to) {
  // The key is built (and the link's random stream seeded) only on the link's first message.
  auto it = states_.lower_bound(LinkView(from, to));
  if (it == states_.end() || it->first.first != from || it->first.second != to)
    it = states_.emplace_hint(it, LinkKey(from, to),
                              LinkState{RandomStream(seed_, "link:" + from + "->" + to), Time()});
  return it->second;
}

Transmission Network::transmit(const std::string& from, const std::string& to, Time now) {
  Transmission t;
  if (faults_.link_down(from, to, now)) {
    t.drop_reason = "link-down";
    return t;
  }
  const LinkProperties& props = link(from, to);
  if (props.loss <= 0 && props.latency.kind() == LatencyModel::Kind::fixed) {
    // Nothing to draw, and a constant latency keeps the sending order: no state needed.
    t.delivered = true;
    t.latency = props.latency.mean();
    return t;
  }
  LinkState& state = state_for(from, to);
  Duration waited;  // retransmission timeouts of a stream's lost transmissions
  if (props.loss > 0) {
    Duration timeout = kInitialRetransmissionTimeout;
    while (state.random.bernoulli(props.loss)) {
      if (props.transport == Transport::datagram) {
        t.drop_reason = "loss";
        return t;
      }
      if (t.retransmissions == kMaxRetransmissions) {
        t.drop_reason = "connection-lost";
        return t;
      }
      ++t.retransmissions;
      waited = waited + timeout;
      timeout = timeout * 2;
    }
  }
  t.delivered = true;
  t.latency = waited + props.latency.sample(state.random);
  // In order on the link: never before the previous message (equal times keep their order).
  if (now + t.latency < state.last_arrival) t.latency = state.last_arrival - now;
  state.last_arrival = now + t.latency;
  return t;
}

}  // namespace ifa026::sim
