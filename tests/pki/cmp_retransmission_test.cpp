// Tests for CMP over a lossy network in pki::CmpServer (docs/cmp-reliability.md): a
// retransmitted request gets the answer sent before and issues nothing; a certConf retransmitted
// after its pkiConf was lost gets the pkiConf again within the retransmission window and is a
// replay after it; a certificate whose certConf never comes is revoked after confirm_wait and its
// one-use credential is usable again; a credential is spent at confirmation, not at issuance; a
// new transaction under a reserved credential supersedes the open one.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "pki/cmp_client.hpp"
#include "pki/cmp_server.hpp"
#include "tests/pki/pki_test_support.hpp"

namespace ifa026::pki {
namespace {

Bytes secret_of(const std::string& s) {
  return Bytes(s.begin(), s.end());
}

CmpServerConfig server_config(bool implicit_confirm = false) {
  CmpServerConfig config;
  config.grant_implicit_confirm = implicit_confirm;
  config.confirm_wait_seconds = 300;
  config.retransmission_window_seconds = 120;
  return config;
}

class CmpRetransmissionTest : public ::testing::Test {
 protected:
  explicit CmpRetransmissionTest(bool implicit_confirm = false)
      : ca_(CertificateAuthority::create_root(DistinguishedName::parse("CN=Issuing CA,O=Op,C=FR"),
                                              PrivateKey::generate(), kT0, 3650 * kDay)),
        server_(ca_, server_config(implicit_confirm)) {
    server_.register_initial_credential("vnfci-1", secret_of("initial secret 1"));
    server_.on_withdrawn = [this](const CmpWithdrawal& w) { withdrawn_.push_back(w); };
    server_.on_credential_spent = [this](const std::string& reference, Instant) {
      spent_.push_back(reference);
    };
  }

  // An ir for vnfci-1 whose transport is `transport` (the server behind a lossy network).
  CmpResult ir(const CmpTransport& transport, bool implicit_confirm = false) {
    CmpClientConfig config;
    config.transport = transport;
    config.trust_anchors = {ca_.certificate()};
    config.implicit_confirm = implicit_confirm;
    CmpClient client(config);
    return client.enrol_ir("vnfci-1", secret_of("initial secret 1"), PrivateKey::generate(),
                           DistinguishedName::parse("CN=vnfci-1.example.net,O=Op,C=FR"),
                           SubjectAltName{{"vnfci-1.example.net"}, {}, {}}, now_);
  }
  // A transport that records every request and hands it to the server at now_.
  CmpTransport recording() {
    return [this](ByteView request) {
      requests_.emplace_back(request.begin(), request.end());
      return server_.handle(request, now_);
    };
  }
  Instant at(std::int64_t seconds_after) const {
    return Instant::from_seconds(now_.seconds() + seconds_after);
  }
  std::size_t revoked() { return ca_.crl(at(kDay), kDay).revoked().size(); }

  CertificateAuthority ca_;
  CmpServer server_;
  Instant now_ = Instant::from_seconds(kT0.seconds() + kDay);
  std::vector<Bytes> requests_;
  std::vector<CmpWithdrawal> withdrawn_;
  std::vector<std::string> spent_;
};

TEST_F(CmpRetransmissionTest, ARetransmittedIrGetsTheSameIpAndIssuesOnce) {
  Bytes first_answer;
  int messages = 0;
  const CmpResult result = ir([&](ByteView request) {
    Bytes answer = server_.handle(request, now_);
    if (++messages == 1) {
      // The ip is lost; the client sends the same ir again (same transactionID and nonces).
      first_answer = answer;
      EXPECT_FALSE(server_.last_was_retransmission());
      answer = server_.handle(request, at(5));
      EXPECT_TRUE(server_.last_was_retransmission());
      EXPECT_EQ(answer, first_answer);
    }
    return answer;
  });
  ASSERT_TRUE(result.ok()) << result.error << " / " << result.status_text;
  EXPECT_EQ(ca_.issued_count(), 1u);
  EXPECT_EQ(revoked(), 0u);
  EXPECT_EQ(server_.open_transactions(), 0u);
  EXPECT_EQ(spent_, std::vector<std::string>{"vnfci-1"});
  EXPECT_TRUE(withdrawn_.empty());
}

TEST_F(CmpRetransmissionTest, ADifferentRequestWithTheTransactionIdOfAnOpenOneIsRefused) {
  // The certConf never arrives: the transaction stays open.
  int messages = 0;
  (void)ir([&](ByteView request) -> Bytes {
    requests_.emplace_back(request.begin(), request.end());
    return ++messages == 1 ? server_.handle(request, now_) : Bytes{};
  });
  ASSERT_EQ(server_.open_transactions(), 1u);
  Bytes altered = requests_.at(0);
  altered.back() ^= 0x01;  // the protection's last bit: same header, other bytes
  const CmpMessageInfo info = inspect_cmp_message(server_.handle(altered, at(1)));
  EXPECT_TRUE(info.has_failure(CmpFailure::transaction_id_in_use)) << info.status_text;
  EXPECT_NE(info.status_text.find("open transaction"), std::string::npos) << info.status_text;
  EXPECT_FALSE(server_.last_was_retransmission());
  // Nothing changed: the open transaction still answers the real ir with its ip.
  EXPECT_EQ(server_.open_transactions(), 1u);
  EXPECT_EQ(inspect_cmp_message(server_.handle(requests_.at(0), at(2))).body,
            static_cast<int>(CmpBody::ip));
  EXPECT_EQ(ca_.issued_count(), 1u);
}

TEST_F(CmpRetransmissionTest, ALostPkiConfIsAnsweredAgainWithinTheWindowThenTheCertConfIsAReplay) {
  Bytes pki_conf;
  int messages = 0;
  const CmpResult result = ir([&](ByteView request) {
    requests_.emplace_back(request.begin(), request.end());
    Bytes answer = server_.handle(request, now_);
    if (++messages == 2) {
      // The pkiConf is lost: the transaction has ended; the certConf comes again 10 s later.
      pki_conf = answer;
      EXPECT_EQ(server_.open_transactions(), 0u);
      answer = server_.handle(request, at(10));
      EXPECT_TRUE(server_.last_was_retransmission());
      EXPECT_EQ(answer, pki_conf);
    }
    return answer;
  });
  ASSERT_TRUE(result.ok()) << result.error << " / " << result.status_text;
  ASSERT_EQ(requests_.size(), 2u);
  EXPECT_EQ(inspect_cmp_message(pki_conf).body, static_cast<int>(CmpBody::pkiconf));

  // Past the 120 s window the same certConf is a replay, and the refusal says so.
  const CmpMessageInfo late = inspect_cmp_message(server_.handle(requests_[1], at(121)));
  EXPECT_EQ(late.body, static_cast<int>(CmpBody::error));
  EXPECT_NE(late.status_text.find("replayed request"), std::string::npos) << late.status_text;
  EXPECT_FALSE(server_.last_was_retransmission());
  // So is the ir, at any time (it is not the transaction's last message).
  const CmpMessageInfo replayed_ir = inspect_cmp_message(server_.handle(requests_[0], at(11)));
  EXPECT_TRUE(replayed_ir.has_failure(CmpFailure::transaction_id_in_use));
  EXPECT_NE(replayed_ir.status_text.find("replayed or reused transactionID"), std::string::npos)
      << replayed_ir.status_text;
  // expire_transactions forgets the answer too (not only the lookup's clock).
  server_.expire_transactions(at(200));
  EXPECT_EQ(inspect_cmp_message(server_.handle(requests_[1], at(15))).body,
            static_cast<int>(CmpBody::error));
  EXPECT_EQ(ca_.issued_count(), 1u);
  EXPECT_EQ(revoked(), 0u);
}

TEST_F(CmpRetransmissionTest, AnUnconfirmedCertificateIsRevokedAfterTheWaitAndTheCredentialFreed) {
  int messages = 0;
  const CmpResult lost = ir([&](ByteView request) -> Bytes {
    // The certConf (and every retransmission of it) is lost.
    return ++messages == 1 ? server_.handle(request, now_) : Bytes{};
  });
  EXPECT_FALSE(lost.ok());
  ASSERT_EQ(ca_.issued_count(), 1u);
  // Issued but not confirmed: the credential is reserved, not spent.
  EXPECT_TRUE(spent_.empty());
  EXPECT_TRUE(server_.credential_usable("vnfci-1", at(1)));
  EXPECT_EQ(server_.expire_transactions(at(299)), 0u);
  EXPECT_EQ(revoked(), 0u);
  EXPECT_EQ(server_.expire_transactions(at(300)), 1u);
  const auto entries = ca_.crl(at(kDay), kDay).revoked();
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].reason, RevocationReason::cessation_of_operation);
  EXPECT_EQ(entries[0].revoked_at.seconds(), at(300).seconds());
  ASSERT_EQ(withdrawn_.size(), 1u);
  EXPECT_EQ(withdrawn_[0].reason, CmpWithdrawalReason::not_confirmed);
  EXPECT_EQ(withdrawn_[0].certificate.serial_hex(), entries[0].serial_hex);
  EXPECT_EQ(withdrawn_[0].reference, std::optional<std::string>("vnfci-1"));

  // The one-use credential works again, and is spent once that certificate is confirmed.
  now_ = at(400);
  const CmpResult again = ir(recording());
  ASSERT_TRUE(again.ok()) << again.status_text;
  EXPECT_EQ(ca_.issued_count(), 2u);
  EXPECT_EQ(spent_, std::vector<std::string>{"vnfci-1"});
  EXPECT_FALSE(server_.credential_usable("vnfci-1", now_));
  EXPECT_FALSE(ir(recording()).ok());  // spent
  EXPECT_EQ(ca_.issued_count(), 2u);
}

// A CA re-keyed after a key compromise (CmpServer::rekey; docs/robustness.md): the open
// transaction ends with its certificate withdrawn by the old CA (reason ca_rekeyed) and the
// credential it reserved usable again; the next ir is answered and issued by the new CA.
TEST_F(CmpRetransmissionTest, RekeyEndsOpenTransactionsAndTheNewCaIssues) {
  int messages = 0;
  const CmpResult lost = ir([&](ByteView request) -> Bytes {
    return ++messages == 1 ? server_.handle(request, now_) : Bytes{};  // the certConf is lost
  });
  EXPECT_FALSE(lost.ok());
  ASSERT_EQ(server_.open_transactions(), 1u);
  CertificateAuthority next =
      CertificateAuthority::create_root(DistinguishedName::parse("CN=Issuing CA G2,O=Op,C=FR"),
                                        PrivateKey::generate(), kT0, 3650 * kDay);
  EXPECT_EQ(server_.rekey(next, at(10)), 1u);
  EXPECT_EQ(server_.open_transactions(), 0u);
  ASSERT_EQ(withdrawn_.size(), 1u);
  EXPECT_EQ(withdrawn_[0].reason, CmpWithdrawalReason::ca_rekeyed);
  EXPECT_TRUE(ca_.is_revoked(withdrawn_[0].certificate.serial_hex()));
  EXPECT_TRUE(server_.credential_usable("vnfci-1", at(10)));

  now_ = at(20);
  CmpClientConfig config;
  config.transport = recording();
  config.trust_anchors = {next.certificate()};
  CmpClient client(config);
  const CmpResult again =
      client.enrol_ir("vnfci-1", secret_of("initial secret 1"), PrivateKey::generate(),
                      DistinguishedName::parse("CN=vnfci-1.example.net,O=Op,C=FR"),
                      SubjectAltName{{"vnfci-1.example.net"}, {}, {}}, now_);
  ASSERT_TRUE(again.ok()) << again.status_text;
  ASSERT_TRUE(again.certificate.has_value());
  EXPECT_EQ(again.certificate->issuer(), next.certificate().subject());
  EXPECT_EQ(next.issued_count(), 1u);
  EXPECT_EQ(ca_.issued_count(), 1u);
  EXPECT_EQ(spent_, std::vector<std::string>{"vnfci-1"});
  // Back to the fixture's CA, which outlives the server (`next` does not).
  server_.rekey(ca_, now_);
}

TEST_F(CmpRetransmissionTest, ANewTransactionUnderAReservedCredentialSupersedesTheOpenOne) {
  int messages = 0;
  const CmpResult abandoned = ir([&](ByteView request) -> Bytes {
    return ++messages == 1 ? server_.handle(request, now_) : Bytes{};
  });
  EXPECT_FALSE(abandoned.ok());
  ASSERT_EQ(server_.open_transactions(), 1u);
  // The owner retries the whole enrolment (a new transactionID) before confirm_wait.
  now_ = at(30);
  const CmpResult fresh = ir(recording());
  ASSERT_TRUE(fresh.ok()) << fresh.status_text;
  EXPECT_EQ(ca_.issued_count(), 2u);
  EXPECT_EQ(server_.open_transactions(), 0u);
  ASSERT_EQ(withdrawn_.size(), 1u);
  EXPECT_EQ(withdrawn_[0].reason, CmpWithdrawalReason::superseded);
  EXPECT_NE(withdrawn_[0].certificate.serial_hex(), fresh.certificate->serial_hex());
  EXPECT_TRUE(ca_.is_revoked(withdrawn_[0].certificate.serial_hex()));
  EXPECT_FALSE(ca_.is_revoked(fresh.certificate->serial_hex()));
  EXPECT_FALSE(server_.credential_usable("vnfci-1", now_));
}

TEST_F(CmpRetransmissionTest, AWrongSecretCannotSupersedeOrBurnAReservation) {
  int messages = 0;
  (void)ir([&](ByteView request) -> Bytes {
    return ++messages == 1 ? server_.handle(request, now_) : Bytes{};
  });
  ASSERT_EQ(server_.open_transactions(), 1u);
  CmpClientConfig config;
  config.transport = [this](ByteView request) { return server_.handle(request, now_); };
  config.trust_anchors = {ca_.certificate()};
  CmpClient intruder(config);
  EXPECT_FALSE(intruder
                   .enrol_ir("vnfci-1", secret_of("guessed"), PrivateKey::generate(),
                             DistinguishedName::parse("CN=x"), SubjectAltName{{"x"}, {}, {}}, now_)
                   .ok());
  EXPECT_EQ(server_.open_transactions(), 1u);
  EXPECT_TRUE(withdrawn_.empty());
  EXPECT_EQ(revoked(), 0u);
}

class CmpImplicitConfirmRetransmissionTest : public CmpRetransmissionTest {
 protected:
  CmpImplicitConfirmRetransmissionTest() : CmpRetransmissionTest(true) {}
};

TEST_F(CmpImplicitConfirmRetransmissionTest, ALostIpUnderImplicitConfirmIsSentAgainAndSpendsOnce) {
  int messages = 0;
  const CmpResult result = ir(
      [&](ByteView request) {
        Bytes answer = server_.handle(request, now_);
        if (++messages == 1) {
          EXPECT_EQ(server_.open_transactions(), 0u);  // implicitly confirmed: ended
          EXPECT_EQ(spent_, std::vector<std::string>{"vnfci-1"});
          Bytes again = server_.handle(request, at(20));
          EXPECT_TRUE(server_.last_was_retransmission());
          EXPECT_EQ(again, answer);
          answer = again;
        }
        return answer;
      },
      true);
  ASSERT_TRUE(result.ok()) << result.status_text;
  EXPECT_EQ(messages, 1);  // no certConf
  EXPECT_EQ(ca_.issued_count(), 1u);
  EXPECT_EQ(spent_, std::vector<std::string>{"vnfci-1"});
  EXPECT_EQ(server_.expire_transactions(at(1000)), 0u);
  EXPECT_EQ(revoked(), 0u);
}

}  // namespace
}  // namespace ifa026::pki
