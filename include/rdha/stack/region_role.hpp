// rdha/stack/region_role.hpp — the part a region plays in the HA stack.
#pragma once

#include <string_view>

namespace rdha::stack {

/// @brief The part a region plays: the writer's region, or the disaster-recovery side
///        (the DR replica's region; also any further region a user adds beside the two).
enum class RegionRole {
  primary,  ///< spec.regions.primary: the Multi-AZ writer and its same-region readers
  dr        ///< spec.regions.dr: the cross-region DR replica
};

/// @brief "primary" or "dr": the spec's key of the region (`regions.<role>`) and the key
///        build_ha_stack() uses for its Terraform local names and name bases.
std::string_view to_string(RegionRole role) noexcept;

}  // namespace rdha::stack
