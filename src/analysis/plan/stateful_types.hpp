// Private: the one home of "which resource types hold state" for plan-check. The provider
// schema has no force-new flag and says nothing about data; this table says what a
// replacement or deletion of each type loses (docs/plan-check.md lists it with sources).
#pragma once

#include <string_view>

#include "analysis/plan/plan_document.hpp"

namespace rdha::analysis::plan {

/// @brief A resource type whose replacement or deletion loses data or the means to read it.
struct StatefulType {
  std::string_view type;   ///< "aws_db_instance"
  std::string_view holds;  ///< what is lost: "the database: its data, automated backups and endpoint"
};

/// @brief What @p change's object holds when its type is stateful in this plan's context
///        (a DB subnet group only while a DB instance uses it, a Route 53 zone only when
///        private), or nullptr.
const StatefulType* stateful(const ResourceChange& change, const PlanDocument& plan);

/// @brief The object only copies data held elsewhere (a read replica, the replication of
///        automated backups): deleting it weakens the HA/DR posture but loses no data.
bool holds_a_copy(const ResourceChange& change);

}  // namespace rdha::analysis::plan
