// The VIM's and the CISM's credential injection (see credential_injection.hpp).
//
// Modelling decisions (docs/delegation-mode.md):
// - One InjectCredentialsRequest per certificate type of a request (OAM credentials cite C.3.2.3,
//   VNFCI credentials C.2.2.3, a container configuration C.2.2.4.6), each with request id
//   "<producer>-inject-N"; the attempt ends when every report arrived or `injection_timeout`
//   passed (then the identities without a report failed, reason "no report from the VNFCI").
// - The producer's KeyCustody records (received, sent, deleted) cite the step of the injection
//   (#1 of C.2.2.3 / C.3.2.3, #0 of C.2.2.4.6): the tables list the VIM's and the CISM's ledger
//   records there.
// - A report is taken only from the VNFCI the request went to; another sender's report is traced
//   rejected and changes nothing.
#include "actors/vim/credential_injection.hpp"

#include <algorithm>
#include <utility>

#include "actors/common/trace_detail.hpp"
#include "actors/messages/decisions.hpp"
#include "actors/messages/delegation_vocabulary.hpp"
#include "actors/messages/detail_keys.hpp"
#include "actors/messages/flow_steps.hpp"
#include "actors/messages/monitoring_vocabulary.hpp"
#include "actors/messages/reference_points.hpp"
#include "pki/certificate.hpp"

namespace ifa026::actors::vim {

namespace dk = detail_keys;
namespace dv = detail_values;
namespace m = messages;

namespace {

constexpr const char* kFaultsParam = "delegation_faults";
constexpr const char* kRetainKeys = "retain_keys";
constexpr const char* kDropResourceCredentials = "drop_resource_credentials";
constexpr const char* kNoReport = "no report from the VNFCI";

bool is_oam(const m::DelegatedCredential& c) {
  return c.certification_type == dv::kTypeOam;
}

// The step of the injection of credentials of this type.
std::string injection_step(bool configuration, bool oam) {
  if (configuration) return flows::step(flows::kDelegatedConfiguration, 0);
  return oam ? flows::step(flows::kOamInstall, 1) : flows::step(flows::kDelegatedInstall, 1);
}

// The step of the producer's answer about credentials of this type.
std::string answer_step(bool configuration, bool oam) {
  if (configuration) return flows::step(flows::kDelegatedConfiguration, 2);
  return oam ? flows::step(flows::kOamInstall, 3) : flows::step(flows::kDelegatedInstall, 3);
}

bool has_fault(const sim::ActorSpec& spec, const char* fault) {
  const auto faults = string_list_param(spec.params, kFaultsParam);
  return std::find(faults.begin(), faults.end(), fault) != faults.end();
}

}  // namespace

std::string install_answer_step(const std::vector<m::DelegatedCredential>& credentials) {
  const bool any_vnfci =
      std::any_of(credentials.begin(), credentials.end(), [](const auto& c) { return !is_oam(c); });
  return any_vnfci ? flows::step(flows::kDelegatedInstall, 3) : flows::step(flows::kOamInstall, 3);
}

CredentialInjection::CredentialInjection(ManoEntityHost& host, const sim::ActorSpec& spec)
    : host_(host),
      timeout_(duration_param(spec.params, "injection_timeout", sim::Duration::seconds(5))),
      retain_keys_(has_fault(spec, kRetainKeys)),
      drop_resource_credentials_(has_fault(spec, kDropResourceCredentials)) {
  host_.extension_plain_handlers().on<m::InjectCredentialsReport>(
      [this](const m::InjectCredentialsReport& report, const sim::Message& from) {
        on_report(report, from);
      });
}

std::vector<ParamRule> CredentialInjection::param_rules() {
  return {
      {kFaultsParam, ParamType::string_list,
       "delegation mode fault switches: retain_keys (the credentials of an allocation or "
       "container configuration are kept after the installation attempt: no KeyCustody deleted, "
       "the keys stay in the final KeyInventory; fails Vim.Sc.008 / K6), "
       "drop_resource_credentials (the certificates the VNFCI reports holding are not gathered "
       "nor forwarded in the answer to the VNFM; fails Vim.Vrm.010)"},
      {"injection_timeout", ParamType::duration,
       "wait for the VNFCI's InjectCredentialsReport before the installation attempt counts as "
       "failed",
       false, "5s"},
  };
}

void CredentialInjection::check_params(const nlohmann::json& params,
                                       std::vector<sim::Diagnostic>& out) {
  if (!params.is_object()) return;
  auto it = params.find(kFaultsParam);
  if (it == params.end() || !it->is_array()) return;
  for (std::size_t i = 0; i < it->size(); ++i) {
    const auto& v = (*it)[i];
    if (v.is_string() && v.get<std::string>() != kRetainKeys &&
        v.get<std::string>() != kDropResourceCredentials)
      out.push_back({"", 0, 0, std::string("/") + kFaultsParam + "/" + std::to_string(i),
                     std::string(kFaultsParam) + ": unknown fault \"" + v.get<std::string>() +
                         "\" (known: retain_keys, drop_resource_credentials)",
                     false});
  }
  if (params.contains("injection_timeout") &&
      duration_param(params, "injection_timeout", sim::Duration::seconds(1)) <= sim::Duration())
    out.push_back(
        {"", 0, 0, "/injection_timeout", "injection_timeout: must be longer than 0", false});
}

void CredentialInjection::inject(const std::string& request_id, const std::string& consumer,
                                 const std::string& reference_point, const std::string& vnfci,
                                 const std::string& resource,
                                 const std::vector<m::DelegatedCredential>& credentials,
                                 bool configuration, Done done) {
  const std::string self = host_.actor_context().name();
  const std::string id = self + "-inject-" + std::to_string(next_++);
  Pending p;
  p.request_id = request_id;
  p.consumer = consumer;
  p.vnfci = vnfci;
  p.configuration = configuration;
  p.done = std::move(done);
  // Received from the VNFM (Vi-Vnfm / CISM-SI, mutual TLS).
  for (const auto& c : credentials) {
    const std::string step = injection_step(configuration, is_oam(c));
    Key key{key_fingerprint_of_pkcs8(c.private_key), c.identity, c.certification_type, step};
    p.identities.push_back(c.identity);
    p.types[c.identity] = c.certification_type;
    p.install[c.identity] = m::CredentialInstallStatus{c.identity, outcomes::kFailed, std::nullopt,
                                                       std::string(kNoReport)};
    if (c.private_key.empty()) continue;
    trace_received(c, key.fp, vnfci, consumer, reference_point, step);
    inventory_.add(key.fp, {vnfci, c.identity, c.certification_type});
    p.keys.push_back(std::move(key));
  }
  // One injection per certificate type (each its own flow's step), OAM first.
  for (const bool oam : {true, false}) {
    m::InjectCredentialsRequest r;
    r.request_id = id;
    r.vnfci = vnfci;
    r.resource = resource;
    for (const auto& c : credentials)
      if (is_oam(c) == oam) r.credentials.push_back(c);
    if (r.credentials.empty()) continue;
    const std::string step = injection_step(configuration, oam);
    std::vector<std::string> names;
    for (const auto& c : r.credentials) names.push_back(c.identity);
    TraceDetail detail;
    detail.add(dk::kVnfci, vnfci)
        .add(dk::kIdentity, comma_list(names))
        .add(dk::kCertificateType, oam ? dv::kTypeOam : dv::kTypeVnfci)
        .add(dk::kResource, resource)
        .add(dk::kConsumer, consumer)
        .add(dk::kRequest, request_id)
        .add(dk::kCorr, id);
    if (!configuration)
      host_.tracer()({.operation = decisions::kCredentialInjection,
                      .outcome = outcomes::kInjected,
                      .peer = vnfci,
                      .reference_point = reference_points::kNfviInject,
                      .step = step,
                      .detail = detail});
    host_.send_envelope(vnfci, reference_points::kNfviInject, m::to_envelope(r, step));
    for (const auto& c : r.credentials) {
      if (c.private_key.empty()) continue;
      trace_key_custody(host_.tracer(), {.outcome = outcomes::kSent,
                                         .key_fp = key_fingerprint_of_pkcs8(c.private_key),
                                         .vnfci = vnfci,
                                         .identity = c.identity,
                                         .peer = vnfci,
                                         .channel = dv::kChannelNfviLocal,
                                         .step = step,
                                         .reference_point = reference_points::kNfviInject,
                                         .certificate_type = c.certification_type});
    }
    ++p.outstanding;
  }
  p.timer = host_.schedule(timeout_, "credential-injection-timeout",
                           [this, id] { finish(id, kNoReport); });
  pending_[id] = std::move(p);
}

void CredentialInjection::trace_received(const m::DelegatedCredential& c, const std::string& fp,
                                         const std::string& vnfci, const std::string& consumer,
                                         const std::string& reference_point,
                                         const std::string& step) {
  trace_key_custody(host_.tracer(), {.outcome = outcomes::kReceived,
                                     .key_fp = fp,
                                     .vnfci = vnfci,
                                     .identity = c.identity,
                                     .peer = consumer,
                                     .channel = dv::kChannelMutual,
                                     .step = step,
                                     .reference_point = reference_point,
                                     .certificate_type = c.certification_type});
}

void CredentialInjection::discard(const std::string& consumer, const std::string& reference_point,
                                  const std::string& vnfci,
                                  const std::vector<m::DelegatedCredential>& credentials,
                                  const std::string& reason) {
  for (const auto& c : credentials) {
    if (c.private_key.empty()) continue;
    const std::string fp = key_fingerprint_of_pkcs8(c.private_key);
    const std::string step = injection_step(false, is_oam(c));
    trace_received(c, fp, vnfci, consumer, reference_point, step);
    if (retain_keys_) {
      inventory_.add(fp, {vnfci, c.identity, c.certification_type});
      continue;
    }
    trace_key_custody(host_.tracer(), {.outcome = outcomes::kDeleted,
                                       .key_fp = fp,
                                       .vnfci = vnfci,
                                       .identity = c.identity,
                                       .reason = reason,
                                       .step = step,
                                       .certificate_type = c.certification_type});
  }
}

void CredentialInjection::on_report(const m::InjectCredentialsReport& report,
                                    const sim::Message& from) {
  auto it = pending_.find(report.request_id);
  if (it == pending_.end() || from.from != it->second.vnfci) {
    host_.tracer()(
        {.operation = operations::kInjectCredentialsReport,
         .outcome = outcomes::kRejected,
         .peer = from.from,
         .reference_point = reference_points::kNfviInject,
         .detail = TraceDetail()
                       .add(dk::kVnfci, report.vnfci)
                       .add(dk::kCorr, report.request_id)
                       .add(dk::kReason, it == pending_.end()
                                             ? "no injection in progress with this request id"
                                             : "not from the VNFCI the credentials went to")});
    return;
  }
  Pending& p = it->second;
  for (const auto& s : report.install)
    if (auto known = p.install.find(s.identity); known != p.install.end()) known->second = s;
  if (report.reason) p.reasons.push_back(*report.reason);
  if (--p.outstanding <= 0) finish(report.request_id, "");
}

void CredentialInjection::finish(const std::string& id, const std::string& why) {
  auto it = pending_.find(id);
  if (it == pending_.end()) return;
  Pending p = std::move(it->second);
  pending_.erase(it);
  host_.actor_context().withdraw(p.timer);
  // The single installation attempt is over: the producer's copy goes (Vim.Sc.008, Q11).
  for (const auto& key : p.keys) {
    if (retain_keys_) continue;
    inventory_.remove(key.fp);
    trace_key_custody(host_.tracer(), {.outcome = outcomes::kDeleted,
                                       .key_fp = key.fp,
                                       .vnfci = p.vnfci,
                                       .identity = key.identity,
                                       .reason = "install attempted",
                                       .step = key.step,
                                       .certificate_type = key.type});
  }
  std::vector<m::CredentialInstallStatus> install;
  bool all = true;
  for (const auto& name : p.identities) {
    install.push_back(p.install.at(name));
    all = all && install.back().status == outcomes::kInstalled;
    forward_resource_credentials(p, install.back());
  }
  std::string reason = why;
  for (const auto& r : p.reasons) reason += (reason.empty() ? "" : "; ") + r;
  if (!all && !p.configuration)
    host_.tracer()({.operation = decisions::kCredentialInjection,
                    .outcome = outcomes::kFailed,
                    .peer = p.vnfci,
                    .reference_point = reference_points::kNfviInject,
                    .detail = TraceDetail()
                                  .add(dk::kVnfci, p.vnfci)
                                  .add(dk::kRequest, p.request_id)
                                  .add(dk::kCorr, id)
                                  .add(dk::kReason, reason.empty() ? "not installed" : reason)});
  if (p.done) p.done(std::move(install), all ? outcomes::kInstalled : outcomes::kFailed, reason);
}

void CredentialInjection::forward_resource_credentials(const Pending& p,
                                                       m::CredentialInstallStatus& status) {
  if (!status.certificate) return;
  if (drop_resource_credentials_) {
    status.certificate.reset();
    return;
  }
  const auto type = p.types.count(status.identity) ? p.types.at(status.identity) : "";
  TraceDetail detail;
  detail.add(dk::kVnfci, p.vnfci)
      .add(dk::kIdentity, status.identity)
      .add(dk::kCertificateType, type)
      .add(dk::kRequest, p.request_id);
  try {
    detail.add(dk::kSerial, pki::Certificate::from_der(*status.certificate).serial_hex());
  } catch (const std::exception& e) {
    // Forwarded as the resource reported it; the VNFM judges what it is.
    detail.add(dk::kReason, std::string("unreadable certificate: ") + e.what());
  }
  host_.tracer()({.operation = decisions::kResourceCredentials,
                  .outcome = outcomes::kForwarded,
                  .peer = p.consumer,
                  .step = answer_step(p.configuration, type == dv::kTypeOam),
                  .detail = detail});
}

void serve_container_configuration(ManoEntityHost& host, ResourceProducer& producer,
                                   CredentialInjection& injection) {
  host.request_handlers().on<m::OsContainerConfigurationRequest>(
      [&host, &producer, &injection](const m::OsContainerConfigurationRequest& request,
                                     const ChannelMessage& msg) {
        const std::string answer_step = flows::step(flows::kDelegatedConfiguration, 2);
        m::OsContainerConfigurationResponse answer;
        answer.request_id = request.request_id;
        answer.vnfci = request.vnfci;
        const VirtualResource* resource = producer.find_vnfci(request.vnfci);
        std::string refusal;
        if (resource == nullptr || !resource->running)
          refusal = "no running workload of VNFCI " + request.vnfci;
        else if (resource->consumer != msg.peer.name)
          refusal = "the workload of " + request.vnfci + " is not " + msg.peer.name + "'s";
        else if (request.credentials.empty())
          refusal = "no credentials";
        if (!refusal.empty()) {
          host.tracer()({.operation = operations::kOsContainerConfigurationRequest,
                         .outcome = outcomes::kRejected,
                         .peer = msg.peer.name,
                         .reference_point = reference_points::kCismSi,
                         .step = flows::step(flows::kDelegatedConfiguration, 0),
                         .detail = TraceDetail()
                                       .add(dk::kVnfci, request.vnfci)
                                       .add(dk::kRequest, request.request_id)
                                       .add(dk::kReason, refusal)});
          answer.status = outcomes::kRejected;
          answer.reason = refusal;
          host.channels().reply(msg, m::to_envelope(answer, answer_step));
          return;
        }
        injection.inject(request.request_id, msg.peer.name, reference_points::kCismSi,
                         request.vnfci, resource->id, request.credentials, true,
                         [&host, msg, answer, answer_step](
                             std::vector<m::CredentialInstallStatus> install,
                             const std::string& status, const std::string& reason) mutable {
                           answer.install = std::move(install);
                           answer.status = status;
                           if (!reason.empty()) answer.reason = reason;
                           host.channels().reply(msg, m::to_envelope(answer, answer_step));
                         });
      },
      [&host](const ChannelMessage& msg, const std::string& reason) {
        m::OsContainerConfigurationResponse answer;
        answer.status = outcomes::kRejected;
        answer.reason = reason;
        host.channels().reply(msg, m::to_envelope(answer));
      });
}

}  // namespace ifa026::actors::vim
