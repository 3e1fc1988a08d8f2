// rdha/stack/spec/fields.hpp — the field table of HaStackSpec: every field's JSON key,
// description and constraints, in one place.
//
// JSON output and input, the JSON Schema (`rdha schema`), the spec reference
// (docs/spec.md), the single-field checks of validate() and the Python classes are all
// walks over this table, so none of them can miss or misname a field.
//
// Adding a spec field with a constraint takes three edits:
//   1. the member, with its default, in its struct in include/rdha/stack/spec.hpp;
//   2. its line in that struct's describe() below: key, description, constraints
//      (within(min, max, why), a OneOf, a Format from formats.hpp, ...);
//   3. the module that uses it (src/stack/...).
// then regenerate docs/spec.md (`build/rdha schema --format markdown > docs/spec.md`) and
// the Python stubs (`cmake --build build --target rdha_python_stubs`). Rules that relate
// several fields go to src/stack/spec/validate.cpp. A new struct or enum also gets an
// entry in kSpecStructs or kSpecEnums.
//
// A visitor implements `field(key, member, description, constraints)`; describe() calls
// it once per field of a struct, in JSON order.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "rdha/stack/spec.hpp"
#include "rdha/stack/spec/constraints.hpp"
#include "rdha/stack/spec/formats.hpp"

namespace rdha::stack::fields {

// ---- the spec's structs and enums ----------------------------------------------------------

/// @brief A spec struct: its name (the Python class, the reference's headings) and what it is.
template <class T>
struct StructEntry {
  using type = T;
  std::string_view name;
  std::string_view doc;
  /// An element of a list field (replicas, endpoints): Python binds a live list of it.
  bool list_item = false;
};

/// @brief A spec enum: its name and its values' JSON names, in declaration order.
template <class E, std::size_t N>
struct EnumEntry {
  using type = E;
  std::string_view name;
  std::string_view doc;
  std::array<std::string_view, N> values;
};

/// Every spec struct, the root first.
inline constexpr std::tuple kSpecStructs{
    StructEntry<HaStackSpec>{"HaStackSpec", "The complete specification of the multi-region HA PostgreSQL stack."},
    StructEntry<NetworkSpec>{"NetworkSpec",
                             "The two regions: primary (writer + in-region replicas) and disaster recovery."},
    StructEntry<RegionSpec>{"RegionSpec",
                            "One region of the stack: its VPC and subnets (subnet i of each list goes into azs[i])."},
    StructEntry<DatabaseSpec>{"DatabaseSpec", "The RDS for PostgreSQL primary, its replicas, backups and maintenance."},
    StructEntry<ReplicaSpec>{"ReplicaSpec", "An in-region read replica of the primary.", true},
    StructEntry<DrReplicaSpec>{"DrReplicaSpec",
                               "The cross-region read replica promoted when the primary region fails."},
    StructEntry<ParametersSpec>{"ParametersSpec",
                                "Settings locked in the DB parameter group (rds.force_ssl = 1 always is)."},
    StructEntry<MonitoringSpec>{"MonitoringSpec", "Enhanced Monitoring, Performance Insights and alarms."},
    StructEntry<AlarmsSpec>{"AlarmsSpec", "CloudWatch alarm thresholds."},
    StructEntry<NotificationEndpoint>{"NotificationEndpoint", "A non-email SNS subscription for alarm notifications.",
                                      true},
    StructEntry<PerRegionEndpoints>{"PerRegionEndpoints", "Non-email subscribers of each region's alarm topic."},
    StructEntry<SecuritySpec>{"SecuritySpec", "Who may reach the database and who may run Terraform."},
    StructEntry<PerRegionIds>{"PerRegionIds", "A list of values per region."},
    StructEntry<PerRegionCidrs>{"PerRegionCidrs", "CIDR blocks per region, each inside its region's VPC."},
    StructEntry<FailoverSpec>{"FailoverSpec",
                              "Automated disaster recovery: stable DNS names, the failover runbook, optional trigger."},
    StructEntry<StateSpec>{"StateSpec",
                           "Remote state in S3: bucket, key, region, KMS key and locking (rdha bootstrap creates "
                           "them)."},
    StructEntry<PipelineSpec>{"PipelineSpec",
                              "The CI pipeline (rdha pipeline) and the OIDC trust of its jobs in the "
                              "Terraform-execution role."},
    StructEntry<CheckSpec>{"CheckSpec", "Settings of rdha check that belong with the stack: its waivers."},
    StructEntry<WaiverSpec>{"WaiverSpec", "A reviewed acceptance of the findings of one rdha check rule.", true},
    StructEntry<MigrationSpec>{"MigrationSpec",
                               "The existing RDS for PostgreSQL instance whose data the new primary starts from, and "
                               "where its move stands (rdha migrate prints the procedure)."},
    StructEntry<DmsSpec>{"DmsSpec",
                         "The AWS DMS replication instance and full-load-and-cdc task of the replication method."},
};

/// Every spec enum.
inline constexpr std::tuple kSpecEnums{
    EnumEntry<PasswordSource, 3>{
        "PasswordSource", "Where the master password comes from.", {"random", "ephemeral", "rds_managed"}},
    EnumEntry<KmsMode, 2>{"KmsMode", "Which KMS keys encrypt data at rest.", {"customer_managed", "aws_managed"}},
    EnumEntry<StorageType, 4>{"StorageType", "RDS storage type.", {"gp2", "gp3", "io1", "io2"}},
    EnumEntry<FailoverState, 2>{
        "FailoverState", "Which region holds the writer.", {"normal", "dr_promoted"}},
    EnumEntry<StateLocking, 2>{"StateLocking", "How Terraform locks the remote state.", {"lockfile", "dynamodb"}},
    EnumEntry<CiService, 2>{"CiService", "The CI service that runs the pipeline.", {"github", "gitlab"}},
    EnumEntry<MigrationMethod, 2>{
        "MigrationMethod", "How the existing database moves into the stack.", {"snapshot", "replication"}},
    EnumEntry<MigrationPhase, 4>{"MigrationPhase",
                                 "Where a migration stands; each phase is one apply.",
                                 {"copy", "restore", "done", "replicate"}},
    EnumEntry<DmsSslMode, 2>{"DmsSslMode", "How the DMS endpoints use TLS.", {"require", "verify_full"}},
};

namespace detail {

template <class T, class List, std::size_t... I>
constexpr bool listed(std::index_sequence<I...>) {
  return (std::is_same_v<T, typename std::remove_cvref_t<std::tuple_element_t<I, List>>::type> || ...);
}

template <class T, std::size_t I, class List>
constexpr const auto& entry_of(const List& list) {
  if constexpr (I == std::tuple_size_v<List>)
    static_assert(I != std::tuple_size_v<List>, "not a spec struct or enum: add it to kSpecStructs or kSpecEnums");
  else if constexpr (std::is_same_v<T, typename std::tuple_element_t<I, List>::type>)
    return std::get<I>(list);
  else
    return entry_of<T, I + 1>(list);
}

}  // namespace detail

/// @brief True for the structs of kSpecStructs.
template <class T>
inline constexpr bool kIsSpecStruct = detail::listed<T, std::remove_cvref_t<decltype(kSpecStructs)>>(
    std::make_index_sequence<std::tuple_size_v<std::remove_cvref_t<decltype(kSpecStructs)>>>{});

/// @brief The entry of spec struct @p T (compile error for any other type).
template <class T>
constexpr const auto& spec_struct() {
  return detail::entry_of<T, 0>(kSpecStructs);
}

/// @brief The entry of spec enum @p E (compile error for any other type).
template <class E>
constexpr const auto& spec_enum() {
  return detail::entry_of<E, 0>(kSpecEnums);
}

/// @brief "HaStackSpec", "ReplicaSpec", ...
template <class T>
constexpr std::string_view class_name() {
  return spec_struct<T>().name;
}

/// @brief "PasswordSource", "StorageType", ...
template <class E>
constexpr std::string_view enum_class_name() {
  return spec_enum<E>().name;
}

/// @brief The JSON name of an enum value ("rds_managed").
template <class E>
constexpr std::string_view enum_name(E value) noexcept {
  const auto& names = spec_enum<E>().values;
  const auto i = static_cast<std::size_t>(value);
  return i < names.size() ? names[i] : std::string_view{"?"};
}

/// @brief Calls @p f with each entry of kSpecStructs, in order.
template <class F>
void for_each_spec_struct(F&& f) {
  std::apply([&](const auto&... entry) { (f(entry), ...); }, kSpecStructs);
}

/// @brief Calls @p f with each entry of kSpecEnums, in order.
template <class F>
void for_each_spec_enum(F&& f) {
  std::apply([&](const auto&... entry) { (f(entry), ...); }, kSpecEnums);
}

/// @brief The path of a field in problems: `path.key`, or `path["key"]` when the key is
///        not a plain word (map keys like "rds.force_ssl").
std::string child_path(const std::string& path, std::string_view key);

/// @brief True for list fields (std::vector).
template <class T>
struct IsList : std::false_type {};
template <class T>
struct IsList<std::vector<T>> : std::true_type {};

// ---- limits that constraints and validate() share ---------------------------------------------

inline constexpr std::array<int, 7> kMonitoringIntervals = {0, 1, 5, 10, 15, 30, 60};
inline constexpr std::array<int, 2> kPiFreeAndLongRetentions = {7, 731};  // days; the rest are months of 31
inline constexpr int kPiMonthDays = 31;
inline constexpr int kPiMaxMonths = 23;
inline constexpr std::array<std::string_view, 3> kCaCertificates = {"rds-ca-rsa2048-g1", "rds-ca-rsa4096-g1",
                                                                    "rds-ca-ecc384-g1"};
inline constexpr std::array<std::string_view, 3> kLogExports = {"postgresql", "upgrade", "iam-db-auth-error"};
// The retentions CloudWatch Logs accepts, days ("PutRetentionPolicy", Amazon CloudWatch Logs API
// Reference, https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html).
// Its "never expire" (no policy) is not offered: the stack's log groups always expire.
inline constexpr std::array<int, 22> kLogRetentionDays = {1,   3,   5,   7,    14,   30,   60,   90,
                                                          120, 150, 180, 365,  400,  545,  731,  1096,
                                                          1827, 2192, 2557, 2922, 3288, 3653};
inline constexpr std::array<std::string_view, 4> kNotificationProtocols = {"https", "sqs", "lambda", "sms"};
inline constexpr int kMaxStorage = 65536;  // GiB
inline constexpr int kMinVpcPrefix = 16, kMaxVpcPrefix = 28;
inline constexpr int kMinWindowMinutes = 30;
inline constexpr int kMaxReplicas = 15;  // read replicas per source, cross-region included
inline constexpr std::int64_t kMaxTimeoutMs = 2147483647;
inline constexpr int kAlarmPeriodSeconds = 60;          // RDS publishes its metrics once a minute
inline constexpr int kMaxAlarmSeconds = 86400;          // evaluation_periods x period_seconds
inline constexpr std::size_t kMaxZoneNameLength = 240;  // 253 minus "writer." and the final dot, with room
// An idle PostgreSQL source makes its replicas report up to 300 s of lag (WAL switch every
// 5 minutes), plus publishing delay: "Working with read replicas for Amazon RDS for
// PostgreSQL", https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_PostgreSQL.Replication.ReadReplicas.html
inline constexpr int kMinReplicaLagThresholdSeconds = 360;

// ---- the table ---------------------------------------------------------------------------------
//
// The AWS limits come from: "CreateDBInstance" (Amazon RDS API Reference,
// https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html: storage,
// port, names, windows, backup retention, monitoring interval, Performance Insights retention,
// CA); "Working with DB instance read replicas" (https://docs.aws.amazon.com/AmazonRDS/latest/
// UserGuide/USER_ReadRepl.html: 15 per source); "ScheduleKeyDeletion" (AWS KMS API Reference,
// https://docs.aws.amazon.com/kms/latest/APIReference/API_ScheduleKeyDeletion.html: 7 to 30
// days); "PutMetricAlarm" (Amazon CloudWatch API Reference, https://docs.aws.amazon.com/
// AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html); "VPC CIDR blocks"
// (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html: /16 to /28).

template <class V>
void describe(V& v, RegionSpec& s) {
  v.field("name", s.name, "AWS region, e.g. us-east-1.", {.format = &kRegionName});
  v.field("vpc_cidr", s.vpc_cidr, "VPC CIDR block (/16 to /28); disjoint from the other region's VPC.",
          {.format = &kVpcCidr});
  v.field("azs", s.azs, "Availability zones (region name + one letter), at least two.",
          {.unique = true,
           .min_distinct = MinDistinct{2,
                                       "lists {count} distinct AZ{s} {values}; Multi-AZ and the DB subnet group "
                                       "need at least two."}});
  v.field("public_subnets", s.public_subnets, "Public subnet CIDRs, one per AZ in the order of azs.",
          {.format = &kSubnetCidr});
  v.field("private_subnets", s.private_subnets,
          "Private subnet CIDRs, one per AZ in the order of azs; the DB subnet group.", {.format = &kSubnetCidr});
  v.field("enabled", s.enabled,
          "Create the region's resources. Only regions.dr can be false: a single-region stack without the DR "
          "network, peering, DR key, alarm topic, replica or failover automation (the DR replica, the backups "
          "replication and every DR-region setting must then be off or empty).");
}

template <class V>
void describe(V& v, NetworkSpec& s) {
  v.field("primary", s.primary, "Primary region: the Multi-AZ primary and the read replicas.");
  v.field("dr", s.dr, "Disaster-recovery region: mirrors the primary network, holds the cross-region replica.");
}

template <class V>
void describe(V& v, ReplicaSpec& s) {
  v.field("name", s.name, "Identifier base of the replica (the name suffix is appended).",
          {.name_base = &kRdsIdentifierBase, .required = true});
  v.field("az", s.az, "Availability zone of the replica; one of regions.primary.azs.", {.required = true});
}

template <class V>
void describe(V& v, DrReplicaSpec& s) {
  v.field("enabled", s.enabled, "Create the cross-region read replica in the DR region.");
  v.field("name", s.name, "Identifier base of the DR replica (the name suffix is appended).",
          {.name_base = &kRdsIdentifierBase});
  v.field("instance_class", s.instance_class,
          "Instance class of the DR replica; empty: the primary's (database.instance_class), so a promoted DR "
          "replica can take the full load.",
          {.format = &kInstanceClassOrEmpty});
  v.field("multi_az", s.multi_az, "Multi-AZ DR replica, so the promoted database survives an AZ loss too.");
}

template <class V>
void describe(V& v, ParametersSpec& s) {
  v.field("max_connections", s.max_connections, "max_connections of the parameter group.",
          {.range = within(1, 262143, "PostgreSQL caps max_connections at 262143")});
  v.field("statement_timeout_ms", s.statement_timeout_ms, "statement_timeout in ms (0 = off).",
          {.range = within(0, kMaxTimeoutMs, "0 turns the timeout off")});
  v.field("idle_in_transaction_session_timeout_ms", s.idle_in_transaction_session_timeout_ms,
          "idle_in_transaction_session_timeout in ms (0 = off).",
          {.range = within(0, kMaxTimeoutMs, "0 turns the timeout off")});
  v.field("lock_timeout_ms", s.lock_timeout_ms, "lock_timeout in ms (0 = off).",
          {.range = within(0, kMaxTimeoutMs, "0 turns the timeout off")});
  v.field("log_min_duration_statement_ms", s.log_min_duration_statement_ms,
          "log_min_duration_statement in ms (-1 = off).",
          {.range = within(-1, kMaxTimeoutMs, "-1 turns slow-statement logging off")});
  v.field("extra", s.extra, "Further parameters, name to value, applied verbatim.");
}

template <class V>
void describe(V& v, DatabaseSpec& s) {
  v.field("engine_version", s.engine_version,
          "PostgreSQL engine version: the major alone (RDS creates its current minor) or major.minor (pinned; "
          "emitted only with auto_minor_version_upgrade off, else the major is).",
          {.format = &kEngineVersion});
  v.field("instance_class", s.instance_class, "Instance class of the primary and the in-region replicas.",
          {.format = &kInstanceClass});
  v.field("multi_az", s.multi_az, "Multi-AZ primary with automatic failover.");
  v.field("storage_type", s.storage_type, "Storage type.");
  v.field("allocated_storage", s.allocated_storage, "Storage at creation, GiB.",
          {.range = within(20, kMaxStorage, "RDS for PostgreSQL takes 20 GiB to 64 TiB")});
  v.field("max_allocated_storage", s.max_allocated_storage,
          "Storage autoscaling ceiling in GiB (0 = off); at least 110% of allocated_storage.",
          {.range = within(0, kMaxStorage,
                           "0 turns storage autoscaling off, and RDS for PostgreSQL stores at most "
                           "64 TiB")});
  v.field("iops", s.iops, "Provisioned IOPS (0 = storage type default); required for io1/io2.",
          {.range = Range{
               .minimum = 0, .why = "use 0 for the storage type default", .message = "{value} is negative; {why}."}});
  v.field("port", s.port, "Database port.",
          {.range = within(1150, 65535, "RDS for PostgreSQL listens on ports 1150 to 65535")});
  v.field("db_name", s.db_name, "Database created at launch.",
          {.format = &kDatabaseName, .reserved = &kReservedDatabaseNames});
  v.field("master_username", s.master_username, "Master user name.",
          {.format = &kMasterUserName, .reserved = &kReservedUserNames});
  v.field("password_source", s.password_source,
          "Master password source: random (random_password), ephemeral (never in state, Terraform >= 1.11), "
          "rds_managed (manage_master_user_password; no replicas).");
  v.field("password_length", s.password_length, "Length of the generated master password.",
          {.range = within(8, 128, "RDS for PostgreSQL accepts master passwords of 8 to 128 characters")});
  v.field("password_version", s.password_version,
          "ephemeral passwords: version of the write-only password; raise it to rotate (the DB and the secret "
          "get a new password in the same apply).",
          {.range = Range{.minimum = 1,
                          .why = "Terraform writes a write-only value again only when its version changes",
                          .message = "{value} is below 1; {why}."}});
  v.field("kms_mode", s.kms_mode,
          "customer_managed: a multi-Region KMS key and its DR replica key; aws_managed: the aws/rds keys.");
  v.field("kms_deletion_window_days", s.kms_deletion_window_days, "KMS key deletion waiting period, days.",
          {.range = within(7, 30, "KMS waits 7 to 30 days before deleting a key")});
  v.field("replicas", s.replicas, "In-region read replicas; at least two distinct AZs.",
          {.max_items = MaxItems{kMaxReplicas, "{count} read replicas exceed the {maximum} RDS allows per source."}});
  v.field("replica_max_allocated_storage", s.replica_max_allocated_storage,
          "Storage autoscaling ceiling of every replica in GiB (0 = off).",
          {.range = within(0, kMaxStorage,
                           "0 turns storage autoscaling off, and RDS for PostgreSQL stores at most "
                           "64 TiB")});
  v.field("replica_backup_retention_days", s.replica_backup_retention_days,
          "Automated backup retention of every in-region replica, days (0 = off; RDS for PostgreSQL 14.1+ keeps "
          "replica backups, without point-in-time recovery until a replica is promoted).",
          {.range = within(0, 35, "RDS keeps automated backups 1 to 35 days, and 0 turns them off")});
  v.field("dr_replica", s.dr_replica, "The cross-region DR read replica.");
  v.field("automated_backups_replication", s.automated_backups_replication,
          "Replicate automated backups to the DR region (point-in-time recovery there).");
  v.field("parameters", s.parameters, "DB parameter group settings (rds.force_ssl = 1 is always set).");
  v.field("backup_retention_days", s.backup_retention_days, "Automated backup retention, days.",
          {.range = within(1, 35,
                           "RDS keeps automated backups (point-in-time recovery) 1 to 35 days, and replicas need "
                           "them on")});
  v.field("backup_window", s.backup_window, "Daily backup window, UTC, hh24:mi-hh24:mi, at least 30 minutes.",
          {.format = &kDailyWindow});
  v.field("maintenance_window", s.maintenance_window,
          "The primary's weekly maintenance window, UTC, ddd:hh24:mi-ddd:hh24:mi; must not overlap the backup "
          "window.",
          {.format = &kWeeklyWindow});
  v.field("maintenance_stagger_minutes", s.maintenance_stagger_minutes,
          "Minutes between the start of one instance's maintenance window and the next (primary, readers in spec "
          "order, DR replica); every window must miss the backup window (0 = all share maintenance_window).",
          {.range = within(0, 1440, "0 shares one window and one day is the widest stagger")});
  v.field("deletion_protection", s.deletion_protection, "Refuse deletion of the DB instances.");
  v.field("skip_final_snapshot", s.skip_final_snapshot, "Skip the final snapshot on destroy.");
  v.field("copy_tags_to_snapshot", s.copy_tags_to_snapshot, "Copy tags to snapshots.");
  v.field("auto_minor_version_upgrade", s.auto_minor_version_upgrade,
          "Let AWS apply minor versions in the maintenance window (off: a pinned minor stays until RDS retires "
          "it and upgrades it anyway; rdha check warns).");
  v.field("apply_immediately", s.apply_immediately, "Apply modifications now instead of in the maintenance window.");
  v.field("ca_cert_identifier", s.ca_cert_identifier, "Certificate authority of the server certificate.",
          {.one_of = OneOf{.names = kCaCertificates,
                           .message = "{value} is not a current RDS certificate authority; use one of {choices}."}});
  v.field("cloudwatch_logs_exports", s.cloudwatch_logs_exports, "Logs exported to CloudWatch Logs.",
          {.one_of = OneOf{.names = kLogExports, .message = "{value} is not a PostgreSQL log type; use {choices}."},
           .unique = true});
  v.field("log_retention_days", s.log_retention_days,
          "Retention of the stack's log group of each exported log (/aws/rds/instance/<identifier>/<log type>), "
          "days.",
          {.one_of = OneOf{.numbers = kLogRetentionDays,
                           .message = "{value} is not a CloudWatch Logs retention; use one of {choices} (days; the "
                                      "stack's log groups always expire)."}});
}

template <class V>
void describe(V& v, AlarmsSpec& s) {
  constexpr Range percentage{.exclusive_minimum = 0,
                             .maximum = 100,
                             .why = "a percentage",
                             .message = "{value} is not a percentage in (0, 100]."};
  v.field("cpu_percent", s.cpu_percent, "CPUUtilization alarm threshold, percent.", {.range = percentage});
  v.field("connections_percent", s.connections_percent,
          "DatabaseConnections alarm threshold, percent of max_connections.", {.range = percentage});
  v.field("free_storage_bytes", s.free_storage_bytes, "FreeStorageSpace alarm threshold, bytes.",
          {.range = Range{.exclusive_minimum = 0, .message = "{value} must be above 0 bytes."}});
  v.field("freeable_memory_bytes", s.freeable_memory_bytes, "FreeableMemory alarm threshold, bytes.",
          {.range = Range{.exclusive_minimum = 0, .message = "{value} must be above 0 bytes."}});
  v.field("replica_lag_seconds", s.replica_lag_seconds,
          "ReplicaLag alarm threshold, seconds; at least 360 (an idle PostgreSQL source makes replicas report up to "
          "300 s).",
          {.range = Range{.minimum = kMinReplicaLagThresholdSeconds,
                          .why = "with no writes on the source a PostgreSQL replica reports up to 300 s of lag until "
                                 "the WAL segment switches, so a lower threshold pages on an idle database",
                          .message = "{value} is below {minimum} seconds; {why}."}});
  v.field("evaluation_periods", s.evaluation_periods, "Breaching periods before an alarm fires.",
          {.range = Range{.minimum = 1, .message = "{value} must be at least 1."}});
  v.field("period_seconds", s.period_seconds,
          "Metric period in seconds, a multiple of 60 (RDS publishes metrics every minute).",
          {.range = Range{.minimum = kAlarmPeriodSeconds,
                          .multiple_of = kAlarmPeriodSeconds,
                          .why = "RDS publishes its metrics every 60 seconds",
                          .message = "{value} is not a positive multiple of {multiple_of}; {why}."}});
  v.field("notify_on_ok", s.notify_on_ok, "Notify when an alarm returns to OK.");
}

template <class V>
void describe(V& v, NotificationEndpoint& s) {
  v.field("protocol", s.protocol, "SNS protocol.",
          {.one_of = OneOf{.names = kNotificationProtocols}, .required = true});
  v.field("endpoint", s.endpoint, "https URL, SQS queue or Lambda function ARN, or E.164 phone number.",
          {.required = true});
}

template <class V>
void describe(V& v, PerRegionEndpoints& s) {
  v.field("primary", s.primary, "Subscribers of the primary region's alarm topic.");
  v.field("dr", s.dr,
          "Subscribers of the DR region's alarm topic; an SQS queue or Lambda function of the primary region is "
          "unreachable when that region fails.");
}

template <class V>
void describe(V& v, MonitoringSpec& s) {
  v.field("monitoring_interval", s.monitoring_interval, "Enhanced Monitoring interval, seconds (0 = off).",
          {.one_of = OneOf{.numbers = kMonitoringIntervals,
                           .message = "{value} is not one of {choices} (seconds; 0 turns Enhanced Monitoring off)."}});
  v.field("performance_insights_enabled", s.performance_insights_enabled, "Performance Insights on.");
  v.field("performance_insights_retention_period", s.performance_insights_retention_period,
          "Performance Insights retention, days: 7, 31 x n (n <= 23) or 731.",
          {.range = Range{.minimum = kPiMonthDays,
                          .maximum = kPiMonthDays * kPiMaxMonths,
                          .multiple_of = kPiMonthDays,
                          .or_values = kPiFreeAndLongRetentions,
                          .why = "7 days are free, longer retention is paid by the month (31 days) up to 23 months, "
                                 "or 731 days",
                          .message = "{value} is not a Performance Insights retention: use 7 (free tier), "
                                     "{multiple_of} x n days for n months up to 23 ({maximum}), or 731."}});
  v.field("alarms", s.alarms, "CloudWatch alarm thresholds.");
  v.field("notification_emails", s.notification_emails,
          "Email subscribers of both regions' alarm topics; each address receives nothing until it confirms the "
          "subscription.",
          {.format = &kEmail, .unique = true});
  v.field("notification_endpoints", s.notification_endpoints, "Other subscribers of each region's alarm topic.");
}

template <class V>
void describe(V& v, PerRegionIds& s) {
  v.field("primary", s.primary, "In the primary region.", {.format = &kSecurityGroupId, .unique = true});
  v.field("dr", s.dr, "In the DR region.", {.format = &kSecurityGroupId, .unique = true});
}

template <class V>
void describe(V& v, PerRegionCidrs& s) {
  v.field("primary", s.primary, "Inside the primary region's VPC.", {.format = &kSubnetCidr, .unique = true});
  v.field("dr", s.dr, "Inside the DR region's VPC.", {.format = &kSubnetCidr, .unique = true});
}

template <class V>
void describe(V& v, SecuritySpec& s) {
  v.field("create_app_security_groups", s.create_app_security_groups,
          "Create an application-tier security group per region allowed to reach the database.");
  v.field("existing_app_security_group_ids", s.existing_app_security_group_ids,
          "Existing application-tier security groups also allowed to reach the database.");
  v.field("terraform_principals", s.terraform_principals,
          "IAM principal ARNs allowed to assume the Terraform-execution role (empty = the account root).",
          {.format = &kPrincipalArn, .unique = true});
  v.field("cross_region_app_cidrs", s.cross_region_app_cidrs,
          "Application subnets of each region that the other region's database admits on the database port (a "
          "security group cannot reference a group in another region); empty: the region's private subnets.");
}

template <class V>
void describe(V& v, FailoverSpec& s) {
  v.field("enabled", s.enabled,
          "Stable DNS names (writer./reader.<zone_name>) and the failover automation document in the DR region.");
  v.field("zone_name", s.zone_name,
          "Route 53 private hosted zone on both VPCs (no name suffix: the zone is visible only in the stack's VPCs).",
          {.format = &kZoneName, .reserved = &kAmazonDomains});
  v.field("record_ttl", s.record_ttl, "TTL of the writer and reader records, seconds.",
          {.range = within(5, 30,
                           "clients must follow a promoted writer within 30 s, and below 5 s only adds resolver load "
                           "(RDS's own endpoints use 5 s)")});
  v.field("automatic", s.automatic,
          "Start the failover automation when DR replication has stalled (ReplicaLag at least "
          "trigger_lag_seconds, -1 or missing) for trigger_periods minutes (off: a promotion is irreversible and a "
          "partition between the regions looks like a region loss).");
  v.field("trigger_periods", s.trigger_periods,
          "Consecutive 1-minute periods of stalled DR replication before the automatic trigger fires.",
          {.range = within(3, 60,
                           "fewer than 3 minutes fires on short replication stalls; more than an hour is no longer "
                           "automatic")});
  v.field("trigger_lag_seconds", s.trigger_lag_seconds,
          "A DR ReplicaLag at least this many seconds counts as stalled replication for the automatic trigger "
          "(once the primary region is gone the lag grows one second per second).",
          {.range = within(360, 3600,
                           "an idle source reports up to 300 s of lag until its WAL segment switches, plus "
                           "publishing delay; more than an hour is no longer automatic")});
  v.field("max_data_loss_seconds", s.max_data_loss_seconds,
          "The automatic trigger promotes without approval only when the estimated data loss is at most this "
          "(seconds); otherwise, and on every manual run, the automation pages and waits for approval.",
          {.range = within(0, 3600, "the data loss the automatic trigger may accept without a person, in seconds")});
  v.field("state", s.state,
          "normal, or dr_promoted after a region failover: the promoted DR instance is the writer and the lost "
          "region's databases leave the configuration (plan with -refresh=false while that region is down).");
}

// S3 backend arguments: "Backend Type: s3" (Terraform documentation,
// https://developer.hashicorp.com/terraform/language/backend/s3): use_lockfile is generally
// available from Terraform 1.11 (experimental in 1.10); dynamodb_table is deprecated from 1.11.
template <class V>
void describe(V& v, StateSpec& s) {
  v.field("enabled", s.enabled,
          "Emit the backend \"s3\" block (off: local state). Turn it on once rdha bootstrap has created the bucket "
          "and its outputs are copied below.");
  v.field("account_id", s.account_id,
          "The 12-digit AWS account that owns the state bucket; the bucket name must contain it (bucket names are "
          "global across all accounts).",
          {.format = &kAccountIdOrEmpty});
  v.field("bucket", s.bucket,
          "State bucket, created by rdha bootstrap: 3 to 55 characters under S3's bucket naming rules (its replica "
          "<bucket>-replica must fit 63) and containing account_id.");
  v.field("key", s.key,
          "Object key of the state: S3's safe characters (letters, digits, ! - _ . * ' ( ) /), no leading \"/\".");
  v.field("region", s.region, "Region of the state bucket, one of the stack's two regions; empty: regions.primary.name.",
          {.format = &kRegionNameOrEmpty});
  v.field("kms_key_id", s.kms_key_id,
          "ARN of the bucket's KMS key (rdha bootstrap's kms_key_arn output), in the bucket's region and account; "
          "required when enabled.",
          {.format = &kKmsKeyArnOrEmpty});
  v.field("locking", s.locking,
          "lockfile: S3 lock files (use_lockfile; raises required_version to >= 1.11). dynamodb: a DynamoDB lock "
          "table, only for Terraform before 1.11 (its arguments are deprecated from 1.11).");
  v.field("dynamodb_table", s.dynamodb_table,
          "The lock table with locking = dynamodb (rdha bootstrap creates it as a global table); empty otherwise.",
          {.format = &kDynamoDbTableNameOrEmpty});
  v.field("policy_arn", s.policy_arn,
          "ARN of rdha bootstrap's managed policy (its policy_arn output); the stack attaches it to the Terraform "
          "execution role. Empty: no attachment.",
          {.format = &kIamPolicyArnOrEmpty});
  v.field("execution_role_name", s.execution_role_name,
          "The role policy_arn is attached to; empty: the stack's own Terraform-execution role.",
          {.format = &kIamRoleNameOrEmpty});
}

// OIDC trust: "Configuring OpenID Connect in Amazon Web Services" (GitHub Docs,
// https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services);
// "Configure OpenID Connect in AWS to retrieve temporary credentials" (GitLab Docs,
// https://docs.gitlab.com/ci/cloud_services/aws/); "Create an OpenID Connect (OIDC) identity
// provider in IAM" (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_oidc.html).
template <class V>
void describe(V& v, PipelineSpec& s) {
  v.field("enabled", s.enabled,
          "Trust the CI's OIDC identities of repository/branch/environment in the Terraform-execution role and let "
          "rdha pipeline write the CI definition. Needs state.enabled; refuses database.password_source \"random\" "
          "(the saved plan passed between jobs would contain the password).");
  v.field("ci", s.ci, "github (GitHub Actions) or gitlab (GitLab CI/CD); rdha pipeline --ci overrides it.");
  v.field("repository", s.repository,
          "The repository whose jobs may assume the role: \"owner/name\" on GitHub, \"group[/subgroup]/project\" "
          "on GitLab; no wildcards (another repository could then assume it). Required when enabled.");
  v.field("branch", s.branch,
          "The branch whose pushes plan and apply (the sub of the plan and drift jobs); a git branch name, no "
          "wildcards.");
  v.field("environment", s.environment,
          "The environment the apply job runs in: on GitHub its required reviewers are the manual approval (and its "
          "deployment branch rule should allow only branch); on GitLab the apply job's environment.");
  v.field("oidc_provider_arn", s.oidc_provider_arn,
          "ARN of an existing IAM OIDC provider for the CI's issuer (an account has one per issuer URL; a second "
          "fails with EntityAlreadyExists). Empty: the stack creates aws_iam_openid_connect_provider.",
          {.format = &kOidcProviderArnOrEmpty});
  v.field("gitlab_url", s.gitlab_url,
          "With ci = gitlab: the GitLab instance, the OIDC issuer and the audience of the ID token "
          "(https://gitlab.com, or a self-managed instance's URL).",
          {.format = &kHttpsUrl});
  v.field("drift_schedule", s.drift_schedule,
          "Cron schedule (5 fields: minute hour day-of-month month day-of-week, UTC) of the drift plan.");
  v.field("install_command", s.install_command,
          "The shell command a CI job installs rdha with; it must install the rdha that synthesised terraform_out/ "
          "(the job checks the committed output is fresh).");
}

template <class V>
void describe(V& v, WaiverSpec& s) {
  // Not a format: rdha check refuses an unknown ID itself, naming the nearest rules.
  v.field("rule", s.rule,
          "The ID of the rule whose findings are accepted (RDHA-DR-001); rdha check refuses an ID that is not one of "
          "its rules, naming the nearest.",
          {.required = true});
  v.field("address", s.address,
          "The address of the findings: exact (aws_db_instance.primary), a glob where * matches any run of "
          "characters (aws_cloudwatch_metric_alarm.*), or empty for every address.");
  v.field("reason", s.reason, "Why the findings are accepted; echoed with each of them in every report format.",
          {.format = &kReasonText, .required = true});
}

template <class V>
void describe(V& v, CheckSpec& s) {
  v.field("waivers", s.waivers,
          "Accepted findings: reported as waived with their reason, never failing rdha check; a waiver that matches "
          "no finding is reported as a warning.");
}

// Restoring from a snapshot: "Restoring to a DB instance" (Amazon RDS User Guide,
// https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_RestoreFromSnapshot.html); the
// copy that encrypts: "CopyDBSnapshot" (KmsKeyId: "If you copy an unencrypted snapshot and
// specify a value for the KmsKeyId parameter, Amazon RDS encrypts the target DB snapshot",
// https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CopyDBSnapshot.html).
// AWS DMS: "Using a PostgreSQL database as an AWS DMS source"
// (https://docs.aws.amazon.com/dms/latest/userguide/CHAP_Source.PostgreSQL.html, the DMS
// version each PostgreSQL major needs and the CDC prerequisites), "CreateReplicationInstance"
// (https://docs.aws.amazon.com/dms/latest/APIReference/API_CreateReplicationInstance.html),
// "Using SSL with AWS Database Migration Service"
// (https://docs.aws.amazon.com/dms/latest/userguide/CHAP_Security.SSL.html).
template <class V>
void describe(V& v, DmsSpec& s) {
  v.field("engine_version", s.engine_version,
          "DMS engine version of the replication instance, pinned (auto minor upgrades are off); at least the "
          "version the larger of the source's and the stack's PostgreSQL majors needs (3.6.1 for 17).",
          {.format = &kDmsEngineVersion});
  v.field("instance_class", s.instance_class, "Replication instance class.", {.format = &kDmsInstanceClass});
  v.field("allocated_storage_gib", s.allocated_storage_gib,
          "Replication instance storage, GiB (task logs and changes cached during the full load).",
          {.range = within(5, 6144, "DMS replication instance storage is 5 to 6144 GiB")});
  v.field("multi_az", s.multi_az, "A standby replication instance in another Availability Zone.");
  v.field("validation", s.validation,
          "The task validates the migrated rows against the source (rdha check warns without it).");
  v.field("ssl_mode", s.ssl_mode,
          "TLS of both DMS endpoints: require, or verify_full (DMS's verify-full; needs certificate_arn). Unencrypted is not "
          "offered: rds.force_ssl is on in the stack.");
  v.field("certificate_arn", s.certificate_arn, "DMS certificate (the RDS CA bundle imported into DMS) for verify_full.",
          {.format = &kDmsCertificateArnOrEmpty});
  v.field("lob_max_size_kb", s.lob_max_size_kb,
          "Limited LOB mode's largest LOB, KB (the task fails instead of truncating a larger one); 0: full LOB "
          "mode (slower).",
          {.range = within(0, 102400, "LobMaxSize is 0 (full LOB mode) to 102400 KB")});
  v.field("create_service_roles", s.create_service_roles,
          "Create the account's dms-vpc-role and dms-cloudwatch-logs-role (DMS finds them by these names, once per "
          "account); off: the stack expects them to exist.");
  v.field("max_cutover_latency_seconds", s.max_cutover_latency_seconds,
          "CDC latency (source and target) under which rdha migrate's runbook starts the write freeze.",
          {.range = within(1, 3600, "at least 1 second, at most an hour")});
}

template <class V>
void describe(V& v, MigrationSpec& s) {
  v.field("enabled", s.enabled,
          "Start the primary from the data of an existing RDS for PostgreSQL instance (off: an empty database). "
          "The source fields below are required when enabled.");
  v.field("method", s.method,
          "snapshot: the source's final snapshot is copied, encrypted with the stack's primary key, and the primary "
          "restored from the copy (downtime: final snapshot + copy + upgrade + restore). replication: AWS DMS "
          "copies the source into the new primary and keeps it in sync (full load + change data capture) until "
          "the cutover (downtime: the write freeze and the switch).");
  v.field("phase", s.phase,
          "snapshot: copy (the apply creates the encrypted copy; rdha migrate targets it), restore (the primary is "
          "restored from the copy), done (the primary no longer names the copy; the instance stays). replication: "
          "replicate (DMS, the network path to the source and the source's CDC parameter group), done (DMS and the "
          "network path leave). Advance it as rdha migrate says.");
  v.field("source_identifier", s.source_identifier, "DB instance identifier of the source.",
          {.format = &kRdsIdentifierOrEmpty});
  v.field("region", s.region, "Region of the source; both methods need regions.primary.name.",
          {.format = &kRegionNameOrEmpty});
  v.field("vpc_id", s.vpc_id, "VPC of the source.", {.format = &kVpcIdOrEmpty});
  v.field("vpc_cidr", s.vpc_cidr,
          "CIDR block of the source's VPC; must not overlap regions.primary.vpc_cidr or regions.dr.vpc_cidr.",
          {.format = &kCidrOrEmpty});
  v.field("security_group_id", s.security_group_id,
          "Security group of the source; replication adds one ingress rule to it (from the replication "
          "instance only).",
          {.format = &kSecurityGroupIdOrEmpty});
  v.field("engine_version", s.engine_version,
          "PostgreSQL version of the source (\"13.15\", or the major \"13\"); at most database.engine_version's "
          "major; snapshot: with an upgrade path to it in the snapshot upgrade table.",
          {.format = &kEngineVersionOrEmpty});
  v.field("encrypted", s.encrypted,
          "The source's storage is encrypted. Either way the copy is encrypted with the stack's primary key.");
  v.field("size_gib", s.size_gib, "Allocated storage of the source, GiB: the downtime estimate of rdha migrate. At most "
          "database.allocated_storage: the primary restored from the snapshot needs the snapshot's storage.",
          {.range = within(0, kMaxStorage, "RDS storage is at most 65536 GiB; 0 only while migration is off")});
  v.field("source_snapshot_identifier", s.source_snapshot_identifier,
          "The source's final manual snapshot (in the source's region); empty: the name rdha migrate's runbook "
          "gives it, migration-source<name_suffix>.",
          {.format = &kDbSnapshotIdentifierOrEmpty});
  v.field("source_route_table_ids", s.source_route_table_ids,
          "replication: the route tables of the source's subnets; each gets a route to the stack's VPC over the "
          "peering (a separate aws_route: the tables themselves are not managed).",
          {.format = &kRouteTableId, .unique = true});
  v.field("source_secret_arn", s.source_secret_arn,
          "replication: Secrets Manager secret in the source's region with the source's host, port, username and "
          "password (the keys DMS reads).",
          {.format = &kSecretsManagerSecretArnOrEmpty});
  v.field("source_secret_kms_key_arn", s.source_secret_kms_key_arn,
          "replication: the customer managed KMS key of source_secret_arn; empty: the secret uses "
          "aws/secretsmanager.",
          {.format = &kKmsKeyArnOrEmpty});
  v.field("database_name", s.database_name, "replication: the source database DMS copies into database.db_name.",
          {.format = &kDatabaseNameOrEmpty});
  v.field("source_port", s.source_port,
          "replication: the source's PostgreSQL port; the rule added to the source's security group admits the "
          "replication instance on it.",
          {.range = within(1150, 65535, "RDS for PostgreSQL ports are 1150 to 65535")});
  v.field("source_parameters", s.source_parameters,
          "replication: extra parameters of the source's CDC parameter group (rds.logical_replication = 1 is "
          "always set), e.g. max_replication_slots.");
  v.field("dms", s.dms, "replication: the DMS replication instance and task.");
}

template <class V>
void describe(V& v, HaStackSpec& s) {
  v.field("name_suffix", s.name_suffix, "Appended to every generated name.");
  v.field("tags", s.tags, "Tags on every resource.");
  v.field("regions", s.regions, "The primary and DR regions and their networks.");
  v.field("database", s.database, "RDS for PostgreSQL: primary, replicas, backups, maintenance.");
  v.field("monitoring", s.monitoring, "Enhanced Monitoring, Performance Insights and alarms.");
  v.field("security", s.security, "Application-tier access and IAM.");
  v.field("failover", s.failover, "Automated disaster recovery: stable DNS names, failover automation, trigger.");
  v.field("state", s.state, "Remote state in S3, created by rdha bootstrap (off by default: local state).");
  v.field("pipeline", s.pipeline, "CI pipeline and the OIDC trust of its jobs (off by default).");
  v.field("check", s.check, "rdha check: waivers of its findings (none by default).");
  v.field("migration", s.migration,
          "The existing database whose data the primary starts from, and the phase of its move (off by default).");
}

// ---- walks of the table ---------------------------------------------------------------------

template <class T>
nlohmann::json encode(const T& value);

/// @brief The table visitor behind encode(): each field under its key.
struct FieldEncoder {
  nlohmann::json& out;
  template <class M>
  void field(std::string_view key, M& member, std::string_view, const Constraints& = {}) {
    out[std::string(key)] = encode(member);
  }
};

/// @brief A spec value as JSON: structs field by field under their keys, enums by name,
///        lists item by item, scalars and maps as they are.
template <class T>
nlohmann::json encode(const T& value) {
  if constexpr (kIsSpecStruct<T>) {
    nlohmann::json out = nlohmann::json::object();
    FieldEncoder encoder{out};
    describe(encoder, const_cast<T&>(value));  // the encoder only reads
    return out;
  } else if constexpr (std::is_enum_v<T>) {
    return std::string(enum_name(value));
  } else if constexpr (IsList<T>::value) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& item : value) out.push_back(encode(item));
    return out;
  } else {
    return nlohmann::json(value);
  }
}

}  // namespace rdha::stack::fields
