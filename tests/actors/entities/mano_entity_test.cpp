// The MANO entity actors (nfvo, vnfm, vim, wim, ...) in small simulations with the real oss, cmf,
// ca and hsm actors: registration and enrolment end to end (C.4.1), configuration through relays
// (Or-Vnfm, Vi-Vnfm), the HSM variant (C.4.1.2.7), mutual TLS session checks, renewal over two
// simulated years, WIM access control, negative CSRs, and parameter checks.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "actors/builtin_actors.hpp"
#include "actors/common/certificate_holder.hpp"
#include "actors/common/pki_clock.hpp"
#include "actors/common/trace_detail.hpp"
#include "pki/chain_verifier.hpp"
#include "sim/scenario.hpp"
#include "sim/simulation.hpp"
#include "tests/support/scenario_builder.hpp"

namespace ifa026::actors {
namespace {

using nlohmann::json;
using sim::RecordKind;
using sim::TraceRecord;
using test::EntitySetup;

// ---- building scenarios ----

// CA, CMF and OSS, the OSS registering every entity at 1 s; entities are added with the builder's
// add_entity (a day-0 secret on each hop of its configuration path).
test::ScenarioBuilder mano_world(const std::string& duration = "10m") {
  test::ScenarioBuilder b("mano-entity-test");
  b.seed(11)
      .duration(duration)
      .latency("2ms")
      .add_ca("ca-1", {{"crl_interval", "0"}})
      .add_cmf("cmf-1")
      .add_oss("oss-1")
      .command("1s", "oss-1", "register_all");
  return b;
}

// ---- running them ----

class World {
 public:
  explicit World(const test::ScenarioBuilder& scenario) : registry_(builtin_registry()) {
    simulation_ = std::make_unique<sim::Simulation>(scenario.load(registry_), registry_);
    simulation_->trace().subscribe(store_);
    simulation_->run();
  }

  const std::vector<TraceRecord>& records() const { return store_.records(); }

  const CertificateHolder& holder(const std::string& name) {
    auto* holder = dynamic_cast<CertificateHolder*>(simulation_->actor(name));
    if (holder == nullptr) throw std::runtime_error(name + " is not a certificate holder");
    return *holder;
  }

  // Records matching every non-empty field.
  std::vector<TraceRecord> find(RecordKind kind, const std::string& actor,
                                const std::string& operation,
                                const std::string& outcome = "") const {
    std::vector<TraceRecord> out;
    for (const auto& r : records())
      if (r.kind == kind && (actor.empty() || r.actor == actor) && r.operation == operation &&
          (outcome.empty() || r.outcome == outcome))
        out.push_back(r);
    return out;
  }

  // Position of the first record with this step, or npos.
  std::size_t first_step(const std::string& step) const {
    for (std::size_t i = 0; i < records().size(); ++i)
      if (records()[i].step == step) return i;
    return std::string::npos;
  }

  sim::Simulation& simulation() { return *simulation_; }

 private:
  sim::ActorRegistry registry_;
  sim::TraceStore store_;
  std::unique_ptr<sim::Simulation> simulation_;
};

std::string detail(const TraceRecord& r, const std::string& key) {
  return trace_detail_value(r.detail, key).value_or("<none>");
}

std::string dump(const std::vector<TraceRecord>& records, RecordKind kind) {
  std::string out;
  for (const auto& r : records)
    if (r.kind == kind)
      out += r.actor + " " + r.operation + " " + r.outcome + " " + r.step + " " + r.detail + "\n";
  return out;
}

// Checks that `actor` holds a certificate for `fqdn` chaining to its trust anchor now.
void expect_valid_certificate(World& world, const std::string& actor, const std::string& fqdn) {
  const auto& holder = world.holder(actor);
  auto held = holder.current_certificate();
  ASSERT_TRUE(held.has_value()) << actor << " holds no certificate\n"
                                << dump(world.records(), RecordKind::decision);
  EXPECT_EQ(holder.fqdn(), fqdn);
  const std::vector<pki::Certificate> anchors = holder.trust_anchors();
  ASSERT_EQ(anchors.size(), 1u);
  const pki::Certificate& root = anchors.front();
  EXPECT_EQ(root.subject(), root.issuer()) << "the trust anchor is the CA's self-signed root";
  ASSERT_FALSE(held->chain.empty());
  EXPECT_EQ(held->chain.back(), root) << "the delivered chain ends at the configured root";
  pki::TrustStore store;
  store.add_anchor(root);
  for (const auto& c : held->chain)
    if (!(c == root)) store.add_intermediate(c);
  pki::VerifyOptions options;
  options.purpose = pki::ExtendedKeyUsage::client_auth;
  options.expected_dns_name = fqdn;
  const auto now = pki_instant(world.simulation().epoch(), world.simulation().now());
  auto result = pki::verify_certificate(held->certificate, store, now, options);
  EXPECT_TRUE(result.ok()) << pki::to_string(result.failure) << " " << result.detail;
  EXPECT_EQ(held->certificate.san().dns, std::vector<std::string>{fqdn});
  EXPECT_EQ(held->certificate.subject().common_name(), fqdn);
}

// ---- tests ----

TEST(ManoEntity, NfvoRegistersAndEnrolsEndToEnd) {
  test::ScenarioBuilder s = mano_world();
  s.add_entity("nfvo-1", "nfvo", EntitySetup("nfvo.example.net").via({}));
  World world(s);

  expect_valid_certificate(world, "nfvo-1", "nfvo.example.net");
  // Steps of C.4.1.1 and C.4.1.2.6 appear, in order.
  std::vector<std::string> steps = {"C.4.1.1#0",   "C.4.1.1#1",   "C.4.1.1#2",   "C.4.1.2.6#0",
                                    "C.4.1.2.6#1", "C.4.1.2.6#2", "C.4.1.2.6#3", "C.4.1.2.6#4",
                                    "C.4.1.2.6#5", "C.4.1.2.6#6"};
  std::size_t previous = 0;
  for (const auto& step : steps) {
    const std::size_t at = world.first_step(step);
    ASSERT_NE(at, std::string::npos) << "no record with step " << step;
    EXPECT_GE(at, previous) << step << " out of order";
    previous = at;
  }
  EXPECT_EQ(world.first_step("C.4.1.2.7#0"), std::string::npos) << "no HSM flow without an HSM";

  auto keys = world.find(RecordKind::decision, "nfvo-1", "GenerateKey", "ok");
  ASSERT_EQ(keys.size(), 1u);
  EXPECT_EQ(detail(keys[0], "in"), "self");
  EXPECT_EQ(detail(keys[0], "key_type"), "ec-p256");
  EXPECT_EQ(detail(keys[0], "entity"), "nfvo-1");
  EXPECT_EQ(detail(keys[0], "fqdn"), "nfvo.example.net");
  auto verified = world.find(RecordKind::crypto, "nfvo-1", "CertificateVerification", "ok");
  ASSERT_EQ(verified.size(), 1u);
  auto installed = world.find(RecordKind::decision, "nfvo-1", "CertificateInstalled", "ok");
  ASSERT_EQ(installed.size(), 1u);
  EXPECT_EQ(detail(installed[0], "purpose"), "enrolment");
  EXPECT_EQ(detail(installed[0], "serial"),
            world.holder("nfvo-1").current_certificate()->certificate.serial_hex());
  EXPECT_LT(verified[0].id, installed[0].id);
  // The configuration came on Os-Ma-Nfvo over the day-0 channel, the CSR over server_auth.
  auto config = world.find(RecordKind::decision, "nfvo-1", "CertificateConfiguration", "stored");
  ASSERT_EQ(config.size(), 1u);
  EXPECT_EQ(detail(config[0], "relay"), "oss-1");
  bool server_auth_to_cmf = false;
  for (const auto& r : world.find(RecordKind::crypto, "nfvo-1", "TlsHandshake", "ok"))
    if (r.peer == "cmf-1" && detail(r, "channel") == "server_auth") server_auth_to_cmf = true;
  EXPECT_TRUE(server_auth_to_cmf);
  auto validation = world.find(RecordKind::crypto, "cmf-1", "CsrValidation", "ok");
  ASSERT_EQ(validation.size(), 1u);
  EXPECT_EQ(detail(validation[0], "auth"), "initial-credential");
}

TEST(ManoEntity, VnfmAndVimAreConfiguredThroughRelays) {
  test::ScenarioBuilder s = mano_world();
  s.add_entity("nfvo-1", "nfvo", EntitySetup("nfvo.example.net").via({}));
  s.add_entity("vnfm-1", "vnfm", EntitySetup("vnfm.example.net").via({"nfvo-1"}));
  s.add_entity("vim-1", "vim", EntitySetup("vim.example.net").via({"nfvo-1", "vnfm-1"}));
  World world(s);

  expect_valid_certificate(world, "nfvo-1", "nfvo.example.net");
  expect_valid_certificate(world, "vnfm-1", "vnfm.example.net");
  expect_valid_certificate(world, "vim-1", "vim.example.net");
  // SetCertificateConfiguration travels Os-Ma-Nfvo, then Or-Vnfm, then Vi-Vnfm.
  auto relayed = world.find(RecordKind::decision, "", "RelayConfiguration", "ok");
  bool nfvo_to_vnfm = false, nfvo_to_vnfm_for_vim = false, vnfm_to_vim = false;
  for (const auto& r : relayed) {
    if (r.actor == "nfvo-1" && r.reference_point == "Or-Vnfm" && detail(r, "target") == "vnfm-1")
      nfvo_to_vnfm = true;
    if (r.actor == "nfvo-1" && r.reference_point == "Or-Vnfm" && detail(r, "target") == "vim-1")
      nfvo_to_vnfm_for_vim = true;
    if (r.actor == "vnfm-1" && r.reference_point == "Vi-Vnfm" && detail(r, "target") == "vim-1")
      vnfm_to_vim = true;
  }
  EXPECT_TRUE(nfvo_to_vnfm && nfvo_to_vnfm_for_vim && vnfm_to_vim)
      << dump(world.records(), RecordKind::decision);
  bool sent_on_vi_vnfm = false;
  for (const auto& r : world.records())
    if (r.kind == RecordKind::send && r.actor == "vnfm-1" && r.peer == "vim-1" &&
        r.reference_point == "Vi-Vnfm")
      sent_on_vi_vnfm = true;
  EXPECT_TRUE(sent_on_vi_vnfm);
  auto vim_config = world.find(RecordKind::decision, "vim-1", "CertificateConfiguration", "stored");
  ASSERT_EQ(vim_config.size(), 1u);
  EXPECT_EQ(detail(vim_config[0], "relay"), "vnfm-1");
  // Each kind runs its own CSR flow.
  EXPECT_NE(world.first_step("C.4.2.1#0"), std::string::npos);
  EXPECT_NE(world.first_step("C.4.2.2.6#0"), std::string::npos);
  EXPECT_NE(world.first_step("C.4.2.2.6#6"), std::string::npos);
  EXPECT_NE(world.first_step("C.4.3.1#0"), std::string::npos);
  EXPECT_NE(world.first_step("C.4.3.2.6#0"), std::string::npos);
  EXPECT_NE(world.first_step("C.4.3.2.6#6"), std::string::npos);
  // Three different keys and certificates.
  EXPECT_FALSE(world.holder("vnfm-1").current_certificate()->certificate.public_key() ==
               world.holder("vim-1").current_certificate()->certificate.public_key());
}

TEST(ManoEntity, HsmVariantGeneratesAttestsAndSignsInTheHsm) {
  test::ScenarioBuilder s = mano_world();
  s.actor("hsm-1", "hsm", {{"vendor_root_recipients", {"cmf-1"}}});
  s.params("cmf-1")["key_attestation"] = "required";
  s.params("cmf-1")["hsm_vendor_roots_from"] = {"hsm-1"};
  s.add_entity("nfvo-1", "nfvo",
               EntitySetup("nfvo.example.net")
                   .via({})
                   .params({{"hsm", "hsm-1"}, {"peers", {"vnfm-1"}}, {"peer_retry", "2s"}}));
  s.add_entity("vnfm-1", "vnfm",
               EntitySetup("vnfm.example.net").via({"nfvo-1"}).params({{"hsm", "hsm-1"}}));
  World world(s);

  expect_valid_certificate(world, "nfvo-1", "nfvo.example.net");
  for (const char* step : {"C.4.1.2.7#0", "C.4.1.2.7#1", "C.4.1.2.7#2", "C.4.1.2.7#3",
                           "C.4.1.2.7#4", "C.4.1.2.7#5", "C.4.1.2.7#6"})
    EXPECT_NE(world.first_step(step), std::string::npos) << step;
  EXPECT_EQ(world.first_step("C.4.1.2.6#0"), std::string::npos);
  auto keys = world.find(RecordKind::decision, "nfvo-1", "GenerateKey", "ok");
  ASSERT_EQ(keys.size(), 1u);
  EXPECT_EQ(detail(keys[0], "in"), "hsm");
  EXPECT_EQ(keys[0].peer, "hsm-1");
  // The HSM did the work on HSM-If, and the CMF verified the statement in the CSR.
  EXPECT_FALSE(world.find(RecordKind::decision, "hsm-1", "GenerateKeyPair", "ok").empty());
  EXPECT_FALSE(world.find(RecordKind::decision, "hsm-1", "AttestKey", "ok").empty());
  EXPECT_FALSE(world.find(RecordKind::decision, "hsm-1", "SignCsr", "ok").empty());
  auto attested = world.find(RecordKind::crypto, "cmf-1", "KeyAttestationVerification", "ok");
  EXPECT_EQ(attested.size(), 2u) << dump(world.records(), RecordKind::crypto);
  EXPECT_TRUE(
      world.find(RecordKind::crypto, "cmf-1", "KeyAttestationVerification", "rejected").empty());
  // One HSM key per entity (NFVO and VNFM).
  EXPECT_EQ(world.find(RecordKind::decision, "hsm-1", "GenerateKeyPair", "ok").size(), 2u);
  // Issue 20: the HSM-held keys authenticate TLS, hsm-1 signing each end's CertificateVerify.
  EXPECT_TRUE(world.find(RecordKind::decision, "nfvo-1", "SessionCheck", "skipped").empty());
  auto checked = world.find(RecordKind::decision, "nfvo-1", "SessionCheck", "ok");
  ASSERT_EQ(checked.size(), 1u) << dump(world.records(), RecordKind::decision);
  EXPECT_EQ(detail(checked[0], "peer"), "vnfm-1");
  std::map<std::string, int> signed_for;
  for (const auto& r : world.find(RecordKind::decision, "hsm-1", "SignData", "ok")) {
    ++signed_for[r.peer];
    EXPECT_EQ(detail(r, "purpose"), "tls-certificate-verify");
  }
  EXPECT_GE(signed_for["nfvo-1"], 1);  // its client end
  EXPECT_GE(signed_for["vnfm-1"], 1);  // the VNFM's server end
}

TEST(ManoEntity, MutualTlsSessionChecksBetweenNfvoAndVnfm) {
  test::ScenarioBuilder s = mano_world();
  s.add_entity("nfvo-1", "nfvo",
               EntitySetup("nfvo.example.net")
                   .via({})
                   .params({{"peers", {"vnfm-1"}}, {"peer_retry", "2s"}}));
  s.add_entity("vnfm-1", "vnfm",
               EntitySetup("vnfm.example.net")
                   .via({"nfvo-1"})
                   .params({{"peers", {"nfvo-1"}}, {"peer_retry", "2s"}}));
  World world(s);

  expect_valid_certificate(world, "nfvo-1", "nfvo.example.net");
  expect_valid_certificate(world, "vnfm-1", "vnfm.example.net");
  for (const std::string actor : {"nfvo-1", "vnfm-1"}) {
    auto checks = world.find(RecordKind::decision, actor, "SessionCheck", "ok");
    ASSERT_EQ(checks.size(), 1u) << actor << "\n" << dump(world.records(), RecordKind::decision);
    EXPECT_EQ(checks[0].reference_point, "Or-Vnfm");
    EXPECT_EQ(detail(checks[0], "channel"), "mutual");
    EXPECT_EQ(detail(checks[0], "peer"), actor == "nfvo-1" ? "vnfm-1" : "nfvo-1");
    EXPECT_NE(detail(checks[0], "peer_subject")
                  .find(actor == "nfvo-1" ? "vnfm.example.net" : "nfvo.example.net"),
              std::string::npos);
    EXPECT_TRUE(world.find(RecordKind::decision, actor, "SessionCheck", "failed").empty());
  }
  bool mutual = false;
  for (const auto& r : world.find(RecordKind::crypto, "nfvo-1", "TlsHandshake", "ok"))
    if (r.peer == "vnfm-1" && detail(r, "channel") == "mutual") mutual = true;
  EXPECT_TRUE(mutual);
}

TEST(ManoEntity, RenewsAboutEvery335DaysOverTwoYears) {
  test::ScenarioBuilder s = mano_world("730d");
  s.params("ca-1")["validity"] = "365d";
  s.params("cmf-1")["monitor_interval"] = "30d";
  s.add_entity("nfvo-1", "nfvo",
               EntitySetup("nfvo.example.net").via({}).params({{"renewal_threshold", "30d"}}));
  World world(s);

  auto due = world.find(RecordKind::decision, "nfvo-1", "RenewalDue", "ok");
  auto installed = world.find(RecordKind::decision, "nfvo-1", "CertificateInstalled", "ok");
  ASSERT_EQ(due.size(), 2u) << dump(world.records(), RecordKind::decision);
  ASSERT_EQ(installed.size(), 3u) << dump(world.records(), RecordKind::decision)
                                  << dump(world.records(), RecordKind::crypto);
  EXPECT_EQ(detail(installed[0], "purpose"), "enrolment");
  EXPECT_EQ(detail(installed[1], "purpose"), "renewal");
  EXPECT_EQ(detail(installed[2], "purpose"), "renewal");
  for (std::size_t i = 1; i < installed.size(); ++i) {
    const double days = (installed[i].time - installed[i - 1].time).to_seconds() / 86400.0;
    EXPECT_NEAR(days, 335.0, 1.0) << "renewal " << i;
  }
  // Renewals authenticate with the current certificate over mutual TLS (no initial credential).
  auto validations = world.find(RecordKind::crypto, "cmf-1", "CsrValidation", "ok");
  ASSERT_EQ(validations.size(), 3u);
  EXPECT_EQ(detail(validations[0], "auth"), "initial-credential");
  EXPECT_EQ(detail(validations[1], "auth"), "certificate");
  EXPECT_EQ(detail(validations[2], "auth"), "certificate");
  const auto& holder = world.holder("nfvo-1");
  ASSERT_EQ(holder.certificate_history().size(), 3u);
  EXPECT_EQ(holder.current_certificate()->purpose, "renewal");
  EXPECT_EQ(holder.current_certificate()->certificate, holder.certificate_history()[2].certificate);
  EXPECT_FALSE(holder.certificate_history()[0].certificate.public_key() ==
               holder.certificate_history()[1].certificate.public_key())
      << "a renewal uses a new key pair";
  expect_valid_certificate(world, "nfvo-1", "nfvo.example.net");
}

TEST(ManoEntity, WimRejectsPeersOutsideItsAccessList) {
  test::ScenarioBuilder s = mano_world();
  s.add_entity(
      "nfvo-1", "nfvo",
      EntitySetup("nfvo.example.net").via({}).params({{"peers", {"wim-1"}}, {"peer_retry", "2s"}}));
  s.add_entity("vnfm-1", "vnfm",
               EntitySetup("vnfm.example.net")
                   .via({"nfvo-1"})
                   .params({{"peers", {"wim-1"}}, {"peer_retry", "2s"}}));
  s.add_entity("wim-1", "wim",
               EntitySetup("wim.example.net").via({"nfvo-1"}).params({{"access", json::array()}}));
  World world(s);

  expect_valid_certificate(world, "wim-1", "wim.example.net");
  // The NFVO configured the WIM on Or-Wi, so it may talk to it.
  bool or_wi = false;
  for (const auto& r : world.find(RecordKind::decision, "nfvo-1", "RelayConfiguration", "ok"))
    if (r.reference_point == "Or-Wi" && detail(r, "target") == "wim-1") or_wi = true;
  EXPECT_TRUE(or_wi);
  auto nfvo_ok = world.find(RecordKind::decision, "nfvo-1", "SessionCheck", "ok");
  ASSERT_EQ(nfvo_ok.size(), 1u) << dump(world.records(), RecordKind::decision);
  EXPECT_EQ(nfvo_ok[0].reference_point, "Or-Wi");
  // The VNFM holds a valid certificate but is not in the WIM's access list.
  auto denied = world.find(RecordKind::decision, "wim-1", "AccessDenied", "rejected");
  ASSERT_EQ(denied.size(), 1u);
  EXPECT_EQ(denied[0].peer, "vnfm-1");
  EXPECT_EQ(detail(denied[0], "entity"), "wim-1");
  EXPECT_EQ(detail(denied[0], "fqdn"), "wim.example.net");
  EXPECT_EQ(detail(denied[0], "reason"), "peer not in access list");
  auto failed = world.find(RecordKind::decision, "vnfm-1", "SessionCheck", "failed");
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_NE(detail(failed[0], "reason").find("access denied"), std::string::npos);
  EXPECT_TRUE(world.find(RecordKind::decision, "vnfm-1", "SessionCheck", "ok").empty());
}

TEST(ManoEntity, CismAndCirAreConfiguredOnTheirServiceInterfaces) {
  test::ScenarioBuilder s = mano_world();
  s.add_entity("nfvo-1", "nfvo", EntitySetup("nfvo.example.net").via({}));
  s.add_entity("cism-1", "cism", EntitySetup("cism.example.net").via({"nfvo-1"}));
  s.add_entity("cir-1", "cir", EntitySetup("cir.example.net").via({"nfvo-1"}));
  World world(s);

  expect_valid_certificate(world, "cism-1", "cism.example.net");
  expect_valid_certificate(world, "cir-1", "cir.example.net");
  std::map<std::string, std::string> reference_points;
  for (const auto& r : world.find(RecordKind::decision, "nfvo-1", "RelayConfiguration", "ok"))
    reference_points[detail(r, "target")] = r.reference_point;
  EXPECT_EQ(reference_points["cism-1"], "CISM-SI");
  EXPECT_EQ(reference_points["cir-1"], "CIR-SI");
  // No Annex C flow for them: their key generation carries no step.
  for (const std::string actor : {"cism-1", "cir-1"}) {
    auto keys = world.find(RecordKind::decision, actor, "GenerateKey", "ok");
    ASSERT_EQ(keys.size(), 1u);
    EXPECT_TRUE(keys[0].step.empty());
  }
}

TEST(ManoEntity, CrlPublicationsReachSubscribersOnceTheirIssuerIsKnown) {
  test::ScenarioBuilder s = mano_world();
  s.params("ca-1")["crl_subscribers"] = {"nfvo-1", "vnfm-1"};
  s.params("ca-1")["crl_next_update"] = "7d";
  s.add_entity("nfvo-1", "nfvo",
               EntitySetup("nfvo.example.net")
                   .via({})
                   .params({{"peers", {"vnfm-1"}}, {"peer_retry", "2s"}, {"peer_retries", 2}}));
  s.add_entity("vnfm-1", "vnfm", EntitySetup("vnfm.example.net").via({"nfvo-1"}));
  s.command("1m", "oss-1", "revoke", {{"entity", "vnfm-1"}, {"reason", "keyCompromise"}});
  s.command("2m", "nfvo-1", "check_peers");
  World world(s);

  // The start-up CRL arrives before the NFVO knows its issuer: kept, then applied.
  auto deferred = world.find(RecordKind::decision, "nfvo-1", "CrlUpdated", "deferred");
  ASSERT_EQ(deferred.size(), 1u) << dump(world.records(), RecordKind::decision);
  auto updated = world.find(RecordKind::decision, "nfvo-1", "CrlUpdated", "ok");
  ASSERT_EQ(updated.size(), 2u) << dump(world.records(), RecordKind::decision);
  EXPECT_EQ(detail(updated[0], "entries"), "0");
  EXPECT_EQ(detail(updated[1], "entries"), "1");
  EXPECT_EQ(world.find(RecordKind::crypto, "nfvo-1", "CrlVerification", "ok").size(), 2u);
  // With the first CRL in force, the mutual session check with the VNFM worked.
  auto checks = world.find(RecordKind::decision, "nfvo-1", "SessionCheck");
  ASSERT_EQ(checks.size(), 2u) << dump(world.records(), RecordKind::decision);
  EXPECT_EQ(checks[0].outcome, "ok") << dump(world.records(), RecordKind::crypto);
  // After revocation the VNFM dropped its certificate, and the next check fails.
  EXPECT_EQ(world.find(RecordKind::decision, "vnfm-1", "CertificateRemoved", "ok").size(), 1u);
  EXPECT_FALSE(world.holder("vnfm-1").current_certificate().has_value());
  EXPECT_EQ(checks[1].outcome, "failed");
  EXPECT_EQ(detail(checks[1], "attempts"), "3");
}

// The switches for negative scenarios: a peer left to expire (auto_renew false), a peer that
// ignores its removal and goes on presenting its revoked certificate, and session checks sent
// without a client certificate; the entities at the other end refuse each.
TEST(ManoEntity, BadPeersAreRefusedAndTheExpiryWatchIsTraced) {
  test::ScenarioBuilder s = mano_world("2d");
  s.params("ca-1")["validity"] = "1d";
  s.params("ca-1")["crl_interval"] = "1d";
  s.params("ca-1")["crl_subscribers"] = {"nfvo-1"};
  s.add_entity(
      "nfvo-1", "nfvo",
      EntitySetup("nfvo.example.net").via({}).params({{"peer_retry", "10s"}, {"peer_retries", 0}}));
  s.add_entity("vnfm-1", "vnfm",
               EntitySetup("vnfm.example.net").via({"nfvo-1"}).params({{"auto_renew", false}}));
  s.add_entity("vim-1", "vim",
               EntitySetup("vim.example.net")
                   .via({"nfvo-1"})
                   .params({{"auto_renew", false}, {"ignore_removal", true}}));
  s.add_entity("wim-1", "wim", EntitySetup("wim.example.net").via({"nfvo-1"}));
  s.command("1h", "oss-1", "revoke", {{"entity", "vim-1"}, {"reason", "keyCompromise"}});
  s.command("2h", "nfvo-1", "check_peers", {{"peers", {"vim-1"}}});
  s.command("2h1m", "nfvo-1", "check_peers", {{"peers", {"wim-1"}}, {"channel", "server_auth"}});
  s.command("1d12h", "nfvo-1", "check_peers", {{"peers", {"vnfm-1"}}});
  World world(s);
  const auto all = dump(world.records(), RecordKind::decision);

  // vim-1 kept its revoked certificate; the NFVO, holding the CRL, refused it.
  ASSERT_EQ(world.find(RecordKind::decision, "vim-1", "CertificateRemoved", "ignored").size(), 1u)
      << all;
  EXPECT_TRUE(world.holder("vim-1").current_certificate().has_value());
  std::vector<std::string> refusals;
  for (const auto& r : world.find(RecordKind::crypto, "nfvo-1", "TlsHandshake", "failed"))
    refusals.push_back(r.peer + ": " + detail(r, "verification"));
  EXPECT_NE(std::find(refusals.begin(), refusals.end(), "vim-1: certificate revoked"),
            refusals.end())
      << dump(world.records(), RecordKind::crypto);
  // vnfm-1 never renewed (no expiry watch): its expired certificate is refused.
  EXPECT_TRUE(world.find(RecordKind::decision, "vnfm-1", "RenewalDue").empty());
  EXPECT_NE(std::find(refusals.begin(), refusals.end(), "vnfm-1: certificate has expired"),
            refusals.end())
      << dump(world.records(), RecordKind::crypto);
  // A request without a client certificate: the WIM's access control refuses it.
  auto denied = world.find(RecordKind::decision, "wim-1", "AccessDenied", "rejected");
  ASSERT_EQ(denied.size(), 1u) << all;
  EXPECT_EQ(detail(denied[0], "peer"), "nfvo-1");
  EXPECT_NE(detail(denied[0], "reason").find("not authenticated"), std::string::npos);
  // The NFVO's own expiry watch renewed it (1-day certificates: halfway through).
  auto due = world.find(RecordKind::decision, "nfvo-1", "RenewalDue", "ok");
  ASSERT_FALSE(due.empty()) << all;
  EXPECT_EQ(detail(due[0], "trigger"), "expiry-watch");
  // Every mutual handshake names the certificate each end presented.
  for (const auto& r : world.find(RecordKind::crypto, "nfvo-1", "TlsHandshake", "ok"))
    if (detail(r, "channel") == "mutual") {
      EXPECT_NE(detail(r, "serial"), "<none>") << r.detail;
      EXPECT_NE(detail(r, "peer_serial"), "<none>") << r.detail;
    }
}

// The entity asks its CMF to revoke its own certificate (mutual TLS with that certificate): the
// CA revokes it, the CMF answers and removes it; afterwards there is nothing left to revoke.
TEST(ManoEntity, AnEntityRevokesItsOwnCertificateThroughItsCmf) {
  test::ScenarioBuilder s = mano_world();
  s.add_entity("nfvo-1", "nfvo", EntitySetup("nfvo.example.net").via({}));
  s.command("1m", "nfvo-1", "revoke", {{"reason", "keyCompromise"}});
  s.command("2m", "nfvo-1", "revoke");
  World world(s);
  const auto all = dump(world.records(), RecordKind::decision);

  auto installed = world.find(RecordKind::decision, "nfvo-1", "CertificateInstalled", "ok");
  ASSERT_EQ(installed.size(), 1u) << all;
  const auto serial = detail(installed[0], "serial");
  auto asked = world.find(RecordKind::decision, "nfvo-1", "RevocationRequest", "requested");
  ASSERT_EQ(asked.size(), 1u) << all;
  EXPECT_EQ(detail(asked[0], "serial"), serial);
  auto at_ca = world.find(RecordKind::decision, "ca-1", "RevokeCertificate", "ok");
  ASSERT_EQ(at_ca.size(), 1u) << all;
  EXPECT_EQ(detail(at_ca[0], "serial"), serial);
  auto cmf = world.find(RecordKind::decision, "cmf-1", "RevocationRequest", "ok");
  ASSERT_EQ(cmf.size(), 1u) << all;
  EXPECT_EQ(detail(cmf[0], "consumer"), "nfvo-1");
  auto answered = world.find(RecordKind::decision, "nfvo-1", "RevocationResult", "ok");
  ASSERT_EQ(answered.size(), 1u) << all;
  EXPECT_EQ(detail(answered[0], "serial"), serial);
  EXPECT_EQ(world.find(RecordKind::decision, "nfvo-1", "CertificateRemoved", "ok").size(), 1u)
      << all;
  EXPECT_FALSE(world.holder("nfvo-1").current_certificate().has_value());
  // The second request finds no certificate.
  auto again = world.find(RecordKind::decision, "nfvo-1", "RevocationRequest", "rejected");
  ASSERT_EQ(again.size(), 1u) << all;
  EXPECT_EQ(detail(again[0], "reason"), "no certificate held");
}

TEST(ManoEntity, WithoutAutoEnrolTheEntityWaitsForTheEnrolCommand) {
  test::ScenarioBuilder s = mano_world();
  s.add_entity("nfvo-1", "nfvo",
               EntitySetup("nfvo.example.net").via({}).params({{"auto_enrol", false}}));
  s.command("30s", "nfvo-1", "enrol");
  World world(s);

  auto stored = world.find(RecordKind::decision, "nfvo-1", "CertificateConfiguration", "stored");
  auto keys = world.find(RecordKind::decision, "nfvo-1", "GenerateKey", "ok");
  ASSERT_EQ(stored.size(), 1u);
  ASSERT_EQ(keys.size(), 1u);
  EXPECT_LT(stored[0].time, sim::Time::zero() + sim::Duration::seconds(2));
  EXPECT_GE(keys[0].time, sim::Time::zero() + sim::Duration::seconds(30));
  expect_valid_certificate(world, "nfvo-1", "nfvo.example.net");
}

TEST(ManoEntity, SameScenarioGivesTheSameTrace) {
  test::ScenarioBuilder s = mano_world();
  s.add_entity("nfvo-1", "nfvo",
               EntitySetup("nfvo.example.net").via({}).params({{"peers", {"vnfm-1"}}}));
  s.add_entity("vnfm-1", "vnfm",
               EntitySetup("vnfm.example.net").via({"nfvo-1"}).params({{"peers", {"nfvo-1"}}}));
  World first(s);
  World second(s);
  EXPECT_EQ(first.simulation().trace().fingerprint(), second.simulation().trace().fingerprint());
  EXPECT_EQ(first.records().size(), second.records().size());
  EXPECT_FALSE(first.find(RecordKind::decision, "vnfm-1", "SessionCheck", "ok").empty());
}

TEST(ManoEntity, TamperedCsrIsRejectedAndNothingIsInstalled) {
  test::ScenarioBuilder s = mano_world();
  s.add_entity("nfvo-1", "nfvo",
               EntitySetup("nfvo.example.net").via({}).params({{"tamper_csr", true}}));
  World world(s);

  EXPECT_FALSE(world.holder("nfvo-1").current_certificate().has_value());
  auto rejected = world.find(RecordKind::crypto, "cmf-1", "CsrValidation", "rejected");
  ASSERT_EQ(rejected.size(), 1u);
  EXPECT_NE(detail(rejected[0], "reason").find("signature"), std::string::npos);
  auto failed = world.find(RecordKind::decision, "nfvo-1", "EnrolmentFailed", "rejected");
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_TRUE(world.find(RecordKind::decision, "ca-1", "IssueCertificate", "ok").size() <= 1u)
      << "at most the CMF's own certificate is issued";
}

TEST(ManoEntity, WrongSecretFailsThenRetriesWithoutSuccess) {
  test::ScenarioBuilder s = mano_world();
  s.add_entity(
      "nfvo-1", "nfvo",
      EntitySetup("nfvo.example.net")
          .via({})
          .params({{"wrong_secret", true}, {"enrol_retries", 1}, {"enrol_retry_delay", "5s"}}));
  World world(s);

  EXPECT_FALSE(world.holder("nfvo-1").current_certificate().has_value());
  auto rejected = world.find(RecordKind::crypto, "cmf-1", "CsrValidation", "rejected");
  ASSERT_EQ(rejected.size(), 2u) << "first attempt and one retry";
  EXPECT_NE(detail(rejected[0], "reason").find("MAC"), std::string::npos);
  EXPECT_EQ(world.find(RecordKind::decision, "nfvo-1", "EnrolmentFailed", "rejected").size(), 2u);
  EXPECT_EQ(world.find(RecordKind::decision, "nfvo-1", "GenerateKey", "ok").size(), 2u);
}

TEST(ManoEntity, ParameterChecksNameTheProblem) {
  const auto registry = builtin_registry();
  const auto* type = registry.find("vnfm");
  ASSERT_NE(type, nullptr);
  std::vector<sim::Diagnostic> out;
  type->check_params({{"key_type", "ec-p999"}, {"peerz", json::array()}}, out);
  ASSERT_EQ(out.size(), 2u);
  std::string all = out[0].message + " | " + out[1].message;
  EXPECT_NE(all.find("did you mean \"peers\""), std::string::npos) << all;
  EXPECT_NE(all.find("key_type"), std::string::npos) << all;
  out.clear();
  type->check_params({{"processing", {{"keygen", "5ms"}, {"sign", "1ms"}}},
                      {"renewal_threshold", "30d"},
                      {"access", {"nfvo-1"}}},
                     out);
  EXPECT_TRUE(out.empty());
  for (const char* kind : {"nfvo", "vnfm", "vim", "wim", "cism", "cir"})
    EXPECT_NE(registry.find(kind), nullptr) << kind;
}

}  // namespace
}  // namespace ifa026::actors
