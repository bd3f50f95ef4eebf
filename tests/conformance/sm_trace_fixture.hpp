// Test fixture for the Security Manager checks on synthetic traces: a scenario with a trust
// model and a builder of the MANO-side and SM-side records the contract of issue 14 names
// (SmBinding, SmEventRouted, SmGrantDecision, SmObjectionWindow, SmAuthorization, ...), shaped as
// the actors write them (decision records with key=value details, send / receive pairs on
// Sc-Or, TlsHandshake crypto records of both ends).
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "actors/messages/sm_vocabulary.hpp"
#include "tests/conformance/mano_trace_fixture.hpp"

namespace ifa026::conformance::testing {

class SmTraceBuilder : public TraceBuilder {
 public:
  static std::string instance(const std::string& sm, const std::string& block = "nfvo-1") {
    return sm + "@" + block + "/" + reference_points::kScOr;
  }

  // The SM's certificate, a mutual handshake recorded by both ends (SM serial `serial`).
  void session(const std::string& sm, const std::string& serial,
               const std::string& block = "nfvo-1") {
    decision(sm, decisions::kCertificateInstalled, "", "ok",
             "entity=" + sm + "; serial=" + serial + "; purpose=enrolment");
    message(sm, block, ops::kTlsHandshake, "", true, reference_points::kScOr);
    add(sim::RecordKind::crypto, sm, block, decisions::kTlsHandshake, "", "ok",
        "channel=mutual; role=client; peer=" + block + "; peer_serial=B1; serial=" + serial, 0,
        reference_points::kScOr);
    add(sim::RecordKind::crypto, block, sm, decisions::kTlsHandshake, "", "ok",
        "channel=mutual; role=server; peer=" + sm + "; peer_subject=CN=" + sm +
            ",O=Operator; peer_serial=" + serial + "; serial=B1",
        0, reference_points::kScOr);
  }
  void bind(const std::string& sm, const std::string& grants, const std::string& block = "nfvo-1",
            const std::string& outcome = "bound", const std::string& inst = "") {
    message(sm, block, ops::kSmBindRequest, "", true, reference_points::kScOr);
    decision(block, decisions::kSmBinding, "", outcome,
             "sm=" + sm + "; instance=" + (inst.empty() ? instance(sm, block) : inst) +
                 "; grants=" + grants,
             sm);
    message(block, sm, outcome == "changed" ? ops::kSmBindingChanged : ops::kSmBindResponse, "",
            true, reference_points::kScOr);
  }
  void subscribe(const std::string& sm, const std::string& filter = "",
                 const std::string& block = "nfvo-1") {
    decision(block, decisions::kSmSubscription, "", "subscribed",
             "sm=" + sm + "; instance=" + instance(sm, block) + "; subscription=s-" + sm +
                 "; filter=" + filter,
             sm);
  }
  std::uint64_t event(const std::string& sm, const std::string& event_id, const std::string& type,
                      const std::string& phase, const std::string& vnf, const std::string& domain,
                      const std::string& grant_id = "", const std::string& block = "nfvo-1") {
    return decision(block, decisions::kSmEventRouted, "", "sent",
                    "sm=" + sm + "; instance=" + instance(sm, block) + "; subscription=s-" + sm +
                        "; event_id=" + event_id + "; event_type=" + type + "; phase=" + phase +
                        "; vnf=" + vnf + "; domain=" + domain + "; source=OSS" +
                        (grant_id.empty() ? "" : "; grant_id=" + grant_id),
                    sm);
  }
  std::uint64_t sm_grant(const std::string& sm, const std::string& outcome, const std::string& vnf,
                         const std::string& operation, const std::string& event_id,
                         const std::string& grant_id) {
    return decision("nfvo-1", decisions::kSmGrantDecision, "", outcome,
                    "sm=" + sm + "; grant_id=" + grant_id + "; event_id=" + event_id +
                        "; vnf=" + vnf + "; operation=" + operation + "; waited=0.010s",
                    sm);
  }
  std::uint64_t nfvo_grant(const std::string& vnf, const std::string& operation,
                           const std::string& outcome) {
    return decision("nfvo-1", decisions::kGrantDecision, "", outcome,
                    "vnf=" + vnf + "; operation=" + operation + "; source=OSS", "vnfm-1");
  }
  std::uint64_t allocate(const std::string& vnf) {
    return decision("vim-1", decisions::kResourceAllocation, "", "allocated",
                    "vnfci=" + vnf + "-c1; vnf=" + vnf + "; consumer=vnfm-1", "vnfm-1");
  }
  std::uint64_t window(const std::string& outcome, const std::string& event_id,
                       const std::string& vnf, const std::string& operation,
                       const std::string& waited, const std::string& sm = "") {
    return decision("nfvo-1", decisions::kSmObjectionWindow, "", outcome,
                    "event_id=" + event_id + "; vnf=" + vnf + "; operation=" + operation +
                        "; waited=" + waited + (sm.empty() ? "" : "; sm=" + sm));
  }
  std::uint64_t objection(const std::string& sm, const std::string& outcome,
                          const std::string& event_id) {
    message(sm, "nfvo-1", ops::kSmLcmObjection, "", true, reference_points::kScOr);
    return decision("nfvo-1", decisions::kSmObjection, "", outcome,
                    "sm=" + sm + "; event_id=" + event_id + "; reason=no", sm);
  }
  // The SM's request reaching the NFVO and its authorization.
  std::uint64_t request(const std::string& sm, const std::string& op, const std::string& kind,
                        const std::string& domain, const std::string& mode,
                        const std::string& outcome, const std::string& vnf,
                        const std::string& reason = "", const std::string& inst = "") {
    message(sm, "nfvo-1", op, "", true, reference_points::kScOr);
    return decision("nfvo-1", decisions::kSmAuthorization, "", outcome,
                    "sm=" + sm + "; instance=" + (inst.empty() ? instance(sm) : inst) +
                        "; domain=" + domain + "; mode=" + mode + "; sm_operation=" + op +
                        (kind.empty() ? "" : "; kind=" + kind) + "; basis=own; vnf=" + vnf +
                        (reason.empty() ? "" : "; reason=" + reason),
                    sm);
  }
  std::uint64_t terminated(const std::string& sm, const std::string& vnf,
                           const std::string& outcome = "terminated") {
    return decision("nfvo-1", decisions::kSmTerminationItem, "", outcome,
                    "sm=" + sm + "; request=r1; vnf=" + vnf, sm);
  }
  // A grant request on the wire to `sm` and its answer.
  void grant_exchange(const std::string& sm, bool answered = true) {
    message("nfvo-1", sm, ops::kSmLcmGrantRequest, "", true, reference_points::kScOr);
    if (answered)
      message(sm, "nfvo-1", ops::kSmLcmGrantResponse, "", true, reference_points::kScOr);
  }

  // Replaces `from` by `to` in the detail of record `id`.
  void edit(std::uint64_t id, const std::string& from, const std::string& to) {
    auto& d = records.at(id - 1).detail;
    const auto at = d.find(from);
    if (at == std::string::npos) throw std::runtime_error("no '" + from + "' in " + d);
    d.replace(at, from.size(), to);
  }
  void set_outcome(std::uint64_t id, const std::string& outcome) {
    records.at(id - 1).outcome = outcome;
  }
};

inline const std::vector<std::pair<std::string, std::string>> kSmActors = {
    {"nfvo-1", "nfvo"}, {"vnfm-1", "vnfm"}, {"vim-1", "vim"}, {"oss-1", "oss"}};

// Gives the scenario a trust model declaring these SMs (each entry's member_of becomes a
// security-management domain).
inline void set_trust_model(World& world, const nlohmann::json& sms,
                            const std::string& objection_window = "2s") {
  nlohmann::json domains = nlohmann::json::array({{{"id", "td-mano"}, {"purpose", "mano"}},
                                                  {{"id", "td-a"}, {"purpose", "tenant"}},
                                                  {{"id", "td-b"}, {"purpose", "tenant"}}});
  for (const auto& s : sms) {
    const bool known = std::any_of(domains.begin(), domains.end(),
                                   [&](const auto& d) { return d["id"] == s["member_of"]; });
    if (!known) domains.push_back({{"id", s["member_of"]}, {"purpose", "security_management"}});
  }
  world.scenario().trust_model = {
      {"domains", domains}, {"sms", sms}, {"settings", {{"objection_window", objection_window}}}};
}

}  // namespace ifa026::conformance::testing
