// The trust model (actors/common/trust_model.hpp): its graph and run-time queries on a
// three-level hierarchy (modes, descendants and ancestors, hierarchy authority with
// may_terminate cutting it, visibility, peers, trust, isolation groups), and the trust_model
// scenario rule's located errors through the scenario loader (FILE:LINE:COLUMN and JSON pointer).
#include "actors/common/trust_model.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "sim/actor_registry.hpp"
#include "sim/scenario.hpp"

namespace ifa026::actors::trust {
namespace {

using nlohmann::json;

// m oversees a (which oversees aa) and b (may not terminate, receives b's events); a asks b for
// threat intelligence; m is visible to a; td-a and td-b trust each other, td-c trusts no one; td-li
// is sensitive, b its manager.
const char* kModel = R"({
  "domains": [
    {"id": "td-sec-m", "purpose": "security_management"},
    {"id": "td-sec-a", "purpose": "security_management", "members": ["a"]},
    {"id": "td-core", "purpose": "tenant"}, {"id": "td-a", "purpose": "tenant"},
    {"id": "td-aa", "purpose": "tenant"}, {"id": "td-b", "purpose": "tenant"},
    {"id": "td-c", "purpose": "tenant"}, {"id": "td-li", "purpose": "tenant", "sensitive": true}],
  "trust": [{"from": "td-a", "to": "td-b", "relationship": "r1", "services": ["cross_domain_sa"],
             "bidirectional": true}],
  "sms": [
    {"name": "m", "member_of": "td-sec-m", "manages": {"td-core": "fully_active"},
     "oversees": ["a", {"sm": "b", "may_terminate": false, "receives_subordinate_events": true}],
     "visible_to": ["a"]},
    {"name": "a", "manages": {"td-a": "semi_active"}, "oversees": ["aa"],
     "peers": [{"sm": "b", "services": ["threat_intel"]}]},
    {"name": "aa", "manages": {"td-aa": "passive"}},
    {"name": "b", "manages": {"td-b": "passive", "td-li": "fully_active"}}],
  "sensitive_managers": {"td-li": ["b"]}
})";

std::set<std::string> as_set(const std::vector<std::string>& v) {
  return {v.begin(), v.end()};
}

TEST(TrustModel, FromSectionBuildsTheGraphWithModesAndPlacements) {
  const auto m = TrustModel::from_section(json::parse(kModel), {{"vnf-1", "td-a", {}, "/p"}});
  EXPECT_TRUE(m.declared());
  EXPECT_FALSE(TrustModel::from_section(json::object()).declared());
  EXPECT_TRUE(m.knows_sm("aa"));
  EXPECT_FALSE(m.knows_sm("td-a"));
  EXPECT_EQ(m.mode("a", "td-a"), "semi_active");
  EXPECT_EQ(m.mode("a", "td-b"), std::nullopt);
  EXPECT_EQ(m.grants("b"),
            (std::map<std::string, std::string>{{"td-b", "passive"}, {"td-li", "fully_active"}}));
  EXPECT_EQ(m.domain_of("vnf-1"), "td-a");
  EXPECT_EQ(m.domain_of("a"), "td-sec-a");  // a domain's members list
  EXPECT_EQ(m.domain_of("m"), "td-sec-m");  // member_of
  EXPECT_EQ(as_set(m.names(VertexKind::sm)), (std::set<std::string>{"m", "a", "aa", "b"}));
  // Typed edges: m's oversees edges and their properties.
  const auto subs = m.out_edges(*m.vertex("m"), EdgeKind::oversees);
  ASSERT_EQ(subs.size(), 2u);
  EXPECT_TRUE(m.graph()[subs[0]].may_terminate);
  EXPECT_FALSE(m.graph()[subs[1]].may_terminate);
  EXPECT_TRUE(m.graph()[subs[1]].receives_subordinate_events);
  EXPECT_EQ(m.graph()[subs[1]].pointer, "/trust_model/sms/0/oversees/1");
}

TEST(TrustModel, HierarchyQueries) {
  const auto m = TrustModel::from_section(json::parse(kModel));
  EXPECT_EQ(as_set(m.descendants("m")), (std::set<std::string>{"a", "aa", "b"}));
  EXPECT_EQ(m.descendants("aa"), std::vector<std::string>{});
  EXPECT_EQ(m.ancestors("aa"), (std::vector<std::string>{"a", "m"}));
  EXPECT_EQ(m.depth("m"), 0);
  EXPECT_EQ(m.depth("a"), 1);
  EXPECT_EQ(m.depth("aa"), 2);
  // Termination authority reaches the grandchild's domain, not b's (may_terminate false) and
  // not its own; overrule is still allowed towards b.
  EXPECT_EQ(m.hierarchy_authority("m"), (std::set<std::string>{"td-a", "td-aa"}));
  EXPECT_EQ(m.hierarchy_authority("m", true),
            (std::set<std::string>{"td-a", "td-aa", "td-b", "td-li"}));
  EXPECT_EQ(m.authority_via("m", "td-aa"), "aa");
  EXPECT_EQ(m.authority_via("a", "td-aa"), "aa");
  EXPECT_EQ(m.authority_via("m", "td-b"), "");
  EXPECT_EQ(m.authority_via("m", "td-b", true), "b");
  EXPECT_EQ(m.authority_via("aa", "td-a"), "");  // a sub has no authority upwards
  EXPECT_EQ(m.hierarchy_authority("aa"), std::set<std::string>{});
  EXPECT_EQ(m.event_receiving_masters("b"), std::vector<std::string>{"m"});
  EXPECT_EQ(m.event_receiving_masters("a"), std::vector<std::string>{});
}

TEST(TrustModel, VisibilityPeersAndTrust) {
  const auto m = TrustModel::from_section(json::parse(kModel));
  EXPECT_TRUE(m.visible("m", "aa"));   // a descendant
  EXPECT_TRUE(m.visible("a", "m"));    // m visible_to a
  EXPECT_FALSE(m.visible("b", "m"));   // a master stays invisible to its subs
  EXPECT_FALSE(m.visible("aa", "a"));  // ... at every level
  EXPECT_FALSE(m.visible("a", "b"));   // siblings do not see each other
  EXPECT_TRUE(m.visible("b", "b"));
  EXPECT_TRUE(m.peers("a", "b", "threat_intel"));
  EXPECT_FALSE(m.peers("a", "b", "cross_domain_sa"));
  EXPECT_FALSE(m.peers("b", "a", "threat_intel"));  // the edge has a direction
  EXPECT_TRUE(m.trusted("td-a", "td-b", "cross_domain_sa"));
  EXPECT_TRUE(m.trusted("td-b", "td-a"));  // bidirectional
  EXPECT_FALSE(m.trusted("td-a", "td-b", "telemetry"));
  EXPECT_FALSE(m.trusted("td-a", "td-c"));
  EXPECT_TRUE(m.trusted("td-c", "td-c"));
  EXPECT_EQ(m.relationship("td-a", "td-b"), "r1");
  EXPECT_EQ(m.relationship("td-a", "td-c"), "");
  EXPECT_TRUE(m.sensitive("td-li"));
  EXPECT_FALSE(m.sensitive("td-a"));
  EXPECT_TRUE(m.may_see("b", "td-li"));
  EXPECT_FALSE(m.may_see("m", "td-li"));
  EXPECT_TRUE(m.may_see("m", "td-a"));
  const auto groups = m.isolation_groups();
  auto group_of = [&](const std::string& d) {
    return *std::find_if(groups.begin(), groups.end(), [&](const auto& g) { return g.count(d); });
  };
  EXPECT_EQ(group_of("td-a"), (std::set<std::string>{"td-a", "td-b"}));
  EXPECT_EQ(group_of("td-c"), std::set<std::string>{"td-c"});
}

// ---- The scenario rule through the loader ----

class Silent final : public sim::Actor {
 public:
  explicit Silent(sim::ActorContext& c) : Actor(c) {}
  void on_message(const sim::Message&) override {}
};

const sim::ActorRegistry& registry() {
  static const sim::ActorRegistry r = [] {
    sim::ActorRegistry out;
    sim::ActorType t;
    t.description = "silent";
    t.create = [](sim::ActorContext& c, const sim::ActorSpec&) {
      return std::make_unique<Silent>(c);
    };
    out.add("silent", t);
    return out;
  }();
  return r;
}

std::string scenario(const std::string& trust_model) {
  return "{\n  \"name\": \"t\",\n  \"epoch\": \"2026-01-01T00:00:00Z\",\n  \"seed\": 1,\n"
         "  \"duration\": \"10s\",\n  \"actors\": [{\"name\": \"x\", \"type\": \"silent\"}],\n"
         "  \"trust_model\": " +
         trust_model + "\n}\n";
}

// The 1-based line and column of the first `marker` in `text`.
std::pair<int, int> position(const std::string& text, const std::string& marker) {
  const auto at = text.find(marker);
  EXPECT_NE(at, std::string::npos) << marker;
  const auto line = 1 + std::count(text.begin(), text.begin() + at, '\n');
  const auto start = text.rfind('\n', at);
  return {static_cast<int>(line),
          static_cast<int>(at - (start == std::string::npos ? 0 : start + 1)) + 1};
}

// Loads `text` with check_trust_model as the scenario rule (as conformance::scenario_rules
// applies it) and expects an error at `pointer`, located at `marker`, saying `words`.
void expect_located(const std::string& text, const std::string& pointer, const std::string& marker,
                    const std::string& words) {
  auto load = sim::load_scenario_text("case.json", text, registry(), check_trust_model);
  auto it = std::find_if(load.errors.begin(), load.errors.end(),
                         [&](const sim::Diagnostic& d) { return d.pointer == pointer; });
  ASSERT_NE(it, load.errors.end()) << "no error at " << pointer << " in " << load.errors.size();
  const auto [line, column] = position(text, marker);
  EXPECT_EQ(it->file, "case.json");
  EXPECT_EQ(it->line, line) << sim::format_diagnostic(*it);
  EXPECT_EQ(it->column, column) << sim::format_diagnostic(*it);
  EXPECT_NE(it->message.find(words), std::string::npos) << sim::format_diagnostic(*it);
  EXPECT_NE(sim::format_diagnostic(*it).find("case.json:" + std::to_string(line) + ":" +
                                             std::to_string(column) + ":"),
            std::string::npos)
      << sim::format_diagnostic(*it);
}

TEST(TrustModelRule, AcceptsTheModel) {
  auto load = sim::load_scenario_text("case.json", scenario(kModel), registry(), check_trust_model);
  for (const auto& d : load.errors) ADD_FAILURE() << sim::format_diagnostic(d);
}

TEST(TrustModelRule, AnOverseesCycleIsLocated) {
  expect_located(scenario(R"({
    "sms": [{"name": "s1", "oversees": ["s2"]},
            {"name": "s2", "oversees": ["s1"]}]})"),
                 "/trust_model/sms/0/oversees", R"(["s2"])", "cycle through SM \"s1\"");
}

TEST(TrustModelRule, TwoMastersAreLocated) {
  expect_located(scenario(R"({
    "sms": [{"name": "s1", "oversees": ["s3"]}, {"name": "s2", "oversees": ["s3x", "s3"]},
            {"name": "s3"}, {"name": "s3x"}]})"),
                 "/trust_model/sms/1/oversees/1", "\"s3\"]},\n", "already has master \"s1\"");
}

TEST(TrustModelRule, AnSmInTwoSecurityManagementDomainsByMembersIsLocated) {
  expect_located(scenario(R"({
    "domains": [{"id": "td-1", "purpose": "security_management", "members": ["s1"]},
                {"id": "td-2", "purpose": "security_management", "members": ["s1"]}],
    "sms": [{"name": "s1"}]})"),
                 "/trust_model/domains/1/members/0", R"("s1"]}],)",
                 "SM \"s1\" is in two security-management domains");
}

TEST(TrustModelRule, ATrustEdgeNamingAnUnknownDomainIsLocated) {
  expect_located(scenario(R"({
    "domains": [{"id": "td-a", "purpose": "tenant"}],
    "trust": [{"from": "td-a", "to": "td-nowhere", "relationship": "r1"}]})"),
                 "/trust_model/trust/0/to", R"("td-nowhere")", "to must name a declared domain");
}

TEST(TrustModelRule, AnUnknownKeyIsLocatedAtTheKey) {
  expect_located(scenario(R"({"domains": [], "colour": "blue"})"), "/trust_model/colour",
                 R"("colour")", "unknown trust_model member \"colour\"");
  expect_located(scenario(R"({"sms": [{"name": "s1", "rank": 3}]})"), "/trust_model/sms/0/rank",
                 R"("rank")", "unknown SM member \"rank\"");
}

}  // namespace
}  // namespace ifa026::actors::trust
