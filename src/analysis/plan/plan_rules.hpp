// Private: the rule IDs of plan-check and the finders that report each per resource change.
#pragma once

#include <vector>

#include "analysis/plan/plan_document.hpp"
#include "rdha/analysis/finding.hpp"

namespace rdha::analysis::plan {

inline constexpr const char* kStatefulReplace = "RDHA-PLAN-001";
inline constexpr const char* kDowntime = "RDHA-PLAN-002";
inline constexpr const char* kEndpointChange = "RDHA-PLAN-003";
inline constexpr const char* kPostureWeakened = "RDHA-PLAN-004";
inline constexpr const char* kRebootPending = "RDHA-PLAN-005";
inline constexpr const char* kUnusedWaiver = "RDHA-PLAN-006";

/// @brief Every finding of RDHA-PLAN-001 to -005 for @p plan, unsorted and unwaived.
std::vector<Finding> find_changes(const PlanDocument& plan);

}  // namespace rdha::analysis::plan
