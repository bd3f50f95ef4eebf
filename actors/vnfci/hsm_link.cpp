// The HMEE's mutual TLS link to its HSM (see hsm_link.hpp).
#include "actors/vnfci/hsm_link.hpp"

#include <algorithm>
#include <exception>
#include <type_traits>
#include <utility>

#include "actors/common/envelope.hpp"
#include "actors/common/pki_clock.hpp"
#include "actors/messages/decisions.hpp"
#include "actors/messages/detail_keys.hpp"
#include "actors/messages/flow_steps.hpp"
#include "actors/messages/hsm_if.hpp"
#include "actors/messages/operations.hpp"
#include "actors/messages/reference_points.hpp"
#include "actors/messages/session_check.hpp"
#include "pki/chain_verifier.hpp"

namespace ifa026::actors::vnfci {

namespace keys = detail_keys;

namespace {

constexpr std::size_t kSessionNonceBytes = 16;

// The step that opens the session: C.2.1.3 #6; C.2.2.4.7 #2 (issue 17, hmee).
std::string session_step(const std::string& flow) {
  return flows::step(flow, flow == flows::kDelegatedHsmInstall ? 2 : 6);
}

}  // namespace

HsmLink::HsmLink(sim::ActorContext& context, ActorToolkit toolkit, SecureChannels& channels,
                 sim::Duration timeout)
    : ActorPiece(toolkit),
      context_(context),
      channels_(channels),
      timeout_(timeout),
      pending_(context, "hsm-timeout") {}

void HsmLink::configure(const std::string& hsm, const pki::Certificate& vendor_root,
                        bool require_root) {
  if (require_root)
    required_root_ = vendor_root;
  else
    required_root_.reset();
  auto& anchors = channels_.credentials().trust_anchors;
  if (std::find(anchors.begin(), anchors.end(), vendor_root) == anchors.end())
    anchors.push_back(vendor_root);
  if (hsm == hsm_) return;
  if (!hsm_.empty()) fail_all("the configuration named another HSM");
  hsm_ = hsm;
  state_ = State::closed;
}

void HsmLink::reset() {
  if (state_ == State::open && pending_.open() == 0)
    state_ = State::closed;
  else if (state_ != State::closed)
    fail_all("session closed");
}

void HsmLink::trace_channel(const std::string& outcome, const TraceDetail& detail,
                            const std::string& step) {
  trace({.operation = decisions::kHsmChannel,
         .outcome = outcome,
         .peer = hsm_,
         .reference_point = reference_points::kHmeeHsm,
         .step = step,
         .detail = detail});
}

void HsmLink::open(const std::string& flow) {
  state_ = State::opening;
  session_flow_ = flow;
  session_nonce_ = pki::random_bytes(kSessionNonceBytes);
  channels_.send(hsm_, ChannelKind::mutual, reference_points::kHmeeHsm,
                 messages::to_envelope(messages::SessionCheckRequest{.nonce = session_nonce_},
                                       session_step(flow)));
}

Envelope HsmLink::envelope_of(std::uint64_t id, const Pending& p) {
  return std::visit(
      [&](auto request) {
        request.context = messages::HsmRequestContext{id};
        using R = decltype(request);
        const int number = std::is_same_v<R, messages::GenerateKeyPairRequest>  ? 7
                           : std::is_same_v<R, messages::ReleaseKeyPairRequest> ? 3
                                                                                : 10;
        return messages::to_envelope(request, flows::step(p.flow, number));
      },
      p.request);
}

// Sent now on an open session; otherwise once the session (opened now if closed) is.
void HsmLink::start(Pending pending) {
  pending_.start(
      std::move(pending), {.timeout = timeout_},
      [this](std::uint64_t id, const Pending& p, int) {
        if (state_ == State::open) {
          channels_.send(hsm_, ChannelKind::mutual, reference_points::kHmeeHsm, envelope_of(id, p));
          return;
        }
        waiting_.push_back(id);
        if (state_ == State::closed) open(p.flow);
      },
      [this](std::uint64_t id, Pending p) {
        guarded({.operation = "hsm-timeout",
                 .peer = hsm_,
                 .reference_point = reference_points::kHmeeHsm},
                [&] {
                  std::erase(waiting_, id);
                  finish(p, "no answer from the HSM " + hsm_);
                });
      });
}

void HsmLink::generate_key(const std::string& identity, pki::KeyType type, const std::string& flow,
                           KeyDone done) {
  if (hsm_.empty()) return done(std::nullopt, "no HSM configured");
  messages::GenerateKeyPairRequest request;
  request.key_type = std::string(pki::to_string(type));
  request.identity = identity;
  start(Pending{flow, std::move(request), std::move(done), {}});
}

void HsmLink::sign_csr(const std::string& identity, const std::string& handle,
                       const std::string& subject, const std::vector<std::string>& dns,
                       const std::string& flow, CsrDone done) {
  if (hsm_.empty()) return done(std::nullopt, "no HSM configured");
  messages::SignCsrRequest request;
  request.handle = handle;
  request.subject = subject;
  request.dns = dns;
  request.identity = identity;
  start(Pending{flow, std::move(request), {}, std::move(done)});
}

void HsmLink::release_key(const std::string& identity, const std::string& handle,
                          const std::string& flow, KeyDone done) {
  if (hsm_.empty()) return done(std::nullopt, "no HSM configured");
  messages::ReleaseKeyPairRequest request;
  request.handle = handle;
  request.identity = identity;
  start(Pending{flow, std::move(request), std::move(done), {}});
}

void HsmLink::finish(Pending& p, const std::string& problem, std::optional<KeyPair> key,
                     std::optional<pki::Csr> csr) {
  if (p.key_done) p.key_done(problem.empty() ? std::move(key) : std::nullopt, problem);
  if (p.csr_done) p.csr_done(problem.empty() ? std::move(csr) : std::nullopt, problem);
}

void HsmLink::fail_all(const std::string& problem) {
  state_ = State::closed;
  waiting_.clear();
  for (auto& [id, p] : pending_.cancel_all()) finish(p, problem);
}

bool HsmLink::on_failure(const std::string& peer, ChannelKind kind, const std::string& failure) {
  if (hsm_.empty() || peer != hsm_ || kind != ChannelKind::mutual) return false;
  const bool opening = state_ == State::opening;
  if (opening || pending_.open() != 0)
    trace_channel(outcomes::kFailed,
                  TraceDetail().add(keys::kHsm, hsm_).add(keys::kReason, failure),
                  opening ? session_step(session_flow_) : "");
  fail_all("HSM channel failed: " + failure);
  return true;
}

void HsmLink::on_session_check(const ChannelMessage& m) {
  if (state_ != State::opening) return;
  auto answer = messages::from_envelope<messages::SessionCheckResponse>(m.envelope);
  if (!answer || !answer->nonce || *answer->nonce != session_nonce_) {
    trace_channel(
        outcomes::kFailed,
        TraceDetail().add(keys::kHsm, hsm_).add(keys::kReason, "session check answered wrongly"),
        session_step(session_flow_));
    fail_all("HSM session check answered wrongly");
    return;
  }
  if (const std::string problem = peer_problem(m); !problem.empty()) {
    trace_channel(outcomes::kFailed,
                  TraceDetail().add(keys::kHsm, hsm_).add(keys::kReason, problem),
                  session_step(session_flow_));
    fail_all("HSM channel failed: " + problem);
    return;
  }
  state_ = State::open;
  TraceDetail detail;
  detail.add(keys::kHsm, hsm_);
  if (m.peer.certificate) detail.add(keys::kPeerSubject, m.peer.certificate->subject().to_string());
  trace_channel(outcomes::kOk, detail, session_step(session_flow_));
  const std::vector<std::uint64_t> waiting = std::move(waiting_);
  waiting_.clear();
  for (const std::uint64_t id : waiting)
    if (const Pending* p = pending_.find(id))
      channels_.send(hsm_, ChannelKind::mutual, reference_points::kHmeeHsm, envelope_of(id, *p));
}

// Issue 17 (hmee, decision in docs/delegation-mode.md): the certificate a delegate VNFM names is
// the HSM vendor's root; the HSM's TLS certificate must chain to it alone, at simulated time, and
// name the HSM (its subject CN begins with the actor's name, as the HSM's vendor issues it).
std::string HsmLink::peer_problem(const ChannelMessage& m) const {
  if (!required_root_) return "";
  if (!m.peer.certificate) return "the HSM showed no certificate";
  pki::TrustStore store;
  store.add_anchor(*required_root_);
  const auto verdict = pki::verify_certificate(*m.peer.certificate, store, pki_now(context_));
  if (!verdict.ok())
    return "the HSM's certificate does not chain to the vendor root named in the configuration (" +
           std::string(pki::to_string(verdict.failure)) +
           (verdict.detail.empty() ? ")" : ": " + verdict.detail + ")");
  const std::string cn = m.peer.certificate->subject().common_name();
  if (!(cn == hsm_ || cn.starts_with(hsm_ + " ")))
    return "the HSM's certificate names " + cn + ", not " + hsm_;
  return "";
}

bool HsmLink::handle(const ChannelMessage& m) {
  if (hsm_.empty() || m.peer.name != hsm_ || m.reference_point != reference_points::kHmeeHsm)
    return false;
  const std::string& op = m.envelope.operation;
  if (m.peer.kind != ChannelKind::mutual) return false;
  if (op == operations::kSessionCheckResponse) {
    on_session_check(m);
    return true;
  }
  // The answers the HMEE asks for; the context names the request answered.
  std::optional<messages::GenerateKeyPairResponse> key_answer;
  std::optional<messages::SignCsrResponse> csr_answer;
  std::optional<messages::ReleaseKeyPairResponse> release_answer;  // issue 17 (hmee)
  std::string undecodable;
  if (op == operations::kGenerateKeyPairResponse) {
    auto decoded = messages::from_envelope<messages::GenerateKeyPairResponse>(m.envelope);
    if (decoded)
      key_answer = std::move(decoded.value());
    else
      undecodable = decoded.failure().text();
  } else if (op == operations::kReleaseKeyPairResponse) {
    auto decoded = messages::from_envelope<messages::ReleaseKeyPairResponse>(m.envelope);
    if (decoded)
      release_answer = std::move(decoded.value());
    else
      undecodable = decoded.failure().text();
  } else if (op == operations::kSignCsrResponse) {
    auto decoded = messages::from_envelope<messages::SignCsrResponse>(m.envelope);
    if (decoded)
      csr_answer = std::move(decoded.value());
    else
      undecodable = decoded.failure().text();
  }
  const std::optional<messages::HsmRequestContext> context = key_answer   ? key_answer->context
                                                             : csr_answer ? csr_answer->context
                                                             : release_answer
                                                                 ? release_answer->context
                                                                 : std::nullopt;
  const std::uint64_t id = context ? context->request : 0;
  if (pending_.find(id) == nullptr) {
    trace({.operation = op,
           .outcome = outcomes::kRejected,
           .peer = m.peer.name,
           .reference_point = reference_points::kHmeeHsm,
           .step = m.envelope.step,
           .detail = TraceDetail().add(
               keys::kReason, undecodable.empty() ? "no request waits for this answer"
                                                  : "the answer does not decode: " + undecodable)});
    return true;
  }
  Pending p = std::move(*pending_.reply(id).pending);
  std::erase(waiting_, id);
  const bool key_request = std::holds_alternative<messages::GenerateKeyPairRequest>(p.request);
  const bool release_request = std::holds_alternative<messages::ReleaseKeyPairRequest>(p.request);
  const std::string asked = key_request       ? operations::kGenerateKeyPairRequest
                            : release_request ? operations::kReleaseKeyPairRequest
                                              : operations::kSignCsrRequest;
  const std::string expected = key_request       ? operations::kGenerateKeyPairResponse
                               : release_request ? operations::kReleaseKeyPairResponse
                                                 : operations::kSignCsrResponse;
  if (op != expected) {
    finish(p, "the HSM answered " + op + " to " + asked);
    return true;
  }
  const std::string& status = key_answer       ? key_answer->status
                              : release_answer ? release_answer->status
                                               : csr_answer->status;
  if (status != "ok") {
    const auto& reason = key_answer       ? key_answer->reason
                         : release_answer ? release_answer->reason
                                          : csr_answer->reason;
    finish(p, "HSM: " + reason.value_or("refused"));
    return true;
  }
  if (release_answer) {  // issue 17 (hmee): the released key pair, C.2.2.4.7 #4
    std::string problem;
    std::optional<KeyPair> key_pair;
    const auto& wanted = std::get<messages::ReleaseKeyPairRequest>(p.request).handle;
    try {
      if (!release_answer->private_key || !release_answer->public_key)
        problem = "released key answer without public or private key";
      else if (release_answer->handle != wanted)
        problem = "the HSM released " + release_answer->handle + ", not " + wanted;
      else {
        pki::PrivateKey key = pki::PrivateKey::from_der(*release_answer->private_key);
        if (!(key.public_key() == pki::PublicKey::from_der(*release_answer->public_key)))
          problem = "the HSM's private key does not match its public key";
        else
          key_pair = KeyPair{wanted, std::move(key)};
      }
    } catch (const pki::DecodeError& e) {
      problem = std::string("HSM answer does not decode: ") + e.what();
    }
    finish(p, problem, std::move(key_pair));
    return true;
  }
  std::string problem;
  std::optional<KeyPair> key_pair;
  std::optional<pki::Csr> csr;
  try {  // an answer that does not decode fails the request (a protocol answer, not a fault)
    if (key_answer) {
      const auto& private_key = key_answer->private_key;
      const auto& public_key = key_answer->public_key;
      const std::string handle = key_answer->handle.value_or("");
      if (!private_key || !public_key || handle.empty()) {
        problem = "key pair answer without handle, public or private key";
      } else {
        pki::PrivateKey key = pki::PrivateKey::from_der(*private_key);
        if (!(key.public_key() == pki::PublicKey::from_der(*public_key)))
          problem = "the HSM's private key does not match its public key";
        else
          key_pair = KeyPair{handle, std::move(key)};
      }
    } else if (csr_answer->csr) {
      csr = pki::Csr::from_der(*csr_answer->csr);
    } else {
      problem = "signed CSR answer without csr";
    }
  } catch (const pki::DecodeError& e) {
    problem = std::string("HSM answer does not decode: ") + e.what();
  }
  finish(p, problem, std::move(key_pair), std::move(csr));
  return true;
}

}  // namespace ifa026::actors::vnfci
