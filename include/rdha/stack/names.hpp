// rdha/stack/names.hpp — every name the HA stack generates, and the rule each must obey.
//
// Names are `<base><name_suffix>` (see named() in spec.hpp). AWS restricts names per
// resource type (RDS identifiers: lowercase, 63 characters, no "--"; security groups may
// not start with "sg-"; ...). `Names` gives every name the stack generates: the modules
// take their names from its functions and Names::all() lists what those functions give,
// so the spec can reject a suffix or replica name that would break any of them before
// anything is built.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "rdha/stack/region_role.hpp"
#include "rdha/stack/spec.hpp"

namespace rdha::stack {

/// @brief The naming rule a generated name must follow.
enum class NameKind {
  db_instance,         ///< RDS DB instance identifier
  db_parameter_group,  ///< RDS DB parameter group name
  db_subnet_group,     ///< RDS DB subnet group name
  db_snapshot,         ///< RDS DB snapshot identifier (the final snapshot)
  security_group,      ///< EC2 security group name
  kms_alias,           ///< KMS alias ("alias/...")
  iam_role,            ///< IAM role name
  iam_policy,          ///< IAM (inline role) policy name
  sns_topic,           ///< SNS topic name
  cloudwatch_alarm,    ///< CloudWatch alarm name
  secret,              ///< Secrets Manager secret name
  log_group,           ///< CloudWatch Logs log group name
  event_subscription,  ///< RDS event subscription name
  name_tag,            ///< value of a `Name` tag
  ssm_document,        ///< SSM document name
  event_rule,          ///< EventBridge rule name
  event_target,        ///< EventBridge target ID (unique within its rule)
  dms_replication_instance,  ///< AWS DMS replication instance identifier (and its subnet group's)
  dms_identifier             ///< AWS DMS endpoint or replication task identifier
};

/// @brief Human-readable kind, e.g. "RDS DB instance identifier".
std::string_view to_string(NameKind kind) noexcept;

/// @brief The rule @p name breaks for its @p kind, as a sentence fragment ("RDS DB instance
///        identifiers are at most 63 characters"), or "" when the name is valid.
std::string name_rule_violation(NameKind kind, std::string_view name);

/// @brief One name the stack generates.
struct GeneratedName {
  NameKind kind;      ///< which rule applies
  /// the base before the suffix ("primary-db-sg"); for an instance's log group, the
  /// instance's base (the name holds base + suffix inside: "/aws/rds/instance/primary-rdha/upgrade")
  std::string base;
  std::string name;   ///< the full name ("primary-db-sg-rdha"; KMS aliases include "alias/")
  std::string field;  ///< spec field the base comes from ("database.replicas[0].name"), "" if fixed

  bool operator==(const GeneratedName&) const = default;
};

/// @brief The alarms the monitoring module puts on every DB instance (replica_lag on
///        replicas only).
enum class InstanceAlarm { cpu, connections, free_storage, freeable_memory, replica_lag };

/// @brief The alarm's word in names: "cpu", "connections", "free-storage",
///        "freeable-memory", "lag".
std::string_view to_string(InstanceAlarm alarm) noexcept;

/// @brief The alarms of a DB instance, in the order the monitoring module adds them.
std::vector<InstanceAlarm> instance_alarms(bool replica);

/// @brief The names of one DB instance: its identifier and its alarms, all from one base
///        (the primary's "primary", a replica's spec name).
class InstanceNames {
 public:
  /// @p field: the spec field the base comes from ("" when fixed).
  InstanceNames(std::string base, std::string field, std::string suffix);

  /// @brief The DB instance identifier ("replica-1-rdha"), also its Name tag.
  std::string identifier() const;
  /// @brief The alarm's name ("replica-1-lag-rdha"), also its Name tag.
  std::string alarm(InstanceAlarm alarm) const;
  /// @brief A reader's routing signal: the alarm that goes off when the replica stops
  ///        replicating, and the Name tag of the Route 53 health check on it
  ///        ("replica-1-replicating-rdha").
  std::string replicating() const;
  /// @brief The final snapshot of the instance once it is a writer ("dr-replica-final-rdha").
  std::string final_snapshot() const;
  /// @brief The log group RDS publishes the instance's @p log_type export to
  ///        ("/aws/rds/instance/replica-1-rdha/postgresql"); the name carries the suffix
  ///        through the identifier.
  std::string log_group(std::string_view log_type) const;
  /// @brief The Name tag of that log group ("replica-1-postgresql-logs-rdha"): its name is
  ///        fixed by RDS and ends in the log type, so the suffix goes on the tag.
  std::string log_group_tag(std::string_view log_type) const;
  /// @brief The base ("primary", a replica's spec name).
  const std::string& base() const noexcept { return base_; }
  /// @brief The spec field the base comes from ("database.replicas[0].name"), "" if fixed.
  const std::string& field() const noexcept { return field_; }

 private:
  std::string base_;
  std::string field_;
  std::string suffix_;
};

/// @brief The names of one region's resources: `<key>-<what><suffix>`. IAM is global, so
///        names of global resources made per region (the flow-logs role) carry the key too.
class RegionNames {
 public:
  RegionNames() = default;
  /// @p key: the region's key ("primary", "dr", or a user's own such as "eu"); the key
  /// "*" gives the pattern that matches a name in every region ("*-flow-logs-rdha").
  RegionNames(std::string key, std::string suffix, std::string parameter_group_family);

  std::string vpc() const;                  ///< Name tag "primary-vpc-rdha"
  std::string internet_gateway() const;     ///< Name tag "primary-igw-rdha"
  std::string nat_eip() const;              ///< Name tag "primary-nat-eip-rdha"
  std::string nat_gateway() const;          ///< Name tag "primary-nat-rdha"
  std::string public_route_table() const;   ///< Name tag "primary-public-rt-rdha"
  std::string private_route_table() const;  ///< Name tag "primary-private-rt-rdha"
  /// @brief Name tag of the subnet in azs[@p index]: "primary-public-1-rdha".
  std::string public_subnet(std::size_t index) const;
  /// @brief Name tag of the subnet in azs[@p index]: "primary-private-1-rdha".
  std::string private_subnet(std::size_t index) const;
  /// @brief VPC flow logs: the log group, its IAM role, the role's inline policy and the
  ///        flow log's Name tag ("primary-flow-logs-rdha").
  std::string flow_logs() const;
  std::string db_security_group() const;   ///< "primary-db-sg-rdha", also its Name tag
  std::string app_security_group() const;  ///< "primary-app-sg-rdha", also its Name tag
  /// @brief Name tag of the VPC's default security group "primary-default-sg-rdha" (its
  ///        name is AWS's "default").
  std::string default_security_group() const;
  std::string db_subnet_group() const;     ///< "primary-db-subnets-rdha", also its Name tag
  /// @brief "primary-postgres17-3f2a-rdha": the family and a short hash of the arguments
  ///        that force a new group (family, description), so a replacement, which
  ///        create_before_destroy creates before the old group goes, never takes the name
  ///        still in use. The hash is FNV-1a (32 bit) of "<family>\n<description>", low 16
  ///        bits as four hex digits.
  std::string parameter_group() const;
  /// @brief The parameter group's description; changing it replaces the group, and the
  ///        name follows it.
  std::string parameter_group_description() const;
  std::string kms_key() const;             ///< Name tag of the region's KMS key "primary-kms-rdha"
  std::string alarm_topic() const;         ///< SNS topic "primary-db-alarms-rdha", also its Name tag
  std::string event_subscription() const;  ///< RDS event subscription "primary-db-events-rdha"

 private:
  std::string name(std::string_view what) const;

  std::string key_;
  std::string suffix_;
  std::string family_;
};

/// @brief Every AWS-side name the HA stack gives (identifiers, `name` arguments, `Name`
///        tags, the KMS alias, ...), built from the spec: the modules take their names from
///        here and the spec validation checks all() against each kind's naming rule, so
///        what is validated is what is built. Users naming resources they add take named()
///        (spec.hpp) or the names of the parts they extend.
class Names {
 public:
  explicit Names(const HaStackSpec& spec);

  /// @brief The names of the region with key @p key ("primary", "dr", "eu", ...).
  RegionNames region(std::string_view key) const;
  /// @brief The names of the region build_ha_stack() keys by its role.
  RegionNames region(RegionRole role) const { return region(to_string(role)); }

  InstanceNames primary() const;                   ///< the writer: "primary-rdha"
  InstanceNames replica(std::size_t index) const;  ///< database.replicas[index]
  InstanceNames dr_replica() const;                ///< database.dr_replica
  std::string final_snapshot() const;              ///< the primary's final snapshot "primary-final-rdha"
  /// @brief The source's final snapshot when migration.source_snapshot_identifier is empty:
  ///        the manual snapshot rdha migrate's runbook takes, "migration-source-rdha".
  std::string migration_source_snapshot() const;
  /// @brief The encrypted copy the primary is restored from, "migration-copy-rdha"
  ///        (aws_db_snapshot_copy.migration's target_db_snapshot_identifier).
  std::string migration_copy() const;
  /// @brief Replication: the DMS replication instance, its subnet group and its security
  ///        group, "migration-dms-rdha".
  std::string migration_dms() const;
  std::string migration_source_endpoint() const;  ///< DMS source endpoint "migration-source-rdha"
  std::string migration_target_endpoint() const;  ///< DMS target endpoint "migration-target-rdha"
  std::string migration_task() const;             ///< DMS task "migration-full-load-and-cdc-rdha"
  /// @brief The IAM role DMS reads both endpoints' secrets with, "migration-dms-secrets-rdha".
  std::string migration_dms_secrets_role() const;
  /// @brief The source's CDC parameter group, "migration-source-postgres<major>-rdha".
  std::string migration_source_parameter_group(int major) const;
  std::string migration_peering() const;  ///< Name tag of the peering with the source's VPC
  /// @brief Security group and Name tag of the Secrets Manager interface endpoint,
  ///        "migration-secretsmanager-rdha".
  std::string migration_secrets_endpoint() const;

  std::string peering() const;        ///< Name tag of both sides of the VPC peering "peering-rdha"
  std::string kms_alias() const;      ///< "alias/rds-rdha", the same in both regions
  std::string master_secret() const;  ///< Secrets Manager secret "db-master-password-rdha", also its Name tag
  std::string terraform_execution() const;      ///< IAM role and its inline policy
  std::string rds_monitoring() const;           ///< Enhanced Monitoring IAM role (managed policy only)
  std::string rds_operations() const;           ///< IAM role for the runbooks and its inline policy
  std::string rds_operations_failover() const;  ///< inline policy: the failover document's extra rights
  std::string db_zone() const;                  ///< Name tag of the private DNS zone
  std::string failover_document() const;        ///< SSM Automation document "region-failover-rdha"
  std::string failover_trigger_alarm() const;   ///< "primary-region-unreachable-rdha"
  /// @brief The writer switch: the alarm in the DR region on the failover metric, and the
  ///        Name tag of the Route 53 health check on it ("writer-failover-rdha").
  std::string writer_failover() const;
  /// @brief Namespace of the metric the region failover publishes, "RDHA/Failover"
  ///        (a custom namespace may not start with "AWS/"; not suffixed: the dimension
  ///        names the stack).
  std::string failover_metric_namespace() const;
  /// @brief The metric itself, "WriterFailedOver" (1 = the DR instance is the writer).
  std::string failover_metric() const;
  /// @brief The automatic trigger: the EventBridge rule, its IAM role and the role's
  ///        inline policy ("failover-trigger-rdha").
  std::string failover_trigger() const;
  /// @brief The ID of the trigger rule's target, "region-failover": unique within its
  ///        rule only, so it carries no suffix.
  std::string failover_target_id() const;
  /// @brief DNS name of the writer record, "writer.<failover.zone_name>". DNS names are not
  ///        in all(): the spec checks them through failover.zone_name.
  std::string writer_record() const;
  /// @brief DNS name of the readers' records, "reader.<failover.zone_name>".
  std::string reader_record() const;
  /// @brief "*-rdha": the pattern every name of the stack matches (IAM resource scopes).
  std::string any() const;

  /// @brief Every name the stack built from the spec uses, in a stable order.
  ///
  /// Per region role R ("primary", "dr"): Name tags R-vpc, R-igw, R-nat-eip, R-nat,
  /// R-public-rt, R-private-rt, R-public-N, R-private-N (N from 1); VPC flow logs' log
  /// group, IAM role and inline policy R-flow-logs; security groups R-db-sg and (when
  /// created) R-app-sg; the default security group's Name tag R-default-sg; DB subnet group R-db-subnets; parameter group R-<family>
  /// plus hash (R-postgres17-3f2a); SNS topic R-db-alarms; RDS event subscription
/// R-db-events; with customer-managed keys the key's Name tag R-kms. Then the
  /// peering Name tag "peering"; KMS alias alias/rds<suffix> (customer-managed keys); DB
  /// instances "primary", each replica's name, the DR replica's name; the final snapshot
  /// "primary-final" (and the promoted DR instance's "<dr base>-final" in the dr_promoted
  /// state); with migration enabled the snapshots "migration-copy" and, unless one is given,
  /// "migration-source"; each instance's log group of each database.cloudwatch_logs_exports
  /// entry "/aws/rds/instance/<identifier>/<log type>"; the secret "db-master-password"
  /// (unless rds_managed); IAM roles
  /// "terraform-execution", "rds-monitoring", "rds-operations", and the inline policies
  /// "terraform-execution", "rds-operations"; alarms <instance>-cpu, -connections,
  /// -free-storage, -freeable-memory, and <replica>-lag on every replica. With failover on:
  /// the zone's Name tag "db-zone", each in-region replica's "<replica>-replicating" alarm
  /// and health check and, with a DR replica, the "writer-failover" alarm and health check,
  /// the SSM document "region-failover" and the inline policy "rds-operations-failover"; with the automatic
  /// trigger also the alarm "primary-region-unreachable", the EventBridge rule, IAM role
  /// and inline policy "failover-trigger", and the rule's target ID "region-failover".
  std::vector<GeneratedName> all() const;

 private:
  std::string name(std::string_view base) const;

  HaStackSpec spec_;  // a copy: a Names value outlives the spec it was built from
};

}  // namespace rdha::stack
