// `ifa026 list scenarios|requirements|params`: the shipped scenarios, the requirement catalogue,
// or the parameters and workload commands of the actor types (from the tables the scenario
// validator checks with; `--markdown` gives docs/parameters.md).
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
#include "sim/param_rules.hpp"
#include "sim/schema_validator.hpp"

namespace ifa026::cli {

namespace {
constexpr const char* kListHelp =
    R"(Usage: ifa026 list scenarios|requirements [--json] [--filter TEXT]
       ifa026 list params [TYPE] [--json|--markdown]

  scenarios     the scenario files shipped under scenarios/ (or $IFA026_SCENARIOS)
  requirements  the requirement catalogue: Annex A and B requirements, clause 5 statements and
                Annex C flows, with clause, modality, subject, summary and testability
  params        the parameters ("params" of a scenario actor) of every actor type, or of TYPE,
                and the workload commands it takes with their arguments: name, type, whether
                required, default and meaning, from the tables `ifa026 validate` checks with
  --json        print a JSON array instead of a table
  --markdown    (params) the parameter reference as Markdown: docs/parameters.md
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
  for (const auto& file :
       sim::discover_scenario_files(scenarios_root(), sim::FolderExclusions::ignore).files) {
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
nlohmann::json rules_json(const std::vector<sim::ParamRule>& rules) {
  nlohmann::json array = nlohmann::json::array();
  for (const auto& r : rules) {
    nlohmann::json entry = {{"name", r.name},
                            {"type", std::string(sim::to_string(r.type))},
                            {"required", r.required},
                            {"description", r.description}};
    if (!r.default_value.empty()) entry["default"] = r.default_value;
    if (!r.member_of.empty()) entry["member_of"] = r.member_of;
    array.push_back(std::move(entry));
  }
  return array;
}

// A Markdown table cell: one line, pipes escaped.
std::string cell(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '|')
      out += "\\|";
    else if (c == '\n')
      out += ' ';
    else
      out += c;
  }
  return out;
}

std::string meaning(const sim::ParamRule& r) {
  std::string text = r.description;
  if (!r.member_of.empty())
    text += std::string(r.type == sim::ParamType::object ? "; keys must name members"
                                                         : "; must name a member") +
            " of the actor's `" + r.member_of + "`";
  return text;
}

void markdown_table(std::string& md, const std::vector<sim::ParamRule>& rules, const char* what) {
  md += std::string("| ") + what + " | type | required | default | meaning |\n";
  md += "|---|---|---|---|---|\n";
  for (const auto& r : rules)
    md += "| `" + r.name + "` | " + std::string(sim::to_string(r.type)) + " | " +
          (r.required ? "yes" : "no") + " | " +
          (r.default_value.empty() ? "" : "`" + cell(r.default_value) + "`") + " | " +
          cell(meaning(r)) + " |\n";
}

std::string params_markdown(const sim::ActorRegistry& registry,
                            const std::vector<std::string>& types) {
  std::string md =
      "# Actor parameters and workload commands\n\n"
      "<!-- Generated by `ifa026 list params --markdown`; do not edit. After changing a "
      "parameter table, run\n"
      "     build/bin/ifa026 list params --markdown > docs/parameters.md\n"
      "     (the test Cli.ParameterReferenceIsCurrent fails while this file is stale). -->\n\n"
      "Every actor type of a scenario (`\"type\"`, see [scenario-format.md](scenario-format.md)) "
      "declares its parameters (`\"params\"`) and the workload commands it takes (`\"command\"` "
      "and `\"args\"` of a `workload` entry) in one table; `ifa026 validate` checks scenarios "
      "against the same tables: unknown names (with a \"did you mean\"), wrong types, missing "
      "required entries, commands an actor does not take, and arguments naming a member of the "
      "actor's parameters (a VNFD of the VNFM, an entity of the OSS) that is not there. Durations "
      "are written as in scenario files (`\"250ms\"`, `\"30d\"`, `\"PT1H\"`). Defaults are what "
      "the actor uses when the entry is absent. Objects and arrays (`object`, `array`) have a "
      "structure the actor checks itself; the meaning column gives it.\n\n"
      "Actor types:";
  for (const auto& t : types) md += " [`" + t + "`](#" + t + ")";
  md += "\n";
  for (const auto& t : types) {
    const sim::ActorType* type = registry.find(t);
    md += "\n## " + t + "\n\n" + type->description + "\n\n### Parameters\n\n";
    if (type->params.empty())
      md += "None.\n";
    else
      markdown_table(md, type->params, "parameter");
    md += "\n### Workload commands\n\n";
    if (!type->commands || type->commands->empty()) {
      md += "None.\n";
      continue;
    }
    for (const auto& c : *type->commands) {
      md += "- `" + c.name + "`: " + c.description;
      md += c.args.empty() ? " (no arguments)\n" : "\n";
    }
    for (const auto& c : *type->commands) {
      if (c.args.empty()) continue;
      md += "\nArguments of `" + c.name + "`:\n\n";
      markdown_table(md, c.args, "argument");
    }
  }
  return md;
}

void print_rules(const std::vector<sim::ParamRule>& rules, const char* indent) {
  for (const auto& r : rules) {
    std::string facts = std::string(sim::to_string(r.type));
    if (r.required) facts += ", required";
    if (!r.default_value.empty()) facts += ", default " + r.default_value;
    std::printf("%s%-26s %-36s %s\n", indent, r.name.c_str(), facts.c_str(), meaning(r).c_str());
  }
}

int list_params(const std::vector<std::string>& positional, bool json, bool markdown) {
  const auto registry = actors::builtin_registry();
  std::vector<std::string> types = registry.type_names();
  if (positional.size() > 2) throw UsageError("list params takes at most one actor type");
  if (positional.size() == 2) {
    const std::string& wanted = positional[1];
    if (registry.find(wanted) == nullptr) {
      std::string message = "unknown actor type '" + wanted + "'";
      const std::string guess = sim::did_you_mean(wanted, types);
      if (!guess.empty()) message += " (did you mean '" + guess + "'?)";
      message += "; known types:";
      for (const auto& t : types) message += " " + t;
      throw UsageError(message);
    }
    types = {wanted};
  }
  if (markdown) {
    std::fputs(params_markdown(registry, types).c_str(), stdout);
    return 0;
  }
  if (json) {
    nlohmann::json array = nlohmann::json::array();
    for (const auto& t : types) {
      const sim::ActorType* type = registry.find(t);
      nlohmann::json commands = nlohmann::json::array();
      if (type->commands)
        for (const auto& c : *type->commands)
          commands.push_back(
              {{"name", c.name}, {"description", c.description}, {"args", rules_json(c.args)}});
      array.push_back({{"type", t},
                       {"description", type->description},
                       {"params", rules_json(type->params)},
                       {"commands", std::move(commands)}});
    }
    std::printf("%s\n", array.dump(2).c_str());
    return 0;
  }
  for (std::size_t i = 0; i < types.size(); ++i) {
    const sim::ActorType* type = registry.find(types[i]);
    std::printf("%s%s: %s\n  parameters:%s\n", i == 0 ? "" : "\n", types[i].c_str(),
                type->description.c_str(), type->params.empty() ? " none" : "");
    print_rules(type->params, "    ");
    const bool none = !type->commands || type->commands->empty();
    std::printf("  workload commands:%s\n", none ? " none" : "");
    if (none) continue;
    for (const auto& c : *type->commands) {
      std::printf("    %s: %s\n", c.name.c_str(), c.description.c_str());
      print_rules(c.args, "      ");
    }
  }
  return 0;
}
}  // namespace

int list_command(const Args& raw) {
  Arguments args(raw, {"--filter"}, {"--help", "-h", "--json", "--markdown"});
  if (args.flag("--help") || args.flag("-h")) {
    std::fputs(kListHelp, stdout);
    return 0;
  }
  if (args.positional().empty())
    throw UsageError("expected 'scenarios', 'requirements' or 'params'");
  const std::string what = args.positional()[0];
  if (what == "params")
    return list_params(args.positional(), args.flag("--json"), args.flag("--markdown"));
  if (args.flag("--markdown")) throw UsageError("--markdown applies to 'list params' only");
  if (args.positional().size() != 1)
    throw UsageError("expected 'scenarios', 'requirements' or 'params'");
  const std::string filter = lower(args.value("--filter").value_or(""));
  if (what == "requirements") return list_requirements(args.flag("--json"), filter);
  if (what == "scenarios") return list_scenarios(args.flag("--json"), filter);
  throw UsageError("cannot list '" + what + "': expected 'scenarios', 'requirements' or 'params'");
}

}  // namespace ifa026::cli
