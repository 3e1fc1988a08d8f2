// rdha/dr/migration.hpp — the cutover of an existing database into the stack, as data.
//
// A migration runbook is an ordered list of steps like the recovery runbooks
// (rdha/dr/runbook.hpp), but every command line says what it is (an AWS CLI call, SQL for
// the source database, a Terraform or rdha command), every step says how to roll it back,
// and the runbook carries its downtime estimate with the assumptions behind it. The stack
// fills SnapshotMigration from its spec (rdha/stack/migration.hpp); `rdha migrate` renders it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace rdha::dr {

/// @brief What a command line is.
enum class CommandKind {
  aws_cli,    ///< `aws ...` (or `VAR=$(aws ...)`): checked against the AWS CLI's service model
  sql,        ///< a statement for the source database (psql)
  terraform,  ///< `terraform -chdir=... ...`
  rdha,       ///< `rdha synth ...`
  tool        ///< another program run from a shell: pg_dump, psql
};

/// @brief "aws-cli", "sql", "terraform", "rdha" or "tool".
std::string_view to_string(CommandKind kind) noexcept;

/// @brief One line of a step.
struct MigrationCommand {
  CommandKind kind = CommandKind::aws_cli;
  std::string line;
};

/// @brief One step of the cutover.
struct MigrationStep {
  std::string id;           ///< stable kebab-case ID: "final-snapshot"
  std::string title;        ///< imperative one-liner
  std::string description;  ///< what it does, what to expect, when to stop
  std::string region;       ///< the region its AWS commands act on ("" if none)
  std::vector<MigrationCommand> commands;
  std::string rollback;     ///< how to undo the step, or go back to the source
  bool in_downtime = false;  ///< runs while the source is frozen for writes
};

/// @brief One part of the downtime estimate.
struct DowntimePart {
  std::string step;  ///< the step's ID
  int minutes = 0;
};

/// @brief How long the source is frozen for writes, and why the estimate says so.
struct DowntimeEstimate {
  std::vector<DowntimePart> parts;
  std::vector<std::string> assumptions;
  int total_minutes() const;
};

/// @brief The whole procedure.
struct MigrationRunbook {
  std::string title;
  std::string method;  ///< "snapshot" or "replication"
  std::string phase;   ///< the spec's migration.phase when printed
  std::vector<MigrationStep> steps;
  DowntimeEstimate downtime;
};

/// @brief What the snapshot method's runbook needs to know, every name already resolved.
struct SnapshotMigration {
  std::string config_path;        ///< the spec file (the rdha synth lines name it)
  std::string tf_dir = "terraform_out";
  std::string phase;              ///< the spec's migration.phase
  std::string region;             ///< the source's region = the primary region
  std::string source_identifier;
  std::string source_engine_version;
  bool source_encrypted = false;
  int size_gib = 0;
  std::string source_snapshot;    ///< the final snapshot's identifier
  std::string copy_snapshot;      ///< the encrypted copy's identifier
  std::string copy_address;       ///< "aws_db_snapshot_copy.migration"
  /// The majors the copy passes through to reach the stack's (empty: same major).
  std::vector<int> upgrade_majors;
  std::string target_engine_version;  ///< database.engine_version ("17" or "17.4")
  std::string kms_key;            ///< the key the copy is encrypted with (alias)
  std::string database_name;      ///< database.db_name: the source database frozen and checked
  std::string master_username;    ///< database.master_username: must be the source's
  std::string primary_identifier;
  std::vector<std::string> replica_identifiers;
  std::string dr_region;             ///< "" without a DR replica
  std::string dr_replica_identifier;  ///< "" without a DR replica
  std::string writer_record;          ///< "writer.<zone>", "" without failover names
};

/// @brief What the replication method's runbook needs to know, every name already resolved.
struct ReplicationMigration {
  std::string config_path;  ///< the spec file (the rdha synth lines name it)
  std::string tf_dir = "terraform_out";
  std::string phase;        ///< the spec's migration.phase
  std::string region;       ///< the source's region = the primary region
  std::string source_identifier;
  std::string source_engine_version;
  std::string source_database;       ///< migration.database_name
  std::string source_secret_arn;     ///< the source's credentials (host, port, username, password)
  std::string source_parameter_group;  ///< the CDC parameter group the stack creates
  std::string target_database;       ///< database.db_name
  std::string master_secret;         ///< the stack's master secret (name)
  std::string primary_identifier;
  std::string replication_instance;  ///< DMS replication instance identifier
  std::string source_endpoint;       ///< DMS endpoint identifiers
  std::string target_endpoint;
  std::string task;                  ///< DMS replication task identifier
  int size_gib = 0;
  int max_cutover_latency_seconds = 5;
  bool validation = true;
  std::string writer_record;  ///< "writer.<zone>", "" without failover names
};

/// @brief The replication method's cutover: preconditions (connection tests, tables without a
///        primary key), the schema copy, the source's CDC parameter group and reboot, the task's
///        start, the full load, CDC latency, validation, the write freeze, the final sync check,
///        sequences, the task's stop, the applications' switch, the slot's removal and the done
///        phase; a rollback for each step and the downtime estimate of the freeze and switch.
MigrationRunbook replication_migration_runbook(const ReplicationMigration& migration);

/// @brief The snapshot method's cutover: preconditions, a warm-up snapshot, the write
///        freeze, the final snapshot, the copy (apply), its engine upgrade, the restore
///        (apply), verification, the applications' switch, the done phase, with a rollback
///        for each step and the downtime estimate from the source's size.
MigrationRunbook snapshot_migration_runbook(const SnapshotMigration& migration);

/// @brief Numbered steps with their commands, rollbacks and the downtime estimate, for people.
std::string format_text(const MigrationRunbook& runbook);

/// @brief {"title", "method", "phase", "steps": [{"number", "id", "title", "description",
///        "region", "commands": [{"kind", "line"}], "rollback", "in_downtime"}],
///        "downtime": {"minutes", "parts": [{"step", "minutes"}], "assumptions"}}.
nlohmann::json to_json(const MigrationRunbook& runbook);

}  // namespace rdha::dr
