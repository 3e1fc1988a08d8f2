// Private: the per-region parts of the database module (subnet group, parameter group),
// shared by database.cpp and parameter_groups.cpp.
#pragma once

#include <string>
#include <vector>

#include "rdha/stack/modules.hpp"

namespace rdha::stack::detail {

/// @brief One DB parameter as the parameter group sets it.
struct DbParameter {
  std::string name;
  std::string value;
  std::string apply_method;  ///< "immediate" or "pending-reboot"
};

/// @brief The parameters the stack locks in, sorted by name: SSL-only connections, the
///        connection cap, timeouts, logging, then spec.parameters.extra (which overrides a
///        built-in value of the same name but keeps its apply method).
std::vector<DbParameter> db_parameters(const DatabaseSpec& database);

/// @brief The DB subnet group (private subnets only) and the postgresNN parameter group of
///        one region, local names = the region key.
RegionDatabase build_region_database(Stack& stack, const HaStackSpec& spec, const RegionNetwork& network);

}  // namespace rdha::stack::detail
