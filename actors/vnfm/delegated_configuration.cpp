// The delegate VNFM's installer after instantiation: C.2.2.4.6 over Ve-Vnfm-vnf (or the CISM for
// containers) and the VNFM's side of C.2.2.4.7 (see delegated_configuration.hpp).
#include "actors/vnfm/delegated_configuration.hpp"

#include <algorithm>
#include <utility>

#include "actors/common/trace_detail.hpp"
#include "actors/messages/codec.hpp"
#include "actors/messages/decisions.hpp"
#include "actors/messages/delegation_vocabulary.hpp"
#include "actors/messages/detail_keys.hpp"
#include "actors/messages/flow_steps.hpp"
#include "actors/messages/reference_points.hpp"

namespace ifa026::actors::vnfm {
namespace {

namespace dk = detail_keys;
namespace dv = detail_values;
namespace rp = reference_points;

constexpr const char* kTimerLabel = "DelegatedConfigurationTimeout";
constexpr const char* kNextAttemptLabel = "delegated-configuration-attempt";

const char* answer_step(DelegatedInstall mode) {
  return mode == DelegatedInstall::hsm ? flows::step(flows::kDelegatedHsmInstall, 5)
                                       : flows::step(flows::kDelegatedConfiguration, 2);
}

bool wanted(const std::vector<std::string>& types, const std::string& type) {
  return std::find(types.begin(), types.end(), type) != types.end();
}

}  // namespace

const char* DelegatedConfiguration::first_step(DelegatedInstall mode) {
  return mode == DelegatedInstall::hsm ? flows::step(flows::kDelegatedHsmInstall, 0)
                                       : flows::step(flows::kDelegatedConfiguration, 0);
}

DelegatedConfiguration::DelegatedConfiguration(ManoEntityHost& host, DelegationManager& manager,
                                               ConfigurationSettings settings, HsmOf hsm_of)
    : host_(host),
      manager_(manager),
      settings_(settings),
      hsm_of_(std::move(hsm_of)),
      requests_(host.actor_context(), kTimerLabel) {
  auto& handlers = host.request_handlers();
  handlers.on<messages::SetConfigurationResponse>(
      [this](const messages::SetConfigurationResponse& r, const ChannelMessage& m) {
        on_answer(r, m);
      });
  handlers.on<messages::OsContainerConfigurationResponse>(
      [this](const messages::OsContainerConfigurationResponse& r, const ChannelMessage& m) {
        on_answer(r, m);
      });
}

void DelegatedConfiguration::install(ConfigurationTarget target, Done done) {
  const std::string vnfci = target.vnfci;
  if (jobs_.count(vnfci)) {
    queued_[vnfci].emplace_back(std::move(target), std::move(done));
    return;
  }
  Job job;
  job.target = std::move(target);
  job.done = std::move(done);
  job.generation = next_generation_++;
  jobs_[vnfci] = std::move(job);
  if (jobs_.at(vnfci).target.cism.empty()) {
    // Ve-Vnfm-vnf needs the VNFCI's OAM certificate (C.2.2.4.4 pre-conditions 5 and 6).
    if (!oam_certificate(vnfci) && settings_.unprotected_fallback) {
      jobs_.at(vnfci).plain = true;  // the fault: no session, sent in the clear
    } else if (!oam_certificate(vnfci)) {
      const std::string reason = "no VNF OAM certificate for " + vnfci +
                                 ": no mutual TLS session on Ve-Vnfm-vnf, and the credentials "
                                 "are not sent on any other channel";
      refuse_unprotected(jobs_.at(vnfci), reason);
      end(vnfci, false, reason);
      return;
    } else {
      trust_oam_anchors(vnfci);
    }
  }
  next_attempt(vnfci);
}

void DelegatedConfiguration::cancel(const std::string& vnfci) {
  queued_.erase(vnfci);
  auto it = jobs_.find(vnfci);
  if (it == jobs_.end()) return;
  if (it->second.request) requests_.cancel(*it->second.request);
  jobs_.erase(it);
}

void DelegatedConfiguration::next_attempt(const std::string& vnfci) {
  auto it = jobs_.find(vnfci);
  if (it == jobs_.end()) return;
  Job& job = it->second;
  if (job.attempts >= settings_.install_attempts) {
    end(vnfci, false,
        "installation attempts exhausted (" + std::to_string(job.attempts) +
            "): " + job.last_failure);
    return;
  }
  const ConfigurationTarget& target = job.target;
  const bool container = !target.cism.empty();
  const std::string peer = container ? target.cism : target.vnfci;
  const char* reference_point = container ? rp::kCismSi : rp::kVeVnfmVnf;
  const char* step = first_step(target.mode);

  std::optional<messages::HsmKeyLocation> location;
  if (target.mode == DelegatedInstall::hsm) {
    std::optional<HsmEndpoint> endpoint = hsm_of_ ? hsm_of_(vnfci) : std::nullopt;
    if (!endpoint) {
      end(vnfci, false, "no HSM known for the keys of " + vnfci);
      return;
    }
    messages::HsmKeyLocation l;
    l.hsm = endpoint->hsm;
    l.certificate = endpoint->certificate;
    for (const DelegatedCredentialRecord* r : manager_.store().of_vnfci(vnfci))
      if (wanted(target.types, r->certificate_type) && r->hsm_handle)
        l.handles[r->identity] = *r->hsm_handle;
    location = std::move(l);
  }

  std::vector<messages::DelegatedCredential> credentials = manager_.credentials_for(
      vnfci, target.types,
      DelegationManager::SendContext{.peer = peer,
                                     .channel = job.plain ? dv::kChannelPlain : dv::kChannelMutual,
                                     .step = step,
                                     .reference_point = reference_point});
  if (credentials.empty()) {
    end(vnfci, false,
        job.attempts == 0
            ? "no credentials to install into " + vnfci
            : "no credentials left to install into " + vnfci + " (" + job.last_failure + ")");
    return;
  }
  ++job.attempts;
  Attempt attempt;
  attempt.vnfci = vnfci;
  attempt.generation = job.generation;
  attempt.peer = peer;
  for (const auto& c : credentials) attempt.identities.push_back(c.identity);

  messages::CredentialConfigurationRequest body;
  body.vnf = target.vnf;
  body.vnfci = vnfci;
  body.credentials = std::move(credentials);
  body.hsm = std::move(location);
  const std::string prefix = host_.actor_context().name() + "-cfg-";
  job.request = requests_.start(
      std::move(attempt), RetryPolicy{.timeout = settings_.timeout, .retries = 0},
      [this, body, container, peer, reference_point, step, prefix, plain = job.plain](
          std::uint64_t id, const Attempt& /*attempt*/, int /*n*/) {
        Envelope envelope;
        if (container) {
          messages::OsContainerConfigurationRequest request{body};
          request.request_id = prefix + std::to_string(id);
          envelope = messages::to_envelope(request, step);
        } else {
          messages::SetConfigurationRequest request{body};
          request.request_id = prefix + std::to_string(id);
          envelope = messages::to_envelope(request, step);
        }
        if (plain)
          host_.send_envelope(peer, reference_point, envelope);
        else
          host_.channels().send(peer, ChannelKind::mutual, reference_point, std::move(envelope));
      },
      [this](std::uint64_t /*id*/, Attempt a) { on_timeout(std::move(a)); });
}

void DelegatedConfiguration::on_answer(const messages::CredentialConfigurationResponse& response,
                                       const ChannelMessage& m) {
  const std::string prefix = host_.actor_context().name() + "-cfg-";
  std::uint64_t id = 0;
  bool ok = response.request_id.size() > prefix.size() &&
            response.request_id.compare(0, prefix.size(), prefix) == 0;
  for (std::size_t i = prefix.size(); ok && i < response.request_id.size(); ++i) {
    const char c = response.request_id[i];
    ok = c >= '0' && c <= '9';
    if (ok) id = id * 10 + static_cast<std::uint64_t>(c - '0');
  }
  // Only the peer asked may answer (an answer from another leaves the attempt open).
  const Attempt* open = ok ? requests_.find(id) : nullptr;
  auto reply = ok && (open == nullptr || open->peer == m.peer.name)
                   ? requests_.reply(id)
                   : RequestTracker<Attempt>::Reply{};
  if (reply.match != ReplyMatch::answer || !reply.pending) {
    TraceDetail detail;
    detail.add(dk::kVnfci, response.vnfci)
        .add(dk::kRequest, response.request_id)
        .add(dk::kReason, std::string(to_string(reply.match)) + " reply");
    decision(decisions::kCredentialInstall, outcomes::kIgnored, detail, m.peer.name,
             m.reference_point, m.envelope.step);
    return;
  }
  const Attempt attempt = std::move(*reply.pending);
  auto it = jobs_.find(attempt.vnfci);
  if (it == jobs_.end() || it->second.generation != attempt.generation) return;
  Job& job = it->second;
  job.request.reset();
  const char* step = answer_step(job.target.mode);

  if (job.target.cism.empty() && !peer_is_vnfci(job, m)) {
    const std::string reason =
        "the answer did not come from " + attempt.vnfci + "'s VNF OAM identity";
    std::vector<messages::CredentialInstallStatus> failed;
    for (const auto& identity : attempt.identities)
      failed.push_back({identity, outcomes::kFailed, std::nullopt, reason});
    manager_.install_result(attempt.vnfci, failed, step);
    after_attempt(attempt.vnfci, false, reason);
    return;
  }

  std::vector<messages::CredentialInstallStatus> install = response.install;
  const std::string why = response.reason.value_or(response.status);
  for (const auto& identity : attempt.identities)
    if (std::none_of(install.begin(), install.end(),
                     [&](const auto& s) { return s.identity == identity; }))
      install.push_back({identity, outcomes::kFailed, std::nullopt, why});
  manager_.install_result(attempt.vnfci, install, step);
  bool all_installed = true;
  std::string failure;
  for (const auto& s : install)
    if (s.status != outcomes::kInstalled) {
      all_installed = false;
      if (failure.empty()) failure = s.identity + ": " + s.reason.value_or(s.status);
    }
  after_attempt(attempt.vnfci, all_installed, failure);
}

void DelegatedConfiguration::on_timeout(Attempt attempt) {
  auto it = jobs_.find(attempt.vnfci);
  if (it == jobs_.end() || it->second.generation != attempt.generation) return;
  it->second.request.reset();
  const std::string reason = "no answer from " + attempt.peer;
  std::vector<messages::CredentialInstallStatus> failed;
  for (const auto& identity : attempt.identities)
    failed.push_back({identity, outcomes::kFailed, std::nullopt, reason});
  manager_.install_result(attempt.vnfci, failed, answer_step(it->second.target.mode));
  after_attempt(attempt.vnfci, false, reason);
}

void DelegatedConfiguration::after_attempt(const std::string& vnfci, bool installed,
                                           const std::string& reason) {
  auto it = jobs_.find(vnfci);
  if (it == jobs_.end()) return;
  if (installed) {
    end(vnfci, true, "");
    return;
  }
  Job& job = it->second;
  job.last_failure = reason;
  if (job.attempts >= settings_.install_attempts) {
    end(vnfci, false,
        "installation attempts exhausted (" + std::to_string(job.attempts) + "): " + reason);
    return;
  }
  const std::uint64_t generation = job.generation;
  std::weak_ptr<int> alive = alive_;
  host_.schedule(settings_.attempt_gap, kNextAttemptLabel, [this, alive, vnfci, generation] {
    if (alive.expired()) return;
    auto again = jobs_.find(vnfci);
    if (again == jobs_.end() || again->second.generation != generation) return;
    next_attempt(vnfci);
  });
}

void DelegatedConfiguration::end(const std::string& vnfci, bool ok, const std::string& reason) {
  auto it = jobs_.find(vnfci);
  if (it == jobs_.end()) return;
  Done done = std::move(it->second.done);
  jobs_.erase(it);
  if (done) done(ok, reason);
  // The next installation the VNFCI waits for (unless `done` started or cancelled one).
  auto queue = queued_.find(vnfci);
  if (queue == queued_.end() || jobs_.count(vnfci)) return;
  auto [target, next_done] = std::move(queue->second.front());
  queue->second.erase(queue->second.begin());
  if (queue->second.empty()) queued_.erase(queue);
  install(std::move(target), std::move(next_done));
}

std::optional<pki::Bytes> DelegatedConfiguration::oam_certificate(const std::string& vnfci) {
  for (const DelegatedCredentialRecord* r : manager_.store().of_vnfci(vnfci))
    if (r->certificate_type == dv::kTypeOam && r->certificate) return *r->certificate;
  return std::nullopt;
}

// The session to the VNFCI authenticates its OAM certificate against the anchors the OAM
// certificate's registration named (the VNFM's own MANO anchors stay).
void DelegatedConfiguration::trust_oam_anchors(const std::string& vnfci) {
  auto& anchors = host_.channels().credentials().trust_anchors;
  for (const DelegatedCredentialRecord* r : manager_.store().of_vnfci(vnfci)) {
    if (r->certificate_type != dv::kTypeOam) continue;
    std::vector<pki::Bytes> candidates = r->trust_anchors;
    if (candidates.empty() && !r->chain.empty()) candidates.push_back(r->chain.back());
    for (const auto& der : candidates) {
      if (std::any_of(anchors.begin(), anchors.end(),
                      [&](const pki::Certificate& c) { return c.der() == der; }))
        continue;
      try {
        anchors.push_back(pki::Certificate::from_der(der));
      } catch (const std::exception&) {
        // A registration anchor that does not decode authenticates nothing.
      }
    }
  }
}

// The answer came on a mutual session whose peer certificate names the VNFCI's OAM identity
// (every dNSName of the OAM certificate the VNFM holds for it).
bool DelegatedConfiguration::peer_is_vnfci(const Job& job, const ChannelMessage& m) {
  const std::string& vnfci = job.target.vnfci;
  TraceDetail detail;
  detail.add(dk::kVnf, job.target.vnf).add(dk::kVnfci, vnfci);
  std::string oam_identity;
  std::vector<std::string> expected;
  for (const DelegatedCredentialRecord* r : manager_.store().of_vnfci(vnfci))
    if (r->certificate_type == dv::kTypeOam && r->certificate) {
      oam_identity = r->identity;
      try {
        expected = pki::Certificate::from_der(*r->certificate).san().dns;
      } catch (const std::exception&) {
        expected.clear();
      }
      break;
    }
  detail.add(dk::kIdentity, oam_identity).add(dk::kCertificateType, dv::kTypeOam);
  std::string reason;
  if (m.peer.kind != ChannelKind::mutual || !m.peer.certificate) {
    reason = "not a mutual TLS session";
  } else {
    detail.add(dk::kPeerSubject, m.peer.certificate->subject().to_string())
        .add(dk::kPeerSerial, m.peer.certificate->serial_hex());
    const std::vector<std::string> presented = m.peer.certificate->san().dns;
    if (expected.empty()) reason = "no OAM certificate held for " + vnfci;
    for (const auto& name : expected)
      if (reason.empty() && std::find(presented.begin(), presented.end(), name) == presented.end())
        reason = "peer certificate lacks dNSName " + name;
  }
  if (!reason.empty()) detail.add(dk::kReason, reason);
  decision(decisions::kSessionCheck, reason.empty() ? outcomes::kOk : outcomes::kRejected, detail,
           m.peer.name, rp::kVeVnfmVnf, answer_step(job.target.mode), sim::RecordKind::crypto);
  return reason.empty();
}

void DelegatedConfiguration::refuse_unprotected(const Job& job, const std::string& reason) {
  const ConfigurationTarget& t = job.target;
  bool any = false;
  for (const DelegatedCredentialRecord* r : manager_.store().of_vnfci(t.vnfci)) {
    if (!wanted(t.types, r->certificate_type)) continue;
    any = true;
    decision(decisions::kCredentialInstall, outcomes::kFailed,
             TraceDetail()
                 .add(dk::kVnf, t.vnf)
                 .add(dk::kVnfci, t.vnfci)
                 .add(dk::kIdentity, r->identity)
                 .add(dk::kCertificateType, r->certificate_type)
                 .add(dk::kPurpose, t.purpose)
                 .add(dk::kReason, reason),
             t.vnfci, rp::kVeVnfmVnf, first_step(t.mode));
  }
  if (!any)
    decision(decisions::kCredentialInstall, outcomes::kFailed,
             TraceDetail()
                 .add(dk::kVnf, t.vnf)
                 .add(dk::kVnfci, t.vnfci)
                 .add(dk::kCertificateType, dv::kTypeVnfci)
                 .add(dk::kPurpose, t.purpose)
                 .add(dk::kReason, reason),
             t.vnfci, rp::kVeVnfmVnf, first_step(t.mode));
}

void DelegatedConfiguration::decision(const std::string& operation, const std::string& outcome,
                                      TraceDetail detail, const std::string& peer,
                                      const std::string& reference_point, const std::string& step,
                                      sim::RecordKind kind) {
  host_.tracer()({.operation = operation,
                  .outcome = outcome,
                  .peer = peer,
                  .reference_point = reference_point,
                  .step = step,
                  .detail = std::move(detail),
                  .kind = kind});
}

}  // namespace ifa026::actors::vnfm
