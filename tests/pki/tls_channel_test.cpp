// TLS 1.3 over memory BIOs: mutual TLS at a given instant, named failures (expired, revoked,
// unknown CA, name mismatch, missing client certificate), external PSK, the exporter, tampering
// and fuzzing.
#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "pki/certificate_authority.hpp"
#include "pki/tls_channel.hpp"
#include "tests/pki/pki_test_support.hpp"

namespace ifa026::pki::tls_channel_test {
namespace {

Bytes concatenated(const std::vector<Bytes>& chunks) {
  Bytes all;
  for (const Bytes& chunk : chunks) all.insert(all.end(), chunk.begin(), chunk.end());
  return all;
}

struct Credential {
  PrivateKey key;
  Certificate certificate;
};

// Moves flights between the two ends until neither has anything to send. Returns the number of
// flights (non-empty transfers) carried.
int shuttle(TlsChannel& client, TlsChannel& server) {
  client.start();
  server.start();
  int flights = 0;
  for (int round = 0; round < 32; ++round) {
    bool moved = false;
    Bytes from_client = client.take_outgoing();
    if (!from_client.empty()) {
      server.receive(from_client);
      ++flights;
      moved = true;
    }
    Bytes from_server = server.take_outgoing();
    if (!from_server.empty()) {
      client.receive(from_server);
      ++flights;
      moved = true;
    }
    if (!moved) break;
  }
  return flights;
}

class TlsChannelTest : public ::testing::Test {
 protected:
  TlsChannelTest()
      : root_(CertificateAuthority::create_root(DistinguishedName::parse("C=FR,O=Op,CN=Root"),
                                                PrivateKey::generate(), kT0, 20 * 365 * kDay)),
        issuing_(CertificateAuthority::create_subordinate(
            root_, DistinguishedName::parse("C=FR,O=Op,CN=Issuing"), PrivateKey::generate(), kT0,
            10 * 365 * kDay, 0)),
        server_(issue(issuing_, "vnfm-1.example.net", ExtendedKeyUsage::server_auth)),
        client_(issue(issuing_, "cmf-1.example.net", ExtendedKeyUsage::client_auth)) {}

  Credential issue(CertificateAuthority& ca, const std::string& dns, ExtendedKeyUsage usage,
                   KeyType type = KeyType::ec_p256) {
    PrivateKey key = PrivateKey::generate(type);
    CsrContent content;
    content.subject = DistinguishedName::parse("C=FR,O=Op,CN=" + dns);
    content.san.dns = {dns};
    content.extended_key_usage = {usage};
    CertificateProfile profile;
    profile.validity_seconds = 90 * kDay;
    profile.extended_key_usage = {usage};
    Certificate certificate =
        ca.issue({Csr::create(content, key), not_before_, {}, {}, {}}, profile);
    return {key, certificate};
  }

  TlsEndpointConfig server_config() const {
    TlsEndpointConfig config;
    config.role = TlsRole::server;
    config.key = server_.key;
    config.certificate = server_.certificate;
    config.chain = {issuing_.certificate()};
    config.trust_anchors = {root_.certificate()};
    config.require_peer_certificate = true;
    config.now = now_;
    return config;
  }

  TlsEndpointConfig client_config() const {
    TlsEndpointConfig config;
    config.role = TlsRole::client;
    config.key = client_.key;
    config.certificate = client_.certificate;
    config.chain = {issuing_.certificate()};
    config.trust_anchors = {root_.certificate()};
    config.now = now_;
    config.expected_peer_dns_name = "vnfm-1.example.net";
    return config;
  }

  static TlsEndpointConfig psk_config(TlsRole role, std::string identity, Bytes key, Instant now) {
    TlsEndpointConfig config;
    config.role = role;
    config.now = now;
    config.psk = TlsPsk{std::move(identity), std::move(key)};
    return config;
  }

  // Both ends failed, with the same alert name.
  static void expect_both_failed_with(const TlsChannel& client, const TlsChannel& server,
                                      const std::string& alert) {
    EXPECT_TRUE(client.failed());
    EXPECT_TRUE(server.failed());
    EXPECT_FALSE(client.handshake_done());
    EXPECT_FALSE(server.handshake_done());
    EXPECT_EQ(client.failure(), alert) << client.failure_detail();
    EXPECT_EQ(server.failure(), alert) << server.failure_detail();
  }

  Instant not_before_ = at(kT0.seconds() + 30 * kDay);
  Instant now_ = at(not_before_.seconds() + kDay);
  CertificateAuthority root_;
  CertificateAuthority issuing_;
  Credential server_;
  Credential client_;
};

TEST_F(TlsChannelTest, MutualTlsHandshakeInThreeFlightsThenDataBothWays) {
  // Current CRLs on both ends: checked, nothing revoked.
  Crl root_crl = root_.crl(at(now_.seconds() - 3600), 7 * kDay);
  Crl issuing_crl = issuing_.crl(at(now_.seconds() - 3600), 7 * kDay);
  TlsEndpointConfig server_cfg = server_config();
  TlsEndpointConfig client_cfg = client_config();
  server_cfg.crls = {root_crl, issuing_crl};
  client_cfg.crls = {root_crl, issuing_crl};
  server_cfg.expected_peer_dns_name = "cmf-1.example.net";
  TlsChannel client(client_cfg);
  TlsChannel server(server_cfg);
  EXPECT_EQ(client.role(), TlsRole::client);
  EXPECT_EQ(server.role(), TlsRole::server);

  // Queued before the handshake: travels with the client's Finished.
  client.send_application_data(bytes_of("queued before the handshake"));

  int flights = shuttle(client, server);
  ASSERT_TRUE(client.handshake_done()) << client.failure_detail();
  ASSERT_TRUE(server.handshake_done()) << server.failure_detail();
  EXPECT_FALSE(client.failed());
  EXPECT_FALSE(server.failed());
  // ClientHello; ServerHello..Finished; Certificate, CertificateVerify, Finished (+ data).
  EXPECT_EQ(flights, 3);
  EXPECT_FALSE(client.psk_used());
  ASSERT_TRUE(client.peer_certificate().has_value());
  ASSERT_TRUE(server.peer_certificate().has_value());
  EXPECT_EQ(*client.peer_certificate(), server_.certificate);
  EXPECT_EQ(*server.peer_certificate(), client_.certificate);

  std::vector<Bytes> early = server.take_received_application_data();
  ASSERT_EQ(early.size(), 1u);
  EXPECT_EQ(early[0], bytes_of("queued before the handshake"));

  client.send_application_data(bytes_of("InstantiateVnfRequest"));
  server.receive(client.take_outgoing());
  std::vector<Bytes> at_server = server.take_received_application_data();
  ASSERT_EQ(at_server.size(), 1u);
  EXPECT_EQ(at_server[0], bytes_of("InstantiateVnfRequest"));
  EXPECT_TRUE(server.take_received_application_data().empty());

  Bytes large(40000);
  for (std::size_t i = 0; i < large.size(); ++i) large[i] = static_cast<std::uint8_t>(i * 7);
  server.send_application_data(bytes_of("response"));
  server.send_application_data(large);
  Bytes wire = server.take_outgoing();
  EXPECT_GT(wire.size(), large.size());
  // Byte by byte: the receiver reassembles records from any chunking.
  for (std::uint8_t byte : wire) client.receive(ByteView(&byte, 1));
  std::vector<Bytes> at_client = client.take_received_application_data();
  ASSERT_GE(at_client.size(), 4u);  // one record, then 40000 bytes in 16 KiB records
  EXPECT_EQ(at_client[0], bytes_of("response"));
  EXPECT_EQ(concatenated(std::vector<Bytes>(at_client.begin() + 1, at_client.end())), large);

  client.close();
  server.receive(client.take_outgoing());
  EXPECT_TRUE(server.peer_closed());
  EXPECT_FALSE(server.failed());
  client.send_application_data(bytes_of("dropped after close"));
  EXPECT_TRUE(client.take_outgoing().empty());
}

TEST_F(TlsChannelTest, WorksWithOtherKeyTypes) {
  for (KeyType type : {KeyType::ec_p384, KeyType::rsa2048, KeyType::ed25519}) {
    Credential server = issue(issuing_, "vnfm-1.example.net", ExtendedKeyUsage::server_auth, type);
    Credential client = issue(issuing_, "cmf-1.example.net", ExtendedKeyUsage::client_auth, type);
    TlsEndpointConfig server_cfg = server_config();
    server_cfg.key = server.key;
    server_cfg.certificate = server.certificate;
    TlsEndpointConfig client_cfg = client_config();
    client_cfg.key = client.key;
    client_cfg.certificate = client.certificate;
    TlsChannel client_channel(client_cfg);
    TlsChannel server_channel(server_cfg);
    shuttle(client_channel, server_channel);
    EXPECT_TRUE(client_channel.handshake_done())
        << to_string(type) << ": " << client_channel.failure_detail();
    EXPECT_TRUE(server_channel.handshake_done())
        << to_string(type) << ": " << server_channel.failure_detail();
  }
}

TEST_F(TlsChannelTest, ServerCertificateExpiredAtNow) {
  Instant later = at(server_.certificate.not_after().seconds() + kDay);
  TlsEndpointConfig server_cfg = server_config();
  TlsEndpointConfig client_cfg = client_config();
  server_cfg.now = later;
  client_cfg.now = later;
  TlsChannel client(client_cfg);
  TlsChannel server(server_cfg);
  shuttle(client, server);
  expect_both_failed_with(client, server, "certificate expired");
  EXPECT_NE(client.failure_detail().find("sent alert"), std::string::npos);
  EXPECT_NE(client.failure_detail().find("certificate has expired"), std::string::npos)
      << client.failure_detail();
  EXPECT_NE(server.failure_detail().find("received alert"), std::string::npos);
  EXPECT_EQ(client.verification_error(), "certificate has expired");

  // The same channel configuration one day before notAfter succeeds.
  server_cfg.now = client_cfg.now = at(server_.certificate.not_after().seconds() - kDay);
  TlsChannel client2(client_cfg);
  TlsChannel server2(server_cfg);
  shuttle(client2, server2);
  EXPECT_TRUE(client2.handshake_done()) << client2.failure_detail();
  EXPECT_TRUE(server2.handshake_done()) << server2.failure_detail();
}

TEST_F(TlsChannelTest, ClientCertificateRevokedByCrl) {
  Instant revoked_at = at(now_.seconds() - 7200);
  issuing_.revoke(client_.certificate.serial_hex(), revoked_at, RevocationReason::key_compromise);
  TlsEndpointConfig server_cfg = server_config();
  server_cfg.crls = {root_.crl(at(now_.seconds() - 3600), 7 * kDay),
                     issuing_.crl(at(now_.seconds() - 3600), 7 * kDay)};
  TlsChannel client(client_config());
  TlsChannel server(server_cfg);
  shuttle(client, server);
  expect_both_failed_with(client, server, "certificate revoked");
  EXPECT_EQ(server.verification_error(), "certificate revoked");
  // The server saw the client's certificate before rejecting it.
  ASSERT_TRUE(server.peer_certificate().has_value());
  EXPECT_EQ(*server.peer_certificate(), client_.certificate);
}

TEST_F(TlsChannelTest, ServerCertificateFromUnknownCa) {
  CertificateAuthority rogue =
      CertificateAuthority::create_root(DistinguishedName::parse("C=FR,O=Rogue,CN=Rogue Root"),
                                        PrivateKey::generate(), kT0, 20 * 365 * kDay);
  Credential impostor = issue(rogue, "vnfm-1.example.net", ExtendedKeyUsage::server_auth);
  TlsEndpointConfig server_cfg = server_config();
  server_cfg.key = impostor.key;
  server_cfg.certificate = impostor.certificate;
  server_cfg.chain.clear();
  TlsChannel client(client_config());
  TlsChannel server(server_cfg);
  shuttle(client, server);
  expect_both_failed_with(client, server, "unknown ca");
  EXPECT_EQ(client.verification_error(), "unable to get local issuer certificate");
}

TEST_F(TlsChannelTest, WrongExpectedDnsName) {
  TlsEndpointConfig client_cfg = client_config();
  client_cfg.expected_peer_dns_name = "vnfm-2.example.net";
  TlsChannel client(client_cfg);
  TlsChannel server(server_config());
  shuttle(client, server);
  // OpenSSL 3.0 maps a hostname mismatch to the bad_certificate alert.
  expect_both_failed_with(client, server, "bad certificate");
  EXPECT_EQ(client.verification_error(), "hostname mismatch");
  EXPECT_NE(client.failure_detail().find("hostname mismatch"), std::string::npos)
      << client.failure_detail();
  EXPECT_EQ(server.verification_error(), "");
}

TEST_F(TlsChannelTest, NoClientCertificateWhenRequired) {
  TlsEndpointConfig client_cfg = client_config();
  client_cfg.key.reset();
  client_cfg.certificate.reset();
  client_cfg.chain.clear();
  TlsChannel client(client_cfg);
  TlsChannel server(server_config());
  shuttle(client, server);
  expect_both_failed_with(client, server, "certificate required");
  EXPECT_FALSE(server.peer_certificate().has_value());

  // Without require_peer_certificate the same client is accepted (server-only authentication).
  TlsEndpointConfig server_cfg = server_config();
  server_cfg.require_peer_certificate = false;
  TlsChannel client2(client_cfg);
  TlsChannel server2(server_cfg);
  EXPECT_EQ(shuttle(client2, server2), 3);
  EXPECT_TRUE(client2.handshake_done()) << client2.failure_detail();
  EXPECT_TRUE(server2.handshake_done()) << server2.failure_detail();
  EXPECT_FALSE(server2.peer_certificate().has_value());
}

TEST_F(TlsChannelTest, PskHandshakeWithMatchingKey) {
  Bytes key(32);
  for (std::size_t i = 0; i < key.size(); ++i) key[i] = static_cast<std::uint8_t>(0xA0 + i);
  TlsChannel client(psk_config(TlsRole::client, "day0:vnfci-7", key, now_));
  TlsChannel server(psk_config(TlsRole::server, "day0:vnfci-7", key, now_));
  EXPECT_EQ(shuttle(client, server), 3);
  ASSERT_TRUE(client.handshake_done()) << client.failure_detail();
  ASSERT_TRUE(server.handshake_done()) << server.failure_detail();
  EXPECT_TRUE(client.psk_used());
  EXPECT_TRUE(server.psk_used());
  EXPECT_FALSE(client.peer_certificate().has_value());
  EXPECT_FALSE(server.peer_certificate().has_value());

  client.send_application_data(bytes_of("ir"));
  server.receive(client.take_outgoing());
  server.send_application_data(bytes_of("ip"));
  client.receive(server.take_outgoing());
  EXPECT_EQ(concatenated(server.take_received_application_data()), bytes_of("ir"));
  EXPECT_EQ(concatenated(client.take_received_application_data()), bytes_of("ip"));
}

// The TLS 1.3 exporter (RFC 8446 §7.5): what per-pair keys are derived from.
TEST_F(TlsChannelTest, ExporterGivesBothEndsOfASessionTheSameBytes) {
  TlsChannel client(client_config());
  TlsChannel server(server_config());
  shuttle(client, server);
  ASSERT_TRUE(client.handshake_done()) << client.failure_detail();
  ASSERT_TRUE(server.handshake_done()) << server.failure_detail();
  const Bytes context = bytes_of("nfvo-1|auditor-1");
  const Bytes at_client = client.export_keying_material("EXPORTER-ifa026-audit", context, 32);
  const Bytes at_server = server.export_keying_material("EXPORTER-ifa026-audit", context, 32);
  ASSERT_EQ(at_client.size(), 32u);
  EXPECT_EQ(at_client, at_server);
  EXPECT_NE(at_client, Bytes(32, 0));
  // Deterministic within the session.
  EXPECT_EQ(client.export_keying_material("EXPORTER-ifa026-audit", context, 32), at_client);
  // Another label or context: other bytes, still equal on both ends.
  const Bytes other_label = client.export_keying_material("EXPORTER-ifa026-other", context, 32);
  EXPECT_NE(other_label, at_client);
  EXPECT_EQ(server.export_keying_material("EXPORTER-ifa026-other", context, 32), other_label);
  const Bytes other_context =
      client.export_keying_material("EXPORTER-ifa026-audit", bytes_of("vim-1|auditor-1"), 32);
  EXPECT_NE(other_context, at_client);
  const Bytes no_context = client.export_keying_material("EXPORTER-ifa026-audit", {}, 32);
  EXPECT_NE(no_context, at_client);
  EXPECT_EQ(server.export_keying_material("EXPORTER-ifa026-audit", {}, 32), no_context);
  // TLS 1.3 binds the length into the derivation: a shorter export is not a prefix.
  const Bytes short_export = client.export_keying_material("EXPORTER-ifa026-audit", context, 16);
  ASSERT_EQ(short_export.size(), 16u);
  EXPECT_NE(short_export, Bytes(at_client.begin(), at_client.begin() + 16));
}

TEST_F(TlsChannelTest, ExporterDiffersAcrossSessionsOfTheSameParties) {
  const Bytes context = bytes_of("nfvo-1|auditor-1");
  std::vector<Bytes> exports;
  for (int i = 0; i < 3; ++i) {
    TlsChannel client(client_config());
    TlsChannel server(server_config());
    shuttle(client, server);
    ASSERT_TRUE(server.handshake_done()) << server.failure_detail();
    exports.push_back(server.export_keying_material("EXPORTER-ifa026-audit", context, 32));
    EXPECT_EQ(client.export_keying_material("EXPORTER-ifa026-audit", context, 32), exports.back());
  }
  EXPECT_NE(exports[0], exports[1]);
  EXPECT_NE(exports[1], exports[2]);
  EXPECT_NE(exports[0], exports[2]);

  // Two sessions under the same external PSK differ too (fresh randoms and (EC)DHE shares).
  const Bytes key(32, 0x5A);
  std::vector<Bytes> psk_exports;
  for (int i = 0; i < 2; ++i) {
    TlsChannel client(psk_config(TlsRole::client, "day0:vnfci-7", key, now_));
    TlsChannel server(psk_config(TlsRole::server, "day0:vnfci-7", key, now_));
    shuttle(client, server);
    ASSERT_TRUE(client.psk_used());
    psk_exports.push_back(client.export_keying_material("EXPORTER-ifa026-audit", context, 32));
    EXPECT_EQ(server.export_keying_material("EXPORTER-ifa026-audit", context, 32),
              psk_exports.back());
  }
  EXPECT_NE(psk_exports[0], psk_exports[1]);
}

TEST_F(TlsChannelTest, ExporterRefusedWithoutAnEstablishedSessionOrWithBadArguments) {
  TlsChannel client(client_config());
  TlsChannel server(server_config());
  EXPECT_THROW(client.export_keying_material("EXPORTER-ifa026-audit", {}, 32), PkiError);
  client.start();
  server.receive(client.take_outgoing());
  // The server has sent its flight but not yet received the client's Finished.
  EXPECT_FALSE(server.handshake_done());
  EXPECT_THROW(server.export_keying_material("EXPORTER-ifa026-audit", {}, 32), PkiError);
  client.receive(server.take_outgoing());
  server.receive(client.take_outgoing());
  ASSERT_TRUE(server.handshake_done()) << server.failure_detail();
  EXPECT_THROW(server.export_keying_material("", {}, 32), PkiError);
  EXPECT_THROW(server.export_keying_material("EXPORTER-ifa026-audit", {}, 0), PkiError);
  EXPECT_THROW(server.export_keying_material("EXPORTER-ifa026-audit", {}, 255 * 32 + 1), PkiError);
  EXPECT_EQ(server.export_keying_material("EXPORTER-ifa026-audit", {}, 255 * 32).size(),
            255u * 32u);

  // A failed handshake (wrong PSK) exports nothing on either end.
  Bytes key(32, 0x11);
  Bytes wrong = key;
  wrong.back() ^= 0x01;
  TlsChannel psk_client(psk_config(TlsRole::client, "day0:vnfci-7", key, now_));
  TlsChannel psk_server(psk_config(TlsRole::server, "day0:vnfci-7", wrong, now_));
  shuttle(psk_client, psk_server);
  ASSERT_TRUE(psk_client.failed());
  ASSERT_TRUE(psk_server.failed());
  EXPECT_THROW(psk_client.export_keying_material("EXPORTER-ifa026-audit", {}, 32), PkiError);
  EXPECT_THROW(psk_server.export_keying_material("EXPORTER-ifa026-audit", {}, 32), PkiError);
}

TEST_F(TlsChannelTest, PskHandshakeWithWrongKeyOrIdentityFails) {
  Bytes key(32, 0x11);
  Bytes wrong = key;
  wrong.back() ^= 0x01;
  {
    TlsChannel client(psk_config(TlsRole::client, "day0:vnfci-7", wrong, now_));
    TlsChannel server(psk_config(TlsRole::server, "day0:vnfci-7", key, now_));
    shuttle(client, server);
    // The binder does not verify (OpenSSL 3.0 answers illegal_parameter).
    expect_both_failed_with(client, server, "illegal parameter");
    EXPECT_NE(server.failure_detail().find("binder does not verify"), std::string::npos)
        << server.failure_detail();
    // No certificate was verified in a PSK handshake, so none is blamed.
    for (const TlsChannel* end : {&client, &server}) {
      EXPECT_EQ(end->failure_detail().find("certificate verification"), std::string::npos)
          << end->failure_detail();
      EXPECT_EQ(end->verification_error(), "");
    }
  }
  {
    // Unknown identity: the server falls back to certificates and has none.
    TlsChannel client(psk_config(TlsRole::client, "day0:vnfci-8", key, now_));
    TlsChannel server(psk_config(TlsRole::server, "day0:vnfci-7", key, now_));
    shuttle(client, server);
    EXPECT_TRUE(client.failed());
    EXPECT_TRUE(server.failed());
    EXPECT_FALSE(server.failure().empty());
  }
}

TEST_F(TlsChannelTest, RejectsUnusableConfiguration) {
  TlsEndpointConfig mismatched = server_config();
  mismatched.key = PrivateKey::generate();
  EXPECT_THROW(TlsChannel{mismatched}, PkiError);
  TlsEndpointConfig half = server_config();
  half.key.reset();
  EXPECT_THROW(TlsChannel{half}, PkiError);
  EXPECT_THROW(TlsChannel(psk_config(TlsRole::client, "id", Bytes(65, 1), now_)), PkiError);
  EXPECT_THROW(TlsChannel(psk_config(TlsRole::client, "", Bytes(32, 1), now_)), PkiError);
}

TEST_F(TlsChannelTest, TamperedFlightFailsCleanly) {
  // Tamper with the server's flight at several offsets (ServerHello in clear, then encrypted
  // records): the client fails with a named alert, tells the server, and nothing completes.
  for (double fraction : {0.05, 0.25, 0.5, 0.75, 0.99}) {
    TlsChannel client(client_config());
    TlsChannel server(server_config());
    client.start();
    server.receive(client.take_outgoing());
    Bytes flight = server.take_outgoing();
    ASSERT_FALSE(flight.empty());
    flight[static_cast<std::size_t>(fraction * static_cast<double>(flight.size()))] ^= 0x5a;
    client.receive(flight);
    EXPECT_TRUE(client.failed()) << fraction;
    EXPECT_FALSE(client.failure().empty());
    EXPECT_NE(client.failure_detail().find("sent alert"), std::string::npos)
        << client.failure_detail();
    server.receive(client.take_outgoing());  // the alert
    EXPECT_TRUE(server.failed()) << fraction;
    EXPECT_EQ(server.failure(), client.failure());
    EXPECT_FALSE(client.handshake_done());
    EXPECT_FALSE(server.handshake_done());
    // Further input and output on failed channels are ignored.
    client.receive(flight);
    client.send_application_data(bytes_of("x"));
    EXPECT_TRUE(client.take_outgoing().empty());
  }
}

TEST_F(TlsChannelTest, TamperedApplicationRecordIsBadRecordMac) {
  TlsChannel client(client_config());
  TlsChannel server(server_config());
  shuttle(client, server);
  ASSERT_TRUE(server.handshake_done());
  client.send_application_data(bytes_of("SetConfigurationRequest"));
  Bytes record = client.take_outgoing();
  record[record.size() / 2] ^= 0x01;
  server.receive(record);
  EXPECT_TRUE(server.failed());
  EXPECT_EQ(server.failure(), "bad record mac") << server.failure_detail();
  EXPECT_TRUE(server.take_received_application_data().empty());
  client.receive(server.take_outgoing());
  EXPECT_TRUE(client.failed());
  EXPECT_EQ(client.failure(), "bad record mac");
}

// Mutations of a genuine flight: flips, truncation, insertion, duplication, or plain garbage.
Bytes mutate(const Bytes& original, std::mt19937& rng) {
  Bytes data = original;
  auto random = [&](std::size_t bound) {
    return std::uniform_int_distribution<std::size_t>(0, bound == 0 ? 0 : bound - 1)(rng);
  };
  switch (random(6)) {
    case 0:  // flip 1..4 bytes
      for (std::size_t n = 1 + random(4); n > 0 && !data.empty(); --n) {
        data[random(data.size())] ^= static_cast<std::uint8_t>(1 + random(255));
      }
      break;
    case 1:  // truncate
      data.resize(random(data.size() + 1));
      break;
    case 2: {  // insert random bytes
      std::size_t at_index = random(data.size() + 1);
      Bytes extra(1 + random(64));
      for (auto& b : extra) b = static_cast<std::uint8_t>(random(256));
      data.insert(data.begin() + static_cast<std::ptrdiff_t>(at_index), extra.begin(), extra.end());
      break;
    }
    case 3: {  // overwrite a length-sized window (record and handshake headers)
      std::size_t at_index = random(std::min<std::size_t>(data.size(), 64));
      for (std::size_t i = at_index; i < data.size() && i < at_index + 3; ++i) {
        data[i] = static_cast<std::uint8_t>(random(256));
      }
      break;
    }
    case 4:  // duplicate
      data.insert(data.end(), original.begin(), original.end());
      break;
    default: {  // garbage
      data.resize(random(600));
      for (auto& b : data) b = static_cast<std::uint8_t>(random(256));
      break;
    }
  }
  return data;
}

TEST_F(TlsChannelTest, TenThousandMutatedInputsNeverCrash) {
  // Lean configurations: decoding certificates dominates channel construction in OpenSSL 3.0,
  // and a lone flight never reaches certificate verification anyway.
  TlsEndpointConfig server_cfg;
  server_cfg.role = TlsRole::server;
  server_cfg.key = server_.key;
  server_cfg.certificate = server_.certificate;
  server_cfg.now = now_;
  TlsEndpointConfig client_cfg;
  client_cfg.role = TlsRole::client;
  client_cfg.now = now_;
  Bytes client_hello;
  Bytes server_flight;
  {
    TlsChannel client(client_cfg);
    TlsChannel server(server_cfg);
    client.start();
    client_hello = client.take_outgoing();
    server.receive(client_hello);
    server_flight = server.take_outgoing();
  }
  ASSERT_FALSE(client_hello.empty());
  ASSERT_FALSE(server_flight.empty());

  std::mt19937 rng(20260126);
  int failed = 0;
  constexpr int kInputs = 10000;
  for (int i = 0; i < kInputs; ++i) {
    const bool to_server = i % 2 == 0;
    Bytes input = mutate(to_server ? client_hello : server_flight, rng);
    TlsChannel channel(to_server ? server_cfg : client_cfg);
    channel.start();
    channel.take_outgoing();
    // In one piece or two.
    std::size_t split = input.empty() ? 0 : rng() % (input.size() + 1);
    channel.receive(ByteView(input.data(), split));
    channel.receive(ByteView(input.data() + split, input.size() - split));
    channel.take_outgoing();
    channel.take_received_application_data();
    if (channel.failed()) {
      ++failed;
      EXPECT_FALSE(channel.failure().empty());
    }
    // A lone flight can never complete a handshake.
    EXPECT_FALSE(channel.handshake_done());
  }
  // Most mutations are detected right away (the rest wait for more input).
  EXPECT_GT(failed, kInputs / 2);
}

TEST_F(TlsChannelTest, MutatedRecordsOnEstablishedChannelsNeverCrash) {
  std::mt19937 rng(7);
  for (int i = 0; i < 200; ++i) {
    TlsChannel client(client_config());
    TlsChannel server(server_config());
    shuttle(client, server);
    ASSERT_TRUE(server.handshake_done());
    client.send_application_data(bytes_of("AllocateComputeRequest"));
    server.receive(mutate(client.take_outgoing(), rng));
    server.take_received_application_data();
    client.receive(server.take_outgoing());
    if (server.failed()) {
      EXPECT_FALSE(server.failure().empty());
    }
  }
}

TEST(TlsAlertNameTest, NamesRfc8446Alerts) {
  EXPECT_EQ(tls_alert_name(45), "certificate expired");
  EXPECT_EQ(tls_alert_name(44), "certificate revoked");
  EXPECT_EQ(tls_alert_name(48), "unknown ca");
  EXPECT_EQ(tls_alert_name(116), "certificate required");
  EXPECT_EQ(tls_alert_name(200), "alert 200");
}

}  // namespace
}  // namespace ifa026::pki::tls_channel_test
