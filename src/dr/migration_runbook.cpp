// The snapshot method's cutover runbook (rdha/dr/migration.hpp) and its renderings.
//
// Sources: "Upgrading a PostgreSQL DB snapshot engine version" (Amazon RDS User Guide,
// https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_UpgradeDBSnapshot.PostgreSQL.html:
// manual snapshots, encrypted or not, one modify-db-snapshot per upgrade; the targets of a
// version come from describe-db-engine-versions' ValidUpgradeTarget); "ModifyDBSnapshot"
// (https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ModifyDBSnapshot.html);
// "CopyDBSnapshot" (https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CopyDBSnapshot.html);
// "Creating a DB snapshot for a Single-AZ DB instance" (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_CreateSnapshot.html:
// snapshots after the first are incremental, which is why a warm-up snapshot shortens the
// final one); PostgreSQL's default_transaction_read_only
// (https://www.postgresql.org/docs/current/runtime-config-client.html) and
// pg_terminate_backend (https://www.postgresql.org/docs/current/functions-admin.html).
#include <fmt/format.h>

#include <algorithm>
#include <sstream>

#include "dr/aws_cli.hpp"
#include "dr/migration_commands.hpp"
#include "rdha/dr/migration.hpp"

namespace rdha::dr {
namespace {

using detail::aws;
using detail::rds_command;
using detail::rdha;
using detail::sql;
using detail::sql_identifier;
using detail::sql_literal;
using detail::terraform;
using detail::shell_quote;

// The assumptions of the estimate: AWS publishes no snapshot copy, upgrade or restore
// throughput, so these are stated, not cited; a rehearsal on a copy of the source replaces
// them with measurements.
constexpr int kFreezeMinutes = 2;
constexpr int kIncrementalSnapshotMinutes = 5;
constexpr int kCopyGibPerMinute = 2;
constexpr int kMinimumCopyMinutes = 5;
constexpr int kUpgradeMinutesPerMajor = 20;
constexpr int kRestoreMinutes = 20;
constexpr int kVerifyAndSwitchMinutes = 10;

std::string wait_snapshot(const std::string& region, const std::string& snapshot) {
  return rds_command("wait db-snapshot-available", region, "--db-snapshot-identifier " + shell_quote(snapshot));
}

class Builder {
 public:
  explicit Builder(const SnapshotMigration& m) : m_(m) {}

  MigrationRunbook build() {
    MigrationRunbook runbook{
        fmt::format("Migration runbook: {} into {} (method snapshot)", m_.source_identifier, m_.primary_identifier),
        "snapshot",
        m_.phase,
        {},
        {}};
    preconditions(runbook);
    warm_up_snapshot(runbook);
    freeze(runbook);
    final_snapshot(runbook);
    copy(runbook);
    if (!m_.upgrade_majors.empty()) upgrade(runbook);
    restore(runbook);
    verify(runbook);
    switch_applications(runbook);
    done(runbook);
    runbook.downtime.assumptions = assumptions();
    return runbook;
  }

 private:
  const SnapshotMigration& m_;

  std::string synth() const {
    return "rdha synth --config " + shell_quote(m_.config_path) + " --out " + shell_quote(m_.tf_dir);
  }
  std::string tf(const std::string& rest) const { return "terraform -chdir=" + shell_quote(m_.tf_dir) + " " + rest; }

  void add(MigrationRunbook& runbook, MigrationStep step, int downtime_minutes = -1) {
    if (downtime_minutes >= 0) {
      step.in_downtime = true;
      runbook.downtime.parts.push_back({step.id, downtime_minutes});
    }
    runbook.steps.push_back(std::move(step));
  }

  void preconditions(MigrationRunbook& runbook) {
    MigrationStep step{"preconditions", "Check the source against the spec", "", m_.region, {}, "", false};
    step.description = fmt::format(
        "The source must be the PostgreSQL {} instance of migration.engine_version, its storage encrypted = {} as "
        "migration.encrypted says, and about {} GiB. The restored primary keeps the snapshot's master user and "
        "databases (the stack's secret reads them from the instance); this runbook connects as {} and freezes the "
        "database {} (database.master_username and database.db_name). The second command lists the versions RDS "
        "upgrades this exact version to. Stop if anything differs and correct the spec first.",
        m_.source_engine_version, m_.source_encrypted ? "true" : "false", m_.size_gib, sql_literal(m_.master_username),
        sql_literal(m_.database_name));
    step.commands = {
        aws(detail::describe_instance(m_.region, m_.source_identifier,
                                      "DBInstances[0].{Engine:Engine,Version:EngineVersion,Encrypted:StorageEncrypted,"
                                      "User:MasterUsername,Database:DBName,GiB:AllocatedStorage,Vpc:DBSubnetGroup.VpcId}")),
        aws(rds_command("describe-db-engine-versions", m_.region,
                        "--engine postgres --engine-version " + shell_quote(m_.source_engine_version) +
                            " --query 'DBEngineVersions[].ValidUpgradeTarget[].EngineVersion' --output text")),
        rdha(synth()),
        terraform(tf("plan")),
    };
    step.rollback = "Nothing has changed yet.";
    add(runbook, std::move(step));
  }

  std::string warm_up_name() const { return m_.source_snapshot + "-warmup"; }

  // A manual snapshot of the source, and the wait until it is available.
  std::vector<MigrationCommand> snapshot_source(const std::string& snapshot) const {
    return {aws(rds_command("create-db-snapshot", m_.region,
                            "--db-instance-identifier " + shell_quote(m_.source_identifier) +
                                " --db-snapshot-identifier " + shell_quote(snapshot))),
            aws(wait_snapshot(m_.region, snapshot))};
  }

  void warm_up_snapshot(MigrationRunbook& runbook) {
    MigrationStep step{"warm-up-snapshot", "Take a warm-up snapshot of the source while it still takes writes",
                       "Snapshots after an instance's first are incremental: this one, taken before the freeze, "
                       "makes the final snapshot in the downtime short.",
                       m_.region, {}, "", false};
    step.commands = snapshot_source(warm_up_name());
    step.rollback = "Delete the warm-up snapshot: " +
                    rds_command("delete-db-snapshot", m_.region, "--db-snapshot-identifier " + shell_quote(warm_up_name()));
    add(runbook, std::move(step));
  }

  void freeze(MigrationRunbook& runbook) {
    MigrationStep step{"write-freeze", "Freeze writes on the source (downtime starts)", "", "", {}, "", false};
    step.description = fmt::format(
        "Stop the applications' writers, then make the source database read-only for new sessions and end the "
        "open ones (connect to the source as {} to database postgres). From here until the applications use the "
        "new primary, writes are refused.",
        sql_literal(m_.master_username));
    step.commands = {
        sql(fmt::format("ALTER DATABASE {} SET default_transaction_read_only = on;", sql_identifier(m_.database_name))),
        sql(fmt::format("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = {} AND pid <> "
                        "pg_backend_pid();",
                        sql_literal(m_.database_name))),
    };
    step.rollback = fmt::format("ALTER DATABASE {} SET default_transaction_read_only = off; then restart the "
                                "applications' writers against the source.",
                                sql_identifier(m_.database_name));
    add(runbook, std::move(step), kFreezeMinutes);
  }

  void final_snapshot(MigrationRunbook& runbook) {
    MigrationStep step{"final-snapshot", "Take the final snapshot of the frozen source",
                       "The snapshot the stack's copy reads (migration.source_snapshot_identifier, or this name when "
                       "it is empty). Wait until it is available.",
                       m_.region, {}, "", false};
    step.commands = snapshot_source(m_.source_snapshot);
    step.rollback = "Lift the freeze (write-freeze's rollback); the source is unchanged. Delete the snapshot if the "
                    "migration is abandoned.";
    add(runbook, std::move(step), kIncrementalSnapshotMinutes);
  }

  int copy_minutes() const {
    return std::max(kMinimumCopyMinutes, (m_.size_gib + kCopyGibPerMinute - 1) / kCopyGibPerMinute);
  }

  void copy(MigrationRunbook& runbook) {
    MigrationStep step{"apply-copy", "Apply the copy phase: the encrypted copy of the final snapshot", "", m_.region,
                       {}, "", false};
    step.description = fmt::format(
        "With migration.phase \"copy\" the stack has no database yet: the apply creates the copy ({}) and, the "
        "first time, the networks, keys and roles the restore phase needs. The copy is encrypted with {}. Wait "
        "until it is available and check Encrypted is true with that key.",
        m_.copy_address, m_.kms_key);
    step.commands = {
        rdha(synth()),
        terraform(tf("apply")),
        aws(wait_snapshot(m_.region, m_.copy_snapshot)),
        aws(rds_command("describe-db-snapshots", m_.region,
                        "--db-snapshot-identifier " + shell_quote(m_.copy_snapshot) +
                            " --query 'DBSnapshots[0].{Encrypted:Encrypted,Key:KmsKeyId,Version:EngineVersion}' "
                            "--output table")),
    };
    step.rollback = "Destroy the copy (" + tf("destroy -target=" + m_.copy_address) +
                    ") and lift the freeze; the final snapshot and the source are unchanged.";
    add(runbook, std::move(step), copy_minutes());
  }

  void upgrade(MigrationRunbook& runbook) {
    MigrationStep step{"upgrade-copy", "Upgrade the copy to the stack's PostgreSQL major", "", m_.region, {}, "", false};
    std::string majors;
    for (int major : m_.upgrade_majors) majors += (majors.empty() ? "" : " then ") + std::to_string(major);
    step.description = fmt::format(
        "The restore passes the stack's postgres parameter group, which RDS refuses for an older snapshot, and the "
        "provider applies engine_version only afterwards: upgrade the copy first, one major at a time ({}). Each "
        "step asks RDS for the copy's current version and its newest target in the next major; stop if TARGET is "
        "empty or None (this minor has no such target: see describe-db-engine-versions in the preconditions).",
        majors);
    for (std::size_t i = 0; i < m_.upgrade_majors.size(); ++i) {
      const int major = m_.upgrade_majors[i];
      const bool last = i + 1 == m_.upgrade_majors.size();
      // A pinned database.engine_version is the last step's target as it stands.
      const bool pinned = last && m_.target_engine_version.find('.') != std::string::npos;
      if (!pinned) {
        step.commands.push_back(
            aws("SNAPSHOT_VERSION=$(" +
                rds_command("describe-db-snapshots", m_.region,
                            "--db-snapshot-identifier " + shell_quote(m_.copy_snapshot) +
                                " --query 'DBSnapshots[0].EngineVersion' --output text") +
                ")"));
        step.commands.push_back(aws(
            "TARGET=$(" +
            rds_command("describe-db-engine-versions", m_.region,
                        "--engine postgres --engine-version \"$SNAPSHOT_VERSION\" --query " +
                            shell_quote(fmt::format("DBEngineVersions[0].ValidUpgradeTarget[?starts_with(EngineVersion, "
                                                    "'{}.')].EngineVersion | [-1]",
                                                    major)) +
                            " --output text") +
            ")"));
      }
      step.commands.push_back(
          aws(rds_command("modify-db-snapshot", m_.region,
                          "--db-snapshot-identifier " + shell_quote(m_.copy_snapshot) + " --engine-version " +
                              (pinned ? shell_quote(m_.target_engine_version) : std::string("\"$TARGET\"")))));
      step.commands.push_back(aws(wait_snapshot(m_.region, m_.copy_snapshot)));
    }
    step.rollback = "A snapshot is never downgraded: destroy the copy and apply the copy phase again from the final "
                    "snapshot, or lift the freeze and return to the source.";
    add(runbook, std::move(step), kUpgradeMinutesPerMajor * static_cast<int>(m_.upgrade_majors.size()));
  }

  void restore(MigrationRunbook& runbook) {
    MigrationStep step{"apply-restore", "Apply the restore phase: the primary from the copy, then its replicas", "",
                       m_.region, {}, "", false};
    step.description = fmt::format(
        "Set migration.phase to \"restore\" in {} and apply everything: the primary {} is restored from {} "
        "(snapshot_identifier), Multi-AZ, then the read replicas and the DR replica are created from it as "
        "usual. The applications may switch once the primary is available; the replicas follow.",
        m_.config_path, m_.primary_identifier, m_.copy_snapshot);
    step.commands = {rdha(synth()), terraform(tf("apply")),
                     aws(rds_command("wait db-instance-available", m_.region,
                                     "--db-instance-identifier " + shell_quote(m_.primary_identifier)))};
    step.rollback = "The source is intact and frozen: lift the freeze and keep the applications on the legacy "
                    "endpoint. To retry, remove the restored primary deliberately: it is deletion-protected, so set "
                    "database.deletion_protection to false and apply, then set migration.phase back to \"copy\", "
                    "whose apply destroys the database (the copy phase has none), before restoring again.";
    add(runbook, std::move(step), kRestoreMinutes);
  }

  void verify(MigrationRunbook& runbook) {
    MigrationStep step{"verify", "Verify the new primary: encrypted with the stack key, Multi-AZ, replicas", "",
                       m_.region, {}, "", false};
    step.description = fmt::format(
        "Encrypted must be True and Key the ARN of {} (aws kms describe-key prints it), MultiAZ True, the engine the "
        "stack's PostgreSQL {}, and the replicas listed as they are created. The SQL compares the row counts with "
        "the source's (run it on both).",
        m_.kms_key, m_.target_engine_version);
    step.commands.push_back(aws(detail::describe_instance(
        m_.region, m_.primary_identifier,
        "DBInstances[0].{Status:DBInstanceStatus,Encrypted:StorageEncrypted,Key:KmsKeyId,MultiAZ:MultiAZ,"
        "Version:EngineVersion,Replicas:ReadReplicaDBInstanceIdentifiers}")));
    step.commands.push_back(aws("aws kms describe-key --region " + m_.region + " --key-id " +
                                shell_quote(m_.kms_key) + " --query KeyMetadata.Arn --output text"));
    for (const auto& replica : m_.replica_identifiers)
      step.commands.push_back(aws(detail::describe_instance(
          m_.region, replica, "DBInstances[0].{Status:DBInstanceStatus,Source:ReadReplicaSourceDBInstanceIdentifier}")));
    if (!m_.dr_replica_identifier.empty())
      step.commands.push_back(aws(detail::describe_instance(
          m_.dr_region, m_.dr_replica_identifier,
          "DBInstances[0].{Status:DBInstanceStatus,Source:ReadReplicaSourceDBInstanceIdentifier,Encrypted:"
          "StorageEncrypted}")));
    step.commands.push_back(
        sql("SELECT relname, n_live_tup FROM pg_stat_user_tables ORDER BY relname;"));
    step.rollback = "If a check fails, do not switch: lift the freeze and return to the source (apply-restore's "
                    "rollback).";
    add(runbook, std::move(step), 0);
  }

  void switch_applications(MigrationRunbook& runbook) {
    MigrationStep step{"switch-applications", "Point the applications at the new primary (downtime ends)", "",
                       m_.region, {}, "", false};
    if (!m_.writer_record.empty())
      step.description = fmt::format(
          "Replace the legacy endpoint (the first command prints it) with {} in the applications' connection "
          "settings and restart them. The record already names the new primary: no DNS change is made. Writes "
          "resume here.",
          m_.writer_record);
    else
      step.description =
          "Replace the legacy endpoint (the first command prints it) with the new primary's endpoint (the second) in "
          "the applications' connection settings and restart them. Writes resume here.";
    step.commands = {aws(detail::describe_instance(m_.region, m_.source_identifier, "DBInstances[0].Endpoint.Address")),
                     aws(detail::describe_instance(m_.region, m_.primary_identifier, "DBInstances[0].Endpoint.Address"))};
    step.rollback = "Point the applications back at the legacy endpoint and lift the freeze there. Writes made on "
                    "the new primary in between are not on the source: export them first or accept their loss.";
    add(runbook, std::move(step), kVerifyAndSwitchMinutes);
  }

  void done(MigrationRunbook& runbook) {
    MigrationStep step{"apply-done", "Apply the done phase: the primary stops naming the copy", "", "", {}, "", false};
    step.description = fmt::format(
        "Set migration.phase to \"done\" in {}. snapshot_identifier leaves the configuration; the provider keeps "
        "the restored value in the state, so the plan must show no replacement of the primary (stop if it does). "
        "Keep the migration section with phase \"done\" for the stack's life: the restored instance's master user "
        "and database came from the snapshot. The source stays frozen until you retire it; delete the warm-up "
        "snapshot.",
        m_.config_path);
    step.commands = {rdha(synth()), terraform(tf("plan")), terraform(tf("apply")),
                     aws(rds_command("delete-db-snapshot", m_.region,
                                     "--db-snapshot-identifier " + shell_quote(warm_up_name())))};
    step.rollback = "Nothing to roll back: the plan changes no instance. If it shows a replacement, do not apply; "
                    "set migration.phase back to \"restore\".";
    add(runbook, std::move(step));
  }

  std::vector<std::string> assumptions() const {
    return {
        fmt::format("The write freeze itself (stopping writers, ending sessions) takes {} minutes.", kFreezeMinutes),
        fmt::format("The final snapshot is incremental after the warm-up snapshot: {} minutes.",
                    kIncrementalSnapshotMinutes),
        fmt::format("The encrypting copy reads the whole snapshot at about {} GiB per minute (at least {} minutes): "
                    "{} GiB take {} minutes. AWS publishes no copy throughput; this is an assumption.",
                    kCopyGibPerMinute, kMinimumCopyMinutes, m_.size_gib, copy_minutes()),
        fmt::format("Each major of the snapshot upgrade takes {} minutes (an assumption; AWS publishes no figure).",
                    kUpgradeMinutesPerMajor),
        fmt::format("The restored primary is available in {} minutes; RDS loads its data from the snapshot in the "
                    "background, so the first reads of each block are slower.",
                    kRestoreMinutes),
        fmt::format("Verification and the applications' restart take {} minutes; the replicas are created after "
                    "writes have resumed and are not downtime.",
                    kVerifyAndSwitchMinutes),
        "A rehearsal on a copy of the source replaces these figures with measurements.",
    };
  }
};

}  // namespace

std::string_view to_string(CommandKind kind) noexcept {
  switch (kind) {
    case CommandKind::aws_cli: return "aws-cli";
    case CommandKind::sql: return "sql";
    case CommandKind::terraform: return "terraform";
    case CommandKind::rdha: return "rdha";
    case CommandKind::tool: return "tool";
  }
  return "aws-cli";
}

int DowntimeEstimate::total_minutes() const {
  int total = 0;
  for (const auto& part : parts) total += part.minutes;
  return total;
}

MigrationRunbook snapshot_migration_runbook(const SnapshotMigration& migration) { return Builder(migration).build(); }

std::string format_text(const MigrationRunbook& runbook) {
  std::ostringstream out;
  out << runbook.title << "\n" << "phase in the spec: " << runbook.phase << "\n";
  int number = 0;
  for (const auto& step : runbook.steps) {
    out << "\n" << ++number << ". " << step.title;
    if (step.in_downtime) out << "  (downtime)";
    out << "\n   " << step.description << "\n";
    if (!step.region.empty()) out << "   region: " << step.region << "\n";
    for (const auto& command : step.commands)
      out << "     " << (command.kind == CommandKind::sql ? "sql> " : "$ ") << command.line << "\n";
    out << "   rollback: " << step.rollback << "\n";
  }
  out << "\nEstimated downtime: " << runbook.downtime.total_minutes() << " minutes (";
  bool first = true;
  for (const auto& part : runbook.downtime.parts) {
    out << (first ? "" : ", ") << part.step << " " << part.minutes;
    first = false;
  }
  out << ")\nAssumptions:\n";
  for (const auto& assumption : runbook.downtime.assumptions) out << "  - " << assumption << "\n";
  return out.str();
}

nlohmann::json to_json(const MigrationRunbook& runbook) {
  nlohmann::json steps = nlohmann::json::array();
  int number = 0;
  for (const auto& step : runbook.steps) {
    nlohmann::json commands = nlohmann::json::array();
    for (const auto& command : step.commands)
      commands.push_back({{"kind", std::string(to_string(command.kind))}, {"line", command.line}});
    steps.push_back({{"number", ++number},
                     {"id", step.id},
                     {"title", step.title},
                     {"description", step.description},
                     {"region", step.region},
                     {"commands", std::move(commands)},
                     {"rollback", step.rollback},
                     {"in_downtime", step.in_downtime}});
  }
  nlohmann::json parts = nlohmann::json::array();
  for (const auto& part : runbook.downtime.parts) parts.push_back({{"step", part.step}, {"minutes", part.minutes}});
  return {{"title", runbook.title},
          {"method", runbook.method},
          {"phase", runbook.phase},
          {"steps", std::move(steps)},
          {"downtime",
           {{"minutes", runbook.downtime.total_minutes()},
            {"parts", std::move(parts)},
            {"assumptions", runbook.downtime.assumptions}}}};
}

}  // namespace rdha::dr
