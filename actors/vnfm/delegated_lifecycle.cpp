// The delegate VNFM's certificate lifecycle in delegation mode: installation after the
// allocations, expiry monitoring and renewal, revocation on removal (see delegated_lifecycle.hpp).
#include "actors/vnfm/delegated_lifecycle.hpp"

#include <utility>

#include "actors/common/actor_params.hpp"
#include "actors/common/trace_detail.hpp"
#include "actors/messages/decisions.hpp"
#include "actors/messages/delegation_vocabulary.hpp"
#include "actors/messages/detail_keys.hpp"
#include "actors/vnfm/delegation_setup.hpp"
#include "sim/time.hpp"

namespace ifa026::actors::vnfm {
namespace {

namespace dk = detail_keys;
namespace dv = detail_values;

constexpr const char* kRenewalTimer = "delegated-renewal";

// The CRL reason (RFC 5280) of a removal: a VNFCI gone for good (scale in, terminate, rollback)
// ceased operation; a healed one was replaced. Other texts are passed on.
std::string revocation_reason(const std::string& why) {
  if (why == "HEAL") return "superseded";
  if (why == "SCALE_IN" || why == "TERMINATE" || why == "rollback") return "cessationOfOperation";
  return why;
}

}  // namespace

DelegatedLifecycleSettings read_delegated_lifecycle_settings(const nlohmann::json& params) {
  DelegatedLifecycleSettings s;
  if (!params.is_object()) return s;
  s.configuration.timeout = duration_param(params, "request_timeout", s.configuration.timeout);
  for (const auto& fault : string_list_param(params, "delegation_faults")) {
    if (fault == kFaultUnprotectedConfiguration) s.configuration.unprotected_fallback = true;
    if (fault == kFaultSkipRenewal) s.skip_renewal = true;
    if (fault == kFaultSkipRevocation) s.skip_revocation = true;
  }
  auto it = params.find("delegation");
  if (it == params.end() || !it->is_object()) return s;
  s.renew_before = duration_param(*it, "renew_before", s.renew_before);
  const long long attempts = int_param(*it, "install_attempts", s.configuration.install_attempts);
  if (attempts >= 1) s.configuration.install_attempts = static_cast<int>(attempts);
  return s;
}

DelegatedLifecycle::DelegatedLifecycle(ManoEntityHost& host, DelegationManager& manager,
                                       DelegatedLifecycleSettings settings, ModeOf mode_of,
                                       DelegatedConfiguration::HsmOf hsm_of)
    : host_(host),
      manager_(manager),
      settings_(settings),
      mode_of_(std::move(mode_of)),
      configuration_(host, manager, settings.configuration, std::move(hsm_of)) {}

bool DelegatedLifecycle::after_allocations(const std::string& vnf, const std::string& vnfd,
                                           const std::vector<AddedVnfci>& added, Done done) {
  const std::optional<DelegatedInstall> mode = mode_of_ ? mode_of_(vnf, vnfd) : std::nullopt;
  if (!mode || added.empty()) return false;
  if (*mode == DelegatedInstall::instantiation) {
    // Installed inside the allocations (C.2.2.3, C.3.2.3): only watched from now on.
    for (const auto& a : added) watch(vnf, vnfd, a.vnfci, a.cism);
    return false;
  }
  struct Batch {
    std::size_t left = 0;
    std::string failures;
    Done done;
  };
  auto batch = std::make_shared<Batch>(Batch{added.size(), "", std::move(done)});
  for (const auto& a : added) {
    ConfigurationTarget target;
    target.vnf = vnf;
    target.vnfci = a.vnfci;
    target.mode = *mode;
    // The HSM path has no container variant: the HMEE fetches its keys itself.
    if (*mode == DelegatedInstall::configuration) target.cism = a.cism;
    target.types = {dv::kTypeVnfci};
    target.purpose = "instantiation";
    std::weak_ptr<int> alive = alive_;
    configuration_.install(std::move(target), [this, alive, batch, vnf, vnfd, a](
                                                  bool ok, const std::string& reason) {
      if (alive.expired()) return;
      if (ok)
        watch(vnf, vnfd, a.vnfci, a.cism);
      else
        batch->failures += (batch->failures.empty() ? "" : "; ") + a.vnfci + ": " + reason;
      if (--batch->left == 0 && batch->done)
        batch->done(batch->failures.empty(),
                    batch->failures.empty() ? "" : "credentials not installed: " + batch->failures);
    });
  }
  return true;
}

void DelegatedLifecycle::removed(const std::string& vnf, const std::string& vnfci,
                                 const std::string& reason) {
  configuration_.cancel(vnfci);
  if (auto it = watches_.find(vnfci); it != watches_.end()) {
    for (auto& [identity, timer] : it->second.timers)
      if (timer.valid()) host_.actor_context().withdraw(timer);
    watches_.erase(it);
  }
  generation_[vnfci] = 0;
  // Only the VNFCIs the VNFM is the delegate of (a direct-mode VNFCI has nothing in the store).
  if (manager_.store().of_vnfci(vnfci).empty() || settings_.skip_revocation) return;
  (void)vnf;
  manager_.revoke(vnfci, revocation_reason(reason));
}

void DelegatedLifecycle::watch(const std::string& vnf, const std::string& vnfd,
                               const std::string& vnfci, const std::string& cism) {
  Watch& w = watches_[vnfci];
  w.vnf = vnf;
  w.vnfd = vnfd;
  w.cism = cism;
  if (generation_[vnfci] == 0) generation_[vnfci] = next_generation_++;
  for (const DelegatedCredentialRecord* r : manager_.store().of_vnfci(vnfci))
    if (r->certificate && !w.renewing[r->identity]) schedule(vnfci, r->identity);
}

std::vector<std::pair<std::string, std::string>> DelegatedLifecycle::watched() const {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [vnfci, w] : watches_)
    for (const auto& [identity, timer] : w.timers)
      if (timer.valid()) out.emplace_back(vnfci, identity);
  return out;
}

// Renewal due at not_after - renew_before; halfway through what is left when that has passed
// (as the direct-mode VNFCI does); nothing once the certificate expired.
void DelegatedLifecycle::schedule(const std::string& vnfci, const std::string& identity) {
  auto w = watches_.find(vnfci);
  const DelegatedCredentialRecord* r = manager_.store().find(vnfci, identity);
  if (w == watches_.end() || r == nullptr || !r->certificate || settings_.skip_renewal) return;
  sim::EventId& timer = w->second.timers[identity];
  if (timer.valid()) host_.actor_context().withdraw(timer);
  timer = {};
  pki::Instant not_after;
  try {
    not_after = pki::Certificate::from_der(*r->certificate).not_after();
  } catch (const std::exception&) {
    return;  // the manager verified it when it stored it
  }
  sim::ActorContext& context = host_.actor_context();
  const sim::Time expiry = sim::Time::from_ns(not_after.unix_ns - context.epoch().start().unix_ns);
  const sim::Duration remaining = expiry - context.now();
  if (remaining <= sim::Duration()) return;
  sim::Duration delay = remaining - settings_.renew_before;
  if (delay <= sim::Duration()) delay = sim::Duration::nanoseconds(remaining.ns() / 2);
  if (delay < sim::Duration::seconds(1)) return;  // expiring now: nothing left to try
  const std::uint64_t generation = generation_[vnfci];
  std::weak_ptr<int> alive = alive_;
  timer = host_.schedule(delay, kRenewalTimer, [this, alive, vnfci, identity, generation] {
    if (alive.expired()) return;
    auto it = watches_.find(vnfci);
    if (it == watches_.end() || generation_[vnfci] != generation) return;
    it->second.timers[identity] = {};
    renewal_due(vnfci, identity);
  });
}

void DelegatedLifecycle::renewal_due(const std::string& vnfci, const std::string& identity) {
  Watch& w = watches_.at(vnfci);
  const DelegatedCredentialRecord* r = manager_.store().find(vnfci, identity);
  if (r == nullptr || !r->certificate || w.renewing[identity]) return;
  for (const auto& [other, busy] : w.renewing)
    if (busy) {
      w.waiting.insert(identity);  // its turn comes when that renewal ends (next_waiting)
      return;
    }
  TraceDetail detail = about(w.vnf, *r);
  try {
    const pki::Certificate certificate = pki::Certificate::from_der(*r->certificate);
    detail.add(dk::kSerial, certificate.serial_hex())
        .add(dk::kNotAfter, sim::format_utc(sim::UtcInstant{certificate.not_after().unix_ns}));
  } catch (const std::exception&) {
  }
  detail.add(dk::kRenewBefore, sim::format_duration(settings_.renew_before));
  decision(decisions::kDelegatedRenewalDue, outcomes::kOk, detail);
  w.renewing[identity] = true;
  const std::uint64_t generation = generation_[vnfci];
  std::weak_ptr<int> alive = alive_;
  manager_.renew(vnfci, identity,
                 [this, alive, vnfci, identity, generation](bool ok, const std::string& reason) {
                   if (alive.expired()) return;
                   renewed(vnfci, identity, generation, ok, reason);
                 });
}

void DelegatedLifecycle::renewed(const std::string& vnfci, const std::string& identity,
                                 std::uint64_t generation, bool ok, const std::string& reason) {
  auto w = watches_.find(vnfci);
  if (w == watches_.end() || generation_[vnfci] != generation) return;  // removed meanwhile
  if (!ok) {
    w->second.renewing[identity] = false;
    alarm(vnfci, identity, "renewal failed: " + reason);
    schedule(vnfci, identity);  // tried again halfway to expiry
    next_waiting(vnfci);
    return;
  }
  const DelegatedCredentialRecord* r = manager_.store().find(vnfci, identity);
  const std::optional<DelegatedInstall> mode =
      mode_of_ ? mode_of_(w->second.vnf, w->second.vnfd) : std::nullopt;
  ConfigurationTarget target;
  target.vnf = w->second.vnf;
  target.vnfci = vnfci;
  // Renewed credentials go over Ve-Vnfm-vnf whatever the first installation took (the VNFCI is
  // running); with the keys in the HSM, the HMEE fetches the new key (C.2.2.4.7).
  target.mode =
      mode == DelegatedInstall::hsm ? DelegatedInstall::hsm : DelegatedInstall::configuration;
  if (target.mode == DelegatedInstall::configuration) target.cism = w->second.cism;
  target.types = {r != nullptr ? r->certificate_type : std::string(dv::kTypeVnfci)};
  target.purpose = detail_values::kPurposeRenewal;
  std::weak_ptr<int> alive = alive_;
  configuration_.install(std::move(target), [this, alive, vnfci, identity, generation](
                                                bool installed, const std::string& why) {
    if (alive.expired()) return;
    auto again = watches_.find(vnfci);
    if (again == watches_.end() || generation_[vnfci] != generation) return;
    again->second.renewing[identity] = false;
    if (!installed) alarm(vnfci, identity, "renewed credentials not installed: " + why);
    schedule(vnfci, identity);  // the new certificate (or the old one, still in service)
    next_waiting(vnfci);
  });
}

void DelegatedLifecycle::next_waiting(const std::string& vnfci) {
  auto w = watches_.find(vnfci);
  if (w == watches_.end() || w->second.waiting.empty()) return;
  const std::string identity = *w->second.waiting.begin();
  w->second.waiting.erase(w->second.waiting.begin());
  // In an event of its own: this runs inside the manager's answer to the previous renewal, which
  // must finish before the manager takes the next one.
  const std::uint64_t generation = generation_[vnfci];
  std::weak_ptr<int> alive = alive_;
  host_.schedule(sim::Duration(), kRenewalTimer, [this, alive, vnfci, identity, generation] {
    if (alive.expired()) return;
    if (!watches_.contains(vnfci) || generation_[vnfci] != generation) return;
    renewal_due(vnfci, identity);
  });
}

void DelegatedLifecycle::alarm(const std::string& vnfci, const std::string& identity,
                               const std::string& reason) {
  const DelegatedCredentialRecord* r = manager_.store().find(vnfci, identity);
  auto w = watches_.find(vnfci);
  if (r == nullptr || w == watches_.end()) return;
  TraceDetail detail = about(w->second.vnf, *r);
  if (r->certificate) try {
      detail.add(dk::kNotAfter,
                 sim::format_utc(sim::UtcInstant{
                     pki::Certificate::from_der(*r->certificate).not_after().unix_ns}));
    } catch (const std::exception&) {
    }
  detail.add(dk::kReason, reason);
  decision(decisions::kExpiryAlarm, outcomes::kRaised, detail);
}

TraceDetail DelegatedLifecycle::about(const std::string& vnf,
                                      const DelegatedCredentialRecord& r) const {
  TraceDetail detail;
  detail.add(dk::kVnf, vnf)
      .add(dk::kVnfci, r.vnfci)
      .add(dk::kIdentity, r.identity)
      .add(dk::kCertificateType, r.certificate_type);
  return detail;
}

void DelegatedLifecycle::decision(const std::string& operation, const std::string& outcome,
                                  TraceDetail detail, const std::string& peer,
                                  const std::string& reference_point) {
  host_.tracer()({.operation = operation,
                  .outcome = outcome,
                  .peer = peer,
                  .reference_point = reference_point,
                  .detail = std::move(detail)});
}

}  // namespace ifa026::actors::vnfm
