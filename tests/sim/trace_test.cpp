// Trace records: their JSON line form (escaping, invalid UTF-8, omitted fields) and what the
// fingerprint does and does not depend on.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "sim/trace.hpp"

namespace ifa026::sim::trace_test {
namespace {

TraceRecord sample() {
  TraceRecord r;
  r.time = Time::zero() + Duration::milliseconds(1500);
  r.kind = RecordKind::send;
  r.actor = "vnfm-1";
  r.peer = "cmf";
  r.reference_point = "Cm-Vnfm";
  r.operation = "CsrRequest";
  r.step = "C.2.2.2.6#3";
  r.bytes = 812;
  r.message_id = 17;
  r.outcome = "ok";
  r.detail = "note";
  return r;
}

nlohmann::json line_of(const TraceRecord& r) {
  std::string out;
  append_json(out, r, Epoch(*parse_utc("2026-01-01T00:00:00Z")));
  EXPECT_EQ(out.find('\n'), std::string::npos);
  return nlohmann::json::parse(out);
}

TEST(TraceJson, CarriesEveryField) {
  auto j = line_of(sample());
  EXPECT_EQ(j["t_ns"], 1'500'000'000);
  EXPECT_EQ(j["time"], "2026-01-01T00:00:01.5Z");
  EXPECT_EQ(j["kind"], "send");
  EXPECT_EQ(j["actor"], "vnfm-1");
  EXPECT_EQ(j["peer"], "cmf");
  EXPECT_EQ(j["ref"], "Cm-Vnfm");
  EXPECT_EQ(j["op"], "CsrRequest");
  EXPECT_EQ(j["step"], "C.2.2.2.6#3");
  EXPECT_EQ(j["bytes"], 812);
  EXPECT_EQ(j["msg"], 17);
  EXPECT_EQ(j["outcome"], "ok");
  EXPECT_EQ(j["detail"], "note");
}

TEST(TraceJson, LeavesEmptyFieldsOut) {
  TraceRecord r;
  r.actor = "a";
  auto j = line_of(r);
  EXPECT_FALSE(j.contains("peer"));
  EXPECT_FALSE(j.contains("bytes"));
  EXPECT_FALSE(j.contains("detail"));
  EXPECT_EQ(j["kind"], "log");
}

TEST(TraceJson, EscapesAndRepairsText) {
  TraceRecord r = sample();
  r.detail = std::string("quote\" backslash\\ newline\n tab\t nul") + '\0' + " caf\xC3\xA9";
  EXPECT_EQ(line_of(r)["detail"], r.detail);
  r.detail = "bad \xC3\x28 and \xFF end";
  EXPECT_EQ(line_of(r)["detail"], "bad \xEF\xBF\xBD( and \xEF\xBF\xBD end");
}

std::uint64_t fingerprint_of(const TraceRecord& r) {
  Trace t;
  t.emit(r);
  return t.fingerprint();
}

TEST(TraceFingerprint, DependsOnTheTrajectoryFields) {
  const auto base = fingerprint_of(sample());
  auto changed = [&](auto mutate) {
    TraceRecord r = sample();
    mutate(r);
    return fingerprint_of(r) != base;
  };
  EXPECT_TRUE(changed([](TraceRecord& r) { r.time = r.time + Duration::nanoseconds(1); }));
  EXPECT_TRUE(changed([](TraceRecord& r) { r.kind = RecordKind::receive; }));
  EXPECT_TRUE(changed([](TraceRecord& r) { r.actor = "vnfm-2"; }));
  EXPECT_TRUE(changed([](TraceRecord& r) { r.peer = "ca"; }));
  EXPECT_TRUE(changed([](TraceRecord& r) { r.reference_point = "CA-1"; }));
  EXPECT_TRUE(changed([](TraceRecord& r) { r.operation = "Other"; }));
  EXPECT_TRUE(changed([](TraceRecord& r) { r.step = "C.2.2.2.6#4"; }));
  EXPECT_TRUE(changed([](TraceRecord& r) { r.outcome = "rejected"; }));
  // Not on byte counts or detail: they vary with signature sizes and random serials.
  EXPECT_FALSE(changed([](TraceRecord& r) { r.bytes = 813; }));
  EXPECT_FALSE(changed([](TraceRecord& r) { r.detail = "serial=42"; }));
}

TEST(TraceFingerprint, FieldBoundariesMatter) {
  TraceRecord a = sample(), b = sample();
  a.actor = "ab";
  a.peer = "c";
  b.actor = "a";
  b.peer = "bc";
  EXPECT_NE(fingerprint_of(a), fingerprint_of(b));
}

TEST(TraceFingerprint, OrderMatters) {
  TraceRecord a = sample(), b = sample();
  b.actor = "other";
  Trace ab, ba;
  ab.emit(a);
  ab.emit(b);
  ba.emit(b);
  ba.emit(a);
  EXPECT_NE(ab.fingerprint(), ba.fingerprint());
  EXPECT_EQ(ab.size(), 2u);
}

// A kept record (an lvalue) is copied, a moved one is not: both reach the sinks and the
// fingerprint alike, and the caller's kept record is left as it was.
TEST(TraceStore, KeptAndMovedRecordsAreEmittedAlike) {
  Trace kept_trace, moved_trace;
  TraceStore kept_store, moved_store;
  kept_trace.subscribe(kept_store);
  moved_trace.subscribe(moved_store);
  const TraceRecord kept = sample();
  EXPECT_EQ(kept_trace.emit(kept), 1u);
  EXPECT_EQ(kept.id, 0u);
  EXPECT_EQ(kept.actor, sample().actor);
  TraceRecord moved = sample();
  EXPECT_EQ(moved_trace.emit(std::move(moved)), 1u);
  ASSERT_EQ(kept_store.records().size(), 1u);
  ASSERT_EQ(moved_store.records().size(), 1u);
  EXPECT_EQ(kept_store.records()[0].id, 1u);
  EXPECT_EQ(kept_store.records()[0].detail, moved_store.records()[0].detail);
  EXPECT_EQ(kept_store.records()[0].operation, sample().operation);
  EXPECT_EQ(kept_trace.fingerprint(), moved_trace.fingerprint());
}

TEST(TraceStore, AssignsConsecutiveIds) {
  Trace t;
  TraceStore store;
  t.subscribe(store);
  t.emit(sample());
  t.emit(sample());
  ASSERT_EQ(store.records().size(), 2u);
  EXPECT_EQ(store.records()[0].id, 1u);
  EXPECT_EQ(store.records()[1].id, 2u);
}

}  // namespace
}  // namespace ifa026::sim::trace_test
