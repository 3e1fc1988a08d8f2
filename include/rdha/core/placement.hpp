// rdha/core/placement.hpp — where a resource lives and what it is for.
//
// Placement is metadata for the analyses (policy checks, failure-domain drills) and for
// splitting the output into one file per concern. It is never emitted as Terraform.
#pragma once

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

/// @brief Region, availability zone and concern of one resource.
struct Placement {
  std::string region;             ///< from the resource's provider configuration
  std::string availability_zone;  ///< "" when the resource is regional (or Multi-AZ)
  Concern concern = Concern::general;
  std::string role;  ///< free-form role for analyses, e.g. "writer", "reader", "dr_replica"
};

}  // namespace rdha
