// The `hsm` actor (docs/mano-certificates.md): an entity's hardware security module on HSM-If.
// It generates key pairs whose private keys never leave it (callers get a handle and the public
// key), signs key-attestation statements with an attestation key certified by its vendor root,
// and signs CSRs with a held key. At start it hands its vendor root to the configured recipients
// (the CMF) so they can verify statements. `forge_attestation` makes it a rogue HSM whose
// statements chain to a self-made root instead (a negative scenario).
//
// For VNFCIs with secure bootstrapping (docs/direct-mode.md, C.2.1.3) it also serves HMEE-HSM:
// it takes the NFVI's hardware roots at day 0 (HardwareRoot on NFVI-Trust, pre-condition 6, from
// `hardware_roots_from` when given) and accepts mutual TLS from HMEE clients whose certificate
// chains to one of them at simulated time, presenting its HSM certificate issued by its vendor
// root (#6; a client under another root is refused by the handshake, decision HmeeClient
// refused). In that session GenerateKeyPairRequest gets the key pair itself, PKCS#8 included, as
// the clause says (#7-#8: "the HSM provides the key pairs to the VNFCI through the secure
// channel"; the HSM keeps a copy by handle), and SignCsrRequest (#10-#11) a CSR signed with the
// key of a handle that client obtained. Answers in the session carry the request's step + 1 and
// echo its `context`.
//
// Issue 20: SignDataRequest on HSM-If signs a message (the TLS 1.3 CertificateVerify content of a
// MANO entity whose key it holds) with a held key, for the client the key was made for (SignData).
//
// Delegation mode (issue 17, hsm_delegated_keys.hpp): a key made on HSM-If with `release_to` is
// handed once to that VNFCI's attested HMEE (ReleaseKeyPairRequest on HMEE-HSM, C.2.2.4.7 #3-#4)
// and then deleted here; its owner may delete it (DeleteKeyRequest on HSM-If). On HSM-If a handle
// is usable only by the client it was made for, and answers echo the request's `context`.
#include "actors/hsm/hsm_actor.hpp"

#include <algorithm>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "actors/common/actor_params.hpp"
#include "actors/common/day0_root.hpp"
#include "actors/common/envelope.hpp"
#include "actors/common/pki_clock.hpp"
#include "actors/common/secure_channels.hpp"
#include "actors/common/trace_detail.hpp"
#include "actors/common/work_queue.hpp"
#include "actors/hsm/hsm_delegated_keys.hpp"
#include "actors/messages/decisions.hpp"
#include "actors/messages/detail_keys.hpp"
#include "actors/messages/hsm_if.hpp"
#include "actors/messages/operations.hpp"
#include "actors/messages/reference_points.hpp"
#include "actors/messages/session_check.hpp"
#include "actors/toolkit/actor_registration.hpp"
#include "actors/toolkit/message_handlers.hpp"
#include "actors/toolkit/nfv_actor.hpp"
#include "pki/certificate_authority.hpp"
#include "pki/csr.hpp"
#include "pki/key.hpp"
#include "pki/key_attestation.hpp"

namespace ifa026::actors {
namespace {

using nlohmann::json;
using sim::Duration;
namespace keys = detail_keys;
namespace msg = messages;

constexpr const char* kTypeName = "hsm";
constexpr std::int64_t kDaySeconds = 86400;
constexpr std::int64_t kVendorRootSeconds = 20 * 365 * kDaySeconds;
constexpr std::int64_t kAttestationCertSeconds = 1096 * kDaySeconds;  // end-entity maximum

std::vector<ParamRule> hsm_rules() {
  return {
      {"vendor", ParamType::string, "vendor root subject", false,
       "CN=<actor> Vendor Root,O=ifa026 HSM vendors"},
      {"security_level", ParamType::string, "security level claimed in statements", false,
       "fips140-3-l3"},
      {"generated_in_hsm", ParamType::boolean, "claimed in statements", false, "true"},
      {"non_exportable", ParamType::boolean, "claimed in statements", false, "true"},
      {"processing", ParamType::duration_map,
       "processing times: keygen (default 20ms), attest (5ms), sign (5ms)"},
      {"concurrency", ParamType::integer, "operations processed at once", false, "1"},
      {"forge_attestation", ParamType::boolean,
       "sign statements with a rogue key whose chain is not under the vendor root", false, "false"},
      {"vendor_root_recipients", ParamType::string_list,
       "actors that get the vendor root (HsmVendorRoot on HSM-If) at start"},
      {"hardware_roots_from", ParamType::string_list,
       "actors whose HardwareRoot (NFVI-Trust) is accepted for HMEE clients", false, "any actor"},
      hsm::delegation_faults_rule(),  // issue 17
      {"corrupt_signatures", ParamType::boolean,
       "flip a bit of every TLS signature it makes (SignData; a fault: the peer's handshake "
       "fails)",
       false, "false"},
  };
}

// "F#N" -> "F#N+1" (an answer in the HMEE session follows its request's step); other steps stay.
std::string next_step(const std::string& step) {
  const auto hash = step.rfind('#');
  if (hash == std::string::npos || hash + 1 >= step.size() || step.size() - hash > 6) return step;
  int number = 0;
  for (std::size_t i = hash + 1; i < step.size(); ++i) {
    if (step[i] < '0' || step[i] > '9') return step;
    number = number * 10 + (step[i] - '0');
  }
  return step.substr(0, hash + 1) + std::to_string(number + 1);
}

std::optional<pki::DistinguishedName> parse_name(const std::string& text) {
  try {
    auto name = pki::DistinguishedName::parse(text);
    if (name.attributes.empty()) return std::nullopt;
    return name;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

// The checks beyond the parameter table.
void check_hsm_cross_fields(const json& params, std::vector<sim::Diagnostic>& out) {
  if (!params.is_object()) return;
  if (auto it = params.find("vendor");
      it != params.end() && it->is_string() && !parse_name(it->get<std::string>()))
    out.push_back({"", 0, 0, "/vendor",
                   "vendor: not a distinguished name such as \"CN=Vendor Root,O=Vendor\"", false});
  if (auto it = params.find("security_level");
      it != params.end() && it->is_string() && it->get_ref<const std::string&>().empty())
    out.push_back({"", 0, 0, "/security_level", "security_level: must not be empty", false});
  if (auto it = params.find("processing"); it != params.end() && it->is_object()) {
    for (const auto& [key, value] : it->items())
      if (key != "keygen" && key != "attest" && key != "sign")
        out.push_back({"", 0, 0, "/processing/" + key,
                       "unknown processing entry \"" + key + "\" (hsm takes: keygen, attest, sign)",
                       true});
  }
  hsm::check_delegation_faults(params, out);  // issue 17
}

// A DNS label made of the actor name (for the HSM's certificates' subjectAltName).
std::string hsm_dns_label(const std::string& name) {
  return actors::dns_label(name, "hsm");
}

// A certificate from `vendor` for one of the HSM's own keys (end-entity, as HSM vendors issue):
// subject "CN=<actor> <role>", SAN "<dns_prefix><actor>.hsm.invalid", the vendor's URLs.
pki::Certificate certify_by_vendor(pki::CertificateAuthority& vendor, const pki::PrivateKey& key,
                                   const std::string& actor, pki::Instant not_before,
                                   const std::string& role, const std::string& dns_prefix,
                                   pki::ExtendedKeyUsage usage) {
  pki::CsrContent content;
  content.subject =
      pki::DistinguishedName{{{"CN", actor + " " + role}, {"O", "ifa026 HSM vendors"}}};
  content.san.dns = {dns_prefix + hsm_dns_label(actor) + ".hsm.invalid"};
  pki::CertificateProfile profile;
  profile.validity_seconds = kAttestationCertSeconds;
  profile.extended_key_usage = {usage};
  const std::string base = "http://" + hsm_dns_label(actor) + ".hsm.invalid";
  profile.crl_url = base + "/vendor.crl";
  profile.ocsp_url = base + "/ocsp";
  profile.ca_issuers_url = base + "/vendor-root.crt";
  return vendor.issue_for_key(pki::ProvenKeyIssueRequest{key.public_key(), content, not_before,
                                                         std::nullopt, std::nullopt, std::nullopt},
                              profile);
}

// An attestation key's certificate from `vendor`.
pki::Certificate certify_attestation_key(pki::CertificateAuthority& vendor,
                                         const pki::PrivateKey& key, const std::string& actor,
                                         pki::Instant not_before) {
  return certify_by_vendor(vendor, key, actor, not_before, "Attestation Key", "attestation.",
                           pki::ExtendedKeyUsage::client_auth);
}

// The HSM's TLS certificate for HMEE clients (C.2.1.3 #6), from `vendor`.
pki::Certificate certify_tls_key(pki::CertificateAuthority& vendor, const pki::PrivateKey& key,
                                 const std::string& actor, pki::Instant not_before) {
  return certify_by_vendor(vendor, key, actor, not_before, "HSM", "",
                           pki::ExtendedKeyUsage::server_auth);
}

constexpr const char* kStatusOk = "ok";
constexpr const char* kStatusError = "error";

// Who asked, where to answer, and (HMEE-HSM) the context to echo.
struct Request {
  std::string from;
  std::string step;
  // HMEE-HSM (C.2.1.3): answered in this session, key pairs exported to the client.
  std::optional<ChannelMessage> channel;
  std::optional<msg::HsmRequestContext> context = {};
};

class HsmActor final : public NfvActor {
 public:
  HsmActor(sim::ActorContext& context, const sim::ActorSpec& spec)
      : NfvActor(context, spec),
        queue_(context, static_cast<std::size_t>(
                            std::max<long long>(1, int_param(spec.params, "concurrency", 1)))),
        channels_(
            context,
            [this](const ChannelMessage& m) {
              guarded({.operation = m.envelope.operation,
                       .peer = m.peer.name,
                       .reference_point = reference_points::kHmeeHsm,
                       .step = m.envelope.step},
                      [&] { on_channel_message(m); });
            },
            [this](const std::string& peer, ChannelKind kind, const std::string& failure,
                   const std::vector<Envelope>&) {
              if (kind != ChannelKind::mutual) return;
              trace({.operation = decisions::kHmeeClient,
                     .outcome = outcomes::kRefused,
                     .peer = peer,
                     .reference_point = reference_points::kHmeeHsm,
                     .detail = TraceDetail().add(keys::kClient, peer).add(keys::kReason, failure)});
            }),
        handlers_(guard()),
        delegated_(tracer(), hsm::read_delegation_faults(spec.params)) {
    const json& p = spec.params;
    keygen_time_ = duration_entry(p, "processing", "keygen", Duration::milliseconds(20));
    attest_time_ = duration_entry(p, "processing", "attest", Duration::milliseconds(5));
    sign_time_ = duration_entry(p, "processing", "sign", Duration::milliseconds(5));
    properties_.security_level = string_param(p, "security_level", "fips140-3-l3");
    if (properties_.security_level.empty()) properties_.security_level = "fips140-3-l3";
    properties_.generated_in_hsm = bool_param(p, "generated_in_hsm", true);
    properties_.non_exportable = bool_param(p, "non_exportable", true);
    recipients_ = string_list_param(p, "vendor_root_recipients");
    hardware_roots_from_ = string_list_param(p, "hardware_roots_from");
    corrupt_signatures_ = bool_param(p, "corrupt_signatures", false);

    const pki::Instant start = pki_instant(context.epoch(), sim::Time::zero());
    const pki::Instant not_before{start.unix_ns - kDaySeconds * 1'000'000'000};
    const pki::DistinguishedName vendor_name =
        parse_name(string_param(p, "vendor"))
            .value_or(pki::DistinguishedName{
                {{"CN", spec.name + " Vendor Root"}, {"O", "ifa026 HSM vendors"}}});
    pki::CertificateAuthority vendor = pki::CertificateAuthority::create_root(
        vendor_name, pki::PrivateKey::generate(), not_before, kVendorRootSeconds);
    vendor_root_ = vendor.certificate();
    pki::PrivateKey attestation_key = pki::PrivateKey::generate();
    pki::Certificate attestation_cert =
        certify_attestation_key(vendor, attestation_key, spec.name, not_before);
    std::vector<pki::Certificate> chain{attestation_cert};
    if (bool_param(p, "forge_attestation", false)) {
      // An impostor root with the genuine root's name, and an attestation key under it.
      pki::CertificateAuthority rogue = pki::CertificateAuthority::create_root(
          vendor_name, pki::PrivateKey::generate(), not_before, kVendorRootSeconds);
      attestation_key = pki::PrivateKey::generate();
      attestation_cert = certify_attestation_key(rogue, attestation_key, spec.name, not_before);
      chain = {attestation_cert, rogue.certificate()};
    }
    attestation_key_ = std::make_unique<pki::PrivateKey>(std::move(attestation_key));
    attestation_chain_ = std::move(chain);
    // Its TLS identity for HMEE clients, under the (genuine) vendor root.
    pki::PrivateKey tls_key = pki::PrivateKey::generate();
    auto& credentials = channels_.credentials();
    credentials.certificate = certify_tls_key(vendor, tls_key, spec.name, not_before);
    credentials.key = std::move(tls_key);
    register_handlers();
  }

 private:
  void start() override {
    const Envelope envelope =
        msg::to_envelope(msg::HsmVendorRoot{.vendor_root = vendor_root_->der()});
    for (const auto& recipient : recipients_)
      send_envelope(recipient, reference_points::kHsmIf, envelope);
  }

  void receive(const sim::Message& message) override {
    if (channels_.handle(message)) return;
    if (message.reference_point == reference_points::kNfviTrust) return on_hardware_root(message);
    on_hsm_if(message);
  }

  // One handler per request; a body that does not decode is answered with status "error".
  void register_handlers() {
    handlers_.on<msg::GenerateKeyPairRequest>(
        [this](const msg::GenerateKeyPairRequest& m, const Request& incoming) {
          Request request = incoming;
          request.context = m.context;
          if (!pki::key_type_from_string(m.key_type))
            return fail(request, decisions::kGenerateKeyPair, "",
                        "unknown key type \"" + m.key_type + "\"");
          queue_.submit(keygen_time_, "HsmKeygen", [this, request, m] {
            guarded(site(request, decisions::kGenerateKeyPair), [&] { generate(request, m); });
          });
        },
        [this](const Request& request, const std::string& reason) {
          fail_answer(request, decisions::kGenerateKeyPair, "", reason);
        });
    handlers_.on<msg::KeyAttestationRequest>(
        [this](const msg::KeyAttestationRequest& m, const Request& incoming) {
          Request request = incoming;
          request.context = m.context;
          if (keys_.count(m.handle) == 0)
            return fail(request, decisions::kAttestKey, m.handle, "unknown handle");
          if (!owned_by(m.handle, request.from))
            return fail(request, decisions::kAttestKey, m.handle, "handle of another client");
          queue_.submit(attest_time_, "HsmAttest", [this, request, m] {
            guarded(site(request, decisions::kAttestKey), [&] { attest(request, m); });
          });
        },
        [this](const Request& request, const std::string& reason) {
          fail_answer(request, decisions::kAttestKey, "", reason);
        });
    handlers_.on<msg::SignCsrRequest>(
        [this](const msg::SignCsrRequest& m, const Request& incoming) {
          Request request = incoming;
          request.context = m.context;
          if (request.channel) {
            auto owner = owners_.find(m.handle);
            if (keys_.count(m.handle) == 0 || owner == owners_.end() ||
                owner->second != request.from)
              return fail(request, decisions::kSignCsr, m.handle, "unknown handle for this client");
          } else if (keys_.count(m.handle) == 0) {
            return fail(request, decisions::kSignCsr, m.handle, "unknown handle");
          } else if (!owned_by(m.handle, request.from)) {
            return fail(request, decisions::kSignCsr, m.handle, "handle of another client");
          }
          queue_.submit(sign_time_, "HsmSignCsr", [this, request, m] {
            guarded(site(request, decisions::kSignCsr), [&] { sign(request, m); });
          });
        },
        [this](const Request& request, const std::string& reason) {
          fail_answer(request, decisions::kSignCsr, "", reason);
        });
    // Issue 20: TLS signatures with a held key, for the client it was made for, on HSM-If.
    handlers_.on<msg::SignDataRequest>(
        [this](const msg::SignDataRequest& m, const Request& incoming) {
          Request request = incoming;
          request.context = m.context;
          if (request.channel)
            return fail(request, decisions::kSignData, m.handle, "signatures are made on HSM-If");
          if (keys_.count(m.handle) == 0)
            return fail(request, decisions::kSignData, m.handle, "unknown handle");
          if (!owned_by(m.handle, request.from))
            return fail(request, decisions::kSignData, m.handle, "handle of another client");
          queue_.submit(sign_time_, "HsmSignData", [this, request, m] {
            guarded(site(request, decisions::kSignData), [&] { sign_data(request, m); });
          });
        },
        [this](const Request& request, const std::string& reason) {
          fail_answer(request, decisions::kSignData, "", reason);
        });
    register_delegation_handlers();
  }

  // The signature of `m.data` with the handle's key (its own scheme, as PrivateKey::sign);
  // `corrupt_signatures` (a fault) flips a bit of it, so the peer's verification fails.
  void sign_data(const Request& request, const msg::SignDataRequest& m) {
    auto key = keys_.find(m.handle);
    if (key == keys_.end()) return fail(request, decisions::kSignData, m.handle, "unknown handle");
    pki::Bytes signature = key->second.sign(m.data);
    TraceDetail detail;
    detail.add(keys::kPurpose, m.purpose.value_or(""))
        .add(keys::kSpkiSha256, pki::to_hex(key->second.public_key().spki_sha256()));
    if (corrupt_signatures_ && !signature.empty()) {
      signature[signature.size() / 2] ^= 0x01;
      detail.add(keys::kFault, "corrupt_signatures");
    }
    record(decisions::kSignData, request.from, request.step, m.handle, "", detail);
    msg::SignDataResponse answer;
    answer.status = kStatusOk;
    answer.handle = m.handle;
    answer.signature = std::move(signature);
    reply(request, std::move(answer));
  }

  // ---- Delegation mode (issue 17): release to the designated HMEE, deletion by the owner ----

  bool owned_by(const std::string& handle, const std::string& client) const {
    auto owner = owners_.find(handle);
    return owner != owners_.end() && owner->second == client;
  }

  void register_delegation_handlers() {
    handlers_.on<msg::ReleaseKeyPairRequest>(
        [this](const msg::ReleaseKeyPairRequest& m, const Request& incoming) {
          Request request = incoming;
          request.context = m.context;
          release(request, m);
        },
        [this](const Request& request, const std::string& reason) {
          fail_answer(request, decisions::kReleaseKeyPair, "", reason);
        });
    handlers_.on<msg::DeleteKeyRequest>(
        [this](const msg::DeleteKeyRequest& m, const Request& incoming) {
          Request request = incoming;
          request.context = m.context;
          delete_key(request, m);
        },
        [this](const Request& request, const std::string& reason) {
          fail_answer(request, decisions::kDeleteKey, "", reason);
        });
  }

  // C.2.2.4.7 #3 (judged, ReleaseKeyPair) and #4 (the key pair to the HMEE, then deleted here).
  void release(const Request& request, const msg::ReleaseKeyPairRequest& m) {
    const bool hmee = request.channel.has_value();
    const std::optional<pki::Certificate> certificate =
        hmee && request.channel->peer.kind == ChannelKind::mutual
            ? request.channel->peer.certificate
            : std::nullopt;
    const std::string reason = delegated_.release_refusal(m.handle, request.from, hmee, certificate,
                                                          keys_.count(m.handle) > 0);
    const std::string rp = hmee ? reference_points::kHmeeHsm : reference_points::kHsmIf;
    delegated_.trace_release(m.handle, request.from, request.step, rp, reason);
    if (!reason.empty()) return fail_answer(request, decisions::kReleaseKeyPair, m.handle, reason);
    const pki::PrivateKey& key = keys_.at(m.handle);
    msg::ReleaseKeyPairResponse answer;
    answer.status = kStatusOk;
    answer.handle = m.handle;
    answer.public_key = key.public_key().to_der();
    answer.private_key = key.to_der();
    if (delegated_.released(m.handle, request.from, answer_step(request))) {
      keys_.erase(m.handle);
      owners_.erase(m.handle);
    }
    reply(request, std::move(answer));
  }

  // HSM-If: the owner deletes a key it had made (DeleteKey ok, KeyCustody deleted for a
  // designated key); a released key is already gone (ok, nothing more to delete).
  void delete_key(const Request& request, const msg::DeleteKeyRequest& m) {
    if (request.channel)
      return fail(request, decisions::kDeleteKey, m.handle, "keys are deleted on HSM-If");
    msg::DeleteKeyResponse answer;
    answer.handle = m.handle;
    if (delegated_.tracks(m.handle) && delegated_.gone(m.handle) &&
        delegated_.delete_refusal(m.handle, request.from).empty()) {
      record(decisions::kDeleteKey, request.from, request.step, m.handle, "",
             TraceDetail().add(detail_keys::kReason, "already deleted after its release"));
      answer.status = kStatusOk;
      return reply(request, std::move(answer));
    }
    if (keys_.count(m.handle) == 0)
      return fail(request, decisions::kDeleteKey, m.handle, "unknown handle");
    if (!owned_by(m.handle, request.from))
      return fail(request, decisions::kDeleteKey, m.handle, "handle of another client");
    record(decisions::kDeleteKey, request.from, request.step, m.handle, "",
           TraceDetail().add(detail_keys::kReason, m.reason));
    if (delegated_.tracks(m.handle)) delegated_.deleted(m.handle, m.reason, request.step);
    keys_.erase(m.handle);
    owners_.erase(m.handle);
    answer.status = kStatusOk;
    reply(request, std::move(answer));
  }

  void finish() override {
    if (delegated_.any()) delegated_.trace_final_state();
  }

  static HandlerSite site(const Request& request, const std::string& operation) {
    return {
        .operation = operation,
        .peer = request.from,
        .reference_point = request.channel ? reference_points::kHmeeHsm : reference_points::kHsmIf,
        .step = answer_step(request)};
  }

  // ---- NFVI-Trust: the hardware roots HMEE clients chain to (C.2.1.3 pre-condition 6) ----

  void on_hardware_root(const sim::Message& message) {
    auto reject = [&](const std::string& reason) {
      trace({.operation = decisions::kHardwareRoot,
             .outcome = outcomes::kRejected,
             .peer = message.from,
             .reference_point = reference_points::kNfviTrust,
             .detail = TraceDetail().add(keys::kFrom, message.from).add(keys::kReason, reason)});
    };
    const auto intake = take_day0_root(message, hardware_roots_from_, operations::kHardwareRoot,
                                       "hardware_root", "hardware root", true);
    if (!intake.root) return reject(intake.problem);
    const pki::Certificate* root = &*intake.root;
    auto& anchors = channels_.credentials().trust_anchors;
    add_root_once(anchors, *root);
    trace({.operation = decisions::kHardwareRoot,
           .outcome = outcomes::kAccepted,
           .peer = message.from,
           .reference_point = reference_points::kNfviTrust,
           .detail = TraceDetail()
                         .add(keys::kFrom, message.from)
                         .add(keys::kSubject, root->subject().to_string())
                         .add(keys::kRoots, static_cast<long long>(anchors.size()))});
  }

  // ---- HMEE-HSM: HMEE clients over mutual TLS (C.2.1.3 #6-#11) ----

  void on_channel_message(const ChannelMessage& m) {
    const std::string& op = m.envelope.operation;
    const std::string& step = m.envelope.step;
    if (m.peer.kind != ChannelKind::mutual || !m.peer.certificate) {
      trace({.operation = op,
             .outcome = outcomes::kRejected,
             .peer = m.peer.name,
             .reference_point = reference_points::kHmeeHsm,
             .step = step,
             .detail = TraceDetail()
                           .add(keys::kClient, m.peer.name)
                           .add(keys::kReason, "HMEE clients use mutual TLS")});
      return;
    }
    if (op == operations::kSessionCheckRequest) {
      // #6: the session is up and the HMEE's certificate chains to a hardware root.
      trace({.operation = decisions::kHmeeClient,
             .outcome = outcomes::kAccepted,
             .peer = m.peer.name,
             .reference_point = reference_points::kHmeeHsm,
             .step = step,
             .detail = TraceDetail()
                           .add(keys::kClient, m.peer.name)
                           .add(keys::kPeerSubject, m.peer.certificate->subject().to_string())
                           .add(keys::kIssuer, m.peer.certificate->issuer().to_string())});
      // The nonce echoed; a check without one is answered {} (as before the typed messages).
      msg::SessionCheckResponse answer;
      if (auto check = msg::from_envelope<msg::SessionCheckRequest>(m.envelope))
        answer.nonce = check->nonce;
      channels_.reply(m, msg::to_envelope(answer, step));
      return;
    }
    const Request request{m.peer.name, step, m};
    const bool served = op == operations::kGenerateKeyPairRequest ||
                        op == operations::kSignCsrRequest ||
                        op == operations::kReleaseKeyPairRequest;
    if (!served || !handlers_.dispatch(m.envelope, request, site(request, op)))
      fail(request, op, "", "the HSM does not serve \"" + op + "\" on HMEE-HSM");
  }

  // ---- HSM-If: the entity's requests ----

  void on_hsm_if(const sim::Message& message) {
    std::string why;
    auto envelope = decode_envelope(message.payload, &why);
    if (!envelope) {
      record(message.operation.empty() ? decisions::kHsmRequest : message.operation, message.from,
             message.step, "", "not an envelope: " + why);
      return;
    }
    const Request request{message.from, envelope->step, std::nullopt};
    if (handlers_.dispatch(*envelope, request, site(request, envelope->operation))) return;
    record(envelope->operation, message.from, envelope->step, "",
           "the HSM does not serve \"" + envelope->operation + "\"");
  }

  void generate(const Request& request, const msg::GenerateKeyPairRequest& m) {
    const std::string& key_type = m.key_type;
    std::optional<pki::PrivateKey> made;
    try {  // our own failure, answered with status error so that the client does not wait
      made = pki::PrivateKey::generate(*pki::key_type_from_string(key_type));
    } catch (const std::exception& e) {
      return internal_failure(request, decisions::kGenerateKeyPair, "",
                              std::string("key generation failed: ") + e.what());
    }
    pki::PrivateKey key = std::move(*made);
    const std::string handle = name() + "/key-" + std::to_string(++generated_);
    const pki::Bytes public_key = key.public_key().to_der();
    msg::GenerateKeyPairResponse answer;
    answer.status = kStatusOk;
    answer.handle = handle;
    answer.key_type = key_type;
    answer.public_key = public_key;
    TraceDetail detail;
    detail.add(keys::kKeyType, key_type);
    const bool designated = hsm::HsmDelegatedKeys::designates(m, request.channel.has_value());
    if (designated) delegated_.describe(m, detail);
    if (request.channel) {
      // C.2.1.3 #8: the key pair goes to the HMEE through the secure channel.
      answer.private_key = key.to_der();
      detail.add(keys::kExported, "true")
          .add(keys::kClient, request.from)
          .add(keys::kIdentity, m.identity.value_or(""))
          .add(keys::kSpkiSha256, pki::to_hex(pki::sha256(public_key)));
    }
    keys_.emplace(handle, std::move(key));
    owners_[handle] = request.from;
    record(decisions::kGenerateKeyPair, request.from, answer_step(request), handle, "", detail,
           request.channel.has_value());
    if (designated) delegated_.generated(handle, request.from, m, keys_.at(handle), request.step);
    reply(request, std::move(answer));
  }

  void attest(const Request& request, const msg::KeyAttestationRequest& m) {
    const std::string& handle = m.handle;
    std::optional<pki::KeyAttestationStatement> statement;
    try {  // our own failure, answered with status error so that the client does not wait
      statement = pki::KeyAttestationStatement::create(keys_.at(handle).public_key(), properties_,
                                                       m.nonce, pki_now(context()),
                                                       *attestation_key_, attestation_chain_);
    } catch (const std::exception& e) {
      return internal_failure(request, decisions::kAttestKey, handle,
                              std::string("attestation failed: ") + e.what());
    }
    record(decisions::kAttestKey, request.from, request.step, handle, "");
    msg::KeyAttestationResponse answer;
    answer.status = kStatusOk;
    answer.handle = handle;
    answer.statement = statement->der();
    reply(request, std::move(answer));
  }

  void sign(const Request& request, const msg::SignCsrRequest& m) {
    const std::string& handle = m.handle;
    auto subject = parse_name(m.subject);
    if (!subject)
      return fail(request, decisions::kSignCsr, handle, "subject is not a distinguished name");
    pki::CsrContent content;
    content.subject = *subject;
    content.extended_key_usage = {pki::ExtendedKeyUsage::client_auth,
                                  pki::ExtendedKeyUsage::server_auth};
    content.san.dns = m.dns;
    if (m.nf_types) content.nf_types = *m.nf_types;
    if (m.key_attestation) content.key_attestation = *m.key_attestation;
    std::optional<pki::Csr> csr;
    try {  // a refusal answered to the client (e.g. a DNS name the CSR cannot carry)
      csr = pki::Csr::create(content, keys_.at(handle));
    } catch (const std::exception& e) {
      return fail(request, decisions::kSignCsr, handle, std::string("signing failed: ") + e.what());
    }
    TraceDetail detail;
    detail.add(keys::kSubject, subject->to_string());
    if (request.channel)
      detail.add(keys::kClient, request.from).add(keys::kIdentity, m.identity.value_or(""));
    record(decisions::kSignCsr, request.from, answer_step(request), handle, "", detail,
           request.channel.has_value());
    msg::SignCsrResponse answer;
    answer.status = kStatusOk;
    answer.handle = handle;
    answer.csr = csr->der();
    reply(request, std::move(answer));
  }

  // Answers a request with status "error" (operation "<Decision>" names the response).
  void fail(const Request& request, const std::string& decision, const std::string& handle,
            const std::string& reason) {
    record(decision, request.from, answer_step(request), handle, reason, TraceDetail(),
           request.channel.has_value());
    fail_answer(request, decision, handle, reason);
  }

  // The status "error" answer of `decision`'s response (an unknown request on HMEE-HSM gets a
  // SignCsrResponse, as before the typed messages).
  void fail_answer(const Request& request, const std::string& decision, const std::string& handle,
                   const std::string& reason) {
    auto error = [&](auto answer) {
      answer.status = kStatusError;
      answer.reason = reason;
      if (!handle.empty()) answer.handle = handle;
      reply(request, std::move(answer));
    };
    if (decision == decisions::kGenerateKeyPair) return error(msg::GenerateKeyPairResponse{});
    if (decision == decisions::kAttestKey) return error(msg::KeyAttestationResponse{});
    if (decision == decisions::kReleaseKeyPair) return error(msg::ReleaseKeyPairResponse{});
    if (decision == decisions::kDeleteKey) return error(msg::DeleteKeyResponse{});
    if (decision == decisions::kSignData) return error(msg::SignDataResponse{});
    error(msg::SignCsrResponse{});
  }

  // Our own failure (not a refusal of the request): traced as an internal error, answered with
  // status "error" so that the client does not wait for ever.
  void internal_failure(const Request& request, const std::string& decision,
                        const std::string& handle, const std::string& what) {
    guard().internal_error(site(request, decision), what);
    fail_answer(request, decision, handle, "internal error");
  }

  // The step of an answer: the request's on HSM-If, the next one in an HMEE session (#7 -> #8).
  static std::string answer_step(const Request& request) {
    return request.channel ? next_step(request.step) : request.step;
  }

  template <class M>
  void reply(const Request& request, M answer) {
    if constexpr (requires { answer.context; }) answer.context = request.context;
    if (request.channel) {
      channels_.reply(*request.channel, msg::to_envelope(answer, answer_step(request)));
      return;
    }
    send_envelope(request.from, reference_points::kHsmIf, msg::to_envelope(answer, request.step));
  }

  // A decision record: ok when `reason` is empty, rejected otherwise.
  void record(const std::string& operation, const std::string& peer, const std::string& step,
              const std::string& handle, const std::string& reason,
              const TraceDetail& extra = TraceDetail(), bool hmee = false) {
    TraceDetail detail;
    if (!handle.empty()) detail.add(keys::kHandle, handle);
    if (!reason.empty()) detail.add(keys::kReason, reason);
    std::string text = detail.str();
    const std::string more = extra.str();
    if (!more.empty()) text += text.empty() ? more : "; " + more;
    trace({.operation = operation,
           .outcome = reason.empty() ? outcomes::kOk : outcomes::kRejected,
           .peer = peer,
           .reference_point = hmee ? reference_points::kHmeeHsm : reference_points::kHsmIf,
           .step = step,
           .detail = std::move(text)});
  }

  WorkQueue queue_;
  SecureChannels channels_;
  MessageHandlers<Request> handlers_;
  Duration keygen_time_;
  Duration attest_time_;
  Duration sign_time_;
  pki::KeyProperties properties_;
  std::vector<std::string> recipients_;
  std::optional<pki::Certificate> vendor_root_;
  std::unique_ptr<pki::PrivateKey> attestation_key_;
  std::vector<pki::Certificate> attestation_chain_;
  std::map<std::string, pki::PrivateKey> keys_;  // by handle; leave only to HMEE clients (C.2.1.3)
  std::map<std::string, std::string> owners_;    // handle -> the actor it was generated for
  std::vector<std::string> hardware_roots_from_;
  std::uint64_t generated_ = 0;
  bool corrupt_signatures_ = false;  // issue 20 fault
  hsm::HsmDelegatedKeys delegated_;  // issue 17: keys designated for a VNFCI's HMEE
};

}  // namespace

void register_hsm_actor(sim::ActorRegistry& registry) {
  registry.add(kTypeName,
               actor_type(kTypeName,
                          {.description = "HSM on HSM-If: non-exportable key pairs by handle, "
                                          "key-attestation statements, CSR signing",
                           .params = hsm_rules(),
                           .check = check_hsm_cross_fields},
                          [](sim::ActorContext& context, const sim::ActorSpec& spec) {
                            return std::make_unique<HsmActor>(context, spec);
                          }));
}

}  // namespace ifa026::actors
