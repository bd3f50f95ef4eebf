// The `cmf` actor's disk (see cmf_disk.hpp): one entry "state", a JSON text (DER and secrets in
// base64).
#include "actors/cmf/cmf_disk.hpp"

#include <nlohmann/json.hpp>

#include "actors/cmf/direct_mode.hpp"
#include "actors/common/trace_detail.hpp"
#include "actors/messages/decisions.hpp"
#include "actors/messages/detail_keys.hpp"
#include "pki/base64.hpp"

namespace ifa026::actors::cmf {

namespace {
constexpr const char* kState = "state";
}  // namespace

void CmfDisk::commit() {
  sim::DurableStore* disk = context().durable();
  if (disk == nullptr) return;
  nlohmann::json state = {{"registry", registry_.to_json()}};
  nlohmann::json channels = nlohmann::json::object();
  for (const auto& [entity, kind] : last_channel_) channels[entity] = static_cast<int>(kind);
  state["last_channel"] = std::move(channels);
  nlohmann::json csrs = nlohmann::json::array();
  for (const auto& artifact : state_.csrs)
    csrs.push_back({{"key", artifact.serial}, {"der", pki::to_base64(artifact.der)}});
  state["csrs"] = std::move(csrs);
  // The day-0 secrets it took on at run time (a VNFCI's, from the configuration or from its
  // attestation): the sessions with those VNFCIs need them again.
  nlohmann::json secrets = nlohmann::json::object();
  for (const auto& [peer, secret] : channels_.credentials().day0_secrets)
    if (config_.day0.count(peer) == 0) secrets[peer] = secret;
  state["day0"] = std::move(secrets);
  if (direct_) state["inventory"] = direct_->save_inventory();
  std::string text = state.dump();
  if (text == last_written_) return;
  disk->put(kState, text);
  last_written_ = std::move(text);
}

bool CmfDisk::restore() {
  sim::DurableStore* disk = context().durable();
  const std::string* text = disk != nullptr ? disk->get(kState) : nullptr;
  if (text == nullptr) return false;
  last_written_ = *text;
  const nlohmann::json state = nlohmann::json::parse(*text);
  registry_.restore(state.at("registry"));
  for (const auto& [entity, kind] : state.at("last_channel").items())
    last_channel_[entity] = static_cast<ChannelKind>(kind.get<int>());
  for (const auto& [peer, secret] : state.at("day0").items())
    channels_.credentials().day0_secrets[peer] = secret.get<std::string>();
  for (const auto& csr : state.at("csrs")) {
    const std::string key = csr.at("key").get<std::string>();
    if (state_.csr_keys.insert(key).second)
      state_.csrs.push_back({"csr", key, *pki::from_base64(csr.at("der").get<std::string>())});
  }
  std::size_t certificates = 0;
  for (const auto& [entity, r] : registry_.all()) certificates += r.certificates.size();
  std::size_t vnfcis = 0;
  if (direct_ && state.contains("inventory"))
    vnfcis = direct_->restore_inventory(state["inventory"]);
  trace({.operation = decisions::kStateRestored,
         .outcome = outcomes::kOk,
         .detail =
             TraceDetail()
                 .add(detail_keys::kRegistrations, static_cast<long long>(registry_.all().size()))
                 .add(detail_keys::kIssued, static_cast<long long>(certificates))
                 .add(detail_keys::kVnfcis, static_cast<long long>(vnfcis))});
  return true;
}

}  // namespace ifa026::actors::cmf
