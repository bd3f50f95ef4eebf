// The OSS's VNF package onboarding (docs/lifecycle.md "Package onboarding"): the workload command
// `onboard_package` builds a package — content = CBOR of VnfPackageContent {vnfd_id, version,
// vnfd}, its SHA-256 digest and, when signed, a detached CMS signature by the vendor fixture
// (parameter `vendor`, actors/common/package_vendor.hpp) at simulated time — optionally tampers
// it after signing (a byte of the content or of the signature), sends OnboardVnfPackageRequest to
// the NFVO on the OSS's day-0 channel (Os-Ma-Nfvo, D2) and traces the answer (OnboardPackage).
#pragma once

#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "actors/common/actor_params.hpp"
#include "actors/common/envelope.hpp"
#include "actors/common/package_vendor.hpp"
#include "actors/common/secure_channels.hpp"
#include "actors/messages/os_ma_nfvo.hpp"
#include "actors/toolkit/actor_piece.hpp"
#include "actors/toolkit/message_handlers.hpp"
#include "sim/actor.hpp"
#include "sim/diagnostic.hpp"

namespace ifa026::actors::oss {

class PackageOnboarding final : public ActorPiece {
 public:
  // `default_nfvo`: where packages go when the command names no `nfvo` ("" when the OSS knows
  // none); `next_request_id`: the OSS's request ids (<oss>-req-N, D3).
  PackageOnboarding(ActorToolkit toolkit, sim::ActorContext& context, SecureChannels& channels,
                    const nlohmann::json& params, std::string default_nfvo,
                    std::function<std::string()> next_request_id);

  // The OSS parameters and workload commands this adds.
  static std::vector<ParamRule> param_rules();
  static std::vector<CommandRule> command_rules();
  static void check_params(const nlohmann::json& params, std::vector<sim::Diagnostic>& out);

  // onboard_package; false for other commands.
  bool on_command(const sim::Command& command);
  // An answer over a secure channel: true when it is this piece's (then handled).
  bool on_message(const ChannelMessage& m);
  // A request of this piece dropped with its channel: true when it was one (then traced).
  bool on_dropped(const std::string& peer, const Envelope& envelope, const std::string& failure);

 private:
  void onboard(const nlohmann::json& args);
  void on_answer(const ChannelMessage& m, const messages::OnboardVnfPackageResponse& answer);
  void refuse_command(const std::string& package, const std::string& reason);

  sim::ActorContext& context_;
  SecureChannels& channels_;
  const std::string default_nfvo_;
  const std::function<std::string()> next_request_id_;
  const nlohmann::json vnfds_;
  std::optional<PackageVendor> vendor_;
  MessageHandlers<ChannelMessage> answers_;
  std::map<std::string, std::string> pending_;  // request id -> package
};

}  // namespace ifa026::actors::oss
