// Tests of build_database (rdha/stack/modules.hpp): subnet and parameter groups, the
// Multi-AZ primary, same-region readers, the cross-region DR replica and the replication
// of automated backups, with the exact arguments the HA issue asks for.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "rdha/emit/tf_json.hpp"
#include "rdha/error.hpp"
#include "testing/module_stack.hpp"

namespace rdha::stack {
namespace {

using nlohmann::json;
using testing::build_modules;
using testing::Module;
using testing::ModuleStack;

// Arguments a same-region replica must never carry (inherited from the source, or
// rejected by AWS for a same-region replica).
const std::vector<std::string> kInheritedBySameRegionReplicas = {
    "kms_key_id", "username", "password", "password_wo", "password_wo_version", "manage_master_user_password",
    "db_name",    "engine",   "engine_version", "allocated_storage", "availability_zone_id"};

TEST(DatabaseModule, SubnetGroupsSpanOnlyThePrivateSubnetsOfEachRegion) {
  auto s = build_modules(HaStackSpec{}, Module::database);
  const auto& primary = s->database->primary_region.subnet_group;
  EXPECT_EQ(primary.node().provider, "aws");
  EXPECT_EQ(primary.node().arguments["name"], "primary-db-subnets-rdha");
  EXPECT_EQ(primary.node().arguments["subnet_ids"],
            json::array({s->primary_network->private_subnets[0].id().interpolated(),
                         s->primary_network->private_subnets[1].id().interpolated()}));
  EXPECT_EQ(primary.node().arguments["tags"], json({{"Name", "primary-db-subnets-rdha"}}));

  const auto& dr = s->database->dr_region->subnet_group;
  EXPECT_EQ(dr.str(), "aws_db_subnet_group.dr");
  EXPECT_EQ(dr.node().provider, "aws.dr");
  EXPECT_EQ(dr.node().arguments["name"], "dr-db-subnets-rdha");
  EXPECT_EQ(dr.node().arguments["subnet_ids"], json::array({s->dr_network->private_subnets[0].id().interpolated(),
                                                             s->dr_network->private_subnets[1].id().interpolated()}));
}

TEST(DatabaseModule, ParameterGroupsForceSslAndLockInLimitsInBothRegions) {
  auto s = build_modules(HaStackSpec{}, Module::database);
  const json expected = json::parse(R"([
    {"apply_method": "immediate", "name": "idle_in_transaction_session_timeout", "value": "60000"},
    {"apply_method": "immediate", "name": "lock_timeout", "value": "10000"},
    {"apply_method": "immediate", "name": "log_connections", "value": "1"},
    {"apply_method": "immediate", "name": "log_disconnections", "value": "1"},
    {"apply_method": "immediate", "name": "log_min_duration_statement", "value": "1000"},
    {"apply_method": "immediate", "name": "log_statement", "value": "ddl"},
    {"apply_method": "pending-reboot", "name": "max_connections", "value": "1000"},
    {"apply_method": "pending-reboot", "name": "rds.force_ssl", "value": "1"},
    {"apply_method": "immediate", "name": "ssl_min_protocol_version", "value": "TLSv1.2"},
    {"apply_method": "immediate", "name": "statement_timeout", "value": "30000"}
  ])");
  for (const auto* region : {&s->database->primary_region, &*s->database->dr_region}) {
    const auto& group = region->parameter_group;
    EXPECT_EQ(group.node().arguments["family"], "postgres17");
    EXPECT_EQ(group.node().arguments["parameter"], expected) << group.str();
    // A replacement gets a new name, so create_before_destroy never collides with the old group.
    EXPECT_TRUE(group.node().lifecycle.create_before_destroy) << group.str();
  }
  // The name carries a hash of family and description (RegionNames::parameter_group()).
  EXPECT_EQ(s->database->primary_region.parameter_group.node().arguments["name"], "primary-postgres17-8d78-rdha");
  EXPECT_EQ(s->database->dr_region->parameter_group.node().arguments["name"], "dr-postgres17-8d78-rdha");
  EXPECT_EQ(s->database->primary_region.parameter_group.node().arguments["description"],
            "rdha: hardened postgres17 settings (SSL only, connection cap, timeouts, logging)");
  EXPECT_EQ(s->database->dr_region->parameter_group.node().provider, "aws.dr");
}

TEST(DatabaseModule, ParameterGroupsTakeSpecValuesAndExtraParameters) {
  HaStackSpec spec;
  spec.database.parameters.max_connections = 400;
  spec.database.parameters.statement_timeout_ms = 5000;
  spec.database.parameters.extra = {{"log_lock_waits", "1"}, {"max_connections", "450"}};
  auto s = build_modules(spec, Module::database);
  const json params = s->database->primary_region.parameter_group.node().arguments["parameter"];
  const auto find = [&](const std::string& name) {
    for (const auto& p : params)
      if (p["name"] == name) return p;
    return json();
  };
  // An extra overrides a built-in value but keeps its (static) apply method.
  EXPECT_EQ(find("max_connections"), json({{"name", "max_connections"}, {"value", "450"}, {"apply_method", "pending-reboot"}}));
  EXPECT_EQ(find("statement_timeout")["value"], "5000");
  // Unknown extras may be static: applied at the next reboot, which RDS accepts for any.
  EXPECT_EQ(find("log_lock_waits"), json({{"name", "log_lock_waits"}, {"value", "1"}, {"apply_method", "pending-reboot"}}));
  EXPECT_EQ(params.size(), 11u);
}

TEST(DatabaseModule, PrimaryIsAHardenedMultiAzWriter) {
  auto s = build_modules(HaStackSpec{}, Module::database);
  const auto& db = s->database->primary;
  const json& a = db.node().arguments;
  EXPECT_EQ(db.str(), "aws_db_instance.primary");
  EXPECT_EQ(db.node().provider, "aws");
  EXPECT_EQ(a["identifier"], "primary-rdha");
  EXPECT_EQ(a["engine"], "postgres");
  // The 17 line, kept current by RDS: the provider's prefix form of engine_version.
  EXPECT_EQ(a["engine_version"], "17");
  EXPECT_EQ(a["auto_minor_version_upgrade"], true);
  EXPECT_EQ(a["instance_class"], "db.r6g.large");
  EXPECT_EQ(a["db_name"], "appdb");
  EXPECT_EQ(a["port"], 5432);
  EXPECT_EQ(a["multi_az"], true);
  EXPECT_FALSE(a.contains("availability_zone"));  // conflicts with multi_az
  EXPECT_EQ(a["storage_type"], "gp3");
  EXPECT_EQ(a["allocated_storage"], 100);
  EXPECT_EQ(a["max_allocated_storage"], 500);
  EXPECT_FALSE(a.contains("iops"));
  EXPECT_EQ(a["storage_encrypted"], true);
  EXPECT_EQ(a["kms_key_id"], "${aws_kms_key.primary.arn}");
  EXPECT_EQ(a["publicly_accessible"], false);
  EXPECT_EQ(a["db_subnet_group_name"], "${aws_db_subnet_group.primary.name}");
  EXPECT_EQ(a["parameter_group_name"], "${aws_db_parameter_group.primary.name}");
  EXPECT_EQ(a["vpc_security_group_ids"], json::array({s->primary_security->db.id().interpolated()}));
  EXPECT_EQ(a["backup_retention_period"], 7);
  EXPECT_EQ(a["backup_window"], "02:00-03:00");
  EXPECT_EQ(a["maintenance_window"], "sun:04:00-sun:05:00");  // the first of the staggered windows
  EXPECT_EQ(a["deletion_protection"], true);
  EXPECT_EQ(a["skip_final_snapshot"], false);
  EXPECT_EQ(a["final_snapshot_identifier"], "primary-final-rdha");
  EXPECT_EQ(a["delete_automated_backups"], false);
  EXPECT_EQ(a["copy_tags_to_snapshot"], true);
  EXPECT_EQ(a["enabled_cloudwatch_logs_exports"], json::array({"postgresql", "upgrade"}));
  EXPECT_EQ(a["iam_database_authentication_enabled"], true);
  EXPECT_EQ(a["monitoring_interval"], 60);
  EXPECT_EQ(a["monitoring_role_arn"], s->iam->monitoring.arn().interpolated());
  // The role's policy attachment, then the log groups (EveryInstanceOwnsTheLogGroups...).
  EXPECT_EQ(s->database->primary.node().depends_on.front(), "aws_iam_role_policy_attachment.rds_monitoring");
  EXPECT_EQ(a["performance_insights_enabled"], true);
  EXPECT_EQ(a["performance_insights_retention_period"], 7);
  EXPECT_EQ(a["performance_insights_kms_key_id"], "${aws_kms_key.primary.arn}");
  EXPECT_EQ(a["ca_cert_identifier"], "rds-ca-rsa2048-g1");
  EXPECT_EQ(a["apply_immediately"], false);
  EXPECT_EQ(a["tags"], json({{"Name", "primary-rdha"}}));
  // Random password (default): a reference, never a literal.
  EXPECT_EQ(a["username"], "dbadmin");
  EXPECT_EQ(a["password"], "${random_password.db_master.result}");
  EXPECT_FALSE(a.contains("password_wo"));
  EXPECT_FALSE(a.contains("manage_master_user_password"));
  // Placement: the writer role, regional (Multi-AZ spans the region's AZs).
  EXPECT_EQ(db.node().placement.role, DbRole::writer);
  EXPECT_EQ(db.node().placement.availability_zone, "");
  EXPECT_EQ(db.node().placement.region, "us-east-1");
}

TEST(DatabaseModule, SameRegionReplicasInheritKeyAndCredentialsFromTheSource) {
  auto s = build_modules(HaStackSpec{}, Module::database);
  ASSERT_EQ(s->database->replicas.size(), 2u);
  const std::vector<std::string> azs = {"us-east-1a", "us-east-1b"};
  for (std::size_t i = 0; i < 2; ++i) {
    const auto& db = s->database->replicas[i];
    const json& a = db.node().arguments;
    EXPECT_EQ(db.str(), "aws_db_instance.replica_" + std::to_string(i + 1));
    EXPECT_EQ(db.node().provider, "aws");
    EXPECT_EQ(a["identifier"], "replica-" + std::to_string(i + 1) + "-rdha");
    EXPECT_EQ(a["replicate_source_db"], "${aws_db_instance.primary.identifier}");
    for (const auto& argument : kInheritedBySameRegionReplicas)
      EXPECT_FALSE(a.contains(argument)) << db.str() << " sets " << argument;
    EXPECT_EQ(a["availability_zone"], azs[i]);
    EXPECT_EQ(a["multi_az"], false);
    EXPECT_EQ(a["instance_class"], "db.r6g.large");
    EXPECT_EQ(a["max_allocated_storage"], 500);
    EXPECT_EQ(a["storage_type"], "gp3");
    EXPECT_EQ(a["storage_encrypted"], true);
    // The provider refuses db_subnet_group_name unless the source is an ARN.
    EXPECT_FALSE(a.contains("db_subnet_group_name"));
    // Applied by the provider with a modify after creation (PostgreSQL replicas cannot
    // take a custom group at creation).
    EXPECT_EQ(a["parameter_group_name"], "${aws_db_parameter_group.primary.name}");
    EXPECT_EQ(a["vpc_security_group_ids"], json::array({s->primary_security->db.id().interpolated()}));
    // Backups of their own (RDS starts a replica without; the provider modifies after creation).
    EXPECT_EQ(a["backup_retention_period"], 7);
    EXPECT_EQ(a["backup_window"], "02:00-03:00");
    EXPECT_EQ(a["skip_final_snapshot"], true);
    EXPECT_FALSE(a.contains("final_snapshot_identifier"));
    EXPECT_EQ(a["deletion_protection"], true);
    EXPECT_EQ(a["publicly_accessible"], false);
    EXPECT_EQ(a["iam_database_authentication_enabled"], true);
    EXPECT_EQ(a["monitoring_interval"], 60);
    EXPECT_EQ(a["monitoring_role_arn"], s->iam->monitoring.arn().interpolated());
    EXPECT_EQ(a["performance_insights_enabled"], true);
    EXPECT_EQ(a["performance_insights_kms_key_id"], "${aws_kms_key.primary.arn}");
    EXPECT_EQ(a["ca_cert_identifier"], "rds-ca-rsa2048-g1");
    EXPECT_EQ(a["enabled_cloudwatch_logs_exports"], json::array({"postgresql", "upgrade"}));
    EXPECT_EQ(a["auto_minor_version_upgrade"], true);
    // Staggered an hour apart after the primary's: never two readers in one window.
    EXPECT_EQ(a["maintenance_window"], i == 0 ? "sun:05:00-sun:06:00" : "sun:06:00-sun:07:00");
    EXPECT_EQ(a["tags"], json({{"Name", "replica-" + std::to_string(i + 1) + "-rdha"}}));
    EXPECT_EQ(db.node().placement.role, DbRole::reader);
    EXPECT_EQ(db.node().placement.availability_zone, azs[i]);
  }
}

TEST(DatabaseModule, ReplicasTakeTheirOwnStorageAutoscalingLimit) {
  HaStackSpec spec;
  spec.database.replica_max_allocated_storage = 800;
  spec.database.storage_type = StorageType::io1;
  spec.database.iops = 3000;
  auto s = build_modules(spec, Module::database);
  EXPECT_EQ(s->database->primary.node().arguments["max_allocated_storage"], 500);
  EXPECT_EQ(s->database->primary.node().arguments["iops"], 3000);
  for (const auto& db : s->database->replicas) {
    EXPECT_EQ(db.node().arguments["max_allocated_storage"], 800);
    EXPECT_EQ(db.node().arguments["storage_type"], "io1");
    EXPECT_EQ(db.node().arguments["iops"], 3000);
  }
  EXPECT_EQ(s->database->dr_replica->node().arguments["max_allocated_storage"], 800);
}

TEST(DatabaseModule, ReadersTakeTheirBackupRetentionFromTheSpec) {
  HaStackSpec spec;
  spec.database.replica_backup_retention_days = 0;  // opted out
  spec.database.backup_retention_days = 14;
  auto s = build_modules(spec, Module::database);
  EXPECT_EQ(s->database->primary.node().arguments["backup_retention_period"], 14);
  for (const auto& db : s->database->replicas) EXPECT_EQ(db.node().arguments["backup_retention_period"], 0);
  // The DR replica follows the primary's retention: it becomes the writer after a region loss.
  EXPECT_EQ(s->database->dr_replica->node().arguments["backup_retention_period"], 14);
}

TEST(DatabaseModule, DrReplicaReplicatesByArnWithTheDrKeyAndKeepsBackups) {
  auto s = build_modules(HaStackSpec{}, Module::database);
  ASSERT_TRUE(s->database->dr_replica);
  const auto& db = *s->database->dr_replica;
  const json& a = db.node().arguments;
  EXPECT_EQ(db.str(), "aws_db_instance.dr_replica");
  EXPECT_EQ(db.node().provider, "aws.dr");
  EXPECT_EQ(a["identifier"], "dr-replica-rdha");
  EXPECT_EQ(a["replicate_source_db"], "${aws_db_instance.primary.arn}");
  EXPECT_EQ(a["kms_key_id"], "${aws_kms_replica_key.dr.arn}");
  EXPECT_EQ(a["storage_encrypted"], true);
  EXPECT_EQ(a["multi_az"], true);
  EXPECT_FALSE(a.contains("availability_zone"));
  EXPECT_EQ(a["instance_class"], "db.r6g.large");
  EXPECT_EQ(a["db_subnet_group_name"], "${aws_db_subnet_group.dr.name}");
  EXPECT_EQ(a["parameter_group_name"], "${aws_db_parameter_group.dr.name}");
  EXPECT_EQ(a["vpc_security_group_ids"], json::array({s->dr_security->db.id().interpolated()}));
  EXPECT_EQ(a["backup_retention_period"], 7);
  EXPECT_EQ(a["backup_window"], "02:00-03:00");
  EXPECT_EQ(a["maintenance_window"], "sun:07:00-sun:08:00");  // after the primary's and both readers'
  EXPECT_EQ(a["performance_insights_enabled"], true);
  EXPECT_EQ(a["performance_insights_kms_key_id"], "${aws_kms_replica_key.dr.arn}");
  EXPECT_EQ(a["monitoring_role_arn"], s->iam->monitoring.arn().interpolated());
  EXPECT_EQ(a["deletion_protection"], true);
  EXPECT_EQ(a["skip_final_snapshot"], true);
  for (const auto& argument : {"username", "password", "password_wo", "db_name", "engine", "engine_version"})
    EXPECT_FALSE(a.contains(argument)) << argument;
  EXPECT_EQ(db.node().placement.role, DbRole::dr_replica);
  EXPECT_EQ(db.node().placement.region, "us-west-2");
  EXPECT_EQ(db.node().placement.availability_zone, "");
}

TEST(DatabaseModule, DrReplicaTakesThePrimaryClassUnlessItHasItsOwn) {
  HaStackSpec spec;
  spec.database.instance_class = "db.r6g.xlarge";
  EXPECT_EQ(build_modules(spec, Module::database)->database->dr_replica->node().arguments["instance_class"], "db.r6g.xlarge");
  spec.database.dr_replica.instance_class = "db.r6g.2xlarge";
  EXPECT_EQ(build_modules(spec, Module::database)->database->dr_replica->node().arguments["instance_class"], "db.r6g.2xlarge");
}

TEST(DatabaseModule, AutomatedBackupsAreReplicatedToTheDrRegionByDefault) {
  auto s = build_modules(HaStackSpec{}, Module::database);
  ASSERT_TRUE(s->database->backups_replication);
  const auto& r = *s->database->backups_replication;
  EXPECT_EQ(r.str(), "aws_db_instance_automated_backups_replication.dr");
  EXPECT_EQ(r.node().provider, "aws.dr");
  EXPECT_EQ(r.node().arguments["source_db_instance_arn"], "${aws_db_instance.primary.arn}");
  EXPECT_EQ(r.node().arguments["kms_key_id"], "${aws_kms_replica_key.dr.arn}");
  EXPECT_EQ(r.node().arguments["retention_period"], 7);

  HaStackSpec off;
  off.database.automated_backups_replication = false;
  off.database.dr_replica.enabled = false;
  auto t = build_modules(off, Module::database);
  EXPECT_FALSE(t->database->backups_replication);
  EXPECT_FALSE(t->database->dr_replica);
  EXPECT_FALSE(t->has("aws_db_instance_automated_backups_replication.dr"));
  EXPECT_FALSE(t->has("aws_db_instance.dr_replica"));
  EXPECT_NO_THROW(to_tf_json(t->stack));
}

TEST(DatabaseModule, EphemeralPasswordGoesToWriteOnlyArguments) {
  HaStackSpec spec;
  spec.database.password_source = PasswordSource::ephemeral;
  auto s = build_modules(spec, Module::database);
  const json& a = s->database->primary.node().arguments;
  EXPECT_EQ(a["username"], "dbadmin");
  EXPECT_EQ(a["password_wo"], "${ephemeral.aws_secretsmanager_random_password.db_master.random_password}");
  EXPECT_EQ(a["password_wo_version"], 1);
  EXPECT_FALSE(a.contains("password"));
  for (const auto& db : s->database->replicas) EXPECT_FALSE(db.node().arguments.contains("password_wo"));
  EXPECT_NO_THROW(to_tf_json(s->stack));
}

TEST(DatabaseModule, RdsManagedPasswordUsesTheCmkForItsSecret) {
  HaStackSpec spec;
  spec.database.password_source = PasswordSource::rds_managed;
  spec.database.replicas.clear();
  spec.database.dr_replica.enabled = false;
  auto s = build_modules(spec, Module::database);
  const json& a = s->database->primary.node().arguments;
  EXPECT_EQ(a["username"], "dbadmin");
  EXPECT_EQ(a["manage_master_user_password"], true);
  EXPECT_EQ(a["master_user_secret_kms_key_id"], "${aws_kms_key.primary.arn}");
  EXPECT_FALSE(a.contains("password"));
  EXPECT_FALSE(a.contains("password_wo"));
  EXPECT_TRUE(s->database->replicas.empty());
  EXPECT_NO_THROW(to_tf_json(s->stack));
}

TEST(DatabaseModule, AwsManagedKeysLeaveKeysUnsetExceptForTheDrRegion) {
  HaStackSpec spec;
  spec.database.kms_mode = KmsMode::aws_managed;
  auto s = build_modules(spec, Module::database);
  const std::string dr_default = s->kms->dr_rds_default_arn->interpolated();
  const json& primary = s->database->primary.node().arguments;
  EXPECT_FALSE(primary.contains("kms_key_id"));
  EXPECT_FALSE(primary.contains("performance_insights_kms_key_id"));
  EXPECT_EQ(primary["storage_encrypted"], true);
  for (const auto& db : s->database->replicas) {
    EXPECT_FALSE(db.node().arguments.contains("kms_key_id"));
    EXPECT_FALSE(db.node().arguments.contains("performance_insights_kms_key_id"));
  }
  const json& dr = s->database->dr_replica->node().arguments;
  EXPECT_EQ(dr["kms_key_id"], dr_default);
  EXPECT_EQ(dr["performance_insights_kms_key_id"], dr_default);
  EXPECT_EQ(s->database->backups_replication->node().arguments["kms_key_id"], dr_default);
  EXPECT_NO_THROW(to_tf_json(s->stack));
}

TEST(DatabaseModule, APinnedMinorIsEmittedOnlyWithUpgradesOff) {
  HaStackSpec spec;
  spec.database.engine_version = "17.7";
  auto upgrading = build_modules(spec, Module::database);
  // With upgrades on, a pinned minor would turn every plan after an automatic upgrade into a
  // downgrade: the major alone is emitted.
  EXPECT_EQ(upgrading->database->primary.node().arguments["engine_version"], "17");
  spec.database.auto_minor_version_upgrade = false;
  auto pinned = build_modules(spec, Module::database);
  EXPECT_EQ(pinned->database->primary.node().arguments["engine_version"], "17.7");
  EXPECT_EQ(pinned->database->primary.node().arguments["auto_minor_version_upgrade"], false);
  for (const auto& db : pinned->database->replicas) {
    EXPECT_EQ(db.node().arguments["auto_minor_version_upgrade"], false);
    EXPECT_FALSE(db.node().arguments.contains("engine_version"));  // inherited from the source
  }
}

TEST(DatabaseModule, EnhancedMonitoringOffDropsTheRole) {
  HaStackSpec spec;
  spec.monitoring.monitoring_interval = 0;
  spec.monitoring.performance_insights_enabled = false;
  auto s = build_modules(spec, Module::database);
  const json& a = s->database->primary.node().arguments;
  EXPECT_EQ(a["monitoring_interval"], 0);
  EXPECT_FALSE(a.contains("monitoring_role_arn"));
  EXPECT_EQ(a["performance_insights_enabled"], false);
  EXPECT_FALSE(a.contains("performance_insights_kms_key_id"));
  EXPECT_FALSE(a.contains("performance_insights_retention_period"));
}

TEST(DatabaseModule, SkippingTheFinalSnapshotDropsItsIdentifier) {
  HaStackSpec spec;
  spec.database.skip_final_snapshot = true;
  spec.database.deletion_protection = false;
  auto s = build_modules(spec, Module::database);
  const json& a = s->database->primary.node().arguments;
  EXPECT_EQ(a["skip_final_snapshot"], true);
  EXPECT_FALSE(a.contains("final_snapshot_identifier"));
  EXPECT_EQ(a["deletion_protection"], false);
  for (const auto& db : s->database->replicas) EXPECT_EQ(db.node().arguments["deletion_protection"], false);
}

TEST(DatabaseModule, DrReplicaWithoutADrKeyIsASpecError) {
  auto s = build_modules(HaStackSpec{}, Module::database);
  KmsKeys no_keys;
  no_keys.customer_managed = false;
  const std::size_t before = s->stack.size();
  try {
    // Called again on the same stack: the check comes before anything is added.
    build_database(s->stack, s->spec, *s->providers, *s->primary_network, &*s->dr_network, *s->primary_security,
                   &*s->dr_security, no_keys, *s->secret, *s->iam, std::nullopt);
    FAIL() << "expected SpecError";
  } catch (const SpecError& e) {
    EXPECT_EQ(e.code(), "invalid");
    ASSERT_EQ(e.problems().size(), 1u);
    EXPECT_EQ(e.problems()[0].subject, "database.kms_mode");
    EXPECT_NE(e.problems()[0].message.find("no key for the DR region us-west-2"), std::string::npos)
        << e.problems()[0].message;
  }
  EXPECT_EQ(s->stack.size(), before);
}

// The addresses in an instance's depends_on.
std::vector<std::string> depends_on(const aws::DbInstance& db) { return db.node().depends_on; }

bool contains(const std::vector<std::string>& items, const std::string& item) {
  return std::find(items.begin(), items.end(), item) != items.end();
}

TEST(DatabaseModule, EveryInstanceOwnsTheLogGroupsOfItsExportsInItsRegionWithItsKey) {
  auto s = build_modules(HaStackSpec{}, Module::database);
  const auto expect_group = [&](const std::string& local, const std::string& name, const std::string& tag,
                                const std::string& provider, const std::string& key) {
    SCOPED_TRACE(local);
    const std::string address = "aws_cloudwatch_log_group." + local;
    EXPECT_EQ(s->args(address), json({{"name", name},
                                      {"retention_in_days", 365},
                                      {"kms_key_id", key},
                                      {"tags", {{"Name", tag}}}}));
    EXPECT_EQ(s->stack.find(address)->node().provider, provider);
  };
  const std::string primary_key = "${aws_kms_key.primary.arn}", dr_key = "${aws_kms_replica_key.dr.arn}";
  expect_group("primary_postgresql", "/aws/rds/instance/primary-rdha/postgresql", "primary-postgresql-logs-rdha", "aws", primary_key);
  expect_group("primary_upgrade", "/aws/rds/instance/primary-rdha/upgrade", "primary-upgrade-logs-rdha", "aws", primary_key);
  expect_group("replica_2_postgresql", "/aws/rds/instance/replica-2-rdha/postgresql",
               "replica-2-postgresql-logs-rdha", "aws", primary_key);
  expect_group("dr_replica_postgresql", "/aws/rds/instance/dr-replica-rdha/postgresql",
               "dr-replica-postgresql-logs-rdha", "aws.dr", dr_key);
  expect_group("dr_replica_upgrade", "/aws/rds/instance/dr-replica-rdha/upgrade", "dr-replica-upgrade-logs-rdha",
               "aws.dr", dr_key);
  ASSERT_EQ(s->database->log_groups.size(), 8u);  // 4 instances x 2 exports

  // Each instance depends on exactly its own groups: they exist before its first export.
  EXPECT_EQ(depends_on(s->database->primary),
            (std::vector<std::string>{"aws_iam_role_policy_attachment.rds_monitoring",
                                      "aws_cloudwatch_log_group.primary_postgresql",
                                      "aws_cloudwatch_log_group.primary_upgrade"}));
  EXPECT_TRUE(contains(depends_on(s->database->replicas[0]), "aws_cloudwatch_log_group.replica_1_upgrade"));
  EXPECT_FALSE(contains(depends_on(s->database->replicas[0]), "aws_cloudwatch_log_group.replica_2_upgrade"));
  EXPECT_TRUE(contains(depends_on(*s->database->dr_replica), "aws_cloudwatch_log_group.dr_replica_postgresql"));
}

// The DB instances (and the backups replication) a node waits for through depends_on.
std::vector<std::string> waits_for(const ModuleStack& s, const std::string& address) {
  std::vector<std::string> out;
  for (const auto& dependency : s.stack.resource(*s.stack.index_of(address)).depends_on)
    if (dependency.starts_with("aws_db_instance")) out.push_back(dependency);
  return out;
}

// RDS refuses a new replica while its source is busy creating another one: the replicas, the
// DR replica and the backups replication are created one after the other.
TEST(DatabaseModule, ReplicasAndTheBackupsReplicationAreCreatedOneAfterAnother) {
  HaStackSpec spec;
  spec.database.replicas.push_back({"replica-3", "us-east-1a"});
  auto s = build_modules(spec, Module::database);
  using Addresses = std::vector<std::string>;
  EXPECT_EQ(waits_for(*s, "aws_db_instance.primary"), Addresses{});
  EXPECT_EQ(waits_for(*s, "aws_db_instance.replica_1"), Addresses{});
  EXPECT_EQ(waits_for(*s, "aws_db_instance.replica_2"), Addresses{"aws_db_instance.replica_1"});
  EXPECT_EQ(waits_for(*s, "aws_db_instance.replica_3"), Addresses{"aws_db_instance.replica_2"});
  EXPECT_EQ(waits_for(*s, "aws_db_instance.dr_replica"), Addresses{"aws_db_instance.replica_3"});
  EXPECT_EQ(waits_for(*s, "aws_db_instance_automated_backups_replication.dr"), Addresses{"aws_db_instance.dr_replica"});

  // The chain closes over what exists.
  HaStackSpec no_dr;
  no_dr.database.dr_replica.enabled = false;
  auto t = build_modules(no_dr, Module::database);
  EXPECT_EQ(waits_for(*t, "aws_db_instance_automated_backups_replication.dr"), Addresses{"aws_db_instance.replica_2"});
  HaStackSpec no_replicas;
  no_replicas.database.replicas.clear();
  auto u = build_modules(no_replicas, Module::database);
  EXPECT_EQ(waits_for(*u, "aws_db_instance.dr_replica"), Addresses{});
  EXPECT_EQ(waits_for(*u, "aws_db_instance_automated_backups_replication.dr"), Addresses{"aws_db_instance.dr_replica"});
  EXPECT_NO_THROW(to_tf_json(s->stack));
}

TEST(DatabaseModule, LogGroupsFollowTheExportsTheRetentionAndTheKeyMode) {
  HaStackSpec spec;
  spec.database.cloudwatch_logs_exports = {"postgresql", "iam-db-auth-error"};
  spec.database.log_retention_days = 30;
  spec.database.kms_mode = KmsMode::aws_managed;
  auto s = build_modules(spec, Module::database);
  // aws_managed: CloudWatch Logs' own encryption (the aws/rds key is RDS's only).
  EXPECT_EQ(s->args("aws_cloudwatch_log_group.dr_replica_iam_db_auth_error"),
            json({{"name", "/aws/rds/instance/dr-replica-rdha/iam-db-auth-error"},
                  {"retention_in_days", 30},
                  {"tags", {{"Name", "dr-replica-iam-db-auth-error-logs-rdha"}}}}));
  EXPECT_FALSE(s->has("aws_cloudwatch_log_group.primary_upgrade"));
  EXPECT_EQ(s->database->log_groups.size(), 8u);
}

TEST(DatabaseModule, MasterSecretValueCarriesThePrimarysConnection) {
  auto s = build_modules(HaStackSpec{}, Module::database);
  ASSERT_TRUE(s->database->master_secret_value.has_value());
  const json& version = s->database->master_secret_value->node().arguments;
  EXPECT_EQ(version["secret_id"], "${aws_secretsmanager_secret.db_master_password.id}");
  EXPECT_EQ(version["secret_string"],
            "${jsonencode({ username = \"dbadmin\", password = random_password.db_master.result, "
            "engine = \"postgres\", host = aws_db_instance.primary.address, port = 5432, dbname = \"appdb\" })}");
  EXPECT_EQ(s->stack.find("aws_secretsmanager_secret_version.db_master_password")->node().provider, "aws");
  // The host is known once the primary exists: the value is written after it.
  const auto order = s->stack.topological_order();
  const auto pos = [&](std::string_view address) {
    return std::find(order.begin(), order.end(), *s->stack.index_of(address)) - order.begin();
  };
  EXPECT_LT(pos("aws_db_instance.primary"), pos("aws_secretsmanager_secret_version.db_master_password"));

  HaStackSpec ephemeral;
  ephemeral.database.password_source = PasswordSource::ephemeral;
  ephemeral.database.db_name = "orders";
  auto e = build_modules(ephemeral, Module::database);
  const json& wo = e->args("aws_secretsmanager_secret_version.db_master_password");
  EXPECT_FALSE(wo.contains("secret_string"));
  EXPECT_EQ(wo["secret_string_wo"],
            "${jsonencode({ username = \"dbadmin\", password = "
            "ephemeral.aws_secretsmanager_random_password.db_master.random_password, engine = \"postgres\", "
            "host = aws_db_instance.primary.address, port = 5432, dbname = \"orders\" })}");
  EXPECT_EQ(wo["secret_string_wo_version"], 1);
  // Rotation: one version for the DB's and the secret's write-only password.
  ephemeral.database.password_version = 4;
  auto rotated = build_modules(ephemeral, Module::database);
  EXPECT_EQ(rotated->args("aws_secretsmanager_secret_version.db_master_password")["secret_string_wo_version"], 4);
  EXPECT_EQ(rotated->args("aws_db_instance.primary")["password_wo_version"], 4);

  HaStackSpec rds_managed;
  rds_managed.database.password_source = PasswordSource::rds_managed;
  rds_managed.database.replicas.clear();
  rds_managed.database.dr_replica.enabled = false;
  rds_managed.database.automated_backups_replication = false;
  auto r = build_modules(rds_managed, Module::database);
  EXPECT_FALSE(r->database->master_secret_value.has_value());
  EXPECT_FALSE(r->has("aws_secretsmanager_secret_version.db_master_password"));
}

TEST(DatabaseModule, DefaultStackEmitsValidTerraformJson) {
  auto s = build_modules(HaStackSpec{}, Module::database);
  const auto files = to_tf_json(s->stack);
  ASSERT_TRUE(files.count("database.tf.json"));
  const std::string text = files.at("database.tf.json").dump();
  EXPECT_NE(text.find("\"aws_db_instance\""), std::string::npos);
  // Every database-tier name comes from the naming scheme.
  EXPECT_NE(text.find("primary-final-rdha"), std::string::npos);
}

TEST(DatabaseModule, MaintenanceWindowsFollowTheStagger) {
  HaStackSpec spec;
  spec.database.maintenance_window = "sat:22:30-sat:23:00";
  spec.database.maintenance_stagger_minutes = 60;
  auto s = build_modules(spec, Module::database);
  EXPECT_EQ(s->database->primary.node().arguments["maintenance_window"], "sat:22:30-sat:23:00");
  EXPECT_EQ(s->database->replicas[0].node().arguments["maintenance_window"], "sat:23:30-sun:00:00");
  EXPECT_EQ(s->database->replicas[1].node().arguments["maintenance_window"], "sun:00:30-sun:01:00");
  EXPECT_EQ(s->database->dr_replica->node().arguments["maintenance_window"], "sun:01:30-sun:02:00");
  // 0: every instance in the primary's window (rdha check then warns, RDHA-HA-006).
  spec.database.maintenance_stagger_minutes = 0;
  auto shared = build_modules(spec, Module::database);
  EXPECT_EQ(shared->database->dr_replica->node().arguments["maintenance_window"], "sat:22:30-sat:23:00");
}

}  // namespace
}  // namespace rdha::stack
