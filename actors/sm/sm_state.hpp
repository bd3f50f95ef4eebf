// What a Security Manager (actor type `sm`, sm_actor.hpp) holds at the end of a run, for the
// conformance checks and tests: its binding with each MANO block, the events and grant requests
// it received, its requests and their answers, the last status, history and context answers, the
// audit records it exported, and every identifier it learnt from what it received (R2.1.120: a
// hidden VNF's id must never be among them).
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "actors/messages/sc_mano.hpp"
#include "sim/simulation.hpp"

namespace ifa026::actors::sm {

// The SM's interface instance with one MANO block.
struct SmBlockBinding {
  std::string block = {};            // the block's actor name
  std::string reference_point = {};  // Sc-Or, Sc-Vnfm, Sc-Vi
  std::string status = {};           // requested, bound, refused
  std::string instance = {};         // "<sm>@<block>/<rp>" once bound
  std::vector<messages::SmGrant> grants = {};
  std::string subscription = {};  // once subscribed
  std::string reason = {};        // refused, or the last change
};

// One event the SM received (a notification, or the proposed event of a grant request).
struct SmReceivedEvent {
  std::string block = {};
  std::optional<std::string> grant_id = {};
  messages::SmLcmEvent event = {};
  std::optional<std::size_t> rule = {};  // the rule that fired, if any
  std::string action = {};               // what the SM did ("" when nothing)
};

// One request the SM sent, and its answer once it came.
struct SmSentRequest {
  std::string request_id = {};
  std::string operation = {};  // the SM message sent
  std::string block = {};
  std::string state = {};  // sent, answered, refused
  std::string status = {};
  std::string reason = {};
};

struct SmState {
  std::map<std::string, SmBlockBinding> bindings;  // by block
  std::vector<SmReceivedEvent> events;
  std::map<std::string, SmSentRequest> requests;  // by request id
  std::optional<messages::SmNetworkStatusResponse> last_status;
  std::optional<messages::SmLcmHistoryResponse> last_history;
  std::optional<messages::SmContextResponse> last_context;
  std::vector<messages::SmAuditRecord> exported_audit;  // of the last export answered
  std::set<std::string> identifiers;

  // Every identifier learnt from received payloads: instances, subscriptions, VNF, NS, package,
  // VNFD and OSS application ids, event, grant and request ids, host ids, names in audit records,
  // and the subjects and serials of the TLS peers' certificates.
  const std::set<std::string>& known_identifiers() const { return identifiers; }
};

// The final state of the SM actor `actor` of `simulation`, or null when there is no such actor or
// it is not an SM.
const SmState* sm_state(sim::Simulation& simulation, const std::string& actor);

}  // namespace ifa026::actors::sm
