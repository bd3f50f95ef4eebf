// Tests for the CA's p10cr from a registered end entity (docs/direct-mode.md, C.2.1.3 #13: an
// HSM-signed PKCS#10 carried in a p10cr protected by the initial credential): accepted with the
// registered subject and dNSNames, once (one-use), at the flow's steps; refused for another
// subject and for an RA credential (only RAs send p10cr for others, signed with their
// certificate). The client side is pki::CmpClient::enrol_p10cr_pbm.
#include "tests/actors/ca/ca_test_support.hpp"

namespace ifa026::actors {
namespace {

std::function<Envelope()> registration_by(Ra& ra) {
  return [&ra] {
    EndEntityRegistration r;
    r.identity = "vnf-1-fw-1/client";
    r.subject = kEntitySubject;
    r.dns = {kEntityDns};
    r.reference = kEntityReference;
    r.secret = bytes_of(kEntitySecret);
    return messages::to_envelope(
        sign_registration(registration_request(r, 1), *ra.result->certificate, ra.key),
        "C.2.1.3#4");
  };
}

JobBody p10cr_with(Ra& ra, Issued& out, std::string reference, std::string secret,
                   std::string subject) {
  return [&ra, &out, reference, secret, subject](const pki::CmpTransport& transport,
                                                 pki::Instant now) {
    auto client = ra.client(transport);
    pki::CsrContent content;
    content.subject = pki::DistinguishedName::parse(subject);
    content.san.dns = {kEntityDns};
    out.result = client.enrol_p10cr_pbm(reference, bytes_of(secret),
                                        pki::Csr::create(content, out.key), now);
  };
}

TEST(CaCredentialP10cr, ARegisteredEndEntityEnrolsItsCsrOnce) {
  Script script;
  Ra ra;
  Issued first, again, other_subject, ra_credential;
  script.jobs.push_back({Duration::milliseconds(1), "", ra.enrol()});
  script.envelopes.emplace_back(Duration::seconds(1), registration_by(ra));
  script.jobs.push_back({Duration::seconds(2), "C.2.1.3#13",
                         p10cr_with(ra, other_subject, kEntityReference, kEntitySecret,
                                    "CN=admin.example.net,O=Operator")});
  script.jobs.push_back({Duration::seconds(3), "C.2.1.3#13",
                         p10cr_with(ra, first, kEntityReference, kEntitySecret, kEntitySubject)});
  script.jobs.push_back({Duration::seconds(4), "C.2.1.3#13",
                         p10cr_with(ra, again, kEntityReference, kEntitySecret, kEntitySubject)});
  script.jobs.push_back({Duration::seconds(5), "",
                         p10cr_with(ra, ra_credential, kRaReference, kRaSecret, kEntitySubject)});
  auto result = run(script, base_params());

  ASSERT_TRUE(first.result && again.result && other_subject.result && ra_credential.result);
  ASSERT_TRUE(first.result->ok()) << first.result->error << " / " << first.result->status_text;
  EXPECT_EQ(first.result->certificate->subject().to_string(), kEntitySubject);
  EXPECT_EQ(first.result->certificate->public_key(), first.key.public_key());
  EXPECT_FALSE(other_subject.result->ok());
  EXPECT_TRUE(other_subject.result->has_failure(pki::CmpFailure::not_authorized));
  EXPECT_FALSE(again.result->ok());
  EXPECT_NE(again.result->status_text.find("one-use"), std::string::npos);
  EXPECT_FALSE(ra_credential.result->ok());
  EXPECT_NE(ra_credential.result->status_text.find("only for end entities an RA registered"),
            std::string::npos)
      << ra_credential.result->status_text;

  auto issued = decisions(result.records, "IssueCertificate");
  ASSERT_EQ(issued.size(), 5u);  // the RA's ir, then the four p10cr
  EXPECT_EQ(issued[1].outcome, "rejected");
  EXPECT_EQ(issued[2].outcome, "ok");
  EXPECT_EQ(issued[2].step, "C.2.1.3#14");
  EXPECT_EQ(detail(issued[2], "request"), "p10cr");
  EXPECT_EQ(detail(issued[2], "identity"), "vnf-1-fw-1/client");
  EXPECT_EQ(issued[3].outcome, "rejected");
  EXPECT_EQ(issued[4].outcome, "rejected");
}

}  // namespace
}  // namespace ifa026::actors
