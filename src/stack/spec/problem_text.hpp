// Private: how values and field paths read in spec problems.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace rdha::stack::fields {

/// @brief The longest text a problem quotes in full (bytes): a value is cut after this, so
///        a huge value (a 1 MB name_suffix) cannot flood a message repeating it. Above the
///        longest AWS name rdha generates (a log group's 512 characters), so a name one
///        character too long is still shown whole.
inline constexpr std::size_t kQuotedLimit = 1024;

/// @brief The longest prefix of @p text of at most @p limit bytes that ends on a UTF-8
///        character boundary: a cut never splits a character.
std::string_view utf8_prefix(std::string_view text, std::size_t limit);

/// @brief @p text with every byte that is not part of a well-formed UTF-8 character
///        written as "\xNN": safe to print and to decode (Python's str) whatever it holds.
std::string well_formed_utf8(std::string_view text);

/// @brief A string as it appears in JSON: quoted and escaped ("\"db.r6g\""); a string
///        longer than kQuotedLimit is cut and its length given ("\"aaaa...\" (1048576 bytes)").
std::string quote(std::string_view text);

/// @brief Strings as a JSON list: ["us-east-1a", "us-east-1b"].
std::string quote_list(const std::vector<std::string>& values);

}  // namespace rdha::stack::fields
