// The VNFM's lifecycle pieces without a simulation: VNFD-like descriptor checks and template
// substitution, LCM plans against the state (names, order, refusals that change nothing) and the
// LCM notification subscription filter.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <variant>
#include <vector>

#include "actors/messages/codec.hpp"
#include "actors/vnfm/lccn_subscriptions.hpp"
#include "actors/vnfm/vnf_lcm.hpp"
#include "actors/vnfm/vnfd.hpp"

namespace ifa026::actors::vnfm::vnf_lcm_test {
namespace {

using nlohmann::json;

json firewall_vnfds() {
  return json::parse(R"({
    "vnfd-fw": {"vnfcs": {
      "fw-ctl": {"identities": [
        {"name": "client", "usage": "client", "subject": "CN={vnfci}.{vnf}.example.net,O=Operator",
         "dns": ["{vnfci}.{vnf}.example.net"]},
        {"name": "oam", "usage": "oam", "subject": "CN=oam.{vnfci}.{vnf}.example.net,O=Operator",
         "dns": ["oam.{vnfci}.{vnf}.example.net"]}]},
      "fw-data": {"identities": [
        {"name": "server", "usage": "server", "subject": "CN={vnfci}.example.net",
         "dns": ["{vnfci}.example.net", "data.{vnf}.example.net"]}]}}}})");
}

// A VNF as the query answer carries it.
json body_of(const VnfInstance& vnf) {
  return messages::to_body(to_description(vnf));
}

std::vector<std::string> problems(const json& vnfds) {
  std::vector<sim::Diagnostic> out;
  check_vnfds(vnfds, out);
  std::vector<std::string> messages;
  for (const auto& d : out) messages.push_back(d.pointer + " " + d.message);
  return messages;
}

LcmRequest request(LcmOperation operation, const json& args) {
  auto parsed = parse_lcm_request(operation, args);
  if (auto* reason = std::get_if<std::string>(&parsed)) {
    ADD_FAILURE() << "malformed: " << *reason;
    return {};
  }
  return std::get<LcmRequest>(parsed);
}

std::string refusal(const VnfLcm& lcm, LcmOperation operation, const json& args) {
  auto planned = lcm.plan(request(operation, args));
  auto* reason = std::get_if<std::string>(&planned);
  return reason ? *reason : std::string("<planned>");
}

LcmPlan plan_of(const VnfLcm& lcm, LcmOperation operation, const json& args) {
  auto planned = lcm.plan(request(operation, args));
  if (auto* reason = std::get_if<std::string>(&planned)) {
    ADD_FAILURE() << "refused: " << *reason;
    return {};
  }
  return std::get<LcmPlan>(planned);
}

std::vector<std::string> names(const std::vector<Vnfci>& vnfcis) {
  std::vector<std::string> out;
  for (const auto& v : vnfcis) out.push_back(v.name);
  return out;
}

std::vector<std::string> names(const VnfInstance& vnf) {
  std::vector<std::string> out;
  for (const Vnfci* v : vnf.ordered()) out.push_back(v->name);
  return out;
}

TEST(Vnfd, AcceptsTheContractExampleAndSubstitutesTemplates) {
  EXPECT_TRUE(problems(firewall_vnfds()).empty());
  const VnfdCatalogue catalogue = read_vnfds(firewall_vnfds());
  ASSERT_EQ(catalogue.size(), 1u);
  const Vnfd& vnfd = catalogue.at("vnfd-fw");
  ASSERT_EQ(vnfd.vnfcs.size(), 2u);
  const auto identities =
      instantiate_identities(vnfd.vnfcs.at("fw-ctl"), "vnf-1", "vnf-1-fw-ctl-2");
  ASSERT_EQ(identities.size(), 2u);
  EXPECT_EQ(identities[0].name, "client");
  EXPECT_EQ(identities[0].usage, "client");
  EXPECT_EQ(identities[0].subject, "CN=vnf-1-fw-ctl-2.vnf-1.example.net,O=Operator");
  EXPECT_EQ(identities[0].dns, std::vector<std::string>{"vnf-1-fw-ctl-2.vnf-1.example.net"});
  EXPECT_EQ(identities[1].subject, "CN=oam.vnf-1-fw-ctl-2.vnf-1.example.net,O=Operator");
  EXPECT_EQ(identities[1].dns[0], "oam.vnf-1-fw-ctl-2.vnf-1.example.net");
  // {vnfci} is not mistaken for {vnf} followed by "ci}".
  EXPECT_EQ(substitute("{vnfci}/{vnf}/{vnfc}", "A", "B"), "B/A/{vnfc}");
}

TEST(Vnfd, ReportsBadDescriptorsWithPointers) {
  EXPECT_FALSE(problems(json::array()).empty());
  json bad = firewall_vnfds();
  bad["vnfd-fw"]["vnfcs"]["fw-ctl"]["identities"][0]["usage"] = "admin";
  bad["vnfd-fw"]["vnfcs"]["fw-ctl"]["identities"][1]["name"] = "client";
  bad["vnfd-fw"]["vnfcs"]["fw-data"]["identities"][0]["subject"] = "not a DN";
  bad["vnfd-fw"]["vnfcs"]["fw-data"]["identities"][0]["dns"] = {1};
  bad["vnfd-empty"] = {{"vnfcs", json::object()}};
  bad["vnfd-fw"]["flavour"] = "x";
  const auto found = problems(bad);
  auto has = [&](const std::string& text) {
    for (const auto& p : found)
      if (p.find(text) != std::string::npos) return true;
    return false;
  };
  EXPECT_TRUE(has("/vnfds/vnfd-fw/vnfcs/fw-ctl/identities/0/usage"))
      << ::testing::PrintToString(found);
  EXPECT_TRUE(has("used twice"));
  EXPECT_TRUE(has("/vnfds/vnfd-fw/vnfcs/fw-data/identities/0/subject"));
  EXPECT_TRUE(has("/vnfds/vnfd-fw/vnfcs/fw-data/identities/0/dns"));
  EXPECT_TRUE(has("/vnfds/vnfd-empty/vnfcs"));
  EXPECT_TRUE(has("/vnfds/vnfd-fw/flavour"));
  EXPECT_EQ(found.size(), 6u) << ::testing::PrintToString(found);
}

TEST(VnfLcm, InstantiateScaleHealTerminateNameAndOrderVnfcis) {
  VnfLcm lcm(read_vnfds(firewall_vnfds()));
  LcmPlan plan =
      plan_of(lcm, LcmOperation::instantiate,
              {{"vnf", "vnf-1"}, {"vnfd", "vnfd-fw"}, {"vnfcs", {{"fw-ctl", 2}, {"fw-data", 2}}}});
  EXPECT_EQ(names(plan.added), (std::vector<std::string>{"vnf-1-fw-ctl-1", "vnf-1-fw-ctl-2",
                                                         "vnf-1-fw-data-1", "vnf-1-fw-data-2"}));
  EXPECT_TRUE(plan.removed.empty());
  EXPECT_EQ(lcm.find("vnf-1"), nullptr) << "planning changes nothing";
  lcm.apply(plan);
  ASSERT_NE(lcm.find("vnf-1"), nullptr);
  EXPECT_EQ(lcm.find("vnf-1")->state, VnfState::instantiated);
  EXPECT_EQ(lcm.find("vnf-1")->size(), 4u);
  EXPECT_EQ(lcm.find("vnf-1")->find("vnf-1-fw-data-2")->identities()[0].subject,
            "CN=vnf-1-fw-data-2.example.net");

  // Ten more fw-data instances: ordered by index, not by name text.
  plan =
      plan_of(lcm, LcmOperation::scale_out, {{"vnf", "vnf-1"}, {"vnfc", "fw-data"}, {"count", 9}});
  EXPECT_EQ(plan.added.front().name, "vnf-1-fw-data-3");
  EXPECT_EQ(plan.added.back().name, "vnf-1-fw-data-11");
  lcm.apply(plan);
  EXPECT_EQ(names(*lcm.find("vnf-1"))[3], "vnf-1-fw-data-2");
  EXPECT_EQ(names(*lcm.find("vnf-1")).back(), "vnf-1-fw-data-11");

  // Scale in removes the newest first.
  plan =
      plan_of(lcm, LcmOperation::scale_in, {{"vnf", "vnf-1"}, {"vnfc", "fw-data"}, {"count", 9}});
  EXPECT_EQ(plan.removed.front().name, "vnf-1-fw-data-11");
  EXPECT_EQ(plan.removed.back().name, "vnf-1-fw-data-3");
  lcm.apply(plan);
  EXPECT_EQ(lcm.find("vnf-1")->count("fw-data"), 2u);

  // Heal replaces one with a fresh name; names are never reused.
  plan = plan_of(lcm, LcmOperation::heal, {{"vnf", "vnf-1"}, {"vnfci", "vnf-1-fw-ctl-1"}});
  EXPECT_EQ(names(plan.removed), std::vector<std::string>{"vnf-1-fw-ctl-1"});
  EXPECT_EQ(names(plan.added), std::vector<std::string>{"vnf-1-fw-ctl-3"});
  lcm.apply(plan);
  EXPECT_EQ(names(*lcm.find("vnf-1")),
            (std::vector<std::string>{"vnf-1-fw-ctl-2", "vnf-1-fw-ctl-3", "vnf-1-fw-data-1",
                                      "vnf-1-fw-data-2"}));
  plan = plan_of(lcm, LcmOperation::scale_out, {{"vnf", "vnf-1"}, {"vnfc", "fw-data"}});
  EXPECT_EQ(names(plan.added), std::vector<std::string>{"vnf-1-fw-data-12"});

  plan = plan_of(lcm, LcmOperation::terminate, {{"vnf", "vnf-1"}});
  EXPECT_EQ(plan.removed.size(), 4u);
  lcm.apply(plan);
  EXPECT_EQ(lcm.find("vnf-1")->state, VnfState::not_instantiated);
  EXPECT_EQ(lcm.find("vnf-1")->size(), 0u);
  EXPECT_EQ(body_of(*lcm.find("vnf-1"))["state"], "NOT_INSTANTIATED");

  // Instantiated again: one of each VNFC by default, counters carry on.
  plan = plan_of(lcm, LcmOperation::instantiate, {{"vnf", "vnf-1"}, {"vnfd", "vnfd-fw"}});
  EXPECT_EQ(names(plan.added), (std::vector<std::string>{"vnf-1-fw-ctl-4", "vnf-1-fw-data-12"}));
}

TEST(VnfLcm, RefusesBadOperationsWithoutChangingAnything) {
  VnfLcm lcm(read_vnfds(firewall_vnfds()));
  lcm.apply(plan_of(lcm, LcmOperation::instantiate,
                    {{"vnf", "vnf-1"}, {"vnfd", "vnfd-fw"}, {"vnfcs", {{"fw-ctl", 1}}}}));
  const json before = body_of(*lcm.find("vnf-1"));

  EXPECT_EQ(refusal(lcm, LcmOperation::instantiate, {{"vnf", "vnf-1"}, {"vnfd", "vnfd-fw"}}),
            "VNF vnf-1 is already instantiated");
  EXPECT_EQ(refusal(lcm, LcmOperation::instantiate, {{"vnf", "vnf-2"}, {"vnfd", "vnfd-x"}}),
            "unknown VNFD vnfd-x");
  EXPECT_EQ(refusal(lcm, LcmOperation::instantiate,
                    {{"vnf", "vnf-2"}, {"vnfd", "vnfd-fw"}, {"vnfcs", {{"fw-lb", 1}}}}),
            "unknown VNFC fw-lb in VNFD vnfd-fw");
  EXPECT_EQ(refusal(lcm, LcmOperation::scale_out, {{"vnf", "vnf-9"}, {"vnfc", "fw-ctl"}}),
            "unknown VNF vnf-9");
  EXPECT_EQ(refusal(lcm, LcmOperation::scale_out, {{"vnf", "vnf-1"}, {"vnfc", "fw-lb"}}),
            "unknown VNFC fw-lb in VNFD vnfd-fw");
  EXPECT_EQ(
      refusal(lcm, LcmOperation::scale_in, {{"vnf", "vnf-1"}, {"vnfc", "fw-ctl"}, {"count", 2}}),
      "scale_in below zero: VNFC fw-ctl has 1 instances, count 2");
  EXPECT_EQ(refusal(lcm, LcmOperation::scale_in, {{"vnf", "vnf-1"}, {"vnfc", "fw-data"}}),
            "scale_in below zero: VNFC fw-data has 0 instances, count 1");
  EXPECT_EQ(refusal(lcm, LcmOperation::heal, {{"vnf", "vnf-1"}, {"vnfci", "vnf-1-fw-ctl-7"}}),
            "unknown VNFCI vnf-1-fw-ctl-7 in VNF vnf-1");
  EXPECT_EQ(refusal(lcm, LcmOperation::terminate, {{"vnf", "vnf-2"}}), "unknown VNF vnf-2");
  EXPECT_EQ(body_of(*lcm.find("vnf-1")), before);
  EXPECT_EQ(lcm.vnfs().size(), 1u);

  // Malformed arguments.
  auto malformed = [](LcmOperation op, const json& args) {
    auto parsed = parse_lcm_request(op, args);
    auto* reason = std::get_if<std::string>(&parsed);
    return reason ? *reason : std::string("<parsed>");
  };
  EXPECT_EQ(malformed(LcmOperation::scale_out, {{"vnf", "vnf-1"}}),
            "needs a non-empty string vnfc");
  EXPECT_EQ(
      malformed(LcmOperation::scale_out, {{"vnf", "vnf-1"}, {"vnfc", "fw-ctl"}, {"count", 0}}),
      "count must be at least 1");
  EXPECT_EQ(
      malformed(LcmOperation::scale_in, {{"vnf", "vnf-1"}, {"vnfc", "fw-ctl"}, {"count", -1}}),
      "count must be at least 1");
  EXPECT_EQ(malformed(LcmOperation::instantiate,
                      {{"vnf", "vnf-1"}, {"vnfd", "vnfd-fw"}, {"vnfcs", {{"fw-ctl", "two"}}}}),
            "vnfcs: fw-ctl must be an integer");
  EXPECT_EQ(malformed(LcmOperation::heal, {{"vnf", "vnf-1"}}), "needs a non-empty string vnfci");
  EXPECT_EQ(malformed(LcmOperation::terminate, json::array()), "arguments must be an object");
  EXPECT_EQ(malformed(LcmOperation::terminate, {{"vnf", 3}}), "needs a non-empty string vnf");
}

TEST(LccnFilter, ParsesAndMatches) {
  auto parsed = parse_lccn_filter(std::nullopt);
  ASSERT_TRUE(std::holds_alternative<LccnFilter>(parsed));
  messages::VnfLcmOperationOccurrenceNotification notification;
  notification.vnf = "vnf-1";
  notification.vnfd = "vnfd-fw";
  notification.operation = "HEAL";
  notification.state = "COMPLETED";
  EXPECT_TRUE(std::get<LccnFilter>(parsed).matches(notification));
  EXPECT_TRUE(std::holds_alternative<LccnFilter>(parse_lccn_filter(json())));  // null

  parsed =
      parse_lccn_filter(json{{"operations", {"TERMINATE", "HEAL"}}, {"states", {"COMPLETED"}}});
  ASSERT_TRUE(std::holds_alternative<LccnFilter>(parsed));
  const LccnFilter filter = std::get<LccnFilter>(parsed);
  EXPECT_TRUE(filter.matches(notification));
  auto starting = notification;
  starting.state = "STARTING";
  EXPECT_FALSE(filter.matches(starting));
  auto scale = notification;
  scale.operation = "SCALE_OUT";
  EXPECT_FALSE(filter.matches(scale));

  parsed = parse_lccn_filter(json{{"vnfs", {"vnf-2"}}});
  EXPECT_FALSE(std::get<LccnFilter>(parsed).matches(notification));

  // Members the VNFM does not know are refused, not ignored.
  parsed = parse_lccn_filter(json{{"tenants", {"a"}}});
  ASSERT_TRUE(std::holds_alternative<std::string>(parsed));
  EXPECT_NE(std::get<std::string>(parsed).find("unknown filter member"), std::string::npos);
  parsed = parse_lccn_filter(json{{"vnfs", "vnf-1"}});
  EXPECT_TRUE(std::holds_alternative<std::string>(parsed));
  parsed = parse_lccn_filter(json(7));
  EXPECT_TRUE(std::holds_alternative<std::string>(parsed));

  // The request as read: the filter kept as sent.
  auto request =
      messages::from_body<LccnSubscriptionRequestAsSent>(json{{"filter", {{"tenants", {"a"}}}}});
  ASSERT_TRUE(request.ok());
  EXPECT_TRUE(std::holds_alternative<std::string>(parse_lccn_filter(request->filter)));
}

}  // namespace
}  // namespace ifa026::actors::vnfm::vnf_lcm_test
