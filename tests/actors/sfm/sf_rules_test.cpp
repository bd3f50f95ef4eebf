// The pieces the EM, the ISM and the SM share for security functions (actors/sfm/sf_rules.hpp,
// sf_access.hpp): the rule table's canonical form and digest, the report MAC, and the EM's and
// ISM's decision of who may configure a function.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "actors/common/sm_authorization.hpp"
#include "actors/sfm/sf_access.hpp"
#include "actors/sfm/sf_rules.hpp"
#include "pki/bytes.hpp"

namespace ifa026::actors::sf {
namespace {

pki::Bytes bytes(const std::string& text) {
  return pki::Bytes(text.begin(), text.end());
}

TEST(SfRules, DigestIsSha256OfTheCanonicalText) {
  const std::vector<std::string> rules = {"allow tcp 443 from any", "deny all"};
  EXPECT_EQ(canonical_rules(rules), "ifa026-sf-rules/1\nallow tcp 443 from any\ndeny all\n");
  EXPECT_EQ(rules_digest(rules), pki::to_hex(pki::sha256(bytes(canonical_rules(rules)))));
  EXPECT_EQ(rules_digest(rules).size(), 64u);
}

TEST(SfRules, BlanksDoNotChangeTheDigestButOrderAndContentDo) {
  const std::vector<std::string> rules = {"allow tcp 443 from any", "deny all"};
  EXPECT_EQ(rules_digest({"  allow\ttcp  443 from any ", "deny all", "   "}), rules_digest(rules));
  EXPECT_NE(rules_digest({"deny all", "allow tcp 443 from any"}), rules_digest(rules));
  EXPECT_NE(rules_digest({"allow tcp 444 from any", "deny all"}), rules_digest(rules));
  EXPECT_NE(rules_digest({}), rules_digest(rules));
}

TEST(SfRules, ReportMacBindsKeyFunctionRequestNonceAndDigest) {
  const pki::Bytes key = pki::random_bytes(32);
  const pki::Bytes nonce = pki::random_bytes(16);
  const std::string digest = rules_digest({"deny all"});
  const pki::Bytes mac = report_mac(key, "psf-a", "sm-1-req-7", nonce, digest);
  EXPECT_TRUE(verify_report_mac(key, "psf-a", "sm-1-req-7", nonce, digest, mac));
  EXPECT_FALSE(verify_report_mac(pki::random_bytes(32), "psf-a", "sm-1-req-7", nonce, digest, mac));
  EXPECT_FALSE(verify_report_mac(key, "psf-b", "sm-1-req-7", nonce, digest, mac));
  EXPECT_FALSE(verify_report_mac(key, "psf-a", "sm-1-req-8", nonce, digest, mac));
  EXPECT_FALSE(verify_report_mac(key, "psf-a", "sm-1-req-7", pki::random_bytes(16), digest, mac));
  EXPECT_FALSE(
      verify_report_mac(key, "psf-a", "sm-1-req-7", nonce, rules_digest({"allow all"}), mac));
}

sm::AuthorizationTable table() {
  return sm::AuthorizationTable::from_trust_model(nlohmann::json::parse(R"({
    "domains": [{"id": "td-a", "purpose": "tenant"}, {"id": "td-b", "purpose": "tenant"},
                {"id": "td-s", "purpose": "tenant", "sensitive": true},
                {"id": "td-sec", "purpose": "security_management"}],
    "sms": [{"name": "sm-1", "member_of": "td-sec",
             "manages": {"td-a": "fully_active", "td-b": "passive", "td-s": "semi_active"}},
            {"name": "sm-2", "member_of": "td-sec", "manages": {"td-s": "semi_active"}}],
    "sensitive_managers": {"td-s": ["sm-2"]}})"));
}

TEST(SfAccess, AnActiveSmOfTheDomainOverMutualTlsIsGranted) {
  EXPECT_TRUE(decide_configuration(table(), "sm-1", true, "td-a").granted);
  EXPECT_TRUE(decide_configuration(table(), "sm-2", true, "td-s").granted);
}

TEST(SfAccess, EverythingElseIsDeniedWithItsReason) {
  const auto t = table();
  EXPECT_EQ(decide_configuration(t, "sm-2", true, "td-a").reason, "sm-2 does not manage td-a");
  EXPECT_EQ(decide_configuration(t, "sm-1", false, "td-a").reason, "not over mutual TLS");
  EXPECT_EQ(decide_configuration(t, "nfvo-1", true, "td-a").reason,
            "nfvo-1 is not a Security Manager");
  EXPECT_FALSE(decide_configuration(t, "sm-1", true, "td-b").granted);  // passive
  EXPECT_FALSE(decide_configuration(t, "sm-1", true, "td-s").granted);  // not designated
}

}  // namespace
}  // namespace ifa026::actors::sf
