// The CMF's step #2 (actors/cmf/csr_validation): with a real PKCS#10 request and the real PBM, a
// requester's fault is a refusal that says which (MAC invalid, PBM parameters out of range, a CSR
// that does not decode), and a failure of the CMF's own computation is an internal error, never
// one of those refusals.
#include <gtest/gtest.h>

#include "actors/cmf/cmf_config.hpp"
#include "actors/cmf/csr_validation.hpp"
#include "pki/csr.hpp"
#include "pki/key.hpp"
#include "pki/password_based_mac.hpp"

namespace ifa026::actors::cmf {
namespace {

class CsrValidation : public ::testing::Test {
 protected:
  CsrValidation() : key_(pki::PrivateKey::generate(pki::KeyType::ec_p256)) {
    pki::CsrContent content;
    content.subject = pki::DistinguishedName::parse("CN=nfvo-1.example.net,O=Operator");
    content.san.dns = {"nfvo-1.example.net"};
    csr_der_ = pki::Csr::create(content, key_).der();
    registration_.entity = "nfvo-1";
    registration_.fqdn = "nfvo-1.example.net";
    InitialCredential credential;
    credential.reference = "nfvo-1-1";
    credential.secret = pki::Bytes(32, 0x5a);
    credential.expires = sim::Time::zero() + sim::Duration::days(7);
    registration_.credential = credential;
  }

  // A credential as the entity presents it: PBM over the CSR under `secret`.
  PresentedCredential presented(const pki::Bytes& secret, int iterations = 500) const {
    PresentedCredential p;
    p.reference = "nfvo-1-1";
    p.salt = pki::Bytes(16, 0x11);
    p.iterations = iterations;
    if (iterations >= pki::kPbmMinIterations && iterations <= pki::kPbmMaxIterations)
      p.mac = credential_mac(secret, p.salt, csr_der_, iterations);
    else
      p.mac = pki::Bytes(20, 0);
    return p;
  }

  CsrCheckResult check(const CmfConfig& config, const PresentedCredential& credential,
                       pki::ByteView der) const {
    CsrCheckInput input;
    input.csr_der = der;
    input.registration = &registration_;
    input.auth = CsrAuth::initial_credential;
    input.credential = credential;
    input.now = sim::Time::zero() + sim::Duration::seconds(1);
    return check_csr(config, input);
  }

  CmfConfig config_ = read_cmf_config(nlohmann::json{{"ca", "ca-1"}}, "cmf-1");
  pki::PrivateKey key_;
  pki::Bytes csr_der_;
  Registration registration_;
};

TEST_F(CsrValidation, TheRightCredentialPasses) {
  const auto result = check(config_, presented(registration_.credential->secret), csr_der_);
  EXPECT_FALSE(result.problem) << *result.problem;
  EXPECT_FALSE(result.internal_error);
  EXPECT_TRUE(result.csr);
}

TEST_F(CsrValidation, AWrongSecretIsTheMacRefusal) {
  const auto result = check(config_, presented(pki::Bytes(32, 0x42)), csr_der_);
  EXPECT_EQ(result.problem.value_or(""), "initial credential MAC invalid");
  EXPECT_FALSE(result.internal_error);
}

TEST_F(CsrValidation, PbmParametersOutOfRangeAreTheRequestersFault) {
  const auto result = check(config_, presented(registration_.credential->secret, 5), csr_der_);
  EXPECT_EQ(result.problem.value_or(""),
            "initial credential MAC parameters invalid (iteration count 5 outside [100, 100000])");
  EXPECT_FALSE(result.internal_error);
}

TEST_F(CsrValidation, ACsrThatDoesNotDecodeIsARefusal) {
  const pki::Bytes garbage = {0x30, 0x03, 0x02, 0x01};
  const auto result = check(config_, presented(registration_.credential->secret), garbage);
  EXPECT_EQ(result.problem.value_or(""), "CSR does not decode");
  EXPECT_FALSE(result.internal_error);
}

// It used to read "initial credential MAC invalid", the refusal a negative scenario looks for.
TEST_F(CsrValidation, AThrowingMacComputationIsAnInternalErrorNotTheRefusal) {
  CmfConfig faulty = config_;
  faulty.throw_in_credential_mac = true;
  const auto result = check(faulty, presented(registration_.credential->secret), csr_der_);
  EXPECT_FALSE(result.problem) << *result.problem;
  ASSERT_TRUE(result.internal_error);
  EXPECT_NE(result.internal_error->find("throw_in_credential_mac"), std::string::npos)
      << *result.internal_error;
}

}  // namespace
}  // namespace ifa026::actors::cmf
