// Direct mode's removal of VNFCIs and revocation of their certificates (see
// direct_revocation.hpp; the decisions are listed in direct_mode.cpp).
#include "actors/cmf/direct_revocation.hpp"

#include <utility>
#include <vector>

#include "actors/cmf/direct_configuration.hpp"
#include "actors/cmf/revocation_reason.hpp"
#include "actors/common/envelope.hpp"
#include "actors/common/trace_detail.hpp"

namespace ifa026::actors::cmf {
namespace {

namespace keys = detail_keys;

}  // namespace

DirectModeRevocation::DirectModeRevocation(DirectModeState& state,
                                           DirectModeConfiguration& configuration)
    : DirectModePart(state), configuration_(configuration) {}

std::string DirectModeRevocation::revocation_reason_for(const std::string& operation) {
  return operation == "HEAL" ? "superseded" : "cessationOfOperation";
}

void DirectModeRevocation::remove_vnfci(const std::string& vnfm, const std::string& vnf,
                                        const std::string& vnfci, const std::string& operation) {
  VnfciRecord* r = inventory_.find(vnfci);
  if (r == nullptr) {
    trace({.operation = decisions::kVnfciRemoved,
           .outcome = outcomes::kUnknown,
           .peer = vnfm,
           .reference_point = reference_points::kCmVnfm,
           .detail = TraceDetail()
                         .add(keys::kVnf, vnf)
                         .add(keys::kVnfci, vnfci)
                         .add(keys::kOperation, operation)
                         .add(keys::kReason, "not in the inventory")});
    return;
  }
  if (r->state == VnfciState::removed) {
    trace({.operation = decisions::kVnfciRemoved,
           .outcome = outcomes::kIgnored,
           .peer = vnfm,
           .reference_point = reference_points::kCmVnfm,
           .detail =
               about(*r).add(keys::kOperation, operation).add(keys::kReason, "removed already")});
    return;
  }
  r->state = VnfciState::removed;
  if (auto b = bootstrap_.find(vnfci); b != bootstrap_.end() && b->second.timer.valid()) {
    context_.withdraw(b->second.timer);
    b->second.timer = {};
  }
  if (config_.day0.count(vnfci) == 0) channels_.credentials().day0_secrets.erase(vnfci);
  configuration_.forget(vnfci);
  const pki::Instant at = now();
  std::vector<std::pair<VnfciIdentity*, std::string>> targets;  // identity, serial
  std::vector<std::string> unenrolled;
  for (auto& identity : r->identities) {
    identity.credential.reset();
    if (identity.certificates.empty() && identity.registration == EndEntityState::registered)
      unenrolled.push_back(identity.name);
    for (auto& c : identity.certificates)
      if (c.state != CertificateState::revoked && !c.revocation_requested &&
          c.not_after.unix_ns > at.unix_ns)
        targets.emplace_back(&identity, c.serial);
  }
  trace({.operation = decisions::kVnfciRemoved,
         .outcome = outcomes::kOk,
         .peer = vnfm,
         .reference_point = reference_points::kCmVnfm,
         .detail = about(*r)
                       .add(keys::kOperation, operation)
                       .add(keys::kCertificates, static_cast<long long>(targets.size()))
                       .add(keys::kUnenrolled, joined(unenrolled))});
  const std::string reason = revocation_reason_for(operation);
  for (auto& [identity, serial] : targets)
    if (VnfciCertificate* c = identity->find_serial(serial)) revoke(*r, *identity, *c, reason);
}

// Operator command `revoke_vnfci_certificate` {vnfci, identity (default: every one), reason
// (default keyCompromise)}: revokes the current certificates of a VNFCI that keeps running (a
// compromised key, a policy change); the VNFCI is not told, so its next renewal meets the CA's
// refusal (C.2.1.4 pre-condition 1).
void DirectModeRevocation::revoke_on_request(const nlohmann::json& args) {
  const std::string vnfci = args.is_object() ? get_string(args, "vnfci") : "";
  const std::string only = args.is_object() ? get_string(args, "identity") : "";
  std::string reason = args.is_object() ? get_string(args, "reason") : "";
  if (reason.empty()) reason = "keyCompromise";
  VnfciRecord* r = vnfci.empty() ? nullptr : inventory_.find(vnfci);
  auto refuse = [&](const std::string& why) {
    trace({.operation = decisions::kVnfciCertificateRevocation,
           .outcome = outcomes::kRejected,
           .reference_point = reference_points::kCa1,
           .detail = TraceDetail()
                         .add(keys::kVnfci, vnfci)
                         .add(keys::kIdentity, only)
                         .add(keys::kReason, reason)
                         .add(keys::kProblem, why)});
  };
  if (r == nullptr) return refuse(vnfci.empty() ? "no vnfci given" : "not in the inventory");
  const pki::Instant at = now();
  std::vector<std::pair<VnfciIdentity*, std::string>> targets;
  for (auto& identity : r->identities) {
    if (!only.empty() && identity.name != only) continue;
    for (auto& c : identity.certificates)
      if (c.state != CertificateState::revoked && !c.revocation_requested &&
          c.not_after.unix_ns > at.unix_ns)
        targets.emplace_back(&identity, c.serial);
  }
  if (targets.empty()) return refuse("no unrevoked certificate in force");
  for (auto& [identity, serial] : targets)
    if (VnfciCertificate* c = identity->find_serial(serial)) revoke(*r, *identity, *c, reason);
}

void DirectModeRevocation::revoke(VnfciRecord& r, VnfciIdentity& identity, VnfciCertificate& c,
                                  const std::string& reason) {
  const RaIdentity* ra = lookup_(identity.ca);
  TraceDetail detail = about(r, identity)
                           .add(keys::kSerial, c.serial)
                           .add(keys::kCa, identity.ca)
                           .add(keys::kReason, reason);
  if (ra == nullptr) {
    trace({.operation = decisions::kVnfciCertificateRevocation,
           .outcome = outcomes::kFailed,
           .peer = identity.ca,
           .reference_point = reference_points::kCa1,
           .detail = detail.add(keys::kProblem, "the CMF holds no RA certificate at this CA")});
    return;
  }
  c.revocation_requested = true;
  ++revocation_attempts_[c.serial];
  trace({.operation = decisions::kVnfciCertificateRevocation,
         .outcome = outcomes::kRequested,
         .peer = identity.ca,
         .reference_point = reference_points::kCa1,
         .detail = detail});
  const pki::Certificate target = *c.certificate;
  const pki::Certificate own_cert = *ra->certificate;
  const pki::PrivateKey own_key = *ra->key;
  const pki::RevocationReason code = parse_revocation_reason(reason);
  const pki::Instant at = now();
  const std::string vnfci = r.vnfci;
  const std::string name = identity.name;
  const std::string serial = c.serial;
  ra_.run(
      identity.ca, cmp_config(*ra), "", "", "",
      [target, own_cert, own_key, code, at](pki::CmpClient& client) {
        return client.revoke_rr_for(target, own_cert, own_key, code, at);
      },
      [this, vnfci, name, serial, reason](const CmpExchange::Outcome& outcome) {
        on_revoked(vnfci, name, serial, reason, outcome.result);
      });
}

void DirectModeRevocation::on_revoked(const std::string& vnfci, const std::string& name,
                                      const std::string& serial, const std::string& reason,
                                      const pki::CmpResult& result) {
  VnfciRecord* r = inventory_.find(vnfci);
  VnfciIdentity* identity = r != nullptr ? r->identity(name) : nullptr;
  VnfciCertificate* c = identity != nullptr ? identity->find_serial(serial) : nullptr;
  if (c == nullptr) return;
  c->revocation_requested = false;
  TraceDetail detail = about(*r, *identity)
                           .add(keys::kSerial, serial)
                           .add(keys::kCa, identity->ca)
                           .add(keys::kReason, reason);
  if (result.ok()) {
    c->state = CertificateState::revoked;
    revocation_attempts_.erase(serial);
    trace({.operation = decisions::kVnfciCertificateRevocation,
           .outcome = outcomes::kOk,
           .peer = identity->ca,
           .reference_point = reference_points::kCa1,
           .detail = detail});
    return;
  }
  const int attempts = revocation_attempts_[serial];
  if (CmpExchange::no_reply(result) && attempts <= direct_.registration_retries) {
    const sim::Duration delay = backoff(config_.ca_timeout, attempts - 1);
    trace({.operation = decisions::kVnfciCertificateRevocation,
           .outcome = outcomes::kRetry,
           .peer = identity->ca,
           .reference_point = reference_points::kCa1,
           .detail = detail.add(keys::kProblem, CmpExchange::failure_reason(result))
                         .add(keys::kRetryIn, sim::format_duration(delay))});
    schedule(delay, "VnfciRevocationRetry", [this, vnfci, name, serial, reason] {
      VnfciRecord* again = inventory_.find(vnfci);
      VnfciIdentity* id = again != nullptr ? again->identity(name) : nullptr;
      VnfciCertificate* cert = id != nullptr ? id->find_serial(serial) : nullptr;
      if (cert == nullptr || cert->state == CertificateState::revoked || cert->revocation_requested)
        return;
      revoke(*again, *id, *cert, reason);
    });
    return;
  }
  revocation_attempts_.erase(serial);
  trace({.operation = decisions::kVnfciCertificateRevocation,
         .outcome = outcomes::kFailed,
         .peer = identity->ca,
         .reference_point = reference_points::kCa1,
         .detail = detail.add(keys::kProblem, CmpExchange::failure_reason(result))});
}

}  // namespace ifa026::actors::cmf
