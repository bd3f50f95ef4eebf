// A parameter sweep's plan (see sweep_plan.hpp).
#include "cli/sweep_plan.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <set>

#include "sim/json_document.hpp"

namespace ifa026::cli {

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

constexpr std::uint64_t kMaxSeedCount = 1'000'000;

class SpecReader {
 public:
  explicit SpecReader(std::vector<sim::Diagnostic>& errors) : errors_(errors) {}
  void fail(const std::string& pointer, const std::string& message, bool at_key = false) {
    errors_.push_back({"", 0, 0, pointer, message, at_key});
  }
  std::optional<std::string> text(const json& j, const std::string& pointer) {
    if (j.is_string() && !j.get<std::string>().empty()) return j.get<std::string>();
    fail(pointer, "expected a non-empty string");
    return std::nullopt;
  }
  std::vector<std::string> texts(const json& j, const std::string& pointer) {
    std::vector<std::string> out;
    if (!j.is_array()) {
      fail(pointer, "expected an array of strings");
      return out;
    }
    for (std::size_t i = 0; i < j.size(); ++i) {
      if (j[i].is_string())
        out.push_back(j[i].get<std::string>());
      else
        fail(pointer + "/" + std::to_string(i), "expected a string");
    }
    return out;
  }

 private:
  std::vector<sim::Diagnostic>& errors_;
};

bool valid_pointer(const std::string& p) {
  if (p.empty() || p[0] != '/') return false;
  try {
    (void)json::json_pointer(p);
    return true;
  } catch (const json::exception&) {
    return false;
  }
}

}  // namespace

std::optional<SweepSpec> read_sweep_spec(const std::string& path,
                                         std::vector<sim::Diagnostic>& errors) {
  auto doc = sim::JsonDocument::load(path);
  if (!doc.ok()) {
    errors = doc.syntax_errors();
    return std::nullopt;
  }
  std::vector<sim::Diagnostic> found;
  SpecReader r(found);
  const json& root = doc.root();
  SweepSpec spec;
  spec.file = path;
  spec.name = fs::path(path).stem().string();
  if (!root.is_object()) {
    r.fail("", "a sweep specification is a JSON object");
  } else {
    static const std::set<std::string> known = {"name",  "base",    "generate", "parameters",
                                                "seeds", "command", "run_args", "out"};
    for (const auto& [key, value] : root.items())
      if (!known.contains(key))
        r.fail("/" + key,
               "unknown member \"" + key +
                   "\" (known: name, base, generate, parameters, seeds, command, run_args, out)",
               true);
    if (root.contains("name"))
      if (auto n = r.text(root["name"], "/name")) spec.name = *n;
    const bool has_base = root.contains("base"), has_generate = root.contains("generate");
    if (has_base == has_generate)
      r.fail("",
             "give exactly one of \"base\" (a scenario file) and \"generate\" (a generator "
             "command line such as [\"hierarchy\", \"--depth\", \"{depth}\"])");
    if (has_base)
      if (auto b = r.text(root["base"], "/base"))
        spec.base = (fs::path(path).parent_path() / *b).lexically_normal().string();
    if (has_generate) {
      spec.generate = r.texts(root["generate"], "/generate");
      if (root["generate"].is_array() && spec.generate.empty())
        r.fail("/generate", "the generator command line is empty");
    }
    if (root.contains("command")) {
      if (auto c = r.text(root["command"], "/command")) {
        if (*c != "run" && *c != "conform")
          r.fail("/command", "expected \"run\" or \"conform\", got \"" + *c + "\"");
        spec.command = *c;
      }
    }
    if (root.contains("run_args")) spec.run_args = r.texts(root["run_args"], "/run_args");
    for (const auto& a : spec.run_args)
      if (a == "--out" || a.starts_with("--out=") || a == "--seed" || a.starts_with("--seed="))
        r.fail("/run_args", "the sweep sets --out and the seed of every run itself");
    if (root.contains("out"))
      if (auto o = r.text(root["out"], "/out")) spec.out = *o;

    // Seeds: a list of non-negative integers, or a count N standing for 1..N.
    if (!root.contains("seeds")) {
      spec.seeds = {1};
    } else if (const json& s = root["seeds"]; s.is_number_unsigned()) {
      const auto n = s.get<std::uint64_t>();
      if (n == 0 || n > kMaxSeedCount)
        r.fail("/seeds", "a seed count is between 1 and " + std::to_string(kMaxSeedCount));
      else
        for (std::uint64_t i = 1; i <= n; ++i) spec.seeds.push_back(i);
    } else if (s.is_array() && !s.empty()) {
      std::set<std::uint64_t> seen;
      for (std::size_t i = 0; i < s.size(); ++i) {
        if (!s[i].is_number_unsigned()) {
          r.fail("/seeds/" + std::to_string(i), "expected a non-negative integer seed");
        } else if (!seen.insert(s[i].get<std::uint64_t>()).second) {
          r.fail("/seeds/" + std::to_string(i), "seed repeated");
        } else {
          spec.seeds.push_back(s[i].get<std::uint64_t>());
        }
      }
    } else {
      r.fail("/seeds", "expected a seed count (1..N) or a non-empty array of seeds");
    }

    // Parameters: [{"name", "pointer" and/or "option", "values"}].
    std::set<std::string> names;
    if (root.contains("parameters")) {
      const json& ps = root["parameters"];
      if (!ps.is_array()) r.fail("/parameters", "expected an array of parameters");
      for (std::size_t i = 0; ps.is_array() && i < ps.size(); ++i) {
        const std::string at = "/parameters/" + std::to_string(i);
        const json& p = ps[i];
        if (!p.is_object()) {
          r.fail(at, "expected {\"name\", \"pointer\" or \"option\", \"values\"}");
          continue;
        }
        for (const auto& [key, value] : p.items())
          if (key != "name" && key != "pointer" && key != "option" && key != "values")
            r.fail(at + "/" + key,
                   "unknown member \"" + key + "\" (known: name, pointer, option, values)", true);
        SweepParameter param;
        if (!p.contains("name")) {
          r.fail(at, "a parameter needs a \"name\"");
        } else if (auto n = r.text(p["name"], at + "/name")) {
          param.name = *n;
          if (param.name == "seed" || param.name == "run" || param.name == "sweep")
            r.fail(at + "/name", "\"" + param.name + "\" is reserved (a column of every run)");
          else if (!names.insert(param.name).second)
            r.fail(at + "/name", "parameter \"" + param.name + "\" given twice");
        }
        if (p.contains("pointer"))
          if (auto ptr = r.text(p["pointer"], at + "/pointer")) {
            if (!valid_pointer(*ptr))
              r.fail(at + "/pointer", "not a JSON pointer into the scenario: \"" + *ptr + "\"");
            param.pointer = *ptr;
          }
        if (p.contains("option"))
          if (auto o = r.text(p["option"], at + "/option")) {
            if (!o->starts_with("-"))
              r.fail(at + "/option", "a generator option starts with '-', got \"" + *o + "\"");
            param.option = *o;
          }
        if (!param.option.empty() && !has_generate)
          r.fail(at + "/option", "an option parameter needs a \"generate\" command line");
        if (param.pointer.empty() && param.option.empty()) {
          bool placeholder = false;
          for (const auto& g : spec.generate)
            placeholder = placeholder || g.find("{" + param.name + "}") != std::string::npos;
          if (!placeholder)
            r.fail(at, "parameter \"" + param.name +
                           "\" changes nothing: give a \"pointer\" into the scenario, a generator "
                           "\"option\", or use {" +
                           param.name + "} in \"generate\"");
        }
        if (!p.contains("values") || !p["values"].is_array() || p["values"].empty())
          r.fail(at + (p.contains("values") ? "/values" : ""),
                 "a parameter needs a non-empty array of \"values\"");
        else
          for (const auto& v : p["values"]) param.values.push_back(v);
        spec.parameters.push_back(std::move(param));
      }
    }
  }
  if (!found.empty()) {
    doc.locate(found);
    errors = std::move(found);
    return std::nullopt;
  }
  return spec;
}

std::vector<SweepRun> expand_sweep(const SweepSpec& spec) {
  std::vector<SweepRun> runs;
  std::size_t points = 1;
  for (const auto& p : spec.parameters) points *= p.values.size();
  const std::size_t total = points * spec.seeds.size();
  const std::size_t width = std::max<std::size_t>(4, std::to_string(total).size());
  std::vector<std::size_t> index(spec.parameters.size(), 0);
  for (std::size_t point = 0; point < points; ++point) {
    for (const auto seed : spec.seeds) {
      SweepRun run;
      std::string id = std::to_string(runs.size() + 1);
      run.id = std::string(width - id.size(), '0') + id;
      for (std::size_t i = 0; i < index.size(); ++i)
        run.values.push_back(spec.parameters[i].values[index[i]]);
      run.seed = seed;
      runs.push_back(std::move(run));
    }
    // Next grid point: the last parameter varies fastest.
    for (std::size_t i = index.size(); i-- > 0;) {
      if (++index[i] < spec.parameters[i].values.size()) break;
      index[i] = 0;
    }
  }
  return runs;
}

std::string sweep_value_text(const json& value) {
  return value.is_string() ? value.get<std::string>() : value.dump();
}

std::vector<std::string> generator_arguments(const SweepSpec& spec, const SweepRun& run) {
  std::vector<std::string> args;
  for (std::string a : spec.generate) {
    for (std::size_t i = 0; i < spec.parameters.size(); ++i) {
      const std::string placeholder = "{" + spec.parameters[i].name + "}";
      for (auto at = a.find(placeholder); at != std::string::npos;
           at = a.find(placeholder, at + 1)) {
        const std::string text = sweep_value_text(run.values[i]);
        a.replace(at, placeholder.size(), text);
        at += text.size() - 1;
      }
    }
    for (auto at = a.find("{seed}"); at != std::string::npos; at = a.find("{seed}", at + 1))
      a.replace(at, 6, std::to_string(run.seed));
    args.push_back(std::move(a));
  }
  for (std::size_t i = 0; i < spec.parameters.size(); ++i)
    if (!spec.parameters[i].option.empty()) {
      args.push_back(spec.parameters[i].option);
      args.push_back(sweep_value_text(run.values[i]));
    }
  return args;
}

std::optional<json> run_scenario(const SweepSpec& spec, const SweepRun& run, json base,
                                 std::string& error) {
  if (!base.is_object()) {
    error = "the base scenario is not a JSON object";
    return std::nullopt;
  }
  for (std::size_t i = 0; i < spec.parameters.size(); ++i) {
    const auto& p = spec.parameters[i];
    if (p.pointer.empty()) continue;
    const json::json_pointer ptr(p.pointer);
    const json::json_pointer parent = ptr.parent_pointer();
    const std::string last = ptr.back();
    const bool parent_ok =
        base.contains(parent) && (base[parent].is_object() || base[parent].is_array());
    bool ok = parent_ok;
    if (parent_ok && base[parent].is_array()) {
      // An existing index only: a sweep changes values, it does not grow arrays.
      ok = !last.empty() && last.find_first_not_of("0123456789") == std::string::npos &&
           last.size() < 10 && std::stoul(last) < base[parent].size();
    }
    if (!ok) {
      error = "parameter \"" + p.name + "\": the scenario has no place " + p.pointer +
              (parent_ok ? "" : " (its parent " + parent.to_string() + " is missing)");
      return std::nullopt;
    }
    base[ptr] = run.values[i];
  }
  base["seed"] = run.seed;
  return base;
}

nlohmann::ordered_json run_parameters(const SweepSpec& spec, const SweepRun& run) {
  nlohmann::ordered_json params = nlohmann::ordered_json::object();
  for (std::size_t i = 0; i < spec.parameters.size(); ++i)
    params[spec.parameters[i].name] = run.values[i];
  nlohmann::ordered_json doc;
  doc["sweep"] = spec.name;
  doc["run"] = run.id;
  doc["parameters"] = std::move(params);
  doc["seed"] = run.seed;
  return doc;
}

nlohmann::ordered_json sweep_plan_json(const SweepSpec& spec, const std::vector<SweepRun>& runs) {
  nlohmann::ordered_json doc;
  doc["name"] = spec.name;
  if (!spec.base.empty()) doc["base"] = fs::absolute(spec.base).lexically_normal().string();
  if (!spec.generate.empty()) doc["generate"] = spec.generate;
  doc["command"] = spec.command;
  doc["run_args"] = spec.run_args;
  nlohmann::ordered_json ps = nlohmann::ordered_json::array();
  for (const auto& p : spec.parameters) {
    nlohmann::ordered_json j;
    j["name"] = p.name;
    if (!p.pointer.empty()) j["pointer"] = p.pointer;
    if (!p.option.empty()) j["option"] = p.option;
    j["values"] = p.values;
    ps.push_back(std::move(j));
  }
  doc["parameters"] = std::move(ps);
  doc["seeds"] = spec.seeds;
  nlohmann::ordered_json rs = nlohmann::ordered_json::array();
  for (const auto& r : runs) rs.push_back(run_parameters(spec, r));
  doc["runs"] = std::move(rs);
  return doc;
}

std::string shell_quote(const std::string& word) {
  std::string out = "'";
  for (char c : word) {
    if (c == '\'')
      out += "'\\''";
    else
      out += c;
  }
  return out + "'";
}

std::string job_line(const SweepSpec& spec, const std::string& program,
                     const std::string& run_folder) {
  const std::string dir = shell_quote(run_folder);
  const std::string log = shell_quote(run_folder + "/run.log");
  std::string line = shell_quote(program) + " run " + shell_quote(run_folder + "/scenario.json");
  for (const auto& a : spec.run_args) line += " " + shell_quote(a);
  line += " --out " + dir + " >" + log + " 2>&1";
  if (spec.command == "conform")
    line += " && { " + shell_quote(program) + " conform --out " +
            shell_quote(run_folder + "/conform") + " " +
            shell_quote(run_folder + "/scenario.json") + " >>" + log + " 2>&1 || [ $? -eq 1 ]; }";
  return line;
}

std::string slurm_script(const std::string& name, const std::string& jobs_file, std::size_t jobs,
                         const std::string& log_folder,
                         const std::vector<std::string>& sbatch_options) {
  std::string s = "#!/bin/bash\n";
  s += "# The ifa026 sweep \"" + name + "\" as a Slurm job array: task i runs line i of the job\n";
  s += "# list (the same list `ifa026 sweep` gives GNU parallel). Submit with: sbatch THIS_FILE\n";
  std::string job_name = "ifa026-" + name;  // #SBATCH lines are not shell: no quoting, no spaces
  for (char& c : job_name)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') c = '_';
  s += "#SBATCH --job-name=" + job_name + "\n";
  s += "#SBATCH --array=1-" + std::to_string(jobs) + "\n";
  s += "#SBATCH --output=" + log_folder + "/%A_%a.out\n";
  for (const auto& o : sbatch_options) s += "#SBATCH " + o + "\n";
  s += "set -euo pipefail\n";
  s += "JOBS=" + shell_quote(jobs_file) + "\n";
  s += "line=$(sed -n \"${SLURM_ARRAY_TASK_ID}p\" \"$JOBS\")\n";
  s += "if [ -z \"$line\" ]; then echo \"no job line ${SLURM_ARRAY_TASK_ID} in $JOBS\" >&2; exit "
       "2; fi\n";
  s += "exec bash -c \"$line\"\n";
  return s;
}

}  // namespace ifa026::cli
