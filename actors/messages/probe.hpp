// The data-plane probe's messages (issue 16; docs/security-monitoring.md "Monitoring runs, probes
// and SLA windows"; Annex A R1.3.30, R1.3.50): a probe client's echo request travelling through an
// inline monitor to a server, the server's answer travelling back along the same hops, and the
// copy a passive monitor (a tap) gets. Plain messages on the Data-Plane reference point.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "actors/messages/codec.hpp"
#include "actors/messages/monitoring_vocabulary.hpp"
#include "pki/bytes.hpp"

// Ours: user-plane traffic between data-plane stubs (probe client, inline and passive monitors,
// server); plain messages, as user traffic is not management signalling. Kept here rather than in
// reference_points.hpp so that the data plane rebuilds only what uses it.
namespace ifa026::actors::reference_points {
inline constexpr const char* kDataPlane = "Data-Plane";
}  // namespace ifa026::actors::reference_points

namespace ifa026::actors::messages {

// Client -> (inline monitor ->) server. `path` lists the hops it went through, the client first;
// the answer goes back along it.
struct ProbeEcho {
  static constexpr std::string_view kOperation = operations::kProbeEcho;
  std::string probe = {};  // "<client>-p<N>"
  std::string client = {};
  std::vector<std::string> path = {};
  pki::Bytes payload = {};
  bool operator==(const ProbeEcho&) const = default;
  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("probe", self.probe);
    f("client", self.client);
    f("path", self.path);
    f("payload", self.payload);
  }
};

// Server -> back along `path` (each hop removes itself) -> client; `status` ok, or error when a
// failing monitor answers in the server's place.
struct ProbeEchoReply {
  static constexpr std::string_view kOperation = operations::kProbeEchoReply;
  std::string probe = {};
  std::string status = {};  // ok, error
  std::string responder = {};
  std::vector<std::string> path = {};
  pki::Bytes payload = {};
  bool operator==(const ProbeEchoReply&) const = default;
  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("probe", self.probe);
    f("status", self.status);
    f("responder", self.responder);
    f("path", self.path);
    f("payload", self.payload);
  }
};

// A hop -> a passive monitor: a copy of a probe it handled (the passive monitor is not in the
// path).
struct ProbeCopy {
  static constexpr std::string_view kOperation = operations::kProbeCopy;
  std::string probe = {};
  std::string client = {};
  std::string mirrored_by = {};
  pki::Bytes payload = {};
  bool operator==(const ProbeCopy&) const = default;
  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("probe", self.probe);
    f("client", self.client);
    f("mirrored_by", self.mirrored_by);
    f("payload", self.payload);
  }
};

// An SM -> a data-plane monitor: one in-band poll of a monitoring run (no answer).
struct MonitoringPoll {
  static constexpr std::string_view kOperation = operations::kMonitoringPoll;
  std::string sm = {};
  std::string run = {};  // the run's first request id
  std::uint64_t seq = 0;
  bool operator==(const MonitoringPoll&) const = default;
  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("sm", self.sm);
    f("run", self.run);
    f("seq", self.seq);
  }
};

}  // namespace ifa026::actors::messages
