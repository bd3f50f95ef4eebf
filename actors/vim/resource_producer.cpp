// The VIM's and the CISM's resources (see resource_producer.hpp).
//
// Modelling decisions (docs/lifecycle.md, slice 3):
// - A VNFCI actor is spawned in the producer's trust domain, with `user_data` as its parameters;
//   if the kernel refuses the spawn (a name taken by an actor outside this producer, bad
//   parameters) the allocation just traced is released again (ResourceRelease, reason "spawn
//   failed") and the answer is rejected: nothing stays allocated.
// - A resource moves (live migration, host retirement) within its allocation's zone, or, when it
//   was allocated without one, within its host's location.
// - Notifications go once over mutual TLS to the consumer that allocated the resource (D11); a
//   session that fails drops them (traced by the secure channels), there is no retry.
#include "actors/vim/resource_producer.hpp"

#include <algorithm>
#include <utility>

#include "actors/common/actor_params.hpp"
#include "actors/common/trace_detail.hpp"
#include "actors/messages/decisions.hpp"
#include "actors/messages/detail_keys.hpp"
#include "actors/messages/sm_vocabulary.hpp"
#include "pki/bytes.hpp"

namespace ifa026::actors::vim {
namespace {

using messages::ResourceCapacity;
using nlohmann::json;
namespace dk = detail_keys;

constexpr const char* kVnfciType = "vnfci";

}  // namespace

std::vector<ParamRule> producer_param_rules(const ProducerFlavour& flavour) {
  return {
      {flavour.hosts_param, ParamType::object,
       "the " + flavour.host_word +
           "s by id: {location, capacity {vcpus, memory_mb}, state?, trust_domain?} "
           "(state in-service, retired or quarantined; docs/lifecycle.md; trust_domain, default "
           "\"default\", is the domain an SM's retirement of it is authorised in: "
           "docs/security-manager.md)"},
      {"fault_detection", ParamType::duration,
       "time from a VNFCI's crash to the WorkloadFault record and FAULT notification", false, "1s"},
  };
}

std::vector<CommandRule> producer_command_rules(const ProducerFlavour& flavour) {
  const ParamRule host{flavour.host_word,  ParamType::string, "the " + flavour.host_word, true, "",
                       flavour.hosts_param};
  return {
      {flavour.retire_command,
       "take a " + flavour.host_word + " out of service: " +
           (flavour.migrates ? "its computes move to another in-service host of their zone, or "
                               "are removed where none has room"
                             : "its workloads are removed") +
           " (notified to their consumers)",
       {host,
        {"quarantine", ParamType::boolean, "quarantined (kept for forensics) rather than retired",
         false, "false"}}},
      {"snapshot",
       "record a HostSnapshot of a " + flavour.host_word + " with the resources on it",
       {host}},
      {"secure_erase",
       "erase a retired or quarantined " + flavour.host_word + " that holds no resources",
       {host}},
  };
}

void check_producer_params(const ProducerFlavour& flavour, const json& params,
                           std::vector<sim::Diagnostic>& out) {
  if (!params.is_object()) return;
  if (auto it = params.find(flavour.hosts_param); it != params.end())
    HostPool::check(*it, "/" + flavour.hosts_param, out);
}

ResourceProducer::ResourceProducer(ManoEntityHost& host, const sim::ActorSpec& spec,
                                   ProducerFlavour flavour)
    : host_(host),
      flavour_(std::move(flavour)),
      hosts_(HostPool::read(spec.params.value(flavour_.hosts_param, json()))),
      resources_(spec.name + "-" + flavour_.resource_word + "-"),
      fault_detection_(duration_param(spec.params, "fault_detection", sim::Duration::seconds(1))),
      reservations_(spec.name, spec.params) {}

void ResourceProducer::trace(const char* operation, const std::string& outcome,
                             const TraceDetail& detail, const std::string& peer) {
  host_.tracer()({.operation = operation,
                  .outcome = outcome,
                  .peer = peer,
                  .reference_point = peer.empty() ? "" : flavour_.reference_point,
                  .detail = detail});
}

// ---- requests ----

messages::ResourceAllocationResponse ResourceProducer::allocate(
    const messages::ResourceAllocationRequest& request, const std::string& consumer) {
  messages::ResourceAllocationResponse answer;
  answer.request_id = request.request_id;
  answer.vnfci = request.vnfci;
  auto reject = [&](const std::string& reason) {
    trace(decisions::kResourceAllocation, outcomes::kRejected,
          TraceDetail()
              .add(dk::kVnfci, request.vnfci)
              .add(dk::kVnf, request.vnf)
              .add(dk::kConsumer, consumer)
              .add(dk::kRequest, request.request_id)
              .add(dk::kCorr, request.correlation)
              .add(dk::kReason, reason),
          consumer);
    answer.status = lcm::kStatusRejected;
    answer.reason = reason;
    return answer;
  };
  if (request.vnfci.empty()) return reject("no vnfci named");
  if (request.capacity.vcpus < 0 || request.capacity.memory_mb < 0)
    return reject("capacity must not be negative");
  if (const VirtualResource* taken = resources_.find_vnfci(request.vnfci))
    return reject("VNFCI name in use: " + request.vnfci + " runs on " + taken->id);
  std::string reservation_refusal;
  const std::optional<Placement> reserved = use_reservation(request, consumer, reservation_refusal);
  if (!reservation_refusal.empty()) return reject(reservation_refusal);
  const Placement placement =
      reserved ? *reserved
               : place_and_trace(nullptr, request.vnfci, request.capacity, request.zone, "",
                                 std::nullopt, request.correlation);
  if (!placement.host) {
    const bool known = !request.zone || request.zone->empty() || hosts_.zone_known(*request.zone);
    return reject(!known ? "unknown zone " + *request.zone
                         : "no in-service " + flavour_.host_word + " with capacity" +
                               (request.zone && !request.zone->empty() ? " in zone " + *request.zone
                                                                       : std::string()));
  }
  const Host& chosen = *hosts_.find(*placement.host);
  hosts_.take(chosen.id, request.capacity);
  VirtualResource fresh;
  fresh.vnfci = request.vnfci;
  fresh.vnf = request.vnf;
  fresh.vnfc = request.vnfc;
  fresh.host = chosen.id;
  fresh.consumer = consumer;
  fresh.capacity = request.capacity;
  fresh.zone = request.zone;
  fresh.correlation = request.correlation;
  fresh.user_data = request.user_data;
  fresh.trust_domain = request.trust_domain.value_or("default");
  if (request.hidden_from)
    fresh.hidden_from = {request.hidden_from->begin(), request.hidden_from->end()};
  fresh.oss_app_id = request.oss_app_id.value_or("");
  VirtualResource& resource = resources_.add(std::move(fresh));
  trace(decisions::kResourceAllocation, outcomes::kAllocated,
        TraceDetail()
            .add(dk::kResource, resource.id)
            .add(dk::kVnfci, resource.vnfci)
            .add(dk::kVnf, resource.vnf)
            .add(dk::kHost, chosen.id)
            .add(dk::kLocation, chosen.location)
            .add(dk::kConsumer, consumer)
            .add(dk::kRequest, request.request_id)
            .add(dk::kCorr, request.correlation),
        consumer);
  sim::ActorContext& context = host_.actor_context();
  sim::ActorSpec spec;
  spec.name = request.vnfci;
  spec.type = kVnfciType;
  spec.trust_domain = context.trust_domain();
  spec.params = request.user_data.is_null() ? json::object() : request.user_data;
  // Delegation mode: the VNFCI takes injected credentials only from the producer that created it
  // (credential_injection.hpp).
  if (spec.params.is_object() &&
      (request.credentials || get_string(spec.params, "certificate_mode") == "delegation"))
    spec.params["producer"] = context.name();
  if (!context.spawn(std::move(spec))) {
    resource.running = false;
    release_resource(resource, request.correlation, "spawn failed");
    answer.status = lcm::kStatusRejected;
    answer.reason = "the VNFCI actor could not be spawned (see SpawnActor): nothing allocated";
    return answer;
  }
  answer.status = lcm::kStatusAllocated;
  answer.resource = resource.id;
  answer.host = chosen.id;
  answer.location = chosen.location;
  if (on_allocated_) on_allocated_(resource, request.grant);
  return answer;
}

// Why `consumer` may not act on `resource` (the id it named, and the VNFCI it says runs there when
// it names one), or "" when it may.
std::string ResourceProducer::ownership_refusal(const VirtualResource* resource,
                                                const std::string& id, const std::string& vnfci,
                                                const std::string& consumer) {
  if (resource == nullptr) return "unknown resource " + id;
  if (resource->consumer != consumer)
    return "resource " + resource->id + " is not " + consumer + "'s";
  if (!vnfci.empty() && vnfci != resource->vnfci)
    return "resource " + resource->id + " runs " + resource->vnfci + ", not " + vnfci;
  return "";
}

messages::ResourceReleaseResponse ResourceProducer::release(
    const messages::ResourceReleaseRequest& request, const std::string& consumer) {
  messages::ResourceReleaseResponse answer;
  answer.request_id = request.request_id;
  answer.resource = request.resource;
  VirtualResource* resource = resources_.find(request.resource);
  std::string refusal = ownership_refusal(resource, request.resource, request.vnfci, consumer);
  if (!refusal.empty()) {
    trace(decisions::kResourceRelease, outcomes::kRejected,
          TraceDetail()
              .add(dk::kResource, request.resource)
              .add(dk::kVnfci, request.vnfci)
              .add(dk::kConsumer, consumer)
              .add(dk::kRequest, request.request_id)
              .add(dk::kCorr, request.correlation)
              .add(dk::kReason, refusal),
          consumer);
    answer.status = lcm::kStatusRejected;
    answer.reason = refusal;
    return answer;
  }
  // A security manager's termination asks for the other VNFs on the host to go too: removed as
  // by an SM (cause SECURITY_MANAGER, no recovery), before this resource is released.
  if (request.terminate_cohosted.value_or(false))
    remove_for_security_manager(
        resource->host, resource->vnf, request.correlation,
        "terminate_cohosted: " + resource->vnf + " terminated by a security manager");
  resource = resources_.find(request.resource);
  const VirtualResource released = *resource;
  if (request.quarantine_copy.value_or(false)) keep_quarantined_copy(released, request.correlation);
  release_resource(*resource, request.correlation, "requested");
  after_release(released, request);
  answer.status = lcm::kStatusReleased;
  return answer;
}

messages::MigrateComputeResponse ResourceProducer::migrate(
    const messages::MigrateComputeRequest& request, const std::string& consumer) {
  messages::MigrateComputeResponse answer;
  answer.request_id = request.request_id;
  answer.resource = request.resource;
  VirtualResource* resource = resources_.find(request.resource);
  std::string refusal = ownership_refusal(resource, request.resource, request.vnfci, consumer);
  if (refusal.empty() && (!resource->running || resource->state == VirtualResource::State::failed))
    refusal = "resource " + resource->id + " failed (its VNFCI crashed): release it";
  Placement placement;
  if (refusal.empty()) {
    placement = place_and_trace(resource, resource->vnfci, resource->capacity, zone_of(*resource),
                                resource->host, request.to_host, request.correlation);
    if (!placement.host)
      refusal = request.to_host
                    ? "cannot move to " + *request.to_host + " (not an in-service " +
                          flavour_.host_word + " of the zone with capacity, or the current one)"
                    : "no other in-service " + flavour_.host_word + " with capacity in the zone";
  }
  if (!refusal.empty()) {
    trace(decisions::kComputeMigration, outcomes::kRejected,
          TraceDetail()
              .add(dk::kResource, request.resource)
              .add(dk::kVnfci, request.vnfci)
              .add(dk::kConsumer, consumer)
              .add(dk::kRequest, request.request_id)
              .add(dk::kCorr, request.correlation)
              .add(dk::kReason, refusal),
          consumer);
    answer.status = lcm::kStatusRejected;
    answer.reason = refusal;
    return answer;
  }
  answer.from_host = resource->host;
  move(*resource, *placement.host, request.correlation,
       request.reason.value_or("requested by " + consumer));
  answer.status = lcm::kStatusMigrated;
  answer.to_host = *placement.host;
  return answer;
}

void serve_migration(ManoEntityHost& host, ResourceProducer& producer) {
  host.request_handlers().on<messages::MigrateComputeRequest>(
      [&host, &producer](const messages::MigrateComputeRequest& request, const ChannelMessage& m) {
        host.channels().reply(m, messages::to_envelope(producer.migrate(request, m.peer.name)));
      },
      [&host](const ChannelMessage& m, const std::string& reason) {
        messages::MigrateComputeResponse answer;
        answer.status = lcm::kStatusRejected;
        answer.reason = reason;
        host.channels().reply(m, messages::to_envelope(answer));
      });
}

// ---- placement, moves, releases, notifications ----

Placement ResourceProducer::place_and_trace(const VirtualResource* moving, const std::string& vnfci,
                                            const ResourceCapacity& capacity,
                                            const std::optional<std::string>& zone,
                                            const std::string& exclude,
                                            const std::optional<std::string>& to_host,
                                            const std::string& correlation,
                                            const std::string& reservation) {
  Placement placement = hosts_.place(capacity, zone, exclude);
  if (to_host) {
    // Only the named host, if the rule would take it.
    const bool eligible = std::find(placement.candidates.begin(), placement.candidates.end(),
                                    *to_host) != placement.candidates.end();
    placement.candidates =
        eligible ? std::vector<std::string>{*to_host} : std::vector<std::string>{};
    placement.host = eligible ? std::optional<std::string>(*to_host) : std::nullopt;
  }
  TraceDetail detail;
  detail.add(dk::kVnfci, vnfci);
  if (moving != nullptr) detail.add(dk::kResource, moving->id).add(dk::kFrom, moving->host);
  detail.add(dk::kHost, placement.host.value_or(""))
      .add(dk::kLocation, placement.host ? hosts_.find(*placement.host)->location : "")
      .add(dk::kCandidates, comma_list(placement.candidates))
      .add(dk::kZone, zone.value_or(""))
      .add(dk::kVcpus, capacity.vcpus)
      .add(dk::kMemoryMb, capacity.memory_mb)
      .add(dk::kCorr, correlation);
  if (!reservation.empty() && placement.host) detail.add(dk::kReservation, reservation);
  trace(decisions::kPlacementDecided, placement.host ? outcomes::kDecided : outcomes::kNoHost,
        detail);
  return placement;
}

std::optional<std::string> ResourceProducer::zone_of(const VirtualResource& resource) const {
  if (resource.zone && !resource.zone->empty()) return resource.zone;
  const Host* host = hosts_.find(resource.host);
  return host == nullptr ? std::nullopt : std::optional<std::string>(host->location);
}

void ResourceProducer::move(VirtualResource& resource, const std::string& to_host,
                            const std::string& correlation, const std::string& reason,
                            const std::string& source) {
  const std::string from = resource.host;
  hosts_.give_back(from, resource.capacity);
  hosts_.take(to_host, resource.capacity);
  resource.host = to_host;
  trace(decisions::kComputeMigration, outcomes::kMigrated,
        TraceDetail()
            .add(dk::kResource, resource.id)
            .add(dk::kVnfci, resource.vnfci)
            .add(dk::kHost, from)
            .add(dk::kToHost, to_host)
            .add(dk::kLocation, hosts_.find(to_host)->location)
            .add(dk::kConsumer, resource.consumer)
            .add(dk::kCorr, correlation)
            .add(dk::kReason, reason));
  // The VNFCI actor keeps running: same name, keys and certificates (a live migration).
  VirtualResource notified = resource;
  notified.host = from;
  notify(notified, lcm::kChangeMigrated, reason, correlation, to_host);
  if (on_migrated_) on_migrated_(resource, from, source, reason);
}

void ResourceProducer::release_resource(VirtualResource& resource, const std::string& correlation,
                                        const std::string& reason) {
  trace(decisions::kResourceRelease, outcomes::kReleased,
        TraceDetail()
            .add(dk::kResource, resource.id)
            .add(dk::kVnfci, resource.vnfci)
            .add(dk::kVnf, resource.vnf)
            .add(dk::kHost, resource.host)
            .add(dk::kConsumer, resource.consumer)
            .add(dk::kState, to_string(resource.state))
            .add(dk::kCorr, correlation)
            .add(dk::kReason, reason));
  hosts_.give_back(resource.host, resource.capacity);
  const bool running = resource.running;
  const std::string vnfci = resource.vnfci;
  resources_.remove(resource.id);  // `resource` is gone from here on
  if (running) host_.actor_context().retire(vnfci);
}

void ResourceProducer::notify(const VirtualResource& resource, const char* change,
                              const std::string& reason,
                              const std::optional<std::string>& correlation,
                              const std::optional<std::string>& to_host, bool by_security_manager) {
  messages::ResourceChangeNotification n;
  n.id = host_.actor_context().name() + "-resource-notification-" +
         std::to_string(next_notification_++);
  n.resource = resource.id;
  n.vnf = resource.vnf;
  n.vnfci = resource.vnfci;
  n.change = change;
  n.host = resource.host;
  n.to_host = to_host;
  const Host* where = hosts_.find(to_host.value_or(resource.host));
  if (where != nullptr) n.location = where->location;
  n.reason = reason;
  n.correlation = correlation;
  if (by_security_manager) {
    n.cause = lcm::kSourceSecurityManager;
    n.recovery_allowed = false;
  }
  TraceDetail detail;
  detail.add(dk::kNotification, n.id)
      .add(dk::kTo, resource.consumer)
      .add(dk::kChange, change)
      .add(dk::kResource, n.resource)
      .add(dk::kVnfci, n.vnfci)
      .add(dk::kHost, n.host);
  if (to_host) detail.add(dk::kToHost, *to_host);
  detail.add(dk::kCorr, correlation.value_or("")).add(dk::kReason, reason);
  if (by_security_manager)
    detail.add(dk::kCause, lcm::kSourceSecurityManager)
        .add(dk::kRecoveryAllowed, detail_values::kFalse);
  trace(decisions::kResourceNotification, outcomes::kSent, detail, resource.consumer);
  host_.channels().send(resource.consumer, ChannelKind::mutual, flavour_.reference_point,
                        flavour_.notification(n));
}

// ---- crashes (D10) ----

void ResourceProducer::on_child_ended(const std::string& name, const std::string& reason) {
  VirtualResource* resource = resources_.find_vnfci(name);
  if (resource == nullptr || !resource->running) return;  // not one of this producer's resources
  resource->running = false;
  host_.schedule(fault_detection_, "workload-fault-detection",
                 [this, id = resource->id, reason] { detect_fault(id, reason); });
}

void ResourceProducer::detect_fault(const std::string& resource_id, const std::string& reason) {
  VirtualResource* resource = resources_.find(resource_id);
  if (resource == nullptr) return;  // released in the meantime
  resource->state = VirtualResource::State::failed;
  trace(decisions::kWorkloadFault, outcomes::kDetected,
        TraceDetail()
            .add(dk::kResource, resource->id)
            .add(dk::kVnfci, resource->vnfci)
            .add(dk::kVnf, resource->vnf)
            .add(dk::kHost, resource->host)
            .add(dk::kConsumer, resource->consumer)
            .add(dk::kState, to_string(resource->state))
            .add(dk::kReason, reason));
  notify(*resource, lcm::kChangeFault, reason, std::nullopt);
}

// ---- host commands ----

bool ResourceProducer::on_command(const sim::Command& command) {
  if (command.name == flavour_.retire_command) {
    retire_host(command);
    return true;
  }
  if (command.name == "snapshot") {
    snapshot(command);
    return true;
  }
  if (command.name == "secure_erase") {
    secure_erase(command);
    return true;
  }
  return false;
}

void ResourceProducer::retire_host(const sim::Command& command) {
  HostRetirement retirement;
  retirement.host = string_param(command.args, flavour_.host_word);
  retirement.quarantine = bool_param(command.args, "quarantine", false);
  retirement.migrate = flavour_.migrates;
  std::vector<HostResourceOutcome> outcomes;
  std::string refusal;
  retire(retirement, outcomes, refusal);
}

bool ResourceProducer::retire(const HostRetirement& retirement,
                              std::vector<HostResourceOutcome>& outcomes, std::string& refusal) {
  const std::string& id = retirement.host;
  const bool quarantine = retirement.quarantine;
  Host* host = hosts_.find(id);
  if (host == nullptr)
    refusal = "unknown " + flavour_.host_word + " \"" + id + "\"";
  else if (host->state != lcm::kHostInService)
    refusal = flavour_.host_word + " " + id + " is " + host->state + " already";
  if (!refusal.empty()) {
    trace(decisions::kHostState, outcomes::kRejected,
          TraceDetail()
              .add(dk::kHost, id)
              .add(dk::kState, quarantine ? lcm::kHostQuarantined : lcm::kHostRetired)
              .add(dk::kReason, refusal));
    return false;
  }
  const std::string correlation =
      host_.actor_context().name() + "-retire-" + std::to_string(next_retirement_++);
  host->state = quarantine ? lcm::kHostQuarantined : lcm::kHostRetired;
  const std::vector<std::string> on_host = resources_.on_host(id);
  trace(decisions::kHostState, quarantine ? outcomes::kQuarantined : outcomes::kRetired,
        TraceDetail()
            .add(dk::kHost, id)
            .add(dk::kLocation, host->location)
            .add(dk::kResources, comma_list(on_host))
            .add(dk::kCorr, correlation));
  const std::string reason = flavour_.host_word + " " + host->state +
                             (retirement.by_security_manager ? " by a security manager" : "");
  if (!retirement.migrate && retirement.by_security_manager) {
    outcomes = remove_for_security_manager(id, "", correlation, reason, retirement.leave_one);
    return true;
  }
  bool left_one = false;
  for (const auto& resource_id : on_host) {
    VirtualResource* resource = resources_.find(resource_id);
    if (resource == nullptr) continue;
    HostResourceOutcome outcome{resource->id, resource->vnf, resource->vnfci,
                                resource->trust_domain, resource->hidden_from};
    if (retirement.leave_one && !left_one) {
      left_one = true;
      outcome.left = true;
      outcomes.push_back(outcome);
      continue;
    }
    if (retirement.migrate && resource->running &&
        resource->state == VirtualResource::State::allocated) {
      const Placement placement =
          place_and_trace(resource, resource->vnfci, resource->capacity, zone_of(*resource), id,
                          std::nullopt, correlation);
      if (placement.host) {
        move(*resource, *placement.host, correlation, reason,
             retirement.by_security_manager ? lcm::kSourceSecurityManager : lcm::kSourceVim);
        outcome.migrated = true;
        outcomes.push_back(outcome);
        continue;
      }
    }
    VirtualResource removed = *resource;
    release_resource(*resource, correlation, reason);
    notify(removed, lcm::kChangeRemoved, reason, correlation, std::nullopt,
           retirement.by_security_manager);
    outcomes.push_back(outcome);
  }
  return true;
}

std::vector<HostResourceOutcome> ResourceProducer::remove_for_security_manager(
    const std::string& host, const std::string& except_vnf, const std::string& correlation,
    const std::string& reason, bool leave_one) {
  std::vector<HostResourceOutcome> outcomes;
  for (const auto& resource_id : resources_.on_host(host)) {
    VirtualResource* resource = resources_.find(resource_id);
    if (resource == nullptr || (!except_vnf.empty() && resource->vnf == except_vnf)) continue;
    HostResourceOutcome outcome{resource->id, resource->vnf, resource->vnfci,
                                resource->trust_domain, resource->hidden_from};
    if (leave_one && outcomes.empty()) {
      outcome.left = true;
      outcomes.push_back(outcome);
      continue;
    }
    VirtualResource removed = *resource;
    release_resource(*resource, correlation, reason);
    notify(removed, lcm::kChangeRemoved, reason, correlation, std::nullopt, true);
    outcomes.push_back(outcome);
  }
  return outcomes;
}

std::vector<HostResourceOutcome> ResourceProducer::remove_vnf_for_security_manager(
    const std::string& vnf, const std::string& correlation, const std::string& reason) {
  std::vector<HostResourceOutcome> outcomes;
  for (const auto& resource_id : resources_.of_vnf(vnf)) {
    VirtualResource* resource = resources_.find(resource_id);
    if (resource == nullptr) continue;
    outcomes.push_back({resource->id, resource->vnf, resource->vnfci, resource->trust_domain,
                        resource->hidden_from});
    VirtualResource removed = *resource;
    release_resource(*resource, correlation, reason);
    notify(removed, lcm::kChangeRemoved, reason, correlation, std::nullopt, true);
  }
  return outcomes;
}

const VirtualResource* ResourceProducer::first_of_vnf(const std::string& vnf) {
  const auto ids = resources_.of_vnf(vnf);
  return ids.empty() ? nullptr : resources_.find(ids.front());
}

void ResourceProducer::snapshot(const sim::Command& command) {
  const std::string id = string_param(command.args, flavour_.host_word);
  const Host* host = hosts_.find(id);
  if (host == nullptr) {
    trace(decisions::kHostSnapshot, outcomes::kRejected,
          TraceDetail()
              .add(dk::kHost, id)
              .add(dk::kReason, "unknown " + flavour_.host_word + " \"" + id + "\""));
    return;
  }
  std::vector<std::string> vnfcis;
  const std::vector<std::string> on_host = resources_.on_host(id);
  for (const auto& resource_id : on_host) vnfcis.push_back(resources_.find(resource_id)->vnfci);
  trace(decisions::kHostSnapshot, outcomes::kOk,
        TraceDetail()
            .add(dk::kHost, id)
            .add(dk::kState, host->state)
            .add(dk::kLocation, host->location)
            .add(dk::kResources, comma_list(on_host))
            .add(dk::kVnfcis, comma_list(vnfcis))
            .add(dk::kVcpus, host->used.vcpus)
            .add(dk::kMemoryMb, host->used.memory_mb));
}

void ResourceProducer::secure_erase(const sim::Command& command) {
  const std::string id = string_param(command.args, flavour_.host_word);
  Host* host = hosts_.find(id);
  std::string refusal;
  std::vector<std::string> on_host;
  if (host == nullptr) {
    refusal = "unknown " + flavour_.host_word + " \"" + id + "\"";
  } else if (host->state == lcm::kHostInService) {
    refusal = flavour_.host_word + " " + id + " is in service (retire or quarantine it first)";
  } else {
    on_host = resources_.on_host(id);
    if (!on_host.empty())
      refusal = flavour_.host_word + " " + id + " still holds " + comma_list(on_host);
  }
  if (!refusal.empty()) {
    trace(decisions::kSecureErase, outcomes::kRejected,
          TraceDetail().add(dk::kHost, id).add(dk::kReason, refusal));
    return;
  }
  host->erased = true;
  trace(decisions::kSecureErase, outcomes::kOk,
        TraceDetail().add(dk::kHost, id).add(dk::kState, host->state));
}

// ---- an SM's termination options (R2.1.260/270) ----

void ResourceProducer::keep_quarantined_copy(const VirtualResource& resource,
                                             const std::string& correlation) {
  QuarantinedCopy kept;
  kept.resource = resource.id;
  kept.vnfci = resource.vnfci;
  kept.vnf = resource.vnf;
  kept.host = resource.host;
  kept.copy =
      json{{"resource", resource.id},
           {"vnfci", resource.vnfci},
           {"vnf", resource.vnf},
           {"vnfc", resource.vnfc},
           {"host", resource.host},
           {"capacity",
            {{"vcpus", resource.capacity.vcpus}, {"memory_mb", resource.capacity.memory_mb}}},
           {"zone", resource.zone.value_or("")},
           {"correlation", resource.correlation},
           {"user_data", resource.user_data}};
  const std::string text = kept.copy.dump();
  kept.digest = pki::to_hex(
      pki::sha256(pki::ByteView(reinterpret_cast<const std::uint8_t*>(text.data()), text.size())));
  trace(decisions::kComputeQuarantined, outcomes::kKept,
        TraceDetail()
            .add(dk::kResource, kept.resource)
            .add(dk::kVnfci, kept.vnfci)
            .add(dk::kVnf, kept.vnf)
            .add(dk::kHost, kept.host)
            .add(dk::kDigest, kept.digest)
            .add(dk::kKeptItems, "record,spawn_parameters")
            .add(dk::kCorr, correlation),
        resource.consumer);
  quarantined_.push_back(std::move(kept));
}

void ResourceProducer::after_release(const VirtualResource& released,
                                     const messages::ResourceReleaseRequest& request) {
  if (request.erase_secure_storage.value_or(false)) {
    // Where the VNFCI's keys lived, by its spawn parameters: an attested HMEE (secure_bootstrap)
    // seals its identity keys and platform attestation key; with hsm_signs_csr the identity keys
    // stay in the HSM, which is not the VIM's to erase. Otherwise the keys were on the compute.
    const auto bootstrap =
        released.user_data.is_object() && released.user_data.contains("secure_bootstrap")
            ? released.user_data["secure_bootstrap"]
            : json();
    const bool hmee = bootstrap.is_object();
    const bool hsm = hmee && bootstrap.value("hsm_signs_csr", false);
    std::string erased = "local_storage,memory";
    if (hmee) erased += ",hmee_sealed_storage,platform_attestation_key";
    erased += hsm ? ",hmee_session_keys (identity keys stay in the HSM)" : ",identity_private_keys";
    trace(decisions::kSecureStorageErased, outcomes::kErased,
          TraceDetail()
              .add(dk::kResource, released.id)
              .add(dk::kVnfci, released.vnfci)
              .add(dk::kVnf, released.vnf)
              .add(dk::kHost, released.host)
              .add(dk::kStorage, hmee ? "hmee" : "plain")
              .add(dk::kErasedItems, erased)
              .add(dk::kCorr, request.correlation),
          released.consumer);
  }
  if (request.host_disposition != std::optional<std::string>(sm::kHostDispositionQuarantine))
    return;
  // Quarantined once the VNF has no compute left on it; other VNFs' computes stay (their
  // termination is terminate_cohosted's), nothing new is placed there.
  Host* host = hosts_.find(released.host);
  if (host == nullptr || host->state != lcm::kHostInService) return;
  const std::vector<std::string> on_host = resources_.on_host(host->id);
  for (const auto& id : on_host)
    if (const VirtualResource* other = resources_.find(id); other && other->vnf == released.vnf)
      return;
  host->state = lcm::kHostQuarantined;
  trace(decisions::kHostState, outcomes::kQuarantined,
        TraceDetail()
            .add(dk::kHost, host->id)
            .add(dk::kLocation, host->location)
            .add(dk::kResources, comma_list(on_host))
            .add(dk::kVnf, released.vnf)
            .add(dk::kCorr, request.correlation)
            .add(dk::kReason, "host_disposition=quarantine: " + released.vnf + " terminated"));
}

}  // namespace ifa026::actors::vim
