// rdha/values/windows.hpp — RDS backup and maintenance windows as minute ranges.
//
// RDS takes a daily backup window "hh24:mi-hh24:mi" and a weekly maintenance window
// "ddd:hh24:mi-ddd:hh24:mi", both UTC, and refuses the pair when they overlap. Both may
// wrap: the backup window past midnight ("23:30-00:30"), the maintenance window past the
// end of the week ("sun:23:30-mon:00:30"). Overlap is computed on one week of minutes,
// with the daily window laid on every day, so both wraps are handled the same way.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace rdha {

/// Minutes in a day and in a week.
inline constexpr int kMinutesPerDay = 24 * 60;
inline constexpr int kMinutesPerWeek = 7 * kMinutesPerDay;

/// @brief A daily window: start and end minute of the day (UTC), end exclusive; an end
///        before the start wraps past midnight.
///
/// @code{.cpp}
/// auto w = rdha::parse_daily_window("23:30-00:30");
/// assert(w && w->duration_minutes() == 60);
/// @endcode
struct DailyWindow {
  int start = 0;  ///< minute of the day, 0..1439
  int end = 0;    ///< minute of the day, 0..1439 (exclusive)

  /// @brief Length in minutes (0 when start == end).
  int duration_minutes() const noexcept;
  /// @brief True when minute-of-day @p minute falls inside the window.
  bool contains_minute_of_day(int minute) const noexcept;
  bool operator==(const DailyWindow&) const = default;
};

/// @brief A weekly window: start and end minute of the week (UTC, Monday 00:00 = 0), end
///        exclusive; an end before the start wraps past the end of the week.
struct WeeklyWindow {
  int start = 0;  ///< minute of the week, 0..10079
  int end = 0;    ///< minute of the week, 0..10079 (exclusive)

  /// @brief Length in minutes (0 when start == end).
  int duration_minutes() const noexcept;
  /// @brief True when minute-of-week @p minute falls inside the window.
  bool contains_minute_of_week(int minute) const noexcept;
  bool operator==(const WeeklyWindow&) const = default;
};

/// @brief A stretch of the week where two windows overlap (end exclusive, may wrap).
struct WindowOverlap {
  int start = 0;  ///< minute of the week
  int end = 0;    ///< minute of the week (exclusive)
};

/// @brief Parses "hh24:mi-hh24:mi" (e.g. "02:00-03:00"); std::nullopt when malformed.
std::optional<DailyWindow> parse_daily_window(std::string_view text);

/// @brief Parses "ddd:hh24:mi-ddd:hh24:mi" with lowercase days mon..sun (e.g.
///        "sun:04:00-sun:05:00"); std::nullopt when malformed.
std::optional<WeeklyWindow> parse_weekly_window(std::string_view text);

/// @brief The first stretch of the week (from Monday 00:00) where the daily window,
///        repeated every day, overlaps the weekly window; std::nullopt when disjoint.
std::optional<WindowOverlap> find_overlap(const DailyWindow& daily, const WeeklyWindow& weekly);

/// @brief The first stretch of the week (from Monday 00:00) where two weekly windows
///        overlap; std::nullopt when disjoint (windows that only touch are disjoint).
std::optional<WindowOverlap> find_overlap(const WeeklyWindow& a, const WeeklyWindow& b);

/// @brief @p window moved @p minutes later (earlier when negative), wrapping around the week.
WeeklyWindow shifted(const WeeklyWindow& window, int minutes);

/// @brief "sun:04:00-sun:05:00": the text parse_weekly_window() reads back.
std::string format_weekly_window(const WeeklyWindow& window);

/// @brief "sun 02:30" for a minute of the week.
std::string format_minute_of_week(int minute);

/// @brief "sun 02:30-03:00" (or "sat 23:30-sun 00:30" across days) for an overlap.
std::string format_overlap(const WindowOverlap& overlap);

}  // namespace rdha
