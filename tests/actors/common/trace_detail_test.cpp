// Trace detail text: what actors write is what conformance checks read back.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "actors/common/trace_detail.hpp"

namespace ifa026::actors {
namespace {

TEST(TraceDetail, RoundTrip) {
  const std::string text = TraceDetail()
                               .add("entity", "nfvo-1")
                               .add("fqdn", "nfvo.example.net")
                               .add("serial", 42LL)
                               .add("peer_subject", "C=FR,O=Operator,CN=nfvo.example.net")
                               .add("empty", "");
  EXPECT_EQ(text,
            "entity=nfvo-1; fqdn=nfvo.example.net; serial=42; "
            "peer_subject=C=FR,O=Operator,CN=nfvo.example.net; empty=");
  const auto pairs = parse_trace_detail(text);
  EXPECT_EQ(pairs, (std::map<std::string, std::string>{
                       {"entity", "nfvo-1"},
                       {"fqdn", "nfvo.example.net"},
                       {"serial", "42"},
                       {"peer_subject", "C=FR,O=Operator,CN=nfvo.example.net"},
                       {"empty", ""}}));
  EXPECT_EQ(trace_detail_value(text, "serial"), "42");
  EXPECT_EQ(trace_detail_value(text, "peer_subject"), "C=FR,O=Operator,CN=nfvo.example.net");
  EXPECT_EQ(trace_detail_value(text, "empty"), "");
  EXPECT_FALSE(trace_detail_value(text, "missing"));
  EXPECT_FALSE(trace_detail_value(text, "entit"));
}

TEST(TraceDetail, SeparatorsInValuesAndKeysCannotForgePairs) {
  const std::string text =
      TraceDetail().add("reason", "bad; outcome=ok").add("a;b=c", "v").add("n", -7LL);
  const auto pairs = parse_trace_detail(text);
  ASSERT_EQ(pairs.size(), 3u) << text;
  EXPECT_EQ(pairs.at("reason"), "bad, outcome=ok");
  EXPECT_EQ(pairs.at("a_b_c"), "v");
  EXPECT_EQ(pairs.at("n"), "-7");
  EXPECT_FALSE(trace_detail_value(text, "outcome"));
}

TEST(TraceDetail, ParsingToleratesOddText) {
  EXPECT_TRUE(parse_trace_detail("").empty());
  EXPECT_TRUE(parse_trace_detail("no pairs here").empty());
  const auto pairs = parse_trace_detail("a=1; junk; b=2; a=3; ");
  EXPECT_EQ(pairs, (std::map<std::string, std::string>{{"a", "3"}, {"b", "2"}}));  // later wins
  EXPECT_EQ(trace_detail_value("x==y", "x"), "=y");
  const std::string converted = TraceDetail().add("k", "v");
  EXPECT_EQ(converted, TraceDetail().add("k", "v").str());
}

}  // namespace
}  // namespace ifa026::actors
