// Parsing of JSON input files into a DOM, and mapping of JSON pointers back to lines and columns.
#include "sim/json_document.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <exception>
#include <new>
#include <string_view>
#include <system_error>
#include <unordered_map>
#include <utility>

namespace ifa026::sim {
namespace {

using nlohmann::json;

constexpr std::size_t kNone = static_cast<std::size_t>(-1);

bool has_bom(std::string_view text) {
  return text.substr(0, 3) == "\xEF\xBB\xBF";
}

bool is_json_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// Builds the DOM from nlohmann's SAX events. Unlike json::parse it reports every error,
// including number overflow (out_of_range.406, which carries no byte offset), through
// parse_error with its position, and it never throws. nlohmann's parser keeps its own state on
// the heap, so deep nesting does not recurse.
class DomBuilder : public nlohmann::json_sax<json> {
 public:
  explicit DomBuilder(json& root) : root_(root) {}

  bool null() override { return add(json(nullptr)); }
  bool boolean(bool v) override { return add(json(v)); }
  bool number_integer(number_integer_t v) override { return add(json(v)); }
  bool number_unsigned(number_unsigned_t v) override { return add(json(v)); }
  bool number_float(number_float_t v, const string_t& /*text*/) override { return add(json(v)); }
  bool string(string_t& v) override { return add(json(std::move(v))); }
  bool binary(binary_t& v) override { return add(json::binary(std::move(v))); }
  bool start_object(std::size_t /*size*/) override {
    stack_.push_back(insert(json::object()));
    return true;
  }
  bool key(string_t& k) override {
    member_ = &(*stack_.back())[std::move(k)];
    return true;
  }
  bool end_object() override {
    stack_.pop_back();
    return true;
  }
  bool start_array(std::size_t /*size*/) override {
    stack_.push_back(insert(json::array()));
    return true;
  }
  bool end_array() override {
    stack_.pop_back();
    return true;
  }
  bool parse_error(std::size_t position, const std::string& /*last_token*/,
                   const json::exception& ex) override {
    failed_ = true;
    error_position_ = position;
    error_message_ = ex.what();
    return false;
  }

  bool failed() const { return failed_; }
  std::size_t error_position() const { return error_position_; }
  const std::string& error_message() const { return error_message_; }

 private:
  bool add(json&& value) {
    insert(std::move(value));
    return true;
  }
  json* insert(json&& value) {
    if (stack_.empty()) {
      root_ = std::move(value);
      return &root_;
    }
    json& top = *stack_.back();
    if (top.is_array()) {
      top.push_back(std::move(value));
      return &top.back();
    }
    *member_ = std::move(value);
    return member_;
  }

  json& root_;
  std::vector<json*> stack_;
  json* member_ = nullptr;
  bool failed_ = false;
  std::size_t error_position_ = 0;
  std::string error_message_;
};

// nlohmann's exception text without its "[json.exception.x.n] parse error at line L, column C: "
// prefix, with every byte that is not printable ASCII written as \xNN.
std::string clean_message(std::string_view what) {
  if (what.starts_with("[json.exception.")) {
    std::size_t end = what.find("] ");
    if (end != std::string_view::npos) what.remove_prefix(end + 2);
  }
  if (what.starts_with("parse error")) {
    std::size_t colon = what.find(": ");
    if (colon != std::string_view::npos) what.remove_prefix(colon + 2);
  }
  std::string out;
  out.reserve(what.size());
  for (char ch : what) {
    auto byte = static_cast<unsigned char>(ch);
    if (byte < 0x20 || byte >= 0x7f) {
      static constexpr char kHex[] = "0123456789ABCDEF";
      out += "\\x";
      out += kHex[byte >> 4];
      out += kHex[byte & 0xf];
    } else {
      out += ch;
    }
  }
  return out;
}

// Advances a line/column position over text[pos, end).
void advance(std::string_view text, std::size_t& pos, std::size_t end, int& line, int& column) {
  for (; pos < end; ++pos) {
    auto byte = static_cast<unsigned char>(text[pos]);
    if (byte == '\n') {
      ++line;
      column = 1;
    } else if ((byte & 0xC0) != 0x80) {
      ++column;
    }
  }
}

// Where counting starts: after a UTF-8 byte order mark, which editors do not show as a column.
std::size_t count_start(std::string_view text, std::size_t offset) {
  return has_bom(text) && offset >= 3 ? 3 : 0;
}

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// The wanted JSON pointers as a trie of reference tokens: node 0 is the root value. The scan
// follows the trie down from the root, so only members on the way to a wanted pointer cost more
// than skipping their bytes, whatever the nesting depth of the document.
class PointerTrie {
 public:
  struct Node {
    int parent = -1;
    std::size_t value = kNone;  // offset of the value's first byte, once found
    std::size_t key = kNone;    // offset of the member key's opening quote, once found
  };

  PointerTrie() { nodes_.push_back(Node{}); }

  // Adds an RFC 6901 pointer; returns its node. A malformed pointer (not starting with '/') is
  // the root's problem.
  int add(std::string_view pointer) {
    int node = 0;
    if (pointer.empty() || pointer.front() != '/') return node;
    std::size_t pos = 1;
    while (true) {
      std::size_t slash = pointer.find('/', pos);
      std::size_t count = slash == std::string_view::npos ? slash : slash - pos;
      std::string_view raw = pointer.substr(pos, count);
      scratch_.parent = node;
      scratch_.token.clear();
      for (std::size_t i = 0; i < raw.size(); ++i) {
        if (raw[i] == '~' && i + 1 < raw.size() && (raw[i + 1] == '0' || raw[i + 1] == '1')) {
          scratch_.token += raw[i + 1] == '0' ? '~' : '/';
          ++i;
        } else {
          scratch_.token += raw[i];
        }
      }
      auto [it, inserted] = children_.try_emplace(scratch_, static_cast<int>(nodes_.size()));
      if (inserted) nodes_.push_back(Node{node});
      node = it->second;
      if (slash == std::string_view::npos) break;
      pos = slash + 1;
    }
    return node;
  }

  // The child of `node` with the reference token being built in token(); -1 when not wanted.
  std::string& token() { return scratch_.token; }
  int child(int node) {
    scratch_.parent = node;
    auto it = children_.find(scratch_);
    return it == children_.end() ? -1 : it->second;
  }
  int child(int node, std::size_t index) {
    char buf[24];
    auto res = std::to_chars(buf, buf + sizeof buf, index);
    scratch_.token.assign(buf, res.ptr);
    return child(node);
  }

  Node& node(int id) { return nodes_[static_cast<std::size_t>(id)]; }

 private:
  struct Key {
    int parent = 0;
    std::string token;
    bool operator==(const Key&) const = default;
  };
  struct KeyHash {
    std::size_t operator()(const Key& k) const {
      return std::hash<std::string>()(k.token) * 31 + static_cast<std::size_t>(k.parent);
    }
  };

  std::vector<Node> nodes_;
  std::unordered_map<Key, int, KeyHash> children_;
  Key scratch_;
};

// One forward pass over JSON text (assumed valid; malformed text ends the scan early without
// harm) recording the positions of the values and keys that the trie asks for.
class Scanner {
 public:
  Scanner(std::string_view text, PointerTrie& trie) : s_(text), trie_(trie) {}

  void run() {
    pos_ = has_bom(s_) ? 3 : 0;
    skip_space();
    enum class Next { kValue, kMember, kAfterValue };
    Next next = Next::kValue;
    int value_node = 0;
    while (true) {
      switch (next) {
        case Next::kValue: {
          if (pos_ >= s_.size()) return;
          if (value_node >= 0) trie_.node(value_node).value = pos_;
          char c = s_[pos_];
          if (c == '{' || c == '[') {
            bool is_object = c == '{';
            stack_.push_back(Frame{is_object, value_node, 0});
            ++pos_;
            skip_space();
            if (pos_ >= s_.size()) return;
            if (s_[pos_] == (is_object ? '}' : ']')) {
              ++pos_;
              stack_.pop_back();
              next = Next::kAfterValue;
            } else if (is_object) {
              next = Next::kMember;
            } else {
              value_node = value_node >= 0 ? trie_.child(value_node, 0) : -1;
            }
          } else if (c == '"') {
            if (!skip_string()) return;
            next = Next::kAfterValue;
          } else {
            std::size_t start = pos_;
            while (pos_ < s_.size() && !is_json_space(s_[pos_]) && s_[pos_] != ',' &&
                   s_[pos_] != ']' && s_[pos_] != '}') {
              ++pos_;
            }
            if (pos_ == start) return;
            next = Next::kAfterValue;
          }
          break;
        }
        case Next::kMember: {
          if (pos_ >= s_.size() || s_[pos_] != '"') return;
          std::size_t key_pos = pos_;
          int parent = stack_.back().node;
          int node = -1;
          if (parent >= 0) {
            if (!read_string(trie_.token())) return;
            node = trie_.child(parent);
          } else if (!skip_string()) {
            return;
          }
          skip_space();
          if (pos_ >= s_.size() || s_[pos_] != ':') return;
          ++pos_;
          skip_space();
          if (node >= 0) trie_.node(node).key = key_pos;
          value_node = node;
          next = Next::kValue;
          break;
        }
        case Next::kAfterValue: {
          skip_space();
          if (stack_.empty() || pos_ >= s_.size()) return;
          Frame& frame = stack_.back();
          if (s_[pos_] == ',') {
            ++pos_;
            skip_space();
            if (frame.is_object) {
              next = Next::kMember;
            } else {
              ++frame.index;
              value_node = frame.node >= 0 ? trie_.child(frame.node, frame.index) : -1;
              next = Next::kValue;
            }
          } else if (s_[pos_] == (frame.is_object ? '}' : ']')) {
            ++pos_;
            stack_.pop_back();
          } else {
            return;
          }
          break;
        }
      }
    }
  }

 private:
  struct Frame {
    bool is_object;
    int node;  // trie node of this container; -1 when nothing inside it is wanted
    std::size_t index;
  };

  void skip_space() {
    while (pos_ < s_.size() && is_json_space(s_[pos_])) ++pos_;
  }

  // At an opening quote: moves past the closing one. False when the text ends first. A quote
  // closes the string unless an odd number of backslashes precedes it.
  bool skip_string() {
    std::size_t open = pos_;
    std::size_t from = pos_ + 1;
    while (from < s_.size()) {
      const void* hit = std::memchr(s_.data() + from, '"', s_.size() - from);
      if (hit == nullptr) break;
      std::size_t quote = static_cast<std::size_t>(static_cast<const char*>(hit) - s_.data());
      std::size_t backslashes = 0;
      while (quote - backslashes > open + 1 && s_[quote - backslashes - 1] == '\\') ++backslashes;
      if (backslashes % 2 == 0) {
        pos_ = quote + 1;
        return true;
      }
      from = quote + 1;
    }
    pos_ = s_.size();
    return false;
  }

  bool read_hex4(std::uint32_t& value) {
    if (s_.size() - pos_ < 4) return false;
    value = 0;
    for (int i = 0; i < 4; ++i) {
      char c = s_[pos_++];
      value <<= 4;
      if (c >= '0' && c <= '9') {
        value |= static_cast<std::uint32_t>(c - '0');
      } else if (c >= 'a' && c <= 'f') {
        value |= static_cast<std::uint32_t>(c - 'a' + 10);
      } else if (c >= 'A' && c <= 'F') {
        value |= static_cast<std::uint32_t>(c - 'A' + 10);
      } else {
        return false;
      }
    }
    return true;
  }

  // At an opening quote: decodes the string (escapes, \uXXXX and surrogate pairs) into `out`.
  bool read_string(std::string& out) {
    out.clear();
    ++pos_;
    while (pos_ < s_.size()) {
      char c = s_[pos_++];
      if (c == '"') return true;
      if (c != '\\') {
        out += c;
        continue;
      }
      if (pos_ >= s_.size()) return false;
      char e = s_[pos_++];
      switch (e) {
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          std::uint32_t cp = 0;
          if (!read_hex4(cp)) return false;
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            std::uint32_t low = 0;
            if (s_.size() - pos_ >= 6 && s_[pos_] == '\\' && s_[pos_ + 1] == 'u') {
              std::size_t save = pos_;
              pos_ += 2;
              if (read_hex4(low) && low >= 0xDC00 && low <= 0xDFFF) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
              } else {
                pos_ = save;
                cp = 0xFFFD;
              }
            } else {
              cp = 0xFFFD;
            }
          } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            cp = 0xFFFD;
          }
          append_utf8(out, cp);
          break;
        }
        default:
          out += e;
          break;  // \" \\ \/
      }
    }
    return false;
  }

  std::string_view s_;
  PointerTrie& trie_;
  std::size_t pos_ = 0;
  std::vector<Frame> stack_;
};

}  // namespace

JsonDocument JsonDocument::parse(std::string file, std::string text) {
  JsonDocument doc;
  doc.file_ = std::move(file);
  doc.text_ = std::move(text);
  const std::string& t = doc.text_;
  auto fail = [&doc](std::size_t offset, std::string message) {
    doc.root_ = nullptr;
    Diagnostic d;
    d.file = doc.file_;
    line_and_column(doc.text_, offset, d.line, d.column);
    d.message = std::move(message);
    doc.syntax_errors_.push_back(std::move(d));
  };

  std::size_t first = has_bom(t) ? 3 : 0;
  while (first < t.size() && is_json_space(t[first])) ++first;
  if (first == t.size()) {
    fail(t.size(), "empty file: expected a JSON value");
    return doc;
  }
  try {
    DomBuilder builder(doc.root_);
    json::sax_parse(t, &builder, json::input_format_t::json, /*strict=*/true,
                    /*ignore_comments=*/false);
    if (builder.failed()) {
      // The position is the 1-based offset of the last byte read, i.e. the offending one. (The
      // token text nlohmann passes along is not reliably the offending token alone, so it is
      // not used to move the position back to the token's start.)
      std::size_t pos = builder.error_position();
      fail(pos > 0 ? pos - 1 : 0, clean_message(builder.error_message()));
    }
  } catch (const std::bad_alloc&) {
    fail(0, "out of memory while parsing");
  } catch (const std::exception& e) {
    fail(0, clean_message(e.what()));
  }
  return doc;
}

JsonDocument JsonDocument::load(const std::string& path) {
  auto unreadable = [&path](int err) {
    JsonDocument doc;
    doc.file_ = path;
    Diagnostic d;
    d.file = path;
    d.message = "cannot read file: " + std::error_code(err, std::generic_category()).message();
    doc.syntax_errors_.push_back(std::move(d));
    return doc;
  };
  errno = 0;
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return unreadable(errno != 0 ? errno : EIO);
  std::string text;
  try {
    if (std::fseek(f, 0, SEEK_END) == 0) {
      long size = std::ftell(f);
      if (size > 0) text.reserve(static_cast<std::size_t>(size));
      std::rewind(f);
    }
    char buf[1 << 16];
    std::size_t got = 0;
    while ((got = std::fread(buf, 1, sizeof buf, f)) > 0) text.append(buf, got);
  } catch (const std::bad_alloc&) {
    std::fclose(f);
    return unreadable(ENOMEM);
  }
  bool failed = std::ferror(f) != 0;
  int err = errno;
  std::fclose(f);
  if (failed) return unreadable(err != 0 ? err : EIO);
  return parse(path, std::move(text));
}

void JsonDocument::locate(std::vector<Diagnostic>& diagnostics) const {
  PointerTrie trie;
  std::vector<int> nodes;
  nodes.reserve(diagnostics.size());
  for (const Diagnostic& d : diagnostics) nodes.push_back(trie.add(d.pointer));
  Scanner(text_, trie).run();

  // (offset, diagnostic index), then one sweep over the text in offset order.
  std::vector<std::pair<std::size_t, std::size_t>> wanted;
  wanted.reserve(diagnostics.size());
  for (std::size_t i = 0; i < diagnostics.size(); ++i) {
    Diagnostic& d = diagnostics[i];
    d.file = file_;
    d.line = 0;
    d.column = 0;
    int node = nodes[i];
    std::size_t offset = d.at_key ? trie.node(node).key : kNone;
    while (offset == kNone && node >= 0) {
      offset = trie.node(node).value;
      node = trie.node(node).parent;
    }
    if (offset != kNone) wanted.emplace_back(offset, i);
  }
  std::sort(wanted.begin(), wanted.end());
  std::size_t pos = wanted.empty() ? 0 : count_start(text_, wanted.front().first);
  int line = 1;
  int column = 1;
  for (const auto& [offset, index] : wanted) {
    advance(text_, pos, offset, line, column);
    diagnostics[index].line = line;
    diagnostics[index].column = column;
  }
}

void line_and_column(const std::string& text, std::size_t offset, int& line, int& column) {
  offset = std::min(offset, text.size());
  std::size_t pos = count_start(text, offset);
  line = 1;
  column = 1;
  advance(text, pos, offset, line, column);
}

}  // namespace ifa026::sim
