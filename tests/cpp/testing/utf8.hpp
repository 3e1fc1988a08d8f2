// Whether text is well-formed UTF-8, checked independently of the code under test (the
// C++ tests and the fuzz target judge rdha's messages with it).
#pragma once

#include <cstddef>
#include <string_view>

namespace rdha::testing {

/// @brief True when every lead byte of @p text is followed by exactly its continuation
///        bytes (the RFC 3629 byte structure; overlong forms are not looked for).
inline bool is_utf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    const std::size_t length = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : (lead >> 3) == 0x1E ? 4 : 0;
    if (length == 0 || i + length > text.size()) return false;
    for (std::size_t k = 1; k < length; ++k)
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return false;
    i += length;
  }
  return true;
}

}  // namespace rdha::testing
