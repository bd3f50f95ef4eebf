// Reading and validating a scenario's "expect" object (see expectations.hpp).
#include "conformance/expectations.hpp"

#include <algorithm>
#include <set>

#include "actors/messages/flow_steps.hpp"
#include "sim/param_rules.hpp"
#include "sim/schema_validator.hpp"

namespace ifa026::conformance {
namespace {

using nlohmann::json;

const std::vector<std::string> kTopKeys = {
    "certified", "not_certified", "rejections", "renewals",   "removed",
    "sessions",  "access_denied", "direct",     "sla_margin", "delegation"};
const std::vector<std::string> kDirectKeys = {"enrolled", "not_enrolled", "refusals",
                                              "renewals", "revoked",      "renewal_refused"};
const std::vector<std::string> kVnfciRefusalKeys = {"vnfci", "actor", "operation",
                                                    "reason_contains"};
const std::vector<std::string> kRenewalRefusalKeys = {"vnfci", "actor", "reason_contains"};
const std::vector<std::string> kRejectionKeys = {"actor", "operation", "entity", "reason_contains",
                                                 "step"};
const std::vector<std::string> kDenialKeys = {"actor", "peer"};
// --- delegation (issue 17)
const std::vector<std::string> kDelegationKeys = {"installed",   "not_installed", "refusals",
                                                  "key_deleted", "renewals",      "revoked"};
const std::vector<std::string> kDelegationRefusalKeys = {"vnfci", "actor", "operation", "step",
                                                         "reason_contains"};
const std::vector<std::string> kKeyDeletionKeys = {"actor", "vnfci", "reason"};
const std::vector<std::string> kKeyDeletionReasons = {"installed", "attempts exhausted",
                                                      "retention expired", "install attempted"};

std::string quote(const std::string& s) {
  return "\"" + s + "\"";
}

class Validator {
 public:
  Validator(const json& root, std::vector<sim::Diagnostic>& out) : out_(out) {
    if (root.contains("actors") && root["actors"].is_array())
      for (const auto& a : root["actors"])
        if (a.is_object() && a.contains("name") && a["name"].is_string())
          names_.push_back(a["name"].get<std::string>());
  }

  void error(std::string pointer, std::string message, bool at_key = false) {
    sim::Diagnostic d;
    d.pointer = std::move(pointer);
    d.message = std::move(message);
    d.at_key = at_key;
    out_.push_back(std::move(d));
  }

  void unknown_keys(const json& object, const std::string& pointer,
                    const std::vector<std::string>& known, const std::string& what) {
    for (auto it = object.begin(); it != object.end(); ++it) {
      if (std::find(known.begin(), known.end(), it.key()) != known.end()) continue;
      std::string message = "unknown key " + quote(it.key()) + " in " + what;
      auto guess = sim::did_you_mean(it.key(), known);
      if (!guess.empty()) message += " (did you mean " + quote(guess) + "?)";
      error(pointer + "/" + sim::escape_pointer_token(it.key()), message, true);
    }
  }

  // A string naming a scenario actor.
  bool actor_name(const json& value, const std::string& pointer) {
    if (!value.is_string() || value.get<std::string>().empty()) {
      error(pointer, "expected an actor name (a non-empty string)");
      return false;
    }
    const auto name = value.get<std::string>();
    if (std::find(names_.begin(), names_.end(), name) != names_.end()) return true;
    std::string message = "unknown actor " + quote(name);
    auto guess = sim::did_you_mean(name, names_);
    if (!guess.empty()) message += " (did you mean " + quote(guess) + "?)";
    error(pointer, message);
    return false;
  }

  void name_list(const json& value, const std::string& pointer, std::set<std::string>* seen) {
    if (!value.is_array()) {
      error(pointer, "expected an array of actor names");
      return;
    }
    for (std::size_t i = 0; i < value.size(); ++i) {
      const auto p = pointer + "/" + std::to_string(i);
      if (actor_name(value[i], p) && seen != nullptr) seen->insert(value[i].get<std::string>());
    }
  }

  // VNFCI names: spawned at run time, so any non-empty string.
  void vnfci_list(const json& value, const std::string& pointer) {
    if (!value.is_array()) {
      error(pointer, "expected an array of VNFCI names");
      return;
    }
    for (std::size_t i = 0; i < value.size(); ++i)
      if (!value[i].is_string() || value[i].get<std::string>().empty())
        error(pointer + "/" + std::to_string(i), "expected a VNFCI name (a non-empty string)");
  }

  void direct(const json& d, const std::string& base) {
    if (!d.is_object()) {
      error(base,
            "expected an object {enrolled, not_enrolled, refusals, renewals, revoked, "
            "renewal_refused}");
      return;
    }
    unknown_keys(d, base, kDirectKeys, "\"direct\"");
    for (const char* key : {"enrolled", "not_enrolled", "revoked"})
      if (d.contains(key)) vnfci_list(d[key], base + "/" + key);
    if (d.contains("renewal_refused")) renewal_refusals(d["renewal_refused"], base);
    // A VNFCI expected not to enrol names the refusal that stops it.
    names_have_refusal(d, "not_enrolled", "refusals", "vnfci", base,
                       "({vnfci, actor, operation, reason_contains})");
    listed_twice(d, "enrolled", "not_enrolled", base);
    positive_renewals(d, base);
    if (d.contains("refusals")) {
      const auto& list = d["refusals"];
      const auto p = base + "/refusals";
      if (!list.is_array()) {
        error(p, "expected an array of {vnfci, actor, operation, reason_contains}");
        return;
      }
      for (std::size_t i = 0; i < list.size(); ++i) {
        const auto pi = p + "/" + std::to_string(i);
        if (!list[i].is_object()) {
          error(pi, "expected an object {vnfci, actor, operation, reason_contains}");
          continue;
        }
        unknown_keys(list[i], pi, kVnfciRefusalKeys, "a VNFCI refusal");
        for (const char* required : {"vnfci", "operation", "reason_contains"})
          if (!list[i].contains(required) || !list[i][required].is_string() ||
              list[i][required].get<std::string>().empty())
            error(pi,
                  std::string("a VNFCI refusal needs \"") + required + "\" (a non-empty string)");
        optional_string(list[i], "actor", pi);
      }
    }
  }

  // A name listed under both `yes` and `no` of object d.
  void listed_twice(const json& d, const char* yes, const char* no, const std::string& base) {
    if (!d.contains(yes) || !d.contains(no) || !d[yes].is_array() || !d[no].is_array()) return;
    for (std::size_t i = 0; i < d[no].size(); ++i)
      for (const auto& e : d[yes])
        if (e == d[no][i])
          error(base + "/" + no + "/" + std::to_string(i),
                quote(e.is_string() ? e.get<std::string>() : "") + " is also listed in \"" + yes +
                    "\"");
  }

  void positive_renewals(const json& d, const std::string& base) {
    if (d.contains("renewals") &&
        (!d["renewals"].is_number_integer() || d["renewals"].get<long long>() < 1))
      error(base + "/renewals", "expected a positive integer (least renewals per identity)");
  }

  // --- delegation (issue 17): expect.delegation, shaped like expect.direct.
  void delegation(const json& d, const std::string& base) {
    if (!d.is_object()) {
      error(base,
            "expected an object {installed, not_installed, refusals, key_deleted, renewals, "
            "revoked}");
      return;
    }
    unknown_keys(d, base, kDelegationKeys, "\"delegation\"");
    for (const char* key : {"installed", "not_installed", "revoked"})
      if (d.contains(key)) vnfci_list(d[key], base + "/" + key);
    names_have_refusal(d, "not_installed", "refusals", "vnfci", base,
                       "({vnfci, actor, operation, step, reason_contains})");
    listed_twice(d, "installed", "not_installed", base);
    positive_renewals(d, base);
    if (d.contains("refusals")) {
      const auto& list = d["refusals"];
      const auto p = base + "/refusals";
      if (!list.is_array()) {
        error(p, "expected an array of {vnfci, actor, operation, step, reason_contains}");
      } else {
        for (std::size_t i = 0; i < list.size(); ++i) {
          const auto pi = p + "/" + std::to_string(i);
          if (!list[i].is_object()) {
            error(pi, "expected an object {vnfci, actor, operation, step, reason_contains}");
            continue;
          }
          unknown_keys(list[i], pi, kDelegationRefusalKeys, "a delegation refusal");
          for (const char* required : {"vnfci", "operation", "reason_contains"})
            if (!list[i].contains(required) || !list[i][required].is_string() ||
                list[i][required].get<std::string>().empty())
              error(pi, std::string("a delegation refusal needs \"") + required +
                            "\" (a non-empty string)");
          optional_string(list[i], "actor", pi);
          optional_string(list[i], "step", pi);
          if (list[i].contains("step") && list[i]["step"].is_string()) {
            const auto step = list[i]["step"].get<std::string>();
            const auto flow = std::string(actors::flows::flow_of_step(step));
            if (actors::flows::find_step(step) == nullptr ||
                !(flow.rfind("C.2.2.", 0) == 0 || flow.rfind("C.3.2.", 0) == 0))
              error(pi + "/step",
                    quote(step) + " is no step of a delegation flow (e.g. \"C.2.2.2.6#1\")");
          }
        }
      }
    }
    if (d.contains("key_deleted")) {
      const auto& list = d["key_deleted"];
      const auto p = base + "/key_deleted";
      if (!list.is_array()) {
        error(p, "expected an array of {actor, vnfci, reason}");
      } else {
        for (std::size_t i = 0; i < list.size(); ++i) {
          const auto pi = p + "/" + std::to_string(i);
          if (!list[i].is_object()) {
            error(pi, "expected an object {actor, vnfci, reason}");
            continue;
          }
          unknown_keys(list[i], pi, kKeyDeletionKeys, "a key deletion");
          if (!list[i].contains("actor"))
            error(pi, "a key deletion needs \"actor\" (the holder that deletes)");
          else
            actor_name(list[i]["actor"], pi + "/actor");
          if (!list[i].contains("vnfci") || !list[i]["vnfci"].is_string() ||
              list[i]["vnfci"].get<std::string>().empty())
            error(pi, "a key deletion needs \"vnfci\" (a non-empty string)");
          if (list[i].contains("reason")) {
            const auto& r = list[i]["reason"];
            if (!r.is_string() || std::find(kKeyDeletionReasons.begin(), kKeyDeletionReasons.end(),
                                            r.get<std::string>()) == kKeyDeletionReasons.end()) {
              std::string message =
                  "\"reason\" must be one of \"installed\", \"attempts exhausted\", "
                  "\"retention expired\", \"install attempted\"";
              if (r.is_string()) {
                auto guess = sim::did_you_mean(r.get<std::string>(), kKeyDeletionReasons);
                if (!guess.empty()) message += " (did you mean " + quote(guess) + "?)";
              }
              error(pi + "/reason", message);
            }
          }
        }
      }
    }
  }

  // Every name listed under object[list] has an entry in object[refusals] whose `key` is that name:
  // a negative expectation names the refusal it is about.
  void names_have_refusal(const json& object, const char* list, const char* refusals,
                          const char* key, const std::string& base, const char* shape) {
    if (!object.contains(list) || !object[list].is_array()) return;
    std::set<std::string> named;
    if (object.contains(refusals) && object[refusals].is_array())
      for (const auto& r : object[refusals])
        if (r.is_object() && r.contains(key) && r[key].is_string())
          named.insert(r[key].get<std::string>());
    const auto& names = object[list];
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (!names[i].is_string()) continue;
      const auto name = names[i].get<std::string>();
      if (name.empty() || named.contains(name)) continue;
      error(base + "/" + list + "/" + std::to_string(i),
            quote(name) + " has no entry in \"" + refusals + "\": name the refusal that stops it " +
                shape);
    }
  }

  // [{vnfci, actor, reason_contains}]: a renewal refused, and why.
  void renewal_refusals(const json& list, const std::string& base) {
    const auto p = base + "/renewal_refused";
    if (!list.is_array()) {
      error(p, "expected an array of {vnfci, actor, reason_contains}");
      return;
    }
    for (std::size_t i = 0; i < list.size(); ++i) {
      const auto pi = p + "/" + std::to_string(i);
      if (!list[i].is_object()) {
        error(pi,
              "expected an object {vnfci, actor, reason_contains} (the refusal names its reason)");
        continue;
      }
      unknown_keys(list[i], pi, kRenewalRefusalKeys, "a renewal refusal");
      for (const char* required : {"vnfci", "reason_contains"})
        if (!list[i].contains(required) || !list[i][required].is_string() ||
            list[i][required].get<std::string>().empty())
          error(pi,
                std::string("a renewal refusal needs \"") + required + "\" (a non-empty string)");
      optional_string(list[i], "actor", pi);
    }
  }

  void optional_string(const json& object, const char* key, const std::string& pointer) {
    if (object.contains(key) && !object[key].is_string())
      error(pointer + "/" + key, std::string("\"") + key + "\" must be a string");
  }

  void run(const json& expect) {
    const std::string base = "/expect";
    if (!expect.is_object()) return;  // the schema reports it
    unknown_keys(expect, base, kTopKeys, "\"expect\"");
    std::set<std::string> certified;
    std::set<std::string> not_certified;
    if (expect.contains("certified"))
      name_list(expect["certified"], base + "/certified", &certified);
    if (expect.contains("not_certified"))
      name_list(expect["not_certified"], base + "/not_certified", &not_certified);
    if (expect.contains("not_certified") && expect["not_certified"].is_array())
      for (std::size_t i = 0; i < expect["not_certified"].size(); ++i) {
        const auto& v = expect["not_certified"][i];
        if (v.is_string() && certified.contains(v.get<std::string>()))
          error(base + "/not_certified/" + std::to_string(i),
                quote(v.get<std::string>()) + " is also listed in \"certified\"");
      }
    // An entity expected never to be certified names the refusal that stops it.
    names_have_refusal(expect, "not_certified", "rejections", "entity", base,
                       "({actor, operation, entity, reason_contains})");
    if (expect.contains("removed")) name_list(expect["removed"], base + "/removed", nullptr);
    // Issue 16 (conformance/monitoring_checks.cpp, R1.3.50): the SLA margin, a fraction >= 0.
    if (expect.contains("sla_margin") &&
        (!expect["sla_margin"].is_number() || expect["sla_margin"].get<double>() < 0))
      error(base + "/sla_margin", "\"sla_margin\" must be a number >= 0 (e.g. 0.25 for 25%)");
    if (expect.contains("direct")) direct(expect["direct"], base + "/direct");
    if (expect.contains("delegation")) delegation(expect["delegation"], base + "/delegation");
    if (expect.contains("rejections")) {
      const auto& list = expect["rejections"];
      const auto p = base + "/rejections";
      if (!list.is_array()) {
        error(p, "expected an array of rejections");
      } else {
        for (std::size_t i = 0; i < list.size(); ++i) {
          const auto pi = p + "/" + std::to_string(i);
          const auto& r = list[i];
          if (!r.is_object()) {
            error(pi, "expected an object {actor, operation, entity, reason_contains, step}");
            continue;
          }
          unknown_keys(r, pi, kRejectionKeys, "a rejection");
          for (const char* required : {"actor", "operation", "reason_contains"})
            if (!r.contains(required))
              error(pi, std::string("a rejection needs \"") + required + "\"" +
                            (std::string(required) == "reason_contains"
                                 ? " (text of the refusal's reason: a negative names its refusal)"
                                 : ""));
          if (r.contains("actor")) actor_name(r["actor"], pi + "/actor");
          if (r.contains("entity")) actor_name(r["entity"], pi + "/entity");
          optional_string(r, "operation", pi);
          if (r.contains("operation") && r["operation"].is_string() &&
              r["operation"].get<std::string>().empty())
            error(pi + "/operation", "\"operation\" must not be empty");
          optional_string(r, "reason_contains", pi);
          if (r.contains("reason_contains") && r["reason_contains"].is_string() &&
              r["reason_contains"].get<std::string>().empty())
            error(pi + "/reason_contains",
                  "\"reason_contains\" must not be empty: name the refusal this scenario is about");
          optional_string(r, "step", pi);
        }
      }
    }
    if (expect.contains("renewals")) {
      const auto& map = expect["renewals"];
      const auto p = base + "/renewals";
      if (!map.is_object()) {
        error(p, "expected an object {\"entity\": least number of renewals}");
      } else {
        for (auto it = map.begin(); it != map.end(); ++it) {
          const auto pk = p + "/" + sim::escape_pointer_token(it.key());
          if (std::find(names_.begin(), names_.end(), it.key()) == names_.end()) {
            std::string message = "unknown actor " + quote(it.key());
            auto guess = sim::did_you_mean(it.key(), names_);
            if (!guess.empty()) message += " (did you mean " + quote(guess) + "?)";
            error(pk, message, true);
          }
          if (!it.value().is_number_integer() || it.value().get<long long>() < 1)
            error(pk, "expected a positive integer (the least number of renewals)");
        }
      }
    }
    if (expect.contains("sessions")) {
      const auto& list = expect["sessions"];
      const auto p = base + "/sessions";
      if (!list.is_array()) {
        error(p, "expected an array of actor pairs");
      } else {
        for (std::size_t i = 0; i < list.size(); ++i) {
          const auto pi = p + "/" + std::to_string(i);
          if (!list[i].is_array() || list[i].size() != 2) {
            error(pi, "expected a pair of actor names [\"a\", \"b\"]");
            continue;
          }
          actor_name(list[i][0], pi + "/0");
          actor_name(list[i][1], pi + "/1");
        }
      }
    }
    if (expect.contains("access_denied")) {
      const auto& list = expect["access_denied"];
      const auto p = base + "/access_denied";
      if (!list.is_array()) {
        error(p, "expected an array of {actor, peer}");
      } else {
        for (std::size_t i = 0; i < list.size(); ++i) {
          const auto pi = p + "/" + std::to_string(i);
          if (!list[i].is_object()) {
            error(pi, "expected an object {actor, peer}");
            continue;
          }
          unknown_keys(list[i], pi, kDenialKeys, "an access denial");
          if (!list[i].contains("actor"))
            error(pi, "an access denial needs \"actor\"");
          else
            actor_name(list[i]["actor"], pi + "/actor");
          if (list[i].contains("peer")) actor_name(list[i]["peer"], pi + "/peer");
        }
      }
    }
  }

 private:
  std::vector<sim::Diagnostic>& out_;
  std::vector<std::string> names_;
};

std::vector<std::string> strings(const json& j) {
  std::vector<std::string> out;
  if (!j.is_array()) return out;
  for (const auto& v : j)
    if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

std::string string_at(const json& j, const char* key) {
  return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string();
}

}  // namespace

bool Expectations::expects_certified(const std::string& name) const {
  return std::find(certified.begin(), certified.end(), name) != certified.end();
}

bool Expectations::expects_not_certified(const std::string& name) const {
  return std::find(not_certified.begin(), not_certified.end(), name) != not_certified.end();
}

bool DirectExpectations::expects_enrolled(const std::string& vnfci) const {
  return std::find(enrolled.begin(), enrolled.end(), vnfci) != enrolled.end();
}

bool DirectExpectations::expects_not_enrolled(const std::string& vnfci) const {
  return std::find(not_enrolled.begin(), not_enrolled.end(), vnfci) != not_enrolled.end();
}

const ExpectedRenewalRefusal* DirectExpectations::renewal_refusal_of(
    const std::string& vnfci) const {
  for (const auto& r : renewal_refused)
    if (r.vnfci == vnfci) return &r;
  return nullptr;
}

bool DelegationExpectations::expects_installed(const std::string& vnfci) const {
  return std::find(installed.begin(), installed.end(), vnfci) != installed.end();
}

bool DelegationExpectations::expects_not_installed(const std::string& vnfci) const {
  return std::find(not_installed.begin(), not_installed.end(), vnfci) != not_installed.end();
}

bool DelegationExpectations::expects_refusal(const std::string& vnfci) const {
  if (expects_not_installed(vnfci)) return true;
  for (const auto& r : refusals)
    if (r.vnfci == vnfci) return true;
  return false;
}

bool Expectations::mentions(const std::string& name) const {
  if (expects_certified(name) || expects_not_certified(name)) return true;
  for (const auto& r : rejections)
    if (r.entity == name) return true;
  return false;
}

std::vector<ExpectedRejection> Expectations::rejections_of(const std::string& entity) const {
  std::vector<ExpectedRejection> out;
  for (const auto& r : rejections)
    if (r.entity == entity) out.push_back(r);
  return out;
}

Expectations Expectations::from_json(const json& expect) {
  Expectations e;
  if (!expect.is_object()) return e;
  if (expect.contains("certified")) e.certified = strings(expect["certified"]);
  if (expect.contains("not_certified")) e.not_certified = strings(expect["not_certified"]);
  if (expect.contains("removed")) e.removed = strings(expect["removed"]);
  if (expect.contains("rejections") && expect["rejections"].is_array())
    for (const auto& r : expect["rejections"]) {
      if (!r.is_object()) continue;
      e.rejections.push_back({string_at(r, "actor"), string_at(r, "operation"),
                              string_at(r, "entity"), string_at(r, "reason_contains"),
                              string_at(r, "step")});
    }
  if (expect.contains("renewals") && expect["renewals"].is_object())
    for (auto it = expect["renewals"].begin(); it != expect["renewals"].end(); ++it)
      if (it.value().is_number_integer()) e.renewals[it.key()] = it.value().get<int>();
  if (expect.contains("sessions") && expect["sessions"].is_array())
    for (const auto& pair : expect["sessions"])
      if (pair.is_array() && pair.size() == 2 && pair[0].is_string() && pair[1].is_string())
        e.sessions.emplace_back(pair[0].get<std::string>(), pair[1].get<std::string>());
  if (expect.contains("access_denied") && expect["access_denied"].is_array())
    for (const auto& d : expect["access_denied"])
      if (d.is_object()) e.access_denied.push_back({string_at(d, "actor"), string_at(d, "peer")});
  if (expect.contains("direct") && expect["direct"].is_object()) {
    const auto& d = expect["direct"];
    auto& x = e.direct;
    if (d.contains("enrolled")) x.enrolled = strings(d["enrolled"]);
    if (d.contains("not_enrolled")) x.not_enrolled = strings(d["not_enrolled"]);
    if (d.contains("revoked")) x.revoked = strings(d["revoked"]);
    if (d.contains("renewal_refused") && d["renewal_refused"].is_array())
      for (const auto& r : d["renewal_refused"])
        if (r.is_object())
          x.renewal_refused.push_back(
              {string_at(r, "vnfci"), string_at(r, "actor"), string_at(r, "reason_contains")});
    if (d.contains("renewals") && d["renewals"].is_number_integer())
      x.renewals = d["renewals"].get<int>();
    if (d.contains("refusals") && d["refusals"].is_array())
      for (const auto& r : d["refusals"])
        if (r.is_object())
          x.refusals.push_back({string_at(r, "vnfci"), string_at(r, "actor"),
                                string_at(r, "operation"), string_at(r, "reason_contains")});
  }
  if (expect.contains("delegation") && expect["delegation"].is_object()) {
    const auto& d = expect["delegation"];
    auto& x = e.delegation;
    if (d.contains("installed")) x.installed = strings(d["installed"]);
    if (d.contains("not_installed")) x.not_installed = strings(d["not_installed"]);
    if (d.contains("revoked")) x.revoked = strings(d["revoked"]);
    if (d.contains("renewals") && d["renewals"].is_number_integer())
      x.renewals = d["renewals"].get<int>();
    if (d.contains("refusals") && d["refusals"].is_array())
      for (const auto& r : d["refusals"])
        if (r.is_object())
          x.refusals.push_back({string_at(r, "vnfci"), string_at(r, "actor"),
                                string_at(r, "operation"), string_at(r, "step"),
                                string_at(r, "reason_contains")});
    if (d.contains("key_deleted") && d["key_deleted"].is_array())
      for (const auto& k : d["key_deleted"])
        if (k.is_object())
          x.key_deleted.push_back(
              {string_at(k, "actor"), string_at(k, "vnfci"), string_at(k, "reason")});
  }
  return e;
}

void check_expectations(const json& root, std::vector<sim::Diagnostic>& out) {
  if (!root.is_object() || !root.contains("expect")) return;
  Validator(root, out).run(root["expect"]);
}

sim::ScenarioRule expect_rule() {
  return [](const json& root, std::vector<sim::Diagnostic>& out) { check_expectations(root, out); };
}

}  // namespace ifa026::conformance
