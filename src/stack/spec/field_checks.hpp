// Private: the single-field checks of validate(), run from the field table.
#pragma once

#include <vector>

#include "rdha/error.hpp"
#include "rdha/stack/spec.hpp"

namespace rdha::stack::fields {

/// @brief Every value of @p spec that breaks its field's constraints (fields.hpp), each
///        problem at the value's path.
std::vector<Problem> field_problems(const HaStackSpec& spec);

}  // namespace rdha::stack::fields
