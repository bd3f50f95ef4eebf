// The implementation conformance statement (ICS): a JSON file declaring which options of the
// specification the implementation under test supports ({"options": {"hsm": true, ...}}), the
// options each catalogue requirement needs, and their use by `ifa026 conform --ics FILE`:
// requirements outside the declared options are not selected (dropped from the scenarios'
// "covers") and reported not-applicable with the missing option named. conformance/ics/
// default.json declares what the built-in suite covers; docs/conformance.md lists the options.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "conformance/catalogue.hpp"
#include "conformance/engine.hpp"
#include "sim/diagnostic.hpp"
#include "sim/scenario.hpp"

namespace ifa026::conformance {

struct IcsOption {
  std::string name;
  std::string description;
};

// Every option an ICS may declare, in documentation order.
const std::vector<IcsOption>& ics_options();

struct Ics {
  std::string file;
  std::string implementation;           // optional free text
  std::map<std::string, bool> options;  // undeclared options are not supported
  bool supports(const std::string& option) const;
};

struct IcsLoad {
  std::optional<Ics> ics;               // set when there are no errors
  std::vector<sim::Diagnostic> errors;  // with file, line and column
};

IcsLoad load_ics_text(std::string file, std::string text);
IcsLoad load_ics_file(const std::string& path);

// The options a requirement needs, all of them (empty: needed by every implementation).
std::vector<std::string> required_options(const Requirement& requirement);
// "" when `requirement` is inside the ICS, else why not ("outside the ICS: option \"hsm\" not
// declared").
std::string outside_ics_reason(const Ics& ics, const Requirement& requirement);
// Test selection: removes from every scenario's "covers" the IDs outside the ICS.
void select_covers(const Ics& ics, const Catalogue& catalogue,
                   std::vector<sim::Scenario>& scenarios);
// Marks the requirements outside the ICS not-applicable (with the reason) and drops their
// evaluations.
void apply_ics(const Ics& ics, const Catalogue& catalogue, ConformanceReport& report);

}  // namespace ifa026::conformance
