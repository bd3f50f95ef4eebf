// TLS 1.3 over memory BIOs with OpenSSL's libssl: certificate or external-PSK authentication,
// verification at a caller-given instant, failures named after the TLS alert.
#include "pki/tls_channel.hpp"
#include "pki/fiber.hpp"
#include "pki/openssl_ownership.hpp"
#include "pki/remote_key.hpp"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/tls1.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <climits>
#include <cstddef>
#include <string_view>
#include <utility>

namespace ifa026::pki {

namespace {

using namespace ossl;  // NOLINT(google-build-using-namespace): internal helpers

using SslCtxPtr = Owned<SSL_CTX, SSL_CTX_free>;
using SslPtr = Owned<SSL, SSL_free>;
using BioChainPtr = Owned<BIO, BIO_free_all>;
using SessionPtr = Owned<SSL_SESSION, SSL_SESSION_free>;

// TLS_AES_128_GCM_SHA256 (RFC 8446 §B.4).
constexpr unsigned char kTlsAes128GcmSha256[] = {0x13, 0x01};
constexpr std::size_t kMaxPskLength = 64;
constexpr std::size_t kMaxRecordPlaintext = 16384;

X509Ptr to_x509(const Certificate& certificate, const char* what) {
  const unsigned char* p = certificate.der().data();
  X509Ptr x509(d2i_X509(nullptr, &p, static_cast<long>(certificate.der().size())));
  if (!x509) throw_pki_error(std::string("TLS: ") + what);
  return x509;
}

CrlPtr tls_x509_crl(const Crl& crl) {
  const unsigned char* p = crl.der().data();
  CrlPtr x509_crl(d2i_X509_CRL(nullptr, &p, static_cast<long>(crl.der().size())));
  if (!x509_crl) throw_pki_error("TLS: CRL");
  return x509_crl;
}

SslCtxPtr new_context(TlsRole role) {
  SslCtxPtr ctx(SSL_CTX_new(role == TlsRole::server ? TLS_server_method() : TLS_client_method()));
  if (!ctx) throw_pki_error("TLS: SSL_CTX_new");
  if (SSL_CTX_set_min_proto_version(ctx.get(), TLS1_3_VERSION) != 1 ||
      SSL_CTX_set_max_proto_version(ctx.get(), TLS1_3_VERSION) != 1 ||
      SSL_CTX_set_num_tickets(ctx.get(), 0) != 1) {
    throw_pki_error("TLS: context");
  }
  SSL_CTX_set_session_cache_mode(ctx.get(), SSL_SESS_CACHE_OFF);
  return ctx;
}

// One context per role for the whole process (SSL_CTX_new costs about a millisecond in OpenSSL
// 3.0): everything a channel configures is set on its own SSL, and the contexts are never
// modified after creation. Freed at exit.
SSL_CTX* shared_context(TlsRole role) {
  if (role == TlsRole::server) {
    static const SslCtxPtr server = new_context(TlsRole::server);
    return server.get();
  }
  static const SslCtxPtr client = new_context(TlsRole::client);
  return client.get();
}

// The reason of the oldest error in the queue, without taking it.
std::string first_error_reason() {
  unsigned long code = ERR_peek_error();
  if (code == 0) return {};
  const char* reason = ERR_reason_error_string(code);
  return reason != nullptr ? reason : "error " + std::to_string(ERR_GET_REASON(code));
}

}  // namespace

std::string tls_alert_name(int description) {
  switch (description) {
    case 0:
      return "close notify";
    case 10:
      return "unexpected message";
    case 20:
      return "bad record mac";
    case 21:
      return "decryption failed";
    case 22:
      return "record overflow";
    case 30:
      return "decompression failure";
    case 40:
      return "handshake failure";
    case 41:
      return "no certificate";
    case 42:
      return "bad certificate";
    case 43:
      return "unsupported certificate";
    case 44:
      return "certificate revoked";
    case 45:
      return "certificate expired";
    case 46:
      return "certificate unknown";
    case 47:
      return "illegal parameter";
    case 48:
      return "unknown ca";
    case 49:
      return "access denied";
    case 50:
      return "decode error";
    case 51:
      return "decrypt error";
    case 60:
      return "export restriction";
    case 70:
      return "protocol version";
    case 71:
      return "insufficient security";
    case 80:
      return "internal error";
    case 86:
      return "inappropriate fallback";
    case 90:
      return "user canceled";
    case 100:
      return "no renegotiation";
    case 109:
      return "missing extension";
    case 110:
      return "unsupported extension";
    case 111:
      return "certificate unobtainable";
    case 112:
      return "unrecognized name";
    case 113:
      return "bad certificate status response";
    case 114:
      return "bad certificate hash value";
    case 115:
      return "unknown psk identity";
    case 116:
      return "certificate required";
    case 120:
      return "no application protocol";
    default:
      return "alert " + std::to_string(description);
  }
}

struct TlsChannel::Impl {
  TlsRole role = TlsRole::client;
  std::optional<TlsPsk> psk;
  SslPtr ssl;
  BIO* rbio = nullptr;  // owned by `ssl`: bytes from the peer
  BIO* wbio = nullptr;  // owned by `ssl`: bytes for the peer

  bool started = false;
  bool done = false;
  bool failed = false;
  bool closed_by_peer = false;
  bool close_sent = false;
  int alert = -1;  // first fatal alert description, sent or received
  bool alert_sent = false;
  std::string failure;
  std::string failure_detail;
  std::vector<Bytes> pending_send;  // application data waiting for the handshake
  std::vector<Bytes> received;
  Bytes presented_peer;  // DER of the peer's leaf as presented, verified or not

  // A remote key (pki/remote_key.hpp): each handshake step runs in a fiber, and the key's signer
  // (installed around every resumption) hands the message to sign out of it and waits there
  // until the caller supplies the signature.
  bool remote_key = false;
  RemoteSignFunction signer;
  std::unique_ptr<Fiber> fiber;  // the handshake step in progress, waiting for a signature

  Impl() {
    signer = [this](const std::string&, ByteView message) -> std::optional<Bytes> {
      if (!fiber) return std::nullopt;
      Bytes signature = fiber->await_reply(Bytes(message.begin(), message.end()));
      if (signature.empty()) return std::nullopt;
      return signature;
    };
  }
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;
  // A handshake still waiting for its signature winds down (the signer refuses) while the SSL is
  // alive.
  ~Impl() {
    if (!fiber) return;
    RemoteSignerScope scope(signer);
    fiber.reset();
  }

  static Impl* of(const SSL* ssl) { return static_cast<Impl*>(SSL_get_app_data(ssl)); }

  // ---- libssl callbacks (C linkage-compatible, never throw) ----

  static void info_callback(const SSL* ssl, int where, int ret) {
    if ((where & SSL_CB_ALERT) == 0) return;
    Impl* impl = of(ssl);
    if (impl == nullptr) return;
    int level = (ret >> 8) & 0xff;
    if (level != SSL3_AL_FATAL || impl->alert >= 0) return;
    impl->alert = ret & 0xff;
    impl->alert_sent = (where & SSL_CB_WRITE) != 0;
  }

  // Keeps the certificate the peer presented, so a rejected one can still be reported (libssl
  // only keeps it when verification succeeds).
  static int verify_callback(int preverify_ok, X509_STORE_CTX* store_ctx) {
    const SSL* ssl = static_cast<const SSL*>(
        X509_STORE_CTX_get_ex_data(store_ctx, SSL_get_ex_data_X509_STORE_CTX_idx()));
    Impl* impl = ssl != nullptr ? of(ssl) : nullptr;
    X509* leaf = X509_STORE_CTX_get0_cert(store_ctx);
    if (impl != nullptr && impl->presented_peer.empty() && leaf != nullptr) {
      unsigned char* der = nullptr;
      int length = i2d_X509(leaf, &der);
      if (length > 0) {
        try {
          impl->presented_peer.assign(der, der + length);
        } catch (...) {
          impl->presented_peer.clear();
        }
      }
      OPENSSL_free(der);
    }
    return preverify_ok;
  }

  // A new session carrying the external PSK, or nullptr.
  static SSL_SESSION* psk_session(const SSL_CIPHER* cipher, const Bytes& key) {
    SessionPtr session(SSL_SESSION_new());
    if (!session || SSL_SESSION_set1_master_key(session.get(), key.data(), key.size()) != 1 ||
        SSL_SESSION_set_cipher(session.get(), cipher) != 1 ||
        SSL_SESSION_set_protocol_version(session.get(), TLS1_3_VERSION) != 1) {
      return nullptr;
    }
    return session.release();
  }

  static int use_session_callback(SSL* ssl, const EVP_MD* md, const unsigned char** id,
                                  std::size_t* id_length, SSL_SESSION** session) {
    *session = nullptr;
    *id = nullptr;
    *id_length = 0;
    Impl* impl = of(ssl);
    if (impl == nullptr || !impl->psk) return 1;
    const SSL_CIPHER* cipher = SSL_CIPHER_find(ssl, kTlsAes128GcmSha256);
    if (cipher == nullptr) return 0;
    // Called again after a HelloRetryRequest with the negotiated hash: offer the PSK only if it
    // fits.
    if (md != nullptr &&
        EVP_MD_get_type(md) != EVP_MD_get_type(SSL_CIPHER_get_handshake_digest(cipher))) {
      return 1;
    }
    SSL_SESSION* created = psk_session(cipher, impl->psk->key);
    if (created == nullptr) return 0;
    *id = reinterpret_cast<const unsigned char*>(impl->psk->identity.data());
    *id_length = impl->psk->identity.size();
    *session = created;  // ownership passes to libssl
    return 1;
  }

  static int find_session_callback(SSL* ssl, const unsigned char* identity,
                                   std::size_t identity_length, SSL_SESSION** session) {
    *session = nullptr;
    Impl* impl = of(ssl);
    if (impl == nullptr || !impl->psk) return 1;
    std::string_view offered(reinterpret_cast<const char*>(identity), identity_length);
    if (offered != impl->psk->identity) return 1;  // unknown identity: certificates, if any
    const SSL_CIPHER* cipher = SSL_CIPHER_find(ssl, kTlsAes128GcmSha256);
    if (cipher == nullptr) return 0;
    SSL_SESSION* created = psk_session(cipher, impl->psk->key);
    if (created == nullptr) return 0;
    *session = created;  // ownership passes to libssl
    return 1;
  }

  // The certificate verification result, X509_V_OK when no certificate was verified. A PSK
  // session starts from an SSL_SESSION whose result is "unspecified" (OpenSSL avoids 0 there);
  // with a PSK configured that value means nothing was verified, not a failure.
  long certificate_verify_result() const {
    long verify = SSL_get_verify_result(ssl.get());
    if (psk && verify == X509_V_ERR_UNSPECIFIED) return X509_V_OK;
    return verify;
  }

  // ---- driving ----

  void fail(std::string_view context) {
    if (failed) return;
    failed = true;
    std::string reason = first_error_reason();
    std::string errors = take_openssl_errors();
    if (alert >= 0) {
      failure = tls_alert_name(alert);
      failure_detail = std::string(alert_sent ? "sent" : "received") + " alert \"" + failure + "\"";
    } else {
      failure = !reason.empty() ? reason : std::string(context);
      failure_detail = std::string(context) + " failed";
    }
    long verify = certificate_verify_result();
    if (verify != X509_V_OK) {
      failure_detail += "; certificate verification: ";
      failure_detail += X509_verify_cert_error_string(verify);
    }
    if (!errors.empty()) failure_detail += "; " + errors;
  }

  void read_application_data() {
    unsigned char buffer[kMaxRecordPlaintext];
    while (!failed && !closed_by_peer) {
      ERR_clear_error();
      std::size_t length = 0;
      int result = SSL_read_ex(ssl.get(), buffer, sizeof buffer, &length);
      if (result == 1) {
        received.emplace_back(buffer, buffer + length);
        continue;
      }
      int error = SSL_get_error(ssl.get(), result);
      if (error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE) return;
      if (error == SSL_ERROR_ZERO_RETURN) {
        closed_by_peer = true;
        ERR_clear_error();
        return;
      }
      fail("read");
    }
  }

  void write_now(ByteView data) {
    ERR_clear_error();
    std::size_t written = 0;
    if (SSL_write_ex(ssl.get(), data.data(), data.size(), &written) != 1 ||
        written != data.size()) {
      fail("write");
    }
  }

  void advance() {
    if (failed || closed_by_peer) return;
    started = true;
    if (!remote_key || done) return step();
    if (fiber) return;  // waiting for a signature: new input waits in the BIO
    fiber = std::make_unique<Fiber>([this](Fiber&) { step(); });
    run_fiber();
  }

  // Resumes the handshake step with this channel's signer installed; forgets the fiber once the
  // step has returned.
  void run_fiber() {
    try {
      RemoteSignerScope scope(signer);
      fiber->resume();
    } catch (...) {
      fiber.reset();
      throw;
    }
    if (fiber->finished()) fiber.reset();
  }

  void step() {
    if (failed || closed_by_peer) return;
    if (!done) {
      ERR_clear_error();
      int result = SSL_do_handshake(ssl.get());
      if (result != 1) {
        int error = SSL_get_error(ssl.get(), result);
        if (error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE) return;
        if (error == SSL_ERROR_ZERO_RETURN && alert < 0) {
          alert = 0;  // the peer gave up with close_notify
          alert_sent = false;
        }
        fail("handshake");
        return;
      }
      done = true;
      std::vector<Bytes> queued = std::move(pending_send);
      pending_send.clear();
      for (const Bytes& data : queued) {
        if (failed) break;
        write_now(data);
      }
      if (close_sent && !failed) SSL_shutdown(ssl.get());
    }
    read_application_data();
  }
};

TlsChannel::TlsChannel(const TlsEndpointConfig& config) : impl_(std::make_unique<Impl>()) {
  Impl& impl = *impl_;
  impl.role = config.role;
  impl.psk = config.psk;
  ERR_clear_error();

  if (config.key.has_value() != config.certificate.has_value()) {
    throw PkiError("TLS: a private key and a certificate go together");
  }
  if (config.psk) {
    if (config.psk->identity.empty() || config.psk->identity.size() > 65535) {
      throw PkiError("TLS: PSK identity must be 1..65535 bytes");
    }
    if (config.psk->key.empty() || config.psk->key.size() > kMaxPskLength) {
      throw PkiError("TLS: PSK must be 1..64 bytes");
    }
  }

  const bool server = config.role == TlsRole::server;
  impl.ssl.reset(SSL_new(shared_context(config.role)));
  if (!impl.ssl) throw_pki_error("TLS: SSL_new");
  SSL* ssl = impl.ssl.get();
  if (SSL_set_min_proto_version(ssl, TLS1_3_VERSION) != 1 ||
      SSL_set_max_proto_version(ssl, TLS1_3_VERSION) != 1) {
    throw_pki_error("TLS: protocol version");
  }
  // An external PSK is bound to SHA-256: offer only the suite its session names.
  const char* suites = config.psk ? "TLS_AES_128_GCM_SHA256"
                                  : "TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:"
                                    "TLS_CHACHA20_POLY1305_SHA256";
  if (SSL_set_ciphersuites(ssl, suites) != 1) throw_pki_error("TLS: cipher suites");
  if (SSL_set_num_tickets(ssl, 0) != 1) throw_pki_error("TLS: tickets");

  if (config.certificate) {
    impl.remote_key = remote_key_label(*config.key).has_value();
    X509Ptr leaf = to_x509(*config.certificate, "own certificate");
    if (SSL_use_certificate(ssl, leaf.get()) != 1) throw_pki_error("TLS: own certificate");
    if (SSL_use_PrivateKey(ssl, config.key->native()) != 1) throw_pki_error("TLS: own key");
    if (SSL_check_private_key(ssl) != 1) {
      throw_pki_error("TLS: private key does not match the certificate");
    }
    for (const Certificate& intermediate : config.chain) {
      X509Ptr x509 = to_x509(intermediate, "chain certificate");
      if (SSL_add1_chain_cert(ssl, x509.get()) != 1) throw_pki_error("TLS: chain");
    }
  }

  StorePtr store(X509_STORE_new());
  if (!store) throw_pki_error("TLS: X509_STORE_new");
  for (const Certificate& anchor : config.trust_anchors) {
    X509Ptr x509 = to_x509(anchor, "trust anchor");
    if (X509_STORE_add_cert(store.get(), x509.get()) != 1) throw_pki_error("TLS: trust anchor");
  }
  for (const Crl& crl : config.crls) {
    CrlPtr x509_crl = tls_x509_crl(crl);
    if (X509_STORE_add_crl(store.get(), x509_crl.get()) != 1) throw_pki_error("TLS: CRL");
  }
  if (SSL_set1_verify_cert_store(ssl, store.get()) != 1) throw_pki_error("TLS: verify store");

  int verify_mode = SSL_VERIFY_PEER;  // a client always verifies the server
  if (server) {
    verify_mode = config.require_peer_certificate
                      ? SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT
                      : SSL_VERIFY_NONE;
  }
  SSL_set_verify(ssl, verify_mode, &Impl::verify_callback);

  if (SSL_set_app_data(ssl, &impl) != 1) throw_pki_error("TLS: app data");
  SSL_set_info_callback(ssl, &Impl::info_callback);
  if (config.psk) {
    if (server) {
      SSL_set_psk_find_session_callback(ssl, &Impl::find_session_callback);
    } else {
      SSL_set_psk_use_session_callback(ssl, &Impl::use_session_callback);
    }
  }

  X509_VERIFY_PARAM* param = SSL_get0_param(ssl);
  // The caller's instant, never the wall clock.
  X509_VERIFY_PARAM_set_time(param, static_cast<time_t>(config.now.seconds()));
  // A configured anchor is trusted as such, self-signed root or not (as chain_verifier does).
  unsigned long flags = X509_V_FLAG_PARTIAL_CHAIN;
  if (!config.crls.empty()) {
    flags |= X509_V_FLAG_CRL_CHECK;
    if (config.crl_check_whole_chain) flags |= X509_V_FLAG_CRL_CHECK_ALL;
  }
  if (X509_VERIFY_PARAM_set_flags(param, flags) != 1) throw_pki_error("TLS: verify flags");
  if (config.expected_peer_dns_name) {
    const std::string& name = *config.expected_peer_dns_name;
    X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NEVER_CHECK_SUBJECT);
    if (X509_VERIFY_PARAM_set1_host(param, name.data(), name.size()) != 1) {
      throw_pki_error("TLS: expected peer DNS name \"" + name + "\"");
    }
    if (!server && SSL_set_tlsext_host_name(ssl, name.c_str()) != 1) {
      throw_pki_error("TLS: server name indication \"" + name + "\"");
    }
  }

  BioChainPtr rbio(BIO_new(BIO_s_mem()));
  BioChainPtr wbio(BIO_new(BIO_s_mem()));
  if (!rbio || !wbio) throw_pki_error("TLS: memory BIO");
  // Empty input means "retry later", not end of stream.
  BIO_set_mem_eof_return(rbio.get(), -1);
  BIO_set_mem_eof_return(wbio.get(), -1);
  impl.rbio = rbio.release();
  impl.wbio = wbio.release();
  SSL_set_bio(ssl, impl.rbio, impl.wbio);  // the SSL owns both now
  if (server) {
    SSL_set_accept_state(ssl);
  } else {
    SSL_set_connect_state(ssl);
  }
  ERR_clear_error();
}

TlsChannel::~TlsChannel() = default;
TlsChannel::TlsChannel(TlsChannel&&) noexcept = default;
TlsChannel& TlsChannel::operator=(TlsChannel&&) noexcept = default;

TlsRole TlsChannel::role() const {
  return impl_->role;
}

void TlsChannel::start() {
  if (impl_->started) return;
  if (impl_->role == TlsRole::server) {
    impl_->started = true;  // waits for a ClientHello
    return;
  }
  impl_->advance();
}

void TlsChannel::receive(ByteView bytes) {
  Impl& impl = *impl_;
  if (impl.failed || impl.closed_by_peer) return;
  std::size_t offset = 0;
  while (offset < bytes.size()) {
    int chunk = static_cast<int>(std::min<std::size_t>(bytes.size() - offset, INT_MAX));
    int written = BIO_write(impl.rbio, bytes.data() + offset, chunk);
    if (written <= 0) {
      impl.fail("buffering input");
      return;
    }
    offset += static_cast<std::size_t>(written);
  }
  impl.advance();
}

Bytes TlsChannel::take_outgoing() {
  Impl& impl = *impl_;
  Bytes out;
  std::size_t pending = BIO_ctrl_pending(impl.wbio);
  while (pending > 0) {
    std::size_t old_size = out.size();
    out.resize(old_size + pending);
    std::size_t read = 0;
    if (BIO_read_ex(impl.wbio, out.data() + old_size, pending, &read) != 1) read = 0;
    out.resize(old_size + read);
    if (read == 0) break;
    pending = BIO_ctrl_pending(impl.wbio);
  }
  ERR_clear_error();
  return out;
}

bool TlsChannel::handshake_done() const {
  return impl_->done && !impl_->failed;
}

bool TlsChannel::failed() const {
  return impl_->failed;
}

std::string TlsChannel::failure() const {
  return impl_->failure;
}

std::string TlsChannel::failure_detail() const {
  return impl_->failure_detail;
}

std::string TlsChannel::verification_error() const {
  long verify = impl_->certificate_verify_result();
  return verify == X509_V_OK ? std::string() : X509_verify_cert_error_string(verify);
}

void TlsChannel::send_application_data(ByteView bytes) {
  Impl& impl = *impl_;
  if (impl.failed || impl.close_sent || bytes.empty()) return;
  if (!impl.done) {
    impl.pending_send.emplace_back(bytes.begin(), bytes.end());
    return;
  }
  impl.write_now(bytes);
}

std::vector<Bytes> TlsChannel::take_received_application_data() {
  std::vector<Bytes> out = std::move(impl_->received);
  impl_->received.clear();
  return out;
}

void TlsChannel::close() {
  Impl& impl = *impl_;
  if (impl.failed || impl.close_sent) return;
  impl.close_sent = true;
  if (impl.done) {
    ERR_clear_error();
    SSL_shutdown(impl.ssl.get());  // 0: close_notify sent, the peer's not yet received
    ERR_clear_error();
  }
}

bool TlsChannel::peer_closed() const {
  return impl_->closed_by_peer;
}

std::optional<Certificate> TlsChannel::peer_certificate() const {
  Bytes bytes;
  if (X509* peer = SSL_get0_peer_certificate(impl_->ssl.get())) {
    unsigned char* der = nullptr;
    int length = i2d_X509(peer, &der);
    if (length > 0) bytes.assign(der, der + length);
    OPENSSL_free(der);
  }
  if (bytes.empty()) bytes = impl_->presented_peer;
  ERR_clear_error();
  if (bytes.empty()) return std::nullopt;
  try {
    return Certificate::from_der(bytes);
  } catch (const DecodeError&) {
    return std::nullopt;
  }
}

std::optional<Bytes> TlsChannel::signature_request() const {
  const Fiber* fiber = impl_->fiber.get();
  if (fiber == nullptr || !fiber->pending_request()) return std::nullopt;
  return fiber->pending_request();
}

void TlsChannel::supply_signature(Bytes signature) {
  Impl& impl = *impl_;
  if (!impl.fiber || !impl.fiber->pending_request()) return;
  impl.fiber->supply_reply(std::move(signature));
  impl.run_fiber();
}

bool TlsChannel::psk_used() const {
  return impl_->done && SSL_session_reused(impl_->ssl.get()) == 1;
}

Bytes TlsChannel::export_keying_material(std::string_view label, ByteView context,
                                         std::size_t length) const {
  if (!impl_->done || impl_->failed)
    throw PkiError("TLS exporter: the handshake is not done on this end");
  if (label.empty()) throw PkiError("TLS exporter: empty label");
  if (length == 0 || length > 255 * 32) throw PkiError("TLS exporter: length must be 1..8160");
  Bytes out(length);
  // use_context = 1: TLS 1.3 has no "no context" form (RFC 8446 §7.5), so always pass one.
  const int ok = SSL_export_keying_material(
      impl_->ssl.get(), out.data(), out.size(), label.data(), label.size(),
      context.empty() ? nullptr : context.data(), context.size(), 1);
  if (ok != 1) {
    const std::string errors = take_openssl_errors();
    throw PkiError("TLS exporter failed: " + errors);
  }
  return out;
}

}  // namespace ifa026::pki
