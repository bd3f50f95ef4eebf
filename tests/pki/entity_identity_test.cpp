// pki/entity_identity: whether a certificate request asks for an end entity's bound identity.
#include "pki/entity_identity.hpp"

#include <gtest/gtest.h>

namespace entity_identity_test {
namespace {

using namespace ifa026::pki;  // NOLINT(google-build-using-namespace)

CsrContent asking(const std::string& subject, SubjectAltName san) {
  CsrContent c;
  if (!subject.empty()) c.subject = DistinguishedName::parse(subject);
  c.san = std::move(san);
  return c;
}

const EntityIdentity kVnfm{
    DistinguishedName::parse("CN=vnfm-1.example.net,O=Operator"),
    SubjectAltName{{"vnfm-1.example.net", "alt.example.net"}, {"2001:db8::1"}, {}}};

TEST(EntityIdentity, TheSameIdentityInAnyOrderAndCaseIsAccepted) {
  EXPECT_EQ(identity_mismatch(kVnfm,
                              asking("CN=vnfm-1.example.net,O=Operator",
                                     {{"ALT.example.net", "vnfm-1.example.net", "alt.example.net"},
                                      {"2001:DB8:0::1"},
                                      {}}),
                              "vnfm-1"),
            std::nullopt);
  // No subject stands for the registered one (the CA imposes it).
  EXPECT_EQ(identity_mismatch(kVnfm, asking("", kVnfm.san), "vnfm-1"), std::nullopt);
}

TEST(EntityIdentity, AnotherSubjectOrOtherNamesAreRefusedWithTheReason) {
  auto subject = identity_mismatch(kVnfm, asking("CN=cmf-1.example.net", kVnfm.san), "vnfm-1");
  ASSERT_TRUE(subject);
  EXPECT_EQ(*subject,
            "requested subject CN=cmf-1.example.net is not the registered "
            "CN=vnfm-1.example.net,O=Operator of vnfm-1");
  // Added, missing or other-typed names.
  for (const SubjectAltName& san :
       {SubjectAltName{
            {"vnfm-1.example.net", "alt.example.net", "evil.example.com"}, {"2001:db8::1"}, {}},
        SubjectAltName{{"vnfm-1.example.net"}, {"2001:db8::1"}, {}},
        SubjectAltName{{"vnfm-1.example.net", "alt.example.net"}, {}, {}},
        SubjectAltName{{"vnfm-1.example.net", "alt.example.net"}, {"2001:db8::1"}, {"DNS:x"}}}) {
    auto why = identity_mismatch(kVnfm, asking("CN=vnfm-1.example.net,O=Operator", san), "vnfm-1");
    ASSERT_TRUE(why) << describe_san(san);
    EXPECT_NE(why->find("requested subjectAltName " + describe_san(san)), std::string::npos)
        << *why;
    EXPECT_NE(why->find("(DNS:vnfm-1.example.net, DNS:alt.example.net, IP:2001:db8::1)"),
              std::string::npos)
        << *why;
  }
}

TEST(EntityIdentity, NoNamesAreAcceptedOnlyWhenAllowed) {
  const CsrContent none = asking("CN=vnfm-1.example.net,O=Operator", {});
  EXPECT_TRUE(identity_mismatch(kVnfm, none, "vnfm-1"));
  EXPECT_EQ(identity_mismatch(kVnfm, none, "vnfm-1", true), std::nullopt);
}

TEST(EntityIdentity, CanonicalAddresses) {
  EXPECT_EQ(canonical_ip("2001:DB8:0:0::1"), "2001:db8::1");
  EXPECT_EQ(canonical_ip("192.0.2.7"), "192.0.2.7");
  EXPECT_EQ(canonical_ip("300.1.2.3"), std::nullopt);
  EXPECT_EQ(canonical_ip("vnfm-1.example.net"), std::nullopt);
}

}  // namespace
}  // namespace entity_identity_test
