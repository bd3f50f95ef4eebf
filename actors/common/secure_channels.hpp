// Real TLS 1.3 sessions between actors (pki::TlsChannel over memory), whose flights travel as
// ordinary simulated messages, so network latency, loss and faults apply to them. One session per
// (peer, channel kind, role); application messages are Envelopes inside TLS records. A message
// handed over before its session is established waits for the handshake; if the handshake fails,
// waiting messages are dropped, traced, and the owner is told. docs/mano-certificates.md describes
// the kinds and the trace records.
//
// Wire format of a channel message's payload: byte 0 = 0xF0 | kind, byte 1 = 0 (for the
// receiver's server-role session) or 1 (for its client-role session), then TLS bytes. The outer
// message's reference point, operation and step repeat the inner envelope's for the trace;
// receivers only trust the inner, authenticated one.
//
// Issue 20: the credentials' key may be remote (pki::remote_private_key, an HSM's): a handshake
// that needs its signature stops, the owner's SignatureHandler gets the message to sign, and the
// flight leaves whole once supply_signature() brought the signature (the handshake timeout still
// runs meanwhile).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "actors/common/envelope.hpp"
#include "actors/toolkit/handler_guard.hpp"
#include "actors/toolkit/trace_event.hpp"
#include "pki/certificate.hpp"
#include "pki/crl.hpp"
#include "pki/key.hpp"
#include "pki/tls_channel.hpp"
#include "sim/actor.hpp"
#include "sim/message.hpp"

namespace ifa026::actors {

enum class ChannelKind : std::uint8_t {
  day0 = 0,         // TLS 1.3 external PSK from the day-0 secrets both ends configure
  server_auth = 1,  // the server's certificate only (the client holds no certificate yet)
  mutual = 2,       // certificates on both sides
};
std::string_view to_string(ChannelKind kind);

// The day-0 PSK both ends derive from the secret text they configure for each other: SHA-256 of
// "ifa026 day-0 psk|" + secret.
pki::Bytes day0_psk_key(const std::string& secret);

// What this actor holds; read whenever a new session starts (changes do not touch open sessions).
struct ChannelCredentials {
  std::optional<pki::PrivateKey> key;
  std::optional<pki::Certificate> certificate;
  std::vector<pki::Certificate> chain;          // intermediates, leaf side first
  std::vector<pki::Certificate> trust_anchors;  // for the peer's certificate
  std::vector<pki::Crl> crls;                   // latest CRLs; revocation checked when non-empty
  std::map<std::string, std::string> day0_secrets;  // by peer actor name
};

// What the receiver learns about who sent an application message.
struct ChannelPeer {
  std::string name;  // the peer actor
  ChannelKind kind = ChannelKind::day0;
  // The peer's verified certificate (mutual sessions; the server's in server_auth when this end
  // is the client).
  std::optional<pki::Certificate> certificate;
};

struct ChannelMessage {
  ChannelPeer peer;
  std::string reference_point;
  Envelope envelope;
  // This end's role in the session the message arrived on (reply() answers on that session).
  pki::TlsRole role = pki::TlsRole::server;
};

class SecureChannels {
 public:
  using MessageHandler = std::function<void(const ChannelMessage&)>;
  // Called when a session fails (handshake or later); `dropped` are the envelopes that were
  // waiting for it.
  using FailureHandler =
      std::function<void(const std::string& peer, ChannelKind kind, const std::string& failure,
                         const std::vector<Envelope>& dropped)>;

  // A handshake whose own key is remote (pki/remote_key.hpp: an HSM holds it) waits for this
  // signature (its TLS 1.3 CertificateVerify); the owner gets it made (a SignDataRequest to its
  // HSM) and answers with supply_signature(id, ...).
  struct SignatureRequest {
    std::uint64_t id = 0;
    std::string key_label;  // the remote key's label (the HSM's handle)
    pki::Bytes message;     // what to sign, as pki::PrivateKey::sign signs
    std::string peer;
    ChannelKind kind = ChannelKind::mutual;
    pki::TlsRole role = pki::TlsRole::client;
  };
  using SignatureHandler = std::function<void(const SignatureRequest&)>;

  // Handlers guarded by the channels' own HandlerGuard.
  SecureChannels(sim::ActorContext& context, MessageHandler on_message,
                 FailureHandler on_failure = {});
  // Handlers guarded by the owner's `guard` (site: the message's operation, peer, reference point
  // and step; a failure's site is "ChannelFailure"), which must outlive this object.
  SecureChannels(sim::ActorContext& context, HandlerGuard& guard, MessageHandler on_message,
                 FailureHandler on_failure = {});
  ~SecureChannels();
  SecureChannels(const SecureChannels&) = delete;
  SecureChannels& operator=(const SecureChannels&) = delete;

  ChannelCredentials& credentials() { return credentials_; }
  const ChannelCredentials& credentials() const { return credentials_; }

  // Sends `envelope` to `peer` on a session of `kind` (this end as client unless an established
  // server-role session of that kind with the peer exists), starting the handshake if needed.
  void send(const std::string& peer, ChannelKind kind, const std::string& reference_point,
            Envelope envelope);
  // Replies on the session a message came in on.
  void reply(const ChannelMessage& to, Envelope envelope);
  // The TLS 1.3 exporter (RFC 8446 §7.5; pki::TlsChannel::export_keying_material) of the session
  // `on` came in on: the same bytes at both ends of that session, other bytes on any other
  // session. nullopt when that session is no longer established.
  std::optional<pki::Bytes> export_keying_material(const ChannelMessage& on, std::string_view label,
                                                   pki::ByteView context, std::size_t length) const;

  // Who signs for a remote key (called inside the owner's guard). Without one, a handshake that
  // needs a remote signature fails at once.
  void set_signature_handler(SignatureHandler handler) { signature_handler_ = std::move(handler); }
  // The signature of request `id` (empty: refused, the handshake fails); the handshake goes on
  // and its flight leaves. False when no handshake waits for `id` (it failed, timed out or closed
  // meanwhile): nothing is done.
  bool supply_signature(std::uint64_t id, pki::Bytes signature);

  // True when `message` is a channel message (then it has been handled: handshake progress,
  // application messages handed to the handler, rejections traced).
  bool handle(const sim::Message& message);

  // Closes every session (close_notify), e.g. after this actor's certificate changed.
  void close_all();
  // Established sessions, for tests.
  std::size_t established() const;
  // How long (simulated time) a session may take to establish before it fails with "handshake
  // timeout" (a lost flight would otherwise hold its messages forever). Default 10 s; zero
  // disables. Applies to sessions opened afterwards.
  void set_handshake_timeout(sim::Duration timeout) { handshake_timeout_ = timeout; }

 private:
  struct Session;
  Session* session_for_send(const std::string& peer, ChannelKind kind);
  Session& open(const std::string& peer, ChannelKind kind, pki::TlsRole role,
                const std::string& reference_point);
  void pump(Session& session, const std::string& operation, const std::string& step);
  // After TLS input (or a signature): the handshake's completion (the waiting envelopes leave),
  // then the application frames for `out`. False when the session failed.
  bool progress(Session& session, const std::string& reference_point,
                std::vector<ChannelMessage>& out);
  // Asks the owner for the signature the session's handshake waits for (once); false when there
  // is nobody to ask.
  bool request_signature(Session& session);
  // What follows a batch of input: the failure, the peer's close, or the bytes to send.
  void settle(Session& session, bool failed, const std::string& operation, const std::string& step);
  void deliver(const std::vector<ChannelMessage>& deliveries);
  void fail(Session& session);
  void mark_established(Session& session);
  // Cuts the session's received application data into envelopes for `out`.
  void take_frames(Session& session, const std::string& reference_point,
                   std::vector<ChannelMessage>& out);
  void trace_dropped(const Session& session, const Envelope& envelope, const std::string& reason);
  void cancel_timeout(Session& session);
  // The owner's failure handler, guarded.
  void notify_failure(const std::string& peer, ChannelKind kind, const std::string& failure,
                      const std::vector<Envelope>& dropped);

  sim::ActorContext& context_;
  MessageHandler on_message_;
  FailureHandler on_failure_;
  // The channels' own records (no owner prefix), and their own guard when the owner gave none.
  Tracer tracer_;
  std::unique_ptr<HandlerGuard> own_guard_;
  HandlerGuard* guard_;
  ChannelCredentials credentials_;
  SignatureHandler signature_handler_;
  std::map<std::string, std::unique_ptr<Session>> sessions_;  // by peer|kind|role
  sim::Duration handshake_timeout_ = sim::Duration::seconds(10);
  std::uint64_t next_serial_ = 1;
  // Timers check it, so one firing after this object is gone does nothing.
  std::shared_ptr<int> alive_ = std::make_shared<int>(0);
};

}  // namespace ifa026::actors
