// Tests for the CA's direct-mode support (docs/direct-mode.md): RegisterEndEntityRequest by an RA
// (signed with the shared helper, authenticated by the CA: signature, RA status, revocation), the
// registered identity enrolling by ir with its initial credential (subject and dNSNames held to
// the registration, one use, lifetime), kur by the holder (refused when revoked or expired), and
// the general step mapping (F#N -> F#N+1, F#N+2; certConf answered at its transaction's step).
// Also the helper itself: signing, verification and the body reader.
#include "tests/actors/ca/ca_test_support.hpp"

namespace ifa026::actors {
namespace {

constexpr std::int64_t kEpochSeconds = 1893456000;  // 2030-01-01T00:00:00Z, the harness epoch

EndEntityRegistration sample_registration() {
  EndEntityRegistration r;
  r.identity = "vnf-1-fw-1/client";
  r.subject = kEntitySubject;
  r.dns = {kEntityDns};
  r.reference = kEntityReference;
  r.secret = bytes_of(kEntitySecret);
  r.one_use = true;
  return r;
}

// sample_registration() under its own reference "<kReference>#n".
EndEntityRegistration numbered(std::int64_t n) {
  EndEntityRegistration r = sample_registration();
  r.reference = kEntityReference + "#" + std::to_string(n);
  return r;
}

using CertificateOf = std::function<const pki::Certificate&()>;
using KeyOf = std::function<const pki::PrivateKey&()>;

// A RegisterEndEntityRequest built and signed when sent; `tamper` edits the signed body.
std::function<Envelope()> registration(CertificateOf cert, KeyOf key, EndEntityRegistration r,
                                       std::int64_t exchange,
                                       std::function<void(json&)> tamper = {}) {
  return [cert, key, r, exchange, tamper] {
    json body = messages::to_body(sign_registration(
        registration_request(r, static_cast<std::uint64_t>(exchange)), cert(), key()));
    if (tamper) tamper(body);
    return Envelope{operations::kRegisterEndEntityRequest, "C.2.1.1#2", body};
  };
}

std::function<Envelope()> registration_by_ra(Ra& ra, EndEntityRegistration r, std::int64_t exchange,
                                             std::function<void(json&)> tamper = {}) {
  return registration([&ra]() -> const pki::Certificate& { return *ra.result->certificate; },
                      [&ra]() -> const pki::PrivateKey& { return ra.key; }, std::move(r), exchange,
                      std::move(tamper));
}

// An ir protected by the initial credential; an empty `subject` asks for none.
JobBody ir_with(Ra& ra, Issued& out, std::string reference, std::string secret, std::string subject,
                std::vector<std::string> dns) {
  return [&ra, &out, reference, secret, subject, dns](const pki::CmpTransport& transport,
                                                      pki::Instant now) {
    auto client = ra.client(transport);
    const pki::DistinguishedName name =
        subject.empty() ? pki::DistinguishedName{} : pki::DistinguishedName::parse(subject);
    out.result = client.enrol_ir(reference, bytes_of(secret), out.key, name,
                                 pki::SubjectAltName{dns, {}, {}}, now);
  };
}

JobBody kur_of(Ra& ra, Issued& holder, Issued& out) {
  return [&ra, &holder, &out](const pki::CmpTransport& transport, pki::Instant now) {
    ASSERT_TRUE(holder.result && holder.result->certificate);
    auto client = ra.client(transport);
    out.result = client.renew_kur(*holder.result->certificate, holder.key, out.key, now);
  };
}

const Reply* reply_for(const Script& script, std::int64_t exchange) {
  for (const auto& reply : script.replies)
    if (reply.operation == operations::kRegisterEndEntityResponse && reply.exchange == exchange)
      return &reply;
  return nullptr;
}

// "status|reason" of the CA's answer to registration `exchange`, "none" without one.
std::string reply_status(const Script& script, std::int64_t exchange) {
  const Reply* reply = reply_for(script, exchange);
  return reply ? reply->body.value("status", "") + "|" + reply->body.value("reason", "")
               : std::string("none");
}

std::vector<sim::TraceRecord> registrations(const std::vector<sim::TraceRecord>& records) {
  return decisions(records, "RegisterEndEntity");
}

TEST(CaRegistration, RegisteredIdentityEnrolsOnceWithItsInitialCredentialAtTheFlowSteps) {
  Script script;
  Ra ra;
  Issued vnfci, again;
  script.jobs.push_back({Duration::milliseconds(1), "", ra.enrol()});
  script.envelopes.emplace_back(Duration::seconds(1),
                                registration_by_ra(ra, sample_registration(), 1000));
  script.jobs.push_back(
      {Duration::seconds(2), "C.2.1.1#5",
       ir_with(ra, vnfci, kEntityReference, kEntitySecret, kEntitySubject, {kEntityDns})});
  // The one-use credential a second time.
  script.jobs.push_back(
      {Duration::seconds(3), "C.2.1.1#5",
       ir_with(ra, again, kEntityReference, kEntitySecret, kEntitySubject, {kEntityDns})});
  auto result = run(script, base_params());

  const Reply* registered = reply_for(script, 1000);
  ASSERT_NE(registered, nullptr);
  EXPECT_EQ(registered->body.value("status", ""), "registered");
  EXPECT_EQ(registered->step, "C.2.1.1#2");
  EXPECT_EQ(registered->body.value("identity", ""), "vnf-1-fw-1/client");
  auto records = registrations(result.records);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].outcome, "registered");
  EXPECT_EQ(records[0].step, "C.2.1.1#2");
  EXPECT_EQ(records[0].peer, kDriver);
  EXPECT_EQ(detail(records[0], "identity"), "vnf-1-fw-1/client");
  EXPECT_EQ(detail(records[0], "reference"), kEntityReference);
  EXPECT_EQ(detail(records[0], "signer"), ra.result->certificate->serial_hex());

  ASSERT_TRUE(vnfci.result.has_value());
  ASSERT_TRUE(vnfci.result->ok()) << vnfci.result->error << " / " << vnfci.result->status_text;
  const pki::Certificate& cert = *vnfci.result->certificate;
  EXPECT_EQ(cert.subject().to_string(), kEntitySubject);
  EXPECT_EQ(cert.san().dns, std::vector<std::string>{kEntityDns});
  EXPECT_EQ(cert.public_key(), vnfci.key.public_key());
  EXPECT_TRUE(
      pki::verify_certificate(cert, ra.trust(), pki::Instant::from_seconds(kEpochSeconds + 3))
          .ok());

  ASSERT_TRUE(again.result.has_value());
  EXPECT_FALSE(again.result->ok());
  EXPECT_TRUE(again.result->has_failure(pki::CmpFailure::not_authorized))
      << again.result->status_text;
  EXPECT_NE(again.result->status_text.find("one-use"), std::string::npos)
      << again.result->status_text;

  // IssueCertificate at #6 naming the identity; ip and pkiConf at #7 (the certConf went at #5).
  auto issued = decisions(result.records, "IssueCertificate");
  ASSERT_EQ(issued.size(), 3u);
  EXPECT_EQ(issued[1].outcome, "ok");
  EXPECT_EQ(issued[1].step, "C.2.1.1#6");
  EXPECT_EQ(detail(issued[1], "identity"), "vnf-1-fw-1/client");
  EXPECT_EQ(detail(issued[1], "ra"), "");
  EXPECT_EQ(issued[2].outcome, "rejected");
  EXPECT_EQ(issued[2].step, "C.2.1.1#6");
  std::vector<std::pair<std::string, std::string>> answers;
  for (const auto& reply : script.replies)
    if (reply.time > Time::zero() + Duration::seconds(2))
      answers.emplace_back(reply.operation, reply.step);
  const std::vector<std::pair<std::string, std::string>> expected{
      {"ip", "C.2.1.1#7"}, {"pkiConf", "C.2.1.1#7"}, {"error", "C.2.1.1#7"}};
  EXPECT_EQ(answers, expected);
}

TEST(CaRegistration, TheTemplateMustAskForTheRegisteredIdentity) {
  Script script;
  Ra ra;
  Issued other_subject, other_dns, registered;
  script.jobs.push_back({Duration::milliseconds(1), "", ra.enrol()});
  script.envelopes.emplace_back(Duration::seconds(1),
                                registration_by_ra(ra, sample_registration(), 1));
  script.jobs.push_back({Duration::seconds(2), "",
                         ir_with(ra, other_subject, kEntityReference, kEntitySecret,
                                 "CN=admin.example.net,O=Operator", {kEntityDns})});
  script.jobs.push_back({Duration::seconds(3), "",
                         ir_with(ra, other_dns, kEntityReference, kEntitySecret, kEntitySubject,
                                 {kEntityDns, "admin.example.net"})});
  // The registered identity, after the refusals.
  script.jobs.push_back(
      {Duration::seconds(4), "",
       ir_with(ra, registered, kEntityReference, kEntitySecret, kEntitySubject, {kEntityDns})});
  auto result = run(script, base_params());

  ASSERT_TRUE(other_subject.result && other_dns.result && registered.result);
  EXPECT_FALSE(other_subject.result->ok());
  EXPECT_TRUE(other_subject.result->has_failure(pki::CmpFailure::not_authorized));
  EXPECT_NE(other_subject.result->status_text.find("registered"), std::string::npos)
      << other_subject.result->status_text;
  EXPECT_FALSE(other_dns.result->ok());
  EXPECT_TRUE(other_dns.result->has_failure(pki::CmpFailure::not_authorized));
  // Refusals do not spend the one-use credential.
  ASSERT_TRUE(registered.result->ok()) << registered.result->status_text;
  EXPECT_EQ(registered.result->certificate->subject().to_string(), kEntitySubject);
  auto issued = decisions(result.records, "IssueCertificate");
  ASSERT_EQ(issued.size(), 4u);
  EXPECT_EQ(issued[1].outcome, "rejected");
  EXPECT_NE(detail(issued[1], "reason").find("notAuthorized"), std::string::npos);
  EXPECT_EQ(issued[2].outcome, "rejected");
  EXPECT_EQ(issued[3].outcome, "ok");
}

TEST(CaRegistration, RegistrationsNotSignedByACurrentRaAreRejected) {
  Script script;
  Ra ra;
  Issued nfvo, with_tampered;
  pki::PrivateKey stranger_key = pki::PrivateKey::generate();
  const pki::Certificate stranger =
      pki::CertificateAuthority::create_root(
          pki::DistinguishedName::parse("CN=cmf.example.net"), stranger_key,
          pki::Instant::from_seconds(kEpochSeconds - 86400), 3650 * 86400)
          .certificate();
  script.jobs.push_back({Duration::milliseconds(1), "", ra.enrol()});
  script.jobs.push_back(
      {Duration::milliseconds(500), "", p10cr_by_ra(ra, nfvo, "nfvo.example.net")});
  // 1: a member changed after signing.
  script.envelopes.emplace_back(Duration::seconds(1),
                                registration_by_ra(ra, numbered(1), 1, [](json& body) {
                                  body["subject"] = "CN=admin.example.net,O=Operator";
                                }));
  // 2: signed by an ordinary certificate of this CA.
  script.envelopes.emplace_back(
      Duration::seconds(1) + Duration::milliseconds(10),
      registration([&]() -> const pki::Certificate& { return *nfvo.result->certificate; },
                   [&]() -> const pki::PrivateKey& { return nfvo.key; }, numbered(2), 2));
  // 3: a self-made certificate with the RA's name.
  script.envelopes.emplace_back(
      Duration::seconds(1) + Duration::milliseconds(20),
      registration([&]() -> const pki::Certificate& { return stranger; },
                   [&]() -> const pki::PrivateKey& { return stranger_key; }, numbered(3), 3));
  // 4: no signature at all; 5: the RA's certificate with another key's signature.
  script.envelopes.emplace_back(
      Duration::seconds(1) + Duration::milliseconds(30),
      registration_by_ra(ra, numbered(4), 4, [](json& body) { body.erase("signature"); }));
  script.envelopes.emplace_back(
      Duration::seconds(1) + Duration::milliseconds(40),
      registration([&]() -> const pki::Certificate& { return *ra.result->certificate; },
                   [&]() -> const pki::PrivateKey& { return stranger_key; }, numbered(5), 5));
  // The tampered registration's credential does not exist.
  script.jobs.push_back({Duration::seconds(2), "",
                         ir_with(ra, with_tampered, kEntityReference + "#1", kEntitySecret,
                                 kEntitySubject, {kEntityDns})});
  auto result = run(script, base_params());

  ASSERT_TRUE(nfvo.result && nfvo.result->ok());
  const std::vector<std::pair<std::int64_t, std::string>> expected{
      {1, "signature does not verify"},
      {2, "not a registration authority"},
      {3, "not a registration authority"},
      {4, "no signature"},
      {5, "signature does not verify"}};
  for (const auto& [exchange, reason] : expected) {
    const Reply* reply = reply_for(script, exchange);
    ASSERT_NE(reply, nullptr) << exchange;
    EXPECT_EQ(reply->body.value("status", ""), "rejected") << exchange;
    EXPECT_NE(reply->body.value("reason", "").find(reason), std::string::npos)
        << exchange << ": " << reply->body.value("reason", "");
  }
  auto records = registrations(result.records);
  ASSERT_EQ(records.size(), 5u);
  for (const auto& r : records) EXPECT_EQ(r.outcome, "rejected") << r.detail;
  ASSERT_TRUE(with_tampered.result.has_value());
  EXPECT_FALSE(with_tampered.result->ok());
  EXPECT_TRUE(with_tampered.result->has_failure(pki::CmpFailure::not_authorized));
}

TEST(CaRegistration, ABodyThatDoesNotDecodeIsRefusedAsMalformed) {
  Script script;
  Ra ra;
  script.jobs.push_back({Duration::milliseconds(1), "", ra.enrol()});
  // The secret as text: earlier versions took it; the struct takes a byte string only.
  script.envelopes.emplace_back(
      Duration::seconds(1), registration_by_ra(ra, sample_registration(), 7,
                                               [](json& body) { body["secret"] = "text secret"; }));
  auto result = run(script, base_params());

  const Reply* refusal = nullptr;
  for (const auto& reply : script.replies)
    if (reply.operation == operations::kRegisterEndEntityResponse) refusal = &reply;
  ASSERT_NE(refusal, nullptr);
  EXPECT_EQ(refusal->body.value("status", ""), "rejected");
  EXPECT_NE(refusal->body.value("reason", "").find("/secret"), std::string::npos)
      << refusal->body.dump();
  EXPECT_FALSE(refusal->exchange.has_value());  // it could not be read
  EXPECT_EQ(decisions(result.records, "MalformedMessage").size(), 1u);
  EXPECT_TRUE(registrations(result.records).empty());  // nothing registered, nothing decided
}

TEST(CaRegistration, RepeatsConflictsRaReferencesAndLifetimes) {
  Script script;
  Ra ra;
  Issued late;
  script.jobs.push_back({Duration::milliseconds(1), "", ra.enrol()});
  EndEntityRegistration short_lived = sample_registration();
  short_lived.expires = pki::Instant::from_seconds(kEpochSeconds + 2);
  short_lived.one_use = false;
  script.envelopes.emplace_back(Duration::seconds(1), registration_by_ra(ra, short_lived, 1));
  // The same request again: still registered, nothing changes.
  script.envelopes.emplace_back(Duration::seconds(1) + Duration::milliseconds(10),
                                registration_by_ra(ra, short_lived, 2));
  EndEntityRegistration conflicting = short_lived;
  conflicting.secret = bytes_of("another secret");
  script.envelopes.emplace_back(Duration::seconds(1) + Duration::milliseconds(20),
                                registration_by_ra(ra, conflicting, 3));
  EndEntityRegistration ra_reference = sample_registration();
  ra_reference.reference = kRaReference;
  script.envelopes.emplace_back(Duration::seconds(1) + Duration::milliseconds(30),
                                registration_by_ra(ra, ra_reference, 4));
  EndEntityRegistration past = sample_registration();
  past.reference = "past";
  past.expires = pki::Instant::from_seconds(kEpochSeconds);
  script.envelopes.emplace_back(Duration::seconds(1) + Duration::milliseconds(40),
                                registration_by_ra(ra, past, 5));
  EndEntityRegistration malformed = sample_registration();
  malformed.reference = "malformed";
  malformed.subject = "not a name";  // signed as it is: the CA reads it after the signature
  script.envelopes.emplace_back(Duration::seconds(1) + Duration::milliseconds(50),
                                registration_by_ra(ra, malformed, 6));
  script.jobs.push_back(
      {Duration::seconds(3), "",
       ir_with(ra, late, kEntityReference, kEntitySecret, kEntitySubject, {kEntityDns})});
  auto result = run(script, base_params());

  auto status = [&](std::int64_t exchange) { return reply_status(script, exchange); };
  EXPECT_EQ(status(1), "registered|");
  EXPECT_EQ(status(2), "registered|");
  EXPECT_EQ(status(3), "rejected|reference already registered for vnf-1-fw-1/client");
  EXPECT_EQ(status(4), "rejected|reference is an RA credential");
  EXPECT_EQ(status(5), "rejected|expires in the past");
  EXPECT_NE(status(6).find("rejected|subject"), std::string::npos) << status(6);
  auto records = registrations(result.records);
  ASSERT_EQ(records.size(), 6u);
  EXPECT_EQ(detail(records[0], "expires"), "2030-01-01T00:00:02Z");
  EXPECT_EQ(detail(records[0], "one_use"), "false");
  EXPECT_EQ(detail(records[1], "repeat"), "true");
  // Past its lifetime the credential is refused.
  ASSERT_TRUE(late.result.has_value());
  EXPECT_FALSE(late.result->ok());
  EXPECT_NE(late.result->status_text.find("expired"), std::string::npos)
      << late.result->status_text;
}

// Once the one-use credential is spent (certificate confirmed) the CA keeps only what tells a
// repeat from a conflict and refuses a replay: both still answered exactly as before.
TEST(CaRegistration, ASpentCredentialStillTellsRepeatsFromConflictsAndRefusesReplays) {
  Script script;
  Ra ra;
  Issued vnfci, replay;
  script.jobs.push_back({Duration::milliseconds(1), "", ra.enrol()});
  script.envelopes.emplace_back(Duration::seconds(1),
                                registration_by_ra(ra, sample_registration(), 1));
  script.jobs.push_back(
      {Duration::seconds(2), "C.2.1.1#5",
       ir_with(ra, vnfci, kEntityReference, kEntitySecret, kEntitySubject, {kEntityDns})});
  script.envelopes.emplace_back(Duration::seconds(3),
                                registration_by_ra(ra, sample_registration(), 2));
  EndEntityRegistration other_subject = sample_registration();
  other_subject.subject = "CN=other.vnf-1.example.net,O=Operator";
  script.envelopes.emplace_back(Duration::seconds(3) + Duration::milliseconds(10),
                                registration_by_ra(ra, other_subject, 3));
  EndEntityRegistration other_dns = sample_registration();
  other_dns.dns = {"other.vnf-1.example.net"};
  script.envelopes.emplace_back(Duration::seconds(3) + Duration::milliseconds(20),
                                registration_by_ra(ra, other_dns, 4));
  EndEntityRegistration reusable = sample_registration();
  reusable.one_use = false;
  script.envelopes.emplace_back(Duration::seconds(3) + Duration::milliseconds(30),
                                registration_by_ra(ra, reusable, 5));
  script.jobs.push_back(
      {Duration::seconds(4), "C.2.1.1#5",
       ir_with(ra, replay, kEntityReference, kEntitySecret, kEntitySubject, {kEntityDns})});
  auto result = run(script, base_params());

  ASSERT_TRUE(vnfci.result.has_value());
  ASSERT_TRUE(vnfci.result->ok()) << vnfci.result->error << " / " << vnfci.result->status_text;
  auto status = [&](std::int64_t exchange) { return reply_status(script, exchange); };
  EXPECT_EQ(status(1), "registered|");
  EXPECT_EQ(status(2), "registered|");
  EXPECT_EQ(status(3), "rejected|reference already registered for vnf-1-fw-1/client");
  EXPECT_EQ(status(4), "rejected|reference already registered for vnf-1-fw-1/client");
  EXPECT_EQ(status(5), "rejected|reference already registered for vnf-1-fw-1/client");
  auto records = registrations(result.records);
  ASSERT_EQ(records.size(), 5u);
  EXPECT_EQ(detail(records[1], "repeat"), "true");
  EXPECT_EQ(detail(records[1], "subject"), kEntitySubject);

  ASSERT_TRUE(replay.result.has_value());
  EXPECT_FALSE(replay.result->ok());
  EXPECT_TRUE(replay.result->has_failure(pki::CmpFailure::not_authorized))
      << replay.result->status_text;
  auto issued = decisions(result.records, "IssueCertificate");
  ASSERT_FALSE(issued.empty());
  EXPECT_EQ(issued.back().outcome, "rejected");
  EXPECT_EQ(detail(issued.back(), "reason"),
            "notAuthorized: one-use initial credential already used");
}

TEST(CaRegistration, KurBySelfRenewsButNotWithARevokedOrExpiredCertificate) {
  Script script;
  Ra ra;
  Issued first, renewed, second, after_revocation, third, after_expiry;
  std::optional<pki::CmpResult> revoked;
  script.jobs.push_back({Duration::milliseconds(1), "", ra.enrol()});
  script.envelopes.emplace_back(Duration::seconds(1), registration_by_ra(ra, numbered(1), 1));
  script.envelopes.emplace_back(Duration::seconds(1), registration_by_ra(ra, numbered(2), 2));
  script.envelopes.emplace_back(Duration::seconds(1), registration_by_ra(ra, numbered(3), 3));
  script.jobs.push_back(
      {Duration::seconds(2), "",
       ir_with(ra, first, kEntityReference + "#1", kEntitySecret, kEntitySubject, {kEntityDns})});
  script.jobs.push_back(
      {Duration::seconds(2), "",
       ir_with(ra, second, kEntityReference + "#2", kEntitySecret, kEntitySubject, {kEntityDns})});
  script.jobs.push_back(
      {Duration::seconds(2), "",
       ir_with(ra, third, kEntityReference + "#3", kEntitySecret, kEntitySubject, {kEntityDns})});
  script.jobs.push_back({Duration::seconds(3), "C.2.1.4#3", kur_of(ra, first, renewed)});
  // The RA revokes the second one, whose holder then tries to renew it.
  script.jobs.push_back(
      {Duration::seconds(4), "", [&](const pki::CmpTransport& transport, pki::Instant now) {
         auto client = ra.client(transport);
         revoked = client.revoke_rr_for(*second.result->certificate, *ra.result->certificate,
                                        ra.key, pki::RevocationReason::superseded, now);
       }});
  script.jobs.push_back({Duration::seconds(5), "C.2.1.4#3", kur_of(ra, second, after_revocation)});
  // The third one renews after its one-hour validity.
  script.jobs.push_back({Duration::hours(2), "C.2.1.4#3", kur_of(ra, third, after_expiry)});
  json params = base_params();
  params["validity"] = "1h";
  auto result = run(script, params, Duration::hours(2) + Duration::minutes(1));

  ASSERT_TRUE(renewed.result.has_value());
  ASSERT_TRUE(renewed.result->ok())
      << renewed.result->error << " / " << renewed.result->status_text;
  const pki::Certificate& cert = *renewed.result->certificate;
  EXPECT_EQ(cert.subject().to_string(), kEntitySubject);
  EXPECT_EQ(cert.san().dns, std::vector<std::string>{kEntityDns});
  EXPECT_EQ(cert.public_key(), renewed.key.public_key());
  EXPECT_NE(cert.serial_hex(), first.result->certificate->serial_hex());

  ASSERT_TRUE(revoked && revoked->ok()) << (revoked ? revoked->status_text : "");
  ASSERT_TRUE(after_revocation.result.has_value());
  EXPECT_FALSE(after_revocation.result->ok());
  EXPECT_TRUE(after_revocation.result->has_failure(pki::CmpFailure::cert_revoked))
      << after_revocation.result->status_text;
  ASSERT_TRUE(after_expiry.result.has_value());
  EXPECT_FALSE(after_expiry.result->ok());
  EXPECT_NE(after_expiry.result->status_text.find("expired"), std::string::npos)
      << after_expiry.result->status_text;

  // The kur's steps: IssueCertificate at C.2.1.4#4, kup and pkiConf at #5.
  std::vector<std::string> kur_steps;
  for (const auto& r : decisions(result.records, "IssueCertificate"))
    if (detail(r, "request") == "kur") kur_steps.push_back(r.step + " " + r.outcome);
  EXPECT_EQ(kur_steps,
            (std::vector<std::string>{"C.2.1.4#4 ok", "C.2.1.4#4 rejected", "C.2.1.4#4 rejected"}));
  std::vector<std::string> answers;
  for (const auto& reply : script.replies)
    if (reply.step.rfind("C.2.1.4", 0) == 0) answers.push_back(reply.operation + " " + reply.step);
  ASSERT_GE(answers.size(), 2u);
  EXPECT_EQ(answers[0], "kup C.2.1.4#5");
  EXPECT_EQ(answers[1], "pkiConf C.2.1.4#5");
}

TEST(CaRegistration, ARevokedRaMayNoLongerRegister) {
  Script script;
  Ra ra;
  std::optional<pki::CmpResult> revoked;
  script.jobs.push_back({Duration::milliseconds(1), "", ra.enrol()});
  script.jobs.push_back(
      {Duration::seconds(1), "", [&](const pki::CmpTransport& transport, pki::Instant now) {
         auto client = ra.client(transport);
         revoked = client.revoke_rr(*ra.result->certificate, ra.key,
                                    pki::RevocationReason::key_compromise, now);
       }});
  script.envelopes.emplace_back(Duration::seconds(2),
                                registration_by_ra(ra, sample_registration(), 7));
  run(script, base_params());
  ASSERT_TRUE(revoked && revoked->ok()) << (revoked ? revoked->status_text : "");
  const Reply* reply = reply_for(script, 7);
  ASSERT_NE(reply, nullptr);
  EXPECT_EQ(reply->body.value("status", ""), "rejected");
  EXPECT_EQ(reply->body.value("reason", ""), "signer certificate revoked");
}

// The CA remembers the RA certificate whose path it verified, but not past that certificate's
// validity: a registration signed with it after its notAfter is refused as expired.
TEST(CaRegistration, AnRaWhoseCertificateExpiredMayNoLongerRegister) {
  Script script;
  Ra ra;
  script.jobs.push_back({Duration::milliseconds(1), "", ra.enrol()});
  // Valid RA certificate (one hour, as every certificate this CA issues here): accepted, twice.
  script.envelopes.emplace_back(Duration::seconds(1), registration_by_ra(ra, numbered(1), 1));
  script.envelopes.emplace_back(Duration::minutes(30), registration_by_ra(ra, numbered(2), 2));
  // The same RA certificate after its notAfter.
  script.envelopes.emplace_back(Duration::hours(1) + Duration::seconds(1),
                                registration_by_ra(ra, numbered(3), 3));
  script.envelopes.emplace_back(Duration::hours(2), registration_by_ra(ra, numbered(4), 4));
  json params = base_params();
  params["validity"] = "1h";
  auto result = run(script, params, Duration::hours(2) + Duration::minutes(1));

  ASSERT_TRUE(ra.result && ra.result->ok()) << (ra.result ? ra.result->status_text : "");
  const pki::Certificate& ra_cert = *ra.result->certificate;
  ASSERT_EQ(ra_cert.not_after().seconds(), kEpochSeconds + 3600);
  auto status = [&](std::int64_t exchange) { return reply_status(script, exchange); };
  EXPECT_EQ(status(1), "registered|");
  EXPECT_EQ(status(2), "registered|");
  EXPECT_EQ(status(3), "rejected|signer certificate: expired");
  EXPECT_EQ(status(4), "rejected|signer certificate: expired");
  auto records = registrations(result.records);
  ASSERT_EQ(records.size(), 4u);
  EXPECT_EQ(records[0].outcome, "registered");
  EXPECT_EQ(records[2].outcome, "rejected");
  EXPECT_EQ(detail(records[2], "signer"), ra_cert.serial_hex());
}

// At the RA certificate's notAfter instant itself the path check says expired (OpenSSL: a
// certificate is valid strictly before its notAfter); a registration decided then must be refused
// whether or not the CA verified that certificate before (CaActor's VerifiedSigner covers
// `at < until_`; with `<=` the remembered signer was accepted at that instant).
TEST(CaRegistration, AtTheRaCertificatesNotAfterTheRememberedSignerIsExpiredToo) {
  for (const bool verified_before : {false, true}) {
    Script script;
    Ra ra;
    script.jobs.push_back({Duration::milliseconds(1), "", ra.enrol()});
    if (verified_before)
      script.envelopes.emplace_back(Duration::seconds(1), registration_by_ra(ra, numbered(1), 1));
    // Decided at exactly 1 h (1 ms on the link, 1 ms in the CA); no CRL publication then.
    script.envelopes.emplace_back(Duration::hours(1) - Duration::milliseconds(2),
                                  registration_by_ra(ra, numbered(2), 2));
    json params = base_params();
    params["validity"] = "1h";
    params["crl_interval"] = "7h";
    auto result = run(script, params, Duration::hours(1) + Duration::minutes(1));

    ASSERT_TRUE(ra.result && ra.result->ok());
    ASSERT_EQ(ra.result->certificate->not_after().seconds(), kEpochSeconds + 3600);
    auto records = registrations(result.records);
    ASSERT_FALSE(records.empty());
    ASSERT_EQ(records.back().time, Time::zero() + Duration::hours(1))
        << "the harness no longer decides the registration at the notAfter instant";
    const Reply* reply = reply_for(script, 2);
    ASSERT_NE(reply, nullptr);
    EXPECT_EQ(reply->body.value("status", "") + "|" + reply->body.value("reason", ""),
              "rejected|signer certificate: expired")
        << "verified before: " << verified_before;
  }
}

TEST(EndEntityRegistration, SignedRequestsVerifyAndAnyChangeIsNoticed) {
  const pki::PrivateKey ra_key = pki::PrivateKey::generate();
  auto ca = pki::CertificateAuthority::create_root(
      pki::DistinguishedName::parse("CN=RA,O=Operator"), ra_key,
      pki::Instant::from_seconds(kEpochSeconds), 86400);
  const messages::RegisterEndEntityRequest signed_request =
      sign_registration(registration_request(sample_registration(), 42), ca.certificate(), ra_key);
  std::optional<pki::Certificate> signer;
  EXPECT_EQ(verify_registration(signed_request, &signer), std::nullopt);
  ASSERT_TRUE(signer.has_value());
  EXPECT_EQ(*signer, ca.certificate());

  // Through an envelope's CBOR round trip, as the CA receives it.
  auto decoded = decode_envelope(encode_envelope(messages::to_envelope(signed_request)));
  ASSERT_TRUE(decoded.has_value());
  auto received = messages::from_envelope<messages::RegisterEndEntityRequest>(*decoded);
  ASSERT_TRUE(received);
  EXPECT_EQ(verify_registration(received.value()), std::nullopt);

  // Every member is covered by the signature.
  std::vector<std::pair<const char*, std::function<void(messages::RegisterEndEntityRequest&)>>>
      changes{{"identity", [](auto& r) { r.identity = "changed"; }},
              {"exchange", [](auto& r) { r.exchange = 43; }},
              {"one_use", [](auto& r) { r.one_use = false; }},
              {"secret", [](auto& r) { r.secret = bytes_of("changed"); }},
              {"dns", [](auto& r) { r.dns.push_back("extra.example.net"); }},
              {"expires", [](auto& r) { r.expires = 1; }}};
  for (const auto& [member, change] : changes) {
    messages::RegisterEndEntityRequest changed = signed_request;
    change(changed);
    EXPECT_EQ(verify_registration(changed), std::optional<std::string>("signature does not verify"))
        << member;
  }
  messages::RegisterEndEntityRequest garbage_signer = signed_request;
  garbage_signer.signer = bytes_of("not a certificate");
  EXPECT_NE(verify_registration(garbage_signer).value_or("").find("malformed signer"),
            std::string::npos);
  messages::RegisterEndEntityRequest unsigned_request = signed_request;
  unsigned_request.signature.reset();
  EXPECT_EQ(verify_registration(unsigned_request), std::optional<std::string>("no signature"));
  unsigned_request.signer.reset();
  EXPECT_EQ(verify_registration(unsigned_request),
            std::optional<std::string>("no signer certificate"));

  auto parsed = parse_registration(received.value());
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->identity, "vnf-1-fw-1/client");
  EXPECT_EQ(parsed->secret, bytes_of(kEntitySecret));
  EXPECT_TRUE(parsed->one_use);
  EXPECT_FALSE(parsed->expires.has_value());
  std::string why;
  messages::RegisterEndEntityRequest empty_dns = signed_request;
  empty_dns.dns.push_back("");
  EXPECT_FALSE(parse_registration(empty_dns, &why).has_value());
  EXPECT_EQ(why, "dns holds an empty entry");
  messages::RegisterEndEntityRequest no_secret = signed_request;
  no_secret.secret.clear();
  EXPECT_FALSE(parse_registration(no_secret, &why).has_value());
  EXPECT_EQ(why, "no secret");

  // The lenient text forms of earlier versions (secret as text, expires as RFC 3339) no longer
  // decode: such a body is a malformed message.
  json text = messages::to_body(signed_request);
  text["secret"] = "text secret";
  EXPECT_FALSE(messages::from_body<messages::RegisterEndEntityRequest>(text));
}

}  // namespace
}  // namespace ifa026::actors
