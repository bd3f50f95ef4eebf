// The `hsm` actor (docs/mano-certificates.md): an entity's hardware security module on HSM-If.
// It generates key pairs whose private keys never leave it (callers get a handle and the public
// key), signs key-attestation statements with an attestation key certified by its vendor root,
// and signs CSRs with a held key. At start it hands its vendor root to the configured recipients
// (the CMF) so they can verify statements. `forge_attestation` makes it a rogue HSM whose
// statements chain to a self-made root instead (a negative scenario).
#include "actors/hsm/hsm_actor.hpp"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "actors/common/actor_params.hpp"
#include "actors/common/envelope.hpp"
#include "actors/common/operations.hpp"
#include "actors/common/pki_clock.hpp"
#include "actors/common/reference_points.hpp"
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
      {"vendor", ParamType::string,
       "vendor root subject (default \"CN=<actor> Vendor Root,O=ifa026 HSM vendors\")"},
      {"security_level", ParamType::string,
       "security level claimed in statements (default fips140-3-l3)"},
      {"generated_in_hsm", ParamType::boolean, "claimed in statements (default true)"},
      {"non_exportable", ParamType::boolean, "claimed in statements (default true)"},
      {"processing", ParamType::duration_map,
       "processing times: keygen (default 20ms), attest (5ms), sign (5ms)"},
      {"concurrency", ParamType::integer, "operations processed at once (default 1)"},
      {"forge_attestation", ParamType::boolean,
       "sign statements with a rogue key whose chain is not under the vendor root (default false)"},
      {"vendor_root_recipients", ParamType::string_list,
       "actors that get the vendor root (HsmVendorRoot on HSM-If) at start"},
  };
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

// A DNS label made of the actor name (for the attestation certificate's subjectAltName).
std::string dns_label(const std::string& name) {
  std::string label;
  for (char c : name) {
    const bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    if (c >= 'A' && c <= 'Z')
      label += static_cast<char>(c - 'A' + 'a');
    else
      label += keep ? c : '-';
  }
  return label.empty() ? "hsm" : label;
}

// An attestation key's certificate from `vendor` (an end-entity certificate, as HSM vendors do).
pki::Certificate certify_attestation_key(pki::CertificateAuthority& vendor,
                                         const pki::PrivateKey& key, const std::string& actor,
                                         pki::Instant not_before) {
  pki::CsrContent content;
  content.subject =
      pki::DistinguishedName{{{"CN", actor + " Attestation Key"}, {"O", "ifa026 HSM vendors"}}};
  content.san.dns = {"attestation." + dns_label(actor) + ".hsm.invalid"};
  pki::CertificateProfile profile;
  profile.validity_seconds = kAttestationCertSeconds;
  profile.extended_key_usage = {pki::ExtendedKeyUsage::client_auth};
  const std::string base = "http://" + dns_label(actor) + ".hsm.invalid";
  profile.crl_url = base + "/vendor.crl";
  profile.ocsp_url = base + "/ocsp";
  profile.ca_issuers_url = base + "/vendor-root.crt";
  return vendor.issue_for_key(pki::ProvenKeyIssueRequest{key.public_key(), content, not_before,
                                                         std::nullopt, std::nullopt, std::nullopt},
                              profile);
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
                            std::max<long long>(1, int_param(spec.params, "concurrency", 1)))) {
    const json& p = spec.params;
    keygen_time_ = duration_entry(p, "processing", "keygen", Duration::milliseconds(20));
    attest_time_ = duration_entry(p, "processing", "attest", Duration::milliseconds(5));
    sign_time_ = duration_entry(p, "processing", "sign", Duration::milliseconds(5));
    properties_.security_level = string_param(p, "security_level", "fips140-3-l3");
    if (properties_.security_level.empty()) properties_.security_level = "fips140-3-l3";
    properties_.generated_in_hsm = bool_param(p, "generated_in_hsm", true);
    properties_.non_exportable = bool_param(p, "non_exportable", true);
    recipients_ = string_list_param(p, "vendor_root_recipients");

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
    try {
      receive(message);
    } catch (const std::exception& e) {
      record(message.operation.empty() ? "HsmRequest" : message.operation, message.from,
             message.step, "", std::string("internal error: ") + e.what());
    }
  }

 private:
  struct Request {
    std::string from;
    std::string step;
    json body;
  };

  void receive(const sim::Message& message) {
    std::string why;
    auto envelope = decode_envelope(message.payload, &why);
    if (!envelope) {
      record(message.operation.empty() ? "HsmRequest" : message.operation, message.from,
             message.step, "", "not an envelope: " + why);
      return;
    }
    Request request{message.from, envelope->step, std::move(envelope->body)};
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
      keys_.emplace(handle, std::move(key));
      json body = {{"status", "ok"}, {"handle", handle}, {"key_type", key_type}};
      set_bytes(body, "public_key", public_key);
      record("GenerateKeyPair", request.from, request.step, handle, "",
             TraceDetail().add("key_type", key_type));
      reply(request, operations::kGenerateKeyPairResponse, std::move(body));
    } catch (const std::exception& e) {
      fail(request, "GenerateKeyPair", "", std::string("key generation failed: ") + e.what());
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
      fail(request, "AttestKey", handle, std::string("attestation failed: ") + e.what());
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
      record("SignCsr", request.from, request.step, handle, "",
             TraceDetail().add("subject", subject->to_string()));
      reply(request, operations::kSignCsrResponse, std::move(out));
    } catch (const std::exception& e) {
      fail(request, "SignCsr", handle, std::string("signing failed: ") + e.what());
    }
  }

  // Answers a request with status "error" (operation "<Decision>" names the response).
  void fail(const Request& request, const std::string& decision, const std::string& handle,
            const std::string& reason) {
    record(decision, request.from, request.step, handle, reason);
    json body = {{"status", "error"}, {"reason", reason}};
    if (!handle.empty()) body["handle"] = handle;
    reply(request, response_of(decision), std::move(body));
  }

  static std::string response_of(const std::string& decision) {
    if (decision == "GenerateKeyPair") return operations::kGenerateKeyPairResponse;
    if (decision == "AttestKey") return operations::kKeyAttestationResponse;
    return operations::kSignCsrResponse;
  }

  void reply(const Request& request, const std::string& operation, json body) {
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
              const TraceDetail& extra = TraceDetail()) {
    sim::TraceRecord r;
    r.kind = sim::RecordKind::decision;
    r.peer = peer;
    r.reference_point = reference_points::kHsmIf;
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
  Duration keygen_time_;
  Duration attest_time_;
  Duration sign_time_;
  pki::KeyProperties properties_;
  std::vector<std::string> recipients_;
  std::optional<pki::Certificate> vendor_root_;
  std::unique_ptr<pki::PrivateKey> attestation_key_;
  std::vector<pki::Certificate> attestation_chain_;
  std::map<std::string, pki::PrivateKey> keys_;  // by handle; never leave the HSM
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
  registry.add(kTypeName, std::move(type));
}

}  // namespace ifa026::actors
