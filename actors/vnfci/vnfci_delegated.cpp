// The VNFCI in delegation mode (see vnfci_delegated.hpp).
//
// Modelling decisions (docs/delegation-mode.md):
// - The flow a credential belongs to: a container configuration (the injection cites C.2.2.4.6)
//   and a SetConfigurationRequest are C.2.2.4.6; otherwise an OAM credential is C.3.2.3 and a
//   VNFCI credential C.2.2.3. Checks and installation cite #2 of C.2.2.3 / C.3.2.3 and #1 of
//   C.2.2.4.6; the report #2 of the flow.
// - An injection from anyone but the producer that created this VNFCI (`producer`) is refused per
//   credential and not answered; a configuration from an authenticated VNFM other than `vnfm` is
//   answered rejected (AccessDenied), nothing installed.
// - A credential replaces an installed one of the same identity only when it is not older
//   (not_before); the replaced key is deleted (KeyCustody deleted, reason replaced).
// - SetConfigurationRequest naming an HSM (C.2.2.4.7): the HMEE fetches the keys
//   (vnfci_delegated_hsm.*); certificate checks at #1, installation at #4, the answer at #5.
#include "actors/vnfci/vnfci_delegated.hpp"

#include <algorithm>
#include <exception>
#include <iterator>
#include <utility>

#include "actors/common/actor_params.hpp"
#include "actors/common/envelope.hpp"
#include "actors/common/key_custody.hpp"
#include "actors/common/pki_clock.hpp"
#include "actors/messages/delegation_vocabulary.hpp"
#include "actors/vnfci/vnfci_config.hpp"
#include "pki/chain_verifier.hpp"
#include "sim/time.hpp"

namespace ifa026::actors::vnfci {

namespace dk = detail_keys;
namespace dv = detail_values;
namespace m = messages;
namespace rp = reference_points;
using nlohmann::json;

namespace {

constexpr const char* kFaultsParam = "delegation_faults";
constexpr const char* kAcceptMismatchedKey = "accept_mismatched_key";
constexpr const char* kRefuseInstall = "refuse_install";
constexpr const char* kAcceptAnyVnfm = "accept_any_vnfm";
constexpr const char* kForeignHandle = "foreign_handle";  // hmee: C.2.2.4.7 #3

bool has_fault(const json& params, const char* fault) {
  const auto faults = string_list_param(params, kFaultsParam);
  return std::find(faults.begin(), faults.end(), fault) != faults.end();
}

bool is_oam(const m::DelegatedCredential& c) {
  return c.certification_type == dv::kTypeOam;
}

const char* flow_of(const m::DelegatedCredential& c, bool configuration, bool hsm = false) {
  if (hsm) return flows::kDelegatedHsmInstall;
  if (configuration) return flows::kDelegatedConfiguration;
  return is_oam(c) ? flows::kOamInstall : flows::kDelegatedInstall;
}

// The step of the VNFCI's checks and installation, and of its answer.
std::string install_step(const char* flow) {
  if (std::string_view(flow) == flows::kDelegatedHsmInstall) return flows::step(flow, 4);
  return std::string_view(flow) == flows::kDelegatedConfiguration ? flows::step(flow, 1)
                                                                  : flows::step(flow, 2);
}
std::string answer_step(bool configuration, bool oam_only) {
  if (configuration) return flows::step(flows::kDelegatedConfiguration, 2);
  return oam_only ? flows::step(flows::kOamInstall, 2) : flows::step(flows::kDelegatedInstall, 2);
}

}  // namespace

std::vector<sim::ParamRule> delegated_param_rules() {
  return {
      {"certificate_mode", ParamType::string,
       "direct (enrols itself) or delegation (its VNFM's credentials are installed into it; "
       "issue 17), set by the VNFM",
       false, "direct"},
      {"vnfm", ParamType::string,
       "delegation mode: the VNFM actor whose configurations it takes on Ve-Vnfm-vnf"},
      {"vnfm_trust_anchor", ParamType::string,
       "delegation mode: the root (hex DER) the VNFM's MANO certificate chains to"},
      {"producer", ParamType::string,
       "delegation mode: the VIM or CISM that created it, the only one whose injected credentials "
       "it takes (set by that VIM or CISM)"},
      {kFaultsParam, ParamType::string_list,
       "delegation mode fault switches: accept_mismatched_key (installs without the "
       "KeyPairCheck), refuse_install (refuses every installation), accept_any_vnfm (takes a "
       "configuration from any VNFM with a trusted certificate), foreign_handle (C.2.2.4.7: asks "
       "the "
       "HSM for the neighbouring key's handle instead of its own)"},
  };
}

void check_delegated_params(const json& params, std::vector<sim::Diagnostic>& out) {
  if (!params.is_object()) return;
  if (auto it = params.find("certificate_mode"); it != params.end() && it->is_string()) {
    const std::string mode = it->get<std::string>();
    if (mode != "direct" && mode != "delegation")
      out.push_back({"", 0, 0, "/certificate_mode",
                     "certificate_mode: expected \"direct\" or \"delegation\"", false});
  }
  if (auto it = params.find("vnfm_trust_anchor"); it != params.end()) {
    bool ok = false;
    if (auto bytes = bytes_value(*it)) {
      try {
        (void)pki::Certificate::from_der(*bytes);
        ok = true;
      } catch (const std::exception&) {
      }
    }
    if (!ok)
      out.push_back({"", 0, 0, "/vnfm_trust_anchor",
                     "vnfm_trust_anchor: expected a certificate (DER, as bytes or hex)", false});
  }
  if (auto it = params.find(kFaultsParam); it != params.end() && it->is_array())
    for (std::size_t i = 0; i < it->size(); ++i) {
      const auto& v = (*it)[i];
      if (!v.is_string()) continue;
      const std::string f = v.get<std::string>();
      if (f != kAcceptMismatchedKey && f != kRefuseInstall && f != kAcceptAnyVnfm &&
          f != kForeignHandle)
        out.push_back({"", 0, 0, std::string("/") + kFaultsParam + "/" + std::to_string(i),
                       std::string(kFaultsParam) + ": unknown fault \"" + f +
                           "\" (known: accept_mismatched_key, refuse_install, accept_any_vnfm, "
                           "foreign_handle)",
                       false});
    }
}

VnfciDelegated::VnfciDelegated(VnfciState& state, const sim::ActorSpec& spec)
    : VnfciPart(state),
      enabled_(get_string(spec.params, "certificate_mode") == "delegation"),
      vnfm_(get_string(spec.params, "vnfm")),
      producer_(get_string(spec.params, "producer")),
      accept_mismatched_key_(has_fault(spec.params, kAcceptMismatchedKey)),
      refuse_install_(has_fault(spec.params, kRefuseInstall)),
      accept_any_vnfm_(has_fault(spec.params, kAcceptAnyVnfm)),
      channels_(
          state.context, state.toolkit.guard,
          [this](const ChannelMessage& m) { on_channel_message(m); },
          [](const std::string&, ChannelKind, const std::string&, const std::vector<Envelope>&) {}),
      plain_(state.toolkit.guard),
      channel_handlers_(state.toolkit.guard),
      hsm_path_(
          state,
          VnfciDelegatedHsm::Hooks{
              .verify =
                  [this](const m::DelegatedCredential& c) {
                    std::optional<pki::Certificate> certificate;
                    std::vector<pki::Certificate> chain;
                    std::vector<pki::Certificate> anchors;
                    const Source source{vnfm_, dv::kChannelMutual, rp::kVeVnfmVnf, true, true};
                    if (refuse_install_)
                      return std::optional(refuse(c, source,
                                                  flows::step(flows::kDelegatedHsmInstall, 1),
                                                  "refuse_install fault: installation refused"));
                    return verify(c, source, flows::step(flows::kDelegatedHsmInstall, 1),
                                  certificate, chain, anchors);
                  },
              .install =
                  [this](const m::DelegatedCredential& c, const std::string& hsm) {
                    return install(
                        c, Source{hsm, dv::kChannelHmeeHsm, rp::kHmeeHsm, true, true, true});
                  },
              .refuse =
                  [this](const m::DelegatedCredential& c, const std::string& hsm,
                         const std::string& step, const std::string& reason) {
                    return refuse(c, Source{hsm, dv::kChannelHmeeHsm, rp::kHmeeHsm, true, true},
                                  step, reason);
                  }},
          has_fault(spec.params, kForeignHandle)) {
  if (spec.params.is_object())
    if (auto it = spec.params.find("vnfm_trust_anchor"); it != spec.params.end())
      if (auto bytes = bytes_value(*it)) {
        try {
          vnfm_anchor_ = pki::Certificate::from_der(*bytes);
        } catch (const std::exception&) {
        }
      }
  plain_.on<m::InjectCredentialsRequest>([this](const m::InjectCredentialsRequest& r,
                                                const sim::Message& from) { on_inject(r, from); });
  channel_handlers_.on<m::SetConfigurationRequest>(
      [this](const m::SetConfigurationRequest& r, const ChannelMessage& from) {
        on_set_configuration(r, from);
      });
}

bool VnfciDelegated::handle(const sim::Message& message) {
  if (message.reference_point == rp::kVeVnfmVnf) {
    touch_channels();
    return channels_.handle(message);
  }
  if (message.reference_point != rp::kNfviInject) return false;
  std::string error;
  auto envelope = decode_envelope(message.payload, &error);
  inject_step_ = envelope ? envelope->step : "";
  if (!envelope || !enabled_ ||
      !plain_.dispatch(*envelope, message,
                       {.operation = envelope->operation,
                        .peer = message.from,
                        .reference_point = message.reference_point,
                        .step = envelope->step}))
    trace({.operation = message.operation.empty() ? decisions::kMessage : message.operation,
           .outcome = outcomes::kRejected,
           .peer = message.from,
           .reference_point = message.reference_point,
           .detail =
               TraceDetail().add(dk::kReason, !envelope   ? "undecodable envelope: " + error
                                              : !enabled_ ? std::string("not in delegation mode")
                                                          : std::string("unsupported operation"))});
  return true;
}

// ---- NFVI-Inject (C.2.2.3, C.3.2.3; C.2.2.4.6 through the CISM) ----

void VnfciDelegated::on_inject(const m::InjectCredentialsRequest& request,
                               const sim::Message& from) {
  const bool configuration =
      flows::flow_of_step(inject_step_) == std::string_view(flows::kDelegatedConfiguration);
  const Source source{from.from, dv::kChannelNfviLocal, rp::kNfviInject, configuration};
  if (from.from != producer_ || producer_.empty()) {
    // Not the VIM/CISM that created this VNFCI: nothing installed, nothing answered.
    for (const auto& c : request.credentials)
      refuse(c, source, install_step(flow_of(c, configuration)),
             "injection from " + from.from + ", not from the producer that created this VNFCI" +
                 (producer_.empty() ? "" : " (" + producer_ + ")"));
    return;
  }
  m::InjectCredentialsReport report;
  report.request_id = request.request_id;
  report.vnfci = name();
  bool all = !request.credentials.empty();
  bool oam_only = true;
  for (const auto& c : request.credentials) {
    report.install.push_back(install(c, source));
    all = all && report.install.back().status == outcomes::kInstalled;
    oam_only = oam_only && is_oam(c);
    if (report.install.back().reason && !report.reason)
      report.reason = report.install.back().reason;
  }
  report.status = all ? outcomes::kInstalled : outcomes::kFailed;
  state_.context.post(sim::Message{
      .from = name(),
      .to = from.from,
      .reference_point = rp::kNfviInject,
      .operation = std::string(m::InjectCredentialsReport::kOperation),
      .step = answer_step(configuration, oam_only),
      .payload = encode_envelope(m::to_envelope(report, answer_step(configuration, oam_only)))});
}

// ---- Ve-Vnfm-vnf (C.2.2.4.6) ----

void VnfciDelegated::on_channel_message(const ChannelMessage& msg) {
  if (channel_handlers_.dispatch(msg.envelope, msg,
                                 {.operation = msg.envelope.operation,
                                  .peer = msg.peer.name,
                                  .reference_point = msg.reference_point,
                                  .step = msg.envelope.step}))
    return;
  trace({.operation = msg.envelope.operation,
         .outcome = outcomes::kRejected,
         .peer = msg.peer.name,
         .reference_point = msg.reference_point,
         .detail = TraceDetail().add(dk::kReason, "unsupported operation")});
}

void VnfciDelegated::on_set_configuration(const m::SetConfigurationRequest& request,
                                          const ChannelMessage& msg) {
  const Source source{msg.peer.name, dv::kChannelMutual, rp::kVeVnfmVnf, true};
  m::SetConfigurationResponse answer;
  answer.request_id = request.request_id;
  answer.vnfci = name();
  const char* flow = request.hsm ? flows::kDelegatedHsmInstall : flows::kDelegatedConfiguration;
  const std::string answer_at = flows::step(flow, request.hsm ? 5 : 2);
  std::string refusal;
  if (!enabled_)
    refusal = "not in delegation mode";
  else if (msg.peer.kind != ChannelKind::mutual || !msg.peer.certificate)
    refusal = "not a mutually authenticated session";
  else if (msg.peer.name != vnfm_ && !accept_any_vnfm_)
    refusal = msg.peer.name + " is not this VNFCI's VNFM (" + vnfm_ + ")";
  else if (request.vnfci != name())
    refusal = "the configuration is for " + request.vnfci;
  if (!refusal.empty()) {
    trace({.operation = decisions::kAccessDenied,
           .outcome = outcomes::kRejected,
           .peer = msg.peer.name,
           .reference_point = rp::kVeVnfmVnf,
           .step = flows::step(flow, request.hsm ? 0 : 1),
           .detail = TraceDetail()
                         .add(dk::kOperation, std::string(m::SetConfigurationRequest::kOperation))
                         .add(dk::kReason, refusal)});
    for (const auto& c : request.credentials)
      answer.install.push_back(refuse(c, source, flows::step(flow, 1), refusal));
    answer.status = outcomes::kRejected;
    answer.reason = refusal;
    channels_.reply(msg, m::to_envelope(answer, answer_at));
    return;
  }
  if (request.hsm)  // C.2.2.4.7: the HMEE fetches the keys, the answer when all are settled
    return hsm_path_.configure(request, [this, msg, answer_at](m::SetConfigurationResponse a) {
      channels_.reply(msg, m::to_envelope(a, answer_at));
    });
  bool all = !request.credentials.empty();
  for (const auto& c : request.credentials) {
    answer.install.push_back(install(c, source));
    all = all && answer.install.back().status == outcomes::kInstalled;
    if (answer.install.back().reason && !answer.reason)
      answer.reason = answer.install.back().reason;
  }
  answer.status = all ? outcomes::kInstalled : outcomes::kFailed;
  channels_.reply(msg, m::to_envelope(answer, answer_at));
}

// ---- checks and installation ----

m::CredentialInstallStatus VnfciDelegated::refuse(const m::DelegatedCredential& c,
                                                  const Source& source, const std::string& step,
                                                  const std::string& reason) {
  trace({.operation = decisions::kCredentialRefused,
         .outcome = outcomes::kRefused,
         .peer = source.peer,
         .reference_point = source.reference_point,
         .step = step,
         .detail = about(c.identity)
                       .add(dk::kCertificateType, c.certification_type)
                       .add(dk::kReason, reason)});
  return m::CredentialInstallStatus{c.identity, outcomes::kFailed, std::nullopt, reason};
}

std::string VnfciDelegated::name_problem(const pki::Certificate& certificate) const {
  const std::string& me = name();
  for (const auto& d : certificate.san().dns)
    if (d == me || d.starts_with(me + ".") || d.find("." + me + ".") != std::string::npos)
      return "";
  return "no SAN dNSName names " + me;
}

std::optional<m::CredentialInstallStatus> VnfciDelegated::verify(
    const m::DelegatedCredential& c, const Source& source, const std::string& step,
    std::optional<pki::Certificate>& certificate, std::vector<pki::Certificate>& chain,
    std::vector<pki::Certificate>& anchors) {
  try {
    certificate = pki::Certificate::from_der(c.certificate);
    for (const auto& der : c.chain) chain.push_back(pki::Certificate::from_der(der));
    for (const auto& der : c.trust_anchors) anchors.push_back(pki::Certificate::from_der(der));
  } catch (const std::exception& e) {
    return refuse(c, source, step, std::string("undecodable certificate: ") + e.what());
  }
  if (source.verified) return std::nullopt;
  TraceDetail about_it = about(c.identity);
  about_it.add(dk::kCertificateType, c.certification_type)
      .add(dk::kSerial, certificate->serial_hex());
  // The chain to the given anchors at simulated time, and this VNFCI's name in the SAN.
  std::string problem;
  if (anchors.empty()) problem = "no trust anchor given";
  if (problem.empty()) {
    pki::TrustStore store;
    for (const auto& a : anchors) store.add_anchor(a);
    for (const auto& i : chain)
      if (!(i.subject() == i.issuer())) store.add_intermediate(i);
    const auto verdict = pki::verify_certificate(*certificate, store, pki_now(context()));
    if (!verdict.ok())
      problem = std::string(pki::to_string(verdict.failure)) +
                (verdict.detail.empty() ? "" : ": " + verdict.detail);
  }
  if (problem.empty()) problem = name_problem(*certificate);
  trace({.operation = decisions::kCertificateVerification,
         .outcome = problem.empty() ? outcomes::kOk : outcomes::kRejected,
         .peer = source.peer,
         .reference_point = source.reference_point,
         .step = step,
         .detail = problem.empty() ? TraceDetail(about_it)
                                   : TraceDetail(about_it).add(dk::kReason, problem),
         .kind = RecordKind::crypto});
  if (!problem.empty()) return refuse(c, source, step, "certificate verification: " + problem);
  return std::nullopt;
}

m::CredentialInstallStatus VnfciDelegated::install(const m::DelegatedCredential& c,
                                                   const Source& source) {
  const char* flow = flow_of(c, source.configuration, source.hsm);
  const std::string step = install_step(flow);
  if (refuse_install_) return refuse(c, source, step, "refuse_install fault: installation refused");
  // Decode; the certificate's checks (at #1 already on the HSM path).
  std::optional<pki::Certificate> certificate;
  std::vector<pki::Certificate> chain;
  std::vector<pki::Certificate> anchors;
  std::optional<pki::PrivateKey> key;
  if (auto refusal = verify(c, source, step, certificate, chain, anchors)) return *refusal;
  try {
    key = pki::PrivateKey::from_der(c.private_key);
  } catch (const std::exception& e) {
    return refuse(c, source, step, std::string("undecodable private key: ") + e.what());
  }
  TraceDetail about_it = about(c.identity);
  about_it.add(dk::kCertificateType, c.certification_type)
      .add(dk::kSerial, certificate->serial_hex());
  // The certificate's key against the private key (skipped by the fault switch).
  if (!accept_mismatched_key_) {
    const bool match = certificate->public_key().is_public_half_of(*key);
    trace({.operation = decisions::kKeyPairCheck,
           .outcome = match ? outcomes::kOk : outcomes::kRejected,
           .peer = source.peer,
           .reference_point = source.reference_point,
           .step = step,
           .detail =
               match ? TraceDetail(about_it)
                     : TraceDetail(about_it).add(dk::kReason,
                                                 "the certificate's public key is not the private "
                                                 "key's"),
           .kind = RecordKind::crypto});
    if (!match) return refuse(c, source, step, "the certificate does not certify the private key");
  }
  // Not older than the installed one.
  auto existing = state_.identities.find(c.identity);
  if (existing != state_.identities.end() && existing->second.certificate &&
      certificate->not_before().unix_ns < existing->second.certificate->not_before().unix_ns)
    return refuse(
        c, source, step,
        "older than the installed certificate " + existing->second.certificate->serial_hex());
  // Install.
  const std::string fp = key_fingerprint(*key);
  Identity& id = state_.identities[c.identity];
  if (existing != state_.identities.end() && !id.key_der.empty()) {
    const std::string old = key_fingerprint_of_pkcs8(id.key_der);
    if (old != fp && state_.keys.remove(old))
      trace_key_custody(state_.toolkit.tracer, {.outcome = outcomes::kDeleted,
                                                .key_fp = old,
                                                .vnfci = name(),
                                                .identity = c.identity,
                                                .reason = "replaced",
                                                .step = step,
                                                .certificate_type = c.certification_type});
  }
  id.flow = flow;
  id.subject = certificate->subject().to_string();
  id.dns = certificate->san().dns;
  id.ca = source.peer;
  id.certificate = *certificate;
  id.key_der = key->to_compact_der();
  // Its anchor among the actor's distinct anchors; the chain's CAs as known intermediates.
  const pki::Certificate& anchor = anchors.front();
  auto a = std::find(state_.anchors.begin(), state_.anchors.end(), anchor);
  if (a == state_.anchors.end()) {
    state_.anchors.push_back(anchor);
    a = std::prev(state_.anchors.end());
  }
  id.anchor = static_cast<std::uint32_t>(a - state_.anchors.begin());
  for (const auto& i : chain)
    if (!(i.subject() == i.issuer()) &&
        std::find(state_.intermediates.begin(), state_.intermediates.end(), i) ==
            state_.intermediates.end())
      state_.intermediates.push_back(i);
  TraceDetail installed(about_it);
  installed.add(dk::kNotAfter, sim::format_utc(sim::UtcInstant{certificate->not_after().unix_ns}))
      .add(dk::kPurpose, dv::kPurposeDelegated);
  if (source.hsm) installed.add(dk::kKey, dv::kInHsm);  // hmee: the key came from the HSM
  trace({.operation = decisions::kCertificateInstalled,
         .outcome = outcomes::kOk,
         .peer = source.peer,
         .reference_point = source.reference_point,
         .step = step,
         .detail = installed});
  for (const char* outcome : {outcomes::kReceived, outcomes::kStored})
    trace_key_custody(
        state_.toolkit.tracer,
        {.outcome = outcome,
         .key_fp = fp,
         .vnfci = name(),
         .identity = c.identity,
         .peer = outcome == outcomes::kReceived ? source.peer : std::string(),
         .channel =
             outcome == outcomes::kReceived ? source.channel : std::string(dv::kChannelLocal),
         .step = step,
         .reference_point = outcome == outcomes::kReceived ? source.reference_point : std::string(),
         .certificate_type = c.certification_type});
  state_.keys.add(fp, {name(), c.identity, c.certification_type});
  if (is_oam(c)) use_oam_identity(*key, *certificate, chain);
  return m::CredentialInstallStatus{c.identity, outcomes::kInstalled, certificate->serial_hex(),
                                    std::nullopt, certificate->der()};
}

void VnfciDelegated::use_oam_identity(const pki::PrivateKey& key,
                                      const pki::Certificate& certificate,
                                      const std::vector<pki::Certificate>& chain) {
  ChannelCredentials& credentials = channels_.credentials();
  credentials.key = key;
  credentials.certificate = certificate;
  credentials.chain.clear();
  for (const auto& i : chain)
    if (!(i.subject() == i.issuer())) credentials.chain.push_back(i);
  credentials.trust_anchors.clear();
  if (vnfm_anchor_) credentials.trust_anchors.push_back(*vnfm_anchor_);
  channels_.close_all();
}

}  // namespace ifa026::actors::vnfci
