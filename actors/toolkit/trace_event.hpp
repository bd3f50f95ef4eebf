// One structured trace call for every actor: a TraceEvent names its fields (operation, outcome,
// peer, reference point, step, detail) instead of passing five to seven strings by position, and
// a Tracer stamps the actor's own detail prefix (e.g. a MANO entity's "entity=…; fqdn=…") on
// each record. Components split out of an actor receive the actor's Tracer, not the whole actor.
//
//   tracer({.operation = "Enrolment", .outcome = "issued", .peer = ca,
//           .detail = TraceDetail().add("serial", serial)});
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "actors/common/trace_detail.hpp"
#include "sim/actor.hpp"
#include "sim/trace.hpp"

namespace ifa026::actors {

// Fields in the order designated initialisers must follow; all but `operation` may be left out.
struct TraceEvent {
  std::string operation;
  std::string outcome;
  std::string peer = {};
  std::string reference_point = {};
  std::string step = {};
  std::string detail = {};  // a TraceDetail converts to it
  sim::RecordKind kind = sim::RecordKind::decision;
  std::uint64_t bytes = 0;
};

// The record an event becomes (time and actor are the context's to fill in).
sim::TraceRecord to_record(TraceEvent&& event);

class Tracer {
 public:
  // `prefix`, when set, gives detail pairs put before each event's own detail.
  explicit Tracer(sim::ActorContext& context, std::function<TraceDetail()> prefix = {})
      : context_(context), prefix_(std::move(prefix)) {}

  // Traces the event (ActorContext::note: in a parallel run it may wait for the event's turn
  // while the handler goes on).
  void operator()(TraceEvent event);
  // The same, returning the record's id (ActorContext::trace: waits for the turn).
  std::uint64_t with_id(TraceEvent event);
  // The same for a record built elsewhere (e.g. internal_error_record), prefix included.
  void record(sim::TraceRecord record);

  void set_prefix(std::function<TraceDetail()> prefix) { prefix_ = std::move(prefix); }
  sim::ActorContext& context() { return context_; }

 private:
  std::string with_prefix(std::string detail) const;

  sim::ActorContext& context_;
  std::function<TraceDetail()> prefix_;
};

}  // namespace ifa026::actors
