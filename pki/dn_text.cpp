// Distinguished names in the forms people write them: RFC 4514 (last RDN first) and OpenSSL's
// slash form (see dn_text.hpp).
#include "pki/dn_text.hpp"

#include <array>
#include <cctype>
#include <cstdint>
#include <utility>
#include <vector>

#include "pki/bytes.hpp"

namespace ifa026::pki {

namespace {

bool dn_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

std::string_view dn_trimmed(std::string_view s) {
  while (!s.empty() && dn_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && dn_space(s.back())) s.remove_suffix(1);
  return s;
}

std::string dn_upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

[[noreturn]] void bad_dn(std::string_view text, const std::string& why) {
  throw PkiError("distinguished name '" + std::string(text) + "': " + why);
}

// The short name of an attribute type written as a short name, a long name or a dotted OID (any
// case), or "" if it is none of the six this project issues.
std::string dn_attribute_type(std::string_view written) {
  struct Type {
    std::string_view short_name;
    std::string_view long_name;
    std::string_view oid;
  };
  static constexpr std::array<Type, 6> kTypes = {{{"CN", "COMMONNAME", "2.5.4.3"},
                                                  {"O", "ORGANIZATIONNAME", "2.5.4.10"},
                                                  {"OU", "ORGANIZATIONALUNITNAME", "2.5.4.11"},
                                                  {"C", "COUNTRYNAME", "2.5.4.6"},
                                                  {"ST", "STATEORPROVINCENAME", "2.5.4.8"},
                                                  {"L", "LOCALITYNAME", "2.5.4.7"}}};
  const std::string key = dn_upper(written);
  for (const Type& t : kTypes) {
    if (key == t.short_name || key == t.long_name || key == t.oid) return std::string(t.short_name);
  }
  return "";
}

bool dn_valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t extra = 0;
    std::uint32_t code = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      extra = 1;
      code = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      extra = 2;
      code = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      extra = 3;
      code = c & 0x07;
    } else {
      return false;
    }
    if (i + extra >= s.size()) return false;
    for (std::size_t k = 1; k <= extra; ++k) {
      const auto next = static_cast<unsigned char>(s[i + k]);
      if ((next & 0xC0) != 0x80) return false;
      code = (code << 6) | (next & 0x3F);
    }
    constexpr std::array<std::uint32_t, 4> kMinimum = {0, 0x80, 0x800, 0x10000};
    if (code < kMinimum[extra] || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
      return false;
    }
    i += extra + 1;
  }
  return true;
}

// Checks and adds one attribute of a name given in a people's form.
void dn_add_attribute(DistinguishedName& dn, std::string_view text, std::string_view written_type,
                      std::string value) {
  const std::string type = dn_attribute_type(written_type);
  if (type.empty()) {
    bad_dn(text, "unknown attribute type '" + std::string(written_type) +
                     "' (allowed: CN, O, OU, C, ST, L)");
  }
  if (value.empty()) bad_dn(text, "empty value for attribute '" + type + "'");
  if (!dn_valid_utf8(value)) bad_dn(text, "the value of '" + type + "' is not UTF-8");
  if (type == "C" && value.size() != 2) {
    bad_dn(text, "country 'C=" + value + "' must be a two-letter code");
  }
  dn.attributes.emplace_back(type, std::move(value));
}

int dn_hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool rfc4514_special(char c) {
  return c == '"' || c == '+' || c == ',' || c == ';' || c == '<' || c == '>' || c == '\\' ||
         c == '=' || c == '#' || c == ' ';
}

std::string dn_hex_escape(unsigned char c) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  return {'\\', kDigits[c >> 4], kDigits[c & 0x0F]};
}

}  // namespace

DistinguishedName parse_rfc4514(std::string_view text) {
  // The RDNs as written (last RDN first), escapes resolved.
  std::vector<std::pair<std::string, std::string>> written;
  std::size_t i = 0;
  auto skip_space = [&] {
    while (i < text.size() && dn_space(text[i])) ++i;
  };
  skip_space();
  if (i == text.size()) return {};
  while (true) {
    skip_space();
    const std::size_t start = i;
    while (i < text.size() && text[i] != '=' && text[i] != ',') ++i;
    if (i == text.size() || text[i] != '=') {
      bad_dn(text,
             "RDN '" + std::string(text.substr(start, i - start)) + "' has no '=' (TYPE=value)");
    }
    const std::string_view type = dn_trimmed(text.substr(start, i - start));
    ++i;  // '='
    skip_space();
    if (i < text.size() && text[i] == '#') {
      bad_dn(text, "hex-encoded value ('#...') of '" + std::string(type) + "' is not supported");
    }
    std::string value;
    std::size_t kept = 0;  // unescaped trailing whitespace is dropped
    while (i < text.size() && text[i] != ',') {
      const char c = text[i];
      if (c == '\\') {
        if (i + 1 >= text.size()) bad_dn(text, "dangling '\\' at the end");
        const char next = text[i + 1];
        if (i + 2 < text.size() && dn_hex_digit(next) >= 0 && dn_hex_digit(text[i + 2]) >= 0) {
          value += static_cast<char>(dn_hex_digit(next) * 16 + dn_hex_digit(text[i + 2]));
          i += 3;
        } else if (rfc4514_special(next)) {
          value += next;
          i += 2;
        } else {
          bad_dn(text,
                 std::string("'\\") + next +
                     "' is not an RFC 4514 escape (a backslash goes before one of \"+,;<>\\=# "
                     "or a space, or two hex digits)");
        }
        kept = value.size();
        continue;
      }
      if (c == '+') {
        bad_dn(text,
               "multi-valued RDNs (an unescaped '+') are not supported; write \\+ for a plus");
      }
      if (c == '"' || c == ';' || c == '<' || c == '>') {
        bad_dn(text, std::string("unescaped '") + c + "' in the value of '" + std::string(type) +
                         "' (write \\" + c + ")");
      }
      value += c;
      if (!dn_space(c)) kept = value.size();
      ++i;
    }
    value.resize(kept);
    written.emplace_back(std::string(type), std::move(value));
    if (i == text.size()) break;
    ++i;  // ','
  }
  DistinguishedName dn;
  for (auto it = written.rbegin(); it != written.rend(); ++it) {
    dn_add_attribute(dn, text, it->first, std::move(it->second));
  }
  return dn;
}

std::string to_rfc4514(const DistinguishedName& name) {
  std::string out;
  for (auto it = name.attributes.rbegin(); it != name.attributes.rend(); ++it) {
    const auto& [type, value] = *it;
    if (!out.empty()) out += ',';
    out += type;
    out += '=';
    for (std::size_t i = 0; i < value.size(); ++i) {
      const char c = value[i];
      const auto byte = static_cast<unsigned char>(c);
      const bool edge = (i == 0 && (c == ' ' || c == '#')) || (i + 1 == value.size() && c == ' ');
      if (c == '"' || c == '+' || c == ',' || c == ';' || c == '<' || c == '>' || c == '\\' ||
          edge) {
        out += '\\';
        out += c;
      } else if (byte < 0x20 || byte == 0x7F) {
        out += dn_hex_escape(byte);
      } else {
        out += c;
      }
    }
  }
  return out;
}

DistinguishedName parse_openssl_slash(std::string_view text) {
  if (text.empty() || text.front() != '/') {
    bad_dn(text, "the slash form starts with '/' (/TYPE=value/TYPE=value...)");
  }
  DistinguishedName dn;
  std::size_t i = 1;
  while (i < text.size()) {
    const std::size_t start = i;
    while (i < text.size() && text[i] != '=' && text[i] != '/') ++i;
    if (i == text.size() || text[i] != '=') {
      bad_dn(text, "'" + std::string(text.substr(start, i - start)) + "' has no '=' (/TYPE=value)");
    }
    const std::string_view type = text.substr(start, i - start);
    ++i;  // '='
    std::string value;
    while (i < text.size() && text[i] != '/') {
      if (text[i] == '+') {
        bad_dn(text,
               "multi-valued RDNs (an unescaped '+') are not supported; write \\+ for a plus");
      }
      if (text[i] == '\\') {
        if (i + 1 >= text.size()) bad_dn(text, "dangling '\\' at the end");
        ++i;
      }
      value += text[i++];
    }
    dn_add_attribute(dn, text, type, std::move(value));
    if (i < text.size()) ++i;  // '/'
  }
  return dn;
}

std::string to_openssl_slash(const DistinguishedName& name) {
  std::string out;
  for (const auto& [type, value] : name.attributes) {
    out += '/';
    out += type;
    out += '=';
    for (char c : value) {
      if (c == '/' || c == '\\' || c == '+') out += '\\';
      out += c;
    }
  }
  return out;
}

std::string name_text(const DistinguishedName& name, NameText form) {
  return form == NameText::rfc4514 ? to_rfc4514(name) : name.to_string();
}

}  // namespace ifa026::pki
