// Finding trace records for conformance checks: by kind, actor, peer, operation, flow step,
// outcome and `detail` values (docs/mano-certificates.md lists what actors record), in trace
// order, before or after another record, and the kernel receive that completes a send.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "conformance/vocabulary.hpp"
#include "sim/trace.hpp"

namespace ifa026::conformance {

// What a record must look like; empty fields match anything.
struct RecordFilter {
  std::optional<sim::RecordKind> kind;
  std::string actor;
  std::string peer;
  std::string operation;
  std::string step;
  std::string outcome;
  std::map<std::string, std::string> detail;  // key=value pairs the detail must hold

  RecordFilter& of_kind(sim::RecordKind k) {
    kind = k;
    return *this;
  }
  RecordFilter& by(std::string a) {
    actor = std::move(a);
    return *this;
  }
  RecordFilter& to(std::string p) {
    peer = std::move(p);
    return *this;
  }
  RecordFilter& op(std::string o) {
    operation = std::move(o);
    return *this;
  }
  RecordFilter& at_step(std::string s) {
    step = std::move(s);
    return *this;
  }
  RecordFilter& with_outcome(std::string o) {
    outcome = std::move(o);
    return *this;
  }
  RecordFilter& with(const std::string& key, std::string value) {
    detail[key] = std::move(value);
    return *this;
  }
  bool matches(const sim::TraceRecord& record) const;
};

// Shorthands.
RecordFilter sends(std::string from, std::string to = "");
RecordFilter decision(std::string actor, std::string operation);
RecordFilter crypto(std::string actor, std::string operation);

// One value of a record's detail ("" when absent).
std::string detail_of(const sim::TraceRecord& record, const std::string& key);
bool has_detail(const sim::TraceRecord& record, const std::string& key);
// The items of a comma-separated detail value: "a,b, c" -> {"a", "b", "c"}; empty items dropped.
std::vector<std::string> split_list(const std::string& text);

class TraceQuery {
 public:
  explicit TraceQuery(const std::vector<sim::TraceRecord>& trace) : trace_(trace) {}

  const std::vector<sim::TraceRecord>& records() const { return trace_; }
  // Every match, in trace order.
  std::vector<const sim::TraceRecord*> all(const RecordFilter& filter) const;
  // The first match with an id strictly between `after` and `before` (0: unbounded).
  const sim::TraceRecord* first(const RecordFilter& filter, std::uint64_t after = 0,
                                std::uint64_t before = 0) const;
  // The last match with an id strictly between `after` and `before` (0: unbounded).
  const sim::TraceRecord* last(const RecordFilter& filter, std::uint64_t after = 0,
                               std::uint64_t before = 0) const;
  bool any(const RecordFilter& filter) const { return first(filter) != nullptr; }
  // The receive record of a send (same message id), or nullptr when it was lost or dropped.
  const sim::TraceRecord* receive_of(const sim::TraceRecord& send) const;
  // The record with this id, or nullptr.
  const sim::TraceRecord* by_id(std::uint64_t id) const;

 private:
  const std::vector<sim::TraceRecord>& trace_;
};

// "#3 C.4.1.2.6#3 nfvo-1 -> cmf-1 CertificateSigningRequest" style description for reasons.
std::string describe(const sim::TraceRecord& record);

}  // namespace ifa026::conformance
