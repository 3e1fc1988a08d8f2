// HA rules (RDHA-HA-*): the writer survives an AZ loss, reads survive it too, and
// backups exist and run off-peak without colliding with maintenance.
#include <set>

#include "analysis/rules/rule_families.hpp"
#include "core/stack_view.hpp"
#include "dr/db_topology.hpp"
#include "rdha/values/windows.hpp"

namespace rdha::analysis::detail {

using namespace rdha::detail;
using namespace rdha::dr::detail;

namespace {

void writer_multi_az(const CheckContext& context, FindingSink& sink) {
  for (const auto& node : db_topology(context.stack).nodes) {
    if (node.is_replica || node.multi_az) continue;
    sink.report(node.address, "The writer is not Multi-AZ: losing its availability zone takes the database down.",
                "Without a synchronous standby in a second AZ, an AZ outage stops all writes until a replica is "
                "promoted by hand (with data loss up to its lag) or a backup is restored. Set multi_az = true: RDS "
                "keeps a synchronous standby and fails over automatically, typically in 60-120 seconds, under the "
                "same endpoint.");
  }
}

void replicas_in_distinct_azs(const CheckContext& context, FindingSink& sink) {
  const DbTopology topology = db_topology(context.stack);
  for (std::size_t i = 0; i < topology.nodes.size(); ++i) {
    const DbNode& writer = topology.nodes[i];
    if (writer.is_replica) continue;
    std::size_t readers = 0;
    std::set<std::string> azs;
    for (std::size_t r : topology.replicas_of(i)) {
      const DbNode& replica = topology.nodes[r];
      if (replica.region != writer.region) continue;
      ++readers;
      if (!replica.availability_zone.empty()) azs.insert(replica.availability_zone);
    }
    if (readers >= 2 && azs.size() >= 2) continue;
    const std::string have = std::to_string(readers) + " read replica" + (readers == 1 ? "" : "s") + " in " +
                             std::to_string(azs.size()) + " distinct AZ" + (azs.size() == 1 ? "" : "s");
    sink.report(writer.address, "The writer has " + have + "; reads need at least 2 replicas in distinct AZs.",
                "With fewer than two same-region read replicas pinned to different availability zones, one AZ "
                "outage can take every reader down and push all read traffic onto the writer. Add read replicas "
                "(replicate_source_db = the writer) with availability_zone set to at least two different AZs of " +
                    writer.region + ".");
  }
}

void source_backups(const CheckContext& context, FindingSink& sink) {
  const DbTopology topology = db_topology(context.stack);
  for (std::size_t i = 0; i < topology.nodes.size(); ++i) {
    const DbNode& node = topology.nodes[i];
    const bool has_replicas = !topology.replicas_of(i).empty();
    if (node.is_replica && !has_replicas) continue;  // replicas: RDHA-DR-004 covers the DR one
    const Resource& resource = context.stack.resource(node.index);
    const auto retention = literal_number(arg(resource, "backup_retention_period"));
    if (retention && *retention >= 1) continue;
    if (!retention && arg(resource, "backup_retention_period") != nullptr) continue;  // an expression
    if (!retention) {
      sink.report(Severity::warning, node.address, "backup_retention_period is not set explicitly.",
                  "The retention then depends on AWS's default (1 day through the API), which is too short for "
                  "point-in-time recovery of a production database. Set backup_retention_period explicitly (7 or "
                  "more days; 1..35).");
      continue;
    }
    sink.report(node.address, "Automated backups are off (backup_retention_period = 0).",
                std::string("Without automated backups there is no point-in-time recovery") +
                    (has_replicas ? " and RDS refuses to create the read replicas of this instance" : "") +
                    ". Set backup_retention_period to 7 or more days (1..35).");
  }
}

void backup_window_off_peak(const CheckContext& context, FindingSink& sink) {
  const auto off_peak = parse_daily_window(context.options.off_peak_window);
  if (!off_peak) return;
  for (const auto& node : db_topology(context.stack).nodes) {
    const Resource& resource = context.stack.resource(node.index);
    const Json* window = arg(resource, "backup_window");
    if (window == nullptr) {
      if (node.is_replica) continue;
      sink.report(node.address, "backup_window is not set: RDS picks a 30-minute window at random.",
                  "RDS then chooses the daily backup window from an 8-hour block per region, which may fall in "
                  "peak hours, when the backup's I/O freeze hurts most. Set backup_window inside the off-peak "
                  "window " + context.options.off_peak_window + " UTC, e.g. \"02:00-03:00\".");
      continue;
    }
    const auto text = literal_string(window);
    const auto parsed = text ? parse_daily_window(*text) : std::nullopt;
    if (!parsed) continue;  // RDHA-HA-005 reports malformed windows
    bool inside = true;
    for (int m = 0; m < parsed->duration_minutes() && inside; ++m)
      inside = off_peak->contains_minute_of_day((parsed->start + m) % kMinutesPerDay);
    if (inside) continue;
    sink.report(node.address,
                "backup_window \"" + *text + "\" is outside the off-peak window " + context.options.off_peak_window +
                    " UTC.",
                "Backups briefly suspend I/O on single-AZ instances and add load on Multi-AZ ones; outside off-peak "
                "hours that lands on live traffic. Move backup_window inside " + context.options.off_peak_window +
                    " UTC (e.g. \"02:00-03:00\").");
  }
}

void backup_maintenance_overlap(const CheckContext& context, FindingSink& sink) {
  for (const auto& node : db_topology(context.stack).nodes) {
    const Resource& resource = context.stack.resource(node.index);
    const auto backup_text = literal_string(arg(resource, "backup_window"));
    const auto maintenance_text = literal_string(arg(resource, "maintenance_window"));
    std::optional<DailyWindow> backup;
    std::optional<WeeklyWindow> maintenance;
    if (backup_text) {
      backup = parse_daily_window(*backup_text);
      if (!backup)
        sink.report(node.address, "backup_window \"" + *backup_text + "\" is not \"hh24:mi-hh24:mi\".",
                    "RDS rejects the instance. Write the daily backup window in UTC as \"hh24:mi-hh24:mi\", at "
                    "least 30 minutes long, e.g. \"02:00-03:00\".");
    }
    if (maintenance_text) {
      maintenance = parse_weekly_window(*maintenance_text);
      if (!maintenance)
        sink.report(node.address, "maintenance_window \"" + *maintenance_text + "\" is not \"ddd:hh24:mi-ddd:hh24:mi\".",
                    "RDS rejects the instance. Write the weekly maintenance window in UTC as "
                    "\"ddd:hh24:mi-ddd:hh24:mi\", e.g. \"sun:04:00-sun:05:00\".");
    }
    if (!backup || !maintenance) continue;
    if (auto overlap = find_overlap(*backup, *maintenance))
      sink.report(node.address,
                  "backup_window \"" + *backup_text + "\" overlaps maintenance_window \"" + *maintenance_text +
                      "\" (" + format_overlap(*overlap) + ").",
                  "RDS refuses overlapping backup and maintenance windows. Move the maintenance window after the "
                  "backup window, e.g. backup \"02:00-03:00\" and maintenance \"sun:04:00-sun:05:00\".");
  }
}

// The instance a replication chain starts from (itself for a writer).
std::size_t chain_root(const DbTopology& topology, std::size_t node) {
  for (std::size_t hops = 0; topology.nodes[node].source && hops < topology.nodes.size(); ++hops)
    node = *topology.nodes[node].source;
  return node;
}

void maintenance_staggered(const CheckContext& context, FindingSink& sink) {
  const DbTopology topology = db_topology(context.stack);
  struct Window {
    std::size_t node;
    std::string text;
    WeeklyWindow window;
  };
  std::vector<Window> windows;
  for (std::size_t i = 0; i < topology.nodes.size(); ++i) {
    const auto text = literal_string(arg(context.stack.resource(topology.nodes[i].index), "maintenance_window"));
    const auto parsed = text ? parse_weekly_window(*text) : std::nullopt;
    if (parsed) windows.push_back({i, *text, *parsed});  // RDHA-HA-005 reports malformed ones
  }
  for (std::size_t later = 0; later < windows.size(); ++later)
    for (std::size_t earlier = 0; earlier < later; ++earlier) {
      const Window& a = windows[earlier];
      const Window& b = windows[later];
      if (chain_root(topology, a.node) != chain_root(topology, b.node)) continue;
      const auto overlap = find_overlap(a.window, b.window);
      if (!overlap) continue;
      sink.report(topology.nodes[b.node].address,
                  "maintenance_window \"" + b.text + "\" overlaps that of " + topology.nodes[a.node].address +
                      " (\"" + a.text + "\", " + format_overlap(*overlap) + " UTC).",
                  "RDS patches each instance in its own window: a Multi-AZ writer fails over to its standby, a "
                  "replica is unavailable while it restarts. Overlapping windows can take both, or every reader "
                  "and the DR replica, at once. Give each instance of the replication chain its own window, "
                  "outside the backup window (the spec's database.maintenance_stagger_minutes does so).");
      break;  // one finding per instance
    }
}

// RDHA-HA-007: what a source creates (replicas, backup replications) is created one at a time.
void replicas_created_in_order(const CheckContext& context, FindingSink& sink) {
  const Stack& stack = context.stack;
  const DbTopology topology = db_topology(stack);
  // depends[a] holds every node a depends on, transitively.
  std::vector<std::set<std::size_t>> depends(stack.size());
  for (std::size_t index : stack.topological_order())
    for (const auto& [dependent, dependency] : stack.edges())
      if (dependent == index) {
        depends[index].insert(dependency);
        depends[index].insert(depends[dependency].begin(), depends[dependency].end());
      }
  for (std::size_t w = 0; w < topology.nodes.size(); ++w) {
    std::vector<std::size_t> created;  // stack indexes
    for (std::size_t r : topology.replicas_of(w)) created.push_back(topology.nodes[r].index);
    for (std::size_t backup : of_type(stack, "aws_db_instance_automated_backups_replication"))
      if (const Json* source = arg(stack.resource(backup), "source_db_instance_arn");
          source != nullptr && value_references(stack, *source, topology.nodes[w].index))
        created.push_back(backup);
    // One finding per resource, naming every earlier one it races with.
    for (std::size_t j = 1; j < created.size(); ++j) {
      const std::size_t b = created[j];
      std::vector<std::string> racing;
      for (std::size_t i = 0; i < j; ++i)
        if (const std::size_t a = created[i]; !depends[a].contains(b) && !depends[b].contains(a))
          racing.push_back(stack.resource(a).address.str());
      if (racing.empty()) continue;
      sink.report(stack.resource(b).address.str(),
                  "It is created at the same time as " + join(racing) + " from " + topology.nodes[w].address + ".",
                  "RDS refuses a new replica (or a backups replication) of a source that is busy with another one: "
                  "\"InvalidDBInstanceState: DB instance is not in the available state\" (\"Oracle RDS Read Replica "
                  "Fails with InvalidDBInstanceState When Using Module with count\", "
                  "https://github.com/hashicorp/terraform-provider-aws/issues/43474). Chain them with depends_on so "
                  "each starts when the previous one is done.");
    }
  }
}

}  // namespace

void add_ha_rules(RuleRegistry& registry) {
  registry.add({{"RDHA-HA-001", "WriterMultiAz", "The writer is Multi-AZ", Severity::error, "ha",
                 "A Multi-AZ writer keeps a synchronous standby in another availability zone and fails over to it "
                 "automatically, so an AZ outage costs about a minute of writes and no data.",
                 "Set multi_az = true on every DB instance that is not a replica.",
                 {checkov("CKV_AWS_157")}},
                writer_multi_az});
  registry.add({{"RDHA-HA-002", "ReadReplicasInDistinctAzs", "At least two read replicas in distinct AZs",
                 Severity::warning, "ha",
                 "Read replicas spread over availability zones keep read capacity through an AZ outage.",
                 "Give the writer at least two same-region read replicas with availability_zone set to different "
                 "AZs.",
                 {}},
                replicas_in_distinct_azs});
  registry.add({{"RDHA-HA-003", "SourceBackups", "Automated backups on the writer and every replication source",
                 Severity::error, "ha",
                 "Automated backups give point-in-time recovery, and RDS creates read replicas only from a source "
                 "with backups on.",
                 "Set backup_retention_period explicitly to 7 or more days (1..35) on writers and on every "
                 "instance that has replicas.",
                 {checkov("CKV_AWS_133")}},
                source_backups});
  registry.add({{"RDHA-HA-004", "BackupWindowOffPeak", "The backup window lies in the off-peak window",
                 Severity::warning, "ha",
                 "The daily backup adds I/O load (and briefly suspends I/O on single-AZ instances); it belongs in "
                 "the quietest hours, 02:00-04:00 UTC by default.",
                 "Set backup_window explicitly, inside the off-peak window.",
                 {}},
                backup_window_off_peak});
  registry.add({{"RDHA-HA-005", "BackupMaintenanceDisjoint", "Backup and maintenance windows are valid and disjoint",
                 Severity::error, "ha",
                 "RDS refuses a backup window that overlaps the maintenance window, and malformed windows.",
                 "Write backup_window as \"hh24:mi-hh24:mi\" and maintenance_window as "
                 "\"ddd:hh24:mi-ddd:hh24:mi\" (UTC) with the maintenance window after the backup window.",
                 {}},
                backup_maintenance_overlap});
  registry.add({{"RDHA-HA-006", "MaintenanceStaggered", "Instances of one replication chain have disjoint maintenance windows",
                 Severity::warning, "ha",
                 "Patching the writer (a Multi-AZ failover), the readers and the DR replica in the same hour takes "
                 "away the redundancy each is there to give.",
                 "Set maintenance_window on every instance of a writer and its replicas to windows that do not "
                 "overlap, each outside the backup window.",
                 {}},
                maintenance_staggered});
  registry.add({{"RDHA-HA-007", "ReplicasCreatedInOrder",
                 "The replicas and backup replications of a source are created one at a time", Severity::warning,
                 "ha",
                 "Creating several replicas of one source at once races: RDS rejects those that find the source "
                 "busy.",
                 "Chain the source's replicas and its automated backups replication with depends_on.",
                 {}},
                replicas_created_in_order});
}

}  // namespace rdha::analysis::detail
