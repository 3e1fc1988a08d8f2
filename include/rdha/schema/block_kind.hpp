// rdha/schema/block_kind.hpp — the kinds of top-level block a provider schema defines.
//
// A provider schema lists managed resource types, data sources and ephemeral resources
// separately; the same kind names a node of the graph (core/address.hpp), so it lives
// here, below core, where the schema facts can use it too.
#pragma once

#include <string_view>

namespace rdha {

/// @brief Which top-level block a node is: managed resource, data source or ephemeral.
enum class Kind { resource, data, ephemeral };

/// @brief "resource", "data" or "ephemeral".
std::string_view to_string(Kind kind) noexcept;

}  // namespace rdha
