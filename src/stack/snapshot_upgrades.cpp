// The snapshot upgrade table (rdha/stack/snapshot_upgrades.hpp): its one home.
//
// Source: "Choosing a major version for an RDS for PostgreSQL upgrade" (Amazon RDS User Guide,
// https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_UpgradeDBInstance.PostgreSQL.MajorVersion.html,
// read 2026-12-06): the upgrade targets of each source version, which "Upgrading a PostgreSQL
// DB snapshot engine version" (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_UpgradeDBSnapshot.PostgreSQL.html)
// names as the versions a PostgreSQL snapshot can be upgraded to (manual snapshots,
// encrypted or not; automated snapshots cannot be upgraded). The page lists targets per
// source minor; this table keeps the majors, which the latest minor of each source major
// reaches. A given minor may reach fewer, so rdha migrate's runbook asks RDS for the exact
// snapshot's targets (describe-db-engine-versions) before each step. Majors before 11 have
// left RDS: no row, no path (upgrade the source instance first).
// The rows from 15 on were checked against the page's table; the rows for 11-14 follow its
// text (majors can be skipped) and are the ones to re-check when the page changes.
#include "rdha/stack/snapshot_upgrades.hpp"

#include <algorithm>

namespace rdha::stack {

const std::vector<SnapshotUpgradeRow>& snapshot_upgrade_table() {
  static const std::vector<SnapshotUpgradeRow> table{
      {11, {12, 13, 14, 15, 16}},
      {12, {13, 14, 15, 16, 17}},
      {13, {14, 15, 16, 17}},
      {14, {15, 16, 17}},
      {15, {16, 17}},
      {16, {17}},
      {17, {}},
  };
  return table;
}

std::optional<std::vector<int>> snapshot_upgrade_path(int from, int to) {
  std::vector<int> path;
  int at = from;
  while (at != to) {
    const auto& table = snapshot_upgrade_table();
    const auto row = std::find_if(table.begin(), table.end(), [&](const auto& r) { return r.from == at; });
    if (row == table.end()) return std::nullopt;
    // The largest step not past the target: fewest modify-db-snapshot calls.
    int next = 0;
    for (int major : row->to)
      if (major <= to) next = std::max(next, major);
    if (next == 0) return std::nullopt;
    path.push_back(next);
    at = next;
  }
  return path;
}

std::optional<int> postgres_major(std::string_view version) {
  int major = 0;
  std::size_t i = 0;
  for (; i < version.size() && version[i] >= '0' && version[i] <= '9'; ++i) {
    major = major * 10 + (version[i] - '0');
    if (major > 1000) return std::nullopt;
  }
  if (i == 0 || (i < version.size() && version[i] != '.')) return std::nullopt;
  return major;
}

}  // namespace rdha::stack
