// rdha/stack/spec.hpp — HaStackSpec, the typed and documented specification of the HA stack.
//
// Every knob of the default multi-region HA PostgreSQL stack lives here with its
// production default (docs/spec.md lists them all with their rules). A spec comes from
// C++ (default-construct and change fields), or from JSON (`spec_from_json*`: a partial
// config file merged over the defaults). It validates itself before anything is built:
// `validate()` returns every problem, each naming the field path ("regions.dr.vpc_cidr",
// "database.replicas[1].az") and the offending value.
//
// JSON shape: keys are the member names below; enums are their lowercase names. Merging
// follows JSON Merge Patch (RFC 7396): objects merge key by key, arrays replace the
// default array whole, `null` resets a field to its default (and removes a tag).
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rdha/error.hpp"

namespace rdha::stack {

// ---- enumerations ------------------------------------------------------------------------

/// @brief Where the master password comes from.
enum class PasswordSource {
  random,      ///< hashicorp/random `random_password`, kept in Secrets Manager (Terraform 1.5+)
  ephemeral,   ///< ephemeral `aws_secretsmanager_random_password` + write-only args: never in state (Terraform >= 1.11)
  rds_managed  ///< `manage_master_user_password`: RDS keeps it in Secrets Manager (no read replicas possible)
};

/// @brief Which KMS keys encrypt data at rest.
enum class KmsMode {
  customer_managed,  ///< a customer-managed multi-Region key in the primary + its replica key in the DR region
  aws_managed        ///< the AWS-managed `aws/rds` key of each region
};

/// @brief RDS storage type (`storage_type`).
enum class StorageType { gp2, gp3, io1, io2 };

/// @brief Which region holds the writer (failover.state).
enum class FailoverState {
  normal,      ///< the primary region's writer, replicated to the DR region
  dr_promoted  ///< the DR instance was promoted after losing the primary region (docs/failover.md)
};

/// @brief How Terraform locks the remote state (state.locking).
enum class StateLocking {
  lockfile,  ///< S3-native lock files (`use_lockfile`, Terraform >= 1.11)
  dynamodb   ///< a DynamoDB lock table: only for Terraform before 1.11, deprecated from 1.11
};

/// @brief The CI service that runs the stack's pipeline (pipeline.ci).
enum class CiService {
  github,  ///< GitHub Actions: .github/workflows/rdha.yml
  gitlab   ///< GitLab CI/CD: .gitlab-ci.yml
};

/// @brief How the existing database moves into the stack (migration.method).
enum class MigrationMethod {
  snapshot,    ///< a final snapshot of the source, its encrypted copy, the primary restored from it
  replication  ///< AWS DMS full load + change data capture into the new primary (near-zero downtime)
};

/// @brief Where a migration stands (migration.phase): the procedure runs between applies.
enum class MigrationPhase {
  copy,     ///< the encrypted copy of the source's final snapshot is created (targeted apply)
  restore,  ///< the primary is restored from the copy (snapshot_identifier)
  done,     ///< moved: the migration's resources leave the configuration
  replicate  ///< replication: DMS, its network path and the source's CDC parameter group exist
};

/// @brief How the DMS endpoints verify the databases' TLS (migration.dms.ssl_mode).
enum class DmsSslMode {
  require,     ///< encrypted, the server certificate not verified
  verify_full  ///< encrypted and verified against migration.dms.certificate_arn (DMS's "verify-full")
};

/// @brief "random", "ephemeral" or "rds_managed".
std::string_view to_string(PasswordSource value) noexcept;
/// @brief "customer_managed" or "aws_managed".
std::string_view to_string(KmsMode value) noexcept;
/// @brief "gp2", "gp3", "io1" or "io2".
std::string_view to_string(StorageType value) noexcept;
/// @brief "normal" or "dr_promoted".
std::string_view to_string(FailoverState value) noexcept;
/// @brief "lockfile" or "dynamodb".
std::string_view to_string(StateLocking value) noexcept;
/// @brief "github" or "gitlab".
std::string_view to_string(CiService value) noexcept;
/// @brief "snapshot" or "replication".
std::string_view to_string(MigrationMethod value) noexcept;
/// @brief "copy", "restore", "done" or "replicate".
std::string_view to_string(MigrationPhase value) noexcept;
/// @brief "require" or "verify_full" (the spec's names; DMS spells the second "verify-full").
std::string_view to_string(DmsSslMode value) noexcept;

// ---- network -----------------------------------------------------------------------------

/// @brief One region of the stack: its VPC and subnets.
///
/// Subnet i of each list goes into `azs[i]`, so each list has exactly one entry per AZ.
struct RegionSpec {
  std::string name;  ///< AWS region, e.g. "us-east-1"
  /// VPC CIDR (/16../28); disjoint from the other region's for peering
  std::string vpc_cidr;
  /// availability zones (region + letter), at least two for Multi-AZ
  std::vector<std::string> azs;
  /// public subnet CIDRs, one per AZ: hold the NAT gateway
  std::vector<std::string> public_subnets;
  /// private subnet CIDRs, one per AZ: the DB subnet group
  std::vector<std::string> private_subnets;
  /// part of the stack; only the DR region can be left out (false: a single-region stack,
  /// nothing of the DR region is created)
  bool enabled = true;

  bool operator==(const RegionSpec&) const = default;
};

/// @brief The two regions: primary (writer + in-region replicas) and disaster recovery.
struct NetworkSpec {
  /// us-east-1, 10.0.0.0/16: where the Multi-AZ primary and the read replicas run.
  RegionSpec primary{"us-east-1",
                     "10.0.0.0/16",
                     {"us-east-1a", "us-east-1b"},
                     {"10.0.1.0/24", "10.0.2.0/24"},
                     {"10.0.3.0/24", "10.0.4.0/24"}};
  /// us-west-2, 10.1.0.0/16: mirrors the primary; holds the cross-region DR replica.
  RegionSpec dr{"us-west-2",
                "10.1.0.0/16",
                {"us-west-2a", "us-west-2b"},
                {"10.1.1.0/24", "10.1.2.0/24"},
                {"10.1.3.0/24", "10.1.4.0/24"}};

  bool operator==(const NetworkSpec&) const = default;
};

// ---- database ----------------------------------------------------------------------------

/// @brief An in-region read replica of the primary.
struct ReplicaSpec {
  std::string name;  ///< identifier base (the name suffix is appended), e.g. "replica-1"
  std::string az;    ///< AZ of the replica; one of regions.primary.azs

  bool operator==(const ReplicaSpec&) const = default;
};

/// @brief The cross-region read replica that is promoted when the primary region fails.
struct DrReplicaSpec {
  bool enabled = true;              ///< on by default: it is the regional DR path
  std::string name = "dr-replica";  ///< identifier base (the name suffix is appended)
  /// empty: the primary's class (database.instance_class), so a promoted DR can take full load
  std::string instance_class;
  /// Multi-AZ so the promoted DR survives an AZ loss too
  bool multi_az = true;

  bool operator==(const DrReplicaSpec&) const = default;
};

/// @brief Settings locked in the DB parameter group (`rds.force_ssl = 1` always is).
struct ParametersSpec {
  /// connection cap; below the ~1700 RDS derives for 16 GiB so memory is never exhausted
  int max_connections = 1000;
  /// aborts statements running over 30 s (0 = off); runaway queries cannot pile up
  int statement_timeout_ms = 30000;
  /// ends sessions idle in a transaction over 60 s: they hold locks and block vacuum
  int idle_in_transaction_session_timeout_ms = 60000;
  /// gives up waiting for a lock after 10 s instead of queueing forever
  int lock_timeout_ms = 10000;
  /// logs statements slower than 1 s (-1 = off) for tuning
  int log_min_duration_statement_ms = 1000;
  /// further parameters verbatim (name → value), e.g. {"log_lock_waits": "1"}; empty by default
  std::map<std::string, std::string> extra;

  bool operator==(const ParametersSpec&) const = default;
};

/// @brief The RDS for PostgreSQL primary, its replicas, backups and maintenance.
struct DatabaseSpec {
  /// the PostgreSQL 17 line: RDS creates the current default minor and keeps it patched
  /// (auto_minor_version_upgrade); "major.minor" pins a minor. The parameter group family
  /// follows the major. README "Engine version" says why 17 and not 17.4.
  std::string engine_version = "17";
  /// Graviton memory-optimised, 2 vCPU / 16 GiB: a production baseline
  std::string instance_class = "db.r6g.large";
  /// synchronous standby in a second AZ with automatic failover
  bool multi_az = true;
  /// gp3: baseline 3000 IOPS independent of size, cheaper than io1
  StorageType storage_type = StorageType::gp3;
  int allocated_storage = 100;  ///< GiB at creation
  /// storage autoscaling ceiling in GiB (0 = autoscaling off); >= 110% of allocated
  int max_allocated_storage = 500;
  /// provisioned IOPS (0 = storage type default); required for io1/io2
  int iops = 0;
  /// PostgreSQL's standard port; RDS accepts 1150..65535
  int port = 5432;
  std::string db_name = "appdb";  ///< database created at launch
  /// master user; RDS refuses reserved names such as "admin" or "rdsadmin"
  std::string master_username = "dbadmin";
  /// random: works on Terraform 1.5+ and allows replicas
  PasswordSource password_source = PasswordSource::random;
  /// master password length (alphanumeric); RDS accepts 8..128
  int password_length = 16;
  /// ephemeral passwords: the write-only version; raise it to rotate the password (the DB
  /// and the secret get a new one in the same apply)
  int password_version = 1;
  /// customer-managed multi-Region key: auditable and shared with the DR replica
  KmsMode kms_mode = KmsMode::customer_managed;
  /// KMS key deletion waiting period (7..30): the longest, to undo mistakes
  int kms_deletion_window_days = 30;
  /// two replicas in different AZs of the primary region, so reads survive an AZ outage
  std::vector<ReplicaSpec> replicas{{"replica-1", "us-east-1a"}, {"replica-2", "us-east-1b"}};
  /// autoscaling ceiling for every replica (GiB; 0 = off); keeps pace with the primary
  int replica_max_allocated_storage = 500;
  /// automated backups of each in-region replica (0 = off): a reader promoted after an
  /// incident keeps backups from its first day as a writer
  int replica_backup_retention_days = 7;
  DrReplicaSpec dr_replica;  ///< the cross-region DR replica
  /// copy automated backups to the DR region for point-in-time recovery there
  bool automated_backups_replication = true;
  ParametersSpec parameters;  ///< parameter group settings
  /// automated backups / PITR horizon; RDS allows 1..35, replicas need >= 1
  int backup_retention_days = 7;
  /// daily, UTC, "hh24:mi-hh24:mi", >= 30 min; off-peak
  std::string backup_window = "02:00-03:00";
  /// the primary's weekly window, UTC, "ddd:hh24:mi-ddd:hh24:mi"; after the backup, markets closed
  std::string maintenance_window = "sun:04:00-sun:05:00";
  /// each further instance's window starts this much later than the one before it (the
  /// readers in spec order, then the DR replica: sun 05:00, 06:00, 07:00 UTC by default),
  /// so one patch never takes the writer's failover, every reader and the DR replica at
  /// once; 0 = every instance shares maintenance_window
  int maintenance_stagger_minutes = 60;
  bool deletion_protection = true;   ///< production data: refuse accidental deletes
  bool skip_final_snapshot = false;  ///< take a final snapshot on destroy
  /// snapshots carry the stack's tags for cost and ownership
  bool copy_tags_to_snapshot = true;
  /// on: AWS applies minor versions in the maintenance window, so the stack never runs (or
  /// tries to create) a minor RDS has retired. With it on only the major is emitted
  /// (the provider's prefix form), so an upgrade is never a downgrade diff.
  bool auto_minor_version_upgrade = true;
  /// modifications wait for the maintenance window, not market hours
  bool apply_immediately = false;
  /// server certificate authority for SSL; rsa2048-g1 is the broadly supported one
  std::string ca_cert_identifier = "rds-ca-rsa2048-g1";
  /// logs shipped to CloudWatch Logs
  std::vector<std::string> cloudwatch_logs_exports{"postgresql", "upgrade"};
  /// days the stack's log groups of those exports keep events: a year for investigations
  /// and audits (RDS's own groups would keep them forever, unencrypted by the stack's key)
  int log_retention_days = 365;

  bool operator==(const DatabaseSpec&) const = default;
};

// ---- monitoring --------------------------------------------------------------------------

/// @brief CloudWatch alarm thresholds (every DB instance; replica lag on every replica).
struct AlarmsSpec {
  /// CPUUtilization above this alarms: headroom before saturation
  double cpu_percent = 80;
  /// DatabaseConnections above this % of max_connections alarms
  double connections_percent = 80;
  std::int64_t free_storage_bytes = 10737418240;  ///< FreeStorageSpace below 10 GiB alarms
  /// FreeableMemory below 1 GiB alarms (swap is near)
  std::int64_t freeable_memory_bytes = 1073741824;
  /// ReplicaLag above 360 s alarms. At least 360: with no writes on the source a PostgreSQL
  /// replica reports up to 300 s of lag until the WAL segment switches, plus publishing
  /// delay; a real lag below it goes unalarmed (README, "Region failover")
  double replica_lag_seconds = 360;
  /// consecutive breaching periods before alarming: filters spikes
  int evaluation_periods = 3;
  /// metric period; a multiple of 60 as RDS publishes metrics every minute
  int period_seconds = 60;
  bool notify_on_ok = true;  ///< also notify when an alarm recovers

  bool operator==(const AlarmsSpec&) const = default;
};

/// @brief A non-email SNS subscription for alarm notifications.
struct NotificationEndpoint {
  std::string protocol;  ///< "https", "sqs", "lambda" or "sms"
  std::string endpoint;  ///< https URL, queue/function ARN or E.164 phone number

  bool operator==(const NotificationEndpoint&) const = default;
};

/// @brief Non-email subscribers of each region's alarm topic.
struct PerRegionEndpoints {
  std::vector<NotificationEndpoint> primary;  ///< subscribers of the primary region's topic
  std::vector<NotificationEndpoint> dr;       ///< subscribers of the DR region's topic

  bool operator==(const PerRegionEndpoints&) const = default;
};

/// @brief Enhanced Monitoring, Performance Insights and alarms.
struct MonitoringSpec {
  /// Enhanced Monitoring granularity in s (0, 1, 5, 10, 15, 30, 60; 0 = off)
  int monitoring_interval = 60;
  bool performance_insights_enabled = true;       ///< Performance Insights on
  int performance_insights_retention_period = 7;  ///< days: 7 (free), 31 x n (n <= 23) or 731
  AlarmsSpec alarms;                              ///< alarm thresholds
  /// email subscribers of both regions' alarm topics (none by default; each address must
  /// confirm its subscription before it receives anything)
  std::vector<std::string> notification_emails;
  /// other subscribers per region (none by default): an SQS queue or Lambda function lives in
  /// one region, and a DR-region topic must reach people while the primary region is down
  PerRegionEndpoints notification_endpoints;

  bool operator==(const MonitoringSpec&) const = default;
};

// ---- security ----------------------------------------------------------------------------

/// @brief A list of values per region.
struct PerRegionIds {
  std::vector<std::string> primary;  ///< in the primary region
  std::vector<std::string> dr;       ///< in the DR region

  bool operator==(const PerRegionIds&) const = default;
};

/// @brief CIDR blocks per region.
struct PerRegionCidrs {
  std::vector<std::string> primary;  ///< inside the primary region's VPC
  std::vector<std::string> dr;       ///< inside the DR region's VPC

  bool operator==(const PerRegionCidrs&) const = default;
};

/// @brief Who may reach the database and who may run Terraform.
struct SecuritySpec {
  /// create an application-tier SG per region (attach it to the app)
  bool create_app_security_groups = true;
  /// existing app-tier SGs ("sg-…") also allowed in; none by default
  PerRegionIds existing_app_security_group_ids;
  /// IAM ARNs allowed to assume the Terraform-execution role; empty = the account root
  std::vector<std::string> terraform_principals;
  /// application subnets of each region that the other region's database admits on the
  /// database port (a security group cannot reference a group in another region); empty:
  /// the region's private subnets
  PerRegionCidrs cross_region_app_cidrs;

  bool operator==(const SecuritySpec&) const = default;
};

// ---- failover ----------------------------------------------------------------------------

/// @brief Automated disaster recovery: stable DNS names, the failover runbook as an SSM
///        Automation document and, optionally, an automatic trigger.
///
/// Applications connect to `writer.<zone_name>` and `reader.<zone_name>` (a Route 53
/// private hosted zone on both VPCs) and never see an instance endpoint change. Both names
/// fail over on Route 53 health checks (data plane), never by a record change. The
/// region-loss runbook (`rdha drill --fail region:<primary>`) is also an SSM Automation
/// document in the DR region that promotes the DR replica and then switches `writer`
/// with one CloudWatch datapoint in the DR region (docs/failover.md).
struct FailoverSpec {
  bool enabled = true;  ///< on by default: the zone, its records and the automation document
  /// private zone name. No name suffix: the zone is visible only in the stack's own VPCs, so
  /// stacks with different suffixes never collide and applications keep one configuration.
  std::string zone_name = "db.rdha.internal";
  /// seconds (5..30): clients follow a promoted writer within 30 s; RDS's own endpoints use 5
  int record_ttl = 30;
  /// start the automation when DR replication has stalled (ReplicaLag at least
  /// trigger_lag_seconds, -1, or missing) for trigger_periods minutes. Off:
  /// a promotion is irreversible, and a network partition between the regions looks the same
  /// from the DR side as a lost primary region (split brain); see the automation's guards.
  bool automatic = false;
  /// consecutive 1-minute periods (3..60) of stalled DR replication before the trigger fires
  int trigger_periods = 10;
  /// seconds (360..3600): a DR ReplicaLag at least this counts as stalled. Once the primary
  /// region is gone the lag grows one second per second; an idle source reports up to 300 s.
  int trigger_lag_seconds = 360;
  /// the automatic trigger promotes without asking only when the estimated data loss (from
  /// the DR replica's ReplicaLag series) is at most this many seconds; otherwise, and on
  /// every manual run, the automation pages and waits for approval
  int max_data_loss_seconds = 60;
  /// normal, or dr_promoted after a region failover: the promoted DR instance is the writer
  /// and the lost region's databases leave the configuration (docs/failover.md)
  FailoverState state = FailoverState::normal;

  bool operator==(const FailoverSpec&) const = default;
};

// ---- remote state ------------------------------------------------------------------------

/// @brief Where Terraform keeps the stack's state: an S3 bucket, encrypted with its own KMS
///        key, versioned, replicated to the DR region, locked (docs/state.md).
///
/// Two steps: `rdha bootstrap` creates the bucket, its replica, the keys, the lock table and
/// the Terraform policy from this section; its outputs (kms_key_id, policy_arn) are copied
/// here and `enabled` turned on, and the main stack then carries the `backend "s3"` block.
/// Off by default: the stack's configuration keeps working with local state, offline.
struct StateSpec {
  /// emit the `backend "s3"` block (off: local state; the bootstrap still reads the section)
  bool enabled = false;
  /// the 12-digit AWS account that owns the bucket; the bucket name must contain it
  std::string account_id;
  /// S3 bucket of the state (created by `rdha bootstrap`); bucket names are global, so it
  /// must contain account_id. Its replica in the other stack region is `<bucket>-replica`.
  std::string bucket;
  /// object key of the state in the bucket (no leading "/")
  std::string key = "rdha/terraform.tfstate";
  /// the bucket's region; empty: regions.primary.name. One of the stack's two regions.
  std::string region;
  /// ARN of the bucket's KMS key (the bootstrap's kms_key_arn output); required when enabled
  std::string kms_key_id;
  /// lockfile (S3 lock files, Terraform >= 1.11) or dynamodb (a lock table; older Terraform)
  StateLocking locking = StateLocking::lockfile;
  /// the DynamoDB lock table with locking = dynamodb (a global table the bootstrap creates)
  std::string dynamodb_table;
  /// ARN of the bootstrap's managed policy (its policy_arn output): the stack attaches it to
  /// the Terraform-execution role; empty: no attachment
  std::string policy_arn;
  /// the role the policy is attached to; empty: the stack's own Terraform-execution role
  std::string execution_role_name;

  bool operator==(const StateSpec&) const = default;
};

/// @brief `python3 -m pip install "rdha==<this rdha's version>"`: the default of
///        pipeline.install_command.
std::string default_install_command();

// ---- CI pipeline -------------------------------------------------------------------------

/// @brief The stack's CI pipeline (`rdha pipeline`, docs/pipeline.md): the CI service, the
///        repository and branch whose jobs may assume the Terraform-execution role through
///        OIDC web identity, the approval environment and the drift schedule.
///
/// Off by default. Enabled, the stack trusts the CI's OIDC issuer for exactly this
/// repository's branch and environment; it needs remote state (each job runs on a fresh
/// runner) and refuses password_source "random" (the saved plan, passed between jobs,
/// would contain the password).
struct PipelineSpec {
  /// trust the CI's OIDC identities and let `rdha pipeline` write the CI definition
  bool enabled = false;
  /// github (GitHub Actions) or gitlab (GitLab CI/CD)
  CiService ci = CiService::github;
  /// "owner/name" on GitHub, "group[/subgroup]/project" on GitLab; required when enabled
  std::string repository;
  /// the branch whose pushes plan and apply
  std::string branch = "main";
  /// the environment of the apply job (its required reviewers are the manual approval)
  std::string environment = "production";
  /// ARN of an existing IAM OIDC provider for the CI's issuer; empty: the stack creates it
  std::string oidc_provider_arn;
  /// the GitLab instance (issuer and audience) with ci = gitlab
  std::string gitlab_url = "https://gitlab.com";
  /// cron schedule (5 fields, UTC) of the drift plan
  std::string drift_schedule = "17 5 * * 1-5";
  /// how a CI job installs rdha; must install the rdha that synthesised terraform_out/
  std::string install_command = default_install_command();

  bool operator==(const PipelineSpec&) const = default;
};

// ---- policy checks -----------------------------------------------------------------------

/// @brief A reviewed acceptance of the findings of one `rdha check` rule (docs/check.md,
///        "Waivers"): the findings stay in the report, marked waived with the reason, and
///        no longer fail the check.
struct WaiverSpec {
  std::string rule;     ///< the rule ID: "RDHA-DR-001"; must be a rule of rdha check
  /// the address of the findings: exact, a glob ('*' matches any run of characters) or
  /// empty for every address
  std::string address;
  std::string reason;   ///< why the findings are accepted; required, echoed with each

  bool operator==(const WaiverSpec&) const = default;
};

/// @brief Settings of `rdha check` that belong with the stack.
struct CheckSpec {
  std::vector<WaiverSpec> waivers;  ///< accepted findings (none by default)

  bool operator==(const CheckSpec&) const = default;
};

// ---- migration of an existing database ---------------------------------------------------

/// @brief The AWS DMS replication of the replication method (migration.dms): the replication
///        instance and the task's settings (docs/migration.md).
struct DmsSpec {
  /// DMS engine version, pinned; at least the version the PostgreSQL majors need (3.6.1 for 17)
  std::string engine_version = "3.6.1";
  std::string instance_class = "dms.t3.medium";  ///< replication instance class
  int allocated_storage_gib = 50;                 ///< replication instance storage (task logs, cached changes)
  bool multi_az = true;                           ///< a standby replication instance in another AZ
  bool validation = true;                         ///< the task compares source and target rows
  DmsSslMode ssl_mode = DmsSslMode::require;      ///< TLS of both endpoints
  std::string certificate_arn;                    ///< DMS certificate for verify-full
  int lob_max_size_kb = 32;                       ///< limited LOB mode's maximum; 0: full LOB mode
  bool create_service_roles = false;  ///< create dms-vpc-role and dms-cloudwatch-logs-role (once per account)
  int max_cutover_latency_seconds = 5;  ///< CDC latency at which the runbook's write freeze may start

  bool operator==(const DmsSpec&) const = default;
};

/// @brief The existing single-AZ RDS for PostgreSQL instance whose data the new primary
///        starts from (docs/migration.md), and where the move stands.
///
/// Off by default: the stack creates an empty database. Enabled with method "snapshot", the
/// stack copies the source's final snapshot, encrypted with the stack's primary key
/// (`aws_db_snapshot_copy`), and restores the primary from the copy (phase copy → restore →
/// done). With method "replication", AWS DMS copies the source into the primary and keeps it
/// in sync until the cutover (phase replicate → done). `rdha migrate` prints the procedure.
struct MigrationSpec {
  bool enabled = false;  ///< off: the stack starts from an empty database
  /// snapshot (copy, restore) or replication (AWS DMS full load + change data capture)
  MigrationMethod method = MigrationMethod::snapshot;
  /// snapshot: copy, then restore, then done; replication: replicate, then done. Each phase
  /// is one apply of the procedure
  MigrationPhase phase = MigrationPhase::copy;
  std::string source_identifier;  ///< the source DB instance's identifier
  /// the source's region; both methods need the primary region
  std::string region;
  std::string vpc_id;             ///< the source's VPC ("vpc-…")
  /// the source VPC's CIDR; must not overlap the stack's VPCs (they may be peered later)
  std::string vpc_cidr;
  std::string security_group_id;  ///< the source's security group ("sg-…")
  /// the source's engine version ("13.15" or "13"); the copy is upgraded to the stack's
  std::string engine_version;
  bool encrypted = false;  ///< the source's storage is encrypted (copying re-encrypts it with the stack key)
  int size_gib = 0;        ///< approximate allocated storage of the source, GiB (downtime estimate)
  /// the source's final snapshot; empty: the name the runbook gives it (Names::migration_source_snapshot)
  std::string source_snapshot_identifier;
  /// replication: the route tables of the source's subnets ("rtb-…"), routed to the stack's VPC
  std::vector<std::string> source_route_table_ids;
  /// replication: the Secrets Manager secret with the source's host, port, username and password
  std::string source_secret_arn;
  /// replication: the KMS key of source_secret_arn when it is not the aws/secretsmanager key
  std::string source_secret_kms_key_arn;
  std::string database_name;  ///< replication: the source database DMS copies
  int source_port = 5432;     ///< replication: the source's PostgreSQL port (its security group admits DMS on it)
  /// replication: extra parameters of the source's CDC parameter group
  std::map<std::string, std::string> source_parameters;
  DmsSpec dms;  ///< replication: the DMS instance and task

  bool operator==(const MigrationSpec&) const = default;
};

// ---- the whole stack ---------------------------------------------------------------------

/// @brief The complete specification of the multi-region HA PostgreSQL stack.
///
/// @code{.cpp}
/// rdha::stack::HaStackSpec spec;                       // the documented defaults
/// spec.database.instance_class = "db.r6g.xlarge";
/// rdha::stack::validate_or_throw(spec);                // throws rdha::SpecError listing every problem
/// @endcode
struct HaStackSpec {
  /// appended to every generated name (identifiers, `name` args, Name tags)
  std::string name_suffix = "-rdha";
  /// tags on every resource: ownership and cost allocation
  std::map<std::string, std::string> tags{{"Environment", "production"}, {"ManagedBy", "rdha"}, {"Project", "rdha"}};
  NetworkSpec regions;        ///< the primary and DR regions
  DatabaseSpec database;      ///< RDS for PostgreSQL
  MonitoringSpec monitoring;  ///< monitoring and alarms
  SecuritySpec security;      ///< app-tier access and IAM
  FailoverSpec failover;      ///< stable DNS names, failover automation, optional automatic trigger
  StateSpec state;            ///< remote state in S3 (off: local state)
  PipelineSpec pipeline;      ///< CI pipeline and its OIDC trust (off by default)
  CheckSpec check;            ///< waivers of rdha check findings (none by default)
  MigrationSpec migration;    ///< the existing database moved into the stack (off by default)

  bool operator==(const HaStackSpec&) const = default;
};

// ---- JSON --------------------------------------------------------------------------------

/// @brief The spec as JSON (every field; `rdha defaults` prints `to_json(HaStackSpec{})`).
nlohmann::json to_json(const HaStackSpec& spec);

/// @brief "sha256:<64 hex digits>": the SHA-256 of to_json(@p spec) serialised compactly
///        (no whitespace, keys sorted, UTF-8) — Python's `json.dumps(spec, sort_keys=True,
///        separators=(",", ":"), ensure_ascii=False)`. Equal for equal effective specs,
///        however the config file spelled them (defaults omitted, keys reordered); every
///        JSON output of the CLI carries it (rdha/values/envelope.hpp).
std::string spec_hash(const HaStackSpec& spec);

/// @brief Reads a (partial) config merged over the defaults and validates it.
/// @throws SpecError listing every problem: unknown keys (with a did-you-mean), wrong
///         JSON types (path, expected type, value), then every validate() problem.
HaStackSpec spec_from_json(const nlohmann::json& config);

/// @brief Parses config text, then spec_from_json().
/// @param source_name names the input in errors (a file path, "<stdin>").
/// @throws SpecError (code malformed_json, with line and column) when the text is not JSON.
HaStackSpec spec_from_json_text(std::string_view text, std::string_view source_name);

/// @brief JSON Schema (draft 2020-12) of the config file: types, enums, bounds, defaults,
///        descriptions; `additionalProperties: false` on every object of fixed shape.
nlohmann::json spec_json_schema();

/// @brief Every field with its type, default, rules and description, one section per struct
///        in the config ({"path", "name", "doc", "fields": [{"key", "path", "type", "default",
///        "constraints", "description", "examples"}]}); the data of docs/spec.md.
nlohmann::json spec_reference();

/// @brief docs/spec.md: spec_reference() as Markdown (`rdha schema --format markdown`).
std::string spec_reference_markdown();

// ---- validation and helpers --------------------------------------------------------------

/// @brief Every problem of the spec (empty when valid), sorted by field path.
std::vector<Problem> validate(const HaStackSpec& spec);

/// @brief Throws SpecError::invalid with every problem when validate() finds any.
void validate_or_throw(const HaStackSpec& spec);

/// @brief @p base with the name suffix appended: named(spec, "primary") == "primary-rdha".
std::string named(const HaStackSpec& spec, std::string_view base);

/// @brief The engine's major version ("17" for "17.4").
std::string engine_major_version(const DatabaseSpec& database);

/// @brief The DB parameter group family ("postgres17").
std::string parameter_group_family(const DatabaseSpec& database);

/// @brief The weekly maintenance window of the DB instance in @p slot: 0 the primary
///        (maintenance_window), 1..replicas.size() the readers in spec order, then the DR
///        replica; each maintenance_stagger_minutes after the one before. The text of
///        maintenance_window as given when it does not parse (validation reports it).
std::string instance_maintenance_window(const DatabaseSpec& database, std::size_t slot);

/// @brief The region of the state bucket: state.region, or the primary region when empty.
const std::string& state_region(const HaStackSpec& spec);

/// @brief The other stack region: where the state bucket's replica lives.
const std::string& state_replica_region(const HaStackSpec& spec);

/// @brief The state bucket's replica: "<state.bucket>-replica".
std::string state_replica_bucket(const StateSpec& state);

/// @brief True from the migration's restore phase on (migration enabled, phase restore or
///        done): the primary is restored from the source's snapshot and keeps its master user
///        and databases.
bool primary_restored_by_migration(const HaStackSpec& spec);

/// @brief True while the migration's replication method has resources: migration enabled,
///        method replication, phase replicate.
bool migration_replicating(const HaStackSpec& spec);

/// @brief The DR replica's instance class: dr_replica.instance_class, or the primary's when empty.
const std::string& dr_replica_instance_class(const DatabaseSpec& database);

}  // namespace rdha::stack
