// The telemetry message (issue 16; docs/security-monitoring.md "Telemetry"; Annex A R1.3.60,
// R1.3.70, R1.3.130, R1.3.140, R1.3.190, R1.3.230, R1.3.250): what a monitored VNFCI, VSF or PNF
// stub sends to each collector its policy names (an SM or a collector actor), each over its own
// mutual-TLS session on Sm-Sf.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "actors/messages/codec.hpp"
#include "actors/messages/monitoring_vocabulary.hpp"
#include "pki/bytes.hpp"

namespace ifa026::actors::messages {

// One report. `payload` is the record's bytes as sent: the raw JSON record (`encoding` identity)
// or its deflate compression (`encoding` deflate); `raw_digest` is the lowercase hex SHA-256 of the
// raw record either way, so a receiver checks what it decompressed.
struct TelemetryReport {
  static constexpr std::string_view kOperation = operations::kTelemetryReport;
  std::string source = {};              // the sending actor
  std::optional<std::string> vnf = {};  // the VNF instance it belongs to, if any
  std::string kind = {};                // vnf, vsf, pnf
  std::string plane = {};               // control, management, data
  std::string mode = {};                // active, passive
  std::uint64_t seq = 0;                // 1, 2, ... per (source, collector)
  std::string encoding = {};            // identity, deflate
  std::string raw_digest = {};          // hex SHA-256 of the raw record
  pki::Bytes payload = {};
  bool operator==(const TelemetryReport&) const = default;
  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("source", self.source);
    f("vnf", self.vnf);
    f("kind", self.kind);
    f("plane", self.plane);
    f("mode", self.mode);
    f("seq", self.seq);
    f("encoding", self.encoding);
    f("raw_digest", self.raw_digest);
    f("payload", self.payload);
  }
};

}  // namespace ifa026::actors::messages
