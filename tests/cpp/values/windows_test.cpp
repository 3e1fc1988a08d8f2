// Tests of rdha/values/windows.hpp: RDS window parsing and overlap across midnight and week wraps.
#include "rdha/values/windows.hpp"

#include <gtest/gtest.h>

namespace rdha {
namespace {

DailyWindow daily(const char* text) {
  const auto w = parse_daily_window(text);
  EXPECT_TRUE(w) << text;
  return w.value_or(DailyWindow{});
}

WeeklyWindow weekly(const char* text) {
  const auto w = parse_weekly_window(text);
  EXPECT_TRUE(w) << text;
  return w.value_or(WeeklyWindow{});
}

std::string overlap(const char* backup, const char* maintenance) {
  const auto o = find_overlap(daily(backup), weekly(maintenance));
  return o ? format_overlap(*o) : "none";
}

TEST(Windows, ParsesDailyWindow) {
  EXPECT_EQ(daily("02:00-03:00"), (DailyWindow{120, 180}));
  EXPECT_EQ(daily("02:00-03:00").duration_minutes(), 60);
  EXPECT_EQ(daily("23:30-00:30").duration_minutes(), 60);  // wraps midnight
  EXPECT_EQ(daily("02:00-02:00").duration_minutes(), 0);
}

TEST(Windows, RejectsMalformedDailyWindow) {
  for (const char* bad : {"", "2:00-03:00", "02:00-3:00", "24:00-01:00", "02:60-03:00", "02:00 03:00", "02:00-03:00 ",
                          "mon:02:00-mon:03:00", "0a:00-03:00"})
    EXPECT_FALSE(parse_daily_window(bad)) << bad;
}

TEST(Windows, ParsesWeeklyWindowFromMonday) {
  EXPECT_EQ(weekly("mon:00:00-mon:00:30"), (WeeklyWindow{0, 30}));
  EXPECT_EQ(weekly("sun:04:00-sun:05:00"), (WeeklyWindow{6 * 1440 + 240, 6 * 1440 + 300}));
  EXPECT_EQ(weekly("sun:23:30-mon:00:30").duration_minutes(), 60);  // wraps the week
}

TEST(Windows, RejectsMalformedWeeklyWindow) {
  for (const char* bad : {"", "Sun:04:00-sun:05:00", "sun:04:00-sun:5:00", "sun:04:00", "xyz:04:00-sun:05:00",
                          "sun:24:00-sun:05:00", "sun-04:00-sun:05:00", "04:00-05:00"})
    EXPECT_FALSE(parse_weekly_window(bad)) << bad;
}

TEST(Windows, DisjointAndAdjacentWindowsDoNotOverlap) {
  EXPECT_EQ(overlap("02:00-03:00", "sun:04:00-sun:05:00"), "none");
  EXPECT_EQ(overlap("03:00-04:00", "sun:04:00-sun:05:00"), "none");  // ends are exclusive
  EXPECT_EQ(overlap("05:00-06:00", "sun:04:00-sun:05:00"), "none");
}

TEST(Windows, DailyWindowOverlapsOnTheMaintenanceDay) {
  EXPECT_EQ(overlap("04:30-05:30", "sun:04:00-sun:05:00"), "sun 04:30-05:00");
  EXPECT_EQ(overlap("02:00-03:00", "wed:01:00-wed:02:30"), "wed 02:00-02:30");
}

TEST(Windows, HandlesMidnightWrapOfTheBackupWindow) {
  EXPECT_EQ(overlap("23:30-00:30", "mon:00:00-mon:01:00"), "mon 00:00-00:30");
  EXPECT_EQ(overlap("23:30-00:30", "tue:23:00-tue:23:45"), "tue 23:30-23:45");
  EXPECT_EQ(overlap("23:30-00:30", "tue:01:00-tue:23:00"), "none");
}

TEST(Windows, HandlesWeekWrapOfTheMaintenanceWindow) {
  EXPECT_EQ(overlap("00:15-01:00", "sun:23:00-mon:00:45"), "mon 00:15-00:45");
  EXPECT_EQ(overlap("22:00-22:30", "sun:23:00-mon:00:45"), "none");
  // Both wrap at once: the backup past midnight, the maintenance past the end of the week.
  EXPECT_EQ(overlap("23:45-00:30", "sun:23:00-mon:00:10"), "sun 23:45-mon 00:10");
}

TEST(Windows, MultiDayMaintenanceWindowReportsTheFirstOverlap) {
  EXPECT_EQ(overlap("02:00-03:00", "sat:12:00-mon:12:00"), "mon 02:00-03:00");
}

}  // namespace
TEST(Windows, WeeklyWindowsOverlapOnlyWhereBothHold) {
  const auto weekly_overlap = [](const char* a, const char* b) {
    const auto o = find_overlap(weekly(a), weekly(b));
    return o ? format_overlap(*o) : "none";
  };
  EXPECT_EQ(weekly_overlap("sun:04:00-sun:05:00", "sun:05:00-sun:06:00"), "none");  // adjacent
  EXPECT_EQ(weekly_overlap("sun:04:00-sun:05:00", "sun:04:30-sun:05:30"), "sun 04:30-05:00");
  EXPECT_EQ(weekly_overlap("sun:23:30-mon:00:30", "mon:00:00-mon:01:00"), "mon 00:00-00:30");  // week wrap
  EXPECT_EQ(weekly_overlap("sun:04:00-sun:05:00", "sat:04:00-sat:05:00"), "none");
}

TEST(Windows, ShiftedWindowsWrapTheWeekAndFormatAsRdsWritesThem) {
  EXPECT_EQ(format_weekly_window(shifted(weekly("sun:04:00-sun:05:00"), 60)), "sun:05:00-sun:06:00");
  EXPECT_EQ(format_weekly_window(shifted(weekly("sun:23:30-mon:00:00"), 60)), "mon:00:30-mon:01:00");
  EXPECT_EQ(format_weekly_window(shifted(weekly("mon:00:15-mon:00:45"), -30)), "sun:23:45-mon:00:15");
  EXPECT_EQ(weekly(format_weekly_window(weekly("wed:13:05-thu:01:00")).c_str()), weekly("wed:13:05-thu:01:00"));
}

}  // namespace rdha
