// Trace record lookup for checks (see trace_query.hpp).
#include "conformance/trace_query.hpp"

#include "actors/common/trace_detail.hpp"

namespace ifa026::conformance {

bool RecordFilter::matches(const sim::TraceRecord& r) const {
  if (kind && r.kind != *kind) return false;
  if (!actor.empty() && r.actor != actor) return false;
  if (!peer.empty() && r.peer != peer) return false;
  if (!operation.empty() && r.operation != operation) return false;
  if (!step.empty() && r.step != step) return false;
  if (!outcome.empty() && r.outcome != outcome) return false;
  if (!detail.empty()) {
    const auto pairs = actors::parse_trace_detail(r.detail);
    for (const auto& [key, value] : detail) {
      auto it = pairs.find(key);
      if (it == pairs.end() || it->second != value) return false;
    }
  }
  return true;
}

RecordFilter sends(std::string from, std::string to) {
  RecordFilter f;
  f.kind = sim::RecordKind::send;
  f.actor = std::move(from);
  f.peer = std::move(to);
  return f;
}

RecordFilter decision(std::string actor, std::string operation) {
  RecordFilter f;
  f.kind = sim::RecordKind::decision;
  f.actor = std::move(actor);
  f.operation = std::move(operation);
  return f;
}

RecordFilter crypto(std::string actor, std::string operation) {
  RecordFilter f;
  f.kind = sim::RecordKind::crypto;
  f.actor = std::move(actor);
  f.operation = std::move(operation);
  return f;
}

std::string detail_of(const sim::TraceRecord& record, const std::string& key) {
  return actors::trace_detail_value(record.detail, key).value_or("");
}

bool has_detail(const sim::TraceRecord& record, const std::string& key) {
  return actors::trace_detail_value(record.detail, key).has_value();
}

std::vector<const sim::TraceRecord*> TraceQuery::all(const RecordFilter& filter) const {
  std::vector<const sim::TraceRecord*> out;
  for (const auto& r : trace_)
    if (filter.matches(r)) out.push_back(&r);
  return out;
}

const sim::TraceRecord* TraceQuery::first(const RecordFilter& filter, std::uint64_t after,
                                          std::uint64_t before) const {
  for (const auto& r : trace_) {
    if (r.id <= after) continue;
    if (before != 0 && r.id >= before) break;
    if (filter.matches(r)) return &r;
  }
  return nullptr;
}

const sim::TraceRecord* TraceQuery::last(const RecordFilter& filter, std::uint64_t after,
                                         std::uint64_t before) const {
  const sim::TraceRecord* found = nullptr;
  for (const auto& r : trace_) {
    if (r.id <= after) continue;
    if (before != 0 && r.id >= before) break;
    if (filter.matches(r)) found = &r;
  }
  return found;
}

const sim::TraceRecord* TraceQuery::receive_of(const sim::TraceRecord& send) const {
  if (send.message_id == 0) return nullptr;
  for (const auto& r : trace_) {
    if (r.id <= send.id) continue;
    if (r.kind == sim::RecordKind::receive && r.message_id == send.message_id) return &r;
  }
  return nullptr;
}

const sim::TraceRecord* TraceQuery::by_id(std::uint64_t id) const {
  // Ids are 1-based positions when the vector holds the whole trace; fall back to a scan.
  if (id >= 1 && id <= trace_.size() && trace_[id - 1].id == id) return &trace_[id - 1];
  for (const auto& r : trace_)
    if (r.id == id) return &r;
  return nullptr;
}

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  std::string item;
  auto flush = [&] {
    const auto b = item.find_first_not_of(' ');
    const auto e = item.find_last_not_of(' ');
    if (b != std::string::npos) out.push_back(item.substr(b, e - b + 1));
    item.clear();
  };
  for (char c : text) {
    if (c == ',') {
      flush();
      continue;
    }
    item += c;
  }
  flush();
  return out;
}

std::string describe(const sim::TraceRecord& r) {
  std::string out = "record " + std::to_string(r.id) + " (" + std::string(sim::to_string(r.kind));
  out += " " + r.actor;
  if (!r.peer.empty()) out += (r.kind == sim::RecordKind::receive ? " <- " : " -> ") + r.peer;
  if (!r.operation.empty()) out += " " + r.operation;
  if (!r.step.empty()) out += " " + r.step;
  if (!r.outcome.empty()) out += " " + r.outcome;
  out += ")";
  return out;
}

}  // namespace ifa026::conformance
