// The `ca` actor and the CMP client side (actors/common/cmp_exchange) over a lossy CA-1: a lost
// ip or pkiConf is recovered by the client's retransmission of the same message, which the CA
// answers again (CmpRetransmission) without a second issuance; a certConf that never arrives
// leaves the certificate to be revoked at the end of confirm_wait, in simulated time, and the next
// CRL lists it (docs/cmp-reliability.md). The losses are link-down fault windows timed over one
// message, as a lossy network would drop it.
#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "actors/common/cmp_exchange.hpp"
#include "tests/actors/ca/ca_test_support.hpp"

namespace ifa026::actors {
namespace {

// A client that enrols with the RA credential through a CmpExchange (defaults: 5 s, 4 resends,
// doubling, at most 60 s) and keeps the CRLs it gets.
struct ExchangeScript {
  std::optional<CmpExchange::Outcome> outcome;
  std::vector<std::pair<Time, pki::Crl>> crls;
};

class ExchangeClient final : public sim::Actor {
 public:
  ExchangeClient(sim::ActorContext& context, ExchangeScript& script)
      : Actor(context), script_(script), exchange_(context, CmpExchangeSettings{}) {}

  void on_start() override {
    context().schedule(Duration::milliseconds(100), "StartEnrolment", [this] {
      pki::CmpClientConfig config;
      exchange_.run(
          kCa, config, "", "", "client=" + context().name(),
          [now = pki_now(context())](pki::CmpClient& client) {
            const pki::PrivateKey key = pki::PrivateKey::generate();
            return client.enrol_ir(kRaReference, bytes_of(kRaSecret), key,
                                   pki::DistinguishedName::parse("CN=cmf.example.net,O=Operator"),
                                   pki::SubjectAltName{{"cmf.example.net"}, {}, {}}, now);
          },
          [this](const CmpExchange::Outcome& outcome) { script_.outcome = outcome; });
    });
  }

  void on_message(const sim::Message& message) override {
    if (exchange_.handle(message)) return;
    auto envelope = decode_envelope(message.payload);
    if (!envelope || envelope->operation != "CrlPublication") return;
    if (auto der = get_bytes(envelope->body, "crl"))
      script_.crls.emplace_back(context().now(), pki::Crl::from_der(*der));
  }

 private:
  ExchangeScript& script_;
  CmpExchange exchange_;
};

struct LossyRun {
  std::vector<sim::TraceRecord> records;
  ExchangeScript script;
};

// The RA enrols through a CmpExchange while CA-1 is down over `windows` ({start, end} in ms).
std::unique_ptr<LossyRun> run_lossy(const std::vector<std::pair<double, double>>& windows,
                                    Duration duration = Duration::seconds(200)) {
  auto out = std::make_unique<LossyRun>();
  sim::ActorRegistry registry;
  register_ca_actor(registry);
  sim::ActorType client;
  client.description = "test CMP client over CmpExchange";
  client.create = [script = &out->script](sim::ActorContext& context, const sim::ActorSpec&) {
    return std::make_unique<ExchangeClient>(context, *script);
  };
  client.check_params = [](const json&, std::vector<sim::Diagnostic>&) {};
  registry.add("exchange-client", std::move(client));
  json faults = json::array();
  for (const auto& [start, end] : windows) {
    faults.push_back(
        {{"kind", "link-down"},
         {"endpoints", json::array({kCa, kDriver})},
         {"start",
          sim::format_duration(Duration::microseconds(static_cast<std::int64_t>(start * 1000)))},
         {"end",
          sim::format_duration(Duration::microseconds(static_cast<std::int64_t>(end * 1000)))}});
  }
  const sim::Scenario scenario = test::ScenarioBuilder("ca-retransmission-test")
                                     .epoch("2030-01-01T00:00:00Z")
                                     .seed(11)
                                     .duration(sim::format_duration(duration))
                                     .actor(kCa, "ca", base_params(), "operator")
                                     .actor(kDriver, "exchange-client", json::object(), "operator")
                                     .member("faults", faults)
                                     .load(registry);
  sim::TraceStore store;
  sim::Simulation simulation(scenario, registry);
  simulation.trace().subscribe(store);
  simulation.run();
  out->records = store.records();
  return out;
}

std::vector<sim::TraceRecord> of(const std::vector<sim::TraceRecord>& records,
                                 const std::string& actor, const std::string& operation,
                                 const std::string& outcome = "") {
  std::vector<sim::TraceRecord> out;
  for (const auto& r : records)
    if (r.actor == actor && r.operation == operation && (outcome.empty() || r.outcome == outcome))
      out.push_back(r);
  return out;
}

std::size_t drops(const std::vector<sim::TraceRecord>& records, const std::string& operation) {
  std::size_t n = 0;
  for (const auto& r : records)
    if (r.kind == sim::RecordKind::drop && r.operation == operation) ++n;
  return n;
}

// The times: the ir leaves at 100 ms and reaches the CA at 101 ms, whose ip leaves after its 5 ms
// processing (106 ms); the certConf leaves on the ip's arrival (107 ms), and the pkiConf on the
// certConf's (108 ms).

TEST(CaRetransmission, TheIpIsLostOnceAndTheResentIrGetsTheSameIpWithOneIssuance) {
  const auto run = run_lossy({{105.5, 106.5}});
  EXPECT_EQ(drops(run->records, "ip"), 1u);
  ASSERT_TRUE(run->script.outcome.has_value());
  const pki::CmpResult& result = run->script.outcome->result;
  ASSERT_TRUE(result.ok()) << result.error << " / " << result.status_text;
  // The client resent the ir once (5 s later), the CA answered it with the ip it had sent.
  EXPECT_EQ(of(run->records, kDriver, "CmpExchange", "retry").size(), 1u);
  const auto again = of(run->records, kCa, "CmpRetransmission", "ok");
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(detail(again[0], "request"), "ir");
  const auto issued = of(run->records, kCa, "IssueCertificate");
  ASSERT_EQ(issued.size(), 1u);
  EXPECT_EQ(detail(issued[0], "serial"), result.certificate->serial_hex());
  EXPECT_TRUE(of(run->records, kCa, "RevokeCertificate").empty());
}

TEST(CaRetransmission, ThePkiConfIsLostOnceAndTheResentCertConfGetsItAgain) {
  const auto run = run_lossy({{107.5, 108.5}});
  EXPECT_EQ(drops(run->records, "pkiConf"), 1u);
  ASSERT_TRUE(run->script.outcome.has_value());
  const pki::CmpResult& result = run->script.outcome->result;
  ASSERT_TRUE(result.ok()) << result.error << " / " << result.status_text;
  EXPECT_EQ(of(run->records, kDriver, "CmpExchange", "retry").size(), 1u);
  const auto again = of(run->records, kCa, "CmpRetransmission", "ok");
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(detail(again[0], "request"), "certConf");
  EXPECT_EQ(of(run->records, kCa, "IssueCertificate").size(), 1u);
  // Confirmed: nothing is revoked, not even when the confirmation wait would have ended.
  EXPECT_TRUE(of(run->records, kCa, "RevokeCertificate").empty());
}

TEST(CaRetransmission, ACertConfThatNeverArrivesGetsTheCertificateRevokedAfterTheWait) {
  // Every certConf and resend is lost (the client gives up after 135 s); the link is back
  // before the CA's 5 min wait ends, so the CRL that follows the revocation arrives.
  const auto run = run_lossy({{106.5, 150'000}}, Duration::seconds(400));
  EXPECT_EQ(drops(run->records, "certConf"), 5u);  // the first and 4 resends
  ASSERT_TRUE(run->script.outcome.has_value());
  EXPECT_FALSE(run->script.outcome->result.ok());
  EXPECT_TRUE(run->script.outcome->unanswered);
  ASSERT_TRUE(run->script.outcome->offered.has_value());
  const std::string serial = run->script.outcome->offered->serial_hex();

  const auto revoked = of(run->records, kCa, "RevokeCertificate", "ok");
  ASSERT_EQ(revoked.size(), 1u);
  EXPECT_EQ(detail(revoked[0], "serial"), serial);
  EXPECT_EQ(detail(revoked[0], "reason").rfind("unconfirmed", 0), 0u) << revoked[0].detail;
  // At the end of the wait, in simulated time: 106 ms + 300 s.
  EXPECT_EQ(revoked[0].time, Time::zero() + Duration::milliseconds(300'106));
  ASSERT_FALSE(run->script.crls.empty());
  const auto& [when, crl] = run->script.crls.back();
  EXPECT_GE(when, revoked[0].time);
  bool listed = false;
  for (const auto& entry : crl.revoked()) {
    if (entry.serial_hex == serial) {
      listed = true;
      EXPECT_EQ(entry.reason, pki::RevocationReason::cessation_of_operation);
    }
  }
  EXPECT_TRUE(listed);
}

TEST(CaRetransmission, WithoutLossTheConfirmationWaitLeavesNoTrace) {
  const auto run = run_lossy({}, Duration::seconds(400));
  ASSERT_TRUE(run->script.outcome.has_value());
  ASSERT_TRUE(run->script.outcome->result.ok());
  EXPECT_TRUE(of(run->records, kCa, "CmpRetransmission").empty());
  EXPECT_TRUE(of(run->records, kCa, "RevokeCertificate").empty());
  // The wait's timer was cancelled by the certConf: it never fires.
  for (const auto& r : run->records)
    EXPECT_FALSE(r.kind == sim::RecordKind::timer && r.operation == "ConfirmWait");
}

}  // namespace
}  // namespace ifa026::actors
