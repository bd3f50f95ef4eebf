// Scenario loading: syntax, schema, semantic rules, then conversion into a Scenario.
#include "sim/scenario.hpp"

#include <algorithm>
#include <chrono>
#include <map>

#include "sim/json_document.hpp"
#include "sim/param_rules.hpp"
#include "sim/scenario_variant.hpp"
#include "sim/schema_validator.hpp"

namespace ifa026::sim {
namespace {

using nlohmann::json;

std::string in_quotes(const std::string& s) {
  return "\"" + s + "\"";
}

void add_error(std::vector<Diagnostic>& out, std::string pointer, std::string message,
               bool at_key = false) {
  Diagnostic d;
  d.pointer = std::move(pointer);
  d.message = std::move(message);
  d.at_key = at_key;
  out.push_back(std::move(d));
}

const SchemaValidator& schema_validator() {
  // Parsed once per process from the embedded schema; immutable afterwards.
  static const SchemaValidator validator(json::parse(scenario_schema_text()));
  return validator;
}

// The variant form {"base", "patch"}: the schema's $defs/variant.
const SchemaValidator& variant_validator() {
  static const SchemaValidator validator = [] {
    json schema = json::parse(scenario_schema_text());
    return SchemaValidator(json{{"$ref", "#/$defs/variant"}, {"$defs", schema["$defs"]}});
  }();
  return validator;
}

bool is_string(const json& j, const char* key) {
  return j.contains(key) && j[key].is_string();
}

std::optional<Duration> duration_at(const json& j, const char* key) {
  if (!is_string(j, key)) return std::nullopt;
  return parse_duration(j[key].get<std::string>());
}

// A clock skew's offset: a duration with an optional sign ("-10m", "+90s", "90s").
std::optional<Duration> parse_offset(std::string_view text) {
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  return parse_duration(text);
}

// The schema admits only "stream" and "datagram".
Transport transport_from(const std::string& text) {
  return text == "datagram" ? Transport::datagram : Transport::stream;
}

// Known actor names, for the rules below; suggests close names on a miss.
class ActorNames {
 public:
  void add(const std::string& name) { names_.push_back(name); }
  void check(const json& j, const char* key, const std::string& pointer,
             std::vector<Diagnostic>& out) const {
    if (!is_string(j, key)) return;
    const auto name = j[key].get<std::string>();
    check_name(name, pointer + "/" + key, out);
  }
  void check_name(const std::string& name, const std::string& pointer,
                  std::vector<Diagnostic>& out) const {
    for (const auto& n : names_)
      if (n == name) return;
    std::string message = "unknown actor " + in_quotes(name);
    auto guess = did_you_mean(name, names_);
    if (!guess.empty()) message += " (did you mean " + in_quotes(guess) + "?)";
    add_error(out, pointer, message);
  }

 private:
  std::vector<std::string> names_;
};

void check_latency(const json& latency, const std::string& pointer, std::vector<Diagnostic>& out) {
  if (!latency.is_object() || !is_string(latency, "model")) return;
  const auto model = latency["model"].get<std::string>();
  std::vector<const char*> needed;
  if (model == "fixed") needed = {"delay"};
  if (model == "uniform") needed = {"min", "max"};
  if (model == "normal" || model == "lognormal") needed = {"mean", "stddev"};
  for (const char* key : needed)
    if (!latency.contains(key))
      add_error(out, pointer, "latency model " + in_quotes(model) + " needs " + in_quotes(key));
  for (const char* key : {"delay", "min", "max", "mean", "stddev"}) {
    bool used = false;
    for (const char* n : needed) used = used || std::string_view(n) == key;
    if (!used && latency.contains(key))
      add_error(out, pointer + "/" + key,
                in_quotes(key) + " does not apply to latency model " + in_quotes(model), true);
  }
  if (model == "uniform") {
    auto min = duration_at(latency, "min");
    auto max = duration_at(latency, "max");
    if (min && max && *min > *max) add_error(out, pointer + "/max", "\"max\" is below \"min\"");
  }
}

// The actor entry named `name` in the scenario, or nullptr.
const json* actor_entry(const json& root, const std::string& name) {
  if (!root.contains("actors") || !root["actors"].is_array()) return nullptr;
  for (const auto& actor : root["actors"])
    if (actor.is_object() && is_string(actor, "name") && actor["name"] == name) return &actor;
  return nullptr;
}

// A workload command against what the addressed actor's type declares (ActorType::commands):
// a known command, its arguments by name and type, and arguments naming a member of one of the
// actor's parameters (a VNFD of the VNFM, an entity of the OSS) naming one that exists.
void check_command(const json& root, const ActorRegistry& registry, const json& command,
                   const std::string& pointer, std::vector<Diagnostic>& out) {
  if (!is_string(command, "actor") || !is_string(command, "command")) return;
  const auto actor_name = command["actor"].get<std::string>();
  const json* actor = actor_entry(root, actor_name);
  if (actor == nullptr || !is_string(*actor, "type")) return;  // reported as an unknown actor
  const auto type_name = (*actor)["type"].get<std::string>();
  const ActorType* type = registry.find(type_name);
  if (type == nullptr || !type->commands) return;  // unknown type: reported at the actor
  const auto name = command["command"].get<std::string>();
  const CommandRule* rule = nullptr;
  std::vector<std::string> known;
  for (const auto& c : *type->commands) {
    known.push_back(c.name);
    if (c.name == name) rule = &c;
  }
  if (rule == nullptr) {
    std::string message =
        "actor " + in_quotes(actor_name) + " (" + type_name + ") has no command " + in_quotes(name);
    auto guess = did_you_mean(name, known);
    if (!guess.empty()) message += " (did you mean " + in_quotes(guess) + "?)";
    if (known.empty()) {
      message += "; " + type_name + " takes no workload commands";
    } else {
      message += "; its commands:";
      for (const auto& k : known) message += " " + k;
    }
    add_error(out, pointer + "/command", message);
    return;
  }
  static const json empty = json::object();
  const bool has_args = command.contains("args") && command["args"].is_object();
  const json& args = has_args ? command["args"] : empty;
  std::vector<Diagnostic> problems;
  check_params(name, args, rule->args, problems, "argument");
  for (auto& d : problems) {
    d.pointer = (has_args ? pointer + "/args" : pointer) + d.pointer;
    out.push_back(std::move(d));
  }
  static const json no_params = json::object();
  const json& params =
      actor->contains("params") && (*actor)["params"].is_object() ? (*actor)["params"] : no_params;
  for (const auto& arg : rule->args) {
    if (arg.member_of.empty() || !args.contains(arg.name)) continue;
    const json& value = args[arg.name];
    if (!value.is_string() && !value.is_object()) continue;  // a type error, reported above
    // The object of the actor's parameters the path names ("{x}": the value of argument x).
    std::string path;
    const json* container = &params;
    bool resolved = true;
    bool skip = false;
    std::size_t start = 0;
    while (resolved && start <= arg.member_of.size()) {
      std::size_t end = arg.member_of.find('/', start);
      if (end == std::string::npos) end = arg.member_of.size();
      std::string segment = arg.member_of.substr(start, end - start);
      if (segment.size() > 2 && segment.front() == '{' && segment.back() == '}') {
        const std::string other = segment.substr(1, segment.size() - 2);
        if (!args.contains(other) || !args[other].is_string()) {
          skip = true;  // that argument is missing or mistyped: reported above
          break;
        }
        segment = args[other].get<std::string>();
      }
      path += (path.empty() ? "" : "/") + segment;
      resolved = container->is_object() && container->contains(segment);
      if (resolved) container = &(*container)[segment];
      start = end + 1;
    }
    // An unknown member higher up the path is that argument's error (the VNFD, say), not this one.
    if (skip || (!resolved && path.find('/') != std::string::npos)) continue;
    std::vector<std::string> members;
    if (resolved && container->is_object())
      for (const auto& [member, v] : container->items()) members.push_back(member);
    // A string names one member; an object's keys each name one.
    std::vector<std::pair<std::string, std::string>> named;  // (member, pointer)
    const std::string at = pointer + "/args/" + escape_pointer_token(arg.name);
    if (value.is_string()) {
      named.emplace_back(value.get<std::string>(), at);
    } else {
      for (const auto& [key, v] : value.items())
        named.emplace_back(key, at + "/" + escape_pointer_token(key));
    }
    for (const auto& [member, where] : named) {
      if (std::find(members.begin(), members.end(), member) != members.end()) continue;
      std::string message = arg.name + ": " + in_quotes(member) + " is not in the " + path +
                            " of actor " + in_quotes(actor_name);
      auto guess = did_you_mean(member, members);
      if (!guess.empty()) message += " (did you mean " + in_quotes(guess) + "?)";
      if (members.empty()) message += " (it has none)";
      add_error(out, where, message, value.is_object());
    }
  }
}

void check_semantics(const json& root, const ActorRegistry& registry,
                     std::vector<Diagnostic>& out) {
  if (!root.is_object()) return;
  ActorNames names;
  if (root.contains("actors") && root["actors"].is_array()) {
    std::map<std::string, std::size_t> first_index;
    const auto known_types = registry.type_names();
    const auto& actors = root["actors"];
    for (std::size_t i = 0; i < actors.size(); ++i) {
      const auto& actor = actors[i];
      const std::string pointer = "/actors/" + std::to_string(i);
      if (!actor.is_object()) continue;
      if (is_string(actor, "name")) {
        const auto name = actor["name"].get<std::string>();
        auto [it, inserted] = first_index.emplace(name, i);
        if (!inserted)
          add_error(out, pointer + "/name",
                    "duplicate actor name " + in_quotes(name) + " (first defined at /actors/" +
                        std::to_string(it->second) + ")");
        else
          names.add(name);
      }
      if (is_string(actor, "type")) {
        const auto type = actor["type"].get<std::string>();
        const ActorType* found = registry.find(type);
        if (found == nullptr) {
          std::string message = "unknown actor type " + in_quotes(type);
          auto guess = did_you_mean(type, known_types);
          if (!guess.empty()) message += " (did you mean " + in_quotes(guess) + "?)";
          message += "; known types:";
          for (const auto& t : known_types) message += " " + t;
          add_error(out, pointer + "/type", message);
        } else if (found->needs_wall_clock_epoch && is_string(root, "epoch") &&
                   root["epoch"].get<std::string>() != "now") {
          const std::string name = is_string(actor, "name") ? actor["name"].get<std::string>() : "";
          add_error(out, "/epoch",
                    "actor " + in_quotes(name) + " of type " + in_quotes(type) +
                        " talks to a real server, which stamps real time: the epoch must be "
                        "\"now\" (docs/live-ca.md)");
        }
        if (found != nullptr && found->check_params) {
          static const json empty = json::object();
          const json& params =
              actor.contains("params") && actor["params"].is_object() ? actor["params"] : empty;
          std::vector<Diagnostic> param_errors;
          found->check_params(params, param_errors);
          for (auto& d : param_errors) {
            d.pointer = pointer + "/params" + d.pointer;
            out.push_back(std::move(d));
          }
        }
      }
    }
  }
  if (root.contains("network") && root["network"].is_object()) {
    const auto& network = root["network"];
    if (network.contains("default_latency"))
      check_latency(network["default_latency"], "/network/default_latency", out);
    if (network.contains("links") && network["links"].is_array()) {
      const auto& links = network["links"];
      for (std::size_t i = 0; i < links.size(); ++i) {
        const std::string pointer = "/network/links/" + std::to_string(i);
        if (!links[i].is_object()) continue;
        names.check(links[i], "from", pointer, out);
        names.check(links[i], "to", pointer, out);
        if (links[i].contains("latency"))
          check_latency(links[i]["latency"], pointer + "/latency", out);
      }
    }
  }
  if (root.contains("faults") && root["faults"].is_array()) {
    const auto& faults = root["faults"];
    for (std::size_t i = 0; i < faults.size(); ++i) {
      const auto& fault = faults[i];
      const std::string pointer = "/faults/" + std::to_string(i);
      if (!fault.is_object() || !is_string(fault, "kind")) continue;
      const auto kind = fault["kind"].get<std::string>();
      // A window needs start and end; a crash an actor and an instant (its actor is usually
      // spawned while the simulation runs, so its name is not checked against the scenario's);
      // a clock skew an actor and an offset, for the whole run.
      const bool instant = kind == "crash";
      const bool whole_run = kind == "clock-skew";
      for (const char* member : {"start", "end"}) {
        if (!instant && !whole_run && !fault.contains(member))
          add_error(out, pointer, "fault \"" + kind + "\" needs \"" + member + "\"");
        if ((instant || whole_run) && fault.contains(member))
          add_error(out, pointer + "/" + member,
                    "\"" + std::string(member) + "\" does not apply to \"" + kind + "\"" +
                        (instant ? " (use \"at\")" : " (it lasts the whole run)"),
                    true);
      }
      if (!instant && fault.contains("at"))
        add_error(out, pointer + "/at", "\"at\" does not apply to \"" + kind + "\"", true);
      if (kind != "replay" && fault.contains("delay"))
        add_error(out, pointer + "/delay", "\"delay\" does not apply to \"" + kind + "\"", true);
      if (kind == "replay" && !fault.contains("delay"))
        add_error(out, pointer, "fault \"replay\" needs \"delay\"");
      if (kind != "crash" && fault.contains("restart_after"))
        add_error(out, pointer + "/restart_after",
                  "\"restart_after\" does not apply to \"" + kind + "\"", true);
      if (fault.contains("disk") && (kind != "crash" || !fault.contains("restart_after")))
        add_error(out, pointer + "/disk",
                  "\"disk\" applies only to a \"crash\" with \"restart_after\"", true);
      if (kind == "crash" && fault.contains("restart_after")) {
        const auto after = duration_at(fault, "restart_after");
        if (after && *after <= Duration())
          add_error(out, pointer + "/restart_after", "a restart must come after the crash");
      }
      if (kind != "clock-skew" && fault.contains("offset"))
        add_error(out, pointer + "/offset", "\"offset\" does not apply to \"" + kind + "\"", true);
      if (kind == "clock-skew") {
        if (!fault.contains("offset"))
          add_error(out, pointer, "fault \"clock-skew\" needs \"offset\"");
        else if (!fault["offset"].is_string() || !parse_offset(fault["offset"].get<std::string>()))
          add_error(out, pointer + "/offset",
                    "expected a duration with an optional sign, e.g. \"-10m\" or \"90s\"");
      }
      if (instant || whole_run) {
        if (!fault.contains("actor"))
          add_error(out, pointer, "fault \"" + kind + "\" needs \"actor\"");
        if (instant && !fault.contains("at"))
          add_error(out, pointer, "fault \"crash\" needs \"at\"");
        if (fault.contains("endpoints"))
          add_error(out, pointer + "/endpoints", "\"endpoints\" does not apply to \"" + kind + "\"",
                    true);
      } else if (kind == "actor-down") {
        if (!fault.contains("actor"))
          add_error(out, pointer, "fault \"actor-down\" needs \"actor\"");
        names.check(fault, "actor", pointer, out);
        if (fault.contains("endpoints"))
          add_error(out, pointer + "/endpoints", "\"endpoints\" does not apply to \"actor-down\"",
                    true);
      } else {  // link windows: link-down, tamper, duplicate, replay
        if (!fault.contains("endpoints"))
          add_error(out, pointer, "fault \"" + kind + "\" needs \"endpoints\"");
        // The endpoints of link-down and tamper windows are declared actors (a typo is caught);
        // duplicate and replay windows may name actors spawned while the run goes on (a VNFCI's
        // CMP exchange with its CA), as a crash may.
        if ((kind == "link-down" || kind == "tamper") && fault.contains("endpoints") &&
            fault["endpoints"].is_array()) {
          const auto& ends = fault["endpoints"];
          for (std::size_t k = 0; k < ends.size(); ++k)
            if (ends[k].is_string())
              names.check_name(ends[k].get<std::string>(),
                               pointer + "/endpoints/" + std::to_string(k), out);
        }
        if (fault.contains("actor"))
          add_error(out, pointer + "/actor", "\"actor\" does not apply to \"" + kind + "\"", true);
      }
      auto start = duration_at(fault, "start");
      auto end = duration_at(fault, "end");
      if (start && end && *end <= *start)
        add_error(out, pointer + "/end", "window ends before it starts");
    }
  }
  if (root.contains("workload") && root["workload"].is_array()) {
    const auto& workload = root["workload"];
    for (std::size_t i = 0; i < workload.size(); ++i) {
      const auto& command = workload[i];
      const std::string pointer = "/workload/" + std::to_string(i);
      if (!command.is_object()) continue;
      names.check(command, "actor", pointer, out);
      check_command(root, registry, command, pointer, out);
      bool repeats = command.contains("count") && command["count"].is_number_integer() &&
                     command["count"].get<std::int64_t>() > 1;
      if (repeats && !command.contains("every"))
        add_error(out, pointer + "/count", "\"count\" above 1 needs \"every\"");
      auto every = duration_at(command, "every");
      if (every && every->ns() == 0)
        add_error(out, pointer + "/every", "\"every\" must be above 0");
    }
  }
}

LatencyModel latency_from(const json& j) {
  const auto model = j["model"].get<std::string>();
  auto d = [&j](const char* key) { return *parse_duration(j[key].get<std::string>()); };
  if (model == "uniform") return LatencyModel::uniform(d("min"), d("max"));
  if (model == "normal") return LatencyModel::normal(d("mean"), d("stddev"));
  if (model == "lognormal") return LatencyModel::lognormal(d("mean"), d("stddev"));
  return LatencyModel::fixed(d("delay"));
}

Time time_at(const json& j, const char* key) {
  return Time::zero() + *parse_duration(j[key].get<std::string>());
}

Scenario build(const json& root) {
  Scenario s;
  s.name = root["name"].get<std::string>();
  s.description = root.value("description", "");
  const std::string epoch = root["epoch"].get<std::string>();
  if (epoch == "now") {
    // The one reading of the wall clock: it becomes the run's epoch (kWallClockEpochLead).
    const auto wall = std::chrono::duration_cast<std::chrono::seconds>(
        std::chrono::system_clock::now().time_since_epoch());
    s.epoch = UtcInstant{(Duration::seconds(wall.count()) + kWallClockEpochLead).ns()};
    s.wall_clock_epoch = true;
  } else {
    s.epoch = *parse_utc(epoch);
  }
  s.seed = root["seed"].get<std::uint64_t>();
  s.duration = *parse_duration(root["duration"].get<std::string>());
  s.scheduler = root.value("scheduler", "calendar");
  for (const auto& a : root["actors"]) {
    ActorSpec spec;
    spec.name = a["name"].get<std::string>();
    spec.type = a["type"].get<std::string>();
    spec.trust_domain = a.value("trust_domain", "default");
    if (a.contains("params")) spec.params = a["params"];
    if (a.contains("external")) spec.external = a["external"];
    s.actors.push_back(std::move(spec));
  }
  if (root.contains("network")) {
    const auto& n = root["network"];
    if (n.contains("default_latency")) s.default_link.latency = latency_from(n["default_latency"]);
    s.default_link.loss = n.value("default_loss", 0.0);
    if (n.contains("default_transport"))
      s.default_link.transport = transport_from(n["default_transport"].get<std::string>());
    if (n.contains("links")) {
      for (const auto& l : n["links"]) {
        LinkSpec link;
        link.from = l["from"].get<std::string>();
        link.to = l["to"].get<std::string>();
        link.bidirectional = l.value("bidirectional", true);
        link.properties.latency =
            l.contains("latency") ? latency_from(l["latency"]) : s.default_link.latency;
        link.properties.loss = l.value("loss", s.default_link.loss);
        link.properties.transport = l.contains("transport")
                                        ? transport_from(l["transport"].get<std::string>())
                                        : s.default_link.transport;
        s.links.push_back(std::move(link));
      }
    }
  }
  if (root.contains("faults")) {
    for (const auto& f : root["faults"]) {
      FaultWindow w;
      const auto kind = f["kind"].get<std::string>();
      w.kind = kind == "link-down"    ? FaultWindow::Kind::link_down
               : kind == "tamper"     ? FaultWindow::Kind::tamper
               : kind == "crash"      ? FaultWindow::Kind::crash
               : kind == "duplicate"  ? FaultWindow::Kind::duplicate
               : kind == "replay"     ? FaultWindow::Kind::replay
               : kind == "clock-skew" ? FaultWindow::Kind::clock_skew
                                      : FaultWindow::Kind::actor_down;
      if (w.kind == FaultWindow::Kind::actor_down || w.kind == FaultWindow::Kind::crash ||
          w.kind == FaultWindow::Kind::clock_skew) {
        w.actor = f["actor"].get<std::string>();
      } else {
        w.endpoint_a = f["endpoints"][0].get<std::string>();
        w.endpoint_b = f["endpoints"][1].get<std::string>();
      }
      if (w.kind == FaultWindow::Kind::crash) {
        w.start = time_at(f, "at");
        w.end = w.start;
        if (f.contains("restart_after"))
          w.restart_after = *parse_duration(f["restart_after"].get<std::string>());
        w.disk_lost = f.value("disk", std::string("kept")) == "lost";
      } else if (w.kind == FaultWindow::Kind::clock_skew) {
        w.offset = *parse_offset(f["offset"].get<std::string>());
        w.end = Time::max();
      } else {
        if (w.kind == FaultWindow::Kind::replay)
          w.delay = *parse_duration(f["delay"].get<std::string>());
        w.start = time_at(f, "start");
        w.end = time_at(f, "end");
      }
      s.faults.push_back(std::move(w));
    }
  }
  if (root.contains("workload")) {
    for (const auto& c : root["workload"]) {
      CommandSpec command;
      command.at = *parse_duration(c["at"].get<std::string>());
      command.actor = c["actor"].get<std::string>();
      command.command = c["command"].get<std::string>();
      if (c.contains("args")) command.args = c["args"];
      if (c.contains("every")) command.every = *parse_duration(c["every"].get<std::string>());
      command.count = c.value("count", 1);
      s.workload.push_back(std::move(command));
    }
  }
  if (root.contains("covers"))
    for (const auto& id : root["covers"]) s.covers.push_back(id.get<std::string>());
  if (root.contains("expect")) s.expect = root["expect"];
  if (root.contains("trust_model")) s.trust_model = root["trust_model"];
  return s;
}

ScenarioLoad finish(JsonDocument doc, const ActorRegistry& registry, const ScenarioRule& extra) {
  ScenarioLoad result;
  auto expansion = ScenarioExpansion::expand(std::move(doc), variant_validator());
  if (!expansion.errors().empty()) {
    result.errors = expansion.errors();
    return result;
  }
  const json& root = expansion.root();
  schema_validator().validate(root, result.errors);
  check_semantics(root, registry, result.errors);
  if (extra) extra(root, result.errors);
  if (!result.errors.empty()) {
    expansion.locate(result.errors);
    return result;
  }
  Scenario s = build(root);
  s.file = expansion.file();
  s.file_hash = expansion.hash();
  result.scenario = std::move(s);
  return result;
}

}  // namespace

ScenarioLoad load_scenario_text(std::string file, std::string text, const ActorRegistry& registry,
                                const ScenarioRule& extra_rule) {
  return finish(JsonDocument::parse(std::move(file), std::move(text)), registry, extra_rule);
}

ScenarioLoad load_scenario_file(const std::string& path, const ActorRegistry& registry,
                                const ScenarioRule& extra_rule) {
  return finish(JsonDocument::load(path), registry, extra_rule);
}

ExpandedScenarioJson expand_scenario_file(const std::string& path) {
  auto expansion = ScenarioExpansion::expand(JsonDocument::load(path), variant_validator());
  if (!expansion.errors().empty()) return ExpandedScenarioJson{nullptr, expansion.errors()};
  return ExpandedScenarioJson{expansion.release_root(), {}};
}

}  // namespace ifa026::sim
