// One end of a real TLS 1.3 session over memory BIOs: the caller carries the bytes (e.g. through
// the simulated network) and supplies the verification instant; nothing here blocks or reads a
// clock.
//
// Usage:
//   TlsChannel client(client_config), server(server_config);
//   client.start();                                  // ClientHello is now in take_outgoing()
//   while (!(client.handshake_done() && server.handshake_done())) {
//     Bytes flight = client.take_outgoing(); if (!flight.empty()) server.receive(flight);
//     flight = server.take_outgoing();       if (!flight.empty()) client.receive(flight);
//     if (client.failed() || server.failed()) break;
//   }
//
// API:
//  - TlsChannel(const TlsEndpointConfig&): builds an SSL (TLS 1.3 only, no session tickets) on a
//    process-wide SSL_CTX per role that is never modified; all configuration is per SSL. Throws
//    PkiError on an unusable configuration (key and certificate that do not match, a PSK longer
//    than 64 bytes, ...); never afterwards. Thread-compatible: one channel per thread at a time.
//  - start(): a client writes its ClientHello; a server does nothing (it waits for one). receive()
//    starts a channel implicitly.
//  - receive(bytes): bytes from the peer, in any chunking. Drives the handshake
//    (SSL_do_handshake) and, once established, reads application data and alerts. Any bytes it
//    produces (next flight, alerts, key updates) wait in take_outgoing(). Input after a failure
//    or after the peer closed is ignored.
//  - take_outgoing(): all bytes waiting to be sent to the peer, concatenated ("" when none). Also
//    carries the fatal alert after a failure, so the peer learns why.
//  - handshake_done(): this end completed its handshake and has not failed since. A client is
//    done after sending its Finished; a server that then rejects the client's certificate makes
//    the client fail when that alert arrives.
//  - failed() / failure() / failure_detail(): failure() names the fatal TLS alert (RFC 8446
//    names in lower case with spaces: "certificate expired", "certificate revoked", "unknown ca",
//    "bad certificate", "certificate required", "illegal parameter" (OpenSSL's alert for a PSK
//    binder that does not verify), "bad record mac", ...), whether this end sent it or received
//    it; without an alert it is OpenSSL's reason. failure_detail() adds who sent the alert, the
//    certificate verification error ("certificate has expired", "hostname mismatch", ...) and
//    OpenSSL's error queue. verification_error(): that verification error alone when this end
//    rejected the peer's certificate, else "".
//  - send_application_data(bytes): encrypts and queues a record (split above 16 KiB). Before the
//    handshake completes the data is held and sent as soon as it does; after a failure or close
//    it is dropped.
//  - take_received_application_data(): plaintext received since the last call, one element per
//    TLS record (a send of at most 16 KiB arrives as one element).
//  - close(): sends close_notify. peer_closed(): the peer's close_notify arrived.
//  - peer_certificate(): the peer's leaf certificate once received, also when verification
//    rejected it (none in PSK handshakes). psk_used(): the handshake was authenticated by the
//    external PSK.
//  - signature_request() / supply_signature(signature): with a remote key (pki/remote_key.hpp:
//    an HSM's), the handshake stops where it needs this end's signature (the TLS 1.3
//    CertificateVerify: a server on the ClientHello, a client on the server's flight) and
//    signature_request() holds the message to sign (what PrivateKey::sign would sign; the key's
//    label is remote_key_label(key)). Until supply_signature() hands in the signature, input is
//    kept and application data held; the bytes written so far stay in take_outgoing(), so a
//    caller may hold them until the flight is whole. An empty or wrong signature fails the
//    handshake (this end: the signing failed; the peer: "decrypt error"). Destroying the channel
//    meanwhile is fine.
//  - export_keying_material(label, context, length): the TLS 1.3 exporter (RFC 8446 §7.5,
//    OpenSSL's SSL_export_keying_material with a context, which TLS 1.3 always uses): `length`
//    bytes derived from the session's exporter master secret, `label` and `context`. Both ends of
//    one session get the same bytes; another session (even between the same two parties, with the
//    same credentials) gets different ones, as does another label or context. Throws PkiError
//    before this end's handshake is done, after a failure, for an empty label or for a length
//    outside 1..255*32 (HKDF-Expand's limit for SHA-256).
//
// Authentication: with certificates, the client always verifies the server's chain against
// `trust_anchors` (+ `crls`) at `now` (purpose serverAuth) and, when given, its DNS name; a
// server with `require_peer_certificate` requests, requires and verifies the client's (purpose
// clientAuth). With a PSK (TLS 1.3 external PSK, psk_dhe_ke, TLS_AES_128_GCM_SHA256), both ends
// authenticate each other by the key; no certificates are exchanged, and a server whose identity
// does not match falls back to certificates (and fails without any).
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pki/bytes.hpp"
#include "pki/certificate.hpp"
#include "pki/crl.hpp"
#include "pki/key.hpp"

namespace ifa026::pki {

enum class TlsRole { client, server };

// TLS 1.3 external pre-shared key (RFC 8446 §2.2, §4.2.11), e.g. a day-0 credential.
struct TlsPsk {
  std::string identity;  // 1..65535 bytes
  Bytes key;             // 1..64 bytes (used as the PSK of a TLS_AES_128_GCM_SHA256 session)
};

struct TlsEndpointConfig {
  TlsRole role = TlsRole::client;

  // This end's credentials for certificate authentication (a server needs them unless it only
  // accepts PSK handshakes; a client needs them when the server requires a certificate).
  std::optional<PrivateKey> key;
  std::optional<Certificate> certificate;
  std::vector<Certificate> chain;  // intermediates sent after `certificate`, leaf-side first

  // How the peer's certificate is checked.
  std::vector<Certificate> trust_anchors;  // trusted as such (need not be self-signed)
  std::vector<Crl> crls;                   // when non-empty, revocation is checked against them
  bool crl_check_whole_chain = true;       // every CA of the chain too, not only the leaf
  bool require_peer_certificate = false;   // server: mutual TLS
  Instant now;                             // verification instant (certificates and CRLs)
  std::optional<std::string> expected_peer_dns_name;  // must match a SAN dNSName; client: SNI

  std::optional<TlsPsk> psk;
};

class TlsChannel {
 public:
  explicit TlsChannel(const TlsEndpointConfig& config);
  ~TlsChannel();
  TlsChannel(TlsChannel&&) noexcept;
  TlsChannel& operator=(TlsChannel&&) noexcept;
  TlsChannel(const TlsChannel&) = delete;
  TlsChannel& operator=(const TlsChannel&) = delete;

  TlsRole role() const;
  void start();
  void receive(ByteView bytes);
  Bytes take_outgoing();
  bool handshake_done() const;
  bool failed() const;
  std::string failure() const;
  std::string failure_detail() const;
  std::string verification_error() const;

  void send_application_data(ByteView bytes);
  std::vector<Bytes> take_received_application_data();
  void close();
  bool peer_closed() const;

  std::optional<Certificate> peer_certificate() const;
  bool psk_used() const;

  std::optional<Bytes> signature_request() const;
  void supply_signature(Bytes signature);

  Bytes export_keying_material(std::string_view label, ByteView context, std::size_t length) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// RFC 8446 §6 name of an alert description ("unknown ca"), or "alert <n>".
std::string tls_alert_name(int description);

}  // namespace ifa026::pki
