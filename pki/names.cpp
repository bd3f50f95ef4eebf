// Distinguished names: parsing and formatting the "CN=a,O=b,C=FR" text form.
#include "pki/names.hpp"

#include <array>
#include <cctype>
#include <string>

#include "pki/bytes.hpp"

namespace ifa026::pki {

namespace {

constexpr std::array<std::string_view, 6> kAttributeTypes = {"CN", "O", "OU", "C", "ST", "L"};

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// One component's characters; `escaped[i]` tells whether text[i] came from a "\x" escape (so it
// is neither a separator nor trimmable whitespace).
struct Chunk {
  std::string text;
  std::vector<bool> escaped;

  void add(char c, bool was_escaped) {
    text += c;
    escaped.push_back(was_escaped);
  }
  // Strips unescaped whitespace from both ends.
  void trim() {
    std::size_t begin = 0;
    std::size_t end = text.size();
    while (begin < end && !escaped[begin] && is_space(text[begin])) ++begin;
    while (end > begin && !escaped[end - 1] && is_space(text[end - 1])) --end;
    text = text.substr(begin, end - begin);
    escaped = std::vector<bool>(escaped.begin() + static_cast<std::ptrdiff_t>(begin),
                                escaped.begin() + static_cast<std::ptrdiff_t>(end));
  }
};

[[noreturn]] void bad(std::string_view text, const std::string& why) {
  throw PkiError("distinguished name '" + std::string(text) + "': " + why);
}

}  // namespace

DistinguishedName DistinguishedName::parse(std::string_view text) {
  // Split into components at unescaped commas, resolving escapes.
  std::vector<Chunk> components(1);
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\\') {
      if (i + 1 >= text.size()) bad(text, "dangling '\\' at the end");
      components.back().add(text[++i], true);
    } else if (c == ',') {
      components.emplace_back();
    } else {
      components.back().add(c, false);
    }
  }

  DistinguishedName dn;
  if (components.size() == 1) {
    components[0].trim();
    if (components[0].text.empty()) return dn;  // "" is the empty name
  }
  for (std::size_t n = 0; n < components.size(); ++n) {
    Chunk& chunk = components[n];
    chunk.trim();
    if (chunk.text.empty()) bad(text, "empty component #" + std::to_string(n + 1));
    // The first unescaped '=' separates the type from the value.
    Chunk type;
    Chunk value;
    bool in_value = false;
    for (std::size_t i = 0; i < chunk.text.size(); ++i) {
      if (!in_value && chunk.text[i] == '=' && !chunk.escaped[i]) {
        in_value = true;
        continue;
      }
      (in_value ? value : type).add(chunk.text[i], chunk.escaped[i]);
    }
    if (!in_value) bad(text, "component '" + chunk.text + "' has no '='");
    type.trim();
    value.trim();
    std::string key = upper(type.text);
    bool known = false;
    for (std::string_view t : kAttributeTypes) known = known || t == key;
    if (!known) {
      bad(text, "unknown attribute type '" + type.text + "' (allowed: CN, O, OU, C, ST, L)");
    }
    if (value.text.empty()) bad(text, "empty value for attribute '" + key + "'");
    if (key == "C" && value.text.size() != 2) {
      bad(text, "country 'C=" + value.text + "' must be a two-letter code");
    }
    dn.attributes.emplace_back(std::move(key), std::move(value.text));
  }
  return dn;
}

std::string DistinguishedName::to_string() const {
  std::string out;
  for (const auto& [type, value] : attributes) {
    if (!out.empty()) out += ',';
    out += type;
    out += '=';
    for (std::size_t i = 0; i < value.size(); ++i) {
      char c = value[i];
      bool edge_space = is_space(c) && (i == 0 || i + 1 == value.size());
      if (c == ',' || c == '\\' || edge_space) out += '\\';
      out += c;
    }
  }
  return out;
}

std::string DistinguishedName::common_name() const {
  for (const auto& [type, value] : attributes) {
    if (type == "CN") return value;
  }
  return "";
}

}  // namespace ifa026::pki
