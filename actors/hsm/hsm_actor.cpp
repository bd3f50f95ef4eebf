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
#include "actors/common/internal_error.hpp"
#include "actors/common/operations.hpp"
#include "actors/common/pki_clock.hpp"
#include "actors/common/reference_points.hpp"
#include "actors/common/secure_channels.hpp"
#include "actors/common/trace_detail.hpp"
#include "actors/common/work_queue.hpp"
#include "pki/certificate_authority.hpp"
#include "pki/csr.hpp"
#include "pki/key.hpp"
#include "pki/key_attestation.hpp"

namespace ifa026::actors {
namespace {

using nlohmann::json;
using sim::Duration;

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

void check_hsm_params(const json& params, std::vector<sim::Diagnostic>& out) {
  check_params(kTypeName, params, hsm_rules(), out);
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
}

// A DNS label made of the actor name (for the HSM's certificates' subjectAltName).
std::string dns_label(const std::string& name) {
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
  content.san.dns = {dns_prefix + dns_label(actor) + ".hsm.invalid"};
  pki::CertificateProfile profile;
  profile.validity_seconds = kAttestationCertSeconds;
  profile.extended_key_usage = {usage};
  const std::string base = "http://" + dns_label(actor) + ".hsm.invalid";
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

// What a request body asks, or the reason it cannot be served.
struct Outcome {
  std::string reason;  // empty: ok
  bool ok() const { return reason.empty(); }
};

class HsmActor final : public sim::Actor {
 public:
  HsmActor(sim::ActorContext& context, const sim::ActorSpec& spec)
      : Actor(context),
        queue_(context, static_cast<std::size_t>(
                            std::max<long long>(1, int_param(spec.params, "concurrency", 1)))),
        channels_(
            context,
            [this](const ChannelMessage& m) {
              guarded(m.envelope.operation, m.peer.name, m.envelope.step,
                      [&] { on_channel_message(m); });
            },
            [this](const std::string& peer, ChannelKind kind, const std::string& failure,
                   const std::vector<Envelope>&) {
              if (kind != ChannelKind::mutual) return;
              decision("HmeeClient", "refused", peer, "",
                       TraceDetail().add("client", peer).add("reason", failure));
            }) {
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
  }

  void on_start() override {
    Envelope envelope;
    envelope.operation = operations::kHsmVendorRoot;
    set_bytes(envelope.body, "vendor_root", vendor_root_->der());
    const pki::Bytes payload = encode_envelope(envelope);
    for (const auto& recipient : recipients_) {
      sim::Message message;
      message.to = recipient;
      message.reference_point = reference_points::kHsmIf;
      message.operation = envelope.operation;
      message.payload = payload;
      context().send(std::move(message));
    }
  }

  void on_message(const sim::Message& message) override {
    guarded(message.operation.empty() ? "HsmRequest" : message.operation, message.from,
            message.step, [&] {
              if (channels_.handle(message)) return;
              if (message.reference_point == reference_points::kNfviTrust)
                return on_hardware_root(message);
              receive(message);
            });
  }

 private:
  struct Request {
    std::string from;
    std::string step;
    json body;
    // HMEE-HSM (C.2.1.3): answered in this session, key pairs exported to the client.
    std::optional<ChannelMessage> channel;
  };

  template <typename F>
  void guarded(const std::string& operation, const std::string& peer, const std::string& step,
               F&& work) {
    try {
      work();
    } catch (const std::exception& e) {
      context().trace(internal_error_record(operation, peer, step, e.what()));
    }
  }

  void decision(const std::string& operation, const std::string& outcome, const std::string& peer,
                const std::string& step, const TraceDetail& detail,
                const char* reference_point = reference_points::kHmeeHsm) {
    sim::TraceRecord r;
    r.kind = sim::RecordKind::decision;
    r.peer = peer;
    r.reference_point = reference_point;
    r.operation = operation;
    r.step = step;
    r.outcome = outcome;
    r.detail = detail;
    context().trace(std::move(r));
  }

  // ---- NFVI-Trust: the hardware roots HMEE clients chain to (C.2.1.3 pre-condition 6) ----

  void on_hardware_root(const sim::Message& message) {
    auto reject = [&](const std::string& reason) {
      decision(operations::kHardwareRoot, "rejected", message.from, "",
               TraceDetail().add("from", message.from).add("reason", reason),
               reference_points::kNfviTrust);
    };
    const auto intake = take_day0_root(message, hardware_roots_from_, operations::kHardwareRoot,
                                       "hardware_root", "hardware root", true);
    if (!intake.root) return reject(intake.problem);
    const pki::Certificate* root = &*intake.root;
    auto& anchors = channels_.credentials().trust_anchors;
    add_root_once(anchors, *root);
    decision(operations::kHardwareRoot, "accepted", message.from, "",
             TraceDetail()
                 .add("from", message.from)
                 .add("subject", root->subject().to_string())
                 .add("roots", static_cast<long long>(anchors.size())),
             reference_points::kNfviTrust);
  }

  // ---- HMEE-HSM: HMEE clients over mutual TLS (C.2.1.3 #6-#11) ----

  void on_channel_message(const ChannelMessage& m) {
    const std::string& op = m.envelope.operation;
    const std::string& step = m.envelope.step;
    if (m.peer.kind != ChannelKind::mutual || !m.peer.certificate) {
      decision(
          op, "rejected", m.peer.name, step,
          TraceDetail().add("client", m.peer.name).add("reason", "HMEE clients use mutual TLS"));
      return;
    }
    if (op == operations::kSessionCheckRequest) {
      // #6: the session is up and the HMEE's certificate chains to a hardware root.
      decision("HmeeClient", "accepted", m.peer.name, step,
               TraceDetail()
                   .add("client", m.peer.name)
                   .add("peer_subject", m.peer.certificate->subject().to_string())
                   .add("issuer", m.peer.certificate->issuer().to_string()));
      json body = json::object();
      if (auto nonce = get_bytes(m.envelope.body, "nonce")) set_bytes(body, "nonce", *nonce);
      channels_.reply(m, Envelope{operations::kSessionCheckResponse, step, std::move(body)});
      return;
    }
    Request request{m.peer.name, step, m.envelope.body, m};
    if (op == operations::kGenerateKeyPairRequest) {
      const std::string key_type = get_string(request.body, "key_type", "ec-p256");
      if (!pki::key_type_from_string(key_type))
        return fail(request, "GenerateKeyPair", "", "unknown key type \"" + key_type + "\"");
      queue_.submit(keygen_time_, "HsmKeygen",
                    [this, request = std::move(request)] { generate(request); });
    } else if (op == operations::kSignCsrRequest) {
      const std::string handle = get_string(request.body, "handle");
      auto owner = owners_.find(handle);
      if (keys_.count(handle) == 0 || owner == owners_.end() || owner->second != m.peer.name)
        return fail(request, "SignCsr", handle, "unknown handle for this client");
      queue_.submit(sign_time_, "HsmSignCsr",
                    [this, request = std::move(request)] { sign(request); });
    } else {
      fail(request, op, "", "the HSM does not serve \"" + op + "\" on HMEE-HSM");
    }
  }

  void receive(const sim::Message& message) {
    std::string why;
    auto envelope = decode_envelope(message.payload, &why);
    if (!envelope) {
      record(message.operation.empty() ? "HsmRequest" : message.operation, message.from,
             message.step, "", "not an envelope: " + why);
      return;
    }
    Request request{message.from, envelope->step, std::move(envelope->body), std::nullopt};
    const std::string& operation = envelope->operation;
    if (operation == operations::kGenerateKeyPairRequest) {
      const std::string key_type = get_string(request.body, "key_type", "ec-p256");
      if (!pki::key_type_from_string(key_type))
        return fail(request, "GenerateKeyPair", "", "unknown key type \"" + key_type + "\"");
      queue_.submit(keygen_time_, "HsmKeygen",
                    [this, request = std::move(request)] { generate(request); });
    } else if (operation == operations::kKeyAttestationRequest) {
      const std::string handle = get_string(request.body, "handle");
      if (keys_.count(handle) == 0) return fail(request, "AttestKey", handle, "unknown handle");
      const auto nonce_it = request.body.find("nonce");
      if (nonce_it != request.body.end() && !nonce_it->is_binary() && !nonce_it->is_string())
        return fail(request, "AttestKey", handle, "nonce must be bytes or a string");
      queue_.submit(attest_time_, "HsmAttest",
                    [this, request = std::move(request)] { attest(request); });
    } else if (operation == operations::kSignCsrRequest) {
      const std::string handle = get_string(request.body, "handle");
      if (keys_.count(handle) == 0) return fail(request, "SignCsr", handle, "unknown handle");
      queue_.submit(sign_time_, "HsmSignCsr",
                    [this, request = std::move(request)] { sign(request); });
    } else {
      record(operation, message.from, envelope->step, "",
             "the HSM does not serve \"" + operation + "\"");
    }
  }

  void generate(const Request& request) {
    const std::string key_type = get_string(request.body, "key_type", "ec-p256");
    try {
      pki::PrivateKey key = pki::PrivateKey::generate(*pki::key_type_from_string(key_type));
      const std::string handle = name() + "/key-" + std::to_string(++generated_);
      const pki::Bytes public_key = key.public_key().to_der();
      json body = {{"status", "ok"}, {"handle", handle}, {"key_type", key_type}};
      set_bytes(body, "public_key", public_key);
      TraceDetail detail;
      detail.add("key_type", key_type);
      if (request.channel) {
        // C.2.1.3 #8: the key pair goes to the HMEE through the secure channel.
        set_bytes(body, "private_key", key.to_der());
        detail.add("exported", "true")
            .add("client", request.from)
            .add("identity", get_string(request.body, "identity"))
            .add("spki_sha256", pki::to_hex(pki::sha256(public_key)));
      }
      keys_.emplace(handle, std::move(key));
      owners_[handle] = request.from;
      record("GenerateKeyPair", request.from, answer_step(request), handle, "", detail,
             request.channel.has_value());
      reply(request, operations::kGenerateKeyPairResponse, std::move(body));
    } catch (const std::exception& e) {
      internal_failure(request, "GenerateKeyPair", "",
                       std::string("key generation failed: ") + e.what());
    }
  }

  void attest(const Request& request) {
    const std::string handle = get_string(request.body, "handle");
    try {
      const pki::PrivateKey& key = keys_.at(handle);
      pki::Bytes nonce;
      if (auto bytes = get_bytes(request.body, "nonce")) {
        nonce = std::move(*bytes);
      } else {
        const std::string text = get_string(request.body, "nonce");
        nonce.assign(text.begin(), text.end());
      }
      const auto statement = pki::KeyAttestationStatement::create(
          key.public_key(), properties_, nonce, pki_now(context()), *attestation_key_,
          attestation_chain_);
      json body = {{"status", "ok"}, {"handle", handle}};
      set_bytes(body, "statement", statement.der());
      record("AttestKey", request.from, request.step, handle, "");
      reply(request, operations::kKeyAttestationResponse, std::move(body));
    } catch (const std::exception& e) {
      internal_failure(request, "AttestKey", handle,
                       std::string("attestation failed: ") + e.what());
    }
  }

  void sign(const Request& request) {
    const std::string handle = get_string(request.body, "handle");
    try {
      const pki::PrivateKey& key = keys_.at(handle);
      auto subject = parse_name(get_string(request.body, "subject"));
      if (!subject) return fail(request, "SignCsr", handle, "subject is not a distinguished name");
      pki::CsrContent content;
      content.subject = *subject;
      content.extended_key_usage = {pki::ExtendedKeyUsage::client_auth,
                                    pki::ExtendedKeyUsage::server_auth};
      const json& body = request.body;
      if (auto dns = body.find("dns"); dns != body.end()) {
        if (!dns->is_array()) return fail(request, "SignCsr", handle, "dns must be a list");
        for (const auto& name : *dns) {
          if (!name.is_string()) return fail(request, "SignCsr", handle, "dns must be strings");
          content.san.dns.push_back(name.get<std::string>());
        }
      }
      if (auto types = body.find("nf_types"); types != body.end()) {
        if (!types->is_array()) return fail(request, "SignCsr", handle, "nf_types must be a list");
        for (const auto& type : *types) {
          if (!type.is_string())
            return fail(request, "SignCsr", handle, "nf_types must be strings");
          content.nf_types.push_back(type.get<std::string>());
        }
      }
      if (body.contains("key_attestation")) {
        auto statement = get_bytes(body, "key_attestation");
        if (!statement) return fail(request, "SignCsr", handle, "key_attestation must be bytes");
        content.key_attestation = std::move(*statement);
      }
      const pki::Csr csr = pki::Csr::create(content, key);
      json out = {{"status", "ok"}, {"handle", handle}};
      set_bytes(out, "csr", csr.der());
      TraceDetail detail;
      detail.add("subject", subject->to_string());
      if (request.channel)
        detail.add("client", request.from).add("identity", get_string(request.body, "identity"));
      record("SignCsr", request.from, answer_step(request), handle, "", detail,
             request.channel.has_value());
      reply(request, operations::kSignCsrResponse, std::move(out));
    } catch (const std::exception& e) {
      fail(request, "SignCsr", handle, std::string("signing failed: ") + e.what());
    }
  }

  // Answers a request with status "error" (operation "<Decision>" names the response).
  void fail(const Request& request, const std::string& decision, const std::string& handle,
            const std::string& reason) {
    record(decision, request.from, answer_step(request), handle, reason, TraceDetail(),
           request.channel.has_value());
    json body = {{"status", "error"}, {"reason", reason}};
    if (!handle.empty()) body["handle"] = handle;
    reply(request, response_of(decision), std::move(body));
  }

  // Our own failure (not a refusal of the request): traced as an internal error, answered with
  // status "error" so that the client does not wait for ever.
  void internal_failure(const Request& request, const std::string& decision,
                        const std::string& handle, const std::string& what) {
    context().trace(internal_error_record(
        decision, request.from, answer_step(request), what,
        request.channel ? reference_points::kHmeeHsm : reference_points::kHsmIf));
    json body = {{"status", "error"}, {"reason", "internal error"}};
    if (!handle.empty()) body["handle"] = handle;
    reply(request, response_of(decision), std::move(body));
  }

  static std::string response_of(const std::string& decision) {
    if (decision == "GenerateKeyPair") return operations::kGenerateKeyPairResponse;
    if (decision == "AttestKey") return operations::kKeyAttestationResponse;
    return operations::kSignCsrResponse;
  }

  // The step of an answer: the request's on HSM-If, the next one in an HMEE session (#7 -> #8).
  static std::string answer_step(const Request& request) {
    return request.channel ? next_step(request.step) : request.step;
  }

  void reply(const Request& request, const std::string& operation, json body) {
    if (request.channel) {
      if (auto c = request.body.find("context"); c != request.body.end()) body["context"] = *c;
      channels_.reply(*request.channel, Envelope{operation, answer_step(request), std::move(body)});
      return;
    }
    Envelope envelope{operation, request.step, std::move(body)};
    sim::Message message;
    message.to = request.from;
    message.reference_point = reference_points::kHsmIf;
    message.operation = operation;
    message.step = request.step;
    message.payload = encode_envelope(envelope);
    context().send(std::move(message));
  }

  // A decision record: ok when `reason` is empty, rejected otherwise.
  void record(const std::string& operation, const std::string& peer, const std::string& step,
              const std::string& handle, const std::string& reason,
              const TraceDetail& extra = TraceDetail(), bool hmee = false) {
    sim::TraceRecord r;
    r.kind = sim::RecordKind::decision;
    r.peer = peer;
    r.reference_point = hmee ? reference_points::kHmeeHsm : reference_points::kHsmIf;
    r.operation = operation;
    r.step = step;
    r.outcome = reason.empty() ? "ok" : "rejected";
    TraceDetail detail;
    if (!handle.empty()) detail.add("handle", handle);
    if (!reason.empty()) detail.add("reason", reason);
    std::string text = detail.str();
    const std::string more = extra.str();
    if (!more.empty()) text += text.empty() ? more : "; " + more;
    r.detail = std::move(text);
    context().trace(std::move(r));
  }

  WorkQueue queue_;
  SecureChannels channels_;
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
};

}  // namespace

void register_hsm_actor(sim::ActorRegistry& registry) {
  sim::ActorType type;
  type.description =
      "HSM on HSM-If: non-exportable key pairs by handle, key-attestation statements, CSR signing";
  type.create = [](sim::ActorContext& context, const sim::ActorSpec& spec) {
    return std::make_unique<HsmActor>(context, spec);
  };
  type.check_params = check_hsm_params;
  type.params = hsm_rules();
  type.commands.emplace();  // none
  registry.add(kTypeName, std::move(type));
}

}  // namespace ifa026::actors
