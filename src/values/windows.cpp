// Parsing and overlap of RDS backup/maintenance windows for rdha/values/windows.hpp.
#include "rdha/values/windows.hpp"

#include <fmt/format.h>

#include <array>

namespace rdha {
namespace {

constexpr std::array<std::string_view, 7> kDays = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

// "hh24:mi" exactly: two digits, colon, two digits; hours 00..23, minutes 00..59.
std::optional<int> parse_time(std::string_view text) {
  if (text.size() != 5 || text[2] != ':') return std::nullopt;
  for (std::size_t i : {0u, 1u, 3u, 4u})
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
  const int hours = (text[0] - '0') * 10 + (text[1] - '0');
  const int minutes = (text[3] - '0') * 10 + (text[4] - '0');
  if (hours > 23 || minutes > 59) return std::nullopt;
  return hours * 60 + minutes;
}

// "ddd:hh24:mi" → minute of the week.
std::optional<int> parse_day_time(std::string_view text) {
  if (text.size() != 9 || text[3] != ':') return std::nullopt;
  for (std::size_t day = 0; day < kDays.size(); ++day) {
    if (text.substr(0, 3) != kDays[day]) continue;
    const auto time = parse_time(text.substr(4));
    if (!time) return std::nullopt;
    return static_cast<int>(day) * kMinutesPerDay + *time;
  }
  return std::nullopt;
}

int wrapped_length(int start, int end, int period) { return ((end - start) % period + period) % period; }

bool in_wrapped(int minute, int start, int end) {
  if (start <= end) return start <= minute && minute < end;
  return minute >= start || minute < end;
}

}  // namespace

int DailyWindow::duration_minutes() const noexcept { return wrapped_length(start, end, kMinutesPerDay); }

bool DailyWindow::contains_minute_of_day(int minute) const noexcept { return in_wrapped(minute, start, end); }

int WeeklyWindow::duration_minutes() const noexcept { return wrapped_length(start, end, kMinutesPerWeek); }

bool WeeklyWindow::contains_minute_of_week(int minute) const noexcept { return in_wrapped(minute, start, end); }

std::optional<DailyWindow> parse_daily_window(std::string_view text) {
  if (text.size() != 11 || text[5] != '-') return std::nullopt;
  const auto start = parse_time(text.substr(0, 5));
  const auto end = parse_time(text.substr(6));
  if (!start || !end) return std::nullopt;
  return DailyWindow{*start, *end};
}

std::optional<WeeklyWindow> parse_weekly_window(std::string_view text) {
  if (text.size() != 19 || text[9] != '-') return std::nullopt;
  const auto start = parse_day_time(text.substr(0, 9));
  const auto end = parse_day_time(text.substr(10));
  if (!start || !end) return std::nullopt;
  return WeeklyWindow{*start, *end};
}

namespace {

// The first stretch of the week where @p both holds. A week is only 10080 minutes: walking
// it is simpler and more obviously right than interval algebra with two kinds of wrap.
template <class Both>
std::optional<WindowOverlap> first_stretch(Both both_at) {
  const auto both = [&](int minute) { return both_at(((minute % kMinutesPerWeek) + kMinutesPerWeek) % kMinutesPerWeek); };
  for (int minute = 0; minute < kMinutesPerWeek; ++minute) {
    if (!both(minute) || both(minute - 1)) continue;  // not the start of an overlapping stretch
    int end = minute;
    while (end < minute + kMinutesPerWeek && both(end)) ++end;
    return WindowOverlap{minute, end % kMinutesPerWeek};
  }
  // Every minute overlaps (no stretch has a start): only possible for full-week windows.
  if (both(0)) return WindowOverlap{0, 0};
  return std::nullopt;
}

}  // namespace

std::optional<WindowOverlap> find_overlap(const DailyWindow& daily, const WeeklyWindow& weekly) {
  return first_stretch([&](int minute) {
    return weekly.contains_minute_of_week(minute) && daily.contains_minute_of_day(minute % kMinutesPerDay);
  });
}

std::optional<WindowOverlap> find_overlap(const WeeklyWindow& a, const WeeklyWindow& b) {
  return first_stretch(
      [&](int minute) { return a.contains_minute_of_week(minute) && b.contains_minute_of_week(minute); });
}

WeeklyWindow shifted(const WeeklyWindow& window, int minutes) {
  const auto wrap = [](int minute) { return ((minute % kMinutesPerWeek) + kMinutesPerWeek) % kMinutesPerWeek; };
  return WeeklyWindow{wrap(window.start + minutes), wrap(window.end + minutes)};
}

std::string format_weekly_window(const WeeklyWindow& window) {
  // format_minute_of_week gives "sun 04:00"; RDS writes "sun:04:00".
  std::string start = format_minute_of_week(window.start);
  std::string end = format_minute_of_week(window.end);
  start[3] = ':';
  end[3] = ':';
  return start + "-" + end;
}

std::string format_minute_of_week(int minute) {
  minute = ((minute % kMinutesPerWeek) + kMinutesPerWeek) % kMinutesPerWeek;
  const int of_day = minute % kMinutesPerDay;
  return fmt::format("{} {:02}:{:02}", kDays[static_cast<std::size_t>(minute / kMinutesPerDay)], of_day / 60,
                     of_day % 60);
}

std::string format_overlap(const WindowOverlap& overlap) {
  const std::string start = format_minute_of_week(overlap.start);
  const std::string end = format_minute_of_week(overlap.end);
  // Same day (or ending exactly at the next midnight): print the end time only.
  if (start.substr(0, 3) == end.substr(0, 3) || end.substr(4) == "00:00")
    return fmt::format("{}-{}", start, end.substr(4));
  return fmt::format("{}-{}", start, end);
}

}  // namespace rdha
