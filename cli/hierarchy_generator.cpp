// The scenario generator of `ifa026 generate hierarchy` (see hierarchy_generator.hpp).
#include "cli/hierarchy_generator.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace ifa026::cli {

namespace {

using Json = nlohmann::json;

// SplitMix64: a fixed, portable sequence per seed (the standard distributions differ across
// library implementations, DESIGN §3), so a seed gives the same file everywhere.
class SeededStream {
 public:
  explicit SeededStream(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  // Uniform in [0, 1).
  double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

 private:
  std::uint64_t state_;
};

// A scenario duration text: whole seconds as "Ns", else milliseconds or microseconds.
std::string at_us(std::int64_t us) {
  if (us == 0) return "0";
  if (us % 1'000'000 == 0) return std::to_string(us / 1'000'000) + "s";
  if (us % 1'000 == 0) return std::to_string(us / 1'000) + "ms";
  return std::to_string(us) + "us";
}

Json command(std::int64_t at, const std::string& actor, const std::string& name, Json args) {
  return {{"at", at_us(at)}, {"actor", actor}, {"command", name}, {"args", std::move(args)}};
}

Json entity(const std::string& name, const std::string& kind) {
  return {{"kind", kind},
          {"fqdn", name + ".example.net"},
          {"subject", "CN=" + name + ".example.net,O=Operator,C=FR"}};
}

// One SM of the tree: index 0 is the root; SM i's master is (i - 1) / fan_out.
struct SmNode {
  std::string name;
  std::string sec_domain;
  int level = 0;
  std::vector<int> subs;
  std::vector<std::string> domains;
};

struct Plan {
  std::vector<SmNode> sms;
  int levels = 0;
};

int tree_size(int depth, int fan_out) {
  long long total = 0;
  long long level = 1;
  for (int k = 0; k < depth; ++k) {
    total += level;
    if (total > kMaxGeneratedVnfs) return kMaxGeneratedVnfs + 1;
    level *= fan_out;
  }
  return static_cast<int>(total);
}

void check_options(const HierarchyOptions& o) {
  if (o.fan_out < 1) throw GeneratorOptionError("--fan-out must be an integer >= 1");
  if (o.sms) {
    if (*o.sms < 1) throw GeneratorOptionError("--sms must be an integer >= 1");
  } else if (o.depth < 1) {
    throw GeneratorOptionError("--depth must be an integer >= 1");
  }
  if (o.domains_per_sm < 1) throw GeneratorOptionError("--domains-per-sm must be an integer >= 1");
  if (o.vnfs_per_domain < 0)
    throw GeneratorOptionError("--vnfs-per-domain must be an integer >= 0");
  if (!(o.rate > 0) || !std::isfinite(o.rate))
    throw GeneratorOptionError("--rate must be a number of operations per second > 0");
  auto fraction = [](double f, const char* name) {
    if (!(f >= 0 && f <= 1))
      throw GeneratorOptionError(std::string(name) + " must be a number in [0, 1]");
  };
  fraction(o.modify_fraction, "--modify-fraction");
  fraction(o.terminate_fraction, "--terminate-fraction");
  if (o.modify_fraction + o.terminate_fraction > 1)
    throw GeneratorOptionError("--modify-fraction + --terminate-fraction must be at most 1");
  if (o.vnf_profile != "cheap" && o.vnf_profile != "certified")
    throw GeneratorOptionError("--vnf-profile must be cheap or certified");
  double total_weight = 0;
  for (const auto& [mode, weight] : o.mode_mix) total_weight += weight;
  if (!(total_weight > 0)) throw GeneratorOptionError("--mode-mix needs a positive weight");
  const int sms = o.sms ? *o.sms : tree_size(o.depth, o.fan_out);
  if (sms > kMaxGeneratedVnfs ||
      static_cast<long long>(sms) * o.domains_per_sm * std::max(o.vnfs_per_domain, 1) >
          kMaxGeneratedVnfs)
    throw GeneratorOptionError("the hierarchy asked for is larger than " +
                               std::to_string(kMaxGeneratedVnfs) + " VNFs or SMs");
}

Plan plan_tree(const HierarchyOptions& o) {
  Plan plan;
  const int count = o.sms ? *o.sms : tree_size(o.depth, o.fan_out);
  plan.sms.resize(static_cast<std::size_t>(count));
  for (int i = 0; i < count; ++i) {
    SmNode& sm = plan.sms[static_cast<std::size_t>(i)];
    sm.name = "sm-" + std::to_string(i + 1);
    sm.sec_domain = "td-sec-" + std::to_string(i + 1);
    if (i > 0) {
      const int master = (i - 1) / o.fan_out;
      sm.level = plan.sms[static_cast<std::size_t>(master)].level + 1;
      plan.sms[static_cast<std::size_t>(master)].subs.push_back(i);
    }
    plan.levels = std::max(plan.levels, sm.level + 1);
    for (int k = 1; k <= o.domains_per_sm; ++k)
      sm.domains.push_back("td-" + std::to_string(i + 1) + "-" + std::to_string(k));
  }
  return plan;
}

std::string draw_mode(const std::map<std::string, double>& mix, SeededStream& random) {
  double total = 0;
  for (const auto& [mode, weight] : mix) total += weight;
  double x = random.unit() * total;
  std::string last;
  for (const auto& [mode, weight] : mix) {
    if (weight <= 0) continue;
    last = mode;
    if (x < weight) return mode;
    x -= weight;
  }
  return last;
}

// The one VNFD every VNF uses: one VM VNFC of 1 vCPU, initially one instance (at most two, so a
// scale out adds one). `certified` gives the VNFC one client identity, so every VNFCI enrols in
// direct mode (C.2.1.1) and holds a certificate; `cheap` gives it none.
Json vnfd(bool certified) {
  Json vnfc = {
      {"deployment", "vm"}, {"compute", {{"vcpus", 1}, {"memory_mb", 512}}}, {"image", "app-1.0"}};
  if (certified)
    vnfc["identities"] = Json::array({{{"name", "client"},
                                       {"usage", "client"},
                                       {"subject", "CN={vnfci}.{vnf}.example.net,O=Operator"},
                                       {"dns", Json::array({"{vnfci}.{vnf}.example.net"})}}});
  return {
      {"certificate_mode", "direct"},
      {"auto_heal", false},
      {"flavours", {{"small", {{"vnfcs", {{"app", {{"initial", 1}, {"min", 1}, {"max", 2}}}}}}}}},
      {"vnfcs", {{"app", vnfc}}}};
}

}  // namespace

std::map<std::string, double> parse_mode_mix(const std::string& text) {
  static const std::set<std::string> kModes = {"passive", "semi_active", "fully_active"};
  std::map<std::string, double> mix;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    const auto colon = item.find(':');
    const std::string mode = item.substr(0, colon);
    if (!kModes.contains(mode))
      throw GeneratorOptionError("--mode-mix: unknown mode \"" + mode +
                                 "\" (expected passive, semi_active, fully_active as MODE:WEIGHT)");
    if (mix.contains(mode)) throw GeneratorOptionError("--mode-mix: " + mode + " given twice");
    double weight = 1.0;
    if (colon != std::string::npos) {
      const std::string number = item.substr(colon + 1);
      std::size_t used = 0;
      try {
        weight = std::stod(number, &used);
      } catch (const std::exception&) {
        used = 0;
      }
      if (number.empty() || used != number.size() || !(weight >= 0) || !std::isfinite(weight))
        throw GeneratorOptionError("--mode-mix: weight \"" + number + "\" of " + mode +
                                   " is not a number >= 0");
    }
    mix[mode] = weight;
  }
  if (mix.empty()) throw GeneratorOptionError("--mode-mix: no mode given");
  double total = 0;
  for (const auto& [mode, weight] : mix) total += weight;
  if (!(total > 0)) throw GeneratorOptionError("--mode-mix: every weight is 0");
  return mix;
}

HierarchyShape hierarchy_shape(const HierarchyOptions& options) {
  check_options(options);
  const Plan plan = plan_tree(options);
  HierarchyShape shape;
  shape.sms = static_cast<int>(plan.sms.size());
  shape.depth = plan.levels;
  shape.domains = shape.sms * options.domains_per_sm;
  shape.vnfs = shape.domains * options.vnfs_per_domain;
  shape.oversees_edges = shape.sms - 1;
  return shape;
}

Json generate_hierarchy(const HierarchyOptions& o) {
  check_options(o);
  const Plan plan = plan_tree(o);
  SeededStream random(o.seed);
  const int n_sms = static_cast<int>(plan.sms.size());
  const long long n_vnfs = static_cast<long long>(n_sms) * o.domains_per_sm * o.vnfs_per_domain;

  // The trust model: td-mano with the blocks, one security-management domain per SM (D11), the
  // tenant domains, and the SM tree.
  Json domains = Json::array();
  domains.push_back(
      {{"id", "td-mano"}, {"purpose", "mano"}, {"members", {"nfvo-1", "vnfm-1", "vim-1"}}});
  for (const SmNode& sm : plan.sms)
    domains.push_back({{"id", sm.sec_domain}, {"purpose", "security_management"}});
  for (const SmNode& sm : plan.sms)
    for (const std::string& d : sm.domains) domains.push_back({{"id", d}, {"purpose", "tenant"}});
  Json sms = Json::array();
  for (const SmNode& sm : plan.sms) {
    Json manages = Json::object();
    for (const std::string& d : sm.domains) manages[d] = draw_mode(o.mode_mix, random);
    Json entry = {{"name", sm.name}, {"member_of", sm.sec_domain}, {"manages", manages}};
    if (!sm.subs.empty()) {
      Json oversees = Json::array();
      for (int sub : sm.subs) {
        const std::string& name = plan.sms[static_cast<std::size_t>(sub)].name;
        if (o.subordinate_events)
          oversees.push_back({{"sm", name}, {"receives_subordinate_events", true}});
        else
          oversees.push_back(name);
      }
      entry["oversees"] = std::move(oversees);
    }
    sms.push_back(std::move(entry));
  }
  Json trust_model = {{"domains", domains}, {"sms", sms}, {"settings", {{"grant_timeout", "10s"}}}};

  // The workload, in time order (microseconds).
  Json workload = Json::array();
  workload.push_back(command(1'000'000, "oss-1", "register", {{"entity", "nfvo-1"}}));
  workload.push_back(command(1'500'000, "oss-1", "register", {{"entity", "vnfm-1"}}));
  workload.push_back(command(2'000'000, "oss-1", "register", {{"entity", "vim-1"}}));
  constexpr std::int64_t kRegistrationGap = 10'000;  // 10 ms between SM registrations
  std::int64_t t = 3'000'000;
  for (const SmNode& sm : plan.sms) {
    workload.push_back(command(t, "oss-1", "register", {{"entity", sm.name}}));
    t += kRegistrationGap;
  }
  t += 5'000'000;  // every SM enrolled and bound before the first operation
  workload.push_back(
      command(t, "oss-1", "onboard_package",
              {{"package", "pkg-app"}, {"vnfd_id", "vnfd-app"}, {"version", "1.0"}}));
  t += 5'000'000;
  const double gap = 1e6 / o.rate;
  long long op = 0;
  const std::int64_t first_op = t;
  auto op_time = [&]() { return first_op + static_cast<std::int64_t>(std::llround(gap * op++)); };
  // Instantiations round-robin over the domains, so every domain is busy from the start.
  struct Vnf {
    std::string name;
    std::string ns;
  };
  std::vector<Vnf> vnfs;
  vnfs.reserve(static_cast<std::size_t>(n_vnfs));
  for (int j = 1; j <= o.vnfs_per_domain; ++j)
    for (const SmNode& sm : plan.sms)
      for (const std::string& d : sm.domains) {
        const std::string suffix = d.substr(3) + "-" + std::to_string(j);
        Vnf v{"vnf-" + suffix, "ns-" + suffix};
        workload.push_back(command(op_time(), "oss-1", "instantiate_ns",
                                   {{"ns", v.ns},
                                    {"oss_app_id", "app-" + v.ns},
                                    {"vnfs", Json::array({{{"vnf", v.name},
                                                           {"oss_app_id", "app-" + v.name},
                                                           {"vnfd_id", "vnfd-app"},
                                                           {"flavour", "small"},
                                                           {"trust_domain", d}}})}}));
        vnfs.push_back(std::move(v));
      }
  // After a pause, a seeded share of the VNFs is scaled out (a VNF_MODIFY at the SMs) or
  // terminated, at the same rate.
  if (!vnfs.empty()) {
    op += static_cast<long long>(std::ceil(10e6 / gap));
    for (const Vnf& v : vnfs) {
      const double x = random.unit();
      if (x < o.terminate_fraction) {
        workload.push_back(command(op_time(), "oss-1", "terminate_ns", {{"ns", v.ns}}));
      } else if (x < o.terminate_fraction + o.modify_fraction) {
        workload.push_back(command(op_time(), "oss-1", "scale_ns",
                                   {{"ns", v.ns},
                                    {"vnf", v.name},
                                    {"type", "SCALE_OUT"},
                                    {"aspect", "app"},
                                    {"steps", 1}}));
      }
    }
  }
  const std::int64_t last = first_op + static_cast<std::int64_t>(std::llround(gap * op));
  const std::int64_t end = ((last + 120'000'000) / 1'000'000) * 1'000'000;
  if (o.duration_us && *o.duration_us <= last)
    throw GeneratorOptionError("--duration ends before the last operation at " +
                               std::to_string(last / 1'000'000) + "s");
  const std::int64_t duration = o.duration_us ? *o.duration_us : end;

  // The actors.
  const bool certified = o.vnf_profile == "certified";
  // Room for every VNF scaled out (2 vCPUs each), hosts of 256 vCPUs.
  const long long vcpus_needed = std::max(2 * n_vnfs, 2LL);
  const long long hosts = (vcpus_needed + 255) / 256;
  Json vim_hosts = Json::object();
  for (long long h = 1; h <= hosts; ++h)
    vim_hosts["host-" + std::to_string(h)] = {
        {"location", "paris"}, {"capacity", {{"vcpus", 256}, {"memory_mb", 256 * 1024}}}};
  Json entities = {{"nfvo-1", entity("nfvo-1", "nfvo")},
                   {"vnfm-1", entity("vnfm-1", "vnfm")},
                   {"vim-1", entity("vim-1", "vim")}};
  Json oss_day0 = {{"cmf-1", "day0-oss-cmf"}, {"nfvo-1", "day0-oss-nfvo"}};
  for (const SmNode& sm : plan.sms) {
    entities[sm.name] = entity(sm.name, "sm");
    oss_day0[sm.name] = "day0-oss-" + sm.name;
  }
  Json actors = Json::array();
  actors.push_back(
      {{"name", "ca-1"},
       {"type", "ca"},
       {"params",
        {{"ra_credentials", Json::array({{{"reference", "cmf-1"}, {"secret", "ra-secret"}}})},
         {"crl_interval", "0"},
         {"validity", "90d"}}}});
  Json cmf_params = {{"ca", "ca-1"},
                     {"ra_reference", "cmf-1"},
                     {"ra_secret", "ra-secret"},
                     {"trusted_consumers", {"oss-1"}},
                     {"allowed_domains", {"example.net"}},
                     {"day0", {{"oss-1", "day0-oss-cmf"}}}};
  if (certified)
    cmf_params["direct_mode"] = {{"vnfms", {"vnfm-1"}},
                                 {"vnfci_day0_secret", "vnfci-day0"},
                                 {"credential", {{"one_use", true}, {"lifetime", "1h"}}},
                                 {"validity_hint", "90d"},
                                 {"renew_before", "30d"}};
  actors.push_back({{"name", "cmf-1"}, {"type", "cmf"}, {"params", cmf_params}});
  actors.push_back({{"name", "oss-1"},
                    {"type", "oss"},
                    {"params",
                     {{"cmf", "cmf-1"},
                      {"day0", oss_day0},
                      {"entities", entities},
                      {"vendor", {{"name", "acme"}}},
                      {"vnfds", {{"vnfd-app", vnfd(certified)}}}}}});
  actors.push_back(
      {{"name", "nfvo-1"},
       {"type", "nfvo"},
       {"params",
        {{"day0",
          {{"oss-1", "day0-oss-nfvo"}, {"vnfm-1", "day0-nfvo-vnfm"}, {"vim-1", "day0-nfvo-vim"}}},
         {"package_trust_anchors", {"acme"}},
         {"require_signed_packages", true},
         {"vnfm", "vnfm-1"},
         {"vim", "vim-1"},
         {"grant_quota", {{"vcpus", vcpus_needed}, {"memory_mb", vcpus_needed * 1024}}}}}});
  Json vnfm_params = {{"day0", {{"nfvo-1", "day0-nfvo-vnfm"}}}};
  if (certified) vnfm_params["vnfci_params"] = {{"day0", {{"cmf-1", "vnfci-day0"}}}};
  actors.push_back({{"name", "vnfm-1"}, {"type", "vnfm"}, {"params", vnfm_params}});
  actors.push_back({{"name", "vim-1"},
                    {"type", "vim"},
                    {"params", {{"day0", {{"nfvo-1", "day0-nfvo-vim"}}}, {"hosts", vim_hosts}}}});
  for (const SmNode& sm : plan.sms)
    actors.push_back({{"name", sm.name},
                      {"type", "sm"},
                      {"trust_domain", sm.sec_domain},
                      {"params",
                       {{"nfvo", "nfvo-1"},
                        {"vnfm", "vnfm-1"},
                        {"vim", "vim-1"},
                        {"day0", {{"oss-1", "day0-oss-" + sm.name}}},
                        {"subscription", Json::object()}}}});

  std::ostringstream name;
  name << "generated-hierarchy-sms" << n_sms << "-domains" << n_sms * o.domains_per_sm << "-vnfs"
       << n_vnfs << "-seed" << o.seed;
  std::ostringstream description;
  description << "Generated by ifa026 generate hierarchy: " << n_sms << " Security Managers in a "
              << plan.levels << "-level oversees tree (fan-out " << o.fan_out << "), each in its "
              << "own security-management domain managing " << o.domains_per_sm
              << " tenant domain(s) (modes drawn from the mix with seed " << o.seed << "), "
              << n_vnfs << " " << o.vnf_profile << " VNFs (one NS each) instantiated at " << o.rate
              << " LCM operations per simulated second, then about "
              << std::llround(o.modify_fraction * 100) << " % scaled out and "
              << std::llround(o.terminate_fraction * 100) << " % terminated.";
  return {{"name", name.str()},
          {"description", description.str()},
          {"epoch", "2026-01-01T00:00:00Z"},
          {"seed", o.seed},
          {"duration", at_us(duration)},
          {"network", {{"default_latency", {{"model", "fixed"}, {"delay", "2ms"}}}}},
          {"actors", actors},
          {"workload", workload},
          {"trust_model", trust_model}};
}

}  // namespace ifa026::cli
