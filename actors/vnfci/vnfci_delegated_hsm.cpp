// The VNFCI's side of C.2.2.4.7: keys from the VNFM's HSM into the attested HMEE (see
// vnfci_delegated_hsm.hpp).
//
// Modelling decisions (docs/delegation-mode.md, Decisions, **hmee**):
// - `hsm.certificate` of the configuration is the HSM vendor's root (what a delegate VNFM learns
//   from the HSM's HsmVendorRoot on HSM-If); the HSM's TLS certificate must chain to that root
//   alone and name the HSM (HsmLink::configure with require_root).
// - Without an HMEE certificate (the VNFCI runs without secure_bootstrap) nothing is fetched: every
//   identity fails with the reason, no session is opened.
// - A release that fails (the HSM refused the session or the key, no answer) refuses that identity
//   at #2 (the session) or #4 (the HSM's answer); a key that does not match the stored
//   certificate is refused by the installation at #4 (KeyPairCheck rejected).
#include "actors/vnfci/vnfci_delegated_hsm.hpp"

#include <exception>
#include <utility>
#include <vector>

#include "actors/messages/delegation_vocabulary.hpp"
#include "actors/messages/flow_steps.hpp"

namespace ifa026::actors::vnfci {

namespace dk = detail_keys;
namespace m = messages;

struct VnfciDelegatedHsm::Job {
  m::SetConfigurationResponse answer;
  std::vector<m::DelegatedCredential> credentials;
  std::size_t open = 0;
  Answer done;
};

VnfciDelegatedHsm::VnfciDelegatedHsm(VnfciState& state, Hooks hooks, bool foreign_handle)
    : VnfciPart(state), hooks_(std::move(hooks)), foreign_handle_(foreign_handle) {}

namespace {

// Fault foreign_handle: "<prefix>-N" -> the neighbouring handle (N odd: N+1, even: N-1).
std::string neighbour_handle(const std::string& handle) {
  const auto dash = handle.rfind('-');
  if (dash == std::string::npos) return handle + "-foreign";
  try {
    const long long n = std::stoll(handle.substr(dash + 1));
    return handle.substr(0, dash + 1) + std::to_string(n % 2 == 1 ? n + 1 : n - 1);
  } catch (const std::exception&) {
    return handle + "-foreign";
  }
}

}  // namespace

void VnfciDelegatedHsm::settle(const std::shared_ptr<Job>& job, std::size_t index,
                               m::CredentialInstallStatus status) {
  job->answer.install[index] = std::move(status);
  if (--job->open != 0) return;
  bool all = true;
  for (const auto& s : job->answer.install) {
    all = all && s.status == outcomes::kInstalled;
    if (s.reason && !job->answer.reason) job->answer.reason = s.reason;
  }
  job->answer.status = all ? outcomes::kInstalled : outcomes::kFailed;
  job->done(std::move(job->answer));
}

void VnfciDelegatedHsm::configure(const m::SetConfigurationRequest& request, Answer answer) {
  auto job = std::make_shared<Job>();
  job->answer.request_id = request.request_id;
  job->answer.vnfci = name();
  job->credentials = request.credentials;
  job->answer.install.resize(request.credentials.size());
  job->open = request.credentials.size();
  job->done = std::move(answer);
  if (request.credentials.empty()) {
    job->answer.status = outcomes::kFailed;
    job->answer.reason = "no credential to install";
    return job->done(std::move(job->answer));
  }
  const m::HsmKeyLocation& where = *request.hsm;
  const std::string pending_at = flows::step(flows::kDelegatedHsmInstall, 1);
  // What fails every identity: no HSM, its certificate undecodable, no attested HMEE.
  std::optional<pki::Certificate> root;
  std::string common;
  try {
    root = pki::Certificate::from_der(where.certificate);
  } catch (const std::exception& e) {
    common =
        std::string("the HSM certificate named in the configuration does not decode: ") + e.what();
  }
  if (where.hsm.empty()) common = "the configuration names no HSM";
  if (common.empty() && (!state_.attester || !state_.attester->hmee_certificate()))
    common = "no HMEE attestation credential (the VNFCI runs without secure_bootstrap)";
  std::vector<std::pair<std::size_t, std::string>> fetch;  // credential, handle
  for (std::size_t i = 0; i < job->credentials.size(); ++i) {
    const m::DelegatedCredential& c = job->credentials[i];
    if (!common.empty()) {
      settle(job, i, hooks_.refuse(c, where.hsm, pending_at, common));
      continue;
    }
    if (auto refusal = hooks_.verify(c)) {
      settle(job, i, *refusal);
      continue;
    }
    auto handle = where.handles.find(c.identity);
    if (handle == where.handles.end() || handle->second.empty()) {
      settle(job, i,
             hooks_.refuse(c, where.hsm, pending_at,
                           "the configuration names no key handle for " + c.identity));
      continue;
    }
    // #1: the certificate is stored, its key pending in the HSM.
    const std::string asked = foreign_handle_ ? neighbour_handle(handle->second) : handle->second;
    TraceDetail pending = about(c.identity);
    pending.add(dk::kCertificateType, c.certification_type)
        .add(dk::kHsm, where.hsm)
        .add(dk::kHandle, asked);
    if (foreign_handle_) pending.add(dk::kFault, "foreign_handle");
    trace({.operation = decisions::kPendingKey,
           .outcome = outcomes::kPending,
           .peer = where.hsm,
           .step = pending_at,
           .detail = pending});
    fetch.emplace_back(i, asked);
  }
  if (fetch.empty()) return;
  hsm().configure(where.hsm, *root, true);
  for (const auto& [index, handle] : fetch) {
    const std::string hsm_name = where.hsm;
    hsm().release_key(
        job->credentials[index].identity, handle, flows::kDelegatedHsmInstall,
        [this, job, index, hsm_name](std::optional<HsmLink::KeyPair> pair,
                                     const std::string& problem) {
          const m::DelegatedCredential& c = job->credentials[index];
          if (!pair) {
            const int at = problem.starts_with("HSM channel failed") ||
                                   problem.starts_with("HSM session check")
                               ? 2
                               : 4;
            settle(
                job, index,
                hooks_.refuse(c, hsm_name, flows::step(flows::kDelegatedHsmInstall, at), problem));
            return;
          }
          m::DelegatedCredential with_key = c;
          with_key.private_key = pair->key.to_der();
          settle(job, index, hooks_.install(with_key, hsm_name));
        });
  }
}

}  // namespace ifa026::actors::vnfci
