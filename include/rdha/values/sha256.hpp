// rdha/values/sha256.hpp — SHA-256 (FIPS 180-4) of a byte string, as lowercase hex.
//
// The spec hash of every JSON output (envelope.hpp) is one; a dependency on a crypto
// library for one digest of a few kilobytes is not worth it.
#pragma once

#include <string>
#include <string_view>

namespace rdha {

/// @brief The SHA-256 digest of @p bytes as 64 lowercase hex digits.
std::string sha256_hex(std::string_view bytes);

}  // namespace rdha
