// The `ca` actor (docs/mano-certificates.md, docs/direct-mode.md): a root and an issuing CA with
// real keys, a CMP server (pki::CmpServer) on CA-1 whose requests take simulated processing time
// under a concurrency limit, an RA policy (only the CMF's RA certificate may request certificates
// for others or revoke them), end-entity registrations by an RA (direct mode: an initial
// credential per VNFCI identity, used by the VNFCI's own ir), kur by the holder of the
// certificate being renewed, and CRL publication on CRL-DP, periodic and after every revocation.
#include "actors/ca/ca_actor.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "actors/ca/revocation_target.hpp"
#include "actors/common/actor_params.hpp"
#include "actors/common/ca_hierarchy.hpp"
#include "actors/common/end_entity_registration.hpp"
#include "actors/common/envelope.hpp"
#include "actors/common/internal_error.hpp"
#include "actors/common/operations.hpp"
#include "actors/common/pki_clock.hpp"
#include "actors/common/reference_points.hpp"
#include "actors/common/trace_detail.hpp"
#include "actors/common/work_queue.hpp"
#include "pki/certificate_authority.hpp"
#include "pki/chain_verifier.hpp"
#include "pki/cmp_server.hpp"
#include "pki/entity_identity.hpp"

namespace ifa026::actors {
namespace {

using nlohmann::json;
using sim::Duration;

constexpr const char* kTypeName = "ca";
constexpr std::int64_t kDaySeconds = 86400;
constexpr std::int64_t kMaxEndEntitySeconds = 1096 * kDaySeconds;  // table C.6-1: 3 years
constexpr std::int64_t kIdleTransactionSeconds = 300;

std::vector<ParamRule> ca_rules() {
  return {
      {"validity", ParamType::duration,
       "validity of issued end-entity certificates (at most 1096d)", false, "365d"},
      {"ca_validity", ParamType::duration, "validity of the root and issuing CA", false, "3650d"},
      {"key_type", ParamType::string, "CA key type: ec-p256, ec-p384, rsa-2048, rsa-3072, ed25519",
       false, "ec-p256"},
      {"root_name", ParamType::string, "root CA subject", false, "CN=<actor> Root CA,O=ifa026"},
      {"issuing_name", ParamType::string, "issuing CA subject", false,
       "CN=<actor> Issuing CA,O=ifa026"},
      {"processing", ParamType::duration_map,
       "processing times: issue (default 5ms), revoke (1ms), crl (10ms), register (1ms)"},
      {"concurrency", ParamType::integer, "requests processed at once", false, "1"},
      {"ra_credentials", ParamType::array,
       "day-0 CMP ir secrets of RAs: [{\"reference\": ..., \"secret\": ...}]"},
      {"ra_subjects", ParamType::string_list,
       "subjects (full DN or CN) whose certificates may act as RA"},
      {"crl_interval", ParamType::duration, "CRL publication period (0: only at start)", false,
       "1d"},
      {"crl_next_update", ParamType::duration, "CRL nextUpdate after thisUpdate", false,
       "2 x crl_interval"},
      {"crl_subscribers", ParamType::string_list, "actors that get every CRL on CRL-DP"},
  };
}

struct RaCredential {
  std::string reference;
  std::string secret;
};

// The valid entries of `ra_credentials`; a diagnostic per bad one when `out` is given.
std::vector<RaCredential> read_ra_credentials(const json& params,
                                              std::vector<sim::Diagnostic>* out) {
  std::vector<RaCredential> list;
  auto it = params.find("ra_credentials");
  if (it == params.end() || !it->is_array()) return list;
  for (std::size_t i = 0; i < it->size(); ++i) {
    const json& entry = (*it)[i];
    const std::string reference = get_string(entry, "reference");
    const std::string secret = get_string(entry, "secret");
    if (reference.empty() || secret.empty()) {
      if (out)
        out->push_back({"", 0, 0, "/ra_credentials/" + std::to_string(i),
                        "expected {\"reference\": non-empty string, \"secret\": non-empty string}",
                        false});
      continue;
    }
    list.push_back({reference, secret});
  }
  return list;
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

std::int64_t whole_seconds(Duration d) {
  return d.ns() / 1'000'000'000;
}

void check_ca_params(const json& params, std::vector<sim::Diagnostic>& out) {
  check_params(kTypeName, params, ca_rules(), out);
  if (!params.is_object()) return;
  auto type = params.find("key_type");
  if (type != params.end() && type->is_string() &&
      !pki::key_type_from_string(type->get<std::string>()))
    out.push_back({"", 0, 0, "/key_type",
                   "key_type: unknown key type (ec-p256, ec-p384, rsa-2048, rsa-3072, ed25519)",
                   false});
  for (const char* name : {"root_name", "issuing_name"}) {
    auto it = params.find(name);
    if (it != params.end() && it->is_string() && !parse_name(it->get<std::string>()))
      out.push_back({"", 0, 0, std::string("/") + name,
                     std::string(name) + ": not a distinguished name such as \"CN=Root,O=Op\"",
                     false});
  }
  if (params.contains("validity")) {
    const auto seconds = whole_seconds(duration_param(params, "validity", Duration::days(365)));
    if (seconds <= 0 || seconds > kMaxEndEntitySeconds)
      out.push_back({"", 0, 0, "/validity",
                     "validity: must be at least 1s and at most 1096d (table C.6-1)", false});
  }
  if (params.contains("ca_validity") &&
      whole_seconds(duration_param(params, "ca_validity", Duration::days(3650))) <= 0)
    out.push_back({"", 0, 0, "/ca_validity", "ca_validity: must be at least 1s", false});
  if (params.contains("crl_next_update") &&
      whole_seconds(duration_param(params, "crl_next_update", Duration::days(2))) <= 0)
    out.push_back({"", 0, 0, "/crl_next_update", "crl_next_update: must be at least 1s", false});
  if (auto it = params.find("processing"); it != params.end() && it->is_object()) {
    for (const auto& [key, value] : it->items())
      if (key != "issue" && key != "revoke" && key != "crl" && key != "register")
        out.push_back(
            {"", 0, 0, "/processing/" + key,
             "unknown processing entry \"" + key + "\" (ca takes: issue, revoke, crl, register)",
             true});
  }
  read_ra_credentials(params, &out);
}

// The actor's settings, defaults applied (parameters were checked before).
struct CaSettings {
  pki::DistinguishedName root_name;
  pki::DistinguishedName issuing_name;
  pki::KeyType key_type = pki::KeyType::ec_p256;
  std::int64_t validity_seconds = 365 * kDaySeconds;
  std::int64_t ca_validity_seconds = 3650 * kDaySeconds;
  Duration issue_time = Duration::milliseconds(5);
  Duration revoke_time = Duration::milliseconds(1);
  Duration crl_time = Duration::milliseconds(10);
  Duration register_time = Duration::milliseconds(1);
  std::size_t concurrency = 1;
  std::vector<RaCredential> ra_credentials;
  std::vector<std::string> ra_subjects;
  Duration crl_interval = Duration::days(1);
  std::int64_t crl_next_update_seconds = 2 * kDaySeconds;
  std::vector<std::string> crl_subscribers;
};

CaSettings read_settings(const sim::ActorSpec& spec) {
  const json& p = spec.params;
  CaSettings s;
  s.root_name =
      parse_name(string_param(p, "root_name"))
          .value_or(pki::DistinguishedName{{{"CN", spec.name + " Root CA"}, {"O", "ifa026"}}});
  s.issuing_name =
      parse_name(string_param(p, "issuing_name"))
          .value_or(pki::DistinguishedName{{{"CN", spec.name + " Issuing CA"}, {"O", "ifa026"}}});
  s.key_type = pki::key_type_from_string(string_param(p, "key_type", "ec-p256"))
                   .value_or(pki::KeyType::ec_p256);
  const auto validity = whole_seconds(duration_param(p, "validity", Duration::days(365)));
  if (validity > 0 && validity <= kMaxEndEntitySeconds) s.validity_seconds = validity;
  const auto ca_validity = whole_seconds(duration_param(p, "ca_validity", Duration::days(3650)));
  if (ca_validity > 0) s.ca_validity_seconds = ca_validity;
  s.issue_time = duration_entry(p, "processing", "issue", s.issue_time);
  s.revoke_time = duration_entry(p, "processing", "revoke", s.revoke_time);
  s.crl_time = duration_entry(p, "processing", "crl", s.crl_time);
  s.register_time = duration_entry(p, "processing", "register", s.register_time);
  s.concurrency = static_cast<std::size_t>(std::max<long long>(1, int_param(p, "concurrency", 1)));
  s.ra_credentials = read_ra_credentials(p, nullptr);
  s.ra_subjects = string_list_param(p, "ra_subjects");
  s.crl_interval = duration_param(p, "crl_interval", s.crl_interval);
  if (s.crl_interval < Duration()) s.crl_interval = Duration();
  const auto default_next = std::max<std::int64_t>(1, 2 * whole_seconds(s.crl_interval));
  const auto next =
      whole_seconds(duration_param(p, "crl_next_update", Duration::seconds(default_next)));
  s.crl_next_update_seconds = next > 0 ? next : default_next;
  s.crl_subscribers = string_list_param(p, "crl_subscribers");
  return s;
}

// CMP body names as the CA-1 envelopes carry them.
std::string cmp_body_name(int body) {
  return std::string(pki::cmp_body_name(body).value_or("unknown"));
}

// The body number an envelope operation names (used only when the DER cannot be read).
int cmp_body_of_name(const std::string& name) {
  for (int body = 0; body <= 26; ++body)
    if (cmp_body_name(body) == name) return body;
  return -1;
}

bool is_certificate_request(int body) {
  using B = pki::CmpBody;
  return body == static_cast<int>(B::ir) || body == static_cast<int>(B::cr) ||
         body == static_cast<int>(B::p10cr) || body == static_cast<int>(B::kur);
}

// The flow tables number a request to the CA F#N, the CA's work F#N+1 and its answer F#N+2
// (C.4.x.2: #3, #4, #5; C.2.1.1: #5, #6, #7; C.2.1.4: #3, #4, #5). Steps without a number after
// '#' stay as they are.
std::string step_after(const std::string& step, int offset) {
  const auto hash = step.rfind('#');
  if (hash == std::string::npos || hash + 1 >= step.size() || step.size() - hash > 6) return step;
  int number = 0;
  for (std::size_t i = hash + 1; i < step.size(); ++i) {
    if (step[i] < '0' || step[i] > '9') return step;
    number = number * 10 + (step[i] - '0');
  }
  return step.substr(0, hash + 1) + std::to_string(number + offset);
}

// "notAuthorized: <text>" from a response's failure bits and status text.
std::string failure_text(const pki::CmpMessageInfo& info) {
  std::string names;
  for (int bit = 0; bit <= 26; ++bit) {
    if ((info.fail_info & (1u << bit)) == 0) continue;
    if (!names.empty()) names += ",";
    names += std::string(pki::to_string(static_cast<pki::CmpFailure>(bit)));
  }
  if (names.empty()) return info.status_text.empty() ? "rejected" : info.status_text;
  return info.status_text.empty() ? names : names + ": " + info.status_text;
}

class CaActor final : public sim::Actor, public CaHierarchy {
 public:
  CaActor(sim::ActorContext& context, const sim::ActorSpec& spec)
      : Actor(context),
        settings_(read_settings(spec)),
        queue_(context, settings_.concurrency, "ca") {
    const pki::Instant start = pki_instant(context.epoch(), sim::Time::zero());
    const pki::Instant not_before{start.unix_ns - kDaySeconds * 1'000'000'000};
    root_ = std::make_unique<pki::CertificateAuthority>(pki::CertificateAuthority::create_root(
        settings_.root_name, pki::PrivateKey::generate(settings_.key_type), not_before,
        settings_.ca_validity_seconds));
    issuing_ =
        std::make_unique<pki::CertificateAuthority>(pki::CertificateAuthority::create_subordinate(
            *root_, settings_.issuing_name, pki::PrivateKey::generate(settings_.key_type),
            not_before, settings_.ca_validity_seconds, 0));

    pki::CmpServerConfig config;
    config.profile.validity_seconds = settings_.validity_seconds;
    const std::string base = "http://" + spec.name + ".ca.invalid";
    config.profile.crl_url = base + "/crl/issuing.crl";
    config.profile.ocsp_url = base + "/ocsp";
    config.profile.ca_issuers_url = base + "/issuing.crt";
    config.chain = {root_->certificate()};
    config.ca_pubs = {root_->certificate()};
    server_ = std::make_unique<pki::CmpServer>(*issuing_, std::move(config));
    for (const auto& credential : settings_.ra_credentials) {
      pki::InitialCredentialLimits limits;
      limits.one_use = false;
      server_->register_initial_credential(
          credential.reference, pki::Bytes(credential.secret.begin(), credential.secret.end()),
          limits);
      ra_references_.insert(credential.reference);
    }
    server_->authorise = [this](const pki::CmpRequestInfo& info) { return authorise(info); };
  }

  void on_start() override { crl_tick(); }

  // ---- CaHierarchy ----
  pki::Certificate root_certificate() const override { return root_->certificate(); }
  std::vector<pki::Certificate> issuing_certificates() const override {
    return {issuing_->certificate()};
  }

  void on_message(const sim::Message& message) override {
    try {
      receive(message);
    } catch (const std::exception& e) {
      context().trace(
          internal_error_record(message.operation.empty() ? "CmpMessage" : message.operation,
                                message.from, message.step, e.what(), reference_points::kCa1));
    }
  }

 private:
  struct Request {
    std::string from;
    std::string operation;  // as the envelope named it
    std::string step;
    std::optional<json> exchange;
    pki::Bytes der;
    int body = -1;  // PKIBody of the DER, -1 when unreadable
    std::optional<std::string> sender_kid;
    std::string transaction_id;  // hex
  };

  // An end entity an RA registered (direct mode), by the reference of its initial credential.
  // What the template checks need (subject, dNSNames) is kept only until a one-use credential is
  // spent (its certificate confirmed): the server refuses any later ir/p10cr with it before
  // asking the policy, and kur is authenticated by the certificate. A repeated registration is
  // told from a conflicting one by a fingerprint of every registered field.
  struct Registered {
    struct Template {
      pki::DistinguishedName subject;
      std::vector<std::string> dns;  // sorted
    };
    std::string identity;
    std::array<std::uint8_t, 32> fingerprint{};  // SHA-256 of identity, subject, dns, secret...
    bool one_use = true;
    std::unique_ptr<Template> pending;  // null once the one-use credential is spent
  };

  // SHA-256 over the fields of a registration, each length-prefixed (equal iff all are equal).
  static std::array<std::uint8_t, 32> registration_fingerprint(
      const std::string& identity, const pki::DistinguishedName& subject,
      const std::vector<std::string>& dns, const pki::Bytes& secret, bool one_use,
      const std::optional<pki::Instant>& expires) {
    pki::Bytes data;
    auto number = [&](std::uint64_t v) {
      for (int i = 0; i < 8; ++i) data.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
    };
    auto text = [&](const std::string& t) {
      number(t.size());
      data.insert(data.end(), t.begin(), t.end());
    };
    text(identity);
    number(subject.attributes.size());
    for (const auto& [type, value] : subject.attributes) {
      text(type);
      text(value);
    }
    number(dns.size());
    for (const auto& name : dns) text(name);
    const pki::Bytes secret_digest = pki::sha256(secret);
    number(secret_digest.size());
    data.insert(data.end(), secret_digest.begin(), secret_digest.end());
    number(one_use ? 1 : 0);
    number(expires ? 1 : 0);
    number(expires ? static_cast<std::uint64_t>(expires->unix_ns) : 0);
    const pki::Bytes digest = pki::sha256(data);
    std::array<std::uint8_t, 32> out{};
    std::copy_n(digest.begin(), std::min(digest.size(), out.size()), out.begin());
    return out;
  }

  // After a certConf: drops the template of a registration whose one-use credential is spent.
  void forget_spent_template(const std::string& reference) {
    auto it = registrations_.find(reference);
    if (it == registrations_.end() || !it->second.pending || !it->second.one_use) return;
    if (server_->credential_usable(reference, pki_now(context()))) return;
    it->second.pending.reset();
  }

  void receive(const sim::Message& message) {
    std::string why;
    auto envelope = decode_envelope(message.payload, &why);
    if (!envelope) {
      reject(message.operation.empty() ? "CmpMessage" : message.operation, message.from,
             message.step, "not an envelope: " + why);
      return;
    }
    if (envelope->operation == operations::kRegisterEndEntityRequest) {
      queue_.submit(settings_.register_time, "RegisterEndEntity",
                    [this, from = message.from, request = std::move(*envelope)]() {
                      try {
                        register_end_entity(from, request);
                      } catch (const std::exception& e) {
                        context().trace(internal_error_record(request.operation, from, request.step,
                                                              e.what(), reference_points::kCa1));
                      }
                    });
      return;
    }
    Request request;
    request.from = message.from;
    request.operation = envelope->operation;
    request.step = envelope->step;
    auto der = get_bytes(envelope->body, "der");
    if (!der) {
      reject(envelope->operation, message.from, envelope->step, "no CMP message (der) in the body");
      return;
    }
    request.der = std::move(*der);
    if (auto it = envelope->body.find("exchange");
        it != envelope->body.end() && it->is_number_integer())
      request.exchange = *it;
    try {
      const auto info = pki::peek_cmp_message(request.der);
      request.body = info.body;
      request.transaction_id = pki::to_hex(info.transaction_id);
      if (!info.sender_kid.empty())
        request.sender_kid = std::string(info.sender_kid.begin(), info.sender_kid.end());
    } catch (const std::exception&) {
      request.body = -1;  // the server answers it with an error message
    }
    Duration service;
    if (is_certificate_request(request.body))
      service = settings_.issue_time;
    else if (request.body == static_cast<int>(pki::CmpBody::rr))
      service = settings_.revoke_time;
    queue_.submit(service, "ProcessCmp",
                  [this, request = std::move(request)]() mutable { complete(request); });
  }

  void complete(const Request& request) {
    try {
      process(request);
    } catch (const std::exception& e) {
      context().trace(internal_error_record(request.operation, request.from, request.step, e.what(),
                                            reference_points::kCa1));
    }
  }

  void process(const Request& request) {
    const pki::Bytes response = server_->handle(request.der, pki_now(context()));
    if (response.empty()) {
      reject(request.operation, request.from, request.step, "the CMP server gave no response");
      return;
    }
    pki::CmpMessageInfo info;
    try {
      info = pki::peek_cmp_message(response);
    } catch (const std::exception& e) {
      // Our own CMP server's answer: not the requester's fault.
      context().trace(internal_error_record(request.operation, request.from, request.step,
                                            std::string("unreadable CMP response: ") + e.what(),
                                            reference_points::kCa1));
      return;
    }
    const int body = request.body >= 0 ? request.body : cmp_body_of_name(request.operation);
    const bool accepted = info.status && (*info.status == 0 || *info.status == 1);
    // A request F#N is answered at F#N+2; certConf is answered at its transaction's answer step.
    std::string reply_step = request.step;
    bool revoked = false;
    if (is_certificate_request(body) || body == static_cast<int>(pki::CmpBody::rr)) {
      reply_step = step_after(request.step, 2);
    } else if (body == static_cast<int>(pki::CmpBody::cert_conf)) {
      auto it = confirm_steps_.find(request.transaction_id);
      if (it != confirm_steps_.end()) {
        reply_step = it->second.step;
        // A holder that refuses its new certificate (e.g. it does not chain to the trust anchor
        // it was given) withdraws it: the server revokes it, and the next CRL lists it.
        if (issuing_->is_revoked(it->second.serial)) {
          revoked = true;
          sim::TraceRecord r;
          r.kind = sim::RecordKind::decision;
          r.peer = request.from;
          r.reference_point = reference_points::kCa1;
          r.operation = "RevokeCertificate";
          r.step = reply_step;
          r.outcome = "ok";
          r.detail = TraceDetail()
                         .add("serial", it->second.serial)
                         .add("reason", "not confirmed by the holder");
          context().trace(std::move(r));
        }
        confirm_steps_.erase(it);
      }
    }
    if (is_certificate_request(body) && accepted && info.certificate &&
        !request.transaction_id.empty()) {
      confirm_steps_[request.transaction_id] = {
          reply_step, pki_now(context()),
          pki::Certificate::from_der(*info.certificate).serial_hex()};
    }
    if (is_certificate_request(body)) {
      record_issue(request, body, info, accepted);
    } else if (body == static_cast<int>(pki::CmpBody::rr)) {
      revoked = accepted && info.body == static_cast<int>(pki::CmpBody::rp);
      record_revocation(request, info, revoked);
    } else if (info.body == static_cast<int>(pki::CmpBody::error)) {
      reject(request.operation, request.from, request.step, failure_text(info));
    }

    Envelope reply;
    reply.operation = cmp_body_name(info.body);
    reply.step = reply_step;
    if (request.exchange) reply.body["exchange"] = *request.exchange;
    set_bytes(reply.body, "der", response);
    sim::Message message;
    message.to = request.from;
    message.reference_point = reference_points::kCa1;
    message.operation = reply.operation;
    message.step = reply.step;
    message.payload = encode_envelope(reply);
    context().send(std::move(message));

    if (revoked) publish_crl();
    if (body == static_cast<int>(pki::CmpBody::cert_conf) && request.sender_kid)
      forget_spent_template(*request.sender_kid);
  }

  void record_issue(const Request& request, int body, const pki::CmpMessageInfo& info,
                    bool accepted) {
    sim::TraceRecord r;
    r.kind = sim::RecordKind::decision;
    r.peer = request.from;
    r.reference_point = reference_points::kCa1;
    r.operation = "IssueCertificate";
    r.step = step_after(request.step, 1);
    TraceDetail detail;
    detail.add("request", cmp_body_name(body));
    if (accepted && info.certificate) {
      const auto certificate = pki::Certificate::from_der(*info.certificate);
      const std::string serial = certificate.serial_hex();
      r.outcome = "ok";
      detail.add("serial", serial).add("subject", certificate.subject().to_string());
      const auto san = certificate.san();
      if (!san.dns.empty()) detail.add("fqdn", san.dns.front());
      detail.add("not_after", sim::format_utc(sim::UtcInstant{certificate.not_after().unix_ns}));
      // A certificate enrolled with a day-0 RA credential is an RA certificate.
      if (body == static_cast<int>(pki::CmpBody::ir) && request.sender_kid &&
          ra_references_.count(*request.sender_kid) != 0) {
        ra_serials_.insert(serial);
        detail.add("ra", "true");
      }
      if (request.sender_kid) {
        auto registered = registrations_.find(*request.sender_kid);
        if (registered != registrations_.end()) detail.add("identity", registered->second.identity);
      }
    } else {
      r.outcome = "rejected";
      detail.add("reason", failure_text(info));
    }
    r.detail = detail;
    context().trace(std::move(r));
  }

  void record_revocation(const Request& request, const pki::CmpMessageInfo& info, bool revoked) {
    sim::TraceRecord r;
    r.kind = sim::RecordKind::decision;
    r.peer = request.from;
    r.reference_point = reference_points::kCa1;
    r.operation = "RevokeCertificate";
    r.step = step_after(request.step, 1);
    r.outcome = revoked ? "ok" : "rejected";
    TraceDetail detail;
    detail.add("serial", revocation_target_serial(request.der).value_or("unknown"));
    if (!revoked) detail.add("reason", failure_text(info));
    r.detail = detail;
    context().trace(std::move(r));
  }

  // Only RAs may request certificates (for others) or revoke others' certificates; a holder
  // may still revoke its own certificate (the server does not ask for that). An ir protected by
  // an initial credential is the RA's own enrolment (RA credential) or a registered end entity's,
  // whose template must ask for the registered identity. A p10cr protected by an initial
  // credential is accepted from a registered end entity only (direct mode with an HSM-signed
  // PKCS#10, C.2.1.3 #13), with the same checks: its CSR must ask for the registered subject and
  // dNSNames, and the server refuses a spent one-use or expired credential as for ir. A kur is
  // signed by the certificate it renews (the server checked the signature at `now`, so an expired
  // one fails, the oldCertID and revocation); the holder of any certificate of this CA may renew
  // it.
  std::optional<std::string> authorise(const pki::CmpRequestInfo& info) const {
    if ((info.body == pki::CmpBody::ir || info.body == pki::CmpBody::p10cr) && info.reference) {
      auto registered = registrations_.find(*info.reference);
      if (registered == registrations_.end()) {
        if (info.body == pki::CmpBody::p10cr)
          return "p10cr with an initial credential: only for end entities an RA registered";
        return std::nullopt;  // RA credential
      }
      // Unreachable: the server refuses a spent credential before asking.
      if (!registered->second.pending) return "one-use initial credential already used";
      return template_problem(registered->second, info.requested);
    }
    if (info.signer && is_ra(*info.signer)) return std::nullopt;
    if (info.body == pki::CmpBody::kur && info.signer &&
        info.signer->issuer() == issuing_->certificate().subject())
      return std::nullopt;
    if (info.body == pki::CmpBody::rr)
      return "only a registration authority may revoke another entity's certificate";
    return cmp_body_name(static_cast<int>(info.body)) +
           ": only a registration authority may request certificates";
  }

  // Why a registered end entity's certificate template is not for the registered identity (the
  // check `ifa026 ca serve` makes too: pki/entity_identity).
  static std::optional<std::string> template_problem(const Registered& registered,
                                                     const std::optional<pki::CsrContent>& asked) {
    if (!asked) return std::nullopt;  // the registered subject is imposed, no SAN requested
    const Registered::Template& known = *registered.pending;
    return pki::identity_mismatch(
        pki::EntityIdentity{known.subject, pki::SubjectAltName{known.dns, {}, {}}}, *asked,
        registered.identity);
  }

  // ---- end-entity registration (direct mode, C.2.1.1 step 2) ----

  void register_end_entity(const std::string& from, const Envelope& request) {
    const json& body = request.body;
    const std::string identity = get_string(body, "identity");
    const std::string reference = get_string(body, "reference");
    TraceDetail detail;
    detail.add("identity", identity).add("reference", reference);
    auto answer = [&](const std::string& status, const std::string& reason) {
      sim::TraceRecord r;
      r.kind = sim::RecordKind::decision;
      r.peer = from;
      r.reference_point = reference_points::kCa1;
      r.operation = "RegisterEndEntity";
      r.step = request.step;
      r.outcome = status;
      if (!reason.empty()) detail.add("reason", reason);
      r.detail = detail;
      context().trace(std::move(r));
      Envelope reply;
      reply.operation = operations::kRegisterEndEntityResponse;
      reply.step = request.step;
      if (auto it = body.find("exchange"); it != body.end() && it->is_number()) {
        reply.body["exchange"] = *it;
      }
      reply.body["status"] = status;
      if (!reason.empty()) reply.body["reason"] = reason;
      reply.body["identity"] = identity;
      reply.body["reference"] = reference;
      sim::Message message;
      message.to = from;
      message.reference_point = reference_points::kCa1;
      message.operation = reply.operation;
      message.step = reply.step;
      message.payload = encode_envelope(reply);
      context().send(std::move(message));
    };

    // Who asks: a valid signature by a current RA certificate of this CA.
    std::optional<pki::Certificate> signer;
    if (auto why = verify_registration(body, &signer))
      return answer("rejected", "authentication: " + *why);
    detail.add("signer", signer->serial_hex());
    if (auto why = ra_signer_problem(*signer)) return answer("rejected", *why);

    std::string problem;
    auto registration = parse_registration(body, &problem);
    if (!registration) return answer("rejected", problem);
    Registered entry;
    entry.identity = registration->identity;
    entry.pending = std::make_unique<Registered::Template>();
    Registered::Template& wanted = *entry.pending;
    wanted.subject = pki::DistinguishedName::parse(registration->subject);
    wanted.dns = registration->dns;
    std::sort(wanted.dns.begin(), wanted.dns.end());
    wanted.dns.erase(std::unique(wanted.dns.begin(), wanted.dns.end()), wanted.dns.end());
    entry.one_use = registration->one_use;
    const std::optional<pki::Instant> expires = registration->expires;
    entry.fingerprint = registration_fingerprint(entry.identity, wanted.subject, wanted.dns,
                                                 registration->secret, entry.one_use, expires);
    detail.add("subject", wanted.subject.to_string())
        .add("one_use", entry.one_use ? "true" : "false");
    if (expires) detail.add("expires", sim::format_utc(sim::UtcInstant{expires->unix_ns}));

    if (ra_references_.count(reference) != 0)
      return answer("rejected", "reference is an RA credential");
    if (auto existing = registrations_.find(reference); existing != registrations_.end()) {
      const Registered& known = existing->second;
      // The same request again (a retry, or a replay) changes nothing, so it may succeed again.
      if (known.fingerprint == entry.fingerprint) {
        detail.add("repeat", "true");
        return answer("registered", "");
      }
      return answer("rejected", "reference already registered for " + known.identity);
    }
    const pki::Instant now = pki_now(context());
    if (expires && *expires <= now) return answer("rejected", "expires in the past");

    pki::InitialCredentialLimits limits;
    limits.one_use = entry.one_use;
    limits.expires = expires;
    limits.subject = wanted.subject;
    server_->register_initial_credential(reference, std::move(registration->secret), limits);
    registrations_.emplace(reference, std::move(entry));
    answer("registered", "");
  }

  // Why `signer` may not register end entities; nullopt when it may.
  std::optional<std::string> ra_signer_problem(const pki::Certificate& signer) {
    if (!is_ra(signer)) return "signer is not a registration authority of this CA";
    const pki::Instant now = pki_now(context());
    if (!verified_signer_.covers(signer, now)) {
      pki::TrustStore trust;
      trust.add_anchor(root_->certificate());
      trust.add_intermediate(issuing_->certificate());
      const auto verdict = pki::verify_certificate(signer, trust, now);
      if (!verdict.ok())
        return "signer certificate: " + std::string(pki::to_string(verdict.failure));
      verified_signer_.remember(signer, {issuing_->certificate(), root_->certificate()});
    }
    if (issuing_->is_revoked(signer.serial_hex())) return "signer certificate revoked";
    return std::nullopt;
  }

  // The RA certificate whose path to this CA's root verified last. The path check depends on
  // time only through the validity periods (the trust is this CA's own two certificates, and
  // revocation is checked on every request), so while every certificate of the path is valid a
  // registration signed with the same certificate needs no new path check.
  class VerifiedSigner {
   public:
    // As OpenSSL: valid from notBefore, expired at notAfter.
    bool covers(const pki::Certificate& signer, pki::Instant at) const {
      return signer_ && *signer_ == signer && from_ <= at && at < until_;
    }
    void remember(const pki::Certificate& signer, const std::vector<pki::Certificate>& path) {
      signer_ = signer;
      from_ = signer.not_before();
      until_ = signer.not_after();
      for (const auto& c : path) {
        from_ = std::max(from_, c.not_before());
        until_ = std::min(until_, c.not_after());
      }
    }

   private:
    std::optional<pki::Certificate> signer_;
    pki::Instant from_, until_;
  };

  bool is_ra(const pki::Certificate& signer) const {
    if (!(signer.issuer() == issuing_->certificate().subject())) return false;
    if (ra_serials_.count(signer.serial_hex()) != 0) return true;
    const auto subject = signer.subject();
    const std::string cn = subject.common_name();
    for (const auto& entry : settings_.ra_subjects) {
      if (!cn.empty() && entry == cn) return true;
      if (auto name = parse_name(entry); name && *name == subject) return true;
    }
    return false;
  }

  void crl_tick() {
    const pki::Instant now = pki_now(context());
    server_->expire_transactions(now, kIdleTransactionSeconds);
    for (auto it = confirm_steps_.begin(); it != confirm_steps_.end();) {
      if (now.unix_ns - it->second.answered.unix_ns >= kIdleTransactionSeconds * 1'000'000'000)
        it = confirm_steps_.erase(it);
      else
        ++it;
    }
    publish_crl();
    if (settings_.crl_interval > Duration())
      context().schedule(settings_.crl_interval, "CrlTick", [this] { crl_tick(); });
  }

  void publish_crl() {
    queue_.submit(settings_.crl_time, "BuildCrl", [this] {
      try {
        const pki::Crl crl = issuing_->crl(pki_now(context()), settings_.crl_next_update_seconds);
        sim::TraceRecord r;
        r.kind = sim::RecordKind::decision;
        r.reference_point = reference_points::kCrlDp;
        r.operation = "PublishCrl";
        r.outcome = "ok";
        r.detail =
            TraceDetail()
                .add("number", static_cast<long long>(crl.number()))
                .add("entries", static_cast<long long>(crl.revoked().size()))
                .add("next_update", sim::format_utc(sim::UtcInstant{crl.next_update().unix_ns}));
        context().trace(std::move(r));
        Envelope envelope;
        envelope.operation = operations::kCrlPublication;
        set_bytes(envelope.body, "crl", crl.der());
        const pki::Bytes payload = encode_envelope(envelope);
        for (const auto& subscriber : settings_.crl_subscribers) {
          sim::Message message;
          message.to = subscriber;
          message.reference_point = reference_points::kCrlDp;
          message.operation = envelope.operation;
          message.payload = payload;
          context().send(std::move(message));
        }
      } catch (const std::exception& e) {
        context().trace(internal_error_record("PublishCrl", "", "",
                                              std::string("cannot build the CRL: ") + e.what(),
                                              reference_points::kCrlDp));
      }
    });
  }

  void reject(const std::string& operation, const std::string& peer, const std::string& step,
              const std::string& reason, const char* reference_point = reference_points::kCa1) {
    sim::TraceRecord r;
    r.kind = sim::RecordKind::decision;
    r.peer = peer;
    r.reference_point = reference_point;
    r.operation = operation;
    r.step = step;
    r.outcome = "rejected";
    r.detail = TraceDetail().add("reason", reason);
    context().trace(std::move(r));
  }

  CaSettings settings_;
  WorkQueue queue_;
  std::unique_ptr<pki::CertificateAuthority> root_;
  std::unique_ptr<pki::CertificateAuthority> issuing_;
  std::unique_ptr<pki::CmpServer> server_;
  std::set<std::string> ra_references_;
  std::set<std::string> ra_serials_;
  VerifiedSigner verified_signer_;
  std::map<std::string, Registered> registrations_;  // by credential reference
  // Transactions awaiting certConf, by transactionID (hex).
  struct AwaitingConfirmation {
    std::string step;  // of the answer, which the pkiConf repeats
    pki::Instant answered;
    std::string serial;  // the certificate to be confirmed
  };
  std::map<std::string, AwaitingConfirmation> confirm_steps_;
};

}  // namespace

void register_ca_actor(sim::ActorRegistry& registry) {
  sim::ActorType type;
  type.description =
      "root and issuing CA: CMP server on CA-1 (ir/cr/p10cr/kur/rr), RA policy, end-entity "
      "registration by the RA (direct mode), CRLs on CRL-DP";
  type.create = [](sim::ActorContext& context, const sim::ActorSpec& spec) {
    return std::make_unique<CaActor>(context, spec);
  };
  type.check_params = check_ca_params;
  type.params = ca_rules();
  type.commands.emplace();  // none
  registry.add(kTypeName, std::move(type));
}

}  // namespace ifa026::actors
