// The HMEE's mutual TLS link to its HSM (see hsm_link.hpp).
#include "actors/vnfci/hsm_link.hpp"

#include <algorithm>
#include <exception>
#include <utility>

#include "actors/common/envelope.hpp"
#include "actors/common/operations.hpp"
#include "actors/common/reference_points.hpp"
#include "actors/messages/hsm_if.hpp"
#include "actors/messages/session_check.hpp"

namespace ifa026::actors::vnfci {

using nlohmann::json;
using sim::RecordKind;

namespace {

constexpr std::size_t kSessionNonceBytes = 16;

std::string step(const std::string& flow, int number) {
  return flow + "#" + std::to_string(number);
}

}  // namespace

HsmLink::HsmLink(sim::ActorContext& context, SecureChannels& channels, sim::Duration timeout,
                 Trace trace)
    : context_(context), channels_(channels), timeout_(timeout), trace_(std::move(trace)) {}

HsmLink::~HsmLink() {
  for (auto& [id, p] : pending_)
    if (p.timer.valid()) context_.cancel(p.timer);
}

void HsmLink::configure(const std::string& hsm, const pki::Certificate& vendor_root) {
  auto& anchors = channels_.credentials().trust_anchors;
  if (std::find(anchors.begin(), anchors.end(), vendor_root) == anchors.end())
    anchors.push_back(vendor_root);
  if (hsm == hsm_) return;
  if (!hsm_.empty()) fail_all("the configuration named another HSM");
  hsm_ = hsm;
  state_ = State::closed;
}

void HsmLink::reset() {
  if (state_ == State::open && pending_.empty())
    state_ = State::closed;
  else if (state_ != State::closed)
    fail_all("session closed");
}

void HsmLink::open(const std::string& flow) {
  state_ = State::opening;
  session_flow_ = flow;
  session_nonce_ = pki::random_bytes(kSessionNonceBytes);
  channels_.send(
      hsm_, ChannelKind::mutual, reference_points::kHmeeHsm,
      messages::to_envelope(messages::SessionCheckRequest{.nonce = session_nonce_}, step(flow, 6)));
}

void HsmLink::send(std::uint64_t id, Envelope envelope) {
  Pending& p = pending_.at(id);
  p.timer = context_.schedule(timeout_, "hsm-timeout", [this, id] {
    auto it = pending_.find(id);
    if (it == pending_.end()) return;
    it->second.timer = {};
    finish(id, "no answer from the HSM " + hsm_);
  });
  if (state_ == State::open) {
    channels_.send(hsm_, ChannelKind::mutual, reference_points::kHmeeHsm, std::move(envelope));
    return;
  }
  const std::string flow = envelope.step.substr(0, envelope.step.find('#'));
  waiting_.emplace_back(id, std::move(envelope));
  if (state_ == State::closed) open(flow);
}

void HsmLink::generate_key(const std::string& identity, pki::KeyType type, const std::string& flow,
                           KeyDone done) {
  const std::uint64_t id = ++next_request_;
  pending_[id] = Pending{identity, operations::kGenerateKeyPairRequest, std::move(done), {}, {}};
  messages::GenerateKeyPairRequest request;
  request.key_type = std::string(pki::to_string(type));
  request.identity = identity;
  request.context = messages::HsmRequestContext{id};
  Envelope envelope = messages::to_envelope(request, step(flow, 7));
  if (hsm_.empty()) return finish(id, "no HSM configured");
  send(id, std::move(envelope));
}

void HsmLink::sign_csr(const std::string& identity, const std::string& handle,
                       const std::string& subject, const std::vector<std::string>& dns,
                       const std::string& flow, CsrDone done) {
  const std::uint64_t id = ++next_request_;
  pending_[id] = Pending{identity, operations::kSignCsrRequest, {}, std::move(done), {}};
  messages::SignCsrRequest request;
  request.handle = handle;
  request.subject = subject;
  request.dns = dns;
  request.identity = identity;
  request.context = messages::HsmRequestContext{id};
  Envelope envelope = messages::to_envelope(request, step(flow, 10));
  if (hsm_.empty()) return finish(id, "no HSM configured");
  send(id, std::move(envelope));
}

void HsmLink::finish(std::uint64_t id, const std::string& problem, std::optional<KeyPair> key,
                     std::optional<pki::Csr> csr) {
  auto it = pending_.find(id);
  if (it == pending_.end()) return;
  Pending p = std::move(it->second);
  pending_.erase(it);
  if (p.timer.valid()) context_.cancel(p.timer);
  waiting_.erase(std::remove_if(waiting_.begin(), waiting_.end(),
                                [id](const auto& w) { return w.first == id; }),
                 waiting_.end());
  if (p.key_done) p.key_done(problem.empty() ? std::move(key) : std::nullopt, problem);
  if (p.csr_done) p.csr_done(problem.empty() ? std::move(csr) : std::nullopt, problem);
}

void HsmLink::fail_all(const std::string& problem) {
  state_ = State::closed;
  waiting_.clear();
  std::vector<std::uint64_t> ids;
  for (const auto& [id, p] : pending_) ids.push_back(id);
  for (auto id : ids) finish(id, problem);
}

bool HsmLink::on_failure(const std::string& peer, ChannelKind kind, const std::string& failure) {
  if (hsm_.empty() || peer != hsm_ || kind != ChannelKind::mutual) return false;
  const bool opening = state_ == State::opening;
  if (opening || !pending_.empty()) {
    trace_(RecordKind::decision, "HsmChannel", "failed", "",
           TraceDetail().add("hsm", hsm_).add("reason", failure), hsm_,
           opening ? step(session_flow_, 6) : "");
  }
  fail_all("HSM channel failed: " + failure);
  return true;
}

void HsmLink::on_session_check(const ChannelMessage& m) {
  if (state_ != State::opening) return;
  auto answer = messages::from_envelope<messages::SessionCheckResponse>(m.envelope);
  if (!answer || !answer->nonce || *answer->nonce != session_nonce_) {
    trace_(RecordKind::decision, "HsmChannel", "failed", "",
           TraceDetail().add("hsm", hsm_).add("reason", "session check answered wrongly"), hsm_,
           step(session_flow_, 6));
    fail_all("HSM session check answered wrongly");
    return;
  }
  state_ = State::open;
  TraceDetail detail;
  detail.add("hsm", hsm_);
  if (m.peer.certificate) detail.add("peer_subject", m.peer.certificate->subject().to_string());
  trace_(RecordKind::decision, "HsmChannel", "ok", "", detail, hsm_, step(session_flow_, 6));
  auto waiting = std::move(waiting_);
  waiting_.clear();
  for (auto& [id, envelope] : waiting)
    if (pending_.count(id) != 0)
      channels_.send(hsm_, ChannelKind::mutual, reference_points::kHmeeHsm, std::move(envelope));
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
  std::string undecodable;
  if (op == operations::kGenerateKeyPairResponse) {
    auto decoded = messages::from_envelope<messages::GenerateKeyPairResponse>(m.envelope);
    if (decoded)
      key_answer = std::move(decoded.value());
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
                                                                          : std::nullopt;
  auto it = pending_.find(context ? context->request : 0);
  if (it == pending_.end()) {
    trace_(RecordKind::decision, op, "rejected", "",
           TraceDetail().add("reason", undecodable.empty()
                                           ? "no request waits for this answer"
                                           : "the answer does not decode: " + undecodable),
           m.peer.name, m.envelope.step);
    return true;
  }
  const std::uint64_t id = it->first;
  const std::string expected = it->second.operation == operations::kGenerateKeyPairRequest
                                   ? operations::kGenerateKeyPairResponse
                                   : operations::kSignCsrResponse;
  if (op != expected) {
    finish(id, "the HSM answered " + op + " to " + it->second.operation);
    return true;
  }
  const std::string& status = key_answer ? key_answer->status : csr_answer->status;
  if (status != "ok") {
    const auto& reason = key_answer ? key_answer->reason : csr_answer->reason;
    finish(id, "HSM: " + reason.value_or("refused"));
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
  finish(id, problem, std::move(key_pair), std::move(csr));
  return true;
}

}  // namespace ifa026::actors::vnfci
