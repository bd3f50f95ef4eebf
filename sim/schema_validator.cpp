// Interpreter for the JSON Schema subset the project's schemas use, reporting every violation.
//
// Supported keywords: $schema, $id, $defs (root only), $ref ("#/$defs/NAME" only, not cyclic),
// title, description, default, examples, type, properties, required, additionalProperties,
// items, enum, const, minimum, maximum, minLength, maxLength, pattern (ECMAScript, unanchored as
// JSON Schema says, so patterns anchor themselves), minItems, maxItems and format ("date-time",
// "duration", and "epoch": a date-time or the word "now", the scenario epoch). Boolean schemas
// (true/false) are accepted wherever a schema is. The constructor rejects anything else, so a
// schema never silently means less than it says.
//
// Validation recurses along the schema only: an instance is descended only where the schema
// describes its members or items, and $ref cycles are rejected, so the recursion depth is bounded
// by the schema whatever the instance's nesting.
#include "sim/schema_validator.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <regex>
#include <stdexcept>
#include <string_view>
#include <utility>

#include "sim/param_rules.hpp"
#include "sim/time.hpp"

namespace ifa026::sim {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxQuoted = 80;  // code points of instance text quoted in a message
constexpr std::string_view kRefPrefix = "#/$defs/";

std::string escape_token(std::string_view token) {
  return escape_pointer_token(std::string(token));
}

std::string unescape_token(std::string_view token) {
  std::string out;
  for (std::size_t i = 0; i < token.size(); ++i) {
    if (token[i] == '~' && i + 1 < token.size() && (token[i + 1] == '0' || token[i + 1] == '1')) {
      out += token[i + 1] == '0' ? '~' : '/';
      ++i;
    } else {
      out += token[i];
    }
  }
  return out;
}

// Length of the UTF-8 sequence starting with `lead` (1 for ASCII and stray bytes).
std::size_t sequence_length(unsigned char lead) {
  if (lead >= 0xF0 && lead <= 0xF7) return 4;
  if (lead >= 0xE0) return lead <= 0xEF ? 3 : 1;
  if (lead >= 0xC0) return 2;
  return 1;
}

std::size_t code_points(std::string_view s) {
  return static_cast<std::size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

// `s` in double quotes with JSON escapes, cut after kMaxQuoted code points ("...").
std::string quoted_text(std::string_view s) {
  std::string out = "\"";
  std::size_t count = 0;
  for (std::size_t i = 0; i < s.size(); ++count) {
    if (count == kMaxQuoted) {
      out += "...";
      break;
    }
    auto byte = static_cast<unsigned char>(s[i]);
    if (byte == '"' || byte == '\\') {
      out += '\\';
      out += static_cast<char>(byte);
      ++i;
    } else if (byte < 0x20 || byte == 0x7f) {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\u00";
      out += kHex[byte >> 4];
      out += kHex[byte & 0xf];
      ++i;
    } else {
      std::size_t len = std::min(sequence_length(byte), s.size() - i);
      out.append(s.substr(i, len));
      i += len;
    }
  }
  out += '"';
  return out;
}

bool is_integral(const json& v) {
  if (v.is_number_integer()) return true;
  if (!v.is_number_float()) return false;
  double d = v.get<double>();
  return std::isfinite(d) && std::floor(d) == d;
}

std::string type_name(const json& v) {
  switch (v.type()) {
    case json::value_t::null:
      return "null";
    case json::value_t::boolean:
      return "boolean";
    case json::value_t::string:
      return "string";
    case json::value_t::array:
      return "array";
    case json::value_t::object:
      return "object";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
      return "integer";
    case json::value_t::number_float:
      return is_integral(v) ? "integer" : "number";
    default:
      return "binary";
  }
}

bool has_type(const json& v, std::string_view type) {
  if (type == "number") return v.is_number();
  if (type == "integer") return is_integral(v);
  if (type == "string") return v.is_string();
  if (type == "object") return v.is_object();
  if (type == "array") return v.is_array();
  if (type == "boolean") return v.is_boolean();
  if (type == "null") return v.is_null();
  return false;
}

bool is_type_name(const json& v) {
  static const std::string_view kNames[] = {"object",  "array",   "string", "number",
                                            "integer", "boolean", "null"};
  return v.is_string() && std::find(std::begin(kNames), std::end(kNames),
                                    v.get_ref<const std::string&>()) != std::end(kNames);
}

// A value as shown in a message: strings quoted and capped, scalars as JSON, containers by kind
// (never dumped: they can be huge or deeply nested).
std::string describe_value(const json& v) {
  if (v.is_string()) return quoted_text(v.get_ref<const std::string&>());
  if (v.is_object()) return "an object";
  if (v.is_array()) return "an array";
  return v.dump();
}

// "a, b or c"
std::string join_alternatives(const std::vector<std::string>& items) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += i + 1 == items.size() ? " or " : ", ";
    out += items[i];
  }
  return out;
}

std::string plural(std::uint64_t n, std::string_view word) {
  std::string out = std::to_string(n) + " " + std::string(word);
  if (n != 1) out += 's';
  return out;
}

bool is_count(const json& v) {
  return v.is_number_unsigned() || (v.is_number_integer() && v >= 0);
}

// Lower-cased (ASCII) code points of a UTF-8 string, for edit distances.
std::u32string fold(std::string_view s) {
  std::u32string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    auto lead = static_cast<unsigned char>(s[i]);
    std::size_t len = std::min(sequence_length(lead), s.size() - i);
    char32_t cp = lead;
    if (len > 1) {
      cp = lead & (0x7F >> len);
      for (std::size_t k = 1; k < len; ++k) {
        cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
      }
    } else if (lead >= 'A' && lead <= 'Z') {
      cp = lead - 'A' + 'a';
    }
    out += cp;
    i += len;
  }
  return out;
}

// Optimal string alignment distance: Levenshtein plus the swap of two adjacent characters as one
// edit, so "tpye" suggests "type" and "sede" suggests "seed".
std::size_t edit_distance(const std::u32string& a, const std::u32string& b) {
  std::vector<std::size_t> before(b.size() + 1), previous(b.size() + 1), row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) previous[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      row[j] = std::min({previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        row[j] = std::min(row[j], before[j - 2] + 1);
    }
    std::swap(before, previous);
    std::swap(previous, row);
  }
  return previous[b.size()];
}

// ---- Schema checking (constructor) ----

[[noreturn]] void bad_schema(const std::string& where, const std::string& what) {
  throw std::invalid_argument("unsupported schema at \"" + where + "\": " + what);
}

const json* resolve_ref(const json& root, const json& ref) {
  if (!ref.is_string()) return nullptr;
  std::string_view text = ref.get_ref<const std::string&>();
  if (!text.starts_with(kRefPrefix)) return nullptr;
  text.remove_prefix(kRefPrefix.size());
  if (text.find('/') != std::string_view::npos) return nullptr;
  auto defs = root.find("$defs");
  if (defs == root.end() || !defs->is_object()) return nullptr;
  auto def = defs->find(unescape_token(text));
  return def == defs->end() ? nullptr : &*def;
}

void check_schema(const json& node, const json& root, const std::string& where) {
  if (node.is_boolean()) return;
  if (!node.is_object()) bad_schema(where, "a schema must be an object or a boolean");
  bool is_root = &node == &root;
  for (const auto& [key, value] : node.items()) {
    std::string at = where + "/" + escape_token(key);
    if (key == "$schema" || key == "$id") {
      if (!is_root) bad_schema(at, key + " is only supported at the root");
      if (!value.is_string()) bad_schema(at, "must be a string");
    } else if (key == "$defs") {
      if (!is_root) bad_schema(at, "$defs is only supported at the root");
      if (!value.is_object()) bad_schema(at, "must be an object");
      for (const auto& [name, def] : value.items()) {
        check_schema(def, root, at + "/" + escape_token(name));
      }
    } else if (key == "$ref") {
      if (resolve_ref(root, value) == nullptr) {
        bad_schema(at, "$ref " + (value.is_string() ? quoted_text(value.get<std::string>()) : "") +
                           " does not resolve to \"#/$defs/NAME\"");
      }
    } else if (key == "title" || key == "description") {
      if (!value.is_string()) bad_schema(at, "must be a string");
    } else if (key == "default" || key == "examples" || key == "const") {
      // Any value.
    } else if (key == "type") {
      bool ok = is_type_name(value);
      if (value.is_array()) {
        ok = !value.empty() && std::all_of(value.begin(), value.end(), is_type_name);
      }
      if (!ok) bad_schema(at, "type must be a type name or a non-empty array of them");
    } else if (key == "properties") {
      if (!value.is_object()) bad_schema(at, "must be an object");
      for (const auto& [name, sub] : value.items()) {
        check_schema(sub, root, at + "/" + escape_token(name));
      }
    } else if (key == "required") {
      if (!value.is_array() ||
          !std::all_of(value.begin(), value.end(), [](const json& v) { return v.is_string(); })) {
        bad_schema(at, "must be an array of strings");
      }
    } else if (key == "additionalProperties" || key == "items") {
      check_schema(value, root, at);
    } else if (key == "enum") {
      if (!value.is_array() || value.empty()) bad_schema(at, "must be a non-empty array");
    } else if (key == "minimum" || key == "maximum") {
      if (!value.is_number()) bad_schema(at, "must be a number");
    } else if (key == "minLength" || key == "maxLength" || key == "minItems" || key == "maxItems") {
      if (!is_count(value)) bad_schema(at, "must be a non-negative integer");
    } else if (key == "pattern") {
      if (!value.is_string()) bad_schema(at, "must be a string");
      try {
        std::regex(value.get<std::string>(), std::regex::ECMAScript);
      } catch (const std::regex_error&) {
        bad_schema(at, "is not an ECMAScript regular expression");
      }
    } else if (key == "format") {
      if (value != "date-time" && value != "duration" && value != "epoch") {
        bad_schema(at, "only the formats \"date-time\", \"duration\" and \"epoch\" are supported");
      }
    } else {
      bad_schema(at, "keyword " + quoted_text(key) + " is not supported");
    }
  }
}

// Names of the $defs that `node` refers to, through its subschemas but not through other $defs.
void collect_refs(const json& node, std::vector<std::string>& out) {
  if (!node.is_object()) return;
  if (auto ref = node.find("$ref"); ref != node.end()) {
    out.push_back(unescape_token(ref->get_ref<const std::string&>().substr(kRefPrefix.size())));
  }
  if (auto props = node.find("properties"); props != node.end()) {
    for (const auto& sub : *props) collect_refs(sub, out);
  }
  if (auto extra = node.find("additionalProperties"); extra != node.end()) {
    collect_refs(*extra, out);
  }
  if (auto items = node.find("items"); items != node.end()) collect_refs(*items, out);
}

// Rejects $ref cycles: they would let the instance's depth drive the recursion.
void check_acyclic(const json& root) {
  auto defs = root.find("$defs");
  if (defs == root.end()) return;
  enum class Mark { kNone, kActive, kDone };
  std::map<std::string, Mark> marks;
  // Depth-first over the (trusted, small) schema.
  auto visit = [&](auto& self, const std::string& name) -> void {
    Mark& mark = marks[name];
    if (mark == Mark::kDone) return;
    if (mark == Mark::kActive) bad_schema("#/$defs/" + escape_token(name), "recursive $ref");
    mark = Mark::kActive;
    std::vector<std::string> refs;
    collect_refs(defs->at(name), refs);
    for (const std::string& ref : refs) self(self, ref);
    marks[name] = Mark::kDone;
  };
  for (const auto& [name, def] : defs->items()) visit(visit, name);
}

// ---- Validation ----

class Validation {
 public:
  Validation(const json& root, std::vector<Diagnostic>& out) : root_(root), out_(out) {}

  // Checks `value` (at path_) against `schema`; false when its type did not match, in which case
  // nothing else about it was checked.
  bool check(const json& schema, const json& value) {
    if (schema.is_boolean()) {
      if (!schema.get<bool>()) report("no value is allowed here");
      return true;
    }
    if (auto ref = schema.find("$ref"); ref != schema.end()) {
      if (!check(*resolve_ref(root_, *ref), value)) return false;
    }
    if (auto type = schema.find("type"); type != schema.end() && !check_type(*type, value)) {
      return false;
    }
    if (auto e = schema.find("enum"); e != schema.end()) check_enum(*e, value);
    if (auto c = schema.find("const"); c != schema.end() && *c != value) {
      report("must be " + describe_value(*c) + ", found " + describe_value(value));
    }
    if (value.is_string()) check_string(schema, value.get_ref<const std::string&>());
    if (value.is_number()) check_number(schema, value);
    if (value.is_object()) check_object(schema, value);
    if (value.is_array()) check_array(schema, value);
    return true;
  }

 private:
  void report(std::string message, bool at_key = false) {
    Diagnostic d;
    d.pointer = path_;
    d.message = std::move(message);
    d.at_key = at_key;
    out_.push_back(std::move(d));
  }

  bool check_type(const json& type, const json& value) {
    std::vector<std::string> names;
    if (type.is_string()) {
      names.push_back(type.get<std::string>());
    } else {
      for (const json& t : type) names.push_back(t.get<std::string>());
    }
    for (const std::string& name : names) {
      if (has_type(value, name)) return true;
    }
    report("expected " + join_alternatives(names) + ", found " + type_name(value));
    return false;
  }

  void check_enum(const json& options, const json& value) {
    std::vector<std::string> strings;
    std::string listed;
    for (const json& option : options) {
      if (option == value) return;
      if (!listed.empty()) listed += ", ";
      listed += describe_value(option);
      if (option.is_string()) strings.push_back(option.get<std::string>());
    }
    std::string message = describe_value(value) + " is not one of " + listed;
    if (value.is_string()) {
      std::string guess = did_you_mean(value.get_ref<const std::string&>(), strings);
      if (!guess.empty()) message += " (did you mean " + quoted_text(guess) + "?)";
    }
    report(std::move(message));
  }

  void check_string(const json& schema, const std::string& text) {
    bool length_ok = true;  // the pattern is reported only for a string of an allowed length
    if (auto min = schema.find("minLength"); min != schema.end()) {
      auto need = min->get<std::uint64_t>();
      std::size_t have = code_points(text);
      if (have < need) {
        length_ok = false;
        report(need == 1 ? std::string("must not be empty")
                         : "must be at least " + plural(need, "character") + " long, found " +
                               std::to_string(have));
      }
    }
    if (auto max = schema.find("maxLength"); max != schema.end()) {
      auto limit = max->get<std::uint64_t>();
      std::size_t have = code_points(text);
      if (have > limit) {
        length_ok = false;
        report("must be at most " + plural(limit, "character") + " long, found " +
               std::to_string(have));
      }
    }
    if (auto pattern = schema.find("pattern"); pattern != schema.end() && length_ok) {
      const std::regex re(pattern->get<std::string>(), std::regex::ECMAScript);
      if (!std::regex_search(text, re)) {
        std::string message =
            quoted_text(text) + " does not match the pattern " + pattern->get<std::string>();
        // The property's description says the rule in words.
        if (auto words = schema.find("description"); words != schema.end() && words->is_string())
          message += " (" + words->get<std::string>() + ")";
        report(std::move(message));
      }
    }
    if (auto format = schema.find("format"); format != schema.end()) {
      if (*format == "duration") {
        std::optional<Duration> d = parse_duration(text);
        if (!d) {
          report(quoted_text(text) +
                 " is not a duration (examples: \"250ms\", \"1h30m\", \"90d\", \"PT1H\")");
        } else if (d->ns() < 0) {
          report("negative duration " + quoted_text(text));
        }
      } else if (*format == "date-time" && !parse_utc(text)) {
        report(quoted_text(text) + " is not a UTC date-time (example: \"2026-01-01T00:00:00Z\")");
      } else if (*format == "epoch" && text != "now" && !parse_utc(text)) {
        report(quoted_text(text) +
               " is not a UTC date-time (example: \"2026-01-01T00:00:00Z\") nor \"now\"");
      }
    }
  }

  void check_number(const json& schema, const json& value) {
    if (auto min = schema.find("minimum"); min != schema.end() && value < *min) {
      report("must be >= " + min->dump() + ", found " + value.dump());
    }
    if (auto max = schema.find("maximum"); max != schema.end() && value > *max) {
      report("must be <= " + max->dump() + ", found " + value.dump());
    }
  }

  void check_object(const json& schema, const json& value) {
    if (auto required = schema.find("required"); required != schema.end()) {
      for (const json& name : *required) {
        if (!value.contains(name.get_ref<const std::string&>())) {
          report("missing required key " + quoted_text(name.get_ref<const std::string&>()));
        }
      }
    }
    static const json kNoProperties = json::object();
    auto props_it = schema.find("properties");
    const json& props = props_it != schema.end() ? *props_it : kNoProperties;
    auto extra = schema.find("additionalProperties");
    for (const auto& [key, member] : value.items()) {
      std::size_t mark = path_.size();
      path_ += '/';
      path_ += escape_token(key);
      if (auto prop = props.find(key); prop != props.end()) {
        check(*prop, member);
      } else if (extra != schema.end()) {
        if (*extra == false) {
          report_unknown_key(key, props);
        } else {
          check(*extra, member);
        }
      }
      path_.resize(mark);
    }
  }

  void report_unknown_key(const std::string& key, const json& props) {
    std::vector<std::string> names;
    for (const auto& [name, sub] : props.items()) names.push_back(name);
    std::string message = "unknown key " + quoted_text(key);
    std::string guess = did_you_mean(key, names);
    if (!guess.empty()) {
      message += " (did you mean " + quoted_text(guess) + "?)";
    } else if (names.empty()) {
      message += " (no keys are allowed here)";
    } else {
      message += " (expected one of: ";
      for (std::size_t i = 0; i < names.size(); ++i) {
        if (i > 0) message += ", ";
        message += quoted_text(names[i]);
      }
      message += ")";
    }
    report(std::move(message), /*at_key=*/true);
  }

  void check_array(const json& schema, const json& value) {
    if (auto min = schema.find("minItems"); min != schema.end()) {
      auto need = min->get<std::uint64_t>();
      if (value.size() < need) {
        report("needs at least " + plural(need, "item") + ", found " +
               std::to_string(value.size()));
      }
    }
    if (auto max = schema.find("maxItems"); max != schema.end()) {
      auto limit = max->get<std::uint64_t>();
      if (value.size() > limit) {
        report("allows at most " + plural(limit, "item") + ", found " +
               std::to_string(value.size()));
      }
    }
    if (auto items = schema.find("items"); items != schema.end()) {
      for (std::size_t i = 0; i < value.size(); ++i) {
        std::size_t mark = path_.size();
        path_ += '/';
        path_ += std::to_string(i);
        check(*items, value[i]);
        path_.resize(mark);
      }
    }
  }

  const json& root_;
  std::vector<Diagnostic>& out_;
  std::string path_;
};

}  // namespace

SchemaValidator::SchemaValidator(nlohmann::json schema) : schema_(std::move(schema)) {
  check_schema(schema_, schema_, "#");
  check_acyclic(schema_);
}

void SchemaValidator::validate(const nlohmann::json& instance, std::vector<Diagnostic>& out) const {
  Validation(schema_, out).check(schema_, instance);
}

std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates) {
  std::u32string folded = fold(word);
  std::size_t limit = std::max<std::size_t>(1, folded.size() / 3);
  std::string best;
  std::size_t best_distance = limit + 1;
  for (const std::string& candidate : candidates) {
    std::u32string other = fold(candidate);
    std::size_t gap =
        folded.size() > other.size() ? folded.size() - other.size() : other.size() - folded.size();
    if (gap >= best_distance) continue;  // the distance is at least the length difference
    std::size_t distance = edit_distance(folded, other);
    if (distance < best_distance) {
      best = candidate;
      best_distance = distance;
    }
  }
  return best;
}

}  // namespace ifa026::sim
