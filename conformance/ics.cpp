// ICS loading, the requirement -> option mapping and test selection (see ics.hpp).
#include "conformance/ics.hpp"

#include <algorithm>
#include <set>

#include "conformance/vocabulary.hpp"
#include "sim/json_document.hpp"
#include "sim/schema_validator.hpp"

namespace ifa026::conformance {
namespace {

using nlohmann::json;

bool starts_with(const std::string& s, const std::string& prefix) {
  return s.rfind(prefix, 0) == 0;
}

bool one_of(const std::string& s, std::initializer_list<const char*> list) {
  for (const char* x : list)
    if (s == x) return true;
  return false;
}

// The number after the last '.' of "Vnfm.Sc.017" (or -1).
int last_number_of(const std::string& id) {
  const auto dot = id.rfind('.');
  try {
    return std::stoi(id.substr(dot + 1));
  } catch (const std::exception&) {
    return -1;
  }
}

void add_error(std::vector<sim::Diagnostic>& out, std::string pointer, std::string message,
               bool at_key = false) {
  sim::Diagnostic d;
  d.pointer = std::move(pointer);
  d.message = std::move(message);
  d.at_key = at_key;
  out.push_back(std::move(d));
}

std::string escape_pointer(const std::string& key) {
  std::string out;
  for (char c : key)
    out += c == '~' ? std::string("~0") : c == '/' ? std::string("~1") : std::string(1, c);
  return out;
}

}  // namespace

const std::vector<IcsOption>& ics_options() {
  static const std::vector<IcsOption> options = {
      {"mano-certificates", "NFV-MANO entity certificates through the CMF (B.2-B.7, C.4, 5.2)"},
      {"hsm", "keys generated and CSRs signed in an HSM (the .7 flows)"},
      {"key-attestation", "key-attestation statements supplied and checked"},
      {"wim", "a WIM is part of the implementation (B.5)"},
      {"cism", "a CISM is part of the implementation (B.6)"},
      {"cir", "a CIR is part of the implementation (B.7)"},
      {"direct-mode", "VNFCI / VNF OAM certificates in direct mode (C.2.1, C.3.1)"},
      {"delegation-mode", "VNFCI / VNF OAM certificates delegated to the VNFM (C.2.2, C.3.2)"},
      {"vnf-certificates", "VNF certificate management in one of the modes (5.2.3.1)"},
      {"remote-attestation", "remote attestation of VNFCIs / HMEEs before enrolment"},
      {"vim-resource-credentials", "the VIM gathers credentials of virtualised resources"},
      // --- delegation (issue 17): 5.2.3.1-d applies to a VNFM declared generic.
      {"generic-vnfm", "the VNFM is a generic VNFM, meant to manage any VNF (5.2.3.1-d)"},
      {"security-management", "security managers and trust domains (Annex A, 5.1)"},
      {"security-monitoring", "security monitoring (R1.3)"},
      {"sm-passive", "a security manager in Passive mode"},
      {"sm-semi-active", "a security manager in Semi-Active mode"},
      {"sm-fully-active", "a security manager in Fully-Active mode"},
      {"sm-hierarchy", "security managers in a hierarchy"},
      {"trust-model", "trust domains and their relations as a model the SMs and MANO use (R1.1)"},
      {"security-functions",
       "security functions managed by the SM: VSFs, PSFs, ISFs, sNSDs (R1.2)"},
      {"sm-infrastructure",
       "the VIM's Security Manager interface Sc-Vi: host events and host retirement (R2.1.320, "
       "R2.1.330)"},
  };
  return options;
}

bool Ics::supports(const std::string& option) const {
  auto it = options.find(option);
  return it != options.end() && it->second;
}

IcsLoad load_ics_text(std::string file, std::string text) {
  IcsLoad load;
  auto doc = sim::JsonDocument::parse(file, std::move(text));
  if (!doc.ok()) {
    load.errors = doc.syntax_errors();
    return load;
  }
  const json& root = doc.root();
  std::vector<sim::Diagnostic> errors;
  std::vector<std::string> names;
  for (const auto& o : ics_options()) names.push_back(o.name);
  Ics ics;
  ics.file = file;
  if (!root.is_object()) {
    add_error(errors, "", "an ICS is an object {\"options\": {\"name\": true|false, ...}}");
  } else {
    const std::vector<std::string> top = {"$schema", "implementation", "description", "options"};
    for (auto it = root.begin(); it != root.end(); ++it) {
      if (std::find(top.begin(), top.end(), it.key()) != top.end()) continue;
      std::string message = "unknown key \"" + it.key() + "\"";
      auto guess = sim::did_you_mean(it.key(), top);
      if (!guess.empty()) message += " (did you mean \"" + guess + "\"?)";
      add_error(errors, "/" + escape_pointer(it.key()), message, true);
    }
    for (const char* key : {"$schema", "implementation", "description"})
      if (root.contains(key) && !root[key].is_string())
        add_error(errors, std::string("/") + key, std::string("\"") + key + "\" must be a string");
    if (root.contains("implementation") && root["implementation"].is_string())
      ics.implementation = root["implementation"].get<std::string>();
    if (!root.contains("options")) {
      add_error(errors, "", "missing \"options\": the options the implementation supports");
    } else if (!root["options"].is_object()) {
      add_error(errors, "/options", "\"options\" must be an object of booleans");
    } else {
      const auto& options = root["options"];
      for (auto it = options.begin(); it != options.end(); ++it) {
        const auto pointer = "/options/" + escape_pointer(it.key());
        if (std::find(names.begin(), names.end(), it.key()) == names.end()) {
          std::string message = "unknown option \"" + it.key() + "\"";
          auto guess = sim::did_you_mean(it.key(), names);
          if (!guess.empty()) message += " (did you mean \"" + guess + "\"?)";
          add_error(errors, pointer, message, true);
          continue;
        }
        if (!it.value().is_boolean()) {
          add_error(errors, pointer, "option \"" + it.key() + "\" must be true or false");
          continue;
        }
        ics.options[it.key()] = it.value().get<bool>();
      }
    }
  }
  if (!errors.empty()) {
    doc.locate(errors);
    load.errors = std::move(errors);
    return load;
  }
  load.ics = std::move(ics);
  return load;
}

IcsLoad load_ics_file(const std::string& path) {
  auto doc = sim::JsonDocument::load(path);
  if (!doc.ok()) {
    IcsLoad load;
    load.errors = doc.syntax_errors();
    return load;
  }
  return load_ics_text(path, doc.text());
}

std::vector<std::string> required_options(const Requirement& r) {
  const std::string& id = r.id;
  const int n = last_number_of(id);
  // Annex C flows.
  if (starts_with(id, "C.4.")) {
    if (id.size() > 2 && id.substr(id.size() - 2) == ".7") return {"mano-certificates", "hsm"};
    return {"mano-certificates"};
  }
  if (one_of(id, {flows::kDirect, flows::kDirectRenewal, flows::kOamDirect}))
    return {"direct-mode"};
  if (id == flows::kDirectAttested) return {"direct-mode", "remote-attestation"};
  if (id == flows::kDirectHsm) return {"direct-mode", "hsm", "remote-attestation"};
  if (id == "C.2.2.2.7") return {"delegation-mode", "hsm"};
  if (id == "C.2.2.4.7") return {"delegation-mode", "hsm", "remote-attestation"};
  if (starts_with(id, "C.2.2.") || starts_with(id, "C.3.2.")) return {"delegation-mode"};
  // Annex B.
  if (starts_with(id, "Cmf.CertLcm.")) {
    if (n == 3 || n == 6) return {"mano-certificates", "delegation-mode"};
    if (n == 11) return {"mano-certificates", "delegation-mode", "key-attestation"};
    if (n == 9 || n == 10 || n == 12) return {"mano-certificates", "key-attestation"};
    if (n == 13) return {"mano-certificates", "key-attestation", "wim"};
    if (n == 14) return {"mano-certificates", "key-attestation", "cism"};
    if (n == 15) return {"mano-certificates", "key-attestation", "cir"};
    return {"mano-certificates"};
  }
  if (starts_with(id, "Nfvo.Sc.")) {
    if (n == 6 || n == 7) return {"mano-certificates", "delegation-mode"};
    if (n == 8 || n == 9) return {"mano-certificates", "key-attestation"};
    return {"mano-certificates"};
  }
  if (starts_with(id, "Vnfm.Sc.")) {
    if (n == 17 || n == 18) return {"mano-certificates", "delegation-mode", "key-attestation"};
    if (n == 3 || n == 5 || n == 6 || n == 7 || (n >= 10 && n <= 14) || n == 19)
      return {"mano-certificates", "delegation-mode"};
    if (n == 15 || n == 16) return {"mano-certificates", "key-attestation"};
    return {"mano-certificates"};
  }
  if (id == "Vim.Vrm.010") return {"vim-resource-credentials"};
  if (starts_with(id, "Vim.Sc.")) {
    if (n >= 6 && n <= 8) return {"mano-certificates", "delegation-mode"};
    if (n == 9 || n == 10) return {"mano-certificates", "key-attestation"};
    return {"mano-certificates"};
  }
  for (const auto& [prefix, option] : std::vector<std::pair<std::string, std::string>>{
           {"Wim.Sc.", "wim"}, {"Cism.Sc.", "cism"}, {"Cir.Sc.", "cir"}}) {
    if (!starts_with(id, prefix)) continue;
    if (n == 9 || n == 10) return {"mano-certificates", option, "key-attestation"};
    return {"mano-certificates", option};
  }
  // Clause 5.
  if (id == "5.1.3-a") return {"security-management", "sm-hierarchy"};
  if (starts_with(id, "5.1.")) return {"security-management"};
  if (one_of(id, {"5.2.3.1-b", "5.2.3.1-c"})) return {"vnf-certificates"};
  if (id == "5.2.3.1-d") return {"direct-mode", "delegation-mode", "generic-vnfm"};
  if (id == "5.2.3.1-e") return {"direct-mode", "delegation-mode"};
  if (starts_with(id, "5.2.")) return {"mano-certificates"};
  // Annex A.
  if (starts_with(id, "R1.3.")) return {"security-management", "security-monitoring"};
  if (starts_with(id, "R1.1.")) return {"security-management", "trust-model"};
  if (starts_with(id, "R1.2.")) return {"security-management", "security-functions"};
  if (starts_with(id, "R1.")) return {"security-management"};
  if (starts_with(id, "R2.1.")) {
    if (id == "R2.1.20") return {"security-management", "sm-passive"};
    if (id == "R2.1.320") return {"security-management", "sm-semi-active", "sm-infrastructure"};
    if (id == "R2.1.330") return {"security-management", "sm-fully-active", "sm-infrastructure"};
    // An SM's requests on Sc-Or to insert, change or remove a VSF, as its policy instructions
    // (R2.1.310): the SM interface, not the SM's design of security functions (R1.2).
    if (id == "R2.1.340") return {"security-management"};
    if (one_of(id, {"R2.1.30", "R2.1.260"})) return {"security-management", "sm-semi-active"};
    if (one_of(id, {"R2.1.40", "R2.1.270"})) return {"security-management", "sm-fully-active"};
    if (id == "R2.1.50") return {"security-management", "sm-hierarchy"};
    return {"security-management"};
  }
  return {};
}

std::string outside_ics_reason(const Ics& ics, const Requirement& requirement) {
  std::vector<std::string> missing;
  for (const auto& option : required_options(requirement))
    if (!ics.supports(option)) missing.push_back(option);
  if (missing.empty()) return "";
  std::string list;
  for (const auto& m : missing) list += (list.empty() ? "\"" : ", \"") + m + "\"";
  return "outside the ICS" + (ics.file.empty() ? std::string() : " (" + ics.file + ")") +
         ": option" + (missing.size() > 1 ? "s " : " ") + list + " not declared";
}

void select_covers(const Ics& ics, const Catalogue& catalogue,
                   std::vector<sim::Scenario>& scenarios) {
  for (auto& s : scenarios) {
    std::vector<std::string> kept;
    for (const auto& id : s.covers) {
      const auto* r = catalogue.find(id);
      if (r == nullptr || outside_ics_reason(ics, *r).empty()) kept.push_back(id);
    }
    s.covers = std::move(kept);
  }
}

void apply_ics(const Ics& ics, const Catalogue& catalogue, ConformanceReport& report) {
  std::set<std::string> outside;
  for (auto& result : report.requirements) {
    const auto* r = catalogue.find(result.id);
    if (r == nullptr) continue;
    auto reason = outside_ics_reason(ics, *r);
    if (reason.empty()) continue;
    result.verdict = Verdict::not_applicable;
    result.reason = std::move(reason);
    result.scenarios.clear();
    outside.insert(result.id);
  }
  std::erase_if(report.evaluations,
                [&](const Evaluation& e) { return outside.contains(e.requirement_id); });
}

}  // namespace ifa026::conformance
