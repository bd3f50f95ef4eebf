// Scripted MANO peers for tests of the VNFM on the lifecycle chain (docs/lifecycle.md, slice 4):
// an NFVO that sends Or-Vnfm requests a test prepared (typed, kept in memory), subscribes to the
// VNFM's LCM notifications and answers grants (granted, or rejected when the test says so), and a
// VIM (also playing the CISM) that answers allocations by spawning the VNFCI actor named in the
// request with `user_data` as its parameters, as the real VIM does, releases by retiring it, and
// reports resource changes on command. Both are real MANO entities that enrol their certificates;
// the world around them (CA, CMF in direct mode, OSS, VNFM) is chain_world().
#pragma once

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "actors/builtin_actors.hpp"
#include "actors/common/mano_entity.hpp"
#include "actors/common/trace_detail.hpp"
#include "actors/messages/cism_si.hpp"
#include "actors/messages/cm_vnfm.hpp"
#include "actors/messages/codec.hpp"
#include "actors/messages/lcm_vocabulary.hpp"
#include "actors/messages/or_vnfm.hpp"
#include "actors/messages/reference_points.hpp"
#include "actors/messages/vi_vnfm.hpp"
#include "sim/scenario.hpp"
#include "sim/simulation.hpp"
#include "tests/support/scenario_builder.hpp"

namespace ifa026::actors::chain_test {

using nlohmann::json;
using sim::RecordKind;
using sim::TraceRecord;
namespace msg = messages;

// ---- scripted peers ----

struct ChainLog {
  // NFVO side: the requests a test has it send, by label (kept in memory: bodies hold bytes).
  std::map<std::string, Envelope> outbox;
  bool reject_grants = false;
  std::vector<msg::GrantLifecycleOperationRequest> grants;
  std::vector<std::pair<std::string, msg::VnfLcmAcknowledgement>> answers;  // operation, body
  std::vector<msg::VnfLcmOperationOccurrenceNotification> notifications;
  // VIM side.
  std::set<std::string> refuse;      // VNFCIs whose allocation is refused
  std::set<std::string> silent;      // VNFCIs whose allocation is never answered
  std::vector<std::string> vim_log;  // "allocate X" / "release X", in arrival order
  std::map<std::string, json> user_data;
  std::map<std::string, msg::ResourceAllocationRequest> allocations;  // by VNFCI
  // Delegation mode (issue 17): VNFCI -> "installed" or "failed", the install result the VIM
  // answers for every credential of its allocation (absent: no `install`, as the real VIM today).
  std::map<std::string, std::string> install_status;
  std::map<std::string, std::string> resource_of;  // VNFCI -> resource
  std::map<std::string, std::string> consumer_of;  // resource -> VNFM
  int next_resource = 1;
  // Placement reservations (D12): VNFCIs the VIM refuses to reserve for; the reservation
  // requests and releases it received (in vim_log as "reserve X,Y" / "unreserve R,S").
  std::set<std::string> no_reservation;
  int next_reservation = 1;

  // The notifications' "operation:state" in order (those of one VNF when given).
  std::vector<std::string> states(const std::string& vnf = "") const {
    std::vector<std::string> out;
    for (const auto& n : notifications)
      if (vnf.empty() || n.vnf == vnf) out.push_back(n.operation + ":" + n.state);
    return out;
  }
};

// The NFVO: command "send" {to, operation, body} on Or-Vnfm; answers grants.
class ScriptedNfvo final : public ManoEntityExtension {
 public:
  ScriptedNfvo(ManoEntityHost& host, std::shared_ptr<ChainLog> log)
      : host_(host), log_(std::move(log)) {
    auto& h = host_.request_handlers();
    h.on<msg::GrantLifecycleOperationRequest>(
        [this](const msg::GrantLifecycleOperationRequest& grant, const ChannelMessage& m) {
          log_->grants.push_back(grant);
          msg::GrantLifecycleOperationResponse reply;
          reply.request_id = grant.request_id;
          if (log_->reject_grants) {
            reply.status = lcm::kStatusRejected;
            reply.reason = "quota vcpus 12 > 8";
          } else {
            reply.status = lcm::kStatusGranted;
            reply.grant = "nfvo-1-grant-" + std::to_string(log_->grants.size());
            std::vector<msg::GrantedResource> where;
            for (const auto& r : grant.add_resources) {
              msg::GrantedResource g;
              g.id = r.id;
              g.kind = r.kind;
              g.vim = r.kind == lcm::kResourceOsContainer ? "cism-1" : "vim-1";
              where.push_back(g);
            }
            reply.resources = std::move(where);
          }
          host_.channels().reply(m, msg::to_envelope(reply));
        });
    h.on<msg::VnfLcmOperationOccurrenceNotification>(
        [this](const msg::VnfLcmOperationOccurrenceNotification& n, const ChannelMessage&) {
          log_->notifications.push_back(n);
        });
    h.on<msg::LccnSubscriptionResponse>(
        [](const msg::LccnSubscriptionResponse&, const ChannelMessage&) {});
    answer<msg::InstantiateVnfResponse>();
    answer<msg::ScaleVnfResponse>();
    answer<msg::HealVnfResponse>();
    answer<msg::TerminateVnfResponse>();
    answer<msg::ChangeVnfConfigurationResponse>();
  }

  bool on_command(const sim::Command& command) override {
    if (command.name != "send") return false;
    const Envelope envelope = command.args.contains("label")
                                  ? log_->outbox.at(command.args["label"].get<std::string>())
                                  : Envelope{command.args.at("operation").get<std::string>(), "",
                                             command.args.value("body", json::object())};
    host_.channels().send(command.args.value("to", std::string("vnfm-1")), ChannelKind::mutual,
                          reference_points::kOrVnfm, envelope);
    return true;
  }

 private:
  template <class R>
  void answer() {
    host_.request_handlers().on<R>([this](const R& r, const ChannelMessage&) {
      log_->answers.emplace_back(std::string(R::kOperation), r);
    });
  }
  ManoEntityHost& host_;
  std::shared_ptr<ChainLog> log_;
};

// The VIM (and, with the same code, a CISM): allocations spawn the VNFCI, releases retire it;
// command "change" {vnfci, change, correlation?, reason?, to_host?} reports a resource change.
class ScriptedVim final : public ManoEntityExtension {
 public:
  ScriptedVim(ManoEntityHost& host, std::shared_ptr<ChainLog> log)
      : host_(host), log_(std::move(log)) {
    allocate<msg::AllocateComputeRequest, msg::AllocateComputeResponse>();
    allocate<msg::CreateOsContainerWorkloadRequest, msg::CreateOsContainerWorkloadResponse>();
    release<msg::ReleaseComputeRequest, msg::ReleaseComputeResponse>();
    release<msg::DeleteOsContainerWorkloadRequest, msg::DeleteOsContainerWorkloadResponse>();
    reserve<msg::ComputeReservationRequest, msg::ComputeReservationResponse>();
    reserve<msg::OsContainerWorkloadReservationRequest,
            msg::OsContainerWorkloadReservationResponse>();
    unreserve<msg::ComputeReservationReleaseRequest, msg::ComputeReservationReleaseResponse>();
    unreserve<msg::OsContainerWorkloadReservationReleaseRequest,
              msg::OsContainerWorkloadReservationReleaseResponse>();
  }

  bool on_command(const sim::Command& command) override {
    if (command.name != "change") return false;
    const std::string vnfci = command.args.at("vnfci").get<std::string>();
    const std::string resource = log_->resource_of.at(vnfci);
    msg::VirtualisedResourceChangeNotification n;
    n.id = name() + "-resource-notification-" + std::to_string(++notifications_);
    n.resource = resource;
    n.vnf = log_->allocations.at(vnfci).vnf;
    n.vnfci = vnfci;
    n.change = command.args.at("change").get<std::string>();
    n.host = "host-1";
    n.reason = command.args.value("reason", std::string());
    if (command.args.contains("correlation"))
      n.correlation = command.args["correlation"].get<std::string>();
    if (command.args.contains("to_host")) n.to_host = command.args["to_host"].get<std::string>();
    if (n.change != lcm::kChangeMigrated) host_.actor_context().retire(vnfci);
    host_.channels().send(log_->consumer_of.at(resource), ChannelKind::mutual,
                          reference_points::kViVnfm, msg::to_envelope(n));
    return true;
  }

 private:
  std::string name() { return host_.actor_context().name(); }

  template <class Q, class R>
  void allocate() {
    host_.request_handlers().on<Q>([this](const Q& q, const ChannelMessage& m) {
      log_->vim_log.push_back("allocate " + q.vnfci);
      log_->user_data[q.vnfci] = q.user_data;
      log_->allocations[q.vnfci] = q;
      if (log_->silent.count(q.vnfci)) return;
      R reply;
      reply.request_id = q.request_id;
      reply.vnfci = q.vnfci;
      sim::ActorSpec spec;
      spec.name = q.vnfci;
      spec.type = "vnfci";
      spec.trust_domain = host_.actor_context().trust_domain();
      spec.params = q.user_data;
      if (log_->refuse.count(q.vnfci) || !host_.actor_context().spawn(std::move(spec))) {
        reply.status = lcm::kStatusRejected;
        reply.reason = "no in-service host with capacity";
      } else {
        reply.status = lcm::kStatusAllocated;
        reply.resource = name() + "-compute-" + std::to_string(log_->next_resource++);
        reply.host = "host-1";
        log_->resource_of[q.vnfci] = *reply.resource;
        log_->consumer_of[*reply.resource] = m.peer.name;
        if (auto st = log_->install_status.find(q.vnfci);
            st != log_->install_status.end() && q.credentials) {
          std::vector<msg::CredentialInstallStatus> install;
          for (const auto& c : *q.credentials) {
            msg::CredentialInstallStatus status;
            status.identity = c.identity;
            status.status = st->second;
            install.push_back(std::move(status));
          }
          reply.install = std::move(install);
        }
      }
      host_.channels().reply(m, msg::to_envelope(reply));
    });
  }
  // Reserves each item on "<vim>-host-N" (location "paris") unless the test refuses it.
  template <class Q, class R>
  void reserve() {
    host_.request_handlers().on<Q>([this](const Q& q, const ChannelMessage& m) {
      std::string names;
      R reply;
      reply.request_id = q.request_id;
      reply.status = lcm::kStatusAnswered;
      for (const auto& item : q.items) {
        names += (names.empty() ? "" : ",") + item.vnfci;
        msg::ReservedPlacement p;
        p.vnfci = item.vnfci;
        if (log_->no_reservation.count(item.vnfci)) {
          p.status = lcm::kStatusRejected;
          p.reason = "no in-service host with capacity";
        } else {
          const int n = log_->next_reservation++;
          p.status = lcm::kStatusReserved;
          p.reservation = name() + "-reservation-" + std::to_string(n);
          p.host = name() + "-host-" + std::to_string(n);
          p.location = "paris";
        }
        reply.items.push_back(p);
      }
      log_->vim_log.push_back("reserve " + names);
      host_.channels().reply(m, msg::to_envelope(reply));
    });
  }
  template <class Q, class R>
  void unreserve() {
    host_.request_handlers().on<Q>([this](const Q& q, const ChannelMessage& m) {
      std::string names;
      for (const auto& id : q.reservations) names += (names.empty() ? "" : ",") + id;
      log_->vim_log.push_back("unreserve " + names);
      R reply;
      reply.request_id = q.request_id;
      reply.status = lcm::kStatusReleased;
      reply.released = q.reservations;
      host_.channels().reply(m, msg::to_envelope(reply));
    });
  }
  template <class Q, class R>
  void release() {
    host_.request_handlers().on<Q>([this](const Q& q, const ChannelMessage& m) {
      log_->vim_log.push_back("release " + q.vnfci);
      host_.actor_context().retire(q.vnfci);
      R reply;
      reply.request_id = q.request_id;
      reply.resource = q.resource;
      reply.status = lcm::kStatusReleased;
      host_.channels().reply(m, msg::to_envelope(reply));
    });
  }

  ManoEntityHost& host_;
  std::shared_ptr<ChainLog> log_;
  int notifications_ = 0;
};

inline sim::ActorRegistry chain_registry(const std::shared_ptr<ChainLog>& log) {
  sim::ActorRegistry registry = builtin_registry();
  ManoEntityKind nfvo;
  nfvo.kind = "nfvo";
  nfvo.description = "test: an NFVO that sends Or-Vnfm requests and answers grants";
  nfvo.extra_commands = {{"send",
                          "an Or-Vnfm request to the VNFM",
                          {{"to", sim::ParamType::string, "the VNFM", false, "vnfm-1"},
                           {"operation", sim::ParamType::string, "the message"},
                           {"body", sim::ParamType::object, "its body"},
                           {"label", sim::ParamType::string, "a request the test prepared"}}}};
  nfvo.extension = [log](ManoEntityHost& host, const sim::ActorSpec&) {
    return std::make_unique<ScriptedNfvo>(host, log);
  };
  registry.add("test-nfvo", mano_entity_actor_type(std::move(nfvo)));
  ManoEntityKind vim;
  vim.kind = "vim";
  vim.description = "test: a VIM that allocates by spawning VNFCIs";
  vim.extra_commands = {{"change",
                         "a resource change notification to the VNFM",
                         {{"vnfci", sim::ParamType::string, "the VNFCI", true},
                          {"change", sim::ParamType::string, "FAULT, MIGRATED, REMOVED", true},
                          {"correlation", sim::ParamType::string, "the VIM's operation"},
                          {"reason", sim::ParamType::string, "why"},
                          {"to_host", sim::ParamType::string, "MIGRATED: where"}}}};
  vim.extension = [log](ManoEntityHost& host, const sim::ActorSpec&) {
    return std::make_unique<ScriptedVim>(host, log);
  };
  registry.add("test-vim", mano_entity_actor_type(std::move(vim)));
  return registry;
}

// ---- the world ----

inline json identity(const std::string& name, const std::string& usage, const std::string& host) {
  return test::identity_template(name, usage, host);
}

// fw-ctl: 2 VMs (min 1, max 3); fw-data: 1 container (min 0, max 2).
inline json chain_vnfd(bool auto_heal = true) {
  return {
      {"certificate_mode", "direct"},
      {"auto_heal", auto_heal},
      {"flavours",
       {{"small",
         {{"vnfcs",
           {{"fw-ctl", {{"initial", 2}, {"min", 1}, {"max", 3}}},
            {"fw-data", {{"initial", 1}, {"min", 0}, {"max", 2}}}}}}}}},
      {"vnfcs",
       {{"fw-ctl",
         {{"deployment", "vm"},
          {"compute", {{"vcpus", 2}, {"memory_mb", 4096}}},
          {"image", "fw-ctl-1.2"},
          {"identities", json::array({identity("client", "client", "{vnfci}.{vnf}.example.net"),
                                      identity("oam", "oam", "oam.{vnfci}.{vnf}.example.net")})}}},
        {"fw-data",
         {{"deployment", "container"},
          {"identities",
           json::array({identity("server", "server", "{vnfci}.{vnf}.example.net")})}}}}}};
}

inline json instantiate_body(const std::string& vnf, json vnfd,
                             const std::string& flavour = "small", bool vim_connections = false) {
  msg::InstantiateVnfRequest r;
  r.request_id = "nfvo-1-req-1";
  r.correlation = "oss-1-req-1";
  r.source = lcm::kSourceOss;
  r.vnf = vnf;
  r.ns = "ns-1";
  r.oss_app_id = "app-1";
  r.vnfd_id = "vnfd-fw";
  r.vnfd = std::move(vnfd);
  r.package.package = "pkg-fw";
  r.package.verdict = "verified";
  r.flavour = flavour;
  if (vim_connections)
    r.vim_connections =
        std::map<std::string, std::string>{{"COMPUTE", "vim-1"}, {"OS_CONTAINER", "cism-1"}};
  return msg::to_envelope(r).body;
}

inline json scale_body(const std::string& type, const std::string& aspect, long long steps) {
  msg::ScaleVnfRequest r;
  r.request_id = "nfvo-1-req-2";
  r.correlation = "oss-1-req-2";
  r.source = lcm::kSourceOss;
  r.vnf = "vnf-1";
  r.type = type;
  r.aspect = aspect;
  r.steps = steps;
  return msg::to_envelope(r).body;
}

inline json heal_body(std::vector<std::string> vnfcis) {
  msg::HealVnfRequest r;
  r.request_id = "nfvo-1-req-3";
  r.correlation = "oss-1-req-3";
  r.source = lcm::kSourceOss;
  r.vnf = "vnf-1";
  r.vnfcis = std::move(vnfcis);
  r.cause = "operator";
  return msg::to_envelope(r).body;
}

inline json terminate_body() {
  msg::TerminateVnfRequest r;
  r.request_id = "nfvo-1-req-4";
  r.correlation = "oss-1-req-4";
  r.source = lcm::kSourceOss;
  r.vnf = "vnf-1";
  r.termination_type = lcm::kTerminationForceful;
  return msg::to_envelope(r).body;
}

// CA, CMF in direct mode towards vnfm-1, OSS, and the VNFM, NFVO, VIM and CISM (every one
// enrolled from 1 s); the NFVO subscribes to the VNFM's notifications at 1 min.
inline test::ScenarioBuilder chain_world() {
  test::ScenarioBuilder b("vnfm-chain-test");
  b.seed(3)
      .duration("20m")
      .latency("2ms")
      .add_ca("ca-1", {{"crl_interval", "0"}, {"validity", "90d"}})
      .add_cmf("cmf-1")
      .add_oss("oss-1")
      .direct_mode("cmf-1", {{"vnfms", {"vnfm-1"}},
                             {"vnfci_day0_secret", "vnfci-day0"},
                             {"credential", {{"one_use", true}, {"lifetime", "1h"}}},
                             {"validity_hint", "90d"},
                             {"renew_before", "30d"}})
      .add_entity("vnfm-1", "vnfm",
                  test::EntitySetup("vnfm-1.example.net")
                      .via({})
                      .params({{"vnfci_params", {{"day0", {{"cmf-1", "vnfci-day0"}}}}}}))
      .add_entity("nfvo-1", "test-nfvo",
                  test::EntitySetup("nfvo-1.example.net").kind("nfvo").via({}))
      .add_entity("vim-1", "test-vim", test::EntitySetup("vim-1.example.net").kind("vim").via({}))
      .add_entity("cism-1", "test-vim", test::EntitySetup("cism-1.example.net").kind("vim").via({}))
      .command("1s", "oss-1", "register_all")
      .command("1m", "nfvo-1", "send",
               {{"operation", "LccnSubscriptionRequest"}, {"body", json::object()}});
  return b;
}

// The NFVO sends `body` as `operation` at `at`.
inline void send(test::ScenarioBuilder& s, ChainLog& log, const std::string& at,
                 const std::string& operation, json body) {
  const std::string label = std::to_string(log.outbox.size()) + "@" + at;
  log.outbox[label] = Envelope{operation, "", std::move(body)};
  s.command(at, "nfvo-1", "send", {{"label", label}});
}

class World {
 public:
  explicit World(const test::ScenarioBuilder& scenario, std::shared_ptr<ChainLog> log = nullptr)
      : log_(log ? std::move(log) : std::make_shared<ChainLog>()), registry_(chain_registry(log_)) {
    simulation_ = std::make_unique<sim::Simulation>(scenario.load(registry_), registry_);
    simulation_->trace().subscribe(store_);
  }
  void run_until(const std::string& at) {
    simulation_->run_until(sim::Time{} + sim::parse_duration(at).value());
  }
  ChainLog& log() { return *log_; }
  // The end of the run: every running actor's on_finish (KeyInventory records, issue 17).
  void finish() { simulation_->finish(); }
  bool running(const std::string& actor) { return simulation_->actor(actor) != nullptr; }
  std::vector<TraceRecord> find(const std::string& actor, const std::string& operation,
                                const std::string& outcome = "") const {
    std::vector<TraceRecord> out;
    for (const auto& r : store_.records())
      if (r.kind == RecordKind::decision && (actor.empty() || r.actor == actor) &&
          r.operation == operation && (outcome.empty() || r.outcome == outcome))
        out.push_back(r);
    return out;
  }
  std::string decisions(const std::string& actor = "vnfm-1") const {
    std::string out;
    for (const auto& r : store_.records())
      if (r.kind == RecordKind::decision && r.actor == actor)
        out += sim::format_duration(r.time - sim::Time{}) + " " + r.operation + " " + r.outcome +
               " " + r.detail + "\n";
    return out;
  }

 private:
  std::shared_ptr<ChainLog> log_;
  sim::ActorRegistry registry_;
  sim::TraceStore store_;
  std::unique_ptr<sim::Simulation> simulation_;
};

inline std::string detail(const TraceRecord& r, const std::string& key) {
  return trace_detail_value(r.detail, key).value_or("<none>");
}

inline std::vector<std::string> affected(const msg::VnfLcmOperationOccurrenceNotification& n) {
  std::vector<std::string> out;
  for (const auto& a : n.affected_vnfcs) out.push_back(a.vnfci + ":" + a.change.value_or(""));
  return out;
}

inline std::set<std::string> enrolled(World& world) {
  std::set<std::string> out;
  for (const auto& r : world.find("", "CertificateInstalled", "ok"))
    if (r.actor.starts_with("vnf-1-")) out.insert(r.actor);
  return out;
}

}  // namespace ifa026::actors::chain_test
