// `ifa026 generate hierarchy [OPTIONS]`: prints a generated scenario on stdout (the generator is
// cli/hierarchy_generator.*); the shape goes to stderr, bad options exit 2.
#include <cstdio>
#include <string>

#include "cli/arguments.hpp"
#include "cli/commands.hpp"
#include "cli/hierarchy_generator.hpp"
#include "sim/time.hpp"

namespace ifa026::cli {

namespace {

constexpr const char* kGenerateHelp = R"(Usage: ifa026 generate hierarchy [OPTIONS] > FILE.json

Generators of scenario files for research runs (docs/research-guide.md).

Subcommands:
  hierarchy   a tree of Security Managers over many trust domains with an LCM workload
)";

constexpr const char* kHierarchyHelp = R"(Usage: ifa026 generate hierarchy [OPTIONS] > FILE.json

Prints a complete scenario on stdout, nothing else: a trust_model with td-mano (nfvo-1, vnfm-1,
vim-1), one security-management domain per SM, DOMAINS-PER-SM tenant domains per SM and the SMs
in a tree of `oversees` edges (SM i oversees SMs FAN-OUT*(i-1)+2 .. FAN-OUT*i+1, breadth first);
each SM manages its own tenant domains in a mode drawn from the mix, binds to the NFVO, VNFM and
VIM, and is registered and configured by the OSS (a CMF certificate). The workload instantiates
VNFS-PER-DOMAIN VNFs in every tenant domain (one NS of one VNF each, round-robin over the
domains), then scales out or terminates a seeded share of them, RATE operations per simulated
second. The same options give the same file. The shape (SMs, levels, domains, VNFs, operations)
is written to stderr.

  --depth N            levels of SMs, 1 = one SM (default 2); SMs = 1 + F + ... + F^(N-1)
  --fan-out F          sub-SMs each SM oversees (default 2)
  --sms N              exactly N SMs instead of --depth (a complete F-ary tree, breadth first)
  --domains-per-sm K   tenant domains each SM manages (default 1)
  --mode-mix MIX       weights of the modes, e.g. passive:1,semi_active:1,fully_active:1 (the
                       default); each (SM, domain) draws its mode with these weights
  --vnfs-per-domain V  VNFs instantiated in each tenant domain (default 2)
  --rate R             LCM operations per simulated second over the whole scenario (default 10)
  --modify-fraction X  share of the VNFs scaled out after the instantiations (default 0.1)
  --terminate-fraction X
                       share of the VNFs terminated after the instantiations (default 0.1)
  --vnf-profile P      cheap (default): one VM VNFC without certificates; certified: the VNFC
                       has one client identity, so every VNFCI enrols in direct mode (C.2.1.1)
  --subordinate-events masters receive their sub-SMs' events (receives_subordinate_events)
  --seed S             scenario seed and the seed of the mode and churn draws (default 1)
  --duration D         the scenario's duration (default: the last operation + 2 min, whole s)

Exit codes: 0 the scenario was printed, 2 a bad option (nothing on stdout).
)";

int parse_int(const Arguments& args, const std::string& name, int fallback) {
  const auto v = args.value(name);
  if (!v) return fallback;
  std::size_t used = 0;
  long long n = 0;
  try {
    n = std::stoll(*v, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != v->size() || n < -1'000'000'000LL || n > 1'000'000'000LL)
    throw UsageError(name + ": \"" + *v + "\" is not an integer");
  return static_cast<int>(n);
}

double parse_number(const Arguments& args, const std::string& name, double fallback) {
  const auto v = args.value(name);
  if (!v) return fallback;
  std::size_t used = 0;
  double x = 0;
  try {
    x = std::stod(*v, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != v->size()) throw UsageError(name + ": \"" + *v + "\" is not a number");
  return x;
}

int hierarchy(const Args& raw) {
  Arguments args(raw,
                 {"--depth", "--fan-out", "--sms", "--domains-per-sm", "--mode-mix",
                  "--vnfs-per-domain", "--rate", "--modify-fraction", "--terminate-fraction",
                  "--vnf-profile", "--seed", "--duration"},
                 {"--help", "-h", "--subordinate-events"});
  if (args.flag("--help") || args.flag("-h")) {
    std::fputs(kHierarchyHelp, stdout);
    return 0;
  }
  if (!args.positional().empty())
    throw UsageError("unexpected argument \"" + args.positional().front() + "\"");
  if (args.value("--depth") && args.value("--sms"))
    throw UsageError("give --depth or --sms, not both");
  HierarchyOptions o;
  o.depth = parse_int(args, "--depth", o.depth);
  o.fan_out = parse_int(args, "--fan-out", o.fan_out);
  if (args.value("--sms")) o.sms = parse_int(args, "--sms", 1);
  o.domains_per_sm = parse_int(args, "--domains-per-sm", o.domains_per_sm);
  o.vnfs_per_domain = parse_int(args, "--vnfs-per-domain", o.vnfs_per_domain);
  o.rate = parse_number(args, "--rate", o.rate);
  o.modify_fraction = parse_number(args, "--modify-fraction", o.modify_fraction);
  o.terminate_fraction = parse_number(args, "--terminate-fraction", o.terminate_fraction);
  o.vnf_profile = args.value("--vnf-profile").value_or(o.vnf_profile);
  o.subordinate_events = args.flag("--subordinate-events");
  if (const auto seed = args.value("--seed")) {
    std::size_t used = 0;
    unsigned long long s = 0;
    try {
      s = std::stoull(*seed, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used == 0 || used != seed->size() || seed->front() == '-')
      throw UsageError("--seed: \"" + *seed + "\" is not an integer >= 0");
    o.seed = s;
  }
  if (const auto d = args.value("--duration")) {
    const auto parsed = sim::parse_duration(*d);
    if (!parsed || parsed->ns() <= 0)
      throw UsageError("--duration: \"" + *d + "\" is not a duration (e.g. 10m, 90s)");
    o.duration_us = parsed->ns() / 1000;
  }
  try {
    if (const auto mix = args.value("--mode-mix")) o.mode_mix = parse_mode_mix(*mix);
    const nlohmann::json scenario = generate_hierarchy(o);
    const HierarchyShape shape = hierarchy_shape(o);
    std::fprintf(stderr,
                 "generated %s: %d SMs in %d level(s), %d oversees edges, %d tenant domains, %d "
                 "VNFs, %zu workload commands\n",
                 scenario["name"].get<std::string>().c_str(), shape.sms, shape.depth,
                 shape.oversees_edges, shape.domains, shape.vnfs, scenario["workload"].size());
    const std::string text = scenario.dump(1) + "\n";
    std::fwrite(text.data(), 1, text.size(), stdout);
  } catch (const GeneratorOptionError& e) {
    throw UsageError(e.what());
  }
  return 0;
}

}  // namespace

int generate_command(const Args& args) {
  if (args.empty()) throw UsageError("expected a generator (hierarchy)");
  if (args[0] == "--help" || args[0] == "-h") {
    std::fputs(kGenerateHelp, stdout);
    return 0;
  }
  if (args[0] == "hierarchy") return hierarchy(Args(args.begin() + 1, args.end()));
  throw UsageError("unknown generator \"" + args[0] + "\" (expected hierarchy)");
}

}  // namespace ifa026::cli
