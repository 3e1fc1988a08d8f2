// The DMS version table (rdha/stack/dms_versions.hpp): its one home.
//
// Source: "Using a PostgreSQL database as an AWS DMS source" (AWS DMS User Guide,
// https://docs.aws.amazon.com/dms/latest/userguide/CHAP_Source.PostgreSQL.html, read
// 2026-12-06), its table of PostgreSQL source versions: 9.x to 12.x with any available DMS
// version, 13.x with 3.4.3 or later, 14.x 3.4.7, 15.x 3.5.1, 16.x 3.5.3, 17.x 3.6.1. A major
// the page does not list (18 on that date, 8 and older) has no row: no DMS path.
// Which versions can still be created changes with time ("AWS DMS release notes",
// https://docs.aws.amazon.com/dms/latest/userguide/CHAP_ReleaseNotes.html: 3.6.1 released
// 2025-05-15); the spec pins the version and the apply fails if DMS no longer offers it.
#include "rdha/stack/dms_versions.hpp"

#include <array>
#include <charconv>
#include <utility>

namespace rdha::stack {

std::optional<std::string> dms_minimum_for_postgres(int major) {
  static constexpr std::array<std::pair<int, std::string_view>, 9> table{{
      {9, ""}, {10, ""}, {11, ""}, {12, ""}, {13, "3.4.3"}, {14, "3.4.7"}, {15, "3.5.1"}, {16, "3.5.3"}, {17, "3.6.1"},
  }};
  for (const auto& [listed, minimum] : table)
    if (listed == major) return std::string(minimum);
  return std::nullopt;
}

int compare_dms_versions(std::string_view a, std::string_view b) {
  const auto next = [](std::string_view& text) {
    int value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{}) {  // not a number: the rest compares as zeros
      text = {};
      return 0;
    }
    text.remove_prefix(static_cast<std::size_t>(end - text.data()));
    if (!text.empty() && text.front() == '.') text.remove_prefix(1);
    return value;
  };
  while (!a.empty() || !b.empty()) {
    const int x = next(a);
    const int y = next(b);
    if (x != y) return x < y ? -1 : 1;
  }
  return 0;
}

}  // namespace rdha::stack
