// Tests of the spec's migration section: its validation (every bad input names the field
// and the value), the snapshot upgrade table, the emitted copy and primary per phase, and the
// cutover runbook (rdha/stack/migration.hpp).
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "rdha/error.hpp"
#include "rdha/stack/ha_stack.hpp"
#include "rdha/stack/migration.hpp"
#include "rdha/stack/snapshot_upgrades.hpp"
#include "rdha/stack/spec.hpp"

namespace rdha::stack {
namespace {

using nlohmann::json;

HaStackSpec migrating(MigrationPhase phase = MigrationPhase::copy) {
  HaStackSpec spec;
  spec.migration = {.enabled = true,
                    .phase = phase,
                    .source_identifier = "legacy-db",
                    .region = "us-east-1",
                    .vpc_id = "vpc-0123456789abcdef0",
                    .vpc_cidr = "172.31.0.0/16",
                    .security_group_id = "sg-0123456789abcdef0",
                    .engine_version = "13.15",
                    .encrypted = false,
                    .size_gib = 200,
                    .source_snapshot_identifier = {}};
  spec.database.allocated_storage = 200;  // the source's storage fits the restored primary
  return spec;
}

std::string dump(const std::vector<Problem>& problems) {
  std::string out;
  for (const auto& p : problems) out += p.subject + ": " + p.message + "\n";
  return out;
}

// The one problem at @p subject ("" when none).
std::string message_at(const HaStackSpec& spec, const std::string& subject) {
  const auto problems = validate(spec);
  std::string found;
  for (const auto& p : problems)
    if (p.subject == subject) found = p.message;
  EXPECT_FALSE(found.empty()) << "no problem at " << subject << " in:\n" << dump(problems);
  return found;
}

const json& args(const Stack& stack, const std::string& address) {
  for (std::size_t i = 0; i < stack.size(); ++i)
    if (stack.resource(i).address.str() == address) return stack.resource(i).arguments;
  ADD_FAILURE() << "no " << address;
  static const json none = json::object();
  return none;
}

bool has_resource(const Stack& stack, const std::string& address) {
  for (std::size_t i = 0; i < stack.size(); ++i)
    if (stack.resource(i).address.str() == address) return true;
  return false;
}

// ---- validation ----------------------------------------------------------------------------

TEST(MigrationSpec, OffByDefaultAndValidWhenDescribed) {
  EXPECT_FALSE(HaStackSpec{}.migration.enabled);
  EXPECT_TRUE(validate(migrating()).empty()) << dump(validate(migrating()));
}

TEST(MigrationSpec, EnabledWithoutTheSourceNamesEachMissingField) {
  HaStackSpec spec;
  spec.migration.enabled = true;
  for (const char* key : {"source_identifier", "region", "vpc_id", "vpc_cidr", "security_group_id", "engine_version"})
    EXPECT_NE(message_at(spec, std::string("migration.") + key).find("is empty; migration.enabled needs"),
              std::string::npos);
  EXPECT_EQ(message_at(spec, "migration.size_gib"),
            "is 0; migration.enabled needs the source's allocated storage in GiB (at least 1), which the downtime "
            "estimate reads.");
}

TEST(MigrationSpec, SourceLargerThanThePrimarysStorageIsRefused) {
  auto spec = migrating();
  spec.database.allocated_storage = 100;
  EXPECT_EQ(message_at(spec, "migration.size_gib"),
            "is 200 GiB, more than database.allocated_storage (100 GiB): the primary restored from the source's "
            "snapshot needs at least the source's storage; raise database.allocated_storage to 200 or more.");
  spec.database.allocated_storage = 200;
  EXPECT_TRUE(validate(spec).empty()) << dump(validate(spec));
}

TEST(MigrationSpec, SourceCidrOverlappingEitherStackVpcIsRefused) {
  auto spec = migrating();
  spec.migration.vpc_cidr = "10.0.128.0/17";
  EXPECT_EQ(message_at(spec, "migration.vpc_cidr"),
            "\"10.0.128.0/17\" overlaps regions.primary.vpc_cidr \"10.0.0.0/16\": the source's network and the "
            "stack's must be routable to each other (applications move from one to the other); choose disjoint "
            "blocks.");
  spec.migration.vpc_cidr = "10.1.0.0/16";
  EXPECT_NE(message_at(spec, "migration.vpc_cidr").find("overlaps regions.dr.vpc_cidr \"10.1.0.0/16\""),
            std::string::npos);
  spec.regions.dr.enabled = false;
  spec.database.dr_replica.enabled = false;
  spec.database.automated_backups_replication = false;
  spec.failover.enabled = false;
  const auto problems = validate(spec);
  EXPECT_TRUE(std::none_of(problems.begin(), problems.end(),
                           [](const Problem& p) { return p.subject == "migration.vpc_cidr"; }))
      << dump(problems);
}

TEST(MigrationSpec, MalformedIdsAndCidrNameTheFieldAndValue) {
  auto spec = migrating();
  spec.migration.source_identifier = "Legacy_DB";
  spec.migration.vpc_id = "vpc-xyz";
  spec.migration.vpc_cidr = "172.31.0.0/33";
  spec.migration.security_group_id = "sg-12";
  spec.migration.engine_version = "thirteen";
  spec.migration.source_snapshot_identifier = "1snap";
  for (const char* key : {"source_identifier", "vpc_id", "vpc_cidr", "security_group_id", "engine_version",
                          "source_snapshot_identifier"})
    EXPECT_NE(message_at(spec, std::string("migration.") + key).find("is not"), std::string::npos) << key;
  EXPECT_NE(message_at(spec, "migration.vpc_id").find("\"vpc-xyz\""), std::string::npos);
  spec = migrating();
  spec.migration.vpc_cidr = "172.31.0.1/16";
  EXPECT_NE(message_at(spec, "migration.vpc_cidr").find("host bits"), std::string::npos);
}

TEST(MigrationSpec, NoUpgradePathSaysSoWithTheTablesSource) {
  auto spec = migrating();
  spec.migration.engine_version = "10.21";
  const std::string message = message_at(spec, "migration.engine_version");
  EXPECT_NE(message.find("\"10.21\" has no snapshot upgrade path to PostgreSQL 17 in the upgrade table"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find(std::string(kSnapshotUpgradeSource)), std::string::npos) << message;
  EXPECT_NE(message.find("read 2026-12-06"), std::string::npos) << message;
}

TEST(MigrationSpec, SourceNewerThanTheStackIsRefused) {
  auto spec = migrating();
  spec.database.engine_version = "16";
  spec.migration.engine_version = "17.2";
  EXPECT_NE(message_at(spec, "migration.engine_version")
                .find("\"17.2\" is a newer major than database.engine_version \"16\""),
            std::string::npos);
}

TEST(MigrationSpec, SourceInAnotherRegionIsRefusedForTheSnapshotMethod) {
  auto spec = migrating();
  spec.migration.region = "eu-west-1";
  EXPECT_NE(message_at(spec, "migration.region").find("\"eu-west-1\", but the snapshot method copies"),
            std::string::npos);
}

TEST(MigrationSpec, UnknownMethodIsRefusedNamingTheKnownOnes) {
  try {
    spec_from_json(json{{"migration", {{"method", "logical"}}}});
    FAIL() << "accepted method logical";
  } catch (const SpecError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("migration.method"), std::string::npos) << what;
    EXPECT_NE(what.find("\"logical\""), std::string::npos) << what;
    EXPECT_NE(what.find("snapshot"), std::string::npos) << what;
    EXPECT_NE(what.find("replication"), std::string::npos) << what;
  }
}

TEST(MigrationSpec, RoundTripsThroughJson) {
  const auto spec = migrating(MigrationPhase::restore);
  const json encoded = to_json(spec);
  EXPECT_EQ(encoded["migration"]["phase"], "restore");
  EXPECT_EQ(encoded["migration"]["method"], "snapshot");
  EXPECT_EQ(spec_from_json(encoded), spec);
}

// ---- the upgrade table -------------------------------------------------------------------

TEST(SnapshotUpgrades, PathTakesTheLargestStepsTheTableAllows) {
  EXPECT_EQ(snapshot_upgrade_path(13, 17), (std::vector<int>{17}));
  EXPECT_EQ(snapshot_upgrade_path(11, 17), (std::vector<int>{16, 17}));
  EXPECT_EQ(snapshot_upgrade_path(17, 17), (std::vector<int>{}));
  EXPECT_EQ(snapshot_upgrade_path(10, 17), std::nullopt);
  EXPECT_EQ(snapshot_upgrade_path(17, 16), std::nullopt);
  EXPECT_EQ(postgres_major("13.15"), 13);
  EXPECT_EQ(postgres_major("17"), 17);
  EXPECT_EQ(postgres_major("x"), std::nullopt);
}

// ---- the emitted resources, per phase ------------------------------------------------------

TEST(MigrationResources, DefaultStackHasNoCopy) {
  EXPECT_FALSE(has_resource(build_ha_stack(HaStackSpec{}), "aws_db_snapshot_copy.migration"));
}

TEST(MigrationResources, CopyPhaseEncryptsTheCopyWithThePrimaryKey) {
  const Stack stack = build_ha_stack(migrating(MigrationPhase::copy));
  const json& copy = args(stack, "aws_db_snapshot_copy.migration");
  EXPECT_EQ(copy["source_db_snapshot_identifier"], "migration-source-rdha");
  EXPECT_EQ(copy["target_db_snapshot_identifier"], "migration-copy-rdha");
  EXPECT_EQ(copy["kms_key_id"], "${aws_kms_key.primary.arn}");
  EXPECT_EQ(copy["copy_tags"], false);
}

std::set<std::string> addresses(const Stack& stack) {
  std::set<std::string> out;
  for (std::size_t i = 0; i < stack.size(); ++i) out.insert(stack.resource(i).address.str());
  return out;
}

// Every node build_database() added, by its handles.
std::vector<std::size_t> database_nodes(const Database& db) {
  std::vector<ResourceHandle> handles{db.primary_region.subnet_group, db.primary_region.parameter_group, db.primary};
  if (db.dr_region) handles.insert(handles.end(), {db.dr_region->subnet_group, db.dr_region->parameter_group});
  handles.insert(handles.end(), db.replicas.begin(), db.replicas.end());
  if (db.dr_replica) handles.push_back(*db.dr_replica);
  if (db.backups_replication) handles.push_back(*db.backups_replication);
  handles.insert(handles.end(), db.log_groups.begin(), db.log_groups.end());
  if (db.master_secret_value) handles.push_back(*db.master_secret_value);
  std::vector<std::size_t> out;
  for (const auto& h : handles) out.push_back(h.index());
  return out;
}

// @p roots and every node that references one of them, directly or through others.
std::set<std::string> dependents_closure(const Stack& stack, const std::vector<std::size_t>& roots) {
  std::set<std::size_t> reached(roots.begin(), roots.end());
  for (bool grew = true; grew;) {
    grew = false;
    for (const auto& [dependent, dependency] : stack.edges())
      if (reached.contains(dependency) && reached.insert(dependent).second) grew = true;
  }
  std::set<std::string> out;
  for (std::size_t i : reached) out.insert(stack.resource(i).address.str());
  return out;
}

std::set<std::string> minus(std::set<std::string> from, const std::set<std::string>& removed) {
  for (const auto& address : removed) from.erase(address);
  return from;
}

// A full apply of the copy phase is safe: it creates what the restore phase has but the
// database, what references it, and the failover automation (which fails the database over).
TEST(MigrationResources, CopyPhaseIsTheRestorePhaseWithoutTheDatabaseAndItsFailover) {
  const HaStack restore = build_ha_stack_parts(migrating(MigrationPhase::restore));
  ASSERT_TRUE(restore.database);
  ASSERT_TRUE(restore.failover);
  auto without_failover = migrating(MigrationPhase::restore);
  without_failover.failover.enabled = false;
  const auto failover_nodes = minus(addresses(restore.stack), addresses(build_ha_stack(without_failover)));
  ASSERT_FALSE(failover_nodes.empty());
  const auto expected = minus(minus(addresses(restore.stack), dependents_closure(restore.stack,
                                                                                 database_nodes(*restore.database))),
                              failover_nodes);

  const HaStack copy = build_ha_stack_parts(migrating(MigrationPhase::copy));
  EXPECT_EQ(addresses(copy.stack), expected);
  EXPECT_FALSE(copy.database);
  EXPECT_FALSE(copy.failover);
  ASSERT_TRUE(copy.migration_copy);
  EXPECT_EQ(copy.migration_copy->str(), "aws_db_snapshot_copy.migration");
  for (std::size_t i = 0; i < copy.stack.size(); ++i)
    EXPECT_NE(copy.stack.resource(i).address.type, "aws_db_instance") << copy.stack.resource(i).address.str();
  EXPECT_TRUE(copy.monitoring.alarms.empty());
  // Only the outputs that do not need the database.
  for (const char* output : {"primary_endpoint", "reader_endpoints", "dr_endpoint", "master_secret_arn",
                             "writer_dns_name", "failover_document_name"})
    EXPECT_FALSE(copy.stack.outputs().contains(output)) << output;
  EXPECT_TRUE(copy.stack.outputs().contains("alarm_topic_arns"));
}

// The restore and done phases are the stack without migration plus the copy.
TEST(MigrationResources, RestoreAndDonePhasesAreTheStackPlusTheCopy) {
  auto expected = addresses(build_ha_stack(HaStackSpec{}));
  expected.insert("aws_db_snapshot_copy.migration");
  for (MigrationPhase phase : {MigrationPhase::restore, MigrationPhase::done}) {
    const HaStack parts = build_ha_stack_parts(migrating(phase));
    EXPECT_EQ(addresses(parts.stack), expected) << to_string(phase);
    EXPECT_TRUE(parts.database && parts.failover && parts.migration_copy) << to_string(phase);
  }
}

// The provider reads the copy's source back as an ARN (or nothing) and its key as an ARN;
// both force a new copy, so without ignore_changes every plan after the copy would replace
// the upgraded copy with a fresh copy of the old source.
TEST(MigrationResources, CopyIgnoresTheSourceAndKeyAsRdsReportsThem) {
  const Stack stack = build_ha_stack(migrating(MigrationPhase::restore));
  for (std::size_t i = 0; i < stack.size(); ++i) {
    if (stack.resource(i).address.str() != "aws_db_snapshot_copy.migration") continue;
    EXPECT_EQ(stack.resource(i).lifecycle.ignore_changes,
              (std::vector<std::string>{"source_db_snapshot_identifier", "kms_key_id"}));
    return;
  }
  ADD_FAILURE() << "no aws_db_snapshot_copy.migration";
}

TEST(MigrationResources, GivenSourceSnapshotIsCopied) {
  auto spec = migrating();
  spec.migration.source_snapshot_identifier = "legacy-db-final";
  EXPECT_EQ(args(build_ha_stack(spec), "aws_db_snapshot_copy.migration")["source_db_snapshot_identifier"],
            "legacy-db-final");
}

TEST(MigrationResources, RestorePhaseRestoresThePrimaryFromTheCopy) {
  const Stack stack = build_ha_stack(migrating(MigrationPhase::restore));
  const json& primary = args(stack, "aws_db_instance.primary");
  EXPECT_EQ(primary["snapshot_identifier"], "${aws_db_snapshot_copy.migration.target_db_snapshot_identifier}");
  // The snapshot's master user and databases: username and db_name are not sent.
  EXPECT_FALSE(primary.contains("username"));
  EXPECT_FALSE(primary.contains("db_name"));
  // The stack's password, key, encryption, version and parameter group stay.
  EXPECT_TRUE(primary.contains("password"));
  EXPECT_EQ(primary["kms_key_id"], "${aws_kms_key.primary.arn}");
  EXPECT_EQ(primary["storage_encrypted"], true);
  EXPECT_EQ(primary["engine_version"], "17");
  EXPECT_EQ(primary["multi_az"], true);
  // Replicas and the DR replica are created from the restored primary as usual.
  EXPECT_EQ(args(stack, "aws_db_instance.replica_1")["replicate_source_db"], "${aws_db_instance.primary.identifier}");
  EXPECT_EQ(args(stack, "aws_db_instance.dr_replica")["replicate_source_db"], "${aws_db_instance.primary.arn}");
  EXPECT_FALSE(args(stack, "aws_db_instance.replica_1").contains("snapshot_identifier"));
}

TEST(MigrationResources, SecretReadsTheRestoredUserAndDatabaseBack) {
  const std::string restored =
      args(build_ha_stack(migrating(MigrationPhase::restore)), "aws_secretsmanager_secret_version.db_master_password")
          .dump();
  EXPECT_NE(restored.find("username = aws_db_instance.primary.username"), std::string::npos) << restored;
  EXPECT_NE(restored.find("dbname = aws_db_instance.primary.db_name"), std::string::npos) << restored;
}

TEST(MigrationResources, DonePhaseDropsSnapshotIdentifierOnly) {
  const Stack stack = build_ha_stack(migrating(MigrationPhase::done));
  const json& primary = args(stack, "aws_db_instance.primary");
  EXPECT_FALSE(primary.contains("snapshot_identifier"));
  EXPECT_FALSE(primary.contains("username"));
  EXPECT_FALSE(primary.contains("db_name"));
  EXPECT_TRUE(has_resource(stack, "aws_db_snapshot_copy.migration"));
}

TEST(MigrationResources, AwsManagedKeysEncryptTheCopyWithTheRegionsRdsKey) {
  auto spec = migrating();
  spec.database.kms_mode = KmsMode::aws_managed;
  EXPECT_EQ(args(build_ha_stack(spec), "aws_db_snapshot_copy.migration")["kms_key_id"], "alias/aws/rds");
}

// ---- the runbook ----------------------------------------------------------------------------

std::vector<std::string> lines_of(const dr::MigrationRunbook& runbook, dr::CommandKind kind) {
  std::vector<std::string> out;
  for (const auto& step : runbook.steps)
    for (const auto& command : step.commands)
      if (command.kind == kind) out.push_back(command.line);
  return out;
}

bool any_contains(const std::vector<std::string>& lines, const std::string& text) {
  return std::any_of(lines.begin(), lines.end(), [&](const std::string& l) { return l.find(text) != std::string::npos; });
}

TEST(MigrationRunbook, OlderSourceUpgradesTheCopyBeforeTheRestore) {
  const auto runbook = migration_runbook(migrating(), "stack.json");
  std::vector<std::string> ids;
  for (const auto& step : runbook.steps) ids.push_back(step.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"preconditions", "warm-up-snapshot", "write-freeze", "final-snapshot",
                                           "apply-copy", "upgrade-copy", "apply-restore", "verify",
                                           "switch-applications", "apply-done"}));
  const auto aws = lines_of(runbook, dr::CommandKind::aws_cli);
  EXPECT_TRUE(any_contains(aws, "aws rds modify-db-snapshot --region us-east-1 --db-snapshot-identifier "
                                "migration-copy-rdha --engine-version \"$TARGET\""));
  EXPECT_TRUE(any_contains(aws, "aws rds wait db-snapshot-available --region us-east-1 --db-snapshot-identifier "
                                "migration-source-rdha"));
  // The copy phase has no database: a plain apply creates nothing the restore would replace.
  const auto terraform = lines_of(runbook, dr::CommandKind::terraform);
  EXPECT_EQ(std::count(terraform.begin(), terraform.end(), "terraform -chdir=terraform_out apply"), 3);
  EXPECT_FALSE(any_contains(terraform, "apply -target"));
  EXPECT_TRUE(any_contains(lines_of(runbook, dr::CommandKind::sql), "default_transaction_read_only = on"));
  for (const auto& step : runbook.steps) EXPECT_FALSE(step.rollback.empty()) << step.id;
  // 2 freeze + 5 snapshot + 100 copy (200 GiB at 2 GiB/min) + 20 upgrade + 20 restore + 0 + 10.
  EXPECT_EQ(runbook.downtime.total_minutes(), 157);
}

TEST(MigrationRunbook, SameMajorHasNoUpgradeAndPinnedTargetIsUsedAsGiven) {
  auto spec = migrating();
  spec.migration.engine_version = "17.2";
  for (const auto& step : migration_runbook(spec, "s.json").steps) EXPECT_NE(step.id, "upgrade-copy");
  spec = migrating();
  spec.database.engine_version = "17.4";
  spec.database.auto_minor_version_upgrade = false;
  EXPECT_TRUE(any_contains(lines_of(migration_runbook(spec, "s.json"), dr::CommandKind::aws_cli),
                           "--engine-version 17.4"));
}

TEST(MigrationRunbook, JsonMarksEveryLine) {
  const json out = dr::to_json(migration_runbook(migrating(), "stack.json"));
  std::vector<std::string> kinds;
  for (const auto& step : out["steps"])
    for (const auto& command : step["commands"]) kinds.push_back(command["kind"]);
  for (const char* kind : {"aws-cli", "sql", "terraform", "rdha"})
    EXPECT_NE(std::find(kinds.begin(), kinds.end(), kind), kinds.end()) << kind;
  EXPECT_EQ(out["downtime"]["minutes"], 157);
  EXPECT_FALSE(out["downtime"]["assumptions"].empty());
}

TEST(MigrationRunbook, NoMigrationIsASpecError) {
  EXPECT_THROW(migration_runbook(HaStackSpec{}, "s.json"), SpecError);
}

}  // namespace
}  // namespace rdha::stack
