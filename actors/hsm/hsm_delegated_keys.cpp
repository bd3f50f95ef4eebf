// The HSM's keys made for a delegate VNFM's VNFCIs (see hsm_delegated_keys.hpp).
#include "actors/hsm/hsm_delegated_keys.hpp"

#include <algorithm>

#include "actors/messages/decisions.hpp"
#include "actors/messages/delegation_vocabulary.hpp"
#include "actors/messages/detail_keys.hpp"
#include "actors/messages/reference_points.hpp"

namespace ifa026::actors::hsm {

namespace keys = detail_keys;
namespace values = detail_values;

namespace {

constexpr const char* kFaultsParam = "delegation_faults";
constexpr const char* kReleaseToAnyone = "release_to_anyone";
constexpr const char* kKeepAfterRelease = "keep_after_release";

}  // namespace

DelegationFaults read_delegation_faults(const nlohmann::json& params) {
  DelegationFaults faults;
  for (const auto& fault : string_list_param(params, kFaultsParam)) {
    if (fault == kReleaseToAnyone) faults.release_to_anyone = true;
    if (fault == kKeepAfterRelease) faults.keep_after_release = true;
  }
  return faults;
}

ParamRule delegation_faults_rule() {
  return {kFaultsParam, ParamType::string_list,
          "fault switches of the HSM path of delegation mode (docs/delegation-mode.md): "
          "release_to_anyone (a designated key goes to any HMEE client that asks), "
          "keep_after_release (the HSM keeps its copy after releasing it)"};
}

void check_delegation_faults(const nlohmann::json& params, std::vector<sim::Diagnostic>& out) {
  if (!params.is_object()) return;
  auto it = params.find(kFaultsParam);
  if (it == params.end() || !it->is_array()) return;
  for (std::size_t i = 0; i < it->size(); ++i) {
    const auto& fault = (*it)[i];
    if (!fault.is_string()) continue;
    const auto& name = fault.get_ref<const std::string&>();
    if (name != kReleaseToAnyone && name != kKeepAfterRelease)
      out.push_back({"", 0, 0, std::string("/") + kFaultsParam + "/" + std::to_string(i),
                     "unknown delegation fault \"" + name +
                         "\" (hsm takes: release_to_anyone, keep_after_release)",
                     false});
  }
}

void HsmDelegatedKeys::describe(const messages::GenerateKeyPairRequest& m,
                                TraceDetail& detail) const {
  detail.add(keys::kVnfci, m.release_to.value_or(""))
      .add(keys::kIdentity, m.identity.value_or(""))
      .add(keys::kCertificateType, values::kTypeVnfci)
      .add(keys::kReleaseTo, m.release_to.value_or(""));
}

void HsmDelegatedKeys::generated(const std::string& handle, const std::string& owner,
                                 const messages::GenerateKeyPairRequest& m,
                                 const pki::PrivateKey& key, const std::string& step) {
  Entry entry{.owner = owner,
              .vnfci = m.release_to.value_or(""),
              .identity = m.identity.value_or(""),
              .key_fp = key_fingerprint(key)};
  inventory_.add(entry.key_fp, {entry.vnfci, entry.identity, values::kTypeVnfci});
  trace_key_custody(tracer_, {.outcome = outcomes::kGenerated,
                              .key_fp = entry.key_fp,
                              .vnfci = entry.vnfci,
                              .identity = entry.identity,
                              .channel = values::kChannelLocal,
                              .step = step,
                              .certificate_type = values::kTypeVnfci});
  entries_[handle] = std::move(entry);
}

std::string HsmDelegatedKeys::release_refusal(const std::string& handle, const std::string& client,
                                              bool hmee_session,
                                              const std::optional<pki::Certificate>& certificate,
                                              bool held) const {
  auto it = entries_.find(handle);
  if (!hmee_session) {
    // Even its owner: the key leaves only to the designated VNFCI's attested HMEE (Q4).
    return "keys are released only to the designated VNFCI's attested HMEE on HMEE-HSM";
  }
  if (!certificate) return "HMEE client not attested (no certificate under a hardware root)";
  if (it == entries_.end()) return held ? "handle not designated for release" : "unknown handle";
  const Entry& entry = it->second;
  // Who may have the key is checked before whether it is still here: a client the handle is not
  // designated for learns nothing of the key's state (and the refusal does not depend on whether
  // the owner's own release came first).
  if (!faults_.release_to_anyone && client != entry.vnfci)
    return "handle designated for another VNFCI";
  if (entry.released || entry.deleted || !held) return "key no longer held";
  if (faults_.release_to_anyone) return "";
  // The HMEE certificate names its VNFCI ("CN=<vnfci> HMEE", made by its attester).
  if (certificate->subject().common_name() != entry.vnfci + " HMEE")
    return "HMEE certificate does not name " + entry.vnfci;
  return "";
}

void HsmDelegatedKeys::trace_release(const std::string& handle, const std::string& client,
                                     const std::string& step, const std::string& reference_point,
                                     const std::string& reason) const {
  TraceDetail detail;
  detail.add(keys::kHandle, handle).add(keys::kClient, client);
  if (auto it = entries_.find(handle); it != entries_.end())
    detail.add(keys::kVnfci, it->second.vnfci)
        .add(keys::kIdentity, it->second.identity)
        .add(keys::kCertificateType, values::kTypeVnfci)
        .add(keys::kReleaseTo, it->second.vnfci);
  if (!reason.empty()) detail.add(keys::kReason, reason);
  if (reason.empty() && faults_.release_to_anyone) detail.add(keys::kFault, kReleaseToAnyone);
  tracer_({.operation = decisions::kReleaseKeyPair,
           .outcome = reason.empty() ? outcomes::kReleased : outcomes::kRefused,
           .peer = client,
           .reference_point = reference_point,
           .step = step,
           .detail = detail});
}

bool HsmDelegatedKeys::released(const std::string& handle, const std::string& client,
                                const std::string& step) {
  Entry& entry = entries_.at(handle);
  entry.released = true;
  trace_key_custody(tracer_, {.outcome = outcomes::kReleased,
                              .key_fp = entry.key_fp,
                              .vnfci = entry.vnfci,
                              .identity = entry.identity,
                              .peer = client,
                              .channel = values::kChannelHmeeHsm,
                              .step = step,
                              .reference_point = reference_points::kHmeeHsm,
                              .certificate_type = values::kTypeVnfci});
  if (faults_.keep_after_release) return false;
  entry.deleted = true;
  inventory_.remove(entry.key_fp);
  trace_key_custody(tracer_, {.outcome = outcomes::kDeleted,
                              .key_fp = entry.key_fp,
                              .vnfci = entry.vnfci,
                              .identity = entry.identity,
                              .reason = "released",
                              .step = step,
                              .certificate_type = values::kTypeVnfci});
  return true;
}

std::string HsmDelegatedKeys::delete_refusal(const std::string& handle,
                                             const std::string& requester) const {
  auto it = entries_.find(handle);
  if (it == entries_.end()) return "unknown handle";
  if (it->second.owner != requester) return "handle of another client";
  return "";
}

bool HsmDelegatedKeys::gone(const std::string& handle) const {
  auto it = entries_.find(handle);
  return it != entries_.end() && it->second.deleted;
}

void HsmDelegatedKeys::deleted(const std::string& handle, const std::string& reason,
                               const std::string& step) {
  Entry& entry = entries_.at(handle);
  if (entry.deleted) return;
  entry.deleted = true;
  inventory_.remove(entry.key_fp);
  trace_key_custody(tracer_, {.outcome = outcomes::kDeleted,
                              .key_fp = entry.key_fp,
                              .vnfci = entry.vnfci,
                              .identity = entry.identity,
                              .peer = entry.owner,
                              .reason = reason,
                              .step = step,
                              .certificate_type = values::kTypeVnfci});
}

}  // namespace ifa026::actors::hsm
