// Remote keys (pki/remote_key.hpp): signatures made by the installed signer, refusals, and TLS 1.3
// sessions whose CertificateVerify the caller has signed elsewhere (pki/tls_channel.hpp's
// signature_request / supply_signature), at either end, with a wrong signature failing the peer.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "pki/certificate_authority.hpp"
#include "pki/remote_key.hpp"
#include "pki/tls_channel.hpp"
#include "tests/pki/pki_test_support.hpp"

namespace ifa026::pki::remote_key_test {
namespace {

// The "HSM": holds the private keys by label and counts what it signed.
struct Signer {
  std::vector<std::pair<std::string, PrivateKey>> keys;
  std::vector<std::string> asked;
  bool corrupt = false;

  RemoteSignFunction function() {
    return [this](const std::string& label, ByteView message) -> std::optional<Bytes> {
      asked.push_back(label);
      for (const auto& [name, key] : keys)
        if (name == label) {
          Bytes signature = key.sign(message);
          if (corrupt) signature[signature.size() / 2] ^= 0x01;
          return signature;
        }
      return std::nullopt;
    };
  }
};

TEST(RemoteKeyTest, SignaturesComeFromTheSignerAndVerifyUnderThePublicHalf) {
  for (KeyType type : {KeyType::ec_p256, KeyType::ec_p384}) {
    const PrivateKey held = PrivateKey::generate(type);
    Signer hsm;
    hsm.keys.emplace_back("hsm-1/key-1", held);
    const PrivateKey remote = remote_private_key(held.public_key(), "hsm-1/key-1");
    EXPECT_EQ(remote_key_label(remote), "hsm-1/key-1");
    EXPECT_EQ(remote_key_label(held), std::nullopt);
    EXPECT_EQ(remote.type(), type);
    const Bytes data = bytes_of("to be signed");
    const RemoteSignFunction function = hsm.function();
    RemoteSignerScope scope(function);
    const Bytes signature = remote.sign(data);
    EXPECT_EQ(hsm.asked, std::vector<std::string>{"hsm-1/key-1"});
    EXPECT_TRUE(held.public_key().verify(data, signature));
    EXPECT_FALSE(held.public_key().verify(bytes_of("other data"), signature));
  }
}

TEST(RemoteKeyTest, NoSignerOrARefusalFailsTheSignatureAndThePrivateHalfNeverLeaves) {
  const PrivateKey held = PrivateKey::generate();
  const PrivateKey remote = remote_private_key(held.public_key(), "hsm-1/key-9");
  EXPECT_THROW(remote.sign(bytes_of("x")), PkiError);  // no signer installed
  Signer hsm;                                          // knows no key of that label
  const RemoteSignFunction function = hsm.function();
  RemoteSignerScope scope(function);
  try {
    remote.sign(bytes_of("x"));
    ADD_FAILURE() << "a refused signature must throw";
  } catch (const PkiError& e) {
    EXPECT_NE(std::string(e.what()).find("hsm-1/key-9 refused"), std::string::npos) << e.what();
  }
  EXPECT_THROW(remote.to_der(), PkiError);
  EXPECT_THROW(remote_private_key(held.public_key(), ""), PkiError);
  EXPECT_THROW(remote_private_key(PrivateKey::generate(KeyType::ed25519).public_key(), "k"),
               PkiError);
}

class RemoteKeyTlsTest : public ::testing::Test {
 protected:
  RemoteKeyTlsTest()
      : root_(CertificateAuthority::create_root(DistinguishedName::parse("C=FR,O=Op,CN=Root"),
                                                PrivateKey::generate(), kT0, 20 * 365 * kDay)) {}

  Certificate issue(const PrivateKey& key, const std::string& dns) {
    CsrContent content;
    content.subject = DistinguishedName::parse("C=FR,O=Op,CN=" + dns);
    content.san.dns = {dns};
    content.extended_key_usage = {ExtendedKeyUsage::client_auth, ExtendedKeyUsage::server_auth};
    CertificateProfile profile;
    profile.validity_seconds = 90 * kDay;
    profile.extended_key_usage = content.extended_key_usage;
    return root_.issue({Csr::create(content, key), kT0, {}, {}, {}}, profile);
  }

  TlsEndpointConfig config(TlsRole role, const PrivateKey& key, const Certificate& certificate,
                           const std::string& peer_dns) const {
    TlsEndpointConfig c;
    c.role = role;
    c.key = key;
    c.certificate = certificate;
    c.trust_anchors = {root_.certificate()};
    c.require_peer_certificate = role == TlsRole::server;
    c.now = at(kT0.seconds() + kDay);
    if (role == TlsRole::client) c.expected_peer_dns_name = peer_dns;
    return c;
  }

  // Carries flights both ways; a channel waiting for a signature gets it from `hsm` (what an
  // actor does with a message to its HSM). Returns the signatures asked.
  static int run(TlsChannel& client, TlsChannel& server, Signer& hsm) {
    const RemoteSignFunction sign = hsm.function();
    int asked = 0;
    auto serve = [&](TlsChannel& channel) {
      if (auto message = channel.signature_request()) {
        ++asked;
        // Nothing of the flight leaves before it is signed whole.
        std::optional<Bytes> signature = sign(hsm.keys.front().first, *message);
        channel.supply_signature(signature.value_or(Bytes{}));
      }
    };
    client.start();
    for (int round = 0; round < 32; ++round) {
      serve(client);
      serve(server);
      bool moved = false;
      if (Bytes flight = client.take_outgoing(); !flight.empty()) {
        server.receive(flight);
        moved = true;
      }
      serve(server);
      if (Bytes flight = server.take_outgoing(); !flight.empty()) {
        client.receive(flight);
        moved = true;
      }
      if (!moved && !client.signature_request() && !server.signature_request()) break;
    }
    return asked;
  }

  CertificateAuthority root_;
};

TEST_F(RemoteKeyTlsTest, ClientWithARemoteKeyCompletesAMutualHandshake) {
  const PrivateKey held = PrivateKey::generate();
  Signer hsm;
  hsm.keys.emplace_back("hsm-1/key-1", held);
  const PrivateKey remote = remote_private_key(held.public_key(), "hsm-1/key-1");
  const Certificate client_certificate = issue(held, "nfvo-1.example.net");
  const PrivateKey server_key = PrivateKey::generate();
  const Certificate server_certificate = issue(server_key, "vnfm-1.example.net");
  TlsChannel client(config(TlsRole::client, remote, client_certificate, "vnfm-1.example.net"));
  TlsChannel server(config(TlsRole::server, server_key, server_certificate, ""));
  client.send_application_data(bytes_of("hello"));
  EXPECT_EQ(run(client, server, hsm), 1);  // one CertificateVerify
  ASSERT_TRUE(client.handshake_done()) << client.failure_detail();
  ASSERT_TRUE(server.handshake_done()) << server.failure_detail();
  ASSERT_TRUE(server.peer_certificate());
  EXPECT_EQ(server.peer_certificate()->public_key(), held.public_key());
  const auto received = server.take_received_application_data();
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(received.front(), bytes_of("hello"));
}

TEST_F(RemoteKeyTlsTest, ServerWithARemoteKeySignsOnTheClientHello) {
  const PrivateKey held = PrivateKey::generate(KeyType::ec_p384);
  Signer hsm;
  hsm.keys.emplace_back("hsm-1/key-2", held);
  const PrivateKey remote = remote_private_key(held.public_key(), "hsm-1/key-2");
  const PrivateKey client_key = PrivateKey::generate();
  TlsChannel client(config(TlsRole::client, client_key, issue(client_key, "cmf-1.example.net"),
                           "vim-1.example.net"));
  TlsChannel server(
      config(TlsRole::server, remote, issue(held, "vim-1.example.net"), "cmf-1.example.net"));
  client.start();
  server.receive(client.take_outgoing());
  ASSERT_TRUE(server.signature_request());
  // libssl writes the server's flight when it is whole: nothing leaves before the signature.
  EXPECT_TRUE(server.take_outgoing().empty());
  server.supply_signature(hsm.function()("hsm-1/key-2", *server.signature_request()).value());
  EXPECT_FALSE(server.signature_request());
  ASSERT_FALSE(server.failed()) << server.failure_detail();
  client.receive(server.take_outgoing());
  server.receive(client.take_outgoing());
  EXPECT_TRUE(client.handshake_done()) << client.failure_detail();
  EXPECT_TRUE(server.handshake_done()) << server.failure_detail();
  EXPECT_EQ(client.peer_certificate()->public_key(), held.public_key());
}

TEST_F(RemoteKeyTlsTest, AWrongOrRefusedSignatureFailsTheHandshake) {
  const PrivateKey held = PrivateKey::generate();
  const PrivateKey remote = remote_private_key(held.public_key(), "hsm-1/key-1");
  const Certificate client_certificate = issue(held, "nfvo-1.example.net");
  const PrivateKey server_key = PrivateKey::generate();
  const Certificate server_certificate = issue(server_key, "vnfm-1.example.net");
  {
    Signer hsm;
    hsm.keys.emplace_back("hsm-1/key-1", held);
    hsm.corrupt = true;  // the fault: a signature that does not verify
    TlsChannel client(config(TlsRole::client, remote, client_certificate, "vnfm-1.example.net"));
    TlsChannel server(config(TlsRole::server, server_key, server_certificate, ""));
    EXPECT_EQ(run(client, server, hsm), 1);
    EXPECT_TRUE(server.failed());
    EXPECT_EQ(server.failure(), "decrypt error") << server.failure_detail();
    EXPECT_TRUE(client.failed());
  }
  {
    Signer hsm;
    hsm.keys.emplace_back("hsm-1/other", held);  // refuses: no key of that label
    TlsChannel client(config(TlsRole::client, remote, client_certificate, "vnfm-1.example.net"));
    TlsChannel server(config(TlsRole::server, server_key, server_certificate, ""));
    client.start();
    server.receive(client.take_outgoing());
    client.receive(server.take_outgoing());
    ASSERT_TRUE(client.signature_request());
    client.supply_signature({});
    EXPECT_TRUE(client.failed());
    EXPECT_FALSE(client.handshake_done());
  }
  {
    // Destroyed while waiting for the signature: nothing hangs or leaks.
    TlsChannel client(config(TlsRole::client, remote, client_certificate, "vnfm-1.example.net"));
    TlsChannel server(config(TlsRole::server, server_key, server_certificate, ""));
    client.start();
    server.receive(client.take_outgoing());
    client.receive(server.take_outgoing());
    EXPECT_TRUE(client.signature_request());
  }
}

}  // namespace
}  // namespace ifa026::pki::remote_key_test
