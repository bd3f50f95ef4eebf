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
#include "actors/common/pki_clock.hpp"
#include "actors/common/secure_channels.hpp"
#include "actors/common/trace_detail.hpp"
#include "actors/common/work_queue.hpp"
#include "actors/messages/attestation.hpp"
#include "actors/messages/decisions.hpp"
#include "actors/messages/detail_keys.hpp"
#include "actors/messages/operations.hpp"
#include "actors/messages/reference_points.hpp"
#include "actors/toolkit/actor_registration.hpp"
#include "actors/toolkit/message_handlers.hpp"
#include "actors/toolkit/nfv_actor.hpp"
#include "actors/verifier/attested_credential.hpp"
#include "actors/verifier/verifier_config.hpp"
#include "pki/attestation_evidence.hpp"
#include "pki/certificate_authority.hpp"

namespace ifa026::actors {
namespace {

using sim::Duration;
namespace keys = detail_keys;
namespace msg = messages;

constexpr const char* kTypeName = "verifier";
constexpr std::int64_t kDaySeconds = 86400;
constexpr std::int64_t kCertificateSeconds = 3650 * kDaySeconds;
constexpr const char* kStatusOk = "ok";
constexpr const char* kStatusError = "error";

std::string utc(pki::Instant instant) {
  return sim::format_utc(sim::UtcInstant{instant.unix_ns});
}

class VerifierActor final : public NfvActor {
 public:
  VerifierActor(sim::ActorContext& context, const sim::ActorSpec& spec)
      : NfvActor(context, spec),
        settings_(verifier::read_settings(spec.params)),
        queue_(context, settings_.concurrency),
        channels_(context,
                  [this](const ChannelMessage& m) {
                    guarded({.operation = m.envelope.operation, .peer = m.peer.name},
                            [&] { on_channel_message(m); });
                  }),
        attester_handlers_(guard()) {
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

    attester_handlers_.on<msg::AttestationChallengeRequest>(
        [this](const msg::AttestationChallengeRequest& request, const sim::Message& message) {
          const std::string from = message.from;
          queue_.submit(settings_.challenge_time, "AttestationChallenge", [this, from, request] {
            guarded({.operation = decisions::kAttestationChallenge, .peer = from},
                    [&] { challenge(from, request); });
          });
        },
        [this](const sim::Message& message, const std::string& reason) {
          msg::AttestationChallengeResponse reply;
          reply.status = kStatusError;
          reply.reason = reason;
          send_envelope(message.from, reference_points::kVnfciVerifier, msg::to_envelope(reply));
        });
    attester_handlers_.on<msg::AttestationEvidenceRequest>(
        [this](const msg::AttestationEvidenceRequest& request, const sim::Message& message) {
          const std::string from = message.from;
          queue_.submit(settings_.appraise_time, "Appraisal", [this, from, request] {
            guarded({.operation = decisions::kAppraisal, .peer = from},
                    [&] { appraise(from, request); });
          });
        },
        [this](const sim::Message& message, const std::string& reason) {
          msg::AttestationEvidenceResponse reply;
          reply.status = kStatusError;
          reply.reason = reason;
          send_envelope(message.from, reference_points::kVnfciVerifier, msg::to_envelope(reply));
          release(message.from);
        });
  }

 private:
  void receive(const sim::Message& message) override {
    if (channels_.handle(message)) return;
    if (message.reference_point == reference_points::kNfviTrust) return on_hardware_root(message);
    if (message.reference_point == reference_points::kVnfciVerifier) return on_attester(message);
    trace({.operation = message.operation.empty() ? decisions::kMessage : message.operation,
           .outcome = outcomes::kRejected,
           .peer = message.from,
           .reference_point = message.reference_point,
           .step = message.step,
           .detail = TraceDetail().add(keys::kReason,
                                       "unexpected message on " + message.reference_point)});
  }

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

  void reply_attester(const std::string& vnfci, const Envelope& envelope) {
    send_envelope(vnfci, reference_points::kVnfciVerifier, envelope);
  }

  pki::Instant now() { return pki_now(context()); }

  // ---- NFVI-Trust: hardware roots (C.2.1.3 pre-condition 6, the verifier's trust in platforms)

  void on_hardware_root(const sim::Message& message) {
    auto reject = [&](const std::string& reason) {
      trace({.operation = decisions::kHardwareRoot,
             .outcome = outcomes::kRejected,
             .peer = message.from,
             .reference_point = reference_points::kNfviTrust,
             .detail = TraceDetail().add(keys::kFrom, message.from).add(keys::kReason, reason)});
    };
    const auto intake =
        take_day0_root(message, settings_.hardware_roots_from, operations::kHardwareRoot,
                       "hardware_root", "hardware root", true);
    if (!intake.root) return reject(intake.problem);
    const pki::Certificate* root = &*intake.root;
    add_root_once(hardware_roots_, *root);
    trace({.operation = decisions::kHardwareRoot,
           .outcome = outcomes::kAccepted,
           .peer = message.from,
           .reference_point = reference_points::kNfviTrust,
           .detail = TraceDetail()
                         .add(keys::kFrom, message.from)
                         .add(keys::kSubject, root->subject().to_string())
                         .add(keys::kRoots, static_cast<long long>(hardware_roots_.size()))});
  }

  // ---- VNFCI-Verifier: challenge and evidence (C.2.1.2 pre-condition 3) ----

  void on_attester(const sim::Message& message) {
    std::string why;
    auto envelope = decode_envelope(message.payload, &why);
    if (!envelope) {
      trace({.operation =
                 message.operation.empty() ? decisions::kAttestationRequest : message.operation,
             .outcome = outcomes::kRejected,
             .peer = message.from,
             .reference_point = reference_points::kVnfciVerifier,
             .detail = TraceDetail()
                           .add(keys::kVnfci, message.from)
                           .add(keys::kReason, "undecodable: " + why)});
      return;
    }
    const HandlerSite site{.operation = envelope->operation,
                           .peer = message.from,
                           .reference_point = reference_points::kVnfciVerifier};
    if (attester_handlers_.dispatch(*envelope, message, site)) return;
    trace({.operation = envelope->operation,
           .outcome = outcomes::kRejected,
           .peer = message.from,
           .reference_point = reference_points::kVnfciVerifier,
           .detail = TraceDetail()
                         .add(keys::kVnfci, message.from)
                         .add(keys::kReason, "the verifier does not serve this")});
  }

  void challenge(const std::string& vnfci, const msg::AttestationChallengeRequest& request) {
    const std::string& reference = request.reference;
    msg::AttestationChallengeResponse reply;
    if (settings_.reference_values.count(reference) == 0) {
      const std::string reason = reference.empty() ? "no reference (vnfd/vnfc) given"
                                                   : "no reference values for " + reference;
      trace({.operation = decisions::kAttestationChallenge,
             .outcome = outcomes::kRejected,
             .peer = vnfci,
             .reference_point = reference_points::kVnfciVerifier,
             .detail = TraceDetail()
                           .add(keys::kVnfci, vnfci)
                           .add(keys::kReference, reference)
                           .add(keys::kReason, reason)});
      reply.status = kStatusError;
      reply.reason = reason;
      return reply_attester(vnfci, msg::to_envelope(reply));
    }
    const pki::Bytes nonce = pki::random_bytes(attestation::kChallengeNonceBytes);
    Attester& a = attesters_[vnfci];
    a.reference = reference;
    a.expected = attestation::evidence_nonce(nonce, agreement_public_, settings_.relying_parties);
    a.expires = pki::Instant{now().unix_ns + settings_.challenge_lifetime.ns()};
    reply.status = kStatusOk;
    reply.nonce = nonce;
    reply.verifier_key = agreement_public_;
    reply.relying_parties = settings_.relying_parties;
    reply.expires = a.expires.unix_ns;
    trace({.operation = decisions::kAttestationChallenge,
           .outcome = outcomes::kIssued,
           .peer = vnfci,
           .reference_point = reference_points::kVnfciVerifier,
           .detail = TraceDetail()
                         .add(keys::kVnfci, vnfci)
                         .add(keys::kReference, reference)
                         .add(keys::kRelyingParties, comma_list(settings_.relying_parties))
                         .add(keys::kExpires, utc(a.expires))});
    reply_attester(vnfci, msg::to_envelope(reply));
  }

  void appraise(const std::string& vnfci, const msg::AttestationEvidenceRequest& request) {
    auto refuse = [&](const std::string& reference, const std::string& reason) {
      trace({.operation = decisions::kAppraisal,
             .outcome = outcomes::kRejected,
             .peer = vnfci,
             .reference_point = reference_points::kVnfciVerifier,
             .detail = TraceDetail()
                           .add(keys::kVnfci, vnfci)
                           .add(keys::kReference, reference)
                           .add(keys::kReason, reason)});
      msg::AttestationEvidenceResponse reply;
      reply.status = kStatusError;
      reply.reason = reason;
      reply_attester(vnfci, msg::to_envelope(reply));
      release(vnfci);
    };
    auto it = attesters_.find(vnfci);
    if (it == attesters_.end() || it->second.expected.empty())
      return refuse("", "no challenge outstanding for this VNFCI");
    Attester& a = it->second;
    const pki::Bytes expected = std::move(a.expected);  // one use
    a.expected.clear();
    if (now() > a.expires) return refuse(a.reference, "challenge expired");
    std::optional<pki::Evidence> evidence;
    try {  // an expected failure: answered to the attester
      evidence = pki::Evidence::from_der(request.evidence);
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
    detail.add(keys::kVnfci, vnfci)
        .add(keys::kReference, a.reference)
        .add(keys::kMeasurements, static_cast<long long>(evidence->measurements().size()));
    if (!result.affirming()) detail.add(keys::kReasons, comma_list(result.reasons(), ", "));
    trace({.operation = decisions::kAppraisal,
           .outcome = result.affirming() ? outcomes::kAffirming : outcomes::kContraindicated,
           .peer = vnfci,
           .reference_point = reference_points::kVnfciVerifier,
           .detail = detail});
    msg::AttestationEvidenceResponse reply;
    reply.status = std::string(pki::to_string(result.status()));
    reply.result = result.der();
    reply_attester(vnfci, msg::to_envelope(reply));
    release(vnfci);
  }

  // ---- CMF-Verifier: the relying party's question (C.2.1.2 #2, C.2.1.3 #2) ----

  // Any operation on this channel gets an AttestationResultResponse (status error when it is not
  // an AttestationResultRequest, as before the typed messages).
  void on_channel_message(const ChannelMessage& m) {
    const std::string& op = m.envelope.operation;
    if (op != operations::kAttestationResultRequest)
      return refuse_relying_party(m, "", "the verifier does not serve " + op);
    auto request = msg::from_envelope<msg::AttestationResultRequest>(m.envelope);
    if (!request) {
      guard().malformed({.operation = op,
                         .peer = m.peer.name,
                         .reference_point = m.reference_point,
                         .step = m.envelope.step},
                        "body does not decode: " + request.failure().text(),
                        [&](const std::string& reason) { refuse_relying_party(m, "", reason); });
      return;
    }
    answer(m, request->vnfci, true);
  }

  void refuse_relying_party(const ChannelMessage& m, const std::string& vnfci,
                            const std::string& refusal) {
    trace({.operation = decisions::kAttestationResult,
           .outcome = outcomes::kRejected,
           .peer = m.peer.name,
           .reference_point = m.reference_point,
           .step = m.envelope.step,
           .detail = TraceDetail()
                         .add(keys::kVnfci, vnfci)
                         .add(keys::kRelyingParty, m.peer.name)
                         .add(keys::kReason, refusal)});
    msg::AttestationResultResponse reply;
    reply.vnfci = vnfci;
    reply.verifier_certificate = certificate_->der();
    reply.status = kStatusError;
    reply.reason = refusal;
    channels_.reply(m, msg::to_envelope(reply, m.envelope.step));
  }

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
    if (held.timer.valid()) context().withdraw(held.timer);
    answer(held.message, held.vnfci, false);
  }

  void answer(const ChannelMessage& m, const std::string& vnfci, bool may_hold) {
    const std::string& step = m.envelope.step;
    const auto& parties = settings_.relying_parties;
    if (m.peer.kind != ChannelKind::day0 ||
        std::find(parties.begin(), parties.end(), m.peer.name) == parties.end())
      return refuse_relying_party(m, vnfci, "not a relying party over its day-0 channel");
    if (vnfci.empty()) return refuse_relying_party(m, vnfci, "no vnfci given");
    msg::AttestationResultResponse reply;
    reply.vnfci = vnfci;
    reply.verifier_certificate = certificate_->der();
    TraceDetail detail;
    detail.add(keys::kVnfci, vnfci).add(keys::kRelyingParty, m.peer.name);
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
        guarded({.operation = decisions::kAttestationResult, .peer = h->second.message.peer.name},
                [&] { release_one(id); });
      });
      return;
    }
    if (it == attesters_.end() || !it->second.latest) {
      const bool pending = it != attesters_.end();
      const std::string status = pending ? outcomes::kPending : outcomes::kUnknown;
      trace({.operation = decisions::kAttestationResult,
             .outcome = status,
             .peer = m.peer.name,
             .reference_point = m.reference_point,
             .step = step,
             .detail = detail.add(keys::kReason,
                                  pending ? "evidence not appraised yet" : "never challenged")});
      reply.status = status;
      channels_.reply(m, msg::to_envelope(reply, step));
      return;
    }
    const Appraised& latest = *it->second.latest;
    reply.status = latest.affirming ? outcomes::kAffirming : outcomes::kContraindicated;
    reply.result = latest.result;
    reply.reference = latest.reference;
    reply.nonce = latest.nonce;
    reply.hmee_key = latest.hmee_key;
    detail.add(keys::kReference, latest.reference)
        .add(keys::kAppraisedAt, utc(latest.appraised_at));
    std::string credential = "none";
    if (latest.affirming) {
      try {  // an expected failure: the answer goes without a credential
        reply.psk =
            attestation::attested_psk(*agreement_key_, pki::PublicKey::from_der(latest.hmee_key),
                                      latest.nonce, m.peer.name, vnfci);
        credential = "provided";
      } catch (const std::exception& e) {
        detail.add(keys::kProblem, std::string("no credential: ") + e.what());
      }
    }
    detail.add(keys::kCredential, credential);
    trace({.operation = decisions::kAttestationResult,
           .outcome = reply.status,
           .peer = m.peer.name,
           .reference_point = m.reference_point,
           .step = step,
           .detail = detail});
    channels_.reply(m, msg::to_envelope(reply, step));
  }

  verifier::Settings settings_;
  WorkQueue queue_;
  SecureChannels channels_;
  MessageHandlers<sim::Message> attester_handlers_;
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
  ActorTypeInfo info{
      .description =
          "Attestation Service (RATS Verifier, C.2.1.2/C.2.1.3): challenges VNFCIs, appraises "
          "their Evidence against hardware roots and reference values, answers the CMF (Relying "
          "Party) with the signed result and the attestation-derived PSK",
      .params = verifier::param_rules(),
      .check = verifier::check_cross_fields};
  registry.add(kTypeName, actor_type(kTypeName, std::move(info),
                                     [](sim::ActorContext& context, const sim::ActorSpec& spec) {
                                       return std::make_unique<VerifierActor>(context, spec);
                                     }));
}

}  // namespace ifa026::actors
