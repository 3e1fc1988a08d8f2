// Tests of validate(HaStackSpec): one test per rule, each asserting the SpecError, the
// field path and the message text; and that every problem is reported at once.
#include <gtest/gtest.h>

#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "rdha/stack/spec.hpp"

namespace rdha::stack {
namespace {

// Every problem validate_or_throw reports for @p spec (fails the test when it does not throw).
std::vector<Problem> problems_of(const HaStackSpec& spec) {
  try {
    validate_or_throw(spec);
  } catch (const SpecError& e) {
    EXPECT_EQ(e.code(), "invalid");
    EXPECT_EQ(e.problems().size(), validate(spec).size());
    return e.problems();
  }
  ADD_FAILURE() << "validate_or_throw did not throw";
  return {};
}

std::string dump(const std::vector<Problem>& problems) {
  std::string out;
  for (const auto& p : problems) out += p.subject + ": " + p.message + "\n";
  return out;
}

// The message of the only problem at @p subject; the spec must have no other problems
// unless @p only is false.
std::string message_at(const HaStackSpec& spec, const std::string& subject, bool only = true) {
  const auto problems = problems_of(spec);
  if (only) {
    EXPECT_EQ(problems.size(), 1u) << dump(problems);
  }
  std::vector<std::string> found;
  for (const auto& p : problems)
    if (p.subject == subject) found.push_back(p.message);
  EXPECT_EQ(found.size(), 1u) << "at " << subject << " in:\n" << dump(problems);
  return found.empty() ? std::string{} : found.front();
}

bool valid(const HaStackSpec& spec) { return validate(spec).empty(); }

// ---- network -------------------------------------------------------------------------------

TEST(SpecValidate, OverlappingVpcCidrs) {
  HaStackSpec spec;
  spec.regions.dr.vpc_cidr = "10.0.0.0/16";
  spec.regions.dr.public_subnets = {"10.0.1.0/24", "10.0.2.0/24"};
  spec.regions.dr.private_subnets = {"10.0.3.0/24", "10.0.4.0/24"};
  EXPECT_EQ(message_at(spec, "regions.dr.vpc_cidr"),
            "\"10.0.0.0/16\" overlaps regions.primary.vpc_cidr \"10.0.0.0/16\"; VPC CIDRs must be disjoint for "
            "peering.");
}

TEST(SpecValidate, VpcContainingTheOtherVpc) {
  HaStackSpec spec;
  spec.regions.dr.vpc_cidr = "10.0.0.0/8";  // contains the primary VPC (and still the DR subnets)
  const auto problems = problems_of(spec);
  ASSERT_EQ(problems.size(), 2u) << dump(problems);
  EXPECT_EQ(problems[0].subject, "regions.dr.vpc_cidr");
  EXPECT_EQ(problems[0].message, "\"10.0.0.0/8\" has prefix /8; AWS VPCs take /16 to /28.");
  EXPECT_EQ(problems[1].subject, "regions.dr.vpc_cidr");
  EXPECT_EQ(problems[1].message,
            "\"10.0.0.0/8\" overlaps regions.primary.vpc_cidr \"10.0.0.0/16\"; VPC CIDRs must be disjoint for "
            "peering.");
}

TEST(SpecValidate, SubnetOutsideItsVpc) {
  HaStackSpec spec;
  spec.regions.primary.private_subnets[1] = "10.1.4.0/24";
  EXPECT_EQ(message_at(spec, "regions.primary.private_subnets[1]"),
            "\"10.1.4.0/24\" lies outside regions.primary.vpc_cidr \"10.0.0.0/16\"; every subnet must be inside its "
            "VPC.");
}

TEST(SpecValidate, SubnetsOverlappingEachOther) {
  HaStackSpec spec;
  spec.regions.primary.private_subnets[0] = "10.0.0.0/22";  // covers 10.0.1.0/24 and 10.0.2.0/24
  EXPECT_EQ(message_at(spec, "regions.primary.private_subnets[0]"),
            "\"10.0.0.0/22\" overlaps regions.primary.public_subnets[0] \"10.0.1.0/24\"; subnets of a VPC must not "
            "overlap.");
}

TEST(SpecValidate, MalformedAndMisalignedCidrs) {
  HaStackSpec spec;
  spec.regions.primary.vpc_cidr = "10.0.0/16";
  spec.regions.dr.public_subnets[0] = "10.1.1.7/24";
  const auto problems = problems_of(spec);
  ASSERT_EQ(problems.size(), 2u) << dump(problems);
  EXPECT_EQ(problems[0].subject, "regions.dr.public_subnets[0]");
  EXPECT_EQ(problems[0].message,
            "\"10.1.1.7/24\" has host bits set; AWS expects the network address: write \"10.1.1.0/24\".");
  EXPECT_EQ(problems[1].subject, "regions.primary.vpc_cidr");
  EXPECT_EQ(problems[1].message, "\"10.0.0/16\" is not an IPv4 CIDR block (a.b.c.d/n, e.g. \"10.0.0.0/16\").");
}

TEST(SpecValidate, OneSubnetPerAz) {
  HaStackSpec spec;
  spec.regions.dr.public_subnets.push_back("10.1.5.0/24");
  EXPECT_EQ(message_at(spec, "regions.dr.public_subnets"),
            "has 3 CIDRs for 2 AZs (regions.dr.azs); give exactly one per AZ, in the order of azs.");
}

TEST(SpecValidate, AzNotInItsRegion) {
  HaStackSpec spec;
  spec.regions.dr.azs[1] = "us-east-1b";
  EXPECT_EQ(message_at(spec, "regions.dr.azs[1]"),
            "\"us-east-1b\" is not an availability zone of \"us-west-2\" (regions.dr.name): AZ names are the region "
            "name plus one letter, e.g. \"us-west-2a\".");
  spec.regions.dr.azs[1] = "us-west-2-b";
  EXPECT_FALSE(valid(spec));
  spec.regions.dr.azs[1] = "us-west-2B";
  EXPECT_FALSE(valid(spec));
}

TEST(SpecValidate, AtLeastTwoDistinctAzsPerRegion) {
  HaStackSpec spec;
  spec.regions.primary.azs = {"us-east-1a", "us-east-1a"};
  const auto problems = problems_of(spec);
  ASSERT_EQ(problems.size(), 3u) << dump(problems);
  EXPECT_EQ(problems[0].subject, "database.replicas[1].az");  // us-east-1b left the subnet group
  EXPECT_EQ(problems[1].subject, "regions.primary.azs");
  EXPECT_EQ(problems[1].message,
            "lists 1 distinct AZ [\"us-east-1a\"]; Multi-AZ and the DB subnet group need at least two.");
  EXPECT_EQ(problems[2].subject, "regions.primary.azs[1]");
  EXPECT_EQ(problems[2].message, "\"us-east-1a\" repeats regions.primary.azs[0]; list each value once.");
}

TEST(SpecValidate, PrimaryAndDrInTheSameRegion) {
  HaStackSpec spec;
  spec.regions.dr.name = "us-east-1";
  spec.regions.dr.azs = {"us-east-1c", "us-east-1d"};
  EXPECT_EQ(message_at(spec, "regions.dr.name"),
            "\"us-east-1\" is also the primary region (regions.primary.name); the DR region must differ to survive a "
            "regional outage.");
}

TEST(SpecValidate, RegionNameFormat) {
  HaStackSpec spec;
  spec.regions.dr.name = "uswest2";
  EXPECT_EQ(message_at(spec, "regions.dr.name", false), "\"uswest2\" is not an AWS region name like \"us-east-1\".");
}

// ---- replicas ------------------------------------------------------------------------------

TEST(SpecValidate, FewerThanTwoDistinctReplicaAzs) {
  HaStackSpec spec;
  spec.database.replicas[1].az = "us-east-1a";
  EXPECT_EQ(message_at(spec, "database.replicas"),
            "places the read replicas in 1 distinct AZ [\"us-east-1a\"]; use at least two AZs so reads survive an AZ "
            "outage.");
}

TEST(SpecValidate, NoReplicasAtAllIsAllowed) {
  HaStackSpec spec;
  spec.database.replicas.clear();
  EXPECT_TRUE(validate(spec).empty()) << dump(validate(spec));
}

TEST(SpecValidate, ReplicaAzMustBeInThePrimaryRegionAndSubnetGroup) {
  HaStackSpec spec;
  spec.database.replicas[0].az = "us-west-2a";
  EXPECT_EQ(message_at(spec, "database.replicas[0].az"),
            "\"us-west-2a\" is not an availability zone of the primary region \"us-east-1\" (regions.primary.name); "
            "in-region replicas run there.");
  spec.database.replicas[0].az = "us-east-1c";
  EXPECT_EQ(message_at(spec, "database.replicas[0].az"),
            "\"us-east-1c\" is not in regions.primary.azs [\"us-east-1a\", \"us-east-1b\"]; the DB subnet group "
            "spans only those AZs.");
}

TEST(SpecValidate, InvalidReplicaIdentifiers) {
  HaStackSpec spec;
  spec.database.replicas[0].name = "replica--1";
  EXPECT_EQ(message_at(spec, "database.replicas[0].name"),
            "\"replica--1\" makes the RDS DB instance identifier \"replica--1-rdha\" invalid: RDS DB instance "
            "identifiers must not contain two consecutive hyphens.");
  spec.database.replicas[0].name = "1replica";
  EXPECT_EQ(message_at(spec, "database.replicas[0].name"),
            "\"1replica\" makes the RDS DB instance identifier \"1replica-rdha\" invalid: RDS DB instance identifiers "
            "must start with a letter.");
  spec.database.replicas[0].name = "Replica_1";
  EXPECT_EQ(message_at(spec, "database.replicas[0].name"),
            "\"Replica_1\" makes the RDS DB instance identifier \"Replica_1-rdha\" invalid: RDS DB instance "
            "identifiers use only lowercase letters, digits and hyphens.");
  spec.database.replicas[0].name = "replica-";
  spec.name_suffix = "";
  EXPECT_EQ(message_at(spec, "database.replicas[0].name"),
            "\"replica-\" makes the RDS DB instance identifier \"replica-\" invalid: RDS DB instance identifiers must "
            "not end with a hyphen.");
  spec.database.replicas[0].name = std::string(64, 'r');
  EXPECT_EQ(message_at(spec, "database.replicas[0].name"),
            "\"" + std::string(64, 'r') + "\" makes the RDS DB instance identifier \"" + std::string(64, 'r') +
                "\" invalid: RDS DB instance identifiers are at most 63 characters (this one has 64).");
}

TEST(SpecValidate, DuplicateDbIdentifiers) {
  HaStackSpec spec;
  spec.database.replicas[1].name = "replica-1";
  EXPECT_EQ(message_at(spec, "database.replicas[1].name"),
            "\"replica-1\" gives the DB instance identifier \"replica-1-rdha\", already used by "
            "database.replicas[0].name; identifiers must be unique.");
  spec.database.replicas[1].name = "primary";
  EXPECT_EQ(message_at(spec, "database.replicas[1].name"),
            "\"primary\" gives the DB instance identifier \"primary-rdha\", already used by the primary instance; "
            "identifiers must be unique.");
}

TEST(SpecValidate, RdsManagedPasswordWithReplicas) {
  HaStackSpec spec;
  spec.database.password_source = PasswordSource::rds_managed;
  EXPECT_EQ(message_at(spec, "database.password_source"),
            "\"rds_managed\" cannot be combined with read replicas (2 in-region replicas and the DR replica): RDS "
            "does not create replicas of a source whose master password Secrets Manager manages. Use \"random\" or "
            "\"ephemeral\", or remove the replicas.");
  spec.database.replicas.clear();
  spec.database.dr_replica.enabled = false;
  // Without any replica the combination is valid (rdha check then warns about the
  // missing readers and DR replica).
  EXPECT_TRUE(validate(spec).empty()) << dump(validate(spec));
}

// ---- name suffix ---------------------------------------------------------------------------

TEST(SpecValidate, SuffixBreakingRdsNames) {
  HaStackSpec spec;
  spec.name_suffix = "-RDHA";
  const auto problems = problems_of(spec);
  ASSERT_EQ(problems.size(), 3u) << dump(problems);  // one per broken name kind
  for (const auto& p : problems) EXPECT_EQ(p.subject, "name_suffix");
  EXPECT_EQ(problems[0].message,
            "\"-RDHA\" makes the RDS DB instance identifier \"primary-RDHA\" invalid: RDS DB instance identifiers use "
            "only lowercase letters, digits and hyphens.");
}

TEST(SpecValidate, SuffixWithDoubleHyphenOrTrailingHyphen) {
  HaStackSpec spec;
  spec.name_suffix = "--x";
  EXPECT_NE(dump(problems_of(spec)).find("must not contain two consecutive hyphens"), std::string::npos);
  spec.name_suffix = "-x-";
  EXPECT_NE(dump(problems_of(spec)).find("must not end with a hyphen"), std::string::npos);
}

TEST(SpecValidate, SuffixMakingIamRoleNameTooLong) {
  HaStackSpec spec;
  spec.name_suffix = "-" + std::string(45, 'x');  // terraform-execution (19) + 46 = 65
  EXPECT_EQ(message_at(spec, "name_suffix"),
            "\"" + spec.name_suffix + "\" makes the IAM role name \"terraform-execution" + spec.name_suffix +
                "\" invalid: IAM role names are at most 64 characters (this one has 65).");
}

TEST(SpecValidate, SuffixWithCharactersSnsRejects) {
  HaStackSpec spec;
  spec.name_suffix = ".rdha";
  const std::string text = dump(problems_of(spec));
  EXPECT_NE(text.find("makes the SNS topic name \"primary-db-alarms.rdha\" invalid"), std::string::npos) << text;
}

// ---- windows -------------------------------------------------------------------------------

TEST(SpecValidate, BackupWindowFormat) {
  HaStackSpec spec;
  spec.database.backup_window = "2:00-3:00";
  EXPECT_EQ(message_at(spec, "database.backup_window"),
            "\"2:00-3:00\" is not a daily window \"hh24:mi-hh24:mi\" (UTC), e.g. \"02:00-03:00\".");
}

TEST(SpecValidate, BackupWindowShorterThanThirtyMinutes) {
  HaStackSpec spec;
  spec.database.backup_window = "02:00-02:29";
  EXPECT_EQ(message_at(spec, "database.backup_window"),
            "\"02:00-02:29\" lasts 29 minutes; RDS needs a backup window of at least 30 minutes.");
  spec.database.backup_window = "23:50-00:20";  // 30 minutes across midnight
  EXPECT_TRUE(valid(spec));
}

TEST(SpecValidate, MaintenanceWindowFormat) {
  HaStackSpec spec;
  spec.database.maintenance_window = "Sun:04:00-Sun:05:00";
  EXPECT_EQ(message_at(spec, "database.maintenance_window"),
            "\"Sun:04:00-Sun:05:00\" is not a weekly window \"ddd:hh24:mi-ddd:hh24:mi\" (UTC, days mon..sun in "
            "lowercase), e.g. \"sun:04:00-sun:05:00\".");
  spec.database.maintenance_window = "sun:04:00-sun:04:10";
  EXPECT_EQ(message_at(spec, "database.maintenance_window"),
            "\"sun:04:00-sun:04:10\" lasts 10 minutes; RDS needs a maintenance window of at least 30 minutes.");
}

TEST(SpecValidate, WindowsOverlapOnTheMaintenanceDay) {
  HaStackSpec spec;
  spec.database.maintenance_window = "sun:02:30-sun:03:30";
  EXPECT_EQ(message_at(spec, "database.maintenance_window"),
            "\"sun:02:30-sun:03:30\" overlaps the daily database.backup_window \"02:00-03:00\" (sun 02:30-03:00 UTC); "
            "RDS requires the two windows to be disjoint.");
}

TEST(SpecValidate, WindowsOverlapAcrossMidnight) {
  HaStackSpec spec;
  spec.database.backup_window = "23:30-00:30";
  spec.database.maintenance_window = "wed:00:00-wed:01:00";
  EXPECT_EQ(message_at(spec, "database.maintenance_window"),
            "\"wed:00:00-wed:01:00\" overlaps the daily database.backup_window \"23:30-00:30\" (wed 00:00-00:30 UTC); "
            "RDS requires the two windows to be disjoint.");
}

TEST(SpecValidate, WindowsOverlapAcrossTheWeekWrap) {
  HaStackSpec spec;
  spec.database.backup_window = "00:00-00:30";
  spec.database.maintenance_window = "sun:23:00-mon:00:15";
  EXPECT_EQ(message_at(spec, "database.maintenance_window"),
            "\"sun:23:00-mon:00:15\" overlaps the daily database.backup_window \"00:00-00:30\" (mon 00:00-00:15 UTC); "
            "RDS requires the two windows to be disjoint.");
  spec.database.maintenance_window = "sun:23:00-sun:23:59";
  // The primary's window misses the backup, but the first reader's, an hour later, does not.
  EXPECT_EQ(message_at(spec, "database.maintenance_stagger_minutes"),
            "60 puts the maintenance window of \"replica-1\" at \"mon:00:00-mon:00:59\", which overlaps the daily "
            "database.backup_window \"00:00-00:30\" (mon 00:00-00:30 UTC); RDS requires the two windows to be "
            "disjoint.");
  spec.database.maintenance_stagger_minutes = 120;
  EXPECT_TRUE(valid(spec));
}

TEST(SpecValidate, MaintenanceStaggerRange) {
  HaStackSpec spec;
  spec.database.maintenance_stagger_minutes = 1441;
  EXPECT_EQ(message_at(spec, "database.maintenance_stagger_minutes"),
            "1441 is outside 0..1440; 0 shares one window and one day is the widest stagger.");
  spec.database.maintenance_stagger_minutes = 0;
  EXPECT_TRUE(valid(spec));
}

TEST(SpecValidate, AdjacentWindowsAreAllowed) {
  HaStackSpec spec;
  spec.database.backup_window = "03:00-04:00";
  EXPECT_TRUE(valid(spec));  // maintenance starts at 04:00 sharp
}

// ---- numeric ranges ------------------------------------------------------------------------

TEST(SpecValidate, BackupRetentionOutsideOneToThirtyFive) {
  HaStackSpec spec;
  spec.database.backup_retention_days = 0;
  EXPECT_EQ(message_at(spec, "database.backup_retention_days"),
            "0 is outside 1..35; RDS keeps automated backups (point-in-time recovery) 1 to 35 days, and replicas need "
            "them on.");
  spec.database.backup_retention_days = 36;
  EXPECT_FALSE(valid(spec));
  spec.database.backup_retention_days = 35;
  EXPECT_TRUE(valid(spec));
}

TEST(SpecValidate, ReplicaBackupRetentionZeroToThirtyFive) {
  HaStackSpec spec;
  spec.database.replica_backup_retention_days = 36;
  EXPECT_EQ(message_at(spec, "database.replica_backup_retention_days"),
            "36 is outside 0..35; RDS keeps automated backups 1 to 35 days, and 0 turns them off.");
  spec.database.replica_backup_retention_days = 0;  // opting out is allowed
  EXPECT_TRUE(valid(spec));
}

TEST(SpecValidate, LogRetentionIsACloudWatchLogsRetention) {
  HaStackSpec spec;
  spec.database.log_retention_days = 0;  // "never expire" is not offered
  EXPECT_EQ(message_at(spec, "database.log_retention_days"),
            "0 is not a CloudWatch Logs retention; use one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, "
            "545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 (days; the stack's log groups always expire).");
  spec.database.log_retention_days = 2;
  EXPECT_FALSE(valid(spec));
  spec.database.log_retention_days = 3653;
  EXPECT_TRUE(valid(spec));
}

TEST(SpecValidate, PasswordVersionStartsAtOne) {
  HaStackSpec spec;
  spec.database.password_version = 0;
  EXPECT_EQ(message_at(spec, "database.password_version"),
            "0 is below 1; Terraform writes a write-only value again only when its version changes.");
  spec.database.password_version = 2;
  EXPECT_TRUE(valid(spec));
}

TEST(SpecValidate, MonitoringIntervalMustBeAnRdsInterval) {
  HaStackSpec spec;
  spec.monitoring.monitoring_interval = 45;
  EXPECT_EQ(message_at(spec, "monitoring.monitoring_interval"),
            "45 is not one of 0, 1, 5, 10, 15, 30, 60 (seconds; 0 turns Enhanced Monitoring off).");
  for (int ok : {0, 1, 5, 10, 15, 30, 60}) {
    spec.monitoring.monitoring_interval = ok;
    EXPECT_TRUE(valid(spec)) << ok;
  }
}

TEST(SpecValidate, PerformanceInsightsRetention) {
  HaStackSpec spec;
  spec.monitoring.performance_insights_retention_period = 30;
  EXPECT_EQ(message_at(spec, "monitoring.performance_insights_retention_period"),
            "30 is not a Performance Insights retention: use 7 (free tier), 31 x n days for n months up to 23 (713), "
            "or 731.");
  for (int ok : {7, 31, 62, 713, 731}) {
    spec.monitoring.performance_insights_retention_period = ok;
    EXPECT_TRUE(valid(spec)) << ok;
  }
  for (int bad : {0, 8, 744, 730, 732}) {
    spec.monitoring.performance_insights_retention_period = bad;
    EXPECT_FALSE(valid(spec)) << bad;
  }
}

TEST(SpecValidate, PasswordLengthOutsideEightToOneTwentyEight) {
  HaStackSpec spec;
  spec.database.password_length = 7;
  EXPECT_EQ(message_at(spec, "database.password_length"),
            "7 is outside 8..128; RDS for PostgreSQL accepts master passwords of 8 to 128 characters.");
  spec.database.password_length = 129;
  EXPECT_FALSE(valid(spec));
  spec.database.password_length = 128;
  EXPECT_TRUE(valid(spec));
}

TEST(SpecValidate, StorageAutoscalingCeiling) {
  HaStackSpec spec;
  spec.database.max_allocated_storage = 105;
  EXPECT_EQ(message_at(spec, "database.max_allocated_storage"),
            "105 GiB must be 0 (autoscaling off) or between 110 (110% of database.allocated_storage 100) and 65536; "
            "RDS needs the ceiling at least 10% above the allocated storage.");
  spec.database.max_allocated_storage = 0;
  EXPECT_TRUE(valid(spec));
}

// 11 times the largest int would overflow: the ceiling check skips an allocated storage
// outside its own range, which is reported once, at its own field.
TEST(SpecValidate, AllocatedStorageAtIntMaxIsReportedWithoutOverflow) {
  HaStackSpec spec;
  spec.database.allocated_storage = std::numeric_limits<int>::max();
  spec.database.max_allocated_storage = 1000;
  spec.database.replica_max_allocated_storage = 1000;
  EXPECT_EQ(message_at(spec, "database.allocated_storage", false),
            "2147483647 is outside 20..65536; RDS for PostgreSQL takes 20 GiB to 64 TiB.");
  for (const auto& problem : problems_of(spec))
    EXPECT_EQ(problem.subject.find("max_allocated_storage"), std::string::npos) << problem.message;
}

TEST(SpecValidate, ProvisionedIopsFollowTheStorageType) {
  HaStackSpec spec;
  spec.database.iops = 3000;
  EXPECT_EQ(message_at(spec, "database.iops"),
            "3000 cannot be set for gp3 below 400 GiB (database.allocated_storage is 100); use 0 for the 3000 IOPS "
            "baseline.");
  spec.database.iops = 0;
  spec.database.storage_type = StorageType::io2;
  EXPECT_EQ(message_at(spec, "database.iops"),
            "0 is outside 1000..256000; storage_type \"io2\" needs provisioned IOPS.");
}

TEST(SpecValidate, AlarmSettings) {
  HaStackSpec spec;
  spec.monitoring.alarms.cpu_percent = 120;
  spec.monitoring.alarms.period_seconds = 90;
  spec.monitoring.alarms.free_storage_bytes = std::int64_t{200} << 30;
  const auto problems = problems_of(spec);
  ASSERT_EQ(problems.size(), 3u) << dump(problems);
  EXPECT_EQ(problems[0].message, "120 is not a percentage in (0, 100].");
  EXPECT_EQ(problems[1].message,
            "214748364800 must be above 0 and below database.allocated_storage (100 GiB = 107374182400 bytes), or the "
            "alarm fires from the start.");
  EXPECT_EQ(problems[2].message, "90 is not a positive multiple of 60; RDS publishes its metrics every 60 seconds.");
}

TEST(SpecValidate, ReplicaLagAlarmAtLeastTheIdleSourcesLag) {
  HaStackSpec spec;
  spec.monitoring.alarms.replica_lag_seconds = 360;
  EXPECT_TRUE(valid(spec)) << dump(validate(spec));
  spec.monitoring.alarms.replica_lag_seconds = 359.5;
  EXPECT_EQ(message_at(spec, "monitoring.alarms.replica_lag_seconds"),
            "359.5 is below 360 seconds; with no writes on the source a PostgreSQL replica reports up to 300 s of lag "
            "until the WAL segment switches, so a lower threshold pages on an idle database.");
  spec.monitoring.alarms.replica_lag_seconds = 30;
  EXPECT_EQ(message_at(spec, "monitoring.alarms.replica_lag_seconds"),
            "30 is below 360 seconds; with no writes on the source a PostgreSQL replica reports up to 300 s of lag "
            "until the WAL segment switches, so a lower threshold pages on an idle database.");
}

// ---- identities and access -----------------------------------------------------------------

TEST(SpecValidate, DatabaseNameAndMasterUser) {
  HaStackSpec spec;
  spec.database.master_username = "admin";
  EXPECT_EQ(message_at(spec, "database.master_username"),
            "\"admin\" is reserved by PostgreSQL or RDS (with \"pg_\"/\"rds_\" prefixes); choose another master user "
            "name.");
  spec.database.master_username = "dbadmin";
  spec.database.db_name = "app-db";
  EXPECT_EQ(message_at(spec, "database.db_name"),
            "\"app-db\" is not a valid database name: 1 to 63 letters, digits or underscores, starting with a "
            "letter.");
}

TEST(SpecValidate, AppTierNeedsASecurityGroupSource) {
  HaStackSpec spec;
  spec.security.create_app_security_groups = false;
  spec.security.existing_app_security_group_ids.primary = {"sg-0123456789abcdef0"};
  EXPECT_EQ(message_at(spec, "security.existing_app_security_group_ids.dr"),
            "is empty while security.create_app_security_groups is false: nothing could reach the database in "
            "us-west-2. List the application's security groups or create them.");
  spec.security.existing_app_security_group_ids.dr = {"sg-12"};
  EXPECT_EQ(message_at(spec, "security.existing_app_security_group_ids.dr[0]"),
            "\"sg-12\" is not a security group ID (\"sg-\" and 8 or 17 hex digits).");
}

TEST(SpecValidate, CrossRegionAppCidrsLieInTheirRegionsVpc) {
  HaStackSpec spec;
  spec.security.cross_region_app_cidrs.primary = {"10.0.8.0/24", "10.0.9.0/24"};
  spec.security.cross_region_app_cidrs.dr = {"10.1.0.0/16"};  // the whole VPC is inside it
  EXPECT_TRUE(valid(spec)) << dump(validate(spec));

  // The DR region's database admits these through the peering, which carries only the VPCs' CIDRs.
  spec.security.cross_region_app_cidrs.primary = {"10.1.5.0/24", "10.0.5.0/24", "10.0.5.0/24"};
  spec.security.cross_region_app_cidrs.dr = {"10.1.8.0/33", "10.0.0.0/16"};
  std::vector<std::pair<std::string, std::string>> found;
  for (const auto& problem : problems_of(spec)) found.emplace_back(problem.subject, problem.message);
  const std::string outside = " the peering carries only the VPCs' own CIDRs, so the other region's database could "
                              "never be reached from it.";
  EXPECT_EQ(found, (std::vector<std::pair<std::string, std::string>>{
                       {"security.cross_region_app_cidrs.dr[0]",
                        "\"10.1.8.0/33\" is not an IPv4 CIDR block (a.b.c.d/n, e.g. \"10.0.0.0/16\")."},
                       {"security.cross_region_app_cidrs.dr[1]",
                        "\"10.0.0.0/16\" lies outside regions.dr.vpc_cidr \"10.1.0.0/16\";" + outside},
                       {"security.cross_region_app_cidrs.primary[0]",
                        "\"10.1.5.0/24\" lies outside regions.primary.vpc_cidr \"10.0.0.0/16\";" + outside},
                       {"security.cross_region_app_cidrs.primary[2]",
                        "\"10.0.5.0/24\" repeats security.cross_region_app_cidrs.primary[1]; list each value once."}}));
}

TEST(SpecValidate, TerraformPrincipalsAreIamArns) {
  HaStackSpec spec;
  spec.security.terraform_principals = {"arn:aws:iam::123456789012:root", "arn:aws:iam::123456789012:role/ci",
                                        "123456789012"};
  EXPECT_EQ(message_at(spec, "security.terraform_principals[2]"),
            "\"123456789012\" is not an IAM principal ARN (arn:aws:iam::<account>:root, :user/<name>, "
            ":role/<name>).");
}

TEST(SpecValidate, ReservedTagKeys) {
  HaStackSpec spec;
  spec.tags["Name"] = "x";
  spec.tags["aws:team"] = "x";
  const auto problems = problems_of(spec);
  ASSERT_EQ(problems.size(), 2u) << dump(problems);
  EXPECT_EQ(problems[0].subject, "tags.Name");
  EXPECT_EQ(problems[0].message,
            "tag key \"Name\" is set by rdha on every resource (e.g. \"primary-vpc-rdha\"); use another key.");
  EXPECT_EQ(problems[1].subject, "tags[\"aws:team\"]");
  EXPECT_EQ(problems[1].message, "tag key \"aws:team\" starts with \"aws:\", which AWS reserves.");
}

TEST(SpecValidate, ExtraParametersCannotOverrideManagedOnes) {
  HaStackSpec spec;
  spec.database.parameters.extra = {{"rds.force_ssl", "0"}, {"statement_timeout", "0"}, {"log_lock_waits", "1"}};
  const auto problems = problems_of(spec);
  ASSERT_EQ(problems.size(), 2u) << dump(problems);
  EXPECT_EQ(problems[0].subject, "database.parameters.extra.statement_timeout");
  EXPECT_EQ(problems[0].message,
            "\"statement_timeout\" is set by database.parameters.statement_timeout_ms; set it there instead.");
  EXPECT_EQ(problems[1].subject, "database.parameters.extra[\"rds.force_ssl\"]");
  EXPECT_EQ(problems[1].message, "\"rds.force_ssl\" is always 1 in rdha's parameter group (SSL-only); remove it.");
}

TEST(SpecValidate, NotificationSubscribers) {
  HaStackSpec spec;
  spec.monitoring.notification_emails = {"oncall@example.com", "ops.team+rds@corp.example.org"};
  spec.monitoring.notification_endpoints.primary = {{"https", "https://hooks.example.com/rds"},
                                                    {"sqs", "arn:aws:sqs:us-east-1:123456789012:db-alarms"},
                                                    {"sms", "+15555550100"}};
  spec.monitoring.notification_endpoints.dr = {{"lambda", "arn:aws:lambda:us-west-2:123456789012:function:page:live"}};
  EXPECT_TRUE(valid(spec)) << dump(validate(spec));

  spec.monitoring.notification_emails = {"oncall", "a@b.c", "a@b.c"};
  spec.monitoring.notification_endpoints.primary = {{"https", "http://hooks.example.com"},
                                                    {"sqs", "arn:aws:sns:us-east-1:123456789012:x"},
                                                    {"sms", "5550100"},
                                                    {"email", "x@example.com"}};
  spec.monitoring.notification_endpoints.dr = {};
  const auto problems = problems_of(spec);
  ASSERT_EQ(problems.size(), 6u) << dump(problems);
  EXPECT_EQ(problems[0].subject, "monitoring.notification_emails[0]");
  EXPECT_EQ(problems[0].message, "\"oncall\" is not an email address.");
  EXPECT_EQ(problems[1].subject, "monitoring.notification_emails[2]");
  EXPECT_EQ(problems[1].message, "\"a@b.c\" repeats monitoring.notification_emails[1]; list each value once.");
  EXPECT_EQ(problems[2].message, "\"http://hooks.example.com\" is not an https:// URL (protocol \"https\").");
  EXPECT_EQ(problems[3].message,
            "\"arn:aws:sns:us-east-1:123456789012:x\" is not an SQS queue ARN (protocol \"sqs\").");
  EXPECT_EQ(problems[4].message, "\"5550100\" is not an E.164 phone number (+ and digits) (protocol \"sms\").");
  EXPECT_EQ(problems[5].subject, "monitoring.notification_endpoints.primary[3].protocol");
  EXPECT_EQ(problems[5].message, "\"email\" is not one of \"https\", \"sqs\", \"lambda\", \"sms\".");
}

TEST(SpecValidate, EngineVersionAndInstanceClassFormats) {
  HaStackSpec spec;
  spec.database.engine_version = "17.x";
  spec.database.instance_class = "r6g.large";
  spec.database.dr_replica.instance_class = "db.r6g";
  const auto problems = problems_of(spec);
  ASSERT_EQ(problems.size(), 3u) << dump(problems);
  EXPECT_EQ(problems[0].subject, "database.dr_replica.instance_class");
  EXPECT_EQ(problems[0].message, "\"db.r6g\" is not an RDS instance class like \"db.r6g.large\".");
  EXPECT_EQ(problems[1].subject, "database.engine_version");
  EXPECT_EQ(problems[1].message,
            "\"17.x\" is not a PostgreSQL version like \"17\" (the major alone) or \"17.7\" (a pinned minor).");
  spec.database.engine_version = "17";
  spec.database.auto_minor_version_upgrade = true;
  EXPECT_EQ(problems_of(spec).size(), 2u) << "a major-only version is valid";
  EXPECT_EQ(problems[2].subject, "database.instance_class");
}

TEST(SpecValidate, EmptyDrInstanceClassMeansThePrimarys) {
  HaStackSpec spec;
  EXPECT_EQ(spec.database.dr_replica.instance_class, "");
  EXPECT_TRUE(valid(spec));
  EXPECT_EQ(dr_replica_instance_class(spec.database), "db.r6g.large");
  spec.database.dr_replica.instance_class = "db.r6g.xlarge";
  EXPECT_EQ(dr_replica_instance_class(spec.database), "db.r6g.xlarge");
}

TEST(SpecValidate, ReservedNamesAndLimitsOfSingleFields) {
  HaStackSpec spec;
  spec.database.db_name = "template1";
  EXPECT_EQ(message_at(spec, "database.db_name"),
            "\"template1\" is reserved by PostgreSQL/RDS; choose another database name.");
  spec = {};
  spec.database.master_username = "PG_monitor";
  EXPECT_EQ(message_at(spec, "database.master_username"),
            "\"PG_monitor\" is reserved by PostgreSQL or RDS (with \"pg_\"/\"rds_\" prefixes); choose another master "
            "user name.");
  spec = {};
  spec.database.replicas.assign(16, {"r", "us-east-1a"});
  for (std::size_t i = 0; i < spec.database.replicas.size(); ++i) {
    spec.database.replicas[i].name = "replica-" + std::to_string(i);
    spec.database.replicas[i].az = i % 2 ? "us-east-1a" : "us-east-1b";
  }
  EXPECT_EQ(message_at(spec, "database.replicas"), "16 read replicas exceed the 15 RDS allows per source.");
  spec.database.replicas.resize(15);
  EXPECT_EQ(message_at(spec, "database.replicas"),
            "16 read replicas (DR included) exceed the 15 RDS allows per source.");
}

TEST(SpecValidate, DisabledSectionsStillFollowTheirFieldsRules) {
  // What the schema rejects, validation rejects, whether or not the section is enabled.
  HaStackSpec spec;
  spec.failover.enabled = false;
  spec.failover.record_ttl = 60;
  EXPECT_EQ(message_at(spec, "failover.record_ttl"),
            "60 is outside 5..30; clients must follow a promoted writer within 30 s, and below 5 s only adds resolver "
            "load (RDS's own endpoints use 5 s).");
  spec = {};
  spec.database.dr_replica.enabled = false;
  spec.database.dr_replica.instance_class = "r6g.large";
  EXPECT_EQ(message_at(spec, "database.dr_replica.instance_class"),
            "\"r6g.large\" is not an RDS instance class like \"db.r6g.large\".");
}

// ---- failover ------------------------------------------------------------------------------

TEST(SpecValidate, MaxDataLossSecondsIsZeroToAnHour) {
  HaStackSpec spec;
  for (const int seconds : {0, 3600}) {
    spec.failover.max_data_loss_seconds = seconds;
    EXPECT_TRUE(valid(spec)) << seconds << "\n" << dump(validate(spec));
  }
  spec.failover.max_data_loss_seconds = 3601;
  EXPECT_EQ(message_at(spec, "failover.max_data_loss_seconds"),
            "3601 is outside 0..3600; the data loss the automatic trigger may accept without a person, in seconds.");
  spec.failover.max_data_loss_seconds = -1;
  EXPECT_EQ(message_at(spec, "failover.max_data_loss_seconds"),
            "-1 is outside 0..3600; the data loss the automatic trigger may accept without a person, in seconds.");
}

TEST(SpecValidate, DrPromotedStateNeedsTheDrReplicaDeclared) {
  HaStackSpec spec;
  spec.failover.state = FailoverState::dr_promoted;
  EXPECT_TRUE(valid(spec)) << dump(validate(spec));
  spec.database.dr_replica.enabled = false;
  spec.database.automated_backups_replication = false;
  EXPECT_EQ(message_at(spec, "failover.state"),
            "is \"dr_promoted\" while database.dr_replica.enabled is false; the state describes the promoted DR "
            "instance, so the spec must still declare it.");
}

// ---- all at once ---------------------------------------------------------------------------

TEST(SpecValidate, ReportsEveryProblemAtOnceSortedByPath) {
  HaStackSpec spec;
  spec.regions.dr.vpc_cidr = "10.0.0.0/16";
  spec.regions.dr.public_subnets = {"10.0.1.0/24", "10.0.2.0/24"};
  spec.regions.dr.private_subnets = {"10.0.3.0/24", "10.0.4.0/24"};
  spec.database.backup_retention_days = 40;
  spec.database.password_length = 4;
  spec.database.maintenance_window = "sun:02:00-sun:03:00";
  spec.monitoring.monitoring_interval = 2;
  try {
    validate_or_throw(spec);
    FAIL() << "no SpecError";
  } catch (const SpecError& e) {
    std::vector<std::string> subjects;
    for (const auto& p : e.problems()) subjects.push_back(p.subject);
    EXPECT_EQ(subjects, (std::vector<std::string>{"database.backup_retention_days", "database.maintenance_window",
                                                  "database.password_length", "monitoring.monitoring_interval",
                                                  "regions.dr.vpc_cidr"}));
    const std::string what = e.what();
    EXPECT_EQ(what.substr(0, what.find('\n')), "[rdha.spec.invalid] 5 problems found:");
    EXPECT_NE(what.find("\n  regions.dr.vpc_cidr: \"10.0.0.0/16\" overlaps"), std::string::npos) << what;
  }
}

}  // namespace
}  // namespace rdha::stack
