// `ifa026 list scenarios|requirements`: the shipped scenarios or the requirement catalogue.
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "actors/builtin_actors.hpp"
#include "cli/arguments.hpp"
#include "cli/commands.hpp"
#include "cli/scenario_files.hpp"
#include "conformance/catalogue.hpp"
#include "conformance/scenario_rules.hpp"

namespace ifa026::cli {

namespace {
constexpr const char* kHelp = R"(Usage: ifa026 list scenarios|requirements [--json] [--filter TEXT]

  scenarios     the scenario files shipped under scenarios/ (or $IFA026_SCENARIOS)
  requirements  the requirement catalogue: Annex A and B requirements, clause 5 statements and
                Annex C flows, with clause, modality, subject, summary and testability
  --json        print a JSON array instead of a table
  --filter TEXT keep entries whose ID, name, clause, subject or summary contains TEXT
                (case-insensitive)
)";

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

bool matches(const std::string& filter, std::initializer_list<const std::string*> fields) {
  if (filter.empty()) return true;
  for (const auto* f : fields)
    if (lower(*f).find(filter) != std::string::npos) return true;
  return false;
}

int list_requirements(bool json, const std::string& filter) {
  const auto& catalogue = conformance::Catalogue::builtin();
  nlohmann::json array = nlohmann::json::array();
  for (const auto& r : catalogue.requirements()) {
    if (!matches(filter, {&r.id, &r.clause, &r.subject, &r.summary, &r.title, &r.kind})) continue;
    if (json) {
      array.push_back(r.source);
    } else {
      std::printf("%-16s %-10s %-11s %-6s %-9s %s\n", r.id.c_str(), r.clause.c_str(),
                  r.kind.c_str(), r.modality.c_str(), r.subject.c_str(), r.summary.c_str());
    }
  }
  if (json) std::printf("%s\n", array.dump(2).c_str());
  return 0;
}

int list_scenarios(bool json, const std::string& filter) {
  const auto registry = actors::builtin_registry();
  nlohmann::json array = nlohmann::json::array();
  int bad = 0;
  for (const auto& file : scenario_files(scenarios_root())) {
    auto load = sim::load_scenario_file(
        file, registry, conformance::scenario_rules(conformance::Catalogue::builtin()));
    if (!load.scenario) {
      for (const auto& d : load.errors)
        std::fprintf(stderr, "%s\n", sim::format_diagnostic(d).c_str());
      ++bad;
      continue;
    }
    const auto& s = *load.scenario;
    if (!matches(filter, {&s.name, &s.description, &file})) continue;
    if (json) {
      array.push_back({{"name", s.name},
                       {"file", file},
                       {"description", s.description},
                       {"actors", s.actors.size()},
                       {"duration", sim::format_duration(s.duration)},
                       {"seed", s.seed},
                       {"covers", s.covers}});
    } else {
      std::string covers;
      for (const auto& c : s.covers) covers += (covers.empty() ? "" : ",") + c;
      std::printf("%-28s %-44s %3zu actors  %-8s %s\n", s.name.c_str(), file.c_str(),
                  s.actors.size(), sim::format_duration(s.duration).c_str(), covers.c_str());
    }
  }
  if (json) std::printf("%s\n", array.dump(2).c_str());
  return bad > 0 ? 2 : 0;
}
}  // namespace

int list_command(const Args& raw) {
  Arguments args(raw, {"--filter"}, {"--help", "-h", "--json"});
  if (args.flag("--help") || args.flag("-h")) {
    std::fputs(kHelp, stdout);
    return 0;
  }
  if (args.positional().size() != 1) throw UsageError("expected 'scenarios' or 'requirements'");
  const std::string what = args.positional()[0];
  const std::string filter = lower(args.value("--filter").value_or(""));
  if (what == "requirements") return list_requirements(args.flag("--json"), filter);
  if (what == "scenarios") return list_scenarios(args.flag("--json"), filter);
  throw UsageError("cannot list '" + what + "': expected 'scenarios' or 'requirements'");
}

}  // namespace ifa026::cli
