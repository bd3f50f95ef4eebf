// Per-run metrics from the streaming trace (see run_metrics.hpp and docs/metrics.md).
#include "reports/run_metrics.hpp"

#include "actors/common/trust_model.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <iterator>
#include <limits>
#include <string_view>
#include <system_error>

#include "reports/csv_field.hpp"
#include "reports/text_file.hpp"

namespace ifa026::reports {

namespace {

// The value of `key` in a trace detail text ("key=value; key=value", values never hold ';'); the
// last one wins, as in actors::parse_trace_detail. `found` is false when the key is absent.
struct DetailValue {
  bool found = false;
  std::string_view value;
};

DetailValue find_detail(std::string_view detail, std::string_view key) {
  DetailValue result;
  std::size_t pos = 0;
  while (pos < detail.size()) {
    std::size_t end = detail.find(';', pos);
    if (end == std::string_view::npos) end = detail.size();
    std::string_view pair = detail.substr(pos, end - pos);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    const std::size_t eq = pair.find('=');
    if (eq != std::string_view::npos && pair.substr(0, eq) == key)
      result = {true, pair.substr(eq + 1)};
    pos = end + 1;
  }
  return result;
}

bool parse_count(std::string_view text, std::uint64_t& out) {
  if (text.empty()) return false;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && ptr == text.data() + text.size();
}

}  // namespace

// BucketSeries, QueueLoad and IdentityEnrolment are outside the anonymous namespace: the members of
// RunMetrics::State, which has external linkage, need types with linkage (-Wsubobject-linkage in
// a unity build).

// Run-length compressed maximum of a step function per time bucket. Buckets are [k*w, (k+1)*w);
// the open bucket (the latest one touched) is kept apart until time moves past it. When the
// committed points reach the cap, the width doubles and buckets merge pairwise (maximum).
class BucketSeries {
 public:
  explicit BucketSeries(std::int64_t width) : width_(std::max<std::int64_t>(width, 1)) {}

  void set(std::int64_t t, std::uint64_t level) {
    const std::int64_t k = std::max<std::int64_t>(t, 0) / width_;
    if (!open_) {
      open_ = true;
      open_index_ = k;
      open_max_ = std::max(level_, level);
    } else if (k <= open_index_) {
      open_max_ = std::max(open_max_, level);
    } else {
      commit(open_index_, open_max_);
      // Buckets between the open one and k saw no change: they hold the carried level.
      if (k > open_index_ + 1) commit(open_index_ + 1, level_);
      open_index_ = k;
      open_max_ = std::max(level_, level);
    }
    level_ = level;
    while (points_.size() > kCommittedCap) widen();
  }

  std::int64_t width() const { return width_; }

  std::vector<std::pair<sim::Time, std::uint64_t>> points(std::int64_t end) const {
    std::vector<std::pair<sim::Time, std::uint64_t>> out;
    out.reserve(points_.size() + 2);
    std::uint64_t last = 0;
    for (const auto& p : points_) {
      out.emplace_back(sim::Time::from_ns(p.index * width_), p.value);
      last = p.value;
    }
    if (open_) {
      if (open_max_ != last) out.emplace_back(sim::Time::from_ns(open_index_ * width_), open_max_);
      last = open_max_;
      const std::int64_t next = (open_index_ + 1) * width_;
      if (level_ != last && next < end) out.emplace_back(sim::Time::from_ns(next), level_);
    }
    return out;
  }

 private:
  struct Point {
    std::int64_t index;
    std::uint64_t value;
  };
  // Two points are left for the open bucket and the tail in points().
  static constexpr std::size_t kCommittedCap = RunMetrics::kMaxSeriesPoints - 2;

  void commit(std::int64_t index, std::uint64_t value) {
    const std::uint64_t previous = points_.empty() ? 0 : points_.back().value;
    if (value != previous) points_.push_back({index, value});
  }

  // Maximum of the committed bucket `index` (0 before the first point).
  std::uint64_t value_at(std::int64_t index) const {
    auto it = std::upper_bound(points_.begin(), points_.end(), index,
                               [](std::int64_t i, const Point& p) { return i < p.index; });
    return it == points_.begin() ? 0 : std::prev(it)->value;
  }

  void widen() {
    const std::int64_t open_new = open_index_ / 2;
    std::uint64_t open_max = open_max_;
    if (open_index_ % 2 == 1) open_max = std::max(open_max, value_at(open_index_ - 1));
    // A merged bucket j can differ from j-1 only if an old point sits at 2j-1, 2j or 2j+1.
    std::vector<Point> merged;
    merged.reserve(points_.size());
    std::uint64_t previous = 0;
    std::int64_t last_candidate = -1;
    auto consider = [&](std::int64_t j) {
      if (j <= last_candidate || j >= open_new) return;
      last_candidate = j;
      const std::uint64_t v = std::max(value_at(2 * j), value_at(2 * j + 1));
      if (v != previous) merged.push_back({j, v});
      previous = v;
    };
    for (const auto& p : points_) {
      consider(p.index / 2);
      if (p.index % 2 == 1) consider(p.index / 2 + 1);
    }
    points_ = std::move(merged);
    open_index_ = open_new;
    open_max_ = open_max;
    width_ = width_ > std::numeric_limits<std::int64_t>::max() / 2
                 ? std::numeric_limits<std::int64_t>::max()
                 : width_ * 2;
  }

  std::int64_t width_;
  std::vector<Point> points_;  // committed buckets, all before the open one
  bool open_ = false;
  std::int64_t open_index_ = 0;
  std::uint64_t open_max_ = 0;
  std::uint64_t level_ = 0;  // current level (0 before the first change)
};

struct QueueLoad {
  explicit QueueLoad(std::int64_t width) : series(width) {}
  std::int64_t last_ns = 0;
  std::uint64_t waiting = 0;
  std::uint64_t peak_waiting = 0;
  std::uint64_t peak_running = 0;
  double area = 0;  // integral of waiting over [0, last_ns], in waiting x ns
  BucketSeries series;
};

// Enrolment state of one identity (the record's entity=, else vnfci/identity, else its actor).
struct IdentityEnrolment {
  std::int64_t start_ns = -1;  // first request of the enrolment under way, -1 when none
  bool holds = false;          // a certificate is installed (and not removed)
  bool renewing = false;       // a renewal or key rotation is under way (not an enrolment)
  bool failed = false;         // the enrolment under way last ended in EnrolmentFailed
  bool entity = false;         // emitted GenerateKey, EnrolmentFailed or CertificateInstalled
};

// Orders queues by (actor, queue name); looks them up by string views without allocating.
struct QueueKeyLess {
  using is_transparent = void;
  using View = std::pair<std::string_view, std::string_view>;
  static View view(const std::pair<std::string, std::string>& k) { return {k.first, k.second}; }
  static View view(const View& k) { return k; }
  template <typename A, typename B>
  bool operator()(const A& a, const B& b) const {
    return view(a) < view(b);
  }
};

struct RunMetrics::State {
  std::int64_t initial_width;
  std::uint64_t records = 0;
  std::map<std::string, ReferencePointMetrics, std::less<>> reference_points;
  std::map<std::string, IdentityEnrolment, std::less<>> identities;
  std::map<std::pair<std::string, std::string>, QueueLoad, QueueKeyLess> queues;
  std::vector<std::int64_t> latencies;      // ns, one per measured enrolment
  std::vector<std::int64_t> renewal_times;  // ns since the epoch, one per renewal installed
  CertificateCounts counts;
  LcmOperationMetrics lcm;
  SmMetrics sm;
  ModeComparison modes;           // issue 17
  CompromiseRecovery compromise;  // issue 20

  ReferencePointMetrics& reference_point(const std::string& name) {
    auto it = reference_points.find(name);
    if (it == reference_points.end()) {
      it = reference_points.emplace(name, ReferencePointMetrics{}).first;
      it->second.name = name;
    }
    return it->second;
  }

  IdentityEnrolment& identity(std::string_view name) {
    auto it = identities.find(name);
    if (it == identities.end())
      it = identities.emplace(std::string(name), IdentityEnrolment{}).first;
    return it->second;
  }

  void on_send(const sim::TraceRecord& r) {
    auto& rp = reference_point(r.reference_point);
    ++rp.messages;
    rp.bytes += r.bytes;
    // The first message of a CSR flow (step "...#0") starts an enrolment of the sender, unless
    // it already holds a certificate or is renewing.
    if (r.step.size() >= 2 && r.step.ends_with("#0")) {
      IdentityEnrolment& id = identity(r.actor);
      if (!id.holds && !id.renewing && id.start_ns < 0) id.start_ns = r.time.ns();
    }
  }

  void on_decision(const sim::TraceRecord& r) {
    const std::string& op = r.operation;
    const bool ok = r.outcome == "ok";
    if (op == "CaKeyCompromise") {
      if (!ok) return;
      std::vector<std::string> holding;
      for (const auto& [name, id] : identities)
        if (id.entity && id.holds) holding.push_back(name);
      compromise.on_compromise(r.time, holding);
    } else if (op == "IssueCertificate") {
      if (ok) ++counts.issuances;
    } else if (op == "RevokeCertificate") {
      if (ok) ++counts.revocations;
    } else if (op == "PublishCrl") {
      if (ok) ++counts.crl_publications;
    } else if (op == "GenerateKey" || op == "CertificateInstalled" || op == "CertificateRemoved" ||
               op == "EnrolmentFailed") {
      // A delegate VNFM's key for a VNFCI identity (key_in=, issue 17) is no enrolment of the
      // VNFM itself (its records carry the VNFM's entity=).
      if (op == "GenerateKey" && find_detail(r.detail, "key_in").found) return;
      // The identity: entity= (MANO entities), else vnfci=/identity= (a VNFCI's identities in
      // direct mode, docs/direct-mode.md), else the actor.
      const DetailValue entity = find_detail(r.detail, "entity");
      const DetailValue vnfci = find_detail(r.detail, "vnfci");
      const DetailValue name = find_detail(r.detail, "identity");
      std::string vnfci_identity;
      if (!(entity.found && !entity.value.empty()) && vnfci.found && name.found) {
        vnfci_identity.reserve(vnfci.value.size() + 1 + name.value.size());
        vnfci_identity.append(vnfci.value).append("/").append(name.value);
      }
      IdentityEnrolment& id = identity(entity.found && !entity.value.empty() ? entity.value
                                       : !vnfci_identity.empty() ? std::string_view(vnfci_identity)
                                                                 : std::string_view(r.actor));
      // purpose=enrolment (or none) is an enrolment; renewal and rotation (a VNFCI's key
      // rotation, docs/direct-mode.md) replace a certificate held and are counted apart.
      const DetailValue purpose = find_detail(r.detail, "purpose");
      const bool enrolment = !purpose.found || purpose.value == "enrolment";
      if (op == "CertificateRemoved") {
        if (ok) id.holds = id.renewing = false;
        return;
      }
      id.entity = true;
      if (op == "EnrolmentFailed") {
        // Outcome "rejected" (MANO entities) or "failed" (VNFCIs): the attempt ended. A retry
        // (a new GenerateKey) resumes the same enrolment; without one it stays failed.
        if (enrolment && id.start_ns >= 0) id.failed = true;
        if (!enrolment) id.renewing = false;
        return;
      }
      if (!ok) return;
      if (op == "GenerateKey") {
        if (!enrolment) {
          id.renewing = true;
        } else {
          id.renewing = false;
          id.failed = false;
          if (id.start_ns < 0) id.start_ns = r.time.ns();
        }
        return;
      }
      // CertificateInstalled
      if (purpose.found && purpose.value == "renewal") {
        ++counts.renewals;
        renewal_times.push_back(r.time.ns());
      } else if (!enrolment) {
        ++counts.rotations;
      } else {
        ++counts.enrolments;
        if (id.start_ns >= 0) latencies.push_back(r.time.ns() - id.start_ns);
        if (compromise.any())
          compromise.on_enrolled(entity.found && !entity.value.empty() ? entity.value
                                 : !vnfci_identity.empty() ? std::string_view(vnfci_identity)
                                                           : std::string_view(r.actor),
                                 r.time);
        id.start_ns = -1;
        id.failed = false;
      }
      id.holds = true;
      id.renewing = false;
    }
  }

  void on_work_queue(const sim::TraceRecord& r) {
    std::uint64_t running = 0;
    std::uint64_t waiting = 0;
    const DetailValue name = find_detail(r.detail, "queue");
    if (!parse_count(find_detail(r.detail, "running").value, running) ||
        !parse_count(find_detail(r.detail, "waiting").value, waiting))
      return;  // not a work-queue record this collector understands
    const QueueKeyLess::View key{r.actor, name.value};
    auto it = queues.find(key);
    if (it == queues.end())
      it =
          queues.emplace(std::make_pair(r.actor, std::string(name.value)), QueueLoad(initial_width))
              .first;
    QueueLoad& q = it->second;
    const std::int64_t t = std::max(r.time.ns(), q.last_ns);
    q.area += static_cast<double>(q.waiting) * static_cast<double>(t - q.last_ns);
    q.last_ns = t;
    q.waiting = waiting;
    q.peak_waiting = std::max(q.peak_waiting, waiting);
    q.peak_running = std::max(q.peak_running, running);
    q.series.set(t, waiting);
  }
};

RunMetrics::RunMetrics(sim::Duration initial_bucket) : state_(std::make_unique<State>()) {
  state_->initial_width = std::max<std::int64_t>(initial_bucket.ns(), 1);
}

RunMetrics::~RunMetrics() = default;

void RunMetrics::on_record(const sim::TraceRecord& r) {
  State& s = *state_;
  ++s.records;
  s.modes.on_record(r);
  switch (r.kind) {
    case sim::RecordKind::send:
      s.on_send(r);
      s.sm.on_record(r);
      break;
    case sim::RecordKind::drop:
      ++s.reference_point(r.reference_point).drops[r.outcome];
      break;
    case sim::RecordKind::decision:
    case sim::RecordKind::crypto:
      if (r.outcome == "rejected") ++s.counts.rejections[r.operation];
      if (r.kind == sim::RecordKind::decision) {
        s.on_decision(r);
        s.lcm.on_record(r);
        s.sm.on_record(r);
      }
      break;
    case sim::RecordKind::log:
      if (r.operation == "WorkQueue") s.on_work_queue(r);
      break;
    default:
      break;
  }
}

std::uint64_t RunMetrics::records() const {
  return state_->records;
}

std::vector<ReferencePointMetrics> RunMetrics::reference_points() const {
  std::vector<ReferencePointMetrics> out;
  out.reserve(state_->reference_points.size());
  for (const auto& [name, rp] : state_->reference_points) out.push_back(rp);
  return out;
}

const CompromiseRecovery& RunMetrics::compromise_recovery() const {
  return state_->compromise;
}

LatencySummary RunMetrics::enrolment_latency() const {
  return summarise_latencies(state_->latencies);
}

const ModeComparison& RunMetrics::mode_comparison() const {
  return state_->modes;
}

std::vector<LcmOperationSummary> RunMetrics::lcm_operations() const {
  return state_->lcm.summaries();
}

std::vector<SmSummary> RunMetrics::security_managers() const {
  return state_->sm.summaries();
}

ObjectionWindowSummary RunMetrics::objection_windows() const {
  return state_->sm.objection_windows();
}

void RunMetrics::set_security_managers(std::map<std::string, int> depths) {
  state_->sm.set_security_managers(std::move(depths));
}

std::vector<SmOperationDelay> RunMetrics::sm_operation_delays() const {
  return state_->sm.operation_delays();
}

std::map<std::string, int> sm_security_managers(const sim::Scenario& scenario) {
  const auto model = actors::trust::TrustModel::from_section(scenario.trust_model);
  std::map<std::string, int> depths;
  for (const auto& actor : scenario.actors)
    if (actor.type == "sm") depths[actor.name] = model.depth(actor.name);
  for (const auto& sm : model.names(actors::trust::VertexKind::sm)) depths[sm] = model.depth(sm);
  return depths;
}

CertificateCounts RunMetrics::counts() const {
  CertificateCounts c = state_->counts;
  c.enrolments_unfinished = 0;
  c.enrolments_failed = 0;
  for (const auto& [name, id] : state_->identities) {
    if (!id.entity || id.start_ns < 0) continue;
    if (id.failed)
      ++c.enrolments_failed;
    else
      ++c.enrolments_unfinished;
  }
  return c;
}

std::vector<QueueMetrics> RunMetrics::queues(sim::Time end) const {
  std::vector<QueueMetrics> out;
  out.reserve(state_->queues.size());
  for (const auto& [key, q] : state_->queues) {
    QueueMetrics m;
    m.actor = key.first;
    m.queue = key.second;
    m.peak_waiting = q.peak_waiting;
    m.peak_running = q.peak_running;
    const std::int64_t end_ns = std::max(end.ns(), q.last_ns);
    const double area =
        q.area + static_cast<double>(q.waiting) * static_cast<double>(end_ns - q.last_ns);
    m.mean_waiting = end_ns > 0 ? area / static_cast<double>(end_ns) : 0.0;
    m.bucket = sim::Duration::nanoseconds(q.series.width());
    m.series = q.series.points(end_ns);
    out.push_back(std::move(m));
  }
  return out;
}

const std::vector<std::int64_t>& RunMetrics::enrolment_latency_samples() const {
  return state_->latencies;
}

const std::vector<std::int64_t>& RunMetrics::renewal_times() const {
  return state_->renewal_times;
}

std::size_t RunMetrics::latency_samples() const {
  return state_->latencies.size();
}
std::size_t RunMetrics::identities() const {
  return state_->identities.size();
}

std::string compact_duration(sim::Duration d) {
  const std::int64_t ns = d.ns();
  const std::uint64_t magnitude =
      ns < 0 ? 0 - static_cast<std::uint64_t>(ns) : static_cast<std::uint64_t>(ns);
  // From a second up, and for whole milliseconds below it, sim::format_duration is compact.
  if (magnitude >= 1'000'000'000 || magnitude % 1'000'000 == 0) return sim::format_duration(d);
  // Below a second: the largest unit that fits, with a decimal fraction ("20.571429ms").
  const std::uint64_t unit = magnitude >= 1'000'000 ? 1'000'000 : magnitude >= 1'000 ? 1'000 : 1;
  std::string out = ns < 0 ? "-" : "";
  out += std::to_string(magnitude / unit);
  if (unit > 1) {
    std::string fraction = std::to_string(magnitude % unit + unit).substr(1);
    while (!fraction.empty() && fraction.back() == '0') fraction.pop_back();
    if (!fraction.empty()) out += "." + fraction;
  }
  return out + (unit == 1'000'000 ? "ms" : unit == 1'000 ? "us" : "ns");
}

nlohmann::ordered_json metrics_to_json(const RunMetrics& metrics, const RunManifest& manifest) {
  using json = nlohmann::ordered_json;
  json doc = json::object();
  doc["scenario"] = manifest.scenario_name;
  doc["seed"] = manifest.seed;
  doc["end"] = {{"ns", manifest.end.ns()},
                {"duration", compact_duration(manifest.end.since_epoch())},
                {"utc", manifest.end_utc}};
  doc["records"] = metrics.records();

  json rps = json::array();
  for (const auto& rp : metrics.reference_points()) {
    json drops = json::object();
    for (const auto& [reason, n] : rp.drops) drops[reason] = n;
    rps.push_back(
        {{"name", rp.name}, {"messages", rp.messages}, {"bytes", rp.bytes}, {"drops", drops}});
  }
  doc["reference_points"] = std::move(rps);

  doc["enrolment_latency"] = latency_to_json(metrics.enrolment_latency());

  const CertificateCounts c = metrics.counts();
  json rejections = json::object();
  for (const auto& [op, n] : c.rejections) rejections[op] = n;
  doc["counts"] = {{"enrolments", c.enrolments},
                   {"enrolments_unfinished", c.enrolments_unfinished},
                   {"enrolments_failed", c.enrolments_failed},
                   {"renewals", c.renewals},
                   {"rotations", c.rotations},
                   {"revocations", c.revocations},
                   {"issuances", c.issuances},
                   {"crl_publications", c.crl_publications},
                   {"rejections", std::move(rejections)}};

  json queues = json::array();
  for (const auto& q : metrics.queues(manifest.end)) {
    json series = json::array();
    for (const auto& [t, waiting] : q.series) series.push_back(json::array({t.ns(), waiting}));
    queues.push_back({{"actor", q.actor},
                      {"queue", q.queue},
                      {"peak_waiting", q.peak_waiting},
                      {"peak_running", q.peak_running},
                      {"mean_waiting", q.mean_waiting},
                      {"bucket_ns", q.bucket.ns()},
                      {"series", std::move(series)}});
  }
  doc["queues"] = std::move(queues);
  json lcm = json::object();
  for (const auto& op : metrics.lcm_operations())
    lcm[op.operation] = {{"completed", op.completed},
                         {"failed", op.failed},
                         {"rolled_back", op.rolled_back},
                         {"unfinished", op.unfinished},
                         {"duration", latency_to_json(op.duration)},
                         {"grant", latency_to_json(op.grant)},
                         {"allocation", latency_to_json(op.allocation)},
                         {"certificate", latency_to_json(op.certificate)},
                         {"ready", latency_to_json(op.ready)}};
  doc["lcm_operations"] = std::move(lcm);
  // The Security Managers (docs/metrics.md): written only when SMs took part.
  const auto sms = metrics.security_managers();
  if (!sms.empty()) {
    json per_sm = json::object();
    for (const auto& s : sms)
      per_sm[s.sm] = {
          {"events_by_domain", s.events_by_domain},
          {"grants",
           {{"approved", s.grants_approved},
            {"rejected", s.grants_rejected},
            {"timed_out", s.grants_timed_out}}},
          {"grant_wait", latency_to_json(s.grant_wait)},
          {"authorizations",
           {{"granted", s.authorizations_granted}, {"rejected", s.authorizations_rejected}}},
          {"instruction_to_effect", latency_to_json(s.instruction_to_effect)}};
    // The research figures of issue 15 (docs/metrics.md), after the earlier ones.
    for (const auto& s : sms) {
      json& entry = per_sm[s.sm];
      entry["depth"] = s.depth;
      entry["instruction_propagation"] = latency_to_json(s.instruction_propagation);
      json messages = json::object();
      for (const auto& [rp, n] : s.messages_by_reference_point)
        messages[rp] = {{"sent", n.sent}, {"received", n.received}};
      entry["messages_by_reference_point"] = std::move(messages);
      entry["refused_cross_domain"] = s.refused_cross_domain;
    }
    json operations = json::object();
    for (const auto& d : metrics.sm_operation_delays()) {
      json grant_by_depth = json::object(), objection_by_depth = json::object();
      for (const auto& [depth, l] : d.grant_wait_by_depth)
        grant_by_depth[std::to_string(depth)] = latency_to_json(l);
      for (const auto& [depth, l] : d.objection_wait_by_depth)
        objection_by_depth[std::to_string(depth)] = latency_to_json(l);
      operations[d.operation.empty() ? "unknown" : d.operation] = {
          {"fully_active",
           {{"grant_wait", latency_to_json(d.grant_wait)}, {"by_depth", grant_by_depth}}},
          {"semi_active",
           {{"objection_wait", latency_to_json(d.objection_wait)},
            {"by_depth", objection_by_depth}}}};
    }
    const auto windows = metrics.objection_windows();
    doc["security_managers"] = {{"per_sm", std::move(per_sm)},
                                {"objection_windows",
                                 {{"closed", windows.closed},
                                  {"objected", windows.objected},
                                  {"wait", latency_to_json(windows.wait)}}},
                                {"operations", std::move(operations)}};
  }
  if (metrics.mode_comparison().any()) doc["mode_comparison"] = metrics.mode_comparison().to_json();
  if (metrics.compromise_recovery().any())
    doc["ca_compromise_recovery"] = metrics.compromise_recovery().to_json();
  return doc;
}

namespace {

class CsvRows {
 public:
  CsvRows() { text_ = "metric,key,value\n"; }
  void add(std::string_view metric, std::string_view key, std::string_view value) {
    text_ += csv_field(metric);
    text_ += ',';
    text_ += csv_field(key);
    text_ += ',';
    text_ += csv_field(value);
    text_ += '\n';
  }
  void add(std::string_view metric, std::string_view key, std::uint64_t value) {
    add(metric, key, std::to_string(value));
  }
  void add(std::string_view metric, std::string_view key, std::int64_t value) {
    add(metric, key, std::to_string(value));
  }
  void add(std::string_view metric, std::string_view key, double value) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.9g", value);
    add(metric, key, std::string_view(buffer));
  }
  std::string take() { return std::move(text_); }

 private:
  std::string text_;
};

}  // namespace

std::string metrics_to_csv(const RunMetrics& metrics, const RunManifest& manifest) {
  CsvRows rows;
  rows.add("scenario", "", std::string_view(manifest.scenario_name));
  rows.add("seed", "", manifest.seed);
  rows.add("end_ns", "", manifest.end.ns());
  rows.add("records", "", metrics.records());
  for (const auto& rp : metrics.reference_points()) {
    rows.add("messages", rp.name, rp.messages);
    rows.add("bytes", rp.name, rp.bytes);
    for (const auto& [reason, n] : rp.drops) rows.add("drops", rp.name + "/" + reason, n);
  }
  const LatencySummary lat = metrics.enrolment_latency();
  rows.add("enrolment_latency_count", "", lat.count);
  if (lat.count > 0) {
    rows.add("enrolment_latency_min_ns", "", lat.min.ns());
    rows.add("enrolment_latency_mean_ns", "", lat.mean.ns());
    rows.add("enrolment_latency_p50_ns", "", lat.p50.ns());
    rows.add("enrolment_latency_p90_ns", "", lat.p90.ns());
    rows.add("enrolment_latency_p99_ns", "", lat.p99.ns());
    rows.add("enrolment_latency_max_ns", "", lat.max.ns());
  }
  const CertificateCounts c = metrics.counts();
  rows.add("enrolments", "", c.enrolments);
  rows.add("enrolments_unfinished", "", c.enrolments_unfinished);
  rows.add("enrolments_failed", "", c.enrolments_failed);
  rows.add("renewals", "", c.renewals);
  rows.add("rotations", "", c.rotations);
  rows.add("revocations", "", c.revocations);
  rows.add("issuances", "", c.issuances);
  rows.add("crl_publications", "", c.crl_publications);
  for (const auto& [op, n] : c.rejections) rows.add("rejections", op, n);
  for (const auto& q : metrics.queues(manifest.end)) {
    const std::string key = q.actor + "/" + q.queue;
    rows.add("queue_peak_waiting", key, q.peak_waiting);
    rows.add("queue_peak_running", key, q.peak_running);
    rows.add("queue_mean_waiting", key, q.mean_waiting);
  }
  for (const auto& op : metrics.lcm_operations()) {
    rows.add("lcm_completed", op.operation, op.completed);
    rows.add("lcm_failed", op.operation, op.failed);
    rows.add("lcm_rolled_back", op.operation, op.rolled_back);
    const std::pair<const char*, const LatencySummary*> figures[] = {
        {"duration", &op.duration},
        {"grant", &op.grant},
        {"allocation", &op.allocation},
        {"certificate", &op.certificate},
        {"ready", &op.ready}};
    for (const auto& [figure, summary] : figures)
      if (summary->count > 0) {
        rows.add(std::string("lcm_") + figure + "_p50_ns", op.operation, summary->p50.ns());
        rows.add(std::string("lcm_") + figure + "_max_ns", op.operation, summary->max.ns());
      }
  }
  // The Security Managers (docs/metrics.md).
  const auto percentiles = [&rows](const std::string& metric, const std::string& key,
                                   const LatencySummary& l) {
    if (l.count == 0) return;
    rows.add(metric + "_p50_ns", key, l.p50.ns());
    rows.add(metric + "_max_ns", key, l.max.ns());
  };
  for (const auto& s : metrics.security_managers()) {
    rows.add("sm_depth", s.sm, static_cast<std::int64_t>(s.depth));
    std::uint64_t events = 0;
    for (const auto& [domain, n] : s.events_by_domain) events += n;
    rows.add("sm_events", s.sm, events);
    rows.add("sm_grants_approved", s.sm, s.grants_approved);
    rows.add("sm_grants_rejected", s.sm, s.grants_rejected);
    rows.add("sm_grants_timed_out", s.sm, s.grants_timed_out);
    percentiles("sm_grant_wait", s.sm, s.grant_wait);
    percentiles("sm_instruction_to_effect", s.sm, s.instruction_to_effect);
    percentiles("sm_instruction_propagation", s.sm, s.instruction_propagation);
    for (const auto& [rp, n] : s.messages_by_reference_point) {
      rows.add("sm_messages_sent", s.sm + "/" + rp, n.sent);
      rows.add("sm_messages_received", s.sm + "/" + rp, n.received);
    }
    std::uint64_t refused = 0;
    for (const auto& [domain, n] : s.refused_cross_domain) refused += n;
    rows.add("sm_refused_cross_domain", s.sm, refused);
  }
  for (const auto& d : metrics.sm_operation_delays()) {
    const std::string op = d.operation.empty() ? "unknown" : d.operation;
    percentiles("sm_delay_grant", op, d.grant_wait);
    for (const auto& [depth, l] : d.grant_wait_by_depth)
      percentiles("sm_delay_grant", op + "/depth" + std::to_string(depth), l);
    percentiles("sm_delay_objection", op, d.objection_wait);
    for (const auto& [depth, l] : d.objection_wait_by_depth)
      percentiles("sm_delay_objection", op + "/depth" + std::to_string(depth), l);
  }
  if (metrics.mode_comparison().any())
    for (const auto& [metric, key, value] : metrics.mode_comparison().csv_rows())
      rows.add(metric, key, std::string_view(value));
  return rows.take();
}

void write_run_metrics(const std::string& json_path, const std::string& csv_path,
                       const RunMetrics& metrics, const RunManifest& manifest) {
  write_text_file(json_path, metrics_to_json(metrics, manifest).dump(2) + "\n");
  write_text_file(csv_path, metrics_to_csv(metrics, manifest));
}

}  // namespace ifa026::reports
