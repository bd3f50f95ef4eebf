// Real TLS 1.3 sessions between actors over simulated messages (see secure_channels.hpp).
//
// Inside a session, the application data stream is a sequence of frames: a 4-byte big-endian
// length, then that many bytes of an encoded Envelope (a zero-length frame is the server's
// "accepted" notice of a mutual session, see below). Frames may span TLS records, so envelopes of
// any size travel intact.
//
// Incoming TLS bytes are fed to the TlsChannel one record at a time, so that a handshake that
// completes and a record that fails in the same flight are told apart (TlsHandshake ok, then
// TlsRecord rejected).
//
// A TLS 1.3 client considers its handshake done once it has sent its Finished, before the server
// has checked the client's certificate. On a mutual session the server therefore sends an empty
// frame as soon as it accepts the client; until that (or any other data) arrives, the client's
// handshake is not reported ok and the envelopes it sent stay listed, so a rejection (e.g.
// "certificate revoked") fails the handshake and reports them as dropped.
#include "actors/common/secure_channels.hpp"

#include <algorithm>
#include <array>
#include <deque>
#include <exception>
#include <utility>

#include "actors/common/pki_clock.hpp"
#include "actors/common/trace_detail.hpp"
#include "actors/messages/decisions.hpp"
#include "actors/messages/detail_keys.hpp"
#include "actors/messages/operations.hpp"
#include "pki/bytes.hpp"
#include "pki/remote_key.hpp"

namespace ifa026::actors {
namespace {

constexpr std::uint8_t kChannelTag = 0xF0;
constexpr std::size_t kHeaderSize = 2;
constexpr std::size_t kTlsRecordHeader = 5;
constexpr std::size_t kMaxTlsRecordBody = (1u << 14) + 2048;  // ciphertext limit of RFC 8446
constexpr std::size_t kMaxFrame = std::size_t{256} << 20;     // a sanity bound on envelopes

constexpr const char* kHandshake = decisions::kTlsHandshake;
constexpr const char* kAlert = operations::kTlsAlert;
constexpr const char* kClose = operations::kTlsClose;

// RFC 8446 §4.1.3: the ServerHello.random of a HelloRetryRequest.
constexpr std::array<std::uint8_t, 32> kHelloRetryRandom = {
    0xCF, 0x21, 0xAD, 0x74, 0xE5, 0x9A, 0x61, 0x11, 0xBE, 0x1D, 0x8C, 0x02, 0x1E, 0x65, 0xB8, 0x91,
    0xC2, 0xA2, 0x11, 0x16, 0x7A, 0xBB, 0x8C, 0x5E, 0x07, 0x9E, 0x09, 0xE2, 0xC8, 0xA8, 0x33, 0x9C};

std::string_view role_name(pki::TlsRole role) {
  return role == pki::TlsRole::client ? detail_values::kRoleClient : detail_values::kRoleServer;
}

std::string session_key(const std::string& peer, ChannelKind kind, pki::TlsRole role) {
  std::string key = peer;
  key += '|';
  key += to_string(kind);
  key += '|';
  key += role_name(role);
  return key;
}

// A plaintext handshake record holding a ClientHello: the start of a new session.
bool starts_with_client_hello(pki::ByteView bytes) {
  return bytes.size() > kTlsRecordHeader && bytes[0] == 0x16 && bytes[kTlsRecordHeader] == 0x01;
}

// A server flight starting with a HelloRetryRequest (the client will send a second ClientHello).
bool starts_with_hello_retry(pki::ByteView bytes) {
  constexpr std::size_t random_at = kTlsRecordHeader + 4 + 2;
  if (bytes.size() < random_at + kHelloRetryRandom.size() || bytes[0] != 0x16 ||
      bytes[kTlsRecordHeader] != 0x02)
    return false;
  return std::equal(kHelloRetryRandom.begin(), kHelloRetryRandom.end(), bytes.begin() + random_at);
}

pki::Bytes frame(pki::ByteView content) {
  pki::Bytes out;
  out.reserve(content.size() + 4);
  const auto size = static_cast<std::uint32_t>(content.size());
  out.push_back(static_cast<std::uint8_t>(size >> 24));
  out.push_back(static_cast<std::uint8_t>(size >> 16));
  out.push_back(static_cast<std::uint8_t>(size >> 8));
  out.push_back(static_cast<std::uint8_t>(size));
  out.insert(out.end(), content.begin(), content.end());
  return out;
}

}  // namespace

std::string_view to_string(ChannelKind kind) {
  switch (kind) {
    case ChannelKind::day0:
      return detail_values::kChannelDay0;
    case ChannelKind::server_auth:
      return detail_values::kChannelServerAuth;
    case ChannelKind::mutual:
      return detail_values::kChannelMutual;
  }
  return "unknown";
}

pki::Bytes day0_psk_key(const std::string& secret) {
  const std::string text = "ifa026 day-0 psk|" + secret;
  return pki::sha256(
      pki::ByteView(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
}

struct SecureChannels::Session {
  struct Pending {
    Envelope envelope;
    std::string reference_point;
  };

  std::string key;
  std::uint64_t serial = 0;  // tells a session from a later one with the same key
  sim::EventId timeout;
  std::string peer;
  ChannelKind kind = ChannelKind::day0;
  pki::TlsRole role = pki::TlsRole::client;
  std::string reference_point;
  std::unique_ptr<pki::TlsChannel> tls;
  std::string setup_failure;          // why the session could not be configured ("" when it could)
  std::string psk_identity;           // day0
  std::string own_serial;             // serial of the certificate this end presents ("" none)
  std::string key_label;              // its key's, when the key is remote (an HSM handle)
  bool handshake_complete = false;    // the TlsChannel finished its handshake
  bool established = false;           // TlsHandshake ok traced
  bool awaiting_acceptance = false;   // mutual client: the server has not confirmed yet
  bool sent_hello_retry = false;      // server: a second ClientHello is due
  bool signature_asked = false;       // the owner was asked for the handshake's signature
  std::deque<Pending> waiting;        // not written yet (handshake in progress)
  std::vector<Envelope> unconfirmed;  // written while awaiting acceptance
  std::optional<pki::Certificate> peer_certificate;  // verified
  pki::Bytes tls_input;  // bytes from the peer not yet a whole TLS record
  pki::Bytes inbox;      // application data not yet a whole frame
};

SecureChannels::SecureChannels(sim::ActorContext& context, MessageHandler on_message,
                               FailureHandler on_failure)
    : context_(context),
      on_message_(std::move(on_message)),
      on_failure_(std::move(on_failure)),
      tracer_(context),
      own_guard_(std::make_unique<HandlerGuard>(tracer_)),
      guard_(own_guard_.get()) {}

SecureChannels::SecureChannels(sim::ActorContext& context, HandlerGuard& guard,
                               MessageHandler on_message, FailureHandler on_failure)
    : context_(context),
      on_message_(std::move(on_message)),
      on_failure_(std::move(on_failure)),
      tracer_(context),
      guard_(&guard) {}

SecureChannels::~SecureChannels() = default;

std::size_t SecureChannels::established() const {
  std::size_t count = 0;
  for (const auto& [key, session] : sessions_)
    if (session->established) ++count;
  return count;
}

SecureChannels::Session* SecureChannels::session_for_send(const std::string& peer,
                                                          ChannelKind kind) {
  auto server = sessions_.find(session_key(peer, kind, pki::TlsRole::server));
  if (server != sessions_.end() && server->second->handshake_complete) return server->second.get();
  auto client = sessions_.find(session_key(peer, kind, pki::TlsRole::client));
  if (client != sessions_.end()) return client->second.get();
  return nullptr;
}

SecureChannels::Session& SecureChannels::open(const std::string& peer, ChannelKind kind,
                                              pki::TlsRole role,
                                              const std::string& reference_point) {
  auto session = std::make_unique<Session>();
  session->key = session_key(peer, kind, role);
  session->peer = peer;
  session->kind = kind;
  session->role = role;
  session->reference_point = reference_point;

  pki::TlsEndpointConfig config;
  config.role = role;
  config.now = pki_now(context_);
  const ChannelCredentials& own = credentials_;
  const bool present_certificate =
      kind == ChannelKind::mutual ||
      (kind == ChannelKind::server_auth && role == pki::TlsRole::server);
  const bool verify_peer = kind == ChannelKind::mutual ||
                           (kind == ChannelKind::server_auth && role == pki::TlsRole::client);
  if (kind == ChannelKind::day0) {
    auto secret = own.day0_secrets.find(peer);
    if (secret == own.day0_secrets.end()) {
      session->setup_failure = "no day-0 secret for " + peer;
    } else {
      session->psk_identity = role == pki::TlsRole::client ? context_.name() : peer;
      config.psk = pki::TlsPsk{session->psk_identity, day0_psk_key(secret->second)};
    }
  }
  if (present_certificate) {
    if (own.key && own.certificate) {
      config.key = own.key;
      session->key_label = pki::remote_key_label(*own.key).value_or("");
      config.certificate = own.certificate;
      config.chain = own.chain;
      session->own_serial = own.certificate->serial_hex();
    } else if (role == pki::TlsRole::server) {
      session->setup_failure = "no certificate to present";
    }
  }
  if (verify_peer) {
    config.trust_anchors = own.trust_anchors;
    config.crls = own.crls;
    config.crl_check_whole_chain = false;  // CAs publish one CRL each: the leaf is checked
    if (kind == ChannelKind::mutual && role == pki::TlsRole::server)
      config.require_peer_certificate = true;
  }

  if (session->setup_failure.empty()) {
    try {
      session->tls = std::make_unique<pki::TlsChannel>(config);
    } catch (const std::exception& e) {
      session->setup_failure = std::string("configuration: ") + e.what();
    }
  }
  if (!session->tls && role == pki::TlsRole::server) {
    // A server that cannot take part still answers, with a bare endpoint whose handshake fails,
    // so the client learns by an alert instead of waiting forever.
    try {
      pki::TlsEndpointConfig bare;
      bare.role = pki::TlsRole::server;
      bare.now = config.now;
      session->tls = std::make_unique<pki::TlsChannel>(bare);
    } catch (const std::exception&) {
      session->tls.reset();
    }
  }

  session->serial = next_serial_++;
  if (handshake_timeout_ > sim::Duration()) {
    std::weak_ptr<int> alive = alive_;
    session->timeout = context_.schedule(
        handshake_timeout_, "TlsHandshakeTimeout",
        [this, alive, key = session->key, serial = session->serial] {
          if (alive.expired()) return;
          auto it = sessions_.find(key);
          if (it == sessions_.end() || it->second->serial != serial || it->second->established)
            return;
          it->second->timeout = {};
          if (it->second->setup_failure.empty()) it->second->setup_failure = "handshake timeout";
          fail(*it->second);
        });
  }
  Session& ref = *session;
  sessions_[ref.key] = std::move(session);
  return ref;
}

void SecureChannels::pump(Session& session, const std::string& operation, const std::string& step) {
  if (!session.tls) return;
  pki::Bytes bytes = session.tls->take_outgoing();
  if (bytes.empty()) return;
  if (session.role == pki::TlsRole::server && !session.handshake_complete &&
      starts_with_hello_retry(bytes))
    session.sent_hello_retry = true;
  sim::Message message;
  message.to = session.peer;
  message.reference_point = session.reference_point;
  message.operation = operation;
  message.step = step;
  message.payload.reserve(bytes.size() + kHeaderSize);
  message.payload.push_back(
      static_cast<std::uint8_t>(kChannelTag | static_cast<int>(session.kind)));
  // Addressed to the receiver's session of the other role.
  message.payload.push_back(session.role == pki::TlsRole::client ? 0 : 1);
  message.payload.insert(message.payload.end(), bytes.begin(), bytes.end());
  context_.post(std::move(message));
}

namespace {

TraceDetail session_detail(ChannelKind kind, pki::TlsRole role, const std::string& peer) {
  TraceDetail detail;
  detail.add(detail_keys::kChannel, to_string(kind))
      .add(detail_keys::kRole, role_name(role))
      .add(detail_keys::kPeer, peer);
  return detail;
}

}  // namespace

void SecureChannels::fail(Session& session) {
  // Take the session out first: the failure handler may open a new one with the same key.
  auto owned_it = sessions_.find(session.key);
  std::unique_ptr<Session> owned;
  if (owned_it != sessions_.end() && owned_it->second.get() == &session) {
    owned = std::move(owned_it->second);
    sessions_.erase(owned_it);
  }
  Session& s = session;

  const bool tls_failed = s.tls && s.tls->failed();
  std::string failure = tls_failed ? s.tls->failure() : s.setup_failure;
  if (failure.empty()) failure = "handshake failed";
  std::string reason = !s.setup_failure.empty() ? s.setup_failure
                       : tls_failed             ? s.tls->failure_detail()
                                                : failure;

  cancel_timeout(s);
  const std::string first_step = !s.unconfirmed.empty() ? s.unconfirmed.front().step
                                 : !s.waiting.empty()   ? s.waiting.front().envelope.step
                                                        : "";

  TraceEvent record{.operation = decisions::kTlsRecord,
                    .outcome = outcomes::kRejected,
                    .peer = s.peer,
                    .reference_point = s.reference_point,
                    .kind = sim::RecordKind::crypto};
  TraceDetail detail = session_detail(s.kind, s.role, s.peer);
  if (!s.established) {
    record.operation = kHandshake;
    record.outcome = outcomes::kFailed;
    record.step = first_step;
    if (s.kind == ChannelKind::day0 && !s.psk_identity.empty()) {
      detail.add(detail_keys::kPsk, s.psk_identity);
    } else if (s.tls && s.kind != ChannelKind::day0) {
      if (auto presented = s.tls->peer_certificate())
        detail.add(detail_keys::kPeerSubject, presented->subject().to_string())
            .add(detail_keys::kPeerSerial, presented->serial_hex());
      if (!s.own_serial.empty()) detail.add(detail_keys::kSerial, s.own_serial);
    }
  }
  detail.add(detail_keys::kAlert, failure);
  if (!reason.empty() && reason != failure) detail.add(detail_keys::kReason, reason);
  const bool verifies_peer = s.kind == ChannelKind::mutual ||
                             (s.kind == ChannelKind::server_auth && s.role == pki::TlsRole::client);
  if (!s.established && s.tls && verifies_peer && !s.tls->verification_error().empty())
    detail.add(detail_keys::kVerification, s.tls->verification_error());
  record.detail = detail;
  tracer_(std::move(record));

  // The fatal alert, if any, so the peer learns why.
  if (s.tls) {
    try {
      pump(s, kAlert, first_step);
    } catch (const std::exception&) {
    }
  }

  std::vector<Envelope> dropped = std::move(s.unconfirmed);
  for (auto& pending : s.waiting) dropped.push_back(std::move(pending.envelope));
  s.waiting.clear();
  for (const Envelope& envelope : dropped) trace_dropped(s, envelope, "session failed: " + failure);
  const std::string peer = s.peer;
  const ChannelKind kind = s.kind;
  owned.reset();  // `session` is gone from here on
  notify_failure(peer, kind, failure, dropped);
}

void SecureChannels::send(const std::string& peer, ChannelKind kind,
                          const std::string& reference_point, Envelope envelope) {
  Session* session = nullptr;
  const std::string operation = envelope.operation;
  const std::string step = envelope.step;
  try {
    session = session_for_send(peer, kind);
    if (session == nullptr) {
      session = &open(peer, kind, pki::TlsRole::client, reference_point);
      session->waiting.push_back({std::move(envelope), reference_point});
      if (!session->tls) {
        fail(*session);
        return;
      }
      session->tls->start();
      if (session->tls->failed()) {
        fail(*session);
        return;
      }
      pump(*session, kHandshake, session->waiting.front().envelope.step);
      return;
    }
    if (!session->handshake_complete) {
      session->waiting.push_back({std::move(envelope), reference_point});
      return;
    }
    session->tls->send_application_data(frame(encode_envelope(envelope)));
    if (session->awaiting_acceptance) session->unconfirmed.push_back(std::move(envelope));
    if (session->tls->failed()) {
      fail(*session);
      return;
    }
    // The outer labels repeat this envelope's.
    const std::string saved = session->reference_point;
    session->reference_point = reference_point;
    pump(*session, operation, step);
    session->reference_point = saved;
  } catch (const std::exception& e) {
    // Never out of send(): fail the session if there is one, else trace the drop.
    auto it = sessions_.find(session_key(peer, kind, pki::TlsRole::client));
    if (session != nullptr && it != sessions_.end() && it->second.get() == session) {
      if (session->setup_failure.empty()) session->setup_failure = e.what();
      fail(*session);
      return;
    }
    tracer_({.operation = decisions::kChannelMessageDropped,
             .outcome = outcomes::kDropped,
             .peer = peer,
             .reference_point = reference_point,
             .step = step,
             .detail = TraceDetail()
                           .add(detail_keys::kReason, e.what())
                           .add(detail_keys::kMessage, operation)});
  }
}

std::optional<pki::Bytes> SecureChannels::export_keying_material(const ChannelMessage& on,
                                                                 std::string_view label,
                                                                 pki::ByteView context,
                                                                 std::size_t length) const {
  auto it = sessions_.find(session_key(on.peer.name, on.peer.kind, on.role));
  if (it == sessions_.end() || !it->second->handshake_complete || !it->second->tls ||
      it->second->tls->failed())
    return std::nullopt;
  return it->second->tls->export_keying_material(label, context, length);
}

void SecureChannels::reply(const ChannelMessage& to, Envelope envelope) {
  auto it = sessions_.find(session_key(to.peer.name, to.peer.kind, to.role));
  if (it == sessions_.end() || !it->second->handshake_complete) {
    send(to.peer.name, to.peer.kind, to.reference_point, std::move(envelope));
    return;
  }
  Session& session = *it->second;
  try {
    const std::string operation = envelope.operation;
    const std::string step = envelope.step;
    session.tls->send_application_data(frame(encode_envelope(envelope)));
    if (session.awaiting_acceptance) session.unconfirmed.push_back(std::move(envelope));
    if (session.tls->failed()) {
      fail(session);
      return;
    }
    const std::string saved = session.reference_point;
    session.reference_point = to.reference_point;
    pump(session, operation, step);
    session.reference_point = saved;
  } catch (const std::exception& e) {
    if (session.setup_failure.empty()) session.setup_failure = e.what();
    fail(session);
  }
}

bool SecureChannels::handle(const sim::Message& message) {
  const auto& payload = message.payload;
  if (payload.empty() || (payload[0] & 0xF0) != kChannelTag || (payload[0] & 0x0F) > 2)
    return false;
  const auto kind = static_cast<ChannelKind>(payload[0] & 0x0F);
  auto reject = [&](const std::string& why) {
    tracer_({.operation = decisions::kTlsRecord,
             .outcome = outcomes::kRejected,
             .peer = message.from,
             .reference_point = message.reference_point,
             .step = message.step,
             .detail = TraceDetail()
                           .add(detail_keys::kChannel, to_string(kind))
                           .add(detail_keys::kPeer, message.from)
                           .add(detail_keys::kAlert, "none")
                           .add(detail_keys::kReason, why),
             .kind = sim::RecordKind::crypto});
  };
  if (payload.size() < kHeaderSize || payload[1] > 1) {
    reject("malformed channel message");
    return true;
  }
  const pki::TlsRole role = payload[1] == 0 ? pki::TlsRole::server : pki::TlsRole::client;
  const pki::ByteView bytes(payload.data() + kHeaderSize, payload.size() - kHeaderSize);
  const std::string key = session_key(message.from, kind, role);

  // Handed out after the session's own work is done (a handler may send, reply or close all).
  std::vector<ChannelMessage> deliveries;
  try {
    auto it = sessions_.find(key);
    const bool hello = starts_with_client_hello(bytes);
    if (it != sessions_.end() && role == pki::TlsRole::server && hello &&
        !(it->second->sent_hello_retry && !it->second->handshake_complete)) {
      // The client started afresh (its previous session ended without our knowing): this one
      // replaces ours.
      cancel_timeout(*it->second);
      sessions_.erase(it);
      it = sessions_.end();
    }
    Session* session = nullptr;
    if (it != sessions_.end()) {
      session = it->second.get();
    } else {
      // Bytes for a session that is gone (e.g. an alert or close_notify crossing our failure or
      // close) are ignored; only a ClientHello opens a server session.
      if (role != pki::TlsRole::server || !hello) return true;
      session = &open(message.from, kind, pki::TlsRole::server, message.reference_point);
      if (!session->tls) {
        fail(*session);
        return true;
      }
    }
    Session& s = *session;

    // Feed whole records one at a time, so the handshake completing and a later record failing
    // in the same flight are told apart.
    s.tls_input.insert(s.tls_input.end(), bytes.begin(), bytes.end());
    std::size_t offset = 0;
    std::string operation = kHandshake;
    std::string step;
    bool failed = false;
    while (!failed) {
      std::size_t available = s.tls_input.size() - offset;
      if (available < kTlsRecordHeader) break;
      std::size_t body =
          (static_cast<std::size_t>(s.tls_input[offset + 3]) << 8) | s.tls_input[offset + 4];
      std::size_t length = kTlsRecordHeader + body;
      if (body > kMaxTlsRecordBody) length = available;  // not TLS: let the channel say why
      if (available < length) break;
      s.tls->receive(pki::ByteView(s.tls_input.data() + offset, length));
      offset += length;
      if (s.tls->failed()) {
        failed = true;
        break;
      }
      if (!s.setup_failure.empty()) continue;  // a bare endpoint: it fails on its own
      // A remote key's signature: the rest of the input waits in the channel meanwhile.
      if (s.tls->signature_request() && !request_signature(s)) s.tls->supply_signature({});
      if (s.tls->failed() || !progress(s, message.reference_point, deliveries)) {
        failed = true;
        break;
      }
    }
    s.tls_input.erase(s.tls_input.begin(),
                      s.tls_input.begin() + static_cast<std::ptrdiff_t>(offset));

    settle(s, failed, operation, step);
  } catch (const std::exception& e) {
    auto it = sessions_.find(key);
    if (it != sessions_.end()) {
      if (it->second->setup_failure.empty()) it->second->setup_failure = e.what();
      fail(*it->second);
    } else {
      reject(e.what());
    }
  }
  deliver(deliveries);
  return true;
}

bool SecureChannels::progress(Session& s, const std::string& reference_point,
                              std::vector<ChannelMessage>& out) {
  if (!s.setup_failure.empty()) return true;
  if (!s.handshake_complete && s.tls->handshake_done()) {
    s.handshake_complete = true;
    if (s.kind != ChannelKind::day0) s.peer_certificate = s.tls->peer_certificate();
    if (s.kind == ChannelKind::mutual && s.role == pki::TlsRole::server)
      s.tls->send_application_data(frame({}));  // "accepted"
    if (s.kind == ChannelKind::mutual && s.role == pki::TlsRole::client)
      s.awaiting_acceptance = true;
    else
      mark_established(s);
    // What waited for the handshake leaves now: the first envelope with the client's
    // Finished, each in its own simulated message labelled with its operation and step, so
    // every flow step stays visible in the trace.
    while (!s.waiting.empty()) {
      Session::Pending pending = std::move(s.waiting.front());
      s.waiting.pop_front();
      const std::string pending_operation = pending.envelope.operation;
      const std::string pending_step = pending.envelope.step;
      s.tls->send_application_data(frame(encode_envelope(pending.envelope)));
      if (s.awaiting_acceptance) s.unconfirmed.push_back(std::move(pending.envelope));
      pump(s, pending_operation, pending_step);
    }
    if (s.tls->failed()) return false;
  }
  auto records = s.tls->take_received_application_data();
  if (!records.empty() && s.awaiting_acceptance) {
    s.awaiting_acceptance = false;
    s.unconfirmed.clear();
    mark_established(s);
  }
  for (auto& record : records) s.inbox.insert(s.inbox.end(), record.begin(), record.end());
  take_frames(s, reference_point, out);
  return true;
}

bool SecureChannels::request_signature(Session& s) {
  if (s.signature_asked) return true;
  const auto message = s.tls->signature_request();
  if (!signature_handler_ || s.key_label.empty() || !message) return false;
  s.signature_asked = true;
  const SignatureRequest request{.id = s.serial,
                                 .key_label = s.key_label,
                                 .message = *message,
                                 .peer = s.peer,
                                 .kind = s.kind,
                                 .role = s.role};
  guard_->run({.operation = decisions::kTlsHandshake, .peer = s.peer},
              [&] { signature_handler_(request); });
  return true;
}

bool SecureChannels::supply_signature(std::uint64_t id, pki::Bytes signature) {
  Session* session = nullptr;
  for (auto& [key, candidate] : sessions_)
    if (candidate->serial == id) session = candidate.get();
  if (session == nullptr || !session->signature_asked || !session->tls ||
      !session->tls->signature_request())
    return false;
  Session& s = *session;
  std::vector<ChannelMessage> deliveries;
  try {
    s.signature_asked = false;
    s.tls->supply_signature(std::move(signature));
    bool failed = s.tls->failed();
    if (!failed && s.tls->signature_request() && !request_signature(s)) s.tls->supply_signature({});
    failed = failed || s.tls->failed() || !progress(s, s.reference_point, deliveries);
    settle(s, failed, kHandshake, "");
  } catch (const std::exception& e) {
    auto it = sessions_.find(s.key);
    if (it != sessions_.end() && it->second.get() == &s) {
      if (s.setup_failure.empty()) s.setup_failure = e.what();
      fail(s);
    }
  }
  deliver(deliveries);
  return true;
}

void SecureChannels::settle(Session& s, bool failed, const std::string& operation,
                            const std::string& step) {
  if (failed || (!s.setup_failure.empty() && s.tls->failed())) {
    fail(s);
  } else if (s.tls->peer_closed()) {
    pump(s, kClose, "");
    cancel_timeout(s);
    auto owned = std::move(sessions_[s.key]);
    sessions_.erase(s.key);
    std::vector<Envelope> dropped = std::move(owned->unconfirmed);
    for (auto& pending : owned->waiting) dropped.push_back(std::move(pending.envelope));
    for (const Envelope& envelope : dropped) trace_dropped(*owned, envelope, "closed by peer");
    if (!dropped.empty()) notify_failure(owned->peer, owned->kind, "closed by peer", dropped);
  } else {
    pump(s, operation, step);
  }
}

void SecureChannels::deliver(const std::vector<ChannelMessage>& deliveries) {
  if (!on_message_) return;
  for (const ChannelMessage& delivered : deliveries)
    guard_->run({.operation = delivered.envelope.operation,
                 .peer = delivered.peer.name,
                 .reference_point = delivered.reference_point,
                 .step = delivered.envelope.step},
                [&] { on_message_(delivered); });
}

void SecureChannels::notify_failure(const std::string& peer, ChannelKind kind,
                                    const std::string& failure,
                                    const std::vector<Envelope>& dropped) {
  if (!on_failure_) return;
  guard_->run({.operation = decisions::kChannelFailure, .peer = peer},
              [&] { on_failure_(peer, kind, failure, dropped); });
}

void SecureChannels::cancel_timeout(Session& session) {
  if (session.timeout.valid()) context_.withdraw(session.timeout);
  session.timeout = {};
}

void SecureChannels::mark_established(Session& session) {
  session.established = true;
  cancel_timeout(session);
  TraceEvent record{.operation = kHandshake,
                    .outcome = outcomes::kOk,
                    .peer = session.peer,
                    .reference_point = session.reference_point,
                    .kind = sim::RecordKind::crypto};
  TraceDetail detail = session_detail(session.kind, session.role, session.peer);
  if (session.kind == ChannelKind::day0)
    detail.add(detail_keys::kPsk, session.psk_identity);
  else if (session.peer_certificate)
    detail.add(detail_keys::kPeerSubject, session.peer_certificate->subject().to_string())
        .add(detail_keys::kPeerSerial, session.peer_certificate->serial_hex());
  if (session.kind != ChannelKind::day0 && !session.own_serial.empty())
    detail.add(detail_keys::kSerial, session.own_serial);
  record.detail = detail;
  tracer_(std::move(record));
}

void SecureChannels::take_frames(Session& session, const std::string& reference_point,
                                 std::vector<ChannelMessage>& out) {
  std::size_t offset = 0;
  auto& inbox = session.inbox;
  while (inbox.size() - offset >= 4) {
    const std::size_t size = (static_cast<std::size_t>(inbox[offset]) << 24) |
                             (static_cast<std::size_t>(inbox[offset + 1]) << 16) |
                             (static_cast<std::size_t>(inbox[offset + 2]) << 8) | inbox[offset + 3];
    if (size > kMaxFrame) {
      // An authenticated stream we cannot frame: drop what we hold and carry on.
      tracer_(
          {.operation = decisions::kChannelMessageDropped,
           .outcome = outcomes::kDropped,
           .peer = session.peer,
           .reference_point = reference_point,
           .detail = TraceDetail()
                         .add(detail_keys::kReason, "frame of " + std::to_string(size) + " bytes")
                         .add(detail_keys::kChannel, to_string(session.kind))
                         .add(detail_keys::kPeer, session.peer)});
      offset = inbox.size();
      break;
    }
    if (inbox.size() - offset - 4 < size) break;
    const pki::ByteView content(inbox.data() + offset + 4, size);
    offset += 4 + size;
    if (size == 0) continue;  // a mutual server's "accepted"
    std::string error;
    auto envelope = decode_envelope(content, &error);
    if (!envelope) {
      tracer_({.operation = decisions::kChannelMessageDropped,
               .outcome = outcomes::kDropped,
               .peer = session.peer,
               .reference_point = reference_point,
               .detail = TraceDetail()
                             .add(detail_keys::kReason, "not an envelope: " + error)
                             .add(detail_keys::kChannel, to_string(session.kind))
                             .add(detail_keys::kPeer, session.peer)});
      continue;
    }
    ChannelMessage message;
    message.peer.name = session.peer;
    message.peer.kind = session.kind;
    message.peer.certificate = session.peer_certificate;
    message.reference_point = reference_point;
    message.envelope = std::move(*envelope);
    message.role = session.role;
    out.push_back(std::move(message));
  }
  inbox.erase(inbox.begin(), inbox.begin() + static_cast<std::ptrdiff_t>(offset));
}

void SecureChannels::trace_dropped(const Session& session, const Envelope& envelope,
                                   const std::string& reason) {
  tracer_({.operation = decisions::kChannelMessageDropped,
           .outcome = outcomes::kDropped,
           .peer = session.peer,
           .reference_point = session.reference_point,
           .step = envelope.step,
           .detail = TraceDetail()
                         .add(detail_keys::kReason, reason)
                         .add(detail_keys::kMessage, envelope.operation)
                         .add(detail_keys::kChannel, to_string(session.kind))
                         .add(detail_keys::kPeer, session.peer)});
}

void SecureChannels::close_all() {
  auto sessions = std::move(sessions_);
  sessions_.clear();
  for (auto& [key, session] : sessions) {
    std::vector<Envelope> dropped;
    cancel_timeout(*session);
    try {
      if (session->tls) {
        session->tls->close();
        pump(*session, kClose, "");
      }
    } catch (const std::exception&) {
    }
    dropped = std::move(session->unconfirmed);
    for (auto& pending : session->waiting) dropped.push_back(std::move(pending.envelope));
    for (const Envelope& envelope : dropped) trace_dropped(*session, envelope, "closed");
    if (!dropped.empty()) notify_failure(session->peer, session->kind, "closed", dropped);
  }
}

}  // namespace ifa026::actors
