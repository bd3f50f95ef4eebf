// Tests for the CMF's self-contained parts: FQDN checks, parameter checks and defaults, the
// registry's inventory, revocation reason texts and the cryptographic random bytes.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "actors/cmf/cmf_config.hpp"
#include "actors/cmf/entity_registry.hpp"
#include "actors/cmf/fqdn_check.hpp"
#include "actors/cmf/revocation_reason.hpp"

namespace ifa026::actors::cmf {
namespace {

using nlohmann::json;

TEST(CmfFqdn, AcceptsValidNamesInsideTheAllowedDomains) {
  EXPECT_EQ(fqdn_problem("nfvo-1.example.net", {}), std::nullopt);
  EXPECT_EQ(fqdn_problem("nfvo-1.example.net", {"example.net"}), std::nullopt);
  EXPECT_EQ(fqdn_problem("NFVO.Example.NET", {"example.net"}), std::nullopt);
  EXPECT_EQ(fqdn_problem("a.b.example.net", {"other.org", ".example.net"}), std::nullopt);
  EXPECT_EQ(fqdn_problem("example.net", {"example.net"}), std::nullopt);
  EXPECT_EQ(fqdn_problem("1a.example.net", {}), std::nullopt);  // RFC 1123 allows a digit
}

TEST(CmfFqdn, RejectsMalformedNames) {
  EXPECT_NE(fqdn_problem("", {}), std::nullopt);
  EXPECT_NE(fqdn_problem("localhost", {}), std::nullopt);  // one label
  EXPECT_NE(fqdn_problem("nfvo_1.example.net", {}), std::nullopt);
  EXPECT_NE(fqdn_problem("-nfvo.example.net", {}), std::nullopt);
  EXPECT_NE(fqdn_problem("nfvo-.example.net", {}), std::nullopt);
  EXPECT_NE(fqdn_problem("nfvo..example.net", {}), std::nullopt);
  EXPECT_NE(fqdn_problem("nfvo.example.net.", {}), std::nullopt);  // empty last label
  EXPECT_NE(fqdn_problem(std::string(64, 'a') + ".example.net", {}), std::nullopt);
  std::string long_name;
  while (long_name.size() < 260) long_name += "abcdefghi.";
  long_name += "net";
  EXPECT_NE(fqdn_problem(long_name, {}), std::nullopt);
}

TEST(CmfFqdn, AllowedDomainsMatchOnLabelBoundaries) {
  EXPECT_EQ(fqdn_problem("nfvo.badexample.net", {"example.net"}),
            std::optional<std::string>("FQDN outside the allowed domains"));
  EXPECT_NE(fqdn_problem("nfvo.example.org", {"example.net"}), std::nullopt);
}

TEST(CmfConfig, DefaultsFollowTheContract) {
  const CmfConfig c = read_cmf_config(json{{"ca", "ca-1"}}, "cmf-1");
  EXPECT_EQ(c.fqdn, "cmf-1.cmf.invalid");
  EXPECT_EQ(c.ca_for("nfvo"), "ca-1");
  EXPECT_TRUE(c.credential_one_use);
  EXPECT_EQ(c.credential_lifetime, sim::Duration::days(7));
  EXPECT_EQ(c.key_policy, (std::vector<std::string>{"ec-p256", "ec-p384", "rsa-2048", "rsa-3072"}));
  EXPECT_FALSE(c.key_type_allowed("ed25519"));
  EXPECT_EQ(c.key_attestation, AttestationMode::optional);
  EXPECT_EQ(c.validate_time, sim::Duration::milliseconds(2));
  EXPECT_EQ(c.register_time, sim::Duration::milliseconds(1));
  EXPECT_EQ(c.concurrency, 4u);
  EXPECT_EQ(c.ca_timeout, sim::Duration::seconds(10));
  EXPECT_EQ(c.ca_retries, 3);  // resends with back-off by default (docs/cmp-reliability.md)
  EXPECT_EQ(c.monitor_interval, sim::Duration::days(1));
  EXPECT_EQ(c.expiry_alarm_threshold, sim::Duration::days(30));
  EXPECT_FALSE(c.skip_registration_check || c.skip_csr_validation || c.skip_attestation_check);
}

TEST(CmfConfig, ReadsOverridesAndCaSelectionByKind) {
  const CmfConfig c = read_cmf_config(
      json{{"ca", "ca-1"},
           {"cas", {{"vim", "ca-2"}}},
           {"initial_credential", {{"one_use", false}, {"lifetime", "1h"}}},
           {"key_attestation", "required"},
           {"attestation_policy", {{"min_level", "fips140-3-l3"}, {"max_age", "10m"}}},
           {"processing", {{"validate", "7ms"}}},
           {"ca_retries", 2}},
      "cmf");
  EXPECT_EQ(c.ca_for("vim"), "ca-2");
  EXPECT_EQ(c.ca_for("nfvo"), "ca-1");
  EXPECT_FALSE(c.credential_one_use);
  EXPECT_EQ(c.credential_lifetime, sim::Duration::hours(1));
  EXPECT_EQ(c.key_attestation, AttestationMode::required);
  const auto policy = c.attestation_policy();
  EXPECT_EQ(policy.minimum_level, std::optional<std::string>("fips140-3-l3"));
  EXPECT_EQ(policy.max_age_seconds, std::optional<std::int64_t>(600));
  EXPECT_EQ(c.validate_time, sim::Duration::milliseconds(7));
  EXPECT_EQ(c.register_time, sim::Duration::milliseconds(1));
  EXPECT_EQ(c.ca_retries, 2);
}

TEST(CmfConfig, CheckNamesEveryBadParameter) {
  std::vector<sim::Diagnostic> out;
  check_cmf_params(json{{"key_attestation", "sometimes"},
                        {"key_policy", {"ec-p256", "dsa-1024"}},
                        {"initial_credential", {{"one_use", "yes"}, {"ttl", "1d"}}},
                        {"attestation_policy", {{"min_level", "gold"}}},
                        {"processing", {{"issue", "1ms"}}},
                        {"trusted_consumer", json::array()}},
                   out);
  std::vector<std::string> pointers;
  for (const auto& d : out) pointers.push_back(d.pointer);
  for (const char* expected :
       {"/key_attestation", "/key_policy/1", "/initial_credential/one_use",
        "/initial_credential/ttl", "/attestation_policy/min_level", "/processing/issue",
        "/trusted_consumer", ""})  // "" : the missing required "ca"
    EXPECT_NE(std::find(pointers.begin(), pointers.end(), expected), pointers.end()) << expected;
  out.clear();
  check_cmf_params(json{{"ca", "ca"}, {"day0", {{"oss", "s"}}}, {"concurrency", 2u}}, out);
  EXPECT_TRUE(out.empty());
}

TEST(CmfRegistry, InventoryKeepsOneCurrentCertificate) {
  EntityRegistry registry;
  Registration& r = registry.upsert("nfvo-1");
  r.fqdn = "nfvo.example.net";
  registry.add_certificate(r, IssuedCertificate{"0A", {}, {}, "enrolment", "ca"});
  registry.add_certificate(r, IssuedCertificate{"0B", {}, {}, "renewal", "ca"});
  ASSERT_NE(r.current(), nullptr);
  EXPECT_EQ(r.current()->serial, "0B");
  EXPECT_EQ(r.find_serial("0A")->state, CertificateState::superseded);
  EXPECT_EQ(registry.find_by_serial("0A"), &r);
  EXPECT_EQ(registry.fqdn_owner("nfvo.example.net", "nfvo-2"),
            std::optional<std::string>("nfvo-1"));
  EXPECT_EQ(registry.fqdn_owner("nfvo.example.net", "nfvo-1"), std::nullopt);
  EXPECT_EQ(registry.next_credential_number("nfvo-1"), 1u);
  EXPECT_EQ(registry.next_credential_number("nfvo-1"), 2u);
  r.find_serial("0B")->state = CertificateState::revoked;
  EXPECT_EQ(r.current(), nullptr);
}

TEST(CmfRevocationReason, ParsesCommonSpellings) {
  EXPECT_EQ(parse_revocation_reason("keyCompromise"), pki::RevocationReason::key_compromise);
  EXPECT_EQ(parse_revocation_reason("key-compromise"), pki::RevocationReason::key_compromise);
  EXPECT_EQ(parse_revocation_reason("CESSATION_OF_OPERATION"),
            pki::RevocationReason::cessation_of_operation);
  EXPECT_EQ(parse_revocation_reason("superseded"), pki::RevocationReason::superseded);
  EXPECT_EQ(parse_revocation_reason("whatever"), pki::RevocationReason::unspecified);
}

}  // namespace
}  // namespace ifa026::actors::cmf
