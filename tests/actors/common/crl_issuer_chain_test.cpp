// Tests for the issuing CA certificates a CRL publication brings along (crl_issuer_chain.hpp):
// only those that chain to the relying party's own trust anchors are taken.
#include "actors/common/crl_issuer_chain.hpp"

#include <gtest/gtest.h>

#include "pki/certificate_authority.hpp"
#include "pki/key.hpp"
#include "pki/names.hpp"

namespace ifa026::actors::crl_issuer_chain_test {
namespace {

constexpr std::int64_t kDay = 86400;
const pki::Instant kT0 = pki::Instant::from_seconds(1893456000);  // 2030-01-01

pki::CertificateAuthority root(const char* name) {
  return pki::CertificateAuthority::create_root(pki::DistinguishedName::parse(name),
                                                pki::PrivateKey::generate(), kT0, 3650 * kDay);
}

pki::Certificate subordinate(pki::CertificateAuthority& parent, const char* name) {
  return pki::CertificateAuthority::create_subordinate(parent, pki::DistinguishedName::parse(name),
                                                       pki::PrivateKey::generate(), kT0,
                                                       3650 * kDay, 0)
      .certificate();
}

TEST(CrlIssuerChain, TakesOnlyCertificatesThatChainToTheAnchors) {
  auto trusted = root("CN=Root,O=Op");
  auto other = root("CN=Other Root,O=Op");
  const pki::Certificate g2 = subordinate(trusted, "CN=Issuing CA G2,O=Op");
  const pki::Certificate rogue = subordinate(other, "CN=Issuing CA G2,O=Op");
  const pki::Instant now = pki::Instant::from_seconds(kT0.seconds() + kDay);

  messages::CrlPublication publication;
  publication.issuer_chain = std::vector<pki::Bytes>{g2.der(), rogue.der(), pki::Bytes{1, 2, 3}};
  const auto taken = verified_issuer_chain(publication, {trusted.certificate()}, now);
  ASSERT_EQ(taken.size(), 1u);  // the rogue one and the bytes that do not decode are left out
  EXPECT_EQ(taken[0], g2);

  EXPECT_TRUE(verified_issuer_chain(publication, {}, now).empty());  // no anchors, nothing
  publication.issuer_chain.reset();
  EXPECT_TRUE(verified_issuer_chain(publication, {trusted.certificate()}, now).empty());
}

}  // namespace
}  // namespace ifa026::actors::crl_issuer_chain_test
