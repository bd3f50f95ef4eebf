// Scenario tests of the CMF's direct mode (docs/direct-mode.md, C.2.1.1) with the real CA: the
// subscription to the VNFM, discovery of ADDED VNFCIs, identities, end-entity registrations at
// the CA, the configuration over day-0 TLS whose credentials the CA accepts, certificate reports,
// revocation of REMOVED VNFCIs' certificates (and the CRL listing them), expiry alarms, queries,
// and the failure paths (CA down, wrong day-0 secret, mismatching reports).
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "actors/cmf/cmf_config.hpp"
#include "actors/cmf/vnfci_inventory.hpp"
#include "direct_mode_test_support.hpp"
#include "pki/certificate_authority.hpp"

namespace ifa026::actors::direct_testing {
namespace {

using sim::RecordKind;

std::vector<sim::TraceRecord> about_vnfci(const std::vector<sim::TraceRecord>& records,
                                          const std::string& vnfci) {
  std::vector<sim::TraceRecord> out;
  for (const auto& r : records)
    if (detail(r, "vnfci") == vnfci) out.push_back(r);
  return out;
}

std::set<std::string> serials_on(const pki::Crl& crl) {
  std::set<std::string> out;
  for (const auto& e : crl.revoked()) out.insert(e.serial_hex);
  return out;
}

test::ScenarioBuilder instantiate_then_terminate() {
  test::ScenarioBuilder b = direct_world();
  b.command("3s", "vnfm", "notify",
            notification("vnf-1", "INSTANTIATE",
                         {{"vnf-1-fw-ctl-1", "ADDED"}, {"vnf-1-fw-ctl-2", "ADDED"}}))
      .command("20s", "vnfm", "notify",
               notification("vnf-1", "TERMINATE",
                            {{"vnf-1-fw-ctl-1", "REMOVED"}, {"vnf-1-fw-ctl-2", "REMOVED"}}));
  return b;
}

TEST(CmfDirectMode, EnrolsEveryIdentityOfAddedVnfcisAndRevokesThemOnTermination) {
  auto run = run_direct(instantiate_then_terminate());
  const auto& records = run->records();

  // Subscription over mutual TLS.
  auto subscribed = find(records, "cmf", "LccnSubscription", "ok");
  ASSERT_EQ(subscribed.size(), 1u);
  EXPECT_EQ(detail(subscribed[0], "vnfm"), "vnfm");
  EXPECT_EQ(subscribed[0].reference_point, "Cm-Vnfm");
  auto& vnfm = run->actor<TestVnfm>("vnfm");
  EXPECT_EQ(vnfm.subscribers, std::vector<std::string>{"cmf"});

  // #0 and #1 per VNFCI.
  auto discovered = find(records, "cmf", "VnfciDiscovered", "ok");
  ASSERT_EQ(discovered.size(), 2u);
  EXPECT_EQ(detail(discovered[0], "vnfci"), "vnf-1-fw-ctl-1");
  EXPECT_EQ(detail(discovered[1], "vnfci"), "vnf-1-fw-ctl-2");
  for (const auto& r : discovered) {
    EXPECT_EQ(r.step, "C.2.1.1#0");
    EXPECT_EQ(detail(r, "vnf"), "vnf-1");
    EXPECT_EQ(detail(r, "source"), "notification");
  }
  auto created = find(records, "cmf", "IdentitiesCreated", "ok");
  ASSERT_EQ(created.size(), 2u);
  for (const auto& r : created) {
    EXPECT_EQ(r.step, "C.2.1.1#1");
    EXPECT_EQ(detail(r, "identities"), "2");
    EXPECT_EQ(detail(r, "names"), "client,oam");
  }

  // #2: four registrations, signed by the CMF's RA certificate, accepted by the CA.
  auto requested = find(records, "cmf", "EndEntityRegistration", "requested");
  auto registered = find(records, "cmf", "EndEntityRegistration", "registered");
  auto ca_registered = find(records, "ca", "RegisterEndEntity", "registered");
  ASSERT_EQ(requested.size(), 4u);
  ASSERT_EQ(registered.size(), 4u);
  ASSERT_EQ(ca_registered.size(), 4u);
  std::set<std::string> references;
  for (const auto& r : requested) {
    EXPECT_EQ(r.step, "C.2.1.1#2");
    EXPECT_EQ(detail(r, "one_use"), "true");
    EXPECT_EQ(detail(r, "reference").size(), 32u);  // 16 random bytes in hex
    references.insert(detail(r, "reference"));
  }
  EXPECT_EQ(references.size(), 4u);
  std::set<std::string> ca_identities;
  for (const auto& r : ca_registered) ca_identities.insert(detail(r, "identity"));
  EXPECT_EQ(ca_identities, (std::set<std::string>{"vnf-1-fw-ctl-1/client", "vnf-1-fw-ctl-1/oam",
                                                  "vnf-1-fw-ctl-2/client", "vnf-1-fw-ctl-2/oam"}));
  int sends = 0;
  for (const auto& r : records)
    if (r.kind == RecordKind::send && r.actor == "cmf" && r.operation == "RegisterEndEntityRequest")
      sends += r.step == "C.2.1.1#2" ? 1 : 100;
  EXPECT_EQ(sends, 4);

  // #3: each probe got one configuration with both identities and credentials the CA accepts.
  const std::string root_subject = "CN=ca Root CA,O=ifa026";
  for (const std::string vnfci : {"vnf-1-fw-ctl-1", "vnf-1-fw-ctl-2"}) {
    auto& probe = run->actor<VnfciProbe>(vnfci);
    ASSERT_EQ(probe.configurations.size(), 1u) << vnfci;
    EXPECT_EQ(probe.configuration_steps[0], "C.2.1.1#3");
    const json& config = probe.configurations[0];
    ASSERT_EQ(config["identities"].size(), 2u);
    for (const auto& identity : config["identities"]) {
      EXPECT_EQ(identity["ca"], "ca");
      EXPECT_EQ(identity["renew_before"], "30d");
      EXPECT_TRUE(references.count(identity["reference"].get<std::string>()));
      EXPECT_EQ(get_bytes(identity, "secret")->size(), 32u);
      const auto anchor = pki::Certificate::from_der(*get_bytes(identity, "trust_anchor"));
      EXPECT_EQ(anchor.subject().to_string(), root_subject);
    }
    EXPECT_EQ(config["identities"][0]["subject"], "CN=" + vnfci + ".vnf-1.example.net,O=Operator");
    ASSERT_EQ(probe.enrolments.size(), 2u) << vnfci;
    for (const auto& e : probe.enrolments) {
      EXPECT_EQ(e.status, "ok") << vnfci << "/" << e.identity;
      EXPECT_EQ(e.verification, "ok");
    }
    // Steps in order for this VNFCI: #0 < #1 < every #2 < #3.
    auto mine = about_vnfci(records, vnfci);
    std::map<std::string, std::uint64_t> first;
    std::map<std::string, std::uint64_t> last;
    for (const auto& r : mine) {
      if (r.actor != "cmf") continue;
      const std::string key = r.operation + "/" + r.outcome;
      if (!first.count(key)) first[key] = r.id;
      last[key] = r.id;
    }
    EXPECT_LT(first["VnfciDiscovered/ok"], first["IdentitiesCreated/ok"]);
    EXPECT_LT(first["IdentitiesCreated/ok"], first["EndEntityRegistration/requested"]);
    EXPECT_LT(last["EndEntityRegistration/registered"], first["VnfciConfiguration/sent"]);
    EXPECT_LT(first["VnfciConfiguration/sent"], first["VnfciCertificateRecorded/ok"]);
  }
  auto configured = find(records, "cmf", "VnfciConfiguration", "sent");
  ASSERT_EQ(configured.size(), 2u);
  EXPECT_EQ(configured[0].step, "C.2.1.1#3");
  // The CA issued each identity's certificate on its registered credential (#6).
  auto issued = find(records, "ca", "IssueCertificate", "ok");
  std::set<std::string> issued_identities;
  for (const auto& r : issued)
    if (!detail(r, "identity").empty()) issued_identities.insert(detail(r, "identity"));
  EXPECT_EQ(issued_identities, ca_identities);

  // Reports: the inventory holds four certificates.
  auto reports = find(records, "cmf", "VnfciCertificateRecorded", "ok");
  ASSERT_EQ(reports.size(), 4u);
  std::set<std::string> reported;
  for (const auto& r : reports) {
    EXPECT_FALSE(detail(r, "identity").empty());
    EXPECT_EQ(detail(r, "vnf"), "vnf-1");
    reported.insert(detail(r, "serial"));
  }
  std::set<std::string> enrolled;
  for (const std::string vnfci : {"vnf-1-fw-ctl-1", "vnf-1-fw-ctl-2"})
    for (const auto& e : run->actor<VnfciProbe>(vnfci).enrolments)
      enrolled.insert(e.certificate->serial_hex());
  EXPECT_EQ(reported, enrolled);

  // Termination: every certificate revoked by the CMF at the CA, and the CRL lists them.
  auto removed = find(records, "cmf", "VnfciRemoved", "ok");
  ASSERT_EQ(removed.size(), 2u);
  EXPECT_EQ(detail(removed[0], "operation"), "TERMINATE");
  EXPECT_EQ(detail(removed[0], "certificates"), "2");
  auto revoked = find(records, "cmf", "VnfciCertificateRevocation", "ok");
  ASSERT_EQ(revoked.size(), 4u);
  std::set<std::string> revoked_serials;
  for (const auto& r : revoked) {
    revoked_serials.insert(detail(r, "serial"));
    EXPECT_EQ(detail(r, "reason"), "cessationOfOperation");
  }
  EXPECT_EQ(revoked_serials, enrolled);
  EXPECT_EQ(find(records, "ca", "RevokeCertificate", "ok").size(), 4u);
  ASSERT_FALSE(vnfm.crls.empty());
  EXPECT_EQ(serials_on(vnfm.crls.back()), enrolled);
  EXPECT_LT(removed[0].id, revoked[0].id);
}

TEST(CmfDirectMode, SameScenarioGivesTheSameTrace) {
  auto first = run_direct(instantiate_then_terminate());
  auto second = run_direct(instantiate_then_terminate());
  EXPECT_EQ(first->simulation->trace().fingerprint_hex(),
            second->simulation->trace().fingerprint_hex());
}

TEST(CmfDirectMode, SubscriptionIsRetriedUntilTheVnfmHoldsACertificate) {
  auto run =
      run_direct(direct_world({"vnf-1-fw-ctl-1"})
                     .update_params("vnfm", {{"enrol_at", "4s"}})
                     .command("12s", "vnfm", "notify",
                              notification("vnf-1", "INSTANTIATE", {{"vnf-1-fw-ctl-1", "ADDED"}})));
  const auto& records = run->records();
  auto failed = find(records, "cmf", "LccnSubscription", "failed");
  auto ok = find(records, "cmf", "LccnSubscription", "ok");
  ASSERT_GE(failed.size(), 1u);
  ASSERT_EQ(ok.size(), 1u);
  EXPECT_GT(ok[0].time, sim::Time::zero() + sim::Duration::seconds(4));
  EXPECT_GT(std::stoi(detail(ok[0], "attempt")), 1);
  EXPECT_LT(failed.back().id, ok[0].id);
  // After it, notifications flow and the VNFCI is configured.
  EXPECT_EQ(run->actor<VnfciProbe>("vnf-1-fw-ctl-1").enrolments.size(), 2u);
}

TEST(CmfDirectMode, HealRevokesTheReplacedVnfciAndEnrolsTheNewOne) {
  auto run = run_direct(
      direct_world()
          .command("3s", "vnfm", "notify",
                   notification("vnf-1", "INSTANTIATE", {{"vnf-1-fw-ctl-1", "ADDED"}}))
          .command("15s", "vnfm", "notify",
                   notification("vnf-1", "HEAL",
                                {{"vnf-1-fw-ctl-1", "REMOVED"}, {"vnf-1-fw-ctl-2", "ADDED"}})));
  const auto& records = run->records();
  auto revoked = find(records, "cmf", "VnfciCertificateRevocation", "ok");
  ASSERT_EQ(revoked.size(), 2u);
  for (const auto& r : revoked) {
    EXPECT_EQ(detail(r, "vnfci"), "vnf-1-fw-ctl-1");
    EXPECT_EQ(detail(r, "reason"), "superseded");
  }
  auto& healed = run->actor<VnfciProbe>("vnf-1-fw-ctl-2");
  ASSERT_EQ(healed.enrolments.size(), 2u);
  std::set<std::string> old_serials;
  for (const auto& e : run->actor<VnfciProbe>("vnf-1-fw-ctl-1").enrolments)
    old_serials.insert(e.certificate->serial_hex());
  auto& vnfm = run->actor<TestVnfm>("vnfm");
  ASSERT_FALSE(vnfm.crls.empty());
  EXPECT_EQ(serials_on(vnfm.crls.back()), old_serials);
  // The new VNFCI's certificates stay current.
  EXPECT_EQ(find(records, "cmf", "VnfciCertificateRecorded", "ok").size(), 4u);
  auto removed = find(records, "cmf", "VnfciRemoved", "ok");
  ASSERT_EQ(removed.size(), 1u);
  EXPECT_EQ(detail(removed[0], "operation"), "HEAL");
}

TEST(CmfDirectMode, ExpiryAlarmForACertificateNearExpiryWithoutRenewal) {
  auto run =
      run_direct(direct_world({"vnf-1-fw-ctl-1"})
                     .update_params("ca", {{"validity", "2d"}})
                     .update_params("cmf", {{"monitor_interval", "1h"}})
                     .direct_mode("cmf", {{"renew_before", "1d"}})  // alarm threshold: 12h
                     .duration("2d")
                     .command("3s", "vnfm", "notify",
                              notification("vnf-1", "INSTANTIATE", {{"vnf-1-fw-ctl-1", "ADDED"}})));
  const auto& records = run->records();
  auto alarms = find(records, "cmf", "ExpiryAlarm", "raised");
  std::vector<sim::TraceRecord> vnfci_alarms;
  for (const auto& a : alarms)
    if (detail(a, "vnfci") == "vnf-1-fw-ctl-1") vnfci_alarms.push_back(a);
  ASSERT_EQ(vnfci_alarms.size(), 2u);  // one per identity, once
  const auto& enrolments = run->actor<VnfciProbe>("vnf-1-fw-ctl-1").enrolments;
  ASSERT_EQ(enrolments.size(), 2u);
  for (const auto& a : vnfci_alarms) {
    EXPECT_EQ(detail(a, "vnf"), "vnf-1");
    const std::string identity = detail(a, "identity");
    auto it = std::find_if(enrolments.begin(), enrolments.end(),
                           [&](const ProbeEnrolment& e) { return e.identity == identity; });
    ASSERT_NE(it, enrolments.end());
    EXPECT_EQ(detail(a, "serial"), it->certificate->serial_hex());
    const auto at = pki_instant(run->simulation->epoch(), a.time);
    const std::int64_t remaining = it->certificate->not_after().unix_ns - at.unix_ns;
    EXPECT_LT(remaining, sim::Duration::hours(12).ns());
    EXPECT_GE(remaining, sim::Duration::hours(11).ns());  // the first hourly check within 12h
  }
}

TEST(CmfDirectMode, RenewedCertificatesSupersedeAndSilenceTheAlarmAndAllAreRevoked) {
  auto run =
      run_direct(direct_world({"vnf-1-fw-ctl-1"})
                     .update_params("ca", {{"validity", "2d"}})
                     .update_params("cmf", {{"monitor_interval", "1h"}})
                     .direct_mode("cmf", {{"renew_before", "1d"}})  // alarm threshold: 12h
                     .update_params("vnf-1-fw-ctl-1", {{"renew_after", "1d"}})
                     .duration("2d")
                     .command("3s", "vnfm", "notify",
                              notification("vnf-1", "INSTANTIATE", {{"vnf-1-fw-ctl-1", "ADDED"}}))
                     .command("1d12h", "vnfm", "notify",
                              notification("vnf-1", "TERMINATE", {{"vnf-1-fw-ctl-1", "REMOVED"}})));
  const auto& records = run->records();
  auto& probe = run->actor<VnfciProbe>("vnf-1-fw-ctl-1");
  ASSERT_EQ(probe.renewals.size(), 2u);
  for (const auto& r : probe.renewals) EXPECT_EQ(r.status, "ok");
  auto recorded = find(records, "cmf", "VnfciCertificateRecorded", "ok");
  ASSERT_EQ(recorded.size(), 4u);
  EXPECT_EQ(detail(recorded[2], "purpose"), "renewal");
  // No alarm: the renewed certificates end a day after the enrolled ones would have.
  for (const auto& a : find(records, "cmf", "ExpiryAlarm", "raised"))
    EXPECT_NE(detail(a, "vnfci"), "vnf-1-fw-ctl-1");
  // Termination revokes the renewed and the superseded (still valid) certificates.
  std::set<std::string> held;
  for (const auto& e : probe.enrolments) held.insert(e.certificate->serial_hex());
  for (const auto& e : probe.renewals) held.insert(e.certificate->serial_hex());
  std::set<std::string> revoked;
  for (const auto& r : find(records, "cmf", "VnfciCertificateRevocation", "ok"))
    revoked.insert(detail(r, "serial"));
  EXPECT_EQ(revoked, held);
  auto& vnfm = run->actor<TestVnfm>("vnfm");
  ASSERT_FALSE(vnfm.crls.empty());
  EXPECT_EQ(serials_on(vnfm.crls.back()), held);
}

// One probe; the VNFM answers a QueryVnf about vnf-1 with its one fw-ctl instance and identities.
test::ScenarioBuilder vnf1_known_to_the_vnfm() {
  json vnfcis = json::array({{{"vnfci", "vnf-1-fw-ctl-1"},
                              {"vnfc", "fw-ctl"},
                              {"identities", identities_of("vnf-1", "vnf-1-fw-ctl-1")}}});
  test::ScenarioBuilder b = direct_world({"vnf-1-fw-ctl-1"});
  b.update_params("vnfm", {{"queries",
                            {{"vnf-1",
                              {{"vnf", "vnf-1"},
                               {"vnfd", "vnfd-fw"},
                               {"state", "INSTANTIATED"},
                               {"vnfcis", vnfcis}}}}}});
  return b;
}

TEST(CmfDirectMode, AddedVnfciWithoutIdentitiesIsLookedUpWithAQuery) {
  auto run = run_direct(vnf1_known_to_the_vnfm().command(
      "3s", "vnfm", "notify",
      notification("vnf-1", "INSTANTIATE", {{"vnf-1-fw-ctl-1", "ADDED"}}, false)));
  const auto& records = run->records();
  auto& vnfm = run->actor<TestVnfm>("vnfm");
  ASSERT_EQ(vnfm.queries.size(), 1u);
  EXPECT_EQ(vnfm.queries[0]["vnf"], "vnf-1");
  auto query = find(records, "cmf", "QueryVnf", "ok");
  ASSERT_EQ(query.size(), 1u);
  auto discovered = find(records, "cmf", "VnfciDiscovered", "ok");
  ASSERT_EQ(discovered.size(), 1u);
  EXPECT_EQ(detail(discovered[0], "source"), "query");
  EXPECT_EQ(discovered[0].step, "C.2.1.1#0");
  EXPECT_EQ(run->actor<VnfciProbe>("vnf-1-fw-ctl-1").enrolments.size(), 2u);
}

TEST(CmfDirectMode, QueryCommandDiscoversVnfcisTheCmfDidNotKnow) {
  auto run = run_direct(vnf1_known_to_the_vnfm()
                            .command("3s", "cmf", "query_vnf", {{"vnf", "vnf-1"}})
                            .command("4s", "cmf", "query_vnf", {{"vnf", "vnf-2"}}));
  const auto& records = run->records();
  EXPECT_EQ(find(records, "cmf", "QueryVnf", "ok").size(), 1u);
  EXPECT_EQ(find(records, "cmf", "QueryVnf", "rejected").size(), 1u);  // unknown VNF
  EXPECT_EQ(find(records, "cmf", "VnfciDiscovered", "ok").size(), 1u);
  EXPECT_EQ(run->actor<VnfciProbe>("vnf-1-fw-ctl-1").enrolments.size(), 2u);
}

TEST(CmfDirectMode, ReportForAnotherIdentityIsRejectedAndOnlyKnownCertificatesAreRevoked) {
  auto run =
      run_direct(direct_world({"vnf-1-fw-ctl-1"})
                     .update_params("vnf-1-fw-ctl-1", {{"report_as", "oam"}})
                     .command("3s", "vnfm", "notify",
                              notification("vnf-1", "INSTANTIATE", {{"vnf-1-fw-ctl-1", "ADDED"}}))
                     .command("15s", "vnfm", "notify",
                              notification("vnf-1", "SCALE_IN", {{"vnf-1-fw-ctl-1", "REMOVED"}})));
  const auto& records = run->records();
  auto ok = find(records, "cmf", "VnfciCertificateRecorded", "ok");
  auto rejected = find(records, "cmf", "VnfciCertificateRecorded", "rejected");
  ASSERT_EQ(ok.size(), 1u);
  ASSERT_EQ(rejected.size(), 1u);
  EXPECT_EQ(detail(rejected[0], "reason"), "subject is not the registered one");
  EXPECT_EQ(detail(rejected[0], "identity"), "oam");
  auto revoked = find(records, "cmf", "VnfciCertificateRevocation", "ok");
  ASSERT_EQ(revoked.size(), 1u);
  EXPECT_EQ(detail(revoked[0], "serial"), detail(ok[0], "serial"));
  auto removed = find(records, "cmf", "VnfciRemoved", "ok");
  ASSERT_EQ(removed.size(), 1u);
  EXPECT_EQ(detail(removed[0], "unenrolled"), "client");  // registered, nothing reported
}

TEST(CmfDirectMode, WrongDay0SecretLeavesTheVnfciUnconfigured) {
  auto run =
      run_direct(direct_world({"vnf-1-fw-ctl-1"})
                     .update_params("vnf-1-fw-ctl-1", {{"day0", {{"cmf", "another secret"}}}})
                     .direct_mode("cmf", {{"registration_retries", 1}})
                     .update_params("cmf", {{"ca_timeout", "2s"}})
                     .command("3s", "vnfm", "notify",
                              notification("vnf-1", "INSTANTIATE", {{"vnf-1-fw-ctl-1", "ADDED"}})));
  const auto& records = run->records();
  EXPECT_EQ(find(records, "cmf", "VnfciConfiguration", "sent").size(), 2u);
  EXPECT_EQ(find(records, "cmf", "VnfciConfiguration", "retry").size(), 1u);
  auto undelivered = find(records, "cmf", "VnfciConfiguration", "undelivered");
  ASSERT_EQ(undelivered.size(), 1u);
  EXPECT_EQ(detail(undelivered[0], "vnfci"), "vnf-1-fw-ctl-1");
  EXPECT_EQ(undelivered[0].step, "C.2.1.1#3");
  EXPECT_TRUE(run->actor<VnfciProbe>("vnf-1-fw-ctl-1").configurations.empty());
}

TEST(CmfDirectMode, RegistrationIsRetriedWithFreshCredentialsWhileTheCaIsDown) {
  auto run =
      run_direct(direct_world({"vnf-1-fw-ctl-1"})
                     .update_params("cmf", {{"ca_timeout", "2s"}, {"ca_retries", 1}})
                     .actor_down("ca", "2s", "9s")
                     .command("3s", "vnfm", "notify",
                              notification("vnf-1", "INSTANTIATE", {{"vnf-1-fw-ctl-1", "ADDED"}})));
  const auto& records = run->records();
  EXPECT_GE(find(records, "cmf", "EndEntityRegistration", "resent").size(), 2u);
  auto retry = find(records, "cmf", "EndEntityRegistration", "retry");
  ASSERT_GE(retry.size(), 2u);
  EXPECT_EQ(detail(retry[0], "reason"), "CA unavailable");
  auto registered = find(records, "cmf", "EndEntityRegistration", "registered");
  ASSERT_EQ(registered.size(), 2u);
  auto& probe = run->actor<VnfciProbe>("vnf-1-fw-ctl-1");
  ASSERT_EQ(probe.configurations.size(), 1u);
  // The configuration carries the references of the registrations that succeeded.
  std::set<std::string> configured;
  for (const auto& identity : probe.configurations[0]["identities"])
    configured.insert(identity["reference"].get<std::string>());
  std::set<std::string> accepted;
  for (const auto& r : registered) accepted.insert(detail(r, "reference"));
  EXPECT_EQ(configured, accepted);
  ASSERT_EQ(probe.enrolments.size(), 2u);
  for (const auto& e : probe.enrolments) EXPECT_EQ(e.status, "ok");
}

TEST(CmfDirectMode, IgnoresNonCompletedNotificationsDuplicatesAndUnknownRemovals) {
  const auto added = notification("vnf-1", "INSTANTIATE", {{"vnf-1-fw-ctl-1", "ADDED"}});
  auto run =
      run_direct(direct_world({"vnf-1-fw-ctl-1"})
                     .command("2s", "vnfm", "notify",
                              notification("vnf-1", "INSTANTIATE", {{"vnf-1-fw-ctl-1", "ADDED"}},
                                           true, "STARTING"))
                     .command("3s", "vnfm", "notify", added)
                     .command("4s", "vnfm", "notify", added)
                     .command("5s", "vnfm", "notify",
                              notification("vnf-1", "SCALE_IN", {{"vnf-1-fw-ctl-9", "REMOVED"}})));
  const auto& records = run->records();
  EXPECT_EQ(find(records, "cmf", "VnfLcmNotification", "ignored").size(), 1u);
  EXPECT_EQ(find(records, "cmf", "VnfciDiscovered", "ok").size(), 1u);
  EXPECT_EQ(find(records, "cmf", "VnfciDiscovered", "ignored").size(), 1u);
  EXPECT_EQ(find(records, "cmf", "VnfciRemoved", "unknown").size(), 1u);
  EXPECT_EQ(find(records, "cmf", "EndEntityRegistration", "requested").size(), 2u);
  EXPECT_EQ(run->actor<VnfciProbe>("vnf-1-fw-ctl-1").configurations.size(), 1u);
}

TEST(CmfDirectMode, IdentitiesOutsideTheAllowedDomainsAreRefusedAtStep1) {
  auto body = notification("vnf-1", "INSTANTIATE", {{"vnf-1-fw-ctl-1", "ADDED"}});
  body["affected_vnfcs"][0]["identities"][1]["dns"] = json::array({"oam.example.org"});
  auto run = run_direct(direct_world({"vnf-1-fw-ctl-1"}).command("3s", "vnfm", "notify", body));
  const auto& records = run->records();
  auto rejected = find(records, "cmf", "IdentitiesCreated", "rejected");
  ASSERT_EQ(rejected.size(), 1u);
  EXPECT_EQ(rejected[0].step, "C.2.1.1#1");
  EXPECT_NE(detail(rejected[0], "reason").find("oam.example.org"), std::string::npos);
  EXPECT_TRUE(find(records, "cmf", "EndEntityRegistration").empty());
  EXPECT_TRUE(find(records, "ca", "RegisterEndEntity").empty());
  EXPECT_TRUE(run->actor<VnfciProbe>("vnf-1-fw-ctl-1").configurations.empty());
}

TEST(CmfDirectMode, WithoutDirectModeTheCmfTakesNoVnfmTraffic) {
  auto run =
      run_direct(direct_world({"vnf-1-fw-ctl-1"})
                     .patch_params("cmf", {{"direct_mode", nullptr}})
                     .command("3s", "vnfm", "notify",
                              notification("vnf-1", "INSTANTIATE", {{"vnf-1-fw-ctl-1", "ADDED"}})));
  EXPECT_TRUE(find(run->records(), "cmf", "LccnSubscription").empty());
  EXPECT_TRUE(run->actor<TestVnfm>("vnfm").subscribers.empty());
  EXPECT_TRUE(find(run->records(), "cmf", "CmfReady", "ok").size() == 1u);
}

// ---- configuration and inventory ----

TEST(CmfDirectModeConfig, DefaultsFollowTheContract) {
  const auto c = cmf::read_cmf_config(
      json{{"ca", "ca-1"}, {"direct_mode", {{"vnfms", json::array({"vnfm-1"})}}}}, "cmf");
  ASSERT_TRUE(c.direct_mode);
  const auto& d = *c.direct_mode;
  EXPECT_EQ(d.vnfms, std::vector<std::string>{"vnfm-1"});
  EXPECT_EQ(d.ca, "ca-1");
  EXPECT_TRUE(d.credential_one_use);
  EXPECT_EQ(d.credential_lifetime, sim::Duration::days(1));
  EXPECT_EQ(d.renew_before, sim::Duration::days(30));
  EXPECT_EQ(d.expiry_alarm_threshold, sim::Duration::days(15));
  EXPECT_FALSE(d.vnfci_day0_secret);
  EXPECT_FALSE(d.validity_hint);
  EXPECT_FALSE(cmf::read_cmf_config(json{{"ca", "ca-1"}}, "cmf").direct_mode);
}

TEST(CmfDirectModeConfig, ReadsOverrides) {
  const auto c =
      cmf::read_cmf_config(json{{"ca", "ca-1"},
                                {"direct_mode",
                                 {{"vnfms", json::array({"vnfm-1", "vnfm-2"})},
                                  {"ca", "ca-2"},
                                  {"credential", {{"one_use", false}, {"lifetime", "2h"}}},
                                  {"renew_before", "10d"},
                                  {"validity_hint", "90d"},
                                  {"vnfci_day0_secret", "s"},
                                  {"expiry_alarm_threshold", "3d"},
                                  {"registration_retries", 5}}}},
                           "cmf");
  const auto& d = *c.direct_mode;
  EXPECT_EQ(d.ca, "ca-2");
  EXPECT_FALSE(d.credential_one_use);
  EXPECT_EQ(d.credential_lifetime, sim::Duration::hours(2));
  EXPECT_EQ(d.renew_before, sim::Duration::days(10));
  EXPECT_EQ(*d.validity_hint, sim::Duration::days(90));
  EXPECT_EQ(*d.vnfci_day0_secret, "s");
  EXPECT_EQ(d.expiry_alarm_threshold, sim::Duration::days(3));
  EXPECT_EQ(d.registration_retries, 5);
}

TEST(CmfDirectModeConfig, ChecksReportBadMembers) {
  auto diagnostics = [](const json& direct) {
    std::vector<sim::Diagnostic> out;
    cmf::check_cmf_params(json{{"ca", "ca"}, {"direct_mode", direct}}, out);
    return out;
  };
  EXPECT_TRUE(diagnostics({{"vnfms", json::array({"vnfm"})}}).empty());
  auto missing = diagnostics(json::object());
  ASSERT_EQ(missing.size(), 1u);
  EXPECT_EQ(missing[0].pointer, "/direct_mode");
  auto empty = diagnostics({{"vnfms", json::array()}});
  ASSERT_EQ(empty.size(), 1u);
  EXPECT_EQ(empty[0].pointer, "/direct_mode/vnfms");
  auto bad = diagnostics({{"vnfms", json::array({"vnfm"})},
                          {"renew_before", "soon"},
                          {"credential", {{"lifetime", "0s"}, {"uses", 1}}},
                          {"vnfci_day0", "x"}});
  std::set<std::string> pointers;
  for (const auto& d : bad) pointers.insert(d.pointer);
  EXPECT_EQ(pointers,
            (std::set<std::string>{"/direct_mode/renew_before", "/direct_mode/credential/lifetime",
                                   "/direct_mode/credential/uses", "/direct_mode/vnfci_day0"}));
  std::vector<sim::Diagnostic> not_object;
  cmf::check_cmf_params(json{{"ca", "ca"}, {"direct_mode", "yes"}}, not_object);
  EXPECT_FALSE(not_object.empty());
}

TEST(CmfVnfciInventory, KeepsCertificatesPerIdentityAndFindsThemBySerial) {
  cmf::VnfciInventory inventory;
  cmf::VnfciRecord record;
  record.vnfci = "vnf-1-a-1";
  record.vnf = "vnf-1";
  record.identities.resize(2);
  record.identities[0].name = "client";
  record.identities[1].name = "oam";
  record.identities[1].registration = cmf::EndEntityState::registered;
  ASSERT_TRUE(inventory.add(record));
  EXPECT_FALSE(inventory.add(record));
  cmf::VnfciRecord* r = inventory.find("vnf-1-a-1");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->pending_registrations(), 1u);
  cmf::VnfciCertificate first;
  first.serial = "0a1b";
  first.not_after = pki::Instant{100};
  cmf::VnfciCertificate second;
  second.serial = "0C";
  second.not_after = pki::Instant{200};
  ASSERT_TRUE(inventory.add_certificate(*r, *r->identity("oam"), first));
  EXPECT_FALSE(inventory.add_certificate(*r, *r->identity("oam"), first));
  ASSERT_TRUE(inventory.add_certificate(*r, *r->identity("oam"), second));
  const cmf::VnfciIdentity& oam = *r->identity("oam");
  ASSERT_EQ(oam.certificates.size(), 2u);
  EXPECT_EQ(oam.certificates[0].serial, "0A1B");
  EXPECT_EQ(oam.certificates[0].state, cmf::CertificateState::superseded);
  EXPECT_EQ(oam.current()->serial, "0C");
  auto found = inventory.find_serial("0a1B");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->first->vnfci, "vnf-1-a-1");
  EXPECT_EQ(found->second->name, "oam");
  EXPECT_TRUE(inventory.mark_revoked("0c"));
  EXPECT_FALSE(inventory.mark_revoked("0c"));
  EXPECT_EQ(r->identity("oam")->current(), nullptr);
  EXPECT_FALSE(inventory.mark_revoked("FF"));
  EXPECT_EQ(inventory.certificate_count(), 2u);
  // Serials are indexed by their octets: "C" is 0x0C (serial_hex drops leading zeros).
  auto odd = inventory.find_serial("C");
  ASSERT_TRUE(odd);
  EXPECT_EQ(odd->second->name, "oam");
  // Not a serial (not hex, or more than RFC 5280's 20 octets): refused, nothing indexed.
  cmf::VnfciCertificate bad;
  bad.serial = "0G";
  EXPECT_FALSE(inventory.add_certificate(*r, *r->identity("client"), bad));
  bad.serial = std::string(42, 'A');
  EXPECT_FALSE(inventory.add_certificate(*r, *r->identity("client"), bad));
  bad.serial = std::string(40, 'A');  // 20 octets: fine
  EXPECT_TRUE(inventory.add_certificate(*r, *r->identity("client"), bad));
  EXPECT_EQ(inventory.find_serial(std::string(40, 'a'))->second->name, "client");
  // An identity that is not the record's own is refused.
  cmf::VnfciIdentity stranger;
  cmf::VnfciCertificate other;
  other.serial = "0D";
  EXPECT_FALSE(inventory.add_certificate(*r, stranger, other));
  EXPECT_FALSE(inventory.find_serial("0D"));
  EXPECT_EQ(inventory.certificate_count(), 3u);
}

// Only a superseded certificate past its notAfter, with no revocation under way, loses its DER
// (an expired certificate is never revoked afresh); current ones keep it for the rr.
TEST(CmfVnfciInventory, DropsTheDerOfExpiredSupersededCertificatesOnly) {
  cmf::VnfciInventory inventory;
  cmf::VnfciRecord record;
  record.vnfci = "vnf-1-a-1";
  record.identities.resize(1);
  record.identities[0].name = "client";
  ASSERT_TRUE(inventory.add(record));
  cmf::VnfciRecord* r = inventory.find("vnf-1-a-1");
  ASSERT_NE(r, nullptr);
  const pki::Certificate held =
      pki::CertificateAuthority::create_root(pki::DistinguishedName::parse("CN=held,O=ifa026"),
                                             pki::PrivateKey::generate(), pki::Instant{0}, 86400)
          .certificate();
  auto certificate = [&held](std::string serial, std::int64_t not_after) {
    cmf::VnfciCertificate c;
    c.serial = std::move(serial);
    c.not_after = pki::Instant{not_after};
    c.certificate = held;
    return c;
  };
  cmf::VnfciIdentity& id = *r->identity("client");
  ASSERT_TRUE(inventory.add_certificate(*r, id, certificate("01", 100)));
  ASSERT_TRUE(inventory.add_certificate(*r, id, certificate("02", 100)));
  ASSERT_TRUE(inventory.add_certificate(*r, id, certificate("03", 300)));
  ASSERT_TRUE(inventory.add_certificate(*r, id, certificate("04", 100)));  // current, expired
  id.certificates[1].revocation_requested = true;
  auto none = [](const std::string&) { return false; };
  // Nothing has expired at 99.
  EXPECT_EQ(inventory.drop_expired_superseded_der(pki::Instant{99}, none), 0u);
  // At 100: 01 only (02 has an rr at the CA, 03 is valid, 04 is current).
  EXPECT_EQ(inventory.drop_expired_superseded_der(pki::Instant{100}, none), 1u);
  EXPECT_FALSE(id.certificates[0].certificate.has_value());
  EXPECT_TRUE(id.certificates[1].certificate.has_value());
  EXPECT_TRUE(id.certificates[2].certificate.has_value());
  EXPECT_TRUE(id.certificates[3].certificate.has_value());
  // A serial whose revocation is being retried keeps it too.
  id.certificates[1].revocation_requested = false;
  auto retrying = [](const std::string& serial) { return serial == "02"; };
  EXPECT_EQ(inventory.drop_expired_superseded_der(pki::Instant{400}, retrying), 1u);
  EXPECT_TRUE(id.certificates[1].certificate.has_value());
  EXPECT_FALSE(id.certificates[2].certificate.has_value());
  EXPECT_TRUE(id.certificates[3].certificate.has_value());
  // Serials, states and the index are untouched.
  EXPECT_EQ(inventory.certificate_count(), 4u);
  EXPECT_EQ(id.certificates[2].state, cmf::CertificateState::superseded);
  EXPECT_EQ(id.current()->serial, "04");
}

}  // namespace
}  // namespace ifa026::actors::direct_testing
