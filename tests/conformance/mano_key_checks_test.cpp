// The Annex B key-pair checks of the NFV-MANO entities on synthetic traces shaped like the actors'
// (mano_trace_fixture.hpp): each passes on the trace of an entity that generates, keeps and
// attests its key as required, and fails (or is inconclusive) when the trace shows the key
// received, used outside its HSM, or its statement refused (or the feature not exercised).
#include <gtest/gtest.h>

#include "conformance/catalogue.hpp"
#include "conformance/mano_key_checks.hpp"
#include "tests/conformance/mano_trace_fixture.hpp"

namespace ifa026::conformance::mano_key_checks_test {
namespace {

using nlohmann::json;
using testing::TraceBuilder;
using testing::World;

const std::vector<std::pair<std::string, std::string>> kActors = {
    {"ca-1", "ca"}, {"cmf-1", "cmf"}, {"oss-1", "oss"}, {"nfvo-1", "nfvo"}, {"hsm-1", "hsm"}};

const std::string kKey = "3f1a9c0e5b7d2468ace013579bdf02468ace013579bdf02468ace013579bdf0";
const std::string kOther = "99990000111122223333444455556666777788889999aaaabbbbccccddddeeee";
const std::string kAbout = "entity=nfvo-1; fqdn=nfvo-1.example.net";

std::function<CheckResult(const CheckContext&)> of(CheckResult (*check)(const CheckContext&,
                                                                        const std::string&)) {
  return [check](const CheckContext& c) { return check(c, "nfvo"); };
}

// C.4.1.2.6: nfvo-1 generates `key` itself; cmf-1 validates a CSR carrying `csr_key`.
TraceBuilder self_generated(const std::string& key = kKey, const std::string& csr_key = kKey,
                            const std::string& drbg = "CTR-DRBG/AES-256-CTR") {
  TraceBuilder t;
  t.decision("nfvo-1", "GenerateKey", "C.4.1.2.6#0", "ok",
             kAbout + "; key_type=ec-p256; in=self; drbg=" + drbg + "; spki_sha256=" + key +
                 "; purpose=enrolment");
  t.message("nfvo-1", "cmf-1", "CertificateSigningRequest", "C.4.1.2.6#0");
  t.crypto("cmf-1", "CsrValidation", "C.4.1.2.6#2", "ok",
           kAbout + "; auth=initial-credential; purpose=enrolment; spki_sha256=" + csr_key,
           "nfvo-1");
  return t;
}

struct HsmFlow {
  bool attest = true;
  bool sign = true;
  std::string verification = "ok";  // "" for none
  std::string reason;
  std::string exported;  // "true" to have the HSM export the key
};

// C.4.1.2.7: nfvo-1's key is generated in hsm-1 (handle hsm-1/key-1), attested, the CSR signed
// there; cmf-1 verifies the statement and validates the CSR.
TraceBuilder hsm_generated(const HsmFlow& f = {}) {
  TraceBuilder t;
  const std::string step = "C.4.1.2.7#0";
  t.message("nfvo-1", "hsm-1", "GenerateKeyPairRequest", step, true, "HSM-If");
  t.decision("hsm-1", "GenerateKeyPair", step, "ok",
             "handle=hsm-1/key-1; key_type=ec-p256" +
                 (f.exported.empty() ? std::string()
                                     : "; exported=" + f.exported + "; spki_sha256=" + kKey),
             "nfvo-1");
  t.message("hsm-1", "nfvo-1", "GenerateKeyPairResponse", step, true, "HSM-If");
  t.decision("nfvo-1", "GenerateKey", step, "ok",
             kAbout + "; key_type=ec-p256; in=hsm; handle=hsm-1/key-1; spki_sha256=" + kKey +
                 "; purpose=enrolment",
             "hsm-1");
  if (f.attest) {
    t.message("nfvo-1", "hsm-1", "KeyAttestationRequest", step, true, "HSM-If");
    t.decision("hsm-1", "AttestKey", step, "ok", "handle=hsm-1/key-1", "nfvo-1");
    t.message("hsm-1", "nfvo-1", "KeyAttestationResponse", step, true, "HSM-If");
  }
  if (f.sign) {
    t.message("nfvo-1", "hsm-1", "SignCsrRequest", step, true, "HSM-If");
    t.decision("hsm-1", "SignCsr", step, "ok",
               "handle=hsm-1/key-1; subject=CN=nfvo-1.example.net,O=Operator", "nfvo-1");
    t.message("hsm-1", "nfvo-1", "SignCsrResponse", step, true, "HSM-If");
  }
  t.message("nfvo-1", "cmf-1", "CertificateSigningRequest", step);
  if (!f.verification.empty())
    t.crypto("cmf-1", "KeyAttestationVerification", "C.4.1.2.7#2", f.verification,
             kAbout + (f.reason.empty() ? std::string() : "; reason=" + f.reason), "nfvo-1");
  t.crypto("cmf-1", "CsrValidation", "C.4.1.2.7#2", "ok",
           kAbout + "; auth=initial-credential; purpose=enrolment; spki_sha256=" + kKey, "nfvo-1");
  t.decision("nfvo-1", "CertificateInstalled", "", "ok", kAbout + "; serial=01; purpose=enrolment");
  return t;
}

World with_hsm() {
  World world(kActors);
  world.set_params("nfvo-1", {{"hsm", "hsm-1"}});
  return world;
}

TEST(ManoKeyChecks, EachAnnexBIdIsRegisteredUnderItsOwnText) {
  CheckRegistry registry;
  register_mano_key_checks(registry);
  EXPECT_EQ(registry.size(), 18u);
  const auto& catalogue = Catalogue::builtin();
  auto expect = [&](const std::vector<std::string>& ids, const std::string& words) {
    for (const auto& id : ids) {
      ASSERT_EQ(registry.for_requirement(id).size(), 1u) << id;
      const auto* r = catalogue.find(id);
      ASSERT_NE(r, nullptr) << id;
      EXPECT_NE(r->summary.find(words), std::string::npos) << id << ": " << r->summary;
      EXPECT_EQ(r->testability, "partial") << id;
    }
  };
  expect({"Nfvo.Sc.002", "Vnfm.Sc.002", "Vim.Sc.002", "Wim.Sc.005", "Cism.Sc.005", "Cir.Sc.005"},
         "key pair itself");
  expect({"Nfvo.Sc.003", "Vnfm.Sc.004", "Vim.Sc.003", "Wim.Sc.006", "Cism.Sc.006", "Cir.Sc.006"},
         "tamper-resistant storage");
  expect({"Nfvo.Sc.008", "Vnfm.Sc.015", "Vim.Sc.009", "Wim.Sc.009", "Cism.Sc.009", "Cir.Sc.009"},
         "verifiable statement");
}

TEST(ManoKeyChecks, OwnKeyGenerationPassesOnAKeyTheEntityGenerated) {
  World world(kActors);
  auto r = world.run(of(check_own_key_generation), self_generated().records);
  EXPECT_EQ(r.verdict, Verdict::pass) << r.reason;
  EXPECT_NE(r.reason.find("CTR-DRBG"), std::string::npos) << r.reason;
  EXPECT_NE(r.reason.find("not observable"), std::string::npos) << r.reason;
  EXPECT_EQ(r.evidence, (std::vector<std::uint64_t>{1, 4}));
  auto hsm = with_hsm();
  auto h = hsm.run(of(check_own_key_generation), hsm_generated().records);
  EXPECT_EQ(h.verdict, Verdict::pass) << h.reason;
  EXPECT_NE(h.reason.find("inside its HSM hsm-1"), std::string::npos) << h.reason;
}

TEST(ManoKeyChecks, OwnKeyGenerationFailsOnAKeyTheEntityDidNotGenerate) {
  World world(kActors);
  // The CSR carries another key than the one generated.
  auto other = world.run(of(check_own_key_generation), self_generated(kKey, kOther).records);
  EXPECT_EQ(other.verdict, Verdict::fail) << other.reason;
  EXPECT_NE(other.reason.find("did not generate"), std::string::npos) << other.reason;
  // No key generation at all.
  auto none = self_generated();
  none.erase("GenerateKey", "nfvo-1");
  auto n = world.run(of(check_own_key_generation), none.records);
  EXPECT_EQ(n.verdict, Verdict::fail) << n.reason;
  EXPECT_NE(n.reason.find("never recorded generating"), std::string::npos) << n.reason;
  // A generator outside SP 800-90A.
  auto rand =
      world.run(of(check_own_key_generation), self_generated(kKey, kKey, "TEST-RAND").records);
  EXPECT_EQ(rand.verdict, Verdict::fail) << rand.reason;
  // The key was known elsewhere before the entity "generated" it: it was received.
  TraceBuilder received;
  received.decision("vnfm-1", "KeyDelivered", "", "ok", "spki_sha256=" + kKey, "nfvo-1");
  for (auto rec : self_generated().records) received.records.push_back(rec);
  received.renumber();
  auto g = world.run(of(check_own_key_generation), received.records);
  EXPECT_EQ(g.verdict, Verdict::fail) << g.reason;
  EXPECT_NE(g.reason.find("was known to vnfm-1"), std::string::npos) << g.reason;
  // The validation recorded no key digest: nothing to compare.
  auto blind = self_generated();
  blind.records.back().detail = kAbout + "; auth=initial-credential";
  EXPECT_EQ(world.run(of(check_own_key_generation), blind.records).verdict, Verdict::inconc);
  // Generated "in the HSM" without the HSM generating it; exported by the HSM.
  auto hsm = with_hsm();
  auto ghost = hsm_generated();
  ghost.erase("GenerateKeyPair", "hsm-1");
  EXPECT_EQ(hsm.run(of(check_own_key_generation), ghost.records).verdict, Verdict::fail);
  HsmFlow exported;
  exported.exported = "true";
  auto e = hsm.run(of(check_own_key_generation), hsm_generated(exported).records);
  EXPECT_EQ(e.verdict, Verdict::fail) << e.reason;
}

TEST(ManoKeyChecks, KeyKeptInHsmPassesWhenEveryUseIsTheHsms) {
  auto world = with_hsm();
  auto r = world.run(of(check_key_kept_in_hsm), hsm_generated().records);
  EXPECT_EQ(r.verdict, Verdict::pass) << r.reason;
  EXPECT_NE(r.reason.find("1 CSR signature(s)"), std::string::npos) << r.reason;
  EXPECT_NE(r.reason.find("not observable"), std::string::npos) << r.reason;
}

TEST(ManoKeyChecks, KeyKeptInHsmFailsOnAnyUseOutsideIt) {
  auto world = with_hsm();
  // The CSR was not signed by the HSM.
  HsmFlow unsigned_csr;
  unsigned_csr.sign = false;
  auto u = world.run(of(check_key_kept_in_hsm), hsm_generated(unsigned_csr).records);
  EXPECT_EQ(u.verdict, Verdict::fail) << u.reason;
  EXPECT_NE(u.reason.find("did not sign"), std::string::npos) << u.reason;
  // The entity authenticated a mutual TLS handshake with its certificate (serial), and the HSM
  // made no signature for it. (A handshake naming no serial presented no certificate: no use.)
  auto tls = hsm_generated();
  tls.crypto("nfvo-1", "TlsHandshake", "", "ok",
             "channel=mutual; role=client; peer=vnfm-1; serial=0A1B2C", "vnfm-1");
  auto t = world.run(of(check_key_kept_in_hsm), tls.records);
  EXPECT_EQ(t.verdict, Verdict::fail) << t.reason;
  EXPECT_NE(t.reason.find("used outside the HSM"), std::string::npos) << t.reason;
  // The HSM exported the key.
  HsmFlow exported;
  exported.exported = "true";
  EXPECT_EQ(world.run(of(check_key_kept_in_hsm), hsm_generated(exported).records).verdict,
            Verdict::fail);
  // An HSM is configured but the key was generated in the entity's memory.
  auto self = world.run(of(check_key_kept_in_hsm), self_generated().records);
  EXPECT_EQ(self.verdict, Verdict::fail) << self.reason;
  EXPECT_NE(self.reason.find("outside its HSM"), std::string::npos) << self.reason;
  // Without an HSM the protection is not exercised.
  World plain(kActors);
  auto p = plain.run(of(check_key_kept_in_hsm), self_generated().records);
  EXPECT_EQ(p.verdict, Verdict::inconc) << p.reason;
  EXPECT_NE(p.reason.find("has no HSM"), std::string::npos) << p.reason;
}

TEST(ManoKeyChecks, KeyAttestationMechanismNeedsAStatementTheCmfVerified) {
  auto world = with_hsm();
  auto r = world.run(of(check_key_attestation_mechanism), hsm_generated().records);
  EXPECT_EQ(r.verdict, Verdict::pass) << r.reason;
  EXPECT_NE(r.reason.find("cmf-1 verified it"), std::string::npos) << r.reason;
  EXPECT_NE(r.reason.find("not observable"), std::string::npos) << r.reason;
  // The CMF refused the statement (e.g. a rogue HSM's chain).
  HsmFlow refused;
  refused.verification = "rejected";
  refused.reason = "statement not signed under a trusted vendor root";
  auto f = world.run(of(check_key_attestation_mechanism), hsm_generated(refused).records);
  EXPECT_EQ(f.verdict, Verdict::fail) << f.reason;
  EXPECT_NE(f.reason.find("trusted vendor root"), std::string::npos) << f.reason;
  // No statement at all, and the CMF refused the CSR for it.
  HsmFlow missing;
  missing.attest = false;
  missing.verification = "rejected";
  missing.reason = "key attestation statement missing";
  EXPECT_EQ(world.run(of(check_key_attestation_mechanism), hsm_generated(missing).records).verdict,
            Verdict::fail);
  // A statement no CMF verified: its verifiability was not observed.
  HsmFlow unverified;
  unverified.verification = "";
  auto i = world.run(of(check_key_attestation_mechanism), hsm_generated(unverified).records);
  EXPECT_EQ(i.verdict, Verdict::inconc) << i.reason;
  // No HSM: no mechanism in this model.
  World plain(kActors);
  EXPECT_EQ(plain.run(of(check_key_attestation_mechanism), self_generated().records).verdict,
            Verdict::inconc);
}

}  // namespace
}  // namespace ifa026::conformance::mano_key_checks_test
