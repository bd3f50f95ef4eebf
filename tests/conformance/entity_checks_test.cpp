// The Annex B.2-B.7 entity checks on synthetic traces: each passes on the trace of a correct
// entity and fails (or is inconclusive) when the trace shows the requirement broken (or not
// exercised).
#include <gtest/gtest.h>

#include "conformance/entity_checks.hpp"
#include "conformance/entity_csr_checks.hpp"
#include "conformance/entity_lifecycle_check.hpp"
#include "conformance/entity_mutual_tls_check.hpp"
#include "conformance/entity_protection_checks.hpp"
#include "conformance/trace_query.hpp"
#include "tests/conformance/mano_trace_fixture.hpp"

namespace ifa026::conformance::entity_checks_test {
namespace {

using nlohmann::json;
using testing::TraceBuilder;
using testing::World;

const std::vector<std::pair<std::string, std::string>> kActors = {
    {"ca-1", "ca"},   {"cmf-1", "cmf"},   {"oss-1", "oss"}, {"nfvo-1", "nfvo"},
    {"wim-1", "wim"}, {"vnfm-1", "vnfm"}, {"hsm-1", "hsm"}};

std::function<CheckResult(const CheckContext&)> of(CheckResult (*check)(const CheckContext&,
                                                                        const std::string&),
                                                   std::string type) {
  return [check, type](const CheckContext& c) { return check(c, type); };
}

// nfvo-1 and wim-1 enrolled; wim-1's subject is what the CA issued.
TraceBuilder enrolled(World& world) {
  auto nfvo = world.certify("nfvo-1", "nfvo-1.example.net");
  auto wim = world.certify("wim-1", "wim-1.example.net");
  TraceBuilder t;
  t.registration("", "nfvo-1", "nfvo-1.example.net");
  t.configuration("nfvo-1", "nfvo-1.example.net");
  t.csr("C.4.1.2.6", "nfvo-1", "nfvo-1.example.net", nfvo.certificate.serial_hex());
  t.registration("", "wim-1", "wim-1.example.net");
  t.configuration("wim-1", "wim-1.example.net");
  t.csr("", "wim-1", "wim-1.example.net", wim.certificate.serial_hex());
  return t;
}

// The serial of the last certificate `entity` installed in `t` ("" when none).
std::string installed_serial(const TraceBuilder& t, const std::string& entity) {
  std::string serial;
  for (const auto& r : t.records)
    if (r.actor == entity && r.operation == "CertificateInstalled") serial = detail_of(r, "serial");
  return serial;
}

// A mutual session nfvo-1 -> wim-1 and a session check over it; each side names the certificate
// it presented and the one it received.
void session(TraceBuilder& t, const std::string& a = "nfvo-1", const std::string& b = "wim-1") {
  const auto serial_a = installed_serial(t, a);
  const auto serial_b = installed_serial(t, b);
  t.message(a, b, "TlsHandshake", "", true, "Or-Wi");
  t.message(b, a, "TlsHandshake", "", true, "Or-Wi");
  t.message(a, b, "SessionCheckRequest", "", true, "Or-Wi");
  t.advance(-1);  // the server completes the handshake while handling that flight
  t.crypto(b, "TlsHandshake", "", "ok",
           "channel=mutual; role=server; peer=" + a + "; peer_subject=CN=" + a +
               ".example.net,O=Operator; peer_serial=" + serial_a + "; serial=" + serial_b,
           a);
  t.message(b, a, "SessionCheckResponse", "", true, "Or-Wi");
  t.advance(-1);  // the client marks the session established on the server's answer
  t.crypto(a, "TlsHandshake", "", "ok",
           "channel=mutual; role=client; peer=" + b + "; peer_subject=CN=" + b +
               ".example.net,O=Operator; peer_serial=" + serial_b + "; serial=" + serial_a,
           b);
  t.decision(a, "SessionCheck", "", "ok", "entity=" + a + "; peer=" + b + "; channel=mutual", b);
}

TEST(EntityChecks, MutualTlsWithTheCmfIssuedCertificate) {
  World world(kActors, {{"sessions", json::array({json::array({"nfvo-1", "wim-1"})})}});
  auto t = enrolled(world);
  session(t);
  auto pass = world.run(of(check_mutual_tls, "wim"), t.records);
  EXPECT_EQ(pass.verdict, Verdict::pass) << pass.reason;
  EXPECT_EQ(world.run(of(check_mutual_tls, "nfvo"), t.records).verdict, Verdict::pass);

  // The expected session never came up.
  auto none = enrolled(world);
  auto r = world.run(of(check_mutual_tls, "wim"), none.records);
  EXPECT_EQ(r.verdict, Verdict::fail) << r.reason;
  // A handshake before the entity held any certificate.
  TraceBuilder early;
  session(early);
  auto e = world.run(of(check_mutual_tls, "wim"), early.records);
  EXPECT_EQ(e.verdict, Verdict::fail) << e.reason;
  EXPECT_NE(e.reason.find("without a CMF-issued certificate"), std::string::npos) << e.reason;
  // A peer whose certificate no CMF of the scenario issued.
  auto rogue = enrolled(world);
  session(rogue);
  for (auto& rec : rogue.records)
    if (rec.operation == "TlsHandshake" && rec.actor == "wim-1" &&
        rec.kind == sim::RecordKind::crypto)
      rec.detail = "channel=mutual; role=server; peer=nfvo-1; peer_subject=CN=intruder";
  EXPECT_EQ(world.run(of(check_mutual_tls, "wim"), rogue.records).verdict, Verdict::fail);
  // The peer's subject is right but the certificate it presented is not one a CMF delivered
  // (same subject, another serial): tied by serial, not by name.
  auto forged = enrolled(world);
  session(forged);
  for (auto& rec : forged.records)
    if (rec.operation == "TlsHandshake" && rec.actor == "wim-1" &&
        rec.kind == sim::RecordKind::crypto)
      rec.detail =
          "channel=mutual; role=server; peer=nfvo-1; peer_subject=CN=nfvo-1.example.net,"
          "O=Operator; peer_serial=0BADC0DE";
  auto f = world.run(of(check_mutual_tls, "wim"), forged.records);
  EXPECT_EQ(f.verdict, Verdict::fail) << f.reason;
  EXPECT_NE(f.reason.find("0BADC0DE"), std::string::npos) << f.reason;
  // Presenting a certificate other than the one it holds.
  auto other = enrolled(world);
  session(other);
  for (auto& rec : other.records)
    if (rec.operation == "TlsHandshake" && rec.actor == "wim-1" &&
        rec.kind == sim::RecordKind::crypto) {
      auto at = rec.detail.find("; serial=");
      rec.detail = rec.detail.substr(0, at) + "; serial=77";
    }
  auto o = world.run(of(check_mutual_tls, "wim"), other.records);
  EXPECT_EQ(o.verdict, Verdict::fail) << o.reason;
  EXPECT_NE(o.reason.find("not the one it holds"), std::string::npos) << o.reason;
  // A peer certificate another CA issued than those the entity's CMF uses.
  World strict(kActors, {{"sessions", json::array({json::array({"nfvo-1", "wim-1"})})}});
  strict.set_params("cmf-1", {{"ca", "ca-1"}});
  auto foreign = enrolled(strict);
  for (auto& rec : foreign.records)
    if (rec.operation == "CertificateDelivered" && detail_of(rec, "entity") == "nfvo-1")
      rec.detail += "; ca=ca-9";
  session(foreign);
  auto x = strict.run(of(check_mutual_tls, "wim"), foreign.records);
  EXPECT_EQ(x.verdict, Verdict::fail) << x.reason;
  EXPECT_NE(x.reason.find("a CA its CMF does not use"), std::string::npos) << x.reason;
  auto same = enrolled(strict);
  session(same);
  EXPECT_EQ(strict.run(of(check_mutual_tls, "wim"), same.records).verdict, Verdict::pass);
}

TEST(EntityChecks, MutualTlsReportsEachKindOfBadPeerCertificateRefused) {
  auto actors = kActors;
  actors.push_back({"ca-2", "ca"});
  World world(actors);
  world.set_params("cmf-1", {{"ca", "ca-1"}});
  auto t = enrolled(world);
  session(t);
  auto only_session = world.run(of(check_mutual_tls, "wim"), t.records);
  EXPECT_EQ(only_session.verdict, Verdict::pass) << only_session.reason;
  EXPECT_EQ(only_session.observed, std::set<std::string>{"mutual session"});
  // The bad certificates as the trace knows them: one from ca-2 (a CA cmf-1 does not use), one
  // expired when presented, one revoked at its CA.
  t.decision("ca-2", "IssueCertificate", "", "ok", "serial=99; not_after=2027-01-01T00:00:00Z",
             "cmf-2");
  t.decision("ca-1", "IssueCertificate", "", "ok", "serial=98; not_after=2026-01-01T00:00:00Z",
             "cmf-1");
  t.decision("ca-1", "IssueCertificate", "", "ok", "serial=97; not_after=2027-01-01T00:00:00Z",
             "cmf-1");
  t.decision("ca-1", "RevokeCertificate", "", "ok", "serial=97", "cmf-1");
  auto refuse = [](TraceBuilder& b, const std::string& serial, const std::string& why) {
    b.crypto("wim-1", "TlsHandshake", "", "failed",
             "channel=mutual; role=client; peer=vnfm-1; peer_serial=" + serial +
                 "; alert=bad certificate; verification=" + why,
             "vnfm-1");
  };
  auto bad = t;
  refuse(bad, "99", "unable to get local issuer certificate");
  refuse(bad, "98", "certificate has expired");
  refuse(bad, "97", "certificate revoked");
  auto all = world.run(of(check_mutual_tls, "wim"), bad.records);
  EXPECT_EQ(all.verdict, Verdict::pass) << all.reason;
  EXPECT_EQ(all.observed, (std::set<std::string>{kMutualTlsParts.begin(), kMutualTlsParts.end()}));
  // A refusal the trace contradicts fails: "untrusted" for a certificate of its own CMF's CA,
  // "expired" for one still valid, "revoked" for one never revoked.
  for (const auto& [serial, why] : std::vector<std::pair<std::string, std::string>>{
           {"97", "unable to get local issuer certificate"},
           {"99", "certificate has expired"},
           {"98", "certificate revoked"}}) {
    auto wrong = t;
    refuse(wrong, serial, why);
    auto r = world.run(of(check_mutual_tls, "wim"), wrong.records);
    EXPECT_EQ(r.verdict, Verdict::fail) << why << ": " << r.reason;
    EXPECT_TRUE(r.observed.size() <= 1) << why;
  }
  // A failure that is not the entity's own verification of the peer (an alert it received)
  // shows no refusal.
  auto alert = enrolled(world);
  alert.crypto("wim-1", "TlsHandshake", "", "failed",
               "channel=mutual; role=server; peer=vnfm-1; alert=certificate expired", "vnfm-1");
  EXPECT_TRUE(world.run(of(check_mutual_tls, "wim"), alert.records).observed.empty());
}

TEST(EntityChecks, MutualTlsFailsOnAPeerCertificateItsCrlRevokes) {
  World world(kActors);
  auto t = enrolled(world);
  const auto nfvo_serial = installed_serial(t, "nfvo-1");
  t.decision("ca-1", "RevokeCertificate", "", "ok", "serial=" + nfvo_serial, "cmf-1");
  t.decision("ca-1", "PublishCrl", "", "ok", "number=3; entries=1", "");
  t.decision("wim-1", "CrlUpdated", "", "ok", "entity=wim-1; number=3; entries=1", "ca-1");
  session(t);
  auto r = world.run(of(check_mutual_tls, "wim"), t.records);
  EXPECT_EQ(r.verdict, Verdict::fail) << r.reason;
  EXPECT_NE(r.reason.find("revokes it"), std::string::npos) << r.reason;
}

TEST(EntityChecks, LifecycleRenewsBeforeExpiryWithAFreshKey) {
  World world(kActors, {{"renewals", {{"nfvo-1", 1}}}});
  world.simulation(sim::Duration::days(400));
  auto first = world.certify("nfvo-1", "nfvo-1.example.net");
  auto second = world.certify("nfvo-1", "nfvo-1.example.net");
  TraceBuilder t;
  t.csr("C.4.1.2.6", "nfvo-1", "nfvo-1.example.net", first.certificate.serial_hex(),
        "2027-01-01T00:00:00Z");
  t.decision("nfvo-1", "RenewalDue", "", "ok", "entity=nfvo-1");
  t.csr("C.4.1.2.6", "nfvo-1", "nfvo-1.example.net", second.certificate.serial_hex(),
        "2027-12-01T00:00:00Z", "renewal");
  auto pass = world.run(of(check_certificate_lifecycle, "nfvo"), t.records);
  EXPECT_EQ(pass.verdict, Verdict::pass) << pass.reason;
  EXPECT_NE(pass.reason.find("renewal x1"), std::string::npos) << pass.reason;
  EXPECT_TRUE(pass.observed.contains("renewal"));
  // The renewal came from a workload command, not the entity's own expiry watch: no monitoring.
  EXPECT_FALSE(pass.observed.contains("monitoring"));

  // Without the renewal the first certificate expires inside the 400-day run.
  TraceBuilder expired;
  expired.csr("C.4.1.2.6", "nfvo-1", "nfvo-1.example.net", first.certificate.serial_hex(),
              "2027-01-01T00:00:00Z");
  auto r = world.run(of(check_certificate_lifecycle, "nfvo"), expired.records);
  EXPECT_EQ(r.verdict, Verdict::fail) << r.reason;
  EXPECT_NE(r.reason.find("without renewal"), std::string::npos) << r.reason;

  // The same key pair reused for the renewal.
  auto& h = world.holder("nfvo-1");
  h.history[1] = h.history[0];
  auto reused = world.run(of(check_certificate_lifecycle, "nfvo"), t.records);
  EXPECT_EQ(reused.verdict, Verdict::fail) << reused.reason;
}

TEST(EntityChecks, RemovalMustBeHandled) {
  World world(kActors, {{"removed", {"wim-1"}}});
  auto t = enrolled(world);
  t.message("cmf-1", "wim-1", "CertificateRemoved");
  auto r = world.run(of(check_certificate_lifecycle, "wim"), t.records);
  EXPECT_EQ(r.verdict, Verdict::fail) << r.reason;
  t.decision("wim-1", "CertificateRemoved", "", "ok", "entity=wim-1; serial=AA", "cmf-1");
  auto pass = world.run(of(check_certificate_lifecycle, "wim"), t.records);
  EXPECT_EQ(pass.verdict, Verdict::pass) << pass.reason;
  EXPECT_TRUE(pass.observed.contains("removal"));
  EXPECT_FALSE(pass.observed.contains("revocation"));  // removed, but no revocation traced
  // A removal the entity ignored (it keeps its certificate) fails.
  for (auto& rec : t.records)
    if (rec.actor == "wim-1" && rec.operation == "CertificateRemoved") rec.outcome = "ignored";
  EXPECT_EQ(world.run(of(check_certificate_lifecycle, "wim"), t.records).verdict, Verdict::fail);
}

TEST(EntityChecks, LifecyclePartsObservedOnlyWhenTheTraceShowsThem) {
  World world(kActors);
  world.simulation(sim::Duration::days(30));
  auto t = enrolled(world);
  auto first = world.run(of(check_certificate_lifecycle, "wim"), t.records);
  EXPECT_EQ(first.verdict, Verdict::pass) << first.reason;
  EXPECT_EQ(first.observed, (std::set<std::string>{"CSR", "enrolment"}));
  EXPECT_NE(first.reason.find("not in this scenario: renewal, removal, revocation, monitoring"),
            std::string::npos)
      << first.reason;
  const auto serial = installed_serial(t, "wim-1");
  const std::string about = "entity=wim-1; fqdn=wim-1.example.net";
  // Its own expiry watch fires before not_after (2027-01-01 in the fixture): monitoring.
  t.decision(
      "wim-1", "RenewalDue", "", "ok",
      about + "; serial=" + serial + "; not_after=2027-01-01T00:00:00Z; trigger=expiry-watch");
  // The CMF reports a revocation the CA never carried out: fail.
  auto claimed = t;
  claimed.decision("cmf-1", "RevocationRequest", "", "ok", about + "; serial=" + serial, "oss-1");
  auto c = world.run(of(check_certificate_lifecycle, "wim"), claimed.records);
  EXPECT_EQ(c.verdict, Verdict::fail) << c.reason;
  // Carried out at the CA at the OSS's request: checked, but not the entity's own revocation.
  auto by_oss = t;
  by_oss.decision("ca-1", "RevokeCertificate", "", "ok", "serial=" + serial, "cmf-1");
  by_oss.decision("cmf-1", "RevocationRequest", "", "ok",
                  about + "; consumer=oss-1; serial=" + serial, "oss-1");
  auto o = world.run(of(check_certificate_lifecycle, "wim"), by_oss.records);
  EXPECT_EQ(o.verdict, Verdict::pass) << o.reason;
  EXPECT_FALSE(o.observed.contains("revocation"));
  EXPECT_NE(o.reason.find("at oss-1's request"), std::string::npos) << o.reason;
  // The entity asks for it itself, the CA revokes, the CMF answers: revocation observed.
  t.decision("wim-1", "RevocationRequest", "", "requested",
             about + "; serial=" + serial + "; reason=keyCompromise", "cmf-1");
  t.decision("ca-1", "RevokeCertificate", "", "ok", "serial=" + serial, "cmf-1");
  t.decision("cmf-1", "RevocationRequest", "", "ok", about + "; consumer=wim-1; serial=" + serial,
             "wim-1");
  auto unanswered = world.run(of(check_certificate_lifecycle, "wim"), t.records);
  EXPECT_EQ(unanswered.verdict, Verdict::fail) << unanswered.reason;
  t.decision("wim-1", "RevocationResult", "", "ok", about + "; serial=" + serial, "cmf-1");
  auto r = world.run(of(check_certificate_lifecycle, "wim"), t.records);
  EXPECT_EQ(r.verdict, Verdict::pass) << r.reason;
  EXPECT_EQ(r.observed, (std::set<std::string>{"CSR", "enrolment", "monitoring", "revocation"}));
}

TEST(EntityChecks, TheCsrIsBuiltFromTheOssConfiguration) {
  World world(kActors);
  world.set_params("oss-1", {{"entities",
                              {{"nfvo-1",
                                {{"kind", "nfvo"},
                                 {"fqdn", "nfvo-1.example.net"},
                                 {"subject", "CN=nfvo-1.example.net,O=Operator,C=FR"}}}}}});
  auto held =
      world.certify("nfvo-1", "nfvo-1.example.net", 86400, "CN=nfvo-1.example.net,O=Operator,C=FR");
  TraceBuilder t;
  t.configuration("nfvo-1", "nfvo-1.example.net", "CN=nfvo-1.example.net,O=Operator,C=FR");
  t.csr("C.4.1.2.6", "nfvo-1", "nfvo-1.example.net", held.certificate.serial_hex());
  auto pass = world.run(of(check_configured_csr, "nfvo"), t.records);
  EXPECT_EQ(pass.verdict, Verdict::pass) << pass.reason;

  // A certificate whose subject is not the configured one.
  auto& h = world.holder("nfvo-1");
  h.history[0] = world.pki().issue("nfvo-1.example.net", 86400);
  auto r = world.run(of(check_configured_csr, "nfvo"), t.records);
  EXPECT_EQ(r.verdict, Verdict::fail) << r.reason;
  // A CSR sent before the configuration arrived.
  TraceBuilder early;
  early.csr("C.4.1.2.6", "nfvo-1", "nfvo-1.example.net", held.certificate.serial_hex());
  early.configuration("nfvo-1", "nfvo-1.example.net", "CN=nfvo-1.example.net,O=Operator,C=FR");
  EXPECT_EQ(world.run(of(check_configured_csr, "nfvo"), early.records).verdict, Verdict::fail);
}

TEST(EntityChecks, AttestationIsSuppliedBeforeTheCsr) {
  World world(kActors);
  world.set_params("nfvo-1", {{"hsm", "hsm-1"}});
  TraceBuilder t;
  t.csr("C.4.1.2.7", "nfvo-1", "nfvo-1.example.net", "AA", "2027-01-01T00:00:00Z", "enrolment",
        "hsm-1");
  auto pass = world.run(of(check_attestation_supplied, "nfvo"), t.records);
  EXPECT_EQ(pass.verdict, Verdict::pass) << pass.reason;
  auto without = t;
  without.erase("AttestKey");
  EXPECT_EQ(world.run(of(check_attestation_supplied, "nfvo"), without.records).verdict,
            Verdict::fail);
  auto rejected = t;
  for (auto& r : rejected.records)
    if (r.operation == "KeyAttestationVerification") r.outcome = "rejected";
  EXPECT_EQ(world.run(of(check_attestation_supplied, "nfvo"), rejected.records).verdict,
            Verdict::fail);
  // An entity without HSM cannot supply one: inconclusive.
  World plain(kActors);
  TraceBuilder p;
  p.csr("C.4.1.2.6", "nfvo-1", "nfvo-1.example.net", "AA");
  EXPECT_EQ(plain.run(of(check_attestation_supplied, "nfvo"), p.records).verdict, Verdict::inconc);
}

TEST(EntityChecks, UnauthorisedRequestsAreRefused) {
  json expect = {{"access_denied", {{{"actor", "wim-1"}, {"peer", "vnfm-1"}}}}};
  World world(kActors, expect);
  auto t = enrolled(world);
  t.message("vnfm-1", "wim-1", "SessionCheckRequest", "", true, "Or-Wi");
  t.decision(
      "wim-1", "AccessDenied", "", "rejected",
      "entity=wim-1; peer=vnfm-1; operation=SessionCheckRequest; reason=peer not in access list",
      "vnfm-1");
  auto pass = world.run(of(check_access_control, "wim"), t.records);
  EXPECT_EQ(pass.verdict, Verdict::pass) << pass.reason;
  // The refused peer still got a successful answer.
  auto leaked = t;
  leaked.decision("vnfm-1", "SessionCheck", "", "ok", "entity=vnfm-1; peer=wim-1", "wim-1");
  EXPECT_EQ(world.run(of(check_access_control, "wim"), leaked.records).verdict, Verdict::fail);
  // No refusal at all although one was expected.
  auto none = enrolled(world);
  EXPECT_EQ(world.run(of(check_access_control, "wim"), none.records).verdict, Verdict::fail);
  World quiet(kActors);
  EXPECT_EQ(quiet.run(of(check_access_control, "wim"), none.records).verdict, Verdict::inconc);
}

// A tampered message nfvo-1 -> wim-1 (the kernel's fault record, then the receive).
void tampered(TraceBuilder& t, bool refused) {
  const auto send = t.add(sim::RecordKind::send, "nfvo-1", "wim-1", "SessionCheckRequest", "", "ok",
                          "", 900, "Or-Wi");
  (void)send;
  t.add(sim::RecordKind::fault, "nfvo-1", "wim-1", "SessionCheckRequest", "", "tampered",
        "byte 40 flipped", 900, "Or-Wi");
  t.advance(-1);  // same instant as the delivery's reaction
  t.add(sim::RecordKind::receive, "wim-1", "nfvo-1", "SessionCheckRequest", "", "ok", "", 900,
        "Or-Wi");
  t.advance(-1);
  if (refused)
    t.crypto("wim-1", "TlsRecord", "", "rejected",
             "channel=mutual; role=server; peer=nfvo-1; alert=bad_record_mac", "nfvo-1");
  else
    t.decision("wim-1", "SessionCheckAnswered", "", "ok", "peer=nfvo-1", "nfvo-1");
}

TEST(EntityChecks, TamperedMessagesAreRefused) {
  World world(kActors);
  TraceBuilder good;
  tampered(good, true);
  auto pass = world.run(of(check_tamper_refused, "wim"), good.records);
  EXPECT_EQ(pass.verdict, Verdict::pass) << pass.reason;
  TraceBuilder bad;
  tampered(bad, false);
  auto r = world.run(of(check_tamper_refused, "wim"), bad.records);
  EXPECT_EQ(r.verdict, Verdict::fail) << r.reason;
  EXPECT_NE(r.reason.find("processed the tampered"), std::string::npos) << r.reason;
  EXPECT_EQ(world.run(of(check_tamper_refused, "wim"), {}).verdict, Verdict::inconc);
}

TEST(EntityChecks, AHandshakeCompletedOverATamperedFlightFails) {
  World world(kActors);
  TraceBuilder t;
  t.add(sim::RecordKind::send, "nfvo-1", "wim-1", "TlsHandshake", "", "ok", "", 900, "Or-Wi");
  t.add(sim::RecordKind::fault, "nfvo-1", "wim-1", "TlsHandshake", "", "tampered", "byte 9 flipped",
        900, "Or-Wi");
  t.add(sim::RecordKind::receive, "wim-1", "nfvo-1", "TlsHandshake", "", "ok", "", 900, "Or-Wi");
  t.advance(-1);
  t.add(sim::RecordKind::send, "wim-1", "nfvo-1", "TlsHandshake", "", "ok", "", 901, "Or-Wi");
  t.advance(5);
  t.crypto("wim-1", "TlsHandshake", "", "ok", "channel=mutual; role=server; peer=nfvo-1", "nfvo-1");
  auto r = world.run(of(check_tamper_refused, "wim"), t.records);
  EXPECT_EQ(r.verdict, Verdict::fail) << r.reason;
  EXPECT_NE(r.reason.find("completed a TLS handshake"), std::string::npos) << r.reason;
  for (auto& rec : t.records)
    if (rec.kind == sim::RecordKind::crypto) rec.outcome = "failed";
  EXPECT_EQ(world.run(of(check_tamper_refused, "wim"), t.records).verdict, Verdict::pass);
}

TEST(EntityChecks, ApplicationMessagesTravelOnlyInsideSessions) {
  World world(kActors);
  TraceBuilder t;
  session(t);
  auto pass = world.run(of(check_confidentiality, "wim"), t.records);
  EXPECT_EQ(pass.verdict, Verdict::pass) << pass.reason;
  EXPECT_NE(pass.reason.find("partial"), std::string::npos);
  TraceBuilder plain;
  plain.message("nfvo-1", "wim-1", "SessionCheckRequest", "", true, "Or-Wi");
  auto r = world.run(of(check_confidentiality, "wim"), plain.records);
  EXPECT_EQ(r.verdict, Verdict::fail) << r.reason;
  EXPECT_EQ(world.run(of(check_confidentiality, "wim"), {}).verdict, Verdict::inconc);
}

TEST(EntityChecks, EveryEntityRequirementTheFlowsObserveHasACheck) {
  CheckRegistry registry;
  register_entity_checks(registry);
  for (const char* id :
       {"Nfvo.Sc.001", "Nfvo.Sc.004", "Nfvo.Sc.005", "Nfvo.Sc.009", "Vnfm.Sc.001", "Vnfm.Sc.008",
        "Vnfm.Sc.009", "Vnfm.Sc.016", "Vim.Sc.001",  "Vim.Sc.004",  "Vim.Sc.005",  "Vim.Sc.010",
        "Wim.Sc.001",  "Wim.Sc.002",  "Wim.Sc.003",  "Wim.Sc.004",  "Wim.Sc.007",  "Wim.Sc.010",
        "Cism.Sc.001", "Cism.Sc.002", "Cism.Sc.003", "Cism.Sc.004", "Cism.Sc.007", "Cism.Sc.010",
        "Cir.Sc.001",  "Cir.Sc.002",  "Cir.Sc.003",  "Cir.Sc.004",  "Cir.Sc.007",  "Cir.Sc.010"})
    EXPECT_EQ(registry.for_requirement(id).size(), 1u) << id;
}

}  // namespace
}  // namespace ifa026::conformance::entity_checks_test
