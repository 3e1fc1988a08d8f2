// The rules of the spec's `migration` section that relate its fields to each other and to
// the rest of the spec. Internal to src/stack/spec.
#pragma once

#include <vector>

#include "rdha/error.hpp"
#include "rdha/stack/spec.hpp"

namespace rdha::stack::fields {

/// @brief The problems of spec.migration when enabled: the source fields it needs, the
///        source VPC clear of the stack's VPCs, the source in the primary region (the
///        snapshot method copies within it), and an upgrade path from the source's major
///        to the stack's in the snapshot upgrade table.
std::vector<Problem> migration_problems(const HaStackSpec& spec);

}  // namespace rdha::stack::fields
