// The OSS's VNF package onboarding (see package_onboarding.hpp).
#include "actors/oss/package_onboarding.hpp"

#include <exception>
#include <utility>

#include "actors/common/mano_entity.hpp"
#include "actors/common/pki_clock.hpp"
#include "actors/common/trace_detail.hpp"
#include "actors/messages/codec.hpp"
#include "actors/messages/decisions.hpp"
#include "actors/messages/detail_keys.hpp"
#include "actors/messages/lcm_vocabulary.hpp"
#include "actors/messages/operations.hpp"
#include "pki/cms_signature.hpp"
#include "pki/key.hpp"

namespace ifa026::actors::oss {

namespace {

using nlohmann::json;
namespace dk = detail_keys;

constexpr const char* kTamperNone = "none";
constexpr const char* kTamperContent = "content";
constexpr const char* kTamperSignature = "signature";

// The vendor parameter: {name, key}.
std::string vendor_name(const json& vendor) {
  return string_param(vendor, "name");
}

std::optional<PackageVendor> read_vendor(const json& params, pki::Instant start) {
  auto it = params.find("vendor");
  if (it == params.end()) return std::nullopt;
  const std::string name = vendor_name(*it);
  if (!valid_package_vendor_name(name)) return std::nullopt;
  std::optional<pki::PrivateKey> key;
  if (const std::string pem = string_param(*it, "key"); !pem.empty())
    key = pki::PrivateKey::from_pem(pem);
  return make_package_vendor(name, start, std::move(key));
}

}  // namespace

PackageOnboarding::PackageOnboarding(ActorToolkit toolkit, sim::ActorContext& context,
                                     SecureChannels& channels, const json& params,
                                     std::string default_nfvo,
                                     std::function<std::string()> next_request_id)
    : ActorPiece(toolkit),
      context_(context),
      channels_(channels),
      default_nfvo_(std::move(default_nfvo)),
      next_request_id_(std::move(next_request_id)),
      vnfds_(params.value("vnfds", json::object())),
      vendor_(read_vendor(params, pki_instant(context.epoch(), sim::Time::zero()))),
      answers_(toolkit.guard) {
  answers_.on<messages::OnboardVnfPackageResponse>(
      [this](const messages::OnboardVnfPackageResponse& answer, const ChannelMessage& m) {
        on_answer(m, answer);
      });
}

std::vector<ParamRule> PackageOnboarding::param_rules() {
  return {
      {"vendor", ParamType::object,
       "VNF package vendor fixture {name: a-z, 0-9, '-'; key: PKCS#8 PEM of the code-signing key, "
       "seeded from the name when absent}: root and code-signing certificate built from the name "
       "(the NFVO trusts it by the same name in package_trust_anchors; docs/lifecycle.md)"},
      {"vnfds", ParamType::object, "VNFDs by id that onboard_package packages when it gives none"},
  };
}

std::vector<CommandRule> PackageOnboarding::command_rules() {
  return {{"onboard_package",
           "build a VNF package (VNFD, digest, vendor CMS signature) and onboard it at the NFVO "
           "(OnboardVnfPackageRequest on Os-Ma-Nfvo)",
           {{"package", ParamType::string, "package id (unique at the NFVO)", true},
            {"vnfd_id", ParamType::string, "the VNFD's id", true},
            {"version", ParamType::string, "the package version", false, "1.0"},
            {"vnfd", ParamType::object, "the VNFD", false, "vnfds/{vnfd_id}"},
            {"signed", ParamType::boolean, "sign with the vendor's key", false, "true"},
            {"tamper", ParamType::string,
             "negative scenarios: flip a byte after signing, of the content or the signature "
             "(none, content, signature)",
             false, "none"},
            {"nfvo", ParamType::string, "the NFVO", false, "the first nfvo of entities"}}}};
}

void PackageOnboarding::check_params(const json& params, std::vector<sim::Diagnostic>& out) {
  auto it = params.find("vendor");
  if (it == params.end() || !it->is_object()) return;  // the rule's type check reports it
  if (!valid_package_vendor_name(vendor_name(*it)))
    out.push_back(
        {"", 0, 0, "/vendor/name", "vendor: needs a name of 1 to 63 of a-z, 0-9 and '-'"});
  for (const auto& [key, value] : it->items()) {
    (void)value;
    if (key != "name" && key != "key")
      out.push_back(
          {"", 0, 0, "/vendor/" + key, "vendor: unknown member \"" + key + "\" (name, key)", true});
  }
  if (auto key = it->find("key"); key != it->end()) {
    try {
      if (!key->is_string()) throw std::runtime_error("expected a PEM string");
      (void)pki::PrivateKey::from_pem(key->get<std::string>());
    } catch (const std::exception& e) {
      out.push_back({"", 0, 0, "/vendor/key",
                     std::string("vendor: key is not an unencrypted PKCS#8 PEM key: ") + e.what()});
    }
  }
}

bool PackageOnboarding::on_command(const sim::Command& command) {
  if (command.name != "onboard_package") return false;
  onboard(command.args);
  return true;
}

bool PackageOnboarding::on_message(const ChannelMessage& m) {
  return answers_.dispatch(m.envelope, m,
                           {.operation = m.envelope.operation,
                            .peer = m.peer.name,
                            .reference_point = m.reference_point,
                            .step = m.envelope.step});
}

bool PackageOnboarding::on_dropped(const std::string& peer, const Envelope& envelope,
                                   const std::string& failure) {
  if (envelope.operation != operations::kOnboardVnfPackageRequest) return false;
  auto request = messages::from_envelope<messages::OnboardVnfPackageRequest>(envelope);
  TraceDetail detail;
  if (request) {
    detail.add(dk::kPackage, request->package).add(dk::kRequest, request->request_id);
    pending_.erase(request->request_id);
  }
  detail.add(dk::kReason, "channel failed: " + failure);
  trace({.operation = decisions::kOnboardPackage,
         .outcome = outcomes::kFailed,
         .peer = peer,
         .reference_point = kOssReferencePoint,
         .detail = detail});
  return true;
}

void PackageOnboarding::refuse_command(const std::string& package, const std::string& reason) {
  trace({.operation = decisions::kOnboardPackage,
         .outcome = outcomes::kRejected,
         .detail = TraceDetail().add(dk::kPackage, package).add(dk::kReason, reason)});
}

void PackageOnboarding::onboard(const json& args) {
  const std::string package = string_param(args, "package");
  const std::string vnfd_id = string_param(args, "vnfd_id");
  const std::string tamper = string_param(args, "tamper", kTamperNone);
  const bool is_signed = bool_param(args, "signed", true);
  const std::string nfvo = string_param(args, "nfvo", default_nfvo_);
  if (tamper != kTamperNone && tamper != kTamperContent && tamper != kTamperSignature)
    return refuse_command(package, "tamper must be none, content or signature");
  if (tamper == kTamperSignature && !is_signed)
    return refuse_command(package, "tamper signature needs a signed package");
  if (is_signed && !vendor_)
    return refuse_command(package, "no vendor to sign with (parameter vendor)");
  if (nfvo.empty()) return refuse_command(package, "no NFVO (argument nfvo, or an nfvo entity)");
  json vnfd;
  if (auto it = args.find("vnfd"); it != args.end()) {
    vnfd = *it;
  } else if (auto known = vnfds_.find(vnfd_id); known != vnfds_.end()) {
    vnfd = *known;
  } else {
    return refuse_command(package, "no VNFD " + vnfd_id + " (argument vnfd or parameter vnfds)");
  }

  messages::VnfPackageContent content;
  content.vnfd_id = vnfd_id;
  content.version = string_param(args, "version", "1.0");
  content.vnfd = std::move(vnfd);
  messages::OnboardVnfPackageRequest request;
  request.request_id = next_request_id_();
  request.package = package;
  const std::vector<std::uint8_t> cbor = json::to_cbor(messages::to_body(content));
  request.content = pki::Bytes(cbor.begin(), cbor.end());
  request.digest = {lcm::kDigestSha256, pki::sha256(request.content)};
  if (is_signed)
    request.signature = pki::cms_sign_detached(
        request.content, {vendor_->signing_key, vendor_->signing_certificate, {}},
        pki_now(context_));
  // Faults after signing: the digest and the signature are over the original bytes.
  if (tamper == kTamperContent) request.content.back() ^= 0x01;
  if (tamper == kTamperSignature) request.signature->back() ^= 0x01;

  TraceDetail detail;
  detail.add(dk::kPackage, package)
      .add(dk::kRequest, request.request_id)
      .add(dk::kVnfd, vnfd_id)
      .add(dk::kVersion, content.version)
      .add(dk::kSigned, is_signed ? detail_values::kTrue : detail_values::kFalse);
  if (is_signed) detail.add(dk::kSigner, vendor_->signing_certificate.subject().to_string());
  if (tamper != kTamperNone) detail.add(dk::kTamper, tamper);
  trace({.operation = decisions::kOnboardPackage,
         .outcome = outcomes::kRequested,
         .peer = nfvo,
         .reference_point = kOssReferencePoint,
         .detail = detail});
  pending_[request.request_id] = package;
  channels_.send(nfvo, ChannelKind::day0, kOssReferencePoint, messages::to_envelope(request));
}

void PackageOnboarding::on_answer(const ChannelMessage& m,
                                  const messages::OnboardVnfPackageResponse& answer) {
  TraceDetail detail;
  detail.add(dk::kPackage, answer.package).add(dk::kRequest, answer.request_id);
  const bool expected = pending_.erase(answer.request_id) > 0;
  if (answer.vnfd_id) detail.add(dk::kVnfd, *answer.vnfd_id);
  if (answer.integrity) {
    detail.add(dk::kVerdict, answer.integrity->verdict);
    if (answer.integrity->signer) detail.add(dk::kSigner, *answer.integrity->signer);
  }
  if (answer.reason) detail.add(dk::kReason, *answer.reason);
  std::string outcome = answer.status.empty() ? std::string(outcomes::kUnknown) : answer.status;
  if (!expected) {
    outcome = outcomes::kRejected;
    detail.add(dk::kNote, "answer to no pending request");
  }
  trace({.operation = decisions::kOnboardPackage,
         .outcome = outcome,
         .peer = m.peer.name,
         .reference_point = m.reference_point,
         .detail = detail});
}

}  // namespace ifa026::actors::oss
