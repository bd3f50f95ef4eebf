// The `verifier` actor (docs/direct-mode.md): the Attestation Service of C.2.1.2 and C.2.1.3, a
// RATS Verifier. VNFCIs (their HMEE part, the Attester) ask it for a challenge on VNFCI-Verifier
// and answer with Evidence signed by their platform attestation key; it appraises the Evidence
// (pki::appraise) against the hardware roots its VNFMs handed over at day 0 (HardwareRoot on
// NFVI-Trust) and the reference values of the VNFC, keeps the latest result per VNFCI, and answers
// the Relying Party (the CMF) over their day-0 TLS channel on CMF-Verifier with that signed
// result and, when it is affirming, the PSK derived from the attested HMEE key for that pair
// (actors/verifier/attested_credential.hpp).
//
// Decisions documented here:
// - The verifier holds a signing key with a self-signed certificate (made at start, carried by
//   every result and every answer to a relying party, which pins it at first contact) and a
//   static P-256 key agreement key, whose public half every challenge carries.
// - A challenge is one-use and expires after challenge_lifetime; the VNFCI names its VNFC as
//   "vnfd/vnfc" and must have reference values there (otherwise: status error). A new appraisal
//   replaces the VNFCI's previous result.
// - Relying parties are the day-0 peers (or `relying_parties`); a request from any other actor, or
//   not over the day-0 channel, is refused. A request about a VNFCI whose evidence is awaited is
//   held until the appraisal (at most `hold`); then, or for a VNFCI never challenged, the answer
//   may be status "pending" or "unknown", and the relying party asks again later.
// - The VNFCI is identified by the sending actor's name (the simulated network's address): the
//   binding that matters, the PSK, only the holder of the attested HMEE key can derive.
#include "actors/verifier/verifier_actor.hpp"

#include <algorithm>
#include <exception>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "actors/common/day0_root.hpp"
#include "actors/common/envelope.hpp"
#include "actors/common/internal_error.hpp"
#include "actors/common/operations.hpp"
#include "actors/common/pki_clock.hpp"
#include "actors/common/reference_points.hpp"
#include "actors/common/secure_channels.hpp"
#include "actors/common/trace_detail.hpp"
#include "actors/common/work_queue.hpp"
#include "actors/verifier/attested_credential.hpp"
#include "actors/verifier/verifier_config.hpp"
#include "pki/attestation_evidence.hpp"
#include "pki/certificate_authority.hpp"

namespace ifa026::actors {
namespace {

using nlohmann::json;
using sim::Duration;
using sim::RecordKind;

constexpr const char* kTypeName = "verifier";
constexpr std::int64_t kDaySeconds = 86400;
constexpr std::int64_t kCertificateSeconds = 3650 * kDaySeconds;

std::string utc(pki::Instant instant) {
  return sim::format_utc(sim::UtcInstant{instant.unix_ns});
}

std::string joined(const std::vector<std::string>& list, const char* separator = ",") {
  std::string out;
  for (const auto& item : list) out += (out.empty() ? "" : separator) + item;
  return out;
}

class VerifierActor final : public sim::Actor {
 public:
  VerifierActor(sim::ActorContext& context, const sim::ActorSpec& spec)
      : Actor(context),
        settings_(verifier::read_settings(spec.params)),
        queue_(context, settings_.concurrency),
        channels_(context, [this](const ChannelMessage& m) {
          guarded(m.envelope.operation, m.peer.name, [&] { on_channel_message(m); });
        }) {
    channels_.credentials().day0_secrets = settings_.day0;
    const pki::Instant start = pki_instant(context.epoch(), sim::Time::zero());
    const pki::Instant not_before{start.unix_ns - kDaySeconds * 1'000'000'000};
    pki::PrivateKey key = pki::PrivateKey::generate(pki::KeyType::ec_p256);
    certificate_ =
        pki::CertificateAuthority::create_root(
            pki::DistinguishedName{{{"CN", spec.name + " Attestation Verifier"}, {"O", "ifa026"}}},
            key, not_before, kCertificateSeconds)
            .certificate();
    signing_key_ = std::make_unique<pki::PrivateKey>(std::move(key));
    agreement_key_ =
        std::make_unique<pki::PrivateKey>(pki::PrivateKey::generate(pki::KeyType::ec_p256));
    agreement_public_ = agreement_key_->public_key().to_der();
  }

  void on_message(const sim::Message& message) override {
    guarded(message.operation, message.from, [&] {
      if (channels_.handle(message)) return;
      if (message.reference_point == reference_points::kNfviTrust) return on_hardware_root(message);
      if (message.reference_point == reference_points::kVnfciVerifier) return on_attester(message);
      decision(message.operation.empty() ? "Message" : message.operation, "rejected",
               TraceDetail().add("reason", "unexpected message on " + message.reference_point),
               message.from, message.reference_point, message.step);
    });
  }

 private:
  // What the verifier knows of one VNFCI.
  struct Appraised {
    pki::Bytes result;  // DER of the signed AttestationResult
    bool affirming = false;
    std::string reference;
    pki::Bytes nonce;  // the evidence nonce the result names
    pki::Bytes hmee_key;
    pki::Instant appraised_at;
  };
  struct Attester {
    std::string reference;  // "vnfd/vnfc" of the outstanding challenge
    pki::Bytes expected;    // its evidence nonce (empty: no challenge outstanding)
    pki::Instant expires;   // of the challenge
    std::optional<Appraised> latest;
  };

  template <typename F>
  void guarded(const std::string& operation, const std::string& peer, F&& body) {
    try {
      body();
    } catch (const std::exception& e) {
      context().trace(
          internal_error_record(operation.empty() ? "Message" : operation, peer, "", e.what()));
    }
  }

  void decision(const std::string& operation, const std::string& outcome, const TraceDetail& detail,
                const std::string& peer = "", const std::string& reference_point = "",
                const std::string& step = "") {
    sim::TraceRecord r;
    r.kind = RecordKind::decision;
    r.operation = operation;
    r.outcome = outcome;
    r.peer = peer;
    r.reference_point = reference_point;
    r.step = step;
    r.detail = detail;
    context().trace(std::move(r));
  }

  void send_plain(const std::string& to, const char* reference_point, Envelope envelope) {
    sim::Message message;
    message.to = to;
    message.reference_point = reference_point;
    message.operation = envelope.operation;
    message.step = envelope.step;
    message.payload = encode_envelope(envelope);
    context().send(std::move(message));
  }

  pki::Instant now() { return pki_now(context()); }

  // ---- NFVI-Trust: hardware roots (C.2.1.3 pre-condition 6, the verifier's trust in platforms)

  void on_hardware_root(const sim::Message& message) {
    auto reject = [&](const std::string& reason) {
      decision(operations::kHardwareRoot, "rejected",
               TraceDetail().add("from", message.from).add("reason", reason), message.from,
               reference_points::kNfviTrust);
    };
    const auto intake =
        take_day0_root(message, settings_.hardware_roots_from, operations::kHardwareRoot,
                       "hardware_root", "hardware root", true);
    if (!intake.root) return reject(intake.problem);
    const pki::Certificate* root = &*intake.root;
    add_root_once(hardware_roots_, *root);
    decision(operations::kHardwareRoot, "accepted",
             TraceDetail()
                 .add("from", message.from)
                 .add("subject", root->subject().to_string())
                 .add("roots", static_cast<long long>(hardware_roots_.size())),
             message.from, reference_points::kNfviTrust);
  }

  // ---- VNFCI-Verifier: challenge and evidence (C.2.1.2 pre-condition 3) ----

  void on_attester(const sim::Message& message) {
    std::string why;
    auto envelope = decode_envelope(message.payload, &why);
    if (!envelope) {
      decision(message.operation.empty() ? "AttestationRequest" : message.operation, "rejected",
               TraceDetail().add("vnfci", message.from).add("reason", "undecodable: " + why),
               message.from, reference_points::kVnfciVerifier);
      return;
    }
    const std::string from = message.from;
    if (envelope->operation == operations::kAttestationChallengeRequest) {
      queue_.submit(settings_.challenge_time, "AttestationChallenge",
                    [this, from, body = envelope->body] {
                      guarded("AttestationChallenge", from, [&] { challenge(from, body); });
                    });
    } else if (envelope->operation == operations::kAttestationEvidenceRequest) {
      queue_.submit(settings_.appraise_time, "Appraisal", [this, from, body = envelope->body] {
        guarded("Appraisal", from, [&] { appraise(from, body); });
      });
    } else {
      decision(envelope->operation, "rejected",
               TraceDetail().add("vnfci", from).add("reason", "the verifier does not serve this"),
               from, reference_points::kVnfciVerifier);
    }
  }

  void challenge(const std::string& vnfci, const json& body) {
    const std::string reference = get_string(body, "reference");
    Envelope reply{operations::kAttestationChallengeResponse, "", json::object()};
    if (settings_.reference_values.count(reference) == 0) {
      const std::string reason = reference.empty() ? "no reference (vnfd/vnfc) given"
                                                   : "no reference values for " + reference;
      decision("AttestationChallenge", "rejected",
               TraceDetail().add("vnfci", vnfci).add("reference", reference).add("reason", reason),
               vnfci, reference_points::kVnfciVerifier);
      reply.body["status"] = "error";
      reply.body["reason"] = reason;
      return send_plain(vnfci, reference_points::kVnfciVerifier, std::move(reply));
    }
    const pki::Bytes nonce = pki::random_bytes(attestation::kChallengeNonceBytes);
    Attester& a = attesters_[vnfci];
    a.reference = reference;
    a.expected = attestation::evidence_nonce(nonce, agreement_public_, settings_.relying_parties);
    a.expires = pki::Instant{now().unix_ns + settings_.challenge_lifetime.ns()};
    reply.body["status"] = "ok";
    set_bytes(reply.body, "nonce", nonce);
    set_bytes(reply.body, "verifier_key", agreement_public_);
    reply.body["relying_parties"] = settings_.relying_parties;
    reply.body["expires"] = a.expires.unix_ns;
    decision("AttestationChallenge", "issued",
             TraceDetail()
                 .add("vnfci", vnfci)
                 .add("reference", reference)
                 .add("relying_parties", joined(settings_.relying_parties))
                 .add("expires", utc(a.expires)),
             vnfci, reference_points::kVnfciVerifier);
    send_plain(vnfci, reference_points::kVnfciVerifier, std::move(reply));
  }

  void appraise(const std::string& vnfci, const json& body) {
    Envelope reply{operations::kAttestationEvidenceResponse, "", json::object()};
    auto refuse = [&](const std::string& reference, const std::string& reason) {
      decision("Appraisal", "rejected",
               TraceDetail().add("vnfci", vnfci).add("reference", reference).add("reason", reason),
               vnfci, reference_points::kVnfciVerifier);
      reply.body["status"] = "error";
      reply.body["reason"] = reason;
      send_plain(vnfci, reference_points::kVnfciVerifier, std::move(reply));
      release(vnfci);
    };
    auto it = attesters_.find(vnfci);
    if (it == attesters_.end() || it->second.expected.empty())
      return refuse("", "no challenge outstanding for this VNFCI");
    Attester& a = it->second;
    const pki::Bytes expected = std::move(a.expected);  // one use
    a.expected.clear();
    if (now() > a.expires) return refuse(a.reference, "challenge expired");
    auto der = get_bytes(body, "evidence");
    if (!der) return refuse(a.reference, "no evidence");
    std::optional<pki::Evidence> evidence;
    try {
      evidence = pki::Evidence::from_der(*der);
    } catch (const pki::DecodeError& e) {
      return refuse(a.reference, std::string("evidence does not decode: ") + e.what());
    }
    pki::ReferenceValues reference;
    reference.expected = settings_.reference_values.at(a.reference);
    reference.max_evidence_age_seconds = settings_.max_evidence_age.ns() / 1'000'000'000;
    const pki::AttestationResult result = pki::appraise(
        *evidence, reference, expected, hardware_roots_, now(), *signing_key_, *certificate_);
    Appraised appraised;
    appraised.result = result.der();
    appraised.affirming = result.affirming();
    appraised.reference = a.reference;
    appraised.nonce = expected;
    appraised.hmee_key = evidence->hmee_key_der();
    appraised.appraised_at = result.appraised_at();
    a.latest = std::move(appraised);
    TraceDetail detail;
    detail.add("vnfci", vnfci)
        .add("reference", a.reference)
        .add("measurements", static_cast<long long>(evidence->measurements().size()));
    if (!result.affirming()) detail.add("reasons", joined(result.reasons(), ", "));
    decision("Appraisal", result.affirming() ? "affirming" : "contraindicated", detail, vnfci,
             reference_points::kVnfciVerifier);
    reply.body["status"] = std::string(pki::to_string(result.status()));
    set_bytes(reply.body, "result", result.der());
    send_plain(vnfci, reference_points::kVnfciVerifier, std::move(reply));
    release(vnfci);
  }

  // ---- CMF-Verifier: the relying party's question (C.2.1.2 #2, C.2.1.3 #2) ----

  void on_channel_message(const ChannelMessage& m) { answer(m, true); }

  // Answers held requests about `vnfci` (its appraisal is done, or was refused).
  void release(const std::string& vnfci) {
    std::vector<std::uint64_t> ids;
    for (const auto& [id, held] : held_)
      if (held.vnfci == vnfci) ids.push_back(id);
    for (auto id : ids) release_one(id);
  }

  void release_one(std::uint64_t id) {
    auto it = held_.find(id);
    if (it == held_.end()) return;
    Held held = std::move(it->second);
    held_.erase(it);
    if (held.timer.valid()) context().cancel(held.timer);
    answer(held.message, false);
  }

  void answer(const ChannelMessage& m, bool may_hold) {
    const std::string& op = m.envelope.operation;
    const std::string& step = m.envelope.step;
    const std::string vnfci = get_string(m.envelope.body, "vnfci");
    Envelope reply{operations::kAttestationResultResponse, step, json::object()};
    reply.body["vnfci"] = vnfci;
    set_bytes(reply.body, "verifier_certificate", certificate_->der());
    const auto& parties = settings_.relying_parties;
    std::string refusal;
    if (op != operations::kAttestationResultRequest)
      refusal = "the verifier does not serve " + op;
    else if (m.peer.kind != ChannelKind::day0 ||
             std::find(parties.begin(), parties.end(), m.peer.name) == parties.end())
      refusal = "not a relying party over its day-0 channel";
    else if (vnfci.empty())
      refusal = "no vnfci given";
    TraceDetail detail;
    detail.add("vnfci", vnfci).add("relying_party", m.peer.name);
    if (!refusal.empty()) {
      decision("AttestationResult", "rejected", detail.add("reason", refusal), m.peer.name,
               m.reference_point, step);
      reply.body["status"] = "error";
      reply.body["reason"] = refusal;
      channels_.reply(m, std::move(reply));
      return;
    }
    auto it = attesters_.find(vnfci);
    if (may_hold && it != attesters_.end() && !it->second.expected.empty() &&
        settings_.hold > Duration()) {
      // Evidence is awaited: answer once it is appraised (or after `hold`).
      const std::uint64_t id = ++next_held_;
      Held& held = held_[id];
      held.vnfci = vnfci;
      held.message = m;
      held.timer = context().schedule(settings_.hold, "AttestationResultHold", [this, id] {
        auto h = held_.find(id);
        if (h == held_.end()) return;
        h->second.timer = {};
        guarded("AttestationResult", h->second.message.peer.name, [&] { release_one(id); });
      });
      return;
    }
    if (it == attesters_.end() || !it->second.latest) {
      const bool pending = it != attesters_.end();
      const std::string status = pending ? "pending" : "unknown";
      decision("AttestationResult", status,
               detail.add("reason", pending ? "evidence not appraised yet" : "never challenged"),
               m.peer.name, m.reference_point, step);
      reply.body["status"] = status;
      channels_.reply(m, std::move(reply));
      return;
    }
    const Appraised& latest = *it->second.latest;
    reply.body["status"] = latest.affirming ? "affirming" : "contraindicated";
    set_bytes(reply.body, "result", latest.result);
    reply.body["reference"] = latest.reference;
    set_bytes(reply.body, "nonce", latest.nonce);
    set_bytes(reply.body, "hmee_key", latest.hmee_key);
    detail.add("reference", latest.reference).add("appraised_at", utc(latest.appraised_at));
    std::string credential = "none";
    if (latest.affirming) {
      try {
        const pki::Bytes psk =
            attestation::attested_psk(*agreement_key_, pki::PublicKey::from_der(latest.hmee_key),
                                      latest.nonce, m.peer.name, vnfci);
        set_bytes(reply.body, "psk", psk);
        credential = "provided";
      } catch (const std::exception& e) {
        detail.add("problem", std::string("no credential: ") + e.what());
      }
    }
    detail.add("credential", credential);
    decision("AttestationResult", latest.affirming ? "affirming" : "contraindicated", detail,
             m.peer.name, m.reference_point, step);
    channels_.reply(m, std::move(reply));
  }

  verifier::Settings settings_;
  WorkQueue queue_;
  SecureChannels channels_;
  std::unique_ptr<pki::PrivateKey> signing_key_;
  std::optional<pki::Certificate> certificate_;  // always set: made in the constructor
  std::unique_ptr<pki::PrivateKey> agreement_key_;
  pki::Bytes agreement_public_;
  std::vector<pki::Certificate> hardware_roots_;
  std::map<std::string, Attester> attesters_;  // by VNFCI actor
  // Relying parties' requests waiting for an appraisal, by arrival.
  struct Held {
    std::string vnfci;
    ChannelMessage message;
    sim::EventId timer;
  };
  std::map<std::uint64_t, Held> held_;
  std::uint64_t next_held_ = 0;
};

}  // namespace

void register_verifier_actor(sim::ActorRegistry& registry) {
  sim::ActorType type;
  type.description =
      "Attestation Service (RATS Verifier, C.2.1.2/C.2.1.3): challenges VNFCIs, appraises their "
      "Evidence against hardware roots and reference values, answers the CMF (Relying Party) "
      "with the signed result and the attestation-derived PSK";
  type.create = [](sim::ActorContext& context, const sim::ActorSpec& spec) {
    return std::make_unique<VerifierActor>(context, spec);
  };
  type.check_params = verifier::check_params;
  type.params = verifier::param_rules();
  type.commands.emplace();  // none
  registry.add(kTypeName, std::move(type));
}

}  // namespace ifa026::actors
