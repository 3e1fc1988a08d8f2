// Private: a count with its noun ("1 warning", "2 warnings") for the closing line of the
// check and plan-check reports.
#pragma once

#include <cstddef>
#include <string>

namespace rdha::analysis {

inline std::string plural(std::size_t n, const std::string& word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

}  // namespace rdha::analysis
