// Catalogue completeness: every numbered requirement of Annexes A and B exactly once (checked
// against the IDs found in the specification text itself), every Annex C flow, valid fields.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "conformance/catalogue.hpp"

namespace ifa026::conformance {
namespace {

std::set<std::string> ids_in_spec(const std::regex& pattern) {
  std::ifstream in(std::string(IFA026_SOURCE_DIR) +
                   "/../shared/spec/ETSI-GS-NFV-IFA-026-V4.5.1.txt");
  std::set<std::string> ids;
  if (!in) return ids;
  std::stringstream text;
  text << in.rdbuf();
  const std::string s = text.str();
  for (std::sregex_iterator it(s.begin(), s.end(), pattern), end; it != end; ++it)
    ids.insert(it->str());
  return ids;
}

TEST(Catalogue, HasEveryNumberedRequirementOnce) {
  const auto& c = Catalogue::builtin();
  std::size_t annex_a = 0, annex_b = 0;
  std::set<std::string> seen;
  for (const auto& r : c.requirements()) {
    EXPECT_TRUE(seen.insert(r.id).second) << "duplicate " << r.id;
    if (std::regex_match(r.id, std::regex(R"(R[12]\.\d+\.\d+)"))) ++annex_a;
    if (std::regex_match(r.id, std::regex(R"((Cmf|Nfvo|Vnfm|Vim|Wim|Cism|Cir)\.[A-Za-z]+\.\d{3})")))
      ++annex_b;
  }
  EXPECT_EQ(annex_a, 98u);
  EXPECT_EQ(annex_b, 84u);
  EXPECT_TRUE(c.find("R1.1.10"));
  EXPECT_TRUE(c.find("R2.1.360"));
  EXPECT_TRUE(c.find("Cmf.CertLcm.001"));
  EXPECT_TRUE(c.find("Cir.Sc.010"));
}

TEST(Catalogue, MatchesTheIdsOfTheSpecificationText) {
  auto spec_a = ids_in_spec(std::regex(R"(\bR[12]\.\d+\.\d+\b)"));
  auto spec_b =
      ids_in_spec(std::regex(R"(\b(Cmf|Nfvo|Vnfm|Vim|Wim|Cism|Cir)\.[A-Za-z]+\.\d{3}\b)"));
  if (spec_a.empty()) GTEST_SKIP() << "specification text not beside the checkout";
  const auto& c = Catalogue::builtin();
  for (const auto& id : spec_a) EXPECT_TRUE(c.find(id)) << id << " missing";
  for (const auto& id : spec_b) EXPECT_TRUE(c.find(id)) << id << " missing";
  EXPECT_EQ(spec_a.size() + spec_b.size(), 182u);
}

TEST(Catalogue, HasEveryAnnexCFlow) {
  const auto& c = Catalogue::builtin();
  for (const char* id :
       {"C.2.1.1",   "C.2.1.2",   "C.2.1.3",   "C.2.1.4",   "C.2.2.1",   "C.2.2.2.6",
        "C.2.2.2.7", "C.2.2.3",   "C.2.2.4.6", "C.2.2.4.7", "C.3.1",     "C.3.2.1",
        "C.3.2.2",   "C.3.2.3",   "C.4.1.1",   "C.4.1.2.6", "C.4.1.2.7", "C.4.2.1",
        "C.4.2.2.6", "C.4.2.2.7", "C.4.3.1",   "C.4.3.2.6", "C.4.3.2.7"}) {
    const Requirement* r = c.find(id);
    ASSERT_TRUE(r) << id;
    EXPECT_EQ(r->kind, "flow");
    EXPECT_FALSE(r->title.empty());
    EXPECT_GT(r->steps, 0) << id;
  }
}

TEST(Catalogue, HasClauseFiveStatementsWithStableIds) {
  const auto& c = Catalogue::builtin();
  std::size_t clause5 = 0;
  for (const auto& r : c.requirements())
    if (r.clause.starts_with("5")) {
      ++clause5;
      EXPECT_TRUE(std::regex_match(r.id, std::regex(R"(5(\.\d+)+-[a-z])"))) << r.id;
      EXPECT_TRUE(r.id.starts_with(r.clause + "-")) << r.id;
    }
  EXPECT_GT(clause5, 10u);
}

TEST(Catalogue, EveryEntryHasItsFieldsAndAReason) {
  for (const auto& r : Catalogue::builtin().requirements()) {
    EXPECT_FALSE(r.summary.empty()) << r.id;
    EXPECT_LE(r.summary.size(), 200u) << r.id << ": summaries are one line";
    EXPECT_EQ(r.summary.find('\n'), std::string::npos) << r.id;
    EXPECT_FALSE(r.testability_reason.empty()) << r.id;
    EXPECT_FALSE(r.subject.empty()) << r.id;
  }
}

TEST(Catalogue, RejectsMalformedEntries) {
  using nlohmann::json;
  EXPECT_THROW(Catalogue::from_json(json::object()), std::invalid_argument);
  json ok = {{"id", "X"},
             {"clause", "A.1"},
             {"kind", "requirement"},
             {"modality", "shall"},
             {"subject", "SM"},
             {"summary", "s"},
             {"testability", "observable"},
             {"testability_reason", "r"}};
  EXPECT_NO_THROW(Catalogue::from_json(json::array({ok})));
  EXPECT_THROW(Catalogue::from_json(json::array({ok, ok})), std::invalid_argument);
  json bad = ok;
  bad["modality"] = "must";
  EXPECT_THROW(Catalogue::from_json(json::array({bad})), std::invalid_argument);
  bad = ok;
  bad.erase("summary");
  EXPECT_THROW(Catalogue::from_json(json::array({bad})), std::invalid_argument);
}

TEST(Catalogue, RestatementsOfOneSentenceAgree) {
  // Clause 5.1.3 and R2.1.100 are the same sentence of the specification: same testability and
  // reason, hence the same verdict.
  const auto& c = Catalogue::builtin();
  const auto* clause = c.find("5.1.3-e");
  const auto* annex = c.find("R2.1.100");
  ASSERT_TRUE(clause && annex);
  EXPECT_EQ(clause->restates, "R2.1.100");
  EXPECT_EQ(clause->testability, annex->testability);
  EXPECT_EQ(clause->testability_reason, annex->testability_reason);
  for (const auto& r : c.requirements())
    if (!r.restates.empty()) {
      ASSERT_TRUE(c.find(r.restates)) << r.id;
      EXPECT_EQ(r.testability, c.find(r.restates)->testability) << r.id;
    }
  // A catalogue where they disagree does not load.
  using nlohmann::json;
  json a = {{"id", "5.1.3-e"},
            {"clause", "5.1.3"},
            {"kind", "requirement"},
            {"modality", "shall"},
            {"subject", "NFV-MANO"},
            {"summary", "s"},
            {"testability", "not-observable"},
            {"testability_reason", "r"},
            {"restates", "R2.1.100"}};
  json b = a;
  b.erase("restates");
  b["id"] = "R2.1.100";
  b["testability"] = "partial";
  EXPECT_THROW(Catalogue::from_json(json::array({a, b})), std::invalid_argument);
  b["testability"] = "not-observable";
  EXPECT_NO_THROW(Catalogue::from_json(json::array({a, b})));
  a["restates"] = "R9.9.9";
  EXPECT_THROW(Catalogue::from_json(json::array({a, b})), std::invalid_argument);
}

TEST(Catalogue, GroupsByAnnex) {
  const auto& c = Catalogue::builtin();
  EXPECT_EQ(Catalogue::group_of(*c.find("R1.1.10")), "Annex A");
  EXPECT_EQ(Catalogue::group_of(*c.find("Cmf.CertLcm.001")), "Annex B");
  EXPECT_EQ(Catalogue::group_of(*c.find("C.4.1.1")), "Annex C");
  EXPECT_EQ(Catalogue::group_of(*c.find("5.1.2-a")), "Clause 5");
}

}  // namespace
}  // namespace ifa026::conformance
