// Why a catalogue ID ends with verdict none, told from the catalogue entry rather than as a bare
// "uncovered": the options of the specification it needs (conformance/ics.hpp) that the built-in
// actors do not model (the options conformance/ics/default.json leaves false; none since issue 17,
// when the last, Vim.Vrm.010's resource credentials, was built), else that no check is written for
// it yet, else that no scenario of the run covers it.
#pragma once

#include <string>
#include <vector>

#include "conformance/catalogue.hpp"
#include "conformance/ics.hpp"

namespace ifa026::conformance {

// The options `requirement` needs that the built-in actors do not model (empty: all modelled):
// those `modelled` does not declare; without it, those conformance/ics/default.json leaves false
// (today none: every option is built).
std::vector<std::string> options_not_modelled(const Requirement& requirement, const Ics& modelled);
std::vector<std::string> options_not_modelled(const Requirement& requirement);

// "uncovered: needs \"delegation-mode\" (<what the option is>), not built (...)", "uncovered: no
// check written yet ..." or "uncovered: no scenario of this run covers it ...". `has_check`: a
// check is registered under the ID.
std::string uncovered_reason(const Requirement& requirement, bool has_check, const Ics& modelled);
std::string uncovered_reason(const Requirement& requirement, bool has_check);

}  // namespace ifa026::conformance
