// Private: the downtime table with, per row, which changes of the setting it flags.
#pragma once

#include <string>
#include <vector>

#include "analysis/plan/plan_document.hpp"
#include "rdha/analysis/plan_check.hpp"

namespace rdha::analysis::plan {

/// @brief A row of the table and its test: does this change of the attribute reboot or
///        interrupt the instance? @p what receives the change in words ("db.r6g.large →
///        db.r6g.xlarge", "major version 16 → 17").
struct DowntimeRow {
  DowntimeSetting setting;
  bool (*flags)(const ResourceChange& change, const std::string& attribute, std::string& what);
};

/// @brief The rows of aws_db_instance settings (the parameter group row is read separately).
const std::vector<DowntimeRow>& instance_downtime_rows();

/// @brief The identifier row of instance_downtime_rows(): a rename is reported once, by
///        RDHA-PLAN-003, with this row's downtime note and timing.
const DowntimeRow& rename_row();

/// @brief The row of static parameters changed in a DB parameter group.
const DowntimeSetting& static_parameter_row();

}  // namespace rdha::analysis::plan
