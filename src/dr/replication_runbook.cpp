// The replication method's cutover runbook (rdha/dr/migration.hpp): AWS DMS copies the
// source and keeps the new primary in sync, so the applications stop only for the write
// freeze, the last changes and the switch.
//
// Sources (read 2026-12-06): "Using a PostgreSQL database as an AWS DMS source"
// (https://docs.aws.amazon.com/dms/latest/userguide/CHAP_Source.PostgreSQL.html: the CDC
// prerequisites, rds.logical_replication static, and the limitations this runbook prints:
// UPDATE and DELETE of tables without a primary key are not captured, TRUNCATE, partition
// operations and DDL are not captured, sequences are not migrated, LOBs are limited by the
// LOB mode, the replication slot stays on the source until dropped); "Testing replication
// instance endpoint connections" (aws dms test-connection, the waiter
// test-connection-succeeds); "Troubleshooting latency issues in AWS Database Migration
// Service" (https://docs.aws.amazon.com/dms/latest/userguide/CHAP_Troubleshooting_Latency.html:
// CDCLatencySource and CDCLatencyTarget, dimensions ReplicationInstanceIdentifier and
// ReplicationTaskIdentifier); "AWS DMS data validation"
// (https://docs.aws.amazon.com/dms/latest/userguide/CHAP_Validating.html: ValidationState,
// ValidationPendingRecords, ValidationFailedRecords of describe-table-statistics);
// PostgreSQL's pg_replication_slots and pg_current_wal_lsn
// (https://www.postgresql.org/docs/current/view-pg-replication-slots.html,
// https://www.postgresql.org/docs/current/functions-admin.html).
#include <fmt/format.h>

#include "dr/aws_cli.hpp"
#include "dr/migration_commands.hpp"
#include "rdha/dr/migration.hpp"

namespace rdha::dr {
namespace {

using detail::aws;
using detail::rdha;
using detail::rds_command;
using detail::shell_quote;
using detail::sql;
using detail::sql_identifier;
using detail::sql_literal;
using detail::terraform;
using detail::tool;

// The estimate's assumptions: AWS publishes no figures for these, so they are stated, not
// cited; a rehearsal replaces them with measurements.
constexpr int kSourceRebootMinutes = 5;
constexpr int kFreezeMinutes = 2;
constexpr int kFinalSyncMinutes = 1;
constexpr int kSequencesMinutes = 1;
constexpr int kStopTaskMinutes = 1;
constexpr int kSwitchMinutes = 5;

// A DMS --filters value naming one object; a "$VARIABLE" value stays expandable by the shell.
std::string filter(const std::string& name, const std::string& value) {
  const bool variable = !value.empty() && value.front() == '$';
  // '...["'"$VAR"'"]...': the single quotes close around the double-quoted variable.
  const std::string item = variable ? "'\"" + value + "\"'" : value;
  return "'[{\"Name\":\"" + name + "\",\"Values\":[\"" + item + "\"]}]'";
}

class Builder {
 public:
  explicit Builder(const ReplicationMigration& m) : m_(m) {}

  MigrationRunbook build() {
    MigrationRunbook runbook{fmt::format("Migration runbook: {} into {} (method replication)", m_.source_identifier,
                                         m_.primary_identifier),
                             "replication",
                             m_.phase,
                             {},
                             {}};
    preconditions(runbook);
    schema(runbook);
    source_reboot(runbook);
    start_task(runbook);
    full_load(runbook);
    cdc_latency(runbook);
    validation(runbook);
    freeze(runbook);
    final_sync(runbook);
    sequences(runbook);
    stop_task(runbook);
    switch_applications(runbook);
    drop_slot(runbook);
    done(runbook);
    runbook.downtime.assumptions = assumptions();
    return runbook;
  }

 private:
  const ReplicationMigration& m_;

  std::string synth() const {
    return "rdha synth --config " + shell_quote(m_.config_path) + " --out " + shell_quote(m_.tf_dir);
  }
  std::string tf(const std::string& rest) const { return "terraform -chdir=" + shell_quote(m_.tf_dir) + " " + rest; }
  std::string dms(const std::string& subcommand, const std::string& rest) const {
    return "aws dms " + subcommand + " --region " + m_.region + " " + rest;
  }
  // One value of a DB instance, for a shell variable.
  std::string instance_value(const std::string& id, const std::string& query) const {
    return rds_command("describe-db-instances", m_.region,
                       "--db-instance-identifier " + shell_quote(id) + " --query " + shell_quote(query) +
                           " --output text");
  }
  std::string task_status(const std::string& query) const {
    return dms("describe-replication-tasks", "--filters " + filter("replication-task-id", m_.task) + " --query '" +
                                                 query + "' --output table");
  }
  std::string latency(const std::string& metric) const {
    return "aws cloudwatch get-metric-statistics --region " + m_.region + " --namespace AWS/DMS --metric-name " +
           metric + " --dimensions Name=ReplicationInstanceIdentifier,Value=" + shell_quote(m_.replication_instance) +
           " Name=ReplicationTaskIdentifier,Value=\"$TASK_RESOURCE_ID\" --start-time \"$(date -u -d '-15 minutes' "
           "+%Y-%m-%dT%H:%M:%SZ)\" --end-time \"$(date -u +%Y-%m-%dT%H:%M:%SZ)\" --period 60 --statistics Maximum "
           "--output table";
  }

  void add(MigrationRunbook& runbook, MigrationStep step, int downtime_minutes = -1) {
    if (downtime_minutes >= 0) {
      step.in_downtime = true;
      runbook.downtime.parts.push_back({step.id, downtime_minutes});
    }
    runbook.steps.push_back(std::move(step));
  }

  void preconditions(MigrationRunbook& runbook) {
    MigrationStep step{"preconditions", "Check the source and test both DMS connections", "", m_.region, {}, "", false};
    step.description = fmt::format(
        "Run after the apply of phase \"replicate\". The source must be the PostgreSQL {} writer (no "
        "ReadReplicaSourceDBInstanceIdentifier: DMS cannot capture changes from a read replica). The first lines "
        "keep the source's current parameter group (the reboot's rollback) and the DMS ARNs the later steps use; "
        "test-connection must succeed for both endpoints (the secrets, the peering routes and the security group "
        "rules). The SQL lists the tables without a primary key: DMS does not carry their UPDATEs and DELETEs "
        "during CDC, so add a key or accept a write freeze for the whole copy. Also before starting: DDL, "
        "TRUNCATE and partition changes on the source are not captured (no schema change until the cutover), "
        "sequences are not carried (the sequences step sets them), and a LOB larger than {} fails the task "
        "instead of arriving truncated.",
        m_.source_engine_version, "dms.lob_max_size_kb");
    step.commands = {
        aws(detail::describe_instance(m_.region, m_.source_identifier,
                                      "DBInstances[0].{Version:EngineVersion,ReplicaOf:ReadReplicaSourceDBInstanceIdentifier,"
                                      "Group:DBParameterGroups[0].DBParameterGroupName,Status:DBInstanceStatus}")),
        aws("PREVIOUS_GROUP=$(" +
            instance_value(m_.source_identifier, "DBInstances[0].DBParameterGroups[0].DBParameterGroupName") + ")"),
        aws("INSTANCE_ARN=$(" +
            dms("describe-replication-instances",
                "--filters " + filter("replication-instance-id", m_.replication_instance) +
                    " --query 'ReplicationInstances[0].ReplicationInstanceArn' --output text") +
            ")"),
        aws("SOURCE_ARN=$(" +
            dms("describe-endpoints", "--filters " + filter("endpoint-id", m_.source_endpoint) +
                                          " --query 'Endpoints[0].EndpointArn' --output text") +
            ")"),
        aws("TARGET_ARN=$(" +
            dms("describe-endpoints", "--filters " + filter("endpoint-id", m_.target_endpoint) +
                                          " --query 'Endpoints[0].EndpointArn' --output text") +
            ")"),
        aws("TASK_ARN=$(" +
            dms("describe-replication-tasks", "--filters " + filter("replication-task-id", m_.task) +
                                                  " --query 'ReplicationTasks[0].ReplicationTaskArn' --output text") +
            ")"),
        tool("TASK_RESOURCE_ID=${TASK_ARN##*:}"),
        aws(dms("test-connection", "--replication-instance-arn \"$INSTANCE_ARN\" --endpoint-arn \"$SOURCE_ARN\"")),
        aws(dms("wait test-connection-succeeds", "--filters " + filter("endpoint-arn", "$SOURCE_ARN"))),
        aws(dms("test-connection", "--replication-instance-arn \"$INSTANCE_ARN\" --endpoint-arn \"$TARGET_ARN\"")),
        aws(dms("wait test-connection-succeeds", "--filters " + filter("endpoint-arn", "$TARGET_ARN"))),
        sql("SELECT c.oid::regclass AS table_without_primary_key FROM pg_class c JOIN pg_namespace n ON n.oid = "
            "c.relnamespace WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conrelid = c.oid AND k.contype = 'p');"),
    };
    step.rollback = "Nothing has changed yet. A failed connection test names the endpoint: check its secret (host, "
                    "port, username, password), the routes over the peering and the security group rules.";
    add(runbook, std::move(step));
  }

  void schema(MigrationRunbook& runbook) {
    MigrationStep step{"schema", "Copy the schema into the new primary", "", m_.region, {}, "", false};
    step.description = fmt::format(
        "DMS loads data into existing tables (TargetTablePrepMode DO_NOTHING), so the schema comes from "
        "pg_dump. Set SOURCE_USER and TARGET_USER (and PGPASSWORD or ~/.pgpass) from the secrets {} and {}; the "
        "first two lines find the hosts. Run from a host that reaches both databases.",
        m_.source_secret_arn, m_.master_secret);
    step.commands = {
        aws("SOURCE_HOST=$(" + instance_value(m_.source_identifier, "DBInstances[0].Endpoint.Address") + ")"),
        aws("TARGET_HOST=$(" + instance_value(m_.primary_identifier, "DBInstances[0].Endpoint.Address") + ")"),
        tool("pg_dump --schema-only --no-owner --no-privileges --host \"$SOURCE_HOST\" --username \"$SOURCE_USER\" "
             "--dbname " + shell_quote(m_.source_database) + " --file schema.sql"),
        tool("psql --set ON_ERROR_STOP=1 --host \"$TARGET_HOST\" --username \"$TARGET_USER\" --dbname " +
             shell_quote(m_.target_database) + " --file schema.sql"),
    };
    step.rollback = fmt::format("Drop and recreate the database {} on the new primary (it holds no data yet) and "
                                "repeat the step.",
                                sql_identifier(m_.target_database));
    add(runbook, std::move(step));
  }

  void source_reboot(MigrationRunbook& runbook) {
    MigrationStep step{"source-reboot", "Attach the CDC parameter group to the source and reboot it", "", m_.region,
                       {}, "", false};
    step.description = fmt::format(
        "rds.logical_replication is a static parameter: the source reads it only at a reboot, a short outage of "
        "the source of its own (schedule it in a quiet window; the applications reconnect). The group {} is the "
        "stack's (phase \"replicate\" created it); the SQL must print logical afterwards.",
        m_.source_parameter_group);
    step.commands = {
        aws(rds_command("modify-db-instance", m_.region,
                        "--db-instance-identifier " + shell_quote(m_.source_identifier) + " --db-parameter-group-name " +
                            shell_quote(m_.source_parameter_group) + " --apply-immediately")),
        aws(rds_command("wait db-instance-available", m_.region,
                        "--db-instance-identifier " + shell_quote(m_.source_identifier))),
        aws(rds_command("reboot-db-instance", m_.region, "--db-instance-identifier " + shell_quote(m_.source_identifier))),
        aws(rds_command("wait db-instance-available", m_.region,
                        "--db-instance-identifier " + shell_quote(m_.source_identifier))),
        sql("SHOW wal_level;"),
    };
    step.rollback = "Attach the previous group and reboot again: aws rds modify-db-instance --region " + m_.region +
                    " --db-instance-identifier " + shell_quote(m_.source_identifier) +
                    " --db-parameter-group-name \"$PREVIOUS_GROUP\" --apply-immediately, then reboot-db-instance.";
    add(runbook, std::move(step), kSourceRebootMinutes);
  }

  void start_task(MigrationRunbook& runbook) {
    MigrationStep step{"start-task", "Start the full-load-and-cdc task", "", m_.region, {}, "", false};
    step.description = "The task copies every table, then applies the changes made since it started; the source "
                       "keeps serving writes throughout. Its logical replication slot holds WAL on the source "
                       "until the task reads it: watch the source's free storage.";
    step.commands = {aws(dms("start-replication-task",
                             "--replication-task-arn \"$TASK_ARN\" --start-replication-task-type start-replication"))};
    step.rollback = "Stop the task (aws dms stop-replication-task --replication-task-arn \"$TASK_ARN\"), drop the "
                    "slot (drop-slot) and empty the target's tables before starting again with "
                    "--start-replication-task-type reload-target.";
    add(runbook, std::move(step));
  }

  void full_load(MigrationRunbook& runbook) {
    MigrationStep step{"full-load", "Watch the full load", "", m_.region, {}, "", false};
    step.description = "Repeat until FullLoadProgressPercent is 100 and no table is loading or queued; any errored "
                       "table stops the procedure (the task's CloudWatch log names the reason).";
    step.commands = {aws(task_status(
        "ReplicationTasks[0].{Status:Status,Percent:ReplicationTaskStats.FullLoadProgressPercent,Loaded:"
        "ReplicationTaskStats.TablesLoaded,Loading:ReplicationTaskStats.TablesLoading,Queued:ReplicationTaskStats."
        "TablesQueued,Errored:ReplicationTaskStats.TablesErrored}"))};
    step.rollback = "start-task's rollback.";
    add(runbook, std::move(step));
  }

  void cdc_latency(MigrationRunbook& runbook) {
    MigrationStep step{"cdc-latency", "Wait for change data capture to catch up", "", m_.region, {}, "", false};
    step.description = fmt::format(
        "CDCLatencySource is how far the task reads behind the source, CDCLatencyTarget how far the target "
        "applies behind it (seconds). Go on when both stay under {} seconds (migration.dms."
        "max_cutover_latency_seconds) at the usual write load.",
        m_.max_cutover_latency_seconds);
    step.commands = {aws(latency("CDCLatencySource")), aws(latency("CDCLatencyTarget"))};
    step.rollback = "Nothing to roll back; a latency that keeps growing needs a larger dms.instance_class (apply) "
                    "or fewer writes.";
    add(runbook, std::move(step));
  }

  void validation(MigrationRunbook& runbook) {
    MigrationStep step{"validation", "Check the validation of every table", "", m_.region, {}, "", false};
    step.description =
        m_.validation
            ? "Every table must reach ValidationState \"Validated\" with no failed records; pending records are "
              "rows changed since their last comparison."
            : "Validation is off (migration.dms.validation): the statistics show the loaded and applied rows only. "
              "Compare row counts by hand before the freeze.";
    step.commands = {aws(dms("describe-table-statistics",
                             "--replication-task-arn \"$TASK_ARN\" --query 'TableStatistics[].{Schema:SchemaName,"
                             "Table:TableName,State:ValidationState,Pending:ValidationPendingRecords,Failed:"
                             "ValidationFailedRecords}' --output table"))};
    step.rollback = "Failed records name the table: reload it (aws dms reload-tables) and validate again.";
    add(runbook, std::move(step));
  }

  void freeze(MigrationRunbook& runbook) {
    MigrationStep step{"write-freeze", "Freeze writes on the source (downtime starts)", "", m_.region, {}, "", false};
    step.description = fmt::format(
        "Stop the applications' writers, then make new sessions of {} read-only and end the open client "
        "sessions; DMS's replication connection is a walsender and stays.",
        sql_literal(m_.source_database));
    step.commands = {
        sql(fmt::format("ALTER DATABASE {} SET default_transaction_read_only = on;", sql_identifier(m_.source_database))),
        sql(fmt::format("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = {} AND pid <> "
                        "pg_backend_pid() AND backend_type = 'client backend';",
                        sql_literal(m_.source_database))),
    };
    step.rollback = fmt::format("ALTER DATABASE {} SET default_transaction_read_only = off; and restart the "
                                "applications on the source.",
                                sql_identifier(m_.source_database));
    add(runbook, std::move(step), kFreezeMinutes);
  }

  void final_sync(MigrationRunbook& runbook) {
    MigrationStep step{"final-sync", "Check that the last change has reached the new primary", "", m_.region, {}, "",
                       false};
    step.description = "On the source, the slot's confirmed_flush_lsn must reach the LSN the first query prints "
                       "(the heartbeat adds a little WAL: compare again after a minute), and both CDC latencies must "
                       "be about 0.";
    step.commands = {
        sql("SELECT pg_current_wal_lsn();"),
        sql("SELECT slot_name, active, confirmed_flush_lsn FROM pg_replication_slots WHERE slot_type = 'logical';"),
        aws(latency("CDCLatencyTarget")),
    };
    step.rollback = "write-freeze's rollback: nothing has moved yet.";
    add(runbook, std::move(step), kFinalSyncMinutes);
  }

  void sequences(MigrationRunbook& runbook) {
    MigrationStep step{"sequences", "Carry the sequences' values", "", m_.region, {}, "", false};
    step.description = "DMS does not migrate sequence values: the query on the source writes one setval per "
                       "sequence (save its output as sequences.sql), which runs on the new primary.";
    step.commands = {
        sql("SELECT format('SELECT setval(%L, %s, true);', quote_ident(schemaname) || '.' || quote_ident(sequencename), "
            "last_value) FROM pg_sequences WHERE last_value IS NOT NULL;"),
        tool("psql --set ON_ERROR_STOP=1 --host \"$TARGET_HOST\" --username \"$TARGET_USER\" --dbname " +
             shell_quote(m_.target_database) + " --file sequences.sql"),
    };
    step.rollback = "Nothing to undo on the source; the new primary's sequences are set again on a retry.";
    add(runbook, std::move(step), kSequencesMinutes);
  }

  void stop_task(MigrationRunbook& runbook) {
    MigrationStep step{"stop-task", "Stop the replication task", "", m_.region, {}, "", false};
    step.description = "Nothing is written on the source any more; stopping keeps the task from applying anything "
                       "after the applications move.";
    step.commands = {aws(dms("stop-replication-task", "--replication-task-arn \"$TASK_ARN\"")),
                     aws(dms("wait replication-task-stopped", "--filters " + filter("replication-task-arn", "$TASK_ARN")))};
    step.rollback = "Resume it (aws dms start-replication-task --replication-task-arn \"$TASK_ARN\" "
                    "--start-replication-task-type resume-processing) and lift the freeze.";
    add(runbook, std::move(step), kStopTaskMinutes);
  }

  void switch_applications(MigrationRunbook& runbook) {
    MigrationStep step{"switch-applications", "Point the applications at the new primary (downtime ends)", "",
                       m_.region, {}, "", false};
    step.description =
        m_.writer_record.empty()
            ? "Replace the legacy endpoint with the new primary's (the command prints it) in the applications' "
              "connection settings and restart them. Writes resume here."
            : fmt::format("Replace the legacy endpoint with {} in the applications' connection settings and restart "
                          "them; the record already names the new primary. Writes resume here.",
                          m_.writer_record);
    step.commands = {aws(detail::describe_instance(m_.region, m_.primary_identifier, "DBInstances[0].Endpoint.Address"))};
    step.rollback = "Point the applications back at the legacy endpoint and lift the freeze there. Writes made on "
                    "the new primary in between are not on the source (the task is stopped): export them first or "
                    "accept their loss.";
    add(runbook, std::move(step), kSwitchMinutes);
  }

  void drop_slot(MigrationRunbook& runbook) {
    MigrationStep step{"drop-slot", "Drop the replication slot on the source", "", m_.region, {}, "", false};
    step.description = "An inactive logical slot keeps every later WAL segment on the source and fills its "
                       "storage. Drop it once the applications run on the new primary.";
    step.commands = {sql(fmt::format("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE "
                                     "slot_type = 'logical' AND NOT active AND database = {};",
                                     sql_literal(m_.source_database)))};
    step.rollback = "A dropped slot cannot be resumed: going back to replication means a new full load "
                    "(start-task with reload-target).";
    add(runbook, std::move(step));
  }

  void done(MigrationRunbook& runbook) {
    MigrationStep step{"apply-done", "Apply the done phase: DMS and the network path leave", "", "", {}, "", false};
    step.description = fmt::format(
        "Set migration.phase to \"done\" in {}. The plan destroys the DMS task, endpoints, instance and subnet "
        "group, the peering with its routes, the DMS security group and the rule on the source's group; it must "
        "change no DB instance. The source's CDC parameter group {} stays while the source uses it: attach the "
        "previous group (or retire the source) before setting migration.enabled to false.",
        m_.config_path, m_.source_parameter_group);
    step.commands = {rdha(synth()), terraform(tf("plan")), terraform(tf("apply"))};
    step.rollback = "Nothing to roll back on the databases; set migration.phase back to \"replicate\" to recreate "
                    "the path (a new full load).";
    add(runbook, std::move(step));
  }

  std::vector<std::string> assumptions() const {
    return {
        fmt::format("The source's reboot for rds.logical_replication is a separate, earlier outage of about {} "
                    "minutes; the cutover's downtime is the rest.",
                    kSourceRebootMinutes),
        fmt::format("The write freeze (stopping writers, ending sessions) takes {} minutes.", kFreezeMinutes),
        fmt::format("CDC latency is under {} seconds before the freeze, so the last changes arrive within {} minute.",
                    m_.max_cutover_latency_seconds, kFinalSyncMinutes),
        fmt::format("Setting the sequences and stopping the task take {} minute each.", kSequencesMinutes),
        fmt::format("The applications' restart on the new endpoint takes {} minutes.", kSwitchMinutes),
        fmt::format("The full load of about {} GiB happens before the freeze and is not downtime; its length depends "
                    "on the instance class and the tables (AWS publishes no throughput).",
                    m_.size_gib),
        "Near-zero downtime holds only when no schema change runs on the source during the copy, every table "
        "with UPDATEs or DELETEs has a primary key, and no LOB exceeds the limited LOB size.",
        "A rehearsal against a copy of the source replaces these figures with measurements.",
    };
  }
};

}  // namespace

MigrationRunbook replication_migration_runbook(const ReplicationMigration& migration) {
  return Builder(migration).build();
}

}  // namespace rdha::dr
