// Lookups over the Annex C step tables (see flow_steps.hpp), and the compile-time checks that
// keep the tables consistent: each step ID is its flow's ID, '#', its number; numbers rise
// through a table; no ID appears twice.
#include "actors/messages/flow_steps.hpp"

#include <string>

namespace ifa026::actors::flows {
namespace {

constexpr bool same(const char* a, std::string_view b) {
  return a != nullptr && std::string_view(a) == b;
}

// "C.2.1.1" + "#" + "5" == "C.2.1.1#5", compared without building strings.
constexpr bool id_matches(const FlowStep& s) {
  const std::string_view id = s.id;
  const std::string_view flow = s.flow;
  if (id.size() <= flow.size() + 1 || id.substr(0, flow.size()) != flow || id[flow.size()] != '#')
    return false;
  int n = 0;
  for (const char c : id.substr(flow.size() + 1)) {
    if (c < '0' || c > '9') return false;
    n = n * 10 + (c - '0');
  }
  return n == s.number;
}

// How many rows of all tables carry this step ID.
constexpr int uses_of(std::string_view id) {
  int n = 0;
  for (const auto& f : detail::kFlows)
    for (const auto& s : f.steps)
      if (std::string_view(s.id) == id) ++n;
  return n;
}

constexpr bool tables_consistent() {
  for (const auto& f : detail::kFlows) {
    if (!std::string_view(f.steps_of).empty() &&
        (!f.steps.empty() || flow_index(f.steps_of) == detail::kFlows.size()))
      return false;
    int previous = -1;
    for (const auto& s : f.steps) {
      if (!same(s.flow, f.id) || !id_matches(s) || s.number <= previous) return false;
      if (s.actor == nullptr || s.peer == nullptr || s.operation == nullptr ||
          s.reference_point == nullptr || s.carries == nullptr)
        return false;
      // A message goes to a peer on a reference point; a decision stays inside one actor or
      // names the peer it was taken about and the reference point it came on.
      const bool has_peer = !std::string_view(s.peer).empty();
      const bool has_reference_point = !std::string_view(s.reference_point).empty();
      if (s.kind == sim::RecordKind::send && !(has_peer && has_reference_point)) return false;
      if (s.kind != sim::RecordKind::send && has_peer != has_reference_point) return false;
      if (s.kind != sim::RecordKind::send && s.kind != sim::RecordKind::decision &&
          s.kind != sim::RecordKind::crypto)
        return false;
      previous = s.number;
      if (uses_of(s.id) != 1) return false;  // unique across every table
    }
  }
  return true;
}
static_assert(tables_consistent(), "an Annex C step table is inconsistent");
static_assert(std::string_view(step(kDirect, 5)) == "C.2.1.1#5");
static_assert(std::string_view(step(kOamDirect, 3)) == "C.2.1.1#3");

}  // namespace

bool shows(const FlowStep& step, sim::RecordKind kind, std::string_view actor_role,
           std::string_view operation) {
  for (const auto& r : records_of(step))
    if (r.kind == kind && same(r.operation, operation) &&
        (actor_role.empty() || same(r.actor, actor_role)))
      return true;
  return false;
}

std::vector<StepRecord> records_of(const FlowStep& step) {
  std::vector<StepRecord> out{{step.kind, step.actor, step.operation}};
  for (const auto& r : step.further)
    if (r.operation != nullptr) out.push_back(r);
  return out;
}

const FlowStep* step_with(std::string_view flow, sim::RecordKind kind, std::string_view operation) {
  for (const auto& s : steps_of(flow))
    if (shows(s, kind, "", operation)) return &s;
  return nullptr;
}

const FlowStep* decision_step(std::string_view flow, std::string_view role,
                              std::string_view operation) {
  for (const auto& s : steps_of(flow))
    if (shows(s, sim::RecordKind::decision, role, operation) ||
        shows(s, sim::RecordKind::crypto, role, operation))
      return &s;
  return nullptr;
}

const Flow* entity_flow(std::string_view entity, bool registration, bool hsm) {
  for (const auto& f : all_flows())
    if (same(f.entity, entity) && f.registration == registration &&
        (registration || f.hsm == hsm) && !f.steps.empty() &&
        f.steps.front().kind == sim::RecordKind::send && same(f.steps.front().peer, roles::kCmf) &&
        same(f.steps.front().actor, registration ? std::string_view(roles::kOss) : entity))
      return &f;  // a C.4 flow: it starts with a request to the CMF
  return nullptr;
}

const char* cite(std::string_view flow, sim::RecordKind kind, std::string_view operation) {
  const auto* step = step_with(flow, kind, operation);
  return step != nullptr ? step->id : "";
}

const FlowStep* step_after(std::string_view id, int offset) {
  const auto* step = find_step(id);
  if (step == nullptr) return nullptr;
  return find_step(step->flow, step->number + offset);
}

std::string step_range(std::string_view flow) {
  const auto steps = steps_of(flow);
  if (steps.empty()) return "";
  return "#" + std::to_string(steps.front().number) + "..#" + std::to_string(steps.back().number);
}

}  // namespace ifa026::actors::flows
