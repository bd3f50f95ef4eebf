// The VNFCI's renewal and key rotation timing (see vnfci_renewal.hpp).
#include "actors/vnfci/vnfci_renewal.hpp"

#include <vector>

#include "actors/common/pki_clock.hpp"
#include "actors/common/trace_detail.hpp"
#include "actors/vnfci/vnfci_enrolment.hpp"

namespace ifa026::actors::vnfci {

namespace keys = detail_keys;

VnfciRenewal::VnfciRenewal(VnfciState& state, VnfciEnrolment& enrolment)
    : VnfciPart(state), enrolment_(enrolment) {}

void VnfciRenewal::renew_on_request(const std::string& only) {
  std::vector<std::string> names;
  for (const auto& [name, id] : state_.identities)
    if ((only.empty() || only == name) && id.certificate && !id.attempt &&
        !id.flow.starts_with("C.2.2") && !id.flow.starts_with("C.3.2"))
      names.push_back(name);  // delegated identities are renewed by their VNFM (issue 17)
  if (names.empty()) {
    trace({.operation = decisions::kRenewal,
           .outcome = outcomes::kRejected,
           .detail = about(only).add(keys::kReason, "no identity holding a certificate and idle")});
    return;
  }
  for (const auto& name : names) {
    Identity& id = state_.identities.at(name);
    if (id.renewal_timer.valid()) context().withdraw(id.renewal_timer);
    id.renewal_timer = {};
    renewal_due(name);
  }
}

// Renewal at not_after - renew_before (halfway through what is left when that has passed).
void VnfciRenewal::schedule_renewal(const std::string& name) {
  Identity& id = state_.identities.at(name);
  if (id.renewal_timer.valid()) context().withdraw(id.renewal_timer);
  id.renewal_timer = {};
  if (!id.certificate) return;
  const sim::Time expiry =
      sim::Time::from_ns(id.certificate->not_after().unix_ns - context().epoch().start().unix_ns);
  const Duration remaining = expiry - context().now();
  if (remaining <= Duration()) return;
  Duration delay = remaining - id.renew_before;
  if (delay <= Duration()) delay = Duration::nanoseconds(remaining.ns() / 2);
  id.renewal_timer = schedule(delay, "renewal", [this, name] {
    auto it = state_.identities.find(name);
    if (it == state_.identities.end()) return;
    it->second.renewal_timer = {};
    renewal_due(name);
  });
}

void VnfciRenewal::renewal_due(const std::string& name) {
  Identity& id = state_.identities.at(name);
  if (!id.certificate || id.attempt) return;
  trace({.operation = decisions::kRenewalDue,
         .outcome = outcomes::kOk,
         .step = kStepRenewalDue,
         .detail = about(name)
                       .add(keys::kSerial, id.certificate->serial_hex())
                       .add(keys::kNotAfter, sim::format_utc(sim::UtcInstant{
                                                 id.certificate->not_after().unix_ns}))});
  enrolment_.start_attempt(name, Purpose::renewal);
}

// C.2.1.3 note 4: with `key_rotation`, steps #6-#15 repeat that long after each enrolment or
// rotation: a new key pair from the HSM (over a new session), enrolled by kur since the one-use
// initial credential is spent.
void VnfciRenewal::schedule_rotation(const std::string& name) {
  Identity& id = state_.identities.at(name);
  if (id.rotation_timer.valid()) context().withdraw(id.rotation_timer);
  id.rotation_timer = {};
  if (id.flow != kFlowHsm || !id.certificate || !state_.settings->bootstrap ||
      !state_.settings->bootstrap->key_rotation)
    return;
  id.rotation_timer =
      schedule(*state_.settings->bootstrap->key_rotation, "key-rotation", [this, name] {
        auto it = state_.identities.find(name);
        if (it == state_.identities.end()) return;
        it->second.rotation_timer = {};
        rotate(name);
      });
}

void VnfciRenewal::rotate(const std::string& name) {
  Identity& id = state_.identities.at(name);
  if (!id.certificate) return;
  if (id.attempt) {
    trace({.operation = decisions::kKeyRotation,
           .outcome = outcomes::kDeferred,
           .detail = about(name)
                         .add(keys::kFlow, id.flow)
                         .add(keys::kReason, "another attempt is running")});
    return schedule_rotation(name);
  }
  trace({.operation = decisions::kKeyRotation,
         .outcome = outcomes::kStarted,
         .detail = about(name)
                       .add(keys::kFlow, id.flow)
                       .add(keys::kRound, static_cast<long long>(id.rotations + 1))
                       .add(keys::kInterval,
                            sim::format_duration(*state_.settings->bootstrap->key_rotation))
                       .add(keys::kSerial, id.certificate->serial_hex())});
  // A fresh session with the HSM, so #6 is repeated too (unless another identity's rotation
  // is using the one just opened).
  if (!state_.hsm || !state_.hsm->busy()) {
    state_.channels.close_all();
    if (state_.hsm) state_.hsm->reset();
  }
  enrolment_.start_attempt(name, Purpose::rotation);
}

}  // namespace ifa026::actors::vnfci
