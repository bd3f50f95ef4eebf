// Tests of JsonDocument (parsing, syntax error positions, pointer location) and diagnostics.
#include "sim/json_document.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include <unistd.h>

#include "sim/diagnostic.hpp"

namespace ifa026::sim {
namespace {

Diagnostic at(std::string pointer, bool at_key = false) {
  return Diagnostic{"", 0, 0, std::move(pointer), "m", at_key};
}

// Locates one pointer and returns "LINE:COLUMN".
std::string where(const JsonDocument& doc, std::string pointer, bool at_key = false) {
  std::vector<Diagnostic> diags{at(std::move(pointer), at_key)};
  doc.locate(diags);
  return std::to_string(diags[0].line) + ":" + std::to_string(diags[0].column);
}

bool printable_ascii(const std::string& s) {
  for (char c : s) {
    auto b = static_cast<unsigned char>(c);
    if (b < 0x20 || b >= 0x7f) return false;
  }
  return true;
}

TEST(FormatDiagnostic, AllParts) {
  Diagnostic d{"a.json", 3, 5, "/actors/0", "bad thing", false};
  EXPECT_EQ(format_diagnostic(d), "a.json:3:5: error: bad thing (at /actors/0)");
}

TEST(FormatDiagnostic, NoPositionNoPointer) {
  Diagnostic d{"a.json", 0, 0, "", "cannot read file: No such file or directory", false};
  EXPECT_EQ(format_diagnostic(d), "a.json: error: cannot read file: No such file or directory");
  d.line = 2;
  d.column = 1;
  EXPECT_EQ(format_diagnostic(d), "a.json:2:1: error: cannot read file: No such file or directory");
}

TEST(FormatDiagnostic, ControlCharactersAreEscaped) {
  Diagnostic d{"a.json", 1, 1, "/\x1b[31m", "x\ny", false};
  EXPECT_EQ(format_diagnostic(d), "a.json:1:1: error: x\\x0Ay (at /\\x1B[31m)");
}

TEST(LineAndColumn, CountsCodePoints) {
  std::string text =
      "ab\nc\xC3\xA9"
      "d\n\xF0\x9F\x98\x80x";
  int line = 0;
  int column = 0;
  line_and_column(text, 0, line, column);
  EXPECT_EQ(line, 1);
  EXPECT_EQ(column, 1);
  line_and_column(text, 2, line, column);  // the '\n' itself
  EXPECT_EQ(line, 1);
  EXPECT_EQ(column, 3);
  line_and_column(text, 6, line, column);  // 'd' after a 2-byte character
  EXPECT_EQ(line, 2);
  EXPECT_EQ(column, 3);
  line_and_column(text, 12, line, column);  // 'x' after a 4-byte character
  EXPECT_EQ(line, 3);
  EXPECT_EQ(column, 2);
  line_and_column(text, 1000, line, column);  // clamped to the end
  EXPECT_EQ(line, 3);
  EXPECT_EQ(column, 3);
}

TEST(JsonDocumentParse, ValidDocument) {
  JsonDocument doc = JsonDocument::parse("s.json", R"({"a": [1, 2.5, "x", true, null]})");
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(doc.file(), "s.json");
  EXPECT_EQ(doc.root()["a"][1], 2.5);
  EXPECT_EQ(doc.root()["a"][2], "x");
}

TEST(JsonDocumentParse, MissingCommaLineAndColumn) {
  JsonDocument doc = JsonDocument::parse("s.json", "{\n  \"a\": 1\n  \"b\": 2\n}\n");
  ASSERT_FALSE(doc.ok());
  ASSERT_EQ(doc.syntax_errors().size(), 1u);
  const Diagnostic& d = doc.syntax_errors()[0];
  EXPECT_EQ(d.file, "s.json");
  EXPECT_EQ(d.line, 3);
  EXPECT_EQ(d.column, 5);
  EXPECT_TRUE(d.pointer.empty());
  EXPECT_EQ(d.message,
            "syntax error while parsing object - unexpected string literal; "
            "expected '}'");
  EXPECT_EQ(format_diagnostic(d), "s.json:3:5: error: " + d.message);
}

TEST(JsonDocumentParse, ColumnInCodePoints) {
  JsonDocument doc = JsonDocument::parse("s.json", "[\"\xC3\xA9\xC3\xA9\" x]");
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.syntax_errors()[0].line, 1);
  EXPECT_EQ(doc.syntax_errors()[0].column, 7);
}

TEST(JsonDocumentParse, UnexpectedEndOfInput) {
  JsonDocument doc = JsonDocument::parse("s.json", "[1,\n2");
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.syntax_errors()[0].line, 2);
  EXPECT_EQ(doc.syntax_errors()[0].column, 2);
  EXPECT_NE(doc.syntax_errors()[0].message.find("unexpected end of input"), std::string::npos);
}

TEST(JsonDocumentParse, TrailingGarbageAndComments) {
  EXPECT_FALSE(JsonDocument::parse("s.json", "[1] x").ok());
  EXPECT_FALSE(JsonDocument::parse("s.json", "[1] // comment").ok());
  EXPECT_FALSE(JsonDocument::parse("s.json", "{\"a\": 1,}").ok());
}

TEST(JsonDocumentParse, NumberOverflowHasAPosition) {
  JsonDocument doc = JsonDocument::parse("s.json", "{\n  \"x\": 1e500\n}");
  ASSERT_FALSE(doc.ok());
  const Diagnostic& d = doc.syntax_errors()[0];
  EXPECT_EQ(d.line, 2);
  EXPECT_GT(d.column, 0);
  EXPECT_EQ(d.message, "number overflow parsing '1e500'");
}

TEST(JsonDocumentParse, EmptyFile) {
  for (std::string text : {"", "   \n\t\r\n ", "\xEF\xBB\xBF"}) {
    JsonDocument doc = JsonDocument::parse("e.json", text);
    ASSERT_FALSE(doc.ok());
    ASSERT_EQ(doc.syntax_errors().size(), 1u);
    EXPECT_EQ(doc.syntax_errors()[0].message, "empty file: expected a JSON value");
    EXPECT_GT(doc.syntax_errors()[0].line, 0);
  }
}

TEST(JsonDocumentParse, ByteOrderMarkIsSkipped) {
  JsonDocument doc = JsonDocument::parse("s.json", "\xEF\xBB\xBF{\"a\": 1}");
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(where(doc, "/a"), "1:7");
  EXPECT_EQ(where(doc, ""), "1:1");
}

TEST(JsonDocumentParse, BinaryGarbage) {
  std::string all_bytes;
  for (int b = 0; b < 256; ++b) all_bytes += static_cast<char>(b);
  std::vector<std::string> inputs = {all_bytes, "[\"" + all_bytes + "\"]",
                                     "{\"k\": \"" + all_bytes.substr(128) + "\"}",
                                     std::string("\xff\xfe{\0}", 5)};
  std::mt19937 rng(42);
  for (int i = 0; i < 300; ++i) {
    std::string s(rng() % 64, '\0');
    for (char& c : s) c = static_cast<char>(rng());
    if (i % 2 == 0) s = "[\"" + s;
    inputs.push_back(s);
  }
  for (const std::string& input : inputs) {
    JsonDocument doc = JsonDocument::parse("g.bin", input);
    if (doc.ok()) continue;  // a random input may happen to be valid JSON
    ASSERT_EQ(doc.syntax_errors().size(), 1u);
    const Diagnostic& d = doc.syntax_errors()[0];
    EXPECT_TRUE(printable_ascii(d.message)) << d.message;
    EXPECT_GE(d.line, 1);
    EXPECT_GE(d.column, 1);
  }
  JsonDocument doc = JsonDocument::parse("g.bin", all_bytes);
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.syntax_errors()[0].line, 1);
  EXPECT_EQ(doc.syntax_errors()[0].column, 1);  // a NUL byte cannot start a value
}

TEST(JsonDocumentParse, InvalidUtf8InString) {
  JsonDocument doc = JsonDocument::parse("u.json", "{\n  \"name\": \"ab\xC3\x28\"\n}");
  ASSERT_FALSE(doc.ok());
  const Diagnostic& d = doc.syntax_errors()[0];
  EXPECT_EQ(d.line, 2);
  EXPECT_EQ(d.column, 15);  // the byte that cannot continue the sequence
  EXPECT_NE(d.message.find("ill-formed UTF-8"), std::string::npos) << d.message;
  EXPECT_NE(d.message.find("\\xC3"), std::string::npos) << d.message;
  EXPECT_TRUE(printable_ascii(d.message)) << d.message;
}

TEST(JsonDocumentParse, ControlCharacterInString) {
  JsonDocument doc = JsonDocument::parse("c.json", "[\"a\nb\"]");
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.syntax_errors()[0].line, 1);
  EXPECT_EQ(doc.syntax_errors()[0].column, 4);
  EXPECT_TRUE(printable_ascii(doc.syntax_errors()[0].message));
}

TEST(JsonDocumentParse, DeepNesting) {
  constexpr int kDepth = 200'000;
  std::string text = std::string(kDepth, '[') + std::string(kDepth, ']');
  JsonDocument doc = JsonDocument::parse("deep.json", text);
  ASSERT_TRUE(doc.ok());
  EXPECT_TRUE(doc.root().is_array());

  std::string deepest;
  for (int i = 0; i < kDepth - 1; ++i) deepest += "/0";
  std::vector<Diagnostic> diags{at(""), at("/0/0"), at(deepest), at(deepest + "/0"), at("/1")};
  doc.locate(diags);
  EXPECT_EQ(diags[0].column, 1);
  EXPECT_EQ(diags[1].column, 3);
  EXPECT_EQ(diags[2].column, kDepth);
  EXPECT_EQ(diags[3].column, kDepth);  // does not exist: its parent
  EXPECT_EQ(diags[4].column, 1);       // does not exist: the root
  for (const Diagnostic& d : diags) EXPECT_EQ(d.line, 1);
}

TEST(JsonDocumentParse, DeepNestingUnclosed) {
  constexpr int kDepth = 200'000;
  JsonDocument doc = JsonDocument::parse("deep.json", std::string(kDepth, '[') + "{\"a\":");
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.syntax_errors()[0].line, 1);
  EXPECT_EQ(doc.syntax_errors()[0].column, kDepth + 6);
}

TEST(JsonDocumentLocate, KeyVersusValue) {
  std::string text =
      "{\n"
      "  \"actors\": [\n"
      "    {\"name\": \"a\", \"tpye\": \"echo\"}\n"
      "  ],\n"
      "  \"seed\": -1\n"
      "}\n";
  JsonDocument doc = JsonDocument::parse("s.json", text);
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(where(doc, ""), "1:1");
  EXPECT_EQ(where(doc, "/actors"), "2:13");
  EXPECT_EQ(where(doc, "/actors", true), "2:3");
  EXPECT_EQ(where(doc, "/actors/0"), "3:5");
  EXPECT_EQ(where(doc, "/actors/0", true), "3:5");  // array elements have no key
  EXPECT_EQ(where(doc, "/actors/0/tpye", true), "3:19");
  EXPECT_EQ(where(doc, "/actors/0/tpye"), "3:27");
  EXPECT_EQ(where(doc, "/seed"), "5:11");
}

TEST(JsonDocumentLocate, NonexistentPointerFallsBackToAncestor) {
  std::string text = "{\n  \"actors\": [\n    {\"name\": \"a\"}\n  ]\n}\n";
  JsonDocument doc = JsonDocument::parse("s.json", text);
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(where(doc, "/actors/0/type"), "3:5");
  EXPECT_EQ(where(doc, "/actors/0/type", true), "3:5");
  EXPECT_EQ(where(doc, "/actors/7/name"), "2:13");
  EXPECT_EQ(where(doc, "/actors/00"), "2:13");  // not an array index in RFC 6901
  EXPECT_EQ(where(doc, "/actors/0/name/x/y"), "3:14");
  EXPECT_EQ(where(doc, "/nope/deeper"), "1:1");
  EXPECT_EQ(where(doc, "not-a-pointer"), "1:1");
}

TEST(JsonDocumentLocate, PointerEscapingAndKeyEscapes) {
  std::string text =
      "{\"a/b\": {\"m~n\": 1},\n"
      " \"a\": {\"b\": 2},\n"
      " \"x\\u002fy\": 3,\n"
      " \"\\ud83d\\ude00\": 4,\n"
      " \"t\\tk\\\"q\": 5,\n"
      " \"\xC3\xA9\": 6}\n";
  JsonDocument doc = JsonDocument::parse("s.json", text);
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(where(doc, "/a~1b/m~0n"), "1:17");
  EXPECT_EQ(where(doc, "/a/b"), "2:13");
  EXPECT_EQ(where(doc, "/x~1y"), "3:14");
  EXPECT_EQ(where(doc, "/x~1y", true), "3:2");
  EXPECT_EQ(where(doc, "/\xF0\x9F\x98\x80"), "4:18");
  EXPECT_EQ(where(doc, "/t\tk\"q"), "5:13");
  EXPECT_EQ(where(doc, "/\xC3\xA9"), "6:7");
}

TEST(JsonDocumentLocate, SkipsEscapedQuotesAndBackslashes) {
  std::string text = R"({"s": {"q\"": "a\\", "r": "b\"}\\\""}, "t": ["\\\\", "]"], "u": 1})";
  JsonDocument doc = JsonDocument::parse("s.json", text);
  ASSERT_TRUE(doc.ok()) << format_diagnostic(doc.syntax_errors()[0]);
  EXPECT_EQ(doc.root()["s"]["r"], "b\"}\\\"");
  EXPECT_EQ(where(doc, "/u"), "1:" + std::to_string(text.size() - 1));
  EXPECT_EQ(where(doc, "/t/1"), "1:" + std::to_string(text.find("\"]\"") + 1));
  EXPECT_EQ(where(doc, "/s/q\""), "1:" + std::to_string(text.find("\"a") + 1));
}

TEST(JsonDocumentLocate, DocumentWithErrors) {
  for (std::string text : {"{\"a\": [1, 2", "", "\"unterminated", "{\"a\" 1}", "[1}"}) {
    JsonDocument doc = JsonDocument::parse("bad.json", text);
    ASSERT_FALSE(doc.ok());
    std::vector<Diagnostic> diags{at(""), at("/a/1"), at("/a", true)};
    doc.locate(diags);  // must not crash; positions are best effort
    for (const Diagnostic& d : diags) EXPECT_EQ(d.file, "bad.json");
  }
  JsonDocument missing = JsonDocument::load("/nonexistent/x.json");
  std::vector<Diagnostic> diags{at("/a")};
  missing.locate(diags);
  EXPECT_EQ(diags[0].line, 0);
  EXPECT_EQ(format_diagnostic(diags[0]), "/nonexistent/x.json: error: m (at /a)");
}

TEST(JsonDocumentLocate, DuplicateKeyUsesTheLastOne) {
  JsonDocument doc = JsonDocument::parse("s.json", "{\"a\": 1,\n \"a\": 2}");
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(doc.root()["a"], 2);
  EXPECT_EQ(where(doc, "/a"), "2:7");
}

TEST(JsonDocumentLocate, FillsFileForEveryDiagnostic) {
  JsonDocument doc = JsonDocument::parse("f.json", "{\"a\": [1, {\"b\": []}]}");
  ASSERT_TRUE(doc.ok());
  std::vector<Diagnostic> diags{at("/a/1/b/0"), at("/a/1/b"), at("/a/0"), at("/a/1/b", true)};
  doc.locate(diags);
  for (const Diagnostic& d : diags) EXPECT_EQ(d.file, "f.json");
  EXPECT_EQ(diags[0].column, 17);
  EXPECT_EQ(diags[1].column, 17);
  EXPECT_EQ(diags[2].column, 8);
  EXPECT_EQ(diags[3].column, 12);
}

TEST(JsonDocumentLocate, LargeFileWithManyDiagnostics) {
  constexpr int kCommands = 100'000;
  constexpr int kCovers = 50'000;
  const std::string filler(1100, 'r');
  std::string text = "{\"name\": \"big\", \"epoch\": \"2026-01-01T00:00:00Z\", \"seed\": 1,\n";
  text += "\"workload\": [\n";
  std::vector<std::size_t> command_offsets;
  for (int i = 0; i < kCommands; ++i) {
    text += "  {\"at\": \"1s\", \"actor\": \"a\", \"command\": ";
    command_offsets.push_back(text.size());
    text += "\"ping\"}";
    text += i + 1 < kCommands ? ",\n" : "\n";
  }
  text += "],\n\"covers\": [";
  std::size_t last_cover = 0;
  for (int i = 0; i < kCovers; ++i) {
    if (i > 0) text += ", ";
    last_cover = text.size();
    text += "\"" + filler + std::to_string(i) + "\"";
  }
  text += "]}\n";
  ASSERT_GT(text.size(), 55u * 1000 * 1000);

  auto start = std::chrono::steady_clock::now();
  JsonDocument doc = JsonDocument::parse("big.json", std::move(text));
  ASSERT_TRUE(doc.ok());
  auto parsed = std::chrono::steady_clock::now();

  std::vector<Diagnostic> diags;
  for (int i = 0; i < kCommands; ++i) {
    diags.push_back(at("/workload/" + std::to_string(i) + "/command", i % 2 == 1));
  }
  diags.push_back(at("/covers/" + std::to_string(kCovers - 1)));
  doc.locate(diags);
  auto located = std::chrono::steady_clock::now();

  int line = 0;
  int column = 0;
  for (int i : {0, 1, 4242, kCommands - 1}) {
    line_and_column(doc.text(), command_offsets[static_cast<std::size_t>(i)], line, column);
    EXPECT_EQ(diags[static_cast<std::size_t>(i)].line, i + 3);
    // Odd diagnostics ask for the key, which is at column 30 on every line.
    EXPECT_EQ(diags[static_cast<std::size_t>(i)].column, i % 2 == 0 ? column : 30);
  }
  line_and_column(doc.text(), last_cover, line, column);
  EXPECT_EQ(diags.back().line, line);
  EXPECT_EQ(diags.back().column, column);
  EXPECT_EQ(diags.back().line, kCommands + 4);

  auto seconds = [](auto d) { return std::chrono::duration<double>(d).count(); };
  // Generous bounds (sanitizers, loaded machines); a quadratic locate would take hours.
  EXPECT_LT(seconds(parsed - start), 60.0);
  EXPECT_LT(seconds(located - parsed), 20.0);
}

TEST(JsonDocumentLoad, MissingFile) {
  JsonDocument doc = JsonDocument::load("/nonexistent/dir/x.json");
  ASSERT_FALSE(doc.ok());
  const Diagnostic& d = doc.syntax_errors()[0];
  EXPECT_EQ(d.file, "/nonexistent/dir/x.json");
  EXPECT_EQ(d.line, 0);
  EXPECT_EQ(d.message, "cannot read file: No such file or directory");
  EXPECT_EQ(format_diagnostic(d),
            "/nonexistent/dir/x.json: error: cannot read file: No such file or directory");
}

TEST(JsonDocumentLoad, DirectoryIsUnreadable) {
  JsonDocument doc = JsonDocument::load(std::filesystem::temp_directory_path().string());
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.syntax_errors()[0].line, 0);
  EXPECT_TRUE(doc.syntax_errors()[0].message.starts_with("cannot read file: "));
}

TEST(JsonDocumentLoad, ReadsBinaryExactly) {
  auto path = std::filesystem::temp_directory_path() /
              ("ifa026_json_document_test_" + std::to_string(::getpid()) + ".json");
  {
    std::ofstream out(path, std::ios::binary);
    out << "{\r\n  \"a\": \"x\",\r\n  \"b\" 1\r\n}";
  }
  JsonDocument doc = JsonDocument::load(path.string());
  std::filesystem::remove(path);
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.file(), path.string());
  EXPECT_EQ(doc.syntax_errors()[0].line, 3);
  EXPECT_EQ(doc.syntax_errors()[0].column, 7);
  EXPECT_EQ(doc.text().size(), 26u);
}

}  // namespace
}  // namespace ifa026::sim
