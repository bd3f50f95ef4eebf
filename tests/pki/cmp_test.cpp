// Tests for pki/cmp_server, pki/cmp_client and pki/fiber in process: ir/cr/p10cr/kur/rr, refusals,
// tampering, transaction expiry, 10,000 mutated requests, and an ir driven through a Fiber.
#include <gtest/gtest.h>
#include <openssl/cmp.h>

#include <algorithm>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "pki/chain_verifier.hpp"
#include "pki/cmp_client.hpp"
#include "pki/cmp_server.hpp"
#include "pki/fiber.hpp"
#include "tests/pki/pki_test_support.hpp"

namespace ifa026::pki {
namespace {

Bytes secret_of(const std::string& s) {
  return Bytes(s.begin(), s.end());
}

bool parses_as_cmp(const Bytes& der) {
  const unsigned char* p = der.data();
  OSSL_CMP_MSG* msg = d2i_OSSL_CMP_MSG(nullptr, &p, static_cast<long>(der.size()));
  bool ok = msg != nullptr;
  OSSL_CMP_MSG_free(msg);
  return ok;
}

class CmpTest : public ::testing::Test {
 protected:
  CmpTest()
      : ca_(CertificateAuthority::create_root(DistinguishedName::parse("CN=Issuing CA,O=Op,C=FR"),
                                              PrivateKey::generate(), kT0, 3650 * kDay)),
        server_(ca_, CmpServerConfig{}) {
    server_.register_initial_credential("vnfci-1", secret_of("initial secret 1"));
    trust_.add_anchor(ca_.certificate());
  }

  CmpClientConfig client_config() {
    CmpClientConfig config;
    config.transport = [this](ByteView request) { return server_.handle(request, now_); };
    config.trust_anchors = {ca_.certificate()};
    return config;
  }

  CmpResult ir(const std::string& reference, const std::string& secret, const PrivateKey& key,
               const std::string& cn = "vnfci-1.example.net") {
    CmpClient client(client_config());
    return client.enrol_ir(reference, secret_of(secret), key,
                           DistinguishedName::parse("CN=" + cn + ",O=Op,C=FR"),
                           SubjectAltName{{cn}, {}, {}}, now_);
  }

  CertificateAuthority ca_;
  CmpServer server_;
  TrustStore trust_;
  Instant now_ = Instant::from_seconds(kT0.seconds() + kDay);
};

TEST_F(CmpTest, IrWithRightSecretIssuesCertificateAndConfirmationClosesTransaction) {
  PrivateKey key = PrivateKey::generate();
  CmpResult result = ir("vnfci-1", "initial secret 1", key);
  ASSERT_TRUE(result.ok()) << result.error << " / " << result.status_text;
  ASSERT_TRUE(result.certificate.has_value());
  EXPECT_EQ(result.certificate->public_key(), key.public_key());
  EXPECT_EQ(result.certificate->subject().common_name(), "vnfci-1.example.net");
  EXPECT_EQ(result.certificate->san().dns, std::vector<std::string>{"vnfci-1.example.net"});
  EXPECT_TRUE(verify_certificate(*result.certificate, trust_, now_).ok());
  ASSERT_FALSE(result.chain.empty());
  EXPECT_EQ(result.chain.front(), ca_.certificate());
  EXPECT_EQ(ca_.issued_count(), 1u);
  EXPECT_EQ(server_.open_transactions(), 0u);  // certConf/pkiConf ended it
  EXPECT_FALSE(server_.credential_usable("vnfci-1", now_));
}

TEST_F(CmpTest, AClockCallbackVerifiesTheNewCertificateWhenTheReplyArrives) {
  // The CA answers 5 s after the exchange started (a queue in a simulation): its certificate's
  // notBefore is then later than the instant the operation was started with.
  const Instant later = Instant::from_seconds(now_.seconds() + 5);
  server_.register_initial_credential("vnfci-2", secret_of("initial secret 2"));
  CmpClientConfig config = client_config();
  config.transport = [this, later](ByteView request) { return server_.handle(request, later); };
  const auto subject = DistinguishedName::parse("CN=vnfci-2.example.net,O=Op,C=FR");
  {
    CmpClient client(config);
    const auto result =
        client.enrol_ir("vnfci-1", secret_of("initial secret 1"), PrivateKey::generate(), subject,
                        SubjectAltName{{"vnfci-2.example.net"}, {}, {}}, now_);
    EXPECT_FALSE(result.ok()) << "verified at the start instant, the certificate is not yet valid";
  }
  config.clock = [later] { return later; };
  CmpClient client(config);
  const auto result =
      client.enrol_ir("vnfci-2", secret_of("initial secret 2"), PrivateKey::generate(), subject,
                      SubjectAltName{{"vnfci-2.example.net"}, {}, {}}, now_);
  ASSERT_TRUE(result.ok()) << result.error << " / " << result.status_text;
  EXPECT_EQ(result.certificate->not_before().seconds(), later.seconds());
}

TEST_F(CmpTest, WrongSecretGetsBadMessageCheckAndNoCertificate) {
  PrivateKey key = PrivateKey::generate();
  CmpResult result = ir("vnfci-1", "not the secret", key);
  EXPECT_FALSE(result.ok());
  EXPECT_TRUE(result.has_failure(CmpFailure::bad_message_check)) << result.status_text;
  EXPECT_FALSE(result.certificate.has_value());
  EXPECT_EQ(ca_.issued_count(), 0u);
  EXPECT_EQ(server_.open_transactions(), 0u);
  EXPECT_TRUE(server_.credential_usable("vnfci-1", now_));  // an attacker cannot burn it
}

TEST_F(CmpTest, ServerAnswersWrongSecretWithProtectedErrorMessage) {
  CmpClientConfig config = client_config();
  Bytes response;
  config.transport = [&](ByteView request) {
    response = server_.handle(request, now_);
    return response;
  };
  CmpClient client(config);
  PrivateKey key = PrivateKey::generate();
  (void)client.enrol_ir("vnfci-1", secret_of("wrong"), key, DistinguishedName::parse("CN=x"),
                        SubjectAltName{{"x"}, {}, {}}, now_);
  CmpMessageInfo info = inspect_cmp_message(response);
  EXPECT_EQ(info.body, static_cast<int>(CmpBody::error));
  EXPECT_EQ(info.status, OSSL_CMP_PKISTATUS_rejection);
  EXPECT_TRUE(info.has_failure(CmpFailure::bad_message_check));
  EXPECT_TRUE(info.protected_);
  EXPECT_EQ(info.transaction_id, inspect_cmp_message(client.last_requests().at(0)).transaction_id);
}

TEST_F(CmpTest, OneUseCredentialIsRefusedTheSecondTime) {
  PrivateKey key = PrivateKey::generate();
  ASSERT_TRUE(ir("vnfci-1", "initial secret 1", key).ok());
  CmpResult again = ir("vnfci-1", "initial secret 1", PrivateKey::generate());
  EXPECT_FALSE(again.ok());
  EXPECT_TRUE(again.has_failure(CmpFailure::not_authorized)) << again.status_text;
  EXPECT_EQ(ca_.issued_count(), 1u);
}

TEST_F(CmpTest, ReusableCredentialWorksTwice) {
  server_.register_initial_credential("multi", secret_of("s"),
                                      {false, std::nullopt, std::nullopt, std::nullopt});
  EXPECT_TRUE(ir("multi", "s", PrivateKey::generate()).ok());
  EXPECT_TRUE(ir("multi", "s", PrivateKey::generate()).ok());
  EXPECT_EQ(ca_.issued_count(), 2u);
}

TEST_F(CmpTest, ExpiredCredentialIsRefused) {
  server_.register_initial_credential("old", secret_of("s"),
                                      {true, now_, std::nullopt, std::nullopt});
  CmpResult result = ir("old", "s", PrivateKey::generate());
  EXPECT_FALSE(result.ok());
  EXPECT_TRUE(result.has_failure(CmpFailure::not_authorized)) << result.status_text;
  EXPECT_EQ(ca_.issued_count(), 0u);
}

TEST_F(CmpTest, UnknownReferenceIsRefused) {
  CmpResult result = ir("nobody", "s", PrivateKey::generate());
  EXPECT_FALSE(result.ok());
  EXPECT_TRUE(result.has_failure(CmpFailure::not_authorized)) << result.status_text;
}

TEST_F(CmpTest, RegisteredSubjectOverridesRequestedOne) {
  DistinguishedName registered = DistinguishedName::parse("CN=registered,O=Op,C=FR");
  server_.register_initial_credential("fixed", secret_of("s"),
                                      {true, std::nullopt, registered, std::nullopt});
  CmpResult result = ir("fixed", "s", PrivateKey::generate(), "requested");
  ASSERT_TRUE(result.ok()) << result.error;
  EXPECT_EQ(result.certificate->subject(), registered);
}

// A policy may name the failure it refuses with (a reason alone is notAuthorized), and a
// registered subjectAltName is imposed on a request that asks for none.
TEST_F(CmpTest, ThePolicyNamesItsFailureAndRegisteredNamesAreImposed) {
  server_.authorise = [](const CmpRequestInfo& info) -> std::optional<CmpRefusal> {
    if (info.requested && !info.requested->san.empty())
      return CmpRefusal(CmpFailure::bad_cert_template, "names are registered, not asked");
    return std::nullopt;
  };
  SubjectAltName registered{{"fixed.example.net"}, {"192.0.2.9"}, {}};
  server_.register_initial_credential(
      "fixed-names", secret_of("s"),
      {true, std::nullopt, DistinguishedName::parse("CN=fixed,O=Op"), registered});
  CmpResult refused = ir("fixed-names", "s", PrivateKey::generate());
  EXPECT_FALSE(refused.ok());
  EXPECT_TRUE(refused.has_failure(CmpFailure::bad_cert_template)) << refused.status_text;
  EXPECT_NE(refused.status_text.find("names are registered"), std::string::npos);
  CmpClient client(client_config());
  CmpResult granted =
      client.enrol_ir("fixed-names", secret_of("s"), PrivateKey::generate(),
                      DistinguishedName::parse("CN=fixed,O=Op"), SubjectAltName{}, now_);
  ASSERT_TRUE(granted.ok()) << granted.error << " / " << granted.status_text;
  EXPECT_EQ(granted.certificate->san(), registered);
}

TEST_F(CmpTest, CrmfTemplateContentIsWhatTheCaIssuesWithoutAnyCompanionCsr) {
  // A profile that takes the requested extendedKeyUsage: it can only come from the template.
  CmpServerConfig config;
  config.profile.extended_key_usage.clear();
  CmpServer server(ca_, config);
  server.register_initial_credential("eku", secret_of("s"));
  std::optional<CsrContent> seen;
  server.authorise = [&](const CmpRequestInfo& info) -> std::optional<std::string> {
    EXPECT_FALSE(info.csr.has_value());  // ir: no PKCS#10 anywhere
    seen = info.requested;
    return std::nullopt;
  };
  CmpClientConfig client_config = this->client_config();
  client_config.transport = [&](ByteView request) { return server.handle(request, now_); };
  client_config.extended_key_usage = {ExtendedKeyUsage::server_auth};
  CmpClient client(client_config);
  PrivateKey key = PrivateKey::generate();
  SubjectAltName san{{"eku.example.net"}, {"192.0.2.1", "2001:db8::1"}, {"urn:x:eku"}};
  CmpResult result = client.enrol_ir(
      "eku", secret_of("s"), key, DistinguishedName::parse("CN=eku,OU=Core,O=Op,C=FR"), san, now_);
  ASSERT_TRUE(result.ok()) << result.error << " / " << result.status_text;
  EXPECT_EQ(result.certificate->public_key(), key.public_key());
  EXPECT_EQ(result.certificate->subject(), DistinguishedName::parse("CN=eku,OU=Core,O=Op,C=FR"));
  EXPECT_EQ(result.certificate->san(), san);
  EXPECT_EQ(result.certificate->extended_key_usage(),
            std::vector<ExtendedKeyUsage>{ExtendedKeyUsage::server_auth});
  ASSERT_TRUE(seen.has_value());
  EXPECT_EQ(seen->san, san);
  EXPECT_EQ(seen->extended_key_usage, std::vector<ExtendedKeyUsage>{ExtendedKeyUsage::server_auth});

  // No extendedKeyUsage requested and none in the profile: refused (table C.6-1).
  server.register_initial_credential("none", secret_of("s"));
  client_config.extended_key_usage.clear();
  CmpClient bare(client_config);
  CmpResult refused = bare.enrol_ir("none", secret_of("s"), PrivateKey::generate(),
                                    DistinguishedName::parse("CN=none"), san, now_);
  EXPECT_FALSE(refused.ok());
  EXPECT_TRUE(refused.has_failure(CmpFailure::bad_request)) << refused.status_text;
}

TEST_F(CmpTest, CrmfTemplateWithoutSubjectIsRefused) {
  // OpenSSL's POP check already wants a subject (RFC 4211 §4.1, no poposkInput); the server
  // would refuse it with badCertTemplate otherwise.
  CmpResult result =
      CmpClient(client_config())
          .enrol_ir("vnfci-1", secret_of("initial secret 1"), PrivateKey::generate(),
                    DistinguishedName{}, SubjectAltName{{"x.example.net"}, {}, {}}, now_);
  EXPECT_FALSE(result.ok());
  EXPECT_TRUE(result.has_failure(CmpFailure::bad_pop) ||
              result.has_failure(CmpFailure::bad_cert_template))
      << result.status_text;
  EXPECT_EQ(ca_.issued_count(), 0u);
}

TEST_F(CmpTest, AuthoriseHookRefusal) {
  server_.authorise = [](const CmpRequestInfo& info) -> std::optional<std::string> {
    if (info.requested && info.requested->subject.common_name() == "evil") return "not on list";
    return std::nullopt;
  };
  CmpResult result = ir("vnfci-1", "initial secret 1", PrivateKey::generate(), "evil");
  EXPECT_FALSE(result.ok());
  EXPECT_TRUE(result.has_failure(CmpFailure::not_authorized));
  EXPECT_NE(result.status_text.find("not on list"), std::string::npos) << result.status_text;
}

TEST_F(CmpTest, CrAndP10crSignedByIssuedCertificate) {
  PrivateKey key = PrivateKey::generate();
  CmpResult first = ir("vnfci-1", "initial secret 1", key);
  ASSERT_TRUE(first.ok()) << first.error;
  CmpClient client(client_config());

  PrivateKey cr_key = PrivateKey::generate();
  CmpResult cr = client.enrol_cr(*first.certificate, key, cr_key,
                                 DistinguishedName::parse("CN=tls.vnfci-1,O=Op,C=FR"),
                                 SubjectAltName{{"tls.vnfci-1.example.net"}, {}, {}}, now_);
  ASSERT_TRUE(cr.ok()) << cr.error << " / " << cr.status_text;
  EXPECT_EQ(cr.certificate->public_key(), cr_key.public_key());
  EXPECT_TRUE(verify_certificate(*cr.certificate, trust_, now_).ok());

  PrivateKey p10_key = PrivateKey::generate();
  Csr csr = Csr::create({DistinguishedName::parse("CN=p10.vnfci-1,O=Op,C=FR"),
                         SubjectAltName{{"p10.vnfci-1.example.net"}, {}, {}},
                         {ExtendedKeyUsage::client_auth},
                         {},
                         std::nullopt},
                        p10_key);
  CmpResult p10 = client.enrol_p10cr(csr, *first.certificate, key, now_);
  ASSERT_TRUE(p10.ok()) << p10.error << " / " << p10.status_text;
  EXPECT_EQ(p10.certificate->public_key(), p10_key.public_key());
  EXPECT_EQ(p10.certificate->san().dns, std::vector<std::string>{"p10.vnfci-1.example.net"});
  EXPECT_EQ(ca_.issued_count(), 3u);
  EXPECT_EQ(server_.open_transactions(), 0u);
}

TEST_F(CmpTest, CrSignedByForeignCertificateIsRefused) {
  CertificateAuthority other = CertificateAuthority::create_root(
      DistinguishedName::parse("CN=Other CA"), PrivateKey::generate(), kT0, 3650 * kDay);
  PrivateKey key = PrivateKey::generate();
  Certificate foreign = other.issue({Csr::create({DistinguishedName::parse("CN=foreign"),
                                                  SubjectAltName{{"f"}, {}, {}},
                                                  {},
                                                  {},
                                                  std::nullopt},
                                                 key),
                                     kT0, std::nullopt, std::nullopt, std::nullopt},
                                    CertificateProfile{});
  CmpClient client(client_config());
  CmpResult cr =
      client.enrol_cr(foreign, key, PrivateKey::generate(), DistinguishedName::parse("CN=foreign"),
                      SubjectAltName{{"f"}, {}, {}}, now_);
  EXPECT_FALSE(cr.ok());
  EXPECT_TRUE(cr.has_failure(CmpFailure::bad_message_check)) << cr.status_text << cr.error;
  EXPECT_EQ(ca_.issued_count(), 0u);
}

TEST_F(CmpTest, KurRenewsThenRrRevokesThenKurIsRefusedAsRevoked) {
  PrivateKey key = PrivateKey::generate();
  CmpResult first = ir("vnfci-1", "initial secret 1", key);
  ASSERT_TRUE(first.ok()) << first.error;
  CmpClient client(client_config());

  PrivateKey new_key = PrivateKey::generate();
  CmpResult kur = client.renew_kur(*first.certificate, key, new_key, now_);
  ASSERT_TRUE(kur.ok()) << kur.error << " / " << kur.status_text;
  EXPECT_EQ(kur.certificate->public_key(), new_key.public_key());
  EXPECT_EQ(kur.certificate->subject(), first.certificate->subject());
  EXPECT_EQ(kur.certificate->san(), first.certificate->san());
  EXPECT_TRUE(verify_certificate(*kur.certificate, trust_, now_).ok());

  CmpResult rr = client.revoke_rr(*kur.certificate, new_key, RevocationReason::superseded, now_);
  ASSERT_TRUE(rr.ok()) << rr.error << " / " << rr.status_text;
  EXPECT_TRUE(ca_.is_revoked(kur.certificate->serial_hex()));
  Crl crl = ca_.crl(now_, kDay);
  ASSERT_EQ(crl.revoked().size(), 1u);
  EXPECT_EQ(crl.revoked()[0].reason, RevocationReason::superseded);

  CmpResult again = client.renew_kur(*kur.certificate, new_key, PrivateKey::generate(), now_);
  EXPECT_FALSE(again.ok());
  EXPECT_TRUE(again.has_failure(CmpFailure::cert_revoked)) << again.status_text << again.error;
  EXPECT_EQ(ca_.issued_count(), 2u);
  EXPECT_EQ(server_.open_transactions(), 0u);
}

TEST_F(CmpTest, KurWithExpiredCertificateIsRefused) {
  PrivateKey key = PrivateKey::generate();
  CmpResult first = ir("vnfci-1", "initial secret 1", key);
  ASSERT_TRUE(first.ok()) << first.error;
  now_ = Instant::from_seconds(first.certificate->not_after().seconds() + 1);
  CmpClient client(client_config());
  CmpResult kur = client.renew_kur(*first.certificate, key, PrivateKey::generate(), now_);
  EXPECT_FALSE(kur.ok());
  EXPECT_TRUE(kur.has_failure(CmpFailure::bad_message_check)) << kur.status_text;
  EXPECT_NE(kur.status_text.find("expired"), std::string::npos) << kur.status_text;
  EXPECT_EQ(ca_.issued_count(), 1u);
}

TEST_F(CmpTest, RrProtectedWithTheWrongKeyIsRefused) {
  PrivateKey a_key = PrivateKey::generate();
  server_.register_initial_credential("b", secret_of("b"), {});
  CmpResult a = ir("vnfci-1", "initial secret 1", a_key, "a");
  PrivateKey b_key = PrivateKey::generate();
  CmpResult b = ir("b", "b", b_key, "b");
  ASSERT_TRUE(a.ok() && b.ok());
  CmpClient client(client_config());
  // a's certificate with b's key: the protection cannot verify.
  CmpResult rr = client.revoke_rr(*a.certificate, b_key, RevocationReason::key_compromise, now_);
  EXPECT_FALSE(rr.ok());
  EXPECT_FALSE(ca_.is_revoked(a.certificate->serial_hex()));
}

TEST_F(CmpTest, RrForAnotherEntitysCertificateSignedByAnRaIsDecidedByTheAuthoriseHook) {
  server_.register_initial_credential("b", secret_of("b"), {});
  PrivateKey ra_key = PrivateKey::generate();
  CmpResult ra = ir("vnfci-1", "initial secret 1", ra_key, "ra");
  PrivateKey b_key = PrivateKey::generate();
  CmpResult b = ir("b", "b", b_key, "b");
  ASSERT_TRUE(ra.ok() && b.ok());
  CmpClient client(client_config());

  // Without a hook the server only accepts self-revocation.
  CmpResult refused = client.revoke_rr_for(*b.certificate, *ra.certificate, ra_key,
                                           RevocationReason::key_compromise, now_);
  EXPECT_FALSE(refused.ok());
  EXPECT_TRUE(refused.has_failure(CmpFailure::not_authorized)) << refused.status_text;
  EXPECT_FALSE(ca_.is_revoked(b.certificate->serial_hex()));

  std::vector<std::string> asked;
  server_.authorise = [&](const CmpRequestInfo& info) -> std::optional<std::string> {
    if (info.body != CmpBody::rr) return std::nullopt;
    asked.push_back(info.signer ? info.signer->subject().common_name() : "");
    if (info.signer && info.signer->subject().common_name() == "ra") return std::nullopt;
    return "not an RA";
  };
  // A non-RA signer is refused by the hook.
  CmpResult by_b = client.revoke_rr_for(*ra.certificate, *b.certificate, b_key,
                                        RevocationReason::key_compromise, now_);
  EXPECT_FALSE(by_b.ok());
  EXPECT_TRUE(by_b.has_failure(CmpFailure::not_authorized)) << by_b.status_text;
  EXPECT_FALSE(ca_.is_revoked(ra.certificate->serial_hex()));

  CmpResult by_ra = client.revoke_rr_for(*b.certificate, *ra.certificate, ra_key,
                                         RevocationReason::key_compromise, now_);
  ASSERT_TRUE(by_ra.ok()) << by_ra.error << " / " << by_ra.status_text;
  EXPECT_TRUE(ca_.is_revoked(b.certificate->serial_hex()));
  EXPECT_FALSE(ca_.is_revoked(ra.certificate->serial_hex()));
  EXPECT_EQ(asked, (std::vector<std::string>{"b", "ra"}));
  Crl crl = ca_.crl(now_, kDay);
  ASSERT_EQ(crl.revoked().size(), 1u);
  EXPECT_EQ(crl.revoked()[0].serial_hex, b.certificate->serial_hex());
  EXPECT_EQ(crl.revoked()[0].reason, RevocationReason::key_compromise);
  EXPECT_EQ(server_.open_transactions(), 0u);
}

// The structural peek reads what OpenSSL's full decode reads, on every kind of message an
// exchange produces, and refuses what is not exactly one PKIMessage.
TEST_F(CmpTest, PeekReadsWhatInspectReadsOnRealExchanges) {
  std::vector<std::pair<Bytes, Bytes>> exchanged;  // request, response
  CmpClientConfig config = client_config();
  config.transport = [&](ByteView request) {
    Bytes response = server_.handle(request, now_);
    exchanged.emplace_back(Bytes(request.begin(), request.end()), response);
    return response;
  };
  server_.register_initial_credential("b", secret_of("b"), {});
  server_.authorise = [](const CmpRequestInfo& info) -> std::optional<std::string> {
    if (info.requested && info.requested->subject.common_name() == "evil") return "not on list";
    return std::nullopt;
  };
  CmpClient client(config);
  PrivateKey key = PrivateKey::generate();
  CmpResult issued =  // ir/ip, certConf/pkiConf
      client.enrol_ir("vnfci-1", secret_of("initial secret 1"), key,
                      DistinguishedName::parse("CN=a"), SubjectAltName{{"a"}, {}, {}}, now_);
  ASSERT_TRUE(issued.ok()) << issued.error << " / " << issued.status_text;
  CmpResult refused =  // ir/ip with a rejection
      client.enrol_ir("b", secret_of("b"), PrivateKey::generate(),
                      DistinguishedName::parse("CN=evil"), SubjectAltName{{"evil"}, {}, {}}, now_);
  EXPECT_FALSE(refused.ok());
  (void)client.enrol_ir("b", secret_of("wrong"), PrivateKey::generate(),  // ir/error
                        DistinguishedName::parse("CN=b"), SubjectAltName{{"b"}, {}, {}}, now_);
  CmpResult revoked =  // signed rr/rp
      client.revoke_rr(*issued.certificate, key, RevocationReason::superseded, now_);
  ASSERT_TRUE(revoked.ok()) << revoked.error << " / " << revoked.status_text;
  ASSERT_EQ(exchanged.size(), 5u);

  std::vector<Bytes> messages;
  for (const auto& [request, response] : exchanged) {
    messages.push_back(request);
    messages.push_back(response);
  }
  std::vector<int> bodies;
  for (const Bytes& der : messages) {
    const CmpMessageInfo inspected = inspect_cmp_message(der);
    const CmpMessageInfo peeked = peek_cmp_message(der);
    const auto name = cmp_body_name(inspected.body).value_or("?");
    EXPECT_EQ(peeked.body, inspected.body) << name;
    EXPECT_EQ(peeked.status, inspected.status) << name;
    EXPECT_EQ(peeked.fail_info, inspected.fail_info) << name;
    EXPECT_EQ(peeked.status_text, inspected.status_text) << name;
    EXPECT_EQ(peeked.transaction_id, inspected.transaction_id) << name;
    EXPECT_EQ(peeked.sender_kid, inspected.sender_kid) << name;
    EXPECT_EQ(peeked.protected_, inspected.protected_) << name;
    EXPECT_EQ(peeked.certificate, inspected.certificate) << name;
    bodies.push_back(peeked.body);
  }
  using B = CmpBody;
  const std::vector<int> expected_bodies{
      static_cast<int>(B::ir),      static_cast<int>(B::ip),    static_cast<int>(B::cert_conf),
      static_cast<int>(B::pkiconf), static_cast<int>(B::ir),    static_cast<int>(B::ip),
      static_cast<int>(B::ir),      static_cast<int>(B::error), static_cast<int>(B::rr),
      static_cast<int>(B::rp)};
  EXPECT_EQ(bodies, expected_bodies);

  // What the fields say, so that the equalities above are not between two empty readings.
  const CmpMessageInfo ir = peek_cmp_message(exchanged[0].first);
  const CmpMessageInfo ip = peek_cmp_message(exchanged[0].second);
  EXPECT_EQ(ir.sender_kid, secret_of("vnfci-1"));
  EXPECT_TRUE(ir.protected_);
  EXPECT_FALSE(ir.transaction_id.empty());
  EXPECT_EQ(ip.transaction_id, ir.transaction_id);
  EXPECT_EQ(ip.status, 0);  // accepted
  EXPECT_EQ(ip.fail_info, 0u);
  ASSERT_TRUE(ip.certificate.has_value());
  EXPECT_EQ(*ip.certificate, issued.certificate->der());
  EXPECT_EQ(peek_cmp_message(exchanged[1].second).transaction_id, ir.transaction_id);  // pkiConf
  const CmpMessageInfo rejection = peek_cmp_message(exchanged[2].second);
  EXPECT_EQ(rejection.status, OSSL_CMP_PKISTATUS_rejection);
  EXPECT_TRUE(rejection.has_failure(CmpFailure::not_authorized));
  EXPECT_NE(rejection.status_text.find("not on list"), std::string::npos) << rejection.status_text;
  EXPECT_FALSE(rejection.certificate.has_value());
  EXPECT_NE(rejection.transaction_id, ir.transaction_id);
  const CmpMessageInfo error = peek_cmp_message(exchanged[3].second);
  EXPECT_EQ(error.status, OSSL_CMP_PKISTATUS_rejection);
  EXPECT_TRUE(error.has_failure(CmpFailure::bad_message_check));
  EXPECT_EQ(peek_cmp_message(exchanged[4].second).status, 0);  // rp: revoked
  EXPECT_EQ(peek_cmp_message(exchanged[4].first).sender_kid,
            issued.certificate->subject_key_id());  // signed: the signer's key identifier

  // Not exactly one PKIMessage: both readers refuse.
  Bytes trailing = exchanged[0].second;
  trailing.push_back(0x00);
  Bytes truncated(exchanged[0].second.begin(), exchanged[0].second.end() - 1);
  for (const Bytes& bad : {Bytes{}, Bytes{0x30}, Bytes{0x30, 0x00}, Bytes(100, 0xff),
                           secret_of("not a CMP message"), trailing, truncated}) {
    EXPECT_THROW(peek_cmp_message(bad), DecodeError) << to_hex(bad);
    EXPECT_THROW(inspect_cmp_message(bad), DecodeError) << to_hex(bad);
  }
}

TEST_F(CmpTest, CertificateVerifiedOnlyWhenTheClientCheckedItAgainstTrustAnchors) {
  // With the CA as trust anchor (ir and signed cr): validated before certConf.
  PrivateKey key = PrivateKey::generate();
  CmpResult result = ir("vnfci-1", "initial secret 1", key);
  ASSERT_TRUE(result.ok()) << result.error << " / " << result.status_text;
  EXPECT_TRUE(result.certificate_verified);
  CmpClient client(client_config());
  PrivateKey cr_key = PrivateKey::generate();
  CmpResult cr =
      client.enrol_cr(*result.certificate, key, cr_key, DistinguishedName::parse("CN=cr"),
                      SubjectAltName{{"cr"}, {}, {}}, now_);
  ASSERT_TRUE(cr.ok()) << cr.error << " / " << cr.status_text;
  EXPECT_TRUE(cr.certificate_verified);
  // An rr gets no certificate, so none was verified.
  CmpResult rr = client.revoke_rr(*cr.certificate, cr_key, RevocationReason::superseded, now_);
  ASSERT_TRUE(rr.ok()) << rr.error << " / " << rr.status_text;
  EXPECT_FALSE(rr.certificate_verified);

  // Without trust anchors the PBM-protected exchange still succeeds (the MAC authenticates the
  // ip), but nothing checked the new certificate's path.
  server_.register_initial_credential("bare", secret_of("bare"));
  CmpClientConfig bare_config = client_config();
  bare_config.trust_anchors.clear();
  PrivateKey bare_key = PrivateKey::generate();
  CmpResult bare =
      CmpClient(bare_config)
          .enrol_ir("bare", secret_of("bare"), bare_key, DistinguishedName::parse("CN=bare"),
                    SubjectAltName{{"bare"}, {}, {}}, now_);
  ASSERT_TRUE(bare.ok()) << bare.error << " / " << bare.status_text;
  ASSERT_TRUE(bare.certificate.has_value());
  EXPECT_TRUE(bare.certificate->public_key().is_public_half_of(bare_key));
  EXPECT_FALSE(bare.certificate_verified);

  // A trust anchor the new certificate does not chain to (the CA's name, another key): the
  // client rejects the certificate in its certConf, and the server withdraws it.
  CertificateAuthority other =
      CertificateAuthority::create_root(DistinguishedName::parse("CN=Issuing CA,O=Op,C=FR"),
                                        PrivateKey::generate(), kT0, 3650 * kDay);
  server_.register_initial_credential("wrong", secret_of("wrong"));
  CmpClientConfig wrong_config = client_config();
  wrong_config.trust_anchors = {other.certificate()};
  const std::size_t revoked_before = ca_.crl(now_, kDay).revoked().size();
  CmpResult wrong =
      CmpClient(wrong_config)
          .enrol_ir("wrong", secret_of("wrong"), PrivateKey::generate(),
                    DistinguishedName::parse("CN=wrong"), SubjectAltName{{"wrong"}, {}, {}}, now_);
  EXPECT_FALSE(wrong.ok());
  EXPECT_FALSE(wrong.certificate_verified);
  EXPECT_EQ(ca_.issued_count(), 4u);  // ir, cr, bare, wrong
  EXPECT_EQ(ca_.crl(now_, kDay).revoked().size(), revoked_before + 1);
  EXPECT_EQ(server_.open_transactions(), 0u);
}

TEST_F(CmpTest, TamperedProtectionGetsErrorAndServerKeepsWorking) {
  CmpClientConfig config = client_config();
  Bytes response;
  config.transport = [&](ByteView request) {
    Bytes tampered(request.begin(), request.end());
    tampered.back() ^= 0x01;  // last byte of the PBM value (no extraCerts in a PBM ir)
    response = server_.handle(tampered, now_);
    return response;
  };
  CmpClient bad(config);
  CmpResult result =
      bad.enrol_ir("vnfci-1", secret_of("initial secret 1"), PrivateKey::generate(),
                   DistinguishedName::parse("CN=t"), SubjectAltName{{"t"}, {}, {}}, now_);
  EXPECT_FALSE(result.ok());
  CmpMessageInfo info = inspect_cmp_message(response);
  EXPECT_EQ(info.body, static_cast<int>(CmpBody::error));
  EXPECT_TRUE(info.has_failure(CmpFailure::bad_message_check));
  EXPECT_EQ(ca_.issued_count(), 0u);

  CmpResult good = ir("vnfci-1", "initial secret 1", PrivateKey::generate());
  EXPECT_TRUE(good.ok()) << good.error;
}

TEST_F(CmpTest, TamperedCertificateRequestBodyIsRejected) {
  CmpClientConfig config = client_config();
  Bytes response;
  config.transport = [&](ByteView request) {
    Bytes tampered(request.begin(), request.end());
    tampered[tampered.size() / 2] ^= 0x20;
    response = server_.handle(tampered, now_);
    return response;
  };
  CmpClient bad(config);
  CmpResult result =
      bad.enrol_ir("vnfci-1", secret_of("initial secret 1"), PrivateKey::generate(),
                   DistinguishedName::parse("CN=t"), SubjectAltName{{"t"}, {}, {}}, now_);
  EXPECT_FALSE(result.ok());
  EXPECT_TRUE(parses_as_cmp(response));
  EXPECT_EQ(inspect_cmp_message(response).body, static_cast<int>(CmpBody::error));
  EXPECT_EQ(ca_.issued_count(), 0u);
}

TEST_F(CmpTest, AbandonedTransactionExpiresAndItsCertificateIsWithdrawn) {
  CmpClientConfig config = client_config();
  int messages = 0;
  config.transport = [&](ByteView request) -> Bytes {
    if (++messages > 1) return {};  // the certConf never arrives
    return server_.handle(request, now_);
  };
  CmpClient client(config);
  CmpResult result =
      client.enrol_ir("vnfci-1", secret_of("initial secret 1"), PrivateKey::generate(),
                      DistinguishedName::parse("CN=t"), SubjectAltName{{"t"}, {}, {}}, now_);
  EXPECT_FALSE(result.ok());
  EXPECT_NE(result.error.find("transport"), std::string::npos) << result.error;
  EXPECT_EQ(ca_.issued_count(), 1u);
  EXPECT_EQ(server_.open_transactions(), 1u);
  EXPECT_EQ(server_.expire_transactions(Instant::from_seconds(now_.seconds() + 10), 60), 0u);
  EXPECT_EQ(server_.expire_transactions(Instant::from_seconds(now_.seconds() + 60), 60), 1u);
  EXPECT_EQ(server_.open_transactions(), 0u);
  EXPECT_EQ(ca_.crl(now_, kDay).revoked().size(), 1u);
}

TEST_F(CmpTest, CertConfForUnknownTransactionGetsError) {
  CmpClientConfig config = client_config();
  std::vector<Bytes> requests;
  config.transport = [&](ByteView request) {
    requests.emplace_back(request.begin(), request.end());
    return server_.handle(request, now_);
  };
  CmpClient client(config);
  ASSERT_TRUE(client
                  .enrol_ir("vnfci-1", secret_of("initial secret 1"), PrivateKey::generate(),
                            DistinguishedName::parse("CN=t"), SubjectAltName{{"t"}, {}, {}}, now_)
                  .ok());
  ASSERT_EQ(requests.size(), 2u);
  // The same certConf again within the retransmission window is answered with the same pkiConf
  // (tests/pki/cmp_retransmission_test.cpp); one for a transaction never opened is refused.
  Bytes stray = requests[1];
  CmpMessageInfo sent = inspect_cmp_message(stray);
  ASSERT_FALSE(sent.transaction_id.empty());
  const Bytes id = sent.transaction_id;
  auto at = std::search(stray.begin(), stray.end(), id.begin(), id.end());
  ASSERT_NE(at, stray.end());
  *at ^= 0xff;  // another transactionID
  CmpMessageInfo info = inspect_cmp_message(server_.handle(stray, now_));
  EXPECT_EQ(info.body, static_cast<int>(CmpBody::error));
  EXPECT_TRUE(info.has_failure(CmpFailure::bad_request));
  Bytes replay_ir = server_.handle(requests[0], now_);  // a replayed, ended transaction
  EXPECT_TRUE(inspect_cmp_message(replay_ir).has_failure(CmpFailure::transaction_id_in_use));
  EXPECT_EQ(ca_.issued_count(), 1u);
}

TEST_F(CmpTest, GarbageGetsBadDataFormat) {
  for (const Bytes& garbage : {Bytes{}, Bytes{0x30}, Bytes{0x30, 0x00}, Bytes(100, 0xff)}) {
    Bytes response = server_.handle(garbage, now_);
    ASSERT_TRUE(parses_as_cmp(response));
    EXPECT_TRUE(inspect_cmp_message(response).has_failure(CmpFailure::bad_data_format));
  }
}

TEST_F(CmpTest, TenThousandMutatedRequestsNeverCrashAndAlwaysGetCmpMessages) {
  server_.register_initial_credential("fuzz", secret_of("fuzz"),
                                      {false, std::nullopt, std::nullopt, std::nullopt});
  std::vector<Bytes> corpus;
  CmpClientConfig config = client_config();
  config.transport = [&](ByteView request) {
    corpus.emplace_back(request.begin(), request.end());
    return server_.handle(request, now_);
  };
  CmpClient client(config);
  PrivateKey key = PrivateKey::generate();
  CmpResult first =
      client.enrol_ir("fuzz", secret_of("fuzz"), key, DistinguishedName::parse("CN=f"),
                      SubjectAltName{{"f"}, {}, {}}, now_);
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(client.revoke_rr(*first.certificate, key, RevocationReason::unspecified, now_).ok());
  ASSERT_GE(corpus.size(), 3u);
  std::uint64_t issued = ca_.issued_count();

  std::mt19937 rng(4210);
  for (int i = 0; i < 10000; ++i) {
    Bytes sample = corpus[rng() % corpus.size()];
    switch (rng() % 4) {
      case 0:
        for (int flips = 1 + rng() % 4; flips > 0; --flips) {
          sample[rng() % sample.size()] ^= static_cast<std::uint8_t>(1 + rng() % 255);
        }
        break;
      case 1:
        sample.resize(rng() % sample.size());
        break;
      case 2:
        sample.insert(sample.begin() + rng() % sample.size(), rng() % 256);
        break;
      default:
        sample[rng() % sample.size()] = static_cast<std::uint8_t>(rng());
        break;
    }
    Bytes response = server_.handle(sample, now_);
    ASSERT_TRUE(parses_as_cmp(response)) << "sample " << i;
  }
  EXPECT_EQ(ca_.issued_count(), issued);
  server_.expire_transactions(Instant::from_seconds(now_.seconds() + kDay), 60);
  EXPECT_EQ(server_.open_transactions(), 0u);
  // Still serving.
  EXPECT_TRUE(ir("fuzz", "fuzz", PrivateKey::generate()).ok());
}

TEST(CmpFiberTest, IrDrivenThroughFiber) {
  CertificateAuthority ca = CertificateAuthority::create_root(
      DistinguishedName::parse("CN=Fiber CA"), PrivateKey::generate(), kT0, 3650 * kDay);
  CmpServer server(ca, CmpServerConfig{});
  server.register_initial_credential("ref", secret_of("secret"));
  Instant now = Instant::from_seconds(kT0.seconds() + 100);
  PrivateKey key = PrivateKey::generate();
  std::optional<CmpResult> result;

  Fiber fiber([&](Fiber& self) {
    CmpClientConfig config;
    config.trust_anchors = {ca.certificate()};
    config.transport = [&self](ByteView request) {
      return self.await_reply(Bytes(request.begin(), request.end()));
    };
    CmpClient client(config);
    result = client.enrol_ir("ref", secret_of("secret"), key, DistinguishedName::parse("CN=f"),
                             SubjectAltName{{"f.example.net"}, {}, {}}, now);
  });
  int exchanges = 0;
  fiber.resume();
  while (!fiber.finished()) {
    std::optional<Bytes> request = fiber.pending_request();
    ASSERT_TRUE(request.has_value());
    fiber.supply_reply(server.handle(*request, now));
    ++exchanges;
    fiber.resume();
  }
  EXPECT_EQ(exchanges, 2);  // ir/ip, certConf/pkiConf
  ASSERT_TRUE(result.has_value());
  ASSERT_TRUE(result->ok()) << result->error;
  TrustStore trust;
  trust.add_anchor(ca.certificate());
  EXPECT_TRUE(verify_certificate(*result->certificate, trust, now).ok());
  EXPECT_EQ(server.open_transactions(), 0u);
}

TEST(CmpFiberTest, AbandonedFiberUnwindsThroughFailedOperation) {
  bool body_returned = false;
  std::optional<CmpResult> result;
  {
    Fiber fiber([&](Fiber& self) {
      CmpClientConfig config;
      config.transport = [&self](ByteView request) {
        return self.await_reply(Bytes(request.begin(), request.end()));
      };
      CmpClient client(config);
      PrivateKey key = PrivateKey::generate();
      result = client.enrol_ir("r", secret_of("s"), key, DistinguishedName::parse("CN=a"),
                               SubjectAltName{{"a"}, {}, {}}, Instant::from_seconds(0));
      body_returned = true;
    });
    fiber.resume();
    EXPECT_TRUE(fiber.pending_request().has_value());
  }  // destroyed while awaiting a reply
  EXPECT_TRUE(body_returned);
  ASSERT_TRUE(result.has_value());
  EXPECT_FALSE(result->ok());
}

TEST(FiberTest, NeverResumedFiberDoesNotRunItsBody) {
  bool ran = false;
  {
    Fiber fiber([&](Fiber&) { ran = true; });
  }
  EXPECT_FALSE(ran);
}

TEST(FiberTest, ExceptionsPropagateFromResume) {
  Fiber fiber([](Fiber& self) {
    Bytes reply = self.await_reply({1, 2, 3});
    if (reply == Bytes{9}) throw std::runtime_error("boom");
  });
  fiber.resume();
  ASSERT_EQ(fiber.pending_request(), (Bytes{1, 2, 3}));
  fiber.supply_reply({9});
  EXPECT_THROW(fiber.resume(), std::runtime_error);
  EXPECT_TRUE(fiber.finished());
}

}  // namespace
}  // namespace ifa026::pki
