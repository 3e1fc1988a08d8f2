// Private: how values and field paths read in spec problems.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace rdha::stack::fields {

/// @brief A string as it appears in JSON: quoted and escaped ("\"db.r6g\"").
std::string quote(std::string_view text);

/// @brief Strings as a JSON list: ["us-east-1a", "us-east-1b"].
std::string quote_list(const std::vector<std::string>& values);

}  // namespace rdha::stack::fields
