// The part a region plays (rdha/stack/region_role.hpp).
#include "rdha/stack/region_role.hpp"

namespace rdha::stack {

std::string_view to_string(RegionRole role) noexcept { return role == RegionRole::primary ? "primary" : "dr"; }

}  // namespace rdha::stack
