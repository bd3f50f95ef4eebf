// pki/ benchmarks: the crypto floor of one P-256 CMP enrolment, certificate issuance, CRL
// generation with 100k entries, mutual TLS 1.3 handshakes, OCSP round trips and a bare in-process
// CMP ir + certConf. Budgets are ratios (DESIGN §8).
#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>

#include "pki/certificate_authority.hpp"
#include "pki/chain_verifier.hpp"
#include "pki/cmp_client.hpp"
#include "pki/cmp_server.hpp"
#include "pki/crl.hpp"
#include "pki/csr.hpp"
#include "pki/key.hpp"
#include "pki/ocsp.hpp"
#include "pki/password_based_mac.hpp"
#include "pki/tls_channel.hpp"

namespace {

using ifa026::pki::Bytes;
using ifa026::pki::ByteView;
using ifa026::pki::Certificate;
using ifa026::pki::CertificateAuthority;
using ifa026::pki::CertificateProfile;
using ifa026::pki::Csr;
using ifa026::pki::CsrContent;
using ifa026::pki::DistinguishedName;
using ifa026::pki::ExtendedKeyUsage;
using ifa026::pki::Instant;
using ifa026::pki::KeyType;
using ifa026::pki::PrivateKey;
using ifa026::pki::RevocationReason;

constexpr std::int64_t kDay = 86400;
// Every instant of these benchmarks (validity starts, signing and verification times): simulated,
// never the wall clock.
const Instant kNow = Instant::from_seconds(1767225600);  // 2026-01-01T00:00:00Z

Bytes patterned_bytes(std::size_t n, std::uint8_t seed) {
  Bytes out(n);
  for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<std::uint8_t>(seed + i * 31);
  return out;
}

struct Credential {
  PrivateKey key;
  Certificate certificate;
};

CsrContent content_for(const std::string& dns, ExtendedKeyUsage usage) {
  CsrContent content;
  content.subject = DistinguishedName::parse("C=FR,O=Operator,CN=" + dns);
  content.san.dns = {dns};
  content.extended_key_usage = {usage};
  return content;
}

CertificateProfile profile_for(ExtendedKeyUsage usage) {
  CertificateProfile profile;
  profile.validity_seconds = 90 * kDay;
  profile.extended_key_usage = {usage};
  return profile;
}

// The fixed, CA-issued P-256 hierarchy every benchmark uses: root -> issuing CA -> end entities.
// Built once per process.
struct Hierarchy {
  Hierarchy()
      : root(CertificateAuthority::create_root(DistinguishedName::parse("C=FR,O=Operator,CN=Root"),
                                               PrivateKey::generate(), kNow, 20 * 365 * kDay)),
        issuing(CertificateAuthority::create_subordinate(
            root, DistinguishedName::parse("C=FR,O=Operator,CN=Issuing CA"), PrivateKey::generate(),
            kNow, 10 * 365 * kDay, 0)),
        server(issue("vnfm-1.example.net", ExtendedKeyUsage::server_auth)),
        client(issue("cmf-1.example.net", ExtendedKeyUsage::client_auth)) {}

  Credential issue(const std::string& dns, ExtendedKeyUsage usage) {
    PrivateKey key = PrivateKey::generate(KeyType::ec_p256);
    Certificate certificate = issuing.issue(
        {Csr::create(content_for(dns, usage), key), kNow, {}, {}, {}}, profile_for(usage));
    return {key, certificate};
  }

  static Hierarchy& get() {
    static Hierarchy hierarchy;
    return hierarchy;
  }

  CertificateAuthority root;
  CertificateAuthority issuing;
  Credential server;
  Credential client;
};

// Exactly the primitives one P-256 CMP ir + certConf costs (OpenSSL 3.0 defaults):
//  - 1 key generation (the new end-entity key);
//  - 2 signatures: the POP signature over the CertRequest (~300 bytes) by the new key, the CA's
//    signature over the TBSCertificate (~600 bytes);
//  - 2 verifications: the CA checks the POP (with the public key taken from the request, as the
//    CA must), the client checks the new certificate's signature;
//  - 8 PBM MACs over ~500-byte ProtectedParts: ir, ip, certConf and pkiConf, each protected by
//    one side and checked by the other.
void BM_Crypto_EnrolmentFloor(benchmark::State& state) {
  const PrivateKey& ca_key = Hierarchy::get().issuing.key();
  const ifa026::pki::PublicKey ca_public = ca_key.public_key();
  const Bytes cert_request = patterned_bytes(300, 1);
  const Bytes tbs_certificate = patterned_bytes(600, 2);
  const Bytes protected_part = patterned_bytes(500, 3);
  const Bytes secret = patterned_bytes(32, 4);
  const Bytes salt = patterned_bytes(ifa026::pki::kCmpPbmSaltLength, 5);
  for (auto _ : state) {
    PrivateKey new_key = PrivateKey::generate(KeyType::ec_p256);
    Bytes pop = new_key.sign(cert_request);
    bool pop_ok = new_key.public_key().verify(cert_request, pop);
    Bytes certificate_signature = ca_key.sign(tbs_certificate);
    bool certificate_ok = ca_public.verify(tbs_certificate, certificate_signature);
    if (!pop_ok || !certificate_ok) {
      state.SkipWithError("signature did not verify");
      break;
    }
    for (int i = 0; i < 8; ++i) {
      Bytes mac = ifa026::pki::password_based_mac(secret, salt, protected_part);
      benchmark::DoNotOptimize(mac.data());
    }
  }
  state.SetItemsProcessed(state.iterations());
}

// CertificateAuthority::issue of a prepared P-256 CSR (POP check, C.6 profile, signature).
void BM_Ca_Issuance(benchmark::State& state) {
  CertificateAuthority& ca = Hierarchy::get().issuing;
  const ifa026::pki::IssueRequest request{
      Csr::create(content_for("vnfci-7.example.net", ExtendedKeyUsage::client_auth),
                  PrivateKey::generate(KeyType::ec_p256)),
      kNow, std::nullopt, std::nullopt, std::nullopt};
  const CertificateProfile profile = profile_for(ExtendedKeyUsage::client_auth);
  for (auto _ : state) {
    Certificate certificate = ca.issue(request, profile);
    benchmark::DoNotOptimize(certificate.der().data());
  }
  state.SetItemsProcessed(state.iterations());
}

// A P-256 CA with `entries` revocations (serials spread over 64 bits, reasons mixed), made once.
CertificateAuthority& revoking_ca(std::int64_t entries) {
  static std::optional<CertificateAuthority> ca;
  static std::int64_t made_with = -1;
  if (!ca || made_with != entries) {
    ca.emplace(CertificateAuthority::create_subordinate(
        Hierarchy::get().root, DistinguishedName::parse("C=FR,O=Operator,CN=Revoking CA"),
        PrivateKey::generate(), kNow, 10 * 365 * kDay, 0));
    const RevocationReason reasons[] = {
        RevocationReason::unspecified, RevocationReason::key_compromise,
        RevocationReason::superseded, RevocationReason::cessation_of_operation};
    char serial[32];
    for (std::int64_t i = 0; i < entries; ++i) {
      // An odd multiplier makes the serials distinct; the top bit set keeps 16 hex digits.
      std::uint64_t value =
          (static_cast<std::uint64_t>(i) * 0x9E3779B97F4A7C15ULL) | 0x8000000000000000ULL;
      std::snprintf(serial, sizeof serial, "%016llX", static_cast<unsigned long long>(value));
      ca->revoke(serial, Instant::from_seconds(kNow.seconds() - (i % 1000) * 60), reasons[i % 4]);
    }
    made_with = entries;
  }
  return *ca;
}

// CRL generation by a CA with state.range(0) revocations; items = CRLs.
void BM_Crl_Generate(benchmark::State& state) {
  CertificateAuthority& ca = revoking_ca(state.range(0));
  std::size_t der_size = 0;
  for (auto _ : state) {
    ifa026::pki::Crl crl = ca.crl(kNow, 7 * kDay);
    der_size = crl.der().size();
    benchmark::DoNotOptimize(crl.der().data());
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["entries"] = static_cast<double>(state.range(0));
  state.counters["bytes"] = static_cast<double>(der_size);
}

// Mutual TLS 1.3 handshakes between two TlsChannels (P-256 certificates, chains checked at kNow),
// the flights carried in memory.
void BM_Tls_Handshake(benchmark::State& state) {
  Hierarchy& h = Hierarchy::get();
  ifa026::pki::TlsEndpointConfig server_config;
  server_config.role = ifa026::pki::TlsRole::server;
  server_config.key = h.server.key;
  server_config.certificate = h.server.certificate;
  server_config.chain = {h.issuing.certificate()};
  server_config.trust_anchors = {h.root.certificate()};
  server_config.require_peer_certificate = true;
  server_config.now = kNow;
  ifa026::pki::TlsEndpointConfig client_config;
  client_config.role = ifa026::pki::TlsRole::client;
  client_config.key = h.client.key;
  client_config.certificate = h.client.certificate;
  client_config.chain = {h.issuing.certificate()};
  client_config.trust_anchors = {h.root.certificate()};
  client_config.now = kNow;
  client_config.expected_peer_dns_name = "vnfm-1.example.net";

  for (auto _ : state) {
    ifa026::pki::TlsChannel client(client_config);
    ifa026::pki::TlsChannel server(server_config);
    client.start();
    for (int round = 0; round < 16; ++round) {
      Bytes flight = client.take_outgoing();
      if (!flight.empty()) server.receive(flight);
      flight = server.take_outgoing();
      if (!flight.empty()) client.receive(flight);
      if ((client.handshake_done() && server.handshake_done()) || client.failed() ||
          server.failed()) {
        break;
      }
    }
    if (!client.handshake_done() || !server.handshake_done()) {
      state.SkipWithError(
          ("handshake failed: " + client.failure_detail() + " / " + server.failure_detail())
              .c_str());
      break;
    }
  }
  state.SetItemsProcessed(state.iterations());
}

// OCSP: request (with a nonce), signed response by the issuing CA, response check at kNow.
void BM_Ocsp_RoundTrip(benchmark::State& state) {
  Hierarchy& h = Hierarchy::get();
  const Certificate& subject = h.client.certificate;
  const Certificate& issuer = h.issuing.certificate();
  const Bytes nonce = patterned_bytes(16, 6);
  const ifa026::pki::OcspStatusLookup lookup = [](const std::string&) {
    return ifa026::pki::OcspStatusEntry{};
  };
  const Instant next_update = Instant::from_seconds(kNow.seconds() + kDay);
  for (auto _ : state) {
    Bytes request = ifa026::pki::make_ocsp_request(subject, issuer, nonce);
    Bytes response = ifa026::pki::make_ocsp_response(request, h.issuing, lookup, kNow, next_update);
    ifa026::pki::OcspResult result =
        ifa026::pki::check_ocsp_response(response, subject, issuer, kNow, nonce);
    if (result.status != ifa026::pki::OcspCertStatus::good) {
      state.SkipWithError(("OCSP check failed: " + result.detail).c_str());
      break;
    }
  }
  state.SetItemsProcessed(state.iterations());
}

// A full in-process OpenSSL CMP enrolment, P-256, no simulator: ir (PBM with an initial
// credential) -> ip -> certConf -> pkiConf, every message passing as DER bytes through a
// CmpClient transport that calls CmpServer::handle directly. Includes the new key's generation,
// the client's path validation of the new certificate (root -> issuing CA -> leaf) and the
// server's CRMF template decoding. bench_main.cpp reports its ratio to
// BM_Crypto_EnrolmentFloor. items = enrolments.
void BM_Cmp_BareEnrolment(benchmark::State& state) {
  Hierarchy& h = Hierarchy::get();
  ifa026::pki::CmpServerConfig server_config;
  server_config.chain = {h.root.certificate()};
  server_config.ca_pubs = {h.root.certificate()};
  ifa026::pki::CmpServer server(h.issuing, server_config);
  const Bytes secret = patterned_bytes(32, 4);
  ifa026::pki::InitialCredentialLimits reusable;
  reusable.one_use = false;
  server.register_initial_credential("vnfci-bench", secret, reusable);

  ifa026::pki::CmpClientConfig client_config;
  client_config.transport = [&server](ByteView request) { return server.handle(request, kNow); };
  client_config.trust_anchors = {h.root.certificate()};
  client_config.untrusted = {h.issuing.certificate()};
  ifa026::pki::CmpClient client(client_config);
  const DistinguishedName subject = DistinguishedName::parse("C=FR,O=Operator,CN=vnfci-1");
  ifa026::pki::SubjectAltName san;
  san.dns = {"vnfci-1.example.net"};

  for (auto _ : state) {
    PrivateKey new_key = PrivateKey::generate(KeyType::ec_p256);
    ifa026::pki::CmpResult result =
        client.enrol_ir("vnfci-bench", secret, new_key, subject, san, kNow);
    if (!result.ok() || !result.certificate) {
      state.SkipWithError(
          ("enrolment failed: " + result.error + " / " + result.status_text).c_str());
      break;
    }
  }
  state.SetItemsProcessed(state.iterations());
}

// The cryptography one direct-mode identity (C.2.1.1) costs on top of its bare CMP ir + certConf,
// as BM_Enrol_DirectMode's actors do it, with nothing else (no simulator, no messages, no trace):
//  - the RA-signed RegisterEndEntityRequest: the CMF's signature and the CA's verification
//    (~300 bytes, P-256);
//  - the CMF's check of the certificate the VNFCI reports: a path of two signatures (leaf by the
//    issuing CA, issuing CA by the root) at a given instant;
//  - half a day-0 TLS 1.3 handshake (external PSK with (EC)DHE, as SecureChannels opens it): the
//    benchmark's VNFCIs hold two identities each and open one session.
// Its rate against BM_Cmp_BareEnrolment bounds the direct-mode ratio from above (bench_main
// prints that ceiling): an enrolment cannot cost less than bare CMP plus this.
void BM_Crypto_DirectModeExtrasFloor(benchmark::State& state) {
  Hierarchy& h = Hierarchy::get();
  const Bytes registration = patterned_bytes(300, 7);
  ifa026::pki::TrustStore trust;
  trust.add_anchor(h.root.certificate());
  trust.add_intermediate(h.issuing.certificate());
  const ifa026::pki::TlsPsk psk{"vnfci-1", patterned_bytes(32, 9)};
  ifa026::pki::TlsEndpointConfig client_config;
  client_config.role = ifa026::pki::TlsRole::client;
  client_config.psk = psk;
  client_config.now = kNow;
  ifa026::pki::TlsEndpointConfig server_config = client_config;
  server_config.role = ifa026::pki::TlsRole::server;
  std::int64_t items = 0;
  for (auto _ : state) {
    const Bytes signature = h.client.key.sign(registration);
    const bool registration_ok = h.client.certificate.public_key().verify(registration, signature);
    const bool report_ok = ifa026::pki::verify_certificate(h.server.certificate, trust, kNow).ok();
    bool session_ok = true;
    if (++items % 2 == 1) {
      ifa026::pki::TlsChannel client(client_config);
      ifa026::pki::TlsChannel server(server_config);
      client.start();
      for (int round = 0; round < 16 && !(client.handshake_done() && server.handshake_done());
           ++round) {
        Bytes flight = client.take_outgoing();
        if (!flight.empty()) server.receive(flight);
        flight = server.take_outgoing();
        if (!flight.empty()) client.receive(flight);
        if (client.failed() || server.failed()) break;
      }
      session_ok = client.handshake_done() && server.handshake_done() && client.psk_used();
    }
    if (!registration_ok || !report_ok || !session_ok) {
      state.SkipWithError("a direct-mode extra step failed");
      break;
    }
  }
  state.SetItemsProcessed(items);
}

}  // namespace

BENCHMARK(BM_Crypto_DirectModeExtrasFloor);
BENCHMARK(BM_Crypto_EnrolmentFloor);
BENCHMARK(BM_Ca_Issuance);
BENCHMARK(BM_Crl_Generate)->Arg(100000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Tls_Handshake);
BENCHMARK(BM_Ocsp_RoundTrip);
BENCHMARK(BM_Cmp_BareEnrolment);
