// The `vnfci` actor (docs/direct-mode.md): one VNFC instance in direct mode. It takes its
// certificate configuration from the CMF over a day-0 TLS session (CMF-VNFCI), and for each
// identity generates a key pair, enrols directly at the CA with CMP ir protected by the initial
// credential (C.2.1.1 #4-#7), verifies what it gets (chain to the configured trust anchor at
// simulated time, subject and dNSNames as configured, its own key), and renews with kur signed by
// the current certificate once not_after - renew_before is reached (C.2.1.4). A CMP operation the
// CA does not answer is retried with exponential back-off.
//
// With `secure_bootstrap` (set by the VNFM) its HMEE is attested at start (vnfci::Attester,
// C.2.1.2 pre-condition 3) and the day-0 secret of each relying party is the PSK derived from the
// attestation; the configuration then names the flow (C.2.1.2: the steps are numbered #5-#9;
// C.2.1.3: key pairs come from the HSM over mutual TLS, vnfci::HsmLink, #6-#8, the request is
// built (#9), optionally signed by the HSM (#10-#12) and sent at #13; with `key_rotation` the
// steps #6-#15 repeat, the new key enrolled by kur signed with the current certificate).
//
// Memory per identity is kept small (issue 5: 4 KiB per enrolled identity): the certificate as
// DER (pki::Certificate), the key as PKCS#8 DER parsed only to renew, the texts of the
// configuration, an index into the actor's list of distinct trust anchors; the initial
// credential is dropped once used.
#include "actors/vnfci/vnfci_actor.hpp"

#include <algorithm>
#include <exception>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "actors/common/cmp_exchange.hpp"
#include "actors/common/envelope.hpp"
#include "actors/common/internal_error.hpp"
#include "actors/common/operations.hpp"
#include "actors/common/pki_clock.hpp"
#include "actors/common/reference_points.hpp"
#include "actors/common/secure_channels.hpp"
#include "actors/common/trace_detail.hpp"
#include "actors/common/work_queue.hpp"
#include "actors/vnfci/attester.hpp"
#include "actors/vnfci/hsm_link.hpp"
#include "actors/vnfci/vnfci_config.hpp"
#include "actors/vnfci/vnfci_identities.hpp"
#include "pki/certificate_authority.hpp"
#include "pki/chain_verifier.hpp"

namespace ifa026::actors {
namespace {

using nlohmann::json;
using sim::Duration;
using sim::RecordKind;

constexpr const char* kTypeName = "vnfci";

// Flow steps (docs/direct-mode.md): enrolment steps by flow, renewal (C.2.1.4) for all.
constexpr const char* kFlowDirect = "C.2.1.1";
constexpr const char* kFlowAttested = "C.2.1.2";
constexpr const char* kFlowHsm = "C.2.1.3";

struct FlowSteps {
  int configuration;
  int key;  // GenerateKey (C.2.1.3: the key pair from the HSM)
  int request;
  int reply;
};

FlowSteps steps_of(const std::string& flow) {
  if (flow == kFlowAttested) return {5, 6, 7, 9};
  if (flow == kFlowHsm) return {5, 8, 13, 15};
  return {3, 4, 5, 7};
}

std::string flow_step(const std::string& flow, int number) {
  return flow + "#" + std::to_string(number);
}

constexpr const char* kStepRenewalCondition = "C.2.1.4#0";
constexpr const char* kStepRenewalDue = "C.2.1.4#1";
constexpr const char* kStepRenewalKey = "C.2.1.4#2";
constexpr const char* kStepKur = "C.2.1.4#3";
constexpr const char* kStepKup = "C.2.1.4#5";

enum class Purpose { enrolment, renewal, rotation };

const char* to_string(Purpose purpose) {
  switch (purpose) {
    case Purpose::enrolment:
      return "enrolment";
    case Purpose::renewal:
      return "renewal";
    case Purpose::rotation:
      return "rotation";
  }
  return "enrolment";
}

// One enrolment, renewal or key rotation in progress.
struct Attempt {
  std::uint64_t id = 0;
  Purpose purpose = Purpose::enrolment;
  bool renewal = false;                // enrolled by kur (a renewal or a key rotation)
  std::optional<pki::PrivateKey> key;  // the new key
  std::string handle;                  // its HSM handle (C.2.1.3)
  std::optional<pki::Csr> csr;         // the HSM-signed request (C.2.1.3 #10-#12)
  int retries = 0;                     // retries done so far
  std::uint64_t operation = 0;         // CmpExchange operation in flight, 0: none
  sim::EventId retry_timer;
};

// The one-use initial credential an identity enrols with (dropped once enrolled).
struct InitialCredential {
  std::string reference;
  pki::Bytes secret;
};

// One configured identity (its name is its key in the actor's map).
struct Identity {
  std::string flow = kFlowDirect;  // the enrolment flow the configuration named
  std::string subject;
  std::vector<std::string> dns;
  std::string ca;
  std::unique_ptr<InitialCredential> credential;  // null once enrolled
  std::uint32_t anchor = 0;                       // index into the actor's trust anchors
  Duration renew_before;
  std::optional<pki::Certificate> certificate;
  // The certificate's private key as compact unencrypted PKCS#8 (67 bytes for P-256), parsed when a
  // renewal needs it: an OpenSSL EVP_PKEY held instead costs about 2.5 KB.
  pki::Bytes key_der;
  std::unique_ptr<Attempt> attempt;
  sim::EventId renewal_timer;
  sim::EventId rotation_timer;
  std::uint32_t renewals = 0;
  std::uint32_t rotations = 0;
};

class VnfciActor final : public sim::Actor, public VnfciIdentities {
 public:
  VnfciActor(sim::ActorContext& context, const sim::ActorSpec& spec)
      : Actor(context),
        settings_(vnfci::shared_settings(spec.params)),
        queue_(context, settings_->concurrency),
        channels_(
            context, [this](const ChannelMessage& m) { guarded([&] { on_channel_message(m); }); },
            [this](const std::string& peer, ChannelKind kind, const std::string& failure,
                   const std::vector<Envelope>&) {
              guarded([&] {
                if (hsm_) hsm_->on_failure(peer, kind, failure);
              });
            }),
        exchange_(context, CmpExchangeSettings{
                               .timeout = settings_->cmp_timeout,
                               .retries = 0,  // whole operations are retried, with back-off
                               .operation_in_detail = false,
                               .reject_detail = TraceDetail().add("vnfci", context.name())}) {
    // The settings are shared with the VNFC's other instances; the secrets are this VNFCI's own.
    channels_.credentials().day0_secrets = vnfci::day0_secrets(spec.params);
    if (settings_->bootstrap)
      attester_ = std::make_unique<vnfci::Attester>(
          context, *settings_, [this](const std::map<std::string, std::string>& secrets) {
            // The attested PSKs: configuration is accepted from these relying parties.
            for (const auto& [party, secret] : secrets) {
              channels_.credentials().day0_secrets[party] = secret;
              attested_peers_.insert(party);
            }
          });
    if (settings_->wrong_trust_anchor) {
      // Negative scenario: a root of its own making, unrelated to the CA that will answer.
      const pki::Instant start = pki_instant(context.epoch(), sim::Time::zero());
      rogue_anchor_ =
          pki::CertificateAuthority::create_root(
              pki::DistinguishedName{{{"CN", spec.name + " self-made root"}, {"O", "ifa026"}}},
              pki::PrivateKey::generate(pki::KeyType::ec_p256),
              pki::Instant{start.unix_ns - 86400LL * 1'000'000'000}, 3650LL * 86400)
              .certificate();
    }
  }

  // ---- sim::Actor ----

  void on_start() override {
    if (!attester_) return;
    guarded([&] {
      attester_->start();
      if (attester_->hmee_key() && attester_->hmee_certificate()) {
        // The HMEE's credentials for the mutual TLS with its HSM (C.2.1.3 #6).
        auto& credentials = channels_.credentials();
        credentials.key = attester_->hmee_key();
        credentials.certificate = attester_->hmee_certificate();
        credentials.chain = attester_->platform_chain();
      }
    });
  }

  void on_message(const sim::Message& message) override {
    guarded([&] {
      if (exchange_.handle(message)) return;
      if (channels_.handle(message)) return;
      if (attester_ && attester_->handle(message)) return;
      record(RecordKind::decision, message.operation.empty() ? "Message" : message.operation,
             "rejected", "", TraceDetail().add("reason", "not accepted outside a secure channel"),
             message.from, message.reference_point);
    });
  }

  void on_command(const sim::Command& command) override {
    if (command.name != "renew") return Actor::on_command(command);
    guarded([&] {
      const std::string only =
          command.args.is_object() ? get_string(command.args, "identity") : std::string();
      std::vector<std::string> names;
      for (const auto& [name, id] : identities_)
        if ((only.empty() || only == name) && id.certificate && !id.attempt) names.push_back(name);
      if (names.empty()) {
        record(RecordKind::decision, "Renewal", "rejected", only,
               TraceDetail().add("reason", "no identity holding a certificate and idle"));
        return;
      }
      for (const auto& name : names) {
        Identity& id = identities_.at(name);
        if (id.renewal_timer.valid()) context().cancel(id.renewal_timer);
        id.renewal_timer = {};
        renewal_due(name);
      }
    });
  }

  // ---- VnfciIdentities ----

  std::vector<VnfciIdentityState> identities() const override {
    std::vector<VnfciIdentityState> out;
    for (const auto& [name, id] : identities_)
      out.push_back(VnfciIdentityState{name, id.subject, id.dns, id.ca, id.certificate,
                                       anchor_for(id), id.renewals, id.attempt != nullptr,
                                       id.rotations, id.flow, intermediates_});
    return out;
  }

 private:
  template <typename F>
  void guarded(F&& work) {
    try {
      work();
    } catch (const std::exception& e) {
      context().trace(internal_error_record("InternalError", "", "", e.what()));
    }
  }

  // ---- tracing: every record says vnfci= and, about an identity, identity= ----

  std::string identity_detail(const std::string& identity) {
    TraceDetail detail;
    detail.add("vnfci", name());
    if (!identity.empty()) detail.add("identity", identity);
    return detail;
  }

  void record(RecordKind kind, const std::string& operation, const std::string& outcome,
              const std::string& identity, const TraceDetail& extra = {},
              const std::string& peer = "", const std::string& reference_point = "",
              const std::string& step = "") {
    sim::TraceRecord r;
    r.kind = kind;
    r.operation = operation;
    r.outcome = outcome;
    r.peer = peer;
    r.reference_point = reference_point;
    r.step = step;
    std::string detail = identity_detail(identity);
    if (!extra.str().empty()) detail += "; " + extra.str();
    r.detail = std::move(detail);
    context().trace(std::move(r));
  }

  // ---- configuration (C.2.1.1 #3, C.2.1.2/C.2.1.3 #5, C.2.1.4 #0) ----

  void on_channel_message(const ChannelMessage& m) {
    touch_channels();
    if (hsm_ && hsm_->handle(m)) return;
    const std::string& op = m.envelope.operation;
    if (op != operations::kVnfciCertificateConfiguration) {
      record(RecordKind::decision, op, "rejected", "",
             TraceDetail().add("reason", "unsupported operation"), m.peer.name, m.reference_point);
      return;
    }
    if (m.peer.kind != ChannelKind::day0 ||
        channels_.credentials().day0_secrets.count(m.peer.name) == 0) {
      record(RecordKind::decision, "AccessDenied", "rejected", "",
             TraceDetail()
                 .add("peer", m.peer.name)
                 .add("operation", op)
                 .add("reason", "configuration only from the day-0 peer over its day-0 channel"),
             m.peer.name, m.reference_point);
      return;
    }
    const json& body = m.envelope.body;
    const std::string flow = get_string(body, "flow", kFlowDirect);
    const std::string step = flow_step(flow, steps_of(flow).configuration);
    auto refuse = [&](const std::string& reason) {
      record(RecordKind::decision, "CertificateConfiguration", "rejected", "",
             TraceDetail().add("reason", reason), m.peer.name, m.reference_point, step);
    };
    if (flow != kFlowDirect && flow != kFlowAttested && flow != kFlowHsm)
      return refuse("unknown flow " + flow);
    if (flow == kFlowHsm) {
      if (auto problem = configure_hsm(body)) return refuse(*problem);
    }
    auto list = body.find("identities");
    if (list == body.end() || !list->is_array() || list->empty()) return refuse("no identities");
    std::vector<std::string> accepted;
    long long rejected = 0;
    for (const auto& entry : *list) {
      std::string problem;
      auto config = vnfci::parse_identity(entry, &problem);
      if (config && identities_.count(config->name) != 0) problem = "identity already configured";
      if (!config || !problem.empty()) {
        ++rejected;
        record(RecordKind::decision, "CertificateConfiguration", "rejected",
               entry.is_object() ? get_string(entry, "name") : std::string(),
               TraceDetail().add("reason", problem), m.peer.name, m.reference_point, step);
        continue;
      }
      Identity id;
      id.flow = flow;
      id.subject = std::move(config->subject);
      id.dns = std::move(config->dns);
      id.ca = std::move(config->ca);
      id.credential = std::make_unique<InitialCredential>(
          InitialCredential{std::move(config->reference), std::move(config->secret)});
      id.anchor = anchor_index(*config->trust_anchor);
      id.renew_before = config->renew_before;
      accepted.push_back(config->name);
      identities_.emplace(config->name, std::move(id));
    }
    if (!accepted.empty()) {
      TraceDetail detail;
      detail.add("identities", static_cast<long long>(accepted.size()))
          .add("rejected", rejected)
          .add("cmf", m.peer.name)
          .add("flow", flow)
          .add("credential", attested_peers_.count(m.peer.name) != 0 ? "attested" : "day0");
      if (flow == kFlowHsm) detail.add("hsm", hsm().hsm());
      record(RecordKind::decision, "CertificateConfiguration", "stored", "", detail, m.peer.name,
             m.reference_point, step);
    }
    if (!accepted.empty()) cmf_ = m.peer.name;
    for (const auto& name : accepted) {
      const Identity& id = identities_.at(name);
      record(RecordKind::decision, "RenewalConditionSet", "ok", name,
             TraceDetail().add("renew_before", sim::format_duration(id.renew_before)), m.peer.name,
             "", kStepRenewalCondition);
      start_attempt(name, Purpose::enrolment);
    }
  }

  // C.2.1.3 #5: the configuration names the HSM and its vendor root; the HMEE needs its
  // attested credentials to reach it. Why it cannot, if it cannot.
  std::optional<std::string> configure_hsm(const json& body) {
    auto hsm_entry = body.find("hsm");
    if (hsm_entry == body.end() || !hsm_entry->is_object()) return "C.2.1.3 without an hsm";
    const std::string hsm_name = get_string(*hsm_entry, "name");
    auto root_der = get_bytes(*hsm_entry, "vendor_root");
    if (hsm_name.empty() || !root_der) return "hsm without name or vendor_root";
    std::optional<pki::Certificate> root;
    try {
      root = pki::Certificate::from_der(*root_der);
    } catch (const pki::DecodeError&) {
      return "the HSM vendor root does not decode";
    }
    if (!attester_ || !attester_->hmee_certificate())
      return "C.2.1.3 needs the HMEE's attested credentials (secure_bootstrap)";
    hsm().configure(hsm_name, *root);
    return std::nullopt;
  }

  // Closes the day-0 sessions once they have been idle for `channel_idle` (a TLS session is
  // heavy; the CMF opens a new one when it has more to say).
  void touch_channels() {
    if (settings_->channel_idle <= Duration()) return;
    if (idle_timer_.valid()) context().cancel(idle_timer_);
    idle_timer_ = context().schedule(settings_->channel_idle, "channel-idle", [this] {
      idle_timer_ = {};
      guarded([&] {
        // Not while the HSM is being asked (a handshake or request in flight): later.
        if (hsm_ && hsm_->busy()) return touch_channels();
        channels_.close_all();
        if (hsm_) hsm_->reset();
      });
    });
  }

  std::uint32_t anchor_index(const pki::Certificate& anchor) {
    for (std::size_t i = 0; i < anchors_.size(); ++i)
      if (anchors_[i] == anchor) return static_cast<std::uint32_t>(i);
    anchors_.push_back(anchor);
    return static_cast<std::uint32_t>(anchors_.size() - 1);
  }

  const pki::Certificate& anchor_for(const Identity& id) const {
    return rogue_anchor_ ? *rogue_anchor_ : anchors_.at(id.anchor);
  }

  // ---- enrolment (C.2.1.1 #4-#7) and renewal (C.2.1.4 #1-#5) ----

  Identity* attempt_of(const std::string& name, std::uint64_t attempt) {
    auto it = identities_.find(name);
    if (it == identities_.end() || !it->second.attempt || it->second.attempt->id != attempt)
      return nullptr;
    return &it->second;
  }

  static const char* purpose(const Attempt& a) { return to_string(a.purpose); }

  // Key pairs of C.2.1.3 enrolments and rotations come from the HSM; renewals (C.2.1.4) and the
  // other flows generate their own.
  static bool from_hsm(const Identity& id, Purpose kind) {
    return id.flow == kFlowHsm && kind != Purpose::renewal;
  }

  void start_attempt(const std::string& name, Purpose kind) {
    Identity& id = identities_.at(name);
    if (id.attempt) return;
    id.attempt = std::make_unique<Attempt>();
    id.attempt->id = ++attempts_;
    id.attempt->purpose = kind;
    id.attempt->renewal = kind != Purpose::enrolment;
    const std::uint64_t attempt = id.attempt->id;
    if (from_hsm(id, kind)) {
      // C.2.1.3 #6-#8: the key pair from the HSM, over the mutual TLS session (opened if needed).
      touch_channels();
      hsm().generate_key(name, settings_->key_type, id.flow,
                         [this, name, attempt](std::optional<vnfci::HsmLink::KeyPair> pair,
                                               const std::string& problem) {
                           guarded([&] { on_hsm_key(name, attempt, std::move(pair), problem); });
                         });
      return;
    }
    queue_.submit(settings_->keygen_time, "keygen", [this, name, attempt] {
      guarded([&] {
        Identity* id = attempt_of(name, attempt);
        if (!id) return;
        id->attempt->key = pki::PrivateKey::generate(settings_->key_type);
        record(
            RecordKind::decision, "GenerateKey", "ok", name,
            TraceDetail()
                .add("key_type", pki::to_string(settings_->key_type))
                .add("in", "self")
                .add("purpose", purpose(*id->attempt)),
            "", "",
            id->attempt->renewal ? kStepRenewalKey : flow_step(id->flow, steps_of(id->flow).key));
        prepare_request(name, attempt);
      });
    });
  }

  // The subject an enrolment asks for: the configured one, or `csr_subject` (negative scenario).
  // A kur keeps the current certificate's.
  std::string requested_subject(const Identity& id, const Attempt& a) const {
    return a.purpose == Purpose::enrolment && !settings_->csr_subject.empty()
               ? settings_->csr_subject
               : id.subject;
  }

  // Whether this enrolment's request is signed by the HSM (C.2.1.3 #10-#12, optional).
  bool hsm_signs(const Attempt& a) const {
    return a.purpose == Purpose::enrolment && settings_->bootstrap &&
           settings_->bootstrap->hsm_signs_csr;
  }

  // The carrier of the enrolment request at #13: p10cr (protected by the initial credential) for
  // an HSM-signed PKCS#10, otherwise ir; kur for a renewal or rotation.
  const char* carrier(const Attempt& a) const {
    if (a.renewal) return "kur";
    return hsm_signs(a) ? "p10cr" : "ir";
  }

  // C.2.1.3 #8 (the key pair arrived) and #9 (the request is built).
  void on_hsm_key(const std::string& name, std::uint64_t attempt,
                  std::optional<vnfci::HsmLink::KeyPair> pair, const std::string& problem) {
    Identity* id = attempt_of(name, attempt);
    if (!id) return;
    Attempt& a = *id->attempt;
    if (!pair) return attempt_failed(name, "key pair from the HSM: " + problem);
    a.key = std::move(pair->key);
    a.handle = pair->handle;
    record(RecordKind::decision, "GenerateKey", "ok", name,
           TraceDetail()
               .add("key_type", pki::to_string(a.key->type()))
               .add("in", "hsm")
               .add("hsm", hsm().hsm())
               .add("handle", a.handle)
               .add("purpose", purpose(a)),
           hsm().hsm(), reference_points::kHmeeHsm, flow_step(id->flow, 8));
    const std::string subject = requested_subject(*id, a);
    record(RecordKind::decision, "CsrBuilt", "ok", name,
           TraceDetail()
               .add("subject", subject)
               .add("dns",
                    [&] {
                      std::string list;
                      for (const auto& d : id->dns) list += (list.empty() ? "" : ",") + d;
                      return list;
                    }())
               .add("carrier", carrier(a))
               .add("signed_by", hsm_signs(a) ? "hsm" : "vnfci")
               .add("purpose", purpose(a)),
           "", "", flow_step(id->flow, 9));
    if (!hsm_signs(a)) return prepare_request(name, attempt);
    // #10-#11: the HSM signs the request's content with the key of `handle`.
    hsm().sign_csr(name, a.handle, subject, id->dns, id->flow,
                   [this, name, attempt](std::optional<pki::Csr> csr, const std::string& why) {
                     guarded([&] { on_hsm_csr(name, attempt, std::move(csr), why); });
                   });
  }

  // C.2.1.3 #12: the VNFCI checks and finalizes the HSM-signed request.
  void on_hsm_csr(const std::string& name, std::uint64_t attempt, std::optional<pki::Csr> csr,
                  const std::string& problem) {
    Identity* id = attempt_of(name, attempt);
    if (!id) return;
    Attempt& a = *id->attempt;
    std::string why = problem;
    if (csr) {
      const pki::CsrContent content = csr->content();
      const std::string subject = requested_subject(*id, a);
      if (!csr->signature_valid())
        why = "the CSR's signature does not verify";
      else if (!csr->public_key().is_public_half_of(*a.key))
        why = "the CSR is not for the key pair the HSM gave";
      else if (!(content.subject == pki::DistinguishedName::parse(subject)))
        why = "the CSR's subject is not " + subject;
      else if (content.san.dns != id->dns)
        why = "the CSR's dNSNames are not the configured ones";
    }
    const std::string step = flow_step(id->flow, 12);
    if (!why.empty()) {
      record(RecordKind::decision, "CsrFinalized", "rejected", name,
             TraceDetail().add("reason", why), "", "", step);
      return attempt_failed(name, "CSR from the HSM: " + why);
    }
    a.csr = std::move(csr);
    record(RecordKind::decision, "CsrFinalized", "ok", name,
           TraceDetail()
               .add("carrier", carrier(a))
               .add("bytes", static_cast<long long>(a.csr->der().size())),
           "", "", step);
    prepare_request(name, attempt);
  }

  // The request's protection and proof of possession take the `sign` time.
  void prepare_request(const std::string& name, std::uint64_t attempt) {
    queue_.submit(settings_->sign_time, "sign",
                  [this, name, attempt] { guarded([&] { send_request(name, attempt); }); });
  }

  void send_request(const std::string& name, std::uint64_t attempt) {
    Identity* id = attempt_of(name, attempt);
    if (!id) return;
    const Attempt& a = *id->attempt;
    pki::CmpClientConfig config;
    config.trust_anchors = {anchor_for(*id)};
    config.untrusted = intermediates_;
    // The CmpClient verifies each reply and the new certificate when the reply arrives
    // (CmpExchange sets its clock); `now` only starts the operation.
    const pki::Instant now = pki_now(context());
    const pki::PrivateKey new_key = *a.key;
    CmpExchange::Body body;
    const FlowSteps steps = steps_of(id->flow);
    std::string first_step = flow_step(id->flow, steps.request);
    std::string later_step = flow_step(id->flow, steps.reply);
    if (!a.renewal) {
      if (!id->credential) return attempt_failed(name, "no initial credential to enrol with");
      const std::string reference = id->credential->reference;
      pki::Bytes secret = id->credential->secret;
      if (settings_->wrong_secret) {
        const std::string wrong = "-wrong";
        secret.insert(secret.end(), wrong.begin(), wrong.end());
      }
      if (a.csr && std::string(carrier(a)) == "p10cr") {
        body = [reference, secret, csr = *a.csr, now](pki::CmpClient& client) {
          return client.enrol_p10cr_pbm(reference, secret, csr, now);
        };
      } else {
        const pki::DistinguishedName subject =
            pki::DistinguishedName::parse(requested_subject(*id, a));
        const pki::SubjectAltName san{id->dns, {}, {}};
        body = [reference, secret, new_key, subject, san, now](pki::CmpClient& client) {
          return client.enrol_ir(reference, secret, new_key, subject, san, now);
        };
      }
    } else {
      if (!id->certificate || id->key_der.empty())
        return attempt_failed(name, "no certificate to renew");
      if (a.purpose == Purpose::renewal) {
        first_step = kStepKur;
        later_step = kStepKup;
      }
      body = [old_cert = *id->certificate, old_key = pki::PrivateKey::from_der(id->key_der),
              new_key, now](pki::CmpClient& client) {
        return client.renew_kur(old_cert, old_key, new_key, now);
      };
    }
    const std::uint64_t operation =
        exchange_.run(id->ca, std::move(config), first_step, later_step, identity_detail(name),
                      std::move(body), [this, name, attempt](const CmpExchange::Outcome& outcome) {
                        guarded([&] { on_cmp_done(name, attempt, outcome); });
                      });
    // `done` may have run already (an operation that failed before sending anything).
    if (Identity* still = attempt_of(name, attempt); still && exchange_.running(operation))
      still->attempt->operation = operation;
  }

  void on_cmp_done(const std::string& name, std::uint64_t attempt,
                   const CmpExchange::Outcome& outcome) {
    Identity* id = attempt_of(name, attempt);
    if (!id) return;
    Attempt& a = *id->attempt;
    a.operation = 0;
    const pki::CmpResult& result = outcome.result;
    // The certificate the CA offered: the result's, or the one the client refused to confirm.
    const std::optional<pki::Certificate>& offered =
        result.certificate ? result.certificate : outcome.offered;
    if (outcome.unanswered && !offered) {
      if (a.retries < settings_->cmp_retries) {
        const Duration delay = settings_->cmp_retry_delay * (std::int64_t{1} << a.retries);
        ++a.retries;
        record(RecordKind::decision, "EnrolmentRetry", "scheduled", name,
               TraceDetail()
                   .add("purpose", purpose(a))
                   .add("attempt", a.retries + 1)
                   .add("delay", sim::format_duration(delay))
                   .add("reason", "no reply from the CA"),
               id->ca, reference_points::kCa1);
        a.retry_timer = context().schedule(delay, "cmp-retry", [this, name, attempt] {
          guarded([&] {
            if (Identity* again = attempt_of(name, attempt)) {
              again->attempt->retry_timer = {};
              prepare_request(name, attempt);
            }
          });
        });
        return;
      }
      const Purpose was = a.purpose;
      attempt_failed(
          name, "CA unreachable: no reply after " + std::to_string(a.retries + 1) + " attempts");
      // A renewal (or key rotation) the CA could not be reached for is tried again later (never
      // after a refusal).
      if (was == Purpose::renewal) schedule_renewal(name);
      if (was == Purpose::rotation) schedule_rotation(name);
      return;
    }
    if (!offered) {
      std::string reason = !result.status_text.empty() ? result.status_text : result.error;
      if (reason.empty()) reason = "no certificate";
      return attempt_failed(name, "CA: " + reason);
    }
    const pki::Certificate certificate = *offered;
    const std::vector<pki::Certificate> chain = result.chain;
    const std::string problem =
        verify_issued(*id, certificate, chain, *a.key, result.certificate_verified);
    const std::string step = a.purpose == Purpose::renewal
                                 ? std::string(kStepKup)
                                 : flow_step(id->flow, steps_of(id->flow).reply);
    if (!problem.empty()) {
      record(RecordKind::crypto, "CertificateVerification", "rejected", name,
             TraceDetail().add("serial", certificate.serial_hex()).add("reason", problem), id->ca,
             reference_points::kCa1, step);
      return attempt_failed(name, "certificate verification: " + problem);
    }
    record(RecordKind::crypto, "CertificateVerification", "ok", name,
           TraceDetail().add("serial", certificate.serial_hex()), id->ca, reference_points::kCa1,
           step);
    if (!result.certificate || (!result.ok() && !outcome.unanswered)) {
      // The certificate verifies here, but the exchange failed (the client did not confirm it,
      // or the CA refused the confirmation): it is not installed.
      std::string reason = !result.error.empty() ? result.error : result.status_text;
      return attempt_failed(name, "confirmation failed: " + reason);
    }
    for (const auto& c : chain) remember_intermediate(c);
    install(name, certificate, outcome.unanswered);
  }

  // "" when `certificate` chains to the identity's trust anchor at simulated time, names the
  // configured subject and dNSNames, and certifies `key`. `chain_verified`: the CMP client
  // already validated the path to that anchor at this instant and matched the key before it
  // confirmed the certificate, so only the names are left to check.
  std::string verify_issued(const Identity& id, const pki::Certificate& certificate,
                            const std::vector<pki::Certificate>& chain, const pki::PrivateKey& key,
                            bool chain_verified) {
    if (!chain_verified) {
      if (auto problem = verify_path(id, certificate, chain, key); !problem.empty()) return problem;
    }
    if (!(certificate.subject() == pki::DistinguishedName::parse(id.subject)))
      return "subject " + certificate.subject().to_string() + " is not " + id.subject;
    const auto san = certificate.san();
    for (const auto& name : id.dns)
      if (std::find(san.dns.begin(), san.dns.end(), name) == san.dns.end())
        return "SAN dNSName " + name + " missing";
    return "";
  }

  // "" when `certificate` chains to the identity's trust anchor at simulated time and certifies
  // `key`.
  std::string verify_path(const Identity& id, const pki::Certificate& certificate,
                          const std::vector<pki::Certificate>& chain, const pki::PrivateKey& key) {
    pki::TrustStore store;
    const pki::Certificate& anchor = anchor_for(id);
    store.add_anchor(anchor);
    for (const auto& c : chain)
      if (!(c == anchor) && !(c.subject() == c.issuer())) store.add_intermediate(c);
    for (const auto& c : intermediates_) store.add_intermediate(c);
    pki::VerifyOptions options;
    if (!id.dns.empty()) options.expected_dns_name = id.dns.front();
    const auto verdict = pki::verify_certificate(certificate, store, pki_now(context()), options);
    if (!verdict.ok())
      return std::string(pki::to_string(verdict.failure)) +
             (verdict.detail.empty() ? "" : ": " + verdict.detail);
    if (!certificate.public_key().is_public_half_of(key))
      return "public key is not this identity's";
    return "";
  }

  vnfci::HsmLink& hsm() {
    if (!hsm_) {
      hsm_ = std::make_unique<vnfci::HsmLink>(
          context(), channels_, settings_->cmp_timeout,
          [this](RecordKind kind, const std::string& operation, const std::string& outcome,
                 const std::string& identity, const TraceDetail& detail, const std::string& peer,
                 const std::string& step) {
            record(kind, operation, outcome, identity, detail, peer, reference_points::kHmeeHsm,
                   step);
          });
    }
    return *hsm_;
  }

  void remember_intermediate(const pki::Certificate& c) {
    if (c.subject() == c.issuer()) return;  // roots come from the configuration only
    for (const auto& known : intermediates_)
      if (known == c) return;
    intermediates_.push_back(c);
  }

  void install(const std::string& name, const pki::Certificate& certificate, bool unconfirmed) {
    Identity& id = identities_.at(name);
    const Purpose kind = id.attempt->purpose;
    const bool renewal = id.attempt->renewal;
    const std::string handle = id.attempt->handle;
    id.certificate = certificate;
    id.key_der = id.attempt->key->to_compact_der();
    id.key_der.shrink_to_fit();
    id.attempt.reset();
    std::string spent_reference;
    pki::Bytes spent_secret;
    if (kind == Purpose::renewal) {
      ++id.renewals;
    } else if (kind == Purpose::rotation) {
      ++id.rotations;
    } else {
      // The initial credential is spent: drop it.
      if (id.credential) {
        spent_reference = std::move(id.credential->reference);
        spent_secret = std::move(id.credential->secret);
        id.credential.reset();
      }
    }
    TraceDetail detail;
    detail.add("serial", certificate.serial_hex())
        .add("not_after", sim::format_utc(sim::UtcInstant{certificate.not_after().unix_ns}))
        .add("purpose", to_string(kind));
    if (!handle.empty()) detail.add("key", "hsm").add("handle", handle);
    if (unconfirmed) detail.add("confirmation", "unanswered");
    record(RecordKind::decision, "CertificateInstalled", "ok", name, detail, id.ca,
           reference_points::kCa1,
           kind == Purpose::renewal ? std::string(kStepKup)
                                    : flow_step(id.flow, steps_of(id.flow).reply));
    report_certificate(name, certificate, to_string(kind));
    schedule_renewal(name);
    if (kind != Purpose::renewal) schedule_rotation(name);
    if (!renewal && settings_->replay_initial_credential && !spent_reference.empty())
      replay_credential(name, spent_reference, spent_secret);
  }

  // C.2.1.3 note 4: with `key_rotation`, steps #6-#15 repeat that long after each enrolment or
  // rotation: a new key pair from the HSM (over a new session), enrolled by kur since the one-use
  // initial credential is spent.
  void schedule_rotation(const std::string& name) {
    Identity& id = identities_.at(name);
    if (id.rotation_timer.valid()) context().cancel(id.rotation_timer);
    id.rotation_timer = {};
    if (id.flow != kFlowHsm || !id.certificate || !settings_->bootstrap ||
        !settings_->bootstrap->key_rotation)
      return;
    id.rotation_timer =
        context().schedule(*settings_->bootstrap->key_rotation, "key-rotation", [this, name] {
          guarded([&] {
            auto it = identities_.find(name);
            if (it == identities_.end()) return;
            it->second.rotation_timer = {};
            rotate(name);
          });
        });
  }

  void rotate(const std::string& name) {
    Identity& id = identities_.at(name);
    if (!id.certificate) return;
    if (id.attempt) {
      record(RecordKind::decision, "KeyRotation", "deferred", name,
             TraceDetail().add("flow", id.flow).add("reason", "another attempt is running"));
      return schedule_rotation(name);
    }
    record(RecordKind::decision, "KeyRotation", "started", name,
           TraceDetail()
               .add("flow", id.flow)
               .add("round", static_cast<long long>(id.rotations + 1))
               .add("interval", sim::format_duration(*settings_->bootstrap->key_rotation))
               .add("serial", id.certificate->serial_hex()));
    // A fresh session with the HSM, so #6 is repeated too (unless another identity's rotation
    // is using the one just opened).
    if (!hsm_ || !hsm_->busy()) {
      channels_.close_all();
      if (hsm_) hsm_->reset();
    }
    start_attempt(name, Purpose::rotation);
  }

  // Negative scenario (replay_initial_credential): one more ir on the credential just spent, for
  // a fresh key. The CA must refuse it (one-use); what it answers is traced, nothing installed.
  void replay_credential(const std::string& name, const std::string& reference,
                         const pki::Bytes& secret) {
    const Identity& id = identities_.at(name);
    pki::CmpClientConfig config;
    config.trust_anchors = {anchor_for(id)};
    config.untrusted = intermediates_;
    const pki::Instant now = pki_now(context());
    const pki::PrivateKey key = pki::PrivateKey::generate(settings_->key_type);
    const pki::DistinguishedName subject = pki::DistinguishedName::parse(id.subject);
    const pki::SubjectAltName san{id.dns, {}, {}};
    record(RecordKind::decision, "InitialCredentialReplay", "requested", name,
           TraceDetail().add("reference", reference), id.ca, reference_points::kCa1);
    exchange_.run(
        id.ca, std::move(config), "", "", identity_detail(name),
        [reference, secret, key, subject, san, now](pki::CmpClient& client) {
          return client.enrol_ir(reference, secret, key, subject, san, now);
        },
        [this, name, reference, ca = id.ca](const CmpExchange::Outcome& outcome) {
          guarded([&] {
            const pki::CmpResult& result = outcome.result;
            TraceDetail detail;
            detail.add("reference", reference);
            std::string verdict;
            if (result.certificate) {
              verdict = "accepted";
              detail.add("serial", result.certificate->serial_hex());
            } else if (outcome.unanswered) {
              verdict = "unanswered";
              detail.add("reason", "no reply from the CA");
            } else {
              verdict = "refused";
              detail.add("reason", !result.status_text.empty() ? result.status_text : result.error);
            }
            record(RecordKind::decision, "InitialCredentialReplay", verdict, name, detail, ca,
                   reference_points::kCa1);
          });
        });
  }

  // Tells the CMF that configured this VNFCI which certificate an identity now holds (the CMF
  // keeps the inventory, revokes on removal and watches expiry; only the holder sees renewals).
  void report_certificate(const std::string& name, const pki::Certificate& certificate,
                          const std::string& purpose) {
    if (cmf_.empty()) return;
    nlohmann::json body = nlohmann::json::object();
    body["identity"] = name;
    set_bytes(body, "certificate", certificate.der());
    body["purpose"] = purpose;
    channels_.send(cmf_, ChannelKind::day0, reference_points::kCmfVnfci,
                   Envelope{operations::kVnfciCertificateReport, "", std::move(body)});
    touch_channels();
  }

  void attempt_failed(const std::string& name, const std::string& reason) {
    Identity& id = identities_.at(name);
    std::string what = "enrolment";
    long long attempt = 1;
    if (id.attempt) {
      what = purpose(*id.attempt);
      attempt = id.attempt->retries + 1;
      if (id.attempt->retry_timer.valid()) context().cancel(id.attempt->retry_timer);
      if (id.attempt->operation != 0) exchange_.cancel(id.attempt->operation);
      id.attempt.reset();
    }
    record(RecordKind::decision, "EnrolmentFailed", "failed", name,
           TraceDetail().add("purpose", what).add("reason", reason).add("attempt", attempt), id.ca,
           reference_points::kCa1);
  }

  // Renewal at not_after - renew_before (halfway through what is left when that has passed).
  void schedule_renewal(const std::string& name) {
    Identity& id = identities_.at(name);
    if (id.renewal_timer.valid()) context().cancel(id.renewal_timer);
    id.renewal_timer = {};
    if (!id.certificate) return;
    const sim::Time expiry =
        sim::Time::from_ns(id.certificate->not_after().unix_ns - context().epoch().start().unix_ns);
    const Duration remaining = expiry - context().now();
    if (remaining <= Duration()) return;
    Duration delay = remaining - id.renew_before;
    if (delay <= Duration()) delay = Duration::nanoseconds(remaining.ns() / 2);
    id.renewal_timer = context().schedule(delay, "renewal", [this, name] {
      guarded([&] {
        auto it = identities_.find(name);
        if (it == identities_.end()) return;
        it->second.renewal_timer = {};
        renewal_due(name);
      });
    });
  }

  void renewal_due(const std::string& name) {
    Identity& id = identities_.at(name);
    if (!id.certificate || id.attempt) return;
    record(RecordKind::decision, "RenewalDue", "ok", name,
           TraceDetail()
               .add("serial", id.certificate->serial_hex())
               .add("not_after",
                    sim::format_utc(sim::UtcInstant{id.certificate->not_after().unix_ns})),
           "", "", kStepRenewalDue);
    start_attempt(name, Purpose::renewal);
  }

  std::shared_ptr<const vnfci::Settings> settings_;
  WorkQueue queue_;
  SecureChannels channels_;
  CmpExchange exchange_;  // CA-1
  std::string cmf_;       // the CMF whose configuration this VNFCI accepted
  std::map<std::string, Identity> identities_;
  std::vector<pki::Certificate> anchors_;        // distinct configured trust anchors
  std::vector<pki::Certificate> intermediates_;  // distinct issuing CAs seen in responses
  std::optional<pki::Certificate> rogue_anchor_;
  std::uint64_t attempts_ = 0;
  sim::EventId idle_timer_;
  // The HMEE's link to its HSM (C.2.1.3), made by the first configuration that needs it: most
  // VNFCIs never use one, and an idle VNFCI should cost little.
  std::unique_ptr<vnfci::HsmLink> hsm_;
  std::unique_ptr<vnfci::Attester> attester_;
  std::set<std::string> attested_peers_;  // relying parties whose day-0 secret is attested
};

}  // namespace

void register_vnfci_actor(sim::ActorRegistry& registry) {
  sim::ActorType type;
  type.description =
      "VNFC instance in direct mode: configuration from the CMF over day-0 TLS, a key per "
      "identity, CMP ir at the CA with the initial credential, verification, kur renewal";
  type.create = [](sim::ActorContext& context, const sim::ActorSpec& spec) {
    return std::make_unique<VnfciActor>(context, spec);
  };
  type.check_params = vnfci::check_params;
  type.params = vnfci::param_rules();
  type.commands = std::vector<sim::CommandRule>{
      {"renew",
       "renew now every identity that holds a certificate and is idle",
       {{"identity", sim::ParamType::string, "only this identity", false, "every identity"}}},
  };
  registry.add(kTypeName, std::move(type));
}

}  // namespace ifa026::actors
