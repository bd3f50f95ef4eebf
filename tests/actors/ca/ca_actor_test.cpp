// Tests for the `ca` actor in a simulation: a scripted CMF-like driver runs real pki::CmpClient
// operations inside pki::Fibers, each CMP request travelling to the CA as a CA-1 envelope and the
// fiber resuming with the reply. Covers RA enrolment with the day-0 credential (chain to the
// root at simulated time), p10cr by the RA and its flow steps, the RA policy (non-RA signers are
// refused), rr for another entity and the CRL that follows, queueing under the processing time,
// malformed input, periodic CRLs and parameter checking.
#include "tests/actors/ca/ca_test_support.hpp"

namespace ifa026::actors {
namespace {

TEST(CaActor, RaEnrolsWithItsDay0CredentialAndItsCertificateChainsToTheRoot) {
  Script script;
  Ra ra;
  script.jobs.push_back({Duration::milliseconds(100), "", ra.enrol()});
  auto result = run(script, base_params());

  ASSERT_TRUE(ra.result.has_value());
  ASSERT_TRUE(ra.result->ok()) << ra.result->error << " / " << ra.result->status_text;
  ASSERT_TRUE(ra.root.has_value());
  EXPECT_EQ(ra.result->ca_pubs.size(), 1u);
  EXPECT_EQ(ra.root->subject(), ra.root->issuer());  // self-signed root
  EXPECT_EQ(ra.root->subject().to_string(), "CN=ca-1 Root CA,O=ifa026");
  EXPECT_TRUE(ra.root->is_ca());
  const pki::Certificate& cert = *ra.result->certificate;
  EXPECT_EQ(cert.issuer().to_string(), "CN=ca-1 Issuing CA,O=ifa026");
  EXPECT_EQ(cert.public_key(), ra.key.public_key());
  // Valid at simulated time (2030), from the CA's profile: 365 days.
  const pki::Instant at = pki::Instant::from_seconds(1893456000 + 60);
  EXPECT_TRUE(pki::verify_certificate(cert, ra.trust(), at).ok());
  EXPECT_EQ(cert.not_after().seconds() - cert.not_before().seconds(), 365 * 86400);
  // Not under another root.
  pki::TrustStore other;
  other.add_anchor(pki::CertificateAuthority::create_root(
                       pki::DistinguishedName::parse("CN=ca-1 Root CA,O=ifa026"),
                       pki::PrivateKey::generate(), pki::Instant::from_seconds(1893000000),
                       3650 * 86400)
                       .certificate());
  for (const auto& c : ra.chain) other.add_intermediate(c);
  EXPECT_FALSE(pki::verify_certificate(cert, other, at).ok());

  // ir/ip then certConf/pkiConf, each reply with its request's exchange number.
  ASSERT_EQ(script.replies.size(), 2u);
  EXPECT_EQ(script.replies[0].operation, "ip");
  EXPECT_EQ(script.replies[0].exchange, 1);
  EXPECT_EQ(script.replies[1].operation, "pkiConf");
  EXPECT_EQ(script.replies[1].exchange, 2);
  auto issued = decisions(result.records, "IssueCertificate");
  ASSERT_EQ(issued.size(), 1u);
  EXPECT_EQ(issued[0].outcome, "ok");
  EXPECT_EQ(detail(issued[0], "serial"), cert.serial_hex());
  EXPECT_EQ(detail(issued[0], "subject"), "CN=cmf.example.net,O=Operator");
  EXPECT_EQ(detail(issued[0], "fqdn"), "cmf.example.net");
  EXPECT_EQ(detail(issued[0], "ra"), "true");
}

TEST(CaActor, WrongDay0SecretIsRefusedAndTraced) {
  Script script;
  std::optional<pki::CmpResult> refused;
  script.jobs.push_back(
      {Duration::milliseconds(1), "", [&](const pki::CmpTransport& transport, pki::Instant now) {
         pki::CmpClientConfig config;
         config.transport = transport;
         pki::CmpClient client(config);
         refused = client.enrol_ir(kRaReference, bytes_of("guessed"), pki::PrivateKey::generate(),
                                   pki::DistinguishedName::parse("CN=cmf.example.net"),
                                   pki::SubjectAltName{{"cmf.example.net"}, {}, {}}, now);
       }});
  auto result = run(script, base_params());
  ASSERT_TRUE(refused.has_value());
  EXPECT_FALSE(refused->ok());
  ASSERT_EQ(script.replies.size(), 1u);
  EXPECT_EQ(script.replies[0].operation, "error");
  auto issued = decisions(result.records, "IssueCertificate");
  ASSERT_EQ(issued.size(), 1u);
  EXPECT_EQ(issued[0].outcome, "rejected");
  EXPECT_NE(detail(issued[0], "reason").find("badMessageCheck"), std::string::npos)
      << issued[0].detail;
}

TEST(CaActor, P10crSignedByTheRaIsIssuedWithTheFlowSteps) {
  Script script;
  Ra ra;
  Issued nfvo;
  script.jobs.push_back({Duration::milliseconds(1), "", ra.enrol()});
  script.jobs.push_back(
      {Duration::seconds(1), "C.4.1.2.6#3", p10cr_by_ra(ra, nfvo, "nfvo.example.net")});
  auto result = run(script, base_params());

  ASSERT_TRUE(nfvo.result.has_value());
  ASSERT_TRUE(nfvo.result->ok()) << nfvo.result->error << " / " << nfvo.result->status_text;
  const pki::Certificate& cert = *nfvo.result->certificate;
  EXPECT_EQ(cert.public_key(), nfvo.key.public_key());
  EXPECT_EQ(cert.san().dns, std::vector<std::string>{"nfvo.example.net"});
  EXPECT_TRUE(
      pki::verify_certificate(cert, ra.trust(), pki::Instant::from_seconds(1893456000 + 2)).ok());
  // The chain the cp carried: the issuing CA (OpenSSL leaves self-signed certificates out of
  // extraCerts; the root came as caPubs with the RA's ir).
  ASSERT_EQ(nfvo.result->chain.size(), 1u);
  EXPECT_EQ(nfvo.result->chain[0].subject().to_string(), "CN=ca-1 Issuing CA,O=ifa026");
  EXPECT_EQ(nfvo.result->chain[0].issuer(), ra.root->subject());
  EXPECT_EQ(cert.extended_key_usage().size(), 2u);

  auto issued = decisions(result.records, "IssueCertificate");
  ASSERT_EQ(issued.size(), 2u);
  EXPECT_EQ(issued[1].outcome, "ok");
  EXPECT_EQ(issued[1].step, "C.4.1.2.6#4");
  EXPECT_EQ(issued[1].peer, kDriver);
  EXPECT_EQ(detail(issued[1], "serial"), cert.serial_hex());
  EXPECT_EQ(detail(issued[1], "fqdn"), "nfvo.example.net");
  EXPECT_EQ(detail(issued[1], "request"), "p10cr");
  // cp and pkiConf answer with step #5.
  ASSERT_EQ(script.replies.size(), 4u);
  EXPECT_EQ(script.replies[2].operation, "cp");
  EXPECT_EQ(script.replies[2].step, "C.4.1.2.6#5");
  EXPECT_EQ(script.replies[3].operation, "pkiConf");
  EXPECT_EQ(script.replies[3].step, "C.4.1.2.6#5");
  // The kernel's send record of the cp repeats the step.
  bool cp_sent = false;
  for (const auto& r : result.records)
    if (r.kind == sim::RecordKind::send && r.actor == kCa && r.operation == "cp")
      cp_sent = r.step == "C.4.1.2.6#5" && r.reference_point == "CA-1";
  EXPECT_TRUE(cp_sent);
}

TEST(CaActor, OnlyRegistrationAuthoritiesMayRequestCertificates) {
  Script script;
  Ra ra;
  Issued nfvo, by_nfvo, backup_ra, by_backup;
  script.jobs.push_back({Duration::milliseconds(1), "", ra.enrol()});
  script.jobs.push_back({Duration::seconds(1), "", p10cr_by_ra(ra, nfvo, "nfvo.example.net")});
  script.jobs.push_back({Duration::seconds(1) + Duration::milliseconds(100), "",
                         p10cr_by_ra(ra, backup_ra, "backup-ra.example.net")});
  // The NFVO's certificate (same CA, not an RA) signing a p10cr: refused.
  script.jobs.push_back({Duration::seconds(2), "",
                         p10cr(
                             ra, by_nfvo, "rogue.example.net",
                             [&]() -> const pki::Certificate& { return *nfvo.result->certificate; },
                             [&]() -> const pki::PrivateKey& { return nfvo.key; })});
  // A certificate whose subject is listed in ra_subjects acts as RA.
  script.jobs.push_back(
      {Duration::seconds(3), "",
       p10cr(
           ra, by_backup, "vnfm.example.net",
           [&]() -> const pki::Certificate& { return *backup_ra.result->certificate; },
           [&]() -> const pki::PrivateKey& { return backup_ra.key; })});
  json params = base_params();
  params["ra_subjects"] = json::array({"CN=backup-ra.example.net,O=Operator,C=FR"});
  auto result = run(script, params);

  ASSERT_TRUE(nfvo.result && nfvo.result->ok());
  ASSERT_TRUE(backup_ra.result && backup_ra.result->ok());
  ASSERT_TRUE(by_nfvo.result.has_value());
  EXPECT_FALSE(by_nfvo.result->ok());
  EXPECT_TRUE(by_nfvo.result->has_failure(pki::CmpFailure::not_authorized))
      << by_nfvo.result->status_text;
  ASSERT_TRUE(by_backup.result.has_value());
  EXPECT_TRUE(by_backup.result->ok()) << by_backup.result->status_text;

  auto issued = decisions(result.records, "IssueCertificate");
  ASSERT_EQ(issued.size(), 5u);
  EXPECT_EQ(issued[3].outcome, "rejected");
  EXPECT_NE(detail(issued[3], "reason").find("notAuthorized"), std::string::npos)
      << issued[3].detail;
  EXPECT_NE(detail(issued[3], "reason").find("registration authority"), std::string::npos);
  EXPECT_EQ(issued[4].outcome, "ok");
  EXPECT_EQ(detail(issued[4], "fqdn"), "vnfm.example.net");
}

TEST(CaActor, RrByTheRaRevokesAndTheNextCrlListsTheSerial) {
  Script script;
  Ra ra;
  Issued nfvo;
  std::optional<pki::CmpResult> revoked, by_entity;
  script.jobs.push_back({Duration::milliseconds(1), "", ra.enrol()});
  script.jobs.push_back({Duration::seconds(1), "", p10cr_by_ra(ra, nfvo, "nfvo.example.net")});
  // The NFVO (not an RA) tries to revoke the RA's certificate.
  script.jobs.push_back(
      {Duration::seconds(2), "", [&](const pki::CmpTransport& transport, pki::Instant now) {
         auto client = ra.client(transport);
         by_entity = client.revoke_rr_for(*ra.result->certificate, *nfvo.result->certificate,
                                          nfvo.key, pki::RevocationReason::key_compromise, now);
       }});
  script.jobs.push_back(
      {Duration::seconds(3), "", [&](const pki::CmpTransport& transport, pki::Instant now) {
         auto client = ra.client(transport);
         revoked = client.revoke_rr_for(*nfvo.result->certificate, *ra.result->certificate, ra.key,
                                        pki::RevocationReason::key_compromise, now);
       }});
  auto result = run(script, base_params());

  ASSERT_TRUE(nfvo.result && nfvo.result->ok());
  const std::string serial = nfvo.result->certificate->serial_hex();
  ASSERT_TRUE(by_entity.has_value());
  EXPECT_FALSE(by_entity->ok());
  EXPECT_TRUE(by_entity->has_failure(pki::CmpFailure::not_authorized));
  ASSERT_TRUE(revoked.has_value());
  EXPECT_TRUE(revoked->ok()) << revoked->error << " / " << revoked->status_text;

  auto revocations = decisions(result.records, "RevokeCertificate");
  ASSERT_EQ(revocations.size(), 2u);
  EXPECT_EQ(revocations[0].outcome, "rejected");
  EXPECT_EQ(detail(revocations[0], "serial"), ra.result->certificate->serial_hex());
  EXPECT_EQ(revocations[1].outcome, "ok");
  EXPECT_EQ(detail(revocations[1], "serial"), serial);

  // The CRL at t=0 is empty; the one right after the revocation lists the serial.
  ASSERT_GE(script.crls.size(), 2u);
  EXPECT_EQ(script.crls[0].first, Time::zero() + Duration::milliseconds(11));
  EXPECT_TRUE(script.crls[0].second.revoked().empty());
  const auto& [when, crl] = script.crls[1];
  EXPECT_GT(when, Time::zero() + Duration::seconds(3));
  EXPECT_LT(when, Time::zero() + Duration::seconds(4));
  EXPECT_GT(crl.number(), script.crls[0].second.number());
  ASSERT_EQ(crl.revoked().size(), 1u);
  EXPECT_EQ(crl.revoked()[0].serial_hex, serial);
  EXPECT_EQ(crl.revoked()[0].reason, pki::RevocationReason::key_compromise);
  ASSERT_TRUE(ra.root.has_value());
  EXPECT_TRUE(crl.signed_by(ra.chain.front()));
  // The revoked certificate no longer verifies with CRL checking.
  pki::TrustStore trust = ra.trust();
  trust.add_crl(crl);
  pki::VerifyOptions options;
  options.check_crl = true;
  const auto verdict = pki::verify_certificate(*nfvo.result->certificate, trust,
                                               pki::Instant::from_seconds(1893456000 + 5), options);
  EXPECT_EQ(verdict.failure, pki::VerifyFailure::revoked);

  auto published = decisions(result.records, "PublishCrl");
  ASSERT_GE(published.size(), 2u);
  EXPECT_EQ(detail(published[1], "entries"), "1");
  EXPECT_EQ(detail(published[1], "number"), std::to_string(crl.number()));
}

TEST(CaActor, ProcessingTimeQueuesRequestsUnderTheConcurrencyLimit) {
  auto issue_times = [](long long concurrency) {
    Script script;
    Ra first, second;
    script.jobs.push_back({Duration::seconds(1), "", first.enrol("ra-1.example.net")});
    script.jobs.push_back({Duration::seconds(1), "", second.enrol("ra-2.example.net")});
    json params = base_params();
    params["processing"] = {{"issue", "50ms"}};
    params["concurrency"] = concurrency;
    auto result = run(script, params);
    EXPECT_TRUE(first.result && first.result->ok());
    EXPECT_TRUE(second.result && second.result->ok());
    std::vector<Time> times;
    for (const auto& r : decisions(result.records, "IssueCertificate")) times.push_back(r.time);
    return std::make_pair(times, result.fingerprint);
  };
  auto [serial, fingerprint] = issue_times(1);
  ASSERT_EQ(serial.size(), 2u);
  // 1 s + 1 ms link latency + 50 ms, then another 50 ms for the one that waited.
  EXPECT_EQ(serial[0], Time::zero() + Duration::milliseconds(1051));
  EXPECT_EQ(serial[1] - serial[0], Duration::milliseconds(50));
  auto [parallel, unused] = issue_times(2);
  ASSERT_EQ(parallel.size(), 2u);
  EXPECT_EQ(parallel[0], parallel[1]);
  // Same scenario and seed, same trace.
  EXPECT_EQ(issue_times(1).second, fingerprint);
}

TEST(CaActor, MalformedInputGetsAnErrorOrARejectionAndTheCaKeepsServing) {
  Script script;
  Ra ra;
  Envelope garbage;
  garbage.operation = "p10cr";
  garbage.step = "C.4.1.2.6#3";
  garbage.body["exchange"] = 99;
  set_bytes(garbage.body, "der", pki::Bytes{0x30, 0x03, 0x02, 0x01, 0x05, 0xde, 0xad});
  Envelope no_der;
  no_der.operation = "p10cr";
  no_der.body["exchange"] = 100;
  script.raw.emplace_back(Duration::milliseconds(100), "p10cr", encode_envelope(garbage));
  script.raw.emplace_back(Duration::milliseconds(200), "p10cr", pki::Bytes{0xff, 0x00, 0x13});
  script.raw.emplace_back(Duration::milliseconds(300), "p10cr", encode_envelope(no_der));
  script.jobs.push_back({Duration::seconds(1), "", ra.enrol()});
  auto result = run(script, base_params());

  // The garbage DER gets a CMP error message with its exchange number and step #5.
  ASSERT_FALSE(script.replies.empty());
  const Reply& error = script.replies[0];
  EXPECT_EQ(error.operation, "error");
  EXPECT_EQ(error.exchange, 99);
  EXPECT_EQ(error.step, "C.4.1.2.6#5");
  const auto info = pki::inspect_cmp_message(error.der);
  EXPECT_EQ(info.body, static_cast<int>(pki::CmpBody::error));
  EXPECT_TRUE(info.has_failure(pki::CmpFailure::bad_data_format));
  auto issued = decisions(result.records, "IssueCertificate");
  ASSERT_EQ(issued.size(), 2u);
  EXPECT_EQ(issued[0].outcome, "rejected");
  EXPECT_EQ(issued[0].step, "C.4.1.2.6#4");
  // Neither the non-envelope nor the envelope without DER gets a reply; both are traced as
  // malformed messages naming what is wrong (no internal error: input, not a harness fault).
  const auto malformed = decisions(result.records, "MalformedMessage");
  ASSERT_EQ(malformed.size(), 2u);
  for (const auto& r : malformed) EXPECT_EQ(r.outcome, "rejected");
  EXPECT_NE(malformed[0].detail.find("not an envelope"), std::string::npos) << malformed[0].detail;
  EXPECT_NE(malformed[1].detail.find("/der"), std::string::npos) << malformed[1].detail;
  for (const auto& r : result.records) EXPECT_NE(r.outcome, "internal-error") << r.operation;
  // Later requests are still served.
  ASSERT_TRUE(ra.result.has_value());
  EXPECT_TRUE(ra.result->ok()) << ra.result->status_text;
  EXPECT_EQ(issued[1].outcome, "ok");
  EXPECT_EQ(script.replies.size(), 3u);  // error, ip, pkiConf
}

TEST(CaActor, AnExceptionInsideTheCaIsAnInternalErrorNotARefusal) {
  // The toolkit's fault: the CA's handler of "ir" throws. Without the guard this would be a
  // refused enrolment (or an escaped exception); it must be an internal-error record.
  for (const bool fault : {false, true}) {
    Script script;
    Ra ra;
    script.jobs.push_back({Duration::milliseconds(100), "", ra.enrol()});
    json params = base_params();
    if (fault) params["throw_in_handler"] = "ir";
    auto result = run(script, params);
    std::size_t internal_errors = 0;
    for (const auto& r : result.records)
      if (r.outcome == "internal-error") ++internal_errors;
    const auto issued = decisions(result.records, "IssueCertificate");
    if (!fault) {
      EXPECT_EQ(internal_errors, 0u);
      ASSERT_EQ(issued.size(), 1u);
      EXPECT_EQ(issued[0].outcome, "ok");
      continue;
    }
    EXPECT_GE(internal_errors, 1u);
    for (const auto& r : issued) EXPECT_NE(r.outcome, "rejected") << r.detail;
    EXPECT_TRUE(decisions(result.records, "MalformedMessage").empty());
  }
}

TEST(CaActor, CrlsArePublishedAtStartAndEveryInterval) {
  Script script;
  json params = base_params();
  params["crl_interval"] = "1h";
  params["processing"] = {{"crl", "0s"}};
  auto result = run(script, params, Duration::hours(3) + Duration::minutes(1));
  ASSERT_EQ(script.crls.size(), 4u);
  for (std::size_t i = 0; i < script.crls.size(); ++i) {
    const auto& [when, crl] = script.crls[i];
    EXPECT_EQ(when, Time::zero() + Duration::hours(static_cast<std::int64_t>(i)) +
                        Duration::milliseconds(1));
    EXPECT_EQ(crl.number(), i + 1);
    EXPECT_EQ(crl.next_update().seconds() - crl.this_update().seconds(), 2 * 3600);
    EXPECT_EQ(crl.issuer().to_string(), "CN=ca-1 Issuing CA,O=ifa026");
  }
  EXPECT_EQ(decisions(result.records, "PublishCrl").size(), 4u);
}

TEST(CaActor, CheckParamsAcceptsTheDocumentedParametersAndRejectsBadOnes) {
  sim::ActorRegistry registry;
  register_ca_actor(registry);
  const sim::ActorType* type = registry.find("ca");
  ASSERT_NE(type, nullptr);
  std::vector<sim::Diagnostic> out;
  json good = base_params();
  good["validity"] = "90d";
  good["ca_validity"] = "3650d";
  good["key_type"] = "ec-p384";
  good["root_name"] = "CN=Operator Root,O=Operator";
  good["issuing_name"] = "CN=Operator Issuing,O=Operator";
  good["processing"] = {{"issue", "5ms"}, {"revoke", "1ms"}, {"crl", "10ms"}};
  good["concurrency"] = 4u;
  good["ra_subjects"] = json::array({"cmf.example.net"});
  good["crl_next_update"] = "2h";
  type->check_params(good, out);
  EXPECT_TRUE(out.empty()) << out.front().message;

  auto problems = [&](json params) {
    std::vector<sim::Diagnostic> found;
    type->check_params(params, found);
    std::vector<std::string> pointers;
    for (const auto& d : found) pointers.push_back(d.pointer);
    return pointers;
  };
  EXPECT_EQ(problems({{"validity", "2000d"}}), std::vector<std::string>{"/validity"});
  EXPECT_EQ(problems({{"key_type", "dsa"}}), std::vector<std::string>{"/key_type"});
  EXPECT_EQ(problems({{"root_name", "not a name"}}), std::vector<std::string>{"/root_name"});
  EXPECT_EQ(problems({{"processing", {{"isue", "5ms"}}}}),
            std::vector<std::string>{"/processing/isue"});
  EXPECT_EQ(problems({{"ra_credentials", json::array({{{"reference", "x"}}})}}),
            std::vector<std::string>{"/ra_credentials/0"});
  EXPECT_EQ(problems({{"crl_subscriber", json::array()}}),
            std::vector<std::string>{"/crl_subscriber"});
}

}  // namespace
}  // namespace ifa026::actors
