// The report model built from a conform output folder (see report_model.hpp).
#include "reports/report_model.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <unordered_set>
#include <vector>

#include "actors/builtin_actors.hpp"
#include "actors/common/trust_model.hpp"
#include "conformance/catalogue.hpp"
#include "pki/base64.hpp"
#include "pki/x509_description.hpp"
#include "reports/scenario_graphs.hpp"
#include "reports/sequence_sample.hpp"
#include "reports/trust_graph.hpp"
#include "sim/scenario.hpp"
#include "sim/time.hpp"
#include "sim/trace_lines.hpp"

namespace ifa026::reports {

namespace {

namespace fs = std::filesystem;
using json = nlohmann::ordered_json;

constexpr const char* kVerdictNames[] = {"pass", "fail",         "inconc",        "error",
                                         "none", "not-testable", "not-applicable"};
// A type with more actors than this is folded into one node "<type> ×N" in the topology.
constexpr std::size_t kUnfoldedPerType = 8;

json read_json_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw ReportInputError(path, "missing or unreadable");
  try {
    return json::parse(in);
  } catch (const json::exception& e) {
    throw ReportInputError(path, std::string("malformed JSON: ") + e.what());
  }
}

json zero_counts() {
  json counts = json::object();
  for (const char* v : kVerdictNames) counts[v] = 0;
  return counts;
}

// The annex of a clause as summary.md groups it: "A", "B", "C", else the clause's first number.
std::string annex_of(const std::string& clause) {
  if (!clause.empty() && std::isalpha(static_cast<unsigned char>(clause[0])))
    return clause.substr(0, 1);
  return clause.substr(0, clause.find('.'));
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// The actor types a requirement is about: the words of its subject (and a flow's actors) that
// are actor type names.
std::vector<std::string> actor_types(const std::string& subject,
                                     const conformance::Requirement* requirement,
                                     const std::set<std::string>& types) {
  std::vector<std::string> out;
  auto add = [&](const std::string& word) {
    const std::string w = lower(word);
    if (types.contains(w) && std::find(out.begin(), out.end(), w) == out.end()) out.push_back(w);
  };
  std::string word;
  for (char c : subject + " ") {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      word += c;
    } else if (!word.empty()) {
      add(word);
      word.clear();
    }
  }
  if (requirement)
    for (const auto& a : requirement->actors) add(a);
  return out;
}

double ms(std::int64_t ns) {
  return static_cast<double>(ns) / 1e6;
}

// The value of `key` in a detail text "k=v; k=v" ("" when absent).
std::string record_detail(const std::string& detail, std::string_view key) {
  std::size_t at = 0;
  while (at < detail.size()) {
    std::size_t end = detail.find("; ", at);
    if (end == std::string::npos) end = detail.size();
    const std::string_view part(detail.data() + at, end - at);
    if (part.size() > key.size() && part.starts_with(key) && part[key.size()] == '=')
      return std::string(part.substr(key.size() + 1));
    at = end + 2;
  }
  return "";
}

// Every n-th value so that at most `limit` are kept (the last always kept).
template <typename T>
std::vector<T> thin(const std::vector<T>& values, std::size_t limit) {
  if (values.size() <= limit || limit == 0) return values;
  std::vector<T> out;
  out.reserve(limit);
  const double stride = static_cast<double>(values.size() - 1) / static_cast<double>(limit - 1);
  for (std::size_t i = 0; i < limit; ++i)
    out.push_back(values[static_cast<std::size_t>(static_cast<double>(i) * stride + 0.5)]);
  return out;
}

struct EvaluationRef {
  std::size_t index;
  std::vector<std::uint64_t> evidence;
};

struct LinkKey {
  std::string from, to, ref;
  auto operator<=>(const LinkKey&) const = default;
};

// What one pass over a scenario's trace keeps.
struct TraceDigest {
  bool found = false;
  std::uint64_t records = 0;
  std::map<std::uint64_t, json> evidence;  // kept records by id
  std::vector<std::string> cited_serials;  // serials named by cited records, in citation order
  std::map<LinkKey, TopologyLink> links;
  std::vector<TopologyActor> spawned;
  std::unique_ptr<SequenceSample> sequence;
};

std::string string_field(const json& record, const char* key) {
  const auto it = record.find(key);
  return it != record.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::uint64_t number_field(const json& record, const char* key) {
  const auto it = record.find(key);
  return it != record.end() && it->is_number_unsigned() ? it->get<std::uint64_t>()
         : it != record.end() && it->is_number_integer()
             ? static_cast<std::uint64_t>(std::max<std::int64_t>(0, it->get<std::int64_t>()))
             : 0;
}

TraceDigest digest_trace(const std::string& path, const std::set<std::uint64_t>& cited, int context,
                         const ReportLimits& limits) {
  TraceDigest d;
  d.sequence = std::make_unique<SequenceSample>(limits.sequence_head, limits.sequence_tail);
  sim::TraceLines in(path);  // plain or zstd-compressed (--compress-trace)
  if (path.empty() || !in.found()) return d;
  d.found = true;
  std::set<std::uint64_t> wanted;
  for (auto id : cited)
    for (std::int64_t k = -context; k <= context; ++k)
      if (static_cast<std::int64_t>(id) + k > 0) wanted.insert(id + static_cast<std::uint64_t>(k));
  std::set<std::string> serials_seen;
  std::string line;
  while (in.next(line)) {
    if (line.empty()) continue;
    json r;
    try {
      r = json::parse(line);
    } catch (const json::exception&) {
      continue;  // a run killed midway leaves whole lines; anything else is skipped
    }
    ++d.records;
    const std::uint64_t id = number_field(r, "id");
    const std::string kind = string_field(r, "kind"), actor = string_field(r, "actor"),
                      peer = string_field(r, "peer"), ref = string_field(r, "ref"),
                      op = string_field(r, "op"), step = string_field(r, "step"),
                      outcome = string_field(r, "outcome");
    const auto t = r.find("t_ns");
    const std::int64_t t_ns = t != r.end() && t->is_number() ? t->get<std::int64_t>() : 0;
    d.sequence->add({.id = id,
                     .t_ns = t_ns,
                     .kind = kind,
                     .actor = actor,
                     .peer = peer,
                     .ref = ref,
                     .op = op,
                     .step = step,
                     .outcome = outcome,
                     .msg = number_field(r, "msg")});
    if (kind == "send") {
      TopologyLink& l = d.links[{actor, peer, ref}];
      ++l.messages;
      l.bytes += number_field(r, "bytes");
    } else if (kind == "drop") {
      // A drop record names the sender as its actor and the addressee as its peer.
      ++d.links[{actor, peer, ref}].drops;
    } else if (kind == "decision" && op == "SpawnActor" && outcome == "ok") {
      d.spawned.push_back({peer, record_detail(string_field(r, "detail"), "type")});
    }
    if (wanted.contains(id)) {
      if (cited.contains(id)) {
        const std::string detail = string_field(r, "detail");
        for (const char* key : {"serial", "peer_serial", "spki_sha256"}) {
          std::string serial = record_detail(detail, key);
          if (!serial.empty() && serials_seen.insert(serial).second)
            d.cited_serials.push_back(std::move(serial));
        }
      }
      d.evidence.emplace(id, std::move(r));
    }
  }
  return d;
}

// The decoded certificates of one scenario and the CA hierarchy drawn from them.
struct CertificateDigest {
  bool found = false;
  json decoded = json::array();
  std::map<std::string, std::size_t> by_serial;      // certificate serial -> index in decoded
  std::map<std::string, std::size_t> crl_by_number;  // CRL number -> index
  std::vector<CaHierarchyNode> hierarchy;
  std::size_t total = 0;
};

json describe_der(const std::string& kind, const pki::Bytes& der) {
  const pki::X509Description d = kind == "crl"   ? pki::describe_crl(der)
                                 : kind == "csr" ? pki::describe_csr(der)
                                                 : pki::describe_certificate(der);
  auto when = [](const std::optional<pki::Instant>& t) {
    return t ? sim::format_utc(sim::UtcInstant{t->unix_ns}) : std::string();
  };
  json extensions = json::array();
  for (const auto& e : d.extensions)
    extensions.push_back({{"name", e.name}, {"critical", e.critical}, {"value", e.value}});
  return {{"kind", d.kind},
          {"serial", d.serial},
          {"subject", d.subject},
          {"issuer", d.issuer},
          {"not_before", when(d.not_before)},
          {"not_after", when(d.not_after)},
          {"key", d.key},
          {"signature", d.signature},
          {"extensions", std::move(extensions)},
          {"pem", d.pem}};
}

CertificateDigest digest_certificates(const std::string& path,
                                      const std::vector<std::string>& cited_serials,
                                      const ReportLimits& limits, std::vector<std::string>& notes) {
  CertificateDigest c;
  std::ifstream in(path);
  if (!in) return c;
  c.found = true;
  struct Entry {
    std::string kind, serial, role, ca;
    pki::Bytes der;
  };
  const std::set<std::string> cited(cited_serials.begin(), cited_serials.end());
  std::map<std::string, Entry> cited_entries;  // by serial
  std::vector<Entry> ca_entries, others;
  std::map<std::string, std::uint64_t> issued, crls;  // by CA actor
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    json j;
    try {
      j = json::parse(line);
    } catch (const json::exception&) {
      continue;
    }
    ++c.total;
    Entry e{string_field(j, "kind"),
            string_field(j, "serial"),
            string_field(j, "role"),
            string_field(j, "actor"),
            {}};
    if (e.role.empty() && e.kind == "crl") ++crls[e.ca];
    if (e.role.empty() && e.kind == "certificate") ++issued[e.ca];
    const bool named = e.kind != "crl" && cited.contains(e.serial);  // a certificate or CSR
    const bool want = !e.role.empty() || named || others.size() < limits.certificates;
    if (!want) continue;
    auto der = pki::from_base64(string_field(j, "der"));
    if (!der) continue;
    e.der = std::move(*der);
    if (!e.role.empty())
      ca_entries.push_back(std::move(e));
    else if (named)
      cited_entries.try_emplace(e.serial, std::move(e));
    else
      others.push_back(std::move(e));
  }
  // Cited first (in citation order), then the CAs' own, then the rest in the order made.
  std::vector<const Entry*> order;
  for (const auto& s : cited_serials)
    if (auto it = cited_entries.find(s); it != cited_entries.end()) order.push_back(&it->second);
  for (const auto& e : ca_entries) order.push_back(&e);
  for (const auto& e : others) order.push_back(&e);
  std::size_t failed = 0;
  for (const Entry* e : order) {
    if (c.decoded.size() >= limits.certificates) break;
    try {
      json d = describe_der(e->kind, e->der);
      if (e->kind == "crl")
        c.crl_by_number.try_emplace(e->serial, c.decoded.size());
      else if (e->kind == "csr")
        c.by_serial.try_emplace(e->serial, c.decoded.size());  // its spki_sha256
      else
        c.by_serial.try_emplace(d["serial"].get<std::string>(), c.decoded.size());
      if (!e->role.empty()) d["role"] = e->role;
      c.decoded.push_back(std::move(d));
    } catch (const std::exception&) {
      ++failed;
    }
  }
  for (const auto& e : ca_entries) {
    try {
      const auto d = pki::describe_certificate(e.der);
      c.hierarchy.push_back({d.subject, d.issuer, e.ca, e.role,
                             e.role == "issuing" ? issued[e.ca] : 0,
                             e.role == "issuing" ? crls[e.ca] : 0});
    } catch (const std::exception&) {
      ++failed;
    }
  }
  if (failed) notes.push_back(std::to_string(failed) + " certificate(s) could not be decoded");
  if (c.total > c.decoded.size())
    notes.push_back("certificates: " + std::to_string(c.decoded.size()) + " of " +
                    std::to_string(c.total) +
                    " decoded (those cited by evidence first, then the CAs' own, then in the "
                    "order issued)");
  return c;
}

// The figures the plots need, from metrics/NAME.json (report_inputs.hpp).
json metrics_part(const std::string& path, const std::map<LinkKey, TopologyLink>& links,
                  const ReportLimits& limits, std::vector<std::string>& notes) {
  json out = {{"enrolment_latency_ms", json::array()},
              {"messages_per_ref", json::array()},
              {"queues", json::array()},
              {"renewals", json::array()}};
  std::ifstream in(path);
  json m;
  bool ok = false;
  if (in) {
    try {
      m = json::parse(in);
      ok = m.is_object();
    } catch (const json::exception&) {
    }
  }
  if (!ok) {
    // Messages per reference point from the trace itself; the rest needs the metrics file.
    std::map<std::string, std::pair<std::uint64_t, std::uint64_t>> per_ref;
    for (const auto& [key, l] : links) {
      per_ref[key.ref].first += l.messages;
      per_ref[key.ref].second += l.bytes;
    }
    for (const auto& [ref, mb] : per_ref)
      out["messages_per_ref"].push_back(
          {{"ref", ref}, {"messages", mb.first}, {"bytes", mb.second}});
    notes.push_back("no metrics file (" + fs::path(path).filename().string() +
                    "): latency, queue and renewal plots are empty");
    return out;
  }
  for (const auto& rp : m.value("reference_points", json::array()))
    out["messages_per_ref"].push_back({{"ref", rp.value("name", "")},
                                       {"messages", rp.value("messages", std::uint64_t{0})},
                                       {"bytes", rp.value("bytes", std::uint64_t{0})}});
  const json series = m.value("series", json::object());
  std::vector<std::int64_t> latencies =
      series.value("enrolment_latency_ns", std::vector<std::int64_t>{});
  if (latencies.size() > limits.latencies) {
    notes.push_back("enrolment latencies: " + std::to_string(limits.latencies) + " of " +
                    std::to_string(latencies.size()) +
                    " shown (evenly spaced in completion order)");
    latencies = thin(latencies, limits.latencies);
  }
  for (auto ns : latencies) out["enrolment_latency_ms"].push_back(ms(ns));
  std::size_t thinned_queues = 0;
  for (const auto& q : m.value("queues", json::array())) {
    std::vector<std::pair<std::int64_t, std::int64_t>> points;
    for (const auto& p : q.value("series", json::array()))
      if (p.is_array() && p.size() == 2)
        points.emplace_back(p[0].get<std::int64_t>(), p[1].get<std::int64_t>());
    if (points.size() > limits.queue_points) {
      ++thinned_queues;
      points = thin(points, limits.queue_points);
    }
    json pts = json::array();
    for (const auto& [t, n] : points) pts.push_back(json::array({ms(t), n}));
    out["queues"].push_back(
        {{"actor", q.value("actor", "")}, {"queue", q.value("queue", "")}, {"points", pts}});
  }
  if (thinned_queues)
    notes.push_back(std::to_string(thinned_queues) + " queue series thinned to " +
                    std::to_string(limits.queue_points) + " points");
  const std::vector<std::int64_t> renewals =
      series.value("renewal_t_ns", std::vector<std::int64_t>{});
  std::vector<std::pair<std::int64_t, std::size_t>> cumulative;
  for (std::size_t i = 0; i < renewals.size(); ++i) cumulative.emplace_back(renewals[i], i + 1);
  if (cumulative.size() > limits.queue_points) {
    notes.push_back("renewals: " + std::to_string(limits.queue_points) + " of " +
                    std::to_string(cumulative.size()) + " points of the cumulative count shown");
    cumulative = thin(cumulative, limits.queue_points);
  }
  for (const auto& [t, n] : cumulative) out["renewals"].push_back(json::array({ms(t), n}));
  return out;
}

// Actor names to topology nodes: beyond kUnfoldedPerType actors of one type, the rest are one
// node "<type> ×N".
std::map<std::string, std::string> fold_actors(const std::vector<TopologyActor>& actors,
                                               std::vector<TopologyActor>& nodes) {
  std::map<std::string, std::vector<std::string>> by_type;
  std::vector<std::string> type_order;
  for (const auto& a : actors) {
    auto& names = by_type[a.type];
    if (names.empty()) type_order.push_back(a.type);
    names.push_back(a.name);
  }
  std::map<std::string, std::string> node_of;
  for (const auto& type : type_order) {
    const auto& names = by_type[type];
    const std::size_t folded =
        names.size() > kUnfoldedPerType ? names.size() - kUnfoldedPerType : 0;
    const std::string fold_name = type + " ×" + std::to_string(folded);
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (folded == 0 || i < kUnfoldedPerType) {
        node_of[names[i]] = names[i];
        nodes.push_back({names[i], type});
      } else {
        node_of[names[i]] = fold_name;
      }
    }
    if (folded) nodes.push_back({fold_name, type + " ×"});
  }
  return node_of;
}

std::string guess_type(const std::string& name) {
  // "cmf-1" -> "cmf": the shipped scenarios name actors after their type.
  const auto dash = name.find('-');
  return dash == std::string::npos ? name : name.substr(0, dash);
}

// One scenario's part of the model. With `dot` set, its pictures are also left there as DOT text
// (`ifa026 graph topology|ca`).
json scenario_part(const json& summary_entry, const std::string& folder,
                   const std::vector<EvaluationRef>& evaluations, const json& all_evaluations,
                   const sim::ActorRegistry& registry, const ReportLimits& limits,
                   const std::string& working_directory, ScenarioPicturesDot* dot = nullptr) {
  const std::string name = summary_entry.value("name", "");
  const std::string file = summary_entry.value("file", "");
  std::vector<std::string> notes;
  json s = json::object();
  s["name"] = name;
  s["file"] = file;

  // The scenario file, for its description, actors and trust model (it may be gone).
  std::optional<sim::Scenario> scenario;
  std::string path = file;  // relative to the run's working directory when not found from here
  if (!path.empty() && !fs::exists(path) && fs::path(path).is_relative() &&
      !working_directory.empty())
    path = (fs::path(working_directory) / path).string();
  if (!path.empty() && fs::exists(path)) {
    auto load = sim::load_scenario_file(path, registry);
    if (load.scenario) scenario = std::move(load.scenario);
  }
  if (!scenario) notes.push_back("scenario file " + file + " not readable: actor types guessed");
  s["description"] = scenario ? scenario->description : "";
  s["error"] = summary_entry.value("error", "");

  // The records each evaluation cites, up to the limit per evaluation (its first ones by id).
  std::set<std::uint64_t> cited;
  std::size_t capped = 0;
  for (const auto& e : evaluations) {
    std::vector<std::uint64_t> ids(e.evidence.begin(), e.evidence.end());
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    if (ids.size() > limits.evidence_per_evaluation) {
      ++capped;
      ids.resize(limits.evidence_per_evaluation);
    }
    cited.insert(ids.begin(), ids.end());
  }
  if (capped)
    notes.push_back("evidence: " + std::to_string(capped) + " evaluation(s) cite more than " +
                    std::to_string(limits.evidence_per_evaluation) +
                    " records; the report holds the first " +
                    std::to_string(limits.evidence_per_evaluation) +
                    " of each (all are listed by id; traces/" + name + ".jsonl has them)");
  const std::string trace_path = sim::find_trace_file(folder + "/traces/" + name);
  TraceDigest trace = digest_trace(trace_path, cited, limits.evidence_context, limits);
  if (!trace.found)
    notes.push_back("no trace file traces/" + name +
                    ".jsonl (nor .jsonl.zst): run with --trace none?");
  s["records"] = trace.records;

  std::vector<TopologyActor> actors;
  std::set<std::string> known;
  if (scenario)
    for (const auto& a : scenario->actors)
      if (known.insert(a.name).second) actors.push_back({a.name, a.type});
  for (const auto& a : trace.spawned)
    if (known.insert(a.name).second) actors.push_back(a);
  for (const auto& [key, l] : trace.links)
    for (const auto* end : {&key.from, &key.to})
      if (!end->empty() && known.insert(*end).second) actors.push_back({*end, guess_type(*end)});
  s["actors"] = json::array();
  for (const auto& a : actors) s["actors"].push_back({{"name", a.name}, {"type", a.type}});

  // Certificates: those cited first.
  CertificateDigest certs = digest_certificates(folder + "/certificates/" + name + ".jsonl",
                                                trace.cited_serials, limits, notes);
  json evidence = json::object();
  for (auto& [id, record] : trace.evidence) {
    const std::string detail = string_field(record, "detail");
    for (const char* key : {"serial", "peer_serial", "spki_sha256"}) {
      const auto it = certs.by_serial.find(record_detail(detail, key));
      if (it != certs.by_serial.end()) {
        record["certificate"] = it->second;
        break;
      }
    }
    if (!record.contains("certificate") && string_field(record, "op") == "PublishCrl") {
      const auto it = certs.crl_by_number.find(record_detail(detail, "number"));
      if (it != certs.crl_by_number.end()) record["certificate"] = it->second;
    }
    evidence[std::to_string(id)] = std::move(record);
  }
  s["evidence"] = std::move(evidence);
  for (const auto& e : evaluations)
    for (auto id : e.evidence)
      if (cited.contains(id) && !s["evidence"].contains(std::to_string(id)))
        notes.push_back("evidence record " + std::to_string(id) + " of evaluation " +
                        all_evaluations[e.index].value("id", "") + " is not in the trace");

  json messages = json::array();
  for (const auto& m : trace.sequence->messages()) {
    json j = {{"id", m.id}, {"t_ms", ms(m.t_ns)}, {"from", m.from}, {"to", m.to},
              {"op", m.op}, {"step", m.step},     {"ref", m.ref},   {"status", m.status}};
    if (!m.outcome.empty()) j["outcome"] = m.outcome;
    messages.push_back(std::move(j));
  }
  std::string sequence_note;
  if (trace.sequence->sampled())
    sequence_note = "sampled: the first " + std::to_string(limits.sequence_head) +
                    " and the last " + std::to_string(limits.sequence_tail) + " of " +
                    std::to_string(trace.sequence->total()) + " messages";
  s["sequence"] = {{"messages", std::move(messages)},
                   {"total", trace.sequence->total()},
                   {"sampled", trace.sequence->sampled()},
                   {"note", sequence_note}};
  if (!sequence_note.empty()) notes.push_back("sequence chart " + sequence_note);

  // Links and topology, with large actor types folded.
  std::vector<TopologyActor> nodes;
  const auto node_of = fold_actors(actors, nodes);
  std::map<LinkKey, TopologyLink> folded;
  for (const auto& [key, l] : trace.links) {
    auto node = [&](const std::string& n) {
      const auto it = node_of.find(n);
      return it == node_of.end() ? n : it->second;
    };
    LinkKey k{node(key.from), node(key.to), key.ref};
    TopologyLink& f = folded[k];
    f.from = k.from;
    f.to = k.to;
    f.ref = k.ref;
    f.messages += l.messages;
    f.bytes += l.bytes;
    f.drops += l.drops;
  }
  if (nodes.size() < actors.size())
    notes.push_back("topology and links: actor types with more than " +
                    std::to_string(kUnfoldedPerType) + " actors are folded into one node");
  std::vector<TopologyLink> links;
  s["links"] = json::array();
  for (const auto& [key, l] : folded) {
    links.push_back(l);
    s["links"].push_back({{"from", l.from},
                          {"to", l.to},
                          {"ref", l.ref},
                          {"messages", l.messages},
                          {"bytes", l.bytes},
                          {"drops", l.drops}});
  }
  if (dot) dot->topology = topology_dot(nodes, links, name);
  if (dot && !certs.hierarchy.empty()) dot->ca_hierarchy = ca_hierarchy_dot(certs.hierarchy, name);
  try {
    s["topology_svg"] = render_svg(topology_dot(nodes, links, name));
  } catch (const std::exception& e) {
    s["topology_svg"] = "";
    notes.push_back(std::string("topology not drawn: ") + e.what());
  }
  if (scenario) {
    bool has_trust = !scenario->trust_model.empty();
    for (const auto& a : scenario->actors) has_trust = has_trust || a.type == "sm";
    if (has_trust) {
      try {
        const auto model = actors::trust::TrustModel::from_scenario(*scenario);
        s["trust_svg"] = render_svg(trust_graph_dot(model, name));
      } catch (const std::exception& e) {
        notes.push_back(std::string("trust model not drawn: ") + e.what());
      }
    }
  } else {
    notes.push_back("trust model not drawn: the scenario file is gone");
  }
  if (!certs.hierarchy.empty()) {
    try {
      s["ca_svg"] = render_svg(ca_hierarchy_dot(certs.hierarchy, name));
    } catch (const std::exception& e) {
      notes.push_back(std::string("CA hierarchy not drawn: ") + e.what());
    }
  }
  s["metrics"] = metrics_part(folder + "/metrics/" + name + ".json", trace.links, limits, notes);
  if (certs.found) s["certificates"] = std::move(certs.decoded);
  std::string note;
  for (const auto& n : notes) note += (note.empty() ? "" : "; ") + n;
  s["note"] = note;
  return s;
}

json read_conform_summary(const std::string& folder) {
  const std::string summary_path = folder + "/summary.json";
  json summary = read_json_file(summary_path);
  if (!summary.is_object() || !summary.contains("requirements") ||
      !summary["requirements"].is_array() || !summary.contains("counts"))
    throw ReportInputError(summary_path, "not a conform summary (no requirements or counts)");
  return summary;
}

}  // namespace

ScenarioPicturesDot scenario_pictures_dot(const std::string& folder, const std::string& scenario,
                                          const ReportLimits& limits) {
  const json summary = read_conform_summary(folder);
  std::vector<std::string> names;
  for (const auto& entry : summary.value("scenarios", json::array())) {
    if (entry.value("name", "") != scenario) {
      names.push_back(entry.value("name", ""));
      continue;
    }
    ScenarioPicturesDot dot;
    scenario_part(entry, folder, {}, json::array(), actors::builtin_registry(), limits,
                  summary.value("working_directory", ""), &dot);
    return dot;
  }
  std::string known;
  for (const auto& n : names) known += (known.empty() ? "" : ", ") + n;
  throw ReportInputError(folder + "/summary.json",
                         "no scenario named '" + scenario + "' (the run has: " + known + ")");
}

json build_report_model(const std::string& folder, const ReportLimits& limits) {
  const json summary = read_conform_summary(folder);

  const std::string results_path = folder + "/results.jsonl";
  std::ifstream results(results_path);
  if (!results) throw ReportInputError(results_path, "missing or unreadable");
  json evaluations = json::array();
  std::map<std::string, std::vector<std::size_t>> evaluations_of;  // requirement -> indexes
  std::map<std::string, std::vector<EvaluationRef>> by_scenario;
  std::string line;
  std::size_t line_number = 0;
  while (std::getline(results, line)) {
    ++line_number;
    if (line.empty()) continue;
    json r;
    try {
      r = json::parse(line);
    } catch (const json::exception& e) {
      throw ReportInputError(
          results_path, "line " + std::to_string(line_number) + ": malformed JSON: " + e.what());
    }
    const std::size_t index = evaluations.size();
    std::vector<std::uint64_t> evidence = r.value("evidence", std::vector<std::uint64_t>{});
    evaluations_of[r.value("id", "")].push_back(index);
    by_scenario[r.value("scenario", "")].push_back({index, evidence});
    evaluations.push_back({{"id", r.value("id", "")},
                           {"scenario", r.value("scenario", "")},
                           {"check", r.value("check", "")},
                           {"verdict", r.value("verdict", "")},
                           {"reason", r.value("reason", "")},
                           {"evidence", evidence}});
  }

  const auto registry = actors::builtin_registry();
  const auto type_names = registry.type_names();
  const std::set<std::string> types(type_names.begin(), type_names.end());
  const auto& catalogue = conformance::Catalogue::builtin();

  json model = json::object();
  model["format"] = 1;
  model["tool"] = summary.value("tool_version", "");
  model["generated_utc"] = summary.value("started_utc", "");
  json counts = zero_counts();
  for (const char* v : kVerdictNames) counts[v] = summary["counts"].value(v, 0);
  model["counts"] = counts;

  std::map<std::string, json> annex_counts;
  std::vector<std::string> annex_order;
  json requirements = json::array();
  for (const auto& r : summary["requirements"]) {
    const std::string id = r.value("id", "");
    const conformance::Requirement* req = catalogue.find(id);
    const std::string clause = r.value("clause", req ? req->clause : id);
    const std::string annex = annex_of(clause);
    const std::string verdict = r.value("verdict", "none");
    auto [it, inserted] = annex_counts.try_emplace(annex, zero_counts());
    if (inserted) annex_order.push_back(annex);
    if (it->second.contains(verdict)) it->second[verdict] = it->second[verdict].get<int>() + 1;
    const std::string subject = r.value("subject", req ? req->subject : "");
    requirements.push_back({{"id", id},
                            {"clause", clause},
                            {"annex", annex},
                            {"subject", subject},
                            {"summary", r.value("summary", req ? req->summary : "")},
                            {"testability", req ? req->testability : ""},
                            {"verdict", verdict},
                            {"reason", r.value("reason", "")},
                            {"actors", actor_types(subject, req, types)},
                            {"scenarios", r.value("scenarios", std::vector<std::string>{})},
                            {"evaluations", evaluations_of[id]}});
  }
  std::sort(annex_order.begin(), annex_order.end(), [](const std::string& a, const std::string& b) {
    // Clause numbers first, numerically, then the annexes.
    const bool da = !a.empty() && std::isdigit(static_cast<unsigned char>(a[0]));
    const bool db = !b.empty() && std::isdigit(static_cast<unsigned char>(b[0]));
    if (da != db) return da;
    if (da) return std::stoi(a) < std::stoi(b);
    return a < b;
  });
  model["annexes"] = json::array();
  for (const auto& a : annex_order)
    model["annexes"].push_back({{"annex", a}, {"counts", annex_counts[a]}});
  model["requirements"] = std::move(requirements);

  json scenarios = json::array();
  json notes = json::array();
  for (const auto& entry : summary.value("scenarios", json::array())) {
    const std::string name = entry.value("name", "");
    json s = scenario_part(entry, folder, by_scenario[name], evaluations, registry, limits,
                           summary.value("working_directory", ""));
    if (!s["note"].get<std::string>().empty())
      notes.push_back(name + ": " + s["note"].get<std::string>());
    scenarios.push_back(std::move(s));
  }
  model["evaluations"] = std::move(evaluations);
  model["scenarios"] = std::move(scenarios);
  model["notes"] = std::move(notes);
  return model;
}

}  // namespace ifa026::reports
