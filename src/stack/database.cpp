// The database module: the Multi-AZ PostgreSQL primary, its in-region read replicas, the
// cross-region DR replica, the replication of automated backups to the DR region, the log
// groups of every instance's exported logs, and the master secret's value (which needs the
// primary's address).
//
// Creation order: each replica (and the backups replication) depends on the one before.
// RDS refuses CreateDBInstanceReadReplica while the source is busy with another one
// ("InvalidDBInstanceState: DB instance is not in the available state"; terraform-provider-aws
// issue 43474, https://github.com/hashicorp/terraform-provider-aws/issues/43474, and
// terraform-aws-modules/terraform-aws-rds issue 192,
// https://github.com/terraform-aws-modules/terraform-aws-rds/issues/192).
//
// After a region failover (failover.state = dr_promoted) the promoted DR instance is the
// writer. The configuration must stop saying replicate_source_db, or the provider fails
// with "cannot elect new source database for replication" (terraform-provider-aws issue
// 4419, https://github.com/hashicorp/terraform-provider-aws/issues/4419). It is adopted at a
// new address, aws_db_instance.dr_writer, by an `import` block: the plan reads it from the
// DR region, so its state is current even with -refresh=false (which keeps the plan away
// from the lost region). The lost region's instances, the old address and the backups
// replication leave through `removed` blocks with destroy = false ("Remove a resource from
// state", https://developer.hashicorp.com/terraform/language/state/remove): nothing is
// deleted, and nothing calls the lost region.
//
// Choices the provider and RDS force (each also noted where it is made):
//  - same-region replicas inherit the source's KMS key, engine, credentials and database:
//    kms_key_id / username / password / db_name stay unset (AWS rejects some of them);
//  - the cross-region replica names its source by ARN and needs a key of its own region;
//  - `availability_zone` conflicts with `multi_az`, so Multi-AZ instances have none;
//  - a PostgreSQL replica cannot take a custom parameter group at creation: the provider
//    sets it with a modify + reboot right after creating the replica, which needs nothing
//    here but the group's name (no ignore_changes on parameter_group_name).
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "database_parts.hpp"
#include "rdha/error.hpp"

namespace rdha::stack {
namespace {

using Tags = std::map<std::string, std::string>;

Arg<tf::Set<tf::String>> string_set(const std::vector<std::string>& items) {
  std::vector<Arg<tf::String>> args(items.begin(), items.end());
  return args;
}

// With auto_minor_version_upgrade on (the default), a pinned minor ("17.7") would turn
// every plan after AWS upgrades the instance into a downgrade diff. The provider accepts a
// version prefix when upgrades are on and keeps it while the running version matches it
// ("17" matches "17.7", reported as engine_version_actual: "Resource: aws_db_instance",
// https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/db_instance),
// so the major alone is emitted then. With upgrades off the version is emitted as given.
std::string engine_version_argument(const DatabaseSpec& database) {
  if (database.auto_minor_version_upgrade) return engine_major_version(database);
  return database.engine_version;
}

// Hardening shared by every instance: the primary, the readers and the DR replica.
void harden(aws::DbInstance& db, const HaStackSpec& spec, const IamRoles& iam,
            const std::optional<Attr<tf::String>>& performance_insights_key) {
  const DatabaseSpec& d = spec.database;
  const MonitoringSpec& m = spec.monitoring;
  db.storage_type(std::string(to_string(d.storage_type)))
      .storage_encrypted(true)
      .port(d.port)
      .publicly_accessible(false)
      .iam_database_authentication_enabled(true)
      .enabled_cloudwatch_logs_exports(string_set(d.cloudwatch_logs_exports))
      .ca_cert_identifier(d.ca_cert_identifier)
      .auto_minor_version_upgrade(d.auto_minor_version_upgrade)
      .deletion_protection(d.deletion_protection)
      .copy_tags_to_snapshot(d.copy_tags_to_snapshot)
      .apply_immediately(d.apply_immediately)
      .monitoring_interval(m.monitoring_interval)
      .performance_insights_enabled(m.performance_insights_enabled);
  if (d.iops > 0) db.iops(d.iops);
  if (m.monitoring_interval > 0) {
    db.monitoring_role_arn(iam.monitoring.arn());
    db.depends_on(iam.monitoring_policy);  // the role is usable only once its policy is attached
  }
  if (m.performance_insights_enabled) {
    db.performance_insights_retention_period(m.performance_insights_retention_period);
    if (performance_insights_key) db.performance_insights_kms_key_id(*performance_insights_key);
  }
}

// The log groups of the instance's exported logs. On the first export RDS creates
// /aws/rds/instance/<identifier>/<log type> itself, without a KMS key and without
// retention ("RDS by default creates the log group with NO retention period", AWS Support
// quoted in "RDS enabled_cloudwatch_logs_exports log groups not destroyed",
// https://github.com/hashicorp/terraform-provider-aws/issues/5348), but it publishes into
// an existing group of that name ("Publishing PostgreSQL logs to Amazon CloudWatch Logs",
// Amazon RDS User Guide, https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/
// USER_LogAccess.Concepts.PostgreSQL.PublishtoCloudWatchLogs.html; provider maintainers in
// https://github.com/hashicorp/terraform-provider-aws/issues/5695). So the stack owns them:
// in the instance's region, encrypted with that region's key (whose policy admits
// logs.<region>.amazonaws.com, see kms.cpp), with the spec's retention. The instance
// depends on its groups: they exist before its first export and outlive it on destroy.
// The log groups of one instance, at <local_base>_<log type>; @p db (nullptr once its region
// is lost and it has left the configuration) depends on them.
void add_log_groups(Stack& stack, const HaStackSpec& spec, const std::string& local_base, const InstanceNames& names,
                    const RegionContext& region, const std::optional<Attr<tf::String>>& key, aws::DbInstance* db,
                    std::vector<aws::CloudwatchLogGroup>& out) {
  for (const std::string& log_type : spec.database.cloudwatch_logs_exports) {
    std::string local = local_base + "_" + log_type;
    std::replace(local.begin(), local.end(), '-', '_');
    auto group = stack.add<aws::CloudwatchLogGroup>(local, region.provider);
    group.name(names.log_group(log_type))
        .retention_in_days(spec.database.log_retention_days)
        .tags(std::map<std::string, std::string>{{"Name", names.log_group_tag(log_type)}});
    // aws_managed mode: CloudWatch Logs' own encryption (it cannot use the aws/rds key).
    if (key) group.kms_key_id(*key);
    if (db != nullptr) db->depends_on(group);
    out.push_back(group);
  }
}

// Credentials of the primary, per password source. Never a literal: the value is a
// reference to the random / ephemeral password (the emitter rejects literals).
void set_credentials(aws::DbInstance& db, const HaStackSpec& spec, const KmsKeys& kms, const MasterSecret& secret,
                     bool restored) {
  // A restored instance keeps the snapshot's master user: username is "Required unless a
  // snapshot_identifier or replicate_source_db is provided" ("Resource: aws_db_instance",
  // https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/db_instance),
  // and the provider reads it back (optional + computed in its schema, tools/schema/facts.json).
  // The password is still set: the provider applies it to the restored instance.
  if (!restored) db.username(spec.database.master_username);
  switch (secret.source) {
    case PasswordSource::random:
      if (!secret.password)
        throw SpecError::invalid({{"database.password_source",
                                   "is \"random\" but the master secret carries no password; build it with "
                                   "build_secrets() for the same spec."}});
      db.password(*secret.password);
      break;
    case PasswordSource::ephemeral:
      if (!secret.password)
        throw SpecError::invalid({{"database.password_source",
                                   "is \"ephemeral\" but the master secret carries no password; build it with "
                                   "build_secrets() for the same spec."}});
      // Write-only: the password never reaches the state; bump the version to rotate.
      db.password_wo(*secret.password).password_wo_version(secret.password_version);
      break;
    case PasswordSource::rds_managed:
      db.manage_master_user_password(true);
      // Without a key RDS uses the aws/secretsmanager key (aws_managed mode).
      if (kms.primary_arn) db.master_user_secret_kms_key_id(*kms.primary_arn);
      break;
  }
}

aws::DbInstance add_primary(Stack& stack, const HaStackSpec& spec, const RegionContext& region,
                            const RegionDatabase& parts, const RegionSecurity& security, const KmsKeys& kms,
                            const MasterSecret& secret, const IamRoles& iam,
                            const std::optional<aws::DbSnapshotCopy>& migration_copy) {
  const DatabaseSpec& d = spec.database;
  const Names names(spec);
  const std::string identifier = names.primary().identifier();
  auto db = stack.add<aws::DbInstance>("primary", region.provider);
  db.identifier(identifier)
      .engine("postgres")
      .engine_version(engine_version_argument(d))
      .instance_class(d.instance_class)
      .allocated_storage(d.allocated_storage)
      .max_allocated_storage(d.max_allocated_storage)  // 0 = storage autoscaling off
      // Multi-AZ: RDS picks the AZs of the writer and its standby, so no availability_zone
      // (the two conflict). The placement stays regional for the analyses.
      .multi_az(d.multi_az)
      .db_subnet_group_name(parts.subnet_group.name())
      .parameter_group_name(parts.parameter_group.name())
      .vpc_security_group_ids({security.db.id()})
      .backup_retention_period(d.backup_retention_days)
      .backup_window(d.backup_window)
      .maintenance_window(instance_maintenance_window(d, 0))
      .skip_final_snapshot(d.skip_final_snapshot)
      // Keep automated backups (PITR) for their retention period after a deletion.
      .delete_automated_backups(false)
      .tags(Tags{{"Name", identifier}});
  // aws_managed mode: no key means the region's aws/rds key.
  if (kms.primary_arn) db.kms_key_id(*kms.primary_arn);
  if (!d.skip_final_snapshot) db.final_snapshot_identifier(names.final_snapshot());
  const bool restored = primary_restored_by_migration(spec);
  // A restored PostgreSQL instance has the snapshot's databases: RestoreDBInstanceFromDBSnapshot's
  // DBName does not apply to PostgreSQL ("RestoreDBInstanceFromDBSnapshot", Amazon RDS API
  // Reference, https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_RestoreDBInstanceFromDBSnapshot.html).
  if (!restored) db.db_name(d.db_name);
  // The restore phase names the copy by reference (the copy exists, upgraded, before this
  // apply). Changing snapshot_identifier replaces the instance (it forces a new resource:
  // https://github.com/hashicorp/terraform/pull/8806), but the attribute is optional and
  // computed in the provider's schema (tools/schema/facts.json, hashicorp/aws 5.100.0), so
  // leaving it out after the restore (phase done) keeps the state's value: no diff, no
  // replacement (the old replacement on removal: https://github.com/hashicorp/terraform-provider-aws/issues/467).
  // engine_version, kms_key_id and storage_encrypted stay: the copy is encrypted with the
  // same key and upgraded to the same major before the restore, so they match what RDS restores.
  if (restored && spec.migration.phase == MigrationPhase::restore)
    db.snapshot_identifier(migration_copy->target_db_snapshot_identifier());
  set_credentials(db, spec, kms, secret, restored);
  harden(db, spec, iam, kms.primary_arn);
  db.role(DbRole::writer);
  return db;
}

aws::DbInstance add_reader(Stack& stack, const HaStackSpec& spec, std::size_t index, const RegionContext& region,
                           const aws::DbInstance& primary, const RegionDatabase& parts,
                           const RegionSecurity& security, const KmsKeys& kms, const IamRoles& iam) {
  const DatabaseSpec& d = spec.database;
  const ReplicaSpec& replica = d.replicas[index];
  const std::string identifier = Names(spec).replica(index).identifier();
  auto db = stack.add<aws::DbInstance>(fmt::format("replica_{}", index + 1), region.provider);
  // Same region: the source by identifier. No kms_key_id (the replica is encrypted with the
  // source's key; AWS rejects one here), no engine / engine_version (inherited; setting
  // them only invites diffs when the source is upgraded), no db_name / username /
  // password (a replica has the source's), no allocated_storage (it starts at the
  // source's size).
  db.identifier(identifier)
      .replicate_source_db(primary.identifier())
      .instance_class(d.instance_class)
      // A literal AZ also records the replica's placement for the failure-domain analyses.
      .availability_zone(replica.az)
      .multi_az(false)
      // A replica that runs out of storage stops replicating: it autoscales on its own.
      .max_allocated_storage(d.replica_max_allocated_storage)
      // No db_subnet_group_name: a same-region replica lives in its source's subnet group,
      // and the provider accepts the argument only with an ARN source (cross-region).
      .parameter_group_name(parts.parameter_group.name())
      .vpc_security_group_ids({security.db.id()})
      // Backups of its own, so a reader promoted after an incident is not a writer without
      // backups. RDS creates a replica with backups off; the provider turns them on with a
      // modify right after creating it ("CreateDBInstanceReadReplica", Amazon RDS API
      // Reference, https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/
      // API_CreateDBInstanceReadReplica.html; "Working with read replicas for Amazon RDS for
      // PostgreSQL", https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/
      // USER_PostgreSQL.Replication.ReadReplicas.html: replica backups from 14.1).
      .backup_retention_period(d.replica_backup_retention_days)
      .backup_window(d.backup_window)
      // Staggered after the primary's: the readers are never all patched in one window.
      .maintenance_window(instance_maintenance_window(d, index + 1))
      // RDS takes no final snapshot of a read replica (DeleteDBInstance refuses one).
      .skip_final_snapshot(true)
      .tags(Tags{{"Name", identifier}});
  harden(db, spec, iam, kms.primary_arn);
  db.role(DbRole::reader);
  return db;
}

// The promoted DR instance as the writer: no source, the writer's settings, adopted from
// the DR region. Credentials, database and storage came with the replica and stay as they
// are (imported; username and db_name would force a replacement if they differed).
aws::DbInstance add_promoted_writer(Stack& stack, const HaStackSpec& spec, const RegionContext& region,
                                    const RegionDatabase& parts, const RegionSecurity& security,
                                    const Attr<tf::String>& key, const IamRoles& iam) {
  const DatabaseSpec& d = spec.database;
  const InstanceNames names = Names(spec).dr_replica();
  auto db = stack.add<aws::DbInstance>("dr_writer", region.provider);
  db.identifier(names.identifier())
      .engine("postgres")
      .engine_version(engine_version_argument(d))
      .kms_key_id(key)
      .instance_class(dr_replica_instance_class(d))
      .multi_az(d.multi_az)
      .max_allocated_storage(d.max_allocated_storage)
      .db_subnet_group_name(parts.subnet_group.name())
      .parameter_group_name(parts.parameter_group.name())
      .vpc_security_group_ids({security.db.id()})
      .backup_retention_period(d.backup_retention_days)
      .backup_window(d.backup_window)
      .skip_final_snapshot(d.skip_final_snapshot)
      .delete_automated_backups(false)
      .tags(Tags{{"Name", names.identifier()}});
  if (!d.skip_final_snapshot) db.final_snapshot_identifier(names.final_snapshot());
  harden(db, spec, iam, key);
  db.role(DbRole::writer);
  stack.add_import({db.address().str(), names.identifier()});
  return db;
}

aws::DbInstance add_dr_replica(Stack& stack, const HaStackSpec& spec, const RegionContext& region,
                               const aws::DbInstance& primary, const RegionDatabase& parts,
                               const RegionSecurity& security, const Attr<tf::String>& key, const IamRoles& iam) {
  const DatabaseSpec& d = spec.database;
  const std::string identifier = Names(spec).dr_replica().identifier();
  auto db = stack.add<aws::DbInstance>("dr_replica", region.provider);
  // Cross-region: the source by ARN, encrypted with a key of the DR region.
  db.identifier(identifier)
      .replicate_source_db(primary.arn())
      .kms_key_id(key)
      .instance_class(dr_replica_instance_class(d))
      // Multi-AZ so a promoted DR writer survives an AZ loss too (no availability_zone).
      .multi_az(d.dr_replica.multi_az)
      .max_allocated_storage(d.replica_max_allocated_storage)
      .db_subnet_group_name(parts.subnet_group.name())
      .parameter_group_name(parts.parameter_group.name())
      .vpc_security_group_ids({security.db.id()})
      // Backups on: point-in-time recovery works in the DR region, and the replica is
      // ready to be promoted into a writer with backups.
      .backup_retention_period(d.backup_retention_days)
      .backup_window(d.backup_window)
      // Last of the staggered windows: the DR path stays whole while the primary region's
      // instances are patched.
      .maintenance_window(instance_maintenance_window(d, d.replicas.size() + 1))
      // Not possible while it is a replica; after a promotion set it to false (or take a
      // manual snapshot) before destroying.
      .skip_final_snapshot(true)
      .delete_automated_backups(false)
      .tags(Tags{{"Name", identifier}});
  harden(db, spec, iam, key);
  db.role(DbRole::dr_replica);
  return db;
}

// The key for the DR replica, its Performance Insights and the replicated backups: the
// replica key of the CMK, or the DR region's aws/rds key in aws_managed mode.
Attr<tf::String> dr_key(const KmsKeys& kms, const HaStackSpec& spec) {
  if (kms.dr_arn) return *kms.dr_arn;
  if (kms.dr_rds_default_arn) return *kms.dr_rds_default_arn;
  throw SpecError::invalid({{"database.kms_mode",
                             fmt::format("is \"{}\" but the KMS keys carry no key for the DR region {}, which the DR "
                                         "replica and the replicated backups need; build them with build_kms() for "
                                         "the same spec.",
                                         to_string(spec.database.kms_mode), spec.regions.dr.name)}});
}

}  // namespace

Database build_database(Stack& stack, const HaStackSpec& spec, const Providers& providers,
                        const RegionNetwork& primary_network, const RegionNetwork* dr_network,
                        const RegionSecurity& primary_security, const RegionSecurity* dr_security,
                        const KmsKeys& kms, const MasterSecret& secret, const IamRoles& iam,
                        const std::optional<aws::DbSnapshotCopy>& migration_copy) {
  const DatabaseSpec& d = spec.database;
  // Checked before anything is added, so a failed call leaves the stack untouched.
  const bool in_dr = d.dr_replica.enabled || d.automated_backups_replication ||
                     spec.failover.state == FailoverState::dr_promoted;
  if (in_dr && (dr_network == nullptr || dr_security == nullptr || !providers.dr))
    throw SpecError::invalid({{"regions.dr.enabled",
                               "the spec places a DR replica, replicated backups or the promoted writer in the DR "
                               "region, but the DR region's network, security groups or provider were not built; "
                               "build them with build_network() and build_security_groups() for regions.dr."}});
  if (spec.migration.enabled && spec.migration.phase == MigrationPhase::restore && !migration_copy)
    throw SpecError::invalid({{"migration.phase",
                               "is \"restore\", but no migration copy was given to restore the primary from; pass "
                               "add_migration_copy()'s result to build_database()."}});
  std::optional<Attr<tf::String>> dr_key_arn;
  if (d.dr_replica.enabled || d.automated_backups_replication) dr_key_arn = dr_key(kms, spec);

  RegionDatabase primary_parts = detail::build_region_database(stack, spec, primary_network);
  std::optional<RegionDatabase> dr_parts;
  if (dr_network != nullptr) dr_parts = detail::build_region_database(stack, spec, *dr_network);

  if (spec.failover.state == FailoverState::dr_promoted) {
    // The subnet and parameter groups stay: the failback re-creates instances in them.
    aws::DbInstance writer =
        add_promoted_writer(stack, spec, *providers.dr, *dr_parts, *dr_security, *dr_key_arn, iam);
    stack.add_removed({"aws_db_instance.primary"});
    for (std::size_t i = 0; i < d.replicas.size(); ++i)
      stack.add_removed({fmt::format("aws_db_instance.replica_{}", i + 1)});
    stack.add_removed({"aws_db_instance.dr_replica"});
    if (d.automated_backups_replication) stack.add_removed({"aws_db_instance_automated_backups_replication.dr"});
    // The secret's value lives in the lost region (its host names the lost writer): Terraform
    // forgets the version rather than write there; the runbook made the DR copy standalone.
    if (secret.secret) stack.add_removed({"aws_secretsmanager_secret_version.db_master_password"});
    Database database{primary_parts, dr_parts, writer, {}, std::nullopt, std::nullopt, true, {}, std::nullopt};
    // Every log group keeps its address: the lost region's stay untouched (plan with
    // -refresh=false), the DR instance's now belong to the writer.
    const Names names(spec);
    add_log_groups(stack, spec, "primary", names.primary(), providers.primary, kms.primary_arn, nullptr,
                   database.log_groups);
    for (std::size_t i = 0; i < d.replicas.size(); ++i)
      add_log_groups(stack, spec, fmt::format("replica_{}", i + 1), names.replica(i), providers.primary,
                     kms.primary_arn, nullptr, database.log_groups);
    add_log_groups(stack, spec, "dr_replica", names.dr_replica(), *providers.dr, kms.dr_arn, &database.primary,
                   database.log_groups);
    return database;
  }

  aws::DbInstance primary =
      add_primary(stack, spec, providers.primary, primary_parts, primary_security, kms, secret, iam, migration_copy);

  // One replica after the other (see the top of the file).
  std::vector<aws::DbInstance> replicas;
  std::optional<aws::DbInstance> previous;
  for (std::size_t i = 0; i < d.replicas.size(); ++i) {
    replicas.push_back(add_reader(stack, spec, i, providers.primary, primary, primary_parts, primary_security, kms, iam));
    if (previous) replicas.back().depends_on(*previous);
    previous = replicas.back();
  }

  Database database{primary_parts, dr_parts, primary, std::move(replicas), std::nullopt, std::nullopt, false, {},
                    std::nullopt};

  if (d.dr_replica.enabled) {
    database.dr_replica =
        add_dr_replica(stack, spec, *providers.dr, primary, *dr_parts, *dr_security, *dr_key_arn, iam);
    if (previous) database.dr_replica->depends_on(*previous);
    previous = database.dr_replica;
  }

  database.master_secret_value = add_master_secret_value(stack, spec, providers, secret, primary);

  const Names names(spec);
  add_log_groups(stack, spec, database.primary.address().name, names.primary(), providers.primary, kms.primary_arn,
                 &database.primary, database.log_groups);
  for (std::size_t i = 0; i < database.replicas.size(); ++i)
    add_log_groups(stack, spec, database.replicas[i].address().name, names.replica(i), providers.primary,
                   kms.primary_arn, &database.replicas[i], database.log_groups);
  if (database.dr_replica)
    add_log_groups(stack, spec, database.dr_replica->address().name, names.dr_replica(), *providers.dr, kms.dr_arn,
                   &*database.dr_replica, database.log_groups);

  // Copies of the primary's automated backups in the DR region: point-in-time recovery
  // there even if the replica is lost, encrypted with a DR-region key.
  if (d.automated_backups_replication) {
    auto replication = stack.add<aws::DbInstanceAutomatedBackupsReplication>("dr", providers.dr->provider);
    replication.source_db_instance_arn(primary.arn())
        .kms_key_id(*dr_key_arn)
        .retention_period(d.backup_retention_days);
    if (previous) replication.depends_on(*previous);
    database.backups_replication = replication;
  }
  return database;
}

}  // namespace rdha::stack
