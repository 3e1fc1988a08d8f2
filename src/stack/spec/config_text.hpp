// Private: config text → JSON document, with the limits a spec allows (json_io.cpp).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "rdha/error.hpp"

namespace rdha::stack::fields {

/// @brief How deep a config may nest objects and arrays. A spec nests five levels; the
///        limit stops a hostile document before anything recursive (the merge over the
///        defaults, the decoder, messages) walks it.
inline constexpr std::size_t kMaxConfigDepth = 32;

/// @brief The problem of a container nested deeper than kMaxConfigDepth at @p path.
Problem too_deep(const std::string& path);

/// @brief A parsed config and what is wrong with it that JSON itself allows: keys given
///        twice in one object (each a problem at its path).
struct ConfigText {
  nlohmann::json document;
  std::vector<Problem> duplicate_keys;
};

/// @brief Parses @p text without recursion. Throws SpecError::malformed_json (naming
///        @p source, line and column) for text that is not JSON, holds a NUL byte or a
///        number beyond a double's range; SpecError::invalid for nesting deeper than
///        kMaxConfigDepth.
ConfigText parse_config_text(std::string_view text, std::string_view source);

/// @brief The path of the first container of @p document nested deeper than
///        kMaxConfigDepth, if any (found without recursion).
std::optional<std::string> first_too_deep(const nlohmann::json& document);

}  // namespace rdha::stack::fields
