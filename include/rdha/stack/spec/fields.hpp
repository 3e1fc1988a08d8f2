// Private: the field table of HaStackSpec, shared by JSON output, JSON input and the JSON
// Schema so the three can never disagree on a key. Each `describe(visitor, struct)` lists
// the struct's fields in JSON order with a description and schema constraints; visitors
// implement `field(key, member, description, rule)`. The limits validate() enforces are
// constants here, used by the schema as well.
#pragma once

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "rdha/stack/spec.hpp"

namespace rdha::stack::detail {

// ---- limits shared by validate() and the schema --------------------------------------------

inline constexpr std::array<int, 7> kMonitoringIntervals = {0, 1, 5, 10, 15, 30, 60};
inline constexpr int kPiFreeRetention = 7;
inline constexpr int kPiMonthDays = 31;
inline constexpr int kPiMaxMonths = 23;
inline constexpr int kPiLongRetention = 731;
inline constexpr std::array<std::string_view, 3> kCaCertificates = {"rds-ca-rsa2048-g1", "rds-ca-rsa4096-g1",
                                                                    "rds-ca-ecc384-g1"};
inline constexpr std::array<std::string_view, 3> kLogExports = {"postgresql", "upgrade", "iam-db-auth-error"};
inline constexpr std::array<std::string_view, 4> kNotificationProtocols = {"https", "sqs", "lambda", "sms"};
inline constexpr int kMinRetentionDays = 1, kMaxRetentionDays = 35;
inline constexpr int kMinPasswordLength = 8, kMaxPasswordLength = 128;
inline constexpr int kMinPort = 1150, kMaxPort = 65535;
inline constexpr int kMinKmsWindow = 7, kMaxKmsWindow = 30;
inline constexpr int kMinStorage = 20, kMaxStorage = 65536;
inline constexpr int kMinVpcPrefix = 16, kMaxVpcPrefix = 28;
inline constexpr int kMinWindowMinutes = 30;
inline constexpr int kMaxReplicas = 15;  // read replicas per source, cross-region included
inline constexpr int kMaxConnections = 262143;
inline constexpr std::int64_t kMaxTimeoutMs = 2147483647;
inline constexpr int kMaxAlarmSeconds = 86400;                         // evaluation_periods x period_seconds
inline constexpr int kAlarmPeriodStep = 60;                            // RDS metrics are published once a minute
inline constexpr int kMinRecordTtl = 5, kMaxRecordTtl = 30;            // failover DNS records, seconds
inline constexpr int kMinTriggerPeriods = 3, kMaxTriggerPeriods = 60;  // automatic failover trigger, minutes
inline constexpr int kMaxFailoverLagSeconds = 3600;                    // automation's data-loss guard
inline constexpr std::size_t kMaxZoneNameLength = 240;  // 253 minus "writer." and the final dot, with room

// ---- enum names ----------------------------------------------------------------------------

template <class E>
struct EnumNames;
template <>
struct EnumNames<PasswordSource> {
  static constexpr std::array<std::string_view, 3> names = {"random", "ephemeral", "rds_managed"};
};
template <>
struct EnumNames<KmsMode> {
  static constexpr std::array<std::string_view, 2> names = {"customer_managed", "aws_managed"};
};
template <>
struct EnumNames<StorageType> {
  static constexpr std::array<std::string_view, 4> names = {"gp2", "gp3", "io1", "io2"};
};

template <class E>
std::string_view enum_name(E value) noexcept {
  const auto i = static_cast<std::size_t>(value);
  return i < EnumNames<E>::names.size() ? EnumNames<E>::names[i] : std::string_view{"?"};
}

template <class Container>
nlohmann::json json_array(const Container& values) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& v : values) out.push_back(v);
  return out;
}

// `path.key`, or `path["key"]` when the key is not a plain word (map keys like "rds.force_ssl").
inline std::string child_path(const std::string& path, std::string_view key) {
  const bool plain = !key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
  const std::string part = plain ? std::string(key) : fmt::format("[{}]", nlohmann::json(std::string(key)).dump());
  if (path.empty()) return part;
  return plain ? fmt::format("{}.{}", path, part) : path + part;
}

// ---- field table ---------------------------------------------------------------------------

/// Schema constraints of one field (merged into its property schema) and whether the key
/// is required (only inside array items, which have no default to merge over).
struct Rule {
  nlohmann::json schema = nlohmann::json::object();
  bool required = false;
};

template <class T>
inline constexpr bool kIsSpecStruct =
    std::is_same_v<T, RegionSpec> || std::is_same_v<T, NetworkSpec> || std::is_same_v<T, ReplicaSpec> ||
    std::is_same_v<T, DrReplicaSpec> || std::is_same_v<T, ParametersSpec> || std::is_same_v<T, DatabaseSpec> ||
    std::is_same_v<T, AlarmsSpec> || std::is_same_v<T, NotificationEndpoint> || std::is_same_v<T, MonitoringSpec> ||
    std::is_same_v<T, PerRegionIds> || std::is_same_v<T, SecuritySpec> || std::is_same_v<T, FailoverSpec> ||
    std::is_same_v<T, HaStackSpec>;

inline nlohmann::json range(std::int64_t minimum, std::int64_t maximum) {
  return {{"minimum", minimum}, {"maximum", maximum}};
}

inline const char* const kCidrPattern = R"(^[0-9]{1,3}(\.[0-9]{1,3}){3}/[0-9]{1,2}$)";
inline const char* const kRdsIdentifierPattern = "^[a-z](-?[a-z0-9])*$";

template <class V>
void describe(V& v, RegionSpec& s) {
  v.field("name", s.name, "AWS region, e.g. us-east-1.", {.schema = {{"pattern", "^[a-z]{2}(-[a-z]+)+-[0-9]+$"}}});
  v.field("vpc_cidr", s.vpc_cidr, "VPC CIDR block (/16 to /28); disjoint from the other region's VPC.",
          {.schema = {{"pattern", kCidrPattern}}});
  v.field("azs", s.azs, "Availability zones (region name + one letter), at least two.",
          {.schema = {{"minItems", 2}, {"uniqueItems", true}, {"items", {{"pattern", "^[a-z0-9-]+[a-z]$"}}}}});
  v.field("public_subnets", s.public_subnets, "Public subnet CIDRs, one per AZ in the order of azs.",
          {.schema = {{"items", {{"pattern", kCidrPattern}}}}});
  v.field("private_subnets", s.private_subnets,
          "Private subnet CIDRs, one per AZ in the order of azs; the DB subnet group.",
          {.schema = {{"items", {{"pattern", kCidrPattern}}}}});
}

template <class V>
void describe(V& v, NetworkSpec& s) {
  v.field("primary", s.primary, "Primary region: the Multi-AZ primary and the read replicas.");
  v.field("dr", s.dr, "Disaster-recovery region: mirrors the primary network, holds the cross-region replica.");
}

template <class V>
void describe(V& v, ReplicaSpec& s) {
  v.field("name", s.name, "Identifier base of the replica (the name suffix is appended).",
          {.schema = {{"pattern", kRdsIdentifierPattern}}, .required = true});
  v.field("az", s.az, "Availability zone of the replica; one of regions.primary.azs.", {.required = true});
}

template <class V>
void describe(V& v, DrReplicaSpec& s) {
  v.field("enabled", s.enabled, "Create the cross-region read replica in the DR region.");
  v.field("name", s.name, "Identifier base of the DR replica (the name suffix is appended).",
          {.schema = {{"pattern", kRdsIdentifierPattern}}});
  v.field("instance_class", s.instance_class, "Instance class of the DR replica.",
          {.schema = {{"pattern", R"(^db\.[a-z0-9-]+\.[a-z0-9]+$)"}}});
  v.field("multi_az", s.multi_az, "Multi-AZ DR replica, so the promoted database survives an AZ loss too.");
}

template <class V>
void describe(V& v, ParametersSpec& s) {
  v.field("max_connections", s.max_connections, "max_connections of the parameter group.",
          {.schema = range(1, kMaxConnections)});
  v.field("statement_timeout_ms", s.statement_timeout_ms, "statement_timeout in ms (0 = off).",
          {.schema = range(0, kMaxTimeoutMs)});
  v.field("idle_in_transaction_session_timeout_ms", s.idle_in_transaction_session_timeout_ms,
          "idle_in_transaction_session_timeout in ms (0 = off).", {.schema = range(0, kMaxTimeoutMs)});
  v.field("lock_timeout_ms", s.lock_timeout_ms, "lock_timeout in ms (0 = off).", {.schema = range(0, kMaxTimeoutMs)});
  v.field("log_min_duration_statement_ms", s.log_min_duration_statement_ms,
          "log_min_duration_statement in ms (-1 = off).", {.schema = range(-1, kMaxTimeoutMs)});
  v.field("extra", s.extra, "Further parameters, name to value, applied verbatim.");
}

template <class V>
void describe(V& v, DatabaseSpec& s) {
  v.field("engine_version", s.engine_version, "PostgreSQL engine version, major.minor (pinned).",
          {.schema = {{"pattern", R"(^[0-9]+\.[0-9]+$)"}}});
  v.field("instance_class", s.instance_class, "Instance class of the primary and the in-region replicas.",
          {.schema = {{"pattern", R"(^db\.[a-z0-9-]+\.[a-z0-9]+$)"}}});
  v.field("multi_az", s.multi_az, "Multi-AZ primary with automatic failover.");
  v.field("storage_type", s.storage_type, "Storage type.");
  v.field("allocated_storage", s.allocated_storage, "Storage at creation, GiB.",
          {.schema = range(kMinStorage, kMaxStorage)});
  v.field("max_allocated_storage", s.max_allocated_storage,
          "Storage autoscaling ceiling in GiB (0 = off); at least 110% of allocated_storage.",
          {.schema = range(0, kMaxStorage)});
  v.field("iops", s.iops, "Provisioned IOPS (0 = storage type default); required for io1/io2.",
          {.schema = {{"minimum", 0}}});
  v.field("port", s.port, "Database port.", {.schema = range(kMinPort, kMaxPort)});
  v.field("db_name", s.db_name, "Database created at launch.",
          {.schema = {{"pattern", "^[A-Za-z][A-Za-z0-9_]{0,62}$"}}});
  v.field("master_username", s.master_username, "Master user name.",
          {.schema = {{"pattern", "^[A-Za-z][A-Za-z0-9_]{0,62}$"}}});
  v.field("password_source", s.password_source,
          "Master password source: random (random_password), ephemeral (never in state, Terraform >= 1.11), "
          "rds_managed (manage_master_user_password; no replicas).");
  v.field("password_length", s.password_length, "Length of the generated master password.",
          {.schema = range(kMinPasswordLength, kMaxPasswordLength)});
  v.field("kms_mode", s.kms_mode,
          "customer_managed: a multi-Region KMS key and its DR replica key; aws_managed: the aws/rds keys.");
  v.field("kms_deletion_window_days", s.kms_deletion_window_days, "KMS key deletion waiting period, days.",
          {.schema = range(kMinKmsWindow, kMaxKmsWindow)});
  v.field("replicas", s.replicas, "In-region read replicas; at least two distinct AZs.",
          {.schema = {{"maxItems", kMaxReplicas}}});
  v.field("replica_max_allocated_storage", s.replica_max_allocated_storage,
          "Storage autoscaling ceiling of every replica in GiB (0 = off).", {.schema = range(0, kMaxStorage)});
  v.field("dr_replica", s.dr_replica, "The cross-region DR read replica.");
  v.field("automated_backups_replication", s.automated_backups_replication,
          "Replicate automated backups to the DR region (point-in-time recovery there).");
  v.field("parameters", s.parameters, "DB parameter group settings (rds.force_ssl = 1 is always set).");
  v.field("backup_retention_days", s.backup_retention_days, "Automated backup retention, days.",
          {.schema = range(kMinRetentionDays, kMaxRetentionDays)});
  v.field("backup_window", s.backup_window, "Daily backup window, UTC, hh24:mi-hh24:mi, at least 30 minutes.",
          {.schema = {{"pattern", "^([01][0-9]|2[0-3]):[0-5][0-9]-([01][0-9]|2[0-3]):[0-5][0-9]$"}}});
  v.field("maintenance_window", s.maintenance_window,
          "Weekly maintenance window, UTC, ddd:hh24:mi-ddd:hh24:mi; must not overlap the backup window.",
          {.schema = {{"pattern",
                       "^(mon|tue|wed|thu|fri|sat|sun):([01][0-9]|2[0-3]):[0-5][0-9]-"
                       "(mon|tue|wed|thu|fri|sat|sun):([01][0-9]|2[0-3]):[0-5][0-9]$"}}});
  v.field("deletion_protection", s.deletion_protection, "Refuse deletion of the DB instances.");
  v.field("skip_final_snapshot", s.skip_final_snapshot, "Skip the final snapshot on destroy.");
  v.field("copy_tags_to_snapshot", s.copy_tags_to_snapshot, "Copy tags to snapshots.");
  v.field("auto_minor_version_upgrade", s.auto_minor_version_upgrade,
          "Let AWS upgrade minor versions; off because engine_version pins one (upgrades would show as "
          "downgrade diffs).");
  v.field("apply_immediately", s.apply_immediately, "Apply modifications now instead of in the maintenance window.");
  v.field("ca_cert_identifier", s.ca_cert_identifier, "Certificate authority of the server certificate.",
          {.schema = {{"enum", json_array(kCaCertificates)}}});
  v.field("cloudwatch_logs_exports", s.cloudwatch_logs_exports, "Logs exported to CloudWatch Logs.",
          {.schema = {{"uniqueItems", true}, {"items", {{"enum", json_array(kLogExports)}}}}});
}

template <class V>
void describe(V& v, AlarmsSpec& s) {
  v.field("cpu_percent", s.cpu_percent, "CPUUtilization alarm threshold, percent.",
          {.schema = {{"exclusiveMinimum", 0}, {"maximum", 100}}});
  v.field("connections_percent", s.connections_percent,
          "DatabaseConnections alarm threshold, percent of max_connections.",
          {.schema = {{"exclusiveMinimum", 0}, {"maximum", 100}}});
  v.field("free_storage_bytes", s.free_storage_bytes, "FreeStorageSpace alarm threshold, bytes.",
          {.schema = {{"exclusiveMinimum", 0}}});
  v.field("freeable_memory_bytes", s.freeable_memory_bytes, "FreeableMemory alarm threshold, bytes.",
          {.schema = {{"exclusiveMinimum", 0}}});
  v.field("replica_lag_seconds", s.replica_lag_seconds, "ReplicaLag alarm threshold, seconds.",
          {.schema = {{"exclusiveMinimum", 0}}});
  v.field("evaluation_periods", s.evaluation_periods, "Breaching periods before an alarm fires.",
          {.schema = {{"minimum", 1}}});
  v.field("period_seconds", s.period_seconds,
          "Metric period in seconds, a multiple of 60 (RDS publishes metrics every minute).",
          {.schema = {{"multipleOf", kAlarmPeriodStep}, {"minimum", kAlarmPeriodStep}}});
  v.field("notify_on_ok", s.notify_on_ok, "Notify when an alarm returns to OK.");
}

template <class V>
void describe(V& v, NotificationEndpoint& s) {
  v.field("protocol", s.protocol, "SNS protocol.",
          {.schema = {{"enum", json_array(kNotificationProtocols)}}, .required = true});
  v.field("endpoint", s.endpoint, "https URL, SQS queue or Lambda function ARN, or E.164 phone number.",
          {.required = true});
}

template <class V>
void describe(V& v, MonitoringSpec& s) {
  v.field("monitoring_interval", s.monitoring_interval, "Enhanced Monitoring interval, seconds (0 = off).",
          {.schema = {{"enum", json_array(kMonitoringIntervals)}}});
  v.field("performance_insights_enabled", s.performance_insights_enabled, "Performance Insights on.");
  v.field("performance_insights_retention_period", s.performance_insights_retention_period,
          "Performance Insights retention, days: 7, 31 x n (n <= 23) or 731.",
          {.schema = {{"anyOf", nlohmann::json::array({{{"enum", {kPiFreeRetention, kPiLongRetention}}},
                                                       {{"multipleOf", kPiMonthDays},
                                                        {"minimum", kPiMonthDays},
                                                        {"maximum", kPiMonthDays * kPiMaxMonths}}})}}});
  v.field("alarms", s.alarms, "CloudWatch alarm thresholds.");
  v.field("notification_emails", s.notification_emails, "Email subscribers of the alarm topics.",
          {.schema = {{"uniqueItems", true}, {"items", {{"pattern", "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$"}}}}});
  v.field("notification_endpoints", s.notification_endpoints, "Other subscribers of the alarm topics.");
}

template <class V>
void describe(V& v, PerRegionIds& s) {
  v.field("primary", s.primary, "In the primary region.",
          {.schema = {{"items", {{"pattern", "^sg-([0-9a-f]{8}|[0-9a-f]{17})$"}}}}});
  v.field("dr", s.dr, "In the DR region.", {.schema = {{"items", {{"pattern", "^sg-([0-9a-f]{8}|[0-9a-f]{17})$"}}}}});
}

template <class V>
void describe(V& v, SecuritySpec& s) {
  v.field("create_app_security_groups", s.create_app_security_groups,
          "Create an application-tier security group per region allowed to reach the database.");
  v.field("existing_app_security_group_ids", s.existing_app_security_group_ids,
          "Existing application-tier security groups also allowed to reach the database.");
  v.field("terraform_principals", s.terraform_principals,
          "IAM principal ARNs allowed to assume the Terraform-execution role (empty = the account root).",
          {.schema = {{"items", {{"pattern", "^arn:aws[a-z-]*:(iam|sts)::[0-9]{12}:.+$"}}}}});
}

template <class V>
void describe(V& v, FailoverSpec& s) {
  v.field("enabled", s.enabled,
          "Stable DNS names (writer./reader.<zone_name>) and the failover automation document in the DR region.");
  v.field("zone_name", s.zone_name,
          "Route 53 private hosted zone on both VPCs (no name suffix: the zone is visible only in the stack's VPCs).",
          {.schema = {{"pattern", R"(^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$)"},
                      {"maxLength", kMaxZoneNameLength}}});
  v.field("record_ttl", s.record_ttl, "TTL of the writer and reader records, seconds.",
          {.schema = range(kMinRecordTtl, kMaxRecordTtl)});
  v.field("automatic", s.automatic,
          "Start the failover automation when DR replication has stopped for trigger_periods minutes (off: a "
          "promotion is irreversible and a partition between the regions looks like a region loss).");
  v.field("trigger_periods", s.trigger_periods,
          "Consecutive 1-minute periods without DR replication before the automatic trigger fires.",
          {.schema = range(kMinTriggerPeriods, kMaxTriggerPeriods)});
  v.field("max_replica_lag_seconds", s.max_replica_lag_seconds,
          "The automation refuses to promote when the DR replica's last reported lag exceeds this (seconds).",
          {.schema = range(1, kMaxFailoverLagSeconds)});
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
}

}  // namespace rdha::stack::detail
