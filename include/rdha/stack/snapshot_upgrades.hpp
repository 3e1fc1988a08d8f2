// rdha/stack/snapshot_upgrades.hpp — which PostgreSQL majors an RDS DB snapshot can be
// upgraded to (`aws rds modify-db-snapshot --engine-version`), as a committed table.
//
// The migration's snapshot method restores the primary at the stack's major. The provider
// passes the parameter group (postgresNN of the stack's major) at the restore and applies
// engine_version only afterwards, so RDS refuses a snapshot of an older major: the copy is
// upgraded first, one major step per modify-db-snapshot, along this table.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

namespace rdha::stack {

/// @brief The page the table was read from, and when.
inline constexpr std::string_view kSnapshotUpgradeSource =
    "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_UpgradeDBInstance.PostgreSQL.MajorVersion.html";
inline constexpr std::string_view kSnapshotUpgradeReadOn = "2026-12-06";

/// @brief One row: the majors a snapshot of @p from can be upgraded to directly.
struct SnapshotUpgradeRow {
  int from;
  std::vector<int> to;
};

/// @brief The committed table, oldest source major first.
const std::vector<SnapshotUpgradeRow>& snapshot_upgrade_table();

/// @brief The majors a snapshot of @p from passes through to reach @p to, each one
///        modify-db-snapshot, the largest step the table allows first (empty when
///        from == to); nullopt when the table has no path.
std::optional<std::vector<int>> snapshot_upgrade_path(int from, int to);

/// @brief The major of "13.15" or "13"; nullopt when it does not start with digits.
std::optional<int> postgres_major(std::string_view version);

}  // namespace rdha::stack
