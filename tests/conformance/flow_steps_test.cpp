// The vocabulary actors and checks share (actors/messages/): the Annex C step tables are
// consistent (canonical IDs in table order, unique, each record a vocabulary constant of the
// right kind, each role a scenario actor type, as many rows as the catalogue's flow has steps),
// the lookups answer as documented, and the shipped scenarios speak only this vocabulary: every
// step their traces cite is a row of a table, every table row is shown by its own record of the
// role it names, every decision, outcome and detail key is a constant of decisions.hpp or
// detail_keys.hpp.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "actors/builtin_actors.hpp"
#include "actors/common/trace_detail.hpp"
#include "actors/messages/decisions.hpp"
#include "actors/messages/flow_steps.hpp"
#include "conformance/catalogue.hpp"
#include "conformance/scenario_rules.hpp"
#include "sim/scenario.hpp"
#include "sim/scenario_discovery.hpp"
#include "sim/simulation.hpp"

namespace ifa026::actors::flows {
namespace {

namespace fs = std::filesystem;
using sim::RecordKind;

// Compile-time checks: a cited step with constant arguments is a constant expression, and the
// flow that follows another's table gives that table's IDs. (A step the table lacks does not
// compile: step() throws during constant evaluation.)
static_assert(std::string_view(step(kDirectRenewal, 3)) == "C.2.1.4#3");
static_assert(std::string_view(step(kVnfmCsrHsm, 0)) == "C.4.2.2.7#0");
static_assert(std::string_view(step(kOamDirect, 7)) == "C.2.1.1#7");
static_assert(!has_step("C.2.1.3", 16));
static_assert(has_step("C.2.1.3", 15));

std::string source(const std::string& relative) {
  return std::string(IFA026_SOURCE_DIR) + "/" + relative;
}

// The texts of the constants a vocabulary header defines in `ns` (inline constexpr const char*
// kName = "text";, possibly wrapped after '='), by reading the header itself, so a name used in a
// table but defined nowhere, or a trace word missing from the vocabulary, is found. Aliases of a
// message's constant are added by the callers.
std::set<std::string> constants_of(const std::string& header, const std::string& ns) {
  std::ifstream in(source(header));
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string text = buffer.str();
  EXPECT_FALSE(text.empty()) << header;
  std::set<std::string> out;
  const auto start = text.find("namespace ifa026::actors::" + ns + " {");
  EXPECT_NE(start, std::string::npos) << header << " has no namespace " << ns;
  if (start == std::string::npos) return out;
  const auto end = text.find("}  // namespace ifa026::actors::" + ns, start);
  const std::string body = text.substr(start, end - start);
  static const std::regex constant(R"re(inline constexpr const char\* k\w+\s*=\s*"([^"]*)")re");
  for (std::sregex_iterator i(body.begin(), body.end(), constant), e; i != e; ++i)
    out.insert((*i)[1].str());
  return out;
}

// The monitoring names (issue 16) and the delegation names (issue 17) live in headers of their
// own, read with each of the three.
constexpr const char* kMonitoringVocabulary = "actors/messages/monitoring_vocabulary.hpp";
constexpr const char* kDelegationVocabulary = "actors/messages/delegation_vocabulary.hpp";

std::set<std::string> with_monitoring(std::set<std::string> names, const std::string& ns) {
  names.merge(constants_of(kMonitoringVocabulary, ns));
  names.merge(constants_of(kDelegationVocabulary, ns));
  return names;
}

const std::set<std::string>& operation_names() {
  static const auto s =
      with_monitoring(constants_of("actors/messages/operations.hpp", "operations"), "operations");
  return s;
}

// Decision names, including those that share a message's name (same constant).
const std::set<std::string>& decision_names() {
  static const std::set<std::string> s = [] {
    auto out =
        with_monitoring(constants_of("actors/messages/decisions.hpp", "decisions"), "decisions");
    for (const char* shared : {decisions::kHsmVendorRoot, decisions::kCertificateRemoved,
                               decisions::kTlsHandshake, decisions::kHardwareRoot})
      out.insert(shared);
    return out;
  }();
  return s;
}

const std::set<std::string>& outcome_names() {
  static const auto s =
      with_monitoring(constants_of("actors/messages/decisions.hpp", "outcomes"), "outcomes");
  return s;
}

const std::set<std::string>& detail_key_names() {
  static const auto s = with_monitoring(
      constants_of("actors/messages/detail_keys.hpp", "detail_keys"), "detail_keys");
  return s;
}

const std::set<std::string>& reference_point_names() {
  static const auto s = [] {
    auto out = constants_of("actors/messages/reference_points.hpp", "reference_points");
    out.merge(constants_of(kDelegationVocabulary, "reference_points"));
    return out;
  }();
  return s;
}

const std::set<std::string> kRoles = {roles::kOss,   roles::kCmf,     roles::kCa,  roles::kHsm,
                                      roles::kNfvo,  roles::kVnfm,    roles::kVim, roles::kCism,
                                      roles::kVnfci, roles::kVerifier};

// A record of `kind` names an operation of the right vocabulary: a message for a send, a
// decision otherwise.
void expect_known(RecordKind kind, const char* operation, const std::string& where) {
  ASSERT_NE(operation, nullptr) << where;
  if (kind == RecordKind::send)
    EXPECT_TRUE(operation_names().contains(operation)) << where << ": message " << operation;
  else
    EXPECT_TRUE(decision_names().contains(operation)) << where << ": decision " << operation;
}

TEST(FlowSteps, TheVocabularyHeadersAreRead) {
  // Guards the header parsing the other tests rely on.
  EXPECT_TRUE(operation_names().contains(operations::kCertificateSigningRequest));
  EXPECT_TRUE(operation_names().contains(operations::kCmpP10cr));
  EXPECT_TRUE(decision_names().contains(decisions::kKeyAttestationVerification));
  EXPECT_TRUE(decision_names().contains(decisions::kTlsHandshake));
  EXPECT_TRUE(outcome_names().contains(outcomes::kInternalError));
  EXPECT_TRUE(detail_key_names().contains("identity"));
  EXPECT_TRUE(reference_point_names().contains(reference_points::kHmeeHsm));
  EXPECT_FALSE(decision_names().contains("NoSuchDecision"));
}

TEST(FlowSteps, EveryTableIsInOrderWithUniqueCanonicalIds) {
  std::set<std::string> seen;
  ASSERT_FALSE(all_flows().empty());
  for (const auto& f : all_flows()) {
    if (std::string_view(f.steps_of).empty()) {
      EXPECT_FALSE(f.steps.empty()) << f.id;
    } else {
      EXPECT_TRUE(f.steps.empty()) << f.id << " has a table and follows " << f.steps_of;
      EXPECT_NE(find_flow(f.steps_of), nullptr) << f.id << " follows unknown " << f.steps_of;
    }
    int previous = -1;
    for (const auto& s : f.steps) {
      EXPECT_EQ(std::string(s.flow), f.id);
      EXPECT_EQ(std::string(s.id), std::string(f.id) + "#" + std::to_string(s.number));
      EXPECT_GT(s.number, previous) << s.id << " out of table order";
      previous = s.number;
      EXPECT_TRUE(seen.insert(s.id).second) << s.id << " twice";
      EXPECT_FALSE(std::string_view(s.carries).empty()) << s.id;
    }
    // Rows are numbered without gaps, from 0 or 1 as the spec's table is.
    if (!f.steps.empty()) {
      EXPECT_LE(f.steps.front().number, 1) << f.id;
      EXPECT_EQ(f.steps.back().number - f.steps.front().number + 1,
                static_cast<int>(f.steps.size()))
          << f.id;
    }
  }
}

TEST(FlowSteps, EveryRecordOfATableIsAVocabularyConstantOfItsRole) {
  for (const auto& f : all_flows()) {
    EXPECT_TRUE(kRoles.contains(f.entity)) << f.id << ": " << f.entity;
    for (const auto& s : f.steps) {
      EXPECT_TRUE(kRoles.contains(s.actor)) << s.id << ": actor " << s.actor;
      if (!std::string_view(s.peer).empty()) {
        EXPECT_TRUE(kRoles.contains(s.peer)) << s.id << ": peer " << s.peer;
      }
      if (!std::string_view(s.reference_point).empty()) {
        EXPECT_TRUE(reference_point_names().contains(s.reference_point))
            << s.id << ": " << s.reference_point;
      }
      EXPECT_TRUE(s.kind == RecordKind::send || s.kind == RecordKind::decision ||
                  s.kind == RecordKind::crypto)
          << s.id;
      for (const auto& r : records_of(s)) {
        expect_known(r.kind, r.operation, s.id);
        EXPECT_TRUE(kRoles.contains(r.actor)) << s.id << ": " << r.operation << " by " << r.actor;
      }
    }
  }
}

TEST(FlowSteps, TheCatalogueCountsEachTableRow) {
  const auto& catalogue = conformance::Catalogue::builtin();
  for (const auto& f : all_flows()) {
    const auto* r = catalogue.find(f.id);
    ASSERT_NE(r, nullptr) << f.id << " is no catalogue flow";
    EXPECT_EQ(r->kind, "flow") << f.id;
    EXPECT_EQ(r->steps, static_cast<int>(steps_of(f.id).size())) << f.id;
  }
}

TEST(FlowSteps, LookupsAnswerAsDocumented) {
  EXPECT_STREQ(step(kDirect, 5), "C.2.1.1#5");
  EXPECT_STREQ(step("C.4.3.2.7", 6), "C.4.3.2.7#6");
  EXPECT_THROW(step(kDirect, 8), std::out_of_range);
  EXPECT_THROW(step("C.9", 0), std::out_of_range);
  // C.3.1 has no table of its own: it is C.2.1.1's.
  ASSERT_EQ(steps_of(kOamDirect).size(), 8u);
  EXPECT_EQ(steps_of(kOamDirect).data(), steps_of(kDirect).data());
  // Delegation mode: C.3.2.1 and C.3.2.2 number their rows as C.2.2.1 and C.2.2.2.6 do, under
  // their own IDs (docs/delegation-mode.md, Q7).
  EXPECT_EQ(steps_of("C.2.2.1").size(), 3u);
  EXPECT_EQ(steps_of(kOamDelegatedCsr).size(), steps_of(kDelegatedCsr).size());
  EXPECT_NE(steps_of(kOamDelegatedCsr).data(), steps_of(kDelegatedCsr).data());
  EXPECT_STREQ(step(kOamDelegatedCsr, 6), "C.3.2.2#6");
  EXPECT_STREQ(step(kDelegatedHsmInstall, 3), "C.2.2.4.7#3");
  EXPECT_THROW(step(kDelegatedConfiguration, 3), std::out_of_range);

  const auto* s = find_step("C.2.1.3#13");
  ASSERT_NE(s, nullptr);
  EXPECT_STREQ(s->operation, operations::kCmpP10cr);
  EXPECT_STREQ(s->actor, roles::kVnfci);
  EXPECT_STREQ(s->peer, roles::kCa);
  EXPECT_STREQ(s->reference_point, reference_points::kCa1);
  EXPECT_EQ(find_step("C.2.1.3#16"), nullptr);
  EXPECT_EQ(find_step("C.2.1.3"), nullptr);
  EXPECT_EQ(find_step(kDirectHsm, 10)->optional, true);
  EXPECT_EQ(find_step(kDirectHsm, 9)->optional, false);

  // Iteration in table order.
  std::vector<int> numbers;
  for (const auto& row : steps_of(kDirectRenewal)) numbers.push_back(row.number);
  EXPECT_EQ(numbers, (std::vector<int>{0, 1, 2, 3, 4, 5}));

  // Rows by what shows them.
  EXPECT_EQ(step_with(kDirectHsm, RecordKind::send, operations::kCmpIr)->number, 13);
  EXPECT_EQ(step_with(kDirectHsm, RecordKind::decision, decisions::kGenerateKey)->number, 8);
  EXPECT_EQ(step_with(kDirect, RecordKind::decision, decisions::kGenerateKey)->number, 4);
  EXPECT_EQ(step_with(kDirect, RecordKind::send, decisions::kGenerateKey), nullptr);
  EXPECT_EQ(decision_step(kNfvoCsr, roles::kCmf, decisions::kKeyAttestationVerification)->number,
            2);
  EXPECT_EQ(decision_step(kNfvoCsr, roles::kCmf, decisions::kCaRequest)->number, 5);
  EXPECT_EQ(decision_step(kNfvoCsr, roles::kCa, decisions::kIssueCertificate)->number, 4);
  EXPECT_EQ(decision_step(kNfvoCsr, roles::kCmf, decisions::kIssueCertificate), nullptr);
  EXPECT_EQ(decision_step(kNfvoCsrHsm, roles::kCmf, decisions::kGenerateKey), nullptr);
  EXPECT_TRUE(
      shows(*find_step("C.4.1.2.7#0"), RecordKind::decision, roles::kHsm, decisions::kSignCsr));
  EXPECT_FALSE(
      shows(*find_step("C.4.1.2.6#0"), RecordKind::decision, roles::kHsm, decisions::kSignCsr));

  // The C.4 flow of an entity type.
  EXPECT_STREQ(entity_flow(roles::kVnfm, true)->id, "C.4.2.1");
  EXPECT_STREQ(entity_flow(roles::kVim, false)->id, "C.4.3.2.6");
  EXPECT_STREQ(entity_flow(roles::kNfvo, false, true)->id, "C.4.1.2.7");
  EXPECT_EQ(entity_flow("wim", true), nullptr);
  EXPECT_EQ(entity_flow(roles::kVnfci, false), nullptr);

  // What actors cite.
  EXPECT_STREQ(cite(kDirectAttested, RecordKind::decision, decisions::kIdentitiesCreated),
               "C.2.1.2#3");
  EXPECT_STREQ(cite(kDirect, RecordKind::decision, decisions::kIdentitiesCreated), "C.2.1.1#1");
  EXPECT_STREQ(cite(kDirectHsm, RecordKind::decision, decisions::kEndEntityRegistration),
               "C.2.1.3#4");
  EXPECT_STREQ(cite(kDirect, RecordKind::decision, decisions::kHsmChannel), "");
  EXPECT_STREQ(step_after("C.4.1.2.6#3", 2)->id, "C.4.1.2.6#5");
  EXPECT_STREQ(step_after("C.2.1.3#10", 1)->id, "C.2.1.3#11");
  EXPECT_EQ(step_after("C.4.1.2.6#6", 1), nullptr);
  EXPECT_EQ(step_after("C.4.1.2.6", 1), nullptr);

  EXPECT_EQ(flow_of_step("C.4.1.2.6#3"), "C.4.1.2.6");
  EXPECT_EQ(flow_of_step("C.4.1.2.6"), "C.4.1.2.6");
  EXPECT_TRUE(in_flow("C.4.1.2.6#3", kNfvoCsr));
  EXPECT_FALSE(in_flow("C.4.1.2.6#3", "C.4.1.2"));
  EXPECT_FALSE(in_flow("C.4.1.2.6", kNfvoCsr));
  EXPECT_EQ(step_range(kNfvoCsr), "#0..#6");
  EXPECT_EQ(step_range(kDirectAttested), "#1..#9");
  EXPECT_EQ(step_range(kOamDirect), "#0..#7");
  EXPECT_EQ(step_range("C.9"), "");
}

// ---------------------------------------------------------------------------------------------
// The shipped scenarios' traces.

struct ShippedTrace {
  std::string file;
  std::vector<sim::TraceRecord> records;
  std::map<std::string, std::string> types;  // actor name -> type (scenario and spawned)
};

const sim::ActorRegistry& registry() {
  static const sim::ActorRegistry r = builtin_registry();
  return r;
}

// Every shipped scenario (the folders `ifa026 conform` runs: all but scale/), run once.
const std::vector<ShippedTrace>& shipped_traces() {
  static const std::vector<ShippedTrace> traces = [] {
    std::vector<std::string> files;
    for (const auto& folder : fs::directory_iterator(source("scenarios"))) {
      // The folders the suite leaves out (scale/, live-ca/: sim/scenario_discovery).
      if (!folder.is_directory() ||
          !sim::exclusion_reason(folder.path().filename().string()).empty())
        continue;
      for (const auto& entry : fs::directory_iterator(folder.path()))
        if (entry.path().extension() == ".json") files.push_back(entry.path().string());
    }
    std::sort(files.begin(), files.end());
    std::vector<ShippedTrace> out;
    const auto rules = conformance::scenario_rules(conformance::Catalogue::builtin());
    for (const auto& file : files) {
      auto load = sim::load_scenario_file(file, registry(), rules);
      for (const auto& d : load.errors) ADD_FAILURE() << sim::format_diagnostic(d);
      if (!load.scenario) continue;
      ShippedTrace t;
      t.file = fs::relative(file, source("scenarios")).string();
      for (const auto& a : load.scenario->actors) t.types[a.name] = a.type;
      sim::Simulation simulation(*load.scenario, registry());
      sim::TraceStore store;
      simulation.trace().subscribe(store);
      simulation.run();
      t.records = store.records();
      for (const auto& r : t.records)
        if (r.kind == RecordKind::decision && r.operation == decisions::kSpawnActor)
          t.types[trace_detail_value(r.detail, "name").value_or("")] =
              trace_detail_value(r.detail, "type").value_or("");
      out.push_back(std::move(t));
    }
    return out;
  }();
  return traces;
}

void every_scenario_folder_is_run() {
  std::set<std::string> folders;
  for (const auto& t : shipped_traces()) folders.insert(fs::path(t.file).begin()->string());
  EXPECT_TRUE(folders.contains("annex-c"));
  EXPECT_TRUE(folders.contains("negative"));
  EXPECT_TRUE(folders.contains("security-monitoring"));
  EXPECT_GE(shipped_traces().size(), 30u);
}

void every_cited_step_is_a_row_of_a_table() {
  std::map<std::string, std::string> unknown;  // step -> where
  std::size_t cited = 0;
  for (const auto& t : shipped_traces())
    for (const auto& r : t.records) {
      if (r.step.empty()) continue;
      ++cited;
      if (find_step(r.step) == nullptr)
        unknown.emplace(r.step, t.file + " record #" + std::to_string(r.id) + " " + r.operation);
    }
  EXPECT_GT(cited, 1000u);
  for (const auto& [step, where] : unknown) ADD_FAILURE() << step << " (" << where << ")";
}

// Each row's own record shows in some shipped trace, at that step, recorded by an actor of the
// row's role and (for a message) received by one of its peer role.
void every_table_row_is_shown_by_its_own_record_and_role() {
  std::set<std::string> shown;
  for (const auto& t : shipped_traces()) {
    const auto type = [&](const std::string& name) {
      auto it = t.types.find(name);
      return it == t.types.end() ? std::string() : it->second;
    };
    for (const auto& r : t.records) {
      const auto* s = find_step(r.step);
      if (s == nullptr || r.kind != s->kind || r.operation != s->operation) continue;
      if (type(r.actor) != s->actor) continue;
      if (r.kind == RecordKind::send && type(r.peer) != s->peer) continue;
      shown.insert(s->id);
    }
  }
  for (const auto& f : all_flows())
    for (const auto& s : f.steps)
      EXPECT_TRUE(shown.contains(s.id))
          << s.id << ": no shipped trace shows " << s.operation << " by a " << s.actor;
}

// Decision, crypto and log records use only decisions.hpp's names (or, refusing a message, the
// message's own name) and outcomes and detail_keys.hpp's keys; messages only operations.hpp's
// names.
void actors_speak_only_the_vocabulary() {
  std::map<std::string, std::string> unknown;  // what -> where
  for (const auto& t : shipped_traces())
    for (const auto& r : t.records) {
      const auto where = t.file + " record #" + std::to_string(r.id);
      switch (r.kind) {
        case RecordKind::send:
        case RecordKind::receive:
          if (!operation_names().contains(r.operation))
            unknown.emplace("message " + r.operation, where);
          break;
        case RecordKind::decision:
        case RecordKind::crypto:
        case RecordKind::log:
          // A decision about a message it refuses (a late, duplicate or replayed reply) may name
          // the message itself.
          if (!decision_names().contains(r.operation) && !operation_names().contains(r.operation))
            unknown.emplace("decision " + r.operation, where);
          if (r.kind != RecordKind::log && !outcome_names().contains(r.outcome))
            unknown.emplace("outcome " + r.operation + " " + r.outcome, where);
          for (const auto& [key, value] : parse_trace_detail(r.detail))
            if (!detail_key_names().contains(key))
              unknown.emplace("detail key " + key + " of " + r.operation, where);
          break;
        default:
          break;
      }
    }
  for (const auto& [what, where] : unknown) ADD_FAILURE() << what << " (" << where << ")";
}

// One test, so that the scenarios run once per test process (ctest runs each test alone).
TEST(ShippedTraces, CiteOnlyTableStepsAndSpeakOnlyTheVocabulary) {
  {
    SCOPED_TRACE("every scenario folder is run");
    every_scenario_folder_is_run();
  }
  {
    SCOPED_TRACE("every cited step is a row of a table");
    every_cited_step_is_a_row_of_a_table();
  }
  {
    SCOPED_TRACE("every table row is shown by its own record and role");
    every_table_row_is_shown_by_its_own_record_and_role();
  }
  {
    SCOPED_TRACE("actors speak only the vocabulary");
    actors_speak_only_the_vocabulary();
  }
}

}  // namespace
}  // namespace ifa026::actors::flows
