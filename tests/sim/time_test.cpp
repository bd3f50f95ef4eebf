// Durations and UTC instants: parsing both text forms, formatting, round trips, bad input.
#include <gtest/gtest.h>

#include "sim/time.hpp"

namespace ifa026::sim {
namespace {

TEST(Duration, ParsesCompactForms) {
  EXPECT_EQ(parse_duration("90d"), Duration::days(90));
  EXPECT_EQ(parse_duration("250ms"), Duration::milliseconds(250));
  EXPECT_EQ(parse_duration("1h30m"), Duration::minutes(90));
  EXPECT_EQ(parse_duration("1.5s"), Duration::milliseconds(1500));
  EXPECT_EQ(parse_duration("10us"), Duration::microseconds(10));
  EXPECT_EQ(parse_duration("7ns"), Duration::nanoseconds(7));
  EXPECT_EQ(parse_duration("0"), Duration{});
  EXPECT_EQ(parse_duration("-5s"), -Duration::seconds(5));
}

TEST(Duration, ParsesIso8601) {
  EXPECT_EQ(parse_duration("PT1H30M"), Duration::minutes(90));
  EXPECT_EQ(parse_duration("P90D"), Duration::days(90));
  EXPECT_EQ(parse_duration("PT0.25S"), Duration::milliseconds(250));
  EXPECT_EQ(parse_duration("P1DT2H"), Duration::hours(26));
  EXPECT_EQ(parse_duration("P2W"), Duration::days(14));
}

TEST(Duration, RejectsMalformedText) {
  for (const char* bad : {"", "10", "10x", "s", "1h1h", "1m1h", "PT", "P", "P1H", "PT1D", "1.s",
                          "--1s", "1 s", "99999999999999999999s", "P1Y", "PT1M1H"})
    EXPECT_FALSE(parse_duration(bad).has_value()) << bad;
}

TEST(Duration, FormatsAndRoundTrips) {
  EXPECT_EQ(format_duration(Duration{}), "0s");
  EXPECT_EQ(format_duration(Duration::milliseconds(250)), "250ms");
  EXPECT_EQ(format_duration(Duration::minutes(90)), "1h30m");
  EXPECT_EQ(format_duration(Duration::milliseconds(1500)), "1.5s");
  EXPECT_EQ(format_duration(Duration::days(90)), "90d");
  EXPECT_EQ(format_duration_iso8601(Duration::minutes(90)), "PT1H30M");
  EXPECT_EQ(format_duration_iso8601(Duration::days(1) + Duration::milliseconds(500)), "P1DT0.5S");
  EXPECT_EQ(format_duration_iso8601(Duration{}), "PT0S");
  for (std::int64_t ns : {1LL, 999LL, 1'000'001LL, 86'400'000'000'123LL, 3'725'000'000'000LL}) {
    auto d = Duration::nanoseconds(ns);
    EXPECT_EQ(parse_duration(format_duration(d)), d) << format_duration(d);
    EXPECT_EQ(parse_duration(format_duration_iso8601(d)), d) << format_duration_iso8601(d);
  }
}

TEST(UtcInstant, ParsesAndFormats) {
  auto t = parse_utc("2026-01-01T00:00:00Z");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->unix_ns, 1767225600LL * 1'000'000'000);
  EXPECT_EQ(format_utc(*t), "2026-01-01T00:00:00Z");
  auto offset = parse_utc("2026-01-01T01:00:00.5+01:00");
  ASSERT_TRUE(offset);
  EXPECT_EQ(format_utc(*offset), "2026-01-01T00:00:00.5Z");
  EXPECT_EQ(format_utc(*parse_utc("2028-02-29T23:59:59Z")), "2028-02-29T23:59:59Z");
}

TEST(UtcInstant, RejectsInvalidDates) {
  for (const char* bad :
       {"2026-13-01T00:00:00Z", "2026-02-29T00:00:00Z", "2026-01-01", "2026-01-01T24:00:00Z",
        "2026-01-01T00:00:00", "2026-01-01 00:00:00Z", "garbage", ""})
    EXPECT_FALSE(parse_utc(bad).has_value()) << bad;
}

TEST(Epoch, MapsSimulatedTimeOntoTheCalendar) {
  Epoch epoch(*parse_utc("2026-01-01T00:00:00Z"));
  EXPECT_EQ(epoch.format(Time::zero() + Duration::days(365)), "2027-01-01T00:00:00Z");
}

TEST(Time, AdditionSaturates) {
  EXPECT_EQ(Time::max() + Duration::seconds(1), Time::max());
}

}  // namespace
}  // namespace ifa026::sim
