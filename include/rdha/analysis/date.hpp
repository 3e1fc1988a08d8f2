// rdha/analysis/date.hpp — a calendar date (UTC) for rules that depend on "today".
//
// Engine support windows end on fixed dates, so the checks need the current date. It is a
// parameter (CheckOptions::today) so tests and reproducible CI runs can pin it; when
// absent the system clock's UTC date is used.
#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace rdha::analysis {

/// @brief A proleptic Gregorian calendar date.
///
/// @code{.cpp}
/// auto d = rdha::analysis::Date::parse("2026-11-26");
/// assert(d && d->str() == "2026-11-26");
/// @endcode
struct Date {
  int year = 1970;
  int month = 1;  ///< 1..12
  int day = 1;    ///< 1..31

  /// @brief Parses "YYYY-MM-DD"; std::nullopt when malformed or not a real date.
  static std::optional<Date> parse(std::string_view text);
  /// @brief Today's date in UTC from the system clock.
  static Date today_utc();
  /// @brief Days since 1970-01-01 (negative before).
  long days_since_epoch() const noexcept;
  /// @brief "YYYY-MM-DD".
  std::string str() const;

  auto operator<=>(const Date&) const = default;
};

}  // namespace rdha::analysis
