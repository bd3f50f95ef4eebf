// The NFVO's VNF package catalogue (see vnf_package_catalogue.hpp).
#include "actors/nfvo/vnf_package_catalogue.hpp"

#include <exception>
#include <utility>

#include "actors/common/package_vendor.hpp"
#include "actors/common/pki_clock.hpp"
#include "actors/common/trace_detail.hpp"
#include "actors/messages/codec.hpp"
#include "actors/messages/decisions.hpp"
#include "actors/messages/detail_keys.hpp"
#include "actors/messages/lcm_vocabulary.hpp"
#include "actors/vnfm/vnfd.hpp"
#include "pki/cms_signature.hpp"
#include "pki/names.hpp"
#include "sim/param_rules.hpp"

namespace ifa026::actors::nfvo {

namespace {

using nlohmann::json;
namespace dk = detail_keys;

constexpr const char* kPemMarker = "-----BEGIN";

bool is_pem(const std::string& text) {
  return text.find(kPemMarker) != std::string::npos;
}

// The trust anchors `package_trust_anchors` names: vendor fixture names or PEM certificates.
pki::TrustStore read_anchors(const json& params, pki::Instant start) {
  pki::TrustStore store;
  for (const auto& entry : string_list_param(params, "package_trust_anchors")) {
    try {
      if (is_pem(entry)) {
        for (const auto& c : pki::Certificate::all_from_pem(entry)) store.add_anchor(c);
      } else if (valid_package_vendor_name(entry)) {
        store.add_anchor(package_vendor_root(entry, start));
      }
    } catch (const std::exception&) {
      // check_params reported it; the entry is left out.
    }
  }
  return store;
}

// The VNFD checker's diagnostics as one reason, with pointers into the request
// ("/content/vnfd/vnfcs/fw/identities/0/usage: ...").
std::string vnfd_problems(const std::string& vnfd_id, const json& vnfd) {
  std::vector<sim::Diagnostic> out;
  vnfm::check_vnfds(json{{vnfd_id, vnfd}}, out);
  const std::string prefix = "/vnfds/" + sim::escape_pointer_token(vnfd_id);
  const std::string message_prefix = "vnfds: ";
  std::string reason;
  for (const auto& d : out) {
    std::string pointer = d.pointer;
    if (pointer.starts_with(prefix)) pointer = "/content/vnfd" + pointer.substr(prefix.size());
    std::string message = d.message;
    if (message.starts_with(message_prefix)) message = message.substr(message_prefix.size());
    reason += (reason.empty() ? "" : "; ") + pointer + ": " + message;
  }
  return reason;
}

}  // namespace

bool IntegrityFinding::accepted() const {
  return integrity.verdict == lcm::kIntegrityVerified ||
         integrity.verdict == lcm::kIntegrityUnsignedAccepted;
}

IntegrityFinding check_package_integrity(const std::string& package, pki::ByteView content,
                                         const messages::PackageDigest& digest,
                                         const std::optional<pki::Bytes>& signature,
                                         const pki::TrustStore& anchors, pki::Instant at,
                                         bool require_signed) {
  IntegrityFinding finding;
  messages::PackageIntegrity& integrity = finding.integrity;
  integrity.package = package;
  integrity.algorithm = lcm::kDigestSha256;
  integrity.digest = pki::sha256(content);
  integrity.is_signed = signature.has_value();
  if (digest.algorithm != lcm::kDigestSha256) {
    integrity.verdict = lcm::kIntegrityDigestMismatch;
    finding.reason = "digest algorithm \"" + digest.algorithm + "\" is not sha-256";
    return finding;
  }
  if (integrity.digest != digest.value) {
    integrity.verdict = lcm::kIntegrityDigestMismatch;
    finding.reason = "SHA-256 of the content differs from the package digest";
    return finding;
  }
  if (!signature) {
    integrity.verdict =
        require_signed ? lcm::kIntegrityUnsignedRefused : lcm::kIntegrityUnsignedAccepted;
    if (require_signed) finding.reason = "unsigned package, signed packages required";
    return finding;
  }
  const pki::CmsVerification cms = pki::cms_verify_detached(*signature, content, anchors, at);
  integrity.signer = cms.signer;
  finding.signing_time = cms.signing_time;
  if (cms.ok()) {
    integrity.verdict = lcm::kIntegrityVerified;
    return finding;
  }
  integrity.verdict = lcm::kIntegritySignatureInvalid;
  finding.reason = "CMS " + std::string(pki::to_string(cms.verdict)) + ": " + cms.detail;
  return finding;
}

VnfPackageCatalogue::VnfPackageCatalogue(ManoEntityHost& host, const json& params)
    : host_(host),
      anchors_(read_anchors(params, pki_instant(host.actor_context().epoch(), sim::Time::zero()))),
      require_signed_(bool_param(params, "require_signed_packages", false)) {
  host_.day0_request_handlers().on<messages::OnboardVnfPackageRequest>(
      [this](const messages::OnboardVnfPackageRequest& request, const ChannelMessage& m) {
        on_onboard(m, request);
      },
      [this](const ChannelMessage& m, const std::string& reason) { refuse_malformed(m, reason); });
}

std::vector<ParamRule> VnfPackageCatalogue::param_rules() {
  return {
      {"package_trust_anchors", ParamType::string_list,
       "roots a VNF package's signer must chain to: package vendor names (the fixture the OSS "
       "parameter vendor builds from the same name) or PEM certificates"},
      {"require_signed_packages", ParamType::boolean,
       "refuse unsigned VNF packages (unsigned-refused)", false, "false"},
  };
}

std::vector<CommandRule> VnfPackageCatalogue::command_rules() {
  return {{"tamper_stored_package",
           "fault: flip a byte of an onboarded package's stored content (refused when an NS "
           "instantiation re-checks it)",
           {{"package", ParamType::string, "the onboarded package id", true}}},
          {"check_stored_package",
           "check an onboarded package's stored content again now (digest; signature when "
           "signed): PackageIntegrityCheck stage=audit",
           {{"package", ParamType::string, "the onboarded package id", true}}}};
}

void VnfPackageCatalogue::check_params(const json& params, std::vector<sim::Diagnostic>& out) {
  auto it = params.find("package_trust_anchors");
  if (it == params.end() || !it->is_array()) return;
  for (std::size_t i = 0; i < it->size(); ++i) {
    const json& entry = (*it)[i];
    if (!entry.is_string()) continue;  // the rule's type check reports it
    const std::string text = entry.get<std::string>();
    const std::string pointer = "/package_trust_anchors/" + std::to_string(i);
    if (is_pem(text)) {
      try {
        if (pki::Certificate::all_from_pem(text).empty())
          out.push_back({"", 0, 0, pointer, "package_trust_anchors: no certificate in the PEM"});
      } catch (const std::exception& e) {
        out.push_back({"", 0, 0, pointer,
                       std::string("package_trust_anchors: bad PEM certificate: ") + e.what()});
      }
    } else if (!valid_package_vendor_name(text)) {
      out.push_back({"", 0, 0, pointer,
                     "package_trust_anchors: \"" + text +
                         "\" is neither a vendor name (a-z, 0-9, '-') nor a PEM certificate"});
    }
  }
}

bool VnfPackageCatalogue::on_command(const sim::Command& command) {
  const std::string package = string_param(command.args, "package");
  if (command.name == "check_stored_package") {
    if (const OnboardedPackage* p = find(package)) {
      recheck(*p, "", detail_values::kStageAudit);
    } else {
      host_.tracer()({.operation = decisions::kPackageIntegrityCheck,
                      .outcome = outcomes::kRejected,
                      .detail = TraceDetail()
                                    .add(dk::kPackage, package)
                                    .add(dk::kStage, detail_values::kStageAudit)
                                    .add(dk::kReason, "unknown package " + package),
                      .kind = sim::RecordKind::crypto});
    }
    return true;
  }
  if (command.name != "tamper_stored_package") return false;
  const bool done = tamper(package);
  TraceDetail detail;
  detail.add(dk::kPackage, package);
  if (!done) detail.add(dk::kReason, "unknown package " + package);
  host_.tracer()({.operation = decisions::kPackageTampered,
                  .outcome = done ? outcomes::kTampered : outcomes::kRejected,
                  .detail = detail});
  return true;
}

const OnboardedPackage* VnfPackageCatalogue::find(const std::string& package) const {
  auto it = packages_.find(package);
  return it == packages_.end() ? nullptr : &it->second;
}

const OnboardedPackage* VnfPackageCatalogue::find_vnfd(const std::string& vnfd_id) const {
  const OnboardedPackage* latest = nullptr;
  for (const auto& [id, p] : packages_)
    if (p.vnfd_id == vnfd_id && (latest == nullptr || p.sequence > latest->sequence)) latest = &p;
  return latest;
}

PackageLookup VnfPackageCatalogue::resolve(const std::optional<std::string>& package,
                                           const std::string& vnfd_id) const {
  if (package) {
    const OnboardedPackage* p = find(*package);
    if (p == nullptr) return {nullptr, "unknown package " + *package};
    if (p->vnfd_id != vnfd_id)
      return {nullptr, "package " + *package + " holds VNFD " + p->vnfd_id + ", not " + vnfd_id};
    return {p, ""};
  }
  const OnboardedPackage* p = find_vnfd(vnfd_id);
  if (p == nullptr) return {nullptr, "no onboarded package holds VNFD " + vnfd_id};
  return {p, ""};
}

messages::PackageIntegrity VnfPackageCatalogue::recheck(const OnboardedPackage& package,
                                                        const std::string& corr,
                                                        const std::string& stage) {
  const IntegrityFinding finding =
      check_package_integrity(package.package, package.content, package.digest, package.signature,
                              anchors_, pki_now(host_.actor_context()), require_signed_);
  trace_integrity(finding, stage, corr, "", "");
  return finding.integrity;
}

bool VnfPackageCatalogue::tamper(const std::string& package) {
  auto it = packages_.find(package);
  if (it == packages_.end()) return false;
  pki::Bytes& content = it->second.content;
  if (content.empty())
    content.push_back(0);
  else
    content.back() ^= 0x01;
  return true;
}

void VnfPackageCatalogue::quarantine(const std::string& package, const std::string& vnfd_id,
                                     const std::string& vnf, const std::string& reason) {
  quarantined_packages_[package] = reason;
  if (!vnfd_id.empty()) quarantined_vnfds_[vnfd_id] = package;
  host_.tracer()({.operation = decisions::kPackageQuarantined,
                  .outcome = outcomes::kQuarantined,
                  .detail = TraceDetail()
                                .add(dk::kPackage, package)
                                .add(dk::kVnfd, vnfd_id)
                                .add(dk::kVnf, vnf)
                                .add(dk::kReason, reason)});
}

std::optional<std::string> VnfPackageCatalogue::refuse_if_quarantined(
    const OnboardedPackage& package, const std::string& corr) {
  std::string why;
  if (quarantined_packages_.contains(package.package))
    why = "package " + package.package + " is quarantined (" +
          quarantined_packages_.at(package.package) + ")";
  else if (auto v = quarantined_vnfds_.find(package.vnfd_id); v != quarantined_vnfds_.end())
    why = "VNFD " + package.vnfd_id + " is quarantined with package " + v->second;
  if (why.empty()) return std::nullopt;
  TraceDetail detail;
  detail.add(dk::kPackage, package.package).add(dk::kVnfd, package.vnfd_id);
  if (!corr.empty()) detail.add(dk::kCorr, corr);
  host_.tracer()({.operation = decisions::kPackageQuarantined,
                  .outcome = outcomes::kRefused,
                  .detail = detail.add(dk::kReason, why)});
  return why;
}

void VnfPackageCatalogue::trace_integrity(const IntegrityFinding& finding, const std::string& stage,
                                          const std::string& corr, const std::string& peer,
                                          const std::string& reference_point) {
  const messages::PackageIntegrity& integrity = finding.integrity;
  TraceDetail detail;
  detail.add(dk::kPackage, integrity.package).add(dk::kStage, stage);
  if (!corr.empty()) detail.add(dk::kCorr, corr);
  detail.add(dk::kAlgorithm, integrity.algorithm)
      .add(dk::kDigest, pki::to_hex(integrity.digest))
      .add(dk::kSigned, integrity.is_signed ? detail_values::kTrue : detail_values::kFalse)
      .add(dk::kVerdict, integrity.verdict);
  if (integrity.signer) detail.add(dk::kSigner, *integrity.signer);
  if (finding.signing_time)
    detail.add(dk::kSigningTime, static_cast<long long>(finding.signing_time->seconds()));
  if (!finding.reason.empty()) detail.add(dk::kReason, finding.reason);
  host_.tracer()({.operation = decisions::kPackageIntegrityCheck,
                  .outcome = finding.accepted() ? outcomes::kOk : outcomes::kRejected,
                  .peer = peer,
                  .reference_point = reference_point,
                  .detail = detail,
                  .kind = sim::RecordKind::crypto});
}

void VnfPackageCatalogue::on_onboard(const ChannelMessage& m,
                                     const messages::OnboardVnfPackageRequest& request) {
  if (request.package.empty()) return reject(m, request, "/package: empty package id", {});
  if (packages_.count(request.package))
    return reject(m, request, "package id " + request.package + " already onboarded", {});
  // 1. Integrity: digest, then the signature (or the unsigned policy).
  const IntegrityFinding finding =
      check_package_integrity(request.package, request.content, request.digest, request.signature,
                              anchors_, pki_now(host_.actor_context()), require_signed_);
  trace_integrity(finding, detail_values::kStageOnboarding, request.request_id, m.peer.name,
                  m.reference_point);
  if (!finding.accepted())
    return reject(m, request, "integrity " + finding.integrity.verdict + ": " + finding.reason,
                  finding.integrity);
  // 2. The content: a VnfPackageContent in CBOR, its VNFD as the VNFM's checker wants it.
  json body;
  try {
    body = json::from_cbor(request.content);
  } catch (const std::exception&) {
    return reject(m, request, "/content: not CBOR", finding.integrity);
  }
  auto content = messages::from_body<messages::VnfPackageContent>(body);
  if (!content) {
    const messages::DecodeFailure& f = content.failure();
    return reject(m, request, "/content" + f.pointer + ": " + f.reason, finding.integrity);
  }
  const messages::VnfPackageContent& c = content.value();
  if (c.vnfd_id.empty()) return reject(m, request, "/content/vnfd_id: empty", finding.integrity);
  if (const std::string problems = vnfd_problems(c.vnfd_id, c.vnfd); !problems.empty())
    return reject(m, request, problems, finding.integrity, c.vnfd_id);
  // 3. Stored and answered.
  OnboardedPackage stored{request.package, c.vnfd_id,      c.version,         c.vnfd,
                          request.content, request.digest, request.signature, finding.integrity,
                          next_sequence_++};
  packages_.emplace(request.package, std::move(stored));
  TraceDetail detail;
  detail.add(dk::kPackage, request.package)
      .add(dk::kRequest, request.request_id)
      .add(dk::kVnfd, c.vnfd_id)
      .add(dk::kVersion, c.version)
      .add(dk::kVerdict, finding.integrity.verdict);
  host_.tracer()({.operation = decisions::kPackageOnboarding,
                  .outcome = outcomes::kOnboarded,
                  .peer = m.peer.name,
                  .reference_point = m.reference_point,
                  .detail = detail});
  messages::OnboardVnfPackageResponse answer;
  answer.request_id = request.request_id;
  answer.package = request.package;
  answer.status = lcm::kStatusOnboarded;
  answer.vnfd_id = c.vnfd_id;
  answer.integrity = finding.integrity;
  host_.channels().reply(m, messages::to_envelope(answer));
}

void VnfPackageCatalogue::reject(const ChannelMessage& m,
                                 const messages::OnboardVnfPackageRequest& request,
                                 const std::string& reason,
                                 std::optional<messages::PackageIntegrity> integrity,
                                 const std::string& vnfd_id) {
  TraceDetail detail;
  detail.add(dk::kPackage, request.package).add(dk::kRequest, request.request_id);
  if (!vnfd_id.empty()) detail.add(dk::kVnfd, vnfd_id);
  if (integrity) detail.add(dk::kVerdict, integrity->verdict);
  detail.add(dk::kReason, reason);
  host_.tracer()({.operation = decisions::kPackageOnboarding,
                  .outcome = outcomes::kRejected,
                  .peer = m.peer.name,
                  .reference_point = m.reference_point,
                  .detail = detail});
  messages::OnboardVnfPackageResponse answer;
  answer.request_id = request.request_id;
  answer.package = request.package;
  answer.status = lcm::kStatusRejected;
  answer.reason = reason;
  if (!vnfd_id.empty()) answer.vnfd_id = vnfd_id;
  answer.integrity = std::move(integrity);
  host_.channels().reply(m, messages::to_envelope(answer));
}

void VnfPackageCatalogue::refuse_malformed(const ChannelMessage& m, const std::string& reason) {
  // The MalformedMessage record is the handler guard's; this is the interface's answer.
  messages::OnboardVnfPackageResponse answer;
  answer.status = lcm::kStatusRejected;
  answer.reason = reason;
  host_.channels().reply(m, messages::to_envelope(answer));
}

}  // namespace ifa026::actors::nfvo
