// The Annex D comparison of certificate modes, measured (issue 17; docs/metrics.md "Certificate
// modes (Annex D)", docs/delegation-mode.md "Annex D comparison (as built)"): for a run whose
// scenario has VNFCIs, per certificate mode (direct: flows C.2.1.1-.3 and C.3.1; delegation:
// C.2.2.x and C.3.2.x) the VNFCI identities enrolled, the messages and bytes of those flows per
// enrolled identity (every `send` whose step is a step of the mode's flows: the flow's own
// messages, the CMP messages and the TLS flights that cite it), the enrolment latency (from the
// identity's first record in the mode's flows to its CertificateInstalled), and per VNFCI private
// key the number of actors that ever held it and of hops it made between holders (from the
// KeyCustody ledger; for direct-mode keys without one, from the VNFCI's GenerateKey). A trace
// sink fed while the run streams (RunMetrics holds one) or from a stored trace (from_records).
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "reports/latency_summary.hpp"
#include "sim/trace.hpp"

namespace ifa026::reports {

// min / mean / max of a count over the keys of a mode.
struct CountSummary {
  std::uint64_t samples = 0;
  std::uint64_t min = 0, max = 0;
  double mean = 0;
};

struct ModeFigures {
  std::string mode;  // direct, delegation
  std::uint64_t identities_enrolled = 0;
  std::uint64_t messages = 0;  // sends citing a step of the mode's enrolment flows
  std::uint64_t bytes = 0;
  double messages_per_identity = 0;  // 0 when no identity was enrolled
  double bytes_per_identity = 0;
  LatencySummary latency;
  std::uint64_t keys = 0;
  CountSummary holders;               // distinct actors that held each key
  CountSummary hops;                  // distinct holder-to-holder transfers of each key
  std::vector<std::string> channels;  // the channel kinds keys of the mode crossed
};

class ModeComparison final : public sim::TraceSink {
 public:
  void on_record(const sim::TraceRecord& record) override;
  // The comparison of a stored trace (e.g. a sim::TraceStore's records).
  static ModeComparison from_records(const std::vector<sim::TraceRecord>& records);

  // True when the run showed any VNFCI enrolment step (then metrics.json has mode_comparison).
  bool any() const;
  // Both modes, direct first (a mode the run did not use has zeros).
  std::vector<ModeFigures> figures() const;
  nlohmann::ordered_json to_json() const;
  // metrics.csv rows: (metric, key = the mode, value).
  std::vector<std::tuple<std::string, std::string, std::string>> csv_rows() const;
  // The readable table `ifa026 run` prints.
  std::string table() const;

 private:
  struct Key {
    std::set<std::string> holders;
    std::set<std::pair<std::string, std::string>> hops;  // (from, to)
    std::set<std::string> channels;
  };
  struct PerMode {
    std::uint64_t messages = 0, bytes = 0;
    // (vnfci, identity) -> first record time (ns); vnfci -> first record without an identity
    std::map<std::pair<std::string, std::string>, std::int64_t> first;
    std::map<std::string, std::int64_t> first_of_vnfci;
    std::set<std::pair<std::string, std::string>> enrolled;
    std::vector<std::int64_t> latencies;
    std::map<std::string, Key> keys;  // by key fingerprint (the KeyCustody ledger)
    // Direct-mode keys named from GenerateKey records, used only for a trace without a ledger
    // (one written before the VNFCI kept one).
    std::map<std::string, Key> generated_keys;
  };
  void on_step_record(const std::string& mode, const sim::TraceRecord& record);
  void on_key_custody(const sim::TraceRecord& record);
  void on_generated_key(PerMode& mode, const sim::TraceRecord& record);

  std::map<std::string, PerMode> modes_;           // "direct", "delegation"
  std::map<std::string, std::string> vnfci_mode_;  // VNFCI -> the mode its records cite
};

// "direct", "delegation", or "" for a step outside the VNFCI enrolment flows (renewal C.2.1.4
// included: it is no enrolment).
std::string certificate_mode_of_step(const std::string& step);

}  // namespace ifa026::reports
