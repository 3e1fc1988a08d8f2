// rdha/core/placement.hpp — where a resource lives and what it is for.
//
// Placement is metadata for the analyses (policy checks, failure-domain drills) and for
// splitting the output into one file per concern. It is never emitted as Terraform.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace rdha {

/// @brief The concern a resource belongs to; each concern is one output file.
enum class Concern { general, network, security, database, monitoring, recovery };

/// @brief "general", "network", "security", "database", "monitoring", "recovery".
std::string_view to_string(Concern concern) noexcept;

/// @brief The concern rdha assigns to a resource type when none is given explicitly
///        (aws_vpc → network, aws_kms_key → security, aws_db_instance → database, ...).
Concern default_concern(std::string_view type) noexcept;

/// @brief The database roles the analyses reason about (the drill, the HA and DR rules).
///        Every other resource has none; the analyses then infer a DB instance's role
///        from the graph.
enum class DbRole { none, writer, reader, dr_replica };

/// @brief "none", "writer", "reader", "dr_replica".
std::string_view to_string(DbRole role) noexcept;

/// @brief The analyses' role called @p name ("writer", "reader", "dr_replica"), if any.
std::optional<DbRole> db_role_named(std::string_view name) noexcept;

/// @brief Region, availability zone, concern and role of one resource.
struct Placement {
  std::string region;             ///< from the resource's provider configuration
  std::string availability_zone;  ///< "" when the resource is regional (or Multi-AZ)
  Concern concern = Concern::general;
  DbRole role = DbRole::none;  ///< the database role the analyses read
  /// A user's own role name ("private") for a resource without one of the analyses'
  /// roles: graphs show it, the analyses ignore it.
  std::string custom_role;

  /// @brief The role as graphs label it: the analyses' role, else the custom one ("" for
  ///        neither).
  std::string role_name() const;
};

}  // namespace rdha
