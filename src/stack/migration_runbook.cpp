// The migration's runbook inputs from the spec (rdha/stack/migration.hpp).
#include <fmt/format.h>

#include "rdha/error.hpp"
#include "rdha/stack/migration.hpp"
#include "rdha/stack/modules.hpp"
#include "rdha/stack/names.hpp"
#include "rdha/stack/snapshot_upgrades.hpp"

namespace rdha::stack {
namespace {

void require_enabled(const MigrationSpec& m) {
  if (!m.enabled)
    throw SpecError::invalid({{"migration.enabled",
                               "is false: there is no migration to print. Describe the source in the migration "
                               "section and set enabled to true (docs/migration.md)."}});
}

}  // namespace

dr::SnapshotMigration snapshot_migration(const HaStackSpec& spec, const std::string& config_path) {
  const MigrationSpec& m = spec.migration;
  require_enabled(m);
  const Names names(spec);
  dr::SnapshotMigration out;
  out.config_path = config_path.empty() ? std::string("stack.json") : config_path;
  out.phase = std::string(to_string(m.phase));
  out.region = m.region;
  out.source_identifier = m.source_identifier;
  out.source_engine_version = m.engine_version;
  out.source_encrypted = m.encrypted;
  out.size_gib = m.size_gib;
  out.source_snapshot = m.source_snapshot_identifier.empty() ? names.migration_source_snapshot()
                                                             : m.source_snapshot_identifier;
  out.copy_snapshot = names.migration_copy();
  out.copy_address = "aws_db_snapshot_copy.migration";
  const auto from = postgres_major(m.engine_version);
  const auto to = postgres_major(spec.database.engine_version);
  // validate() refused a spec without a path; the empty path is the same-major case.
  if (from && to)
    if (auto path = snapshot_upgrade_path(*from, *to)) out.upgrade_majors = *path;
  out.target_engine_version = spec.database.engine_version;
  out.kms_key = spec.database.kms_mode == KmsMode::customer_managed ? names.kms_alias() : kAwsManagedRdsKeyAlias;
  out.database_name = spec.database.db_name;
  out.master_username = spec.database.master_username;
  out.primary_identifier = names.primary().identifier();
  for (std::size_t i = 0; i < spec.database.replicas.size(); ++i)
    out.replica_identifiers.push_back(names.replica(i).identifier());
  if (spec.regions.dr.enabled && spec.database.dr_replica.enabled) {
    out.dr_region = spec.regions.dr.name;
    out.dr_replica_identifier = names.dr_replica().identifier();
  }
  if (spec.failover.enabled) out.writer_record = names.writer_record();
  return out;
}

dr::ReplicationMigration replication_migration(const HaStackSpec& spec, const std::string& config_path) {
  const MigrationSpec& m = spec.migration;
  require_enabled(m);
  const Names names(spec);
  dr::ReplicationMigration out;
  out.config_path = config_path.empty() ? std::string("stack.json") : config_path;
  out.phase = std::string(to_string(m.phase));
  out.region = m.region;
  out.source_identifier = m.source_identifier;
  out.source_engine_version = m.engine_version;
  out.source_database = m.database_name;
  out.source_secret_arn = m.source_secret_arn;
  out.source_parameter_group = names.migration_source_parameter_group(postgres_major(m.engine_version).value_or(0));
  out.target_database = spec.database.db_name;
  out.master_secret = names.master_secret();
  out.primary_identifier = names.primary().identifier();
  out.replication_instance = names.migration_dms();
  out.source_endpoint = names.migration_source_endpoint();
  out.target_endpoint = names.migration_target_endpoint();
  out.task = names.migration_task();
  out.size_gib = m.size_gib;
  out.max_cutover_latency_seconds = m.dms.max_cutover_latency_seconds;
  out.validation = m.dms.validation;
  if (spec.failover.enabled) out.writer_record = names.writer_record();
  return out;
}

dr::MigrationRunbook migration_runbook(const HaStackSpec& spec, const std::string& config_path) {
  if (spec.migration.method == MigrationMethod::replication)
    return dr::replication_migration_runbook(replication_migration(spec, config_path));
  return dr::snapshot_migration_runbook(snapshot_migration(spec, config_path));
}

}  // namespace rdha::stack
